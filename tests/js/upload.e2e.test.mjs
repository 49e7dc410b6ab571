// End-to-end test of the analyst's own-data flow (forecast tab, "Your sales"): real files built from
// the shared data (M3 monthly series as long and wide CSV with dates, classic series) are uploaded
// like a user would, and every number shown or exported is checked against direct API calls in Node.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import Papa from 'papaparse';
import { openDashboard } from './browser.mjs';
import { loadEdgewise } from './load.mjs';
import { m3Monthly, classic, longCsv, wideCsv, month, promoDaily } from './sales_files.mjs';
import { forecastSku } from '../../www/demand.js';
import { importSales, importEvents } from '../../www/ingest.js';

const edgewise = await loadEdgewise();
let dash;
let page;

before(async () => {
  dash = await openDashboard();
  page = dash.page;
});
after(() => dash?.close());

const SETTINGS = { model: 'auto', seasonLength: null, seed: 1, level: 0.95, frequencySeason: 12 };
const near = (shown, want) => Math.abs(shown - want) <= 0.05 + 1e-3 * Math.abs(want);

/** Uploads `text` as the sales file and waits for the preview (or the error). */
async function upload(name, text) {
  await page.evaluate(() => { delete document.querySelector('#sku-panel').dataset.imported; });
  await page.setInputFiles('#sku-file', { name, mimeType: 'text/csv', buffer: Buffer.from(text) });
  await page.waitForSelector('#sku-panel[data-imported]');
}

/** Clicks "Forecast every SKU" and waits for the table. */
async function forecastAll() {
  await page.click('#sku-run');
  await page.waitForFunction(() => /^\d+$/.test(document.querySelector('#sku-panel').dataset.results ?? ''), null, { timeout: 120_000 });
}

async function table() {
  return page.$$eval('#sku-table tbody tr', (rows) => rows.map((r) => ({
    name: r.dataset.sku,
    model: r.querySelector('.sku-model').textContent,
    mase: r.querySelector('.sku-mase').textContent,
    next: Number(r.querySelector('.sku-next').textContent.replace(/,/g, '')),
    cells: [...r.cells].map((c) => c.textContent),
  })));
}

/** Clicks `selector` and returns the downloaded file's name and contents. */
async function download(selector) {
  const [dl] = await Promise.all([page.waitForEvent('download'), page.click(selector)]);
  return { name: dl.suggestedFilename(), body: readFileSync(await dl.path()) };
}

/** An exported CSV's rows (parsed by Papa Parse, quotes and all). */
const csvRows = (text) => Papa.parse(text.trim()).data;

