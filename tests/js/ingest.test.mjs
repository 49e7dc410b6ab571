// Unit tests of the dashboard's file import (www/ingest.js) and per-SKU rules (www/demand.js):
// fast, in Node, with the same Papa Parse the worker is served.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import Papa from 'papaparse';
import { importSales, importOrders, importStock, importEvents, placeEvents, eventsFor, EVENT_LIMITS, parseNumber, parseDate, inferFrequency, futurePeriods } from '../../www/ingest.js';
import { demandClass, skuOptions, nonNegative, backtestPlans, forecastSku } from '../../www/demand.js';
import { loadEdgewise } from './load.mjs';
import { m3Monthly, longCsv, wideCsv, promoDaily } from './sales_files.mjs';

test('numbers: quoted thousands separators, decimal commas, and nothing else', () => {
  assert.equal(parseNumber('1,234'), 1234);
  assert.equal(parseNumber('1,234,567.5'), 1234567.5);
  assert.equal(parseNumber('12.5'), 12.5);
  assert.equal(parseNumber('-3e2'), -300);
  assert.equal(parseNumber('12,5', ','), 12.5);
  assert.equal(parseNumber('1.234,5', ','), 1234.5);
  assert.equal(parseNumber('1 234,5', ','), 1234.5);
  for (const bad of ['', '12,5', '1,23', 'abc', '12a', '1.2.3']) assert.ok(Number.isNaN(parseNumber(bad)), bad);
  assert.ok(Number.isNaN(parseNumber('1,2,3', ',')));
});

test('dates: ISO days, months, quarters, weeks, month names, day/month order', () => {
  assert.deepEqual(parseDate('2024-03-05'), { y: 2024, m: 3, d: 5, grain: 'day' });
  assert.deepEqual(parseDate('2024-03'), { y: 2024, m: 3, d: 1, grain: 'month' });
  assert.deepEqual(parseDate('2024-Q3'), { y: 2024, m: 7, d: 1, grain: 'quarter' });
  assert.deepEqual(parseDate('Q2 2024'), { y: 2024, m: 4, d: 1, grain: 'quarter' });
  assert.deepEqual(parseDate('Mar 2024'), { y: 2024, m: 3, d: 1, grain: 'month' });
  assert.deepEqual(parseDate('2024-W01'), { y: 2024, m: 1, d: 1, grain: 'week' });
  assert.deepEqual(parseDate('03/04/2024', 'dmy'), { y: 2024, m: 4, d: 3, grain: 'day' });
  assert.deepEqual(parseDate('03/04/2024', 'mdy'), { y: 2024, m: 3, d: 4, grain: 'day' });
  assert.equal(parseDate('2024-02-30'), null);
  assert.equal(parseDate('2024'), null);
  assert.deepEqual(parseDate('2024', 'dmy', true), { y: 2024, m: 1, d: 1, grain: 'year' });
  assert.equal(parseDate('m1'), null);
});

test('frequency from the median gap between dates', () => {
  const days = (list) => list.map((s) => parseDate(s));
  assert.equal(inferFrequency(days(['2024-01-01', '2024-01-02', '2024-01-03'])), 'daily');
  assert.equal(inferFrequency(days(['2024-01-01', '2024-01-08', '2024-01-15'])), 'weekly');
  assert.equal(inferFrequency(days(['2024-01', '2024-02', '2024-03'])), 'monthly');
  assert.equal(inferFrequency(days(['2024-Q1', '2024-Q2', '2024-Q3'])), 'quarterly');
  assert.equal(inferFrequency(days(['2020-01-01', '2021-01-01', '2022-01-01'])), 'yearly');
  assert.equal(inferFrequency(days(['2024-01-01', '2024-01-04', '2024-01-07'])), null);
});

test('long layout from M3: one series per SKU, dates and monthly frequency inferred', () => {
  const series = m3Monthly(3, 36);
  const out = importSales(longCsv(series), Papa);
  assert.equal(out.mapping.layout, 'long');
  assert.deepEqual([out.mapping.sku, out.mapping.date, out.mapping.value], [0, 1, 2]);
  assert.equal(out.frequency, 'monthly');
  assert.equal(out.seasonLength, 12);
  assert.deepEqual(out.series.map((s) => s.name), series.map((s) => s.name));
  out.series.forEach((s, i) => assert.deepEqual(s.values, series[i].values));
  assert.equal(out.series[0].periods[0], '2015-01');
  assert.equal(out.series[0].dates[35], '2017-12-01');
  assert.deepEqual(futurePeriods(out.series[0].next, 'monthly', 2).map((p) => p.label), ['2018-01', '2018-02']);
  assert.equal(out.issues.droppedCount, 0);
});

