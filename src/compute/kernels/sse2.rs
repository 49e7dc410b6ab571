//! Lanes as x86-64 SSE2 `__m128` (native builds; SSE2 is part of the x86-64 baseline, and the
//! release profile does not auto-vectorize the portable loops).

use super::lanes::Lanes;
use core::arch::x86_64::*;

/// The SSE2 instruction set.
pub(super) struct Sse2;

// SAFETY (every `unsafe` block below): SSE2 is enabled at compile time (this module is only
// compiled under `target_feature = "sse2"`), so the intrinsics are available; loads and stores
// are unaligned and their pointers are the caller's obligation (see `Lanes`).
impl Lanes for Sse2 {
    type F4 = __m128;
    type I4 = __m128i;
    type W = (__m128i, __m128i);

    #[inline(always)]
    fn zero() -> __m128 {
        unsafe { _mm_setzero_ps() }
    }
    #[inline(always)]
    unsafe fn load(p: *const f32) -> __m128 {
        _mm_loadu_ps(p)
    }
    #[inline(always)]
    unsafe fn store(p: *mut f32, v: __m128) {
        _mm_storeu_ps(p, v)
    }
    #[inline(always)]
    fn add(a: __m128, b: __m128) -> __m128 {
        unsafe { _mm_add_ps(a, b) }
    }
    #[inline(always)]
    fn sub(a: __m128, b: __m128) -> __m128 {
        unsafe { _mm_sub_ps(a, b) }
    }
    #[inline(always)]
    fn mul(a: __m128, b: __m128) -> __m128 {
        unsafe { _mm_mul_ps(a, b) }
    }
    #[inline(always)]
    fn fold(a0: __m128, a1: __m128) -> f32 {
        let mut s = [0f32; 4];
        unsafe { _mm_storeu_ps(s.as_mut_ptr(), _mm_add_ps(a0, a1)) };
        (s[0] + s[1]) + (s[2] + s[3])
    }
    #[inline(always)]
    fn fold4(
        a: (__m128, __m128),
        b: (__m128, __m128),
        c: (__m128, __m128),
        d: (__m128, __m128),
    ) -> __m128 {
        const EVEN: i32 = 0b10_00_10_00;
        const ODD: i32 = 0b11_01_11_01;
        unsafe {
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
    }

    #[inline(always)]
    fn izero() -> __m128i {
        unsafe { _mm_setzero_si128() }
    }
    #[inline(always)]
    unsafe fn load_wide(p: *const i8) -> (__m128i, __m128i) {
        let v = _mm_loadu_si128(p as *const __m128i);
        // Sign-extend i8 → i16 by interleaving with the sign mask.
        let s = _mm_cmpgt_epi8(_mm_setzero_si128(), v);
        (_mm_unpacklo_epi8(v, s), _mm_unpackhi_epi8(v, s))
    }
    #[inline(always)]
    fn dot_wide(acc: __m128i, x: (__m128i, __m128i), y: (__m128i, __m128i)) -> __m128i {
        unsafe {
            let lo = _mm_madd_epi16(x.0, y.0);
            let hi = _mm_madd_epi16(x.1, y.1);
            _mm_add_epi32(acc, _mm_add_epi32(lo, hi))
        }
    }
    #[inline(always)]
    fn hsum(v: __m128i) -> i32 {
        let mut l = [0i32; 4];
        unsafe { _mm_storeu_si128(l.as_mut_ptr() as *mut __m128i, v) };
        l[0] + l[1] + l[2] + l[3]
    }
}
