//! Indicative wasm timings under Node (SIMD128 build): plain sum of the f32 embeddings (memory
//! bandwidth reference), fused top-50 f32 and int8, and the `rank` pipeline, 100k × 64. Medians
//! of 15 batches of 10 runs, `Date.now()` resolution. A measurement, not a test: it prints and
//! checks nothing, so it is `#[ignore]`d and runs only on request:
//! `cargo test --release --target wasm32-unknown-unknown --test wasm_timing -- --include-ignored --nocapture`.
//! (The side-by-side harness against tfjs-wasm is the JS layer's; this is the Rust-side figure.)
#![cfg(target_arch = "wasm32")]

use core::arch::wasm32::*;
use edgewise::compute::{Backend, CpuBackend, Matrix};
use edgewise::rerank::synth::synth_catalog;
use edgewise::rerank::{rank, RankOptions};
use wasm_bindgen_test::*;

fn plain_sum(v: &[f32]) -> f32 {
    let z = f32x4_splat(0.0);
    let (mut a, mut b, mut c, mut d) = (z, z, z, z);
    for ch in v.chunks_exact(16) {
        unsafe {
            let p = ch.as_ptr() as *const v128;
            a = f32x4_add(a, v128_load(p));
            b = f32x4_add(b, v128_load(p.add(1)));
            c = f32x4_add(c, v128_load(p.add(2)));
            d = f32x4_add(d, v128_load(p.add(3)));
        }
    }
    let s = f32x4_add(f32x4_add(a, b), f32x4_add(c, d));
    f32x4_extract_lane::<0>(s)
        + f32x4_extract_lane::<1>(s)
        + f32x4_extract_lane::<2>(s)
        + f32x4_extract_lane::<3>(s)
}

fn median(mut v: Vec<f64>) -> f64 {
    v.sort_by(|a, b| a.total_cmp(b));
    v[v.len() / 2]
}

/// Milliseconds per call of `f`, averaged over a batch of 10 calls.
fn batch<F: FnMut()>(f: &mut F) -> f64 {
    let a = js_sys::Date::now();
    for _ in 0..10 {
        f();
    }
    (js_sys::Date::now() - a) / 10.0
}

#[wasm_bindgen_test]
#[ignore]
fn timing() {
    let cat = synth_catalog(100_000, 64, 64, 42).unwrap();
    let f = cat.store().unwrap();
    let q8 = f.clone().quantize_int8();
    let q = f.embedding(7);
    let qm = Matrix::new("q", &q, 1, 64).unwrap();
    let o = RankOptions {
        k: 50,
        ..Default::default()
    };
    let mut sink = 0f32;
    // The five measurements are interleaved round by round so that load from other processes
    // hits them alike; ratios are taken within a round.
    let mut t: [Vec<f64>; 5] = Default::default();
    let (mut r_bw, mut r_i8) = (Vec::new(), Vec::new());
    for round in 0..40 {
        let m = [
            batch(&mut || sink += plain_sum(&cat.embeddings)),
            batch(&mut || {
                sink += CpuBackend.scores_top_k(&qm, &f.items(), 50).unwrap()[0][0].score
            }),
            batch(&mut || {
                sink += CpuBackend.scores_top_k(&qm, &q8.items(), 50).unwrap()[0][0].score
            }),
            batch(&mut || sink += rank(&f, &q, &o).unwrap().items[0].score as f32),
            batch(&mut || sink += rank(&q8, &q, &o).unwrap().items[0].score as f32),
        ];
        if round < 5 {
            continue; // warm-up
        }
        for (v, x) in t.iter_mut().zip(m) {
            v.push(x);
        }
        r_bw.push(m[1] / m[0]);
        r_i8.push(m[2] / m[1]);
    }
    let [ts, tf, ti, rf, ri] = t.map(median);
    web_sys::console::log_1(
        &format!(
            "TIMING (median ms) plain_sum {ts:.2} | f32 topk {tf:.2} | int8 topk {ti:.2} | \
             rank f32 {rf:.2} | rank int8 {ri:.2} || median ratios: f32/plain {:.2}, \
             int8/f32 {:.2} | sink {sink}",
            median(r_bw),
            median(r_i8)
        )
        .into(),
    );
}
