//! The kernels written once, over any [`Lanes`]: every ISA runs these exact loops, so every
//! version accumulates in the documented lane order and gives bit-identical f32 results.

use super::lanes::Lanes;

/// `Σ term(a_i, b_i)` over two slices of equal length, in the documented lane order: two 4-lane
/// accumulators over chunks of eight, folded, then the tail one element at a time. `lanes` is
/// `term` on four lanes at once.
#[inline(always)]
fn sum_terms<L: Lanes>(
    a: &[f32],
    b: &[f32],
    lanes: impl Fn(L::F4, L::F4) -> L::F4,
    term: impl Fn(f32, f32) -> f32,
) -> f32 {
    let ca = a.chunks_exact(8);
    let cb = b.chunks_exact(8);
    let (ta, tb) = (ca.remainder(), cb.remainder());
    let (mut a0, mut a1) = (L::zero(), L::zero());
    for (x, y) in ca.zip(cb) {
        let (xp, yp) = (x.as_ptr(), y.as_ptr());
        // SAFETY: each chunk holds exactly 8 f32, so the 4-lane loads at 0 and 4 stay inside it.
        unsafe {
            a0 = L::add(a0, lanes(L::load(xp), L::load(yp)));
            a1 = L::add(a1, lanes(L::load(xp.add(4)), L::load(yp.add(4))));
        }
    }
    let mut s = L::fold(a0, a1);
    for (x, y) in ta.iter().zip(tb) {
        s += term(*x, *y);
    }
    s
}

/// f32 dot product of two slices of equal length.
#[inline(always)]
pub(super) fn dot_f32<L: Lanes>(a: &[f32], b: &[f32]) -> f32 {
    sum_terms::<L>(a, b, L::mul, |x, y| x * y)
}

/// Squared Euclidean distance of two slices of equal length.
#[inline(always)]
pub(super) fn sq_dist_f32<L: Lanes>(a: &[f32], b: &[f32]) -> f32 {
    let sq = |x, y| {
        let d = L::sub(x, y);
        L::mul(d, d)
    };
    sum_terms::<L>(a, b, sq, |x, y| (x - y) * (x - y))
}

/// Exact int8 dot product of two slices of equal length.
#[inline(always)]
pub(super) fn dot_i8<L: Lanes>(a: &[i8], b: &[i8]) -> i32 {
    let ca = a.chunks_exact(16);
    let cb = b.chunks_exact(16);
    let (ta, tb) = (ca.remainder(), cb.remainder());
    let mut acc = L::izero();
    for (x, y) in ca.zip(cb) {
        // SAFETY: each chunk holds exactly 16 bytes, one 16-byte load each.
        unsafe { acc = L::dot_wide(acc, L::load_wide(x.as_ptr()), L::load_wide(y.as_ptr())) };
    }
    let mut s = L::hsum(acc);
    for (x, y) in ta.iter().zip(tb) {
        s += i32::from(*x) * i32::from(*y);
    }
    s
}

/// Four f32 dot products of `q` with rows as long as `q`: the query is loaded once per chunk.
#[inline(always)]
pub(super) fn dot4_f32<L: Lanes>(q: &[f32], rows: [&[f32]; 4]) -> [f32; 4] {
    let n = q.len();
    let chunks = n / 8;
    let [r0, r1, r2, r3] = rows;
    // Accumulators are named locals (not an array) so they stay in registers / wasm locals.
    let z = L::zero();
    let (mut a0, mut a1, mut b0, mut b1) = (z, z, z, z);
    let (mut c0, mut c1, mut d0, mut d1) = (z, z, z, z);
    for c in 0..chunks {
        let off = c * 8;
        // SAFETY: every row has exactly `n` elements (sliced by the caller), so the 4-lane loads
        // at `c · 8` and `c · 8 + 4` with `c < n / 8` stay inside their slices.
        unsafe {
            let q0 = L::load(q.as_ptr().add(off));
            let q1 = L::load(q.as_ptr().add(off + 4));
            let (p0, p1, p2, p3) = (
                r0.as_ptr().add(off),
                r1.as_ptr().add(off),
                r2.as_ptr().add(off),
                r3.as_ptr().add(off),
            );
            a0 = L::add(a0, L::mul(q0, L::load(p0)));
            a1 = L::add(a1, L::mul(q1, L::load(p0.add(4))));
            b0 = L::add(b0, L::mul(q0, L::load(p1)));
            b1 = L::add(b1, L::mul(q1, L::load(p1.add(4))));
            c0 = L::add(c0, L::mul(q0, L::load(p2)));
            c1 = L::add(c1, L::mul(q1, L::load(p2.add(4))));
            d0 = L::add(d0, L::mul(q0, L::load(p3)));
            d1 = L::add(d1, L::mul(q1, L::load(p3.add(4))));
        }
    }
    let mut out = [
        L::fold(a0, a1),
        L::fold(b0, b1),
        L::fold(c0, c1),
        L::fold(d0, d1),
    ];
    for (o, row) in out.iter_mut().zip(rows) {
        for (x, y) in q[chunks * 8..].iter().zip(&row[chunks * 8..]) {
            *o += x * y;
        }
    }
    out
}

