//! The inner-loop kernels: f32 dot product, squared distance and int8 dot product.
//!
//! Each kernel exists in three versions: WASM SIMD128 (compiled when the target is `wasm32` with
//! the `simd128` feature, which `.cargo/config.toml` turns on), x86-64 SSE2 (native; SSE2 is part
//! of the x86-64 baseline, and the size-tuned release profile does not auto-vectorize the
//! portable loops) and a portable version used everywhere else. All accumulate in exactly the
//! same order — eight lanes (two 4-wide accumulators), lanes
//! folded as `((l0+l4)+(l1+l5)) + ((l2+l6)+(l3+l7))`, then the tail added one element at a time —
//! and neither fuses multiply-add, so the two give bit-identical f32 results. The int8 kernel sums
//! in `i32` and is exact, hence identical in any order.
//!
//! Callers pass slices of equal length; the kernels read `min(a.len(), b.len())` elements.

/// Largest row length for [`dot_i8`]: `128² · 65536 = 2³⁰ < 2³¹`, so the `i32` sum cannot overflow.
pub const MAX_I8_DIM: usize = 65_536;

#[cfg(not(any(
    all(target_arch = "wasm32", target_feature = "simd128"),
    all(target_arch = "x86_64", target_feature = "sse2")
)))]
use portable as active;
#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
use simd as active;
#[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
use sse2 as active;

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
    active::dot_f32(a, b)
}

/// Squared Euclidean distance `Σ (a_i − b_i)²` (over the common length).
#[inline]
pub fn sq_dist_f32(a: &[f32], b: &[f32]) -> f32 {
    let n = a.len().min(b.len());
    let (a, b) = (&a[..n], &b[..n]);
    active::sq_dist_f32(a, b)
}

/// Exact integer dot product of two int8 slices (over their common length, at most
/// [`MAX_I8_DIM`] for the sum to be exact).
#[inline]
pub fn dot_i8(a: &[i8], b: &[i8]) -> i32 {
    let n = a.len().min(b.len());
    let (a, b) = (&a[..n], &b[..n]);
    active::dot_i8(a, b)
}

/// Four f32 dot products of `q` with each of `rows` (over the shortest common length), each
/// bit-identical to [`dot_f32`]: same lanes, same fold, but the query is loaded once for four items.
#[inline]
pub fn dot4_f32(q: &[f32], rows: [&[f32]; 4]) -> [f32; 4] {
    let n = rows.iter().fold(q.len(), |m, r| m.min(r.len()));
    let q = &q[..n];
    let rows = rows.map(|r| &r[..n]);
    active::dot4_f32(q, rows)
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
    active::dot_rows_f32(q, &rows[..n * d], &mut out[..n]);
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
    active::dot4_i8(q, rows)
}

/// The portable kernels: the fallback off wasm32-simd128 and the reference the SIMD versions must
/// match bit for bit (tested under Node in `tests/wasm_kernels.rs`).
pub mod portable {
    #[inline]
    fn fold(acc: [f32; 8]) -> f32 {
        let s = [
            acc[0] + acc[4],
            acc[1] + acc[5],
            acc[2] + acc[6],
            acc[3] + acc[7],
        ];
        (s[0] + s[1]) + (s[2] + s[3])
    }

    /// Portable f32 dot product with the SIMD lane order.
    #[inline]
    pub fn dot_f32(a: &[f32], b: &[f32]) -> f32 {
        let mut acc = [0f32; 8];
        let ca = a.chunks_exact(8);
        let cb = b.chunks_exact(8);
        let (ta, tb) = (ca.remainder(), cb.remainder());
        for (x, y) in ca.zip(cb) {
            for j in 0..8 {
                acc[j] += x[j] * y[j];
            }
        }
        let mut s = fold(acc);
        for (x, y) in ta.iter().zip(tb) {
            s += x * y;
        }
        s
    }

    /// Portable squared distance with the SIMD lane order.
    #[inline]
    pub fn sq_dist_f32(a: &[f32], b: &[f32]) -> f32 {
        let mut acc = [0f32; 8];
        let ca = a.chunks_exact(8);
        let cb = b.chunks_exact(8);
        let (ta, tb) = (ca.remainder(), cb.remainder());
        for (x, y) in ca.zip(cb) {
            for j in 0..8 {
                let d = x[j] - y[j];
                acc[j] += d * d;
            }
        }
        let mut s = fold(acc);
        for (x, y) in ta.iter().zip(tb) {
            let d = x - y;
            s += d * d;
        }
        s
    }

    /// Portable exact int8 dot product.
    #[inline]
    pub fn dot_i8(a: &[i8], b: &[i8]) -> i32 {
        let mut acc = [0i32; 16];
        let ca = a.chunks_exact(16);
        let cb = b.chunks_exact(16);
        let (ta, tb) = (ca.remainder(), cb.remainder());
        for (x, y) in ca.zip(cb) {
            for j in 0..16 {
                acc[j] += i32::from(x[j]) * i32::from(y[j]);
            }
        }
        let mut s: i32 = acc.iter().sum();
        for (x, y) in ta.iter().zip(tb) {
            s += i32::from(*x) * i32::from(*y);
        }
        s
    }

