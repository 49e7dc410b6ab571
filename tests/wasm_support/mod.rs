//! Helpers shared by the wasm-bindgen test files (`tests/wasm*.rs`).
#![allow(dead_code)]

use wasm_bindgen::{JsCast, JsValue};

/// The message of the JS `Error` that a failed call throws.
pub fn thrown(err: wasm_bindgen::JsError) -> String {
    let value: JsValue = err.into();
    let error: js_sys::Error = value
        .dyn_into()
        .expect("a failed call must throw a JS Error");
    error.message().into()
}

/// Property `key` of a JS object.
pub fn get(obj: &JsValue, key: &str) -> JsValue {
    js_sys::Reflect::get(obj, &key.into()).unwrap()
}

/// A JS value from JSON text.
pub fn json(text: &str) -> JsValue {
    js_sys::JSON::parse(text).unwrap()
}