test('wide layout from M3: every value column is a SKU, not only the last', () => {
  const series = m3Monthly(3, 36);
  const out = importSales(wideCsv(series), Papa);
  assert.equal(out.mapping.layout, 'wide');
  assert.deepEqual(out.mapping.values, [1, 2, 3]);
  assert.deepEqual(out.series.map((s) => s.name), series.map((s) => s.name));
  out.series.forEach((s, i) => assert.deepEqual(s.values, series[i].values));
});

test('headers: SKU names that look like numbers, and files without a header', () => {
  const wide = importSales('month,101,102\n2024-01,1,2\n2024-02,3,x\n2024-03,5,6\n', Papa);
  assert.equal(wide.mapping.hasHeader, true);
  assert.deepEqual(wide.series.map((s) => [s.name, s.values]), [['101', [1, 3, 5]], ['102', [2, 0, 6]]]);
  assert.deepEqual(wide.issues.dropped, [{ line: 3, reason: '"x" in 102 is not a number', what: 'value' }]);
  const bare = importSales('A,2024-01,5\nA,2024-02,6\nB,2024-01,7\nB,2024-02,8\n', Papa);
  assert.equal(bare.mapping.hasHeader, false);
  assert.equal(bare.mapping.layout, 'long');
  assert.deepEqual(bare.series.map((s) => s.values), [[5, 6], [7, 8]]);
  const single = importSales('112\n118\n132\n', Papa);
  assert.equal(single.frequency, null);
  assert.deepEqual(single.series[0].values, [112, 118, 132]);
});

test('the mapping can be overridden: layout, columns, frequency', () => {
  const csv = 'week,store,sales,price\n2024-01-01,a,5,1.5\n2024-01-08,a,6,1.5\n2024-01-01,b,7,2\n2024-01-08,b,8,2\n';
  const auto = importSales(csv, Papa);
  assert.equal(auto.frequency, 'weekly');
  assert.equal(auto.mapping.value, 2); // "sales" by name, not the last numeric column
  const price = importSales(csv, Papa, { value: 3 });
  assert.deepEqual(price.series.map((s) => s.values), [[1.5, 1.5], [2, 2]]);
  const wide = importSales(csv, Papa, { layout: 'wide', values: [2] });
  assert.equal(wide.series.length, 1);
  assert.equal(wide.issues.duplicateCount, 2); // two stores per week, summed and reported
});

test('quoted thousands separators and decimal commas in ;-separated files', () => {
  const a = importSales('month,units\n2024-01,"1,234"\n2024-02,"2,345.5"\n2024-03,17\n', Papa);
  assert.deepEqual(a.series[0].values, [1234, 2345.5, 17]);
  const b = importSales('month;units\n2024-01;12,5\n2024-02;"1.013,25"\n2024-03;9\n', Papa);
  assert.equal(b.mapping.delimiter, ';');
  assert.equal(b.mapping.decimal, ',');
  assert.deepEqual(b.series[0].values, [12.5, 1013.25, 9]);
});

test('bad rows are dropped with their line numbers; gaps and duplicates are reported', () => {
  const csv = [
    'sku,date,units', 'A,2024-01-01,5', 'A,2024-02-01,x', 'A,2024-04-01,7', 'A,someday,3',
    'B,2024-01-01,1,234', 'B,2024-01-01,2', 'B,2024-01-01,3', '"B",2024-02-01,"4"',
  ].join('\r\n');
  const out = importSales(csv, Papa);
  assert.equal(out.frequency, 'monthly');
  assert.equal(out.issues.droppedCount, 3);
  assert.deepEqual(out.issues.dropped.map((d) => d.line), [3, 5, 6]);
  assert.match(out.issues.dropped[0].reason, /"x" in units is not a number/);
  assert.match(out.issues.dropped[1].reason, /"someday" in date is not a date/);
  assert.match(out.issues.dropped[2].reason, /4 fields where the header has 3 .*"1,234"/);
  assert.deepEqual(out.issues.duplicates, [{ sku: 'B', period: '2024-01', lines: [7, 8] }]);
  assert.deepEqual(out.issues.gaps, [{ sku: 'A', count: 2, first: '2024-02' }]);
  assert.deepEqual(out.series.find((s) => s.name === 'A').values, [5, 0, 0, 7]);
  assert.deepEqual(out.series.find((s) => s.name === 'B').values, [5, 4]);
});

test('a quoted field spanning lines keeps the line numbers of the rows after it right', () => {
  const out = importSales('sku,month,units\n"A\nB",2024-01,1\nC,2024-01,2\nC,2024-02,bad\n', Papa);
  assert.deepEqual(out.issues.dropped, [{ line: 5, reason: '"bad" in units is not a number' }]);
});

