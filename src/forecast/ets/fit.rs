//! Fitting one ETS form by maximum likelihood: parameters and initial states are refined together
//! by a bounded Nelder–Mead search from heuristic starting values.

use super::init::initial_state;
use super::intervals;
use super::model::{filter, neg2_log_lik, point_forecast, FinalState, Smoothing, Workspace};
use super::{ErrorType, EtsSpec, SeasonType, TrendType};
use crate::error::{check, Error, Result};
use crate::forecast::optim::NelderMead;
use crate::forecast::{check_request, check_series, too_short, Fit, Forecast, Predict};
use crate::num::Num;

/// Lower bounds of alpha, beta, gamma, phi ("usual" region of R's `ets` / statsforecast).
pub(crate) const LOWER: [f64; 4] = [1e-4, 1e-4, 1e-4, 0.8];
/// Upper bounds of alpha, beta, gamma, phi (beta's search bound is lower, see `beta_upper`).
pub(crate) const UPPER: [f64; 4] = [0.9999, 0.9999, 0.9999, 0.98];

/// Simplex settings of the ETS likelihood search: relative tolerance 1e-7 on `-2 log L`, no
/// restart, at most 1000 evaluations (statsforecast: 1000 iterations), and the
/// dimension-dependent coefficients of Gao & Han (2012) that statsforecast's and augurs'
/// simplex use (the M3 measurements behind these choices: `benches/results/forecast_notes.md`,
/// "ETS fit settings").
pub(crate) const ETS_SEARCH: NelderMead = NelderMead {
    max_evals: 1_000,
    restarts: 0,
    tol: 1e-7,
    adaptive: true,
};

/// Fits one ETS form, e.g. `Ets::new(EtsSpec::parse("MAdM")?, 12)`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Ets {
    /// The model form.
    pub spec: EtsSpec,
    /// Steps per seasonal cycle (ignored by non-seasonal forms; must be >= 2 for seasonal ones).
    pub season_length: usize,
    /// Seed of the simulated sample paths used for intervals of multiplicative-seasonal forms.
    pub seed: u64,
}

impl Ets {
    /// A model form with its season length and the default seed (`0`).
    pub fn new(spec: EtsSpec, season_length: usize) -> Self {
        Ets {
            spec,
            season_length,
            seed: 0,
        }
    }
}

/// Smoothing parameters of a fitted model (`None` where the form has no such component).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct EtsParams {
    /// Level smoothing.
    pub alpha: f64,
    /// Trend smoothing (state-space form: `beta = alpha · beta*`).
    pub beta: Option<f64>,
    /// Seasonal smoothing.
    pub gamma: Option<f64>,
    /// Damping.
    pub phi: Option<f64>,
}

/// A fitted ETS model.
#[derive(Debug, Clone, PartialEq)]
pub struct FittedEts {
    pub(crate) spec: EtsSpec,
    pub(crate) m: usize,
    pub(crate) par: Smoothing,
    /// `[l0, b0?, s_0 … s_{-m+1}]`, the full seasonal vector included.
    pub(crate) initial: Vec<f64>,
    pub(crate) state: FinalState,
    pub(crate) n: usize,
    /// Parameters counted by the information criteria (free parameters + initial states + σ).
    pub(crate) n_params: usize,
    pub(crate) lik: f64,
    pub(crate) sigma2: f64,
    pub(crate) residuals: Vec<f64>,
    pub(crate) seed: u64,
    /// Overrides the name (e.g. for the constant-series fallback).
    pub(crate) label: Option<String>,
    /// Damped point forecasts with statsforecast's sum `φ + φ + φ² + …` instead of
    /// `φ + φ² + …` (set by the statsforecast-compatible search).
    pub(crate) statsforecast_damping: bool,
}

/// Validation shared by [`Ets`] and [`crate::forecast::AutoEts`]: series finite and non-empty,
/// season length within the series and at most [`MAX_SEASON_LENGTH`](crate::limits::MAX_SEASON_LENGTH).
pub(crate) fn check_season(y: &[f64], m: usize) -> Result<()> {
    crate::limits::check_count("season_length", m, 1, crate::limits::MAX_SEASON_LENGTH)?;
    if m > y.len() {
        return Err(Error::invalid(
            "season_length",
            format!("at most the series length ({})", y.len()),
            m,
        ));
    }
    Ok(())
}

