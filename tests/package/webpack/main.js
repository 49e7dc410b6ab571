// webpack 5: `new URL('edgewise_bg.wasm', import.meta.url)` in the glue becomes an asset/resource.
import { rankDemo, report } from '../app/rank.js';

report(rankDemo());
