//! One call of `forecast`, `forecastBatch` or `crossValidation` from its checked options
//! ([`super::options`]): the model from the registry, events or regressors around it, and the
//! result a page receives. Errors carry the JS names of the options.

use super::batch::{
    check_batch, check_batch_xreg, forecast_batch_xreg, run_batch, BatchForecast, BatchRequest,
    SeededModel,
};
use super::events::refuse_regressors_in_lite;
use super::metrics::{cross_validation_dyn, CrossValidation, CvWindow, FitDyn};
use super::options::{matrix, renamed, BatchConfig, CvConfig, ForecastConfig, ModelSettings};
use super::seasonality::Frequency;
use super::xreg::PrefixRegressors;
use super::{check_request, check_series, Fit, Forecast, Predict, Xreg};
use crate::error::{Error, Result};
use crate::limits;
use crate::options::{whole, Field, OptionSet};

/// What `forecast` returns.
#[derive(Debug, Clone, PartialEq)]
pub struct SingleForecast {
    /// The fitted model's name.
    pub model: String,
    /// Points and intervals.
    pub forecast: Forecast,
    /// AICc of ETS and ARIMA models, NaN for the others.
    pub aicc: f64,
    /// The season length used (1 = none).
    pub season_length: usize,
}

/// A cross-validation's windows and their means.
#[derive(Debug, Clone, PartialEq)]
pub struct CvReport {
    /// The model's name, fitted on the first window.
    pub model: String,
    /// The season length used, also the MASE scale's.
    pub season_length: usize,
    /// One entry per window.
    pub windows: Vec<CvWindow>,
    /// Mean MAE over the windows.
    pub mae: f64,
    /// Mean RMSE over the windows.
    pub rmse: f64,
    /// Mean sMAPE over the windows.
    pub smape: f64,
    /// Mean MASE over the windows where it is defined; `None` where it is defined in none.
    pub mase: Option<f64>,
}

/// The checked backtest design of `crossValidation`.
#[derive(Debug, Clone, PartialEq)]
pub struct CvSettings {
    /// Number of origins.
    pub n_windows: usize,
    /// Steps between origins.
    pub step: usize,
    /// Steps forecast from each origin.
    pub horizon: usize,
    /// Regressors of the whole series, when given.
    pub xreg: Option<Xreg>,
}

impl ForecastConfig {
    /// The regressors of the history and of the horizon: both or neither.
    pub fn check(&self) -> Result<Option<(Xreg, Xreg)>> {
        // Only ARIMA takes regressors: a lite build refuses them before reading any matrix.
        refuse_regressors_in_lite(
            self.xreg.is_some() || self.future_xreg.is_some(),
            "options.xreg",
        )?;
        match both_or_neither(&self.xreg, &self.future_xreg, "the")? {
            None => Ok(None),
            Some((x, f)) => Ok(Some((
                matrix("options.xreg", x)?,
                matrix("options.futureXreg", f)?,
            ))),
        }
    }
}

impl BatchConfig {
    /// The regressors of each series (history, horizon): both or neither.
    pub fn check(&self) -> Result<Vec<(Xreg, Xreg)>> {
        refuse_regressors_in_lite(
            self.xreg.is_some() || self.future_xreg.is_some(),
            "options.xreg",
        )?;
        match both_or_neither(&self.xreg, &self.future_xreg, "each series'")? {
            None => Ok(Vec::new()),
            Some((x, f)) => {
                if x.len() != f.len() {
                    return Err(Error::invalid(
                        "options.futureXreg",
                        format!("one matrix per matrix of options.xreg ({})", x.len()),
                        format!("{} matrices", f.len()),
                    ));
                }
                x.iter()
                    .zip(f)
                    .enumerate()
                    .map(|(i, (x, f))| {
                        Ok((
                            matrix(&format!("options.xreg[{i}]"), x)?,
                            matrix(&format!("options.futureXreg[{i}]"), f)?,
                        ))
                    })
                    .collect()
            }
        }
    }
}

/// `xreg` and `futureXreg` of `forecast` or `forecastBatch`: both, or neither; an error naming
/// the one left out, `whose` history or horizon it would have given.
fn both_or_neither<'a, T>(
    xreg: &'a Option<T>,
    future_xreg: &'a Option<T>,
    whose: &str,
) -> Result<Option<(&'a T, &'a T)>> {
    let missing = |arg: &str, part: &str, with: &str| {
        Error::invalid(
            arg,
            format!("the regressors of {whose} {part} with {with}"),
            "none",
        )
    };
    match (xreg, future_xreg) {
        (None, None) => Ok(None),
        (Some(x), Some(f)) => Ok(Some((x, f))),
        (Some(_), None) => Err(missing("options.futureXreg", "horizon", "xreg")),
        (None, Some(_)) => Err(missing("options.xreg", "history", "futureXreg")),
    }
}

