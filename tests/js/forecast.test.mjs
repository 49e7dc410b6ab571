// The forecast API of the built module as a web developer uses it (Node, pkg/ loaded from bytes).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, readFileSync } from 'node:fs';
import { loadEdgewise, root } from './load.mjs';

const edgewise = await loadEdgewise();
const { series } = JSON.parse(readFileSync(`${root}www/data/series.json`, 'utf8'));
const byName = Object.fromEntries(series.map((s) => [s.name, s]));
const close = (a, b, tol = 1e-9) => Math.abs(a - b) <= tol * Math.max(1, Math.abs(b));

test('AutoETS in wasm equals the native Rust build on bundled series', () => {
  // Written by `cargo test --test forecast_js_native` (scripts/test.sh runs it before this file).
  const path = `${root}target/js-fixtures/forecast_native.json`;
  assert.ok(existsSync(path), `missing ${path}: run cargo test --test forecast_js_native first`);
  const native = JSON.parse(readFileSync(path, 'utf8'));
  assert.equal(native.cases.length, 4);
  for (const c of native.cases) {
    const out = edgewise.forecast(new Float64Array(byName[c.name].values), native.horizon, {
      levels: native.levels, seed: native.seed,
    });
    assert.equal(out.model, c.model, c.name);
    assert.ok(close(out.aicc, c.aicc), `${c.name} aicc ${out.aicc} vs ${c.aicc}`);
    for (let h = 0; h < native.horizon; h++) {
      assert.ok(close(out.point[h], c.point[h]), `${c.name} point ${h}`);
      for (let l = 0; l < native.levels.length; l++) {
        assert.ok(close(out.lower[l][h], c.lower[l][h]), `${c.name} lower ${l} ${h}`);
        assert.ok(close(out.upper[l][h], c.upper[l][h]), `${c.name} upper ${l} ${h}`);
      }
    }
  }
});

test('search "statsforecast" reproduces statsforecast AutoETS (airline, first 132 months)', () => {
  // statsforecast 2.1.1 on the same points: ETS(M,N,M), AICc 1297.4665437515134, first forecast
  // 406.6512673253039 (tests/fixtures/forecast/ets_statsforecast.txt, case airline_ZZZ).
  const air = new Float64Array(byName.airline.values).slice(0, 132);
  const out = edgewise.forecast(air, 12, { seasonLength: 12, search: 'statsforecast' });
  assert.equal(out.model, 'ETS(M,N,M)');
  assert.ok(close(out.aicc, 1297.4665437515134, 1e-7), `aicc ${out.aicc}`);
  assert.ok(close(out.point[0], 406.6512673253039, 1e-6), `point ${out.point[0]}`);
  // The default search picks its own optimum; the batch API takes the same option.
  const batch = edgewise.forecastBatch(air, [0, 132], 12, { seasonLength: 12, search: 'statsforecast' });
  assert.equal(batch.model[0], 'ETS(M,N,M)');
  assert.ok(close(batch.point[0], out.point[0]));
});

test('forecast: AutoETS by default, the season length detected, typed arrays out', () => {
  const air = new Float64Array(byName.airline.values);
  const out = edgewise.forecast(air, 24, { levels: [0.8, 0.95], seed: 1 });
  assert.match(out.model, /^ETS\([AM],(N|A|Ad),[NAM]\)$/);
  assert.equal(out.seasonLength, 12);
  assert.ok(Number.isFinite(out.aicc));
  assert.ok(out.point instanceof Float64Array && out.point.length === 24);
  assert.deepEqual(out.levels, [0.8, 0.95]);
  for (let h = 0; h < 24; h++) {
    assert.ok(out.lower[1][h] <= out.lower[0][h] && out.lower[0][h] <= out.point[h]);
    assert.ok(out.upper[1][h] >= out.upper[0][h] && out.upper[0][h] >= out.point[h]);
  }
  // Plain arrays work too; the same seed gives the same numbers.
  const again = edgewise.forecast(Array.from(air), 24, { model: 'autoETS', levels: [0.8, 0.95], seed: 1 });
  assert.deepEqual(again.upper[1], out.upper[1]);
  assert.equal(edgewise.detectSeasonality(air), 12);
  assert.equal(edgewise.detectSeasonality(byName.nile.values), 1);
  // Non-ETS models report no AICc.
  assert.ok(Number.isNaN(edgewise.forecast(air, 3, { model: 'theta' }).aicc));
  // Intermittent demand: a flat, non-negative rate.
  const sparse = [0, 0, 3, 0, 0, 0, 2, 0, 5, 0, 0, 1, 0, 0, 0, 4];
  for (const model of ['croston', 'sba', 'tsb', 'adida']) {
    const f = edgewise.forecast(sparse, 4, { model, levels: [0.9] });
    assert.ok(f.point.every((v) => v > 0 && v === f.point[0]), model);
    assert.ok(f.lower[0].every((v) => v >= 0), model);
  }
});

