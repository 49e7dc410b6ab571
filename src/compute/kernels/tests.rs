//! Kernel tests: the active kernels against f64 references, the documented lane order, and
//! bit-identity between the single-row, four-row and block-scan forms.

use super::*;
use rand::Rng as _;

fn naive_dot(a: &[f32], b: &[f32]) -> f64 {
    a.iter()
        .zip(b)
        .map(|(x, y)| f64::from(*x) * f64::from(*y))
        .sum()
}

#[test]
fn dot_matches_f64_reference_for_every_tail_length() {
    let mut rng = crate::rng::seeded(1);
    for n in 0..70 {
        let a: Vec<f32> = (0..n).map(|_| rng.random_range(-1.0..1.0)).collect();
        let b: Vec<f32> = (0..n).map(|_| rng.random_range(-1.0..1.0)).collect();
        let d = dot_f32(&a, &b);
        assert!((f64::from(d) - naive_dot(&a, &b)).abs() < 1e-5, "n={n}");
        assert_eq!(d.to_bits(), portable::dot_f32(&a, &b).to_bits());
        let sq = sq_dist_f32(&a, &b);
        let want: f64 = a
            .iter()
            .zip(&b)
            .map(|(x, y)| (f64::from(*x) - f64::from(*y)).powi(2))
            .sum();
        assert!((f64::from(sq) - want).abs() < 1e-5, "n={n}");
        assert_eq!(sq.to_bits(), portable::sq_dist_f32(&a, &b).to_bits());
    }
}

#[test]
fn lane_order_is_the_documented_one() {
    // 9 elements: 8 go through the lanes, the 9th is the tail. Values chosen so a different
    // summation order would round differently.
    let a = [1e8f32, 1.0, 1.0, 1.0, -1e8, 1.0, 1.0, 1.0, 0.5];
    let b = [1f32; 9];
    // (1e8 + -1e8) = 0, then (0 + 2) + (2 + 2) = 6, then + 0.5.
    assert_eq!(dot_f32(&a, &b), 6.5);
    assert_eq!(portable::dot_f32(&a, &b), 6.5);
}

#[test]
fn int8_dot_is_exact_including_extremes() {
    let mut rng = crate::rng::seeded(2);
    for n in [0usize, 1, 15, 16, 17, 64, 100] {
        let a: Vec<i8> = (0..n).map(|_| rng.random()).collect();
        let b: Vec<i8> = (0..n).map(|_| rng.random()).collect();
        let want: i64 = a
            .iter()
            .zip(&b)
            .map(|(x, y)| i64::from(*x) * i64::from(*y))
            .sum();
        assert_eq!(i64::from(dot_i8(&a, &b)), want);
    }
    let a = vec![-128i8; MAX_I8_DIM / 2];
    assert_eq!(
        i64::from(dot_i8(&a, &a)),
        128 * 128 * (MAX_I8_DIM as i64 / 2)
    );
}

#[test]
fn four_row_f32_dot_is_bit_identical_to_four_single_ones() {
    let mut rng = crate::rng::seeded(9);
    for n in [0usize, 1, 7, 8, 9, 16, 31, 64, 100] {
        let q: Vec<f32> = (0..n).map(|_| rng.random_range(-3.0..3.0)).collect();
        let rows: Vec<Vec<f32>> = (0..4)
            .map(|_| (0..n).map(|_| rng.random_range(-3.0..3.0)).collect())
            .collect();
        let r = [&rows[0][..], &rows[1][..], &rows[2][..], &rows[3][..]];
        let want = r.map(|x| dot_f32(&q, x).to_bits());
        assert_eq!(dot4_f32(&q, r).map(f32::to_bits), want, "n={n}");
        assert_eq!(portable::dot4_f32(&q, r).map(f32::to_bits), want, "n={n}");
        // dot_f32 is symmetric in lane order: q·x == x·q bit for bit.
        assert_eq!(dot_f32(r[0], &q).to_bits(), want[0]);
    }
}

