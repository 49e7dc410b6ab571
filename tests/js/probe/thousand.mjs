// Issue #12 item 6(c), run in a worker: failing calls in a row (`workerData.calls`, a mix across
// exports and across every way a call can fail), then a forecast, a ranking and a bandit choice
// must still give the right answers. Each call must leave the wasm stack pointer where it found it
// (stack.mjs: an exception through Rust frames leaks stack and skips destructors), and the
// externref table and the memory must stop growing once every kind of call has run a few times.
import { parentPort, workerData } from 'node:worker_threads';
import { stackPointer } from './stack.mjs';

const ew = await import(workerData.gluePath);
const wasm = ew.initSync({ module: workerData.module });
const calls = workerData.calls ?? 1000;

const series = Float64Array.from({ length: 48 }, (_, i) => 20 + 5 * Math.sin((2 * Math.PI * i) / 12) + (i % 5));
const dim = 4;
const emb = Float32Array.from({ length: 8 * dim }, (_, i) => (Math.floor(i / dim) === i % dim + 2 ? 1 : 0.01 * (i % 7)));
const store = ew.ItemStore.fromFloat32(emb, dim);
const profile = new ew.ShopperProfile(dim);
const bandit = new ew.MultiArmedBandit([0, 1, 2], { policy: 'epsilonGreedy', epsilon: 0, seed: 3 });
bandit.update(0, 0);
bandit.update(1, 1);
bandit.update(2, 0.25);
const budget = new ew.PrivacyBudget(1, { seed: 1 });
const linear = new ew.LinearBandit([0, 1], { dim: 2, seed: 1 });
const gpu = ew.createCpuContext();
const freed = ew.ItemStore.fromFloat32(emb, dim);
freed.free();
const big = 4294967295;
// Values whose every read throws, in the caller's code: the error must come back as an Error
// without passing through Rust frames.
const boom = () => { throw new Error('the caller\'s own code threw'); };
const throwingProxy = () => new Proxy({}, { get: boom, has: boom, ownKeys: boom, getOwnPropertyDescriptor: boom, getPrototypeOf: boom });
const posingProxy = () => new Proxy(new Float64Array(8), { getPrototypeOf: () => Float64Array.prototype, get: boom });
class LyingArray extends Float64Array { get length() { return boom(); } }
class EvilError extends Error { get message() { return boom(); } }
const revoked = () => { const r = Proxy.revocable([], {}); r.revoke(); return r.proxy; };
const detachedBuffer = () => { const b = new ArrayBuffer(16); structuredClone(b, { transfer: [b] }); return b; };
const unmade = Object.create(ew.ShopperProfile.prototype);
const getter = (cls, name) => Object.getOwnPropertyDescriptor(cls.prototype, name).get;

/** Answers that must not change: computed before the failures, compared after. */
function answers() {
  const f = ew.forecast([1, 2, 3, 4, 5, 6, 7, 8, 9, 10], 3, { model: 'naive' });
  const ets = ew.forecast(series, 6, { model: 'ets', spec: 'AAN', levels: [0.8], seed: 1 });
  const r = ew.rank(store, Float32Array.from([0, 1, 0, 0]), { k: 3 });
  const b = bandit.choose();
  return {
    naive: Array.from(f.point),
    ets: [ets.model, Array.from(ets.point), Array.from(ets.lower[0])],
    rankTop: r.indices[0],
    rankIds: Array.from(r.indices),
    arm: b.arm,
  };
}