test('order logs: documented headers, ids kept as strings, bad rows line-numbered', () => {
  const csv = 'Order ID,Customer ID,Order Date,Order Total\n1,1,2024-01-05,"1,200.50"\n2,A,2024-01-06,30\n3,1,2024-02-01,20\n4,01,2024-02-03,5\n5,B,not a date,5\n';
  const out = importOrders(csv, Papa);
  assert.deepEqual(out.ids, ['01', '1', 'A']);
  assert.deepEqual(out.customers, [1, 2, 1, 0]);
  assert.deepEqual(out.amounts, [1200.5, 30, 20, 5]);
  assert.equal(out.unit, 'ms');
  assert.equal(out.timestamps[0], Date.UTC(2024, 0, 5));
  assert.deepEqual(out.issues.dropped, [{ line: 6, reason: '"not a date" in Order Date is not a date' }]);
  assert.throws(() => importOrders('who,when,what\n1,2,3\n', Papa), /no customer id column: .*accepted: customer, customerid/);
  const eu = importOrders('Kunde;Customer;Date;Amount\nx;7;05.01.2024;12,50\nx;8;13.01.2024;1.000,25\n', Papa);
  assert.deepEqual(eu.amounts, [12.5, 1000.25]);
  assert.deepEqual(eu.timestamps, [Date.UTC(2024, 0, 5), Date.UTC(2024, 0, 13)]);
});

test('stock files join by SKU with optional lead time and cost', () => {
  const out = importStock('SKU,Stock on hand,Lead time,Unit cost\nA,10,2,3.5\nB,-1,2,1\nC,5,,\nA,3,1,1\n', Papa);
  assert.deepEqual([...out.rows.keys()], ['A', 'C']);
  assert.deepEqual(out.rows.get('C'), { stock: 5, leadTime: null, cost: null, line: 4 });
  assert.deepEqual(out.issues.dropped.map((d) => d.line), [3, 5]);
});

test('demand classes route intermittent SKUs to the Croston family', () => {
  assert.equal(demandClass([5, 6, 5, 7, 6, 5]).model, null);
  assert.equal(demandClass([0, 3, 0, 0, 3, 0, 3, 0, 0, 3]).model, 'croston');
  assert.equal(demandClass([0, 1, 0, 0, 20, 0, 2, 0, 0, 9]).model, 'sba');
  assert.equal(demandClass([3, 3, 3, 3, 0, 0, 0, 0, 0, 0, 0, 0, 0]).model, 'tsb');
  assert.equal(skuOptions([0, 3, 0, 0, 3, 0, 3, 0, 0, 3]).options.model, 'croston');
});

test('season length: chosen, else detected, else the frequency with two seasons of data', () => {
  const v = Array(36).fill(1);
  assert.equal(skuOptions(v, { frequencySeason: 12, detected: 1 }).options.seasonLength, 12);
  assert.equal(skuOptions(v.slice(0, 20), { frequencySeason: 12, detected: 1 }).options.seasonLength, 1);
  assert.equal(skuOptions(v, { frequencySeason: 12, detected: 6 }).options.seasonLength, 6);
  assert.equal(skuOptions(v, { frequencySeason: 12, detected: 6, seasonLength: 4 }).options.seasonLength, 4);
  assert.deepEqual(backtestPlans(36, 12)[0], { horizon: 6, windows: 3 });
});

test('the nonNegative option is set only where the history is non-negative', () => {
  assert.equal(nonNegative([0, 1, 3.5]), true);
  assert.equal(nonNegative([-2, 1]), false);
});

test('batch clamp: only the non-negative series of a forecastBatch result, every level', async () => {
  const { clampBatchNonNegative } = await import('../../www/demand.js');
  const out = { horizon: 2, levels: [0.8, 0.95], point: new Float64Array([-1, 1, -1, 1]), lower: new Float64Array([-2, 0, -3, 0, -2, 0, -3, 0]), upper: new Float64Array(8).fill(1) };
  assert.equal(clampBatchNonNegative(out, [[0, 1], [-1, 1]]), 1);
  assert.deepEqual([...out.point], [0, 1, -1, 1]);
  assert.deepEqual([...out.lower], [0, 0, 0, 0, -2, 0, -3, 0]);
});

// ------------------------------------------------------------------------------------ events

