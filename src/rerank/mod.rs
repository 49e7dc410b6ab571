//! Re-ranking on the shopper's device: an item store loaded from downloaded embeddings, a
//! time-decayed shopper profile, and a ranking pipeline with blending, diversity, business rules,
//! supply-aware demotion and per-item explanations.

mod diversity;
pub mod eval;
pub mod load;
mod profile;
mod rank;
mod rules;
mod store;
mod supply;
pub mod synth;
#[cfg(test)]
mod tests;

pub use profile::{Event, EventKind, ObserveReport, Profile, ProfileParams};
pub use rank::{
    rank, rank_profile, rank_with, Blend, Candidate, Diversity, Metric, RankOptions, RankedItem,
    Ranking, ScoreParts, MAX_ABS_VALUE,
};
pub use rules::{Boost, BoostTarget, Pin, Rules};
pub use store::{ItemId, ItemStore};
pub use supply::{risk_from_demand, Supply, SupplySignal};
