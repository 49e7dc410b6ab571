//! Contextual bandits with one linear reward model per arm (disjoint): LinUCB (Li et al. 2010)
//! and linear Thompson sampling (Agrawal & Goyal 2013).
//!
//! Each arm keeps A = λI + Σ x xᵀ, b = Σ r x and A⁻¹. A reward updates A⁻¹ by the
//! Sherman–Morrison rank-one formula (O(d²)); every `refactor_every` updates A⁻¹ is recomputed
//! from a Cholesky factorization of A, which is accumulated exactly, so rounding in A⁻¹ never
//! builds up and the state stays symmetric positive definite over millions of updates.
//! With discounting (γ < 1) the update A ← γA + (1−γ)λI + x xᵀ is not rank-one, so each update
//! re-factorizes (O(d³)).

use crate::num::Num;
use nalgebra::{DMatrix, DVector};

use crate::error::{check, Error, Result};

use super::arms::{
    catalog, check_counter, check_discount_and_pending, check_reward, step_rng, Arms, Pending,
};
use super::mab::Decision;
use super::sample;
use super::saved::{self, safe_count, Reader, SavedState, Writer, KIND_LINEAR};
use crate::limits;

/// A linear contextual policy and its exploration parameter.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum LinearPolicy {
    /// LinUCB: θₐᵀx + `alpha`·√(xᵀAₐ⁻¹x).
    LinUcb {
        /// Width of the confidence bonus, ≥ 0.
        alpha: f64,
    },
    /// Linear Thompson sampling: θ̃ₐ ~ N(θₐ, `v`²Aₐ⁻¹), play the best θ̃ₐᵀx. Only θ̃ₐᵀx is
    /// needed, and it is N(θₐᵀx, v² xᵀAₐ⁻¹x), so each arm costs one scalar draw.
    LinThompson {
        /// Posterior scale, ≥ 0.
        v: f64,
    },
}

/// The documented range of the ridge λ: below it A⁻¹ ≤ 1/λ can overflow the scores, above it
/// the prior drowns any data.
pub const RIDGE_RANGE: (f64, f64) = (1e-6, 1e6);

/// Options of a [`LinearBandit`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct LinearOptions {
    /// The policy.
    pub policy: LinearPolicy,
    /// Context length d.
    pub dim: usize,
    /// Ridge λ in [`RIDGE_RANGE`]: Aₐ starts at λI.
    pub ridge: f64,
    /// Discount factor γ in (0, 1]; 1 = stationary.
    pub discount: f64,
    /// Recompute A⁻¹ from a Cholesky factorization of A after this many rank-one updates (≥ 1).
    pub refactor_every: u64,
    /// Seed of the random draws.
    pub seed: u64,
    /// How many unrewarded decisions (with their contexts) are remembered.
    pub max_pending: usize,
}

impl LinearOptions {
    /// Defaults around `policy` and `dim`: λ = 1, no discounting, re-factorize every 1,000
    /// updates, seed 0, 10,000 pending decisions.
    pub fn new(policy: LinearPolicy, dim: usize) -> Self {
        LinearOptions {
            policy,
            dim,
            ridge: 1.0,
            discount: 1.0,
            refactor_every: 1000,
            seed: 0,
            max_pending: 10_000,
        }
    }

    /// Checks the options, naming the first bad field.
    pub fn validate(&self) -> Result<()> {
        let (name, x) = match self.policy {
            LinearPolicy::LinUcb { alpha } => ("policy.alpha", alpha),
            LinearPolicy::LinThompson { v } => ("policy.v", v),
        };
        if !(x.is_finite() && x >= 0.0) {
            return Err(Error::invalid(name, "a finite number >= 0", x));
        }
        limits::check_count("options.dim", self.dim, 1, limits::MAX_CONTEXT_DIM)?;
        if !(RIDGE_RANGE.0..=RIDGE_RANGE.1).contains(&self.ridge) {
            return Err(Error::invalid(
                "options.ridge",
                format!(
                    "a number in [{}, {}]",
                    Num(RIDGE_RANGE.0),
                    Num(RIDGE_RANGE.1)
                ),
                self.ridge,
            ));
        }
        if self.refactor_every == 0 {
            return Err(Error::invalid(
                "options.refactor_every",
                "an integer >= 1",
                0,
            ));
        }
        check_discount_and_pending(self.discount, self.max_pending)
    }
}

/// One arm's ridge-regression state.
#[derive(Debug, Clone, PartialEq)]
struct LinArm {
    a: DMatrix<f64>,
    a_inv: DMatrix<f64>,
    b: DVector<f64>,
    theta: DVector<f64>,
    pulls: u64,
    since_refactor: u64,
}

