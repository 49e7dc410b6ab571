// Hardens the JS glue that wasm-bindgen generates, for the one wasm-bindgen version Cargo.lock pins.
//
//   node scripts/patch_glue.mjs pkg/edgewise.js
//
// wasm-bindgen's glue checks a class argument only with `instanceof` and passes `this.__wbg_ptr`
// to Rust unchecked. The Rust side (src/js/obj.rs) makes a wrong class harmless; this patch makes
// the three messages the glue itself throws say which argument was wrong and why:
// - a class argument of the wrong kind, or freed: "invalid argument `store`: expected an
//   ItemStore, got a ShopperProfile" (the glue said "expected instance of ItemStore");
// - a method called on a freed object (or on one edgewise never made): the glue passed a null
//   pointer and Rust said "null pointer passed to rust";
// - `free()` called twice is a no-op (it threw the null-pointer message).
// Every rewrite must match exactly once or more; a wasm-bindgen upgrade that changes the glue
// fails the build here instead of shipping unpatched.
import { readFileSync, writeFileSync } from 'node:fs';

const file = process.argv[2];
if (!file) {
  console.error('usage: node scripts/patch_glue.mjs <wasm-bindgen glue .js>');
  process.exit(2);
}
let src = readFileSync(file, 'utf8');

function replace(label, pattern, replacement, { min = 1 } = {}) {
  let count = 0;
  src = src.replace(pattern, (...m) => {
    count += 1;
    return typeof replacement === 'function' ? replacement(...m) : replacement;
  });
  if (count < min) {
    console.error(`patch_glue: "${label}" matched ${count} times in ${file} (wasm-bindgen changed?)`);
    process.exit(1);
  }
}

const FREED =
  'expected a live edgewise object, got one whose free() was called ' +
  '(or an object that no edgewise constructor or factory made)';

// A module built with fewer engines (the npm package's per-engine entries, scripts/package.sh) may
// have no class argument, or no class at all: those rewrites are then required zero times.
const classArgs = { min: src.includes('function _assertClass(') ? 1 : 0 };
const classes = { min: src.includes('__destroy_into_raw()') ? 1 : 0 };

// 1. Class arguments: name the argument, tell a freed object from a wrong one.
replace(
  '_assertClass definition',
  /function _assertClass\(instance, klass\) \{\n    if \(!\(instance instanceof klass\)\) \{\n        throw new Error\(`expected instance of \$\{klass\.name\}`\);\n    \}\n\}/,
  `function _assertClass(instance, klass, name) {
    const article = (s) => (/^[AEIO]/.test(s) ? 'an ' : 'a ') + s;
    if (!(instance instanceof klass)) {
        let got;
        if (instance === null || instance === undefined) got = String(instance);
        else if (typeof instance !== 'object') got = typeof instance === 'number' ? 'the number ' + instance : article(typeof instance);
        else {
            let ctor = '';
            try { ctor = Object.getPrototypeOf(instance)?.constructor?.name ?? ''; } catch { ctor = ''; }
            got = ctor && ctor !== 'Object' ? article(ctor) : 'an object';
        }
        throw new Error(\`invalid argument \\\`\${name}\\\`: expected \${article(klass.name)}, got \${got}\`);
    }
    if (!instance.__wbg_ptr) {
        throw new Error(\`invalid argument \\\`\${name}\\\`: expected a live \${klass.name}, got one whose free() was called\`);
    }
}`,
  classArgs,
);
replace('_assertClass calls', /_assertClass\((\w+), (\w+)\);/g, (_, arg, klass) => `_assertClass(${arg}, ${klass}, '${arg}');`, classArgs);

