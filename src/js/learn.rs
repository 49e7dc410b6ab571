//! JS bindings for the learn engine: logistic regression (batch and online), classifier metrics,
//! DBSCAN and k-distances. Every argument arrives as a `JsValue` read through [`super::args`];
//! errors name the JS argument (`options.C`, `labels[3]`, …).

#[path = "learn_churn.rs"]
mod churn;

use super::args::{self, get, number, object};
use super::obj::Obj;
use crate::error::{Error, Result};
use crate::learn::metrics;
use crate::learn::{
    CalibrationConfig, DbscanConfig, FittedLogistic, Ftrl, FtrlConfig, LogisticConfig,
};
use crate::limits;
use crate::num::Num;
use crate::options::OptionSet;
use js_sys::{Float64Array, Int32Array, Uint32Array, Uint8Array};
use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TS_LEARN: &str = r#"
/** Numbers for the learn functions: a typed array or a plain array. */
export type LearnNumbers = Float64Array | Float32Array | Int32Array | Uint32Array | number[];
/** 0/1 labels: a Uint8Array or any `LearnNumbers`. */
export type Labels = Uint8Array | LearnNumbers;
/** A fitted logistic regression (the input of `logisticPredict`). */
export interface LogisticModel {
  coef: Float64Array;
  intercept: number;
  nIter?: number;
  converged?: boolean;
  /** Largest violation of the optimality conditions at the solution. */
  kktViolation?: number;
}
/** `rocCurve`'s points, by decreasing threshold (scikit-learn's `roc_curve`). */
export interface RocCurve {
    fpr: Float64Array;
    tpr: Float64Array;
    /** Decreasing; thresholds[0] is Infinity (nothing predicted positive), as in scikit-learn. */
    thresholds: Float64Array;
}
/** `prCurve`: thresholds increase and are one fewer than the points; the last point is (1, 0). */
export interface PrCurve { precision: Float64Array; recall: Float64Array; thresholds: Float64Array }
/** `calibrationCurve`: one entry per non-empty bin. */
export interface CalibrationCurve { probTrue: Float64Array; probPred: Float64Array; counts: Uint32Array }
/** `dbscan`: label -1 is noise; clusters are numbered as scikit-learn numbers them. */
export interface DbscanResult { labels: Int32Array; core: Uint8Array; nClusters: number }
"#;

// The option interfaces come from their one definition (crate::options::option_set!).
#[wasm_bindgen(typescript_custom_section)]
const TS_LOGISTIC_OPTIONS: &str = LogisticConfig::TS;
#[wasm_bindgen(typescript_custom_section)]
const TS_CALIBRATION_OPTIONS: &str = CalibrationConfig::TS;
#[wasm_bindgen(typescript_custom_section)]
const TS_DBSCAN_OPTIONS: &str = DbscanConfig::TS;
#[wasm_bindgen(typescript_custom_section)]
const TS_FTRL_OPTIONS: &str = FtrlConfig::TS;

fn to_js(e: Error) -> JsError {
    e.into()
}

/// Reads 0/1 labels from a `Uint8Array` or any number array (checked as 0/1 by the engine).
fn labels_arg(v: &JsValue) -> Result<Vec<f64>> {
    if v.is_instance_of::<Uint8Array>() {
        return Ok(args::bytes("labels", v)?
            .into_iter()
            .map(f64::from)
            .collect());
    }
    args::f64_vec("labels", v)
}

fn f64s(v: &[f64]) -> JsValue {
    Float64Array::from(v).into()
}

/// Fits a logistic regression to row-major `features` (n × nFeatures) and 0/1 `labels`, to
/// scikit-learn's optimum (L2 or elastic-net penalty, unpenalised intercept).
#[wasm_bindgen(js_name = logisticRegression, unchecked_return_type = "LogisticModel")]
pub fn logistic_regression(
    #[wasm_bindgen(unchecked_param_type = "LearnNumbers")] features: &JsValue,
    #[wasm_bindgen(js_name = nFeatures, unchecked_param_type = "number")] n_features: &JsValue,
    #[wasm_bindgen(unchecked_param_type = "Labels")] labels: &JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "LogisticOptions")] options: &JsValue,
) -> Result<JsValue, JsError> {
    let d = args::count_js("nFeatures", n_features, 1, limits::MAX_FEATURES)?;
    let (model, sample_weight) =
        args::option_set::<LogisticConfig>("options", options, &[])?.check()?;
    let x = args::f64_vec("features", features)?;
    let y = labels_arg(labels)?;
    let fit = model
        .fit(&x, d, &y, sample_weight.as_deref())
        .map_err(|e| e.within_for("options.", LogisticConfig::KEYS))?;
    Ok(object(&[
        ("coef", f64s(&fit.coef)),
        ("intercept", JsValue::from_f64(fit.intercept)),
        ("nIter", JsValue::from_f64(fit.n_iter as f64)),
        ("converged", JsValue::from_bool(fit.converged)),
        ("kktViolation", JsValue::from_f64(fit.kkt_violation)),
    ]))
}

