// Bandit throughput through the JS API of the built pkg/, in Node, side by side in ONE process with
// anchors fed the same inputs:
//   - plain JS: hand-written Beta Thompson sampling (Marsaglia–Tsang gamma draws), UCB1 and
//     disjoint LinUCB (Sherman–Morrison on Float64Arrays), the code a page would write without edgewise;
//   - @tensorflow/tfjs-backend-wasm (SIMD): only LinUCB's O(K·d²) scoring kernel, A⁻¹ resident as
//     one [K, d, d] tensor (tfjs has no cheap in-place update of one arm, so this is a floor, not a
//     full step).
// One step = choose (with its context) + the reward of that decision, on a warmed-up policy;
// medians of 7 timed batches. Usage: bash scripts/build.sh && node benches/wasm/bandit.mjs
// Writes benches/results/bandit_wasm.md. Numbers are measured, never asserted.
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { loadEdgewise } from '../../tests/js/load.mjs';

const root = fileURLToPath(new URL('../..', import.meta.url));
const edgewise = await loadEdgewise();
const BATCHES = 7;
const LOAD = loadavg()[0].toFixed(1); // 1-minute load average when the run started

// --- shared inputs --------------------------------------------------------------------------
/** SplitMix64 on doubles (BigInt: slow, used only to pre-draw the shared inputs). */
function rng(seed) {
  let s = BigInt(seed);
  const M = (1n << 64n) - 1n;
  return () => {
    s = (s + 0x9E3779B97F4A7C15n) & M;
    let z = s;
    z = ((z ^ (z >> 30n)) * 0xBF58476D1CE4E5B9n) & M;
    z = ((z ^ (z >> 27n)) * 0x94D049BB133111EBn) & M;
    z ^= z >> 31n;
    return Number(z >> 11n) / 2 ** 53;
  };
}
const K_MAB = 1000;
const K_LIN = 100;
const D = 32;
const r0 = rng(1);
const RATES = Float64Array.from({ length: K_MAB }, () => 0.01 + 0.1 * r0());
const N_CTX = 512;
const CONTEXTS = Array.from({ length: N_CTX }, () => {
  const x = Float64Array.from({ length: D }, () => r0() - 0.5);
  const n = Math.hypot(...x);
  return x.map((v) => v / n);
});
const THETA_TRUE = Array.from({ length: K_LIN }, () => Float64Array.from({ length: D }, () => r0() - 0.5));
/** Pre-drawn uniforms for the simulated clicks (same stream for every contender). */
const CLICK_U = Float64Array.from({ length: 1 << 16 }, r0);
const linReward = (arm, x, u) => {
  let z = 0;
  for (let j = 0; j < D; j++) z += THETA_TRUE[arm][j] * x[j];
  return u < 1 / (1 + Math.exp(-4 * z)) ? 1 : 0;
};

function time(run, steps) {
  run(steps); // warm-up: JIT and a policy that has seen data
  const us = [];
  for (let k = 0; k < BATCHES; k++) {
    const t0 = performance.now();
    run(steps);
    us.push(((performance.now() - t0) * 1000) / steps);
  }
  us.sort((a, b) => a - b);
  return us[BATCHES >> 1];
}

// --- edgewise through its JS API ------------------------------------------------------------
function edgewiseMab(options) {
  const b = new edgewise.MultiArmedBandit(Uint32Array.from({ length: K_MAB }, (_, i) => i), { ...options, seed: 1 });
  let t = 0;
  return (steps) => {
    for (let i = 0; i < steps; i++, t++) {
      const { decisionId, arm } = b.choose();
      b.reward(decisionId, CLICK_U[t & 0xffff] < RATES[arm] ? 1 : 0);
    }
  };
}
function edgewiseLinear(options) {
  const b = new edgewise.LinearBandit(Uint32Array.from({ length: K_LIN }, (_, i) => i), { ...options, dim: D, seed: 1 });
  let t = 0;
  return (steps) => {
    for (let i = 0; i < steps; i++, t++) {
      const x = CONTEXTS[t % N_CTX];
      const { decisionId, arm } = b.choose(x);
      b.reward(decisionId, linReward(arm, x, CLICK_U[t & 0xffff]));
    }
  };
}

