//! The state-space form of an ARIMA model (Harvey 1989; R's `makeARIMA`): state
//! `[ARMA part (r = max(p, q + 1)) | last d undifferenced values]`, exact Gaussian likelihood by the
//! Kalman filter with the stationary covariance as the ARMA part's prior and a diffuse prior
//! (variance `KAPPA`) on the differencing states, conditional sum of squares, and forecasts.

/// Prior variance of the differencing states (statsforecast's and R's `kappa`).
pub(crate) const KAPPA: f64 = 1e6;

/// An ARIMA model in state-space form, with its filter state.
#[derive(Debug, Clone)]
pub(crate) struct StateSpace {
    /// Expanded AR coefficients (`p + m·P`).
    pub phi: Vec<f64>,
    /// Expanded MA coefficients padded to `r - 1`.
    pub theta: Vec<f64>,
    /// Coefficients of the differencing polynomial, `x_t = Σ delta_i x_{t-1-i} + w_t`.
    pub delta: Vec<f64>,
    /// Size of the ARMA part of the state.
    pub r: usize,
    /// State mean.
    pub a: Vec<f64>,
    /// State covariance (row-major `rd × rd`), the prior before the first observation.
    pub p: Vec<f64>,
    /// The last one-step prediction covariance the filter computed.
    pub last_pnew: Vec<f64>,
}

/// What the filter accumulates.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Likelihood {
    /// Σ v_t² / F_t over the observations with a finite gain.
    pub ssq: f64,
    /// Σ log F_t over the same.
    pub sumlog: f64,
    /// How many.
    pub nu: usize,
}

impl Likelihood {
    /// The concentrated objective `0.5 (log(ssq/nu) + sumlog/nu)`, +inf when undefined.
    pub fn objective(&self) -> f64 {
        if self.nu == 0 {
            return f64::INFINITY;
        }
        let s2 = self.ssq / self.nu as f64;
        if s2 <= 0.0 || !s2.is_finite() {
            return f64::INFINITY;
        }
        0.5 * (s2.ln() + self.sumlog / self.nu as f64)
    }
}

/// Coefficients of `-(1-B)^d (1-B^m)^D` without the leading term.
pub(crate) fn delta(d: usize, sd: usize, m: usize) -> Vec<f64> {
    let mut poly = vec![1.0];
    let mut mul = |lag: usize| {
        let mut next = vec![0.0; poly.len() + lag];
        for (i, &v) in poly.iter().enumerate() {
            next[i] += v;
            next[i + lag] -= v;
        }
        poly = next;
    };
    for _ in 0..d {
        mul(1);
    }
    for _ in 0..sd {
        mul(m);
    }
    poly[1..].iter().map(|v| -v).collect()
}

/// Stationary covariance `Q0 = T Q0 T' + R R'` of the ARMA part (what Gardner et al. 1980
/// compute), in O(r²) after the ARMA autocovariances: with `x_t` the first state, the state
/// recursion `a_t[i] = φ_i x_{t−1} + a_{t−1}[i+1] + R_i e_t` gives the first row,
/// `Q0[0][j] = Σ_k φ_{j+k} γ(k+1) + R_{j+k} ψ_k`, and every other entry from the one below
/// and right of it, `Q0[i][j] = φ_i φ_j γ(0) + R_i R_j + φ_i Q0[0][j+1] + φ_j Q0[0][i+1] +
/// Q0[i+1][j+1]` (`γ` the autocovariances, `ψ` the MA(∞) weights, unit innovation variance).
/// Falls back to the doubling algorithm when the autocovariance system is singular (an AR
/// part on the unit circle).
pub(crate) fn q0(phi: &[f64], theta: &[f64], r: usize) -> Vec<f64> {
    if r == 1 {
        let v = if phi.is_empty() {
            1.0
        } else {
            1.0 / (1.0 - phi[0] * phi[0])
        };
        return vec![v];
    }
    let (ph, rr) = (|i| ar_at(phi, i), |i| r_at(theta, i));
    let Some((gamma, row0)) = q0_row0(phi, theta, r) else {
        return q0_doubling(phi, theta, r);
    };
    let mut q = vec![0.0; r * r];
    q[..r].copy_from_slice(&row0[..r]);
    for i in (1..r).rev() {
        for j in i..r {
            let below = if j + 1 < r {
                q[(i + 1) * r + j + 1]
            } else {
                0.0
            };
            let v = ph(i) * ph(j) * gamma[0]
                + rr(i) * rr(j)
                + ph(i) * row0[j + 1]
                + ph(j) * row0[i + 1]
                + below;
            q[i * r + j] = v;
            q[j * r + i] = v;
        }
    }
    for j in 1..r {
        q[j * r] = q[j];
    }
    q
}

