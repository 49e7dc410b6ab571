//! STL: seasonal-trend decomposition by loess (Cleveland, Cleveland, McRae & Terpenning 1990),
//! the non-robust form with the defaults of statsmodels' `STL` as statsforecast's MSTL calls it:
//! seasonal loess of degree 0 (statsforecast's choice), trend and low-pass loess of degree 1,
//! trend window the next odd integer above `1.5 · period / (1 − 1.5 / seasonal)`, low-pass
//! window the next odd integer above the period, every point smoothed (no jumps), five inner
//! passes.

use crate::error::{Error, Result};

/// STL settings for one period.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Stl {
    /// Steps per cycle (>= 2).
    pub period: usize,
    /// Seasonal (cycle-subseries) loess window: odd, >= 3.
    pub seasonal: usize,
    /// Degree of the seasonal loess: 0 (local mean) or 1 (local line).
    pub seasonal_deg: u8,
    /// Inner passes.
    pub inner: usize,
}

/// An STL decomposition: `y = seasonal + trend + remainder`.
#[derive(Debug, Clone, PartialEq)]
pub struct Decomposition {
    /// Seasonal component.
    pub seasonal: Vec<f64>,
    /// Trend component.
    pub trend: Vec<f64>,
}

/// The next odd integer `>= x`.
fn next_odd(x: f64) -> usize {
    let v = x.ceil().max(1.0) as usize;
    if v % 2 == 0 {
        v + 1
    } else {
        v
    }
}

impl Stl {
    /// STL of `period` with seasonal window `seasonal`, seasonal degree 0 and five inner passes.
    pub fn new(period: usize, seasonal: usize) -> Self {
        Stl {
            period,
            seasonal,
            seasonal_deg: 0,
            inner: 5,
        }
    }

    /// Decomposes `y` (finite, at least two full periods).
    pub fn decompose(&self, y: &[f64]) -> Result<Decomposition> {
        let (n, np) = (y.len(), self.period);
        if np < 2 {
            return Err(Error::invalid("period", "a period >= 2", np));
        }
        if n < 2 * np {
            return Err(super::too_short(2 * np, "for two seasonal cycles", n));
        }
        let ns = next_odd(self.seasonal.max(3) as f64);
        let nt = next_odd(1.5 * np as f64 / (1.0 - 1.5 / ns as f64));
        let nl = next_odd(np as f64 + 1.0);
        let mut trend = vec![0.0; n];
        let mut seasonal = vec![0.0; n];
        let mut work = vec![0.0; n];
        let mut cycle = vec![0.0; n + 2 * np];
        let mut sub = Vec::new();
        let mut sub_out = Vec::new();
        for _ in 0..self.inner.max(1) {
            // 1. Detrend; 2. smooth each cycle-subseries, extended one step at each end.
            for (w, (v, t)) in work.iter_mut().zip(y.iter().zip(&trend)) {
                *w = v - t;
            }
            for k in 0..np {
                sub.clear();
                sub.extend(work[k..].iter().step_by(np));
                let m = sub.len();
                sub_out.clear();
                sub_out.resize(m + 2, 0.0);
                loess_extended(&sub, ns, self.seasonal_deg, &mut sub_out);
                for (j, v) in sub_out.iter().enumerate() {
                    cycle[k + j * np] = *v;
                }
            }
            // 3. Low-pass filter of the cycle: moving averages np, np, 3, then loess.
            let a = moving_average(&cycle, np);
            let b = moving_average(&a, np);
            let c = moving_average(&b, 3);
            let low = loess(&c, nl, 1, 1);
            // 4. Seasonal = cycle − low-pass; 5. trend = loess of the deseasonalised series.
            for i in 0..n {
                seasonal[i] = cycle[np + i] - low[i];
                work[i] = y[i] - seasonal[i];
            }
            trend = loess(&work, nt, 1, 1);
        }
        Ok(Decomposition { seasonal, trend })
    }
}

/// Moving average of width `w` (output `len − w + 1` values).
fn moving_average(x: &[f64], w: usize) -> Vec<f64> {
    let mut out = Vec::with_capacity(x.len() + 1 - w);
    let mut s: f64 = x[..w].iter().sum();
    out.push(s / w as f64);
    for i in w..x.len() {
        s += x[i] - x[i - w];
        out.push(s / w as f64);
    }
    out
}

/// Loess fit of degree `deg` (0 or 1) of `y` (positions 1..=n) evaluated at position `x`, with
/// the `q`-point neighbourhood `[left, right]` (1-based, inclusive). `None` when every weight
/// vanishes.
fn loess_at(y: &[f64], q: usize, deg: u8, x: f64, left: usize, right: usize) -> Option<f64> {
    let n = y.len();
    let mut h = (x - left as f64).max(right as f64 - x);
    if q > n {
        h += ((q - n) / 2) as f64;
    }
    let (h9, h1) = (0.999 * h, 0.001 * h);
    let mut w = Vec::with_capacity(right + 1 - left);
    let mut sum = 0.0;
    for j in left..=right {
        let r = (j as f64 - x).abs();
        let wj = if r <= h1 {
            1.0
        } else if r <= h9 {
            (1.0 - (r / h).powi(3)).powi(3)
        } else {
            0.0
        };
        sum += wj;
        w.push(wj);
    }
    if sum <= 0.0 {
        return None;
    }
    w.iter_mut().for_each(|v| *v /= sum);
    if deg > 0 && h > 0.0 {
        let a: f64 = w
            .iter()
            .enumerate()
            .map(|(i, v)| v * (left + i) as f64)
            .sum();
        let c: f64 = w
            .iter()
            .enumerate()
            .map(|(i, v)| v * ((left + i) as f64 - a).powi(2))
            .sum();
        let range = (n - 1) as f64;
        if c.sqrt() > 0.001 * range {
            let b = (x - a) / c;
            for (i, v) in w.iter_mut().enumerate() {
                *v *= b * ((left + i) as f64 - a) + 1.0;
            }
        }
    }
    Some(w.iter().zip(&y[left - 1..right]).map(|(a, b)| a * b).sum())
}

