//! The segmentation functions' options as a page writes them: one definition per option (JS
//! name, TypeScript type, doc line, see [`crate::options`]), defaults and a `check()` that returns
//! the engine's parameters. Errors name the option by its JS name (`options.nInit`).

use super::{check_silhouette_sample, KMeansParams, DEFAULT_SILHOUETTE_SAMPLE};
use crate::error::{Error, Result};
use crate::limits::{MAX_CLUSTERS, MAX_ITERATIONS, MAX_RESTARTS, MAX_SILHOUETTE_POINTS};
use crate::num::Num;
use crate::options::{self as opt, Value};

/// Milliseconds per day: `rfm`'s `unit: "ms"` converts timestamps to days.
const MS_PER_DAY: f64 = 86_400_000.0;

crate::option_set! {
    /// k-means settings shared by `segmentRfm`, `kmeans` and `elbow`.
    pub struct KMeansConfig as "KMeansOptions" {
        /// Number of clusters, 1..1024 (default 4).
        k: value = "k", "number";
        /// Seed of the k-means++ starts; same seed, same result (default: random).
        seed: number = "seed", "number";
        /// Independent starts, the lowest inertia wins, 1..1000 (default 10).
        n_init: value = "nInit", "number";
        /// Lloyd iterations per start, 1..100000 (default 300).
        max_iter: value = "maxIter", "number";
        /// Convergence tolerance relative to the mean feature variance, >= 0 (default 1e-4).
        tol: number = "tol", "number";
    }
}

impl KMeansConfig {
    /// The k-means parameters (`k` is checked against the number of points by
    /// [`KMeansParams::validate`]).
    pub fn check(&self) -> Result<KMeansParams> {
        let tol = opt::finite("options.tol", self.tol, 1e-4)?;
        if tol < 0.0 {
            return Err(Error::invalid(
                "options.tol",
                "a finite number >= 0",
                Num(tol),
            ));
        }
        let k = opt::count("options.k", &self.k, 4, 1, MAX_CLUSTERS)?;
        Ok(KMeansParams::new(k)
            .seed(opt::seed(
                "options.seed",
                self.seed,
                crate::rng::default_seed,
            )?)
            .n_init(opt::count(
                "options.nInit",
                &self.n_init,
                10,
                1,
                MAX_RESTARTS,
            )?)
            .max_iter(opt::count(
                "options.maxIter",
                &self.max_iter,
                300,
                1,
                MAX_ITERATIONS,
            )?)
            .tol(tol))
    }
}

/// `options.silhouetteSample`: `min..=`[`MAX_SILHOUETTE_POINTS`], default
/// [`DEFAULT_SILHOUETTE_SAMPLE`].
fn silhouette_sample(v: &Option<Value>, min: usize) -> Result<usize> {
    let (arg, max) = ("options.silhouetteSample", MAX_SILHOUETTE_POINTS);
    opt::count(arg, v, DEFAULT_SILHOUETTE_SAMPLE, min, max)
}

crate::option_set! {
    /// Options of `segmentRfm`.
    pub struct SegmentConfig as "SegmentOptions" extends "KMeansOptions" {
        /// Shoppers the silhouette is computed on (a seeded sample above it; 0 skips it; default 2000).
        silhouette_sample: value = "silhouetteSample", "number";
    }
}

impl SegmentConfig {
    /// The silhouette sample size (0: no silhouette).
    pub fn check(&self) -> Result<usize> {
        let sample = silhouette_sample(&self.silhouette_sample, 0)?;
        check_silhouette_sample(sample)
            .map_err(|e| e.renamed(&[("sample_size", "options.silhouetteSample")]))?;
        Ok(sample)
    }
}

crate::option_set! {
    /// Options of `elbow`.
    pub struct ElbowConfig as "ElbowOptions" extends "Omit<KMeansOptions, \"k\">" {
        /// Smallest k (default 1).
        k_min: value = "kMin", "number";
        /// Largest k, at least kMin + 2 (default 8).
        k_max: value = "kMax", "number";
        /// Points each silhouette is computed on (>= 2, default 2000).
        silhouette_sample: value = "silhouetteSample", "number";
    }
}

/// The checked settings of `elbow`.
#[derive(Debug, Clone, PartialEq)]
pub struct ElbowSettings {
    /// The k-means settings of every fit (their `k` is set per fit).
    pub params: KMeansParams,
    /// Smallest k.
    pub k_min: usize,
    /// Largest k.
    pub k_max: usize,
    /// Points each silhouette is computed on.
    pub sample: usize,
}