pub(crate) fn smoothing_from(spec: EtsSpec, x: &[f64]) -> Smoothing {
    let mut i = 0;
    let mut next = || {
        let v = x[i];
        i += 1;
        v
    };
    let alpha = next();
    let beta = if spec.trend != TrendType::None {
        next()
    } else {
        0.0
    };
    let gamma = if spec.season != SeasonType::None {
        next()
    } else {
        0.0
    };
    let phi = if spec.trend == TrendType::DampedAdditive {
        next()
    } else {
        1.0
    };
    Smoothing {
        alpha,
        beta,
        gamma,
        phi,
    }
}

/// The "usual" bounds with the coupled constraints and the simple admissibility inequalities
/// of Hyndman et al. (2008, ch. 10).
fn admissible(spec: EtsSpec, p: &Smoothing, m: usize) -> bool {
    if p.alpha < LOWER[0] || p.alpha > UPPER[0] {
        return false;
    }
    if spec.trend != TrendType::None && (p.beta < LOWER[1] || p.beta > p.alpha.min(UPPER[1])) {
        return false;
    }
    if spec.trend == TrendType::DampedAdditive && (p.phi < LOWER[3] || p.phi > UPPER[3]) {
        return false;
    }
    if spec.season != SeasonType::None {
        if p.gamma < LOWER[2] || p.gamma > (1.0 - p.alpha).min(UPPER[2]) {
            return false;
        }
        let (phi, mf) = (p.phi, m as f64);
        if p.gamma < (1.0 - 1.0 / phi - p.alpha).max(0.0) || p.gamma > 1.0 + 1.0 / phi - p.alpha {
            return false;
        }
        if p.alpha < 1.0 - 1.0 / phi - p.gamma * (1.0 - mf + phi + phi * mf) / (2.0 * phi * mf) {
            return false;
        }
        if p.beta < -(1.0 - phi) * (p.gamma / mf + p.alpha) {
            return false;
        }
    }
    true
}

/// Full initial-state vector from the free one: appends the seasonal term implied by the
/// normalisation (seasonal terms summing to 0, or factors to `m`). `false` if a multiplicative
/// seasonal factor would be negative.
pub(crate) fn full_state(spec: EtsSpec, m: usize, free: &[f64], out: &mut Vec<f64>) -> bool {
    out.clear();
    out.extend_from_slice(free);
    if spec.season != SeasonType::None {
        let first = 1 + (spec.trend != TrendType::None) as usize;
        let sum: f64 = free[first..].iter().sum();
        let mult = spec.season == SeasonType::Multiplicative;
        let last = if mult { m as f64 - sum } else { -sum };
        out.push(last);
        if mult && out[first..].iter().any(|&s| s < 0.0) {
            return false;
        }
    }
    true
}

/// Which of alpha, beta, gamma, phi `spec` has.
pub(crate) fn smoothing_slots(spec: EtsSpec) -> [bool; 4] {
    [
        true,
        spec.trend != TrendType::None,
        spec.season != SeasonType::None,
        spec.trend == TrendType::DampedAdditive,
    ]
}

/// Box of a search over `len` coordinates `[smoothing…, states…]`: `lower` / `upper` (indexed
/// alpha, beta, gamma, phi) for the smoothing parameters `spec` has, unbounded states.
pub(crate) fn search_box(
    spec: EtsSpec,
    lower: &[f64; 4],
    upper: &[f64; 4],
    len: usize,
) -> (Vec<f64>, Vec<f64>) {
    let mut lo = Vec::with_capacity(len);
    let mut hi = Vec::with_capacity(len);
    for (j, present) in smoothing_slots(spec).iter().enumerate() {
        if *present {
            lo.push(lower[j]);
            hi.push(upper[j]);
        }
    }
    lo.resize(len, f64::NEG_INFINITY);
    hi.resize(len, f64::INFINITY);
    (lo, hi)
}

/// Starting alpha for season length `m` (1 for non-seasonal forms): `initparam`'s
/// `1e-4 + 0.2 (0.9999 - 1e-4) / m`.
fn alpha_start(m: f64) -> f64 {
    LOWER[0] + 0.2 * (UPPER[0] - LOWER[0]) / m
}

