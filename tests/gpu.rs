//! The wgpu backend against the CPU reference (`cargo test --features gpu --test gpu`).
//!
//! Runs on any adapter; CI uses Mesa's lavapipe (software Vulkan, "llvmpipe"), so sizes stay
//! small. Without an adapter every test FAILS with a loud message, unless
//! `EDGEWISE_ALLOW_NO_GPU=1` is set, in which case each test says loudly that it was skipped.
#![cfg(all(feature = "gpu", not(target_arch = "wasm32")))]

use edgewise::compute::{
    topk_agree, Backend, CpuBackend, GpuBackend, Hit, Items, Matrix, QuantMatrix, SCORE_REL_TOL,
};
use rand::Rng as _;
use std::sync::OnceLock;

mod common;
#[cfg(feature = "analytics")]
use common::{blobs, order_columns};

fn open() -> Option<GpuBackend> {
    match GpuBackend::new() {
        Ok(b) => Some(b),
        Err(e) => {
            if std::env::var("EDGEWISE_ALLOW_NO_GPU").as_deref() == Ok("1") {
                eprintln!(
                    "\n!!!!!!!! GPU TEST SKIPPED: no GPU adapter ({e}); EDGEWISE_ALLOW_NO_GPU=1 \
                     is set, so this test did NOT run !!!!!!!!\n"
                );
                None
            } else {
                panic!(
                    "\n!!!!!!!! NO GPU ADAPTER: {e}\n!!!!!!!! Install Mesa's software Vulkan \
                     (apt-get install mesa-vulkan-drivers) or set EDGEWISE_ALLOW_NO_GPU=1 to \
                     skip (loudly) !!!!!!!!\n"
                )
            }
        }
    }
}

/// One shared backend (pipelines are built once; calls are serialized inside).
fn gpu() -> Option<&'static GpuBackend> {
    static GPU: OnceLock<Option<GpuBackend>> = OnceLock::new();
    GPU.get_or_init(|| {
        let b = open();
        if let Some(b) = &b {
            eprintln!("GPU adapter: {:?}", b.info());
        }
        b
    })
    .as_ref()
}

fn random(rng: &mut edgewise::rng::Rng, n: usize) -> Vec<f32> {
    (0..n).map(|_| rng.random_range(-1.0f32..1.0)).collect()
}

fn norm(v: &[f32]) -> f32 {
    v.iter().map(|x| x * x).sum::<f32>().sqrt()
}

/// Asserts GPU scores agree with the CPU's within the contract's tolerance.
fn assert_scores_agree(cpu: &[f32], gpu: &[f32], u: &[f32], it: &[f32], d: usize, what: &str) {
    assert_eq!(cpu.len(), gpu.len(), "{what}: lengths");
    let n = it.len().checked_div(d).unwrap_or(0);
    for (idx, (a, b)) in cpu.iter().zip(gpu).enumerate() {
        let (r, c) = (idx / n.max(1), idx % n.max(1));
        let tol = SCORE_REL_TOL
            * norm(&u[r * d..(r + 1) * d]).max(1e-30)
            * norm(&it[c * d..(c + 1) * d]).max(1e-30);
        assert!(
            (a - b).abs() <= tol || a.to_bits() == b.to_bits(),
            "{what}: score[{r}][{c}] cpu {a} gpu {b} tol {tol}"
        );
    }
}

fn assert_topk_agree(
    cpu: &[Vec<Hit>],
    gpu: &[Vec<Hit>],
    scores: &[f32],
    n: usize,
    tol: f32,
    what: &str,
) {
    assert_eq!(cpu.len(), gpu.len(), "{what}: rows");
    for (r, (a, b)) in cpu.iter().zip(gpu).enumerate() {
        let row = &scores[r * n..(r + 1) * n];
        assert!(
            topk_agree(a, b, tol, |i| row
                .get(i as usize)
                .copied()
                .unwrap_or(f32::NAN)),
            "{what}: row {r}\n cpu {a:?}\n gpu {b:?}"
        );
    }
}

/// (users, items, dim): 1×1, non-multiples of the 64 tile and of vec4, more than one 4096 block.
const SHAPES: &[(usize, usize, usize)] = &[
    (1, 1, 1),
    (3, 7, 5),
    (65, 130, 17),
    (2, 5000, 64),
    (70, 300, 3),
    (1, 4097, 8),
];

