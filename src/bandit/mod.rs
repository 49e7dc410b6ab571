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