// --- plain JS anchors -----------------------------------------------------------------------
/** The anchors' own fast generator (mulberry32; 32-bit uniforms), as a page would use. */
function fastRng(seed) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6D2B79F5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
function normal(u) {
  // Box–Muller on the anchor's own generator.
  return Math.sqrt(-2 * Math.log(1 - u())) * Math.cos(2 * Math.PI * u());
}
function gamma(shape, u) {
  if (shape < 1) return gamma(shape + 1, u) * (1 - u()) ** (1 / shape);
  const d = shape - 1 / 3;
  const c = 1 / Math.sqrt(9 * d);
  for (;;) {
    let x;
    let v;
    do {
      x = normal(u);
      v = 1 + c * x;
    } while (v <= 0);
    v = v * v * v;
    const w = 1 - u();
    if (w < 1 - 0.0331 * x ** 4 || Math.log(w) < 0.5 * x * x + d * (1 - v + Math.log(v))) return d * v;
  }
}
function jsThompson() {
  const s = new Float64Array(K_MAB);
  const f = new Float64Array(K_MAB);
  const u = fastRng(2);
  let t = 0;
  return (steps) => {
    for (let i = 0; i < steps; i++, t++) {
      let best = 0;
      let bestV = -1;
      for (let a = 0; a < K_MAB; a++) {
        const x = gamma(1 + s[a], u);
        const v = x / (x + gamma(1 + f[a], u));
        if (v > bestV) { bestV = v; best = a; }
      }
      if (CLICK_U[t & 0xffff] < RATES[best]) s[best] += 1; else f[best] += 1;
    }
  };
}
function jsUcb1() {
  const n = new Float64Array(K_MAB);
  const sum = new Float64Array(K_MAB);
  let t = 0;
  return (steps) => {
    for (let i = 0; i < steps; i++, t++) {
      let best = 0;
      let bestV = -Infinity;
      const logN = Math.log(t + 1);
      for (let a = 0; a < K_MAB; a++) {
        const v = n[a] === 0 ? Infinity : sum[a] / n[a] + Math.sqrt((2 * logN) / n[a]);
        if (v > bestV) { bestV = v; best = a; }
      }
      n[best] += 1;
      sum[best] += CLICK_U[t & 0xffff] < RATES[best] ? 1 : 0;
    }
  };
}
// The same UCB1 with the per-arm part (mean, 1/√n) kept up to date for the rewarded arm only, as
// edgewise does: one multiply-add per arm per step.
function jsUcb1Cached() {
  const n = new Float64Array(K_MAB);
  const sum = new Float64Array(K_MAB);
  const mean = new Float64Array(K_MAB);
  const rs = new Float64Array(K_MAB).fill(Infinity);
  let t = 0;
  return (steps) => {
    for (let i = 0; i < steps; i++, t++) {
      let best = 0;
      let bestV = -Infinity;
      const bonus = Math.sqrt(2 * Math.log(t + 1));
      for (let a = 0; a < K_MAB; a++) {
        const v = mean[a] + bonus * rs[a];
        if (v > bestV) { bestV = v; best = a; }
      }
      n[best] += 1;
      sum[best] += CLICK_U[t & 0xffff] < RATES[best] ? 1 : 0;
      mean[best] = sum[best] / n[best];
      rs[best] = Math.sqrt(1 / n[best]);
    }
  };
}
function jsLinUcb(alpha = 1) {
  const ainv = Array.from({ length: K_LIN }, () => {
    const m = new Float64Array(D * D);
    for (let j = 0; j < D; j++) m[j * D + j] = 1;
    return m;
  });
  const b = Array.from({ length: K_LIN }, () => new Float64Array(D));
  const theta = Array.from({ length: K_LIN }, () => new Float64Array(D));
  const u = new Float64Array(D);
  let t = 0;
  return (steps) => {
    for (let i = 0; i < steps; i++, t++) {
      const x = CONTEXTS[t % N_CTX];
      let best = 0;
      let bestV = -Infinity;
      for (let a = 0; a < K_LIN; a++) {
        const m = ainv[a];
        let quad = 0;
        let mean = 0;
        for (let r = 0; r < D; r++) {
          let acc = 0;
          for (let c = 0; c < D; c++) acc += m[r * D + c] * x[c];
          quad += x[r] * acc;
          mean += theta[a][r] * x[r];
        }
        const v = mean + alpha * Math.sqrt(Math.max(quad, 0));
        if (v > bestV) { bestV = v; best = a; }
      }
      const reward = linReward(best, x, CLICK_U[t & 0xffff]);
      // Sherman–Morrison: A⁻¹ -= (A⁻¹x)(A⁻¹x)ᵀ / (1 + xᵀA⁻¹x); b += r·x; θ = A⁻¹b.
      const m = ainv[best];
      let denom = 1;
      for (let r = 0; r < D; r++) {
        let acc = 0;
        for (let c = 0; c < D; c++) acc += m[r * D + c] * x[c];
        u[r] = acc;
        denom += x[r] * acc;
      }
      for (let r = 0; r < D; r++) for (let c = 0; c < D; c++) m[r * D + c] -= (u[r] * u[c]) / denom;
      const bb = b[best];
      for (let r = 0; r < D; r++) bb[r] += reward * x[r];
      const th = theta[best];
      for (let r = 0; r < D; r++) {
        let acc = 0;
        for (let c = 0; c < D; c++) acc += m[r * D + c] * bb[c];
        th[r] = acc;
      }
    }
  };
}

