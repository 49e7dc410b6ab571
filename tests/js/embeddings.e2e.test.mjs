// End-to-end: the Embeddings panel trains item embeddings from the bundled order lines in the
// page's worker, one sweep at a time with progress, and ranks a customer's recommendations; the
// losses and the top 10 equal a direct call of the module in Node on the same lines and options.
// Then an uploaded file with a bad quantity reports the dropped line, and one without an item
// column fails with a message naming the columns.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import Papa from 'papaparse';
import { openDashboard } from './browser.mjs';
import { loadEdgewise, root } from './load.mjs';
import { importOrderLines } from '../../www/order_lines.js';

let dash;
const ew = await loadEdgewise();

before(async () => {
  dash = await openDashboard({ panel: 'embeddings' });
  await dash.page.waitForSelector('#panel-embeddings[data-state="loaded"]');
});
after(async () => dash?.close());

test('train from the bundled order lines with progress, then rank: equal to the module in Node', async () => {
  const { page } = dash;
  assert.match(await page.textContent('#em-summary'), /9723 order lines of 1200 customers and 120 items/);
  await page.fill('#em-factors', '8');
  await page.fill('#em-iters', '4');
  await page.fill('#em-seed', '7');
  await page.click('#em-train');
  await page.waitForSelector('#panel-embeddings[data-state="trained"]', { timeout: 60_000 });
  assert.equal(await page.getAttribute('#em-progress', 'value'), '4');
  const losses = await page.$$eval('#em-losses tbody tr td:nth-child(2)', (tds) => tds.map((td) => Number(td.textContent)));
  assert.equal(losses.length, 4);

  const lines = importOrderLines(readFileSync(`${root}www/data/order_lines.csv`, 'utf8'), Papa);
  const t = ew.AlsTrainer.fromOrders({ customers: lines.customers, items: lines.items, quantities: lines.quantities }, { factors: 8, regularization: 1, alpha: 1, seed: 7 });
  const want = Array.from({ length: 4 }, () => t.step());
  want.forEach((l, i) => assert.equal(losses[i], Number(l.toPrecision(6))));
  assert.ok(want.every((l, i) => i === 0 || l <= want[i - 1]));

  const customer = await page.getAttribute('#panel-embeddings', 'data-customer');
  const shown = await page.$$eval('#em-table tbody tr', (trs) => trs.map((tr) => tr.dataset.item));
  const store = t.itemStore();
  const bought = lines.items.filter((_, j) => lines.customers[j] === customer);
  const direct = ew.rank(store, t.userVector(customer), { k: 10, rules: { exclude: bought } });
  assert.deepEqual(shown, direct.ids);
  assert.ok(shown.every((id) => !bought.includes(id)));

  // Another customer: the table follows the select.
  const other = t.userIds()[5];
  await page.selectOption('#em-customer', other);
  await page.waitForSelector(`#panel-embeddings[data-customer="${other}"]`);
  const shown2 = await page.$$eval('#em-table tbody tr', (trs) => trs.map((tr) => tr.dataset.item));
  const bought2 = lines.items.filter((_, j) => lines.customers[j] === other);
  assert.deepEqual(shown2, ew.rank(store, t.userVector(other), { k: 10, rules: { exclude: bought2 } }).ids);
  store.free();
  t.free();
  assert.deepEqual(dash.problems, []);
});

test('the Gram steps through the compute context (WebGPU when present): same losses', async () => {
  const { page } = dash;
  await page.selectOption('#em-source', 'bundled');
  await page.fill('#em-factors', '8');
  await page.fill('#em-iters', '3');
  await page.fill('#em-seed', '7');
  await page.check('#em-gpu');
  await page.click('#em-train');
  await page.waitForSelector('#panel-embeddings[data-state="trained"]', { timeout: 60_000 });
  const backend = await page.getAttribute('#panel-embeddings', 'data-backend');
  assert.match(await page.textContent('#em-backend'), new RegExp(`Gram steps on: ${backend}`));
  const losses = await page.$$eval('#em-losses tbody tr td:nth-child(2)', (tds) => tds.map((td) => Number(td.textContent)));
  const lines = importOrderLines(readFileSync(`${root}www/data/order_lines.csv`, 'utf8'), Papa);
  const t = ew.AlsTrainer.fromOrders({ customers: lines.customers, items: lines.items, quantities: lines.quantities }, { factors: 8, regularization: 1, alpha: 1, seed: 7 });
  const want = Array.from({ length: 3 }, () => t.step());
  // On the CPU context the Grams are the CPU backend's own: equal; on a GPU, f32 sums differ.
  const tol = backend === 'cpu' ? 0 : 1e-4;
  want.forEach((l, i) => assert.ok(Math.abs(losses[i] - Number(l.toPrecision(6))) <= tol * l + 1e-12, `${losses[i]} vs ${l}`));
  t.free();
  await page.uncheck('#em-gpu');
});

test('uploads: a bad quantity is dropped and reported; a file without an item column says why', async () => {
  const { page } = dash;
  const dir = mkdtempSync(join(tmpdir(), 'em-'));
  const good = join(dir, 'lines.csv');
  writeFileSync(good, 'Customer ID,Product,Qty\nA,p1,1\nA,p2,2\nB,p1,x\nB,p2,1\nC,p3,1\n');
  await page.setInputFiles('#em-file', good);
  await page.waitForFunction(() => /4 order lines/.test(document.querySelector('#em-summary').textContent));
  assert.match(await page.textContent('#em-summary'), /line 4: "x" in Qty/);
  await page.fill('#em-factors', '2');
  await page.fill('#em-iters', '2');
  await page.click('#em-train');
  await page.waitForSelector('#panel-embeddings[data-state="trained"]');
  assert.deepEqual(await page.$$eval('#em-customer option', (os) => os.map((o) => o.value)), ['A', 'B', 'C']);

  const bad = join(dir, 'bad.csv');
  writeFileSync(bad, 'customer,day,amount\n1,2,3\n');
  await page.setInputFiles('#em-file', bad);
  await page.waitForSelector('#panel-embeddings[data-state="failed"]');
  assert.match(await page.textContent('#em-error'), /bad\.csv: the order lines need a customer column and an item column/);
  await page.fill('#em-factors', '0');
  await page.selectOption('#em-source', 'bundled');
  await page.click('#em-train');
  await page.waitForSelector('#panel-embeddings[data-state="failed"]');
  assert.match(await page.textContent('#em-error'), /Factors/);
});
