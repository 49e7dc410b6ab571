// Off-policy evaluation from JS on the generated logs of tests/fixtures/ope (numeric-coded and
// text features) against obp 0.5.7's answers: every estimator through evaluateOffPolicy and
// evaluateLoggedFeedback, the ridge reward model and a reward model's estimates passed as
// options.qHat, Switch-DR / DR-os hyperparameters, both bootstrap methods, and named errors.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { loadEdgewise, root } from './load.mjs';
import { feedbackFromCsv } from './obd_logs.mjs';

const edgewise = await loadEdgewise();
const dir = `${root}tests/fixtures/ope/`;

const expected = new Map(
  readFileSync(`${dir}obp_expected.csv`, 'utf8').trim().split('\n').slice(1).map((l) => {
    const [d, p, e, v] = l.split(',');
    return [`${d}/${p}/${e}`, Number(v)];
  }),
);
const want = (key) => {
  assert.ok(expected.has(key), key);
  return expected.get(key);
};

function close(what, got, expect, tol) {
  assert.ok(Math.abs(got - expect) <= tol * Math.max(Math.abs(expect), 1e-3), `${what}: ${got} vs obp ${expect}`);
}

function throwsMessage(fn, pattern) {
  assert.throws(fn, (err) => err instanceof Error && pattern.test(err.message), String(pattern));
}

function load(name) {
  const logCsv = readFileSync(`${dir}${name}/${name}.csv`, 'utf8');
  const itemCsv = readFileSync(`${dir}${name}/item_context.csv`, 'utf8');
  const actionDistCsv = readFileSync(`${dir}${name}/action_dist.csv`, 'utf8');
  const params = { user: [], item: [], position: [] };
  for (const l of readFileSync(`${dir}${name}/q_params.csv`, 'utf8').trim().split('\n').slice(1)) {
    const [kind, , value] = l.split(',');
    params[kind].push(Number(value));
  }
  const [n, k, L] = [params.user.length, params.item.length, params.position.length];
  // obp's estimated_rewards_by_reg_model layout: rounds × actions × positions.
  const qHat = new Float64Array(n * k * L);
  for (let i = 0; i < n; i++) {
    for (let a = 0; a < k; a++) {
      for (let p = 0; p < L; p++) {
        qHat[(i * k + a) * L + p] = 1 / (1 + Math.exp(-(params.user[i] + params.item[a] + params.position[p])));
      }
    }
  }
  return { logCsv, itemCsv, actionDistCsv, qHat, n, k, L };
}

test('evaluateOffPolicy matches obp on numeric-coded and text features, every estimator', () => {
  for (const name of ['numeric', 'mixed']) {
    const c = load(name);
    const target = { actionDistCsv: c.actionDistCsv, campaign: name };
    const key = (e) => `${name}/action_dist/${e}`;
    const r = edgewise.evaluateOffPolicy(c.logCsv, c.itemCsv, target, { switchLambda: 3, drosLambda: 10 });
    assert.equal(r.rounds, 2000);
    assert.equal(r.nActions, 8);
    assert.equal(r.lenList, 3);
    assert.equal(r.dimContext, want(`${name}/-/dim_context`));
    assert.equal(r.rewardModel, 'ridge');
    assert.equal(r.switchLambda, 3);
    assert.equal(r.drosLambda, 10);
    close(`${name} ipw`, r.ips.value, want(key('ipw')), 1e-12);
    close(`${name} snipw`, r.snips.value, want(key('snipw')), 1e-12);
    for (const [field, e] of [['dm', 'dm_ridge'], ['dr', 'dr_ridge'], ['sndr', 'sndr_ridge'],
      ['switchDr', 'switch_dr_ridge_3.0'], ['drOs', 'dr_os_ridge_10.0']]) {
      close(`${name} ${field}`, r[field].value, want(key(e)), 1e-9);
      assert.ok(r[field].ciLow < r[field].value && r[field].value < r[field].ciHigh, field);
    }
    // A reward model's estimates from outside, in obp's layout or at the logged positions.
    const ext = edgewise.evaluateOffPolicy(c.logCsv, c.itemCsv, 'uniform', { qHat: c.qHat, switchLambda: 1, drosLambda: 1 });
    assert.equal(ext.rewardModel, 'external');
    assert.equal(ext.dimContext, 0);
    const u = (e) => want(`${name}/uniform/${e}`);
    for (const [field, e] of [['dm', 'dm_external'], ['dr', 'dr_external'], ['sndr', 'sndr_external'],
      ['switchDr', 'switch_dr_external_1.0'], ['drOs', 'dr_os_external_1.0']]) {
      close(`${name} external ${field}`, ext[field].value, u(e), 1e-12);
    }
    close(`${name} uniform ips`, ext.ips.value, u('ipw'), 1e-12);
  }
});

