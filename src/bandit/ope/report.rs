//! Every estimator on one log for one evaluation policy, as the dashboard shows them: the
//! logging policy's own click rate, IPS, SNIPS and (with a reward model) DM, DR and SNDR, each
//! with a normal interval and optionally a percentile-bootstrap one.

use super::bootstrap::{bootstrap_interval, Estimator};
use super::estimators::{
    direct_method, doubly_robust, ips, replay, self_normalized_dr, snips, Estimate,
};
use super::logs::{EvalPolicy, Logs};
use super::ridge::RidgeRewardModel;
use crate::error::{check, Error, Result};

crate::option_set! {
    /// Options of `evaluateOffPolicy`.
    pub struct OpeConfig as "OffPolicyOptions" {
        /// Confidence level of the intervals, in (0, 1) (default 0.95).
        level: number = "level", "number";
        /// Ridge penalty of the direct method's reward model, > 0 (default 1, as obp with scikit-learn's Ridge).
        ridge_alpha: number = "ridgeAlpha", "number";
        /// Percentile-bootstrap resamples, 100..100000; 0 (default) skips the bootstrap.
        bootstrap: number = "bootstrap", "number";
        /// Seed of the bootstrap (default 0).
        seed: number = "seed", "number";
    }
}

impl OpeConfig {
    /// The checked settings, defaults filled in; an error names the option by its JS name.
    pub fn check(&self) -> Result<OpeSettings> {
        use crate::bandit::config::{js_name, whole};
        let d = OpeSettings::default();
        OpeSettings {
            level: self.level.unwrap_or(d.level),
            ridge_alpha: self.ridge_alpha.unwrap_or(d.ridge_alpha),
            bootstrap: match self.bootstrap {
                None => d.bootstrap,
                Some(b) => whole("options.bootstrap", b, 0, 100_000)? as usize,
            },
            seed: match self.seed {
                None => d.seed,
                Some(s) => whole("options.seed", s, 0, crate::limits::MAX_SAFE_INTEGER)?,
            },
        }
        .check()
        .map_err(js_name)
    }
}

/// Settings of [`report`], checked by [`OpeSettings::check`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct OpeSettings {
    /// Confidence level of the intervals, in (0, 1).
    pub level: f64,
    /// Ridge penalty of the direct method's reward model, > 0.
    pub ridge_alpha: f64,
    /// Percentile-bootstrap resamples: 0 (none) or 100..=100,000.
    pub bootstrap: usize,
    /// Seed of the bootstrap.
    pub seed: u64,
}

impl Default for OpeSettings {
    /// Level 0.95, ridge penalty 1 (obp with scikit-learn's `Ridge`), no bootstrap, seed 0.
    fn default() -> Self {
        OpeSettings {
            level: 0.95,
            ridge_alpha: 1.0,
            bootstrap: 0,
            seed: 0,
        }
    }
}

impl OpeSettings {
    /// The settings, or an error naming the first one out of its range.
    pub fn check(self) -> Result<Self> {
        check::open_interval("options.level", self.level, 0.0, 1.0)?;
        if !(self.ridge_alpha.is_finite() && self.ridge_alpha > 0.0) {
            return Err(Error::invalid(
                "options.ridge_alpha",
                "a finite number > 0",
                self.ridge_alpha,
            ));
        }
        if self.bootstrap != 0 && !(100..=100_000).contains(&self.bootstrap) {
            return Err(Error::invalid(
                "options.bootstrap",
                "0 (no bootstrap) or between 100 and 100,000 resamples",
                self.bootstrap,
            ));
        }
        Ok(self)
    }
}

/// The features the direct method's ridge reward model is fitted on.
#[derive(Debug, Clone, Copy)]
pub struct RewardFeatures<'a> {
    /// Row-major rounds × `dim_context` contexts.
    pub contexts: &'a [f64],
    /// Context width.
    pub dim_context: usize,
    /// Row-major actions × width action features, or `None` for one-hot actions.
    pub action_context: Option<(&'a [f64], usize)>,
}

