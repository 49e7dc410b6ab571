//! Forecast combinations and conformal intervals.
//!
//! - [`MemberSet`] / [`Combine`]: the `"ensemble"` model of the registry fits several registry
//!   models by name (default [`DEFAULT_MEMBERS`]) and combines their forecasts step by step
//!   (mean or median of the points, and the same combination of the members' bounds).
//! - [`IntervalMethod::Conformal`]: intervals of any registry model calibrated on its own
//!   rolling-origin backtest residuals ([`conformal_forecast`]).

use super::{Fit, Forecast, Interval, Predict};
use crate::error::{quoted, Error, Result};
use crate::limits;
use crate::stats::{norm_ppf, t_ppf};

/// Registry models an ensemble may combine, by their `model` name. A member set is a bit mask
/// over this list, so adding a model here (at the end) is all that makes it a valid member.
pub const MEMBER_NAMES: &[&str] = &[
    "autoETS",
    "theta",
    "autoTheta",
    "naive",
    "seasonalNaive",
    "drift",
    "autoARIMA",
    "autoETSWeighted",
    "optimizedTheta",
    "dynamicOptimizedTheta",
];

/// Members of `model: "ensemble"` when the caller names none: AutoETS's candidate forms
/// combined by Akaike weights (more accurate than AutoETS's selection on every M3 subset, at
/// about its cost) and the optimised Theta model (one Theta fit where AutoTheta makes four, as
/// accurate in the mix). Chosen on the even-indexed M3 series among the Theta variants; see
/// `benches/results/ensemble.md`. AutoARIMA is a member on request (`members`), not by default:
/// it is slower than AutoETS (see `benches/results/arima.md`) and would take the default
/// ensemble past three times AutoETS's time.
pub const DEFAULT_MEMBERS: &[&str] = &["autoETSWeighted", "optimizedTheta"];

/// A set of ensemble members: bit `i` stands for [`MEMBER_NAMES`]`[i]`.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct MemberSet(pub u32);

impl MemberSet {
    /// The members named, in any order; errors name `members` (or `members[i]`).
    pub fn parse<S: AsRef<str>>(names: &[S]) -> Result<MemberSet> {
        if names.is_empty() || names.len() > MEMBER_NAMES.len() {
            return Err(Error::invalid(
                "members",
                format!("between 1 and {} member names", MEMBER_NAMES.len()),
                format!("{} names", names.len()),
            ));
        }
        let mut bits = 0u32;
        for (i, n) in names.iter().enumerate() {
            let n = n.as_ref();
            let Some(k) = MEMBER_NAMES.iter().position(|m| *m == n) else {
                return Err(Error::invalid(
                    format!("members[{i}]"),
                    format!("one of {}", quoted_list(MEMBER_NAMES)),
                    quoted(n, 40),
                ));
            };
            if bits & (1 << k) != 0 {
                return Err(Error::invalid(
                    format!("members[{i}]"),
                    "each member named once",
                    format!("{} twice", quoted(n, usize::MAX)),
                ));
            }
            bits |= 1 << k;
        }
        Ok(MemberSet(bits))
    }

    /// The default members ([`DEFAULT_MEMBERS`]).
    pub fn default_members() -> MemberSet {
        MemberSet::parse(DEFAULT_MEMBERS).expect("the default members are valid names")
    }

    /// The member names, in [`MEMBER_NAMES`] order.
    pub fn names(self) -> impl Iterator<Item = &'static str> {
        MEMBER_NAMES
            .iter()
            .enumerate()
            .filter(move |(i, _)| self.0 & (1 << i) != 0)
            .map(|(_, n)| *n)
    }
}

fn quoted_list(names: &[&str]) -> String {
    names
        .iter()
        .map(|n| quoted(n, usize::MAX))
        .collect::<Vec<_>>()
        .join(", ")
}

/// How an ensemble combines its members' forecasts at each step.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum Combine {
    /// Arithmetic mean (the M-competition combination benchmark).
    #[default]
    Mean,
    /// Median (the mean of the two middle values for an even count).
    Median,
    /// No combination: per series, the member with the lowest mean absolute error over a
    /// rolling-origin backtest of the requested horizon ([`SELECT_WINDOWS`] windows).
    Best,
}

/// Backtest windows of `combine: "best"` (each refits every member once).
pub const SELECT_WINDOWS: usize = 2;

impl Combine {
    /// `"mean"` or `"median"`; errors name `combine`.
    pub fn parse(s: &str) -> Result<Combine> {
        match s {
            "mean" => Ok(Combine::Mean),
            "median" => Ok(Combine::Median),
            "best" => Ok(Combine::Best),
            other => Err(Error::invalid(
                "combine",
                "\"mean\", \"median\" or \"best\"",
                quoted(other, 40),
            )),
        }
    }

