// Issue #12 item 6: a seeded, property-based probe of the whole JS API of the built pkg/.
//
// Every export, constructor, static method, method and getter is read from the generated
// pkg/edgewise.d.ts (a new export is probed without anyone listing it). Each gets valid arguments
// (generated from its declared types, or a seed in tests/js/probe/seeds.mjs when its input is
// structured), then every argument, option key, object field and `this` is replaced in turn by
// hostile values (tests/js/probe/values.mjs). Calls run in a worker with a per-call watchdog. A call
// fails the probe when it traps, hangs, kills the worker, leaves an instance poisoned or changed
// after an error, throws something that is not an Error, throws a message that is not edgewise's
// own form naming the argument, accepts an unknown option key, or returns NaN / Infinity that its
// declaration does not document from finite inputs.
//
//   PROBE_SEED=7 node --test tests/js/probe.test.mjs        # another seed (default 1)
//   PROBE_CALLS=200000 …   PROBE_SECONDS=600 …             # longer runs: seeded random calls after the
//                                                           # plan (default 40,000 calls in all)
//   PROBE_ONLY=1234 …                                       # one call of a report, to reproduce it
//   PROBE_TARGETS='^(rank|ItemStore)' …                     # only exports whose id matches (a quick check)
//   PROBE_REPORT=findings.md …                              # write the grouped findings as Markdown (+ .json)
//   PROBE_WATCHDOG_MS=5000 …                                # per-call watchdog (default 10000)
import test from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync, writeFileSync } from 'node:fs';
import { Worker } from 'node:worker_threads';
import { root, loadEdgewise } from './load.mjs';
import { apiModel } from './probe/api.mjs';
import { runProbe } from './probe/run.mjs';
import { markdown } from './probe/report.mjs';
import { INSTANCES, FINGERPRINTS } from './probe/seeds.mjs';
import { withStackPointer } from './probe/stack.mjs';

const env = (k) => (process.env[k] === undefined || process.env[k] === '' ? undefined : Number(process.env[k]));
const seed = env('PROBE_SEED') ?? 1;

test('the probe sees every export of the built module in pkg/edgewise.d.ts', async () => {
  const ew = await loadEdgewise();
  const model = apiModel(`${root}pkg/edgewise.d.ts`);
  const ids = new Set(model.targets.map((t) => t.id));
  const loader = new Set(['default', 'initSync']);
  const missing = [];
  for (const [name, value] of Object.entries(ew)) {
    if (loader.has(name) || typeof value !== 'function') continue;
    if (/^[A-Z]/.test(name) && value.prototype) {
      if (!model.classes.includes(name)) missing.push(`class ${name}`);
      for (const key of Object.getOwnPropertyNames(value.prototype)) {
        if (['constructor', 'free', '__destroy_into_raw', 'toString'].includes(key) || typeof key !== 'string') continue;
        if (!ids.has(`${name}#${key}`)) missing.push(`${name}#${key}`);
      }
      for (const key of Object.getOwnPropertyNames(value)) {
        if (['length', 'name', 'prototype', '__wrap'].includes(key)) continue;
        if (!ids.has(`${name}.${key}`)) missing.push(`${name}.${key}`);
      }
    } else if (!ids.has(name)) missing.push(name);
  }
  assert.deepEqual(missing, [], 'exports the declarations do not list (the probe would miss them)');
  // A class the probe cannot make or fingerprint would be reported as a broken module on every call.
  const unmade = model.classes.filter((c) => !INSTANCES[c] || !FINGERPRINTS[c]);
  assert.deepEqual(unmade, [], 'classes without an entry in INSTANCES and FINGERPRINTS of tests/js/probe/seeds.mjs');
  assert.ok(model.targets.length >= 100, `only ${model.targets.length} targets parsed from pkg/edgewise.d.ts`);
});

// The systematic plan (about 12,000 calls) and seeded random calls after it: about a minute once
// the module passes (about 1 ms a call on a loaded 2-core machine).
const DEFAULT_CALLS = 40_000;

