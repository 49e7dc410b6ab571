//! Random variates the policies and mechanisms need (normal, gamma, beta, Laplace), drawn from the
//! crate's seeded [`Rng`]; written out here so the crate needs no `rand_distr`.

use crate::rng::Rng;
use rand::Rng as _;

/// A uniform draw in the open interval (0, 1) (never exactly 0, so logarithms stay finite).
pub fn open01(rng: &mut Rng) -> f64 {
    loop {
        let u: f64 = rng.random();
        if u > 0.0 {
            return u;
        }
    }
}

/// Two independent standard normal draws (Box–Muller, both halves).
pub fn normal_pair(rng: &mut Rng) -> (f64, f64) {
    let u1 = open01(rng);
    let u2: f64 = rng.random();
    let r = (-2.0 * u1.ln()).sqrt();
    let (s, c) = (std::f64::consts::TAU * u2).sin_cos();
    (r * c, r * s)
}

/// A standard normal draw (Box–Muller).
pub fn std_normal(rng: &mut Rng) -> f64 {
    normal_pair(rng).0
}

/// A Gamma(shape, 1) draw, Marsaglia & Tsang (2000); `shape > 0` (callers validate).
pub fn gamma(rng: &mut Rng, shape: f64) -> f64 {
    let z = std_normal(rng);
    gamma_from(rng, shape, z)
}

/// Gamma(shape, 1) whose first Marsaglia–Tsang proposal uses the standard normal `z`.
fn gamma_from(rng: &mut Rng, shape: f64, z: f64) -> f64 {
    // A shape that is not > 0 (NaN included) would make the rejection loop below spin forever:
    // treat it as the smallest positive shape, whose draws are 0.
    let shape = if shape > 0.0 {
        shape
    } else {
        f64::MIN_POSITIVE
    };
    if shape < 1.0 {
        // Boost: Gamma(a) = Gamma(a + 1) · U^(1/a).
        let g = marsaglia_tsang(rng, shape + 1.0, z);
        return g * open01(rng).powf(1.0 / shape);
    }
    marsaglia_tsang(rng, shape, z)
}

fn marsaglia_tsang(rng: &mut Rng, shape: f64, mut x: f64) -> f64 {
    let d = shape - 1.0 / 3.0;
    let c = 1.0 / (9.0 * d).sqrt();
    loop {
        let v = 1.0 + c * x;
        if v > 0.0 {
            let v = v * v * v;
            let u = open01(rng);
            if u < 1.0 - 0.0331 * x.powi(4) || u.ln() < 0.5 * x * x + d * (1.0 - v + v.ln()) {
                return d * v;
            }
        }
        x = std_normal(rng);
    }
}

/// A Beta(a, b) draw as X / (X + Y) with X ~ Gamma(a), Y ~ Gamma(b); `a, b > 0`. One
/// Box–Muller pair seeds both gamma draws.
pub fn beta(rng: &mut Rng, a: f64, b: f64) -> f64 {
    let (z1, z2) = normal_pair(rng);
    let x = gamma_from(rng, a, z1);
    let y = gamma_from(rng, b, z2);
    if x + y > 0.0 {
        x / (x + y)
    } else {
        // Both underflowed (tiny shapes): fall back on the mean.
        a / (a + b)
    }
}

/// A Laplace(0, scale) draw by inversion.
pub fn laplace(rng: &mut Rng, scale: f64) -> f64 {
    let u = open01(rng) - 0.5;
    -scale * u.signum() * (1.0 - 2.0 * u.abs()).max(f64::MIN_POSITIVE).ln()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::rng::seeded;

    fn moments(xs: &[f64]) -> (f64, f64) {
        let n = xs.len() as f64;
        let m = xs.iter().sum::<f64>() / n;
        let v = xs.iter().map(|x| (x - m) * (x - m)).sum::<f64>() / (n - 1.0);
        (m, v)
    }

    #[test]
    fn draws_have_the_right_mean_and_variance() {
        let mut rng = seeded(11);
        let n = 200_000;
        let z: Vec<f64> = (0..n).map(|_| std_normal(&mut rng)).collect();
        let (m, v) = moments(&z);
        assert!(m.abs() < 0.01 && (v - 1.0).abs() < 0.015, "normal {m} {v}");
        for shape in [0.3, 1.0, 4.5] {
            let g: Vec<f64> = (0..n).map(|_| gamma(&mut rng, shape)).collect();
            let (m, v) = moments(&g);
            assert!(
                (m - shape).abs() < 0.02 * shape.max(1.0),
                "gamma {shape}: {m}"
            );
            assert!(
                (v - shape).abs() < 0.05 * shape.max(1.0),
                "gamma {shape}: var {v}"
            );
        }
        for (a, b) in [(2.0, 5.0), (0.5, 0.5), (0.2, 3.0), (30.0, 200.0)] {
            let x: Vec<f64> = (0..n).map(|_| beta(&mut rng, a, b)).collect();
            let (m, v) = moments(&x);
            let (em, ev) = (a / (a + b), a * b / ((a + b) * (a + b) * (a + b + 1.0)));
            // Standard errors of mean and variance over 200k draws are below 0.0013 and 0.0003.
            assert!(
                (m - em).abs() < 0.004 && (v - ev).abs() < 0.002,
                "beta({a},{b}): {m} {v}"
            );
        }
        // The two halves of a Box–Muller pair are uncorrelated.
        let pairs: Vec<(f64, f64)> = (0..n).map(|_| normal_pair(&mut rng)).collect();
        let corr = pairs.iter().map(|(a, b)| a * b).sum::<f64>() / n as f64;
        assert!(corr.abs() < 0.01, "pair correlation {corr}");
        let l: Vec<f64> = (0..n).map(|_| laplace(&mut rng, 2.0)).collect();
        let (m, v) = moments(&l);
        assert!(m.abs() < 0.03 && (v - 8.0).abs() < 0.2, "laplace {m} {v}");
    }
}
