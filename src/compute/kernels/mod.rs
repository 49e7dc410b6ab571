//! The inner-loop kernels: f32 dot product, squared distance and int8 dot product.
//!
//! Each kernel is written once (`algo.rs`) over a small per-ISA trait (`lanes.rs`), with three
//! implementations: WASM SIMD128 (`simd128.rs`, compiled when the target is `wasm32` with the
//! `simd128` feature, which `.cargo/config.toml` turns on), x86-64 SSE2 (`sse2.rs`, native) and
//! plain arrays (`portable.rs`, everywhere else, and the bit-for-bit reference). All accumulate in
//! exactly the same order — eight lanes (two 4-wide accumulators), lanes
//! folded as `((l0+l4)+(l1+l5)) + ((l2+l6)+(l3+l7))`, then the tail added one element at a time —
//! and none fuses multiply-add, so all three give bit-identical f32 results. The int8 kernel sums
//! in `i32` and is exact, hence identical in any order.
//!
//! Callers pass slices of equal length; the kernels read `min(a.len(), b.len())` elements.

/// Largest row length for [`dot_i8`]: `128² · 65536 = 2³⁰ < 2³¹`, so the `i32` sum cannot overflow.
pub const MAX_I8_DIM: usize = 65_536;

mod algo;
mod lanes;
pub mod portable;
#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
mod simd128;
#[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
mod sse2;
#[cfg(test)]
mod tests;

/// The instruction set compiled in.
#[cfg(not(any(
    all(target_arch = "wasm32", target_feature = "simd128"),
    all(target_arch = "x86_64", target_feature = "sse2")
)))]
type Active = portable::Portable;
#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
type Active = simd128::Simd128;
#[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
type Active = sse2::Sse2;

/// Name of the kernel set compiled in: `wasm-simd128`, `x86-64-sse2` or `portable`.
pub const KERNELS: &str = if cfg!(all(target_arch = "wasm32", target_feature = "simd128")) {
    "wasm-simd128"
} else if cfg!(all(target_arch = "x86_64", target_feature = "sse2")) {
    "x86-64-sse2"
} else {
    "portable"
};

/// Dot product of two f32 slices (over their common length).
#[inline]
pub fn dot_f32(a: &[f32], b: &[f32]) -> f32 {
    let n = a.len().min(b.len());
    let (a, b) = (&a[..n], &b[..n]);
    algo::dot_f32::<Active>(a, b)
}

/// Squared Euclidean distance `Σ (a_i − b_i)²` (over the common length).
#[inline]
pub fn sq_dist_f32(a: &[f32], b: &[f32]) -> f32 {
    let n = a.len().min(b.len());
    let (a, b) = (&a[..n], &b[..n]);
    algo::sq_dist_f32::<Active>(a, b)
}

/// Exact integer dot product of two int8 slices (over their common length, at most
/// [`MAX_I8_DIM`] for the sum to be exact).
#[inline]
pub fn dot_i8(a: &[i8], b: &[i8]) -> i32 {
    let n = a.len().min(b.len());
    let (a, b) = (&a[..n], &b[..n]);
    algo::dot_i8::<Active>(a, b)
}

/// Four f32 dot products of `q` with each of `rows` (over the shortest common length), each
/// bit-identical to [`dot_f32`]: same lanes, same fold, but the query is loaded once for four items.
#[inline]
pub fn dot4_f32(q: &[f32], rows: [&[f32]; 4]) -> [f32; 4] {
    let n = rows.iter().fold(q.len(), |m, r| m.min(r.len()));
    let q = &q[..n];
    let rows = rows.map(|r| &r[..n]);
    algo::dot4_f32::<Active>(q, rows)
}

/// Dot products of `q` with consecutive rows of a row-major block: `out[r] = dot_f32(q, row r)`
/// bit for bit, where row `r` is `rows[r·d .. (r+1)·d]` with `d = q.len()`. Scores
/// `min(out.len(), rows.len() / d)` rows (all of `out` gets zeros when `d = 0`); entries of
/// `out` past that are left as they are.
///
/// The scan kernel of the CPU backend: rows are walked with one pointer (no per-row slicing),
/// four at a time, and (wasm32-simd128 and x86-64 SSE2) the four lane folds are done as one
/// transposed SIMD add tree that stores four scores at once (the same additions, in the same
/// order, as [`dot_f32`]); dims 32, 64 and 128 get fully unrolled loops.
#[inline]
pub fn dot_rows_f32(q: &[f32], rows: &[f32], out: &mut [f32]) {
    let d = q.len();
    if d == 0 {
        out.fill(0.0);
        return;
    }
    let n = out.len().min(rows.len() / d);
    algo::dot_rows_f32::<Active>(q, &rows[..n * d], &mut out[..n]);
}

/// True when every value of `v` (at most the first four are read; fewer when `v` is shorter)
/// is strictly below `floor`, so NaN is never "below". One SIMD compare on wasm32-simd128.
#[inline]
pub fn all_below4(v: &[f32], floor: f32) -> bool {
    #[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
    if let Some(c) = v.first_chunk::<4>() {
        use core::arch::wasm32::*;
        // SAFETY: `c` is four contiguous f32 (16 bytes); the load is unaligned.
        let x = unsafe { v128_load(c.as_ptr() as *const v128) };
        return i32x4_all_true(f32x4_lt(x, f32x4_splat(floor)));
    }
    v.iter().take(4).all(|&s| s < floor)
}

/// Four exact int8 dot products of `q` with each of `rows` (over the shortest common length):
/// the query is loaded and widened once for four items. Equal to four [`dot_i8`] calls.
#[inline]
pub fn dot4_i8(q: &[i8], rows: [&[i8]; 4]) -> [i32; 4] {
    let n = rows.iter().fold(q.len(), |m, r| m.min(r.len()));
    let q = &q[..n];
    let rows = rows.map(|r| &r[..n]);
    algo::dot4_i8::<Active>(q, rows)
}
