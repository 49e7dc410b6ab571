// replenishmentPlan through the built pkg/ in Node (wasm, the module a page runs) on the bench
// instances of tests/fixtures/milp/bench_instances.json (100 and 1,000 SKUs), beside HiGHS's optimum
// and the time of scipy's milp call recorded there. Prints medians; numbers for benches/results/milp.md.
//   bash scripts/build.sh && node benches/wasm/replenish.mjs
import { readFileSync } from 'node:fs';
import { loadEdgewise, root } from '../../tests/js/load.mjs';

const edgewise = await loadEdgewise();
const { instances } = JSON.parse(readFileSync(`${root}tests/fixtures/milp/bench_instances.json`, 'utf8'));

for (const inst of instances) {
  const col = (k) => Float64Array.from(inst.skus, (s) => s[k]);
  const skus = {
    mean: col('mean'), sd: col('sd'), stock: col('position'), unitCost: col('unitCost'), holdingCost: col('holdingCost'),
    stockoutCost: col('stockoutCost'), volume: col('volume'), minOrder: col('minOrder'), pack: col('pack'),
  };
  for (const gap of [1e-9, 1e-6]) {
    const times = [];
    let p;
    for (let r = 0; r < 7; r++) {
      const t0 = performance.now();
      p = edgewise.replenishmentPlan(skus, { ...inst.options, gap });
      times.push(performance.now() - t0);
    }
    times.sort((a, b) => a - b);
    const rel = Math.abs(p.objective - inst.highs.objective) / inst.highs.objective;
    console.log(`${inst.name} gap ${gap}: median ${times[3].toFixed(1)} ms (min ${times[0].toFixed(1)}), ${p.status}, `
      + `${p.nodes} nodes, gap ${p.gap.toExponential(1)}, objective ${p.objective} vs HiGHS ${inst.highs.objective} `
      + `(rel ${rel.toExponential(1)}; scipy milp ${inst.highs.seconds.toFixed(2)} s)`);
  }
}
