//! Intermittent-demand forecasting for sparse SKUs: Croston (1972), the Syntetos–Boylan
//! approximation (SBA, 2005) and Teunter–Syntetos–Babai (TSB, 2011). Forecasts are flat demand
//! rates per period.
//!
//! Croston and SBA smooth the non-zero demand sizes and the intervals between demands with SES
//! (smoothing `alpha`, levels initialised at the first value, as statsforecast does); the forecast
//! is size / interval (× `1 − alpha/2` for SBA). TSB smooths the demand sizes with `alpha` and the
//! demand probability, updated every period, with `beta`; the forecast is probability × size.
//!
//! These methods have no stochastic model with closed-form intervals; intervals here are
//! empirical: quantiles of the in-sample one-step errors added to the point, floored at 0
//! (documented approximation, constant over the horizon).

use super::ets::intervals::quantile_sorted;
use super::{check_request, check_series, Fit, Forecast, Interval, Predict};
use crate::error::{Error, Result};
use crate::num::Num;

/// Which intermittent-demand method.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum IntermittentMethod {
    /// Croston's classic method.
    Croston,
    /// Syntetos–Boylan approximation: Croston × (1 − alpha/2).
    Sba,
    /// Teunter–Syntetos–Babai: smoothed demand probability × smoothed size.
    Tsb,
}

/// An intermittent-demand model with its smoothing constants.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Intermittent {
    /// The method.
    pub method: IntermittentMethod,
    /// Smoothing of demand sizes (and of intervals for Croston/SBA), in (0, 1]. Default 0.1.
    pub alpha: f64,
    /// Smoothing of the demand probability (TSB only), in (0, 1]. Default 0.1.
    pub beta: f64,
}

impl Intermittent {
    /// A method with the customary smoothing constants 0.1.
    pub fn new(method: IntermittentMethod) -> Self {
        Intermittent {
            method,
            alpha: 0.1,
            beta: 0.1,
        }
    }
}

/// A fitted intermittent-demand model.
#[derive(Debug, Clone, PartialEq)]
pub struct FittedIntermittent {
    method: IntermittentMethod,
    rate: f64,
    /// Sorted in-sample one-step errors (empty before the first demand is seen).
    errors: Vec<f64>,
}

/// Running state of the method; `rate()` is the current one-step forecast, `None` before any
/// demand has been observed.
struct Runner {
    m: Intermittent,
    size: Option<f64>,
    interval: Option<f64>,
    prob: Option<f64>,
    since: f64,
}

impl Runner {
    fn new(m: Intermittent) -> Self {
        Runner {
            m,
            size: None,
            interval: None,
            prob: None,
            since: 0.0,
        }
    }
    fn rate(&self) -> Option<f64> {
        match self.m.method {
            IntermittentMethod::Tsb => Some(self.prob? * self.size.unwrap_or(0.0)),
            _ => {
                let r = self.size? / self.interval?;
                Some(if self.m.method == IntermittentMethod::Sba {
                    r * (1.0 - self.m.alpha / 2.0)
                } else {
                    r
                })
            }
        }
    }
    fn push(&mut self, y: f64) {
        let a = self.m.alpha;
        let ses = |old: Option<f64>, x: f64, w: f64| Some(old.map_or(x, |l| l + w * (x - l)));
        self.since += 1.0;
        let hit = y > 0.0;
        if hit {
            self.size = ses(self.size, y, a);
            self.interval = ses(self.interval, self.since, a);
            self.since = 0.0;
        }
        self.prob = ses(self.prob, if hit { 1.0 } else { 0.0 }, self.m.beta);
    }
}

impl Fit for Intermittent {
    type Fitted = FittedIntermittent;

    fn fit(&self, y: &[f64]) -> Result<FittedIntermittent> {
        check_series(y)?;
        for (name, v) in [("alpha", self.alpha), ("beta", self.beta)] {
            if !(v > 0.0 && v <= 1.0) {
                return Err(Error::invalid(name, "a smoothing constant in (0, 1]", v));
            }
        }
        if let Some(i) = y.iter().position(|&v| v < 0.0) {
            return Err(Error::invalid(
                "values",
                "non-negative demand quantities",
                format!("{} at index {i}", Num(y[i])),
            ));
        }
        let mut run = Runner::new(*self);
        let mut errors = Vec::with_capacity(y.len());
        for &v in y {
            if let Some(f) = run.rate() {
                errors.push(v - f);
            }
            run.push(v);
        }
        errors.sort_by(f64::total_cmp);
        Ok(FittedIntermittent {
            method: self.method,
            // No demand at all: the demand rate is 0 (documented fallback).
            rate: run.rate().unwrap_or(0.0),
            errors,
        })
    }
}

impl FittedIntermittent {
    /// The forecast demand per period.
    pub fn rate(&self) -> f64 {
        self.rate
    }
}

impl Predict for FittedIntermittent {
    fn predict(&self, horizon: usize, levels: &[f64]) -> Result<Forecast> {
        check_request(horizon, levels)?;
        let point = vec![self.rate; horizon];
        if !levels.is_empty() && self.errors.len() < 2 {
            return Err(Error::invalid(
                "values",
                "at least 2 one-step errors after the first demand to estimate intervals",
                format!("{} errors", self.errors.len()),
            ));
        }
        let intervals = levels
            .iter()
            .map(|&level| {
                let lo = (self.rate + quantile_sorted(&self.errors, 0.5 - level / 2.0)).max(0.0);
                let hi = (self.rate + quantile_sorted(&self.errors, 0.5 + level / 2.0)).max(0.0);
                Interval {
                    level,
                    lower: vec![lo; horizon],
                    upper: vec![hi.max(lo); horizon],
                }
            })
            .collect();
        Ok(Forecast { point, intervals })
    }

