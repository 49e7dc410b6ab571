// Bandit panel: a simulated page with editable click rates and the cumulative regret of several
// policies; a local differential privacy demo (ε slider, true vs estimated shares over a simulated
// fleet); off-policy evaluation of the bundled Open Bandit Dataset sample.
import uPlot from '../vendor/uplot/uPlot.esm.js';
import { POLICIES, LDP_TRUTH, LDP_LABELS } from './bandit-config.js';
import { downloadCsv, downloadChart } from '../export.js';
import { responsive } from '../charts.js';
import { readNumber, validate, humanize } from '../form.js';

const OPE_ROWS = [
  ['ips', 'IPS'], ['snips', 'SNIPS'], ['dm', 'Direct method (ridge)'], ['dr', 'Doubly robust'], ['sndr', 'Self-normalized DR'],
];

const pct = (x) => `${(100 * x).toFixed(3)}%`;

export async function mount(root, { call }) {
  const $ = (sel) => root.querySelector(sel);
  // The panel may be mounted while its tab is hidden (clientWidth 0): size from the page then.
  const width = () => Math.min((root.clientWidth || root.parentElement.clientWidth) - 40, 1040);
  const showError = (el, err) => {
    el.hidden = !err;
    if (err) el.textContent = err.message;
  };
  let regretChart = null;
  let ldpChart = null;
  let ldpRows = [];
  let opeRows = [];

  /** Click rates as typed: comma-separated, each in [0, 1], at least two. */
  function readRates() {
    const input = $('#bd-rates');
    const label = 'True click rate per arm';
    const raw = input.value.trim();
    if (raw === '') throw new Error(`${label}: required`);
    const parts = raw.split(',').map((x) => x.trim());
    const bad = parts.find((x) => x === '' || !(Number(x) >= 0 && Number(x) <= 1));
    if (bad !== undefined) throw new Error(`${label}: enter numbers from 0 to 1 separated by commas (got "${bad}")`);
    if (parts.length < 2) throw new Error(`${label}: enter at least two arms (got ${parts.length})`);
    return parts.map(Number);
  }

  async function simulate() {
    const error = $('#bd-sim-error');
    let curves;
    let rates;
    let rounds;
    let seed;
    let names;
    try {
      ({ rates, rounds, seed } = validate(['#bd-rates', '#bd-rounds', '#bd-seed'].map($), () => ({
        rates: readRates(), rounds: readNumber($('#bd-rounds')), seed: readNumber($('#bd-seed')),
      })));
      names = [...root.querySelectorAll('.bd-policies input:checked')].map((i) => i.value);
      if (names.length === 0) throw new Error('Policies: choose at least one');
      const policies = names.map((name) => ({ name, options: { ...POLICIES[name].options, seed } }));
      curves = await call('simulateRegret', { rates, rounds, policies, envSeed: seed });
      showError(error, null);
    } catch (err) {
      // No curves of an earlier run stay next to the message.
      regretChart?.destroy();
      regretChart = null;
      $('#bd-regret-table tbody').innerHTML = '';
      $('#bd-export-regret').disabled = true;
      showError(error, humanize(err, { rates: 'True click rate per arm', rounds: 'Visits' }));
      return;
    }
    const x = Array.from({ length: rounds }, (_, i) => i + 1);
    const opts = {
      width: width(),
      height: 300,
      scales: { x: { time: false } },
      axes: [{ label: 'visits' }, { label: 'cumulative regret (clicks)' }],
      series: [{ label: 'visit' }, ...names.map((n) => ({ label: POLICIES[n].label, stroke: POLICIES[n].color, width: 2 }))],
    };
    regretChart?.destroy();
    regretChart = responsive(new uPlot(opts, [x, ...names.map((n) => curves[n])], $('#bd-regret-chart')), $('#bd-regret-chart'));
    $('#bd-export-regret').disabled = false;
    $('#bd-regret-table tbody').innerHTML = names.map((n) => {
      const final = curves[n][rounds - 1];
      return `<tr data-policy="${n}"><td>${POLICIES[n].label}</td><td class="bd-regret">${final.toFixed(2)}</td>`
        + `<td>${(1000 * final / rounds).toFixed(2)}</td></tr>`;
    }).join('');
    root.dataset.regret = JSON.stringify({ rates, rounds, seed, names });
  }

  async function ldp() {
    const epsilon = Number($('#bd-eps').value);
    $('#bd-eps-value').textContent = epsilon.toFixed(1);
    const oracle = $('#bd-oracle').value;
    let est;
    let users;
    try {
      users = validate([$('#bd-users')], () => readNumber($('#bd-users')));
      est = await call('simulateLdpFleet', { truth: LDP_TRUTH, users, epsilon, options: { oracle, seed: 1 } });
      showError($('#bd-ldp-error'), null);
    } catch (err) {
      ldpChart?.destroy();
      ldpChart = null;
      ldpRows = [];
      $('#bd-ldp-table tbody').innerHTML = '';
      showError($('#bd-ldp-error'), humanize(err, { users: 'Pages', epsilon: 'privacy ε' }));
      return;
    }
    const k = LDP_TRUTH.length;
    const x = Array.from({ length: k }, (_, i) => i);
    const se = Array.from(est.variance, Math.sqrt);
    const bars = uPlot.paths.bars;
    const opts = {
      width: width(),
      height: 260,
      scales: { x: { time: false, range: [-0.5, k - 0.5] }, y: { range: (u, lo, hi) => [Math.min(0, lo), Math.max(hi, 0.05) * 1.1] } },
      axes: [
        { values: (_, ticks) => ticks.map((t) => LDP_LABELS[t] ?? ''), splits: () => x },
        { label: 'share of pages' },
      ],
      series: [
        { label: 'category', value: (_, v) => LDP_LABELS[v] ?? '' },
        { label: 'true share', fill: 'rgba(51, 68, 85, 0.55)', stroke: '#345', paths: bars({ size: [0.35], align: -1 }) },
        { label: `estimated (ε = ${epsilon.toFixed(1)})`, fill: 'rgba(204, 85, 0, 0.55)', stroke: '#c50', paths: bars({ size: [0.35], align: 1 }) },
      ],
    };
    const data = [x, LDP_TRUTH, Array.from(est.freq)];
    ldpChart?.destroy();
    ldpChart = responsive(new uPlot(opts, data, $('#bd-ldp-chart')), $('#bd-ldp-chart'));
    ldpRows = LDP_TRUTH.map((t, i) => [LDP_LABELS[i], t, est.freq[i], 2 * se[i]]);
    $('#bd-ldp-table tbody').innerHTML = LDP_TRUTH.map((t, i) =>
      `<tr><td>${LDP_LABELS[i]}</td><td>${t.toFixed(3)}</td><td class="bd-freq">${est.freq[i].toFixed(4)}</td><td>${(2 * se[i]).toFixed(4)}</td></tr>`).join('');
    root.dataset.ldp = JSON.stringify({ epsilon, users, oracle });
  }

  async function ope() {
    const meta = await (await fetch('./data/obd/meta.json')).json();
    let out;
    try {
      out = await call('evaluateBundledLogs', { options: { level: 0.95, bootstrap: 500, seed: 1 } });
      showError($('#bd-ope-error'), null);
    } catch (err) {
      showError($('#bd-ope-error'), err);
      return;
    }
    const ci = (lo, hi) => (Number.isFinite(lo) ? `${pct(lo)} – ${pct(hi)}` : '–');
    const rows = OPE_ROWS.map(([key, label]) => {
      const e = out[key];
      return `<tr data-estimator="${key}"><td>${label}</td><td class="bd-value">${pct(e.value)}</td>`
        + `<td>${ci(e.ciLow, e.ciHigh)}</td><td>${ci(e.bootLow, e.bootHigh)}</td><td>${pct(meta.obpEstimates[key])}</td></tr>`;
    });
    rows.push(
      `<tr class="bd-reference" data-estimator="onPolicy"><td>logged: uniform random policy, on-policy</td><td class="bd-value">${pct(out.onPolicy.value)}</td>`
        + `<td>${ci(out.onPolicy.ciLow, out.onPolicy.ciHigh)}</td><td></td><td></td></tr>`,
      `<tr class="bd-reference"><td>Thompson policy's own on-policy rate (its separate ZOZO logs)</td><td>${pct(meta.onPolicyCtr.bts)}</td><td></td><td></td><td></td></tr>`,
    );
    $('#bd-ope-table tbody').innerHTML = rows.join('');
    opeRows = [
      ...OPE_ROWS.map(([key, label]) => [label, out[key].value, out[key].ciLow, out[key].ciHigh, out[key].bootLow, out[key].bootHigh, meta.obpEstimates[key]]),
      ['logged: uniform random policy, on-policy', out.onPolicy.value, out.onPolicy.ciLow, out.onPolicy.ciHigh, null, null, null],
      ["Thompson policy's own on-policy rate", meta.onPolicyCtr.bts, null, null, null, null, null],
    ];
    $('#bd-export-ope').disabled = false;
  }

  $('#bd-export-regret').addEventListener('click', () => regretChart && downloadChart('bandit-regret.png', regretChart));
  $('#bd-export-ldp').addEventListener('click', () => downloadCsv('ldp-estimates.csv', ['category', 'true_share', 'estimated_share', 'two_se'], ldpRows));
  $('#bd-export-ope').addEventListener('click', () => downloadCsv('off-policy-evaluation.csv',
    ['estimator', 'click_rate', 'ci95_low', 'ci95_high', 'bootstrap95_low', 'bootstrap95_high', 'obp_0_5_7'], opeRows));
  $('#bd-sim-form').addEventListener('change', simulate);
  $('#bd-eps').addEventListener('input', () => { $('#bd-eps-value').textContent = Number($('#bd-eps').value).toFixed(1); });
  $('#bd-ldp-form').addEventListener('change', ldp);
  await Promise.all([simulate(), ldp(), ope()]);
}
