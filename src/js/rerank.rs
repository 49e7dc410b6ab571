//! JS bindings for re-ranking: an item store that stays in wasm memory, a shopper profile kept on
//! the device, ranking with explanations, offline evaluation metrics and a seeded demo catalog.
//!
//! The storefront path is cheap: the catalog is copied into wasm memory once (`ItemStore`), each
//! `rank` call passes only the query (or profile) and small options, and returns `k` results.

use super::args::{self, object};
use crate::compute::Items;
use crate::error::{Error, Result};
use crate::rerank::{
    self as core, eval, load, Event, ItemId, Profile, ProfileParams, RankOptions, Ranking, Supply,
    SupplySignal,
};
use js_sys::{Array, Float32Array, Float64Array, Object, Reflect, Uint32Array, Uint8Array};
use std::collections::HashMap;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TS_RERANK: &str = r#"
/** An item id as the page knows it: a number (u32) or a string (e.g. a SKU). */
export type ItemId = number | string;
/** A session event. */
export interface ShopperEvent {
  /** The item concerned. */
  item: ItemId;
  /** What the shopper did. */
  kind: "view" | "cart" | "purchase" | "dismiss";
  /** When, in milliseconds (e.g. `Date.now()`). */
  timestampMs: number;
}
/** Weights per event kind and the decay half-life; missing fields take their defaults. */
export interface ProfileParams {
  /** Weight of a view (default 1). */
  view?: number;
  /** Weight of an add-to-cart (default 3). */
  cart?: number;
  /** Weight of a purchase (default 5). */
  purchase?: number;
  /** Weight of a dismissal (default -1). */
  dismiss?: number;
  /** Half-life of an event's influence in ms (default 30 minutes). */
  halfLifeMs?: number;
  /** Scale item embeddings to unit length before adding them (default true). */
  normalizeItems?: boolean;
}
/** What `ShopperProfile.observe` did. */
export interface ObserveReport {
  /** Events applied. */
  applied: number;
  /** Ids the store does not know (their events were skipped), first-seen order. */
  unknownIds: ItemId[];
}
/** Business rules. */
export interface RankRules {
  /** Drop items with stock <= 0 (needs `setStock`). */
  dropOutOfStock?: boolean;
  /** Keep only items priced at least this (needs `setPrices`). */
  priceMin?: number;
  /** Keep only items priced at most this (needs `setPrices`). */
  priceMax?: number;
  /** Items never to return. */
  exclude?: ItemId[];
  /** Exclude the profile's purchased items (`rankProfile` only). */
  suppressPurchased?: boolean;
  /** Score boosts (negative amounts bury), by id or by category. */
  boosts?: { target: { id: ItemId } | { category: string }; amount: number }[];
  /** Fixed slots (0-based, below k). */
  pins?: { id: ItemId; slot: number }[];
}
/** Supply-aware demotion: exactly one of `risk` / `demand`, one value per catalog item. */
export interface RankSupply {
  /** Stock-out risk per item, each in [0, 1]. */
  risk?: Float64Array | number[];
  /** Expected demand per item until replenishment, compared with the store's stock. */
  demand?: Float64Array | number[];
  /** Score units removed at risk 1 (>= 0). */
  strength: number;
}
/** Options of `rank` and `rankProfile`. */
export interface RankOptions {
  /** Number of items to return (>= 1, default 10; more than available returns all). */
  k?: number;
  /** "dot" (default) or "cosine". */
  metric?: "dot" | "cosine";
  /** Re-rank these server candidates instead of the whole catalog. */
  candidates?: { id: ItemId; serverScore: number }[];
  /** Weights of the local similarity and the server score (default 1 and 1). */
  blend?: { local?: number; server?: number };
  /** MMR: lambda in (0, 1] (1 = no diversity); pool 0 = automatic. */
  diversity?: { lambda?: number; pool?: number };
  /** At most this many items per category (needs `setCategories`). */
  categoryCap?: number;
  /** Business rules. */
  rules?: RankRules;
  /** Supply-aware demotion. */
  supply?: RankSupply;
}
/** Options of `rankProfile`: those of `rank` plus the time the profile is read at. */
export interface RankProfileOptions extends RankOptions {
  /** Time in ms the profile decays to (default: its latest event). */
  nowMs?: number;
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
/** Result of `rank` / `rankProfile`: best first; score = local + server + ruleBoost - supplyPenalty - diversityPenalty. */
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

fn js_err(e: Error) -> JsError {
    e.into()
}

/// A catalog of item embeddings (f32, or int8 with per-row scales) and metadata, held in wasm
/// memory so that ranking never copies it again. Build it with a static `from*` method.
#[wasm_bindgen]
pub struct ItemStore {
    inner: core::ItemStore,
}

impl ItemStore {
    /// The core store.
    pub fn store(&self) -> &core::ItemStore {
        &self.inner
    }

