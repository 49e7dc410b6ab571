//! Batch logistic regression with scikit-learn's objective and optimum.
//!
//! Minimises `C · Σ sᵢ · logloss(yᵢ, σ(xᵢ·w + b)) + α‖w‖₁ + (1 − α)/2 ‖w‖²` (α = `l1_ratio`,
//! `sᵢ` = sample weight × class weight), with the intercept `b` unpenalised, exactly as
//! scikit-learn's `LogisticRegression(C, l1_ratio, class_weight)`. The solver is a (proximal)
//! Newton method: each step minimises the local quadratic model plus the L1 term (a Cholesky solve
//! when α = 0, cyclic coordinate descent otherwise), followed by a backtracking line search, until
//! the optimality conditions hold to `tol`. Memory is `O(n·d + d²)`: `d` is bounded by
//! [`MAX_FEATURES`](crate::limits::MAX_FEATURES).

use super::{check_labels, check_matrix, log1p_exp, sigmoid};
use crate::error::{Error, Result};
use crate::limits::{self, check_count};

/// How the two classes are weighted in the loss.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub enum ClassWeight {
    /// Every example weighs its sample weight.
    #[default]
    Equal,
    /// scikit-learn's `"balanced"`: class `c` weighs `n / (2 · n_c)`.
    Balanced,
    /// Explicit weights of the negative (label 0) and positive (label 1) class.
    Weights {
        /// Weight of label 0.
        negative: f64,
        /// Weight of label 1.
        positive: f64,
    },
}

/// Unchecked parameters of a logistic regression; [`LogisticParams::check`] validates them.
#[derive(Debug, Clone, PartialEq)]
pub struct LogisticParams {
    /// Inverse penalty strength `C` (> 0), as in scikit-learn.
    pub c: f64,
    /// Elastic-net mixing `α` in `[0, 1]`: 0 is L2 (ridge), 1 is L1 (lasso).
    pub l1_ratio: f64,
    /// Whether to fit an (unpenalised) intercept.
    pub fit_intercept: bool,
    /// Class weighting.
    pub class_weight: ClassWeight,
    /// Most Newton steps (1..=[`limits::MAX_ITERATIONS`]).
    pub max_iter: usize,
    /// Stop when every optimality condition (gradient of the objective scaled as scikit-learn's,
    /// or its distance to the L1 subdifferential) is below `tol` (> 0).
    pub tol: f64,
}

impl Default for LogisticParams {
    fn default() -> Self {
        LogisticParams {
            c: 1.0,
            l1_ratio: 0.0,
            fit_intercept: true,
            class_weight: ClassWeight::Equal,
            max_iter: 100,
            tol: 1e-10,
        }
    }
}

/// Checked logistic regression parameters, ready to [`fit`](Logistic::fit).
#[derive(Debug, Clone, PartialEq)]
pub struct Logistic {
    params: LogisticParams,
}

impl LogisticParams {
    /// Validates the parameters (names follow the JS options: `C`, `l1Ratio`, `maxIter`, …).
    pub fn check(self) -> Result<Logistic> {
        if !(self.c.is_finite() && self.c > 0.0) {
            return Err(Error::invalid("C", "a finite number > 0", self.c));
        }
        if !(0.0..=1.0).contains(&self.l1_ratio) {
            return Err(Error::invalid(
                "l1Ratio",
                "a number in [0, 1]",
                self.l1_ratio,
            ));
        }
        if let ClassWeight::Weights { negative, positive } = self.class_weight {
            for (arg, w) in [("classWeight[0]", negative), ("classWeight[1]", positive)] {
                if !(w > 0.0 && w <= super::MAX_ABS) {
                    return Err(Error::invalid(arg, "a number in (0, 1e100]", w));
                }
            }
        }
        check_count("maxIter", self.max_iter, 1, limits::MAX_ITERATIONS)?;
        if !(self.tol.is_finite() && self.tol > 0.0) {
            return Err(Error::invalid("tol", "a finite number > 0", self.tol));
        }
        Ok(Logistic { params: self })
    }
}

/// A fitted logistic regression.
#[derive(Debug, Clone, PartialEq)]
pub struct FittedLogistic {
    /// One coefficient per feature.
    pub coef: Vec<f64>,
    /// The intercept (0 when not fitted).
    pub intercept: f64,
    /// Newton steps taken.
    pub n_iter: usize,
    /// Whether the optimality conditions held to `tol` within `max_iter` steps.
    pub converged: bool,
    /// The largest optimality violation at the solution (scikit-learn's scale).
    pub kkt_violation: f64,
}

/// The data of one fit: rows, labels and per-example weights.
struct Problem<'a> {
    x: &'a [f64],
    d: usize,
    y: Vec<bool>,
    s: Vec<f64>,
    l1: f64,
    l2: f64,
    intercept: bool,
}

