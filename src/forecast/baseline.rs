//! Baseline forecasters: naive, seasonal naive, drift and window average, with the analytic
//! prediction intervals of Hyndman & Athanasopoulos, *Forecasting: Principles and Practice* §5.5.

use super::{check_request, check_series, too_short, Fit, Forecast, Predict};
use crate::error::{check, Result};

/// A baseline model and its parameters.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Baseline {
    /// Last value repeated.
    Naive,
    /// Value from the same season one cycle ago; `season_length >= 1`.
    SeasonalNaive {
        /// Number of steps in one seasonal cycle (12 for monthly data with yearly seasonality).
        season_length: usize,
    },
    /// Last value plus the average historical change per step.
    Drift,
    /// Mean of the last `window` values; `window >= 1`.
    WindowAverage {
        /// How many trailing values are averaged.
        window: usize,
    },
}

/// A fitted baseline: the numbers it forecasts from and its residual scale.
#[derive(Debug, Clone, PartialEq)]
pub struct FittedBaseline {
    model: Baseline,
    /// Last `season_length` (or 1) values, or the window mean, depending on the model.
    last: Vec<f64>,
    /// Drift slope per step (drift model only).
    slope: f64,
    /// Number of observations fitted.
    n: usize,
    /// Residual standard deviation; `None` when the series has no residuals to estimate it.
    sigma: Option<f64>,
}

impl Fit for Baseline {
    type Fitted = FittedBaseline;

    fn fit(&self, y: &[f64]) -> Result<FittedBaseline> {
        check_series(y)?;
        let n = y.len();
        // Residual sum of squares and its degrees of freedom, per fpp §5.5 (T − K − M).
        let (last, slope, ss, dof): (Vec<f64>, f64, f64, f64) = match *self {
            Baseline::Naive => {
                let ss = y.windows(2).map(|w| (w[1] - w[0]).powi(2)).sum();
                (vec![y[n - 1]], 0.0, ss, n as f64 - 1.0)
            }
            Baseline::SeasonalNaive { season_length: m } => {
                crate::limits::check_count(
                    "season_length",
                    m,
                    1,
                    crate::limits::MAX_SEASON_LENGTH,
                )?;
                if n < m {
                    return Err(too_short(m, "(one full season)", n));
                }
                let ss = (m..n).map(|t| (y[t] - y[t - m]).powi(2)).sum();
                (y[n - m..].to_vec(), 0.0, ss, (n - m) as f64)
            }
            Baseline::Drift => {
                if n < 2 {
                    return Err(too_short(2, "for the drift model", n));
                }
                let slope = (y[n - 1] - y[0]) / (n - 1) as f64;
                let ss = y.windows(2).map(|w| (w[1] - w[0] - slope).powi(2)).sum();
                (vec![y[n - 1]], slope, ss, n as f64 - 2.0)
            }
            Baseline::WindowAverage { window: w } => {
                check::at_least("window", w, 1)?;
                if n < w {
                    return Err(too_short(w, "(one full window)", n));
                }
                let tail = &y[n - w..];
                let mean = tail.iter().sum::<f64>() / w as f64;
                let ss = tail.iter().map(|v| (v - mean).powi(2)).sum();
                (vec![mean], 0.0, ss, w as f64 - 1.0)
            }
        };
        let sigma = (dof > 0.0).then(|| (ss / dof).sqrt());
        Ok(FittedBaseline {
            model: *self,
            last,
            slope,
            n,
            sigma,
        })
    }
}

impl FittedBaseline {
    /// Residual standard deviation of the one-step forecasts, if the series allowed one.
    pub fn sigma(&self) -> Option<f64> {
        self.sigma
    }
}

impl Predict for FittedBaseline {
    fn predict(&self, horizon: usize, levels: &[f64]) -> Result<Forecast> {
        check_request(horizon, levels)?;
        let steps = 1..=horizon;
        let point: Vec<f64> = match self.model {
            Baseline::SeasonalNaive { season_length: m } => {
                steps.map(|h| self.last[(h - 1) % m]).collect()
            }
            _ => steps
                .map(|h| self.last[0] + self.slope * h as f64)
                .collect(),
        };
        if levels.is_empty() {
            return Ok(Forecast {
                point,
                intervals: Vec::new(),
            });
        }
        let Some(sigma) = self.sigma else {
            let needed = match self.model {
                Baseline::SeasonalNaive { season_length: m } => m + 1,
                Baseline::Drift => 3,
                Baseline::WindowAverage { window } => window.max(2),
                Baseline::Naive => 2,
            };
            return Err(too_short(
                needed,
                "to estimate prediction intervals",
                self.n,
            ));
        };
        let t = self.n as f64;
        let scale: Vec<f64> = (1..=horizon)
            .map(|h| {
                let h = h as f64;
                match self.model {
                    Baseline::Naive => h.sqrt(),
                    Baseline::SeasonalNaive { season_length: m } => {
                        (((h as usize - 1) / m) as f64 + 1.0).sqrt()
                    }
                    Baseline::Drift => (h * (1.0 + h / (t - 1.0))).sqrt(),
                    Baseline::WindowAverage { window } => (1.0 + 1.0 / window as f64).sqrt(),
                }
            })
            .map(|s| s * sigma)
            .collect();
        Ok(Forecast::gaussian(point, &scale, levels))
    }

