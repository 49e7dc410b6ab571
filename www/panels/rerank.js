// Rerank panel: click items to build a session; the worker re-ranks the catalog for it with the
// chosen MMR lambda, rules and supply-awareness, and the table explains every score.
import uPlot from '../vendor/uplot/uPlot.esm.js';
import { responsive } from '../charts.js';
import { readNumber, humanize } from '../form.js';

const K = 12;
const STEP_MS = 60_000; // one click a minute: a reproducible session clock
const CSS = `
#panel-rerank .rr-intro { color: #556; margin-top: 0; }
#panel-rerank .rr-layout { display: grid; grid-template-columns: 280px 1fr; gap: 1.25rem; }
#panel-rerank h3 { font-size: 0.95rem; margin: 0.5rem 0; }
#panel-rerank h3 small { color: #778; font-weight: normal; }
#panel-rerank .rr-items { list-style: none; padding: 0; margin: 0; max-height: 360px; overflow-y: auto; border: 1px solid #eef; }
#panel-rerank .rr-items li { display: flex; align-items: center; gap: 0.4rem; padding: 0.15rem 0.4rem; font-size: 0.85rem; border-bottom: 1px solid #f2f3f6; }
#panel-rerank .rr-items li button.rr-view { flex: 1; text-align: left; background: none; border: none; cursor: pointer; font: inherit; padding: 0.1rem; }
#panel-rerank .rr-items li button.rr-view:hover, #panel-rerank #rr-table tbody tr:hover { background: #eef4ff; }
#panel-rerank button.rr-buy { font-size: 0.75rem; padding: 0 0.4rem; cursor: pointer; }
#panel-rerank .rr-session { font-size: 0.8rem; color: #445; padding-left: 1.4rem; min-height: 1.2rem; }
#panel-rerank .rr-cat { display: inline-block; min-width: 1.8rem; text-align: center; border-radius: 3px; color: #fff; font-size: 0.75rem; }
#panel-rerank #rr-table td:nth-child(2) { text-align: left; }
#panel-rerank #rr-table th, #panel-rerank #rr-table td { white-space: nowrap; padding: 0.2rem 0.55rem; }
#panel-rerank #rr-table tbody tr { cursor: pointer; }
#panel-rerank .rr-neg { color: #a33; }
#panel-rerank .rr-pos { color: #272; }
`;
const COLORS = ['#3b6ea5', '#c0504d', '#4e9a4e', '#8064a2', '#d08a2e', '#2f9c9c', '#a5527a', '#6b6b6b'];

