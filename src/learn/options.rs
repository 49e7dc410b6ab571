//! The learn functions' options as a page writes them: one definition per option (JS name,
//! TypeScript type, doc line, see [`crate::options`]), defaults and a `check()` that returns the
//! engine's validated parameters. Errors name the option by its JS name (`options.maxIter`).

use super::{ClassWeight, DbscanParams, Ftrl, FtrlParams, Logistic, LogisticParams};
use crate::error::{Error, Result};
use crate::limits;
use crate::options::{self as opt, OptionSet, Value};

crate::option_set! {
    /// Options of `logisticRegression` (scikit-learn's `LogisticRegression` objective).
    pub struct LogisticConfig as "LogisticOptions" {
        /// Inverse penalty strength, > 0 (default 1).
        c: number = "C", "number";
        /// Elastic-net mixing in [0, 1]: 0 is L2 (default), 1 is L1.
        l1_ratio: number = "l1Ratio", "number";
        /// Fit an unpenalised intercept (default true).
        fit_intercept: flag = "fitIntercept", "boolean";
        /// "balanced" (class c weighs n / (2 n_c)) or [weight of 0, weight of 1]; default equal.
        class_weight: value = "classWeight", "\"balanced\" | [number, number]";
        /// Per-row non-negative weights.
        sample_weight: numbers = "sampleWeight", "LearnNumbers";
        /// Most Newton steps, 1..100000 (default 100).
        max_iter: value = "maxIter", "number";
        /// Optimality tolerance, > 0 (default 1e-10).
        tol: number = "tol", "number";
    }
}

impl LogisticConfig {
    /// The validated model parameters and the per-row weights (checked against the rows by the
    /// fit), or an error naming the first bad option.
    pub fn check(&self) -> Result<(Logistic, Option<Vec<f64>>)> {
        let d = LogisticParams::default();
        let p = LogisticParams {
            c: opt::finite("options.C", self.c, d.c)?,
            l1_ratio: opt::finite("options.l1Ratio", self.l1_ratio, d.l1_ratio)?,
            fit_intercept: self.fit_intercept.unwrap_or(d.fit_intercept),
            class_weight: class_weight(&self.class_weight)?,
            max_iter: opt::count(
                "options.maxIter",
                &self.max_iter,
                d.max_iter,
                1,
                limits::MAX_ITERATIONS,
            )?,
            tol: opt::finite("options.tol", self.tol, d.tol)?,
        };
        let model = p
            .check()
            .map_err(|e| e.within_for("options.", Self::KEYS))?;
        Ok((model, self.sample_weight.clone()))
    }
}

/// `options.classWeight`: left out, "balanced" or a pair of weights.
fn class_weight(v: &Option<Value>) -> Result<ClassWeight> {
    const ARG: &str = "options.classWeight";
    match v {
        None => Ok(ClassWeight::Equal),
        Some(Value::Text(s)) if s == "balanced" => Ok(ClassWeight::Balanced),
        Some(Value::Text(s)) => Err(Error::invalid(
            ARG,
            "\"balanced\" or [w0, w1]",
            format!("\"{}\"", s.chars().take(40).collect::<String>()),
        )),
        Some(Value::Numbers(w)) => match w[..] {
            [negative, positive] => Ok(ClassWeight::Weights { negative, positive }),
            _ => Err(Error::invalid(
                ARG,
                "two weights [w0, w1]",
                format!("an array of length {}", w.len()),
            )),
        },
        Some(other) => Err(Error::invalid(
            ARG,
            "\"balanced\" or [w0, w1]",
            other.described(),
        )),
    }
}

crate::option_set! {
    /// Options of `calibrationCurve`.
    pub struct CalibrationConfig as "CalibrationOptions" {
        /// Uniform bins over [0, 1], 1..10000 (default 5).
        n_bins: value = "nBins", "number";
    }
}

impl CalibrationConfig {
    /// The number of bins.
    pub fn check(&self) -> Result<usize> {
        opt::count("options.nBins", &self.n_bins, 5, 1, limits::MAX_BINS)
    }
}

crate::option_set! {
    /// Options of `dbscan`.
    pub struct DbscanConfig as "DbscanOptions" {
        /// Neighbourhood radius (Euclidean, inclusive), > 0.
        eps: number = "eps", "number", required;
        /// Points within eps, the point itself included, that make a core point (default 5).
        min_samples: value = "minSamples", "number";
    }
}

