//! DBSCAN (Ester et al. 1996) with scikit-learn's labels, on a k-d tree.
//!
//! A point is *core* when at least `min_samples` points (itself included) lie within Euclidean
//! distance `eps` (inclusive). Clusters are the connected components of core points (two cores
//! are linked when within `eps`); a non-core point within `eps` of a core joins a cluster as a
//! *border* point; every other point is *noise* (label −1). Labels follow scikit-learn exactly:
//! clusters are numbered in the order of their lowest-index core point, and a border point near
//! several clusters joins the one numbered first. Neighbourhoods are queried from a k-d tree and
//! never stored, so memory is linear in the number of points.

use super::check_matrix;
use crate::error::{Error, Result};
use crate::limits::{self, check_count};
use crate::num::Num;

/// Unchecked DBSCAN parameters.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct DbscanParams {
    /// Neighbourhood radius (finite, > 0).
    pub eps: f64,
    /// Points (itself included) a core point needs within `eps` (>= 1).
    pub min_samples: usize,
}

/// The result of [`dbscan`].
#[derive(Debug, Clone, PartialEq)]
pub struct Dbscan {
    /// Cluster per point, `0..n_clusters`, or −1 for noise.
    pub labels: Vec<i32>,
    /// Whether each point is a core point.
    pub core: Vec<bool>,
    /// The number of clusters.
    pub n_clusters: usize,
}

/// A k-d tree over the rows of a row-major matrix: nodes split a slice of `order` at its median
/// along the widest dimension; leaves hold up to `LEAF` points.
struct KdTree<'a> {
    x: &'a [f64],
    dim: usize,
    order: Vec<usize>,
    nodes: Vec<Node>,
}

enum Node {
    Leaf {
        start: usize,
        end: usize,
        /// Every point of the leaf is the same point (duplicates): one distance serves them all.
        same: bool,
    },
    Split {
        axis: usize,
        value: f64,
        left: usize,
        right: usize,
    },
}

const LEAF: usize = 16;

impl<'a> KdTree<'a> {
    fn new(x: &'a [f64], dim: usize) -> Self {
        let n = x.len() / dim;
        let mut tree = KdTree {
            x,
            dim,
            order: (0..n).collect(),
            nodes: Vec::new(),
        };
        tree.build(0, n);
        tree
    }

    fn coord(&self, i: usize, axis: usize) -> f64 {
        self.x[i * self.dim + axis]
    }

    fn build(&mut self, start: usize, end: usize) -> usize {
        let id = self.nodes.len();
        if end - start <= LEAF {
            self.nodes.push(Node::Leaf {
                start,
                end,
                same: false,
            });
            return id;
        }
        let mut axis = 0;
        let mut widest = -1.0;
        for a in 0..self.dim {
            let (lo, hi) = self.order[start..end]
                .iter()
                .map(|&i| self.coord(i, a))
                .fold((f64::INFINITY, f64::NEG_INFINITY), |(l, h), v| {
                    (l.min(v), h.max(v))
                });
            if hi - lo > widest {
                widest = hi - lo;
                axis = a;
            }
        }
        if widest <= 0.0 {
            self.nodes.push(Node::Leaf {
                start,
                end,
                same: true,
            });
            return id;
        }
        let mid = start + (end - start) / 2;
        let (x, dim) = (self.x, self.dim);
        self.order[start..end].select_nth_unstable_by(mid - start, |&a, &b| {
            x[a * dim + axis].total_cmp(&x[b * dim + axis])
        });
        let value = self.coord(self.order[mid], axis);
        self.nodes.push(Node::Leaf {
            start,
            end,
            same: false,
        });
        let left = self.build(start, mid);
        let right = self.build(mid, end);
        self.nodes[id] = Node::Split {
            axis,
            value,
            left,
            right,
        };
        id
    }

    fn dist2(&self, q: &[f64], i: usize) -> f64 {
        let row = &self.x[i * self.dim..(i + 1) * self.dim];
        q.iter().zip(row).map(|(a, b)| (a - b) * (a - b)).sum()
    }