/// One estimate with its optional percentile-bootstrap interval.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ReportEstimate {
    /// The estimate with its normal interval.
    pub estimate: Estimate,
    /// The bootstrap interval, when the settings ask for one.
    pub boot: Option<(f64, f64)>,
}

/// What [`report`] returns.
#[derive(Debug, Clone, PartialEq)]
pub struct OpeReport {
    /// Logged rounds.
    pub rounds: usize,
    /// Actions of the log.
    pub n_actions: usize,
    /// Slots of the log.
    pub len_list: usize,
    /// Context width of the reward model (0 without one).
    pub dim_context: usize,
    /// Confidence level of the intervals.
    pub level: f64,
    /// The logging policy's own reward rate (replay of the logged actions).
    pub on_policy: ReportEstimate,
    /// Inverse propensity scoring.
    pub ips: ReportEstimate,
    /// Self-normalized IPS.
    pub snips: ReportEstimate,
    /// Direct method, doubly robust and self-normalized DR; `None` without a reward model.
    pub model_based: Option<[ReportEstimate; 3]>,
}

/// Every estimator on `logs` for `pi`; the model-based ones need `features`. Fails rather than
/// report a non-finite number (a single round has no standard error; tiny propensities or huge
/// rewards can overflow the importance weights).
pub fn report(
    logs: &Logs,
    pi: &EvalPolicy,
    features: Option<RewardFeatures>,
    s: &OpeSettings,
) -> Result<OpeReport> {
    let s = s.check()?;
    if logs.len() < 2 {
        return Err(Error::invalid(
            "logs",
            "at least 2 logged rounds (a standard error needs two)",
            format!("{} round", logs.len()),
        ));
    }
    let level = s.level;
    let q = match &features {
        Some(f) => Some(
            RidgeRewardModel::fit(
                logs,
                f.contexts,
                f.dim_context,
                f.action_context,
                s.ridge_alpha,
            )?
            .q_hat(logs, f.contexts)?,
        ),
        None => None,
    };
    let with_boot = |estimate: Estimate, est: Estimator, q: Option<&[f64]>| {
        let boot = match s.bootstrap {
            0 => None,
            n => Some(
                bootstrap_interval(est, logs, pi, q, level, n, s.seed).map_err(|e| match e {
                    Error::InvalidArgument { expected, got, .. } => Error::InvalidArgument {
                        arg: "options.bootstrap".into(),
                        expected,
                        got,
                    },
                    other => other,
                })?,
            ),
        };
        Ok::<_, Error>(ReportEstimate { estimate, boot })
    };
    let model_based = match &q {
        Some(q) => Some([
            with_boot(
                direct_method(logs, pi, q, level)?,
                Estimator::DirectMethod,
                Some(q),
            )?,
            with_boot(
                doubly_robust(logs, pi, q, level)?,
                Estimator::DoublyRobust,
                Some(q),
            )?,
            with_boot(
                self_normalized_dr(logs, pi, q, level)?,
                Estimator::SelfNormalizedDr,
                Some(q),
            )?,
        ]),
        None => None,
    };
    let r = OpeReport {
        rounds: logs.len(),
        n_actions: logs.n_actions(),
        len_list: logs.len_list(),
        dim_context: features.map_or(0, |f| f.dim_context),
        level,
        on_policy: ReportEstimate {
            estimate: replay(logs, logs.actions(), level)?,
            boot: None,
        },
        ips: with_boot(ips(logs, pi, level)?, Estimator::Ips, None)?,
        snips: with_boot(snips(logs, pi, level)?, Estimator::Snips, None)?,
        model_based,
    };
    let all = [r.on_policy, r.ips, r.snips]
        .into_iter()
        .chain(r.model_based.into_iter().flatten());
    for e in all {
        let b = e.boot.unwrap_or((0.0, 0.0));
        let x = e.estimate;
        if ![x.value, x.std_err, x.ci_low, x.ci_high, b.0, b.1]
            .iter()
            .all(|v| v.is_finite())
        {
            return Err(Error::invalid(
                "logs",
                "logged feedback whose estimates are finite",
                "propensities or rewards whose importance-weighted terms overflow",
            ));
        }
    }
    Ok(r)
}