/// Starting smoothing parameters `[alpha, beta?, gamma?, phi?]` of `spec` for season length `m`
/// (1 for non-seasonal forms), as R's and statsforecast's `initparam`: beta and gamma start
/// inside `upper`, whose beta and gamma bounds are first lowered in place to the starting alpha
/// and one minus it. statsforecast shares one `upper` across all forms of an AutoETS fit (the
/// statsforecast-compatible search does too); [`start_params`] gives each form fresh bounds.
pub(crate) fn initparam(spec: EtsSpec, m: usize, upper: &mut [f64; 4]) -> Vec<f64> {
    let alpha = alpha_start(m as f64);
    let mut x = vec![alpha];
    if spec.trend != TrendType::None {
        upper[1] = upper[1].min(alpha);
        let mut beta = LOWER[1] + 0.1 * (upper[1] - LOWER[1]);
        if !(0.0..=alpha).contains(&beta) {
            beta = alpha - 1e-3;
        }
        x.push(beta);
    }
    if spec.season != SeasonType::None {
        upper[2] = upper[2].min(1.0 - alpha);
        let mut gamma = LOWER[2] + 0.05 * (upper[2] - LOWER[2]);
        if !(0.0..=1.0 - alpha).contains(&gamma) {
            gamma = 1.0 - alpha - 1e-3;
        }
        x.push(gamma);
    }
    if spec.trend == TrendType::DampedAdditive {
        x.push(LOWER[3] + 0.99 * (upper[3] - LOWER[3]));
    }
    x
}

/// Starting smoothing parameters of one form fitted on its own ([`initparam`] with fresh bounds).
fn start_params(spec: EtsSpec, m: usize) -> Vec<f64> {
    let m = if spec.season == SeasonType::None {
        1
    } else {
        m
    };
    initparam(spec, m, &mut UPPER.clone())
}

/// Upper bound of beta in the search, for a series with season length `season_m` (1 if none):
/// the starting alpha of a seasonal form, `1e-4 + 0.2 (0.9999 - 1e-4) / season_m`, except for
/// damped non-seasonal trends, which keep the non-seasonal start 0.20006 (R's `ets` allows
/// 0.9999).
///
/// statsforecast 2.1.1's `initparam` lowers a bound shared by all forms to the starting alpha in
/// place, so its fits stay below these values; bounding each form at its own starting alpha is
/// what measured best on M3 (`benches/results/forecast_notes.md`, "ETS fit settings").
fn beta_upper(spec: EtsSpec, season_m: usize) -> f64 {
    let m = if spec.trend == TrendType::DampedAdditive && spec.season == SeasonType::None {
        1.0
    } else {
        season_m.max(1) as f64
    };
    UPPER[1].min(alpha_start(m))
}

/// Fits `spec` to `y` without validating inputs (callers do): one search over the smoothing
/// parameters and all free initial states from the heuristic start. `None` if the form cannot be
/// fitted to this series (too many parameters, heuristics or recursion breaking down).
pub(crate) fn fit_spec(
    y: &[f64],
    spec: EtsSpec,
    m: usize,
    nm: &NelderMead,
    seed: u64,
) -> Option<FittedEts> {
    let (x, _) = search(y, spec, m, nm, None, usize::MAX)?;
    finish(y, spec, m, &x, seed)
}

/// The fitted model at a parameter vector `x = [smoothing…, free initial states…]` (as returned
/// by [`search`]).
pub(crate) fn finish(
    y: &[f64],
    spec: EtsSpec,
    m: usize,
    x: &[f64],
    seed: u64,
) -> Option<FittedEts> {
    let m = if spec.season == SeasonType::None {
        1
    } else {
        m
    };
    let par = smoothing_from(spec, x);
    let mut initial = Vec::new();
    if !full_state(spec, m, &x[spec.n_smoothing()..], &mut initial) {
        return None;
    }
    assemble(y, spec, m, par, initial, x.len() + 1, seed)
}

