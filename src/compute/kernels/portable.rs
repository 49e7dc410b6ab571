//! Lanes as plain arrays: the fallback where neither WASM SIMD128 nor SSE2 is compiled in, and
//! the reference the SIMD versions must match bit for bit (tested under Node in
//! `tests/wasm_kernels.rs`).

use super::algo;
use super::lanes::Lanes;

/// The portable instruction set: `[f32; 4]` / `[i32; 4]` lanes.
pub(super) struct Portable;

impl Lanes for Portable {
    type F4 = [f32; 4];
    type I4 = [i32; 4];
    type W = [i16; 16];

    #[inline(always)]
    fn zero() -> [f32; 4] {
        [0.0; 4]
    }
    #[inline(always)]
    unsafe fn load(p: *const f32) -> [f32; 4] {
        p.cast::<[f32; 4]>().read_unaligned()
    }
    #[inline(always)]
    unsafe fn store(p: *mut f32, v: [f32; 4]) {
        p.cast::<[f32; 4]>().write_unaligned(v)
    }
    #[inline(always)]
    fn add(a: [f32; 4], b: [f32; 4]) -> [f32; 4] {
        [a[0] + b[0], a[1] + b[1], a[2] + b[2], a[3] + b[3]]
    }
    #[inline(always)]
    fn sub(a: [f32; 4], b: [f32; 4]) -> [f32; 4] {
        [a[0] - b[0], a[1] - b[1], a[2] - b[2], a[3] - b[3]]
    }
    #[inline(always)]
    fn mul(a: [f32; 4], b: [f32; 4]) -> [f32; 4] {
        [a[0] * b[0], a[1] * b[1], a[2] * b[2], a[3] * b[3]]
    }
    #[inline(always)]
    fn fold(a0: [f32; 4], a1: [f32; 4]) -> f32 {
        let s = Self::add(a0, a1);
        (s[0] + s[1]) + (s[2] + s[3])
    }
    #[inline(always)]
    fn fold4(
        a: ([f32; 4], [f32; 4]),
        b: ([f32; 4], [f32; 4]),
        c: ([f32; 4], [f32; 4]),
        d: ([f32; 4], [f32; 4]),
    ) -> [f32; 4] {
        [a, b, c, d].map(|(x0, x1)| Self::fold(x0, x1))
    }

    #[inline(always)]
    fn izero() -> [i32; 4] {
        [0; 4]
    }
    #[inline(always)]
    unsafe fn load_wide(p: *const i8) -> [i16; 16] {
        p.cast::<[i8; 16]>().read_unaligned().map(i16::from)
    }
    #[inline(always)]
    fn dot_wide(acc: [i32; 4], x: [i16; 16], y: [i16; 16]) -> [i32; 4] {
        let mut out = acc;
        for (j, o) in out.iter_mut().enumerate() {
            for k in 0..4 {
                *o += i32::from(x[4 * j + k]) * i32::from(y[4 * j + k]);
            }
        }
        out
    }
    #[inline(always)]
    fn hsum(v: [i32; 4]) -> i32 {
        (v[0] + v[1]) + (v[2] + v[3])
    }
}

/// Portable f32 dot product with the SIMD lane order.
#[inline]
pub fn dot_f32(a: &[f32], b: &[f32]) -> f32 {
    algo::dot_f32::<Portable>(a, b)
}

/// Portable squared distance with the SIMD lane order.
#[inline]
pub fn sq_dist_f32(a: &[f32], b: &[f32]) -> f32 {
    algo::sq_dist_f32::<Portable>(a, b)
}

/// Portable exact int8 dot product.
#[inline]
pub fn dot_i8(a: &[i8], b: &[i8]) -> i32 {
    algo::dot_i8::<Portable>(a, b)
}

/// Portable four-row f32 dot product (rows as long as `q`).
#[inline]
pub fn dot4_f32(q: &[f32], rows: [&[f32]; 4]) -> [f32; 4] {
    algo::dot4_f32::<Portable>(q, rows)
}

/// Portable block scan (`rows.len() == out.len() · q.len()`); zeros when `q` is empty.
#[inline]
pub fn dot_rows_f32(q: &[f32], rows: &[f32], out: &mut [f32]) {
    if q.is_empty() {
        out.fill(0.0);
        return;
    }
    algo::dot_rows_f32::<Portable>(q, rows, out)
}

/// Portable four-row int8 dot product (rows as long as `q`).
#[inline]
pub fn dot4_i8(q: &[i8], rows: [&[i8]; 4]) -> [i32; 4] {
    algo::dot4_i8::<Portable>(q, rows)
}
