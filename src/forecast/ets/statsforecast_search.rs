//! statsforecast-compatible AutoETS search ([`super::EtsSearch::Statsforecast`]): the candidate
//! forms fitted in statsforecast 2.1's order, each in full from the same heuristic start, with the
//! same bounds and the same simplex, so that the selected model, its AICc and its point forecasts
//! agree with statsforecast's `AutoETS` to a few decimals (intervals stay edgewise's).
//!
//! What it reproduces, step by step:
//! - candidates error A/M × trend N/Ad/A × season N/A/M in that order (damped before undamped),
//!   without ETS(A,·,M), multiplicative forms only for strictly positive data, seasonal forms
//!   whenever `1 < m < n` (statsforecast has no cap on `m`; `AutoEts` passes `m = 1` above its
//!   `max_season_length`);
//! - starting smoothing parameters of `initparam` ([`super::fit::initparam`]), which lowers the *shared* upper bounds of beta
//!   (to the starting alpha) and gamma (to one minus it) in place, so each form's box depends on
//!   the forms fitted before it;
//! - initial states of `initstate` ([`super::init::initial_state`]);
//! - a Nelder–Mead simplex over smoothing parameters and free states together, with box bounds
//!   only (no `beta <= alpha`, `gamma <= 1 - alpha` or admissibility test), 5% start steps,
//!   Gao–Han coefficients, stopping when the standard deviation of the vertex values falls below
//!   1e-4 or after 1000 iterations;
//! - selection by the smallest AICc, ties to the earlier form;
//! - point forecasts of damped trends with statsforecast's (and R's) sum `φ + φ + φ² + … +
//!   φ^{h-1}` (see [`super::model::point_forecast`]).
//!
//! One deliberate difference: a parameter vector whose likelihood is undefined (NaN) counts as
//! `+inf` here, where statsforecast's objective maps it to `-inf` and then usually discards the
//! form.

use super::fit::{
    finish, full_state, initparam, search_box, smoothing_from, FittedEts, LOWER, UPPER,
};
use super::init::initial_state;
use super::model::{neg2_log_lik, Workspace};
use super::{ErrorType, EtsSpec, SeasonType, TrendType};
use crate::forecast::optim::argsort;

/// Simplex: relative start step, start step of a zero coordinate, stopping rule, iterations.
const INIT_STEP: f64 = 0.05;
const ZERO_STEP: f64 = 1e-4;
const TOL_STD: f64 = 1e-4;
const MAX_ITER: usize = 1_000;

/// The candidate forms in statsforecast's order for a series of length `n` and season `m`.
pub(crate) fn candidates(
    n: usize,
    m: usize,
    positive: bool,
    damped: bool,
    additive_only: bool,
) -> Vec<EtsSpec> {
    let seasonal_ok = m > 1 && n > m;
    let mut out = Vec::new();
    for error in [ErrorType::Additive, ErrorType::Multiplicative] {
        for trended in [false, true] {
            for season in [
                SeasonType::None,
                SeasonType::Additive,
                SeasonType::Multiplicative,
            ] {
                let trends: &[TrendType] = match (trended, damped) {
                    (false, _) => &[TrendType::None],
                    (true, true) => &[TrendType::DampedAdditive, TrendType::Additive],
                    (true, false) => &[TrendType::Additive],
                };
                for &trend in trends {
                    let spec = EtsSpec {
                        error,
                        trend,
                        season,
                    };
                    if error == ErrorType::Additive && season == SeasonType::Multiplicative {
                        continue;
                    }
                    if spec.is_multiplicative() && (additive_only || !positive) {
                        continue;
                    }
                    if season != SeasonType::None && !seasonal_ok {
                        continue;
                    }
                    out.push(spec);
                }
            }
        }
    }
    out
}

/// Population standard deviation.
fn std_dev(v: &[f64]) -> f64 {
    let mean = v.iter().sum::<f64>() / v.len() as f64;
    (v.iter().map(|x| (x - mean) * (x - mean)).sum::<f64>() / v.len() as f64).sqrt()
}

