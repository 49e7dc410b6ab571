//! Re-ranking on the shopper's device: an item store loaded from downloaded embeddings, a
//! time-decayed shopper profile, and a ranking pipeline with blending, diversity, business rules,
//! supply-aware demotion and per-item explanations.
//!
//! ```
//! use edgewise::compute::CpuBackend;
//! use edgewise::rerank::synth::synth_catalog;
//! use edgewise::rerank::*;
//!
//! // A catalog the page downloaded (here: generated), quantized to int8.
//! let cat = synth_catalog(2_000, 32, 8, 1)?;
//! let store = cat.store()?.quantize_int8();
//!
//! // The shopper's session, kept on the device.
//! let mut profile = Profile::new(store.dim(), ProfileParams::default())?;
//! let report = profile.observe(&store, &[
//!     Event { item: ItemId::Num(5), kind: EventKind::View, timestamp_ms: 0.0 },
//!     Event { item: ItemId::Num(9), kind: EventKind::Purchase, timestamp_ms: 60_000.0 },
//!     Event { item: ItemId::Num(99_999), kind: EventKind::View, timestamp_ms: 60_000.0 },
//! ])?;
//! assert_eq!(report.unknown_ids, vec![ItemId::Num(99_999)]);
//!
//! // Top 10: diverse, at most 3 per category, no out-of-stock, no re-buying, supply-aware.
//! let opts = RankOptions {
//!     k: 10,
//!     diversity: Some(Diversity { lambda: 0.7, pool: 0 }),
//!     category_cap: Some(3),
//!     rules: Rules { drop_out_of_stock: true, suppress_purchased: true, ..Default::default() },
//!     supply: Some(Supply {
//!         signal: SupplySignal::Demand(vec![5.0; store.len()]),
//!         strength: 0.2,
//!     }),
//!     ..Default::default()
//! };
//! let ranking = rank_profile(&CpuBackend, &store, &profile, 120_000.0, &opts)?;
//! assert_eq!(ranking.items.len(), 10);
//! assert!(ranking.items.iter().all(|it| it.id != ItemId::Num(9)));
//! let p = &ranking.items[0].parts;
//! assert!((p.local + p.server + p.rule_boost - p.supply_penalty - p.diversity_penalty
//!     - ranking.items[0].score).abs() < 1e-12);
//! # Ok::<(), edgewise::Error>(())
//! ```

pub mod config;
mod diversity;
#[cfg(feature = "learn")]
pub mod embeddings;
pub mod eval;
mod hash;
pub mod json;
pub mod load;
mod options;
mod profile;
mod propensity;
mod propensity_rows;
mod rank;
mod relevance;
mod rule_index;
mod rules;
mod score;
mod select;
mod store;
mod supply;
pub mod synth;
#[cfg(test)]
mod tests;
#[cfg(all(test, feature = "learn"))]
mod tests_propensity;
mod validate;

pub use options::{Blend, Candidate, Diversity, Metric, RankOptions, RankedItem, Ranking};
pub use profile::{Event, EventKind, ObserveReport, Profile, ProfileParams};
pub use propensity::{Propensity, PropensityFeatures};
pub use propensity_rows::propensity_features;
pub use rank::{rank, rank_profile, rank_with};
pub use rules::{Boost, BoostTarget, Pin, Rules};
pub use score::{ScoreParts, MAX_ABS_VALUE};
pub use store::{ItemId, ItemStore};
pub use supply::{risk_from_demand, Supply, SupplySignal};
