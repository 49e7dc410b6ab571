//! The compute backend: the heavy matrix kernels behind one trait, so the engines (re-ranking,
//! segmentation) call the same code whether it runs on the CPU or on a GPU (feature `gpu`).
//!
//! - [`Backend`] — batched scores `S = U · Iᵀ`, batched exact top-k per row, a fused
//!   scores-then-top-k that never materializes `S`, and the k-means assignment step.
//! - [`CpuBackend`] — the reference implementation, built on the shared [`kernels`] (WASM SIMD128
//!   in the browser, SSE2 on x86-64, a portable fallback elsewhere — all three bit-identical) and
//!   [`topk`].
//!
//! Shapes are validated into [`Matrix`] / [`QuantMatrix`] views once; the kernels then trust them.
//!
//! **Agreement contract** for other backends (e.g. a wgpu one): a score may differ from
//! [`CpuBackend`]'s by at most [`SCORE_REL_TOL`] `· ‖u‖ · ‖i‖` (f32 accumulation order differs);
//! a top-k agrees when [`topk_agree`] holds (same scores within tolerance, so near-ties may swap).

pub mod aligned;
mod cpu;
#[cfg(feature = "gpu")]
pub mod gpu;
pub mod kernels;
pub mod quant;
pub mod topk;

pub use cpu::CpuBackend;
#[cfg(feature = "gpu")]
pub use gpu::{
    run_with_fallback, GpuBackend, GpuConfig, GpuInfo, GpuItems, GpuPoints, Ran, Session,
};
pub use topk::{rank_order, top_k, Hit, TopK};

use crate::error::{Error, Result};
use crate::num::Num;

/// Relative tolerance of the agreement contract between backends (see the module docs).
pub const SCORE_REL_TOL: f32 = 1e-4;

/// A validated row-major f32 matrix view (`rows × cols`).
#[derive(Debug, Clone, Copy)]
pub struct Matrix<'a> {
    data: &'a [f32],
    rows: usize,
    cols: usize,
}

impl<'a> Matrix<'a> {
    /// Checks that `data` holds `rows × cols` finite values; `arg` names it in errors.
    pub fn new(arg: &str, data: &'a [f32], rows: usize, cols: usize) -> Result<Self> {
        check_len(arg, data.len(), rows, cols)?;
        if let Some(i) = data.iter().position(|v| !v.is_finite()) {
            return Err(Error::invalid(
                arg,
                "finite numbers",
                format!(
                    "{} at row {}, column {}",
                    Num::from(data[i]),
                    i / cols.max(1),
                    i % cols.max(1)
                ),
            ));
        }
        Ok(Matrix { data, rows, cols })
    }

    /// A view over data the caller has already validated (shape and finiteness).
    #[cfg_attr(not(any(feature = "rerank", feature = "analytics")), allow(dead_code))]
    pub(crate) fn trusted(data: &'a [f32], rows: usize, cols: usize) -> Self {
        debug_assert_eq!(data.len(), rows * cols);
        Matrix { data, rows, cols }
    }

    /// Number of rows.
    pub fn rows(&self) -> usize {
        self.rows
    }

    /// Number of columns.
    pub fn cols(&self) -> usize {
        self.cols
    }

    /// The row-major values.
    pub fn data(&self) -> &'a [f32] {
        self.data
    }

    /// Row `r` (empty when out of range).
    #[inline]
    pub fn row(&self, r: usize) -> &'a [f32] {
        self.data
            .get(r * self.cols..(r + 1) * self.cols)
            .unwrap_or(&[])
    }
}

/// A validated row-major int8 matrix with one scale per row: value ≈ `scale[r] · q[r][c]`.
#[derive(Debug, Clone, Copy)]
pub struct QuantMatrix<'a> {
    data: &'a [i8],
    scales: &'a [f32],
    rows: usize,
    cols: usize,
}

impl<'a> QuantMatrix<'a> {
    /// Checks the shape, one finite non-negative scale per row, and `cols ≤` [`kernels::MAX_I8_DIM`].
    pub fn new(
        arg: &str,
        data: &'a [i8],
        scales: &'a [f32],
        rows: usize,
        cols: usize,
    ) -> Result<Self> {
        check_len(arg, data.len(), rows, cols)?;
        if cols > kernels::MAX_I8_DIM {
            return Err(Error::invalid(
                format!("{arg}.dim"),
                format!("at most {} columns for int8", kernels::MAX_I8_DIM),
                cols,
            ));
        }
        if scales.len() != rows {
            return Err(Error::invalid(
                format!("{arg}.scales"),
                format!("one scale per row ({rows})"),
                format!("{} scales", scales.len()),
            ));
        }
        if let Some(i) = scales.iter().position(|s| !(s.is_finite() && *s >= 0.0)) {
            return Err(Error::invalid(
                format!("{arg}.scales"),
                "finite non-negative scales",
                format!("{} at row {i}", Num::from(scales[i])),
            ));
        }
        Ok(QuantMatrix {
            data,
            scales,
            rows,
            cols,
        })
    }

