// The dashboard's parallel batch: www/shard.js splits the series over workers and joins the
// forecastBatch results; joined, they must equal one forecastBatch call over all series.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { loadEdgewise, root } from './load.mjs';
import { shard, mergeBatches } from '../../www/shard.js';

const edgewise = await loadEdgewise();
const { series } = JSON.parse(readFileSync(`${root}www/data/series.json`, 'utf8'));

function batch(values, horizon, options) {
  const offsets = new Uint32Array(values.length + 1);
  values.forEach((v, i) => { offsets[i + 1] = offsets[i] + v.length; });
  return edgewise.forecastBatch(new Float64Array(values.flat()), offsets, horizon, options);
}

test('shard: contiguous, non-empty, at most `parts` groups of similar total length', () => {
  const lengths = [5, 1, 1, 1, 40, 3, 3, 3, 3, 20];
  const values = lengths.map((n, i) => Array.from({ length: n }, () => i));
  for (const parts of [1, 2, 3, 4, 8, 10, 16]) {
    const groups = shard(values, parts);
    assert.equal(groups.length, Math.min(parts, values.length), `parts ${parts}`);
    assert.ok(groups.every((g) => g.length > 0), `parts ${parts}`);
    assert.deepEqual(groups.flat(), values, `parts ${parts}`);
  }
  // Balanced by length: the 4032-point series gets a share to itself on 2 workers.
  const names = series.map((s) => s.name);
  const two = shard(series.map((s) => s.values), 2);
  const sizes = two.map((g) => g.reduce((a, v) => a + v.length, 0));
  const total = sizes[0] + sizes[1];
  assert.ok(Math.max(...sizes) < 0.75 * total, `sizes ${sizes} of ${names.length} series`);
  assert.deepEqual(shard([], 4), [[]]);
});

test('forecastBatch on shards, merged, equals one call over every series', () => {
  const values = series.map((s) => s.values);
  const options = { levels: [0.8, 0.95], seed: 7 };
  const whole = batch(values, 6, options);
  for (const parts of [2, 3, 5]) {
    const merged = mergeBatches(shard(values, parts).map((g) => batch(g, 6, options)));
    assert.equal(merged.nSeries, whole.nSeries);
    assert.equal(merged.horizon, whole.horizon);
    assert.deepEqual(merged.levels, whole.levels);
    for (const key of ['point', 'lower', 'upper', 'aicc']) {
      assert.deepEqual(Array.from(merged[key]), Array.from(whole[key]), `${key}, ${parts} parts`);
    }
    assert.deepEqual(merged.model, whole.model);
    assert.deepEqual(merged.errors, whole.errors);
  }
});
