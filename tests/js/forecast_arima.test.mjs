// ARIMA and AutoARIMA through the JS API (`forecast`, `forecastBatch`, `crossValidation`), with
// regressors, and their hostile options: every failure a thrown Error naming the option.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadEdgewise } from './load.mjs';

const edgewise = await loadEdgewise();
const { forecast, forecastBatch, crossValidation } = edgewise;

const y = Array.from({ length: 48 }, (_, t) => 100 + 0.8 * t + 10 * Math.sin((2 * Math.PI * t) / 12) + ((t * 7919) % 13) - 6);
const promo = y.map((_, t) => (t % 6 === 0 ? 1 : 0));
const withPromo = y.map((v, t) => v + 25 * promo[t]);

test('arima and autoARIMA forecast with intervals', () => {
  const a = forecast(y, 6, { model: 'arima', order: [1, 1, 1], seasonalOrder: [0, 1, 1], seasonLength: 12, levels: [0.8, 0.95] });
  assert.equal(a.model, 'ARIMA(1,1,1)(0,1,1)[12]');
  assert.equal(a.point.length, 6);
  assert.ok(Number.isFinite(a.aicc));
  for (let h = 0; h < 6; h++) assert.ok(a.lower[1][h] < a.lower[0][h] && a.upper[0][h] < a.upper[1][h]);
  for (const search of ['fast', 'statsforecast']) {
    const b = forecast(y, 6, { model: 'autoARIMA', seasonLength: 12, search });
    assert.match(b.model, /^ARIMA\(/);
    assert.ok(b.point.every(Number.isFinite));
  }
  const batch = forecastBatch(new Float64Array([...y, ...y]), new Uint32Array([0, 48, 96]), 3, { model: 'autoARIMA', seasonLength: 12 });
  assert.deepEqual(batch.errors, [null, null]);
  const cv = crossValidation(y, { model: 'arima', order: [0, 1, 1], windows: 2, horizon: 3 });
  assert.equal(cv.cutoffs.length, 2);
  assert.equal(cv.model, 'ARIMA(0,1,1)');
});

test('regression with ARIMA errors through xreg and futureXreg', () => {
  const xreg = promo.map((v) => [v]);
  const f = forecast(withPromo, 3, { model: 'arima', order: [1, 1, 0], xreg, futureXreg: [[1], [0], [0]] });
  assert.match(f.model, /\+ 1 regressors/);
  assert.ok(f.point[0] - f.point[1] > 10, `${f.point}`);
  const auto = forecast(withPromo, 2, { model: 'autoARIMA', seasonLength: 1, xreg, futureXreg: [[0], [1]] });
  assert.ok(auto.point[1] > auto.point[0]);
});

test('hostile ARIMA options throw errors that name the option', () => {
  const cases = [
    [{ model: 'arima', order: [1e9, 0, 0] }, 'options.order[0]'],
    [{ model: 'arima', order: [0, 5, 0] }, 'options.order[1]'],
    [{ model: 'arima', order: [1, 0] }, 'options.order'],
    [{ model: 'arima', order: { length: 1e9 } }, 'options.order'],
    [{ model: 'arima', order: [NaN, 0, 0] }, 'options.order[0]'],
    [{ model: 'arima', seasonalOrder: [4, 1, 4], seasonLength: 8784 }, 'options.order'],
    [{ model: 'arima', order: [0, 2, 0], includeDrift: true }, 'options.includeDrift'],
    [{ model: 'autoETS', order: [1, 0, 0] }, 'options.order'],
    [{ model: 'autoARIMA', search: 'nope' }, 'options.search'],
    [{ model: 'arima', xreg: promo.slice(1).map((v) => [v]), futureXreg: [[0]] }, 'options.xreg'],
    [{ model: 'arima', xreg: promo.map((v) => [v]) }, 'options.futureXreg'],
    [{ model: 'arima', xreg: promo.map(() => [NaN]), futureXreg: [[0]] }, 'options.xreg'],
    [{ model: 'arima', xreg: { length: 1e9 }, futureXreg: [[0]] }, 'options.xreg'],
    [{ model: 'arima', xreg: promo.map((v, t) => (t === 3 ? [v, v] : [v])), futureXreg: [[0]] }, 'options.xreg[3]'],
    [{ model: 'arima', xreg: promo.map((v) => [v]), futureXreg: [[0, 1]] }, 'options.futureXreg'],
    [{ model: 'ets', xreg: promo.map((v) => [v]), futureXreg: [[0]] }, 'options.xreg'],
    [{ model: 'arima', includeMean: 'yes' }, 'options.includeMean'],
  ];
  for (const [opts, name] of cases) {
    assert.throws(() => forecast(y, 1, opts), (e) => e instanceof Error && e.message.includes(`\`${name}\``), `${JSON.stringify(opts).slice(0, 80)} → ${name}`);
  }
  // The module still works after every error.
  assert.equal(forecast(y, 2, { model: 'arima', order: [0, 1, 1] }).point.length, 2);
  assert.throws(() => forecastBatch(y, [0, 48], 2, { model: 'arima', xreg: [[1]] }), /options/);
});

test('a seasonal ARIMA order on a series without a detectable season names options.seasonLength', () => {
  // y above is seasonal (period 12, detected); this one is a trend plus LCG noise: no season.
  let state = 7;
  const rnd = () => ((state = (state * 1103515245 + 12345) >>> 0) / 2 ** 32);
  const flat = Array.from({ length: 30 }, (_, t) => 10 + 0.5 * t + 3 * rnd());
  assert.equal(edgewise.detectSeasonality(new Float64Array(flat)), 1);
  assert.throws(() => edgewise.forecast(flat, 3, { model: 'arima', seasonalOrder: [1, 0, 0] }),
    /^Error: invalid argument `options.seasonLength`: expected a season length >= 2/);
  assert.match(edgewise.forecast(y, 3, { model: 'arima', seasonalOrder: [1, 0, 0] }).model, /\[12\]/); // detected
});

test('issue #15: forecastBatch takes regressors per series, crossValidation those of the whole history', () => {
  const col = (xs) => xs.map((v) => [v]);
  const fut = [[1], [0], [0]];
  const a = withPromo;
  const b = withPromo.slice(0, 40);
  const opts = { model: 'arima', order: [1, 1, 0], seed: 1 };
  const batch = forecastBatch([...a, ...b], [0, 48, 88], 3, { ...opts, xreg: [col(promo), col(promo.slice(0, 40))], futureXreg: [fut, fut] });
  assert.deepEqual(batch.errors, [null, null]);
  for (const [i, y, x] of [[0, a, promo], [1, b, promo.slice(0, 40)]]) {
    const one = forecast(y, 3, { ...opts, xreg: col(x), futureXreg: fut });
    assert.deepEqual(Array.from(batch.point.subarray(3 * i, 3 * i + 3)), Array.from(one.point));
    assert.equal(batch.model[i], one.model);
  }
  // Each window is fitted on the rows before its origin and forecast with the rows after it:
  // the last window is a plain forecast from the first 45 values.
  const cv = crossValidation(a, { ...opts, horizon: 3, windows: 2, xreg: col(promo) });
  assert.match(cv.model, /\+ 1 regressors/);
  const last = forecast(a.slice(0, 45), 3, { ...opts, xreg: col(promo.slice(0, 45)), futureXreg: col(promo.slice(45)) });
  assert.deepEqual(Array.from(cv.point.subarray(3)), Array.from(last.point));
  const plain = crossValidation(a, { ...opts, horizon: 3, windows: 2 });
  assert.ok(cv.mean.mae < plain.mean.mae, `${cv.mean.mae} vs ${plain.mean.mae}`);
  // Hostile shapes: the message names the argument and the series.
  for (const [call, re] of [
    [() => forecastBatch([...a, ...b], [0, 48, 88], 3, { ...opts, xreg: [col(promo), col(promo.slice(0, 39))], futureXreg: [fut, fut] }),
      /^Error: invalid argument `options.xreg\[1\]`: expected one row per value of series 1 \(40\), got 39 rows$/],
    [() => forecastBatch([...a, ...b], [0, 48, 88], 3, { ...opts, xreg: [col(promo), col(promo.slice(0, 40))], futureXreg: [fut, fut.slice(1)] }),
      /`options.futureXreg\[1\]`: expected 3 rows \(one per step ahead of series 1\) of 1 columns, got 2 rows of 1 columns/],
    [() => forecastBatch([...a, ...b], [0, 48, 88], 3, { ...opts, xreg: [col(promo)], futureXreg: [fut] }),
      /`options.xreg`: expected one regressor matrix per series \(2\), got 1 matrices/],
    [() => forecastBatch(a, [0, 48], 3, { ...opts, xreg: [col(promo)] }), /`options.futureXreg`/],
    [() => forecastBatch(a, [0, 48], 3, { model: 'naive', xreg: [col(promo)], futureXreg: [fut] }),
      /`options.xreg`: expected no regressors unless options.model is "arima" or "autoARIMA"/],
    [() => forecastBatch(a, [0, 48], 3, { ...opts, xreg: { length: 1e9 }, futureXreg: [fut] }), /`options.xreg`: expected an array of at most \d+ matrices/],
    [() => forecastBatch(a, [0, 48], 3, { ...opts, xreg: [[[NaN]]], futureXreg: [fut] }), /`options.xreg\[0\]`/],
    [() => crossValidation(a, { ...opts, horizon: 3, xreg: col(promo.slice(1)) }),
      /`options.xreg`: expected one row per value of the series \(48\), got 47 rows/],
    [() => crossValidation(a, { ...opts, horizon: 3, xreg: col(promo), futureXreg: fut }), /`options`: expected only the keys .*unknown key `futureXreg`/],
    [() => crossValidation(a, { model: 'theta', horizon: 3, xreg: col(promo) }), /`options.xreg`: expected no regressors unless options.model is/],
  ]) {
    assert.throws(call, re);
  }
  assert.equal(forecastBatch(a, [0, 48], 3, opts).errors[0], null);
});
