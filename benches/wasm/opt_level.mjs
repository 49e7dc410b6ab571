// Speed of two builds of the same entry point side by side (e.g. opt-level 3 vs "s"), for
// benches/results/size.md: rank top-50 of 20k x 64 items, AutoETS on 24 monthly series, or 500
// LinUCB (d = 32, 10 arms) choose + reward,
// interleaved A/B runs (30 after a warm-up, ROUNDS=n for more; the order alternates each round)
// in one Node process: median and fastest of each.
//   [ROUNDS=200] node benches/wasm/opt_level.mjs <glue dir A> <glue dir B> rerank|forecast|bandit
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';

const [dirA, dirB, engine] = process.argv.slice(2);
async function load(dir) {
  const m = await import(resolve(dir, 'edgewise.js'));
  m.initSync({ module: readFileSync(resolve(dir, 'edgewise_bg.wasm')) });
  return m;
}
const mods = [await load(dirA), await load(dirB)];

let state = 7;
const rnd = () => ((state = (state * 1103515245 + 12345) >>> 0) / 2 ** 32) * 2 - 1;
const work = {
  rerank: (m) => {
    const n = 20_000;
    const dim = 64;
    const store = m.ItemStore.fromFloat32(Float32Array.from({ length: n * dim }, rnd), dim);
    store.setCategories(Array.from({ length: n }, (_, i) => `c${i % 40}`));
    const query = Float32Array.from({ length: dim }, rnd);
    return () => m.rank(store, query, { k: 50, diversity: { lambda: 0.7 }, categoryCap: 3 });
  },
  forecast: (m) => {
    const series = Array.from({ length: 24 }, (_, s) =>
      Float64Array.from({ length: 72 }, (_, t) => 100 + 10 * Math.sin((2 * Math.PI * t) / 12 + s) + t * 0.3 + 5 * rnd()));
    return () => series.map((y) => m.forecast(y, 12, { seasonLength: 12 }));
  },
  bandit: (m) => {
    const lin = new m.LinearBandit(Array.from({ length: 10 }, (_, i) => i), { policy: 'linUcb', dim: 32, alpha: 1, seed: 1 });
    const context = Float64Array.from({ length: 32 }, rnd);
    return () => {
      for (let t = 0; t < 500; t += 1) {
        const { decisionId, arm } = lin.choose(context);
        lin.reward(decisionId, arm % 2);
      }
    };
  },
}[engine];
const fns = mods.map(work);
for (const f of fns) f(); // warm-up
const times = [[], []];
const rounds = Number(process.env.ROUNDS ?? 30);
for (let round = 0; round < rounds; round += 1) {
  for (const i of round % 2 ? [1, 0] : [0, 1]) {
    const t0 = performance.now();
    fns[i]();
    times[i].push(performance.now() - t0);
  }
}
const median = (v) => [...v].sort((a, b) => a - b)[v.length >> 1];
const [a, b] = times.map(median);
const [minA, minB] = times.map((v) => Math.min(...v));
console.log(`${engine}: median A ${a.toFixed(1)} ms, B ${b.toFixed(1)} ms, B/A ${(b / a).toFixed(3)}; ` +
  `fastest A ${minA.toFixed(1)} ms, B ${minB.toFixed(1)} ms, B/A ${(minB / minA).toFixed(3)}`);
