//! The bandits' options as a page writes them: one definition per option, with its JS
//! (camelCase) name and default, and a `check()` that returns the engine's validated options
//! (as linfa's `ParamGuard`). Errors name the option by its JS name (`options.priorSd`).

use super::linear::{LinearOptions, LinearPolicy};
use super::mab::MabOptions;
use super::policy::MabPolicy;
use crate::error::{Error, Result};
use crate::limits;
use crate::num::Num;
use crate::options::OptionSet;

/// A whole number in `min..=max` given as a JS number ([`crate::options::whole`]).
pub(crate) use crate::options::whole;

/// A seed below 2^53, or a fresh one from the platform's entropy source
/// ([`crate::options::seed`]).
pub use crate::options::seed;

/// `maxPending`: 1..=[`limits::MAX_PENDING`], default 10,000.
fn max_pending(v: Option<f64>) -> Result<usize> {
    v.map_or(Ok(10_000), |v| {
        whole("options.maxPending", v, 1, limits::MAX_PENDING as u64).map(|n| n as usize)
    })
}

/// Renames an engine argument to its JS option name (`policy.prior_sd` → `options.priorSd`)
/// by the bandits' option tables, through the one renamer ([`crate::options::js_names`]).
pub fn js_name(e: Error) -> Error {
    crate::options::js_names(e, &[MabConfig::FIELDS, LinearConfig::FIELDS])
}

crate::option_set! {
    /// Options of `MultiArmedBandit` (and of `simulateRegret`). Only the chosen policy's parameters may be given.
    pub struct MabConfig as "BanditOptions" {
        /// The policy (default "thompson").
        policy: text = "policy", "\"thompson\" | \"ucb1\" | \"epsilonGreedy\" | \"softmax\" | \"gaussianThompson\"";
        /// epsilonGreedy: initial exploration probability in [0, 1] (default 0.1).
        epsilon: number = "epsilon", "number";
        /// epsilonGreedy: ε decays as ε / (1 + decay·t) (default 0).
        decay: number = "decay", "number";
        /// ucb1: exploration multiplier > 0 (default 1).
        c: number = "c", "number";
        /// thompson: Beta prior successes > 0 (default 1).
        alpha: number = "alpha", "number";
        /// thompson: Beta prior failures > 0 (default 1).
        beta: number = "beta", "number";
        /// gaussianThompson: prior mean of every arm (default 0).
        prior_mean: number = "priorMean", "number";
        /// gaussianThompson: prior standard deviation > 0 (default 1).
        prior_sd: number = "priorSd", "number";
        /// gaussianThompson: reward noise standard deviation > 0 (default 1).
        noise_sd: number = "noiseSd", "number";
        /// softmax: temperature > 0 (default 0.1).
        temperature: number = "temperature", "number";
        /// Discount factor in (0, 1] applied before each reward; 1 (default) = stationary.
        discount: number = "discount", "number";
        /// Seed of the policy's draws, a whole number below 2^53 (default: fresh from Web Crypto).
        seed: number = "seed", "number";
        /// How many unrewarded decisions are remembered, oldest forgotten first, 1..10000000 (default 10000).
        max_pending: number = "maxPending", "number";
    }
}

crate::option_set! {
    /// Options of `simulateRegret`: a policy, plus the seed of the simulated clicks.
    pub struct RegretConfig as "RegretOptions" extends "BanditOptions" {
        /// Seed of the simulated clicks (default 0).
        env_seed: number = "envSeed", "number";
    }
}

