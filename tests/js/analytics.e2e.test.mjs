// End-to-end: the analytics panel driven like a user in Debian's headless Chromium; every number it
// shows must equal a direct call of the module in Node on the same inputs.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import Papa from 'papaparse';
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
/** Clicks `selector` and returns the downloaded file's name and contents. */
async function download(selector) {
  const [dl] = await Promise.all([page.waitForEvent('download'), page.click(selector)]);
  return { name: dl.suggestedFilename(), body: readFileSync(await dl.path()) };
}
const csvRows = (text) => Papa.parse(text.trim()).data;
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
  assert.equal(await page.textContent('#an-ab-error'), 'A conversions: expected at most visitors (10000), got 20000');
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
  // Unit sales never get a negative demand (pbs_immune_sera forecast below 0 unclipped).
  assert.ok(shown.every((r) => Number.parseFloat(r[2]) >= 0), 'negative lead-time demand shown');
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

  // The plan downloads with the numbers the table shows.
  const plan = csvRows((await download('#an-inv-export')).body.toString());
  assert.equal(plan.length, 1 + series.length);
  // A bad lead time is named by its label, and the stale table goes.
  await page.fill('#an-lead', '-1');
  await page.dispatchEvent('#an-lead', 'change');
  await page.waitForSelector('#an-inv-error:not([hidden])');
  assert.equal(await page.textContent('#an-inv-error'), 'Lead time (periods): enter a number from 0.5 to 24 (got -1)');
  assert.equal((await cells('#an-inv-table tbody tr')).length, 0);
  // Empty means required (not 0 stock and a 100% stock-out risk).
  await page.fill('#an-lead', '3');
  await page.fill('#an-cover', '');
  await page.dispatchEvent('#an-cover', 'change');
  await page.waitForFunction(() => document.querySelector('#an-inv-error').textContent === 'Stock on hand (% of expected lead-time demand): required');
  assert.equal((await cells('#an-inv-table tbody tr')).length, 0);
  await page.fill('#an-cover', '110');
  await page.dispatchEvent('#an-cover', 'change');
  await page.waitForSelector('#an-inv-error', { state: 'hidden' });
});

/** The bundled order log with text customer ids and the documented column names, as an analyst's export. */
function textIdLog() {
  const rows = readFileSync(`${root}www/data/orders.csv`, 'utf8').trim().split('\n').slice(1).map((l) => l.split(','));
  // Odd customers keep their number, even ones become text ids ("C-12"); customer 7 and "7x" stay apart.
  const id = (c) => (Number(c) % 2 ? c : `C-${c}`);
  const day = (d) => new Date(Date.UTC(2024, 0, 1) + Math.floor(Number(d)) * 86_400_000).toISOString().slice(0, 10);
  const lines = rows.map(([c, d, a], i) => `${i + 1},${id(c)},${day(d)},"${Number(a).toLocaleString('en', { minimumFractionDigits: 2 })}"`);
  return { rows, id, day, csv: `Order ID,Customer ID,Order Date,Order Total\n${lines.join('\n')}\n` };
}

