// Analytics panel: order log (read in the worker: www/ingest.js, customer ids kept as strings) → RFM
// → k-means segments (scatter, elbow, profile table, membership per customer; CSV/PNG exports); an A/B test
// calculator with a sample ratio mismatch warning and a sample-size helper; an inventory table built
// from forecasts of the bundled series, sortable by column. All numbers come from the worker.
import uPlot from '../vendor/uplot/uPlot.esm.js';
import { backendLabel } from '../tasks/analytics.js';
import { ORDER_COLUMNS } from '../ingest.js';
import { downloadCsv, downloadChart } from '../export.js';
import { responsive } from '../charts.js';
import { readNumber, validate, humanize } from '../form.js';
import { mountReplenish } from './replenish.js';

const COLORS = ['#1f6fb2', '#d9661f', '#2e9e57', '#b8336a', '#7a5bc4', '#8c6d1f', '#138a8a', '#c43c3c', '#5a6b7d', '#9aa31c', '#e08fb8', '#444'];
// A value the module leaves undefined (null: e.g. the lift over a rate of 0) shows as a dash, never as 0%.
const pct = (x, digits = 2) => (x === null || x === undefined ? '–' : `${(x * 100).toFixed(digits)}%`);
const num = (x) => (Math.abs(x) >= 100 ? x.toFixed(1) : Math.abs(x) >= 1 ? x.toFixed(2) : x.toPrecision(3));
const esc = (s) => String(s).replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);