impl MabConfig {
    /// The validated engine options, or an error naming the first bad option.
    pub fn check(&self) -> Result<MabOptions> {
        let name = self.policy.as_deref().unwrap_or("thompson");
        let own: &[&str] = match name {
            "thompson" => &["alpha", "beta"],
            "ucb1" => &["c"],
            "epsilonGreedy" => &["epsilon", "decay"],
            "softmax" => &["temperature"],
            "gaussianThompson" => &["priorMean", "priorSd", "noiseSd"],
            other => {
                return Err(Error::invalid(
                    "options.policy",
                    "one of \"thompson\", \"ucb1\", \"epsilonGreedy\", \"softmax\", \"gaussianThompson\"",
                    format!("\"{other}\""),
                ))
            }
        };
        let params = [
            ("epsilon", self.epsilon),
            ("decay", self.decay),
            ("c", self.c),
            ("alpha", self.alpha),
            ("beta", self.beta),
            ("priorMean", self.prior_mean),
            ("priorSd", self.prior_sd),
            ("noiseSd", self.noise_sd),
            ("temperature", self.temperature),
        ];
        for (key, value) in params {
            if let (Some(v), false) = (value, own.contains(&key)) {
                return Err(Error::invalid(
                    format!("options.{key}"),
                    format!(
                        "no `{key}` with policy \"{name}\" (its parameters: {})",
                        own.join(", ")
                    ),
                    Num(v),
                ));
            }
        }
        let policy = match name {
            "thompson" => MabPolicy::BetaThompson {
                alpha: self.alpha.unwrap_or(1.0),
                beta: self.beta.unwrap_or(1.0),
            },
            "ucb1" => MabPolicy::Ucb1 {
                c: self.c.unwrap_or(1.0),
            },
            "epsilonGreedy" => MabPolicy::EpsilonGreedy {
                epsilon: self.epsilon.unwrap_or(0.1),
                decay: self.decay.unwrap_or(0.0),
            },
            "softmax" => MabPolicy::Softmax {
                temperature: self.temperature.unwrap_or(0.1),
            },
            _ => MabPolicy::GaussianThompson {
                prior_mean: self.prior_mean.unwrap_or(0.0),
                prior_sd: self.prior_sd.unwrap_or(1.0),
                noise_sd: self.noise_sd.unwrap_or(1.0),
            },
        };
        let options = MabOptions {
            policy,
            discount: self.discount.unwrap_or(1.0),
            seed: seed("options.seed", self.seed, crate::rng::default_seed)?,
            max_pending: max_pending(self.max_pending)?,
        };
        options.validate().map_err(js_name)?;
        Ok(options)
    }

    /// The JS name of a policy.
    pub fn policy_name(p: &MabPolicy) -> &'static str {
        match p {
            MabPolicy::BetaThompson { .. } => "thompson",
            MabPolicy::Ucb1 { .. } => "ucb1",
            MabPolicy::EpsilonGreedy { .. } => "epsilonGreedy",
            MabPolicy::Softmax { .. } => "softmax",
            MabPolicy::GaussianThompson { .. } => "gaussianThompson",
        }
    }
}

crate::option_set! {
    /// Options of `LinearBandit`.
    pub struct LinearConfig as "LinearBanditOptions" {
        /// "linUcb" (default) or "linThompson".
        policy: text = "policy", "\"linUcb\" | \"linThompson\"";
        /// Context length d, 1..1024 (required).
        dim: number = "dim", "number", required;
        /// linUcb: width of the confidence bonus >= 0 (default 1).
        alpha: number = "alpha", "number";
        /// linThompson: posterior scale >= 0 (default 1).
        v: number = "v", "number";
        /// Ridge λ in [1e-6, 1e6]: each arm's A starts at λI (default 1).
        ridge: number = "ridge", "number";
        /// Discount factor in (0, 1] (default 1).
        discount: number = "discount", "number";
        /// Re-factorize A⁻¹ after this many rank-one updates (default 1000).
        refactor_every: number = "refactorEvery", "number";
        /// Seed of the draws (default: fresh from Web Crypto).
        seed: number = "seed", "number";
        /// How many unrewarded decisions are remembered, 1..10000000 (default 10000).
        max_pending: number = "maxPending", "number";
    }
}

