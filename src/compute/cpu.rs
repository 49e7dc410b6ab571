//! The CPU reference backend: blocked loops over the shared SIMD kernels, single-threaded (the
//! browser's main thread or a Web Worker), deterministic.

use super::kernels::{dot4_i8, dot_f32, dot_i8, dot_rows_f32, sq_dist_f32};
use super::quant::quantize_row;
use super::topk::{Hit, TopK};
use super::{
    check_assign, check_dims, check_indices, check_k, check_top_k, check_work, Assignment, Backend,
    Items, Matrix,
};
use crate::error::{Error, Result};

/// Items per block: a block of 64-dim f32 rows (256 KiB) stays in L2 while every user reads it.
const ITEM_BLOCK: usize = 1024;

/// The reference [`Backend`] on the CPU (WASM SIMD128 kernels in the browser).
#[derive(Debug, Clone, Copy, Default)]
pub struct CpuBackend;

impl CpuBackend {
    /// A CPU backend.
    pub fn new() -> Self {
        CpuBackend
    }
}

/// Users quantized per row, for scoring against int8 items.
struct QuantUsers {
    data: Vec<i8>,
    scales: Vec<f32>,
    cols: usize,
}

impl QuantUsers {
    fn new(users: &Matrix<'_>) -> Self {
        let cols = users.cols();
        let mut data = vec![0i8; users.data().len()];
        let scales = (0..users.rows())
            .map(|r| {
                let out = data.get_mut(r * cols..(r + 1) * cols).unwrap_or(&mut []);
                quantize_row(users.row(r), out)
            })
            .collect();
        QuantUsers { data, scales, cols }
    }

    fn row(&self, r: usize) -> (&[i8], f32) {
        (
            self.data
                .get(r * self.cols..(r + 1) * self.cols)
                .unwrap_or(&[]),
            self.scales.get(r).copied().unwrap_or(0.0),
        )
    }
}

/// One block of scores, on a cache-line boundary: the kernels store and the top-k reads it 16
/// bytes at a time, and a stack array is only 4-byte aligned, so its alignment (and the scan's
/// speed, ~8% in wasm) otherwise changes with the caller's stack frame from build to build.
#[repr(C, align(64))]
struct Block([f32; ITEM_BLOCK]);

/// Calls `f(user, first_item, scores)` with the scores of `user` against consecutive items
/// `first_item..first_item + scores.len()`, for every user and every item, items in cache-sized
/// blocks (each block's scores are still in L1 when `f` reads them).
fn for_each_block(users: &Matrix<'_>, items: &Items<'_>, mut f: impl FnMut(usize, usize, &[f32])) {
    let n = items.rows();
    let mut block_buf = Block([0f32; ITEM_BLOCK]);
    let buf = &mut block_buf.0;
    match items {
        Items::F32(it) => {
            let d = it.cols();
            for start in (0..n).step_by(ITEM_BLOCK) {
                let end = (start + ITEM_BLOCK).min(n);
                let block = it.data().get(start * d..end * d).unwrap_or(&[]);
                let scores = &mut buf[..end - start];
                for u in 0..users.rows() {
                    // Each score bit-identical to one `dot_f32`.
                    dot_rows_f32(users.row(u), block, scores);
                    f(u, start, scores);
                }
            }
        }
        Items::I8(it) => {
            let q = QuantUsers::new(users);
            for start in (0..n).step_by(ITEM_BLOCK) {
                let end = (start + ITEM_BLOCK).min(n);
                let scores = &mut buf[..end - start];
                for u in 0..users.rows() {
                    let (ur, us) = q.row(u);
                    let mut i = start;
                    let mut out = scores.chunks_exact_mut(4);
                    // Four items per step: the query is loaded and widened once for four.
                    for o in &mut out {
                        let rows = [it.row(i), it.row(i + 1), it.row(i + 2), it.row(i + 3)];
                        let d = dot4_i8(ur, rows.map(|r| r.0));
                        for ((s, (_, is)), dot) in o.iter_mut().zip(rows).zip(d) {
                            *s = us * is * dot as f32;
                        }
                        i += 4;
                    }
                    for (s, i) in out.into_remainder().iter_mut().zip(i..) {
                        let (ir, is) = it.row(i);
                        *s = us * is * dot_i8(ur, ir) as f32;
                    }
                    f(u, start, scores);
                }
            }
        }
    }
}