test('forecastBatch: flat arrays, a bad series in the middle, progress to 100%', () => {
  const names = ['airline', 'ukgas', 'nile'];
  const parts = names.map((n) => byName[n].values);
  parts.splice(1, 0, [1, NaN, 2, 3, 4]);
  const offsets = new Uint32Array(parts.length + 1);
  parts.forEach((p, i) => { offsets[i + 1] = offsets[i] + p.length; });
  const values = new Float64Array(parts.flat());
  const progress = [];
  const out = edgewise.forecastBatch(values, offsets, 6, { levels: [0.95], seed: 4 }, (done, total) => progress.push([done, total]));
  assert.deepEqual(progress, [[1, 4], [2, 4], [3, 4], [4, 4]]);
  assert.equal(out.nSeries, 4);
  assert.equal(out.point.length, 24);
  assert.equal(out.lower.length, 24);
  assert.equal(out.errors[1], 'invalid argument `series[1].values`: expected finite numbers, got NaN at index 1');
  assert.equal(out.model[1], '');
  assert.ok(out.point.subarray(6, 12).every(Number.isNaN));
  for (const [i, k] of [[0, 0], [2, 1], [3, 2]]) {
    assert.equal(out.errors[i], null);
    const single = edgewise.forecast(new Float64Array(parts[i]), 6, { levels: [0.95], seed: 4 });
    assert.equal(out.model[i], single.model, names[k]);
    assert.equal(out.aicc[i], single.aicc);
    assert.deepEqual(out.point.subarray(i * 6, i * 6 + 6), single.point);
    assert.deepEqual(out.upper.subarray(i * 6, i * 6 + 6), single.upper[0]);
  }
  // No callback is fine; a throwing callback is reported after the batch, by name.
  assert.equal(edgewise.forecastBatch([1, 2, 3], [0, 3], 1, { model: 'naive' }).point[0], 3);
  assert.throws(
    () => edgewise.forecastBatch([1, 2, 3], [0, 3], 1, { model: 'naive' }, () => { throw new Error('boom'); }),
    /`onProgress`: expected a callback that does not throw, got a throw: boom/,
  );
});

test('accuracy and rolling-origin crossValidation', () => {
  const acc = edgewise.accuracy([10, 12, 14], [11, 12, 13], [1, 3, 5, 7, 9], 1, { lower: [9, 13, 12], upper: [12, 14, 15] });
  assert.ok(close(acc.mae, 2 / 3));
  assert.ok(close(acc.rmse, Math.sqrt(2 / 3)));
  assert.ok(close(acc.mase, 1 / 3));
  assert.ok(close(acc.coverage, 2 / 3));
  assert.ok(close(acc.smape, (200 / 3) * (1 / 21 + 1 / 27)));

  const air = byName.airline.values;
  const cv = edgewise.crossValidation(air, { horizon: 12, windows: 3, levels: [0.95], seed: 9 });
  assert.deepEqual(Array.from(cv.cutoffs), [108, 120, 132]);
  assert.equal(cv.seasonLength, 12);
  assert.equal(cv.point.length, 36);
  assert.deepEqual(Array.from(cv.actual.subarray(24)), air.slice(132));
  const last = edgewise.forecast(air.slice(0, 132), 12, { levels: [0.95], seed: 9 });
  assert.deepEqual(cv.point.subarray(24), last.point);
  const m = edgewise.accuracy(air.slice(132), last.point, air.slice(0, 132), 12);
  assert.ok(close(cv.mase[2], m.mase) && close(cv.smape[2], m.smape));
  assert.ok(close(cv.mean.mae, (cv.mae[0] + cv.mae[1] + cv.mae[2]) / 3));
  assert.equal(cv.coverage.length, 3);
});

