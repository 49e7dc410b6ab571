//! JS bindings for the bandit engine: multi-armed and linear contextual bandits with saved
//! state ([`privacy`]: local differential privacy; [`ope`]: off-policy evaluation).
//!
//! Decision ids are JS numbers: they count decisions from 0, so they stay exact integers (below
//! 2^53) for any realistic page; `reward` refuses anything that is not a whole number in
//! [0, 2^53 − 1].

#[cfg(feature = "bandit-eval")]
mod ope;
mod privacy;

#[cfg(feature = "bandit-eval")]
pub use ope::{evaluate_logged_feedback, evaluate_off_policy};
#[cfg(feature = "bandit-eval")]
pub use privacy::simulate_ldp_fleet;
pub use privacy::{
    decode_randomized_response, decode_unary_encoding, estimate_mean, JsPrivacyBudget,
};

use super::args::{self, object};
use super::obj::Obj;
#[cfg(feature = "bandit-eval")]
use crate::bandit::config::RegretConfig;
use crate::bandit::config::{js_name, LinearConfig, MabConfig};
use crate::bandit::saved::SavedState;
#[cfg(feature = "bandit-eval")]
use crate::bandit::simulate;
use crate::bandit::{Decision, LinearBandit as CoreLinear, MultiArmed};
use crate::error::{Error, Result};
use crate::limits;
use crate::num::Num;
use crate::options::OptionSet;
use js_sys::{Float64Array, Uint32Array, Uint8Array};
use wasm_bindgen::prelude::*;

// The option interfaces come from their one definition (crate::options::option_set!).
#[wasm_bindgen(typescript_custom_section)]
const TS_BANDIT_OPTIONS: &str = MabConfig::TS;
#[cfg(feature = "bandit-eval")]
#[wasm_bindgen(typescript_custom_section)]
const TS_REGRET_OPTIONS: &str = RegretConfig::TS;
#[wasm_bindgen(typescript_custom_section)]
const TS_LINEAR_OPTIONS: &str = LinearConfig::TS;

#[wasm_bindgen(typescript_custom_section)]
const TS_BANDIT: &str = r#"
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
"#;

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
fn decision_id_arg(v: &JsValue) -> Result<u64> {
    args::safe_u64_js("decisionId", v)
}

/// Fails when the array-like `v` announces more than `max` elements, before any is read (a
/// sparse `Array(2^27)` would otherwise be read element by element).
fn at_most(arg: &str, v: &JsValue, max: usize) -> Result<()> {
    match args::get(v, "length").as_f64() {
        Some(n) if n > max as f64 => Err(Error::invalid(
            arg,
            format!("at most {max} values"),
            format!("{} values", Num(n)),
        )),
        _ => Ok(()),
    }
}

/// Numbers from an array of at most `max` of them.
fn numbers(arg: &str, v: &JsValue, max: usize) -> Result<Vec<f64>> {
    at_most(arg, v, max)?;
    args::f64_vec(arg, v)
}

/// Arm ids, at most [`limits::MAX_ARMS`] of them.
fn arm_ids_arg(v: &JsValue) -> Result<Vec<u32>> {
    at_most("arms", v, limits::MAX_ARMS)?;
    args::u32_vec("arms", v)
}

/// A saved-state document.
fn state_bytes(v: &JsValue) -> Result<Vec<u8>> {
    args::bytes("bytes", v)
}

const MAB: &str = "MultiArmedBandit";

/// A non-contextual multi-armed bandit (ε-greedy, UCB1, Beta/Gaussian Thompson sampling,
/// softmax) over a catalog of arm ids that may change at run time. Call `free()` when done.
#[wasm_bindgen]
pub struct MultiArmedBandit {
    obj: Obj,
}

