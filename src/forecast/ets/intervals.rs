//! Prediction-interval variances for ETS forms (Hyndman et al. 2008, ch. 6): class 1 (additive
//! errors, linear forms) and class 2 (multiplicative errors, no multiplicative season) are exact;
//! other forms use quantiles of seeded simulated sample paths.

use super::model::{advance, next_forecast, FinalState, Smoothing};
use super::{ErrorType, EtsSpec, SeasonType, TrendType};
use crate::forecast::Interval;
use crate::rng;
use crate::stats::norm_ppf;
use rand::Rng as _;

/// Number of simulated sample paths per forecast.
pub(crate) const SIM_PATHS: usize = 2_000;

/// `c_j = alpha + beta·(φ + … + φ^j) + gamma·[j ≡ 0 mod m]`, for j = 1..h-1.
fn c_values(spec: EtsSpec, p: &Smoothing, m: usize, count: usize) -> Vec<f64> {
    let mut out = Vec::with_capacity(count);
    let mut phistar = 0.0;
    let mut phik = 1.0;
    for j in 1..=count {
        let mut c = p.alpha;
        match spec.trend {
            TrendType::None => {}
            TrendType::Additive => c += p.beta * j as f64,
            TrendType::DampedAdditive => {
                phik *= p.phi;
                phistar += phik;
                c += p.beta * phistar;
            }
        }
        if spec.season != SeasonType::None && m > 0 && j % m == 0 {
            c += p.gamma;
        }
        out.push(c);
    }
    out
}

/// Forecast variance per step for class-1 forms: `σ² (1 + Σ_{j<h} c_j²)`.
pub(crate) fn class1_variance(
    spec: EtsSpec,
    p: &Smoothing,
    m: usize,
    sigma2: f64,
    horizon: usize,
) -> Vec<f64> {
    let c = c_values(spec, p, m, horizon.saturating_sub(1));
    let mut acc = 1.0;
    let mut out = Vec::with_capacity(horizon);
    out.push(sigma2);
    for cj in c {
        acc += cj * cj;
        out.push(sigma2 * acc);
    }
    out
}

/// Forecast variance per step for class-2 forms (multiplicative error): with `θ_1 = μ_1²`,
/// `θ_h = μ_h² + σ² Σ_{j<h} c_j² θ_{h-j}`, the variance is `(1 + σ²) θ_h − μ_h²`.
pub(crate) fn class2_variance(
    spec: EtsSpec,
    p: &Smoothing,
    m: usize,
    sigma2: f64,
    mu: &[f64],
) -> Vec<f64> {
    let h = mu.len();
    let c = c_values(spec, p, m, h.saturating_sub(1));
    let mut theta: Vec<f64> = Vec::with_capacity(h);
    for k in 0..h {
        let mut t = mu[k] * mu[k];
        for j in 1..=k {
            t += sigma2 * c[j - 1] * c[j - 1] * theta[k - j];
        }
        theta.push(t);
    }
    theta
        .iter()
        .zip(mu)
        .map(|(t, m)| (1.0 + sigma2) * t - m * m)
        .collect()
}

/// Linear-interpolated quantile of sorted data (numpy's default), `q` in [0, 1].
pub(crate) fn quantile_sorted(sorted: &[f64], q: f64) -> f64 {
    if sorted.is_empty() {
        return f64::NAN;
    }
    let pos = q * (sorted.len() - 1) as f64;
    let lo = pos.floor() as usize;
    let hi = (lo + 1).min(sorted.len() - 1);
    let w = pos - lo as f64;
    sorted[lo] * (1.0 - w) + sorted[hi] * w
}

/// Central intervals from `paths` simulated futures with Gaussian errors of variance `sigma2`.
#[allow(clippy::too_many_arguments)]
pub(crate) fn simulated(
    spec: EtsSpec,
    state: &FinalState,
    p: &Smoothing,
    sigma2: f64,
    horizon: usize,
    levels: &[f64],
    paths: usize,
    seed: u64,
) -> Vec<Interval> {
    let mut r = rng::seeded(seed);
    let sd = sigma2.max(0.0).sqrt();
    let phi = if spec.trend == TrendType::DampedAdditive {
        p.phi
    } else {
        1.0
    };
    // sims[h][path]
    let mut sims = vec![Vec::with_capacity(paths); horizon];
    for _ in 0..paths {
        let mut st = state.clone();
        for row in sims.iter_mut() {
            let f = next_forecast(spec, &st, phi);
            // Uniform in (0, 1), never 0, turned into a standard normal draw.
            let u: f64 = (r.random::<u64>() >> 11) as f64 * (1.0 / (1u64 << 53) as f64);
            let z = norm_ppf(u.max(f64::MIN_POSITIVE));
            let e = sd * z;
            let y = match spec.error {
                ErrorType::Additive => f + e,
                ErrorType::Multiplicative => f * (1.0 + e),
            };
            row.push(y);
            advance(spec, &mut st, p, y);
        }
    }
    for row in sims.iter_mut() {
        row.sort_by(f64::total_cmp);
    }
    levels
        .iter()
        .map(|&level| {
            let (ql, qu) = (0.5 - level / 2.0, 0.5 + level / 2.0);
            Interval {
                level,
                lower: sims.iter().map(|s| quantile_sorted(s, ql)).collect(),
                upper: sims.iter().map(|s| quantile_sorted(s, qu)).collect(),
            }
        })
        .collect()
}