test('long CSV of 50 M3 SKUs: 50 forecasts equal to direct calls, on a date axis, exported as CSV', async () => {
  const series = m3Monthly(50, 48);
  await upload('m3-long.csv', longCsv(series));
  assert.match(await page.textContent('#sku-summary'), /50 SKUs · 48 months each · long layout · monthly \(from the dates\), 2015-01 to 2018-12 · 2,400 data rows, 0 dropped/);
  assert.equal(await page.$eval('#sku-map-sku', (s) => s.selectedOptions[0].textContent), 'sku');
  assert.equal(await page.$eval('#sku-map-date', (s) => s.selectedOptions[0].textContent), 'month');
  assert.equal(await page.$eval('#sku-map-value', (s) => s.selectedOptions[0].textContent), 'units');
  await forecastAll();
  assert.match(await page.textContent('#sku-status'), /^50 \/ 50 SKUs \(100%\) in [\d.]+ s on \d+ workers?$/);
  assert.equal(await page.$eval('#sku-progress', (b) => [b.value, b.max].join()), '50,50');
  const rows = await table();
  assert.equal(rows.length, 50);
  const want = new Map(series.map((s) => [s.name, forecastSku(edgewise, s.values, 12, SETTINGS)]));
  for (const r of rows) {
    const w = want.get(r.name);
    assert.equal(r.model, w.fc.model, r.name);
    assert.ok(near(r.next, w.fc.point[0]), `${r.name}: ${r.next} vs ${w.fc.point[0]}`);
    assert.ok(near(Number(r.mase), w.cv.mean.mase), `${r.name} MASE ${r.mase} vs ${w.cv.mean.mase}`);
    assert.equal(r.cells[7], '2019-01');
  }
  // The chart of the first SKU: exact numbers, x in seconds on a time scale (dates, not steps).
  const chart = await page.evaluate(() => {
    const u = document.querySelector('#sku-chart').uplot;
    return { time: u.scales.x.time, x: Array.from(u.data[0]), point: Array.from(u.data[2]) };
  });
  const first = want.get(series[0].name).fc;
  assert.equal(chart.time, true);
  assert.equal(chart.x[0], Date.UTC(2015, 0, 1) / 1000);
  assert.equal(chart.x[48], Date.UTC(2019, 0, 1) / 1000);
  assert.deepEqual(chart.point.slice(48), Array.from(first.point));
  // Clicking another SKU charts it.
  await page.click(`#sku-table tbody tr[data-sku="${series[7].name}"]`);
  await page.waitForFunction((n) => document.querySelector('#sku-panel').dataset.chart === n, series[7].name);
  assert.deepEqual(await page.evaluate(() => Array.from(document.querySelector('#sku-chart').uplot.data[2]).slice(48)), Array.from(want.get(series[7].name).fc.point));
  // Sorting by MASE orders the rows by it.
  await page.click('#sku-table th[data-key="mase"]');
  const mases = (await table()).map((r) => Number(r.mase)).filter(Number.isFinite);
  assert.deepEqual(mases, [...mases].sort((a, b) => a - b));

  // Exports: the forecast CSV holds every SKU × step with dates and intervals, unrounded.
  const fcs = await download('#sku-export-forecasts');
  assert.equal(fcs.name, 'm3-long-forecasts.csv');
  const lines = csvRows(fcs.body.toString());
  assert.deepEqual(lines[0], ['sku', 'step', 'period', 'date', 'model', 'forecast', 'lower_95', 'upper_95', 'events']);
  assert.equal(lines.length, 1 + 50 * 12);
  for (const [sku, step, period, date, model, p, lo, hi, events] of lines.slice(1)) {
    const w = want.get(sku).fc;
    assert.equal(events, ''); // no events file
    const h = Number(step) - 1;
    assert.equal(period, month(48 + h));
    assert.equal(date, `${month(48 + h)}-01`);
    assert.equal(model, w.model);
    assert.deepEqual([Number(p), Number(lo), Number(hi)], [w.point[h], w.lower[0][h], w.upper[0][h]]);
  }
  const bt = csvRows((await download('#sku-export-backtest')).body.toString());
  assert.equal(bt.length, 51);
  const col = (name) => bt[0].indexOf(name);
  for (const r of bt.slice(1)) {
    const w = want.get(r[0]);
    assert.equal(Number(r[col('mase')]), w.cv.mean.mase, r[0]);
    assert.equal(Number(r[col('backtest_windows')]), w.cv.cutoffs.length);
  }
  const png = await download('#sku-export-png');
  assert.match(png.name, /\.png$/);
  assert.deepEqual([...png.body.subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a]);
  assert.ok(png.body.readUInt32BE(16) >= 240, 'PNG width');
});

test('stock file joined by SKU gives the inventory plan of the uploaded forecasts, exported as CSV', async () => {
  const series = m3Monthly(50, 48);
  const stockCsv = `SKU,Stock on hand,Lead time,Unit cost\n${series.slice(0, 40).map((s, i) => `${s.name},${500 * i},${1 + (i % 3)},${(i + 1) / 4}`).join('\n')}\nNOPE,5,1,1\n`;
  await page.setInputFiles('#inv-file', { name: 'stock.csv', mimeType: 'text/csv', buffer: Buffer.from(stockCsv) });
  await page.waitForSelector('#sku-panel[data-inventory="40"]');
  const summary = await page.textContent('#inv-summary');
  assert.match(summary, /40 SKUs planned at 95% service/);
  assert.match(summary, /no stock row for 10 SKUs/);
  assert.match(summary, /NOPE: not in the sales file/);
  const file = csvRows((await download('#inv-export')).body.toString());
  assert.deepEqual(file[0], ['sku', 'stock', 'lead_time', 'lead_time_demand', 'sd', 'safety_stock', 'reorder_point', 'stockout_risk', 'reorder_now', 'order_qty', 'unit_cost', 'order_value']);
  assert.equal(file.length, 41);
  const bySku = new Map(file.slice(1).map((r) => [r[0], r]));
  const mean = [];
  const sd = [];
  const stock = [];
  series.slice(0, 40).forEach((s, i) => {
    const { fc } = forecastSku(edgewise, s.values, 12, SETTINGS);
    const d = edgewise.leadTimeDemand(fc, 1 + (i % 3));
    mean.push(d.mean);
    sd.push(d.sd);
    stock.push(500 * i);
  });
  const plan = edgewise.inventoryPlan({ stock, mean, sd }, { serviceLevel: 0.95 });
  series.slice(0, 40).forEach((s, i) => {
    const r = bySku.get(s.name);
    assert.equal(Number(r[1]), 500 * i);
    assert.equal(Number(r[3]), plan.meanDemand[i], s.name);
    assert.equal(Number(r[6]), plan.reorderPoint[i], s.name);
    assert.equal(Number(r[7]), plan.stockoutRisk[i], s.name);
    assert.equal(r[8], plan.reorderNow[i] ? 'yes' : 'no');
    assert.equal(Number(r[11]), plan.shortfall[i] * (i + 1) / 4);
  });
});

