//! The Theta method (Assimakopoulos & Nikolopoulos 2000) in the state-space form of Fiorucci,
//! Pellegrini, Louzada, Petropoulos & Koehler (2016), "Models for optimising the theta method":
//! SES level `ℓ_t` plus a theta line from the least-squares trend `A + B t`.
//!
//! `μ_{t+1} = ℓ_t + (1 − 1/θ) [(1−α)^t A + ((1 − (1−α)^{t+1}) / α) B]`, `ℓ_t = α y_t + (1−α) ℓ_{t−1}`;
//! the standard models (STM, OTM) use `A, B` from the whole sample, the dynamic ones (DSTM, DOTM)
//! update them each step. STM fixes `θ = 2`; OTM optimises it. `ℓ_0`, `α` (and `θ`) minimise
//! the in-sample one-step MSE. Seasonal series (ACF test at lag m, 90%) are deseasonalised by a
//! classical multiplicative decomposition (additive for non-positive data) first, as in
//! statsforecast's `AutoTheta`. Intervals come from seeded simulated sample paths.

use super::ets::init::seasonal_figure;
use super::optim::NelderMead;
use super::seasonality::is_seasonal;
use super::{check_request, check_series, too_short, Fit, Forecast, Interval, Predict};
use crate::error::Result;
use crate::rng;
use crate::stats::norm_ppf;
use rand::Rng as _;

/// Which Theta model.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ThetaVariant {
    /// Standard Theta method (θ = 2), static trend line.
    Standard,
    /// Optimised θ, static trend line.
    Optimized,
    /// θ = 2 with a trend line updated every step.
    DynamicStandard,
    /// Optimised θ with a dynamic trend line.
    DynamicOptimized,
    /// The one of the four with the smallest in-sample MSE (statsforecast's `AutoTheta`).
    Auto,
}

/// Theta model parameters.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Theta {
    /// The model.
    pub variant: ThetaVariant,
    /// Season length for the deseasonalisation test (1 = never deseasonalise).
    pub season_length: usize,
    /// Seed of the simulated prediction intervals.
    pub seed: u64,
}

impl Theta {
    /// A Theta model with the default seed.
    pub fn new(variant: ThetaVariant, season_length: usize) -> Self {
        Theta {
            variant,
            season_length,
            seed: 0,
        }
    }
}

/// A fitted Theta model.
#[derive(Debug, Clone, PartialEq)]
pub struct FittedTheta {
    variant: ThetaVariant,
    level: f64,
    alpha: f64,
    theta: f64,
    /// OLS state after the last observation: mean, intercept A, slope B, count.
    ols: Ols,
    n: usize,
    mse: f64,
    sigma: f64,
    /// Multiplicative (`true`) or additive seasonal figure, aligned so `figure[i]` is `i+1` ahead.
    season: Option<(bool, Vec<f64>)>,
    seed: u64,
}

#[derive(Debug, Clone, Copy, PartialEq)]
struct Ols {
    mean: f64,
    a: f64,
    b: f64,
    t: f64,
}

impl Ols {
    fn start() -> Self {
        Ols {
            mean: 0.0,
            a: 0.0,
            b: 0.0,
            t: 0.0,
        }
    }
    /// Adds observation number `t + 1` (recursive least-squares line through (i, y_i)).
    fn push(&mut self, y: f64) {
        let t = self.t + 1.0;
        let old_mean = self.mean;
        self.mean = ((t - 1.0) * old_mean + y) / t;
        self.b = if t < 2.0 {
            0.0
        } else {
            ((t - 2.0) * self.b + 6.0 * (y - old_mean) / t) / (t + 1.0)
        };
        self.a = self.mean - (t + 1.0) / 2.0 * self.b;
        self.t = t;
    }
}

fn is_dynamic(v: ThetaVariant) -> bool {
    matches!(
        v,
        ThetaVariant::DynamicStandard | ThetaVariant::DynamicOptimized
    )
}

/// One-step forecast made at time `t` (observations so far) from level and line, with the
/// decay `d = (1 − α)^t` given (the fit updates it by one product per step; the simulated
/// paths share it per step).
#[inline]
fn mu_decayed(level: f64, alpha: f64, theta: f64, a: f64, b: f64, d: f64) -> f64 {
    level + (1.0 - 1.0 / theta) * (d * a + ((1.0 - d * (1.0 - alpha)) / alpha) * b)
}

