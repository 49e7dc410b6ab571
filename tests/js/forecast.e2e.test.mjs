// End-to-end test of the forecast panel: serve www/, drive it in Debian's headless Chromium like a
// user, and check that the numbers it shows equal a direct call of the module in Node.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { serve } from '../../scripts/serve.mjs';
import { loadEdgewise, root } from './load.mjs';
import { clampBatchNonNegative } from '../../www/demand.js';

const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-dev-shm-usage', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

const edgewise = await loadEdgewise();
const { series } = JSON.parse(readFileSync(`${root}www/data/series.json`, 'utf8'));
let server;
let browser;
let page;
let base;
const problems = [];

// Shown numbers are rounded for display (toFixed(1) or 4 significant digits).
const near = (shown, want) => Math.abs(shown - want) <= 0.05 + 1e-3 * Math.abs(want);

before(async () => {
  server = await serve(0);
  base = `http://127.0.0.1:${server.address().port}/`;
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  page = await browser.newPage({ viewport: { width: 1200, height: 1400 } });
  page.on('request', (r) => r.url().startsWith(base) || problems.push(`request ${r.url()}`));
  page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
  page.on('pageerror', (e) => problems.push(String(e)));
  await page.goto(base);
  await page.waitForSelector('#panel-forecast[data-ready="true"]', { timeout: 60_000 });
  await page.waitForSelector('#fc-cv tfoot tr', { timeout: 60_000 });
});

after(async () => {
  await browser?.close();
  server?.close();
});

async function shownTable() {
  return page.$$eval('#fc-table tbody tr', (rows) => rows.map((r) => [...r.cells].map((c) => Number(c.textContent))));
}

async function plotted() {
  return page.evaluate(() => document.querySelector('#fc-chart').uplot.data.map((s) => Array.from(s)));
}

test('AutoETS by default: the chart and the table equal a direct forecast call', async () => {
  const s = series[0];
  const want = edgewise.forecast(new Float64Array(s.values), 12, { model: 'autoETS', levels: [0.95], seed: 42 });
  assert.equal(await page.getAttribute('#panel-forecast', 'data-model'), want.model);
  assert.equal(await page.textContent('#fc-chosen'), want.model);
  assert.equal(await page.textContent('#fc-aicc'), want.aicc.toFixed(2));
  assert.equal(await page.textContent('#fc-m'), '12');
  // The chart holds the exact numbers (structured clone from the worker: no rounding).
  const data = await plotted();
  const tail = (arr) => arr.slice(arr.length - 12);
  assert.deepEqual(tail(data[2]), Array.from(want.point));
  assert.deepEqual(tail(data[3]), Array.from(want.lower[0]));
  assert.deepEqual(tail(data[4]), Array.from(want.upper[0]));
  assert.equal(data[1].filter((v) => v !== null).length, s.values.length); // all 144 points shown
  const rows = await shownTable();
  assert.equal(rows.length, 12);
  rows.forEach(([step, point, lower, upper], h) => {
    assert.equal(step, h + 1);
    assert.ok(near(point, want.point[h]) && near(lower, want.lower[0][h]) && near(upper, want.upper[0][h]), `row ${h}`);
  });
});

test('the backtest table equals a direct crossValidation call', async () => {
  const s = series[0];
  const cv = edgewise.crossValidation(new Float64Array(s.values), { model: 'autoETS', levels: [0.95], seed: 42, horizon: 12, windows: 3 });
  const rows = await page.$$eval('#fc-cv tbody tr', (rs) => rs.map((r) => [...r.cells].map((c) => Number(c.textContent))));
  assert.equal(rows.length, 3);
  rows.forEach(([w, origin, mae, rmse, smape, mase], i) => {
    assert.equal(w, i + 1);
    assert.equal(origin, cv.cutoffs[i]);
    assert.ok(near(mae, cv.mae[i]) && near(rmse, cv.rmse[i]) && near(smape, cv.smape[i]) && near(mase, cv.mase[i]), `window ${i}`);
  });
  assert.ok(near(Number(await page.textContent('#fc-cv-mase')), cv.mean.mase));
});

