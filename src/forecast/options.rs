//! The options of `forecast`, `forecastBatch` and `crossValidation` as a page writes them: one
//! definition per option ([`crate::option_set!`]: JS name, TypeScript type, doc line), and
//! `check()`s that return the engine's validated settings with errors named by the JS names
//! (through the one renamer, [`crate::options::js_names`], driven by these tables).

use super::arima::Xreg;
use super::batch::{BatchModel, ModelOptions, SeededModel};
use super::ensemble::{IntervalMethod, MEMBER_NAMES};
use super::events::{event_regressors, parse_date, Event};
use super::seasonality::Frequency;
use super::xreg::WithRegressors;
use crate::error::{check, Error, Result};
use crate::limits;
use crate::num::Num;
use crate::options::{js_names, seed, whole, Field, OptionSet, Scalar};

/// Longest model, spec, search, frequency or member name (longer ones cannot be valid).
pub const MAX_NAME: usize = 64;

crate::option_set! {
    /// Model options shared by `forecast`, `forecastBatch` and `crossValidation`.
    pub struct ModelConfig as "ForecastModelOptions" {
        /// Which model; default "autoETS". "autoETSWeighted": every form AutoETS compares, combined by Akaike weights exp(-ΔAICc/2) instead of selected (Kolassa 2011). "optimizedTheta" / "dynamicOptimizedTheta": Theta with θ optimised, static or dynamic trend line (Fiorucci et al. 2016; "autoTheta" picks the best of four variants). "auto" is AutoETS, except for intermittent series (average interval between demands above 1.32), which get SBA, or TSB when demand has gone quiet. "mstl": MSTL decomposition with several seasons (`seasonLengths`), the seasonally adjusted series by non-seasonal AutoETS, each season by seasonal naive (as statsforecast's MSTL).
        model: text = "model", "ForecastModel";
        /// Steps per seasonal cycle (12 for monthly data), in [1, 8784]; when omitted, the calendar's (from `frequency` or `timestamps`), else detected from the data (an F-test; two cycles suffice).
        season_length: number = "seasonLength", "number";
        /// ETS form for model "ets", e.g. "ANN", "AAdA", "MAdM" (default "ANN").
        spec: text = "spec", "string";
        /// AutoETS search: "fast" (default; edgewise's two-round search) or "statsforecast" (every form fitted as statsforecast's AutoETS does: the same model, AICc and point forecasts as statsforecast, several times slower on seasonal data). AutoARIMA search: "fast" (default; candidates compared by conditional sum of squares, the best refitted by exact likelihood) or "statsforecast" (every candidate fitted by exact likelihood as statsforecast does).
        search: text = "search", "\"fast\" | \"statsforecast\"";
        /// How many trailing values "windowAverage" averages, in [1, 2^27].
        window: number = "window", "number";
        /// ARIMA orders [p, d, q] of model "arima" (default [0, 0, 0]; p, q <= 20, d <= 2).
        order: short(3, "whole numbers") = "order", "[number, number, number]";
        /// Seasonal orders [P, D, Q] of model "arima" (default [0, 0, 0]; P, Q <= 4, D <= 2).
        seasonal_order: short(3, "whole numbers") = "seasonalOrder", "[number, number, number]";
        /// Model "arima": estimate a mean when not differenced (default true).
        include_mean: flag = "includeMean", "boolean";
        /// Model "arima": estimate a linear drift (default false; needs d + D <= 1).
        include_drift: flag = "includeDrift", "boolean";
        /// Prediction interval levels (at most 100), each in (0, 1), e.g. [0.8, 0.95].
        levels: short(limits::MAX_LEVELS, "levels") = "levels", "number[]";
        /// Seed of simulated intervals, a whole number below 2^53 (same seed, same result); random when omitted.
        seed: number = "seed", "number";
        /// Clamp point forecasts and interval bounds at 0, for demand and sales, which cannot be negative. Default: on when the history (in `forecastBatch`, every value) is non-negative. Coverage of non-negative outcomes is unchanged; bounds stay ordered (lower <= point <= upper).
        non_negative: flag = "nonNegative", "boolean";
        /// Season lengths of "mstl" (at most 4, each in [2, 8784], e.g. [24, 168] for hourly data; 365.25 is rounded). Default: the calendar's (daily 7 and 365.25, hourly 24 and 168, half-hourly 48 and 336, weekly 52, monthly 12, quarterly 4), else `seasonLength`, else detected. Seasons with fewer than two cycles in the series are left out. The models with one season take the shortest (unless `seasonLength` is given).
        season_lengths: short(limits::MAX_SEASONALITIES, "season lengths") = "seasonLengths", "number[]";
        /// Sampling frequency, for calendar season candidates when no season length is given.
        frequency: text = "frequency", "ForecastFrequency";
        /// One timestamp per value (milliseconds since 1970, ascending): the frequency is read from them, and `events` are placed by them. In `forecastBatch`, one per value of `values`, split at the same `offsets` (each series' slice ascending): every series gets its own calendar season and event placement.
        timestamps: numbers = "timestamps", "Float64Array | number[]";
        /// Holidays and promotions (with `timestamps`; at most 10,000): each event name and window day seen in the history becomes a regressor, its effect estimated against the series' seasons, removed before the model is fitted and added back over the horizon. Any model; "mstl" is the natural one for daily data. In `forecastBatch` the same events apply to every series, placed by its own timestamps.
        events: list(EventConfig, limits::MAX_EVENTS, "events") = "events", "ForecastEvent[]";
        /// Members of model "ensemble", by model name (default ["autoETSWeighted", "optimizedTheta"]); any of "autoETS", "theta", "autoTheta", "naive", "seasonalNaive", "drift", "autoARIMA", "autoETSWeighted", "optimizedTheta", "dynamicOptimizedTheta". A member that cannot fit a series (too short) is left out of that series' combination.
        members: texts(MEMBER_NAMES.len(), "model names") = "members", "string[]";
        /// How model "ensemble" combines its members at each step: "mean" (default) or "median"; or "best": per series, the member with the lowest mean absolute error over a rolling-origin backtest (2 windows of the requested horizon) forecasts alone (`model` says which).
        combine: text = "combine", "\"mean\" | \"median\" | \"best\"";
        /// Where intervals come from: "model" (default; for "ensemble" the members' bounds combined like the points) or "conformal" (calibrated on the model's own rolling-origin backtest: `conformalWindows` refits on the series less its last 1, 2, … horizons; the scores |error| / model scale are pooled over steps and windows).
        intervals: text = "intervals", "\"model\" | \"conformal\"";
        /// Backtest windows of `intervals: "conformal"` (default 3, at most 100).
        conformal_windows: number = "conformalWindows", "number";
    }
}