impl CvConfig {
    /// The backtest design: `horizon` required, `windows` default 3, `step` default the horizon.
    pub fn check(&self) -> Result<CvSettings> {
        let max_h = limits::MAX_HORIZON as u64;
        let horizon = match self.horizon {
            Some(h) => whole("options.horizon", h, 1, max_h)? as usize,
            None => {
                return Err(Error::invalid(
                    "options.horizon",
                    format!("a whole number in [1, {max_h}]"),
                    "undefined",
                ))
            }
        };
        let n_windows = match self.n_windows {
            Some(w) => whole("options.windows", w, 1, limits::MAX_WINDOWS as u64)? as usize,
            None => 3,
        };
        let step = match self.step {
            Some(s) => whole("options.step", s, 1, limits::MAX_ELEMENTS as u64)? as usize,
            None => horizon,
        };
        refuse_regressors_in_lite(self.xreg.is_some(), "options.xreg")?;
        let xreg = self
            .xreg
            .as_deref()
            .map(|x| matrix("options.xreg", x))
            .transpose()?;
        Ok(CvSettings {
            n_windows,
            step,
            horizon,
            xreg,
        })
    }
}

/// The error of events and regressors given together.
fn events_with_xreg() -> Error {
    Error::invalid(
        "options.xreg",
        "either options.events or options.xreg / options.futureXreg, not both",
        "both",
    )
}

/// `forecast`: one series `horizon` steps ahead, with events (from `s`) or regressors (`xreg`,
/// the history's and the horizon's) when given.
pub fn forecast_series(
    y: &[f64],
    horizon: usize,
    s: &ModelSettings,
    xreg: Option<(Xreg, Xreg)>,
) -> Result<SingleForecast> {
    let name = |e| renamed(e, ForecastConfig::FIELDS);
    refuse_regressors_in_lite(xreg.is_some(), "options.xreg")?;
    check_series(y)?;
    check_request(horizon, &s.levels).map_err(name)?;
    let (model, m) = s.model(Some(y), y)?;
    if s.events.is_some() && xreg.is_some() {
        return Err(events_with_xreg());
    }
    let dated = Dated {
        model: &model,
        season_length: m,
        timestamps: s.timestamps.as_deref(),
        fields: ForecastConfig::FIELDS,
    };
    dated.forecast(y, horizon, s, xreg.as_ref())
}

/// A series' model and what places its events: the part of `forecast` that a batch with
/// timestamps runs per series.
struct Dated<'a> {
    /// The model, built for this series.
    model: &'a SeededModel,
    /// Its season length.
    season_length: usize,
    /// The series' timestamps, when given.
    timestamps: Option<&'a [f64]>,
    /// The call's own options, for the JS names of errors.
    fields: &'a [Field],
}

impl Dated<'_> {
    /// Fits the model on `y` with the events of `s` (placed by the timestamps) or the regressors
    /// `xreg` (history, horizon), and forecasts `horizon` steps.
    fn forecast(
        &self,
        y: &[f64],
        horizon: usize,
        s: &ModelSettings,
        xreg: Option<&(Xreg, Xreg)>,
    ) -> Result<SingleForecast> {
        let name = |e| renamed(e, self.fields);
        let (model, m) = (self.model, self.season_length);
        if let Some(with) = s.with_events_dated(model, m, horizon, self.timestamps)? {
            let fitted = with
                .fit(y)
                .map_err(|e| name(e.renamed(&[("xreg", "options.events")])))?;
            let forecast = fitted.predict(horizon, &s.levels).map_err(name)?;
            return Ok(SingleForecast {
                model: fitted.name(),
                forecast,
                aicc: f64::NAN,
                season_length: m,
            });
        }
        let fitted = match xreg {
            None => model.fit(y),
            Some((x, f)) => model.fit_xreg(y, x, f.clone()),
        }
        .map_err(name)?;
        // Predicted before it is named: `combine: "best"` names the member its backtest picked.
        let forecast = fitted.predict(horizon, &s.levels).map_err(name)?;
        Ok(SingleForecast {
            model: fitted.name(),
            forecast,
            aicc: fitted.aicc(),
            season_length: m,
        })
    }
}