    /// Portable four-row f32 dot product (rows as long as `q`).
    #[inline]
    pub fn dot4_f32(q: &[f32], rows: [&[f32]; 4]) -> [f32; 4] {
        rows.map(|r| dot_f32(q, r))
    }

    /// Portable block scan: one [`dot_f32`] per row (`rows.len() == out.len() · q.len()`).
    #[inline]
    pub fn dot_rows_f32(q: &[f32], rows: &[f32], out: &mut [f32]) {
        if q.is_empty() {
            out.fill(0.0);
            return;
        }
        for (o, r) in out.iter_mut().zip(rows.chunks_exact(q.len())) {
            *o = dot_f32(q, r);
        }
    }

    /// Portable four-row int8 dot product (rows as long as `q`).
    #[inline]
    pub fn dot4_i8(q: &[i8], rows: [&[i8]; 4]) -> [i32; 4] {
        rows.map(|r| dot_i8(q, r))
    }
}

#[cfg(all(target_arch = "wasm32", target_feature = "simd128"))]
mod simd {
    use core::arch::wasm32::*;

    #[inline]
    fn fold(a0: v128, a1: v128) -> f32 {
        let s = f32x4_add(a0, a1);
        (f32x4_extract_lane::<0>(s) + f32x4_extract_lane::<1>(s))
            + (f32x4_extract_lane::<2>(s) + f32x4_extract_lane::<3>(s))
    }

    #[inline]
    pub(super) fn dot_f32(a: &[f32], b: &[f32]) -> f32 {
        let mut a0 = f32x4_splat(0.0);
        let mut a1 = f32x4_splat(0.0);
        let ca = a.chunks_exact(8);
        let cb = b.chunks_exact(8);
        let (ta, tb) = (ca.remainder(), cb.remainder());
        for (x, y) in ca.zip(cb) {
            // SAFETY: each chunk holds exactly 8 f32 (32 bytes); unaligned v128 loads of the two
            // 16-byte halves stay inside it.
            unsafe {
                let xp = x.as_ptr() as *const v128;
                let yp = y.as_ptr() as *const v128;
                a0 = f32x4_add(a0, f32x4_mul(v128_load(xp), v128_load(yp)));
                a1 = f32x4_add(a1, f32x4_mul(v128_load(xp.add(1)), v128_load(yp.add(1))));
            }
        }
        let mut s = fold(a0, a1);
        for (x, y) in ta.iter().zip(tb) {
            s += x * y;
        }
        s
    }

    #[inline]
    pub(super) fn sq_dist_f32(a: &[f32], b: &[f32]) -> f32 {
        let mut a0 = f32x4_splat(0.0);
        let mut a1 = f32x4_splat(0.0);
        let ca = a.chunks_exact(8);
        let cb = b.chunks_exact(8);
        let (ta, tb) = (ca.remainder(), cb.remainder());
        for (x, y) in ca.zip(cb) {
            // SAFETY: as in `dot_f32`.
            unsafe {
                let xp = x.as_ptr() as *const v128;
                let yp = y.as_ptr() as *const v128;
                let d0 = f32x4_sub(v128_load(xp), v128_load(yp));
                let d1 = f32x4_sub(v128_load(xp.add(1)), v128_load(yp.add(1)));
                a0 = f32x4_add(a0, f32x4_mul(d0, d0));
                a1 = f32x4_add(a1, f32x4_mul(d1, d1));
            }
        }
        let mut s = fold(a0, a1);
        for (x, y) in ta.iter().zip(tb) {
            let d = x - y;
            s += d * d;
        }
        s
    }

    #[inline]
    pub(super) fn dot_i8(a: &[i8], b: &[i8]) -> i32 {
        let mut acc = i32x4_splat(0);
        let ca = a.chunks_exact(16);
        let cb = b.chunks_exact(16);
        let (ta, tb) = (ca.remainder(), cb.remainder());
        for (x, y) in ca.zip(cb) {
            // SAFETY: each chunk holds exactly 16 bytes, one unaligned v128 load.
            unsafe {
                let vx = v128_load(x.as_ptr() as *const v128);
                let vy = v128_load(y.as_ptr() as *const v128);
                let lo = i32x4_dot_i16x8(i16x8_extend_low_i8x16(vx), i16x8_extend_low_i8x16(vy));
                let hi = i32x4_dot_i16x8(i16x8_extend_high_i8x16(vx), i16x8_extend_high_i8x16(vy));
                acc = i32x4_add(acc, i32x4_add(lo, hi));
            }
        }
        let mut s = i32x4_extract_lane::<0>(acc)
            + i32x4_extract_lane::<1>(acc)
            + i32x4_extract_lane::<2>(acc)
            + i32x4_extract_lane::<3>(acc);
        for (x, y) in ta.iter().zip(tb) {
            s += i32::from(*x) * i32::from(*y);
        }
        s
    }

