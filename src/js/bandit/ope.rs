//! JS bindings of off-policy evaluation: argument reading and the report's JS shape; the
//! estimators and the report live in [`crate::bandit::ope`].

use super::super::args::{self, object};
use crate::bandit::ope::{
    self, BootstrapMethod, EvalPolicy, Logs, ObdLogs, OpeConfig, OpeReport, OpeSettings,
    RewardFeatures, RewardModel,
};
use crate::error::{Error, Result};
use crate::limits;
use crate::options::OptionSet;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TS_OPE_OPTIONS: &str = OpeConfig::TS;

#[wasm_bindgen(typescript_custom_section)]
const TS_OPE: &str = r#"
/**
 * The evaluation policy: "uniform"; or an action-distribution CSV (columns campaign, item_id,
 * position, prob; positions 1-based, as obp's) and a campaign; or `probs[action * lenList + position]`
 * shared by every round, or `probs[(round * nActions + action) * lenList + position]` per round.
 */
export type OffPolicyTarget =
  | "uniform"
  | { actionDistCsv: string; campaign: string }
  | { probs: Float64Array | number[] };
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
  /** Direct method with the reward model (`rewardModel`); null without one. */
  dm: OffPolicyEstimate | null;
  dr: OffPolicyEstimate | null;
  sndr: OffPolicyEstimate | null;
  /** Switch-DR at `switchLambda`. */
  switchDr: OffPolicyEstimate | null;
  /** DR with optimistic shrinkage at `drosLambda`. */
  drOs: OffPolicyEstimate | null;
  /** "ridge" (obp's RegressionModel, one ridge per position, fitted here), "external" (`options.qHat`) or "none". */
  rewardModel: "ridge" | "external" | "none";
  /** How the bootstrap resampled SNIPS and SNDR (`options.bootstrapMethod`). */
  bootstrapMethod: "renormalized" | "obp";
  /** Switch-DR's λ as used; Infinity (the default) means no switching: Switch-DR equals DR. */
  switchLambda: number;
  /** DR-os's λ as used; Infinity means no shrinkage: DR-os equals DR. */
  drosLambda: number;
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

/// The checked options of the off-policy functions, and `options.qHat` when given.
fn ope_settings(options: &JsValue) -> Result<(OpeSettings, Option<Vec<f64>>)> {
    let o = args::option_set::<OpeConfig>("options", options, &[])?;
    Ok((o.check()?, o.q_hat))
}

/// Names `q_hat` errors of the core by their JS name.
fn q_hat_name(e: Error) -> Error {
    match e {
        Error::InvalidArgument { arg, expected, got } if arg == "q_hat" => Error::InvalidArgument {
            arg: "options.qHat".into(),
            expected,
            got,
        },
        other => other,
    }
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
            .map_or(JsValue::NULL, |m| estimate(&m.all()[i]))
    };
    let method = match r.settings.bootstrap_method {
        BootstrapMethod::Renormalized => "renormalized",
        BootstrapMethod::Obp => "obp",
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
        ("switchDr", model(3)),
        ("drOs", model(4)),
        ("rewardModel", JsValue::from_str(r.reward_model)),
        ("bootstrapMethod", JsValue::from_str(method)),
        ("switchLambda", JsValue::from_f64(r.settings.switch_lambda)),
        ("drosLambda", JsValue::from_f64(r.settings.dros_lambda)),
    ])
}

/// Off-policy evaluation of an Open Bandit Dataset log (`all.csv`-style, with
/// `item_context.csv`) for an evaluation policy: IPS, SNIPS, the direct method with a ridge
/// reward model (or `options.qHat`), DR, SNDR, Switch-DR and DR-os (obp 0.5.7's definitions),
/// each with a normal interval and optionally a percentile-bootstrap one, next to the logging
/// policy's own click rate.
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
    let (settings, q_hat) = ope_settings(options)?;
    let d = ObdLogs::parse(&log_csv, &item_csv)?;
    let pi = target_policy(eval_policy, &d.logs)?;
    let model = match &q_hat {
        Some(q) => RewardModel::External(q),
        None => RewardModel::Ridge(RewardFeatures {
            contexts: &d.contexts,
            dim_context: d.dim_context,
            action_context: Some((&d.action_context, d.dim_action)),
        }),
    };
    Ok(report(
        &ope::report(&d.logs, &pi, Some(model), &settings).map_err(q_hat_name)?,
    ))
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
/// action features) for the direct method's ridge reward model, or `options.qHat`.
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
    let get = |k: &str| args::prop("logs", &obj, k);
    let count = |k: &str, default: Option<usize>, max: usize| -> Result<usize> {
        match (get(k)?, default) {
            (v, Some(d)) if v.is_undefined() => Ok(d),
            (v, _) => args::count_js(&format!("logs.{k}"), &v, 1, max),
        }
    };
    let optional = |k: &str| Ok::<_, Error>(Some(get(k)?).filter(|v| !v.is_undefined()));
    let actions = args::u32_vec("logs.actions", &get("actions")?)?;
    let positions = optional("positions")?
        .map(|v| args::u32_vec("logs.positions", &v))
        .transpose()?;
    let rewards = args::f64_vec("logs.rewards", &get("rewards")?)?;
    let pscores = args::f64_vec("logs.pscores", &get("pscores")?)?;
    let n_actions = count("nActions", None, limits::MAX_ACTIONS)?;
    let len_list = count("lenList", Some(1), limits::MAX_POLICY_ENTRIES)?;
    let logs =
        Logs::new(actions, positions, rewards, pscores, n_actions, len_list).map_err(logs_names)?;
    let (settings, q_hat) = ope_settings(options)?;
    let pi = target_policy(eval_policy, &logs)?;
    let contexts = optional("contexts")?
        .map(|v| args::f64_vec("logs.contexts", &v))
        .transpose()?;
    let action_context = match optional("actionContext")? {
        None => None,
        Some(v) => Some((
            args::f64_vec("logs.actionContext", &v)?,
            count("dimAction", None, limits::MAX_CONTEXT_DIM)?,
        )),
    };
    let features = match (&contexts, &q_hat) {
        (Some(_), Some(_)) => {
            return Err(Error::invalid(
                "options.qHat",
                "either options.qHat or logs.contexts (a reward model to fit), not both",
                "both",
            )
            .into())
        }
        (None, Some(q)) if action_context.is_none() => Some(RewardModel::External(q)),
        (Some(c), None) => Some(RewardModel::Ridge(RewardFeatures {
            contexts: c,
            dim_context: count("dimContext", None, limits::MAX_CONTEXT_DIM)?,
            action_context: action_context.as_ref().map(|(a, d)| (a.as_slice(), *d)),
        })),
        (None, _) if action_context.is_some() => {
            return Err(Error::invalid(
                "logs.contexts",
                "contexts (with dimContext) when actionContext is given",
                "undefined",
            )
            .into())
        }
        (None, _) => None,
    };
    let r = ope::report(&logs, &pi, features, &settings).map_err(|e| match &e {
        Error::InvalidArgument { arg, .. }
            if matches!(arg.as_str(), "contexts" | "action_context" | "logs") =>
        {
            logs_names(e)
        }
        _ => q_hat_name(e),
    })?;
    Ok(report(&r))
}