test('an order log "Order ID,Customer ID,Order Date,Order Total" with text ids: segments and exports keep the ids', async () => {
  const { rows, id, day, csv } = textIdLog();
  await page.fill('#an-k', '4');
  await page.setInputFiles('#an-file', { name: 'orders-text-ids.csv', mimeType: 'text/csv', buffer: Buffer.from(`${csv}9999,X,someday,5\n1,"1",2024-01-02,3\n1,A,2024-01-02,4\n`) });
  await page.waitForSelector('#panel-analytics[data-segments="4:1:upload"]');
  assert.match(await page.textContent('#an-orders-summary'), /read from columns "Customer ID", "Order Date", "Order Total"; 1 rows dropped/);
  // The accepted column names are on the page.
  assert.match(await page.textContent('#an-columns'), /customer id: customer, customerid, .*order date \(a date, or a number of days\): date, orderdate, .*order amount: amount, ordertotal/);
  assert.equal(await page.textContent('#an-orders-list'), `line ${rows.length + 2}: "someday" in Order Date is not a date`);
  // Direct call: dense ids in the ids' natural order ("1" and "A" are two customers).
  const all = [...rows.map(([c, d, a]) => [id(c), Date.parse(day(d)), Number(Number(a).toFixed(2))]), ['1', Date.parse('2024-01-02'), 3], ['A', Date.parse('2024-01-02'), 4]];
  const ids = [...new Set(all.map((r) => r[0]))].sort((a, b) => {
    const [x, y] = [/^\d+$/.test(a) ? Number(a) : NaN, /^\d+$/.test(b) ? Number(b) : NaN];
    if (!Number.isNaN(x) && !Number.isNaN(y) && x !== y) return x - y;
    if (Number.isNaN(x) !== Number.isNaN(y)) return Number.isNaN(x) ? 1 : -1;
    return a < b ? -1 : 1;
  });
  const dense = new Map(ids.map((x, i) => [x, i]));
  const table = edgewise.rfm(all.map((r) => dense.get(r[0])), all.map((r) => r[1]), all.map((r) => r[2]), { unit: 'ms' });
  const want = edgewise.segmentRfm(table, { k: 4, seed: 1, nInit: 10 });
  assert.deepEqual((await cells('#an-seg-table tbody tr')).map((r) => Number(r[1])), want.profiles.map((p) => p.size));
  assert.match(await page.textContent('#an-seg-summary'), new RegExp(`^${ids.length} shoppers from ${all.length} orders`));
  // The churn model and DBSCAN inside the panel run on the uploaded log too, text ids and all.
  await page.waitForSelector(`#churn-panel[data-customers="${ids.length}"]`);
  await page.waitForSelector(`#dbscan-panel[data-customers="${ids.length}"]`);
  const shown = (await cells('#ch-risk tbody tr')).map((r) => r[0]);
  assert.ok(shown.length > 0 && shown.every((c) => ids.includes(c)), `churn risk rows name the uploaded ids: ${shown}`);
  // Membership per customer, with the ids as written.
  const members = csvRows((await download('#an-export-members')).body.toString());
  assert.deepEqual(members[0], ['customer', 'segment', 'recency_days', 'orders', 'spend', 'rfm_name']);
  assert.equal(members.length, 1 + ids.length);
  const got = new Map(members.slice(1).map((r) => [r[0], r]));
  Array.from(table.customers).forEach((c, i) => {
    const r = got.get(ids[c]);
    assert.ok(r, `customer ${ids[c]} missing`);
    assert.equal(Number(r[1]), want.labels[i]);
    assert.equal(Number(r[4]), table.monetary[i]);
  });
  assert.equal(got.get('A')[3], '1');
  assert.notEqual(got.get('1')[4], got.get('A')[4]); // "1" and "A" are not merged
  assert.ok([...got.keys()].some((k) => k.startsWith('C-')));
  const profiles = csvRows((await download('#an-export-profiles')).body.toString());
  assert.deepEqual(profiles.slice(1).map((r) => Number(r[1])), want.profiles.map((p) => p.size));
  const png = await download('#an-export-scatter');
  assert.equal(png.body.subarray(1, 4).toString(), 'PNG');
  assert.match(await page.textContent('#an-members tbody tr td'), /\S/);

  // A failed upload clears the old results: nothing stays under the new file's name.
  await page.setInputFiles('#an-file', { name: 'wrong.csv', mimeType: 'text/csv', buffer: Buffer.from('who,when,what\n1,2,3\n') });
  await page.waitForSelector('#panel-analytics[data-segments="failed"]');
  assert.match(await page.textContent('#an-seg-error'), /^wrong\.csv: no customer id column: the header has "who", "when", "what"; accepted: customer, customerid/);
  assert.equal((await cells('#an-seg-table tbody tr')).length, 0);
  assert.equal((await cells('#an-members tbody tr')).length, 0);
  assert.equal(await page.textContent('#an-seg-summary'), '');
  assert.equal(await page.$$eval('#an-seg-chart canvas', (c) => c.length), 0);
  assert.equal(await page.isDisabled('#an-export-members'), true);
  await page.selectOption('#an-source', 'bundled');
  await page.waitForSelector('#panel-analytics[data-segments="4:1:bundled"]');
});

test('A/B fields: empty is required (no verdict from a blank A), and settings errors use the labels', async () => {
  await page.fill('#an-a-conversions', '');
  await page.dispatchEvent('#an-a-conversions', 'change');
  await page.waitForFunction(() => document.querySelector('#an-ab-error').textContent === 'A conversions: required');
  assert.equal(await page.textContent('#an-ab-verdict'), '');
  assert.equal((await cells('#an-ab-table tbody tr')).length, 0);
  await page.fill('#an-a-conversions', '500');
  await page.dispatchEvent('#an-a-conversions', 'change');
  await page.waitForSelector('#an-ab-error', { state: 'hidden' });
  const ab = csvRows((await download('#an-ab-export')).body.toString());
  assert.equal(ab[1][0], 'conversion rate A');
  // The sample-size helper too (was `effect.rateB`), and an empty lift is required, not 0.
  await page.fill('#an-ss-lift', '');
  await page.dispatchEvent('#an-ss-lift', 'change');
  await page.waitForFunction(() => document.querySelector('#an-ss-out').textContent === 'Relative lift to detect: required');
  await page.fill('#an-ss-lift', '0');
  await page.dispatchEvent('#an-ss-lift', 'change');
  await page.waitForFunction(() => /^Relative lift to detect/.test(document.querySelector('#an-ss-out').textContent) && !/required/.test(document.querySelector('#an-ss-out').textContent));
  assert.doesNotMatch(await page.textContent('#an-ss-out'), /effect\.|`/);
  await page.fill('#an-ss-lift', '0.1');
  await page.dispatchEvent('#an-ss-lift', 'change');
  await page.waitForFunction(() => /visitors per arm/.test(document.querySelector('#an-ss-out').textContent));
  // Segment settings speak the labels too.
  await page.fill('#an-ninit', '1000000000');
  await page.dispatchEvent('#an-ninit', 'change');
  await page.waitForFunction(() => document.querySelector('#an-seg-error').textContent === 'Starts: enter a whole number from 1 to 50 (got 1000000000)');
  assert.equal((await cells('#an-seg-table tbody tr')).length, 0);
  await page.fill('#an-ninit', '10');
  await page.dispatchEvent('#an-ninit', 'change');
  await page.waitForSelector('#an-seg-error', { state: 'hidden' });
});

test('the analytics panel talks to no host but its own and logs no errors', () => {
  assert.ok(dash.requests.some((u) => u.endsWith('/data/orders.csv')));
  for (const url of dash.requests) assert.ok(url.startsWith(base), `unexpected request ${url}`);
  assert.deepEqual(dash.problems, []);
});
