// What the probe cannot derive from the declared types: how to make a live instance of each class,
// a known-good read of each class's state (to tell a poisoned object from a healthy one), and the
// seed arguments of the exports whose valid input is structured (a file, a fitted table, a decision
// id). Every other export gets its valid arguments generated from its declared types.
import { npy, safetensors } from '../formats.mjs';

/** Shared valid inputs, made once per module instance. */
export function fixtures(ew) {
  const n = 12;
  const dim = 4;
  const emb = new Float32Array(n * dim);
  for (let i = 0; i < n; i++) for (let j = 0; j < dim; j++) emb[i * dim + j] = ((i * 7 + j * 3) % 11) / 5 - 1 + (j === i % dim ? 1 : 0);
  const store = () => {
    const s = ew.ItemStore.fromFloat32(emb, dim);
    s.setIds(Array.from({ length: n }, (_, i) => `sku${i}`));
    s.setCategories(Array.from({ length: n }, (_, i) => `c${i % 3}`));
    s.setPrices(Float64Array.from({ length: n }, (_, i) => 5 + i));
    s.setStock(Float64Array.from({ length: n }, (_, i) => (i % 4 === 0 ? 0 : i)));
    s.setPopularity(Float64Array.from({ length: n }, (_, i) => (i * 5) % 7));
    return s;
  };
  const series = Float64Array.from({ length: 48 }, (_, i) => 20 + 5 * Math.sin((2 * Math.PI * i) / 12) + (i % 5) + i * 0.1);
  // Daily timestamps of `series` and two dated events (MSTL's regressors).
  const days = Float64Array.from({ length: 48 }, (_, i) => Date.UTC(2024, 0, 1) + i * 86400e3);
  const holidays = [{ name: 'promo', date: '2024-01-10', before: 1, after: 1 }, { name: 'holiday', date: Date.UTC(2024, 0, 20) }];
  const points = Float32Array.from({ length: 60 }, (_, i) => (Math.floor(i / 20) * 5) + ((i * 37) % 10) / 10);
  const customers = Uint32Array.from({ length: 40 }, (_, i) => i % 10);
  const timestamps = Float64Array.from({ length: 40 }, (_, i) => (i * 13) % 90);
  const amounts = Float64Array.from({ length: 40 }, (_, i) => 5 + ((i * 17) % 50));
  const rfmTable = ew.rfm(customers, timestamps, amounts);
  const events = [
    { item: 'sku1', kind: 'view', timestampMs: 1000 },
    { item: 'sku2', kind: 'cart', timestampMs: 2000 },
    { item: 'sku3', kind: 'purchase', timestampMs: 3000 },
  ];
  // A .npy (2-D <f4) and a .safetensors file (F32 "emb"; I8 "q" with per-row "scales").
  const q = Int8Array.from(emb, (v) => Math.round(v * 50));
  const npyBytes = npy(emb, n, dim);
  const safetensorsBytes = safetensors({ emb: ['F32', [n, dim], emb], q: ['I8', [n, dim], q], scales: ['F32', [n], new Float32Array(n).fill(0.02)] });
  // A tiny Open Bandit Dataset log: 3 items, 2 slots, one user feature.
  const logCsv = ['item_id,position,click,propensity_score,user_feature_0']
    .concat(Array.from({ length: 24 }, (_, i) => `${i % 3},${1 + (i % 2)},${i % 5 === 0 ? 1 : 0},0.3333,c0${i % 2}`))
    .join('\n');
  const itemCsv = ',item_id,item_feature_0\n0,0,0.5\n1,1,-0.25\n2,2,1.0';
  const actionDistCsv = ['campaign,item_id,position,prob']
    .concat([0, 1, 2].flatMap((a) => [1, 2].map((p) => `all,${a},${p},0.3333`)))
    .join('\n');
  const linear = () => {
    const b = new ew.LinearBandit([0, 1, 2], { dim: 3, seed: 7 });
    b.update(0, [1, 0, 0], 1);
    b.update(1, [0, 1, 0], 0);
    return b;
  };
  const bandit = () => {
    const b = new ew.MultiArmedBandit([0, 1, 2], { seed: 7 });
    b.update(0, 1);
    b.update(1, 0);
    b.choose();
    return b;
  };
  const budget = () => {
    const b = new ew.PrivacyBudget(10, { delta: 1e-3, seed: 7 });
    b.charge('seeded', 0.5);
    return b;
  };
  const profile = (s) => {
    const p = new ew.ShopperProfile(dim);
    p.observe(s, events);
    return p;
  };
  const s0 = store();
  const fx = {
    n, dim, emb, store, series, days, holidays, points, customers, timestamps, amounts, rfmTable, events, npy: npyBytes, safetensors: safetensorsBytes,
    logCsv, itemCsv, actionDistCsv, linear, bandit, budget, profile,
    query: Float32Array.from([1, 0.5, -0.25, 0]),
    linearState: linear().exportState(),
    banditState: bandit().exportState(),
    budgetState: budget().exportState(),
    profileJSON: profile(s0).toJSON(),
  };
  s0.free();
  return fx;
}

