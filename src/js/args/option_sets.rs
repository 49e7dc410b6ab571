//! Reading option sets (`option_set!`, [`crate::options`]): one table-driven reader, each value
//! by its slot's kind, nested sets, lists and text-or-set values read by the same table.

use super::objects::{check_keys, get, prop};
use super::{boolean, describe, f64_vec, is_array, string};
use crate::error::{Error, Result};
use crate::options::{Field, Key, NestedSets, OptionSet, Scalar, Slot, TextOr, Value};
use wasm_bindgen::{JsCast, JsValue};

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

/// [`option_set`] for an options object the page must pass (`dbscan`'s `{eps}`): `undefined` and
/// `null` are refused, naming `arg`.
pub(crate) fn required_option_set<T: OptionSet>(
    arg: &str,
    v: &JsValue,
    also: &[&str],
) -> Result<T> {
    if v.is_undefined() || v.is_null() {
        return Err(Error::invalid(arg, "an object", describe(v)));
    }
    option_set(arg, v, also)
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
            nested => read_nested(&name, &x, field, nested)?,
        }
    }
    Ok(())
}

/// Reads the nested and list kinds (bounded numbers, strings, matrices, ids, nested sets, any
/// value) into `slot`; the plain kinds are read by [`read_slots`] itself.
#[cfg(any(
    feature = "forecast-lite",
    feature = "rerank",
    feature = "learn",
    feature = "analytics"
))]
fn read_nested(name: &str, x: &JsValue, field: &Field, slot: &mut Slot<'_>) -> Result<()> {
    match slot {
        // Read by `read_slots` before it calls this.
        Slot::Number(_) | Slot::Text(_) | Slot::Flag(_) | Slot::Numbers(_) => {}
        Slot::Short { out, max, what } => {
            bounded(name, x, *max, what, false)?;
            **out = Some(f64_vec(name, x)?);
        }
        Slot::Texts { out, max, what } => {
            let n = bounded(name, x, *max, what, true)?;
            **out = Some(
                (0..n)
                    .map(|i| string(&format!("{name}[{i}]"), &super::element(name, x, i)?))
                    .collect::<Result<_>>()?,
            );
        }
        Slot::Rows(s) => {
            let mut budget = crate::limits::MAX_ELEMENTS;
            **s = Some(rows(name, x, &mut budget)?);
        }
        Slot::Tables(s) => {
            let n = bounded(name, x, crate::limits::MAX_ELEMENTS, "matrices", true)?;
            let mut budget = crate::limits::MAX_ELEMENTS;
            **s = Some(
                (0..n)
                    .map(|i| {
                        let m = super::element(name, x, i)?;
                        rows(&format!("{name}[{i}]"), &m, &mut budget)
                    })
                    .collect::<Result<_>>()?,
            );
        }
        Slot::Scalar(s) => {
            **s = Some(match (x.as_f64(), x.as_string()) {
                (Some(v), _) => Scalar::Number(v),
                (None, Some(t)) => Scalar::Text(t),
                _ => return Err(Error::invalid(name, "a number or a string", describe(x))),
            })
        }
        Slot::List { out, max, what } => {
            let n = bounded(name, x, *max, what, true)?;
            let fields = out.fields();
            for i in 0..n {
                let item = super::element(name, x, i)?;
                let item_name = format!("{name}[{i}]");
                let described = describe(&item);
                if described != "an object" {
                    return Err(Error::invalid(&item_name, "an object", described));
                }
                read_slots(&item_name, &item, fields, &[], &mut out.push())?;
            }
        }
        Slot::Value(s) => **s = Some(value(name, x)?),
        Slot::Count(s, min, max) => **s = Some(super::count_js(name, x, *min, *max)?),
        Slot::Key(s) => **s = Some(key(name, x)?),
        Slot::Keys(s) => **s = Some(keys(name, x)?),
        Slot::Set(s) => {
            let (fields, mut slots) = s.open();
            read_slots(name, x, fields, &[], &mut slots)?;
        }
        Slot::Sets(s) => read_list(name, x, field.ts, &mut **s)?,
        Slot::TextOrSet(s) => match x.as_string() {
            Some(text) => s.text(text),
            None if x.is_object() && !is_array(x) => {
                let (fields, mut slots) = s.open();
                read_slots(name, x, fields, &[], &mut slots)?;
            }
            None => {
                return Err(Error::invalid(
                    name,
                    format!("a string or an object ({})", field.ts),
                    describe(x),
                ))
            }
        },
    }
    Ok(())
}

