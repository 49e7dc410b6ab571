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
    mut resid: Option<&mut Vec<f64>>,
) -> Option<Filtered> {
    let has_trend = spec.trend != TrendType::None;
    let seasonal = spec.season != SeasonType::None;
    let mut level = *init.first()?;
    let mut trend = if has_trend { *init.get(1)? } else { 0.0 };
    let first_s = 1 + has_trend as usize;
    // Ring buffer, oldest term (the one used next) at `k`.
    let mut s: Vec<f64> = if seasonal {
        let given = init.get(first_s..first_s + m)?;
        given.iter().rev().copied().collect()
    } else {
        Vec::new()
    };
    let mut k = 0usize;
    let phi = if spec.trend == TrendType::DampedAdditive {
        p.phi
    } else {
        1.0
    };
    let mult_err = spec.error == ErrorType::Multiplicative;
    let mut sse = 0.0;
    // Σ log|ŷ_t| as a running product folded into a logarithm only when it leaves a safe range:
    // one `ln` per many steps instead of one per step.
    let mut log_f = 0.0;
    let mut prod_f = 1.0f64;
    let beta_star = p.beta / p.alpha;
    if let Some(r) = resid.as_deref_mut() {
        r.clear();
    }
    for &yt in y {
        let old_s = if seasonal { s[k] } else { 0.0 };
        let f = one_step(spec, level, trend, old_s, phi);
        if !f.is_finite() || (mult_err && f.abs() < TINY) {
            return None;
        }
        let e = if mult_err { (yt - f) / f } else { yt - f };
        sse += e * e;
        if mult_err {
            prod_f *= f.abs();
            if !(1e-150..=1e150).contains(&prod_f) {
                log_f += prod_f.ln();
                prod_f = 1.0;
            }
        }
        if let Some(r) = resid.as_deref_mut() {
            r.push(e);
        }
        // Level: q = l_{t-1} + φ b_{t-1}; deseasonalised observation p.
        let phib = phi * trend;
        let q = level + phib;
        let obs = match spec.season {
            SeasonType::None => yt,
            SeasonType::Additive => yt - old_s,
            SeasonType::Multiplicative => {
                if old_s.abs() < TINY {
                    HUGE
                } else {
                    yt / old_s
                }
            }
        };
        let new_level = q + p.alpha * (obs - q);
        if has_trend {
            // b_t = φ b_{t-1} + (β/α)(l_t − l_{t−1} − φ b_{t-1}).
            trend = phib + beta_star * (new_level - level - phib);
        }
        if seasonal {
            let t = match spec.season {
                SeasonType::Multiplicative => {
                    if q.abs() < TINY {
                        HUGE
                    } else {
                        yt / q
                    }
                }
                _ => yt - q,
            };
            s[k] = old_s + p.gamma * (t - old_s);
            k = (k + 1) % m;
        }
        level = new_level;
    }
    let n = y.len() as f64;
    let mut lik = n * sse.ln();
    if mult_err {
        lik += 2.0 * (log_f + prod_f.ln());
    }
    if lik.is_nan() {
        return None;
    }
    let lik = lik.max(-1e10);
    let season_ahead = if seasonal {
        (0..m).map(|i| s[(k + i) % m]).collect()
    } else {
        Vec::new()
    };
    Some(Filtered {
        lik,
        state: FinalState {
            level,
            trend,
            season_ahead,
        },
    })
}

/// Point forecasts `1..=horizon` steps ahead from a final state.
pub(crate) fn point_forecast(spec: EtsSpec, st: &FinalState, phi: f64, horizon: usize) -> Vec<f64> {
    let mut out = Vec::with_capacity(horizon);
    let mut phistar = 0.0;
    let mut phik = 1.0;
    for h in 0..horizon {
        let base = match spec.trend {
            TrendType::None => st.level,
            TrendType::Additive => st.level + (h + 1) as f64 * st.trend,
            TrendType::DampedAdditive => {
                phik *= phi;
                phistar += phik;
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
    let new_level = q + p.alpha * (obs - q);
    if spec.trend != TrendType::None {
        st.trend = phib + (p.beta / p.alpha) * (new_level - st.level - phib);
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