/// Names an error of series `i` (`values[a..b]`) of a batch: one about an option says which
/// series in what it expected; an engine's argument is prefixed `series[i].`, as the batch's
/// other per-series errors are.
fn in_series(e: Error, i: usize, (a, b): (usize, usize)) -> Error {
    match e {
        Error::InvalidArgument { arg, expected, got } if arg.starts_with("options") => {
            Error::InvalidArgument {
                arg,
                expected: format!("{expected} in series {i} (values[{a}..{b}])"),
                got,
            }
        }
        other => other.within(&format!("series[{i}].")),
    }
}

/// `forecastBatch`: every series of `values` split at `offsets`, with per-series regressors
/// (empty for none). With `timestamps` (one per value, split at the same offsets) each series is
/// forecast as [`forecast_series`] forecasts it alone with its slice of them: the calendar's
/// season and the events placed by its own dates. The request and every series' timestamps are
/// checked first (errors name the series); a series that then fails gets its error in `errors`.
pub fn forecast_series_batch(
    values: &[f64],
    offsets: &[u32],
    horizon: usize,
    s: &ModelSettings,
    xreg: &[(Xreg, Xreg)],
    progress: &mut dyn FnMut(usize, usize),
) -> Result<BatchForecast> {
    let name = |e| renamed(e, BatchConfig::FIELDS);
    refuse_regressors_in_lite(!xreg.is_empty(), "options.xreg")?;
    // None in a lite build, where every regressor path below is then compiled out.
    let xreg = if cfg!(feature = "forecast") {
        xreg
    } else {
        &[]
    };
    if s.timestamps.is_none() && s.events.is_none() {
        let (model, _) = s.model(None, values)?;
        let request = BatchRequest {
            model: model.model,
            horizon,
            levels: s.levels.clone(),
            seed: s.seed,
            non_negative: model.non_negative,
            intervals: model.intervals,
        };
        return forecast_batch_xreg(values, offsets, &request, xreg, progress).map_err(name);
    }
    s.check_events_dated()?;
    if s.events.is_some() && !xreg.is_empty() {
        return Err(events_with_xreg());
    }
    check_batch(values, offsets, horizon, &s.levels).map_err(name)?;
    let ts = s.timestamps.as_deref().unwrap_or_default();
    if ts.len() != values.len() {
        return Err(Error::invalid(
            "options.timestamps",
            format!(
                "one timestamp per value of values ({}), split at the same offsets",
                values.len()
            ),
            format!("{} timestamps", ts.len()),
        ));
    }
    let span = |i: usize| (offsets[i] as usize, offsets[i + 1] as usize);
    let n_series = offsets.len() - 1;
    for i in 0..n_series {
        let (a, b) = span(i);
        Frequency::check_timestamps(&ts[a..b], a).map_err(|e| {
            in_series(
                e.renamed(&[("timestamps", "options.timestamps")]),
                i,
                (a, b),
            )
        })?;
    }
    check_batch_xreg(offsets, horizon, xreg).map_err(name)?;
    // Each series' model from its own dates (the calendar's season, else detected); the
    // `nonNegative` default is the batch's, as without timestamps.
    let non_negative = s.non_negative(values);
    let build = |i: usize| -> Result<(SeededModel, usize)> {
        let (a, b) = span(i);
        let y = &values[a..b];
        check_series(y)?;
        s.model_dated(Some(y), Some(&ts[a..b]), non_negative)
    };
    // Regressors need an ARIMA model: the first series' model that builds says which it is.
    if !xreg.is_empty() {
        if let Some((model, _)) = (0..n_series).find_map(|i| build(i).ok()) {
            model.model.takes_xreg().map_err(name)?;
        }
    }
    let levels = &s.levels;
    let mut one = |i: usize, y: &[f64]| {
        let (a, b) = span(i);
        build(i)
            .and_then(|(model, m)| {
                let dated = Dated {
                    model: &model,
                    season_length: m,
                    timestamps: Some(&ts[a..b]),
                    fields: BatchConfig::FIELDS,
                };
                let f = dated.forecast(y, horizon, s, xreg.get(i))?;
                Ok((f.forecast, f.model, f.aicc))
            })
            .map_err(|e| in_series(e, i, (a, b)))
    };
    Ok(run_batch(
        values, offsets, horizon, levels, progress, &mut one,
    ))
}

