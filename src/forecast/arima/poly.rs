//! Polynomial helpers of ARIMA: seasonal expansion, the PACF reparametrisation that keeps an AR
//! part stationary, root moduli, and the inversion of a non-invertible MA part.

/// A complex number, just enough for polynomial roots.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct C(pub f64, pub f64);

impl C {
    fn add(self, o: C) -> C {
        C(self.0 + o.0, self.1 + o.1)
    }
    fn sub(self, o: C) -> C {
        C(self.0 - o.0, self.1 - o.1)
    }
    fn mul(self, o: C) -> C {
        C(self.0 * o.0 - self.1 * o.1, self.0 * o.1 + self.1 * o.0)
    }
    fn div(self, o: C) -> C {
        let d = o.0 * o.0 + o.1 * o.1;
        C(
            (self.0 * o.0 + self.1 * o.1) / d,
            (self.1 * o.0 - self.0 * o.1) / d,
        )
    }
    /// Modulus.
    pub fn abs(self) -> f64 {
        self.0.hypot(self.1)
    }
}

/// Roots of `c[0] + c[1] z + ... + c[k] z^k` (trailing zero coefficients dropped first) by the
/// Aberth–Ehrlich iteration. Empty for a constant polynomial.
pub(crate) fn roots(c: &[f64]) -> Vec<C> {
    let k = match c.iter().rposition(|&v| v != 0.0) {
        Some(k) if k > 0 => k,
        _ => return Vec::new(),
    };
    let lead = c[k];
    let a: Vec<f64> = c[..=k].iter().map(|v| v / lead).collect();
    let eval = |z: C| -> (C, C) {
        // Horner for p and p'.
        let mut p = C(a[k], 0.0);
        let mut dp = C(0.0, 0.0);
        for i in (0..k).rev() {
            dp = dp.mul(z).add(p);
            p = p.mul(z).add(C(a[i], 0.0));
        }
        (p, dp)
    };
    // Start on a circle of the Cauchy-bound radius, at angles not symmetric about the real axis.
    let radius = 1.0 + a[..k].iter().fold(0.0f64, |m, v| m.max(v.abs()));
    let r0 = radius.clamp(0.5, 2.0);
    let mut z: Vec<C> = (0..k)
        .map(|i| {
            let t = 2.0 * std::f64::consts::PI * i as f64 / k as f64 + 0.4;
            C(r0 * t.cos(), r0 * t.sin())
        })
        .collect();
    for _ in 0..500 {
        let mut moved = 0.0f64;
        for i in 0..k {
            let (p, dp) = eval(z[i]);
            if p.abs() == 0.0 {
                continue;
            }
            let ratio = p.div(dp);
            let mut s = C(0.0, 0.0);
            for j in 0..k {
                if j != i {
                    let d = z[i].sub(z[j]);
                    if d.abs() > 0.0 {
                        s = s.add(C(1.0, 0.0).div(d));
                    }
                }
            }
            let w = ratio.div(C(1.0, 0.0).sub(ratio.mul(s)));
            if w.0.is_finite() && w.1.is_finite() {
                z[i] = z[i].sub(w);
                moved = moved.max(w.abs() / (1.0 + z[i].abs()));
            }
        }
        if moved < 1e-14 {
            break;
        }
    }
    z
}

/// Smallest root modulus of `1 + sign · (c[0] z + c[1] z^2 + ...)`, `f64::INFINITY` when the
/// polynomial is constant (coefficients below 1e-8 at the end ignored, as statsforecast does).
pub(crate) fn min_root(c: &[f64], sign: f64) -> f64 {
    let last = c.iter().rposition(|v| v.abs() > 1e-8);
    let Some(last) = last else {
        return f64::INFINITY;
    };
    let mut poly = vec![1.0];
    poly.extend(c[..=last].iter().map(|v| sign * v));
    roots(&poly)
        .iter()
        .map(|r| r.abs())
        .fold(f64::INFINITY, f64::min)
}

/// Whether statsforecast's AutoARIMA admissibility check tests the roots of the polynomial with
/// coefficients `c`: one whose last coefficient above 1e-8 is the first (degree one, e.g. an
/// MA(1)) is not tested (`last_nonzero > 0` in its `myarima`).
pub(crate) fn statsforecast_tests_roots(c: &[f64]) -> bool {
    matches!(c.iter().rposition(|v| v.abs() > 1e-8), Some(last) if last > 0)
}

/// Whether the AR polynomial `1 - ar[0] z - ...` has all roots outside the unit circle.
pub(crate) fn ar_stationary(ar: &[f64]) -> bool {
    let Some(last) = ar.iter().rposition(|&v| v != 0.0) else {
        return true;
    };
    let mut poly = vec![1.0];
    poly.extend(ar[..=last].iter().map(|v| -v));
    roots(&poly).iter().all(|r| r.abs() > 1.0)
}

/// Maps unconstrained values to the coefficients of a stationary AR polynomial: `tanh` gives
/// partial autocorrelations in (-1, 1), the Durbin–Levinson recursion turns them into AR
/// coefficients (Jones 1980; R's `partrans`).
pub(crate) fn partrans(raw: &[f64]) -> Vec<f64> {
    let p = raw.len();
    let mut new: Vec<f64> = raw.iter().map(|v| v.tanh()).collect();
    let mut work = new.clone();
    for j in 1..p {
        let a = new[j];
        for k in 0..j {
            work[k] -= a * new[j - k - 1];
        }
        new[..j].copy_from_slice(&work[..j]);
    }
    new
}

