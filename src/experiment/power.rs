//! Sample-size and power planning with the normal approximation, matching statsmodels'
//! `NormalIndPower` (Cohen's h = 2·asin√p_B − 2·asin√p_A for proportions, d = δ/σ for means).

use super::Alternative;
use crate::error::{check, Error, Result};
use crate::num::Num;
use crate::stats::{norm_cdf, norm_ppf};
use serde::Serialize;

/// Planned visitors per arm from [`sample_size_proportions`] or [`sample_size_means`].
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SampleSize {
    /// Visitors needed in A (rounded up).
    pub n_a: u64,
    /// Visitors needed in B (`ratio · n_a`, rounded up).
    pub n_b: u64,
    /// `n_a + n_b`.
    pub total: u64,
    /// The unrounded solution for A (what statsmodels' `solve_power` returns).
    pub n_a_exact: f64,
    /// The standardized effect size used (Cohen's h or d).
    pub effect_size: f64,
}

/// Power of the normal test for standardized effect `d` with `n_a` in A and `ratio · n_a` in B.
fn normal_power(d: f64, n_a: f64, ratio: f64, alpha: f64, alternative: Alternative) -> f64 {
    let n = 1.0 / (1.0 / n_a + 1.0 / (n_a * ratio));
    // Beyond ±40 standard errors the power is 0 or 1 to the last bit; clamping also keeps an
    // overflowing shift (a huge effect) from reaching `norm_cdf` as infinity.
    let shift = (d * n.sqrt()).clamp(-40.0, 40.0);
    match alternative {
        Alternative::TwoSided => {
            let crit = norm_ppf(1.0 - alpha / 2.0);
            norm_cdf(shift - crit) + norm_cdf(-crit - shift)
        }
        Alternative::Greater => norm_cdf(shift - norm_ppf(1.0 - alpha)),
        Alternative::Less => norm_cdf(-norm_ppf(1.0 - alpha) - shift),
    }
}

fn check_rate(arg: &str, p: f64) -> Result<()> {
    check::open_interval(arg, p, 0.0, 1.0)
}

fn check_ratio(ratio: f64) -> Result<()> {
    if ratio.is_finite() && ratio > 0.0 {
        Ok(())
    } else {
        Err(Error::invalid(
            "ratio",
            "a finite number > 0 (n_b / n_a)",
            ratio,
        ))
    }
}

/// Checks the shared design inputs of a power calculation: `alpha` in (0, 1), the allocation
/// `ratio`, and a finite `n_a > 0`.
fn check_design(n_a: f64, alpha: f64, ratio: f64) -> Result<()> {
    check::open_interval("alpha", alpha, 0.0, 1.0)?;
    check_ratio(ratio)?;
    if !(n_a.is_finite() && n_a > 0.0) {
        return Err(Error::invalid(
            "n_a",
            "a finite number of visitors > 0",
            n_a,
        ));
    }
    Ok(())
}

fn cohen_h(rate_a: f64, rate_b: f64) -> f64 {
    2.0 * rate_b.sqrt().asin() - 2.0 * rate_a.sqrt().asin()
}

/// Power to detect a change from conversion rate `rate_a` to `rate_b` with `n_a` visitors in A
/// and `ratio · n_a` in B, at significance `alpha`.
pub fn power_proportions(
    rate_a: f64,
    rate_b: f64,
    n_a: f64,
    alpha: f64,
    ratio: f64,
    alternative: Alternative,
) -> Result<f64> {
    check_rate("rate_a", rate_a)?;
    check_rate("rate_b", rate_b)?;
    check_design(n_a, alpha, ratio)?;
    Ok(normal_power(
        cohen_h(rate_a, rate_b),
        n_a,
        ratio,
        alpha,
        alternative,
    ))
}

/// Power to detect a difference of means `delta` (B − A) with standard deviation `sd`.
pub fn power_means(
    delta: f64,
    sd: f64,
    n_a: f64,
    alpha: f64,
    ratio: f64,
    alternative: Alternative,
) -> Result<f64> {
    check::finite("delta", &[delta])?;
    check_sd(sd)?;
    check_design(n_a, alpha, ratio)?;
    Ok(normal_power(
        effect(delta, sd)?,
        n_a,
        ratio,
        alpha,
        alternative,
    ))
}

/// The standardized effect `delta / sd`, which must be finite (a tiny `sd` can overflow it).
fn effect(delta: f64, sd: f64) -> Result<f64> {
    let d = delta / sd;
    if d.is_finite() {
        Ok(d)
    } else {
        Err(Error::invalid(
            "sd",
            format!(
                "a standard deviation for which delta / sd is finite (delta {})",
                Num(delta)
            ),
            sd,
        ))
    }
}

fn check_sd(sd: f64) -> Result<()> {
    if sd.is_finite() && sd > 0.0 {
        Ok(())
    } else {
        Err(Error::invalid("sd", "a finite standard deviation > 0", sd))
    }
}