    /// Validates metadata on a tiny stand-in store of the same length (so a failure leaves this
    /// store untouched), then applies it.
    fn set(
        &mut self,
        apply: impl Fn(core::ItemStore) -> Result<core::ItemStore>,
    ) -> Result<(), JsError> {
        let probe = core::ItemStore::from_f32(vec![0.0; self.inner.len()], 1).map_err(js_err)?;
        apply(probe).map_err(js_err)?;
        let placeholder = core::ItemStore::from_f32(vec![0.0], 1).map_err(js_err)?;
        let taken = std::mem::replace(&mut self.inner, placeholder);
        self.inner = apply(taken).map_err(js_err)?;
        Ok(())
    }

    fn index(&self, arg: &str, v: f64) -> Result<usize> {
        let i = args::whole(arg, v, 0)?;
        if i >= self.inner.len() {
            return Err(Error::invalid(
                arg,
                format!("an item index below {}", self.inner.len()),
                v,
            ));
        }
        Ok(i)
    }
}

#[wasm_bindgen]
impl ItemStore {
    /// Loads a `.npy` file (2-D, C order, `<f4` or `<f2`).
    #[wasm_bindgen(js_name = fromNpy)]
    pub fn from_npy(
        #[wasm_bindgen(unchecked_param_type = "Uint8Array | ArrayBuffer")] bytes: &JsValue,
    ) -> Result<ItemStore, JsError> {
        let b = args::bytes("bytes", bytes)?;
        Ok(ItemStore {
            inner: core::ItemStore::from_npy(&b)?,
        })
    }

    /// Loads tensor `tensorName` of a `.safetensors` file (F32, F16 or I8); an I8 tensor takes
    /// its per-row scales from tensor `scalesName`.
    #[wasm_bindgen(js_name = fromSafetensors)]
    pub fn from_safetensors(
        #[wasm_bindgen(unchecked_param_type = "Uint8Array | ArrayBuffer")] bytes: &JsValue,
        #[wasm_bindgen(js_name = tensorName)] tensor_name: &str,
        #[wasm_bindgen(js_name = scalesName)] scales_name: Option<String>,
    ) -> Result<ItemStore, JsError> {
        let b = args::bytes("bytes", bytes)?;
        Ok(ItemStore {
            inner: core::ItemStore::from_safetensors(&b, tensor_name, scales_name.as_deref())?,
        })
    }

    /// The tensor names of a `.safetensors` file.
    #[wasm_bindgen(js_name = safetensorsNames, unchecked_return_type = "string[]")]
    pub fn safetensors_names(
        #[wasm_bindgen(unchecked_param_type = "Uint8Array | ArrayBuffer")] bytes: &JsValue,
    ) -> Result<JsValue, JsError> {
        let b = args::bytes("bytes", bytes)?;
        let names = load::safetensors_names(&b)?;
        Ok(names
            .iter()
            .map(|n| JsValue::from_str(n))
            .collect::<Array>()
            .into())
    }

    /// A store from row-major values, `dim` per item (finite, ids default to `0..n`).
    #[wasm_bindgen(js_name = fromFloat32)]
    pub fn from_float32(
        #[wasm_bindgen(unchecked_param_type = "Float32Array | number[]")] values: &JsValue,
        dim: f64,
    ) -> Result<ItemStore, JsError> {
        let v = args::f32_vec("values", values)?;
        let dim = args::whole("dim", dim, 1)?;
        Ok(ItemStore {
            inner: core::ItemStore::from_f32(v, dim)?,
        })
    }

    /// A new store with int8 embeddings and per-row scales (4x less memory and traffic); this
    /// store is left as it is. Already-int8 stores are copied unchanged.
    #[wasm_bindgen(js_name = quantizeInt8)]
    pub fn quantize_int8(&self) -> ItemStore {
        ItemStore {
            inner: self.inner.clone().quantize_int8(),
        }
    }

