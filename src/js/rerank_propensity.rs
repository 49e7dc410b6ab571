//! The learned click-propensity term of `rank` / `rankProfile` (`options.propensity`) and
//! `propensityFeatures`, which gives the page the exact features the ranker scores so that an
//! `OnlineLogistic` is trained on them.

use super::read::{opt_record, present, required};
use super::ItemStore;
use crate::error::{Error, Result};
use crate::limits::{MAX_ELEMENTS, MAX_FEATURES, MAX_TOP_K};
use crate::rerank::{Propensity, PropensityFeatures, MAX_ABS_VALUE};
use js_sys::Float64Array;
use wasm_bindgen::prelude::*;

use super::super::args;

const MODEL_KEYS: &[&str] = &["coef", "intercept", "nIter", "converged", "kktViolation"];

/// `features` of a propensity: "embedding", "interaction" or `{values, dim}` (named `arg`).
fn features(arg: &str, v: &JsValue) -> Result<PropensityFeatures> {
    let expected = "\"embedding\", \"interaction\" or {values, dim}";
    if let Some(s) = v.as_string() {
        return match s.as_str() {
            "embedding" => Ok(PropensityFeatures::Embedding),
            "interaction" => Ok(PropensityFeatures::Interaction),
            _ => Err(Error::invalid(arg, expected, format!("\"{s}\""))),
        };
    }
    if !opt_record(arg, v, &["values", "dim"])? {
        return Err(Error::invalid(arg, expected, args::describe(v)));
    }
    let dim = present(arg, v, "dim", |a, x| args::count_js(a, x, 1, MAX_FEATURES))?;
    let values = present(arg, v, "values", args::f64_vec)?;
    if dim.is_none() && values.is_none() {
        return Err(Error::invalid(
            arg,
            expected,
            "an object with neither values nor dim",
        ));
    }
    let dim = required(arg, "dim", dim, "a whole number")?;
    Ok(PropensityFeatures::Items {
        values: required(arg, "values", values, "an array of numbers")?,
        dim,
    })
}

/// `options.propensity` (the core's names, `propensity.…`, become `options.propensity.…`).
pub(super) fn read(v: &JsValue) -> Result<Option<Propensity>> {
    const ARG: &str = "propensity";
    if !opt_record(ARG, v, &["model", "weight", "features"])? {
        return Ok(None);
    }
    let model = args::prop(ARG, v, "model")?;
    if !opt_record("propensity.model", &model, MODEL_KEYS)? {
        return Err(Error::invalid(
            "propensity.model",
            "a logistic model {coef, intercept} (OnlineLogistic.model() or logisticRegression)",
            args::describe(&model),
        ));
    }
    let coef = present("propensity.model", &model, "coef", args::f64_vec)?;
    let intercept = present("propensity.model", &model, "intercept", args::number)?;
    let weight = present(ARG, v, "weight", args::number)?;
    let feats = args::prop(ARG, v, "features")?;
    let features = if feats.is_undefined() {
        PropensityFeatures::Embedding
    } else {
        features("propensity.features", &feats)?
    };
    Ok(Some(Propensity {
        coef: required("propensity.model", "coef", coef, "an array of numbers")?,
        intercept: required(
            "propensity.model",
            "intercept",
            intercept,
            "a finite number",
        )?,
        weight: weight.unwrap_or(1.0),
        features,
    }))
}

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
    if indices.len() > MAX_TOP_K {
        return Err(Error::invalid(
            "indices",
            format!("at most {MAX_TOP_K} items"),
            format!("{} items", indices.len()),
        )
        .into());
    }
    let kind = features("features", features_kind)?;
    let query = if query.is_undefined() {
        None
    } else {
        Some(args::f32_vec("query", query)?)
    };
    let out = store.with(|s| {
        let q = match (&kind, query) {
            (PropensityFeatures::Interaction, None) => {
                return Err(Error::invalid(
                    "query",
                    "the shopper's vector for \"interaction\" features",
                    "undefined",
                ))
            }
            (_, Some(q)) if q.len() != s.dim() => {
                return Err(Error::invalid(
                    "query",
                    format!("{} values (the store's dimension)", s.dim()),
                    format!("{} values", q.len()),
                ))
            }
            (_, Some(q)) => {
                if let Some(i) = q.iter().position(|x| x.abs() > MAX_ABS_VALUE) {
                    return Err(Error::invalid(
                        "query",
                        format!("values within ±{MAX_ABS_VALUE:e}"),
                        format!("{} at index {i}", q[i]),
                    ));
                }
                q
            }
            (_, None) => vec![0.0; s.dim()],
        };
        let p = Propensity {
            coef: Vec::new(),
            intercept: 0.0,
            weight: 0.0,
            features: kind,
        };
        // Only the features are checked here (there is no model yet).
        let dim = p.dim(s);
        let check = Propensity {
            coef: vec![0.0; dim],
            ..p
        };
        check
            .check(s)
            .map_err(|e| e.renamed(&[("propensity.features", "features")]))?;
        if indices.len().saturating_mul(dim) > MAX_ELEMENTS {
            return Err(Error::invalid(
                "indices",
                format!("at most {MAX_ELEMENTS} feature values in all ({dim} per item)"),
                format!("{} items", indices.len()),
            ));
        }
        let mut out: Vec<f64> = args::alloc("indices", indices.len() * dim)?;
        out.clear();
        for (n, &i) in indices.iter().enumerate() {
            let row = check.features(s, &q, i as usize).ok_or_else(|| {
                Error::invalid(
                    format!("indices[{n}]"),
                    format!("a store index below {}", s.len()),
                    i,
                )
            })?;
            out.extend(row);
        }
        Ok(out)
    })?;
    Ok(Float64Array::from(out.as_slice()))
}
