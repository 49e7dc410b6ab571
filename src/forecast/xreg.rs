//! Any registry model with external regressors (holiday and promotion columns from
//! [`super::events`]): their effects are estimated by backfitting against the series' seasons
//! ([`super::mstl::backfit`]), the model is fitted on the series without them, and the effects
//! are added back over the horizon from the regressors' future rows. With MSTL this is exactly
//! [`super::Mstl::fit_xreg`]; with AutoETS, Theta or a baseline it is the usual "regress out the
//! calendar, then forecast" preprocessing.

use super::batch::{BatchModel, FittedModel, SeededModel};
use super::mstl::{backfit, check_columns, effect, Columns};
use super::{Fit, Forecast, Predict, Xreg};
use crate::error::{Error, Result};

/// A model with regressor columns known over the series and beyond: a fit on `y` uses the
/// first `y.len()` rows, a forecast the rows after them, so it fits any prefix as
/// [`super::cross_validation`] does.
#[derive(Debug, Clone, PartialEq)]
pub struct WithRegressors {
    /// The model (its `non_negative` clamps the final forecast, effects included).
    pub model: SeededModel,
    /// Season lengths the effects are estimated against (the model's; none for 1).
    pub periods: Vec<usize>,
    /// One column per regressor, at least as long as every series fitted.
    pub columns: Vec<Vec<f64>>,
}

/// A fitted [`WithRegressors`].
#[derive(Debug, Clone)]
pub struct FittedWithRegressors {
    inner: FittedModel,
    beta: Vec<f64>,
    future: Vec<Vec<f64>>,
    non_negative: bool,
}

impl WithRegressors {
    /// `model` with `columns`; the periods are MSTL's seasons or the model's season length `m`.
    pub fn new(model: SeededModel, m: usize, columns: Vec<Vec<f64>>) -> Self {
        let periods = match model.model {
            BatchModel::Mstl { seasons, .. } => seasons
                .as_slice()
                .iter()
                .map(|p| p.round() as usize)
                .collect(),
            _ if m >= 2 => vec![m],
            _ => Vec::new(),
        };
        WithRegressors {
            model,
            periods,
            columns,
        }
    }
}

impl Fit for WithRegressors {
    type Fitted = FittedWithRegressors;

    fn fit(&self, y: &[f64]) -> Result<FittedWithRegressors> {
        // Backfitted with MSTL, which `forecast-lite` has not (its events are refused earlier).
        if cfg!(not(feature = "forecast")) {
            return Err(super::events::not_in_lite());
        }
        super::check_series(y)?;
        let n = y.len();
        let rows = self.columns.first().map_or(n, Vec::len);
        if rows < n {
            return Err(Error::invalid(
                "xreg",
                format!("columns of at least the series' {n} values"),
                format!("columns of {rows} values"),
            ));
        }
        check_columns("xreg", &self.columns, rows)?;
        let history: Vec<Vec<f64>> = self.columns.iter().map(|c| c[..n].to_vec()).collect();
        let mut periods: Vec<usize> = self
            .periods
            .iter()
            .copied()
            .filter(|&p| p >= 2 && 2 * p <= n)
            .collect();
        // A handful of seasons: an insertion sort, no sort instance of its own.
        for i in 1..periods.len() {
            let mut j = i;
            while j > 0 && periods[j - 1] > periods[j] {
                periods.swap(j - 1, j);
                j -= 1;
            }
        }
        periods.dedup();
        let beta = backfit(&periods, y, &history)?;
        // Demand models (Croston/SBA/TSB/ADIDA, and "auto", which routes intermittent demand to
        // them) take non-negative quantities: on non-negative data the events explain at most a
        // period's whole demand, so what is left is clipped at 0.
        let demand = matches!(
            self.model.model,
            BatchModel::Intermittent(_) | BatchModel::Auto { .. }
        ) && y.iter().all(|&v| v >= 0.0);
        let adjusted: Vec<f64> = (0..n)
            .map(|t| {
                let left = y[t] - effect(&history, &beta, t);
                if demand {
                    left.max(0.0)
                } else {
                    left
                }
            })
            .collect();
        let inner = SeededModel {
            non_negative: false,
            ..self.model.clone()
        }
        .fit(&adjusted)?;
        Ok(FittedWithRegressors {
            inner,
            beta,
            future: self.columns.iter().map(|c| c[n..].to_vec()).collect(),
            non_negative: self.model.non_negative,
        })
    }
}

