//! JS bindings for the bandit engine: multi-armed and linear contextual bandits with saved state,
//! local differential privacy (budget, mechanisms, decoders), dashboard simulations and
//! off-policy evaluation of logged feedback.
//!
//! Decision ids are JS numbers: they count decisions from 0, so they stay exact integers (below
//! 2^53) for any realistic page; `reward` refuses anything that is not a whole number in
//! [0, 2^53 − 1].

use super::args::{self, object};
use super::obj::Obj;
use crate::bandit::codec::SavedState;
use crate::bandit::ope::{self, EvalPolicy, Logs, ObdLogs, OpeReport, OpeSettings, RewardFeatures};
use crate::bandit::privacy::{
    self, FrequencyEstimate, GaussianMechanism, LaplaceMechanism, RandomizedResponse, UnaryEncoding,
};
use crate::bandit::simulate::{self, FrequencyOracle};
use crate::bandit::{
    Decision, LinearBandit as CoreLinear, LinearOptions, LinearPolicy, MabOptions, MabPolicy,
    MultiArmed,
};
use crate::error::{Error, Result};
use crate::limits;
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
  /** How many unrewarded decisions are remembered, oldest forgotten first, 1..10000000 (default 10000). */
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
  /** Context length d, 1..1024 (required). */
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
  /** How many unrewarded decisions are remembered, 1..10000000 (default 10000). */
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

/// An arm id or category: a whole number in [0, 2^32 − 1].
fn arm_id(arg: &str, v: &JsValue) -> Result<u32> {
    Ok(args::count_js(arg, v, 0, u32::MAX as usize)? as u32)
}

/// A decision id: a whole number in [0, 2^53 − 1].
fn decision_id(v: &JsValue) -> Result<u64> {
    args::safe_u64("decisionId", args::number("decisionId", v)?)
}

/// A saved-state document.
fn state_bytes(v: &JsValue) -> Result<Vec<u8>> {
    args::bytes("bytes", v)
}