    /// Sets the item ids: strings (SKUs) or a `Uint32Array` of numbers, one per item, distinct.
    #[wasm_bindgen(js_name = setIds)]
    pub fn set_ids(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "string[] | Uint32Array | number[]")] ids: &JsValue,
    ) -> Result<(), JsError> {
        let ids: Vec<ItemId> = if ids.dyn_ref::<Uint32Array>().is_some() {
            args::u32_vec("ids", ids)?
                .into_iter()
                .map(ItemId::Num)
                .collect()
        } else {
            item_ids("ids", ids)?
        };
        self.set(|s| s.with_ids(ids.clone()))
    }

    /// Sets one category name per item (for category caps and category boosts).
    #[wasm_bindgen(js_name = setCategories)]
    pub fn set_categories(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "string[]")] categories: &JsValue,
    ) -> Result<(), JsError> {
        let c = args::strings("categories", categories)?;
        self.set(|s| s.with_categories(c.clone()))
    }

    /// Sets one price per item (finite, >= 0).
    #[wasm_bindgen(js_name = setPrices)]
    pub fn set_prices(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "Float64Array | number[]")] prices: &JsValue,
    ) -> Result<(), JsError> {
        let p = args::f64_vec("prices", prices)?;
        self.set(|s| s.with_prices(p.clone()))
    }

    /// Sets the units in stock per item (finite; <= 0 means out of stock).
    #[wasm_bindgen(js_name = setStock)]
    pub fn set_stock(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "Float64Array | number[]")] stock: &JsValue,
    ) -> Result<(), JsError> {
        let s = args::f64_vec("stock", stock)?;
        self.set(|st| st.with_stock(s.clone()))
    }

    /// Sets a popularity prior per item (finite, >= 0, any scale: sales, views, shares). A cold
    /// start (a zero query, e.g. an empty session) then ranks by it instead of catalog order.
    #[wasm_bindgen(js_name = setPopularity)]
    pub fn set_popularity(
        &mut self,
        #[wasm_bindgen(unchecked_param_type = "Float64Array | number[]")] popularity: &JsValue,
    ) -> Result<(), JsError> {
        let p = args::f64_vec("popularity", popularity)?;
        self.set(|st| st.with_popularity(p.clone()))
    }

    /// Number of items.
    #[wasm_bindgen(getter, js_name = len)]
    pub fn item_count(&self) -> u32 {
        self.inner.len() as u32
    }

    /// Embedding dimension.
    #[wasm_bindgen(getter)]
    pub fn dim(&self) -> u32 {
        self.inner.dim() as u32
    }

    /// Whether the embeddings are int8.
    #[wasm_bindgen(getter, js_name = isInt8)]
    pub fn is_int8(&self) -> bool {
        self.inner.is_int8()
    }

    /// Bytes of embedding data (what one full ranking pass reads).
    #[wasm_bindgen(getter, js_name = embeddingBytes)]
    pub fn embedding_bytes(&self) -> f64 {
        self.inner.embedding_bytes() as f64
    }

    /// The position of an item id, or `undefined`.
    #[wasm_bindgen(js_name = indexOf)]
    pub fn index_of(
        &self,
        #[wasm_bindgen(unchecked_param_type = "ItemId")] id: &JsValue,
    ) -> Option<u32> {
        let id = item_id(id)?;
        self.inner.index_of(&id).map(|i| i as u32)
    }

    /// The id of item `index`.
    #[wasm_bindgen(unchecked_return_type = "ItemId")]
    pub fn id(&self, index: f64) -> Result<JsValue, JsError> {
        let i = self.index("index", index)?;
        Ok(id_value(&self.inner.ids()[i]))
    }

    /// The category of item `index` (`undefined` without categories).
    pub fn category(&self, index: f64) -> Result<Option<String>, JsError> {
        let i = self.index("index", index)?;
        Ok(self.inner.category(i).map(str::to_string))
    }

    /// The embedding of item `index` as stored (int8 stores give the dequantized values).
    pub fn embedding(&self, index: f64) -> Result<Float32Array, JsError> {
        let i = self.index("index", index)?;
        Ok(Float32Array::from(self.inner.embedding(i).as_slice()))
    }

    /// Benchmark helper: a plain sum over every embedding byte, the memory-bandwidth reference.
    #[doc(hidden)]
    #[wasm_bindgen(js_name = benchSum)]
    pub fn bench_sum(&self) -> f64 {
        match self.inner.items() {
            Items::F32(m) => {
                let mut acc = [0f32; 16];
                let chunks = m.data().chunks_exact(16);
                let rest: f32 = chunks.remainder().iter().sum();
                for c in chunks {
                    for (a, x) in acc.iter_mut().zip(c) {
                        *a += x;
                    }
                }
                f64::from(acc.iter().sum::<f32>() + rest)
            }
            Items::I8(m) => {
                // Per row, 16 wrapping i16 lanes, widened once (a checksum: it only has to read every byte).
                let mut acc = [0i32; 16];
                let mut rest = 0i32;
                for r in 0..m.rows() {
                    let row = m.row(r).0;
                    let chunks = row.chunks_exact(16);
                    rest += chunks
                        .remainder()
                        .iter()
                        .map(|&x| i32::from(x))
                        .sum::<i32>();
                    let mut lanes = [0i16; 16];
                    for c in chunks {
                        for (a, &x) in lanes.iter_mut().zip(c) {
                            *a = a.wrapping_add(i16::from(x));
                        }
                    }
                    for (a, l) in acc.iter_mut().zip(lanes) {
                        *a += i32::from(l);
                    }
                }
                f64::from(acc.iter().sum::<i32>() + rest)
            }
        }
    }
}

