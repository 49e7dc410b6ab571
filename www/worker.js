// The Web Worker that owns the wasm instance: every computation runs here, so the page never blocks.
// Protocol: the page posts {id, method, args}; the worker answers {id, ok: true, result} or
// {id, ok: false, error} with the JS Error's message (edgewise's messages name the bad argument).
import init, * as edgewise from './pkg/edgewise.js';

const ready = init();

const methods = {
  info: () => ({ version: edgewise.version(), simd: edgewise.simdEnabled() }),
  forecast: ({ values, horizon, options }) => edgewise.forecast(Float64Array.from(values), horizon, options),
};

self.onmessage = async ({ data: { id, method, args } }) => {
  try {
    await ready;
    const fn = methods[method];
    if (!fn) throw new Error(`unknown worker method "${method}"`);
    self.postMessage({ id, ok: true, result: await fn(args) });
  } catch (err) {
    self.postMessage({ id, ok: false, error: err instanceof Error ? err.message : String(err) });
  }
};
