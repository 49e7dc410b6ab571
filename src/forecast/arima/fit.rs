//! Fitting one ARIMA model: regression coefficients started by least squares on the differenced
//! data, a conditional-sum-of-squares fit, then exact maximum likelihood through the Kalman
//! filter (R's and statsforecast's `CSS-ML`), with the AR parts kept stationary by the PACF
//! reparametrisation.

use super::bfgs::{self, Stop};
use super::fastlik::arma_likelihood;
use super::kalman::{css, delta, difference, StateSpace};
use super::poly::{
    ar_stationary, expand, inv_partrans, ma_invert, min_root, partrans, statsforecast_tests_roots,
};
use super::{Arima, FittedArima, Xreg};
use crate::error::{Error, Result};
use crate::forecast::{check_series, too_short};
use crate::limits;
use std::borrow::Cow;

/// Iterations of each BFGS run (statsforecast's `optim_control`).
const MAX_ITER: usize = 100;
/// Gradient tolerance of each BFGS run (statsforecast's `tol`).
const GTOL: f64 = 1e-8;

/// Parameter layout: `[ar (p) | ma (q) | sar (P) | sma (Q) | xreg (k)]`.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Layout {
    pub p: usize,
    pub q: usize,
    pub sp: usize,
    pub sq: usize,
    pub m: usize,
}

impl Layout {
    pub fn narma(&self) -> usize {
        self.p + self.q + self.sp + self.sq
    }

    /// Expanded `(phi, theta)`; with `trans` the AR parts are read as PACF-space values.
    pub fn polys(&self, par: &[f64], trans: bool) -> (Vec<f64>, Vec<f64>) {
        let (p, q, sp, sq) = (self.p, self.q, self.sp, self.sq);
        let ar = &par[..p];
        let ma = &par[p..p + q];
        let sar = &par[p + q..p + q + sp];
        let sma = &par[p + q + sp..p + q + sp + sq];
        let (ar, sar) = if trans {
            (partrans(ar), partrans(sar))
        } else {
            (ar.to_vec(), sar.to_vec())
        };
        (
            expand(&ar, &sar, self.m, -1.0),
            expand(ma, sma, self.m, 1.0),
        )
    }

    /// Applies `f` to the non-seasonal and the seasonal AR blocks of `par`.
    fn map_ar(&self, par: &mut [f64], f: impl Fn(&[f64]) -> Vec<f64>) {
        let a = f(&par[..self.p]);
        par[..self.p].copy_from_slice(&a);
        let at = self.p + self.q;
        let s = f(&par[at..at + self.sp]);
        par[at..at + self.sp].copy_from_slice(&s);
    }

    fn map_ma(&self, par: &mut [f64], f: impl Fn(&[f64]) -> Vec<f64>) {
        let a = f(&par[self.p..self.p + self.q]);
        par[self.p..self.p + self.q].copy_from_slice(&a);
        let at = self.p + self.q + self.sp;
        let s = f(&par[at..at + self.sq]);
        par[at..at + self.sq].copy_from_slice(&s);
    }
}

/// Solves the least-squares problem `min |X b - y|` (columns of `x` given as vectors) through
/// the normal equations with a Cholesky factorisation; `None` when `X'X` is singular.
pub(crate) fn least_squares(cols: &[Vec<f64>], y: &[f64]) -> Option<Vec<f64>> {
    let k = cols.len();
    let mut a = vec![0.0; k * k];
    let mut b = vec![0.0; k];
    for i in 0..k {
        b[i] = cols[i].iter().zip(y).map(|(u, v)| u * v).sum();
        for j in 0..=i {
            let v: f64 = cols[i].iter().zip(&cols[j]).map(|(u, v)| u * v).sum();
            a[i * k + j] = v;
            a[j * k + i] = v;
        }
    }
    let scale = (0..k).fold(0.0f64, |m, i| m.max(a[i * k + i]));
    // Cholesky: a = L L'.
    let mut l = vec![0.0; k * k];
    for i in 0..k {
        for j in 0..=i {
            let s = a[i * k + j] - (0..j).map(|t| l[i * k + t] * l[j * k + t]).sum::<f64>();
            if i == j {
                if s.is_nan() || s <= 1e-12 * scale {
                    return None;
                }
                l[i * k + i] = s.sqrt();
            } else {
                l[i * k + j] = s / l[j * k + j];
            }
        }
    }
    let mut z = vec![0.0; k];
    for i in 0..k {
        z[i] = (b[i] - (0..i).map(|t| l[i * k + t] * z[t]).sum::<f64>()) / l[i * k + i];
    }
    let mut x = vec![0.0; k];
    for i in (0..k).rev() {
        x[i] = (z[i] - (i + 1..k).map(|t| l[t * k + i] * x[t]).sum::<f64>()) / l[i * k + i];
    }
    x.iter().all(|v| v.is_finite()).then_some(x)
}

