//! JS bindings for the bandit engine: multi-armed and linear contextual bandits with saved state,
//! local differential privacy (budget, mechanisms, decoders), dashboard simulations and
//! off-policy evaluation of logged feedback.
//!
//! Decision ids are JS numbers: they count decisions from 0, so they stay exact integers (below
//! 2^53) for any realistic page; `reward` refuses anything that is not a whole number in
//! [0, 2^53 − 1].

use super::args::{self, object};
use crate::bandit::codec::SavedState;
use crate::bandit::ope::{self, Estimate, EvalPolicy, Logs, ObdLogs, RidgeRewardModel};
use crate::bandit::privacy::{
    self, FrequencyEstimate, GaussianMechanism, LaplaceMechanism, RandomizedResponse, UnaryEncoding,
};
use crate::bandit::simulate::{self, FrequencyOracle};
use crate::bandit::{
    Decision, LinearBandit as CoreLinear, LinearOptions, LinearPolicy, MabOptions, MabPolicy,
    MultiArmed,
};
use crate::error::{Error, Result};
use crate::rng::{seeded, Rng};
use js_sys::{Array, Float64Array, Uint32Array, Uint8Array};
use serde::Deserialize;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TS_BANDIT: &str = r#"
/** Options of `MultiArmedBandit` (and of `simulateRegret`). Only the chosen policy's parameters may be given. */
export interface BanditOptions {
  /** The policy (default "thompson"). */
  policy?: "thompson" | "ucb1" | "epsilonGreedy" | "softmax" | "gaussianThompson";
  /** epsilonGreedy: initial exploration probability in [0, 1] (default 0.1). */
  epsilon?: number;
  /** epsilonGreedy: ε decays as ε / (1 + decay·t) (default 0). */
  decay?: number;
  /** ucb1: exploration multiplier > 0 (default 1). */
  c?: number;
  /** thompson: Beta prior successes > 0 (default 1). */
  alpha?: number;
  /** thompson: Beta prior failures > 0 (default 1). */
  beta?: number;
  /** gaussianThompson: prior mean of every arm (default 0). */
  priorMean?: number;
  /** gaussianThompson: prior standard deviation > 0 (default 1). */
  priorSd?: number;
  /** gaussianThompson: reward noise standard deviation > 0 (default 1). */
  noiseSd?: number;
  /** softmax: temperature > 0 (default 0.1). */
  temperature?: number;
  /** Discount factor in (0, 1] applied before each reward; 1 (default) = stationary. */
  discount?: number;
  /** Seed of the policy's draws, a whole number below 2^53 (default: fresh from Web Crypto). */
  seed?: number;
  /** How many unrewarded decisions are remembered, oldest forgotten first (default 10000). */
  maxPending?: number;
}
/** Options of `simulateRegret`: a policy, plus the seed of the simulated clicks. */
export interface RegretOptions extends BanditOptions {
  /** Seed of the simulated clicks (default 0). */
  envSeed?: number;
}
/** Options of `LinearBandit`. */
export interface LinearBanditOptions {
  /** "linUcb" (default) or "linThompson". */
  policy?: "linUcb" | "linThompson";
  /** Context length d, 1..4096 (required). */
  dim: number;
  /** linUcb: width of the confidence bonus >= 0 (default 1). */
  alpha?: number;
  /** linThompson: posterior scale >= 0 (default 1). */
  v?: number;
  /** Ridge λ > 0: each arm's A starts at λI (default 1). */
  ridge?: number;
  /** Discount factor in (0, 1] (default 1). */
  discount?: number;
  /** Re-factorize A⁻¹ after this many rank-one updates (default 1000). */
  refactorEvery?: number;
  /** Seed of the draws (default: fresh from Web Crypto). */
  seed?: number;
  /** How many unrewarded decisions are remembered (default 10000). */
  maxPending?: number;
}
/** A decision: show `arm`, later report its reward under `decisionId`. */
export interface BanditDecision {
  /** Exact integer id (decisions are counted from 0), for `reward(decisionId, r)`. */
  decisionId: number;
  /** The arm to show. */
  arm: number;
}
/** The live arms of a `MultiArmedBandit`, in insertion order. */
export interface BanditArms {
  arm: Uint32Array;
  /** Rewards received per arm. */
  pulls: Float64Array;
  /** Empirical (discounted) mean reward per arm. */
  mean: Float64Array;
}
/** Options of `new PrivacyBudget(epsilon, options)` and `PrivacyBudget.importState`. */
export interface PrivacyBudgetOptions {
  /** Total δ in [0, 1) (default 0: pure ε mechanisms only). Not used by importState. */
  delta?: number;
  /** Seed of the mechanisms' noise (default: fresh from Web Crypto). */
  seed?: number;
}
/** One recorded release of a `PrivacyBudget`. */
export interface PrivacyRelease {
  label: string;
  epsilon: number;
  delta: number;
}
/** Decoded category shares with their variances. */
export interface FrequencyEstimate {
  /** Unbiased share per category (noise may push it outside [0, 1]). */
  freq: Float64Array;
  /** Variance of each share. */
  variance: Float64Array;
  /** Number of reports. */
  n: number;
}
/** A decoded mean with its variance. */
export interface MeanEstimate {
  mean: number;
  variance: number;
  n: number;
}
/** Options of `simulateLdpFleet`. */
export interface LdpFleetOptions {
  /** "randomizedResponse" (default) or "unaryEncoding". */
  oracle?: "randomizedResponse" | "unaryEncoding";
  /** Seed of the simulation (default 0). */
  seed?: number;
}
/**
 * The evaluation policy: "uniform"; or an action-distribution CSV (columns campaign, item_id,
 * position, prob; positions 1-based, as obp's) and a campaign; or `probs[action * lenList + position]`
 * shared by every round, or `probs[(round * nActions + action) * lenList + position]` per round.
 */
export type OffPolicyTarget =
  | "uniform"
  | { actionDistCsv: string; campaign: string }
  | { probs: Float64Array | number[] };
