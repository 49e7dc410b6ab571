//! JS bindings for the analytics engine: shopper segmentation (RFM, k-means), A/B test
//! statistics and inventory decisions from demand forecasts.
//!
//! Per-shopper and per-SKU results are typed arrays; small summaries (test results, segment
//! profiles) are plain objects. Errors name the JS argument (`options.k`, `input.stock`, …).

use super::args::{self, field, get, number, object, plain, record};
use crate::error::{Error, Result};
use crate::experiment::{self as ex, AbOptions, Alternative, BetaPrior, Counts};
use crate::forecast::{Forecast, Interval};
use crate::inventory::{self as inv, check_quantities, ErrorCorrelation, LeadTimeDemand};
use crate::limits;
use crate::segment::{self as seg, KMeansParams, Rfm, RfmSegment};
use js_sys::{Array, Float32Array, Float64Array, Object, Uint32Array, Uint8Array};
use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TS_ANALYTICS: &str = r#"
/** A list of numbers: a typed array or a plain array. */
export type Numbers = Float64Array | Float32Array | Uint32Array | Int32Array | number[];
/** Options of `rfm`. */
export interface RfmOptions {
  /** Unit of `timestamps`: "days" (default) or "ms" (e.g. `Date.now()` values, converted to days). */
  unit?: "days" | "ms";
  /** Time recency is measured from, in the unit of `timestamps`; default: the last order. */
  asOf?: number;
  /** Quantile score levels, 2 to 9 (default 5; the named segments need 5). */
  bins?: number;
}
/** Result of `rfm`: one row per shopper, sorted by shopper id. Also the input of `segmentRfm`. */
export interface RfmTable {
  /** Shopper ids, ascending. */
  customers: Uint32Array;
  /** Days (or the timestamps' unit) since the shopper's last order at `asOf`. */
  recency: Float64Array;
  /** Number of orders. */
  frequency: Float64Array;
  /** Total amount spent. */
  monetary: Float64Array;
  /** Reference time, in days when `unit` was "ms". */
  asOf: number;
  /** Score levels used. */
  bins: number;
  /** Quantile scores 1..bins; higher is better (recent, frequent, big spender). */
  scores: { recency: Uint8Array; frequency: Uint8Array; monetary: Uint8Array };
  /** Named segment per shopper, an index into `segmentNames` (null unless bins = 5). */
  named: Uint8Array | null;
  /** The named segments: "Champions", "Loyal", …, "Hibernating". */
  segmentNames: string[];
}
/** Your own RFM columns (any extra keys of `RfmTable` are accepted too). */
export interface RfmColumns {
  recency: Numbers;
  frequency: Numbers;
  monetary: Numbers;
  customers?: Uint32Array | number[];
}
/** k-means settings shared by `segmentRfm`, `kmeans` and `elbow`. */
export interface KMeansOptions {
  /** Number of clusters (default 4). */
  k?: number;
  /** Seed of the k-means++ starts; same seed, same result (default: random). */
  seed?: number;
  /** Independent starts, the lowest inertia wins (default 10). */
  nInit?: number;
  /** Lloyd iterations per start (default 300). */
  maxIter?: number;
  /** Convergence tolerance relative to the mean feature variance (default 1e-4). */
  tol?: number;
}
/** Options of `segmentRfm`. */
export interface SegmentOptions extends KMeansOptions {
  /** Shoppers the silhouette is computed on (a seeded sample above it; 0 skips it; default 2000). */
  silhouetteSample?: number;
}
/** One segment of `segmentRfm`: size and mean raw RFM values of its members. */
export interface SegmentProfile {
  segment: number;
  size: number;
  share: number;
  recency: number;
  frequency: number;
  monetary: number;
}
/** Result of `segmentRfm`. */
export interface RfmSegmentation {
  k: number;
  /** Segment of each shopper, in the order of the table's `customers`. */
  labels: Uint32Array;
  /** Per segment, in segment order. */
  profiles: SegmentProfile[];
  /** Centroids (k × 3) in the standardized log1p(R, F, M) space of `rfmPoints`. */
  centroids: Float32Array;
  /** The scaler of `rfmPoints`: mean and scale of log1p(R, F, M). */
  scaler: { mean: Float64Array; scale: Float64Array };
  inertia: number;
  nIter: number;
  /** Mean silhouette in [-1, 1]; null when skipped or undefined (one segment). */
  silhouette: number | null;
}
/** Result of `kmeans`. */
export interface KMeansResult {
  k: number;
  dim: number;
  /** Row-major k × dim. */
  centroids: Float32Array;
  labels: Uint32Array;
  counts: Float64Array;
  inertia: number;
  nIter: number;
}
/** Options of `elbow`. */
export interface ElbowOptions extends Omit<KMeansOptions, "k"> {
  /** Smallest k (default 1). */
  kMin?: number;
  /** Largest k, at least kMin + 2 (default 8). */
  kMax?: number;
  /** Points each silhouette is computed on (>= 2, default 2000). */
  silhouetteSample?: number;
}
/** Result of `elbow`: one entry per k. */
export interface ElbowResult {
  k: Uint32Array;
  inertia: Float64Array;
  /** NaN where undefined (k = 1). */
  silhouette: Float64Array;
  /** The knee of the inertia curve. */
  suggestedK: number;
}
/** Conversions out of visitors for one arm. */
export interface ArmCounts {
  conversions: number;
  visitors: number;
}
/** Direction of the alternative hypothesis about B − A. */
export type Alternative = "twoSided" | "greater" | "less";
/** Options of `abTest`. */
export interface AbTestOptions {
  /** Confidence / credible level (default 0.95). */
  level?: number;
  /** Significance of the sample-ratio-mismatch warning (default 0.001). */
  srmAlpha?: number;
  /** Designed traffic split A : B (default [1, 1]). */
  split?: [number, number];
  /** Beta prior of both arms (default { alpha: 1, beta: 1 }). */
  prior?: { alpha: number; beta: number };
}
/** Two-proportion z-test; differences are B − A. */
export interface ProportionTest {
  rateA: number;
  rateB: number;
  diff: number;
  /** Relative lift (B − A) / A; null when A has no conversions (the lift is undefined). */
  lift: number | null;
  z: number;
  pValue: number;
  /** Wald interval for B − A at `level`. */
  ci: [number, number];
  level: number;
}
/** Beta-Binomial view of an A/B test. */
export interface BayesResult {
  posteriorA: [number, number];
  posteriorB: [number, number];
  meanA: number;
  meanB: number;
  ciA: [number, number];
  ciB: [number, number];
  level: number;
  /** P(rate B > rate A). */
  probBBetter: number;
  /** Expected conversion-rate loss of shipping A. */
  expectedLossA: number;
  /** Expected conversion-rate loss of shipping B. */
  expectedLossB: number;
}
/** Sample ratio mismatch (chi-square) check. */
export interface SrmCheck {
  chi2: number;
  df: number;
  pValue: number;
  expected: number[];
  observedShare: number[];
  /** true when pValue < alpha: the split is not as designed. */
  mismatch: boolean;
}
/** Result of `abTest`. */
export interface AbTestResult {
  verdict: "bBetter" | "aBetter" | "inconclusive" | "sampleRatioMismatch";
  ztest: ProportionTest;
  bayes: BayesResult;
  srm: SrmCheck;
}
/** Options of `proportionTest` and `welchTest`. */
export interface TestOptions {
  level?: number;
  alternative?: Alternative;
}
/** Result of `welchTest`; differences are B − A. */
export interface WelchTest {
  meanA: number;
  meanB: number;
  diff: number;
  t: number;
  df: number;
  pValue: number;
  /** Interval for B − A (one-sided alternatives have an infinite end). */
  ci: [number, number];
  level: number;
}
/** The effect to plan for: conversion rates, or a difference of means with its standard deviation. */
export type Effect = { rateA: number; rateB: number } | { delta: number; sd: number };
/** Options of `sampleSize` and `power`. */
export interface PlanOptions {
  /** Significance (default 0.05). */
  alpha?: number;
  /** Target power, for `sampleSize` (default 0.8). */
  power?: number;
  /** Visitors in B per visitor in A (default 1). */
  ratio?: number;
  alternative?: Alternative;
}
/** Result of `sampleSize`: visitors per arm. */
export interface SampleSize {
  nA: number;
  nB: number;
  total: number;
  nAExact: number;
  effectSize: number;
}
/** Demand over the replenishment lead time, Normal(mean, sd²). */
export interface LeadTimeDemand {
  mean: number;
  sd: number;
}
/** A forecast over the lead time: the output of `forecast` (point + intervals), or point + sd per step. */
export type ForecastLike =
  | { point: Numbers; levels: number[]; lower: Numbers[]; upper: Numbers[]; model?: string; aicc?: number; seasonLength?: number }
  | { point: Numbers; sd: Numbers };
