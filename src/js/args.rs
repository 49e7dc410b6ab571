//! Turning JS values into validated Rust values, with errors that say which argument was wrong.

use crate::error::{Error, Result};
use js_sys::{Array, Float32Array, Float64Array, Int32Array, Object, Reflect, Uint32Array};
use serde::de::DeserializeOwned;
use wasm_bindgen::{JsCast, JsValue};

/// A short description of a JS value for error messages: `undefined`, `a string`, `the number 3`…
pub(crate) fn describe(v: &JsValue) -> String {
    if v.is_undefined() {
        "undefined".into()
    } else if v.is_null() {
        "null".into()
    } else if let Some(n) = v.as_f64() {
        format!("the number {n}")
    } else if v.is_string() {
        "a string".into()
    } else if let Some(b) = v.as_bool() {
        format!("the boolean {b}")
    } else if Array::is_array(v) {
        format!("an array of length {}", Array::from(v).length())
    } else if v.is_function() {
        "a function".into()
    } else if v.is_object() {
        let name = Object::get_prototype_of(v)
            .constructor()
            .name()
            .as_string()
            .unwrap_or_default();
        if name.is_empty() || name == "Object" {
            "an object".into()
        } else {
            format!("a {name}")
        }
    } else {
        "an unsupported value".into()
    }
}

/// Reads a `Float64Array`, `Float32Array`, `Int32Array`, `Uint32Array` or array of numbers.
pub(crate) fn f64_vec(arg: &str, v: &JsValue) -> Result<Vec<f64>> {
    if let Some(a) = v.dyn_ref::<Float64Array>() {
        return Ok(a.to_vec());
    }
    if let Some(a) = v.dyn_ref::<Float32Array>() {
        return Ok(a.to_vec().into_iter().map(f64::from).collect());
    }
    if let Some(a) = v.dyn_ref::<Int32Array>() {
        return Ok(a.to_vec().into_iter().map(f64::from).collect());
    }
    if let Some(a) = v.dyn_ref::<Uint32Array>() {
        return Ok(a.to_vec().into_iter().map(f64::from).collect());
    }
    if Array::is_array(v) {
        let arr = Array::from(v);
        return (0..arr.length())
            .map(|i| {
                let item = arr.get(i);
                item.as_f64().ok_or_else(|| {
                    Error::invalid(format!("{arg}[{i}]"), "a number", describe(&item))
                })
            })
            .collect();
    }
    Err(Error::invalid(
        arg,
        "a Float64Array or an array of numbers",
        describe(v),
    ))
}

/// Reads a `Uint32Array` or an array of whole numbers in `0..=u32::MAX`.
pub(crate) fn u32_vec(arg: &str, v: &JsValue) -> Result<Vec<u32>> {
    if let Some(a) = v.dyn_ref::<Uint32Array>() {
        return Ok(a.to_vec());
    }
    let expected = "a Uint32Array or an array of whole numbers >= 0";
    if !Array::is_array(v) {
        return Err(Error::invalid(arg, expected, describe(v)));
    }
    f64_vec(arg, v)?
        .into_iter()
        .enumerate()
        .map(|(i, x)| whole(&format!("{arg}[{i}]"), x, 0).map(|w| w as u32))
        .collect()
}

/// Reads a whole number `>= min` given as a JS number.
pub(crate) fn whole(arg: &str, v: f64, min: usize) -> Result<usize> {
    let expected = || format!("a whole number >= {min}");
    if !v.is_finite() || v.fract() != 0.0 || v < min as f64 || v > u32::MAX as f64 {
        return Err(Error::invalid(arg, expected(), v));
    }
    Ok(v as usize)
}

/// Reads an options object into `T`; `undefined`/`null` give `T::default()`. A key outside
/// `known` (a typo such as `horizn`) and a mistyped field are both reported by name.
pub(crate) fn options<T: DeserializeOwned + Default>(
    arg: &str,
    v: &JsValue,
    known: &[&str],
) -> Result<T> {
    if v.is_undefined() || v.is_null() {
        return Ok(T::default());
    }
    if !v.is_object() || Array::is_array(v) {
        return Err(Error::invalid(arg, "an options object", describe(v)));
    }
    let obj: &Object = v.unchecked_ref();
    for key in Object::keys(obj).iter() {
        let key = key.as_string().unwrap_or_default();
        if !known.contains(&key.as_str()) {
            let expected = format!("only the keys {}", known.join(", "));
            return Err(Error::invalid(
                arg,
                expected,
                format!("unknown key `{key}`"),
            ));
        }
    }
    serde_wasm_bindgen::from_value(v.clone())
        .map_err(|e| Error::invalid(arg, "a valid options object", e.to_string()))
}

/// Builds a plain JS object from `(key, value)` pairs.
pub(crate) fn object(fields: &[(&str, JsValue)]) -> JsValue {
    let obj = Object::new();
    for (k, v) in fields {
        // Setting a property on a fresh plain object cannot fail.
        let _ = Reflect::set(&obj, &JsValue::from_str(k), v);
    }
    obj.into()
}