test('every bad argument throws an Error that names it, and the module keeps working', () => {
  const y = byName.airline.values;
  const cases = [
    [() => edgewise.forecast([], 3), /`values`: expected at least one value, got an empty array/],
    [() => edgewise.forecast([1, Infinity, 2, 3, 4], 3), /`values`: expected finite numbers, got Infinity at index 1/],
    [() => edgewise.forecast([1, -Infinity, 2, 3, 4], 3), /`values`: expected finite numbers, got -Infinity at index 1/],
    [() => edgewise.forecast(y, 0), /`horizon`: expected a whole number in \[1, 10000\], got 0/],
    [() => edgewise.forecast(y, NaN), /`horizon`: expected a whole number in \[1, 10000\], got NaN/],
    [() => edgewise.forecast(y, 3, { seasonLength: 0 }), /`options.seasonLength`: expected a whole number in \[1, 8784\], got 0/],
    [() => edgewise.forecast(y, 3, { seasonLength: 145 }), /`options.seasonLength`: expected at most the series length \(144\), got 145/],
    [() => edgewise.forecast(y.slice(0, 14), 3, { model: 'ets', spec: 'AAA', seasonLength: 12 }), /`values`: expected at least 19 points for ETS\(A,A,A\)/],
    [() => edgewise.forecast([4, 2, 0, 3, 5, 6, 7], 3, { model: 'ets', spec: 'MNN' }), /`values`: expected strictly positive values for the multiplicative model ETS\(M,N,N\), got 0 at index 2/],
    [() => edgewise.forecast([7, 7, 7, 7, 7, 7], 3, { model: 'ets', spec: 'ANN' }), /`values`: expected a series that is not constant/],
    [() => edgewise.forecast(y, 3, { model: 'ets', spec: 'AAdX' }), /`options.spec`: expected an ETS code/],
    [() => edgewise.forecast(y, 3, { model: 'prophet' }), /`options.model`: expected one of "auto", "autoETS"/],
    [() => edgewise.forecast(y, 3, { search: 'exhaustive' }), /`options.search`: expected "fast" or "statsforecast", got "exhaustive"/],
    [() => edgewise.forecast(y, 3, { model: 'theta', search: 'fast' }), /`options.search`: expected no search unless options.model is "autoETS", "mstl" or "autoARIMA", got a search with model "theta"/],
    [() => edgewise.forecast(y, 3, { seed: -2 }), /`options.seed`/],
    [() => edgewise.forecast(y, 3, { levels: [1] }), /`options.levels\[0\]`: expected a number strictly between 0 and 1, got 1/],
    [() => edgewise.forecast(y, 3, { seasonLenght: 12 }), /unknown key `seasonLenght`/],
    [() => edgewise.forecast(y, 3, 'ets'), /`options`: expected an options object, got a string/],
    [() => edgewise.forecastBatch(y, [0, 100], 3), /`offsets`: expected a last offset equal to values.length \(144\), got 100/],
    [() => edgewise.forecastBatch(y, [1, 144], 3), /`offsets`: expected offsets\[0\] = 0, got offsets\[0\] = 1/],
    [() => edgewise.forecastBatch(y, new Float64Array([0, 143.5]), 3), /`offsets\[1\]`: expected a whole number in \[0, 4294967295\], got 143.5/],
    [() => edgewise.forecastBatch(y, [0, 144], 0), /`horizon`/],
    [() => edgewise.forecastBatch(y, [0, 144], 3, {}, 'progress'), /`onProgress`: expected a function or undefined, got a string/],
    [() => edgewise.detectSeasonality([]), /`values`: expected at least one value/],
    [() => edgewise.detectSeasonality(y, 1), /`maxPeriod`: expected a whole number in \[2, 8784\], got 1/],
    [() => edgewise.accuracy([1, 2], [1], [1, 2, 3], 1), /`predicted`: expected as many values as `actual` \(2\), got 1 values/],
    [() => edgewise.accuracy([1, NaN], [1, 2], [1, 2, 3], 1), /`actual`: expected finite numbers, got NaN at index 1/],
    [() => edgewise.accuracy([1], [1], [1, 2, 3], 0), /`seasonLength`: expected a whole number in \[1, 8784\], got 0/],
    [() => edgewise.accuracy([1], [1], [1, 2, 3], 3), /`insample`: expected at least 4 points in `insample` for the MASE scale, got 3 points/],
    [() => edgewise.accuracy([1], [1], [2, 2, 2], 1), /`insample`: expected a series whose seasonal differences are not all zero/],
    [() => edgewise.accuracy([1, 2], [1, 2], [1, 2, 3], 1, { lower: [0] , upper: [3, 3] }), /`interval.lower`: expected as many values as `actual` \(2\), got 1 values/],
    [() => edgewise.crossValidation(y), /`options`: expected an options object with a horizon, got undefined/],
    [() => edgewise.crossValidation(y, { windows: 2 }), /`options.horizon`: expected a whole number in \[1, 10000\], got undefined/],
    [() => edgewise.crossValidation(y, { horizon: 12, windows: 0 }), /`options.windows`: expected a whole number in \[1, 1000\], got 0/],
    [() => edgewise.crossValidation(y, { horizon: 12, windows: 20 }), /`values`: expected at least 241 points for 20 windows of horizon 12 every 12 steps, got 144 points/],
    [() => edgewise.crossValidation(y, { horizon: 12, windowz: 2 }), /unknown key `windowz`/],
  ];
  for (const [fn, message] of cases) {
    assert.throws(fn, (err) => err instanceof Error && message.test(err.message), String(message));
  }
  // No panic happened: the instance still answers.
  assert.equal(edgewise.forecast([1, 2, 3, 4, 5, 6], 2, { model: 'naive' }).point[1], 6);
  assert.equal(edgewise.forecast([5, 5, 5, 5, 5], 2).model, 'ETS(A,N,N)');
});

test('documented fallbacks: constant series, too short for seasonal, non-positive data', () => {
  // Constant → a flat forecast with zero-width intervals (AutoETS).
  const c = edgewise.forecast([3, 3, 3, 3, 3, 3, 3, 3], 4, { levels: [0.9] });
  assert.deepEqual(Array.from(c.point), [3, 3, 3, 3]);
  assert.deepEqual(Array.from(c.upper[0]), [3, 3, 3, 3]);
  // seasonLength longer than the data can carry → non-seasonal AutoETS forms.
  const short = edgewise.forecast(byName.airline.values.slice(0, 13), 3, { seasonLength: 12 });
  assert.match(short.model, /,N\)$/);
  // Data with zeros → additive forms only.
  const z = edgewise.forecast(byName.sunspots_yearly.values, 5, { seed: 1 });
  assert.match(z.model, /^ETS\(A,/);
  assert.ok(z.point.every(Number.isFinite));
});