fn max_pending(v: Option<f64>) -> Result<usize> {
    v.map_or(Ok(10_000), |v| {
        args::count("options.maxPending", v, 1, limits::MAX_PENDING)
    })
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

const MAB: &str = "MultiArmedBandit";

/// A non-contextual multi-armed bandit (ε-greedy, UCB1, Beta/Gaussian Thompson sampling,
/// softmax) over a catalog of arm ids that may change at run time. Call `free()` when done.
#[wasm_bindgen]
pub struct MultiArmedBandit {
    obj: Obj,
}

impl MultiArmedBandit {
    fn with<R>(&self, f: impl FnOnce(&MultiArmed) -> Result<R>) -> Result<R, JsError> {
        Ok(self.obj.with(MAB, f)?)
    }
    fn with_mut<R>(&self, f: impl FnOnce(&mut MultiArmed) -> Result<R>) -> Result<R, JsError> {
        Ok(self.obj.with_mut(MAB, f)?)
    }
}

#[wasm_bindgen]
impl MultiArmedBandit {
    /// A bandit over distinct arm ids (may be empty, then filled with `addArm`).
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_param_type = "Uint32Array | number[]")] arms: &JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "BanditOptions")] options: &JsValue,
    ) -> Result<MultiArmedBandit, JsError> {
        let arms = args::u32_vec("arms", arms)?;
        let opts: MabOpts = args::options("options", options, MAB_KEYS)?;
        let core = MultiArmed::new(&arms, opts.core()?).map_err(js_names)?;
        Ok(MultiArmedBandit {
            obj: Obj::new(MAB, core),
        })
    }

    /// The policy's name, e.g. `"thompson"`.
    #[wasm_bindgen(getter)]
    pub fn policy(&self) -> Result<String, JsError> {
        self.with(|b| Ok(mab_policy_name(&b.options().policy).to_string()))
    }

    /// Picks an arm and opens a decision awaiting its reward.
    #[wasm_bindgen(unchecked_return_type = "BanditDecision")]
    pub fn choose(&self) -> Result<JsValue, JsError> {
        Ok(decision(self.with_mut(|b| b.choose())?))
    }

    /// Reports the reward of a decision (each decision at most once). Thompson and UCB1 take
    /// rewards in [0, 1] (clicks); the other policies any finite number.
    pub fn reward(
        &self,
        #[wasm_bindgen(js_name = decisionId, unchecked_param_type = "number")]
        decision_id: &JsValue,
        #[wasm_bindgen(unchecked_param_type = "number")] reward: &JsValue,
    ) -> Result<(), JsError> {
        let (id, r) = (
            self::decision_id(decision_id)?,
            args::number("reward", reward)?,
        );
        self.with_mut(|b| b.reward(id, r))
    }

    /// Records a reward for an arm directly, without a decision id (e.g. replaying a log).
    pub fn update(
        &self,
        #[wasm_bindgen(unchecked_param_type = "number")] arm: &JsValue,
        #[wasm_bindgen(unchecked_param_type = "number")] reward: &JsValue,
    ) -> Result<(), JsError> {
        let (arm, r) = (arm_id("arm", arm)?, args::number("reward", reward)?);
        self.with_mut(|b| b.update(arm, r))
    }

    /// Adds an arm with fresh statistics.
    #[wasm_bindgen(js_name = addArm)]
    pub fn add_arm(
        &self,
        #[wasm_bindgen(unchecked_param_type = "number")] arm: &JsValue,
    ) -> Result<(), JsError> {
        let arm = arm_id("arm", arm)?;
        self.with_mut(|b| b.add_arm(arm))
    }

    /// Retires an arm: never chosen again, late rewards for it refused.
    #[wasm_bindgen(js_name = retireArm)]
    pub fn retire_arm(
        &self,
        #[wasm_bindgen(unchecked_param_type = "number")] arm: &JsValue,
    ) -> Result<(), JsError> {
        let arm = arm_id("arm", arm)?;
        self.with_mut(|b| b.retire_arm(arm))
    }

    /// The live arms with their pulls and mean rewards.
    #[wasm_bindgen(unchecked_return_type = "BanditArms")]
    pub fn arms(&self) -> Result<JsValue, JsError> {
        let arms = self.with(|b| Ok(b.arms()))?;
        let ids: Vec<u32> = arms.iter().map(|a| a.arm).collect();
        let pulls: Vec<f64> = arms.iter().map(|a| a.pulls as f64).collect();
        let mean: Vec<f64> = arms.iter().map(|a| a.mean).collect();
        Ok(object(&[
            ("arm", Uint32Array::from(ids.as_slice()).into()),
            ("pulls", Float64Array::from(pulls.as_slice()).into()),
            ("mean", Float64Array::from(mean.as_slice()).into()),
        ]))
    }

    /// The whole state (options, arms, open decisions) as a versioned, checksummed document for
    /// localStorage/IndexedDB; importing it reproduces the bandit exactly.
    #[wasm_bindgen(js_name = exportState)]
    pub fn export_state(&self) -> Result<Uint8Array, JsError> {
        Ok(Uint8Array::from(
            self.with(|b| Ok(b.export_state()))?.as_slice(),
        ))
    }

    /// A bandit rebuilt from `exportState` output; throws on corrupt, truncated, wrong-version,
    /// wrong-kind or meaningless documents.
    #[wasm_bindgen(js_name = importState)]
    pub fn import_state(
        #[wasm_bindgen(unchecked_param_type = "Uint8Array | ArrayBuffer")] bytes: &JsValue,
    ) -> Result<MultiArmedBandit, JsError> {
        let core = MultiArmed::import_state(&state_bytes(bytes)?)?;
        Ok(MultiArmedBandit {
            obj: Obj::new(MAB, core),
        })
    }

    /// Replaces this bandit's state with a saved one; on any error the live bandit is untouched.
    #[wasm_bindgen(js_name = loadState)]
    pub fn load_state(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Uint8Array | ArrayBuffer")] bytes: &JsValue,
    ) -> Result<(), JsError> {
        let doc = state_bytes(bytes)?;
        self.with_mut(|b| b.load_state(&doc))
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

const LIN_KEYS: &[&str] = &[
    "policy",
    "dim",
    "alpha",
    "v",
    "ridge",
    "discount",
    "refactorEvery",
    "seed",
    "maxPending",
];

impl LinOpts {
    fn core(&self) -> Result<LinearOptions> {
        let dim = self.dim.ok_or_else(|| {
            Error::invalid(
                "options.dim",
                format!(
                    "the context length (a whole number in [1, {}])",
                    limits::MAX_CONTEXT_DIM
                ),
                "undefined",
            )
        })?;
        let dim = args::count("options.dim", dim, 1, limits::MAX_CONTEXT_DIM)?;
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
                v,
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
            Some(v) => args::count("options.refactorEvery", v, 1, u32::MAX as usize)? as u64,
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

const LIN: &str = "LinearBandit";

/// A linear contextual bandit (disjoint LinUCB or linear Thompson sampling) over `Float64Array`
/// contexts of a fixed length `dim`. Call `free()` when done.
#[wasm_bindgen(js_name = LinearBandit)]
pub struct JsLinearBandit {
    obj: Obj,
}

impl JsLinearBandit {
    fn with<R>(&self, f: impl FnOnce(&CoreLinear) -> Result<R>) -> Result<R, JsError> {
        Ok(self.obj.with(LIN, f)?)
    }
    fn with_mut<R>(&self, f: impl FnOnce(&mut CoreLinear) -> Result<R>) -> Result<R, JsError> {
        Ok(self.obj.with_mut(LIN, f)?)
    }
}

#[wasm_bindgen(js_class = LinearBandit)]
impl JsLinearBandit {
    /// A bandit over distinct arm ids; `options.dim` (the context length) is required.
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_param_type = "Uint32Array | number[]")] arms: &JsValue,
        #[wasm_bindgen(unchecked_param_type = "LinearBanditOptions")] options: &JsValue,
    ) -> Result<JsLinearBandit, JsError> {
        let arms = args::u32_vec("arms", arms)?;
        if options.is_undefined() || options.is_null() {
            return Err(Error::invalid(
                "options",
                "an options object with the context length `dim`",
                args::describe(options),
            )
            .into());
        }
        let opts: LinOpts = args::options("options", options, LIN_KEYS)?;
        let core = CoreLinear::new(&arms, opts.core()?).map_err(js_names)?;
        Ok(JsLinearBandit {
            obj: Obj::new(LIN, core),
        })
    }

    /// The context length.
    #[wasm_bindgen(getter)]
    pub fn dim(&self) -> Result<u32, JsError> {
        self.with(|b| Ok(b.options().dim as u32))
    }

    /// The policy's name, `"linUcb"` or `"linThompson"`.
    #[wasm_bindgen(getter)]
    pub fn policy(&self) -> Result<String, JsError> {
        self.with(|b| {
            Ok(match b.options().policy {
                LinearPolicy::LinUcb { .. } => "linUcb".into(),
                LinearPolicy::LinThompson { .. } => "linThompson".into(),
            })
        })
    }

    /// The live arm ids, in the row order `choosePerArm` expects.
    #[wasm_bindgen(js_name = armIds)]
    pub fn arm_ids(&self) -> Result<Uint32Array, JsError> {
        self.with(|b| Ok(Uint32Array::from(b.arm_ids())))
    }

    /// Picks an arm for a context shared by every arm (length `dim`).
    #[wasm_bindgen(unchecked_return_type = "BanditDecision")]
    pub fn choose(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Float64Array | number[]")] context: &JsValue,
    ) -> Result<JsValue, JsError> {
        let x = args::f64_vec("context", context)?;
        Ok(decision(self.with_mut(|b| b.choose(&x))?))
    }

    /// Picks an arm when each arm has its own features: `contexts` is row-major, one row of
    /// length `dim` per live arm in `armIds()` order.
    #[wasm_bindgen(js_name = choosePerArm, unchecked_return_type = "BanditDecision")]
    pub fn choose_per_arm(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Float64Array | number[]")] contexts: &JsValue,
    ) -> Result<JsValue, JsError> {
        let x = args::f64_vec("contexts", contexts)?;
        Ok(decision(self.with_mut(|b| b.choose_per_arm(&x))?))
    }

    /// Reports the reward of a decision; the context stored with it is used.
    pub fn reward(
        &self,
        #[wasm_bindgen(js_name = decisionId, unchecked_param_type = "number")]
        decision_id: &JsValue,
        #[wasm_bindgen(unchecked_param_type = "number")] reward: &JsValue,
    ) -> Result<(), JsError> {
        let (id, r) = (
            self::decision_id(decision_id)?,
            args::number("reward", reward)?,
        );
        self.with_mut(|b| b.reward(id, r))
    }

    /// Records a reward for `arm` shown in `context`, without a decision id.
    pub fn update(
        &self,
        #[wasm_bindgen(unchecked_param_type = "number")] arm: &JsValue,
        #[wasm_bindgen(unchecked_param_type = "Float64Array | number[]")] context: &JsValue,
        #[wasm_bindgen(unchecked_param_type = "number")] reward: &JsValue,
    ) -> Result<(), JsError> {
        let arm = arm_id("arm", arm)?;
        let x = args::f64_vec("context", context)?;
        let r = args::number("reward", reward)?;
        self.with_mut(|b| b.update(arm, &x, r))
    }

    /// Each live arm's score for `context` without drawing (LinUCB bound, or posterior mean).
    pub fn scores(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Float64Array | number[]")] context: &JsValue,
    ) -> Result<Float64Array, JsError> {
        let x = args::f64_vec("context", context)?;
        Ok(Float64Array::from(self.with(|b| b.scores(&x))?.as_slice()))
    }

    /// The ridge estimate θ of an arm.
    pub fn theta(
        &self,
        #[wasm_bindgen(unchecked_param_type = "number")] arm: &JsValue,
    ) -> Result<Float64Array, JsError> {
        let arm = arm_id("arm", arm)?;
        Ok(Float64Array::from(self.with(|b| b.theta(arm))?.as_slice()))
    }

    /// Rewards received by an arm.
    pub fn pulls(
        &self,
        #[wasm_bindgen(unchecked_param_type = "number")] arm: &JsValue,
    ) -> Result<f64, JsError> {
        let arm = arm_id("arm", arm)?;
        self.with(|b| Ok(b.pulls(arm)? as f64))
    }

    /// Adds an arm with a fresh prior.
    #[wasm_bindgen(js_name = addArm)]
    pub fn add_arm(
        &self,
        #[wasm_bindgen(unchecked_param_type = "number")] arm: &JsValue,
    ) -> Result<(), JsError> {
        let arm = arm_id("arm", arm)?;
        self.with_mut(|b| b.add_arm(arm))
    }

    /// Retires an arm.
    #[wasm_bindgen(js_name = retireArm)]
    pub fn retire_arm(
        &self,
        #[wasm_bindgen(unchecked_param_type = "number")] arm: &JsValue,
    ) -> Result<(), JsError> {
        let arm = arm_id("arm", arm)?;
        self.with_mut(|b| b.retire_arm(arm))
    }

    /// The whole state as a versioned, checksummed document.
    #[wasm_bindgen(js_name = exportState)]
    pub fn export_state(&self) -> Result<Uint8Array, JsError> {
        Ok(Uint8Array::from(
            self.with(|b| Ok(b.export_state()))?.as_slice(),
        ))
    }

    /// A bandit rebuilt from `exportState` output; throws on damaged or meaningless documents.
    #[wasm_bindgen(js_name = importState)]
    pub fn import_state(
        #[wasm_bindgen(unchecked_param_type = "Uint8Array | ArrayBuffer")] bytes: &JsValue,
    ) -> Result<JsLinearBandit, JsError> {
        let core = CoreLinear::import_state(&state_bytes(bytes)?)?;
        Ok(JsLinearBandit {
            obj: Obj::new(LIN, core),
        })
    }

    /// Replaces this bandit's state with a saved one of the same `dim`; on any error the live
    /// bandit is untouched.
    #[wasm_bindgen(js_name = loadState)]
    pub fn load_state(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Uint8Array | ArrayBuffer")] bytes: &JsValue,
    ) -> Result<(), JsError> {
        let doc = state_bytes(bytes)?;
        self.with_mut(|b| b.load_state(&doc))
    }
}

