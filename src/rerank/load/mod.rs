//! Loaders for item embeddings the page downloaded: `.npy`, `.safetensors` and raw little-endian
//! f32. Every loader validates the whole input — magic, header, dtype, shape, byte counts and
//! finiteness — and answers with [`Error::Corrupt`] (bad bytes) or [`Error::InvalidArgument`] (a
//! valid file that does not fit the request), never a panic.

mod f16;
mod npy;
mod raw;
pub(crate) mod safetensors;

pub use f16::f16_to_f32;
pub use npy::load_npy;
pub use raw::load_raw_f32;
pub use safetensors::{load_safetensors, safetensors_names};

use crate::error::{Error, Result};
use crate::num::Num;

/// Largest embedding dimension accepted (keeps int8 sums exact, see
/// [`crate::compute::kernels::MAX_I8_DIM`]).
pub const MAX_DIM: usize = crate::compute::kernels::MAX_I8_DIM;

/// Values of a loaded matrix.
#[derive(Debug, Clone, PartialEq)]
pub enum Values {
    /// f32 values (f16 files are widened to f32).
    F32(Vec<f32>),
    /// int8 values (safetensors `I8`), to be paired with per-row scales.
    I8(Vec<i8>),
}

/// A row-major matrix read from a file.
#[derive(Debug, Clone, PartialEq)]
pub struct LoadedMatrix {
    /// Number of rows (items).
    pub rows: usize,
    /// Number of columns (embedding dimension).
    pub cols: usize,
    /// The values, `rows × cols`.
    pub values: Values,
}

/// Element types the loaders decode.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Dtype {
    F32,
    F16,
    I8,
}

impl Dtype {
    pub(crate) fn size(self) -> usize {
        match self {
            Dtype::F32 => 4,
            Dtype::F16 => 2,
            Dtype::I8 => 1,
        }
    }
}

/// Decodes `rows × cols` little-endian values of `dtype` from exactly `bytes`, checking counts and
/// finiteness. `what` names the file kind in errors.
pub(crate) fn decode(
    what: &str,
    bytes: &[u8],
    dtype: Dtype,
    rows: usize,
    cols: usize,
) -> Result<LoadedMatrix> {
    if cols == 0 || rows == 0 {
        return Err(Error::corrupt(
            what,
            format!("shape ({rows}, {cols}) has no values; expected at least one item and one dimension"),
        ));
    }
    if cols > MAX_DIM {
        return Err(Error::corrupt(
            what,
            format!("dimension {cols} is above the supported maximum {MAX_DIM}"),
        ));
    }
    let n = rows
        .checked_mul(cols)
        .and_then(|n| n.checked_mul(dtype.size()).map(|b| (n, b)));
    let Some((n, nbytes)) = n else {
        return Err(Error::corrupt(
            what,
            format!("shape ({rows}, {cols}) is too large"),
        ));
    };
    if bytes.len() != nbytes {
        return Err(Error::corrupt(
            what,
            format!(
                "shape ({rows}, {cols}) needs {nbytes} data bytes, the file has {}",
                bytes.len()
            ),
        ));
    }
    let values = match dtype {
        Dtype::F32 => Values::F32(
            bytes
                .chunks_exact(4)
                .map(|c| f32::from_le_bytes([c[0], c[1], c[2], c[3]]))
                .collect(),
        ),
        Dtype::F16 => Values::F32(
            bytes
                .chunks_exact(2)
                .map(|c| f16_to_f32(u16::from_le_bytes([c[0], c[1]])))
                .collect(),
        ),
        Dtype::I8 => Values::I8(bytes.iter().map(|&b| b as i8).collect()),
    };
    if let Values::F32(v) = &values {
        debug_assert_eq!(v.len(), n);
        if let Some(i) = v.iter().position(|x| !x.is_finite()) {
            return Err(Error::corrupt(
                what,
                format!(
                    "value {} at row {}, column {} is not finite",
                    Num::from(v[i]),
                    i / cols,
                    i % cols
                ),
            ));
        }
    }
    Ok(LoadedMatrix { rows, cols, values })
}
