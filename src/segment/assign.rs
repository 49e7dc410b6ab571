//! The k-means assignment step: the one kernel a compute backend (CPU/GPU) replaces.
//!
//! [`Assignment`] has the same fields as `compute::Assignment` of the compute backend, so a
//! backend's `kmeans_assign` can be passed to [`crate::segment::KMeansParams::fit_with`] as is.

use super::{check_points, sq_dist};
use crate::error::{Error, Result};
use serde::Serialize;

/// Output of one assignment step.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Assignment {
    /// Index of the nearest centroid per point (ties go to the lower index).
    pub labels: Vec<u32>,
    /// Squared distance of each point to its centroid.
    pub distances: Vec<f32>,
    /// Per-cluster sum of assigned points, row-major `k × dim`, in f64.
    pub sums: Vec<f64>,
    /// Number of points per cluster.
    pub counts: Vec<u64>,
    /// Sum of squared distances of points to their nearest centroid.
    pub inertia: f64,
}

/// Assigns each point (row-major `n × dim`) to its nearest centroid (row-major `k × dim`) and
/// accumulates what the update step needs. Errors on `dim = 0`, empty or ragged arrays, or
/// non-finite values.
pub fn assign(points: &[f32], dim: usize, centroids: &[f32]) -> Result<Assignment> {
    check_points("points", points, dim)?;
    check_points("centroids", centroids, dim)?;
    if centroids.len() / dim > u32::MAX as usize {
        return Err(Error::invalid(
            "centroids",
            "at most 2^32 − 1 centroids",
            centroids.len() / dim,
        ));
    }
    Ok(assign_unchecked(points, dim, centroids))
}

/// [`assign`] without validation, for callers that validated once (the Lloyd loop).
pub(crate) fn assign_unchecked(points: &[f32], dim: usize, centroids: &[f32]) -> Assignment {
    let k = centroids.len() / dim;
    let mut out = Assignment {
        labels: Vec::with_capacity(points.len() / dim),
        distances: Vec::with_capacity(points.len() / dim),
        sums: vec![0.0; k * dim],
        counts: vec![0; k],
        inertia: 0.0,
    };
    for p in points.chunks_exact(dim) {
        let mut best = 0usize;
        let mut best_d = f64::INFINITY;
        for (j, c) in centroids.chunks_exact(dim).enumerate() {
            let d = sq_dist(p, c);
            if d < best_d {
                best_d = d;
                best = j;
            }
        }
        out.labels.push(best as u32);
        out.distances.push(best_d as f32);
        out.counts[best] += 1;
        out.inertia += best_d;
        for (s, &x) in out.sums[best * dim..(best + 1) * dim].iter_mut().zip(p) {
            *s += x as f64;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn assigns_and_accumulates() {
        let pts = [0.0, 0.0, 1.0, 0.0, 10.0, 10.0, 11.0, 10.0, 10.0, 11.0];
        let cen = [0.0, 0.0, 10.0, 10.0];
        let a = assign(&pts, 2, &cen).unwrap();
        assert_eq!(a.labels, vec![0, 0, 1, 1, 1]);
        assert_eq!(a.distances, vec![0.0, 1.0, 0.0, 1.0, 1.0]);
        assert_eq!(a.counts, vec![2, 3]);
        assert_eq!(a.sums, vec![1.0, 0.0, 31.0, 31.0]);
        assert!((a.inertia - 3.0).abs() < 1e-12);
    }

    #[test]
    fn bad_input_is_an_error() {
        assert!(assign(&[1.0, 2.0, 3.0], 2, &[0.0, 0.0]).is_err());
        assert!(assign(&[1.0, 2.0], 0, &[0.0, 0.0]).is_err());
        assert!(assign(&[], 2, &[0.0, 0.0]).is_err());
        assert!(assign(&[1.0, 2.0], 2, &[]).is_err());
        assert!(assign(&[1.0, 2.0], 2, &[0.0]).is_err());
        let e = assign(&[1.0, f32::NAN], 2, &[0.0, 0.0]).unwrap_err();
        assert!(e.to_string().contains("point 0, feature 1"), "{e}");
    }
}