#[test]
fn f32_scores_and_topk_agree_with_cpu() {
    let Some(g) = gpu() else { return };
    let c = CpuBackend;
    let mut rng = edgewise::rng::seeded(21);
    for &(nu, ni, d) in SHAPES {
        let u = random(&mut rng, nu * d);
        let it = random(&mut rng, ni * d);
        let um = Matrix::new("users", &u, nu, d).unwrap();
        let items = Items::F32(Matrix::new("items", &it, ni, d).unwrap());
        let what = format!("{nu}×{ni}×{d}");
        let cs = c.scores(&um, &items).unwrap();
        let gs = g.scores(&um, &items).unwrap();
        assert_scores_agree(&cs, &gs, &u, &it, d, &what);
        let tol = SCORE_REL_TOL * d as f32; // ‖u‖·‖i‖ ≤ d for entries in [-1, 1]
        for k in [1usize, 5, 50, ni + 3] {
            let ck = c.scores_top_k(&um, &items, k).unwrap();
            let gk = g.scores_top_k(&um, &items, k).unwrap();
            assert_eq!(
                gk.iter().map(Vec::len).max(),
                Some(k.min(ni)),
                "{what} k={k}"
            );
            assert_topk_agree(&ck, &gk, &cs, ni, tol, &format!("{what} k={k}"));
            let sm = Matrix::new("scores", &cs, nu, ni).unwrap();
            let rows = g.top_k_rows(&sm, k).unwrap();
            // Same input scores: the selection is exact, bit for bit.
            assert_eq!(
                rows,
                c.top_k_rows(&sm, k).unwrap(),
                "{what} top_k_rows k={k}"
            );
        }
    }
}

#[test]
fn int8_scores_are_bit_identical_to_cpu() {
    let Some(g) = gpu() else { return };
    let mut rng = edgewise::rng::seeded(22);
    for &(nu, ni, d) in SHAPES {
        let u = random(&mut rng, nu * d);
        let it = random(&mut rng, ni * d);
        let (q, sc) = edgewise::compute::quant::quantize_rows(&it, d);
        let um = Matrix::new("users", &u, nu, d).unwrap();
        let items = Items::I8(QuantMatrix::new("items", &q, &sc, ni, d).unwrap());
        let cs = CpuBackend.scores(&um, &items).unwrap();
        let gs = g.scores(&um, &items).unwrap();
        let bits = |v: &[f32]| v.iter().map(|x| x.to_bits()).collect::<Vec<_>>();
        assert_eq!(bits(&cs), bits(&gs), "{nu}×{ni}×{d}");
        for k in [1usize, 7, ni + 1] {
            assert_eq!(
                CpuBackend.scores_top_k(&um, &items, k).unwrap(),
                g.scores_top_k(&um, &items, k).unwrap(),
                "{nu}×{ni}×{d} k={k}"
            );
        }
    }
}

#[test]
fn ties_overflow_and_empty_inputs_follow_the_cpu_rules() {
    let Some(g) = gpu() else { return };
    let c = CpuBackend;
    // Small integers: every score is exact whatever the summation order, with many ties, which
    // must go to the lower index on both backends.
    let mut rng = edgewise::rng::seeded(23);
    let (nu, ni, d) = (9, 4500, 6);
    let u: Vec<f32> = (0..nu * d)
        .map(|_| rng.random_range(-2i32..3) as f32)
        .collect();
    let it: Vec<f32> = (0..ni * d)
        .map(|_| rng.random_range(-2i32..3) as f32)
        .collect();
    let um = Matrix::new("users", &u, nu, d).unwrap();
    let items = Items::F32(Matrix::new("items", &it, ni, d).unwrap());
    assert_eq!(
        c.scores(&um, &items).unwrap(),
        g.scores(&um, &items).unwrap()
    );
    for k in [1, 3, 50, 63, 64, 65, 128, 5000] {
        assert_eq!(
            c.scores_top_k(&um, &items, k).unwrap(),
            g.scores_top_k(&um, &items, k).unwrap(),
            "ties k={k}"
        );
    }
    // Overflow: +inf, -inf and inf - inf = NaN scores; NaN ranks last.
    let u = [1e30f32, 1e30, 1e30, -1e30];
    let it = [1e30f32, 1e30, 1.0, 1.0, 1e30, -1e30, -1e30, -1e30];
    let um = Matrix::new("users", &u, 2, 2).unwrap();
    let items = Items::F32(Matrix::new("items", &it, 4, 2).unwrap());
    let cs = c.scores(&um, &items).unwrap();
    let gs = g.scores(&um, &items).unwrap();
    assert_eq!(
        cs.iter().map(|x| x.to_bits()).collect::<Vec<_>>(),
        gs.iter().map(|x| x.to_bits()).collect::<Vec<_>>()
    );
    assert!(cs.iter().any(|x| x.is_nan()) && cs.contains(&f32::INFINITY));
    // Bit-exact, except that every NaN is one NaN (its sign and payload are not kept).
    let bits = |v: Vec<Vec<Hit>>| -> Vec<Vec<(u32, u32)>> {
        let b = |x: f32| {
            if x.is_nan() {
                f32::NAN.to_bits()
            } else {
                x.to_bits()
            }
        };
        v.iter()
            .map(|r| r.iter().map(|h| (h.index, b(h.score))).collect())
            .collect()
    };
    assert_eq!(
        bits(c.scores_top_k(&um, &items, 4).unwrap()),
        bits(g.scores_top_k(&um, &items, 4).unwrap())
    );
    // Empty users, empty items, zero dimension.
    let none = Matrix::new("users", &[], 0, 2).unwrap();
    assert!(g.scores(&none, &items).unwrap().is_empty());
    assert!(g.scores_top_k(&none, &items, 3).unwrap().is_empty());
    let no_items = Items::F32(Matrix::new("items", &[], 0, 2).unwrap());
    assert!(g.scores(&um, &no_items).unwrap().is_empty());
    assert_eq!(
        g.scores_top_k(&um, &no_items, 3).unwrap(),
        vec![vec![], vec![]]
    );
    let z = Matrix::new("users", &[], 2, 0).unwrap();
    let zi = Items::F32(Matrix::new("items", &[], 3, 0).unwrap());
    assert_eq!(g.scores(&z, &zi).unwrap(), vec![0.0; 6]);
    assert_eq!(
        g.scores_top_k(&z, &zi, 2).unwrap(),
        c.scores_top_k(&z, &zi, 2).unwrap()
    );
}

