//! Turning JS values into validated Rust values, with errors that say which argument was wrong.

use crate::error::{Error, Result};
use crate::limits;
use crate::num::Num;
use js_sys::{
    Array, Float32Array, Float64Array, Int32Array, Object, Reflect, Uint32Array, Uint8Array,
};
use wasm_bindgen::{JsCast, JsValue};

mod describe;
mod json;
mod objects;
mod option_sets;
pub(crate) use describe::describe;
pub(crate) use json::json_text;
pub(crate) use objects::{check_keys, get, plain_object, prop, record};
pub(crate) use option_sets::{option_set, required_option_set};

#[wasm_bindgen::prelude::wasm_bindgen]
extern "C" {
    /// `Array.isArray`, caught: it throws for a revoked Proxy (js_sys's binding would throw
    /// through Rust frames).
    #[wasm_bindgen(catch, js_namespace = Array, js_name = isArray)]
    fn is_array_caught(v: &JsValue) -> std::result::Result<bool, JsValue>;
}

/// Whether `v` is an array (or a Proxy of one); false for a revoked Proxy, which can be read no
/// further.
pub(crate) fn is_array(v: &JsValue) -> bool {
    is_array_caught(v).unwrap_or(false)
}

/// A vector of `len` default values, or an error naming `arg` when wasm memory cannot hold it
/// (an allocation failure would otherwise abort the module).
pub(crate) fn alloc<T: Default + Clone>(arg: &str, len: usize) -> Result<Vec<T>> {
    let mut v = Vec::new();
    v.try_reserve_exact(len).map_err(|_| {
        Error::invalid(
            arg,
            "an array that fits in WebAssembly memory",
            format!("{len} elements"),
        )
    })?;
    v.resize(len, T::default());
    Ok(v)
}

/// The length of a typed array or plain array `v`, checked against [`limits::MAX_ELEMENTS`].
fn checked_len(arg: &str, len: f64) -> Result<usize> {
    if !(len.is_finite() && len >= 0.0 && len <= limits::MAX_ELEMENTS as f64) {
        return Err(Error::invalid(
            arg,
            format!("an array of at most {} elements", limits::MAX_ELEMENTS),
            format!("{} elements", Num(len)),
        ));
    }
    Ok(len as usize)
}

/// A fresh `$ty` copied from `v` by the engine's own constructor, read through `Reflect` so that
/// nothing the caller wrote runs unchecked: a subclass whose `length` or `buffer` getter throws
/// or lies, a Proxy that claims a typed array's prototype (`ArrayBuffer.isView` is false for
/// it), and a detached buffer are each an error naming `arg`. The copy's own length and data
/// are then read with no user code on the way.
macro_rules! fresh_view {
    ($arg:expr, $v:expr, $ty:ty, $source:expr) => {{
        let v: &JsValue = $v;
        let refused = |got: &str| Error::invalid($arg, "a typed array whose buffer is usable", got);
        if $source && !js_sys::ArrayBuffer::is_view(v) {
            return Err(refused("an object that only inherits from a typed array"));
        }
        let ctor: js_sys::Function = <$ty>::new_with_length(0).constructor().unchecked_into();
        match Reflect::construct(&ctor, &Array::of1(v)) {
            Ok(copy) => copy.unchecked_into::<$ty>(),
            Err(_) => {
                return Err(refused(
                    "a typed array whose buffer was detached (transferred, e.g. by postMessage)",
                ))
            }
        }
    }};
}

/// Copies a typed array (or, for bytes, an `ArrayBuffer`) of JS type `$ty` into a fresh vector of
/// `$t`, its length checked against [`limits::MAX_ELEMENTS`] before wasm memory is allocated.
macro_rules! typed_vec {
    ($arg:expr, $v:expr, $ty:ty, $t:ty) => {
        typed_vec!($arg, $v, $ty, $t, true)
    };
    ($arg:expr, $v:expr, $ty:ty, $t:ty, $source:expr) => {{
        let a = fresh_view!($arg, $v, $ty, $source);
        let n = checked_len($arg, a.length() as f64)?;
        let mut out: Vec<$t> = alloc($arg, n)?;
        if n > 0 {
            a.copy_to(&mut out);
        }
        out
    }};
}

