//! The uniform parameter block of every kernel, as `#[repr(C)]` structs that mirror the WGSL
//! `Params` of each shader field for field, and the writer that packs one block per dispatch
//! into the pooled params buffer.

use bytemuck::{Pod, Zeroable};

use crate::error::{Error, Result};

/// Bytes bound as each kernel's uniform parameter block (the largest `Params`, 8 u32).
pub(super) const PARAMS_BYTES: u64 = 32;
/// Spacing of parameter blocks in the params buffer (the uniform offset alignment).
pub(super) const PARAMS_STRIDE: u64 = 256;

/// `Params` of `matmul.wgsl` and `matmul_i8.wgsl`.
#[repr(C)]
#[derive(Debug, Clone, Copy, Default, Pod, Zeroable)]
pub(super) struct MatmulParams {
    /// Rows of U in this dispatch.
    pub users: u32,
    /// Items scored in this dispatch.
    pub items: u32,
    /// Padded dimension / 4.
    pub dim4: u32,
    /// First item row within the bound item buffer.
    pub item_offset: u32,
    /// Row stride of the score block, in floats.
    pub out_stride: u32,
    /// Column of the score block where this dispatch's first item goes.
    pub out_offset: u32,
    /// Padding to the WGSL struct's 32 bytes.
    pub _pad: [u32; 2],
}

/// `Params` of `topk.wgsl`.
#[repr(C)]
#[derive(Debug, Clone, Copy, Default, Pod, Zeroable)]
pub(super) struct TopkParams {
    /// Rows of the score block.
    pub rows: u32,
    /// Valid columns of the score block.
    pub cols: u32,
    /// Row stride of the score buffer, in floats.
    pub stride: u32,
    /// Entries kept per block (≤ `KMAX`).
    pub k: u32,
    /// Item index of column 0.
    pub index_offset: u32,
    /// Blocks per row in the output (whole catalog).
    pub out_blocks: u32,
    /// Output block of this dispatch's block 0.
    pub out_block0: u32,
    /// Scores per block.
    pub block: u32,
}

/// `Params` of `kmeans_assign.wgsl`.
#[repr(C)]
#[derive(Debug, Clone, Copy, Default, Pod, Zeroable)]
pub(super) struct AssignParams {
    /// Points in this dispatch.
    pub points: u32,
    /// Centroids.
    pub centroids: u32,
    /// Padded dimension / 4.
    pub dim4: u32,
    /// Threads per dispatch row (workgroups in x · 64), for 2-D dispatches.
    pub row_width: u32,
    /// First point of this dispatch.
    pub first: u32,
    /// Padding to the WGSL struct's 32 bytes.
    pub _pad: [u32; 3],
}

/// `Params` of `kmeans_sums.wgsl`.
#[repr(C)]
#[derive(Debug, Clone, Copy, Default, Pod, Zeroable)]
pub(super) struct SumsParams {
    /// Points in this dispatch.
    pub points: u32,
    /// Centroids.
    pub centroids: u32,
    /// Padded dimension / 4.
    pub dim4: u32,
    /// First point of this dispatch.
    pub offset: u32,
}

/// Writes parameter blocks, one per dispatch, into the pooled params buffer.
pub(super) struct ParamWriter {
    /// The blocks, each at a multiple of [`PARAMS_STRIDE`].
    pub(super) data: Vec<u8>,
}

impl ParamWriter {
    /// An empty writer.
    pub(super) fn new() -> Self {
        ParamWriter { data: Vec::new() }
    }

    /// Appends one block; returns its byte offset.
    pub(super) fn push<P: Pod>(&mut self, block: P) -> u64 {
        const { assert!(std::mem::size_of::<P>() as u64 <= PARAMS_BYTES) };
        let off = self.data.len() as u64;
        self.data.extend_from_slice(bytemuck::bytes_of(&block));
        self.data.resize((off + PARAMS_STRIDE) as usize, 0);
        off
    }
}

/// Converts a size to u32 for a shader parameter, with a clear error when it does not fit.
pub(super) fn u32_of(arg: &str, v: usize) -> Result<u32> {
    u32::try_from(v).map_err(|_| Error::invalid(arg, "a size below 2^32", v))
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Each struct's size is its WGSL `Params`' size (uniform layout: u32 fields, no gaps).
    #[test]
    fn blocks_have_the_wgsl_sizes_and_field_order() {
        assert_eq!(std::mem::size_of::<MatmulParams>(), 32);
        assert_eq!(std::mem::size_of::<TopkParams>(), 32);
        assert_eq!(std::mem::size_of::<AssignParams>(), 32);
        assert_eq!(std::mem::size_of::<SumsParams>(), 16);
        let mut w = ParamWriter::new();
        let off = w.push(TopkParams {
            rows: 1,
            cols: 2,
            stride: 3,
            k: 4,
            index_offset: 5,
            out_blocks: 6,
            out_block0: 7,
            block: 8,
        });
        assert_eq!(off, 0);
        assert_eq!(w.push(SumsParams::default()), PARAMS_STRIDE);
        let words: Vec<u32> = w.data[..32]
            .chunks_exact(4)
            .map(|b| u32::from_le_bytes([b[0], b[1], b[2], b[3]]))
            .collect();
        assert_eq!(words, [1, 2, 3, 4, 5, 6, 7, 8]);
    }

    /// The WGSL sources declare the fields these structs write, in this order.
    #[test]
    fn wgsl_params_list_the_same_fields() {
        let fields = |src: &str| -> Vec<String> {
            let start = src.find("struct Params {").expect("a Params struct");
            let body = &src[start + 15..];
            let body = &body[..body.find('}').expect("closing brace")];
            body.lines()
                .filter_map(|l| l.trim().split(':').next())
                .map(str::trim)
                .filter(|f| !f.is_empty() && !f.starts_with("//") && !f.starts_with("_pad"))
                .map(String::from)
                .collect()
        };
        let mm = [
            "users",
            "items",
            "dim4",
            "item_offset",
            "out_stride",
            "out_offset",
        ];
        assert_eq!(fields(include_str!("matmul.wgsl")), mm);
        assert_eq!(fields(include_str!("matmul_i8.wgsl")), mm);
        let topk = [
            "rows",
            "cols",
            "stride",
            "k",
            "index_offset",
            "out_blocks",
            "out_block0",
            "block",
        ];
        assert_eq!(fields(include_str!("topk.wgsl")), topk);
        let assign = ["points", "centroids", "dim4", "row_width", "first"];
        assert_eq!(fields(include_str!("kmeans_assign.wgsl")), assign);
        assert_eq!(
            fields(include_str!("kmeans_sums.wgsl")),
            ["points", "centroids", "dim4", "offset"]
        );
    }
}