test('wide CSV: every column is a SKU (not only the last), equal to the long file', async () => {
  const series = m3Monthly(3, 36);
  await upload('m3-wide.csv', wideCsv(series));
  assert.match(await page.textContent('#sku-summary'), /3 SKUs · 36 months each · wide layout/);
  await forecastAll();
  const rows = new Map((await table()).map((r) => [r.name, r]));
  assert.deepEqual([...rows.keys()].sort(), series.map((s) => s.name));
  for (const s of series) assert.equal(rows.get(s.name).model, forecastSku(edgewise, s.values, 12, SETTINGS).fc.model);
  // A failed re-read clears the results and the preview of the earlier file.
  await upload('broken.csv', 'sku,month,units\nA,2024-01,x\nA,2024-02,y\n');
  assert.match(await page.textContent('#sku-import-error'), /broken\.csv: no usable rows: 2 dropped \(line 2: "x" in units is not a number\)/);
  assert.equal(await page.$$eval('#sku-table tbody tr', (r) => r.length), 0);
  assert.equal(await page.isHidden('#sku-preview'), true);
  assert.equal(await page.isDisabled('#sku-run'), true);
});

test('24 monthly points of seasonal data give a seasonal model (season from the dates)', async () => {
  const air = classic('airline', 24);
  assert.equal(edgewise.detectSeasonality(new Float64Array(air)), 1); // two cycles: detection alone cannot tell
  await upload('airline-24.csv', longCsv([{ name: 'airline', values: air }], { start: [1949, 1] }));
  await forecastAll();
  const [row] = await table();
  assert.equal(row.cells[5], '12 (monthly dates)');
});

test('36 monthly points: the season is detected from three cycles (issue #15)', async () => {
  const air = classic('airline', 36);
  assert.equal(edgewise.detectSeasonality(new Float64Array(air)), 12);
  await upload('airline-36.csv', longCsv([{ name: 'airline', values: air }], { start: [1949, 1] }));
  await forecastAll();
  const [row] = await table();
  assert.match(row.model, /^ETS\(.,.+,[AM]\)$/, row.model);
  assert.notEqual(row.mase, '–'); // the backtest runs on 36 points
  assert.equal(row.cells[5], '12 (detected)');
});

test('non-negative sales give non-negative forecasts; intermittent SKUs go to the Croston family', async () => {
  const pbs = classic('pbs_immune_sera');
  assert.ok(pbs.length > 0);
  const intermittent = [0, 0, 3, 0, 0, 0, 2, 0, 4, 0, 0, 0, 3, 0, 0, 2, 0, 0, 0, 5, 0, 0, 3, 0];
  await upload('mixed.csv', longCsv([{ name: 'pbs', values: pbs }, { name: 'spare_part', values: intermittent }]));
  await forecastAll();
  const [p, s] = await table();
  const bounds = await page.evaluate(() => Array.from(document.querySelector('#sku-chart').uplot.data.slice(2).flatMap((d) => Array.from(d)).filter((v) => v !== null)));
  assert.ok(bounds.every((v) => v >= 0), `negative value on the chart: ${Math.min(...bounds)}`);
  assert.equal(p.name, 'pbs');
  assert.equal(s.model, forecastSku(edgewise, intermittent, 12, SETTINGS).fc.model);
  assert.match(s.model, /Croston|SBA|TSB/);
  assert.equal(s.cells[2], 'intermittent');
});