// 2. Methods on a freed object: Rust's null-pointer check reaches JS through the throw import
// (a fallback: rewrite 4 refuses a freed `this` before Rust is entered).
replace(
  'throw import',
  /(__wbg___wbindgen_throw_\w+: function\(arg0, arg1\) \{\n\s*)throw new Error\(getStringFromWasm0\(arg0, arg1\)\);/,
  (_, head) =>
    `${head}const msg = getStringFromWasm0(arg0, arg1);\n` +
    `            throw new Error(msg === 'null pointer passed to rust' ? ${JSON.stringify('invalid argument `this`: ' + FREED)} : msg);`,
);

// 3. free() twice is a no-op; free() on something that is not an edgewise object says so.
replace(
  'free()',
  /free\(\) \{\n(\s*)const ptr = this\.__destroy_into_raw\(\);\n/g,
  (_, indent) =>
    `free() {\n${indent}if (typeof this?.__destroy_into_raw !== 'function') __wbgThis(this);\n` +
    `${indent}const ptr = this.__destroy_into_raw();\n${indent}if (!ptr) return;\n`,
  classes,
);

// 4. A method or getter detached from its object (`const f = store.embedding; f(0)`) or called on
// a primitive: the glue read `this.__wbg_ptr` and threw "Cannot read properties of undefined".
// A freed object (or one no constructor made) is refused here too, before Rust is entered: Rust's
// null-pointer check throws through its own frames, which leaks their shadow-stack space (48 to
// 96 bytes a call; the 1 MiB stack ran out after some 10,000 such calls) and skips destructors.
replace('methods read this', /(wasm\.\w+\()this\.__wbg_ptr\b/g, (_, call) => `${call}__wbgThis(this)`, classes);
if (classes.min) {
  src += `
function __wbgThis(obj) {
    if (obj === null || obj === undefined || (typeof obj !== 'object' && typeof obj !== 'function')) {
        const got = obj === null || obj === undefined ? String(obj) : typeof obj === 'number' ? 'the number ' + obj : 'a ' + typeof obj;
        throw new Error('invalid argument \`this\`: expected an edgewise object (call the method on it, e.g. store.len(), not on a detached copy of the method), got ' + got);
    }
    if (typeof obj.__destroy_into_raw !== 'function' || !obj.__wbg_ptr) {
        throw new Error(${JSON.stringify('invalid argument `this`: ' + FREED)});
    }
    return obj.__wbg_ptr;
}
`;
}

// 5. A caught exception leaks a table slot. A `catch` import (Reflect.get, Reflect.ownKeys, ...)
// that throws returns `undefined` from handleError; the wasm side stores that return value in a
// fresh externref slot, then finds the exception and returns Err without ever freeing the slot
// (wasm-bindgen 0.2.130 checks the exception before converting the return value). One slot per
// caught exception: 20,000 hostile calls grew the table from 1,284 to over 17,000 slots, and V8
// caps a table at 10 million. handleError now returns a private marker; the next time the glue
// takes a value out of the table (every export's error path does), the slots holding the marker
// are freed.
const caught = { min: src.includes('function handleError(') ? 1 : 0 };
replace(
  'handleError',
  /function handleError\(f, args\) \{\n    try \{\n        return f\.apply\(this, args\);\n    \} catch \(e\) \{\n        const idx = addToExternrefTable0\(e\);\n        wasm\.__wbindgen_exn_store\(idx\);\n    \}\n\}/,
  `function handleError(f, args) {
    try {
        return f.apply(this, args);
    } catch (e) {
        const idx = addToExternrefTable0(e);
        wasm.__wbindgen_exn_store(idx);
        __wbgCaught += 1;
        return __WBG_CAUGHT;
    }
}
// The value a throwing catch import returns: the slot wasm stores it in is never freed by Rust.
const __WBG_CAUGHT = Object.freeze({});
let __wbgCaught = 0;
function __wbgReclaim() {
    __wbgCaught = 0;
    const table = wasm.__wbindgen_externrefs;
    for (let i = table.length - 1; i >= 0; i--) {
        if (table.get(i) === __WBG_CAUGHT) wasm.__externref_table_dealloc(i);
    }
}`,
  caught,
);
replace(
  'takeFromExternrefTable0',
  /function takeFromExternrefTable0\(idx\) \{\n    const value = wasm\.__wbindgen_externrefs\.get\(idx\);\n    wasm\.__externref_table_dealloc\(idx\);\n/,
  `function takeFromExternrefTable0(idx) {
    const value = wasm.__wbindgen_externrefs.get(idx);
    wasm.__externref_table_dealloc(idx);
    if (__wbgCaught) __wbgReclaim();
`,
  caught,
);

writeFileSync(file, src);