test('issue #12: hostile sizes and values are refused by name, never a trap', () => {
  const S = byName.airline.values;
  const naive = { model: 'naive' };
  const refused = [
    [() => edgewise.forecast(S, 4294967295, naive), /`horizon`: expected a whole number in \[1, 10000\], got 4294967295/],
    [() => edgewise.forecast(S, 2 ** 31, naive), /`horizon`: expected a whole number in \[1, 10000\], got 2147483648/],
    [() => edgewise.forecast(S, 1e9, naive), /`horizon`/],
    [() => edgewise.forecast(S, -1, naive), /`horizon`: expected a whole number in \[1, 10000\], got -1/],
    [() => edgewise.forecast(S, '4294967295', naive), /`horizon`: expected a whole number in \[1, 10000\], got a string/],
    [() => edgewise.forecast(S, 10n, naive), /`horizon`: expected a whole number in \[1, 10000\], got a BigInt/],
    [() => edgewise.forecast(S, Symbol('h'), naive), /`horizon`: expected a whole number in \[1, 10000\], got a symbol/],
    [() => edgewise.forecastBatch(S, [0, 144], 4294967295, naive), /`horizon`: expected a whole number in \[1, 10000\], got 4294967295/],
    [() => edgewise.forecastBatch([], new Uint32Array(1 << 17), 10000, naive), /`horizon`: expected a batch of at most 33554432 forecast values/],
    [() => edgewise.crossValidation(S, { horizon: 4294967295, windows: 2, step: 3, model: 'naive' }), /`options.horizon`: expected a whole number in \[1, 10000\], got 4294967295/],
    [() => edgewise.crossValidation(S, { horizon: 3, windows: 2, step: 4294967295, model: 'naive' }), /`options.step`: expected a whole number in \[1, 134217728\], got 4294967295/],
    [() => edgewise.crossValidation(S, { horizon: 3, windows: 1000, step: 1000, model: 'naive' }), /`options.step`: expected a whole number in \[1, 144\], got 1000/],
    [() => edgewise.crossValidation(S, { horizon: 3, windows: 1e9, model: 'naive' }), /`options.windows`: expected a whole number in \[1, 1000\], got 1000000000/],
    [() => edgewise.forecast(S, 3, { seasonLength: 4294967295 }), /`options.seasonLength`: expected a whole number in \[1, 8784\], got 4294967295/],
    [() => edgewise.forecast(S, 3, { model: 'windowAverage', window: 1e9 }), /`options.window`: expected a whole number in \[1, 134217728\], got 1000000000/],
    [() => edgewise.forecast(S, 3, { levels: { length: 1e9 } }), /`options.levels`: expected an array of at most 100 levels, got 1000000000 levels/],
    [() => edgewise.forecast(S, 3, { levels: new Array(101).fill(0.5) }), /`options.levels`: expected an array of at most 100 levels, got 101 levels/],
    [() => edgewise.forecast(S, 3, { seed: 10n }), /`options.seed`: expected a number, got a BigInt/],
    [() => edgewise.forecast(S, 3, { model: 5 }), /`options.model`: expected a string, got the number 5/],
    [() => edgewise.forecast(S, 3, { nonNegative: 'yes' }), /`options.nonNegative`: expected a boolean, got a string/],
    [() => edgewise.forecast({ length: 1e9 }, 3), /`values`: expected a Float64Array or an array of numbers, got an object/],
    [() => edgewise.forecast({ length: -1 }, 3), /`values`: expected a Float64Array or an array of numbers, got an object/],
    [() => edgewise.forecast(new Array(2 ** 27 + 1), 3), /`values`: expected an array of at most 134217728 elements/],
    [() => edgewise.forecast(new Array(2 ** 27), 3), /`values\[0\]`: expected a number, got undefined/],
    [() => edgewise.detectSeasonality(S, 4294967295), /`maxPeriod`: expected a whole number in \[2, 8784\], got 4294967295/],
    [() => edgewise.detectSeasonality(S, 10n), /`maxPeriod`: expected a whole number in \[2, 8784\], got a BigInt/],
    [() => edgewise.accuracy([1], [1], [1, 2, 3], '4294967295'), /`seasonLength`: expected a whole number in \[1, 8784\], got a string/],
    [() => edgewise.accuracy([1], [1], [1, 2, 3], 1, { lower: [0], upper: [2], uper: [3] }), /`interval`: expected only the keys lower, upper, got unknown key `uper`/],
  ];
  for (const [fn, message] of refused) {
    assert.throws(fn, (err) => err instanceof Error && message.test(err.message), String(message));
  }
  // A detached typed array reads as empty (no "detached ArrayBuffer" TypeError).
  const detached = new Float64Array(8);
  structuredClone(detached.buffer, { transfer: [detached.buffer] });
  assert.throws(() => edgewise.forecast(detached, 3), /`values`: expected a typed array whose buffer is usable, got a typed array whose buffer was detached/);
  // A thousand failing calls in a row leave the module working.
  for (let i = 0; i < 1000; i++) {
    assert.throws(() => edgewise.forecast(S, 4294967295 - i, naive), /`horizon`/);
  }
  assert.equal(edgewise.forecast([1, 2, 3, 4, 5, 6], 2, naive).point[1], 6);
  // mean.mase is null (not NaN) when every window's training scale is zero.
  const flat = edgewise.crossValidation(new Float64Array(40).fill(1), { horizon: 2, windows: 2, model: 'naive' });
  assert.equal(flat.mean.mase, null);
  assert.ok(Number.isNaN(flat.mase[0]));
});

