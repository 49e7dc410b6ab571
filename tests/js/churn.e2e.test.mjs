// End-to-end: the churn panel (inside Analytics) in Debian's headless Chromium. The test AUC, the
// ROC curve, the coefficient table and the exported per-customer risk must equal the module called
// directly in Node on the same order log (read by the same www/ingest.js); the time-based split is
// checked against churnData's own labels.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import Papa from 'papaparse';
import { openDashboard } from './browser.mjs';
import { loadEdgewise, root } from './load.mjs';
import { importOrders } from '../../www/ingest.js';

let dash;
let page;
let edgewise;
let orders;

const cells = (sel) => page.$$eval(sel, (rows) => rows.map((r) => [...r.cells].map((c) => c.textContent.trim())));

/** The panel's model recomputed here step by step (standardize with the train rows' statistics). */
function direct(windowDays, C) {
  const c = Uint32Array.from(orders.customers);
  const t = Float64Array.from(orders.timestamps);
  const a = Float64Array.from(orders.amounts);
  const end = Math.max(...t);
  const at = (cutoff) => edgewise.churnData(c, t, a, { cutoff, window: windowDays });
  const [train, test, now] = [at(end - 2 * windowDays), at(end - windowDays), at(end)];
  const d = train.featureNames.length;
  const n = train.labels.length;
  const mean = Array.from({ length: d }, (_, j) => train.features.filter((_, k) => k % d === j).reduce((s, x) => s + x, 0) / n);
  const sd = Array.from({ length: d }, (_, j) => Math.sqrt(train.features.filter((_, k) => k % d === j).reduce((s, x) => s + (x - mean[j]) ** 2, 0) / n) || 1);
  const z = (x) => Float64Array.from(x, (v, k) => (v - mean[k % d]) / sd[k % d]);
  const model = edgewise.logisticRegression(z(train.features), d, train.labels, { C, classWeight: 'balanced' });
  const pTest = edgewise.logisticPredict(model, z(test.features));
  return { train, test, now, model, auc: edgewise.rocAuc(test.labels, pTest), pNow: edgewise.logisticPredict(model, z(now.features)) };
}

before(async () => {
  edgewise = await loadEdgewise();
  orders = importOrders(readFileSync(`${root}www/data/orders.csv`, 'utf8'), Papa);
  dash = await openDashboard({ panel: 'analytics' });
  ({ page } = dash);
  await page.waitForSelector('#churn-panel[data-ready="true"]');
});

after(async () => {
  await dash?.close();
});

test('the churn panel shows the test AUC, ROC curve and coefficients of the time-split model', async () => {
  assert.equal(await page.getAttribute('#churn-panel', 'data-churn'), '90:1');
  const want = direct(90, 1);
  // The label is "no order in the window": a customer of the test rows with an order in it is 0.
  const end = Math.max(...orders.timestamps);
  const active = new Set(orders.customers.filter((_, i) => orders.timestamps[i] > end - 90));
  want.test.customers.forEach((cust, i) => assert.equal(want.test.labels[i], active.has(cust) ? 0 : 1));
  assert.ok(want.auc > 0.6 && want.auc < 1, `a useful model: AUC ${want.auc}`);
  const summary = await page.textContent('#ch-summary');
  assert.match(summary, new RegExp(`^test ROC AUC ${want.auc.toFixed(3)} · trained on ${want.train.labels.length} customers`));
  assert.match(summary, new RegExp(`tested on ${want.test.labels.length} as of day`));
  assert.equal(await page.$$eval('#ch-roc canvas', (c) => c.length), 1);
  const coef = await cells('#ch-coef tbody tr');
  assert.deepEqual(coef.map((r) => r[0]), want.train.featureNames);
  coef.forEach((r, j) => assert.ok(Math.abs(Number(r[1]) - want.model.coef[j]) <= 5e-4 + 1e-9, r[0]));
  // The riskiest customers, highest first.
  const risk = await cells('#ch-risk tbody tr');
  const order = [...want.pNow.keys()].sort((x, y) => want.pNow[y] - want.pNow[x] || x - y);
  risk.forEach((r, i) => {
    assert.equal(r[0], orders.ids[want.now.customers[order[i]]]);
    assert.ok(Math.abs(Number.parseFloat(r[1]) - want.pNow[order[i]] * 100) <= 0.05 + 1e-9);
  });
  assert.deepEqual(dash.problems, []);
});

test('the risk CSV holds every customer; another window refits; a bad window is named', async () => {
  const [dl] = await Promise.all([page.waitForEvent('download'), page.click('#ch-export')]);
  assert.equal(dl.suggestedFilename(), 'churn-risk.csv');
  const rows = Papa.parse(readFileSync(await dl.path(), 'utf8').trim()).data;
  const want = direct(90, 1);
  assert.deepEqual(rows[0], ['customer', 'churn_risk', 'days_since_last_order']);
  assert.equal(rows.length - 1, want.now.customers.length);
  rows.slice(1).forEach((r, i) => {
    assert.equal(r[0], orders.ids[want.now.customers[i]]);
    // Recomputed independently here (own standardization): equal to the solver's tolerance.
    assert.ok(Math.abs(Number(r[1]) - want.pNow[i]) < 1e-6, `${r[1]} vs ${want.pNow[i]}`);
    assert.ok(Math.abs(Number(r[2]) - want.now.features[i * 8]) < 1e-9);
  });
  await page.fill('#ch-window', '60');
  await page.dispatchEvent('#ch-window', 'change');
  await page.waitForSelector('#churn-panel[data-churn="60:1"]');
  assert.match(await page.textContent('#ch-summary'), new RegExp(`^test ROC AUC ${direct(60, 1).auc.toFixed(3)} `));
  await page.fill('#ch-window', '');
  await page.dispatchEvent('#ch-window', 'change');
  await page.waitForSelector('#churn-panel[data-churn="failed"]');
  assert.match(await page.textContent('#ch-error'), /^Inactivity window \(days\): required$/);
  assert.equal((await cells('#ch-risk tbody tr')).length, 0);
});