test('thousands separators, decimal commas, bad rows by line number, gaps and duplicates', async () => {
  await upload('quoted.csv', 'month,units\n2024-01,"1,234"\n2024-02,"2,000.5"\n2024-03,990\n2024-04,1000\n2024-05,"1,100"\n2024-06,1050\n');
  assert.deepEqual(await page.$$eval('#sku-preview-table tbody tr', (rs) => rs.map((r) => r.cells[2].textContent)), ['1,234', '2,000.5', '990', '1000', '1,100', '1050']);
  await forecastAll();
  const quoted = forecastSku(edgewise, [1234, 2000.5, 990, 1000, 1100, 1050], 12, SETTINGS);
  assert.equal((await table())[0].cells[1], '6');
  assert.ok(near((await table())[0].next, quoted.fc.point[0]));
  const exported = csvRows((await download('#sku-export-forecasts')).body.toString());
  assert.equal(exported.length, 13);
  await upload('comma.csv', 'month;sku;units\n2024-01;A;12,5\n2024-02;A;13,25\n2024-03;A;"1.001,5"\n2024-04;A;14\n2024-05;A;15,75\n2024-06;A;16\n');
  assert.equal(await page.$eval('#sku-map-decimal', (s) => s.value), ',');
  await forecastAll();
  const want = forecastSku(edgewise, [12.5, 13.25, 1001.5, 14, 15.75, 16], 12, SETTINGS);
  assert.ok(near((await table())[0].next, want.fc.point[0]));
  // Unparseable rows: each one listed with its line number, and counted.
  const bad = 'sku,date,units\nA,2024-01-01,5\nA,2024-02-01,x\nA,2024-04-01,7\nA,someday,3\nB,2024-01-01,1,234\nB,2024-01-01,2\nB,2024-01-01,3\nB,2024-02-01,4\n';
  await upload('bad.csv', bad);
  assert.equal(await page.textContent('#sku-dropped'), '3');
  const items = await page.$$eval('#sku-issues-list li', (li) => li.map((l) => l.textContent));
  assert.deepEqual(items, [
    'line 3: "x" in units is not a number (row dropped)',
    'line 5: "someday" in date is not a date (row dropped)',
    'line 6: 4 fields where the header has 3 (a number with a thousands comma must be quoted: "1,234") (row dropped)',
    'lines 7 and 8: B has two rows for 2024-01 (summed)',
    'A: 2 missing periods from 2024-02 (filled with 0)',
  ]);
  assert.equal(await page.$eval('#sku-issues', (d) => d.open), true);
  // The analyst can change the mapping: reading "units" as the SKU columns of a wide file.
  await page.selectOption('#sku-map-layout', 'wide');
  await page.waitForFunction(() => /wide layout/.test(document.querySelector('#sku-summary').textContent));
  assert.equal(await page.$eval('#sku-map-layout', (s) => s.value), 'wide');
});

test('form fields speak the labels: empty is required, the horizon limit is enforced', async () => {
  await upload('m3-3.csv', longCsv(m3Monthly(3, 36)));
  await page.fill('#sku-horizon', '100000');
  await page.click('#sku-run');
  await page.waitForSelector('#sku-error:not([hidden])');
  assert.equal(await page.textContent('#sku-error'), 'Periods ahead: enter a whole number from 1 to 500 (got 100000)');
  assert.equal(await page.getAttribute('#sku-horizon', 'aria-invalid'), 'true');
  await page.fill('#sku-horizon', '');
  await page.click('#sku-run');
  await page.waitForFunction(() => document.querySelector('#sku-error').textContent === 'Periods ahead: required');
  await page.fill('#sku-horizon', '12');
  await forecastAll();
  assert.equal(await page.isHidden('#sku-error'), true);
});

