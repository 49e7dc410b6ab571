// GpuContext in Node (no WebGPU: every context runs on the CPU fallback and says why). Issue #12:
// hostile arguments are refused with an Error naming them — synchronously for arguments, as a
// rejected Promise for what only the running call can tell — and never trap or poison the context.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { loadEdgewise } from './load.mjs';

const ew = await loadEdgewise();

/** Runs `fn`; passes when it throws, or returns a Promise that rejects, with an Error (not a trap)
 * naming argument `arg`. */
async function fails(fn, arg, extra) {
  let err;
  try {
    await fn();
  } catch (e) {
    err = e;
  }
  assert.ok(err !== undefined, `expected a failure naming \`${arg}\``);
  assert.ok(err instanceof Error && !(err instanceof WebAssembly.RuntimeError), `not a trap: ${err}`);
  assert.ok(err.message.includes(`\`${arg}\``), `message names \`${arg}\`: ${err.message}`);
  if (extra) assert.match(err.message, extra);
  return err.message;
}

const HOSTILE_COUNTS = [4294967295, 1e9, -1, 0, NaN, Infinity, 1.5, '2', 2n, {}, null, undefined];
const ARRAY_LIKES = [{ length: 1e9 }, { length: -1 }, { length: 4294967295 }, Object.create(null), 'abc', 7, 7n, null];

const users = new Float32Array([1, 0, 0, 1]);
const items = new Float32Array([3, 1, 1, 3, 2, 2]);

async function expectWorking(ctx) {
  const out = await ctx.scoresTopK(users, items, 2, 2);
  assert.deepEqual(Array.from(out.indices), [0, 2, 1, 2]);
  assert.deepEqual(Array.from(out.scores), [3, 2, 3, 2]);
  assert.equal(out.backend, 'cpu');
}

test('in Node the context runs on the CPU, says why, and answers correctly', async () => {
  const ctx = await ew.createGpuContext();
  assert.equal(ctx.backend, 'cpu');
  assert.match(ctx.fallbackReason, /navigator\.gpu is missing/);
  assert.equal(ctx.adapter(), null);
  await expectWorking(ctx);
  ctx.setItems(items, 2);
  const top = await ctx.topK([1, 0], 1);
  assert.deepEqual(Array.from(top.indices), [0]);
  const s = await ctx.scores([1, 0], items, 2);
  assert.deepEqual(Array.from(s.scores), [3, 1, 2]);
  const a = await ctx.kmeansAssign(items, [3, 1, 1, 3], 2);
  assert.deepEqual(Array.from(a.labels), [0, 1, 0]);
  const cpu = ew.createCpuContext();
  assert.match(cpu.fallbackReason, /createCpuContext/);
  await expectWorking(cpu);
  ctx.destroy();
  await expectWorking(ctx);
});

test('issue #12: array-likes and hostile sizes are refused, naming the argument', async () => {
  const ctx = ew.createCpuContext();
  for (const v of ARRAY_LIKES) {
    await fails(() => ctx.scoresTopK(v, items, 2, 2), 'users');
    await fails(() => ctx.scoresTopK(users, v, 2, 2), 'items');
    await fails(() => ctx.scores(v, items, 2), 'users');
    await fails(() => ctx.scores(users, v, 2), 'items');
    await fails(() => ctx.setItems(v, 2), 'items');
    await fails(() => ctx.kmeansAssign(v, items, 2), 'points');
    await fails(() => ctx.kmeansAssign(items, v, 2), 'centroids');
  }
  ctx.setItems(items, 2);
  for (const v of ARRAY_LIKES) await fails(() => ctx.topK(v, 1), 'users');
  for (const v of HOSTILE_COUNTS) {
    await fails(() => ctx.scoresTopK(users, items, v, 2), 'dim');
    await fails(() => ctx.scoresTopK(users, items, 2, v), 'k');
    await fails(() => ctx.scores(users, items, v), 'dim');
    await fails(() => ctx.setItems(items, v), 'dim');
    await fails(() => ctx.topK(users, v), 'k');
    await fails(() => ctx.kmeansAssign(items, items, v), 'dim');
  }
  await fails(() => ctx.scoresTopK(users, items.subarray(0, 5), 2, 2), 'items', /5 values/);
  await fails(() => ctx.scoresTopK([1, NaN], items, 2, 2), 'users', /NaN/);
  await fails(() => ctx.scoresTopK([1n, 0n], items, 2, 2), 'users[0]', /BigInt/);
  // A detached typed array is refused by name (it used to read as empty).
  const gone = new Float32Array([1, 0]);
  structuredClone(gone.buffer, { transfer: [gone.buffer] });
  await fails(() => ctx.scoresTopK(gone, items, 2, 2), 'users', /detached/);
  // Work beyond the documented bounds is refused (a rejected Promise: only the call can tell).
  const many = new Float32Array(1 << 14);
  await fails(() => ctx.scores(many, many, 1), 'users', /at most 134217728 results/);
  // The context still answers after every failure.
  await expectWorking(ctx);
  assert.deepEqual(Array.from((await ctx.topK(users, 1)).indices), [0, 1]);
});

