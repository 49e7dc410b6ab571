// Analytics engine through the built pkg/ in Node, side by side with plain JS in ONE process, on the
// same inputs. Prints medians and ratios and writes benches/results/analytics_wasm.md.
//   bash scripts/build.sh && node benches/wasm/analytics.mjs
// Numbers are measured here, never asserted in tests.
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import { loadEdgewise, root } from '../../tests/js/load.mjs';

const edgewise = await loadEdgewise();

// ------------------------------------------------------------------------------------ helpers
/** Seeded uniform [0, 1) (mulberry32): the same inputs on every run. */
function rng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
function gaussian(u) {
  return () => Math.sqrt(-2 * Math.log(1 - u())) * Math.cos(2 * Math.PI * u());
}

/** Median time per call in ms over `batches` batches of `reps` calls, after one warm-up batch. */
function time(fn, reps, batches = 7) {
  for (let i = 0; i < reps; i++) fn();
  const per = [];
  for (let b = 0; b < batches; b++) {
    const t0 = performance.now();
    for (let i = 0; i < reps; i++) fn();
    per.push((performance.now() - t0) / reps);
  }
  per.sort((x, y) => x - y);
  return per[Math.floor(batches / 2)];
}
const fmt = (ms) => (ms >= 1 ? `${ms.toFixed(2)} ms` : `${(ms * 1000).toFixed(2)} µs`);

// ------------------------------------------------------------------ plain-JS k-means (Lloyd)
/** One assignment pass, as the Rust `assign`: nearest centroid (f64 distances), sums, counts. */
function assign(points, dim, centroids, labels, sums, counts) {
  const n = points.length / dim;
  const k = centroids.length / dim;
  sums.fill(0);
  counts.fill(0);
  let inertia = 0;
  for (let i = 0; i < n; i++) {
    let best = 0;
    let bestD = Infinity;
    for (let j = 0; j < k; j++) {
      let d = 0;
      for (let f = 0; f < dim; f++) {
        const t = points[i * dim + f] - centroids[j * dim + f];
        d += t * t;
      }
      if (d < bestD) {
        bestD = d;
        best = j;
      }
    }
    labels[i] = best;
    counts[best]++;
    inertia += bestD;
    for (let f = 0; f < dim; f++) sums[best * dim + f] += points[i * dim + f];
  }
  return inertia;
}

/** `iters` Lloyd iterations from `init` (f32 centroids, f64 sums, as the Rust code). */
function lloyd(points, dim, init, iters) {
  const k = init.length / dim;
  const centroids = Float32Array.from(init);
  const labels = new Uint32Array(points.length / dim);
  const prev = new Uint32Array(labels.length);
  const sums = new Float64Array(k * dim);
  const counts = new Float64Array(k);
  let done = 0;
  for (let it = 0; it < iters; it++) {
    assign(points, dim, centroids, labels, sums, counts);
    for (let j = 0; j < k; j++) {
      if (counts[j] === 0) continue;
      for (let f = 0; f < dim; f++) centroids[j * dim + f] = sums[j * dim + f] / counts[j];
    }
    done++;
    if (it > 0 && labels.every((l, i) => l === prev[i])) break;
    prev.set(labels);
  }
  return { centroids, iters: done };
}

// ------------------------------------------------------------------------------- the data
const N = 50_000;
const DIM = 3;
const K = 8;
const normal = gaussian(rng(42));
const u = rng(7);
const centres = Array.from({ length: K }, () => Array.from({ length: DIM }, () => u() * 6));
const points = new Float32Array(N * DIM);
for (let i = 0; i < N; i++) {
  const c = centres[i % K];
  for (let f = 0; f < DIM; f++) points[i * DIM + f] = c[f] + normal();
}

const lines = [];
const say = (s = '') => {
  console.log(s);
  lines.push(s);
};