/** How to make a live instance of each class. */
export const INSTANCES = {
  ItemStore: (ew, fx) => fx.store(),
  ShopperProfile: (ew, fx) => { const s = fx.store(); const p = fx.profile(s); s.free(); return p; },
  MultiArmedBandit: (ew, fx) => fx.bandit(),
  LinearBandit: (ew, fx) => fx.linear(),
  PrivacyBudget: (ew, fx) => fx.budget(),
  GpuContext: (ew) => ew.createCpuContext(),
  OnlineLogistic: (ew) => {
    const o = new ew.OnlineLogistic(3);
    o.update(new Float64Array([1, 0, 2]), 1);
    return o;
  },
  AlsTrainer: (ew) => {
    const t = new ew.AlsTrainer(['a', 'a', 'b', 'c'], ['x', 'y', 'y', 'z'], null, { factors: 2, seed: 1 });
    t.step();
    return t;
  },
};

const plainArray = (v) => (ArrayBuffer.isView(v) ? Array.from(v) : v);

/** A known-good, side-effect-free read of an instance's whole state, as comparable plain data. */
export const FINGERPRINTS = {
  ItemStore: (ew, s, fx) => {
    const r = ew.rank(s, new Float32Array(s.dim).fill(0.5), { k: s.len, rules: { dropOutOfStock: true, priceMax: 1e6 } });
    const cold = ew.rank(s, new Float32Array(s.dim), { k: s.len });
    return [s.len, s.dim, s.isInt8, s.embeddingBytes, plainArray(s.embedding(0)), s.id(0), s.category(0),
      plainArray(r.indices), plainArray(r.scores), r.filtered, plainArray(cold.indices)];
  },
  ShopperProfile: (ew, p) => JSON.stringify(p.toJSON()),
  MultiArmedBandit: (ew, b) => [b.policy, plainArray(b.exportState())],
  LinearBandit: (ew, b) => [b.policy, b.dim, plainArray(b.exportState())],
  PrivacyBudget: (ew, b) => [b.remainingEpsilon, b.spentDelta, JSON.stringify(b.releases()), plainArray(b.exportState())],
  GpuContext: (ew, g) => [g.backend, g.fallbackReason],
  OnlineLogistic: (ew, o) => [plainArray(o.toBytes()), o.predict(new Float64Array([1, 0, 2])), JSON.stringify(o.stats())],
  AlsTrainer: (ew, t) => [t.steps(), t.loss(), plainArray(t.itemFactors()), plainArray(t.userFactors()), t.userIds(), t.itemIds()],
};

/**
 * Seed arguments, by target id: each a function `(ew, fx, self) => args` (self: the fresh
 * instance a method is called on). Only exports whose valid input the types cannot describe.
 */
