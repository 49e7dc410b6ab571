//! JS bindings for A/B test statistics: the A/B summary, z and Welch tests, planning, SRM.

use super::super::args::{self, get, number, plain, record};
use super::safe_count;
use crate::error::{Error, Result};
use crate::experiment::{
    self as ex, AbTestConfig, BetaPriorConfig, Counts, PlanConfig, SrmConfig, TestConfig,
};
use crate::options::OptionSet;
use wasm_bindgen::prelude::*;

// The option interfaces come from their one definition (crate::options::option_set!).
#[wasm_bindgen(typescript_custom_section)]
const TS_AB_OPTIONS: &str = AbTestConfig::TS;
#[wasm_bindgen(typescript_custom_section)]
const TS_PRIOR_OPTIONS: &str = BetaPriorConfig::TS;
#[wasm_bindgen(typescript_custom_section)]
const TS_TEST_OPTIONS: &str = TestConfig::TS;
#[wasm_bindgen(typescript_custom_section)]
const TS_PLAN_OPTIONS: &str = PlanConfig::TS;
#[wasm_bindgen(typescript_custom_section)]
const TS_SRM_OPTIONS: &str = SrmConfig::TS;

fn counts(arg: &str, v: &JsValue) -> Result<Counts> {
    let obj = record(arg, v, &["conversions", "visitors"])?;
    let count = |key: &str| safe_count(&format!("{arg}.{key}"), &get(obj, key));
    Ok(Counts::new(count("conversions")?, count("visitors")?))
}

fn arms(test: &JsValue) -> Result<(Counts, Counts)> {
    let obj = record("test", test, &["a", "b"])?;
    Ok((
        counts("test.a", &get(obj, "a"))?,
        counts("test.b", &get(obj, "b"))?,
    ))
}

const TEST_NAMES: [(&str, &str); 8] = [
    ("level", "options.level"),
    ("srm_alpha", "options.srmAlpha"),
    ("split.weights", "options.split"),
    ("prior", "options.prior"),
    ("alpha", "options.alpha"),
    ("a, b", "test"),
    ("a", "test.a"),
    ("b", "test.b"),
];

/// Reads an A/B test from conversion counts, `{ a: { conversions, visitors }, b: { … } }`:
/// two-proportion z-test with an interval for B − A, Beta-Binomial P(B > A) and expected
/// losses, a sample ratio mismatch check against `options.split`, and a verdict.
#[wasm_bindgen(js_name = abTest, unchecked_return_type = "AbTestResult")]
pub fn ab_test(
    #[wasm_bindgen(unchecked_param_type = "{ a: ArmCounts; b: ArmCounts }")] test: &JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "AbTestOptions")] options: &JsValue,
) -> Result<JsValue, JsError> {
    let (a, b) = arms(test)?;
    let opts = args::option_set::<AbTestConfig>("options", options, &[])?.check()?;
    let s = ex::ab_summary(a, b, &opts).map_err(|e| e.renamed(&TEST_NAMES))?;
    Ok(plain(&s)?)
}

/// Two-proportion z-test of B against A from `{ a: { conversions, visitors }, b: { … } }`.
#[wasm_bindgen(js_name = proportionTest, unchecked_return_type = "ProportionTest")]
pub fn proportion_test(
    #[wasm_bindgen(unchecked_param_type = "{ a: ArmCounts; b: ArmCounts }")] test: &JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "TestOptions")] options: &JsValue,
) -> Result<JsValue, JsError> {
    let (a, b) = arms(test)?;
    let (level, alt) = args::option_set::<TestConfig>("options", options, &[])?.check()?;
    let r = ex::two_proportion_ztest(a, b, level, alt).map_err(|e| e.renamed(&TEST_NAMES))?;
    Ok(plain(&r)?)
}

/// Welch's t-test of B against A on raw observations (e.g. revenue per visitor).
#[wasm_bindgen(js_name = welchTest, unchecked_return_type = "WelchTest")]
pub fn welch_test(
    #[wasm_bindgen(unchecked_param_type = "Numbers")] a: &JsValue,
    #[wasm_bindgen(unchecked_param_type = "Numbers")] b: &JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "TestOptions")] options: &JsValue,
) -> Result<JsValue, JsError> {
    let a = args::f64_vec("a", a)?;
    let b = args::f64_vec("b", b)?;
    let (level, alt) = args::option_set::<TestConfig>("options", options, &[])?.check()?;
    let r = ex::welch_ttest(&a, &b, level, alt)
        .map_err(|e| e.renamed(&[("level", "options.level"), ("a.var, b.var", "a, b")]))?;
    Ok(plain(&r)?)
}

enum Effect {
    Rates(f64, f64),
    Means(f64, f64),
}

