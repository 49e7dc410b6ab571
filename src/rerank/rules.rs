//! Business rules applied on top of the learned scores.

use super::store::ItemId;
use serde::{Deserialize, Serialize};

/// What a boost applies to.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum BoostTarget {
    /// One item.
    Id(ItemId),
    /// Every item of a category.
    Category(String),
}

/// Adds `amount` to the score of the target's items (negative = bury).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Boost {
    /// Which items.
    pub target: BoostTarget,
    /// Score units added (finite; negative buries).
    pub amount: f64,
}

/// Places an item at a fixed slot (0-based) of the returned list, whatever its score.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Pin {
    /// The pinned item.
    pub id: ItemId,
    /// Its slot, below `k`.
    pub slot: usize,
}

/// Merchandising rules. Filters remove items; boosts shift scores; pins fix positions.
///
/// Pinned items bypass the filters and scores (the merchant asked for them explicitly); only an
/// unknown pinned id is skipped (and reported).
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Rules {
    /// Drop items with stock ≤ 0 (needs store stock).
    pub drop_out_of_stock: bool,
    /// Keep only items priced at least this (needs store prices).
    pub price_min: Option<f64>,
    /// Keep only items priced at most this (needs store prices).
    pub price_max: Option<f64>,
    /// Items never to return (e.g. already in the cart).
    pub exclude: Vec<ItemId>,
    /// Exclude the profile's purchased items (already-purchased suppression; needs
    /// `rank_profile`, which has the profile).
    pub suppress_purchased: bool,
    /// Score boosts and burials.
    pub boosts: Vec<Boost>,
    /// Fixed slots.
    pub pins: Vec<Pin>,
}