    #[inline]
    pub(super) fn dot4_f32(q: &[f32], rows: [&[f32]; 4]) -> [f32; 4] {
        let n = q.len();
        let chunks = n / 8;
        let [r0, r1, r2, r3] = rows;
        // Accumulators are named locals (not an array) so they stay in wasm locals/registers.
        // SAFETY: every row has exactly `n` elements (sliced by the caller), so the 4-lane loads
        // at `c * 8` and `c * 8 + 4` with `c < n / 8` stay inside their slices.
        let mut out = unsafe {
            let z = f32x4_splat(0.0);
            let (mut a0, mut a1, mut b0, mut b1) = (z, z, z, z);
            let (mut c0, mut c1, mut d0, mut d1) = (z, z, z, z);
            let ld = |p: *const f32| v128_load(p as *const v128);
            for c in 0..chunks {
                let off = c * 8;
                let q0 = ld(q.as_ptr().add(off));
                let q1 = ld(q.as_ptr().add(off + 4));
                let (p0, p1, p2, p3) = (
                    r0.as_ptr().add(off),
                    r1.as_ptr().add(off),
                    r2.as_ptr().add(off),
                    r3.as_ptr().add(off),
                );
                a0 = f32x4_add(a0, f32x4_mul(q0, ld(p0)));
                a1 = f32x4_add(a1, f32x4_mul(q1, ld(p0.add(4))));
                b0 = f32x4_add(b0, f32x4_mul(q0, ld(p1)));
                b1 = f32x4_add(b1, f32x4_mul(q1, ld(p1.add(4))));
                c0 = f32x4_add(c0, f32x4_mul(q0, ld(p2)));
                c1 = f32x4_add(c1, f32x4_mul(q1, ld(p2.add(4))));
                d0 = f32x4_add(d0, f32x4_mul(q0, ld(p3)));
                d1 = f32x4_add(d1, f32x4_mul(q1, ld(p3.add(4))));
            }
            [fold(a0, a1), fold(b0, b1), fold(c0, c1), fold(d0, d1)]
        };
        for (o, row) in out.iter_mut().zip(rows) {
            for (x, y) in q[chunks * 8..].iter().zip(&row[chunks * 8..]) {
                *o += x * y;
            }
        }
        out
    }

    /// Four rows' `(a0, a1)` accumulator pairs folded at once: lane `r` of the result is
    /// `((l0+l4)+(l1+l5)) + ((l2+l6)+(l3+l7))` of row `r`, the exact additions of [`fold`].
    #[inline]
    fn fold4(a: (v128, v128), b: (v128, v128), c: (v128, v128), d: (v128, v128)) -> v128 {
        let (sa, sb) = (f32x4_add(a.0, a.1), f32x4_add(b.0, b.1));
        let (sc, sd) = (f32x4_add(c.0, c.1), f32x4_add(d.0, d.1));
        // [a0+a1, a2+a3, b0+b1, b2+b3] and the same for c, d.
        let ab = f32x4_add(
            i32x4_shuffle::<0, 2, 4, 6>(sa, sb),
            i32x4_shuffle::<1, 3, 5, 7>(sa, sb),
        );
        let cd = f32x4_add(
            i32x4_shuffle::<0, 2, 4, 6>(sc, sd),
            i32x4_shuffle::<1, 3, 5, 7>(sc, sd),
        );
        f32x4_add(
            i32x4_shuffle::<0, 2, 4, 6>(ab, cd),
            i32x4_shuffle::<1, 3, 5, 7>(ab, cd),
        )
    }

    /// Scores four consecutive rows starting at `p` (row stride `d`) over the first `8 · chunks`
    /// columns, with `CH` a compile-time chunk count (0 = use `chunks`, not unrolled).
    ///
    /// # Safety
    /// `q` must hold `8 · chunks` values and `p` four rows of `d ≥ 8 · chunks` values.
    #[inline(always)]
    unsafe fn four_rows<const CH: usize>(
        q: *const f32,
        p: *const f32,
        d: usize,
        chunks: usize,
    ) -> v128 {
        let chunks = if CH == 0 { chunks } else { CH };
        let ld = |p: *const f32| v128_load(p as *const v128);
        let z = f32x4_splat(0.0);
        let (mut a0, mut a1, mut b0, mut b1) = (z, z, z, z);
        let (mut c0, mut c1, mut d0, mut d1) = (z, z, z, z);
        let (p0, p1, p2, p3) = (p, p.add(d), p.add(2 * d), p.add(3 * d));
        for c in 0..chunks {
            let off = c * 8;
            let q0 = ld(q.add(off));
            let q1 = ld(q.add(off + 4));
            a0 = f32x4_add(a0, f32x4_mul(q0, ld(p0.add(off))));
            a1 = f32x4_add(a1, f32x4_mul(q1, ld(p0.add(off + 4))));
            b0 = f32x4_add(b0, f32x4_mul(q0, ld(p1.add(off))));
            b1 = f32x4_add(b1, f32x4_mul(q1, ld(p1.add(off + 4))));
            c0 = f32x4_add(c0, f32x4_mul(q0, ld(p2.add(off))));
            c1 = f32x4_add(c1, f32x4_mul(q1, ld(p2.add(off + 4))));
            d0 = f32x4_add(d0, f32x4_mul(q0, ld(p3.add(off))));
            d1 = f32x4_add(d1, f32x4_mul(q1, ld(p3.add(off + 4))));
        }
        fold4((a0, a1), (b0, b1), (c0, c1), (d0, d1))
    }

