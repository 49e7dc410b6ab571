// The module's shadow-stack pointer, made visible to the probe. Rust code compiled to wasm keeps
// its stack frames in linear memory below the mutable global `__stack_pointer` (global 0, as
// wasm-ld emits it), which each function restores on return. A JS exception that passes through
// Rust frames skips those restores (and the frames' destructors): the pointer stays lower, and
// after enough such calls the 1 MiB stack runs into memory it must not touch (the module then
// traps far from the cause, e.g. "table index is out of bounds"). So every call must leave the
// pointer where it found it.
//
// `withStackPointer(bytes)` returns a copy of the wasm binary that also exports global 0 as
// `__edgewise_probe_sp` (the glue ignores exports it does not know); `stackPointer(exports)`
// reads it (undefined when absent).

const NAME = '__edgewise_probe_sp';

function leb(buf, p) {
  let r = 0;
  let s = 0;
  let x;
  do {
    x = buf[p++];
    r += (x & 0x7f) * 2 ** s;
    s += 7;
  } while (x & 0x80);
  return [r, p];
}

function uleb(n) {
  const out = [];
  do {
    let x = n & 0x7f;
    n = Math.floor(n / 128);
    if (n) x |= 0x80;
    out.push(x);
  } while (n);
  return Buffer.from(out);
}

/** A copy of `bytes` exporting global 0 (which must be a mutable i32: the stack pointer). */
export function withStackPointer(bytes) {
  const b = Buffer.from(bytes);
  const parts = [b.subarray(0, 8)];
  let p = 8;
  let checked = false;
  while (p < b.length) {
    const id = b[p];
    const [size, q] = leb(b, p + 1);
    const body = b.subarray(q, q + size);
    if (id === 2) {
      // Imported globals would come before the module's own: there must be none.
      let [n, r] = leb(body, 0);
      for (let k = 0; k < n; k++) {
        let len;
        [len, r] = leb(body, r);
        r += len;
        [len, r] = leb(body, r);
        r += len;
        const kind = body[r++];
        if (kind === 3) throw new Error('withStackPointer: the module imports a global; global 0 is not its stack pointer');
        if (kind === 0) [, r] = leb(body, r);
        else if (kind === 1) { r += 1; const flags = body[r++]; [, r] = leb(body, r); if (flags & 1) [, r] = leb(body, r); }
        else if (kind === 2) { const flags = body[r++]; [, r] = leb(body, r); if (flags & 1) [, r] = leb(body, r); }
      }
    }
    if (id === 6) {
      const [, r] = leb(body, 0);
      if (body[r] !== 0x7f || body[r + 1] !== 1) throw new Error('withStackPointer: global 0 is not a mutable i32');
      checked = true;
    }
    if (id === 7) {
      const [n, r] = leb(body, 0);
      const name = Buffer.from(NAME);
      const next = Buffer.concat([uleb(n + 1), body.subarray(r), uleb(name.length), name, Buffer.from([3]), uleb(0)]);
      parts.push(Buffer.from([7]), uleb(next.length), next);
    } else {
      parts.push(b.subarray(p, q + size));
    }
    p = q + size;
  }
  if (!checked) throw new Error('withStackPointer: the module has no globals');
  return new Uint8Array(Buffer.concat(parts));
}

/** The stack pointer of an instance made from `withStackPointer` bytes, or undefined. */
export function stackPointer(exports) {
  return exports?.[NAME]?.value;
}
