// Issue #12 item 6(c), run in a worker: a thousand failing calls in a row, a mix across exports,
// then a forecast, a ranking and a bandit choice must still give the right answers.
import { parentPort, workerData } from 'node:worker_threads';

const ew = await import(workerData.gluePath);
ew.initSync({ module: workerData.module });

const series = Float64Array.from({ length: 48 }, (_, i) => 20 + 5 * Math.sin((2 * Math.PI * i) / 12) + (i % 5));
const dim = 4;
const emb = Float32Array.from({ length: 8 * dim }, (_, i) => (Math.floor(i / dim) === i % dim + 2 ? 1 : 0.01 * (i % 7)));
const store = ew.ItemStore.fromFloat32(emb, dim);
const profile = new ew.ShopperProfile(dim);
const bandit = new ew.MultiArmedBandit([0, 1, 2], { policy: 'epsilonGreedy', epsilon: 0, seed: 3 });
bandit.update(0, 0);
bandit.update(1, 1);
bandit.update(2, 0.25);
const budget = new ew.PrivacyBudget(1, { seed: 1 });
const linear = new ew.LinearBandit([0, 1], { dim: 2, seed: 1 });
const gpu = ew.createCpuContext();
const freed = ew.ItemStore.fromFloat32(emb, dim);
freed.free();
const big = 4294967295;

/** Answers that must not change: computed before the failures, compared after. */
function answers() {
  const f = ew.forecast([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 3, { model: 'naive' });
  const ets = ew.forecast(series, 6, { model: 'ets', spec: 'AAN', levels: [0.8], seed: 1 });
  const r = ew.rank(store, Float32Array.from([0, 1, 0, 0]), { k: 3 });
  const b = bandit.choose();
  return {
    naive: Array.from(f.point),
    ets: [ets.model, Array.from(ets.point), Array.from(ets.lower[0])],
    rankTop: r.indices[0],
    rankIds: Array.from(r.indices),
    arm: b.arm,
  };
}

const failing = [
  () => ew.forecast(series, big, { model: 'naive' }),
  () => ew.forecast('not numbers', 3),
  () => ew.forecast(series, 3, { model: 'nope' }),
  () => ew.forecastBatch(series, [0, 100], 3),
  () => ew.crossValidation(series, { horizon: big, windows: 2, step: 3, model: 'naive' }),
  () => ew.crossValidation(series, { horizon: 3, windows: 2, step: big, model: 'naive' }),
  () => new ew.ShopperProfile(big),
  () => ew.synthCatalog(big, 4, 3, 1),
  () => budget.unaryEncoding(1, big, 0.5),
  () => ew.evaluateLoggedFeedback({ actions: [0], rewards: [1], pscores: [0.5], nActions: big }, 'uniform'),
  () => ew.elbow(emb, dim, { kMax: big }),
  () => ew.elbow(emb, dim, { kMin: big, kMax: 3 }),
  () => ew.kmeans(emb, 0),
  () => ew.ItemStore.fromSafetensors(new Uint8Array(16), 5),
  () => ew.ItemStore.fromNpy(new Uint8Array(12)),
  () => store.setPrices(Object.create(null)),
  () => store.setIds({ length: 1e9 }),
  () => store.embedding(big),
  () => Object.getOwnPropertyDescriptor(ew.ItemStore.prototype, 'len').get.call(profile),
  () => ew.ItemStore.prototype.embedding.call(freed, 0),
  () => ew.rank(store, 'query'),
  () => ew.rank(freed, Float32Array.from([1, 0, 0, 0])),
  () => ew.rank(profile, Float32Array.from([1, 0, 0, 0])),
  () => profile.observe(store, [{ item: 0, kind: 'teleport', timestampMs: 1 }]),
  () => ew.abTest({}),
  () => ew.abTest({ a: { conversions: 5, visitors: 1 }, b: { conversions: 1, visitors: 10 } }),
  () => ew.MultiArmedBandit.importState(new Uint8Array(10)),
  () => bandit.loadState(new Uint8Array(40)),
  () => bandit.reward(123456789, 1),
  () => bandit.addArm(0),
  () => new ew.MultiArmedBandit([0, 0]),
  () => new ew.LinearBandit([0], { dim: 0 }),
  () => linear.choose([1, 2, 3]),
  () => linear.update(7, [1, 2], 1),
  () => new ew.PrivacyBudget(-1),
  () => budget.charge('x', 1e9),
  () => ew.ShopperProfile.fromJSON('{'),
  () => ew.detectSeasonality([1, 2, 3], -1),
  () => ew.eoq(-1, 1, 1),
  () => ew.srmCheck([1, 2], [1]),
  () => ew.silhouette(emb, dim, [0, 1]),
  () => ew.rfm([0, 1], [1], [1, 2]),
  () => ew.segmentRfm({ recency: [1], frequency: [1] }),
  () => ew.simulateRegret([], 10),
  () => ew.decodeRandomizedResponse([5], 2, 1),
  () => ew.inventoryPlan({ stock: [1], mean: [1, 2] }),
  () => ew.newsvendor({ mean: 1, sd: -1 }, 1, 1),
  () => ew.welchTest([1], [2]),
  () => ew.evaluateOffPolicy('', '', 'uniform'),
  () => gpu.scores({ length: 1e9 }, emb, dim),
  () => gpu.kmeansAssign(emb, emb, 0),
  () => gpu.topK(Float32Array.from([1, 0, 0, 0]), 0),
];

const before = answers();
const problems = [];
let failed = 0;
for (let i = 0; i < 1000; i++) {
  const k = i % failing.length;
  let threw = null;
  try {
    const r = failing[k]();
    if (r && typeof r.then === 'function') await r;
  } catch (e) {
    threw = e;
  }
  if (threw instanceof WebAssembly.RuntimeError) problems.push(`call ${i} (failing[${k}]) trapped: ${threw.message}`);
  else if (!(threw instanceof Error)) problems.push(`call ${i} (failing[${k}]: ${failing[k].toString().slice(6, 90)}) ${threw === null ? 'did not fail' : `threw a non-Error: ${String(threw)}`}`);
  else failed += 1;
  if (problems.length > 40) break;
}
let after;
try {
  after = answers();
} catch (e) {
  problems.push(`after the failing calls, the known-good calls throw: ${e?.message ?? e}`);
}
parentPort.postMessage({ before, after, failed, problems: [...new Set(problems.map((p) => p.replace(/^call \d+ /, 'a call ')))] });