/** Options of `evaluateOffPolicy`. */
export interface OffPolicyOptions {
  /** Confidence level of the intervals, in (0, 1) (default 0.95). */
  level?: number;
  /** Ridge penalty of the direct method's reward model, > 0 (default 1, as obp with scikit-learn's Ridge). */
  ridgeAlpha?: number;
  /** Percentile-bootstrap resamples, 100..100000; 0 (default) skips the bootstrap. */
  bootstrap?: number;
  /** Seed of the bootstrap (default 0). */
  seed?: number;
}
/** One estimate of a policy's expected reward. */
export interface OffPolicyEstimate {
  value: number;
  stdErr: number;
  /** Normal-approximation interval at `level`. */
  ciLow: number;
  ciHigh: number;
  n: number;
  /** Percentile-bootstrap interval (NaN when `bootstrap` is 0). */
  bootLow: number;
  bootHigh: number;
}
/** Result of `evaluateOffPolicy`. */
export interface OffPolicyReport {
  rounds: number;
  nActions: number;
  lenList: number;
  /** Context width of the reward model (one-hot user features). */
  dimContext: number;
  level: number;
  /** The logging policy's own click rate (replay of the logged actions). */
  onPolicy: OffPolicyEstimate;
  ips: OffPolicyEstimate;
  snips: OffPolicyEstimate;
  /** Direct method with a ridge reward model per position (obp's RegressionModel); null without contexts. */
  dm: OffPolicyEstimate | null;
  dr: OffPolicyEstimate | null;
  sndr: OffPolicyEstimate | null;
}
/** Logged bandit feedback for `evaluateLoggedFeedback`, one entry per logged round. */
export interface LoggedFeedback {
  /** Logged action ids, each below nActions. */
  actions: Uint32Array | number[];
  /** 0-based slot of each round, below lenList (default: all 0). */
  positions?: Uint32Array | number[];
  rewards: Float64Array | number[];
  /** Logging propensities, each in (0, 1]. */
  pscores: Float64Array | number[];
  nActions: number;
  /** Number of slots (default 1). */
  lenList?: number;
  /** Row-major rounds × dimContext features: enables DM, DR and SNDR (ridge reward model). */
  contexts?: Float64Array | number[];
  dimContext?: number;
  /** Row-major nActions × dimAction action features (default: one-hot actions). */
  actionContext?: Float64Array | number[];
  dimAction?: number;
}
"#;

/// Renames a core argument name to the JS one: `policy.x` / `options.x_y` → `options.xY`.
fn js_names(e: Error) -> Error {
    match e {
        Error::InvalidArgument { arg, expected, got } => {
            let arg = match arg
                .strip_prefix("policy.")
                .or_else(|| arg.strip_prefix("options."))
            {
                Some(rest) => {
                    let mut out = String::from("options.");
                    let mut upper = false;
                    for ch in rest.chars() {
                        if ch == '_' {
                            upper = true;
                        } else if upper {
                            out.extend(ch.to_uppercase());
                            upper = false;
                        } else {
                            out.push(ch);
                        }
                    }
                    out
                }
                None => arg,
            };
            Error::InvalidArgument { arg, expected, got }
        }
        other => other,
    }
}

fn decision(d: Decision) -> JsValue {
    object(&[
        ("decisionId", JsValue::from_f64(d.id as f64)),
        ("arm", JsValue::from_f64(f64::from(d.arm))),
    ])
}

fn arm_id(arg: &str, v: f64) -> Result<u32> {
    if v.is_finite() && v.fract() == 0.0 && (0.0..=u32::MAX as f64).contains(&v) {
        Ok(v as u32)
    } else {
        Err(Error::invalid(arg, "a whole number in [0, 4294967295]", v))
    }
}

fn max_pending(v: Option<f64>) -> Result<usize> {
    match v {
        None => Ok(10_000),
        Some(v) => {
            let n = args::whole("options.maxPending", v, 1)?;
            if n > 10_000_000 {
                return Err(Error::invalid(
                    "options.maxPending",
                    "at most 10,000,000",
                    n,
                ));
            }
            Ok(n)
        }
    }
}

const MAB_KEYS: &[&str] = &[
    "policy",
    "epsilon",
    "decay",
    "c",
    "alpha",
    "beta",
    "priorMean",
    "priorSd",
    "noiseSd",
    "temperature",
    "discount",
    "seed",
    "maxPending",
];

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase")]
struct MabOpts {
    policy: Option<String>,
    epsilon: Option<f64>,
    decay: Option<f64>,
    c: Option<f64>,
    alpha: Option<f64>,
    beta: Option<f64>,
    prior_mean: Option<f64>,
    prior_sd: Option<f64>,
    noise_sd: Option<f64>,
    temperature: Option<f64>,
    discount: Option<f64>,
    seed: Option<f64>,
    max_pending: Option<f64>,
    env_seed: Option<f64>,
}