/// Scores four consecutive rows starting at `p` (row stride `d`) over the first `8 · chunks`
/// columns, with `CH` a compile-time chunk count (0 = use `chunks`, not unrolled).
///
/// # Safety
/// `q` must hold `8 · chunks` values and `p` four rows of `d ≥ 8 · chunks` values.
#[inline(always)]
unsafe fn four_rows<L: Lanes, const CH: usize>(
    q: *const f32,
    p: *const f32,
    d: usize,
    chunks: usize,
) -> L::F4 {
    let chunks = if CH == 0 { chunks } else { CH };
    let z = L::zero();
    let (mut a0, mut a1, mut b0, mut b1) = (z, z, z, z);
    let (mut c0, mut c1, mut d0, mut d1) = (z, z, z, z);
    let (p0, p1, p2, p3) = (p, p.add(d), p.add(2 * d), p.add(3 * d));
    for c in 0..chunks {
        let off = c * 8;
        let q0 = L::load(q.add(off));
        let q1 = L::load(q.add(off + 4));
        a0 = L::add(a0, L::mul(q0, L::load(p0.add(off))));
        a1 = L::add(a1, L::mul(q1, L::load(p0.add(off + 4))));
        b0 = L::add(b0, L::mul(q0, L::load(p1.add(off))));
        b1 = L::add(b1, L::mul(q1, L::load(p1.add(off + 4))));
        c0 = L::add(c0, L::mul(q0, L::load(p2.add(off))));
        c1 = L::add(c1, L::mul(q1, L::load(p2.add(off + 4))));
        d0 = L::add(d0, L::mul(q0, L::load(p3.add(off))));
        d1 = L::add(d1, L::mul(q1, L::load(p3.add(off + 4))));
    }
    L::fold4((a0, a1), (b0, b1), (c0, c1), (d0, d1))
}

/// The block scan for a compile-time chunk count `CH` (0 = any): groups of four rows, one
/// 4-lane store of four scores each, the `d % 8` tail added per row after the fold (as in
/// `dot_f32`), leftover rows through `dot_f32`.
#[inline(always)]
fn scan<L: Lanes, const CH: usize>(q: &[f32], rows: &[f32], out: &mut [f32]) {
    let d = q.len();
    let chunks = d / 8;
    let tail = chunks * 8;
    let mut blocks = rows.chunks_exact(4 * d);
    let mut outs = out.chunks_exact_mut(4);
    for (b, o) in (&mut blocks).zip(&mut outs) {
        // SAFETY: `b` holds exactly four rows of `d` values and `q` holds `d ≥ 8 · chunks`
        // values, so every load of `four_rows` stays inside them; `o` holds four f32.
        unsafe {
            let v = four_rows::<L, CH>(q.as_ptr(), b.as_ptr(), d, chunks);
            L::store(o.as_mut_ptr(), v);
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
        *o = dot_f32::<L>(q, r);
    }
}

/// Block scan: `out[r] = dot_f32(q, row r)` for `rows.len() == out.len() · q.len()`, `q` non-empty.
/// `#[inline]`, not `always`: inlining the four scan instances into every caller made the
/// generic-width scan (e.g. d = 100) 15% slower in wasm (measured, `benches/results/rerank_wasm.md`).
#[inline]
pub(super) fn dot_rows_f32<L: Lanes>(q: &[f32], rows: &[f32], out: &mut [f32]) {
    // Common embedding sizes get a fully unrolled loop (no loop counter per chunk).
    match q.len() / 8 {
        4 => scan::<L, 4>(q, rows, out),
        8 => scan::<L, 8>(q, rows, out),
        16 => scan::<L, 16>(q, rows, out),
        _ => scan::<L, 0>(q, rows, out),
    }
}

/// Four exact int8 dot products of `q` with rows as long as `q`: the query is loaded and widened
/// once per chunk.
#[inline(always)]
pub(super) fn dot4_i8<L: Lanes>(q: &[i8], rows: [&[i8]; 4]) -> [i32; 4] {
    let n = q.len();
    let chunks = n / 16;
    let [r0, r1, r2, r3] = rows;
    let z = L::izero();
    let (mut a, mut b, mut c, mut d) = (z, z, z, z);
    for k in 0..chunks {
        let off = k * 16;
        // SAFETY: every row has exactly `n` elements (sliced by the caller), so each 16-byte
        // load at `k · 16` with `k < n / 16` stays inside its slice.
        unsafe {
            let wq = L::load_wide(q.as_ptr().add(off));
            a = L::dot_wide(a, L::load_wide(r0.as_ptr().add(off)), wq);
            b = L::dot_wide(b, L::load_wide(r1.as_ptr().add(off)), wq);
            c = L::dot_wide(c, L::load_wide(r2.as_ptr().add(off)), wq);
            d = L::dot_wide(d, L::load_wide(r3.as_ptr().add(off)), wq);
        }
    }
    let mut out = [L::hsum(a), L::hsum(b), L::hsum(c), L::hsum(d)];
    for (o, row) in out.iter_mut().zip(rows) {
        for (x, y) in q[chunks * 16..].iter().zip(&row[chunks * 16..]) {
            *o += i32::from(*x) * i32::from(*y);
        }
    }
    out
}