crate::option_set! {
    /// A dated event (holiday, promotion) for `options.events`.
    pub struct EventConfig as "ForecastEvent" {
        /// Name; events with the same name (Christmas of several years) share one effect.
        name: text = "name", "string", required;
        /// The day: milliseconds since 1970 (`Date.getTime()`) or "YYYY-MM-DD".
        date: scalar = "date", "number | `${number}-${number}-${number}`", required;
        /// Days before the date with their own effect (default 0, at most 366).
        before: number = "before", "number";
        /// Days after the date with their own effect (default 0, at most 366).
        after: number = "after", "number";
    }
}

crate::option_set! {
    /// Options of `forecast`: the model's, and regressors for "arima" / "autoARIMA".
    pub struct ForecastConfig as "ForecastOptions" extends "ForecastModelOptions" {
        /// Models "arima" and "autoARIMA": external regressors (holidays, promotions, prices), one row per value of the series, each row the same number (<= 64) of values; regression with ARIMA errors. Needs `futureXreg`.
        xreg: rows = "xreg", "number[][]";
        /// The regressors of the horizon: one row per step ahead, the columns of `xreg`.
        future_xreg: rows = "futureXreg", "number[][]";
    }
}

crate::option_set! {
    /// Options of `forecastBatch`: the model's, and per-series regressors for "arima" / "autoARIMA".
    pub struct BatchConfig as "ForecastBatchOptions" extends "ForecastModelOptions" {
        /// Models "arima" and "autoARIMA": one regressor matrix per series, `xreg[i]` with one row per value of series i (each row the same number, <= 64, of values). Needs `futureXreg`.
        xreg: tables = "xreg", "number[][][]";
        /// The regressors of the horizon per series: `futureXreg[i]` with one row per step ahead, the columns of `xreg[i]`.
        future_xreg: tables = "futureXreg", "number[][][]";
    }
}

