//! Exploration that stays on the device: bandit policies, their saved state, local differential
//! privacy for anything reported out, and off-policy evaluation of logged feedback.
//!
//! - [`MultiArmed`] runs ε-greedy, UCB1, Beta/Gaussian Thompson sampling or softmax
//!   ([`MabPolicy`]); [`LinearBandit`] runs LinUCB or linear Thompson sampling ([`LinearPolicy`]).
//!   Both support arms added/retired at run time, delayed rewards through decision ids,
//!   discounting, seeded draws, and `export_state`/`import_state` (see [`saved`]).
//! - [`privacy`]: local differential privacy mechanisms, the per-user budget and the decoders.
//! - [`ope`]: off-policy evaluation (replay, IPS, SNIPS, DM, DR, SNDR) matching obp.
//! - [`simulate`]: seeded regret and LDP-fleet simulations for the dashboard.

mod arms;
pub mod config;
mod linear;
mod mab;
mod policy;
pub mod sample;
pub mod saved;
pub mod simulate;

pub use linear::{LinearBandit, LinearOptions, LinearPolicy, RIDGE_RANGE};
pub use mab::{ArmSummary, Decision, MabOptions, MultiArmed};
pub use policy::{ArmStats, MabPolicy};
pub mod ope;
pub mod privacy;

use crate::error::Result;

/// The shape both bandit classes share: choose an arm for a context, learn from its reward (and
/// [`saved::SavedState`] for their saved state). Code that drives a bandit — a replay, a
/// simulation, a page's round trip — can be written once over it.
pub trait Bandit {
    /// What a decision is made from: `()` for [`MultiArmed`], the shared feature vector `[f64]`
    /// for [`LinearBandit`].
    type Context: ?Sized;
    /// Picks an arm for `context` and opens a decision awaiting its reward.
    fn choose(&mut self, context: &Self::Context) -> Result<Decision>;
    /// Reports the reward of an open decision (each decision is rewarded at most once; an error
    /// leaves it open).
    fn reward(&mut self, decision: u64, reward: f64) -> Result<()>;
    /// Records a reward for `arm` shown in `context` directly (no decision id), e.g. a log replay.
    fn update(&mut self, arm: u32, context: &Self::Context, reward: f64) -> Result<()>;
}

impl Bandit for MultiArmed {
    type Context = ();
    fn choose(&mut self, _context: &()) -> Result<Decision> {
        MultiArmed::choose(self)
    }
    fn reward(&mut self, decision: u64, reward: f64) -> Result<()> {
        MultiArmed::reward(self, decision, reward)
    }
    fn update(&mut self, arm: u32, _context: &(), reward: f64) -> Result<()> {
        MultiArmed::update(self, arm, reward)
    }
}

impl Bandit for LinearBandit {
    type Context = [f64];
    fn choose(&mut self, context: &[f64]) -> Result<Decision> {
        LinearBandit::choose(self, context)
    }
    fn reward(&mut self, decision: u64, reward: f64) -> Result<()> {
        LinearBandit::reward(self, decision, reward)
    }
    fn update(&mut self, arm: u32, context: &[f64], reward: f64) -> Result<()> {
        LinearBandit::update(self, arm, context, reward)
    }
}
