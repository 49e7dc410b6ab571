//! MSTL: multiple seasonal-trend decomposition by loess (Bandara, Hyndman & Bergmeir 2021), as
//! R's `forecast::mstl` and statsforecast's `MSTL` forecast with it: each season is extracted in
//! turn by [`Stl`] (seasonal windows 11, 15, 19, …, two passes over the seasons when there are
//! several), the seasonally adjusted series (trend + remainder) is forecast by a non-seasonal
//! [`TrendModel`] (AutoETS by default, as statsforecast's `AutoETS(model="ZZN")`), and each
//! seasonal component by seasonal naive (its last cycle repeated). Intervals are the trend
//! model's, shifted by the seasonal forecast.
//!
//! External regressors (holidays, promotions: see [`super::events`]) are regressed out first, by
//! backfitting: the decomposition and a least-squares fit of what it leaves on the regressors
//! alternate, so that a holiday is not mistaken for a weekday effect nor a weekday for a
//! holiday. Their effect is added back to the forecast from the regressors' future rows.
//!
//! Season lengths need not be whole (365.25 days): each is rounded to the nearest whole number
//! of steps for the decomposition. Seasons with fewer than two full cycles in the series are
//! dropped (and named so in the model name).

use super::ets::init::lstsq;
use super::stl::Stl;
use super::{
    check_request, check_series, AutoEts, EtsSearch, Fit, FittedEts, FittedTheta, Forecast,
    Predict, Theta, ThetaVariant,
};
use crate::error::{check, quoted, Error, Result};
use crate::limits;
use crate::num::Num;

/// The non-seasonal model that forecasts MSTL's seasonally adjusted series. A new trend model
/// plugs in as one more variant fitted in `TrendModel::fit` (as the registry fits it).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum TrendModel {
    /// Non-seasonal AutoETS (statsforecast's MSTL default), with the given search.
    #[default]
    AutoEts,
    /// Non-seasonal AutoETS with statsforecast's search.
    AutoEtsStatsforecast,
    /// AutoTheta without deseasonalisation.
    AutoTheta,
}

impl TrendModel {
    /// Parses `"autoETS"` or `"autoTheta"` (`search` chooses the AutoETS search).
    pub fn parse(name: &str, search: EtsSearch) -> Result<Self> {
        match (name, search) {
            ("autoETS", EtsSearch::Fast) => Ok(TrendModel::AutoEts),
            ("autoETS", EtsSearch::Statsforecast) => Ok(TrendModel::AutoEtsStatsforecast),
            ("autoTheta", _) => Ok(TrendModel::AutoTheta),
            _ => Err(Error::invalid(
                "trend_model",
                "\"autoETS\" or \"autoTheta\"",
                quoted(name, 40),
            )),
        }
    }

    /// Fits the seasonally adjusted series `y` (never seasonal; `seed` for simulated intervals),
    /// exactly as the registry's `"autoETS"` / `"autoTheta"` with season length 1 would.
    fn fit(self, y: &[f64], seed: u64) -> Result<FittedTrend> {
        Ok(match self {
            TrendModel::AutoEts | TrendModel::AutoEtsStatsforecast => {
                let search = if self == TrendModel::AutoEts {
                    EtsSearch::Fast
                } else {
                    EtsSearch::Statsforecast
                };
                let model = AutoEts {
                    season_length: Some(1),
                    search,
                    seed,
                    ..AutoEts::default()
                };
                FittedTrend::Ets(model.fit(y)?)
            }
            TrendModel::AutoTheta => FittedTrend::Theta(
                Theta {
                    variant: ThetaVariant::Auto,
                    season_length: 1,
                    seed,
                }
                .fit(y)?,
            ),
        })
    }
}

/// A fitted [`TrendModel`].
#[derive(Debug, Clone)]
enum FittedTrend {
    /// Non-seasonal AutoETS.
    Ets(FittedEts),
    /// AutoTheta.
    Theta(FittedTheta),
}

impl Predict for FittedTrend {
    /// Predicts; a NaN or infinite point forecast or bound is an error naming the trend model
    /// (as the registry checks every model's forecast).
    fn predict(&self, horizon: usize, levels: &[f64]) -> Result<Forecast> {
        let fc = match self {
            FittedTrend::Ets(f) => f.predict(horizon, levels)?,
            FittedTrend::Theta(f) => f.predict(horizon, levels)?,
        };
        fc.check_finite(|| self.name())?;
        Ok(fc)
    }

