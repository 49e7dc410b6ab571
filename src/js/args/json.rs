//! Reading a JSON document given as a string or as an object (saved states), bounded.

use super::{describe, is_array};
use crate::error::{Error, Result};
use js_sys::Reflect;
use wasm_bindgen::JsValue;

/// Most values (array elements and object fields, nested) [`json_text`] lets `JSON.stringify`
/// walk: a saved state far larger than any real one (a sparse `Array(2 ** 27)` would take
/// seconds and a gigabyte to stringify) is refused before it is serialised.
const MAX_JSON_VALUES: usize = 1 << 21;

/// A JSON document given as a string, or as an object that `JSON.stringify` turns into one (the
/// object is first walked, bounded by [`MAX_JSON_VALUES`]; a throwing getter or a BigInt inside
/// is an error naming `arg`).
pub(crate) fn json_text(arg: &str, v: &JsValue) -> Result<String> {
    if let Some(s) = v.as_string() {
        return Ok(s);
    }
    let bad = || Error::invalid(arg, "a JSON string or object", describe(v));
    if !v.is_object() {
        return Err(bad());
    }
    let mut budget = MAX_JSON_VALUES;
    let too_big = || {
        Error::invalid(
            arg,
            format!("a JSON document of at most {MAX_JSON_VALUES} values"),
            "a larger one",
        )
    };
    let mut stack = vec![v.clone()];
    while let Some(x) = stack.pop() {
        let children = if is_array(&x) {
            let len = Reflect::get(&x, &JsValue::from_str("length"))
                .ok()
                .and_then(|l| l.as_f64())
                .unwrap_or(0.0);
            if len > budget as f64 {
                return Err(too_big());
            }
            (0..len as u32)
                .map(|i| Reflect::get_u32(&x, i).map_err(|_| bad()))
                .collect::<Result<Vec<_>>>()?
        } else {
            let keys = Reflect::own_keys(&x).map_err(|_| bad())?;
            if keys.length() as usize > budget {
                return Err(too_big());
            }
            keys.iter()
                .map(|k| Reflect::get(&x, &k).map_err(|_| bad()))
                .collect::<Result<Vec<_>>>()?
        };
        budget = budget.checked_sub(children.len()).ok_or_else(too_big)?;
        stack.extend(children.into_iter().filter(|c| c.is_object()));
    }
    js_sys::JSON::stringify(v)
        .ok()
        .and_then(|s| s.as_string())
        .ok_or_else(bad)
}
