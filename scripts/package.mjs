// Assembles the npm package from the per-entry builds of scripts/package.sh:
//   node scripts/package.mjs <stage dir>
// <stage>/dist/<entry>/ holds each entry's wasm-bindgen output (edgewise.js, edgewise_bg.wasm,
// edgewise.d.ts). This adds each entry's Node wrapper (npm/node.js), makes the declarations compile
// under any `lib` (es2020 up), copies edgewise/state (npm/state.*) and the README, and writes
// package.json with the version of Cargo.toml.
import { copyFileSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { ENTRIES } from './package_entries.mjs';

const root = fileURLToPath(new URL('..', import.meta.url));
const stage = process.argv[2];
if (!stage) {
  console.error('usage: node scripts/package.mjs <stage dir>');
  process.exit(2);
}
const cargo = readFileSync(`${root}Cargo.toml`, 'utf8');
const field = (name) => cargo.match(new RegExp(`^${name} = "([^"]*)"`, 'm'))[1];

const exportsMap = {};
for (const { entry, dir } of ENTRIES) {
  const out = `${stage}/dist/${dir}`;
  copyFileSync(`${root}npm/node.js`, `${out}/node.js`);
  rmSync(`${out}/edgewise_bg.wasm.d.ts`, { force: true }); // the raw wasm exports: not part of the API
  writeFileSync(`${out}/edgewise.d.ts`, portableDeclarations(readFileSync(`${out}/edgewise.d.ts`, 'utf8')));
  const key = entry === 'edgewise' ? '.' : `./${entry.slice('edgewise/'.length)}`;
  exportsMap[key] = {
    types: `./dist/${dir}/edgewise.d.ts`,
    node: `./dist/${dir}/node.js`,
    default: `./dist/${dir}/edgewise.js`,
  };
  // The wasm file itself, for bundlers that need it imported as an asset (esbuild's file loader).
  exportsMap[`./${dir}/wasm`] = `./dist/${dir}/edgewise_bg.wasm`;
}
exportsMap['./state'] = { types: './state.d.ts', default: './state.js' };
exportsMap['./package.json'] = './package.json';

for (const f of ['state.js', 'state.d.ts']) copyFileSync(`${root}npm/${f}`, `${stage}/${f}`);
copyFileSync(`${root}README.md`, `${stage}/README.md`);

const pkg = {
  name: 'edgewise',
  version: field('version'),
  description: field('description'),
  license: field('license'),
  type: 'module',
  main: './dist/full/edgewise.js',
  types: './dist/full/edgewise.d.ts',
  exports: exportsMap,
  files: ['dist', 'state.js', 'state.d.ts', 'README.md'],
  // The glue's only top-level statements define classes: a bundler may drop what a page never imports.
  sideEffects: false,
  engines: { node: '>=20' },
  keywords: ['wasm', 'webassembly', 'forecasting', 'recommendations', 'reranking', 'bandit', 'ecommerce'],
};
writeFileSync(`${stage}/package.json`, `${JSON.stringify(pkg, null, 2)}\n`);

/**
 * wasm-bindgen declares `[Symbol.dispose](): void` on every class, which only compiles where the
 * `lib` has esnext.disposable (TypeScript 5.2+ with lib esnext): under es2020 or es2022 it is an
 * error inside the package, and `skipLibCheck` would be the consumer's only way out. The method
 * stays at run time (the glue installs it when the engine has Symbol.dispose); the declarations
 * name `free()`, which every engine has.
 */
function portableDeclarations(dts) {
  const out = dts.replace(/^\s*\[Symbol\.dispose\]\(\): void;\n/gm, '');
  if (out.includes('Symbol.dispose')) throw new Error('package.mjs: Symbol.dispose left in the declarations');
  return out;
}
