//! An online logistic learner: FTRL-proximal (McMahan et al., "Ad click prediction: a view from
//! the trenches", KDD 2013), one example at a time in fixed memory (two numbers per feature).
//!
//! The weights are implicit: `wᵢ = 0` when `|zᵢ| <= λ₁`, else
//! `wᵢ = −(zᵢ − sign(zᵢ)·λ₁) / ((β + √nᵢ)/α + λ₂)`. The intercept is one more coordinate with
//! no penalty. State round-trips through [`Ftrl::to_bytes`] / [`Ftrl::from_bytes`].

use super::{check_values, log1p_exp, sigmoid};
use crate::error::{Error, Result};
use crate::limits::{self, check_count};

/// Unchecked FTRL-proximal parameters; [`FtrlParams::check`] validates them.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct FtrlParams {
    /// Learning-rate scale `α` (> 0).
    pub alpha: f64,
    /// Learning-rate smoothing `β` (>= 0).
    pub beta: f64,
    /// L1 strength `λ₁` (>= 0): larger gives sparser weights.
    pub l1: f64,
    /// L2 strength `λ₂` (>= 0).
    pub l2: f64,
}

impl Default for FtrlParams {
    fn default() -> Self {
        FtrlParams {
            alpha: 0.1,
            beta: 1.0,
            l1: 0.0,
            l2: 1.0,
        }
    }
}

impl FtrlParams {
    /// Validates the parameters (named as the JS options `alpha`, `beta`, `l1`, `l2`).
    pub fn check(self) -> Result<Self> {
        if !(self.alpha.is_finite() && self.alpha > 0.0) {
            return Err(Error::invalid("alpha", "a finite number > 0", self.alpha));
        }
        for (arg, v) in [("beta", self.beta), ("l1", self.l1), ("l2", self.l2)] {
            if !(v.is_finite() && v >= 0.0) {
                return Err(Error::invalid(arg, "a finite number >= 0", v));
            }
        }
        Ok(self)
    }
}

/// An FTRL-proximal logistic learner over `dim` features plus an intercept.
#[derive(Debug, Clone, PartialEq)]
pub struct Ftrl {
    params: FtrlParams,
    /// Per coordinate (features, then the intercept): `z`.
    z: Vec<f64>,
    /// Per coordinate: the sum of squared gradients `n`.
    n: Vec<f64>,
    /// Examples seen.
    seen: u64,
    /// Sum of the log losses of the predictions made before each update (progressive validation).
    loss_sum: f64,
}

const MAGIC: &[u8; 8] = b"EWFTRL01";

impl Ftrl {
    /// A fresh learner over `dim` features (argument `dim`, 1..=[`limits::MAX_FEATURES`]).
    pub fn new(dim: usize, params: FtrlParams) -> Result<Self> {
        check_count("dim", dim, 1, limits::MAX_FEATURES)?;
        let params = params.check()?;
        Ok(Ftrl {
            params,
            z: vec![0.0; dim + 1],
            n: vec![0.0; dim + 1],
            seen: 0,
            loss_sum: 0.0,
        })
    }

    /// The number of features.
    pub fn dim(&self) -> usize {
        self.z.len() - 1
    }

    /// The parameters.
    pub fn params(&self) -> FtrlParams {
        self.params
    }

    /// Examples seen so far.
    pub fn seen(&self) -> u64 {
        self.seen
    }

    /// Mean progressive log loss: each example's loss under the model before it was learned
    /// (0 before the first example).
    pub fn progressive_log_loss(&self) -> f64 {
        if self.seen == 0 {
            0.0
        } else {
            self.loss_sum / self.seen as f64
        }
    }

    fn weight(&self, i: usize) -> f64 {
        let p = &self.params;
        let intercept = i == self.dim();
        let (l1, l2) = if intercept { (0.0, 0.0) } else { (p.l1, p.l2) };
        let z = self.z[i];
        if z.abs() <= l1 {
            0.0
        } else {
            -(z - z.signum() * l1) / ((p.beta + self.n[i].sqrt()) / p.alpha + l2)
        }
    }

    /// The current weights (one per feature) and intercept.
    pub fn weights(&self) -> (Vec<f64>, f64) {
        let w = (0..self.dim()).map(|i| self.weight(i)).collect();
        (w, self.weight(self.dim()))
    }

    fn check_row(&self, x: &[f64]) -> Result<()> {
        if x.len() != self.dim() {
            return Err(Error::invalid(
                "features",
                format!("{} values", self.dim()),
                format!("{} values", x.len()),
            ));
        }
        check_values("features", x)
    }

    fn margin(&self, x: &[f64]) -> f64 {
        x.iter()
            .enumerate()
            .filter(|(_, v)| **v != 0.0)
            .map(|(i, v)| v * self.weight(i))
            .sum::<f64>()
            + self.weight(self.dim())
    }

    /// The probability of label 1 for one example of `dim` features.
    pub fn predict(&self, x: &[f64]) -> Result<f64> {
        self.check_row(x)?;
        Ok(sigmoid(self.margin(x)))
    }

