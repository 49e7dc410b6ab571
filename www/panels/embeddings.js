// Embeddings panel: item embeddings trained in the browser from order lines (implicit-feedback
// ALS in the worker, one sweep per call so the page shows progress and the training loss), then a
// customer's recommendations ranked from the trained item store with `rank` (their own purchases
// excluded). Bundled lines: www/data/order_lines.csv (scripts/make_order_lines.py); or upload a
// CSV with customer and item columns (quantity optional).
import { readNumber, humanize } from '../form.js';
import { download } from '../export.js';

const K = 10;
const CSS = `
#panel-embeddings .em-intro { color: #556; margin-top: 0; }
#panel-embeddings .em-controls { display: flex; flex-wrap: wrap; gap: 0.6rem 1rem; align-items: end; }
#panel-embeddings .em-controls input[type=number], #panel-embeddings .em-controls input[type=text] { width: 5.5rem; }
#panel-embeddings progress { width: 260px; vertical-align: middle; }
#panel-embeddings .em-layout { display: grid; grid-template-columns: 1fr 1fr; gap: 1.25rem; margin-top: 0.8rem; }
#panel-embeddings #em-losses td, #panel-embeddings #em-table td { padding: 0.15rem 0.6rem; }
`;
const esc = (s) => String(s).replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]);

const HTML = `
<h2>Item embeddings from the order log</h2>
<p class="em-intro">Trains item and customer embeddings on this device from order lines (who bought what)
by implicit-feedback alternating least squares (Hu, Koren &amp; Volinsky 2008), then ranks items for a
customer with the trained item store — the same store the Rerank tab uses.</p>
<div class="em-controls">
  <label>Order lines <select id="em-source"><option value="bundled">bundled: order_lines.csv</option><option value="upload" disabled>uploaded CSV</option></select></label>
  <label>Upload CSV <input id="em-file" type="file" accept=".csv,.tsv,.txt,text/csv"></label>
  <label>Factors <input id="em-factors" type="number" value="16" min="1" max="256" step="1"></label>
  <label>Regularization <input id="em-reg" type="text" value="1"></label>
  <label>Alpha <input id="em-alpha" type="text" value="1"></label>
  <label>Sweeps <input id="em-iters" type="number" value="10" min="1" max="200" step="1"></label>
  <label>Seed <input id="em-seed" type="number" value="0" min="0" step="1"></label>
  <label><input id="em-gpu" type="checkbox"> Gram steps on WebGPU (when present)</label>
  <button type="button" id="em-train">Train</button>
</div>
<p id="em-summary"></p>
<p><progress id="em-progress" max="1" value="0"></progress> <span id="em-status">not trained yet</span> <small id="em-backend"></small></p>
<p class="error" id="em-error" hidden></p>
<div class="em-layout">
  <div>
    <h3>Training loss per sweep</h3>
    <table id="em-losses" class="numbers"><thead><tr><th>sweep</th><th>loss</th><th>ms</th></tr></thead><tbody></tbody></table>
  </div>
  <div id="em-result" hidden>
    <h3>Recommendations</h3>
    <label>Customer <select id="em-customer"></select></label>
    <button type="button" id="em-npy">Download item embeddings (.npy)</button>
    <table id="em-table" class="numbers"><thead><tr><th>#</th><th>item</th><th>score</th></tr></thead><tbody></tbody></table>
    <p id="em-bought"></p>
  </div>
</div>`;