// ------------------------------------------------------------------------------ k-means
// Same init: the wasm run with maxIter 1 returns the centroids after its k-means++ start and one
// Lloyd update (C1). A wasm run with maxIter M continues from exactly C1, so
// [time(maxIter M) − time(maxIter 1)] is the cost of its remaining M' = nIter − 1 Lloyd
// iterations; plain JS runs the same M' iterations from C1.
const base = { k: K, nInit: 1, tol: 0, seed: 7 };
const M = 40;
const one = edgewise.kmeans(points, DIM, { ...base, maxIter: 1 });
const full = edgewise.kmeans(points, DIM, { ...base, maxIter: M });
const iters = full.nIter - 1;
const js = lloyd(points, DIM, one.centroids, iters);
const jsInertia = assign(points, DIM, js.centroids, new Uint32Array(N), new Float64Array(K * DIM), new Float64Array(K));
const reps = 3;
const tOne = time(() => edgewise.kmeans(points, DIM, { ...base, maxIter: 1 }), reps);
const tFull = time(() => edgewise.kmeans(points, DIM, { ...base, maxIter: M }), reps);
const tJs = time(() => lloyd(points, DIM, one.centroids, iters), reps);
const wasmIter = (tFull - tOne) / iters;
const jsIter = tJs / js.iters;
const tDefault = time(() => edgewise.kmeans(points, DIM, { k: K, seed: 7 }), 1, 5);
const table = edgewise.rfm(...(() => {
  // A synthetic order log of 200k orders from 50k shoppers for the RFM + segmentation pipeline.
  const r = rng(3);
  const n = 200_000;
  const c = new Uint32Array(n);
  const t = new Float64Array(n);
  const a = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    c[i] = Math.floor(r() ** 2 * 50_000);
    t[i] = r() * 730;
    a[i] = Math.exp(3 + normal());
  }
  return [c, t, a];
})());

say(`# Analytics engine: wasm (pkg/) vs plain JS in Node`);
say();
say(`Machine: 2-core x86_64 sandbox (shared, busy), Node ${process.version}, ${os.cpus()[0]?.model ?? 'unknown CPU'}.`);
say(`Command: \`bash scripts/build.sh && node benches/wasm/analytics.mjs\`; medians of 7 (5 for whole fits) timed batches after a warm-up.`);
say(`wasm: release build, SIMD128 ${edgewise.simdEnabled() ? 'on' : 'off'}, wasm-opt -O3. Plain JS: straightforward loops on typed arrays, same algorithm.`);
say();
say(`## k-means, ${N.toLocaleString('en')} × ${DIM} points (8 Gaussian blobs), k = ${K}`);
say();
say(`Same init: both continue from the centroids of the wasm k-means++ start after one Lloyd update, for the same ${iters} iterations.`);
say(`Final inertia — wasm ${full.inertia.toFixed(3)}, plain JS ${jsInertia.toFixed(3)} (relative difference ${(Math.abs(full.inertia - jsInertia) / full.inertia).toExponential(1)}).`);
say();
say(`| | wasm | plain JS | JS / wasm |`);
say(`|---|---:|---:|---:|`);
say(`| one Lloyd iteration (assign + update) | ${fmt(wasmIter)} | ${fmt(jsIter)} | ${(jsIter / wasmIter).toFixed(2)}× |`);
say(`| ${iters} Lloyd iterations | ${fmt(tFull - tOne)} | ${fmt(tJs)} | ${(tJs / (tFull - tOne)).toFixed(2)}× |`);
say(`| \`kmeans\` defaults (k-means++, nInit 10, maxIter 300), whole call | ${fmt(tDefault)} | – | – |`);
say();

// ----------------------------------------------------------------------- RFM + segmentation
const tRfm = time(() => edgewise.segmentRfm(table, { k: 5, seed: 1, nInit: 3, silhouetteSample: 0 }), 1, 5);
const tSil = time(() => edgewise.segmentRfm(table, { k: 5, seed: 1, nInit: 3, silhouetteSample: 2000 }), 1, 5);
say(`## RFM segmentation, ${table.customers.length.toLocaleString('en')} shoppers (200k orders)`);
say();
say(`| call | wasm |`);
say(`|---|---:|`);
say(`| \`segmentRfm\` k 5, nInit 3, no silhouette | ${fmt(tRfm)} |`);
say(`| \`segmentRfm\` k 5, nInit 3, silhouette on 2000 shoppers | ${fmt(tSil)} |`);
say();