#[test]
fn row_scan_is_bit_identical_to_one_dot_per_row() {
    let mut rng = crate::rng::seeded(21);
    // Dims around the 8-lane chunks and the unrolled sizes (32, 64, 128); row counts around
    // the groups of four.
    for d in [
        1usize, 3, 7, 8, 9, 15, 16, 31, 32, 33, 63, 64, 65, 71, 72, 128, 130,
    ] {
        for n in [0usize, 1, 3, 4, 5, 8, 11] {
            let q: Vec<f32> = (0..d).map(|_| rng.random_range(-3.0..3.0)).collect();
            let rows: Vec<f32> = (0..n * d).map(|_| rng.random_range(-3.0..3.0)).collect();
            let want: Vec<u32> = rows
                .chunks_exact(d)
                .map(|r| dot_f32(&q, r).to_bits())
                .collect();
            let mut out = vec![f32::NAN; n];
            dot_rows_f32(&q, &rows, &mut out);
            assert_eq!(out.iter().map(|x| x.to_bits()).collect::<Vec<_>>(), want);
            let mut out = vec![f32::NAN; n];
            portable::dot_rows_f32(&q, &rows, &mut out);
            assert_eq!(out.iter().map(|x| x.to_bits()).collect::<Vec<_>>(), want);
        }
    }
    // `out` shorter than the rows: only its length is scored; longer: the rest is untouched.
    let q = [1f32, 2.0];
    let rows = [1f32, 1.0, 2.0, 2.0, 3.0, 3.0];
    let mut out = [0f32; 2];
    dot_rows_f32(&q, &rows, &mut out);
    assert_eq!(out, [3.0, 6.0]);
    let mut out = [-1f32; 4];
    dot_rows_f32(&q, &rows[..5], &mut out);
    assert_eq!(out, [3.0, 6.0, -1.0, -1.0]);
    let mut out = [-1f32; 2];
    dot_rows_f32(&[], &rows, &mut out);
    assert_eq!(out, [0.0, 0.0]);
}

#[test]
fn four_row_int8_dot_equals_four_single_ones() {
    let mut rng = crate::rng::seeded(6);
    for n in [0usize, 1, 15, 16, 17, 33, 64, 100] {
        let q: Vec<i8> = (0..n).map(|_| rng.random()).collect();
        let rows: Vec<Vec<i8>> = (0..4)
            .map(|_| (0..n).map(|_| rng.random()).collect())
            .collect();
        let r = [&rows[0][..], &rows[1][..], &rows[2][..], &rows[3][..]];
        let want = r.map(|x| dot_i8(&q, x));
        assert_eq!(dot4_i8(&q, r), want, "n={n}");
        assert_eq!(portable::dot4_i8(&q, r), want, "n={n}");
    }
    // Rows of different lengths: all read the shortest.
    let q = [1i8; 20];
    assert_eq!(
        dot4_i8(&q, [&[1; 20], &[2; 18], &[3; 19], &[1; 25]]),
        [18, 36, 54, 18]
    );
}

#[test]
fn all_below4_is_strict_and_nan_is_never_below() {
    assert!(all_below4(&[0.0, 1.0, -5.0, 1.5], 2.0));
    assert!(!all_below4(&[0.0, 1.0, 2.0, 1.5], 2.0));
    assert!(!all_below4(&[0.0, f32::NAN, 0.0, 0.0], 2.0));
    assert!(!all_below4(&[f32::NEG_INFINITY; 4], f32::NEG_INFINITY));
    // Short slices read what there is; only the first four count.
    assert!(all_below4(&[1.0], 2.0));
    assert!(!all_below4(&[1.0, 3.0], 2.0));
    assert!(all_below4(&[1.0, 1.0, 1.0, 1.0, 9.0], 2.0));
    assert!(all_below4(&[], 0.0));
}

#[test]
fn kernels_read_the_common_length() {
    assert_eq!(dot_f32(&[1.0, 2.0, 3.0], &[1.0, 1.0]), 3.0);
    assert_eq!(dot_i8(&[1, 2, 3], &[1]), 1);
}
