//! STL (Cleveland et al. 1990) without robustness iterations, with statsmodels' defaults as
//! statsforecast's seasonal-strength test calls it: seasonal window given, trend window
//! `next odd ≥ 1.5 m / (1 - 1.5 / seasonal)`, low-pass window `next odd > m`, linear trend and
//! low-pass smoothers, five inner passes.

/// Local (degree 0 or 1) tricube-weighted fit at abscissa `xs` (1-based) of `y[nleft-1 .. nright]`;
/// `None` when every weight vanishes.
fn est(y: &[f64], len: usize, deg: usize, xs: f64, nleft: usize, nright: usize) -> Option<f64> {
    let n = y.len();
    let mut h = (xs - nleft as f64).max(nright as f64 - xs);
    if len > n {
        h += ((len - n) / 2) as f64;
    }
    let (h9, h1) = (0.999 * h, 0.001 * h);
    let mut w = vec![0.0; nright - nleft + 1];
    let mut a = 0.0;
    for j in nleft..=nright {
        let r = (j as f64 - xs).abs();
        let v = if r <= h9 {
            if r <= h1 {
                1.0
            } else {
                (1.0 - (r / h).powi(3)).powi(3)
            }
        } else {
            0.0
        };
        w[j - nleft] = v;
        a += v;
    }
    if a <= 0.0 {
        return None;
    }
    w.iter_mut().for_each(|v| *v /= a);
    if h > 0.0 && deg > 0 {
        let a: f64 = (nleft..=nright).map(|j| w[j - nleft] * j as f64).sum();
        let mut b = xs - a;
        let c: f64 = (nleft..=nright)
            .map(|j| w[j - nleft] * (j as f64 - a).powi(2))
            .sum();
        if c.sqrt() > 0.001 * (n as f64 - 1.0) {
            b /= c;
            for j in nleft..=nright {
                w[j - nleft] *= b * (j as f64 - a) + 1.0;
            }
        }
    }
    Some((nleft..=nright).map(|j| w[j - nleft] * y[j - 1]).sum())
}

/// Loess smoothing of the whole series with window `len`.
fn ess(y: &[f64], len: usize, deg: usize) -> Vec<f64> {
    let n = y.len();
    let mut out = vec![0.0; n];
    if n < 2 {
        out.copy_from_slice(y);
        return out;
    }
    if len >= n {
        for i in 0..n {
            out[i] = est(y, len, deg, (i + 1) as f64, 1, n).unwrap_or(y[i]);
        }
        return out;
    }
    let nsh = len.div_ceil(2);
    let (mut nleft, mut nright) = (1, len);
    for i in 1..=n {
        if i > nsh && nright != n {
            nleft += 1;
            nright += 1;
        }
        out[i - 1] = est(y, len, deg, i as f64, nleft, nright).unwrap_or(y[i - 1]);
    }
    out
}

fn moving_average(x: &[f64], len: usize) -> Vec<f64> {
    let mut out = Vec::with_capacity(x.len() + 1 - len);
    let mut s: f64 = x[..len].iter().sum();
    out.push(s / len as f64);
    for i in len..x.len() {
        s += x[i] - x[i - len];
        out.push(s / len as f64);
    }
    out
}

fn next_odd(v: usize) -> usize {
    if v % 2 == 0 {
        v + 1
    } else {
        v
    }
}

/// Seasonal and trend components of `y` (length `>= 2 m`, `m >= 2`).
pub(crate) fn stl(y: &[f64], m: usize, seasonal: usize) -> (Vec<f64>, Vec<f64>) {
    let n = y.len();
    let trend_len = next_odd((1.5 * m as f64 / (1.0 - 1.5 / seasonal as f64)).ceil() as usize);
    let low_len = next_odd(m + 1);
    let mut trend = vec![0.0; n];
    let mut season = vec![0.0; n];
    let mut c = vec![0.0; n + 2 * m];
    for _ in 0..5 {
        let detr: Vec<f64> = y.iter().zip(&trend).map(|(a, b)| a - b).collect();
        // Cycle-subseries smoothing, extended one cycle at each end.
        for j in 0..m {
            let sub: Vec<f64> = detr.iter().skip(j).step_by(m).copied().collect();
            let k = sub.len();
            let sm = ess(&sub, seasonal, 0);
            let right = seasonal.min(k);
            let first = est(&sub, seasonal, 0, 0.0, 1, right).unwrap_or(sm[0]);
            let left = if k >= seasonal { k - seasonal + 1 } else { 1 };
            let last = est(&sub, seasonal, 0, (k + 1) as f64, left, k).unwrap_or(sm[k - 1]);
            c[j] = first;
            for (i, v) in sm.iter().enumerate() {
                c[(i + 1) * m + j] = *v;
            }
            if (k + 1) * m + j < n + 2 * m {
                c[(k + 1) * m + j] = last;
            }
        }
        let low = moving_average(&moving_average(&moving_average(&c, m), m), 3);
        let low = ess(&low, low_len, 1);
        for i in 0..n {
            season[i] = c[m + i] - low[i];
        }
        let deseason: Vec<f64> = y.iter().zip(&season).map(|(a, b)| a - b).collect();
        trend = ess(&deseason, trend_len, 1);
    }
    (season, trend)
}
