//! Heuristic initial states (Hyndman et al. 2008 §2.6.1, as in R's `forecast::ets` and
//! statsforecast): a classical decomposition of the series (statsforecast decomposes the whole
//! series, R the first three cycles; a trend + one-harmonic regression when the series is shorter
//! than three cycles) gives the seasonal terms; a straight line fitted to the
//! first `max(10, 2m)` seasonally adjusted values gives level and trend. The optimiser then
//! refines these values together with the smoothing parameters.

use super::{EtsSpec, SeasonType, TrendType};

/// Centred moving average of order `m` (a 2×m MA for even `m`); `None` where undefined.
pub(crate) fn centred_ma(y: &[f64], m: usize) -> Vec<Option<f64>> {
    let n = y.len();
    let mut out = vec![None; n];
    if m == 0 || n < m + (m % 2 == 0) as usize {
        return out;
    }
    let half = m / 2;
    if m % 2 == 1 {
        for (t, o) in out.iter_mut().enumerate().take(n - half).skip(half) {
            *o = Some(y[t - half..=t + half].iter().sum::<f64>() / m as f64);
        }
    } else {
        for (t, o) in out.iter_mut().enumerate().take(n - half).skip(half) {
            let inner: f64 = y[t - half + 1..t + half].iter().sum();
            *o = Some((inner + 0.5 * (y[t - half] + y[t + half])) / m as f64);
        }
    }
    out
}

/// Seasonal figure of a classical decomposition (`figure[i]` for positions `i ≡ t mod m`),
/// normalised to mean 0 (additive) or 1 (multiplicative). `None` if some position has no value.
pub(crate) fn seasonal_figure(y: &[f64], m: usize, multiplicative: bool) -> Option<Vec<f64>> {
    let trend = centred_ma(y, m);
    let mut sum = vec![0.0; m];
    let mut count = vec![0usize; m];
    for (t, (v, tr)) in y.iter().zip(&trend).enumerate() {
        if let Some(tr) = tr {
            let d = if multiplicative { v / tr } else { v - tr };
            if d.is_finite() {
                sum[t % m] += d;
                count[t % m] += 1;
            }
        }
    }
    if count.contains(&0) {
        return None;
    }
    let mut fig: Vec<f64> = sum.iter().zip(&count).map(|(s, &c)| s / c as f64).collect();
    let mean = fig.iter().sum::<f64>() / m as f64;
    if multiplicative {
        if mean.abs() < 1e-300 || !mean.is_finite() {
            return None;
        }
        fig.iter_mut().for_each(|f| *f /= mean);
    } else {
        fig.iter_mut().for_each(|f| *f -= mean);
    }
    Some(fig)
}

/// Least-squares fit of `y` on the columns of `x` (row-major, `k` columns): the minimum-norm
/// solution through the singular value decomposition, singular values below 1e-12 treated as
/// zero (what `nalgebra`'s `svd(..).solve(b, 1e-12)` computed; a one-sided Jacobi SVD here keeps
/// nalgebra's general SVD, ~20 KB of wasm, out of the forecast module).
pub(crate) fn lstsq(x: &[f64], k: usize, y: &[f64]) -> Option<Vec<f64>> {
    let n = y.len();
    if k == 0 || x.len() != n * k {
        return None;
    }
    // Columns of A, rotated in place into U·Σ; V accumulates the same rotations.
    let mut a: Vec<Vec<f64>> = (0..k)
        .map(|j| (0..n).map(|i| x[i * k + j]).collect())
        .collect();
    let mut v: Vec<Vec<f64>> = (0..k)
        .map(|j| (0..k).map(|i| f64::from(u8::from(i == j))).collect())
        .collect();
    let dot = |p: &[f64], q: &[f64]| p.iter().zip(q).map(|(a, b)| a * b).sum::<f64>();
    let rotate = |m: &mut [Vec<f64>], p: usize, q: usize, c: f64, s: f64| {
        let (lo, hi) = m.split_at_mut(q);
        for (ap, aq) in lo[p].iter_mut().zip(hi[0].iter_mut()) {
            let (x, y) = (*ap, *aq);
            *ap = c * x - s * y;
            *aq = s * x + c * y;
        }
    };
    for _sweep in 0..60 {
        let mut rotated = false;
        for p in 0..k {
            for q in p + 1..k {
                let alpha = dot(&a[p], &a[p]);
                let beta = dot(&a[q], &a[q]);
                let gamma = dot(&a[p], &a[q]);
                if gamma == 0.0 || gamma.abs() <= 1e-15 * (alpha * beta).sqrt() {
                    continue;
                }
                let zeta = (beta - alpha) / (2.0 * gamma);
                let t = zeta.signum() / (zeta.abs() + (1.0 + zeta * zeta).sqrt());
                let c = 1.0 / (1.0 + t * t).sqrt();
                let s = c * t;
                if !(c.is_finite() && s.is_finite()) {
                    return None;
                }
                rotate(&mut a, p, q, c, s);
                rotate(&mut v, p, q, c, s);
                rotated = true;
            }
        }
        if !rotated {
            break;
        }
    }
    // x = Σ_j (u_j·y / σ_j) v_j with u_j = a_j / σ_j, over σ_j above the cut-off.
    let mut sol = vec![0.0; k];
    for (aj, vj) in a.iter().zip(&v) {
        let sigma2 = dot(aj, aj);
        if sigma2.sqrt() > 1e-12 {
            let w = dot(aj, y) / sigma2;
            sol.iter_mut().zip(vj).for_each(|(s, vij)| *s += w * vij);
        }
    }
    Some(sol)
}