    /// Learns one example (`label` 0 or 1) and returns the probability predicted before the
    /// update. Nothing changes when an argument is refused.
    pub fn update(&mut self, x: &[f64], label: f64) -> Result<f64> {
        self.check_row(x)?;
        let y = match label {
            0.0 => 0.0,
            1.0 => 1.0,
            _ => return Err(Error::invalid("label", "0 or 1", label)),
        };
        let z = self.margin(x);
        let p = sigmoid(z);
        self.loss_sum += log1p_exp(z) - y * z;
        self.seen += 1;
        let residual = p - y;
        let dim = self.dim();
        for i in (0..=dim).filter(|&i| i == dim || x[i] != 0.0) {
            let xi = if i == dim { 1.0 } else { x[i] };
            let g = residual * xi;
            let w = self.weight(i);
            let sigma = ((self.n[i] + g * g).sqrt() - self.n[i].sqrt()) / self.params.alpha;
            self.z[i] += g - sigma * w;
            self.n[i] += g * g;
        }
        Ok(p)
    }

    /// The state as bytes: magic, dimension, parameters, counters, then `z` and `n` (little-endian).
    pub fn to_bytes(&self) -> Vec<u8> {
        let mut out = Vec::with_capacity(8 + 8 * (7 + 2 * self.z.len()));
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&(self.dim() as u64).to_le_bytes());
        let p = self.params;
        for v in [p.alpha, p.beta, p.l1, p.l2] {
            out.extend_from_slice(&v.to_le_bytes());
        }
        out.extend_from_slice(&self.seen.to_le_bytes());
        out.extend_from_slice(&self.loss_sum.to_le_bytes());
        for v in self.z.iter().chain(&self.n) {
            out.extend_from_slice(&v.to_le_bytes());
        }
        out
    }

    /// Restores a learner saved by [`Ftrl::to_bytes`]; refuses truncated or altered bytes.
    pub fn from_bytes(bytes: &[u8]) -> Result<Self> {
        let bad = |reason: &str| Error::corrupt("FTRL state", reason);
        if bytes.len() < 64 || &bytes[..8] != MAGIC {
            return Err(bad("not an edgewise FTRL state (wrong header)"));
        }
        let word = |i: usize| -> [u8; 8] {
            let mut b = [0u8; 8];
            b.copy_from_slice(&bytes[8 + 8 * i..16 + 8 * i]);
            b
        };
        let dim = u64::from_le_bytes(word(0));
        if dim == 0 || dim > limits::MAX_FEATURES as u64 {
            return Err(bad("dimension out of range"));
        }
        let dim = dim as usize;
        if bytes.len() != 64 + 16 * (dim + 1) {
            return Err(bad("length does not match the dimension"));
        }
        let f = |i: usize| f64::from_le_bytes(word(i));
        let params = FtrlParams {
            alpha: f(1),
            beta: f(2),
            l1: f(3),
            l2: f(4),
        }
        .check()
        .map_err(|_| bad("invalid parameters"))?;
        let seen = u64::from_le_bytes(word(5));
        let loss_sum = f(6);
        let z: Vec<f64> = (0..=dim).map(|i| f(7 + i)).collect();
        let n: Vec<f64> = (0..=dim).map(|i| f(8 + dim + i)).collect();
        if !(loss_sum.is_finite() && loss_sum >= 0.0)
            || z.iter().any(|v| !v.is_finite())
            || n.iter().any(|v| !(v.is_finite() && *v >= 0.0))
        {
            return Err(bad("non-finite or negative values"));
        }
        Ok(Ftrl {
            params,
            z,
            n,
            seen,
            loss_sum,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn learns_a_separating_direction_and_round_trips() {
        let mut f = Ftrl::new(2, FtrlParams::default()).unwrap();
        for t in 0..2000 {
            let a = ((t * 37) % 101) as f64 / 50.0 - 1.0;
            let b = ((t * 53) % 97) as f64 / 48.0 - 1.0;
            f.update(&[a, b], f64::from(u8::from(a > 0.0))).unwrap();
        }
        let (w, _) = f.weights();
        assert!(w[0] > 1.0 && w[1].abs() < w[0] / 3.0, "{w:?}");
        assert!(f.predict(&[0.8, 0.0]).unwrap() > 0.8);
        assert!(f.progressive_log_loss() < 0.5);
        let g = Ftrl::from_bytes(&f.to_bytes()).unwrap();
        assert_eq!(f, g);
        let mut bytes = f.to_bytes();
        bytes.pop();
        assert!(Ftrl::from_bytes(&bytes).is_err());
        assert!(Ftrl::from_bytes(b"nonsense").is_err());
    }

    #[test]
    fn refused_updates_leave_the_state_unchanged() {
        let mut f = Ftrl::new(2, FtrlParams::default()).unwrap();
        f.update(&[1.0, 0.0], 1.0).unwrap();
        let before = f.clone();
        assert!(f
            .update(&[1.0], 1.0)
            .unwrap_err()
            .to_string()
            .contains("`features`"));
        assert!(f.update(&[1.0, f64::NAN], 1.0).is_err());
        assert!(f.update(&[1.0, -1e101], 1.0).is_err());
        assert!(f
            .update(&[1.0, 0.0], 0.5)
            .unwrap_err()
            .to_string()
            .contains("`label`"));
        assert_eq!(f, before);
        assert!(Ftrl::new(0, FtrlParams::default()).is_err());
        let bad = FtrlParams {
            alpha: -1.0,
            ..Default::default()
        };
        assert!(Ftrl::new(2, bad)
            .unwrap_err()
            .to_string()
            .contains("`alpha`"));
    }

    #[test]
    fn strong_l1_keeps_weights_at_zero() {
        let params = FtrlParams {
            l1: 1e6,
            ..Default::default()
        };
        let mut f = Ftrl::new(3, params).unwrap();
        for t in 0..100 {
            f.update(&[1.0, -1.0, 0.5], f64::from(t % 2)).unwrap();
        }
        assert_eq!(f.weights().0, vec![0.0; 3]);
    }
}
