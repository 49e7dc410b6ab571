// A learned click propensity in rankProfile, as a storefront wires it: the page trains an
// OnlineLogistic on `propensityFeatures` rows from impressions and clicks, passes `model()` as
// options.propensity.model, and the ranking adds weight * p(click), explained in
// parts.clickProbability / parts.propensity. Bad models and features are named errors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadEdgewise } from './load.mjs';

const ew = await loadEdgewise();

function throwsMessage(fn, re) {
  assert.throws(fn, (e) => e instanceof Error && re.test(e.message), `expected ${re}`);
}

// 8 items in 3-D: 0–3 along x ("shoes"), 4–7 along y ("hats"); z = 1 marks the items clicks follow.
const EMB = new Float32Array([
  1, 0.1, 0, 0.9, 0, 0, 0.8, 0.1, 1, 0.7, 0, 1,
  0.1, 1, 0, 0, 0.9, 0, 0.1, 0.8, 1, 0, 0.7, 1,
]);

function partsAddUp(r) {
  const p = r.parts;
  for (let i = 0; i < r.indices.length; i++) {
    const sum = p.local[i] + p.server[i] + p.propensity[i] + p.ruleBoost[i] - p.supplyPenalty[i] - p.diversityPenalty[i];
    assert.ok(Math.abs(sum - r.scores[i]) < 1e-12, `row ${i}`);
    assert.ok(p.clickProbability[i] >= 0 && p.clickProbability[i] <= 1);
  }
}

test('an OnlineLogistic trained on propensityFeatures reorders rankProfile, explained in parts', () => {
  const store = ew.ItemStore.fromFloat32(EMB, 3);
  const profile = new ew.ShopperProfile(3);
  profile.observe(store, [{ item: 0, kind: 'view', timestampMs: 0 }]);
  const plain = ew.rankProfile(store, profile, { k: 8 });
  assert.deepEqual(Array.from(plain.indices.slice(0, 4)), [0, 1, 2, 3]);
  assert.ok(plain.parts.clickProbability.every((p) => p === 0));

  const learner = new ew.OnlineLogistic(3);
  const all = [0, 1, 2, 3, 4, 5, 6, 7];
  const rows = ew.propensityFeatures(store, all, 'embedding');
  assert.ok(rows instanceof Float64Array && rows.length === 24);
  assert.deepEqual(Array.from(rows.slice(6, 9)), Array.from(EMB.slice(6, 9), Number));
  for (let round = 0; round < 300; round++) {
    const i = round % 8;
    const x = rows.subarray(i * 3, i * 3 + 3);
    const clicked = x[2] > 0.5 ? round % 3 !== 0 : round % 7 === 0;
    learner.update(x, clicked ? 1 : 0);
  }
  const model = learner.model();
  const r = ew.rankProfile(store, profile, { k: 8, propensity: { model, weight: 2 } });
  partsAddUp(r);
  for (let n = 0; n < r.indices.length; n++) {
    const i = r.indices[n];
    const p = learner.predict(rows.subarray(i * 3, i * 3 + 3));
    assert.ok(Math.abs(r.parts.clickProbability[n] - p) < 1e-12, `item ${i}`);
    assert.ok(Math.abs(r.parts.propensity[n] - 2 * p) < 1e-12);
  }
  assert.deepEqual(Array.from(r.indices.slice(0, 2)), [2, 3]);
  // Weight 0 shows p and keeps the order.
  const shown = ew.rankProfile(store, profile, { k: 8, propensity: { model, weight: 0 } });
  assert.deepEqual(shown.indices, plain.indices);
  assert.ok(shown.parts.clickProbability.every((p) => p > 0));

  // A personal model on the interaction features, from the profile's vector; and a batch
  // logisticRegression result (extra keys nIter, converged, kktViolation) is accepted too.
  const q = profile.vectorAt();
  const inter = ew.propensityFeatures(store, all, 'interaction', q);
  const y = all.map((i) => (EMB[i * 3 + 2] > 0.5 ? 1 : 0));
  const batch = ew.logisticRegression(inter, 3, y, { C: 10 });
  assert.ok('nIter' in batch);
  const rb = ew.rankProfile(store, profile, { k: 8, propensity: { model: batch, features: 'interaction' } });
  partsAddUp(rb);
  const probs = ew.logisticPredict(batch, inter);
  for (let n = 0; n < rb.indices.length; n++) {
    assert.ok(Math.abs(rb.parts.clickProbability[n] - probs[rb.indices[n]]) < 1e-12);
  }
  // Page item features (a discount flag): the discounted hat leads a query for hats.
  const discount = { values: [0, 0, 0, 0, 0, 1, 0, 0], dim: 1 };
  const rd = ew.rank(store, [0, 1, 0], { k: 3, propensity: { model: { coef: [4], intercept: -2 }, features: discount } });
  assert.equal(rd.indices[0], 5);
  assert.deepEqual(Array.from(ew.propensityFeatures(store, [5, 4], discount)), [1, 0]);
  learner.free();
  profile.free();
  store.free();
});