/// A shopper profile: a time-decayed, weighted sum of the embeddings of items the shopper
/// interacted with, kept on the device. Save it with `JSON.stringify(profile)` (or `toJSON()`)
/// and restore it with `ShopperProfile.fromJSON`.
#[wasm_bindgen]
pub struct ShopperProfile {
    inner: Profile,
}

impl ShopperProfile {
    /// The core profile.
    pub fn profile(&self) -> &Profile {
        &self.inner
    }
}

#[wasm_bindgen]
impl ShopperProfile {
    /// An empty profile for embeddings of dimension `dim`.
    #[wasm_bindgen(constructor)]
    pub fn new(
        dim: f64,
        #[wasm_bindgen(unchecked_optional_param_type = "ProfileParams")] params: JsValue,
    ) -> Result<ShopperProfile, JsError> {
        let dim = args::whole("dim", dim, 1)?;
        let p: ProfileParams = args::options(
            "params",
            &params,
            &[
                "view",
                "cart",
                "purchase",
                "dismiss",
                "halfLifeMs",
                "normalizeItems",
            ],
        )?;
        Ok(ShopperProfile {
            inner: Profile::new(dim, p)?,
        })
    }

    /// Adds a batch of events (applied whole or not at all). Events for ids the store does not
    /// know are skipped and reported in `unknownIds`.
    #[wasm_bindgen(unchecked_return_type = "ObserveReport")]
    pub fn observe(
        &mut self,
        store: &ItemStore,
        #[wasm_bindgen(unchecked_param_type = "ShopperEvent[]")] events: &JsValue,
    ) -> Result<JsValue, JsError> {
        let events = parse_events(events)?;
        let r = self.inner.observe(&store.inner, &events)?;
        Ok(object(&[
            ("applied", JsValue::from_f64(r.applied as f64)),
            ("unknownIds", ids_value(&r.unknown_ids)),
        ]))
    }

    /// The profile vector decayed to `nowMs` (default: the latest event).
    #[wasm_bindgen(js_name = vectorAt)]
    pub fn vector_at(
        &self,
        #[wasm_bindgen(js_name = nowMs)] now_ms: Option<f64>,
    ) -> Result<Float32Array, JsError> {
        let now = now_ms.unwrap_or(self.inner.as_of().unwrap_or(0.0));
        Ok(Float32Array::from(self.inner.vector_at(now)?.as_slice()))
    }

    /// Embedding dimension.
    #[wasm_bindgen(getter)]
    pub fn dim(&self) -> u32 {
        self.inner.dim() as u32
    }

    /// Number of events applied.
    #[wasm_bindgen(getter, js_name = eventCount)]
    pub fn event_count(&self) -> f64 {
        self.inner.event_count() as f64
    }

    /// Time of the latest event (`undefined` before any).
    #[wasm_bindgen(getter, js_name = asOf)]
    pub fn as_of(&self) -> Option<f64> {
        self.inner.as_of()
    }

    /// Items purchased in the session.
    #[wasm_bindgen(getter, unchecked_return_type = "ItemId[]")]
    pub fn purchased(&self) -> JsValue {
        ids_value(self.inner.purchased())
    }

    /// The saved state as a plain JSON-ready object (so `JSON.stringify(profile)` works).
    #[wasm_bindgen(js_name = toJSON, unchecked_return_type = "object")]
    pub fn to_json(&self) -> Result<JsValue, JsError> {
        js_sys::JSON::parse(&self.inner.to_json())
            .map_err(|_| JsError::new("shopper profile could not be serialized"))
    }

