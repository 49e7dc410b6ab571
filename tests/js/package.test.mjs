// The npm package as a web developer meets it: the tarball of scripts/package.sh is installed
// (`npm install <tgz>`) into the fixture projects of tests/package/ (bundlers pinned by their
// package-lock.json), and
// - Node 20+ imports every entry point and `await init()` works without arguments;
// - Vite, esbuild and webpack 5 bundles, a static folder (import map, no bundler) and a module
//   Web Worker (with IndexedDB state through edgewise/state) each rank a catalog in headless
//   Chromium, served from 127.0.0.1 with no other request;
// - every entry's declarations pass `tsc --strict` under lib es2020, es2022 and esnext without
//   skipLibCheck.
import { before, after, test } from 'node:test';
import assert from 'node:assert/strict';
import { execFileSync } from 'node:child_process';
import { copyFileSync, existsSync, readFileSync, statSync, writeFileSync } from 'node:fs';
import { chromium } from 'playwright-core';
import { serve } from '../../scripts/serve.mjs';
import { ENTRIES } from '../../scripts/package_entries.mjs';
import { CHROMIUM_ARGS } from './browser.mjs';
import { root } from './load.mjs';

const fixtures = `${root}tests/package/`;
const version = readFileSync(`${root}Cargo.toml`, 'utf8').match(/^version = "([^"]*)"/m)[1];
const tarball = `${root}target/npm/edgewise-${version}.tgz`;
const RANKED = ['a', 'c', 'b'];

const run = (cmd, args, cwd = fixtures) =>
  execFileSync(cmd, args, { cwd, encoding: 'utf8', stdio: 'pipe', env: { ...process.env, NO_COLOR: '1' } });

let server;
let browser;
let base;

before(async () => {
  assert.ok(existsSync(tarball), `${tarball} is missing: run bash scripts/package.sh`);
  // The bundlers, exactly as the lockfile pins them (offline from npm's cache once installed).
  const stamp = `${fixtures}node_modules/.package-lock.json`;
  if (!existsSync(stamp) || statSync(`${fixtures}package-lock.json`).mtimeMs > statSync(stamp).mtimeMs) {
    run('npm', ['ci', '--no-audit', '--no-fund', '--loglevel=error']);
  }
  // The package itself, as a user installs it (not saved: the tarball changes with every build).
  run('npm', ['install', '--no-save', '--offline', '--no-audit', '--no-fund', '--loglevel=error', tarball]);

  run(process.execPath, ['node_modules/vite/bin/vite.js', 'build', 'vite', '--logLevel', 'error']);
  run(`${fixtures}node_modules/.bin/esbuild`, ['esbuild/main.js', '--bundle', '--format=esm',
    '--loader:.wasm=file', '--outdir=dist/esbuild', '--log-level=error']);
  copyFileSync(`${fixtures}esbuild/index.html`, `${fixtures}dist/esbuild/index.html`);
  run(process.execPath, ['webpack/build.mjs']);

  server = await serve(0, [['/', fixtures.slice(0, -1)]]);
  base = `http://127.0.0.1:${server.address().port}/`;
  browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: CHROMIUM_ARGS });
});

after(async () => {
  await browser?.close();
  server?.close();
});

test('the tarball holds package.json, README, every entry (glue, wasm, types, Node wrapper) and edgewise/state', () => {
  const files = run('tar', ['-tzf', tarball]).split('\n');
  const pkg = JSON.parse(readFileSync(`${fixtures}node_modules/edgewise/package.json`, 'utf8'));
  assert.equal(pkg.name, 'edgewise');
  assert.equal(pkg.version, version);
  assert.equal(pkg.type, 'module');
  assert.equal(pkg.sideEffects, false);
  assert.ok(pkg.license);
  assert.ok(files.includes('package/README.md'));
  for (const { entry, dir } of ENTRIES) {
    for (const f of ['edgewise.js', 'edgewise_bg.wasm', 'edgewise.d.ts', 'node.js']) {
      assert.ok(files.includes(`package/dist/${dir}/${f}`), `${dir}/${f} in the tarball`);
    }
    const key = entry === 'edgewise' ? '.' : `./${dir}`;
    assert.deepEqual(Object.keys(pkg.exports[key]), ['types', 'node', 'default'], `exports["${key}"]`);
  }
  assert.ok(files.includes('package/state.js') && files.includes('package/state.d.ts'));
});