/// Runs the model over `y`; returns (MSE, final level, final OLS, residuals if asked).
fn run(
    y: &[f64],
    dynamic: bool,
    l0: f64,
    alpha: f64,
    theta: f64,
    full: &Ols,
    mut resid: Option<&mut Vec<f64>>,
) -> (f64, f64, Ols) {
    let mut level = l0;
    let mut ols = Ols::start();
    let mut sse = 0.0;
    // (1 − α)^i by one product per step (this loop is the objective of the fit: a power per
    // step was most of its cost).
    let mut decay = 1.0;
    for &yt in y {
        let (a, b) = if dynamic {
            (ols.a, ols.b)
        } else {
            (full.a, full.b)
        };
        let f = mu_decayed(level, alpha, theta, a, b, decay);
        let e = yt - f;
        sse += e * e;
        if let Some(r) = resid.as_deref_mut() {
            r.push(e);
        }
        level = alpha * yt + (1.0 - alpha) * level;
        decay *= 1.0 - alpha;
        // The static line is the whole sample's: no running fit to update.
        if dynamic {
            ols.push(yt);
        }
    }
    (
        sse / y.len() as f64,
        level,
        if dynamic { ols } else { *full },
    )
}

fn fit_variant(y: &[f64], variant: ThetaVariant) -> (f64, f64, f64, f64) {
    let dynamic = is_dynamic(variant);
    let optimise_theta = matches!(
        variant,
        ThetaVariant::Optimized | ThetaVariant::DynamicOptimized
    );
    let mut full = Ols::start();
    for &v in y {
        full.push(v);
    }
    let scale = {
        let m = y.iter().sum::<f64>() / y.len() as f64;
        (y.iter().map(|v| (v - m).powi(2)).sum::<f64>() / y.len() as f64)
            .sqrt()
            .max(1e-8 * m.abs().max(1.0))
    };
    let f = |x: &[f64]| {
        let theta = if optimise_theta { x[2] } else { 2.0 };
        run(y, dynamic, x[0], x[1], theta, &full, None).0
    };
    let (x0, step, lo, hi): (Vec<f64>, Vec<f64>, Vec<f64>, Vec<f64>) = if optimise_theta {
        (
            vec![y[0] / 2.0, 0.5, 2.0],
            vec![0.5 * scale.max(y[0].abs() / 4.0), 0.1, 0.5],
            vec![-1e10, 0.1, 1.0],
            vec![1e10, 0.99, 1e10],
        )
    } else {
        (
            vec![y[0] / 2.0, 0.5],
            vec![0.5 * scale.max(y[0].abs() / 4.0), 0.1],
            vec![-1e10, 0.1],
            vec![1e10, 0.99],
        )
    };
    let best = NelderMead::default().minimize(f, &x0, &step, &lo, &hi);
    let theta = if optimise_theta { best.x[2] } else { 2.0 };
    (best.f, best.x[0], best.x[1], theta)
}

impl Fit for Theta {
    type Fitted = FittedTheta;

    fn fit(&self, y: &[f64]) -> Result<FittedTheta> {
        check_series(y)?;
        super::ets::fit::check_season(y, self.season_length)?;
        if y.len() < 4 {
            return Err(too_short(4, "for Theta", y.len()));
        }
        let m = self.season_length;
        // Deseasonalise when the seasonal test passes (statsforecast: m >= 4 and n >= 2m).
        let mut season = None;
        let mut adj = y.to_vec();
        if m >= 4 && is_seasonal(y, m) {
            let positive = y.iter().all(|&v| v > 0.0);
            let mut fig = if positive {
                seasonal_figure(y, m, true).filter(|f| f.iter().all(|&s| s >= 0.01))
            } else {
                None
            };
            let mult = fig.is_some();
            if fig.is_none() {
                fig = seasonal_figure(y, m, false);
            }
            if let Some(fig) = fig {
                for (t, v) in adj.iter_mut().enumerate() {
                    if mult {
                        *v /= fig[t % m];
                    } else {
                        *v -= fig[t % m];
                    }
                }
                let n = y.len();
                let ahead: Vec<f64> = (0..m).map(|i| fig[(n + i) % m]).collect();
                season = Some((mult, ahead));
            }
        }
        let variants: &[ThetaVariant] = match self.variant {
            ThetaVariant::Auto => &[
                ThetaVariant::Standard,
                ThetaVariant::Optimized,
                ThetaVariant::DynamicStandard,
                ThetaVariant::DynamicOptimized,
            ],
            ref v => std::slice::from_ref(v),
        };
        let mut best: Option<(ThetaVariant, (f64, f64, f64, f64))> = None;
        for &v in variants {
            let r = fit_variant(&adj, v);
            if r.0.is_finite() && best.as_ref().is_none_or(|b| r.0 < b.1 .0) {
                best = Some((v, r));
            }
        }
        let Some((variant, (_, l0, alpha, theta))) = best else {
            return Err(crate::Error::Numerical(
                "Theta could not be fitted: the in-sample error is not finite".into(),
            ));
        };
        let mut full = Ols::start();
        for &v in &adj {
            full.push(v);
        }
        let mut resid = Vec::with_capacity(adj.len());
        let (mse, level, ols) = run(
            &adj,
            is_dynamic(variant),
            l0,
            alpha,
            theta,
            &full,
            Some(&mut resid),
        );
        // σ from the residuals after a 3-step burn-in (statsforecast), sample standard deviation.
        let tail = if resid.len() > 4 {
            &resid[3..]
        } else {
            &resid[..]
        };
        let mean = tail.iter().sum::<f64>() / tail.len() as f64;
        let sigma = if tail.len() > 1 {
            (tail.iter().map(|e| (e - mean).powi(2)).sum::<f64>() / (tail.len() - 1) as f64).sqrt()
        } else {
            0.0
        };
        Ok(FittedTheta {
            variant,
            level,
            alpha,
            theta,
            ols,
            n: adj.len(),
            mse,
            sigma,
            season,
            seed: self.seed,
        })
    }
}

