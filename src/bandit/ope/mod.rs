//! Off-policy evaluation of logged bandit feedback, following the Open Bandit Pipeline (obp):
//! replay, IPS, SNIPS, the direct method with a ridge reward model, doubly robust and
//! self-normalized doubly robust, each with a normal-approximation confidence interval.
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

pub use bootstrap::{bootstrap_interval, point_estimate, Estimator};
pub use estimators::{
    direct_method, doubly_robust, ips, replay, self_normalized_dr, snips, Estimate,
};
pub use logs::{EvalPolicy, Logs};
pub use obd::{eval_policy_from_csv, ObdLogs};
pub use report::{report, OpeConfig, OpeReport, OpeSettings, ReportEstimate, RewardFeatures};
pub use ridge::RidgeRewardModel;
