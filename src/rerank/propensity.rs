//! A learned click propensity as a ranking term.
//!
//! A storefront learns p(click | shopper, item) in the page — an FTRL-proximal learner
//! ([`crate::learn::Ftrl`], the JS `OnlineLogistic`) updated from the shopper's impressions and
//! clicks, or a batch [`crate::learn`] logistic regression fitted on an exported log — and the
//! ranker adds `weight · p` to each item's relevance, shown in the explanation as
//! `clickProbability` and `propensity`.
//!
//! The model sees one of three feature sets, [`PropensityFeatures`]; [`Propensity::features`]
//! gives the exact vector for an item so the page trains on what the ranker scores.

use super::score::MAX_ABS_VALUE;
use super::store::ItemStore;
use crate::error::{Error, Result};
use serde::{Deserialize, Serialize};

/// What the propensity model sees for an item.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum PropensityFeatures {
    /// The item's embedding `e_i` (the store's dimension): a shared model of which items get
    /// clicked, e.g. learned from every visitor's clicks.
    Embedding,
    /// The shopper's unit query times the embedding, element by element, `q̂ ⊙ e_i` (the store's
    /// dimension): a personal model — coefficient `j` says how much agreeing with the shopper on
    /// latent dimension `j` drives clicks. Zero in a cold start (then p = σ(intercept)).
    Interaction,
    /// Page-supplied item features (price, discount, rating, …): row-major `store.len() × dim`,
    /// in store order.
    Items {
        /// The values, finite.
        values: Vec<f64>,
        /// Features per item.
        dim: usize,
    },
}

/// A logistic click model and the weight of its probability in the relevance.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Propensity {
    /// Model coefficients, one per feature (an `OnlineLogistic`'s or `logisticRegression`'s
    /// `coef`).
    pub coef: Vec<f64>,
    /// Model intercept.
    pub intercept: f64,
    /// Weight `w` of the term `w · p(click)` (finite; 0 shows p without ranking by it).
    pub weight: f64,
    /// The features the model was trained on.
    pub features: PropensityFeatures,
}

impl Propensity {
    /// The feature width the model must have for `store`.
    pub fn dim(&self, store: &ItemStore) -> usize {
        match &self.features {
            PropensityFeatures::Embedding | PropensityFeatures::Interaction => store.dim(),
            PropensityFeatures::Items { dim, .. } => *dim,
        }
    }

    /// Fails unless the model fits `store`: one finite coefficient per feature, finite intercept
    /// and weight, and (for item features) `store.len() × dim` finite values.
    pub fn check(&self, store: &ItemStore) -> Result<()> {
        if let PropensityFeatures::Items { values, dim } = &self.features {
            crate::limits::check_count(
                "propensity.features.dim",
                *dim,
                1,
                crate::limits::MAX_FEATURES,
            )?;
            if Some(values.len()) != store.len().checked_mul(*dim) {
                return Err(Error::invalid(
                    "propensity.features.values",
                    format!("items × dim = {}×{dim} values (store order)", store.len()),
                    format!("{} values", values.len()),
                ));
            }
            crate::error::check::finite("propensity.features.values", values)?;
        }
        let d = self.dim(store);
        if self.coef.len() != d {
            return Err(Error::invalid(
                "propensity.model.coef",
                format!("{d} coefficients (one per feature)"),
                format!("{} values", self.coef.len()),
            ));
        }
        crate::error::check::finite("propensity.model.coef", &self.coef)?;
        for (arg, v) in [
            ("propensity.model.intercept", self.intercept),
            ("propensity.weight", self.weight),
        ] {
            if !v.is_finite() {
                return Err(Error::invalid(arg, "a finite number", v));
            }
        }
        Ok(())
    }

    /// The model's features for item `index` given the shopper's query (any length-`dim` vector;
    /// it is scaled to unit length as the ranker does). `None` for an index outside the store, a
    /// query of the wrong length or with a value beyond ±[`MAX_ABS_VALUE`] (the ranker's bound).
    pub fn features(&self, store: &ItemStore, query: &[f32], index: usize) -> Option<Vec<f64>> {
        if index >= store.len()
            || query.len() != store.dim()
            || query
                .iter()
                .any(|x| !x.is_finite() || x.abs() > MAX_ABS_VALUE)
        {
            return None;
        }
        Some(match &self.features {
            PropensityFeatures::Embedding => store
                .embedding(index)
                .iter()
                .map(|&x| f64::from(x))
                .collect(),
            PropensityFeatures::Interaction => {
                let unit = unit(query);
                store
                    .embedding(index)
                    .iter()
                    .zip(&unit)
                    .map(|(&e, q)| f64::from(e) * q)
                    .collect()
            }
            PropensityFeatures::Items { values, dim } => {
                values[index * dim..(index + 1) * dim].to_vec()
            }
        })
    }

    /// p(click) for item `index` with the unit query `unit_query` (already checked by
    /// [`Propensity::check`]); in [0, 1] (see `sigmoid` for overflowing sums).
    pub(crate) fn probability(&self, store: &ItemStore, unit_query: &[f64], index: usize) -> f64 {
        let z = match &self.features {
            PropensityFeatures::Embedding => dot_f32(&self.coef, &store.embedding(index), None),
            PropensityFeatures::Interaction => {
                dot_f32(&self.coef, &store.embedding(index), Some(unit_query))
            }
            PropensityFeatures::Items { values, dim } => values[index * dim..(index + 1) * dim]
                .iter()
                .zip(&self.coef)
                .map(|(x, c)| x * c)
                .sum(),
        } + self.intercept;
        sigmoid(z)
    }
}

/// Whether this build has the propensity term: the cargo feature `rerank-eval` (the npm entries
/// `edgewise/rerank-eval` and the full module). `edgewise/rerank` leaves the model's checks and
/// scoring out (smaller module) and refuses a ranking with one ([`not_in_build`]).
pub(crate) const IN_BUILD: bool = cfg!(feature = "rerank-eval");

/// The error for a propensity term in a build without it.
pub(crate) fn not_in_build() -> Error {
    Error::invalid(
        "options.propensity",
        "no propensity model in edgewise/rerank (import edgewise/rerank-eval or the full module \
         edgewise to rank with one)",
        "a propensity model",
    )
}

/// The query scaled to unit length (zero stays zero), in f64.
pub(crate) fn unit(query: &[f32]) -> Vec<f64> {
    let n = query
        .iter()
        .map(|&x| f64::from(x) * f64::from(x))
        .sum::<f64>()
        .sqrt();
    query
        .iter()
        .map(|&x| if n > 0.0 { f64::from(x) / n } else { 0.0 })
        .collect()
}

fn dot_f32(coef: &[f64], e: &[f32], scale: Option<&[f64]>) -> f64 {
    match scale {
        None => coef.iter().zip(e).map(|(c, &x)| c * f64::from(x)).sum(),
        Some(s) => coef
            .iter()
            .zip(e)
            .zip(s)
            .map(|((c, &x), q)| c * f64::from(x) * q)
            .sum(),
    }
}

/// σ(z) without overflow; an infinite z (huge coefficients times huge values) saturates to 0 or
/// 1, and a sum that overflowed both ways (NaN) counts as z = 0, p = 0.5.
fn sigmoid(z: f64) -> f64 {
    if z.is_nan() {
        0.5
    } else if z >= 0.0 {
        1.0 / (1.0 + (-z).exp())
    } else {
        let e = z.exp();
        e / (1.0 + e)
    }
}
