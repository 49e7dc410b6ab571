// The probe's findings as Markdown, grouped by the Rust file under src/js/ that defines each export.
import { sourceFiles } from './run.mjs';

const ORDER = ['trap', 'hang', 'crash', 'module broken', 'wrong object accepted', 'poisoned object', 'changed by a failed call', 'non-Error throw', 'no valid arguments',
  'probe error', 'bad message', 'message misdescribes the value', 'message names no argument of the call',
  'message does not name `this`', 'message names another argument', 'unknown key accepted', 'non-finite result'];

/** One line per (export, argument, outcome), the hostile values collapsed, most severe first. */
export function markdown(root, out, { title = 'Probe findings', command = '' } = {}) {
  const files = sourceFiles(root, [...new Set(out.findings.map((f) => f.id))]);
  const rows = new Map();
  for (const f of out.findings) {
    const key = `${f.id}\u0000${f.arg}\u0000${f.outcome}`;
    const row = rows.get(key) ?? { ...f, values: new Set(), calls: [], details: [] };
    row.values.add(f.value);
    row.calls.push(f.call);
    if (row.details.length < 2 && !row.details.includes(f.detail)) row.details.push(f.detail);
    rows.set(key, row);
  }
  const byFile = new Map();
  for (const row of rows.values()) {
    const file = files[row.id] ?? '(unknown)';
    if (!byFile.has(file)) byFile.set(file, []);
    byFile.get(file).push(row);
  }
  const counts = {};
  for (const f of out.findings) counts[f.outcome] = (counts[f.outcome] ?? 0) + 1;
  const lines = [
    `# ${title}`,
    '',
    `Seed ${out.seed}, ${out.calls} calls (systematic plan: ${out.planned}), ${out.targets.length} targets. ${command}`,
    out.clean ? `Calls without a finding: ${out.clean.calls} in ${(out.clean.ms / 1000).toFixed(1)} s (${(out.clean.ms / Math.max(1, out.clean.calls)).toFixed(2)} ms each).` : '',
    `Reproduce one call: \`PROBE_SEED=${out.seed} PROBE_ONLY=<call> node --test tests/js/probe.test.mjs\`.`,
    '',
    `Totals: ${ORDER.filter((o) => counts[o]).map((o) => `${o} ${counts[o]}`).join(', ') || 'none'}.`,
    '',
    'Outcomes: **trap** a WebAssembly.RuntimeError (a Rust panic); **hang** no answer within the watchdog; **crash** the',
    'worker died (e.g. an uncaught exception from an async export); **module broken** known-good calls fail after\n' +
    'this call or an earlier one in the same worker (memory corrupted without a trap); **wrong object accepted** a\n' +
    'method ran on another class\'s, a freed or a plain object (`this` or a class argument) and answered; **poisoned object** / **changed by a failed call**',
    'after the call threw, a known-good read of the instance (`this` or a class argument) throws / differs from before;',
    '**bad message** not one of edgewise\'s forms (``invalid argument `x`: expected …, got …``, `corrupt …`,',
    '`numerical failure: …`, `unsupported: …`) or a glue/engine message; **message misdescribes the value** "got NaN" for',
    'a value that was not NaN (the glue converted it unchecked); **message names another argument / no argument**:',
    'the mutated argument was not a value of its declared type, yet the message blames something else;',
    '**unknown key accepted** a misspelled key in a declared object was ignored; **non-finite result** NaN/Infinity',
    'from finite inputs in a field whose declaration does not document it; **no valid arguments** neither a seed in',
    '`tests/js/probe/seeds.mjs` nor generated arguments succeed.',
    '',
  ];
  const sev = (o) => (ORDER.indexOf(o) < 0 ? 99 : ORDER.indexOf(o));
  for (const file of [...byFile.keys()].sort()) {
    const list = byFile.get(file).sort((a, b) => sev(a.outcome) - sev(b.outcome) || a.id.localeCompare(b.id) || a.arg.localeCompare(b.arg));
    lines.push(`## ${file} (${list.reduce((n, r) => n + r.calls.length, 0)} findings)`, '');
    lines.push('| export | argument | hostile values | outcome | example (call #) |', '|---|---|---|---|---|');
    for (const r of list) {
      const cell = (s) => String(s).replace(/\|/g, '\\|').replace(/\n/g, ' ');
      lines.push(`| ${cell(r.id)} | ${cell(r.arg)} | ${cell([...r.values].join('; '))} | **${r.outcome}** | ${cell(r.details.join(' / ').slice(0, 300))} (#${r.calls[0]}) |`);
    }
    lines.push('');
  }
  return lines.join('\n');
}