#[derive(Deserialize, Default)]
struct BudgetOpts {
    delta: Option<f64>,
    seed: Option<f64>,
}

/// A budget with the seeded generator of the mechanisms it pays for.
struct Budget {
    budget: privacy::PrivacyBudget,
    rng: Rng,
}

const BUDGET: &str = "PrivacyBudget";

/// A category `value` and a category count `k` in [2, MAX_CATEGORIES].
fn categories(value: &JsValue, k: &JsValue) -> Result<(u32, u32)> {
    let value = arm_id("value", value)?;
    let k = args::count_js("k", k, 2, limits::MAX_CATEGORIES)? as u32;
    Ok((value, k))
}

/// A shopper's local privacy budget (ε, δ under sequential composition) together with the
/// seeded generator of the mechanisms it pays for: every release is charged here first and
/// refused, releasing nothing, if it would overspend. Persist it with `exportState`, or a page
/// reload resets the budget. Call `free()` when done.
#[wasm_bindgen(js_name = PrivacyBudget)]
pub struct JsPrivacyBudget {
    obj: Obj,
}

impl JsPrivacyBudget {
    fn with<R>(&self, f: impl FnOnce(&privacy::PrivacyBudget) -> Result<R>) -> Result<R, JsError> {
        Ok(self.obj.with(BUDGET, |b: &Budget| f(&b.budget))?)
    }
    /// Runs a mechanism: it checks its input, then charges the budget (refused: nothing
    /// released, nothing changed), then draws.
    fn release<R>(
        &self,
        f: impl FnOnce(&mut privacy::PrivacyBudget, &mut Rng) -> Result<R>,
    ) -> Result<R, JsError> {
        Ok(self
            .obj
            .with_mut(BUDGET, |b: &mut Budget| f(&mut b.budget, &mut b.rng))?)
    }
    fn wrap(budget: privacy::PrivacyBudget, seed: Option<f64>) -> Result<Self, JsError> {
        let rng = seeded(args::seed("options.seed", seed)?);
        Ok(JsPrivacyBudget {
            obj: Obj::new(BUDGET, Budget { budget, rng }),
        })
    }
}