test('Node: every entry point imports, init() reads its wasm, and each engine answers', () => {
  const results = JSON.parse(run(process.execPath, ['node/check.mjs']));
  const horizon = 'invalid argument `horizon`: expected a whole number in [1, 10000], got 0';
  assert.deepEqual(results['edgewise/rerank'], { version, rerank: RANKED });
  // The one relevant item third of three: NDCG@3 = 1 / log2(4).
  assert.deepEqual(results['edgewise/rerank-eval'], { version, rerank: RANKED, rerankEval: 0.5 });
  assert.deepEqual(results['edgewise/bandit'], { version, bandit: 0 });
  assert.deepEqual(results['edgewise/bandit-eval'], { version, bandit: 0, banditEval: 5 });
  assert.deepEqual(results['edgewise/forecast'], { version, forecast: 'SeasonalNaive(12)', error: horizon, autoArima: 'ARIMA' });
  assert.deepEqual(results['edgewise/forecast-lite'], {
    version, forecast: 'SeasonalNaive(12)', error: horizon,
    autoArima: 'invalid argument `options.model`: expected a model of edgewise/forecast-lite (model "autoARIMA" is not ' +
      'in edgewise/forecast-lite; import edgewise/forecast for ARIMA, AutoARIMA, MSTL, ensembles and weighted ETS), got "autoARIMA"',
  });
  assert.deepEqual(results['edgewise/analytics'],
    { version, forecast: 'SeasonalNaive(12)', analytics: 'bBetter', error: horizon });
  for (const entry of ['edgewise', 'edgewise/gpu']) {
    assert.deepEqual(results[entry],
      { version, rerank: RANKED, rerankEval: 0.5, bandit: 0, banditEval: 5, forecast: 'SeasonalNaive(12)', analytics: 'bBetter', error: horizon });
  }
});

test('an engine entry exports only its engine', async () => {
  const names = JSON.parse(run(process.execPath, ['--input-type=module', '-e',
    "const m = await import('edgewise/rerank'); console.log(JSON.stringify(Object.keys(m)))"], `${fixtures}node`));
  assert.ok(names.includes('rank') && names.includes('ItemStore'));
  assert.ok(!names.includes('forecast') && !names.includes('MultiArmedBandit'), names.join());
  // The storefront's bandit entry leaves the analysis exports to edgewise/bandit-eval.
  const [bandit, evalNames] = ['edgewise/bandit', 'edgewise/bandit-eval'].map((entry) => JSON.parse(run(process.execPath,
    ['--input-type=module', '-e', `const m = await import('${entry}'); console.log(JSON.stringify(Object.keys(m)))`],
    `${fixtures}node`)));
  const analysis = ['evaluateOffPolicy', 'evaluateLoggedFeedback', 'simulateRegret', 'simulateLdpFleet'];
  assert.ok(bandit.includes('MultiArmedBandit') && bandit.includes('PrivacyBudget'), bandit.join());
  assert.deepEqual(analysis.filter((n) => bandit.includes(n)), []);
  assert.deepEqual(analysis.filter((n) => evalNames.includes(n)), analysis);
  assert.ok(evalNames.includes('MultiArmedBandit'), evalNames.join());
});

test('edgewise/rerank leaves evaluation, the demo catalog and propensity rows to edgewise/rerank-eval', () => {
  const [rerank, evalNames, full] = ['edgewise/rerank', 'edgewise/rerank-eval', 'edgewise'].map((entry) =>
    JSON.parse(run(process.execPath, ['--input-type=module', '-e',
      `const m = await import('${entry}'); console.log(JSON.stringify(Object.keys(m)))`], `${fixtures}node`)));
  const analysis = ['ndcgAtK', 'recallAtK', 'meanReciprocalRank', 'catalogCoverage', 'intraListDiversity',
    'synthCatalog', 'propensityFeatures'];
  const storefront = ['ItemStore', 'ShopperProfile', 'rank', 'rankProfile'];
  assert.deepEqual(storefront.filter((n) => rerank.includes(n)), storefront, rerank.join());
  assert.deepEqual(analysis.filter((n) => rerank.includes(n)), []);
  for (const names of [evalNames, full]) {
    assert.deepEqual(analysis.filter((n) => names.includes(n)), analysis, names.join());
    assert.deepEqual(storefront.filter((n) => names.includes(n)), storefront, names.join());
  }
  assert.ok(!evalNames.includes('forecast') && !evalNames.includes('MultiArmedBandit'), evalNames.join());
});

test('edgewise/rerank refuses a propensity model and says where it is; edgewise/rerank-eval ranks with it', () => {
  const withPropensity = (entry) => run(process.execPath, ['--input-type=module', '-e', `
    const m = await import('${entry}');
    await m.default();
    const store = m.ItemStore.fromFloat32(new Float32Array([1, 0, 0, 1, 0.7, 0.7]), 2);
    const options = { k: 2, propensity: { model: { coef: [0, 4], intercept: 0 }, weight: 1 } };
    try {
      console.log(JSON.stringify(Array.from(m.rank(store, new Float32Array([1, 0]), options).indices)));
    } catch (err) {
      console.log(err.message);
    }`], `${fixtures}node`).trim();
  assert.equal(withPropensity('edgewise/rerank'), 'invalid argument `options.propensity`: expected no propensity ' +
    'model in edgewise/rerank (import edgewise/rerank-eval or the full module edgewise to rank with one), got a propensity model');
  // Item 2 (0.7, 0.7) beats item 0 (1, 0) once its click probability (coef · embedding) counts.
  assert.equal(withPropensity('edgewise/rerank-eval'), '[2,0]');
  assert.equal(withPropensity('edgewise'), '[2,0]');
});

