// Worker-side compute methods: the WebGPU context (with its CPU fallback) and a GPU-vs-CPU check.

/** Seeded uniform(-1, 1) Float32Array of length n (mulberry32): same seed, same data everywhere. */
export function randomMatrix(seed, n) {
  let a = seed >>> 0;
  const out = new Float32Array(n);
  for (let i = 0; i < n; i++) {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    out[i] = ((t ^ (t >>> 14)) >>> 0) / 2 ** 31 - 1;
  }
  return out;
}

let shared = null;

/**
 * The worker's one compute context, shared by every engine's tasks: WebGPU when the browser gives
 * an adapter, else the CPU with the reason. Resolves to null when this build of edgewise has no
 * GPU support (built without the `gpu` feature).
 */
export function sharedContext(edgewise) {
  if (typeof edgewise.createGpuContext !== 'function') return Promise.resolve(null);
  return (shared ??= edgewise.createGpuContext());
}

/** Median wall time of `runs` awaited calls of `fn`, and the last result. */
async function timed(fn, runs) {
  const times = [];
  let result;
  for (let i = 0; i < runs; i++) {
    const t0 = performance.now();
    result = await fn();
    times.push(performance.now() - t0);
  }
  times.sort((x, y) => x - y);
  return { ms: times[Math.floor(runs / 2)], result };
}

export const tasks = (edgewise) => {
  const context = () => sharedContext(edgewise);
  return {
    gpuInfo: async () => {
      const ctx = await context();
      return { backend: ctx.backend, fallbackReason: ctx.fallbackReason ?? null, adapter: ctx.adapter() };
    },
    /** Top-k of users × items scores on the CPU and on the GPU context, with their agreement. */
    compareTopK: async ({ users, items, dim, k, seed, runs = 3 }) => {
      const u = randomMatrix(seed, users * dim);
      const it = randomMatrix(seed + 1, items * dim);
      const cpuCtx = edgewise.createCpuContext();
      const gpuCtx = await context();
      const cpu = await timed(() => cpuCtx.scoresTopK(u, it, dim, k), runs);
      const other = await timed(() => gpuCtx.scoresTopK(u, it, dim, k), runs);
      cpuCtx.destroy();
      let maxDiff = 0;
      let sameIndex = 0;
      for (let i = 0; i < cpu.result.scores.length; i++) {
        maxDiff = Math.max(maxDiff, Math.abs(cpu.result.scores[i] - other.result.scores[i]));
        if (cpu.result.indices[i] === other.result.indices[i]) sameIndex++;
      }
      return {
        backend: other.result.backend,
        cpuMs: cpu.ms,
        otherMs: other.ms,
        maxScoreDiff: maxDiff,
        sameIndexShare: sameIndex / cpu.result.indices.length,
        cpuTop: Array.from(cpu.result.scores.subarray(0, k)),
        cpuTopIndices: Array.from(cpu.result.indices.subarray(0, k)),
        gflop: (2 * users * items * dim) / 1e9,
      };
    },
  };
};