/// Builds with only the bandit engines declare numbers, strings and flags alone: the nested and
/// list readers stay out of those modules (issue #13), and any other kind is refused.
#[cfg(not(any(
    feature = "forecast-lite",
    feature = "rerank",
    feature = "learn",
    feature = "analytics"
)))]
fn read_nested(name: &str, _: &JsValue, _: &Field, _: &mut Slot<'_>) -> Result<()> {
    Err(Error::Unsupported(format!(
        "option kind of `{name}` in this module"
    )))
}

/// A value of any type for a [`Slot::Value`]: numbers, strings and plain arrays of numbers as
/// they are (an array's bad element is named, `options.classWeight[1]`), anything else described.
fn value(name: &str, x: &JsValue) -> Result<Value> {
    Ok(if let Some(n) = x.as_f64() {
        Value::Number(n)
    } else if let Some(s) = x.as_string() {
        Value::Text(s)
    } else if is_array(x) {
        Value::Numbers(f64_vec(name, x)?)
    } else {
        Value::Other(describe(x))
    })
}

/// The length of the array `v` (any array-like unless `array_only`) when it is at most `max`,
/// checked before any element is read: "an array of at most {max} {what}" otherwise.
fn bounded(arg: &str, v: &JsValue, max: usize, what: &str, array_only: bool) -> Result<usize> {
    let n = get(v, "length").as_f64().unwrap_or(f64::NAN);
    let shape = if array_only {
        is_array(v)
    } else {
        is_array(v) || v.is_object()
    };
    if !(shape && n.is_finite() && n <= max as f64) {
        let got = if n.is_finite() && n > max as f64 {
            format!("{} {what}", crate::num::Num(n))
        } else {
            describe(v)
        };
        return Err(Error::invalid(
            arg,
            format!("an array of at most {max} {what}"),
            got,
        ));
    }
    // A negative or fractional length is not a length: f64_vec names it.
    Ok(if n >= 0.0 && n.fract() == 0.0 {
        n as usize
    } else {
        0
    })
}

/// A matrix as an array of 1 or more rows, each an array of numbers; `budget` is the number of
/// values still allowed (shared by the matrices of one option).
fn rows(arg: &str, v: &JsValue, budget: &mut usize) -> Result<Vec<Vec<f64>>> {
    let n = get(v, "length").as_f64().unwrap_or(f64::NAN);
    if !(is_array(v) && n >= 1.0 && n <= *budget as f64) {
        return Err(Error::invalid(
            arg,
            format!(
                "an array of 1 to {} rows (one per time step), each an array of values",
                *budget
            ),
            describe(v),
        ));
    }
    let mut out = Vec::with_capacity((n as usize).min(1 << 16));
    for t in 0..n as usize {
        let name = format!("{arg}[{t}]");
        let row = super::element(arg, v, t)?;
        if !is_array(&row) && row.dyn_ref::<js_sys::Float64Array>().is_none() {
            return Err(Error::invalid(&name, "an array of values", describe(&row)));
        }
        // Each row costs at least one value of the budget, so that empty rows are bounded too.
        let too_many = || {
            Error::invalid(
                arg,
                format!("at most {} values in all", crate::limits::MAX_ELEMENTS),
                "more",
            )
        };
        let len = get(&row, "length").as_f64().unwrap_or(f64::NAN);
        if !(len >= 0.0 && len.max(1.0) <= *budget as f64) {
            return Err(too_many());
        }
        // Checked again on what was read: a Proxy's `length` may lie.
        let r = f64_vec(&name, &row)?;
        *budget = budget.checked_sub(r.len().max(1)).ok_or_else(too_many)?;
        out.push(r);
    }
    Ok(out)
}

