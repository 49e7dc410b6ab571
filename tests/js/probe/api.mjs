// The JS API as the generated pkg/edgewise.d.ts declares it: every exported function, every class
// with its constructor, static methods, methods and getters, and the declared types they use. Read
// with the TypeScript compiler, so an export added to the Rust side is probed without a list here.
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const ts = require('typescript');

/** wasm-bindgen's loader functions: not edgewise's API. */
const LOADER = new Set(['initSync', 'default', '__wbg_init']);

function docOf(node) {
  return (node.jsDoc ?? []).map((d) => (typeof d.comment === 'string' ? d.comment : (d.comment ?? []).map((c) => c.text).join(''))).join('\n');
}

function params(fn) {
  return fn.parameters.map((p) => ({
    name: p.name.getText(),
    optional: Boolean(p.questionToken),
    type: p.type,
  }));
}

/**
 * Parses `dtsPath`. Returns `{ functions, classes, types, ts }`: `functions` are
 * `{ name, params, returns, async }`, `classes` are `{ name, ctor (params or null when private),
 * statics, methods, getters }`, `types` maps an interface / type alias name to its node.
 */
export function readApi(dtsPath) {
  const text = readFileSync(dtsPath, 'utf8');
  const sf = ts.createSourceFile(dtsPath, text, ts.ScriptTarget.Latest, true);
  const functions = [];
  const classes = [];
  const types = new Map();
  const exported = (n) => (ts.getCombinedModifierFlags(n) & ts.ModifierFlags.Export) !== 0;
  for (const st of sf.statements) {
    if (ts.isInterfaceDeclaration(st) || ts.isTypeAliasDeclaration(st)) {
      types.set(st.name.text, st);
      continue;
    }
    if (!exported(st)) continue;
    if (ts.isFunctionDeclaration(st) && st.name && !LOADER.has(st.name.text)) {
      const returns = st.type?.getText() ?? 'void';
      functions.push({ name: st.name.text, params: params(st), returns, retNode: st.type, async: /^Promise</.test(returns), doc: docOf(st) });
    } else if (ts.isClassDeclaration(st) && st.name) {
      const cls = { name: st.name.text, ctor: null, privateCtor: false, statics: [], methods: [], getters: [] };
      for (const m of st.members) {
        const name = m.name?.getText();
        if (ts.isConstructorDeclaration(m)) {
          if (m.modifiers?.some((x) => x.kind === ts.SyntaxKind.PrivateKeyword)) cls.privateCtor = true;
          else cls.ctor = params(m);
        } else if (ts.isMethodDeclaration(m)) {
          if (name === 'free' || name === '[Symbol.dispose]') continue;
          const returns = m.type?.getText() ?? 'void';
          const entry = { name, params: params(m), returns, retNode: m.type, async: /^Promise</.test(returns), doc: docOf(m) };
          const isStatic = m.modifiers?.some((x) => x.kind === ts.SyntaxKind.StaticKeyword);
          (isStatic ? cls.statics : cls.methods).push(entry);
        } else if (ts.isPropertyDeclaration(m) || ts.isGetAccessorDeclaration(m)) {
          cls.getters.push({ name, type: m.type, retNode: m.type, doc: docOf(m) });
        }
      }
      classes.push(cls);
    }
  }
  return { functions, classes, types, ts };
}

/**
 * Every callable of the API as a flat list of targets: `{ id, kind, cls, name, params, async }`,
 * kind one of "function", "ctor", "static", "method", "getter".
 */
export function targets(api) {
  const out = [];
  for (const f of api.functions) out.push({ id: f.name, kind: 'function', name: f.name, params: f.params, async: f.async, doc: f.doc, retNode: f.retNode });
  for (const c of api.classes) {
    if (c.ctor) out.push({ id: `new ${c.name}`, kind: 'ctor', cls: c.name, name: c.name, params: c.ctor, async: false });
    for (const s of c.statics) out.push({ id: `${c.name}.${s.name}`, kind: 'static', cls: c.name, name: s.name, params: s.params, async: s.async, doc: s.doc, retNode: s.retNode });
    for (const m of c.methods) out.push({ id: `${c.name}#${m.name}`, kind: 'method', cls: c.name, name: m.name, params: m.params, async: m.async, doc: m.doc, retNode: m.retNode });
    for (const g of c.getters) out.push({ id: `${c.name}#${g.name}`, kind: 'getter', cls: c.name, name: g.name, params: [], async: false, doc: g.doc, retNode: g.retNode });
  }
  return out;
}

/**
 * A declared type as plain data (it crosses to the probe's workers): `{k: "num" | "str" | "bool" |
 * "typed" | "buf" | "arr" | "tuple" | "obj" | "union" | "class" | "fn" | "any" | "null" | "undef" |
 * "void", …}`. Interfaces become `{k: "obj", name, fields: [{name, opt, t, doc}], extra}` (extra:
 * the declaration says unknown keys are accepted).
 */
