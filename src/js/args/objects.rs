//! Reading plain JS objects key by key through `Reflect`: properties read without letting a
//! throwing getter or Proxy trap through, unknown keys refused with the closest valid key
//! suggested.

use super::{describe, is_array};
use crate::error::{Error, Result};
use js_sys::{Object, Reflect};
use wasm_bindgen::{JsCast, JsValue};

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
    let keys = Reflect::own_keys(v).map_err(|_| {
        Error::invalid(
            arg,
            "an object whose keys can be listed",
            "an object whose ownKeys trap threw",
        )
    })?;
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