/// statsforecast's bounded Nelder–Mead with Gao–Han coefficients: every trial point is clamped
/// to the box; stops when the vertex values' standard deviation is below [`TOL_STD`] or after
/// [`MAX_ITER`] iterations. Returns the vertex that was best at the start of the last iteration.
fn simplex(
    f: &mut impl FnMut(&[f64]) -> f64,
    x0: &[f64],
    lower: &[f64],
    upper: &[f64],
) -> Vec<f64> {
    let n = x0.len();
    let nf = n as f64;
    let (refl, expand, contract, shrink) = (1.0, 1.0 + 2.0 / nf, 0.75 - 0.5 / nf, 1.0 - 1.0 / nf);
    let clamp = |x: &mut [f64]| {
        for ((v, lo), hi) in x.iter_mut().zip(lower).zip(upper) {
            *v = v.max(*lo).min(*hi);
        }
    };
    let mut start = x0.to_vec();
    clamp(&mut start);
    let mut pts: Vec<Vec<f64>> = vec![start; n + 1];
    for (i, p) in pts.iter_mut().enumerate().take(n) {
        let v = p[i];
        p[i] = if v == 0.0 {
            ZERO_STEP
        } else {
            v * (1.0 + INIT_STEP)
        };
        p[i] = p[i].max(lower[i]).min(upper[i]);
    }
    let mut fv: Vec<f64> = pts.iter().map(|p| f(p)).collect();
    let mut order: Vec<usize> = (0..=n).collect();
    let mut best = 0;
    let point = |o: &[f64], a: f64, d: &[f64]| -> Vec<f64> {
        o.iter().zip(d).map(|(o, d)| o + a * (d - o)).collect()
    };
    for _ in 0..MAX_ITER {
        argsort(&mut order, &fv);
        best = order[0];
        let (worst, second) = (order[n], order[n - 1]);
        if std_dev(&fv) < TOL_STD {
            break;
        }
        let mut centroid = vec![0.0; n];
        for (i, p) in pts.iter().enumerate() {
            if i != worst {
                centroid.iter_mut().zip(p).for_each(|(c, v)| *c += v);
            }
        }
        centroid.iter_mut().for_each(|c| *c /= nf);
        let mut xr = point(&centroid, -refl, &pts[worst]);
        clamp(&mut xr);
        let fr = f(&xr);
        if fv[best] <= fr && fr < fv[second] {
            (pts[worst], fv[worst]) = (xr, fr);
            continue;
        }
        if fr < fv[best] {
            let mut xe = point(&centroid, expand, &xr);
            clamp(&mut xe);
            let fe = f(&xe);
            (pts[worst], fv[worst]) = if fe < fr { (xe, fe) } else { (xr, fr) };
            continue;
        }
        if fv[second] <= fr && fr < fv[worst] {
            let mut xc = point(&centroid, contract, &xr);
            clamp(&mut xc);
            let fc = f(&xc);
            if fc <= fr {
                (pts[worst], fv[worst]) = (xc, fc);
                continue;
            }
        } else {
            let mut xc = point(&centroid, -contract, &xr);
            clamp(&mut xc);
            let fc = f(&xc);
            if fc < fv[worst] {
                (pts[worst], fv[worst]) = (xc, fc);
                continue;
            }
        }
        let anchor = pts[best].clone();
        for j in 0..=n {
            if j == best {
                continue;
            }
            let mut p = point(&anchor, shrink, &pts[j]);
            clamp(&mut p);
            fv[j] = f(&p);
            pts[j] = p;
        }
    }
    pts.swap_remove(best)
}

