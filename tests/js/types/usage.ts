// The README's JS examples, made self-contained, type-checked against pkg/edgewise.d.ts by
// tests/js/types.test.mjs (`tsc --noEmit --strict`). Never run: only its types matter.
import init, {
  version, forecast, forecastBatch, detectSeasonality, crossValidation, accuracy,
  rfm, segmentRfm, kmeans, elbow, abTest, proportionTest, welchTest, sampleSize, srmCheck,
  leadTimeDemand, inventoryPlan, stockoutRisk, newsvendor,
  MultiArmedBandit, LinearBandit, PrivacyBudget, simulateRegret,
  ItemStore, ShopperProfile, rank, rankProfile, supplyRisks, synthCatalog, ndcgAtK,
  createGpuContext,
} from '../../../pkg/edgewise.js';
import {
  logisticRegression, logisticPredict, rocAuc, rocCurve, prCurve, logLoss, brierScore,
  calibrationCurve, dbscan, kDistance, OnlineLogistic,
} from '../../../pkg/edgewise.js';

export async function readme(): Promise<void> {
  await init();
  const v: string = version();

  const sales = new Float64Array([112, 118, 132, 129, 121, 135, 148, 148, 136, 119, 104, 118]);
  const fc = forecast(sales, 12, { model: 'seasonalNaive', seasonLength: 12, levels: [0.8, 0.95] });
  const point: Float64Array = fc.point;
  const auto = forecast(sales, 12); // options are optional
  forecast(sales, 12, { levels: [0.95], seed: 1 });
  forecast(sales, 12, { search: 'statsforecast' });
  const offsets = new Uint32Array([0, 6, 12]);
  forecastBatch(sales, offsets, 3, { seed: 1 }, (done, total) => console.log(done / total));
  forecastBatch(sales, offsets, 3);
  const m: number = detectSeasonality(sales);
  crossValidation(sales, { horizon: 6, windows: 3 });
  const promo = Array.from(sales, (_, t) => (t % 6 === 0 ? 1 : 0));
  forecast(sales, 3, { model: 'arima', order: [1, 0, 0], xreg: promo.map((p) => [p]), futureXreg: [[1], [0], [0]] });
  crossValidation(sales, { model: 'arima', order: [1, 0, 0], horizon: 3, xreg: promo.map((p) => [p]) });
  const xs = [promo.slice(0, 6).map((p) => [p]), promo.slice(6).map((p) => [p])];
  forecastBatch(sales, offsets, 3, { model: 'autoARIMA', xreg: xs, futureXreg: [[[1], [0], [0]], [[0], [0], [1]]] });
  forecast(sales, 3, {
    model: 'mstl', seasonLengths: [6], timestamps: Array.from(sales, (_, t) => Date.UTC(2022, t, 1)),
    events: [{ name: 'promo', date: '2022-11-25', before: 0, after: 1 }],
  });
  const days = Float64Array.from(sales, (_, t) => Date.UTC(2022, 0, 1 + (t % 6)));
  forecastBatch(sales, offsets, 3, { model: 'mstl', timestamps: days, events: [{ name: 'promo', date: '2022-01-03' }] });
  accuracy(sales.subarray(6), auto.point.subarray(0, 6), sales.subarray(0, 6), 1);

  const customerIds = new Uint32Array([1, 1, 2]);
  const orderDays = new Float64Array([0, 10, 5]);
  const amounts = new Float64Array([10, 20, 5]);
  const table = rfm(customerIds, orderDays, amounts);
  const seg = segmentRfm(table, { k: 2, seed: 1 });
  const labels: Uint32Array = seg.labels;
  segmentRfm(table);
  kmeans(new Float32Array([0, 0, 1, 1]), 2, { k: 2 });
  kmeans(new Float32Array([0, 0, 1, 1]), 2);
  elbow(new Float32Array([0, 0, 1, 1]), 2);
  abTest({ a: { conversions: 100, visitors: 1000 }, b: { conversions: 130, visitors: 1000 } }).verdict;
  proportionTest({ a: { conversions: 100, visitors: 1000 }, b: { conversions: 130, visitors: 1000 } });
  welchTest([1, 2, 3], [2, 3, 4]);
  sampleSize({ rateA: 0.1, rateB: 0.12 });
  srmCheck([5000, 5100], [1, 1]);
  const d = leadTimeDemand(fc, 3, { level: 0.95 });
  leadTimeDemand(fc, 3);
  const risk: Float64Array = inventoryPlan({ stock: [300], mean: [d.mean], sd: [d.sd] }, { serviceLevel: 0.95 }).stockoutRisk;
  inventoryPlan({ stock: [300], mean: [d.mean], sd: [d.sd] });
  stockoutRisk(d, 300);
  newsvendor(d, 3, 1);

  const bandit = new MultiArmedBandit([0, 1, 2], { policy: 'thompson', seed: 42 });
  new MultiArmedBandit([0, 1]);
  const { decisionId, arm } = bandit.choose();
  bandit.reward(decisionId, arm === 0 ? 1 : 0);
  const bytes: Uint8Array = bandit.exportState();
  bandit.loadState(bytes);
  const lin = new LinearBandit([0, 1, 2], { policy: 'linUcb', dim: 8, alpha: 1 });
  lin.choose(new Float64Array(8));
  const budget = new PrivacyBudget(1.0, { seed: 7 });
  budget.randomizedResponse(2, 5, 0.5);
  simulateRegret([0.1, 0.2], 100);

  const cat = synthCatalog(100, 8, 4, 1);
  const store = ItemStore.fromFloat32(cat.embeddings, 8).quantizeInt8();
  store.setIds(Array.from({ length: 100 }, (_, i) => `sku-${i}`));
  store.setPopularity(new Float64Array(100).fill(1));
  const profile = new ShopperProfile(store.dim);
  new ShopperProfile(store.dim, { halfLifeMs: 60_000 });
  profile.observe(store, [{ item: 'sku-42', kind: 'cart', timestampMs: Date.now() }]);
  const stock = new Float64Array(100).fill(5);
  const top = rankProfile(store, profile, {
    k: 20, diversity: { lambda: 0.7 }, categoryCap: 3,
    rules: { dropOutOfStock: true, suppressPurchased: true, pins: [{ id: 'sku-1', slot: 0 }] },
    supply: { risk: supplyRisks(stock, { mean: stock, sd: stock }), strength: 0.5 },
  });
  rankProfile(store, profile);
  const q = profile.vectorAt();
  rank(store, q);
  ndcgAtK(top.indices, [1, 2], 10);

  const ctx = await createGpuContext();
  await createGpuContext({ maxBufferBytes: 64 << 20 });
  const backend: string = ctx.backend;
  const reason: string | undefined = ctx.fallbackReason;
  const users = new Float32Array(64);
  const items = new Float32Array(64 * 10);
  const { indices, scores } = await ctx.scoresTopK(users, items, 64, 5);
  const gseg = await ctx.segmentRfm(table, { k: 2, seed: 1 });
  const ran: 'gpu' | 'cpu' = gseg.backend;
  const adapter: string | null = gseg.adapter;
  const gkm = await ctx.kmeans(new Float32Array([0, 0, 1, 1]), 2);
  const why: string | null = gkm.fallbackReason;
  const glabels: Uint32Array = gkm.labels;
  console.log(v, point, m, labels, risk, backend, reason, indices, scores, ran, adapter, why, glabels);
}