/// Bounded Nelder–Mead search of the likelihood of `spec` over `x = [smoothing…, free initial
/// states…]`. From the heuristic start (`from: None`, with a coarse scan of the smoothing
/// parameters for a second start) or from a previous result (`from: Some(x)`). Only the first
/// `free` coordinates move (`spec.n_smoothing()`: the smoothing parameters alone, states held at
/// their start; `usize::MAX`: everything). `m` is the series' season length (1 if none); a
/// non-seasonal form uses it only for its trend's bound (see [`beta_upper`]). Returns the best
/// point (all coordinates) and its `-2 log L`, or `None` if the form cannot be fitted to this
/// series.
pub(crate) fn search(
    y: &[f64],
    spec: EtsSpec,
    m: usize,
    nm: &NelderMead,
    from: Option<&[f64]>,
    free: usize,
) -> Option<(Vec<f64>, f64)> {
    let season_m = m;
    let m = if spec.season == SeasonType::None {
        1
    } else {
        m
    };
    let k_par = spec.n_smoothing();
    let mut whole = match from {
        Some(x) => x.to_vec(),
        None => {
            let mut x = start_params(spec, m);
            x.extend_from_slice(&initial_state(y, spec, m)?);
            x
        }
    };
    if whole.len() + 1 >= y.len() || whole.len() != k_par + spec.n_states(m) {
        return None;
    }
    let free = free.clamp(k_par, whole.len());
    let x0 = whole[..free].to_vec();
    // Bounds, and a small initial simplex: 5% of each starting value (1e-4 for zeros), as in
    // statsforecast. The search thus refines the heuristic start locally, which on M3 forecasts
    // better than a wide search reaching sharper in-sample optima (see the accuracy notes).
    let slots = smoothing_slots(spec);
    let (lower, mut upper) = search_box(spec, &LOWER, &UPPER, free);
    if slots[1] {
        upper[1] = beta_upper(spec, season_m);
    }
    let step: Vec<f64> = x0
        .iter()
        .map(|v| if v.abs() < 1e-8 { 1e-4 } else { 0.05 * v.abs() })
        .collect();
    let mut buf = Vec::with_capacity(whole.len() + 1);
    let mut ws = Workspace::default();
    let mut objective = |x: &[f64], cutoff: f64| -> f64 {
        whole[..free].copy_from_slice(x);
        let p = smoothing_from(spec, &whole);
        if !admissible(spec, &p, m) {
            return f64::INFINITY;
        }
        if !full_state(spec, m, &whole[k_par..], &mut buf) {
            return f64::INFINITY;
        }
        neg2_log_lik(y, spec, m, &p, &buf, &mut ws, cutoff).unwrap_or(f64::INFINITY)
    };
    let mut start = x0.clone();
    let mut f_start = objective(&start, f64::INFINITY);
    if from.is_none() {
        // Coarse scan of the smoothing parameters (states at their heuristic values) for a
        // second starting point in another basin of this often multimodal likelihood.
        let grid_alpha: [f64; 5] = [0.02, 0.1, 0.3, 0.6, 0.9];
        let grid_beta = [0.01, 0.1];
        let grid_gamma = [0.01, 0.1, 0.4];
        let grid_phi = [0.9, 0.98];
        let mut trial = x0.clone();
        // With the states held (a first-round search) the grid spans alpha × gamma only, beta
        // and phi at their first grid values (measured: forecast_notes.md, "ETS fit settings").
        let held = free < k_par + spec.n_states(m);
        let nb = if slots[1] && !held { 2 } else { 1 };
        let nphi = if slots[3] && !held { 2 } else { 1 };
        for &a in &grid_alpha {
            for &b in grid_beta.iter().take(nb) {
                for &g in grid_gamma.iter().take(if slots[2] { 3 } else { 1 }) {
                    for &ph in grid_phi.iter().take(nphi) {
                        let mut j = 0;
                        for (slot, v) in slots.iter().zip([a, b * a, g * (1.0 - a), ph]) {
                            if *slot {
                                trial[j] = crate::num::clamp(v, lower[j], upper[j]);
                                j += 1;
                            }
                        }
                        let f = objective(&trial, f_start);
                        if f < f_start {
                            f_start = f;
                            start.copy_from_slice(&trial);
                        }
                    }
                }
            }
        }
    }
    // The first start; the best grid point gets its own search only if it already beats that
    // optimum (a sign the first search ended in a poor basin), which keeps the cost near one run.
    let mut best = nm.minimize_with_cutoff(&mut objective, &x0, &step, &lower, &upper);
    if start != x0 && f_start < best.f {
        let other = nm.minimize_with_cutoff(&mut objective, &start, &step, &lower, &upper);
        if other.f < best.f {
            best = other;
        }
    }
    if !best.f.is_finite() {
        return None;
    }
    whole[..free].copy_from_slice(&best.x);
    Some((whole, best.f))
}

/// AICc from `-2 log L`, the number of parameters `k` and of observations `n` (`+inf` when
/// `n <= k + 1`).
pub(crate) fn aicc(lik: f64, k: usize, n: usize) -> f64 {
    let (k, n) = (k as f64, n as f64);
    if n - k - 1.0 <= 0.0 {
        return f64::INFINITY;
    }
    lik + 2.0 * k + 2.0 * k * (k + 1.0) / (n - k - 1.0)
}