    /// Restores a profile saved with `toJSON` / `JSON.stringify`, as a string or an object;
    /// corrupt state throws.
    #[wasm_bindgen(js_name = fromJSON)]
    pub fn from_json(
        #[wasm_bindgen(unchecked_param_type = "string | object")] state: &JsValue,
    ) -> Result<ShopperProfile, JsError> {
        let text = if let Some(s) = state.as_string() {
            s
        } else if state.is_object() {
            js_sys::JSON::stringify(state)
                .ok()
                .and_then(|s| s.as_string())
                .ok_or_else(|| {
                    Error::invalid("state", "a JSON string or object", args::describe(state))
                })?
        } else {
            return Err(
                Error::invalid("state", "a JSON string or object", args::describe(state)).into(),
            );
        };
        Ok(ShopperProfile {
            inner: Profile::from_json(&text)?,
        })
    }
}

fn parse_events(v: &JsValue) -> Result<Vec<Event>> {
    if !Array::is_array(v) {
        return Err(Error::invalid(
            "events",
            "an array of {item, kind, timestampMs}",
            args::describe(v),
        ));
    }
    let arr = Array::from(v);
    (0..arr.length())
        .map(|i| {
            let e = arr.get(i);
            let arg = format!("events[{i}]");
            if !e.is_object() || Array::is_array(&e) {
                return Err(Error::invalid(
                    arg,
                    "an event {item, kind, timestampMs}",
                    args::describe(&e),
                ));
            }
            args::check_keys(&arg, &e, &["item", "kind", "timestampMs"])?;
            let item = item_id(&args::get(&e, "item")).ok_or_else(|| {
                Error::invalid(
                    format!("{arg}.item"),
                    "an item id (a whole number in 0..2^32 or a string)",
                    args::describe(&args::get(&e, "item")),
                )
            })?;
            let kind = args::get(&e, "kind");
            let kind = serde_wasm_bindgen::from_value(kind.clone()).map_err(|_| {
                Error::invalid(
                    format!("{arg}.kind"),
                    "\"view\", \"cart\", \"purchase\" or \"dismiss\"",
                    kind.as_string()
                        .map_or_else(|| args::describe(&kind), |s| format!("\"{s}\"")),
                )
            })?;
            let t = args::get(&e, "timestampMs");
            let timestamp_ms = t.as_f64().ok_or_else(|| {
                Error::invalid(
                    format!("{arg}.timestampMs"),
                    "a time in milliseconds",
                    args::describe(&t),
                )
            })?;
            Ok(Event {
                item,
                kind,
                timestamp_ms,
            })
        })
        .collect()
}

/// An item id from a JS value: a whole number in `0..2^32` or a string.
fn item_id(v: &JsValue) -> Option<ItemId> {
    if let Some(s) = v.as_string() {
        return Some(ItemId::Str(s));
    }
    match v.as_f64() {
        Some(x) if x.fract() == 0.0 && (0.0..=u32::MAX as f64).contains(&x) => {
            Some(ItemId::Num(x as u32))
        }
        _ => None,
    }
}

fn item_ids(arg: &str, v: &JsValue) -> Result<Vec<ItemId>> {
    if !Array::is_array(v) {
        return Err(Error::invalid(
            arg,
            "an array of item ids (strings or whole numbers) or a Uint32Array",
            args::describe(v),
        ));
    }
    let arr = Array::from(v);
    (0..arr.length())
        .map(|i| {
            let x = arr.get(i);
            item_id(&x).ok_or_else(|| {
                Error::invalid(
                    format!("{arg}[{i}]"),
                    "an item id (a whole number in 0..2^32 or a string)",
                    args::describe(&x),
                )
            })
        })
        .collect()
}

fn id_value(id: &ItemId) -> JsValue {
    match id {
        ItemId::Num(n) => JsValue::from_f64(f64::from(*n)),
        ItemId::Str(s) => JsValue::from_str(s),
    }
}

fn ids_value(ids: &[ItemId]) -> JsValue {
    ids.iter().map(id_value).collect::<Array>().into()
}

const RANK_KEYS: &[&str] = &[
    "k",
    "metric",
    "candidates",
    "blend",
    "diversity",
    "categoryCap",
    "rules",
    "supply",
];