export function describeType(api, node, depth = 0) {
  const { ts, types } = api;
  const classNames = new Set(api.classes.map((c) => c.name));
  const typed = new Set(['Float64Array', 'Float32Array', 'Uint32Array', 'Int32Array', 'Uint8Array', 'Int8Array', 'Uint16Array', 'Int16Array', 'BigInt64Array', 'BigUint64Array']);
  if (!node) return { k: 'any' };
  if (depth > 24) return { k: 'any' };
  const d = (n) => describeType(api, n, depth + 1);
  switch (node.kind) {
    case ts.SyntaxKind.NumberKeyword: return { k: 'num' };
    case ts.SyntaxKind.StringKeyword: return { k: 'str', lits: null };
    case ts.SyntaxKind.BooleanKeyword: return { k: 'bool' };
    case ts.SyntaxKind.AnyKeyword: case ts.SyntaxKind.UnknownKeyword: return { k: 'any' };
    case ts.SyntaxKind.ObjectKeyword: return { k: 'obj', name: 'object', fields: [], extra: true };
    case ts.SyntaxKind.VoidKeyword: return { k: 'void' };
    case ts.SyntaxKind.UndefinedKeyword: return { k: 'undef' };
    case ts.SyntaxKind.NullKeyword: return { k: 'null' };
    case ts.SyntaxKind.ParenthesizedType: return d(node.type);
    case ts.SyntaxKind.LiteralType: {
      if (node.literal.kind === ts.SyntaxKind.NullKeyword) return { k: 'null' };
      if (ts.isStringLiteral(node.literal)) return { k: 'str', lits: [node.literal.text] };
      return { k: 'num' };
    }
    // A template literal type (`${number}-${number}-${number}`): its one value with every
    // placeholder as 1 ("1-1-1"), the plausible string the type describes.
    case ts.SyntaxKind.TemplateLiteralType:
      return { k: 'str', lits: [node.head.text + node.templateSpans.map((sp) => `1${sp.literal.text}`).join('')] };
    case ts.SyntaxKind.UnionType: {
      const of = node.types.map(d);
      // A union of string literals is one string type.
      if (of.every((t) => t.k === 'str' && t.lits)) return { k: 'str', lits: of.flatMap((t) => t.lits) };
      return { k: 'union', of };
    }
    case ts.SyntaxKind.IntersectionType: {
      const parts = node.types.map(d).filter((t) => t.k === 'obj');
      return { k: 'obj', name: parts.map((p) => p.name).join('&'), fields: parts.flatMap((p) => p.fields), extra: parts.some((p) => p.extra) };
    }
    case ts.SyntaxKind.ArrayType: return { k: 'arr', of: d(node.elementType) };
    case ts.SyntaxKind.TupleType: return { k: 'tuple', items: node.elements.map(d) };
    case ts.SyntaxKind.FunctionType: return { k: 'fn' };
    case ts.SyntaxKind.TypeLiteral: return objectOf(api, node.members, '{…}', '', depth);
    case ts.SyntaxKind.TypeReference: {
      const name = node.typeName.getText();
      if (typed.has(name)) return { k: 'typed', c: name };
      if (name === 'ArrayBuffer') return { k: 'buf' };
      if (name === 'Promise') return d(node.typeArguments?.[0]);
      if (classNames.has(name)) return { k: 'class', c: name };
      if (name === 'Omit') {
        const base = d(node.typeArguments[0]);
        const drop = d(node.typeArguments[1]).lits ?? [];
        return { ...base, fields: base.fields.filter((f) => !drop.includes(f.name)) };
      }
      const decl = types.get(name);
      if (!decl) return { k: 'any', name };
      if (ts.isTypeAliasDeclaration(decl)) return { ...d(decl.type), ...(d(decl.type).k === 'obj' ? { name } : {}) };
      // An interface, with the fields of what it extends.
      const own = objectOf(api, decl.members, name, docOf(decl), depth);
      for (const h of decl.heritageClauses ?? []) {
        for (const e of h.types) {
          const text = e.expression.getText();
          const base = d({ kind: ts.SyntaxKind.TypeReference, typeName: { getText: () => text }, typeArguments: e.typeArguments });
          for (const f of base.fields ?? []) if (!own.fields.some((o) => o.name === f.name)) own.fields.push(f);
        }
      }
      return own;
    }
    default:
      return { k: 'any', text: node.getText?.() };
  }
}

const stem = (name) => name.replace(/(Low|High|Lower|Upper|Min|Max|A|B)$/, '');

function objectOf(api, members, name, doc, depth) {
  const fields = [];
  for (const m of members) {
    if (!api.ts.isPropertySignature(m)) continue;
    const name = m.name.getText();
    let doc = docOf(m);
    // An undocumented field right after a documented one of the same stem shares its comment
    // (`/** … interval (NaN when …) */ bootLow: number; bootHigh: number;`).
    const prev = fields[fields.length - 1];
    if (!doc && prev?.doc && stem(prev.name) === stem(name)) doc = prev.doc;
    fields.push({ name, opt: Boolean(m.questionToken), t: describeType(api, m.type, depth + 1), doc });
  }
  return { k: 'obj', name, fields, extra: /extra keys[^.]*accepted/i.test(doc) };
}

/**
 * The serializable model the probe's workers use: targets with described parameter and result
 * types (a result field may be NaN / infinite only where its documentation says so).
 */
export function apiModel(dtsPath) {
  const api = readApi(dtsPath);
  const list = targets(api).map(({ retNode, ...t }) => ({
    ...t,
    ret: describeType(api, retNode),
    params: t.params.map((p) => ({ name: p.name, optional: p.optional, t: describeType(api, p.type) })),
  }));
  return { targets: list, classes: api.classes.map((c) => c.name) };
}
