//! A/B test statistics for the analyst's dashboard.
//!
//! - [`two_proportion_ztest`]: conversion rates, pooled z-test with a Wald interval for B − A.
//! - [`welch_ttest`] / [`welch_ttest_summary`]: means with unequal variances (revenue per visitor).
//! - [`beta_binomial`]: Bayesian P(B > A) and expected loss by numerical integration.
//! - [`sample_size_proportions`], [`sample_size_means`], [`power_proportions`]: planning.
//! - [`sample_ratio_mismatch`]: chi-square check that traffic was split as designed.
//! - [`ab_summary`]: all of the above for the A/B calculator, with a [`Verdict`].
//!
//! Convention everywhere: differences are **B − A** (treatment minus control), and
//! [`Alternative::Greater`] means "B is greater than A".

use serde::{Deserialize, Serialize};
mod bayes;
pub mod options;
mod power;
mod srm;
mod summary;
mod welch;
mod ztest;

pub use bayes::{beta_binomial, prob_greater, BayesResult, BetaPrior};
pub use options::{AbTestConfig, BetaPriorConfig, PlanConfig, PlanSettings, SrmConfig, TestConfig};
pub use power::{
    power_means, power_proportions, sample_size_means, sample_size_proportions, SampleSize,
};
pub use srm::{sample_ratio_mismatch, SrmCheck};
pub use summary::{ab_summary, AbOptions, AbSummary, Verdict};
pub use welch::{welch_ttest, welch_ttest_summary, SampleSummary, TTest};
pub use ztest::{two_proportion_ztest, ProportionTest};

use crate::error::{Error, Result};

/// Largest visitor count per arm accepted (10^12): far above any real experiment, and below
/// the point where the Beta posteriors' numerics lose their digits.
pub const MAX_VISITORS: u64 = 1_000_000_000_000;

/// Conversions out of visitors for one arm.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Counts {
    /// Number of converting visitors (successes).
    pub conversions: u64,
    /// Number of visitors (trials).
    pub visitors: u64,
}

impl Counts {
    /// Counts for one arm.
    pub fn new(conversions: u64, visitors: u64) -> Self {
        Counts {
            conversions,
            visitors,
        }
    }

    /// Observed conversion rate.
    pub fn rate(&self) -> f64 {
        self.conversions as f64 / self.visitors as f64
    }
}

/// Direction of the alternative hypothesis about B − A.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Alternative {
    /// B ≠ A.
    #[default]
    TwoSided,
    /// B > A.
    Greater,
    /// B < A.
    Less,
}

/// p-value of statistic `stat` given the distribution's CDF, for the alternative.
pub(crate) fn p_value(stat: f64, alternative: Alternative, cdf: impl Fn(f64) -> f64) -> f64 {
    match alternative {
        Alternative::TwoSided => (2.0 * cdf(-stat.abs())).min(1.0),
        Alternative::Greater => cdf(-stat),
        Alternative::Less => cdf(stat),
    }
}

/// One arm of a two-arm test, checked before use.
pub(crate) trait Arm {
    /// Checks the arm; `arg` names it (e.g. `a`).
    fn check(&self, arg: &str) -> Result<()>;
    /// The arm's number of observations (visitors, samples).
    fn size(&self) -> f64;
}

impl Arm for Counts {
    /// Checks `1 <= visitors <=` [`MAX_VISITORS`] and `conversions <= visitors`; `arg` names
    /// the arm (e.g. `a`).
    fn check(&self, arg: &str) -> Result<()> {
        if self.visitors == 0 {
            return Err(Error::invalid(
                format!("{arg}.visitors"),
                "at least 1 visitor",
                0,
            ));
        }
        if self.visitors > MAX_VISITORS {
            return Err(Error::invalid(
                format!("{arg}.visitors"),
                format!("at most {MAX_VISITORS} visitors (beyond, double precision runs out)"),
                self.visitors,
            ));
        }
        if self.conversions > self.visitors {
            return Err(Error::invalid(
                format!("{arg}.conversions"),
                format!("at most visitors ({})", self.visitors),
                self.conversions,
            ));
        }
        Ok(())
    }
    fn size(&self) -> f64 {
        self.visitors as f64
    }
}

/// Checks arms `a` and `b` and the confidence `level` (in that order); returns the arms' sizes.
pub(crate) fn check_arms<A: Arm>(a: &A, b: &A, level: f64) -> Result<(f64, f64)> {
    a.check("a")?;
    b.check("b")?;
    check_level(level)?;
    Ok((a.size(), b.size()))
}

/// Validates a confidence level in (0, 1).
pub(crate) fn check_level(level: f64) -> Result<()> {
    crate::error::check::open_interval("level", level, 0.0, 1.0)
}