#[wasm_bindgen]
impl MultiArmedBandit {
    /// A bandit over distinct arm ids (may be empty, then filled with `addArm`).
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_param_type = "Uint32Array | number[]")] arms: &JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "BanditOptions")] options: &JsValue,
    ) -> Result<MultiArmedBandit, JsError> {
        let arms = arm_ids_arg(arms)?;
        let opts: MabConfig = args::option_set("options", options, &[])?;
        let core = MultiArmed::new(&arms, opts.check()?).map_err(js_name)?;
        Ok(MultiArmedBandit {
            obj: Obj::new(MAB, core),
        })
    }

    /// The policy's name, e.g. `"thompson"`.
    #[wasm_bindgen(getter)]
    pub fn policy(&self) -> Result<String, JsError> {
        self.with(|b| Ok(MabConfig::policy_name(&b.options().policy).to_string()))
    }

    /// Picks an arm and opens a decision awaiting its reward.
    #[wasm_bindgen(unchecked_return_type = "BanditDecision")]
    pub fn choose(&self) -> Result<JsValue, JsError> {
        Ok(decision(self.with_mut(|b| b.choose())?))
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
}

const LIN: &str = "LinearBandit";

/// A linear contextual bandit (disjoint LinUCB or linear Thompson sampling) over `Float64Array`
/// contexts of a fixed length `dim`. Call `free()` when done.
#[wasm_bindgen(js_name = LinearBandit)]
pub struct JsLinearBandit {
    obj: Obj,
}

#[wasm_bindgen(js_class = LinearBandit)]
impl JsLinearBandit {
    /// A bandit over distinct arm ids; `options.dim` (the context length) is required.
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_param_type = "Uint32Array | number[]")] arms: &JsValue,
        #[wasm_bindgen(unchecked_param_type = "LinearBanditOptions")] options: &JsValue,
    ) -> Result<JsLinearBandit, JsError> {
        let arms = arm_ids_arg(arms)?;
        if options.is_undefined() || options.is_null() {
            return Err(Error::invalid(
                "options",
                "an options object with the context length `dim`",
                args::describe(options),
            )
            .into());
        }
        let opts: LinearConfig = args::option_set("options", options, &[])?;
        let core = CoreLinear::new(&arms, opts.check()?).map_err(js_name)?;
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
        self.with(|b| Ok(LinearConfig::policy_name(&b.options().policy).into()))
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
        let x = numbers("context", context, limits::MAX_CONTEXT_DIM)?;
        Ok(decision(self.with_mut(|b| b.choose(&x))?))
    }

    /// Picks an arm when each arm has its own features: `contexts` is row-major, one row of
    /// length `dim` per live arm in `armIds()` order.
    #[wasm_bindgen(js_name = choosePerArm, unchecked_return_type = "BanditDecision")]
    pub fn choose_per_arm(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Float64Array | number[]")] contexts: &JsValue,
    ) -> Result<JsValue, JsError> {
        let max = self.with(|b| Ok(b.arm_ids().len() * b.options().dim))?;
        let x = numbers("contexts", contexts, max)?;
        Ok(decision(self.with_mut(|b| b.choose_per_arm(&x))?))
    }

    /// Records a reward for `arm` shown in `context`, without a decision id.
    pub fn update(
        &self,
        #[wasm_bindgen(unchecked_param_type = "number")] arm: &JsValue,
        #[wasm_bindgen(unchecked_param_type = "Float64Array | number[]")] context: &JsValue,
        #[wasm_bindgen(unchecked_param_type = "number")] reward: &JsValue,
    ) -> Result<(), JsError> {
        let arm = arm_id("arm", arm)?;
        let x = numbers("context", context, limits::MAX_CONTEXT_DIM)?;
        let r = args::number("reward", reward)?;
        self.with_mut(|b| b.update(arm, &x, r))
    }

    /// Each live arm's score for `context` without drawing (LinUCB bound, or posterior mean).
    pub fn scores(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Float64Array | number[]")] context: &JsValue,
    ) -> Result<Float64Array, JsError> {
        let x = numbers("context", context, limits::MAX_CONTEXT_DIM)?;
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
}