impl Problem<'_> {
    fn margin(&self, i: usize, theta: &[f64]) -> f64 {
        let row = &self.x[i * self.d..(i + 1) * self.d];
        let dot: f64 = row.iter().zip(theta).map(|(a, b)| a * b).sum();
        dot + if self.intercept { theta[self.d] } else { 0.0 }
    }

    /// The objective divided by `C`.
    fn objective(&self, theta: &[f64]) -> f64 {
        let loss: f64 = (0..self.y.len())
            .map(|i| {
                let z = self.margin(i, theta);
                self.s[i] * (log1p_exp(z) - if self.y[i] { z } else { 0.0 })
            })
            .sum();
        let w = &theta[..self.d];
        loss + 0.5 * self.l2 * w.iter().map(|v| v * v).sum::<f64>()
            + self.l1 * w.iter().map(|v| v.abs()).sum::<f64>()
    }

    /// Gradient and Hessian of the smooth part (loss + L2), size `m` and `m × m`.
    fn derivatives(&self, theta: &[f64]) -> (Vec<f64>, Vec<f64>) {
        let (d, m) = (self.d, theta.len());
        let mut g = vec![0.0; m];
        let mut h = vec![0.0; m * m];
        let mut row = vec![1.0; m];
        for i in 0..self.y.len() {
            row[..d].copy_from_slice(&self.x[i * d..(i + 1) * d]);
            let p = sigmoid(self.margin(i, theta));
            let r = self.s[i] * (p - f64::from(u8::from(self.y[i])));
            let c = self.s[i] * p * (1.0 - p);
            for a in 0..m {
                g[a] += r * row[a];
                let ca = c * row[a];
                if ca != 0.0 {
                    for b in a..m {
                        h[a * m + b] += ca * row[b];
                    }
                }
            }
        }
        for a in 0..m {
            for b in 0..a {
                h[a * m + b] = h[b * m + a];
            }
        }
        for j in 0..d {
            g[j] += self.l2 * theta[j];
            h[j * m + j] += self.l2;
        }
        (g, h)
    }

    /// Largest violation of the optimality conditions, scaled by `C` as scikit-learn's objective.
    fn violation(&self, g: &[f64], theta: &[f64], c: f64) -> f64 {
        g.iter()
            .enumerate()
            .map(|(j, &gj)| {
                if j >= self.d {
                    gj.abs()
                } else if theta[j] != 0.0 {
                    (gj + self.l1 * theta[j].signum()).abs()
                } else {
                    (gj.abs() - self.l1).max(0.0)
                }
            })
            .fold(0.0, f64::max)
            * c
    }
}

/// Solves `A x = b` for a symmetric positive definite `A` (`m × m`, overwritten); `None` when `A`
/// is not numerically positive definite.
fn cholesky_solve(a: &mut [f64], m: usize, b: &[f64]) -> Option<Vec<f64>> {
    for j in 0..m {
        let mut diag = a[j * m + j];
        for k in 0..j {
            diag -= a[j * m + k] * a[j * m + k];
        }
        if !(diag > 0.0 && diag.is_finite()) {
            return None;
        }
        let diag = diag.sqrt();
        a[j * m + j] = diag;
        for i in j + 1..m {
            let mut v = a[i * m + j];
            for k in 0..j {
                v -= a[i * m + k] * a[j * m + k];
            }
            a[i * m + j] = v / diag;
        }
    }
    let mut z = b.to_vec();
    for i in 0..m {
        for k in 0..i {
            z[i] -= a[i * m + k] * z[k];
        }
        z[i] /= a[i * m + i];
    }
    for i in (0..m).rev() {
        for k in i + 1..m {
            z[i] -= a[k * m + i] * z[k];
        }
        z[i] /= a[i * m + i];
    }
    Some(z)
}

/// The proximal Newton direction: argmin of `g·δ + ½ δᵀHδ + l1 ‖w + δ_w‖₁` by coordinate descent.
fn prox_direction(g: &[f64], h: &[f64], theta: &[f64], d: usize, l1: f64) -> Vec<f64> {
    let m = g.len();
    let mut delta = vec![0.0; m];
    let mut hd = vec![0.0; m];
    for _sweep in 0..10_000 {
        let mut largest: f64 = 0.0;
        for j in 0..m {
            let hjj = h[j * m + j];
            if hjj <= 0.0 {
                continue;
            }
            let old = theta[j] + delta[j];
            let target = old - (g[j] + hd[j]) / hjj;
            let new = if j < d {
                target.signum() * (target.abs() - l1 / hjj).max(0.0)
            } else {
                target
            };
            let step = new - old;
            if step != 0.0 {
                delta[j] += step;
                for (k, v) in hd.iter_mut().enumerate() {
                    *v += h[k * m + j] * step;
                }
                largest = largest.max(step.abs());
            }
        }
        if largest <= 1e-15 * (1.0 + theta.iter().fold(0.0_f64, |a, v| a.max(v.abs()))) {
            break;
        }
    }
    delta
}