/// The probabilities of label 1 under a `logisticRegression` model for row-major `features`.
#[wasm_bindgen(js_name = logisticPredict)]
pub fn logistic_predict(
    #[wasm_bindgen(unchecked_param_type = "LogisticModel")] model: &JsValue,
    #[wasm_bindgen(unchecked_param_type = "LearnNumbers")] features: &JsValue,
) -> Result<Float64Array, JsError> {
    let keys = ["coef", "intercept", "nIter", "converged", "kktViolation"];
    let m = args::record("model", model, &keys)?;
    let coef = args::f64_vec("model.coef", &get(m, "coef"))?;
    if coef.is_empty() || coef.len() > limits::MAX_FEATURES {
        let expected = format!("1 to {} coefficients", limits::MAX_FEATURES);
        return Err(Error::invalid("model.coef", expected, format!("{}", coef.len())).into());
    }
    if let Some(i) = coef.iter().position(|c| !c.is_finite()) {
        return Err(
            Error::invalid(format!("model.coef[{i}]"), "a finite number", Num(coef[i])).into(),
        );
    }
    let intercept = number("model.intercept", &get(m, "intercept"))?;
    let x = args::f64_vec("features", features)?;
    let fitted = FittedLogistic {
        coef,
        intercept,
        n_iter: 0,
        converged: true,
        kkt_violation: 0.0,
    };
    Ok(Float64Array::from(fitted.predict_proba(&x)?.as_slice()))
}

/// Reads labels and scores (`probabilities` when `probs`) of a metric.
fn metric_args(labels: &JsValue, scores: &JsValue, probs: bool) -> Result<(Vec<f64>, Vec<f64>)> {
    let name = if probs { "probabilities" } else { "scores" };
    Ok((labels_arg(labels)?, args::f64_vec(name, scores)?))
}

/// Area under the ROC curve of `scores` for 0/1 `labels` (ties count one half).
#[wasm_bindgen(js_name = rocAuc)]
pub fn roc_auc(
    #[wasm_bindgen(unchecked_param_type = "Labels")] labels: &JsValue,
    #[wasm_bindgen(unchecked_param_type = "LearnNumbers")] scores: &JsValue,
) -> Result<f64, JsError> {
    let (y, s) = metric_args(labels, scores, false)?;
    metrics::roc_auc(&y, &s).map_err(to_js)
}

/// The ROC curve (scikit-learn's `roc_curve` with `drop_intermediate=True`).
#[wasm_bindgen(js_name = rocCurve, unchecked_return_type = "RocCurve")]
pub fn roc_curve(
    #[wasm_bindgen(unchecked_param_type = "Labels")] labels: &JsValue,
    #[wasm_bindgen(unchecked_param_type = "LearnNumbers")] scores: &JsValue,
) -> Result<JsValue, JsError> {
    let (y, s) = metric_args(labels, scores, false)?;
    let c = metrics::roc_curve(&y, &s)?;
    Ok(object(&[
        ("fpr", f64s(&c.fpr)),
        ("tpr", f64s(&c.tpr)),
        ("thresholds", f64s(&c.thresholds)),
    ]))
}

/// The precision-recall curve (scikit-learn's `precision_recall_curve`).
#[wasm_bindgen(js_name = prCurve, unchecked_return_type = "PrCurve")]
pub fn pr_curve(
    #[wasm_bindgen(unchecked_param_type = "Labels")] labels: &JsValue,
    #[wasm_bindgen(unchecked_param_type = "LearnNumbers")] scores: &JsValue,
) -> Result<JsValue, JsError> {
    let (y, s) = metric_args(labels, scores, false)?;
    let c = metrics::pr_curve(&y, &s)?;
    Ok(object(&[
        ("precision", f64s(&c.precision)),
        ("recall", f64s(&c.recall)),
        ("thresholds", f64s(&c.thresholds)),
    ]))
}

