// Runs a slice of the probe's plan in a worker thread against its own instance of the module, and
// posts each finding. The parent watches the call index in `sab` (a per-call watchdog) and starts a
// fresh worker after a trap (the module is then in an unknown state) or a death.
import { parentPort, workerData } from 'node:worker_threads';
import { isDeepStrictEqual, types as utilTypes } from 'node:util';
import { HOSTILE, THIS_HOSTILE, ProbeSentinel, generate, rng, callSeed, classOf } from './values.mjs';
import { fixtures, INSTANCES, FINGERPRINTS, SEEDS } from './seeds.mjs';
import { randomEntry, describeEntry } from './plan.mjs';
import { stackPointer } from './stack.mjs';

const { gluePath, module, model, plan, from, to, seed, deadline, sab } = workerData;
const targetFilter = workerData.targets ? new RegExp(workerData.targets) : null;
const state = new Int32Array(sab);
const ew = await import(gluePath);
const wasmExports = ew.initSync({ module });

const ARG_ATTEMPTS = 6;
const FORMS = [/^invalid argument `([^`]+)`: expected [\s\S]+, got [\s\S]+$/, /^corrupt [^:]+: \S/, /^numerical failure: \S/, /^unsupported: \S/];
const BAD = /null pointer passed to rust|recursive use of an object|unreachable|charCodeAt|Cannot read propert|Cannot convert|is not a function|expected instance of|is not iterable|Maximum call stack|memory access out of bounds|table index is out of bounds|\[object Object\]|undefined is not/;

let fx;
try {
  fx = fixtures(ew);
} catch (e) {
  parentPort.postMessage({ type: 'fatal', message: `the probe's fixtures failed: ${e?.stack ?? e}` });
  process.exit(1);
}

let findingsHere = 0;

function report(i, entry, outcome, detail, extra = {}) {
  findingsHere += 1;
  const target = model.targets[entry.t];
  parentPort.postMessage({ type: 'finding', finding: { call: i, id: target.id, kind: target.kind, ...describeEntry(model, entry), outcome, detail: String(detail).slice(0, 400), ...extra } });
}

// ---- instances -------------------------------------------------------------------------------
let created = [];
const ctxFor = (r) => ({
  instance(cls) { const o = INSTANCES[cls](ew, fx); created.push(o); return o; },
  other(cls) { const c = r.pick(model.classes.filter((x) => x !== cls)); return this.instance(c); },
  freed(cls) { const o = this.instance(cls ?? r.pick(model.classes)); o.free(); return o; },
  unmade(cls) { return Object.create(ew[cls ?? r.pick(model.classes)].prototype); },
});

function cleanup() {
  for (const o of created) { try { o.free(); } catch { /* freed or poisoned: reported elsewhere */ } }
  created = [];
}

// ---- calling ---------------------------------------------------------------------------------
function invoke(target, self, args, thisValue) {
  const C = target.cls ? ew[target.cls] : null;
  switch (target.kind) {
    case 'function': return ew[target.name](...args);
    case 'ctor': return new C(...args);
    case 'static': return C[target.name](...args);
    case 'method': return C.prototype[target.name].apply(thisValue === undefined && self ? self : thisValue, args);
    case 'getter': return Object.getOwnPropertyDescriptor(C.prototype, target.name).get.call(thisValue === undefined && self ? self : thisValue);
  }
  throw new Error(`unknown target kind ${target.kind}`);
}

// `this` bound to undefined is a hostile value of its own: mark it apart from "use self".
const UNDEF_THIS = Symbol('undefined this');

async function call(target, self, args, thisValue) {
  let result;
  if (thisValue === UNDEF_THIS) {
    const C = ew[target.cls];
    result = target.kind === 'getter'
      ? Object.getOwnPropertyDescriptor(C.prototype, target.name).get.call(undefined)
      : C.prototype[target.name].apply(undefined, args);
  } else {
    result = invoke(target, self, args, thisValue);
  }
  if (result && typeof result.then === 'function') result = await result;
  return result;
}

/** Every number deep in `v` finite (typed arrays included); false on anything unreadable. */
function allFinite(v, depth = 0) {
  try {
    if (typeof v === 'number') return Number.isFinite(v);
    if (typeof v !== 'object' || v === null || depth > 5) return true;
    if (ArrayBuffer.isView(v)) return !(v instanceof Float64Array || v instanceof Float32Array) || v.every(Number.isFinite);
    if (utilTypes.isProxy(v)) return false;
    for (const k of Object.keys(v)) if (!allFinite(v[k], depth + 1)) return false;
    return true;
  } catch {
    return false;
  }
}