export async function mount(root, { call }) {
  const $ = (sel) => root.querySelector(sel);
  document.head.insertAdjacentHTML('beforeend', `<style>${CSS}</style>`);
  root.innerHTML = HTML;
  const bundledText = await (await fetch('./data/order_lines.csv')).text();
  let uploadedText = null;
  let run = 0; // a newer load or training makes an older one stop drawing
  let customers = [];

  const showError = (err) => {
    $('#em-error').textContent = err.message;
    $('#em-error').hidden = false;
  };

  async function load() {
    const text = $('#em-source').value === 'upload' ? uploadedText : bundledText;
    const s = await call('embLoad', { text });
    $('#em-summary').textContent = `${s.lines} order lines of ${s.customers} customers and ${s.items} items, `
      + `read from columns "${s.columns.customer}", "${s.columns.item}"${s.columns.quantity ? `, "${s.columns.quantity}" (quantity)` : ' (each line weighs 1)'}`
      + `; ${s.issues.droppedCount} rows dropped${s.issues.dropped[0] ? ` (line ${s.issues.dropped[0].line}: ${s.issues.dropped[0].reason})` : ''}`;
    return s;
  }

  function options() {
    return {
      factors: readNumber($('#em-factors'), { label: 'Factors' }),
      regularization: readNumber($('#em-reg'), { integer: false, label: 'Regularization' }),
      alpha: readNumber($('#em-alpha'), { integer: false, label: 'Alpha' }),
      seed: readNumber($('#em-seed'), { label: 'Seed' }),
    };
  }

  async function train() {
    const mine = ++run;
    $('#em-error').hidden = true;
    root.dataset.state = 'training';
    $('#em-result').hidden = true;
    $('#em-losses tbody').innerHTML = '';
    try {
      const opts = options();
      const sweeps = readNumber($('#em-iters'), { label: 'Sweeps' });
      await load();
      const started = await call('embStart', { options: opts, gpu: $('#em-gpu').checked })
        .catch((e) => { throw humanize(e, { 'options.factors': 'Factors', 'options.regularization': 'Regularization', 'options.alpha': 'Alpha', 'options.seed': 'Seed' }); });
      customers = started.customers;
      $('#em-progress').max = sweeps;
      for (let i = 0; i < sweeps; i++) {
        const t0 = performance.now();
        const { loss, steps, backend, fallbackReason } = await call('embStep');
        if (mine !== run) return;
        const ms = performance.now() - t0;
        $('#em-progress').value = steps;
        $('#em-status').textContent = `sweep ${steps} of ${sweeps}: loss ${loss.toPrecision(6)}`;
        root.dataset.backend = backend;
        $('#em-backend').textContent = `Gram steps on: ${backend}${fallbackReason ? ` (${fallbackReason})` : ''}`;
        $('#em-losses tbody').insertAdjacentHTML('beforeend', `<tr><td>${steps}</td><td>${loss.toPrecision(6)}</td><td>${ms.toFixed(0)}</td></tr>`);
        root.dataset.steps = String(steps);
      }
      $('#em-status').textContent += ` — ${started.items} items × ${started.factors} factors trained`;
      $('#em-customer').innerHTML = customers.map((c) => `<option value="${esc(c)}">${esc(c)}</option>`).join('');
      $('#em-result').hidden = false;
      await recommend();
      if (mine === run) root.dataset.state = 'trained';
    } catch (err) {
      if (mine !== run) return;
      showError(err);
      root.dataset.state = 'failed';
    }
  }

  async function recommend() {
    const customer = $('#em-customer').value;
    const r = await call('embRank', { customer, k: K });
    $('#em-table tbody').innerHTML = r.ids.map((id, i) =>
      `<tr data-item="${esc(id)}"><td>${i + 1}</td><td>${esc(id)}</td><td>${r.scores[i].toFixed(4)}</td></tr>`).join('');
    $('#em-bought').textContent = `Customer ${customer} bought: ${r.bought.slice(0, 12).map(([id, q]) => `${id} ×${q}`).join(', ')}${r.bought.length > 12 ? ', …' : ''}`;
    root.dataset.customer = customer;
  }

  $('#em-train').addEventListener('click', train);
  $('#em-customer').addEventListener('change', () => recommend().catch(showError));
  $('#em-npy').addEventListener('click', async () => {
    const bytes = await call('embNpy');
    download('item-embeddings.npy', new Blob([bytes], { type: 'application/octet-stream' }));
  });
  $('#em-file').addEventListener('change', async (ev) => {
    const file = ev.target.files[0];
    if (!file) return;
    uploadedText = await file.text();
    const option = $('#em-source').querySelector('option[value="upload"]');
    option.disabled = false;
    option.textContent = `uploaded: ${file.name}`;
    $('#em-source').value = 'upload';
    ++run;
    $('#em-result').hidden = true;
    root.dataset.state = 'loaded';
    try {
      await load();
      $('#em-error').hidden = true;
    } catch (err) {
      showError(new Error(`${file.name}: ${err.message}`));
      root.dataset.state = 'failed';
    }
  });
  await load();
  root.dataset.state = 'loaded';
}
