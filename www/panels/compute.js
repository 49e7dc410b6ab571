// Compute panel: which backend runs the heavy kernels here (WebGPU adapter or the CPU fallback and
// why), and a check that GPU and CPU give the same top-k on the same seeded data.

const fmt = (x, d = 2) => Number(x).toFixed(d);

export async function mount(root, { call }) {
  const $ = (sel) => root.querySelector(sel);
  const info = await call('gpuInfo');
  $('#gpu-backend').textContent = info.backend;
  $('#gpu-fallback').textContent = info.fallbackReason ?? '–';
  const rows = Object.entries(info.adapter ?? {})
    .filter(([, v]) => typeof v !== 'object')
    .map(([key, v]) => `<tr><th>${key}</th><td>${v === '' ? '<i>not reported by the browser</i>' : v}</td></tr>`);
  $('#gpu-adapter tbody').innerHTML = rows.join('') || '<tr><td colspan="2">no adapter</td></tr>';

  async function run() {
    const args = {
      users: Number($('#cmp-users').value),
      items: Number($('#cmp-items').value),
      dim: Number($('#cmp-dim').value),
      k: Number($('#cmp-k').value),
      seed: 7,
    };
    const out = $('#cmp-result');
    out.textContent = 'running…';
    const error = $('#cmp-error');
    let r;
    try {
      r = await call('compareTopK', args);
      error.hidden = true;
    } catch (err) {
      error.textContent = err.message;
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
