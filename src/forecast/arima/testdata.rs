//! Test data shared by ARIMA's unit tests (a leaf: it imports nothing from the crate).

/// `n` draws of a deterministic, roughly Gaussian noise (sums of 12 uniforms, centred).
pub(crate) fn noise(n: usize, seed: u64) -> Vec<f64> {
    let mut s = seed;
    (0..n)
        .map(|_| {
            (0..12)
                .map(|_| {
                    s = s
                        .wrapping_mul(6364136223846793005)
                        .wrapping_add(1442695040888963407);
                    (s >> 11) as f64 / (1u64 << 53) as f64
                })
                .sum::<f64>()
                - 6.0
        })
        .collect()
}