test('switching series and model recomputes in the worker', async () => {
  const s = series.findIndex((x) => x.name === 'ukgas');
  await page.selectOption('#fc-series', String(s));
  await page.selectOption('#fc-model', 'theta');
  await page.waitForFunction(() => document.querySelector('#panel-forecast').dataset.model.startsWith('Theta'));
  await page.waitForFunction(() => document.querySelector('#fc-table tbody tr td.fc-point'));
  const want = edgewise.forecast(new Float64Array(series[s].values), 12, { model: 'theta', levels: [0.95], seed: 42 });
  await page.waitForFunction((m) => document.querySelector('#fc-chosen').textContent === m, want.model);
  const data = await plotted();
  assert.deepEqual(data[2].slice(-12), Array.from(want.point));
  assert.equal(await page.textContent('#fc-aicc'), 'n/a');
  // A fixed ETS form typed by the user.
  await page.selectOption('#fc-model', 'ets');
  await page.fill('#fc-spec', 'MAdM');
  await page.dispatchEvent('#fc-spec', 'change');
  await page.waitForFunction(() => document.querySelector('#fc-chosen').textContent === 'ETS(M,Ad,M)');
  const ets = edgewise.forecast(new Float64Array(series[s].values), 12, { model: 'ets', spec: 'MAdM', levels: [0.95], seed: 42 });
  assert.deepEqual((await plotted())[2].slice(-12), Array.from(ets.point));
});

test('the statsforecast search chosen in the panel equals a direct call with it', async () => {
  const s = series.findIndex((x) => x.name === 'ukgas');
  await page.selectOption('#fc-series', String(s));
  await page.selectOption('#fc-model', 'autoETS');
  await page.selectOption('#fc-search', 'statsforecast');
  const want = edgewise.forecast(new Float64Array(series[s].values), 12, { search: 'statsforecast', levels: [0.95], seed: 42 });
  await page.waitForFunction((m) => document.querySelector('#fc-chosen').textContent === m, want.model);
  await page.waitForFunction((p) => {
    const d = document.querySelector('#fc-chart').uplot.data[2];
    return d[d.length - 1] === p;
  }, want.point[11]);
  assert.deepEqual((await plotted())[2].slice(-12), Array.from(want.point));
  // Other models take no search: the control is disabled for them.
  await page.selectOption('#fc-model', 'theta');
  await page.waitForFunction(() => document.querySelector('#fc-search').disabled);
  await page.evaluate(() => { document.querySelector('#fc-search').value = 'fast'; });
});

test('bad input is named by its label, limits are enforced, and fixing it recovers', async () => {
  await page.selectOption('#fc-series', '0');
  await page.selectOption('#fc-model', 'autoETS');
  // The max of 500 is enforced before any work starts (100,000 froze the page for a minute).
  await page.fill('#fc-horizon', '100000');
  await page.dispatchEvent('#fc-horizon', 'change');
  await page.waitForFunction(() => /^Horizon:/.test(document.querySelector('#fc-error').textContent));
  assert.equal(await page.textContent('#fc-error'), 'Horizon: enter a whole number from 1 to 500 (got 100000)');
  assert.equal(await page.getAttribute('#fc-horizon', 'aria-invalid'), 'true');
  await page.fill('#fc-horizon', '');
  await page.dispatchEvent('#fc-horizon', 'change');
  await page.waitForFunction(() => document.querySelector('#fc-error').textContent === 'Horizon: required');
  await page.fill('#fc-seed', '');
  await page.fill('#fc-horizon', '6');
  await page.dispatchEvent('#fc-horizon', 'change');
  await page.waitForFunction(() => document.querySelector('#fc-error').textContent === 'Seed: required');
  await page.fill('#fc-seed', '42');
  await page.fill('#fc-horizon', '0');
  await page.dispatchEvent('#fc-horizon', 'change');
  await page.waitForFunction(() => /got 0\)$/.test(document.querySelector('#fc-error').textContent));
  assert.equal(await page.textContent('#fc-error'), 'Horizon: enter a whole number from 1 to 500 (got 0)');
  assert.equal(await page.$$eval('#fc-table tbody tr', (rows) => rows.length), 0); // no stale numbers
  assert.equal(await page.textContent('#fc-chosen'), '–');
  await page.fill('#fc-horizon', '6');
  await page.dispatchEvent('#fc-horizon', 'change');
  await page.waitForSelector('#fc-error', { state: 'hidden' });
  await page.waitForFunction(() => document.querySelectorAll('#fc-table tbody tr').length === 6);
});