    /// The block scan for a compile-time chunk count `CH` (0 = any): groups of four rows, one
    /// 16-byte store of four scores each, the `d % 8` tail added per row after the fold (as in
    /// `dot_f32`), leftover rows through `dot_f32`.
    #[inline(always)]
    fn scan<const CH: usize>(q: &[f32], rows: &[f32], out: &mut [f32]) {
        let d = q.len();
        let chunks = d / 8;
        let tail = chunks * 8;
        let mut blocks = rows.chunks_exact(4 * d);
        let mut outs = out.chunks_exact_mut(4);
        for (b, o) in (&mut blocks).zip(&mut outs) {
            // SAFETY: `b` holds exactly four rows of `d` values and `q` holds `d ≥ 8 · chunks`
            // values, so every load of `four_rows` stays inside them; `o` holds four f32.
            unsafe {
                let v = four_rows::<CH>(q.as_ptr(), b.as_ptr(), d, chunks);
                v128_store(o.as_mut_ptr() as *mut v128, v);
            }
            if tail < d {
                for (r, s) in o.iter_mut().enumerate() {
                    let row = &b[r * d..(r + 1) * d];
                    for (x, y) in q[tail..].iter().zip(&row[tail..]) {
                        *s += x * y;
                    }
                }
            }
        }
        for (o, r) in outs
            .into_remainder()
            .iter_mut()
            .zip(blocks.remainder().chunks_exact(d))
        {
            *o = dot_f32(q, r);
        }
    }

    #[inline]
    pub(super) fn dot_rows_f32(q: &[f32], rows: &[f32], out: &mut [f32]) {
        // Common embedding sizes get a fully unrolled loop (no loop counter per chunk).
        match q.len() / 8 {
            4 => scan::<4>(q, rows, out),
            8 => scan::<8>(q, rows, out),
            16 => scan::<16>(q, rows, out),
            _ => scan::<0>(q, rows, out),
        }
    }

    #[inline]
    pub(super) fn dot4_i8(q: &[i8], rows: [&[i8]; 4]) -> [i32; 4] {
        let n = q.len();
        let chunks = n / 16;
        let [r0, r1, r2, r3] = rows;
        // SAFETY: every row has exactly `n` elements (sliced by the caller), so each 16-byte
        // load at `c * 16` with `c < n / 16` stays inside its slice.
        let mut out = unsafe {
            let z = i32x4_splat(0);
            let (mut a, mut b, mut c, mut d) = (z, z, z, z);
            let ld = |p: *const i8| v128_load(p as *const v128);
            let dot = |x: v128, ql: v128, qh: v128| {
                i32x4_add(
                    i32x4_dot_i16x8(i16x8_extend_low_i8x16(x), ql),
                    i32x4_dot_i16x8(i16x8_extend_high_i8x16(x), qh),
                )
            };
            for k in 0..chunks {
                let off = k * 16;
                let vq = ld(q.as_ptr().add(off));
                let (ql, qh) = (i16x8_extend_low_i8x16(vq), i16x8_extend_high_i8x16(vq));
                a = i32x4_add(a, dot(ld(r0.as_ptr().add(off)), ql, qh));
                b = i32x4_add(b, dot(ld(r1.as_ptr().add(off)), ql, qh));
                c = i32x4_add(c, dot(ld(r2.as_ptr().add(off)), ql, qh));
                d = i32x4_add(d, dot(ld(r3.as_ptr().add(off)), ql, qh));
            }
            let h = |v: v128| {
                i32x4_extract_lane::<0>(v)
                    + i32x4_extract_lane::<1>(v)
                    + i32x4_extract_lane::<2>(v)
                    + i32x4_extract_lane::<3>(v)
            };
            [h(a), h(b), h(c), h(d)]
        };
        for (o, row) in out.iter_mut().zip(rows) {
            for (x, y) in q[chunks * 16..].iter().zip(&row[chunks * 16..]) {
                *o += i32::from(*x) * i32::from(*y);
            }
        }
        out
    }
}

#[cfg(all(target_arch = "x86_64", target_feature = "sse2"))]
mod sse2 {
    use core::arch::x86_64::*;

    /// Four rows' `(a0, a1)` accumulator pairs folded at once, as the wasm version does: lane
    /// `r` of the result is row `r`'s `((l0+l4)+(l1+l5)) + ((l2+l6)+(l3+l7))`.
    ///
    /// # Safety
    /// SSE2 must be available (it is: cfg).
    #[inline(always)]
    unsafe fn fold4(
        a: (__m128, __m128),
        b: (__m128, __m128),
        c: (__m128, __m128),
        d: (__m128, __m128),
    ) -> __m128 {
        const EVEN: i32 = 0b10_00_10_00;
        const ODD: i32 = 0b11_01_11_01;
        let (sa, sb) = (_mm_add_ps(a.0, a.1), _mm_add_ps(b.0, b.1));
        let (sc, sd) = (_mm_add_ps(c.0, c.1), _mm_add_ps(d.0, d.1));
        let ab = _mm_add_ps(
            _mm_shuffle_ps::<EVEN>(sa, sb),
            _mm_shuffle_ps::<ODD>(sa, sb),
        );
        let cd = _mm_add_ps(
            _mm_shuffle_ps::<EVEN>(sc, sd),
            _mm_shuffle_ps::<ODD>(sc, sd),
        );
        _mm_add_ps(
            _mm_shuffle_ps::<EVEN>(ab, cd),
            _mm_shuffle_ps::<ODD>(ab, cd),
        )
    }

