// The analytics API as a web developer uses it: an order log → RFM → segments, an A/B test
// read-out, an inventory table from forecasts; bad input throws Errors and the module keeps working.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { loadEdgewise, root } from './load.mjs';

const edgewise = await loadEdgewise();
const fixture = (name) => readFileSync(`${root}tests/fixtures/analytics/${name}`, 'utf8');

function orderLog() {
  const rows = fixture('orders.csv').trim().split('\n').slice(1).map((l) => l.split(',').map(Number));
  return {
    customers: Uint32Array.from(rows, (r) => r[0]),
    days: Float64Array.from(rows, (r) => r[1]),
    amounts: Float64Array.from(rows, (r) => r[2]),
  };
}

const near = (got, want, tol, what) =>
  assert.ok(Math.abs(got - want) <= tol * Math.max(1, Math.abs(want)), `${what}: ${got} vs ${want}`);

test('order log → RFM table with scores and named segments (fixture values)', () => {
  const { customers, days, amounts } = orderLog();
  const t = edgewise.rfm(customers, days, amounts);
  const want = fixture('rfm_features.csv').trim().split('\n').slice(1).map((l) => l.split(',').map(Number));
  assert.equal(t.customers.length, want.length);
  assert.ok(t.customers instanceof Uint32Array && t.recency instanceof Float64Array);
  want.forEach(([id, r, f, m], i) => {
    assert.equal(t.customers[i], id);
    near(t.recency[i], r, 1e-9, `recency ${i}`);
    assert.equal(t.frequency[i], f);
    near(t.monetary[i], m, 1e-9, `monetary ${i}`);
  });
  assert.equal(t.bins, 5);
  assert.ok(t.scores.recency instanceof Uint8Array);
  assert.equal(t.segmentNames.length, 10);
  const champions = t.segmentNames.indexOf('Champions');
  const hibernating = t.segmentNames.indexOf('Hibernating');
  const meanOf = (col, seg) => {
    const v = [...col].filter((_, i) => t.named[i] === seg);
    return v.reduce((s, x) => s + x, 0) / v.length;
  };
  assert.ok(meanOf(t.recency, champions) < meanOf(t.recency, hibernating));
  assert.ok(meanOf(t.frequency, champions) > meanOf(t.frequency, hibernating));

  // The same log with Date-style millisecond timestamps gives the same table in days.
  const epoch = Date.UTC(2024, 0, 1);
  const ms = edgewise.rfm(customers, days.map((d) => epoch + d * 86_400_000), amounts, { unit: 'ms' });
  ms.recency.forEach((r, i) => near(r, t.recency[i], 1e-6, `ms recency ${i}`));
  // Plain arrays work as well as typed arrays.
  const small = edgewise.rfm([7, 3, 7], [1, 2, 5], [10, 5, 20]);
  assert.deepEqual([...small.customers], [3, 7]);
  assert.deepEqual([...small.recency], [3, 0]);
  assert.deepEqual([...small.monetary], [5, 30]);
});

test('segments: seeded, reproducible, sklearn-level inertia, profiles that add up', () => {
  const { customers, days, amounts } = orderLog();
  const table = edgewise.rfm(customers, days, amounts);
  const s = edgewise.segmentRfm(table, { k: 4, seed: 1 });
  const [, sk4] = fixture('kmeans_ref.csv').split('\n').find((l) => l.startsWith('4,')).split(',').map(Number);
  assert.ok(s.inertia <= sk4 * 1.01 && s.inertia >= sk4 * 0.995, `inertia ${s.inertia} vs sklearn ${sk4}`);
  assert.ok(s.labels instanceof Uint32Array && s.labels.length === table.customers.length);
  assert.equal(s.profiles.reduce((n, p) => n + p.size, 0), table.customers.length);
  near(s.profiles.reduce((n, p) => n + p.share, 0), 1, 1e-12, 'shares');
  assert.ok(s.silhouette > 0.4 && s.silhouette < 0.7);
  assert.deepEqual([...edgewise.segmentRfm(table, { k: 4, seed: 1 }).labels], [...s.labels]);
  // Profiles are the mean raw RFM of the members.
  const members = [...s.labels.keys()].filter((i) => s.labels[i] === 0);
  near(s.profiles[0].monetary, members.reduce((x, i) => x + table.monetary[i], 0) / members.length, 1e-9, 'profile');

  const points = edgewise.rfmPoints(table);
  assert.ok(points instanceof Float32Array && points.length === 3 * table.customers.length);
  const elbow = edgewise.elbow(points, 3, { kMin: 2, kMax: 8, nInit: 4, seed: 0, silhouetteSample: 500 });
  assert.equal(elbow.suggestedK, 4);
  assert.deepEqual([...elbow.k], [2, 3, 4, 5, 6, 7, 8]);
  for (let i = 1; i < elbow.inertia.length; i++) assert.ok(elbow.inertia[i] < elbow.inertia[i - 1]);
  near(edgewise.silhouette(points, 3, s.labels), s.silhouette, 1e-12, 'silhouette');
  // Your own columns work without ids.
  const own = edgewise.segmentRfm({ recency: [1, 2, 30, 31], frequency: [5, 6, 1, 1], monetary: [100, 120, 5, 6] }, { k: 2, seed: 0 });
  assert.equal(own.labels[0], own.labels[1]);
  assert.notEqual(own.labels[0], own.labels[2]);
});

