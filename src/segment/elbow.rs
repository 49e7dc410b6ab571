//! Elbow helper: inertia (and silhouette) over a range of k, with a suggested k.

use super::{silhouette, KMeansParams};
use crate::error::{Error, Result};
use crate::limits;
use serde::Serialize;

/// One k of an [`Elbow`] curve.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ElbowPoint {
    /// Number of clusters.
    pub k: usize,
    /// Best inertia over the starts.
    pub inertia: f64,
    /// Silhouette of the clustering (`None` for k = 1).
    pub silhouette: Option<f64>,
}

/// Result of [`elbow`].
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Elbow {
    /// One entry per k, in increasing k.
    pub points: Vec<ElbowPoint>,
    /// The knee: the k whose normalized inertia lies farthest below the straight line joining
    /// the first and last points of the curve (the "kneedle" rule).
    pub suggested_k: usize,
}

/// Fits k-means for every k in `k_min..=k_max` (at least 3 values) with the other settings of
/// `params`, recording inertia and silhouette (sampled at `silhouette_sample` points, seeded
/// with `params.seed`).
pub fn elbow(
    points: &[f32],
    dim: usize,
    k_min: usize,
    k_max: usize,
    params: &KMeansParams,
    silhouette_sample: Option<usize>,
) -> Result<Elbow> {
    let max = limits::MAX_CLUSTERS;
    limits::check_count("k_min", k_min, 1, max - 2)?;
    limits::check_count("k_max", k_max, 3, max)?;
    if k_max < k_min + 2 {
        return Err(Error::invalid(
            "k_max",
            format!("at least k_min + 2 ({}) so the curve has a bend", k_min + 2),
            k_max,
        ));
    }
    let mut out = Vec::with_capacity(k_max - k_min + 1);
    for k in k_min..=k_max {
        let mut p = params.clone();
        p.k = k;
        let m = p.fit(points, dim)?;
        let sil = if k >= 2 {
            silhouette(points, dim, &m.labels, silhouette_sample, params.seed).ok()
        } else {
            None
        };
        out.push(ElbowPoint {
            k,
            inertia: m.inertia,
            silhouette: sil,
        });
    }
    let first = out[0].inertia;
    let last = out[out.len() - 1].inertia;
    let span = first - last;
    let mut suggested_k = k_min;
    if span > 0.0 {
        let mut best = f64::NEG_INFINITY;
        for e in &out {
            let x = (e.k - k_min) as f64 / (k_max - k_min) as f64;
            let y = (e.inertia - last) / span;
            let below = 1.0 - x - y;
            if below > best {
                best = below;
                suggested_k = e.k;
            }
        }
    }
    Ok(Elbow {
        points: out,
        suggested_k,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_the_number_of_blobs() {
        let mut pts = Vec::new();
        for (cx, cy) in [(0.0f32, 0.0f32), (10.0, 0.0), (0.0, 10.0), (10.0, 10.0)] {
            for i in 0..25 {
                pts.push(cx + (i % 5) as f32 * 0.2);
                pts.push(cy + (i / 5) as f32 * 0.2);
            }
        }
        let e = elbow(&pts, 2, 1, 8, &KMeansParams::new(1).seed(3), None).unwrap();
        assert_eq!(e.suggested_k, 4);
        assert_eq!(e.points.len(), 8);
        assert!(e.points[0].silhouette.is_none() && e.points[3].silhouette.unwrap() > 0.8);
        assert!(elbow(&pts, 2, 2, 3, &KMeansParams::new(1), None).is_err());
        assert!(elbow(&pts, 2, 0, 3, &KMeansParams::new(1), None).is_err());
        // Issue #12: sizes from the caller are bounded, and k_min + 2 cannot overflow.
        let msg = |k_min, k_max| {
            elbow(&pts, 2, k_min, k_max, &KMeansParams::new(1), None)
                .unwrap_err()
                .to_string()
        };
        assert_eq!(
            msg(1, 4_294_967_295),
            "invalid argument `k_max`: expected a whole number in [3, 1024], got 4294967295"
        );
        assert_eq!(
            msg(usize::MAX, 3),
            format!(
                "invalid argument `k_min`: expected a whole number in [1, 1022], got {}",
                usize::MAX
            )
        );
        let e = elbow(
            &pts,
            2,
            1,
            3,
            &KMeansParams::new(1).n_init(1_000_000_000),
            None,
        );
        assert!(e.unwrap_err().to_string().contains("`n_init`"));
    }
}