#[test]
fn bad_arguments_are_the_same_errors_as_on_the_cpu() {
    let Some(g) = gpu() else { return };
    let c = CpuBackend;
    let u = [1.0f32, 2.0];
    let it = [1.0f32, 2.0, 3.0];
    let um = Matrix::new("users", &u, 1, 2).unwrap();
    let items = Items::F32(Matrix::new("items", &it, 1, 3).unwrap());
    let e = g.scores(&um, &items).unwrap_err();
    assert_eq!(e, c.scores(&um, &items).unwrap_err());
    assert!(
        e.to_string().contains("`users`") && e.to_string().contains("3 columns"),
        "{e}"
    );
    assert_eq!(
        g.scores_top_k(&um, &items, 1).unwrap_err(),
        c.scores_top_k(&um, &items, 1).unwrap_err()
    );
    let items2 = Items::F32(Matrix::new("items", &it[..2], 1, 2).unwrap());
    let e = g.scores_top_k(&um, &items2, 0).unwrap_err();
    assert!(e.to_string().contains("`k`"), "{e}");
    let sm = Matrix::new("scores", &it, 1, 3).unwrap();
    assert!(g
        .top_k_rows(&sm, 0)
        .unwrap_err()
        .to_string()
        .contains("`k`"));
    let cents = Matrix::new("centroids", &[], 0, 2).unwrap();
    let e = g.kmeans_assign(&um, &cents).unwrap_err();
    assert_eq!(e, c.kmeans_assign(&um, &cents).unwrap_err());
    let c3 = Matrix::new("centroids", &it, 1, 3).unwrap();
    assert_eq!(
        g.kmeans_assign(&um, &c3).unwrap_err(),
        c.kmeans_assign(&um, &c3).unwrap_err()
    );
}

#[test]
fn kmeans_assignment_agrees_with_cpu() {
    let Some(g) = gpu() else { return };
    let c = CpuBackend;
    // By hand, with an exact tie that goes to centroid 0.
    let pts = [0.0f32, 0.0, 1.0, 0.0, 10.0, 10.0, 9.0, 10.0, 5.0, 5.0];
    let cents = [0.0f32, 0.0, 10.0, 10.0];
    let pm = Matrix::new("points", &pts, 5, 2).unwrap();
    let cm = Matrix::new("centroids", &cents, 2, 2).unwrap();
    assert_eq!(
        g.kmeans_assign(&pm, &cm).unwrap(),
        c.kmeans_assign(&pm, &cm).unwrap()
    );
    let mut rng = edgewise::rng::seeded(24);
    for &(n, k, d) in &[
        (1usize, 1usize, 1usize),
        (300, 7, 5),
        (2500, 16, 8),
        (1030, 3, 33),
    ] {
        let p = random(&mut rng, n * d);
        let cc = random(&mut rng, k * d);
        let pm = Matrix::new("points", &p, n, d).unwrap();
        let cm = Matrix::new("centroids", &cc, k, d).unwrap();
        let a = c.kmeans_assign(&pm, &cm).unwrap();
        let b = g.kmeans_assign(&pm, &cm).unwrap();
        let what = format!("{n}×{k}×{d}");
        let tol = SCORE_REL_TOL * 4.0 * d as f32; // squared distances ≤ 4d for entries in [-1, 1]
        let mut same = 0;
        for i in 0..n {
            let (la, lb) = (a.labels[i] as usize, b.labels[i] as usize);
            assert!(
                (a.distances[i] - b.distances[i]).abs() <= tol,
                "{what}: distance {i}"
            );
            if la == lb {
                same += 1;
            } else {
                // Only a near-tie may flip: the GPU's choice is as close as the CPU's.
                let x = &p[i * d..(i + 1) * d];
                let dist = |c: usize| -> f32 {
                    x.iter()
                        .zip(&cc[c * d..(c + 1) * d])
                        .map(|(a, b)| (a - b) * (a - b))
                        .sum()
                };
                assert!(
                    (dist(lb) - dist(la)).abs() <= tol,
                    "{what}: label {i} {la} vs {lb}"
                );
            }
        }
        assert!(
            same >= n - n / 100,
            "{what}: only {same} of {n} labels agree"
        );
        if same == n {
            assert_eq!(a.counts, b.counts, "{what}");
            for (x, y) in a.sums.iter().zip(&b.sums) {
                assert!((x - y).abs() <= 1e-5 * n as f64, "{what}: sums {x} vs {y}");
            }
        }
        assert_eq!(b.counts.iter().sum::<u64>(), n as u64);
        assert!(
            (a.inertia - b.inertia).abs() <= f64::from(tol) * n as f64,
            "{what}: inertia"
        );
    }
}