impl LinArm {
    fn new(d: usize, ridge: f64) -> Self {
        LinArm {
            a: DMatrix::identity(d, d) * ridge,
            a_inv: DMatrix::identity(d, d) / ridge,
            b: DVector::zeros(d),
            theta: DVector::zeros(d),
            pulls: 0,
            since_refactor: 0,
        }
    }

    /// A⁻¹ from a Cholesky factorization of A, symmetrized.
    fn refactor(&mut self) -> Result<()> {
        let chol = self.a.clone().cholesky().ok_or_else(|| {
            Error::Numerical("the design matrix A of an arm is not positive definite".into())
        })?;
        let inv = chol.inverse();
        self.a_inv = (&inv + inv.transpose()) * 0.5;
        self.since_refactor = 0;
        Ok(())
    }
}

/// A disjoint linear contextual bandit (LinUCB or linear Thompson sampling); every arm sees the
/// same context vector of length `dim` and has its own coefficients.
#[derive(Debug, Clone, PartialEq)]
pub struct LinearBandit {
    options: LinearOptions,
    arms: Arms<LinArm>,
    pending: Pending<(u32, Vec<f64>)>,
    steps: u64,
}

impl LinearBandit {
    /// A bandit over `arms` (distinct ids).
    pub fn new(arms: &[u32], options: LinearOptions) -> Result<Self> {
        options.validate()?;
        Ok(LinearBandit {
            arms: catalog(arms, || LinArm::new(options.dim, options.ridge))?,
            pending: Pending::new(options.max_pending),
            steps: 0,
            options,
        })
    }

    /// The options the bandit runs with.
    pub fn options(&self) -> &LinearOptions {
        &self.options
    }

    /// The live arm ids, in insertion order.
    pub fn arm_ids(&self) -> &[u32] {
        &self.arms.ids
    }

    /// Adds a new arm with a fresh model.
    pub fn add_arm(&mut self, arm: u32) -> Result<()> {
        self.arms
            .add(arm, LinArm::new(self.options.dim, self.options.ridge))
    }

    /// Retires an arm: never chosen again; late rewards for it are refused.
    pub fn retire_arm(&mut self, arm: u32) -> Result<()> {
        self.arms.retire(arm)
    }

    fn check_context(&self, context: &[f64]) -> Result<()> {
        if context.len() != self.options.dim {
            return Err(Error::invalid(
                "context",
                format!("{} numbers (the bandit's dim)", self.options.dim),
                format!("{} numbers", context.len()),
            ));
        }
        check::finite("context", context)
    }

    /// The score each live arm gets for `context` under the policy, without drawing: the
    /// LinUCB upper bound, or for Thompson sampling the posterior mean θₐᵀx.
    pub fn scores(&self, context: &[f64]) -> Result<Vec<f64>> {
        self.check_context(context)?;
        let x = DVector::from_column_slice(context);
        let scores: Vec<f64> = self
            .arms
            .stats
            .iter()
            .map(|arm| {
                let mean = arm.theta.dot(&x);
                match self.options.policy {
                    LinearPolicy::LinUcb { alpha } => mean + alpha * width(arm, &x),
                    LinearPolicy::LinThompson { .. } => mean,
                }
            })
            .collect();
        finite_scores(&scores)?;
        Ok(scores)
    }

    /// Picks an arm for `context` (shared by every arm) and opens a decision awaiting its
    /// reward.
    pub fn choose(&mut self, context: &[f64]) -> Result<Decision> {
        self.arms.require_some()?;
        self.pending.check_room(self.steps)?;
        self.check_context(context)?;
        self.pick(context, false)
    }

    /// Picks an arm when each arm has its own feature vector (e.g. user × item features):
    /// `contexts` is row-major, one row of length `dim` per live arm in [`LinearBandit::arm_ids`]
    /// order. The chosen arm's row is what its reward will update.
    pub fn choose_per_arm(&mut self, contexts: &[f64]) -> Result<Decision> {
        self.arms.require_some()?;
        self.pending.check_room(self.steps)?;
        let (k, d) = (self.arms.ids.len(), self.options.dim);
        if contexts.len() != k * d {
            return Err(Error::invalid(
                "contexts",
                format!("{k} live arms × {d} features = {} numbers", k * d),
                format!("{} numbers", contexts.len()),
            ));
        }
        check::finite("contexts", contexts)?;
        self.pick(contexts, true)
    }