/// Element `i` of a plain array, read through `Reflect` (a hostile getter becomes an error).
pub(crate) fn element(arg: &str, arr: &JsValue, i: usize) -> Result<JsValue> {
    Reflect::get_u32(arr, i as u32).map_err(|_| {
        Error::invalid(
            format!("{arg}[{i}]"),
            "a readable value",
            "a getter that threw",
        )
    })
}

/// The elements of a plain JS array, length-checked before anything is read.
pub(crate) fn elements(arg: &str, v: &JsValue) -> Result<Vec<JsValue>> {
    each(arg, v, |_, x| Ok(x))
}

/// Reads element `i` of `v` with `f(i, element)` for every index below its (bounded) `length`,
/// stopping at the first error: a sparse `Array(2 ** 27)` fails at its first hole instead of
/// being walked whole.
pub(crate) fn each<T>(
    arg: &str,
    v: &JsValue,
    mut f: impl FnMut(usize, JsValue) -> Result<T>,
) -> Result<Vec<T>> {
    let len = Reflect::get(v, &JsValue::from_str("length"))
        .ok()
        .and_then(|l| l.as_f64())
        .unwrap_or(f64::NAN);
    let n = checked_len(arg, len)?;
    let mut out = Vec::new();
    for i in 0..n {
        out.push(f(i, element(arg, v, i)?)?);
    }
    Ok(out)
}

/// Reads a `Float64Array`, `Float32Array`, `Int32Array`, `Uint32Array` or array of numbers.
pub(crate) fn f64_vec(arg: &str, v: &JsValue) -> Result<Vec<f64>> {
    if v.dyn_ref::<Float64Array>().is_some() {
        return Ok(typed_vec!(arg, v, Float64Array, f64));
    }
    if v.dyn_ref::<Float32Array>().is_some() {
        return Ok(typed_vec!(arg, v, Float32Array, f32)
            .into_iter()
            .map(f64::from)
            .collect());
    }
    if v.dyn_ref::<Int32Array>().is_some() {
        return Ok(typed_vec!(arg, v, Int32Array, i32)
            .into_iter()
            .map(f64::from)
            .collect());
    }
    if v.dyn_ref::<Uint32Array>().is_some() {
        return Ok(typed_vec!(arg, v, Uint32Array, u32)
            .into_iter()
            .map(f64::from)
            .collect());
    }
    if is_array(v) {
        let len = Reflect::get(v, &JsValue::from_str("length"))
            .ok()
            .and_then(|l| l.as_f64())
            .unwrap_or(f64::NAN);
        let n = checked_len(arg, len)?;
        let mut out = Vec::with_capacity(n.min(1 << 16));
        for i in 0..n {
            let item = element(arg, v, i)?;
            out.push(item.as_f64().ok_or_else(|| {
                Error::invalid(format!("{arg}[{i}]"), "a number", describe(&item))
            })?);
        }
        return Ok(out);
    }
    Err(Error::invalid(
        arg,
        "a Float64Array or an array of numbers",
        describe(v),
    ))
}

