//! JS bindings for shopper segmentation: RFM tables, k-means, elbow and silhouette.

use super::super::args::{self, get, object, record};
use super::{f64s, non_negative, same_len};
use crate::error::{Error, Result};
use crate::limits;
use crate::num::Num;
use crate::options::OptionSet;
use crate::segment::{
    self as seg, ElbowConfig, KMeansConfig, KMeansParams, Rfm, RfmConfig, RfmSegment,
    SegmentConfig, SilhouetteConfig,
};
use js_sys::{Array, Float32Array, Uint32Array, Uint8Array};
use wasm_bindgen::prelude::*;

// The option interfaces come from their one definition (crate::options::option_set!).
#[wasm_bindgen(typescript_custom_section)]
const TS_RFM_OPTIONS: &str = RfmConfig::TS;
#[wasm_bindgen(typescript_custom_section)]
const TS_KMEANS_OPTIONS: &str = KMeansConfig::TS;
#[wasm_bindgen(typescript_custom_section)]
const TS_SEGMENT_OPTIONS: &str = SegmentConfig::TS;
#[wasm_bindgen(typescript_custom_section)]
const TS_ELBOW_OPTIONS: &str = ElbowConfig::TS;
#[wasm_bindgen(typescript_custom_section)]
const TS_SILHOUETTE_OPTIONS: &str = SilhouetteConfig::TS;

const SEGMENTS: [RfmSegment; 10] = [
    RfmSegment::Champions,
    RfmSegment::Loyal,
    RfmSegment::PotentialLoyalists,
    RfmSegment::New,
    RfmSegment::Promising,
    RfmSegment::NeedAttention,
    RfmSegment::AboutToSleep,
    RfmSegment::AtRisk,
    RfmSegment::CantLoseThem,
    RfmSegment::Hibernating,
];
/// RFM table from an order log given as parallel arrays, one entry per order in any order:
/// shopper id (`Uint32Array`), timestamp (days by default, or milliseconds with
/// `{ unit: "ms" }`) and amount (>= 0). Recency is in days, measured from `options.asOf`
/// (default: the last order). Includes quantile scores and the named segments (Champions, …).
#[wasm_bindgen(unchecked_return_type = "RfmTable")]
pub fn rfm(
    #[wasm_bindgen(unchecked_param_type = "Uint32Array | number[]")] customers: &JsValue,
    #[wasm_bindgen(unchecked_param_type = "Numbers")] timestamps: &JsValue,
    #[wasm_bindgen(unchecked_param_type = "Numbers")] amounts: &JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "RfmOptions")] options: &JsValue,
) -> Result<JsValue, JsError> {
    let settings = args::option_set::<RfmConfig>("options", options, &[])?.check()?;
    let (scale, bins, as_of) = (settings.days_per_unit, settings.bins, settings.as_of);
    let ids = args::u32_vec("customers", customers)?;
    let mut t = args::f64_vec("timestamps", timestamps)?;
    let amounts = args::f64_vec("amounts", amounts)?;
    // Check before scaling so messages show the caller's values.
    if t.len() == ids.len() {
        crate::error::check::finite("timestamps", &t)?;
    }
    t.iter_mut().for_each(|x| *x *= scale);
    let scaled_as_of = as_of.map(|a| a * scale);
    let table = Rfm::from_orders(&ids, &t, &amounts, scaled_as_of).map_err(|e| {
        let e = e.renamed(&[("as_of", "options.asOf")]);
        match e {
            // Report the bound in the caller's unit.
            Error::InvalidArgument { arg, .. } if arg == "options.asOf" => Error::invalid(
                "options.asOf",
                format!(
                    "a time at or after the last order ({})",
                    Num(t.iter().copied().fold(f64::NEG_INFINITY, f64::max) / scale)
                ),
                Num(as_of.unwrap_or_default()),
            ),
            other => other,
        }
    })?;
    let scores = table
        .scores(bins)
        .map_err(|e| e.renamed(&[("bins", "options.bins")]))?;
    let named = if bins == 5 {
        let codes: Vec<u8> = scores
            .named_segments()?
            .iter()
            .map(|s| SEGMENTS.iter().position(|x| x == s).unwrap_or(0) as u8)
            .collect();
        Uint8Array::from(codes.as_slice()).into()
    } else {
        JsValue::NULL
    };
    let names: Array = SEGMENTS
        .iter()
        .map(|s| JsValue::from_str(s.name()))
        .collect();
    Ok(object(&[
        (
            "customers",
            Uint32Array::from(table.customers.as_slice()).into(),
        ),
        ("recency", f64s(&table.recency)),
        ("frequency", f64s(&table.frequency)),
        ("monetary", f64s(&table.monetary)),
        ("asOf", JsValue::from_f64(table.as_of)),
        ("bins", JsValue::from_f64(bins as f64)),
        (
            "scores",
            object(&[
                (
                    "recency",
                    Uint8Array::from(scores.recency.as_slice()).into(),
                ),
                (
                    "frequency",
                    Uint8Array::from(scores.frequency.as_slice()).into(),
                ),
                (
                    "monetary",
                    Uint8Array::from(scores.monetary.as_slice()).into(),
                ),
            ]),
        ),
        ("named", named),
        ("segmentNames", names.into()),
    ]))
}

