//! JS bindings for forecasting: one series, a flat batch, seasonality detection, accuracy
//! metrics and rolling-origin cross-validation.

#[path = "forecast_read.rs"]
mod read;

use super::args::{self, describe, object};
use crate::error::{Error, Result};
use crate::forecast::batch::MAX_DETECTED_SEASON;
use crate::forecast::check_series;
use crate::forecast::metrics::{coverage, mae, mase, rmse, smape};
use crate::forecast::seasonality::detect_season_length;
use crate::forecast::{
    cross_validation, forecast_batch, BatchRequest, CrossValidation, Fit, Forecast, Predict,
};
use crate::limits;
use js_sys::{Array, Float64Array, Function, Uint32Array};
use read::{js_names, Options, BATCH_KEYS, CV_KEYS, FORECAST_KEYS};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// The TypeScript declarations of this module's exports and option types.
#[wasm_bindgen(typescript_custom_section)]
const TS_FORECAST: &str = include_str!("forecast.d.ts");
/// Forecasts one series `horizon` steps ahead with prediction intervals. The default model is
/// AutoETS (every admissible ETS form, smallest AICc); the season length is detected when
/// omitted. Throws an `Error` naming the argument on bad input. (TypeScript declaration in
/// `TS_FORECAST`, where `options` can be marked optional.)
#[wasm_bindgen(skip_typescript)]
pub fn forecast(
    #[wasm_bindgen(unchecked_param_type = "Float64Array | number[]")] values: &JsValue,
    #[wasm_bindgen(unchecked_param_type = "number")] horizon: &JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "ForecastOptions")] options: &JsValue,
) -> Result<JsValue, JsError> {
    let y = args::f64_vec("values", values)?;
    let horizon = args::count_js("horizon", horizon, 1, limits::MAX_HORIZON)?;
    let opts = Options::read(options, FORECAST_KEYS)?;
    check_series(&y)?;
    crate::forecast::check_request(horizon, &opts.levels).map_err(js_names)?;
    let (model, m) = opts.model(Some(&y), &y)?;
    if opts.events.is_some() && (opts.xreg.is_some() || opts.future_xreg.is_some()) {
        return Err(Error::invalid(
            "options.xreg",
            "either options.events or options.xreg / options.futureXreg, not both",
            "both",
        )
        .into());
    }
    if let Some(with) = opts.with_events(&model, m, horizon)? {
        let fitted = with
            .fit(&y)
            .map_err(|e| js_names(e.renamed(&[("xreg", "options.events")])))?;
        let fc = fitted.predict(horizon, &opts.levels).map_err(js_names)?;
        return Ok(output(&fitted.name(), &fc, f64::NAN, m));
    }
    let fitted = match (&opts.xreg, &opts.future_xreg) {
        (None, None) => model.fit(&y),
        (Some(x), Some(f)) => model.fit_xreg(&y, x, f.clone()),
        (Some(_), None) => Err(Error::invalid(
            "future_xreg",
            "the regressors of the horizon with xreg",
            "none",
        )),
        (None, Some(_)) => Err(Error::invalid(
            "xreg",
            "the regressors of the history with futureXreg",
            "none",
        )),
    }
    .map_err(js_names)?;
    let fc = fitted.predict(horizon, &opts.levels).map_err(js_names)?;
    Ok(output(&fitted.name(), &fc, fitted.aicc(), m))
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

/// Forecasts many series at once: series `i` is `values[offsets[i] .. offsets[i + 1]]`.
/// Results are flat typed arrays (see `BatchOutput`); a series that cannot be forecast gets NaN
/// slots and a message in `errors[i]` without aborting the batch. `onProgress(done, total)` is
/// called after each series. AutoETS detects the season length per series when none is given.
#[wasm_bindgen(js_name = forecastBatch, skip_typescript)]
pub fn forecast_batch_js(
    #[wasm_bindgen(unchecked_param_type = "Float64Array | number[]")] values: &JsValue,
    #[wasm_bindgen(unchecked_param_type = "Uint32Array | number[]")] offsets: &JsValue,
    #[wasm_bindgen(unchecked_param_type = "number")] horizon: &JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "ForecastOptions")] options: &JsValue,
    #[wasm_bindgen(
        js_name = onProgress,
        unchecked_optional_param_type = "(done: number, total: number) => void"
    )]
    on_progress: &JsValue,
) -> Result<JsValue, JsError> {
    let y = args::f64_vec("values", values)?;
    let offsets = args::u32_vec("offsets", offsets)?;
    let horizon = args::count_js("horizon", horizon, 1, limits::MAX_HORIZON)?;
    let opts = Options::read(options, BATCH_KEYS)?;
    let callback: Option<Function> =
        if on_progress.is_undefined() || on_progress.is_null() {
            None
        } else {
            Some(on_progress.clone().dyn_into().map_err(|v| {
                Error::invalid("onProgress", "a function or undefined", describe(&v))
            })?)
        };
    for (given, what) in [
        (opts.timestamps.is_some(), "timestamps"),
        (opts.events.is_some(), "events"),
    ] {
        if given {
            return Err(Error::invalid(
                format!("options.{what}"),
                format!(
                    "no {what} in a batch (its series differ in length): options.frequency, \
                     or forecast per series"
                ),
                format!("options.{what}"),
            )
            .into());
        }
    }
    let (model, _) = opts.model(None, &y)?;
    let request = BatchRequest {
        model: model.model,
        horizon,
        levels: opts.levels.clone(),
        seed: opts.seed,
        non_negative: model.non_negative,
        intervals: model.intervals,
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
    let out = forecast_batch(&y, &offsets, &request, &mut progress).map_err(js_names)?;
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
    let names: Array = out.model.iter().map(|s| JsValue::from_str(s)).collect();
    let errors: Array = out
        .errors
        .iter()
        .map(|e| e.as_deref().map_or(JsValue::NULL, JsValue::from_str))
        .collect();
    Ok(object(&[
        ("nSeries", JsValue::from_f64(out.n_series as f64)),
        ("horizon", JsValue::from_f64(out.horizon as f64)),
        ("levels", levels_array(out.levels.iter().copied())),
        ("point", Float64Array::from(out.point.as_slice()).into()),
        ("lower", Float64Array::from(out.lower.as_slice()).into()),
        ("upper", Float64Array::from(out.upper.as_slice()).into()),
        ("model", names.into()),
        ("aicc", Float64Array::from(out.aicc.as_slice()).into()),
        ("errors", errors.into()),
    ]))
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

/// Accuracy of a forecast `predicted` of `actual`: MAE, RMSE, sMAPE (percent), MASE scaled by
/// the seasonal-naive MAE of `insample` at `seasonLength`, and the coverage of an optional
/// `{lower, upper}` interval (NaN without one).
#[wasm_bindgen(skip_typescript)]
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
    let renamed = |e: Error, names: &[(&str, &str)]| match e {
        Error::InvalidArgument {
            mut arg,
            mut expected,
            got,
        } => {
            for (from, to) in names {
                if arg == *from {
                    arg = to.to_string();
                }
                expected = expected.replace(&format!("`{from}`"), &format!("`{to}`"));
            }
            Error::InvalidArgument { arg, expected, got }
        }
        other => other,
    };
    let pair = |e: Error| renamed(e, &[("forecast", "predicted")]);
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
    let mase_v = mase(&train, &a, &p, m).map_err(|e| renamed(e, &insample_names))?;
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
            coverage(&a, &lo, &hi).map_err(|e| renamed(e, &names))?
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
    let opts = Options::read(options, CV_KEYS)?;
    let horizon = args::field(&opts.obj, "horizon", |a, v| {
        args::count_js(a, v, 1, limits::MAX_HORIZON)
    })?
    .ok_or_else(|| {
        Error::invalid(
            "options.horizon",
            format!("a whole number in [1, {}]", limits::MAX_HORIZON),
            "undefined",
        )
    })?;
    let windows = args::field(&opts.obj, "windows", |a, v| {
        args::count_js(a, v, 1, limits::MAX_WINDOWS)
    })?
    .unwrap_or(3);
    let step = args::field(&opts.obj, "step", |a, v| {
        args::count_js(a, v, 1, limits::MAX_ELEMENTS)
    })?
    .unwrap_or(horizon);
    check_series(&y)?;
    let (model, m) = opts.model(Some(&y), &y)?;
    let cv = CrossValidation {
        n_windows: windows,
        step,
        horizon,
        levels: opts.levels.clone(),
        season_length: m,
        non_negative: model.non_negative,
    };
    // With events, their columns over the series serve every window (each fit on a prefix).
    let with = opts.with_events(&model, m, 1)?;
    let runs = match &with {
        Some(w) => cross_validation(w, &y, &cv),
        None => cross_validation(&model, &y, &cv),
    };
    let runs = runs.map_err(|e| match js_names(e) {
        Error::InvalidArgument { arg, expected, got } if arg == "horizon" => {
            Error::InvalidArgument {
                arg: "options.horizon".into(),
                expected,
                got,
            }
        }
        other => other,
    })?;
    let cut = &y[..runs[0].cutoff];
    let name = match &with {
        Some(w) => w.fit(cut).map(|f| f.name()),
        None => model.fit(cut).map(|f| f.name()),
    }
    .unwrap_or_default();
    let flat = |f: &dyn Fn(&crate::forecast::CvWindow) -> Vec<f64>| -> Float64Array {
        Float64Array::from(runs.iter().flat_map(f).collect::<Vec<_>>().as_slice())
    };
    let mean = |f: fn(&crate::forecast::CvWindow) -> f64| {
        runs.iter().map(f).sum::<f64>() / runs.len() as f64
    };
    // MASE is undefined (NaN) in a window whose training scale is zero: averaged over the
    // windows where it is defined, null when it is defined in none.
    let defined: Vec<f64> = runs
        .iter()
        .map(|r| r.mase)
        .filter(|m| m.is_finite())
        .collect();
    let mean_mase = if defined.is_empty() {
        JsValue::NULL
    } else {
        JsValue::from_f64(defined.iter().sum::<f64>() / defined.len() as f64)
    };
    let cutoffs: Vec<u32> = runs.iter().map(|r| r.cutoff as u32).collect();
    Ok(object(&[
        ("model", JsValue::from_str(&name)),
        ("seasonLength", JsValue::from_f64(m as f64)),
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
                ("mae", JsValue::from_f64(mean(|r| r.mae))),
                ("rmse", JsValue::from_f64(mean(|r| r.rmse))),
                ("smape", JsValue::from_f64(mean(|r| r.smape))),
                ("mase", mean_mase),
            ]),
        ),
    ]))
}
