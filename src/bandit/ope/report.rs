//! Every estimator on one log for one evaluation policy, as the dashboard shows them: the
//! logging policy's own click rate, IPS, SNIPS and (with a reward model, fitted here or given as
//! q̂) DM, DR, SNDR, Switch-DR and DR-os, each with a normal interval and optionally a
//! percentile-bootstrap one.

use super::bootstrap::{bootstrap_interval, BootstrapMethod, Estimator};
use super::estimators::{
    check_lambda, direct_method, doubly_robust, dr_os, ips, q_hat_at_logged_positions, replay,
    self_normalized_dr, snips, switch_dr, Estimate,
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
        /// How a bootstrap resample recomputes SNIPS and SNDR (the others are the same either way): "renormalized" (default) recomputes the whole ratio, its normaliser Σw included — the ordinary bootstrap of the estimator, whose spread matches the delta-method `stdErr`; "obp" normalises the per-round terms once by the full sample's mean weight and resamples them, as obp 0.5.7's `estimate_interval` (wider: it ignores that Σwr and Σw move together).
        bootstrap_method: text = "bootstrapMethod", "\"renormalized\" | \"obp\"";
        /// Switch-DR's threshold λ ≥ 0 on the importance weight π/pscore: rounds above it use DM alone (default Infinity, obp's: equal to DR).
        switch_lambda: number = "switchLambda", "number";
        /// DR-os's shrinkage λ ≥ 0, residual weight λw/(w²+λ) (default 0, obp's: equal to DM; Infinity: DR).
        dros_lambda: number = "drosLambda", "number";
        /// A reward model's estimates q̂ computed elsewhere, used by DM, DR, SNDR, Switch-DR and DR-os instead of the built-in ridge model: rounds × nActions values at each round's logged position (`qHat[round * nActions + action]`), or obp's `estimated_rewards_by_reg_model` layout rounds × nActions × lenList (`qHat[(round * nActions + action) * lenList + position]`). Rounds are in the log's row order (obp sorts a CSV log by timestamp first: keep the file sorted).
        q_hat: numbers = "qHat", "Float64Array | number[]";
    }
}

impl OpeConfig {
    /// The checked settings, defaults filled in; an error names the option by its JS name.
    pub fn check(&self) -> Result<OpeSettings> {
        use crate::bandit::config::whole;
        use crate::options::OptionSet;
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
            bootstrap_method: match self.bootstrap_method.as_deref() {
                None | Some("renormalized") => BootstrapMethod::Renormalized,
                Some("obp") => BootstrapMethod::Obp,
                Some(other) => {
                    return Err(Error::invalid(
                        "options.bootstrapMethod",
                        "\"renormalized\" or \"obp\"",
                        format!("\"{other}\""),
                    ))
                }
            },
            switch_lambda: self.switch_lambda.unwrap_or(d.switch_lambda),
            dros_lambda: self.dros_lambda.unwrap_or(d.dros_lambda),
        }
        .check()
        .map_err(|e| crate::options::js_names(e, &[OpeConfig::FIELDS]))
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
    /// How the bootstrap resamples the self-normalized estimators.
    pub bootstrap_method: BootstrapMethod,
    /// Switch-DR's threshold λ ≥ 0 on the importance weight (∞: DR).
    pub switch_lambda: f64,
    /// DR-os's shrinkage λ ≥ 0 (0: DM, ∞: DR).
    pub dros_lambda: f64,
}

impl Default for OpeSettings {
    /// Level 0.95, ridge penalty 1 (obp with scikit-learn's `Ridge`), no bootstrap, seed 0, the
    /// renormalized bootstrap, and obp 0.5.7's defaults for the hyperparameters: Switch-DR
    /// λ = ∞ (equal to DR) and DR-os λ = 0 (equal to DM) — set finite / positive values to
    /// see them differ.
    fn default() -> Self {
        OpeSettings {
            level: 0.95,
            ridge_alpha: 1.0,
            bootstrap: 0,
            seed: 0,
            bootstrap_method: BootstrapMethod::Renormalized,
            switch_lambda: f64::INFINITY,
            dros_lambda: 0.0,
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
                crate::num::Num(self.ridge_alpha),
            ));
        }
        if self.bootstrap != 0 && !(100..=100_000).contains(&self.bootstrap) {
            return Err(Error::invalid(
                "options.bootstrap",
                "0 (no bootstrap) or between 100 and 100,000 resamples",
                self.bootstrap,
            ));
        }
        check_lambda("options.switch_lambda", self.switch_lambda)?;
        check_lambda("options.dros_lambda", self.dros_lambda)?;
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

