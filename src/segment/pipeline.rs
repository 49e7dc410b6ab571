//! One call from an RFM table to dashboard-ready segments.

use super::assign::assign_on;
use super::kmeans::{complete_now, Ready};
use super::{
    profiles, silhouette, AsyncAssignStep, KMeans, KMeansParams, Rfm, SegmentProfile, Standardizer,
};
use crate::compute::CpuBackend;
use crate::error::Result;
use serde::Serialize;

/// Result of [`segment_rfm`].
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RfmSegmentation {
    /// The fitted model, on standardized log1p(R, F, M) features.
    pub model: KMeans,
    /// The scaler that produced the model's features (to transform new shoppers).
    pub scaler: Standardizer,
    /// Segment of each shopper, in the order of `Rfm::customers`.
    pub labels: Vec<u32>,
    /// Per segment: size, share and mean [recency, frequency, monetary] in original units.
    pub profiles: Vec<SegmentProfile>,
    /// Silhouette of the segmentation on `silhouette_sample` shoppers; `None` when skipped
    /// (`silhouette_sample = 0`) or undefined (a single segment, or as many segments as
    /// shoppers).
    pub silhouette: Option<f64>,
}

impl RfmSegmentation {
    /// Segment of each shopper of another RFM table (e.g. next month's), with this
    /// segmentation's scaler and centroids, in the order of `rfm.customers`.
    pub fn predict(&self, rfm: &Rfm) -> Result<Vec<u32>> {
        let z: Vec<f32> = self
            .scaler
            .transform(&rfm.features(true))?
            .iter()
            .map(|&v| v as f32)
            .collect();
        self.model.predict(&z)
    }
}

/// Segments shoppers: log1p of recency, frequency and monetary, standardized, clustered with
/// k-means++ (`params`); profiles are reported in raw RFM units. The silhouette is computed
/// on all shoppers when there are at most `silhouette_sample` of them, on a seeded sample of
/// that size otherwise, and skipped when it is 0 (cost grows with its square;
/// [`super::DEFAULT_SILHOUETTE_SAMPLE`] is a good choice).
pub fn segment_rfm(
    rfm: &Rfm,
    params: &KMeansParams,
    silhouette_sample: usize,
) -> Result<RfmSegmentation> {
    let cpu = |p: &[f32], d: usize, c: &[f32]| assign_on(&CpuBackend, p, d, c);
    complete_now(segment_rfm_with_async(
        rfm,
        params,
        silhouette_sample,
        &Ready(&cpu),
    ))
}

/// Checks a silhouette sample size of [`segment_rfm`]: 0 (skip) or 2 to
/// [`MAX_SILHOUETTE_POINTS`](crate::limits::MAX_SILHOUETTE_POINTS).
pub fn check_silhouette_sample(sample: usize) -> Result<()> {
    let max = crate::limits::MAX_SILHOUETTE_POINTS;
    if sample == 1 || sample > max {
        return Err(crate::error::Error::invalid(
            "sample_size",
            format!("0 (no silhouette) or a whole number in [2, {max}]"),
            sample,
        ));
    }
    Ok(())
}

/// [`segment_rfm`] with every Lloyd assignment step run by `step` (see
/// [`KMeansParams::fit_with_async`]), e.g. on a GPU in the browser. The scaling, profiles and
/// silhouette are computed as in [`segment_rfm`]; a step giving the same assignments gives the
/// same segmentation bit for bit.
pub async fn segment_rfm_with_async(
    rfm: &Rfm,
    params: &KMeansParams,
    silhouette_sample: usize,
    step: &(impl AsyncAssignStep + ?Sized),
) -> Result<RfmSegmentation> {
    check_silhouette_sample(silhouette_sample)?;
    let logged = rfm.features(true);
    let scaler = Standardizer::fit(&logged, 3)?;
    let z: Vec<f32> = scaler
        .transform(&logged)?
        .iter()
        .map(|&v| v as f32)
        .collect();
    let model = params.fit_with_async(&z, 3, step).await?;
    let profiles = profiles(&rfm.features(false), 3, &model.labels, model.k)?;
    let silhouette = if silhouette_sample == 0 {
        None
    } else {
        silhouette(&z, 3, &model.labels, Some(silhouette_sample), params.seed).ok()
    };
    Ok(RfmSegmentation {
        labels: model.labels.clone(),
        model,
        scaler,
        profiles,
        silhouette,
    })
}
