//! One call for the A/B calculator: frequentist test, Bayesian view, SRM check and a verdict.

use super::{
    beta_binomial, sample_ratio_mismatch, two_proportion_ztest, Alternative, BayesResult,
    BetaPrior, Counts, ProportionTest, SrmCheck,
};
use crate::error::{check, Result};
use serde::{Deserialize, Serialize};

/// Settings of [`ab_summary`]; `AbOptions::default()` is the customary setup.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct AbOptions {
    /// Confidence / credible level (default 0.95); the test's significance is `1 − level`.
    pub level: f64,
    /// Significance of the sample-ratio-mismatch warning (default 0.001).
    pub srm_alpha: f64,
    /// Designed traffic split A : B (default 1 : 1), any positive weights.
    pub split: (f64, f64),
    /// Prior for the Bayesian view (default uniform Beta(1, 1)).
    pub prior: BetaPrior,
}

impl Default for AbOptions {
    fn default() -> Self {
        AbOptions {
            level: 0.95,
            srm_alpha: 0.001,
            split: (1.0, 1.0),
            prior: BetaPrior::default(),
        }
    }
}

/// What the calculator concludes.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Verdict {
    /// B converts better: two-sided p-value below `1 − level` and B − A > 0.
    BBetter,
    /// A converts better: two-sided p-value below `1 − level` and B − A < 0.
    ABetter,
    /// No significant difference at this level.
    Inconclusive,
    /// The traffic split differs from the design: fix the experiment before reading results.
    SampleRatioMismatch,
}

/// Result of [`ab_summary`].
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct AbSummary {
    /// The verdict (a sample ratio mismatch overrides the test).
    pub verdict: Verdict,
    /// Two-sided two-proportion z-test with a Wald interval for B − A.
    pub ztest: ProportionTest,
    /// Beta-Binomial posterior view: P(B > A), expected losses, credible intervals.
    pub bayes: BayesResult,
    /// Sample ratio mismatch check of the visitor counts against `split`.
    pub srm: SrmCheck,
}

/// Reads an A/B test from conversion counts: z-test, Bayesian view, SRM check and a verdict.
/// Errors as the underlying calls do (naming `a`, `b`, `level`, `prior.*`, `weights`) and when
/// `srm_alpha` is outside (0, 1).
pub fn ab_summary(a: Counts, b: Counts, opts: &AbOptions) -> Result<AbSummary> {
    check::open_interval("srm_alpha", opts.srm_alpha, 0.0, 1.0)?;
    let ztest = two_proportion_ztest(a, b, opts.level, Alternative::TwoSided)?;
    let bayes = beta_binomial(a, b, opts.prior, opts.level)?;
    let srm = sample_ratio_mismatch(
        &[a.visitors, b.visitors],
        &[opts.split.0, opts.split.1],
        opts.srm_alpha,
    )
    .map_err(|e| e.within("split."))?;
    let verdict = if srm.mismatch {
        Verdict::SampleRatioMismatch
    } else if ztest.p_value < 1.0 - opts.level {
        if ztest.diff > 0.0 {
            Verdict::BBetter
        } else {
            Verdict::ABetter
        }
    } else {
        Verdict::Inconclusive
    };
    Ok(AbSummary {
        verdict,
        ztest,
        bayes,
        srm,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn verdicts() {
        let o = AbOptions::default();
        let s = ab_summary(Counts::new(100, 1000), Counts::new(140, 1000), &o).unwrap();
        assert_eq!(s.verdict, Verdict::BBetter);
        assert!(s.bayes.prob_b_better > 0.99);
        let s = ab_summary(Counts::new(140, 1000), Counts::new(100, 1000), &o).unwrap();
        assert_eq!(s.verdict, Verdict::ABetter);
        let s = ab_summary(Counts::new(100, 1000), Counts::new(105, 1000), &o).unwrap();
        assert_eq!(s.verdict, Verdict::Inconclusive);
        // A big win, but 1000 vs 1300 visitors on a 50/50 design: the split is broken.
        let s = ab_summary(Counts::new(100, 1000), Counts::new(300, 1300), &o).unwrap();
        assert_eq!(s.verdict, Verdict::SampleRatioMismatch);
        // The same counts on a 1 : 1.3 design are fine.
        let uneven = AbOptions {
            split: (1.0, 1.3),
            ..AbOptions::default()
        };
        let s = ab_summary(Counts::new(100, 1000), Counts::new(300, 1300), &uneven).unwrap();
        assert_eq!(s.verdict, Verdict::BBetter);
    }

    #[test]
    fn bad_input_is_an_error() {
        let c = Counts::new(10, 100);
        let bad = AbOptions {
            srm_alpha: 0.0,
            ..AbOptions::default()
        };
        assert!(ab_summary(c, c, &bad)
            .unwrap_err()
            .to_string()
            .contains("srm_alpha"));
        let bad = AbOptions {
            split: (1.0, -1.0),
            ..AbOptions::default()
        };
        let e = ab_summary(c, c, &bad).unwrap_err();
        assert!(e.to_string().contains("split.weights"), "{e}");
        assert!(ab_summary(Counts::new(5, 3), c, &AbOptions::default()).is_err());
    }
}
