// MSTL in wasm (Node): edgewise `forecast(..., {model: 'mstl'})` vs @bsull/augurs `MSTL.ets(periods)`
// in one process on the shared daily, weekly and half-hourly series (rule hold-outs of
// reference_forecasts.csv), with statsforecast 2.1.1's MSTL figures from
// benches/results/mstl_statsforecast.csv. Run after `bash scripts/build.sh`:
//   node benches/wasm/mstl.mjs      → benches/results/mstl_wasm.md
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { loadEdgewise, root } from '../../tests/js/load.mjs';

const edgewise = await loadEdgewise();
const require = createRequire(import.meta.url);
const augursDir = require.resolve('@bsull/augurs/ets').replace(/ets\.js$/, '');
const augursMstl = await import(`${augursDir}mstl.js`);
augursMstl.initSync({ module: readFileSync(`${augursDir}mstl_bg.wasm`) });
const augursVersion = JSON.parse(readFileSync(`${augursDir}package.json`, 'utf8')).version;

const data = process.env.EDGEWISE_DATA ?? '/work/shared/data';
const rows = readFileSync(`${data}/forecast/classic_series.csv`, 'utf8').trim().split('\n').slice(1).map((l) => l.split(','));
const ref = readFileSync(`${data}/forecast/reference_forecasts.csv`, 'utf8').trim().split('\n').map((l) => l.split(','));
const head = ref[0];
const col = (n) => head.indexOf(n);
const sf = Object.fromEntries(readFileSync(`${root}benches/results/mstl_statsforecast.csv`, 'utf8').trim().split('\n').slice(1).map((l) => l.split(',')).map((f) => [f[0], f]));

const cases = [['elecdaily_demand', [7]], ['hyndsight_daily', [7]], ['gasoline_weekly', [52]], ['taylor_halfhourly', [48, 336]]];
const REPS = 3;
let md = `# MSTL in wasm (Node): edgewise vs @bsull/augurs ${augursVersion}\n\n`
  + `Made by \`node benches/wasm/mstl.mjs\` (after \`bash scripts/build.sh\`), Node ${process.version}, shared 2-core machine. `
  + 'Both in one process, same series and hold-out (`split=rule` of `reference_forecasts.csv`); edgewise `forecast(train, h, {model: "mstl", seasonLengths})` '
  + '(AutoETS ZZN trend, as statsforecast), augurs `MSTL.ets(periods)` (its AutoETS trend). Time: median of '
  + `${REPS} fit + predict runs (point forecasts). MASE: seasonal-naive in-sample scale at the reference season length. statsforecast: Python, \`benches/mstl/statsforecast_mstl.py\`.\n\n`
  + '| series | seasons | edgewise MASE | augurs MASE | statsforecast MASE | edgewise ms | augurs ms | speed-up vs augurs | statsforecast ms |\n|---|---|---:|---:|---:|---:|---:|---:|---:|\n';
const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
for (const [name, seasons] of cases) {
  const y = rows.filter((r) => r[0] === name).sort((a, b) => a[2] - b[2]).map((r) => Number(r[4]));
  const r = ref.find((f) => f[col('dataset')] === name && f[col('split')] === 'rule' && f[col('model')] === 'AutoETS');
  const [n, h, m] = [Number(r[col('n_train')]), Number(r[col('h')]), Number(r[col('season_length')])];
  const train = new Float64Array(y.slice(0, n));
  const test = y.slice(n, n + h);
  let scale = 0;
  for (let t = m; t < n; t++) scale += Math.abs(train[t] - train[t - m]);
  scale /= n - m;
  const mase = (p) => test.reduce((s, v, i) => s + Math.abs(v - p[i]), 0) / h / scale;
  const time = (fn) => {
    const ts = [];
    let out;
    for (let k = 0; k < REPS; k++) {
      const t0 = performance.now();
      out = fn();
      ts.push(performance.now() - t0);
    }
    return [out, median(ts)];
  };
  const [ours, oursMs] = time(() => edgewise.forecast(train, h, { model: 'mstl', seasonLengths: seasons, seed: 0, nonNegative: false }).point);
  const [theirs, theirMs] = time(() => {
    const model = augursMstl.MSTL.ets(seasons);
    try {
      model.fit(train);
      return model.predict(h).point;
    } finally {
      model.free();
    }
  });
  const s = sf[name];
  md += `| ${name} | ${seasons.join(', ')} | ${mase(ours).toFixed(3)} | ${mase(theirs).toFixed(3)} | ${Number(s[5]).toFixed(3)} | ${oursMs.toFixed(1)} | ${theirMs.toFixed(1)} | ${(theirMs / oursMs).toFixed(2)}× | ${(1000 * Number(s[6])).toFixed(0)} |\n`;
  console.log(name, mase(ours), mase(theirs), oursMs, theirMs);
}
writeFileSync(`${root}benches/results/mstl_wasm.md`, md);
