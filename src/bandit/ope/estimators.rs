//! The estimators. Each returns the policy value with a normal-approximation confidence interval
//! from the per-round terms (for the self-normalized ones, by the delta method).

use super::logs::{EvalPolicy, Logs};
use crate::error::{check, Error, Result};
use crate::stats::norm_ppf;

/// An estimated policy value with its uncertainty.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Estimate {
    /// The estimated expected reward of the evaluation policy.
    pub value: f64,
    /// Standard error of `value`.
    pub std_err: f64,
    /// Lower end of the central confidence interval at the requested level.
    pub ci_low: f64,
    /// Upper end of the interval.
    pub ci_high: f64,
    /// Rounds the estimate used.
    pub n: usize,
}

impl Estimate {
    fn new(value: f64, std_err: f64, n: usize, level: f64) -> Self {
        let z = norm_ppf(0.5 + level / 2.0);
        Estimate {
            value,
            std_err,
            ci_low: value - z * std_err,
            ci_high: value + z * std_err,
            n,
        }
    }

    /// Mean of the per-round terms, with standard error sd/√n (sample sd, n − 1).
    fn from_terms(terms: &[f64], level: f64) -> Self {
        let n = terms.len();
        let mean = terms.iter().sum::<f64>() / n as f64;
        let se = if n > 1 {
            let var = terms.iter().map(|t| (t - mean) * (t - mean)).sum::<f64>() / (n - 1) as f64;
            (var / n as f64).sqrt()
        } else {
            f64::NAN
        };
        Estimate::new(mean, se, n, level)
    }
}

pub(super) fn prepare(logs: &Logs, policy: &EvalPolicy, level: f64) -> Result<Vec<f64>> {
    check::open_interval("level", level, 0.0, 1.0)?;
    policy.matches(logs)?;
    Ok((0..logs.len())
        .map(|i| {
            let (a, p) = (logs.actions()[i] as usize, logs.positions()[i] as usize);
            policy.prob(i, a, p) / logs.pscores()[i]
        })
        .collect())
}

/// Inverse propensity scoring: mean of wᵢrᵢ, wᵢ = π(aᵢ|i, posᵢ)/pscoreᵢ (obp's `IPW`).
pub fn ips(logs: &Logs, policy: &EvalPolicy, level: f64) -> Result<Estimate> {
    let w = prepare(logs, policy, level)?;
    let terms: Vec<f64> = w.iter().zip(logs.rewards()).map(|(w, r)| w * r).collect();
    Ok(Estimate::from_terms(&terms, level))
}

/// Self-normalized IPS: Σwᵢrᵢ / Σwᵢ (obp's `SNIPW`). Fails when every weight is zero.
pub fn snips(logs: &Logs, policy: &EvalPolicy, level: f64) -> Result<Estimate> {
    let w = prepare(logs, policy, level)?;
    let n = w.len() as f64;
    let w_mean = w.iter().sum::<f64>() / n;
    if w_mean <= 0.0 {
        return Err(no_overlap());
    }
    let value = w
        .iter()
        .zip(logs.rewards())
        .map(|(w, r)| w * r)
        .sum::<f64>()
        / (w_mean * n);
    let resid: Vec<f64> = w
        .iter()
        .zip(logs.rewards())
        .map(|(w, r)| w * (r - value) / w_mean)
        .collect();
    let se = Estimate::from_terms(&resid, level).std_err;
    Ok(Estimate::new(value, se, w.len(), level))
}

pub(super) fn no_overlap() -> Error {
    Error::invalid(
        "policy",
        "an evaluation policy that gives some logged action a positive probability",
        "zero probability for every logged action",
    )
}

pub(super) fn check_q(logs: &Logs, q_hat: &[f64]) -> Result<()> {
    let want = logs.len() * logs.n_actions();
    if q_hat.len() != want {
        return Err(Error::invalid(
            "q_hat",
            format!(
                "rounds × actions = {}×{} = {want} values",
                logs.len(),
                logs.n_actions()
            ),
            format!("{} values", q_hat.len()),
        ));
    }
    check::finite("q_hat", q_hat)
}

