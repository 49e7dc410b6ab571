#!/usr/bin/env bash
# Sets up and runs every test: lint, native cargo tests, wasm tests in Node and headless Chromium,
# the built module's JS API and no-network audit, and the dashboard end to end.
set -euo pipefail
cd "$(dirname "$0")/.."

step() { printf '\n\033[1m==> %s\033[0m\n' "$*"; }
start=$(date +%s)

step "setup"
bash scripts/setup.sh --test
# setup.sh --test fetched MovieLens 100K: its test must run, not skip.
export EDGEWISE_REQUIRE_ML100K=1

step "format and lint (native and wasm32)"
cargo fmt --check
cargo clippy --all-targets -- -D warnings
cargo clippy --lib --tests --target wasm32-unknown-unknown -- -D warnings
RUSTDOCFLAGS="-D warnings" cargo doc --no-deps --quiet   # rustdoc lints: no broken intra-doc links
python3 scripts/import_cycles.py >/dev/null || python3 scripts/import_cycles.py   # no file imports a file that imports it back

step "each engine builds alone for wasm32 (per-engine cargo features)"
for engine in forecast forecast-lite rerank rerank-eval bandit bandit-eval analytics learn; do
  cargo clippy --lib --target wasm32-unknown-unknown --no-default-features --features "$engine" -- -D warnings
done

step "native tests: cargo test"
cargo test
# The forecasting unit tests again without the full models: what edgewise/forecast-lite keeps
# (and refuses) is tested natively too (bandit: the tests' normal sampler).
cargo test --lib --no-default-features --features forecast-lite,bandit forecast

step "GPU backend, native wgpu on Mesa lavapipe (software Vulkan): cargo test --features gpu"
cargo clippy --features gpu --all-targets -- -D warnings
cargo clippy --lib --tests --target wasm32-unknown-unknown --features gpu -- -D warnings
cargo test --features gpu --lib compute::gpu
cargo test --features gpu --test gpu

step "build pkg/"
bash scripts/build.sh

step "npm package: target/npm/edgewise-<version>.tgz, one module per entry point (edgewise/gpu is pkg/)"
EDGEWISE_GPU_FROM=pkg bash scripts/package.sh

# Every tests/wasm*.rs is a wasm-bindgen-test file of the JS face.
wasm_tests=()
for f in tests/wasm*.rs; do wasm_tests+=(--test "$(basename "$f" .rs)"); done

step "wasm tests in Node: wasm-bindgen-test"
cargo test --target wasm32-unknown-unknown "${wasm_tests[@]}"

step "wasm tests in headless Chromium: wasm-bindgen-test"
WASM_BINDGEN_USE_BROWSER=1 cargo test --target wasm32-unknown-unknown "${wasm_tests[@]}"

step "GPU backend in headless Chromium (WebGPU on SwiftShader): wasm-bindgen-test"
WASM_BINDGEN_USE_BROWSER=1 cargo test --target wasm32-unknown-unknown --features gpu --test wasm_gpu

step "JS API, no-network audit, dashboard end to end, npm package in bundlers/Node/Chromium: node --test"
node --test tests/js/*.test.mjs

step "all tests passed in $(($(date +%s) - start)) s"