/// Runs the filter with known parameters and computes the fit statistics.
pub(crate) fn assemble(
    y: &[f64],
    spec: EtsSpec,
    m: usize,
    par: Smoothing,
    initial: Vec<f64>,
    n_params: usize,
    seed: u64,
) -> Option<FittedEts> {
    let mut residuals = Vec::with_capacity(y.len());
    let out = filter(y, spec, m, &par, &initial, Some(&mut residuals))?;
    let sse: f64 = residuals.iter().map(|e| e * e).sum();
    let dof = (y.len() as f64 - n_params as f64 - 1.0).max(1.0);
    Some(FittedEts {
        spec,
        m,
        par,
        initial,
        state: out.state,
        n: y.len(),
        n_params,
        lik: out.lik,
        sigma2: sse / dof,
        residuals,
        seed,
        label: None,
        statsforecast_damping: false,
    })
}

/// Number of parameters the information criteria count for `spec` (smoothing + states + σ).
pub(crate) fn param_count(spec: EtsSpec, m: usize) -> usize {
    spec.n_smoothing() + spec.n_states(m) + 1
}

/// Validates `y` for `spec` and season length `m` (shared by [`Ets`] and `FittedEts::from_parameters`).
fn validate(y: &[f64], spec: EtsSpec, m: usize) -> Result<()> {
    check_series(y)?;
    if spec.season != SeasonType::None {
        check_season(y, m)?;
        if m < 2 {
            return Err(Error::invalid(
                "season_length",
                format!("an integer >= 2 for the seasonal model {}", spec.name()),
                m,
            ));
        }
    }
    if spec.is_multiplicative() {
        if let Some(i) = y.iter().position(|&v| v <= 0.0) {
            return Err(Error::invalid(
                "values",
                format!(
                    "strictly positive values for the multiplicative model {}",
                    spec.name()
                ),
                format!("{} at index {i}", Num(y[i])),
            ));
        }
    }
    Ok(())
}

impl Fit for Ets {
    type Fitted = FittedEts;

    fn fit(&self, y: &[f64]) -> Result<FittedEts> {
        let spec = self.spec;
        let m = self.season_length;
        validate(y, spec, m)?;
        let mm = if spec.season == SeasonType::None {
            1
        } else {
            m
        };
        // One more point than parameters (states, smoothing, σ) plus one for the AICc.
        let needed = param_count(spec, mm) + 2;
        if y.len() < needed || (spec.season != SeasonType::None && y.len() < 4) {
            return Err(too_short(needed, &format!("for {}", spec.name()), y.len()));
        }
        if is_constant(y) {
            return Err(Error::invalid(
                "values",
                format!(
                    "a series that is not constant for {} (AutoEts falls back to a constant forecast)",
                    spec.name()
                ),
                format!("{} repeated {} times", Num(y[0]), y.len()),
            ));
        }
        fit_spec(y, spec, mm, &ETS_SEARCH, self.seed).ok_or_else(|| {
            Error::Numerical(format!(
                "{} could not be fitted to this series (the likelihood is not finite anywhere \
                 the optimiser looked)",
                spec.name()
            ))
        })
    }
}

/// True if all values are equal.
pub(crate) fn is_constant(y: &[f64]) -> bool {
    y.iter().all(|&v| v == y[0])
}

impl FittedEts {
    /// A model with given parameters and initial states (no optimisation), e.g. to reproduce a
    /// fit made elsewhere. `initial = [l0, b0?, s_0, s_{-1}, …, s_{-m+1}]` (seasonal terms newest
    /// first, all `m` of them).
    pub fn from_parameters(
        y: &[f64],
        spec: EtsSpec,
        season_length: usize,
        params: EtsParams,
        initial: &[f64],
    ) -> Result<FittedEts> {
        validate(y, spec, season_length)?;
        check::finite("initial", initial)?;
        let m = if spec.season == SeasonType::None {
            1
        } else {
            season_length
        };
        let want = spec.n_states(m) + (spec.season != SeasonType::None) as usize;
        if initial.len() != want {
            return Err(Error::invalid(
                "initial",
                format!("{want} initial states for {} with m = {m}", spec.name()),
                format!("{} values", initial.len()),
            ));
        }
        let need = |v: Option<f64>, name: &str, present: bool| -> Result<f64> {
            match (v, present) {
                (Some(x), true) if x.is_finite() => Ok(x),
                (None, false) => Ok(0.0),
                (v, true) => Err(Error::invalid(
                    format!("params.{name}"),
                    format!("a finite number for {}", spec.name()),
                    match v {
                        Some(x) => Num(x).to_string(),
                        None => "None".to_string(),
                    },
                )),
                (Some(_), false) => Err(Error::invalid(
                    format!("params.{name}"),
                    format!("None: {} has no such component", spec.name()),
                    "a value",
                )),
            }
        };
        let beta = need(params.beta, "beta", spec.trend != TrendType::None)?;
        let gamma = need(params.gamma, "gamma", spec.season != SeasonType::None)?;
        let phi = need(params.phi, "phi", spec.trend == TrendType::DampedAdditive)?;
        if !(params.alpha > 0.0 && params.alpha <= 1.0) {
            return Err(Error::invalid(
                "params.alpha",
                "a number in (0, 1]",
                params.alpha,
            ));
        }
        let par = Smoothing {
            alpha: params.alpha,
            beta,
            gamma,
            phi: if spec.trend == TrendType::DampedAdditive {
                phi
            } else {
                1.0
            },
        };
        let n_params = param_count(spec, m);
        assemble(y, spec, m, par, initial.to_vec(), n_params, 0).ok_or_else(|| {
            Error::Numerical(format!(
                "{} with these parameters gives a non-finite or zero forecast",
                spec.name()
            ))
        })
    }