impl Logistic {
    /// The checked parameters.
    pub fn params(&self) -> &LogisticParams {
        &self.params
    }

    /// Fits to the row-major `n × n_features` matrix `x` and 0/1 `labels`, with optional
    /// non-negative per-row `sample_weight`.
    pub fn fit(
        &self,
        x: &[f64],
        n_features: usize,
        labels: &[f64],
        sample_weight: Option<&[f64]>,
    ) -> Result<FittedLogistic> {
        check_count("nFeatures", n_features, 1, limits::MAX_FEATURES)?;
        let n = check_matrix("features", x, n_features)?;
        let y = check_labels("labels", labels, n)?;
        let positives = y.iter().filter(|&&v| v).count();
        if positives == 0 || positives == n {
            return Err(Error::invalid(
                "labels",
                "both classes (0 and 1) present",
                format!("only label {}", u8::from(positives == n)),
            ));
        }
        let mut s = match sample_weight {
            None => vec![1.0; n],
            Some(w) if w.len() != n => {
                return Err(Error::invalid(
                    "sampleWeight",
                    format!("{n} weights (one per row)"),
                    format!("{} weights", w.len()),
                ))
            }
            Some(w) => {
                if let Some(i) = w.iter().position(|v| !(*v >= 0.0 && *v <= super::MAX_ABS)) {
                    return Err(Error::invalid(
                        format!("sampleWeight[{i}]"),
                        "a number in [0, 1e100]",
                        w[i],
                    ));
                }
                w.to_vec()
            }
        };
        let (neg_w, pos_w) = match self.params.class_weight {
            ClassWeight::Equal => (1.0, 1.0),
            ClassWeight::Balanced => (
                n as f64 / (2.0 * (n - positives) as f64),
                n as f64 / (2.0 * positives as f64),
            ),
            ClassWeight::Weights { negative, positive } => (negative, positive),
        };
        for (si, &yi) in s.iter_mut().zip(&y) {
            *si *= if yi { pos_w } else { neg_w };
        }
        let p = &self.params;
        let problem = Problem {
            x,
            d: n_features,
            y,
            s,
            l1: p.l1_ratio / p.c,
            l2: (1.0 - p.l1_ratio) / p.c,
            intercept: p.fit_intercept,
        };
        let m = n_features + usize::from(p.fit_intercept);
        let mut theta = vec![0.0; m];
        let mut value = problem.objective(&theta);
        let mut n_iter = 0;
        let finish = |theta: &[f64], n_iter: usize, kkt: f64| FittedLogistic {
            coef: theta[..n_features].to_vec(),
            intercept: if p.fit_intercept {
                theta[n_features]
            } else {
                0.0
            },
            n_iter,
            converged: kkt <= p.tol,
            kkt_violation: kkt,
        };
        loop {
            let (g, mut h) = problem.derivatives(&theta);
            let kkt = problem.violation(&g, &theta, p.c);
            if kkt <= p.tol || n_iter >= p.max_iter {
                return Ok(finish(&theta, n_iter, kkt));
            }
            n_iter += 1;
            let delta = if problem.l1 == 0.0 {
                let scale = (0..m).map(|j| h[j * m + j]).fold(0.0, f64::max);
                let mut ridge = 0.0;
                loop {
                    let mut a = h.clone();
                    for j in 0..m {
                        a[j * m + j] += ridge;
                    }
                    let neg: Vec<f64> = g.iter().map(|v| -v).collect();
                    if let Some(step) = cholesky_solve(&mut a, m, &neg) {
                        break step;
                    }
                    ridge = if ridge == 0.0 {
                        1e-12 * scale.max(1e-300)
                    } else {
                        ridge * 100.0
                    };
                    if !ridge.is_finite() {
                        return Err(Error::Numerical(
                            "logistic regression: the Hessian is not positive definite".into(),
                        ));
                    }
                }
            } else {
                for j in 0..m {
                    h[j * m + j] *= 1.0 + 1e-14;
                }
                prox_direction(&g, &h, &theta, n_features, problem.l1)
            };
            // Armijo backtracking on the full objective (smooth part + L1).
            let l1_now: f64 = theta[..n_features].iter().map(|v| v.abs()).sum();
            let l1_next: f64 = (0..n_features).map(|j| (theta[j] + delta[j]).abs()).sum();
            let decrease = g.iter().zip(&delta).map(|(a, b)| a * b).sum::<f64>()
                + problem.l1 * (l1_next - l1_now);
            let mut t = 1.0;
            let mut accepted = false;
            for _ in 0..60 {
                let trial: Vec<f64> = theta.iter().zip(&delta).map(|(a, b)| a + t * b).collect();
                let next = problem.objective(&trial);
                if next <= value + 1e-4 * t * decrease || next <= value {
                    theta = trial;
                    value = next;
                    accepted = true;
                    break;
                }
                t *= 0.5;
            }
            if !accepted {
                // No decrease is representable any more: the optimum is reached to rounding.
                let (g, _) = problem.derivatives(&theta);
                let kkt = problem.violation(&g, &theta, p.c);
                return Ok(finish(&theta, n_iter, kkt));
            }
        }
    }
}