impl MabOpts {
    fn core(&self) -> Result<MabOptions> {
        let name = self.policy.as_deref().unwrap_or("thompson");
        let params: [(&str, Option<f64>); 9] = [
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
        for (key, value) in params {
            if let (Some(v), false) = (value, own.contains(&key)) {
                return Err(Error::invalid(
                    format!("options.{key}"),
                    format!(
                        "no `{key}` with policy \"{name}\" (its parameters: {})",
                        own.join(", ")
                    ),
                    v,
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
            seed: args::seed("options.seed", self.seed)?,
            max_pending: max_pending(self.max_pending)?,
        };
        options.validate().map_err(js_names)?;
        Ok(options)
    }
}

/// The JS name of a policy.
fn mab_policy_name(p: &MabPolicy) -> &'static str {
    match p {
        MabPolicy::BetaThompson { .. } => "thompson",
        MabPolicy::Ucb1 { .. } => "ucb1",
        MabPolicy::EpsilonGreedy { .. } => "epsilonGreedy",
        MabPolicy::Softmax { .. } => "softmax",
        MabPolicy::GaussianThompson { .. } => "gaussianThompson",
    }
}

/// A non-contextual multi-armed bandit (ε-greedy, UCB1, Beta/Gaussian Thompson sampling,
/// softmax) over a catalog of arm ids that may change at run time. Call `free()` when done.
#[wasm_bindgen]
pub struct MultiArmedBandit {
    inner: MultiArmed,
}

#[wasm_bindgen]
impl MultiArmedBandit {
    /// A bandit over distinct arm ids (may be empty, then filled with `addArm`).
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_param_type = "Uint32Array | number[]")] arms: &JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "BanditOptions")] options: Option<JsValue>,
    ) -> Result<MultiArmedBandit, JsError> {
        let arms = args::u32_vec("arms", arms)?;
        let opts: MabOpts =
            args::options("options", &options.unwrap_or(JsValue::UNDEFINED), MAB_KEYS)?;
        let inner = MultiArmed::new(&arms, opts.core()?).map_err(js_names)?;
        Ok(MultiArmedBandit { inner })
    }

    /// The policy's name, e.g. `"thompson"`.
    #[wasm_bindgen(getter)]
    pub fn policy(&self) -> String {
        mab_policy_name(&self.inner.options().policy).to_string()
    }

    /// Picks an arm and opens a decision awaiting its reward.
    #[wasm_bindgen(unchecked_return_type = "BanditDecision")]
    pub fn choose(&mut self) -> Result<JsValue, JsError> {
        Ok(decision(self.inner.choose()?))
    }

    /// Reports the reward of a decision (each decision at most once). Thompson and UCB1 take
    /// rewards in [0, 1] (clicks); the other policies any finite number.
    pub fn reward(
        &mut self,
        #[wasm_bindgen(js_name = decisionId)] decision_id: f64,
        reward: f64,
    ) -> Result<(), JsError> {
        let id = args::safe_u64("decisionId", decision_id)?;
        Ok(self.inner.reward(id, reward)?)
    }

    /// Records a reward for an arm directly, without a decision id (e.g. replaying a log).
    pub fn update(&mut self, arm: f64, reward: f64) -> Result<(), JsError> {
        Ok(self.inner.update(arm_id("arm", arm)?, reward)?)
    }

    /// Adds an arm with fresh statistics.
    #[wasm_bindgen(js_name = addArm)]
    pub fn add_arm(&mut self, arm: f64) -> Result<(), JsError> {
        Ok(self.inner.add_arm(arm_id("arm", arm)?)?)
    }

    /// Retires an arm: never chosen again, late rewards for it refused.
    #[wasm_bindgen(js_name = retireArm)]
    pub fn retire_arm(&mut self, arm: f64) -> Result<(), JsError> {
        Ok(self.inner.retire_arm(arm_id("arm", arm)?)?)
    }

    /// The live arms with their pulls and mean rewards.
    #[wasm_bindgen(unchecked_return_type = "BanditArms")]
    pub fn arms(&self) -> JsValue {
        let arms = self.inner.arms();
        let ids: Vec<u32> = arms.iter().map(|a| a.arm).collect();
        let pulls: Vec<f64> = arms.iter().map(|a| a.pulls as f64).collect();
        let mean: Vec<f64> = arms.iter().map(|a| a.mean).collect();
        object(&[
            ("arm", Uint32Array::from(ids.as_slice()).into()),
            ("pulls", Float64Array::from(pulls.as_slice()).into()),
            ("mean", Float64Array::from(mean.as_slice()).into()),
        ])
    }

    /// The whole state (options, arms, open decisions) as a versioned, checksummed document for
    /// localStorage/IndexedDB; importing it reproduces the bandit exactly.
    #[wasm_bindgen(js_name = exportState)]
    pub fn export_state(&self) -> Uint8Array {
        Uint8Array::from(self.inner.export_state().as_slice())
    }

    /// A bandit rebuilt from `exportState` output; throws on corrupt, truncated, wrong-version
    /// or wrong-kind documents.
    #[wasm_bindgen(js_name = importState)]
    pub fn import_state(
        #[wasm_bindgen(unchecked_param_type = "Uint8Array | ArrayBuffer")] bytes: &JsValue,
    ) -> Result<MultiArmedBandit, JsError> {
        let doc = args::bytes("bytes", bytes)?;
        Ok(MultiArmedBandit {
            inner: MultiArmed::import_state(&doc)?,
        })
    }

    /// Replaces this bandit's state with a saved one; on any error the live bandit is untouched.
    #[wasm_bindgen(js_name = loadState)]
    pub fn load_state(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "Uint8Array | ArrayBuffer")] bytes: &JsValue,
    ) -> Result<(), JsError> {
        let doc = args::bytes("bytes", bytes)?;
        Ok(self.inner.load_state(&doc)?)
    }
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase")]
struct LinOpts {
    policy: Option<String>,
    dim: Option<f64>,
    alpha: Option<f64>,
    v: Option<f64>,
    ridge: Option<f64>,
    discount: Option<f64>,
    refactor_every: Option<f64>,
    seed: Option<f64>,
    max_pending: Option<f64>,
}

impl LinOpts {
    fn core(&self) -> Result<LinearOptions> {
        let dim = self.dim.ok_or_else(|| {
            Error::invalid(
                "options.dim",
                "the context length (a whole number >= 1)",
                "undefined",
            )
        })?;
        let dim = args::whole("options.dim", dim, 1)?;
        let name = self.policy.as_deref().unwrap_or("linUcb");
        let policy = match name {
            "linUcb" => {
                if let Some(v) = self.v {
                    return Err(Error::invalid(
                        "options.v",
                        "no `v` with policy \"linUcb\" (its parameter: alpha)",
                        v,
                    ));
                }
                LinearPolicy::LinUcb {
                    alpha: self.alpha.unwrap_or(1.0),
                }
            }
            "linThompson" => {
                if let Some(a) = self.alpha {
                    return Err(Error::invalid(
                        "options.alpha",
                        "no `alpha` with policy \"linThompson\" (its parameter: v)",
                        a,
                    ));
                }
                LinearPolicy::LinThompson {
                    v: self.v.unwrap_or(1.0),
                }
            }
            other => {
                return Err(Error::invalid(
                    "options.policy",
                    "one of \"linUcb\", \"linThompson\"",
                    format!("\"{other}\""),
                ))
            }
        };
        let refactor_every = match self.refactor_every {
            None => 1000,
            Some(v) => args::whole("options.refactorEvery", v, 1)? as u64,
        };
        let options = LinearOptions {
            policy,
            dim,
            ridge: self.ridge.unwrap_or(1.0),
            discount: self.discount.unwrap_or(1.0),
            refactor_every,
            seed: args::seed("options.seed", self.seed)?,
            max_pending: max_pending(self.max_pending)?,
        };
        options.validate().map_err(js_names)?;
        Ok(options)
    }
}