/// Fits every candidate the way statsforecast's `AutoETS` does and keeps the smallest AICc.
/// `None` when no form could be fitted.
pub(crate) fn auto_fit(
    y: &[f64],
    m: usize,
    damped: bool,
    additive_only: bool,
    seed: u64,
) -> Option<FittedEts> {
    let n = y.len();
    let positive = y.iter().all(|&v| v > 0.0);
    let mut upper = UPPER;
    let mut best: Option<FittedEts> = None;
    let mut ws = Workspace::default();
    let mut buf = Vec::new();
    for spec in candidates(n, m, positive, damped, additive_only) {
        let mm = if spec.season == SeasonType::None {
            1
        } else {
            m
        };
        // The bounds move even for forms skipped below, as in statsforecast.
        let mut x0 = initparam(spec, mm, &mut upper);
        let k = x0.len();
        let Some(states) = initial_state(y, spec, mm) else {
            continue;
        };
        x0.extend_from_slice(&states);
        if x0.len() + 1 >= n {
            continue;
        }
        let (lo, hi) = search_box(spec, &LOWER, &upper, x0.len());
        let mut objective = |x: &[f64]| -> f64 {
            let p = smoothing_from(spec, x);
            if !full_state(spec, mm, &x[k..], &mut buf) {
                return f64::INFINITY;
            }
            neg2_log_lik(y, spec, mm, &p, &buf, &mut ws, f64::INFINITY).unwrap_or(f64::INFINITY)
        };
        let x = simplex(&mut objective, &x0, &lo, &hi);
        let Some(mut fit) = finish(y, spec, mm, &x, seed) else {
            continue;
        };
        fit.statsforecast_damping = true;
        let ic = fit.aicc();
        if !ic.is_nan() && best.as_ref().is_none_or(|b| ic < b.aicc()) {
            best = Some(fit);
        }
    }
    best.filter(|b| b.aicc().is_finite())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn candidate_order_is_statsforecasts() {
        let names: Vec<String> = candidates(100, 12, true, true, false)
            .iter()
            .map(|s| s.name())
            .collect();
        let want = [
            "ETS(A,N,N)",
            "ETS(A,N,A)",
            "ETS(A,Ad,N)",
            "ETS(A,A,N)",
            "ETS(A,Ad,A)",
            "ETS(A,A,A)",
            "ETS(M,N,N)",
            "ETS(M,N,A)",
            "ETS(M,N,M)",
            "ETS(M,Ad,N)",
            "ETS(M,A,N)",
            "ETS(M,Ad,A)",
            "ETS(M,A,A)",
            "ETS(M,Ad,M)",
            "ETS(M,A,M)",
        ];
        assert_eq!(names, want);
        assert_eq!(candidates(100, 12, false, false, false).len(), 4);
        assert_eq!(candidates(10, 12, true, true, false).len(), 6);
    }

    #[test]
    fn shared_bounds_shrink_in_order() {
        let mut upper = UPPER;
        let spec = |c: &str| EtsSpec::parse(c).unwrap();
        // A non-seasonal damped form caps beta at its starting alpha, 0.2 (m = 1) ...
        let x = initparam(spec("AAdN"), 1, &mut upper);
        assert!((upper[1] - x[0]).abs() < 1e-15 && (x[0] - 0.20006).abs() < 1e-12);
        // ... a seasonal one at 0.2 / 12, and the cap stays for the forms after it.
        initparam(spec("AAdA"), 12, &mut upper);
        let capped = upper[1];
        assert!((capped - (1e-4 + 0.2 * 0.9998 / 12.0)).abs() < 1e-15);
        let x = initparam(spec("AAN"), 1, &mut upper);
        assert_eq!(upper[1], capped);
        assert!((x[1] - (1e-4 + 0.1 * (capped - 1e-4))).abs() < 1e-15);
        assert!((upper[2] - (1.0 - capped)).abs() < 1e-15);
    }

    #[test]
    fn simplex_minimises_a_bowl_inside_the_box() {
        let mut f = |x: &[f64]| (x[0] - 0.3).powi(2) * 1e3 + (x[1] + 2.0).powi(2) * 1e3;
        let x = simplex(&mut f, &[0.5, 1.0], &[0.0, -1.0], &[1.0, 5.0]);
        assert!((x[0] - 0.3).abs() < 0.02, "{x:?}");
        // -2 lies outside the box: the search ends on the bound.
        assert!((x[1] + 1.0).abs() < 1e-9, "{x:?}");
    }
}