/** Options of `leadTimeDemand`. */
export interface LeadTimeOptions {
  /** Which of the forecast's interval levels to read the spread from (default: its first). */
  level?: number;
  /** How errors of successive periods combine: "independent" (default) or "perfect". */
  correlation?: "independent" | "perfect";
}
/** Input of `inventoryPlan`: one entry per SKU; lead-time demand from `sd`, or from an interval. */
export interface InventoryInput {
  /** Units on hand (>= 0). */
  stock: Numbers;
  /** Units ordered, not yet received (>= 0; default 0). */
  onOrder?: Numbers;
  /** Expected lead-time demand. */
  mean: Numbers;
  /** Standard deviation of lead-time demand. */
  sd?: Numbers;
  /** Lower bound of a central interval of lead-time demand (with `upper` and `level`). */
  lower?: Numbers;
  upper?: Numbers;
  /** Level of the interval, in (0, 1). */
  level?: number;
}
/** Result of `inventoryPlan`: one entry per SKU in each array. */
export interface InventoryPlan {
  meanDemand: Float64Array;
  sdDemand: Float64Array;
  safetyStock: Float64Array;
  reorderPoint: Float64Array;
  /** stock + onOrder. */
  position: Float64Array;
  /** P(lead-time demand > position). */
  stockoutRisk: Float64Array;
  /** 1 where the position is at or below the reorder point. */
  reorderNow: Uint8Array;
  /** Units to order to reach the reorder point. */
  shortfall: Float64Array;
}
/** Result of `newsvendor`. */
export interface Newsvendor {
  criticalRatio: number;
  quantity: number;
  expectedLeftover: number;
  expectedShortage: number;
  expectedCost: number;
}
"#;

const MS_PER_DAY: f64 = 86_400_000.0;
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

