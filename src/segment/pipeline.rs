//! One call from an RFM table to dashboard-ready segments.

use super::{profiles, silhouette, KMeans, KMeansParams, Rfm, SegmentProfile, Standardizer};
use crate::error::Result;

/// Result of [`segment_rfm`].
#[derive(Debug, Clone, PartialEq)]
pub struct RfmSegmentation {
    /// The fitted model, on standardized log1p(R, F, M) features.
    pub model: KMeans,
    /// The scaler that produced the model's features (to transform new shoppers).
    pub scaler: Standardizer,
    /// Segment of each shopper, in the order of `Rfm::customers`.
    pub labels: Vec<u32>,
    /// Per segment: size, share and mean [recency, frequency, monetary] in original units.
    pub profiles: Vec<SegmentProfile>,
    /// Silhouette of the segmentation (sampled at `silhouette_sample` points); `None` when it
    /// is undefined (a single segment, or as many segments as shoppers).
    pub silhouette: Option<f64>,
}

/// Segments shoppers: log1p of recency, frequency and monetary, standardized, clustered with
/// k-means++ (`params`); profiles are reported in raw RFM units.
pub fn segment_rfm(
    rfm: &Rfm,
    params: &KMeansParams,
    silhouette_sample: Option<usize>,
) -> Result<RfmSegmentation> {
    let logged = rfm.features(true);
    let scaler = Standardizer::fit(&logged, 3)?;
    let z: Vec<f32> = scaler
        .transform(&logged)?
        .iter()
        .map(|&v| v as f32)
        .collect();
    let model = params.fit(&z, 3)?;
    let profiles = profiles(&rfm.features(false), 3, &model.labels, model.k)?;
    let silhouette = silhouette(&z, 3, &model.labels, silhouette_sample, params.seed).ok();
    Ok(RfmSegmentation {
        labels: model.labels.clone(),
        model,
        scaler,
        profiles,
        silhouette,
    })
}
