//! What a ranking is made of, shared by the pipeline, the store, the profile and diversity
//! (a leaf: it imports no other rerank file): the value bound that keeps dot products finite,
//! the parts of a score, and an eligible item's relevance with its parts.

use crate::error::{Error, Result};
use crate::num::Num;
use serde::{Deserialize, Serialize};

/// Largest magnitude accepted in embeddings and queries: `65536 · (1e15)² < f32::MAX`, so no dot
/// product can overflow.
pub const MAX_ABS_VALUE: f32 = 1e15;

/// The parts of one result's score.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ScoreParts {
    /// Raw local similarity (`q̂ · e` or cosine; in a cold start the popularity prior in [0, 1],
    /// or 0 without one).
    pub similarity: f64,
    /// `blend.local · similarity`.
    pub local: f64,
    /// Raw server score (0 in catalog mode).
    pub server_score: f64,
    /// `blend.server · server_score`.
    pub server: f64,
    /// The propensity model's p(click) in [0, 1] (0 without one).
    pub click_probability: f64,
    /// `propensity.weight · click_probability`, added.
    pub propensity: f64,
    /// Sum of the boosts and burials that applied.
    pub rule_boost: f64,
    /// Stock-out risk in [0, 1] (0 without supply settings).
    pub supply_risk: f64,
    /// `strength · risk`, subtracted.
    pub supply_penalty: f64,
    /// MMR penalty, subtracted (0 without diversity).
    pub diversity_penalty: f64,
    /// True when the item sits at a pinned slot.
    pub pinned: bool,
}

/// Relevance of one eligible item, kept with its parts.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Scored {
    pub index: u32,
    pub rel: f64,
    pub parts: ScoreParts,
}

/// Fails when a value exceeds [`MAX_ABS_VALUE`] in magnitude.
pub(crate) fn check_magnitude(arg: &str, v: &[f32]) -> Result<()> {
    match v.iter().position(|x| x.abs() > MAX_ABS_VALUE) {
        None => Ok(()),
        Some(i) => Err(Error::invalid(
            arg,
            format!(
                "values within ±{} (so dot products stay finite in f32)",
                Num::from(MAX_ABS_VALUE)
            ),
            format!("{} at index {i}", Num::from(v[i])),
        )),
    }
}
