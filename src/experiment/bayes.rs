//! Bayesian A/B test with Beta-Binomial conjugacy: P(B > A) and expected loss, computed by
//! converged numerical integration (tanh-sinh quadrature), not by Monte Carlo.

use super::{check_arms, Counts, MAX_VISITORS};
use crate::error::{Error, Result};
use crate::num::Num;
use crate::stats::{beta_ppf, ln_beta, ln_pair, reg_inc_beta, reg_inc_beta_with};
use serde::{Deserialize, Serialize};

/// A Beta(alpha, beta) prior on a conversion rate; `BetaPrior::default()` is uniform Beta(1, 1).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct BetaPrior {
    /// Prior pseudo-conversions (> 0).
    pub alpha: f64,
    /// Prior pseudo-non-conversions (> 0).
    pub beta: f64,
}

impl Default for BetaPrior {
    fn default() -> Self {
        BetaPrior {
            alpha: 1.0,
            beta: 1.0,
        }
    }
}

/// Result of [`beta_binomial`].
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct BayesResult {
    /// Posterior Beta parameters (alpha, beta) of A's rate.
    pub posterior_a: (f64, f64),
    /// Posterior Beta parameters (alpha, beta) of B's rate.
    pub posterior_b: (f64, f64),
    /// Posterior mean of A's rate.
    pub mean_a: f64,
    /// Posterior mean of B's rate.
    pub mean_b: f64,
    /// Equal-tailed credible interval of A's rate at `level`.
    pub ci_a: (f64, f64),
    /// Equal-tailed credible interval of B's rate at `level`.
    pub ci_b: (f64, f64),
    /// Credible level of the intervals.
    pub level: f64,
    /// Posterior probability that B's rate exceeds A's.
    pub prob_b_better: f64,
    /// Expected loss of shipping A: E[max(p_B − p_A, 0)] (conversion-rate points given up).
    pub expected_loss_a: f64,
    /// Expected loss of shipping B: E[max(p_A − p_B, 0)].
    pub expected_loss_b: f64,
}

/// Bayesian comparison of two conversion rates under a shared Beta prior.
///
/// Errors on arms with no visitors or more conversions than visitors, a prior parameter that is
/// not a finite positive number, or `level` outside (0, 1).
pub fn beta_binomial(a: Counts, b: Counts, prior: BetaPrior, level: f64) -> Result<BayesResult> {
    check_arms(&a, &b, level)?;
    for (name, v) in [("prior.alpha", prior.alpha), ("prior.beta", prior.beta)] {
        if !(v.is_finite() && v > 0.0 && v <= MAX_VISITORS as f64) {
            return Err(Error::invalid(
                name,
                format!("a number > 0 and at most {MAX_VISITORS} (pseudo-visitors)"),
                v,
            ));
        }
    }
    let post = |c: Counts| {
        (
            prior.alpha + c.conversions as f64,
            prior.beta + (c.visitors - c.conversions) as f64,
        )
    };
    let (pa, pb) = (post(a), post(b));
    let mean = |p: (f64, f64)| p.0 / (p.0 + p.1);
    let (ma, mb) = (mean(pa), mean(pb));
    let prob_b_better = prob_greater(pb, pa)?;
    // x·f_{a,b}(x) = a/(a+b) · f_{a+1,b}(x), so E[p_X 1{X>Y}] = mean_X · P(X⁺ > Y).
    let loss_b =
        ma * prob_greater((pa.0 + 1.0, pa.1), pb)? - mb * prob_greater(pa, (pb.0 + 1.0, pb.1))?;
    let loss_a =
        mb * prob_greater((pb.0 + 1.0, pb.1), pa)? - ma * prob_greater(pb, (pa.0 + 1.0, pa.1))?;
    let tail = (1.0 - level) / 2.0;
    let ci = |p: (f64, f64)| (beta_ppf(p.0, p.1, tail), beta_ppf(p.0, p.1, 1.0 - tail));
    Ok(BayesResult {
        posterior_a: pa,
        posterior_b: pb,
        mean_a: ma,
        mean_b: mb,
        ci_a: ci(pa),
        ci_b: ci(pb),
        level,
        prob_b_better,
        expected_loss_a: loss_a.max(0.0),
        expected_loss_b: loss_b.max(0.0),
    })
}