/// Renames the argument of a core error to its JS name. `(core, js)` pairs match the whole name
/// or a prefix followed by `[` or `.` (`skus[2].stock` → `input.stock[2]` is done by callers).
fn js_names(e: Error, names: &[(&str, &str)]) -> Error {
    match e {
        Error::InvalidArgument { arg, expected, got } => {
            let arg = names
                .iter()
                .find_map(|(core, js)| {
                    if arg == *core {
                        Some(js.to_string())
                    } else {
                        arg.strip_prefix(core)
                            .filter(|rest| rest.starts_with('[') || rest.starts_with('.'))
                            .map(|rest| format!("{js}{rest}"))
                    }
                })
                .unwrap_or(arg);
            Error::InvalidArgument { arg, expected, got }
        }
        other => other,
    }
}

/// A whole JS number in `[0, 2^53 − 1]` (counts of visitors, conversions).
fn safe_count(arg: &str, v: &JsValue) -> Result<u64> {
    args::safe_u64(arg, number(arg, v)?)
}

/// An optional size option, `options.key`, in `min..=max`.
fn opt_count(obj: &Option<Object>, key: &str, min: usize, max: usize) -> Result<Option<usize>> {
    field(obj, key, |a, v| args::count_js(a, v, min, max))
}

/// The optional `options.seed` (random when omitted).
fn seed(obj: &Option<Object>) -> Result<u64> {
    Ok(field(obj, "seed", safe_count)?.unwrap_or_else(crate::rng::default_seed))
}

/// An optional number, `options.key`.
fn opt_number(obj: &Option<Object>, key: &str) -> Result<Option<f64>> {
    field(obj, key, number)
}

/// An optional string, `options.key`, one of `allowed` (shown in the error).
fn opt_choice(obj: &Option<Object>, key: &str, allowed: &[&str]) -> Result<Option<String>> {
    field(obj, key, |a, v| {
        let s = args::string(a, v)?;
        if allowed.contains(&s.as_str()) {
            Ok(s)
        } else {
            let list: Vec<String> = allowed.iter().map(|x| format!("\"{x}\"")).collect();
            let shown: String = s.chars().take(40).collect();
            Err(Error::invalid(
                a,
                format!("one of {}", list.join(", ")),
                format!("{shown:?}"),
            ))
        }
    })
}

/// Fails unless every value is finite and `>= 0`, naming the first bad index.
fn non_negative(arg: &str, values: &[f64]) -> Result<()> {
    match values.iter().position(|v| !(v.is_finite() && *v >= 0.0)) {
        None => Ok(()),
        Some(i) => Err(Error::invalid(
            arg,
            "finite numbers >= 0",
            format!("{} at index {i}", values[i]),
        )),
    }
}

fn same_len(arg: &str, values: usize, want: usize, what: &str) -> Result<()> {
    if values == want {
        Ok(())
    } else {
        Err(Error::invalid(
            arg,
            format!("one value per {what} ({want})"),
            format!("{values} values"),
        ))
    }
}

fn f64s(values: &[f64]) -> JsValue {
    Float64Array::from(values).into()
}

// ------------------------------------------------------------------------------------ segment

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
    let o = args::plain_object("options", options, &["unit", "asOf", "bins"])?;
    let scale = match opt_choice(&o, "unit", &["days", "ms"])?.as_deref() {
        Some("ms") => 1.0 / MS_PER_DAY,
        _ => 1.0,
    };
    let bins = opt_count(&o, "bins", 2, 9)?.unwrap_or(5);
    let as_of = opt_number(&o, "asOf")?;
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
        let e = js_names(e, &[("as_of", "options.asOf")]);
        match e {
            // Report the bound in the caller's unit.
            Error::InvalidArgument { arg, .. } if arg == "options.asOf" => Error::invalid(
                "options.asOf",
                format!(
                    "a time at or after the last order ({})",
                    t.iter().copied().fold(f64::NEG_INFINITY, f64::max) / scale
                ),
                as_of.unwrap_or_default(),
            ),
            other => other,
        }
    })?;
    let scores = table
        .scores(bins)
        .map_err(|e| js_names(e, &[("bins", "options.bins")]))?;
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

/// The k-means options of `segmentRfm`, `kmeans` and `elbow`, read and range-checked.
struct KMeansOptions {
    params: KMeansParams,
    silhouette_sample: Option<usize>,
    k_min: Option<usize>,
    k_max: Option<usize>,
}

impl KMeansOptions {
    /// Reads `options` with the keys `keys`; `k` defaults to 4.
    fn read(options: &JsValue, keys: &[&str]) -> Result<KMeansOptions> {
        let o = args::plain_object("options", options, keys)?;
        let tol = opt_number(&o, "tol")?.unwrap_or(1e-4);
        if tol < 0.0 {
            return Err(Error::invalid("options.tol", "a finite number >= 0", tol));
        }
        let params = KMeansParams::new(opt_count(&o, "k", 1, limits::MAX_CLUSTERS)?.unwrap_or(4))
            .seed(seed(&o)?)
            .n_init(opt_count(&o, "nInit", 1, limits::MAX_RESTARTS)?.unwrap_or(10))
            .max_iter(opt_count(&o, "maxIter", 1, limits::MAX_ITERATIONS)?.unwrap_or(300))
            .tol(tol);
        Ok(KMeansOptions {
            params,
            silhouette_sample: opt_count(&o, "silhouetteSample", 0, limits::MAX_SILHOUETTE_POINTS)?,
            k_min: opt_count(&o, "kMin", 1, limits::MAX_CLUSTERS)?,
            k_max: opt_count(&o, "kMax", 1, limits::MAX_CLUSTERS)?,
        })
    }
}