/// Checks that `xreg`, when given, has one row per value of a series of `n`.
pub(crate) fn check_xreg_rows(xreg: Option<&Xreg>, n: usize) -> Result<()> {
    match xreg {
        Some(x) if x.rows != n => Err(Error::invalid(
            "xreg",
            format!("one row per value of the series ({n} rows)"),
            format!("{} rows", x.rows),
        )),
        _ => Ok(()),
    }
}

/// Checks the orders and sizes of `spec` against the documented limits.
pub(crate) fn check_spec(spec: &Arima) -> Result<()> {
    let (p, d, q) = spec.order;
    let (sp, sd, sq) = spec.seasonal;
    limits::check_count("order[0]", p, 0, limits::MAX_ARIMA_ORDER)?;
    limits::check_count("order[1]", d, 0, limits::MAX_ARIMA_DIFF)?;
    limits::check_count("order[2]", q, 0, limits::MAX_ARIMA_ORDER)?;
    limits::check_count("seasonal_order[0]", sp, 0, limits::MAX_ARIMA_SEASONAL_ORDER)?;
    limits::check_count("seasonal_order[1]", sd, 0, limits::MAX_ARIMA_DIFF)?;
    limits::check_count("seasonal_order[2]", sq, 0, limits::MAX_ARIMA_SEASONAL_ORDER)?;
    let m = limits::check_count(
        "season_length",
        spec.season_length,
        1,
        limits::MAX_SEASON_LENGTH,
    )?;
    if m == 1 && sp + sd + sq > 0 {
        return Err(Error::invalid(
            "season_length",
            "a season length >= 2 for a seasonal order other than [0, 0, 0]",
            1,
        ));
    }
    let m = if sp + sd + sq > 0 { m } else { 1 };
    let r = (p + m * sp).max(q + m * sq + 1);
    let rd = r + d + m * sd;
    if rd > limits::MAX_ARIMA_STATE {
        return Err(Error::invalid(
            "order",
            format!(
                "orders whose state, max(p + m·P, q + m·Q + 1) + d + m·D, is at most {}",
                limits::MAX_ARIMA_STATE
            ),
            format!("a state of {rd}"),
        ));
    }
    if spec.include_drift && d + sd > 1 {
        return Err(Error::invalid(
            "include_drift",
            "a drift only with at most one difference (d + D <= 1)",
            format!("d + D = {}", d + sd),
        ));
    }
    Ok(())
}

/// Fits `spec` to `y` with the regressors `xreg` (rows = time). `compat` reproduces
/// statsforecast 2.1's quirks: no MA inversion and no stationarity guard on the CSS start
/// (its `arCheck`/`maInvert` never act); a non-stationary CSS start then fails the fit.
pub(crate) fn fit(
    y: &[f64],
    spec: &Arima,
    xreg: Option<&Xreg>,
    compat: bool,
) -> Result<FittedArima> {
    fit_with(y, spec, xreg, compat, Method::CssMl, None)
}

/// How the coefficients are estimated.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Method {
    /// Conditional sum of squares, then exact maximum likelihood.
    CssMl,
    /// Conditional sum of squares only (the AIC is then left NaN for the caller to define).
    Css,
    /// [`Method::CssMl`] with looser stopping (gradient 1e-5, at most 50 iterations) and the
    /// likelihood of the differenced series by the Chandrasekhar recursions (`fastlik`), which
    /// equals the filter's up to its diffuse prior's finite variance: the refits of AutoARIMA's
    /// fast search.
    CssMlQuick,
}