test('a compute context runs the same k-means; without WebGPU it says it used the CPU and why', async () => {
  // Node has no navigator.gpu: createGpuContext gives the CPU context (the browser's path is
  // tests/wasm_gpu.rs and the analytics end-to-end test, on SwiftShader).
  const ctx = await edgewise.createGpuContext();
  // Only bad options reject.
  await assert.rejects(edgewise.createGpuContext({ maxBufferBytes: 10 }), /`options.maxBufferBytes`: expected a whole number in \[1024, 4294967295\], got 10/);
  assert.equal((await edgewise.createGpuContext({ maxBufferBytes: 1 << 20 })).backend, 'cpu');
  const { customers, days, amounts } = orderLog();
  const table = edgewise.rfm(customers, days, amounts);
  const opts = { k: 4, seed: 5, nInit: 3 };
  const seg = await ctx.segmentRfm(table, opts);
  const want = edgewise.segmentRfm(table, opts);
  assert.equal(seg.backend, 'cpu');
  assert.equal(seg.adapter, null);
  assert.match(seg.fallbackReason, /navigator\.gpu is missing/);
  assert.deepEqual(seg.labels, want.labels);
  assert.deepEqual(seg.profiles, want.profiles);
  assert.equal(seg.inertia, want.inertia);
  const points = edgewise.rfmPoints(table);
  const km = await ctx.kmeans(points, 3, { k: 3, seed: 2 });
  assert.deepEqual(km.labels, edgewise.kmeans(points, 3, { k: 3, seed: 2 }).labels);
  // Bad input throws at the call (not in the Promise), naming the argument.
  assert.throws(() => ctx.kmeans(points.subarray(0, 4), 3), /invalid argument `points`: expected a length that is a multiple of dim \(3\)/);
  assert.throws(() => ctx.kmeans(points, 3, { k: 0 }), /invalid argument `options.k`/);
  assert.throws(() => ctx.segmentRfm(table, { nInit: 0 }), /invalid argument `options.nInit`/);
  assert.throws(() => ctx.segmentRfm({ recency: [1] }, {}), /invalid argument `table.frequency`/);
  // Calls queue on one context: several at once all resolve, in order, to the same answer.
  const all = await Promise.all([1, 2, 3].map(() => ctx.kmeans(points, 3, { k: 3, seed: 2 })));
  for (const r of all) assert.deepEqual(r.labels, km.labels);
});

