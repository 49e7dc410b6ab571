// Compute panel: which backend runs the heavy kernels here (WebGPU adapter or the CPU fallback and
// why), and a check that GPU and CPU give the same top-k on the same seeded data.

import { readNumber, validate, humanize } from '../form.js';

const fmt = (x, d = 2) => Number(x).toFixed(d);

/**
 * Most multiply-adds (users × items × dim) one comparison may take: it runs 3 times on each
 * backend in the panel's worker, and 256 × 100,000 × 128 (3.3e9) ran over a minute.
 */
export const MAX_WORK = 500_000_000;

export async function mount(root, { call }) {
  const $ = (sel) => root.querySelector(sel);
  const info = await call('gpuInfo');
  $('#gpu-backend').textContent = info.backend;
  $('#gpu-fallback').textContent = info.fallbackReason ?? '–';
  const rows = Object.entries(info.adapter ?? {})
    .filter(([, v]) => typeof v !== 'object')
    .map(([key, v]) => `<tr><th>${key}</th><td>${v === '' ? '<i>not reported by the browser</i>' : v}</td></tr>`);
  $('#gpu-adapter tbody').innerHTML = rows.join('') || '<tr><td colspan="2">no adapter</td></tr>';

  function readArgs() {
    return validate(['#cmp-users', '#cmp-items', '#cmp-dim', '#cmp-k'].map($), () => {
      const a = { users: readNumber($('#cmp-users')), items: readNumber($('#cmp-items')), dim: readNumber($('#cmp-dim')) };
      a.k = readNumber($('#cmp-k'), { max: Math.min(1000, a.items) });
      const work = a.users * a.items * a.dim;
      if (work > MAX_WORK) {
        throw new Error(`Users: users × items × dim is at most ${MAX_WORK.toLocaleString('en')} multiply-adds per run (got ${work.toLocaleString('en')}); use fewer users, items or dimensions`);
      }
      return { ...a, seed: 7 };
    });
  }

  async function run() {
    const out = $('#cmp-result');
    const error = $('#cmp-error');
    let r;
    let args;
    try {
      args = readArgs();
      out.textContent = 'running…';
      r = await call('compareTopK', args);
      error.hidden = true;
    } catch (err) {
      error.textContent = humanize(err, { users: 'Users', items: 'Items', dim: 'Dim', k: 'k' }).message;
      error.hidden = false;
      out.textContent = '';
      return;
    }
    out.innerHTML = `
      <table class="numbers">
        <tr><th>backend</th><td id="cmp-backend">${r.backend}</td></tr>
        <tr><th>CPU time (median of 3)</th><td>${fmt(r.cpuMs, 1)} ms (${fmt(r.gflop / (r.cpuMs / 1e3))} GFLOP/s)</td></tr>
        <tr><th>${r.backend === 'gpu' ? 'GPU' : 'CPU fallback context'} time (median of 3)</th><td>${fmt(r.otherMs, 1)} ms (${fmt(r.gflop / (r.otherMs / 1e3))} GFLOP/s)</td></tr>
        <tr><th>max |score difference|</th><td id="cmp-maxdiff">${r.maxScoreDiff.toExponential(2)}</td></tr>
        <tr><th>same item at same rank</th><td id="cmp-same">${fmt(100 * r.sameIndexShare, 1)}%</td></tr>
        <tr><th>user 0, CPU top-${args.k} scores</th><td id="cmp-top">${r.cpuTop.map((s) => s.toFixed(4)).join(' ')}</td></tr>
      </table>${info.adapter?.deviceType === 'Cpu' ? `
      <p class="note" id="cmp-software">This WebGPU adapter is a software renderer (device type "Cpu", e.g.
        SwiftShader): it runs the shaders on the same CPU cores, so the SIMD128 CPU path is expected to win here.</p>` : ''}`;
    root.dataset.compared = 'true';
  }

  $('#cmp-run').addEventListener('click', run);
  await run();
}
