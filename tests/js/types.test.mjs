// The TypeScript declarations of the built module: the README's examples (tests/js/types/usage.ts)
// type-check under `tsc --strict`, options arguments are optional, and no parameter is typed
// `X | undefined` without being optional (which TypeScript would make a required argument).
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { root } from './load.mjs';

const tsc = `${root}node_modules/typescript/bin/tsc`;
const dts = readFileSync(`${root}pkg/edgewise.d.ts`, 'utf8');

test('the README examples type-check against pkg/edgewise.d.ts', () => {
  try {
    execFileSync(process.execPath, [
      tsc, '--noEmit', '--strict', '--target', 'es2022', '--module', 'es2022',
      '--moduleResolution', 'bundler', '--lib', 'es2022,dom,esnext.disposable',
      `${root}tests/js/types/usage.ts`,
    ], { encoding: 'utf8', stdio: 'pipe' });
  } catch (err) {
    assert.fail(`tsc reported errors:\n${err.stdout}${err.stderr}`);
  }
});

test('a type error in a call is caught (the check is live)', () => {
  // The same compiler on a call with a wrong argument type must fail, or the test above proves nothing.
  const bad = `${root}target/js-fixtures/types_bad.ts`;
  execFileSync('mkdir', ['-p', `${root}target/js-fixtures`]);
  const src = `import { forecast } from '../../pkg/edgewise.js';\nforecast('not numbers', 3);\n`;
  execFileSync('bash', ['-c', `cat > '${bad}'`], { input: src });
  assert.throws(() => execFileSync(process.execPath, [
    tsc, '--noEmit', '--strict', '--target', 'es2022', '--module', 'es2022',
    '--moduleResolution', 'bundler', '--lib', 'es2022,dom,esnext.disposable', bad,
  ], { encoding: 'utf8', stdio: 'pipe' }), (err) => /TS2345/.test(err.stdout));
});

test('no parameter is typed `| undefined` without being optional', () => {
  assert.deepEqual(requiredUndefined('export function f(a: number, options: X | undefined): Y;'),
    ['options: X | undefined'], 'the scan finds what it looks for');
  assert.deepEqual(requiredUndefined(dts), []);
});

/** Parameters of declared functions, methods and constructors typed `… | undefined` without `?`. */
function requiredUndefined(text) {
  return [...text.matchAll(/^\s*(?:export function |static |constructor|\w+)[\w<> ]*\(([^()]*)\)/gm)]
    .flatMap((m) => m[1].split(/,\s*(?=\w+\??:)/))
    .map((p) => p.trim())
    .filter((p) => /^\w+: .*\| undefined$/.test(p));
}