    /// Four consecutive rows from `p` (stride `d`) over the first `8 · chunks` columns; `CH` a
    /// compile-time chunk count (0 = use `chunks`).
    ///
    /// # Safety
    /// SSE2 must be available; `q` must hold `8 · chunks` values and `p` four rows of
    /// `d ≥ 8 · chunks` values.
    #[inline(always)]
    unsafe fn four_rows<const CH: usize>(
        q: *const f32,
        p: *const f32,
        d: usize,
        chunks: usize,
    ) -> __m128 {
        let chunks = if CH == 0 { chunks } else { CH };
        let z = _mm_setzero_ps();
        let (mut a0, mut a1, mut b0, mut b1) = (z, z, z, z);
        let (mut c0, mut c1, mut d0, mut d1) = (z, z, z, z);
        let (p0, p1, p2, p3) = (p, p.add(d), p.add(2 * d), p.add(3 * d));
        for c in 0..chunks {
            let off = c * 8;
            let q0 = _mm_loadu_ps(q.add(off));
            let q1 = _mm_loadu_ps(q.add(off + 4));
            a0 = _mm_add_ps(a0, _mm_mul_ps(q0, _mm_loadu_ps(p0.add(off))));
            a1 = _mm_add_ps(a1, _mm_mul_ps(q1, _mm_loadu_ps(p0.add(off + 4))));
            b0 = _mm_add_ps(b0, _mm_mul_ps(q0, _mm_loadu_ps(p1.add(off))));
            b1 = _mm_add_ps(b1, _mm_mul_ps(q1, _mm_loadu_ps(p1.add(off + 4))));
            c0 = _mm_add_ps(c0, _mm_mul_ps(q0, _mm_loadu_ps(p2.add(off))));
            c1 = _mm_add_ps(c1, _mm_mul_ps(q1, _mm_loadu_ps(p2.add(off + 4))));
            d0 = _mm_add_ps(d0, _mm_mul_ps(q0, _mm_loadu_ps(p3.add(off))));
            d1 = _mm_add_ps(d1, _mm_mul_ps(q1, _mm_loadu_ps(p3.add(off + 4))));
        }
        fold4((a0, a1), (b0, b1), (c0, c1), (d0, d1))
    }

    /// The block scan for a compile-time chunk count `CH` (0 = any), as in the wasm version.
    #[inline(always)]
    fn scan<const CH: usize>(q: &[f32], rows: &[f32], out: &mut [f32]) {
        let d = q.len();
        let chunks = d / 8;
        let tail = chunks * 8;
        let mut blocks = rows.chunks_exact(4 * d);
        let mut outs = out.chunks_exact_mut(4);
        for (b, o) in (&mut blocks).zip(&mut outs) {
            // SAFETY: SSE2 is enabled (cfg); `b` holds exactly four rows of `d` values and `q`
            // holds `d ≥ 8 · chunks`, so every load stays inside them; `o` holds four f32.
            unsafe {
                let v = four_rows::<CH>(q.as_ptr(), b.as_ptr(), d, chunks);
                _mm_storeu_ps(o.as_mut_ptr(), v);
            }
            if tail < d {
                for (r, s) in o.iter_mut().enumerate() {
                    let row = &b[r * d..(r + 1) * d];
                    for (x, y) in q[tail..].iter().zip(&row[tail..]) {
                        *s += x * y;
                    }
                }
            }
        }
        for (o, r) in outs
            .into_remainder()
            .iter_mut()
            .zip(blocks.remainder().chunks_exact(d))
        {
            *o = dot_f32(q, r);
        }
    }

    #[inline]
    pub(super) fn dot_rows_f32(q: &[f32], rows: &[f32], out: &mut [f32]) {
        match q.len() / 8 {
            4 => scan::<4>(q, rows, out),
            8 => scan::<8>(q, rows, out),
            16 => scan::<16>(q, rows, out),
            _ => scan::<0>(q, rows, out),
        }
    }

    #[inline]
    fn fold(a0: __m128, a1: __m128) -> f32 {
        let mut s = [0f32; 4];
        // SAFETY: SSE2 is enabled (cfg); the store writes 16 bytes into a 16-byte array.
        unsafe { _mm_storeu_ps(s.as_mut_ptr(), _mm_add_ps(a0, a1)) };
        (s[0] + s[1]) + (s[2] + s[3])
    }

    #[inline]
    pub(super) fn dot_f32(a: &[f32], b: &[f32]) -> f32 {
        let ca = a.chunks_exact(8);
        let cb = b.chunks_exact(8);
        let (ta, tb) = (ca.remainder(), cb.remainder());
        // SAFETY: SSE2 is enabled (cfg); each chunk holds exactly 8 f32, so the two unaligned
        // 4-lane loads at offsets 0 and 4 stay inside it.
        let mut s = unsafe {
            let mut a0 = _mm_setzero_ps();
            let mut a1 = _mm_setzero_ps();
            for (x, y) in ca.zip(cb) {
                let (xp, yp) = (x.as_ptr(), y.as_ptr());
                a0 = _mm_add_ps(a0, _mm_mul_ps(_mm_loadu_ps(xp), _mm_loadu_ps(yp)));
                a1 = _mm_add_ps(
                    a1,
                    _mm_mul_ps(_mm_loadu_ps(xp.add(4)), _mm_loadu_ps(yp.add(4))),
                );
            }
            fold(a0, a1)
        };
        for (x, y) in ta.iter().zip(tb) {
            s += x * y;
        }
        s
    }