const TABLE_KEYS: [&str; 9] = [
    "customers",
    "recency",
    "frequency",
    "monetary",
    "asOf",
    "bins",
    "scores",
    "named",
    "segmentNames",
];

/// Reads an RFM table (the output of `rfm`, or any object with the four columns).
fn table(v: &JsValue) -> Result<Rfm> {
    let obj = record("table", v, &TABLE_KEYS)?;
    args::check_keys(
        "table.scores",
        &get(obj, "scores"),
        &["recency", "frequency", "monetary"],
    )?;
    let column = |key: &str| -> Result<Vec<f64>> {
        let arg = format!("table.{key}");
        let values = args::f64_vec(&arg, &get(obj, key))?;
        non_negative(&arg, &values)?;
        Ok(values)
    };
    let recency = column("recency")?;
    crate::error::check::non_empty("table.recency", &recency)?;
    let frequency = column("frequency")?;
    let monetary = column("monetary")?;
    let n = recency.len();
    same_len("table.frequency", frequency.len(), n, "shopper")?;
    same_len("table.monetary", monetary.len(), n, "shopper")?;
    let ids = get(obj, "customers");
    let customers = if ids.is_undefined() {
        (0..n as u32).collect()
    } else {
        let c = args::u32_vec("table.customers", &ids)?;
        same_len("table.customers", c.len(), n, "shopper")?;
        c
    };
    Ok(Rfm {
        customers,
        recency,
        frequency,
        monetary,
        as_of: 0.0,
    })
}

/// The k-means keys `elbow` reads besides its own (all but `k`).
const RUN_KEYS: [&str; 4] = ["seed", "nInit", "maxIter", "tol"];
const KMEANS_NAMES: [(&str, &str); 6] = [
    ("k", "options.k"),
    ("n_init", "options.nInit"),
    ("max_iter", "options.maxIter"),
    ("tol", "options.tol"),
    ("sample_size", "options.silhouetteSample"),
    ("labels", "labels"),
];

/// Standardized log1p(recency, frequency, monetary) per shopper, row-major n × 3: the points
/// `segmentRfm` clusters (for `elbow`, `silhouette` or your own charts).
#[wasm_bindgen(js_name = rfmPoints)]
pub fn rfm_points(
    #[wasm_bindgen(unchecked_param_type = "RfmTable | RfmColumns")] table: &JsValue,
) -> Result<Float32Array, JsError> {
    let t = self::table(table)?;
    let logged = t.features(true);
    let z = seg::Standardizer::fit(&logged, 3)?.transform(&logged)?;
    let z: Vec<f32> = z.iter().map(|&v| v as f32).collect();
    Ok(Float32Array::from(z.as_slice()))
}

