//! The JavaScript face of edgewise (wasm32 only): thin wasm-bindgen wrappers over the core.
