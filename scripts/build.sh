#!/usr/bin/env bash
# Builds pkg/ (edgewise.js, edgewise_bg.wasm, edgewise.d.ts) from the release wasm and prints its size.
# Assumes scripts/setup.sh has run. Cargo features come from EDGEWISE_FEATURES, default "default,gpu"
# (every engine plus the WebGPU kernels the dashboard uses): `EDGEWISE_FEATURES=default` builds without
# wgpu, `EDGEWISE_FEATURES=rerank` only the re-ranking engine (a storefront's module).
# EDGEWISE_OUT (default pkg) is the output folder.
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf '\033[1m[build]\033[0m %s\n' "$*"; }

features="${EDGEWISE_FEATURES-default,gpu}"
out="${EDGEWISE_OUT:-pkg}"
say "cargo build --release --target wasm32-unknown-unknown --no-default-features --features '$features'"
cargo build --release --lib --target wasm32-unknown-unknown --no-default-features --features "$features"
say "wasm-bindgen --target web"
wasm-bindgen --target web --typescript --out-dir "$out" target/wasm32-unknown-unknown/release/edgewise.wasm
say "patching the glue's class checks (scripts/patch_glue.mjs)"
node scripts/patch_glue.mjs "$out/edgewise.js"

# binaryen from npm (Debian's v108 miscompiles current wasm-bindgen output). The feature list is
# what rustc + wasm-bindgen emit for wasm32 with SIMD128.
say "wasm-opt -O3"
node_modules/.bin/wasm-opt "$out/edgewise_bg.wasm" -O3 -o "$out/edgewise_bg.wasm" \
  --enable-simd --enable-bulk-memory --enable-nontrapping-float-to-int --enable-sign-ext \
  --enable-mutable-globals --enable-reference-types --enable-multivalue

raw=$(stat -c %s "$out/edgewise_bg.wasm")
gz=$(gzip -9 -c "$out/edgewise_bg.wasm" | wc -c)
say "$out/edgewise_bg.wasm (features: '${features}'): $raw bytes raw, $gz bytes gzipped"