    fn name(&self) -> String {
        match self {
            FittedTrend::Ets(f) => f.name(),
            FittedTrend::Theta(f) => f.name(),
        }
    }
}

/// Up to [`MAX_SEASONALITIES`](limits::MAX_SEASONALITIES) season lengths, each in
/// `[2, MAX_SEASON_LENGTH]` (a small copyable set, so models stay `Copy`).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct SeasonLengths {
    len: usize,
    values: [f64; limits::MAX_SEASONALITIES],
}

impl SeasonLengths {
    /// Validates and sorts `m` (argument name `season_lengths` in errors).
    pub fn new(m: &[f64]) -> Result<Self> {
        if m.is_empty() || m.len() > limits::MAX_SEASONALITIES {
            return Err(Error::invalid(
                "season_lengths",
                format!("1 to {} season lengths", limits::MAX_SEASONALITIES),
                format!("{} season lengths", m.len()),
            ));
        }
        let mut values = [0.0; limits::MAX_SEASONALITIES];
        for (i, &v) in m.iter().enumerate() {
            check::finite(&format!("season_lengths[{i}]"), &[v])?;
            if !(2.0..=limits::MAX_SEASON_LENGTH as f64).contains(&v) {
                return Err(Error::invalid(
                    format!("season_lengths[{i}]"),
                    format!("a season length in [2, {}]", limits::MAX_SEASON_LENGTH),
                    v,
                ));
            }
            values[i] = v;
        }
        values[..m.len()].sort_by(f64::total_cmp);
        Ok(SeasonLengths {
            len: m.len(),
            values,
        })
    }

    /// The season lengths, shortest first.
    pub fn as_slice(&self) -> &[f64] {
        &self.values[..self.len]
    }
}

/// MSTL parameters.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Mstl {
    /// Season lengths (e.g. 7 and 365.25 for daily data).
    pub seasons: SeasonLengths,
    /// Model of the seasonally adjusted series.
    pub trend: TrendModel,
    /// Seed of simulated intervals of the trend model.
    pub seed: u64,
}

/// External regressors aligned with a series: `columns[j][t]` is regressor `j` at step `t`.
pub type Columns = [Vec<f64>];

/// A fitted MSTL model.
#[derive(Debug, Clone)]
pub struct FittedMstl {
    /// Whole season lengths used (those with two full cycles in the series).
    periods: Vec<usize>,
    /// Last cycle of each seasonal component.
    last_cycle: Vec<Vec<f64>>,
    trend: FittedTrend,
    /// Regression coefficients of the external regressors (empty without them).
    beta: Vec<f64>,
    dropped: Vec<f64>,
}

/// Backfitting passes of decomposition and regression ([`backfit`]).
const BACKFIT_PASSES: usize = 5;

impl Mstl {
    /// MSTL with the default trend model (AutoETS) and seed 0.
    pub fn new(seasons: SeasonLengths) -> Self {
        Mstl {
            seasons,
            trend: TrendModel::AutoEts,
            seed: 0,
        }
    }

    /// The whole periods of `seasons` with two full cycles in `n` points, and the dropped ones.
    fn periods(&self, n: usize) -> (Vec<usize>, Vec<f64>) {
        let mut keep = Vec::new();
        let mut dropped = Vec::new();
        for &m in self.seasons.as_slice() {
            let p = m.round() as usize;
            if 2 * p <= n && !keep.contains(&p) {
                keep.push(p);
            } else if !keep.contains(&p) {
                dropped.push(m);
            }
        }
        (keep, dropped)
    }

    /// The seasonal components of `y` for `periods` (none when `periods` is empty).
    fn decompose(periods: &[usize], y: &[f64]) -> Result<Vec<Vec<f64>>> {
        let mut seas = vec![vec![0.0; y.len()]; periods.len()];
        let mut deseas = y.to_vec();
        let iterate = if periods.len() > 1 { 2 } else { 1 };
        for _ in 0..iterate {
            for (i, &p) in periods.iter().enumerate() {
                for (d, s) in deseas.iter_mut().zip(&seas[i]) {
                    *d += s;
                }
                let d = Stl::new(p, 7 + 4 * (i + 1)).decompose(&deseas)?;
                seas[i] = d.seasonal;
                for (d, s) in deseas.iter_mut().zip(&seas[i]) {
                    *d -= s;
                }
            }
        }
        Ok(seas)
    }

