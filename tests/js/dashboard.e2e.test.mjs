// End-to-end: serve www/ on 127.0.0.1, open it in Debian's headless Chromium (playwright-core, no
// browser download), and check that the numbers on the page were computed by the wasm module.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { openDashboard } from './browser.mjs';
import { loadEdgewise, root } from './load.mjs';

let dash;
let page;
let base;

before(async () => {
  dash = await openDashboard();
  ({ page, base } = dash);
});

after(async () => {
  await dash?.close();
});

test('the header shows the version reported by the wasm module', async () => {
  const cargoVersion = readFileSync(`${root}Cargo.toml`, 'utf8').match(/^version = "(.+)"$/m)[1];
  assert.equal(await page.textContent('#version'), cargoVersion);
  assert.equal(await page.textContent('#simd'), 'on');
  assert.match(await page.textContent('#module-status'), /ready/);
  // The served HTML holds placeholders only: the values above were written by the page's script.
  const html = await (await fetch(base)).text();
  assert.match(html, /<dd id="version">–<\/dd>/);
});

test('the forecast table equals a direct call of the module', async () => {
  const edgewise = await loadEdgewise();
  const { series } = JSON.parse(readFileSync(`${root}www/data/series.json`, 'utf8'));
  const s = series[0];
  // The panel opens on AutoETS (tests/js/forecast.e2e.test.mjs checks it); pick seasonal naive.
  await page.selectOption('#fc-model', 'seasonalNaive');
  await page.waitForFunction(() => document.querySelector('#panel-forecast').dataset.model === 'SeasonalNaive(12)');
  const want = edgewise.forecast(new Float64Array(s.values), 12, {
    model: 'seasonalNaive', seasonLength: s.seasonLength, levels: [0.95],
  });
  assert.equal(await page.getAttribute('#panel-forecast', 'data-model'), want.model);
  const shown = await page.$$eval('#fc-table tbody tr', (rows) => rows.map((r) => [...r.cells].map((c) => Number(c.textContent))));
  assert.equal(shown.length, 12);
  for (let h = 0; h < 12; h++) {
    const [step, point, lower, upper] = shown[h];
    assert.equal(step, h + 1);
    assert.ok(Math.abs(point - want.point[h]) <= 0.05 + 1e-3 * Math.abs(want.point[h]), `point ${h}`);
    assert.ok(Math.abs(lower - want.lower[0][h]) <= 0.05 + 1e-3 * Math.abs(want.lower[0][h]), `lower ${h}`);
    assert.ok(Math.abs(upper - want.upper[0][h]) <= 0.05 + 1e-3 * Math.abs(want.upper[0][h]), `upper ${h}`);
  }
  // Changing the model recomputes in the worker.
  await page.selectOption('#fc-model', 'drift');
  await page.waitForFunction(() => document.querySelector('#panel-forecast').dataset.model === 'Drift');
  const drift = edgewise.forecast(new Float64Array(s.values), 12, { model: 'drift', levels: [0.95] });
  const first = Number(await page.textContent('#fc-table tbody tr td.fc-point'));
  assert.ok(Math.abs(first - drift.point[0]) < 0.05);
});

test('a bad input shows the module error message instead of breaking the page', async () => {
  await page.fill('#fc-horizon', '0');
  await page.dispatchEvent('#fc-horizon', 'change');
  await page.waitForSelector('#fc-error:not([hidden])');
  assert.match(await page.textContent('#fc-error'), /invalid argument `horizon`: expected a whole number in \[1, 10000\], got 0/);
  await page.fill('#fc-horizon', '6');
  await page.dispatchEvent('#fc-horizon', 'change');
  await page.waitForSelector('#fc-error', { state: 'hidden' });
  assert.equal(await page.$$eval('#fc-table tbody tr', (rows) => rows.length), 6);
});

test('the page talks to no host but its own', () => {
  assert.ok(dash.requests.length > 0);
  for (const url of dash.requests) assert.ok(url.startsWith(base), `unexpected request ${url}`);
  assert.deepEqual(dash.problems, []);
});

test('the dev server serves nothing outside its folders', async () => {
  const { request } = await import('node:http');
  const status = (path) => new Promise((ok, fail) => {
    // Raw request so that the client does not normalize the `..` segments away.
    request({ host: '127.0.0.1', port: dash.server.address().port, path }, (res) => { res.resume(); ok(res.statusCode); })
      .on('error', fail).end();
  });
  assert.equal(await status('/pkg/edgewise.js'), 200);
  assert.equal(await status('/pkg/../Cargo.toml'), 404);
  assert.equal(await status('/pkg/..%2fCargo.toml'), 404);
  assert.equal(await status('/vendor/uplot/../../../Cargo.toml'), 404);
});