crate::option_set! {
    /// Options of `crossValidation`: the model options plus the backtest design.
    pub struct CvConfig as "CrossValidationOptions" extends "ForecastModelOptions" {
        /// Number of forecast origins, in [1, 1000] (default 3).
        n_windows: number = "windows", "number";
        /// Steps between origins (default: the horizon).
        step: number = "step", "number";
        /// Steps forecast from each origin, in [1, 10000] (required).
        horizon: number = "horizon", "number", required;
        /// Models "arima" and "autoARIMA": the regressors of the whole series, one row per value; each window is fitted on the rows before its origin and forecast with the rows after it.
        xreg: rows = "xreg", "number[][]";
    }
}

/// The TypeScript names the option interfaces refer to.
pub const TS_TYPES: &str = r#"
/** Forecasting models of `forecast`, `forecastBatch` and `crossValidation`. */
export type ForecastModel =
  | "auto" | "autoETS" | "autoETSWeighted" | "ets" | "theta" | "optimizedTheta"
  | "dynamicOptimizedTheta" | "autoTheta" | "croston" | "sba" | "tsb" | "adida" | "naive"
  | "seasonalNaive" | "drift" | "windowAverage" | "mstl" | "ensemble" | "arima" | "autoARIMA";
/** Sampling frequency of a series: the source of calendar season candidates. */
export type ForecastFrequency =
  | "halfHourly" | "hourly" | "daily" | "weekly" | "monthly" | "quarterly" | "yearly";
"#;

/// Renames an engine error to the JS names of the model options and of `extra`'s (the
/// options a call reads besides the model's).
pub fn renamed(e: Error, extra: &[Field]) -> Error {
    js_names(e, &[ModelConfig::FIELDS, extra])
}

/// The checked model options: everything but the series, which the model still needs (season
/// detection, the `nonNegative` default).
#[derive(Debug, Clone, PartialEq)]
pub struct ModelSettings {
    model: Option<String>,
    spec: Option<String>,
    search: Option<String>,
    season_length: Option<usize>,
    window: Option<usize>,
    order: Option<[usize; 3]>,
    seasonal_order: Option<[usize; 3]>,
    include_mean: Option<bool>,
    include_drift: Option<bool>,
    season_lengths: Option<Vec<f64>>,
    frequency: Option<Frequency>,
    members: Option<Vec<String>>,
    combine: Option<String>,
    /// Interval levels, each in (0, 1).
    pub levels: Vec<f64>,
    /// Seed of simulated intervals.
    pub seed: u64,
    /// `None`: on when the history is non-negative.
    pub non_negative: Option<bool>,
    /// One timestamp per value, when given.
    pub timestamps: Option<Vec<f64>>,
    /// The events, when any are given.
    pub events: Option<Vec<Event>>,
    /// Where the intervals come from.
    pub intervals: IntervalMethod,
}

/// A name of at most [`MAX_NAME`] characters.
fn name(arg: &str, s: &Option<String>) -> Result<Option<String>> {
    match s {
        Some(s) if s.chars().count() > MAX_NAME => Err(Error::invalid(
            arg,
            format!("a name of at most {MAX_NAME} characters"),
            format!("a string of {} characters", s.chars().count()),
        )),
        other => Ok(other.clone()),
    }
}

/// A count option in `1..=max`.
fn count(arg: &str, v: Option<f64>, max: usize) -> Result<Option<usize>> {
    v.map(|v| whole(arg, v, 1, max as u64).map(|n| n as usize))
        .transpose()
}

/// An ARIMA order `[p, d, q]`: the AR/MA orders at most `max_pq`, the difference at most
/// [`MAX_ARIMA_DIFF`](limits::MAX_ARIMA_DIFF).
fn order(arg: &str, v: &Option<Vec<f64>>, max_pq: usize) -> Result<Option<[usize; 3]>> {
    let Some(v) = v else { return Ok(None) };
    if v.len() != 3 {
        return Err(Error::invalid(
            arg,
            "an array of 3 whole numbers",
            format!("{} values", v.len()),
        ));
    }
    let mut out = [0; 3];
    for (i, (slot, &x)) in out.iter_mut().zip(v).enumerate() {
        let max = if i == 1 {
            limits::MAX_ARIMA_DIFF
        } else {
            max_pq
        };
        *slot = whole(&format!("{arg}[{i}]"), x, 0, max as u64)? as usize;
    }
    Ok(Some(out))
}

