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

/// Least-squares fit of `y` on the columns of `x` (row-major, `k` columns) via the normal
/// equations solved by Cholesky; `None` if singular.
pub(crate) fn lstsq(x: &[f64], k: usize, y: &[f64]) -> Option<Vec<f64>> {
    let n = y.len();
    let a = nalgebra::DMatrix::from_row_slice(n, k, x);
    let b = nalgebra::DVector::from_column_slice(y);
    let svd = a.svd(true, true);
    let sol = svd.solve(&b, 1e-12).ok()?;
    Some(sol.iter().copied().collect())
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
