//! Raw little-endian f32 bytes (a JS `Float32Array`'s buffer) plus the embedding dimension.

use super::{decode, Dtype, LoadedMatrix};
use crate::error::{Error, Result};

/// Reads `bytes` as row-major little-endian f32 with `dim` values per row.
pub fn load_raw_f32(bytes: &[u8], dim: usize) -> Result<LoadedMatrix> {
    if dim == 0 {
        return Err(Error::invalid("dim", "an integer >= 1", 0));
    }
    if bytes.len() % 4 != 0 {
        return Err(Error::corrupt(
            "raw f32 embeddings",
            format!("{} bytes is not a whole number of f32 values", bytes.len()),
        ));
    }
    let n = bytes.len() / 4;
    if n % dim != 0 {
        return Err(Error::invalid(
            "dim",
            format!("a divisor of the value count {n}"),
            dim,
        ));
    }
    decode("raw f32 embeddings", bytes, Dtype::F32, n / dim, dim)
}

#[cfg(test)]
mod tests {
    use super::super::Values;
    use super::*;

    fn bytes(v: &[f32]) -> Vec<u8> {
        v.iter().flat_map(|x| x.to_le_bytes()).collect()
    }

    #[test]
    fn reads_rows_and_rejects_bad_input() {
        let m = load_raw_f32(&bytes(&[1.0, 2.0, 3.0, 4.0, 5.0, 6.0]), 3).unwrap();
        assert_eq!((m.rows, m.cols), (2, 3));
        assert_eq!(m.values, Values::F32(vec![1.0, 2.0, 3.0, 4.0, 5.0, 6.0]));
        let e = load_raw_f32(&bytes(&[1.0, 2.0, 3.0]), 2)
            .unwrap_err()
            .to_string();
        assert!(
            e.contains("`dim`") && e.contains("divisor of the value count 3"),
            "{e}"
        );
        assert!(load_raw_f32(&[0, 0, 0], 1)
            .unwrap_err()
            .to_string()
            .contains("3 bytes"));
        assert!(load_raw_f32(&[], 4).is_err());
        assert!(load_raw_f32(&bytes(&[1.0]), 0).is_err());
        let e = load_raw_f32(&bytes(&[1.0, f32::NAN]), 1)
            .unwrap_err()
            .to_string();
        assert!(e.contains("row 1, column 0 is not finite"), "{e}");
    }
}
