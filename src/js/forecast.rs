//! JS bindings for forecasting: one series, a flat batch, seasonality detection, accuracy
//! metrics and rolling-origin cross-validation.

use super::args::{self, describe, object};
use crate::error::{Error, Result};
use crate::forecast::check_series;
use crate::forecast::metrics::{coverage, mae, mase, rmse, smape};
use crate::forecast::seasonality::detect_season_length;
use crate::forecast::{
    cross_validation, forecast_batch, AutoEts, Baseline, BatchModel, BatchRequest, CrossValidation,
    Ets, EtsSearch, EtsSpec, Fit, FittedBaseline, FittedEts, FittedIntermittent, FittedTheta,
    Forecast, Intermittent, IntermittentMethod, Predict, Theta, ThetaVariant,
};
use crate::rng;
use js_sys::{Array, Float64Array, Function, Reflect, Uint32Array};
use serde::Deserialize;
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

#[wasm_bindgen(typescript_custom_section)]
const TS_FORECAST: &str = r#"
/** Forecasting models of `forecast`, `forecastBatch` and `crossValidation`. */
export type ForecastModel =
  | "auto" | "autoETS" | "ets" | "theta" | "autoTheta" | "croston" | "sba" | "tsb"
  | "naive" | "seasonalNaive" | "drift" | "windowAverage";
/** Options of `forecast`. */
export interface ForecastOptions {
  /** Which model; default "autoETS" ("auto" is the same). */
  model?: ForecastModel;
  /** Steps per seasonal cycle (12 for monthly data); detected from the data when omitted. */
  seasonLength?: number;
  /** ETS form for model "ets", e.g. "ANN", "AAdA", "MAdM" (default "ANN"). */
  spec?: string;
  /**
   * AutoETS search: "fast" (default; edgewise's two-round search) or "statsforecast" (every form
   * fitted as statsforecast's AutoETS does: the same model, AICc and point forecasts as
   * statsforecast, several times slower on seasonal data).
   */
  search?: "fast" | "statsforecast";
  /** How many trailing values "windowAverage" averages. */
  window?: number;
  /** Prediction interval levels, each in (0, 1), e.g. [0.8, 0.95]. */
  levels?: number[];
  /** Seed of simulated intervals (same seed, same result); random when omitted. */
  seed?: number;
}
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
  /** AICc of ETS models; NaN for the others. */
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
  /** AICc per series (NaN unless ETS or on failure). */
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
/** Options of `crossValidation`: the model options plus the backtest design. */
export interface CrossValidationOptions extends ForecastOptions {
  /** Number of forecast origins (default 3). */
  windows?: number;
  /** Steps between origins (default: the horizon). */
  step?: number;
  /** Steps forecast from each origin (required). */
  horizon: number;
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
  /** Means over the windows. */
  mean: { mae: number; rmse: number; smape: number; mase: number };
}
/**
 * Forecasts one series `horizon` steps ahead with prediction intervals (default model AutoETS,
 * season length detected when omitted). Throws an `Error` naming the argument on bad input.
 */
export function forecast(values: Float64Array | number[], horizon: number, options?: ForecastOptions): ForecastOutput;
/**
 * Forecasts many series: series i is `values[offsets[i] .. offsets[i + 1]]`. A bad series gets NaN
 * slots and a message in `errors[i]`; `onProgress(done, total)` is called after each series.
 */
export function forecastBatch(values: Float64Array | number[], offsets: Uint32Array | number[], horizon: number, options?: ForecastOptions, onProgress?: (done: number, total: number) => void): BatchOutput;
/**
 * MAE, RMSE, sMAPE, MASE (scaled by the seasonal-naive MAE of `insample`) and, given an interval,
 * its coverage of `actual`.
 */
export function accuracy(actual: Float64Array | number[], predicted: Float64Array | number[], insample: Float64Array | number[], seasonLength: number, interval?: AccuracyInterval): AccuracyOutput;
"#;
const MODELS: &str =
    "one of \"auto\", \"autoETS\", \"ets\", \"theta\", \"autoTheta\", \"croston\", \
                      \"sba\", \"tsb\", \"naive\", \"seasonalNaive\", \"drift\", \"windowAverage\"";
