//! ARIMA models: a fixed `(p,d,q)(P,D,Q)m` form with constant, drift and external regressors
//! ([`Arima`], regression with ARIMA errors) and automatic order selection ([`AutoArima`]).
//!
//! The likelihood is exact and Gaussian, computed by the Kalman filter on the state-space form
//! (the stationary covariance as the prior of the ARMA part, a diffuse prior on the differencing
//! states); parameters are fitted by conditional sum of squares, then maximum likelihood (BFGS),
//! with the AR parts kept stationary through the PACF reparametrisation. Prediction intervals
//! come from the Kalman forecast variances. This follows R's `arima` and statsforecast's port of
//! it, whose numbers the tests compare with.

mod auto;
mod bfgs;
mod fastlik;
mod fit;
mod kalman;
mod model;
mod poly;
#[cfg(test)]
mod testdata;
#[cfg(test)]
mod tests;
mod unitroot;

pub use auto::{ArimaSearch, AutoArima};
pub(crate) use fit::check_spec;
pub use model::{Arima, FittedArima, Xreg};
pub use unitroot::{kpss_statistic, ndiffs, nsdiffs};

use super::Fit;
use crate::error::{check, Result};

impl Arima {
    /// Fits with external regressors `xreg` (one row per value of `y`): regression with ARIMA
    /// errors. Forecasts then need the regressors of the horizon
    /// ([`FittedArima::with_future_xreg`]).
    pub fn fit_xreg(&self, y: &[f64], xreg: Option<&Xreg>) -> Result<FittedArima> {
        fit::fit(y, self, xreg, false)
    }

    /// Fits as statsforecast 2.1's `arima(method = "CSS-ML")` does, quirks included: no MA
    /// inversion, and the likelihood the optimiser sees keeps the previous evaluation's
    /// prediction covariance outside the ARMA block of the prior (its filter writes into the
    /// model's prior), so that differenced models get statsforecast's coefficients and AIC.
    pub fn fit_statsforecast(&self, y: &[f64], xreg: Option<&Xreg>) -> Result<FittedArima> {
        fit::fit(y, self, xreg, true)
    }

    /// The model with every coefficient given (`[ar | ma | sar | sma | mean? | drift? | xreg]`,
    /// as [`FittedArima::coefficients`] lists them), no estimation: one filter pass for the
    /// likelihood, the residuals and the forecast state.
    pub fn with_coefficients(
        &self,
        y: &[f64],
        xreg: Option<&Xreg>,
        coefficients: &[f64],
    ) -> Result<FittedArima> {
        check::finite("coefficients", coefficients)?;
        fit::fit_with(y, self, xreg, false, fit::Method::CssMl, Some(coefficients))
    }
}

impl Fit for Arima {
    type Fitted = FittedArima;
    fn fit(&self, y: &[f64]) -> Result<FittedArima> {
        fit::fit(y, self, None, false)
    }
}
