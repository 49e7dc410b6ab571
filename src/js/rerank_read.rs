//! Reading the rerank API's JS arguments (item ids, session events, index lists) into core
//! types, and building its results. The option objects (`rank`'s options, profile parameters,
//! events) are declared once in [`crate::rerank::config`] and read by the table-driven
//! `args::option_set`; their TypeScript comes from there, the results' from [`TS_RESULTS`].

use super::args::{self, object};
use crate::error::Result;
use crate::rerank::config::{self, EventConfig};
use crate::rerank::{Event, ItemId, RankedItem, Ranking};
use js_sys::{Array, Float64Array, Uint32Array, Uint8Array};
use wasm_bindgen::prelude::*;

/// The TypeScript of the rerank API's results and the types its options refer to.
#[wasm_bindgen(typescript_custom_section)]
const TS_RESULTS: &str = r#"
/** An item id as the page knows it: a number (u32) or a string (e.g. a SKU). */
export type ItemId = number | string;
/**
 * What a propensity model sees for an item: "embedding" (the item's embedding, the store's
 * dimension), "interaction" (the shopper's unit query times the embedding, element by element —
 * a personal model; zero in a cold start), or page-supplied item features (`RankItemFeatures`).
 */
export type RankPropensityFeatures = "embedding" | "interaction" | RankItemFeatures;
/** What `ShopperProfile.observe` did. */
export interface ObserveReport {
  /** Events applied. */
  applied: number;
  /** Ids the store does not know (their events were skipped), first-seen order. */
  unknownIds: ItemId[];
}
/** The explanation of each result's score: one value per returned item. */
export interface ScoreParts {
  /** Raw local similarity (in a cold start: the popularity prior, see `RankResult.coldStart`). */
  similarity: Float64Array;
  /** blend.local * similarity. */
  local: Float64Array;
  /** Raw server score (0 in catalog mode). */
  serverScore: Float64Array;
  /** blend.server * serverScore. */
  server: Float64Array;
  /** The propensity model's p(click) in [0, 1] (0 without `options.propensity`). */
  clickProbability: Float64Array;
  /** propensity.weight * clickProbability, added. */
  propensity: Float64Array;
  /** Sum of the boosts and burials that applied. */
  ruleBoost: Float64Array;
  /** Stock-out risk in [0, 1]. */
  supplyRisk: Float64Array;
  /** strength * risk, subtracted. */
  supplyPenalty: Float64Array;
  /** MMR penalty, subtracted. */
  diversityPenalty: Float64Array;
  /** 1 where the item sits at a pinned slot. */
  pinned: Uint8Array;
}
/** Result of `rank` / `rankProfile`: best first; score = local + server + propensity + ruleBoost - supplyPenalty - diversityPenalty. */
export interface RankResult {
  /** Positions in the store. */
  indices: Uint32Array;
  /** Item ids. */
  ids: ItemId[];
  /** Final scores. */
  scores: Float64Array;
  /** The parts of each score. */
  parts: ScoreParts;
  /** Ids in candidates, pins, boosts or exclusions the store does not know. */
  unknownIds: ItemId[];
  /** Boosted categories no item has. */
  unknownCategories: string[];
  /** Items removed by filters (stock, price, exclusions). */
  filtered: number;
  /**
   * True when the query was zero (e.g. an empty session): `parts.similarity` is then the store's
   * popularity prior (`setPopularity`, scaled so the most popular item has 1), or 0 without one,
   * leaving the server's order (candidates) or the catalog order.
   */
  coldStart: boolean;
}
/** Result of `synthCatalog`: item i at index i everywhere. */
export interface SynthCatalog {
  /** The catalog as a store with ids 0..n, categories, prices, stock and popularity (`setPopularity`). */
  store: ItemStore;
  /** n x dim embeddings, row-major. */
  embeddings: Float32Array;
  /** Cluster of each item. */
  cluster: Uint32Array;
  /** Category name of each item ("c<cluster>"). */
  categories: string[];
  /** Popularity share of each item (sums to 1). */
  popularity: Float64Array;
  /** Price of each item. */
  prices: Float64Array;
  /** Units in stock (about 10% zero). */
  stock: Float64Array;
}
"#;