// The README's "Learning" example.
export function learn(features: Float64Array, churned: Uint8Array, points: Float64Array): void {
  const model = logisticRegression(features, 6, churned, { C: 1, classWeight: 'balanced' });
  logisticRegression(features, 6, churned);
  logisticRegression(features, 6, churned, { l1Ratio: 0.5, classWeight: [1, 3], sampleWeight: [1, 2] });
  const coef: Float64Array = model.coef;
  const risk: Float64Array = logisticPredict(model, features);
  const auc: number = rocAuc(churned, risk);
  const { fpr, tpr, thresholds } = rocCurve(churned, risk);
  const pr = prCurve(churned, risk);
  const losses: number = logLoss(churned, risk) + brierScore(churned, risk);
  const cal = calibrationCurve(churned, risk, { nBins: 10 });
  calibrationCurve(churned, risk);
  const seg = dbscan(points, 3, { eps: 0.3, minSamples: 10 });
  const labels: Int32Array = seg.labels;
  const core: Uint8Array = seg.core;
  const kd: Float64Array = kDistance(points, 3, 10).sort();
  const clicks = new OnlineLogistic(4, { alpha: 0.1, l1: 0.5 });
  const before: number = clicks.update([1, 0, 0.3, 2], 1);
  const saved: Uint8Array = clicks.toBytes();
  const restored = OnlineLogistic.fromBytes(saved);
  const p: number = restored.predict(new Float64Array([1, 0, 0.3, 2]));
  console.log(coef, auc, fpr, tpr, thresholds, pr.precision, losses, cal.counts, labels, core, kd, before, p, clicks.stats().seen);
}