impl EventConfig {
    /// The event, its fields named `{arg}.name`, `{arg}.date`, ….
    pub fn check(&self, arg: &str) -> Result<Event> {
        let name = name(&format!("{arg}.name"), &self.name)?
            .ok_or_else(|| Error::invalid(format!("{arg}.name"), "a string", "undefined"))?;
        let date_arg = format!("{arg}.date");
        let date_ms = match &self.date {
            Some(Scalar::Text(s)) => parse_date(&date_arg, s)?,
            Some(Scalar::Number(v)) if v.is_finite() => *v,
            Some(Scalar::Number(v)) => {
                return Err(Error::invalid(date_arg, "a finite number", Num(*v)))
            }
            None => {
                return Err(Error::invalid(
                    date_arg,
                    "a date: milliseconds since 1970 or \"YYYY-MM-DD\"",
                    "undefined",
                ))
            }
        };
        let window = |key: &str, v: Option<f64>| -> Result<usize> {
            let max = limits::MAX_EVENT_WINDOW as u64;
            v.map_or(Ok(0), |v| {
                whole(&format!("{arg}.{key}"), v, 0, max).map(|n| n as usize)
            })
        };
        Ok(Event {
            name,
            date_ms,
            before: window("before", self.before)?,
            after: window("after", self.after)?,
        })
    }
}

impl ModelConfig {
    /// The checked settings, or an error naming the first bad option by its JS name.
    pub fn check(&self) -> Result<ModelSettings> {
        let levels = self.levels.clone().unwrap_or_default();
        for (i, &l) in levels.iter().enumerate() {
            check::open_interval(&format!("options.levels[{i}]"), l, 0.0, 1.0)?;
        }
        let seed = seed("options.seed", self.seed, crate::rng::default_seed)?;
        let frequency = name("options.frequency", &self.frequency)?
            .map(|f| {
                Frequency::parse(&f).map_err(|e| e.renamed(&[("frequency", "options.frequency")]))
            })
            .transpose()?;
        let events = match &self.events {
            Some(list) if cfg!(feature = "forecast") => list
                .iter()
                .enumerate()
                .map(|(i, e)| e.check(&format!("options.events[{i}]")))
                .collect::<Result<Vec<_>>>()?,
            // Events fit by MSTL backfitting or ARIMA errors: a lite build refuses them before
            // reading a date (an empty list is no events).
            Some(list) if !list.is_empty() => {
                return Err(super::events::not_in_lite().within("options."))
            }
            _ => Vec::new(),
        };
        let members = match &self.members {
            Some(names) => Some(
                names
                    .iter()
                    .enumerate()
                    .map(|(i, n)| {
                        name(&format!("options.members[{i}]"), &Some(n.clone()))
                            .map(Option::unwrap_or_default)
                    })
                    .collect::<Result<Vec<_>>>()?,
            ),
            None => None,
        };
        let conformal = count(
            "options.conformalWindows",
            self.conformal_windows,
            limits::MAX_CONFORMAL_WINDOWS,
        )?;
        let intervals = name("options.intervals", &self.intervals)?;
        let intervals =
            IntervalMethod::parse(intervals.as_deref(), conformal).map_err(|e| renamed(e, &[]))?;
        Ok(ModelSettings {
            model: name("options.model", &self.model)?,
            spec: name("options.spec", &self.spec)?,
            search: name("options.search", &self.search)?,
            season_length: count(
                "options.seasonLength",
                self.season_length,
                limits::MAX_SEASON_LENGTH,
            )?,
            window: count("options.window", self.window, limits::MAX_ELEMENTS)?,
            order: order("options.order", &self.order, limits::MAX_ARIMA_ORDER)?,
            seasonal_order: order(
                "options.seasonalOrder",
                &self.seasonal_order,
                limits::MAX_ARIMA_SEASONAL_ORDER,
            )?,
            include_mean: self.include_mean,
            include_drift: self.include_drift,
            season_lengths: self.season_lengths.clone(),
            frequency,
            members,
            combine: name("options.combine", &self.combine)?,
            levels,
            seed,
            non_negative: self.non_negative,
            timestamps: self.timestamps.clone(),
            // An empty list is no events.
            events: (!events.is_empty()).then_some(events),
            intervals,
        })
    }
}

