//! Sample ratio mismatch (SRM): a chi-square goodness-of-fit test that visitors were split
//! between arms in the designed proportions. A mismatch means the experiment is broken
//! (assignment or logging bug) and its results should not be trusted.

use crate::error::{check, Error, Result};
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
            format!("{} at index {i}", weights[i]),
        ));
    }
    check::open_interval("alpha", alpha, 0.0, 1.0)?;
    let total: u64 = observed.iter().sum();
    if total == 0 {
        return Err(Error::invalid(
            "observed",
            "at least one visitor",
            "all zeros",
        ));
    }
    let wsum: f64 = weights.iter().sum();
    let n = total as f64;
    let expected: Vec<f64> = weights.iter().map(|w| n * w / wsum).collect();
    let chi2 = observed
        .iter()
        .zip(&expected)
        .map(|(&o, &e)| (o as f64 - e).powi(2) / e)
        .sum::<f64>();
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
    }
}
