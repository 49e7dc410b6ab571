// Each entry point of the npm package (scripts/package.sh) stays within 10% of its recorded size:
// gzip -9 of its wasm against benches/results/size.json (what it measures and why: size.md there).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { gzipSync } from 'node:zlib';
import { ENTRIES } from '../../scripts/package_entries.mjs';
import { root } from './load.mjs';

const recorded = JSON.parse(readFileSync(`${root}benches/results/size.json`, 'utf8')).gzippedWasm;
/** Whether `size` is at most 10% above `recorded`. */
const withinBudget = (size, recordedSize) => size <= recordedSize * 1.1;

/** Bytes of the wasm gzipped at level 9 (as `gzip -9 -c FILE | wc -c`, less gzip's file-name header). */
function gzippedWasm(dir) {
  return gzipSync(readFileSync(`${root}target/npm/package/dist/${dir}/edgewise_bg.wasm`), { level: 9 }).length;
}

for (const { entry, dir } of ENTRIES) {
  test(`${entry}: gzipped wasm within 10% of benches/results/size.json`, () => {
    assert.ok(recorded[entry] > 0, `${entry} has a recorded size`);
    const size = gzippedWasm(dir);
    assert.ok(withinBudget(size, recorded[entry]),
      `${entry}: ${size} B gzipped, more than 10% above the recorded ${recorded[entry]} B ` +
      '(cut it, or re-measure and explain in benches/results/size.md)');
  });
}

test('the budget is 10%: 110 000 B passes against 100 000 B recorded, 110 001 B fails', () => {
  assert.equal(withinBudget(110_000, 100_000), true);
  assert.equal(withinBudget(110_001, 100_000), false);
});