    /// Combines values (non-empty; the caller's values are reordered for the median; `Best`,
    /// which selects rather than combines, takes the first).
    pub fn apply(self, v: &mut [f64]) -> f64 {
        match self {
            Combine::Mean => v.iter().sum::<f64>() / v.len() as f64,
            Combine::Best => v[0],
            Combine::Median => {
                v.sort_by(f64::total_cmp);
                let n = v.len();
                if n % 2 == 1 {
                    v[n / 2]
                } else {
                    0.5 * (v[n / 2 - 1] + v[n / 2])
                }
            }
        }
    }
}

/// Combines member forecasts (same horizon and levels) step by step: points, lower and upper
/// bounds each by `combine`.
pub fn combine_forecasts(members: &[Forecast], combine: Combine) -> Forecast {
    let h = members[0].point.len();
    let mut buf = Vec::with_capacity(members.len());
    let mut at = |get: &dyn Fn(&Forecast) -> f64| {
        buf.clear();
        buf.extend(members.iter().map(get));
        combine.apply(&mut buf)
    };
    let point = (0..h).map(|t| at(&|f| f.point[t])).collect();
    let intervals = members[0]
        .intervals
        .iter()
        .enumerate()
        .map(|(j, iv)| Interval {
            level: iv.level,
            lower: (0..h).map(|t| at(&|f| f.intervals[j].lower[t])).collect(),
            upper: (0..h).map(|t| at(&|f| f.intervals[j].upper[t])).collect(),
        })
        .collect();
    Forecast { point, intervals }
}

/// The member of `members` (fitted as `fits` on `y`) with the lowest mean absolute error over
/// the last [`SELECT_WINDOWS`] non-overlapping `horizon`-step windows of `y` (fewer when `y` is
/// short; at least `MIN_CONFORMAL_TRAIN` training points). A member that fails a window
/// scores infinity there; with no window at all, the first member. Ties go to the earlier one.
pub fn select_best<M: Fit>(members: &[M], y: &[f64], horizon: usize) -> usize {
    let k = SELECT_WINDOWS.min(y.len().saturating_sub(MIN_CONFORMAL_TRAIN) / horizon);
    let mut best = (0, f64::INFINITY);
    for (i, m) in members.iter().enumerate() {
        let mut err = 0.0;
        for w in 1..=k {
            let cut = y.len() - w * horizon;
            let mae = m
                .fit(&y[..cut])
                .and_then(|f| f.predict(horizon, &[]))
                .map(|f| {
                    let e: f64 = (0..horizon).map(|t| (y[cut + t] - f.point[t]).abs()).sum();
                    e / horizon as f64
                })
                .unwrap_or(f64::INFINITY);
            err += mae;
        }
        if err < best.1 {
            best = (i, err);
        }
    }
    best.0
}

/// Where a model's prediction intervals come from.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum IntervalMethod {
    /// The model's own intervals (for an ensemble: its members' bounds combined).
    #[default]
    Model,
    /// Split-conformal intervals from a rolling-origin backtest of the model on the series'
    /// last `windows` non-overlapping horizons (see [`conformal_forecast`]).
    Conformal {
        /// Backtest windows (1 ..= [`MAX_CONFORMAL_WINDOWS`](limits::MAX_CONFORMAL_WINDOWS)).
        windows: usize,
    },
}

/// Backtest windows of `intervals: "conformal"` when the caller gives none.
pub const DEFAULT_CONFORMAL_WINDOWS: usize = 3;

impl IntervalMethod {
    /// `"model"` or `"conformal"` (with `windows` backtest windows, default
    /// [`DEFAULT_CONFORMAL_WINDOWS`]); errors name `intervals` / `conformal_windows`.
    pub fn parse(s: Option<&str>, windows: Option<usize>) -> Result<IntervalMethod> {
        match s {
            None | Some("model") => {
                if windows.is_some() {
                    return Err(Error::invalid(
                        "conformal_windows",
                        "no conformal_windows unless intervals is \"conformal\"",
                        "conformal_windows without conformal intervals",
                    ));
                }
                Ok(IntervalMethod::Model)
            }
            Some("conformal") => {
                let windows = limits::check_count(
                    "conformal_windows",
                    windows.unwrap_or(DEFAULT_CONFORMAL_WINDOWS),
                    1,
                    limits::MAX_CONFORMAL_WINDOWS,
                )?;
                Ok(IntervalMethod::Conformal { windows })
            }
            Some(other) => Err(Error::invalid(
                "intervals",
                "\"model\" or \"conformal\"",
                quoted(other, 40),
            )),
        }
    }
}

/// Reference level whose interval half-width, divided by its normal quantile, gives each step's
/// scale in [`conformal_forecast`].
const SCALE_LEVEL: f64 = 0.8;