/// Reads a `Float32Array` as is, or anything [`f64_vec`] accepts, narrowed to `f32`.
pub(crate) fn f32_vec(arg: &str, v: &JsValue) -> Result<Vec<f32>> {
    if v.dyn_ref::<Float32Array>().is_some() {
        return Ok(typed_vec!(arg, v, Float32Array, f32));
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
    if v.dyn_ref::<Uint32Array>().is_some() {
        return Ok(typed_vec!(arg, v, Uint32Array, u32));
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
                    Num(x),
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

/// Reads a finite JS number.
pub(crate) fn number(arg: &str, v: &JsValue) -> Result<f64> {
    match v.as_f64() {
        Some(x) if x.is_finite() => Ok(x),
        Some(x) => Err(Error::invalid(arg, "a finite number", Num(x))),
        None => Err(Error::invalid(arg, "a number", describe(v))),
    }
}

/// Reads a size, count or index: a whole JS number in `min..=max`, where `max` is one of the
/// documented bounds of [`crate::limits`] (or a length the call already knows).
pub(crate) fn count(arg: &str, v: f64, min: usize, max: usize) -> Result<usize> {
    if !(v.is_finite() && v.fract() == 0.0 && v >= min as f64 && v <= max as f64) {
        return Err(Error::invalid(
            arg,
            format!("a whole number in [{min}, {max}]"),
            Num(v),
        ));
    }
    Ok(v as usize)
}

/// [`count`] for a value that may not be a number at all (a string, a BigInt, an object).
pub(crate) fn count_js(arg: &str, v: &JsValue, min: usize, max: usize) -> Result<usize> {
    match v.as_f64() {
        Some(x) => count(arg, x, min, max),
        None => Err(Error::invalid(
            arg,
            format!("a whole number in [{min}, {max}]"),
            describe(v),
        )),
    }
}

/// A JS number, or `None` for `undefined` (an omitted optional argument).
pub(crate) fn opt_number(arg: &str, v: &JsValue) -> Result<Option<f64>> {
    if v.is_undefined() {
        Ok(None)
    } else {
        number(arg, v).map(Some)
    }
}

/// A JS boolean.
pub(crate) fn boolean(arg: &str, v: &JsValue) -> Result<bool> {
    v.as_bool()
        .ok_or_else(|| Error::invalid(arg, "a boolean", describe(v)))
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

/// Reads an array of strings, failing at the first element that is not one.
pub(crate) fn strings(arg: &str, v: &JsValue) -> Result<Vec<String>> {
    if !is_array(v) {
        return Err(Error::invalid(arg, "an array of strings", describe(v)));
    }
    each(arg, v, |i, item| {
        item.as_string()
            .ok_or_else(|| Error::invalid(format!("{arg}[{i}]"), "a string", describe(&item)))
    })
}

/// Reads bytes from a `Uint8Array` or an `ArrayBuffer`.
pub(crate) fn bytes(arg: &str, v: &JsValue) -> Result<Vec<u8>> {
    if v.dyn_ref::<js_sys::Uint8Array>().is_some() {
        return Ok(typed_vec!(arg, v, Uint8Array, u8));
    }
    if v.dyn_ref::<js_sys::ArrayBuffer>().is_some() {
        return Ok(typed_vec!(arg, v, Uint8Array, u8, false));
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

/// Reads a whole number in `[0, 2^53 − 1]` (seeds, decision ids) given as a JS number.
pub(crate) fn safe_u64(arg: &str, v: f64) -> Result<u64> {
    if !(v.is_finite() && v.fract() == 0.0 && (0.0..=limits::MAX_SAFE_INTEGER as f64).contains(&v))
    {
        return Err(Error::invalid(
            arg,
            "a whole number in [0, 2^53 - 1]",
            Num(v),
        ));
    }
    Ok(v as u64)
}

/// [`safe_u64`] for a value that may not be a number at all (counts, decision ids).
pub(crate) fn safe_u64_js(arg: &str, v: &JsValue) -> Result<u64> {
    safe_u64(arg, number(arg, v)?)
}

/// An optional seed: `None` draws a fresh one from the platform's entropy source.
pub(crate) fn seed(arg: &str, v: Option<f64>) -> Result<u64> {
    match v {
        None => Ok(crate::rng::default_seed()),
        Some(v) => safe_u64(arg, v),
    }
}

// The readers of the option kinds that hold ids and nested sets (`crate::options::Slot`).
pub(crate) use option_sets::{key_of, keys, option_sets, text_or_set};
