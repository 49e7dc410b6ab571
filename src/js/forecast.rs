//! JS bindings for forecasting: one series, a flat batch, seasonality detection, accuracy
//! metrics and rolling-origin cross-validation. Argument reading and result building only: the
//! options are declared, checked and named in [`crate::forecast::options`], the calls run in
//! [`crate::forecast::request`].

use super::args::{self, describe, object};
use crate::error::{replace_all, Error, Result};
use crate::forecast::check_series;
use crate::forecast::metrics::{coverage, mae, mase, rmse, smape};
use crate::forecast::options::{
    BatchConfig, CvConfig, EventConfig, ForecastConfig, ModelConfig, ModelSettings, TS_TYPES,
};
use crate::forecast::request::{cross_validate, forecast_series, forecast_series_batch};
use crate::forecast::seasonality::detect_season_length;
use crate::forecast::seasonality::MAX_DETECTED_SEASON;
use crate::forecast::{BatchForecast, Forecast};
use crate::limits;
use crate::options::OptionSet;
use js_sys::{Array, Float64Array, Function, Uint32Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

// The option interfaces come from their one definition (crate::options::option_set!).
#[wasm_bindgen(typescript_custom_section)]
const TS_FORECAST_TYPES: &str = TS_TYPES;
#[wasm_bindgen(typescript_custom_section)]
const TS_FORECAST_EVENT: &str = EventConfig::TS;
#[wasm_bindgen(typescript_custom_section)]
const TS_FORECAST_MODEL: &str = ModelConfig::TS;
#[wasm_bindgen(typescript_custom_section)]
const TS_FORECAST_OPTIONS: &str = ForecastConfig::TS;
#[wasm_bindgen(typescript_custom_section)]
const TS_BATCH_OPTIONS: &str = BatchConfig::TS;
#[wasm_bindgen(typescript_custom_section)]
const TS_CV_OPTIONS: &str = CvConfig::TS;

#[wasm_bindgen(typescript_custom_section)]
const TS_FORECAST_RESULTS: &str = r#"
/** Result of `forecast`. */
export interface ForecastOutput {
  /** Model name, e.g. "ETS(M,Ad,M)" or "SeasonalNaive(12)". */
  model: string;
  /** Point forecast per step ahead. */
  point: Float64Array;
  /** The interval levels, in the order requested. */
  levels: number[];
  /** lower[i][h]: lower bound at levels[i], step h. */
  lower: Float64Array[];
  /** upper[i][h]: upper bound at levels[i], step h. */
  upper: Float64Array[];
  /** AICc of ETS and ARIMA models; NaN for the others. */
  aicc: number;
  /** Season length used (given or detected; 1 = none). */
  seasonLength: number;
}
/** Result of `forecastBatch`; with H = horizon and L = levels.length. */
export interface BatchOutput {
  /** Number of series. */
  nSeries: number;
  /** Steps per series. */
  horizon: number;
  /** Interval levels. */
  levels: number[];
  /** point[i*H + h]; NaN for a failed series. */
  point: Float64Array;
  /** lower[(i*L + l)*H + h]. */
  lower: Float64Array;
  /** upper[(i*L + l)*H + h]. */
  upper: Float64Array;
  /** Model chosen per series ("" for a failed one). */
  model: string[];
  /** AICc per series (NaN unless ETS or ARIMA, or on failure). */
  aicc: Float64Array;
  /** null for a forecast series, else why it failed. */
  errors: (string | null)[];
}
/** Result of `accuracy`. */
export interface AccuracyOutput {
  mae: number;
  rmse: number;
  /** Symmetric MAPE in percent. */
  smape: number;
  /** MAE scaled by the in-sample seasonal-naive MAE. */
  mase: number;
  /** Share of actual values inside [lower, upper]; NaN without an interval. */
  coverage: number;
}
/** An interval for `accuracy`. */
export interface AccuracyInterval {
  lower: Float64Array | number[];
  upper: Float64Array | number[];
}
/** Result of `crossValidation`; with W windows and H = horizon. */
export interface CrossValidationOutput {
  /** Model name (fitted on the first window). */
  model: string;
  /** Season length used, also the MASE scale's. */
  seasonLength: number;
  /** Training points before each window's first forecast. */
  cutoffs: Uint32Array;
  /** point[w*H + h]. */
  point: Float64Array;
  /** actual[w*H + h]. */
  actual: Float64Array;
  /** Per-window metrics. */
  mae: Float64Array;
  rmse: Float64Array;
  smape: Float64Array;
  /** NaN where the training scale is zero. */
  mase: Float64Array;
  /** coverage[w*L + l]. */
  coverage: Float64Array;
  /** Means over the windows; mase over the windows where it is defined (null in none). */
  mean: { mae: number; rmse: number; smape: number; mase: number | null };
}
"#;

/// The model options and a call's own option set `T`, read from one object and checked.
fn read_options<T: OptionSet>(v: &JsValue) -> Result<(ModelSettings, T)> {
    let model: ModelConfig = args::option_set("options", v, T::KEYS)?;
    let own: T = args::option_set("options", v, ModelConfig::KEYS)?;
    Ok((model.check()?, own))
}

/// Forecasts one series `horizon` steps ahead with prediction intervals (default model AutoETS,
/// season length detected when omitted). Throws an `Error` naming the argument on bad input.
#[wasm_bindgen(unchecked_return_type = "ForecastOutput")]
pub fn forecast(
    #[wasm_bindgen(unchecked_param_type = "Float64Array | number[]")] values: &JsValue,
    #[wasm_bindgen(unchecked_param_type = "number")] horizon: &JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "ForecastOptions")] options: &JsValue,
) -> Result<JsValue, JsError> {
    let y = args::f64_vec("values", values)?;
    let horizon = args::count_js("horizon", horizon, 1, limits::MAX_HORIZON)?;
    let (settings, own) = read_options::<ForecastConfig>(options)?;
    let xreg = own.check()?;
    let out = forecast_series(&y, horizon, &settings, xreg)?;
    Ok(output(
        &out.model,
        &out.forecast,
        out.aicc,
        out.season_length,
    ))
}

fn output(model: &str, fc: &Forecast, aicc: f64, season_length: usize) -> JsValue {
    let arrays = |pick: fn(&crate::forecast::Interval) -> &Vec<f64>| -> JsValue {
        fc.intervals
            .iter()
            .map(|i| JsValue::from(Float64Array::from(pick(i).as_slice())))
            .collect::<Array>()
            .into()
    };
    object(&[
        ("model", JsValue::from_str(model)),
        ("point", Float64Array::from(fc.point.as_slice()).into()),
        ("levels", levels_array(fc.intervals.iter().map(|i| i.level))),
        ("lower", arrays(|i| &i.lower)),
        ("upper", arrays(|i| &i.upper)),
        ("aicc", JsValue::from_f64(aicc)),
        ("seasonLength", JsValue::from_f64(season_length as f64)),
    ])
}

fn levels_array(levels: impl Iterator<Item = f64>) -> JsValue {
    levels.map(JsValue::from_f64).collect::<Array>().into()
}

/// Forecasts many series: series i is `values[offsets[i] .. offsets[i + 1]]`. A bad series gets
/// NaN slots and a message in `errors[i]` without aborting the batch; `onProgress(done, total)`
/// is called after each series. AutoETS detects the season length per series when none is given.
/// `options.timestamps` (one per value, split at the same offsets) give each series its calendar
/// season and place `options.events` (the same list for every series) by its own dates.
#[wasm_bindgen(js_name = forecastBatch, unchecked_return_type = "BatchOutput")]
pub fn forecast_batch_js(
    #[wasm_bindgen(unchecked_param_type = "Float64Array | number[]")] values: &JsValue,
    #[wasm_bindgen(unchecked_param_type = "Uint32Array | number[]")] offsets: &JsValue,
    #[wasm_bindgen(unchecked_param_type = "number")] horizon: &JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "ForecastBatchOptions")] options: &JsValue,
    #[wasm_bindgen(
        js_name = onProgress,
        unchecked_optional_param_type = "(done: number, total: number) => void"
    )]
    on_progress: &JsValue,
) -> Result<JsValue, JsError> {
    let y = args::f64_vec("values", values)?;
    let offsets = args::u32_vec("offsets", offsets)?;
    let horizon = args::count_js("horizon", horizon, 1, limits::MAX_HORIZON)?;
    let (settings, own) = read_options::<BatchConfig>(options)?;
    let xreg = own.check()?;
    let callback: Option<Function> =
        if on_progress.is_undefined() || on_progress.is_null() {
            None
        } else {
            Some(on_progress.clone().dyn_into().map_err(|v| {
                Error::invalid("onProgress", "a function or undefined", describe(&v))
            })?)
        };
    let mut thrown: Option<JsValue> = None;
    let mut progress = |done: usize, total: usize| {
        if let (Some(f), None) = (&callback, &thrown) {
            let r = f.call2(
                &JsValue::NULL,
                &JsValue::from_f64(done as f64),
                &JsValue::from_f64(total as f64),
            );
            if let Err(e) = r {
                thrown = Some(e);
            }
        }
    };
    let out = forecast_series_batch(&y, &offsets, horizon, &settings, &xreg, &mut progress)?;
    if let Some(e) = thrown {
        // The message is read through `Reflect`: a thrown object's `message` getter may throw too.
        let msg = (e.dyn_ref::<js_sys::Error>().is_some())
            .then(|| js_sys::Reflect::get(&e, &JsValue::from_str("message")).ok())
            .flatten()
            .and_then(|m| m.as_string())
            .unwrap_or_else(|| describe(&e));
        return Err(Error::invalid(
            "onProgress",
            "a callback that does not throw",
            format!("a throw: {msg}"),
        )
        .into());
    }
    Ok(batch_output(&out))
}

