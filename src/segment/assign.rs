//! The k-means assignment step: the one kernel a compute backend (CPU/GPU) replaces.
//!
//! It runs on [`crate::compute::Backend::kmeans_assign`]; [`assign`] validates the arrays and
//! uses the [`CpuBackend`] reference, [`crate::segment::KMeansParams::fit_on`] takes any backend.

use super::check_points;
use crate::compute::{Backend, CpuBackend, Matrix};
use crate::error::{Error, Result};

pub use crate::compute::Assignment;

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
    assign_on(&CpuBackend, points, dim, centroids)
}

/// [`assign`] on `backend` without re-validating values, for callers that validated once
/// (the Lloyd loop); shapes must already be consistent.
pub(crate) fn assign_on(
    backend: &dyn Backend,
    points: &[f32],
    dim: usize,
    centroids: &[f32],
) -> Result<Assignment> {
    let points = Matrix::trusted(points, points.len() / dim, dim);
    let centroids = Matrix::trusted(centroids, centroids.len() / dim, dim);
    backend.kmeans_assign(&points, &centroids)
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