const failing = [
  () => ew.forecast(series, big, { model: 'naive' }),
  () => ew.forecast('not numbers', 3),
  () => ew.forecast(series, 3, { model: 'nope' }),
  () => ew.forecastBatch(series, [0, 100], 3),
  () => ew.crossValidation(series, { horizon: big, windows: 2, step: 3, model: 'naive' }),
  () => ew.crossValidation(series, { horizon: 3, windows: 2, step: big, model: 'naive' }),
  () => new ew.ShopperProfile(big),
  () => ew.synthCatalog(big, 4, 3, 1),
  () => budget.unaryEncoding(1, big, 0.5),
  () => ew.evaluateLoggedFeedback({ actions: [0], rewards: [1], pscores: [0.5], nActions: big }, 'uniform'),
  () => ew.elbow(emb, dim, { kMax: big }),
  () => ew.elbow(emb, dim, { kMin: big, kMax: 3 }),
  () => ew.kmeans(emb, 0),
  () => ew.ItemStore.fromSafetensors(new Uint8Array(16), 5),
  () => ew.ItemStore.fromNpy(new Uint8Array(12)),
  () => store.setPrices(Object.create(null)),
  () => store.setIds({ length: 1e9 }),
  () => store.embedding(big),
  () => Object.getOwnPropertyDescriptor(ew.ItemStore.prototype, 'len').get.call(profile),
  () => ew.ItemStore.prototype.embedding.call(freed, 0),
  () => ew.rank(store, 'query'),
  () => ew.rank(freed, Float32Array.from([1, 0, 0, 0])),
  () => ew.rank(profile, Float32Array.from([1, 0, 0, 0])),
  () => profile.observe(store, [{ item: 0, kind: 'teleport', timestampMs: 1 }]),
  () => ew.abTest({}),
  () => ew.abTest({ a: { conversions: 5, visitors: 1 }, b: { conversions: 1, visitors: 10 } }),
  () => ew.MultiArmedBandit.importState(new Uint8Array(10)),
  () => bandit.loadState(new Uint8Array(40)),
  () => bandit.reward(123456789, 1),
  () => bandit.addArm(0),
  () => new ew.MultiArmedBandit([0, 0]),
  () => new ew.LinearBandit([0], { dim: 0 }),
  () => linear.choose([1, 2, 3]),
  () => linear.update(7, [1, 2], 1),
  () => new ew.PrivacyBudget(-1),
  () => budget.charge('x', 1e9),
  () => ew.ShopperProfile.fromJSON('{'),
  () => ew.detectSeasonality([1, 2, 3], -1),
  () => ew.eoq(-1, 1, 1),
  () => ew.srmCheck([1, 2], [1]),
  () => ew.silhouette(emb, dim, [0, 1]),
  () => ew.rfm([0, 1], [1], [1, 2]),
  () => ew.segmentRfm({ recency: [1], frequency: [1] }),
  () => ew.simulateRegret([], 10),
  () => ew.decodeRandomizedResponse([5], 2, 1),
  () => ew.inventoryPlan({ stock: [1], mean: [1, 2] }),
  () => ew.newsvendor({ mean: 1, sd: -1 }, 1, 1),
  () => ew.welchTest([1], [2]),
  () => ew.evaluateOffPolicy('', '', 'uniform'),
  () => gpu.scores({ length: 1e9 }, emb, dim),
  () => gpu.kmeansAssign(emb, emb, 0),
  () => gpu.topK(Float32Array.from([1, 0, 0, 0]), 0),
  // the caller's getters, Proxy traps, callbacks and subclasses throw
  () => ew.simulateRegret([0.1, 0.2], 50, { epsilon: throwingProxy() }),
  () => new ew.MultiArmedBandit([0, 1], { policy: 'epsilonGreedy', epsilon: throwingProxy() }),
  () => ew.evaluateLoggedFeedback({ actions: [0, 1], rewards: [0, 1], pscores: [0.5, 0.5], nActions: 2 }, 'uniform', { level: throwingProxy() }),
  () => ew.forecast(series, 3, { model: 'naive', levels: throwingProxy() }),
  () => ew.forecast(series, 3, { get model() { return boom(); } }),
  () => ew.forecast(series, 3, throwingProxy()),
  () => ew.forecast(series, 3, { model: 'naive', levels: [{ valueOf: boom }] }),
  () => ew.forecast(new LyingArray(12), 3, { model: 'nope' }),
  () => ew.forecast(posingProxy(), 3),
  () => ew.forecast(revoked(), 3),
  () => ew.forecast(series, revoked()),
  () => ew.ItemStore.fromNpy(detachedBuffer()),
  () => ew.MultiArmedBandit.importState(new Uint8Array(detachedBuffer())),
  () => ew.forecastBatch(series, [0, 24, 48], 3, { model: 'naive' }, () => { throw new EvilError(); }),
  () => ew.forecastBatch(series, [0, 24, 48], 3, { model: 'naive' }, () => { throw throwingProxy(); }),
  () => linear.choose(throwingProxy()),
  () => store.setIds(throwingProxy()),
  // methods on freed objects and on objects no constructor made
  () => getter(ew.ItemStore, 'len').call(freed),
  () => getter(ew.ShopperProfile, 'dim').call(unmade),
  () => ew.ShopperProfile.prototype.observe.call(unmade, store, []),
  () => ew.rank(unmade, Float32Array.from([1, 0, 0, 0])),
];

const before = answers();
const problems = [];
let failed = 0;
const sp = stackPointer(wasm);
if (typeof sp !== 'number') problems.push('the module given does not export its stack pointer (withStackPointer in stack.mjs)');
// The sizes once every kind of call has run ten times, and at the end.
const warm = Math.min(calls, 10 * failing.length);
let settled = null;
for (let i = 0; i < calls; i++) {
  const k = i % failing.length;
  const what = `failing[${k}]: ${failing[k].toString().slice(6, 100)}`;
  let threw = null;
  try {
    const r = failing[k]();
    if (r && typeof r.then === 'function') await r;
  } catch (e) {
    threw = e;
  }
  if (threw instanceof WebAssembly.RuntimeError) problems.push(`call ${i} (${what}) trapped: ${threw.message}`);
  else if (!(threw instanceof Error)) problems.push(`call ${i} (${what}) ${threw === null ? 'did not fail' : `threw a non-Error: ${String(threw)}`}`);
  else failed += 1;
  const moved = sp - stackPointer(wasm);
  if (moved) {
    problems.push(`call ${i} (${what}) left the stack pointer ${moved} bytes lower: an exception passed through Rust frames`);
    wasm.__edgewise_probe_sp.value = sp;
  }
  if (i + 1 === warm) settled = { table: wasm.__wbindgen_externrefs.length, memory: wasm.memory.buffer.byteLength };
  if (problems.length > 40) break;
}
const sizes = { settled, end: { table: wasm.__wbindgen_externrefs.length, memory: wasm.memory.buffer.byteLength } };
let after;
try {
  after = answers();
} catch (e) {
  problems.push(`after the failing calls, the known-good calls throw: ${e?.message ?? e}`);
}
parentPort.postMessage({ before, after, failed, kinds: failing.length, sizes, problems: [...new Set(problems.map((p) => p.replace(/^call \d+ /, 'a call ')))] });
