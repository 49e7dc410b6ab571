// The bandit JS API of the built pkg/ as a web developer uses it: seeded choices, delayed rewards,
// state kept as bytes (localStorage-style), LDP with a budget, simulations, off-policy evaluation
// on the bundled Open Bandit Dataset sample, and clear thrown Errors on bad input.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { loadEdgewise, root } from './load.mjs';
import { feedbackFromCsv } from './obd_logs.mjs';

const edgewise = await loadEdgewise();
const { MultiArmedBandit, LinearBandit, PrivacyBudget } = edgewise;

/** Runs `rounds` of a Bernoulli page where arm `best` clicks 60% of the time, others 20%. */
function run(bandit, rounds, best = 2, seed = 1) {
  let s = seed;
  const rand = () => ((s = (s * 1103515245 + 12345) % 2147483648) / 2147483648);
  const chosen = [];
  for (let t = 0; t < rounds; t++) {
    const { decisionId, arm } = bandit.choose();
    chosen.push(arm);
    bandit.reward(decisionId, rand() < (arm === best ? 0.6 : 0.2) ? 1 : 0);
  }
  return chosen;
}

function throwsMessage(fn, pattern) {
  assert.throws(fn, (err) => err instanceof Error && pattern.test(err.message), String(pattern));
}

test('the same seed gives the same choices, for every policy', () => {
  for (const options of [
    { policy: 'thompson', seed: 11 },
    { policy: 'ucb1', c: 0.5, seed: 11 },
    { policy: 'epsilonGreedy', epsilon: 0.2, decay: 0.01, seed: 11 },
    { policy: 'softmax', temperature: 0.05, seed: 11 },
    { policy: 'gaussianThompson', priorMean: 0.5, priorSd: 1, noiseSd: 0.5, seed: 11 },
  ]) {
    const a = new MultiArmedBandit(new Uint32Array([0, 1, 2, 3]), options);
    const b = new MultiArmedBandit([0, 1, 2, 3], options);
    assert.deepEqual(run(a, 300), run(b, 300), options.policy);
    assert.equal(a.policy, options.policy);
    const { arm, pulls, mean } = a.arms();
    assert.ok(arm instanceof Uint32Array && pulls instanceof Float64Array && mean instanceof Float64Array);
    assert.equal(pulls.reduce((x, y) => x + y), 300);
    a.free();
    b.free();
  }
});

test('Thompson sampling finds the best arm; rewards may arrive late', () => {
  const bandit = new MultiArmedBandit([0, 1, 2, 3, 4], { seed: 3 });
  const late = [];
  for (let t = 0; t < 2000; t++) {
    const d = bandit.choose();
    assert.equal(d.decisionId, t); // ids count from 0: exact JS integers
    late.push(d);
    if (late.length === 10) {
      // Rewards come back in a batch, out of order.
      for (const { decisionId, arm } of late.reverse()) bandit.reward(decisionId, arm === 4 && t % 2 ? 1 : 0);
      late.length = 0;
    }
  }
  const { arm, pulls } = bandit.arms();
  assert.equal(arm[pulls.indexOf(Math.max(...pulls))], 4);
});

test('state survives a round trip through bytes, as stored in localStorage', () => {
  const a = new MultiArmedBandit([0, 1, 2], { policy: 'thompson', seed: 5 });
  run(a, 100);
  const open = a.choose(); // a decision still awaiting its reward is saved too
  const bytes = a.exportState();
  assert.ok(bytes instanceof Uint8Array);
  const stored = Buffer.from(bytes).toString('base64');
  const b = MultiArmedBandit.importState(new Uint8Array(Buffer.from(stored, 'base64')));
  a.reward(open.decisionId, 1);
  b.reward(open.decisionId, 1);
  assert.deepEqual(run(a, 100, 2, 9), run(b, 100, 2, 9));
  assert.deepEqual(a.exportState(), b.exportState());
  // An ArrayBuffer works too, and loadState replaces a live bandit.
  const c = new MultiArmedBandit([7], { seed: 1 });
  c.loadState(a.exportState().buffer);
  assert.deepEqual(Array.from(c.arms().arm), [0, 1, 2]);
});

test('corrupt, truncated, foreign and wrong-dimension states are refused; the live policy is untouched', () => {
  const bandit = new MultiArmedBandit([0, 1, 2], { seed: 5 });
  run(bandit, 50);
  const good = bandit.exportState();
  const flipped = good.slice();
  flipped[good.length - 9] ^= 1;
  const newer = good.slice();
  newer[4] = 9; // format version
  const cases = [
    [flipped, /^corrupt bandit state: .*checksum/],
    [good.slice(0, good.length - 3), /^corrupt bandit state: /],
    [new Uint8Array(0), /^corrupt bandit state: /],
    [newer, /^corrupt bandit state: format version 9 is not supported \(this build reads version 1\)/],
    [new LinearBandit([0], { dim: 2, seed: 1 }).exportState(), /^corrupt bandit state: /],
    [new TextEncoder().encode('{"arms":[0,1,2]}'), /^corrupt bandit state: /],
  ];
  for (const [bytes, pattern] of cases) {
    throwsMessage(() => bandit.loadState(bytes), pattern);
    throwsMessage(() => MultiArmedBandit.importState(bytes), pattern);
  }
  throwsMessage(() => bandit.loadState('AAAA'), /^invalid argument `bytes`: expected a Uint8Array or an ArrayBuffer, got a string$/);
  throwsMessage(() => bandit.loadState([1, 2]), /`bytes`.*got an array of length 2/);
  assert.deepEqual(bandit.exportState(), good);
  // Wrong dimension for a linear bandit.
  const lin3 = new LinearBandit([0, 1], { dim: 3, seed: 1 });
  const lin5 = new LinearBandit([0, 1], { dim: 5, seed: 1 });
  const before = lin5.exportState();
  throwsMessage(() => lin5.loadState(lin3.exportState()), /^invalid argument `state`: expected a saved state with context dimension 5, got dimension 3$/);
  assert.deepEqual(lin5.exportState(), before);
  assert.equal(lin5.dim, 5);
});

