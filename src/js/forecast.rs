//! JS bindings for forecasting: one series, a flat batch, seasonality detection, accuracy
//! metrics and rolling-origin cross-validation.

use super::args::{self, describe, object};
use crate::error::{Error, Result};
use crate::forecast::batch::MAX_DETECTED_SEASON;
use crate::forecast::check_series;
use crate::forecast::events::{event_regressors, parse_date, Event};
use crate::forecast::metrics::{coverage, mae, mase, rmse, smape};
use crate::forecast::seasonality::detect_season_length;
use crate::forecast::seasonality::Frequency;
use crate::forecast::{
    cross_validation, forecast_batch, BatchModel, BatchRequest, CrossValidation, Fit, Forecast,
    IntervalMethod, ModelOptions, Predict, SeededModel, WithRegressors, Xreg,
};
use crate::limits;
use js_sys::{Array, Float64Array, Function, Object, Uint32Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;

/// The TypeScript declarations of this module's exports and option types.
#[wasm_bindgen(typescript_custom_section)]
const TS_FORECAST: &str = include_str!("forecast.d.ts");
/// Option keys of every model: those of `forecastBatch`.
const BATCH_KEYS: &[&str] = &MODEL_KEYS;
const MODEL_KEYS: [&str; 20] = [
    "model",
    "seasonLength",
    "spec",
    "search",
    "window",
    "order",
    "seasonalOrder",
    "includeMean",
    "includeDrift",
    "levels",
    "seed",
    "nonNegative",
    "seasonLengths",
    "frequency",
    "timestamps",
    "events",
    "members",
    "combine",
    "intervals",
    "conformalWindows",
];
/// Option keys of `forecast`: the model's and the ARIMA regressors.
const FORECAST_KEYS: &[&str] = &join::<20, 2, 22>(MODEL_KEYS, ["xreg", "futureXreg"]);
/// Option keys of `crossValidation`: the model's and the backtest's.
const CV_KEYS: &[&str] = &join::<20, 3, 23>(MODEL_KEYS, ["windows", "step", "horizon"]);

/// `a` then `b` (`C = A + B`), for key lists built at compile time.
const fn join<const A: usize, const B: usize, const C: usize>(
    a: [&'static str; A],
    b: [&'static str; B],
) -> [&'static str; C] {
    assert!(A + B == C, "join: C must be A + B");
    let mut out = [""; C];
    let mut i = 0;
    while i < C {
        out[i] = if i < A { a[i] } else { b[i - A] };
        i += 1;
    }
    out
}
/// Keys of one event of `options.events`.
const EVENT_KEYS: &[&str] = &["name", "date", "before", "after"];
/// Longest model, spec or search name read from the options (longer ones cannot be valid).
const MAX_NAME: usize = 64;

/// The options of `forecast`, `forecastBatch` and `crossValidation`, read and range-checked.
struct Options {
    model: Option<String>,
    spec: Option<String>,
    search: Option<String>,
    season_length: Option<usize>,
    window: Option<usize>,
    levels: Vec<f64>,
    seed: u64,
    /// `None`: on when the history is non-negative.
    non_negative: Option<bool>,
    season_lengths: Option<Vec<f64>>,
    frequency: Option<Frequency>,
    timestamps: Option<Vec<f64>>,
    events: Option<Vec<Event>>,
    members: Option<Vec<String>>,
    combine: Option<String>,
    intervals: Option<String>,
    conformal_windows: Option<usize>,
    order: Option<[usize; 3]>,
    seasonal_order: Option<[usize; 3]>,
    include_mean: Option<bool>,
    include_drift: Option<bool>,
    xreg: Option<Xreg>,
    future_xreg: Option<Xreg>,
    obj: Option<Object>,
}

/// An array argument of at most `max` elements, bounded before any element is read.
fn short_array(arg: &str, v: &JsValue, max: usize, what: &str) -> Result<()> {
    let n = args::get(v, "length").as_f64().unwrap_or(f64::NAN);
    if !(Array::is_array(v) || v.is_object()) || !(n.is_finite() && n <= max as f64) {
        let got = if n.is_finite() {
            format!("{n} {what}")
        } else {
            describe(v)
        };
        return Err(Error::invalid(
            arg,
            format!("an array of at most {max} {what}"),
            got,
        ));
    }
    Ok(())
}

/// One event `{name, date, before?, after?}`; `date` is milliseconds since 1970 or "YYYY-MM-DD".
fn event(arg: &str, v: &JsValue) -> Result<Event> {
    let obj = args::record(arg, v, EVENT_KEYS)?;
    let name = name(&format!("{arg}.name"), &args::get(obj, "name"))?;
    let date = args::get(obj, "date");
    let date_arg = format!("{arg}.date");
    let date_ms = match date.as_string() {
        Some(s) => parse_date(&date_arg, &s)?,
        None => args::number(&date_arg, &date)?,
    };
    let window = |key: &str| -> Result<usize> {
        let v = args::get(obj, key);
        if v.is_undefined() {
            return Ok(0);
        }
        args::count_js(&format!("{arg}.{key}"), &v, 0, limits::MAX_EVENT_WINDOW)
    };
    Ok(Event {
        name,
        date_ms,
        before: window("before")?,
        after: window("after")?,
    })
}

/// An ARIMA order `[p, d, q]` / `[P, D, Q]`: three whole numbers, the AR/MA orders at most
/// `max_pq`, the differences at most `MAX_ARIMA_DIFF`.
fn order(arg: &str, v: &JsValue, max_pq: usize) -> Result<[usize; 3]> {
    let n = args::get(v, "length").as_f64();
    if !Array::is_array(v) || n != Some(3.0) {
        return Err(Error::invalid(
            arg,
            "an array of 3 whole numbers",
            describe(v),
        ));
    }
    let mut out = [0usize; 3];
    for (i, slot) in out.iter_mut().enumerate() {
        let max = if i == 1 {
            limits::MAX_ARIMA_DIFF
        } else {
            max_pq
        };
        *slot = args::count_js(
            &format!("{arg}[{i}]"),
            &Array::from(v).get(i as u32),
            0,
            max,
        )?;
    }
    Ok(out)
}

/// A regressor matrix given as an array of rows (one per time step), each an array of the
/// same number of finite values (at most `MAX_ARIMA_XREG`).
fn xreg(arg: &str, v: &JsValue) -> Result<Xreg> {
    let n = args::get(v, "length").as_f64().unwrap_or(f64::NAN);
    if !(Array::is_array(v) && n >= 1.0 && n <= limits::MAX_ELEMENTS as f64) {
        return Err(Error::invalid(
            arg,
            format!(
                "an array of 1 to {} rows (one per time step), each an array of regressor values",
                limits::MAX_ELEMENTS
            ),
            describe(v),
        ));
    }
    let rows = Array::from(v);
    let mut data = Vec::new();
    let mut cols = 0;
    for t in 0..rows.length() {
        let name = format!("{arg}[{t}]");
        let row = rows.get(t);
        let len = args::get(&row, "length").as_f64().unwrap_or(f64::NAN);
        if !(len >= 1.0 && len <= limits::MAX_ARIMA_XREG as f64) {
            return Err(Error::invalid(
                &name,
                format!(
                    "an array of 1 to {} regressor values",
                    limits::MAX_ARIMA_XREG
                ),
                describe(&row),
            ));
        }
        let r = args::f64_vec(&name, &row)?;
        if t == 0 {
            cols = r.len();
        } else if r.len() != cols {
            return Err(Error::invalid(
                &name,
                format!("{cols} values, as {arg}[0]"),
                format!("{} values", r.len()),
            ));
        }
        if data.len() + r.len() > limits::MAX_ELEMENTS {
            return Err(Error::invalid(
                arg,
                format!("at most {} values in all", limits::MAX_ELEMENTS),
                "more",
            ));
        }
        data.extend(r);
    }
    Xreg::new(arg, rows.length() as usize, cols, data)
}

/// A short string (a model, spec or search name).
fn name(arg: &str, v: &JsValue) -> Result<String> {
    let s = args::string(arg, v)?;
    if s.chars().count() > MAX_NAME {
        return Err(Error::invalid(
            arg,
            format!("a name of at most {MAX_NAME} characters"),
            format!("a string of {} characters", s.chars().count()),
        ));
    }
    Ok(s)
}

impl Options {
    fn read(v: &JsValue, keys: &[&str]) -> Result<Options> {
        let obj = args::plain_object("options", v, keys)?;
        let levels = args::field(&obj, "levels", |arg, v| {
            // Bounded before any element is read.
            let n = args::get(v, "length").as_f64().unwrap_or(f64::NAN);
            let short = n.is_finite() && n <= limits::MAX_LEVELS as f64;
            if !(args::is_array(v) || v.is_object()) || !short {
                let got = if n.is_finite() {
                    format!("{n} levels")
                } else {
                    describe(v)
                };
                return Err(Error::invalid(
                    arg,
                    format!("an array of at most {} levels", limits::MAX_LEVELS),
                    got,
                ));
            }
            args::f64_vec(arg, v)
        })?
        .unwrap_or_default();
        let seed = match args::field(&obj, "seed", |arg, v| {
            args::safe_u64(arg, args::number(arg, v)?)
        })? {
            Some(s) => s,
            None => crate::rng::default_seed(),
        };
        Ok(Options {
            model: args::field(&obj, "model", name)?,
            spec: args::field(&obj, "spec", name)?,
            search: args::field(&obj, "search", name)?,
            season_length: args::field(&obj, "seasonLength", |a, v| {
                args::count_js(a, v, 1, limits::MAX_SEASON_LENGTH)
            })?,
            window: args::field(&obj, "window", |a, v| {
                args::count_js(a, v, 1, limits::MAX_ELEMENTS)
            })?,
            levels,
            seed,
            non_negative: args::field(&obj, "nonNegative", args::boolean)?,
            season_lengths: args::field(&obj, "seasonLengths", |a, v| {
                short_array(a, v, limits::MAX_SEASONALITIES, "season lengths")?;
                args::f64_vec(a, v)
            })?,
            frequency: args::field(&obj, "frequency", |a, v| {
                Frequency::parse(&name(a, v)?).map_err(|e| e.renamed(&[("frequency", a)]))
            })?,
            timestamps: args::field(&obj, "timestamps", args::f64_vec)?,
            // An empty list is no events.
            events: args::field(&obj, "events", |a, v| {
                if !Array::is_array(v) {
                    return Err(Error::invalid(a, "an array of events", describe(v)));
                }
                short_array(a, v, limits::MAX_EVENTS, "events")?;
                args::each(a, v, |i, e| event(&format!("{a}[{i}]"), &e))
            })?
            .filter(|e| !e.is_empty()),
            members: args::field(&obj, "members", |a, v| {
                // Bounded before any element is read; each name as short as a model name.
                let n = args::get(v, "length").as_f64().unwrap_or(f64::NAN);
                let max = crate::forecast::ensemble::MEMBER_NAMES.len();
                if !(Array::is_array(v) && n.is_finite() && n <= max as f64) {
                    return Err(Error::invalid(
                        a,
                        format!("an array of at most {max} model names"),
                        describe(v),
                    ));
                }
                (0..n as u32)
                    .map(|i| name(&format!("{a}[{i}]"), &Array::from(v).get(i)))
                    .collect()
            })?,
            combine: args::field(&obj, "combine", name)?,
            intervals: args::field(&obj, "intervals", name)?,
            conformal_windows: args::field(&obj, "conformalWindows", |a, v| {
                args::count_js(a, v, 1, limits::MAX_CONFORMAL_WINDOWS)
            })?,
            order: args::field(&obj, "order", |a, v| order(a, v, limits::MAX_ARIMA_ORDER))?,
            seasonal_order: args::field(&obj, "seasonalOrder", |a, v| {
                order(a, v, limits::MAX_ARIMA_SEASONAL_ORDER)
            })?,
            include_mean: args::field(&obj, "includeMean", args::boolean)?,
            include_drift: args::field(&obj, "includeDrift", args::boolean)?,
            xreg: args::field(&obj, "xreg", xreg)?,
            future_xreg: args::field(&obj, "futureXreg", xreg)?,
            obj,
        })
    }

    /// `nonNegative`, by default on when `y` (the history, or a whole batch) is non-negative.
    fn non_negative(&self, y: &[f64]) -> bool {
        self.non_negative
            .unwrap_or_else(|| y.iter().all(|&v| v >= 0.0))
    }

    /// The frequency given, or that of the timestamps (checked against the series length `n`).
    fn frequency(&self, n: Option<usize>) -> Result<Option<Frequency>> {
        if let (Some(ts), Some(n)) = (&self.timestamps, n) {
            if ts.len() != n {
                return Err(Error::invalid(
                    "options.timestamps",
                    format!("one timestamp per value ({n})"),
                    format!("{} timestamps", ts.len()),
                ));
            }
        }
        Ok(match (&self.frequency, &self.timestamps) {
            (Some(f), _) => Some(*f),
            (None, Some(ts)) => Some(
                Frequency::from_timestamps(ts)
                    .map_err(|e| e.renamed(&[("timestamps", "options.timestamps")]))?,
            ),
            (None, None) => None,
        })
    }

    /// The model with event regressors when `events` are given: columns over the history and
    /// `horizon` steps (1 for a cross-validation, whose windows lie within the history). `m` is
    /// the model's season length.
    fn with_events(
        &self,
        model: &SeededModel,
        m: usize,
        horizon: usize,
    ) -> Result<Option<WithRegressors>> {
        let Some(events) = &self.events else {
            return Ok(None);
        };
        let Some(ts) = &self.timestamps else {
            // Two fields that go together: the message names their object.
            return Err(Error::invalid(
                "options",
                "options.events together with options.timestamps (the series' dates, \
                 milliseconds since 1970), which place them",
                "events without timestamps",
            ));
        };
        let x = event_regressors(ts, horizon, events).map_err(|e| {
            e.renamed(&[
                ("events", "options.events"),
                ("timestamps", "options.timestamps"),
            ])
        })?;
        let columns = x
            .history
            .into_iter()
            .zip(x.future)
            .map(|(h, f)| [h, f].concat())
            .collect();
        Ok(Some(WithRegressors::new(model.clone(), m, columns)))
    }

    /// `all` is the batch's values when `y` is `None` (for the `nonNegative` default).
    fn model(&self, y: Option<&[f64]>, all: &[f64]) -> Result<(SeededModel, usize)> {
        let o = ModelOptions {
            model: self.model.as_deref(),
            season_length: self.season_length,
            spec: self.spec.as_deref(),
            search: self.search.as_deref(),
            window: self.window,
            season_lengths: self.season_lengths.as_deref(),
            frequency: self.frequency(y.map(<[f64]>::len))?,
            members: self.members.as_deref(),
            combine: self.combine.as_deref(),
            order: self.order,
            seasonal_order: self.seasonal_order,
            include_mean: self.include_mean,
            include_drift: self.include_drift,
        };
        let (model, m) = BatchModel::from_options(&o, y).map_err(js_names)?;
        let intervals = IntervalMethod::parse(self.intervals.as_deref(), self.conformal_windows)
            .map_err(js_names)?;
        let seeded = SeededModel {
            model,
            seed: self.seed,
            non_negative: self.non_negative(y.unwrap_or(all)),
            intervals,
        };
        Ok((seeded, m))
    }
}

/// Renames core argument names to the names a JS caller used.
fn js_names(e: Error) -> Error {
    match e {
        Error::InvalidArgument { arg, expected, got } => {
            let arg = match arg.as_str() {
                "season_length" => "options.seasonLength".to_string(),
                "window" => "options.window".to_string(),
                "model" => "options.model".to_string(),
                "spec" => "options.spec".to_string(),
                "search" => "options.search".to_string(),
                "frequency" => "options.frequency".to_string(),
                _ if arg.starts_with("season_lengths") => {
                    arg.replacen("season_lengths", "options.seasonLengths", 1)
                }
                "combine" => "options.combine".to_string(),
                "intervals" => "options.intervals".to_string(),
                "conformal_windows" => "options.conformalWindows".to_string(),
                _ if arg.starts_with("members") => format!("options.{arg}"),
                "order" => "options.order".into(),
                "include_mean" => "options.includeMean".into(),
                "include_drift" => "options.includeDrift".into(),
                "xreg" => "options.xreg".into(),
                "future_xreg" => "options.futureXreg".into(),
                _ if arg.starts_with("seasonal_order") => {
                    arg.replace("seasonal_order", "options.seasonalOrder")
                }
                _ if arg.starts_with("order[") => format!("options.{arg}"),
                "n_windows" => "options.windows".into(),
                "step" => "options.step".into(),
                _ if arg.starts_with("levels") => format!("options.{arg}"),
                _ => arg,
            };
            let expected = expected
                .replace("unless model is", "unless options.model is")
                .replace(
                    "conformal_windows unless intervals",
                    "conformalWindows unless options.intervals",
                );
            Error::InvalidArgument { arg, expected, got }
        }
        other => other,
    }
}

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