// --- tfjs-backend-wasm: the LinUCB scoring kernel only ------------------------------------------
async function tfjsScoring() {
  const require = createRequire(import.meta.url);
  const tf = await import('@tensorflow/tfjs-core');
  const wasm = await import('@tensorflow/tfjs-backend-wasm');
  const dist = `${require.resolve('@tensorflow/tfjs-backend-wasm').replace(/[^/]+$/, '')}`;
  wasm.setWasmPaths(dist.endsWith('/') ? dist : `${dist}/`);
  await tf.setBackend('wasm');
  await tf.ready();
  const CONTEXTS32 = CONTEXTS.map((x) => Float32Array.from(x));
  const eye = tf.eye(D);
  const ainv = tf.tile(tf.expandDims(eye, 0), [K_LIN, 1, 1]); // [K, d, d]
  const theta = tf.zeros([K_LIN, D]);
  let t = 0;
  const run = (steps) => {
    for (let i = 0; i < steps; i++, t++) {
      const best = tf.tidy(() => {
        const x = tf.tensor1d(CONTEXTS32[t % N_CTX], 'float32');
        const xs = tf.tile(tf.reshape(x, [1, D, 1]), [K_LIN, 1, 1]);
        const u = tf.reshape(tf.matMul(ainv, xs), [K_LIN, D]); // A⁻¹x per arm
        const quad = tf.sum(tf.mul(u, x), 1);
        const mean = tf.sum(tf.mul(theta, x), 1);
        return tf.argMax(tf.add(mean, tf.sqrt(tf.relu(quad))));
      });
      best.dataSync();
      best.dispose();
    }
  };
  return { run, backend: `${tf.getBackend()} (tfjs ${tf.version_core}, float32)` };
}

