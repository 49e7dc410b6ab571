//! Local differential privacy for anything a page reports out: randomized response (binary and
//! k-ary), optimized unary encoding (OUE) for histograms, Laplace and Gaussian mechanisms with
//! clipping, a per-user budget that records every release and refuses to overspend, and the
//! aggregator's unbiased decoders with their variances.
//!
//! Budget accounting is basic sequential composition: a user's releases add up in ε and δ.

use crate::error::{Error, Result};
use crate::limits;
use crate::num::Num;
use crate::rng::Rng;
use rand::Rng as _;

use super::sample;
use super::saved::{self, Reader, SavedState, Writer, KIND_BUDGET};

fn check_epsilon(epsilon: f64) -> Result<()> {
    if epsilon.is_finite() && epsilon > 0.0 {
        Ok(())
    } else {
        Err(Error::invalid(
            "epsilon",
            "a finite privacy parameter > 0",
            epsilon,
        ))
    }
}

fn check_categories(k: u32) -> Result<()> {
    limits::check_count("k", k as usize, 2, limits::MAX_CATEGORIES).map(|_| ())
}

/// One recorded release.
#[derive(Debug, Clone, PartialEq)]
pub struct Release {
    /// What was released (the mechanism's name).
    pub label: String,
    /// ε spent.
    pub epsilon: f64,
    /// δ spent (0 for pure-ε mechanisms).
    pub delta: f64,
}

crate::option_set! {
    /// Options of `new PrivacyBudget(epsilon, options)` and `PrivacyBudget.importState`.
    pub struct BudgetConfig as "PrivacyBudgetOptions" {
        /// Total δ in [0, 1) (default 0: pure ε mechanisms only). Not used by importState.
        delta: number = "delta", "number";
        /// Seed of the mechanisms' noise (default: fresh from Web Crypto).
        seed: number = "seed", "number";
    }
}

/// A per-user privacy budget (ε, δ) under sequential composition.
#[derive(Debug, Clone, PartialEq)]
pub struct PrivacyBudget {
    epsilon: f64,
    delta: f64,
    spent: (f64, f64),
    releases: Vec<Release>,
}

impl PrivacyBudget {
    /// A budget of total `epsilon` (> 0) and `delta` (in [0, 1)).
    pub fn new(epsilon: f64, delta: f64) -> Result<Self> {
        check_epsilon(epsilon)?;
        if !(0.0..1.0).contains(&delta) {
            return Err(Error::invalid("delta", "a number in [0, 1)", delta));
        }
        Ok(PrivacyBudget {
            epsilon,
            delta,
            spent: (0.0, 0.0),
            releases: Vec::new(),
        })
    }

    /// ε and δ spent so far.
    pub fn spent(&self) -> (f64, f64) {
        self.spent
    }

    /// ε and δ still available.
    pub fn remaining(&self) -> (f64, f64) {
        let (e, d) = self.spent();
        ((self.epsilon - e).max(0.0), (self.delta - d).max(0.0))
    }

    /// Every release so far, oldest first.
    pub fn releases(&self) -> &[Release] {
        &self.releases
    }

    /// Records a release of (`epsilon`, `delta`), or refuses it (recording nothing) if it would
    /// overspend either part of the budget.
    pub fn charge(&mut self, label: &str, epsilon: f64, delta: f64) -> Result<()> {
        if !(epsilon.is_finite() && epsilon >= 0.0) {
            return Err(Error::invalid("epsilon", "a finite number >= 0", epsilon));
        }
        if !(delta.is_finite() && delta >= 0.0) {
            return Err(Error::invalid("delta", "a finite number >= 0", delta));
        }
        let (e, d) = self.spent();
        let slack = 1e-12;
        if e + epsilon > self.epsilon * (1.0 + slack) {
            return Err(Error::invalid(
                "epsilon",
                format!(
                    "at most the remaining privacy budget ε = {} (of {})",
                    Num(self.epsilon - e),
                    Num(self.epsilon)
                ),
                format!("{} for `{label}`", Num(epsilon)),
            ));
        }
        if d + delta > self.delta * (1.0 + slack) {
            return Err(Error::invalid(
                "delta",
                format!(
                    "at most the remaining privacy budget δ = {} (of {})",
                    Num(self.delta - d),
                    Num(self.delta)
                ),
                format!("{} for `{label}`", Num(delta)),
            ));
        }
        self.spent = (e + epsilon, d + delta);
        self.releases.push(Release {
            label: label.to_string(),
            epsilon,
            delta,
        });
        Ok(())
    }
}

impl SavedState for PrivacyBudget {
    const KIND: u8 = KIND_BUDGET;