/// Reads and checks the arguments of `segmentRfm` (also `GpuContext.segmentRfm`): the table,
/// the k-means parameters (`k` at most the number of shoppers) and the silhouette sample.
pub(crate) fn segment_input(
    table: &JsValue,
    options: &JsValue,
) -> Result<(Rfm, KMeansParams, usize)> {
    let t = self::table(table)?;
    let params = args::option_set::<KMeansConfig>("options", options, SegmentConfig::KEYS)?;
    let sample = args::option_set::<SegmentConfig>("options", options, KMeansConfig::KEYS)?;
    let (params, sample) = (params.check()?, sample.check()?);
    params.validate(t.len()).map_err(kmeans_error)?;
    Ok((t, params, sample))
}

/// A core k-means error with the JS names of its arguments (`options.k`, …).
pub(crate) fn kmeans_error(e: Error) -> Error {
    e.renamed(&KMEANS_NAMES)
}

/// The JS object of a segmentation (`RfmSegmentation`).
pub(crate) fn segmentation_output(s: &seg::RfmSegmentation) -> JsValue {
    let profiles: Array = s
        .profiles
        .iter()
        .map(|p| {
            let m = |i: usize| JsValue::from_f64(p.mean.get(i).copied().unwrap_or(f64::NAN));
            object(&[
                ("segment", JsValue::from_f64(p.segment as f64)),
                ("size", JsValue::from_f64(p.size as f64)),
                ("share", JsValue::from_f64(p.share)),
                ("recency", m(0)),
                ("frequency", m(1)),
                ("monetary", m(2)),
            ])
        })
        .collect();
    object(&[
        ("k", JsValue::from_f64(s.model.k as f64)),
        ("labels", Uint32Array::from(s.labels.as_slice()).into()),
        ("profiles", profiles.into()),
        (
            "centroids",
            Float32Array::from(s.model.centroids.as_slice()).into(),
        ),
        (
            "scaler",
            object(&[
                ("mean", f64s(&s.scaler.mean)),
                ("scale", f64s(&s.scaler.scale)),
            ]),
        ),
        ("inertia", JsValue::from_f64(s.model.inertia)),
        ("nIter", JsValue::from_f64(s.model.n_iter as f64)),
        (
            "silhouette",
            s.silhouette.map_or(JsValue::NULL, JsValue::from_f64),
        ),
    ])
}

/// Segments shoppers with k-means++ on standardized log1p(R, F, M) of an RFM table; profiles
/// report sizes and mean raw RFM values per segment. Pass `options.seed` for reproducible runs.
#[wasm_bindgen(js_name = segmentRfm, unchecked_return_type = "RfmSegmentation")]
pub fn segment_rfm(
    #[wasm_bindgen(unchecked_param_type = "RfmTable | RfmColumns")] table: &JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "SegmentOptions")] options: &JsValue,
) -> Result<JsValue, JsError> {
    let (t, params, sample) = segment_input(table, options)?;
    let s = seg::segment_rfm(&t, &params, sample).map_err(kmeans_error)?;
    Ok(segmentation_output(&s))
}

/// Reads `points` (row-major, n × dim) and `dim`.
fn points_arg(points: &JsValue, dim: &JsValue) -> Result<(Vec<f32>, usize)> {
    let dim = args::count_js("dim", dim, 1, limits::MAX_DIM)?;
    Ok((args::f32_vec("points", points)?, dim))
}

/// Reads and checks the arguments of `kmeans` (also `GpuContext.kmeans`): finite row-major
/// points of `dim` columns and the k-means parameters (`k` at most the number of points).
pub(crate) fn kmeans_input(
    points: &JsValue,
    dim: &JsValue,
    options: &JsValue,
) -> Result<(Vec<f32>, usize, KMeansParams)> {
    let (pts, dim) = points_arg(points, dim)?;
    let params = args::option_set::<KMeansConfig>("options", options, &[])?.check()?;
    let n = seg::check_points("points", &pts, dim)?;
    params.validate(n).map_err(kmeans_error)?;
    Ok((pts, dim, params))
}

