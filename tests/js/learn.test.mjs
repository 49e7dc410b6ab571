// The learn API as a web developer uses it: a churn model with its ROC curve and calibration,
// DBSCAN with noise and the k-distance helper, an online learner saved and restored — all against
// the scikit-learn fixtures of tests/fixtures/learn; hostile input throws named Errors and the
// module keeps working.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { loadEdgewise, root } from './load.mjs';

const edgewise = await loadEdgewise();
const csv = (name) => {
  const [head, ...rows] = readFileSync(`${root}tests/fixtures/learn/${name}`, 'utf8').trim().split('\n');
  return { head: head.split(','), rows: rows.map((l) => l.split(',')) };
};
const num = (s) => (s === 'inf' ? Infinity : s === 'nan' ? NaN : Number(s));

function churn() {
  const { rows } = csv('churn.csv');
  return {
    x: Float64Array.from(rows.flatMap((r) => r.slice(1, 7).map(Number))),
    y: Uint8Array.from(rows, (r) => Number(r[7])),
  };
}
const logisticRef = (name) => {
  const rows = csv('logistic_ref.csv').rows.filter((r) => r[0] === name);
  return {
    coef: rows.filter((r) => r[1] === 'coef').map((r) => Number(r[3])),
    intercept: Number(rows.find((r) => r[1] === 'intercept')[3]),
  };
};
const maxDiff = (a, b) => Math.max(...Array.from(a, (v, i) => Math.abs(v - b[i])));

test('churn model: coefficients, AUC, ROC and calibration equal scikit-learn', () => {
  const { x, y } = churn();
  const m = edgewise.logisticRegression(x, 6, y);
  const ref = logisticRef('churn_l2');
  assert.ok(m.coef instanceof Float64Array && m.converged);
  assert.ok(maxDiff(m.coef, ref.coef) < 1e-6 && Math.abs(m.intercept - ref.intercept) < 1e-6);
  const enet = edgewise.logisticRegression(x, 6, y, { C: 0.02, l1Ratio: 0.9, classWeight: 'balanced' });
  const eref = logisticRef('churn_enet_c0.02_r0.9_balanced');
  assert.ok(maxDiff(enet.coef, eref.coef) < 1e-6);
  assert.deepEqual(Array.from(enet.coef, (c) => c === 0), eref.coef.map((c) => c === 0));
  const weighted = edgewise.logisticRegression(x, 6, y, { C: 0.5, classWeight: [1, 3] });
  assert.ok(maxDiff(weighted.coef, logisticRef('churn_l2_weights_1_3').coef) < 1e-6);

  const p = edgewise.logisticPredict(m, x);
  const metrics = Object.fromEntries(
    csv('metrics_ref.csv').rows.filter((r) => r[0] === 'churn').map((r) => [r[1], Number(r[2])]));
  assert.ok(Math.abs(edgewise.rocAuc(y, p) - metrics.roc_auc) < 1e-9);
  assert.ok(Math.abs(edgewise.logLoss(y, p) - metrics.log_loss) < 1e-9);
  assert.ok(Math.abs(edgewise.brierScore(y, p) - metrics.brier) < 1e-9);
  const curves = csv('curves_ref.csv').rows.filter((r) => r[0] === 'churn');
  const roc = edgewise.rocCurve(y, p);
  const want = curves.filter((r) => r[1] === 'roc');
  assert.equal(roc.fpr.length, want.length);
  assert.equal(roc.thresholds[0], Infinity);
  want.forEach((r, i) => assert.ok(Math.abs(roc.fpr[i] - num(r[3])) < 1e-12 && Math.abs(roc.tpr[i] - num(r[4])) < 1e-12));
  const pr = edgewise.prCurve(y, p);
  assert.equal(pr.precision.length, curves.filter((r) => r[1] === 'pr').length);
  assert.equal(pr.thresholds.length, pr.precision.length - 1);
  const cal = edgewise.calibrationCurve(y, p, { nBins: 10 });
  const cwant = curves.filter((r) => r[1] === 'calibration10');
  assert.equal(cal.probTrue.length, cwant.length);
  cwant.forEach((r, i) => assert.ok(Math.abs(cal.probPred[i] - num(r[4])) < 1e-9));
  assert.equal(cal.counts.reduce((a, b) => a + b, 0), y.length);
});