    /// The budget and its release history (the page must persist it, or a reload would reset
    /// the budget).
    fn encode(&self, w: &mut Writer) {
        w.f64(self.epsilon);
        w.f64(self.delta);
        w.u64(self.releases.len() as u64);
        for r in &self.releases {
            w.str(&r.label);
            w.f64(r.epsilon);
            w.f64(r.delta);
        }
    }

    fn decode(r: &mut Reader) -> Result<Self> {
        let (epsilon, delta) = (r.f64()?, r.f64()?);
        let n = r.count(24, "releases")?;
        let releases = (0..n)
            .map(|_| {
                Ok(Release {
                    label: r.str("release label")?,
                    epsilon: r.finite("release epsilon")?,
                    delta: r.finite("release delta")?,
                })
            })
            .collect::<Result<Vec<_>>>()?;
        replay(epsilon, delta, &releases)
    }

    /// Totals within their ranges, every release non-negative and their sum within the totals.
    fn validate(&self) -> Result<()> {
        replay(self.epsilon, self.delta, &self.releases).map(|_| ())
    }
}

/// A budget of (`epsilon`, `delta`) charged with `releases` in order, so the spent totals are
/// recomputed rather than trusted; refuses what no budget could have recorded.
fn replay(epsilon: f64, delta: f64, releases: &[Release]) -> Result<PrivacyBudget> {
    let mut b = PrivacyBudget::new(epsilon, delta)
        .map_err(|e| saved::invalid(format!("stored totals: {e}")))?;
    for r in releases {
        if !(r.epsilon >= 0.0 && r.delta >= 0.0) {
            return Err(saved::invalid(format!(
                "release `{}` has a negative cost",
                r.label
            )));
        }
        b.charge(&r.label, r.epsilon, r.delta)
            .map_err(|_| saved::invalid("the recorded releases overspend the budget"))?;
    }
    Ok(b)
}

/// Frequency estimates over k categories, with the variance of each.
#[derive(Debug, Clone, PartialEq)]
pub struct FrequencyEstimate {
    /// Unbiased estimate of each category's share (may fall outside [0, 1] by noise).
    pub freq: Vec<f64>,
    /// Variance of each estimate (plug-in, with the share clamped to [0, 1]).
    pub variance: Vec<f64>,
    /// Number of reports.
    pub n: usize,
}

/// Decodes "count of reports supporting v" into a share, for a mechanism that supports the true
/// value with probability p and any other with probability q.
fn decode(counts: &[u64], n: usize, p: f64, q: f64) -> Result<FrequencyEstimate> {
    if n == 0 {
        return Err(Error::invalid("reports", "at least one report", "none"));
    }
    let nf = n as f64;
    let (freq, variance) = counts
        .iter()
        .map(|&c| {
            let f = (c as f64 / nf - q) / (p - q);
            let fc = f.clamp(0.0, 1.0);
            let var = (fc * p * (1.0 - p) + (1.0 - fc) * q * (1.0 - q)) / (nf * (p - q) * (p - q));
            (f, var)
        })
        .unzip::<_, _, Vec<f64>, Vec<f64>>();
    if freq.iter().chain(&variance).any(|x| !x.is_finite()) {
        return Err(Error::invalid(
            "epsilon",
            "a privacy parameter large enough for the decoded shares to be finite",
            format!("one where the mechanism's p − q is {}", Num(p - q)),
        ));
    }
    Ok(FrequencyEstimate { freq, variance, n })
}

/// Generalized (k-ary) randomized response: report the true value with probability
/// e^ε/(e^ε + k − 1), else one of the other k − 1 values uniformly. k = 2 is Warner's binary
/// randomized response.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RandomizedResponse {
    k: u32,
    epsilon: f64,
}

impl RandomizedResponse {
    /// A mechanism over values `0..k` (k ≥ 2) at privacy `epsilon`.
    pub fn new(k: u32, epsilon: f64) -> Result<Self> {
        check_categories(k)?;
        check_epsilon(epsilon)?;
        Ok(RandomizedResponse { k, epsilon })
    }

    /// (p, q): probability of reporting the true value, and any given other value.
    pub fn probabilities(&self) -> (f64, f64) {
        // Divided through by e^ε, so a large ε gives (1, 0) rather than ∞/∞.
        let q_over_p = (-self.epsilon).exp();
        let den = 1.0 + (f64::from(self.k) - 1.0) * q_over_p;
        (1.0 / den, q_over_p / den)
    }

