//! How GPU work is cut and packed — the leaf every kernel file shares: the item block size,
//! the dispatch limit, the user-batch × item-chunk [`Plan`], the packed item operand and the
//! top-k block sizes.

use super::pool;
use crate::compute::{Items, Matrix};

/// Chunks of items are aligned to this many (the largest top-k block of `topk.rs`).
pub(super) const BLOCK: usize = 4096;

/// Largest dispatch along one dimension that every WebGPU adapter allows.
pub(super) const MAX_GROUPS: usize = 65_535;
/// How a call is cut: `batch` users at a time; items in buffers of `per_buf` rows, scored in
/// chunks of at most `chunk` items that never straddle two buffers.
#[derive(Debug, Clone, Copy)]
pub(super) struct Plan {
    pub(super) batch: usize,
    pub(super) chunk: usize,
    pub(super) per_buf: usize,
}

impl Plan {
    /// Item ranges `(start, len)` of the score chunks, in order.
    pub(super) fn chunks(&self, n: usize) -> impl Iterator<Item = (usize, usize)> + '_ {
        (0..n).step_by(self.per_buf).flat_map(move |b| {
            let end = (b + self.per_buf).min(n);
            (b..end)
                .step_by(self.chunk)
                .map(move |s| (s, self.chunk.min(end - s)))
        })
    }
}

/// The item operand as packed for the GPU.
pub(super) enum Packed<'a> {
    F32(&'a Matrix<'a>),
    I8(&'a crate::compute::QuantMatrix<'a>),
}

impl<'a> Packed<'a> {
    /// The GPU form of `items`.
    pub(super) fn of(items: &'a Items<'a>) -> Self {
        match items {
            Items::F32(m) => Packed::F32(m),
            Items::I8(m) => Packed::I8(m),
        }
    }

    /// Whether the rows are int8 (with per-row scales).
    pub(super) fn is_int8(&self) -> bool {
        matches!(self, Packed::I8(_))
    }

    /// Bytes of one packed row as the matmul kernels read it: a `vec4<f32>` per 4 dims, or one
    /// `u32` of four int8 values per 4 dims.
    pub(super) fn row_bytes(&self) -> usize {
        let dim4 = self.cols().div_ceil(4);
        if self.is_int8() {
            dim4 * 4
        } else {
            dim4 * 16
        }
    }

    pub(super) fn rows(&self) -> usize {
        match self {
            Packed::F32(m) => m.rows(),
            Packed::I8(m) => m.rows(),
        }
    }

    pub(super) fn cols(&self) -> usize {
        match self {
            Packed::F32(m) => m.cols(),
            Packed::I8(m) => m.cols(),
        }
    }

    /// Rows `start..end` as GPU bytes (f32 / f16 vec4 rows, or packed int8 plus f32 scales).
    pub(super) fn pack(&self, start: usize, end: usize, f16: bool) -> (Vec<u8>, Option<Vec<u8>>) {
        let d = self.cols();
        let dim4 = d.div_ceil(4);
        match self {
            Packed::F32(m) => {
                let rows = m.data().get(start * d..end * d).unwrap_or(&[]);
                if f16 {
                    (pool::pack_f16(rows, d, dim4), None)
                } else {
                    (pool::pack_f32(rows, d, dim4), None)
                }
            }
            Packed::I8(m) => {
                let rows: Vec<i8> = (start..end).flat_map(|r| m.row(r).0.to_vec()).collect();
                let sc: Vec<f32> = (start..end).map(|r| m.row(r).1).collect();
                (pool::pack_i8(&rows, d, dim4), Some(pool::f32_bytes(&sc)))
            }
        }
    }
}

/// Largest block of scores one `topk.wgsl` thread selects from.
const MAX_BLOCK: usize = BLOCK;

/// Scores per top-k block for `kk` kept entries: 8·kk rounded up to a power of two, within
/// 1024..=4096, so the candidates read back (8 bytes each) take at most 1 byte per item, a
/// quarter of the scores they replace.
pub(super) fn block_for(kk: usize) -> usize {
    (8 * kk).next_power_of_two().clamp(1024, MAX_BLOCK)
}

/// Largest `k` selected on the GPU (`KMAX` of `topk.wgsl`: each thread keeps a private sorted
/// list of this many entries). Above it, scores are read back and selected on the CPU (same
/// results). Kept at 64: on Mesa lavapipe 22.3.6 (LLVM 15) some threads' candidate lists went
/// missing for k ≥ 127 on tie-heavy data (Chromium's SwiftShader was exact up to 129).
pub const GPU_TOPK_MAX: usize = 64;