/** Non-finite numbers in `v` where the declared result type `t` does not document them. */
function nonFinite(v, t, path = 'result', depth = 0, out = []) {
  if (depth > 6 || out.length > 3) return out;
  if (typeof v === 'number') {
    if (!Number.isFinite(v)) out.push(`${path} = ${v}`);
    return out;
  }
  if (typeof v !== 'object' || v === null) return out;
  if (model.classes.some((c) => v instanceof ew[c])) return out;
  if (t?.k === 'any') return out;
  if (ArrayBuffer.isView(v)) {
    if (v instanceof Float64Array || v instanceof Float32Array) {
      const j = v.findIndex((x) => !Number.isFinite(x));
      if (j >= 0) out.push(`${path}[${j}] = ${v[j]}`);
    }
    return out;
  }
  const objs = t?.k === 'obj' ? [t] : t?.k === 'union' ? t.of.filter((o) => o.k === 'obj') : [];
  const elem = t?.k === 'arr' ? t.of : t?.k === 'union' ? t.of.find((o) => o.k === 'arr')?.of : undefined;
  if (Array.isArray(v)) {
    v.forEach((x, j) => nonFinite(x, t?.k === 'tuple' ? t.items[j] : elem, `${path}[${j}]`, depth + 1, out));
    return out;
  }
  for (const k of Object.keys(v)) {
    const f = objs.flatMap((o) => o.fields).find((x) => x.name === k);
    if (f && /NaN|infinite|Infinity/.test(f.doc)) continue;
    nonFinite(v[k], f?.t, `${path}.${k}`, depth + 1, out);
  }
  return out;
}

const numericView = (v) => ArrayBuffer.isView(v) && !(v instanceof DataView) && !/Big/.test(v.constructor.name) && v.buffer.byteLength > 0;

/** The value conforms to its declared type (a plausible value that may clash with another argument). */
function conforms(v, t) {
  if (!t) return false;
  switch (t.k) {
    case 'num': return typeof v === 'number';
    case 'str': return typeof v === 'string' && (!t.lits || t.lits.includes(v));
    case 'bool': return typeof v === 'boolean';
    // Any live numeric typed array is a plausible list of numbers.
    case 'typed': return numericView(v);
    // (A huge array is not walked: `every` visits each hole of a sparse Array(2^27 + 1).)
    case 'arr': return (Array.isArray(v) && v.length <= 65536 && v.every((x) => conforms(x, t.of))) || (t.of.k === 'num' && numericView(v));
    case 'union': return t.of.some((o) => conforms(v, o));
    case 'class': return v instanceof ew[t.c];
    case 'null': return v === null;
    case 'undef': case 'void': return v === undefined;
    default: return false;
  }
}

