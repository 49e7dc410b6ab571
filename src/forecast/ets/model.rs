//! The ETS state-space recursions (Hyndman, Koehler, Ord & Snyder 2008, ch. 2): one-step
//! forecasts, state updates in error-correction form, the likelihood criterion, and point
//! forecasts from a final state.
//!
//! States are `level`, `trend` (when there is one) and `m` seasonal terms kept in a ring buffer.
//! The initial seasonal vector is given newest first, `s[0] = s_0, s[1] = s_{-1}, …,
//! s[m-1] = s_{-m+1}`, the convention of R's `forecast::ets` and statsforecast.

use super::{ErrorType, EtsSpec, SeasonType, TrendType};

/// Threshold under which a divisor counts as zero.
const TINY: f64 = 1e-10;
/// Stand-in for a ratio whose divisor vanished (as in the reference implementations).
const HUGE: f64 = 1e10;

/// Smoothing parameters. `beta`, `gamma` are 0 and `phi` is 1 when the component is absent.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Smoothing {
    pub alpha: f64,
    pub beta: f64,
    pub gamma: f64,
    pub phi: f64,
}

/// States after the last observation, ready to forecast from.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct FinalState {
    pub level: f64,
    pub trend: f64,
    /// `season_ahead[i]` is the seasonal term used `i + 1` steps ahead (empty if non-seasonal).
    pub season_ahead: Vec<f64>,
}

/// Output of one pass of the filter over the series.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Filtered {
    /// `n log(SSE) + 2 Σ log|ŷ_t|` (the last term for multiplicative errors): minus twice the
    /// Gaussian log-likelihood up to a constant, the criterion of R's `ets` and statsforecast.
    pub lik: f64,
    pub state: FinalState,
}

/// One recursion step's one-step-ahead forecast from the current state.
#[inline]
fn one_step(spec: EtsSpec, level: f64, trend: f64, seas: f64, phi: f64) -> f64 {
    let base = match spec.trend {
        TrendType::None => level,
        TrendType::Additive => level + trend,
        TrendType::DampedAdditive => level + phi * trend,
    };
    match spec.season {
        SeasonType::None => base,
        SeasonType::Additive => base + seas,
        SeasonType::Multiplicative => base * seas,
    }
}

/// Reusable scratch space of the filter (the seasonal ring buffer), so that repeated likelihood
/// evaluations allocate nothing.
#[derive(Debug, Clone, Default)]
pub(crate) struct Workspace {
    ring: Vec<f64>,
    resid: Vec<f64>,
}

/// Trend kinds as `const` generic arguments of [`run`].
const TR_NONE: u8 = 0;
const TR_ADD: u8 = 1;
const TR_DAMPED: u8 = 2;
/// Season kinds as `const` generic arguments of [`run`].
const SE_NONE: u8 = 0;
const SE_ADD: u8 = 1;
const SE_MUL: u8 = 2;

/// What [`run`] leaves behind: the criterion (or a value at or above the cutoff when it stopped
/// early) and the final level, trend and ring-buffer position.
struct RunOut {
    lik: f64,
    level: f64,
    trend: f64,
    k: usize,
}