    /// Fits `y` with optional external regressors `xreg` (one column per regressor, each as long
    /// as `y`; at most [`MAX_REGRESSORS`](limits::MAX_REGRESSORS)).
    pub fn fit_xreg(&self, y: &[f64], xreg: Option<&Columns>) -> Result<FittedMstl> {
        check_series(y)?;
        let n = y.len();
        let xreg = xreg.filter(|x| !x.is_empty());
        if let Some(x) = xreg {
            check_columns("xreg", x, n)?;
        }
        let (periods, dropped) = self.periods(n);
        let (beta, seas) = match xreg {
            Some(x) => {
                let beta = backfit(&periods, y, x)?;
                let adj: Vec<f64> = (0..n).map(|t| y[t] - effect(x, &beta, t)).collect();
                (beta, Self::decompose(&periods, &adj)?)
            }
            None => (Vec::new(), Self::decompose(&periods, y)?),
        };
        let removed = |t: usize| {
            seas.iter().map(|s| s[t]).sum::<f64>() + xreg.map_or(0.0, |x| effect(x, &beta, t))
        };
        let adjusted: Vec<f64> = (0..n).map(|t| y[t] - removed(t)).collect();
        let trend = self.trend.fit(&adjusted, self.seed)?;
        let last_cycle = periods
            .iter()
            .zip(&seas)
            .map(|(&p, s)| s[n - p..].to_vec())
            .collect();
        Ok(FittedMstl {
            periods,
            last_cycle,
            trend,
            beta,
            dropped,
        })
    }
}

/// The regression effect `Σ_j x[j][t] · beta[j]` at step `t`.
pub(crate) fn effect(x: &Columns, beta: &[f64], t: usize) -> f64 {
    x.iter().zip(beta).map(|(c, b)| c[t] * b).sum()
}

/// Coefficients of regressors `x` (columns as long as `y`) on `y` with seasons `periods` (whole,
/// each with two cycles in `y`; empty for none), by backfitting: the MSTL decomposition of the
/// series without the current effect and a least-squares fit (with intercept) of what it and a
/// smooth trend leave on the regressors alternate, `BACKFIT_PASSES` times. A regressor that
/// is constant or duplicates another gets the minimum-norm share (SVD).
pub fn backfit(periods: &[usize], y: &[f64], x: &Columns) -> Result<Vec<f64>> {
    let (n, k) = (y.len(), x.len());
    let mut rows = Vec::with_capacity(n * (k + 1));
    for t in 0..n {
        rows.push(1.0);
        rows.extend(x.iter().map(|c| c[t]));
    }
    let mut beta = vec![0.0; k];
    let mut adj = y.to_vec();
    for _ in 0..BACKFIT_PASSES {
        let seas = Mstl::decompose(periods, &adj)?;
        // What the seasons and a smooth trend (of the series without the current effect)
        // leave is regressed on the regressors.
        let target: Vec<f64> = (0..n)
            .map(|t| y[t] - seas.iter().map(|s| s[t]).sum::<f64>())
            .collect();
        let cleaned: Vec<f64> = (0..n).map(|t| target[t] - effect(x, &beta, t)).collect();
        let smooth = trend_of(&cleaned, periods);
        let resid: Vec<f64> = target.iter().zip(&smooth).map(|(a, b)| a - b).collect();
        let b = lstsq(&rows, k + 1, &resid)
            .ok_or_else(|| Error::Numerical("the regressors could not be fitted".into()))?;
        beta = b[1..].to_vec();
        for t in 0..n {
            adj[t] = y[t] - effect(x, &beta, t);
        }
    }
    Ok(beta)
}

/// A smooth trend of `y` for the backfitting: a centred moving average over the longest period
/// (odd window), its ends held at the nearest full average; `y` itself without periods.
fn trend_of(y: &[f64], periods: &[usize]) -> Vec<f64> {
    let n = y.len();
    let w = periods.iter().copied().max().unwrap_or(1).min(n);
    let w = if w % 2 == 0 { w + 1 } else { w }.min(if n % 2 == 0 { n - 1 } else { n });
    if w <= 1 {
        return vec![y.iter().sum::<f64>() / n as f64; n];
    }
    let half = w / 2;
    let mut out = vec![0.0; n];
    let mut s: f64 = y[..w].iter().sum();
    for c in half..n - half {
        if c > half {
            s += y[c + half] - y[c - half - 1];
        }
        out[c] = s / w as f64;
    }
    for t in 0..half {
        out[t] = out[half];
        out[n - 1 - t] = out[n - 1 - half];
    }
    out
}

