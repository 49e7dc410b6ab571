//! A buffer whose values start on a cache-line boundary, for the large matrices the kernels scan.
//!
//! The SIMD kernels read 16 bytes at a time. A `Vec<f32>` is only 4- or 8-byte aligned, and where
//! a large one lands depends on everything allocated before it, so a catalog could start 8 bytes
//! off a 16-byte boundary; then a quarter of its loads straddle two cache lines, and a 50,000 ×
//! 100 scan in wasm was 1.1–1.2× slower by chance of the heap (`benches/results/rerank_wasm.md`).
//! [`Aligned`] puts the first value on a 64-byte boundary, whatever the allocator did.

use std::ops::Deref;

/// The alignment of the first value, in bytes (a cache line).
pub const ALIGN: usize = 64;

/// Values held in a `Vec` whose slice starts `start` elements in, on an [`ALIGN`]-byte boundary
/// (at the allocator's start when it already is). Reads as a plain slice.
#[derive(Debug)]
pub struct Aligned<T> {
    buf: Vec<T>,
    start: usize,
}

/// Elements to skip from `ptr` to the next [`ALIGN`]-byte boundary (0 when already on one).
fn skip<T>(ptr: *const T) -> usize {
    let size = std::mem::size_of::<T>().max(1);
    (ALIGN - ptr as usize % ALIGN) % ALIGN / size
}

impl<T: Copy + Default> Aligned<T> {
    /// Takes `values` as they are when they already start on the boundary; otherwise moves them
    /// up, within the same allocation (grown by less than one cache line), to the first boundary.
    pub fn new(mut values: Vec<T>) -> Self {
        let len = values.len();
        if len == 0 || skip(values.as_ptr()) == 0 {
            return Aligned {
                buf: values,
                start: 0,
            };
        }
        values.reserve_exact(ALIGN / std::mem::size_of::<T>().max(1));
        // The allocation may have moved: measure again. `reserve_exact` left room for any skip.
        let start = skip(values.as_ptr());
        values.resize(len + start, T::default());
        values.copy_within(..len, start);
        Aligned { buf: values, start }
    }
}

impl<T> Aligned<T> {
    /// The values.
    pub fn as_slice(&self) -> &[T] {
        self.buf.get(self.start..).unwrap_or(&[])
    }
}

impl<T> Deref for Aligned<T> {
    type Target = [T];

    fn deref(&self) -> &[T] {
        self.as_slice()
    }
}

impl<T: Copy + Default> Clone for Aligned<T> {
    /// A copy that is aligned too (a cloned `Vec` could land anywhere).
    fn clone(&self) -> Self {
        Aligned::new(self.as_slice().to_vec())
    }
}

impl<T: PartialEq> PartialEq for Aligned<T> {
    fn eq(&self, other: &Self) -> bool {
        self.as_slice() == other.as_slice()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn values_start_on_the_boundary_and_are_unchanged() {
        // Vectors of many sizes, allocated among others so their starts vary.
        let mut keep = Vec::new();
        for n in [1usize, 3, 7, 16, 100, 1000, 4097] {
            for pad in 0..6 {
                keep.push(vec![0u8; pad * 4 + 1]);
                let v: Vec<f32> = (0..n).map(|i| i as f32 * 0.5 - 3.0).collect();
                let a = Aligned::new(v.clone());
                assert_eq!(a.as_ptr() as usize % ALIGN, 0, "n = {n}");
                assert_eq!(&*a, &v[..]);
                let c = a.clone();
                assert_eq!(c.as_ptr() as usize % ALIGN, 0);
                assert_eq!(c, a);
                let q: Vec<i8> = (0..n).map(|i| (i % 251) as i8).collect();
                let b = Aligned::new(q.clone());
                assert_eq!(b.as_ptr() as usize % ALIGN, 0);
                assert_eq!(&*b, &q[..]);
            }
        }
        assert!(Aligned::<f32>::new(Vec::new()).is_empty());
    }
}