/// P(X > Y) for independent X ~ Beta(x.0, x.1) and Y ~ Beta(y.0, y.1), i.e. ∫ f_X(t) F_Y(t) dt.
///
/// The integral is taken over the region where both densities matter (±40 standard deviations),
/// by tanh-sinh quadrature refined until successive levels agree to 1e-13; the mass of X above
/// Y's region is added exactly. Errors on parameters that are not in (0, 2·10^12], or when the
/// quadrature does not converge.
pub fn prob_greater(x: (f64, f64), y: (f64, f64)) -> Result<f64> {
    for (name, v) in [
        ("x.alpha", x.0),
        ("x.beta", x.1),
        ("y.alpha", y.0),
        ("y.beta", y.1),
    ] {
        if !(v.is_finite() && v > 0.0 && v <= MAX_PARAM) {
            return Err(Error::invalid(
                name,
                format!("a number > 0 and at most {}", Num(MAX_PARAM)),
                v,
            ));
        }
    }
    let (lx, hx) = window(x);
    let (ly, hy) = window(y);
    // Above Y's window F_Y = 1: that part of X's mass counts fully.
    let above = 1.0 - reg_inc_beta(x.0, x.1, lx.max(hy));
    let (lo, hi) = (lx.max(ly), hx.min(hy));
    if lo >= hi {
        return Ok(above.clamp(0.0, 1.0));
    }
    // The integrand takes (t, 1 − t) so that densities unbounded at 0 or 1 are evaluated
    // precisely right next to the endpoint.
    let (ln_bx, ln_by) = (ln_beta(x.0, x.1), ln_beta(y.0, y.1));
    let f = |t: f64, one_minus_t: f64| {
        if !(t > 0.0 && one_minus_t > 0.0) {
            return 0.0;
        }
        let (ln_t, ln_1mt) = ln_pair(t, one_minus_t);
        let ln_pdf = (x.0 - 1.0) * ln_t + (x.1 - 1.0) * ln_1mt - ln_bx;
        let v = ln_pdf.exp() * reg_inc_beta_with(y.0, y.1, t, one_minus_t, ln_by);
        if v.is_finite() {
            v
        } else {
            0.0
        }
    };
    // The log-density sums terms of size ~(a + b), so the integrand carries rounding noise of
    // relative size ~1e-16·(a + b): no quadrature can converge below that. Ask for 1e-10 or
    // that floor, whichever is larger (1e-10 up to ~10^6 visitors, ~2e-7 at 10^9).
    let rel_tol = (1e-10f64).max(1e-16 * (x.0 + x.1 + y.0 + y.1));
    // Break the range at a few standard deviations around both means, so every piece is
    // resolved by the quadrature however narrow the posteriors are.
    let mut cuts = vec![lo, hi];
    for p in [x, y] {
        let (m, sd) = mean_sd(p);
        for k in [-16.0, -8.0, -4.0, -2.0, 0.0, 2.0, 4.0, 8.0, 16.0] {
            let c = m + k * sd;
            if c > lo && c < hi {
                cuts.push(c);
            }
        }
    }
    cuts.sort_by(f64::total_cmp);
    cuts.dedup();
    let mut inner = 0.0;
    for w in cuts.windows(2) {
        // Only pieces that touch 0 or 1 can hold an endpoint singularity and need nodes
        // packed right against the end; elsewhere the integrand is bounded.
        let t_max = if w[0] == 0.0 || w[1] == 1.0 { 6.0 } else { 3.5 };
        inner += tanh_sinh(&f, w[0], w[1], t_max, 1e-13, rel_tol)
            .ok_or_else(|| Error::Numerical("P(B > A) integral did not converge".into()))?;
    }
    Ok((inner + above).clamp(0.0, 1.0))
}

/// Largest Beta parameter accepted by [`prob_greater`]: the visitor cap plus any prior.
const MAX_PARAM: f64 = 2.0 * MAX_VISITORS as f64;

/// Interval holding all but a negligible part of a Beta distribution's mass.
fn window(p: (f64, f64)) -> (f64, f64) {
    let (m, sd) = mean_sd(p);
    ((m - 40.0 * sd).max(0.0), (m + 40.0 * sd).min(1.0))
}

/// Mean and standard deviation of Beta(p.0, p.1).
fn mean_sd(p: (f64, f64)) -> (f64, f64) {
    let s = p.0 + p.1;
    (p.0 / s, (p.0 * p.1 / (s * s * (s + 1.0))).sqrt())
}