/// `φ_{i+1}`, 0 past the end.
fn ar_at(phi: &[f64], i: usize) -> f64 {
    phi.get(i).copied().unwrap_or(0.0)
}

/// Entry `i` of `R = (1, θ_1, …, θ_{r−1})`, 0 past the end.
fn r_at(theta: &[f64], i: usize) -> f64 {
    if i == 0 {
        1.0
    } else {
        theta.get(i - 1).copied().unwrap_or(0.0)
    }
}

/// The first row of [`q0`] (for `r >= 2`; `r + 1` entries, the last 0) with the
/// autocovariances `γ(0..=r)` it is computed from: `Q0[0][j] = Σ_k φ_{j+k} γ(k+1) + R_{j+k} ψ_k`.
/// `None` when the autocovariance system is singular.
fn q0_row0(phi: &[f64], theta: &[f64], r: usize) -> Option<(Vec<f64>, Vec<f64>)> {
    let (ph, rr) = (|i| ar_at(phi, i), |i| r_at(theta, i));
    let gamma = autocovariances(phi, theta, r)?;
    // ψ_0..ψ_{r−1}.
    let mut psi = vec![0.0; r];
    for k in 0..r {
        psi[k] = rr(k) + (1..=k).map(|i| ph(i - 1) * psi[k - i]).sum::<f64>();
    }
    let row0: Vec<f64> = (0..=r)
        .map(|j| {
            (0..r.saturating_sub(j))
                .map(|k| ph(j + k) * gamma[k + 1] + rr(j + k) * psi[k])
                .sum()
        })
        .collect();
    Some((gamma, row0))
}

/// The first column of the stationary covariance [`q0`] (`r` entries; `theta` padded to
/// `r - 1`): what a filter started from the stationary prior needs when it never forms the
/// whole matrix. O(r²), the doubling algorithm's full matrix when the autocovariance system is
/// singular.
pub(crate) fn q0_first_column(phi: &[f64], theta: &[f64], r: usize) -> Vec<f64> {
    if r == 1 {
        return q0(phi, theta, 1);
    }
    match q0_row0(phi, theta, r) {
        Some((_, mut row0)) => {
            row0.truncate(r);
            row0
        }
        None => q0_doubling(phi, theta, r)[..r].to_vec(),
    }
}

