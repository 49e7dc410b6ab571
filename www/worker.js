// The Web Worker that owns the wasm instance: every computation runs here, so the page never blocks.
// Protocol: the page posts {id, method, args}; the worker answers {id, ok: true, result} or
// {id, ok: false, error} with the JS Error's message (`ms`: the method's own run time) (edgewise's messages name the bad argument).
// Long tasks may post {id, progress: {done, total}} before their answer.
// Each engine's methods live in tasks/<engine>.js, whose `tasks(edgewise)` returns them by name.
import init, * as edgewise from './pkg/edgewise.js';

const ENGINES = ['forecast', 'rerank', 'analytics', 'bandit', 'compute', 'ingest', 'embeddings', 'dbscan', 'churn', 'replenish'];

const methods = {
  info: () => ({ version: edgewise.version(), simd: edgewise.simdEnabled() }),
};
const ready = Promise.all([
  init(),
  ...ENGINES.map(async (name) => Object.assign(methods, (await import(`./tasks/${name}.js`)).tasks(edgewise))),
]);

self.onmessage = async ({ data: { id, method, args } }) => {
  try {
    await ready;
    const fn = methods[method];
    if (!fn) throw new Error(`unknown worker method "${method}"`);
    const progress = (done, total) => self.postMessage({ id, progress: { done, total } });
    const t0 = performance.now(); // after `ready` and the queue: `ms` is the method's own time
    const result = await fn(args, progress);
    self.postMessage({ id, ok: true, result, ms: performance.now() - t0 });
  } catch (err) {
    self.postMessage({ id, ok: false, error: err instanceof Error ? err.message : String(err) });
  }
};
