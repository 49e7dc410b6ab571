//! Under wasm32 with SIMD128 (Node by default): the SIMD kernels equal the portable ones bit for
//! bit, and the exact top-k path agrees. Run:
//! `cargo test --target wasm32-unknown-unknown --test wasm_kernels`.
#![cfg(target_arch = "wasm32")]

use edgewise::compute::kernels::{
    all_below4, dot4_f32, dot4_i8, dot_f32, dot_i8, dot_rows_f32, portable, sq_dist_f32,
};
use edgewise::compute::{Backend, CpuBackend, Items, Matrix};
use rand::Rng as _;
use wasm_bindgen_test::wasm_bindgen_test;

#[wasm_bindgen_test]
fn simd_kernels_are_bit_identical_to_portable() {
    assert_eq!(
        edgewise::compute::kernels::KERNELS,
        "wasm-simd128",
        "built without simd128: .cargo/config.toml should enable it"
    );
    let mut rng = edgewise::rng::seeded(99);
    for n in 0..200usize {
        let a: Vec<f32> = (0..n).map(|_| rng.random_range(-10.0f32..10.0)).collect();
        let b: Vec<f32> = (0..n).map(|_| rng.random_range(-10.0f32..10.0)).collect();
        assert_eq!(
            dot_f32(&a, &b).to_bits(),
            portable::dot_f32(&a, &b).to_bits(),
            "n={n}"
        );
        assert_eq!(
            sq_dist_f32(&a, &b).to_bits(),
            portable::sq_dist_f32(&a, &b).to_bits(),
            "n={n}"
        );
        let r = [&a[..], &b[..], &b[..], &a[..]];
        assert_eq!(
            dot4_f32(&a, r).map(f32::to_bits),
            portable::dot4_f32(&a, r).map(f32::to_bits),
            "n={n}"
        );
        let x: Vec<i8> = (0..n).map(|_| rng.random()).collect();
        let y: Vec<i8> = (0..n).map(|_| rng.random()).collect();
        assert_eq!(dot_i8(&x, &y), portable::dot_i8(&x, &y), "n={n}");
        let r = [&x[..], &y[..], &y[..], &x[..]];
        assert_eq!(dot4_i8(&x, r), portable::dot4_i8(&x, r), "n={n}");
    }
}

#[wasm_bindgen_test]
fn simd_row_scan_is_bit_identical_to_portable() {
    let mut rng = edgewise::rng::seeded(98);
    // The unrolled sizes (32, 64, 128), the generic loop, and tails of every length.
    for d in (1..=72usize).chain([128, 129, 135]) {
        for n in [1usize, 4, 7, 9] {
            let q: Vec<f32> = (0..d).map(|_| rng.random_range(-10.0f32..10.0)).collect();
            let rows: Vec<f32> = (0..n * d)
                .map(|_| rng.random_range(-10.0f32..10.0))
                .collect();
            let (mut a, mut b) = (vec![0f32; n], vec![0f32; n]);
            dot_rows_f32(&q, &rows, &mut a);
            portable::dot_rows_f32(&q, &rows, &mut b);
            let bits = |v: &[f32]| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
            assert_eq!(bits(&a), bits(&b), "d={d} n={n}");
            let one: Vec<f32> = rows.chunks_exact(d).map(|r| dot_f32(&q, r)).collect();
            assert_eq!(bits(&a), bits(&one), "d={d} n={n}");
        }
    }
}

#[wasm_bindgen_test]
fn simd_threshold_check_is_strict_and_rejects_nan() {
    assert!(all_below4(&[0.0, 1.0, -5.0, 1.5], 2.0));
    assert!(!all_below4(&[0.0, 1.0, 2.0, 1.5], 2.0));
    assert!(!all_below4(&[0.0, 0.0, 0.0, f32::NAN], 2.0));
    assert!(all_below4(&[1.0, 1.0, 1.0, 1.0, 9.0], 2.0));
    assert!(!all_below4(&[1.0, 3.0], 2.0));
}

#[wasm_bindgen_test]
fn top_k_agrees_with_a_full_sort() {
    let mut rng = edgewise::rng::seeded(5);
    let (n, d) = (3000, 64);
    let items: Vec<f32> = (0..n * d).map(|_| rng.random_range(-1.0f32..1.0)).collect();
    let q: Vec<f32> = (0..d).map(|_| rng.random_range(-1.0f32..1.0)).collect();
    let it = Items::F32(Matrix::new("items", &items, n, d).unwrap());
    let qm = Matrix::new("q", &q, 1, d).unwrap();
    let s = CpuBackend.scores(&qm, &it).unwrap();
    let mut all: Vec<(f32, u32)> = s.iter().enumerate().map(|(i, &v)| (v, i as u32)).collect();
    all.sort_by(|a, b| b.0.total_cmp(&a.0).then(a.1.cmp(&b.1)));
    let top = CpuBackend.scores_top_k(&qm, &it, 50).unwrap();
    let got: Vec<(f32, u32)> = top[0].iter().map(|h| (h.score, h.index)).collect();
    assert_eq!(got, all[..50].to_vec());
}
