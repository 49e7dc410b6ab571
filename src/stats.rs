//! Small numerical helpers shared by the engines: the normal distribution and summaries.
// Published coefficients are kept digit for digit as printed, even past f64 precision.
#![allow(clippy::excessive_precision)]

/// Standard normal cumulative distribution function Φ(x) (W. J. Cody's erfc, |error| < 1e-15).
pub fn norm_cdf(x: f64) -> f64 {
    0.5 * erfc(-x / std::f64::consts::SQRT_2)
}

/// Complementary error function, Numerical Recipes' Chebyshev fit refined to ~1.2e-16 relative.
pub fn erfc(x: f64) -> f64 {
    // W. J. Cody, "Rational Chebyshev approximations for the error function" (1969).
    let ax = x.abs();
    let r = if ax < 0.5 {
        1.0 - erf_small(x)
    } else {
        let v = if ax < 4.0 {
            erfc_mid(ax)
        } else {
            erfc_large(ax)
        };
        if x < 0.0 {
            2.0 - v
        } else {
            v
        }
    };
    r.clamp(0.0, 2.0)
}

fn erf_small(x: f64) -> f64 {
    const A: [f64; 5] = [
        3.161_123_743_870_565_6,
        113.864_154_151_050_16,
        377.485_237_685_302_0,
        3_209.377_589_138_469_4,
        0.185_777_706_184_603_15,
    ];
    const B: [f64; 4] = [
        23.601_290_952_344_122,
        244.024_637_934_444_17,
        1_282.616_526_077_372_3,
        2_844.236_833_439_171,
    ];
    let z = x * x;
    let mut num = A[4] * z;
    let mut den = z;
    for i in 0..3 {
        num = (num + A[i]) * z;
        den = (den + B[i]) * z;
    }
    x * (num + A[3]) / (den + B[3])
}

fn erfc_mid(ax: f64) -> f64 {
    const C: [f64; 9] = [
        0.564_188_496_988_670_1,
        8.883_149_794_388_376,
        66.119_190_637_141_63,
        298.635_138_197_400_1,
        881.952_221_241_769_1,
        1_712.047_612_634_070_7,
        2_051.078_377_826_071_6,
        1_230.339_354_797_997_2,
        2.153_115_354_744_038_5e-8,
    ];
    const D: [f64; 8] = [
        15.744_926_110_709_835,
        117.693_950_891_312_5,
        537.181_101_862_009_9,
        1_621.389_574_566_690_3,
        3_290.799_235_733_459_7,
        4_362.619_090_143_247,
        3_439.367_674_143_721_6,
        1_230.339_354_803_749_5,
    ];
    let mut num = C[8] * ax;
    let mut den = ax;
    for i in 0..7 {
        num = (num + C[i]) * ax;
        den = (den + D[i]) * ax;
    }
    let r = (num + C[7]) / (den + D[7]);
    scaled_exp(ax) * r
}

fn erfc_large(ax: f64) -> f64 {
    const P: [f64; 6] = [
        0.305_326_634_961_232_36,
        0.360_344_899_949_804_45,
        0.125_781_726_111_229_25,
        0.016_083_785_148_742_275,
        6.587_491_615_298_378e-4,
        0.016_315_387_137_302_097,
    ];
    const Q: [f64; 5] = [
        2.568_520_192_289_822,
        1.872_952_849_923_460_4,
        0.527_905_102_951_428_5,
        0.060_518_341_312_441_32,
        0.002_335_204_976_268_691_8,
    ];
    const SQRPI: f64 = 0.564_189_583_547_756_3; // 1/sqrt(pi)
    let z = 1.0 / (ax * ax);
    let mut num = P[5] * z;
    let mut den = z;
    for i in 0..4 {
        num = (num + P[i]) * z;
        den = (den + Q[i]) * z;
    }
    let r = z * (num + P[4]) / (den + Q[4]);
    let r = (SQRPI - r) / ax;
    scaled_exp(ax) * r
}

/// exp(-x²) computed as Cody does, splitting x to keep precision.
fn scaled_exp(ax: f64) -> f64 {
    let y = (ax * 16.0).trunc() / 16.0;
    let del = (ax - y) * (ax + y);
    (-y * y).exp() * (-del).exp()
}

