//! Lanes as WASM SIMD128 `v128` (compiled for wasm32 with the `simd128` target feature, which
//! `.cargo/config.toml` turns on).

use super::lanes::Lanes;
use core::arch::wasm32::*;

/// The WASM SIMD128 instruction set.
pub(super) struct Simd128;

impl Lanes for Simd128 {
    type F4 = v128;
    type I4 = v128;
    type W = (v128, v128);

    #[inline(always)]
    fn zero() -> v128 {
        f32x4_splat(0.0)
    }
    #[inline(always)]
    unsafe fn load(p: *const f32) -> v128 {
        v128_load(p as *const v128)
    }
    #[inline(always)]
    unsafe fn store(p: *mut f32, v: v128) {
        v128_store(p as *mut v128, v)
    }
    #[inline(always)]
    fn add(a: v128, b: v128) -> v128 {
        f32x4_add(a, b)
    }
    #[inline(always)]
    fn sub(a: v128, b: v128) -> v128 {
        f32x4_sub(a, b)
    }
    #[inline(always)]
    fn mul(a: v128, b: v128) -> v128 {
        f32x4_mul(a, b)
    }
    #[inline(always)]
    fn fold(a0: v128, a1: v128) -> f32 {
        let s = f32x4_add(a0, a1);
        (f32x4_extract_lane::<0>(s) + f32x4_extract_lane::<1>(s))
            + (f32x4_extract_lane::<2>(s) + f32x4_extract_lane::<3>(s))
    }
    #[inline(always)]
    fn fold4(a: (v128, v128), b: (v128, v128), c: (v128, v128), d: (v128, v128)) -> v128 {
        let (sa, sb) = (f32x4_add(a.0, a.1), f32x4_add(b.0, b.1));
        let (sc, sd) = (f32x4_add(c.0, c.1), f32x4_add(d.0, d.1));
        // [a0+a1, a2+a3, b0+b1, b2+b3] and the same for c, d; then one more pairwise add.
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

    #[inline(always)]
    fn izero() -> v128 {
        i32x4_splat(0)
    }
    #[inline(always)]
    unsafe fn load_wide(p: *const i8) -> (v128, v128) {
        let v = v128_load(p as *const v128);
        (i16x8_extend_low_i8x16(v), i16x8_extend_high_i8x16(v))
    }
    #[inline(always)]
    fn dot_wide(acc: v128, x: (v128, v128), y: (v128, v128)) -> v128 {
        let lo = i32x4_dot_i16x8(x.0, y.0);
        let hi = i32x4_dot_i16x8(x.1, y.1);
        i32x4_add(acc, i32x4_add(lo, hi))
    }
    #[inline(always)]
    fn hsum(v: v128) -> i32 {
        i32x4_extract_lane::<0>(v)
            + i32x4_extract_lane::<1>(v)
            + i32x4_extract_lane::<2>(v)
            + i32x4_extract_lane::<3>(v)
    }
}