test('A/B calculator: statsmodels/scipy values from the fixtures, SRM, Welch, planning', () => {
  const rows = fixture('experiment_cases.csv').split('\n').filter((l) => l.startsWith('ztest,'))
    .map((l) => l.split(','));
  assert.ok(rows.length > 0);
  for (const [, ca, na, cb, nb, level, alt, z, p, lo, hi] of rows) {
    const counts = { a: { conversions: +ca, visitors: +na }, b: { conversions: +cb, visitors: +nb } };
    const alternative = { 'two-sided': 'twoSided', larger: 'greater', greater: 'greater', smaller: 'less', less: 'less' }[alt];
    const r = edgewise.proportionTest(counts, { level: +level, alternative });
    near(r.z, +z, 1e-9, 'z');
    near(r.pValue, +p, 1e-8, 'p');
    near(r.ci[0], +lo, 1e-8, 'ci lower');
    near(r.ci[1], +hi, 1e-8, 'ci upper');
  }
  const ab = edgewise.abTest({ a: { conversions: 100, visitors: 1000 }, b: { conversions: 130, visitors: 1000 } });
  assert.equal(ab.verdict, 'bBetter');
  assert.ok(ab.bayes.probBBetter > 0.97 && ab.bayes.expectedLossB < ab.bayes.expectedLossA);
  assert.equal(ab.srm.mismatch, false);
  assert.ok(Array.isArray(ab.ztest.ci) && ab.ztest.ci.length === 2);
  const skew = edgewise.abTest({ a: { conversions: 100, visitors: 10000 }, b: { conversions: 100, visitors: 10600 } });
  assert.equal(skew.verdict, 'sampleRatioMismatch');
  assert.ok(skew.srm.pValue < 0.001);
  assert.equal(edgewise.abTest({ a: { conversions: 100, visitors: 1000 }, b: { conversions: 101, visitors: 1000 } }).verdict, 'inconclusive');

  const w = edgewise.welchTest([1, 2, 3, 4], [2, 4, 6, 8, 10], { alternative: 'greater' });
  assert.equal(w.diff, 3.5);
  assert.equal(w.ci[1], Infinity);
  const n = edgewise.sampleSize({ rateA: 0.1, rateB: 0.12 });
  near(edgewise.power({ rateA: 0.1, rateB: 0.12 }, n.nAExact), 0.8, 1e-6, 'power');
  const m = edgewise.sampleSize({ delta: 1, sd: 10 }, { power: 0.9, alpha: 0.01 });
  assert.ok(m.nA > 2000 && m.total === m.nA + m.nB);
  assert.equal(edgewise.srmCheck([5000, 5400], [1, 1]).mismatch, true);
});

test('inventory table from forecasts, and the risks the rerank engine consumes', () => {
  const { series } = JSON.parse(readFileSync(`${root}www/data/series.json`, 'utf8'));
  const leadTime = 3;
  const demand = series.slice(0, 5).map((s) => {
    const fc = edgewise.forecast(new Float64Array(s.values), leadTime, { levels: [0.95] });
    return edgewise.leadTimeDemand(fc, leadTime);
  });
  const mean = Float64Array.from(demand, (d) => d.mean);
  const sd = Float64Array.from(demand, (d) => d.sd);
  const stock = mean.map((m) => m * 1.1);
  const plan = edgewise.inventoryPlan({ stock, mean, sd }, { serviceLevel: 0.95 });
  assert.equal(plan.reorderPoint.length, 5);
  assert.ok(plan.reorderNow instanceof Uint8Array);
  for (let i = 0; i < 5; i++) {
    near(plan.safetyStock[i], 1.6448536269514722 * sd[i], 1e-9, 'safety stock');
    near(plan.stockoutRisk[i], edgewise.stockoutRisk({ mean: mean[i], sd: sd[i] }, stock[i]), 1e-15, 'risk');
    assert.equal(plan.reorderNow[i], plan.position[i] <= plan.reorderPoint[i] ? 1 : 0);
  }
  const risks = edgewise.supplyRisks(stock, { mean, sd });
  assert.deepEqual([...risks], [...plan.stockoutRisk]);
  // `{ point, sd }` per step: independent errors add variances, perfectly correlated ones add sds.
  const ind = edgewise.leadTimeDemand({ point: [10, 10, 10], sd: [3, 4, 0] }, 2);
  assert.deepEqual(ind, { mean: 20, sd: 5 });
  assert.deepEqual(edgewise.leadTimeDemand({ point: [10, 10], sd: [3, 4] }, 2, { correlation: 'perfect' }), { mean: 20, sd: 7 });
  const nv = edgewise.newsvendor({ mean: 100, sd: 20 }, 3, 1);
  near(nv.quantity, 113.48979500392163, 1e-9, 'newsvendor');
  near(edgewise.eoq(1000, 50, 2), 223.60679774997897, 1e-12, 'eoq');
});

