// The npm package's entry points: import specifier, folder under dist/, cargo features.
// scripts/package.sh builds each; scripts/package.mjs maps them in package.json's exports;
// tests/js/package.test.mjs and tests/js/size.test.mjs go through the same list.
export const ENTRIES = [
  { entry: 'edgewise/rerank', dir: 'rerank', features: 'rerank' },
  // edgewise/rerank plus offline evaluation, the demo catalog and the propensity model's rows.
  { entry: 'edgewise/rerank-eval', dir: 'rerank-eval', features: 'rerank-eval' },
  { entry: 'edgewise/bandit', dir: 'bandit', features: 'bandit' },
  { entry: 'edgewise/bandit-eval', dir: 'bandit-eval', features: 'bandit-eval' },
  { entry: 'edgewise/forecast', dir: 'forecast', features: 'forecast' },
  // AutoETS, Theta, intermittent and baselines without ARIMA, MSTL, ensembles and events.
  { entry: 'edgewise/forecast-lite', dir: 'forecast-lite', features: 'forecast-lite' },
  { entry: 'edgewise/analytics', dir: 'analytics', features: 'analytics' },
  { entry: 'edgewise', dir: 'full', features: 'default' },
  { entry: 'edgewise/gpu', dir: 'gpu', features: 'default,gpu' },
];