/// Σₐ π(a|i, posᵢ) q̂(i, a) / Σₐ π(a|i, posᵢ) for each round (numpy's weighted average, as obp).
pub(super) fn dm_terms(logs: &Logs, policy: &EvalPolicy, q_hat: &[f64]) -> Result<Vec<f64>> {
    let k = logs.n_actions();
    (0..logs.len())
        .map(|i| {
            let p = logs.positions()[i] as usize;
            let (mut num, mut den) = (0.0, 0.0);
            for a in 0..k {
                let pi = policy.prob(i, a, p);
                num += pi * q_hat[i * k + a];
                den += pi;
            }
            if den > 0.0 {
                Ok(num / den)
            } else {
                Err(no_overlap())
            }
        })
        .collect()
}

/// Direct method: the reward model's value under the policy. `q_hat` is row-major rounds ×
/// actions, predictions at each round's logged position (see
/// [`super::RidgeRewardModel::q_hat`]). The interval reflects only the spread over rounds, not
/// the model's own error.
pub fn direct_method(
    logs: &Logs,
    policy: &EvalPolicy,
    q_hat: &[f64],
    level: f64,
) -> Result<Estimate> {
    prepare(logs, policy, level)?;
    check_q(logs, q_hat)?;
    Ok(Estimate::from_terms(&dm_terms(logs, policy, q_hat)?, level))
}

/// Doubly robust: DM plus the importance-weighted residual wᵢ(rᵢ − q̂(i, aᵢ)) (obp's `DR`).
pub fn doubly_robust(
    logs: &Logs,
    policy: &EvalPolicy,
    q_hat: &[f64],
    level: f64,
) -> Result<Estimate> {
    let terms = dr_terms(logs, policy, q_hat, level, |w| w)?;
    Ok(Estimate::from_terms(&terms, level))
}

/// Per-round DR terms with the residual weight `shape(wᵢ)` in place of wᵢ: DM term +
/// shape(wᵢ)(rᵢ − q̂(i, aᵢ)).
pub(super) fn dr_terms(
    logs: &Logs,
    policy: &EvalPolicy,
    q_hat: &[f64],
    level: f64,
    shape: impl Fn(f64) -> f64,
) -> Result<Vec<f64>> {
    let w = prepare(logs, policy, level)?;
    check_q(logs, q_hat)?;
    let k = logs.n_actions();
    let dm = dm_terms(logs, policy, q_hat)?;
    Ok((0..logs.len())
        .map(|i| {
            dm[i] + shape(w[i]) * (logs.rewards()[i] - q_hat[i * k + logs.actions()[i] as usize])
        })
        .collect())
}

/// Checks a switching or shrinkage hyperparameter: a number ≥ 0, `+∞` allowed.
pub(super) fn check_lambda(name: &str, lambda: f64) -> Result<()> {
    if lambda >= 0.0 {
        Ok(())
    } else {
        Err(Error::invalid(
            name,
            "a number >= 0 (Infinity allowed)",
            lambda,
        ))
    }
}

/// The residual weight of switch-DR: wᵢ where wᵢ ≤ λ, else 0 (that round falls back to DM).
pub(super) fn switch_weight(w: f64, lambda: f64) -> f64 {
    if w <= lambda {
        w
    } else {
        0.0
    }
}

/// The residual weight of DR with optimistic shrinkage: λwᵢ / (wᵢ² + λ) for finite λ, wᵢ for
/// λ = ∞. At wᵢ = 0 and λ = 0 (0/0 in obp, which gives NaN) it is the limit 0.
pub(super) fn shrunk_weight(w: f64, lambda: f64) -> f64 {
    if lambda.is_infinite() {
        w
    } else if w == 0.0 {
        0.0
    } else {
        lambda * w / (w * w + lambda)
    }
}

/// Switch doubly robust (Wang, Agarwal & Dudík 2017; obp's `SwitchDR`): DR on the rounds whose
/// importance weight is at most `lambda`, DM alone on the others. `lambda = ∞` is DR, `0` is DM
/// on every round with a positive weight.
pub fn switch_dr(
    logs: &Logs,
    policy: &EvalPolicy,
    q_hat: &[f64],
    lambda: f64,
    level: f64,
) -> Result<Estimate> {
    reweighted_dr(logs, policy, q_hat, level, lambda, switch_weight)
}

