// Node.js entry of one edgewise module (package.json's "node" export condition picks it): the same
// API as the browser glue next to it, but `init()` without arguments reads `edgewise_bg.wasm` from
// disk, since wasm-bindgen's web glue would fetch() a file: URL and Node's fetch refuses those.
import { readFile } from 'node:fs/promises';
import initGlue from './edgewise.js';

export * from './edgewise.js';

/**
 * Instantiates the module once. Without an argument, or with a `file:` URL (string or URL) as
 * `module_or_path`, reads the wasm from disk; anything else (bytes, a WebAssembly.Module, a
 * Response, an http URL) goes to the glue's init as given.
 */
export default async function init(options) {
  const given = options !== undefined && Object.getPrototypeOf(options) === Object.prototype
    ? options.module_or_path
    : options;
  if (given === undefined) {
    return initGlue({ module_or_path: await readFile(new URL('./edgewise_bg.wasm', import.meta.url)) });
  }
  if ((given instanceof URL && given.protocol === 'file:') || (typeof given === 'string' && given.startsWith('file:'))) {
    return initGlue({ module_or_path: await readFile(new URL(given)) });
  }
  return initGlue(options);
}