test('Cancel stops a large batch: its workers are terminated and no results appear', async () => {
  const series = m3Monthly(400, 144, 120);
  await upload('m3-400.csv', longCsv(series));
  await page.selectOption('#sku-model', 'autoETS');
  await page.click('#sku-run');
  await page.waitForFunction(() => document.querySelector('#sku-progress').value > 0, null, { timeout: 60_000 });
  const running = page.workers().length;
  assert.ok(running >= 2, 'the batch runs on workers of its own');
  const closed = [];
  for (const w of page.workers()) w.on('close', () => closed.push(w.url()));
  await page.click('#sku-cancel');
  await page.waitForFunction(() => document.querySelector('#sku-panel').dataset.results === 'cancelled');
  const status = await page.textContent('#sku-status');
  assert.match(status, /^cancelled at (\d+) \/ 400 SKUs: the workers were stopped$/);
  const at = Number(/at (\d+)/.exec(status)[1]);
  assert.ok(at < 400, status);
  // Every worker of the batch closes (the panels' own worker stays).
  for (let i = 0; i < 100 && closed.length < running - 1; i++) await page.waitForTimeout(50);
  assert.equal(closed.length, running - 1, 'the batch workers were not terminated');
  assert.equal(page.workers().length, 1);
  assert.equal(await page.$eval('#sku-progress', (b) => b.value), at); // nothing moves any more
  assert.equal(await page.$$eval('#sku-table tbody tr', (r) => r.length), 0);
  assert.equal(await page.isHidden('#sku-cancel'), true);
  // The page still works: a new batch starts fresh workers.
  await upload('m3-3.csv', longCsv(m3Monthly(3, 36)));
  await forecastAll();
  assert.equal((await table()).length, 3);
  await page.selectOption('#sku-model', 'auto');
});

test('the SKU chart reflows when the window narrows', async () => {
  const wide = await page.evaluate(() => document.querySelector('#sku-chart').uplot.width);
  await page.setViewportSize({ width: 640, height: 900 });
  await page.waitForFunction((w) => document.querySelector('#sku-chart').uplot.width < w, wide);
  const { chart, box } = await page.evaluate(() => ({ chart: document.querySelector('#sku-chart').uplot.width, box: document.querySelector('#sku-chart').clientWidth }));
  assert.ok(chart <= box, `${chart} > ${box}`);
  await page.setViewportSize({ width: 1200, height: 900 });
});

/** Sets the events file and waits until it is read (or refused). */
async function uploadEvents(name, text) {
  await page.evaluate(() => { delete document.querySelector('#sku-panel').dataset.events; });
  await page.setInputFiles('#sku-events-file', { name, mimeType: 'text/csv', buffer: Buffer.from(text) });
  await page.waitForSelector('#sku-panel[data-events]');
}