/// What a [`key`] looks like, for messages.
const KEY: &str = "an item id (a whole number in [0, 4294967295] or a string)";

/// An id (kind `key`, [`crate::options::Key`]): a string, or a whole number in `[0, 2^32 − 1]`.
pub(crate) fn key(arg: &str, v: &JsValue) -> Result<Key> {
    key_of(v).ok_or_else(|| Error::invalid(arg, KEY, describe(v)))
}

/// [`key`] without an error: `None` for a value that cannot be an id.
pub(crate) fn key_of(v: &JsValue) -> Option<Key> {
    if let Some(s) = v.as_string() {
        return Some(Key::Str(s));
    }
    match v.as_f64() {
        Some(x) if x.fract() == 0.0 && (0.0..=u32::MAX as f64).contains(&x) => {
            Some(Key::Num(x as u32))
        }
        _ => None,
    }
}

/// Ids (kind `keys`): a `Uint32Array`, or an array of strings and whole numbers (a real array:
/// an array-like's `length` is not trusted).
pub(crate) fn keys(arg: &str, v: &JsValue) -> Result<Vec<Key>> {
    if v.dyn_ref::<js_sys::Uint32Array>().is_some() {
        return Ok(super::u32_vec(arg, v)?.into_iter().map(Key::Num).collect());
    }
    if !is_array(v) {
        return Err(Error::invalid(
            arg,
            "an array of item ids (strings or whole numbers) or a Uint32Array",
            describe(v),
        ));
    }
    super::each(arg, v, |i, x| key(&format!("{arg}[{i}]"), &x))
}

/// Reads a JS array of objects into the list `out` (kind `sets(T)`), each element by the
/// table of `T` and named `{arg}[i]`; `ts` is the list's TypeScript type, for messages.
fn read_list(arg: &str, v: &JsValue, ts: &str, out: &mut dyn NestedSets) -> Result<()> {
    if !is_array(v) {
        return Err(Error::invalid(arg, format!("an array ({ts})"), describe(v)));
    }
    out.start();
    super::each(arg, v, |i, e| {
        let name = format!("{arg}[{i}]");
        if !e.is_object() || is_array(&e) || e.is_function() {
            return Err(Error::invalid(&name, "an object", describe(&e)));
        }
        let (fields, mut slots) = out.push();
        read_slots(&name, &e, fields, &[], &mut slots)
    })?;
    Ok(())
}

/// Reads an array of option sets `T` given as an argument (`events`: `ShopperEvent[]`), each
/// element named `{arg}[i]`.
pub(crate) fn option_sets<T: OptionSet>(arg: &str, v: &JsValue, ts: &str) -> Result<Vec<T>> {
    let mut out: Option<Vec<T>> = None;
    read_list(arg, v, ts, &mut out)?;
    Ok(out.unwrap_or_default())
}

/// Reads a `text_or(T)` value given as an argument (`features` of `propensityFeatures`): a
/// string, or an object read by the table of `T`.
pub(crate) fn text_or_set<T: OptionSet>(arg: &str, v: &JsValue, ts: &str) -> Result<TextOr<T>> {
    if let Some(text) = v.as_string() {
        return Ok(TextOr::Text(text));
    }
    if !v.is_object() || is_array(v) {
        return Err(Error::invalid(
            arg,
            format!("a string or an object ({ts})"),
            describe(v),
        ));
    }
    let mut t = T::default();
    read_slots(arg, v, T::FIELDS, &[], &mut t.slots())?;
    Ok(TextOr::Set(t))
}
