//! Seasonality detection: an F-test of the phase means of the detrended series (two cycles
//! suffice), the ACF test of the M4 Theta benchmark, and season candidates from the calendar.

use crate::error::{check, quoted, Error, Result};
use crate::num::Num;

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

/// Significance level of each candidate's [`season_test`] in [`detect_season_length`]. On the
/// M3 training series with a known season and STL seasonal strength >= 0.64: 1e-3 finds the
/// season of 93.3% (monthly) / 92.6% (quarterly), 2e-3 of 94.3% / 94.8%, 5e-3 of 94.7% / 96.1%,
/// calling 0%, 0.2%, 0.5% of M3 yearly series seasonal; 2e-3 calls 19 of 400 48-point noise and
/// random-walk series seasonal.
pub const SEASON_TEST_LEVEL: f64 = 2e-3;

/// Longest season detected when the caller gives none (statsforecast's AutoETS limit).
pub const MAX_DETECTED_SEASON: usize = 24;

/// The seasonality F-test of candidate period `m`: the series is detrended by a centred moving
/// average over one cycle (`2×m` for even `m`; the half-cycle ends extended along the slope of
/// the nearest cycle), and the between-phase variance of what is left is compared to the
/// within-phase variance. Returns `ln p`, the log p-value of `F(m − 1, n − m − ⌈n/m⌉)` (the
/// trend's degrees of freedom counted as one per cycle), the statistic deflated for positive
/// lag-1 autocorrelation ρ of the remainder by `(1 − ρ) / (1 + ρ)` (a random walk's wander is
/// not a season); `0` (p = 1) when the series is shorter than two cycles or `m < 2`. Works from
/// two cycles on (a noise-free sine of 24 points with `m = 12` has `p = 0`).
pub fn season_test(y: &[f64], m: usize) -> f64 {
    nested_test(y, 1, m)
}

/// Residual sum of squares of `d` around its phase means of period `m`, and its lag-1 sum.
fn phase_residuals(d: &[f64], m: usize) -> (f64, f64) {
    let mut sum = vec![0.0; m];
    let mut count = vec![0usize; m];
    for (t, v) in d.iter().enumerate() {
        sum[t % m] += v;
        count[t % m] += 1;
    }
    let (mut ss, mut lag1) = (0.0, 0.0);
    let mut prev: Option<f64> = None;
    for (t, v) in d.iter().enumerate() {
        let r = v - sum[t % m] / count[t % m] as f64;
        ss += r * r;
        lag1 += prev.map_or(0.0, |p| p * r);
        prev = Some(r);
    }
    (ss, lag1)
}

/// `ln p` of the F-test that period `big` (a multiple of `small`) explains more of the detrended
/// series than period `small` does (`small = 1`: than its mean); see [`season_test`].
fn nested_test(y: &[f64], small: usize, big: usize) -> f64 {
    let n = y.len();
    if big < 2 || n < 2 * big || small == 0 || big % small != 0 || small == big {
        return 0.0;
    }
    let dof_r = n as f64 - big as f64 - n.div_ceil(big) as f64;
    if dof_r < 1.0 {
        return 0.0;
    }
    let trend = cycle_trend(y, big);
    let d: Vec<f64> = y.iter().zip(&trend).map(|(a, b)| a - b).collect();
    let (ss_small, _) = phase_residuals(&d, small);
    let (ss_big, lag1) = phase_residuals(&d, big);
    let ss_s = ss_small - ss_big;
    let grand = d.iter().sum::<f64>() / n as f64;
    let scale = d.iter().map(|v| (v - grand).powi(2)).sum::<f64>();
    if scale <= 0.0 || scale.is_nan() || ss_s <= 1e-12 * scale {
        return 0.0;
    }
    if ss_big <= 1e-20 * scale {
        return f64::NEG_INFINITY;
    }
    let (d1, d2) = ((big - small) as f64, dof_r);
    let rho = (lag1 / ss_big).clamp(0.0, 0.95);
    let f = (ss_s / d1) / (ss_big / d2) * (1.0 - rho) / (1.0 + rho);
    // P(F > f) = I_x(d2/2, d1/2) with x = d2 / (d2 + d1 f).
    let denom = d2 + d1 * f;
    let p = crate::stats::reg_inc_beta_xy(d2 / 2.0, d1 / 2.0, d2 / denom, d1 * f / denom);
    if p > 0.0 {
        p.ln()
    } else {
        f64::NEG_INFINITY
    }
}

