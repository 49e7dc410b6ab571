//! Learning on the device: propensity models and their metrics, and density clustering.
//!
//! - [`logistic`]: batch logistic regression (L2 and elastic-net penalties, class weights, an
//!   unpenalised intercept) solved to scikit-learn's optimum by (proximal) Newton steps.
//! - [`ftrl`]: an online logistic learner (FTRL-proximal) with fixed memory and saved state.
//! - [`metrics`]: ROC AUC, ROC and precision-recall curves, log loss, Brier score and calibration
//!   bins with scikit-learn's conventions.
//! - [`als`]: item and user embeddings from implicit feedback (confidence-weighted ALS), the
//!   Gram steps on a [`crate::compute::Backend`].
//! - [`mod@dbscan`]: DBSCAN with a k-d tree (memory linear in the points) and a k-distance helper.
//! - [`knee`]: the knee of a k-distance curve, a suggested DBSCAN `eps`.
//! - [`churn`]: churn-model rows from an order log (RFM and more as of a cutoff, a label from an
//!   inactivity window after it).
//! - [`options`]: the options of the learn functions as a page writes them, checked.

pub mod als;
pub mod churn;
pub mod dbscan;
pub mod ftrl;
pub mod knee;
pub mod logistic;
pub mod metrics;
pub mod options;

pub use als::{Als, AlsParams, Interactions};
pub use churn::{churn_data, ChurnData, CHURN_FEATURES};
pub use dbscan::{dbscan, k_distance, Dbscan, DbscanParams};
pub use ftrl::{Ftrl, FtrlParams};
pub use knee::k_distance_knee;
pub use logistic::{ClassWeight, FittedLogistic, Logistic, LogisticParams};
pub use options::{CalibrationConfig, ChurnConfig, DbscanConfig, FtrlConfig, LogisticConfig};

use crate::error::{Error, Result};

/// Checks that `x` holds `n × dim` finite values (`n >= 1`) and returns `n`.
pub(crate) fn check_matrix(arg: &str, x: &[f64], dim: usize) -> Result<usize> {
    if dim == 0 || x.is_empty() || x.len() % dim != 0 {
        return Err(Error::invalid(
            arg,
            format!("a non-empty row-major matrix with a multiple of {dim} values"),
            format!("{} values", x.len()),
        ));
    }
    check_values(arg, x)?;
    Ok(x.len() / dim)
}

/// Largest magnitude of a feature, coordinate or weight: squares and sums of squares of such
/// values stay far from overflow, so no result turns into infinity or NaN.
pub const MAX_ABS: f64 = 1e100;

/// Checks that every value of `x` is finite with magnitude at most [`MAX_ABS`].
pub(crate) fn check_values(arg: &str, x: &[f64]) -> Result<()> {
    match x.iter().position(|v| v.is_nan() || v.abs() > MAX_ABS) {
        Some(i) => Err(Error::invalid(
            format!("{arg}[{i}]"),
            "a finite number of magnitude at most 1e100",
            x[i],
        )),
        None => Ok(()),
    }
}

/// Checks that `labels` holds `n` values, each 0 or 1, and returns them as booleans.
pub(crate) fn check_labels(arg: &str, labels: &[f64], n: usize) -> Result<Vec<bool>> {
    if labels.len() != n {
        return Err(Error::invalid(
            arg,
            format!("{n} labels (one per row)"),
            format!("{} labels", labels.len()),
        ));
    }
    labels
        .iter()
        .enumerate()
        .map(|(i, &v)| match v {
            0.0 => Ok(false),
            1.0 => Ok(true),
            _ => Err(Error::invalid(format!("{arg}[{i}]"), "0 or 1", v)),
        })
        .collect()
}

/// The logistic function, computed without overflow.
pub(crate) fn sigmoid(z: f64) -> f64 {
    if z >= 0.0 {
        1.0 / (1.0 + (-z).exp())
    } else {
        let e = z.exp();
        e / (1.0 + e)
    }
}

/// `ln(1 + e^z)`, computed without overflow.
pub(crate) fn log1p_exp(z: f64) -> f64 {
    if z > 0.0 {
        z + (-z).exp().ln_1p()
    } else {
        z.exp().ln_1p()
    }
}