fn effect(v: &JsValue) -> Result<Effect> {
    let obj = record("effect", v, &["rateA", "rateB", "delta", "sd"])?;
    let has = |k: &str| !get(obj, k).is_undefined();
    let num = |k: &str| number(&format!("effect.{k}"), &get(obj, k));
    // Both fields are read; when both are bad, the one that was given is named (a bad `rateB`
    // next to a missing `rateA` is reported as the bad `rateB`).
    let pair = |a: &str, b: &str| match (num(a), num(b)) {
        (Ok(x), Ok(y)) => Ok((x, y)),
        (Err(e), Ok(_)) | (Ok(_), Err(e)) => Err(e),
        (Err(ea), Err(eb)) => Err(if has(a) { ea } else { eb }),
    };
    if has("rateA") || has("rateB") {
        pair("rateA", "rateB").map(|(a, b)| Effect::Rates(a, b))
    } else if has("delta") || has("sd") {
        pair("delta", "sd").map(|(d, s)| Effect::Means(d, s))
    } else {
        Err(Error::invalid(
            "effect",
            "{ rateA, rateB } or { delta, sd }",
            "neither",
        ))
    }
}

const PLAN_NAMES: [(&str, &str); 8] = [
    ("rate_a", "effect.rateA"),
    ("rate_b", "effect.rateB"),
    ("delta", "effect.delta"),
    ("sd", "effect.sd"),
    ("alpha", "options.alpha"),
    ("power", "options.power"),
    ("ratio", "options.ratio"),
    ("n_a", "nA"),
];

/// Visitors per arm needed to detect `effect` — conversion rates `{ rateA, rateB }` or a
/// difference of means `{ delta, sd }` — with `options.power` (default 0.8) at significance
/// `options.alpha` (default 0.05), normal approximation.
#[wasm_bindgen(js_name = sampleSize, unchecked_return_type = "SampleSize")]
pub fn sample_size(
    #[wasm_bindgen(unchecked_param_type = "Effect")] effect: &JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "PlanOptions")] options: &JsValue,
) -> Result<JsValue, JsError> {
    let e = self::effect(effect)?;
    let p = args::option_set::<PlanConfig>("options", options, &[])?.check(false)?;
    let (alpha, power, ratio, alt) = (p.alpha, p.power, p.ratio, p.alternative);
    if let Effect::Rates(a, b) = e {
        if a == b {
            return Err(Error::invalid("effect.rateB", "a rate different from rateA", b).into());
        }
    }
    let r = match e {
        Effect::Rates(a, b) => ex::sample_size_proportions(a, b, alpha, power, ratio, alt),
        Effect::Means(d, sd) => ex::sample_size_means(d, sd, alpha, power, ratio, alt),
    }
    .map_err(|e| e.renamed(&PLAN_NAMES))?;
    Ok(plain(&r)?)
}

/// Power to detect `effect` (as in `sampleSize`) with `nA` visitors in A and `ratio · nA` in B.
#[wasm_bindgen]
pub fn power(
    #[wasm_bindgen(unchecked_param_type = "Effect")] effect: &JsValue,
    #[wasm_bindgen(js_name = nA, unchecked_param_type = "number")] n_a: &JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "PlanOptions")] options: &JsValue,
) -> Result<f64, JsError> {
    let e = self::effect(effect)?;
    let n_a = number("nA", n_a)?;
    let p = args::option_set::<PlanConfig>("options", options, &[])?.check(true)?;
    let (alpha, ratio, alt) = (p.alpha, p.ratio, p.alternative);
    Ok(match e {
        Effect::Rates(a, b) => ex::power_proportions(a, b, n_a, alpha, ratio, alt),
        Effect::Means(d, sd) => ex::power_means(d, sd, n_a, alpha, ratio, alt),
    }
    .map_err(|e| e.renamed(&PLAN_NAMES))?)
}

/// Sample ratio mismatch: chi-square test of visitors per arm against the designed split
/// `weights` (e.g. `[1, 1]`); `options.alpha` is the warning threshold (default 0.001).
#[wasm_bindgen(js_name = srmCheck, unchecked_return_type = "SrmCheck")]
pub fn srm_check(
    #[wasm_bindgen(unchecked_param_type = "Numbers")] observed: &JsValue,
    #[wasm_bindgen(unchecked_param_type = "Numbers")] weights: &JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "SrmOptions")] options: &JsValue,
) -> Result<JsValue, JsError> {
    let obs = args::f64_vec("observed", observed)?
        .iter()
        .enumerate()
        .map(|(i, &x)| args::safe_u64(&format!("observed[{i}]"), x))
        .collect::<Result<Vec<u64>>>()?;
    let w = args::f64_vec("weights", weights)?;
    let alpha = args::option_set::<SrmConfig>("options", options, &[])?.check()?;
    let r = ex::sample_ratio_mismatch(&obs, &w, alpha)
        .map_err(|e| e.renamed(&[("alpha", "options.alpha")]))?;
    Ok(plain(&r)?)
}