/// [`fit`] with the estimation method, or with every coefficient `fixed` (no optimisation).
pub(crate) fn fit_with(
    y: &[f64],
    spec: &Arima,
    xreg: Option<&Xreg>,
    compat: bool,
    method: Method,
    fixed: Option<&[f64]>,
) -> Result<FittedArima> {
    check_series(y)?;
    check_spec(spec)?;
    let n = y.len();
    let (p, d, q) = spec.order;
    let (sp, sd, sq) = spec.seasonal;
    let m = if sp + sd + sq > 0 {
        spec.season_length
    } else {
        1
    };
    let lay = Layout { p, q, sp, sq, m };
    let dl = delta(d, sd, m);
    let nd = d + sd;
    check_xreg_rows(xreg, n)?;
    // Regression columns: intercept, drift, the caller's regressors.
    let mut cols: Vec<Vec<f64>> = Vec::new();
    let mean = spec.include_mean && nd == 0;
    if mean {
        cols.push(vec![1.0; n]);
    }
    if spec.include_drift {
        cols.push((1..=n).map(|t| t as f64).collect());
    }
    let n_user = xreg.map_or(0, |x| x.cols);
    if let Some(x) = xreg {
        for c in 0..x.cols {
            cols.push((0..n).map(|t| x.data[t * x.cols + c]).collect());
        }
    }
    let k = cols.len();
    let narma = lay.narma();
    let ncond = d + sd * m + p + sp * m;
    let n_used = n.saturating_sub(dl.len());
    if n_used <= k + narma || ncond >= n {
        return Err(too_short(
            (ncond + 1).max(dl.len() + k + narma + 1),
            &format!("for this ARIMA model ({} parameters)", k + narma),
            n,
        ));
    }
    let mut init = vec![0.0; narma + k];
    let dy = difference(y, d, sd, m);
    let dcols: Vec<Vec<f64>> = cols.iter().map(|c| difference(c, d, sd, m)).collect();
    if k > 0 {
        let beta = least_squares(&dcols, &dy).ok_or_else(|| {
            Error::invalid(
                "xreg",
                "regressors that stay linearly independent after differencing",
                "a rank-deficient regression matrix",
            )
        })?;
        init[narma..].copy_from_slice(&beta);
    }
    // The series less the regression, borrowed (not copied per evaluation) when there is none.
    let resid_of = |par: &[f64]| -> Cow<'_, [f64]> {
        if k == 0 {
            return Cow::Borrowed(y);
        }
        let b = &par[narma..];
        (0..n)
            .map(|t| y[t] - (0..k).map(|j| cols[j][t] * b[j]).sum::<f64>())
            .collect()
    };
    let css_obj = |par: &[f64]| -> f64 {
        let (phi, theta) = lay.polys(par, false);
        let x = resid_of(par);
        let (v, _) = css(&x, (d, sd, m), &phi, &theta, ncond, !compat);
        if v.is_nan() {
            f64::INFINITY
        } else if v <= 0.0 {
            f64::NEG_INFINITY
        } else {
            0.5 * v.ln()
        }
    };
    if let Some(f) = fixed {
        if f.len() != init.len() {
            return Err(Error::invalid(
                "coefficients",
                format!("{} coefficients", init.len()),
                f.len(),
            ));
        }
        let f = f.to_vec();
        return Ok(finish(
            y,
            spec,
            &lay,
            cols,
            f,
            Value::Filter,
            n_user,
            m,
            mean,
        ));
    }
    let res = bfgs::minimize(css_obj, &init, MAX_ITER, GTOL);
    if method == Method::Css {
        let coef = if res.x.iter().all(|v| v.is_finite()) {
            res.x
        } else {
            init
        };
        let (phi, theta) = lay.polys(&coef, false);
        let (v, resid) = css(&resid_of(&coef), (d, sd, m), &phi, &theta, ncond, !compat);
        let value = Value::Css(v, resid);
        return Ok(finish(y, spec, &lay, cols, coef, value, n_user, m, mean));
    }
    if res.stop != Stop::MaxIter && res.x.iter().all(|v| v.is_finite()) {
        init = res.x;
    }
    let sar_at = p + q;
    let stationary = ar_stationary(&init[..p]) && ar_stationary(&init[sar_at..sar_at + sp]);
    if !stationary {
        if compat {
            return Err(Error::Numerical(
                "non-stationary AR part from the CSS fit".into(),
            ));
        }
        init[..p].iter_mut().for_each(|v| *v = 0.0);
        init[sar_at..sar_at + sp].iter_mut().for_each(|v| *v = 0.0);
    }
    lay.map_ar(&mut init, inv_partrans);
    if !compat {
        lay.map_ma(&mut init, ma_invert);
    }
    let left: std::cell::RefCell<Option<Vec<f64>>> = std::cell::RefCell::new(None);
    let ml_obj = |par: &[f64]| -> f64 {
        let (phi, theta) = lay.polys(par, true);
        let x = resid_of(par);
        let mut ss = StateSpace::new(phi, &theta, dl.clone());
        if compat {
            if let Some(l) = left.borrow().as_deref() {
                ss.reuse_prior(l);
            }
        }
        let v = ss.filter(&x, None).objective();
        if compat {
            *left.borrow_mut() = Some(std::mem::take(&mut ss.last_pnew));
        }
        v
    };
    // The quick refits maximise the same likelihood through the differenced series
    // (`fastlik`: O(r) per observation, equal to the filter's to O(1 / KAPPA)).
    // Without regressors the differenced series is read in place, not copied per evaluation.
    let quick_obj = |par: &[f64]| -> f64 {
        let (phi, theta) = lay.polys(par, true);
        if k == 0 {
            return arma_likelihood(&phi, &theta, &dy).objective();
        }
        let b = &par[narma..];
        let w: Vec<f64> = (0..dy.len())
            .map(|t| dy[t] - (0..k).map(|j| dcols[j][t] * b[j]).sum::<f64>())
            .collect();
        arma_likelihood(&phi, &theta, &w).objective()
    };
    let quick = method == Method::CssMlQuick;
    let res = if quick {
        bfgs::minimize(quick_obj, &init, 50, 1e-5)
    } else {
        bfgs::minimize(ml_obj, &init, MAX_ITER, GTOL)
    };
    if !res.f.is_finite() || res.x.iter().any(|v| !v.is_finite()) {
        return Err(Error::Numerical(
            "the ARIMA likelihood could not be maximised for this series".into(),
        ));
    }
    let mut coef = res.x.clone();
    if !compat {
        lay.map_ma(&mut coef, ma_invert);
    }
    lay.map_ar(&mut coef, partrans);
    Ok(finish(
        y,
        spec,
        &lay,
        cols,
        coef,
        // The quick refits report the filter's likelihood at their optimum, like every other fit.
        if quick {
            Value::Filter
        } else {
            Value::Optimum(res.f)
        },
        n_user,
        m,
        mean,
    ))
}