/// Mean log loss of `probabilities` (clipped to [ε, 1 − ε] as scikit-learn does).
#[wasm_bindgen(js_name = logLoss)]
pub fn log_loss(
    #[wasm_bindgen(unchecked_param_type = "Labels")] labels: &JsValue,
    #[wasm_bindgen(unchecked_param_type = "LearnNumbers")] probabilities: &JsValue,
) -> Result<f64, JsError> {
    let (y, p) = metric_args(labels, probabilities, true)?;
    metrics::log_loss(&y, &p).map_err(to_js)
}

/// Brier score: mean squared difference between `probabilities` and `labels`.
#[wasm_bindgen(js_name = brierScore)]
pub fn brier_score(
    #[wasm_bindgen(unchecked_param_type = "Labels")] labels: &JsValue,
    #[wasm_bindgen(unchecked_param_type = "LearnNumbers")] probabilities: &JsValue,
) -> Result<f64, JsError> {
    let (y, p) = metric_args(labels, probabilities, true)?;
    metrics::brier_score(&y, &p).map_err(to_js)
}

/// Calibration bins over [0, 1] (`calibration_curve`, uniform strategy; default 5 bins).
#[wasm_bindgen(js_name = calibrationCurve, unchecked_return_type = "CalibrationCurve")]
pub fn calibration_curve(
    #[wasm_bindgen(unchecked_param_type = "Labels")] labels: &JsValue,
    #[wasm_bindgen(unchecked_param_type = "LearnNumbers")] probabilities: &JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "CalibrationOptions")] options: &JsValue,
) -> Result<JsValue, JsError> {
    let bins = args::option_set::<CalibrationConfig>("options", options, &[])?.check()?;
    let (y, p) = metric_args(labels, probabilities, true)?;
    let c = metrics::calibration_curve(&y, &p, bins)?;
    let counts: Vec<u32> = c.counts.iter().map(|&v| v as u32).collect();
    Ok(object(&[
        ("probTrue", f64s(&c.prob_true)),
        ("probPred", f64s(&c.prob_pred)),
        ("counts", Uint32Array::from(counts.as_slice()).into()),
    ]))
}

/// Reads `points` (row-major, n × dim) and `dim`.
fn points_arg(points: &JsValue, dim: &JsValue) -> Result<(Vec<f64>, usize)> {
    let dim = args::count_js("dim", dim, 1, limits::MAX_DIM)?;
    Ok((args::f64_vec("points", points)?, dim))
}

/// DBSCAN on row-major `points` (n × dim) with scikit-learn's core/border/noise labels.
#[wasm_bindgen(unchecked_return_type = "DbscanResult")]
pub fn dbscan(
    #[wasm_bindgen(unchecked_param_type = "LearnNumbers")] points: &JsValue,
    #[wasm_bindgen(unchecked_param_type = "number")] dim: &JsValue,
    #[wasm_bindgen(unchecked_param_type = "DbscanOptions")] options: &JsValue,
) -> Result<JsValue, JsError> {
    let params = args::required_option_set::<DbscanConfig>("options", options, &[])?.check()?;
    let (x, dim) = points_arg(points, dim)?;
    let r = crate::learn::dbscan(&x, dim, params)
        .map_err(|e| e.within_for("options.", DbscanConfig::KEYS))?;
    Ok(object(&[
        ("labels", Int32Array::from(r.labels.as_slice()).into()),
        ("core", args::flags(r.core)),
        ("nClusters", JsValue::from_f64(r.n_clusters as f64)),
    ]))
}