test('bad propensity options and propensityFeatures arguments are named errors; nothing is poisoned', () => {
  const store = ew.ItemStore.fromFloat32(EMB, 3);
  const model = { coef: [0.1, 0.2, 0.3], intercept: -1 };
  const rank = (propensity) => () => ew.rank(store, [1, 0, 0], { k: 3, propensity });
  const cases = [
    [rank({ weight: 1 }), /^invalid argument `options.propensity.model`: expected a logistic model \{coef, intercept\}/],
    [rank({ model: { coef: [1, 2], intercept: 0 } }),
      /^invalid argument `options.propensity.model.coef`: expected 3 coefficients \(one per feature\), got 2 values$/],
    [rank({ model: { coef: [1, 2, 3] } }), /^invalid argument `options.propensity.model.intercept`: expected a finite number, got undefined$/],
    [rank({ model: { ...model, intercept: NaN } }), /^invalid argument `options.propensity.model.intercept`/],
    [rank({ model: { ...model, coef: [1, NaN, 0] } }), /^invalid argument `options.propensity.model.coef`/],
    [rank({ model: { ...model, coef: { length: 1e9 } } }), /^invalid argument `options.propensity.model.coef`/],
    [rank({ model, weight: Infinity }), /^invalid argument `options.propensity.weight`/],
    [rank({ model, weight: '2' }), /^invalid argument `options.propensity.weight`/],
    [rank({ model, features: 'clicks' }),
      /^invalid argument `options.propensity.features`: expected "embedding", "interaction" or \{values, dim\}, got "clicks"$/],
    [rank({ model: { coef: [1], intercept: 0 }, features: { values: [1, 2], dim: 1 } }),
      /^invalid argument `options.propensity.features.values`: expected items × dim = 8×1 values \(store order\), got 2 values$/],
    [rank({ model: { coef: [1], intercept: 0 }, features: { values: [1, 2], dim: 2 ** 32 - 1 } }),
      /^invalid argument `options.propensity.features.dim`/],
    [rank({ model: { coef: [1], intercept: 0 }, features: { dim: 1 } }), /^invalid argument `options.propensity.features.values`/],
    [rank({ model: { coef: [1], intercept: 0 }, features: {} }),
      /^invalid argument `options.propensity.features`: expected "embedding", "interaction" or \{values, dim\}, got an object with neither values nor dim$/],
    [rank({ model, feature: 'embedding' }), /unknown key `feature`/],
    [rank({ model: { ...model, bias: 1 } }), /unknown key `bias`/],
    [rank('embedding'), /^invalid argument `options.propensity`: expected an options object/],
    [() => ew.propensityFeatures(store, [8], 'embedding'), /^invalid argument `indices\[0\]`: expected a store index below 8, got 8$/],
    [() => ew.propensityFeatures(store, [0], 'interaction'),
      /^invalid argument `query`: expected the shopper's vector for "interaction" features, got undefined$/],
    [() => ew.propensityFeatures(store, [0], 'interaction', [1, 0]), /^invalid argument `query`: expected 3 values \(the store's dimension\), got 2 values$/],
    [() => ew.propensityFeatures(store, [0], { values: [1], dim: 1 }), /^invalid argument `features.values`/],
    [() => ew.propensityFeatures(store, [0], 'interaction', [1e308, 1, 0]), /^invalid argument `query`/],
    [() => ew.propensityFeatures(store, { length: 1e9 }, 'embedding'), /^invalid argument `indices`/],
    [() => ew.propensityFeatures(store, [0], 7n), /^invalid argument `features`/],
  ];
  for (const [fn, re] of cases) throwsMessage(fn, re);
  // The store still ranks as before.
  assert.equal(ew.rank(store, [1, 0, 0], { k: 3, propensity: { model } }).indices.length, 3);
  store.free();
});