#[wasm_bindgen(js_class = PrivacyBudget)]
impl JsPrivacyBudget {
    /// A budget of total `epsilon` (> 0); `options.delta` in [0, 1), `options.seed`.
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_param_type = "number")] epsilon: &JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "PrivacyBudgetOptions")] options: &JsValue,
    ) -> Result<JsPrivacyBudget, JsError> {
        let epsilon = args::number("epsilon", epsilon)?;
        let o: BudgetOpts = args::options("options", options, &["delta", "seed"])?;
        let budget =
            privacy::PrivacyBudget::new(epsilon, o.delta.unwrap_or(0.0)).map_err(|e| match e {
                Error::InvalidArgument { ref arg, .. } if arg == "delta" => e.within("options."),
                other => other,
            })?;
        Self::wrap(budget, o.seed)
    }

    /// ε spent so far.
    #[wasm_bindgen(getter, js_name = spentEpsilon)]
    pub fn spent_epsilon(&self) -> Result<f64, JsError> {
        self.with(|b| Ok(b.spent().0))
    }

    /// δ spent so far.
    #[wasm_bindgen(getter, js_name = spentDelta)]
    pub fn spent_delta(&self) -> Result<f64, JsError> {
        self.with(|b| Ok(b.spent().1))
    }

    /// ε still available.
    #[wasm_bindgen(getter, js_name = remainingEpsilon)]
    pub fn remaining_epsilon(&self) -> Result<f64, JsError> {
        self.with(|b| Ok(b.remaining().0))
    }

    /// δ still available.
    #[wasm_bindgen(getter, js_name = remainingDelta)]
    pub fn remaining_delta(&self) -> Result<f64, JsError> {
        self.with(|b| Ok(b.remaining().1))
    }

    /// Every release so far, oldest first.
    #[wasm_bindgen(unchecked_return_type = "PrivacyRelease[]")]
    pub fn releases(&self) -> Result<Array, JsError> {
        self.with(|b| {
            Ok(b.releases()
                .iter()
                .map(|r| {
                    object(&[
                        ("label", JsValue::from_str(&r.label)),
                        ("epsilon", JsValue::from_f64(r.epsilon)),
                        ("delta", JsValue::from_f64(r.delta)),
                    ])
                })
                .collect())
        })
    }

    /// Records a release made elsewhere (ε, δ ≥ 0) or throws if it would overspend.
    pub fn charge(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string")] label: &JsValue,
        #[wasm_bindgen(unchecked_param_type = "number")] epsilon: &JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "number")] delta: &JsValue,
    ) -> Result<(), JsError> {
        let label = args::string("label", label)?;
        let epsilon = args::number("epsilon", epsilon)?;
        let delta = args::opt_number("delta", delta)?.unwrap_or(0.0);
        self.release(|b, _| b.charge(&label, epsilon, delta))
    }

    /// k-ary randomized response of `value` in `0..k` (k = 2: Warner's binary RR), charging ε.
    #[wasm_bindgen(js_name = randomizedResponse)]
    pub fn randomized_response(
        &self,
        #[wasm_bindgen(unchecked_param_type = "number")] value: &JsValue,
        #[wasm_bindgen(unchecked_param_type = "number")] k: &JsValue,
        #[wasm_bindgen(unchecked_param_type = "number")] epsilon: &JsValue,
    ) -> Result<u32, JsError> {
        let (value, k) = categories(value, k)?;
        let m = RandomizedResponse::new(k, args::number("epsilon", epsilon)?)?;
        self.release(|b, rng| m.release(value, b, rng))
    }

    /// Optimized unary encoding of `value` in `0..k`: k bits (0/1), charging ε.
    #[wasm_bindgen(js_name = unaryEncoding)]
    pub fn unary_encoding(
        &self,
        #[wasm_bindgen(unchecked_param_type = "number")] value: &JsValue,
        #[wasm_bindgen(unchecked_param_type = "number")] k: &JsValue,
        #[wasm_bindgen(unchecked_param_type = "number")] epsilon: &JsValue,
    ) -> Result<Uint8Array, JsError> {
        let (value, k) = categories(value, k)?;
        let m = UnaryEncoding::new(k, args::number("epsilon", epsilon)?)?;
        let bits = self.release(|b, rng| m.release(value, b, rng))?;
        Ok(Uint8Array::from(bits.as_slice()))
    }

    /// `value` clipped to [lo, hi] plus Laplace noise of scale (hi − lo)/ε, charging ε.
    pub fn laplace(
        &self,
        #[wasm_bindgen(unchecked_param_type = "number")] value: &JsValue,
        #[wasm_bindgen(unchecked_param_type = "number")] lo: &JsValue,
        #[wasm_bindgen(unchecked_param_type = "number")] hi: &JsValue,
        #[wasm_bindgen(unchecked_param_type = "number")] epsilon: &JsValue,
    ) -> Result<f64, JsError> {
        let value = args::number("value", value)?;
        let m = LaplaceMechanism::new(
            args::number("lo", lo)?,
            args::number("hi", hi)?,
            args::number("epsilon", epsilon)?,
        )?;
        self.release(|b, rng| m.release(value, b, rng))
    }

    /// `value` clipped to [lo, hi] plus Gaussian noise for (ε ≤ 1, δ)-DP, charging (ε, δ).
    pub fn gaussian(
        &self,
        #[wasm_bindgen(unchecked_param_type = "number")] value: &JsValue,
        #[wasm_bindgen(unchecked_param_type = "number")] lo: &JsValue,
        #[wasm_bindgen(unchecked_param_type = "number")] hi: &JsValue,
        #[wasm_bindgen(unchecked_param_type = "number")] epsilon: &JsValue,
        #[wasm_bindgen(unchecked_param_type = "number")] delta: &JsValue,
    ) -> Result<f64, JsError> {
        let value = args::number("value", value)?;
        let m = GaussianMechanism::new(
            args::number("lo", lo)?,
            args::number("hi", hi)?,
            args::number("epsilon", epsilon)?,
            args::number("delta", delta)?,
        )?;
        self.release(|b, rng| m.release(value, b, rng))
    }

    /// The budget and its releases as a versioned, checksummed document (the generator is not
    /// saved: `importState` takes a seed).
    #[wasm_bindgen(js_name = exportState)]
    pub fn export_state(&self) -> Result<Uint8Array, JsError> {
        Ok(Uint8Array::from(
            self.with(|b| Ok(b.export_state()))?.as_slice(),
        ))
    }

    /// A budget rebuilt from `exportState` output (`options.seed` seeds the new generator);
    /// throws on damaged or overspent documents.
    #[wasm_bindgen(js_name = importState)]
    pub fn import_state(
        #[wasm_bindgen(unchecked_param_type = "Uint8Array | ArrayBuffer")] bytes: &JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "PrivacyBudgetOptions")] options: &JsValue,
    ) -> Result<JsPrivacyBudget, JsError> {
        let doc = state_bytes(bytes)?;
        let o: BudgetOpts = args::options("options", options, &["seed"])?;
        Self::wrap(privacy::PrivacyBudget::import_state(&doc)?, o.seed)
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
    #[wasm_bindgen(unchecked_param_type = "number")] k: &JsValue,
    #[wasm_bindgen(unchecked_param_type = "number")] epsilon: &JsValue,
) -> Result<JsValue, JsError> {
    let reports = args::u32_vec("reports", reports)?;
    let k = args::count_js("k", k, 2, limits::MAX_CATEGORIES)? as u32;
    let m = RandomizedResponse::new(k, args::number("epsilon", epsilon)?)?;
    Ok(frequency(&m.estimate(&reports)?))
}