    /// Calls `visit` with every point within squared radius `r2` of `q`.
    fn within(&self, q: &[f64], r2: f64, visit: &mut impl FnMut(usize)) {
        let mut stack = vec![0usize];
        while let Some(id) = stack.pop() {
            match self.nodes[id] {
                Node::Leaf { start, end, same } => {
                    if same {
                        if self.dist2(q, self.order[start]) <= r2 {
                            self.order[start..end].iter().for_each(|&i| visit(i));
                        }
                        continue;
                    }
                    for &i in &self.order[start..end] {
                        if self.dist2(q, i) <= r2 {
                            visit(i);
                        }
                    }
                }
                Node::Split {
                    axis,
                    value,
                    left,
                    right,
                } => {
                    let gap = q[axis] - value;
                    // Points equal to the split value may lie on either side.
                    if gap <= 0.0 || gap * gap <= r2 {
                        stack.push(left);
                    }
                    if gap >= 0.0 || gap * gap <= r2 {
                        stack.push(right);
                    }
                }
            }
        }
    }

    /// The squared distance from `q` to its `k`-th nearest point (`k >= 1`, `k <= n`).
    fn kth_dist2(&self, q: &[f64], k: usize, visited: &mut usize) -> f64 {
        // The k smallest squared distances so far, sorted ascending.
        let mut best: Vec<f64> = Vec::with_capacity(k + 1);
        let mut stack = vec![(0usize, 0.0f64)];
        while let Some((id, bound)) = stack.pop() {
            // Nothing at distance >= best[k-1] can enter `best` (insertion needs d < best[k-1]):
            // `>=` also prunes the equal-distance subtrees of duplicate points.
            if best.len() == k && bound >= best[k - 1] {
                continue;
            }
            match self.nodes[id] {
                Node::Leaf { start, end, same } => {
                    if same {
                        // Duplicates: one distance, entered at most k times.
                        *visited += 1;
                        let d = self.dist2(q, self.order[start]);
                        for _ in 0..(end - start).min(k) {
                            if best.len() == k && d >= best[k - 1] {
                                break;
                            }
                            let at = best.partition_point(|&b| b <= d);
                            best.insert(at, d);
                            best.truncate(k);
                        }
                        continue;
                    }
                    *visited += end - start;
                    for &i in &self.order[start..end] {
                        let d = self.dist2(q, i);
                        if best.len() < k || d < best[k - 1] {
                            let at = best.partition_point(|&b| b <= d);
                            best.insert(at, d);
                            best.truncate(k);
                        }
                    }
                }
                Node::Split {
                    axis,
                    value,
                    left,
                    right,
                } => {
                    let gap = q[axis] - value;
                    let (near, far) = if gap <= 0.0 {
                        (left, right)
                    } else {
                        (right, left)
                    };
                    stack.push((far, bound.max(gap * gap)));
                    stack.push((near, bound));
                }
            }
        }
        best[k - 1]
    }
}

/// Checks the points and parameters; returns the number of points.
fn check_points(points: &[f64], dim: usize) -> Result<usize> {
    check_count("dim", dim, 1, limits::MAX_DIM)?;
    check_matrix("points", points, dim)
}

/// Clusters the rows of the row-major `n × dim` matrix `points`.
pub fn dbscan(points: &[f64], dim: usize, params: DbscanParams) -> Result<Dbscan> {
    dbscan_within(points, dim, params, limits::MAX_NEIGHBOUR_PAIRS)
}

