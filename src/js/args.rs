//! Turning JS values into validated Rust values, with errors that say which argument was wrong.

use crate::error::{Error, Result};
use js_sys::{
    Array, Float32Array, Float64Array, Int32Array, Object, Reflect, Uint32Array, Uint8Array,
};
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

/// Reads a `Float32Array` as is, or anything [`f64_vec`] accepts, narrowed to `f32`.
pub(crate) fn f32_vec(arg: &str, v: &JsValue) -> Result<Vec<f32>> {
    if let Some(a) = v.dyn_ref::<Float32Array>() {
        return Ok(a.to_vec());
    }
    Ok(f64_vec(arg, v)
        .map_err(|e| match e {
            Error::InvalidArgument { arg: a, got, .. } if a == arg => {
                Error::invalid(arg, "a Float32Array or an array of numbers", got)
            }
            other => other,
        })?
        .into_iter()
        .map(|x| x as f32)
        .collect())
}

/// Reads a `Uint32Array` as is, or whole numbers in `0..=2^32 − 1` from any array [`f64_vec`]
/// accepts; names the first value that is not one.
pub(crate) fn u32_vec(arg: &str, v: &JsValue) -> Result<Vec<u32>> {
    if let Some(a) = v.dyn_ref::<Uint32Array>() {
        return Ok(a.to_vec());
    }
    let values = f64_vec(arg, v).map_err(|e| match e {
        Error::InvalidArgument { arg: a, got, .. } if a == arg => {
            Error::invalid(arg, "a Uint32Array or an array of whole numbers", got)
        }
        other => other,
    })?;
    values
        .iter()
        .enumerate()
        .map(|(i, &x)| {
            if x.is_finite() && x.fract() == 0.0 && (0.0..=u32::MAX as f64).contains(&x) {
                Ok(x as u32)
            } else {
                Err(Error::invalid(
                    format!("{arg}[{i}]"),
                    "a whole number in [0, 4294967295]",
                    x,
                ))
            }
        })
        .collect()
}

/// A `Uint8Array` of 0/1 flags.
pub(crate) fn flags(values: impl IntoIterator<Item = bool>) -> JsValue {
    let bytes: Vec<u8> = values.into_iter().map(u8::from).collect();
    Uint8Array::from(bytes.as_slice()).into()
}

/// Checks that `v` is a plain object whose keys are all in `known` (a typo is reported by
/// name); returns it for [`get`].
pub(crate) fn record<'a>(arg: &str, v: &'a JsValue, known: &[&str]) -> Result<&'a Object> {
    let got = describe(v);
    if got != "an object" {
        return Err(Error::invalid(arg, "an object", got));
    }
    let obj: &Object = v.unchecked_ref();
    check_keys(arg, obj, known)?;
    Ok(obj)
}

/// Reads a finite JS number.
pub(crate) fn number(arg: &str, v: &JsValue) -> Result<f64> {
    match v.as_f64() {
        Some(x) if x.is_finite() => Ok(x),
        Some(x) => Err(Error::invalid(arg, "a finite number", x)),
        None => Err(Error::invalid(arg, "a number", describe(v))),
    }
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
    check_keys(arg, v, known)?;
    serde_wasm_bindgen::from_value(v.clone()).map_err(|e| {
        let msg = e.to_string();
        let msg = msg.strip_prefix("Error: ").unwrap_or(&msg).to_string();
        Error::invalid(arg, "a valid options object", msg)
    })
}

