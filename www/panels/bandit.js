// Bandit panel: a simulated page with editable click rates and the cumulative regret of several
// policies; a local differential privacy demo (ε slider, true vs estimated shares over a simulated
// fleet); off-policy evaluation of the bundled Open Bandit Dataset sample.
import uPlot from '../vendor/uplot/uPlot.esm.js';
import { POLICIES, LDP_TRUTH, LDP_LABELS } from './bandit-config.js';

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

  async function simulate() {
    const error = $('#bd-sim-error');
    const rates = $('#bd-rates').value.split(',').map((s) => s.trim()).filter((s) => s !== '').map(Number);
    const rounds = Number($('#bd-rounds').value);
    const seed = Number($('#bd-seed').value);
    const names = [...root.querySelectorAll('.bd-policies input:checked')].map((i) => i.value);
    const policies = names.map((name) => ({ name, options: { ...POLICIES[name].options, seed } }));
    let curves;
    try {
      curves = await call('simulateRegret', { rates, rounds, policies, envSeed: seed });
      showError(error, null);
    } catch (err) {
      showError(error, err);
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
    regretChart = new uPlot(opts, [x, ...names.map((n) => curves[n])], $('#bd-regret-chart'));
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
    const users = Number($('#bd-users').value);
    const oracle = $('#bd-oracle').value;
    let est;
    try {
      est = await call('simulateLdpFleet', { truth: LDP_TRUTH, users, epsilon, options: { oracle, seed: 1 } });
      showError($('#bd-ldp-error'), null);
    } catch (err) {
      showError($('#bd-ldp-error'), err);
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
    ldpChart = new uPlot(opts, data, $('#bd-ldp-chart'));
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
  }

  $('#bd-sim-form').addEventListener('change', simulate);
  $('#bd-eps').addEventListener('input', () => { $('#bd-eps-value').textContent = Number($('#bd-eps').value).toFixed(1); });
  $('#bd-ldp-form').addEventListener('change', ldp);
  await Promise.all([simulate(), ldp(), ope()]);
}
