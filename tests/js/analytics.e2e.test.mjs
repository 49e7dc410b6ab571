// End-to-end: the analytics panel driven like a user in Debian's headless Chromium; every number it
// shows must equal a direct call of the module in Node on the same inputs.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { openDashboard } from './browser.mjs';
import { loadEdgewise, root } from './load.mjs';
import { forecastOptions } from '../../www/tasks/analytics.js';

let dash;
let page;
let base;
let edgewise;

/** The bundled order log, as the panel reads it (numeric days). */
function orderLog() {
  const rows = readFileSync(`${root}www/data/orders.csv`, 'utf8').trim().split('\n').slice(1).map((l) => l.split(',').map(Number));
  return {
    customers: Uint32Array.from(rows, (r) => r[0]),
    days: Float64Array.from(rows, (r) => r[1]),
    amounts: Float64Array.from(rows, (r) => r[2]),
  };
}

/** Shown numbers are rounded for display: compare within the rounding of what is shown. */
function near(shown, want, what) {
  const digits = (shown.split('.')[1] ?? '').replace(/\D/g, '').length;
  const tol = 0.5 * 10 ** -digits + 1e-9;
  const x = Number.parseFloat(shown);
  assert.ok(Math.abs(x - want) <= tol, `${what}: shown ${shown}, module ${want}`);
}
const nearPct = (shown, want, what) => near(shown.replace('%', ''), want * 100, what);
const cells = (sel) => page.$$eval(sel, (rows) => rows.map((r) => [...r.cells].map((c) => c.textContent.trim())));

before(async () => {
  edgewise = await loadEdgewise();
  dash = await openDashboard({ panel: 'analytics' });
  ({ page, base } = dash);
});

after(async () => {
  await dash?.close();
});

test('the segment table equals segmentRfm on the bundled order log', async () => {
  const { customers, days, amounts } = orderLog();
  const table = edgewise.rfm(customers, days, amounts, { unit: 'days' });
  const want = edgewise.segmentRfm(table, { k: 4, seed: 1, nInit: 10 });
  const rows = await cells('#an-seg-table tbody tr');
  assert.equal(rows.length, 4);
  want.profiles.forEach((p, s) => {
    const [seg, size, share, recency, orders, spend] = rows[s];
    assert.equal(Number(seg), s);
    assert.equal(Number(size), p.size);
    nearPct(share, p.share, 'share');
    near(recency, p.recency, 'recency');
    near(orders, p.frequency, 'orders');
    near(spend, p.monetary, 'spend');
  });
  const summary = await page.textContent('#an-seg-summary');
  assert.match(summary, new RegExp(`^${table.customers.length} shoppers from ${customers.length} orders`));
  near(summary.match(/silhouette ([\d.]+)/)[1], want.silhouette, 'silhouette');
  near(summary.match(/inertia ([\d.]+)/)[1], want.inertia, 'inertia');
  // The scatter chart is drawn (one uPlot canvas per chart).
  assert.equal(await page.$$eval('#an-seg-chart canvas', (c) => c.length), 1);
  // This browser has no WebGPU adapter (no --enable-unsafe-webgpu): the k-means ran on the CPU,
  // and the panel says so with the context's reason.
  assert.equal(await page.getAttribute('#panel-analytics', 'data-seg-backend'), 'cpu');
  assert.match(await page.textContent('#an-seg-backend'), /^k-means on CPU: \S.+ · \d+ ms$/);

  // A different k recomputes in the worker.
  await page.fill('#an-k', '3');
  await page.dispatchEvent('#an-k', 'change');
  await page.waitForSelector('#panel-analytics[data-segments="3:1:bundled"]');
  const three = edgewise.segmentRfm(table, { k: 3, seed: 1, nInit: 10 });
  const sizes = (await cells('#an-seg-table tbody tr')).map((r) => Number(r[1]));
  assert.deepEqual(sizes, three.profiles.map((p) => p.size));
});