/// What [`finish`] reports as a fit's objective.
enum Value {
    /// The ML optimum of the concentrated objective.
    Optimum(f64),
    /// The filter's objective at the final coefficients.
    Filter,
    /// A CSS fit's mean squared error and errors: no filter pass, so the state stays the prior
    /// and the likelihood and AIC are NaN (only AutoARIMA's search ranks these fits, by their
    /// variance).
    Css(f64, Vec<f64>),
}

/// The fitted model for final coefficients `coef`: one filter pass for the state, residuals and
/// variance (none for [`Value::Css`]), the objective as `value` says.
#[allow(clippy::too_many_arguments)]
fn finish(
    y: &[f64],
    spec: &Arima,
    lay: &Layout,
    cols: Vec<Vec<f64>>,
    coef: Vec<f64>,
    value: Value,
    n_user: usize,
    m: usize,
    mean: bool,
) -> FittedArima {
    let n = y.len();
    let narma = lay.narma();
    let k = cols.len();
    let (_, d, _) = spec.order;
    let (_, sd, _) = spec.seasonal;
    let dl = delta(d, sd, m);
    let n_used = n - dl.len();
    let (phi, theta) = lay.polys(&coef, false);
    let mut ss = StateSpace::new(phi.clone(), &theta, dl);
    let nu = n_used as f64;
    let (sigma2, residuals, neg2ll) = match value {
        Value::Css(v, resid) => (v, resid, f64::NAN),
        value => {
            let x: Vec<f64> = (0..n)
                .map(|t| y[t] - (0..k).map(|j| cols[j][t] * coef[narma + j]).sum::<f64>())
                .collect();
            let mut residuals = Vec::with_capacity(n);
            let lik = ss.filter(&x, Some(&mut residuals));
            let value = match value {
                Value::Optimum(v) => v,
                _ => lik.objective(),
            };
            let neg2ll = 2.0 * nu * value + nu + nu * (2.0 * std::f64::consts::PI).ln();
            (lik.ssq / nu, residuals, neg2ll)
        }
    };
    let aic = neg2ll + 2.0 * ((narma + k) as f64 + 1.0);
    let min_root_ar = min_root(&phi, -1.0);
    let min_root_ma = min_root(&theta, 1.0);
    FittedArima {
        spec: Arima {
            season_length: m,
            ..*spec
        },
        coef,
        narma,
        mean,
        n_user,
        n,
        sigma2,
        neg2_log_lik: neg2ll,
        aic,
        n_used,
        residuals,
        state: ss,
        min_root: min_root_ar.min(min_root_ma),
        // The same roots, but only of the polynomials statsforecast tests.
        min_root_statsforecast: [(&phi, min_root_ar), (&theta, min_root_ma)]
            .iter()
            .filter(|(c, _)| statsforecast_tests_roots(c))
            .fold(f64::INFINITY, |m, &(_, v)| m.min(v)),
        future: None,
    }
}