    #[inline]
    pub(super) fn sq_dist_f32(a: &[f32], b: &[f32]) -> f32 {
        let ca = a.chunks_exact(8);
        let cb = b.chunks_exact(8);
        let (ta, tb) = (ca.remainder(), cb.remainder());
        // SAFETY: as in `dot_f32`.
        let mut s = unsafe {
            let mut a0 = _mm_setzero_ps();
            let mut a1 = _mm_setzero_ps();
            for (x, y) in ca.zip(cb) {
                let (xp, yp) = (x.as_ptr(), y.as_ptr());
                let d0 = _mm_sub_ps(_mm_loadu_ps(xp), _mm_loadu_ps(yp));
                let d1 = _mm_sub_ps(_mm_loadu_ps(xp.add(4)), _mm_loadu_ps(yp.add(4)));
                a0 = _mm_add_ps(a0, _mm_mul_ps(d0, d0));
                a1 = _mm_add_ps(a1, _mm_mul_ps(d1, d1));
            }
            fold(a0, a1)
        };
        for (x, y) in ta.iter().zip(tb) {
            let d = x - y;
            s += d * d;
        }
        s
    }

    #[inline]
    pub(super) fn dot_i8(a: &[i8], b: &[i8]) -> i32 {
        let ca = a.chunks_exact(16);
        let cb = b.chunks_exact(16);
        let (ta, tb) = (ca.remainder(), cb.remainder());
        // SAFETY: SSE2 is enabled (cfg); each chunk holds exactly 16 bytes, one unaligned load.
        let mut s = unsafe {
            let zero = _mm_setzero_si128();
            let mut acc = _mm_setzero_si128();
            for (x, y) in ca.zip(cb) {
                let vx = _mm_loadu_si128(x.as_ptr() as *const __m128i);
                let vy = _mm_loadu_si128(y.as_ptr() as *const __m128i);
                // Sign-extend i8 -> i16 by interleaving with the sign mask.
                let sx = _mm_cmpgt_epi8(zero, vx);
                let sy = _mm_cmpgt_epi8(zero, vy);
                let lo = _mm_madd_epi16(_mm_unpacklo_epi8(vx, sx), _mm_unpacklo_epi8(vy, sy));
                let hi = _mm_madd_epi16(_mm_unpackhi_epi8(vx, sx), _mm_unpackhi_epi8(vy, sy));
                acc = _mm_add_epi32(acc, _mm_add_epi32(lo, hi));
            }
            let mut l = [0i32; 4];
            _mm_storeu_si128(l.as_mut_ptr() as *mut __m128i, acc);
            l[0] + l[1] + l[2] + l[3]
        };
        for (x, y) in ta.iter().zip(tb) {
            s += i32::from(*x) * i32::from(*y);
        }
        s
    }

    #[inline]
    pub(super) fn dot4_f32(q: &[f32], rows: [&[f32]; 4]) -> [f32; 4] {
        let n = q.len();
        let chunks = n / 8;
        let [r0, r1, r2, r3] = rows;
        // Accumulators are named locals (not an array) so they stay in registers.
        // SAFETY: SSE2 is enabled (cfg); every row has exactly `n` elements (sliced by the
        // caller), so the 4-lane loads at `c * 8` and `c * 8 + 4` with `c < n / 8` stay inside.
        let mut out = unsafe {
            let z = _mm_setzero_ps();
            let (mut a0, mut a1, mut b0, mut b1) = (z, z, z, z);
            let (mut c0, mut c1, mut d0, mut d1) = (z, z, z, z);
            for c in 0..chunks {
                let off = c * 8;
                let q0 = _mm_loadu_ps(q.as_ptr().add(off));
                let q1 = _mm_loadu_ps(q.as_ptr().add(off + 4));
                let (p0, p1, p2, p3) = (
                    r0.as_ptr().add(off),
                    r1.as_ptr().add(off),
                    r2.as_ptr().add(off),
                    r3.as_ptr().add(off),
                );
                a0 = _mm_add_ps(a0, _mm_mul_ps(q0, _mm_loadu_ps(p0)));
                a1 = _mm_add_ps(a1, _mm_mul_ps(q1, _mm_loadu_ps(p0.add(4))));
                b0 = _mm_add_ps(b0, _mm_mul_ps(q0, _mm_loadu_ps(p1)));
                b1 = _mm_add_ps(b1, _mm_mul_ps(q1, _mm_loadu_ps(p1.add(4))));
                c0 = _mm_add_ps(c0, _mm_mul_ps(q0, _mm_loadu_ps(p2)));
                c1 = _mm_add_ps(c1, _mm_mul_ps(q1, _mm_loadu_ps(p2.add(4))));
                d0 = _mm_add_ps(d0, _mm_mul_ps(q0, _mm_loadu_ps(p3)));
                d1 = _mm_add_ps(d1, _mm_mul_ps(q1, _mm_loadu_ps(p3.add(4))));
            }
            [fold(a0, a1), fold(b0, b1), fold(c0, c1), fold(d0, d1)]
        };
        for (o, row) in out.iter_mut().zip(rows) {
            for (x, y) in q[chunks * 8..].iter().zip(&row[chunks * 8..]) {
                *o += x * y;
            }
        }
        out
    }