test('unit sales are never forecast below 0: pbs_immune_sera is clipped, point and interval', async () => {
  const i = series.findIndex((x) => x.name === 'pbs_immune_sera');
  await page.selectOption('#fc-model', 'autoETS');
  await page.selectOption('#fc-series', String(i));
  await page.waitForFunction(() => /clipped at 0/.test(document.querySelector('#fc-time').textContent));
  const raw = edgewise.forecast(new Float64Array(series[i].values), 6, { model: 'autoETS', levels: [0.95], seed: 42, nonNegative: false });
  assert.ok(Math.min(...raw.lower[0]) < 0, 'the unclipped interval goes below 0');
  const data = await plotted();
  for (const k of [2, 3, 4]) assert.ok(data[k].slice(-6).every((v) => v >= 0), `series ${k} below 0`);
  assert.deepEqual(data[4].slice(-6), Array.from(raw.upper[0], (v) => Math.max(v, 0)));
});

test('the batch over all bundled series reaches 100% and matches forecastBatch', async () => {
  const seen = [];
  await page.exposeFunction('reportProgress', (v) => seen.push(v));
  await page.evaluate(() => {
    const bar = document.querySelector('#fc-batch-progress');
    new MutationObserver(() => window.reportProgress(bar.value)).observe(bar, { attributes: true });
    const orig = Object.getOwnPropertyDescriptor(HTMLProgressElement.prototype, 'value');
    Object.defineProperty(bar, 'value', { get() { return orig.get.call(this); }, set(v) { orig.set.call(this, v); window.reportProgress(v); } });
  });
  await page.click('#fc-batch-run');
  // The final status adds the time ("… (100%) in 0.12 s on 2 workers"); progress reports do not.
  await page.waitForFunction(() => /\(100%\) in [\d.]+ s/.test(document.querySelector('#fc-batch-status').textContent), null, { timeout: 120_000 });
  // Spread over one worker per core (each its own wasm instance), merged in series order.
  const cores = await page.evaluate(() => navigator.hardwareConcurrency || 1);
  const status = await page.textContent('#fc-batch-status');
  if (cores > 1) assert.match(status, new RegExp(`on ${Math.min(cores, 8)} workers`), status);
  console.log(`batch status: ${status}`);
  assert.equal(await page.$eval('#fc-batch-progress', (b) => b.value), series.length);
  assert.equal(await page.$eval('#fc-batch-progress', (b) => b.max), series.length);
  assert.ok(seen.filter((v) => v > 0).length >= series.length / 2, `progress updates: ${seen.length}`);
  const rows = await page.$$eval('#fc-batch tbody tr', (rs) => rs.map((r) => ({
    name: r.dataset.series, model: r.querySelector('.fc-model').textContent, next: Number(r.querySelector('.fc-next').textContent),
  })));
  assert.equal(rows.length, series.length);
  const offsets = new Uint32Array(series.length + 1);
  series.forEach((s, i) => { offsets[i + 1] = offsets[i] + s.values.length; });
  const want = edgewise.forecastBatch(new Float64Array(series.flatMap((s) => s.values)), offsets, 6, { model: 'autoETS', levels: [0.95], seed: 42 });
  clampBatchNonNegative(want, series.map((s) => s.values));
  rows.forEach((r, i) => {
    assert.equal(r.name, series[i].name);
    assert.equal(r.model, want.model[i] || '–', r.name);
    assert.ok(near(r.next, want.point[i * 6]), r.name);
  });
});

test('the forecast chart reflows to a narrow window (was cut off at 800 px)', async () => {
  await page.setViewportSize({ width: 700, height: 1400 });
  await page.waitForFunction(() => {
    const el = document.querySelector('#fc-chart');
    return el.uplot.width <= el.clientWidth && el.clientWidth < 700;
  });
  await page.setViewportSize({ width: 1200, height: 1400 });
  await page.waitForFunction(() => document.querySelector('#fc-chart').uplot.width > 700);
});

test('no request left the page, and no error was logged', () => {
  assert.deepEqual(problems, []);
});