test('issue #14: nonNegative clamps point forecasts and interval bounds at 0', () => {
  const falling = Array.from({ length: 12 }, (_, t) => 22 - 2 * t);
  const opts = { model: 'drift', levels: [0.9] };
  const raw = edgewise.forecast(falling, 5, { ...opts, nonNegative: false });
  const out = edgewise.forecast(falling, 5, { ...opts, nonNegative: true });
  // Issue #15: on by default for a non-negative history, off when the history has negatives.
  assert.deepEqual(Array.from(edgewise.forecast(falling, 5, opts).point), Array.from(out.point));
  const below = falling.map((v) => v - 1);
  assert.ok(edgewise.forecast(below, 5, opts).point.some((v) => v < 0));
  assert.ok(raw.point.some((v) => v < 0));
  assert.deepEqual(Array.from(out.point), Array.from(raw.point, (v) => Math.max(v, 0)));
  assert.deepEqual(Array.from(out.lower[0]), Array.from(raw.lower[0], (v) => Math.max(v, 0)));
  assert.deepEqual(Array.from(out.upper[0]), Array.from(raw.upper[0], (v) => Math.max(v, 0)));
  assert.deepEqual(Array.from(edgewise.forecast(falling, 5, { ...opts, nonNegative: false }).point), Array.from(raw.point));
  const batch = edgewise.forecastBatch(falling, [0, 12], 5, { ...opts, nonNegative: true });
  assert.deepEqual(Array.from(batch.point), Array.from(out.point));
  assert.deepEqual(Array.from(batch.lower), Array.from(out.lower[0]));
  // Drift from a steep start forecasts below zero in the first backtest window.
  const steep = [30, 20, 10, 8, 6, 5, 4, 3, 2, 1];
  const design = { ...opts, horizon: 4, windows: 2, step: 1 };
  const cvRaw = edgewise.crossValidation(steep, { ...design, nonNegative: false });
  const cv = edgewise.crossValidation(steep, { ...design, nonNegative: true });
  assert.ok(cvRaw.point.some((v) => v < 0));
  assert.deepEqual(Array.from(cv.point), Array.from(cvRaw.point, (v) => Math.max(v, 0)));
});