test('AUC with tied scores equals scikit-learn', () => {
  const { rows } = csv('ties.csv');
  const want = Number(csv('metrics_ref.csv').rows.find((r) => r[0] === 'ties' && r[1] === 'roc_auc')[2]);
  const auc = edgewise.rocAuc(rows.map((r) => Number(r[0])), rows.map((r) => Number(r[1])));
  assert.ok(Math.abs(auc - want) < 1e-12, `${auc} vs ${want}`);
});

test('DBSCAN labels, core flags and k-distances equal scikit-learn', () => {
  const ref = csv('dbscan_ref.csv').rows;
  const kref = csv('kdist_ref.csv').rows;
  for (const name of ['blobs2d', 'bridge', 'churn3d', 'blobs8d']) {
    const { head, rows } = csv(`dbscan_points_${name}.csv`);
    const points = Float64Array.from(rows.flat().map(Number));
    const mine = ref.filter((r) => r[0] === name);
    const r = edgewise.dbscan(points, head.length, { eps: Number(mine[0][1]), minSamples: Number(mine[0][2]) });
    assert.ok(r.labels instanceof Int32Array && r.core instanceof Uint8Array);
    assert.deepEqual(Array.from(r.labels), mine.map((m) => Number(m[4])), name);
    assert.deepEqual(Array.from(r.core), mine.map((m) => Number(m[5])), name);
    assert.equal(r.nClusters, Math.max(...r.labels) + 1);
    const kd = edgewise.kDistance(points, head.length, Number(mine[0][2]));
    kref.filter((k) => k[0] === name).forEach((k, i) => assert.ok(Math.abs(kd[i] - Number(k[3])) < 1e-12));
  }
});

test('OnlineLogistic learns, saves and restores', () => {
  const { x, y } = churn();
  const online = new edgewise.OnlineLogistic(6, { alpha: 0.2 });
  for (let i = 0; i < y.length; i++) online.update(x.subarray(i * 6, i * 6 + 6), y[i]);
  const scores = Float64Array.from(y, (_, i) => online.predict(x.subarray(i * 6, i * 6 + 6)));
  assert.ok(edgewise.rocAuc(y, scores) > 0.85);
  assert.equal(online.stats().seen, y.length);
  const copy = edgewise.OnlineLogistic.fromBytes(online.toBytes());
  assert.equal(copy.predict(x.subarray(0, 6)), online.predict(x.subarray(0, 6)));
  assert.deepEqual(Array.from(edgewise.logisticPredict(copy.model(), x.subarray(0, 6))), [online.predict(x.subarray(0, 6))]);
  // A refused update leaves the learner as it was.
  const before = online.toBytes();
  assert.throws(() => online.update([1, 2], 1), /`features`: expected 6 values, got 2 values/);
  assert.throws(() => online.update(x.subarray(0, 6), 0.5), /`label`: expected 0 or 1/);
  assert.throws(() => online.update(x.subarray(0, 6), 1n), /`label`: expected a number, got a BigInt/);
  assert.deepEqual(online.toBytes(), before);
  const truncated = before.slice(0, before.length - 1);
  assert.throws(() => edgewise.OnlineLogistic.fromBytes(truncated), /FTRL state/);
  copy.free();
  assert.throws(() => copy.predict(x.subarray(0, 6)));
  copy.free();
  online.free();
});

