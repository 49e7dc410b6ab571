//! The knee of a k-distance curve: a suggested DBSCAN `eps` (the ε helper of the dashboard).

use crate::error::{check, Result};

/// Sorts `distances` ascending (the k-distance plot of [`super::k_distance`]) and returns them
/// with the index of the knee: the point farthest below the chord from the first to the last
/// point, both axes scaled to [0, 1] — where the distances start to climb steeply, so
/// `sorted[knee]` is a suggested `eps`. The knee is 0 for fewer than 3 points or a flat curve.
/// Fails on an empty or non-finite input.
pub fn k_distance_knee(distances: &[f64]) -> Result<(Vec<f64>, usize)> {
    check::non_empty("distances", distances)?;
    check::finite("distances", distances)?;
    let mut d = distances.to_vec();
    d.sort_by(f64::total_cmp);
    let n = d.len();
    let (lo, span) = (d[0], d[n - 1] - d[0]);
    if n < 3 || span <= 0.0 {
        return Ok((d, 0));
    }
    let gap = |i: usize| i as f64 / (n - 1) as f64 - (d[i] - lo) / span;
    // The first index of the largest gap.
    let knee = (1..n).fold(0, |best, i| if gap(i) > gap(best) { i } else { best });
    Ok((d, knee))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_knee_is_where_the_curve_turns_up() {
        // Flat at 1 for 90 points, then climbing to 10: the knee is the last flat point.
        let mut d: Vec<f64> = (0..100)
            .map(|i| {
                if i < 90 {
                    1.0 + i as f64 * 1e-3
                } else {
                    1.0 + (i - 89) as f64
                }
            })
            .collect();
        d.reverse();
        let (sorted, knee) = k_distance_knee(&d).unwrap();
        assert!(sorted.windows(2).all(|w| w[0] <= w[1]));
        assert_eq!(knee, 89);
        assert_eq!(k_distance_knee(&[2.0, 2.0, 2.0]).unwrap().1, 0);
        assert_eq!(k_distance_knee(&[1.0, 3.0]).unwrap(), (vec![1.0, 3.0], 0));
        assert!(k_distance_knee(&[]).is_err());
        assert!(k_distance_knee(&[1.0, f64::NAN]).is_err());
    }
}