/// Distance from each point to its k-th nearest point, itself counted first (sorted, the
/// k-distance plot for choosing DBSCAN's `eps` with `minSamples = k`).
#[wasm_bindgen(js_name = kDistance)]
pub fn k_distance(
    #[wasm_bindgen(unchecked_param_type = "LearnNumbers")] points: &JsValue,
    #[wasm_bindgen(unchecked_param_type = "number")] dim: &JsValue,
    #[wasm_bindgen(unchecked_param_type = "number")] k: &JsValue,
) -> Result<Float64Array, JsError> {
    let k = args::count_js("k", k, 1, limits::MAX_ELEMENTS)?;
    let (x, dim) = points_arg(points, dim)?;
    let d = crate::learn::k_distance(&x, dim, k)?;
    Ok(Float64Array::from(d.as_slice()))
}

const CLASS: &str = "OnlineLogistic";

/// An online logistic learner (FTRL-proximal) over a fixed number of features, updated one
/// example at a time (e.g. from a shopper's clicks); its state saves to bytes. Call `free()`.
#[wasm_bindgen]
pub struct OnlineLogistic {
    obj: Obj,
}

#[wasm_bindgen]
impl OnlineLogistic {
    /// A fresh learner over `dim` features (1..2048).
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_param_type = "number")] dim: &JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "OnlineLogisticOptions")] options: &JsValue,
    ) -> Result<OnlineLogistic, JsError> {
        let dim = args::count_js("dim", dim, 1, limits::MAX_FEATURES)?;
        let core = args::option_set::<FtrlConfig>("options", options, &[])?.learner(dim)?;
        Ok(OnlineLogistic {
            obj: Obj::new(CLASS, core),
        })
    }

    /// Learns one example (`label` 0 or 1); returns the probability predicted before learning.
    pub fn update(
        &self,
        #[wasm_bindgen(unchecked_param_type = "LearnNumbers")] features: &JsValue,
        #[wasm_bindgen(unchecked_param_type = "number")] label: &JsValue,
    ) -> Result<f64, JsError> {
        let x = args::f64_vec("features", features)?;
        let y = number("label", label)?;
        Ok(self.obj.with_mut::<Ftrl, _>(CLASS, |s| s.update(&x, y))?)
    }

    /// The probability of label 1 for one example.
    pub fn predict(
        &self,
        #[wasm_bindgen(unchecked_param_type = "LearnNumbers")] features: &JsValue,
    ) -> Result<f64, JsError> {
        let x = args::f64_vec("features", features)?;
        Ok(self.obj.with::<Ftrl, _>(CLASS, |s| s.predict(&x))?)
    }

    /// The current model as `{coef, intercept}` (usable with `logisticPredict`).
    #[wasm_bindgen(unchecked_return_type = "LogisticModel")]
    pub fn model(&self) -> Result<JsValue, JsError> {
        let (w, b) = self.obj.with::<Ftrl, _>(CLASS, |s| Ok(s.weights()))?;
        Ok(object(&[
            ("coef", f64s(&w)),
            ("intercept", JsValue::from_f64(b)),
        ]))
    }

    /// Examples learned so far, and their mean progressive log loss (each example scored
    /// before it was learned): `{seen, logLoss}`.
    #[wasm_bindgen(unchecked_return_type = "{ seen: number; logLoss: number }")]
    pub fn stats(&self) -> Result<JsValue, JsError> {
        let (n, l) = self
            .obj
            .with::<Ftrl, _>(CLASS, |s| Ok((s.seen(), s.progressive_log_loss())))?;
        Ok(object(&[
            ("seen", JsValue::from_f64(n as f64)),
            ("logLoss", JsValue::from_f64(l)),
        ]))
    }

    /// The state as bytes for localStorage/IndexedDB (`OnlineLogistic.fromBytes` restores it).
    #[wasm_bindgen(js_name = toBytes)]
    pub fn to_bytes(&self) -> Result<Uint8Array, JsError> {
        let b = self.obj.with::<Ftrl, _>(CLASS, |s| Ok(s.to_bytes()))?;
        Ok(Uint8Array::from(b.as_slice()))
    }

    /// A learner restored from `toBytes` output; throws on truncated or altered bytes.
    #[wasm_bindgen(js_name = fromBytes)]
    pub fn from_bytes(
        #[wasm_bindgen(unchecked_param_type = "Uint8Array | ArrayBuffer")] bytes: &JsValue,
    ) -> Result<OnlineLogistic, JsError> {
        let b = args::bytes("bytes", bytes)?;
        Ok(OnlineLogistic {
            obj: Obj::new(CLASS, Ftrl::from_bytes(&b)?),
        })
    }
}