test('defaults: obp\'s λ (Switch-DR = DR, DR-os = DM) and the renormalized bootstrap; Infinity is accepted', () => {
  const c = load('numeric');
  const target = { actionDistCsv: c.actionDistCsv, campaign: 'numeric' };
  const r = edgewise.evaluateOffPolicy(c.logCsv, c.itemCsv, target);
  assert.equal(r.switchLambda, Infinity);
  assert.equal(r.drosLambda, 0);
  assert.equal(r.bootstrapMethod, 'renormalized');
  assert.equal(r.switchDr.value, r.dr.value);
  assert.equal(r.drOs.value, r.dm.value);
  const inf = edgewise.evaluateOffPolicy(c.logCsv, c.itemCsv, target, { drosLambda: Infinity });
  assert.equal(inf.drOs.value, inf.dr.value);
});

test('bootstrapMethod "obp" reproduces obp\'s interval; the renormalized one is named in the report', () => {
  const c = load('numeric');
  const target = { actionDistCsv: c.actionDistCsv, campaign: 'numeric' };
  const key = (e) => `numeric/action_dist/${e}`;
  const near = (what, lo, hi, k) => {
    const [wl, wh] = [want(key(`${k}_low`)), want(key(`${k}_high`))];
    const tol = 0.05 * (wh - wl);
    assert.ok(Math.abs(lo - wl) < tol && Math.abs(hi - wh) < tol, `${what}: [${lo}, ${hi}] vs [${wl}, ${wh}]`);
  };
  const obp = edgewise.evaluateOffPolicy(c.logCsv, c.itemCsv, target,
    { bootstrap: 5000, seed: 2, bootstrapMethod: 'obp', qHat: c.qHat });
  assert.equal(obp.bootstrapMethod, 'obp');
  near('ips obp', obp.ips.bootLow, obp.ips.bootHigh, 'boot_obp_ipw');
  near('snips obp', obp.snips.bootLow, obp.snips.bootHigh, 'boot_obp_snipw');
  near('sndr obp', obp.sndr.bootLow, obp.sndr.bootHigh, 'boot_obp_sndr');
  const ren = edgewise.evaluateOffPolicy(c.logCsv, c.itemCsv, target,
    { bootstrap: 5000, seed: 2, bootstrapMethod: 'renormalized', qHat: c.qHat });
  near('snips renormalized', ren.snips.bootLow, ren.snips.bootHigh, 'boot_renormalized_snipw');
  near('sndr renormalized', ren.sndr.bootLow, ren.sndr.bootHigh, 'boot_renormalized_sndr');
  // IPS has no normaliser: the same draws give the same interval under both methods.
  assert.deepEqual([ren.ips.bootLow, ren.ips.bootHigh], [obp.ips.bootLow, obp.ips.bootHigh]);
});