/// Checks regressor columns: at most `MAX_REGRESSORS`, each of `len` finite values.
pub(crate) fn check_columns(arg: &str, x: &Columns, len: usize) -> Result<()> {
    if x.len() > limits::MAX_REGRESSORS {
        return Err(Error::invalid(
            arg,
            format!("at most {} regressors", limits::MAX_REGRESSORS),
            format!("{} regressors", x.len()),
        ));
    }
    for (j, c) in x.iter().enumerate() {
        if c.len() != len {
            return Err(Error::invalid(
                format!("{arg}[{j}]"),
                format!("{len} values (one per step)"),
                format!("{} values", c.len()),
            ));
        }
        check::finite(&format!("{arg}[{j}]"), c)?;
    }
    Ok(())
}

impl Fit for Mstl {
    type Fitted = FittedMstl;

    fn fit(&self, y: &[f64]) -> Result<FittedMstl> {
        self.fit_xreg(y, None)
    }
}

impl FittedMstl {
    /// Season lengths used by the decomposition (whole steps).
    pub fn periods(&self) -> &[usize] {
        &self.periods
    }

    /// Coefficients of the external regressors (empty without them).
    pub fn coefficients(&self) -> &[f64] {
        &self.beta
    }

    /// Forecasts `horizon` steps; `future` holds the regressors' values over the horizon (one
    /// column per regressor, `horizon` values each), required when the fit had regressors.
    pub fn predict_xreg(
        &self,
        horizon: usize,
        levels: &[f64],
        future: Option<&Columns>,
    ) -> Result<Forecast> {
        check_request(horizon, levels)?;
        let effect: Vec<f64> = if self.beta.is_empty() {
            vec![0.0; horizon]
        } else {
            let x = future.ok_or_else(|| {
                Error::invalid(
                    "xreg",
                    format!(
                        "the {} regressors' values over the horizon",
                        self.beta.len()
                    ),
                    "none",
                )
            })?;
            if x.len() != self.beta.len() {
                return Err(Error::invalid(
                    "xreg",
                    format!("{} regressors, as fitted", self.beta.len()),
                    format!("{} regressors", x.len()),
                ));
            }
            check_columns("xreg", x, horizon)?;
            (0..horizon)
                .map(|h| x.iter().zip(&self.beta).map(|(c, b)| c[h] * b).sum())
                .collect()
        };
        let mut fc = self.trend.predict(horizon, levels)?;
        let shift: Vec<f64> = (0..horizon)
            .map(|h| effect[h] + self.last_cycle.iter().map(|c| c[h % c.len()]).sum::<f64>())
            .collect();
        let add = |v: &mut Vec<f64>| v.iter_mut().zip(&shift).for_each(|(a, s)| *a += s);
        add(&mut fc.point);
        for iv in &mut fc.intervals {
            add(&mut iv.lower);
            add(&mut iv.upper);
        }
        Ok(fc)
    }
}

impl Predict for FittedMstl {
    fn predict(&self, horizon: usize, levels: &[f64]) -> Result<Forecast> {
        self.predict_xreg(horizon, levels, None)
    }