/// The recursions of one form, monomorphised: `ME` multiplicative errors, `TR`/`SE` the trend and
/// season kinds, `RES` whether residuals are written. `ring` holds the seasonal terms oldest
/// first (position `t mod m` is used at step `t`). Stops early, returning `+inf`, once the
/// additive-error criterion `n log SSE` certainly exceeds `cutoff`.
#[inline(always)]
#[allow(clippy::too_many_arguments)]
fn run<const ME: bool, const TR: u8, const SE: u8, const RES: bool>(
    y: &[f64],
    m: usize,
    p: &Smoothing,
    level0: f64,
    trend0: f64,
    ring: &mut [f64],
    resid: &mut Vec<f64>,
    cutoff: f64,
) -> Option<RunOut> {
    let n = y.len() as f64;
    // SSE above which n log(SSE) > cutoff (a hair above, against rounding in exp/ln).
    let sse_cut = if ME {
        f64::INFINITY
    } else {
        (cutoff / n).exp() * (1.0 + 1e-9)
    };
    let phi = if TR == TR_DAMPED { p.phi } else { 1.0 };
    let (alpha, gamma) = (p.alpha, p.gamma);
    let beta = p.beta;
    let one_minus_alpha = 1.0 - alpha;
    let mut level = level0;
    let mut trend = if TR == TR_NONE { 0.0 } else { trend0 };
    let mut sse = 0.0;
    // Σ log|ŷ_t| as a running product folded into a logarithm only when it leaves a safe range:
    // one `ln` per many steps instead of one per step.
    let mut log_f = 0.0;
    let mut prod_f = 1.0f64;
    let mut step = |yt: f64, sk: &mut f64| -> Option<bool> {
        let old_s = if SE == SE_NONE { 0.0 } else { *sk };
        let phib = if TR == TR_NONE { 0.0 } else { phi * trend };
        let q = level + phib;
        let f = match SE {
            SE_NONE => q,
            SE_ADD => q + old_s,
            _ => q * old_s,
        };
        if !f.is_finite() || (ME && f.abs() < TINY) {
            return None;
        }
        let e = if ME { (yt - f) / f } else { yt - f };
        sse += e * e;
        if ME {
            prod_f *= f.abs();
            if !(1e-150..=1e150).contains(&prod_f) {
                log_f += prod_f.ln();
                prod_f = 1.0;
            }
        }
        if RES {
            resid.push(e);
        }
        let obs = match SE {
            SE_NONE => yt,
            SE_ADD => yt - old_s,
            _ => {
                if old_s.abs() < TINY {
                    HUGE
                } else {
                    yt / old_s
                }
            }
        };
        // l_t = q + α(obs − q) and b_t = φ b_{t-1} + β(obs − q) (β = α β*), written so that the
        // chain carried from step to step is short: (1 − α) q + α obs needs one product of q.
        let new_level = one_minus_alpha * q + alpha * obs;
        if TR != TR_NONE {
            trend = phib + beta * (obs - q);
        }
        if SE != SE_NONE {
            let t = if SE == SE_MUL {
                if q.abs() < TINY {
                    HUGE
                } else {
                    yt / q
                }
            } else {
                yt - q
            };
            *sk = old_s + gamma * (t - old_s);
        }
        level = new_level;
        Some(sse > sse_cut)
    };
    let mut stopped = false;
    if SE == SE_NONE {
        let mut dummy = 0.0;
        for &yt in y {
            if step(yt, &mut dummy)? {
                stopped = true;
                break;
            }
        }
    } else {
        'outer: for chunk in y.chunks(m) {
            for (&yt, sk) in chunk.iter().zip(ring.iter_mut()) {
                if step(yt, sk)? {
                    stopped = true;
                    break 'outer;
                }
            }
        }
    }
    if stopped {
        return Some(RunOut {
            lik: f64::INFINITY,
            level,
            trend,
            k: 0,
        });
    }
    let mut lik = n * sse.ln();
    if ME {
        lik += 2.0 * (log_f + prod_f.ln());
    }
    if lik.is_nan() {
        return None;
    }
    Some(RunOut {
        lik: lik.max(-1e10),
        level,
        trend,
        k: if SE == SE_NONE { 0 } else { y.len() % m },
    })
}

/// Dispatches to the monomorphised [`run`] of `spec`.
#[allow(clippy::too_many_arguments)]
fn dispatch<const RES: bool>(
    y: &[f64],
    spec: EtsSpec,
    m: usize,
    p: &Smoothing,
    level0: f64,
    trend0: f64,
    ring: &mut [f64],
    resid: &mut Vec<f64>,
    cutoff: f64,
) -> Option<RunOut> {
    macro_rules! go {
        ($me:expr, $tr:expr, $se:expr) => {
            run::<$me, $tr, $se, RES>(y, m, p, level0, trend0, ring, resid, cutoff)
        };
    }
    macro_rules! by_season {
        ($me:expr, $tr:expr) => {
            match spec.season {
                SeasonType::None => go!($me, $tr, SE_NONE),
                SeasonType::Additive => go!($me, $tr, SE_ADD),
                SeasonType::Multiplicative => go!($me, $tr, SE_MUL),
            }
        };
    }
    macro_rules! by_trend {
        ($me:expr) => {
            match spec.trend {
                TrendType::None => by_season!($me, TR_NONE),
                TrendType::Additive => by_season!($me, TR_ADD),
                TrendType::DampedAdditive => by_season!($me, TR_DAMPED),
            }
        };
    }
    match spec.error {
        ErrorType::Additive => by_trend!(false),
        ErrorType::Multiplicative => by_trend!(true),
    }
}

