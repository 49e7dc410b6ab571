//! Bounded Nelder–Mead simplex minimisation with restarts, used to fit model parameters by
//! maximum likelihood (ETS) or least squares (Theta). Pure Rust, no gradients needed.
//!
//! Box bounds are handled by projecting every trial point onto the box; constraints that couple
//! parameters (e.g. `beta <= alpha`) are left to the objective, which returns `+inf` outside them.

/// Settings of the simplex search.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct NelderMead {
    /// Most objective evaluations over all restarts.
    pub max_evals: usize,
    /// How many times the simplex is rebuilt around the best point after it converges.
    pub restarts: usize,
    /// Convergence: the simplex stops when `f_worst - f_best <= tol * (|f_best| + tol)`.
    pub tol: f64,
    /// Dimension-dependent coefficients of Gao & Han (2012): expansion `1 + 2/n`, contraction
    /// `0.75 - 1/(2n)`, shrink `1 - 1/n` (instead of 2, 0.5, 0.5), steadier in many dimensions.
    pub adaptive: bool,
}

impl Default for NelderMead {
    fn default() -> Self {
        NelderMead {
            max_evals: 2_000,
            restarts: 2,
            tol: 1e-8,
            adaptive: false,
        }
    }
}

/// Result of a minimisation.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Minimum {
    /// Best point found.
    pub x: Vec<f64>,
    /// Objective at `x`.
    pub f: f64,
    /// Objective evaluations used.
    pub evals: usize,
}

fn project(x: &mut [f64], lower: &[f64], upper: &[f64]) {
    for ((v, &lo), &hi) in x.iter_mut().zip(lower).zip(upper) {
        *v = crate::num::clamp(*v, lo, hi);
    }
}

/// Treats NaN as +inf so that comparisons stay total.
fn sane(f: f64) -> f64 {
    if f.is_nan() {
        f64::INFINITY
    } else {
        f
    }
}

impl NelderMead {
    /// Minimises `f` from `x0`; `step[i]` is the initial simplex edge along axis `i`, and the search
    /// stays inside `[lower, upper]` (use infinities for unbounded axes). All four slices must have
    /// the same length; `x0` is projected onto the box first.
    pub fn minimize(
        &self,
        mut f: impl FnMut(&[f64]) -> f64,
        x0: &[f64],
        step: &[f64],
        lower: &[f64],
        upper: &[f64],
    ) -> Minimum {
        self.minimize_with_cutoff(|x: &[f64], _: f64| f(x), x0, step, lower, upper)
    }

    /// [`NelderMead::minimize`] for an objective `f(x, cutoff)` that may stop early: when its
    /// value is certain to be `>= cutoff` it may return any value `>= cutoff` (e.g. `+inf`)
    /// instead. The simplex only compares trial points against known values, so the search
    /// takes exactly the same path as with the exact objective; vertices it keeps are always
    /// evaluated with `cutoff = +inf`, or are below their cutoff and hence exact.
    pub fn minimize_with_cutoff(
        &self,
        mut f: impl FnMut(&[f64], f64) -> f64,
        x0: &[f64],
        step: &[f64],
        lower: &[f64],
        upper: &[f64],
    ) -> Minimum {
        let n = x0.len();
        let mut best = x0.to_vec();
        project(&mut best, lower, upper);
        let mut fbest = sane(f(&best, f64::INFINITY));
        let mut evals = 1usize;
        if n == 0 {
            return Minimum {
                x: best,
                f: fbest,
                evals,
            };
        }
        for round in 0..=self.restarts {
            if evals >= self.max_evals {
                break;
            }
            // Every round rebuilds a full-size simplex around the incumbent.
            let shrink = 1.0;
            let before = fbest;
            let (x, fx, used) = self.run(
                &mut f,
                &best,
                fbest,
                step,
                shrink,
                lower,
                upper,
                self.max_evals - evals,
            );
            evals += used;
            if fx < fbest {
                best = x;
                fbest = fx;
            }
            if round > 0 && (before - fbest).abs() <= self.tol * (fbest.abs() + self.tol) {
                break;
            }
        }
        Minimum {
            x: best,
            f: fbest,
            evals,
        }
    }