/// Converts a serializable result into a plain JS value: structs become plain objects,
/// tuples arrays, `None` becomes `null` and integers numbers.
pub(crate) fn plain<T: serde::Serialize>(value: &T) -> Result<JsValue> {
    value
        .serialize(&serde_wasm_bindgen::Serializer::json_compatible())
        .map_err(|e| Error::Numerical(format!("could not convert a result to JS: {e}")))
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

/// Reads an array of strings.
pub(crate) fn strings(arg: &str, v: &JsValue) -> Result<Vec<String>> {
    if !Array::is_array(v) {
        return Err(Error::invalid(arg, "an array of strings", describe(v)));
    }
    let arr = Array::from(v);
    (0..arr.length())
        .map(|i| {
            let item = arr.get(i);
            item.as_string()
                .ok_or_else(|| Error::invalid(format!("{arg}[{i}]"), "a string", describe(&item)))
        })
        .collect()
}

/// Reads bytes from a `Uint8Array` or an `ArrayBuffer`.
pub(crate) fn bytes(arg: &str, v: &JsValue) -> Result<Vec<u8>> {
    if let Some(a) = v.dyn_ref::<js_sys::Uint8Array>() {
        return Ok(a.to_vec());
    }
    if let Some(b) = v.dyn_ref::<js_sys::ArrayBuffer>() {
        return Ok(js_sys::Uint8Array::new(b).to_vec());
    }
    Err(Error::invalid(
        arg,
        "a Uint8Array or an ArrayBuffer",
        describe(v),
    ))
}

/// Reads a JS string.
pub(crate) fn string(arg: &str, v: &JsValue) -> Result<String> {
    v.as_string()
        .ok_or_else(|| Error::invalid(arg, "a string", describe(v)))
}

/// The largest integer a JS number holds exactly, 2^53 − 1.
pub(crate) const MAX_SAFE_INTEGER: f64 = 9_007_199_254_740_991.0;

/// Reads a whole number in `[0, 2^53 − 1]` (seeds, decision ids) given as a JS number.
pub(crate) fn safe_u64(arg: &str, v: f64) -> Result<u64> {
    if !(v.is_finite() && v.fract() == 0.0 && (0.0..=MAX_SAFE_INTEGER).contains(&v)) {
        return Err(Error::invalid(arg, "a whole number in [0, 2^53 - 1]", v));
    }
    Ok(v as u64)
}

/// An optional seed: `None` draws a fresh one from the platform's entropy source.
pub(crate) fn seed(arg: &str, v: Option<f64>) -> Result<u64> {
    match v {
        None => Ok(crate::rng::default_seed()),
        Some(v) => safe_u64(arg, v),
    }
}

/// Checks that `v` is a plain object whose keys are all in `known`, and returns it; `None` for
/// `undefined`/`null`. For options that hold typed arrays, which serde does not read.
pub(crate) fn plain_object(arg: &str, v: &JsValue, known: &[&str]) -> Result<Option<Object>> {
    if v.is_undefined() || v.is_null() {
        return Ok(None);
    }
    if !v.is_object() || Array::is_array(v) || v.is_function() {
        return Err(Error::invalid(arg, "an options object", describe(v)));
    }
    let obj: Object = v.clone().unchecked_into();
    check_keys(arg, &obj, known)?;
    Ok(Some(obj))
}

/// Fails when the plain object `v` (if it is one) has a key outside `known`; `undefined`/`null`
/// pass. For nested option objects, which serde would otherwise read leniently.
pub(crate) fn check_keys(arg: &str, v: &JsValue, known: &[&str]) -> Result<()> {
    if v.is_undefined() || v.is_null() {
        return Ok(());
    }
    if !v.is_object() || Array::is_array(v) {
        return Err(Error::invalid(arg, "an object", describe(v)));
    }
    for key in Object::keys(v.unchecked_ref::<Object>()).iter() {
        let key = key.as_string().unwrap_or_default();
        if !known.contains(&key.as_str()) {
            return Err(Error::invalid(
                arg,
                format!("only the keys {}", known.join(", ")),
                format!("unknown key `{key}`"),
            ));
        }
    }
    Ok(())
}

/// Property `key` of `v` (`undefined` when `v` is not an object).
pub(crate) fn get(v: &JsValue, key: &str) -> JsValue {
    if v.is_object() {
        Reflect::get(v, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
    } else {
        JsValue::UNDEFINED
    }
}
