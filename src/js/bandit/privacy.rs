//! JS bindings of local differential privacy: the budget with its mechanisms, the decoders and
//! the fleet simulation.

use super::super::args::{self, object};
use super::super::obj::Obj;
use super::{arm_id, numbers, state_bytes};
use crate::bandit::privacy::{
    self, BudgetConfig, FrequencyEstimate, GaussianMechanism, LaplaceMechanism, RandomizedResponse,
    UnaryEncoding,
};
use crate::bandit::saved::SavedState;
#[cfg(feature = "bandit-eval")]
use crate::bandit::simulate::{self, LdpFleetConfig};
use crate::error::{Error, Result};
use crate::limits;
use crate::options::OptionSet;
use crate::rng::{seeded, Rng};
use js_sys::{Array, Float64Array, Uint8Array};
use wasm_bindgen::prelude::*;

#[cfg(feature = "bandit-eval")]
#[wasm_bindgen(typescript_custom_section)]
const TS_FLEET_OPTIONS: &str = LdpFleetConfig::TS;
#[wasm_bindgen(typescript_custom_section)]
const TS_BUDGET_OPTIONS: &str = BudgetConfig::TS;

#[wasm_bindgen(typescript_custom_section)]
const TS_PRIVACY: &str = r#"
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
"#;

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
        let o: BudgetConfig = args::option_set("options", options, &[])?;
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
        let o: BudgetConfig = args::option_set("options", options, &[])?;
        if o.delta.is_some() {
            // The δ of an imported budget is the saved one.
            return Err(
                Error::invalid("options", "only the key seed", "unknown key `delta`").into(),
            );
        }
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
    let counts = numbers("ones", ones, limits::MAX_CATEGORIES)?
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

/// What an aggregator learns when `users` pages, each holding one category drawn from `truth`
/// (shares summing to 1), report it once through an LDP frequency oracle at privacy `epsilon`.
#[cfg(feature = "bandit-eval")]
#[wasm_bindgen(js_name = simulateLdpFleet, unchecked_return_type = "FrequencyEstimate")]
pub fn simulate_ldp_fleet(
    #[wasm_bindgen(unchecked_param_type = "Float64Array | number[]")] truth: &JsValue,
    #[wasm_bindgen(unchecked_param_type = "number")] users: &JsValue,
    #[wasm_bindgen(unchecked_param_type = "number")] epsilon: &JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "LdpFleetOptions")] options: &JsValue,
) -> Result<JsValue, JsError> {
    let truth = numbers("truth", truth, limits::MAX_CATEGORIES)?;
    let users = args::count_js("users", users, 1, 10_000_000)?;
    let epsilon = args::number("epsilon", epsilon)?;
    let (oracle, seed) = args::option_set::<LdpFleetConfig>("options", options, &[])?.check()?;
    Ok(frequency(&simulate::ldp_fleet(
        &truth, users, epsilon, oracle, seed,
    )?))
}