#[test]
fn chunking_under_a_small_buffer_cap_gives_the_same_answers() {
    let Some(mut g) = open() else { return };
    g.set_max_chunk_bytes(16384);
    assert_eq!(g.max_chunk_bytes(), 16384);
    let c = CpuBackend;
    let mut rng = edgewise::rng::seeded(25);
    let (nu, ni, d) = (37, 1000, 13);
    let u = random(&mut rng, nu * d);
    let it = random(&mut rng, ni * d);
    let um = Matrix::new("users", &u, nu, d).unwrap();
    let items = Items::F32(Matrix::new("items", &it, ni, d).unwrap());
    let cs = c.scores(&um, &items).unwrap();
    assert_scores_agree(&cs, &g.scores(&um, &items).unwrap(), &u, &it, d, "chunked");
    let tol = SCORE_REL_TOL * d as f32;
    for k in [1usize, 10, 60] {
        let gk = g.scores_top_k(&um, &items, k).unwrap();
        assert_topk_agree(
            &c.scores_top_k(&um, &items, k).unwrap(),
            &gk,
            &cs,
            ni,
            tol,
            "chunked",
        );
    }
    let (q, sc) = edgewise::compute::quant::quantize_rows(&it, d);
    let qi = Items::I8(QuantMatrix::new("items", &q, &sc, ni, d).unwrap());
    assert_eq!(
        c.scores_top_k(&um, &qi, 9).unwrap(),
        g.scores_top_k(&um, &qi, 9).unwrap()
    );
    let p = random(&mut rng, 3000 * 4);
    let cents = random(&mut rng, 5 * 4);
    let pm = Matrix::new("points", &p, 3000, 4).unwrap();
    let cm = Matrix::new("centroids", &cents, 5, 4).unwrap();
    let (a, b) = (
        c.kmeans_assign(&pm, &cm).unwrap(),
        g.kmeans_assign(&pm, &cm).unwrap(),
    );
    assert_eq!(a.counts.iter().sum::<u64>(), b.counts.iter().sum::<u64>());
    let agree = a
        .labels
        .iter()
        .zip(&b.labels)
        .filter(|(x, y)| x == y)
        .count();
    assert!(agree >= 2990, "{agree}");
    assert!(g.pooled_bytes() > 0);
    // A request that cannot be planned under the cap is a clear error, not a panic.
    g.set_max_chunk_bytes(1024);
    let e = g.scores_top_k(&um, &items, 60).unwrap_err().to_string();
    assert!(e.contains("buffer limit of 1024 bytes"), "{e}");
}

#[test]
fn repeated_calls_reuse_buffers_and_are_deterministic() {
    let Some(mut g) = open() else { return };
    g.set_max_chunk_bytes(1 << 20);
    let mut rng = edgewise::rng::seeded(26);
    let (nu, ni, d) = (20, 3000, 16);
    let u = random(&mut rng, nu * d);
    let it = random(&mut rng, ni * d);
    let um = Matrix::new("users", &u, nu, d).unwrap();
    let items = Items::F32(Matrix::new("items", &it, ni, d).unwrap());
    let first = g.scores_top_k(&um, &items, 20).unwrap();
    let held = g.pooled_bytes();
    for _ in 0..3 {
        assert_eq!(g.scores_top_k(&um, &items, 20).unwrap(), first);
    }
    assert_eq!(g.pooled_bytes(), held, "the second call must not allocate");
    assert!(g.lost_reason().is_none());
    assert!(g.name().starts_with("gpu ("));
}

#[test]
fn a_destroyed_device_reports_the_loss_instead_of_panicking() {
    let Some(g) = open() else { return };
    let u = [1.0f32, 2.0];
    let um = Matrix::new("users", &u, 1, 2).unwrap();
    let items = Items::F32(Matrix::new("items", &u, 1, 2).unwrap());
    assert_eq!(g.scores(&um, &items).unwrap(), vec![5.0]);
    g.destroy();
    assert!(g.lost_reason().is_some());
    let e = g.scores_top_k(&um, &items, 1).unwrap_err().to_string();
    assert!(e.contains("device lost"), "{e}");
}