/// A linear contextual bandit (disjoint LinUCB or linear Thompson sampling) over `Float64Array`
/// contexts of a fixed length `dim`. Call `free()` when done.
#[wasm_bindgen(js_name = LinearBandit)]
pub struct JsLinearBandit {
    inner: CoreLinear,
}

#[wasm_bindgen(js_class = LinearBandit)]
impl JsLinearBandit {
    /// A bandit over distinct arm ids; `options.dim` (the context length) is required.
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_param_type = "Uint32Array | number[]")] arms: &JsValue,
        #[wasm_bindgen(unchecked_param_type = "LinearBanditOptions")] options: JsValue,
    ) -> Result<JsLinearBandit, JsError> {
        let arms = args::u32_vec("arms", arms)?;
        let opts: LinOpts = args::options(
            "options",
            &options,
            &[
                "policy",
                "dim",
                "alpha",
                "v",
                "ridge",
                "discount",
                "refactorEvery",
                "seed",
                "maxPending",
            ],
        )?;
        let inner = CoreLinear::new(&arms, opts.core()?).map_err(js_names)?;
        Ok(JsLinearBandit { inner })
    }

    /// The context length.
    #[wasm_bindgen(getter)]
    pub fn dim(&self) -> u32 {
        self.inner.options().dim as u32
    }

    /// The policy's name, `"linUcb"` or `"linThompson"`.
    #[wasm_bindgen(getter)]
    pub fn policy(&self) -> String {
        match self.inner.options().policy {
            LinearPolicy::LinUcb { .. } => "linUcb".into(),
            LinearPolicy::LinThompson { .. } => "linThompson".into(),
        }
    }

    /// The live arm ids, in the row order `choosePerArm` expects.
    #[wasm_bindgen(js_name = armIds)]
    pub fn arm_ids(&self) -> Uint32Array {
        Uint32Array::from(self.inner.arm_ids())
    }

    /// Picks an arm for a context shared by every arm (length `dim`).
    #[wasm_bindgen(unchecked_return_type = "BanditDecision")]
    pub fn choose(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "Float64Array | number[]")] context: &JsValue,
    ) -> Result<JsValue, JsError> {
        let x = args::f64_vec("context", context)?;
        Ok(decision(self.inner.choose(&x)?))
    }

    /// Picks an arm when each arm has its own features: `contexts` is row-major, one row of
    /// length `dim` per live arm in `armIds()` order.
    #[wasm_bindgen(js_name = choosePerArm, unchecked_return_type = "BanditDecision")]
    pub fn choose_per_arm(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "Float64Array | number[]")] contexts: &JsValue,
    ) -> Result<JsValue, JsError> {
        let x = args::f64_vec("contexts", contexts)?;
        Ok(decision(self.inner.choose_per_arm(&x)?))
    }

    /// Reports the reward of a decision; the context stored with it is used.
    pub fn reward(
        &mut self,
        #[wasm_bindgen(js_name = decisionId)] decision_id: f64,
        reward: f64,
    ) -> Result<(), JsError> {
        let id = args::safe_u64("decisionId", decision_id)?;
        Ok(self.inner.reward(id, reward)?)
    }

    /// Records a reward for `arm` shown in `context`, without a decision id.
    pub fn update(
        &mut self,
        arm: f64,
        #[wasm_bindgen(unchecked_param_type = "Float64Array | number[]")] context: &JsValue,
        reward: f64,
    ) -> Result<(), JsError> {
        let arm = arm_id("arm", arm)?;
        let x = args::f64_vec("context", context)?;
        Ok(self.inner.update(arm, &x, reward)?)
    }

    /// Each live arm's score for `context` without drawing (LinUCB bound, or posterior mean).
    pub fn scores(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Float64Array | number[]")] context: &JsValue,
    ) -> Result<Float64Array, JsError> {
        let x = args::f64_vec("context", context)?;
        Ok(Float64Array::from(self.inner.scores(&x)?.as_slice()))
    }

    /// The ridge estimate θ of an arm.
    pub fn theta(&self, arm: f64) -> Result<Float64Array, JsError> {
        let arm = arm_id("arm", arm)?;
        Ok(Float64Array::from(self.inner.theta(arm)?.as_slice()))
    }

    /// Rewards received by an arm.
    pub fn pulls(&self, arm: f64) -> Result<f64, JsError> {
        let arm = arm_id("arm", arm)?;
        Ok(self.inner.pulls(arm)? as f64)
    }

    /// Adds an arm with a fresh prior.
    #[wasm_bindgen(js_name = addArm)]
    pub fn add_arm(&mut self, arm: f64) -> Result<(), JsError> {
        Ok(self.inner.add_arm(arm_id("arm", arm)?)?)
    }

    /// Retires an arm.
    #[wasm_bindgen(js_name = retireArm)]
    pub fn retire_arm(&mut self, arm: f64) -> Result<(), JsError> {
        Ok(self.inner.retire_arm(arm_id("arm", arm)?)?)
    }

    /// The whole state as a versioned, checksummed document.
    #[wasm_bindgen(js_name = exportState)]
    pub fn export_state(&self) -> Uint8Array {
        Uint8Array::from(self.inner.export_state().as_slice())
    }

    /// A bandit rebuilt from `exportState` output; throws on damaged documents.
    #[wasm_bindgen(js_name = importState)]
    pub fn import_state(
        #[wasm_bindgen(unchecked_param_type = "Uint8Array | ArrayBuffer")] bytes: &JsValue,
    ) -> Result<JsLinearBandit, JsError> {
        let doc = args::bytes("bytes", bytes)?;
        Ok(JsLinearBandit {
            inner: CoreLinear::import_state(&doc)?,
        })
    }

    /// Replaces this bandit's state with a saved one of the same `dim`; on any error the live
    /// bandit is untouched.
    #[wasm_bindgen(js_name = loadState)]
    pub fn load_state(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "Uint8Array | ArrayBuffer")] bytes: &JsValue,
    ) -> Result<(), JsError> {
        let doc = args::bytes("bytes", bytes)?;
        Ok(self.inner.load_state(&doc)?)
    }
}

#[derive(Deserialize, Default)]
struct BudgetOpts {
    delta: Option<f64>,
    seed: Option<f64>,
}

fn category(arg: &str, v: f64) -> Result<u32> {
    arm_id(arg, v)
}