    /// A view over data the caller has already validated.
    #[cfg_attr(not(feature = "rerank"), allow(dead_code))]
    pub(crate) fn trusted(data: &'a [i8], scales: &'a [f32], rows: usize, cols: usize) -> Self {
        debug_assert_eq!(data.len(), rows * cols);
        debug_assert_eq!(scales.len(), rows);
        QuantMatrix {
            data,
            scales,
            rows,
            cols,
        }
    }

    /// Number of rows.
    pub fn rows(&self) -> usize {
        self.rows
    }

    /// Number of columns.
    pub fn cols(&self) -> usize {
        self.cols
    }

    /// Row `r`'s quantized values and scale (empty, 0 when out of range).
    #[inline]
    pub fn row(&self, r: usize) -> (&'a [i8], f32) {
        (
            self.data
                .get(r * self.cols..(r + 1) * self.cols)
                .unwrap_or(&[]),
            self.scales.get(r).copied().unwrap_or(0.0),
        )
    }
}

/// Item embeddings as the backends accept them: full f32 or int8 with per-row scales.
#[derive(Debug, Clone, Copy)]
pub enum Items<'a> {
    /// f32 rows.
    F32(Matrix<'a>),
    /// int8 rows with per-row scales; queries are quantized per row the same way.
    I8(QuantMatrix<'a>),
}

impl Items<'_> {
    /// Number of items.
    pub fn rows(&self) -> usize {
        match self {
            Items::F32(m) => m.rows(),
            Items::I8(m) => m.rows(),
        }
    }

    /// Embedding dimension.
    pub fn cols(&self) -> usize {
        match self {
            Items::F32(m) => m.cols(),
            Items::I8(m) => m.cols(),
        }
    }
}

/// Result of one k-means assignment step.
#[derive(Debug, Clone, PartialEq)]
pub struct Assignment {
    /// Nearest centroid per point (ties go to the lower centroid index).
    pub labels: Vec<u32>,
    /// Squared distance of each point to its centroid.
    pub distances: Vec<f32>,
    /// Per-cluster coordinate sums, row-major `k × dim` (f64 so large clusters stay accurate).
    pub sums: Vec<f64>,
    /// Points per cluster.
    pub counts: Vec<u64>,
    /// Sum of squared distances (f64).
    pub inertia: f64,
}

/// The heavy kernels. Object-safe: engines hold a `&dyn Backend` and never care which one runs.
///
/// Common rules: a dimension mismatch between the two operands is an error; `k = 0` is an error;
/// `k` above the number of items returns every item; zero users or zero items give empty results.
/// Top-k order is descending score, ties to the lower item index, NaN last.
pub trait Backend {
    /// Human-readable name (e.g. `cpu (simd128)`).
    fn name(&self) -> String;

    /// Row-major `users.rows() × items.rows()` scores `S = U · Iᵀ`.
    fn scores(&self, users: &Matrix<'_>, items: &Items<'_>) -> Result<Vec<f32>>;

    /// Scores of each user against a subset of items: row-major `users.rows() × indices.len()`,
    /// the same values [`Backend::scores`] gives at those columns. An index out of range is an
    /// error.
    fn scores_for(
        &self,
        users: &Matrix<'_>,
        items: &Items<'_>,
        indices: &[u32],
    ) -> Result<Vec<f32>>;