#[test]
fn f16_item_storage_is_opt_in_and_close() {
    let Some(mut g) = open() else { return };
    if !g.info().shader_f16 {
        let e = g.set_f16_items(true).unwrap_err().to_string();
        assert!(e.contains("shader-f16"), "{e}");
        eprintln!("!!!!!!!! adapter has no shader-f16: f16 accuracy NOT measured !!!!!!!!");
        return;
    }
    g.set_f16_items(true).unwrap();
    assert!(g.f16_items());
    let mut rng = edgewise::rng::seeded(27);
    let (nu, ni, d) = (5, 700, 33);
    let u = random(&mut rng, nu * d);
    let it = random(&mut rng, ni * d);
    let um = Matrix::new("users", &u, nu, d).unwrap();
    let items = Items::F32(Matrix::new("items", &it, ni, d).unwrap());
    let cs = CpuBackend.scores(&um, &items).unwrap();
    let gs = g.scores(&um, &items).unwrap();
    // Each item coordinate is rounded to f16 (relative error ≤ 2^-11): |Δs| ≤ 2^-11 ‖u‖₁ max|i|.
    let mut worst = 0f32;
    for r in 0..nu {
        let l1: f32 = u[r * d..(r + 1) * d].iter().map(|x| x.abs()).sum();
        for c in 0..ni {
            let err = (cs[r * ni + c] - gs[r * ni + c]).abs();
            assert!(err <= l1 * 2f32.powi(-11) + 1e-5, "[{r}][{c}] {err}");
            worst = worst.max(err);
        }
    }
    // Not bit-equal to f32: the f16 path really ran.
    assert!(worst > 0.0);
    eprintln!("f16 items, {nu}×{ni}×{d}: max |score error| vs CPU f32 = {worst:.2e}");
    let tol = 2f32.powi(-11) * d as f32 + SCORE_REL_TOL * d as f32;
    let gk = g.scores_top_k(&um, &items, 10).unwrap();
    assert_topk_agree(
        &CpuBackend.scores_top_k(&um, &items, 10).unwrap(),
        &gk,
        &cs,
        ni,
        tol,
        "f16",
    );
    g.set_f16_items(false).unwrap();
    assert_scores_agree(
        &cs,
        &g.scores(&um, &items).unwrap(),
        &u,
        &it,
        d,
        "f32 again",
    );
}

#[test]
fn random_tie_heavy_shapes_select_exactly_like_the_cpu() {
    let Some(g) = gpu() else { return };
    for seed in 0..8u64 {
        let mut rng = edgewise::rng::seeded(100 + seed);
        let (nu, ni, d) = (
            rng.random_range(1..20usize),
            rng.random_range(1..9000usize),
            rng.random_range(1..9usize),
        );
        let lv = rng.random_range(1..4i32);
        let mut ints = |n: usize| -> Vec<f32> {
            (0..n)
                .map(|_| rng.random_range(-lv..lv + 1) as f32)
                .collect()
        };
        let (u, it) = (ints(nu * d), ints(ni * d));
        let um = Matrix::new("users", &u, nu, d).unwrap();
        let items = Items::F32(Matrix::new("items", &it, ni, d).unwrap());
        for k in [1usize, 10, 33, 64] {
            assert_eq!(
                CpuBackend.scores_top_k(&um, &items, k).unwrap(),
                g.scores_top_k(&um, &items, k).unwrap(),
                "seed {seed}: {nu}×{ni}×{d} k={k}"
            );
        }
    }
}

#[test]
fn resident_items_give_the_same_top_k_without_re_uploading() {
    let Some(mut g) = open() else { return };
    let mut rng = edgewise::rng::seeded(28);
    let (nu, ni, d) = (11, 3000, 10);
    let u = random(&mut rng, nu * d);
    let it = random(&mut rng, ni * d);
    let um = Matrix::new("users", &u, nu, d).unwrap();
    let items = Items::F32(Matrix::new("items", &it, ni, d).unwrap());
    let (q, sc) = edgewise::compute::quant::quantize_rows(&it, d);
    let qi = Items::I8(QuantMatrix::new("items", &q, &sc, ni, d).unwrap());
    for cap in [u64::MAX, 16 * 1024] {
        g.set_max_chunk_bytes(cap);
        let res = g.upload_items(&items).unwrap();
        let resq = g.upload_items(&qi).unwrap();
        assert_eq!((res.rows(), res.cols()), (ni, d));
        assert!(res.bytes() >= (ni * 12 * 4) as u64);
        for k in [1usize, 17, 64, 65, ni + 1] {
            assert_eq!(
                g.resident_top_k(&um, &res, k).unwrap(),
                g.scores_top_k(&um, &items, k).unwrap(),
                "cap {cap} k={k}"
            );
            assert_eq!(
                g.resident_top_k(&um, &resq, k).unwrap(),
                CpuBackend.scores_top_k(&um, &qi, k).unwrap(),
                "int8 cap {cap} k={k}"
            );
        }
        // Zero users, a dimension mismatch, k = 0.
        let none = Matrix::new("users", &[], 0, d).unwrap();
        assert!(g.resident_top_k(&none, &res, 3).unwrap().is_empty());
        let bad = Matrix::new("users", &u[..nu * 9], nu, 9).unwrap();
        let e = g.resident_top_k(&bad, &res, 3).unwrap_err().to_string();
        assert!(e.contains("`users`") && e.contains("10 columns"), "{e}");
        assert!(g
            .resident_top_k(&um, &res, 0)
            .unwrap_err()
            .to_string()
            .contains("`k`"));
    }
    // Items of one backend cannot be used with another.
    let other = open().unwrap();
    let res = g.upload_items(&items).unwrap();
    let e = other.resident_top_k(&um, &res, 3).unwrap_err().to_string();
    assert!(e.contains("another GpuBackend"), "{e}");
    // f16 resident items agree with f16 per-call items.
    if g.info().shader_f16 {
        g.set_max_chunk_bytes(u64::MAX);
        g.set_f16_items(true).unwrap();
        let res16 = g.upload_items(&items).unwrap();
        assert_eq!(
            g.resident_top_k(&um, &res16, 20).unwrap(),
            g.scores_top_k(&um, &items, 20).unwrap()
        );
    }
}