    fn name(&self) -> String {
        let p: Vec<String> = self.periods.iter().map(|p| p.to_string()).collect();
        let mut s = format!("MSTL([{}], {})", p.join(","), self.trend.name());
        if !self.dropped.is_empty() {
            let d: Vec<String> = self.dropped.iter().map(|&p| Num(p).to_string()).collect();
            s.push_str(&format!(" without {} (under two cycles)", d.join(",")));
        }
        if !self.beta.is_empty() {
            s.push_str(&format!(" + {} regressors", self.beta.len()));
        }
        s
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rng;
    use rand::Rng as _;
    use std::f64::consts::PI;

    fn two_seasons(n: usize, noise: f64) -> Vec<f64> {
        let mut r = rng::seeded(5);
        (0..n)
            .map(|t| {
                let t = t as f64;
                100.0
                    + 0.05 * t
                    + 10.0 * (2.0 * PI * t / 24.0).sin()
                    + 6.0 * (2.0 * PI * t / 168.0).cos()
                    + noise * (r.random::<f64>() - 0.5)
            })
            .collect()
    }

    #[test]
    fn two_seasons_forecast_well_and_beat_one() {
        let y = two_seasons(24 * 7 * 6 + 48, 2.0);
        let (train, test) = y.split_at(y.len() - 48);
        let both = Mstl::new(SeasonLengths::new(&[168.0, 24.0]).unwrap())
            .fit(train)
            .unwrap();
        assert_eq!(both.periods(), &[24, 168]);
        let f = both.predict(48, &[0.9]).unwrap();
        let mae = |p: &[f64]| p.iter().zip(test).map(|(a, b)| (a - b).abs()).sum::<f64>() / 48.0;
        let one = Mstl::new(SeasonLengths::new(&[24.0]).unwrap())
            .fit(train)
            .unwrap()
            .predict(48, &[])
            .unwrap();
        assert!(mae(&f.point) < 1.5, "{}", mae(&f.point));
        assert!(mae(&f.point) < 0.5 * mae(&one.point));
        let iv = &f.intervals[0];
        let inside = (0..48)
            .filter(|&h| iv.lower[h] <= test[h] && test[h] <= iv.upper[h])
            .count();
        // The decomposition absorbs some noise, so the trend model's intervals run narrow (as
        // statsforecast's MSTL's): 90% intervals cover 34 of these 48 steps.
        assert!(inside >= 30, "{inside}");
        assert!(
            both.name().starts_with("MSTL([24,168], ETS("),
            "{}",
            both.name()
        );
    }

    #[test]
    fn short_seasons_are_dropped_and_bad_input_refused() {
        let y = two_seasons(100, 1.0);
        let fit = Mstl::new(SeasonLengths::new(&[24.0, 365.25]).unwrap())
            .fit(&y)
            .unwrap();
        assert_eq!(fit.periods(), &[24]);
        assert!(fit.name().contains("without 365.25"), "{}", fit.name());
        let err = |m: &[f64]| SeasonLengths::new(m).unwrap_err().to_string();
        assert!(err(&[]).contains("1 to 4 season lengths"));
        assert!(err(&[7.0; 5]).contains("1 to 4"));
        assert!(err(&[1.0]).contains("`season_lengths[0]`"));
        assert!(err(&[7.0, f64::NAN]).contains("`season_lengths[1]`"));
        assert!(err(&[1e9]).contains("[2, 8784]"));
        let m = Mstl::new(SeasonLengths::new(&[7.0]).unwrap());
        assert!(m.fit(&[1.0, f64::INFINITY]).is_err());
        assert!(m.fit(&[]).is_err());
        // Regressors must match the series and the horizon.
        let x = vec![vec![0.0; 99]];
        assert!(m
            .fit_xreg(&y, Some(&x))
            .unwrap_err()
            .to_string()
            .contains("`xreg[0]`: expected 100 values"));
        let x = vec![(0..100)
            .map(|t| (t % 10 == 0) as u8 as f64)
            .collect::<Vec<_>>()];
        let fit = m.fit_xreg(&y, Some(&x)).unwrap();
        assert!(fit
            .predict(5, &[])
            .unwrap_err()
            .to_string()
            .contains("`xreg`"));
        assert!(fit
            .predict_xreg(5, &[], Some(&[vec![0.0; 4]]))
            .unwrap_err()
            .to_string()
            .contains("5 values"));
    }

    #[test]
    fn regressors_recover_an_event_effect_on_a_weekly_series() {
        // Daily data with a weekly pattern; an "event" adds 30 on scattered days.
        let n = 210;
        let event: Vec<f64> = (0..n + 14).map(|t| (t % 13 == 5) as u8 as f64).collect();
        let mut r = rng::seeded(9);
        let y: Vec<f64> = (0..n + 14)
            .map(|t| {
                50.0 + 8.0 * [0.0, 1.0, 2.0, 1.5, 0.5, -3.0, -2.0][t % 7]
                    + 30.0 * event[t]
                    + r.random::<f64>()
            })
            .collect();
        let m = Mstl::new(SeasonLengths::new(&[7.0]).unwrap());
        let fit = m.fit_xreg(&y[..n], Some(&[event[..n].to_vec()])).unwrap();
        assert!(
            (fit.coefficients()[0] - 30.0).abs() < 2.0,
            "{:?}",
            fit.coefficients()
        );
        let with = fit
            .predict_xreg(14, &[], Some(&[event[n..].to_vec()]))
            .unwrap();
        let without = m.fit(&y[..n]).unwrap().predict(14, &[]).unwrap();
        let mae = |p: &[f64]| {
            p.iter()
                .zip(&y[n..])
                .map(|(a, b)| (a - b).abs())
                .sum::<f64>()
                / 14.0
        };
        assert!(event[n..].contains(&1.0));
        assert!(mae(&with.point) < 0.5 * mae(&without.point));
        assert!(fit.name().ends_with("+ 1 regressors"), "{}", fit.name());
    }
}