/// Seasonal strength `max(0, 1 − Var(R) / Var(S + R))` of an STL decomposition of period `m`
/// (seasonal window 11, as R's `forecast::mstl`), `S` the seasonal and `R` the remainder: the
/// measure of Wang, Smith & Hyndman (2006) that R's `forecast::nsdiffs` calls seasonal above
/// 0.64. 0 when the series is shorter than two cycles or `m < 2`.
pub fn seasonal_strength(y: &[f64], m: usize) -> f64 {
    let Ok(d) = super::stl::Stl::new(m, 11).decompose(y) else {
        return 0.0;
    };
    let rem: Vec<f64> = (0..y.len())
        .map(|t| y[t] - d.trend[t] - d.seasonal[t])
        .collect();
    let sr: Vec<f64> = rem.iter().zip(&d.seasonal).map(|(r, s)| r + s).collect();
    let var = |v: &[f64]| {
        let mean = v.iter().sum::<f64>() / v.len() as f64;
        v.iter().map(|x| (x - mean).powi(2)).sum::<f64>()
    };
    let total = var(&sr);
    if total <= 0.0 {
        return 0.0;
    }
    (1.0 - var(&rem) / total).max(0.0)
}

/// A centred moving average over one cycle (2×m for even `m`), its ends extended linearly.
fn cycle_trend(y: &[f64], m: usize) -> Vec<f64> {
    let n = y.len();
    let (w, weights): (usize, Vec<f64>) = if m % 2 == 1 {
        (m, vec![1.0 / m as f64; m])
    } else {
        let mut v = vec![1.0 / m as f64; m + 1];
        v[0] /= 2.0;
        v[m] /= 2.0;
        (m + 1, v)
    };
    let half = w / 2;
    let mut out = vec![0.0; n];
    for c in half..n - half {
        out[c] = y[c - half..=c + half]
            .iter()
            .zip(&weights)
            .map(|(a, b)| a * b)
            .sum();
    }
    let (first, last) = (half, n - 1 - half);
    let span = (last - first).min(m).max(1);
    let s0 = (out[first + span] - out[first]) / span as f64;
    let s1 = (out[last] - out[last - span]) / span as f64;
    for t in 0..half {
        out[t] = out[first] - s0 * (first - t) as f64;
        out[n - 1 - t] = out[last] + s1 * (half - t) as f64;
    }
    out
}

/// Detects a season length in `2..=max_period` (at most half the series, so two cycles
/// suffice): the candidate with the smallest [`season_test`] p-value below
/// [`SEASON_TEST_LEVEL`] (ties, as on noise-free data, to the shorter period), then refined
/// along its harmonics: a multiple of it replaces it when the longer cycle explains
/// significantly more (a yearly pattern found at 6 months becomes 12), a divisor other than 2
/// replaces it when the longer cycle adds nothing significant beyond the divisor (a quarterly
/// pattern found at 8 becomes 4), and 2 yields to its shortest significant multiple (a
/// quarterly profile is period 4, not 2). 1 when no candidate is significant.
pub fn detect_season_length(y: &[f64], max_period: usize) -> usize {
    let candidates: Vec<usize> = (2..=max_period.min(y.len() / 2)).collect();
    detect_among(y, &candidates)
}

/// [`detect_season_length`] restricted to the given candidate periods (e.g. from the calendar).
pub fn detect_among(y: &[f64], candidates: &[usize]) -> usize {
    let level = SEASON_TEST_LEVEL.ln();
    let mut best = (1usize, level);
    for &m in candidates {
        let lp = season_test(y, m);
        if lp < best.1 {
            best = (m, lp);
        }
    }
    let mut m = best.0;
    if m == 1 {
        return 1;
    }
    // Harmonic refinement; each step moves to a strictly different candidate and the chain of
    // divisors and multiples is finite, but bound the loop all the same.
    for _ in 0..candidates.len() {
        // A period of 2 yields to its shortest significant multiple (an alternating pattern
        // is also a quarterly one, and a real period 2 is rare); longer periods move up only
        // when the multiple explains significantly more.
        let multiples = candidates.iter().copied().filter(|&k| k > m && k % m == 0);
        let up = if m == 2 {
            multiples.filter(|&k| season_test(y, k) < level).min()
        } else {
            multiples
                .map(|k| (k, nested_test(y, m, k)))
                .filter(|&(_, lp)| lp < level)
                .min_by(|a, b| a.1.total_cmp(&b.1))
                .map(|(k, _)| k)
        };
        if let Some(k) = up {
            m = k;
            continue;
        }
        let down = candidates
            .iter()
            .copied()
            .filter(|&d| d > 2 && d < m && m % d == 0 && season_test(y, d) < level)
            .filter(|&d| nested_test(y, d, m) >= level)
            .min();
        match down {
            Some(d) => m = d,
            None => break,
        }
    }
    m
}