#[test]
fn scores_for_a_subset_agree_with_the_cpu() {
    let Some(g) = gpu() else { return };
    let cpu = CpuBackend::new();
    let mut rng = edgewise::rng::seeded(23);
    let (nu, ni, d) = (3, 50, 12);
    let u = random(&mut rng, nu * d);
    let it = random(&mut rng, ni * d);
    let users = Matrix::new("users", &u, nu, d).unwrap();
    let items = Items::F32(Matrix::new("items", &it, ni, d).unwrap());
    let idx = [49u32, 0, 7, 7, 31];
    let want = cpu.scores_for(&users, &items, &idx).unwrap();
    let got = g.scores_for(&users, &items, &idx).unwrap();
    let picked: Vec<f32> = idx
        .iter()
        .flat_map(|&i| it[i as usize * d..(i as usize + 1) * d].to_vec())
        .collect();
    assert_scores_agree(&want, &got, &u, &picked, d, "scores_for f32");
    // int8 items give bit-identical integer dot products.
    let (q, s) = edgewise::compute::quant::quantize_rows(&it, d);
    let qitems = Items::I8(QuantMatrix::new("items", &q, &s, ni, d).unwrap());
    assert_eq!(
        cpu.scores_for(&users, &qitems, &idx).unwrap(),
        g.scores_for(&users, &qitems, &idx).unwrap()
    );
    // Errors are the CPU's, word for word.
    let bad = [3u32, 50];
    assert_eq!(
        cpu.scores_for(&users, &items, &bad).unwrap_err(),
        g.scores_for(&users, &items, &bad).unwrap_err()
    );
    assert!(g.scores_for(&users, &items, &[]).unwrap().is_empty());
}

#[test]
fn resident_points_give_the_same_assignment_as_uploaded_ones() {
    let Some(mut g) = open() else { return };
    let mut rng = edgewise::rng::seeded(41);
    for &(cap, n, k, d) in &[
        (None, 1usize, 1usize, 1usize),
        (None, 2500, 7, 5),
        // Several resident buffers and several batches per buffer.
        (Some(16384u64), 3000, 5, 4),
        (Some(16384u64), 1100, 3, 9),
    ] {
        if let Some(cap) = cap {
            g.set_max_chunk_bytes(cap);
        }
        let p = random(&mut rng, n * d);
        let cc = random(&mut rng, k * d);
        let pm = Matrix::new("points", &p, n, d).unwrap();
        let cm = Matrix::new("centroids", &cc, k, d).unwrap();
        let up = g.upload_points(&pm).unwrap();
        assert_eq!((up.rows(), up.cols()), (n, d));
        assert_eq!(
            g.kmeans_assign_resident(&up, &cm).unwrap(),
            g.kmeans_assign(&pm, &cm).unwrap(),
            "{n}×{k}×{d} cap {cap:?}"
        );
    }
    // Points of another backend, or of another width, are refused with a clear error.
    let other = open().unwrap();
    let p = random(&mut rng, 40);
    let up = other
        .upload_points(&Matrix::new("points", &p, 10, 4).unwrap())
        .unwrap();
    let cm = Matrix::new("centroids", &p[..8], 2, 4).unwrap();
    let e = g.kmeans_assign_resident(&up, &cm).unwrap_err().to_string();
    assert!(e.contains("another GpuBackend"), "{e}");
    let up = g
        .upload_points(&Matrix::new("points", &p, 10, 4).unwrap())
        .unwrap();
    let c3 = Matrix::new("centroids", &p[..6], 2, 3).unwrap();
    assert!(g.kmeans_assign_resident(&up, &c3).is_err());
}

