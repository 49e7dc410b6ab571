// Replenishment plan in the analytics panel: from the inventory table's lead-time demand and stock,
// integer orders per series under a purchase budget and a storage capacity (replenishmentPlan, an
// exact MILP solved in the module); the plan, its totals and a CSV export. All numbers come from the worker.
import { downloadCsv } from '../export.js';
import { readNumber, validate, humanize } from '../form.js';

const num = (x) => (Math.abs(x) >= 100 ? x.toFixed(0) : Math.abs(x) >= 1 ? x.toFixed(2) : x.toPrecision(3));
const pct = (x) => `${(x * 100).toFixed(1)}%`;
const esc = (s) => String(s).replace(/[&<>"]/g, (c) => `&#${c.charCodeAt(0)};`);
const LABELS = {
  'options.budget': 'Budget', 'options.capacity': 'Storage capacity (units)', 'options.minServiceLevel': 'Minimum service level',
};

/** Mounts the plan's controls inside `root`; `update(table)` re-plans for a new inventory table. */
export function mountReplenish(root, { call }) {
  const $ = (sel) => root.querySelector(sel);
  const inputs = ['#rp-budget', '#rp-capacity', '#rp-holding', '#rp-stockout', '#rp-unit', '#rp-minpacks'].map((s) => $(s));
  let table = null; // { names, mean, sd, stock } of the inventory table
  let rows = [];
  let run = 0;

  function clear(err) {
    rows = [];
    $('#rp-table tbody').innerHTML = '';
    $('#rp-summary').textContent = '';
    $('#rp-export').disabled = true;
    $('#rp-error').textContent = err ? err.message : '';
    $('#rp-error').hidden = !err;
    delete root.dataset.replenish;
  }

  async function plan() {
    const t = table; // the table this run plans for (a later update may replace or clear it)
    if (!t) return;
    const mine = ++run;
    let settings;
    let out;
    try {
      settings = validate(inputs, () => ({
        budget: readNumber($('#rp-budget'), { optional: true }),
        capacity: readNumber($('#rp-capacity'), { optional: true }),
        unitCost: readNumber($('#rp-unit')),
        holdingCost: readNumber($('#rp-holding')),
        stockoutCost: readNumber($('#rp-stockout')),
        minPacks: readNumber($('#rp-minpacks')),
      }));
      const level = $('#rp-service').value;
      settings.minServiceLevel = level === '' ? null : Number(level);
      out = await call('replenish', { ...t, ...settings });
      if (mine !== run) return;
    } catch (err) {
      if (mine !== run) return;
      clear(humanize(err, LABELS));
      return;
    }
    $('#rp-error').hidden = true;
    const p = out.plan;
    rows = t.names.map((name, i) => ({
      name, mean: t.mean[i], stock: t.stock[i], pack: out.pack[i], minOrder: out.minOrder[i],
      qty: p.quantity[i], packs: p.packs[i], free: p.unconstrained[i], spend: p.spend[i],
      risk: p.stockoutRisk[i], cost: p.expectedCost[i],
    }));
    $('#rp-table tbody').innerHTML = rows.map((r) => `<tr data-series="${esc(r.name)}">`
      + `<td class="text">${esc(r.name)}</td><td>${num(r.mean)}</td><td>${num(r.stock)}</td><td>${r.pack}</td>`
      + `<td>${r.qty}</td><td>${r.packs}</td><td>${r.free}</td><td>${num(r.spend)}</td>`
      + `<td class="risk" style="--risk:${r.risk.toFixed(3)}">${pct(r.risk)}</td><td>${num(r.cost)}</td></tr>`).join('');
    const limit = (x) => (x === null ? 'no limit' : num(x));
    $('#rp-summary').textContent = `Expected holding + stock-out cost ${num(p.objective)} (no orders: ${num(p.costWithoutOrders)}, `
      + `no budget or capacity: ${num(p.costUnconstrained)}) · spend ${num(p.totalSpend)} of ${limit(settings.budget)} · `
      + `space ${num(p.totalSpace)} of ${limit(settings.capacity)} · `
      + `${p.status === 'optimal' ? 'optimal' : `node limit, gap ${(p.gap * 100).toPrecision(2)}%`} (${p.nodes} nodes, ${out.ms.toFixed(0)} ms)`;
    $('#rp-export').disabled = false;
    root.dataset.replenish = `${settings.budget}:${settings.capacity}:${p.objective}`;
  }

  $('#rp-form').addEventListener('change', plan);
  $('#rp-export').addEventListener('click', () => downloadCsv('replenishment-plan.csv',
    ['series', 'lead_time_demand', 'stock', 'pack', 'min_order', 'order_qty', 'packs', 'unconstrained_qty', 'order_value', 'stockout_risk_after', 'expected_cost'],
    rows.map((r) => [r.name, r.mean, r.stock, r.pack, r.minOrder, r.qty, r.packs, r.free, r.spend, r.risk, r.cost])));

  return {
    update(next) {
      table = next;
      if (!next) {
        run++; // a plan still in the worker must not draw over the cleared table
        clear();
      }
      return plan();
    },
  };
}
