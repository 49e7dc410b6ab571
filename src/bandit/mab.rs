//! Non-contextual bandits: one engine running any [`MabPolicy`] over a changing arm catalog,
//! with delayed rewards (decision ids), optional discounting and exact state export/import.

use crate::error::{Error, Result};
use crate::num::Num;

use super::arms::{
    catalog, check_counter, check_discount_and_pending, check_reward, step_rng, Arms, Pending,
};
use super::policy::{select, ArmStats, MabPolicy, UcbCache};
use super::saved::{self, safe_count, Reader, SavedState, Writer, KIND_MAB};

/// Options shared by every policy of [`MultiArmed`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct MabOptions {
    /// The policy and its parameters.
    pub policy: MabPolicy,
    /// Discount factor γ in (0, 1]: before each reward every arm's statistics are multiplied by γ,
    /// so old rewards fade (non-stationary catalogs). 1 = no discounting.
    pub discount: f64,
    /// Seed of the policy's random draws.
    pub seed: u64,
    /// How many unrewarded decisions are remembered (oldest forgotten first).
    pub max_pending: usize,
}

impl MabOptions {
    /// Defaults around `policy`: no discounting, seed 0, 10,000 pending decisions.
    pub fn new(policy: MabPolicy) -> Self {
        MabOptions {
            policy,
            discount: 1.0,
            seed: 0,
            max_pending: 10_000,
        }
    }

    /// Checks the options, naming the first bad field.
    pub fn validate(&self) -> Result<()> {
        self.policy.validate()?;
        check_discount_and_pending(self.discount, self.max_pending)
    }
}

/// A decision handed to the page: which arm to show, and the id to report its reward under.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Decision {
    /// Pass this to `reward` when the outcome is known.
    pub id: u64,
    /// The arm to show.
    pub arm: u32,
}

/// A summary of one live arm.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ArmSummary {
    /// The arm id.
    pub arm: u32,
    /// Rewards received (undiscounted count).
    pub pulls: u64,
    /// Empirical (discounted) mean reward.
    pub mean: f64,
}

/// A non-contextual multi-armed bandit.
#[derive(Debug, Clone, PartialEq)]
pub struct MultiArmed {
    options: MabOptions,
    arms: Arms<ArmStats>,
    /// Open decisions as `(arm, [])`: the linear bandit's entry type with no context, so the
    /// wasm holds one `BTreeMap` instance for both bandits (issue #13).
    pending: Pending<(u32, Vec<f64>)>,
    steps: u64,
    /// UCB1's per-arm values between choices (derived, never saved).
    ucb: UcbCache,
}

impl MultiArmed {
    /// A bandit over the arms `arms` (distinct ids; may be empty and filled with `add_arm`).
    pub fn new(arms: &[u32], options: MabOptions) -> Result<Self> {
        options.validate()?;
        Ok(MultiArmed {
            options,
            arms: catalog(arms, ArmStats::default)?,
            pending: Pending::new(options.max_pending),
            steps: 0,
            ucb: UcbCache::default(),
        })
    }

    /// The options the bandit runs with.
    pub fn options(&self) -> &MabOptions {
        &self.options
    }

    /// Adds a new arm (fresh statistics).
    pub fn add_arm(&mut self, arm: u32) -> Result<()> {
        self.arms.add(arm, ArmStats::default())
    }

    /// Retires an arm: it is never chosen again and late rewards for it are refused.
    pub fn retire_arm(&mut self, arm: u32) -> Result<()> {
        self.arms.retire(arm)
    }

    /// The live arms with their statistics, in insertion order.
    pub fn arms(&self) -> Vec<ArmSummary> {
        self.arms
            .ids
            .iter()
            .zip(&self.arms.stats)
            .map(|(&arm, s)| ArmSummary {
                arm,
                pulls: s.pulls,
                mean: s.mean(),
            })
            .collect()
    }

    /// Picks an arm and opens a decision awaiting its reward.
    pub fn choose(&mut self) -> Result<Decision> {
        self.arms.require_some()?;
        self.pending.check_room(self.steps)?;
        let mut rng = step_rng(self.options.seed, self.steps);
        let i = select(
            &self.options.policy,
            &self.arms.stats,
            self.steps,
            &mut rng,
            &mut self.ucb,
        );
        self.steps += 1;
        let arm = self.arms.ids[i];
        Ok(Decision {
            id: self.pending.record((arm, Vec::new())),
            arm,
        })
    }

    /// Reports the reward of decision `decision` (each decision is rewarded at most once).
    pub fn reward(&mut self, decision: u64, reward: f64) -> Result<()> {
        check_reward(reward, self.options.policy.bounded_rewards())?;
        let arm = self.pending.peek(decision)?.0;
        if self.arms.index("arm", arm).is_err() {
            return Err(Error::invalid(
                "decisionId",
                "a decision whose arm is still live",
                format!("{decision}, made for arm {arm} which has since been retired"),
            ));
        }
        // Checked before anything changes: an error leaves the decision open.
        self.update(arm, reward)?;
        self.pending.take(decision)?;
        Ok(())
    }