test('events files: name, date and the window fields of ForecastEvent, ISO and day/month dates', () => {
  const out = importEvents('Event;Date;Days before;After\nchristmas;25/12/2023;7;\nblack friday;24/11/2023;0;3\r\n"promo, spring";2024-03-04;;\n', Papa);
  assert.deepEqual(out.events, [
    { name: 'christmas', date: '2023-12-25', before: 7, after: 0, sku: null, line: 2 },
    { name: 'black friday', date: '2023-11-24', before: 0, after: 3, sku: null, line: 3 },
    { name: 'promo, spring', date: '2024-03-04', before: 0, after: 0, sku: null, line: 4 },
  ]);
  assert.equal(out.issues.droppedCount, 0);
  assert.deepEqual(out.columns, { name: 'Event', date: 'Date', before: 'Days before', after: 'After', sku: null });
  assert.equal(out.dateOrder, 'dmy');
  // Month first where a second number above 12 says so; when nothing tells, the sales file's order.
  assert.equal(importEvents('name,date\nx,12/25/2023\n', Papa).events[0].date, '2023-12-25');
  assert.equal(importEvents('name,date\nx,03/04/2024\n', Papa, { dateOrder: 'dmy' }).events[0].date, '2024-04-03');
  assert.equal(importEvents('name,date\nx,03/04/2024\n', Papa, { dateOrder: 'mdy' }).events[0].date, '2024-03-04');
  // Prophet's holiday table: lower_window is minus the days before.
  assert.deepEqual(importEvents('holiday,ds,lower_window,upper_window\nxmas,2023-12-25,-2,1\n', Papa).events[0], { name: 'xmas', date: '2023-12-25', before: 2, after: 1, sku: null, line: 2 });
  // No header: name,date from the first line.
  assert.deepEqual(importEvents('xmas,2023-12-25\nnew year,2024-01-01\n', Papa).events.map((e) => [e.name, e.date, e.line]), [['xmas', '2023-12-25', 1], ['new year', '2024-01-01', 2]]);
});

test('events files: each bad row listed by line and reason, the rest kept', () => {
  const csv = [
    'name,date,before,after',
    'ok,2023-12-25,1,1',
    ',2023-12-25,0,0',
    'x,someday,0,0',
    'x,2023-12,0,0',
    'x,2023-02-30,0,0',
    'x,2023-12-26,-1,0',
    'x,2023-12-27,0,1.5',
    'x,2023-12-28,0,400',
    'x,2023-12-29,0,0,9',
    'ok,2023-12-25,0,0',
    `${'n'.repeat(65)},2023-12-25,0,0`,
  ].join('\n');
  const out = importEvents(csv, Papa);
  assert.deepEqual(out.events.map((e) => e.line), [2]);
  assert.equal(out.issues.droppedCount, 10);
  assert.deepEqual(out.issues.dropped.map((d) => [d.line, d.reason]), [
    [3, 'empty name'],
    [4, '"someday" in date is not a date'],
    [5, '"2023-12" in date is a month, not a day'],
    [6, '"2023-02-30" in date is not a date'],
    [7, '"-1" in before is not a whole number of days in [0, 366]'],
    [8, '"1.5" in after is not a whole number of days in [0, 366]'],
    [9, '"400" in after is not a whole number of days in [0, 366]'],
    [10, '5 fields where the header has 4'],
    [11, 'ok on 2023-12-25 is already on line 2'],
    [12, 'the name is 65 characters long (at most 64)'],
  ]);
  assert.throws(() => importEvents('holiday,ds,lower_window\nx,2023-12-25,3\n', Papa), /line 2: "3" in lower_window is not a number of days in \[-366, 0\]/);
});

test('events files: empty, header only, garbage, nothing usable: one clear message each', () => {
  assert.throws(() => importEvents('', Papa), /^Error: the events file is empty: expected a header line \(name,date\[,before,after,sku\]\)/);
  assert.throws(() => importEvents('\n\n  \n', Papa), /the events file is empty/);
  assert.throws(() => importEvents('name,date\n', Papa), /^Error: the events file has a header but no events$/);
  assert.throws(() => importEvents('sku,month,units\nA,2024-01,5\n', Papa), /^Error: not an events file: expected a header with a name column \(name, event,.*\) and a date column \(date, .*\), optionally before and after \(days\) and sku \(the one SKU it acts on\); its first line has "sku", "month", "units"$/);
  assert.throws(() => importEvents('\u0000\u0001garbage', Papa), /not an events file/);
  assert.throws(() => importEvents('name,date\nx,never\ny,\n', Papa), /^Error: no usable events: 2 rows dropped \(line 2: "never" in date is not a date\)$/);
});

test('event placement: counted per series, ignored events said why, as the module places them', async () => {
  const imp = importSales('sku,month,units\n' + ['A', 'B'].flatMap((k, j) => Array.from({ length: 24 }, (_, i) => `${k},${futureMonth(i + 12 * j)},${i}`)).join('\n'), Papa);
  // A: 2020-01..2021-12, horizon 2022-01..2022-06; B: 2021-01..2022-12, horizon to 2023-06.
  const ev = (name, date, before = 0, after = 0) => ({ name, date, before, after, line: 0 });
  const events = [ev('xmas', '2020-12-25'), ev('xmas', '2022-12-25'), ev('spring', '2023-03-01'), ev('far', '2030-01-01'), ev('edge', '2019-12-31', 0, 1)];
  events.forEach((e, i) => { e.line = i + 2; });
  const p = placeEvents(events, imp.series, imp.frequency, 6);
  // A: xmas 2020 (history); xmas 2022 is outside A's horizon; edge's day after (2020-01-01) is in its history.
  // B: xmas 2022 (history; xmas 2020 is before B starts).
  assert.deepEqual(p.used, [2, 1]);
  assert.equal(p.placed, 3);
  assert.deepEqual(p.ignored.map((e) => [e.line, e.reason]), [
    [4, 'only in a forecast horizon: no event of that name in any history to learn its effect from'],
    [5, "outside every series' dates and horizon"],
  ]);
  // The module's regressor columns agree: A has xmas and edge+1, B xmas.
  const edgewise = await loadEdgewise();
  const cols = imp.series.map((x) => edgewise.forecast(Float64Array.from(x.values), 6, {
    model: 'naive', timestamps: Float64Array.from(x.times, (t) => t * 1000), events: events.map(({ line, ...e }) => e),
  }).model);
  assert.deepEqual(cols, ['Naive + 2 regressors', 'Naive + 1 regressors']);
});