/// Inverse of [`partrans`] for a stationary AR part.
pub(crate) fn inv_partrans(phi: &[f64]) -> Vec<f64> {
    let p = phi.len();
    let mut new = phi.to_vec();
    let mut work = new.clone();
    for j in (1..p).rev() {
        let a = new[j];
        for k in 0..j {
            work[k] = (new[k] + a * new[j - k - 1]) / (1.0 - a * a);
        }
        new[..j].copy_from_slice(&work[..j]);
    }
    new.iter().map(|v| v.clamp(-1.0, 1.0).atanh()).collect()
}

/// Reflects the roots of `1 + ma[0] z + ...` that lie inside the unit circle, giving the
/// invertible MA polynomial with the same autocovariances.
pub(crate) fn ma_invert(ma: &[f64]) -> Vec<f64> {
    let q = ma.len();
    let Some(last) = ma.iter().rposition(|&v| v != 0.0) else {
        return ma.to_vec();
    };
    let q0 = last + 1;
    let mut poly = vec![1.0];
    poly.extend(&ma[..q0]);
    let mut rs = roots(&poly);
    if rs.iter().all(|r| r.abs() >= 1.0) {
        return ma.to_vec();
    }
    if q0 == 1 {
        let mut out = vec![0.0; q];
        out[0] = 1.0 / ma[0];
        return out;
    }
    for r in rs.iter_mut() {
        if r.abs() < 1.0 {
            *r = C(1.0, 0.0).div(*r);
        }
    }
    // x(z) = prod (1 - z / r)
    let mut x = vec![C(1.0, 0.0)];
    for r in &rs {
        let mut next = vec![C(0.0, 0.0); x.len() + 1];
        for (i, &v) in x.iter().enumerate() {
            next[i] = next[i].add(v);
            next[i + 1] = next[i + 1].sub(v.div(*r));
        }
        x = next;
    }
    let mut out: Vec<f64> = x[1..].iter().map(|v| v.0).collect();
    out.resize(q, 0.0);
    out
}

/// Multiplies the non-seasonal and seasonal parts into one lag polynomial's coefficients:
/// AR (`sign = -1`): `(1 - Σ a_i B^i)(1 - Σ s_j B^{jm})`, MA (`sign = +1`):
/// `(1 + Σ a_i B^i)(1 + Σ s_j B^{jm})`, returned without the leading 1 and with the AR sign
/// convention `phi` (`x_t = Σ phi_i x_{t-i} + ...`).
pub(crate) fn expand(a: &[f64], s: &[f64], m: usize, sign: f64) -> Vec<f64> {
    let len = a.len() + s.len() * m;
    let mut out = vec![0.0; len];
    out[..a.len()].copy_from_slice(a);
    for (j, &sj) in s.iter().enumerate() {
        let lag = (j + 1) * m;
        out[lag - 1] += sj;
        for (i, &ai) in a.iter().enumerate() {
            out[lag + i] += sign * ai * sj;
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn roots_of_known_polynomials() {
        // (1 - 2z)(1 + z) = 1 - z - 2z^2: roots 0.5 and -1.
        let mut r: Vec<f64> = roots(&[1.0, -1.0, -2.0]).iter().map(|c| c.0).collect();
        r.sort_by(f64::total_cmp);
        assert!(
            (r[0] + 1.0).abs() < 1e-10 && (r[1] - 0.5).abs() < 1e-10,
            "{r:?}"
        );
        assert!((min_root(&[0.5], -1.0) - 2.0).abs() < 1e-12);
        // statsforecast does not test a polynomial of degree one.
        assert!(!statsforecast_tests_roots(&[-1.0, 0.0]) && !statsforecast_tests_roots(&[]));
        assert!(statsforecast_tests_roots(&[0.0, 0.25]));
        assert!((min_root(&[0.0, 0.25], 1.0) - 2.0).abs() < 1e-9);
        assert!(ar_stationary(&[0.5, 0.3]) && !ar_stationary(&[1.2]));
    }

    #[test]
    fn partrans_round_trips_and_ma_inverts() {
        let raw = [0.3, -0.7, 0.2];
        let phi = partrans(&raw);
        assert!(ar_stationary(&phi));
        for (a, b) in inv_partrans(&phi).iter().zip(&raw) {
            assert!((a - b).abs() < 1e-10);
        }
        assert_eq!(ma_invert(&[2.0]), vec![0.5]);
        let inv = ma_invert(&[-2.5, 1.0]); // roots 0.5 and 2 → 2 and 2
        assert!(
            (inv[0] + 1.0).abs() < 1e-9 && (inv[1] - 0.25).abs() < 1e-9,
            "{inv:?}"
        );
        // Seasonal expansion: (1 - 0.5B)(1 - 0.4B^4).
        let phi = expand(&[0.5], &[0.4], 4, -1.0);
        assert_eq!(phi.len(), 5);
        assert!((phi[3] - 0.4).abs() < 1e-15 && (phi[4] + 0.2).abs() < 1e-15);
    }
}
