// The probe's systematic plan: every target x every argument (and `this`) x every hostile value,
// every declared option key / object field x the key hostile values, and an unknown key in every
// declared object. Plain data, the same in the runner and its workers.
import { HOSTILE, KEY_HOSTILE, THIS_HOSTILE, rng } from './values.mjs';

/** The object types a declared type may be (unions and optionals looked through). */
function objectsOf(t) {
  if (!t) return [];
  if (t.k === 'obj') return [t];
  if (t.k === 'union') return t.of.flatMap(objectsOf);
  return [];
}

function arrayElemOf(t) {
  if (!t) return null;
  if (t.k === 'arr') return t.of;
  if (t.k === 'union') return t.of.map(arrayElemOf).find(Boolean) ?? null;
  return null;
}

/** Key paths under a declared type: `{ path, t }` for each field, and the object paths (for unknown keys). */
export function pathsOf(t, prefix = [], depth = 0, out = { fields: [], objects: [] }, inheritedExtra = false) {
  if (depth > 3) return out;
  const objs = objectsOf(t).filter((o) => o.fields.length);
  // Inside an object that accepts extra keys (RfmColumns takes a whole RfmTable), nested objects may
  // be data the call does not read: their keys are not checked either.
  const extra = inheritedExtra || objs.some((o) => o.extra);
  if (objs.length) out.objects.push({ path: prefix, extra, keys: [...new Set(objs.flatMap((o) => o.fields.map((f) => f.name)))] });
  const seen = new Set();
  for (const o of objs) {
    for (const f of o.fields) {
      if (seen.has(f.name)) continue;
      seen.add(f.name);
      out.fields.push({ path: [...prefix, f.name], t: f.t });
      pathsOf(f.t, [...prefix, f.name], depth + 1, out, extra);
    }
  }
  const elem = arrayElemOf(t);
  if (elem && (objectsOf(elem).length || arrayElemOf(elem))) {
    out.fields.push({ path: [...prefix, 0], t: elem });
    pathsOf(elem, [...prefix, 0], depth + 1, out, extra);
  }
  return out;
}

/** The systematic plan of a model; `seed` picks which key hostile values each key gets. */
export function systematicPlan(model, seed, keyValues = 6) {
  const plan = [];
  const r = rng(seed ^ 0x5eed);
  model.targets.forEach((target, t) => {
    target.params.forEach((p, slot) => {
      HOSTILE.forEach((h, hi) => {
        if (h.only && !h.only(p.t)) return;
        if (h.arrays && !/"k":"(arr|typed)"/.test(JSON.stringify(p.t))) return;
        plan.push({ t, slot, h: hi });
      });
      const { fields, objects } = pathsOf(p.t);
      for (const f of fields) {
        // Every key gets `keyValues` of the key hostile values, a different choice per seed.
        const order = [...KEY_HOSTILE].sort(() => r.next() - 0.5);
        for (const hi of order.slice(0, keyValues)) plan.push({ t, slot, path: f.path, h: hi });
      }
      for (const o of objects) if (!o.extra) plan.push({ t, slot, path: o.path, unknown: true });
    });
    // A target without parameters still gets its valid call (and the check of its result).
    if (!target.params.length && (target.kind === 'function' || target.kind === 'static')) plan.push({ t, slot: 'none' });
    if (target.kind === 'method' || target.kind === 'getter') {
      for (const other of model.classes) if (other !== target.cls) plan.push({ t, slot: 'this', other, h: 0 });
      THIS_HOSTILE.forEach((h, hi) => { if (hi > 0) plan.push({ t, slot: 'this', h: hi }); });
    }
  });
  return plan;
}

/** A random plan entry for call `i` beyond the systematic plan (runs on demand). */
export function randomEntry(model, r) {
  const t = r.int(model.targets.length);
  const target = model.targets[t];
  const methodish = target.kind === 'method' || target.kind === 'getter';
  if (methodish && (target.params.length === 0 || r.next() < 0.1)) {
    const hi = r.int(THIS_HOSTILE.length);
    return hi === 0 ? { t, slot: 'this', other: r.pick(model.classes.filter((c) => c !== target.cls)), h: 0 } : { t, slot: 'this', h: hi };
  }
  if (target.params.length === 0) return { t, slot: 'none' };
  const slot = r.int(target.params.length);
  const { fields, objects } = pathsOf(target.params[slot].t);
  const roll = r.next();
  if (fields.length && roll < 0.4) return { t, slot, path: r.pick(fields).path, h: r.pick(KEY_HOSTILE) };
  if (objects.length && roll < 0.45) {
    const o = r.pick(objects);
    if (!o.extra) return { t, slot, path: o.path, unknown: true };
  }
  return { t, slot, h: r.int(HOSTILE.length) };
}

/** `{ arg, value }`: the argument (a JS path such as `options.nInit`) and the value a plan entry puts there. */
export function describeEntry(model, entry) {
  const target = model.targets[entry.t];
  if (entry.slot === 'base') return { arg: '(valid arguments)', value: '-' };
  if (entry.slot === 'none') return { arg: '(none)', value: '-' };
  if (entry.slot === 'this') return { arg: 'this', value: entry.other ? `${/^[AEIOU]/.test(entry.other) ? 'an' : 'a'} ${entry.other}` : THIS_HOSTILE[entry.h].label };
  const name = target.params[entry.slot].name;
  const arg = entry.path ? [name, ...entry.path].join('.').replace(/\.(\d+)/g, '[$1]') : name;
  return { arg, value: entry.unknown ? 'an unknown (misspelled) key' : HOSTILE[entry.h].label };
}