impl DbscanConfig {
    /// The DBSCAN parameters (the radius is checked against the points by the engine).
    pub fn check(&self) -> Result<DbscanParams> {
        Ok(DbscanParams {
            eps: opt::required("options.eps", self.eps)?,
            min_samples: opt::count(
                "options.minSamples",
                &self.min_samples,
                5,
                1,
                limits::MAX_ELEMENTS,
            )?,
        })
    }
}

crate::option_set! {
    /// Options of `OnlineLogistic` (FTRL-proximal).
    pub struct FtrlConfig as "OnlineLogisticOptions" {
        /// Learning-rate scale α, > 0 (default 0.1).
        alpha: number = "alpha", "number";
        /// Learning-rate smoothing β, >= 0 (default 1).
        beta: number = "beta", "number";
        /// L1 strength, >= 0: larger gives sparser weights (default 0).
        l1: number = "l1", "number";
        /// L2 strength, >= 0 (default 1).
        l2: number = "l2", "number";
    }
}

impl FtrlConfig {
    /// A fresh learner over `dim` features with these options.
    pub fn learner(&self, dim: usize) -> Result<Ftrl> {
        let d = FtrlParams::default();
        let p = FtrlParams {
            alpha: opt::finite("options.alpha", self.alpha, d.alpha)?,
            beta: opt::finite("options.beta", self.beta, d.beta)?,
            l1: opt::finite("options.l1", self.l1, d.l1)?,
            l2: opt::finite("options.l2", self.l2, d.l2)?,
        };
        Ftrl::new(dim, p).map_err(|e| e.within_for("options.", Self::KEYS))
    }
}

crate::option_set! {
    /// Options of `churnData`, in the order log's time unit (e.g. days).
    pub struct ChurnConfig as "ChurnOptions" {
        /// Features use the orders at or before this time.
        cutoff: number = "cutoff", "number", required;
        /// Inactivity window after the cutoff, > 0: no order in (cutoff, cutoff + window] is churn.
        window: number = "window", "number", required;
    }
}

impl ChurnConfig {
    /// `(cutoff, window)`, finite (their ranges against the log are the engine's to check).
    pub fn check(&self) -> Result<(f64, f64)> {
        Ok((
            opt::required("options.cutoff", self.cutoff)?,
            opt::required("options.window", self.window)?,
        ))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn learn_options_check_with_js_names() {
        fn e<T: std::fmt::Debug>(r: Result<T>) -> String {
            r.unwrap_err().to_string()
        }
        let (m, w) = LogisticConfig::default().check().unwrap();
        assert_eq!((m, w), (LogisticParams::default().check().unwrap(), None));
        let bad = LogisticConfig {
            max_iter: Some(Value::Text("9".into())),
            ..LogisticConfig::default()
        };
        assert_eq!(
            e(bad.check()),
            "invalid argument `options.maxIter`: expected a whole number in [1, 100000], got a string"
        );
        let bad = LogisticConfig {
            class_weight: Some(Value::Numbers(vec![1.0, -1.0])),
            ..LogisticConfig::default()
        };
        assert!(e(bad.check()).starts_with("invalid argument `options.classWeight[1]`"));
        let bad = LogisticConfig {
            class_weight: Some(Value::Number(3.0)),
            ..LogisticConfig::default()
        };
        assert!(e(bad.check()).ends_with("expected \"balanced\" or [w0, w1], got the number 3"));
        assert_eq!(
            e(DbscanConfig::default().check()),
            "invalid argument `options.eps`: expected a number, got undefined"
        );
        let d = DbscanConfig {
            eps: Some(0.5),
            ..DbscanConfig::default()
        };
        assert_eq!(d.check().unwrap().min_samples, 5);
        assert_eq!(CalibrationConfig::default().check().unwrap(), 5);
        let f = FtrlConfig {
            l1: Some(f64::NAN),
            ..FtrlConfig::default()
        };
        assert_eq!(
            e(f.learner(2)),
            "invalid argument `options.l1`: expected a finite number, got NaN"
        );
        let c = ChurnConfig {
            cutoff: Some(1.0),
            ..ChurnConfig::default()
        };
        assert_eq!(
            e(c.check()),
            "invalid argument `options.window`: expected a number, got undefined"
        );
    }
}