/// The methods both bandit classes share: state access, delayed rewards, the arm catalog and
/// saved state.
macro_rules! bandit_common {
    ($class:ident, $core:ty, $name:expr, $($js_class:tt)*) => {
        impl $class {
            fn with<R>(&self, f: impl FnOnce(&$core) -> Result<R>) -> Result<R, JsError> {
                Ok(self.obj.with($name, f)?)
            }
            fn with_mut<R>(&self, f: impl FnOnce(&mut $core) -> Result<R>) -> Result<R, JsError> {
                Ok(self.obj.with_mut($name, f)?)
            }
        }

        #[wasm_bindgen($($js_class)*)]
        impl $class {
            /// Reports the reward of a decision (each decision at most once; an error leaves
            /// it open). Thompson and UCB1 take rewards in [0, 1] (clicks); the other policies
            /// any finite number. A linear bandit uses the context stored with the decision.
            pub fn reward(
                &self,
                #[wasm_bindgen(js_name = decisionId, unchecked_param_type = "number")]
                decision_id: &JsValue,
                #[wasm_bindgen(unchecked_param_type = "number")] reward: &JsValue,
            ) -> Result<(), JsError> {
                let (id, r) = (decision_id_arg(decision_id)?, args::number("reward", reward)?);
                self.with_mut(|b| b.reward(id, r))
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

            /// The whole state (options, arms, open decisions) as a versioned, checksummed
            /// document for localStorage/IndexedDB; importing it reproduces the bandit exactly.
            #[wasm_bindgen(js_name = exportState)]
            pub fn export_state(&self) -> Result<Uint8Array, JsError> {
                Ok(Uint8Array::from(self.with(|b| Ok(b.export_state()))?.as_slice()))
            }

            /// A bandit rebuilt from `exportState` output; throws on corrupt, truncated,
            /// wrong-version, wrong-kind or meaningless documents.
            #[wasm_bindgen(js_name = importState)]
            pub fn import_state(
                #[wasm_bindgen(unchecked_param_type = "Uint8Array | ArrayBuffer")] bytes: &JsValue,
            ) -> Result<$class, JsError> {
                let core = <$core>::import_state(&state_bytes(bytes)?)?;
                Ok($class {
                    obj: Obj::new($name, core),
                })
            }

            /// Replaces this bandit's state with a saved one (a linear bandit's must have the
            /// same `dim`); on any error the live bandit is untouched.
            #[wasm_bindgen(js_name = loadState)]
            pub fn load_state(
                &self,
                #[wasm_bindgen(unchecked_param_type = "Uint8Array | ArrayBuffer")] bytes: &JsValue,
            ) -> Result<(), JsError> {
                let doc = state_bytes(bytes)?;
                self.with_mut(|b| b.load_state(&doc))
            }
        }
    };
}

bandit_common!(MultiArmedBandit, MultiArmed, MAB,);
bandit_common!(JsLinearBandit, CoreLinear, LIN, js_class = LinearBandit);

/// Cumulative pseudo-regret after each of `rounds` rounds of a policy on Bernoulli arms with
/// success rates `rates` (arm ids `0..rates.length`); `options.envSeed` seeds the clicks.
#[cfg(feature = "bandit-eval")]
#[wasm_bindgen(js_name = simulateRegret)]
pub fn simulate_regret(
    #[wasm_bindgen(unchecked_param_type = "Float64Array | number[]")] rates: &JsValue,
    #[wasm_bindgen(unchecked_param_type = "number")] rounds: &JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "RegretOptions")] options: &JsValue,
) -> Result<Float64Array, JsError> {
    let rates = numbers("rates", rates, limits::MAX_ARMS)?;
    let rounds = args::count_js("rounds", rounds, 1, 10_000_000)?;
    let opts: MabConfig = args::option_set("options", options, RegretConfig::KEYS)?;
    let env: RegretConfig = args::option_set("options", options, MabConfig::KEYS)?;
    let env_seed = args::safe_u64("options.envSeed", env.env_seed.unwrap_or(0.0))?;
    let out = simulate::bernoulli_regret(opts.check()?, &rates, rounds, env_seed)?;
    Ok(Float64Array::from(out.as_slice()))
}