/// Option keys of `crossValidation`; those of `forecast` / `forecastBatch` are the first seven.
const CV_KEYS: &[&str] = &[
    "model",
    "seasonLength",
    "spec",
    "search",
    "window",
    "levels",
    "seed",
    "windows",
    "step",
    "horizon",
];
const FORECAST_KEYS: &[&str] = CV_KEYS.split_at(7).0;

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase")]
struct Options {
    model: Option<String>,
    season_length: Option<f64>,
    spec: Option<String>,
    search: Option<String>,
    window: Option<f64>,
    levels: Option<Vec<f64>>,
    seed: Option<f64>,
    windows: Option<f64>,
    step: Option<f64>,
    horizon: Option<f64>,
}

/// Longest season detected when the caller gives none (statsforecast's AutoETS limit).
const MAX_DETECTED_SEASON: usize = 24;

/// A model chosen from the options, ready to fit any series.
#[derive(Debug, Clone, Copy)]
enum Model {
    AutoEts(AutoEts),
    Ets(Ets),
    Theta(Theta),
    Intermittent(Intermittent),
    Baseline(Baseline),
}

/// A fitted [`Model`].
enum Fitted {
    Ets(FittedEts),
    Theta(FittedTheta),
    Intermittent(FittedIntermittent),
    Baseline(FittedBaseline),
}

impl Fitted {
    fn aicc(&self) -> f64 {
        match self {
            Fitted::Ets(f) => f.aicc(),
            _ => f64::NAN,
        }
    }
}

impl Predict for Fitted {
    fn predict(&self, horizon: usize, levels: &[f64]) -> Result<Forecast> {
        let fc = match self {
            Fitted::Ets(f) => f.predict(horizon, levels),
            Fitted::Theta(f) => f.predict(horizon, levels),
            Fitted::Intermittent(f) => f.predict(horizon, levels),
            Fitted::Baseline(f) => f.predict(horizon, levels),
        }?;
        // Never hand a silent NaN forecast to the page.
        let finite = fc.point.iter().all(|v| v.is_finite())
            && fc
                .intervals
                .iter()
                .all(|i| i.lower.iter().chain(&i.upper).all(|v| !v.is_nan()));
        if !finite {
            return Err(Error::Numerical(format!(
                "{} produced a non-finite forecast for this series",
                self.name()
            )));
        }
        Ok(fc)
    }

    fn name(&self) -> String {
        match self {
            Fitted::Ets(f) => f.name(),
            Fitted::Theta(f) => f.name(),
            Fitted::Intermittent(f) => f.name(),
            Fitted::Baseline(f) => f.name(),
        }
    }
}

impl Fit for Model {
    type Fitted = Fitted;

    fn fit(&self, y: &[f64]) -> Result<Fitted> {
        let fitted = match self {
            Model::AutoEts(m) => m.fit(y).map(Fitted::Ets),
            Model::Ets(m) => m.fit(y).map(Fitted::Ets),
            Model::Theta(m) => m.fit(y).map(Fitted::Theta),
            Model::Intermittent(m) => m.fit(y).map(Fitted::Intermittent),
            Model::Baseline(m) => m.fit(y).map(Fitted::Baseline),
        };
        fitted.map_err(js_names)
    }
}

/// Renames core argument names to the option names a JS caller used.
fn js_names(e: Error) -> Error {
    match e {
        Error::InvalidArgument { arg, expected, got } => {
            let arg = match arg.as_str() {
                "season_length" => "options.seasonLength".to_string(),
                "window" => "options.window".to_string(),
                "model" => "options.spec".to_string(),
                "search" => "options.search".to_string(),
                _ => arg,
            };
            Error::InvalidArgument { arg, expected, got }
        }
        other => other,
    }
}

impl Options {
    fn levels(&self) -> Vec<f64> {
        self.levels.clone().unwrap_or_default()
    }

    fn seed(&self) -> Result<u64> {
        match self.seed {
            None => Ok(rng::default_seed()),
            Some(s)
                if s.is_finite()
                    && s.fract() == 0.0
                    && (0.0..=9.007_199_254_740_991e15).contains(&s) =>
            {
                Ok(s as u64)
            }
            Some(s) => Err(Error::invalid(
                "options.seed",
                "a whole number between 0 and 2^53 - 1",
                s,
            )),
        }
    }

    /// The given season length, validated as a whole number >= 1 (not yet against a series).
    fn given_season(&self) -> Result<Option<usize>> {
        self.season_length
            .map(|m| args::whole("options.seasonLength", m, 1))
            .transpose()
    }

    fn model_name(&self) -> &str {
        self.model.as_deref().unwrap_or("autoETS")
    }