const KMEANS_KEYS: [&str; 5] = ["k", "seed", "nInit", "maxIter", "tol"];
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
    let mut keys = KMEANS_KEYS.to_vec();
    keys.push("silhouetteSample");
    let opts = KMeansOptions::read(options, &keys)?;
    let params = opts.params;
    let sample = opts
        .silhouette_sample
        .unwrap_or(seg::DEFAULT_SILHOUETTE_SAMPLE);
    seg::check_silhouette_sample(sample).map_err(kmeans_error)?;
    params.validate(t.len()).map_err(kmeans_error)?;
    Ok((t, params, sample))
}

/// A core k-means error with the JS names of its arguments (`options.k`, …).
pub(crate) fn kmeans_error(e: Error) -> Error {
    js_names(e, &KMEANS_NAMES)
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

/// The `dim` argument of the k-means exports: a JS value, or a number `GpuContext` read already.
pub(crate) trait DimArg {
    /// The dimension, a whole number in `1..=`[`MAX_DIM`](limits::MAX_DIM).
    fn dim(self) -> Result<usize>;
}

impl DimArg for f64 {
    fn dim(self) -> Result<usize> {
        args::count("dim", self, 1, limits::MAX_DIM)
    }
}

impl DimArg for &JsValue {
    fn dim(self) -> Result<usize> {
        args::count_js("dim", self, 1, limits::MAX_DIM)
    }
}

fn points_arg(points: &JsValue, dim: impl DimArg) -> Result<(Vec<f32>, usize)> {
    let dim = dim.dim()?;
    Ok((args::f32_vec("points", points)?, dim))
}

/// Reads and checks the arguments of `kmeans` (also `GpuContext.kmeans`): finite row-major
/// points of `dim` columns and the k-means parameters (`k` at most the number of points).
pub(crate) fn kmeans_input(
    points: &JsValue,
    dim: impl DimArg,
    options: &JsValue,
) -> Result<(Vec<f32>, usize, KMeansParams)> {
    let (pts, dim) = points_arg(points, dim)?;
    let params = KMeansOptions::read(options, &KMEANS_KEYS)?.params;
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
    let opts = KMeansOptions::read(
        options,
        &[
            "kMin",
            "kMax",
            "seed",
            "nInit",
            "maxIter",
            "tol",
            "silhouetteSample",
        ],
    )?;
    let k_min = opts.k_min.unwrap_or(1);
    let k_max = opts.k_max.unwrap_or(8);
    let sample = opts
        .silhouette_sample
        .unwrap_or(seg::DEFAULT_SILHOUETTE_SAMPLE);
    if sample < 2 {
        return Err(Error::invalid(
            "options.silhouetteSample",
            format!("a whole number in [2, {}]", limits::MAX_SILHOUETTE_POINTS),
            sample,
        )
        .into());
    }
    let params = opts.params;
    let e = seg::elbow(&pts, dim, k_min, k_max, &params, Some(sample)).map_err(|e| {
        let mut names = KMEANS_NAMES.to_vec();
        names.extend([("k_min", "options.kMin"), ("k_max", "options.kMax")]);
        // A k above the number of points is reached through kMax.
        names[0] = ("k", "options.kMax");
        js_names(e, &names)
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
    #[wasm_bindgen(unchecked_optional_param_type = "{ sample?: number; seed?: number }")]
    options: &JsValue,
) -> Result<f64, JsError> {
    let (pts, dim) = points_arg(points, dim)?;
    let labels = args::u32_vec("labels", labels)?;
    let o = args::plain_object("options", options, &["sample", "seed"])?;
    let sample = opt_count(&o, "sample", 2, limits::MAX_SILHOUETTE_POINTS)?;
    let seed = field(&o, "seed", safe_count)?.unwrap_or(0);
    Ok(
        seg::silhouette(&pts, dim, &labels, sample, seed).map_err(|e| {
            js_names(
                e,
                &[("sample_size", "options.sample"), ("labels", "labels")],
            )
        })?,
    )
}

// --------------------------------------------------------------------------------- experiment

fn counts(arg: &str, v: &JsValue) -> Result<Counts> {
    let obj = record(arg, v, &["conversions", "visitors"])?;
    let count = |key: &str| safe_count(&format!("{arg}.{key}"), &get(obj, key));
    Ok(Counts::new(count("conversions")?, count("visitors")?))
}

fn arms(test: &JsValue) -> Result<(Counts, Counts)> {
    let obj = record("test", test, &["a", "b"])?;
    Ok((
        counts("test.a", &get(obj, "a"))?,
        counts("test.b", &get(obj, "b"))?,
    ))
}

const TEST_NAMES: [(&str, &str); 8] = [
    ("level", "options.level"),
    ("srm_alpha", "options.srmAlpha"),
    ("split.weights", "options.split"),
    ("prior", "options.prior"),
    ("alpha", "options.alpha"),
    ("a, b", "test"),
    ("a", "test.a"),
    ("b", "test.b"),
];

/// Reads an A/B test from conversion counts, `{ a: { conversions, visitors }, b: { … } }`:
/// two-proportion z-test with an interval for B − A, Beta-Binomial P(B > A) and expected
/// losses, a sample ratio mismatch check against `options.split`, and a verdict.
#[wasm_bindgen(js_name = abTest, unchecked_return_type = "AbTestResult")]
pub fn ab_test(
    #[wasm_bindgen(unchecked_param_type = "{ a: ArmCounts; b: ArmCounts }")] test: &JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "AbTestOptions")] options: &JsValue,
) -> Result<JsValue, JsError> {
    let (a, b) = arms(test)?;
    let o = args::plain_object("options", options, &["level", "srmAlpha", "split", "prior"])?;
    let mut opts = AbOptions::default();
    opts.level = opt_number(&o, "level")?.unwrap_or(opts.level);
    opts.srm_alpha = opt_number(&o, "srmAlpha")?.unwrap_or(opts.srm_alpha);
    if let Some(prior) = field(&o, "prior", |arg, v| {
        let p = record(arg, v, &["alpha", "beta"])?;
        let alpha = number(&format!("{arg}.alpha"), &get(p, "alpha"))?;
        let beta = number(&format!("{arg}.beta"), &get(p, "beta"))?;
        Ok(BetaPrior { alpha, beta })
    })? {
        opts.prior = prior;
    }
    if let Some(split) = field(&o, "split", |arg, v| {
        let n = get(v, "length").as_f64().unwrap_or(f64::NAN);
        if !(Array::is_array(v) && n == 2.0) {
            return Err(Error::invalid(arg, "two weights [a, b]", args::describe(v)));
        }
        args::f64_vec(arg, v)
    })? {
        opts.split = (split[0], split[1]);
    }
    let s = ex::ab_summary(a, b, &opts).map_err(|e| js_names(e, &TEST_NAMES))?;
    Ok(plain(&s)?)
}

fn alternative(o: &Option<Object>) -> Result<Alternative> {
    Ok(
        match opt_choice(o, "alternative", &["twoSided", "greater", "less"])?.as_deref() {
            Some("greater") => Alternative::Greater,
            Some("less") => Alternative::Less,
            _ => Alternative::TwoSided,
        },
    )
}

/// The `level` and `alternative` options of `proportionTest` and `welchTest`.
fn test_options(options: &JsValue) -> Result<(f64, Alternative)> {
    let o = args::plain_object("options", options, &["level", "alternative"])?;
    Ok((opt_number(&o, "level")?.unwrap_or(0.95), alternative(&o)?))
}

/// Two-proportion z-test of B against A from `{ a: { conversions, visitors }, b: { … } }`.
#[wasm_bindgen(js_name = proportionTest, unchecked_return_type = "ProportionTest")]
pub fn proportion_test(
    #[wasm_bindgen(unchecked_param_type = "{ a: ArmCounts; b: ArmCounts }")] test: &JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "TestOptions")] options: &JsValue,
) -> Result<JsValue, JsError> {
    let (a, b) = arms(test)?;
    let (level, alt) = test_options(options)?;
    let r = ex::two_proportion_ztest(a, b, level, alt).map_err(|e| js_names(e, &TEST_NAMES))?;
    Ok(plain(&r)?)
}

/// Welch's t-test of B against A on raw observations (e.g. revenue per visitor).
#[wasm_bindgen(js_name = welchTest, unchecked_return_type = "WelchTest")]
pub fn welch_test(
    #[wasm_bindgen(unchecked_param_type = "Numbers")] a: &JsValue,
    #[wasm_bindgen(unchecked_param_type = "Numbers")] b: &JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "TestOptions")] options: &JsValue,
) -> Result<JsValue, JsError> {
    let a = args::f64_vec("a", a)?;
    let b = args::f64_vec("b", b)?;
    let (level, alt) = test_options(options)?;
    let r = ex::welch_ttest(&a, &b, level, alt)
        .map_err(|e| js_names(e, &[("level", "options.level"), ("a.var, b.var", "a, b")]))?;
    Ok(plain(&r)?)
}

/// The options of `sampleSize` (with `power`) and `power` (without): alpha, power, ratio
/// and the alternative.
fn plan_options(options: &JsValue, keys: &[&str]) -> Result<(f64, f64, f64, Alternative)> {
    let o = args::plain_object("options", options, keys)?;
    Ok((
        opt_number(&o, "alpha")?.unwrap_or(0.05),
        opt_number(&o, "power")?.unwrap_or(0.8),
        opt_number(&o, "ratio")?.unwrap_or(1.0),
        alternative(&o)?,
    ))
}

enum Effect {
    Rates(f64, f64),
    Means(f64, f64),
}

fn effect(v: &JsValue) -> Result<Effect> {
    let obj = record("effect", v, &["rateA", "rateB", "delta", "sd"])?;
    let has = |k: &str| !get(obj, k).is_undefined();
    let num = |k: &str| number(&format!("effect.{k}"), &get(obj, k));
    if has("rateA") || has("rateB") {
        Ok(Effect::Rates(num("rateA")?, num("rateB")?))
    } else if has("delta") || has("sd") {
        Ok(Effect::Means(num("delta")?, num("sd")?))
    } else {
        Err(Error::invalid(
            "effect",
            "{ rateA, rateB } or { delta, sd }",
            "neither",
        ))
    }
}

const PLAN_NAMES: [(&str, &str); 8] = [
    ("rate_a", "effect.rateA"),
    ("rate_b", "effect.rateB"),
    ("delta", "effect.delta"),
    ("sd", "effect.sd"),
    ("alpha", "options.alpha"),
    ("power", "options.power"),
    ("ratio", "options.ratio"),
    ("n_a", "nA"),
];

/// Visitors per arm needed to detect `effect` — conversion rates `{ rateA, rateB }` or a
/// difference of means `{ delta, sd }` — with `options.power` (default 0.8) at significance
/// `options.alpha` (default 0.05), normal approximation.
#[wasm_bindgen(js_name = sampleSize, unchecked_return_type = "SampleSize")]
pub fn sample_size(
    #[wasm_bindgen(unchecked_param_type = "Effect")] effect: &JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "PlanOptions")] options: &JsValue,
) -> Result<JsValue, JsError> {
    let e = self::effect(effect)?;
    let (alpha, power, ratio, alt) =
        plan_options(options, &["alpha", "power", "ratio", "alternative"])?;
    if let Effect::Rates(a, b) = e {
        if a == b {
            return Err(Error::invalid("effect.rateB", "a rate different from rateA", b).into());
        }
    }
    let r = match e {
        Effect::Rates(a, b) => ex::sample_size_proportions(a, b, alpha, power, ratio, alt),
        Effect::Means(d, sd) => ex::sample_size_means(d, sd, alpha, power, ratio, alt),
    }
    .map_err(|e| js_names(e, &PLAN_NAMES))?;
    Ok(plain(&r)?)
}

/// Power to detect `effect` (as in `sampleSize`) with `nA` visitors in A and `ratio · nA` in B.
#[wasm_bindgen]
pub fn power(
    #[wasm_bindgen(unchecked_param_type = "Effect")] effect: &JsValue,
    #[wasm_bindgen(js_name = nA, unchecked_param_type = "number")] n_a: &JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "PlanOptions")] options: &JsValue,
) -> Result<f64, JsError> {
    let e = self::effect(effect)?;
    let n_a = number("nA", n_a)?;
    let (alpha, _, ratio, alt) = plan_options(options, &["alpha", "ratio", "alternative"])?;
    Ok(match e {
        Effect::Rates(a, b) => ex::power_proportions(a, b, n_a, alpha, ratio, alt),
        Effect::Means(d, sd) => ex::power_means(d, sd, n_a, alpha, ratio, alt),
    }
    .map_err(|e| js_names(e, &PLAN_NAMES))?)
}

/// Sample ratio mismatch: chi-square test of visitors per arm against the designed split
/// `weights` (e.g. `[1, 1]`); `options.alpha` is the warning threshold (default 0.001).
#[wasm_bindgen(js_name = srmCheck, unchecked_return_type = "SrmCheck")]
pub fn srm_check(
    #[wasm_bindgen(unchecked_param_type = "Numbers")] observed: &JsValue,
    #[wasm_bindgen(unchecked_param_type = "Numbers")] weights: &JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "{ alpha?: number }")] options: &JsValue,
) -> Result<JsValue, JsError> {
    let obs = args::f64_vec("observed", observed)?
        .iter()
        .enumerate()
        .map(|(i, &x)| args::safe_u64(&format!("observed[{i}]"), x))
        .collect::<Result<Vec<u64>>>()?;
    let w = args::f64_vec("weights", weights)?;
    let o = args::plain_object("options", options, &["alpha"])?;
    let r = ex::sample_ratio_mismatch(&obs, &w, opt_number(&o, "alpha")?.unwrap_or(0.001))
        .map_err(|e| js_names(e, &[("alpha", "options.alpha")]))?;
    Ok(plain(&r)?)
}

// ---------------------------------------------------------------------------------- inventory

fn demand(arg: &str, v: &JsValue) -> Result<LeadTimeDemand> {
    let obj = record(arg, v, &["mean", "sd"])?;
    let (mean_arg, sd_arg) = (format!("{arg}.mean"), format!("{arg}.sd"));
    let mean = number(&mean_arg, &get(obj, "mean"))?;
    let sd = number(&sd_arg, &get(obj, "sd"))?;
    LeadTimeDemand::new(mean, sd).map_err(|e| js_names(e, &[("mean", &mean_arg), ("sd", &sd_arg)]))
}

fn demand_out(d: LeadTimeDemand) -> JsValue {
    object(&[
        ("mean", JsValue::from_f64(d.mean)),
        ("sd", JsValue::from_f64(d.sd)),
    ])
}

/// Demand over a lead time of `leadTime` periods (> 0, may be fractional) from a per-period
/// forecast: the output of `forecast` (spread read from its interval at `options.level`,
/// default its first level) or `{ point, sd }`. The forecast must reach the lead time.
#[wasm_bindgen(js_name = leadTimeDemand, unchecked_return_type = "LeadTimeDemand")]
pub fn lead_time_demand(
    #[wasm_bindgen(unchecked_param_type = "ForecastLike")] forecast: &JsValue,
    #[wasm_bindgen(js_name = leadTime, unchecked_param_type = "number")] lead_time: &JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "LeadTimeOptions")] options: &JsValue,
) -> Result<JsValue, JsError> {
    let lead_time = number("leadTime", lead_time)?;
    let obj = record(
        "forecast",
        forecast,
        // Everything `forecast` returns is accepted as it is.
        &[
            "model",
            "point",
            "levels",
            "lower",
            "upper",
            "aicc",
            "seasonLength",
            "sd",
        ],
    )?;
    let o = args::plain_object("options", options, &["level", "correlation"])?;
    let corr = match opt_choice(&o, "correlation", &["independent", "perfect"])?.as_deref() {
        Some("perfect") => ErrorCorrelation::Perfect,
        _ => ErrorCorrelation::Independent,
    };
    let given_level = opt_number(&o, "level")?;
    let point = args::f64_vec("forecast.point", &get(obj, "point"))?;
    let names = [
        ("point", "forecast.point"),
        ("sd", "forecast.sd"),
        ("lead_time", "leadTime"),
        ("level", "options.level"),
        ("forecast.intervals", "forecast.lower"),
    ];
    let sd = get(obj, "sd");
    let d = if !sd.is_undefined() {
        let sd = args::f64_vec("forecast.sd", &sd)?;
        LeadTimeDemand::from_forecast(&point, &sd, lead_time, corr)
    } else {
        let levels = args::f64_vec("forecast.levels", &get(obj, "levels"))?;
        let bounds = |key: &str| -> Result<Vec<Vec<f64>>> {
            let v = get(obj, key);
            if !Array::is_array(&v) {
                return Err(Error::invalid(
                    format!("forecast.{key}"),
                    "an array of bounds per level",
                    args::describe(&v),
                ));
            }
            args::elements(&format!("forecast.{key}"), &v)?
                .iter()
                .enumerate()
                .map(|(i, b)| args::f64_vec(&format!("forecast.{key}[{i}]"), b))
                .collect()
        };
        let (lower, upper) = (bounds("lower")?, bounds("upper")?);
        if levels.is_empty() || lower.len() != levels.len() || upper.len() != levels.len() {
            return Err(Error::invalid(
                "forecast",
                "intervals (levels with lower and upper bounds per level), or sd",
                format!(
                    "{} levels, {} lower, {} upper",
                    levels.len(),
                    lower.len(),
                    upper.len()
                ),
            )
            .into());
        }
        let level = given_level.unwrap_or(levels[0]);
        for (i, b) in lower.iter().chain(&upper).enumerate() {
            crate::error::check::finite(
                &format!(
                    "forecast.{}[{}]",
                    if i < lower.len() { "lower" } else { "upper" },
                    i % lower.len()
                ),
                b,
            )?;
        }
        let fc = Forecast {
            point,
            intervals: levels
                .iter()
                .zip(lower.into_iter().zip(upper))
                .map(|(&level, (lower, upper))| Interval {
                    level,
                    lower,
                    upper,
                })
                .collect(),
        };
        LeadTimeDemand::from_forecast_interval(&fc, level, lead_time, corr)
    }
    .map_err(|e| js_names(e, &names))?;
    Ok(demand_out(d))
}

/// Lead-time demand from forecast quantiles: `values[i]` is the `probs[i]` quantile (a normal
/// fitted by least squares).
#[wasm_bindgen(js_name = demandFromQuantiles, unchecked_return_type = "LeadTimeDemand")]
pub fn demand_from_quantiles(
    #[wasm_bindgen(unchecked_param_type = "Numbers")] probs: &JsValue,
    #[wasm_bindgen(unchecked_param_type = "Numbers")] values: &JsValue,
) -> Result<JsValue, JsError> {
    let p = args::f64_vec("probs", probs)?;
    let v = args::f64_vec("values", values)?;
    Ok(demand_out(LeadTimeDemand::from_quantiles(&p, &v)?))
}

/// The inventory table over many SKUs: safety stock, reorder point, inventory position,
/// stock-out risk and whether to reorder now, at `options.serviceLevel` (default 0.95).
/// Lead-time demand per SKU comes from `mean` and `sd`, or `mean` and a central interval
/// `lower`/`upper` at `level`.
#[wasm_bindgen(js_name = inventoryPlan, unchecked_return_type = "InventoryPlan")]
pub fn inventory_plan(
    #[wasm_bindgen(unchecked_param_type = "InventoryInput")] input: &JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "{ serviceLevel?: number }")] options: &JsValue,
) -> Result<JsValue, JsError> {
    let obj = record(
        "input",
        input,
        &["stock", "onOrder", "mean", "sd", "lower", "upper", "level"],
    )?;
    let o = args::plain_object("options", options, &["serviceLevel"])?;
    let service_level = opt_number(&o, "serviceLevel")?.unwrap_or(0.95);
    let has = |key: &str| !get(obj, key).is_undefined();
    let col = |key: &str| args::f64_vec(&format!("input.{key}"), &get(obj, key));
    let names = [
        ("mean", "input.mean"),
        ("sd", "input.sd"),
        ("lower", "input.lower"),
        ("upper", "input.upper"),
        ("level", "input.level"),
        ("stock", "input.stock"),
        ("on_order", "input.onOrder"),
        ("demand", "input.mean"),
        ("service_level", "options.serviceLevel"),
    ];
    let mean = col("mean")?;
    let demands = if has("sd") {
        LeadTimeDemand::from_columns(&mean, &col("sd")?)
    } else if has("lower") || has("upper") {
        let level = number("input.level", &get(obj, "level"))?;
        LeadTimeDemand::from_interval_columns(&mean, &col("lower")?, &col("upper")?, level)
    } else {
        return Err(Error::invalid(
            "input",
            "the demand spread: `sd`, or `lower`, `upper` and `level`",
            "neither",
        )
        .into());
    }
    .map_err(|e| js_names(e, &names))?;
    let on_order = if has("onOrder") {
        Some(col("onOrder")?)
    } else {
        None
    };
    let skus = inv::skus_from_columns(&col("stock")?, on_order.as_deref(), &demands)
        .map_err(|e| js_names(e, &names))?;
    let plan = inv::plan(&skus, service_level).map_err(|e| js_names(e, &names))?;
    let column = |f: fn(&inv::SkuPlan) -> f64| -> JsValue {
        let v: Vec<f64> = plan.iter().map(f).collect();
        f64s(&v)
    };
    Ok(object(&[
        ("meanDemand", column(|p| p.mean_demand)),
        ("sdDemand", column(|p| p.sd_demand)),
        ("safetyStock", column(|p| p.safety_stock)),
        ("reorderPoint", column(|p| p.reorder_point)),
        ("position", column(|p| p.position)),
        ("stockoutRisk", column(|p| p.stockout_risk)),
        (
            "reorderNow",
            args::flags(plan.iter().map(|p| p.reorder_now)),
        ),
        ("shortfall", column(|p| p.shortfall)),
    ]))
}

/// P(lead-time demand > `stock`): the chance of running out before replenishment arrives.
#[wasm_bindgen(js_name = stockoutRisk)]
pub fn stockout_risk(
    #[wasm_bindgen(unchecked_param_type = "LeadTimeDemand")] demand: &JsValue,
    #[wasm_bindgen(unchecked_param_type = "number")] stock: &JsValue,
) -> Result<f64, JsError> {
    let d = self::demand("demand", demand)?;
    let stock = number("stock", stock)?;
    Ok(inv::stockout_risk(&d, stock)?)
}

/// Newsvendor order quantity for one selling period: the critical-ratio quantile of demand,
/// with expected leftover, shortage and cost. `underageCost` is the margin lost per unit
/// short, `overageCost` the loss per unit left over (both > 0).
#[wasm_bindgen(unchecked_return_type = "Newsvendor")]
pub fn newsvendor(
    #[wasm_bindgen(unchecked_param_type = "LeadTimeDemand")] demand: &JsValue,
    #[wasm_bindgen(js_name = underageCost, unchecked_param_type = "number")]
    underage_cost: &JsValue,
    #[wasm_bindgen(js_name = overageCost, unchecked_param_type = "number")] overage_cost: &JsValue,
) -> Result<JsValue, JsError> {
    let d = self::demand("demand", demand)?;
    let underage_cost = number("underageCost", underage_cost)?;
    let overage_cost = number("overageCost", overage_cost)?;
    let r = inv::newsvendor(&d, underage_cost, overage_cost).map_err(|e| {
        js_names(
            e,
            &[
                ("underage_cost", "underageCost"),
                ("overage_cost", "overageCost"),
            ],
        )
    })?;
    Ok(plain(&r)?)
}

/// Economic order quantity √(2·D·S / H): `demandRate` units per period (>= 0), `orderCost`
/// per order (> 0), `holdingCost` per unit per period (> 0).
#[wasm_bindgen]
pub fn eoq(
    #[wasm_bindgen(js_name = demandRate, unchecked_param_type = "number")] demand_rate: &JsValue,
    #[wasm_bindgen(js_name = orderCost, unchecked_param_type = "number")] order_cost: &JsValue,
    #[wasm_bindgen(js_name = holdingCost, unchecked_param_type = "number")] holding_cost: &JsValue,
) -> Result<f64, JsError> {
    let demand_rate = number("demandRate", demand_rate)?;
    let order_cost = number("orderCost", order_cost)?;
    let holding_cost = number("holdingCost", holding_cost)?;
    Ok(
        inv::eoq(demand_rate, order_cost, holding_cost).map_err(|e| {
            js_names(
                e,
                &[
                    ("demand_rate", "demandRate"),
                    ("order_cost", "orderCost"),
                    ("holding_cost", "holdingCost"),
                ],
            )
        })?,
    )
}

/// Stock-out risk in [0, 1] per item, in the order given: **the input of the rerank engine's
/// supply-aware ranking** (items likely to sell out are demoted). `stock[i]` is item i's
/// units (>= 0); `demand.mean[i]` / `demand.sd[i]` its demand over the horizon that matters.
#[wasm_bindgen(js_name = supplyRisks)]
pub fn supply_risks(
    #[wasm_bindgen(unchecked_param_type = "Numbers")] stock: &JsValue,
    #[wasm_bindgen(unchecked_param_type = "{ mean: Numbers; sd: Numbers }")] demand: &JsValue,
) -> Result<Float64Array, JsError> {
    let obj = record("demand", demand, &["mean", "sd"])?;
    let mean = args::f64_vec("demand.mean", &get(obj, "mean"))?;
    let sd = args::f64_vec("demand.sd", &get(obj, "sd"))?;
    let names = [
        ("mean", "demand.mean"),
        ("sd", "demand.sd"),
        ("stock", "stock"),
    ];
    let d = LeadTimeDemand::from_columns(&mean, &sd).map_err(|e| js_names(e, &names))?;
    let stock = args::f64_vec("stock", stock)?;
    check_quantities("stock", &stock, Some((d.len(), "item")))?;
    Ok(Float64Array::from(
        inv::supply_risks(&stock, &d)?.as_slice(),
    ))
}
