//! `propensityFeatures`, which gives the page the exact features the ranker scores so that an
//! `OnlineLogistic` is trained on them (the term itself is `options.propensity` of `rank`,
//! declared in [`crate::rerank::config`]).

use super::ItemStore;
use crate::rerank::config::{self, ItemFeaturesConfig};
use js_sys::Float64Array;
use wasm_bindgen::prelude::*;

use super::super::args;

/// The features a propensity model scores for each of the store items `indices` (row-major
/// `indices.length × dim`): train an `OnlineLogistic` on these rows (clicked 1, shown and not
/// clicked 0) and pass its `model()` as `options.propensity.model` with the same `features`.
/// `query` is the shopper's vector (`ShopperProfile.vectorAt(nowMs)` or a session query), needed
/// for "interaction" and ignored otherwise.
#[wasm_bindgen(js_name = propensityFeatures)]
pub fn propensity_features(
    store: &ItemStore,
    #[wasm_bindgen(unchecked_param_type = "Uint32Array | number[]")] indices: &JsValue,
    #[wasm_bindgen(js_name = features, unchecked_param_type = "RankPropensityFeatures")]
    features_kind: &JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "Float32Array | number[]")] query: &JsValue,
) -> Result<Float64Array, JsError> {
    let indices = args::u32_vec("indices", indices)?;
    let kind = args::text_or_set::<ItemFeaturesConfig>(
        "features",
        features_kind,
        "RankPropensityFeatures",
    )?;
    let kind = config::features("features", kind)?;
    let query = if query.is_undefined() {
        None
    } else {
        Some(args::f32_vec("query", query)?)
    };
    let out =
        store.with(|s| crate::rerank::propensity_features(s, &indices, kind, query.as_deref()))?;
    Ok(Float64Array::from(out.as_slice()))
}