impl FittedTheta {
    /// Fitted smoothing parameter α.
    pub fn alpha(&self) -> f64 {
        self.alpha
    }
    /// Fitted (or fixed, 2) θ.
    pub fn theta(&self) -> f64 {
        self.theta
    }
    /// In-sample one-step mean squared error (on the deseasonalised series).
    pub fn mse(&self) -> f64 {
        self.mse
    }
    /// The variant fitted (the winner, for [`ThetaVariant::Auto`]).
    pub fn variant(&self) -> ThetaVariant {
        self.variant
    }

    fn reseason(&self, v: &mut [f64]) {
        if let Some((mult, fig)) = &self.season {
            for (h, x) in v.iter_mut().enumerate() {
                let s = fig[h % fig.len()];
                if *mult {
                    *x *= s;
                } else {
                    *x += s;
                }
            }
        }
    }

    /// `(1 − α)^(n + h)` for each step `h` of the horizon.
    fn decays(&self, horizon: usize) -> Vec<f64> {
        (0..horizon)
            .map(|h| (1.0 - self.alpha).powf((self.n + h) as f64))
            .collect()
    }

    /// Point path from a level/OLS state, with optional shocks per step (simulation; `decay`
    /// from [`Self::decays`]).
    fn path(&self, horizon: usize, shocks: Option<(&[f64], &[f64])>) -> Vec<f64> {
        let dynamic = is_dynamic(self.variant);
        let (mut level, mut ols) = (self.level, self.ols);
        let mut out = Vec::with_capacity(horizon);
        for h in 0..horizon {
            let f = match shocks {
                // Without shocks the recursion gives the closed form ℓ_n + (1−1/θ)[…+ (h−1)B].
                None => {
                    let d = (1.0 - self.alpha).powf(self.n as f64);
                    self.level
                        + (1.0 - 1.0 / self.theta)
                            * (d * self.ols.a
                                + (h as f64 + (1.0 - d * (1.0 - self.alpha)) / self.alpha)
                                    * self.ols.b)
                }
                Some((_, decay)) => {
                    mu_decayed(level, self.alpha, self.theta, ols.a, ols.b, decay[h])
                }
            };
            let y = f + shocks.map_or(0.0, |(s, _)| s[h]);
            out.push(y);
            if shocks.is_some() {
                level = self.alpha * y + (1.0 - self.alpha) * level;
                if dynamic {
                    ols.push(y);
                }
            }
        }
        out
    }
}

impl Predict for FittedTheta {
    fn predict(&self, horizon: usize, levels: &[f64]) -> Result<Forecast> {
        check_request(horizon, levels)?;
        let mut point = self.path(horizon, None);
        self.reseason(&mut point);
        if levels.is_empty() {
            return Ok(Forecast {
                point,
                intervals: Vec::new(),
            });
        }
        const PATHS: usize = 1_000;
        let mut r = rng::seeded(self.seed);
        let mut sims = vec![Vec::with_capacity(PATHS); horizon];
        let mut shocks = vec![0.0; horizon];
        let decay = self.decays(horizon);
        for _ in 0..PATHS {
            for s in shocks.iter_mut() {
                let u: f64 = (r.random::<u64>() >> 11) as f64 * (1.0 / (1u64 << 53) as f64);
                *s = self.sigma * norm_ppf(u.max(f64::MIN_POSITIVE));
            }
            let mut p = self.path(horizon, Some((&shocks, &decay)));
            self.reseason(&mut p);
            for (row, v) in sims.iter_mut().zip(p) {
                row.push(v);
            }
        }
        for row in sims.iter_mut() {
            row.sort_by(f64::total_cmp);
        }
        let q = super::ets::intervals::quantile_sorted;
        let intervals = levels
            .iter()
            .map(|&level| Interval {
                level,
                lower: sims.iter().map(|s| q(s, 0.5 - level / 2.0)).collect(),
                upper: sims.iter().map(|s| q(s, 0.5 + level / 2.0)).collect(),
            })
            .collect();
        Ok(Forecast { point, intervals })
    }