test('bad bandit arguments throw Errors that name the argument', () => {
  const cases = [
    [() => new MultiArmedBandit('0,1'), /^invalid argument `arms`: expected a Uint32Array or an array of whole numbers, got a string$/],
    [() => new MultiArmedBandit([0, -1]), /^invalid argument `arms\[1\]`: expected a whole number in \[0, 4294967295\], got -1$/],
    [() => new MultiArmedBandit([0, 0]), /`arms`.*0/],
    [() => new MultiArmedBandit([0, 1], { policy: 'thomson' }), /^invalid argument `options.policy`: expected one of "thompson", .* got "thomson"$/],
    [() => new MultiArmedBandit([0, 1], { policy: 'epsilonGreedy', epsilon: 2 }), /^invalid argument `options.epsilon`: expected a number in \[0, 1\], got 2$/],
    [() => new MultiArmedBandit([0, 1], { policy: 'thompson', temperature: 1 }), /^invalid argument `options.temperature`: expected no `temperature` with policy "thompson" \(its parameters: alpha, beta\), got 1$/],
    [() => new MultiArmedBandit([0, 1], { discount: 0 }), /^invalid argument `options.discount`: expected a number in \(0, 1\], got 0$/],
    [() => new MultiArmedBandit([0, 1], { seed: 2 ** 60 }), /^invalid argument `options.seed`: expected a whole number in \[0, 2\^53 - 1\]/],
    [() => new MultiArmedBandit([0, 1], { seed: '7' }), /^invalid argument `options.seed`: expected a number, got a string$/],
    [() => new MultiArmedBandit([0, 1], { polcy: 'ucb1' }), /unknown key `polcy`/],
    [() => new MultiArmedBandit([0, 1], 'ucb1'), /^invalid argument `options`: expected an options object, got a string$/],
  ];
  for (const [fn, pattern] of cases) throwsMessage(fn, pattern);

  const bandit = new MultiArmedBandit([0, 1], { seed: 1 });
  const { decisionId, arm: firstArm } = bandit.choose();
  throwsMessage(() => bandit.reward(decisionId, NaN), /^invalid argument `reward`: expected a finite number, got NaN$/);
  throwsMessage(() => bandit.reward(decisionId, 1.5), /^invalid argument `reward`: expected a number in \[0, 1\]/);
  throwsMessage(() => bandit.reward(decisionId, undefined), /^invalid argument `reward`: expected a number, got undefined$/);
  throwsMessage(() => bandit.reward(decisionId + 100, 1), /^invalid argument `decisionId`: expected the id of an open decision/);
  throwsMessage(() => bandit.reward(0.5, 1), /^invalid argument `decisionId`: expected a whole number in \[0, 2\^53 - 1\], got 0.5$/);
  throwsMessage(() => bandit.update(7, 1), /^invalid argument `arm`/);
  throwsMessage(() => bandit.retireArm(7), /^invalid argument `arm`/);
  throwsMessage(() => bandit.addArm(1), /^invalid argument `arm`/);
  throwsMessage(() => bandit.addArm(-2), /^invalid argument `arm`: expected a whole number in \[0, 4294967295\], got -2$/);
  // Retired arms: never chosen, their late rewards refused.
  bandit.retireArm(0);
  if (firstArm === 0) throwsMessage(() => bandit.reward(decisionId, 1), /^invalid argument `decisionId`: .*retired$/);
  else bandit.reward(decisionId, 1);
  for (let t = 0; t < 20; t++) assert.equal(bandit.choose().arm, 1);
  bandit.retireArm(1);
  throwsMessage(() => bandit.choose(), /arm/);
  // Still usable after all those errors.
  bandit.addArm(9);
  const d = bandit.choose();
  assert.equal(d.arm, 9);
  bandit.reward(d.decisionId, 1);
  assert.deepEqual(Array.from(bandit.arms().pulls), [1]);
});

