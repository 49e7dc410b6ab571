// Worker-side analytics methods: called by name from the page through worker.js.
import { sharedContext } from './compute.js';
import { nonNegative } from '../demand.js';

/**
 * segmentRfm on the worker's compute context. `backend` is the panel's choice: "gpu" runs every
 * k-means assignment step on the GPU when there is an adapter; "cpu" runs on the CPU; "auto" (the
 * default) uses the GPU only when the adapter is a hardware one — on a software adapter (device type
 * "Cpu", e.g. SwiftShader) each Lloyd step costs a dispatch and a read-back on the same cores, and the
 * CPU path is measured 14-64x faster (benches/results/kmeans_gpu_browser.md). The result says which
 * ran: `backend`, `adapter`, `fallbackReason`.
 */
export async function segmentOnContext(edgewise, table, options, backend = 'auto') {
  const cpu = (fallbackReason) => ({ ...edgewise.segmentRfm(table, options), backend: 'cpu', adapter: null, fallbackReason });
  if (backend === 'cpu') return cpu('chosen in the panel');
  const ctx = await sharedContext(edgewise);
  if (!ctx) return cpu('this build of edgewise has no GPU support (cargo feature `gpu`)');
  if (backend === 'auto' && ctx.backend === 'gpu' && ctx.adapter()?.deviceType === 'Cpu') {
    return cpu('auto: the WebGPU adapter is a software renderer, where the CPU is faster');
  }
  return ctx.segmentRfm(table, options);
}

/** The panel's line saying where the k-means ran (and, with `ms`, how long the segmentation took). */
export function backendLabel(seg, ms) {
  const where = seg.backend === 'gpu' ? `k-means on GPU (${seg.adapter})` : `k-means on CPU: ${seg.fallbackReason}`;
  return ms === undefined ? where : `${where} · ${ms.toFixed(0)} ms`;
}

/** Forecast options used for a bundled series: AutoETS with its season length (seeded intervals). */
export function forecastOptions(series) {
  // Unit sales: no negative demand, no interval below 0.
  return { seasonLength: series.seasonLength, levels: [0.95], seed: 1, nonNegative: nonNegative(series.values) };
}

/** The inventory pipeline: forecast each series over the lead time (clipped at 0 where the history is) → lead-time demand → plan. */
export function inventoryTable(edgewise, { series, leadTime, serviceLevel, cover }, progress = () => {}) {
  const horizon = Math.max(1, Math.ceil(leadTime));
  const n = series.length;
  const mean = new Float64Array(n);
  const sd = new Float64Array(n);
  const models = [];
  series.forEach((s, i) => {
    const fc = edgewise.forecast(Float64Array.from(s.values), horizon, forecastOptions(s));
    const d = edgewise.leadTimeDemand(fc, leadTime);
    mean[i] = d.mean;
    sd[i] = d.sd;
    models.push(fc.model);
    progress(i + 1, n);
  });
  const stock = mean.map((m) => m * cover);
  const plan = edgewise.inventoryPlan({ stock, mean, sd }, { serviceLevel });
  return { names: series.map((s) => s.name), models, stock, plan };
}

export const tasks = (edgewise) => ({
  segment: async ({ customers, timestamps, amounts, unit, k, seed, nInit, backend }) => {
    const table = edgewise.rfm(Uint32Array.from(customers), Float64Array.from(timestamps), Float64Array.from(amounts), { unit });
    const t0 = performance.now();
    const seg = await segmentOnContext(edgewise, table, { k, seed, nInit }, backend);
    return { table, seg, ms: performance.now() - t0 };
  },
  elbow: ({ customers, timestamps, amounts, unit, seed, nInit }, progress) => {
    progress(0, 2);
    const table = edgewise.rfm(Uint32Array.from(customers), Float64Array.from(timestamps), Float64Array.from(amounts), { unit });
    const points = edgewise.rfmPoints(table);
    progress(1, 2);
    const out = edgewise.elbow(points, 3, { kMin: 1, kMax: 10, seed, nInit, silhouetteSample: 1000 });
    progress(2, 2);
    return out;
  },
  abTest: ({ a, b, level, split }) => edgewise.abTest({ a, b }, { level, split }),
  sampleSize: ({ rateA, rateB, power }) => edgewise.sampleSize({ rateA, rateB }, { power }),
  inventory: (args, progress) => inventoryTable(edgewise, args, progress),
});
