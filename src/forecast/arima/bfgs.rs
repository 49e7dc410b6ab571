//! Quasi-Newton (BFGS) minimisation with forward-difference gradients and a strong-Wolfe line
//! search: the optimiser statsforecast's and R's `arima` use (`optim`/`scipy.optimize.minimize`
//! with method BFGS), so that fits land where theirs do.

/// Why the search stopped.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Stop {
    /// Gradient below tolerance.
    Converged,
    /// Iteration budget spent.
    MaxIter,
    /// The line search found no acceptable step (precision reached).
    LineSearch,
}

/// Result of a BFGS run.
#[derive(Debug, Clone)]
pub(crate) struct BfgsResult {
    /// Best point.
    pub x: Vec<f64>,
    /// Objective there.
    pub f: f64,
    /// Why it stopped.
    pub stop: Stop,
}

const EPS_SQRT: f64 = 1.490_116_119_384_765_6e-8;

fn gradient(f: &mut impl FnMut(&[f64]) -> f64, x: &[f64], fx: f64) -> Vec<f64> {
    let mut xh = x.to_vec();
    (0..x.len())
        .map(|i| {
            let sign = if x[i] < 0.0 { -1.0 } else { 1.0 };
            let h0 = EPS_SQRT * sign * x[i].abs().max(1.0);
            xh[i] = x[i] + h0;
            let h = xh[i] - x[i];
            let g = (f(&xh) - fx) / h;
            xh[i] = x[i];
            g
        })
        .collect()
}

fn dot(a: &[f64], b: &[f64]) -> f64 {
    a.iter().zip(b).map(|(x, y)| x * y).sum()
}

/// Minimises `f` from `x0` with at most `max_iter` iterations, stopping when the largest
/// gradient component is at most `gtol`. Non-finite objective values are treated as walls.
pub(crate) fn minimize(
    mut f: impl FnMut(&[f64]) -> f64,
    x0: &[f64],
    max_iter: usize,
    gtol: f64,
) -> BfgsResult {
    let n = x0.len();
    let mut x = x0.to_vec();
    let mut fx = f(&x);
    if n == 0 || !fx.is_finite() {
        return BfgsResult {
            x,
            f: fx,
            stop: Stop::LineSearch,
        };
    }
    let mut g = gradient(&mut f, &x, fx);
    let mut h = vec![0.0; n * n];
    for i in 0..n {
        h[i * n + i] = 1.0;
    }
    let mut old_old = fx + g.iter().map(|v| v * v).sum::<f64>().sqrt() / 2.0;
    let mut stop = Stop::MaxIter;
    for _ in 0..max_iter {
        if g.iter().fold(0.0f64, |m, v| m.max(v.abs())) <= gtol {
            stop = Stop::Converged;
            break;
        }
        let mut p: Vec<f64> = (0..n)
            .map(|i| -(0..n).map(|j| h[i * n + j] * g[j]).sum::<f64>())
            .collect();
        let mut dphi0 = dot(&g, &p);
        if dphi0 >= 0.0 || !dphi0.is_finite() {
            // Not a descent direction: restart from steepest descent.
            for i in 0..n {
                for j in 0..n {
                    h[i * n + j] = if i == j { 1.0 } else { 0.0 };
                }
            }
            p = g.iter().map(|v| -v).collect();
            dphi0 = dot(&g, &p);
            if dphi0 >= 0.0 {
                stop = Stop::LineSearch;
                break;
            }
        }
        let mut alpha1 = 1.01 * 2.0 * (fx - old_old) / dphi0;
        if alpha1.is_nan() || alpha1 <= 0.0 || !alpha1.is_finite() {
            alpha1 = 1.0;
        }
        let alpha1 = alpha1.min(1.0);
        let Some((alpha, fnew, gnew)) = line_search(&mut f, &x, &p, fx, dphi0, alpha1) else {
            stop = Stop::LineSearch;
            break;
        };
        old_old = fx;
        let s: Vec<f64> = p.iter().map(|v| alpha * v).collect();
        for i in 0..n {
            x[i] += s[i];
        }
        let y: Vec<f64> = gnew.iter().zip(&g).map(|(a, b)| a - b).collect();
        fx = fnew;
        g = gnew;
        if !fx.is_finite() {
            stop = Stop::LineSearch;
            break;
        }
        let ys = dot(&y, &s);
        let rho = if ys == 0.0 { 1000.0 } else { 1.0 / ys };
        // H ← (I − ρ s yᵀ) H (I − ρ y sᵀ) + ρ s sᵀ.
        let hy: Vec<f64> = (0..n)
            .map(|i| (0..n).map(|j| h[i * n + j] * y[j]).sum())
            .collect();
        let yhy = dot(&y, &hy);
        for i in 0..n {
            for j in 0..n {
                h[i * n + j] +=
                    -rho * (s[i] * hy[j] + hy[i] * s[j]) + (rho * rho * yhy + rho) * s[i] * s[j];
            }
        }
    }
    BfgsResult { x, f: fx, stop }
}