/** Why an error thrown by a call is not acceptable, or null. */
function badError(e, target, entry, hostileValue) {
  if (e instanceof ProbeSentinel) return null; // the caller's own getter / callback threw: passed through
  if (!(e instanceof Error)) return ['non-Error throw', `threw ${typeof e}: ${String(e).slice(0, 200)}`];
  const msg = e.message;
  if (BAD.test(msg)) return ['bad message', msg];
  const form = FORMS.findIndex((re) => re.test(msg));
  if (form < 0) return ['bad message', msg];
  // "got NaN" for a value that was not NaN: the glue converted it unchecked before edgewise saw it.
  const got = form === 0 ? msg.slice(msg.lastIndexOf(', got ') + 6) : '';
  if (/^(the number )?NaN\b/.test(got) && entry.slot !== 'base' && !hasNaN(hostileValue)) return ['message misdescribes the value', msg];
  if (form > 0 || entry.slot === 'base' || entry.slot === 'none') return null;
  const named = msg.match(FORMS[0])[1];
  const root = named.split(/[.[]/)[0];
  if (entry.slot === 'this') return root === 'this' ? null : ['message does not name `this`', msg];
  const param = target.params[entry.slot];
  const mutated = entry.path ? [param.name, ...entry.path].join('.').replace(/\.(\d+)/g, '[$1]') : param.name;
  const names = new Set(target.params.map((p) => p.name));
  if (target.kind === 'method') names.add('this');
  if (!names.has(root)) return ['message names no argument of the call', msg];
  // A value of the declared type may clash with another argument (lengths, k vs points, …).
  if (!entry.unknown && conforms(hostileValue, entry.pathType ?? param.t)) return null;
  const ok = named === mutated || named.startsWith(`${mutated}.`) || named.startsWith(`${mutated}[`) || (entry.path && mutated.startsWith(`${named}.`)) || (entry.path && mutated.startsWith(`${named}[`));
  return ok ? null : ['message names another argument', `\`${mutated}\` was ${describeEntry(model, entry).value}: ${msg}`];
}

function hasNaN(v) {
  try {
    if (typeof v === 'number') return Number.isNaN(v);
    if ((ArrayBuffer.isView(v) || Array.isArray(v)) && v.length <= 65536) return Array.prototype.some.call(v, (x) => typeof x === 'number' && Number.isNaN(x));
  } catch { /* detached or hostile */ }
  return false;
}

/** A short text of a returned value for a report. */
function preview(v) {
  try {
    if (typeof v === 'string') return JSON.stringify(v.slice(0, 40));
    if (typeof v !== 'object' || v === null) return String(v);
    if (ArrayBuffer.isView(v)) return `a ${v.constructor.name}(${v.length})`;
    return `an object (${Object.keys(v).slice(0, 4).join(', ')})`;
  } catch {
    return 'a value';
  }
}

function isTrap(e) {
  return e instanceof WebAssembly.RuntimeError;
}

// ---- valid arguments -------------------------------------------------------------------------
const recipes = new Map(); // target index -> [recipe] (validated)

function generated(target, attempt) {
  return (ewm, fxm, self, r, ctx) => target.params.map((p) => (p.optional ? undefined : generate(p.t, p.name, attempt, r, ctx)));
}

function instanceFor(target, ctx) {
  return target.kind === 'method' || target.kind === 'getter' ? ctx.instance(target.cls) : null;
}

function trimArgs(args) {
  const out = [...args];
  while (out.length && out[out.length - 1] === undefined) out.pop();
  return out;
}

/** The validated recipes of target `t` (found once per worker). */
async function recipesFor(i, t) {
  if (recipes.has(t)) return recipes.get(t);
  const target = model.targets[t];
  const candidates = [...(SEEDS[target.id] ?? []).map((f) => (ewm, fxm, self) => f(ewm, fxm, self))];
  for (let a = 0; a < ARG_ATTEMPTS; a++) candidates.push(generated(target, a));
  const ok = [];
  let lastError = '';
  for (const recipe of candidates) {
    const r = rng(1234);
    const ctx = ctxFor(r);
    try {
      const self = instanceFor(target, ctx);
      const args = trimArgs(recipe(ew, fx, self, r, ctx));
      const result = await call(target, self, args, undefined);
      if (result && model.classes.some((c) => result instanceof ew[c])) created.push(result);
      ok.push(recipe);
      if (allFinite(args)) {
        const bad = nonFinite(result, target.ret);
        if (bad.length && !(target.ret?.k === 'num' && /NaN|infinite|Infinity/.test(target.doc ?? ''))) {
          report(i, { t, slot: 'base' }, 'non-finite result', bad.join('; '));
        }
      }
      if (SEEDS[target.id] && ok.length >= SEEDS[target.id].length) break;
      if (!SEEDS[target.id]) break;
    } catch (e) {
      if (isTrap(e)) throw e;
      lastError = e?.message ?? String(e);
    } finally {
      cleanup();
    }
  }
  const broken = ok.length ? null : healthy();
  if (broken) throw new Broken(broken);
  if (!ok.length) report(i, { t, slot: 'base' }, 'no valid arguments', `neither a seed nor arguments generated from the declared types succeed; last error: ${lastError}`);
  recipes.set(t, ok);
  return ok;
}

/**
 * Sets `value` at `path` inside `root`, a value of declared type `t`. A missing object or array on
 * the way is generated valid from its declared type (its other required fields present), so that
 * only the value at `path` is hostile.
 */
function setPath(root, path, value, t, r, ctx) {
  // A valid container at `sub` (to be indexed next by `nextKey`).
  const fresh = (sub, nextKey) => {
    const made = generate(typeAt(t, sub) ?? { k: 'any' }, String(sub[sub.length - 1] ?? 'root'), 0, r, ctx);
    if (made && typeof made === 'object' && !ArrayBuffer.isView(made)) return cloneShallow(made);
    return typeof nextKey === 'number' ? [] : {};
  };
  const base = root === undefined || root === null || typeof root !== 'object' ? fresh([], path[0]) : cloneShallow(root);
  let node = base;
  for (let k = 0; k < path.length - 1; k++) {
    const key = path[k];
    const next = node[key];
    node[key] = next && typeof next === 'object' ? cloneShallow(next) : fresh(path.slice(0, k + 1), path[k + 1]);
    node = node[key];
  }
  node[path[path.length - 1]] = value;
  return base;
}

function cloneShallow(v) {
  if (Array.isArray(v)) return [...v];
  if (ArrayBuffer.isView(v)) return v;
  if (model.classes.some((c) => v instanceof ew[c])) return v;
  return { ...v };
}

function misspell(key) {
  return key.length > 2 ? key.slice(0, -1) + key.slice(-1).toUpperCase() + 'x' : `${key}X`;
}

function typeAt(t, path) {
  let cur = t;
  for (const key of path) {
    if (!cur) return undefined;
    const objs = cur.k === 'obj' ? [cur] : cur.k === 'union' ? cur.of.filter((o) => o.k === 'obj') : [];
    if (typeof key === 'number') cur = cur.k === 'arr' ? cur.of : cur.k === 'union' ? cur.of.find((o) => o.k === 'arr')?.of : undefined;
    else cur = objs.flatMap((o) => o.fields).find((f) => f.name === key)?.t;
  }
  return cur;
}

// ---- one call --------------------------------------------------------------------------------
async function runOne(i, entry) {
  const target = model.targets[entry.t];
  const r = rng(callSeed(seed, i));
  const valid = await recipesFor(i, entry.t);
  if (!valid.length) return;
  const recipe = valid[r.int(valid.length)];
  const ctx = ctxFor(r);
  const self = instanceFor(target, ctx);
  let args = recipe(ew, fx, self, r, ctx);
  args = [...args];
  while (args.length < target.params.length) args.push(undefined);
  let thisValue;
  let hostileValue;
  if (entry.slot === 'this') {
    thisValue = entry.other ? ctx.instance(entry.other) : THIS_HOSTILE[entry.h].make(ctx, target.cls);
    if (thisValue === undefined) thisValue = UNDEF_THIS;
  } else if (entry.slot !== 'none') {
    const p = target.params[entry.slot];
    if (entry.unknown) {
      const objType = typeAt(p.t, entry.path);
      const keys = (objType?.k === 'obj' ? objType.fields : objType?.k === 'union' ? objType.of.flatMap((o) => o.fields ?? []) : []).map((f) => f.name);
      const bogus = misspell(keys[r.int(keys.length)] ?? 'key');
      hostileValue = 1;
      args[entry.slot] = setPath(args[entry.slot], [...entry.path, bogus], 1, p.t, r, ctx);
    } else if (entry.path) {
      entry.pathType = typeAt(p.t, entry.path);
      hostileValue = HOSTILE[entry.h].make(ctx, entry.pathType);
      args[entry.slot] = setPath(args[entry.slot], entry.path, hostileValue, p.t, r, ctx);
    } else {
      hostileValue = HOSTILE[entry.h].make(ctx, p.t);
      args[entry.slot] = hostileValue;
    }
  }
  args = trimArgs(args);
  // The live instances this call can touch, and their state before it.
  const tracked = [];
  if (self) tracked.push(self);
  for (const a of args) if (a && typeof a === 'object' && !utilTypes.isProxy(a) && model.classes.some((c) => a instanceof ew[c]) && a.__wbg_ptr && !tracked.includes(a)) tracked.push(a);
  const before = tracked.map((o) => fingerprint(o));
  const finite = allFinite(args);
  try {
    const result = await call(target, self, args, thisValue);
    if (result && typeof result === 'object' && model.classes.some((c) => result instanceof ew[c])) created.push(result);
    if (entry.unknown) report(i, entry, 'unknown key accepted', 'the call succeeded with a misspelled key (expected an error naming it)');
    // A method on another class's object, a freed one or a plain object must refuse, not answer.
    if (entry.slot === 'this') report(i, entry, 'wrong object accepted', `\`this\` was ${describeEntry(model, entry).value}, yet the call returned ${preview(result)}`);
    else if (entry.slot !== 'none' && !entry.path && classOf(target.params[entry.slot].t) && [`another class's instance`, 'a freed instance', 'an instance no constructor made'].includes(HOSTILE[entry.h].label)) {
      report(i, entry, 'wrong object accepted', `\`${target.params[entry.slot].name}\` was ${HOSTILE[entry.h].label}, yet the call returned ${preview(result)}`);
    }
    if (finite && entry.slot !== 'this' && entry.slot !== 'none') {
      const bad = nonFinite(result, target.ret);
      if (bad.length && !(target.ret?.k === 'num' && /NaN|infinite|Infinity/.test(target.doc ?? ''))) report(i, entry, 'non-finite result', bad.join('; '));
    }
  } catch (e) {
    if (isTrap(e)) throw e;
    const bad = badError(e, target, entry, hostileValue);
    if (bad) {
      report(i, entry, bad[0], bad[1]);
      // A wrong answer may come from corrupted memory: go on only with a healthy module.
      const broken = healthy();
      if (broken) throw new Broken(broken);
    }
    tracked.forEach((o, k) => {
      const after = fingerprint(o);
      if (!before[k].ok) return;
      if (!after.ok) report(i, entry, 'poisoned object', `after the failed call, a known-good read of the ${o.constructor.name} throws: ${after.error}`);
      else if (!isDeepStrictEqual(before[k].value, after.value)) report(i, entry, 'changed by a failed call', `the ${o.constructor.name}'s state differs after the call threw "${e?.message}"`);
    });
  }
}

function fingerprint(o) {
  const cls = model.classes.find((c) => o instanceof ew[c]);
  try {
    return { ok: true, value: FINGERPRINTS[cls](ew, o, fx) };
  } catch (e) {
    if (isTrap(e)) throw e;
    return { ok: false, error: e?.message ?? String(e) };
  }
}

/** Whether the module still answers known-good calls (an earlier call may have corrupted it without trapping). */
function healthy() {
  try {
    const f = ew.forecast([1, 2, 3, 4, 5, 6], 2, { model: 'naive' });
    if (f.point[0] !== 6 || f.point[1] !== 6) return 'forecast([1..6], 2, naive) no longer gives [6, 6]';
    for (const cls of model.classes) {
      const o = INSTANCES[cls](ew, fx);
      FINGERPRINTS[cls](ew, o, fx);
      o.free();
    }
    return null;
  } catch (e) {
    return `${e?.constructor?.name}: ${e?.message ?? e}`;
  }
}

class Broken extends Error {}

// ---- the loop --------------------------------------------------------------------------------
const firstCall = from;
for (let i = from; i < to; i++) {
  if (deadline && i >= plan.length && Date.now() > deadline) break; // the plan always completes
  const entry = i < plan.length ? { ...plan[i] } : randomEntry(model, rng(callSeed(seed, i) ^ 0xabcdef));
  // PROBE_TARGETS narrows a run to some exports; call numbers stay those of the whole plan.
  if (targetFilter && !targetFilter.test(model.targets[entry.t].id)) {
    Atomics.store(state, 2, i + 1);
    continue;
  }
  Atomics.store(state, 0, i);
  Atomics.store(state, 1, 1);
  const t0 = Date.now();
  const sp0 = stackPointer(wasmExports);
  const findingsBefore = findingsHere;
  try {
    await runOne(i, entry);
    // Calls without a finding, and their time: what a run costs once the module passes (kept in
    // the shared buffer, which outlives a worker terminated by the watchdog).
    if (findingsHere === findingsBefore) {
      Atomics.add(state, 3, 1);
      Atomics.add(state, 4, Date.now() - t0);
    }
    if (workerData.slowMs && Date.now() - t0 > workerData.slowMs) parentPort.postMessage({ type: 'slow', call: i, ms: Date.now() - t0, ...describeEntry(model, entry), id: model.targets[entry.t].id });
  } catch (e) {
    if (isTrap(e)) {
      report(i, entry, 'trap', `${e.constructor.name}: ${e.message}`);
      parentPort.postMessage({ type: 'restart', next: i + 1 });
      process.exit(3);
    }
    // Setting up the call failed: the probe's own bug, or the module was broken by an earlier call.
    const broken = e instanceof Broken ? e.message : healthy();
    if (broken) {
      report(i, entry, 'module broken', `known-good calls fail after this call or one before it in this worker (calls ${firstCall}..${i}): ${broken}`);
      parentPort.postMessage({ type: 'restart', next: i + 1 });
      process.exit(3);
    }
    report(i, entry, 'probe error', e?.stack ?? String(e));
  } finally {
    try { cleanup(); } catch { /* ignore */ }
    Atomics.store(state, 1, 0);
  }
  // An exception that passed through Rust frames leaves the shadow-stack pointer lower (see
  // stack.mjs): a finding, then the pointer is put back so that later calls are judged alone.
  const sp = stackPointer(wasmExports);
  if (sp !== sp0) {
    report(i, entry, 'stack leak', `the call (or its setup and checks) left the wasm stack pointer ${sp0 - sp} bytes lower: a JS exception passed through Rust frames, skipping their stack restore and destructors`);
    wasmExports.__edgewise_probe_sp.value = sp0;
  }
  Atomics.store(state, 2, i + 1);
}
parentPort.postMessage({ type: 'done' });
