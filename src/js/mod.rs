//! The JavaScript face of edgewise (wasm32 only): thin wasm-bindgen wrappers over the core.
//!
//! Conventions for every export:
//! - arguments arrive as typed arrays or plain objects and are validated here into core types;
//! - every failure is returned as `Err(JsError)`, which wasm-bindgen throws as a JS `Error` whose
//!   message names the argument, what was expected and what was given;
//! - results are plain JS objects of typed arrays, so a Web Worker can post them as they are.

// The argument readers and `Obj` serve every engine: a build with only some engines leaves some
// of them unused (the full build, linted in CI, checks them all).
#![cfg_attr(
    not(all(
        feature = "forecast",
        feature = "rerank",
        feature = "bandit",
        feature = "analytics",
        feature = "learn"
    )),
    allow(dead_code, unused_imports)
)]

/// The module's allocator: talc instead of std's dlmalloc, which is larger (single-threaded wasm
/// only; a build with atomics keeps dlmalloc).
#[cfg(not(target_feature = "atomics"))]
#[global_allocator]
static ALLOCATOR: talc::wasm::WasmDynamicTalc = talc::wasm::new_wasm_dynamic_allocator();

#[cfg(feature = "analytics")]
pub mod analytics;
mod args;
#[cfg(feature = "bandit")]
pub mod bandit;
#[cfg(feature = "forecast-lite")]
pub mod forecast;
#[cfg(feature = "gpu")]
pub mod gpu;
#[cfg(feature = "learn")]
pub mod learn;
mod obj;
#[cfg(feature = "rerank")]
pub mod rerank;

use wasm_bindgen::prelude::*;

/// Runs once when the module is instantiated: routes Rust panics to `console.error` with a
/// readable message (a panic is a bug; bad input is reported as a thrown `Error` instead).
/// The hook prints a fixed text, the panic's location and its message when that is a plain
/// string: no stack capture and no `Display` of the panic info (smaller module, issue #13).
#[wasm_bindgen(start)]
pub fn start() {
    std::panic::set_hook(Box::new(|info| {
        let mut msg = String::from("edgewise panicked (a bug: please report it; reload the page)");
        if let Some(loc) = info.location() {
            msg.push_str(" at ");
            msg.push_str(loc.file());
            msg.push(':');
            msg.push_str(&loc.line().to_string());
        }
        let payload = info.payload();
        let text = payload
            .downcast_ref::<&str>()
            .copied()
            .or_else(|| payload.downcast_ref::<String>().map(String::as_str));
        if let Some(s) = text {
            msg.push_str(": ");
            msg.push_str(s);
        }
        web_sys::console::error_1(&JsValue::from_str(&msg));
    }));
}

/// The edgewise version, e.g. `"0.1.0"`.
#[wasm_bindgen]
pub fn version() -> String {
    crate::VERSION.to_string()
}

/// Whether this build was compiled with WebAssembly SIMD128 kernels.
#[wasm_bindgen(js_name = simdEnabled)]
pub fn simd_enabled() -> bool {
    cfg!(target_feature = "simd128")
}