/// A regressor matrix from its rows (one per time step), each of the same number of values
/// (1 to [`MAX_ARIMA_XREG`](limits::MAX_ARIMA_XREG)); `arg` names it.
pub fn matrix(arg: &str, rows: &[Vec<f64>]) -> Result<Xreg> {
    let cols = rows.first().map_or(0, Vec::len);
    let mut data = Vec::with_capacity(rows.len().saturating_mul(cols));
    for (t, r) in rows.iter().enumerate() {
        if r.is_empty() || r.len() > limits::MAX_ARIMA_XREG {
            return Err(Error::invalid(
                format!("{arg}[{t}]"),
                format!(
                    "an array of 1 to {} regressor values",
                    limits::MAX_ARIMA_XREG
                ),
                format!("{} values", r.len()),
            ));
        }
        if r.len() != cols {
            return Err(Error::invalid(
                format!("{arg}[{t}]"),
                format!("{cols} values, as {arg}[0]"),
                format!("{} values", r.len()),
            ));
        }
        data.extend_from_slice(r);
    }
    Xreg::new(arg, rows.len(), cols, data)
}

/// The error of events given without the timestamps that place them.
fn undated_events() -> Error {
    // Two fields that go together: the message names their object.
    Error::invalid(
        "options",
        "options.events together with options.timestamps (the series' dates, milliseconds \
         since 1970), which place them",
        "events without timestamps",
    )
}

impl ModelSettings {
    /// `nonNegative`, by default on when `y` (the history, or a whole batch) is non-negative.
    pub fn non_negative(&self, y: &[f64]) -> bool {
        self.non_negative
            .unwrap_or_else(|| y.iter().all(|&v| v >= 0.0))
    }

    /// The frequency given, or that of `timestamps` (checked against the series length `n`).
    fn frequency(&self, timestamps: Option<&[f64]>, n: Option<usize>) -> Result<Option<Frequency>> {
        if let (Some(ts), Some(n)) = (timestamps, n) {
            if ts.len() != n {
                return Err(Error::invalid(
                    "options.timestamps",
                    format!("one timestamp per value ({n})"),
                    format!("{} timestamps", ts.len()),
                ));
            }
        }
        Ok(match (&self.frequency, timestamps) {
            (Some(f), _) => Some(*f),
            (None, Some(ts)) => Some(
                Frequency::from_timestamps(ts)
                    .map_err(|e| e.renamed(&[("timestamps", "options.timestamps")]))?,
            ),
            (None, None) => None,
        })
    }

    /// The model and its season length (the registry, [`BatchModel::from_options`]). `y` is the
    /// series when there is one; `all` is the batch's values when `y` is `None` (for the
    /// `nonNegative` default). Errors carry the JS names.
    pub fn model(&self, y: Option<&[f64]>, all: &[f64]) -> Result<(SeededModel, usize)> {
        let non_negative = self.non_negative(y.unwrap_or(all));
        self.model_dated(y, self.timestamps.as_deref(), non_negative)
    }

    /// [`ModelSettings::model`] for a series `y` (or a whole batch when `None`) dated by
    /// `timestamps` (one series' slice of a batch's) instead of the settings' own, clamped at
    /// zero as `non_negative` says.
    pub fn model_dated(
        &self,
        y: Option<&[f64]>,
        timestamps: Option<&[f64]>,
        non_negative: bool,
    ) -> Result<(SeededModel, usize)> {
        let o = ModelOptions {
            model: self.model.as_deref(),
            season_length: self.season_length,
            spec: self.spec.as_deref(),
            search: self.search.as_deref(),
            window: self.window,
            season_lengths: self.season_lengths.as_deref(),
            frequency: self.frequency(timestamps, y.map(<[f64]>::len))?,
            members: self.members.as_deref(),
            combine: self.combine.as_deref(),
            order: self.order,
            seasonal_order: self.seasonal_order,
            include_mean: self.include_mean,
            include_drift: self.include_drift,
        };
        let (model, m) = BatchModel::from_options(&o, y).map_err(|e| renamed(e, &[]))?;
        let seeded = SeededModel {
            model,
            seed: self.seed,
            non_negative,
            intervals: self.intervals,
        };
        Ok((seeded, m))
    }

    /// Fails when `events` are given without `timestamps`, which place them.
    pub fn check_events_dated(&self) -> Result<()> {
        match (&self.events, &self.timestamps) {
            (Some(_), None) => Err(undated_events()),
            _ => Ok(()),
        }
    }

    /// The model with event regressors when `events` are given: columns over the history and
    /// `horizon` steps (1 for a cross-validation, whose windows lie within the history). `m` is
    /// the model's season length.
    pub fn with_events(
        &self,
        model: &SeededModel,
        m: usize,
        horizon: usize,
    ) -> Result<Option<WithRegressors>> {
        self.with_events_dated(model, m, horizon, self.timestamps.as_deref())
    }