impl FittedLogistic {
    /// The margins `x·w + b` of the row-major rows of `x` (argument `features`).
    pub fn decision_function(&self, x: &[f64]) -> Result<Vec<f64>> {
        let d = self.coef.len();
        check_matrix("features", x, d)?;
        Ok(x.chunks_exact(d)
            .map(|row| row.iter().zip(&self.coef).map(|(a, b)| a * b).sum::<f64>() + self.intercept)
            .collect())
    }

    /// The probabilities of label 1 for the rows of `x`.
    pub fn predict_proba(&self, x: &[f64]) -> Result<Vec<f64>> {
        Ok(self
            .decision_function(x)?
            .into_iter()
            .map(sigmoid)
            .collect())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn toy() -> (Vec<f64>, Vec<f64>) {
        let x = vec![0.0, 1.0, 1.0, 0.5, 2.0, -1.0, 3.0, 0.0, -1.0, 2.0, 0.5, 0.5];
        let y = vec![0.0, 0.0, 1.0, 1.0, 0.0, 1.0];
        (x, y)
    }

    #[test]
    fn l2_optimum_has_zero_gradient_and_probabilities_in_range() {
        let (x, y) = toy();
        let fit = LogisticParams::default()
            .check()
            .unwrap()
            .fit(&x, 2, &y, None)
            .unwrap();
        assert!(fit.converged && fit.kkt_violation <= 1e-10, "{fit:?}");
        for p in fit.predict_proba(&x).unwrap() {
            assert!(p > 0.0 && p < 1.0);
        }
    }

    #[test]
    fn strong_l1_zeroes_every_coefficient() {
        let (x, y) = toy();
        let params = LogisticParams {
            c: 1e-3,
            l1_ratio: 1.0,
            ..Default::default()
        };
        let fit = params.check().unwrap().fit(&x, 2, &y, None).unwrap();
        assert_eq!(fit.coef, vec![0.0, 0.0]);
        // The intercept alone fits the base rate: half the labels are 1.
        assert!(fit.intercept.abs() < 1e-9);
    }

    #[test]
    fn bad_parameters_and_data_are_named() {
        let (x, y) = toy();
        let e = LogisticParams {
            c: 0.0,
            ..Default::default()
        }
        .check()
        .unwrap_err();
        assert!(e.to_string().contains("`C`"));
        let e = LogisticParams {
            l1_ratio: f64::NAN,
            ..Default::default()
        }
        .check()
        .unwrap_err();
        assert!(e.to_string().contains("`l1Ratio`"));
        let model = LogisticParams::default().check().unwrap();
        let e = model.fit(&x, 5, &y, None).unwrap_err();
        assert!(e.to_string().contains("`features`"));
        let e = model.fit(&x, 2, &[0.0; 6], None).unwrap_err();
        assert!(e.to_string().contains("both classes"));
        let e = model
            .fit(&x, 2, &[0.0, 1.0, 2.0, 0.0, 1.0, 0.0], None)
            .unwrap_err();
        assert!(e.to_string().contains("`labels[2]`"));
        let e = model.fit(&x, 2, &y, Some(&[1.0; 5])).unwrap_err();
        assert!(e.to_string().contains("`sampleWeight`"));
        let mut huge = x.clone();
        huge[3] = 1e200;
        let e = model.fit(&huge, 2, &y, None).unwrap_err();
        assert!(e.to_string().contains("`features[3]`"), "{e}");
        let e = model
            .fit(&x, 2, &y, Some(&[1.0, 1.0, -1.0, 1.0, 1.0, 1.0]))
            .unwrap_err();
        assert!(e.to_string().contains("`sampleWeight[2]`"), "{e}");
        let e = model.fit(&x, 0, &y, None).unwrap_err();
        assert!(e.to_string().contains("`nFeatures`"));
    }

    #[test]
    fn separable_data_stays_finite() {
        let x = vec![-2.0, -1.0, 1.0, 2.0];
        let y = vec![0.0, 0.0, 1.0, 1.0];
        let params = LogisticParams {
            c: 1e6,
            ..Default::default()
        };
        let fit = params.check().unwrap().fit(&x, 1, &y, None).unwrap();
        assert!(fit.coef[0].is_finite() && fit.coef[0] > 5.0);
    }
}