// ------------------------------------------------------------------------------- A/B calls
// Plain-JS two-proportion z-test (pooled z, Wald CI) with an erfc of relative error < 1.2e-7
// (Numerical Recipes' erfcc): what a dashboard would otherwise hand-write.
function erfc(x) {
  const z = Math.abs(x);
  const t = 1 / (1 + 0.5 * z);
  const r = t * Math.exp(-z * z - 1.26551223 + t * (1.00002368 + t * (0.37409196 + t * (0.09678418 + t * (-0.18628806
    + t * (0.27886807 + t * (-1.13520398 + t * (1.48851587 + t * (-0.82215223 + t * 0.17087277)))))))));
  return x >= 0 ? r : 2 - r;
}
const normSf = (x) => 0.5 * erfc(x / Math.SQRT2);
function ztestJs(a, b) {
  const pa = a.conversions / a.visitors;
  const pb = b.conversions / b.visitors;
  const pooled = (a.conversions + b.conversions) / (a.visitors + b.visitors);
  const z = (pb - pa) / Math.sqrt(pooled * (1 - pooled) * (1 / a.visitors + 1 / b.visitors));
  const se = Math.sqrt((pa * (1 - pa)) / a.visitors + (pb * (1 - pb)) / b.visitors);
  return { z, pValue: 2 * normSf(Math.abs(z)), ci: [pb - pa - 1.959963984540054 * se, pb - pa + 1.959963984540054 * se] };
}
const counts = { a: { conversions: 500, visitors: 10000 }, b: { conversions: 572, visitors: 10100 } };
const zw = edgewise.proportionTest(counts);
const zj = ztestJs(counts.a, counts.b);
const tZw = time(() => edgewise.proportionTest(counts), 20000);
const tZj = time(() => ztestJs(counts.a, counts.b), 200000);
const tAb = time(() => edgewise.abTest(counts), 2000);
const revA = Float64Array.from({ length: 10000 }, () => Math.max(0, 20 + 15 * normal()));
const revB = Float64Array.from({ length: 10000 }, () => Math.max(0, 21 + 15 * normal()));
const tWelch = time(() => edgewise.welchTest(revA, revB), 2000);
const tSs = time(() => edgewise.sampleSize({ rateA: 0.05, rateB: 0.055 }), 5000);
const tSrm = time(() => edgewise.srmCheck([10000, 10100], [1, 1]), 20000);
say(`## A/B test calls (one call each; the Bayesian part of \`abTest\` integrates the two Beta posteriors numerically)`);
say();
say(`z-test agreement: wasm z ${zw.z.toFixed(6)}, p ${zw.pValue.toPrecision(6)}; plain JS z ${zj.z.toFixed(6)}, p ${zj.pValue.toPrecision(6)}.`);
say();
say(`| call | wasm | plain JS | JS / wasm |`);
say(`|---|---:|---:|---:|`);
say(`| two-proportion z-test (\`proportionTest\`) | ${fmt(tZw)} | ${fmt(tZj)} | ${(tZj / tZw).toFixed(2)}× |`);
say(`| \`abTest\` (z-test + Beta-Binomial P(B>A), expected loss + SRM) | ${fmt(tAb)} | – | – |`);
say(`| \`welchTest\`, 10k vs 10k revenue values | ${fmt(tWelch)} | – | – |`);
say(`| \`sampleSize\` (proportions, root finding) | ${fmt(tSs)} | – | – |`);
say(`| \`srmCheck\` (2 arms) | ${fmt(tSrm)} | – | – |`);
say();

// ------------------------------------------------------------------------------- inventory
const S = 10_000;
const mean = Float64Array.from({ length: S }, () => 50 + 950 * u());
const sd = mean.map((m) => m * (0.1 + 0.4 * u()));
const stock = mean.map((m) => m * (0.5 + u()));
const risksJs = () => {
  const out = new Float64Array(S);
  for (let i = 0; i < S; i++) out[i] = sd[i] === 0 ? Number(mean[i] > stock[i]) : normSf((stock[i] - mean[i]) / sd[i]);
  return out;
};
const rw = edgewise.supplyRisks(stock, { mean, sd });
const rj = risksJs();
let maxDiff = 0;
for (let i = 0; i < S; i++) maxDiff = Math.max(maxDiff, Math.abs(rw[i] - rj[i]));
const tRiskW = time(() => edgewise.supplyRisks(stock, { mean, sd }), 50);
const tRiskJ = time(risksJs, 50);
const tPlan = time(() => edgewise.inventoryPlan({ stock, mean, sd }, { serviceLevel: 0.95 }), 50);
say(`## Inventory, ${S.toLocaleString('en')} SKUs`);
say();
say(`Stock-out risks agree to ${maxDiff.toExponential(1)} (the plain-JS erfc is a 1e-7 approximation).`);
say();
say(`| call | wasm | plain JS | JS / wasm |`);
say(`|---|---:|---:|---:|`);
say(`| \`supplyRisks\` (P(demand > stock) per SKU) | ${fmt(tRiskW)} | ${fmt(tRiskJ)} | ${(tRiskJ / tRiskW).toFixed(2)}× |`);
say(`| \`inventoryPlan\` (safety stock, reorder point, risk, reorder flag) | ${fmt(tPlan)} | – | – |`);
say();
say(`Ratios above 1 mean the wasm build is faster. Calls include copying typed arrays in and results out.`);

writeFileSync(`${root}benches/results/analytics_wasm.md`, `${lines.join('\n')}\n`);
console.log(`\nwrote benches/results/analytics_wasm.md`);