#[cfg(feature = "analytics")]
#[test]
fn kmeans_on_the_gpu_uploads_once_and_agrees_with_the_cpu_fit() {
    use edgewise::segment::{GpuAssignStep, KMeansParams};
    let Some(g) = gpu() else { return };
    let mut rng = edgewise::rng::seeded(42);
    for &(per, d) in &[(200usize, 3usize), (700, 6)] {
        let pts = blobs(&mut rng, per, d);
        let params = KMeansParams::new(3).seed(3).n_init(2);
        let cpu = params.fit(&pts, d).unwrap();
        let gpu_fit = params.fit_on_gpu(g, &pts, d).unwrap();
        // Same partition (the blobs are far apart), same cluster numbering (same seeding).
        assert_eq!(gpu_fit.labels, cpu.labels, "{per}×{d}");
        assert_eq!(gpu_fit.counts, cpu.counts);
        let rel = (gpu_fit.inertia - cpu.inertia).abs() / cpu.inertia;
        assert!(
            rel <= 1e-4,
            "inertia {} vs {} ({rel:e})",
            gpu_fit.inertia,
            cpu.inertia
        );
        for (a, b) in gpu_fit.centroids.iter().zip(&cpu.centroids) {
            assert!((a - b).abs() <= 1e-3, "centroid {a} vs {b}");
        }
        // `fit_on` with the GPU backend is the same resident-points fit, and uploading the
        // points at every step (the per-call `kmeans_assign`) gives the same model bit for bit.
        assert_eq!(params.fit_on(g, &pts, d).unwrap(), gpu_fit);
        let per_step = |p: &[f32], dd: usize, c: &[f32]| {
            g.kmeans_assign(
                &Matrix::new("points", p, p.len() / dd, dd)?,
                &Matrix::new("centroids", c, c.len() / dd, dd)?,
            )
        };
        assert_eq!(params.fit_with(&pts, d, &per_step).unwrap(), gpu_fit);
        // One upload for the whole fit, however many Lloyd steps and starts it took.
        let step = GpuAssignStep::new(g);
        let m = g.block_on(params.fit_with_async(&pts, d, &step)).unwrap();
        assert_eq!(m, gpu_fit);
        assert_eq!(step.uploads(), 1);
        assert!(step.steps() >= 2 * 2, "{} steps", step.steps());
    }
    // Bad input is the CPU fit's error, not a panic.
    let params = KMeansParams::new(5);
    assert_eq!(
        params.fit_on_gpu(g, &[1.0, 2.0, 3.0], 2).unwrap_err(),
        params.fit(&[1.0, 2.0, 3.0], 2).unwrap_err()
    );
    assert_eq!(
        params.fit_on_gpu(g, &[1.0, 2.0], 2).unwrap_err(),
        params.fit(&[1.0, 2.0], 2).unwrap_err()
    );
}

#[cfg(feature = "analytics")]
#[test]
fn rfm_segmentation_on_the_gpu_matches_the_cpu_on_the_bundled_orders() {
    use edgewise::segment::{segment_rfm, segment_rfm_on_gpu_async, KMeansParams, Rfm};
    let Some(g) = gpu() else { return };
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("www/data/orders.csv");
    let (c, t, a) = order_columns(&std::fs::read_to_string(path).unwrap());
    let rfm = Rfm::from_orders(&c, &t, &a, None).unwrap();
    let params = KMeansParams::new(4).seed(1).n_init(4);
    let cpu = segment_rfm(&rfm, &params, 500).unwrap();
    let on_gpu = g
        .block_on(segment_rfm_on_gpu_async(g, &rfm, &params, 500))
        .unwrap();
    let same = cpu
        .labels
        .iter()
        .zip(&on_gpu.labels)
        .filter(|(x, y)| x == y)
        .count();
    let n = cpu.labels.len();
    assert!(same >= n - n / 200, "{same} of {n} labels agree");
    let rel = (on_gpu.model.inertia - cpu.model.inertia).abs() / cpu.model.inertia;
    eprintln!(
        "RFM k-means on {}: {same} of {n} labels as on the CPU, inertia rel. diff {rel:.2e}",
        g.info().name
    );
    assert!(
        rel <= 1e-3,
        "inertia {} vs {}",
        on_gpu.model.inertia,
        cpu.model.inertia
    );
}

#[test]
fn the_fallback_session_answers_on_the_cpu_and_says_why() {
    use edgewise::compute::{run_with_fallback, Session};
    use std::cell::RefCell;
    let Some(mut g) = open() else { return };
    // A 512-float row (2048 bytes) is over a 1024-byte cap: the GPU cannot run this call.
    g.set_max_chunk_bytes(1024);
    let session = RefCell::new(Session::on_gpu(g));
    let mut rng = edgewise::rng::seeded(3);
    let (u, it) = (random(&mut rng, 2 * 512), random(&mut rng, 3 * 512));
    let um = Matrix::new("users", &u, 2, 512).unwrap();
    let items = Items::F32(Matrix::new("items", &it, 3, 512).unwrap());
    let want = CpuBackend.scores_top_k(&um, &items, 2).unwrap();
    let gpu = session.borrow_mut().gpu().unwrap();
    let run = |s: &RefCell<Session>, um: &Matrix<'_>, items: &Items<'_>| {
        gpu.block_on(run_with_fallback(
            s,
            |g| async move { g.scores_top_k_async(um, items, 2).await },
            || CpuBackend.scores_top_k(um, items, 2),
        ))
    };
    let (hits, ran) = run(&session, &um, &items).unwrap();
    assert_eq!(hits, want);
    assert!(!ran.on_gpu);
    let why = ran.reason.unwrap();
    assert!(
        why.contains("could not run this call") && why.contains("buffer limit"),
        "{why}"
    );
    // The session stays on the GPU: a call that fits runs there.
    assert!(session.borrow_mut().reason().is_none());
    let small = Matrix::new("users", &[1.0, 0.0], 1, 2).unwrap();
    let small_items = Items::F32(Matrix::new("items", &[3.0, 1.0, 1.0, 3.0], 2, 2).unwrap());
    let (hits, ran) = run(&session, &small, &small_items).unwrap();
    assert!(ran.on_gpu && ran.reason.is_none());
    assert_eq!(hits[0][0].index, 0);
    // Bad input is the caller's error, not a reason to fall back.
    let e = run(&session, &small, &items).unwrap_err().to_string();
    assert!(e.contains("`users`"), "{e}");
    // After a device loss the session moves to the CPU for good and says why.
    gpu.destroy();
    let (hits, ran) = run(&session, &small, &small_items).unwrap();
    assert!(!ran.on_gpu);
    assert!(ran.reason.unwrap().contains("device lost"));
    assert_eq!(hits[0][0].index, 0);
    assert!(session.borrow_mut().gpu().is_none());
    assert!(session
        .borrow_mut()
        .reason()
        .unwrap()
        .contains("device lost"));
}

