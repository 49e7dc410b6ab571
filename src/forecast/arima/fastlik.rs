//! The exact likelihood AutoARIMA's fast search maximises: the stationary ARMA likelihood of the
//! differenced series by the Chandrasekhar recursions, O(r) per observation instead of the
//! Kalman filter's O((r + d)²) covariance recursion.
//!
//! Two facts make it equal to what [`StateSpace::filter`](super::kalman::StateSpace::filter)
//! computes, up to the diffuse prior's finite variance:
//! - with a diffuse prior on the differencing states, the likelihood of an ARIMA model is the
//!   likelihood of the differenced series under the ARMA part (Ansley & Kohn 1985); the filter's
//!   prior variance `KAPPA` is large, not infinite, so the two differ by terms of order
//!   `1 / KAPPA` relative to the series' scale in units of the innovation variance;
//! - started from the stationary covariance, the one-step prediction covariance of a
//!   time-invariant model changes by a matrix of rank one at every step, `P_{t+1} − P_t =
//!   M_t W_t W_t'`, and the gain follows from `W_t` alone (Morf, Sidhu & Kailath 1974):
//!   `F_{t+1} = F_t + M_t w²`, `G_{t+1} = G_t + M_t w T W_t`,
//!   `W_{t+1} = T W_t − G_{t+1} w / F_{t+1}`, `M_{t+1} = M_t F_{t+1} / F_t`, with `w = W_t[0]`,
//!   `G_t = T P_t Z'` and `W_1 = G_1`, `M_1 = −1 / F_1`. With the companion `T` of an ARMA model
//!   each step is a few vector operations of length `r`.
//!
//! The rounding differs from the Kalman filter's, so the statsforecast search, which must land
//! on statsforecast's optima, keeps the filter; the fast search's refits use this.

use super::kalman::{q0_first_column, Likelihood};

/// The filter's rule for a diffuse one-step variance: observations whose variance reaches it
/// are left out of the likelihood (as [`StateSpace::filter`](super::kalman::StateSpace::filter)
/// leaves them out).
const DIFFUSE_GAIN: f64 = 1e4;

/// `out = T x` for the companion matrix `T` of the AR coefficients `phi` (padded to `r`).
fn apply_t(phi: &[f64], x: &[f64], out: &mut [f64]) {
    let r = x.len();
    let x0 = x[0];
    for i in 0..r - 1 {
        out[i] = phi[i] * x0 + x[i + 1];
    }
    out[r - 1] = phi[r - 1] * x0;
}

/// The exact Gaussian likelihood (unit innovation variance, as the concentrated objective
/// needs) of the zero-mean stationary ARMA process `w_t = Σ φ_i w_{t−i} + e_t + Σ θ_j e_{t−j}`
/// observed as `w`, the state `[ARMA part (r = max(p, q + 1))]` started from its stationary
/// covariance. `w` must be finite. A non-positive or non-finite one-step variance (an AR part
/// on or outside the unit circle) gives a likelihood with no observations, whose objective is
/// +inf.
pub(crate) fn arma_likelihood(phi: &[f64], theta: &[f64], w: &[f64]) -> Likelihood {
    chandrasekhar(phi, theta, w, STEADY_TOL).0
}

/// Relative size of the covariance's one-step change below which [`arma_likelihood`] takes
/// the gain as converged and stops updating it.
const STEADY_TOL: f64 = 1e-14;