/// A shopper's local privacy budget (ε, δ under sequential composition) together with the
/// seeded generator of the mechanisms it pays for: every release is charged here first and
/// refused, releasing nothing, if it would overspend. Persist it with `exportState`, or a page
/// reload resets the budget. Call `free()` when done.
#[wasm_bindgen(js_name = PrivacyBudget)]
pub struct JsPrivacyBudget {
    inner: privacy::PrivacyBudget,
    rng: Rng,
}

#[wasm_bindgen(js_class = PrivacyBudget)]
impl JsPrivacyBudget {
    /// A budget of total `epsilon` (> 0); `options.delta` in [0, 1), `options.seed`.
    #[wasm_bindgen(constructor)]
    pub fn new(
        epsilon: f64,
        #[wasm_bindgen(unchecked_optional_param_type = "PrivacyBudgetOptions")] options: Option<
            JsValue,
        >,
    ) -> Result<JsPrivacyBudget, JsError> {
        let o: BudgetOpts = args::options(
            "options",
            &options.unwrap_or(JsValue::UNDEFINED),
            &["delta", "seed"],
        )?;
        let inner =
            privacy::PrivacyBudget::new(epsilon, o.delta.unwrap_or(0.0)).map_err(|e| match e {
                Error::InvalidArgument { arg, expected, got } if arg == "delta" => {
                    Error::InvalidArgument {
                        arg: "options.delta".into(),
                        expected,
                        got,
                    }
                }
                other => other,
            })?;
        Ok(JsPrivacyBudget {
            inner,
            rng: seeded(args::seed("options.seed", o.seed)?),
        })
    }

    /// ε spent so far.
    #[wasm_bindgen(getter, js_name = spentEpsilon)]
    pub fn spent_epsilon(&self) -> f64 {
        self.inner.spent().0
    }

    /// δ spent so far.
    #[wasm_bindgen(getter, js_name = spentDelta)]
    pub fn spent_delta(&self) -> f64 {
        self.inner.spent().1
    }

    /// ε still available.
    #[wasm_bindgen(getter, js_name = remainingEpsilon)]
    pub fn remaining_epsilon(&self) -> f64 {
        self.inner.remaining().0
    }

    /// δ still available.
    #[wasm_bindgen(getter, js_name = remainingDelta)]
    pub fn remaining_delta(&self) -> f64 {
        self.inner.remaining().1
    }

    /// Every release so far, oldest first.
    #[wasm_bindgen(unchecked_return_type = "PrivacyRelease[]")]
    pub fn releases(&self) -> Array {
        self.inner
            .releases()
            .iter()
            .map(|r| {
                object(&[
                    ("label", JsValue::from_str(&r.label)),
                    ("epsilon", JsValue::from_f64(r.epsilon)),
                    ("delta", JsValue::from_f64(r.delta)),
                ])
            })
            .collect()
    }

    /// Records a release made elsewhere (ε, δ ≥ 0) or throws if it would overspend.
    pub fn charge(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "string")] label: &JsValue,
        epsilon: f64,
        delta: Option<f64>,
    ) -> Result<(), JsError> {
        let label = args::string("label", label)?;
        let delta = delta.unwrap_or(0.0);
        if !(epsilon.is_finite() && epsilon >= 0.0) {
            return Err(Error::invalid("epsilon", "a finite number >= 0", epsilon).into());
        }
        if !(delta.is_finite() && delta >= 0.0) {
            return Err(Error::invalid("delta", "a finite number >= 0", delta).into());
        }
        Ok(self.inner.charge(&label, epsilon, delta)?)
    }

    /// k-ary randomized response of `value` in `0..k` (k = 2: Warner's binary RR), charging ε.
    #[wasm_bindgen(js_name = randomizedResponse)]
    pub fn randomized_response(
        &mut self,
        value: f64,
        k: f64,
        epsilon: f64,
    ) -> Result<u32, JsError> {
        let value = category("value", value)?;
        let k = args::whole("k", k, 2)? as u32;
        let m = RandomizedResponse::new(k, epsilon)?;
        Ok(m.release(value, &mut self.inner, &mut self.rng)?)
    }

    /// Optimized unary encoding of `value` in `0..k`: k bits (0/1), charging ε.
    #[wasm_bindgen(js_name = unaryEncoding)]
    pub fn unary_encoding(
        &mut self,
        value: f64,
        k: f64,
        epsilon: f64,
    ) -> Result<Uint8Array, JsError> {
        let value = category("value", value)?;
        let k = args::whole("k", k, 2)? as u32;
        let m = UnaryEncoding::new(k, epsilon)?;
        let bits = m.release(value, &mut self.inner, &mut self.rng)?;
        Ok(Uint8Array::from(bits.as_slice()))
    }

    /// `value` clipped to [lo, hi] plus Laplace noise of scale (hi − lo)/ε, charging ε.
    pub fn laplace(&mut self, value: f64, lo: f64, hi: f64, epsilon: f64) -> Result<f64, JsError> {
        let m = LaplaceMechanism::new(lo, hi, epsilon)?;
        Ok(m.release(value, &mut self.inner, &mut self.rng)?)
    }

    /// `value` clipped to [lo, hi] plus Gaussian noise for (ε ≤ 1, δ)-DP, charging (ε, δ).
    pub fn gaussian(
        &mut self,
        value: f64,
        lo: f64,
        hi: f64,
        epsilon: f64,
        delta: f64,
    ) -> Result<f64, JsError> {
        let m = GaussianMechanism::new(lo, hi, epsilon, delta)?;
        Ok(m.release(value, &mut self.inner, &mut self.rng)?)
    }

    /// The budget and its releases as a versioned, checksummed document (the generator is not
    /// saved: `importState` takes a seed).
    #[wasm_bindgen(js_name = exportState)]
    pub fn export_state(&self) -> Uint8Array {
        Uint8Array::from(self.inner.export_state().as_slice())
    }

    /// A budget rebuilt from `exportState` output (`options.seed` seeds the new generator);
    /// throws on damaged or overspent documents.
    #[wasm_bindgen(js_name = importState)]
    pub fn import_state(
        #[wasm_bindgen(unchecked_param_type = "Uint8Array | ArrayBuffer")] bytes: &JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "PrivacyBudgetOptions")] options: Option<
            JsValue,
        >,
    ) -> Result<JsPrivacyBudget, JsError> {
        let doc = args::bytes("bytes", bytes)?;
        let o: BudgetOpts =
            args::options("options", &options.unwrap_or(JsValue::UNDEFINED), &["seed"])?;
        Ok(JsPrivacyBudget {
            inner: privacy::PrivacyBudget::import_state(&doc)?,
            rng: seeded(args::seed("options.seed", o.seed)?),
        })
    }
}

