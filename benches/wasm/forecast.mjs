// Forecast speed and accuracy of the wasm build vs @bsull/augurs (npm, Grafana's Rust/wasm
// library), both in this Node process, on the same M3 series and rule hold-outs.
//   bash scripts/build.sh && node benches/wasm/forecast.mjs [--quick]
// Non-seasonal datasets (yearly, other): edgewise AutoETS vs augurs AutoETS(1, "ZZN").
// Seasonal datasets (quarterly, monthly): edgewise seasonal AutoETS vs augurs MSTL.ets([m])
// (augurs' ETS has no seasonal forms). Hold-out h and season length m come from the rule rows
// of reference_forecasts.csv (12 monthly, 8 quarterly, 6 yearly, 8 other); MASE uses the
// seasonal-naive in-sample scale, as that table does. Each series is fitted and forecast by
// both libraries back to back (point forecasts only); times are fit + predict, per series.
// Writes benches/results/forecast_wasm.md. Numbers are measured, never asserted.
import { readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import os from 'node:os';
import { loadEdgewise, root } from '../../tests/js/load.mjs';
import { loadM3Jobs } from './m3.mjs';

const quick = process.argv.includes('--quick');
const edgewise = await loadEdgewise();
const require = createRequire(import.meta.url);
const augursDir = require.resolve('@bsull/augurs/ets').replace(/ets\.js$/, '');
const augursEts = await import(`${augursDir}ets.js`);
const augursMstl = await import(`${augursDir}mstl.js`);
augursEts.initSync({ module: readFileSync(`${augursDir}ets_bg.wasm`) });
augursMstl.initSync({ module: readFileSync(`${augursDir}mstl_bg.wasm`) });
const augursVersion = JSON.parse(readFileSync(`${augursDir}package.json`, 'utf8')).version;

// ---- data -------------------------------------------------------------------------------------
const jobs = loadM3Jobs(); // dataset -> [{id, train, test, m, sfMase}]

function mase(train, test, point, m) {
  let s = 0;
  for (let t = m; t < train.length; t++) s += Math.abs(train[t] - train[t - m]);
  const scale = s / (train.length - m);
  let e = 0;
  for (let i = 0; i < test.length; i++) e += Math.abs(test[i] - point[i]);
  const v = e / test.length / scale;
  return Number.isFinite(v) ? v : null;
}

const ours = (j) => edgewise.forecast(j.train, j.test.length, { seasonLength: j.m, seed: 0 }).point;
// The same AutoETS with the statsforecast-compatible search (every form fitted in full).
const oursSf = (j) => edgewise.forecast(j.train, j.test.length, { seasonLength: j.m, seed: 0, search: 'statsforecast' }).point;
function augursAutoEts(j) {
  const model = new augursEts.AutoETS(1, 'ZZN');
  try {
    model.fit(j.train);
    return model.predict(j.test.length).point;
  } finally {
    model.free();
  }
}
function augursMstlEts(j) {
  const model = augursMstl.MSTL.ets([j.m]);
  try {
    model.fit(j.train);
    return model.predict(j.test.length).point;
  } finally {
    model.free();
  }
}

const median = (xs) => {
  const s = [...xs].sort((a, b) => a - b);
  const k = s.length >> 1;
  return s.length % 2 ? s[k] : (s[k - 1] + s[k]) / 2;
};
const mean = (xs) => xs.reduce((a, b) => a + b, 0) / xs.length;

function run(fn, j) {
  const t0 = performance.now();
  let point = null;
  try {
    point = fn(j);
  } catch {
    point = null;
  }
  const ms = performance.now() - t0;
  return { ms, mase: point ? mase(j.train, j.test, point, j.m) : null };
}

// ---- run --------------------------------------------------------------------------------------
const datasets = [['m3_yearly', false], ['m3_other', false], ['m3_quarterly', true], ['m3_monthly', true]];
const rows = [];
for (const [name, seasonal] of datasets) {
  let js = jobs.get(name) ?? [];
  if (quick) js = js.filter((_, i) => i % 10 === 0);
  const theirs = seasonal ? augursMstlEts : augursAutoEts;
  for (const j of js.slice(0, 10)) { ours(j); theirs(j); oursSf(j); } // warm-up (JIT, allocator)
  const a = [];
  const b = [];
  const c = [];
  for (const j of js) {
    // Alternate who goes first so that neither always runs on a warmer cache.
    if (a.length % 2) { b.push(run(theirs, j)); a.push(run(ours, j)); } else { a.push(run(ours, j)); b.push(run(theirs, j)); }
    c.push(run(oursSf, j));
  }
  // The same series through one forecastBatch call (flat values + offsets): the JS boundary cost.
  const offsets = new Uint32Array(js.length + 1);
  js.forEach((j, i) => { offsets[i + 1] = offsets[i] + j.train.length; });
  const flat = new Float64Array(offsets[js.length]);
  js.forEach((j, i) => flat.set(j.train, offsets[i]));
  const hs = new Set(js.map((j) => j.test.length));
  const ms = new Set(js.map((j) => j.m));
  let batchS = NaN;
  if (hs.size === 1 && ms.size === 1) {
    const t0 = performance.now();
    edgewise.forecastBatch(flat, offsets, [...hs][0], { seasonLength: [...ms][0], seed: 0 });
    batchS = (performance.now() - t0) / 1000;
  }
  const ok = (r) => r.filter((x) => x.mase !== null);
  const row = {
    name, n: js.length, seasonal, h: [...new Set(js.map((j) => j.test.length))].join('/'),
    augursModel: seasonal ? 'MSTL.ets([m])' : 'AutoETS(1, "ZZN")',
    oursMase: mean(ok(a).map((x) => x.mase)), oursFail: a.length - ok(a).length,
    theirMase: mean(ok(b).map((x) => x.mase)), theirFail: b.length - ok(b).length,
    sfMase: mean(js.map((j) => j.sfMase)),
    oursS: a.reduce((s, x) => s + x.ms, 0) / 1000, theirS: b.reduce((s, x) => s + x.ms, 0) / 1000,
    batchS,
    oursMed: median(a.map((x) => x.ms)), theirMed: median(b.map((x) => x.ms)),
    sfsMase: mean(ok(c).map((x) => x.mase)), sfsFail: c.length - ok(c).length,
    sfsS: c.reduce((s, x) => s + x.ms, 0) / 1000, sfsMed: median(c.map((x) => x.ms)),
  };
  rows.push(row);
  console.log(`${name.padEnd(13)} n=${String(row.n).padStart(4)}  MASE edgewise ${row.oursMase.toFixed(3)} vs augurs ${row.theirMase.toFixed(3)} `
    + `(statsforecast AutoETS ${row.sfMase.toFixed(3)})  median ms/series ${row.oursMed.toFixed(2)} vs ${row.theirMed.toFixed(2)} `
    + `(x${(row.theirMed / row.oursMed).toFixed(2)})  total s ${row.oursS.toFixed(2)} vs ${row.theirS.toFixed(2)} (x${(row.theirS / row.oursS).toFixed(2)})  forecastBatch s ${row.batchS.toFixed(2)}`
    + `  | sf-search MASE ${row.sfsMase.toFixed(3)} median ms ${row.sfsMed.toFixed(2)} (x${(row.theirMed / row.sfsMed).toFixed(2)} vs augurs)`);
}

// ---- report -----------------------------------------------------------------------------------
const cpu = os.cpus()[0]?.model?.trim() ?? 'unknown CPU';
let md = `# Forecast, wasm in Node: edgewise vs @bsull/augurs ${augursVersion}\n\n`;
md += `Made by \`node benches/wasm/forecast.mjs\`${quick ? ' --quick (every 10th series)' : ''} on a ${os.cpus().length}-core ${os.arch()} sandbox `
  + `(${cpu}, shared and busy), Node ${process.versions.node}, edgewise ${edgewise.version()} (pkg/, release, wasm-opt -O3, SIMD128 ${edgewise.simdEnabled() ? 'on' : 'off'}). `
  + 'Both modules run in the same process on the same M3 series with the rule hold-out of '
  + `\`reference_forecasts.csv\` (h: ${rows.map((r) => `${r.name} ${r.h}`).join(', ')}). `
  + 'Non-seasonal datasets: AutoETS vs augurs `AutoETS(1, "ZZN")`; seasonal datasets: edgewise seasonal AutoETS '
  + '(season length given) vs augurs `MSTL.ets([m])` (augurs\' ETS has no seasonal forms). '
  + 'Time is fit + predict per series (point forecasts only), the two libraries alternating on each series; '
  + 'speed-up = augurs time / edgewise time (> 1: edgewise faster). MASE: seasonal-naive in-sample scale. '
  + 'statsforecast AutoETS MASE is the reference table\'s. The last column times the same series in one '
  + '`forecastBatch` call (flat values + offsets), i.e. what the per-call JS boundary costs.\n\n';
md += 'The second table runs edgewise\'s AutoETS with `search: "statsforecast"` (every form fitted as statsforecast '
  + 'does; the same models and forecasts as statsforecast) on the same series in the same process, '
  + 'after each pair above.\n\n';
md += '| dataset | series | augurs model | edgewise MASE | augurs MASE | statsforecast AutoETS MASE | edgewise median ms | augurs median ms | speed-up (medians) | edgewise total s | augurs total s | speed-up (totals) | edgewise forecastBatch s |\n';
md += '|---|---:|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|\n';
for (const r of rows) {
  md += `| ${r.name} | ${r.n} | ${r.augursModel} | ${r.oursMase.toFixed(3)}${r.oursFail ? ` (${r.oursFail} failed)` : ''} | ${r.theirMase.toFixed(3)}${r.theirFail ? ` (${r.theirFail} failed)` : ''} | ${r.sfMase.toFixed(3)} `
    + `| ${r.oursMed.toFixed(2)} | ${r.theirMed.toFixed(2)} | ${(r.theirMed / r.oursMed).toFixed(2)}× | ${r.oursS.toFixed(2)} | ${r.theirS.toFixed(2)} | ${(r.theirS / r.oursS).toFixed(2)}× | ${r.batchS.toFixed(2)} |\n`;
}
md += '\n| dataset | sf-search MASE | statsforecast AutoETS MASE | sf-search median ms | augurs median ms | speed-up vs augurs (medians) | sf-search total s | speed-up vs augurs (totals) | sf-search time / default search time (totals) |\n';
md += '|---|---:|---:|---:|---:|---:|---:|---:|---:|\n';
for (const r of rows) {
  md += `| ${r.name} | ${r.sfsMase.toFixed(3)}${r.sfsFail ? ` (${r.sfsFail} failed)` : ''} | ${r.sfMase.toFixed(3)} | ${r.sfsMed.toFixed(2)} | ${r.theirMed.toFixed(2)} `
    + `| ${(r.theirMed / r.sfsMed).toFixed(2)}× | ${r.sfsS.toFixed(2)} | ${(r.theirS / r.sfsS).toFixed(2)}× | ${(r.sfsS / r.oursS).toFixed(2)}× |\n`;
}
md += '\nAgainst the issue\'s goal (≥ 1.5× faster than augurs with MASE no worse; better MASE than augurs on seasonal monthly M3):\n\n';
for (const r of rows) {
  const fast = r.theirS / r.oursS >= 1.5;
  const acc = r.oursMase <= r.theirMase;
  md += `- ${r.name}: ${fast ? 'faster by ≥ 1.5×' : `not faster (${(r.theirS / r.oursS).toFixed(2)}×)`}, `
    + `MASE ${acc ? 'no worse' : `worse by ${(100 * (r.oursMase / r.theirMase - 1)).toFixed(1)}%`} than augurs.\n`;
}
const out = `${root}benches/results/forecast_wasm${quick ? '_quick' : ''}.md`;
writeFileSync(out, md);
console.log(`wrote ${out}`);