/// [`dbscan`] visiting at most `max_pairs` (point, neighbour) pairs.
fn dbscan_within(
    points: &[f64],
    dim: usize,
    params: DbscanParams,
    max_pairs: usize,
) -> Result<Dbscan> {
    let n = check_points(points, dim)?;
    if !(params.eps.is_finite() && params.eps > 0.0) {
        return Err(Error::invalid("eps", "a finite number > 0", params.eps));
    }
    check_count("minSamples", params.min_samples, 1, limits::MAX_ELEMENTS)?;
    let tree = KdTree::new(points, dim);
    let r2 = params.eps * params.eps;
    let row = |i: usize| &points[i * dim..(i + 1) * dim];
    // Every neighbour visited counts against limits::MAX_NEIGHBOUR_PAIRS, checked after each
    // neighbourhood (so it overshoots by at most n).
    let mut visited = 0usize;
    let mut spend = |count: usize| -> Result<()> {
        visited = visited.saturating_add(count);
        if visited > max_pairs {
            return Err(Error::invalid(
                "eps",
                format!(
                    "an ε whose neighbourhoods hold at most {} (point, neighbour) pairs in all \
                     (use a smaller ε, or cluster a sample of the points)",
                    max_pairs
                ),
                format!("{} (its neighbourhoods hold more)", Num::from(params.eps)),
            ));
        }
        Ok(())
    };
    let mut core = Vec::with_capacity(n);
    for i in 0..n {
        let mut count = 0usize;
        tree.within(row(i), r2, &mut |_| count += 1);
        spend(count)?;
        core.push(count >= params.min_samples);
    }
    let mut labels = vec![-1i32; n];
    let mut next = 0i32;
    let mut stack = Vec::new();
    for seed in 0..n {
        if labels[seed] != -1 || !core[seed] {
            continue;
        }
        labels[seed] = next;
        stack.push(seed);
        while let Some(i) = stack.pop() {
            // Only core points expand; a border point keeps the first cluster that reached it.
            let mut count = 0usize;
            tree.within(row(i), r2, &mut |j| {
                count += 1;
                if labels[j] == -1 {
                    labels[j] = next;
                    if core[j] {
                        stack.push(j);
                    }
                }
            });
            spend(count)?;
        }
        next += 1;
    }
    Ok(Dbscan {
        labels,
        core,
        n_clusters: next as usize,
    })
}