fn frequency(e: &FrequencyEstimate) -> JsValue {
    object(&[
        ("freq", Float64Array::from(e.freq.as_slice()).into()),
        ("variance", Float64Array::from(e.variance.as_slice()).into()),
        ("n", JsValue::from_f64(e.n as f64)),
    ])
}

/// Decodes k-ary randomized-response reports (each in `0..k`) into unbiased category shares.
#[wasm_bindgen(js_name = decodeRandomizedResponse, unchecked_return_type = "FrequencyEstimate")]
pub fn decode_randomized_response(
    #[wasm_bindgen(unchecked_param_type = "Uint32Array | number[]")] reports: &JsValue,
    k: f64,
    epsilon: f64,
) -> Result<JsValue, JsError> {
    let reports = args::u32_vec("reports", reports)?;
    let m = RandomizedResponse::new(args::whole("k", k, 2)? as u32, epsilon)?;
    Ok(frequency(&m.estimate(&reports)?))
}

/// Decodes unary-encoding reports from the per-category counts of 1-bits over `n` reports.
#[wasm_bindgen(js_name = decodeUnaryEncoding, unchecked_return_type = "FrequencyEstimate")]
pub fn decode_unary_encoding(
    #[wasm_bindgen(unchecked_param_type = "Uint32Array | Float64Array | number[]")] ones: &JsValue,
    n: f64,
    epsilon: f64,
) -> Result<JsValue, JsError> {
    let ones = args::f64_vec("ones", ones)?;
    let counts = ones
        .iter()
        .enumerate()
        .map(|(i, &c)| {
            if c.is_finite() && c.fract() == 0.0 && (0.0..=args::MAX_SAFE_INTEGER).contains(&c) {
                Ok(c as u64)
            } else {
                Err(Error::invalid(
                    format!("ones[{i}]"),
                    "a count (whole number >= 0)",
                    c,
                ))
            }
        })
        .collect::<Result<Vec<u64>>>()?;
    let k = u32::try_from(counts.len()).unwrap_or(u32::MAX);
    let m = UnaryEncoding::new(k, epsilon).map_err(|e| match e {
        Error::InvalidArgument { arg, .. } if arg == "k" => Error::invalid(
            "ones",
            "a count per category (at least 2)",
            format!("{} counts", counts.len()),
        ),
        other => other,
    })?;
    let n = args::whole("n", n, 1)?;
    Ok(frequency(&m.estimate_from_counts(&counts, n)?))
}

/// The mean of noisy (Laplace/Gaussian) reports with the variance of that mean.
#[wasm_bindgen(js_name = estimateMean, unchecked_return_type = "MeanEstimate")]
pub fn estimate_mean(
    #[wasm_bindgen(unchecked_param_type = "Float64Array | number[]")] reports: &JsValue,
) -> Result<JsValue, JsError> {
    let reports = args::f64_vec("reports", reports)?;
    let e = privacy::estimate_mean(&reports)?;
    Ok(object(&[
        ("mean", JsValue::from_f64(e.mean)),
        ("variance", JsValue::from_f64(e.variance)),
        ("n", JsValue::from_f64(e.n as f64)),
    ]))
}

/// Cumulative pseudo-regret after each of `rounds` rounds of a policy on Bernoulli arms with
/// success rates `rates` (arm ids `0..rates.length`); `options.envSeed` seeds the clicks.
#[wasm_bindgen(js_name = simulateRegret)]
pub fn simulate_regret(
    #[wasm_bindgen(unchecked_param_type = "Float64Array | number[]")] rates: &JsValue,
    rounds: f64,
    #[wasm_bindgen(unchecked_optional_param_type = "RegretOptions")] options: Option<JsValue>,
) -> Result<Float64Array, JsError> {
    let rates = args::f64_vec("rates", rates)?;
    let rounds = args::whole("rounds", rounds, 1)?;
    let mut known = MAB_KEYS.to_vec();
    known.push("envSeed");
    let opts: MabOpts = args::options("options", &options.unwrap_or(JsValue::UNDEFINED), &known)?;
    let env_seed = args::safe_u64("options.envSeed", opts.env_seed.unwrap_or(0.0))?;
    let out = simulate::bernoulli_regret(opts.core()?, &rates, rounds, env_seed)?;
    Ok(Float64Array::from(out.as_slice()))
}

#[derive(Deserialize, Default)]
struct FleetOpts {
    oracle: Option<String>,
    seed: Option<f64>,
}

/// What an aggregator learns when `users` pages, each holding one category drawn from `truth`
/// (shares summing to 1), report it once through an LDP frequency oracle at privacy `epsilon`.
#[wasm_bindgen(js_name = simulateLdpFleet, unchecked_return_type = "FrequencyEstimate")]
pub fn simulate_ldp_fleet(
    #[wasm_bindgen(unchecked_param_type = "Float64Array | number[]")] truth: &JsValue,
    users: f64,
    epsilon: f64,
    #[wasm_bindgen(unchecked_optional_param_type = "LdpFleetOptions")] options: Option<JsValue>,
) -> Result<JsValue, JsError> {
    let truth = args::f64_vec("truth", truth)?;
    let users = args::whole("users", users, 1)?;
    let o: FleetOpts = args::options(
        "options",
        &options.unwrap_or(JsValue::UNDEFINED),
        &["oracle", "seed"],
    )?;
    let oracle = match o.oracle.as_deref().unwrap_or("randomizedResponse") {
        "randomizedResponse" => FrequencyOracle::RandomizedResponse,
        "unaryEncoding" => FrequencyOracle::UnaryEncoding,
        other => {
            return Err(Error::invalid(
                "options.oracle",
                "\"randomizedResponse\" or \"unaryEncoding\"",
                format!("\"{other}\""),
            )
            .into())
        }
    };
    let seed = args::safe_u64("options.seed", o.seed.unwrap_or(0.0))?;
    Ok(frequency(&simulate::ldp_fleet(
        &truth, users, epsilon, oracle, seed,
    )?))
}

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase")]
struct OpeOpts {
    level: Option<f64>,
    ridge_alpha: Option<f64>,
    bootstrap: Option<f64>,
    seed: Option<f64>,
}

