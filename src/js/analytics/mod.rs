//! JS bindings for the analytics engine: shopper segmentation (RFM, k-means), A/B test
//! statistics and inventory decisions from demand forecasts.
//!
//! Per-shopper and per-SKU results are typed arrays; small summaries (test results, segment
//! profiles) are plain objects. Errors name the JS argument (`options.k`, `input.stock`, …).

use super::args;
use crate::error::{Error, Result};
use crate::num::Num;
use js_sys::Float64Array;
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

/// Fails unless every value is finite and `>= 0`, naming the first bad index.
fn non_negative(arg: &str, values: &[f64]) -> Result<()> {
    match values.iter().position(|v| !(v.is_finite() && *v >= 0.0)) {
        None => Ok(()),
        Some(i) => Err(Error::invalid(
            arg,
            "finite numbers >= 0",
            format!("{} at index {i}", Num(values[i])),
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