function futureMonth(i) {
  return `${2020 + Math.floor(i / 12)}-${String((i % 12) + 1).padStart(2, '0')}`;
}

test('forecastSku with events equals forecast called directly, and the events move it', async () => {
  const edgewise = await loadEdgewise();
  // Daily sales with a weekly pattern and a promotion that lifts sales on its day and the day
  // after, every 5 weeks; the 17th promotion falls in the horizon.
  const n = 560;
  const { start, values, promoDays, iso, day } = promoDaily(n, 17);
  const csv = 'date,units\n' + values.map((v, i) => `${iso(start + i * day)},${v.toFixed(3)}`).join('\n');
  const imp = importSales(csv, Papa);
  assert.equal(imp.frequency, 'daily');
  const cal = importEvents('name,date,after\n' + promoDays.map((t) => `promo,${iso(t)},1`).join('\n'), Papa);
  assert.equal(cal.events.length, 17);
  const s = imp.series[0];
  const timestamps = s.times.map((t) => t * 1000);
  const settings = { model: 'auto', seasonLength: null, seed: 1, level: 0.95, frequencySeason: imp.seasonLength };
  const horizon = 14;
  const withEvents = forecastSku(edgewise, s.values, horizon, settings, { timestamps, events: cal.events });
  const plain = forecastSku(edgewise, s.values, horizon, settings);
  // Directly: the same options, timestamps and events.
  const events = cal.events.map(({ name, date, after }) => ({ name, date, after }));
  const direct = edgewise.forecast(Float64Array.from(s.values), horizon, { model: 'autoETS', seasonLength: 7, levels: [0.95], seed: 1, nonNegative: true, timestamps: Float64Array.from(timestamps), events });
  assert.equal(withEvents.fc.model, direct.model);
  assert.match(direct.model, /\+ 2 regressors$/);
  for (let h = 0; h < horizon; h++) {
    assert.ok(Math.abs(withEvents.fc.point[h] - direct.point[h]) <= 1e-9, `step ${h}`);
    assert.ok(Math.abs(withEvents.fc.upper[0][h] - direct.upper[0][h]) <= 1e-9, `upper ${h}`);
  }
  const directCv = edgewise.crossValidation(Float64Array.from(s.values), { ...withEvents.options, ...backtestPlans(n, horizon)[0] });
  assert.ok(Math.abs(withEvents.cv.mean.mase - directCv.mean.mase) <= 1e-9);
  assert.match(withEvents.cv.model, /regressors/);
  // The next promotion (days 563 and 564 from the start) falls in the horizon: the events lift it.
  const next = 3 + 35 * 16 - n;
  assert.ok(next >= 0 && next + 1 < horizon, `promo step ${next}`);
  assert.ok(withEvents.fc.point[next] - plain.fc.point[next] > 40, `with events ${withEvents.fc.point[next]}, without ${plain.fc.point[next]}`);
  assert.doesNotMatch(plain.fc.model, /regressors/);
  // And the backtest knows the promotions: a lower error than without them.
  assert.ok(withEvents.cv.mean.mae < plain.cv.mean.mae, `${withEvents.cv.mean.mae} vs ${plain.cv.mean.mae}`);
  // The panel's count: the 16 promotions of the history act on this SKU, and the one in the horizon too.
  assert.deepEqual(placeEvents(cal.events, imp.series, imp.frequency, horizon).used, [17]);
});

// ------------------------------------------------------------------------------------ the bundled sample

/** A bundled file of www/data. */
const file = (f) => readFileSync(new URL(`../../www/data/${f}`, import.meta.url), 'utf8');