    fn name(&self) -> String {
        match self.variant {
            ThetaVariant::Standard => "Theta(STM)".into(),
            ThetaVariant::Optimized => "Theta(OTM)".into(),
            ThetaVariant::DynamicStandard => "Theta(DSTM)".into(),
            ThetaVariant::DynamicOptimized => "Theta(DOTM)".into(),
            ThetaVariant::Auto => "Theta".into(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn recursive_ols_matches_closed_form() {
        let y = [3.0, 5.0, 4.0, 8.0, 9.0, 7.0];
        let mut o = Ols::start();
        for &v in &y {
            o.push(v);
        }
        // Closed-form OLS of y on t = 1..6.
        let n = y.len() as f64;
        let tbar = (n + 1.0) / 2.0;
        let ybar = y.iter().sum::<f64>() / n;
        let sxy: f64 = y
            .iter()
            .enumerate()
            .map(|(i, v)| (i as f64 + 1.0 - tbar) * (v - ybar))
            .sum();
        let sxx: f64 = (1..=6).map(|i| (i as f64 - tbar).powi(2)).sum();
        assert!((o.b - sxy / sxx).abs() < 1e-12);
        assert!((o.a - (ybar - sxy / sxx * tbar)).abs() < 1e-12);
    }

    #[test]
    fn standard_theta_on_a_line_extrapolates_half_the_slope() {
        // On an exact line the theta line keeps half the trend (θ = 2) plus the SES level, which
        // lags the line by (1-α)/α·slope; the forecast must grow by slope/2 per step.
        let y: Vec<f64> = (0..40).map(|t| 10.0 + 2.0 * t as f64).collect();
        let fit = Theta::new(ThetaVariant::Standard, 1).fit(&y).unwrap();
        let f = fit.predict(5, &[0.8]).unwrap();
        for w in f.point.windows(2) {
            assert!((w[1] - w[0] - 1.0).abs() < 1e-9, "{:?}", f.point);
        }
        assert_eq!(fit.theta(), 2.0);
        let iv = &f.intervals[0];
        for h in 0..5 {
            assert!(iv.lower[h] <= f.point[h] + 1e-6 && f.point[h] <= iv.upper[h] + 1e-6);
        }
        // Same seed, same intervals.
        assert_eq!(fit.predict(5, &[0.8]).unwrap(), f);
    }

    #[test]
    fn seasonal_series_is_deseasonalised_and_bad_input_refused() {
        let y: Vec<f64> = (0..60)
            .map(|t| {
                (100.0 + t as f64)
                    * (1.0 + 0.3 * (2.0 * std::f64::consts::PI * t as f64 / 12.0).sin())
            })
            .collect();
        let fit = Theta::new(ThetaVariant::Auto, 12).fit(&y).unwrap();
        let f = fit.predict(12, &[]).unwrap();
        // Forecast keeps the seasonal shape: peak near the sine maximum (t ≡ 3 mod 12).
        let n = y.len();
        let peak = (0..12)
            .max_by(|&a, &b| f.point[a].total_cmp(&f.point[b]))
            .unwrap();
        assert_eq!((n + peak) % 12, 3, "{:?}", f.point);
        let msg = |r: Result<FittedTheta>| r.unwrap_err().to_string();
        assert!(
            msg(Theta::new(ThetaVariant::Auto, 1).fit(&[1.0, 2.0])).contains("at least 4 points")
        );
        assert!(msg(Theta::new(ThetaVariant::Auto, 0).fit(&y)).contains("`season_length`"));
        assert!(msg(Theta::new(ThetaVariant::Auto, 61).fit(&y))
            .contains("at most the series length (60)"));
        assert!(
            msg(Theta::new(ThetaVariant::Auto, 1).fit(&[1.0, f64::NAN, 1.0, 2.0])).contains("NaN")
        );
        // A constant series forecasts the constant.
        let c = Theta::new(ThetaVariant::Auto, 1)
            .fit(&[4.0; 10])
            .unwrap()
            .predict(3, &[0.9])
            .unwrap();
        for v in &c.point {
            assert!((v - 4.0).abs() < 1e-6, "{:?}", c.point);
        }
    }
}
