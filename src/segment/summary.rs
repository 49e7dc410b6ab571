//! Segment profiles: size, share and mean features per cluster, for the dashboard's table.

use crate::error::{check, Error, Result};
use serde::Serialize;

/// Summary of one segment.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SegmentProfile {
    /// Segment (cluster) index.
    pub segment: u32,
    /// Number of members.
    pub size: usize,
    /// Fraction of all members.
    pub share: f64,
    /// Mean of each feature over the members (NaN for an empty segment).
    pub mean: Vec<f64>,
}

/// Profiles of segments `0..k` from row-major `n × dim` features (in whatever units should be
/// shown, e.g. raw recency days, order counts and spend) and one label per row.
/// Errors on ragged or non-finite features, a label count that differs from the rows, or a
/// label `>= k`.
pub fn profiles(
    features: &[f64],
    dim: usize,
    labels: &[u32],
    k: usize,
) -> Result<Vec<SegmentProfile>> {
    if dim == 0 {
        return Err(Error::invalid("dim", "an integer >= 1", 0));
    }
    check::non_empty("features", features)?;
    check::finite("features", features)?;
    if features.len() % dim != 0 {
        return Err(Error::invalid(
            "features",
            format!("a length that is a multiple of dim ({dim})"),
            format!("{} values", features.len()),
        ));
    }
    let n = features.len() / dim;
    if labels.len() != n {
        return Err(Error::invalid(
            "labels",
            format!("one label per row ({n})"),
            format!("{} labels", labels.len()),
        ));
    }
    if let Some(i) = labels.iter().position(|&l| l as usize >= k) {
        return Err(Error::invalid(
            "labels",
            format!("segment indices below k ({k})"),
            format!("{} at index {i}", labels[i]),
        ));
    }
    let mut sums = vec![0.0f64; k * dim];
    let mut sizes = vec![0usize; k];
    for (row, &l) in features.chunks_exact(dim).zip(labels) {
        let l = l as usize;
        sizes[l] += 1;
        for (s, x) in sums[l * dim..(l + 1) * dim].iter_mut().zip(row) {
            *s += x;
        }
    }
    Ok((0..k)
        .map(|j| SegmentProfile {
            segment: j as u32,
            size: sizes[j],
            share: sizes[j] as f64 / n as f64,
            mean: sums[j * dim..(j + 1) * dim]
                .iter()
                .map(|s| s / sizes[j] as f64)
                .collect(),
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_and_means() {
        let p = profiles(&[1.0, 10.0, 3.0, 30.0, 5.0, 0.0], 2, &[0, 0, 2], 3).unwrap();
        assert_eq!(p[0].size, 2);
        assert_eq!(p[0].mean, vec![2.0, 20.0]);
        assert_eq!(p[1].size, 0);
        assert!(p[1].mean[0].is_nan());
        assert!((p[2].share - 1.0 / 3.0).abs() < 1e-15);
        assert!(profiles(&[1.0, 2.0], 2, &[3], 3).is_err());
        assert!(profiles(&[1.0, 2.0], 2, &[0, 0], 3).is_err());
        assert!(profiles(&[1.0, 2.0, 3.0], 2, &[0], 3).is_err());
        assert!(profiles(&[1.0, f64::NAN], 2, &[0], 3).is_err());
    }
}