/// Strong-Wolfe line search along `p` (c1 = 1e-4, c2 = 0.9) by bracketing and zooming with
/// cubic interpolation; returns the step, the objective and gradient there.
fn line_search(
    f: &mut impl FnMut(&[f64]) -> f64,
    x: &[f64],
    p: &[f64],
    f0: f64,
    d0: f64,
    alpha1: f64,
) -> Option<(f64, f64, Vec<f64>)> {
    const C1: f64 = 1e-4;
    const C2: f64 = 0.9;
    let mut eval = |a: f64| -> (f64, f64, Vec<f64>) {
        let xa: Vec<f64> = x.iter().zip(p).map(|(xi, pi)| xi + a * pi).collect();
        let fa = f(&xa);
        if !fa.is_finite() {
            return (f64::INFINITY, f64::NAN, Vec::new());
        }
        let ga = gradient(f, &xa, fa);
        (fa, dot(&ga, p), ga)
    };
    let (mut a_prev, mut f_prev, mut d_prev) = (0.0, f0, d0);
    let mut a = alpha1;
    for i in 0..30 {
        let (fa, da, ga) = eval(a);
        if !fa.is_finite() {
            // Step into a wall: shrink.
            a = a_prev + (a - a_prev) * 0.1;
            if a - a_prev < 1e-12 {
                return None;
            }
            continue;
        }
        if fa > f0 + C1 * a * d0 || (i > 0 && fa >= f_prev) {
            return zoom(&mut eval, (a_prev, f_prev, d_prev), (a, fa, da), f0, d0);
        }
        if da.abs() <= -C2 * d0 {
            return Some((a, fa, ga));
        }
        if da >= 0.0 {
            return zoom(&mut eval, (a, fa, da), (a_prev, f_prev, d_prev), f0, d0);
        }
        a_prev = a;
        f_prev = fa;
        d_prev = da;
        a *= 2.0;
    }
    None
}

type Point = (f64, f64, f64);

fn zoom(
    eval: &mut impl FnMut(f64) -> (f64, f64, Vec<f64>),
    mut lo: Point,
    mut hi: Point,
    f0: f64,
    d0: f64,
) -> Option<(f64, f64, Vec<f64>)> {
    const C1: f64 = 1e-4;
    const C2: f64 = 0.9;
    for _ in 0..30 {
        let (a0, a1) = (lo.0, hi.0);
        let width = (a1 - a0).abs();
        if width < 1e-14 * a0.abs().max(1e-10) {
            return None;
        }
        // Cubic interpolation, safeguarded to the middle 80% of the bracket.
        let mut a = cubic_min(lo, hi).unwrap_or(0.5 * (a0 + a1));
        let (l, h) = (a0.min(a1), a0.max(a1));
        if !(a > l + 0.1 * width && a < h - 0.1 * width) {
            a = 0.5 * (a0 + a1);
        }
        let (fa, da, ga) = eval(a);
        if !fa.is_finite() || fa > f0 + C1 * a * d0 || fa >= lo.1 {
            hi = (a, fa, da);
        } else {
            if da.abs() <= -C2 * d0 {
                return Some((a, fa, ga));
            }
            if da * (a1 - a0) >= 0.0 {
                hi = lo;
            }
            lo = (a, fa, da);
        }
    }
    None
}

fn cubic_min(lo: Point, hi: Point) -> Option<f64> {
    let (a, fa, da) = lo;
    let (b, fb, db) = hi;
    if !(fb.is_finite() && db.is_finite()) {
        return None;
    }
    let d1 = da + db - 3.0 * (fa - fb) / (a - b);
    let disc = d1 * d1 - da * db;
    if disc < 0.0 {
        return None;
    }
    let d2 = (b - a).signum() * disc.sqrt();
    let t = b - (b - a) * (db + d2 - d1) / (db - da + 2.0 * d2);
    t.is_finite().then_some(t)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn minimises_rosenbrock() {
        let r = minimize(
            |x| (1.0 - x[0]).powi(2) + 100.0 * (x[1] - x[0] * x[0]).powi(2),
            &[-1.2, 1.0],
            200,
            1e-6,
        );
        assert!(
            (r.x[0] - 1.0).abs() < 1e-3 && (r.x[1] - 1.0).abs() < 1e-3,
            "{r:?}"
        );
    }
}
