// Runs the probe's plan in worker threads, one at a time, with a per-call watchdog: a call that
// runs past `watchdogMs` is a hang (the worker is terminated), a worker that dies is a crash, a
// trap ends its worker. Each time, a fresh worker (a fresh module instance) goes on with the next call.
import { Worker } from 'node:worker_threads';
import { readFileSync, readdirSync } from 'node:fs';
import { apiModel } from './api.mjs';
import { systematicPlan, randomEntry, describeEntry } from './plan.mjs';
import { rng, callSeed } from './values.mjs';
import { withStackPointer } from './stack.mjs';

const workerUrl = new URL('./worker.mjs', import.meta.url);

/**
 * Probes the built module at `root` (a path ending in "/"). Options: `seed`, `calls` (default: the
 * systematic plan), `seconds` (after the plan, random calls until then), `only` (one call index), `targets` (a
 * regular expression on target ids such as `ItemStore#setIds` or `new LinearBandit`),
 * `watchdogMs`. Resolves to `{ findings, calls, planned, seed, targets }`.
 */
export async function runProbe(root, { seed = 1, calls, seconds, only, watchdogMs = 10000, slowMs = 0, targets, log = () => {}, progress } = {}) {
  const model = apiModel(`${root}pkg/edgewise.d.ts`);
  const plan = systematicPlan(model, seed);
  // The module with its stack pointer exported: a call that moves it is a finding (stack.mjs).
  const module = new WebAssembly.Module(withStackPointer(readFileSync(`${root}pkg/edgewise_bg.wasm`)));
  const gluePath = `${root}pkg/edgewise.js`;
  const findings = [];
  const clean = { calls: 0, ms: 0 };
  let from = only ?? 0;
  const to = only !== undefined ? only + 1 : seconds ? Number.MAX_SAFE_INTEGER : calls ?? plan.length;
  const deadline = seconds ? Date.now() + seconds * 1000 : 0;
  let done = from;
  let current = null;
  const tick = progress && setInterval(() => progress({ findings, calls: (current ? Atomics.load(current, 2) : done) - (only ?? 0), planned: plan.length, seed, targets: model.targets.map((t) => t.id) }), 20000);
  while (from < to) {
    // [call index, busy, next call, calls without a finding, their milliseconds]
    const sab = new SharedArrayBuffer(20);
    const state = new Int32Array(sab);
    current = state;
    Atomics.store(state, 0, from);
    Atomics.store(state, 2, from);
    const outcome = await new Promise((resolve) => {
      const w = new Worker(workerUrl, { workerData: { gluePath, module, model, plan, from, to, seed, deadline, sab, slowMs, targets }, resourceLimits: { maxOldGenerationSizeMb: 2048 }, stdout: true, stderr: true });
      // The module's panic messages go to the worker's stderr: the trap finding carries the gist.
      w.stderr.resume();
      w.stdout.resume();
      let restartAt = null;
      let fatal = null;
      let finished = false;
      let lastIndex = -1;
      let since = Date.now();
      const timer = setInterval(() => {
        const i = Atomics.load(state, 0);
        const busy = Atomics.load(state, 1) === 1;
        if (i !== lastIndex || !busy) { lastIndex = i; since = Date.now(); return; }
        if (Date.now() - since > watchdogMs) {
          clearInterval(timer);
          findings.push({ call: i, outcome: 'hang', detail: `no answer within ${watchdogMs / 1000} s (worker terminated)`, ...(describe(model, plan, seed, i)) });
          restartAt = i + 1;
          w.terminate();
        }
      }, 100);
      w.on('message', (m) => {
        if (m.type === 'finding') {
          // A worker checks each target's valid call once: after a restart it reports it again.
          const f = m.finding;
          if (f.arg === '(valid arguments)' && findings.some((g) => g.arg === f.arg && g.id === f.id && g.outcome === f.outcome)) return;
          findings.push(f);
          log(f);
        }
        else if (m.type === 'slow') log(m);
        else if (m.type === 'restart') restartAt = m.next;
        else if (m.type === 'fatal') fatal = m.message;
        else if (m.type === 'done') finished = true;
      });
      w.on('error', (e) => { fatal = fatal ?? `worker error: ${e?.stack ?? e}`; });
      w.on('exit', (code) => {
        clearInterval(timer);
        const i = Atomics.load(state, 0);
        if (finished) resolve({ next: to });
        else if (restartAt !== null) resolve({ next: restartAt });
        else if (fatal && /probe's fixtures/.test(fatal)) resolve({ fatal });
        else {
          // Exit code 13: the worker's awaited promise can never settle (nothing left to run).
          if (code === 13 && !fatal) findings.push({ call: i, outcome: 'hang', detail: 'the returned promise never settles', ...(describe(model, plan, seed, i)) });
          else findings.push({ call: i, outcome: 'crash', detail: `the worker died (exit code ${code})${fatal ? `: ${fatal}` : ''}`, ...(describe(model, plan, seed, i)) });
          resolve({ next: i + 1 });
        }
      });
    });
    if (outcome.fatal) {
      clearInterval(tick);
      throw new Error(outcome.fatal);
    }
    done = Math.max(done, Atomics.load(state, 2));
    clean.calls += Atomics.load(state, 3);
    clean.ms += Atomics.load(state, 4);
    if (deadline && from >= plan.length && Date.now() > deadline) break;
    from = outcome.next;
  }
  clearInterval(tick);
  // With `seconds` the last worker ends at the deadline and `from` jumps to the open end (`to`): the
  // calls made are where the workers got to.
  const reached = to === Number.MAX_SAFE_INTEGER ? done : Math.max(done, from);
  return { findings, clean, calls: reached - (only ?? 0), planned: plan.length, seed, targets: model.targets.map((t) => t.id) };
}

/** The target and slot of call `i`, for findings the worker could not report itself. */
function describe(model, plan, seed, i) {
  const e = plan[i] ?? randomEntry(model, rng(callSeed(seed, i) ^ 0xabcdef));
  const t = model.targets[e.t];
  return { id: t.id, kind: t.kind, ...describeEntry(model, e) };
}

/** The Rust source file of each target (the file under src/js/ that defines it), for grouping findings. */
export function sourceFiles(root, ids) {
  const dir = `${root}src/js/`;
  const files = readdirSync(dir, { recursive: true }).filter((f) => f.endsWith('.rs')).sort().map((f) => [f, readFileSync(dir + f, 'utf8')]);
  const snake = (s) => s.replace(/[A-Z]/g, (c) => `_${c.toLowerCase()}`).replace(/^_/, '');
  const out = {};
  for (const id of ids) {
    const m = id.match(/^(?:new )?([A-Za-z]+)(?:[.#](\w+))?/);
    const cls = /^[A-Z]/.test(m[1]) ? m[1] : null;
    const fn = cls ? null : m[1];
    const hit = files.find(([, src]) => (cls ? new RegExp(`pub struct ${cls}\\b|js_name = "?${cls}"?\\)\\]\\s*pub struct`).test(src) : new RegExp(`js_name = "?${fn}"?[,)]|pub fn ${snake(fn)}\\(`).test(src)));
    out[id] = hit ? hit[0] : '(unknown)';
  }
  return out;
}

/** Groups findings by (target, argument, value, outcome): `[{ key, count, first }]`, most first. */
export function group(findings) {
  const map = new Map();
  for (const f of findings) {
    const key = `${f.id} | ${f.arg} | ${f.value} | ${f.outcome}`;
    const g = map.get(key) ?? { key, count: 0, first: f };
    g.count += 1;
    map.set(key, g);
  }
  return [...map.values()];
}