test('with WebGPU the segments are computed on the GPU, labelled so, and equal a direct call', async () => {
  const { customers, days, amounts } = orderLog();
  const table = edgewise.rfm(customers, days, amounts, { unit: 'days' });
  const want = edgewise.segmentRfm(table, { k: 4, seed: 1, nInit: 10 });
  const gpuDash = await openDashboard({ args: ['--enable-unsafe-webgpu'], panel: 'analytics' });
  try {
    const p = gpuDash.page;
    // SwiftShader is a software adapter: "auto" keeps the k-means on the CPU and says why.
    assert.equal(await p.inputValue('#an-backend'), 'auto');
    assert.equal(await p.getAttribute('#panel-analytics', 'data-seg-backend'), 'cpu');
    assert.match(await p.textContent('#an-seg-backend'), /^k-means on CPU: auto: the WebGPU adapter is a software renderer/);
    // Asking for the GPU runs every assignment step there.
    await p.selectOption('#an-backend', 'gpu');
    await p.waitForSelector('#panel-analytics[data-seg-backend="gpu"]', { timeout: 60_000 }).catch(() => {});
    const label = await p.textContent('#an-seg-backend');
    assert.equal(await p.getAttribute('#panel-analytics', 'data-seg-backend'), 'gpu', `expected a WebGPU adapter: ${label}`);
    // The label names the adapter the compute panel reports for the same (shared) context.
    const adapter = await p.$$eval('#gpu-adapter tr', (rows) => rows.map((r) => [...r.cells].map((c) => c.textContent)));
    const name = adapter.find((r) => r[0] === 'label')?.[1];
    assert.ok(name, 'the compute panel lists the adapter label');
    assert.ok(label.startsWith(`k-means on GPU (${name}) · `), label);
    assert.match(label, / · \d+ ms$/);
    // Same segments as the module's CPU fit (well-separated enough that no label flips).
    const rows = await p.$$eval('#an-seg-table tbody tr', (rs) => rs.map((r) => [...r.cells].map((c) => c.textContent.trim())));
    assert.equal(rows.length, want.profiles.length);
    want.profiles.forEach((prof, s) => {
      const [seg, size, , recency, orders, spend] = rows[s];
      assert.equal(Number(seg), s);
      assert.equal(Number(size), prof.size);
      near(recency, prof.recency, 'recency');
      near(orders, prof.frequency, 'orders');
      near(spend, prof.monetary, 'spend');
    });
    const summary = await p.textContent('#an-seg-summary');
    near(summary.match(/inertia ([\d.]+)/)[1], want.inertia, 'inertia');
    near(summary.match(/silhouette ([\d.]+)/)[1], want.silhouette, 'silhouette');
    assert.deepEqual(gpuDash.problems, []);
  } finally {
    await gpuDash.close();
  }
});

test('the elbow button suggests the k of a direct elbow call and re-segments with it', async () => {
  const { customers, days, amounts } = orderLog();
  const points = edgewise.rfmPoints(edgewise.rfm(customers, days, amounts));
  const want = edgewise.elbow(points, 3, { kMin: 1, kMax: 10, seed: 1, nInit: 10, silhouetteSample: 1000 });
  await page.click('#an-elbow-run');
  await page.waitForSelector(`#panel-analytics[data-suggested-k="${want.suggestedK}"]`);
  await page.waitForSelector(`#panel-analytics[data-segments="${want.suggestedK}:1:bundled"]`);
  assert.equal(await page.inputValue('#an-k'), String(want.suggestedK));
  assert.equal((await cells('#an-seg-table tbody tr')).length, want.suggestedK);
});

