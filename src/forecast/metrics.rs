//! Forecast accuracy metrics and rolling-origin cross-validation.

use super::{check_request, check_series, too_short, Fit, Forecast, Predict};
use crate::error::{check, Error, Result};
use crate::limits;

fn check_pair(actual: &[f64], forecast: &[f64]) -> Result<()> {
    check::non_empty("actual", actual)?;
    check::finite("actual", actual)?;
    check::finite("forecast", forecast)?;
    if actual.len() != forecast.len() {
        return Err(Error::invalid(
            "forecast",
            format!("as many values as `actual` ({})", actual.len()),
            format!("{} values", forecast.len()),
        ));
    }
    Ok(())
}

/// `value` of metric `name`, or an error when finite inputs overflowed it (|x| near 1e308, or
/// near 1e154 for squared errors).
fn finite(name: &str, value: f64) -> Result<f64> {
    if value.is_finite() {
        Ok(value)
    } else {
        Err(Error::Numerical(format!(
            "the {name} overflows: values too large in magnitude"
        )))
    }
}

/// Mean absolute error.
pub fn mae(actual: &[f64], forecast: &[f64]) -> Result<f64> {
    check_pair(actual, forecast)?;
    let sum: f64 = actual
        .iter()
        .zip(forecast)
        .map(|(a, f)| (a - f).abs())
        .sum();
    finite("MAE", sum / actual.len() as f64)
}

/// Root mean squared error.
pub fn rmse(actual: &[f64], forecast: &[f64]) -> Result<f64> {
    check_pair(actual, forecast)?;
    let mse = actual
        .iter()
        .zip(forecast)
        .map(|(a, f)| (a - f).powi(2))
        .sum::<f64>()
        / actual.len() as f64;
    finite("RMSE", mse.sqrt())
}

/// Symmetric MAPE in percent, `200/h Σ |a − f| / (|a| + |f|)` (M4 / statsforecast definition);
/// a term with `a = f = 0` counts as 0.
pub fn smape(actual: &[f64], forecast: &[f64]) -> Result<f64> {
    check_pair(actual, forecast)?;
    let s: f64 = actual
        .iter()
        .zip(forecast)
        .map(|(a, f)| {
            let d = a.abs() + f.abs();
            if d == 0.0 {
                0.0
            } else {
                (a - f).abs() / d
            }
        })
        .sum();
    finite("sMAPE", 200.0 * s / actual.len() as f64)
}

/// In-sample scale of MASE: mean absolute seasonal-naive error `mean |y_t − y_{t−m}|` of the
/// training series (`m = 1` for the naive scale).
pub fn mase_scale(train: &[f64], season_length: usize) -> Result<f64> {
    check_series(train).map_err(|e| e.within("train."))?;
    check::at_least("season_length", season_length, 1)?;
    let m = season_length;
    if train.len() <= m {
        return Err(too_short(
            m + 1,
            "in `train` for the MASE scale",
            train.len(),
        ));
    }
    let sum: f64 = (m..train.len())
        .map(|t| (train[t] - train[t - m]).abs())
        .sum();
    finite("MASE scale", sum / (train.len() - m) as f64)
}

/// Mean absolute scaled error (Hyndman & Koehler 2006) with seasonal-naive scaling. Errors when
/// the training series has a zero scale (e.g. constant), since the ratio is then undefined.
pub fn mase(train: &[f64], actual: &[f64], forecast: &[f64], season_length: usize) -> Result<f64> {
    let scale = mase_scale(train, season_length)?;
    if scale <= 0.0 {
        return Err(Error::invalid(
            "train",
            "a series whose seasonal differences are not all zero (MASE divides by their mean)",
            "a zero scale",
        ));
    }
    finite("MASE", mae(actual, forecast)? / scale)
}

/// Share of `actual` values inside `[lower, upper]` (bounds included).
pub fn coverage(actual: &[f64], lower: &[f64], upper: &[f64]) -> Result<f64> {
    check_pair(actual, lower).map_err(|e| e.within("lower:"))?;
    check_pair(actual, upper).map_err(|e| e.within("upper:"))?;
    let inside = actual
        .iter()
        .zip(lower.iter().zip(upper))
        .filter(|(a, (l, u))| *l <= *a && *a <= *u)
        .count();
    Ok(inside as f64 / actual.len() as f64)
}

/// Settings of a rolling-origin backtest.
#[derive(Debug, Clone, PartialEq)]
pub struct CrossValidation {
    /// Number of forecast origins (windows).
    pub n_windows: usize,
    /// Steps between consecutive origins.
    pub step: usize,
    /// Steps forecast from each origin.
    pub horizon: usize,
    /// Interval levels to forecast at each origin (each in (0, 1)).
    pub levels: Vec<f64>,
    /// Season length of the MASE scale.
    pub season_length: usize,
    /// Clamp every window's point forecasts and interval bounds at 0 before scoring them.
    pub non_negative: bool,
}