impl LinearConfig {
    /// The validated engine options, or an error naming the first bad option.
    pub fn check(&self) -> Result<LinearOptions> {
        let max_dim = limits::MAX_CONTEXT_DIM as u64;
        let dim = self.dim.ok_or_else(|| {
            Error::invalid(
                "options.dim",
                format!("the context length (a whole number in [1, {max_dim}])"),
                "undefined",
            )
        })?;
        let dim = whole("options.dim", dim, 1, max_dim)? as usize;
        let name = self.policy.as_deref().unwrap_or("linUcb");
        let (own, other, value) = match name {
            "linUcb" => ("alpha", "v", self.v),
            "linThompson" => ("v", "alpha", self.alpha),
            other => {
                return Err(Error::invalid(
                    "options.policy",
                    "one of \"linUcb\", \"linThompson\"",
                    format!("\"{other}\""),
                ))
            }
        };
        if let Some(v) = value {
            return Err(Error::invalid(
                format!("options.{other}"),
                format!("no `{other}` with policy \"{name}\" (its parameter: {own})"),
                Num(v),
            ));
        }
        let policy = match name {
            "linUcb" => LinearPolicy::LinUcb {
                alpha: self.alpha.unwrap_or(1.0),
            },
            _ => LinearPolicy::LinThompson {
                v: self.v.unwrap_or(1.0),
            },
        };
        let refactor_every = match self.refactor_every {
            None => 1000,
            Some(v) => whole("options.refactorEvery", v, 1, u64::from(u32::MAX))?,
        };
        let options = LinearOptions {
            policy,
            dim,
            ridge: self.ridge.unwrap_or(1.0),
            discount: self.discount.unwrap_or(1.0),
            refactor_every,
            seed: seed("options.seed", self.seed, crate::rng::default_seed)?,
            max_pending: max_pending(self.max_pending)?,
        };
        options.validate().map_err(js_name)?;
        Ok(options)
    }

    /// The JS name of a policy.
    pub fn policy_name(p: &LinearPolicy) -> &'static str {
        match p {
            LinearPolicy::LinUcb { .. } => "linUcb",
            LinearPolicy::LinThompson { .. } => "linThompson",
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn options_check_to_engine_options_with_js_names() {
        let c = MabConfig {
            policy: Some("ucb1".into()),
            c: Some(0.5),
            seed: Some(3.0),
            ..MabConfig::default()
        };
        let o = c.check().unwrap();
        assert_eq!(o.policy, MabPolicy::Ucb1 { c: 0.5 });
        assert_eq!((o.seed, o.max_pending), (3, 10_000));
        let e = |c: MabConfig| c.check().unwrap_err().to_string();
        assert_eq!(
            e(MabConfig {
                policy: Some("gaussianThompson".into()),
                prior_sd: Some(-1.0),
                ..MabConfig::default()
            }),
            "invalid argument `options.priorSd`: expected a finite number > 0, got -1"
        );
        assert!(e(MabConfig {
            alpha: Some(1.0),
            policy: Some("ucb1".into()),
            ..MabConfig::default()
        })
        .contains("no `alpha` with policy \"ucb1\""));
        assert_eq!(
            e(MabConfig {
                max_pending: Some(1e9),
                ..MabConfig::default()
            }),
            "invalid argument `options.maxPending`: expected a whole number in [1, 10000000], got 1000000000"
        );
        let l = |c: LinearConfig| c.check().unwrap_err().to_string();
        assert_eq!(
            l(LinearConfig {
                dim: Some(4_294_967_295.0),
                ..LinearConfig::default()
            }),
            "invalid argument `options.dim`: expected a whole number in [1, 1024], got 4294967295"
        );
        assert_eq!(
            l(LinearConfig {
                dim: Some(2.0),
                ridge: Some(0.0),
                ..LinearConfig::default()
            }),
            "invalid argument `options.ridge`: expected a number in [1e-6, 1000000], got 0"
        );
        assert!(l(LinearConfig::default()).contains("the context length"));
        let ok = LinearConfig {
            dim: Some(3.0),
            policy: Some("linThompson".into()),
            v: Some(0.5),
            ..LinearConfig::default()
        };
        assert_eq!(
            ok.check().unwrap().policy,
            LinearPolicy::LinThompson { v: 0.5 }
        );
    }
}
