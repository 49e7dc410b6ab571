// The built module's JS API in Node: results, and thrown Errors with clear messages on bad input.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { loadEdgewise, root } from './load.mjs';

const edgewise = await loadEdgewise();
const cargoVersion = readFileSync(`${root}Cargo.toml`, 'utf8').match(/^version = "(.+)"$/m)[1];

test('version comes from the crate and SIMD128 is on', () => {
  assert.equal(edgewise.version(), cargoVersion);
  assert.equal(edgewise.simdEnabled(), true);
});

test('forecast returns typed arrays with intervals', () => {
  const out = edgewise.forecast(new Float64Array([1, 3, 2, 4, 3, 5]), 3, {
    model: 'seasonalNaive', seasonLength: 2, levels: [0.8, 0.95],
  });
  assert.equal(out.model, 'SeasonalNaive(2)');
  assert.ok(out.point instanceof Float64Array);
  assert.deepEqual(Array.from(out.point), [3, 5, 3]);
  assert.deepEqual(out.levels, [0.8, 0.95]);
  for (let h = 0; h < 3; h++) {
    // The 95% interval contains the 80% one, which contains the point.
    assert.ok(out.lower[1][h] < out.lower[0][h] && out.lower[0][h] < out.point[h]);
    assert.ok(out.upper[1][h] > out.upper[0][h] && out.upper[0][h] > out.point[h]);
  }
});

test('bad arguments throw Error objects naming the argument', () => {
  const cases = [
    [() => edgewise.forecast('1,2,3', 3), /invalid argument `values`: expected a Float64Array or an array of numbers, got a string/],
    [() => edgewise.forecast(undefined, 3), /`values`.*got undefined/],
    [() => edgewise.forecast([1, NaN, 3], 3), /`values`: expected finite numbers, got NaN at index 1/],
    [() => edgewise.forecast([1, 2, 3], -1), /`horizon`: expected a whole number in \[1, 10000\], got -1/],
    [() => edgewise.forecast([1, 2, 3], 2, { levels: [95] }), /`options.levels\[0\]`: expected a number strictly between 0 and 1, got 95/],
    [() => edgewise.forecast([1, 2, 3], 2, { model: 'seasonalNaive', seasonLength: 12 }), /`values`: expected at least 12 points/],
    [() => edgewise.forecast([1, 2, 3], 2, { modle: 'naive' }), /unknown key `modle`/],
  ];
  for (const [fn, message] of cases) {
    assert.throws(fn, (err) => err instanceof Error && message.test(err.message), String(message));
  }
  // The module is still usable after errors (no panic, no poisoned instance).
  assert.deepEqual(Array.from(edgewise.forecast([1, 2], 1, { model: 'naive' }).point), [2]);
});
