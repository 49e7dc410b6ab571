//! The non-contextual policies' parameters, validated, and their per-arm selection rules.

use crate::error::{Error, Result};
use crate::rng::Rng;
use rand::Rng as _;

use super::sample;

/// A non-contextual exploration policy and its parameters.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum MabPolicy {
    /// Explore uniformly with probability `epsilon / (1 + decay · t)` at choice `t`, else play the
    /// best empirical mean. `decay = 0` keeps ε fixed.
    EpsilonGreedy {
        /// Initial exploration probability, in [0, 1].
        epsilon: f64,
        /// Decay rate per choice, ≥ 0.
        decay: f64,
    },
    /// UCB1 (Auer et al. 2002): mean + `c`·√(2 ln N / nₐ); rewards in [0, 1].
    Ucb1 {
        /// Exploration multiplier, > 0 (1 is the textbook bound).
        c: f64,
    },
    /// Thompson sampling with a Beta(`alpha`, `beta`) prior on each arm's success rate;
    /// rewards in [0, 1] (fractional rewards update the pseudo-counts proportionally).
    BetaThompson {
        /// Prior successes, > 0.
        alpha: f64,
        /// Prior failures, > 0.
        beta: f64,
    },
    /// Thompson sampling for real-valued rewards: Normal prior on each arm's mean, Normal noise
    /// with known standard deviation.
    GaussianThompson {
        /// Prior mean of every arm.
        prior_mean: f64,
        /// Prior standard deviation, > 0.
        prior_sd: f64,
        /// Reward noise standard deviation, > 0.
        noise_sd: f64,
    },
    /// Boltzmann exploration: play arm a with probability ∝ exp(meanₐ / `temperature`).
    Softmax {
        /// Temperature, > 0 (small: greedy; large: uniform).
        temperature: f64,
    },
}

fn positive(arg: &str, v: f64) -> Result<()> {
    if v.is_finite() && v > 0.0 {
        Ok(())
    } else {
        Err(Error::invalid(arg, "a finite number > 0", v))
    }
}

impl MabPolicy {
    /// Checks every parameter, naming the first bad one.
    pub fn validate(&self) -> Result<()> {
        match *self {
            MabPolicy::EpsilonGreedy { epsilon, decay } => {
                if !(0.0..=1.0).contains(&epsilon) {
                    return Err(Error::invalid(
                        "policy.epsilon",
                        "a number in [0, 1]",
                        epsilon,
                    ));
                }
                if !(decay.is_finite() && decay >= 0.0) {
                    return Err(Error::invalid(
                        "policy.decay",
                        "a finite number >= 0",
                        decay,
                    ));
                }
                Ok(())
            }
            MabPolicy::Ucb1 { c } => positive("policy.c", c),
            MabPolicy::BetaThompson { alpha, beta } => {
                positive("policy.alpha", alpha)?;
                positive("policy.beta", beta)
            }
            MabPolicy::GaussianThompson {
                prior_mean,
                prior_sd,
                noise_sd,
            } => {
                if !prior_mean.is_finite() {
                    return Err(Error::invalid(
                        "policy.prior_mean",
                        "a finite number",
                        prior_mean,
                    ));
                }
                positive("policy.prior_sd", prior_sd)?;
                positive("policy.noise_sd", noise_sd)
            }
            MabPolicy::Softmax { temperature } => positive("policy.temperature", temperature),
        }
    }

    /// Whether rewards must lie in [0, 1].
    pub fn bounded_rewards(&self) -> bool {
        matches!(
            self,
            MabPolicy::Ucb1 { .. } | MabPolicy::BetaThompson { .. }
        )
    }

    pub(crate) fn tag_and_params(&self) -> (u8, [f64; 3]) {
        match *self {
            MabPolicy::EpsilonGreedy { epsilon, decay } => (0, [epsilon, decay, 0.0]),
            MabPolicy::Ucb1 { c } => (1, [c, 0.0, 0.0]),
            MabPolicy::BetaThompson { alpha, beta } => (2, [alpha, beta, 0.0]),
            MabPolicy::GaussianThompson {
                prior_mean,
                prior_sd,
                noise_sd,
            } => (3, [prior_mean, prior_sd, noise_sd]),
            MabPolicy::Softmax { temperature } => (4, [temperature, 0.0, 0.0]),
        }
    }

    pub(crate) fn from_tag(tag: u8, p: [f64; 3]) -> Option<Self> {
        Some(match tag {
            0 => MabPolicy::EpsilonGreedy {
                epsilon: p[0],
                decay: p[1],
            },
            1 => MabPolicy::Ucb1 { c: p[0] },
            2 => MabPolicy::BetaThompson {
                alpha: p[0],
                beta: p[1],
            },
            3 => MabPolicy::GaussianThompson {
                prior_mean: p[0],
                prior_sd: p[1],
                noise_sd: p[2],
            },
            4 => MabPolicy::Softmax { temperature: p[0] },
            _ => return None,
        })
    }
}

/// Discounted sufficient statistics of one arm: weight `n`, reward sum and sum of squares.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct ArmStats {
    /// Number of rewards seen (discounted, so possibly fractional).
    pub n: f64,
    /// Sum of rewards (discounted).
    pub sum: f64,
    /// Sum of squared rewards (discounted).
    pub sum_sq: f64,
    /// Undiscounted count of rewards, for reporting.
    pub pulls: u64,
}

