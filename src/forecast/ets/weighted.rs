//! ETS forms combined by Akaike weights instead of selected (Kolassa 2011, "Combining exponential
//! smoothing forecasts using Akaike weights", IJF 27(2)): every candidate form that
//! [`AutoEts`] compares forecasts, weighted by `exp(−ΔAICc / 2)` with `ΔAICc` its distance to
//! the smallest AICc. Same fits as the selection, so nearly the same cost.

use super::auto::AutoEts;
use super::fit::FittedEts;
use crate::error::Result;
use crate::forecast::{check_request, Forecast, Interval, Predict};
use crate::stats::norm_ppf;

/// Weights below this share of the total are dropped (and the rest renormalised): such a form
/// cannot move a forecast by more than 0.1% of its distance to the others, and each dropped
/// form saves a forecast (a simulated one for multiplicative seasons).
pub const MIN_AKAIKE_WEIGHT: f64 = 1e-3;

/// Akaike weights `exp(−(aicc_i − min) / 2)`, normalised to sum to one; non-finite criteria get
/// weight 0, weights below [`MIN_AKAIKE_WEIGHT`] are dropped before normalising. Empty or all
/// non-finite input gives all zeros.
pub fn akaike_weights(aicc: &[f64]) -> Vec<f64> {
    let min = aicc
        .iter()
        .copied()
        .filter(|v| v.is_finite())
        .fold(f64::INFINITY, f64::min);
    if !min.is_finite() {
        return vec![0.0; aicc.len()];
    }
    let raw: Vec<f64> = aicc
        .iter()
        .map(|&a| {
            if a.is_finite() {
                (-(a - min) / 2.0).exp()
            } else {
                0.0
            }
        })
        .collect();
    let total: f64 = raw.iter().sum();
    let kept: Vec<f64> = raw
        .iter()
        .map(|&w| {
            if w >= MIN_AKAIKE_WEIGHT * total {
                w
            } else {
                0.0
            }
        })
        .collect();
    let total: f64 = kept.iter().sum();
    kept.iter().map(|w| w / total).collect()
}

/// Several fitted ETS forms and their Akaike weights (summing to one, largest first).
#[derive(Debug, Clone, PartialEq)]
pub struct WeightedEts {
    members: Vec<(f64, FittedEts)>,
}

impl WeightedEts {
    /// Combines `fits` by the Akaike weights of their AICc (forms of weight 0 dropped). `None`
    /// when no fit has a finite AICc.
    pub fn new(fits: Vec<FittedEts>) -> Option<WeightedEts> {
        let ic: Vec<f64> = fits.iter().map(FittedEts::aicc).collect();
        let w = akaike_weights(&ic);
        let mut members: Vec<(f64, FittedEts)> =
            w.into_iter().zip(fits).filter(|(w, _)| *w > 0.0).collect();
        if members.is_empty() {
            return None;
        }
        members.sort_by(|a, b| b.0.total_cmp(&a.0));
        Some(WeightedEts { members })
    }

    /// The forms and their weights, largest weight first.
    pub fn members(&self) -> &[(f64, FittedEts)] {
        &self.members
    }

    /// The form of largest weight (smallest AICc: the one [`AutoEts`] would select).
    pub fn best(&self) -> &FittedEts {
        &self.members[0].1
    }
}

impl AutoEts {
    /// Fits every candidate form as [`Fit::fit`](crate::forecast::Fit::fit) compares them and
    /// combines them by Akaike weights ([`WeightedEts`]) instead of keeping the best.
    pub fn fit_weighted(&self, y: &[f64]) -> Result<WeightedEts> {
        let mut all = Vec::new();
        let best = self.fit_collect(y, Some(&mut all))?;
        // The constant-series and statsforecast paths select without collecting; and with no
        // finite AICc among the candidates there is nothing to weigh: the selected form alone.
        let alone = |best| WeightedEts {
            members: vec![(1.0, best)],
        };
        if all.is_empty() {
            return Ok(alone(best));
        }
        Ok(WeightedEts::new(all).unwrap_or_else(|| alone(best)))
    }
}