test('an uploaded CSV with dates is segmented like a direct call', async () => {
  const csv = 'customer_id,order_date,amount\n'
    + 'a,2024-01-01,10\nb,2024-01-03,200\na,2024-02-01,15\nc,2024-03-01,5\nb,2024-03-02,250\nd,2024-01-05,7\n';
  await page.setInputFiles('#an-file', { name: 'mine.csv', mimeType: 'text/csv', buffer: Buffer.from(csv) });
  await page.fill('#an-k', '2');
  await page.dispatchEvent('#an-k', 'change');
  await page.waitForSelector('#panel-analytics[data-segments="2:1:upload"]');
  // Non-numeric ids become 0, 1, 2… in order of appearance; dates are parsed to milliseconds.
  const ms = (d) => Date.parse(d);
  const table = edgewise.rfm([0, 1, 0, 2, 1, 3], [ms('2024-01-01'), ms('2024-01-03'), ms('2024-02-01'), ms('2024-03-01'), ms('2024-03-02'), ms('2024-01-05')],
    [10, 200, 15, 5, 250, 7], { unit: 'ms' });
  const want = edgewise.segmentRfm(table, { k: 2, seed: 1, nInit: 10 });
  const rows = await cells('#an-seg-table tbody tr');
  assert.deepEqual(rows.map((r) => Number(r[1])), want.profiles.map((p) => p.size));
  rows.forEach((r, s) => near(r[3], want.profiles[s].recency, 'recency (days)'));
  assert.match(await page.textContent('#an-seg-summary'), /^4 shoppers from 6 orders/);
  await page.selectOption('#an-source', 'bundled');
  await page.waitForSelector('#panel-analytics[data-segments="2:1:bundled"]');
});

test('the A/B calculator shows the numbers of abTest, warns on SRM and shows errors', async () => {
  const want = edgewise.abTest({ a: { conversions: 500, visitors: 10000 }, b: { conversions: 572, visitors: 10100 } }, { level: 0.95, split: [50, 50] });
  assert.equal(await page.getAttribute('#an-ab-verdict', 'data-verdict'), want.verdict);
  const row = async (key) => (await cells(`#an-ab-table tr[data-row="${key}"]`))[0];
  nearPct((await row('rateA'))[1], want.ztest.rateA, 'rate A');
  nearPct((await row('rateB'))[1], want.ztest.rateB, 'rate B');
  const diff = await row('diff');
  nearPct(diff[1], want.ztest.diff, 'diff');
  const [lo, hi] = diff[2].split('–').map((s) => s.trim());
  nearPct(lo, want.ztest.ci[0], 'ci lower');
  nearPct(hi, want.ztest.ci[1], 'ci upper');
  assert.equal(Number((await row('pValue'))[1]), Number(want.ztest.pValue.toPrecision(4)));
  nearPct((await row('probBBetter'))[1], want.bayes.probBBetter, 'P(B>A)');
  assert.equal(await page.isHidden('#an-srm-warning'), true);

  // A lopsided split: the verdict is withheld and the warning shown.
  const before = Number(await page.getAttribute('#panel-analytics', 'data-ab'));
  await page.fill('#an-b-visitors', '11000');
  await page.dispatchEvent('#an-b-visitors', 'change');
  await page.waitForSelector(`#panel-analytics[data-ab="${before + 1}"]`);
  const srm = edgewise.abTest({ a: { conversions: 500, visitors: 10000 }, b: { conversions: 572, visitors: 11000 } }, { level: 0.95, split: [50, 50] });
  assert.equal(srm.verdict, 'sampleRatioMismatch');
  assert.equal(await page.getAttribute('#an-ab-verdict', 'data-verdict'), 'sampleRatioMismatch');
  assert.equal(await page.isVisible('#an-srm-warning'), true);
  assert.match(await page.textContent('#an-srm-warning'), new RegExp(`p = ${srm.srm.pValue.toPrecision(3).replace('.', '\\.')}`));

  // Bad input: the module's message, then recovery.
  await page.fill('#an-a-conversions', '20000');
  await page.dispatchEvent('#an-a-conversions', 'change');
  await page.waitForSelector('#an-ab-error:not([hidden])');
  assert.equal(await page.textContent('#an-ab-error'), 'invalid argument `test.a.conversions`: expected at most visitors (10000), got 20000');
  await page.fill('#an-a-conversions', '500');
  await page.fill('#an-b-visitors', '10100');
  await page.dispatchEvent('#an-b-visitors', 'change');
  await page.waitForSelector('#an-ab-error', { state: 'hidden' });
  assert.equal(await page.getAttribute('#an-ab-verdict', 'data-verdict'), want.verdict);

  const n = edgewise.sampleSize({ rateA: 0.05, rateB: 0.05 * 1.1 }, { power: 0.8 });
  assert.match(await page.textContent('#an-ss-out'), new RegExp(`^${n.nA.toLocaleString('en')} visitors per arm`));
});