    /// Builds the model for series `y` (used to detect the season length when none is given;
    /// `None` for a batch, where each series detects its own or a season length is required).
    fn model(&self, y: Option<&[f64]>) -> Result<(Model, usize)> {
        let given = self.given_season()?;
        let seed = self.seed()?;
        let season = || -> usize {
            given.unwrap_or_else(|| match y {
                Some(y) => detect_season_length(y, MAX_DETECTED_SEASON),
                None => 1,
            })
        };
        let name = self.model_name();
        if self.spec.is_some() && name != "ets" {
            return Err(Error::invalid(
                "options.spec",
                "no spec unless options.model is \"ets\"",
                format!("a spec with model \"{name}\""),
            ));
        }
        let search = match self.search.as_deref() {
            None => EtsSearch::Fast,
            Some(_) if !matches!(name, "auto" | "autoETS") => {
                return Err(Error::invalid(
                    "options.search",
                    "no search unless options.model is \"autoETS\"",
                    format!("a search with model \"{name}\""),
                ))
            }
            Some(s) => EtsSearch::parse(s).map_err(js_names)?,
        };
        let model = match name {
            "auto" | "autoETS" => {
                // With a series at hand the season length is detected here (exactly as AutoEts
                // would) so that the caller learns it; in a batch each series detects its own.
                let m = match (given, y) {
                    (Some(m), _) => Some(m),
                    (None, Some(y)) => Some(detect_season_length(y, MAX_DETECTED_SEASON)),
                    (None, None) => None,
                };
                let auto = AutoEts {
                    season_length: m,
                    seed,
                    search,
                    ..AutoEts::default()
                };
                (Model::AutoEts(auto), m.unwrap_or(1))
            }
            "ets" => {
                let spec =
                    EtsSpec::parse(self.spec.as_deref().unwrap_or("ANN")).map_err(js_names)?;
                let m = if spec.season == crate::forecast::ets::SeasonType::None {
                    1
                } else {
                    let m = season();
                    if m < 2 {
                        let got = match given {
                            Some(m) => m.to_string(),
                            None if y.is_some() => "none given and none detected".to_string(),
                            None => "undefined".to_string(),
                        };
                        return Err(Error::invalid(
                            "options.seasonLength",
                            format!("a season length >= 2 for the seasonal form {}", spec.name()),
                            got,
                        ));
                    }
                    m
                };
                (
                    Model::Ets(Ets {
                        spec,
                        season_length: m,
                        seed,
                    }),
                    m,
                )
            }
            "theta" | "autoTheta" => {
                let variant = if name == "theta" {
                    ThetaVariant::Standard
                } else {
                    ThetaVariant::Auto
                };
                let m = season();
                (
                    Model::Theta(Theta {
                        variant,
                        season_length: m,
                        seed,
                    }),
                    m,
                )
            }
            "croston" | "sba" | "tsb" => {
                let method = match name {
                    "croston" => IntermittentMethod::Croston,
                    "sba" => IntermittentMethod::Sba,
                    _ => IntermittentMethod::Tsb,
                };
                (Model::Intermittent(Intermittent::new(method)), 1)
            }
            "naive" => (Model::Baseline(Baseline::Naive), 1),
            "drift" => (Model::Baseline(Baseline::Drift), 1),
            "seasonalNaive" => {
                let m = match (given, y) {
                    (Some(m), _) => m,
                    (None, Some(_)) => season(),
                    (None, None) => {
                        return Err(Error::invalid(
                            "options.seasonLength",
                            "a whole number >= 1 for \"seasonalNaive\" in a batch",
                            "undefined",
                        ))
                    }
                };
                (
                    Model::Baseline(Baseline::SeasonalNaive { season_length: m }),
                    m,
                )
            }
            "windowAverage" => {
                let w = self.window.ok_or_else(|| {
                    Error::invalid(
                        "options.window",
                        "a whole number >= 1 for \"windowAverage\"",
                        "undefined",
                    )
                })?;
                let window = args::whole("options.window", w, 1)?;
                (Model::Baseline(Baseline::WindowAverage { window }), 1)
            }
            other => {
                return Err(Error::invalid(
                    "options.model",
                    MODELS,
                    format!("\"{other}\""),
                ))
            }
        };
        if self.window.is_some() && name != "windowAverage" {
            return Err(Error::invalid(
                "options.window",
                "no window unless options.model is \"windowAverage\"",
                format!("a window with model \"{name}\""),
            ));
        }
        Ok(model)
    }
}

