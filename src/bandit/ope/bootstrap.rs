//! Seeded percentile-bootstrap confidence intervals (obp's default interval method), for when
//! the normal approximation is doubtful — e.g. a few dozen clicks in 10,000 rounds.
//!
//! Two resampling schemes differ for the self-normalized estimators (SNIPS, SNDR), see
//! [`BootstrapMethod`]; for the others they are the same.

use rand::Rng as _;

use super::estimators::{
    check_lambda, check_q, dm_terms, no_overlap, prepare, shrunk_weight, switch_weight,
};
use super::logs::{EvalPolicy, Logs};
use crate::error::{Error, Result};
use crate::rng::seeded;

/// Which estimator to bootstrap.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Estimator {
    /// Inverse propensity scoring.
    Ips,
    /// Self-normalized IPS.
    Snips,
    /// Direct method (needs `q_hat`).
    DirectMethod,
    /// Doubly robust (needs `q_hat`).
    DoublyRobust,
    /// Self-normalized doubly robust (needs `q_hat`).
    SelfNormalizedDr,
    /// Switch-DR with its threshold λ ≥ 0 (needs `q_hat`).
    SwitchDr(f64),
    /// DR with optimistic shrinkage, λ ≥ 0 (needs `q_hat`).
    DrOs(f64),
}

/// How a resample recomputes a self-normalized estimator (SNIPS, SNDR).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum BootstrapMethod {
    /// Each resample recomputes the whole estimator, its normaliser Σwᵢ included: the ordinary
    /// nonparametric bootstrap of the ratio statistic. Its spread matches the delta-method
    /// standard error of the normal interval (the default; the numerator and denominator move
    /// together, so the ratio varies less than the numerator alone).
    #[default]
    Renormalized,
    /// obp 0.5.7's `estimate_interval`: the per-round terms are normalised once by the full
    /// sample's mean weight and each resample averages them — the normaliser is held fixed, so
    /// the interval is as wide as an IPS-style interval of the rescaled terms.
    Obp,
}

/// Every estimator here is V = mean(a) + Σb / Σc over rounds; resampling rounds resamples the
/// triples. With [`BootstrapMethod::Obp`] the self-normalized ones become mean(a) alone, their
/// weights divided by the full sample's mean weight.
fn triples(
    estimator: Estimator,
    method: BootstrapMethod,
    logs: &Logs,
    policy: &EvalPolicy,
    q_hat: Option<&[f64]>,
    level: f64,
) -> Result<Vec<(f64, f64, f64)>> {
    let w = prepare(logs, policy, level)?;
    let r = logs.rewards();
    let (dm, resid) = if matches!(estimator, Estimator::Ips | Estimator::Snips) {
        (Vec::new(), Vec::new())
    } else {
        let q = q_hat.ok_or_else(|| {
            Error::invalid(
                "q_hat",
                "reward-model predictions for this estimator",
                "none",
            )
        })?;
        check_q(logs, q)?;
        let k = logs.n_actions();
        let resid: Vec<f64> = (0..logs.len())
            .map(|i| r[i] - q[i * k + logs.actions()[i] as usize])
            .collect();
        (dm_terms(logs, policy, q)?, resid)
    };
    if let Estimator::SwitchDr(l) | Estimator::DrOs(l) = estimator {
        check_lambda("lambda", l)?;
    }
    let w_mean = w.iter().sum::<f64>() / w.len() as f64;
    if matches!(estimator, Estimator::Snips | Estimator::SelfNormalizedDr) && w_mean <= 0.0 {
        return Err(no_overlap());
    }
    let fixed = method == BootstrapMethod::Obp;
    Ok((0..logs.len())
        .map(|i| match estimator {
            Estimator::Ips => (w[i] * r[i], 0.0, 1.0),
            Estimator::Snips if fixed => (w[i] * r[i] / w_mean, 0.0, 1.0),
            Estimator::Snips => (0.0, w[i] * r[i], w[i]),
            Estimator::DirectMethod => (dm[i], 0.0, 1.0),
            Estimator::DoublyRobust => (dm[i] + w[i] * resid[i], 0.0, 1.0),
            Estimator::SelfNormalizedDr if fixed => (dm[i] + w[i] * resid[i] / w_mean, 0.0, 1.0),
            Estimator::SelfNormalizedDr => (dm[i], w[i] * resid[i], w[i]),
            Estimator::SwitchDr(l) => (dm[i] + switch_weight(w[i], l) * resid[i], 0.0, 1.0),
            Estimator::DrOs(l) => (dm[i] + shrunk_weight(w[i], l) * resid[i], 0.0, 1.0),
        })
        .collect())
}

fn value(t: &[(f64, f64, f64)], idx: impl Iterator<Item = usize>) -> f64 {
    let (mut a, mut b, mut c, mut n) = (0.0, 0.0, 0.0, 0usize);
    for i in idx {
        a += t[i].0;
        b += t[i].1;
        c += t[i].2;
        n += 1;
    }
    let ratio = if c > 0.0 { b / c } else { 0.0 };
    a / n as f64 + ratio
}

/// Percentile-bootstrap interval at `level` from `n_boot` (≥ 100) resamples of the rounds,
/// seeded by `seed`, resampled as `method` says. `q_hat` (rounds × actions) is required for the
/// model-based estimators.
#[allow(clippy::too_many_arguments)]
pub fn bootstrap_interval(
    estimator: Estimator,
    method: BootstrapMethod,
    logs: &Logs,
    policy: &EvalPolicy,
    q_hat: Option<&[f64]>,
    level: f64,
    n_boot: usize,
    seed: u64,
) -> Result<(f64, f64)> {
    if !(100..=100_000).contains(&n_boot) {
        return Err(Error::invalid(
            "n_boot",
            "between 100 and 100,000 resamples",
            n_boot,
        ));
    }
    let t = triples(estimator, method, logs, policy, q_hat, level)?;
    let n = t.len();
    // Each resample draws every round: bound the work as a simulation's.
    let max_boot = (crate::limits::MAX_SIMULATION_STEPS / n.max(1)).max(100);
    if n_boot > max_boot {
        return Err(Error::invalid(
            "n_boot",
            format!(
                "at most {max_boot} resamples of {n} rounds ({} resampled rounds in all)",
                crate::limits::MAX_SIMULATION_STEPS
            ),
            n_boot,
        ));
    }
    let mut rng = seeded(seed);
    let mut stats: Vec<f64> = (0..n_boot)
        .map(|_| value(&t, (0..n).map(|_| rng.random_range(0..n))))
        .collect();
    stats.sort_by(f64::total_cmp);
    let q = |p: f64| {
        // Linear interpolation between order statistics (numpy's default percentile).
        let h = p * (n_boot - 1) as f64;
        let lo = h.floor() as usize;
        let hi = (lo + 1).min(n_boot - 1);
        stats[lo] + (h - lo as f64) * (stats[hi] - stats[lo])
    };
    let alpha = 1.0 - level;
    Ok((q(alpha / 2.0), q(1.0 - alpha / 2.0)))
}

/// The point estimate of `estimator` through the same V = mean(a) + Σb/Σc form (equals the
/// dedicated functions; used to test the decomposition).
pub fn point_estimate(
    estimator: Estimator,
    logs: &Logs,
    policy: &EvalPolicy,
    q_hat: Option<&[f64]>,
) -> Result<f64> {
    let t = triples(
        estimator,
        BootstrapMethod::Renormalized,
        logs,
        policy,
        q_hat,
        0.95,
    )?;
    Ok(value(&t, 0..t.len()))
}