impl FittedWithRegressors {
    /// The regressors' estimated effects, one per column.
    pub fn coefficients(&self) -> &[f64] {
        &self.beta
    }
}

impl Predict for FittedWithRegressors {
    fn predict(&self, horizon: usize, levels: &[f64]) -> Result<Forecast> {
        if cfg!(not(feature = "forecast")) {
            return Err(super::events::not_in_lite());
        }
        let rows = self.future.first().map_or(horizon, Vec::len);
        if rows < horizon {
            return Err(Error::invalid(
                "xreg",
                format!("regressor values for the {horizon} steps ahead"),
                format!("{rows} steps"),
            ));
        }
        let future: &Columns = &self.future;
        let mut fc = self.inner.predict(horizon, levels)?;
        let shift = |v: &mut Vec<f64>| {
            for (h, x) in v.iter_mut().enumerate() {
                *x += effect(future, &self.beta, h);
            }
        };
        shift(&mut fc.point);
        for iv in &mut fc.intervals {
            shift(&mut iv.lower);
            shift(&mut iv.upper);
        }
        if self.non_negative {
            fc.clamp_non_negative();
        }
        Ok(fc)
    }

    fn name(&self) -> String {
        format!("{} + {} regressors", self.inner.name(), self.beta.len())
    }
}

/// A model with regressors over a whole series (regression with ARIMA errors): a fit on the
/// first `n` values uses the first `n` rows of `xreg` and forecasts with the rows after them, so
/// it fits any prefix as [`super::cross_validation`]'s windows do.
#[derive(Debug, Clone, PartialEq)]
pub struct PrefixRegressors {
    /// The model (`"arima"` or `"autoARIMA"`).
    pub model: SeededModel,
    /// One row per value of the series.
    pub xreg: Xreg,
}

impl Fit for PrefixRegressors {
    type Fitted = FittedModel;