    #[allow(clippy::too_many_arguments)]
    fn run(
        &self,
        f: &mut impl FnMut(&[f64], f64) -> f64,
        x0: &[f64],
        f0: f64,
        step: &[f64],
        shrink: f64,
        lower: &[f64],
        upper: &[f64],
        budget: usize,
    ) -> (Vec<f64>, f64, usize) {
        let n = x0.len();
        let mut evals = 0usize;
        let mut pts: Vec<Vec<f64>> = Vec::with_capacity(n + 1);
        let mut vals: Vec<f64> = Vec::with_capacity(n + 1);
        pts.push(x0.to_vec());
        vals.push(f0);
        for i in 0..n {
            let mut p = x0.to_vec();
            let s = step[i] * shrink;
            p[i] += s;
            // Step away from a bound we are sitting on.
            if p[i] > upper[i] {
                p[i] = x0[i] - s;
            }
            project(&mut p, lower, upper);
            vals.push(sane(f(&p, f64::INFINITY)));
            pts.push(p);
            evals += 1;
        }
        let nf = n as f64;
        let (expand, contract, shrink_by) = if self.adaptive && n > 1 {
            (1.0 + 2.0 / nf, 0.75 - 0.5 / nf, 1.0 - 1.0 / nf)
        } else {
            (2.0, 0.5, 0.5)
        };
        // Running sum of all vertices: the centroid of all but the worst is (sum − worst) / n,
        // O(n) per iteration instead of O(n²).
        let mut sum = vec![0.0; n];
        let resum = |pts: &[Vec<f64>], sum: &mut [f64]| {
            sum.iter_mut().for_each(|s| *s = 0.0);
            for p in pts {
                for (s, v) in sum.iter_mut().zip(p) {
                    *s += v;
                }
            }
        };
        resum(&pts, &mut sum);
        let mut centroid = vec![0.0; n];
        let mut trial = vec![0.0; n];
        let mut trial2 = vec![0.0; n];
        while evals < budget {
            // Best, worst and second-worst vertices in one pass.
            let (mut ib, mut iw) = (0usize, 0usize);
            for k in 1..=n {
                if vals[k].total_cmp(&vals[ib]).is_lt() {
                    ib = k;
                }
                if vals[k].total_cmp(&vals[iw]).is_ge() {
                    iw = k;
                }
            }
            let mut isw = if iw == 0 { 1 } else { 0 };
            for k in 0..=n {
                if k != iw && vals[k].total_cmp(&vals[isw]).is_gt() {
                    isw = k;
                }
            }
            let (fb, fw) = (vals[ib], vals[iw]);
            if fw.is_finite() && fw - fb <= self.tol * (fb.abs() + self.tol) {
                break;
            }
            for i in 0..n {
                centroid[i] = (sum[i] - pts[iw][i]) / nf;
            }
            // Replaces the worst vertex, keeping the running sum.
            let replace = |pts: &mut [Vec<f64>], sum: &mut [f64], new: &[f64]| {
                for i in 0..n {
                    sum[i] += new[i] - pts[iw][i];
                }
                pts[iw].copy_from_slice(new);
            };
            // Reflection.
            for i in 0..n {
                trial[i] = centroid[i] + (centroid[i] - pts[iw][i]);
            }
            project(&mut trial, lower, upper);
            // Only `fr < fw` matters beyond this point when the reflection is worse than
            // the worst vertex (then the inside contraction compares against `fw` alone).
            let fr = sane(f(&trial, fw));
            evals += 1;
            if fr < fb {
                // Expansion.
                for i in 0..n {
                    trial2[i] = centroid[i] + expand * (centroid[i] - pts[iw][i]);
                }
                project(&mut trial2, lower, upper);
                let fe = sane(f(&trial2, fr));
                evals += 1;
                if fe < fr {
                    replace(&mut pts, &mut sum, &trial2);
                    vals[iw] = fe;
                } else {
                    replace(&mut pts, &mut sum, &trial);
                    vals[iw] = fr;
                }
                continue;
            }
            if fr < vals[isw] {
                replace(&mut pts, &mut sum, &trial);
                vals[iw] = fr;
                continue;
            }
            // Contraction (outside if the reflection helped a little, inside otherwise).
            let outside = fr < fw;
            for i in 0..n {
                trial2[i] = if outside {
                    centroid[i] + contract * (trial[i] - centroid[i])
                } else {
                    centroid[i] + contract * (pts[iw][i] - centroid[i])
                };
            }
            project(&mut trial2, lower, upper);
            let fc = sane(f(&trial2, fw.min(fr)));
            evals += 1;
            if fc < fw.min(fr) {
                replace(&mut pts, &mut sum, &trial2);
                vals[iw] = fc;
                continue;
            }
            // Shrink towards the best point.
            let bestp = pts[ib].clone();
            for k in 0..=n {
                if k == ib {
                    continue;
                }
                for i in 0..n {
                    pts[k][i] = bestp[i] + shrink_by * (pts[k][i] - bestp[i]);
                }
                vals[k] = sane(f(&pts[k], f64::INFINITY));
                evals += 1;
            }
            resum(&pts, &mut sum);
        }
        let ib = (0..=n)
            .min_by(|&a, &b| vals[a].total_cmp(&vals[b]))
            .unwrap_or(0);
        (pts[ib].clone(), vals[ib], evals)
    }
}