/// Forecasts one series `horizon` steps ahead with prediction intervals. The default model is
/// AutoETS (every admissible ETS form, smallest AICc); the season length is detected when
/// omitted. Throws an `Error` naming the argument on bad input. (TypeScript declaration in
/// `TS_FORECAST`, where `options` can be marked optional.)
#[wasm_bindgen(skip_typescript)]
pub fn forecast(
    #[wasm_bindgen(unchecked_param_type = "Float64Array | number[]")] values: &JsValue,
    horizon: f64,
    #[wasm_bindgen(unchecked_param_type = "ForecastOptions")] options: Option<JsValue>,
) -> Result<JsValue, JsError> {
    let options = options.unwrap_or(JsValue::UNDEFINED);
    let y = args::f64_vec("values", values)?;
    let horizon = args::whole("horizon", horizon, 1)?;
    let opts: Options = args::options("options", &options, FORECAST_KEYS)?;
    check_series(&y)?;
    crate::forecast::check_request(horizon, &opts.levels())?;
    let (model, m) = opts.model(Some(&y))?;
    let fitted = model.fit(&y)?;
    let fc = fitted.predict(horizon, &opts.levels())?;
    Ok(output(&fitted.name(), &fc, fitted.aicc(), m))
}

fn rename_arg(e: Error, from: &str, to: &str) -> Error {
    match e {
        Error::InvalidArgument { arg, expected, got } if arg == from => Error::InvalidArgument {
            arg: to.to_string(),
            expected,
            got,
        },
        other => other,
    }
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
    horizon: f64,
    #[wasm_bindgen(unchecked_param_type = "ForecastOptions")] options: Option<JsValue>,
    #[wasm_bindgen(unchecked_param_type = "(done: number, total: number) => void")]
    #[allow(non_snake_case)]
    onProgress: Option<JsValue>,
) -> Result<JsValue, JsError> {
    let options = options.unwrap_or(JsValue::UNDEFINED);
    let on_progress = onProgress.unwrap_or(JsValue::UNDEFINED);
    let y = args::f64_vec("values", values)?;
    let offsets = args::u32_vec("offsets", offsets)?;
    let horizon = args::whole("horizon", horizon, 1)?;
    let opts: Options = args::options("options", &options, FORECAST_KEYS)?;
    let callback: Option<Function> =
        if on_progress.is_undefined() || on_progress.is_null() {
            None
        } else {
            Some(on_progress.dyn_into().map_err(|v| {
                Error::invalid("onProgress", "a function or undefined", describe(&v))
            })?)
        };
    let (model, _) = opts.model(None)?;
    let model = match model {
        Model::AutoEts(a) => BatchModel::AutoEts {
            season_length: a.season_length,
            search: a.search,
        },
        Model::Ets(e) => BatchModel::Ets {
            spec: e.spec,
            season_length: e.season_length,
        },
        Model::Theta(t) => BatchModel::Theta {
            variant: t.variant,
            season_length: t.season_length,
        },
        Model::Intermittent(i) => BatchModel::Intermittent(i),
        Model::Baseline(b) => BatchModel::Baseline(b),
    };
    let request = BatchRequest {
        model,
        horizon,
        levels: opts.levels(),
        seed: opts.seed()?,
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
        let msg = e
            .dyn_ref::<js_sys::Error>()
            .map(|e| String::from(e.message()))
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

/// Detects the season length of a series (ACF peaks of the detrended series, significant at
/// 95%), up to `maxPeriod` (default 24, at most a third of the series); 1 when none is found.
#[wasm_bindgen(js_name = detectSeasonality)]
pub fn detect_seasonality(
    #[wasm_bindgen(unchecked_param_type = "Float64Array | number[]")] values: &JsValue,
    #[wasm_bindgen(js_name = maxPeriod)] max_period: Option<f64>,
) -> Result<f64, JsError> {
    let y = args::f64_vec("values", values)?;
    check_series(&y)?;
    let max = match max_period {
        None => MAX_DETECTED_SEASON,
        Some(p) => args::whole("maxPeriod", p, 2)?,
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
    #[wasm_bindgen(js_name = seasonLength)] season_length: f64,
    #[wasm_bindgen(unchecked_param_type = "AccuracyInterval")] interval: Option<JsValue>,
) -> Result<JsValue, JsError> {
    let interval = interval.unwrap_or(JsValue::UNDEFINED);
    let a = args::f64_vec("actual", actual)?;
    let p = args::f64_vec("predicted", predicted)?;
    let train = args::f64_vec("insample", insample)?;
    let m = args::whole("seasonLength", season_length, 1)?;
    let pair = |e: Error| rename_arg(e, "forecast", "predicted");
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
    let insample_names = [
        ("train.values", "insample"),
        ("train", "insample"),
        ("values", "insample"),
        ("season_length", "seasonLength"),
    ];
    let mae_v = mae(&a, &p).map_err(pair)?;
    let rmse_v = rmse(&a, &p).map_err(pair)?;
    let smape_v = smape(&a, &p).map_err(pair)?;
    let mase_v = mase(&train, &a, &p, m).map_err(|e| renamed(e, &insample_names))?;
    let cov = if interval.is_undefined() || interval.is_null() {
        f64::NAN
    } else {
        if !interval.is_object() {
            return Err(Error::invalid(
                "interval",
                "an object {lower, upper} or undefined",
                describe(&interval),
            )
            .into());
        }
        let get =
            |k: &str| Reflect::get(&interval, &JsValue::from_str(k)).unwrap_or(JsValue::UNDEFINED);
        let lo = args::f64_vec("interval.lower", &get("lower"))?;
        let hi = args::f64_vec("interval.upper", &get("upper"))?;
        let names = [
            ("lower:forecast", "interval.lower"),
            ("upper:forecast", "interval.upper"),
            ("lower:actual", "actual"),
            ("upper:actual", "actual"),
        ];
        coverage(&a, &lo, &hi).map_err(|e| renamed(e, &names))?
    };
    let out = object(&[
        ("mae", JsValue::from_f64(mae_v)),
        ("rmse", JsValue::from_f64(rmse_v)),
        ("smape", JsValue::from_f64(smape_v)),
        ("mase", JsValue::from_f64(mase_v)),
        ("coverage", JsValue::from_f64(cov)),
    ]);
    Ok(out)
}

/// Rolling-origin backtest: `windows` origins `step` apart, the last window ending at the end of
/// the series, each refitting the model on the data before it and forecasting `horizon` steps.
/// Returns per-window forecasts and metrics (MASE with the season length used) and their means.
#[wasm_bindgen(js_name = crossValidation, unchecked_return_type = "CrossValidationOutput")]
pub fn cross_validation_js(
    #[wasm_bindgen(unchecked_param_type = "Float64Array | number[]")] values: &JsValue,
    #[wasm_bindgen(unchecked_param_type = "CrossValidationOptions")] options: JsValue,
) -> Result<JsValue, JsError> {
    let y = args::f64_vec("values", values)?;
    if options.is_undefined() || options.is_null() {
        return Err(Error::invalid(
            "options",
            "an options object with a horizon",
            describe(&options),
        )
        .into());
    }
    let opts: Options = args::options("options", &options, CV_KEYS)?;
    let horizon = match opts.horizon {
        Some(h) => args::whole("options.horizon", h, 1)?,
        None => {
            return Err(
                Error::invalid("options.horizon", "a whole number >= 1", "undefined").into(),
            )
        }
    };
    let windows = args::whole("options.windows", opts.windows.unwrap_or(3.0), 1)?;
    let step = args::whole("options.step", opts.step.unwrap_or(horizon as f64), 1)?;
    check_series(&y)?;
    let (model, m) = opts.model(Some(&y))?;
    let cv = CrossValidation {
        n_windows: windows,
        step,
        horizon,
        levels: opts.levels(),
        season_length: m,
    };
    let cv_names = |e: Error| match js_names(e) {
        Error::InvalidArgument { arg, expected, got } => {
            let arg = match arg.as_str() {
                "n_windows" => "options.windows".into(),
                "step" => "options.step".into(),
                "horizon" => "options.horizon".into(),
                _ => arg,
            };
            Error::InvalidArgument { arg, expected, got }
        }
        other => other,
    };
    let runs = cross_validation(&model, &y, &cv).map_err(cv_names)?;
    let name = model
        .fit(&y[..runs[0].cutoff])
        .map(|f| f.name())
        .unwrap_or_default();
    let flat = |f: &dyn Fn(&crate::forecast::CvWindow) -> Vec<f64>| -> Float64Array {
        Float64Array::from(runs.iter().flat_map(f).collect::<Vec<_>>().as_slice())
    };
    let mean = |f: fn(&crate::forecast::CvWindow) -> f64| {
        runs.iter().map(f).sum::<f64>() / runs.len() as f64
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
                ("mase", JsValue::from_f64(mean(|r| r.mase))),
            ]),
        ),
    ]))
}