    /// [`ModelSettings::with_events`] with the events placed by `timestamps` (one series' slice
    /// of a batch's) instead of the settings' own.
    pub fn with_events_dated(
        &self,
        model: &SeededModel,
        m: usize,
        horizon: usize,
        timestamps: Option<&[f64]>,
    ) -> Result<Option<WithRegressors>> {
        let Some(events) = &self.events else {
            return Ok(None);
        };
        let Some(ts) = timestamps else {
            return Err(undated_events());
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
}

#[cfg(test)]
mod tests {
    use super::*;

    fn err(c: ModelConfig) -> String {
        c.check().unwrap_err().to_string()
    }

    #[test]
    fn checks_name_options_by_their_js_names() {
        assert_eq!(
            err(ModelConfig {
                season_length: Some(4_294_967_295.0),
                ..ModelConfig::default()
            }),
            "invalid argument `options.seasonLength`: expected a whole number in [1, 8784], got 4294967295"
        );
        assert_eq!(
            err(ModelConfig {
                order: Some(vec![1.0, 0.0]),
                ..ModelConfig::default()
            }),
            "invalid argument `options.order`: expected an array of 3 whole numbers, got 2 values"
        );
        assert!(err(ModelConfig {
            seasonal_order: Some(vec![0.0, 3.0, 0.0]),
            ..ModelConfig::default()
        })
        .starts_with(
            "invalid argument `options.seasonalOrder[1]`: expected a whole number in [0, 2]"
        ));
        assert!(err(ModelConfig {
            levels: Some(vec![0.5, 1.0]),
            ..ModelConfig::default()
        })
        .starts_with("invalid argument `options.levels[1]`"));
        assert_eq!(
            err(ModelConfig {
                conformal_windows: Some(2.0),
                ..ModelConfig::default()
            }),
            "invalid argument `options.conformalWindows`: expected no conformalWindows unless options.intervals is \"conformal\", got conformal_windows without conformal intervals"
        );
        assert!(err(ModelConfig {
            model: Some("x".repeat(65)),
            ..ModelConfig::default()
        })
        .contains("a name of at most 64 characters"));
        let event = |date| EventConfig {
            name: Some("sale".into()),
            date: Some(date),
            before: Some(2.0),
            after: None,
        };
        let e = event(Scalar::Text("2024-11-29".into())).check("e").unwrap();
        assert_eq!((e.before, e.after, e.date_ms), (2, 0, 1_732_838_400_000.0));
        assert!(event(Scalar::Number(f64::NAN))
            .check("options.events[0]")
            .unwrap_err()
            .to_string()
            .contains("`options.events[0].date`"));
        let ok = ModelConfig {
            events: Some(vec![]),
            seed: Some(3.0),
            ..ModelConfig::default()
        }
        .check()
        .unwrap();
        assert_eq!((ok.events, ok.seed), (None, 3));
        // The registry's errors come back under the JS names.
        let s = ModelConfig {
            model: Some("naive".into()),
            spec: Some("ANN".into()),
            ..ModelConfig::default()
        }
        .check()
        .unwrap();
        assert_eq!(
            s.model(Some(&[1.0, 2.0]), &[]).unwrap_err().to_string(),
            "invalid argument `options.spec`: expected no spec unless options.model is \"ets\", got a spec with model \"naive\""
        );
    }

    #[test]
    fn the_typescript_is_generated_with_docs() {
        assert!(ModelConfig::TS.starts_with("/** Model options shared by"));
        assert!(ModelConfig::TS.contains("  seasonalOrder?: [number, number, number];\n"));
        assert!(ForecastConfig::TS
            .contains("export interface ForecastOptions extends ForecastModelOptions {"));
        assert!(CvConfig::TS.contains("  horizon: number;\n"));
        assert!(EventConfig::TS.contains("  date: number | `${number}-${number}-${number}`;\n"));
        // Every field has a doc line of its own, and no doc line ends its comment early.
        for (ts, fields) in [
            (ModelConfig::TS, ModelConfig::FIELDS.len()),
            (ForecastConfig::TS, ForecastConfig::FIELDS.len()),
            (CvConfig::TS, CvConfig::FIELDS.len()),
        ] {
            assert_eq!(ts.matches("/**").count(), fields + 1);
            assert_eq!(ts.matches("*/").count(), fields + 1);
            assert!(!ts.contains("/** */"));
        }
    }
}