/// Doubly robust with optimistic shrinkage (Su et al. 2020; obp's `DRos`): the residual weight
/// is λw / (w² + λ). `lambda = 0` is DM (obp's default), `∞` is DR.
pub fn dr_os(
    logs: &Logs,
    policy: &EvalPolicy,
    q_hat: &[f64],
    lambda: f64,
    level: f64,
) -> Result<Estimate> {
    reweighted_dr(logs, policy, q_hat, level, lambda, shrunk_weight)
}

/// DR with the residual weight `weight(w, lambda)` of each round's importance weight `w`
/// (Switch-DR and DR-os differ only there).
fn reweighted_dr(
    logs: &Logs,
    policy: &EvalPolicy,
    q_hat: &[f64],
    level: f64,
    lambda: f64,
    weight: fn(f64, f64) -> f64,
) -> Result<Estimate> {
    check_lambda("lambda", lambda)?;
    let terms = dr_terms(logs, policy, q_hat, level, |w| weight(w, lambda))?;
    Ok(Estimate::from_terms(&terms, level))
}

/// Reward-model estimates in obp's layout (`estimated_rewards_by_reg_model`, rounds × actions
/// × positions, `q[(i * n_actions + a) * len_list + p]`) reduced to the rows × actions at each
/// round's logged position that the estimators take. A table already rounds × actions (one
/// value per action at the logged position) passes through unchanged.
pub fn q_hat_at_logged_positions(logs: &Logs, q: &[f64]) -> Result<Vec<f64>> {
    let (n, k, l) = (logs.len(), logs.n_actions(), logs.len_list());
    if q.len() == n * k {
        check::finite("q_hat", q)?;
        return Ok(q.to_vec());
    }
    if Some(q.len()) != n.checked_mul(k).and_then(|x| x.checked_mul(l)) {
        return Err(Error::invalid(
            "q_hat",
            format!(
                "rounds × actions = {n}×{k} values (at each round's logged position) or rounds × \
                 actions × positions = {n}×{k}×{l} (obp's layout)"
            ),
            format!("{} values", q.len()),
        ));
    }
    check::finite("q_hat", q)?;
    Ok((0..n)
        .flat_map(|i| {
            let p = logs.positions()[i] as usize;
            (0..k).map(move |a| q[(i * k + a) * l + p])
        })
        .collect())
}

/// Self-normalized doubly robust: the residual weights divided by their mean (obp's `SNDR`).
pub fn self_normalized_dr(
    logs: &Logs,
    policy: &EvalPolicy,
    q_hat: &[f64],
    level: f64,
) -> Result<Estimate> {
    let w = prepare(logs, policy, level)?;
    let w_mean = w.iter().sum::<f64>() / w.len() as f64;
    if w_mean <= 0.0 {
        return Err(no_overlap());
    }
    let terms = dr_terms(logs, policy, q_hat, level, |x| x / w_mean)?;
    Ok(Estimate::from_terms(&terms, level))
}

/// Replay (Li et al. 2011) for a deterministic evaluation policy: the mean reward of the rounds
/// where the logged action equals `eval_actions[i]`. Unbiased when the logs were collected
/// uniformly at random. Fails if no round matches.
pub fn replay(logs: &Logs, eval_actions: &[u32], level: f64) -> Result<Estimate> {
    check::open_interval("level", level, 0.0, 1.0)?;
    if eval_actions.len() != logs.len() {
        return Err(Error::invalid(
            "eval_actions",
            format!("{} actions (one per logged round)", logs.len()),
            format!("{} actions", eval_actions.len()),
        ));
    }
    let matched: Vec<f64> = (0..logs.len())
        .filter(|&i| logs.actions()[i] == eval_actions[i])
        .map(|i| logs.rewards()[i])
        .collect();
    if matched.is_empty() {
        return Err(Error::invalid(
            "eval_actions",
            "at least one round where the logged action matches",
            "no match",
        ));
    }
    Ok(Estimate::from_terms(&matched, level))
}
