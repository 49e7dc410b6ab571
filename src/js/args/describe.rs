//! Describing a JS value for an error message's "got …", without running the caller's code.

use super::is_array;
use crate::num::Num;
use js_sys::Reflect;
use wasm_bindgen::JsValue;

/// A short description of a JS value for error messages: `undefined`, `a string`, `the number 3`…
/// Never throws into Rust: prototypes and constructor names are read through `Reflect`, which
/// turns a hostile getter or Proxy trap into "an object".
pub(crate) fn describe(v: &JsValue) -> String {
    if v.is_undefined() {
        "undefined".into()
    } else if v.is_null() {
        "null".into()
    } else if let Some(n) = v.as_f64() {
        format!("the number {}", Num(n))
    } else if v.is_string() {
        "a string".into()
    } else if let Some(b) = v.as_bool() {
        format!("the boolean {b}")
    } else if v.is_bigint() {
        "a BigInt".into()
    } else if v.is_symbol() {
        "a symbol".into()
    } else if v.is_function() {
        "a function".into()
    } else if is_array(v) {
        let len = Reflect::get(v, &JsValue::from_str("length"))
            .ok()
            .and_then(|l| l.as_f64())
            .unwrap_or(0.0);
        format!("an array of length {}", Num(len))
    } else if v.is_object() {
        let name = Reflect::get_prototype_of(v)
            .ok()
            .filter(|p| !p.is_null())
            .and_then(|p| Reflect::get(&p, &JsValue::from_str("constructor")).ok())
            .filter(|c| c.is_function())
            .and_then(|c| Reflect::get(&c, &JsValue::from_str("name")).ok())
            .and_then(|n| n.as_string())
            .unwrap_or_default();
        if name.is_empty() || name == "Object" {
            "an object".into()
        } else {
            crate::js::obj::a(&name)
        }
    } else {
        "an unsupported value".into()
    }
}
