//! The A/B test functions' options as a page writes them: one definition per option (JS name,
//! TypeScript type, doc line, see [`crate::options`]), defaults and a `check()` that returns the
//! engine's settings. Ranges (levels in (0, 1), positive weights) are the engine's to check; its
//! errors are renamed to the JS names by the caller.

use super::{AbOptions, Alternative, BetaPrior};
use crate::error::{Error, Result};
use crate::num::Num;
use crate::options::{self as opt, Value};

crate::option_set! {
    /// A Beta prior: `options.prior` of `abTest`.
    pub struct BetaPriorConfig as "BetaPriorOptions" {
        /// Prior pseudo-conversions, > 0.
        alpha: number = "alpha", "number", required;
        /// Prior pseudo-non-conversions, > 0.
        beta: number = "beta", "number", required;
    }
}

crate::option_set! {
    /// Options of `abTest`.
    pub struct AbTestConfig as "AbTestOptions" {
        /// Confidence / credible level (default 0.95).
        level: number = "level", "number";
        /// Significance of the sample-ratio-mismatch warning (default 0.001).
        srm_alpha: number = "srmAlpha", "number";
        /// Designed traffic split A : B (default [1, 1]).
        split: value = "split", "[number, number]";
        /// Beta prior of both arms (default { alpha: 1, beta: 1 }).
        prior: set(BetaPriorConfig) = "prior", "BetaPriorOptions";
    }
}

impl AbTestConfig {
    /// The A/B summary's settings.
    pub fn check(&self) -> Result<AbOptions> {
        let d = AbOptions::default();
        let split = match &self.split {
            None => d.split,
            Some(Value::Numbers(w)) if w.len() == 2 => (w[0], w[1]),
            Some(other) => {
                let got = other.described();
                return Err(Error::invalid("options.split", "two weights [a, b]", got));
            }
        };
        let prior = match &self.prior {
            None => d.prior,
            Some(p) => BetaPrior {
                alpha: opt::required("options.prior.alpha", p.alpha)?,
                beta: opt::required("options.prior.beta", p.beta)?,
            },
        };
        Ok(AbOptions {
            level: opt::finite("options.level", self.level, d.level)?,
            srm_alpha: opt::finite("options.srmAlpha", self.srm_alpha, d.srm_alpha)?,
            split,
            prior,
        })
    }
}

/// `options.alternative`: "twoSided" (default), "greater" or "less".
fn alternative(v: &Option<String>) -> Result<Alternative> {
    Ok(
        match opt::choice("options.alternative", v, &["twoSided", "greater", "less"])? {
            Some("greater") => Alternative::Greater,
            Some("less") => Alternative::Less,
            _ => Alternative::TwoSided,
        },
    )
}

crate::option_set! {
    /// Options of `proportionTest` and `welchTest`.
    pub struct TestConfig as "TestOptions" {
        /// Confidence level of the interval (default 0.95).
        level: number = "level", "number";
        /// Direction of the alternative hypothesis about B − A (default "twoSided").
        alternative: text = "alternative", "Alternative";
    }
}

impl TestConfig {
    /// The confidence level and the alternative.
    pub fn check(&self) -> Result<(f64, Alternative)> {
        Ok((
            opt::finite("options.level", self.level, 0.95)?,
            alternative(&self.alternative)?,
        ))
    }
}

crate::option_set! {
    /// Options of `sampleSize` and `power`.
    pub struct PlanConfig as "PlanOptions" {
        /// Significance (default 0.05).
        alpha: number = "alpha", "number";
        /// Target power, for `sampleSize` (default 0.8).
        power: number = "power", "number";
        /// Visitors in B per visitor in A (default 1).
        ratio: number = "ratio", "number";
        /// Direction of the alternative hypothesis about B − A (default "twoSided").
        alternative: text = "alternative", "Alternative";
    }
}

/// The checked settings of `sampleSize` and `power`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct PlanSettings {
    /// Significance.
    pub alpha: f64,
    /// Target power (`sampleSize` only).
    pub power: f64,
    /// Visitors in B per visitor in A.
    pub ratio: f64,
    /// Direction of the alternative.
    pub alternative: Alternative,
}

impl PlanConfig {
    /// The plan's settings; `for_power` refuses `power` (the result of `power`, not an input).
    pub fn check(&self, for_power: bool) -> Result<PlanSettings> {
        if let (true, Some(p)) = (for_power, self.power) {
            return Err(Error::invalid(
                "options.power",
                "no `power` option for power() (the power is what it computes)",
                Num(p),
            ));
        }
        Ok(PlanSettings {
            alpha: opt::finite("options.alpha", self.alpha, 0.05)?,
            power: opt::finite("options.power", self.power, 0.8)?,
            ratio: opt::finite("options.ratio", self.ratio, 1.0)?,
            alternative: alternative(&self.alternative)?,
        })
    }
}

crate::option_set! {
    /// Options of `srmCheck`.
    pub struct SrmConfig as "SrmOptions" {
        /// Significance of the mismatch warning (default 0.001).
        alpha: number = "alpha", "number";
    }
}

impl SrmConfig {
    /// The warning's significance.
    pub fn check(&self) -> Result<f64> {
        opt::finite("options.alpha", self.alpha, 0.001)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn experiment_options_check_with_js_names() {
        assert_eq!(
            AbTestConfig::default().check().unwrap(),
            AbOptions::default()
        );
        let e = |c: AbTestConfig| c.check().unwrap_err().to_string();
        assert_eq!(
            e(AbTestConfig {
                split: Some(Value::Numbers(vec![1.0, 2.0, 3.0])),
                ..AbTestConfig::default()
            }),
            "invalid argument `options.split`: expected two weights [a, b], got an array of length 3"
        );
        assert_eq!(
            e(AbTestConfig {
                prior: Some(BetaPriorConfig {
                    alpha: Some(1.0),
                    beta: None
                }),
                ..AbTestConfig::default()
            }),
            "invalid argument `options.prior.beta`: expected a number, got undefined"
        );
        let t = TestConfig {
            alternative: Some("bigger".into()),
            ..TestConfig::default()
        };
        assert_eq!(
            t.check().unwrap_err().to_string(),
            r#"invalid argument `options.alternative`: expected one of "twoSided", "greater", "less", got "bigger""#
        );
        let p = PlanConfig {
            power: Some(0.9),
            ..PlanConfig::default()
        };
        assert_eq!(p.check(false).unwrap().power, 0.9);
        assert!(p.check(true).is_err());
        assert_eq!(SrmConfig::default().check().unwrap(), 0.001);
    }
}