test('hostile input throws Errors that name the argument; the module keeps working', () => {
  const x = [0, 1, 1, 0];
  const y = [0, 1];
  const cases = [
    [() => edgewise.logisticRegression(x, 2 ** 32 - 1, y), /`nFeatures`: expected a whole number in \[1, 2048\], got 4294967295/],
    [() => edgewise.logisticRegression(x, -1, y), /`nFeatures`/],
    [() => edgewise.logisticRegression(x, NaN, y), /`nFeatures`/],
    [() => edgewise.logisticRegression(x, '2', y), /`nFeatures`: .*got a string/],
    [() => edgewise.logisticRegression(x, 2n, y), /`nFeatures`: .*got a BigInt/],
    [() => edgewise.logisticRegression({ length: 1e9 }, 2, y), /`features`/],
    [() => edgewise.logisticRegression({ length: -1 }, 2, y), /`features`/],
    [() => edgewise.logisticRegression(x, 3, y), /`features`/],
    [() => edgewise.logisticRegression(x, 2, [0, 2]), /`labels\[1\]`: expected 0 or 1, got 2/],
    [() => edgewise.logisticRegression(x, 2, [1, 1]), /`labels`: expected both classes/],
    [() => edgewise.logisticRegression(x, 2, y, { C: 0 }), /`options.C`: expected a finite number > 0/],
    [() => edgewise.logisticRegression(x, 2, y, { l1Ratio: 2 }), /`options.l1Ratio`/],
    [() => edgewise.logisticRegression(x, 2, y, { maxIter: 1e9 }), /`options.maxIter`/],
    [() => edgewise.logisticRegression(x, 2, y, { classWeight: 'auto' }), /`options.classWeight`/],
    [() => edgewise.logisticRegression(x, 2, y, { classWeight: [1, -1] }), /`options.classWeight\[1\]`/],
    [() => edgewise.logisticRegression(x, 2, y, { sampleWeight: [1] }), /`options.sampleWeight`/],
    [() => edgewise.logisticRegression(x, 2, y, { c: 1 }), /`options`: .*unknown key `c`/],
    [() => edgewise.logisticPredict({ coef: [] , intercept: 0 }, x), /`model.coef`/],
    [() => edgewise.logisticPredict({ coef: [1, 2], intercept: NaN }, x), /`model.intercept`/],
    [() => edgewise.logisticPredict({ coef: [1, 2], intercept: 0 }, [1, 2, 3]), /`features`/],
    [() => edgewise.rocAuc([0, 1], [0.5]), /`labels`/],
    [() => edgewise.rocAuc([0, 1], [0.5, NaN]), /`scores\[1\]`/],
    [() => edgewise.logLoss([0, 1], [0.5, 1.5]), /`probabilities\[1\]`/],
    [() => edgewise.calibrationCurve([0, 1], [0.5, 0.5], { nBins: 0 }), /`options.nBins`/],
    [() => edgewise.prCurve([0, 0], [0.5, 0.5]), /`labels`: expected at least one positive/],
    [() => edgewise.dbscan([0, 0, 1, 1], 2, { eps: -1 }), /`options.eps`/],
    [() => edgewise.dbscan([0, 0, 1, 1], 2, { eps: 1, minSamples: 2 ** 32 - 1 }), /`options.minSamples`/],
    [() => edgewise.dbscan([0, 0, 1, 1], 2), /`options`: expected an object, got undefined/],
    [() => edgewise.dbscan([0, 0, 1], 2, { eps: 1 }), /`points`/],
    [() => edgewise.dbscan([0, 0, 1, 1], 1e9, { eps: 1 }), /`dim`/],
    [() => edgewise.kDistance([0, 0, 1, 1], 2, 3), /`k`: expected a whole number in \[1, 2\]/],
    [() => edgewise.kDistance([0, 0, 1, 1], 2, 1e9), /`k`/],
    [() => edgewise.kDistance([0, 1e200], 1, 2), /`points\[1\]`: expected a finite number of magnitude at most 1e100/],
    [() => edgewise.logisticRegression([0, 1e300], 1, y), /`features\[1\]`/],
    [() => new edgewise.OnlineLogistic(0), /`dim`/],
    [() => new edgewise.OnlineLogistic(2, { alpha: -1 }), /`options.alpha`/],
    [() => edgewise.OnlineLogistic.fromBytes('x'), /`bytes`/],
  ];
  for (const [call, message] of cases) assert.throws(call, (e) => e instanceof Error && message.test(e.message), String(call));
  assert.equal(edgewise.rocAuc([0, 1], [0.1, 0.9]), 1);
});

test('OnlineLogistic methods called on a plain object or a freed learner throw', () => {
  const online = new edgewise.OnlineLogistic(2);
  assert.throws(() => Reflect.apply(edgewise.OnlineLogistic.prototype.predict, {}, [[1, 2]]), Error);
  const freed = new edgewise.OnlineLogistic(2);
  freed.free();
  assert.throws(() => Function.prototype.call.call(edgewise.OnlineLogistic.prototype.update, freed, [1, 2], 1), Error);
  assert.equal(typeof online.predict([1, 2]), 'number');
  online.free();
});
