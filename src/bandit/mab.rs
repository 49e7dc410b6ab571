//! Non-contextual bandits: one engine running any [`MabPolicy`] over a changing arm catalog,
//! with delayed rewards (decision ids), optional discounting and exact state export/import.

use crate::error::{Error, Result};

use super::arms::{catalog, check_reward, step_rng, Arms, Pending};
use super::codec::{self, Reader, Writer, KIND_MAB};
use super::policy::{select, ArmStats, MabPolicy, UcbCache};

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
        if !(self.discount > 0.0 && self.discount <= 1.0) {
            return Err(Error::invalid(
                "options.discount",
                "a number in (0, 1]",
                self.discount,
            ));
        }
        Ok(())
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
    pending: Pending<u32>,
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
            id: self.pending.record(arm),
            arm,
        })
    }

    /// Reports the reward of decision `decision` (each decision is rewarded at most once).
    pub fn reward(&mut self, decision: u64, reward: f64) -> Result<()> {
        check_reward(reward, self.options.policy.bounded_rewards())?;
        let arm = self.pending.take(decision)?;
        self.update(arm, reward).map_err(|_| {
            Error::invalid(
                "decision",
                "a decision whose arm is still live",
                format!("{decision}, made for arm {arm} which has since been retired"),
            )
        })
    }

    /// Records a reward for `arm` directly (no decision id), e.g. when replaying a log.
    pub fn update(&mut self, arm: u32, reward: f64) -> Result<()> {
        check_reward(reward, self.options.policy.bounded_rewards())?;
        let i = self.arms.index("arm", arm)?;
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

    /// The whole state as a versioned, checksummed document (see [`codec`]).
    pub fn export_state(&self) -> Vec<u8> {
        let mut w = Writer::default();
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
        for (&d, &arm) in &self.pending.open {
            w.u64(d);
            w.u32(arm);
        }
        w.finish(KIND_MAB)
    }

    /// Rebuilds a bandit from [`MultiArmed::export_state`] output, refusing anything damaged.
    pub fn import_state(doc: &[u8]) -> Result<Self> {
        let mut r = Reader::open(doc, KIND_MAB)?;
        let tag = r.u8()?;
        let p = [r.f64()?, r.f64()?, r.f64()?];
        let policy = MabPolicy::from_tag(tag, p)
            .ok_or_else(|| codec::invalid(format!("unknown policy tag {tag}")))?;
        let options = MabOptions {
            policy,
            discount: r.f64()?,
            seed: r.u64()?,
            max_pending: r.u64()? as usize,
        };
        options
            .validate()
            .map_err(|e| codec::invalid(format!("stored options: {e}")))?;
        let steps = r.u64()?;
        let n_arms = r.count(36, "arms")?;
        let mut arms = Arms::new();
        for _ in 0..n_arms {
            let id = r.u32()?;
            let s = ArmStats {
                n: r.finite("arm count")?,
                sum: r.finite("arm reward sum")?,
                sum_sq: r.finite("arm squared sum")?,
                pulls: r.u64()?,
            };
            if s.n < 0.0 || s.sum_sq < 0.0 {
                return Err(codec::invalid(format!("arm {id} has negative counts")));
            }
            arms.add(id, s)
                .map_err(|_| codec::invalid(format!("arm {id} stored twice")))?;
        }
        let mut pending = Pending::new(options.max_pending);
        pending.next_id = r.u64()?;
        let n_open = r.count(12, "pending decisions")?;
        for _ in 0..n_open {
            let d = r.u64()?;
            let arm = r.u32()?;
            if d >= pending.next_id {
                return Err(codec::invalid(format!(
                    "pending decision {d} was never issued"
                )));
            }
            pending.open.insert(d, arm);
        }
        r.end()?;
        Ok(MultiArmed {
            options,
            arms,
            pending,
            steps,
            ucb: UcbCache::default(),
        })
    }

    /// Replaces this bandit's state with `doc`; on any error the live bandit is left untouched.
    pub fn load_state(&mut self, doc: &[u8]) -> Result<()> {
        *self = Self::import_state(doc)?;
        Ok(())
    }
}
