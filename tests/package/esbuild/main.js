// esbuild does not follow `new URL(..., import.meta.url)`: import the wasm as a file asset
// (--loader:.wasm=file) and hand its URL to init.
import wasmUrl from 'edgewise/rerank/wasm';
import { rankDemo, report } from '../app/rank.js';

report(rankDemo({ module_or_path: wasmUrl }));