    /// Scores every live arm and opens a decision. `contexts` holds one row of length `dim`
    /// (shared by every arm) or, with `per_arm`, one row per live arm.
    fn pick(&mut self, contexts: &[f64], per_arm: bool) -> Result<Decision> {
        let d = self.options.dim;
        let row = |i: usize| {
            if per_arm {
                &contexts[i * d..(i + 1) * d]
            } else {
                contexts
            }
        };
        let mut rng = step_rng(self.options.seed, self.steps);
        let mut best = (0usize, f64::NEG_INFINITY);
        let mut x = DVector::from_column_slice(row(0));
        for (i, arm) in self.arms.stats.iter().enumerate() {
            if per_arm && i > 0 {
                x.copy_from_slice(row(i));
            }
            let mean = arm.theta.dot(&x);
            let s = match self.options.policy {
                LinearPolicy::LinUcb { alpha } => mean + alpha * width(arm, &x),
                LinearPolicy::LinThompson { v } => {
                    mean + v * width(arm, &x) * sample::std_normal(&mut rng)
                }
            };
            finite_scores(&[s])?;
            if s > best.1 {
                best = (i, s);
            }
        }
        self.steps += 1;
        let arm = self.arms.ids[best.0];
        let id = self.pending.record((arm, row(best.0).to_vec()));
        Ok(Decision { id, arm })
    }

    /// Reports the reward of decision `decision`; the context stored with it is used.
    pub fn reward(&mut self, decision: u64, reward: f64) -> Result<()> {
        check_reward(reward, false)?;
        let (arm, context) = self.pending.peek(decision)?.clone();
        let i = self.arms.index("arm", arm).map_err(|_| {
            Error::invalid(
                "decisionId",
                "a decision whose arm is still live",
                format!("{decision}, made for arm {arm} which has since been retired"),
            )
        })?;
        // The decision closes only once its reward is applied: an error leaves it open.
        self.apply(i, &context, reward)?;
        self.pending.take(decision)?;
        Ok(())
    }

    /// Records a reward for `arm` shown in `context` directly (no decision id).
    pub fn update(&mut self, arm: u32, context: &[f64], reward: f64) -> Result<()> {
        check_reward(reward, false)?;
        self.check_context(context)?;
        let i = self.arms.index("arm", arm)?;
        self.apply(i, context, reward)
    }

    fn apply(&mut self, i: usize, context: &[f64], reward: f64) -> Result<()> {
        let (g, ridge, every) = (
            self.options.discount,
            self.options.ridge,
            self.options.refactor_every,
        );
        check_counter("pulls", self.arms.stats[i].pulls)?;
        let x = DVector::from_column_slice(context);
        let scale = x.amax();
        if !(scale * scale).is_finite() || !(reward * scale).is_finite() {
            return Err(Error::invalid(
                "context",
                "values small enough that their squares and products with the reward stay finite",
                format!("a largest magnitude of {}", Num(scale)),
            ));
        }
        let arm = &mut self.arms.stats[i];
        if g < 1.0 {
            let mut a = &arm.a * g;
            for j in 0..a.nrows() {
                a[(j, j)] += (1.0 - g) * ridge;
            }
            a.ger(1.0, &x, &x, 1.0);
            let old = std::mem::replace(&mut arm.a, a);
            if let Err(e) = arm.refactor() {
                arm.a = old;
                return Err(e);
            }
            arm.b = &arm.b * g + &x * reward;
        } else {
            // A due re-factorization can fail on extreme values: keep the arm to restore it.
            let backup = (arm.since_refactor + 1 >= every).then(|| arm.clone());
            arm.a.ger(1.0, &x, &x, 1.0);
            let u = &arm.a_inv * &x;
            let denom = 1.0 + x.dot(&u);
            arm.a_inv.ger(-1.0 / denom, &u, &u, 1.0);
            arm.b.axpy(reward, &x, 1.0);
            arm.since_refactor += 1;
            if let Some(backup) = backup {
                if let Err(e) = arm.refactor() {
                    *arm = backup;
                    return Err(e);
                }
            }
        }
        arm.theta = &arm.a_inv * &arm.b;
        arm.pulls += 1;
        Ok(())
    }

    /// Arm `arm`'s current coefficient estimate θ = A⁻¹b.
    pub fn theta(&self, arm: u32) -> Result<Vec<f64>> {
        let i = self.arms.index("arm", arm)?;
        Ok(self.arms.stats[i].theta.as_slice().to_vec())
    }

    /// Rewards received by `arm`.
    pub fn pulls(&self, arm: u32) -> Result<u64> {
        let i = self.arms.index("arm", arm)?;
        Ok(self.arms.stats[i].pulls)
    }