/// `crossValidation`: a rolling-origin backtest of the model of `s`, with its events (their
/// columns over the series serve every window) or the regressors of `cv` (sliced per window).
pub fn cross_validate(y: &[f64], s: &ModelSettings, cv: &CvSettings) -> Result<CvReport> {
    refuse_regressors_in_lite(cv.xreg.is_some(), "options.xreg")?;
    check_series(y)?;
    let (model, m) = s.model(Some(y), y)?;
    let design = CrossValidation {
        n_windows: cv.n_windows,
        step: cv.step,
        horizon: cv.horizon,
        levels: s.levels.clone(),
        season_length: m,
        non_negative: model.non_negative,
    };
    if let Some(x) = &cv.xreg {
        if s.events.is_some() {
            return Err(Error::invalid(
                "options.xreg",
                "either options.events or options.xreg, not both",
                "both",
            ));
        }
        model
            .model
            .takes_xreg()
            .map_err(|e| renamed(e, CvConfig::FIELDS))?;
        if x.rows != y.len() {
            return Err(Error::invalid(
                "options.xreg",
                format!("one row per value of the series ({})", y.len()),
                format!("{} rows", x.rows),
            ));
        }
    }
    let with = s.with_events(&model, m, 1)?;
    let (windows, model_name) = match (&with, &cv.xreg) {
        (Some(w), _) => backtest(&|t| Ok(Box::new(w.fit(t)?)), y, &design),
        (None, Some(x)) => {
            let wrapped = PrefixRegressors {
                model,
                xreg: x.clone(),
            };
            backtest(&|t| Ok(Box::new(wrapped.fit(t)?)), y, &design)
        }
        (None, None) => backtest(&|t| Ok(Box::new(model.fit(t)?)), y, &design),
    }
    .map_err(|e| renamed(e, CvConfig::FIELDS))?;
    let mean = |f: fn(&CvWindow) -> f64| windows.iter().map(f).sum::<f64>() / windows.len() as f64;
    // MASE is undefined (NaN) in a window whose training scale is zero: averaged over the
    // windows where it is defined, none when it is defined in none.
    let defined: Vec<f64> = windows
        .iter()
        .map(|w| w.mase)
        .filter(|v| v.is_finite())
        .collect();
    let mase = (!defined.is_empty()).then(|| defined.iter().sum::<f64>() / defined.len() as f64);
    Ok(CvReport {
        model: model_name,
        season_length: m,
        mae: mean(|w| w.mae),
        rmse: mean(|w| w.rmse),
        smape: mean(|w| w.smape),
        mase,
        windows,
    })
}

