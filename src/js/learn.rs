//! JS bindings for the learn engine: logistic regression (batch and online), classifier metrics,
//! DBSCAN and k-distances. Every argument arrives as a `JsValue` read through [`super::args`];
//! errors name the JS argument (`options.C`, `labels[3]`, …).

#[path = "learn_churn.rs"]
mod churn;

use super::args::{self, describe, get, number, object};
use super::obj::Obj;
use crate::error::{Error, Result};
use crate::learn::metrics;
use crate::learn::{ClassWeight, DbscanParams, FittedLogistic, Ftrl, FtrlParams, LogisticParams};
use crate::limits;
use js_sys::{Float64Array, Int32Array, Uint32Array, Uint8Array};
use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TS_LEARN: &str = r#"
/** Numbers for the learn functions: a typed array or a plain array. */
export type LearnNumbers = Float64Array | Float32Array | Int32Array | Uint32Array | number[];
/** 0/1 labels: a Uint8Array or any `LearnNumbers`. */
export type Labels = Uint8Array | LearnNumbers;
/** Options of `logisticRegression` (scikit-learn's `LogisticRegression` objective). */
export interface LogisticOptions {
  /** Inverse penalty strength, > 0 (default 1). */
  C?: number;
  /** Elastic-net mixing in [0, 1]: 0 is L2 (default), 1 is L1. */
  l1Ratio?: number;
  /** Fit an unpenalised intercept (default true). */
  fitIntercept?: boolean;
  /** "balanced" (class c weighs n / (2 n_c)) or [weight of 0, weight of 1]; default equal. */
  classWeight?: "balanced" | [number, number];
  /** Per-row non-negative weights. */
  sampleWeight?: LearnNumbers;
  /** Most Newton steps, 1..100000 (default 100). */
  maxIter?: number;
  /** Optimality tolerance, > 0 (default 1e-10). */
  tol?: number;
}
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
/** Options of `dbscan`. */
export interface DbscanOptions {
  /** Neighbourhood radius (Euclidean, inclusive), > 0. */
  eps: number;
  /** Points within eps, the point itself included, that make a core point (default 5). */
  minSamples?: number;
}
/** `dbscan`: label -1 is noise; clusters are numbered as scikit-learn numbers them. */
export interface DbscanResult { labels: Int32Array; core: Uint8Array; nClusters: number }
/** Options of `OnlineLogistic` (FTRL-proximal). */
export interface OnlineLogisticOptions { alpha?: number; beta?: number; l1?: number; l2?: number }
"#;

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

/// An optional finite number option.
fn opt_f64(obj: &JsValue, key: &str) -> Result<Option<f64>> {
    args::opt_number(&format!("options.{key}"), &args::prop("options", obj, key)?)
}

fn f64s(v: &[f64]) -> JsValue {
    Float64Array::from(v).into()
}

const LOGISTIC_KEYS: [&str; 7] = [
    "C",
    "l1Ratio",
    "fitIntercept",
    "classWeight",
    "sampleWeight",
    "maxIter",
    "tol",
];

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
    let opts = args::plain_object("options", options, &LOGISTIC_KEYS)?;
    let o: JsValue = opts.map(JsValue::from).unwrap_or(JsValue::UNDEFINED);
    let mut p = LogisticParams::default();
    p.c = opt_f64(&o, "C")?.unwrap_or(p.c);
    p.l1_ratio = opt_f64(&o, "l1Ratio")?.unwrap_or(p.l1_ratio);
    p.tol = opt_f64(&o, "tol")?.unwrap_or(p.tol);
    let fi = args::prop("options", &o, "fitIntercept")?;
    if !fi.is_undefined() {
        p.fit_intercept = args::boolean("options.fitIntercept", &fi)?;
    }
    let mi = args::prop("options", &o, "maxIter")?;
    if !mi.is_undefined() {
        p.max_iter = args::count_js("options.maxIter", &mi, 1, limits::MAX_ITERATIONS)?;
    }
    p.class_weight = class_weight(&args::prop("options", &o, "classWeight")?)?;
    let sw = args::prop("options", &o, "sampleWeight")?;
    let sample_weight = if sw.is_undefined() {
        None
    } else {
        Some(args::f64_vec("options.sampleWeight", &sw)?)
    };
    let x = args::f64_vec("features", features)?;
    let y = labels_arg(labels)?;
    let model = p
        .check()
        .map_err(|e| e.within_for("options.", &LOGISTIC_KEYS))?;
    let fit = model
        .fit(&x, d, &y, sample_weight.as_deref())
        .map_err(|e| e.within_for("options.", &LOGISTIC_KEYS))?;
    Ok(object(&[
        ("coef", f64s(&fit.coef)),
        ("intercept", JsValue::from_f64(fit.intercept)),
        ("nIter", JsValue::from_f64(fit.n_iter as f64)),
        ("converged", JsValue::from_bool(fit.converged)),
        ("kktViolation", JsValue::from_f64(fit.kkt_violation)),
    ]))
}