    /// max |A·A⁻¹ − I| over the live arms: how far the kept inverse has drifted (diagnostic).
    pub fn inverse_drift(&self) -> f64 {
        self.arms
            .stats
            .iter()
            .map(|arm| inverse_error(&arm.a, &arm.a_inv))
            .fold(0.0, f64::max)
    }
}

/// max |(A·B − I)ᵢⱼ| for square `a` and `b` of one size (NaN when a product is NaN). A column at a
/// time with plain loops: nalgebra's `DMatrix * DMatrix` goes through `matrixmultiply`'s gemm,
/// ~7 KB of wasm for this one diagnostic and check (issue #13).
fn inverse_error(a: &DMatrix<f64>, b: &DMatrix<f64>) -> f64 {
    let d = a.nrows();
    let (av, bv) = (a.as_slice(), b.as_slice());
    let mut col = vec![0.0; d];
    let mut worst = 0.0_f64;
    for j in 0..d {
        col.iter_mut().for_each(|c| *c = 0.0);
        for k in 0..d {
            let bkj = bv[j * d + k];
            for (c, aik) in col.iter_mut().zip(&av[k * d..(k + 1) * d]) {
                *c += aik * bkj;
            }
        }
        col[j] -= 1.0;
        for c in &col {
            if c.is_nan() {
                return f64::NAN;
            }
            worst = worst.max(c.abs());
        }
    }
    worst
}

/// Fails (before anything changes) when a score overflows: contexts too large for the model.
fn finite_scores(scores: &[f64]) -> Result<()> {
    match scores.iter().find(|s| !s.is_finite()) {
        None => Ok(()),
        Some(s) => Err(Error::invalid(
            "context",
            "values small enough that every arm's score is finite",
            format!("values giving a score of {}", Num(*s)),
        )),
    }
}

/// √(xᵀA⁻¹x), clamped at 0 against rounding.
fn width(arm: &LinArm, x: &DVector<f64>) -> f64 {
    x.dot(&(&arm.a_inv * x)).max(0.0).sqrt()
}

/// Relative slack of the saved-state checks on accumulated matrices.
const SLACK: f64 = 1e-3;

impl SavedState for LinearBandit {
    const KIND: u8 = KIND_LINEAR;

    fn encode(&self, w: &mut Writer) {
        let o = &self.options;
        let (tag, p) = match o.policy {
            LinearPolicy::LinUcb { alpha } => (0u8, alpha),
            LinearPolicy::LinThompson { v } => (1u8, v),
        };
        w.u8(tag);
        w.f64(p);
        w.u64(o.dim as u64);
        w.f64(o.ridge);
        w.f64(o.discount);
        w.u64(o.refactor_every);
        w.u64(o.seed);
        w.u64(o.max_pending as u64);
        w.u64(self.steps);
        w.u64(self.arms.ids.len() as u64);
        for (&id, arm) in self.arms.ids.iter().zip(&self.arms.stats) {
            w.u32(id);
            w.u64(arm.pulls);
            w.u64(arm.since_refactor);
            w.f64s(arm.a.as_slice());
            w.f64s(arm.a_inv.as_slice());
            w.f64s(arm.b.as_slice());
        }
        w.u64(self.pending.next_id);
        w.u64(self.pending.open.len() as u64);
        for (&d, (arm, ctx)) in &self.pending.open {
            w.u64(d);
            w.u32(*arm);
            w.f64s(ctx);
        }
    }