test(`probe: every export under hostile arguments (seed ${seed})`, { timeout: 3_600_000 }, async (t) => {
  const started = Date.now();
  const calls = env('PROBE_SECONDS') || env('PROBE_ONLY') !== undefined ? undefined : env('PROBE_CALLS') ?? DEFAULT_CALLS;
  const out = await runProbe(root, {
    seed,
    calls,
    seconds: env('PROBE_SECONDS'),
    only: env('PROBE_ONLY'),
    targets: process.env.PROBE_TARGETS || undefined,
    watchdogMs: env('PROBE_WATCHDOG_MS') ?? 10000,
    // A long run writes what it has found so far.
    progress: process.env.PROBE_REPORT && ((partial) => writeFileSync(process.env.PROBE_REPORT, markdown(root, partial, { title: 'Probe findings (run in progress)' }))),
  });
  const took = `Took ${Math.round((Date.now() - started) / 1000)} s.`;
  t.diagnostic(`${out.calls} calls (plan ${out.planned}), seed ${seed}, ${out.findings.length} findings. ${took}`);
  const report = markdown(root, out, { command: took });
  if (process.env.PROBE_REPORT) {
    writeFileSync(process.env.PROBE_REPORT, report);
    writeFileSync(`${process.env.PROBE_REPORT.replace(/\.md$/, '')}.json`, JSON.stringify(out, null, 1));
  }
  if (out.findings.length) {
    const rows = report.split('\n').filter((l) => l.startsWith('| ') && !l.startsWith('| export'));
    assert.fail(`${out.findings.length} findings in ${out.calls} calls (seed ${seed}; PROBE_REPORT=file writes them all):\n` +
      report.split('\n').slice(2, 6).join('\n') + '\n' + rows.slice(0, 60).join('\n') + (rows.length > 60 ? `\n… ${rows.length - 60} more rows` : ''));
  }
  const expected = env('PROBE_ONLY') !== undefined ? 1 : calls ?? out.planned;
  assert.ok(out.calls >= expected, `only ${out.calls} of ${expected} calls ran`);
});

// Each failing call must leave the stack pointer as it was; after a warm-up (every kind of call ten
// times) the externref table must not grow at all and the memory only within allocator slack: a
// leak of one slot or a few bytes a call shows over this many calls.
const FAILING_CALLS = 20_000;
const MEMORY_SLACK = 2 * 1024 * 1024;

test('a thousand failing calls in a row leave the module fully working (issue #12 item 6c)', { timeout: 600_000 }, async () => {
  const module = new WebAssembly.Module(withStackPointer(readFileSync(`${root}pkg/edgewise_bg.wasm`)));
  const result = await new Promise((resolve) => {
    const w = new Worker(new URL('./probe/thousand.mjs', import.meta.url), { workerData: { gluePath: `${root}pkg/edgewise.js`, module, calls: FAILING_CALLS }, stderr: true, stdout: true });
    w.stderr.resume();
    w.stdout.resume();
    let message = null;
    w.on('message', (m) => { message = m; });
    w.on('error', (e) => { message = { died: `the worker threw: ${e?.message ?? e}` }; });
    w.on('exit', (code) => resolve(message ?? { died: `the worker died (exit code ${code})` }));
  });
  assert.equal(result.died, undefined, result.died);
  assert.deepEqual(result.problems, [], 'every call must fail with an Error, none may trap');
  assert.equal(result.failed, FAILING_CALLS);
  assert.ok(result.kinds >= 70, `only ${result.kinds} kinds of failing call`);
  const { settled, end } = result.sizes;
  assert.equal(end.table, settled.table, `the externref table grew from ${settled.table} to ${end.table} slots over ${FAILING_CALLS} failing calls`);
  assert.ok(end.memory <= settled.memory + MEMORY_SLACK, `the memory grew from ${settled.memory} to ${end.memory} bytes over ${FAILING_CALLS} failing calls`);
  assert.deepEqual(result.before.naive, [10, 10, 10]);
  assert.equal(result.before.rankTop, 3);
  assert.equal(result.before.arm, 1);
  assert.deepEqual(result.after, result.before, 'a forecast, a ranking and a bandit choice after the failures');
});
