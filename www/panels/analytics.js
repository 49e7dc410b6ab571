// Analytics panel: order log → RFM → k-means segments (scatter, elbow, profile table); an A/B test
// calculator with a sample ratio mismatch warning and a sample-size helper; an inventory table built
// from forecasts of the bundled series, sortable by column. All numbers come from the worker.
import uPlot from '../vendor/uplot/uPlot.esm.js';
import { backendLabel } from '../tasks/analytics.js';

const COLORS = ['#1f6fb2', '#d9661f', '#2e9e57', '#b8336a', '#7a5bc4', '#8c6d1f', '#138a8a', '#c43c3c', '#5a6b7d', '#9aa31c', '#e08fb8', '#444'];
const pct = (x, digits = 2) => `${(x * 100).toFixed(digits)}%`;
const num = (x) => (Math.abs(x) >= 100 ? x.toFixed(1) : Math.abs(x) >= 1 ? x.toFixed(2) : x.toPrecision(3));
const esc = (s) => String(s).replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);

/** Parses an order log CSV: a header naming customer, day/date/timestamp and amount columns. */
export function parseOrders(text) {
  const lines = text.trim().split(/\r?\n/).filter((l) => l.trim() !== '');
  if (lines.length < 2) throw new Error('the CSV needs a header and at least one order');
  const header = lines[0].split(',').map((h) => h.trim().toLowerCase().replace(/^"|"$/g, ''));
  const find = (names, fallback) => {
    const i = header.findIndex((h) => names.includes(h));
    return i >= 0 ? i : fallback;
  };
  const ci = find(['customer', 'customer_id', 'customerid', 'shopper', 'user', 'user_id'], 0);
  const ti = find(['day', 'days', 'timestamp', 'time', 'date', 'order_date'], 1);
  const ai = find(['amount', 'value', 'revenue', 'total', 'price'], 2);
  const ids = new Map();
  const customers = [];
  const raw = [];
  const amounts = [];
  for (const [n, line] of lines.slice(1).entries()) {
    const cells = line.split(',').map((c) => c.trim().replace(/^"|"$/g, ''));
    const id = cells[ci];
    if (!ids.has(id)) ids.set(id, /^\d+$/.test(id) && Number(id) <= 0xffffffff ? Number(id) : ids.size);
    customers.push(ids.get(id));
    raw.push(cells[ti]);
    amounts.push(Number(cells[ai]));
    if (cells.length <= Math.max(ci, ti, ai)) throw new Error(`line ${n + 2}: expected ${header.length} columns`);
  }
  // Numbers are days; anything else is a date parsed to milliseconds.
  const numeric = raw.every((t) => t !== '' && !Number.isNaN(Number(t)));
  const timestamps = numeric ? raw.map(Number) : raw.map((t) => Date.parse(t));
  return { customers, timestamps, amounts, unit: numeric ? 'days' : 'ms' };
}

export async function mount(root, { call, series }) {
  const $ = (sel) => root.querySelector(sel);
  const width = () => Math.max(360, Math.min(document.querySelector('main').clientWidth - 40, 1040));
  const show = (el, err) => {
    el.textContent = err ? err.message : '';
    el.hidden = !err;
  };

  // ------------------------------------------------------------------ segments
  const bundled = parseOrders(await (await fetch('./data/orders.csv')).text());
  let uploaded = null;
  let scatter = null;
  let elbowChart = null;

  const log = () => ($('#an-source').value === 'upload' && uploaded ? uploaded : bundled);
  const kmeansArgs = () => ({ ...log(), seed: Number($('#an-seed').value), nInit: Number($('#an-ninit').value) });

  async function segment() {
    let out;
    const k = Number($('#an-k').value);
    try {
      out = await call('segment', { ...kmeansArgs(), k, backend: $('#an-backend').value });
      show($('#an-seg-error'), null);
    } catch (err) {
      show($('#an-seg-error'), err);
      return;
    }
    const { table, seg, ms } = out;
    const orders = log().customers.length;
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
    scatter = new uPlot(opts, [x, ...ys], $('#an-seg-chart'));
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
      elbowChart = new uPlot(opts, [Array.from(e.k), Array.from(e.inertia)], $('#an-elbow-chart'));
      root.dataset.suggestedK = String(e.suggestedK);
      $('#an-k').value = String(e.suggestedK);
      await segment();
    } catch (err) {
      show($('#an-seg-error'), err);
    } finally {
      button.disabled = false;
      button.textContent = 'Suggest k (elbow)';
    }
  }

  $('#an-file').addEventListener('change', async (ev) => {
    const file = ev.target.files[0];
    if (!file) return;
    try {
      uploaded = parseOrders(await file.text());
      const option = $('#an-source').querySelector('option[value="upload"]');
      option.disabled = false;
      option.textContent = `uploaded: ${file.name}`;
      $('#an-source').value = 'upload';
      await segment();
    } catch (err) {
      show($('#an-seg-error'), err);
    }
  });
  $('#an-seg-form').addEventListener('change', (ev) => ev.target.id !== 'an-file' && segment());
  $('#an-elbow-run').addEventListener('click', elbow);

  // ------------------------------------------------------------------ A/B test
  const VERDICTS = {
    bBetter: 'B converts better than A.',
    aBetter: 'A converts better than B.',
    inconclusive: 'No significant difference at this level: keep the experiment running or accept no effect.',
    sampleRatioMismatch: 'Results withheld: the traffic split is not as designed (sample ratio mismatch).',
  };
  let abRuns = 0;

  async function abTest() {
    const v = (id) => Number($(id).value);
    const split = $('#an-split').value.split(/[:/,]/).map(Number);
    let r;
    try {
      r = await call('abTest', {
        a: { conversions: v('#an-a-conversions'), visitors: v('#an-a-visitors') },
        b: { conversions: v('#an-b-conversions'), visitors: v('#an-b-visitors') },
        level: v('#an-level'),
        split,
      });
      show($('#an-ab-error'), null);
    } catch (err) {
      show($('#an-ab-error'), err);
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
    const rateA = Number($('#an-ss-rate').value);
    const rateB = rateA * (1 + Number($('#an-ss-lift').value));
    try {
      const n = await call('sampleSize', { rateA, rateB, power: Number($('#an-ss-power').value) });
      $('#an-ss-out').textContent = `${n.nA.toLocaleString('en')} visitors per arm to detect ${pct(rateA)} → ${pct(rateB)} (α = 5%)`;
    } catch (err) {
      $('#an-ss-out').textContent = err.message;
    }
  }
  $('#an-ab-form').addEventListener('change', abTest);
  $('#an-ss-form').addEventListener('change', sampleSize);

  // ------------------------------------------------------------------ inventory
  let invRows = [];
  let sort = { key: 'risk', dir: -1 };

  async function inventory(series) {
    const leadTime = Number($('#an-lead').value);
    const serviceLevel = Number($('#an-service').value);
    const cover = Number($('#an-cover').value) / 100;
    let out;
    try {
      out = await call('inventory', { series, leadTime, serviceLevel, cover });
      show($('#an-inv-error'), null);
    } catch (err) {
      show($('#an-inv-error'), err);
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
    root.dataset.inventory = `${leadTime}:${serviceLevel}:${cover}`;
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

  await Promise.all([segment(), abTest(), sampleSize(), inventory(series)]);
}
