//! The ARIMA model types: the form ([`Arima`]), its regressors ([`Xreg`]) and a fitted model
//! ([`FittedArima`]) with its forecasts. Fitting is in `fit.rs`, the order search in `auto.rs`.

use super::kalman::StateSpace;
use crate::error::{check, Error, Result};
use crate::forecast::{check_request, Forecast, Predict};
use crate::limits;

/// External regressors: `rows` time steps × `cols` regressors, row-major.
#[derive(Debug, Clone, PartialEq)]
pub struct Xreg {
    /// Time steps.
    pub rows: usize,
    /// Regressors.
    pub cols: usize,
    /// `data[t * cols + j]` is regressor `j` at step `t`.
    pub data: Vec<f64>,
}

impl Xreg {
    /// Validates and wraps a row-major matrix (`arg` names it in errors): finite values, at
    /// most [`MAX_ARIMA_XREG`](limits::MAX_ARIMA_XREG) columns, `rows × cols` values.
    pub fn new(arg: &str, rows: usize, cols: usize, data: Vec<f64>) -> Result<Xreg> {
        limits::check_count(&format!("{arg} columns"), cols, 1, limits::MAX_ARIMA_XREG)?;
        if rows.checked_mul(cols) != Some(data.len()) {
            return Err(Error::invalid(
                arg,
                format!("{rows} × {cols} = rows × columns values"),
                format!("{} values", data.len()),
            ));
        }
        check::finite(arg, &data)?;
        Ok(Xreg { rows, cols, data })
    }
}

/// A fixed ARIMA model `(p,d,q)(P,D,Q)m`. Defaults: `(0,0,0)`, no season, a mean when the model
/// is not differenced, no drift.
///
/// Limits: `p, q <=` [`MAX_ARIMA_ORDER`](limits::MAX_ARIMA_ORDER), `P, Q <=`
/// [`MAX_ARIMA_SEASONAL_ORDER`](limits::MAX_ARIMA_SEASONAL_ORDER), `d, D <=`
/// [`MAX_ARIMA_DIFF`](limits::MAX_ARIMA_DIFF), state `max(p + mP, q + mQ + 1) + d + mD <=`
/// [`MAX_ARIMA_STATE`](limits::MAX_ARIMA_STATE); a drift needs `d + D <= 1`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Arima {
    /// Non-seasonal `(p, d, q)`.
    pub order: (usize, usize, usize),
    /// Seasonal `(P, D, Q)`.
    pub seasonal: (usize, usize, usize),
    /// Season length `m` (ignored when the seasonal order is `(0,0,0)`).
    pub season_length: usize,
    /// Estimate a mean (only when `d + D == 0`; statsforecast's `include_mean`).
    pub include_mean: bool,
    /// Estimate a linear drift (statsforecast's `include_drift`).
    pub include_drift: bool,
}

impl Default for Arima {
    fn default() -> Self {
        Arima {
            order: (0, 0, 0),
            seasonal: (0, 0, 0),
            season_length: 1,
            include_mean: true,
            include_drift: false,
        }
    }
}

impl Arima {
    /// A non-seasonal `(p, d, q)` model with the default constant handling.
    pub fn new(p: usize, d: usize, q: usize) -> Self {
        Arima {
            order: (p, d, q),
            ..Arima::default()
        }
    }

    /// `ARIMA(p,d,q)(P,D,Q)[m]`.
    pub fn name(&self) -> String {
        let (p, d, q) = self.order;
        let (sp, sd, sq) = self.seasonal;
        if sp + sd + sq > 0 {
            format!("ARIMA({p},{d},{q})({sp},{sd},{sq})[{}]", self.season_length)
        } else {
            format!("ARIMA({p},{d},{q})")
        }
    }
}

/// A fitted ARIMA model.
#[derive(Debug, Clone)]
pub struct FittedArima {
    pub(super) spec: Arima,
    /// `[ar | ma | sar | sma | intercept? | drift? | xreg]`.
    pub(super) coef: Vec<f64>,
    pub(super) narma: usize,
    pub(super) mean: bool,
    pub(super) n_user: usize,
    pub(super) n: usize,
    pub(super) sigma2: f64,
    pub(super) neg2_log_lik: f64,
    pub(super) aic: f64,
    pub(super) n_used: usize,
    pub(super) residuals: Vec<f64>,
    pub(super) state: StateSpace,
    pub(super) min_root: f64,
    pub(super) min_root_statsforecast: f64,
    pub(super) future: Option<Xreg>,
}