/// Fewest training points left before the first conformal backtest window.
const MIN_CONFORMAL_TRAIN: usize = 4;

/// Conformal intervals for `model` fitted on `y` (`fitted` is that fit).
///
/// The model is refitted on `y` without its last `k·horizon`, …, `horizon` points (`k` =
/// `windows`, fewer when the series is too short, at least `MIN_CONFORMAL_TRAIN` points left
/// for the first fit). Each window gives `horizon` nonconformity scores `|y − ŷ| / s_t`, with
/// `s_t` the window's own scale at step `t` (its `SCALE_LEVEL` half-width over the normal
/// quantile; steps with no usable scale use the scale 1). Pooling the `k·horizon` scores across
/// steps makes even one window usable on short yearly series; the interval at `level` is
/// `ŷ_t ± q·s_t` with `q` the `⌈(n + 1)·level⌉`-th smallest of the `n` scores. When that rank
/// passes `n` (fewer than `1 / (1 − level) − 1` scores, e.g. 18 at 95%), `q` is the largest
/// score or, if larger, the scores' root mean square times the level's Student-t quantile with
/// `2k` degrees of freedom (the model's Gaussian interval rescaled by the backtest's
/// error-to-scale ratio, widened for how little that ratio is known: the `horizon` errors of one
/// window share one forecast origin and carry about as much information as two independent
/// ones; with the normal quantile, 95% intervals covered 86.3% of the M3 yearly hold-outs, with
/// this one 92.7%, see `benches/results/ensemble.md`). Falls back to the model's own intervals when not even one
/// window fits, and says so in the returned flag (`false`).
pub fn conformal_forecast<M: Fit>(
    model: &M,
    fitted: &M::Fitted,
    y: &[f64],
    windows: usize,
    horizon: usize,
    levels: &[f64],
) -> Result<(Forecast, bool)> {
    let mut fc = fitted.predict(horizon, &with_scale_level(levels))?;
    let scale = scales(&fc, horizon);
    let usable = y.len().saturating_sub(MIN_CONFORMAL_TRAIN) / horizon;
    let k = windows.min(usable);
    if k == 0 || levels.is_empty() {
        fc.intervals.truncate(levels.len());
        return Ok((fc, k > 0));
    }
    let mut scores = Vec::with_capacity(k * horizon);
    for w in 1..=k {
        let cut = y.len() - w * horizon;
        let train = &y[..cut];
        let Ok(f) = model.fit(train) else { continue };
        let Ok(p) = f.predict(horizon, &[SCALE_LEVEL]) else {
            continue;
        };
        let s = scales(&p, horizon);
        for t in 0..horizon {
            let e = (y[cut + t] - p.point[t]).abs() / s[t];
            if e.is_finite() {
                scores.push(e);
            }
        }
    }
    if scores.is_empty() {
        fc.intervals.truncate(levels.len());
        return Ok((fc, false));
    }
    scores.sort_by(f64::total_cmp);
    let n = scores.len();
    // Past the largest score, the scores' RMS times the normal quantile (the scores are |z|
    // values when the model's scale is right).
    let rms = (scores.iter().map(|s| s * s).sum::<f64>() / n as f64).sqrt();
    let intervals = levels
        .iter()
        .map(|&level| {
            let rank = ((n + 1) as f64 * level).ceil() as usize;
            let q = if rank <= n {
                scores[rank.max(1) - 1]
            } else {
                scores[n - 1].max(rms * t_ppf(0.5 + level / 2.0, 2.0 * k as f64))
            };
            Interval {
                level,
                lower: (0..horizon).map(|t| fc.point[t] - q * scale[t]).collect(),
                upper: (0..horizon).map(|t| fc.point[t] + q * scale[t]).collect(),
            }
        })
        .collect();
    fc.intervals = intervals;
    Ok((fc, true))
}

/// `levels` followed by [`SCALE_LEVEL`] (the last interval of the forecast gives the scales).
fn with_scale_level(levels: &[f64]) -> Vec<f64> {
    let mut l = levels.to_vec();
    l.push(SCALE_LEVEL);
    l
}

/// Scale per step from the last interval of `fc` (1 where it is unusable).
fn scales(fc: &Forecast, horizon: usize) -> Vec<f64> {
    let z = norm_ppf(0.5 + SCALE_LEVEL / 2.0);
    let iv = fc.intervals.last();
    (0..horizon)
        .map(|t| {
            let s = iv.map_or(f64::NAN, |iv| (iv.upper[t] - iv.lower[t]) / (2.0 * z));
            if s.is_finite() && s > 1e-12 * fc.point[t].abs().max(1e-300) {
                s
            } else {
                1.0
            }
        })
        .collect()
}

#[cfg(test)]
mod tests;