/// One backtest window: the model fitted on `y[..cutoff]` forecasting `y[cutoff..cutoff+h]`.
#[derive(Debug, Clone, PartialEq)]
pub struct CvWindow {
    /// Number of training points (the forecast origin).
    pub cutoff: usize,
    /// The held-out values.
    pub actual: Vec<f64>,
    /// Forecasts and intervals from the origin.
    pub forecast: Forecast,
    /// MAE of this window.
    pub mae: f64,
    /// RMSE of this window.
    pub rmse: f64,
    /// sMAPE (percent) of this window.
    pub smape: f64,
    /// MASE of this window (NaN when the training scale is zero).
    pub mase: f64,
    /// Coverage of each requested interval, in the order of `levels`.
    pub coverage: Vec<f64>,
}

/// A model behind [`Fit`] with its fitted type boxed: one backtest serves every model type
/// (the backtest is compiled once, not once per model type).
pub type FitDyn<'a> = &'a dyn Fn(&[f64]) -> Result<Box<dyn Predict>>;

/// Rolling-origin cross-validation: origins at `n − horizon − (n_windows − 1 − i)·step` for
/// `i = 0..n_windows`, the last window ending at the end of the series. Every window refits
/// `model`; a failing fit fails the whole backtest with the window named in the error.
pub fn cross_validation<F: Fit>(model: &F, y: &[f64], cv: &CrossValidation) -> Result<Vec<CvWindow>>
where
    F::Fitted: 'static,
{
    cross_validation_dyn(&|train| Ok(Box::new(model.fit(train)?)), y, cv)
}

