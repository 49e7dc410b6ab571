// Values for the probe: valid arguments generated from a declared type, and the hostile values
// each argument is replaced by in turn.

/** A small seeded generator (mulberry32). */
export function rng(seed) {
  let a = seed >>> 0;
  const next = () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return { next, int: (n) => Math.floor(next() * n), pick: (xs) => xs[Math.floor(next() * xs.length)] };
}

/** The seed of call `i` of a run seeded `seed`. */
export function callSeed(seed, i) {
  return (Math.imul(seed >>> 0, 0x9e3779b1) ^ Math.imul(i + 1, 0x85ebca6b)) >>> 0;
}

/** The exception a probe getter, Proxy trap or callback throws: edgewise may let it through. */
export class ProbeSentinel extends Error {
  constructor() {
    super('probe sentinel: a getter of the caller threw');
    this.probeSentinel = true;
  }
}

/** A number for a parameter or field called `name` (a plausible value, not a checked one). */
function numberFor(name, attempt) {
  const n = name ?? '';
  const hinted =
    /seed/i.test(n) ? 7 :
    /epsilon/i.test(n) ? 1 :
    /^(level|serviceLevel|power)$/.test(n) ? 0.9 :
    /alpha|delta|prob|rate|lambda/i.test(n) ? 0.5 :
    /^(dim|k|kMin|n|clusters|bins|window|windows)$/.test(n) ? 2 :
    /horizon|step|leadTime|rounds|users|nA|catalogSize|maxPeriod/.test(n) ? 3 :
    /season/i.test(n) ? 4 :
    /index|arm|value|decisionId|^lo$|slot/.test(n) ? 0 :
    /^hi$/.test(n) ? 1 :
    null;
  const fallback = [3, 1, 0.5, 0, 2, 10];
  if (attempt === 0 && hinted !== null) return hinted;
  return fallback[attempt % fallback.length];
}

const TYPED = { Float64Array, Float32Array, Uint32Array, Int32Array, Uint8Array, Int8Array, Uint16Array, Int16Array };

/** Row values for a typed array or number list of `len` elements. */
function series(len, kind, r) {
  const out = [];
  for (let i = 0; i < len; i++) out.push(kind === 'int' ? i % 3 : 1 + ((i * 7 + r.int(3)) % 5) + 0.25 * (i % 2));
  return out;
}

/**
 * A value of declared type `t` for a parameter or field `name`: `attempt` varies the numbers and
 * union members tried; `r` varies lengths and values. `ctx.instance(cls)` makes a live instance.
 */
export function generate(t, name, attempt, r, ctx) {
  switch (t.k) {
    case 'num': return numberFor(name, attempt);
    case 'str': return t.lits ? t.lits[attempt % t.lits.length] : 'a';
    case 'bool': return attempt % 2 === 0;
    case 'null': case 'undef': case 'void': return undefined;
    case 'any': return {};
    case 'fn': return () => {};
    case 'buf': return new Uint8Array(8).buffer;
    case 'class': return ctx.instance(t.c);
    case 'typed': {
      const C = TYPED[t.c];
      const intKind = /Uint|Int/.test(t.c);
      return C.from(series(12, intKind ? 'int' : 'float', r));
    }
    case 'arr': {
      if (t.of.k === 'num') return series(12, /index|arm|id|custom|report|rank|relev|list|label|action|position/i.test(name) ? 'int' : 'float', r);
      const n = t.of.k === 'str' ? 12 : 2;
      return Array.from({ length: n }, (_, i) => generate(t.of, name, attempt + i, r, ctx));
    }
    case 'tuple': return t.items.map((it, i) => generate(it, `${name}${i}`, attempt, r, ctx));
    case 'union': {
      const opts = t.of.filter((o) => !['null', 'undef', 'void'].includes(o.k));
      return generate(opts[attempt % opts.length], name, Math.floor(attempt / opts.length), r, ctx);
    }
    case 'obj': {
      const o = {};
      for (const f of t.fields) if (!f.opt) o[f.name] = generate(f.t, f.name, attempt, r, ctx);
      return o;
    }
    default: return undefined;
  }
}

/** The typed-array constructors a declared type accepts. */
export function typedKinds(t) {
  if (!t) return [];
  if (t.k === 'typed') return [t.c];
  if (t.k === 'union') return t.of.flatMap(typedKinds);
  return [];
}

/** The class a declared type names, if any. */
export function classOf(t) {
  if (!t) return null;
  if (t.k === 'class') return t.c;
  if (t.k === 'union') return t.of.map(classOf).find(Boolean) ?? null;
  return null;
}

function detached(kind) {
  const C = TYPED[kind] ?? Float64Array;
  const a = new C(4);
  structuredClone(a.buffer, { transfer: [a.buffer] });
  return a;
}

function throwingProxy() {
  const boom = () => { throw new ProbeSentinel(); };
  return new Proxy({}, { get: boom, has: boom, ownKeys: boom, getOwnPropertyDescriptor: boom, getPrototypeOf: boom });
}

function throwingGetters(t) {
  const o = {};
  const keys = t?.k === 'obj' && t.fields.length ? t.fields.map((f) => f.name) : ['length', '0'];
  for (const k of keys) Object.defineProperty(o, k, { enumerable: true, get() { throw new ProbeSentinel(); } });
  return o;
}

