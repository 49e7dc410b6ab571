// Forecast panel: a bundled series, a model, a horizon → chart with interval band and a table.
import uPlot from '../vendor/uplot/uPlot.esm.js';

const fmt = (x) => (Math.abs(x) >= 100 ? x.toFixed(1) : x.toPrecision(4));

export async function mount(root, { call, series }) {
  const $ = (sel) => root.querySelector(sel);
  const select = $('#fc-series');
  for (const [i, s] of series.entries()) {
    select.add(new Option(`${s.name} (${s.freq}, n=${s.values.length})`, String(i)));
  }
  let chart = null;

  async function run() {
    const s = series[Number(select.value)];
    const model = $('#fc-model').value;
    const horizon = Number($('#fc-horizon').value);
    const options = { model, levels: [Number($('#fc-level').value)] };
    if (model === 'seasonalNaive') options.seasonLength = s.seasonLength;
    if (model === 'windowAverage') options.window = s.seasonLength > 1 ? s.seasonLength : 4;
    const error = $('#fc-error');
    let fc;
    try {
      fc = await call('forecast', { values: s.values, horizon, options });
      error.hidden = true;
    } catch (err) {
      error.textContent = err.message;
      error.hidden = false;
      return;
    }
    draw(s, fc);
    const rows = Array.from(fc.point, (p, h) =>
      `<tr><td>${h + 1}</td><td class="fc-point">${fmt(p)}</td><td>${fmt(fc.lower[0][h])}</td><td>${fmt(fc.upper[0][h])}</td></tr>`);
    $('#fc-table tbody').innerHTML = rows.join('');
    root.dataset.model = fc.model;
  }

  function draw(s, fc) {
    const n = s.values.length;
    const h = fc.point.length;
    const x = Array.from({ length: n + h }, (_, i) => i);
    const pad = (arr, before) => [...Array(before).fill(null), ...arr];
    const data = [
      x,
      [...s.values, ...Array(h).fill(null)],
      pad([s.values[n - 1], ...fc.point], n - 1),
      pad([s.values[n - 1], ...fc.lower[0]], n - 1),
      pad([s.values[n - 1], ...fc.upper[0]], n - 1),
    ];
    const opts = {
      width: Math.min(root.clientWidth - 10, 1040),
      height: 320,
      scales: { x: { time: false } },
      series: [
        { label: 't' },
        { label: s.name, stroke: '#345' },
        { label: fc.model, stroke: '#c50', width: 2 },
        { label: `lower ${fc.levels[0] * 100}%`, stroke: '#e9a' },
        { label: `upper ${fc.levels[0] * 100}%`, stroke: '#e9a' },
      ],
      bands: [{ series: [4, 3], fill: 'rgba(204, 85, 0, 0.12)' }],
    };
    chart?.destroy();
    chart = new uPlot(opts, data, $('#fc-chart'));
  }

  $('#forecast-form').addEventListener('change', run);
  await run();
}
