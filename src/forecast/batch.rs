//! Batch forecasting: many series from one flat value array plus offsets (the layout of a
//! `Float64Array` + `Uint32Array` pair from JS), results as flat arrays.
//!
//! Series `i` is `values[offsets[i] .. offsets[i + 1]]`. A series that cannot be forecast does not
//! abort the batch: its slots hold NaN and `errors[i]` says why; the request itself (offsets,
//! horizon, levels) is validated up front.

use super::{
    check_request, AutoEts, Baseline, Ets, EtsSearch, EtsSpec, Fit, Forecast, Intermittent,
    Predict, Theta, ThetaVariant,
};
use crate::error::{Error, Result};

/// The model applied to every series of a batch.
#[derive(Debug, Clone, PartialEq)]
pub enum BatchModel {
    /// AutoETS; `season_length: None` detects it per series.
    AutoEts {
        /// Season length shared by the batch, or `None` to detect per series.
        season_length: Option<usize>,
        /// Search strategy.
        search: EtsSearch,
    },
    /// One fixed ETS form.
    Ets {
        /// The form.
        spec: EtsSpec,
        /// Season length.
        season_length: usize,
    },
    /// Theta.
    Theta {
        /// Which Theta model.
        variant: ThetaVariant,
        /// Season length for the deseasonalisation test.
        season_length: usize,
    },
    /// Croston / SBA / TSB.
    Intermittent(Intermittent),
    /// A baseline.
    Baseline(Baseline),
}

/// What to forecast for every series.
#[derive(Debug, Clone, PartialEq)]
pub struct BatchRequest {
    /// The model.
    pub model: BatchModel,
    /// Steps ahead (>= 1).
    pub horizon: usize,
    /// Interval levels in (0, 1), possibly none.
    pub levels: Vec<f64>,
    /// Seed for simulated intervals (same seed, same result).
    pub seed: u64,
}

/// Flat results of a batch. With `H = horizon`, `L = levels.len()`:
/// `point[i*H + h]`, `lower[(i*L + l)*H + h]`, `upper[(i*L + l)*H + h]`.
#[derive(Debug, Clone, PartialEq)]
pub struct BatchForecast {
    /// Number of series.
    pub n_series: usize,
    /// Steps per series.
    pub horizon: usize,
    /// Interval levels, in the order of the `lower`/`upper` blocks.
    pub levels: Vec<f64>,
    /// Point forecasts, series-major.
    pub point: Vec<f64>,
    /// Lower interval bounds, series-major then level-major.
    pub lower: Vec<f64>,
    /// Upper interval bounds, same layout as `lower`.
    pub upper: Vec<f64>,
    /// Model chosen per series (empty string for a failed series).
    pub model: Vec<String>,
    /// AICc per series for ETS models, NaN otherwise or on failure.
    pub aicc: Vec<f64>,
    /// `None` for a forecast series, the error message for a failed one.
    pub errors: Vec<Option<String>>,
}

fn validate_offsets(values: &[f64], offsets: &[u32]) -> Result<()> {
    if offsets.is_empty() {
        return Err(Error::invalid(
            "offsets",
            "n_series + 1 offsets starting at 0 (e.g. [0] for no series)",
            "an empty array",
        ));
    }
    if offsets[0] != 0 {
        return Err(Error::invalid(
            "offsets",
            "offsets[0] = 0",
            format!("offsets[0] = {}", offsets[0]),
        ));
    }
    for (i, w) in offsets.windows(2).enumerate() {
        if w[1] < w[0] {
            return Err(Error::invalid(
                "offsets",
                "non-decreasing offsets",
                format!(
                    "offsets[{}] = {} after offsets[{i}] = {}",
                    i + 1,
                    w[1],
                    w[0]
                ),
            ));
        }
    }
    let last = offsets[offsets.len() - 1] as usize;
    if last != values.len() {
        return Err(Error::invalid(
            "offsets",
            format!("a last offset equal to values.length ({})", values.len()),
            last,
        ));
    }
    Ok(())
}

fn one(
    model: &BatchModel,
    y: &[f64],
    horizon: usize,
    levels: &[f64],
    seed: u64,
) -> Result<(Forecast, String, f64)> {
    fn go<F: Fit>(m: F, y: &[f64], h: usize, l: &[f64]) -> Result<(Forecast, String)> {
        let f = m.fit(y)?;
        Ok((f.predict(h, l)?, f.name()))
    }
    match model {
        BatchModel::AutoEts {
            season_length,
            search,
        } => {
            let m = AutoEts {
                season_length: *season_length,
                search: *search,
                seed,
                ..AutoEts::default()
            };
            let f = m.fit(y)?;
            Ok((f.predict(horizon, levels)?, f.name(), f.aicc()))
        }
        BatchModel::Ets {
            spec,
            season_length,
        } => {
            let f = Ets {
                spec: *spec,
                season_length: *season_length,
                seed,
            }
            .fit(y)?;
            Ok((f.predict(horizon, levels)?, f.name(), f.aicc()))
        }
        BatchModel::Theta {
            variant,
            season_length,
        } => {
            let t = Theta {
                variant: *variant,
                season_length: *season_length,
                seed,
            };
            go(t, y, horizon, levels).map(|(f, n)| (f, n, f64::NAN))
        }
        BatchModel::Intermittent(m) => go(*m, y, horizon, levels).map(|(f, n)| (f, n, f64::NAN)),
        BatchModel::Baseline(b) => go(*b, y, horizon, levels).map(|(f, n)| (f, n, f64::NAN)),
    }
}