    /// Releases `value` (in `0..k`), charging ε to `budget`; nothing is released if refused.
    pub fn release(&self, value: u32, budget: &mut PrivacyBudget, rng: &mut Rng) -> Result<u32> {
        if value >= self.k {
            return Err(Error::invalid(
                "value",
                format!("a category in 0..{}", self.k),
                value,
            ));
        }
        budget.charge("randomized response", self.epsilon, 0.0)?;
        let (p, _) = self.probabilities();
        if rng.random::<f64>() < p {
            Ok(value)
        } else {
            let other = rng.random_range(0..self.k - 1);
            Ok(if other >= value { other + 1 } else { other })
        }
    }

    /// Unbiased category shares from many users' reports.
    pub fn estimate(&self, reports: &[u32]) -> Result<FrequencyEstimate> {
        let mut counts = vec![0u64; self.k as usize];
        for (i, &r) in reports.iter().enumerate() {
            let slot = counts.get_mut(r as usize).ok_or_else(|| {
                Error::invalid(
                    "reports",
                    format!("categories in 0..{}", self.k),
                    format!("{r} at index {i}"),
                )
            })?;
            *slot += 1;
        }
        let (p, q) = self.probabilities();
        decode(&counts, reports.len(), p, q)
    }
}

/// Optimized unary encoding (Wang et al. 2017) for histograms over many categories: the value
/// is one-hot encoded; its bit is kept at 1 with probability ½, every other bit is set to 1 with
/// probability 1/(e^ε + 1).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct UnaryEncoding {
    k: u32,
    epsilon: f64,
}

impl UnaryEncoding {
    /// A mechanism over values `0..k` (k ≥ 2) at privacy `epsilon`.
    pub fn new(k: u32, epsilon: f64) -> Result<Self> {
        check_categories(k)?;
        check_epsilon(epsilon)?;
        Ok(UnaryEncoding { k, epsilon })
    }

    /// (p, q): probability that the true bit reads 1, and that any other bit does.
    pub fn probabilities(&self) -> (f64, f64) {
        (0.5, 1.0 / (self.epsilon.exp() + 1.0))
    }

    /// Releases `value` as k bits (0/1), charging ε to `budget`.
    pub fn release(
        &self,
        value: u32,
        budget: &mut PrivacyBudget,
        rng: &mut Rng,
    ) -> Result<Vec<u8>> {
        if value >= self.k {
            return Err(Error::invalid(
                "value",
                format!("a category in 0..{}", self.k),
                value,
            ));
        }
        budget.charge("unary encoding", self.epsilon, 0.0)?;
        let (p, q) = self.probabilities();
        Ok((0..self.k)
            .map(|j| {
                let t = if j == value { p } else { q };
                u8::from(rng.random::<f64>() < t)
            })
            .collect())
    }

    /// Unbiased shares from the per-category counts of 1-bits over `n` reports.
    pub fn estimate_from_counts(&self, ones: &[u64], n: usize) -> Result<FrequencyEstimate> {
        if ones.len() != self.k as usize {
            return Err(Error::invalid(
                "ones",
                format!("{} counts (one per category)", self.k),
                format!("{} counts", ones.len()),
            ));
        }
        if let Some(i) = ones.iter().position(|&c| c > n as u64) {
            return Err(Error::invalid(
                "ones",
                format!("counts at most n = {n}"),
                format!("{} at index {i}", ones[i]),
            ));
        }
        let (p, q) = self.probabilities();
        decode(ones, n, p, q)
    }

    /// Unbiased shares from whole reports.
    pub fn estimate(&self, reports: &[Vec<u8>]) -> Result<FrequencyEstimate> {
        let mut ones = vec![0u64; self.k as usize];
        for (i, r) in reports.iter().enumerate() {
            if r.len() != self.k as usize || r.iter().any(|&b| b > 1) {
                return Err(Error::invalid(
                    "reports",
                    format!("{} bits of 0/1 each", self.k),
                    format!("a malformed report at index {i}"),
                ));
            }
            for (o, &b) in ones.iter_mut().zip(r) {
                *o += u64::from(b);
            }
        }
        self.estimate_from_counts(&ones, reports.len())
    }
}

/// A mean estimate with the variance of the estimate.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MeanEstimate {
    /// Unbiased estimate of the mean of the clipped values.
    pub mean: f64,
    /// Variance of `mean` (sample variance of the reports / n).
    pub variance: f64,
    /// Number of reports.
    pub n: usize,
}

fn clip_range(lo: f64, hi: f64) -> Result<()> {
    if !lo.is_finite() {
        return Err(Error::invalid("lo", "a finite lower clip bound", lo));
    }
    if !(hi.is_finite() && lo < hi) {
        return Err(Error::invalid(
            "hi",
            format!("a finite upper clip bound above lo ({})", Num(lo)),
            hi,
        ));
    }
    Ok(())
}