impl ArmStats {
    /// Empirical mean reward (0 before the first reward).
    pub fn mean(&self) -> f64 {
        if self.n > 0.0 {
            self.sum / self.n
        } else {
            0.0
        }
    }
}

/// Index of the first maximum of `score(i)` over `0..k` (ties go to the earliest arm).
fn argmax(k: usize, mut score: impl FnMut(usize) -> f64) -> usize {
    let mut best = 0;
    let mut best_s = f64::NEG_INFINITY;
    for i in 0..k {
        let s = score(i);
        if s > best_s {
            best = i;
            best_s = s;
        }
    }
    best
}

/// UCB1's per-arm values, kept between choices. An entry is a pure function of the arm's
/// `(n, sum)` and is recomputed whenever they differ from the ones it was made from, so it can
/// never be stale, whatever arms were added, retired or rewarded in between.
#[derive(Debug, Clone, Default)]
pub(crate) struct UcbCache(Vec<UcbEntry>);

impl PartialEq for UcbCache {
    /// A cache is not part of a bandit's state: two bandits with equal statistics are equal.
    fn eq(&self, _: &Self) -> bool {
        true
    }
}

#[derive(Debug, Clone, Copy)]
struct UcbEntry {
    n: f64,
    sum: f64,
    mean: f64,
    rsqrt_n: f64,
}

impl UcbEntry {
    /// An entry that matches no arm (NaN equals nothing).
    const STALE: UcbEntry = UcbEntry {
        n: f64::NAN,
        sum: f64::NAN,
        mean: 0.0,
        rsqrt_n: 0.0,
    };

    fn of(s: &ArmStats) -> UcbEntry {
        let inv = 1.0 / s.n.max(f64::MIN_POSITIVE);
        UcbEntry {
            n: s.n,
            sum: s.sum,
            mean: if s.n > 0.0 { s.sum * inv } else { 0.0 },
            rsqrt_n: inv.sqrt(),
        }
    }
}

/// Picks an arm index among `stats` (non-empty) at choice number `t`; `cache` serves UCB1.
pub(crate) fn select(
    policy: &MabPolicy,
    stats: &[ArmStats],
    t: u64,
    rng: &mut Rng,
    cache: &mut UcbCache,
) -> usize {
    let k = stats.len();
    let untried = || stats.iter().position(|s| s.pulls == 0);
    match *policy {
        MabPolicy::EpsilonGreedy { epsilon, decay } => {
            let eps = epsilon / (1.0 + decay * t as f64);
            if rng.random::<f64>() < eps {
                rng.random_range(0..k)
            } else if let Some(i) = untried() {
                i
            } else {
                argmax(k, |i| stats[i].mean())
            }
        }
        MabPolicy::Ucb1 { c } => {
            if let Some(i) = untried() {
                return i;
            }
            // Score mean + c √(2 ln N / n) = mean + bonus · √(1/n): the per-arm part (mean,
            // √(1/n)) is kept in `cache` and reused while the arm's (n, sum) are unchanged, so a
            // choice costs one multiply-add per arm; the total N is four independent sums.
            let mut lanes = [0.0f64; 4];
            let mut chunks = stats.chunks_exact(4);
            for ch in &mut chunks {
                for (l, s) in lanes.iter_mut().zip(ch) {
                    *l += s.n;
                }
            }
            let rest: f64 = chunks.remainder().iter().map(|s| s.n).sum();
            let total = (lanes[0] + lanes[1]) + (lanes[2] + lanes[3]) + rest;
            let bonus = c * (2.0 * total.max(1.0).ln()).sqrt();
            cache.0.resize(k, UcbEntry::STALE);
            argmax(k, |i| {
                let (s, e) = (&stats[i], &mut cache.0[i]);
                if e.n != s.n || e.sum != s.sum {
                    *e = UcbEntry::of(s);
                }
                e.mean + bonus * e.rsqrt_n
            })
        }
        MabPolicy::BetaThompson { alpha, beta } => argmax(k, |i| {
            let s = &stats[i];
            sample::beta(rng, alpha + s.sum, beta + (s.n - s.sum).max(0.0))
        }),
        MabPolicy::GaussianThompson {
            prior_mean,
            prior_sd,
            noise_sd,
        } => {
            let (p0, pn) = (1.0 / (prior_sd * prior_sd), 1.0 / (noise_sd * noise_sd));
            argmax(k, |i| {
                let s = &stats[i];
                let prec = p0 + s.n * pn;
                let mean = (prior_mean * p0 + s.sum * pn) / prec;
                mean + sample::std_normal(rng) / prec.sqrt()
            })
        }
        MabPolicy::Softmax { temperature } => {
            if let Some(i) = untried() {
                return i;
            }
            let m = stats
                .iter()
                .map(|s| s.mean())
                .fold(f64::NEG_INFINITY, f64::max);
            let w: Vec<f64> = stats
                .iter()
                .map(|s| ((s.mean() - m) / temperature).exp())
                .collect();
            let total: f64 = w.iter().sum();
            let mut u = rng.random::<f64>() * total;
            for (i, wi) in w.iter().enumerate() {
                if u < *wi {
                    return i;
                }
                u -= wi;
            }
            k - 1
        }
    }
}