test('issue #15: MSTL with several seasons, calendar candidates, events', () => {
  // Hourly-like data with a daily (24) and a weekly (168) cycle, four weeks.
  const n = 24 * 7 * 4;
  const y = Array.from({ length: n }, (_, t) => 100 + 10 * Math.sin((2 * Math.PI * t) / 24) + 6 * Math.cos((2 * Math.PI * t) / 168) + ((t * 7919) % 13) / 13);
  const both = edgewise.forecast(y, 48, { model: 'mstl', seasonLengths: [24, 168], levels: [0.9], seed: 1 });
  assert.match(both.model, /^MSTL\(\[24,168\], ETS\(/);
  assert.equal(both.seasonLength, 24);
  const hourly = Date.UTC(2024, 0, 1);
  const timestamps = y.map((_, t) => hourly + t * 3600e3);
  const fromDates = edgewise.forecast(y, 48, { model: 'mstl', timestamps, levels: [0.9], seed: 1 });
  assert.deepEqual(Array.from(fromDates.point), Array.from(both.point));
  const fromFreq = edgewise.forecast(y, 48, { model: 'mstl', frequency: 'hourly', levels: [0.9], seed: 1 });
  assert.deepEqual(Array.from(fromFreq.point), Array.from(both.point));
  // A batch and a cross-validation take it too.
  const batch = edgewise.forecastBatch(y, [0, n], 48, { model: 'mstl', frequency: 'hourly', levels: [0.9], seed: 1 });
  assert.deepEqual(Array.from(batch.point), Array.from(both.point));
  const cv = edgewise.crossValidation(y, { model: 'mstl', seasonLengths: [24, 168], horizon: 24, windows: 2 });
  assert.equal(cv.cutoffs.length, 2);
  assert.ok(cv.mean.mase < 1, `${cv.mean.mase}`);
  // Calendar candidates for the other models: daily data → 7.
  const daily = Array.from({ length: 70 }, (_, t) => 50 + [0, 3, 5, 4, 2, -6, -8][t % 7]);
  assert.equal(edgewise.forecast(daily, 7, { frequency: 'daily' }).seasonLength, 7);
  // The one-season models take the shortest of seasonLengths.
  assert.equal(edgewise.forecast(daily, 7, { model: 'seasonalNaive', seasonLengths: [365.25, 7] }).seasonLength, 7);
  // Events: a promotion adds 40 on some days; regressed out and forecast for a promo day ahead.
  const day = 86400e3;
  const start = Date.UTC(2024, 0, 1);
  const promo = (t) => t % 17 === 3;
  const sales = Array.from({ length: 112 }, (_, t) => 50 + [0, 3, 5, 4, 2, -6, -8][t % 7] + (promo(t) ? 40 : 0) + ((t * 31) % 7) / 7);
  const dates = sales.map((_, t) => start + t * day);
  const events = Array.from({ length: 8 }, (_, k) => ({ name: 'promo', date: start + (3 + 17 * k) * day }));
  const history = sales.slice(0, 105);
  const opts = { model: 'mstl', seasonLengths: [7], timestamps: dates.slice(0, 105) };
  const withEvents = edgewise.forecast(history, 7, { ...opts, events });
  const without = edgewise.forecast(history, 7, opts);
  const err = (p) => p.reduce((s, v, h) => s + Math.abs(v - sales[105 + h]), 0);
  assert.ok(promo(105));
  assert.ok(err(withEvents.point) < 0.5 * err(without.point), `${err(withEvents.point)} vs ${err(without.point)}`);
  assert.match(withEvents.model, /\+ 1 regressors$/);
  const isoEvents = events.map((e) => ({ ...e, date: new Date(e.date).toISOString().slice(0, 10) }));
  assert.deepEqual(Array.from(edgewise.forecast(history, 7, { ...opts, events: isoEvents }).point), Array.from(withEvents.point));
  const cvEvents = edgewise.crossValidation(history, { ...opts, events, horizon: 7, windows: 3 });
  assert.match(cvEvents.model, /regressors/);
  // Any model takes them: AutoETS on the series without the promotions' effect.
  const ets = edgewise.forecast(history, 7, { seasonLength: 7, timestamps: opts.timestamps, events });
  assert.match(ets.model, /^ETS\(.*\+ 1 regressors$/);
  assert.ok(err(ets.point) < 0.5 * err(edgewise.forecast(history, 7, { seasonLength: 7 }).point));
});

test('issue #15: hostile MSTL, calendar and event options are refused by name', () => {
  const y = Array.from({ length: 60 }, (_, t) => 10 + (t % 7));
  const ts = y.map((_, t) => t * 86400e3);
  for (const [opts, re] of [
    [{ model: 'mstl', seasonLengths: [] }, /`options.seasonLengths`: expected 1 to 4 season lengths/],
    [{ model: 'mstl', seasonLengths: [7, 7, 7, 7, 7] }, /`options.seasonLengths`: expected an array of at most 4/],
    [{ model: 'mstl', seasonLengths: { length: 1e9 } }, /`options.seasonLengths`/],
    [{ model: 'mstl', seasonLengths: [1] }, /`options.seasonLengths\[0\]`: expected a season length in \[2, 8784\]/],
    [{ model: 'mstl', seasonLengths: [NaN] }, /`options.seasonLengths\[0\]`/],
    [{ model: 'ets', spec: 'AAA', seasonLengths: [1] }, /`options.seasonLengths\[0\]`: expected a season length in \[2, 8784\]/],
    [{ frequency: 'fortnightly' }, /`options.frequency`: expected one of "halfHourly"/],
    [{ frequency: 7 }, /`options.frequency`/],
    [{ timestamps: [1, 2] }, /`options.timestamps`: expected one timestamp per value \(60\)/],
    [{ timestamps: ts.map((v, i) => (i === 5 ? 0 : v)) }, /`options.timestamps`: expected strictly increasing/],
    [{ timestamps: ts.map((v) => v * 3) }, /`options.timestamps`: expected a half-hourly/],
    [{ model: 'mstl', seasonLengths: [7], events: [{ name: 'x', date: 0 }] }, /`options`: expected options.events together with options.timestamps/],
    [{ model: 'mstl', timestamps: ts, events: [{ name: 'x', date: 'tomorrow' }] }, /`options.events\[0\].date`: expected a date "YYYY-MM-DD"/],
    [{ model: 'mstl', timestamps: ts, events: [{ name: 'x', date: 0, before: 1e9 }] }, /`options.events\[0\].before`: expected a whole number in \[0, 366\]/],
    [{ model: 'mstl', timestamps: ts, events: [{ name: 'x', date: 0, later: 1 }] }, /`options.events\[0\]`: expected only the keys name, date, before, after/],
    [{ model: 'mstl', timestamps: ts, events: [{ date: 0 }] }, /`options.events\[0\].name`/],
    [{ model: 'mstl', timestamps: ts, events: { length: 1e9 } }, /`options.events`: expected an array of at most 10000 events, got 1000000000 events/],
    [{ model: 'mstl', timestamps: ts, events: new Array(10001) }, /`options.events`: expected an array of at most 10000 events/],
    [{ model: 'mstl', timestamps: ts, events: [{ name: 'x', date: 10n }] }, /`options.events\[0\].date`/],
  ]) {
    assert.throws(() => edgewise.forecast(y, 3, opts), re, JSON.stringify(opts, (_, v) => (typeof v === 'bigint' ? String(v) : v)));
  }
  assert.throws(() => edgewise.forecastBatch(y, [0, 60], 3, { timestamps: ts.slice(1) }), /`options.timestamps`: expected one timestamp per value of values \(60\)/);
  assert.throws(() => edgewise.forecastBatch(y, [0, 60], 3, { model: 'mstl' }), /`options.seasonLengths`/);
  // The module still works after every error.
  assert.equal(edgewise.forecast(y, 3, { model: 'mstl', seasonLengths: [7] }).point.length, 3);
});

test('forecastBatch takes timestamps and events: each series as forecast forecasts it alone', () => {
  const day = 86400e3;
  const jan1 = Date.UTC(2024, 0, 1);
  const promoDays = [9, 23, 40, 58, 75, 90].map((d) => jan1 + d * day);
  const events = promoDays.map((date) => ({ name: 'promo', date, after: 1 }));
  // Three daily series of different lengths and starts (the third starts before the first ends).
  const make = (n, startDay, level) => {
    const dates = Array.from({ length: n }, (_, t) => jan1 + (startDay + t) * day);
    const values = dates.map((d, t) => level + 6 * Math.abs((t % 7) - 3) + ((t * 7919) % 11) - 5
      + (promoDays.some((p) => d === p || d === p + day) ? 30 : 0));
    return { dates, values };
  };
  const parts = [make(70, 0, 100), make(56, 20, 60), make(84, 5, 140)];
  const values = Float64Array.from(parts.flatMap((p) => p.values));
  const timestamps = Float64Array.from(parts.flatMap((p) => p.dates));
  const offsets = [0, 70, 126, 210];
  const h = 10;
  const levels = [0.8, 0.95];
  for (const opts of [{ model: 'mstl', seasonLengths: [7] }, {}]) {
    const base = { ...opts, levels, seed: 5, events };
    const done = [];
    const batch = edgewise.forecastBatch(values, offsets, h, { ...base, timestamps }, (d, t) => done.push([d, t]));
    assert.deepEqual(done, [[1, 3], [2, 3], [3, 3]]);
    assert.deepEqual(batch.errors, [null, null, null]);
    parts.forEach((p, i) => {
      const one = edgewise.forecast(p.values, h, { ...base, timestamps: p.dates });
      assert.match(one.model, /\+ \d+ regressors$/);
      assert.equal(batch.model[i], one.model);
      for (let t = 0; t < h; t++) {
        assert.ok(close(batch.point[i * h + t], one.point[t]), `series ${i} point ${t}`);
        for (let l = 0; l < levels.length; l++) {
          assert.ok(close(batch.lower[(i * 2 + l) * h + t], one.lower[l][t]), `series ${i} lower ${l} ${t}`);
          assert.ok(close(batch.upper[(i * 2 + l) * h + t], one.upper[l][t]), `series ${i} upper ${l} ${t}`);
        }
      }
    });
    // Without the events the forecasts differ: the batch did use them.
    const plain = edgewise.forecastBatch(values, offsets, h, { ...opts, levels, seed: 5, timestamps });
    assert.notDeepEqual(Array.from(plain.point), Array.from(batch.point));
  }
  // Bad input: thrown errors naming the argument and the series; the module stays usable.
  const back = Float64Array.from(timestamps);
  [back[130], back[131]] = [back[131], back[130]];
  const nan = Float64Array.from(timestamps);
  nan[100] = NaN;
  for (const [opts, re] of [
    [{ timestamps: timestamps.slice(1) }, /^invalid argument `options.timestamps`: expected one timestamp per value of values \(210\), split at the same offsets, got 209 timestamps$/],
    [{ timestamps: back }, /^invalid argument `options.timestamps`: expected strictly increasing timestamps in series 2 \(values\[126\.\.210\]\), got timestamps\[131\] <= timestamps\[130\]$/],
    [{ timestamps: nan, events }, /^invalid argument `options.timestamps`: expected finite numbers in series 1 \(values\[70\.\.126\]\), got NaN at index 100$/],
    [{ timestamps: [...timestamps.slice(0, 5), 'x', ...timestamps.slice(6)] }, /`options.timestamps/],
    [{ events }, /^invalid argument `options`: expected options.events together with options.timestamps/],
    [{ model: 'arima', timestamps, events, xreg: [[[1]], [[1]], [[1]]], futureXreg: [[[1]], [[1]], [[1]]] }, /`options.xreg`: expected either options.events or options.xreg/],
    [{ timestamps, events: [{ name: 'x', date: 'soon' }] }, /`options.events\[0\].date`/],
  ]) {
    assert.throws(() => edgewise.forecastBatch(values, offsets, h, opts), (e) => e instanceof Error && re.test(e.message), String(re));
    const ok = edgewise.forecastBatch(values, offsets, 3, { model: 'naive', timestamps, events });
    assert.deepEqual(ok.errors, [null, null, null]);
  }
  // A series whose dates give no calendar step fails alone.
  const every3 = Float64Array.from(timestamps);
  for (let k = 70; k < 126; k++) every3[k] = jan1 + 3 * (k - 70) * day;
  const out = edgewise.forecastBatch(values, offsets, 3, { model: 'naive', timestamps: every3 });
  assert.equal(out.errors[0], null);
  assert.match(out.errors[1], /^invalid argument `options.timestamps`: expected a half-hourly, .* step in series 1 \(values\[70\.\.126\]\), got a median step of 3 days$/);
  assert.ok(Number.isNaN(out.point[3]) && Number.isFinite(out.point[6]));
});

test('issue #15: "auto" routes intermittent series to SBA', () => {
  const sparse = [0, 3, 0, 0, 2, 0, 0, 0, 5, 0, 1, 0, 0, 4, 0, 0];
  const out = edgewise.forecast(sparse, 4, { model: 'auto', levels: [0.9] });
  assert.equal(out.model, 'CrostonSBA');
  assert.ok(out.lower[0].every((v) => v >= 0));
});

test('issue #15: model "ensemble" (members, combine) and conformal intervals', () => {
  const y = byName.airline.values.slice(0, 96);
  const levels = [0.8, 0.95];
  const one = (model) => edgewise.forecast(y, 6, { model, seasonLength: 12, levels, seed: 1 });
  const [naive, drift] = [one('naive'), one('drift')];
  const ens = edgewise.forecast(y, 6, { model: 'ensemble', members: ['naive', 'drift'], seasonLength: 12, levels, seed: 1 });
  assert.equal(ens.model, 'Ensemble[mean](Naive, Drift)');
  for (let t = 0; t < 6; t++) {
    assert.ok(close(ens.point[t], (naive.point[t] + drift.point[t]) / 2, 1e-12));
    assert.ok(close(ens.lower[1][t], (naive.lower[1][t] + drift.lower[1][t]) / 2, 1e-12));
  }
  const med = edgewise.forecast(y, 6, { model: 'ensemble', members: ['naive', 'drift', 'seasonalNaive'], combine: 'median', seasonLength: 12 });
  const sn = one('seasonalNaive');
  for (let t = 0; t < 6; t++) {
    const v = [naive.point[t], drift.point[t], sn.point[t]].sort((a, b) => a - b);
    assert.equal(med.point[t], v[1]);
  }
  // Default members, season detected; the batch gives the same forecast.
  const def = edgewise.forecast(y, 6, { model: 'ensemble', levels, seed: 1 });
  assert.match(def.model, /^Ensemble\[mean\]\(ETS\[AICc-weighted\]\(ETS\(.*Theta\(OTM\)/);
  assert.equal(def.seasonLength, 12);
  const batch = edgewise.forecastBatch(y, [0, y.length], 6, { model: 'ensemble', seasonLength: 12, levels, seed: 1 });
  assert.deepEqual(Array.from(batch.point), Array.from(def.point));
  // Conformal intervals: any model, in forecast, forecastBatch and crossValidation.
  const conf = edgewise.forecast(y, 6, { model: 'theta', seasonLength: 12, levels, seed: 1, intervals: 'conformal', conformalWindows: 4 });
  assert.match(conf.model, / conformal$/);
  assert.deepEqual(Array.from(conf.point), Array.from(one('theta').point));
  assert.notDeepEqual(Array.from(conf.lower[1]), Array.from(one('theta').lower[1]));
  for (let t = 0; t < 6; t++) assert.ok(conf.lower[1][t] < conf.lower[0][t] && conf.upper[0][t] < conf.upper[1][t]);
  const cb = edgewise.forecastBatch(y, [0, y.length], 6, { model: 'theta', seasonLength: 12, levels, seed: 1, intervals: 'conformal', conformalWindows: 4 });
  assert.deepEqual(Array.from(cb.upper.subarray(6, 12)), Array.from(conf.upper[1]));
  const cv = edgewise.crossValidation(y, { model: 'ensemble', horizon: 6, windows: 2, levels: [0.9], intervals: 'conformal' });
  assert.equal(cv.point.length, 12);
  assert.match(cv.model, /^Ensemble\[mean\].* conformal$/);
  // Bad options are named.
  for (const [opts, re] of [
    [{ model: 'ensemble', members: ['naive', 'prophet'] }, /`options.members\[1\]`: expected one of "autoETS"/],
    [{ model: 'ensemble', members: 'naive' }, /`options.members`: expected an array of at most \d+ model names/],
    [{ model: 'ensemble', members: { length: 1e9 } }, /`options.members`/],
    [{ model: 'ensemble', members: [] }, /`options.members`: expected between 1 and \d+/],
    [{ model: 'ensemble', members: ['naive', 'naive'] }, /each member named once/],
    [{ model: 'ensemble', members: [7] }, /`options.members\[0\]`/],
    [{ model: 'ensemble', combine: 'max' }, /`options.combine`: expected "mean", "median" or "best", got "max"/],
    [{ model: 'naive', members: ['naive'] }, /`options.members`: expected no members unless options.model is "ensemble"/],
    [{ model: 'naive', intervals: 'bootstrap' }, /`options.intervals`: expected "model" or "conformal"/],
    [{ model: 'naive', intervals: 'conformal', conformalWindows: 1e9 }, /`options.conformalWindows`: expected a whole number in \[1, 100\]/],
    [{ model: 'naive', conformalWindows: 2 }, /`options.conformalWindows`: expected no conformalWindows unless options.intervals is "conformal"/],
  ]) {
    assert.throws(() => edgewise.forecast(y, 3, opts), re);
  }
  assert.equal(edgewise.forecast(y, 3, { model: 'naive' }).point[0], y[y.length - 1]);
});

test('issue #15: combine "best" picks the member with the lowest backtest error', () => {
  const line = Array.from({ length: 30 }, (_, t) => 5 + 2 * t);
  const best = edgewise.forecast(line, 4, { model: 'ensemble', members: ['naive', 'drift'], combine: 'best', levels: [0.9] });
  assert.equal(best.model, 'Best(Drift)');
  assert.deepEqual(Array.from(best.point), Array.from(edgewise.forecast(line, 4, { model: 'drift' }).point));
  const cv = edgewise.crossValidation(line, { model: 'ensemble', members: ['naive', 'drift'], combine: 'best', horizon: 3, windows: 2 });
  assert.ok(cv.mean.mae < 1e-9);
  assert.equal(cv.model, 'Best of (Naive, Drift)');
});
