//! Two-proportion z-test (pooled standard error) with a Wald interval for the difference.

use super::{check_arms, p_value, Alternative, Counts};
use crate::error::{Error, Result};
use crate::stats::{norm_cdf, norm_ppf};
use serde::Serialize;

/// Result of [`two_proportion_ztest`].
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ProportionTest {
    /// Conversion rate of A.
    pub rate_a: f64,
    /// Conversion rate of B.
    pub rate_b: f64,
    /// Absolute difference B − A.
    pub diff: f64,
    /// Relative lift (B − A) / A; `None` (`null` in JS) when A's rate is 0, where it is
    /// undefined.
    pub lift: Option<f64>,
    /// z statistic with the pooled standard error (as statsmodels' `proportions_ztest`).
    pub z: f64,
    /// p-value for the requested alternative.
    pub p_value: f64,
    /// Two-sided Wald confidence interval for B − A at `level` (unpooled standard error,
    /// as statsmodels' `confint_proportions_2indep(method="wald")`).
    pub ci: (f64, f64),
    /// Confidence level of `ci`.
    pub level: f64,
}

/// Two-proportion z-test of B against A.
///
/// Errors when an arm has no visitors, more conversions than visitors, when `level` is not in
/// (0, 1), or when both arms convert at 0% or 100% (the pooled variance is zero).
pub fn two_proportion_ztest(
    a: Counts,
    b: Counts,
    level: f64,
    alternative: Alternative,
) -> Result<ProportionTest> {
    let (na, nb) = check_arms(&a, &b, level)?;
    let (pa, pb) = (a.rate(), b.rate());
    let pooled = (a.conversions + b.conversions) as f64 / (na + nb);
    let se_pooled = (pooled * (1.0 - pooled) * (1.0 / na + 1.0 / nb)).sqrt();
    if se_pooled <= 0.0 {
        return Err(Error::invalid(
            "a, b",
            "at least one conversion and one non-conversion over both arms",
            format!(
                "a = {}/{}, b = {}/{}",
                a.conversions, a.visitors, b.conversions, b.visitors
            ),
        ));
    }
    let diff = pb - pa;
    let z = diff / se_pooled;
    let se = (pa * (1.0 - pa) / na + pb * (1.0 - pb) / nb).sqrt();
    let q = norm_ppf(0.5 + level / 2.0);
    Ok(ProportionTest {
        rate_a: pa,
        rate_b: pb,
        diff,
        lift: (pa > 0.0).then(|| diff / pa),
        z,
        p_value: p_value(z, alternative, norm_cdf),
        ci: (diff - q * se, diff + q * se),
        level,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn known_answer_and_directions() {
        // Pooled rate (100 + 130) / 2000 = 0.115; statsmodels' values are checked in
        // tests/analytics.rs against fixtures.
        let r = two_proportion_ztest(
            Counts::new(100, 1000),
            Counts::new(130, 1000),
            0.95,
            Alternative::TwoSided,
        )
        .unwrap();
        let se = (0.115f64 * 0.885 * 0.002).sqrt();
        assert!((r.z - 0.03 / se).abs() < 1e-12);
        assert!((r.p_value - 2.0 * norm_cdf(-0.03 / se)).abs() < 1e-14);
        let g = two_proportion_ztest(
            Counts::new(100, 1000),
            Counts::new(130, 1000),
            0.95,
            Alternative::Greater,
        )
        .unwrap();
        assert!((g.p_value - r.p_value / 2.0).abs() < 1e-14);
        let l = two_proportion_ztest(
            Counts::new(100, 1000),
            Counts::new(130, 1000),
            0.95,
            Alternative::Less,
        )
        .unwrap();
        assert!((l.p_value + g.p_value - 1.0).abs() < 1e-14);
        assert!(r.ci.0 < r.diff && r.diff < r.ci.1);
        assert!((r.lift.unwrap() - 0.3).abs() < 1e-12);
        // Zero conversions in A: the lift is undefined, reported as None, never NaN.
        let zero = two_proportion_ztest(
            Counts::new(0, 1000),
            Counts::new(10, 1000),
            0.95,
            Alternative::TwoSided,
        )
        .unwrap();
        assert_eq!(zero.lift, None);
        assert!(zero.z.is_finite() && zero.p_value.is_finite());
    }

    #[test]
    fn bad_input_is_an_error() {
        let ok = Counts::new(1, 10);
        let e = two_proportion_ztest(Counts::new(5, 0), ok, 0.95, Alternative::TwoSided);
        assert!(e.unwrap_err().to_string().contains("a.visitors"));
        let huge = Counts::new(1, super::super::MAX_VISITORS + 1);
        let e = two_proportion_ztest(ok, huge, 0.95, Alternative::TwoSided).unwrap_err();
        assert!(e.to_string().contains("b.visitors"), "{e}");
        let e = two_proportion_ztest(ok, Counts::new(11, 10), 0.95, Alternative::TwoSided);
        assert!(e.unwrap_err().to_string().contains("b.conversions"));
        assert!(two_proportion_ztest(ok, ok, 1.0, Alternative::TwoSided).is_err());
        assert!(two_proportion_ztest(ok, ok, f64::NAN, Alternative::TwoSided).is_err());
        let zero = Counts::new(0, 10);
        assert!(two_proportion_ztest(zero, zero, 0.95, Alternative::TwoSided).is_err());
    }
}
