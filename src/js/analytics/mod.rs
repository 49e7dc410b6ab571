//! JS bindings for the analytics engine: shopper segmentation (RFM, k-means), A/B test
//! statistics and inventory decisions from demand forecasts.
//!
//! Per-shopper and per-SKU results are typed arrays; small summaries (test results, segment
//! profiles) are plain objects. Errors name the JS argument (`options.k`, `input.stock`, …).

use super::args::{self, field, number};
use crate::error::{Error, Result};
use js_sys::{Float64Array, Object};
use wasm_bindgen::prelude::*;

mod experiment;
mod inventory;
mod replenish;
mod segment;

pub use experiment::*;
pub use inventory::*;
pub use replenish::*;
pub use segment::*;

/// The TypeScript declarations of this module's exports and option types.
#[wasm_bindgen(typescript_custom_section)]
const TS_ANALYTICS: &str = include_str!("analytics.d.ts");

/// A whole JS number in `[0, 2^53 − 1]` (counts of visitors, conversions).
use args::safe_u64_js as safe_count;

/// An optional size option, `options.key`, in `min..=max`.
fn opt_count(obj: &Option<Object>, key: &str, min: usize, max: usize) -> Result<Option<usize>> {
    field(obj, key, |a, v| args::count_js(a, v, min, max))
}

/// The optional `options.seed` (random when omitted).
fn seed(obj: &Option<Object>) -> Result<u64> {
    Ok(field(obj, "seed", safe_count)?.unwrap_or_else(crate::rng::default_seed))
}

/// An optional number, `options.key`.
fn opt_number(obj: &Option<Object>, key: &str) -> Result<Option<f64>> {
    field(obj, key, number)
}

/// An optional string, `options.key`, one of `allowed` (shown in the error).
fn opt_choice(obj: &Option<Object>, key: &str, allowed: &[&str]) -> Result<Option<String>> {
    field(obj, key, |a, v| {
        let s = args::string(a, v)?;
        if allowed.contains(&s.as_str()) {
            Ok(s)
        } else {
            let list: Vec<String> = allowed.iter().map(|x| format!("\"{x}\"")).collect();
            let shown: String = s.chars().take(40).collect();
            Err(Error::invalid(
                a,
                format!("one of {}", list.join(", ")),
                format!("{shown:?}"),
            ))
        }
    })
}

/// Fails unless every value is finite and `>= 0`, naming the first bad index.
fn non_negative(arg: &str, values: &[f64]) -> Result<()> {
    match values.iter().position(|v| !(v.is_finite() && *v >= 0.0)) {
        None => Ok(()),
        Some(i) => Err(Error::invalid(
            arg,
            "finite numbers >= 0",
            format!("{} at index {i}", values[i]),
        )),
    }
}

fn same_len(arg: &str, values: usize, want: usize, what: &str) -> Result<()> {
    if values == want {
        Ok(())
    } else {
        Err(Error::invalid(
            arg,
            format!("one value per {what} ({want})"),
            format!("{values} values"),
        ))
    }
}

fn f64s(values: &[f64]) -> JsValue {
    Float64Array::from(values).into()
}
