//! Forecast combinations and conformal intervals.
//!
//! - [`MemberSet`] / [`Combine`]: the `"ensemble"` model of the registry fits several registry
//!   models by name (default [`DEFAULT_MEMBERS`]) and combines their forecasts step by step
//!   (mean or median of the points, and the same combination of the members' bounds).
//! - [`IntervalMethod::Conformal`]: intervals of any registry model calibrated on its own
//!   rolling-origin backtest residuals ([`conformal_forecast`]).

use super::batch::{FittedModel, SeededModel};
use super::{Fit, Forecast, Interval, Predict};
use crate::error::{Error, Result};
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
];

/// Members of `model: "ensemble"` when the caller names none. AutoARIMA is a member on request
/// (`members`), not by default: it is slower than AutoETS (see `benches/results/arima.md`) and
/// would take the default ensemble past three times AutoETS's time.
pub const DEFAULT_MEMBERS: &[&str] = &["autoETS", "autoTheta"];

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
                let shown: String = n.chars().take(40).collect();
                return Err(Error::invalid(
                    format!("members[{i}]"),
                    format!("one of {}", quoted(MEMBER_NAMES)),
                    format!("{shown:?}"),
                ));
            };
            if bits & (1 << k) != 0 {
                return Err(Error::invalid(
                    format!("members[{i}]"),
                    "each member named once",
                    format!("{n:?} twice"),
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

fn quoted(names: &[&str]) -> String {
    names
        .iter()
        .map(|n| format!("{n:?}"))
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
            other => {
                let shown: String = other.chars().take(40).collect();
                Err(Error::invalid(
                    "combine",
                    "\"mean\", \"median\" or \"best\"",
                    format!("{shown:?}"),
                ))
            }
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
pub fn select_best(members: &[SeededModel], y: &[f64], horizon: usize) -> usize {
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
            Some(other) => {
                let shown: String = other.chars().take(40).collect();
                Err(Error::invalid(
                    "intervals",
                    "\"model\" or \"conformal\"",
                    format!("{shown:?}"),
                ))
            }
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
pub fn conformal_forecast(
    model: &SeededModel,
    fitted: &FittedModel,
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
mod tests {
    use super::*;
    use crate::bandit::sample::std_normal;
    use crate::forecast::batch::{BatchModel, ModelOptions};
    use crate::forecast::Baseline;

    fn seeded(model: BatchModel, intervals: IntervalMethod) -> SeededModel {
        SeededModel {
            model,
            seed: 7,
            non_negative: false,
            intervals,
        }
    }

    fn named(name: &str, m: usize) -> BatchModel {
        let o = ModelOptions {
            model: Some(name),
            season_length: Some(m),
            ..ModelOptions::default()
        };
        BatchModel::from_options(&o, None).unwrap().0
    }

    #[test]
    fn ensemble_of_fixed_models_is_their_mean_or_median() {
        let y: Vec<f64> = (0..30)
            .map(|t| 20.0 + 0.7 * t as f64 + [3.0, -1.0, -4.0, 2.0][t % 4])
            .collect();
        let levels = [0.8, 0.95];
        let one = |name: &str| {
            seeded(named(name, 4), IntervalMethod::Model)
                .fit(&y)
                .unwrap()
                .predict(5, &levels)
                .unwrap()
        };
        let (a, b, c) = (one("naive"), one("drift"), one("seasonalNaive"));
        let ens = |members: &[&str], combine: &str| {
            let members: Vec<String> = members.iter().map(|s| s.to_string()).collect();
            let o = ModelOptions {
                model: Some("ensemble"),
                season_length: Some(4),
                members: Some(&members),
                combine: Some(combine),
                ..ModelOptions::default()
            };
            let model = BatchModel::from_options(&o, None).unwrap().0;
            let f = seeded(model, IntervalMethod::Model).fit(&y).unwrap();
            (f.predict(5, &levels).unwrap(), f.name())
        };
        let (mean, name) = ens(&["naive", "drift"], "mean");
        assert_eq!(name, "Ensemble[mean](Naive, Drift)");
        for t in 0..5 {
            assert_eq!(mean.point[t], (a.point[t] + b.point[t]) / 2.0);
            for j in 0..2 {
                let (l, u) = (&mean.intervals[j].lower, &mean.intervals[j].upper);
                assert_eq!(
                    l[t],
                    (a.intervals[j].lower[t] + b.intervals[j].lower[t]) / 2.0
                );
                assert_eq!(
                    u[t],
                    (a.intervals[j].upper[t] + b.intervals[j].upper[t]) / 2.0
                );
            }
        }
        let (median, _) = ens(&["seasonalNaive", "drift", "naive"], "median");
        for t in 0..5 {
            let mut v = [a.point[t], b.point[t], c.point[t]];
            v.sort_by(f64::total_cmp);
            assert_eq!(median.point[t], v[1]);
            assert!(median.point[t] != mean.point[t] || v[1] == (v[0] + v[2]) / 2.0);
        }
        // Two members: the median is their mean.
        assert_eq!(ens(&["naive", "drift"], "median").0, mean);
        // The same ensemble through the batch registry, with the default members.
        let o = ModelOptions {
            model: Some("ensemble"),
            ..ModelOptions::default()
        };
        let (model, m) = BatchModel::from_options(&o, Some(&y)).unwrap();
        assert_eq!(m, 4);
        let f = seeded(model, IntervalMethod::Model).fit(&y).unwrap();
        assert!(f.name().starts_with("Ensemble[mean](ETS("), "{}", f.name());
        assert!(f.name().contains("Theta"), "{}", f.name());
    }

    #[test]
    fn ensemble_options_are_checked() {
        let msg = |o: ModelOptions| BatchModel::from_options(&o, None).unwrap_err().to_string();
        let names = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
        let ens = ModelOptions {
            model: Some("ensemble"),
            ..ModelOptions::default()
        };
        let bad = names(&["naive", "prophet"]);
        let e = msg(ModelOptions {
            members: Some(&bad),
            ..ens
        });
        assert!(
            e.contains("`members[1]`") && e.contains("\"prophet\""),
            "{e}"
        );
        let twice = names(&["naive", "naive"]);
        assert!(msg(ModelOptions {
            members: Some(&twice),
            ..ens
        })
        .contains("each member named once"));
        let none = names(&[]);
        assert!(msg(ModelOptions {
            members: Some(&none),
            ..ens
        })
        .contains("`members`"));
        let e = msg(ModelOptions {
            combine: Some("max"),
            ..ens
        });
        assert!(
            e.contains("`combine`") && e.contains("\"mean\", \"median\" or \"best\""),
            "{e}"
        );
        let e = msg(ModelOptions {
            model: Some("naive"),
            combine: Some("mean"),
            ..ModelOptions::default()
        });
        assert!(e.contains("unless model is \"ensemble\""), "{e}");
        let e = IntervalMethod::parse(Some("bootstrap"), None).unwrap_err();
        assert!(e.to_string().contains("`intervals`"), "{e}");
        let e = IntervalMethod::parse(Some("conformal"), Some(1 << 31)).unwrap_err();
        assert!(e.to_string().contains("`conformal_windows`"), "{e}");
        let e = IntervalMethod::parse(None, Some(3)).unwrap_err();
        assert!(e.to_string().contains("`conformal_windows`"), "{e}");
        assert_eq!(
            IntervalMethod::parse(Some("conformal"), None).unwrap(),
            IntervalMethod::Conformal {
                windows: DEFAULT_CONFORMAL_WINDOWS
            }
        );
    }

    #[test]
    fn conformal_intervals_cover_at_their_level_where_the_model_over_covers() {
        // White noise around a constant: the naive model's intervals widen with sqrt(h) though
        // its errors do not grow, so they over-cover; conformal intervals from its backtest
        // come back to the nominal level.
        let mut rng = crate::rng::seeded(11);
        let (h, levels) = (4, [0.8, 0.95]);
        let mut inside = [[0usize; 2]; 2];
        let mut total = 0;
        for _ in 0..300 {
            let y: Vec<f64> = (0..54).map(|_| 10.0 + std_normal(&mut rng)).collect();
            let (train, test) = y.split_at(50);
            for (k, method) in [
                IntervalMethod::Model,
                IntervalMethod::Conformal { windows: 10 },
            ]
            .into_iter()
            .enumerate()
            {
                let fc = seeded(BatchModel::Baseline(Baseline::Naive), method)
                    .fit(train)
                    .unwrap()
                    .predict(h, &levels)
                    .unwrap();
                for (j, iv) in fc.intervals.iter().enumerate() {
                    inside[k][j] += (0..h)
                        .filter(|&t| iv.lower[t] <= test[t] && test[t] <= iv.upper[t])
                        .count();
                }
            }
            total += h;
        }
        let cov = |k: usize, j: usize| inside[k][j] as f64 / total as f64;
        assert!(cov(0, 0) > 0.9 && cov(0, 1) > 0.985, "{inside:?}");
        assert!((cov(1, 0) - 0.8).abs() < 0.04, "{inside:?}");
        assert!((cov(1, 1) - 0.95).abs() < 0.025, "{inside:?}");
        // Same seed and series, same intervals; the name says where they come from.
        let y: Vec<f64> = (0..30).map(|t| (t % 5) as f64).collect();
        let m = seeded(named("theta", 1), IntervalMethod::Conformal { windows: 3 });
        let f = m.fit(&y).unwrap();
        assert_eq!(
            f.predict(3, &levels).unwrap(),
            m.fit(&y).unwrap().predict(3, &levels).unwrap()
        );
        assert!(f.name().ends_with(" conformal"), "{}", f.name());
        // Too short for any window: the model's own intervals.
        let short = seeded(
            BatchModel::Baseline(Baseline::Naive),
            IntervalMethod::Conformal { windows: 3 },
        );
        let plain = seeded(BatchModel::Baseline(Baseline::Naive), IntervalMethod::Model);
        let y = [1.0, 2.0, 3.0, 4.0, 5.0];
        assert_eq!(
            short.fit(&y).unwrap().predict(3, &levels).unwrap(),
            plain.fit(&y).unwrap().predict(3, &levels).unwrap()
        );
    }

    #[test]
    fn best_picks_the_member_with_the_lowest_backtest_error() {
        let pick = |y: &[f64], members: &[&str]| {
            let members: Vec<String> = members.iter().map(|s| s.to_string()).collect();
            let o = ModelOptions {
                model: Some("ensemble"),
                season_length: Some(4),
                members: Some(&members),
                combine: Some("best"),
                ..ModelOptions::default()
            };
            let model = BatchModel::from_options(&o, None).unwrap().0;
            let f = seeded(model, IntervalMethod::Model).fit(y).unwrap();
            let fc = f.predict(4, &[0.9]).unwrap();
            (fc, f.name())
        };
        let single = |y: &[f64], model: BatchModel| {
            seeded(model, IntervalMethod::Model)
                .fit(y)
                .unwrap()
                .predict(4, &[0.9])
                .unwrap()
        };
        // A straight line: drift is exact, naive lags.
        let line: Vec<f64> = (0..30).map(|t| 5.0 + 2.0 * t as f64).collect();
        let (fc, name) = pick(&line, &["naive", "drift"]);
        assert_eq!(name, "Best(Drift)");
        assert_eq!(fc, single(&line, BatchModel::Baseline(Baseline::Drift)));
        // A pure season of 4: seasonal naive is exact, drift and naive are not.
        let season: Vec<f64> = (0..30).map(|t| [1.0, 5.0, 2.0, 8.0][t % 4]).collect();
        let (fc, name) = pick(&season, &["naive", "drift", "seasonalNaive"]);
        assert_eq!(name, "Best(SeasonalNaive(4))");
        let sn = BatchModel::Baseline(Baseline::SeasonalNaive { season_length: 4 });
        assert_eq!(fc, single(&season, sn));
        // The choice follows the backtest errors computed by hand.
        let members: Vec<SeededModel> = [Baseline::Naive, Baseline::Drift]
            .into_iter()
            .map(|b| seeded(BatchModel::Baseline(b), IntervalMethod::Model))
            .collect();
        let y: Vec<f64> = (0..20)
            .map(|t| ((t * 7) % 5) as f64 + 0.1 * t as f64)
            .collect();
        let errs: Vec<f64> = members
            .iter()
            .map(|m| {
                (1..=SELECT_WINDOWS)
                    .map(|w| {
                        let cut = y.len() - 4 * w;
                        let p = m.fit(&y[..cut]).unwrap().predict(4, &[]).unwrap().point;
                        (0..4).map(|t| (y[cut + t] - p[t]).abs()).sum::<f64>() / 4.0
                    })
                    .sum()
            })
            .collect();
        let want = usize::from(errs[1] < errs[0]);
        assert_eq!(select_best(&members, &y, 4), want, "{errs:?}");
    }
}