/// Autocovariances `γ(0..=r)` of the ARMA process `x_t = Σ φ_i x_{t−i} + e_t + Σ θ_j e_{t−j}`
/// (unit innovation variance): `γ(0..=p)` from the first `p + 1` Yule–Walker-type equations,
/// the rest by the AR recursion. `None` when that system is singular or the result not finite.
fn autocovariances(phi: &[f64], theta: &[f64], r: usize) -> Option<Vec<f64>> {
    let p = phi.len();
    let q = theta.len();
    let th = |j: usize| {
        if j == 0 {
            1.0
        } else {
            theta.get(j - 1).copied().unwrap_or(0.0)
        }
    };
    let mut psi = vec![0.0; q + 1];
    for k in 0..=q {
        psi[k] = th(k) + (1..=k.min(p)).map(|i| phi[i - 1] * psi[k - i]).sum::<f64>();
    }
    // c_k = Σ_{j=k}^{q} θ_j ψ_{j−k}.
    let c = |k: usize| (k..=q).map(|j| th(j) * psi[j - k]).sum::<f64>();
    // (p + 1) × (p + 1) system: γ(k) − Σ_i φ_i γ(|k − i|) = c_k, k = 0..=p.
    let n = p + 1;
    let mut a = vec![0.0; n * n];
    let mut b: Vec<f64> = (0..n).map(c).collect();
    for k in 0..n {
        a[k * n + k] += 1.0;
        for i in 1..=p {
            let lag = k.abs_diff(i);
            a[k * n + lag] -= phi[i - 1];
        }
    }
    // Gaussian elimination with partial pivoting.
    for col in 0..n {
        let piv =
            (col..n).max_by(|&x, &y| a[x * n + col].abs().total_cmp(&a[y * n + col].abs()))?;
        if a[piv * n + col].abs() < 1e-12 {
            return None;
        }
        if piv != col {
            for j in 0..n {
                a.swap(col * n + j, piv * n + j);
            }
            b.swap(col, piv);
        }
        for row in col + 1..n {
            let f = a[row * n + col] / a[col * n + col];
            if f != 0.0 {
                for j in col..n {
                    a[row * n + j] -= f * a[col * n + j];
                }
                b[row] -= f * b[col];
            }
        }
    }
    let mut gamma = vec![0.0; (r + 1).max(n)];
    for row in (0..n).rev() {
        let s: f64 = (row + 1..n).map(|j| a[row * n + j] * gamma[j]).sum();
        gamma[row] = (b[row] - s) / a[row * n + row];
    }
    for k in n..gamma.len() {
        gamma[k] = (1..=p).map(|i| phi[i - 1] * gamma[k - i]).sum::<f64>()
            + if k <= q { c(k) } else { 0.0 };
    }
    gamma.truncate(r + 1);
    (gamma.iter().all(|v| v.is_finite()) && gamma[0] > 0.0).then_some(gamma)
}

/// [`q0`] for `r >= 2` by the doubling algorithm, `P ← P + A P A'`, `A ← A²` (O(r³) per step).
fn q0_doubling(phi: &[f64], theta: &[f64], r: usize) -> Vec<f64> {
    let mut a = vec![0.0; r * r];
    for (i, &v) in phi.iter().enumerate() {
        a[i * r] = v;
    }
    for i in 1..r {
        a[(i - 1) * r + i] = 1.0;
    }
    let mut rr = vec![0.0; r];
    rr[0] = 1.0;
    for (i, &v) in theta.iter().take(r - 1).enumerate() {
        rr[i + 1] = v;
    }
    let mut p: Vec<f64> = (0..r * r).map(|k| rr[k / r] * rr[k % r]).collect();
    let mut tmp = vec![0.0; r * r];
    let mut apa = vec![0.0; r * r];
    let mut tr = vec![0.0; r * r];
    for _ in 0..60 {
        // apa = A P A'
        // A P A' = A (A P)' as P is symmetric.
        matmul(&a, &p, &mut tmp, r);
        for i in 0..r {
            for j in 0..r {
                tr[j * r + i] = tmp[i * r + j];
            }
        }
        matmul(&a, &tr, &mut apa, r);
        let mut big = 0.0f64;
        let mut add = 0.0f64;
        for (pv, &v) in p.iter_mut().zip(&apa) {
            *pv += v;
            big = big.max(pv.abs());
            add = add.max(v.abs());
        }
        if add <= 1e-15 * big || !big.is_finite() {
            break;
        }
        matmul(&a, &a, &mut tmp, r);
        std::mem::swap(&mut a, &mut tmp);
    }
    p
}