/// Tanh-sinh quadrature of `f` over [lo, hi], halving the step until two levels agree to
/// `tol` (absolute) or `rel_tol` (relative). `f(t, 1 − t)` is only evaluated strictly inside the
/// interval, with the distance to the nearer endpoint exact, so integrable endpoint
/// singularities (Beta densities with a parameter below 1) are handled; `t_max = 6` brings the
/// outermost nodes within ~1e-300 of the ends, 3.5 within ~1e-22.
fn tanh_sinh(
    f: &impl Fn(f64, f64) -> f64,
    lo: f64,
    hi: f64,
    t_max: f64,
    tol: f64,
    rel_tol: f64,
) -> Option<f64> {
    use std::f64::consts::FRAC_PI_2;
    let half = 0.5 * (hi - lo);
    let term = |t: f64| -> f64 {
        let s = FRAC_PI_2 * t.sinh();
        let cosh_s = s.cosh();
        let w = FRAC_PI_2 * t.cosh() / (cosh_s * cosh_s);
        // Distance from the nearer endpoint, computed without cancellation.
        let d = half * 2.0 / (1.0 + (2.0 * s.abs()).exp());
        if !(d > 0.0 && d.is_finite()) {
            return 0.0;
        }
        let mut acc = f(lo + d, (1.0 - lo) - d);
        if t != 0.0 {
            acc += f(hi - d, (1.0 - hi) + d);
        }
        w * acc
    };
    let mut h = 1.0;
    let mut sum = term(0.0);
    let mut k = 1.0;
    while k * h <= t_max {
        sum += term(k * h);
        k += 1.0;
    }
    let mut prev = sum * h * half;
    for level in 1..=12 {
        h /= 2.0;
        let mut k = 1.0;
        while k * h <= t_max {
            sum += term(k * h);
            k += 2.0;
        }
        let est = sum * h * half;
        if level >= 3 && (est - prev).abs() <= tol.max(rel_tol * est.abs()) {
            return Some(est);
        }
        prev = est;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::stats::ln_beta;

    /// Evan Miller's closed form for integer alpha of B: P(p_B > p_A).
    fn exact(pa: (f64, f64), pb: (f64, f64)) -> f64 {
        let mut total = 0.0;
        let mut i = 0.0;
        while i < pb.0 {
            total += (ln_beta(pa.0 + i, pa.1 + pb.1)
                - (pb.1 + i).ln()
                - ln_beta(1.0 + i, pb.1)
                - ln_beta(pa.0, pa.1))
            .exp();
            i += 1.0;
        }
        total
    }

    #[test]
    fn matches_closed_form_for_integer_parameters() {
        for (pa, pb) in [
            ((11.0, 91.0), (16.0, 86.0)),
            ((1.0, 1.0), (2.0, 1.0)),
            ((201.0, 9801.0), (231.0, 9771.0)),
            ((3.0, 400.0), (40.0, 30.0)),
            ((1500.0, 98_502.0), (1601.0, 98_401.0)),
        ] {
            let got = prob_greater(pb, pa).unwrap();
            let want = exact(pa, pb);
            assert!((got - want).abs() < 1e-10, "{pa:?} {pb:?}: {got} vs {want}");
            let rev = prob_greater(pa, pb).unwrap();
            assert!((got + rev - 1.0).abs() < 1e-10);
        }
    }

    #[test]
    fn handles_sub_unit_parameters_and_bad_input() {
        // Jeffreys prior, zero conversions: density unbounded at 0. Symmetric case = 1/2.
        let p = prob_greater((0.5, 100.5), (0.5, 100.5)).unwrap();
        assert!((p - 0.5).abs() < 1e-10, "{p}");
        // Extreme counts: identical posteriors give 1/2; Beta(n+1, 1) vs Beta(n, 2) tends to
        // P(Gamma(2) < Exp(1)) = 1/4 as n grows.
        let n = 1e12;
        let p = prob_greater((1.0, n + 1.0), (1.0, n + 1.0)).unwrap();
        assert!((p - 0.5).abs() < 1e-6, "{p}");
        let p = prob_greater((n, 2.0), (n + 1.0, 1.0)).unwrap();
        assert!((p - 0.25).abs() < 1e-6, "{p}");
        assert!(prob_greater((0.0, 1.0), (1.0, 1.0)).is_err());
        assert!(prob_greater((1.0, f64::NAN), (1.0, 1.0)).is_err());
        let c = Counts::new(10, 100);
        let bad = BetaPrior {
            alpha: -1.0,
            beta: 1.0,
        };
        assert!(beta_binomial(c, c, bad, 0.95)
            .unwrap_err()
            .to_string()
            .contains("prior.alpha"));
        assert!(beta_binomial(c, Counts::new(3, 0), BetaPrior::default(), 0.95).is_err());
        assert!(beta_binomial(c, c, BetaPrior::default(), 1.5).is_err());
    }

    #[test]
    fn expected_loss_is_consistent() {
        let r = beta_binomial(
            Counts::new(100, 1000),
            Counts::new(120, 1000),
            BetaPrior::default(),
            0.95,
        )
        .unwrap();
        // E[max(B−A,0)] − E[max(A−B,0)] = E[B − A].
        let lhs = r.expected_loss_a - r.expected_loss_b;
        assert!((lhs - (r.mean_b - r.mean_a)).abs() < 1e-11, "{lhs}");
        assert!(r.prob_b_better > 0.9 && r.expected_loss_b < r.expected_loss_a);
        assert!(r.ci_b.0 < r.mean_b && r.mean_b < r.ci_b.1);
    }
}
