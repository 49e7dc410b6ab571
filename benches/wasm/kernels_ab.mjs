// Speed of two builds of the full module side by side (issue #17: kernels written once over a Lanes
// trait): rank top-50 of 50k x 64 and x 100 (fused scan), rank with MMR and a category cap, k-means.
// 3 warm-up then 60 alternating rounds in one Node process; fastest and median of each, ratio B/A.
//   node benches/wasm/kernels_ab.mjs <glue dir A> <glue dir B>
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
const [dirA, dirB] = process.argv.slice(2);
async function load(dir) { const m = await import(resolve(dir, 'edgewise.js')); m.initSync({ module: readFileSync(resolve(dir, 'edgewise_bg.wasm')) }); return m; }
const mods = [await load(dirA), await load(dirB)];
let state = 7; const rnd = () => ((state = (state * 1103515245 + 12345) >>> 0) / 2 ** 32) * 2 - 1;
const work = {
  scan64: (m) => { const n = 50_000, dim = 64; const s = m.ItemStore.fromFloat32(Float32Array.from({ length: n * dim }, rnd), dim); const q = Float32Array.from({ length: dim }, rnd); return () => m.rank(s, q, { k: 50 }); },
  scan100: (m) => { const n = 50_000, dim = 100; const s = m.ItemStore.fromFloat32(Float32Array.from({ length: n * dim }, rnd), dim); const q = Float32Array.from({ length: dim }, rnd); return () => m.rank(s, q, { k: 50 }); },
  mmr: (m) => { const n = 20_000, dim = 64; const s = m.ItemStore.fromFloat32(Float32Array.from({ length: n * dim }, rnd), dim); s.setCategories(Array.from({ length: n }, (_, i) => `c${i % 40}`)); const q = Float32Array.from({ length: dim }, rnd); return () => m.rank(s, q, { k: 50, diversity: { lambda: 0.7 }, categoryCap: 3 }); },
  kmeans: (m) => { const n = 20_000, dim = 8; const p = Float64Array.from({ length: n * dim }, rnd); return () => m.kmeans(p, dim, { k: 8, seed: 1, nInit: 1 }); },
};
for (const [name, mk] of Object.entries(work)) {
  const fns = mods.map(mk); const t = [[], []];
  for (let i = 0; i < 3; i++) fns.forEach((f) => f());
  for (let i = 0; i < 60; i++) for (const j of (i % 2 ? [1, 0] : [0, 1])) { const s = performance.now(); fns[j](); t[j].push(performance.now() - s); }
  const st = (a) => { a.sort((x, y) => x - y); return [a[0], a[a.length >> 1]]; };
  const [a, b] = t.map(st);
  console.log(name, 'A min/med', a.map((x) => x.toFixed(3)).join('/'), 'B min/med', b.map((x) => x.toFixed(3)).join('/'), 'B/A min', (b[0] / a[0]).toFixed(3), 'med', (b[1] / a[1]).toFixed(3));
}