    fn name(&self) -> String {
        match self.model {
            Baseline::Naive => "Naive".into(),
            Baseline::SeasonalNaive { season_length } => format!("SeasonalNaive({season_length})"),
            Baseline::Drift => "Drift".into(),
            Baseline::WindowAverage { window } => format!("WindowAverage({window})"),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::error::Error;

    const Y: [f64; 8] = [1.0, 3.0, 2.0, 4.0, 3.0, 5.0, 4.0, 6.0];

    fn close(a: &[f64], b: &[f64]) {
        assert_eq!(a.len(), b.len());
        for (x, y) in a.iter().zip(b) {
            assert!((x - y).abs() < 1e-12, "{a:?} vs {b:?}");
        }
    }

    #[test]
    fn point_forecasts() {
        let f = Baseline::Naive.fit(&Y).unwrap().predict(3, &[]).unwrap();
        close(&f.point, &[6.0; 3]);
        let f = Baseline::SeasonalNaive { season_length: 3 }
            .fit(&Y)
            .unwrap()
            .predict(4, &[])
            .unwrap();
        close(&f.point, &[5.0, 4.0, 6.0, 5.0]);
        let f = Baseline::Drift.fit(&Y).unwrap().predict(2, &[]).unwrap();
        close(&f.point, &[6.0 + 5.0 / 7.0, 6.0 + 10.0 / 7.0]);
        let f = Baseline::WindowAverage { window: 4 }
            .fit(&Y)
            .unwrap()
            .predict(2, &[])
            .unwrap();
        close(&f.point, &[4.5, 4.5]);
    }

    #[test]
    fn naive_intervals_match_fpp_formula() {
        // Residuals of the naive model: diffs of Y; sigma = sqrt(sum d^2 / 7).
        let sigma = ((4.0 + 1.0 + 4.0 + 1.0 + 4.0 + 1.0 + 4.0) / 7.0f64).sqrt();
        let f = Baseline::Naive
            .fit(&Y)
            .unwrap()
            .predict(4, &[0.95])
            .unwrap();
        let z = 1.959_963_984_540_054;
        for h in 1..=4 {
            let half = z * sigma * (h as f64).sqrt();
            assert!((f.intervals[0].upper[h - 1] - (6.0 + half)).abs() < 1e-12);
            assert!((f.intervals[0].lower[h - 1] - (6.0 - half)).abs() < 1e-12);
        }
    }

    #[test]
    fn constant_series_gives_degenerate_intervals_not_nan() {
        let f = Baseline::Drift
            .fit(&[5.0; 6])
            .unwrap()
            .predict(3, &[0.8])
            .unwrap();
        close(&f.point, &[5.0; 3]);
        close(&f.intervals[0].lower, &[5.0; 3]);
        close(&f.intervals[0].upper, &[5.0; 3]);
    }

    #[test]
    fn bad_input_is_a_clear_error() {
        let msg = |e: Error| e.to_string();
        assert!(msg(Baseline::Naive.fit(&[]).unwrap_err()).contains("`values`"));
        assert!(msg(Baseline::Naive.fit(&[1.0, f64::NAN]).unwrap_err()).contains("NaN at index 1"));
        assert!(msg(Baseline::Naive.fit(&[1.0, f64::INFINITY]).unwrap_err())
            .contains("Infinity at index 1"));
        assert!(msg(Baseline::SeasonalNaive { season_length: 0 }
            .fit(&Y)
            .unwrap_err())
        .contains("`season_length`"));
        assert!(msg(Baseline::SeasonalNaive { season_length: 12 }
            .fit(&Y)
            .unwrap_err())
        .contains("at least 12 points"));
        assert!(
            msg(Baseline::WindowAverage { window: 0 }.fit(&Y).unwrap_err()).contains("`window`")
        );
        assert!(msg(Baseline::Drift.fit(&[1.0]).unwrap_err()).contains("drift"));
        let fitted = Baseline::Naive.fit(&Y).unwrap();
        assert!(msg(fitted.predict(0, &[]).unwrap_err()).contains("`horizon`"));
        assert!(msg(fitted.predict(2, &[0.5, 1.0]).unwrap_err()).contains("`levels[1]`"));
        // One point: a point forecast works, intervals need a residual.
        let one = Baseline::Naive.fit(&[3.0]).unwrap();
        assert_eq!(one.predict(2, &[]).unwrap().point, vec![3.0, 3.0]);
        assert!(msg(one.predict(2, &[0.9]).unwrap_err()).contains("prediction intervals"));
    }
}
