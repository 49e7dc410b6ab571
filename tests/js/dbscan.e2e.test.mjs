// End-to-end: the DBSCAN panel (inside Analytics) in Debian's headless Chromium. Its ε suggestion,
// cluster table, noise count and label export must equal direct calls of the module in Node on the
// same order log (read by the same www/ingest.js).
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import Papa from 'papaparse';
import { openDashboard } from './browser.mjs';
import { loadEdgewise, root } from './load.mjs';
import { importOrders } from '../../www/ingest.js';
import { clusterProfiles } from '../../www/tasks/dbscan.js';

let dash;
let page;
let edgewise;
let orders;

function near(shown, want, what) {
  const digits = (shown.split('.')[1] ?? '').replace(/\D/g, '').length;
  const tol = 0.5 * 10 ** -digits + 1e-9;
  assert.ok(Math.abs(Number.parseFloat(shown) - want) <= tol, `${what}: shown ${shown}, module ${want}`);
}
const cells = (sel) => page.$$eval(sel, (rows) => rows.map((r) => [...r.cells].map((c) => c.textContent.trim())));

function direct(eps, minSamples) {
  const table = edgewise.rfm(Uint32Array.from(orders.customers), Float64Array.from(orders.timestamps), Float64Array.from(orders.amounts), { unit: orders.unit });
  const points = edgewise.rfmPoints(table);
  return { table, points, r: edgewise.dbscan(points, 3, { eps, minSamples }) };
}

before(async () => {
  edgewise = await loadEdgewise();
  orders = importOrders(readFileSync(`${root}www/data/orders.csv`, 'utf8'), Papa);
  dash = await openDashboard({ panel: 'analytics' });
  ({ page } = dash);
  await page.waitForSelector('#dbscan-panel[data-ready="true"]');
});

after(async () => {
  await dash?.close();
});

test('the ε helper suggests the knee of the k-distance curve and DBSCAN runs with it', async () => {
  const { points } = direct(1, 5);
  const { sorted, knee, eps } = edgewise.kDistanceKnee(edgewise.kDistance(points, 3, 5));
  assert.ok(knee > 0 && knee < sorted.length - 1, `an inner knee: ${knee}`);
  assert.ok(sorted.every((x, i) => i === 0 || sorted[i - 1] <= x), 'sorted ascending');
  assert.ok(eps === sorted[knee] && eps < sorted[sorted.length - 1]);
  assert.equal(Number(await page.getAttribute('#dbscan-panel', 'data-suggested-eps')), eps);
  const shownEps = Number(await page.inputValue('#db-eps'));
  assert.equal(shownEps, Number(eps.toPrecision(4)));
  assert.equal(await page.getAttribute('#dbscan-panel', 'data-dbscan'), `${shownEps}:5`);
  // Both charts are drawn.
  assert.equal(await page.$$eval('#db-chart canvas', (c) => c.length), 1);
  assert.equal(await page.$$eval('#db-kdist-chart canvas', (c) => c.length), 1);

  const { table, r } = direct(shownEps, 5);
  const want = clusterProfiles(table, r.labels, r.core);
  const rows = await cells('#db-table tbody tr');
  assert.equal(rows.length, want.length);
  const noise = r.labels.filter((l) => l === -1).length;
  assert.ok(noise > 0, 'the bundled log has noise shoppers at the suggested ε');
  assert.equal(rows[0][0], 'noise');
  want.forEach((p, i) => {
    const [label, size, core, recency, freq, spend] = rows[i];
    assert.equal(label, p.label < 0 ? 'noise' : String(p.label));
    assert.equal(Number(size), p.size);
    assert.equal(Number(core), p.core);
    near(recency, p.recency, 'recency');
    near(freq, p.frequency, 'orders');
    near(spend, p.monetary, 'spend');
  });
  const summary = await page.textContent('#db-summary');
  assert.match(summary, new RegExp(`^${r.nClusters} clusters · ${noise} noise shoppers`));
  assert.deepEqual(dash.problems, []);
});

test('a smaller ε gives more noise, equal to a direct call; the labels CSV lists every shopper', async () => {
  await page.fill('#db-eps', '0.2');
  await page.dispatchEvent('#db-eps', 'change');
  await page.waitForSelector('#dbscan-panel[data-dbscan="0.2:5"]');
  const { table, r } = direct(0.2, 5);
  const noise = r.labels.filter((l) => l === -1).length;
  assert.match(await page.textContent('#db-summary'), new RegExp(`^${r.nClusters} clusters · ${noise} noise shoppers`));
  const [dl] = await Promise.all([page.waitForEvent('download'), page.click('#db-export')]);
  assert.equal(dl.suggestedFilename(), 'dbscan-labels.csv');
  const rows = Papa.parse(readFileSync(await dl.path(), 'utf8').trim()).data;
  assert.deepEqual(rows[0], ['customer', 'cluster', 'kind', 'recency_days', 'orders', 'spend']);
  assert.equal(rows.length - 1, table.customers.length);
  rows.slice(1).forEach((row, i) => {
    assert.equal(row[0], orders.ids[table.customers[i]]);
    assert.equal(Number(row[1]), r.labels[i]);
    assert.equal(row[2], r.labels[i] < 0 ? 'noise' : r.core[i] ? 'core' : 'border');
  });
  // A bad ε is a message naming the field; nothing stale stays on screen.
  await page.fill('#db-eps', '');
  await page.dispatchEvent('#db-eps', 'change');
  await page.waitForSelector('#dbscan-panel[data-dbscan="failed"]');
  assert.match(await page.textContent('#db-error'), /^ε \(radius\): required$/);
  assert.equal((await cells('#db-table tbody tr')).length, 0);
  // Changing minSamples suggests a new ε and runs again.
  await page.fill('#db-min', '8');
  await page.dispatchEvent('#db-min', 'change');
  const eps8 = Number(edgewise.kDistanceKnee(edgewise.kDistance(direct(1, 8).points, 3, 8)).eps.toPrecision(4));
  await page.waitForSelector(`#dbscan-panel[data-dbscan="${eps8}:8"]`);
  assert.equal(await page.textContent('#db-error'), '');
});
