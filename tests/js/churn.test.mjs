// churnData from JS (the rows, features and labels of a hand-made order log) and kDistanceKnee (the DBSCAN
// panel's ε helper), with named errors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadEdgewise } from './load.mjs';

const ew = await loadEdgewise();

function throwsMessage(fn, re) {
  assert.throws(fn, (e) => e instanceof Error && re.test(e.message), `expected ${re}`);
}

test('churnData: one row per customer seen by the cutoff, labels from the window after it', () => {
  // Cutoff 100, window 30: customer 7 orders at 10 and 80, and again at 130 (in the window);
  // customer 3 orders once at 50 and never again; customer 9 only after the cutoff.
  const customers = [7, 3, 7, 9, 7];
  const t = [10, 50, 80, 120, 130];
  const a = [20, 5, 40, 9, 1];
  const d = ew.churnData(customers, t, a, { cutoff: 100, window: 30 });
  assert.deepEqual(Array.from(d.customers), [3, 7]);
  assert.deepEqual(Array.from(d.labels), [1, 0]);
  assert.deepEqual(d.featureNames, ['recency', 'log_orders', 'log_spend', 'log_avg_order', 'tenure', 'orders_last_window', 'spend_last_window', 'mean_gap']);
  const want7 = [20, Math.log(3), Math.log(61), Math.log(31), 90, 1, 40, 45];
  want7.forEach((w, j) => assert.ok(Math.abs(d.features[8 + j] - w) < 1e-12, d.featureNames[j]));
  // The log ends before cutoff + window: no labels (today's risk).
  assert.equal(ew.churnData(customers, t, a, { cutoff: 130, window: 30 }).labels, null);
});

test('churnData: bad arguments are named errors', () => {
  const ok = [[1, 2], [1, 2], [5, 5]];
  const cases = [
    [() => ew.churnData(...ok, { cutoff: 1 }), /^invalid argument `options.window`: expected a number, got undefined$/],
    [() => ew.churnData(...ok, { cutoff: 1, window: 0 }), /^invalid argument `options.window`: expected a finite time span > 0, got 0$/],
    [() => ew.churnData(...ok, { cutoff: 0, window: 1 }), /^invalid argument `options.cutoff`: expected a time at or after the first order, got 0$/],
    [() => ew.churnData(...ok, { cutoff: NaN, window: 1 }), /^invalid argument `options.cutoff`/],
    [() => ew.churnData(...ok, { cutoff: 1, window: 1, windw: 2 }), /unknown key `windw`/],
    [() => ew.churnData([1, 2], [1], [5, 5], { cutoff: 1, window: 1 }), /^invalid argument `timestamps`: expected one value per order \(2\), got 1 values$/],
    [() => ew.churnData([1, 2], [1, NaN], [5, 5], { cutoff: 1, window: 1 }), /^invalid argument `timestamps`/],
    [() => ew.churnData([], [], [], { cutoff: 1, window: 1 }), /^invalid argument `customers`/],
    [() => ew.churnData({ length: 1e9 }, [1], [1], { cutoff: 1, window: 1 }), /^invalid argument `customers`/],
    [() => ew.churnData(...ok, null), /^invalid argument `options`/],
  ];
  for (const [fn, re] of cases) throwsMessage(fn, re);
});

test('kDistanceKnee (the DBSCAN panel\'s ε helper): sorted distances and the knee; named errors', () => {
  // 90 nearly flat distances, then 10 climbing steeply, given unsorted.
  const d = Array.from({ length: 100 }, (_, i) => (i < 90 ? 1 + i * 1e-3 : 1 + (i - 89))).reverse();
  const k = ew.kDistanceKnee(d);
  assert.equal(k.knee, 89);
  assert.equal(k.eps, k.sorted[89]);
  assert.ok(k.sorted.every((x, i) => i === 0 || k.sorted[i - 1] <= x));
  assert.equal(ew.kDistanceKnee([2, 2, 2]).knee, 0);
  throwsMessage(() => ew.kDistanceKnee([]), /^invalid argument `distances`: expected at least one value/);
  throwsMessage(() => ew.kDistanceKnee([1, NaN]), /^invalid argument `distances`/);
  throwsMessage(() => ew.kDistanceKnee('1,2'), /^invalid argument `distances`/);
});