test('the SKU sample (www/data, scripts/make_sku_sample.py) reads as a user file: real months, no issues', () => {
  const imp = importSales(file('sku_sales.csv'), Papa);
  assert.equal(imp.frequency, 'monthly');
  assert.equal(imp.mapping.layout, 'long');
  assert.deepEqual(imp.issues, { dropped: [], droppedCount: 0, duplicates: [], duplicateCount: 0, gaps: [] });
  assert.deepEqual(imp.series.map((s) => [s.name, s.periods[0], s.periods.at(-1), s.values.length]), [
    ['a10_antidiabetic', '1991-07', '2008-06', 204],
    ['h02_corticosteroid', '1991-07', '2008-06', 204],
    ['pbs_immune_sera', '1991-07', '2008-06', 204],
    ['souvenirs', '1987-01', '1993-12', 84],
  ]);
  // The published values, first and last (the decimal-year timestamps of the PBS series read as months).
  const by = new Map(imp.series.map((s) => [s.name, s.values]));
  assert.deepEqual([by.get('a10_antidiabetic')[0], by.get('a10_antidiabetic').at(-1)], [3.526591, 19.43174]);
  assert.deepEqual([by.get('souvenirs')[0], by.get('souvenirs').at(-1)], [1664.81, 104660.67]);
  const cal = importEvents(file('sku_events.csv'), Papa);
  assert.deepEqual(cal.issues, { dropped: [], droppedCount: 0 });
  assert.equal(cal.events.length, 7);
  assert.deepEqual(cal.events.map((e) => e.date.slice(0, 7)), ['1988-03', '1989-03', '1990-03', '1991-03', '1992-03', '1993-03', '1994-03']);
  assert.ok(cal.events.every((e) => e.name === 'surfing festival' && e.before === 0 && e.after === 0 && e.sku === 'souvenirs'));
  // Checked against the sales' SKUs: the same events, nothing dropped.
  assert.deepEqual(importEvents(file('sku_events.csv'), Papa, { skus: imp.series.map((s) => s.name) }), cal);
  // The festival is the shop's: every one acts on souvenirs (1994 in its 12-month horizon), none on
  // the PBS series (whose histories hold the March 1992-1994 festivals).
  assert.deepEqual(placeEvents(cal.events, imp.series, imp.frequency, 12), { used: [0, 0, 0, 7], placed: 7, ignored: [] });
  const stock = importStock(file('sku_stock.csv'), Papa);
  assert.deepEqual(stock.issues, { dropped: [], droppedCount: 0 });
  assert.deepEqual([...stock.rows.keys()], imp.series.map((s) => s.name));
  assert.ok([...stock.rows.values()].every((r) => r.stock > 0 && r.leadTime >= 1));
});

test('the SKU sample: the surfing festival lifts the souvenirs March forecast and lowers its backtest MASE', async () => {
  const edgewise = await loadEdgewise();
  const imp = importSales(file('sku_sales.csv'), Papa);
  const cal = importEvents(file('sku_events.csv'), Papa);
  const s = imp.series.find((x) => x.name === 'souvenirs');
  const settings = { model: 'auto', seasonLength: null, seed: 1, level: 0.95, frequencySeason: imp.seasonLength };
  const withEvents = forecastSku(edgewise, s.values, 12, settings, { timestamps: s.times.map((t) => t * 1000), events: cal.events });
  const plain = forecastSku(edgewise, s.values, 12, settings);
  assert.match(withEvents.fc.model, /\+ 1 regressors$/);
  assert.doesNotMatch(plain.fc.model, /regressors/);
  // Step 3 is March 1994, the festival of the horizon.
  const march = futurePeriods(s.next, imp.frequency, 12).findIndex((p) => p.label === '1994-03');
  assert.equal(march, 2);
  assert.ok(withEvents.fc.point[march] > plain.fc.point[march] * 1.03, `${withEvents.fc.point[march]} vs ${plain.fc.point[march]}`);
  assert.ok(withEvents.cv.mean.mase < plain.cv.mean.mase, `MASE ${withEvents.cv.mean.mase} with the festival vs ${plain.cv.mean.mase} without`);
});

test('the SKU sample: an intermittent SKU (TSB) takes events whose effect exceeds some of its months', async () => {
  const edgewise = await loadEdgewise();
  const imp = importSales(file('sku_sales.csv'), Papa);
  const cal = importEvents('name,date\nEaster,2001-04-15\nEaster,2002-03-31\n', Papa);
  const s = imp.series.find((x) => x.name === 'pbs_immune_sera');
  const settings = { model: 'auto', seasonLength: null, seed: 1, level: 0.95, frequencySeason: imp.seasonLength };
  // It failed with "expected non-negative demand quantities": TSB was handed the series less the
  // events' effect, negative in some months.
  const r = forecastSku(edgewise, s.values, 12, settings, { timestamps: s.times.map((t) => t * 1000), events: cal.events });
  assert.match(r.fc.model, /^TSB \+ 1 regressors$/);
  assert.ok(r.fc.point.every((v) => Number.isFinite(v) && v >= 0), `${r.fc.point}`);
});

