//! Seasonality detection from the autocorrelation function with a significance test.

/// Sample autocorrelations `r_0 = 1, r_1, …, r_max_lag` (biased estimator, as in R's `acf`).
/// Lags beyond the series are 0; a constant series gives `r_k = 0` for `k >= 1`.
pub fn acf(y: &[f64], max_lag: usize) -> Vec<f64> {
    let n = y.len();
    let mut out = vec![0.0; max_lag + 1];
    if n == 0 {
        return out;
    }
    let mean = y.iter().sum::<f64>() / n as f64;
    let c0: f64 = y.iter().map(|v| (v - mean).powi(2)).sum();
    out[0] = 1.0;
    if c0 <= 0.0 {
        return out;
    }
    for (k, r) in out.iter_mut().enumerate().skip(1) {
        if k >= n {
            break;
        }
        let ck: f64 = (k..n).map(|t| (y[t] - mean) * (y[t - k] - mean)).sum();
        *r = ck / c0;
    }
    out
}

/// The seasonality test of the M4 Theta benchmark (and statsforecast's Theta): lag `m` is
/// seasonal if `|r_m| > z · sqrt((1 + 2 Σ_{k<m} r_k²) / n)` with Bartlett's variance, `z` the
/// one-sided normal quantile at 90% (1.645). Needs `n >= 2m`; returns `false` otherwise or
/// when `m < 2`.
pub fn is_seasonal(y: &[f64], m: usize) -> bool {
    let n = y.len();
    if m < 2 || n < 2 * m {
        return false;
    }
    let r = acf(y, m);
    significant(&r, m, n, 1.645)
}

fn significant(r: &[f64], m: usize, n: usize, z: f64) -> bool {
    let s: f64 = r[1..m].iter().map(|v| v * v).sum();
    let limit = z * ((1.0 + 2.0 * s) / n as f64).sqrt();
    r[m].abs() > limit
}

/// Detects a season length in `2..=max_period` from the ACF of the linearly detrended series:
/// among lags that are local ACF peaks, positive and significant at the 95% level (Bartlett),
/// the one with the largest autocorrelation wins; 1 when there is none (or the series is shorter
/// than three cycles of every candidate).
pub fn detect_season_length(y: &[f64], max_period: usize) -> usize {
    let n = y.len();
    let max_period = max_period.min(n / 3);
    if max_period < 2 {
        return 1;
    }
    // Remove a least-squares line so that a trend does not mask the seasonal peaks.
    let tbar = (n as f64 - 1.0) / 2.0;
    let ybar = y.iter().sum::<f64>() / n as f64;
    let (mut sxy, mut sxx) = (0.0, 0.0);
    for (t, v) in y.iter().enumerate() {
        let dt = t as f64 - tbar;
        sxy += dt * (v - ybar);
        sxx += dt * dt;
    }
    let slope = if sxx > 0.0 { sxy / sxx } else { 0.0 };
    let resid: Vec<f64> = y
        .iter()
        .enumerate()
        .map(|(t, v)| v - ybar - slope * (t as f64 - tbar))
        .collect();
    let r = acf(&resid, max_period + 1);
    let mut best = (1usize, 0.0f64);
    for m in 2..=max_period {
        let peak = r[m] > r[m - 1] && r[m] >= r[m + 1];
        if peak && r[m] > 0.0 && significant(&r, m, n, 1.959_963_984_540_054) && r[m] > best.1 {
            best = (m, r[m]);
        }
    }
    best.0
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rng;
    use rand::Rng as _;

    #[test]
    fn acf_matches_hand_computation() {
        let y = [1.0, 2.0, 3.0, 4.0];
        // mean 2.5, deviations -1.5 -0.5 0.5 1.5, c0 = 5; c1 = 0.75 - 0.25 + 0.75 = 1.25.
        let r = acf(&y, 2);
        assert_eq!(r[0], 1.0);
        assert!((r[1] - 0.25).abs() < 1e-15);
        assert!((r[2] - (-0.75 - 0.75) / 5.0).abs() < 1e-15);
        assert_eq!(acf(&[3.0; 5], 2), vec![1.0, 0.0, 0.0]);
        assert_eq!(acf(&[], 2), vec![0.0; 3]);
    }

    #[test]
    fn detects_periods_and_rejects_noise() {
        let mut r = rng::seeded(7);
        let noise: Vec<f64> = (0..240).map(|_| r.random::<f64>() - 0.5).collect();
        assert_eq!(detect_season_length(&noise, 24), 1);
        let weekly: Vec<f64> = (0..140)
            .map(|t| (2.0 * std::f64::consts::PI * t as f64 / 7.0).sin() + 0.3 * noise[t])
            .collect();
        assert_eq!(detect_season_length(&weekly, 24), 7);
        let monthly_trend: Vec<f64> = (0..120)
            .map(|t| {
                100.0
                    + 2.0 * t as f64
                    + 10.0 * (2.0 * std::f64::consts::PI * t as f64 / 12.0).cos()
                    + noise[t]
            })
            .collect();
        assert_eq!(detect_season_length(&monthly_trend, 24), 12);
        assert!(is_seasonal(&monthly_trend, 12));
        assert!(!is_seasonal(&noise, 12));
        // Too short for any candidate, constant, empty: no seasonality.
        assert_eq!(detect_season_length(&[1.0, 2.0, 3.0], 24), 1);
        assert_eq!(detect_season_length(&[5.0; 50], 12), 1);
        assert_eq!(detect_season_length(&[], 12), 1);
        assert!(!is_seasonal(&[1.0, 2.0], 12));
    }
}
