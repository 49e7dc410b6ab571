// k-means in headless Chromium: the module's CPU `kmeans` / `segmentRfm` against
// `GpuContext.kmeans` / `segmentRfm` (every Lloyd assignment on WebGPU, points uploaded once per
// fit), in the page's main thread, on the same inputs. Chromium's WebGPU here is SwiftShader (a CPU
// implementation), so this measures the overhead of the GPU path, not a real GPU.
//   bash scripts/build.sh && node benches/wasm/kmeans_gpu.mjs
// Writes benches/results/kmeans_gpu_browser.md. Rounds alternate CPU and GPU calls.
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import { chromium } from 'playwright-core';
import { serve } from '../../scripts/serve.mjs';
import { CHROMIUM_ARGS } from '../../tests/js/browser.mjs';
import { root } from '../../tests/js/load.mjs';

const ROUNDS = 5;
const server = await serve(0);
const base = `http://127.0.0.1:${server.address().port}/`;
const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: [...CHROMIUM_ARGS, '--enable-unsafe-webgpu'] });
const page = await browser.newPage();
await page.goto(`${base}index.html`);
const version = browser.version();

const out = await page.evaluate(async ({ rounds }) => {
  const m = await import('/pkg/edgewise.js');
  await m.default();
  const { randomMatrix } = await import('/tasks/compute.js');
  const ctx = await m.createGpuContext();
  const info = { backend: ctx.backend, fallbackReason: ctx.fallbackReason ?? null, adapter: ctx.adapter() };
  // The dashboard's bundled order log.
  const rows = (await (await fetch('/data/orders.csv')).text()).trim().split('\n').slice(1).map((l) => l.split(',').map(Number));
  const table = m.rfm(Uint32Array.from(rows, (r) => r[0]), Float64Array.from(rows, (r) => r[1]), Float64Array.from(rows, (r) => r[2]));
  const cases = [
    { name: `segmentRfm, bundled log (${table.customers.length} shoppers), k 4, nInit 10 (the dashboard's call)`,
      cpu: () => m.segmentRfm(table, { k: 4, seed: 1, nInit: 10 }), gpu: () => ctx.segmentRfm(table, { k: 4, seed: 1, nInit: 10 }) },
  ];
  for (const [n, d, k] of [[20000, 8, 16], [100000, 16, 32]]) {
    const pts = randomMatrix(11, n * d);
    const opts = { k, seed: 1, nInit: 1, maxIter: 10, tol: 0 };
    cases.push({ name: `kmeans ${n} × ${d} uniform, k ${k}, 1 start, 10 Lloyd steps`,
      cpu: () => m.kmeans(pts, d, opts), gpu: () => ctx.kmeans(pts, d, opts) });
  }
  const results = [];
  for (const c of cases) {
    const cpuT = [];
    const gpuT = [];
    let a = c.cpu();
    let b = await c.gpu(); // warm-up (pipelines, pool)
    for (let r = 0; r < rounds; r++) {
      let t0 = performance.now();
      a = c.cpu();
      cpuT.push(performance.now() - t0);
      t0 = performance.now();
      b = await c.gpu();
      gpuT.push(performance.now() - t0);
    }
    let same = 0;
    for (let i = 0; i < a.labels.length; i++) same += a.labels[i] === b.labels[i];
    results.push({ name: c.name, cpuT, gpuT, backend: b.backend, adapter: b.adapter, fallbackReason: b.fallbackReason,
      same, n: a.labels.length, inertiaRel: Math.abs(a.inertia - b.inertia) / a.inertia });
  }
  return { info, results };
}, { rounds: ROUNDS });
await browser.close();
server.close();

const med = (v) => [...v].sort((x, y) => x - y)[Math.floor(v.length / 2)];
const f = (ms) => ms.toFixed(1);
const range = (v) => `${f(med(v))} [${f(Math.min(...v))}–${f(Math.max(...v))}]`;
let md = `# k-means in the browser: CPU vs GpuContext (WebGPU)\n\n`
  + `Made by \`bash scripts/build.sh && node benches/wasm/kmeans_gpu.mjs\`: headless Chromium ${version} `
  + `(\`--enable-unsafe-webgpu\`), the page's main thread, ${ROUNDS} alternating rounds after a warm-up call each; `
  + `median [min–max] ms. Machine: ${os.cpus().length} cores (${os.cpus()[0]?.model ?? '?'}), shared and busy.\n\n`
  + `GPU context: backend \`${out.info.backend}\`${out.info.fallbackReason ? ` (${out.info.fallbackReason})` : ''}, adapter `
  + `\`${JSON.stringify(out.info.adapter)}\`.\n\n`
  + `SwiftShader is WebGPU on the CPU: these numbers show what the GPU path costs over the CPU `
  + `one when there is no real GPU (each Lloyd step is a dispatch + a mapped read-back), not the speed of a GPU.\n\n`
  + '| call | CPU (`kmeans` / `segmentRfm`) ms | GpuContext ms | GPU / CPU | ran on | labels as CPU | inertia rel. diff |\n|---|---:|---:|---:|---|---:|---:|\n';
for (const r of out.results) {
  md += `| ${r.name} | ${range(r.cpuT)} | ${range(r.gpuT)} | ${(med(r.gpuT) / med(r.cpuT)).toFixed(2)} | ${r.backend}${r.adapter ? ` (${r.adapter})` : ''} | ${r.same}/${r.n} | ${r.inertiaRel.toExponential(1)} |\n`;
}
console.log(md);
writeFileSync(`${root}benches/results/kmeans_gpu_browser.md`, md);