/// Visitors per arm needed to detect a move from `rate_a` (baseline) to `rate_b` with
/// probability `power` at significance `alpha`; B gets `ratio` times A's visitors.
pub fn sample_size_proportions(
    rate_a: f64,
    rate_b: f64,
    alpha: f64,
    power: f64,
    ratio: f64,
    alternative: Alternative,
) -> Result<SampleSize> {
    check_rate("rate_a", rate_a)?;
    check_rate("rate_b", rate_b)?;
    if rate_a == rate_b {
        return Err(Error::invalid(
            "rate_b",
            "a rate different from rate_a",
            rate_b,
        ));
    }
    solve(cohen_h(rate_a, rate_b), alpha, power, ratio, alternative)
}

/// Visitors per arm needed to detect a difference of means `delta` (B − A) when the outcome has
/// standard deviation `sd` (e.g. revenue per visitor), normal approximation.
pub fn sample_size_means(
    delta: f64,
    sd: f64,
    alpha: f64,
    power: f64,
    ratio: f64,
    alternative: Alternative,
) -> Result<SampleSize> {
    check::finite("delta", &[delta])?;
    if delta == 0.0 {
        return Err(Error::invalid("delta", "a non-zero difference", delta));
    }
    check_sd(sd)?;
    solve(effect(delta, sd)?, alpha, power, ratio, alternative)
}

fn solve(
    d: f64,
    alpha: f64,
    power: f64,
    ratio: f64,
    alternative: Alternative,
) -> Result<SampleSize> {
    check::open_interval("alpha", alpha, 0.0, 1.0)?;
    check::open_interval("power", power, 0.0, 1.0)?;
    check_ratio(ratio)?;
    let reachable = match alternative {
        Alternative::TwoSided => true,
        Alternative::Greater => d > 0.0,
        Alternative::Less => d < 0.0,
    };
    // Power tends to alpha (one-sided) or alpha (two-sided) as n → 0; it must be exceeded.
    let floor = normal_power(d, 1e-12, ratio, alpha, alternative);
    if !reachable || power <= floor {
        return Err(Error::invalid(
            "power",
            format!("a target above the test's size ({}) for an effect in the direction of the alternative", Num(floor)),
            power,
        ));
    }
    let f = |n: f64| normal_power(d, n, ratio, alpha, alternative) - power;
    let (mut lo, mut hi) = (1e-12f64, 1.0f64);
    while f(hi) < 0.0 {
        lo = hi;
        hi *= 2.0;
        if hi > 1e15 {
            return Err(Error::Numerical(format!(
                "sample size above 1e15 visitors for effect size {}",
                Num(d)
            )));
        }
    }
    for _ in 0..200 {
        let mid = 0.5 * (lo + hi);
        if f(mid) < 0.0 {
            lo = mid;
        } else {
            hi = mid;
        }
        if hi - lo <= 1e-12 * hi {
            break;
        }
    }
    let n_a_exact = 0.5 * (lo + hi);
    if n_a_exact * ratio > 1e15 {
        return Err(Error::Numerical(format!(
            "sample size above 1e15 visitors in B for effect size {} and ratio {}",
            Num(d),
            Num(ratio)
        )));
    }
    let n_a = n_a_exact.ceil() as u64;
    let n_b = (n_a_exact * ratio).ceil() as u64;
    Ok(SampleSize {
        n_a,
        n_b,
        total: n_a + n_b,
        n_a_exact,
        effect_size: d,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn textbook_case_and_round_trip() {
        // Classic: d = 0.5, alpha 0.05, power 0.8 two-sided → about 62.8 per arm (z approx).
        let s = sample_size_means(0.5, 1.0, 0.05, 0.8, 1.0, Alternative::TwoSided).unwrap();
        assert!((s.n_a_exact - 62.79).abs() < 0.02, "{}", s.n_a_exact);
        let p = power_means(0.5, 1.0, s.n_a_exact, 0.05, 1.0, Alternative::TwoSided).unwrap();
        assert!((p - 0.8).abs() < 1e-9);
        assert_eq!(s.n_a, 63);
    }

    #[test]
    fn bad_input_is_an_error() {
        let two = Alternative::TwoSided;
        assert!(sample_size_proportions(0.1, 0.1, 0.05, 0.8, 1.0, two).is_err());
        assert!(sample_size_proportions(0.0, 0.1, 0.05, 0.8, 1.0, two).is_err());
        assert!(sample_size_proportions(0.1, 0.12, 1.2, 0.8, 1.0, two).is_err());
        assert!(sample_size_proportions(0.1, 0.12, 0.05, 0.8, -1.0, two)
            .unwrap_err()
            .to_string()
            .contains("ratio"));
        assert!(sample_size_proportions(0.1, 0.08, 0.05, 0.8, 1.0, Alternative::Greater).is_err());
        assert!(sample_size_means(1.0, 0.0, 0.05, 0.8, 1.0, two).is_err());
        assert!(sample_size_means(f64::NAN, 1.0, 0.05, 0.8, 1.0, two).is_err());
        assert!(power_proportions(0.1, 0.2, -5.0, 0.05, 1.0, two).is_err());
    }
}