/// Fails when a mechanism's noise scale overflows (a huge range over a tiny ε), which would
/// release ±∞ or NaN.
fn finite_noise(scale: f64) -> Result<()> {
    if scale.is_finite() {
        Ok(())
    } else {
        Err(Error::invalid(
            "hi",
            "a clip range [lo, hi] and ε whose noise scale (hi − lo)/ε is finite",
            format!("a scale of {}", Num(scale)),
        ))
    }
}

/// Mean of noisy reports; the noise has mean 0, so this is unbiased for the clipped mean.
pub fn estimate_mean(reports: &[f64]) -> Result<MeanEstimate> {
    if reports.len() < 2 {
        return Err(Error::invalid(
            "reports",
            "at least 2 reports",
            reports.len(),
        ));
    }
    crate::error::check::finite("reports", reports)?;
    let n = reports.len() as f64;
    // Summing r / n keeps the mean finite even when the reports' sum is not.
    let mean = reports.iter().map(|r| r / n).sum::<f64>();
    let var = reports.iter().map(|r| (r - mean) * (r - mean)).sum::<f64>() / (n - 1.0);
    if !(var / n).is_finite() {
        return Err(Error::invalid(
            "reports",
            "values whose variance is finite",
            format!(
                "a spread that overflows (largest magnitude {})",
                Num(reports.iter().fold(0.0f64, |m, r| m.max(r.abs())))
            ),
        ));
    }
    Ok(MeanEstimate {
        mean,
        variance: var / n,
        n: reports.len(),
    })
}

/// The Laplace mechanism for a value clipped to [lo, hi]: adds Laplace noise of scale
/// (hi − lo)/ε (sensitivity of one user's clipped value).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LaplaceMechanism {
    lo: f64,
    hi: f64,
    epsilon: f64,
}

impl LaplaceMechanism {
    /// Clip range [lo, hi] and privacy `epsilon`.
    pub fn new(lo: f64, hi: f64, epsilon: f64) -> Result<Self> {
        clip_range(lo, hi)?;
        check_epsilon(epsilon)?;
        let m = LaplaceMechanism { lo, hi, epsilon };
        finite_noise(m.scale())?;
        Ok(m)
    }

    /// Noise scale b = (hi − lo)/ε; the noise variance is 2b².
    pub fn scale(&self) -> f64 {
        (self.hi - self.lo) / self.epsilon
    }

    /// Releases `value` clipped to the range plus noise, charging ε to `budget`.
    pub fn release(&self, value: f64, budget: &mut PrivacyBudget, rng: &mut Rng) -> Result<f64> {
        if value.is_nan() {
            return Err(Error::invalid("value", "a number", value));
        }
        budget.charge("laplace", self.epsilon, 0.0)?;
        Ok(crate::num::clamp(value, self.lo, self.hi) + sample::laplace(rng, self.scale()))
    }
}

/// The Gaussian mechanism for a value clipped to [lo, hi]: adds N(0, σ²) noise with
/// σ = (hi − lo)·√(2 ln(1.25/δ))/ε, (ε, δ)-DP for ε ≤ 1 (Dwork & Roth, Theorem A.1).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct GaussianMechanism {
    lo: f64,
    hi: f64,
    epsilon: f64,
    delta: f64,
}

impl GaussianMechanism {
    /// Clip range [lo, hi], `epsilon` in (0, 1] and `delta` in (0, 1).
    pub fn new(lo: f64, hi: f64, epsilon: f64, delta: f64) -> Result<Self> {
        clip_range(lo, hi)?;
        check_epsilon(epsilon)?;
        if epsilon > 1.0 {
            return Err(Error::invalid(
                "epsilon",
                "at most 1 (the classic Gaussian mechanism's bound)",
                epsilon,
            ));
        }
        if !(delta > 0.0 && delta < 1.0) {
            return Err(Error::invalid(
                "delta",
                "a number strictly between 0 and 1",
                delta,
            ));
        }
        let m = GaussianMechanism {
            lo,
            hi,
            epsilon,
            delta,
        };
        finite_noise(m.sigma())?;
        Ok(m)
    }

    /// The noise standard deviation σ.
    pub fn sigma(&self) -> f64 {
        (self.hi - self.lo) * (2.0 * (1.25 / self.delta).ln()).sqrt() / self.epsilon
    }

    /// Releases `value` clipped to the range plus noise, charging (ε, δ) to `budget`.
    pub fn release(&self, value: f64, budget: &mut PrivacyBudget, rng: &mut Rng) -> Result<f64> {
        if value.is_nan() {
            return Err(Error::invalid("value", "a number", value));
        }
        budget.charge("gaussian", self.epsilon, self.delta)?;
        Ok(crate::num::clamp(value, self.lo, self.hi) + self.sigma() * sample::std_normal(rng))
    }
}