impl Predict for WeightedEts {
    /// The weighted mean of the members' point forecasts (members whose forecast is not finite
    /// left out, the weights renormalised). Intervals: those of the best member
    /// (smallest AICc), moved to the combined point and widened for the members' disagreement
    /// by the law of total variance: each half-width `g` becomes `√(g² + z² Σ w_i (μ_i − μ)²)`
    /// (`z` the level's normal quantile, `μ_i` the members' points, `μ` their weighted mean), as
    /// if the members' own variances were the best member's. One interval computation (a
    /// simulated one for multiplicative seasons) instead of one per member.
    fn predict(&self, horizon: usize, levels: &[f64]) -> Result<Forecast> {
        check_request(horizon, levels)?;
        let best = self.best().predict(horizon, levels)?;
        // Each member's points; a member whose forecast is not finite over this horizon (a
        // form that explodes) is left out and the others' weights renormalised.
        let mut members: Vec<(f64, Vec<f64>)> = Vec::with_capacity(self.members.len());
        for (i, (w, fit)) in self.members.iter().enumerate() {
            let p = if i == 0 {
                best.point.clone()
            } else {
                fit.predict(horizon, &[])?.point
            };
            if p.iter().all(|v| v.is_finite()) {
                members.push((*w, p));
            }
        }
        let total: f64 = members.iter().map(|(w, _)| w).sum();
        let mut point = vec![0.0; horizon];
        for (w, p) in &members {
            for (a, v) in point.iter_mut().zip(p) {
                *a += w / total * v;
            }
        }
        let spread: Vec<f64> = (0..horizon)
            .map(|t| {
                members
                    .iter()
                    .map(|(w, p)| w / total * (p[t] - point[t]).powi(2))
                    .sum()
            })
            .collect();
        let intervals = best
            .intervals
            .iter()
            .map(|iv| {
                let z2 = norm_ppf(0.5 + iv.level / 2.0).powi(2);
                let widen = |g: f64, t: usize| (g * g + z2 * spread[t]).sqrt();
                Interval {
                    level: iv.level,
                    lower: (0..horizon)
                        .map(|t| point[t] - widen(best.point[t] - iv.lower[t], t))
                        .collect(),
                    upper: (0..horizon)
                        .map(|t| point[t] + widen(iv.upper[t] - best.point[t], t))
                        .collect(),
                }
            })
            .collect();
        Ok(Forecast { point, intervals })
    }

    fn name(&self) -> String {
        let parts: Vec<String> = self
            .members
            .iter()
            .map(|(w, f)| format!("{} {}", f.name(), two_decimals(*w)))
            .collect();
        format!("ETS[AICc-weighted]({})", parts.join(", "))
    }
}

