//! AutoETS: fit every admissible ETS form and keep the smallest AICc (Hyndman et al. 2002;
//! R's `ets(model = "ZZZ")`, statsforecast's `AutoETS`).

use super::fit::{
    aicc, assemble, check_season, finish, fit_spec, is_constant, param_count, search, FittedEts,
    ETS_SEARCH,
};
use super::model::Smoothing;
use super::{ErrorType, EtsSpec, SeasonType, TrendType};
use crate::error::{quoted, Error, Result};
use crate::forecast::optim::NelderMead;
use crate::forecast::seasonality::detect_season_length;
use crate::forecast::{check_series, too_short, Fit};

// The three settings below were measured one after another on all M3 monthly + quarterly series
// (mean MASE monthly / quarterly, native CPU time of both sets); the figures are those of the
// step that introduced each, `benches/results/forecast_notes.md` has the whole sequence.

/// AICc margin of the first round: non-seasonal forms are fitted in full only if one of them,
/// with its smoothing parameters alone optimised, comes within this margin of the best seasonal
/// form. Margin 0 skips them on 40% of the series, 10 on 33%, 100 on 10%: mean MASE
/// 0.7100 / 1.1598, 0.7102 / 1.1626, 0.7105 / 1.1626 (never skipping: 0.7105 / 1.1626) in
/// 1.49, 1.49, 1.74 s (never: 1.76 s).
const NON_SEASONAL_MARGIN: f64 = 10.0;

/// First-round search of a form's smoothing parameters (1–3 dimensions, states held): tolerance
/// 1e-3 on `-2 log L`. 1e-7: 0.7137 / 1.1689 in 2.5 s; 1e-5: 0.7145 / 1.1681, 2.1 s;
/// 1e-3: 0.7105 / 1.1626, 1.8 s; 1e-2: 0.7088 / 1.1612, 1.6 s.
pub(crate) const ROUND1_SEARCH: NelderMead = NelderMead {
    tol: 1e-3,
    ..ETS_SEARCH
};

/// Search that refines all parameters and initial states of the best seasonal form from its
/// first-round optimum: 300 evaluations. 1 evaluation: 0.7116 / 1.1716 in 1.5 s; 100:
/// 0.7095 / 1.1654, 1.6 s; 300: 0.7105 / 1.1626, 1.8 s; 600: 0.7113 / 1.1697, 2.0 s.
const REFINE_SEARCH: NelderMead = NelderMead {
    max_evals: 300,
    ..ETS_SEARCH
};

/// How [`AutoEts`] searches the candidate forms.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub enum EtsSearch {
    /// edgewise's two-round search (the default): seasonal forms ranked after a search of their
    /// smoothing parameters alone, the winner refined in full; the usual constraints
    /// `beta <= alpha`, `gamma <= 1 - alpha` and the simple admissibility inequalities enforced.
    /// Several times faster on
    /// seasonal data and, on M3, slightly more accurate than statsforecast.
    #[default]
    Fast,
    /// statsforecast 2.1's `AutoETS` reproduced step by step (every form fitted in full, same
    /// start, bounds, simplex and order; see the `statsforecast_search` module): the same model, AICc and point
    /// forecasts as statsforecast to a few decimals, for pipelines that must agree with it. Up to
    /// ten times slower than [`EtsSearch::Fast`] on seasonal data.
    Statsforecast,
}

impl EtsSearch {
    /// Parses `"fast"` or `"statsforecast"`.
    pub fn parse(name: &str) -> Result<Self> {
        match name {
            "fast" => Ok(EtsSearch::Fast),
            "statsforecast" => Ok(EtsSearch::Statsforecast),
            _ => Err(Error::invalid(
                "search",
                "\"fast\" or \"statsforecast\"",
                quoted(name, usize::MAX),
            )),
        }
    }
}