test('bad input throws clear Errors and the module keeps working', () => {
  const cases = [
    [() => edgewise.rfm([1, 2], [1], [1, 2]), /`timestamps`: expected one value per order \(2\), got 1 values/],
    [() => edgewise.rfm([1, 2], [1, NaN], [1, 2]), /`timestamps`: expected finite numbers, got NaN at index 1/],
    [() => edgewise.rfm('1,2', [1, 2], [1, 2]), /`customers`: expected a Uint32Array or an array of whole numbers, got a string/],
    [() => edgewise.rfm([1, 2], [1, 2], [1, 2], { unit: 'seconds' }), /`options.unit`: expected one of "days", "ms"/],
    [() => edgewise.segmentRfm({ recency: [1], frequency: [1] }), /`table.monetary`: expected a Float64Array or an array of numbers, got undefined/],
    [() => edgewise.segmentRfm({ recency: [1, 2], frequency: [1, 2], monetary: [1, 2] }, { k: 0 }), /`options.k`: expected a whole number in \[1, 1024\], got 0/],
    [() => edgewise.segmentRfm({ recency: [1, 2], frequency: [1, 2], monetary: [1, 2] }, { clusters: 2 }), /unknown key `clusters`/],
    [() => edgewise.kmeans(new Float32Array([1, NaN]), 1, { k: 1 }), /`points`: expected finite numbers, got NaN at index 1/],
    [() => edgewise.abTest({ a: { conversions: 5, visitors: 10 } }), /`test.b`: expected an object, got undefined/],
    [() => edgewise.abTest({ a: { conversions: 5, visitors: 10 }, b: { conversions: 5, visitors: '10' } }), /`test.b.visitors`: expected a number, got a string/],
    [() => edgewise.abTest({ a: { conversions: 5, visitors: 10 }, b: { conversions: 5, visitors: 10 } }, { level: 1.5 }), /`options.level`: expected a number strictly between 0 and 1, got 1.5/],
    [() => edgewise.abTest({ a: { conversions: 5, visitors: 10 }, b: { conversions: 5, visitors: 10 } }, { split: [1, 2, 3] }), /`options.split`: expected two weights \[a, b\], got an array of length 3/],
    [() => edgewise.welchTest([1, 2], [1, 2], { alternative: 'bigger' }), /`options.alternative`: expected one of "twoSided", "greater", "less", got "bigger"/],
    [() => edgewise.sampleSize({ rateA: 0.1 }), /`effect.rateB`: expected a number, got undefined/],
    [() => edgewise.sampleSize({}), /`effect`: expected \{ rateA, rateB \} or \{ delta, sd \}, got neither/],
    [() => edgewise.leadTimeDemand({ point: [], sd: [] }, 2), /`forecast.point`: expected at least one value, got an empty array/],
    [() => edgewise.leadTimeDemand({ point: [1, 2] }, 2), /`forecast.sd`: expected a Float64Array of standard deviations per step \(or the interval form: levels, lower, upper\), got undefined/],
    [() => edgewise.leadTimeDemand({ point: [1, 2], sd: [1, 1] }, -2), /`leadTime`: expected a finite number > 0, got -2/],
    [() => edgewise.inventoryPlan({ stock: [-5], mean: [10], sd: [2] }), /`input.stock`: expected numbers in \[0, 1e15\], got -5 at index 0/],
    [() => edgewise.inventoryPlan({ stock: [5], mean: [10], sd: [2] }, { serviceLevel: 0 }), /`options.serviceLevel`: expected a number strictly between 0 and 1, got 0/],
    [() => edgewise.inventoryPlan({ stock: [5, 6], mean: [10], sd: [2] }), /`input.stock`: expected one value per SKU \(1\), got 2 values/],
    [() => edgewise.inventoryPlan({ stock: [5], mean: [10], sd: [NaN] }), /`input.sd`: expected numbers in \[0, 1e15\], got NaN at index 0/],
    [() => edgewise.stockoutRisk({ mean: 10, sd: 2 }, -1), /`stock`: expected a number in \[0, 1e15\], got -1/],
    [() => edgewise.supplyRisks([1], { mean: [], sd: [] }), /`demand.mean`: expected at least one value, got an empty array/],
    [() => edgewise.eoq(-1, 1, 1), /`demandRate`: expected a number in \[0, 1e15\], got -1/],
    [() => edgewise.rfm([1, 2], [1, 2], [1, 2], { bins: 'x' }), /`options.bins`: expected a whole number in \[2, 9\], got a string/],
  ];
  for (const [fn, message] of cases) {
    assert.throws(fn, (err) => err instanceof Error && message.test(err.message), String(message));
  }
  // A corrupt (hand-edited or stale) saved RFM table is refused, not half-used.
  const saved = JSON.parse(JSON.stringify(edgewise.rfm([1, 2, 3], [1, 2, 3], [4, 5, 6])));
  assert.throws(() => edgewise.segmentRfm(saved, { k: 2, seed: 0 }), /`table.recency`: expected a Float64Array or an array of numbers, got an object/);
  const revived = { recency: Object.values(saved.recency), frequency: Object.values(saved.frequency), monetary: Object.values(saved.monetary).map((x, i) => (i === 1 ? -x : x)) };
  assert.throws(() => edgewise.segmentRfm(revived, { k: 2, seed: 0 }), /`table.monetary`: expected finite numbers >= 0, got -5 at index 1/);
  // Still usable after all of the above.
  assert.equal(edgewise.abTest({ a: { conversions: 100, visitors: 1000 }, b: { conversions: 130, visitors: 1000 } }).verdict, 'bBetter');
  assert.equal(edgewise.segmentRfm({ recency: [1, 2, 30, 31], frequency: [5, 6, 1, 1], monetary: [100, 120, 5, 6] }, { k: 2, seed: 0 }).labels.length, 4);
});

