//! JS bindings for re-ranking: an item store that stays in wasm memory, a shopper profile kept on
//! the device, ranking with explanations, offline evaluation metrics and a seeded demo catalog.
//!
//! The storefront path is cheap: the catalog is copied into wasm memory once (`ItemStore`), each
//! `rank` call passes only the query (or profile) and small options, and returns `k` results.
//!
//! Every argument arrives as a `JsValue` and is read by `args` / `read` (checked, bounded, never
//! throwing into Rust); the classes hold one [`Obj`] and borrow it only after every argument has
//! been read, so a failed call leaves them usable and unchanged.

#[cfg(feature = "learn")]
#[path = "embeddings.rs"]
mod embeddings;
#[cfg(feature = "rerank-eval")]
#[path = "rerank_eval.rs"]
mod eval;
#[path = "rerank_profile.rs"]
mod profile;
#[cfg(feature = "rerank-eval")]
#[path = "rerank_propensity.rs"]
mod propensity;
#[path = "rerank_read.rs"]
mod read;

use super::args;
use super::obj::Obj;
use crate::error::{Error, Result};
use crate::limits::MAX_ITEMS;
use crate::options::OptionSet;
use crate::rerank::config::{
    self as cfg, BlendConfig, BoostConfig, CandidateConfig, DiversityConfig, EventConfig,
    ItemFeaturesConfig, LogisticModelConfig, PinConfig, ProfileConfig, PropensityConfig,
    RankConfig, RankProfileConfig, RulesConfig, SupplyConfig,
};
use crate::rerank::{self as core, load};
#[cfg(feature = "rerank-eval")]
pub use eval::{
    catalog_coverage, intra_list_diversity, mean_reciprocal_rank, ndcg_at_k, recall_at_k,
    synth_catalog,
};
use js_sys::{Array, Float32Array};
pub use profile::ShopperProfile;
use read::{id_value, item_id, ranking_value};
use wasm_bindgen::prelude::*;

/// Declares a `typescript_custom_section` per option set: their interfaces come from their one
/// definition ([`crate::rerank::config`]).
macro_rules! option_interfaces {
    ($($name:ident = $set:ty;)*) => {$(
        #[wasm_bindgen(typescript_custom_section)]
        const $name: &str = <$set>::TS;
    )*};
}

option_interfaces! {
    TS_RANK = RankConfig;
    TS_RANK_PROFILE = RankProfileConfig;
    TS_CANDIDATE = CandidateConfig;
    TS_BLEND = BlendConfig;
    TS_DIVERSITY = DiversityConfig;
    TS_RULES = RulesConfig;
    TS_BOOST = BoostConfig;
    TS_PIN = PinConfig;
    TS_SUPPLY = SupplyConfig;
    TS_PROPENSITY = PropensityConfig;
    TS_MODEL = LogisticModelConfig;
    TS_ITEM_FEATURES = ItemFeaturesConfig;
    TS_PROFILE = ProfileConfig;
    TS_EVENT = EventConfig;
}

/// Reads `options` of `rank` (with `profile`: of `rankProfile`, and its `nowMs`).
fn rank_options(options: &JsValue, profile: bool) -> Result<(core::RankOptions, Option<f64>)> {
    let also = if profile {
        RankProfileConfig::KEYS
    } else {
        &[]
    };
    let opts: RankConfig = args::option_set("options", options, also)?;
    let now = if profile {
        args::option_set::<RankProfileConfig>("options", options, RankConfig::KEYS)?.now_ms
    } else {
        None
    };
    Ok((opts.check()?, now))
}

const STORE: &str = "ItemStore";

/// A catalog of item embeddings (f32, or int8 with per-row scales) and metadata, held in wasm
/// memory so that ranking never copies it again. Build it with a static `from*` method.
#[wasm_bindgen]
pub struct ItemStore {
    obj: Obj,
}

impl ItemStore {
    fn new(store: core::ItemStore) -> Self {
        ItemStore {
            obj: Obj::new(STORE, store),
        }
    }

    /// Runs `f` on the core store (an error when this object is not a live `ItemStore`).
    pub fn with<R>(&self, f: impl FnOnce(&core::ItemStore) -> Result<R>) -> Result<R> {
        self.obj.with(STORE, f)
    }

