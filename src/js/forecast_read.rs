//! Reading the options of `forecast`, `forecastBatch` and `crossValidation`: the keys each
//! accepts, range checks before anything is allocated, events, ARIMA orders and regressors, and
//! the renaming of core argument names to the JS ones.

use super::super::args::{self, describe};
use crate::error::{Error, Result};
use crate::forecast::events::{event_regressors, parse_date, Event};
use crate::forecast::seasonality::Frequency;
use crate::forecast::{
    BatchModel, IntervalMethod, ModelOptions, SeededModel, WithRegressors, Xreg,
};
use crate::limits;
use js_sys::{Array, Object};
use wasm_bindgen::JsValue;

/// Option keys of every model: those of `forecastBatch`.
pub(super) const BATCH_KEYS: &[&str] = &MODEL_KEYS;
pub(super) const MODEL_KEYS: [&str; 20] = [
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
pub(super) const FORECAST_KEYS: &[&str] = &join::<20, 2, 22>(MODEL_KEYS, ["xreg", "futureXreg"]);
/// Option keys of `crossValidation`: the model's and the backtest's.
pub(super) const CV_KEYS: &[&str] = &join::<20, 3, 23>(MODEL_KEYS, ["windows", "step", "horizon"]);

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
pub(super) const EVENT_KEYS: &[&str] = &["name", "date", "before", "after"];
/// Longest model, spec or search name read from the options (longer ones cannot be valid).
pub(super) const MAX_NAME: usize = 64;

/// The options of `forecast`, `forecastBatch` and `crossValidation`, read and range-checked.
pub(super) struct Options {
    pub(super) model: Option<String>,
    pub(super) spec: Option<String>,
    pub(super) search: Option<String>,
    pub(super) season_length: Option<usize>,
    pub(super) window: Option<usize>,
    pub(super) levels: Vec<f64>,
    pub(super) seed: u64,
    /// `None`: on when the history is non-negative.
    pub(super) non_negative: Option<bool>,
    pub(super) season_lengths: Option<Vec<f64>>,
    pub(super) frequency: Option<Frequency>,
    pub(super) timestamps: Option<Vec<f64>>,
    pub(super) events: Option<Vec<Event>>,
    pub(super) members: Option<Vec<String>>,
    pub(super) combine: Option<String>,
    pub(super) intervals: Option<String>,
    pub(super) conformal_windows: Option<usize>,
    pub(super) order: Option<[usize; 3]>,
    pub(super) seasonal_order: Option<[usize; 3]>,
    pub(super) include_mean: Option<bool>,
    pub(super) include_drift: Option<bool>,
    pub(super) xreg: Option<Xreg>,
    pub(super) future_xreg: Option<Xreg>,
    pub(super) obj: Option<Object>,
}

/// An array argument of at most `max` elements, bounded before any element is read.
pub(super) fn short_array(arg: &str, v: &JsValue, max: usize, what: &str) -> Result<()> {
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
pub(super) fn event(arg: &str, v: &JsValue) -> Result<Event> {
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
pub(super) fn order(arg: &str, v: &JsValue, max_pq: usize) -> Result<[usize; 3]> {
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
pub(super) fn xreg(arg: &str, v: &JsValue) -> Result<Xreg> {
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
pub(super) fn name(arg: &str, v: &JsValue) -> Result<String> {
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
    pub(super) fn read(v: &JsValue, keys: &[&str]) -> Result<Options> {
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
    pub(super) fn non_negative(&self, y: &[f64]) -> bool {
        self.non_negative
            .unwrap_or_else(|| y.iter().all(|&v| v >= 0.0))
    }

    /// The frequency given, or that of the timestamps (checked against the series length `n`).
    pub(super) fn frequency(&self, n: Option<usize>) -> Result<Option<Frequency>> {
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
    pub(super) fn with_events(
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
    pub(super) fn model(&self, y: Option<&[f64]>, all: &[f64]) -> Result<(SeededModel, usize)> {
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
pub(super) fn js_names(e: Error) -> Error {
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