test('issue #12: hostile sizes are refused by name, extreme values give no NaN', () => {
  const points = new Float32Array([0, 0, 1, 1, 5, 5, 6, 6, 9, 9]);
  const table = { recency: [1, 2, 30, 31], frequency: [5, 6, 1, 1], monetary: [100, 120, 5, 6] };
  const arms = { a: { conversions: 1, visitors: 10 }, b: { conversions: 2, visitors: 10 } };
  const refused = [
    [() => edgewise.elbow(points, 2, { kMax: 4294967295 }), /`options.kMax`: expected a whole number in \[1, 1024\], got 4294967295/],
    [() => edgewise.elbow(points, 2, { kMin: 4294967295, kMax: 3 }), /`options.kMin`: expected a whole number in \[1, 1024\], got 4294967295/],
    [() => edgewise.elbow(points, 2, { nInit: 1e9 }), /`options.nInit`: expected a whole number in \[1, 1000\], got 1000000000/],
    [() => edgewise.kmeans(points, 2, { nInit: 1e9 }), /`options.nInit`: expected a whole number in \[1, 1000\], got 1000000000/],
    [() => edgewise.segmentRfm(table, { nInit: 1e9 }), /`options.nInit`: expected a whole number in \[1, 1000\], got 1000000000/],
    [() => edgewise.segmentRfm(table, { nInit: 4294967295 }), /`options.nInit`/],
    [() => edgewise.kmeans(points, 2, { maxIter: 1e9 }), /`options.maxIter`: expected a whole number in \[1, 100000\], got 1000000000/],
    [() => edgewise.kmeans(points, '4294967295'), /`dim`: expected a whole number in \[1, 65536\], got a string/],
    [() => edgewise.kmeans(points, 10n), /`dim`: expected a whole number in \[1, 65536\], got a BigInt/],
    [() => edgewise.silhouette(points, true, [0, 0, 1, 1, 1]), /`dim`: expected a whole number in \[1, 65536\], got the boolean true/],
    [() => edgewise.silhouette(points, 2, [0, 0, 1, 1, 1], { sample: 1e9 }), /`options.sample`: expected a whole number in \[2, 20000\], got 1000000000/],
    [() => edgewise.kmeans(new Array(2 ** 27 + 1), 2), /`points`: expected a Float32Array or an array of numbers, got 134217729 elements/],
    [() => edgewise.eoq(10n, 1, 1), /`demandRate`: expected a number, got a BigInt/],
    [() => edgewise.newsvendor({ mean: 10, sd: 2 }, Symbol('u'), 1), /`underageCost`: expected a number, got a symbol/],
    [() => edgewise.power({ rateA: 0.1, rateB: 0.2 }, 10n), /`nA`: expected a number, got a BigInt/],
    [() => edgewise.leadTimeDemand({ point: [1, 2], sd: [1, 1] }, {}), /`leadTime`: expected a number, got an object/],
    [() => edgewise.newsvendor({ mean: 10, sd: 2 }, 1e308, 1), /`overageCost`: expected costs within a factor of about 1e16 of each other/],
    [() => edgewise.newsvendor({ mean: 10, sd: 2 }, 1e-300, 1e300), /`underageCost`: expected costs within a factor of about 1e16 of each other/],
    [() => edgewise.inventoryPlan({ stock: [1e308], mean: [10], sd: [2] }), /`input.stock`: expected numbers in \[0, 1e15\], got 1e308 at index 0/],
    [() => edgewise.inventoryPlan({ stock: [1], mean: [1e308], sd: [2] }), /`input.mean`: expected numbers in \[0, 1e15\], got 1e308 at index 0/],
    [() => edgewise.supplyRisks([1e308], { mean: [1], sd: [1] }), /`stock`: expected numbers in \[0, 1e15\], got 1e308 at index 0/],
    [() => edgewise.supplyRisks([1], { mean: [1e308], sd: [1] }), /`demand.mean`: expected numbers in \[0, 1e15\], got 1e308 at index 0/],
    [() => edgewise.stockoutRisk({ mean: 10, sd: 2 }, 1e308), /`stock`: expected a number in \[0, 1e15\], got 1e308/],
    [() => edgewise.srmCheck([500, 500], [1e308, 1e-308]), /`weights`: expected weights not so far below the largest/],
    [() => edgewise.abTest(arms, { split: { length: 1e9 } }), /`options.split`: expected two weights \[a, b\], got an object/],
    [() => edgewise.abTest({}), /`test.a`: expected an object, got undefined/],
    [() => edgewise.proportionTest({ a: { conversions: 1, visitors: 2 ** 53 }, b: arms.b }), /`test.a.visitors`: expected a whole number in \[0, 2\^53 - 1\], got 9007199254740992/],
    [() => edgewise.rfmPoints({ ...table, scores: { recency: [], recncy: [] } }), /`table.scores`: expected only the keys recency, frequency, monetary, got unknown key `recncy`/],
  ];
  for (const [fn, message] of refused) {
    assert.throws(fn, (err) => err instanceof Error && message.test(err.message), String(message));
  }
  // Zero conversions in A: lift is null (undefined), every other number finite.
  const zero = edgewise.abTest({ a: { conversions: 0, visitors: 1000 }, b: { conversions: 10, visitors: 1000 } });
  assert.equal(zero.ztest.lift, null);
  assert.ok(Number.isFinite(zero.ztest.z) && Number.isFinite(zero.bayes.probBBetter));
  // Weights of 1e308 are a valid design.
  const srm = edgewise.srmCheck([500, 500], [1e308, 1e308]);
  assert.equal(srm.chi2, 0);
  assert.ok(srm.expected.every(Number.isFinite));
  // Extreme but valid inputs give finite numbers.
  const nv = edgewise.newsvendor({ mean: 1e15, sd: 1e15 }, 1e280, 1e279);
  assert.throws(() => edgewise.newsvendor({ mean: 1e15, sd: 1e15 }, 1e300, 1e299), /numerical failure: the newsvendor cost overflows for underage_cost 1e300, overage_cost 1e299/);
  assert.ok(Object.values(nv).every(Number.isFinite), JSON.stringify(nv));
  assert.deepEqual(Array.from(edgewise.supplyRisks([1, 0], { mean: [0, 1], sd: [1e-308, 1e-308] })), [0, 1]);
  // A detached typed array reads as empty.
  const detached = new Float64Array(4);
  structuredClone(detached.buffer, { transfer: [detached.buffer] });
  assert.throws(() => edgewise.welchTest(detached, [1, 2]), /`a`: expected a typed array whose buffer is usable, got a typed array whose buffer was detached/);
  // Still working.
  assert.equal(edgewise.kmeans(points, 2, { k: 2, seed: 1 }).k, 2);
});