/// Reads rank options; `extra` keys (e.g. `nowMs`) are allowed and left to the caller.
fn rank_options(v: &JsValue, extra: &[&str]) -> Result<RankOptions> {
    let known: Vec<&str> = RANK_KEYS.iter().chain(extra).copied().collect();
    if v.is_undefined() || v.is_null() {
        return Ok(RankOptions::default());
    }
    if !v.is_object() || Array::is_array(v) {
        return Err(Error::invalid(
            "options",
            "an options object",
            args::describe(v),
        ));
    }
    args::check_keys("options", v, &known)?;
    args::check_keys("blend", &args::get(v, "blend"), &["local", "server"])?;
    args::check_keys("diversity", &args::get(v, "diversity"), &["lambda", "pool"])?;
    let rules = args::get(v, "rules");
    args::check_keys(
        "rules",
        &rules,
        &[
            "dropOutOfStock",
            "priceMin",
            "priceMax",
            "exclude",
            "suppressPurchased",
            "boosts",
            "pins",
        ],
    )?;
    for (list, keys) in [
        (args::get(&rules, "boosts"), &["target", "amount"][..]),
        (args::get(&rules, "pins"), &["id", "slot"][..]),
        (args::get(v, "candidates"), &["id", "serverScore"][..]),
    ] {
        if Array::is_array(&list) {
            for (i, item) in Array::from(&list).iter().enumerate() {
                let name = if keys[0] == "target" {
                    format!("rules.boosts[{i}]")
                } else if keys[1] == "slot" {
                    format!("rules.pins[{i}]")
                } else {
                    format!("candidates[{i}]")
                };
                args::check_keys(&name, &item, keys)?;
            }
        }
    }
    // Everything but k and supply goes through serde; copy the object without them.
    let copy = Object::assign(&Object::new(), v.unchecked_ref());
    for key in ["k", "supply"].iter().chain(extra) {
        let _ = Reflect::delete_property(&copy, &JsValue::from_str(key));
    }
    let mut opts: RankOptions = serde_wasm_bindgen::from_value(copy.into())
        .map_err(|e| Error::invalid("options", "valid rank options", e.to_string()))?;
    let k = args::get(v, "k");
    if !k.is_undefined() {
        let n = k
            .as_f64()
            .ok_or_else(|| Error::invalid("k", "a whole number >= 1", args::describe(&k)))?;
        opts.k = args::whole("k", n, 1)?;
    }
    opts.supply = supply(&args::get(v, "supply"))?;
    Ok(opts)
}

fn supply(v: &JsValue) -> Result<Option<Supply>> {
    if v.is_undefined() || v.is_null() {
        return Ok(None);
    }
    args::check_keys("supply", v, &["risk", "demand", "strength"])?;
    let (risk, demand) = (args::get(v, "risk"), args::get(v, "demand"));
    let signal = match (risk.is_undefined(), demand.is_undefined()) {
        (false, true) => SupplySignal::Risk(args::f64_vec("supply.risk", &risk)?),
        (true, false) => SupplySignal::Demand(args::f64_vec("supply.demand", &demand)?),
        _ => {
            return Err(Error::invalid(
                "supply",
                "exactly one of `risk` and `demand`",
                if risk.is_undefined() {
                    "neither"
                } else {
                    "both"
                },
            ))
        }
    };
    let s = args::get(v, "strength");
    let strength = s
        .as_f64()
        .ok_or_else(|| Error::invalid("supply.strength", "a number >= 0", args::describe(&s)))?;
    Ok(Some(Supply { signal, strength }))
}

fn ranking_value(r: &Ranking) -> JsValue {
    let col = |f: fn(&core::RankedItem) -> f64| -> JsValue {
        Float64Array::from(r.items.iter().map(f).collect::<Vec<_>>().as_slice()).into()
    };
    let parts = object(&[
        ("similarity", col(|i| i.parts.similarity)),
        ("local", col(|i| i.parts.local)),
        ("serverScore", col(|i| i.parts.server_score)),
        ("server", col(|i| i.parts.server)),
        ("ruleBoost", col(|i| i.parts.rule_boost)),
        ("supplyRisk", col(|i| i.parts.supply_risk)),
        ("supplyPenalty", col(|i| i.parts.supply_penalty)),
        ("diversityPenalty", col(|i| i.parts.diversity_penalty)),
        (
            "pinned",
            Uint8Array::from(
                r.items
                    .iter()
                    .map(|i| u8::from(i.parts.pinned))
                    .collect::<Vec<_>>()
                    .as_slice(),
            )
            .into(),
        ),
    ]);
    let ids: Vec<ItemId> = r.items.iter().map(|i| i.id.clone()).collect();
    object(&[
        (
            "indices",
            Uint32Array::from(
                r.items
                    .iter()
                    .map(|i| i.index)
                    .collect::<Vec<_>>()
                    .as_slice(),
            )
            .into(),
        ),
        ("ids", ids_value(&ids)),
        ("scores", col(|i| i.score)),
        ("parts", parts),
        ("unknownIds", ids_value(&r.unknown_ids)),
        (
            "unknownCategories",
            r.unknown_categories
                .iter()
                .map(|c| JsValue::from_str(c))
                .collect::<Array>()
                .into(),
        ),
        ("filtered", JsValue::from_f64(r.filtered as f64)),
        ("coldStart", JsValue::from_bool(r.cold_start)),
    ])
}