impl FittedArima {
    /// The model form (with the season length actually used).
    pub fn spec(&self) -> Arima {
        self.spec
    }
    /// Coefficients: AR, MA, seasonal AR, seasonal MA, then intercept, drift and regressors.
    pub fn coefficients(&self) -> &[f64] {
        &self.coef
    }
    /// Innovation variance (sum of squared one-step errors over the observations used).
    pub fn sigma2(&self) -> f64 {
        self.sigma2
    }
    /// `-2 log L` (exact Gaussian likelihood).
    pub fn neg2_log_lik(&self) -> f64 {
        self.neg2_log_lik
    }
    /// Log-likelihood.
    pub fn log_lik(&self) -> f64 {
        -0.5 * self.neg2_log_lik
    }
    /// AIC, the innovation variance counted as a parameter.
    pub fn aic(&self) -> f64 {
        self.aic
    }
    /// Number of estimated coefficients plus one (the variance).
    pub fn n_params(&self) -> usize {
        self.coef.len() + 1
    }
    /// AICc as statsforecast computes it (sample size `n - d - m·D`); +inf when undefined.
    pub fn aicc(&self) -> f64 {
        let (_, d, _) = self.spec.order;
        let (_, sd, _) = self.spec.seasonal;
        let nstar = self.n as f64 - d as f64 - (sd * self.spec.season_length) as f64;
        let k = self.n_params() as f64;
        let den = nstar - k - 1.0;
        if den == 0.0 {
            f64::INFINITY
        } else {
            self.aic + 2.0 * k * (k + 1.0) / den
        }
    }
    /// Standardised one-step errors of the final filter pass.
    pub fn residuals(&self) -> &[f64] {
        &self.residuals
    }
    /// Smallest modulus of the AR and MA polynomial roots (> 1 for a stationary, invertible
    /// model; +inf without ARMA terms).
    pub fn min_root(&self) -> f64 {
        self.min_root
    }
    /// [`Self::min_root`] as statsforecast's search checks it (AR or MA polynomials of degree
    /// one untested).
    pub(crate) fn min_root_statsforecast(&self) -> f64 {
        self.min_root_statsforecast
    }
    /// Observations the likelihood used (`n - d - m·D`).
    pub fn n_used(&self) -> usize {
        self.n_used
    }
    /// Number of regressors the caller gave.
    pub fn n_xreg(&self) -> usize {
        self.n_user
    }
    /// Sets the innovation variance to statsforecast's search estimate: the sum of squared
    /// residuals over `nstar - n_params + 1` (`nstar` the observations after differencing).
    pub(crate) fn rescale_sigma2(&mut self, nstar: f64) {
        let ss: f64 = self
            .residuals()
            .iter()
            .filter(|v| !v.is_nan())
            .map(|v| v * v)
            .sum();
        self.sigma2 = ss / (nstar - self.n_params() as f64 + 1.0);
    }

    /// Stores the regressors of the forecast horizon (one row per step ahead, the columns of the
    /// fit); required before predicting when the model was fitted with regressors.
    pub fn with_future_xreg(mut self, future: Xreg) -> Result<Self> {
        if future.cols != self.n_user {
            return Err(Error::invalid(
                "future_xreg",
                format!("{} columns, as xreg", self.n_user),
                format!("{} columns", future.cols),
            ));
        }
        self.future = Some(future);
        Ok(self)
    }

    /// Predicts with the regressors of the horizon (`None` when fitted without).
    pub fn predict_xreg(
        &self,
        horizon: usize,
        levels: &[f64],
        future: Option<&Xreg>,
    ) -> Result<Forecast> {
        check_request(horizon, levels)?;
        let future = future.or(self.future.as_ref());
        match future {
            None if self.n_user > 0 => {
                return Err(Error::invalid(
                    "future_xreg",
                    format!(
                        "the {} regressors for each of the {horizon} steps ahead",
                        self.n_user
                    ),
                    "none",
                ))
            }
            Some(f) if f.cols != self.n_user || f.rows < horizon => {
                return Err(Error::invalid(
                    "future_xreg",
                    format!(
                        "{horizon} rows (one per step ahead) of {} columns",
                        self.n_user
                    ),
                    format!("{} rows of {} columns", f.rows, f.cols),
                ))
            }
            _ => {}
        }
        let (mut point, var) = self.state.forecast(horizon);
        let beta = &self.coef[self.narma..];
        let mut j = 0;
        if self.mean {
            point.iter_mut().for_each(|v| *v += beta[0]);
            j += 1;
        }
        if self.spec.include_drift {
            for (h, v) in point.iter_mut().enumerate() {
                *v += beta[j] * (self.n + h + 1) as f64;
            }
            j += 1;
        }
        if let Some(f) = future {
            for (h, v) in point.iter_mut().enumerate() {
                let row = &f.data[h * f.cols..(h + 1) * f.cols];
                *v += row.iter().zip(&beta[j..]).map(|(x, b)| x * b).sum::<f64>();
            }
        }
        let sd: Vec<f64> = var
            .iter()
            .map(|v| (v * self.sigma2).max(0.0).sqrt())
            .collect();
        Ok(Forecast::gaussian(point, &sd, levels))
    }
}

impl Predict for FittedArima {
    fn predict(&self, horizon: usize, levels: &[f64]) -> Result<Forecast> {
        self.predict_xreg(horizon, levels, None)
    }

    fn name(&self) -> String {
        let mut s = self.spec.name();
        if self.mean {
            s.push_str(" with mean");
        } else if self.spec.include_drift {
            s.push_str(" with drift");
        }
        if self.n_user > 0 {
            s.push_str(&format!(" + {} regressors", self.n_user));
        }
        s
    }
}
