//! JS bindings of the analytics panel's learning helpers: the churn-model rows (`churnData`,
//! per-customer features from an order log as of a cutoff and labels from an inactivity window,
//! see [`crate::learn::churn`]) and the knee of a k-distance curve (`kDistanceKnee`, DBSCAN's
//! ε helper).

use super::super::args::{self, object};
use crate::error::Error;
use crate::learn::{churn_data as core_churn, k_distance_knee, ChurnConfig, CHURN_FEATURES};
use crate::options::OptionSet;
use js_sys::{Array, Float64Array, Uint32Array, Uint8Array};
use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TS_CHURN: &str = r#"
/** `kDistanceKnee`: the distances sorted ascending and the suggested eps at the knee. */
export interface KDistanceKnee { sorted: Float64Array; knee: number; eps: number }
/** Churn-model rows: one per customer with an order at or before the cutoff, ascending by id. */
export interface ChurnData {
  customers: Uint32Array;
  /** Row-major customers × featureNames.length. */
  features: Float64Array;
  /** recency, log_orders, log_spend, log_avg_order, tenure, orders_last_window, spend_last_window, mean_gap. */
  featureNames: string[];
  /** 1 = churned (no order in the window); null when the log ends before cutoff + window. */
  labels: Uint8Array | null;
}
"#;

/// `ChurnOptions`, from its one definition (crate::options::option_set!).
#[wasm_bindgen(typescript_custom_section)]
const TS_CHURN_OPTIONS: &str = ChurnConfig::TS;

/// Churn-model rows from an order log (`customers[i]` ordered `amounts[i]` at `timestamps[i]`):
/// RFM and more as of `options.cutoff`, and a churn label from the inactivity window after it.
#[wasm_bindgen(js_name = churnData, unchecked_return_type = "ChurnData")]
pub fn churn_data(
    #[wasm_bindgen(unchecked_param_type = "Uint32Array | number[]")] customers: &JsValue,
    #[wasm_bindgen(unchecked_param_type = "Float64Array | number[]")] timestamps: &JsValue,
    #[wasm_bindgen(unchecked_param_type = "Float64Array | number[]")] amounts: &JsValue,
    #[wasm_bindgen(unchecked_param_type = "ChurnOptions")] options: &JsValue,
) -> Result<JsValue, JsError> {
    let (cutoff, window) =
        args::required_option_set::<ChurnConfig>("options", options, &[])?.check()?;
    let c = args::u32_vec("customers", customers)?;
    let t = args::f64_vec("timestamps", timestamps)?;
    let a = args::f64_vec("amounts", amounts)?;
    let d = core_churn(&c, &t, &a, cutoff, window).map_err(|e| match e {
        Error::InvalidArgument { arg, expected, got } if arg == "cutoff" || arg == "window" => {
            Error::InvalidArgument { arg, expected, got }.within("options.")
        }
        other => other,
    })?;
    let names: Array = CHURN_FEATURES
        .iter()
        .map(|n| JsValue::from_str(n))
        .collect();
    Ok(object(&[
        (
            "customers",
            Uint32Array::from(d.customers.as_slice()).into(),
        ),
        ("features", Float64Array::from(d.features.as_slice()).into()),
        ("featureNames", names.into()),
        (
            "labels",
            d.labels
                .map_or(JsValue::NULL, |l| Uint8Array::from(l.as_slice()).into()),
        ),
    ]))
}

/// Sorts k-distances (`kDistance`'s output) ascending and finds the knee of the curve: the point
/// farthest below the chord from its first to its last point (both axes scaled to [0, 1]), where
/// the distances start to climb; `eps` is the distance there, a suggested DBSCAN radius.
#[wasm_bindgen(js_name = kDistanceKnee, unchecked_return_type = "KDistanceKnee")]
pub fn k_distance_knee_js(
    #[wasm_bindgen(unchecked_param_type = "Float64Array | number[]")] distances: &JsValue,
) -> Result<JsValue, JsError> {
    let d = args::f64_vec("distances", distances)?;
    let (sorted, knee) = k_distance_knee(&d)?;
    Ok(object(&[
        ("eps", JsValue::from_f64(sorted[knee])),
        ("knee", JsValue::from_f64(knee as f64)),
        ("sorted", Float64Array::from(sorted.as_slice()).into()),
    ]))
}
