// End-to-end: the replenishment plan in the analytics panel, driven like a user in Debian's headless
// Chromium. The plan it shows and exports must equal replenishmentPlan called in Node on the
// inventory table's inputs; a budget change re-plans within it; an infeasible setting is named.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import Papa from 'papaparse';
import { openDashboard } from './browser.mjs';
import { loadEdgewise, root } from './load.mjs';
import { inventoryTable } from '../../www/tasks/analytics.js';
import { replenishInput } from '../../www/tasks/replenish.js';

let dash;
let page;
let edgewise;
let table;

const cells = (sel) => page.$$eval(sel, (rows) => rows.map((r) => [...r.cells].map((c) => c.textContent.trim())));

/** What the panel should show for these settings (the panel's defaults otherwise). */
function expected(options, settings = {}) {
  const { skus } = replenishInput({ ...table, unitCost: 1, holdingCost: 0.2, stockoutCost: 1.5, minPacks: 2, ...settings });
  return edgewise.replenishmentPlan(skus, options);
}

async function setBudget(value) {
  await page.fill('#rp-budget', String(value));
  await page.dispatchEvent('#rp-budget', 'change');
}

before(async () => {
  edgewise = await loadEdgewise();
  const { series } = JSON.parse(readFileSync(`${root}www/data/series.json`, 'utf8'));
  const inv = inventoryTable(edgewise, { series, leadTime: 3, serviceLevel: 0.95, cover: 1.1 });
  table = { names: inv.names, mean: inv.plan.meanDemand, sd: inv.plan.sdDemand, stock: inv.stock };
  dash = await openDashboard({ panel: 'analytics' });
  ({ page } = dash);
});

after(async () => {
  await dash?.close();
});

test('the plan shown equals replenishmentPlan on the inventory table, within the budget', async () => {
  await page.waitForSelector('#panel-analytics[data-replenish^="5000:null:"]');
  const want = expected({ budget: 5000 });
  const rows = await cells('#rp-table tbody tr');
  assert.equal(rows.length, table.names.length);
  rows.forEach(([name, , , pack, qty, cases, free], i) => {
    assert.equal(name, table.names[i]);
    assert.equal(Number(qty), want.quantity[i], `${name} order`);
    assert.equal(Number(cases), want.packs[i], `${name} cases`);
    assert.equal(Number(free), want.unconstrained[i], `${name} unconstrained`);
    assert.ok(Number(qty) % Number(pack) === 0);
  });
  assert.ok(want.totalSpend <= 5000 && want.status === 'optimal');
  // The budget binds: without it the plan would spend more.
  const free = expected({});
  assert.ok(free.totalSpend > 5000, `unconstrained spend ${free.totalSpend}`);
  const summary = await page.textContent('#rp-summary');
  assert.match(summary, /of 5000 · .*optimal/);
  assert.ok(summary.includes(`cost ${want.objective.toFixed(0)}`), summary);
});

test('a smaller budget and a capacity re-plan; the CSV holds the plan shown', async () => {
  await page.fill('#rp-capacity', '2500');
  await page.dispatchEvent('#rp-capacity', 'change');
  await setBudget(3000);
  await page.waitForSelector('#panel-analytics[data-replenish^="3000:2500:"]');
  const want = expected({ budget: 3000, capacity: 2500 });
  const shown = (await cells('#rp-table tbody tr')).map((r) => Number(r[4]));
  assert.deepEqual(shown, [...want.quantity]);
  assert.ok(want.totalSpend <= 3000 && want.totalSpace <= 2500);
  const [dl] = await Promise.all([page.waitForEvent('download'), page.click('#rp-export')]);
  assert.equal(dl.suggestedFilename(), 'replenishment-plan.csv');
  const csv = Papa.parse(readFileSync(await dl.path(), 'utf8').trim()).data;
  assert.deepEqual(csv[0], ['series', 'lead_time_demand', 'stock', 'pack', 'min_order', 'order_qty', 'packs', 'unconstrained_qty', 'order_value', 'stockout_risk_after', 'expected_cost']);
  assert.equal(csv.length, 1 + table.names.length);
  csv.slice(1).forEach((r, i) => {
    assert.equal(r[0], table.names[i]);
    assert.equal(Number(r[5]), want.quantity[i]);
    assert.equal(Number(r[8]), want.spend[i]);
    assert.equal(Number(r[10]), want.expectedCost[i]);
  });
});

test('an infeasible setting names the constraint; a fix brings the plan back', async () => {
  await page.selectOption('#rp-service', '0.95');
  await setBudget(0);
  await page.waitForSelector('#rp-error:not([hidden])');
  assert.match(await page.textContent('#rp-error'), /^Budget: expected at least [\d.e+]+: what the smallest orders that reach the minimum service level 0\.95 take/);
  assert.equal((await cells('#rp-table tbody tr')).length, 0);
  assert.equal(await page.isDisabled('#rp-export'), true);
  await page.fill('#rp-budget', '');
  await page.fill('#rp-capacity', '');
  await page.dispatchEvent('#rp-budget', 'change');
  await page.waitForSelector('#panel-analytics[data-replenish^="null:null:"]');
  const want = expected({ minServiceLevel: 0.95 });
  assert.deepEqual((await cells('#rp-table tbody tr')).map((r) => Number(r[4])), [...want.quantity]);
  assert.deepEqual(dash.problems, []);
});
