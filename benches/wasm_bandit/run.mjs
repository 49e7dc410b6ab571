// Times the wasm build of the bandit workloads in Node.
//   cargo build --release --target wasm32-unknown-unknown   (in this folder)
//   node run.mjs [path/to/edgewise_wasm_bandit_bench.wasm]
// Prints microseconds per choose+reward step, the median of 7 timed batches after a warm-up.
import { readFileSync } from "node:fs";

const path =
  process.argv[2] ??
  new URL("./target/wasm32-unknown-unknown/release/edgewise_wasm_bandit_bench.wasm", import.meta.url);
const module = await WebAssembly.compile(readFileSync(path));
// The edgewise rlib carries the wasm-bindgen glue of its JS layer; these workloads never call
// it, so every import is stubbed with a function that throws if reached.
const imports = {};
for (const imp of WebAssembly.Module.imports(module)) {
  imports[imp.module] ??= {};
  imports[imp.module][imp.name] = () => {
    throw new Error(`unexpected import ${imp.module}.${imp.name}`);
  };
}
const { exports: w } = await WebAssembly.instantiate(module, imports);

function time(name, setup, run, iters) {
  setup();
  run(iters); // warm-up
  const us = [];
  for (let k = 0; k < 7; k++) {
    const t0 = performance.now();
    run(iters);
    us.push(((performance.now() - t0) * 1000) / iters);
  }
  us.sort((a, b) => a - b);
  console.log(`${name.padEnd(26)} ${us[3].toFixed(2)} µs/step  (${(1e6 / us[3]).toFixed(0)} steps/s)`);
}

time("thompson_beta_1000_arms", w.setup_thompson_1000, w.run_mab, 2000);
time("ucb1_1000_arms", w.setup_ucb1_1000, w.run_mab, 20000);
time("linucb_d32_k100", w.setup_linucb_d32_k100, w.run_linear, 2000);
time("lints_d32_k100", w.setup_lints_d32_k100, w.run_linear, 2000);