/// `out = x y` for `r × r` row-major matrices (row-times-row order, which vectorises).
fn matmul(x: &[f64], y: &[f64], out: &mut [f64], r: usize) {
    out.iter_mut().for_each(|v| *v = 0.0);
    for i in 0..r {
        let row = &mut out[i * r..(i + 1) * r];
        for k in 0..r {
            let xik = x[i * r + k];
            if xik != 0.0 {
                for (o, &yv) in row.iter_mut().zip(&y[k * r..(k + 1) * r]) {
                    *o += xik * yv;
                }
            }
        }
    }
}

impl StateSpace {
    /// The model with its prior: zero mean, `Q0` for the ARMA part, `KAPPA` on the diagonal of
    /// the differencing part.
    pub fn new(phi: Vec<f64>, theta: &[f64], delta: Vec<f64>) -> Self {
        let r = phi.len().max(theta.len() + 1);
        let mut th = theta.to_vec();
        th.resize(r - 1, 0.0);
        let d = delta.len();
        let rd = r + d;
        let q = q0(&phi, &th, r);
        let mut p = vec![0.0; rd * rd];
        for i in 0..r {
            p[i * rd..i * rd + r].copy_from_slice(&q[i * r..(i + 1) * r]);
        }
        for i in r..rd {
            p[i * rd + i] = KAPPA;
        }
        StateSpace {
            phi,
            theta: th,
            delta,
            r,
            a: vec![0.0; rd],
            last_pnew: p.clone(),
            p,
        }
    }

    fn rd(&self) -> usize {
        self.r + self.delta.len()
    }

    /// `a ← T a`.
    fn predict_state(&self, a: &[f64], out: &mut [f64]) {
        let (r, p) = (self.r, self.phi.len());
        for i in 0..r {
            let mut v = if i + 1 < r { a[i + 1] } else { 0.0 };
            if i < p {
                v += self.phi[i] * a[0];
            }
            out[i] = v;
        }
        let d = self.delta.len();
        if d > 0 {
            out[r] = a[0] + (0..d).map(|k| self.delta[k] * a[r + k]).sum::<f64>();
            for i in 1..d {
                out[r + i] = a[r + i - 1];
            }
        }
    }

    /// `out ← T P T' + V` (uses `mm` as scratch).
    fn predict_cov(&self, pm: &[f64], mm: &mut [f64], out: &mut [f64]) {
        let (r, np, rd, d) = (self.r, self.phi.len(), self.rd(), self.delta.len());
        // mm = T P, by whole rows (contiguous, so the loops vectorise): row i of the ARMA block
        // is P's row i + 1 plus φ_i times its row 0; the differencing rows are row 0 plus
        // Σ δ_k row r + k, then the rows above shifted down.
        let row = |i: usize| &pm[i * rd..(i + 1) * rd];
        for i in 0..r {
            let out = &mut mm[i * rd..(i + 1) * rd];
            match (i + 1 < r, self.phi.get(i)) {
                (true, Some(&f)) => {
                    for ((o, &b), &v) in out.iter_mut().zip(row(i + 1)).zip(row(0)) {
                        *o = b + f * v;
                    }
                }
                (true, None) => out.copy_from_slice(row(i + 1)),
                (false, Some(&f)) => {
                    for (o, &v) in out.iter_mut().zip(row(0)) {
                        *o = 0.0 + f * v;
                    }
                }
                (false, None) => out.fill(0.0),
            }
        }
        if d > 0 {
            let acc = &mut mm[r * rd..(r + 1) * rd];
            acc.fill(0.0);
            for k in 0..d {
                let f = self.delta[k];
                for (o, &v) in acc.iter_mut().zip(row(r + k)) {
                    *o += f * v;
                }
            }
            for (o, &v) in acc.iter_mut().zip(row(0)) {
                *o += v;
            }
            for i in 1..d {
                mm[(r + i) * rd..(r + i + 1) * rd].copy_from_slice(row(r + i - 1));
            }
        }
        // out = mm T' + V.
        for i in 0..rd {
            let row = &mm[i * rd..(i + 1) * rd];
            let dst = &mut out[i * rd..i * rd + r];
            let x0 = row[0];
            // dst[j] = row[j + 1] + φ_j x0, with row[r] read as 0 for the last j.
            let k = np.min(r - 1);
            for ((o, &b), &f) in dst[..k].iter_mut().zip(&row[1..=k]).zip(&self.phi) {
                *o = b + f * x0;
            }
            dst[k..r - 1].copy_from_slice(&row[k + 1..r]);
            dst[r - 1] = if np == r {
                0.0 + self.phi[r - 1] * x0
            } else {
                0.0
            };
            if d > 0 {
                out[i * rd + r] = row[0] + (0..d).map(|k| self.delta[k] * row[r + k]).sum::<f64>();
                for j in 1..d {
                    out[i * rd + r + j] = row[r + j - 1];
                }
            }
        }
        for i in 0..r {
            let ti = if i == 0 { 1.0 } else { self.theta[i - 1] };
            for j in 0..r {
                let tj = if j == 0 { 1.0 } else { self.theta[j - 1] };
                out[i * rd + j] += ti * tj;
            }
        }
    }