/// The distance from each point to its `k`-th nearest point, the point itself counted first
/// (scikit-learn's `NearestNeighbors(n_neighbors=k).kneighbors(points)[0][:, k-1]`). With
/// `k = minSamples`, a point is core exactly when this distance is at most `eps`; sorted, these
/// distances are the k-distance plot used to choose `eps`.
pub fn k_distance(points: &[f64], dim: usize, k: usize) -> Result<Vec<f64>> {
    let n = check_points(points, dim)?;
    check_count("k", k, 1, n)?;
    if n.saturating_mul(k) > limits::MAX_NEIGHBOUR_PAIRS {
        return Err(Error::invalid(
            "k",
            format!(
                "a k with points × k at most {} (use a smaller k, or a sample of the points)",
                limits::MAX_NEIGHBOUR_PAIRS
            ),
            k,
        ));
    }
    let tree = KdTree::new(points, dim);
    // Every point a query scans counts against 4 × MAX_NEIGHBOUR_PAIRS (a k-d tree that cannot
    // prune, e.g. in many dimensions, scans all n points per query).
    let budget = limits::MAX_NEIGHBOUR_PAIRS.saturating_mul(4);
    let mut visited = 0usize;
    let mut out = Vec::with_capacity(n);
    for i in 0..n {
        out.push(
            tree.kth_dist2(&points[i * dim..(i + 1) * dim], k, &mut visited)
                .sqrt(),
        );
        if visited > budget {
            return Err(Error::invalid(
                "points",
                format!(
                    "points whose k-nearest-neighbour searches scan at most {budget} points in all \
                     (use fewer points or fewer dimensions)"
                ),
                format!("{n} points of dimension {dim}"),
            ));
        }
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_eps_covering_everything_is_refused_not_run_for_ever() {
        // 2,000 equal points: every neighbourhood holds all of them, 4e6 pairs in all.
        let pts = vec![1.0; 2 * 2_000];
        let params = DbscanParams {
            eps: 0.5,
            min_samples: 5,
        };
        let e = dbscan_within(&pts, 2, params, 1_000_000)
            .unwrap_err()
            .to_string();
        assert!(e.starts_with("invalid argument `eps`"), "{e}");
        // Within the bound the same data clusters: one cluster, every point core.
        let r = dbscan_within(&pts, 2, params, 10_000_000).unwrap();
        assert_eq!((r.n_clusters, r.core.iter().all(|&c| c)), (1, true));
        // k-distance on duplicates prunes equal-distance subtrees: 20,000 equal points, k = 5,
        // scan about k points a query instead of all of them.
        let same = vec![1.0; 20_000];
        assert!(k_distance(&same, 1, 5).unwrap().iter().all(|&d| d == 0.0));
        // k-distance: points × k is bounded up front (17,000 × 17,000 > 2^28).
        let many = vec![1.0; 17_000];
        let e = k_distance(&many, 1, 17_000).unwrap_err().to_string();
        assert!(e.starts_with("invalid argument `k`"), "{e}");
    }

    #[test]
    fn chain_border_and_noise() {
        // 0-1-2 are mutually close (cores with min_samples 2), 3 is near 2 only, 4 is far.
        let pts = [0.0, 0.0, 1.0, 0.0, 2.0, 0.0, 3.0, 0.0, 10.0, 0.0];
        let r = dbscan(
            &pts,
            2,
            DbscanParams {
                eps: 1.0,
                min_samples: 3,
            },
        )
        .unwrap();
        assert_eq!(r.labels, vec![0, 0, 0, 0, -1]);
        assert_eq!(r.core, vec![false, true, true, false, false]);
        assert_eq!(r.n_clusters, 1);
        let kd = k_distance(&pts, 2, 2).unwrap();
        assert_eq!(kd, vec![1.0, 1.0, 1.0, 1.0, 7.0]);
    }

    #[test]
    fn duplicates_and_many_points_match_brute_force() {
        let mut pts = Vec::new();
        for i in 0..400u32 {
            let a = f64::from((i * 7919) % 613) / 61.3;
            let b = f64::from((i * 104_729) % 421) / 42.1;
            pts.extend_from_slice(&[a.floor(), b]);
        }
        let params = DbscanParams {
            eps: 0.5,
            min_samples: 4,
        };
        let r = dbscan(&pts, 2, params).unwrap();
        let n = pts.len() / 2;
        for i in 0..n {
            let count = (0..n)
                .filter(|&j| {
                    let (dx, dy) = (pts[2 * i] - pts[2 * j], pts[2 * i + 1] - pts[2 * j + 1]);
                    dx * dx + dy * dy <= 0.25
                })
                .count();
            assert_eq!(r.core[i], count >= 4, "point {i}");
        }
        let kd = k_distance(&pts, 2, 4).unwrap();
        for (i, (&core, &dist)) in r.core.iter().zip(&kd).enumerate() {
            assert_eq!(core, dist <= 0.5, "point {i}");
        }
    }

    #[test]
    fn bad_arguments_are_named() {
        let pts = [0.0, 1.0, 2.0];
        let p = DbscanParams {
            eps: 1.0,
            min_samples: 2,
        };
        assert!(dbscan(&pts, 2, p)
            .unwrap_err()
            .to_string()
            .contains("`points`"));
        assert!(dbscan(&pts, 0, p)
            .unwrap_err()
            .to_string()
            .contains("`dim`"));
        let bad = DbscanParams { eps: f64::NAN, ..p };
        assert!(dbscan(&pts, 1, bad)
            .unwrap_err()
            .to_string()
            .contains("`eps`"));
        let bad = DbscanParams {
            min_samples: 0,
            ..p
        };
        assert!(dbscan(&pts, 1, bad)
            .unwrap_err()
            .to_string()
            .contains("`minSamples`"));
        assert!(k_distance(&pts, 1, 4)
            .unwrap_err()
            .to_string()
            .contains("`k`"));
        assert!(dbscan(&[f64::INFINITY], 1, p).is_err());
        // Coordinates whose squared distances would overflow are refused, not turned into inf.
        let e = k_distance(&[0.0, 1e200], 1, 2).unwrap_err();
        assert!(e.to_string().contains("`points[1]`"), "{e}");
    }
}
