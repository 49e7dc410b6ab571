//! Sample ratio mismatch (SRM): a chi-square goodness-of-fit test that visitors were split
//! between arms in the designed proportions. A mismatch means the experiment is broken
//! (assignment or logging bug) and its results should not be trusted.

use crate::error::{check, Error, Result};
use crate::num::Num;
use crate::stats::chi2_sf;
use serde::Serialize;

/// Result of [`sample_ratio_mismatch`].
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SrmCheck {
    /// Pearson chi-square statistic.
    pub chi2: f64,
    /// Degrees of freedom (arms − 1).
    pub df: u64,
    /// p-value of the statistic.
    pub p_value: f64,
    /// Visitors expected per arm under the designed split.
    pub expected: Vec<f64>,
    /// Observed share of visitors per arm.
    pub observed_share: Vec<f64>,
    /// `true` when `p_value < alpha`: warn that the split is not as designed.
    pub mismatch: bool,
}

/// Tests observed visitor counts per arm against the designed split `weights` (any positive
/// numbers, normalized; e.g. `[1, 1]` or `[0.9, 0.1]`). `alpha` is the warning threshold;
/// 0.001 is customary for SRM because the check runs on every experiment.
///
/// Errors on fewer than two arms, `weights` of another length, a weight that is not a finite
/// positive number, zero visitors in total, or `alpha` outside (0, 1).
pub fn sample_ratio_mismatch(observed: &[u64], weights: &[f64], alpha: f64) -> Result<SrmCheck> {
    if observed.len() < 2 {
        return Err(Error::invalid(
            "observed",
            "visitor counts for at least 2 arms",
            format!("{} arms", observed.len()),
        ));
    }
    if weights.len() != observed.len() {
        return Err(Error::invalid(
            "weights",
            format!("one weight per arm ({})", observed.len()),
            format!("{} weights", weights.len()),
        ));
    }
    check::finite("weights", weights)?;
    if let Some(i) = weights.iter().position(|&w| w <= 0.0) {
        return Err(Error::invalid(
            "weights",
            "positive weights",
            format!("{} at index {i}", Num(weights[i])),
        ));
    }
    check::open_interval("alpha", alpha, 0.0, 1.0)?;
    // Counts up to 2^53 each: summed as f64, which cannot overflow.
    let total: f64 = observed.iter().map(|&o| o as f64).sum();
    if total == 0.0 {
        return Err(Error::invalid(
            "observed",
            "at least one visitor",
            "all zeros",
        ));
    }
    // Weights are scaled by the largest first, so that their sum cannot overflow (1e308).
    let wmax = weights.iter().copied().fold(0.0, f64::max);
    let wsum: f64 = weights.iter().map(|w| w / wmax).sum();
    let n = total;
    let expected: Vec<f64> = weights.iter().map(|w| n * (w / wmax) / wsum).collect();
    if let Some(i) = expected.iter().position(|&e| !(e > 0.0 && e.is_finite())) {
        return Err(Error::invalid(
            "weights",
            "weights not so far below the largest that the expected count underflows to 0",
            format!("{} at index {i}", crate::error::show(weights[i])),
        ));
    }
    // Saturates at the largest finite number instead of overflowing to infinity.
    let chi2 = observed
        .iter()
        .zip(&expected)
        .map(|(&o, &e)| (o as f64 - e).powi(2) / e)
        .sum::<f64>()
        .min(f64::MAX);
    let df = (observed.len() - 1) as u64;
    let p_value = chi2_sf(chi2, df as f64);
    Ok(SrmCheck {
        chi2,
        df,
        p_value,
        observed_share: observed.iter().map(|&o| o as f64 / n).collect(),
        expected,
        mismatch: p_value < alpha,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn detects_mismatch_and_rejects_bad_input() {
        let ok = sample_ratio_mismatch(&[5000, 5050], &[1.0, 1.0], 0.001).unwrap();
        assert!(!ok.mismatch && ok.df == 1);
        assert!((ok.chi2 - 2.0 * 25.0f64.powi(2) / 5025.0).abs() < 1e-12);
        let bad = sample_ratio_mismatch(&[5000, 5400], &[1.0, 1.0], 0.001).unwrap();
        assert!(bad.mismatch);
        assert!(sample_ratio_mismatch(&[10], &[1.0], 0.001).is_err());
        assert!(sample_ratio_mismatch(&[10, 10], &[1.0], 0.001)
            .unwrap_err()
            .to_string()
            .contains("weights"));
        assert!(sample_ratio_mismatch(&[10, 10], &[1.0, 0.0], 0.001).is_err());
        assert!(sample_ratio_mismatch(&[10, 10], &[1.0, f64::NAN], 0.001).is_err());
        assert!(sample_ratio_mismatch(&[0, 0], &[1.0, 1.0], 0.001).is_err());
        assert!(sample_ratio_mismatch(&[1, 2], &[1.0, 1.0], 0.0).is_err());
        // Issue #12: extreme weights and counts give finite numbers or an error, never NaN.
        let huge = sample_ratio_mismatch(&[500, 500], &[1e308, 1e308], 0.001).unwrap();
        assert_eq!(huge.expected, vec![500.0, 500.0]);
        assert_eq!(huge.chi2, 0.0);
        let e = sample_ratio_mismatch(&[500, 500], &[1e308, 1e-308], 0.001).unwrap_err();
        assert!(e.to_string().contains("`weights`"), "{e}");
        let big = (1u64 << 53) - 1;
        let r = sample_ratio_mismatch(&[big, big, 0], &[1.0, 1.0, 1.0], 0.001).unwrap();
        assert!(r.chi2.is_finite() && r.p_value.is_finite() && r.mismatch);
        let r = sample_ratio_mismatch(&[big, 0], &[1.0, 1e-280], 0.001).unwrap();
        assert!(r.chi2.is_finite() && r.observed_share.iter().all(|s| s.is_finite()));
    }
}
