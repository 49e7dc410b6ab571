//! Numbers in messages without Rust's float formatting machinery.
//!
//! `format!("{}", x)` of an `f64` or `f32` links `core::fmt::float` (Grisu, Dragon and their tables,
//! ~7 KB gzipped per wasm module). Messages only need a number a person can read, so every float
//! in an error or a label goes through [`Num`]: integers print exactly, other values with six
//! significant digits, and non-finite values with their JavaScript names (`NaN`, `Infinity`).

use core::fmt;

/// A float shown for people: `Num(x)` displays like JavaScript's `x.toPrecision(6)` with trailing
/// zeros trimmed (`0.1`, `2.5e-7`, `1.79769e308`), integers below 2^53 in full.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Num(pub f64);

impl From<f32> for Num {
    /// An `f32` of magnitude 2^24 or more is a whole number whose low digits are binary noise
    /// (`1e15f32` is 999999986991104): it keeps the 7 significant digits an `f32` holds.
    fn from(x: f32) -> Self {
        let v = f64::from(x);
        if v.is_finite() && v.abs() >= 16_777_216.0 {
            let p = pow10(v.abs().log10().floor() as i32 - 6);
            return Num((v / p).round() * p);
        }
        Num(v)
    }
}

impl From<f64> for Num {
    fn from(x: f64) -> Self {
        Num(x)
    }
}

/// Largest integer magnitude printed digit for digit (2^53).
const EXACT: f64 = 9_007_199_254_740_992.0;

impl fmt::Display for Num {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let x = self.0;
        if x.is_nan() {
            return f.write_str("NaN");
        }
        if x.is_infinite() {
            return f.write_str(if x > 0.0 { "Infinity" } else { "-Infinity" });
        }
        if x == 0.0 {
            return f.write_str(if x.is_sign_negative() { "-0" } else { "0" });
        }
        if x < 0.0 {
            f.write_str("-")?;
        }
        let a = x.abs();
        if a.fract() == 0.0 && a <= EXACT {
            return write!(f, "{}", a as u64);
        }
        // Six significant digits: a = m · 10^(e − 5) with m in [100000, 999999].
        let mut e = a.log10().floor() as i32;
        let mut m = scale(a, 5 - e).round();
        if m >= 1_000_000.0 {
            m /= 10.0;
            e += 1;
        } else if m < 100_000.0 {
            m = scale(a, 6 - e).round();
            e -= 1;
            if m >= 1_000_000.0 {
                m = (m / 10.0).round();
                e += 1;
            }
        }
        let digits = m as u64;
        if (-5..15).contains(&e) {
            write_positional(f, digits, e)
        } else {
            write_mantissa(f, digits)?;
            write!(f, "e{e}")
        }
    }
}

/// `a · 10^k`, in steps that neither overflow nor underflow for any finite `a` and the `k` above.
fn scale(mut a: f64, mut k: i32) -> f64 {
    while k > 0 {
        let step = k.min(300);
        a *= pow10(step);
        k -= step;
    }
    while k < 0 {
        let step = (-k).min(300);
        a /= pow10(step);
        k += step;
    }
    a
}

/// 10^k for 0 ≤ k ≤ 300, by repeated multiplication (exact up to 10^22).
fn pow10(k: i32) -> f64 {
    let mut p = 1.0;
    for _ in 0..k {
        p *= 10.0;
    }
    p
}

/// Six digits `d1d2…d6` as `d1.d2…` with trailing zeros removed.
fn write_mantissa(f: &mut fmt::Formatter<'_>, digits: u64) -> fmt::Result {
    let (head, tail) = (digits / 100_000, digits % 100_000);
    write!(f, "{head}")?;
    write_fraction(f, tail, 5)
}

/// `.ddd` of `tail` written with `width` digits, trailing zeros removed (nothing when zero).
fn write_fraction(f: &mut fmt::Formatter<'_>, mut tail: u64, mut width: u32) -> fmt::Result {
    if tail == 0 {
        return Ok(());
    }
    while tail % 10 == 0 {
        tail /= 10;
        width -= 1;
    }
    f.write_str(".")?;
    let s = tail.to_string();
    for _ in s.len()..width as usize {
        f.write_str("0")?;
    }
    f.write_str(&s)
}

/// Six digits with decimal exponent `e` (the first digit's place) as a plain decimal.
fn write_positional(f: &mut fmt::Formatter<'_>, digits: u64, e: i32) -> fmt::Result {
    if e >= 5 {
        // Integer part only; the value was not an exact integer but rounds to six digits.
        let mut v = digits;
        for _ in 5..e {
            v *= 10;
        }
        return write!(f, "{v}");
    }
    if e >= 0 {
        let scale = 10u64.pow((5 - e) as u32);
        write!(f, "{}", digits / scale)?;
        return write_fraction(f, digits % scale, (5 - e) as u32);
    }
    f.write_str("0")?;
    // 0.000ddd: (−e − 1) zeros, then the six digits.
    write_fraction(f, digits, 6 + (-e - 1) as u32)
}

