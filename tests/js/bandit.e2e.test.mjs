// End-to-end: the dashboard's bandit panel in Debian's headless Chromium (playwright-core), driven
// like a user; the numbers it shows must equal direct calls of the module in Node.
import { test, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import Papa from 'papaparse';
import { openDashboard } from './browser.mjs';
import { loadEdgewise, root } from './load.mjs';
import { POLICIES, LDP_TRUTH } from '../../www/panels/bandit-config.js';

let dash;
let page;
let base;
let edgewise;

before(async () => {
  edgewise = await loadEdgewise();
  dash = await openDashboard({ panel: 'bandits' });
  ({ page, base } = dash);
});

after(async () => {
  await dash?.close();
});

/** The final regret per policy shown in the table. */
const shownRegret = () => page.$$eval('#bd-regret-table tbody tr', (rows) =>
  Object.fromEntries(rows.map((r) => [r.dataset.policy, r.querySelector('.bd-regret').textContent])));

function expectedRegret(rates, rounds, seed, names) {
  return Object.fromEntries(names.map((n) => [n,
    edgewise.simulateRegret(new Float64Array(rates), rounds, { ...POLICIES[n].options, seed, envSeed: seed })[rounds - 1].toFixed(2)]));
}

test('the seeded regret shown on the page equals a direct API call', async () => {
  const all = Object.keys(POLICIES);
  assert.deepEqual(await shownRegret(), expectedRegret([0.04, 0.05, 0.03, 0.08, 0.06], 5000, 1, all));
  // A user edits the arm rates, the number of visits and the seed, and drops UCB1.
  await page.fill('#bd-rates', '0.1, 0.3, 0.2');
  await page.fill('#bd-rounds', '2000');
  await page.fill('#bd-seed', '7');
  await page.uncheck('.bd-policies input[value="ucb1"]');
  await page.waitForFunction(() => {
    const d = JSON.parse(document.querySelector('#panel-bandits').dataset.regret);
    return d.seed === 7 && d.rounds === 2000 && d.rates.length === 3 && !d.names.includes('ucb1');
  });
  const names = all.filter((n) => n !== 'ucb1');
  assert.deepEqual(await shownRegret(), expectedRegret([0.1, 0.3, 0.2], 2000, 7, names));
  // The chart has one line per policy.
  assert.equal(await page.$$eval('#bd-regret-chart .u-legend .u-series', (s) => s.length), names.length + 1);
});

test('a bad arm rate or visit count is named by its label, old curves go, and the panel recovers', async () => {
  await page.fill('#bd-rates', '0.1, 1.7');
  await page.dispatchEvent('#bd-rates', 'change');
  await page.waitForSelector('#bd-sim-error:not([hidden])');
  assert.equal(await page.textContent('#bd-sim-error'), 'True click rate per arm: enter numbers from 0 to 1 separated by commas (got "1.7")');
  assert.equal(await page.$$eval('#bd-regret-table tbody tr', (r) => r.length), 0);
  assert.equal(await page.$$eval('#bd-regret-chart canvas', (c) => c.length), 0);
  await page.fill('#bd-rates', '0.1, 0.7');
  await page.fill('#bd-rounds', '');
  await page.dispatchEvent('#bd-rounds', 'change');
  await page.waitForFunction(() => document.querySelector('#bd-sim-error').textContent === 'Visits: required');
  await page.fill('#bd-rounds', '900000');
  await page.dispatchEvent('#bd-rounds', 'change');
  await page.waitForFunction(() => document.querySelector('#bd-sim-error').textContent === 'Visits: enter a whole number from 1 to 200000 (got 900000)');
  await page.fill('#bd-rounds', '2000');
  await page.fill('#bd-rates', '0.1, 0.7');
  await page.dispatchEvent('#bd-rates', 'change');
  await page.waitForSelector('#bd-sim-error', { state: 'hidden' });
  assert.deepEqual(await shownRegret(), expectedRegret([0.1, 0.7], 2000, 7, ['thompson', 'epsilonGreedy', 'softmax']));
});

test('the LDP demo shows the decoded fleet estimate for the chosen ε', async () => {
  const shown = () => page.$$eval('#bd-ldp-table tbody td.bd-freq', (tds) => tds.map((td) => td.textContent));
  const want = (epsilon, oracle) => Array.from(
    edgewise.simulateLdpFleet(LDP_TRUTH, 10000, epsilon, { oracle, seed: 1 }).freq, (f) => f.toFixed(4));
  assert.deepEqual(await shown(), want(1, 'randomizedResponse'));
  await page.$eval('#bd-eps', (el) => { el.value = '3.5'; el.dispatchEvent(new Event('change', { bubbles: true })); });
  await page.selectOption('#bd-oracle', 'unaryEncoding');
  await page.waitForFunction(() => {
    const d = JSON.parse(document.querySelector('#panel-bandits').dataset.ldp);
    return d.epsilon === 3.5 && d.oracle === 'unaryEncoding';
  });
  assert.equal(await page.textContent('#bd-eps-value'), '3.5');
  assert.deepEqual(await shown(), want(3.5, 'unaryEncoding'));
});

test('off-policy estimates on the bundled Open Bandit logs equal a direct call', async () => {
  const dir = `${root}www/data/obd/`;
  const read = (f) => readFileSync(dir + f, 'utf8');
  const out = edgewise.evaluateOffPolicy(read('random_all.csv'), read('item_context.csv'),
    { actionDistCsv: read('bts_all_action_dist.csv'), campaign: 'all' }, { level: 0.95, bootstrap: 500, seed: 1 });
  await page.waitForSelector('#bd-ope-table tbody tr');
  const shown = await page.$$eval('#bd-ope-table tbody tr[data-estimator]', (rows) =>
    Object.fromEntries(rows.map((r) => [r.dataset.estimator, [...r.cells].slice(1, 4).map((c) => c.textContent)])));
  const pct = (x) => `${(100 * x).toFixed(3)}%`;
  for (const key of ['ips', 'snips', 'dm', 'dr', 'sndr']) {
    const e = out[key];
    assert.deepEqual(shown[key], [pct(e.value), `${pct(e.ciLow)} – ${pct(e.ciHigh)}`, `${pct(e.bootLow)} – ${pct(e.bootHigh)}`], key);
  }
  assert.equal(shown.onPolicy[0], pct(out.onPolicy.value));
  assert.match(await page.textContent('#panel-bandits'), /Open Bandit Dataset.*ZOZO.*CC BY 4\.0/s);
  // The OPE results download as CSV with the unrounded numbers.
  const [dl] = await Promise.all([page.waitForEvent('download'), page.click('#bd-export-ope')]);
  const rows = Papa.parse(readFileSync(await dl.path(), 'utf8').trim()).data;
  assert.deepEqual(rows[0], ['estimator', 'click_rate', 'ci95_low', 'ci95_high', 'bootstrap95_low', 'bootstrap95_high', 'obp_0_5_7']);
  ['ips', 'snips', 'dm', 'dr', 'sndr'].forEach((key, i) => {
    const e = out[key];
    assert.deepEqual(rows[i + 1].slice(1, 6).map(Number), [e.value, e.ciLow, e.ciHigh, e.bootLow, e.bootHigh], key);
  });
  if (process.env.BANDIT_SCREENSHOT) await page.screenshot({ path: process.env.BANDIT_SCREENSHOT, fullPage: true });
});

test('the panel talks to no host but its own and logs no errors', () => {
  for (const url of dash.requests) assert.ok(url.startsWith(base), `unexpected request ${url}`);
  assert.deepEqual(dash.problems, []);
});