test("the events import's limits are the module's (src/limits.rs, src/forecast/events.rs)", () => {
  const rust = (f) => readFileSync(new URL(`../../src/${f}`, import.meta.url), 'utf8');
  const constant = (text, name) => {
    const m = text.match(new RegExp(`pub const ${name}: usize = ([^;]+);`));
    assert.ok(m, name);
    return Function(`return ${m[1].replace(/_/g, '')}`)();
  };
  const limits = rust('limits.rs');
  assert.equal(EVENT_LIMITS.events, constant(limits, 'MAX_EVENTS'));
  assert.equal(EVENT_LIMITS.window, constant(limits, 'MAX_EVENT_WINDOW'));
  assert.equal(EVENT_LIMITS.days, constant(limits, 'MAX_EVENT_DAYS'));
  assert.match(rust('forecast/events.rs'), new RegExp(`name\\.chars\\(\\)\\.count\\(\\) > ${EVENT_LIMITS.nameChars} `));
});

// ------------------------------------------------------------------------------------ events per SKU

test('events per SKU: a sku column (sales synonyms such as item) limits a row to one SKU, the rest act on every SKU', async () => {
  const imp = importSales('sku,month,units\n' + ['A', 'B'].flatMap((k, j) => Array.from({ length: 24 }, (_, i) => `${k},${futureMonth(i + 12 * j)},${i}`)).join('\n'), Papa);
  const skus = imp.series.map((s) => s.name);
  // A: 2020-01..2021-12, horizon 2022-01..2022-06; B: 2021-01..2022-12, horizon to 2023-06.
  const csv = [
    'event,date,item',
    'xmas,2020-12-25,', // 2: every SKU (in A's history only)
    'promo,2021-06-10,A', // 3
    'promo,2021-06-10,B', // 4: the same promotion name and day for another SKU: its own row
    'promo,2022-06-10,B', // 5
    'promo,2021-06-10,C', // 6: no such SKU
    'xmas,2020-12-25,A', // 7: already on line 2 (which acts on every SKU)
    'promo,2021-06-10,A', // 8: already on line 3 for A
    'flash,2021-03-03,A', // 9
    'launch,2023-02-01,B', // 10: only in B's horizon
    'old,2010-01-01,A', // 11: outside A's dates
  ].join('\n');
  const out = importEvents(csv, Papa, { skus });
  assert.equal(out.columns.sku, 'item');
  assert.deepEqual(out.events.map((e) => [e.line, e.name, e.sku]), [
    [2, 'xmas', null], [3, 'promo', 'A'], [4, 'promo', 'B'], [5, 'promo', 'B'], [9, 'flash', 'A'], [10, 'launch', 'B'], [11, 'old', 'A'],
  ]);
  assert.deepEqual(out.issues.dropped.map((d) => [d.line, d.reason]), [
    [6, 'no SKU named "C" in the sales file'],
    [7, 'xmas on 2020-12-25 is already on line 2'],
    [8, 'promo on 2021-06-10 for A is already on line 3'],
  ]);
  assert.equal(out.issues.droppedCount, 3);
  // Per-SKU placement: A takes xmas, its promo and flash; B its two promos (and launch, only in its horizon, is ignored).
  const p = placeEvents(out.events, imp.series, imp.frequency, 6);
  assert.deepEqual(p.used, [3, 2]);
  assert.equal(p.placed, 5);
  assert.deepEqual(p.ignored.map((e) => [e.line, e.reason]), [
    [10, 'only in the forecast horizon of B: no event of that name in its history to learn its effect from'],
    [11, 'outside the dates and horizon of A'],
  ]);
  // The counts are those of each SKU's own calendar placed alone.
  imp.series.forEach((s, i) => assert.equal(placeEvents(eventsFor(out.events, s.name), [s], imp.frequency, 6).used[0], p.used[i]));
  assert.deepEqual(eventsFor(out.events, 'B').map((e) => e.line), [2, 4, 5, 10]);
  // The module agrees: A has the regressors xmas, promo and flash, B promo only.
  const edgewise = await loadEdgewise();
  const cols = imp.series.map((x) => edgewise.forecast(Float64Array.from(x.values), 6, {
    model: 'naive', timestamps: Float64Array.from(x.times, (t) => t * 1000), events: eventsFor(out.events, x.name).map(({ name, date, before, after }) => ({ name, date, before, after })),
  }).model);
  assert.deepEqual(cols, ['Naive + 3 regressors', 'Naive + 1 regressors']);
  // Without the sales' SKU names the row of C is kept, and placement says why it acts on nothing.
  const unchecked = importEvents(csv, Papa);
  assert.deepEqual(unchecked.issues.dropped.map((d) => d.line), [7, 8]);
  assert.deepEqual(placeEvents(unchecked.events, imp.series, imp.frequency, 6).ignored.map((e) => [e.line, e.reason]).slice(0, 1), [[6, 'no SKU named "C" in the sales file']]);
  // Header synonyms of the sales file's SKU column; `name`, `id` and `code` are not a SKU column.
  for (const h of ['sku', 'SKU ID', 'product', 'item_id', 'series']) assert.equal(importEvents(`name,date,${h}\nx,2021-06-10,A\n`, Papa).events[0].sku, 'A', h);
  for (const h of ['id', 'code']) assert.equal(importEvents(`name,date,${h}\nx,2021-06-10,A\n`, Papa).events[0].sku, null, h);
  // Without a header: name,date,before,after,sku.
  assert.deepEqual(importEvents('promo,2021-06-10,0,1,A\nxmas,2020-12-25\n', Papa, { skus }).events.map((e) => [e.name, e.after, e.sku]), [['promo', 1, 'A'], ['xmas', 0, null]]);
  // Prophet's layout has no sku column: every event acts on every SKU.
  const prophet = importEvents('holiday,ds,lower_window,upper_window\nxmas,2020-12-25,-1,0\nxmas,2021-12-25,-1,0\n', Papa, { skus });
  assert.deepEqual(prophet.events.map((e) => [e.date, e.before, e.sku]), [['2020-12-25', 1, null], ['2021-12-25', 1, null]]);
  assert.deepEqual(prophet.issues, { dropped: [], droppedCount: 0 });
  assert.deepEqual(placeEvents(prophet.events, imp.series, imp.frequency, 6).used, [2, 1]); // B starts in 2021
  // Only rows naming unknown SKUs: nothing usable, said with the first line.
  assert.throws(() => importEvents('name,date,sku\nx,2021-06-10,Z\n', Papa, { skus }), /^Error: no usable events: 1 rows dropped \(line 2: no SKU named "Z" in the sales file\)$/);
});

