// "Your sales" section of the forecast tab: the analyst's CSV → preview with the inferred column
// mapping (changeable) and every dropped row → a forecast and backtest for every SKU across the
// worker pool (progress bar, Cancel terminates the workers) → sortable table, a chart per SKU on a
// date axis, CSV/PNG exports → inventory plan from the analyst's stock file. An optional events
// file (holidays for every SKU, promotions of one SKU) becomes regressors of the SKUs' forecasts
// and backtests when the sales have dates.
import uPlot from '../vendor/uplot/uPlot.esm.js';
import { shard } from '../shard.js';
import { downloadCsv, downloadChart } from '../export.js';
import { responsive, widthOf } from '../charts.js';
import { readNumber, validate } from '../form.js';

const fmt = (x) => (Number.isInteger(x) ? x.toLocaleString('en') : Number.isFinite(x) ? (Math.abs(x) >= 100 ? x.toFixed(1) : x.toPrecision(4)) : '–');
const pct = (x) => (Number.isFinite(x) ? `${(x * 100).toFixed(1)}%` : '–');
const esc = (s) => String(s).replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
const plural = (n, one, many = `${one}s`) => `${n.toLocaleString('en')} ${n === 1 ? one : many}`;
const PERIOD = { daily: 'day', weekly: 'week', monthly: 'month', quarterly: 'quarter', yearly: 'year' };

/** Sorts rows by `key` (strings alphabetically, numbers numerically, NaN last) in direction `dir`. */
function sortRows(rows, { key, dir }) {
  return [...rows].sort((a, b) => {
    const x = a[key];
    const y = b[key];
    if (typeof x === 'string' || typeof y === 'string') return String(x ?? '').localeCompare(String(y ?? '')) * dir;
    const fx = Number.isFinite(x);
    const fy = Number.isFinite(y);
    if (!fx || !fy) return fx === fy ? 0 : fx ? -1 : 1;
    return (x - y) * dir;
  });
}

/** Makes a table's th[data-key] headers sort `state` and call `render`. */
function sortable(table, state, render) {
  for (const th of table.querySelectorAll('th[data-key]')) {
    th.addEventListener('click', () => {
      const key = th.dataset.key;
      state.dir = state.key === key ? -state.dir : 1;
      state.key = key;
      render();
    });
  }
  return () => {
    for (const th of table.querySelectorAll('th[data-key]')) {
      th.setAttribute('aria-sort', th.dataset.key === state.key ? (state.dir > 0 ? 'ascending' : 'descending') : 'none');
    }
  };
}

