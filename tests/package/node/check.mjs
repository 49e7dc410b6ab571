// Node 20+: every entry point of the installed package imports, `await init()` without arguments
// reads its wasm from disk, and one call per engine answers. Prints one JSON line of results.
import { ENTRIES } from '../../../scripts/package_entries.mjs';

const series = new Float64Array([112, 118, 132, 129, 121, 135, 148, 148, 136, 119, 104, 118,
  115, 126, 141, 135, 125, 149, 170, 170, 158, 133, 114, 140]);
const calls = {
  rerank: (m) => {
    const store = m.ItemStore.fromFloat32(new Float32Array([1, 0, 0, 1, 0.7, 0.7, -1, 0]), 2);
    store.setIds(['a', 'b', 'c', 'd']);
    return m.rank(store, new Float32Array([1, 0.2]), { k: 3 }).ids;
  },
  rerankEval: (m) => m.ndcgAtK(new Uint32Array([2, 1, 0]), new Uint32Array([0]), 3),
  bandit: (m) => {
    const bandit = new m.MultiArmedBandit([0, 1, 2], { policy: 'ucb1', seed: 1 });
    return bandit.choose().arm;
  },
  banditEval: (m) => m.simulateRegret([0.1, 0.9], 5, { policy: 'ucb1', seed: 1 }).length,
  forecast: (m) => m.forecast(series, 3, { model: 'seasonalNaive', seasonLength: 12 }).model,
  analytics: (m) => m.abTest({ a: { conversions: 100, visitors: 1000 }, b: { conversions: 130, visitors: 1000 } }).verdict,
};
const engines = {
  rerank: ['rerank'],
  'rerank-eval': ['rerank', 'rerankEval'],
  bandit: ['bandit'],
  'bandit-eval': ['bandit', 'banditEval'],
  forecast: ['forecast'],
  'forecast-lite': ['forecast'],
  analytics: ['forecast', 'analytics'],
};

const results = {};
for (const { entry, dir } of ENTRIES) {
  const m = await import(entry);
  await m.default();
  const out = { version: m.version() };
  for (const engine of engines[dir] ?? Object.keys(calls)) out[engine] = calls[engine](m);
  if (m.forecast) {
    try {
      m.forecast(series, 0);
    } catch (err) {
      out.error = err.message; // errors cross the boundary as Error objects with a message
    }
  }
  if (dir.startsWith('forecast')) {
    // AutoARIMA is in edgewise/forecast; edgewise/forecast-lite says where to find it.
    try {
      out.autoArima = m.forecast(series, 3, { model: 'autoARIMA', seasonLength: 12 }).model.slice(0, 5);
    } catch (err) {
      out.autoArima = err.message;
    }
  }
  results[entry] = out;
}
console.log(JSON.stringify(results));