fn target_policy(v: &JsValue, logs: &Logs) -> Result<EvalPolicy> {
    let (n_actions, len_list) = (logs.n_actions(), logs.len_list());
    if let Some(s) = v.as_string() {
        if s == "uniform" {
            return EvalPolicy::uniform(n_actions, len_list);
        }
        return Err(Error::invalid(
            "evalPolicy",
            "\"uniform\", {actionDistCsv, campaign} or {probs}",
            format!("\"{s}\""),
        ));
    }
    let expected = "\"uniform\", {actionDistCsv, campaign} or {probs}";
    let obj = args::plain_object("evalPolicy", v, &["actionDistCsv", "campaign", "probs"])?
        .ok_or_else(|| Error::invalid("evalPolicy", expected, args::describe(v)))?;
    let probs = args::get(&obj, "probs");
    if !probs.is_undefined() {
        let probs = args::f64_vec("evalPolicy.probs", &probs)?;
        // One table per round (obp's action_dist) when the length says so, else one shared table.
        let pi = if probs.len() == logs.len() * n_actions * len_list && logs.len() > 1 {
            EvalPolicy::per_round(probs, logs.len(), n_actions, len_list)
        } else {
            EvalPolicy::shared(probs, n_actions, len_list)
        };
        return pi.map_err(|e| e.within("evalPolicy."));
    }
    let csv = args::get(&obj, "actionDistCsv");
    if csv.is_undefined() {
        return Err(Error::invalid(
            "evalPolicy",
            expected,
            "an object without actionDistCsv or probs",
        ));
    }
    let csv = args::string("evalPolicy.actionDistCsv", &csv)?;
    let campaign = args::string("evalPolicy.campaign", &args::get(&obj, "campaign"))?;
    ope::eval_policy_from_csv(&csv, &campaign, n_actions, len_list)
        .map_err(|e| e.within("evalPolicy."))
}

fn estimate(e: &Estimate, boot: Option<(f64, f64)>) -> JsValue {
    let (lo, hi) = boot.unwrap_or((f64::NAN, f64::NAN));
    object(&[
        ("value", JsValue::from_f64(e.value)),
        ("stdErr", JsValue::from_f64(e.std_err)),
        ("ciLow", JsValue::from_f64(e.ci_low)),
        ("ciHigh", JsValue::from_f64(e.ci_high)),
        ("n", JsValue::from_f64(e.n as f64)),
        ("bootLow", JsValue::from_f64(lo)),
        ("bootHigh", JsValue::from_f64(hi)),
    ])
}

/// Off-policy evaluation of an Open Bandit Dataset log (`all.csv`-style, with
/// `item_context.csv`) for an evaluation policy: IPS, SNIPS, the direct method with a ridge
/// reward model, DR and SNDR (obp 0.5.7's definitions), each with a normal interval and
/// optionally a percentile-bootstrap one, next to the logging policy's own click rate.
#[wasm_bindgen(js_name = evaluateOffPolicy, unchecked_return_type = "OffPolicyReport")]
pub fn evaluate_off_policy(
    #[wasm_bindgen(js_name = logCsv, unchecked_param_type = "string")] log_csv: &JsValue,
    #[wasm_bindgen(js_name = itemContextCsv, unchecked_param_type = "string")]
    item_context_csv: &JsValue,
    #[wasm_bindgen(js_name = evalPolicy, unchecked_param_type = "OffPolicyTarget")]
    eval_policy: &JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "OffPolicyOptions")] options: Option<JsValue>,
) -> Result<JsValue, JsError> {
    let log_csv = args::string("logCsv", log_csv)?;
    let item_csv = args::string("itemContextCsv", item_context_csv)?;
    let settings = OpeSettings::read(options)?;
    let d = ObdLogs::parse(&log_csv, &item_csv)?;
    let pi = target_policy(eval_policy, &d.logs)?;
    let model = RewardModel {
        contexts: &d.contexts,
        dim_context: d.dim_context,
        action_context: Some((&d.action_context, d.dim_action)),
    };
    Ok(ope_report(&d.logs, &pi, Some(model), &settings)?)
}

/// The checked options of the off-policy functions.
struct OpeSettings {
    level: f64,
    alpha: f64,
    n_boot: usize,
    seed: u64,
}

impl OpeSettings {
    fn read(options: Option<JsValue>) -> Result<Self> {
        let o: OpeOpts = args::options(
            "options",
            &options.unwrap_or(JsValue::UNDEFINED),
            &["level", "ridgeAlpha", "bootstrap", "seed"],
        )?;
        let level = o.level.unwrap_or(0.95);
        crate::error::check::open_interval("options.level", level, 0.0, 1.0)?;
        let alpha = o.ridge_alpha.unwrap_or(1.0);
        if !(alpha.is_finite() && alpha > 0.0) {
            return Err(Error::invalid(
                "options.ridgeAlpha",
                "a finite number > 0",
                alpha,
            ));
        }
        let n_boot = match o.bootstrap {
            None => 0,
            Some(b) => {
                let b = args::whole("options.bootstrap", b, 0)?;
                if b != 0 && !(100..=100_000).contains(&b) {
                    return Err(Error::invalid(
                        "options.bootstrap",
                        "0 (no bootstrap) or between 100 and 100,000 resamples",
                        b,
                    ));
                }
                b
            }
        };
        let seed = args::safe_u64("options.seed", o.seed.unwrap_or(0.0))?;
        Ok(OpeSettings {
            level,
            alpha,
            n_boot,
            seed,
        })
    }
}

/// The features the direct method's ridge reward model is fitted on.
struct RewardModel<'a> {
    contexts: &'a [f64],
    dim_context: usize,
    action_context: Option<(&'a [f64], usize)>,
}

