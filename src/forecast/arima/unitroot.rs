//! How many differences a series needs: the KPSS test for `d` (statsforecast's `ndiffs`), the
//! STL seasonal strength for `D` (its `nsdiffs` with `test = "seas"`).

use super::super::seasonality::seasonal_strength;
use super::kalman::difference;

/// KPSS level-stationarity statistic with `lags` Bartlett-weighted autocovariances.
pub fn kpss_statistic(x: &[f64], lags: usize) -> f64 {
    let n = x.len();
    let mean = x.iter().sum::<f64>() / n as f64;
    let e: Vec<f64> = x.iter().map(|v| v - mean).collect();
    let mut s = 0.0;
    let mut eta = 0.0;
    for v in &e {
        s += v;
        eta += s * s;
    }
    eta /= (n * n) as f64;
    let mut s_hat: f64 = e.iter().map(|v| v * v).sum();
    for i in 1..=lags.min(n.saturating_sub(1)) {
        let prod: f64 = (i..n).map(|t| e[t] * e[t - i]).sum();
        s_hat += 2.0 * prod * (1.0 - i as f64 / (lags as f64 + 1.0));
    }
    eta / (s_hat / n as f64)
}

fn is_constant(x: &[f64]) -> bool {
    x.iter().all(|&v| v == x[0])
}

/// KPSS 5% critical value (Kwiatkowski et al. 1992, level stationarity): the p-value is below
/// 0.05 exactly when the statistic exceeds it.
const KPSS_CRIT_5: f64 = 0.463;

/// Number of first differences (at most `max_d`) after which the KPSS test at 5% no longer
/// rejects stationarity; lags `floor(3 sqrt(n) / 13)`. Like statsforecast's `ndiffs`, each
/// differenced series is tested without its first value.
pub fn ndiffs(x: &[f64], max_d: usize) -> usize {
    let reject = |x: &[f64]| -> bool {
        if x.len() < 2 {
            return false;
        }
        let lags = (3.0 * (x.len() as f64).sqrt() / 13.0).floor() as usize;
        kpss_statistic(x, lags) > KPSS_CRIT_5
    };
    if x.is_empty() || is_constant(x) {
        return 0;
    }
    let mut x = x.to_vec();
    let mut d = 0;
    let mut dodiff = reject(&x);
    while dodiff && d < max_d {
        d += 1;
        // statsforecast drops one more leading point after each difference; so do we, to test
        // the same values.
        x = difference(&x, 1, 0, 1).split_off(1.min(x.len().saturating_sub(1)));
        if x.is_empty() || is_constant(&x) {
            return d;
        }
        dodiff = reject(&x);
    }
    d
}

/// Number of seasonal differences (at most `max_d`): one more while the seasonal strength
/// exceeds 0.64 and two more seasons remain.
pub fn nsdiffs(x: &[f64], m: usize, max_d: usize) -> usize {
    if m < 2 || x.len() <= m || is_constant(x) {
        return 0;
    }
    let mut x = x.to_vec();
    let mut dd = 0;
    let mut dodiff = x.len() >= 2 * m && seasonal_strength(&x, m) > 0.64;
    while dodiff && dd < max_d {
        dd += 1;
        x = difference(&x, 0, 1, m);
        if x.is_empty() || is_constant(&x) {
            return dd;
        }
        dodiff = x.len() >= 2 * m && dd < max_d && seasonal_strength(&x, m) > 0.64;
    }
    dd
}
