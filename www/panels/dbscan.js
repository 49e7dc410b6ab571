// DBSCAN panel (inside Analytics, next to k-means): the order log's shoppers (bundled, or uploaded in the panel) as RFM points
// (the standardized log1p recency / frequency / monetary that k-means clusters), an ε helper (the
// sorted k-distance curve with its knee marked), and DBSCAN's clusters with core, border and noise
// shoppers: a scatter with noise in grey, a profile table (noise first), a CSV of every shopper's
// label. All numbers come from the worker (tasks/dbscan.js).
import uPlot from '../vendor/uplot/uPlot.esm.js';
import { downloadCsv, downloadChart } from '../export.js';
import { responsive } from '../charts.js';
import { readNumber, validate, humanize } from '../form.js';
import { followOrderLog } from './order_log.js';

const COLORS = ['#1f6fb2', '#d9661f', '#2e9e57', '#b8336a', '#7a5bc4', '#8c6d1f', '#138a8a', '#c43c3c', '#5a6b7d', '#9aa31c'];
const NOISE = '#9a9a9a';
const num = (x) => (Math.abs(x) >= 100 ? x.toFixed(1) : Math.abs(x) >= 1 ? x.toFixed(2) : x.toPrecision(3));
const LABELS = { 'options.eps': 'ε (radius)', 'options.minSamples': 'Neighbours (minSamples)', k: 'Neighbours (minSamples)' };

export async function mount(root, { call }) {
  const $ = (sel) => root.querySelector(sel);
  const width = () => Math.max(320, Math.min(document.querySelector('main').clientWidth - 40, 1040));
  // The bundled order log, or the one the Analytics panel around this section announces.
  const log = await followOrderLog(root, call, () => suggest());
  let scatter = null;
  let kChart = null;
  let last = null;
  const show = (err) => {
    $('#db-error').textContent = err ? err.message : '';
    $('#db-error').hidden = !err;
  };
  const read = () => validate([$('#db-min'), $('#db-eps')], () => ({
    minSamples: readNumber($('#db-min')),
    eps: readNumber($('#db-eps'), { integer: false }),
  }));

  async function suggest() {
    const button = $('#db-suggest');
    button.disabled = true;
    try {
      const k = validate([$('#db-min')], () => readNumber($('#db-min')));
      const r = await call('rfmKDistance', { ...log.orders, k });
      drawKDistance(r, k);
      $('#db-eps').value = String(Number(r.eps.toPrecision(4)));
      $('#db-suggest-note').textContent = `knee of the ${k}-distance curve at shopper ${r.knee + 1} of ${r.distances.length}: ε = ${r.eps.toPrecision(4)}`;
      root.dataset.suggestedEps = String(r.eps);
      await run();
    } catch (err) {
      show(humanize(err, LABELS));
    } finally {
      button.disabled = false;
    }
  }

  let runs = 0; // only the latest run may draw
  async function run() {
    const id = ++runs;
    let out;
    let opts;
    try {
      opts = read();
      out = await call('rfmDbscan', { ...log.orders, ...opts });
      if (id !== runs) return;
      show(null);
    } catch (err) {
      if (id !== runs) return;
      last = null;
      $('#db-table tbody').innerHTML = '';
      $('#db-summary').textContent = '';
      $('#db-export').disabled = true;
      scatter?.destroy();
      scatter = null;
      show(humanize(err, LABELS));
      root.dataset.dbscan = 'failed';
      return;
    }
    last = out;
    const n = out.labels.length;
    const noise = out.labels.filter((l) => l === -1).length;
    const cores = out.core.reduce((a, b) => a + b, 0);
    $('#db-summary').textContent = `${out.nClusters} clusters · ${noise} noise shoppers (${((noise / n) * 100).toFixed(1)}%) · `
      + `${cores} core, ${n - cores - noise} border of ${n} shoppers (ε = ${opts.eps}, minSamples = ${opts.minSamples})`;
    $('#db-table tbody').innerHTML = out.profiles.map((p) => `<tr data-cluster="${p.label}">`
      + `<td><span class="swatch" style="background:${p.label < 0 ? NOISE : COLORS[p.label % COLORS.length]}"></span>${p.label < 0 ? 'noise' : p.label}</td>`
      + `<td>${p.size}</td><td>${p.core}</td><td>${num(p.recency)}</td><td>${num(p.frequency)}</td><td>${num(p.monetary)}</td></tr>`).join('');
    drawScatter(out);
    $('#db-export').disabled = false;
    root.dataset.dbscan = `${opts.eps}:${opts.minSamples}`;
    root.dataset.customers = String(log.ids.length); // which log it ran on
  }

  function drawScatter({ table, labels, nClusters }) {
    const order = [...table.recency.keys()].sort((a, b) => table.recency[a] - table.recency[b]);
    const x = order.map((i) => table.recency[i]);
    const groups = [-1, ...Array.from({ length: nClusters }, (_, c) => c)];
    const ys = groups.map((g) => order.map((i) => (labels[i] === g ? Math.max(table.monetary[i], 0.01) : null)));
    const opts = {
      title: 'DBSCAN: days since last order vs total spend (grey: noise)',
      width: Math.round(width() * 0.58),
      height: 300,
      scales: { x: { time: false }, y: { distr: 3 } },
      axes: [{ label: 'recency (days)' }, { label: 'spend (log)' }],
      series: [{ label: 'recency' }, ...groups.map((g) => {
        const color = g < 0 ? NOISE : COLORS[g % COLORS.length];
        return { label: g < 0 ? 'noise' : `cluster ${g}`, stroke: color, fill: color, paths: () => null, points: { show: true, size: 4, width: 0 } };
      })],
      legend: { live: false },
      cursor: { points: { show: false } },
    };
    scatter?.destroy();
    scatter = responsive(new uPlot(opts, [x, ...ys], $('#db-chart')), $('#db-chart'));
  }

  function drawKDistance({ distances, knee, eps }, k) {
    const x = Array.from(distances, (_, i) => i + 1);
    const mark = x.map((_, i) => (i === knee ? eps : null));
    const opts = {
      title: `${k}-distance, sorted (knee: ε = ${eps.toPrecision(3)})`,
      width: Math.round(width() * 0.38),
      height: 300,
      scales: { x: { time: false } },
      axes: [{ label: 'shoppers' }, { label: `distance to ${k}-th neighbour` }],
      series: [{ label: 'shopper' }, { label: 'k-distance', stroke: '#345', width: 2 },
        { label: 'knee', stroke: '#c43c3c', paths: () => null, points: { show: true, size: 9 } }],
      legend: { live: false },
    };
    kChart?.destroy();
    kChart = responsive(new uPlot(opts, [x, Array.from(distances), mark], $('#db-kdist-chart')), $('#db-kdist-chart'));
  }

  $('#db-form').addEventListener('change', (ev) => (ev.target.id === 'db-min' ? suggest() : run()));
  $('#db-suggest').addEventListener('click', suggest);
  $('#db-export').addEventListener('click', () => {
    const { table, labels, core } = last;
    downloadCsv('dbscan-labels.csv', ['customer', 'cluster', 'kind', 'recency_days', 'orders', 'spend'],
      Array.from(table.customers, (c, i) => [log.ids[c], labels[i], labels[i] < 0 ? 'noise' : core[i] ? 'core' : 'border',
        table.recency[i], table.frequency[i], table.monetary[i]]));
  });
  $('#db-export-chart').addEventListener('click', () => scatter && downloadChart('dbscan.png', scatter));
  await suggest();
}