/// [`arma_likelihood`] with the steady-state tolerance `steady_tol` (a negative one updates the
/// gain at every step); also the index of the observation after which the gain was held fixed.
fn chandrasekhar(
    phi: &[f64],
    theta: &[f64],
    w: &[f64],
    steady_tol: f64,
) -> (Likelihood, Option<usize>) {
    let mut out = Likelihood {
        ssq: 0.0,
        sumlog: 0.0,
        nu: 0,
    };
    let r = phi.len().max(theta.len() + 1);
    let mut th = theta.to_vec();
    th.resize(r - 1, 0.0);
    let mut ph = phi.to_vec();
    ph.resize(r, 0.0);
    let col = q0_first_column(&ph[..phi.len()], &th, r);
    // The first observation: F_1 = Q0[0][0], G_1 = T Q0 e_1.
    let mut f = col[0];
    let mut g = vec![0.0; r];
    apply_t(&ph, &col, &mut g);
    let mut wv = g.clone();
    let mut mm = -1.0 / f;
    let mut a = vec![0.0; r];
    let mut tw = vec![0.0; r];
    // Once the rank-one change of the covariance is negligible, the gain is constant.
    let mut steady = None;
    for (t, &y) in w.iter().enumerate() {
        if !(f > 0.0 && f.is_finite()) {
            return (Likelihood { nu: 0, ..out }, steady);
        }
        let v = y - a[0];
        if f < DIFFUSE_GAIN {
            out.nu += 1;
            out.ssq += v * v / f;
            out.sumlog += f.ln();
        }
        // a ← T a + G v / F (the state's prediction for the next observation).
        let k = v / f;
        let a0 = a[0];
        for i in 0..r - 1 {
            a[i] = ph[i] * a0 + a[i + 1] + g[i] * k;
        }
        a[r - 1] = ph[r - 1] * a0 + g[r - 1] * k;
        if steady.is_some() {
            continue;
        }
        let z = wv[0];
        let s = mm * z;
        let fnew = f + s * z;
        apply_t(&ph, &wv, &mut tw);
        for (gi, &ti) in g.iter_mut().zip(&tw) {
            *gi += s * ti;
        }
        let c = z / fnew;
        for ((wi, &ti), &gi) in wv.iter_mut().zip(&tw).zip(&g) {
            *wi = ti - gi * c;
        }
        mm *= fnew / f;
        // |M| max W² bounds the change of every entry of P from now on in one step; it
        // shrinks geometrically, so below 1e-14 of F the gain has converged.
        let converged = (s * z).abs() <= steady_tol * fnew
            && wv.iter().fold(0.0f64, |m, &x| m.max(x * x)) * mm.abs() <= steady_tol * fnew;
        if converged {
            steady = Some(t);
        }
        f = fnew;
    }
    (out, steady)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::forecast::arima::kalman::{delta, difference, StateSpace};
    use crate::forecast::arima::testdata::noise;

    /// Seasonal-looking ARIMA data: a random walk with a season of `m` and noise.
    fn series(n: usize, m: usize, seed: u64) -> Vec<f64> {
        let e = noise(n, seed);
        let mut level = 50.0;
        (0..n)
            .map(|t| {
                level += 0.3 * e[t];
                level
                    + 5.0 * ((t % m) as f64 * std::f64::consts::TAU / m as f64).sin()
                    + e[(t * 7 + 3) % n]
            })
            .collect()
    }

    /// `(1 + Σ a_i B^i)(1 + Σ s_i B^{m i})` as the coefficients of the product (without the 1).
    fn product(a: &[f64], s: &[f64], m: usize) -> Vec<f64> {
        let mut lhs = vec![0.0; a.len() + 1];
        lhs[0] = 1.0;
        lhs[1..].copy_from_slice(a);
        let mut out = vec![0.0; a.len() + m * s.len() + 1];
        for (i, &x) in lhs.iter().enumerate() {
            out[i] += x;
            for (j, &v) in s.iter().enumerate() {
                out[i + m * (j + 1)] += x * v;
            }
        }
        out[1..].to_vec()
    }

    /// The Kalman filter's objective on `y` (the diffuse prior on the differencing states)
    /// against this module's on the differenced `y`.
    fn both(phi: &[f64], theta: &[f64], y: &[f64], d: usize, sd: usize, m: usize) -> (f64, f64) {
        let mut ss = StateSpace::new(phi.to_vec(), theta, delta(d, sd, m));
        let exact = ss.filter(y, None);
        let fast = arma_likelihood(phi, theta, &difference(y, d, sd, m));
        assert_eq!(exact.nu, fast.nu);
        (exact.objective(), fast.objective())
    }

    #[test]
    fn stationary_arma_likelihood_equals_the_kalman_filter() {
        // No differencing: the same likelihood, only the rounding differs.
        let y = noise(150, 3);
        let sar = product(&[-0.4], &[-0.5], 12);
        let sma = product(&[0.3], &[-0.6], 12);
        for (phi, theta) in [
            (vec![0.5], vec![]),
            (vec![], vec![0.4]),
            (vec![0.6, -0.2], vec![0.3, 0.1]),
            (sar.iter().map(|v| -v).collect::<Vec<f64>>(), vec![0.2]),
            (vec![0.2], sma.clone()),
            (vec![0.9], sma),
            // MA roots on and inside the unit circle (the optimiser may step there).
            (vec![], vec![-1.0]),
            (vec![0.3], vec![1.5, 0.2]),
        ] {
            let (exact, fast) = both(&phi, &theta, &y, 0, 0, 1);
            assert!(
                (exact - fast).abs() <= 1e-10 * exact.abs().max(1.0),
                "{phi:?} {theta:?}: {exact} vs {fast}"
            );
        }
    }

    #[test]
    fn differenced_likelihood_equals_the_diffuse_kalman_filter() {
        // With differencing, the filter's prior variance of 1e6 is not infinite: the two
        // objectives agree to about 1e-6 on data of this scale (level ~50, unit noise).
        let sma = product(&[-0.4], &[-0.6], 12);
        let sar: Vec<f64> = product(&[-0.3], &[-0.5], 12).iter().map(|v| -v).collect();
        for (seed, phi, theta, d, sd, m) in [
            (1, vec![0.4], vec![], 1, 0, 1),
            (2, vec![], vec![-0.5], 1, 0, 1),
            (3, vec![0.3, 0.2], vec![-0.4], 2, 0, 1),
            (4, vec![], sma.clone(), 1, 1, 12),
            (5, sar.clone(), vec![-0.3], 0, 1, 12),
            (6, sar, sma, 1, 1, 12),
            (7, vec![0.5], vec![0.2, 0.3], 0, 1, 4),
        ] {
            let y = series(144, m, seed);
            let (exact, fast) = both(&phi, &theta, &y, d, sd, m);
            assert!(
                (exact - fast).abs() <= 1e-5 * exact.abs().max(1.0),
                "{phi:?} {theta:?} d={d} D={sd}: {exact} vs {fast}"
            );
        }
    }

    #[test]
    fn steady_state_switch_keeps_the_likelihood() {
        // Long series: the gain converges early, and holding it fixed from then on changes the
        // objective by less than 1e-12 (relative) against updating it at every step.
        let y = noise(2000, 11);
        let sma = product(&[0.3], &[-0.6], 12);
        for (phi, theta) in [
            (vec![0.7], vec![0.5]),
            (vec![0.2, 0.1], vec![-0.8]),
            (vec![0.3], sma),
        ] {
            let (held, at) = chandrasekhar(&phi, &theta, &y, STEADY_TOL);
            let (full, never) = chandrasekhar(&phi, &theta, &y, -1.0);
            let at = at.unwrap_or(usize::MAX);
            assert!(
                at < 1000 && never.is_none(),
                "{phi:?} {theta:?}: {at} {never:?}"
            );
            let (a, b) = (held.objective(), full.objective());
            assert!(
                (a - b).abs() <= 1e-12 * b.abs().max(1.0),
                "{phi:?} {theta:?}: {a} vs {b}"
            );
        }
    }

    #[test]
    fn explosive_ar_part_has_an_infinite_objective() {
        // Outside the stationary region there is no stationary variance (1 / (1 − φ²) < 0).
        for phi in [vec![1.5], vec![0.5, 0.9]] {
            let lik = arma_likelihood(&phi, &[0.3], &[1.0, 2.0, 3.0]);
            assert!(
                lik.nu == 0 && lik.objective() == f64::INFINITY,
                "{phi:?} {lik:?}"
            );
        }
    }
}