    #[inline]
    pub(super) fn dot4_i8(q: &[i8], rows: [&[i8]; 4]) -> [i32; 4] {
        let n = q.len();
        let chunks = n / 16;
        let [r0, r1, r2, r3] = rows;
        // SAFETY: SSE2 is enabled (cfg); every row has exactly `n` elements (sliced by the
        // caller), so each 16-byte load at `k * 16` with `k < n / 16` stays inside its slice.
        let mut out = unsafe {
            let zero = _mm_setzero_si128();
            let (mut a, mut b, mut c, mut d) = (zero, zero, zero, zero);
            let ld = |p: *const i8| _mm_loadu_si128(p as *const __m128i);
            let dot = |x: __m128i, ql: __m128i, qh: __m128i| {
                let sx = _mm_cmpgt_epi8(zero, x);
                _mm_add_epi32(
                    _mm_madd_epi16(_mm_unpacklo_epi8(x, sx), ql),
                    _mm_madd_epi16(_mm_unpackhi_epi8(x, sx), qh),
                )
            };
            for k in 0..chunks {
                let off = k * 16;
                let vq = ld(q.as_ptr().add(off));
                let sq = _mm_cmpgt_epi8(zero, vq);
                let (ql, qh) = (_mm_unpacklo_epi8(vq, sq), _mm_unpackhi_epi8(vq, sq));
                a = _mm_add_epi32(a, dot(ld(r0.as_ptr().add(off)), ql, qh));
                b = _mm_add_epi32(b, dot(ld(r1.as_ptr().add(off)), ql, qh));
                c = _mm_add_epi32(c, dot(ld(r2.as_ptr().add(off)), ql, qh));
                d = _mm_add_epi32(d, dot(ld(r3.as_ptr().add(off)), ql, qh));
            }
            let h = |v: __m128i| {
                let mut l = [0i32; 4];
                _mm_storeu_si128(l.as_mut_ptr() as *mut __m128i, v);
                l[0] + l[1] + l[2] + l[3]
            };
            [h(a), h(b), h(c), h(d)]
        };
        for (o, row) in out.iter_mut().zip(rows) {
            for (x, y) in q[chunks * 16..].iter().zip(&row[chunks * 16..]) {
                *o += i32::from(*x) * i32::from(*y);
            }
        }
        out
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::Rng as _;

    fn naive_dot(a: &[f32], b: &[f32]) -> f64 {
        a.iter()
            .zip(b)
            .map(|(x, y)| f64::from(*x) * f64::from(*y))
            .sum()
    }

    #[test]
    fn dot_matches_f64_reference_for_every_tail_length() {
        let mut rng = crate::rng::seeded(1);
        for n in 0..70 {
            let a: Vec<f32> = (0..n).map(|_| rng.random_range(-1.0..1.0)).collect();
            let b: Vec<f32> = (0..n).map(|_| rng.random_range(-1.0..1.0)).collect();
            let d = dot_f32(&a, &b);
            assert!((f64::from(d) - naive_dot(&a, &b)).abs() < 1e-5, "n={n}");
            assert_eq!(d.to_bits(), portable::dot_f32(&a, &b).to_bits());
            let sq = sq_dist_f32(&a, &b);
            let want: f64 = a
                .iter()
                .zip(&b)
                .map(|(x, y)| (f64::from(*x) - f64::from(*y)).powi(2))
                .sum();
            assert!((f64::from(sq) - want).abs() < 1e-5, "n={n}");
            assert_eq!(sq.to_bits(), portable::sq_dist_f32(&a, &b).to_bits());
        }
    }

    #[test]
    fn lane_order_is_the_documented_one() {
        // 9 elements: 8 go through the lanes, the 9th is the tail. Values chosen so a different
        // summation order would round differently.
        let a = [1e8f32, 1.0, 1.0, 1.0, -1e8, 1.0, 1.0, 1.0, 0.5];
        let b = [1f32; 9];
        // (1e8 + -1e8) = 0, then (0 + 2) + (2 + 2) = 6, then + 0.5.
        assert_eq!(dot_f32(&a, &b), 6.5);
        assert_eq!(portable::dot_f32(&a, &b), 6.5);
    }

    #[test]
    fn int8_dot_is_exact_including_extremes() {
        let mut rng = crate::rng::seeded(2);
        for n in [0usize, 1, 15, 16, 17, 64, 100] {
            let a: Vec<i8> = (0..n).map(|_| rng.random()).collect();
            let b: Vec<i8> = (0..n).map(|_| rng.random()).collect();
            let want: i64 = a
                .iter()
                .zip(&b)
                .map(|(x, y)| i64::from(*x) * i64::from(*y))
                .sum();
            assert_eq!(i64::from(dot_i8(&a, &b)), want);
        }
        let a = vec![-128i8; MAX_I8_DIM / 2];
        assert_eq!(
            i64::from(dot_i8(&a, &a)),
            128 * 128 * (MAX_I8_DIM as i64 / 2)
        );
    }

    #[test]
    fn four_row_f32_dot_is_bit_identical_to_four_single_ones() {
        let mut rng = crate::rng::seeded(9);
        for n in [0usize, 1, 7, 8, 9, 16, 31, 64, 100] {
            let q: Vec<f32> = (0..n).map(|_| rng.random_range(-3.0..3.0)).collect();
            let rows: Vec<Vec<f32>> = (0..4)
                .map(|_| (0..n).map(|_| rng.random_range(-3.0..3.0)).collect())
                .collect();
            let r = [&rows[0][..], &rows[1][..], &rows[2][..], &rows[3][..]];
            let want = r.map(|x| dot_f32(&q, x).to_bits());
            assert_eq!(dot4_f32(&q, r).map(f32::to_bits), want, "n={n}");
            assert_eq!(portable::dot4_f32(&q, r).map(f32::to_bits), want, "n={n}");
            // dot_f32 is symmetric in lane order: q·x == x·q bit for bit.
            assert_eq!(dot_f32(r[0], &q).to_bits(), want[0]);
        }
    }

    #[test]
    fn row_scan_is_bit_identical_to_one_dot_per_row() {
        let mut rng = crate::rng::seeded(21);
        // Dims around the 8-lane chunks and the unrolled sizes (32, 64, 128); row counts around
        // the groups of four.
        for d in [
            1usize, 3, 7, 8, 9, 15, 16, 31, 32, 33, 63, 64, 65, 71, 72, 128, 130,
        ] {
            for n in [0usize, 1, 3, 4, 5, 8, 11] {
                let q: Vec<f32> = (0..d).map(|_| rng.random_range(-3.0..3.0)).collect();
                let rows: Vec<f32> = (0..n * d).map(|_| rng.random_range(-3.0..3.0)).collect();
                let want: Vec<u32> = rows
                    .chunks_exact(d)
                    .map(|r| dot_f32(&q, r).to_bits())
                    .collect();
                let mut out = vec![f32::NAN; n];
                dot_rows_f32(&q, &rows, &mut out);
                assert_eq!(out.iter().map(|x| x.to_bits()).collect::<Vec<_>>(), want);
                let mut out = vec![f32::NAN; n];
                portable::dot_rows_f32(&q, &rows, &mut out);
                assert_eq!(out.iter().map(|x| x.to_bits()).collect::<Vec<_>>(), want);
            }
        }
        // `out` shorter than the rows: only its length is scored; longer: the rest is untouched.
        let q = [1f32, 2.0];
        let rows = [1f32, 1.0, 2.0, 2.0, 3.0, 3.0];
        let mut out = [0f32; 2];
        dot_rows_f32(&q, &rows, &mut out);
        assert_eq!(out, [3.0, 6.0]);
        let mut out = [-1f32; 4];
        dot_rows_f32(&q, &rows[..5], &mut out);
        assert_eq!(out, [3.0, 6.0, -1.0, -1.0]);
        let mut out = [-1f32; 2];
        dot_rows_f32(&[], &rows, &mut out);
        assert_eq!(out, [0.0, 0.0]);
    }

    #[test]
    fn four_row_int8_dot_equals_four_single_ones() {
        let mut rng = crate::rng::seeded(6);
        for n in [0usize, 1, 15, 16, 17, 33, 64, 100] {
            let q: Vec<i8> = (0..n).map(|_| rng.random()).collect();
            let rows: Vec<Vec<i8>> = (0..4)
                .map(|_| (0..n).map(|_| rng.random()).collect())
                .collect();
            let r = [&rows[0][..], &rows[1][..], &rows[2][..], &rows[3][..]];
            let want = r.map(|x| dot_i8(&q, x));
            assert_eq!(dot4_i8(&q, r), want, "n={n}");
            assert_eq!(portable::dot4_i8(&q, r), want, "n={n}");
        }
        // Rows of different lengths: all read the shortest.
        let q = [1i8; 20];
        assert_eq!(
            dot4_i8(&q, [&[1; 20], &[2; 18], &[3; 19], &[1; 25]]),
            [18, 36, 54, 18]
        );
    }

    #[test]
    fn all_below4_is_strict_and_nan_is_never_below() {
        assert!(all_below4(&[0.0, 1.0, -5.0, 1.5], 2.0));
        assert!(!all_below4(&[0.0, 1.0, 2.0, 1.5], 2.0));
        assert!(!all_below4(&[0.0, f32::NAN, 0.0, 0.0], 2.0));
        assert!(!all_below4(&[f32::NEG_INFINITY; 4], f32::NEG_INFINITY));
        // Short slices read what there is; only the first four count.
        assert!(all_below4(&[1.0], 2.0));
        assert!(!all_below4(&[1.0, 3.0], 2.0));
        assert!(all_below4(&[1.0, 1.0, 1.0, 1.0, 9.0], 2.0));
        assert!(all_below4(&[], 0.0));
    }

    #[test]
    fn kernels_read_the_common_length() {
        assert_eq!(dot_f32(&[1.0, 2.0, 3.0], &[1.0, 1.0]), 3.0);
        assert_eq!(dot_i8(&[1, 2, 3], &[1]), 1);
    }
}