/// The session's policy for work kept on the GPU (`GpuContext.setItems`): what the GPU cannot
/// hold stays on the CPU, bad input is an error, and a platform without WebGPU starts on the CPU.
#[test]
fn the_session_keeps_what_the_gpu_cannot_hold_on_the_cpu() {
    use edgewise::compute::Session;
    use edgewise::error::{Error, Result};
    let mut on_cpu = Session::on_cpu("asked for");
    let never = |_: &GpuBackend| -> Result<u8> { unreachable!("no GPU in this session") };
    assert_eq!(on_cpu.try_gpu(never).unwrap(), None);
    let Some(g) = open() else { return };
    let mut none = g
        .block_on(async { Ok(Session::start(false, Some(2048)).await) })
        .unwrap();
    assert!(none.gpu().is_none());
    assert!(none.reason().unwrap().contains("no WebGPU"));
    let mut s = Session::on_gpu(g);
    assert_eq!(s.try_gpu(|_| Ok(7)).unwrap(), Some(7));
    let too_big = |_: &GpuBackend| -> Result<u8> { Err(Error::Unsupported("too big".into())) };
    assert_eq!(s.try_gpu(too_big).unwrap(), None);
    let bad = |_: &GpuBackend| -> Result<u8> { Err(Error::invalid("items", "rows", "none")) };
    assert!(s.try_gpu(bad).unwrap_err().to_string().contains("`items`"));
    // Neither moved the session off the GPU.
    assert!(s.reason().is_none() && s.gpu().is_some());
}

/// ALS (issue #16): the Gram step `YᵀY` on the GPU agrees with the CPU's (a Gram entry within the
/// contract's tolerance times the norms of the two factor columns), and a whole training run with
/// the Gram steps on the GPU ends at the CPU run's loss and ranking within f32 rounding.
#[cfg(feature = "learn")]
#[test]
fn als_gram_and_training_agree_with_cpu() {
    use edgewise::learn::als::{train, Als, AlsParams, Interactions, Side};
    let Some(g) = gpu() else { return };
    let mut rng = edgewise::rng::seeded(16);
    // 300 users × 500 items, ~20 interactions each, weights 1..4; a small buffer cap so the
    // transposed operand (dim = 500 users or items) goes through the chunked path too.
    let (mut u, mut i, mut w) = (vec![], vec![], vec![]);
    for user in 0..300u32 {
        for _ in 0..20 {
            u.push(user);
            i.push(rng.random_range(0..500u32));
            w.push(f64::from(rng.random_range(1..5u8)));
        }
    }
    let data = Interactions::new(&u, &i, &w, 300, 500).unwrap();
    let params = AlsParams {
        factors: 24,
        regularization: 0.5,
        alpha: 2.0,
        seed: 5,
        cg_steps: 0,
    };
    let mut m = Als::new(data.clone(), params).unwrap();
    m.step(&CpuBackend).unwrap();
    for side in [Side::Users, Side::Items] {
        let cpu = m.gram(&CpuBackend, side).unwrap();
        let gpu = m.gram(g, side).unwrap();
        let (t, n) = m.gram_operand(side);
        let col = |a: usize| norm(&t[a * n..(a + 1) * n]);
        for a in 0..24 {
            for b in 0..24 {
                let tol = SCORE_REL_TOL * col(a) * col(b) + 1e-12;
                let (c, x) = (cpu[a * 24 + b], gpu[a * 24 + b]);
                assert!(
                    (c - x).abs() <= tol,
                    "{side:?} gram[{a}][{b}]: cpu {c}, gpu {x}"
                );
            }
        }
    }
    let (cpu_model, cpu_loss) = train(data.clone(), params, 6, &CpuBackend).unwrap();
    let (gpu_model, gpu_loss) = train(data, params, 6, g).unwrap();
    for (c, x) in cpu_loss.iter().zip(&gpu_loss) {
        assert!((c - x).abs() <= 1e-4 * c, "loss cpu {c} gpu {x}");
    }
    let max_diff = cpu_model
        .item_factors()
        .iter()
        .zip(gpu_model.item_factors())
        .map(|(a, b)| (a - b).abs())
        .fold(0f32, f32::max);
    assert!(max_diff < 1e-2, "item factors differ by {max_diff}");
}