fn batch_output(out: &BatchForecast) -> JsValue {
    let names: Array = out.model.iter().map(|s| JsValue::from_str(s)).collect();
    let errors: Array = out
        .errors
        .iter()
        .map(|e| e.as_deref().map_or(JsValue::NULL, JsValue::from_str))
        .collect();
    object(&[
        ("nSeries", JsValue::from_f64(out.n_series as f64)),
        ("horizon", JsValue::from_f64(out.horizon as f64)),
        ("levels", levels_array(out.levels.iter().copied())),
        ("point", Float64Array::from(out.point.as_slice()).into()),
        ("lower", Float64Array::from(out.lower.as_slice()).into()),
        ("upper", Float64Array::from(out.upper.as_slice()).into()),
        ("model", names.into()),
        ("aicc", Float64Array::from(out.aicc.as_slice()).into()),
        ("errors", errors.into()),
    ])
}

/// Detects the season length of a series (an F-test of the phase means of the detrended series,
/// two cycles suffice), up to `maxPeriod` (default 24, at most half the series); 1 when none is
/// found.
#[wasm_bindgen(js_name = detectSeasonality)]
pub fn detect_seasonality(
    #[wasm_bindgen(unchecked_param_type = "Float64Array | number[]")] values: &JsValue,
    #[wasm_bindgen(js_name = maxPeriod, unchecked_optional_param_type = "number")]
    max_period: &JsValue,
) -> Result<f64, JsError> {
    let y = args::f64_vec("values", values)?;
    check_series(&y)?;
    let max = if max_period.is_undefined() {
        MAX_DETECTED_SEASON
    } else {
        args::count_js("maxPeriod", max_period, 2, limits::MAX_SEASON_LENGTH)?
    };
    Ok(detect_season_length(&y, max) as f64)
}

