//! Native speed of whole-catalog scoring + exact top-50 for one shopper, 100k items × 64 dims:
//! f32 vs int8 (per-row scales), the full `rank` pipeline, and a plain sum over the same f32
//! bytes as the memory-bandwidth reference. Run: `cargo bench --bench rerank`.

use criterion::{black_box, criterion_group, criterion_main, Criterion};
use edgewise::compute::{Backend, CpuBackend, Matrix};
use edgewise::rerank::synth::synth_catalog;
use edgewise::rerank::{rank, RankOptions};

const N: usize = 100_000;
const DIM: usize = 64;
const K: usize = 50;

/// The bandwidth reference: one pass over the same bytes, summing with four independent 4-lane
/// SSE2 accumulators (so the loop is limited by memory, not by an add dependency chain).
#[cfg(target_arch = "x86_64")]
fn plain_sum(v: &[f32]) -> f32 {
    use std::arch::x86_64::*;
    let chunks = v.chunks_exact(16);
    let tail: f32 = chunks.remainder().iter().sum();
    // SAFETY: SSE2 is part of x86-64; each chunk holds 16 f32, read as four 4-lane loads.
    unsafe {
        let mut acc = [_mm_setzero_ps(); 4];
        for c in chunks {
            let p = c.as_ptr();
            for (j, a) in acc.iter_mut().enumerate() {
                *a = _mm_add_ps(*a, _mm_loadu_ps(p.add(4 * j)));
            }
        }
        let mut l = [0f32; 4];
        let s = _mm_add_ps(_mm_add_ps(acc[0], acc[1]), _mm_add_ps(acc[2], acc[3]));
        _mm_storeu_ps(l.as_mut_ptr(), s);
        l.iter().sum::<f32>() + tail
    }
}

/// The bandwidth reference off x86-64: eight independent accumulators.
#[cfg(not(target_arch = "x86_64"))]
fn plain_sum(v: &[f32]) -> f32 {
    let mut acc = [0f32; 8];
    for c in v.chunks_exact(8) {
        for j in 0..8 {
            acc[j] += c[j];
        }
    }
    acc.iter().sum()
}

fn bench(c: &mut Criterion) {
    let cat = synth_catalog(N, DIM, 64, 42).expect("catalog");
    let f32_store = cat.store().expect("store");
    let i8_store = f32_store.clone().quantize_int8();
    let query = f32_store.embedding(7);
    let qm = Matrix::new("query", &query, 1, DIM).expect("query");
    let cpu = CpuBackend;
    let mut g = c.benchmark_group("100k x 64, top-50");
    g.sample_size(30);
    g.bench_function("plain sum of the f32 bytes", |b| {
        b.iter(|| plain_sum(black_box(&cat.embeddings)))
    });
    g.bench_function("scores_top_k f32", |b| {
        b.iter(|| cpu.scores_top_k(&qm, &f32_store.items(), K).expect("top-k"))
    });
    g.bench_function("scores_top_k int8", |b| {
        b.iter(|| cpu.scores_top_k(&qm, &i8_store.items(), K).expect("top-k"))
    });
    let opts = RankOptions {
        k: K,
        ..Default::default()
    };
    g.bench_function("rank f32 (pipeline)", |b| {
        b.iter(|| rank(&f32_store, &query, &opts).expect("rank"))
    });
    g.bench_function("rank int8 (pipeline)", |b| {
        b.iter(|| rank(&i8_store, &query, &opts).expect("rank"))
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