const throwingValueOf = () => ({ valueOf() { throw new ProbeSentinel(); }, toString() { throw new ProbeSentinel(); } });

/**
 * The hostile values, each `{ label, make(ctx, t) }`: `t` is the declared type of the slot, `ctx`
 * makes instances (`instance(cls)`, `freed(cls)`, `unmade(cls)`, `other(cls)`: one of another class).
 */
export const HOSTILE = [
  { label: 'undefined', make: () => undefined },
  { label: 'null', make: () => null },
  { label: 'NaN', make: () => NaN },
  { label: 'Infinity', make: () => Infinity },
  { label: '-Infinity', make: () => -Infinity },
  { label: '-1', make: () => -1 },
  { label: '0', make: () => 0 },
  { label: '-0', make: () => -0 },
  { label: '0.5', make: () => 0.5 },
  { label: '2^31', make: () => 2 ** 31 },
  { label: '2^32-1', make: () => 2 ** 32 - 1 },
  { label: '2^53', make: () => 2 ** 53 },
  { label: '1e9', make: () => 1e9 },
  { label: '1e308', make: () => 1e308 },
  { label: 'a BigInt (10n)', make: () => 10n },
  { label: 'a Symbol', make: () => Symbol('probe') },
  { label: "the string 'probe'", make: () => 'probe' },
  { label: "the string ''", make: () => '' },
  { label: "the string '4294967295'", make: () => '4294967295' },
  { label: 'the number 5 (for a string)', make: () => 5, only: (t) => JSON.stringify(t).includes('"k":"str"') },
  { label: 'true', make: () => true },
  { label: '{}', make: () => ({}) },
  { label: '[]', make: () => [] },
  { label: 'Object.create(null)', make: () => Object.create(null) },
  { label: '{length: 1e9}', make: () => ({ length: 1e9 }) },
  { label: '{length: -1}', make: () => ({ length: -1 }) },
  { label: '{length: 2^32}', make: () => ({ length: 2 ** 32 }) },
  { label: 'a Proxy whose traps throw', make: () => throwingProxy() },
  { label: 'an object whose getters throw', make: (ctx, t) => throwingGetters(t) },
  { label: 'a detached typed array', make: (ctx, t) => detached(typedKinds(t)[0]) },
  { label: 'a detached Uint8Array', make: () => detached('Uint8Array') },
  { label: 'an Int8Array', make: () => Int8Array.from([1, 2, 3, 4]) },
  { label: 'a BigInt64Array', make: () => BigInt64Array.from([1n, 2n, 3n, 4n]) },
  {
    label: 'a typed array of an undeclared kind',
    make: (ctx, t) => {
      const kinds = typedKinds(t);
      const k = ['Float64Array', 'Float32Array', 'Uint32Array', 'Uint8Array', 'Int16Array'].find((c) => !kinds.includes(c));
      return TYPED[k].from([1, 2, 3, 4, 5, 6, 7, 8]);
    },
  },
  { label: 'a sparse Array(2^27 + 1)', make: () => new Array(2 ** 27 + 1), arrays: true },
  { label: 'a Float64Array(65536) of ones', make: (ctx, t) => new (TYPED[typedKinds(t)[0]] ?? Float64Array)(65536).fill(1) },
  { label: '[NaN, 1, 2, 3]', make: () => [NaN, 1, 2, 3] },
  { label: "['a', 'b', 'c']", make: () => ['a', 'b', 'c'] },
  { label: '[1e308, 1e308, -1e308, 1e308]', make: () => [1e308, 1e308, -1e308, 1e308] },
  { label: '[[1], [2]]', make: () => [[1], [2]] },
  { label: '[{}, null]', make: () => [{}, null] },
  { label: 'an array of objects whose valueOf throws', make: () => [throwingValueOf(), throwingValueOf(), throwingValueOf()] },
  { label: 'another class\'s instance', make: (ctx, t) => ctx.other(classOf(t)) },
  { label: 'a freed instance', make: (ctx, t) => ctx.freed(classOf(t)) },
  { label: 'an instance no constructor made', make: (ctx, t) => ctx.unmade(classOf(t)) },
  { label: 'a function', make: () => function probeFn() { return 1; } },
  { label: 'a function that throws', make: () => () => { throw new ProbeSentinel(); } },
];

/** The hostile values tried on option keys and object fields. */
export const KEY_HOSTILE = [
  'undefined', 'null', 'NaN', 'Infinity', '-1', '0.5', '2^32-1', '2^53', '1e9', '1e308', 'a BigInt (10n)',
  'a Symbol', "the string 'probe'", '{}', '[]', 'a Proxy whose traps throw', '{length: 1e9}',
  'a detached typed array', 'another class\'s instance',
].map((l) => HOSTILE.findIndex((h) => h.label === l));

/** The values `this` is bound to for methods and getters. */
export const THIS_HOSTILE = [
  { label: 'an instance of each other class', make: (ctx, cls) => ctx.other(cls) },
  { label: 'a freed instance of the class', make: (ctx, cls) => ctx.freed(cls) },
  { label: 'an instance no constructor made', make: (ctx, cls) => ctx.unmade(cls) },
  { label: '{}', make: () => ({}) },
  { label: 'undefined', make: () => undefined },
  { label: 'null', make: () => null },
  { label: 'the number 5', make: () => 5 },
];