/// MAE, RMSE, sMAPE, MASE (scaled by the seasonal-naive MAE of `insample`) and, given an
/// interval, its coverage of `actual`.
#[wasm_bindgen(unchecked_return_type = "AccuracyOutput")]
pub fn accuracy(
    #[wasm_bindgen(unchecked_param_type = "Float64Array | number[]")] actual: &JsValue,
    #[wasm_bindgen(unchecked_param_type = "Float64Array | number[]")] predicted: &JsValue,
    #[wasm_bindgen(unchecked_param_type = "Float64Array | number[]")] insample: &JsValue,
    #[wasm_bindgen(js_name = seasonLength, unchecked_param_type = "number")]
    season_length: &JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "AccuracyInterval")] interval: &JsValue,
) -> Result<JsValue, JsError> {
    let a = args::f64_vec("actual", actual)?;
    let p = args::f64_vec("predicted", predicted)?;
    let train = args::f64_vec("insample", insample)?;
    let m = args::count_js("seasonLength", season_length, 1, limits::MAX_SEASON_LENGTH)?;
    let interval = args::plain_object("interval", interval, &["lower", "upper"])?;
    let pair = |e: Error| e.renamed(&[("forecast", "predicted")]);
    let insample_names = [
        ("train.values", "insample"),
        ("train", "insample"),
        ("values", "insample"),
        ("season_length", "seasonLength"),
        ("forecast", "predicted"),
    ];
    let mae_v = mae(&a, &p).map_err(pair)?;
    let rmse_v = rmse(&a, &p).map_err(pair)?;
    let smape_v = smape(&a, &p).map_err(pair)?;
    let mase_v = mase(&train, &a, &p, m).map_err(|e| renamed_in(e, &insample_names))?;
    let cov = match interval {
        None => f64::NAN,
        Some(obj) => {
            let lo = args::f64_vec("interval.lower", &args::get(&obj, "lower"))?;
            let hi = args::f64_vec("interval.upper", &args::get(&obj, "upper"))?;
            let names = [
                ("lower:forecast", "interval.lower"),
                ("upper:forecast", "interval.upper"),
                ("lower:actual", "actual"),
                ("upper:actual", "actual"),
            ];
            coverage(&a, &lo, &hi).map_err(|e| renamed_in(e, &names))?
        }
    };
    Ok(object(&[
        ("mae", JsValue::from_f64(mae_v)),
        ("rmse", JsValue::from_f64(rmse_v)),
        ("smape", JsValue::from_f64(smape_v)),
        ("mase", JsValue::from_f64(mase_v)),
        ("coverage", JsValue::from_f64(cov)),
    ]))
}

