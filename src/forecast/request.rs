//! One call of `forecast`, `forecastBatch` or `crossValidation` from its checked options
//! ([`super::options`]): the model from the registry, events or regressors around it, and the
//! result a page receives. Errors carry the JS names of the options.

use super::batch::{forecast_batch_xreg, BatchForecast, BatchRequest};
use super::events::refuse_regressors_in_lite;
use super::metrics::{cross_validation_dyn, CrossValidation, CvWindow, FitDyn};
use super::options::{matrix, renamed, BatchConfig, CvConfig, ForecastConfig, ModelSettings};
use super::xreg::PrefixRegressors;
use super::{check_request, check_series, Fit, Forecast, Predict, Xreg};
use crate::error::{Error, Result};
use crate::limits;
use crate::options::{whole, OptionSet};

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
        return Err(Error::invalid(
            "options.xreg",
            "either options.events or options.xreg / options.futureXreg, not both",
            "both",
        ));
    }
    if let Some(with) = s.with_events(&model, m, horizon)? {
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
        Some((x, f)) => model.fit_xreg(y, &x, f),
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

/// `forecastBatch`: every series of `values` split at `offsets`, with per-series regressors
/// (empty for none). Timestamps and events are refused (the series differ in length).
pub fn forecast_series_batch(
    values: &[f64],
    offsets: &[u32],
    horizon: usize,
    s: &ModelSettings,
    xreg: &[(Xreg, Xreg)],
    progress: &mut dyn FnMut(usize, usize),
) -> Result<BatchForecast> {
    for (given, what) in [
        (s.timestamps.is_some(), "timestamps"),
        (s.events.is_some(), "events"),
    ] {
        if given {
            return Err(Error::invalid(
                format!("options.{what}"),
                format!(
                    "no {what} in a batch (its series differ in length): options.frequency, \
                     or forecast per series"
                ),
                format!("options.{what}"),
            ));
        }
    }
    let (model, _) = s.model(None, values)?;
    let request = BatchRequest {
        model: model.model,
        horizon,
        levels: s.levels.clone(),
        seed: s.seed,
        non_negative: model.non_negative,
        intervals: model.intervals,
    };
    forecast_batch_xreg(values, offsets, &request, xreg, progress)
        .map_err(|e| renamed(e, BatchConfig::FIELDS))
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
    use crate::forecast::options::ModelConfig;
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

    #[test]
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
