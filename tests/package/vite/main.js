// Vite: `new URL('edgewise_bg.wasm', import.meta.url)` in the glue becomes a hashed asset.
import { rankDemo, report } from '../app/rank.js';

report(rankDemo());
