//! Turning JS values into validated Rust values, with errors that say which argument was wrong.

use crate::error::{Error, Result};
use crate::limits;
use crate::options::{Field, OptionSet, Slot};
use js_sys::{
    Array, Float32Array, Float64Array, Int32Array, Object, Reflect, Uint32Array, Uint8Array,
};
use serde::de::DeserializeOwned;
use wasm_bindgen::{JsCast, JsValue};

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

/// A short description of a JS value for error messages: `undefined`, `a string`, `the number 3`…
/// Never throws into Rust: prototypes and constructor names are read through `Reflect`, which
/// turns a hostile getter or Proxy trap into "an object".
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
        format!("an array of length {len}")
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
            super::obj::a(&name)
        }
    } else {
        "an unsupported value".into()
    }
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
            format!("{len} elements"),
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

/// Reads a size, count or index: a whole JS number in `min..=max`, where `max` is one of the
/// documented bounds of [`crate::limits`] (or a length the call already knows).
pub(crate) fn count(arg: &str, v: f64, min: usize, max: usize) -> Result<usize> {
    if !(v.is_finite() && v.fract() == 0.0 && v >= min as f64 && v <= max as f64) {
        return Err(Error::invalid(
            arg,
            format!("a whole number in [{min}, {max}]"),
            v,
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
    if !v.is_object() || is_array(v) {
        return Err(Error::invalid(arg, "an options object", describe(v)));
    }
    check_keys(arg, v, known)?;
    // serde reads properties without catching: each known key is read here first, through
    // `Reflect` (a getter that throws, an inherited getter of another class, becomes an error
    // naming the key), into a fresh plain object that serde then reads.
    let copy = Object::new();
    for key in known {
        let k = JsValue::from_str(key);
        let val = Reflect::get(v, &k).map_err(|_| {
            Error::invalid(
                format!("{arg}.{key}"),
                "a readable value",
                "a getter that threw",
            )
        })?;
        if !val.is_undefined() {
            let mut budget = limits::MAX_ELEMENTS;
            let val = pure(&format!("{arg}.{key}"), &val, 0, &mut budget)?;
            let _ = Reflect::set(&copy, &k, &val);
        }
    }
    serde_wasm_bindgen::from_value(copy.into()).map_err(|e| {
        let msg = e.to_string();
        let msg = msg.strip_prefix("Error: ").unwrap_or(&msg).to_string();
        Error::invalid(arg, "a valid options object", msg)
    })
}

/// `Reflect.ownKeys(v)`, caught: a Proxy whose `ownKeys` trap throws is an error naming `arg`.
fn own_keys(arg: &str, v: &JsValue) -> Result<Array> {
    Reflect::own_keys(v).map_err(|_| {
        Error::invalid(
            arg,
            "an object whose keys can be listed",
            "an object whose ownKeys trap threw",
        )
    })
}

/// How deep [`pure`] follows nested arrays and objects (an option value is at most a few levels
/// deep; a cycle ends here).
const MAX_DEPTH: usize = 16;

/// A copy of option value `v` made only of primitives, fresh arrays and fresh plain objects, read
/// through `Reflect` (a throwing getter or Proxy trap is an error naming `arg`); typed arrays
/// become arrays of numbers. serde reads values without catching (and describes a mistyped one
/// through its getters): it is only ever given such a copy, so no exception passes through Rust
/// frames, whose stack and destructors it would skip. At most `budget` values are copied.
fn pure(arg: &str, v: &JsValue, depth: usize, budget: &mut usize) -> Result<JsValue> {
    *budget = budget.checked_sub(1).ok_or_else(|| {
        Error::invalid(
            arg,
            format!("at most {} values in all", limits::MAX_ELEMENTS),
            "more",
        )
    })?;
    if !v.is_object() {
        if v.is_function() || v.is_symbol() {
            return Err(Error::invalid(
                arg,
                "a number, string, boolean, array or plain object",
                describe(v),
            ));
        }
        return Ok(v.clone());
    }
    if depth >= MAX_DEPTH {
        return Err(Error::invalid(
            arg,
            format!("a value nested at most {MAX_DEPTH} levels deep"),
            "a deeper (or cyclic) one",
        ));
    }
    if js_sys::ArrayBuffer::is_view(v) {
        let values = f64_vec(arg, v)?;
        *budget = budget
            .checked_sub(values.len())
            .ok_or_else(|| Error::invalid(arg, "fewer values", "more"))?;
        return Ok(values
            .into_iter()
            .map(JsValue::from)
            .collect::<Array>()
            .into());
    }
    if is_array(v) {
        let items = each(arg, v, |i, x| {
            pure(&format!("{arg}[{i}]"), &x, depth + 1, budget)
        })?;
        return Ok(items.into_iter().collect::<Array>().into());
    }
    let keys = own_keys(arg, v)?;
    let copy = Object::new();
    for key in keys.iter() {
        let Some(name) = key.as_string() else {
            continue;
        };
        let path = format!("{arg}.{name}");
        let x = Reflect::get(v, &key)
            .map_err(|_| Error::invalid(&path, "a readable value", "a getter that threw"))?;
        let _ = Reflect::set(&copy, &key, &pure(&path, &x, depth + 1, budget)?);
    }
    Ok(copy.into())
}

/// Reads an options object declared with `option_set!` ([`crate::options`]); `undefined`/`null`
/// give the defaults. One table-driven reader for every option set: keys outside the set (and
/// `also`, the keys another set reads from the same object) are refused with the closest valid
/// key suggested; each value is read by its slot's kind through `Reflect` and named
/// `{arg}.{jsName}` when wrong. A `null` value counts as left out.
pub(crate) fn option_set<T: OptionSet>(arg: &str, v: &JsValue, also: &[&str]) -> Result<T> {
    let mut out = T::default();
    read_slots(arg, v, T::FIELDS, also, &mut out.slots())?;
    Ok(out)
}

fn read_slots(
    arg: &str,
    v: &JsValue,
    fields: &[Field],
    also: &[&str],
    slots: &mut [Slot<'_>],
) -> Result<()> {
    if v.is_undefined() || v.is_null() {
        return Ok(());
    }
    if !v.is_object() || is_array(v) {
        return Err(Error::invalid(arg, "an options object", describe(v)));
    }
    let known: Vec<&str> = fields
        .iter()
        .map(|f| f.js)
        .chain(also.iter().copied())
        .collect();
    check_keys(arg, v, &known)?;
    for (field, slot) in fields.iter().zip(slots.iter_mut()) {
        let x = prop(arg, v, field.js)?;
        if x.is_undefined() || x.is_null() {
            continue;
        }
        let name = format!("{arg}.{}", field.js);
        match slot {
            // Any number: the set's `check()` gives the range (and names NaN) in its own words.
            Slot::Number(s) => {
                **s = Some(
                    x.as_f64()
                        .ok_or_else(|| Error::invalid(&name, "a number", describe(&x)))?,
                )
            }
            Slot::Text(s) => **s = Some(string(&name, &x)?),
            Slot::Flag(s) => **s = Some(boolean(&name, &x)?),
            Slot::Numbers(s) => **s = Some(f64_vec(&name, &x)?),
        }
    }
    Ok(())
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
        return Err(Error::invalid(arg, "a whole number in [0, 2^53 - 1]", v));
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

/// Checks that `v` is a plain object whose keys are all in `known`, and returns it; `None` for
/// `undefined`/`null`. For options that hold typed arrays, which serde does not read.
pub(crate) fn plain_object(arg: &str, v: &JsValue, known: &[&str]) -> Result<Option<Object>> {
    if v.is_undefined() || v.is_null() {
        return Ok(None);
    }
    if !v.is_object() || is_array(v) || v.is_function() {
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
    if !v.is_object() || is_array(v) {
        return Err(Error::invalid(arg, "an object", describe(v)));
    }
    // `Reflect.ownKeys` is caught: a Proxy whose `ownKeys` trap throws is an error here, not an
    // exception through Rust. Symbol keys are not option names and are skipped.
    let keys = own_keys(arg, v)?;
    for key in keys.iter() {
        let Some(key) = key.as_string() else {
            continue;
        };
        if !known.contains(&key.as_str()) {
            let hint = closest(&key, known)
                .map(|k| format!(" (did you mean `{k}`?)"))
                .unwrap_or_default();
            return Err(Error::invalid(
                arg,
                format!("only the keys {}", known.join(", ")),
                format!("unknown key `{key}`{hint}"),
            ));
        }
    }
    Ok(())
}

/// The key of `known` nearest to the unknown `key` (edit distance, ignoring case), when it is
/// near enough to be a typo: at most 2 edits, or a third of the key's length for long keys.
fn closest<'a>(key: &str, known: &[&'a str]) -> Option<&'a str> {
    // ASCII case folding: option keys are ASCII (and `to_lowercase` would pull Unicode tables in).
    let key: Vec<u8> = key.bytes().map(|b| b.to_ascii_lowercase()).collect();
    if key.len() > 64 {
        return None;
    }
    let distance = |other: &str| {
        let other: Vec<u8> = other.bytes().map(|b| b.to_ascii_lowercase()).collect();
        let mut row: Vec<usize> = (0..=other.len()).collect();
        for (i, a) in key.iter().enumerate() {
            let mut diagonal = row[0];
            row[0] = i + 1;
            for (j, b) in other.iter().enumerate() {
                let next = (diagonal + usize::from(a != b))
                    .min(row[j] + 1)
                    .min(row[j + 1] + 1);
                diagonal = row[j + 1];
                row[j + 1] = next;
            }
        }
        row[other.len()]
    };
    let limit = (key.len() / 3).max(2);
    known
        .iter()
        .map(|k| (distance(k), *k))
        .filter(|(d, _)| *d <= limit)
        .min_by_key(|(d, _)| *d)
        .map(|(_, k)| k)
}

/// Property `key` of `v`, read through `Reflect`: a getter or Proxy trap that throws is an error
/// naming `{arg}.{key}` (an optional field must not silently fall back to its default).
pub(crate) fn prop(arg: &str, v: &JsValue, key: &str) -> Result<JsValue> {
    if !v.is_object() {
        return Ok(JsValue::UNDEFINED);
    }
    Reflect::get(v, &JsValue::from_str(key)).map_err(|_| {
        Error::invalid(
            format!("{arg}.{key}"),
            "a readable value",
            "a getter that threw",
        )
    })
}

/// Property `key` of `v` (`undefined` when `v` is not an object, or when reading it throws: for
/// required values, whose reader then names the key; optional ones are read with [`prop`]).
pub(crate) fn get(v: &JsValue, key: &str) -> JsValue {
    if v.is_object() {
        Reflect::get(v, &JsValue::from_str(key)).unwrap_or(JsValue::UNDEFINED)
    } else {
        JsValue::UNDEFINED
    }
}

/// Field `key` of an options object read by [`plain_object`] (`None` when there is none), read
/// with `read` under the name `options.key`; `None` when the field is undefined.
pub(crate) fn field<T>(
    obj: &Option<Object>,
    key: &str,
    read: impl FnOnce(&str, &JsValue) -> Result<T>,
) -> Result<Option<T>> {
    let v = match obj {
        Some(o) => prop("options", o, key)?,
        None => JsValue::UNDEFINED,
    };
    if v.is_undefined() {
        Ok(None)
    } else {
        read(&format!("options.{key}"), &v).map(Some)
    }
}

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
