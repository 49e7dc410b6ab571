//! Silhouette coefficient (mean over points of (b − a) / max(a, b)), exact or on a seeded
//! random sample for large n, as scikit-learn's `silhouette_score`.

use super::{check_points, sq_dist};
use crate::error::{Error, Result};
use crate::limits;
use crate::rng::seeded;
use rand::Rng as _;

/// Sample size the dashboard uses for silhouettes: exact up to this many points.
pub const DEFAULT_SILHOUETTE_SAMPLE: usize = 2000;

/// Mean silhouette of `labels` on row-major `n × dim` points (Euclidean distance).
///
/// With `sample_size = Some(s)` and `s < n`, `s` points are drawn without replacement (seeded)
/// and the score is computed on them alone, O(s²·dim) instead of O(n²·dim). Points alone in
/// their cluster score 0. Errors when labels and points differ in number, or when the
/// (sampled) labels do not form between 2 and n − 1 clusters, and when the sample (or `n`
/// without one) exceeds [`MAX_SILHOUETTE_POINTS`](limits::MAX_SILHOUETTE_POINTS).
pub fn silhouette(
    points: &[f32],
    dim: usize,
    labels: &[u32],
    sample_size: Option<usize>,
    seed: u64,
) -> Result<f64> {
    let n = check_points("points", points, dim)?;
    if labels.len() != n {
        return Err(Error::invalid(
            "labels",
            format!("one label per point ({n})"),
            format!("{} labels", labels.len()),
        ));
    }
    let max = limits::MAX_SILHOUETTE_POINTS;
    if let Some(s) = sample_size {
        limits::check_count("sample_size", s, 2, max)?;
    } else if n > max {
        return Err(Error::invalid(
            "sample_size",
            format!("a sample of at most {max} points for more than {max} points"),
            format!("none for {n} points"),
        ));
    }
    let mut idx: Vec<usize> = (0..n).collect();
    if let Some(s) = sample_size {
        if s < n {
            // Partial Fisher–Yates: the first s entries become a uniform sample.
            let mut rng = seeded(seed);
            for i in 0..s {
                let j = rng.random_range(i..n);
                idx.swap(i, j);
            }
            idx.truncate(s);
        }
    }
    // Dense cluster ids for the sampled labels.
    let mut uniq: Vec<u32> = idx.iter().map(|&i| labels[i]).collect();
    uniq.sort_unstable();
    uniq.dedup();
    let m = idx.len();
    if uniq.len() < 2 || uniq.len() >= m {
        return Err(Error::invalid(
            "labels",
            format!("between 2 and {} distinct clusters", m - 1),
            format!("{} distinct clusters among {m} points", uniq.len()),
        ));
    }
    let cluster: Vec<usize> = idx
        .iter()
        .map(|&i| uniq.binary_search(&labels[i]).unwrap_or(0))
        .collect();
    let mut size = vec![0usize; uniq.len()];
    for &c in &cluster {
        size[c] += 1;
    }
    let row = |i: usize| &points[i * dim..(i + 1) * dim];
    let mut dist_sum = vec![0.0f64; uniq.len()];
    let mut total = 0.0;
    for (a_pos, &i) in idx.iter().enumerate() {
        dist_sum.iter_mut().for_each(|d| *d = 0.0);
        for (b_pos, &j) in idx.iter().enumerate() {
            if a_pos != b_pos {
                dist_sum[cluster[b_pos]] += sq_dist(row(i), row(j)).sqrt();
            }
        }
        let own = cluster[a_pos];
        if size[own] <= 1 {
            continue; // s = 0 for singletons
        }
        let a = dist_sum[own] / (size[own] - 1) as f64;
        let b = dist_sum
            .iter()
            .zip(&size)
            .enumerate()
            .filter(|&(c, _)| c != own)
            .map(|(_, (d, &s))| d / s as f64)
            .fold(f64::INFINITY, f64::min);
        let denom = a.max(b);
        if denom > 0.0 {
            total += (b - a) / denom;
        }
    }
    Ok(total / m as f64)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn hand_computed_value() {
        // 1-D points 0, 1 | 10: a(0)=1, b(0)=10 → 0.9; a(1)=1, b(1)=9 → 8/9; singleton → 0.
        let s = silhouette(&[0.0, 1.0, 10.0], 1, &[5, 5, 9], None, 0).unwrap();
        assert!((s - (0.9 + 8.0 / 9.0) / 3.0).abs() < 1e-12);
    }

    #[test]
    fn bad_input_is_an_error() {
        assert!(silhouette(&[0.0, 1.0, 2.0], 1, &[0, 1], None, 0).is_err());
        assert!(silhouette(&[0.0, 1.0, 2.0], 1, &[0, 0, 0], None, 0).is_err());
        assert!(silhouette(&[0.0, 1.0, 2.0], 1, &[0, 1, 2], None, 0).is_err());
        assert!(silhouette(&[0.0, 1.0, 2.0], 1, &[0, 1, 1], Some(1), 0).is_err());
        assert!(silhouette(&[0.0, f32::NAN, 2.0], 1, &[0, 1, 1], None, 0).is_err());
    }
}