fn check_items_fit(items: &Items<'_>) -> Result<()> {
    if items.rows() > u32::MAX as usize {
        return Err(Error::invalid(
            "items",
            "at most 2^32 - 1 items",
            items.rows(),
        ));
    }
    Ok(())
}

impl Backend for CpuBackend {
    fn name(&self) -> String {
        format!("cpu ({})", super::kernels::KERNELS)
    }

    fn scores(&self, users: &Matrix<'_>, items: &Items<'_>) -> Result<Vec<f32>> {
        check_dims("users", users.cols(), items.cols())?;
        let n = items.rows();
        check_work("users", users.rows(), n, items.cols(), n)?;
        let total = users.rows().checked_mul(n).ok_or_else(|| {
            Error::invalid(
                "users",
                "a users × items score matrix that fits in memory",
                format!("{} × {}", users.rows(), n),
            )
        })?;
        let mut out = vec![0f32; total];
        for_each_block(users, items, |u, first, s| {
            let at = u * n + first;
            if let Some(o) = out.get_mut(at..at + s.len()) {
                o.copy_from_slice(s);
            }
        });
        Ok(out)
    }

    fn scores_for(
        &self,
        users: &Matrix<'_>,
        items: &Items<'_>,
        indices: &[u32],
    ) -> Result<Vec<f32>> {
        check_dims("users", users.cols(), items.cols())?;
        check_indices(indices, items.rows())?;
        check_work(
            "users",
            users.rows(),
            indices.len(),
            items.cols(),
            indices.len(),
        )?;
        let total = users.rows().checked_mul(indices.len()).ok_or_else(|| {
            Error::invalid(
                "indices",
                "a users × indices score matrix that fits in memory",
                format!("{} × {}", users.rows(), indices.len()),
            )
        })?;
        let mut out = Vec::with_capacity(total);
        match items {
            Items::F32(it) => {
                for u in 0..users.rows() {
                    let ur = users.row(u);
                    out.extend(indices.iter().map(|&i| dot_f32(ur, it.row(i as usize))));
                }
            }
            Items::I8(it) => {
                let q = QuantUsers::new(users);
                for u in 0..users.rows() {
                    let (ur, us) = q.row(u);
                    out.extend(indices.iter().map(|&i| {
                        let (ir, is) = it.row(i as usize);
                        us * is * dot_i8(ur, ir) as f32
                    }));
                }
            }
        }
        Ok(out)
    }

    fn top_k_rows(&self, scores: &Matrix<'_>, k: usize) -> Result<Vec<Vec<Hit>>> {
        check_k(k)?;
        if scores.cols() > u32::MAX as usize {
            return Err(Error::invalid(
                "scores",
                "at most 2^32 - 1 columns",
                scores.cols(),
            ));
        }
        Ok((0..scores.rows())
            .map(|r| super::topk::top_k(scores.row(r), k))
            .collect())
    }

    fn scores_top_k(
        &self,
        users: &Matrix<'_>,
        items: &Items<'_>,
        k: usize,
    ) -> Result<Vec<Vec<Hit>>> {
        let kk = check_top_k(users, items.rows(), items.cols(), k)?;
        check_items_fit(items)?;
        let mut sel: Vec<TopK> = (0..users.rows()).map(|_| TopK::new(kk)).collect();
        for_each_block(users, items, |u, first, s| {
            if let Some(t) = sel.get_mut(u) {
                t.push_slice(first as u32, s);
            }
        });
        Ok(sel.into_iter().map(TopK::into_sorted).collect())
    }

