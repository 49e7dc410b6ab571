//! Symmetric int8 quantization with one scale per row: `x ≈ scale · q`, `q ∈ [-127, 127]`,
//! `scale = max|x| / 127` (0 for an all-zero row).

/// Quantizes `row` into `out` (same length) and returns the row's scale. Non-finite inputs are the
/// caller's responsibility (stores validate before quantizing).
pub fn quantize_row(row: &[f32], out: &mut [i8]) -> f32 {
    let max = row.iter().fold(0f32, |m, v| m.max(v.abs()));
    if max == 0.0 || !max.is_finite() {
        out.iter_mut().for_each(|q| *q = 0);
        return 0.0;
    }
    let scale = max / 127.0;
    let inv = 127.0 / max;
    for (q, &v) in out.iter_mut().zip(row) {
        *q = (v * inv).round().clamp(-127.0, 127.0) as i8;
    }
    scale
}

/// Quantizes a row-major `rows × cols` matrix; returns the int8 values and per-row scales.
pub fn quantize_rows(data: &[f32], cols: usize) -> (Vec<i8>, Vec<f32>) {
    if cols == 0 {
        return (Vec::new(), Vec::new());
    }
    let mut q = vec![0i8; data.len()];
    let scales = data
        .chunks(cols)
        .zip(q.chunks_mut(cols))
        .map(|(r, o)| quantize_row(r, o))
        .collect();
    (q, scales)
}

/// Restores approximate f32 values of one quantized row.
pub fn dequantize_row(q: &[i8], scale: f32) -> Vec<f32> {
    q.iter().map(|&v| f32::from(v) * scale).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn round_trip_error_is_at_most_half_a_step() {
        let row = [0.5f32, -1.27, 0.0, 1.0, -0.003];
        let mut q = [0i8; 5];
        let s = quantize_row(&row, &mut q);
        assert!((s - 0.01).abs() < 1e-7);
        assert_eq!(q[1], -127);
        for (x, y) in row.iter().zip(dequantize_row(&q, s)) {
            assert!((x - y).abs() <= s / 2.0 + 1e-7);
        }
        let (q, s) = quantize_rows(&[0.0, 0.0, 2.0, -4.0], 2);
        assert_eq!(s, vec![0.0, 4.0 / 127.0]);
        assert_eq!(q, vec![0, 0, 64, -127]);
    }
}