for (const [name, path] of [
  ['a Vite build', 'dist/vite/'],
  ['an esbuild bundle (wasm imported as a file asset)', 'dist/esbuild/'],
  ['a webpack 5 bundle', 'dist/webpack/'],
  ['a static folder with an import map, no bundler', 'static/'],
]) {
  test(`${name} ranks a catalog with edgewise/rerank in Chromium`, async () => {
    const { result } = await openPage(path);
    assert.deepEqual(result.ids, RANKED);
    assert.equal(result.scores.length, 3);
    assert.ok(result.scores[0] > result.scores[1] && result.scores[1] > result.scores[2], String(result.scores));
  });
}

test('a module Web Worker ranks, and bandit, budget and profile states survive IndexedDB (edgewise/state)', async () => {
  const { result } = await openPage('worker/');
  assert.deepEqual(result.ids, RANKED);
  assert.ok(result.stateBytes > 100, `state of ${result.stateBytes} bytes`);
  assert.equal(result.restoredSame, true);
  assert.equal(result.budgetSame, true);
  // The profile comes back equal to the last bit: the core's JSON reader (src/rerank/json.rs)
  // rounds correctly and its writer prints the shortest digits that read back.
  const [saved, restored] = [result.profile, result.profileRestored].map((j) => JSON.parse(j));
  assert.equal(saved.events, 1);
  assert.deepEqual(restored, saved);
  assert.equal(result.profileRestored, result.profile);
});

/** Opens a fixture page; resolves with its result once <body> has one; fails on any problem. */
async function openPage(path) {
  const page = await browser.newPage();
  const problems = [];
  const foreign = [];
  page.on('request', (r) => !r.url().startsWith(base) && foreign.push(r.url()));
  page.on('response', (r) => r.status() >= 400 && problems.push(`HTTP ${r.status()} ${r.url()}`));
  page.on('pageerror', (e) => problems.push(String(e)));
  page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
  try {
    await page.goto(base + path);
    await page.waitForFunction(() => document.body.dataset.result || document.body.dataset.error, null, { timeout: 60_000 });
    const { result, error } = await page.evaluate(() => ({ ...document.body.dataset }));
    assert.equal(error, undefined, `page error: ${error}`);
    assert.deepEqual(problems, []);
    assert.deepEqual(foreign, [], 'no request leaves 127.0.0.1');
    return { result: JSON.parse(result) };
  } finally {
    await page.close();
  }
}

test('every entry\'s declarations (and the README examples, node/readme.ts) pass tsc --strict under lib es2020, es2022 and esnext (no skipLibCheck)', () => {
  const tsc = `${root}node_modules/typescript/bin/tsc`;
  const src = [
    ...ENTRIES.map(({ entry }, i) => `import init${i}, * as m${i} from '${entry}';\nexport const v${i}: string = m${i}.version();\nexport const i${i} = init${i};`),
    "import { bytesToBase64, base64ToBytes, openStateStore } from 'edgewise/state';",
    'export const b: string = bytesToBase64(base64ToBytes(\'AAE=\'));',
    'export const s = openStateStore();',
  ].join('\n');
  writeFileSync(`${fixtures}node/types.ts`, `${src}\n`);
  // Each lib once, under both module resolutions between them (bundler, and Node's with `exports`).
  for (const [lib, resolution] of [['es2020', 'bundler'], ['es2022', 'node16'], ['esnext', 'bundler']]) {
    const module = resolution === 'node16' ? 'node16' : 'esnext';
    try {
      execFileSync(process.execPath, [tsc, '--noEmit', '--strict', '--target', lib, '--lib', `${lib},dom`,
        '--module', module, '--moduleResolution', resolution, `${fixtures}node/types.ts`, `${fixtures}node/readme.ts`],
      { encoding: 'utf8', stdio: 'pipe' });
    } catch (err) {
      assert.fail(`tsc --lib ${lib},dom --moduleResolution ${resolution}:\n${err.stdout}${err.stderr}`);
    }
  }
});

test('the lib check is live: wasm-bindgen\'s own `[Symbol.dispose]()` fails under es2022', () => {
  writeFileSync(`${fixtures}node/dispose.ts`, 'export declare class X { free(): void; [Symbol.dispose](): void; }\n');
  assert.throws(() => execFileSync(process.execPath, [`${root}node_modules/typescript/bin/tsc`, '--noEmit', '--strict',
    '--target', 'es2022', '--lib', 'es2022,dom', `${fixtures}node/dispose.ts`], { encoding: 'utf8', stdio: 'pipe' }),
  (err) => /Symbol\.dispose|dispose/.test(err.stdout));
});