    /// Records a reward for `arm` directly (no decision id), e.g. when replaying a log.
    pub fn update(&mut self, arm: u32, reward: f64) -> Result<()> {
        check_reward(reward, self.options.policy.bounded_rewards())?;
        if !(reward * reward).is_finite() {
            return Err(Error::invalid(
                "reward",
                "a number whose square is finite",
                reward,
            ));
        }
        let i = self.arms.index("arm", arm)?;
        check_counter("pulls", self.arms.stats[i].pulls)?;
        let g = self.options.discount;
        if g < 1.0 {
            for s in &mut self.arms.stats {
                s.n *= g;
                s.sum *= g;
                s.sum_sq *= g;
            }
        }
        let s = &mut self.arms.stats[i];
        s.n += 1.0;
        s.sum += reward;
        s.sum_sq += reward * reward;
        s.pulls += 1;
        Ok(())
    }
}

/// Relative slack for statistics that accumulate rounding (discounting multiplies every arm's
/// statistics at each reward).
const SLACK: f64 = 1e-6;

impl SavedState for MultiArmed {
    const KIND: u8 = KIND_MAB;

    fn encode(&self, w: &mut Writer) {
        let (tag, p) = self.options.policy.tag_and_params();
        w.u8(tag);
        for x in p {
            w.f64(x);
        }
        w.f64(self.options.discount);
        w.u64(self.options.seed);
        w.u64(self.options.max_pending as u64);
        w.u64(self.steps);
        w.u64(self.arms.ids.len() as u64);
        for (&id, s) in self.arms.ids.iter().zip(&self.arms.stats) {
            w.u32(id);
            w.f64(s.n);
            w.f64(s.sum);
            w.f64(s.sum_sq);
            w.u64(s.pulls);
        }
        w.u64(self.pending.next_id);
        w.u64(self.pending.open.len() as u64);
        for (&d, (arm, _)) in &self.pending.open {
            w.u64(d);
            w.u32(*arm);
        }
    }

    fn decode(r: &mut Reader) -> Result<Self> {
        let tag = r.u8()?;
        let p = [r.f64()?, r.f64()?, r.f64()?];
        let policy = MabPolicy::from_tag(tag, p)
            .ok_or_else(|| saved::invalid(format!("unknown policy tag {tag}")))?;
        let options = MabOptions {
            policy,
            discount: r.f64()?,
            seed: r.u64()?,
            max_pending: usize::try_from(r.u64()?).unwrap_or(usize::MAX),
        };
        let steps = r.u64()?;
        let n_arms = r.count(36, "arms")?;
        let (mut ids, mut stats) = (Vec::with_capacity(n_arms), Vec::with_capacity(n_arms));
        for _ in 0..n_arms {
            ids.push(r.u32()?);
            stats.push(ArmStats {
                n: r.finite("arm count")?,
                sum: r.finite("arm reward sum")?,
                sum_sq: r.finite("arm squared sum")?,
                pulls: r.u64()?,
            });
        }
        let arms = Arms::from_parts(ids, stats).map_err(|e| saved::invalid(e.to_string()))?;
        let mut pending = Pending::new(options.max_pending);
        pending.next_id = r.u64()?;
        let n_open = r.count(12, "pending decisions")?;
        for _ in 0..n_open {
            let d = r.u64()?;
            let arm = r.u32()?;
            if pending.open.insert(d, (arm, Vec::new())).is_some() {
                return Err(saved::invalid(format!("pending decision {d} stored twice")));
            }
        }
        Ok(MultiArmed {
            options,
            arms,
            pending,
            steps,
            ucb: UcbCache::default(),
        })
    }

    fn validate(&self) -> Result<()> {
        self.options
            .validate()
            .map_err(|e| saved::invalid(format!("stored options: {e}")))?;
        safe_count("the step count", self.steps)?;
        self.arms.check_saved_count()?;
        let bounded = self.options.policy.bounded_rewards();
        for (&id, s) in self.arms.ids.iter().zip(&self.arms.stats) {
            safe_count(&format!("arm {id}'s pull count"), s.pulls)?;
            let pulls = s.pulls as f64;
            let ok = s.n >= 0.0
                && s.sum_sq >= 0.0
                // Discounted weights never exceed the undiscounted count…
                && s.n <= pulls * (1.0 + SLACK)
                // …and by Cauchy–Schwarz sum² ≤ n · sum_sq.
                && s.sum * s.sum <= s.n * s.sum_sq * (1.0 + SLACK) + SLACK
                // Rewards in [0, 1]: 0 ≤ sum ≤ n and sum_sq ≤ sum.
                && (!bounded
                    || (s.sum >= 0.0
                        && s.sum <= s.n * (1.0 + SLACK)
                        && s.sum_sq <= s.sum * (1.0 + SLACK) + SLACK));
            if !ok {
                return Err(saved::invalid(format!(
                    "arm {id} has impossible statistics (weight {}, reward sum {}, squared sum {}, {} pulls{})",
                    Num(s.n),
                    Num(s.sum),
                    Num(s.sum_sq),
                    s.pulls,
                    if bounded { ", rewards in [0, 1]" } else { "" }
                )));
            }
        }
        safe_count("the next decision id", self.pending.next_id)?;
        if self.pending.open.len() > self.options.max_pending {
            return Err(saved::invalid(format!(
                "{} pending decisions, more than max_pending = {}",
                self.pending.open.len(),
                self.options.max_pending
            )));
        }
        if let Some((&d, _)) = self.pending.open.range(self.pending.next_id..).next() {
            return Err(saved::invalid(format!(
                "pending decision {d} was never issued"
            )));
        }
        Ok(())
    }
}