/// The JS object of a fitted k-means model (`KMeansResult`).
pub(crate) fn kmeans_output(m: &seg::KMeans) -> JsValue {
    let counts: Vec<f64> = m.counts.iter().map(|&c| c as f64).collect();
    object(&[
        ("k", JsValue::from_f64(m.k as f64)),
        ("dim", JsValue::from_f64(m.dim as f64)),
        (
            "centroids",
            Float32Array::from(m.centroids.as_slice()).into(),
        ),
        ("labels", Uint32Array::from(m.labels.as_slice()).into()),
        ("counts", f64s(&counts)),
        ("inertia", JsValue::from_f64(m.inertia)),
        ("nIter", JsValue::from_f64(m.n_iter as f64)),
    ])
}

/// k-means (k-means++ seeding, Lloyd iterations, best of `nInit` starts) on row-major
/// `n × dim` points.
#[wasm_bindgen(unchecked_return_type = "KMeansResult")]
pub fn kmeans(
    #[wasm_bindgen(unchecked_param_type = "Float32Array | Numbers")] points: &JsValue,
    #[wasm_bindgen(unchecked_param_type = "number")] dim: &JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "KMeansOptions")] options: &JsValue,
) -> Result<JsValue, JsError> {
    let (pts, dim, params) = kmeans_input(points, dim, options)?;
    let m = params.fit(&pts, dim).map_err(kmeans_error)?;
    Ok(kmeans_output(&m))
}

/// Inertia and silhouette of k-means for every k in `kMin..=kMax`, with the suggested k (the
/// knee of the inertia curve).
#[wasm_bindgen(unchecked_return_type = "ElbowResult")]
pub fn elbow(
    #[wasm_bindgen(unchecked_param_type = "Float32Array | Numbers")] points: &JsValue,
    #[wasm_bindgen(unchecked_param_type = "number")] dim: &JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "ElbowOptions")] options: &JsValue,
) -> Result<JsValue, JsError> {
    let (pts, dim) = points_arg(points, dim)?;
    // `k` is not an elbow option: the first reader refuses it, the second reads the rest.
    let elbow = args::option_set::<ElbowConfig>("options", options, &RUN_KEYS)?;
    let run = args::option_set::<KMeansConfig>("options", options, ElbowConfig::KEYS)?;
    let seg::ElbowSettings {
        params,
        k_min,
        k_max,
        sample,
    } = elbow.check(&run)?;
    let e = seg::elbow(&pts, dim, k_min, k_max, &params, Some(sample)).map_err(|e| {
        let mut names = KMEANS_NAMES.to_vec();
        names.extend([("k_min", "options.kMin"), ("k_max", "options.kMax")]);
        // A k above the number of points is reached through kMax.
        names[0] = ("k", "options.kMax");
        e.renamed(&names)
    })?;
    let ks: Vec<u32> = e.points.iter().map(|p| p.k as u32).collect();
    let inertia: Vec<f64> = e.points.iter().map(|p| p.inertia).collect();
    let sil: Vec<f64> = e
        .points
        .iter()
        .map(|p| p.silhouette.unwrap_or(f64::NAN))
        .collect();
    Ok(object(&[
        ("k", Uint32Array::from(ks.as_slice()).into()),
        ("inertia", f64s(&inertia)),
        ("silhouette", f64s(&sil)),
        ("suggestedK", JsValue::from_f64(e.suggested_k as f64)),
    ]))
}

/// Mean silhouette of `labels` on row-major `n × dim` points, exact or on a seeded sample of
/// `options.sample` points.
#[wasm_bindgen]
pub fn silhouette(
    #[wasm_bindgen(unchecked_param_type = "Float32Array | Numbers")] points: &JsValue,
    #[wasm_bindgen(unchecked_param_type = "number")] dim: &JsValue,
    #[wasm_bindgen(unchecked_param_type = "Uint32Array | number[]")] labels: &JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "SilhouetteOptions")] options: &JsValue,
) -> Result<f64, JsError> {
    let (pts, dim) = points_arg(points, dim)?;
    let labels = args::u32_vec("labels", labels)?;
    let (sample, seed) = args::option_set::<SilhouetteConfig>("options", options, &[])?.check()?;
    Ok(seg::silhouette(&pts, dim, &labels, sample, seed)
        .map_err(|e| e.renamed(&[("sample_size", "options.sample"), ("labels", "labels")]))?)
}
