// The learn, analytics and GPU option objects are read from their one definition (`option_set!` in
// the engines, issue #12): their TypeScript interfaces are generated, unknown keys are refused with
// the closest valid key (nested ones too), and each option's error names it in the engine's words.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { loadEdgewise } from './load.mjs';

const ew = await loadEdgewise();
const dts = readFileSync(new URL('../../pkg/edgewise.d.ts', import.meta.url), 'utf8');

function throwsMessage(fn, re) {
  assert.throws(fn, (e) => e instanceof Error && re.test(e.message), `expected ${re}`);
}

test('the option interfaces are generated from their definitions', () => {
  for (const decl of [
    'export interface LogisticOptions {',
    'export interface CalibrationOptions {',
    'export interface DbscanOptions {',
    'export interface OnlineLogisticOptions {',
    'export interface ChurnOptions {',
    'export interface KMeansOptions {',
    'export interface SegmentOptions extends KMeansOptions {',
    'export interface ElbowOptions extends Omit<KMeansOptions, "k"> {',
    'export interface RfmOptions {',
    'export interface SilhouetteOptions {',
    'export interface AbTestOptions {',
    'export interface BetaPriorOptions {',
    'export interface TestOptions {',
    'export interface PlanOptions {',
    'export interface SrmOptions {',
    'export interface LeadTimeOptions {',
    'export interface InventoryPlanOptions {',
    'export interface ReplenishmentOptions {',
    'export interface GpuContextOptions {',
  ]) {
    assert.ok(dts.includes(decl), decl);
  }
  // Each is declared once (the hand-written copies are gone).
  assert.equal(dts.split('export interface KMeansOptions {').length, 2);
  assert.match(dts, /classWeight\?: "balanced" \| \[number, number\];/);
  assert.match(dts, /prior\?: BetaPriorOptions;/);
  assert.match(dts, /export function silhouette\([^)]*options\?: SilhouetteOptions\)/);
});

test('option sets refuse unknown keys, nested ones included, and name each option', () => {
  const points = [0, 0, 1, 1, 5, 5, 6, 6, 9, 9];
  const arms = { a: { conversions: 5, visitors: 100 }, b: { conversions: 9, visitors: 100 } };
  const table = { recency: [1, 2, 3, 4], frequency: [1, 2, 3, 4], monetary: [1, 2, 3, 4] };
  const x = [0, 1, 1, 0, 2, 2, 3, 1];
  const y = [0, 0, 1, 1];
  const cases = [
    // `k` is not an elbow option (kMin..kMax are).
    [() => ew.elbow(points, 2, { k: 3 }), /^invalid argument `options`: expected only the keys kMin, kMax, silhouetteSample, seed, nInit, maxIter, tol, got unknown key `k`/],
    [() => ew.kmeans(points, 2, { nint: 2 }), /unknown key `nint` \(did you mean `nInit`\?\)/],
    [() => ew.segmentRfm(table, { silhouetteSample: 1 }), /^invalid argument `options.silhouetteSample`: expected 0 \(no silhouette\) or a whole number in \[2, 20000\], got 1$/],
    [() => ew.silhouette(points, 2, [0, 0, 1, 1, 1], { sample: 1 }), /^invalid argument `options.sample`: expected a whole number in \[2, 20000\], got 1$/],
    [() => ew.rfm([1, 2], [1, 2], [1, 2], { bins: 2n }), /^invalid argument `options.bins`: expected a whole number in \[2, 9\], got a BigInt$/],
    [() => ew.abTest(arms, { prior: { alpha: 1, beta: 1, alfa: 2 } }), /^invalid argument `options.prior`: expected only the keys alpha, beta, got unknown key `alfa` \(did you mean `alpha`\?\)$/],
    [() => ew.abTest(arms, { prior: 5 }), /^invalid argument `options.prior`: expected an options object, got the number 5$/],
    [() => ew.abTest(arms, { prior: { alpha: 'a', beta: 1 } }), /^invalid argument `options.prior.alpha`: expected a number, got a string$/],
    [() => ew.abTest(arms, { split: 2 }), /^invalid argument `options.split`: expected two weights \[a, b\], got the number 2$/],
    [() => ew.power({ rateA: 0.1, rateB: 0.12 }, 1000, { power: 0.8 }), /^invalid argument `options.power`: expected no `power` option for power\(\)/],
    [() => ew.srmCheck([50, 50], [1, 1], { alpha: Infinity }), /^invalid argument `options.alpha`: expected a finite number, got Infinity$/],
    [() => ew.inventoryPlan({ stock: [5], mean: [10], sd: [2] }, { serviceLevel: NaN }), /^invalid argument `options.serviceLevel`: expected a finite number, got NaN$/],
    [() => ew.leadTimeDemand({ point: [1, 2], sd: [1, 1] }, 2, { correlation: 'full' }), /^invalid argument `options.correlation`: expected one of "independent", "perfect", got "full"$/],
    [() => ew.replenishmentPlan({ mean: [10], sd: [2], stock: 0, unitCost: 1, holdingCost: 1, stockoutCost: 5 }, { maxNodes: 1e9 }), /^invalid argument `options.maxNodes`: expected a whole number in \[1, 1000000\], got 1000000000$/],
    [() => ew.logisticRegression(x, 2, y, { classWeight: 3 }), /^invalid argument `options.classWeight`: expected "balanced" or \[w0, w1\], got the number 3$/],
    [() => ew.logisticRegression(x, 2, y, { maxiter: 3 }), /unknown key `maxiter` \(did you mean `maxIter`\?\)/],
    [() => ew.calibrationCurve([0, 1], [0.5, 0.5], { nBins: '3' }), /^invalid argument `options.nBins`: expected a whole number in \[1, 10000\], got a string$/],
    [() => ew.dbscan([0, 0, 1, 1], 2, null), /^invalid argument `options`: expected an object, got null$/],
    [() => ew.dbscan([0, 0, 1, 1], 2, {}), /^invalid argument `options.eps`: expected a number, got undefined$/],
    [() => new ew.OnlineLogistic(2, { alpha: 'x' }), /^invalid argument `options.alpha`: expected a number, got a string$/],
    [() => ew.churnData([1], [1], [1], { cutoff: 1, window: Infinity }), /^invalid argument `options.window`: expected a finite number, got Infinity$/],
  ];
  for (const [fn, re] of cases) throwsMessage(fn, re);
});

test('option sets give the documented defaults', () => {
  const points = [0, 0, 1, 1, 5, 5, 6, 6, 9, 9, 10, 10];
  const a = ew.kmeans(points, 2, { k: 2, seed: 1 });
  const b = ew.kmeans(points, 2, { k: 2, seed: 1, nInit: 10, maxIter: 300, tol: 1e-4 });
  assert.deepEqual(Array.from(a.labels), Array.from(b.labels));
  assert.equal(a.inertia, b.inertia);
  const e = ew.elbow(points, 2, { seed: 1, kMax: 4 });
  assert.deepEqual(Array.from(e.k), [1, 2, 3, 4]);
  const c = ew.calibrationCurve([0, 1, 0, 1], [0.1, 0.9, 0.3, 0.7]);
  assert.ok(c.counts.length <= 5);
  const r = ew.abTest({ a: { conversions: 5, visitors: 100 }, b: { conversions: 9, visitors: 100 } }, { prior: { alpha: 1, beta: 1 } });
  assert.deepEqual(r, ew.abTest({ a: { conversions: 5, visitors: 100 }, b: { conversions: 9, visitors: 100 } }));
});