    fn kmeans_assign(&self, points: &Matrix<'_>, centroids: &Matrix<'_>) -> Result<Assignment> {
        check_assign(points.cols(), centroids)?;
        let (k, dim) = (centroids.rows(), centroids.cols());
        check_work("points", points.rows(), k, dim, 1)?;
        let mut labels = Vec::with_capacity(points.rows());
        let mut distances = Vec::with_capacity(points.rows());
        let mut sums = vec![0f64; k * dim];
        let mut counts = vec![0u64; k];
        let mut inertia = 0f64;
        for p in 0..points.rows() {
            let x = points.row(p);
            let mut best = (0usize, f32::INFINITY);
            for c in 0..k {
                let d = sq_dist_f32(x, centroids.row(c));
                // Strict `<`: ties keep the lower centroid index; NaN never wins.
                if d < best.1 {
                    best = (c, d);
                }
            }
            let (c, d) = best;
            labels.push(c as u32);
            distances.push(d);
            inertia += f64::from(d);
            if let Some(n) = counts.get_mut(c) {
                *n += 1;
            }
            if let Some(s) = sums.get_mut(c * dim..(c + 1) * dim) {
                for (acc, v) in s.iter_mut().zip(x) {
                    *acc += f64::from(*v);
                }
            }
        }
        Ok(Assignment {
            labels,
            distances,
            sums,
            counts,
            inertia,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::super::quant::quantize_rows;
    use super::super::topk::brute;
    use super::super::QuantMatrix;
    use super::*;
    use rand::Rng as _;

    fn random(rng: &mut crate::rng::Rng, n: usize) -> Vec<f32> {
        (0..n).map(|_| rng.random_range(-1.0f32..1.0)).collect()
    }

    #[test]
    fn scores_match_f64_reference_and_topk_matches_brute_force() {
        let mut rng = crate::rng::seeded(11);
        let b = CpuBackend::new();
        for &(nu, ni, d) in &[
            (1, 1, 1),
            (3, 7, 5),
            (2, 1500, 13),
            (4, 2100, 64),
            (1, 0, 8),
        ] {
            let u = random(&mut rng, nu * d);
            let it = random(&mut rng, ni * d);
            let um = Matrix::new("users", &u, nu, d).unwrap();
            let items = Items::F32(Matrix::new("items", &it, ni, d).unwrap());
            let s = b.scores(&um, &items).unwrap();
            assert_eq!(s.len(), nu * ni);
            for uu in 0..nu {
                for ii in 0..ni {
                    let want: f64 = (0..d)
                        .map(|j| f64::from(u[uu * d + j]) * f64::from(it[ii * d + j]))
                        .sum();
                    let got = s[uu * ni + ii];
                    assert!((f64::from(got) - want).abs() <= 1e-5 * d as f64);
                }
            }
            let idx: Vec<u32> = (0..ni as u32).rev().step_by(3).collect();
            let sub = b.scores_for(&um, &items, &idx).unwrap();
            for uu in 0..nu {
                for (j, &i) in idx.iter().enumerate() {
                    assert_eq!(sub[uu * idx.len() + j], s[uu * ni + i as usize]);
                }
            }
            for k in [1usize, 5, 50, ni + 3] {
                let fused = b.scores_top_k(&um, &items, k).unwrap();
                let sm = Matrix::new("scores", &s, nu, ni).unwrap();
                let rows = b.top_k_rows(&sm, k).unwrap();
                assert_eq!(fused, rows);
                for (uu, row) in rows.iter().enumerate() {
                    assert_eq!(row, &brute(&s[uu * ni..(uu + 1) * ni], k));
                }
            }
        }
    }

    #[test]
    fn int8_scores_are_close_to_f32() {
        let mut rng = crate::rng::seeded(12);
        let (nu, ni, d) = (3, 200, 64);
        let u = random(&mut rng, nu * d);
        let it = random(&mut rng, ni * d);
        let (q, sc) = quantize_rows(&it, d);
        let b = CpuBackend;
        let um = Matrix::new("users", &u, nu, d).unwrap();
        let f = b
            .scores(&um, &Items::F32(Matrix::new("items", &it, ni, d).unwrap()))
            .unwrap();
        let qi = b
            .scores(
                &um,
                &Items::I8(QuantMatrix::new("items", &q, &sc, ni, d).unwrap()),
            )
            .unwrap();
        let sub = b
            .scores_for(
                &um,
                &Items::I8(QuantMatrix::new("items", &q, &sc, ni, d).unwrap()),
                &[7, 3],
            )
            .unwrap();
        assert_eq!(
            sub,
            vec![
                qi[7],
                qi[3],
                qi[ni + 7],
                qi[ni + 3],
                qi[2 * ni + 7],
                qi[2 * ni + 3]
            ]
        );
        for (a, c) in f.iter().zip(&qi) {
            // Each factor is within half a step (max/254) per coordinate.
            assert!((a - c).abs() < 0.05, "{a} vs {c}");
        }
    }

    #[test]
    fn int8_fused_topk_equals_brute_force_on_int8_scores() {
        let mut rng = crate::rng::seeded(13);
        let b = CpuBackend;
        // Item counts around the 4-item groups and the 1024-item blocks; few distinct values
        // so exact ties occur.
        for &(nu, ni, d) in &[
            (2usize, 1usize, 3usize),
            (3, 6, 17),
            (2, 1027, 32),
            (1, 2051, 64),
        ] {
            let u = random(&mut rng, nu * d);
            let it: Vec<f32> = (0..ni * d)
                .map(|_| f32::from(rng.random_range(-2i8..=2)))
                .collect();
            let (q, sc) = quantize_rows(&it, d);
            let items = Items::I8(QuantMatrix::new("items", &q, &sc, ni, d).unwrap());
            let um = Matrix::new("users", &u, nu, d).unwrap();
            let s = b.scores(&um, &items).unwrap();
            let idx: Vec<u32> = (0..ni as u32).collect();
            assert_eq!(b.scores_for(&um, &items, &idx).unwrap(), s);
            for k in [1usize, 4, 50, ni + 1] {
                let fused = b.scores_top_k(&um, &items, k).unwrap();
                for (uu, row) in fused.iter().enumerate() {
                    assert_eq!(row, &brute(&s[uu * ni..(uu + 1) * ni], k));
                }
            }
        }
        assert!(b.name().starts_with("cpu ("));
    }

    #[test]
    fn bad_shapes_and_k_are_errors() {
        let b = CpuBackend;
        let u = [1.0f32, 2.0];
        let it = [1.0f32, 2.0, 3.0];
        let um = Matrix::new("users", &u, 1, 2).unwrap();
        let items = Items::F32(Matrix::new("items", &it, 1, 3).unwrap());
        let e = b.scores(&um, &items).unwrap_err().to_string();
        assert!(
            e.contains("`users`") && e.contains("3 columns") && e.contains("2 columns"),
            "{e}"
        );
        assert!(b.scores_top_k(&um, &items, 1).is_err());
        let items1 = Items::F32(Matrix::new("items", &it[..2], 1, 2).unwrap());
        let e = b.scores_for(&um, &items1, &[1]).unwrap_err().to_string();
        assert!(e.contains("`indices[0]`"), "{e}");
        let items2 = Items::F32(Matrix::new("items", &it[..2], 1, 2).unwrap());
        let e = b.scores_top_k(&um, &items2, 0).unwrap_err().to_string();
        assert!(e.contains("`k`"), "{e}");
        assert!(Matrix::new("items", &it, 2, 2).is_err());
        assert!(Matrix::new("items", &[1.0, f32::NAN], 1, 2)
            .unwrap_err()
            .to_string()
            .contains("NaN at row 0, column 1"));
        assert!(Matrix::new("x", &[], usize::MAX, 2).is_err());
        assert!(QuantMatrix::new("q", &[1, 2], &[1.0], 1, 2).is_ok());
        assert!(QuantMatrix::new("q", &[1, 2], &[], 1, 2).is_err());
        assert!(QuantMatrix::new("q", &[1, 2], &[f32::NAN], 1, 2).is_err());
        let c = Matrix::new("c", &[], 0, 2).unwrap();
        assert!(b.kmeans_assign(&um, &c).is_err());
        // Zero users: empty results, not errors.
        let none = Matrix::new("users", &[], 0, 2).unwrap();
        assert!(b.scores_top_k(&none, &items2, 3).unwrap().is_empty());
    }

    #[test]
    fn kmeans_assignment_by_hand() {
        let pts = [0.0f32, 0.0, 1.0, 0.0, 10.0, 10.0, 9.0, 10.0, 5.0, 5.0];
        let cents = [0.0f32, 0.0, 10.0, 10.0];
        let b = CpuBackend;
        let a = b
            .kmeans_assign(
                &Matrix::new("p", &pts, 5, 2).unwrap(),
                &Matrix::new("c", &cents, 2, 2).unwrap(),
            )
            .unwrap();
        // (5,5) is equidistant: the tie goes to centroid 0.
        assert_eq!(a.labels, vec![0, 0, 1, 1, 0]);
        assert_eq!(a.distances, vec![0.0, 1.0, 0.0, 1.0, 50.0]);
        assert_eq!(a.counts, vec![3, 2]);
        assert_eq!(a.sums, vec![6.0, 5.0, 19.0, 20.0]);
        assert_eq!(a.inertia, 52.0);
    }
}
