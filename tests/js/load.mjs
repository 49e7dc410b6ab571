// Loads the built pkg/ (wasm-bindgen --target web) in Node, as a page would, from bytes.
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

export const root = fileURLToPath(new URL('../..', import.meta.url));
export const wasmPath = `${root}pkg/edgewise_bg.wasm`;
export const gluePath = `${root}pkg/edgewise.js`;

export async function loadEdgewise() {
  const edgewise = await import(gluePath);
  edgewise.initSync({ module: readFileSync(wasmPath) });
  return edgewise;
}