/// The `q`-point neighbourhood of position `i` (1-based) in a series of `n`.
fn window(n: usize, q: usize, i: usize) -> (usize, usize) {
    if q >= n {
        return (1, n);
    }
    let half = q.div_ceil(2);
    if i < half {
        (1, q)
    } else if i > n - half {
        (n + 1 - q, n)
    } else {
        (i + 1 - half, i + q - half)
    }
}

/// Loess smooth of degree `deg` of `y` with window `q`, computed every `jump` points and
/// interpolated linearly between.
fn loess(y: &[f64], q: usize, deg: u8, jump: usize) -> Vec<f64> {
    let n = y.len();
    let mut out = vec![0.0; n];
    if n == 1 {
        out[0] = y[0];
        return out;
    }
    let jump = jump.max(1).min(n - 1);
    // An interior point of an odd window sits at its centre: the weights are the same tricube
    // for every such point (and the degree-1 correction vanishes), computed once.
    let half = q / 2;
    let interior: Option<Vec<f64>> = (q % 2 == 1 && q < n && q >= 3).then(|| {
        let h = half as f64;
        let (h9, h1) = (0.999 * h, 0.001 * h);
        let mut w: Vec<f64> = (0..q)
            .map(|j| {
                let r = (j as f64 - h).abs();
                if r <= h1 {
                    1.0
                } else if r <= h9 {
                    (1.0 - (r / h).powi(3)).powi(3)
                } else {
                    0.0
                }
            })
            .collect();
        let sum: f64 = w.iter().sum();
        w.iter_mut().for_each(|v| *v /= sum);
        w
    });
    let at = |i: usize, out: &mut [f64]| {
        let (l, r) = window(n, q, i);
        out[i - 1] = match &interior {
            Some(w) if l + half == i && r == i + half => {
                w.iter().zip(&y[l - 1..r]).map(|(a, b)| a * b).sum()
            }
            _ => loess_at(y, q, deg, i as f64, l, r).unwrap_or(y[i - 1]),
        };
    };
    let mut last = 1;
    let mut i = 1;
    while i <= n {
        at(i, &mut out);
        if i > last {
            let (a, b) = (out[last - 1], out[i - 1]);
            for k in last + 1..i {
                let f = (k - last) as f64 / (i - last) as f64;
                out[k - 1] = a + f * (b - a);
            }
        }
        last = i;
        if i == n {
            break;
        }
        i = (i + jump).min(n);
    }
    out
}

/// Loess of a cycle-subseries at positions 0..=m+1 (one step beyond each end), into `out`.
fn loess_extended(y: &[f64], q: usize, deg: u8, out: &mut [f64]) {
    let m = y.len();
    let inner = loess(y, q, deg, 1);
    out[1..=m].copy_from_slice(&inner);
    let (l, r) = window(m, q, 1);
    out[0] = loess_at(y, q, deg, 0.0, l, r).unwrap_or(y[0]);
    let (l, r) = window(m, q, m);
    out[m + 1] = loess_at(y, q, deg, (m + 1) as f64, l, r).unwrap_or(y[m - 1]);
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::f64::consts::PI;

    #[test]
    fn loess_reproduces_lines_and_moving_average_is_exact() {
        let y: Vec<f64> = (0..30).map(|t| 3.0 + 0.5 * t as f64).collect();
        for (q, jump) in [(7, 1), (11, 3), (51, 5)] {
            for (a, b) in loess(&y, q, 1, jump).iter().zip(&y) {
                assert!((a - b).abs() < 1e-9, "q {q}: {a} vs {b}");
            }
        }
        let mut ext = vec![0.0; 32];
        loess_extended(&y, 7, 1, &mut ext);
        assert!((ext[0] - 2.5).abs() < 1e-9 && (ext[31] - 18.0).abs() < 1e-9);
        // Degree 0 is a local weighted mean: a constant stays, a line is pulled in at the ends.
        loess_extended(&[4.0; 9], 7, 0, &mut ext[..11]);
        assert!(ext[..11].iter().all(|v| (v - 4.0).abs() < 1e-12));
        let flat = loess(&y, 7, 0, 1);
        assert!(flat[0] > y[0] && (flat[15] - y[15]).abs() < 1e-9);
        assert_eq!(
            moving_average(&[1.0, 2.0, 3.0, 4.0], 2),
            vec![1.5, 2.5, 3.5]
        );
    }

    #[test]
    fn recovers_a_seasonal_pattern_on_a_trend() {
        let n = 120;
        let s = |t: usize| 5.0 * (2.0 * PI * t as f64 / 12.0).sin();
        let y: Vec<f64> = (0..n).map(|t| 50.0 + 0.3 * t as f64 + s(t)).collect();
        let d = Stl::new(12, 11).decompose(&y).unwrap();
        for t in 12..n - 12 {
            assert!(
                (d.seasonal[t] - s(t)).abs() < 0.2,
                "t {t}: {}",
                d.seasonal[t]
            );
            assert!((d.trend[t] - 50.0 - 0.3 * t as f64).abs() < 0.2);
        }
        let e = Stl::new(12, 11).decompose(&y[..20]).unwrap_err();
        assert!(e.to_string().contains("at least 24 points"), "{e}");
        assert!(Stl::new(1, 11).decompose(&y).is_err());
    }
}