/// Where the model-based estimators' q̂ comes from.
#[derive(Debug, Clone, Copy)]
pub enum RewardModel<'a> {
    /// Fit obp's ridge `RegressionModel` (one per position) on these features.
    Ridge(RewardFeatures<'a>),
    /// A reward model's estimates computed elsewhere: rounds × actions at each round's logged
    /// position, or obp's rounds × actions × positions (see
    /// [`super::q_hat_at_logged_positions`]).
    External(&'a [f64]),
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
    /// The model-based estimators; `None` without a reward model.
    pub model_based: Option<ModelBased>,
    /// "ridge" (fitted here), "external" (q̂ given) or "none".
    pub reward_model: &'static str,
    /// The settings the report used (the hyperparameters and bootstrap method included).
    pub settings: OpeSettings,
}

/// The estimators that need a reward model.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ModelBased {
    /// Direct method.
    pub dm: ReportEstimate,
    /// Doubly robust.
    pub dr: ReportEstimate,
    /// Self-normalized doubly robust.
    pub sndr: ReportEstimate,
    /// Switch-DR at `settings.switch_lambda`.
    pub switch_dr: ReportEstimate,
    /// DR with optimistic shrinkage at `settings.dros_lambda`.
    pub dr_os: ReportEstimate,
}

impl ModelBased {
    /// The five estimates in the order DM, DR, SNDR, Switch-DR, DR-os.
    pub fn all(&self) -> [ReportEstimate; 5] {
        [self.dm, self.dr, self.sndr, self.switch_dr, self.dr_os]
    }
}

/// Every estimator on `logs` for `pi`; the model-based ones need a reward `model`. Fails rather
/// than report a non-finite number (a single round has no standard error; tiny propensities or
/// huge rewards can overflow the importance weights).
pub fn report(
    logs: &Logs,
    pi: &EvalPolicy,
    model: Option<RewardModel>,
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
    let q = match &model {
        Some(RewardModel::Ridge(f)) => Some(
            RidgeRewardModel::fit(
                logs,
                f.contexts,
                f.dim_context,
                f.action_context,
                s.ridge_alpha,
            )?
            .q_hat(logs, f.contexts)?,
        ),
        Some(RewardModel::External(q)) => Some(q_hat_at_logged_positions(logs, q)?),
        None => None,
    };
    let with_boot = |estimate: Estimate, est: Estimator, q: Option<&[f64]>| {
        let boot = match s.bootstrap {
            0 => None,
            n => Some(
                bootstrap_interval(est, s.bootstrap_method, logs, pi, q, level, n, s.seed)
                    .map_err(|e| match e {
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
        Some(q) => {
            let boot = |e, est| with_boot(e, est, Some(q));
            let (sw, os) = (s.switch_lambda, s.dros_lambda);
            Some(ModelBased {
                dm: boot(direct_method(logs, pi, q, level)?, Estimator::DirectMethod)?,
                dr: boot(doubly_robust(logs, pi, q, level)?, Estimator::DoublyRobust)?,
                sndr: boot(
                    self_normalized_dr(logs, pi, q, level)?,
                    Estimator::SelfNormalizedDr,
                )?,
                switch_dr: boot(switch_dr(logs, pi, q, sw, level)?, Estimator::SwitchDr(sw))?,
                dr_os: boot(dr_os(logs, pi, q, os, level)?, Estimator::DrOs(os))?,
            })
        }
        None => None,
    };
    let r = OpeReport {
        rounds: logs.len(),
        n_actions: logs.n_actions(),
        len_list: logs.len_list(),
        dim_context: match model {
            Some(RewardModel::Ridge(f)) => f.dim_context,
            _ => 0,
        },
        level,
        on_policy: ReportEstimate {
            estimate: replay(logs, logs.actions(), level)?,
            boot: None,
        },
        ips: with_boot(ips(logs, pi, level)?, Estimator::Ips, None)?,
        snips: with_boot(snips(logs, pi, level)?, Estimator::Snips, None)?,
        model_based,
        reward_model: match model {
            Some(RewardModel::Ridge(_)) => "ridge",
            Some(RewardModel::External(_)) => "external",
            None => "none",
        },
        settings: s,
    };
    let all = [r.on_policy, r.ips, r.snips]
        .into_iter()
        .chain(r.model_based.iter().flat_map(ModelBased::all));
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