/// The ACF-peak detector edgewise used before [`season_test`] (kept for comparison in benches):
/// among lags in `2..=max_period` (at most a third of the series) that are local peaks of the
/// ACF of the linearly detrended series, positive and significant at 95% (Bartlett), the
/// largest wins; 1 when there is none. Needs about 4.5 cycles.
pub fn detect_season_length_acf(y: &[f64], max_period: usize) -> usize {
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

/// A sampling frequency, the source of calendar season candidates.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Frequency {
    /// Every 30 minutes.
    HalfHourly,
    /// Every hour.
    Hourly,
    /// Every day.
    Daily,
    /// Every week.
    Weekly,
    /// Every month.
    Monthly,
    /// Every quarter.
    Quarterly,
    /// Every year.
    Yearly,
}

const DAY_MS: f64 = 86_400_000.0;

impl Frequency {
    /// Parses `"halfHourly"`, `"hourly"`, `"daily"`, `"weekly"`, `"monthly"`, `"quarterly"` or
    /// `"yearly"`.
    pub fn parse(name: &str) -> Result<Self> {
        Ok(match name {
            "halfHourly" => Frequency::HalfHourly,
            "hourly" => Frequency::Hourly,
            "daily" => Frequency::Daily,
            "weekly" => Frequency::Weekly,
            "monthly" => Frequency::Monthly,
            "quarterly" => Frequency::Quarterly,
            "yearly" => Frequency::Yearly,
            other => {
                return Err(Error::invalid(
                    "frequency",
                    "one of \"halfHourly\", \"hourly\", \"daily\", \"weekly\", \"monthly\", \
                     \"quarterly\", \"yearly\"",
                    quoted(other, 40),
                ))
            }
        })
    }