export async function mount(root, { call }) {
  const $ = (sel) => root.querySelector(sel);
  document.head.insertAdjacentHTML('beforeend', `<style>${CSS}</style>`);
  const cat = await call('rerankCatalog');
  const events = [];
  let chart = null;

  const catBadge = (i) => {
    const c = cat.categories[i];
    return `<span class="rr-cat" style="background:${COLORS[Number(c.slice(1)) % COLORS.length]}">${c}</span>`;
  };
  const itemLabel = (i) => `${catBadge(i)} item ${i} &middot; $${cat.prices[i].toFixed(2)}${cat.stock[i] <= 0 ? ' &middot; <em>sold out</em>' : ''}`;

  // Browse list: the 4 most popular items of each category.
  const byCat = new Map();
  const order = Array.from(cat.popularity.keys()).sort((a, b) => cat.popularity[b] - cat.popularity[a]);
  for (const i of order) {
    const list = byCat.get(cat.categories[i]) ?? [];
    if (list.length < 4) byCat.set(cat.categories[i], [...list, i]);
  }
  const browse = [...byCat.keys()].sort((a, b) => Number(a.slice(1)) - Number(b.slice(1))).flatMap((c) => byCat.get(c));
  $('#rr-browse').innerHTML = browse.map((i) =>
    `<li data-item="${i}"><button type="button" class="rr-view">${itemLabel(i)}</button><button type="button" class="rr-buy">buy</button></li>`).join('');

  /** The rank options the controls describe (the e2e test rebuilds them the same way). */
  function options() {
    const lambda = Number($('#rr-lambda').value);
    const opts = { k: K, rules: { dropOutOfStock: $('#rr-stock').checked, suppressPurchased: $('#rr-purchased').checked } };
    if (lambda < 1) opts.diversity = { lambda };
    if ($('#rr-cap').checked) opts.categoryCap = 3;
    if ($('#rr-supply').checked) opts.supply = { strength: readNumber($('#rr-strength'), { label: 'Supply-aware strength' }) };
    return opts;
  }

  function addEvent(item, kind) {
    events.push({ item, kind, timestampMs: events.length * STEP_MS });
    run();
  }

  let seq = 0;
  async function run() {
    const mine = ++seq;
    const lambda = Number($('#rr-lambda').value);
    $('#rr-lambda-out').textContent = lambda < 1 ? lambda.toFixed(1) : '1.0 (off)';
    root.dataset.busy = 'true';
    let r;
    try {
      const opts = options();
      r = await call('rerankSession', { events: events.slice(), options: opts });
      $('#rr-error').hidden = true;
    } catch (err) {
      if (mine !== seq) return;
      $('#rr-table tbody').innerHTML = ''; // no ranking of other settings next to the message
      $('#rr-error').textContent = humanize(err, { 'options.supply.strength': 'Supply-aware strength', 'options.diversity.lambda': 'MMR λ' }).message;
      $('#rr-error').hidden = false;
      root.dataset.busy = 'false';
      return;
    }
    if (mine !== seq) return; // a newer request is on its way
    $('#rr-session').innerHTML = events.length
      ? events.map((e) => `<li>${e.kind} ${catBadge(e.item)} item ${e.item}</li>`).join('')
      : '<li><em>empty: cold start, ranked by popularity</em></li>';
    const f = (x, cls = '') => `<td class="${cls}">${x.toFixed(3)}</td>`;
    const p = r.parts;
    $('#rr-table tbody').innerHTML = Array.from(r.indices, (i, row) => `<tr data-item="${i}">
      <td>${row + 1}</td><td>item ${r.ids[row]}</td><td>${catBadge(i)}</td><td>${cat.prices[i].toFixed(2)}</td><td>${cat.stock[i]}</td>
      ${f(r.scores[row])}${f(p.local[row])}${f(p.ruleBoost[row], p.ruleBoost[row] ? 'rr-pos' : '')}
      ${f(p.supplyPenalty[row], p.supplyPenalty[row] ? 'rr-neg' : '')}${f(p.diversityPenalty[row], p.diversityPenalty[row] ? 'rr-neg' : '')}
      <td>${p.pinned[row] ? 'pinned' : ''}</td></tr>`).join('');
    $('#rr-timing').textContent = `(${r.ms.toFixed(2)} ms in wasm · ${r.filtered} filtered · profile ${r.profileBytes} B of JSON)`;
    draw(r);
    root.dataset.order = Array.from(r.indices).join(',');
    root.dataset.events = String(events.length);
    root.dataset.busy = 'false';
  }

  function draw(r) {
    const x = Array.from(r.indices, (_, i) => i + 1);
    const data = [x, Array.from(r.scores), Array.from(r.parts.local),
      Array.from(r.parts.supplyPenalty, (v) => -v), Array.from(r.parts.diversityPenalty, (v) => -v)];
    const opts = {
      width: Math.max(320, Math.min($('#rr-chart').clientWidth || 700, 760)),
      height: 200,
      scales: { x: { time: false } },
      axes: [{ label: 'rank' }, { label: 'score parts' }],
      series: [
        { label: 'rank' },
        { label: 'score', stroke: '#1d2430', width: 2 },
        { label: 'similarity', stroke: '#3b6ea5' },
        { label: '− supply', stroke: '#c0504d' },
        { label: '− diversity', stroke: '#d08a2e' },
      ],
    };
    chart?.destroy();
    chart = responsive(new uPlot(opts, data, $('#rr-chart')), $('#rr-chart'), { share: 1 });
  }

  root.addEventListener('click', (e) => {
    const li = e.target.closest('[data-item]');
    if (!li || !root.contains(li)) return;
    addEvent(Number(li.dataset.item), e.target.closest('.rr-buy') ? 'purchase' : 'view');
  });
  $('#rr-form').addEventListener('input', run);
  $('#rr-reset').addEventListener('click', () => { events.length = 0; run(); });
  await run();
}
