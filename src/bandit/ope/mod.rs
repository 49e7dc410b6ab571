//! Off-policy evaluation of logged bandit feedback, following the Open Bandit Pipeline (obp):
//! replay, IPS, SNIPS, the direct method with a ridge reward model (or a reward model's estimates
//! q̂ given from outside), doubly robust, self-normalized doubly robust, Switch-DR and DR with
//! optimistic shrinkage, each with a normal-approximation confidence interval and optionally a
//! percentile-bootstrap one.
//!
//! Positions follow obp: a log row shows one action at one slot (position `0..len_list`) and the
//! evaluation policy gives π(a | round, position). On the Open Bandit Dataset sample these
//! reproduce obp 0.5.7's estimates (see `tests/bandit_ope.rs`).

mod bootstrap;
mod estimators;
mod logs;
mod obd;
mod report;
mod ridge;

pub use bootstrap::{bootstrap_interval, point_estimate, BootstrapMethod, Estimator};
pub use estimators::{
    direct_method, doubly_robust, dr_os, ips, q_hat_at_logged_positions, replay,
    self_normalized_dr, snips, switch_dr, Estimate,
};
pub use logs::{EvalPolicy, Logs};
pub use obd::{eval_policy_from_csv, ObdLogs};
pub use report::{
    report, ModelBased, OpeConfig, OpeReport, OpeSettings, ReportEstimate, RewardFeatures,
    RewardModel,
};
pub use ridge::RidgeRewardModel;