/// Seasonal component over the whole series for the short-series case: `y` minus (or divided by)
/// the trend of a regression on `1, t, cos(2πt/m), sin(2πt/m)`.
fn fourier_seasonal(y: &[f64], m: usize, multiplicative: bool) -> Option<Vec<f64>> {
    let n = y.len();
    let mut x = Vec::with_capacity(n * 4);
    for t in 1..=n {
        let w = 2.0 * std::f64::consts::PI * t as f64 / m as f64;
        x.extend_from_slice(&[1.0, t as f64, w.cos(), w.sin()]);
    }
    let c = lstsq(&x, 4, y)?;
    Some(
        (1..=n)
            .zip(y)
            .map(|(t, v)| {
                let tr = c[0] + c[1] * t as f64;
                if multiplicative {
                    v / tr
                } else {
                    v - tr
                }
            })
            .collect(),
    )
}

/// Initial state `[l0, b0?, s_0, …, s_{-m+2}]` (the last seasonal term is implied by the
/// normalisation and left out). `None` when the heuristics break down on this series.
pub(crate) fn initial_state(y: &[f64], spec: EtsSpec, m: usize) -> Option<Vec<f64>> {
    let n = y.len();
    let mult = spec.season == SeasonType::Multiplicative;
    let (init_seas, y_sa): (Vec<f64>, Vec<f64>) = if spec.season == SeasonType::None {
        (Vec::new(), y.to_vec())
    } else {
        if n < 4 || m < 2 {
            return None;
        }
        // seasonal[t] for every t of the series.
        let seasonal: Vec<f64> = if n < 3 * m {
            fourier_seasonal(y, m, mult)?
        } else {
            let fig = seasonal_figure(y, m, mult)?;
            (0..n).map(|t| fig[t % m]).collect()
        };
        let mut init: Vec<f64> = seasonal[1..m].iter().rev().copied().collect();
        let y_sa = if mult {
            init.iter_mut().for_each(|s| *s = s.max(1e-2));
            let total: f64 = init.iter().sum();
            if total > m as f64 {
                let denom: f64 = init.iter().map(|s| s + 1e-2).sum();
                init.iter_mut().for_each(|s| *s /= denom);
            }
            y.iter()
                .zip(&seasonal)
                .map(|(v, s)| v / s.max(1e-2))
                .collect()
        } else {
            y.iter().zip(&seasonal).map(|(v, s)| v - s).collect()
        };
        (init, y_sa)
    };
    let period = if spec.season == SeasonType::None {
        1
    } else {
        m
    };
    let maxn = (10.max(2 * period)).min(n);
    let head = &y_sa[..maxn];
    let mut out = Vec::with_capacity(2 + init_seas.len());
    if spec.trend == TrendType::None {
        out.push(head.iter().sum::<f64>() / maxn as f64);
    } else {
        // Simple linear regression of head on t = 1..maxn.
        let tn = maxn as f64;
        let tbar = (tn + 1.0) / 2.0;
        let ybar = head.iter().sum::<f64>() / tn;
        let (mut sxy, mut sxx) = (0.0, 0.0);
        for (i, v) in head.iter().enumerate() {
            let dt = (i + 1) as f64 - tbar;
            sxy += dt * (v - ybar);
            sxx += dt * dt;
        }
        let b = if sxx > 0.0 { sxy / sxx } else { 0.0 };
        let mut l0 = ybar - b * tbar;
        let mut b0 = b;
        if (l0 + b0).abs() < 1e-8 {
            l0 *= 1.0 + 1e-3;
            b0 *= 1.0 - 1e-3;
        }
        out.push(l0);
        out.push(b0);
    }
    out.extend(init_seas);
    out.iter().all(|v| v.is_finite()).then_some(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::forecast::ets::ErrorType;

    #[test]
    fn lstsq_solves_full_rank_and_takes_the_minimum_norm_when_rank_deficient() {
        // y = 2 + 0.5 t − 3 cos + sin on 9 points (m = 4): recovered exactly.
        let (n, m) = (9, 4.0);
        let mut x = Vec::new();
        let mut y = Vec::new();
        for t in 1..=n {
            let w = 2.0 * std::f64::consts::PI * t as f64 / m;
            x.extend_from_slice(&[1.0, t as f64, w.cos(), w.sin()]);
            y.push(
                2.0 + 0.5 * t as f64 - 3.0 * w.cos()
                    + w.sin()
                    + if t % 2 == 0 { 0.25 } else { -0.25 },
            );
        }
        let c = lstsq(&x, 4, &y).unwrap();
        // The ±0.25 alternation is not in the span of the columns: the residual is orthogonal
        // to them (the normal equations hold).
        let xt_x_c: Vec<f64> = (0..4)
            .map(|j| {
                (0..n)
                    .map(|i| x[i * 4 + j] * (0..4).map(|l| x[i * 4 + l] * c[l]).sum::<f64>())
                    .sum()
            })
            .collect();
        let xt_y: Vec<f64> = (0..4)
            .map(|j| (0..n).map(|i| x[i * 4 + j] * y[i]).sum())
            .collect();
        for (a, b) in xt_x_c.iter().zip(&xt_y) {
            assert!((a - b).abs() < 1e-9, "{a} vs {b}");
        }
        // Two equal columns: the minimum-norm solution splits the weight evenly.
        let x2 = [1.0, 1.0, 2.0, 2.0, 3.0, 3.0];
        let c2 = lstsq(&x2, 2, &[2.0, 4.0, 6.0]).unwrap();
        assert!(
            (c2[0] - 1.0).abs() < 1e-12 && (c2[1] - 1.0).abs() < 1e-12,
            "{c2:?}"
        );
        // m = 2: the sine column is rounding noise (~1e-16), below the cut-off, and leaves the
        // other coefficients alone.
        let mut x3 = Vec::new();
        for t in 1..=5 {
            let w = std::f64::consts::PI * t as f64;
            x3.extend_from_slice(&[1.0, t as f64, w.cos(), w.sin()]);
        }
        let y3: Vec<f64> = (1..=5).map(|t| 1.0 + t as f64).collect();
        let c3 = lstsq(&x3, 4, &y3).unwrap();
        assert!(
            (c3[0] - 1.0).abs() < 1e-9 && (c3[1] - 1.0).abs() < 1e-9,
            "{c3:?}"
        );
        assert!(lstsq(&[], 0, &[]).is_none());
    }

    #[test]
    fn centred_ma_even_and_odd() {
        let y = [1.0, 2.0, 3.0, 4.0, 5.0, 6.0];
        let ma = centred_ma(&y, 3);
        assert_eq!(ma[0], None);
        assert_eq!(ma[1], Some(2.0));
        assert_eq!(ma[4], Some(5.0));
        assert_eq!(ma[5], None);
        let ma = centred_ma(&y, 4);
        // (0.5*1 + 2 + 3 + 4 + 0.5*5)/4 = 3
        assert_eq!(ma[2], Some(3.0));
        assert_eq!(ma[3], Some(4.0));
        assert_eq!(ma[1], None);
        assert_eq!(ma[4], None);
    }

    #[test]
    fn recovers_pure_additive_pattern() {
        let pat = [3.0, -1.0, -2.0, 0.0];
        let y: Vec<f64> = (0..24).map(|t| 10.0 + pat[t % 4]).collect();
        let fig = seasonal_figure(&y, 4, false).unwrap();
        for (f, p) in fig.iter().zip(pat) {
            assert!((f - p).abs() < 1e-12);
        }
        let spec = EtsSpec {
            error: ErrorType::Additive,
            trend: TrendType::Additive,
            season: SeasonType::Additive,
        };
        let init = initial_state(&y, spec, 4).unwrap();
        // l0 = 10, b0 = 0, seasonal newest first: s_0 = pat[3], s_-1 = pat[2], s_-2 = pat[1].
        let want = [10.0, 0.0, 0.0, -2.0, -1.0];
        for (a, b) in init.iter().zip(want) {
            assert!((a - b).abs() < 1e-9, "{init:?}");
        }
    }
}
