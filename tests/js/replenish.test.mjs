// replenishmentPlan as a web developer uses it: integer orders under a budget and a capacity, the
// same optimum as scipy's milp (HiGHS) on the fixture instances, errors that name the argument
// (the infeasible constraint included), hostile sizes refused, and the module still working after.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { loadEdgewise, root } from './load.mjs';

const edgewise = await loadEdgewise();
const { instances } = JSON.parse(readFileSync(`${root}tests/fixtures/milp/instances.json`, 'utf8'));

/** The fixture's SKUs as the columns replenishmentPlan takes. */
function columns(skus) {
  const col = (k) => Float64Array.from(skus, (s) => s[k]);
  return {
    mean: col('mean'), sd: col('sd'), stock: col('position'), unitCost: col('unitCost'),
    holdingCost: col('holdingCost'), stockoutCost: col('stockoutCost'), volume: col('volume'),
    minOrder: col('minOrder'), pack: col('pack'),
  };
}

const small = () => ({ mean: [100, 40, 60], sd: [20, 10, 5], stock: [0, 35, 0], unitCost: 4, holdingCost: 1, stockoutCost: 9, pack: [12, 1, 1], minOrder: [48, 30, 0] });

test('the optimum equals HiGHS on every fixture instance, and the plan meets the constraints', () => {
  for (const inst of instances) {
    const skus = columns(inst.skus);
    const p = edgewise.replenishmentPlan(skus, { ...inst.options, maxNodes: 200000 });
    const want = inst.highs.objective;
    assert.ok(Math.abs(p.objective - want) <= 1e-6 * want, `${inst.name}: ${p.objective} vs HiGHS ${want}`);
    assert.equal(p.status, 'optimal');
    assert.ok(p.quantity instanceof Float64Array && p.quantity.length === inst.skus.length);
    let spend = 0;
    let space = 0;
    inst.skus.forEach((s, i) => {
      const q = p.quantity[i];
      assert.ok(q === 0 || (q >= s.minOrder && Number.isInteger(q / s.pack)), `${inst.name} sku ${i}: ${q}`);
      spend += s.unitCost * q;
      space += s.volume * q;
    });
    if (inst.options.budget !== undefined) assert.ok(spend <= inst.options.budget * (1 + 1e-9));
    if (inst.options.capacity !== undefined) assert.ok(space <= inst.options.capacity * (1 + 1e-9));
    assert.ok(Math.abs(p.totalSpend - spend) <= 1e-9 * Math.max(1, spend));
    assert.ok(p.bound <= p.objective && p.objective <= p.costWithoutOrders + 1e-9);
  }
});

test('a tighter budget never lowers the cost; one number applies to every SKU', () => {
  const loose = edgewise.replenishmentPlan(small());
  const tight = edgewise.replenishmentPlan(small(), { budget: 300, capacity: 90 });
  assert.ok(tight.objective >= loose.objective);
  assert.ok(tight.totalSpend <= 300 && tight.totalSpace <= 90);
  assert.deepEqual([...loose.quantity], [...loose.unconstrained]);
  assert.ok(loose.quantity[0] % 12 === 0 && loose.quantity[0] >= 48);
});

test('an infeasible plan names the constraint and what it would take', () => {
  const s = { ...small(), pack: 10, minOrder: 0 };
  assert.throws(() => edgewise.replenishmentPlan(s, { budget: 100, minServiceLevel: 0.95 }),
    /invalid argument `options\.budget`: expected at least \d+/);
  assert.throws(() => edgewise.replenishmentPlan(s, { capacity: 1, minServiceLevel: 0.95 }),
    /invalid argument `options\.capacity`: expected at least \d+/);
  assert.throws(() => edgewise.replenishmentPlan({ ...s, maxOrder: [10, 10, 10] }, { minServiceLevel: 0.95 }),
    /invalid argument `skus\.maxOrder\[0\]`/);
});

test('bad input throws an Error naming the argument; the module keeps working', () => {
  const cases = [
    [[null], /`skus`: expected an object/],
    [[{ ...small(), typo: 1 }], /`skus`/],
    [[{ ...small(), pack: [12, 2.5, 1] }], /`skus\.pack\[1\]`: expected a whole number/],
    [[{ ...small(), holdingCost: [1, 0, 1] }], /`skus\.holdingCost\[1\]`/],
    [[{ ...small(), stockoutCost: NaN }], /`skus\.stockoutCost`/],
    [[{ ...small(), stock: [1, 2] }], /`skus\.stock`: expected one value per SKU \(3/],
    [[{ ...small(), stock: undefined }], /`skus\.stock`/],
    [[{ ...small(), sd: [1, -1, 1] }], /`skus\.sd`/],
    [[{ ...small(), mean: { length: 1e9 } }], /`skus\.mean`/],
    [[{ ...small(), mean: { length: -1 } }], /`skus\.mean`/],
    [[{ ...small(), mean: [] }], /`skus\.mean`/],
    [[{ ...small(), mean: 'abc' }], /`skus\.mean`/],
    [[small(), { budget: -1 }], /`options\.budget`/],
    [[small(), { budget: 10n }], /`options\.budget`/],
    [[small(), { gap: 1 }], /`options\.gap`/],
    [[small(), { minServiceLevel: 1 }], /`options\.minServiceLevel`/],
    [[small(), { maxLevels: 2 }], /`options\.maxLevels`: expected at least/],
    [[{ ...small(), mean: [1e9, 1, 1] }], /`options\.maxLevels`/],
    [[small(), { nope: 1 }], /`options`/],
    [[small(), 5], /`options`/],
  ];
  for (const v of [2 ** 32 - 1, 1e9, -1, NaN, 'x', 10n, 0, 1.5]) {
    cases.push([[small(), { maxNodes: v }], /`options\.maxNodes`/]);
    cases.push([[small(), { maxLevels: v }], /`options\.maxLevels`/]);
  }
  for (const [args, re] of cases) {
    assert.throws(() => edgewise.replenishmentPlan(...args), (e) => e instanceof Error && re.test(e.message), `${re}`);
    assert.equal(edgewise.replenishmentPlan(small()).status, 'optimal');
  }
});

test('a node budget of 1 returns a feasible plan with its bound and gap', () => {
  const inst = instances.find((i) => i.name === 'budget-40');
  const p = edgewise.replenishmentPlan(columns(inst.skus), { ...inst.options, maxNodes: 1 });
  assert.ok(['optimal', 'nodeLimit'].includes(p.status));
  assert.equal(p.nodes, 1);
  assert.ok(p.bound <= inst.highs.objective * (1 + 1e-9) && p.objective >= inst.highs.objective * (1 - 1e-9));
  assert.ok(p.gap >= 0 && Number.isFinite(p.gap));
});