    fn decode(r: &mut Reader) -> Result<Self> {
        let tag = r.u8()?;
        let p = r.f64()?;
        let policy = match tag {
            0 => LinearPolicy::LinUcb { alpha: p },
            1 => LinearPolicy::LinThompson { v: p },
            t => return Err(saved::invalid(format!("unknown linear policy tag {t}"))),
        };
        let dim = r.u64()?;
        let options = LinearOptions {
            policy,
            dim: usize::try_from(dim).unwrap_or(usize::MAX),
            ridge: r.f64()?,
            discount: r.f64()?,
            refactor_every: r.u64()?,
            seed: r.u64()?,
            max_pending: usize::try_from(r.u64()?).unwrap_or(usize::MAX),
        };
        // The dimension sizes every read below: check the options before reading on.
        options
            .validate()
            .map_err(|e| saved::invalid(format!("stored options: {e}")))?;
        let d = options.dim;
        let steps = r.u64()?;
        let n_arms = r.count(8 * (d * d + 1), "arms")?;
        let (mut ids, mut stats) = (Vec::new(), Vec::new());
        let vector = |r: &mut Reader, what: &str, len: usize| -> Result<Vec<f64>> {
            let v = r.f64s(what)?;
            if v.len() != len {
                return Err(saved::invalid(format!(
                    "{what} has {} entries, expected {len}",
                    v.len()
                )));
            }
            Ok(v)
        };
        for _ in 0..n_arms {
            let id = r.u32()?;
            let pulls = r.u64()?;
            let since_refactor = r.u64()?;
            let a = DMatrix::from_vec(d, d, vector(r, "A", d * d)?);
            let a_inv = DMatrix::from_vec(d, d, vector(r, "A inverse", d * d)?);
            let b = DVector::from_vec(vector(r, "b", d)?);
            let theta = &a_inv * &b;
            let arm = LinArm {
                a,
                a_inv,
                b,
                theta,
                pulls,
                since_refactor,
            };
            ids.push(id);
            stats.push(arm);
        }
        let arms = Arms::from_parts(ids, stats).map_err(|e| saved::invalid(e.to_string()))?;
        let mut pending = Pending::new(options.max_pending);
        pending.next_id = r.u64()?;
        let n_open = r.count(12 + 8 + 8 * d, "pending decisions")?;
        for _ in 0..n_open {
            let id = r.u64()?;
            let arm = r.u32()?;
            let ctx = vector(r, "pending context", d)?;
            if pending.open.insert(id, (arm, ctx)).is_some() {
                return Err(saved::invalid(format!(
                    "pending decision {id} stored twice"
                )));
            }
        }
        Ok(LinearBandit {
            options,
            arms,
            pending,
            steps,
        })
    }

    fn validate(&self) -> Result<()> {
        let o = &self.options;
        o.validate()
            .map_err(|e| saved::invalid(format!("stored options: {e}")))?;
        safe_count("the step count", self.steps)?;
        self.arms.check_saved_count()?;
        let d = o.dim;
        for (&id, arm) in self.arms.ids.iter().zip(&self.arms.stats) {
            safe_count(&format!("arm {id}'s pull count"), arm.pulls)?;
            if arm.since_refactor >= o.refactor_every {
                return Err(saved::invalid(format!(
                    "arm {id}: {} updates since the last re-factorization, refactor_every is {}",
                    arm.since_refactor, o.refactor_every
                )));
            }
            // A = λI + Σ x xᵀ (discounting keeps A ⪰ λI too): A − λI must be positive
            // semi-definite, so A − (1 − slack)·λI factorizes.
            let mut shifted = arm.a.clone();
            for j in 0..d {
                shifted[(j, j)] -= (1.0 - SLACK) * o.ridge;
            }
            if arm.a != arm.a.transpose() || shifted.cholesky().is_none() {
                return Err(saved::invalid(format!(
                    "arm {id}: A is not symmetric with A ⪰ ridge·I (ridge = {})",
                    Num(o.ridge)
                )));
            }
            let drift = inverse_error(&arm.a, &arm.a_inv);
            if drift.is_nan() || drift > SLACK {
                return Err(saved::invalid(format!(
                    "arm {id}: the stored inverse of A is off by {}",
                    Num(drift)
                )));
            }
            if arm.theta.iter().any(|t| !t.is_finite()) {
                return Err(saved::invalid(format!(
                    "arm {id}: the coefficients A⁻¹b are not finite"
                )));
            }
        }
        safe_count("the next decision id", self.pending.next_id)?;
        if self.pending.open.len() > o.max_pending {
            return Err(saved::invalid(format!(
                "{} pending decisions, more than max_pending = {}",
                self.pending.open.len(),
                o.max_pending
            )));
        }
        if let Some((&id, _)) = self.pending.open.range(self.pending.next_id..).next() {
            return Err(saved::invalid(format!(
                "pending decision {id} was never issued"
            )));
        }
        Ok(())
    }

    fn check_replacement(&self, saved: &Self) -> Result<()> {
        if saved.options.dim != self.options.dim {
            return Err(Error::invalid(
                "state",
                format!("a saved state with context dimension {}", self.options.dim),
                format!("dimension {}", saved.options.dim),
            ));
        }
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn inverse_error_matches_the_matrix_product() {
        let a = DMatrix::from_row_slice(3, 3, &[4.0, 1.0, 0.5, 1.0, 3.0, 0.25, 0.5, 0.25, 2.0]);
        let inv = a.clone().try_inverse().unwrap();
        let mut off = inv.clone();
        off[(2, 1)] += 0.01;
        for b in [&inv, &off, &a] {
            let want = (&a * b - DMatrix::identity(3, 3)).amax();
            assert!((inverse_error(&a, b) - want).abs() < 1e-12, "{want}");
        }
        assert!(inverse_error(&a, &inv) < 1e-12);
        off[(0, 0)] = f64::NAN;
        assert!(inverse_error(&a, &off).is_nan());
    }
}