test('an events file (holidays, promotions) becomes regressors of every SKU with dates', async () => {
  // Without dates the control is off, and says why.
  await upload('rows.csv', 'units\n5\n6\n7\n8\n9\n10\n');
  assert.equal(await page.$eval('#sku-events-file', (i) => i.disabled), true);
  assert.match(await page.getAttribute('#sku-events-label', 'title'), /no date column .*events are placed by date/);
  // Daily sales of two SKUs, one of them lifted by a promotion every 5 weeks.
  const n = 560;
  const { start, values, promoDays, iso, day } = promoDaily(n, 17);
  const flat = promoDaily(n, 0, 11).values;
  const csv = 'sku,date,units\n' + [['promoted', values], ['steady', flat]].flatMap(([k, v]) => v.map((x, i) => `${k},${iso(start + i * day)},${x.toFixed(3)}`)).join('\n');
  await upload('daily.csv', csv);
  assert.equal(await page.$eval('#sku-events-file', (i) => i.disabled), false);
  // Garbage first: one message, nothing loaded.
  await uploadEvents('junk.csv', 'sku,month,units\nA,2024-01,5\n');
  assert.equal(await page.$eval('#sku-panel', (p) => p.dataset.events), 'failed');
  assert.match(await page.textContent('#sku-events-error'), /^junk\.csv: not an events file: expected a header with a name column/);
  // The calendar: the promotions (one in the horizon), a bad row, and a holiday far outside.
  const rows = promoDays.map((t) => `promo,${iso(t)},,1`);
  await uploadEvents('calendar.csv', `name,date,before,after\n${rows.join('\n')}\npromo,someday,,\nmoon landing,1969-07-20,,\n`);
  assert.equal(await page.isHidden('#sku-events-error'), true);
  assert.equal(await page.$eval('#sku-panel', (p) => p.dataset.events), '18');
  await page.fill('#sku-horizon', '14');
  await forecastAll();
  const got = await table();
  const events = promoDays.map((t) => ({ name: 'promo', date: iso(t), before: 0, after: 1 }));
  const SET = { ...SETTINGS, frequencySeason: 7 };
  for (const [name, v] of [['promoted', values], ['steady', flat]]) {
    const calendar = { timestamps: v.map((_, i) => start + i * day), events };
    const want = forecastSku(edgewise, v.map((x) => Number(x.toFixed(3))), 14, SET, calendar);
    const row = got.find((r) => r.name === name);
    assert.equal(row.model, want.fc.model, name);
    assert.match(row.model, /\+ 2 regressors$/);
    assert.equal(row.cells[4], '17'); // every promotion acts on both SKUs (the same dates)
    assert.ok(near(row.next, want.fc.point[0]), `${name}: ${row.next} vs ${want.fc.point[0]}`);
    assert.ok(near(Number(row.mase), want.cv.mean.mase), `${name}: MASE ${row.mase} vs ${want.cv.mean.mase}`);
  }
  // The panel says what was placed and what was not.
  const summary = await page.textContent('#sku-events-summary');
  assert.match(summary, /^calendar\.csv: 18 events \(2 names\) read, 1 row dropped · last run: 17 events placed, 1 ignored \(no effect on any SKU: listed below\)$/);
  assert.deepEqual(await page.$$eval('#sku-events-list li', (li) => li.map((l) => l.textContent)), [
    'line 19: "someday" in date is not a date (row dropped)',
    "line 20: moon landing on 1969-07-20 ignored: outside every series' dates and horizon",
  ]);
  // The promoted SKU's chart: the promotion of the horizon (steps 4 and 5) stands out.
  await page.click('#sku-table tbody tr[data-sku="promoted"]');
  await page.waitForFunction(() => document.querySelector('#sku-panel').dataset.chart === 'promoted');
  const point = await page.evaluate((k) => Array.from(document.querySelector('#sku-chart').uplot.data[2]).slice(k), n);
  assert.ok(point[3] - point[1] > 40, `promotion day ${point[3]} vs ${point[1]}`);
  // The exports record the events.
  const fcs = csvRows((await download('#sku-export-forecasts')).body.toString());
  assert.equal(fcs[0][8], 'events');
  assert.ok(fcs.slice(1).every((r) => r[8] === '17 of calendar.csv' && /\+ 2 regressors$/.test(r[4])));
  const bt = csvRows((await download('#sku-export-backtest')).body.toString());
  assert.deepEqual(bt.slice(1).map((r) => r[bt[0].indexOf('events')]), ['17 of calendar.csv', '17 of calendar.csv']);
  // Removed: the forecasts go back to no regressors.
  await page.click('#sku-events-clear');
  await forecastAll();
  assert.ok((await table()).every((r) => !/regressors/.test(r.model) && r.cells[4] === ''));
  // Pasted events: the same reading, the same messages.
  await page.click('#sku-events-paste-box summary');
  await page.fill('#sku-events-paste', 'name,date\n');
  await page.evaluate(() => { delete document.querySelector('#sku-panel').dataset.events; });
  await page.click('#sku-events-paste-read');
  await page.waitForSelector('#sku-panel[data-events="failed"]');
  assert.equal(await page.textContent('#sku-events-error'), 'pasted events: the events file has a header but no events');
  await page.fill('#sku-events-paste', `name,date,after\n${promoDays.map((t) => `promo,${iso(t)},1`).join('\n')}`);
  await page.evaluate(() => { delete document.querySelector('#sku-panel').dataset.events; });
  await page.click('#sku-events-paste-read');
  await page.waitForSelector('#sku-panel[data-events="17"]');
  await forecastAll();
  assert.ok((await table()).every((r) => /\+ 2 regressors$/.test(r.model) && r.cells[4] === '17'));
  await page.click('#sku-events-clear');
  await page.fill('#sku-horizon', '12');
});