    /// The one-step prediction error of `y` given the predicted state `anew`.
    fn innovation(&self, y: f64, anew: &[f64]) -> f64 {
        let (r, d) = (self.r, self.delta.len());
        let mut v = y - anew[0];
        for k in 0..d {
            v -= self.delta[k] * anew[r + k];
        }
        v
    }

    /// Measurement update of the state (`a = anew + m v / gain`), adding the error `v` of variance
    /// `gain` to the likelihood (unless the variance is diffuse) and to `resid`.
    fn observe(
        &mut self,
        anew: &[f64],
        m: &[f64],
        v: f64,
        gain: f64,
        out: &mut Likelihood,
        resid: Option<&mut Vec<f64>>,
    ) {
        if gain < 1e4 {
            out.nu += 1;
            out.ssq += v * v / gain;
            out.sumlog += gain.ln();
        }
        if let Some(res) = resid {
            res.push(v / gain.sqrt());
        }
        for (a, (an, mi)) in self.a.iter_mut().zip(anew.iter().zip(m)) {
            *a = an + mi * v / gain;
        }
    }

    /// Runs the filter over `y` from the prior, leaving the filtered state in `a`/`p`.
    /// `resid`, when given, receives the standardised one-step errors `v_t / sqrt(F_t)`.
    pub fn filter(&mut self, y: &[f64], mut resid: Option<&mut Vec<f64>>) -> Likelihood {
        let (r, rd, d) = (self.r, self.rd(), self.delta.len());
        let mut anew = vec![0.0; rd];
        let mut pnew = vec![0.0; rd * rd];
        let mut mm = vec![0.0; rd * rd];
        let mut m = vec![0.0; rd];
        let mut out = Likelihood {
            ssq: 0.0,
            sumlog: 0.0,
            nu: 0,
        };
        // Once the gain and the prediction covariance stop changing (to 1e-12, relative), the
        // filter is in its steady state: the covariance recursion is skipped from then on.
        let mut steady = false;
        let mut prev_gain = f64::NAN;
        let mut prev_m = vec![f64::NAN; rd];
        let mut gain = 0.0;
        for (l, &yl) in y.iter().enumerate() {
            self.predict_state(&self.a, &mut anew);
            if steady && !yl.is_nan() {
                let v = self.innovation(yl, &anew);
                self.observe(&anew, &m, v, gain, &mut out, resid.as_deref_mut());
                continue;
            }
            steady = false;
            if l > 0 {
                self.predict_cov(&self.p, &mut mm, &mut pnew);
            } else {
                pnew.copy_from_slice(&self.p);
            }
            if yl.is_nan() {
                self.a.copy_from_slice(&anew);
                self.p.copy_from_slice(&pnew);
                if let Some(res) = resid.as_deref_mut() {
                    res.push(f64::NAN);
                }
                continue;
            }
            let v = self.innovation(yl, &anew);
            for i in 0..rd {
                let row = &pnew[i * rd..(i + 1) * rd];
                m[i] = row[0] + (0..d).map(|k| self.delta[k] * row[r + k]).sum::<f64>();
            }
            gain = m[0] + (0..d).map(|k| self.delta[k] * m[r + k]).sum::<f64>();
            let tol = 1e-12 * gain.abs();
            steady = l > rd
                && (gain - prev_gain).abs() <= tol
                && m.iter().zip(&prev_m).all(|(a, b)| (a - b).abs() <= tol);
            prev_gain = gain;
            prev_m.copy_from_slice(&m);
            self.observe(&anew, &m, v, gain, &mut out, resid.as_deref_mut());
            for i in 0..rd {
                for j in 0..rd {
                    self.p[i * rd + j] = pnew[i * rd + j] - m[i] * m[j] / gain;
                }
            }
        }
        self.last_pnew = pnew;
        out
    }