/// Loads `init = [l0, b0?, s_0, …, s_{-m+1}]` into the ring buffer (oldest first); returns
/// `(l0, b0)`, or `None` if `init` is too short.
fn load(spec: EtsSpec, m: usize, init: &[f64], ring: &mut Vec<f64>) -> Option<(f64, f64)> {
    let has_trend = spec.trend != TrendType::None;
    let level = *init.first()?;
    let trend = if has_trend { *init.get(1)? } else { 0.0 };
    ring.clear();
    if spec.season != SeasonType::None {
        let first = 1 + has_trend as usize;
        ring.extend(init.get(first..first + m)?.iter().rev());
    }
    Some((level, trend))
}

/// `-2 log L` (see [`Filtered::lik`]) of `y` under `spec` from `init` (as in [`filter`]),
/// without allocating. For additive errors the pass stops early and returns `+inf` once the
/// criterion is certain to exceed `cutoff` (pass `+inf` for the exact value). `None` when the
/// recursion breaks down.
pub(crate) fn neg2_log_lik(
    y: &[f64],
    spec: EtsSpec,
    m: usize,
    p: &Smoothing,
    init: &[f64],
    ws: &mut Workspace,
    cutoff: f64,
) -> Option<f64> {
    let (l0, b0) = load(spec, m, init, &mut ws.ring)?;
    dispatch::<false>(y, spec, m, p, l0, b0, &mut ws.ring, &mut ws.resid, cutoff).map(|r| r.lik)
}

/// Runs the recursions over `y` from `init = [l0, b0?, s_0, …, s_{-m+1}]` (the full seasonal
/// vector), writing the residuals (relative ones for multiplicative errors) into `resid` when
/// given. Returns `None` when the recursion breaks down (a non-finite or, for multiplicative
/// errors, vanishing forecast).
pub(crate) fn filter(
    y: &[f64],
    spec: EtsSpec,
    m: usize,
    p: &Smoothing,
    init: &[f64],
    resid: Option<&mut Vec<f64>>,
) -> Option<Filtered> {
    let mut ring = Vec::new();
    let (l0, b0) = load(spec, m, init, &mut ring)?;
    let out = match resid {
        Some(r) => {
            r.clear();
            dispatch::<true>(y, spec, m, p, l0, b0, &mut ring, r, f64::INFINITY)?
        }
        None => dispatch::<false>(
            y,
            spec,
            m,
            p,
            l0,
            b0,
            &mut ring,
            &mut Vec::new(),
            f64::INFINITY,
        )?,
    };
    let season_ahead = (0..ring.len()).map(|i| ring[(out.k + i) % m]).collect();
    Some(Filtered {
        lik: out.lik,
        state: FinalState {
            level: out.level,
            trend: if spec.trend == TrendType::None {
                0.0
            } else {
                out.trend
            },
            season_ahead,
        },
    })
}

/// Point forecasts `1..=horizon` steps ahead from a final state. A damped trend contributes
/// `(φ + φ² + … + φ^h) b` (Hyndman et al. 2008), or with `statsforecast_damping`
/// `(φ + φ + φ² + … + φ^{h-1}) b`, the sum statsforecast's and R's C code use (same first step).
pub(crate) fn point_forecast(
    spec: EtsSpec,
    st: &FinalState,
    phi: f64,
    horizon: usize,
    statsforecast_damping: bool,
) -> Vec<f64> {
    let mut out = Vec::with_capacity(horizon);
    let mut phistar = 0.0;
    let mut phik = 1.0;
    for h in 0..horizon {
        let base = match spec.trend {
            TrendType::None => st.level,
            TrendType::Additive => st.level + (h + 1) as f64 * st.trend,
            TrendType::DampedAdditive => {
                if statsforecast_damping && h > 0 {
                    phistar += phik;
                    phik *= phi;
                } else {
                    phik *= phi;
                    phistar += phik;
                }
                st.level + phistar * st.trend
            }
        };
        let f = match spec.season {
            SeasonType::None => base,
            SeasonType::Additive => base + st.season_ahead[h % st.season_ahead.len()],
            SeasonType::Multiplicative => base * st.season_ahead[h % st.season_ahead.len()],
        };
        out.push(f);
    }
    out
}

