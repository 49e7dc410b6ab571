// Churn panel (inside Analytics): a churn model of the order log (bundled, or uploaded in the panel). Features as of a cutoff
// (RFM and more, `churnData`), the label "no order in the next window", a time-based split (train
// at end − 2·window, test at end − window), a logistic regression judged by ROC AUC on the test
// rows with the ROC curve drawn, and every customer's churn risk today, exportable as CSV. All
// numbers come from the worker (tasks/churn.js).
import uPlot from '../vendor/uplot/uPlot.esm.js';
import { downloadCsv, downloadChart } from '../export.js';
import { responsive } from '../charts.js';
import { readNumber, validate, humanize } from '../form.js';
import { followOrderLog } from './order_log.js';

const num = (x) => (Math.abs(x) >= 100 ? x.toFixed(1) : Math.abs(x) >= 1 ? x.toFixed(2) : x.toPrecision(3));
const LABELS = { 'options.window': 'Inactivity window (days)', 'options.C': 'Regularization C' };

export async function mount(root, { call }) {
  const $ = (sel) => root.querySelector(sel);
  const width = () => Math.max(320, Math.min(document.querySelector('main').clientWidth - 40, 1040));
  // The bundled order log, or the one the Analytics panel around this section announces.
  const log = await followOrderLog(root, call, () => run());
  let chart = null;
  let last = null;

  let runs = 0;
  async function run() {
    const id = ++runs;
    let out;
    let opts;
    try {
      opts = validate([$('#ch-window'), $('#ch-c')], () => ({
        windowDays: readNumber($('#ch-window')),
        C: readNumber($('#ch-c'), { integer: false }),
      }));
      out = await call('churn', { orders: log.orders, ...opts });
      if (id !== runs) return;
      $('#ch-error').hidden = true;
      $('#ch-error').textContent = '';
    } catch (err) {
      if (id !== runs) return;
      last = null;
      chart?.destroy();
      chart = null;
      for (const sel of ['#ch-risk tbody', '#ch-coef tbody']) $(sel).innerHTML = '';
      $('#ch-summary').textContent = '';
      $('#ch-export').disabled = true;
      $('#ch-error').textContent = humanize(err, LABELS).message;
      $('#ch-error').hidden = false;
      root.dataset.churn = 'failed';
      return;
    }
    last = out;
    const { train, test, now } = out;
    $('#ch-summary').textContent = `test ROC AUC ${test.auc.toFixed(3)} · trained on ${train.rows} customers as of day ${num(out.cutoffs.train)} `
      + `(${(train.churnRate * 100).toFixed(1)}% churned), tested on ${test.rows} as of day ${num(out.cutoffs.test)} (${(test.churnRate * 100).toFixed(1)}% churned)`;
    $('#ch-coef tbody').innerHTML = out.featureNames.map((f, j) => `<tr><td class="text">${f}</td><td>${out.coef[j].toFixed(3)}</td></tr>`).join('');
    const order = [...now.risk.keys()].sort((a, b) => now.risk[b] - now.risk[a] || a - b);
    $('#ch-risk tbody').innerHTML = order.slice(0, 15).map((i) => `<tr><td class="text">${log.ids[now.customers[i]]}</td>`
      + `<td>${(now.risk[i] * 100).toFixed(1)}%</td><td>${num(now.recencyDays[i])}</td></tr>`).join('');
    drawRoc(test);
    $('#ch-export').disabled = false;
    root.dataset.churn = `${opts.windowDays}:${opts.C}`;
    root.dataset.customers = String(log.ids.length); // which log it ran on
  }

  function drawRoc({ roc, auc }) {
    const opts = {
      title: `ROC on the test rows (AUC ${auc.toFixed(3)})`,
      width: Math.round(width() * 0.45),
      height: 300,
      scales: { x: { time: false, range: [0, 1] }, y: { range: [0, 1] } },
      axes: [{ label: 'false positive rate' }, { label: 'true positive rate' }],
      series: [{ label: 'FPR' }, { label: 'model', stroke: '#1f6fb2', width: 2 }, { label: 'chance', stroke: '#aaa', dash: [4, 4] }],
      legend: { live: false },
    };
    const x = Array.from(roc.fpr);
    chart?.destroy();
    chart = responsive(new uPlot(opts, [x, Array.from(roc.tpr), x], $('#ch-roc')), $('#ch-roc'));
  }

  $('#ch-form').addEventListener('change', run);
  $('#ch-export').addEventListener('click', () => {
    const { now } = last;
    downloadCsv('churn-risk.csv', ['customer', 'churn_risk', 'days_since_last_order'],
      Array.from(now.customers, (c, i) => [log.ids[c], now.risk[i], now.recencyDays[i]]));
  });
  $('#ch-export-roc').addEventListener('click', () => chart && downloadChart('churn-roc.png', chart));
  await run();
}
