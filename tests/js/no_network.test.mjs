// No-network audit: the module computes; the page decides what to send. Fails if the wasm's imports
// or the generated JS glue could reach the network.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { wasmPath, gluePath } from './load.mjs';

// Network APIs, and Worker creation (a worker can be spawned from a URL the module makes).
// `WorkerGlobalScope` is only read by wgpu to find `navigator.gpu` inside a worker: harmless.
const NETWORK = /fetch|XMLHttpRequest|WebSocket|EventSource|sendBeacon|RTCPeerConnection|importScripts|new\s+(Shared)?Worker\b|SharedWorker|serviceWorker|ServiceWorker|navigator\.connection|WebTransport|\bimport\s*\(/;

test('the wasm imports nothing that can reach the network', () => {
  const imports = WebAssembly.Module.imports(new WebAssembly.Module(readFileSync(wasmPath)));
  assert.ok(imports.length > 0, 'expected wasm-bindgen imports to audit');
  const bad = imports.filter(({ module, name }) => NETWORK.test(`${module}.${name}`));
  assert.deepEqual(bad, []);
});

test('the JS glue uses the network only to load its own .wasm when the page asks it to', () => {
  const glue = readFileSync(gluePath, 'utf8');
  // The one allowed use: `init()` with no argument fetches edgewise_bg.wasm next to the glue
  // (`__wbg_init_once`, and `__wbg_load` which reads the response).
  const loader = /async function __wbg_init_once\([\s\S]*?\n}\n/;
  const loadBytes = /async function __wbg_load\([\s\S]*?\n}\n/;
  assert.match(glue, loader, 'wasm-bindgen glue layout changed: update this audit');
  const stripped = glue.replace(loader, '').replace(loadBytes, '');
  const hits = stripped.split('\n').filter((line) => NETWORK.test(line));
  assert.deepEqual(hits, []);
  // Inside the loader, the only URL is the module's own file.
  const urls = glue.match(loader)[0].match(/new URL\([^)]*\)/g) ?? [];
  assert.deepEqual(urls, ["new URL('edgewise_bg.wasm', import.meta.url)"]);
});

test('the audit itself catches a network import', () => {
  assert.ok(NETWORK.test('wbg.__wbg_fetch_8f1e2a'));
  assert.ok(NETWORK.test('navigator.sendBeacon(url)'));
  assert.ok(NETWORK.test('const w = new Worker(url);'));
  assert.ok(NETWORK.test('navigator.serviceWorker.register(u)'));
  assert.ok(!NETWORK.test('wbg.__wbg_getRandomValues_1c61'));
  assert.ok(!NETWORK.test('const ret = arg0.WorkerGlobalScope;'));
});
