//! The options of a ranking request — the one definition of each, with its JSON / JS
//! (camelCase) name and default — and what a ranking returns.

use super::propensity::Propensity;
use super::rules::Rules;
use super::score::ScoreParts;
use super::store::ItemId;
use super::supply::Supply;
use serde::{Deserialize, Serialize};

/// How the query is compared with item embeddings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Metric {
    /// Dot product with the unit query (item length counts: popular items often have longer vectors).
    #[default]
    Dot,
    /// Cosine similarity.
    Cosine,
}

/// A server-proposed candidate with the server's own score.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Candidate {
    /// The item.
    pub id: ItemId,
    /// The server's score (finite).
    pub server_score: f64,
}

/// Weights of the local similarity and the server score.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Blend {
    /// Weight of the local similarity (default 1).
    pub local: f64,
    /// Weight of the server score (default 1; unused when ranking the whole catalog).
    pub server: f64,
}

impl Default for Blend {
    fn default() -> Self {
        Blend {
            local: 1.0,
            server: 1.0,
        }
    }
}

/// Maximal marginal relevance settings. Cost: `O(k · pool · dim)` — keep the pool in the
/// hundreds or low thousands on a page (when category caps leave the pool short of `k` items,
/// the selection is redone over every eligible item).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Diversity {
    /// Relevance/diversity trade-off in (0, 1]; 1 = no diversity.
    pub lambda: f64,
    /// Items considered (the best by relevance); 0 = automatic, `max(5k, 50)`.
    pub pool: usize,
}

impl Default for Diversity {
    fn default() -> Self {
        Diversity {
            lambda: 0.7,
            pool: 0,
        }
    }
}

/// Everything a ranking request can ask for. `Default` ranks the whole catalog, top 10, by dot.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct RankOptions {
    /// Number of items to return (≥ 1; more than available returns all available).
    pub k: usize,
    /// Similarity metric.
    pub metric: Metric,
    /// Re-rank these server candidates instead of the whole catalog.
    pub candidates: Option<Vec<Candidate>>,
    /// Local/server blend.
    pub blend: Blend,
    /// MMR diversification.
    pub diversity: Option<Diversity>,
    /// At most this many items per category (needs store categories).
    pub category_cap: Option<usize>,
    /// Business rules.
    pub rules: Rules,
    /// Supply-aware demotion.
    pub supply: Option<Supply>,
    /// A learned click-propensity term.
    pub propensity: Option<Propensity>,
}

impl RankOptions {
    /// The propensity term as the scorer sees it: always `None` in a build without it
    /// ([`super::propensity::IN_BUILD`]), where the checks refuse one, so its scoring code is
    /// left out of that module.
    #[inline]
    pub(crate) fn propensity_term(&self) -> Option<&Propensity> {
        if super::propensity::IN_BUILD {
            self.propensity.as_ref()
        } else {
            None
        }
    }
}

impl Default for RankOptions {
    fn default() -> Self {
        RankOptions {
            k: 10,
            metric: Metric::Dot,
            candidates: None,
            blend: Blend::default(),
            diversity: None,
            category_cap: None,
            rules: Rules::default(),
            supply: None,
            propensity: None,
        }
    }
}

/// One returned item.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RankedItem {
    /// Position in the store.
    pub index: u32,
    /// The item's id.
    pub id: ItemId,
    /// Final score: `local + server + propensity + rule_boost − supply_penalty −
    /// diversity_penalty`.
    pub score: f64,
    /// Its parts.
    pub parts: ScoreParts,
}

/// A ranking plus what could not be used.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Ranking {
    /// The items, best first (pins at their slots).
    pub items: Vec<RankedItem>,
    /// Ids in candidates, pins, boosts or exclusions that the store does not know (first-seen order).
    pub unknown_ids: Vec<ItemId>,
    /// Boosted categories no item has.
    pub unknown_categories: Vec<String>,
    /// Items removed by filters (stock, price, exclusions).
    pub filtered: usize,
    /// True when the query was zero (an empty session): similarities are the store's popularity
    /// prior, or 0 without one (see the module documentation).
    pub cold_start: bool,
}