// --- run ------------------------------------------------------------------------------------
const LIN_FLOPS = K_LIN * (2 * D * D + 4 * D) + 8 * D * D; // choose: A⁻¹x + dots per arm; update
const rows = [];
function row(workload, contender, us, flops) {
  rows.push({ workload, contender, us, flops });
  const gf = flops ? `  ${(flops / us / 1e3).toFixed(2)} GFLOP/s` : '';
  console.log(`${workload.padEnd(28)} ${contender.padEnd(40)} ${us.toFixed(2).padStart(9)} µs/step ${String(Math.round(1e6 / us)).padStart(8)} steps/s${gf}`);
}

console.log(`edgewise ${edgewise.version()} pkg (SIMD128 ${edgewise.simdEnabled() ? 'on' : 'off'}), Node ${process.versions.node}, ${cpus().length} × ${cpus()[0]?.model}\n`);
row('Beta Thompson, K = 1000', 'edgewise pkg (JS API)', time(edgewiseMab({ policy: 'thompson' }), 400));
row('Beta Thompson, K = 1000', 'plain JS', time(jsThompson(), 400));
row('UCB1, K = 1000', 'edgewise pkg (JS API)', time(edgewiseMab({ policy: 'ucb1' }), 4000));
row('UCB1, K = 1000', 'plain JS', time(jsUcb1(), 4000));
row('UCB1, K = 1000', 'plain JS, cached mean and 1/√n', time(jsUcb1Cached(), 4000));
row('LinUCB, d = 32, K = 100', 'edgewise pkg (JS API)', time(edgewiseLinear({ policy: 'linUcb', alpha: 1 }), 400), LIN_FLOPS);
row('LinUCB, d = 32, K = 100', 'plain JS (Float64Array)', time(jsLinUcb(1), 400), LIN_FLOPS);
row('linear TS, d = 32, K = 100', 'edgewise pkg (JS API)', time(edgewiseLinear({ policy: 'linThompson', v: 0.2 }), 400), LIN_FLOPS);
let tfjsNote = '';
try {
  const tfjs = await tfjsScoring();
  row('LinUCB, d = 32, K = 100', `tfjs ${tfjs.backend.split(' ')[0]}: scoring only`, time(tfjs.run, 400), K_LIN * (2 * D * D + 4 * D));
  tfjsNote = tfjs.backend;
} catch (err) {
  tfjsNote = `not run: ${err.message}`;
  console.log(`tfjs-backend-wasm ${tfjsNote}`);
}

const get = (w, c) => rows.find((r) => r.workload === w && r.contender.startsWith(c))?.us;
const ratio = (w, c) => (get(w, c) / get(w, 'edgewise')).toFixed(2);
const ratios = [
  ['Beta Thompson, K = 1000', 'plain JS'],
  ['UCB1, K = 1000', 'plain JS'],
  ['UCB1, K = 1000', 'plain JS, cached'],
  ['LinUCB, d = 32, K = 100', 'plain JS'],
  ['LinUCB, d = 32, K = 100', 'tfjs'],
].filter(([w, c]) => get(w, c));
console.log('\nratios (anchor time / edgewise time; > 1: edgewise faster):');
for (const [w, c] of ratios) console.log(`  ${w}: ${c} ${ratio(w, c)}`);