export async function mount(root, { call, series }) {
  const $ = (sel) => root.querySelector(sel);
  const width = () => Math.max(360, Math.min(document.querySelector('main').clientWidth - 40, 1040));
  const show = (el, err) => {
    el.textContent = err ? err.message : '';
    el.hidden = !err;
  };

  // ------------------------------------------------------------------ segments
  const v = (id) => $(id);
  const field = (ids, read) => validate(ids.map(v), read);
  $('#an-columns').textContent = Object.entries({ 'customer id': ORDER_COLUMNS.customer, 'order date (a date, or a number of days)': ORDER_COLUMNS.date, 'order amount': ORDER_COLUMNS.amount })
    .map(([what, names]) => `${what}: ${names.join(', ')}`).join(' · ');
  const bundled = await call('importOrders', { text: await (await fetch('./data/orders.csv')).text() });
  let uploaded = null;
  let scatter = null;
  let elbowChart = null;
  let lastSeg = null; // {log, table, seg} shown now, for the exports

  const log = () => ($('#an-source').value === 'upload' && uploaded ? uploaded : bundled);
  // The churn and DBSCAN sections inside this panel work on the same order log: tell them when it
  // changes (an upload, or the source switched back and forth).
  const announce = () => root.dispatchEvent(new CustomEvent('orders-changed', { detail: log() }));
  const kmeansArgs = () => {
    const { ids, columns, issues, ...orders } = log();
    const f = field(['#an-seed', '#an-ninit'], () => ({ seed: readNumber(v('#an-seed')), nInit: readNumber(v('#an-ninit')) }));
    return { ...orders, ...f };
  };
  const SEG_LABELS = { 'options.k': 'Segments (k)', 'options.seed': 'Seed', 'options.nInit': 'Starts' };

  /** Removes every segment result from the page (before a run, and after a failure). */
  function clearSegments() {
    lastSeg = null;
    scatter?.destroy();
    scatter = null;
    elbowChart?.destroy();
    elbowChart = null;
    for (const sel of ['#an-seg-table tbody', '#an-members tbody']) $(sel).innerHTML = '';
    for (const sel of ['#an-seg-summary', '#an-seg-backend', '#an-members-note']) $(sel).textContent = '';
    for (const sel of ['#an-export-members', '#an-export-profiles', '#an-export-scatter']) $(sel).disabled = true;
    delete root.dataset.segments;
  }

  let segRun = 0; // only the latest run may draw
  async function segment() {
    const run = ++segRun;
    let out;
    let k;
    try {
      k = field(['#an-k'], () => readNumber(v('#an-k')));
      out = await call('segment', { ...kmeansArgs(), k, backend: $('#an-backend').value });
      if (run !== segRun) return;
      show($('#an-seg-error'), null);
    } catch (err) {
      if (run !== segRun) return;
      clearSegments();
      show($('#an-seg-error'), humanize(err, SEG_LABELS));
      return;
    }
    const { table, seg, ms } = out;
    const orders = log().customers.length;
    lastSeg = { log: log(), table, seg };
    $('#an-seg-summary').textContent = `${table.customers.length} shoppers from ${orders} orders · k = ${seg.k} · `
      + `silhouette ${seg.silhouette === null ? '–' : seg.silhouette.toFixed(3)} · inertia ${seg.inertia.toFixed(1)}`;
    $('#an-seg-backend').textContent = backendLabel(seg, ms);
    root.dataset.segBackend = seg.backend;
    drawScatter(table, seg);
    const rows = seg.profiles.map((p) => {
      const counts = new Map();
      seg.labels.forEach((l, i) => l === p.segment && table.named && counts.set(table.named[i], (counts.get(table.named[i]) ?? 0) + 1));
      const top = [...counts].sort((a, b) => b[1] - a[1])[0];
      const name = top ? table.segmentNames[top[0]] : '–';
      return `<tr><td><span class="swatch" style="background:${COLORS[p.segment % COLORS.length]}"></span>${p.segment}</td>`
        + `<td>${p.size}</td><td>${pct(p.share, 1)}</td><td>${num(p.recency)}</td><td>${num(p.frequency)}</td>`
        + `<td>${num(p.monetary)}</td><td class="text">${esc(name)}</td></tr>`;
    });
    $('#an-seg-table tbody').innerHTML = rows.join('');
    // Membership: each shopper's segment under the id as written in the file.
    const ids = lastSeg.log.ids;
    const shown = Math.min(20, table.customers.length);
    $('#an-members tbody').innerHTML = Array.from({ length: shown }, (_, i) => `<tr><td class="text">${esc(ids[table.customers[i]])}</td>`
      + `<td>${seg.labels[i]}</td><td>${num(table.recency[i])}</td><td>${table.frequency[i]}</td><td>${num(table.monetary[i])}</td></tr>`).join('');
    $('#an-members-note').textContent = `first ${shown} of ${table.customers.length} shoppers; the CSV holds all of them`;
    for (const sel of ['#an-export-members', '#an-export-profiles', '#an-export-scatter']) $(sel).disabled = false;
    root.dataset.segments = `${seg.k}:${$('#an-seed').value}:${$('#an-source').value}`;
  }

  function drawScatter(table, seg) {
    const order = [...table.recency.keys()].sort((a, b) => table.recency[a] - table.recency[b]);
    const x = order.map((i) => table.recency[i]);
    const ys = Array.from({ length: seg.k }, (_, s) => order.map((i) => (seg.labels[i] === s ? Math.max(table.monetary[i], 0.01) : null)));
    const opts = {
      title: 'Shoppers: days since last order vs total spend',
      width: Math.round(width() * 0.6),
      height: 320,
      scales: { x: { time: false }, y: { distr: 3 } },
      axes: [{ label: 'recency (days)' }, { label: 'spend (log)' }],
      series: [
        { label: 'recency' },
        ...ys.map((_, s) => ({
          label: `segment ${s}`,
          stroke: COLORS[s % COLORS.length],
          fill: COLORS[s % COLORS.length],
          paths: () => null,
          points: { show: true, size: 4, width: 0 },
        })),
      ],
      legend: { live: false },
      cursor: { points: { show: false } },
    };
    scatter?.destroy();
    scatter = responsive(new uPlot(opts, [x, ...ys], $('#an-seg-chart')), $('#an-seg-chart'));
  }

  async function elbow() {
    const button = $('#an-elbow-run');
    button.disabled = true;
    try {
      const e = await call('elbow', kmeansArgs(), {
        onProgress: (done, total) => { button.textContent = `Fitting… ${done}/${total}`; },
      });
      show($('#an-seg-error'), null);
      const opts = {
        title: `Elbow: suggested k = ${e.suggestedK}`,
        width: Math.round(width() * 0.38),
        height: 320,
        scales: { x: { time: false } },
        axes: [{ label: 'k' }, { label: 'inertia' }],
        series: [{ label: 'k' }, { label: 'inertia', stroke: '#345', width: 2, points: { show: true } }],
        legend: { live: false },
      };
      elbowChart?.destroy();
      elbowChart = responsive(new uPlot(opts, [Array.from(e.k), Array.from(e.inertia)], $('#an-elbow-chart')), $('#an-elbow-chart'));
      root.dataset.suggestedK = String(e.suggestedK);
      $('#an-k').value = String(e.suggestedK);
      await segment();
    } catch (err) {
      show($('#an-seg-error'), humanize(err, SEG_LABELS));
    } finally {
      button.disabled = false;
      button.textContent = 'Suggest k (elbow)';
    }
  }

  $('#an-file').addEventListener('change', async (ev) => {
    const file = ev.target.files[0];
    if (!file) return;
    const option = $('#an-source').querySelector('option[value="upload"]');
    try {
      uploaded = await call('importOrders', { text: await file.text() });
    } catch (err) {
      // Nothing of an earlier log stays on screen under the new file's name.
      uploaded = null;
      segRun++; // a segmentation still in the worker must not draw over the message
      option.disabled = true;
      option.textContent = 'uploaded CSV';
      $('#an-source').value = 'upload';
      clearSegments();
      $('#an-orders-issues').hidden = true;
      show($('#an-seg-error'), new Error(`${file.name}: ${err.message}`));
      root.dataset.segments = 'failed';
      return;
    }
    option.disabled = false;
    option.textContent = `uploaded: ${file.name}`;
    $('#an-source').value = 'upload';
    const { issues, columns } = uploaded;
    $('#an-orders-summary').textContent = `${file.name}: ${uploaded.customers.length} orders of ${uploaded.ids.length} customers read from columns `
      + `"${columns.customer}", "${columns.date}", "${columns.amount}"; ${issues.droppedCount} rows dropped`;
    $('#an-orders-list').innerHTML = issues.dropped.map((d) => `<li data-line="${d.line}">line ${d.line}: ${esc(d.reason)}</li>`).join('')
      + (issues.droppedCount > issues.dropped.length ? `<li>… and ${issues.droppedCount - issues.dropped.length} more</li>` : '');
    $('#an-orders-issues').hidden = false;
    $('#an-orders-issues').open = issues.droppedCount > 0;
    announce();
    await segment();
  });
  $('#an-export-members').addEventListener('click', () => {
    const { log: l, table, seg } = lastSeg;
    downloadCsv('segment-membership.csv', ['customer', 'segment', 'recency_days', 'orders', 'spend', 'rfm_name'],
      Array.from(table.customers, (c, i) => [l.ids[c], seg.labels[i], table.recency[i], table.frequency[i], table.monetary[i], table.named ? table.segmentNames[table.named[i]] : '']));
  });
  $('#an-export-profiles').addEventListener('click', () => {
    downloadCsv('segment-profiles.csv', ['segment', 'shoppers', 'share', 'recency_days', 'orders', 'spend'],
      lastSeg.seg.profiles.map((p) => [p.segment, p.size, p.share, p.recency, p.frequency, p.monetary]));
  });
  $('#an-export-scatter').addEventListener('click', () => scatter && downloadChart('segments.png', scatter));
  $('#an-seg-form').addEventListener('change', (ev) => ev.target.id !== 'an-file' && segment());
  $('#an-source').addEventListener('change', announce);
  $('#an-elbow-run').addEventListener('click', elbow);

  // ------------------------------------------------------------------ A/B test
  const VERDICTS = {
    bBetter: 'B converts better than A.',
    aBetter: 'A converts better than B.',
    inconclusive: 'No significant difference at this level: keep the experiment running or accept no effect.',
    sampleRatioMismatch: 'Results withheld: the traffic split is not as designed (sample ratio mismatch).',
  };
  let abRuns = 0;

  const AB_LABELS = { 'test.a.conversions': 'A conversions', 'test.a.visitors': 'A visitors', 'test.b.conversions': 'B conversions', 'test.b.visitors': 'B visitors', 'options.split': 'Designed split A : B', split: 'Designed split A : B' };
  function clearAb() {
    $('#an-ab-table tbody').innerHTML = '';
    $('#an-ab-verdict').textContent = '';
    delete $('#an-ab-verdict').dataset.verdict;
    $('#an-srm-warning').hidden = true;
  }

  async function abTest() {
    let r;
    try {
      const ids = ['#an-a-visitors', '#an-a-conversions', '#an-b-visitors', '#an-b-conversions', '#an-split'];
      const f = field(ids, () => {
        const n = (id) => readNumber(v(id));
        const out = { a: { visitors: n('#an-a-visitors'), conversions: n('#an-a-conversions') }, b: { visitors: n('#an-b-visitors'), conversions: n('#an-b-conversions') } };
        const raw = v('#an-split').value.trim();
        const split = raw.split(/\s*[:/,]\s*/).map(Number);
        if (raw === '') throw new Error('Designed split A : B: required');
        if (split.length !== 2 || !split.every((x) => Number.isFinite(x) && x > 0)) throw new Error(`Designed split A : B: enter two positive numbers such as 50:50 (got ${raw})`);
        return { ...out, split };
      });
      r = await call('abTest', { a: f.a, b: f.b, level: Number(v('#an-level').value), split: f.split });
      show($('#an-ab-error'), null);
    } catch (err) {
      // No verdict stays on screen next to a message: an empty field never reads as 0.
      clearAb();
      show($('#an-ab-error'), humanize(err, AB_LABELS));
      root.dataset.ab = String(++abRuns);
      return;
    }
    const { ztest: z, bayes: b, srm } = r;
    const warning = $('#an-srm-warning');
    warning.hidden = !srm.mismatch;
    warning.textContent = srm.mismatch
      ? `Sample ratio mismatch: ${pct(srm.observedShare[0], 1)} : ${pct(srm.observedShare[1], 1)} of visitors vs the designed split (chi² = ${srm.chi2.toFixed(2)}, p = ${srm.pValue.toPrecision(3)}). Check assignment and logging before reading the results.`
      : '';
    const verdict = $('#an-ab-verdict');
    verdict.textContent = VERDICTS[r.verdict];
    verdict.dataset.verdict = r.verdict;
    const lvl = pct(z.level, 0);
    const rows = [
      ['rateA', 'conversion rate A', pct(z.rateA), `${pct(b.ciA[0])} – ${pct(b.ciA[1])}`],
      ['rateB', 'conversion rate B', pct(z.rateB), `${pct(b.ciB[0])} – ${pct(b.ciB[1])}`],
      ['diff', `difference B − A (${lvl} CI)`, pct(z.diff), `${pct(z.ci[0])} – ${pct(z.ci[1])}`],
      ['lift', 'relative lift', pct(z.lift, 1), ''],
      ['pValue', 'p-value (two-sided z-test)', z.pValue.toPrecision(4), `z = ${z.z.toFixed(3)}`],
      ['probBBetter', 'P(B > A), Beta-Binomial', pct(b.probBBetter, 1), ''],
      ['loss', 'expected loss: ship A / ship B', `${pct(b.expectedLossA, 3)} / ${pct(b.expectedLossB, 3)}`, ''],
      ['srm', 'sample ratio mismatch p-value', srm.pValue.toPrecision(4), srm.mismatch ? 'mismatch' : 'ok'],
    ];
    $('#an-ab-table tbody').innerHTML = rows
      .map(([key, label, value, interval]) => `<tr data-row="${key}"><th class="text">${label}</th><td class="value">${value}</td><td>${interval}</td></tr>`)
      .join('');
    root.dataset.ab = String(++abRuns);
  }

  async function sampleSize() {
    try {
      const { rateA, lift } = field(['#an-ss-rate', '#an-ss-lift'], () => ({
        rateA: readNumber(v('#an-ss-rate'), { integer: false }),
        lift: readNumber(v('#an-ss-lift'), { integer: false }),
      }));
      const rateB = rateA * (1 + lift);
      const n = await call('sampleSize', { rateA, rateB, power: Number($('#an-ss-power').value) });
      $('#an-ss-out').textContent = `${n.nA.toLocaleString('en')} visitors per arm to detect ${pct(rateA)} → ${pct(rateB)} (α = 5%)`;
    } catch (err) {
      $('#an-ss-out').textContent = humanize(err, { 'effect.rateA': 'Baseline rate', 'effect.rateB': 'Relative lift to detect (the rate it gives)' }).message;
    }
  }
  $('#an-ab-form').addEventListener('change', abTest);
  $('#an-ss-form').addEventListener('change', sampleSize);

  // ------------------------------------------------------------------ inventory
  let invRows = [];
  let sort = { key: 'risk', dir: -1 };

  const replenish = mountReplenish(root, { call });
  let invRun = 0; // only the latest run may draw (an older one may still be in the worker)
  async function inventory(series) {
    const run = ++invRun;
    const serviceLevel = Number($('#an-service').value);
    let out;
    let leadTime;
    let cover;
    try {
      ({ leadTime, cover } = field(['#an-lead', '#an-cover'], () => ({ leadTime: readNumber(v('#an-lead')), cover: readNumber(v('#an-cover')) / 100 })));
      out = await call('inventory', { series, leadTime, serviceLevel, cover });
      if (run !== invRun) return;
      show($('#an-inv-error'), null);
    } catch (err) {
      if (run !== invRun) return;
      invRows = [];
      $('#an-inv-table tbody').innerHTML = '';
      $('#an-inv-export').disabled = true;
      show($('#an-inv-error'), humanize(err, { leadTime: 'Lead time (periods)' }));
      replenish.update(null);
      return;
    }
    const p = out.plan;
    invRows = out.names.map((name, i) => ({
      name,
      model: out.models[i],
      mean: p.meanDemand[i],
      sd: p.sdDemand[i],
      safety: p.safetyStock[i],
      rop: p.reorderPoint[i],
      stock: out.stock[i],
      risk: p.stockoutRisk[i],
      reorder: p.reorderNow[i],
    }));
    renderInventory();
    $('#an-inv-export').disabled = false;
    root.dataset.inventory = `${leadTime}:${serviceLevel}:${cover}`;
    await replenish.update({ names: out.names, mean: p.meanDemand, sd: p.sdDemand, stock: out.stock });
  }

  function renderInventory() {
    const { key, dir } = sort;
    const rows = [...invRows].sort((a, b) => (typeof a[key] === 'string' ? a[key].localeCompare(b[key]) : a[key] - b[key]) * dir);
    $('#an-inv-table tbody').innerHTML = rows.map((r) => `<tr data-series="${esc(r.name)}">`
      + `<td class="text">${esc(r.name)}</td><td class="text">${esc(r.model)}</td><td>${num(r.mean)}</td><td>${num(r.sd)}</td>`
      + `<td>${num(r.safety)}</td><td>${num(r.rop)}</td><td>${num(r.stock)}</td>`
      + `<td class="risk" style="--risk:${r.risk.toFixed(3)}">${pct(r.risk, 1)}</td><td class="text">${r.reorder ? 'yes' : ''}</td></tr>`).join('');
    for (const th of root.querySelectorAll('#an-inv-table th[data-key]')) {
      th.setAttribute('aria-sort', th.dataset.key === key ? (dir > 0 ? 'ascending' : 'descending') : 'none');
    }
  }

  for (const th of root.querySelectorAll('#an-inv-table th[data-key]')) {
    th.addEventListener('click', () => {
      sort = { key: th.dataset.key, dir: sort.key === th.dataset.key ? -sort.dir : (th.classList.contains('text') ? 1 : -1) };
      renderInventory();
    });
  }

  $('#an-inv-form').addEventListener('change', () => inventory(series));
  $('#an-inv-export').addEventListener('click', () => downloadCsv('inventory-plan-bundled.csv',
    ['series', 'model', 'lead_time_demand', 'sd', 'safety_stock', 'reorder_point', 'stock', 'stockout_risk', 'reorder_now'],
    invRows.map((r) => [r.name, r.model, r.mean, r.sd, r.safety, r.rop, r.stock, r.risk, r.reorder ? 'yes' : 'no'])));
  $('#an-ab-export').addEventListener('click', () => downloadCsv('ab-test.csv', ['measure', 'value', 'interval'],
    [...root.querySelectorAll('#an-ab-table tbody tr')].map((tr) => [...tr.cells].map((c) => c.textContent))));

  await Promise.all([segment(), abTest(), sampleSize(), inventory(series)]);
}