impl ElbowConfig {
    /// The elbow settings, with the k-means settings `run` read from the same object (its `k`
    /// is not an elbow option: the reader refuses it).
    pub fn check(&self, run: &KMeansConfig) -> Result<ElbowSettings> {
        let params = run.check()?;
        let k_min = opt::count("options.kMin", &self.k_min, 1, 1, MAX_CLUSTERS)?;
        let k_max = opt::count("options.kMax", &self.k_max, 8, 1, MAX_CLUSTERS)?;
        let sample = silhouette_sample(&self.silhouette_sample, 2)?;
        Ok(ElbowSettings {
            params,
            k_min,
            k_max,
            sample,
        })
    }
}

crate::option_set! {
    /// Options of `rfm`.
    pub struct RfmConfig as "RfmOptions" {
        /// Unit of `timestamps`: "days" (default) or "ms" (e.g. `Date.now()` values, converted to days).
        unit: text = "unit", "\"days\" | \"ms\"";
        /// Time recency is measured from, in the unit of `timestamps`; default: the last order.
        as_of: number = "asOf", "number";
        /// Quantile score levels, 2 to 9 (default 5; the named segments need 5).
        bins: value = "bins", "number";
    }
}

/// The checked settings of `rfm`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RfmSettings {
    /// Days per unit of the timestamps (1, or 1 / 86,400,000 for milliseconds).
    pub days_per_unit: f64,
    /// Quantile score levels.
    pub bins: usize,
    /// The reference time, in the timestamps' unit.
    pub as_of: Option<f64>,
}

impl RfmConfig {
    /// The RFM settings.
    pub fn check(&self) -> Result<RfmSettings> {
        let days_per_unit = match opt::choice("options.unit", &self.unit, &["days", "ms"])? {
            Some("ms") => 1.0 / MS_PER_DAY,
            _ => 1.0,
        };
        Ok(RfmSettings {
            days_per_unit,
            bins: opt::count("options.bins", &self.bins, 5, 2, 9)?,
            as_of: opt::opt_finite("options.asOf", self.as_of)?,
        })
    }
}

crate::option_set! {
    /// Options of `silhouette`.
    pub struct SilhouetteConfig as "SilhouetteOptions" {
        /// Points the silhouette is computed on, a seeded sample (>= 2; default: all, exact).
        sample: value = "sample", "number";
        /// Seed of the sample (default 0).
        seed: number = "seed", "number";
    }
}

impl SilhouetteConfig {
    /// The sample size (`None`: every point) and its seed.
    pub fn check(&self) -> Result<(Option<usize>, u64)> {
        Ok((
            opt::opt_count("options.sample", &self.sample, 2, MAX_SILHOUETTE_POINTS)?,
            opt::seed("options.seed", self.seed, || 0)?,
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn segment_options_check_with_js_names() {
        let p = KMeansConfig::default().check().unwrap();
        assert_eq!((p.k, p.n_init, p.max_iter, p.tol), (4, 10, 300, 1e-4));
        let e = |r: Result<KMeansParams>| r.unwrap_err().to_string();
        let bad = KMeansConfig {
            n_init: Some(Value::Number(1e9)),
            ..KMeansConfig::default()
        };
        assert_eq!(
            e(bad.check()),
            "invalid argument `options.nInit`: expected a whole number in [1, 1000], got 1000000000"
        );
        let bad = KMeansConfig {
            seed: Some(-1.0),
            ..KMeansConfig::default()
        };
        assert_eq!(
            e(bad.check()),
            "invalid argument `options.seed`: expected a whole number in [0, 2^53 - 1], got -1"
        );
        let one = SegmentConfig {
            silhouette_sample: Some(Value::Number(1.0)),
        };
        assert!(one.check().unwrap_err().to_string().starts_with(
            "invalid argument `options.silhouetteSample`: expected 0 (no silhouette)"
        ));
        let el = ElbowConfig::default()
            .check(&KMeansConfig::default())
            .unwrap();
        assert_eq!((el.k_min, el.k_max, el.sample), (1, 8, 2000));
        let r = RfmConfig {
            unit: Some("ms".into()),
            ..RfmConfig::default()
        };
        assert_eq!(r.check().unwrap().days_per_unit, 1.0 / MS_PER_DAY);
        let r = RfmConfig {
            unit: Some("s".into()),
            ..RfmConfig::default()
        };
        assert_eq!(
            r.check().unwrap_err().to_string(),
            r#"invalid argument `options.unit`: expected one of "days", "ms", got "s""#
        );
        assert_eq!(SilhouetteConfig::default().check().unwrap(), (None, 0));
    }
}