/// [`Error::renamed`] with the names also replaced where `expected` quotes them (`` `forecast` ``).
fn renamed_in(e: Error, names: &[(&str, &str)]) -> Error {
    match e {
        Error::InvalidArgument {
            mut arg,
            mut expected,
            got,
        } => {
            for (from, to) in names {
                if arg == *from {
                    arg = to.to_string();
                }
                expected = replace_all(&expected, &format!("`{from}`"), &format!("`{to}`"));
            }
            Error::InvalidArgument { arg, expected, got }
        }
        other => other,
    }
}

/// Rolling-origin backtest: `windows` origins `step` apart, the last window ending at the end of
/// the series, each refitting the model on the data before it and forecasting `horizon` steps.
/// Returns per-window forecasts and metrics (MASE with the season length used) and their means.
#[wasm_bindgen(js_name = crossValidation, unchecked_return_type = "CrossValidationOutput")]
pub fn cross_validation_js(
    #[wasm_bindgen(unchecked_param_type = "Float64Array | number[]")] values: &JsValue,
    #[wasm_bindgen(unchecked_param_type = "CrossValidationOptions")] options: &JsValue,
) -> Result<JsValue, JsError> {
    let y = args::f64_vec("values", values)?;
    if options.is_undefined() || options.is_null() {
        return Err(Error::invalid(
            "options",
            "an options object with a horizon",
            describe(options),
        )
        .into());
    }
    let (settings, own) = read_options::<CvConfig>(options)?;
    let report = cross_validate(&y, &settings, &own.check()?)?;
    let runs = &report.windows;
    let flat = |f: &dyn Fn(&crate::forecast::CvWindow) -> Vec<f64>| -> Float64Array {
        Float64Array::from(runs.iter().flat_map(f).collect::<Vec<_>>().as_slice())
    };
    let cutoffs: Vec<u32> = runs.iter().map(|r| r.cutoff as u32).collect();
    Ok(object(&[
        ("model", JsValue::from_str(&report.model)),
        (
            "seasonLength",
            JsValue::from_f64(report.season_length as f64),
        ),
        ("cutoffs", Uint32Array::from(cutoffs.as_slice()).into()),
        ("point", flat(&|r| r.forecast.point.clone()).into()),
        ("actual", flat(&|r| r.actual.clone()).into()),
        ("mae", flat(&|r| vec![r.mae]).into()),
        ("rmse", flat(&|r| vec![r.rmse]).into()),
        ("smape", flat(&|r| vec![r.smape]).into()),
        ("mase", flat(&|r| vec![r.mase]).into()),
        ("coverage", flat(&|r| r.coverage.clone()).into()),
        (
            "mean",
            object(&[
                ("mae", JsValue::from_f64(report.mae)),
                ("rmse", JsValue::from_f64(report.rmse)),
                ("smape", JsValue::from_f64(report.smape)),
                ("mase", report.mase.map_or(JsValue::NULL, JsValue::from_f64)),
            ]),
        ),
    ]))
}