test('evaluateLoggedFeedback takes options.qHat; bad q̂ and hyperparameters are named errors', () => {
  const c = load('mixed');
  const logs = feedbackFromCsv(c.logCsv, c.k, c.L);
  const atLogged = new Float64Array(c.n * c.k);
  for (let i = 0; i < c.n; i++) {
    for (let a = 0; a < c.k; a++) atLogged[i * c.k + a] = c.qHat[(i * c.k + a) * c.L + logs.positions[i]];
  }
  const full = edgewise.evaluateLoggedFeedback(logs, 'uniform', { qHat: c.qHat, switchLambda: 3, drosLambda: 10 });
  const short = edgewise.evaluateLoggedFeedback(logs, 'uniform', { qHat: Array.from(atLogged), switchLambda: 3, drosLambda: 10 });
  assert.deepEqual(full, short);
  const u = (e) => want(`mixed/uniform/${e}`);
  close('dr', full.dr.value, u('dr_external'), 1e-12);
  close('switchDr', full.switchDr.value, u('switch_dr_external_3.0'), 1e-12);
  close('drOs', full.drOs.value, u('dr_os_external_10.0'), 1e-12);
  assert.equal(full.rewardModel, 'external');
  const none = edgewise.evaluateLoggedFeedback(logs, 'uniform');
  assert.equal(none.rewardModel, 'none');
  assert.equal(none.switchDr, null);
  assert.equal(none.drOs, null);

  const withContexts = { ...logs, contexts: new Float64Array(c.n), dimContext: 1 };
  const cases = [
    [() => edgewise.evaluateLoggedFeedback(logs, 'uniform', { qHat: c.qHat.subarray(1) }),
      /^invalid argument `options.qHat`: expected rounds × actions = 2000×8 values \(at each round's logged position\) or rounds × actions × positions = 2000×8×3 \(obp's layout\), got 47999 values$/],
    [() => edgewise.evaluateLoggedFeedback(logs, 'uniform', { qHat: [...atLogged.slice(1), NaN] }), /^invalid argument `options.qHat`/],
    [() => edgewise.evaluateLoggedFeedback(logs, 'uniform', { qHat: 'q' }), /^invalid argument `options.qHat`/],
    [() => edgewise.evaluateLoggedFeedback(logs, 'uniform', { qHat: { length: 1e9 } }), /^invalid argument `options.qHat`/],
    [() => edgewise.evaluateLoggedFeedback(withContexts, 'uniform', { qHat: c.qHat }),
      /^invalid argument `options.qHat`: expected either options.qHat or logs.contexts/],
    [() => edgewise.evaluateOffPolicy(c.logCsv, c.itemCsv, 'uniform', { qHat: new Float64Array(5) }), /^invalid argument `options.qHat`/],
    [() => edgewise.evaluateLoggedFeedback(logs, 'uniform', { switchLambda: -1 }),
      /^invalid argument `options.switchLambda`: expected a number >= 0 \(Infinity allowed\), got -1$/],
    [() => edgewise.evaluateLoggedFeedback(logs, 'uniform', { drosLambda: NaN }), /^invalid argument `options.drosLambda`/],
    [() => edgewise.evaluateLoggedFeedback(logs, 'uniform', { drosLambda: '3' }), /^invalid argument `options.drosLambda`: expected a number/],
    [() => edgewise.evaluateLoggedFeedback(logs, 'uniform', { bootstrapMethod: 'percentile' }),
      /^invalid argument `options.bootstrapMethod`: expected "renormalized" or "obp", got "percentile"$/],
    [() => edgewise.evaluateLoggedFeedback(logs, 'uniform', { bootstrapMethod: 1n }), /^invalid argument `options.bootstrapMethod`/],
    [() => edgewise.evaluateLoggedFeedback(logs, 'uniform', { qhat: c.qHat }), /unknown key `qhat`/],
  ];
  for (const [fn, pattern] of cases) throwsMessage(fn, pattern);
  // Still usable after the errors.
  assert.deepEqual(edgewise.evaluateLoggedFeedback(logs, 'uniform', { qHat: c.qHat, switchLambda: 3, drosLambda: 10 }), full);
});