/// [`cross_validation`] of a model given as a fitting function.
pub fn cross_validation_dyn(fit: FitDyn, y: &[f64], cv: &CrossValidation) -> Result<Vec<CvWindow>> {
    check_series(y)?;
    limits::check_count("n_windows", cv.n_windows, 1, limits::MAX_WINDOWS)?;
    limits::check_count("step", cv.step, 1, y.len())?;
    limits::check_count(
        "season_length",
        cv.season_length,
        1,
        limits::MAX_SEASON_LENGTH,
    )?;
    check_request(cv.horizon, &cv.levels)?;
    // (windows - 1) · step can pass 2^32 on wasm32 (up to 999 · 2^27), hence the checked form.
    let span = (cv.n_windows - 1)
        .checked_mul(cv.step)
        .and_then(|s| s.checked_add(cv.horizon))
        .filter(|&s| s < y.len());
    let Some(span) = span else {
        let needed =
            ((cv.n_windows - 1) as u64 * cv.step as u64 + cv.horizon as u64).saturating_add(1);
        return Err(Error::invalid(
            "values",
            format!(
                "at least {needed} points for {} windows of horizon {} every {} steps",
                cv.n_windows, cv.horizon, cv.step
            ),
            format!("{} points", y.len()),
        ));
    };
    let mut out = Vec::with_capacity(cv.n_windows);
    for i in 0..cv.n_windows {
        let cutoff = y.len() - span + i * cv.step;
        let train = &y[..cutoff];
        let actual = y[cutoff..cutoff + cv.horizon].to_vec();
        let window_err = |e: Error| match e {
            Error::InvalidArgument { arg, expected, got } => Error::InvalidArgument {
                arg,
                expected,
                got: format!("{got} (window {i}, cutoff {cutoff})"),
            },
            Error::Numerical(s) => Error::Numerical(format!("{s} (window {i}, cutoff {cutoff})")),
            other => other,
        };
        let fitted = fit(train).map_err(window_err)?;
        let mut forecast = fitted.predict(cv.horizon, &cv.levels).map_err(window_err)?;
        if cv.non_negative {
            forecast.clamp_non_negative();
        }
        let p = &forecast.point;
        let mase = mase(train, &actual, p, cv.season_length).unwrap_or(f64::NAN);
        let coverage = forecast
            .intervals
            .iter()
            .map(|iv| coverage(&actual, &iv.lower, &iv.upper))
            .collect::<Result<Vec<_>>>()?;
        out.push(CvWindow {
            cutoff,
            mae: mae(&actual, p)?,
            rmse: rmse(&actual, p)?,
            smape: smape(&actual, p)?,
            mase,
            coverage,
            actual,
            forecast,
        });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::forecast::Baseline;

    #[test]
    fn metrics_by_hand() {
        let a = [1.0, 2.0, 3.0, 4.0];
        let f = [2.0, 2.0, 1.0, 4.0];
        assert_eq!(mae(&a, &f).unwrap(), 0.75);
        assert!((rmse(&a, &f).unwrap() - (5.0f64 / 4.0).sqrt()).abs() < 1e-15);
        // 200/4 * (1/3 + 0 + 2/4 + 0)
        assert!((smape(&a, &f).unwrap() - 50.0 * (1.0 / 3.0 + 0.5)).abs() < 1e-12);
        assert_eq!(smape(&[0.0], &[0.0]).unwrap(), 0.0);
        let train = [1.0, 3.0, 2.0, 6.0, 3.0];
        // m = 2: |2-1| + |6-3| + |3-2| = 5 over 3.
        assert!((mase_scale(&train, 2).unwrap() - 5.0 / 3.0).abs() < 1e-15);
        assert!((mase(&train, &a, &f, 2).unwrap() - 0.75 / (5.0 / 3.0)).abs() < 1e-15);
        assert_eq!(
            coverage(&a, &[0.0, 2.5, 0.0, 4.0], &[1.0, 3.0, 2.0, 5.0]).unwrap(),
            0.5
        );
    }

    #[test]
    fn bad_metric_input_is_a_clear_error() {
        let msg = |r: Result<f64>| r.unwrap_err().to_string();
        assert!(msg(mae(&[], &[])).contains("`actual`"));
        assert!(msg(mae(&[1.0, 2.0], &[1.0])).contains("as many values"));
        assert!(msg(rmse(&[1.0], &[f64::NAN])).contains("`forecast`"));
        assert!(msg(smape(&[f64::INFINITY], &[1.0])).contains("Infinity at index 0"));
        assert!(msg(mase(&[1.0, 1.0, 1.0], &[1.0], &[2.0], 1)).contains("zero scale"));
        assert!(msg(mase(&[1.0, 2.0], &[1.0], &[2.0], 2)).contains("at least 3 points"));
        assert!(msg(mase_scale(&[1.0, 2.0], 0)).contains("`season_length`"));
        assert!(msg(coverage(&[1.0], &[0.0, 1.0], &[2.0])).contains("`lower:forecast`"));
        // Finite inputs that overflow a metric are an error, never an infinite metric.
        assert!(msg(mae(&[1e308], &[-1e308])).contains("MAE overflows"));
        assert!(msg(rmse(&[1e200], &[0.0])).contains("RMSE overflows"));
        assert!(msg(mase(&[1e308, -1e308], &[0.0], &[1.0], 1)).contains("overflows"));
    }

    #[test]
    fn rolling_origin_windows() {
        let y: Vec<f64> = (0..20).map(|t| t as f64).collect();
        let cv = CrossValidation {
            n_windows: 3,
            step: 2,
            horizon: 4,
            levels: vec![0.9],
            season_length: 1,
            non_negative: false,
        };
        let w = cross_validation(&Baseline::Naive, &y, &cv).unwrap();
        assert_eq!(
            w.iter().map(|w| w.cutoff).collect::<Vec<_>>(),
            vec![12, 14, 16]
        );
        // Naive from cutoff c forecasts c-1; errors 1..=4, MAE 2.5, scale 1.
        for win in &w {
            assert_eq!(win.actual[0], win.cutoff as f64);
            assert_eq!(win.mae, 2.5);
            assert_eq!(win.mase, 2.5);
            assert_eq!(win.coverage.len(), 1);
        }
        assert_eq!(w[2].actual, vec![16.0, 17.0, 18.0, 19.0]);
        let bad = |cv: CrossValidation| {
            cross_validation(&Baseline::Naive, &y, &cv)
                .unwrap_err()
                .to_string()
        };
        assert!(bad(CrossValidation {
            n_windows: 0,
            ..cv.clone()
        })
        .contains("`n_windows`"));
        assert!(bad(CrossValidation {
            step: 0,
            ..cv.clone()
        })
        .contains("`step`"));
        assert!(bad(CrossValidation {
            horizon: 0,
            ..cv.clone()
        })
        .contains("`horizon`"));
        assert!(bad(CrossValidation {
            n_windows: 5,
            step: 4,
            ..cv.clone()
        })
        .contains("at least 21 points"));
        // Index arithmetic from the caller cannot overflow (issue #12's reproducers).
        for (horizon, step) in [(4_294_967_295, 3), (3, 4_294_967_295), (3, usize::MAX)] {
            let e = bad(CrossValidation {
                n_windows: 2,
                step,
                horizon,
                ..cv.clone()
            });
            assert!(e.contains("`horizon`") || e.contains("`step`"), "{e}");
        }
        assert!(bad(CrossValidation {
            n_windows: 1001,
            step: 1,
            horizon: 1,
            ..cv.clone()
        })
        .contains("`n_windows`: expected a whole number in [1, 1000]"));
        let e = bad(CrossValidation {
            n_windows: 1000,
            step: 20,
            horizon: 10_000,
            ..cv.clone()
        });
        assert!(e.contains("at least 29981 points"), "{e}");
        // A model error names the window.
        let e = cross_validation(&Baseline::SeasonalNaive { season_length: 13 }, &y, &cv)
            .unwrap_err()
            .to_string();
        assert!(e.contains("window 0, cutoff 12"), "{e}");
    }
}
