//! JS bindings for offline evaluation of rankings (NDCG@k, recall@k, MRR, catalog coverage,
//! intra-list diversity) and the seeded demo catalog: argument reading and result building
//! over [`crate::rerank::eval`] and [`crate::rerank::synth`].

use super::read::index_lists;
use super::ItemStore;
use crate::js::args::{self, object};
use crate::limits::{MAX_ITEMS, MAX_TOP_K};
use crate::rerank::{eval, load, synth};
use js_sys::{Array, Float32Array, Float64Array, Uint32Array};
use wasm_bindgen::prelude::*;

/// NDCG@k of `ranked` (store indices, best first) given the `relevant` indices and their gains
/// (default 1 each); 0 when nothing has a positive gain.
#[wasm_bindgen(js_name = ndcgAtK)]
pub fn ndcg_at_k(
    #[wasm_bindgen(unchecked_param_type = "Uint32Array | number[]")] ranked: &JsValue,
    #[wasm_bindgen(unchecked_param_type = "Uint32Array | number[]")] relevant: &JsValue,
    #[wasm_bindgen(unchecked_param_type = "number")] k: &JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "Float64Array | number[]")] gains: &JsValue,
) -> Result<f64, JsError> {
    let ranked = args::u32_vec("ranked", ranked)?;
    let relevant = args::u32_vec("relevant", relevant)?;
    let k = args::count_js("k", k, 1, MAX_TOP_K)?;
    let g = if gains.is_undefined() {
        None
    } else {
        Some(args::f64_vec("gains", gains)?)
    };
    Ok(eval::ndcg_at_k_lists(&ranked, &relevant, g, k)?)
}

/// Share of the `relevant` indices found in the first `k` of `ranked`.
#[wasm_bindgen(js_name = recallAtK)]
pub fn recall_at_k(
    #[wasm_bindgen(unchecked_param_type = "Uint32Array | number[]")] ranked: &JsValue,
    #[wasm_bindgen(unchecked_param_type = "Uint32Array | number[]")] relevant: &JsValue,
    #[wasm_bindgen(unchecked_param_type = "number")] k: &JsValue,
) -> Result<f64, JsError> {
    let ranked = args::u32_vec("ranked", ranked)?;
    let relevant = args::u32_vec("relevant", relevant)?;
    let k = args::count_js("k", k, 1, MAX_TOP_K)?;
    Ok(eval::recall_at_k(&ranked, &relevant, k)?)
}

/// Mean reciprocal rank: `rankings[q]` with its `relevant[q]` indices, averaged over queries.
#[wasm_bindgen(js_name = meanReciprocalRank)]
pub fn mean_reciprocal_rank(
    #[wasm_bindgen(unchecked_param_type = "(Uint32Array | number[])[]")] rankings: &JsValue,
    #[wasm_bindgen(unchecked_param_type = "(Uint32Array | number[])[]")] relevant: &JsValue,
) -> Result<f64, JsError> {
    let r = index_lists("rankings", rankings)?;
    let rel = index_lists("relevant", relevant)?;
    Ok(eval::mean_reciprocal_rank_lists(r, rel)?)
}

/// Share of a catalog of `catalogSize` items that appears in at least one of `lists`.
#[wasm_bindgen(js_name = catalogCoverage)]
pub fn catalog_coverage(
    #[wasm_bindgen(js_name = lists, unchecked_param_type = "(Uint32Array | number[])[]")]
    lists_v: &JsValue,
    #[wasm_bindgen(js_name = catalogSize, unchecked_param_type = "number")] catalog_size: &JsValue,
) -> Result<f64, JsError> {
    let l = index_lists("lists", lists_v)?;
    let n = args::count_js("catalogSize", catalog_size, 1, MAX_ITEMS)?;
    Ok(eval::catalog_coverage(&l, n)?)
}

/// Mean pairwise cosine distance of the items of `list` (store indices).
#[wasm_bindgen(js_name = intraListDiversity)]
pub fn intra_list_diversity(
    store: &ItemStore,
    #[wasm_bindgen(unchecked_param_type = "Uint32Array | number[]")] list: &JsValue,
) -> Result<f64, JsError> {
    let l = args::u32_vec("list", list)?;
    Ok(store.with(|s| eval::intra_list_diversity(s, &l))?)
}

/// A seeded demo catalog of `n` items, `dim` dimensions and `clusters` categories, with
/// clustered embeddings, power-law popularity, prices and stock (the seed defaults to a random
/// one). At most `MAX_SYNTH_ITEMS` items and `MAX_SYNTH_VALUES` embedding values.
#[wasm_bindgen(js_name = synthCatalog, unchecked_return_type = "SynthCatalog")]
pub fn synth_catalog(
    #[wasm_bindgen(unchecked_param_type = "number")] n: &JsValue,
    #[wasm_bindgen(unchecked_param_type = "number")] dim: &JsValue,
    #[wasm_bindgen(unchecked_param_type = "number")] clusters: &JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "number")] seed: &JsValue,
) -> Result<JsValue, JsError> {
    use crate::limits::{MAX_CLUSTERS, MAX_SYNTH_ITEMS};
    let n = args::count_js("n", n, 1, MAX_SYNTH_ITEMS)?;
    let dim = args::count_js("dim", dim, 1, load::MAX_DIM)?;
    let clusters = args::count_js("clusters", clusters, 1, MAX_CLUSTERS)?;
    let seed = args::seed("seed", args::opt_number("seed", seed)?)?;
    let cat = synth::synth_catalog(n, dim, clusters, seed)?;
    let store = ItemStore::new(cat.store()?);
    let categories: Array = cat
        .categories
        .iter()
        .map(|c| JsValue::from_str(c))
        .collect();
    Ok(object(&[
        ("store", store.into()),
        (
            "embeddings",
            Float32Array::from(cat.embeddings.as_slice()).into(),
        ),
        ("cluster", Uint32Array::from(cat.cluster.as_slice()).into()),
        ("categories", categories.into()),
        (
            "popularity",
            Float64Array::from(cat.popularity.as_slice()).into(),
        ),
        ("prices", Float64Array::from(cat.prices.as_slice()).into()),
        ("stock", Float64Array::from(cat.stock.as_slice()).into()),
    ]))
}