test('forecastSku with a SKU takes the events for every SKU and its own: equal to forecast called with those only', async () => {
  const edgewise = await loadEdgewise();
  const n = 560;
  const { start, values, promoDays, iso, day } = promoDaily(n, 17);
  // P has the promotions; Q the same sales without them; a holiday for both, three times.
  const plainValues = values.map((v, i) => (promoDays.some((t) => t === start + i * day || t + day === start + i * day) ? v - 60 : v));
  const csv = 'sku,date,units\n' + [['P', values], ['Q', plainValues]].flatMap(([k, v]) => v.map((x, i) => `${k},${iso(start + i * day)},${x.toFixed(3)}`)).join('\n');
  const imp = importSales(csv, Papa);
  const holidays = [100, 200, 300].map((d) => `holiday,${iso(start + d * day)},0,,`);
  const cal = importEvents(['name,date,before,after,sku', ...holidays, ...promoDays.map((t) => `promo,${iso(t)},0,1,P`)].join('\n'), Papa, { skus: ['P', 'Q'] });
  assert.equal(cal.events.length, 20);
  const settings = { model: 'auto', seasonLength: null, seed: 1, level: 0.95, frequencySeason: imp.seasonLength };
  const horizon = 14;
  const strip = (evs) => evs.map(({ name, date, before, after }) => ({ name, date, before, after }));
  for (const [sku, count, regressors] of [['P', 20, 3], ['Q', 3, 1]]) {
    const s = imp.series.find((x) => x.name === sku);
    const timestamps = s.times.map((t) => t * 1000);
    const mine = cal.events.filter((e) => e.sku === null || e.sku === sku);
    assert.equal(mine.length, count);
    const r = forecastSku(edgewise, s.values, horizon, settings, { timestamps, events: cal.events, sku });
    assert.deepEqual(r.options.events, strip(mine));
    const direct = edgewise.forecast(Float64Array.from(s.values), horizon, { ...r.options, timestamps: Float64Array.from(timestamps), events: strip(mine) });
    assert.equal(r.fc.model, direct.model, sku);
    assert.match(direct.model, new RegExp(`\\+ ${regressors} regressors$`));
    for (let h = 0; h < horizon; h++) assert.ok(Math.abs(r.fc.point[h] - direct.point[h]) <= 1e-9, `${sku} step ${h}`);
    // Every event of the file (no sku given) is another forecast for Q: P's promotions too.
    if (sku === 'Q') assert.match(forecastSku(edgewise, s.values, horizon, settings, { timestamps, events: cal.events }).fc.model, /\+ 3 regressors$/);
  }
  // A SKU that no event acts on is forecast without a calendar, as with none.
  const only = importEvents(promoDays.map((t) => `promo,${iso(t)},0,1,P`).join('\n'), Papa);
  const q = imp.series.find((x) => x.name === 'Q');
  const r = forecastSku(edgewise, q.values, horizon, settings, { timestamps: q.times.map((t) => t * 1000), events: only.events, sku: 'Q' });
  const plain = forecastSku(edgewise, q.values, horizon, settings);
  assert.equal(r.options.events, undefined);
  assert.equal(r.options.timestamps, undefined);
  assert.equal(r.fc.model, plain.fc.model);
  assert.deepEqual(Array.from(r.fc.point), Array.from(plain.fc.point));
});