export async function mount(root, { call, callSharded, workerCount }) {
  const $ = (sel) => root.querySelector(sel);
  const show = (el, err) => {
    el.textContent = err ? err.message : '';
    el.hidden = !err;
  };

  let source = null; // {text, name}
  let overrides = {};
  let imp = null; // importSales result
  let results = null; // per-SKU rows, in file order
  let run = null; // {controller} while a batch runs
  let chart = null;
  let selected = null;
  let stock = null; // importStock result
  let plan = null; // inventory rows
  let events = null; // importEvents result, with `file` (its name)
  let eventsSource = null; // {text, file} of the events file chosen, read again with each sales file
  let eventsRun = null; // placeEvents result of the last run with events
  const skuSort = { key: 'name', dir: 1 };
  const invSort = { key: 'risk', dir: -1 };

  // ------------------------------------------------------------------ import and preview
  function clearResults() {
    results = null;
    eventsRun = null;
    selected = null;
    $('#sku-table tbody').innerHTML = '';
    chart?.destroy();
    chart = null;
    $('#sku-chart-title').textContent = 'Chart: click a SKU in the table';
    for (const b of ['#sku-export-forecasts', '#sku-export-backtest', '#sku-export-png']) $(b).disabled = true;
    $('#sku-progress').value = 0;
    delete root.dataset.results;
    clearInventory();
  }

  async function read(text, name) {
    clearResults();
    show($('#sku-error'), null);
    try {
      imp = await call('importSales', { text, overrides });
      show($('#sku-import-error'), null);
    } catch (err) {
      // A failed read leaves nothing of an earlier file on screen.
      imp = null;
      show($('#sku-import-error'), new Error(`${name}: ${err.message}`));
      $('#sku-preview').hidden = true;
      $('#sku-run').disabled = true;
      $('#sku-status').textContent = 'no usable file';
      root.dataset.imported = 'failed';
      renderEvents();
      return;
    }
    source = { text, name };
    renderPreview();
    // The events file is read again against these sales: its SKU names are checked against
    // theirs, and dates that only the order settles (03/04/2024) follow their order.
    if (eventsSource) await readEvents(eventsSource.text, eventsSource.file);
    else renderEvents();
    $('#sku-run').disabled = false;
    $('#sku-status').textContent = `${plural(imp.series.length, 'SKU')} ready to forecast`;
    root.dataset.imported = String(imp.series.length);
  }

  function renderPreview() {
    const { mapping: m, series, issues, frequency } = imp;
    const lengths = series.map((s) => s.values.length);
    const [lo, hi] = [Math.min(...lengths), Math.max(...lengths)];
    const unit = frequency ? PERIOD[frequency] : 'row';
    const gapTotal = issues.gaps.reduce((a, g) => a + g.count, 0);
    $('#sku-summary').innerHTML = `<strong>${esc(source.name)}</strong>: ${plural(series.length, 'SKU')} · `
      + `${lo === hi ? plural(lo, unit) : `${lo}–${hi} ${unit}s`} each · ${m.layout} layout · `
      + (frequency ? `${frequency} (${overrides.frequency ? 'as chosen' : 'from the dates'}), `
        + `${series.reduce((a, s) => (s.periods[0] < a ? s.periods[0] : a), series[0].periods[0])} to ${series.reduce((a, s) => (s.periods[s.periods.length - 1] > a ? s.periods[s.periods.length - 1] : a), '')}` : 'no date column: rows in file order')
      + ` · ${plural(imp.rows, 'data row')}, <span id="sku-dropped">${issues.droppedCount}</span> dropped`
      + (issues.duplicateCount ? `, ${issues.duplicateCount} duplicates summed` : '')
      + (gapTotal ? `, ${plural(gapTotal, 'missing period')} filled with 0` : '');
    // Mapping controls, set to what was used.
    const opts = (sel, none) => {
      const el = $(sel);
      el.innerHTML = (none ? '<option value="-1">(none)</option>' : '') + m.names.map((n, i) => `<option value="${i}">${esc(n)}</option>`).join('');
    };
    opts('#sku-map-date', true);
    opts('#sku-map-sku', false);
    opts('#sku-map-value', false);
    $('#sku-map-layout').value = m.layout;
    $('#sku-map-date').value = String(m.date);
    $('#sku-map-sku').value = String(m.sku);
    $('#sku-map-value').value = String(m.value);
    $('#sku-map-freq').value = frequency ?? 'monthly';
    $('#sku-map-freq').disabled = !frequency;
    $('#sku-map-order').value = m.dateOrder;
    $('#sku-map-order').closest('label').hidden = !m.dayMonth;
    $('#sku-map-order').closest('label').title = m.dateOrderAmbiguous ? 'No day above 12 in the file: check this.' : '';
    $('#sku-map-order').closest('label').classList.toggle('ambiguous', m.dateOrderAmbiguous);
    $('#sku-map-decimal').value = m.decimal;
    const fs = $('#sku-map-values');
    fs.innerHTML = '<legend>SKU columns</legend>' + m.names.map((n, i) => (i === m.date ? '' : `<label><input type="checkbox" value="${i}"${m.values.includes(i) ? ' checked' : ''}> ${esc(n)}</label>`)).join('');
    for (const el of root.querySelectorAll('.long-only')) el.hidden = m.layout !== 'long';
    for (const el of root.querySelectorAll('.wide-only')) el.hidden = m.layout !== 'wide';
    // The first rows as read, each column labelled with its role.
    const role = (i) => (i === m.date ? 'date' : m.layout === 'long' ? (i === m.sku ? 'SKU' : i === m.value ? 'units' : 'ignored') : m.values.includes(i) ? 'SKU' : 'ignored');
    $('#sku-preview-table thead').innerHTML = `<tr><th>line</th>${m.names.map((n, i) => `<th class="text" data-role="${role(i)}">${esc(n)}<br><small>${role(i)}</small></th>`).join('')}</tr>`;
    $('#sku-preview-table tbody').innerHTML = imp.preview.map((r) => `<tr><td>${r.line}</td>${m.names.map((_, i) => `<td class="text">${esc(r.cells[i] ?? '')}</td>`).join('')}</tr>`).join('');
    // Every dropped row, duplicate and gap.
    const items = [
      ...issues.dropped.map((d) => `<li class="dropped" data-line="${d.line}">line ${d.line}: ${esc(d.reason)} (${d.what ?? 'row'} dropped)</li>`),
      ...(issues.droppedCount > issues.dropped.length ? [`<li>… and ${issues.droppedCount - issues.dropped.length} more dropped rows</li>`] : []),
      ...issues.duplicates.map((d) => `<li class="duplicate">lines ${d.lines.join(' and ')}: ${esc(d.sku)} has two rows for ${esc(d.period)} (summed)</li>`),
      ...issues.gaps.map((g) => `<li class="gap">${esc(g.sku)}: ${plural(g.count, 'missing period')} from ${esc(g.first)} (filled with 0)</li>`),
    ];
    $('#sku-issues-summary').textContent = items.length
      ? `${plural(issues.droppedCount, 'row or value', 'rows or values')} dropped, ${plural(issues.duplicateCount, 'duplicate')}, ${plural(issues.gaps.length, 'SKU')} with gaps`
      : 'every row was read: nothing dropped, no duplicates, no gaps';
    $('#sku-issues-list').innerHTML = items.join('');
    $('#sku-issues').open = issues.droppedCount > 0;
    $('#sku-preview').hidden = false;
  }

  $('#sku-mapping').addEventListener('change', (ev) => {
    const t = ev.target;
    const key = { 'sku-map-layout': 'layout', 'sku-map-date': 'date', 'sku-map-sku': 'sku', 'sku-map-value': 'value', 'sku-map-freq': 'frequency', 'sku-map-order': 'dateOrder', 'sku-map-decimal': 'decimal' }[t.id];
    if (key) overrides[key] = ['date', 'sku', 'value'].includes(key) ? Number(t.value) : t.value;
    else overrides.values = [...root.querySelectorAll('#sku-map-values input:checked')].map((c) => Number(c.value));
    if (source) read(source.text, source.name);
  });
  $('#sku-file').addEventListener('change', async (ev) => {
    const file = ev.target.files[0];
    if (!file) return;
    overrides = {};
    await read(await file.text(), file.name);
  });
  $('#sku-paste-read').addEventListener('click', () => {
    overrides = {};
    read($('#sku-paste').value, 'pasted text');
  });

  // ------------------------------------------------------------------ events
  /** Whether the events can be used with the sales read: they are placed by the periods' dates. */
  const eventsUsable = () => Boolean(imp?.frequency);

  function renderEvents() {
    const why = !imp ? 'Read a sales file first: events are placed on its dates.'
      : !imp.frequency ? 'The sales file has no date column (rows in file order): events are placed by date, so they cannot be used.' : '';
    for (const sel of ['#sku-events-file', '#sku-events-paste-read']) $(sel).disabled = Boolean(why);
    $('#sku-events-label').title = why;
    $('#sku-events-paste-read').title = why;
    $('#sku-events-clear').hidden = !events;
    const box = $('#sku-events-issues');
    if (!events) {
      $('#sku-events-summary').textContent = why && imp ? why : '';
      box.hidden = true;
      delete root.dataset.events;
      return;
    }
    const { events: list, issues, dateOrder, dayMonth, ambiguous } = events;
    const names = new Set(list.map((e) => e.name)).size;
    const own = list.filter((e) => e.sku !== null).length;
    let text = `${events.file}: ${plural(list.length, 'event')} (${plural(names, 'name')}${own ? `, ${own.toLocaleString('en')} for a single SKU` : ''}) read, ${plural(issues.droppedCount, 'row')} dropped`
      + (dayMonth ? ` · dates read as ${dateOrder === 'mdy' ? 'month/day/year' : 'day/month/year'}${ambiguous ? ' (no day above 12 in the file: as the sales file)' : ''}` : '');
    if (why) text += ` · not used: ${why}`;
    else if (eventsRun) {
      text += ` · last run: ${plural(eventsRun.placed, 'event')} placed, ${eventsRun.ignored.length} ignored`
        + (eventsRun.ignored.length ? ' (no effect on any SKU: listed below)' : '');
    } else text += ' · used by the next forecast';
    $('#sku-events-summary').textContent = text;
    const items = [
      ...issues.dropped.map((d) => `<li class="dropped" data-line="${d.line}">line ${d.line}: ${esc(d.reason)} (row dropped)</li>`),
      ...(issues.droppedCount > issues.dropped.length ? [`<li>… and ${issues.droppedCount - issues.dropped.length} more dropped rows</li>`] : []),
      ...(eventsRun && !why ? eventsRun.ignored.map((e) => `<li class="ignored" data-line="${e.line}">line ${e.line}: ${esc(e.name)} on ${e.date} ignored: ${esc(e.reason)}</li>`) : []),
    ];
    $('#sku-events-issues-summary').textContent = `${plural(issues.droppedCount, 'row')} dropped`
      + (eventsRun && !why ? `, ${plural(eventsRun.ignored.length, 'event')} ignored` : '');
    $('#sku-events-list').innerHTML = items.join('');
    box.hidden = items.length === 0;
    box.open = items.length > 0;
    root.dataset.events = why ? 'unused' : String(list.length);
  }

  async function readEvents(text, file) {
    clearResults();
    events = null;
    eventsRun = null;
    eventsSource = { text, file };
    try {
      events = { ...(await call('importEvents', { text, dateOrder: imp?.mapping.dateOrder, skus: imp?.series.map((s) => s.name) })), file };
      show($('#sku-events-error'), null);
    } catch (err) {
      show($('#sku-events-error'), new Error(`${file}: ${err.message}`));
      root.dataset.events = 'failed';
    }
    renderEvents();
    if (!events) root.dataset.events = 'failed';
  }

  $('#sku-events-file').addEventListener('change', async (ev) => {
    const file = ev.target.files[0];
    if (file) await readEvents(await file.text(), file.name);
  });
  $('#sku-events-paste-read').addEventListener('click', () => readEvents($('#sku-events-paste').value, 'pasted events'));
  $('#sku-events-clear').addEventListener('click', () => {
    clearResults();
    events = null;
    eventsRun = null;
    eventsSource = null;
    $('#sku-events-file').value = '';
    show($('#sku-events-error'), null);
    renderEvents();
  });

  // ------------------------------------------------------------------ every SKU
  function settings() {
    const inputs = ['#sku-horizon', '#sku-season', '#sku-seed'].map($);
    return validate(inputs, () => ({
      horizon: readNumber($('#sku-horizon')),
      seasonLength: readNumber($('#sku-season'), { optional: true }),
      seed: readNumber($('#sku-seed')),
      level: Number($('#sku-level').value),
      model: $('#sku-model').value,
    }));
  }

  async function forecastAll() {
    if (!imp) return;
    clearResults();
    let s;
    try {
      s = settings();
      show($('#sku-error'), null);
    } catch (err) {
      show($('#sku-error'), err);
      $('#sku-status').textContent = 'not run';
      return;
    }
    const { horizon, ...rest } = s;
    const skuSettings = { ...rest, frequencySeason: imp.seasonLength };
    const all = imp.series;
    const calendar = events && eventsUsable() ? events.events : null;
    eventsRun = null;
    if (calendar) {
      try {
        eventsRun = await call('placeEvents', { events: calendar, series: all.map(({ name, times, next }) => ({ name, times, next })), frequency: imp.frequency, horizon });
      } catch (err) {
        show($('#sku-error'), err);
        return;
      }
    }
    const groups = shard(all.map((x) => x.values), workerCount());
    let at = 0;
    const shards = groups.map((g) => {
      const part = all.slice(at, at + g.length).map(({ name, values, next, times }) => ({ name, values, next, times: calendar ? times : null }));
      at += g.length;
      return { series: part, horizon, settings: skuSettings, frequency: imp.frequency, events: calendar };
    });
    const controller = new AbortController();
    run = { controller };
    const bar = $('#sku-progress');
    const status = $('#sku-status');
    bar.max = all.length;
    bar.value = 0;
    status.textContent = `0 / ${all.length} SKUs`;
    $('#sku-run').disabled = true;
    $('#sku-cancel').hidden = false;
    root.dataset.running = 'true';
    try {
      const outs = await callSharded('forecastSkus', shards, {
        signal: controller.signal,
        timing: true,
        onProgress: (done) => {
          bar.value = done;
          status.textContent = `${done} / ${all.length} SKUs (${Math.round((100 * done) / all.length)}%)`;
        },
      });
      results = outs.flatMap((o) => o.result).map((r, i) => ({
        ...r,
        n: all[i].values.length,
        next: r.point?.[0],
        lo: r.lower?.[0],
        hi: r.upper?.[0],
        nextLabel: r.future?.[0].label ?? '',
        eventsUsed: r.withEvents ? eventsRun.used[i] : NaN,
        season: r.error ? '' : r.seasonLength > 1 ? `${r.seasonLength} (${{ 'from the date frequency': `${imp.frequency} dates`, detected: 'detected', chosen: 'chosen' }[r.seasonSource]})` : 'none',
        note: r.error ?? [r.note, r.clamped ? '' : 'history has negatives: not clipped at 0'].filter(Boolean).join('; '),
      }));
      const failed = results.filter((r) => r.error).length;
      // The work itself: the longest shard's time in its worker (not worker start-up or queueing).
      const secs = (Math.max(...outs.map((o) => o.ms)) / 1000).toFixed(2);
      status.textContent = `${all.length} / ${all.length} SKUs (100%) in ${secs} s on ${plural(shards.length, 'worker')}${failed ? `, ${failed} failed` : ''}`;
      renderTable();
      renderEvents();
      for (const b of ['#sku-export-forecasts', '#sku-export-backtest']) $(b).disabled = false;
      const first = results.find((r) => !r.error);
      if (first) drawSku(first.name);
      root.dataset.results = String(results.length);
      if (stock) await inventory();
    } catch (err) {
      results = null;
      if (controller.signal.aborted) {
        status.textContent = `cancelled at ${bar.value} / ${all.length} SKUs: the workers were stopped`;
        root.dataset.results = 'cancelled';
      } else {
        show($('#sku-error'), err);
        status.textContent = 'failed';
      }
    } finally {
      run = null;
      $('#sku-run').disabled = false;
      $('#sku-cancel').hidden = true;
      delete root.dataset.running;
    }
  }

  const renderSkuSort = sortable($('#sku-table'), skuSort, () => renderTable());
  function renderTable() {
    if (!results) return;
    $('#sku-table tbody').innerHTML = sortRows(results, skuSort).map((r) => `<tr data-sku="${esc(r.name)}"${r.name === selected ? ' aria-selected="true"' : ''}>`
      + `<td class="text">${esc(r.name)}</td><td>${r.n}</td><td class="text">${esc(r.demand ?? '')}</td><td class="text sku-model">${esc(r.model ?? '–')}</td><td class="sku-events">${r.withEvents ? fmt(r.eventsUsed) : ''}</td><td class="text">${esc(r.season)}</td>`
      + `<td class="sku-mase">${fmt(r.mase)}</td><td class="text">${esc(r.nextLabel)}</td><td class="sku-next">${fmt(r.next)}</td><td>${fmt(r.lo)}</td><td>${fmt(r.hi)}</td>`
      + `<td class="text">${esc(r.note)}</td></tr>`).join('');
    renderSkuSort();
  }
  $('#sku-table tbody').addEventListener('click', (ev) => {
    const tr = ev.target.closest('tr[data-sku]');
    if (tr) drawSku(tr.dataset.sku);
  });

  function drawSku(name) {
    const r = results?.find((x) => x.name === name);
    const s = imp?.series.find((x) => x.name === name);
    if (!r || !s || r.error) return;
    selected = name;
    for (const tr of root.querySelectorAll('#sku-table tbody tr')) tr.toggleAttribute('aria-selected', tr.dataset.sku === name);
    const dated = Boolean(s.times);
    const n = s.values.length;
    const h = r.point.length;
    const x = dated ? [...s.times, ...r.future.map((f) => f.time)] : Array.from({ length: n + h }, (_, i) => i + 1);
    const pad = (arr) => [...Array(n - 1).fill(null), s.values[n - 1], ...arr];
    const data = [x, [...s.values, ...Array(h).fill(null)], pad(Array.from(r.point)), pad(Array.from(r.lower)), pad(Array.from(r.upper))];
    const level = `${Math.round(r.level * 100)}%`;
    const container = $('#sku-chart');
    chart?.destroy();
    chart = new uPlot({
      width: widthOf(container),
      height: 300,
      scales: { x: { time: dated } },
      axes: [{ label: dated ? imp.frequency : 'row' }, {}],
      series: [
        { label: dated ? 'period' : 'row', value: dated ? (u, v) => (v === null ? '–' : new Date(v * 1000).toISOString().slice(0, 10)) : undefined },
        { label: name, stroke: '#345', width: 1.5 },
        { label: r.model, stroke: '#c50', width: 2 },
        { label: `lower ${level}`, stroke: '#e9a', dash: [4, 4] },
        { label: `upper ${level}`, stroke: '#e9a', dash: [4, 4] },
      ],
      bands: [{ series: [4, 3], fill: 'rgba(204, 85, 0, 0.14)' }],
    }, data, container);
    responsive(chart, container);
    container.uplot = chart; // the e2e test reads the plotted numbers from here
    $('#sku-chart-title').textContent = `Chart: ${name} (${r.model}, ${level} interval)`;
    $('#sku-export-png').disabled = false;
    root.dataset.chart = name;
  }

  renderEvents();
  $('#sku-run').addEventListener('click', forecastAll);
  $('#sku-cancel').addEventListener('click', () => run?.controller.abort());

  // ------------------------------------------------------------------ exports
  const base = () => (source?.name ?? 'sales').replace(/\.[^.]*$/, '').replace(/[^\w.-]+/g, '_');
  // The events column of the exports: how many of the events file's events acted on the SKU
  // (`3 of holidays.csv`), empty when the forecast took no events.
  const eventsCell = (r) => (r.withEvents ? `${r.eventsUsed} of ${events?.file ?? 'the events file'}` : '');
  $('#sku-export-forecasts').addEventListener('click', () => {
    const level = Math.round(results[0]?.level * 100);
    const rows = results.filter((r) => !r.error).flatMap((r) => Array.from(r.point, (p, h) => [r.name, h + 1, r.future[h].label, r.future[h].date, r.model, p, r.lower[h], r.upper[h], eventsCell(r)]));
    downloadCsv(`${base()}-forecasts.csv`, ['sku', 'step', 'period', 'date', 'model', 'forecast', `lower_${level}`, `upper_${level}`, 'events'], rows);
  });
  $('#sku-export-backtest').addEventListener('click', () => {
    downloadCsv(`${base()}-backtest.csv`, ['sku', 'periods', 'demand_class', 'adi', 'model', 'season_length', 'season_from', 'backtest_windows', 'backtest_horizon', 'mase', 'mae', 'rmse', 'smape', 'events', 'note'],
      results.map((r) => [r.name, r.n, r.demand, r.adi, r.model, r.seasonLength, r.seasonSource, r.cvWindows, r.cvHorizon, r.mase, r.mae, r.rmse, r.smape, eventsCell(r), r.note]));
  });
  $('#sku-export-png').addEventListener('click', () => chart && downloadChart(`${base()}-${selected}.png`, chart));

  // ------------------------------------------------------------------ inventory
  function clearInventory() {
    plan = null;
    $('#inv-table tbody').innerHTML = '';
    $('#inv-summary').textContent = '';
    $('#inv-export').disabled = true;
    delete root.dataset.inventory;
  }

  async function inventory() {
    clearInventory();
    show($('#inv-error'), null);
    if (!stock) return;
    if (!results) {
      $('#inv-summary').textContent = `${stock.file}: ${plural(stock.rows.length, 'stock row')} read: forecast every SKU to get the plan.`;
      return;
    }
    let leadDefault;
    try {
      leadDefault = validate([$('#inv-lead')], () => readNumber($('#inv-lead')));
    } catch (err) {
      show($('#inv-error'), err);
      return;
    }
    const byName = new Map(results.map((r) => [r.name, r]));
    const items = [];
    const skipped = [];
    for (const [name, row] of stock.rows) {
      const r = byName.get(name);
      const leadTime = row.leadTime ?? leadDefault;
      if (!r) skipped.push(`${name}: not in the sales file`);
      else if (r.error) skipped.push(`${name}: no forecast (${r.error})`);
      else if (leadTime > r.point.length) skipped.push(`${name}: lead time ${leadTime} is longer than the ${r.point.length} periods forecast (raise "Periods ahead")`);
      else items.push({ name, stock: row.stock, leadTime, cost: row.cost, point: r.point, lower: r.lower, upper: r.upper, level: r.level });
    }
    const stocked = new Set(stock.rows.map(([n]) => n));
    const noStock = results.filter((r) => !stocked.has(r.name)).map((r) => r.name);
    const serviceLevel = Number($('#inv-service').value);
    let p;
    try {
      if (items.length === 0) throw new Error(`no SKU of the stock file has a forecast${skipped.length ? ` (${skipped.slice(0, 3).join('; ')})` : ''}`);
      p = await call('inventoryFromForecasts', { items: items.map(({ name, cost, ...it }) => it), serviceLevel });
    } catch (err) {
      show($('#inv-error'), err);
      return;
    }
    plan = items.map((it, i) => ({
      name: it.name,
      stock: it.stock,
      leadTime: it.leadTime,
      cost: it.cost,
      mean: p.meanDemand[i],
      sd: p.sdDemand[i],
      safety: p.safetyStock[i],
      rop: p.reorderPoint[i],
      risk: p.stockoutRisk[i],
      reorder: p.reorderNow[i] ? 'yes' : '',
      shortfall: p.shortfall[i],
      orderValue: it.cost === null ? NaN : p.shortfall[i] * it.cost,
    }));
    const reorder = plan.filter((r) => r.reorder).length;
    $('#inv-summary').textContent = `${stock.file}: ${plural(plan.length, 'SKU')} planned at ${Math.round(serviceLevel * 100)}% service · ${reorder} to reorder now`
      + (noStock.length ? ` · no stock row for ${plural(noStock.length, 'SKU')}: ${noStock.slice(0, 5).join(', ')}${noStock.length > 5 ? ', …' : ''}` : '')
      + (skipped.length ? ` · skipped: ${skipped.join('; ')}` : '')
      + (stock.issues.droppedCount ? ` · stock file: ${stock.issues.dropped.map((d) => `line ${d.line}: ${d.reason}`).join('; ')}` : '');
    renderInventory();
    $('#inv-export').disabled = false;
    root.dataset.inventory = String(plan.length);
  }

  const renderInvSort = sortable($('#inv-table'), invSort, () => renderInventory());
  function renderInventory() {
    if (!plan) return;
    $('#inv-table tbody').innerHTML = sortRows(plan, invSort).map((r) => `<tr data-sku="${esc(r.name)}"><td class="text">${esc(r.name)}</td>`
      + `<td>${fmt(r.stock)}</td><td>${fmt(r.leadTime)}</td><td class="inv-mean">${fmt(r.mean)}</td><td>${fmt(r.sd)}</td><td>${fmt(r.safety)}</td>`
      + `<td class="inv-rop">${fmt(r.rop)}</td><td class="risk" style="--risk:${r.risk.toFixed(3)}">${pct(r.risk)}</td><td class="text">${r.reorder}</td>`
      + `<td>${fmt(r.shortfall)}</td><td>${fmt(r.orderValue)}</td></tr>`).join('');
    renderInvSort();
  }

  async function readStock(text, file) {
    stock = null;
    clearInventory();
    try {
      stock = { ...(await call('importStock', { text })), file };
      show($('#inv-error'), null);
    } catch (err) {
      show($('#inv-error'), new Error(`${file}: ${err.message}`));
      root.dataset.stock = 'failed';
      return;
    }
    root.dataset.stock = String(stock.rows.length);
    await inventory();
  }

  $('#inv-file').addEventListener('change', async (ev) => {
    const file = ev.target.files[0];
    if (file) await readStock(await file.text(), file.name);
  });

  // ------------------------------------------------------------------ the bundled sample
  // The three files of www/data (scripts/make_sku_sample.py) go through the very steps of the
  // analyst's own: the same reads, previews, issues lists and runs; any can be replaced after.
  const SAMPLE = { sales: 'sku_sales.csv', events: 'sku_events.csv', stock: 'sku_stock.csv' };
  $('#sku-sample').addEventListener('click', async () => {
    const note = $('#sku-sample-status');
    note.hidden = true;
    let texts;
    try {
      texts = await Promise.all(Object.values(SAMPLE).map(async (f) => {
        const res = await fetch(`./data/${f}`);
        if (!res.ok) throw new Error(`${f}: HTTP ${res.status}`);
        return res.text();
      }));
    } catch (err) {
      show($('#sku-import-error'), new Error(`the sample could not be loaded: ${err.message}`));
      return;
    }
    const [sales, calendar, stockText] = texts;
    for (const sel of ['#sku-file', '#sku-events-file', '#inv-file']) $(sel).value = '';
    overrides = {};
    await read(sales, `${SAMPLE.sales} (sample)`);
    if (!imp) return;
    await readEvents(calendar, `${SAMPLE.events} (sample)`);
    await readStock(stockText, `${SAMPLE.stock} (sample, illustrative stock)`);
    note.textContent = `Sample loaded: ${SAMPLE.sales} (${plural(imp.series.length, 'SKU')}), ${SAMPLE.events} (${plural(events?.events.length ?? 0, 'event')}), `
      + `${SAMPLE.stock} (${plural(stock?.rows.length ?? 0, 'stock row')}, illustrative). Next: Forecast every SKU. Choose a file of your own to replace any of them.`;
    note.hidden = false;
    root.dataset.sample = 'loaded';
  });
  // A file of the analyst's replaces part of the sample: each section's summary names its file.
  for (const [sel, type] of [['#sku-file', 'change'], ['#sku-paste-read', 'click'], ['#sku-events-file', 'change'], ['#sku-events-paste-read', 'click'], ['#sku-events-clear', 'click'], ['#inv-file', 'change']]) {
    $(sel).addEventListener(type, () => { $('#sku-sample-status').hidden = true; });
  }
  $('#inv-lead').addEventListener('change', inventory);
  $('#inv-service').addEventListener('change', inventory);
  $('#inv-export').addEventListener('click', () => {
    downloadCsv(`${base()}-inventory-plan.csv`, ['sku', 'stock', 'lead_time', 'lead_time_demand', 'sd', 'safety_stock', 'reorder_point', 'stockout_risk', 'reorder_now', 'order_qty', 'unit_cost', 'order_value'],
      plan.map((r) => [r.name, r.stock, r.leadTime, r.mean, r.sd, r.safety, r.rop, r.risk, r.reorder ? 'yes' : 'no', r.shortfall, r.cost, r.orderValue]));
  });
}