/// Every estimator on `logs` for `pi`; the model-based ones (DM, DR, SNDR) are `null` without a
/// reward model.
fn ope_report(
    logs: &Logs,
    pi: &EvalPolicy,
    model: Option<RewardModel>,
    s: &OpeSettings,
) -> Result<JsValue> {
    let level = s.level;
    let q = match &model {
        Some(m) => Some(
            RidgeRewardModel::fit(logs, m.contexts, m.dim_context, m.action_context, s.alpha)?
                .q_hat(logs, m.contexts)?,
        ),
        None => None,
    };
    let boot = |est: ope::Estimator, q: Option<&[f64]>| -> Result<Option<(f64, f64)>> {
        if s.n_boot == 0 {
            return Ok(None);
        }
        ope::bootstrap_interval(est, logs, pi, q, level, s.n_boot, s.seed).map(Some)
    };
    let on_policy = ope::replay(logs, logs.actions(), level)?;
    let mut fields: Vec<(&str, JsValue)> = vec![
        ("rounds", JsValue::from_f64(logs.len() as f64)),
        ("nActions", JsValue::from_f64(logs.n_actions() as f64)),
        ("lenList", JsValue::from_f64(logs.len_list() as f64)),
        (
            "dimContext",
            JsValue::from_f64(model.as_ref().map_or(0, |m| m.dim_context) as f64),
        ),
        ("level", JsValue::from_f64(level)),
        ("onPolicy", estimate(&on_policy, None)),
        (
            "ips",
            estimate(
                &ope::ips(logs, pi, level)?,
                boot(ope::Estimator::Ips, None)?,
            ),
        ),
        (
            "snips",
            estimate(
                &ope::snips(logs, pi, level)?,
                boot(ope::Estimator::Snips, None)?,
            ),
        ),
    ];
    match &q {
        Some(q) => fields.extend([
            (
                "dm",
                estimate(
                    &ope::direct_method(logs, pi, q, level)?,
                    boot(ope::Estimator::DirectMethod, Some(q))?,
                ),
            ),
            (
                "dr",
                estimate(
                    &ope::doubly_robust(logs, pi, q, level)?,
                    boot(ope::Estimator::DoublyRobust, Some(q))?,
                ),
            ),
            (
                "sndr",
                estimate(
                    &ope::self_normalized_dr(logs, pi, q, level)?,
                    boot(ope::Estimator::SelfNormalizedDr, Some(q))?,
                ),
            ),
        ]),
        None => fields.extend([
            ("dm", JsValue::NULL),
            ("dr", JsValue::NULL),
            ("sndr", JsValue::NULL),
        ]),
    }
    Ok(object(&fields))
}

/// Renames the core's `n_actions`/`len_list` to the JS keys.
fn logs_names(e: Error) -> Error {
    match e {
        Error::InvalidArgument { arg, expected, got } => {
            let arg = match arg.as_str() {
                "n_actions" => "nActions".to_string(),
                "len_list" => "lenList".to_string(),
                "action_context" => "actionContext".to_string(),
                _ => arg,
            };
            Error::InvalidArgument { arg, expected, got }.within("logs.")
        }
        other => other,
    }
}

/// The typed-array form of [`evaluate_off_policy`]: logged bandit feedback as arrays (actions,
/// 0-based positions, rewards, logging propensities), optionally with row-major contexts (and
/// action features) for the direct method's ridge reward model.
#[wasm_bindgen(js_name = evaluateLoggedFeedback, unchecked_return_type = "OffPolicyReport")]
pub fn evaluate_logged_feedback(
    #[wasm_bindgen(unchecked_param_type = "LoggedFeedback")] logs: &JsValue,
    #[wasm_bindgen(js_name = evalPolicy, unchecked_param_type = "OffPolicyTarget")]
    eval_policy: &JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "OffPolicyOptions")] options: Option<JsValue>,
) -> Result<JsValue, JsError> {
    let keys = [
        "actions",
        "positions",
        "rewards",
        "pscores",
        "nActions",
        "lenList",
        "contexts",
        "dimContext",
        "actionContext",
        "dimAction",
    ];
    let obj = args::plain_object("logs", logs, &keys)?
        .ok_or_else(|| Error::invalid("logs", "an object of typed arrays", args::describe(logs)))?;
    let get = |k: &str| args::get(&obj, k);
    let count = |k: &str, default: Option<usize>| -> Result<usize> {
        let v = get(k);
        match (v.as_f64(), default) {
            (Some(x), _) => args::whole(&format!("logs.{k}"), x, 1),
            (None, Some(d)) if v.is_undefined() => Ok(d),
            _ => Err(Error::invalid(
                format!("logs.{k}"),
                "a whole number >= 1",
                args::describe(&v),
            )),
        }
    };
    let actions = args::u32_vec("logs.actions", &get("actions"))?;
    let positions = match get("positions") {
        v if v.is_undefined() => None,
        v => Some(args::u32_vec("logs.positions", &v)?),
    };
    let rewards = args::f64_vec("logs.rewards", &get("rewards"))?;
    let pscores = args::f64_vec("logs.pscores", &get("pscores"))?;
    let n_actions = count("nActions", None)?;
    let len_list = count("lenList", Some(1))?;
    let logs =
        Logs::new(actions, positions, rewards, pscores, n_actions, len_list).map_err(logs_names)?;
    let settings = OpeSettings::read(options)?;
    let pi = target_policy(eval_policy, &logs)?;
    let contexts = match get("contexts") {
        v if v.is_undefined() => None,
        v => Some(args::f64_vec("logs.contexts", &v)?),
    };
    let action_context = match get("actionContext") {
        v if v.is_undefined() => None,
        v => Some((
            args::f64_vec("logs.actionContext", &v)?,
            count("dimAction", None)?,
        )),
    };
    let report = match &contexts {
        Some(c) => {
            let dim_context = count("dimContext", None)?;
            let model = RewardModel {
                contexts: c,
                dim_context,
                action_context: action_context.as_ref().map(|(a, d)| (a.as_slice(), *d)),
            };
            ope_report(&logs, &pi, Some(model), &settings).map_err(logs_names_contexts)?
        }
        None if action_context.is_some() => {
            return Err(Error::invalid(
                "logs.contexts",
                "contexts (with dimContext) when actionContext is given",
                "undefined",
            )
            .into())
        }
        None => ope_report(&logs, &pi, None, &settings)?,
    };
    Ok(report)
}

/// The reward model names its inputs `contexts`/`action_context`: prefix them with `logs.`.
fn logs_names_contexts(e: Error) -> Error {
    match &e {
        Error::InvalidArgument { arg, .. } if arg == "contexts" || arg == "action_context" => {
            logs_names(e)
        }
        _ => e,
    }
}