    /// The calendar's season lengths, shortest first: half-hourly 48 and 336 (day, week),
    /// hourly 24 and 168, daily 7 and 365.25, weekly 52, monthly 12, quarterly 4, yearly none.
    pub fn seasons(self) -> &'static [f64] {
        match self {
            Frequency::HalfHourly => &[48.0, 336.0],
            Frequency::Hourly => &[24.0, 168.0],
            Frequency::Daily => &[7.0, 365.25],
            Frequency::Weekly => &[52.0],
            Frequency::Monthly => &[12.0],
            Frequency::Quarterly => &[4.0],
            Frequency::Yearly => &[],
        }
    }

    /// Checks what every use of timestamps needs: finite and strictly increasing. Indices in
    /// the error count from `base` (where a series starts in a batch's flat array, 0 alone).
    pub fn check_timestamps(ms: &[f64], base: usize) -> Result<()> {
        check::finite_from("timestamps", ms, base)?;
        if let Some(i) = ms.windows(2).position(|w| w[1] - w[0] <= 0.0) {
            return Err(Error::invalid(
                "timestamps",
                "strictly increasing timestamps",
                format!("timestamps[{}] <= timestamps[{}]", base + i + 1, base + i),
            ));
        }
        Ok(())
    }

    /// The frequency of ascending timestamps (milliseconds since 1970, as JS `Date.getTime()`),
    /// from the median step: 30 minutes, 1 hour, 1 day, 7 days, 28–31 days, 89–92 days or
    /// 365–366 days (each within 10%, months and quarters by their day ranges).
    pub fn from_timestamps(ms: &[f64]) -> Result<Self> {
        Self::check_timestamps(ms, 0)?;
        if ms.len() < 2 {
            return Err(Error::invalid(
                "timestamps",
                "at least 2 timestamps",
                format!("{} timestamps", ms.len()),
            ));
        }
        let mut steps: Vec<f64> = ms.windows(2).map(|w| w[1] - w[0]).collect();
        steps.sort_by(f64::total_cmp);
        let step = steps[steps.len() / 2];
        let days = step / DAY_MS;
        let near = |target: f64| (days / target - 1.0).abs() <= 0.1;
        Ok(if near(1.0 / 48.0) {
            Frequency::HalfHourly
        } else if near(1.0 / 24.0) {
            Frequency::Hourly
        } else if near(1.0) {
            Frequency::Daily
        } else if near(7.0) {
            Frequency::Weekly
        } else if (27.5..=31.5).contains(&days) {
            Frequency::Monthly
        } else if (88.5..=92.5).contains(&days) {
            Frequency::Quarterly
        } else if (364.5..=366.5).contains(&days) {
            Frequency::Yearly
        } else {
            return Err(Error::invalid(
                "timestamps",
                "a half-hourly, hourly, daily, weekly, monthly, quarterly or yearly step",
                format!("a median step of {} days", Num(days)),
            ));
        })
    }
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

    #[test]
    fn two_or_three_cycles_suffice() {
        use std::f64::consts::PI;
        // A noise-free sine: seasonal from 24 monthly points (the ACF test needed ~54).
        for n in [24, 36] {
            let sine: Vec<f64> = (0..n).map(|t| (2.0 * PI * t as f64 / 12.0).sin()).collect();
            assert_eq!(detect_season_length(&sine, 24), 12, "n {n}");
            assert_eq!(season_test(&sine, 12), f64::NEG_INFINITY);
        }
        // A quarterly profile on a trend is period 4, not 2, from 3 cycles.
        let mut r = rng::seeded(3);
        let profile = [10.0, -4.0, 6.0, -12.0];
        let q: Vec<f64> = (0..12)
            .map(|t| 100.0 + 1.5 * t as f64 + profile[t % 4] + r.random::<f64>())
            .collect();
        assert_eq!(detect_season_length(&q, 6), 4);
        assert_eq!(detect_among(&q, &[4]), 4);
        assert_eq!(detect_among(&q, &[3]), 1);
        // Noise and random walks of 48 points are rarely called seasonal (23 candidates at 2e-3
        // each: 19 of these 400 are).
        let mut found = 0;
        for seed in 0..200 {
            let mut r = rng::seeded(seed);
            let mut level = 0.0;
            let walk: Vec<f64> = (0..48)
                .map(|_| {
                    level += r.random::<f64>() - 0.5;
                    level
                })
                .collect();
            let noise: Vec<f64> = (0..48).map(|_| r.random::<f64>()).collect();
            found += (detect_season_length(&walk, 24) > 1) as usize;
            found += (detect_season_length(&noise, 24) > 1) as usize;
        }
        assert!(found <= 24, "{found} of 400");
        assert_eq!(season_test(&q, 1), 0.0);
        assert_eq!(season_test(&q[..7], 4), 0.0);
    }

    #[test]
    fn calendar_candidates_from_names_and_timestamps() {
        let day = 86_400_000.0;
        let at = |step: f64, n: usize| (0..n).map(|i| 1.6e12 + step * i as f64).collect::<Vec<_>>();
        assert_eq!(
            Frequency::from_timestamps(&at(day, 10)).unwrap(),
            Frequency::Daily
        );
        assert_eq!(
            Frequency::from_timestamps(&at(day / 48.0, 10)).unwrap(),
            Frequency::HalfHourly
        );
        assert_eq!(
            Frequency::from_timestamps(&at(7.0 * day, 3)).unwrap(),
            Frequency::Weekly
        );
        assert_eq!(
            Frequency::from_timestamps(&at(30.4 * day, 5)).unwrap(),
            Frequency::Monthly
        );
        assert_eq!(
            Frequency::from_timestamps(&at(91.0 * day, 5)).unwrap(),
            Frequency::Quarterly
        );
        assert_eq!(
            Frequency::from_timestamps(&at(3600e3, 5)).unwrap(),
            Frequency::Hourly
        );
        let e = |v: &[f64]| Frequency::from_timestamps(v).unwrap_err().to_string();
        assert!(e(&at(3.0 * day, 5)).contains("median step of 3 days"));
        assert!(e(&[1.0]).contains("at least 2"));
        assert!(e(&[2.0, 1.0]).contains("strictly increasing"));
        assert!(e(&[1.0, f64::NAN]).contains("`timestamps`"));
        assert_eq!(Frequency::parse("daily").unwrap().seasons(), &[7.0, 365.25]);
        assert_eq!(
            Frequency::parse("halfHourly").unwrap().seasons(),
            &[48.0, 336.0]
        );
        assert_eq!(Frequency::parse("quarterly").unwrap().seasons(), &[4.0]);
        assert!(Frequency::parse("fortnightly")
            .unwrap_err()
            .to_string()
            .contains("`frequency`"));
    }
}
