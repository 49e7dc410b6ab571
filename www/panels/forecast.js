// Forecast panel: a bundled series (the analyst's own files: panels/skus.js), a model (AutoETS by default) → chart with
// history, forecast and interval band, the forecast table, a rolling-origin backtest table, and a
// batch run over every bundled series with a progress bar. All numbers come from the worker.
import { shard, mergeBatches } from '../shard.js';
import { nonNegative, clampBatchNonNegative } from '../demand.js';
import uPlot from '../vendor/uplot/uPlot.esm.js';
import { responsive, widthOf } from '../charts.js';
import { readNumber, validate, humanize } from '../form.js';

/** The forecast form's labels by argument name, for module errors that still reach the page. */
const LABELS = { horizon: 'Horizon', 'options.seasonLength': 'Season length', 'options.spec': 'ETS form', 'options.seed': 'Seed', 'options.windows': 'Windows', 'options.horizon': 'Horizon' };

const fmt = (x) => (Number.isFinite(x) ? (Math.abs(x) >= 100 ? x.toFixed(1) : x.toPrecision(4)) : '–');
const esc = (s) => String(s).replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' }[c]));

export async function mount(root, { call, callSharded, workerCount, series }) {
  const $ = (sel) => root.querySelector(sel);
  const select = $('#fc-series');
  for (const [i, s] of series.entries()) {
    select.add(new Option(`${s.name} (${s.freq}, n=${s.values.length})`, String(i)));
  }
  let chart = null;

  const current = () => series[Number(select.value)];
  const showError = (el, err) => {
    el.textContent = err ? err.message : '';
    el.hidden = !err;
  };

  /** The form's numbers, checked in the words of their labels (throws a labelled Error). */
  function fields() {
    const inputs = ['#fc-horizon', '#fc-season', '#fc-seed', '#fc-cv-windows'].map($);
    return validate(inputs, () => ({
      horizon: readNumber($('#fc-horizon')),
      seasonLength: readNumber($('#fc-season'), { optional: true }),
      seed: readNumber($('#fc-seed')),
      windows: readNumber($('#fc-cv-windows')),
    }));
  }

  function options() {
    const model = $('#fc-model').value;
    const f = fields();
    const o = { model, levels: [Number($('#fc-level').value)], seed: f.seed };
    if (f.seasonLength !== null) o.seasonLength = f.seasonLength;
    if (model === 'ets') {
      o.spec = $('#fc-spec').value.trim().toUpperCase();
      if (!/^[AM](N|A|AD)[NAM]$/.test(o.spec)) {
        $('#fc-spec').setAttribute('aria-invalid', 'true');
        throw new Error(`ETS form: enter error A or M, trend N, A or Ad, season N, A or M, such as AAdA (got ${$('#fc-spec').value.trim() || 'nothing'})`);
      }
      o.spec = o.spec.replace('AD', 'Ad');
      $('#fc-spec').removeAttribute('aria-invalid');
    }
    if (model === 'autoETS' || model === 'mstl' || model === 'autoARIMA') o.search = $('#fc-search').value;
    if (model === 'windowAverage') o.window = 4;
    return o;
  }

  async function run() {
    const s = current();
    $('#fc-spec').disabled = $('#fc-model').value !== 'ets';
    $('#fc-search').disabled = !['autoETS', 'mstl', 'autoARIMA'].includes($('#fc-model').value);
    let fc;
    let ms;
    let horizon;
    let opts;
    try {
      horizon = fields().horizon;
      opts = { ...options(), nonNegative: nonNegative(s.values) };
      ({ result: fc, ms } = await call('forecast', { values: s.values, horizon, options: opts }, { timing: true }));
      showError($('#fc-error'), null);
    } catch (err) {
      // Leave no stale numbers next to the message.
      showError($('#fc-error'), humanize(err, LABELS));
      for (const sel of ['#fc-table tbody', '#fc-cv tbody', '#fc-cv tfoot']) $(sel).innerHTML = '';
      for (const sel of ['#fc-chosen', '#fc-aicc', '#fc-m', '#fc-time']) $(sel).textContent = '–';
      chart?.destroy();
      chart = null;
      root.dataset.model = '';
      return;
    }
    const clipped = opts.nonNegative;
    $('#fc-time').textContent = `${ms.toFixed(0)} ms in the worker${clipped ? ' · clipped at 0 (the history has no negative values)' : ''}`;
    $('#fc-chosen').textContent = fc.model;
    $('#fc-aicc').textContent = Number.isFinite(fc.aicc) ? fc.aicc.toFixed(2) : 'n/a';
    $('#fc-m').textContent = String(fc.seasonLength);
    draw(s, fc);
    $('#fc-table tbody').innerHTML = Array.from(fc.point, (p, h) =>
      `<tr><td>${h + 1}</td><td class="fc-point">${fmt(p)}</td><td>${fmt(fc.lower[0][h])}</td><td>${fmt(fc.upper[0][h])}</td></tr>`).join('');
    root.dataset.model = fc.model;
    await backtest(s, horizon, opts);
  }

  async function backtest(s, horizon, opts) {
    const body = $('#fc-cv tbody');
    const foot = $('#fc-cv tfoot');
    try {
      const cv = await call('crossValidation', {
        values: s.values, options: { ...opts, horizon, windows: fields().windows },
      });
      showError($('#fc-cv-error'), null);
      body.innerHTML = Array.from(cv.cutoffs, (c, w) =>
        `<tr><td>${w + 1}</td><td>${c}</td><td>${fmt(cv.mae[w])}</td><td>${fmt(cv.rmse[w])}</td><td>${fmt(cv.smape[w])}</td><td class="fc-mase">${fmt(cv.mase[w])}</td><td>${fmt(cv.coverage[w])}</td></tr>`).join('');
      const cov = Array.from(cv.coverage).reduce((a, b) => a + b, 0) / cv.coverage.length;
      foot.innerHTML = `<tr><td>mean</td><td></td><td>${fmt(cv.mean.mae)}</td><td>${fmt(cv.mean.rmse)}</td><td>${fmt(cv.mean.smape)}</td><td id="fc-cv-mase">${fmt(cv.mean.mase)}</td><td>${fmt(cov)}</td></tr>`;
    } catch (err) {
      body.innerHTML = '';
      foot.innerHTML = '';
      showError($('#fc-cv-error'), humanize(err, LABELS));
    }
  }

  function draw(s, fc) {
    const n = s.values.length;
    const h = fc.point.length;
    // Long series: show the last 4 horizons' worth of history (at least 240 points) for legibility.
    const from = Math.max(0, n - Math.max(240, 4 * h));
    const hist = s.values.slice(from);
    const x = Array.from({ length: n - from + h }, (_, i) => from + i);
    const pad = (arr) => [...Array(hist.length - 1).fill(null), hist[hist.length - 1], ...arr];
    const data = [
      x,
      [...hist, ...Array(h).fill(null)],
      pad(Array.from(fc.point)),
      pad(Array.from(fc.lower[0])),
      pad(Array.from(fc.upper[0])),
    ];
    const pct = `${Math.round(fc.levels[0] * 100)}%`;
    const opts = {
      width: widthOf($('#fc-chart')),
      height: 320,
      scales: { x: { time: false } },
      axes: [{ label: 't' }, {}],
      series: [
        { label: 't' },
        { label: s.name, stroke: '#345', width: 1.5 },
        { label: fc.model, stroke: '#c50', width: 2 },
        { label: `lower ${pct}`, stroke: '#e9a', dash: [4, 4] },
        { label: `upper ${pct}`, stroke: '#e9a', dash: [4, 4] },
      ],
      bands: [{ series: [4, 3], fill: 'rgba(204, 85, 0, 0.14)' }],
    };
    chart?.destroy();
    chart = responsive(new uPlot(opts, data, $('#fc-chart')), $('#fc-chart'));
  }

  async function batch() {
    const button = $('#fc-batch-run');
    const bar = $('#fc-batch-progress');
    const status = $('#fc-batch-status');
    button.disabled = true;
    const controller = new AbortController();
    const cancel = $('#fc-batch-cancel');
    cancel.hidden = false;
    cancel.onclick = () => controller.abort();
    $('#fc-batch tbody').innerHTML = ''; // no results of an earlier run under the new status
    bar.value = 0;
    bar.max = series.length;
    status.textContent = `0 / ${series.length}`;
    try {
      const { horizon } = fields();
      const opts = options();
      delete opts.seasonLength; // each series detects its own
      // One forecastBatch per worker on a contiguous share of the series (every series is fitted
      // on its own, so the merged result equals one call over all of them).
      const shards = shard(series.map((s) => s.values), workerCount()).map((part) => ({ series: part, horizon, options: opts }));
      const outs = await callSharded('forecastBatch', shards, {
        signal: controller.signal,
        timing: true,
        // The shards report separately: count against every series, not the totals heard so far.
        onProgress: (done) => {
          const total = series.length;
          bar.value = done;
          bar.max = total;
          status.textContent = `${done} / ${total} (${Math.round((100 * done) / total)}%)`;
        },
      });
      const out = mergeBatches(outs.map((o) => o.result));
      clampBatchNonNegative(out, series.map((s) => s.values));
      // The work itself: the longest shard's time in its worker (not worker start-up or queueing).
      const secs = (Math.max(...outs.map((o) => o.ms)) / 1000).toFixed(2);
      const failed = out.errors.filter((e) => e !== null).length;
      const where = shards.length > 1 ? ` on ${shards.length} workers` : '';
      status.textContent = `${out.nSeries} / ${out.nSeries} (100%) in ${secs} s${where}${failed ? `, ${failed} failed` : ''}`;
      $('#fc-batch tbody').innerHTML = series.map((s, i) =>
        `<tr data-series="${esc(s.name)}"><td class="fc-text">${esc(s.name)}</td><td>${s.values.length}</td><td class="fc-text fc-model">${esc(out.model[i] || '–')}</td><td>${fmt(out.aicc[i])}</td><td class="fc-next">${fmt(out.point[i * out.horizon])}</td><td class="fc-text">${esc(out.errors[i] ?? '')}</td></tr>`).join('');
    } catch (err) {
      $('#fc-batch tbody').innerHTML = '';
      status.textContent = controller.signal.aborted ? `cancelled at ${bar.value} / ${series.length}: the workers were stopped` : `failed: ${err.message}`;
    } finally {
      cancel.hidden = true;
      button.disabled = false;
    }
  }

  $('#forecast-form').addEventListener('change', run);
  $('#fc-cv-form').addEventListener('change', () => {
    try {
      backtest(current(), fields().horizon, options());
    } catch (err) {
      showError($('#fc-cv-error'), err);
    }
  });
  $('#fc-batch-run').addEventListener('click', batch);
  await run();
}
