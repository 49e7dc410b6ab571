// Worker-side analytics methods: called by name from the page through worker.js.
import { sharedContext } from './compute.js';

/**
 * segmentRfm on the worker's compute context: every k-means assignment step on the GPU when there
 * is one, else the CPU. The result says which ran: `backend`, `adapter`, `fallbackReason`.
 */
export async function segmentOnContext(edgewise, table, options) {
  const ctx = await sharedContext(edgewise);
  if (ctx) return ctx.segmentRfm(table, options);
  return {
    ...edgewise.segmentRfm(table, options),
    backend: 'cpu',
    adapter: null,
    fallbackReason: 'this build of edgewise has no GPU support (cargo feature `gpu`)',
  };
}

/** The panel's line saying where the k-means ran (and, with `ms`, how long the segmentation took). */
export function backendLabel(seg, ms) {
  const where = seg.backend === 'gpu' ? `k-means on GPU (${seg.adapter})` : `k-means on CPU: ${seg.fallbackReason}`;
  return ms === undefined ? where : `${where} · ${ms.toFixed(0)} ms`;
}

/** Forecast options used for a bundled series: AutoETS with its season length (seeded intervals). */
export function forecastOptions(series) {
  return { seasonLength: series.seasonLength, levels: [0.95], seed: 1 };
}

/** The inventory pipeline: forecast each series over the lead time → lead-time demand → plan. */
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
  segment: async ({ customers, timestamps, amounts, unit, k, seed, nInit }) => {
    const table = edgewise.rfm(Uint32Array.from(customers), Float64Array.from(timestamps), Float64Array.from(amounts), { unit });
    const t0 = performance.now();
    const seg = await segmentOnContext(edgewise, table, { k, seed, nInit });
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