test('the inventory table equals forecast → leadTimeDemand → inventoryPlan, and sorts', async () => {
  const { series } = JSON.parse(readFileSync(`${root}www/data/series.json`, 'utf8'));
  const expected = (leadTime, serviceLevel, cover) => {
    const rows = new Map();
    const mean = [];
    const sd = [];
    const models = [];
    for (const s of series) {
      const fc = edgewise.forecast(Float64Array.from(s.values), Math.ceil(leadTime), forecastOptions(s));
      const d = edgewise.leadTimeDemand(fc, leadTime);
      mean.push(d.mean);
      sd.push(d.sd);
      models.push(fc.model);
    }
    const stock = mean.map((m) => m * cover);
    const plan = edgewise.inventoryPlan({ stock, mean, sd }, { serviceLevel });
    series.forEach((s, i) => rows.set(s.name, {
      model: models[i], mean: mean[i], sd: sd[i], safety: plan.safetyStock[i], rop: plan.reorderPoint[i],
      stock: stock[i], risk: plan.stockoutRisk[i], reorder: plan.reorderNow[i],
    }));
    return rows;
  };
  const check = async (want) => {
    const shown = await cells('#an-inv-table tbody tr');
    assert.equal(shown.length, want.size);
    for (const [name, model, mean, sd, safety, rop, stock, risk, reorder] of shown) {
      const w = want.get(name);
      assert.ok(w, `row ${name}`);
      assert.equal(model, w.model);
      near(mean, w.mean, `${name} mean`);
      near(sd, w.sd, `${name} sd`);
      near(safety, w.safety, `${name} safety stock`);
      near(rop, w.rop, `${name} reorder point`);
      near(stock, w.stock, `${name} stock`);
      nearPct(risk, w.risk, `${name} risk`);
      assert.equal(reorder, w.reorder ? 'yes' : '');
    }
    return shown;
  };
  // Default: lead time 3, 95%, stock 110% of expected demand; sorted by risk, highest first.
  let shown = await check(expected(3, 0.95, 1.1));
  const risks = shown.map((r) => Number.parseFloat(r[7]));
  assert.deepEqual(risks, [...risks].sort((a, b) => b - a));

  await page.fill('#an-lead', '2.5');
  await page.selectOption('#an-service', '0.99');
  await page.fill('#an-cover', '60');
  await page.dispatchEvent('#an-cover', 'change');
  await page.waitForSelector('#panel-analytics[data-inventory="2.5:0.99:0.6"]');
  shown = await check(expected(2.5, 0.99, 0.6));

  await page.click('#an-inv-table th[data-key="name"]');
  const names = (await cells('#an-inv-table tbody tr')).map((r) => r[0]);
  assert.deepEqual(names, [...names].sort((a, b) => a.localeCompare(b)));
  assert.equal(await page.getAttribute('#an-inv-table th[data-key="name"]', 'aria-sort'), 'ascending');
  await page.click('#an-inv-table th[data-key="name"]');
  assert.equal((await cells('#an-inv-table tbody tr'))[0][0], [...names].sort((a, b) => b.localeCompare(a))[0]);
  await page.click('#an-inv-table th[data-key="rop"]');
  const rops = (await cells('#an-inv-table tbody tr')).map((r) => Number.parseFloat(r[5]));
  assert.deepEqual(rops, [...rops].sort((a, b) => b - a));

  // A bad lead time shows the module's error.
  await page.fill('#an-lead', '-1');
  await page.dispatchEvent('#an-lead', 'change');
  await page.waitForSelector('#an-inv-error:not([hidden])');
  assert.equal(await page.textContent('#an-inv-error'), 'invalid argument `leadTime`: expected a finite number > 0, got -1');
});

test('the analytics panel talks to no host but its own and logs no errors', () => {
  assert.ok(dash.requests.some((u) => u.endsWith('/data/orders.csv')));
  for (const url of dash.requests) assert.ok(url.startsWith(base), `unexpected request ${url}`);
  assert.deepEqual(dash.problems, []);
});