/// Ranks the catalog (or `options.candidates`) for a query vector of the store's dimension:
/// exact top-k (ties to the lower index) with rules, diversity, supply-awareness and an
/// explanation of every score.
#[wasm_bindgen(unchecked_return_type = "RankResult")]
pub fn rank(
    store: &ItemStore,
    #[wasm_bindgen(unchecked_param_type = "Float32Array | number[]")] query: &JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "RankOptions")] options: &JsValue,
) -> Result<JsValue, JsError> {
    let q = args::f32_vec("query", query)?;
    let opts = rank_options(options, &[])?;
    let r = core::rank(&store.inner, &q, &opts)?;
    Ok(ranking_value(&r))
}

/// Ranks for a shopper profile as of `options.nowMs` (default: its latest event);
/// `rules.suppressPurchased` excludes what the shopper bought in the session.
#[wasm_bindgen(js_name = rankProfile, unchecked_return_type = "RankResult")]
pub fn rank_profile(
    store: &ItemStore,
    profile: &ShopperProfile,
    #[wasm_bindgen(unchecked_optional_param_type = "RankProfileOptions")] options: &JsValue,
) -> Result<JsValue, JsError> {
    let opts = rank_options(options, &["nowMs"])?;
    let now = args::get(options, "nowMs");
    let now_ms = if now.is_undefined() {
        profile.inner.as_of().unwrap_or(0.0)
    } else {
        now.as_f64().ok_or_else(|| {
            Error::invalid("nowMs", "a time in milliseconds", args::describe(&now))
        })?
    };
    let r = core::rank_profile(
        &crate::compute::CpuBackend,
        &store.inner,
        &profile.inner,
        now_ms,
        &opts,
    )?;
    Ok(ranking_value(&r))
}

/// NDCG@k of `ranked` (store indices, best first) given the `relevant` indices and their gains
/// (default 1 each); 0 when nothing has a positive gain.
#[wasm_bindgen(js_name = ndcgAtK)]
pub fn ndcg_at_k(
    #[wasm_bindgen(unchecked_param_type = "Uint32Array | number[]")] ranked: &JsValue,
    #[wasm_bindgen(unchecked_param_type = "Uint32Array | number[]")] relevant: &JsValue,
    k: f64,
    #[wasm_bindgen(unchecked_optional_param_type = "Float64Array | number[]")] gains: &JsValue,
) -> Result<f64, JsError> {
    let ranked = args::u32_vec("ranked", ranked)?;
    let relevant = args::u32_vec("relevant", relevant)?;
    let k = args::whole("k", k, 1)?;
    let g = if gains.is_undefined() {
        vec![1.0; relevant.len()]
    } else {
        args::f64_vec("gains", gains)?
    };
    if g.len() != relevant.len() {
        return Err(Error::invalid(
            "gains",
            format!("one gain per relevant item ({})", relevant.len()),
            format!("{} values", g.len()),
        )
        .into());
    }
    let map: HashMap<u32, f64> = relevant.into_iter().zip(g).collect();
    Ok(eval::ndcg_at_k(&ranked, &map, k)?)
}

/// Share of the `relevant` indices found in the first `k` of `ranked`.
#[wasm_bindgen(js_name = recallAtK)]
pub fn recall_at_k(
    #[wasm_bindgen(unchecked_param_type = "Uint32Array | number[]")] ranked: &JsValue,
    #[wasm_bindgen(unchecked_param_type = "Uint32Array | number[]")] relevant: &JsValue,
    k: f64,
) -> Result<f64, JsError> {
    let ranked = args::u32_vec("ranked", ranked)?;
    let relevant = args::u32_vec("relevant", relevant)?;
    let k = args::whole("k", k, 1)?;
    Ok(eval::recall_at_k(&ranked, &relevant, k)?)
}