/// An item id from a JS value: a whole number in `0..2^32` or a string.
pub(super) fn item_id(v: &JsValue) -> Option<ItemId> {
    args::key_of(v).map(ItemId::from)
}

/// Item ids: a `Uint32Array`, or an array of strings and whole numbers.
pub(super) fn item_ids(arg: &str, v: &JsValue) -> Result<Vec<ItemId>> {
    Ok(args::keys(arg, v)?.into_iter().map(ItemId::from).collect())
}

/// A JS value for an item id.
pub(super) fn id_value(id: &ItemId) -> JsValue {
    match id {
        ItemId::Num(n) => JsValue::from_f64(f64::from(*n)),
        ItemId::Str(s) => JsValue::from_str(s),
    }
}

/// A JS array of item ids.
pub(super) fn ids_value(ids: &[ItemId]) -> JsValue {
    ids.iter().map(id_value).collect::<Array>().into()
}

/// Session events `ShopperEvent[]`.
pub(super) fn events(v: &JsValue) -> Result<Vec<Event>> {
    config::events(args::option_sets::<EventConfig>(
        "events",
        v,
        "ShopperEvent[]",
    )?)
}

/// One `Float64Array` of `f` over the ranked items. Not inlined: the eleven columns of a
/// ranking share this one copy (smaller module).
#[inline(never)]
fn column(items: &[RankedItem], f: fn(&RankedItem) -> f64) -> JsValue {
    Float64Array::from(items.iter().map(f).collect::<Vec<_>>().as_slice()).into()
}

/// Lists of store indices (`rankings`, `relevant`, `lists` of the evaluation metrics): a real
/// array (an array-like's `length` is not trusted) of index lists.
pub(super) fn index_lists(arg: &str, v: &JsValue) -> Result<Vec<Vec<u32>>> {
    if !args::is_array(v) {
        return Err(crate::error::Error::invalid(
            arg,
            "an array of index lists",
            args::describe(v),
        ));
    }
    args::each(arg, v, |i, l| args::u32_vec(&format!("{arg}[{i}]"), &l))
}

/// The JS object of a ranking (`RankResult`).
pub(super) fn ranking_value(r: &Ranking) -> JsValue {
    let col = |f: fn(&RankedItem) -> f64| column(&r.items, f);
    let pinned: Vec<u8> = r.items.iter().map(|i| u8::from(i.parts.pinned)).collect();
    let parts = object(&[
        ("similarity", col(|i| i.parts.similarity)),
        ("local", col(|i| i.parts.local)),
        ("serverScore", col(|i| i.parts.server_score)),
        ("server", col(|i| i.parts.server)),
        ("clickProbability", col(|i| i.parts.click_probability)),
        ("propensity", col(|i| i.parts.propensity)),
        ("ruleBoost", col(|i| i.parts.rule_boost)),
        ("supplyRisk", col(|i| i.parts.supply_risk)),
        ("supplyPenalty", col(|i| i.parts.supply_penalty)),
        ("diversityPenalty", col(|i| i.parts.diversity_penalty)),
        ("pinned", Uint8Array::from(pinned.as_slice()).into()),
    ]);
    let ids: Vec<ItemId> = r.items.iter().map(|i| i.id.clone()).collect();
    let indices: Vec<u32> = r.items.iter().map(|i| i.index).collect();
    let categories: Array = r
        .unknown_categories
        .iter()
        .map(|c| JsValue::from_str(c))
        .collect();
    object(&[
        ("indices", Uint32Array::from(indices.as_slice()).into()),
        ("ids", ids_value(&ids)),
        ("scores", col(|i| i.score)),
        ("parts", parts),
        ("unknownIds", ids_value(&r.unknown_ids)),
        ("unknownCategories", categories.into()),
        ("filtered", JsValue::from_f64(r.filtered as f64)),
        ("coldStart", JsValue::from_bool(r.cold_start)),
    ])
}
