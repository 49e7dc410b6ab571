//! The per-ISA vocabulary the kernels are written in: a 4-lane f32 vector, a 4-lane i32
//! accumulator and a widened 16 × i8 vector, with the few operations the algorithms use.
//!
//! One algorithm (in `algo.rs`) runs over any [`Lanes`]; each instruction set — WASM SIMD128,
//! x86-64 SSE2 and the portable arrays — only says how to load, add, multiply and fold. This is
//! the shape of memchr's `Vector` trait.

/// The operations of one instruction set. Every function is `#[inline(always)]` in the
/// implementations, so an algorithm over `L: Lanes` compiles to the same code as one written
/// against the intrinsics directly.
pub(super) trait Lanes {
    /// Four f32 lanes.
    type F4: Copy;
    /// Four i32 lanes (int8 dot-product accumulator).
    type I4: Copy;
    /// Sixteen i8 values widened for multiplication (e.g. two halves of eight i16).
    type W: Copy;

    /// All-zero f32 lanes.
    fn zero() -> Self::F4;
    /// Loads four f32 from `p` (unaligned).
    ///
    /// # Safety
    /// `p` must point to four readable f32.
    unsafe fn load(p: *const f32) -> Self::F4;
    /// Stores four f32 to `p` (unaligned).
    ///
    /// # Safety
    /// `p` must point to four writable f32.
    unsafe fn store(p: *mut f32, v: Self::F4);
    /// Lane-wise `a + b`.
    fn add(a: Self::F4, b: Self::F4) -> Self::F4;
    /// Lane-wise `a − b`.
    fn sub(a: Self::F4, b: Self::F4) -> Self::F4;
    /// Lane-wise `a · b` (never fused with an add).
    fn mul(a: Self::F4, b: Self::F4) -> Self::F4;
    /// The eight lanes of `(a0, a1)` summed as `((l0+l4)+(l1+l5)) + ((l2+l6)+(l3+l7))`.
    fn fold(a0: Self::F4, a1: Self::F4) -> f32;
    /// Four rows' `(a0, a1)` pairs folded at once: lane `r` equals [`Lanes::fold`] of row `r`,
    /// bit for bit.
    fn fold4(
        a: (Self::F4, Self::F4),
        b: (Self::F4, Self::F4),
        c: (Self::F4, Self::F4),
        d: (Self::F4, Self::F4),
    ) -> Self::F4;

    /// All-zero i32 lanes.
    fn izero() -> Self::I4;
    /// Loads sixteen i8 from `p` (unaligned) and widens them.
    ///
    /// # Safety
    /// `p` must point to sixteen readable bytes.
    unsafe fn load_wide(p: *const i8) -> Self::W;
    /// Exact products of two widened vectors, summed pairwise into four i32 lanes, added to `acc`.
    fn dot_wide(acc: Self::I4, x: Self::W, y: Self::W) -> Self::I4;
    /// Sum of the four i32 lanes.
    fn hsum(v: Self::I4) -> i32;
}
