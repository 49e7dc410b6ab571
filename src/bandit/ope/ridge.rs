//! The direct method's reward model: ridge regression per position on
//! `[context, action_context[action]]`, exactly as obp's `RegressionModel` (fitting method
//! "normal", no cross-fitting) around scikit-learn's `Ridge(alpha)` with an unpenalized intercept.

use nalgebra::{DMatrix, DVector};

use super::logs::Logs;
use crate::error::{check, Error, Result};
use crate::limits;

/// A fitted ridge reward model q̂(x, a, position).
#[derive(Debug, Clone, PartialEq)]
pub struct RidgeRewardModel {
    dim_context: usize,
    dim_action: usize,
    action_context: Vec<f64>,
    coef: Vec<Vec<f64>>,
    intercept: Vec<f64>,
}

impl RidgeRewardModel {
    /// Fits one ridge model per position. `contexts` is row-major, `logs.len()` × `dim_context`;
    /// `action_context` is row-major `n_actions` × `dim_action` features of each action, or `None`
    /// for one-hot action indicators (obp's default). `alpha > 0` is the ridge penalty.
    pub fn fit(
        logs: &Logs,
        contexts: &[f64],
        dim_context: usize,
        action_context: Option<(&[f64], usize)>,
        alpha: f64,
    ) -> Result<Self> {
        if !(alpha.is_finite() && alpha > 0.0) {
            return Err(Error::invalid("alpha", "a finite number > 0", alpha));
        }
        let n = logs.len();
        if Some(contexts.len()) != n.checked_mul(dim_context) {
            return Err(Error::invalid(
                "contexts",
                format!(
                    "{n} rounds × {dim_context} features = {} values",
                    n.saturating_mul(dim_context)
                ),
                format!("{} values", contexts.len()),
            ));
        }
        check::finite("contexts", contexts)?;
        let k = logs.n_actions();
        // Each position solves a p × p system, p = context + action features.
        let dim_action = action_context.map_or(k, |(_, da)| da);
        let p = dim_context.saturating_add(dim_action);
        if p > limits::MAX_CONTEXT_DIM {
            return Err(Error::invalid(
                "contexts",
                format!(
                    "at most {} context plus action features in all",
                    limits::MAX_CONTEXT_DIM
                ),
                format!("{dim_context} + {dim_action} (one-hot actions: one per action)"),
            ));
        }
        let (action_context, dim_action) = match action_context {
            Some((ac, da)) => {
                if Some(ac.len()) != k.checked_mul(da) || da == 0 {
                    return Err(Error::invalid(
                        "action_context",
                        format!("{k} actions × {da} features (da >= 1)"),
                        format!("{} values", ac.len()),
                    ));
                }
                check::finite("action_context", ac)?;
                (ac.to_vec(), da)
            }
            None => {
                let mut eye = vec![0.0; k * k];
                for a in 0..k {
                    eye[a * k + a] = 1.0;
                }
                (eye, k)
            }
        };
        let mut model = RidgeRewardModel {
            dim_context,
            dim_action,
            action_context,
            coef: Vec::new(),
            intercept: Vec::new(),
        };
        let p = dim_context + dim_action;
        for pos in 0..logs.len_list() {
            let rows: Vec<usize> = (0..n)
                .filter(|&i| logs.positions()[i] as usize == pos)
                .collect();
            if rows.is_empty() {
                return Err(Error::invalid(
                    "positions",
                    format!("at least one logged round at position {pos}"),
                    "none",
                ));
            }
            let m = rows.len() as f64;
            let mut x_mean = vec![0.0; p];
            let mut y_mean = 0.0;
            let mut feat = vec![0.0; p];
            for &i in &rows {
                model.features(contexts, i, logs.actions()[i] as usize, &mut feat);
                for (s, f) in x_mean.iter_mut().zip(&feat) {
                    *s += f;
                }
                y_mean += logs.rewards()[i];
            }
            x_mean.iter_mut().for_each(|s| *s /= m);
            y_mean /= m;
            let mut gram = DMatrix::<f64>::zeros(p, p);
            let mut rhs = DVector::<f64>::zeros(p);
            for &i in &rows {
                model.features(contexts, i, logs.actions()[i] as usize, &mut feat);
                let xc = DVector::from_iterator(p, feat.iter().zip(&x_mean).map(|(f, mu)| f - mu));
                gram.ger(1.0, &xc, &xc, 1.0);
                rhs.axpy(logs.rewards()[i] - y_mean, &xc, 1.0);
            }
            for j in 0..p {
                gram[(j, j)] += alpha;
            }
            let chol = gram.cholesky().ok_or_else(|| {
                Error::Numerical(format!(
                    "ridge normal equations at position {pos} are not positive definite"
                ))
            })?;
            let w = chol.solve(&rhs);
            let b = y_mean - w.dot(&DVector::from_column_slice(&x_mean));
            model.coef.push(w.as_slice().to_vec());
            model.intercept.push(b);
        }
        Ok(model)
    }

    fn features(&self, contexts: &[f64], round: usize, action: usize, out: &mut [f64]) {
        let dc = self.dim_context;
        out[..dc].copy_from_slice(&contexts[round * dc..(round + 1) * dc]);
        out[dc..].copy_from_slice(
            &self.action_context[action * self.dim_action..(action + 1) * self.dim_action],
        );
    }

    /// The intercept of each position's model.
    pub fn intercepts(&self) -> &[f64] {
        &self.intercept
    }

    /// The coefficients of each position's model (context features first, then action features).
    pub fn coefficients(&self) -> &[Vec<f64>] {
        &self.coef
    }

    /// q̂ for every round and action at the round's logged position: row-major `logs.len()` ×
    /// `n_actions`, the input of the direct and doubly robust estimators.
    pub fn q_hat(&self, logs: &Logs, contexts: &[f64]) -> Result<Vec<f64>> {
        let (n, k, dc) = (logs.len(), logs.n_actions(), self.dim_context);
        if Some(contexts.len()) != n.checked_mul(dc) {
            return Err(Error::invalid(
                "contexts",
                format!("{n} rounds × {dc} features"),
                format!("{} values", contexts.len()),
            ));
        }
        if self.action_context.len() != k * self.dim_action || self.coef.len() != logs.len_list() {
            return Err(Error::invalid(
                "logs",
                "logs with the actions and positions the model was fitted on",
                format!("{k} actions × {} positions", logs.len_list()),
            ));
        }
        check::finite("contexts", contexts)?;
        let mut out = Vec::with_capacity(n * k);
        for i in 0..n {
            let pos = logs.positions()[i] as usize;
            let w = &self.coef[pos];
            let base: f64 = self.intercept[pos]
                + contexts[i * dc..(i + 1) * dc]
                    .iter()
                    .zip(&w[..dc])
                    .map(|(x, c)| x * c)
                    .sum::<f64>();
            for a in 0..k {
                let ac = &self.action_context[a * self.dim_action..(a + 1) * self.dim_action];
                out.push(base + ac.iter().zip(&w[dc..]).map(|(x, c)| x * c).sum::<f64>());
            }
        }
        Ok(out)
    }
}