    /// Replaces the prior covariance outside the ARMA block by `left` (statsforecast and R keep
    /// the prediction covariance of the previous likelihood evaluation there: their filter
    /// writes into the model's prior, and only the ARMA block is reset between evaluations).
    pub fn reuse_prior(&mut self, left: &[f64]) {
        let (r, rd) = (self.r, self.rd());
        if left.len() != rd * rd {
            return;
        }
        for i in 0..rd {
            for j in 0..rd {
                if i >= r || j >= r {
                    self.p[i * rd + j] = left[i * rd + j];
                }
            }
        }
    }

    /// Forecasts `h` steps from the filtered state: means and variances (in units of σ²).
    pub fn forecast(&self, h: usize) -> (Vec<f64>, Vec<f64>) {
        let (r, rd, d) = (self.r, self.rd(), self.delta.len());
        let mut a = self.a.clone();
        let mut p = self.p.clone();
        let mut anew = vec![0.0; rd];
        let mut pnew = vec![0.0; rd * rd];
        let mut mm = vec![0.0; rd * rd];
        let mut z = vec![0.0; rd];
        z[0] = 1.0;
        z[r..].copy_from_slice(&self.delta);
        let (mut mean, mut var) = (Vec::with_capacity(h), Vec::with_capacity(h));
        let _ = d;
        for _ in 0..h {
            self.predict_state(&a, &mut anew);
            a.copy_from_slice(&anew);
            self.predict_cov(&p, &mut mm, &mut pnew);
            p.copy_from_slice(&pnew);
            mean.push(z.iter().zip(&a).map(|(x, y)| x * y).sum());
            let mut s = 0.0;
            for i in 0..rd {
                if z[i] != 0.0 {
                    for j in 0..rd {
                        s += z[i] * z[j] * p[i * rd + j];
                    }
                }
            }
            var.push(s);
        }
        (mean, var)
    }
}

/// Differences `x` `d` times at lag 1 and `sd` times at lag `m` (the result is shorter by
/// `d + sd·m`).
pub(crate) fn difference(x: &[f64], d: usize, sd: usize, m: usize) -> Vec<f64> {
    let mut w = x.to_vec();
    for _ in 0..d {
        w = w.windows(2).map(|p| p[1] - p[0]).collect();
    }
    for _ in 0..sd {
        if w.len() <= m {
            return Vec::new();
        }
        w = (m..w.len()).map(|i| w[i] - w[i - m]).collect();
    }
    w
}

