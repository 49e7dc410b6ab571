//! Demand forecasting: models fitted on one series, predicting a horizon with intervals.
//!
//! Every model follows the same pair of traits (after linfa): a parameter value implements
//! [`Fit`], which validates the series and returns a fitted model implementing [`Predict`].
//!
//! - [`Baseline`]: naive, seasonal naive, drift, window average;
//! - [`ets`]: the ETS state-space family ([`Ets`]) and automatic selection ([`AutoEts`]);
//! - [`arima`]: ARIMA with regressors ([`Arima`]) and automatic order selection ([`AutoArima`]);
//! - [`theta`]: Theta (STM, OTM, dynamic variants, auto);
//! - [`intermittent`]: Croston, SBA, TSB, ADIDA for sparse demand;
//! - [`events`]: holidays and promotions as regressor columns, [`xreg`]: any model with them;
//! - [`mstl`]: MSTL, several seasons by STL ([`stl`]) with a non-seasonal trend model;
//! - [`seasonality`]: ACF-based season-length detection;
//! - [`metrics`]: MAE, RMSE, sMAPE, MASE, coverage and rolling-origin [`cross_validation`];
//! - [`ensemble`]: mean/median combinations of registry models and conformal intervals;
//! - [`batch`]: many series from flat values + offsets ([`forecast_batch`]);
//! - [`options`]: the JS options as one definition each, [`request`]: one JS call from them.

// `forecast-lite` builds keep every model's code but link only the lean registry entries; what
// only ARIMA, MSTL and the ensembles use is then unused there.
#![cfg_attr(not(feature = "forecast"), allow(dead_code, unused_imports))]

pub mod arima;
mod baseline;
pub mod batch;
pub mod ensemble;
pub mod ets;
pub mod events;
pub mod intermittent;
pub mod metrics;
pub mod mstl;
pub(crate) mod optim;
pub mod options;
pub mod request;
pub mod seasonality;
pub mod stl;
pub mod theta;
pub mod xreg;

pub use arima::{Arima, ArimaSearch, AutoArima, FittedArima, Xreg};
pub use baseline::{Baseline, FittedBaseline};
pub use batch::{
    forecast_batch, BatchForecast, BatchModel, BatchRequest, FittedModel, ModelOptions, SeededModel,
};
pub use ensemble::{Combine, IntervalMethod, MemberSet};
pub use ets::{AutoEts, Ets, EtsParams, EtsSearch, EtsSpec, FittedEts, WeightedEts};
pub use intermittent::{FittedIntermittent, Intermittent, IntermittentMethod};
pub use metrics::{cross_validation, CrossValidation, CvWindow};
pub use mstl::{FittedMstl, Mstl, SeasonLengths, TrendModel};
pub use theta::{FittedTheta, Theta, ThetaVariant};
pub use xreg::{FittedWithRegressors, WithRegressors};

use crate::error::{check, Error, Result};
use crate::limits;
use crate::stats::norm_ppf;

/// Fits a model to one series.
pub trait Fit {
    /// The fitted model.
    type Fitted: Predict;
    /// Validates `y` against the parameters and fits.
    fn fit(&self, y: &[f64]) -> Result<Self::Fitted>;
}

/// Predicts from a fitted model.
pub trait Predict {
    /// Point forecasts for `horizon` steps, with a central prediction interval per level in `levels`
    /// (each strictly between 0 and 1, e.g. `0.95`).
    fn predict(&self, horizon: usize, levels: &[f64]) -> Result<Forecast>;
    /// Short model name, e.g. `SeasonalNaive(12)`.
    fn name(&self) -> String;
}

/// Point forecasts and prediction intervals.
#[derive(Debug, Clone, PartialEq)]
pub struct Forecast {
    /// Point forecast per step ahead.
    pub point: Vec<f64>,
    /// One interval per requested level, in the order requested.
    pub intervals: Vec<Interval>,
}

/// A central prediction interval.
#[derive(Debug, Clone, PartialEq)]
pub struct Interval {
    /// Coverage level in (0, 1).
    pub level: f64,
    /// Lower bound per step ahead.
    pub lower: Vec<f64>,
    /// Upper bound per step ahead.
    pub upper: Vec<f64>,
}

impl Forecast {
    /// Gaussian intervals `point ± z(level) · sigma[h]`.
    pub(crate) fn gaussian(point: Vec<f64>, sigma: &[f64], levels: &[f64]) -> Self {
        let intervals = levels
            .iter()
            .map(|&level| {
                let z = norm_ppf(0.5 + level / 2.0);
                Interval {
                    level,
                    lower: point.iter().zip(sigma).map(|(p, s)| p - z * s).collect(),
                    upper: point.iter().zip(sigma).map(|(p, s)| p + z * s).collect(),
                }
            })
            .collect();
        Forecast { point, intervals }
    }
}

impl Forecast {
    /// Fails unless every point forecast and interval bound is finite; the error names the
    /// model by `name`.
    pub(crate) fn check_finite(&self, name: impl FnOnce() -> String) -> Result<()> {
        let finite = self.point.iter().all(|v| v.is_finite())
            && self
                .intervals
                .iter()
                .all(|i| i.lower.iter().chain(&i.upper).all(|v| v.is_finite()));
        if !finite {
            return Err(Error::Numerical(format!(
                "{} produced a non-finite forecast for this series",
                name()
            )));
        }
        Ok(())
    }

    /// Clamps point forecasts and interval bounds at 0, for quantities that cannot be negative
    /// (demand, sales). Bounds stay ordered: `lower <= point <= upper` still holds.
    pub fn clamp_non_negative(&mut self) {
        let clamp = |v: &mut Vec<f64>| v.iter_mut().for_each(|x| *x = x.max(0.0));
        clamp(&mut self.point);
        for iv in &mut self.intervals {
            clamp(&mut iv.lower);
            clamp(&mut iv.upper);
        }
    }
}

/// Validates a series: non-empty and finite.
pub(crate) fn check_series(y: &[f64]) -> Result<()> {
    check::non_empty("values", y)?;
    check::finite("values", y)
}

/// Validates a horizon (`1..=`[`MAX_HORIZON`](crate::limits::MAX_HORIZON)) and interval levels
/// (at most [`MAX_LEVELS`](crate::limits::MAX_LEVELS), each in (0, 1)).
pub(crate) fn check_request(horizon: usize, levels: &[f64]) -> Result<()> {
    limits::check_count("horizon", horizon, 1, limits::MAX_HORIZON)?;
    if levels.len() > limits::MAX_LEVELS {
        return Err(Error::invalid(
            "levels",
            format!("at most {} interval levels", limits::MAX_LEVELS),
            format!("{} levels", levels.len()),
        ));
    }
    for (i, &l) in levels.iter().enumerate() {
        check::open_interval(&format!("levels[{i}]"), l, 0.0, 1.0)?;
    }
    Ok(())
}

/// Error for a series too short for what was asked.
pub(crate) fn too_short(needed: usize, what: &str, n: usize) -> Error {
    Error::invalid(
        "values",
        format!("at least {needed} points {what}"),
        format!("{n} points"),
    )
}
