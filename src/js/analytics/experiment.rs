//! JS bindings for A/B test statistics: the A/B summary, z and Welch tests, planning, SRM.

use super::super::args::{self, field, get, number, plain, record};
use super::{opt_choice, opt_number, safe_count};
use crate::error::{Error, Result};
use crate::experiment::{self as ex, AbOptions, Alternative, BetaPrior, Counts};
use js_sys::Object;
use wasm_bindgen::prelude::*;

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
    let o = args::plain_object("options", options, &["level", "srmAlpha", "split", "prior"])?;
    let mut opts = AbOptions::default();
    opts.level = opt_number(&o, "level")?.unwrap_or(opts.level);
    opts.srm_alpha = opt_number(&o, "srmAlpha")?.unwrap_or(opts.srm_alpha);
    if let Some(prior) = field(&o, "prior", |arg, v| {
        let p = record(arg, v, &["alpha", "beta"])?;
        let alpha = number(&format!("{arg}.alpha"), &get(p, "alpha"))?;
        let beta = number(&format!("{arg}.beta"), &get(p, "beta"))?;
        Ok(BetaPrior { alpha, beta })
    })? {
        opts.prior = prior;
    }
    if let Some(split) = field(&o, "split", |arg, v| {
        let n = get(v, "length").as_f64().unwrap_or(f64::NAN);
        if !(args::is_array(v) && n == 2.0) {
            return Err(Error::invalid(arg, "two weights [a, b]", args::describe(v)));
        }
        args::f64_vec(arg, v)
    })? {
        opts.split = (split[0], split[1]);
    }
    let s = ex::ab_summary(a, b, &opts).map_err(|e| e.renamed(&TEST_NAMES))?;
    Ok(plain(&s)?)
}

fn alternative(o: &Option<Object>) -> Result<Alternative> {
    Ok(
        match opt_choice(o, "alternative", &["twoSided", "greater", "less"])?.as_deref() {
            Some("greater") => Alternative::Greater,
            Some("less") => Alternative::Less,
            _ => Alternative::TwoSided,
        },
    )
}

/// The `level` and `alternative` options of `proportionTest` and `welchTest`.
fn test_options(options: &JsValue) -> Result<(f64, Alternative)> {
    let o = args::plain_object("options", options, &["level", "alternative"])?;
    Ok((opt_number(&o, "level")?.unwrap_or(0.95), alternative(&o)?))
}

/// Two-proportion z-test of B against A from `{ a: { conversions, visitors }, b: { … } }`.
#[wasm_bindgen(js_name = proportionTest, unchecked_return_type = "ProportionTest")]
pub fn proportion_test(
    #[wasm_bindgen(unchecked_param_type = "{ a: ArmCounts; b: ArmCounts }")] test: &JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "TestOptions")] options: &JsValue,
) -> Result<JsValue, JsError> {
    let (a, b) = arms(test)?;
    let (level, alt) = test_options(options)?;
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
    let (level, alt) = test_options(options)?;
    let r = ex::welch_ttest(&a, &b, level, alt)
        .map_err(|e| e.renamed(&[("level", "options.level"), ("a.var, b.var", "a, b")]))?;
    Ok(plain(&r)?)
}

/// The options of `sampleSize` (with `power`) and `power` (without): alpha, power, ratio
/// and the alternative.
fn plan_options(options: &JsValue, keys: &[&str]) -> Result<(f64, f64, f64, Alternative)> {
    let o = args::plain_object("options", options, keys)?;
    Ok((
        opt_number(&o, "alpha")?.unwrap_or(0.05),
        opt_number(&o, "power")?.unwrap_or(0.8),
        opt_number(&o, "ratio")?.unwrap_or(1.0),
        alternative(&o)?,
    ))
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
    let (alpha, power, ratio, alt) =
        plan_options(options, &["alpha", "power", "ratio", "alternative"])?;
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
    let (alpha, _, ratio, alt) = plan_options(options, &["alpha", "ratio", "alternative"])?;
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
    #[wasm_bindgen(unchecked_optional_param_type = "{ alpha?: number }")] options: &JsValue,
) -> Result<JsValue, JsError> {
    let obs = args::f64_vec("observed", observed)?
        .iter()
        .enumerate()
        .map(|(i, &x)| args::safe_u64(&format!("observed[{i}]"), x))
        .collect::<Result<Vec<u64>>>()?;
    let w = args::f64_vec("weights", weights)?;
    let o = args::plain_object("options", options, &["alpha"])?;
    let r = ex::sample_ratio_mismatch(&obs, &w, opt_number(&o, "alpha")?.unwrap_or(0.001))
        .map_err(|e| e.renamed(&[("alpha", "options.alpha")]))?;
    Ok(plain(&r)?)
}