export const SEEDS = {
  // learn: labels are 0/1 (the generated Uint32Arrays hold other values), features a row-major matrix.
  rocAuc: [() => [Uint8Array.from([0, 1, 0, 1, 1, 0]), Float64Array.from([0.1, 0.8, 0.3, 0.6, 0.9, 0.2])]],
  rocCurve: [() => [Uint8Array.from([0, 1, 0, 1, 1, 0]), Float64Array.from([0.1, 0.8, 0.3, 0.6, 0.9, 0.2])]],
  prCurve: [() => [Uint8Array.from([0, 1, 0, 1, 1, 0]), Float64Array.from([0.1, 0.8, 0.3, 0.6, 0.9, 0.2])]],
  logLoss: [() => [Uint8Array.from([0, 1, 0, 1, 1, 0]), Float64Array.from([0.1, 0.8, 0.3, 0.6, 0.9, 0.2])]],
  brierScore: [() => [Uint8Array.from([0, 1, 0, 1, 1, 0]), Float64Array.from([0.1, 0.8, 0.3, 0.6, 0.9, 0.2])]],
  calibrationCurve: [() => [Uint8Array.from([0, 1, 0, 1, 1, 0]), Float64Array.from([0.1, 0.8, 0.3, 0.6, 0.9, 0.2]), { nBins: 3 }]],
  logisticRegression: [() => [Float64Array.from([0, 1, 1, 0, 2, 1, 3, 0, 1, 1, 4, 0]), 2, Uint8Array.from([0, 1, 0, 1, 1, 0]), { C: 1 }]],
  'OnlineLogistic.fromBytes': [(ew) => [new ew.OnlineLogistic(3).toBytes()]],
  'OnlineLogistic#predict': [() => [new Float64Array([1, 0, 2])]],
  'OnlineLogistic#update': [() => [new Float64Array([1, 0, 2]), 1]],
  // embeddings (ALS): ids with repeats, a 2-factor model.
  trainEmbeddings: [() => [['a', 'a', 'b', 'c'], ['x', 'y', 'y', 'z'], [1, 2, 1, 1], { factors: 2, iterations: 2, seed: 1 }]],
  trainEmbeddingsFromOrders: [() => [{ customers: ['a', 'a', 'b'], items: ['x', 'y', 'y'], quantities: [1, 2, 1] }, { factors: 2, iterations: 2 }]],
  'new AlsTrainer': [() => [['a', 'a', 'b', 'c'], ['x', 'y', 'y', 'z'], [1, 2, 1, 1], { factors: 2, seed: 1 }]],
  'AlsTrainer.fromOrders': [() => [{ customers: ['a', 'a', 'b'], items: ['x', 'y', 'y'] }, { factors: 2 }]],
  'AlsTrainer#gramOperand': [() => ['users']],
  'AlsTrainer#solveHalf': [() => ['items', new Float32Array([1, 0.1, 0.1, 1])]],
  'AlsTrainer#userVector': [() => ['a']],
  'AlsTrainer#userId': [() => [1]],
  forecast: [
    (ew, fx) => [fx.series, 3, { model: 'naive' }],
    (ew, fx) => [fx.series, 3, { model: 'seasonalNaive', seasonLength: 12, levels: [0.8] }],
    (ew, fx) => [fx.series, 3, { model: 'mstl', seasonLengths: [12], timestamps: fx.days, events: fx.holidays }],
  ],
  forecastBatch: [
    (ew, fx) => [fx.series, Uint32Array.from([0, 24, 48]), 3, { model: 'naive' }],
    (ew, fx) => [fx.series, Uint32Array.from([0, 24, 48]), 3, { model: 'mstl', seasonLengths: [7], timestamps: fx.days, events: fx.holidays }],
  ],
  crossValidation: [
    (ew, fx) => [fx.series, { horizon: 3, windows: 2, model: 'naive' }],
    (ew, fx) => [fx.series, { horizon: 3, windows: 2, model: 'mstl', seasonLengths: [7, 12], timestamps: fx.days, events: fx.holidays }],
  ],
  accuracy: [(ew, fx) => [fx.series.slice(40), fx.series.slice(36, 44), fx.series.slice(0, 36), 12, { lower: fx.series.slice(36, 44).map((v) => v - 3), upper: fx.series.slice(36, 44).map((v) => v + 3) }]],
  abTest: [() => [{ a: { conversions: 30, visitors: 1000 }, b: { conversions: 45, visitors: 1010 } }]],
  proportionTest: [() => [{ a: { conversions: 30, visitors: 1000 }, b: { conversions: 45, visitors: 1010 } }]],
  kmeans: [(ew, fx) => [fx.points, 2, { k: 3, nInit: 2, seed: 1 }]],
  elbow: [(ew, fx) => [fx.points, 2, { kMax: 4, nInit: 1, seed: 1 }]],
  silhouette: [(ew, fx) => [fx.points, 2, Uint32Array.from({ length: 30 }, (_, i) => Math.floor(i / 10))]],
  segmentRfm: [(ew, fx) => [fx.rfmTable, { k: 3, nInit: 1, seed: 1 }]],
  rfmPoints: [(ew, fx) => [fx.rfmTable]],
  rfm: [(ew, fx) => [fx.customers, fx.timestamps, fx.amounts]],
  churnData: [(ew, fx) => [fx.customers, fx.timestamps, fx.amounts, { cutoff: Math.min(...fx.timestamps) + 1, window: 30 }]],
  kDistanceKnee: [() => [[0.1, 0.12, 0.11, 0.13, 0.5, 0.9, 1.4, 0.12, 0.1, 0.14]]],
  evaluateOffPolicy: [(ew, fx) => [fx.logCsv, fx.itemCsv, 'uniform'], (ew, fx) => [fx.logCsv, fx.itemCsv, { actionDistCsv: fx.actionDistCsv, campaign: 'all' }]],
  evaluateLoggedFeedback: [() => [{ actions: [0, 1, 2, 0, 1, 2], rewards: [0, 1, 0, 1, 0, 1], pscores: new Array(6).fill(1 / 3), nActions: 3 }, 'uniform']],
  inventoryPlan: [() => [{ stock: [5, 10], mean: [8, 4], sd: [2, 1] }]],
  replenishmentPlan: [() => [{ mean: [80, 40], sd: [10, 8], stock: [5, 30], unitCost: [2, 3], holdingCost: 0.5, stockoutCost: 4, pack: [6, 1], minOrder: [12, 0] }, { budget: 150, capacity: 100 }]],
  leadTimeDemand: [() => [{ point: [10, 12, 11], sd: [1, 1, 1] }, 2]],
  synthCatalog: [() => [12, 4, 3, 1]],
  demandFromQuantiles: [() => [[0.1, 0.5, 0.9], [5, 10, 15]]],
  srmCheck: [() => [[500, 510], [1, 1]]],
  'new MultiArmedBandit': [() => [[0, 1, 2], { seed: 7 }]],
  // A propensity model must have one coefficient per feature (the store's dimension, 4).
  rank: [(ew, fx) => [fx.store(), fx.query, { k: 5, propensity: { model: { coef: [0.1, -0.2, 0.3, 0.4], intercept: -1 }, weight: 1 } }]],
  rankProfile: [(ew, fx) => { const s = fx.store(); return [s, fx.profile(s), { k: 5, propensity: { model: { coef: [0.1, -0.2, 0.3, 0.4], intercept: -1 }, weight: 1 } }]; }],
  propensityFeatures: [(ew, fx) => [fx.store(), [0, 3, 5], 'interaction', fx.query]],
  intraListDiversity: [(ew, fx) => [fx.store(), [0, 1, 2]]],
  simulateRegret: [() => [[0.1, 0.2], 50, { seed: 1 }]],
  simulateLdpFleet: [() => [[0.5, 0.3, 0.2], 100, 1, { seed: 1 }]],
  'GpuContext#kmeansAssign': [(ew, fx) => [fx.points, fx.points.slice(0, 6), 2]],
  'GpuContext#kmeans': [(ew, fx) => [fx.points, 2, { k: 3, nInit: 1, seed: 1 }]],
  'GpuContext#segmentRfm': [(ew, fx) => [fx.rfmTable, { k: 3, nInit: 1, seed: 1 }]],
  'GpuContext#scoresTopK': [(ew, fx) => [fx.query, fx.emb, fx.dim, 3]],
  'GpuContext#scores': [(ew, fx) => [fx.query, fx.emb, fx.dim]],
  'GpuContext#setItems': [(ew, fx) => [fx.emb, fx.dim]],
  'GpuContext#topK': [(ew, fx, self) => { self.setItems(fx.emb, fx.dim); return [fx.query, 3]; }],
  'ItemStore.fromFloat32': [(ew, fx) => [fx.emb, fx.dim]],
  'ItemStore.fromNpy': [(ew, fx) => [fx.npy]],
  'ItemStore.fromSafetensors': [(ew, fx) => [fx.safetensors, 'emb'], (ew, fx) => [fx.safetensors, 'q', 'scales']],
  'ItemStore.safetensorsNames': [(ew, fx) => [fx.safetensors]],
  'ItemStore#indexOf': [() => ['sku3']],
  'ItemStore#setIds': [(ew, fx) => [Array.from({ length: fx.n }, (_, i) => `id${i}`)]],
  'ItemStore#setCategories': [(ew, fx) => [Array.from({ length: fx.n }, (_, i) => `k${i % 2}`)]],
  'new LinearBandit': [() => [[0, 1, 2], { dim: 3, seed: 7 }]],
  'LinearBandit.importState': [(ew, fx) => [fx.linearState]],
  'LinearBandit#loadState': [(ew, fx) => [fx.linearState]],
  'LinearBandit#choose': [() => [[1, 0.5, 0]]],
  'LinearBandit#scores': [() => [[1, 0.5, 0]]],
  'LinearBandit#choosePerArm': [() => [[1, 0, 0, 0, 1, 0, 0, 0, 1]]],
  'LinearBandit#update': [() => [2, [0, 0, 1], 1]],
  'LinearBandit#reward': [(ew, fx, self) => [self.choose([1, 0.5, 0]).decisionId, 1]],
  'MultiArmedBandit.importState': [(ew, fx) => [fx.banditState]],
  'MultiArmedBandit#loadState': [(ew, fx) => [fx.banditState]],
  'MultiArmedBandit#reward': [(ew, fx, self) => [self.choose().decisionId, 1]],
  'PrivacyBudget.importState': [(ew, fx) => [fx.budgetState, { seed: 1 }]],
  'PrivacyBudget#gaussian': [() => [0.5, 0, 1, 0.5, 1e-5]],
  'ShopperProfile.fromJSON': [(ew, fx) => [fx.profileJSON]],
  'ShopperProfile#observe': [(ew, fx) => [fx.store(), fx.events]],
};