const wasmBytes = readFileSync(`${root}pkg/edgewise_bg.wasm`).length;
const optLevel = readFileSync(`${root}Cargo.toml`, 'utf8').match(/\[profile\.release\][^[]*?opt-level = ("?\w+"?)/)[1];
const md = `# Bandit engine in wasm: the real pkg/ in Node, against plain JS and tfjs

Made by \`node benches/wasm/bandit.mjs\` (after \`bash scripts/build.sh\`), ${new Date().toISOString().slice(0, 10)}, on the
shared 2-core x86_64 sandbox (${cpus()[0]?.model ?? 'unknown CPU'}), Node ${process.versions.node}, 1-minute load average ${LOAD} at the start
(other engineers' builds running alongside): read ratios, not absolute values (roughly ±30 % noise).
\`pkg/edgewise_bg.wasm\`: ${wasmBytes} bytes, release profile as shipped (\`opt-level = ${optLevel}\`, LTO, SIMD128 ${edgewise.simdEnabled() ? 'on' : 'off'}, \`wasm-opt -O3\`).

One step = \`choose\` (with a \`Float64Array\` context for the linear policies) and \`reward\` of that
decision **through the JS API** (argument checks, copies across the boundary, the decision object);
median of ${BATCHES} timed batches after a warm-up batch. All contenders see the same arm rates,
contexts and click draws; the anchors run in the same process right after edgewise.

| workload | contender | µs / step | steps / s | GFLOP/s (O(K·d²) count) |
|---|---|---:|---:|---:|
${rows.map((r) => `| ${r.workload} | ${r.contender} | ${r.us.toFixed(2)} | ${Math.round(1e6 / r.us)} | ${r.flops ? (r.flops / r.us / 1e3).toFixed(2) : '–'} |`).join('\n')}

Ratios (anchor time / edgewise time; above 1 means edgewise is faster):
${ratios.map(([w, c]) => `- ${w}: ${c} ${ratio(w, c)}`).join('\n')}

Flop count (LinUCB and linear TS, d = ${D}, K = ${K_LIN}): choosing costs A⁻¹x plus two dot products per arm,
K·(2d² + 4d) = ${K_LIN * (2 * D * D + 4 * D)} flops; the rank-one update of the chosen arm about 8d² = ${8 * D * D};
${LIN_FLOPS} flops per step in all (the periodic Cholesky re-factorization adds ~44 per step, ignored).
The tfjs row times only the scoring part (float32, A⁻¹ resident as one [K, d, d] tensor, argmax read
back each step): tfjs has no cheap in-place rank-one update of one arm, so it is a floor for a tfjs
LinUCB, not a full step. tfjs backend: ${tfjsNote}.
The plain-JS anchors use \`Math.log\`/\`Math.sqrt\` Box–Muller + Marsaglia–Tsang (Thompson), and
Sherman–Morrison without re-factorization (LinUCB).

Reading the table: Thompson sampling with 1,000 arms is bound by the 2,000 gamma draws per step, LinUCB
by the K matrix-vector products A⁻¹x; both stay in wasm for the whole step, so the boundary cost is
small next to them. UCB1's step is only a few µs: edgewise keeps each arm's mean and 1/√n between
choices (recomputed only for arms whose statistics changed), so a choice is one multiply-add per arm,
and the per-call cost of the JS API (argument checks, the decision object, two boundary crossings) is
a large share of what is left. The second plain-JS UCB1 row does the same caching by hand.

## Native figures, for comparison (from \`benches/results/bandit.md\`, criterion, same machine, earlier run)

| workload | native, \`opt-level = "s"\` (the shipped profile then) | native, \`opt-level = 3\` |
|---|---:|---:|
| Beta Thompson, 1,000 arms | 95.5 µs | 48.5 µs |
| UCB1, 1,000 arms | 10.4 µs | 5.5 µs |
| LinUCB, d = 32, K = 100 | 121.5 µs | 35.2 µs |
| linear TS, d = 32, K = 100 | 127.0 µs | 57.7 µs |

## Superseded: the stand-alone \`benches/wasm_bandit\` crate (removed)

Before this harness, a separate cdylib timed the same core loops in wasm without the JS API
(no argument checks, no boundary copies), Node, median of 7 batches; kept here for reference:

| workload | wasm, \`opt-level = 3\` | wasm, \`opt-level = "s"\` |
|---|---:|---:|
| Beta Thompson, 1,000 arms | 110.7 µs | 149.0 µs |
| UCB1, 1,000 arms | 8.1 µs | 10.7 µs |
| LinUCB, d = 32, K = 100 | 39.0 µs | 106.2 µs |
| linear TS, d = 32, K = 100 | 63.9 µs | 112.8 µs |
`;
writeFileSync(`${root}benches/results/bandit_wasm.md`, md);
console.log('\nwrote benches/results/bandit_wasm.md');