/// Conditional sum of squares (R's `ARIMA_CSS`): the mean squared one-step error of the
/// differenced series after the first `ncond` points, and the errors (0 before `ncond`).
/// `x` is differenced `diff.0` times at lag 1 and `diff.1` times at lag `diff.2`. With
/// `skip_zeros` the zero coefficients of `phi` and `theta` (most of a seasonal expansion's) are
/// left out of the sums: the same numbers while the errors stay finite, but an overflowing fit
/// no longer turns `0 · inf` into NaN, so the statsforecast fits keep every term.
pub(crate) fn css(
    x: &[f64],
    diff: (usize, usize, usize),
    phi: &[f64],
    theta: &[f64],
    ncond: usize,
    skip_zeros: bool,
) -> (f64, Vec<f64>) {
    let (d, sd, m) = diff;
    let n = x.len();
    let mut w = x.to_vec();
    for _ in 0..d {
        for l in (1..n).rev() {
            w[l] -= w[l - 1];
        }
    }
    for _ in 0..sd {
        for l in (m..n).rev() {
            w[l] -= w[l - m];
        }
    }
    let terms = |c: &[f64]| -> Vec<(usize, f64)> {
        c.iter()
            .copied()
            .enumerate()
            .filter(|&(_, v)| !skip_zeros || v != 0.0)
            .collect()
    };
    let (ar, ma) = (terms(phi), terms(theta));
    let mut resid = vec![0.0; n];
    let (mut ssq, mut nu) = (0.0, 0usize);
    for l in ncond..n {
        let mut tmp = w[l];
        for &(j, ph) in &ar {
            tmp -= ph * w[l - j - 1];
        }
        for &(j, th) in &ma {
            if j >= l - ncond {
                break;
            }
            tmp -= th * resid[l - j - 1];
        }
        resid[l] = tmp;
        if !tmp.is_nan() {
            nu += 1;
            ssq += tmp * tmp;
        }
    }
    let v = if nu == 0 { f64::NAN } else { ssq / nu as f64 };
    (v, resid)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn q0_from_autocovariances_equals_the_doubling_algorithm() {
        // Seasonal ARMA polynomials of the sizes AutoARIMA meets (m = 12, r up to 27).
        let sar = expand_sar(&[0.5, -0.2], &[0.6], 12);
        let cases: Vec<(Vec<f64>, Vec<f64>)> = vec![
            (vec![0.6, -0.3], vec![0.4]),
            (vec![], vec![0.5, 0.2, -0.1]),
            (vec![0.9], vec![]),
            (vec![0.2, 0.1, -0.3, 0.05], vec![-0.7, 0.2]),
            (sar.clone(), vec![0.3]),
            (vec![0.3], sar_ma(&[-0.4], &[-0.5], 12)),
            (sar, sar_ma(&[0.2], &[-0.6], 12)),
        ];
        for (phi, theta) in cases {
            let r = phi.len().max(theta.len() + 1);
            let mut th = theta.clone();
            th.resize(r - 1, 0.0);
            assert!(autocovariances(&phi, &th, r).is_some(), "{phi:?} {theta:?}");
            let fast = q0(&phi, &th, r);
            let slow = q0_doubling(&phi, &th, r);
            let scale = slow.iter().fold(0.0f64, |m, v| m.max(v.abs()));
            for (a, b) in fast.iter().zip(&slow) {
                assert!(
                    (a - b).abs() <= 1e-10 * scale,
                    "{phi:?} {theta:?}: {a} vs {b}"
                );
            }
        }
    }

    /// `(1 − Σ a_i B^i)(1 − Σ s_i B^{m i})` as the AR coefficients of the product.
    fn expand_sar(a: &[f64], s: &[f64], m: usize) -> Vec<f64> {
        let mut lhs = vec![0.0; a.len() + m * s.len() + 1];
        lhs[0] = 1.0;
        for (i, v) in a.iter().enumerate() {
            lhs[i + 1] -= v;
        }
        let mut out = vec![0.0; lhs.len()];
        for (i, &x) in lhs.iter().enumerate() {
            out[i] += x;
            for (j, v) in s.iter().enumerate() {
                if i + m * (j + 1) < out.len() {
                    out[i + m * (j + 1)] -= x * v;
                }
            }
        }
        out[1..].iter().map(|v| -v).collect()
    }

    /// `(1 + Σ a_i B^i)(1 + Σ s_i B^{m i})` as the MA coefficients of the product.
    fn sar_ma(a: &[f64], s: &[f64], m: usize) -> Vec<f64> {
        let neg = |v: &[f64]| v.iter().map(|x| -x).collect::<Vec<f64>>();
        neg(&expand_sar(&neg(a), &neg(s), m))
    }

    #[test]
    fn q0_of_ar1_and_ma1() {
        // AR(1) via the r = 2 path (phi padded by a zero MA): variance 1 / (1 - phi²).
        let p = q0(&[0.6], &[0.0], 2);
        assert!((p[0] - 1.0 / (1.0 - 0.36)).abs() < 1e-10, "{p:?}");
        // MA(1): state (x_t, θ e_t): var x = 1 + θ², cov = θ, var = θ².
        let p = q0(&[], &[0.5], 2);
        assert!(
            (p[0] - 1.25).abs() < 1e-12
                && (p[1] - 0.5).abs() < 1e-12
                && (p[3] - 0.25).abs() < 1e-12
        );
    }

    #[test]
    fn css_without_the_zero_terms_is_the_same() {
        // A seasonal expansion is mostly zeros; leaving them out changes no bit of the result.
        let x: Vec<f64> = (0..60)
            .map(|t| (t as f64 * 0.7).sin() * 10.0 + (t % 12) as f64 + 0.01 * (t * t) as f64)
            .collect();
        let phi = expand_sar(&[0.4], &[0.3], 12);
        let theta = sar_ma(&[-0.5], &[-0.6], 12);
        let ncond = 1 + 12 + phi.len();
        let full = css(&x, (1, 1, 12), &phi, &theta, ncond, false);
        let sparse = css(&x, (1, 1, 12), &phi, &theta, ncond, true);
        assert!(full.0.is_finite() && full.0 > 0.0);
        assert_eq!(full.0.to_bits(), sparse.0.to_bits());
        assert_eq!(full.1, sparse.1);
    }

    #[test]
    fn delta_and_difference() {
        assert_eq!(delta(1, 0, 1), vec![1.0]);
        assert_eq!(delta(2, 0, 1), vec![2.0, -1.0]);
        assert_eq!(delta(1, 1, 4), vec![1.0, 0.0, 0.0, 1.0, -1.0]);
        assert_eq!(
            difference(&[1.0, 4.0, 9.0, 16.0], 1, 0, 1),
            vec![3.0, 5.0, 7.0]
        );
        assert_eq!(
            difference(&[1.0, 2.0, 3.0, 5.0, 6.0], 0, 1, 3),
            vec![4.0, 4.0]
        );
    }

    #[test]
    fn random_walk_likelihood_is_that_of_the_differences() {
        // ARIMA(0,1,0): the diffuse first point is skipped, the rest are N(0, 1) one-step errors.
        let y = [1.0, 2.5, 2.0, 3.5, 5.0];
        let mut ss = StateSpace::new(vec![], &[], delta(1, 0, 1));
        let lik = ss.filter(&y, None);
        assert_eq!(lik.nu, 4);
        let ssq: f64 = y.windows(2).map(|w| (w[1] - w[0]).powi(2)).sum();
        assert!((lik.ssq - ssq).abs() < 1e-4, "{} vs {ssq}", lik.ssq);
        let (mean, var) = ss.forecast(3);
        assert!(mean.iter().all(|v| (v - 5.0).abs() < 1e-4), "{mean:?}");
        assert!((var[2] - 3.0).abs() < 1e-4, "{var:?}");
    }
}