/// Inverse of the standard normal CDF (Wichura's AS 241, relative error ~1e-16).
/// Returns ±inf at 0 and 1 and NaN outside [0, 1].
pub fn norm_ppf(p: f64) -> f64 {
    if !(0.0..=1.0).contains(&p) || p.is_nan() {
        return f64::NAN;
    }
    if p == 0.0 {
        return f64::NEG_INFINITY;
    }
    if p == 1.0 {
        return f64::INFINITY;
    }
    let q = p - 0.5;
    if q.abs() <= 0.425 {
        let r = 0.180625 - q * q;
        return q * poly(
            &[
                3.387_132_872_796_366_5,
                133.141_667_891_784_38,
                1_971.590_950_306_551_3,
                13_731.693_765_509_461,
                45_921.953_931_549_87,
                67_265.770_927_008_7,
                33_430.575_583_588_13,
                2_509.080_928_730_122_7,
            ],
            r,
        ) / poly(
            &[
                1.0,
                42.313_330_701_600_91,
                687.187_007_492_057_9,
                5_394.196_021_424_751,
                21_213.794_301_586_597,
                39_307.895_800_092_71,
                28_729.085_735_721_943,
                5_226.495_278_852_545,
            ],
            r,
        );
    }
    let r = if q < 0.0 { p } else { 1.0 - p };
    let r = (-r.ln()).sqrt();
    let x = if r <= 5.0 {
        let r = r - 1.6;
        poly(
            &[
                1.423_437_110_749_683_5,
                4.630_337_846_156_546,
                5.769_497_221_460_691,
                3.647_848_324_763_204_5,
                1.270_458_252_452_368_4,
                0.241_780_725_177_450_6,
                0.022_723_844_989_269_184,
                7.745_450_142_783_414e-4,
            ],
            r,
        ) / poly(
            &[
                1.0,
                2.053_191_626_637_759,
                1.676_384_830_183_803_8,
                0.689_767_334_985_1,
                0.148_103_976_427_480_08,
                0.015_198_666_563_616_457,
                5.475_938_084_995_345e-4,
                1.050_750_071_644_416_9e-9,
            ],
            r,
        )
    } else {
        let r = r - 5.0;
        poly(
            &[
                6.657_904_643_501_103,
                5.463_784_911_164_114,
                1.784_826_539_917_291_3,
                0.296_560_571_828_504_9,
                0.026_532_189_526_576_124,
                0.001_242_660_947_388_078_4,
                2.711_555_568_743_487_6e-5,
                2.010_334_399_292_288_1e-7,
            ],
            r,
        ) / poly(
            &[
                1.0,
                0.599_832_206_555_888,
                0.136_929_880_922_735_8,
                0.014_875_361_290_850_615,
                7.868_691_311_456_133e-4,
                1.846_318_317_510_054_8e-5,
                1.421_511_758_316_446e-7,
                2.044_263_103_389_939_7e-15,
            ],
            r,
        )
    };
    if q < 0.0 {
        -x
    } else {
        x
    }
}

/// Evaluates c[0] + c[1] x + c[2] x² + … by Horner's rule.
fn poly(c: &[f64], x: f64) -> f64 {
    c.iter().rev().fold(0.0, |acc, &ci| acc * x + ci)
}

/// Arithmetic mean; NaN for an empty slice (callers validate first).
pub fn mean(x: &[f64]) -> f64 {
    x.iter().sum::<f64>() / x.len() as f64
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn normal_cdf_and_ppf_match_reference_values() {
        // Reference values from scipy.stats.norm.
        let cases = [
            (0.0, 0.5),
            (1.0, 0.841_344_746_068_542_9),
            (-1.959_963_984_540_054, 0.025),
            (3.0, 0.998_650_101_968_369_9),
            (-6.0, 9.865_876_450_377e-10),
        ];
        for (x, p) in cases {
            assert!(
                (norm_cdf(x) - p).abs() <= 1e-14 + 1e-12 * p,
                "cdf({x})={} want {p}",
                norm_cdf(x)
            );
        }
        assert!((norm_ppf(0.975) - 1.959_963_984_540_054).abs() < 1e-13);
        assert!((norm_ppf(0.9) - 1.281_551_565_544_600_5).abs() < 1e-13);
        assert!((norm_ppf(1e-10) + 6.361_340_902_404_056).abs() < 1e-10);
        for p in [1e-12, 0.001, 0.2, 0.5, 0.77, 0.999999] {
            assert!((norm_cdf(norm_ppf(p)) - p).abs() < 1e-13 * p.max(1e-3));
        }
        assert!(norm_ppf(1.5).is_nan() && norm_ppf(f64::NAN).is_nan());
        assert_eq!(norm_ppf(0.0), f64::NEG_INFINITY);
    }
}