/// Orders `order` (indices into `key`) by ascending `key` (`f64::total_cmp`, ties kept in
/// place): the statsforecast Nelder–Mead's vertices and AutoARIMA's candidates share this one
/// sort instance instead of one per closure.
pub(crate) fn argsort(order: &mut [usize], key: &[f64]) {
    order.sort_by(|&a, &b| key[a].total_cmp(&key[b]));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_rosenbrock_minimum() {
        let rosen = |x: &[f64]| (1.0 - x[0]).powi(2) + 100.0 * (x[1] - x[0] * x[0]).powi(2);
        let nm = NelderMead {
            max_evals: 5_000,
            restarts: 3,
            tol: 1e-14,
            adaptive: false,
        };
        let inf = f64::INFINITY;
        let m = nm.minimize(rosen, &[-1.2, 1.0], &[0.5, 0.5], &[-inf, -inf], &[inf, inf]);
        assert!(
            (m.x[0] - 1.0).abs() < 1e-4 && (m.x[1] - 1.0).abs() < 1e-4,
            "{m:?}"
        );
        assert!(m.evals <= 5_000);
    }

    #[test]
    fn respects_bounds_and_infinite_regions() {
        // Unconstrained minimum at (2, -3); box [0,1]x[0,1] puts it at (1, 0).
        let f = |x: &[f64]| (x[0] - 2.0).powi(2) + (x[1] + 3.0).powi(2);
        let m =
            NelderMead::default().minimize(f, &[0.5, 0.5], &[0.1, 0.1], &[0.0, 0.0], &[1.0, 1.0]);
        assert!((m.x[0] - 1.0).abs() < 1e-6 && m.x[1].abs() < 1e-6, "{m:?}");
        // A coupled constraint x1 <= x0 expressed as +inf, and NaN treated as +inf.
        let g = |x: &[f64]| {
            if x[1] > x[0] {
                f64::NAN
            } else {
                (x[0] - 0.2).powi(2) + (x[1] - 0.9).powi(2)
            }
        };
        let m =
            NelderMead::default().minimize(g, &[0.5, 0.1], &[0.1, 0.1], &[0.0, 0.0], &[1.0, 1.0]);
        assert!(m.x[1] <= m.x[0] + 1e-12);
        assert!(
            (m.x[0] - 0.55).abs() < 1e-3 && (m.x[1] - 0.55).abs() < 1e-3,
            "{m:?}"
        );
    }

    #[test]
    fn cutoff_objective_takes_the_same_path() {
        // An objective that gives up (returns +inf) whenever its value is at least the cutoff
        // must leave the search exactly as the exact objective does, evaluation for evaluation.
        let f = |x: &[f64]| {
            (x[0] - 0.3).powi(2) + 3.0 * (x[1] + 0.2).powi(2) + (x[2] * x[0]).sin().abs()
        };
        let nm = NelderMead {
            max_evals: 400,
            restarts: 1,
            tol: 1e-10,
            adaptive: true,
        };
        let (lo, hi) = ([-1.0; 3], [1.0; 3]);
        let (x0, step) = ([0.9, 0.8, -0.7], [0.1; 3]);
        let exact = nm.minimize(f, &x0, &step, &lo, &hi);
        let mut gave_up = 0;
        let cut = nm.minimize_with_cutoff(
            |x: &[f64], cutoff: f64| {
                let v = f(x);
                if v >= cutoff {
                    gave_up += 1;
                    f64::INFINITY
                } else {
                    v
                }
            },
            &x0,
            &step,
            &lo,
            &hi,
        );
        assert_eq!(exact, cut);
        assert!(gave_up > 0, "the cutoff was never used");
    }
}
