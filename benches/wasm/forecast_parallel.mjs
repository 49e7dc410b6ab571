// The dashboard's parallel batch, measured in Node: AutoETS over every M3 monthly series (rule
// hold-out lengths) as one forecastBatch call in one thread, then split by www/shard.js over N
// worker threads (each with its own wasm instance, as the dashboard's Web Workers), merged with
// mergeBatches. Checks the merged result equals the one-thread call; reports wall-clock times.
//   bash scripts/build.sh && node benches/wasm/forecast_parallel.mjs
// Writes benches/results/forecast_parallel.md. Numbers are measured, never asserted.
import { Worker, isMainThread, parentPort, workerData } from 'node:worker_threads';
import { writeFileSync } from 'node:fs';
import os from 'node:os';
import { loadEdgewise, root } from '../../tests/js/load.mjs';
import { shard, mergeBatches } from '../../www/shard.js';
import { loadM3Jobs } from './m3.mjs';

const H = 18;
const OPTIONS = { seasonLength: 12, seed: 0 };

function batch(edgewise, values) {
  const offsets = new Uint32Array(values.length + 1);
  values.forEach((v, i) => { offsets[i + 1] = offsets[i] + v.length; });
  const flat = new Float64Array(offsets[values.length]);
  values.forEach((v, i) => flat.set(v, offsets[i]));
  return edgewise.forecastBatch(flat, offsets, H, OPTIONS);
}

if (!isMainThread) {
  const edgewise = await loadEdgewise();
  parentPort.postMessage('ready');
  parentPort.on('message', (values) => parentPort.postMessage(batch(edgewise, values)));
} else {
  const values = loadM3Jobs().get('m3_monthly').map((j) => Array.from(j.train));
  const edgewise = await loadEdgewise();
  batch(edgewise, values.slice(0, 50)); // warm-up
  const rounds = 3;
  const one = [];
  let want;
  for (let r = 0; r < rounds; r++) {
    const t0 = performance.now();
    want = batch(edgewise, values);
    one.push(performance.now() - t0);
  }
  const cores = os.cpus().length;
  const rows = [{ workers: 1, ms: one }];
  for (const n of [...new Set([2, cores])].filter((n) => n > 1)) {
    const workers = await Promise.all(Array.from({ length: n }, () => new Promise((resolve) => {
      const w = new Worker(new URL(import.meta.url));
      w.once('message', () => resolve(w));
    })));
    const run = (w, part) => new Promise((resolve) => { w.once('message', resolve); w.postMessage(part); });
    await Promise.all(workers.map((w) => run(w, values.slice(0, 20)))); // warm-up
    const ms = [];
    for (let r = 0; r < rounds; r++) {
      const t0 = performance.now();
      const parts = shard(values, n);
      const merged = mergeBatches(await Promise.all(parts.map((p, i) => run(workers[i], p))));
      ms.push(performance.now() - t0);
      if (!merged.point.every((v, i) => Object.is(v, want.point[i]))) throw new Error(`${n} workers: points differ`);
      if (merged.model.join() !== want.model.join()) throw new Error(`${n} workers: models differ`);
    }
    rows.push({ workers: n, ms });
    await Promise.all(workers.map((w) => w.terminate()));
  }
  const median = (xs) => [...xs].sort((a, b) => a - b)[xs.length >> 1];
  const base = median(one);
  let md = '# Forecast batch over Web-Worker-style threads (the dashboard\'s parallel batch)\n\n';
  md += `Made by \`node benches/wasm/forecast_parallel.mjs\` on a ${cores}-core ${os.arch()} machine `
    + `(${os.cpus()[0]?.model?.trim() ?? 'unknown CPU'}, shared), Node ${process.versions.node}, pkg/ as built by scripts/build.sh. `
    + `AutoETS (default search, season length 12) over all ${values.length} M3 monthly series, horizon ${H}: `
    + 'one `forecastBatch` call in one thread, then the same series split by `www/shard.js` over N worker threads, '
    + 'each with its own wasm instance, merged by `mergeBatches` (checked equal to the one-thread result). '
    + `Wall-clock ms, median of ${rounds} rounds (all rounds in brackets); workers were started and warmed before timing.\n\n`;
  md += '| workers | ms (median) | rounds | speed-up vs 1 |\n|---:|---:|---|---:|\n';
  for (const r of rows) {
    md += `| ${r.workers} | ${median(r.ms).toFixed(0)} | ${r.ms.map((x) => x.toFixed(0)).join(', ')} | ${(base / median(r.ms)).toFixed(2)}× |\n`;
  }
  const out = `${root}benches/results/forecast_parallel.md`;
  writeFileSync(out, md);
  console.log(md);
  console.log(`wrote ${out}`);
}
