//! Welch's t-test for the difference of two means with unequal variances.

use super::{check_arms, p_value, Alternative, Arm};
use crate::error::{check, Error, Result};
use crate::stats::{mean, sample_var, t_cdf, t_ppf};
use serde::{Deserialize, Serialize};

/// Summary statistics of one arm (e.g. revenue per visitor).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct SampleSummary {
    /// Number of observations (at least 2).
    pub n: u64,
    /// Sample mean.
    pub mean: f64,
    /// Sample variance with the `n − 1` denominator.
    pub var: f64,
}

impl SampleSummary {
    /// Summarizes raw observations; `arg` names them in errors.
    pub fn from_values(arg: &str, values: &[f64]) -> Result<Self> {
        check::finite(arg, values)?;
        if values.len() < 2 {
            return Err(Error::invalid(
                arg,
                "at least 2 observations",
                format!("{} observations", values.len()),
            ));
        }
        Ok(SampleSummary {
            n: values.len() as u64,
            mean: mean(values),
            var: sample_var(values),
        })
    }
}

impl Arm for SampleSummary {
    fn size(&self) -> f64 {
        self.n as f64
    }

    fn check(&self, arg: &str) -> Result<()> {
        if self.n < 2 {
            return Err(Error::invalid(
                format!("{arg}.n"),
                "at least 2 observations",
                self.n,
            ));
        }
        check::finite(&format!("{arg}.mean"), &[self.mean])?;
        if !(self.var.is_finite() && self.var >= 0.0) {
            return Err(Error::invalid(
                format!("{arg}.var"),
                "a finite variance >= 0",
                self.var,
            ));
        }
        Ok(())
    }
}

/// Result of a Welch t-test of B against A.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct TTest {
    /// Mean of A.
    pub mean_a: f64,
    /// Mean of B.
    pub mean_b: f64,
    /// Difference of means B − A.
    pub diff: f64,
    /// Welch t statistic.
    pub t: f64,
    /// Welch–Satterthwaite degrees of freedom.
    pub df: f64,
    /// p-value for the requested alternative.
    pub p_value: f64,
    /// Confidence interval for B − A at `level` (two-sided for [`Alternative::TwoSided`],
    /// one-sided with an infinite bound otherwise, as `scipy.stats.ttest_ind`).
    pub ci: (f64, f64),
    /// Confidence level of `ci`.
    pub level: f64,
}

/// Welch's t-test from raw observations of A and B (each finite, at least 2).
pub fn welch_ttest(a: &[f64], b: &[f64], level: f64, alternative: Alternative) -> Result<TTest> {
    let sa = SampleSummary::from_values("a", a)?;
    let sb = SampleSummary::from_values("b", b)?;
    welch_ttest_summary(sa, sb, level, alternative)
}

/// Welch's t-test from summary statistics. Errors when both variances are zero.
pub fn welch_ttest_summary(
    a: SampleSummary,
    b: SampleSummary,
    level: f64,
    alternative: Alternative,
) -> Result<TTest> {
    let (na, nb) = check_arms(&a, &b, level)?;
    let va = a.var / na;
    let vb = b.var / nb;
    let se2 = va + vb;
    if se2 <= 0.0 {
        return Err(Error::invalid(
            "a.var, b.var",
            "a positive variance in at least one arm",
            "zero variance in both arms",
        ));
    }
    let se = se2.sqrt();
    let df = se2 * se2 / (va * va / (na - 1.0) + vb * vb / (nb - 1.0));
    let diff = b.mean - a.mean;
    let t = diff / se;
    let ci = match alternative {
        Alternative::TwoSided => {
            let q = t_ppf(0.5 + level / 2.0, df);
            (diff - q * se, diff + q * se)
        }
        Alternative::Greater => (diff - t_ppf(level, df) * se, f64::INFINITY),
        Alternative::Less => (f64::NEG_INFINITY, diff + t_ppf(level, df) * se),
    };
    Ok(TTest {
        mean_a: a.mean,
        mean_b: b.mean,
        diff,
        t,
        df,
        p_value: p_value(t, alternative, |x| t_cdf(x, df)),
        ci,
        level,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn symmetric_and_bad_input() {
        let a = [1.0, 2.0, 3.0, 4.0];
        let b = [2.0, 3.0, 4.0, 5.0];
        let r = welch_ttest(&a, &b, 0.95, Alternative::TwoSided).unwrap();
        let s = welch_ttest(&b, &a, 0.95, Alternative::TwoSided).unwrap();
        assert!((r.t + s.t).abs() < 1e-14 && (r.p_value - s.p_value).abs() < 1e-14);
        // Equal variances and sizes: df = 2(n−1).
        assert!((r.df - 6.0).abs() < 1e-12);
        assert!(welch_ttest(&a, &[1.0], 0.95, Alternative::TwoSided)
            .unwrap_err()
            .to_string()
            .contains("`b`"));
        assert!(welch_ttest(&[1.0, f64::NAN], &b, 0.95, Alternative::TwoSided).is_err());
        assert!(welch_ttest(&[], &b, 0.95, Alternative::TwoSided).is_err());
        assert!(welch_ttest(&[1.0, 1.0], &[2.0, 2.0], 0.95, Alternative::TwoSided).is_err());
        assert!(welch_ttest(&a, &b, 0.0, Alternative::TwoSided).is_err());
        let bad = SampleSummary {
            n: 10,
            mean: 1.0,
            var: -1.0,
        };
        let good = SampleSummary {
            n: 10,
            mean: 1.0,
            var: 1.0,
        };
        assert!(welch_ttest_summary(bad, good, 0.95, Alternative::TwoSided).is_err());
    }
}
