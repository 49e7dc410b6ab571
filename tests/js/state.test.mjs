// edgewise/state (npm/state.js): bytes <-> base64 for saved states of any size (the README's old
// `btoa(String.fromCharCode(...state))` overflows the call stack on a 1.26 MB LinearBandit state).
// Its IndexedDB store runs in a Web Worker in tests/js/package.test.mjs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { base64ToBytes, bytesToBase64, openStateStore } from '../../npm/state.js';
import { loadEdgewise } from './load.mjs';

test('a multi-MB LinearBandit state survives base64 and loads back', async () => {
  const { LinearBandit } = await loadEdgewise();
  const arms = Array.from({ length: 10 }, (_, i) => i);
  const lin = new LinearBandit(arms, { policy: 'linUcb', dim: 128, alpha: 1 });
  const context = new Float64Array(128).map((_, i) => Math.sin(i));
  for (let t = 0; t < 5; t += 1) {
    const { decisionId } = lin.choose(context);
    lin.reward(decisionId, 1);
  }
  const state = lin.exportState();
  assert.ok(state.length > 1_000_000, `state of ${state.length} bytes`);
  assert.throws(() => btoa(String.fromCharCode(...state)), RangeError, 'the spread really overflows');

  const text = bytesToBase64(state);
  assert.equal(text, Buffer.from(state).toString('base64'));
  const back = base64ToBytes(text);
  assert.deepEqual(back, state);
  const restored = new LinearBandit(arms, { policy: 'linUcb', dim: 128, alpha: 1 });
  restored.loadState(back);
  assert.deepEqual(restored.exportState(), state);
});

test('base64 round trips every byte value, empty input and 5 MB', () => {
  for (const n of [0, 1, 2, 3, 256, 0x8000, 0x8001, 5 * 1024 * 1024 + 7]) {
    const bytes = new Uint8Array(n).map((_, i) => (i * 131 + (i >> 8)) & 255);
    const text = bytesToBase64(bytes);
    assert.equal(text, Buffer.from(bytes).toString('base64'), `n = ${n}`);
    assert.deepEqual(base64ToBytes(text), bytes, `n = ${n}`);
  }
});

test('bad input is a TypeError naming the argument', () => {
  assert.throws(() => bytesToBase64([1, 2]), { name: 'TypeError', message: 'invalid argument `bytes`: expected a Uint8Array, got an Array' });
  assert.throws(() => bytesToBase64(null), { message: 'invalid argument `bytes`: expected a Uint8Array, got null' });
  assert.throws(() => base64ToBytes(42), { message: 'invalid argument `text`: expected a base64 string, got a number' });
  assert.throws(() => base64ToBytes('not base64!'), { message: 'invalid argument `text`: expected a base64 string, got 11 characters that are not base64' });
});

test('openStateStore says why where there is no IndexedDB (Node)', async () => {
  await assert.rejects(openStateStore(), /IndexedDB is not available here/);
});