/// The windows of a backtest, and the model's name fitted on the first window's training data.
fn backtest(fit: FitDyn, y: &[f64], design: &CrossValidation) -> Result<(Vec<CvWindow>, String)> {
    let windows = cross_validation_dyn(fit, y, design)?;
    let cut = windows.first().map_or(0, |w| w.cutoff);
    let name = fit(&y[..cut]).map(|f| f.name()).unwrap_or_default();
    Ok((windows, name))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::forecast::options::{EventConfig, ModelConfig};
    use crate::forecast::Arima;

    #[test]
    #[cfg(feature = "forecast")]
    fn regressors_come_with_those_of_the_horizon() {
        let rows = Some(vec![vec![1.0]]);
        let msg = |e: Error| e.to_string();
        let one = |xreg, future_xreg| ForecastConfig { xreg, future_xreg }.check();
        assert_eq!(
            msg(one(rows.clone(), None).unwrap_err()),
            "invalid argument `options.futureXreg`: expected the regressors of the horizon with \
             xreg, got none"
        );
        assert_eq!(
            msg(one(None, rows.clone()).unwrap_err()),
            "invalid argument `options.xreg`: expected the regressors of the history with \
             futureXreg, got none"
        );
        assert_eq!(one(rows.clone(), rows.clone()).unwrap().unwrap().0.rows, 1);
        let tables = Some(vec![vec![vec![1.0]]]);
        let batch = |xreg, future_xreg| BatchConfig { xreg, future_xreg }.check();
        assert_eq!(
            msg(batch(tables.clone(), None).unwrap_err()),
            "invalid argument `options.futureXreg`: expected the regressors of each series' \
             horizon with xreg, got none"
        );
        assert_eq!(
            msg(batch(None, tables.clone()).unwrap_err()),
            "invalid argument `options.xreg`: expected the regressors of each series' history \
             with futureXreg, got none"
        );
        assert_eq!(batch(tables.clone(), tables).unwrap().len(), 1);
        assert!(batch(None, None).unwrap().is_empty() && one(None, None).unwrap().is_none());
    }

    /// `cargo test --lib --no-default-features --features forecast-lite,bandit lite_`: the lean
    /// build refuses regressors and events in the option checks, before any matrix or date is
    /// read, and in the requests, named as the options.
    #[test]
    #[cfg(not(feature = "forecast"))]
    fn lite_refuses_regressors_and_events_before_reading_them() {
        let y: Vec<f64> = (0..48).map(|t| 10.0 + (t % 12) as f64).collect();
        // Regressors (ARIMA's) are refused before any matrix is read, naming the option.
        let rows = Some(vec![vec![1.0]; 48]);
        let refused = "invalid argument `options.xreg`: expected no regressors in \
                       edgewise/forecast-lite (import edgewise/forecast for regression with ARIMA \
                       errors), got regressors";
        let one = ForecastConfig {
            xreg: rows.clone(),
            future_xreg: None,
        };
        assert_eq!(one.check().unwrap_err().to_string(), refused);
        let batch = BatchConfig {
            xreg: None,
            future_xreg: Some(vec![vec![vec![1.0]]]),
        };
        assert_eq!(batch.check().unwrap_err().to_string(), refused);
        let cv = CvConfig {
            horizon: Some(3.0),
            xreg: rows,
            ..CvConfig::default()
        };
        assert_eq!(cv.check().unwrap_err().to_string(), refused);
        assert!(ForecastConfig::default().check().unwrap().is_none());
        // Events likewise, before any date is read; an empty list is no events.
        let events = |list| ModelConfig {
            events: Some(list),
            ..ModelConfig::default()
        };
        let e = events(vec![EventConfig::default()]).check().unwrap_err();
        assert!(
            e.to_string().starts_with(
                "invalid argument `options.events`: expected no events in edgewise/forecast-lite"
            ),
            "{e}"
        );
        assert!(events(vec![]).check().unwrap().events.is_none());
        let x = Xreg::new("x", 48, 1, vec![0.0; 48]).unwrap();
        let pair = (x.clone(), x.clone());
        // The requests refuse them too, named as the option.
        let s = ModelConfig::default().check().unwrap();
        let e = forecast_series(&y, 3, &s, Some(pair)).unwrap_err();
        assert_eq!(e.to_string(), refused);
        let cv = CvSettings {
            n_windows: 2,
            step: 3,
            horizon: 3,
            xreg: Some(x),
        };
        assert_eq!(
            cross_validate(&y, &s, &cv).unwrap_err().to_string(),
            refused
        );
    }

    /// A trend, a season of 12 and a promotion every 6th step worth +25.
    fn promoted(n: usize) -> (Vec<f64>, Vec<f64>) {
        let promo: Vec<f64> = (0..n).map(|t| f64::from(t % 6 == 0)).collect();
        let y = (0..n)
            .map(|t| {
                let season = 10.0 * (2.0 * std::f64::consts::PI * t as f64 / 12.0).sin();
                100.0 + 0.8 * t as f64 + season + ((t * 7919) % 13) as f64 - 6.0 + 25.0 * promo[t]
            })
            .collect();
        (y, promo)
    }

    fn arima() -> ModelSettings {
        ModelConfig {
            model: Some("arima".into()),
            order: Some(vec![1.0, 1.0, 0.0]),
            seed: Some(1.0),
            ..ModelConfig::default()
        }
        .check()
        .unwrap()
    }

    fn column(x: &[f64]) -> Vec<Vec<f64>> {
        x.iter().map(|&v| vec![v]).collect()
    }

    #[test]
    #[cfg(feature = "forecast")]
    fn cross_validation_slices_the_regressors_per_window() {
        let (y, promo) = promoted(48);
        let cv = CvConfig {
            n_windows: Some(3.0),
            horizon: Some(4.0),
            step: Some(3.0),
            xreg: Some(column(&promo)),
        }
        .check()
        .unwrap();
        let report = cross_validate(&y, &arima(), &cv).unwrap();
        assert_eq!(report.windows.len(), 3);
        assert!(report.model.ends_with("+ 1 regressors"), "{}", report.model);
        let spec = Arima::new(1, 1, 0);
        for w in &report.windows {
            let c = w.cutoff;
            // Exactly a fit on the rows before the origin, forecast with the rows after it.
            let x = Xreg::new("x", c, 1, promo[..c].to_vec()).unwrap();
            let f = Xreg::new("f", 4, 1, promo[c..c + 4].to_vec()).unwrap();
            let fitted = spec.fit_xreg(&y[..c], Some(&x)).unwrap();
            let fc = fitted.with_future_xreg(f).unwrap().predict(4, &[]).unwrap();
            for (a, b) in w.forecast.point.iter().zip(&fc.point) {
                assert!((a - b).abs() < 1e-9, "window at {c}: {a} vs {b}");
            }
        }
        // The regressors help: the same backtest without them is worse.
        let plain = CvSettings {
            xreg: None,
            ..cv.clone()
        };
        let without = cross_validate(&y, &arima(), &plain).unwrap();
        assert!(
            report.mae < without.mae,
            "{} vs {}",
            report.mae,
            without.mae
        );
        // One row per value of the series, no fewer, no more.
        let short = CvSettings {
            xreg: Some(Xreg::new("x", 47, 1, promo[..47].to_vec()).unwrap()),
            ..cv
        };
        assert_eq!(
            cross_validate(&y, &arima(), &short).unwrap_err().to_string(),
            "invalid argument `options.xreg`: expected one row per value of the series (48), got 47 rows"
        );
    }

    const DAY: f64 = 86_400_000.0;

    /// A daily series of `n` days from `start` (ms): a weekly pattern, a level of its own and
    /// +30 on the days of `promo` and the day after.
    fn daily(n: usize, start: f64, level: f64, promo: &[f64]) -> (Vec<f64>, Vec<f64>) {
        let ts: Vec<f64> = (0..n).map(|t| start + t as f64 * DAY).collect();
        let y = ts
            .iter()
            .enumerate()
            .map(|(t, &d)| {
                let on = promo.iter().any(|&p| d == p || d == p + DAY);
                level + 6.0 * ((t % 7) as f64 - 3.0).abs() + ((t * 7919) % 11) as f64 - 5.0
                    + if on { 30.0 } else { 0.0 }
            })
            .collect();
        (y, ts)
    }

    fn events_of(dates: &[f64]) -> Vec<EventConfig> {
        dates
            .iter()
            .map(|&d| EventConfig {
                name: Some("promo".into()),
                date: Some(crate::options::Scalar::Number(d)),
                before: None,
                after: Some(1.0),
            })
            .collect()
    }

    fn dated(model: &str, ts: Option<Vec<f64>>, events: Option<Vec<EventConfig>>) -> ModelSettings {
        ModelConfig {
            model: Some(model.into()),
            season_lengths: (model == "mstl").then(|| vec![7.0]),
            levels: Some(vec![0.8, 0.95]),
            seed: Some(5.0),
            timestamps: ts,
            events,
            ..ModelConfig::default()
        }
        .check()
        .unwrap()
    }

    #[test]
    #[cfg(feature = "forecast")]
    fn a_batch_with_timestamps_and_events_forecasts_each_series_as_forecast_does() {
        let jan1 = 1_704_067_200_000.0; // 2024-01-01
        let promo: Vec<f64> = [9.0, 23.0, 40.0, 58.0, 75.0, 90.0]
            .iter()
            .map(|d| jan1 + d * DAY)
            .collect();
        // Different lengths and starts: the third series starts before the first one ends.
        let series = [
            daily(70, jan1, 100.0, &promo),
            daily(56, jan1 + 20.0 * DAY, 60.0, &promo),
            daily(84, jan1 + 5.0 * DAY, 140.0, &promo),
        ];
        let values: Vec<f64> = series.iter().flat_map(|(y, _)| y.clone()).collect();
        let ts: Vec<f64> = series.iter().flat_map(|(_, t)| t.clone()).collect();
        let offsets = [0, 70, 126, 210];
        let h = 10;
        for model in ["autoETS", "mstl", "naive"] {
            let s = dated(model, Some(ts.clone()), Some(events_of(&promo)));
            let mut calls = Vec::new();
            let out = forecast_series_batch(&values, &offsets, h, &s, &[], &mut |d, t| {
                calls.push((d, t))
            })
            .unwrap();
            assert_eq!(calls, vec![(1, 3), (2, 3), (3, 3)]);
            assert_eq!(out.errors, vec![None, None, None], "{model}");
            for (i, (y, t)) in series.iter().enumerate() {
                let alone = dated(model, Some(t.clone()), Some(events_of(&promo)));
                let one = forecast_series(y, h, &alone, None).unwrap();
                assert_eq!(out.model[i], one.model, "{model} series {i}");
                assert!(one.model.contains("regressors"), "{}", one.model);
                let close = |a: &[f64], b: &[f64]| {
                    a.len() == b.len() && a.iter().zip(b).all(|(x, y)| (x - y).abs() <= 1e-9)
                };
                assert!(close(&out.point[i * h..(i + 1) * h], &one.forecast.point));
                for (l, iv) in one.forecast.intervals.iter().enumerate() {
                    let at = (i * 2 + l) * h;
                    assert!(close(&out.lower[at..at + h], &iv.lower), "{model} {i} {l}");
                    assert!(close(&out.upper[at..at + h], &iv.upper), "{model} {i} {l}");
                }
                assert!(out.aicc[i].is_nan() && one.aicc.is_nan());
            }
            // The events matter: without them the forecasts differ.
            let plain = dated(model, Some(ts.clone()), None);
            let without =
                forecast_series_batch(&values, &offsets, h, &plain, &[], &mut |_, _| {}).unwrap();
            assert_ne!(without.point, out.point, "{model}");
        }
        // Timestamps alone give each series its calendar season (daily: 7).
        let s = dated("autoETS", Some(ts.clone()), None);
        let out = forecast_series_batch(&values, &offsets, h, &s, &[], &mut |_, _| {}).unwrap();
        for (i, (y, t)) in series.iter().enumerate() {
            let one =
                forecast_series(y, h, &dated("autoETS", Some(t.clone()), None), None).unwrap();
            assert_eq!(one.season_length, 7);
            assert_eq!(out.model[i], one.model);
            assert_eq!(&out.point[i * h..(i + 1) * h], &one.forecast.point[..]);
        }
    }

    #[test]
    #[cfg(feature = "forecast")]
    fn a_batch_refuses_bad_timestamps_naming_the_series() {
        let jan1 = 1_704_067_200_000.0;
        let (a, ta) = daily(30, jan1, 50.0, &[]);
        let (b, tb) = daily(20, jan1, 50.0, &[]);
        let (c, tc) = daily(25, jan1, 50.0, &[]);
        let values = [a, b, c].concat();
        let offsets = [0, 30, 50, 75];
        let run = |ts: Vec<f64>, events| {
            let s = dated("naive", Some(ts), events);
            forecast_series_batch(&values, &offsets, 3, &s, &[], &mut |_, _| {})
                .unwrap_err()
                .to_string()
        };
        let ts = [ta.clone(), tb.clone(), tc.clone()].concat();
        assert_eq!(
            run(ts[..74].to_vec(), None),
            "invalid argument `options.timestamps`: expected one timestamp per value of values \
             (75), split at the same offsets, got 74 timestamps"
        );
        let mut back = ts.clone();
        back.swap(60, 61);
        assert_eq!(
            run(back, None),
            "invalid argument `options.timestamps`: expected strictly increasing timestamps in \
             series 2 (values[50..75]), got timestamps[61] <= timestamps[60]"
        );
        let mut nan = ts.clone();
        nan[33] = f64::NAN;
        assert_eq!(
            run(nan, Some(events_of(&[jan1]))),
            "invalid argument `options.timestamps`: expected finite numbers in series 1 \
             (values[30..50]), got NaN at index 33"
        );
        let no_ts = dated("naive", None, Some(events_of(&[jan1])));
        let e = forecast_series_batch(&values, &offsets, 3, &no_ts, &[], &mut |_, _| {});
        assert_eq!(
            e.unwrap_err().to_string(),
            "invalid argument `options`: expected options.events together with \
             options.timestamps (the series' dates, milliseconds since 1970), which place them, \
             got events without timestamps"
        );
        // The same error as `forecast`'s.
        let e = forecast_series(&values[..30], 3, &no_ts, None).unwrap_err();
        assert!(e
            .to_string()
            .starts_with("invalid argument `options`: expected options.events"));
        // Events and regressors together: refused as in `forecast`.
        let f = Xreg::new("f", 3, 1, vec![0.0; 3]).unwrap();
        let xreg: Vec<(Xreg, Xreg)> = [30, 20, 25]
            .iter()
            .map(|&n| (Xreg::new("x", n, 1, vec![0.0; n]).unwrap(), f.clone()))
            .collect();
        let s = dated("arima", Some(ts.clone()), Some(events_of(&[jan1])));
        let e = forecast_series_batch(&values, &offsets, 3, &s, &xreg, &mut |_, _| {});
        assert!(e
            .unwrap_err()
            .to_string()
            .starts_with("invalid argument `options.xreg`: expected either options.events or"));
        // Timestamps with regressors need an ARIMA model, as without timestamps.
        let s = dated("naive", Some(ts.clone()), None);
        let e = forecast_series_batch(&values, &offsets, 3, &s, &xreg, &mut |_, _| {});
        assert!(e
            .unwrap_err()
            .to_string()
            .contains("`options.xreg`: expected no regressors unless options.model is \"arima\""));
        // A series that cannot be dated is a per-series error, the others are forecast.
        let mut every3 = ts.clone();
        for (k, t) in every3[30..50].iter_mut().enumerate() {
            *t = jan1 + 3.0 * k as f64 * DAY;
        }
        let s = dated("naive", Some(every3), None);
        let out = forecast_series_batch(&values, &offsets, 3, &s, &[], &mut |_, _| {}).unwrap();
        assert_eq!(out.errors[0], None);
        assert_eq!(out.errors[2], None);
        assert_eq!(
            out.errors[1].as_deref().unwrap(),
            "invalid argument `options.timestamps`: expected a half-hourly, hourly, daily, \
             weekly, monthly, quarterly or yearly step in series 1 (values[30..50]), got a \
             median step of 3 days"
        );
        assert!(out.point[3..6].iter().all(|v| v.is_nan()));
        assert!(out.point[..3].iter().all(|v| v.is_finite()));
        // An empty series, as without timestamps.
        let (_, t45) = daily(45, jan1, 0.0, &[]);
        let out = forecast_series_batch(
            &values,
            &[0, 30, 30, 75],
            3,
            &dated("naive", Some([ta, t45].concat()), None),
            &[],
            &mut |_, _| {},
        )
        .unwrap();
        assert!(out.errors[1]
            .as_deref()
            .unwrap()
            .starts_with("invalid argument `series[1].values`"));
    }

    #[test]
    #[cfg(feature = "forecast")]
    fn a_batch_takes_regressors_per_series() {
        let (a, pa) = promoted(48);
        let (b, pb) = promoted(40);
        let values = [a.clone(), b.clone()].concat();
        let offsets = [0, 48, 88];
        let config = |x: Vec<Vec<Vec<f64>>>, f: Vec<Vec<Vec<f64>>>| BatchConfig {
            xreg: Some(x),
            future_xreg: Some(f),
        };
        let fut = vec![vec![1.0], vec![0.0], vec![0.0]];
        let xreg = config(
            vec![column(&pa), column(&pb)],
            vec![fut.clone(), fut.clone()],
        )
        .check()
        .unwrap();
        let out =
            forecast_series_batch(&values, &offsets, 3, &arima(), &xreg, &mut |_, _| {}).unwrap();
        assert_eq!(out.errors, vec![None, None]);
        for (i, (y, p)) in [(&a, &pa), (&b, &pb)].into_iter().enumerate() {
            let x = ForecastConfig {
                xreg: Some(column(p)),
                future_xreg: Some(fut.clone()),
            }
            .check()
            .unwrap();
            let one = forecast_series(y, 3, &arima(), x).unwrap();
            assert_eq!(&out.point[i * 3..i * 3 + 3], &one.forecast.point[..]);
            assert_eq!(out.model[i], one.model);
        }
        let err = |x, f| {
            let xreg = config(x, f).check()?;
            forecast_series_batch(&values, &offsets, 3, &arima(), &xreg, &mut |_, _| {})
        };
        // Wrong row counts name the series and the argument.
        let e = err(
            vec![column(&pa), column(&pb[1..])],
            vec![fut.clone(), fut.clone()],
        )
        .unwrap_err();
        assert_eq!(
            e.to_string(),
            "invalid argument `options.xreg[1]`: expected one row per value of series 1 (40), got 39 rows"
        );
        let e = err(
            vec![column(&pa), column(&pb)],
            vec![fut.clone(), fut[..2].to_vec()],
        )
        .unwrap_err();
        assert!(
            e.to_string()
                .starts_with("invalid argument `options.futureXreg[1]`: expected 3 rows"),
            "{e}"
        );
        let e = err(vec![column(&pa)], vec![fut.clone()]).unwrap_err();
        assert_eq!(
            e.to_string(),
            "invalid argument `options.xreg`: expected one regressor matrix per series (2), got 1 matrices"
        );
        let e = err(vec![column(&pa), column(&pb)], vec![fut.clone()]).unwrap_err();
        assert!(e.to_string().contains("`options.futureXreg`"), "{e}");
        let mut ragged = column(&pb);
        ragged[5].push(1.0);
        let e = err(vec![column(&pa), ragged], vec![fut.clone(), fut.clone()]).unwrap_err();
        assert_eq!(
            e.to_string(),
            "invalid argument `options.xreg[1][5]`: expected 1 values, as options.xreg[1][0], got 2 values"
        );
        // Regressors need an ARIMA model.
        let ets = ModelConfig::default().check().unwrap();
        let e = forecast_series_batch(&values, &offsets, 3, &ets, &xreg, &mut |_, _| {});
        assert!(e
            .unwrap_err()
            .to_string()
            .contains("`options.xreg`: expected no regressors unless options.model is \"arima\""),);
    }
}