    /// Runs `f` on the store mutably; `f` validates before it changes anything.
    fn with_mut<R>(&self, f: impl FnOnce(&mut core::ItemStore) -> Result<R>) -> Result<R> {
        self.obj.with_mut(STORE, f)
    }

    /// Runs `f` with item `index` (read from `v`, below the store's length) and the store.
    fn at<R>(&self, v: &JsValue, f: impl FnOnce(&core::ItemStore, usize) -> R) -> Result<R> {
        let i = args::count_js("index", v, 0, MAX_ITEMS - 1)?;
        self.with(|s| {
            if i >= s.len() {
                return Err(Error::invalid(
                    "index",
                    format!("an item index below {}", s.len()),
                    i,
                ));
            }
            Ok(f(s, i))
        })
    }
}

/// An optional string argument (`undefined` or `null` for none).
fn opt_string(arg: &str, v: &JsValue) -> Result<Option<String>> {
    if v.is_undefined() || v.is_null() {
        Ok(None)
    } else {
        args::string(arg, v).map(Some)
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
        Ok(ItemStore::new(core::ItemStore::from_npy(&b)?))
    }

    /// Loads tensor `tensorName` of a `.safetensors` file (F32, F16 or I8); an I8 tensor takes
    /// its per-row scales from tensor `scalesName`.
    #[wasm_bindgen(js_name = fromSafetensors)]
    pub fn from_safetensors(
        #[wasm_bindgen(unchecked_param_type = "Uint8Array | ArrayBuffer")] bytes: &JsValue,
        #[wasm_bindgen(js_name = tensorName, unchecked_param_type = "string")]
        tensor_name: &JsValue,
        #[wasm_bindgen(js_name = scalesName, unchecked_optional_param_type = "string")]
        scales_name: &JsValue,
    ) -> Result<ItemStore, JsError> {
        let b = args::bytes("bytes", bytes)?;
        let tensor = args::string("tensorName", tensor_name)?;
        let scales = opt_string("scalesName", scales_name)?;
        let store = core::ItemStore::from_safetensors(&b, &tensor, scales.as_deref())
            .map_err(|e| e.renamed(&[("tensor", "tensorName"), ("scales", "scalesName")]))?;
        Ok(ItemStore::new(store))
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
        #[wasm_bindgen(unchecked_param_type = "number")] dim: &JsValue,
    ) -> Result<ItemStore, JsError> {
        let v = args::f32_vec("values", values)?;
        let dim = args::count_js("dim", dim, 1, load::MAX_DIM)?;
        let store = core::ItemStore::from_f32(v, dim)
            .map_err(|e| e.renamed(&[("embeddings", "values")]))?;
        Ok(ItemStore::new(store))
    }

    /// A new store with int8 embeddings and per-row scales (4x less memory and traffic); this
    /// store is left as it is. Already-int8 stores are copied unchanged.
    #[wasm_bindgen(js_name = quantizeInt8)]
    pub fn quantize_int8(&self) -> Result<ItemStore, JsError> {
        let q = self.with(|s| Ok(s.clone().quantize_int8()))?;
        Ok(ItemStore::new(q))
    }

    /// Sets the item ids: strings (SKUs) or a `Uint32Array` of numbers, one per item, distinct.
    #[wasm_bindgen(js_name = setIds)]
    pub fn set_ids(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string[] | Uint32Array | number[]")] ids: &JsValue,
    ) -> Result<(), JsError> {
        let ids = read::item_ids("ids", ids)?;
        Ok(self.with_mut(|s| s.set_ids(ids))?)
    }

    /// Sets one category name per item (for category caps and category boosts).
    #[wasm_bindgen(js_name = setCategories)]
    pub fn set_categories(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string[]")] categories: &JsValue,
    ) -> Result<(), JsError> {
        let c = args::strings("categories", categories)?;
        Ok(self.with_mut(|s| s.set_categories(c))?)
    }

    /// Sets one price per item (finite, >= 0).
    #[wasm_bindgen(js_name = setPrices)]
    pub fn set_prices(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Float64Array | number[]")] prices: &JsValue,
    ) -> Result<(), JsError> {
        let p = args::f64_vec("prices", prices)?;
        Ok(self.with_mut(|s| s.set_prices(p))?)
    }

    /// Sets the units in stock per item (finite; <= 0 means out of stock).
    #[wasm_bindgen(js_name = setStock)]
    pub fn set_stock(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Float64Array | number[]")] stock: &JsValue,
    ) -> Result<(), JsError> {
        let v = args::f64_vec("stock", stock)?;
        Ok(self.with_mut(|s| s.set_stock(v))?)
    }

    /// Sets a popularity prior per item (finite, >= 0, any scale: sales, views, shares). A cold
    /// start (a zero query, e.g. an empty session) then ranks by it instead of catalog order.
    #[wasm_bindgen(js_name = setPopularity)]
    pub fn set_popularity(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Float64Array | number[]")] popularity: &JsValue,
    ) -> Result<(), JsError> {
        let p = args::f64_vec("popularity", popularity)?;
        Ok(self.with_mut(|s| s.set_popularity(p))?)
    }

    /// Number of items.
    #[wasm_bindgen(getter, js_name = len)]
    pub fn item_count(&self) -> Result<u32, JsError> {
        Ok(self.with(|s| Ok(s.len() as u32))?)
    }

    /// Embedding dimension.
    #[wasm_bindgen(getter)]
    pub fn dim(&self) -> Result<u32, JsError> {
        Ok(self.with(|s| Ok(s.dim() as u32))?)
    }

    /// Whether the embeddings are int8.
    #[wasm_bindgen(getter, js_name = isInt8)]
    pub fn is_int8(&self) -> Result<bool, JsError> {
        Ok(self.with(|s| Ok(s.is_int8()))?)
    }

    /// Bytes of embedding data (what one full ranking pass reads).
    #[wasm_bindgen(getter, js_name = embeddingBytes)]
    pub fn embedding_bytes(&self) -> Result<f64, JsError> {
        Ok(self.with(|s| Ok(s.embedding_bytes() as f64))?)
    }

    /// The position of an item id, or `undefined` (also for a value that cannot be an id).
    #[wasm_bindgen(js_name = indexOf)]
    pub fn index_of(
        &self,
        #[wasm_bindgen(unchecked_param_type = "ItemId")] id: &JsValue,
    ) -> Result<Option<u32>, JsError> {
        let id = item_id(id);
        Ok(self.with(|s| Ok(id.and_then(|id| s.index_of(&id)).map(|i| i as u32)))?)
    }

    /// The id of item `index`.
    #[wasm_bindgen(unchecked_return_type = "ItemId")]
    pub fn id(
        &self,
        #[wasm_bindgen(unchecked_param_type = "number")] index: &JsValue,
    ) -> Result<JsValue, JsError> {
        let id = self.at(index, |s, i| s.id(i).cloned())?;
        Ok(id.as_ref().map_or(JsValue::UNDEFINED, id_value))
    }

    /// The category of item `index` (`undefined` without categories).
    pub fn category(
        &self,
        #[wasm_bindgen(unchecked_param_type = "number")] index: &JsValue,
    ) -> Result<Option<String>, JsError> {
        Ok(self.at(index, |s, i| s.category(i).map(str::to_string))?)
    }

    /// The embedding of item `index` as stored (int8 stores give the dequantized values).
    pub fn embedding(
        &self,
        #[wasm_bindgen(unchecked_param_type = "number")] index: &JsValue,
    ) -> Result<Float32Array, JsError> {
        let e = self.at(index, |s, i| s.embedding(i))?;
        Ok(Float32Array::from(e.as_slice()))
    }
}

/// Benchmark helpers: only in a module built with the `bench` feature (benches/wasm/rerank.mjs).
#[cfg(feature = "bench")]
#[wasm_bindgen]
impl ItemStore {
    /// Benchmark helper: a plain sum over every embedding byte, the memory-bandwidth reference.
    #[wasm_bindgen(js_name = benchSum)]
    pub fn bench_sum(&self) -> Result<f64, JsError> {
        Ok(self.with(|s| Ok(s.byte_sum()))?)
    }
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
    let (opts, _) = rank_options(options, false)?;
    let r = store
        .with(|s| core::rank(s, &q, &opts))
        .map_err(cfg::js_name)?;
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
    let (opts, now) = rank_options(options, true)?;
    let r = store
        .with(|s| {
            profile.with(|p| {
                let now = now.unwrap_or(p.as_of().unwrap_or(0.0));
                core::rank_profile(&crate::compute::CpuBackend, s, p, now, &opts)
            })
        })
        .map_err(cfg::js_name)?;
    Ok(ranking_value(&r))
}