    /// Exact top-`k` of each row of a score matrix.
    fn top_k_rows(&self, scores: &Matrix<'_>, k: usize) -> Result<Vec<Vec<Hit>>>;

    /// Exact top-`k` items per user of `U · Iᵀ`, without materializing the score matrix.
    fn scores_top_k(
        &self,
        users: &Matrix<'_>,
        items: &Items<'_>,
        k: usize,
    ) -> Result<Vec<Vec<Hit>>>;

    /// One k-means assignment step: nearest centroid per point plus per-cluster sums and counts.
    fn kmeans_assign(&self, points: &Matrix<'_>, centroids: &Matrix<'_>) -> Result<Assignment>;

    /// The GPU backend behind this one, if it is one: lets whole-algorithm callers (a k-means fit)
    /// keep data on the device across calls instead of going through the per-call methods.
    #[cfg(feature = "gpu")]
    fn as_gpu(&self) -> Option<&GpuBackend> {
        None
    }
}

/// True when `other` is an acceptable top-k given the reference `cpu` one: same length, every
/// hit's score within `tol` of the reference score at the same rank, and every index of `other`
/// scored within `tol` of what the reference says for that index (`score_of`), so only near-ties
/// may be swapped.
pub fn topk_agree(cpu: &[Hit], other: &[Hit], tol: f32, score_of: impl Fn(u32) -> f32) -> bool {
    cpu.len() == other.len()
        && cpu.iter().zip(other).all(|(a, b)| {
            (a.score - b.score).abs() <= tol && (score_of(b.index) - b.score).abs() <= tol
        })
}

fn check_len(arg: &str, len: usize, rows: usize, cols: usize) -> Result<()> {
    match rows.checked_mul(cols) {
        Some(n) if n == len => Ok(()),
        Some(n) => Err(Error::invalid(
            arg,
            format!("{rows} × {cols} = {n} values"),
            format!("{len} values"),
        )),
        None => Err(Error::invalid(
            arg,
            "a shape whose size fits in memory",
            format!("{rows} × {cols}"),
        )),
    }
}

/// Bounds one batched call before it allocates or loops: `rows × out_cols` results at most
/// [`crate::limits::MAX_ELEMENTS`] and `rows × cols × dim` multiply-adds at most
/// [`crate::limits::MAX_MULTIPLY_ADDS`]. `arg` names the operand whose rows are counted.
pub(crate) fn check_work(
    arg: &str,
    rows: usize,
    cols: usize,
    dim: usize,
    out_cols: usize,
) -> Result<()> {
    use crate::limits::{MAX_ELEMENTS, MAX_MULTIPLY_ADDS};
    let (r, c, d, o) = (rows as u128, cols as u128, dim as u128, out_cols as u128);
    if r * o > MAX_ELEMENTS as u128 {
        return Err(Error::invalid(
            arg,
            format!("at most {MAX_ELEMENTS} results in all"),
            format!("{rows} rows × {out_cols} results"),
        ));
    }
    if r * c * d > u128::from(MAX_MULTIPLY_ADDS) {
        return Err(Error::invalid(
            arg,
            format!("a batch of at most {MAX_MULTIPLY_ADDS} multiply-adds (rows × items × dim)"),
            format!("{rows} × {cols} × {dim}"),
        ));
    }
    Ok(())
}

/// The request checks of a fused scores-then-top-k call, the same on every backend: `k ≥ 1`,
/// users with the items' number of columns, and the work bounded ([`check_work`]). Returns
/// `min(k, item_rows)`, the length of each result row.
pub(crate) fn check_top_k(
    users: &Matrix<'_>,
    item_rows: usize,
    item_cols: usize,
    k: usize,
) -> Result<usize> {
    check_k(k)?;
    check_dims("users", users.cols(), item_cols)?;
    let kk = k.min(item_rows);
    check_work("users", users.rows(), item_rows, item_cols, kk)?;
    Ok(kk)
}

pub(crate) fn check_k(k: usize) -> Result<()> {
    if k == 0 {
        Err(Error::invalid("k", "an integer >= 1", 0))
    } else {
        Ok(())
    }
}

/// Fails unless every entry of `indices` is an item index below `n`.
pub(crate) fn check_indices(indices: &[u32], n: usize) -> Result<()> {
    match indices.iter().position(|&i| i as usize >= n) {
        None => Ok(()),
        Some(p) => Err(Error::invalid(
            format!("indices[{p}]"),
            format!("an item index below {n}"),
            indices[p],
        )),
    }
}

pub(crate) fn check_dims(arg: &str, got: usize, want: usize) -> Result<()> {
    if got == want {
        Ok(())
    } else {
        Err(Error::invalid(
            arg,
            format!("{want} columns (the item embedding dimension)"),
            format!("{got} columns"),
        ))
    }
}

/// The shape checks of a k-means assignment step: at least one centroid, and points with the
/// centroids' number of columns.
pub(crate) fn check_assign(points_cols: usize, centroids: &Matrix<'_>) -> Result<()> {
    if centroids.rows() == 0 {
        return Err(Error::invalid(
            "centroids",
            "at least one centroid",
            "0 rows",
        ));
    }
    check_dims("points", points_cols, centroids.cols())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn topk_agreement_allows_only_near_ties_to_swap() {
        let h = |index, score| Hit { index, score };
        let truth = |i: u32| [3.0f32, 2.0, 2.0 + 1e-6, 1.0][i as usize];
        let cpu = vec![h(0, 3.0), h(2, 2.0 + 1e-6), h(1, 2.0)];
        let gpu_swapped = vec![h(0, 3.0), h(1, 2.0), h(2, 2.0 + 1e-6)];
        assert!(topk_agree(&cpu, &gpu_swapped, 1e-4, truth));
        let gpu_wrong = vec![h(0, 3.0), h(2, 2.0 + 1e-6), h(3, 1.0)];
        assert!(!topk_agree(&cpu, &gpu_wrong, 1e-4, truth));
        let gpu_lying = vec![h(0, 3.0), h(3, 2.0), h(1, 2.0)];
        assert!(!topk_agree(&cpu, &gpu_lying, 1e-4, truth));
        assert!(!topk_agree(&cpu, &cpu[..2], 1e-4, truth));
    }
}