/// Automatic ETS model selection by AICc.
///
/// Candidates: error A/M × trend N/A/Ad × season N/A/M, without the unstable ETS(A,·,M) forms;
/// multiplicative error and season only for strictly positive data. Non-seasonal candidates are
/// fitted as by [`crate::forecast::Ets`] (smoothing parameters and initial states together).
/// Seasonal candidates are compared after a search of their smoothing parameters alone, initial
/// states held at the decomposition-based start; the best of them then has all parameters and
/// states refined before the final AICc comparison. Non-seasonal candidates are skipped when,
/// compared the same way, none comes within 10 AICc units of the best seasonal one. This
/// two-round scheme costs a fraction of fitting every seasonal form in full (12–17 dimensions
/// each) at equal M3 accuracy (see `benches/results/forecast_notes.md`). With
/// `search: EtsSearch::Statsforecast` every candidate is instead fitted in full as statsforecast
/// does it, in its order and with its bounds (seasonal forms up to `max_season_length`, which
/// statsforecast does not cap: raise it to match statsforecast on longer seasons). Documented
/// fallbacks:
/// - `season_length: None` → detected by [`detect_season_length`] (up to `max_season_length`);
/// - season length 1, greater than `max_season_length` (24, as in statsforecast), or not shorter
///   than the series → non-seasonal candidates only;
/// - seasonal candidates with more parameters than the series can carry are skipped;
/// - a constant series → ETS(A,N,N) with alpha 0.9999 forecasting the constant with
///   zero-width intervals (statsforecast's choice).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct AutoEts {
    /// Steps per seasonal cycle; `None` to detect it from the autocorrelations.
    pub season_length: Option<usize>,
    /// Longest season modelled; longer ones fall back to non-seasonal forms.
    pub max_season_length: usize,
    /// Only additive components.
    pub additive_only: bool,
    /// Also try damped trends.
    pub damped: bool,
    /// Seed of the simulated intervals of multiplicative-seasonal forms.
    pub seed: u64,
    /// Search strategy (edgewise's fast two-round search, or statsforecast's).
    pub search: EtsSearch,
}

impl Default for AutoEts {
    fn default() -> Self {
        AutoEts {
            season_length: None,
            max_season_length: 24,
            additive_only: false,
            damped: true,
            seed: 0,
            search: EtsSearch::Fast,
        }
    }
}

impl AutoEts {
    /// AutoETS with a known season length (1 for non-seasonal data).
    pub fn new(season_length: usize) -> Self {
        AutoEts {
            season_length: Some(season_length),
            ..AutoEts::default()
        }
    }

    /// True when seasonal forms are candidates for a series of length `n`, season `m`.
    fn seasonal(&self, n: usize, m: usize) -> bool {
        m >= 2 && m <= self.max_season_length && n > m
    }

    /// The candidate forms for a series of length `n`, season `m`, positivity `positive`.
    pub(crate) fn candidates(&self, n: usize, m: usize, positive: bool) -> Vec<EtsSpec> {
        let seasonal_ok = self.seasonal(n, m);
        let mut out = Vec::new();
        let errors = [ErrorType::Additive, ErrorType::Multiplicative];
        let trends = [
            TrendType::None,
            TrendType::Additive,
            TrendType::DampedAdditive,
        ];
        let seasons = [
            SeasonType::None,
            SeasonType::Additive,
            SeasonType::Multiplicative,
        ];
        for error in errors {
            for trend in trends {
                for season in seasons {
                    let spec = EtsSpec {
                        error,
                        trend,
                        season,
                    };
                    if trend == TrendType::DampedAdditive && !self.damped {
                        continue;
                    }
                    if season != SeasonType::None && !seasonal_ok {
                        continue;
                    }
                    if error == ErrorType::Additive && season == SeasonType::Multiplicative {
                        continue;
                    }
                    if spec.is_multiplicative() && (self.additive_only || !positive) {
                        continue;
                    }
                    // statsforecast: skip when the free parameters reach n - 1.
                    if param_count(spec, m) >= n {
                        continue;
                    }
                    out.push(spec);
                }
            }
        }
        out
    }
}

impl Fit for AutoEts {
    type Fitted = FittedEts;

    fn fit(&self, y: &[f64]) -> Result<FittedEts> {
        self.fit_collect(y, None)
    }
}