test('LinearBandit: LinUCB and linear Thompson sampling on Float64Array contexts', () => {
  for (const options of [{ policy: 'linUcb', dim: 3, alpha: 0.3, seed: 2 }, { policy: 'linThompson', dim: 3, v: 0.2, seed: 2 }]) {
    const bandit = new LinearBandit([0, 1, 2], options);
    const twin = new LinearBandit([0, 1, 2], options);
    const x = new Float64Array(3);
    let late = 0;
    for (let t = 0; t < 600; t++) {
      const user = t % 3;
      x.fill(0);
      x[user] = 1;
      const d = bandit.choose(x);
      assert.deepEqual(twin.choose(x), d);
      const r = d.arm === user ? 1 : 0;
      bandit.reward(d.decisionId, r);
      twin.reward(d.decisionId, r);
      if (t >= 500) late += r;
    }
    assert.ok(late > 80, `${options.policy}: ${late}/100 right in the last rounds`);
    const scores = bandit.scores(new Float64Array([0, 1, 0]));
    assert.ok(scores instanceof Float64Array && scores.length === 3);
    assert.equal(scores.indexOf(Math.max(...scores)), 1);
    assert.ok(bandit.theta(2)[2] > 0.5);
    assert.ok(bandit.pulls(0) > 50);
    // Per-arm features: K x dim, rows in armIds() order.
    assert.deepEqual(Array.from(bandit.armIds()), [0, 1, 2]);
    const rows = new Float64Array([1, 0, 0, 0, 0, 0, 0, 0, 0]);
    assert.equal(typeof bandit.choosePerArm(rows).arm, 'number');
    bandit.update(2, [0, 0, 1], 1);
    const copy = LinearBandit.importState(bandit.exportState());
    assert.deepEqual(copy.exportState(), bandit.exportState());
    throwsMessage(() => bandit.choose(new Float64Array(2)), /^invalid argument `context`: expected 3 numbers \(the bandit's dim\), got 2 numbers$/);
    throwsMessage(() => bandit.choose([0, NaN, 0]), /^invalid argument `context`: expected finite numbers, got NaN at index 1$/);
    throwsMessage(() => bandit.choose('0,1,0'), /^invalid argument `context`: expected a Float64Array/);
    throwsMessage(() => bandit.choosePerArm(new Float64Array(3)), /^invalid argument `contexts`: expected 3 live arms × 3 features = 9 numbers, got 3 numbers$/);
    throwsMessage(() => bandit.update(5, [0, 0, 1], 1), /^invalid argument `arm`/);
    throwsMessage(() => bandit.theta(5), /^invalid argument `arm`/);
  }
  throwsMessage(() => new LinearBandit([0], {}), /^invalid argument `options.dim`: expected the context length/);
  throwsMessage(() => new LinearBandit([0], { dim: 5000 }), /^invalid argument `options.dim`: expected a whole number in \[1, 1024\], got 5000$/);
  throwsMessage(() => new LinearBandit([0], { dim: 2, policy: 'linThompson', alpha: 1 }), /^invalid argument `options.alpha`: expected no `alpha` with policy "linThompson"/);
  throwsMessage(() => new LinearBandit([0], { dim: 2, discount: 1.5 }), /^invalid argument `options.discount`/);
});

test('PrivacyBudget: seeded mechanisms, every release charged, overspending refused', () => {
  const a = new PrivacyBudget(2, { delta: 1e-5, seed: 42 });
  const b = new PrivacyBudget(2, { delta: 1e-5, seed: 42 });
  const draw = (p) => [
    p.randomizedResponse(1, 2, 0.5),
    p.randomizedResponse(3, 10, 0.25),
    Array.from(p.unaryEncoding(2, 6, 0.25)),
    p.laplace(12, 0, 10, 0.5),
    p.gaussian(0.3, 0, 1, 0.5, 1e-5),
  ];
  const ra = draw(a);
  assert.deepEqual(ra, draw(b));
  assert.ok(ra[3] !== 10 && Number.isFinite(ra[3]));
  assert.ok(Math.abs(a.spentEpsilon - 2) < 1e-12);
  assert.equal(a.spentDelta, 1e-5);
  assert.deepEqual(a.releases().map((r) => r.epsilon), [0.5, 0.25, 0.25, 0.5, 0.5]);
  const before = a.exportState();
  throwsMessage(() => a.randomizedResponse(0, 2, 0.1), /^invalid argument `epsilon`: expected at most the remaining privacy budget ε = 0 \(of 2\), got 0.1 for `randomized response/);
  throwsMessage(() => a.charge('custom', 0.5), /remaining privacy budget/);
  assert.deepEqual(a.exportState(), before); // nothing recorded for refused releases
  // The budget persists across a reload through bytes.
  const restored = PrivacyBudget.importState(before, { seed: 1 });
  assert.equal(restored.remainingEpsilon, a.remainingEpsilon);
  assert.equal(restored.releases().length, 5);
  const tampered = before.slice();
  tampered[12] ^= 0xff;
  throwsMessage(() => PrivacyBudget.importState(tampered), /^corrupt bandit state: /);
  throwsMessage(() => PrivacyBudget.importState(new MultiArmedBandit([0]).exportState()), /^corrupt bandit state: /);

  const fresh = new PrivacyBudget(1, { seed: 1 });
  throwsMessage(() => new PrivacyBudget(-1), /^invalid argument `epsilon`: expected a finite privacy parameter > 0, got -1$/);
  throwsMessage(() => new PrivacyBudget(1, { delta: 2 }), /^invalid argument `options.delta`: expected a number in \[0, 1\), got 2$/);
  throwsMessage(() => fresh.randomizedResponse(5, 5, 0.1), /`value`/);
  throwsMessage(() => fresh.randomizedResponse(0, 1, 0.1), /^invalid argument `k`: expected a whole number in \[2, 65536\], got 1$/);
  throwsMessage(() => fresh.laplace(1, 5, 0, 0.1), /`hi`|`lo`|range/);
  throwsMessage(() => fresh.gaussian(1, 0, 1, 0.5, 1e-5), /`delta`/); // budget has δ = 0
  throwsMessage(() => fresh.charge(3, 0.1), /^invalid argument `label`: expected a string, got the number 3$/);
  assert.equal(fresh.spentEpsilon, 0);
});

test('LDP decoders are unbiased over a seeded fleet', () => {
  const truth = [0.5, 0.2, 0.2, 0.1];
  const users = 20000;
  const k = truth.length;
  const eps = 1;
  const reports = new Uint32Array(users);
  const ones = new Float64Array(k);
  const means = new Float64Array(users);
  const budget = new PrivacyBudget(3 * users, { seed: 9 });
  for (let u = 0; u < users; u++) {
    const v = u < 10000 ? 0 : u < 14000 ? 1 : u < 18000 ? 2 : 3;
    reports[u] = budget.randomizedResponse(v, k, eps);
    budget.unaryEncoding(v, k, eps).forEach((bit, i) => { ones[i] += bit; });
    means[u] = budget.laplace(v, 0, 3, eps);
  }
  for (const est of [edgewise.decodeRandomizedResponse(reports, k, eps), edgewise.decodeUnaryEncoding(ones, users, eps)]) {
    assert.equal(est.n, users);
    for (let i = 0; i < k; i++) {
      assert.ok(Math.abs(est.freq[i] - truth[i]) < 4 * Math.sqrt(est.variance[i]), `category ${i}`);
    }
  }
  const m = edgewise.estimateMean(means);
  assert.ok(Math.abs(m.mean - 0.9) < 4 * Math.sqrt(m.variance));
  // The dashboard's fleet simulation gives the same kind of answer, seeded.
  const fleet = edgewise.simulateLdpFleet(new Float64Array(truth), 5000, 2, { oracle: 'randomizedResponse', seed: 3 });
  assert.deepEqual(fleet, edgewise.simulateLdpFleet(truth, 5000, 2, { seed: 3 }));
  throwsMessage(() => edgewise.decodeRandomizedResponse([0, 7], 4, 1), /`reports`|value/);
  throwsMessage(() => edgewise.simulateLdpFleet([0.5, 0.6], 10, 1), /^invalid argument `truth`: expected at least 2 non-negative shares summing to 1/);
  throwsMessage(() => edgewise.simulateLdpFleet(truth, 0, 1), /^invalid argument `users`: expected a whole number in \[1, 10000000\], got 0$/);
  throwsMessage(() => edgewise.estimateMean([]), /`reports`/);
});

test('simulateRegret: seeded, and Thompson beats ε-greedy on average', () => {
  const rates = new Float64Array([0.05, 0.04, 0.06, 0.1, 0.03]);
  const a = edgewise.simulateRegret(rates, 2000, { policy: 'thompson', seed: 1, envSeed: 2 });
  assert.ok(a instanceof Float64Array && a.length === 2000);
  assert.deepEqual(a, edgewise.simulateRegret(rates, 2000, { policy: 'thompson', seed: 1, envSeed: 2 }));
  let ts = 0;
  let eg = 0;
  for (let s = 0; s < 5; s++) {
    ts += edgewise.simulateRegret(rates, 5000, { policy: 'thompson', seed: s, envSeed: 100 + s })[4999];
    eg += edgewise.simulateRegret(rates, 5000, { policy: 'epsilonGreedy', epsilon: 0.1, seed: s, envSeed: 100 + s })[4999];
  }
  assert.ok(ts < eg, `Thompson ${ts / 5} vs ε-greedy ${eg / 5}`);
  throwsMessage(() => edgewise.simulateRegret(rates, 0), /^invalid argument `rounds`: expected a whole number in \[1, 10000000\], got 0$/);
  throwsMessage(() => edgewise.simulateRegret([], 10), /^invalid argument `rates`: expected at least one value, got an empty array$/);
  throwsMessage(() => edgewise.simulateRegret(rates, 10, { envSeed: -1 }), /^invalid argument `options.envSeed`/);
  throwsMessage(() => new MultiArmedBandit([0], { envSeed: 1 }), /unknown key `envSeed`/);
});

test('evaluateOffPolicy on the bundled Open Bandit Dataset sample reproduces obp', () => {
  const dir = `${root}www/data/obd/`;
  const logCsv = readFileSync(`${dir}random_all.csv`, 'utf8');
  const itemCsv = readFileSync(`${dir}item_context.csv`, 'utf8');
  const actionDistCsv = readFileSync(`${dir}bts_all_action_dist.csv`, 'utf8');
  const meta = JSON.parse(readFileSync(`${dir}meta.json`, 'utf8'));
  const out = edgewise.evaluateOffPolicy(logCsv, itemCsv, { actionDistCsv, campaign: 'all' }, { bootstrap: 200, seed: 1 });
  assert.equal(out.rounds, 10000);
  assert.equal(out.nActions, 80);
  assert.equal(out.lenList, 3);
  assert.equal(out.dimContext, 20);
  assert.ok(Math.abs(out.onPolicy.value - meta.onPolicyCtr.random) < 1e-12);
  for (const name of ['ips', 'snips', 'dm', 'dr', 'sndr']) {
    const e = out[name];
    const want = meta.obpEstimates[name];
    assert.ok(Math.abs(e.value - want) <= 1e-6 * Math.abs(want), `${name}: ${e.value} vs obp ${want}`);
    assert.ok(e.ciLow < e.value && e.value < e.ciHigh, name);
    assert.ok(e.bootLow < e.bootHigh && Number.isFinite(e.stdErr), name);
  }
  // Without bootstrap the bootstrap bounds are NaN; the uniform policy evaluates to the logged rate.
  const uniform = edgewise.evaluateOffPolicy(logCsv, itemCsv, 'uniform', { level: 0.9 });
  assert.ok(Number.isNaN(uniform.ips.bootLow));
  assert.ok(Math.abs(uniform.ips.value - meta.onPolicyCtr.random) < 1e-12);

  const rows = logCsv.split('\n');
  const zeroP = [rows[0], rows[1].replace(',0.0125,', ',0,'), ...rows.slice(2)].join('\n');
  const cases = [
    [() => edgewise.evaluateOffPolicy(zeroP, itemCsv, 'uniform'), /pscores/],
    [() => edgewise.evaluateOffPolicy(rows[0], itemCsv, 'uniform'), /^corrupt OBD log csv: no data rows$/],
    [() => edgewise.evaluateOffPolicy('', itemCsv, 'uniform'), /^corrupt OBD log csv: empty file$/],
    [() => edgewise.evaluateOffPolicy(logCsv.replace('click', 'clicks'), itemCsv, 'uniform'), /^corrupt OBD log csv: missing column `click`$/],
    [() => edgewise.evaluateOffPolicy(logCsv, itemCsv, { actionDistCsv, campaign: 'kids' }), /^invalid argument `evalPolicy.campaign`: expected a campaign present in the file, got kids$/],
    [() => edgewise.evaluateOffPolicy(logCsv, itemCsv, { probs: new Float64Array(3) }), /^invalid argument `evalPolicy.probs`/],
    [() => edgewise.evaluateOffPolicy(logCsv, itemCsv, { actionDistCsv }), /^invalid argument `evalPolicy.campaign`: expected a string, got undefined$/],
    [() => edgewise.evaluateOffPolicy(logCsv, itemCsv, 'uniform', { level: 95 }), /^invalid argument `options.level`: expected a number strictly between 0 and 1, got 95$/],
    [() => edgewise.evaluateOffPolicy(logCsv, itemCsv, 'uniform', { ridgeAlpha: 0 }), /^invalid argument `options.ridgeAlpha`/],
    [() => edgewise.evaluateOffPolicy(new Uint8Array(3), itemCsv, 'uniform'), /^invalid argument `logCsv`: expected a string, got an? Uint8Array$/],
  ];
  for (const [fn, pattern] of cases) throwsMessage(fn, pattern);
  // Usable after errors.
  assert.ok(Math.abs(edgewise.evaluateOffPolicy(logCsv, itemCsv, 'uniform').snips.value - 0.0038) < 1e-12);
});

test('evaluateLoggedFeedback: the typed-array form agrees with the CSV form and obp', () => {
  const dir = `${root}www/data/obd/`;
  const logs = feedbackFromCsv(readFileSync(`${dir}random_all.csv`, 'utf8'), 80, 3);
  const probs = new Float64Array(80 * 3);
  for (const l of readFileSync(`${dir}bts_all_action_dist.csv`, 'utf8').trim().split('\n').slice(1)) {
    const [, item, position, prob] = l.split(',');
    probs[Number(item) * 3 + Number(position) - 1] = Number(prob);
  }
  const meta = JSON.parse(readFileSync(`${dir}meta.json`, 'utf8'));
  const out = edgewise.evaluateLoggedFeedback(logs, { probs });
  for (const name of ['ips', 'snips']) {
    assert.ok(Math.abs(out[name].value - meta.obpEstimates[name]) <= 1e-6 * meta.obpEstimates[name], name);
  }
  assert.equal(out.dm, null); // no contexts: no reward model
  assert.equal(out.dimContext, 0);

  // A tiny log with contexts: the model-based estimators appear; per-round probabilities work.
  const tiny = {
    actions: [0, 1, 0, 1], rewards: [1, 0, 1, 1], pscores: [0.5, 0.5, 0.5, 0.5], nActions: 2,
    contexts: new Float64Array([1, 0, 0, 1, 1, 1, 0, 0]), dimContext: 2,
  };
  const t = edgewise.evaluateLoggedFeedback(tiny, 'uniform', { bootstrap: 100, seed: 3 });
  assert.ok(Math.abs(t.ips.value - 0.75) < 1e-12);
  for (const name of ['dm', 'dr', 'sndr']) assert.ok(Number.isFinite(t[name].value) && t[name].bootLow <= t[name].bootHigh, name);
  const perRound = edgewise.evaluateLoggedFeedback(tiny, { probs: [1, 0, 1, 0, 1, 0, 1, 0] });
  assert.ok(Math.abs(perRound.ips.value - 1) < 1e-12); // always action 0: rounds 0 and 2 clicked, weight 2

  const cases = [
    [{ ...tiny, pscores: [0.5, 0, 0.5, 0.5] }, /^invalid argument `logs.pscores`: expected logging propensities in \(0, 1\] \(a zero propensity makes importance weights infinite\), got 0 at index 1$/],
    [{ ...tiny, actions: [0, 1, 2, 1] }, /^invalid argument `logs.actions`: expected action ids below n_actions = 2, got 2 at index 2$/],
    [{ ...tiny, rewards: [1, 0] }, /^invalid argument `logs.rewards`: expected 4 values \(one per logged round\), got 2 values$/],
    [{ ...tiny, actions: [], rewards: [], pscores: [], contexts: undefined }, /^invalid argument `logs.actions`: expected at least one value, got an empty array$/],
    [{ ...tiny, nActions: undefined }, /^invalid argument `logs.nActions`: expected a whole number in \[1, 100000\], got undefined$/],
    [{ ...tiny, contexts: new Float64Array(3) }, /^invalid argument `logs.contexts`: expected 4 rounds × 2 features = 8 values, got 3 values$/],
    [{ ...tiny, context: [] }, /unknown key `context`/],
  ];
  for (const [bad, pattern] of cases) throwsMessage(() => edgewise.evaluateLoggedFeedback(bad, 'uniform'), pattern);
  throwsMessage(() => edgewise.evaluateLoggedFeedback(tiny, { probs: [1, 0, 0] }), /^invalid argument `evalPolicy.probs`/);
  throwsMessage(() => edgewise.evaluateLoggedFeedback(null, 'uniform'), /^invalid argument `logs`: expected an object of typed arrays, got null$/);
  assert.ok(Math.abs(edgewise.evaluateLoggedFeedback(tiny, 'uniform').snips.value - 0.75) < 1e-12);
});

// ---- Issue #12: hostile input never traps, never poisons an object, never returns NaN. ----

/** CRC-32 (IEEE), to re-seal a hand-edited saved state as an attacker would. */
function crc32(bytes) {
  let crc = ~0;
  for (const b of bytes) {
    crc ^= b;
    for (let k = 0; k < 8; k++) crc = (crc >>> 1) ^ (0xedb88320 & -(crc & 1));
  }
  return ~crc >>> 0;
}

/** `doc` with the first f64 equal to `from` replaced by `to`, checksum recomputed. */
function patchF64(doc, from, to) {
  const out = new Uint8Array(doc);
  const view = new DataView(out.buffer);
  for (let i = 11; i + 8 <= out.length - 4; i++) {
    if (view.getFloat64(i, true) === from) {
      view.setFloat64(i, to, true);
      view.setUint32(out.length - 4, crc32(out.subarray(0, out.length - 4)), true);
      return out;
    }
  }
  throw new Error(`${from} not found`);
}

test('issue #12: hostile sizes are refused with named errors and charge nothing', () => {
  const budget = new PrivacyBudget(10, { seed: 1 });
  for (const k of [4294967295, 1e9, 65537, -1, NaN]) {
    throwsMessage(() => budget.unaryEncoding(1, k, 0.5), new RegExp(`^invalid argument \`k\`: expected a whole number in \\[2, 65536\\], got ${k}$`));
    throwsMessage(() => budget.randomizedResponse(1, k, 0.5), /^invalid argument `k`/);
  }
  throwsMessage(() => budget.unaryEncoding(1, '4', 0.5), /^invalid argument `k`: expected a whole number in \[2, 65536\], got a string$/);
  throwsMessage(() => budget.unaryEncoding(1, 4n, 0.5), /^invalid argument `k`: expected a whole number in \[2, 65536\], got a BigInt$/);
  throwsMessage(() => budget.laplace(1, 0, 1, 1n), /^invalid argument `epsilon`: expected a number, got a BigInt$/);
  assert.equal(budget.spentEpsilon, 0);
  assert.equal(budget.unaryEncoding(1, 4, 0.5).length, 4);

  const logs = { actions: [0, 1], rewards: [1, 0], pscores: [0.5, 0.5], nActions: 4294967295 };
  throwsMessage(() => edgewise.evaluateLoggedFeedback(logs, 'uniform'), /^invalid argument `logs.nActions`: expected a whole number in \[1, 100000\], got 4294967295$/);
  throwsMessage(() => edgewise.evaluateLoggedFeedback({ ...logs, nActions: 2, lenList: 4294967295 }, 'uniform'), /^invalid argument `logs.lenList`: expected a whole number in \[1, 16777216\], got 4294967295$/);
  throwsMessage(() => edgewise.evaluateLoggedFeedback({ ...logs, nActions: 1, actions: [0, 0], lenList: 2 ** 27 }, 'uniform'), /^invalid argument `logs.lenList`/);
  for (const length of [1e9, -1, NaN]) {
    throwsMessage(() => edgewise.evaluateLoggedFeedback({ ...logs, nActions: 2, actions: { length } }, 'uniform'), /^invalid argument `logs.actions`/);
    throwsMessage(() => new MultiArmedBandit({ length }), /^invalid argument `arms`/);
  }
  throwsMessage(() => edgewise.simulateRegret([0.5, 0.2], 4294967295), /^invalid argument `rounds`/);
  throwsMessage(() => edgewise.simulateLdpFleet([0.5, 0.5], 1e9, 1), /^invalid argument `users`/);
  throwsMessage(() => new LinearBandit([0], { dim: 4294967295 }), /^invalid argument `options.dim`/);
  throwsMessage(() => new MultiArmedBandit([0], { maxPending: 1e9 }), /^invalid argument `options.maxPending`: expected a whole number in \[1, 10000000\], got 1000000000$/);
  throwsMessage(() => edgewise.decodeUnaryEncoding({ length: 1e9 }, 10, 1), /^invalid argument `ones`/);
  // Sparse arrays as long as MAX_ELEMENTS are refused by their length, not read hole by hole.
  const sparse = new Array(2 ** 27);
  const lin = new LinearBandit([0, 1], { dim: 2, seed: 1 });
  throwsMessage(() => lin.choose(sparse), /^invalid argument `context`: expected at most 1024 values, got 134217728 values$/);
  throwsMessage(() => lin.choosePerArm(sparse), /^invalid argument `contexts`: expected at most 4 values/);
  throwsMessage(() => lin.update(0, sparse, 1), /^invalid argument `context`/);
  throwsMessage(() => lin.scores(sparse), /^invalid argument `context`/);
  throwsMessage(() => new LinearBandit(sparse, { dim: 2 }), /^invalid argument `arms`: expected at most 100000 values/);
  throwsMessage(() => new MultiArmedBandit(sparse), /^invalid argument `arms`/);
  throwsMessage(() => edgewise.simulateRegret(sparse, 10), /^invalid argument `rates`/);
  throwsMessage(() => edgewise.simulateLdpFleet(sparse, 10, 1), /^invalid argument `truth`/);
});