/// Advances a state by one step given the realised value `y` (used by simulation).
pub(crate) fn advance(spec: EtsSpec, st: &mut FinalState, p: &Smoothing, y: f64) {
    let phi = if spec.trend == TrendType::DampedAdditive {
        p.phi
    } else {
        1.0
    };
    let seasonal = spec.season != SeasonType::None;
    let old_s = if seasonal { st.season_ahead[0] } else { 0.0 };
    let phib = phi * st.trend;
    let q = st.level + phib;
    let obs = match spec.season {
        SeasonType::None => y,
        SeasonType::Additive => y - old_s,
        SeasonType::Multiplicative => {
            if old_s.abs() < TINY {
                HUGE
            } else {
                y / old_s
            }
        }
    };
    let new_level = (1.0 - p.alpha) * q + p.alpha * obs;
    if spec.trend != TrendType::None {
        st.trend = phib + p.beta * (obs - q);
    }
    if seasonal {
        let t = match spec.season {
            SeasonType::Multiplicative => {
                if q.abs() < TINY {
                    HUGE
                } else {
                    y / q
                }
            }
            _ => y - q,
        };
        st.season_ahead.rotate_left(1);
        if let Some(last) = st.season_ahead.last_mut() {
            *last = old_s + p.gamma * (t - old_s);
        }
    }
    st.level = new_level;
}

/// One-step forecast from a state (used by simulation).
pub(crate) fn next_forecast(spec: EtsSpec, st: &FinalState, phi: f64) -> f64 {
    let seas = st.season_ahead.first().copied().unwrap_or(0.0);
    one_step(spec, st.level, st.trend, seas, phi)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn damped_sums_of_both_conventions() {
        let spec = EtsSpec::parse("AAdN").unwrap();
        let st = FinalState {
            level: 10.0,
            trend: 1.0,
            season_ahead: Vec::new(),
        };
        let phi: f64 = 0.9;
        let ours = point_forecast(spec, &st, phi, 3, false);
        let sf = point_forecast(spec, &st, phi, 3, true);
        // φ, φ + φ², φ + φ² + φ³ against φ, 2φ, 2φ + φ².
        let want_ours = [phi, phi + phi * phi, phi + phi * phi + phi.powi(3)];
        let want_sf = [phi, 2.0 * phi, 2.0 * phi + phi * phi];
        for h in 0..3 {
            assert!((ours[h] - 10.0 - want_ours[h]).abs() < 1e-12, "{ours:?}");
            assert!((sf[h] - 10.0 - want_sf[h]).abs() < 1e-12, "{sf:?}");
        }
    }

    #[test]
    fn early_exit_only_above_the_cutoff() {
        let y: Vec<f64> = (0..40)
            .map(|t| 10.0 + 0.5 * t as f64 + [2.0, -1.0, 0.5, -1.5][t % 4] + (t as f64).sin())
            .collect();
        let spec = EtsSpec::parse("AAA").unwrap();
        let p = Smoothing {
            alpha: 0.3,
            beta: 0.05,
            gamma: 0.1,
            phi: 1.0,
        };
        let init = [10.0, 0.5, -1.5, 0.5, -1.0, 2.0];
        let exact = filter(&y, spec, 4, &p, &init, None).unwrap().lik;
        let mut ws = Workspace::default();
        let full = neg2_log_lik(&y, spec, 4, &p, &init, &mut ws, f64::INFINITY).unwrap();
        assert_eq!(full, exact);
        // Just above the value: the pass must run to the end and return it exactly.
        let above = neg2_log_lik(&y, spec, 4, &p, &init, &mut ws, exact + 1e-6).unwrap();
        assert_eq!(above, exact);
        // Below it: stopping early is allowed, and any answer must be at least the cutoff.
        let below = neg2_log_lik(&y, spec, 4, &p, &init, &mut ws, exact - 1.0).unwrap();
        assert!(below >= exact - 1.0);
        assert_eq!(below, f64::INFINITY);
        // Multiplicative errors never stop early (their criterion is not monotone in time).
        let mspec = EtsSpec::parse("MAA").unwrap();
        let m_exact = filter(&y, mspec, 4, &p, &init, None).unwrap().lik;
        let m_cut = neg2_log_lik(&y, mspec, 4, &p, &init, &mut ws, m_exact - 1.0).unwrap();
        assert_eq!(m_cut, m_exact);
    }
}