impl AutoEts {
    /// [`Fit::fit`], and with `all`, every candidate form it compared pushed there as fitted
    /// (the seasonal forms that lost the first round at their first-round optimum, initial
    /// states held; the others as in the selection). The selected model is returned either way;
    /// without `all` nothing else is computed.
    pub(crate) fn fit_collect(
        &self,
        y: &[f64],
        mut all: Option<&mut Vec<FittedEts>>,
    ) -> Result<FittedEts> {
        check_series(y)?;
        let n = y.len();
        let m = match self.season_length {
            Some(m) => {
                check_season(y, m)?;
                m
            }
            None => detect_season_length(
                y,
                crate::limits::check_count(
                    "max_season_length",
                    self.max_season_length,
                    1,
                    crate::limits::MAX_SEASON_LENGTH,
                )?,
            ),
        };
        if is_constant(y) {
            let par = Smoothing {
                alpha: 0.9999,
                beta: 0.0,
                gamma: 0.0,
                phi: 1.0,
            };
            let spec = EtsSpec::parse("ANN")?;
            return assemble(y, spec, 1, par, vec![y[0]], 3, self.seed)
                .ok_or_else(|| Error::Numerical("constant-series fallback failed".into()));
        }
        if self.search == EtsSearch::Statsforecast {
            let m = if self.seasonal(n, m) { m } else { 1 };
            return super::statsforecast_search::auto_fit(
                y,
                m,
                self.damped,
                self.additive_only,
                self.seed,
            )
            .ok_or_else(|| {
                Error::Numerical("no ETS form could be fitted to this series".to_string())
            });
        }
        let positive = y.iter().all(|&v| v > 0.0);
        let candidates = self.candidates(n, m, positive);
        if candidates.is_empty() {
            return Err(too_short(4, "for AutoEts (ETS(A,N,N) has 3 parameters)", n));
        }
        // Round 1: seasonal forms over their smoothing parameters alone, initial states held at
        // their heuristic values (a few dozen evaluations instead of ~1000 in 12–17 dimensions).
        // Non-seasonal forms: one full search each, as `Ets` fits them (few dimensions), unless
        // round 1 already puts them far behind. Round 2: the seasonal form that won round 1 by
        // AICc gets all parameters and states refined.
        let mut best: Option<FittedEts> = None;
        let keep = |fit: FittedEts, best: &mut Option<FittedEts>, all: &mut Option<&mut Vec<_>>| {
            if let Some(all) = all.as_deref_mut() {
                all.push(fit.clone());
            }
            let ic = fit.aicc();
            if ic.is_finite() && best.as_ref().is_none_or(|b| ic < b.aicc()) {
                *best = Some(fit);
            }
        };
        let mut seasonal: Option<(f64, EtsSpec, Vec<f64>)> = None;
        // First-round losers, kept only when every candidate is asked for.
        let mut losers: Vec<(EtsSpec, Vec<f64>)> = Vec::new();
        let collect = all.is_some();
        for &spec in candidates.iter().filter(|c| c.season != SeasonType::None) {
            let free = spec.n_smoothing();
            let Some((x, lik)) = search(y, spec, m, &ROUND1_SEARCH, None, free) else {
                continue;
            };
            let ic = aicc(lik, x.len() + 1, n);
            if ic.is_finite() && seasonal.as_ref().is_none_or(|s| ic < s.0) {
                if let Some((_, lost, lx)) = seasonal.replace((ic, spec, x)) {
                    if collect {
                        losers.push((lost, lx));
                    }
                }
            } else if ic.is_finite() && collect {
                losers.push((spec, x));
            }
        }
        // Non-seasonal forms get their full fits only if one of them comes within
        // NON_SEASONAL_MARGIN of the best seasonal form in the same first-round comparison.
        // Non-seasonal forms on seasonal data bound an undamped trend's beta as the seasonal
        // forms do (see `beta_upper`).
        let trend_m = if self.seasonal(n, m) { m } else { 1 };
        let non_seasonal: Vec<EtsSpec> = candidates
            .iter()
            .copied()
            .filter(|c| c.season == SeasonType::None)
            .collect();
        let fit_non_seasonal = match &seasonal {
            None => true,
            Some((best_seasonal, _, _)) => non_seasonal.iter().any(|&spec| {
                search(y, spec, trend_m, &ROUND1_SEARCH, None, spec.n_smoothing()).is_some_and(
                    |(x, lik)| aicc(lik, x.len() + 1, n) < best_seasonal + NON_SEASONAL_MARGIN,
                )
            }),
        };
        let fit_all_non_seasonal = |best: &mut Option<FittedEts>, all: &mut Option<&mut Vec<_>>| {
            for &spec in &non_seasonal {
                if let Some(fit) = fit_spec(y, spec, trend_m, &ETS_SEARCH, self.seed) {
                    keep(fit, best, all);
                }
            }
        };
        if fit_non_seasonal {
            fit_all_non_seasonal(&mut best, &mut all);
        }
        if let Some((_, spec, x)) = seasonal {
            let refined = search(y, spec, m, &REFINE_SEARCH, Some(&x), usize::MAX)
                .map_or(x, |(refined, _)| refined);
            if let Some(fit) = finish(y, spec, m, &refined, self.seed) {
                keep(fit, &mut best, &mut all);
            }
        }
        if best.is_none() && !fit_non_seasonal {
            fit_all_non_seasonal(&mut best, &mut all);
        }
        if let Some(all) = all {
            all.extend(
                losers
                    .iter()
                    .filter_map(|(spec, x)| finish(y, *spec, m, x, self.seed)),
            );
        }
        best.ok_or_else(|| {
            Error::Numerical("no ETS form could be fitted to this series".to_string())
        })
    }
}