    fn name(&self) -> String {
        match self.method {
            IntermittentMethod::Croston => "CrostonClassic".into(),
            IntermittentMethod::Sba => "CrostonSBA".into(),
            IntermittentMethod::Tsb => "TSB".into(),
        }
    }
}

/// The intermittent-demand method for a series, or `None` for ordinary demand (Syntetos, Boylan
/// & Croston 2005): a non-negative series with at least two demands whose average inter-demand
/// interval (ADI, `n / demands`) exceeds 1.32 is intermittent; it gets TSB when it has gone
/// quiet (a trailing run of zeros longer than twice its ADI: TSB's demand probability decays,
/// Croston's rate never does), SBA otherwise (less biased than Croston on intermittent and
/// lumpy demand alike).
pub fn route(y: &[f64]) -> Option<IntermittentMethod> {
    if y.iter().any(|&v| v < 0.0 || !v.is_finite()) {
        return None;
    }
    let demands = y.iter().filter(|&&v| v > 0.0).count();
    if demands < 2 {
        return None;
    }
    let adi = y.len() as f64 / demands as f64;
    if adi <= 1.32 {
        return None;
    }
    let quiet = y.iter().rev().take_while(|&&v| v == 0.0).count() as f64;
    Some(if quiet > 2.0 * adi {
        IntermittentMethod::Tsb
    } else {
        IntermittentMethod::Sba
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    const Y: [f64; 10] = [0.0, 3.0, 0.0, 0.0, 5.0, 0.0, 2.0, 0.0, 0.0, 0.0];

    #[test]
    fn routing_by_inter_demand_interval() {
        assert_eq!(
            route(&[3.0, 0.0, 0.0, 2.0, 0.0, 4.0, 0.0, 0.0, 1.0]),
            Some(IntermittentMethod::Sba)
        );
        assert_eq!(
            route(&[3.0, 2.0, 4.0, 1.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0, 0.0]),
            Some(IntermittentMethod::Tsb)
        );
        assert_eq!(route(&[3.0, 1.0, 2.0, 0.0, 4.0, 5.0]), None);
        assert_eq!(route(&[0.0, 0.0, 4.0, 0.0]), None);
        assert_eq!(route(&[3.0, 0.0, -2.0, 0.0, 4.0, 0.0]), None);
    }

    #[test]
    fn croston_sba_by_hand() {
        // Sizes 3, 5, 2 → SES(0.1) from 3: 3, 3.2, 3.08. Intervals 2, 3, 2 → 2, 2.1, 2.09.
        let f = Intermittent::new(IntermittentMethod::Croston)
            .fit(&Y)
            .unwrap();
        assert!((f.rate() - 3.08 / 2.09).abs() < 1e-12);
        let s = Intermittent::new(IntermittentMethod::Sba).fit(&Y).unwrap();
        assert!((s.rate() - 0.95 * 3.08 / 2.09).abs() < 1e-12);
        assert_eq!(s.predict(3, &[]).unwrap().point, vec![s.rate(); 3]);
    }

    #[test]
    fn tsb_by_hand() {
        // Probability SES(0.1) from 0 over indicators 0 1 0 0 1 0 1 0 0 0; sizes as above.
        let mut p: f64 = 0.0;
        for v in Y.iter().skip(1) {
            p += 0.1 * (if *v > 0.0 { 1.0 } else { 0.0 } - p);
        }
        let f = Intermittent::new(IntermittentMethod::Tsb).fit(&Y).unwrap();
        assert!((f.rate() - p * 3.08).abs() < 1e-12);
        let fc = f.predict(2, &[0.8]).unwrap();
        assert!(fc.intervals[0].lower[0] >= 0.0 && fc.intervals[0].upper[0] >= fc.point[0]);
    }

    #[test]
    fn edge_cases_and_bad_input() {
        let zeros = Intermittent::new(IntermittentMethod::Croston)
            .fit(&[0.0; 5])
            .unwrap();
        assert_eq!(zeros.predict(2, &[]).unwrap().point, vec![0.0, 0.0]);
        let msg = |m: Intermittent, y: &[f64]| m.fit(y).unwrap_err().to_string();
        let c = Intermittent::new(IntermittentMethod::Croston);
        assert!(msg(c, &[]).contains("`values`"));
        assert!(msg(c, &[1.0, -1.0]).contains("non-negative"));
        assert!(msg(c, &[f64::NAN]).contains("NaN"));
        assert!(msg(Intermittent { alpha: 0.0, ..c }, &Y).contains("`alpha`"));
        assert!(msg(Intermittent { beta: 1.5, ..c }, &Y).contains("`beta`"));
        let one = c.fit(&[0.0, 2.0]).unwrap();
        assert!(one
            .predict(1, &[0.9])
            .unwrap_err()
            .to_string()
            .contains("intervals"));
        assert!(one.predict(0, &[]).is_err());
    }
}
