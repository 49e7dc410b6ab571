// End-to-end: drive the rerank panel in headless Chromium like a shopper (click items, buy one,
// move the MMR slider, switch supply-awareness and category caps on) and check that the order
// shown equals a direct call of the module in Node with the same session and options.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { chromium } from 'playwright-core';
import { serve } from '../../scripts/serve.mjs';
import { loadEdgewise } from './load.mjs';
import { CATALOG, demandOf } from '../../www/tasks/rerank.js';

const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-dev-shm-usage', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

let server;
let browser;
let page;
const pageErrors = [];
const ew = await loadEdgewise();
const cat = ew.synthCatalog(CATALOG.n, CATALOG.dim, CATALOG.clusters, CATALOG.seed);

before(async () => {
  server = await serve(0);
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
  page = await browser.newPage({ viewport: { width: 1200, height: 1100 } });
  page.on('console', (m) => m.type() === 'error' && pageErrors.push(m.text()));
  page.on('pageerror', (e) => pageErrors.push(String(e)));
  await page.goto(`http://127.0.0.1:${server.address().port}/`);
  await page.waitForSelector('body[data-ready="true"]', { timeout: 30_000 });
  await page.click('#tabs button[data-panel="rerank"]');
  await page.waitForSelector('#panel-rerank[data-ready="true"]');
});

after(async () => {
  await browser?.close();
  server?.close();
});

const settled = () => page.waitForFunction(() => document.querySelector('#panel-rerank').dataset.busy === 'false');

/** What the page shows: the store indices of the table rows, top to bottom. */
async function shown() {
  await settled();
  const order = (await page.getAttribute('#panel-rerank', 'data-order')).split(',').map(Number);
  const rows = await page.$$eval('#rr-table tbody tr', (trs) => trs.map((tr) => Number(tr.dataset.item)));
  assert.deepEqual(rows, order);
  return order;
}

/** The same request made directly: a profile from `events`, then rankProfile. */
function direct(events, { lambda = 1, dropOutOfStock = true, suppressPurchased = true, cap = false, supply = null } = {}) {
  const profile = new ew.ShopperProfile(CATALOG.dim);
  profile.observe(cat.store, events);
  const opts = { k: 12, rules: { dropOutOfStock, suppressPurchased } };
  if (lambda < 1) opts.diversity = { lambda };
  if (cap) opts.categoryCap = 3;
  if (supply !== null) opts.supply = { demand: demandOf(cat.popularity), strength: supply };
  const r = ew.rankProfile(cat.store, profile, opts);
  profile.free();
  return Array.from(r.indices);
}

async function setControl(sel, value) {
  await page.$eval(sel, (el, v) => {
    if (el.type === 'checkbox') el.checked = v; else el.value = String(v);
    el.dispatchEvent(new Event('input', { bubbles: true }));
  }, value);
}

test('clicking items re-ranks the list exactly as a direct API call', async () => {
  // Cold start.
  assert.deepEqual(await shown(), direct([]));
  const browse = await page.$$eval('#rr-browse li', (lis) => lis.map((li) => Number(li.dataset.item)));
  assert.equal(browse.length, 32);
  const events = [];
  // View two items of one category, then buy one of another.
  for (const [pos, kind] of [[0, 'view'], [1, 'view'], [9, 'purchase']]) {
    const item = browse[pos];
    await page.click(`#rr-browse li[data-item="${item}"] ${kind === 'view' ? '.rr-view' : '.rr-buy'}`);
    events.push({ item, kind, timestampMs: events.length * 60_000 });
    await page.waitForFunction((n) => document.querySelector('#panel-rerank').dataset.events === String(n), events.length);
    const order = await shown();
    assert.deepEqual(order, direct(events), `after ${events.length} events`);
  }
  // The purchased item is suppressed; the session list shows the three events.
  assert.ok(!(await shown()).includes(browse[9]));
  assert.equal(await page.$$eval('#rr-session li', (lis) => lis.length), 3);
  // Clicking a recommended item adds a view.
  const first = (await shown())[0];
  await page.click(`#rr-table tbody tr[data-item="${first}"]`);
  events.push({ item: first, kind: 'view', timestampMs: 3 * 60_000 });
  await page.waitForFunction(() => document.querySelector('#panel-rerank').dataset.events === '4');
  assert.deepEqual(await shown(), direct(events));

  // MMR, category cap and supply-awareness, each checked against the API.
  await setControl('#rr-lambda', 0.5);
  assert.deepEqual(await shown(), direct(events, { lambda: 0.5 }));
  await setControl('#rr-cap', true);
  assert.deepEqual(await shown(), direct(events, { lambda: 0.5, cap: true }));
  await setControl('#rr-supply', true);
  const withSupply = await shown();
  assert.deepEqual(withSupply, direct(events, { lambda: 0.5, cap: true, supply: 0.5 }));
  assert.notDeepEqual(withSupply, direct(events, { lambda: 0.5, cap: true }), 'supply-awareness demotes items likely to sell out');
  // RERANK_SCREENSHOT=path.png saves the panel mid-session, to look at (not committed).
  if (process.env.RERANK_SCREENSHOT) await page.screenshot({ path: process.env.RERANK_SCREENSHOT, fullPage: true });
  await setControl('#rr-stock', false);
  assert.deepEqual(await shown(), direct(events, { lambda: 0.5, cap: true, supply: 0.5, dropOutOfStock: false }));

  // A bad setting shows the module's message, and the panel recovers.
  await setControl('#rr-strength', -1);
  await page.waitForSelector('#rr-error:not([hidden])');
  assert.match(await page.textContent('#rr-error'), /invalid argument `options.supply.strength`: expected a finite number >= 0, got -1/);
  await setControl('#rr-strength', 0.5);
  await page.waitForSelector('#rr-error[hidden]', { state: 'attached' });

  // Reset clears the session.
  await setControl('#rr-supply', false);
  await setControl('#rr-cap', false);
  await setControl('#rr-lambda', 1);
  await setControl('#rr-stock', true);
  await page.click('#rr-reset');
  await page.waitForFunction(() => document.querySelector('#panel-rerank').dataset.events === '0');
  assert.deepEqual(await shown(), direct([]));
  assert.deepEqual(pageErrors, []);
});