fn lists(arg: &str, v: &JsValue) -> Result<Vec<Vec<u32>>> {
    if !Array::is_array(v) {
        return Err(Error::invalid(
            arg,
            "an array of index lists",
            args::describe(v),
        ));
    }
    Array::from(v)
        .iter()
        .enumerate()
        .map(|(i, l)| args::u32_vec(&format!("{arg}[{i}]"), &l))
        .collect()
}

/// Mean reciprocal rank: `rankings[q]` with its `relevant[q]` indices, averaged over queries.
#[wasm_bindgen(js_name = meanReciprocalRank)]
pub fn mean_reciprocal_rank(
    #[wasm_bindgen(unchecked_param_type = "(Uint32Array | number[])[]")] rankings: &JsValue,
    #[wasm_bindgen(unchecked_param_type = "(Uint32Array | number[])[]")] relevant: &JsValue,
) -> Result<f64, JsError> {
    let r = lists("rankings", rankings)?;
    let rel = lists("relevant", relevant)?;
    if r.len() != rel.len() {
        return Err(Error::invalid(
            "relevant",
            format!("one list per ranking ({})", r.len()),
            format!("{} lists", rel.len()),
        )
        .into());
    }
    let q: Vec<(Vec<u32>, Vec<u32>)> = r.into_iter().zip(rel).collect();
    Ok(eval::mean_reciprocal_rank(&q)?)
}

/// Share of a catalog of `catalogSize` items that appears in at least one of `lists`.
#[wasm_bindgen(js_name = catalogCoverage)]
pub fn catalog_coverage(
    #[wasm_bindgen(js_name = lists, unchecked_param_type = "(Uint32Array | number[])[]")]
    lists_v: &JsValue,
    #[wasm_bindgen(js_name = catalogSize)] catalog_size: f64,
) -> Result<f64, JsError> {
    let l = lists("lists", lists_v)?;
    let n = args::whole("catalogSize", catalog_size, 1)?;
    Ok(eval::catalog_coverage(&l, n)?)
}

/// Mean pairwise cosine distance of the items of `list` (store indices).
#[wasm_bindgen(js_name = intraListDiversity)]
pub fn intra_list_diversity(
    store: &ItemStore,
    #[wasm_bindgen(unchecked_param_type = "Uint32Array | number[]")] list: &JsValue,
) -> Result<f64, JsError> {
    let l = args::u32_vec("list", list)?;
    Ok(eval::intra_list_diversity(&store.inner, &l)?)
}

/// A seeded demo catalog of `n` items, `dim` dimensions and `clusters` categories, with
/// clustered embeddings, power-law popularity, prices and stock (the seed defaults to a random
/// one).
#[wasm_bindgen(js_name = synthCatalog, unchecked_return_type = "SynthCatalog")]
pub fn synth_catalog(
    n: f64,
    dim: f64,
    clusters: f64,
    seed: Option<f64>,
) -> Result<JsValue, JsError> {
    let n = args::whole("n", n, 1)?;
    let dim = args::whole("dim", dim, 1)?;
    let clusters = args::whole("clusters", clusters, 1)?;
    let seed = match seed {
        None => crate::rng::default_seed(),
        Some(s) if s.is_finite() && s.fract() == 0.0 && s >= 0.0 && s <= 2f64.powi(53) => s as u64,
        Some(s) => {
            return Err(Error::invalid("seed", "a whole number in 0..=2^53", s).into());
        }
    };
    let cat = core::synth::synth_catalog(n, dim, clusters, seed)?;
    let store = ItemStore {
        inner: cat.store()?,
    };
    Ok(object(&[
        ("store", store.into()),
        (
            "embeddings",
            Float32Array::from(cat.embeddings.as_slice()).into(),
        ),
        ("cluster", Uint32Array::from(cat.cluster.as_slice()).into()),
        (
            "categories",
            cat.categories
                .iter()
                .map(|c| JsValue::from_str(c))
                .collect::<Array>()
                .into(),
        ),
        (
            "popularity",
            Float64Array::from(cat.popularity.as_slice()).into(),
        ),
        ("prices", Float64Array::from(cat.prices.as_slice()).into()),
        ("stock", Float64Array::from(cat.stock.as_slice()).into()),
    ]))
}
