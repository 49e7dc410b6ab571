// Unit tests of the dashboard's file import (www/ingest.js) and per-SKU rules (www/demand.js):
// fast, in Node, with the same Papa Parse the worker is served.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import Papa from 'papaparse';
import { importSales, importOrders, importStock, parseNumber, parseDate, inferFrequency, futurePeriods } from '../../www/ingest.js';
import { demandClass, skuOptions, nonNegative, backtestPlans } from '../../www/demand.js';
import { m3Monthly, longCsv, wideCsv } from './sales_files.mjs';

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
