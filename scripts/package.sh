#!/usr/bin/env bash
# Builds the npm package target/npm/edgewise-<version>.tgz (version from Cargo.toml): one prebuilt
# wasm module per entry point (scripts/package_entries.mjs: rerank, rerank-eval, bandit, bandit-eval, forecast,
# forecast-lite, analytics,
# the full module, and the full module with WebGPU), each through scripts/build.sh (release build,
# wasm-bindgen, scripts/patch_glue.mjs, wasm-opt), then scripts/package.mjs and `npm pack`.
# Assumes scripts/setup.sh has run.
#   EDGEWISE_GPU_FROM=pkg   reuse pkg/ as the edgewise/gpu entry (scripts/test.sh, right after
#                           scripts/build.sh built pkg/ with its default features "default,gpu")
set -euo pipefail
cd "$(dirname "$0")/.."

say() { printf '\033[1m[package]\033[0m %s\n' "$*"; }

stage=target/npm/package
rm -rf "$stage"
mkdir -p "$stage/dist"
start=$(date +%s)
while IFS=' ' read -r dir features; do
  out="$stage/dist/$dir"
  if [[ "$features" == "default,gpu" && "${EDGEWISE_GPU_FROM:-}" == "pkg" ]]; then
    say "$dir: reusing pkg/ (built with '$features')"
    mkdir -p "$out"
    cp pkg/edgewise.js pkg/edgewise_bg.wasm pkg/edgewise.d.ts "$out/"
  else
    say "$dir: features '$features'"
    EDGEWISE_FEATURES="$features" EDGEWISE_OUT="$out" bash scripts/build.sh
  fi
done < <(node --input-type=module -e \
  "import { ENTRIES } from './scripts/package_entries.mjs'; for (const e of ENTRIES) console.log(e.dir, e.features);")

node scripts/package.mjs "$stage"
tarball=$(cd target/npm && npm pack ./package --loglevel=error | tail -1)
say "target/npm/$tarball in $(($(date +%s) - start)) s; gzipped wasm per entry:"
for wasm in "$stage"/dist/*/edgewise_bg.wasm; do
  printf '  %-10s %7d bytes\n' "$(basename "$(dirname "$wasm")")" "$(gzip -9 -c "$wasm" | wc -c)"
done