/// A weight in `[0, 1]` with two decimals (`0.62`), without `core::fmt`'s float machinery,
/// which would otherwise be linked into every forecasting module for this one name.
fn two_decimals(w: f64) -> String {
    let hundredths = (w.clamp(0.0, 1.0) * 100.0).round() as u32;
    format!("{}.{:02}", hundredths / 100, hundredths % 100)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::forecast::Fit;

    #[test]
    fn weights_print_with_two_decimals_as_core_fmt_does() {
        for w in [0.0, 0.004, 0.005, 0.126, 0.5, 0.62, 0.999, 0.9951, 1.0] {
            assert_eq!(two_decimals(w), format!("{w:.2}"), "{w}");
        }
    }

    /// A noisy quarterly series with a weak trend (positive: multiplicative forms are
    /// candidates), on which several forms come close by AICc.
    fn series() -> Vec<f64> {
        let mut state = 12345u64;
        (0..40)
            .map(|t| {
                state = state
                    .wrapping_mul(6364136223846793005)
                    .wrapping_add(1442695040888963407);
                let u = (state >> 11) as f64 / (1u64 << 53) as f64 - 0.5;
                let t = t as f64;
                100.0 + 0.3 * t + 4.0 * (t * std::f64::consts::PI / 2.0).sin() + 12.0 * u
            })
            .collect()
    }

    #[test]
    fn akaike_weights_are_normalised_and_drop_the_negligible() {
        let w = akaike_weights(&[12.0, 10.0, 30.0, f64::NAN]);
        let e = (-1.0f64).exp();
        assert!((w[0] - e / (1.0 + e)).abs() < 1e-15, "{w:?}");
        assert!((w[1] - 1.0 / (1.0 + e)).abs() < 1e-15, "{w:?}");
        // exp(-10) is below 0.1% of the total: dropped; NaN gets nothing.
        assert_eq!((w[2], w[3]), (0.0, 0.0));
        assert!((w.iter().sum::<f64>() - 1.0).abs() < 1e-15);
        assert_eq!(akaike_weights(&[f64::INFINITY, f64::NAN]), vec![0.0, 0.0]);
        assert!(akaike_weights(&[]).is_empty());
        assert_eq!(akaike_weights(&[-5.0]), vec![1.0]);
    }

    #[test]
    fn weighted_forecast_is_the_weighted_mean_of_the_candidates() {
        let y = series();
        let model = AutoEts::new(4);
        let weighted = model.fit_weighted(&y).unwrap();
        let members = weighted.members();
        assert!(members.len() >= 2, "{}", weighted.name());
        let total: f64 = members.iter().map(|(w, _)| w).sum();
        assert!((total - 1.0).abs() < 1e-12);
        assert!(members.windows(2).all(|p| p[0].0 >= p[1].0));
        // The heaviest form is the one AutoETS selects, fitted the same way.
        let selected = model.fit(&y).unwrap();
        assert_eq!(weighted.best(), &selected);
        // Weights from the members' own AICc.
        let min = members[0].1.aicc();
        let raw: Vec<f64> = members
            .iter()
            .map(|(_, f)| (-(f.aicc() - min) / 2.0).exp())
            .collect();
        let sum: f64 = raw.iter().sum();
        for ((w, _), r) in members.iter().zip(&raw) {
            assert!((w - r / sum).abs() < 1e-12, "{w} vs {}", r / sum);
        }
        let h = 6;
        let fc = weighted.predict(h, &[0.8, 0.95]).unwrap();
        for t in 0..h {
            let by_hand: f64 = members
                .iter()
                .map(|(w, f)| w * f.predict(h, &[]).unwrap().point[t])
                .sum();
            assert!((fc.point[t] - by_hand).abs() < 1e-9 * by_hand.abs());
        }
        // Intervals: the best form's, centred on the combined point and at least as wide.
        let own = selected.predict(h, &[0.8, 0.95]).unwrap();
        for (iv, o) in fc.intervals.iter().zip(&own.intervals) {
            for t in 0..h {
                assert!(iv.lower[t] < fc.point[t] && fc.point[t] < iv.upper[t]);
                assert!(fc.point[t] - iv.lower[t] >= own.point[t] - o.lower[t] - 1e-9);
                assert!(iv.upper[t] - fc.point[t] >= o.upper[t] - own.point[t] - 1e-9);
            }
        }
        assert!(fc.intervals[1].upper[0] > fc.intervals[0].upper[0]);
        assert!(weighted.name().starts_with("ETS[AICc-weighted](ETS("));
        assert!(weighted.predict(0, &[]).is_err());
    }

    #[test]
    fn one_candidate_forecasts_as_itself() {
        // A constant series: AutoETS's constant fallback, the only member, weight 1.
        let w = AutoEts::new(1).fit_weighted(&[5.0; 12]).unwrap();
        assert_eq!(w.members().len(), 1);
        assert_eq!(w.members()[0].0, 1.0);
        let fc = w.predict(3, &[0.9]).unwrap();
        assert_eq!(fc, w.best().predict(3, &[0.9]).unwrap());
        assert!(AutoEts::new(1).fit_weighted(&[1.0, f64::NAN, 2.0]).is_err());
    }
}
