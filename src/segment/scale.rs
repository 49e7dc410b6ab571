//! Per-feature standardization (z-scores), as scikit-learn's `StandardScaler`.

use crate::error::{check, Error, Result};
use serde::Serialize;

/// Column means and scales learned from a row-major `n × dim` matrix.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Standardizer {
    /// Mean of each feature.
    pub mean: Vec<f64>,
    /// Population standard deviation of each feature (1 where a feature is constant).
    pub scale: Vec<f64>,
}

impl Standardizer {
    /// Learns means and population standard deviations of each column.
    pub fn fit(data: &[f64], dim: usize) -> Result<Self> {
        let n = check_matrix(data, dim)?;
        let mut mean = vec![0.0; dim];
        for row in data.chunks_exact(dim) {
            for (m, &x) in mean.iter_mut().zip(row) {
                *m += x;
            }
        }
        mean.iter_mut().for_each(|m| *m /= n as f64);
        let mut var = vec![0.0; dim];
        for row in data.chunks_exact(dim) {
            for ((v, &x), m) in var.iter_mut().zip(row).zip(&mean) {
                *v += (x - m) * (x - m);
            }
        }
        let scale = var
            .iter()
            .map(|v| {
                let s = (v / n as f64).sqrt();
                if s > 0.0 {
                    s
                } else {
                    1.0
                }
            })
            .collect();
        Ok(Standardizer { mean, scale })
    }

    /// Number of features.
    pub fn dim(&self) -> usize {
        self.mean.len()
    }

    /// (x − mean) / scale per column.
    pub fn transform(&self, data: &[f64]) -> Result<Vec<f64>> {
        self.per_column(data, |x, m, s| (x - m) / s)
    }

    /// Undoes [`Standardizer::transform`] (e.g. to show centroids in original units).
    pub fn inverse_transform(&self, data: &[f64]) -> Result<Vec<f64>> {
        self.per_column(data, |z, m, s| z * s + m)
    }

    /// `f(value, mean, scale)` for every value of `data` (rows of [`Standardizer::dim`]), checked.
    fn per_column(&self, data: &[f64], f: impl Fn(f64, f64, f64) -> f64) -> Result<Vec<f64>> {
        check_matrix(data, self.dim())?;
        Ok(data
            .chunks_exact(self.dim())
            .flat_map(|row| {
                row.iter()
                    .zip(&self.mean)
                    .zip(&self.scale)
                    .map(|((&x, &m), &s)| f(x, m, s))
            })
            .collect())
    }
}

fn check_matrix(data: &[f64], dim: usize) -> Result<usize> {
    if dim == 0 {
        return Err(Error::invalid("dim", "an integer >= 1", 0));
    }
    check::non_empty("data", data)?;
    if data.len() % dim != 0 {
        return Err(Error::invalid(
            "data",
            format!("a length that is a multiple of dim ({dim})"),
            format!("{} values", data.len()),
        ));
    }
    check::finite("data", data)?;
    Ok(data.len() / dim)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn standardizes_and_inverts() {
        let data = [1.0, 5.0, 3.0, 5.0];
        let s = Standardizer::fit(&data, 2).unwrap();
        assert_eq!(s.mean, vec![2.0, 5.0]);
        assert_eq!(s.scale, vec![1.0, 1.0]); // population sd of [1, 3] is 1; constant → 1
        let z = s.transform(&data).unwrap();
        assert_eq!(z, vec![-1.0, 0.0, 1.0, 0.0]);
        assert_eq!(s.inverse_transform(&z).unwrap(), data.to_vec());
        assert!(s.transform(&[1.0, 2.0, 3.0]).is_err());
        assert!(Standardizer::fit(&[], 2).is_err());
        assert!(Standardizer::fit(&[1.0, f64::INFINITY], 2).is_err());
        assert!(Standardizer::fit(&[1.0], 0).is_err());
    }
}