test('issue #12: createGpuContext options are checked', async () => {
  await fails(() => ew.createGpuContext({ maxBufferBytes: 10 }), 'options.maxBufferBytes', /\[1024, 4294967295\], got 10/);
  await fails(() => ew.createGpuContext({ maxBufferBytes: 1e20 }), 'options.maxBufferBytes');
  await fails(() => ew.createGpuContext({ maxBufferBytes: 2048n }), 'options.maxBufferBytes', /BigInt/);
  await fails(() => ew.createGpuContext({ maxBuferBytes: 2048 }), 'options', /unknown key `maxBuferBytes`/);
  await fails(() => ew.createGpuContext({ get maxBufferBytes() { throw new Error('boom'); } }), 'options.maxBufferBytes', /a getter that threw/);
  await fails(() => ew.createGpuContext('x'), 'options');
  await fails(() => ew.createGpuContext(new Proxy({}, { ownKeys() { throw new Error('trap'); } })), 'options', /ownKeys trap threw/);
  await fails(() => ew.createGpuContext(new Proxy({}, { get() { throw new Error('trap'); } })), 'options.maxBufferBytes', /a getter that threw/);
  const ok = await ew.createGpuContext(Object.assign(Object.create(null), { maxBufferBytes: 4096 }));
  assert.equal(ok.backend, 'cpu');
});

test('issue #12: wrong `this`, freed contexts and `new GpuContext()` give clear errors', async () => {
  const ctx = ew.createCpuContext();
  const store = ew.ItemStore.fromFloat32([1, 0], 2);
  const P = ew.GpuContext.prototype;
  await fails(() => P.scoresTopK.call(store, users, items, 2, 2), 'this', /expected a GpuContext .*got an ItemStore/);
  await fails(() => P.setItems.call(store, items, 2), 'this');
  await fails(() => Reflect.apply(Object.getOwnPropertyDescriptor(P, 'backend').get, store, []), 'this');
  await fails(() => Reflect.apply(Object.getOwnPropertyDescriptor(ew.ItemStore.prototype, 'len').get, ctx, []), 'this', /expected an ItemStore .*got a GpuContext/);
  await fails(() => new ew.GpuContext().scoresTopK(users, items, 2, 2), 'this');
  const freed = ew.createCpuContext();
  freed.free();
  freed.free();
  await fails(() => freed.scoresTopK(users, items, 2, 2), 'this', /free\(\) was called/);
  await fails(() => freed.backend, 'this', /free\(\) was called/);
  // Calls queued before free() still settle.
  const queued = ew.createCpuContext();
  const p = queued.scoresTopK(users, items, 2, 2);
  queued.free();
  assert.deepEqual(Array.from((await p).indices), [0, 2, 1, 2]);
  await expectWorking(ctx);
  assert.equal(store.len, 1);
  store.free();
});