test('Load the sample: real monthly sales, the surfing festival and illustrative stock, read like user files', async () => {
  const file = (f) => readFileSync(new URL(`../../www/data/${f}`, import.meta.url), 'utf8');
  await page.evaluate(() => { for (const k of ['imported', 'events', 'stock', 'sample', 'inventory']) delete document.querySelector('#sku-panel').dataset[k]; });
  await page.click('#sku-sample');
  await page.waitForSelector('#sku-panel[data-sample="loaded"]');
  assert.deepEqual(await page.$eval('#sku-panel', (p) => [p.dataset.imported, p.dataset.events, p.dataset.stock]), ['4', '7', '4']);
  // The same preview, mapping and issues list as a user's file.
  assert.equal(await page.textContent('#sku-summary'), 'sku_sales.csv (sample): 4 SKUs · 84–204 months each · long layout · monthly (from the dates), 1987-01 to 2008-06 · 696 data rows, 0 dropped');
  assert.equal(await page.$eval('#sku-map-date', (s) => s.selectedOptions[0].textContent), 'month');
  assert.equal(await page.textContent('#sku-issues-summary'), 'every row was read: nothing dropped, no duplicates, no gaps');
  assert.equal(await page.textContent('#sku-events-summary'), 'sku_events.csv (sample): 7 events (1 name, 7 for a single SKU) read, 0 rows dropped · used by the next forecast');
  assert.equal(await page.textContent('#inv-summary'), 'sku_stock.csv (sample, illustrative stock): 4 stock rows read: forecast every SKU to get the plan.');
  assert.match(await page.textContent('#sku-sample-status'), /^Sample loaded: sku_sales\.csv \(4 SKUs\), sku_events\.csv \(7 events\), sku_stock\.csv \(4 stock rows, illustrative\)/);

  await forecastAll();
  const rows = await table();
  assert.deepEqual(rows.map((r) => r.name).sort(), ['a10_antidiabetic', 'h02_corticosteroid', 'pbs_immune_sera', 'souvenirs']); // in the table's sort order
  // Each equal to the direct call with its own calendar: the festival is the shop's (sku souvenirs),
  // so souvenirs takes all 7 and the drug series none (no regressor, an empty events cell).
  const imp = importSales(file('sku_sales.csv'), Papa);
  const cal = importEvents(file('sku_events.csv'), Papa);
  for (const r of rows) {
    const s = imp.series.find((x) => x.name === r.name);
    const w = forecastSku(edgewise, s.values, 12, SETTINGS, { timestamps: s.times.map((t) => t * 1000), events: cal.events, sku: r.name });
    assert.equal(r.model, w.fc.model, r.name);
    if (r.name === 'souvenirs') {
      assert.match(r.model, /\+ 1 regressors$/, r.name);
      assert.equal(r.cells[4], '7', r.name);
    } else {
      assert.doesNotMatch(r.model, /regressors/, r.name);
      assert.equal(w.options.events, undefined, r.name);
      assert.equal(r.cells[4], '', r.name);
    }
    assert.ok(near(r.next, w.fc.point[0]), `${r.name}: ${r.next} vs ${w.fc.point[0]}`);
    assert.ok(near(Number(r.mase), w.cv.mean.mase), `${r.name} MASE ${r.mase} vs ${w.cv.mean.mase}`);
  }
  assert.equal(rows.find((r) => r.name === 'souvenirs').cells[7], '1994-01');
  // No sale since April 2005: a dying SKU, forecast by TSB (whose demand probability decays).
  assert.equal(rows.find((r) => r.name === 'pbs_immune_sera').cells[2], 'dying');
  assert.equal(rows.find((r) => r.name === 'pbs_immune_sera').model, 'TSB'); // no regressor: the festival is not its event
  assert.match(await page.textContent('#sku-events-summary'), /· last run: 7 events placed, 0 ignored$/);
  // The inventory plan from the sample's stock, and the exports name the sample's files.
  await page.waitForSelector('#sku-panel[data-inventory="4"]');
  assert.match(await page.textContent('#inv-summary'), /^sku_stock\.csv \(sample, illustrative stock\): 4 SKUs planned at 95% service/);
  const fcs = await download('#sku-export-forecasts');
  assert.equal(fcs.name, 'sku_sales-forecasts.csv');
  const fcRows = csvRows(fcs.body.toString()).slice(1);
  assert.ok(fcRows.some((r) => r[0] === 'souvenirs' && r[2] === '1994-03' && r[8] === '7 of sku_events.csv (sample)'));
  assert.ok(fcRows.every((r) => (r[0] === 'souvenirs' ? r[8] === '7 of sku_events.csv (sample)' : r[8] === '' && !/regressors/.test(r[4]))));
  const bt = csvRows((await download('#sku-export-backtest')).body.toString());
  assert.deepEqual(bt.slice(1).map((r) => [r[0], r[bt[0].indexOf('events')]]).sort(), [
    ['a10_antidiabetic', ''], ['h02_corticosteroid', ''], ['pbs_immune_sera', ''], ['souvenirs', '7 of sku_events.csv (sample)'],
  ]);
  // A file of the user's replaces the sample's stock; the rest stays.
  await page.setInputFiles('#inv-file', { name: 'mystock.csv', mimeType: 'text/csv', buffer: Buffer.from('sku,stock\nsouvenirs,9000\n') });
  await page.waitForSelector('#sku-panel[data-inventory="1"]');
  assert.match(await page.textContent('#inv-summary'), /^mystock\.csv: 1 SKU planned/);
  assert.equal(await page.isHidden('#sku-sample-status'), true);
  assert.equal((await table()).length, 4);

  // The SKU names are checked again when the sales file is replaced: sales without souvenirs leave
  // the festival nothing to act on; the sample's sales again make it usable.
  await upload('drugs.csv', file('sku_sales.csv').split('\n').filter((l) => !l.startsWith('souvenirs,')).join('\n'));
  assert.equal(await page.$eval('#sku-panel', (p) => p.dataset.events), 'failed');
  assert.equal(await page.textContent('#sku-events-error'), 'sku_events.csv (sample): no usable events: 7 rows dropped (line 2: no SKU named "souvenirs" in the sales file)');
  await upload('sku_sales.csv', file('sku_sales.csv'));
  assert.equal(await page.$eval('#sku-panel', (p) => p.dataset.events), '7');
  assert.equal(await page.isHidden('#sku-events-error'), true);
  // A file with rows for every SKU, rows for one and a row for a SKU the sales lack (listed with its line).
  await uploadEvents('mixed.csv', 'name,date,product\nfestival,1992-03-15,souvenirs\nfestival,1993-03-15,souvenirs\neaster,1996-04-07,\neaster,1997-03-30,\npromo,2003-05-01,shampoo\n');
  assert.equal(await page.$eval('#sku-panel', (p) => p.dataset.events), '4');
  assert.equal(await page.textContent('#sku-events-summary'), 'mixed.csv: 4 events (2 names, 2 for a single SKU) read, 1 row dropped · used by the next forecast');
  assert.deepEqual(await page.$$eval('#sku-events-list li', (li) => li.map((l) => l.textContent)), ['line 6: no SKU named "shampoo" in the sales file (row dropped)']);
  await forecastAll();
  // Easter of 1996 and 1997 lies in the PBS histories, not in the souvenirs' (1987-1993): the drug series
  // take the two Easters, souvenirs its two festivals.
  const mixed = importEvents('name,date,product\nfestival,1992-03-15,souvenirs\nfestival,1993-03-15,souvenirs\neaster,1996-04-07,\neaster,1997-03-30,\n', Papa);
  for (const r of await table()) {
    const s = imp.series.find((x) => x.name === r.name);
    const w = forecastSku(edgewise, s.values, 12, SETTINGS, { timestamps: s.times.map((t) => t * 1000), events: mixed.events, sku: r.name });
    assert.equal(r.model, w.fc.model, r.name);
    assert.equal(r.cells[4], '2', r.name);
    assert.ok(near(r.next, w.fc.point[0]), `${r.name}: ${r.next} vs ${w.fc.point[0]}`);
  }
  assert.match(await page.textContent('#sku-events-summary'), /· last run: 4 events placed, 0 ignored$/);
  await page.click('#sku-events-clear');
});

test('no request left the page, and no error was logged', () => {
  assert.deepEqual(dash.problems, []);
  assert.ok(dash.requests.every((u) => u.startsWith(dash.base) || u.startsWith('blob:') || u.startsWith('data:')), dash.requests.join('\n'));
});