    /// The fitted model form.
    pub fn spec(&self) -> EtsSpec {
        self.spec
    }
    /// Season length used (1 for non-seasonal forms).
    pub fn season_length(&self) -> usize {
        self.m
    }
    /// Fitted smoothing parameters.
    pub fn params(&self) -> EtsParams {
        EtsParams {
            alpha: self.par.alpha,
            beta: (self.spec.trend != TrendType::None).then_some(self.par.beta),
            gamma: (self.spec.season != SeasonType::None).then_some(self.par.gamma),
            phi: (self.spec.trend == TrendType::DampedAdditive).then_some(self.par.phi),
        }
    }
    /// Fitted initial states `[l0, b0?, s_0 … s_{-m+1}]`.
    pub fn initial_states(&self) -> &[f64] {
        &self.initial
    }
    /// `-2 log L` up to a constant: `n log(SSE) + 2 Σ log|ŷ_t|` (the last sum for multiplicative
    /// errors only), the convention of R's `ets` and statsforecast.
    pub fn neg2_log_lik(&self) -> f64 {
        self.lik
    }
    /// Akaike information criterion.
    pub fn aic(&self) -> f64 {
        self.lik + 2.0 * self.n_params as f64
    }
    /// Small-sample corrected AIC, the criterion [`crate::forecast::AutoEts`] minimises.
    pub fn aicc(&self) -> f64 {
        aicc(self.lik, self.n_params, self.n)
    }
    /// Bayesian information criterion.
    pub fn bic(&self) -> f64 {
        self.lik + (self.n as f64).ln() * self.n_params as f64
    }
    /// Residual variance (of relative errors for multiplicative-error forms).
    pub fn sigma2(&self) -> f64 {
        self.sigma2
    }
    /// One-step residuals (relative errors for multiplicative-error forms).
    pub fn residuals(&self) -> &[f64] {
        &self.residuals
    }
}

impl Predict for FittedEts {
    fn predict(&self, horizon: usize, levels: &[f64]) -> Result<Forecast> {
        check_request(horizon, levels)?;
        let point = point_forecast(
            self.spec,
            &self.state,
            self.par.phi,
            horizon,
            self.statsforecast_damping,
        );
        if levels.is_empty() {
            return Ok(Forecast {
                point,
                intervals: Vec::new(),
            });
        }
        let analytic = self.spec.season != SeasonType::Multiplicative;
        if analytic {
            let var = match self.spec.error {
                ErrorType::Additive => {
                    intervals::class1_variance(self.spec, &self.par, self.m, self.sigma2, horizon)
                }
                ErrorType::Multiplicative => {
                    intervals::class2_variance(self.spec, &self.par, self.m, self.sigma2, &point)
                }
            };
            let sd: Vec<f64> = var.iter().map(|v| v.max(0.0).sqrt()).collect();
            return Ok(Forecast::gaussian(point, &sd, levels));
        }
        let bands = intervals::simulated(
            self.spec,
            &self.state,
            &self.par,
            self.sigma2,
            horizon,
            levels,
            intervals::SIM_PATHS,
            self.seed,
        );
        Ok(Forecast {
            point,
            intervals: bands,
        })
    }

    fn name(&self) -> String {
        self.label.clone().unwrap_or_else(|| self.spec.name())
    }
}
