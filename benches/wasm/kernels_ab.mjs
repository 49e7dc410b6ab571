// Speed of two builds of the full module side by side (issue #17: kernels written once over a Lanes
// trait): rank top-50 of 50k x 64 and x 100 (fused scan), rank with MMR and a category cap, k-means.
// 3 warm-up then 60 rounds (each build once per round, order rotated) in one Node process; fastest and
// median of each, ratio to A.
//   [ONLY=scan64,scan100,mmr,kmeans] [ROUNDS=60] [CLOCK=cpu] node benches/wasm/kernels_ab.mjs <glue dir A> <glue dir B> [<glue dir C> ...]
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
const dirs = process.argv.slice(2);
async function load(dir) { const m = await import(resolve(dir, 'edgewise.js')); m.initSync({ module: readFileSync(resolve(dir, 'edgewise_bg.wasm')) }); return m; }
const mods = [];
for (const d of dirs) mods.push(await load(d));
let state = 7; const rnd = () => ((state = (state * 1103515245 + 12345) >>> 0) / 2 ** 32) * 2 - 1;
const work = {
  scan64: (m) => { const n = 50_000, dim = 64; const s = m.ItemStore.fromFloat32(Float32Array.from({ length: n * dim }, rnd), dim); const q = Float32Array.from({ length: dim }, rnd); return () => m.rank(s, q, { k: 50 }); },
  scan100: (m) => { const n = 50_000, dim = 100; const s = m.ItemStore.fromFloat32(Float32Array.from({ length: n * dim }, rnd), dim); const q = Float32Array.from({ length: dim }, rnd); return () => m.rank(s, q, { k: 50 }); },
  mmr: (m) => { const n = 20_000, dim = 64; const s = m.ItemStore.fromFloat32(Float32Array.from({ length: n * dim }, rnd), dim); s.setCategories(Array.from({ length: n }, (_, i) => `c${i % 40}`)); const q = Float32Array.from({ length: dim }, rnd); return () => m.rank(s, q, { k: 50, diversity: { lambda: 0.7 }, categoryCap: 3 }); },
  kmeans: (m) => { const n = 20_000, dim = 8; const p = Float64Array.from({ length: n * dim }, rnd); return () => m.kmeans(p, dim, { k: 8, seed: 1, nInit: 1 }); },
};
// ONLY=scan100,kmeans runs a subset; ROUNDS (default 60) sets the number of rounds.
const rounds = Number(process.env.ROUNDS || 60);
// CLOCK=cpu times each call by the process's CPU time (user + system) instead of the wall clock:
// on a shared machine a call that loses the CPU to another process is not charged for the wait.
const cpu = process.env.CLOCK === 'cpu';
const now = cpu ? () => { const u = process.cpuUsage(); return (u.user + u.system) / 1000; } : () => performance.now();
const only = process.env.ONLY ? process.env.ONLY.split(',') : Object.keys(work);
for (const [name, mk] of Object.entries(work).filter(([n]) => only.includes(n))) {
  // Every build gets the same data (the generator restarts): k-means' iteration count depends on it.
  const fns = mods.map((m) => { state = 7; return mk(m); }); const t = fns.map(() => []);
  for (let i = 0; i < 3; i++) fns.forEach((f) => f());
  // Each round runs every build once, the order rotated from round to round.
  for (let i = 0; i < rounds; i++) for (let r = 0; r < fns.length; r++) { const j = (i + r) % fns.length; const s = now(); fns[j](); t[j].push(now() - s); }
  const st = (a) => { a.sort((x, y) => x - y); return [a[0], a[a.length >> 1]]; };
  const [a, ...rest] = t.map(st);
  const tag = (i) => String.fromCharCode(65 + i);
  console.log(name, 'A min/med', a.map((x) => x.toFixed(3)).join('/'), ...rest.flatMap((b, i) => [`${tag(i + 1)} min/med`, b.map((x) => x.toFixed(3)).join('/'), `${tag(i + 1)}/A min`, (b[0] / a[0]).toFixed(3), 'med', (b[1] / a[1]).toFixed(3)]));
}