/// Reads `options.classWeight`: undefined, "balanced" or a pair of numbers.
fn class_weight(v: &JsValue) -> Result<ClassWeight> {
    const ARG: &str = "options.classWeight";
    if v.is_undefined() {
        return Ok(ClassWeight::Equal);
    }
    if let Some(s) = v.as_string() {
        return match s.as_str() {
            "balanced" => Ok(ClassWeight::Balanced),
            _ => Err(Error::invalid(
                ARG,
                "\"balanced\" or [w0, w1]",
                format!("\"{s}\""),
            )),
        };
    }
    if args::is_array(v) {
        let w = args::f64_vec(ARG, v)?;
        if let [negative, positive] = w[..] {
            return Ok(ClassWeight::Weights { negative, positive });
        }
        return Err(Error::invalid(ARG, "two weights [w0, w1]", describe(v)));
    }
    Err(Error::invalid(ARG, "\"balanced\" or [w0, w1]", describe(v)))
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
        return Err(Error::invalid(format!("model.coef[{i}]"), "a finite number", coef[i]).into());
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
    #[wasm_bindgen(unchecked_optional_param_type = "{ nBins?: number }")] options: &JsValue,
) -> Result<JsValue, JsError> {
    let o: JsValue = args::plain_object("options", options, &["nBins"])?
        .map(JsValue::from)
        .unwrap_or(JsValue::UNDEFINED);
    let nb = args::prop("options", &o, "nBins")?;
    let bins = if nb.is_undefined() {
        5
    } else {
        args::count_js("options.nBins", &nb, 1, limits::MAX_BINS)?
    };
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
    let o = args::record("options", options, &["eps", "minSamples"])?;
    let eps = number("options.eps", &get(o, "eps"))?;
    let ms = args::prop("options", o, "minSamples")?;
    let min_samples = if ms.is_undefined() {
        5
    } else {
        args::count_js("options.minSamples", &ms, 1, limits::MAX_ELEMENTS)?
    };
    let (x, dim) = points_arg(points, dim)?;
    let params = DbscanParams { eps, min_samples };
    let r = crate::learn::dbscan(&x, dim, params)
        .map_err(|e| e.within_for("options.", &["eps", "minSamples"]))?;
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
const FTRL_KEYS: [&str; 4] = ["alpha", "beta", "l1", "l2"];

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
        let o: JsValue = args::plain_object("options", options, &FTRL_KEYS)?
            .map(JsValue::from)
            .unwrap_or(JsValue::UNDEFINED);
        let mut p = FtrlParams::default();
        p.alpha = opt_f64(&o, "alpha")?.unwrap_or(p.alpha);
        p.beta = opt_f64(&o, "beta")?.unwrap_or(p.beta);
        p.l1 = opt_f64(&o, "l1")?.unwrap_or(p.l1);
        p.l2 = opt_f64(&o, "l2")?.unwrap_or(p.l2);
        let core = Ftrl::new(dim, p).map_err(|e| e.within_for("options.", &FTRL_KEYS))?;
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