    fn fit(&self, y: &[f64]) -> Result<FittedModel> {
        let (n, cols) = (y.len(), self.xreg.cols);
        if self.xreg.rows < n {
            return Err(Error::invalid(
                "xreg",
                format!("at least one row per value ({n})"),
                format!("{} rows", self.xreg.rows),
            ));
        }
        let (history, future) = self.xreg.data.split_at(n * cols);
        let history = Xreg::new("xreg", n, cols, history.to_vec())?;
        let future = Xreg::new("xreg", self.xreg.rows - n, cols, future.to_vec())?;
        self.model.fit_xreg(y, &history, future)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::forecast::{CrossValidation, Mstl, SeasonLengths};
    use crate::rng;
    use rand::Rng as _;

    #[test]
    #[cfg(feature = "forecast")]
    fn regressed_effects_serve_any_model_and_a_rolling_origin() {
        // Daily data with a weekly pattern; an "event" adds 30 on scattered days.
        let n = 224;
        let event: Vec<f64> = (0..n).map(|t| (t % 13 == 5) as u8 as f64).collect();
        let mut r = rng::seeded(9);
        let y: Vec<f64> = (0..n)
            .map(|t| {
                50.0 + 8.0 * [0.0, 1.0, 2.0, 1.5, 0.5, -3.0, -2.0][t % 7]
                    + 30.0 * event[t]
                    + r.random::<f64>()
            })
            .collect();
        let seeded = |model| SeededModel {
            model,
            seed: 0,
            non_negative: true,
            intervals: Default::default(),
        };
        let mstl = BatchModel::Mstl {
            seasons: SeasonLengths::new(&[7.0]).unwrap(),
            trend: Default::default(),
        };
        let wrapped = WithRegressors::new(seeded(mstl), 7, vec![event.clone()]);
        let fit = wrapped.fit(&y[..210]).unwrap();
        assert!(
            (fit.coefficients()[0] - 30.0).abs() < 2.0,
            "{:?}",
            fit.coefficients()
        );
        // The same as MSTL's own regressors.
        let own = Mstl::new(SeasonLengths::new(&[7.0]).unwrap())
            .fit_xreg(&y[..210], Some(&[event[..210].to_vec()]))
            .unwrap()
            .predict_xreg(14, &[], Some(&[event[210..].to_vec()]))
            .unwrap();
        let f = fit.predict(14, &[]).unwrap();
        for (a, b) in f.point.iter().zip(&own.point) {
            assert!((a - b).abs() < 1e-9, "{a} vs {b}");
        }
        assert!(fit.name().starts_with("MSTL([7]") && fit.name().ends_with("+ 1 regressors"));
        assert!(fit
            .predict(15, &[])
            .unwrap_err()
            .to_string()
            .contains("`xreg`"));
        assert!(wrapped.fit(&[y.clone(), vec![1.0]].concat()).is_err());
        // AutoETS with the same events, and a rolling origin over both.
        let ets = BatchModel::AutoEts {
            season_length: Some(7),
            search: Default::default(),
        };
        let with = WithRegressors::new(seeded(ets), 7, vec![event.clone()]);
        let cv = CrossValidation {
            n_windows: 3,
            step: 7,
            horizon: 7,
            levels: vec![0.8],
            season_length: 7,
            non_negative: true,
        };
        let runs = crate::forecast::cross_validation(&with, &y, &cv).unwrap();
        let plain = crate::forecast::cross_validation(&seeded(ets), &y, &cv).unwrap();
        let mean = |r: &[crate::forecast::CvWindow]| r.iter().map(|w| w.mae).sum::<f64>() / 3.0;
        assert!(
            mean(&runs) < 0.5 * mean(&plain),
            "{} vs {}",
            mean(&runs),
            mean(&plain)
        );
        assert!(runs[0].forecast.point.iter().all(|v| v.is_finite()));
    }

    /// Intermittent demand with a promotion whose estimated effect exceeds some of its periods:
    /// TSB (and "auto", which routes it to SBA/TSB/ADIDA) fits what the events leave, clipped at
    /// 0, instead of refusing negative quantities.
    #[test]
    #[cfg(feature = "forecast")]
    fn demand_models_take_what_the_events_leave() {
        use crate::forecast::{Intermittent, IntermittentMethod};
        let n = 120;
        let promo: Vec<f64> = (0..n).map(|t| f64::from(t % 20 == 7)).collect();
        // Mostly zeros; the promotion days sell 6 to 10, other sales 1 to 3.
        let y: Vec<f64> = (0..n)
            .map(|t| {
                if promo[t] > 0.0 {
                    6.0 + ((t / 20) % 5) as f64
                } else if t % 4 == 1 {
                    1.0 + (t % 3) as f64
                } else {
                    0.0
                }
            })
            .collect();
        let columns = vec![[promo.clone(), vec![1.0, 0.0, 0.0]].concat()];
        let seeded = |model| SeededModel {
            model,
            seed: 0,
            non_negative: true,
            intervals: Default::default(),
        };
        let tsb = BatchModel::Intermittent(Intermittent::new(IntermittentMethod::Tsb));
        let fit = WithRegressors::new(seeded(tsb), 1, columns.clone())
            .fit(&y)
            .unwrap();
        let beta = fit.coefficients()[0];
        // Some promotion day sells less than the estimated effect: without the clip the series
        // handed to TSB had a negative value, which TSB refuses.
        let history = vec![promo.clone()];
        assert!(
            (0..n).any(|t| y[t] - effect(&history, &[beta], t) < 0.0),
            "{beta}"
        );
        let f = fit.predict(3, &[0.8]).unwrap();
        assert!(f.point.iter().all(|v| v.is_finite() && *v >= 0.0));
        // The promotion's step is lifted by its effect over the others.
        assert!(
            (f.point[0] - f.point[1] - beta).abs() < 1e-9,
            "{:?}",
            f.point
        );
        // The same as TSB alone on the clipped remainder.
        let left: Vec<f64> = (0..n)
            .map(|t| (y[t] - effect(&history, &[beta], t)).max(0.0))
            .collect();
        let alone = Intermittent::new(IntermittentMethod::Tsb)
            .fit(&left)
            .unwrap()
            .predict(3, &[])
            .unwrap();
        assert!((f.point[1] - alone.point[1]).abs() < 1e-12);
        let auto = BatchModel::Auto {
            season_length: Some(1),
            search: Default::default(),
        };
        let fit = WithRegressors::new(seeded(auto), 1, columns)
            .fit(&y)
            .unwrap();
        assert!(fit
            .predict(3, &[0.8])
            .unwrap()
            .point
            .iter()
            .all(|v| v.is_finite()));
    }
}