/// A list of floats shown as `[0.5, 1, NaN]` (each through [`Num`]), in place of `{:?}` of a slice.
#[derive(Debug, Clone, Copy)]
pub struct Nums<'a>(pub &'a [f64]);

impl fmt::Display for Nums<'_> {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str("[")?;
        for (i, &x) in self.0.iter().enumerate() {
            if i > 0 {
                f.write_str(", ")?;
            }
            write!(f, "{}", Num(x))?;
        }
        f.write_str("]")
    }
}

/// `x` limited to `[lo, hi]` as `f64::clamp` does (NaN stays NaN), without `clamp`'s `lo <= hi`
/// assertion, whose panic message formats both bounds (and so links core's float formatting).
/// Bounds out of order give `lo` for `x < lo`, else `hi` for `x > hi`.
#[inline]
pub fn clamp(x: f64, lo: f64, hi: f64) -> f64 {
    if x < lo {
        lo
    } else if x > hi {
        hi
    } else {
        x
    }
}

#[cfg(test)]
mod tests {
    use super::{clamp, Num, Nums};

    fn s(x: f64) -> String {
        Num(x).to_string()
    }

    #[test]
    fn integers_print_exactly() {
        assert_eq!(s(0.0), "0");
        assert_eq!(s(-0.0), "-0");
        assert_eq!(s(3.0), "3");
        assert_eq!(s(-42.0), "-42");
        assert_eq!(s(4294967295.0), "4294967295");
        assert_eq!(s(9007199254740992.0), "9007199254740992");
        assert_eq!(s(1e20), "1e20");
    }

    #[test]
    fn fractions_have_six_significant_digits() {
        assert_eq!(s(0.1), "0.1");
        assert_eq!(s(0.5), "0.5");
        assert_eq!(s(1.5), "1.5");
        assert_eq!(s(-2.25), "-2.25");
        assert_eq!(s(2.71828_4), "2.71828");
        assert_eq!(s(0.95), "0.95");
        assert_eq!(s(123456.7), "123457");
        assert_eq!(s(99999.97), "100000");
        assert_eq!(s(0.001234567), "0.00123457");
        assert_eq!(s(0.00001), "0.00001");
        assert_eq!(s(1e-6), "1e-6");
        assert_eq!(s(2.5e-7), "2.5e-7");
        assert_eq!(s(1e308), "1e308");
        assert_eq!(s(f64::MAX), "1.79769e308");
        assert_eq!(s(f64::MIN_POSITIVE), "2.22507e-308");
        assert_eq!(s(4.9e-324), "4.94066e-324");
        assert_eq!(s(0.9999999), "1");
        assert_eq!(s(1e15 + 0.5), "1e15");
    }

    #[test]
    fn non_finite_values_use_javascript_names() {
        assert_eq!(s(f64::NAN), "NaN");
        assert_eq!(s(f64::INFINITY), "Infinity");
        assert_eq!(s(f64::NEG_INFINITY), "-Infinity");
        assert_eq!(Num::from(0.25f32).to_string(), "0.25");
    }

    #[test]
    fn output_parses_back_within_six_digits() {
        let mut x = 1.234567e-12;
        while x < 1e300 {
            for v in [x, -x, x * 7.77] {
                let back: f64 = s(v).parse().unwrap();
                assert!(((back - v) / v).abs() < 1e-5, "{v} shown as {}", s(v));
            }
            x *= 13.7;
        }
    }

    #[test]
    fn large_f32_lists_and_clamp() {
        // 1e15f32 is 999999986991104: shown with the 7 digits an f32 holds.
        assert_eq!(Num::from(1e15f32).to_string(), "1000000000000000");
        assert_eq!(Num::from(-2e15f32).to_string(), "-2000000000000000");
        assert_eq!(Num::from(16_777_215f32).to_string(), "16777215");
        assert_eq!(Num::from(f32::MAX).to_string(), "3.40282e38");
        assert_eq!(Num::from(f32::INFINITY).to_string(), "Infinity");
        assert_eq!(Nums(&[0.5, 1.0, f64::NAN]).to_string(), "[0.5, 1, NaN]");
        assert_eq!(Nums(&[]).to_string(), "[]");
        assert_eq!(clamp(5.0, 0.0, 1.0), 1.0);
        assert_eq!(clamp(-5.0, 0.0, 1.0), 0.0);
        assert_eq!(clamp(0.5, 0.0, 1.0), 0.5);
        assert!(clamp(f64::NAN, 0.0, 1.0).is_nan());
    }
}