/// Forecasts every series of a flat batch, calling `progress(done, total)` after each series.
/// Fails only for a malformed request; per-series failures are reported in `errors`.
pub fn forecast_batch(
    values: &[f64],
    offsets: &[u32],
    request: &BatchRequest,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<BatchForecast> {
    validate_offsets(values, offsets)?;
    check_request(request.horizon, &request.levels)?;
    let n_series = offsets.len() - 1;
    let (h, l) = (request.horizon, request.levels.len());
    let mut out = BatchForecast {
        n_series,
        horizon: h,
        levels: request.levels.clone(),
        point: vec![f64::NAN; n_series * h],
        lower: vec![f64::NAN; n_series * l * h],
        upper: vec![f64::NAN; n_series * l * h],
        model: vec![String::new(); n_series],
        aicc: vec![f64::NAN; n_series],
        errors: vec![None; n_series],
    };
    for i in 0..n_series {
        let y = &values[offsets[i] as usize..offsets[i + 1] as usize];
        match one(&request.model, y, h, &request.levels, request.seed) {
            Ok((f, name, aicc)) => {
                out.point[i * h..(i + 1) * h].copy_from_slice(&f.point);
                for (j, iv) in f.intervals.iter().enumerate() {
                    let at = (i * l + j) * h;
                    out.lower[at..at + h].copy_from_slice(&iv.lower);
                    out.upper[at..at + h].copy_from_slice(&iv.upper);
                }
                out.model[i] = name;
                out.aicc[i] = aicc;
            }
            Err(e) => out.errors[i] = Some(e.within(&format!("series[{i}].")).to_string()),
        }
        progress(i + 1, n_series);
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seasonal(n: usize, phase: f64) -> Vec<f64> {
        (0..n)
            .map(|t| {
                50.0 + 0.5 * t as f64
                    + 8.0 * ((t as f64 + phase) * std::f64::consts::PI / 2.0).sin()
            })
            .collect()
    }

    #[test]
    fn batch_matches_single_calls_and_reports_progress() {
        let a = seasonal(40, 0.0);
        let b = seasonal(32, 1.0);
        let mut values = a.clone();
        values.extend(&b);
        values.extend([1.0, f64::NAN, 3.0]); // a bad series in the middle
        let c = seasonal(36, 2.0);
        values.extend(&c);
        let offsets = [0, 40, 72, 75, 111];
        let req = BatchRequest {
            model: BatchModel::AutoEts {
                season_length: Some(4),
                search: EtsSearch::Fast,
            },
            horizon: 6,
            levels: vec![0.8, 0.95],
            seed: 3,
        };
        let mut calls = Vec::new();
        let out = forecast_batch(&values, &offsets, &req, &mut |d, t| calls.push((d, t))).unwrap();
        assert_eq!(calls, vec![(1, 4), (2, 4), (3, 4), (4, 4)]);
        assert_eq!(out.n_series, 4);
        assert_eq!(out.point.len(), 24);
        assert_eq!(out.lower.len(), 48);
        for (i, y) in [(0usize, &a), (1, &b), (3, &c)] {
            let fit = AutoEts {
                seed: 3,
                ..AutoEts::new(4)
            }
            .fit(y)
            .unwrap();
            let f = fit.predict(6, &[0.8, 0.95]).unwrap();
            assert_eq!(&out.point[i * 6..i * 6 + 6], &f.point[..]);
            assert_eq!(
                &out.lower[(i * 2 + 1) * 6..(i * 2 + 2) * 6],
                &f.intervals[1].lower[..]
            );
            assert_eq!(
                &out.upper[(i * 2) * 6..(i * 2 + 1) * 6],
                &f.intervals[0].upper[..]
            );
            assert_eq!(out.model[i], fit.name());
            assert_eq!(out.aicc[i], fit.aicc());
            assert!(out.errors[i].is_none());
        }
        let err = out.errors[2].as_deref().unwrap();
        assert!(
            err.contains("`series[2].values`") && err.contains("NaN at index 1"),
            "{err}"
        );
        assert!(out.point[12..18].iter().all(|v| v.is_nan()));
        assert_eq!(out.model[2], "");
    }

    #[test]
    fn malformed_requests_are_refused() {
        let v = [1.0, 2.0, 3.0, 4.0];
        let req = BatchRequest {
            model: BatchModel::Baseline(Baseline::Naive),
            horizon: 2,
            levels: vec![],
            seed: 0,
        };
        let msg = |o: &[u32], r: &BatchRequest| {
            forecast_batch(&v, o, r, &mut |_, _| {})
                .unwrap_err()
                .to_string()
        };
        assert!(msg(&[], &req).contains("`offsets`"));
        assert!(msg(&[1, 4], &req).contains("offsets[0] = 0"));
        assert!(msg(&[0, 3, 2, 4], &req).contains("non-decreasing"));
        assert!(msg(&[0, 3], &req).contains("values.length (4)"));
        assert!(msg(
            &[0, 4],
            &BatchRequest {
                horizon: 0,
                ..req.clone()
            }
        )
        .contains("`horizon`"));
        assert!(msg(
            &[0, 4],
            &BatchRequest {
                levels: vec![1.5],
                ..req.clone()
            }
        )
        .contains("`levels[0]`"));
        // No series at all is a valid, empty batch; an empty series is a per-series error.
        let out = forecast_batch(&[], &[0], &req, &mut |_, _| {}).unwrap();
        assert_eq!(out.n_series, 0);
        let out = forecast_batch(&v, &[0, 0, 4], &req, &mut |_, _| {}).unwrap();
        assert!(out.errors[0].as_deref().unwrap().contains("empty array"));
        assert_eq!(&out.point[2..], &[4.0, 4.0]);
        assert_eq!(out.model[1], "Naive");
    }
}