/// Decodes unary-encoding reports from the per-category counts of 1-bits over `n` reports.
#[wasm_bindgen(js_name = decodeUnaryEncoding, unchecked_return_type = "FrequencyEstimate")]
pub fn decode_unary_encoding(
    #[wasm_bindgen(unchecked_param_type = "Uint32Array | Float64Array | number[]")] ones: &JsValue,
    #[wasm_bindgen(unchecked_param_type = "number")] n: &JsValue,
    #[wasm_bindgen(unchecked_param_type = "number")] epsilon: &JsValue,
) -> Result<JsValue, JsError> {
    let counts = args::f64_vec("ones", ones)?
        .iter()
        .enumerate()
        .map(|(i, &c)| args::safe_u64(&format!("ones[{i}]"), c))
        .collect::<Result<Vec<u64>>>()?;
    if !(2..=limits::MAX_CATEGORIES).contains(&counts.len()) {
        return Err(Error::invalid(
            "ones",
            format!(
                "a count per category (2 to {} categories)",
                limits::MAX_CATEGORIES
            ),
            format!("{} counts", counts.len()),
        )
        .into());
    }
    let m = UnaryEncoding::new(counts.len() as u32, args::number("epsilon", epsilon)?)?;
    let n = args::count_js("n", n, 1, u32::MAX as usize)?;
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
    #[wasm_bindgen(unchecked_param_type = "number")] rounds: &JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "RegretOptions")] options: &JsValue,
) -> Result<Float64Array, JsError> {
    let rates = args::f64_vec("rates", rates)?;
    let rounds = args::count_js("rounds", rounds, 1, 10_000_000)?;
    let mut known = MAB_KEYS.to_vec();
    known.push("envSeed");
    let opts: MabOpts = args::options("options", options, &known)?;
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
    #[wasm_bindgen(unchecked_param_type = "number")] users: &JsValue,
    #[wasm_bindgen(unchecked_param_type = "number")] epsilon: &JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "LdpFleetOptions")] options: &JsValue,
) -> Result<JsValue, JsError> {
    let truth = args::f64_vec("truth", truth)?;
    let users = args::count_js("users", users, 1, 10_000_000)?;
    let epsilon = args::number("epsilon", epsilon)?;
    let o: FleetOpts = args::options("options", options, &["oracle", "seed"])?;
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

/// The checked options of the off-policy functions.
fn ope_settings(options: &JsValue) -> Result<OpeSettings> {
    let o: OpeOpts = args::options(
        "options",
        options,
        &["level", "ridgeAlpha", "bootstrap", "seed"],
    )?;
    let d = OpeSettings::default();
    OpeSettings {
        level: o.level.unwrap_or(d.level),
        ridge_alpha: o.ridge_alpha.unwrap_or(d.ridge_alpha),
        bootstrap: match o.bootstrap {
            None => 0,
            Some(b) => args::count("options.bootstrap", b, 0, 100_000)?,
        },
        seed: args::safe_u64("options.seed", o.seed.unwrap_or(0.0))?,
    }
    .check()
    .map_err(js_names)
}

fn target_policy(v: &JsValue, logs: &Logs) -> Result<EvalPolicy> {
    let (n_actions, len_list) = (logs.n_actions(), logs.len_list());
    let expected = "\"uniform\", {actionDistCsv, campaign} or {probs}";
    if let Some(s) = v.as_string() {
        if s == "uniform" {
            return EvalPolicy::uniform(n_actions, len_list);
        }
        return Err(Error::invalid("evalPolicy", expected, format!("\"{s}\"")));
    }
    let obj = args::plain_object("evalPolicy", v, &["actionDistCsv", "campaign", "probs"])?
        .ok_or_else(|| Error::invalid("evalPolicy", expected, args::describe(v)))?;
    let probs = args::get(&obj, "probs");
    if !probs.is_undefined() {
        let probs = args::f64_vec("evalPolicy.probs", &probs)?;
        // One table per round (obp's action_dist) when the length says so, else one shared table.
        let per_round = logs
            .len()
            .checked_mul(n_actions)
            .and_then(|x| x.checked_mul(len_list));
        let pi = if per_round == Some(probs.len()) && logs.len() > 1 {
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

fn estimate(e: &ope::ReportEstimate) -> JsValue {
    let (lo, hi) = e.boot.unwrap_or((f64::NAN, f64::NAN));
    let x = &e.estimate;
    object(&[
        ("value", JsValue::from_f64(x.value)),
        ("stdErr", JsValue::from_f64(x.std_err)),
        ("ciLow", JsValue::from_f64(x.ci_low)),
        ("ciHigh", JsValue::from_f64(x.ci_high)),
        ("n", JsValue::from_f64(x.n as f64)),
        ("bootLow", JsValue::from_f64(lo)),
        ("bootHigh", JsValue::from_f64(hi)),
    ])
}

fn report(r: &OpeReport) -> JsValue {
    let model = |i: usize| {
        r.model_based
            .as_ref()
            .map_or(JsValue::NULL, |m| estimate(&m[i]))
    };
    object(&[
        ("rounds", JsValue::from_f64(r.rounds as f64)),
        ("nActions", JsValue::from_f64(r.n_actions as f64)),
        ("lenList", JsValue::from_f64(r.len_list as f64)),
        ("dimContext", JsValue::from_f64(r.dim_context as f64)),
        ("level", JsValue::from_f64(r.level)),
        ("onPolicy", estimate(&r.on_policy)),
        ("ips", estimate(&r.ips)),
        ("snips", estimate(&r.snips)),
        ("dm", model(0)),
        ("dr", model(1)),
        ("sndr", model(2)),
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
    #[wasm_bindgen(unchecked_optional_param_type = "OffPolicyOptions")] options: &JsValue,
) -> Result<JsValue, JsError> {
    let log_csv = args::string("logCsv", log_csv)?;
    let item_csv = args::string("itemContextCsv", item_context_csv)?;
    let settings = ope_settings(options)?;
    let d = ObdLogs::parse(&log_csv, &item_csv)?;
    let pi = target_policy(eval_policy, &d.logs)?;
    let features = RewardFeatures {
        contexts: &d.contexts,
        dim_context: d.dim_context,
        action_context: Some((&d.action_context, d.dim_action)),
    };
    Ok(report(&ope::report(
        &d.logs,
        &pi,
        Some(features),
        &settings,
    )?))
}

/// Renames the core's argument names to the JS keys of `logs`.
fn logs_names(e: Error) -> Error {
    match e {
        Error::InvalidArgument { arg, expected, got } => {
            let arg = match arg.as_str() {
                "n_actions" => "nActions".to_string(),
                "len_list" => "lenList".to_string(),
                "action_context" => "actionContext".to_string(),
                "logs" => return Error::InvalidArgument { arg, expected, got },
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
    #[wasm_bindgen(unchecked_optional_param_type = "OffPolicyOptions")] options: &JsValue,
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
    let count = |k: &str, default: Option<usize>, max: usize| -> Result<usize> {
        match (get(k), default) {
            (v, Some(d)) if v.is_undefined() => Ok(d),
            (v, _) => args::count_js(&format!("logs.{k}"), &v, 1, max),
        }
    };
    let optional = |k: &str| Some(get(k)).filter(|v| !v.is_undefined());
    let actions = args::u32_vec("logs.actions", &get("actions"))?;
    let positions = optional("positions")
        .map(|v| args::u32_vec("logs.positions", &v))
        .transpose()?;
    let rewards = args::f64_vec("logs.rewards", &get("rewards"))?;
    let pscores = args::f64_vec("logs.pscores", &get("pscores"))?;
    let n_actions = count("nActions", None, limits::MAX_ACTIONS)?;
    let len_list = count("lenList", Some(1), limits::MAX_ELEMENTS)?;
    let logs =
        Logs::new(actions, positions, rewards, pscores, n_actions, len_list).map_err(logs_names)?;
    let settings = ope_settings(options)?;
    let pi = target_policy(eval_policy, &logs)?;
    let contexts = optional("contexts")
        .map(|v| args::f64_vec("logs.contexts", &v))
        .transpose()?;
    let action_context = match optional("actionContext") {
        None => None,
        Some(v) => Some((
            args::f64_vec("logs.actionContext", &v)?,
            count("dimAction", None, limits::MAX_CONTEXT_DIM)?,
        )),
    };
    let features = match &contexts {
        Some(c) => Some(RewardFeatures {
            contexts: c,
            dim_context: count("dimContext", None, limits::MAX_CONTEXT_DIM)?,
            action_context: action_context.as_ref().map(|(a, d)| (a.as_slice(), *d)),
        }),
        None if action_context.is_some() => {
            return Err(Error::invalid(
                "logs.contexts",
                "contexts (with dimContext) when actionContext is given",
                "undefined",
            )
            .into())
        }
        None => None,
    };
    let r = ope::report(&logs, &pi, features, &settings).map_err(|e| match &e {
        Error::InvalidArgument { arg, .. }
            if matches!(arg.as_str(), "contexts" | "action_context" | "logs") =>
        {
            logs_names(e)
        }
        _ => e,
    })?;
    Ok(report(&r))
}
