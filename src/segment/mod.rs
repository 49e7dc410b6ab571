//! Shopper segmentation: RFM features from an order log, k-means++ clustering, quality measures
//! and segment profiles for the analyst's dashboard.
//!
//! Pipeline: [`Rfm::from_orders`] → [`Rfm::features`] (log1p) → [`Standardizer`] →
//! [`KMeansParams::fit`] → [`profiles`]; [`segment_rfm`] runs it in one call. [`elbow()`] and
//! [`silhouette()`] help choose the number of segments. [`RfmScores::named_segments`] gives the
//! customary named grid (champions, at risk, …) from 1–5 quantile scores.
//!
//! The k-means assignment step is the standalone function [`assign()`], so the compute backend
//! (CPU or GPU) can be swapped in one place: synchronously ([`KMeansParams::fit_on`]) or, where
//! the GPU answers asynchronously (WebGPU in the browser), through [`AsyncAssignStep`]
//! ([`KMeansParams::fit_with_async`], [`segment_rfm_with_async`]). Points are row-major `f32`
//! (`n × dim`).

mod assign;
mod elbow;
#[cfg(feature = "gpu")]
mod gpu;
mod kmeans;
mod named;
pub mod options;
mod pipeline;
mod rfm;
mod scale;
mod silhouette;
mod summary;

pub use assign::{assign, Assignment};
pub use elbow::{elbow, Elbow, ElbowPoint};
#[cfg(feature = "gpu")]
pub use gpu::{segment_rfm_on_gpu_async, GpuAssignStep};
pub use kmeans::{AssignFuture, AssignStep, AsyncAssignStep, KMeans, KMeansParams};
pub use named::RfmSegment;
pub use options::{
    ElbowConfig, ElbowSettings, KMeansConfig, RfmConfig, RfmSettings, SegmentConfig,
    SilhouetteConfig,
};
pub use pipeline::{check_silhouette_sample, segment_rfm, segment_rfm_with_async, RfmSegmentation};
pub use rfm::{Rfm, RfmScores};
pub use scale::Standardizer;
pub use silhouette::{silhouette, DEFAULT_SILHOUETTE_SAMPLE};
pub use summary::{profiles, SegmentProfile};

use crate::error::{Error, Result};
use crate::num::Num;

/// Validates a row-major point matrix; returns the number of rows.
pub(crate) fn check_points(arg: &str, points: &[f32], dim: usize) -> Result<usize> {
    crate::limits::check_count("dim", dim, 1, crate::limits::MAX_DIM)?;
    if points.is_empty() {
        return Err(Error::invalid(arg, "at least one point", "an empty array"));
    }
    if points.len() % dim != 0 {
        return Err(Error::invalid(
            arg,
            format!("a length that is a multiple of dim ({dim})"),
            format!("{} values", points.len()),
        ));
    }
    if let Some(i) = points.iter().position(|v| !v.is_finite()) {
        return Err(Error::invalid(
            arg,
            "finite numbers",
            format!(
                "{} at index {i} (point {}, feature {})",
                Num::from(points[i]),
                i / dim,
                i % dim
            ),
        ));
    }
    Ok(points.len() / dim)
}

/// Squared Euclidean distance, accumulated in f64.
#[inline]
pub(crate) fn sq_dist(a: &[f32], b: &[f32]) -> f64 {
    a.iter()
        .zip(b)
        .map(|(&x, &y)| {
            let d = x as f64 - y as f64;
            d * d
        })
        .sum()
}