test('issue #12: decoders and mechanisms never return NaN or Infinity', () => {
  for (const eps of [1000, 1e300]) {
    const e = edgewise.decodeRandomizedResponse([0, 1, 1, 2], 3, eps);
    assert.deepEqual([...e.freq], [0.25, 0.5, 0.25]);
    assert.ok([...e.variance].every(Number.isFinite));
    const u = edgewise.decodeUnaryEncoding([1, 2, 1], 4, eps);
    assert.ok([...u.freq, ...u.variance].every(Number.isFinite));
  }
  throwsMessage(() => edgewise.decodeRandomizedResponse([0, 1], 2, 1e-300), /^invalid argument `epsilon`/);
  const b = new PrivacyBudget(10, { seed: 2 });
  throwsMessage(() => b.laplace(0, -1e308, 1e308, 1), /^invalid argument `hi`/);
  assert.equal(b.spentEpsilon, 0);
  throwsMessage(() => edgewise.estimateMean([1e308, -1e308, 1e308]), /^invalid argument `reports`/);
  const lin = new LinearBandit([0, 1], { dim: 2, seed: 1 });
  throwsMessage(() => lin.scores([1e300, 1e300]), /^invalid argument `context`: expected values small enough that every arm's score is finite/);
  const one = { actions: [0], rewards: [1], pscores: [0.5], nActions: 2 };
  throwsMessage(() => edgewise.evaluateLoggedFeedback(one, 'uniform'), /^invalid argument `logs`: expected at least 2 logged rounds/);
});

test('issue #12: an error never poisons a bandit or a budget, and leaves it unchanged', () => {
  const throwing = (n, at) => {
    const a = new Array(n).fill(0);
    Object.defineProperty(a, at, { get() { throw new Error('boom'); } });
    return a;
  };
  const lin = new LinearBandit([0, 1, 2], { dim: 3, seed: 4 });
  for (let t = 0; t < 20; t++) {
    const { decisionId } = lin.choose([1, t % 3, 0]);
    lin.reward(decisionId, t % 2);
  }
  const saved = lin.exportState();
  const proxy = new Proxy([1, 2, 3], { get(target, key) { if (key === '1') throw new Error('trap'); return Reflect.get(target, key); } });
  const attempts = [
    [() => lin.choose(throwing(3, 1)), /^invalid argument `context\[1\]`: expected a readable value, got a getter that threw$/],
    [() => lin.choose(proxy), /^invalid argument `context/],
    [() => lin.choosePerArm(throwing(9, 4)), /^invalid argument `contexts\[4\]`/],
    [() => lin.update(0, throwing(3, 0), 1), /^invalid argument `context\[0\]`/],
    [() => lin.update(0, [1, 2, 3], 1n), /^invalid argument `reward`: expected a number, got a BigInt$/],
    [() => lin.reward({ valueOf() { throw new Error('x'); } }, 1), /^invalid argument `decisionId`: expected a number, got an object$/],
    [() => lin.loadState(new Uint8Array(8)), /^corrupt bandit state: /],
    [() => lin.loadState({ length: 1e9 }), /^invalid argument `bytes`/],
  ];
  for (const [fn, pattern] of attempts) {
    throwsMessage(fn, pattern);
    assert.deepEqual(lin.exportState(), saved); // unchanged
    assert.equal(lin.armIds().length, 3); // and usable
  }
  const { decisionId } = lin.choose([1, 0, 0]);
  lin.reward(decisionId, 1);

  const mab = new MultiArmedBandit([0, 1], { seed: 2 });
  mab.update(1, 0.625);
  const mabSaved = mab.exportState();
  throwsMessage(() => mab.loadState(patchF64(mabSaved, 0.625, 5)), /^corrupt bandit state: arm 1 has impossible statistics/);
  throwsMessage(() => mab.update(7, 1), /^invalid argument `arm`/);
  assert.deepEqual(mab.exportState(), mabSaved);
  mab.choose();

  const budget = new PrivacyBudget(1, { seed: 3 });
  budget.charge('a', 0.25);
  const bSaved = budget.exportState();
  for (const bad of [() => budget.charge('b', 2), () => budget.charge('b', NaN), () => budget.charge('b', 0.1, -1), () => budget.charge({ toString() { throw new Error('x'); } }, 0.1), () => budget.charge('b', 1n)]) {
    assert.throws(bad, Error);
    assert.deepEqual(budget.exportState(), bSaved);
  }
  budget.charge('c', 0.25);
  assert.equal(budget.spentEpsilon, 0.5);
});

test('issue #12: saved states are checked for meaning after the checksum', () => {
  const mab = new MultiArmedBandit([0, 1, 2], { seed: 5 });
  mab.update(1, 0.625);
  const doc = mab.exportState();
  // A Thompson state with a negative reward sum: today's choose() would never return.
  const negative = patchF64(doc, 0.625, -0.625);
  throwsMessage(() => MultiArmedBandit.importState(negative), /^corrupt bandit state: arm 1 has impossible statistics/);
  throwsMessage(() => mab.loadState(negative), /^corrupt bandit state: /);
  assert.deepEqual(mab.exportState(), doc);
  // A next decision id at 2^53: the body ends with next_id and the open-decision count (0).
  const at53 = new Uint8Array(doc);
  const view = new DataView(at53.buffer);
  view.setBigUint64(at53.length - 4 - 16, 2n ** 53n, true);
  view.setUint32(at53.length - 4, crc32(at53.subarray(0, at53.length - 4)), true);
  throwsMessage(() => MultiArmedBandit.importState(at53), /^corrupt bandit state: the next decision id is 9007199254740992, above 2\^53 - 1/);
  // A linear bandit with an overwritten ridge.
  const lin = new LinearBandit([0, 1], { dim: 2, seed: 1, ridge: 2 });
  for (let t = 0; t < 10; t++) lin.reward(lin.choose([1, t]).decisionId, 1);
  const linDoc = lin.exportState();
  throwsMessage(() => LinearBandit.importState(patchF64(linDoc, 2, 1e5)), /^corrupt bandit state: (arm \d+: A is not symmetric with A ⪰ ridge·I|stored options)/);
  throwsMessage(() => lin.loadState(patchF64(linDoc, 2, 1e-300)), /^corrupt bandit state: stored options: invalid argument `options.ridge`/);
  assert.deepEqual(lin.exportState(), linDoc);
  // A budget whose release was made negative.
  const budget = new PrivacyBudget(2, { seed: 1 });
  budget.charge('x', 0.75);
  throwsMessage(() => PrivacyBudget.importState(patchF64(budget.exportState(), 0.75, -0.75)), /^corrupt bandit state: release `x` has a negative cost$/);
});

test('issue #12: methods on the wrong class or a freed object throw Errors', () => {
  const mab = new MultiArmedBandit([0, 1], { seed: 1 });
  const lin = new LinearBandit([0, 1], { dim: 2, seed: 1 });
  const budget = new PrivacyBudget(1);
  throwsMessage(() => Reflect.apply(LinearBandit.prototype.choose, mab, [[1, 0]]), /^invalid argument `this`: expected a LinearBandit \(the method was called on another object\), got a MultiArmedBandit$/);
  throwsMessage(() => MultiArmedBandit.prototype.choose.call(budget), /^invalid argument `this`: expected a MultiArmedBandit/);
  throwsMessage(() => Reflect.apply(Object.getOwnPropertyDescriptor(PrivacyBudget.prototype, 'spentEpsilon').get, lin, []), /`this`/);
  mab.choose();
  lin.choose([0, 1]);
  const gone = new MultiArmedBandit([0]);
  gone.free();
  assert.throws(() => gone.choose(), Error);
  gone.free(); // a second free is a no-op
  assert.equal(budget.remainingEpsilon, 1);
});

test('issue #12: a thousand failing calls leave the module fully working', () => {
  const mab = new MultiArmedBandit([0, 1], { seed: 9 });
  const budget = new PrivacyBudget(1, { seed: 9 });
  for (let i = 0; i < 1000; i++) {
    assert.throws(() => budget.unaryEncoding(1, 4294967295, 0.5), Error);
    assert.throws(() => mab.loadState(new Uint8Array([i & 255])), Error);
  }
  const { decisionId } = mab.choose();
  mab.reward(decisionId, 1);
  assert.equal(budget.unaryEncoding(1, 4, 0.5).length, 4);
  assert.equal(run(new MultiArmedBandit([0, 1, 2], { seed: 1 }), 50).length, 50);
});

test('option objects: an unknown key is refused with the closest valid key; null counts as left out', () => {
  assert.throws(() => new MultiArmedBandit([0, 1], { policy: 'epsilonGreedy', epsilom: 0.2 }), /invalid argument `options`: expected only the keys .*, got unknown key `epsilom` \(did you mean `epsilon`\?\)/);
  assert.throws(() => new LinearBandit([0, 1], { dim: 2, refactorevery: 5 }), /unknown key `refactorevery` \(did you mean `refactorEvery`\?\)/);
  assert.throws(() => edgewise.simulateRegret([0.1, 0.2], 10, { envSeeds: 1 }), /unknown key `envSeeds` \(did you mean `envSeed`\?\)/);
  assert.throws(() => edgewise.simulateLdpFleet([0.5, 0.5], 10, 1, { oracel: 'unaryEncoding' }), /unknown key `oracel` \(did you mean `oracle`\?\)/);
  assert.throws(() => new PrivacyBudget(1, { delat: 0.1 }), /unknown key `delat` \(did you mean `delta`\?\)/);
  // An imported budget keeps its saved δ: the option is refused by name.
  assert.throws(() => PrivacyBudget.importState(new PrivacyBudget(1, { seed: 1 }).exportState(), { delta: 0.1 }), /invalid argument `options`: expected only the key seed, got unknown key `delta`$/);
  // Nothing near enough: no suggestion.
  assert.throws(() => new MultiArmedBandit([0, 1], { zzzzzz: 1 }), (e) => /unknown key `zzzzzz`$/.test(e.message));
  // Each value is read by its declared kind and named by its JS name.
  assert.throws(() => new MultiArmedBandit([0, 1], { policy: 'ucb1', c: '2' }), /invalid argument `options.c`: expected a number, got a string/);
  assert.throws(() => new MultiArmedBandit([0, 1], { policy: 7 }), /invalid argument `options.policy`: expected a string, got the number 7/);
  assert.equal(new MultiArmedBandit([0, 1], { policy: 'ucb1', c: null, seed: 1 }).policy, 'ucb1');
  // simulateRegret reads both option sets from one object.
  const a = edgewise.simulateRegret([0.1, 0.9], 50, { policy: 'ucb1', seed: 2, envSeed: 3 });
  const b = edgewise.simulateRegret([0.1, 0.9], 50, { policy: 'ucb1', seed: 2, envSeed: 3 });
  assert.deepEqual(Array.from(a), Array.from(b));
  assert.notDeepEqual(Array.from(a), Array.from(edgewise.simulateRegret([0.1, 0.9], 50, { policy: 'ucb1', seed: 2, envSeed: 4 })));
});
