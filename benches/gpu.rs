//! GpuBackend vs CpuBackend on whatever adapter wgpu finds (CI: Mesa lavapipe, a CPU).
//! `cargo bench --features gpu --bench gpu` prints a markdown table (median of several runs,
//! after one warm-up call that also sizes the buffer pool) for `benches/results/gpu.md`.

use std::time::Instant;

use edgewise::compute::{
    topk_agree, Backend, CpuBackend, GpuBackend, Items, Matrix, SCORE_REL_TOL,
};
use edgewise::segment::KMeansParams;
use rand::Rng as _;

fn random(rng: &mut edgewise::rng::Rng, n: usize) -> Vec<f32> {
    (0..n).map(|_| rng.random_range(-1.0f32..1.0)).collect()
}

/// Median seconds of `runs` calls of `f` after one warm-up call.
fn time<T>(runs: usize, mut f: impl FnMut() -> T) -> (f64, T) {
    let mut last = f();
    let mut t: Vec<f64> = (0..runs)
        .map(|_| {
            let s = Instant::now();
            last = f();
            s.elapsed().as_secs_f64()
        })
        .collect();
    t.sort_by(|a, b| a.total_cmp(b));
    (t[t.len() / 2], last)
}

fn main() {
    let t0 = Instant::now();
    let gpu = match GpuBackend::new() {
        Ok(g) => g,
        Err(e) => {
            eprintln!("!!!!!!!! NO GPU ADAPTER, benchmark not run: {e}");
            std::process::exit(1);
        }
    };
    let setup = t0.elapsed().as_secs_f64();
    let info = gpu.info();
    println!(
        "adapter: {} ({}, {}, driver {} {}); device + 5 pipelines created in {:.0} ms\n",
        info.name,
        info.backend,
        info.device_type,
        info.driver,
        info.driver_info,
        setup * 1e3
    );
    let cpu = CpuBackend;
    let mut rng = edgewise::rng::seeded(7);
    println!("| kernel | shape | CPU ms | GPU ms | GPU/CPU time | GPU GFLOP/s | agree |");
    println!("|---|---|---:|---:|---:|---:|---|");
    for &(nu, ni, d, k) in &[
        (64usize, 10_000usize, 64usize, 50usize),
        (256, 20_000, 64, 50),
        (1024, 4096, 128, 10),
    ] {
        let u = random(&mut rng, nu * d);
        let it = random(&mut rng, ni * d);
        let um = Matrix::new("users", &u, nu, d).unwrap();
        let items = Items::F32(Matrix::new("items", &it, ni, d).unwrap());
        let flop = 2.0 * (nu * ni * d) as f64;
        let runs = 3;
        let (tc, ck) = time(runs, || cpu.scores_top_k(&um, &items, k).unwrap());
        let (tg, gk) = time(runs, || gpu.scores_top_k(&um, &items, k).unwrap());
        let s = cpu.scores(&um, &items).unwrap();
        let tol = SCORE_REL_TOL * d as f32;
        let ok = ck
            .iter()
            .zip(&gk)
            .enumerate()
            .all(|(r, (a, b))| topk_agree(a, b, tol, |i| s[r * ni + i as usize]));
        println!(
            "| scores + top-{k} | {nu} × {ni} × {d} | {:.1} | {:.1} | {:.2} | {:.2} | {} |",
            tc * 1e3,
            tg * 1e3,
            tg / tc,
            flop / tg / 1e9,
            if ok { "yes" } else { "NO" }
        );
        let resident = gpu.upload_items(&items).unwrap();
        let (tr, rk) = time(runs, || gpu.resident_top_k(&um, &resident, k).unwrap());
        println!(
            "| scores + top-{k}, items resident on the GPU | {nu} × {ni} × {d} | {:.1} | {:.1} | {:.2} | {:.2} | {} |",
            tc * 1e3, tr * 1e3, tr / tc, flop / tr / 1e9, if rk == gk { "= per-call GPU" } else { "NO" }
        );
        drop(resident);
        let (tc, cs) = time(runs, || cpu.scores(&um, &items).unwrap());
        let (tg, gs) = time(runs, || gpu.scores(&um, &items).unwrap());
        let maxdiff = cs
            .iter()
            .zip(&gs)
            .map(|(a, b)| (a - b).abs())
            .fold(0f32, f32::max);
        println!(
            "| scores (full read-back) | {nu} × {ni} × {d} | {:.1} | {:.1} | {:.2} | {:.2} | max abs diff {maxdiff:.1e} |",
            tc * 1e3, tg * 1e3, tg / tc, flop / tg / 1e9
        );
    }
    for &(n, k, d) in &[(20_000usize, 16usize, 8usize), (100_000, 32, 16)] {
        let p = random(&mut rng, n * d);
        let c = random(&mut rng, k * d);
        let pm = Matrix::new("points", &p, n, d).unwrap();
        let cm = Matrix::new("centroids", &c, k, d).unwrap();
        let (tc, a) = time(3, || cpu.kmeans_assign(&pm, &cm).unwrap());
        let (tg, b) = time(3, || gpu.kmeans_assign(&pm, &cm).unwrap());
        let same = a
            .labels
            .iter()
            .zip(&b.labels)
            .filter(|(x, y)| x == y)
            .count();
        println!(
            "| k-means assign + sums | {n} points × {k} centroids × {d} | {:.1} | {:.1} | {:.2} | {:.2} | {same}/{n} labels |",
            tc * 1e3, tg * 1e3, tg / tc, 3.0 * (n * k * d) as f64 / tg / 1e9
        );
    }
    // Whole k-means fits: one k-means++ start, exactly `iters` Lloyd steps (tol 0; uniform data
    // does not settle sooner), every assignment on the CPU, on the GPU with the points resident
    // (`fit_on_gpu`, the browser's path), and on the GPU uploading the points at every step.
    let iters = 10;
    for &(n, k, d) in &[(20_000usize, 16usize, 8usize), (100_000, 32, 16)] {
        let p = random(&mut rng, n * d);
        let params = KMeansParams::new(k)
            .seed(1)
            .n_init(1)
            .max_iter(iters)
            .tol(0.0);
        let per_step = |p: &[f32], dd: usize, c: &[f32]| {
            gpu.kmeans_assign(
                &Matrix::new("points", p, p.len() / dd, dd)?,
                &Matrix::new("centroids", c, c.len() / dd, dd)?,
            )
        };
        let (tc, mc) = time(3, || params.fit(&p, d).unwrap());
        let (tg, mg) = time(3, || params.fit_on_gpu(&gpu, &p, d).unwrap());
        let (tu, mu) = time(3, || params.fit_with(&p, d, &per_step).unwrap());
        let steps = mc.n_iter + 1; // Lloyd steps plus the final assignment
        let same = mc
            .labels
            .iter()
            .zip(&mg.labels)
            .filter(|(x, y)| x == y)
            .count();
        let rel = (mg.inertia - mc.inertia).abs() / mc.inertia;
        let flop = 3.0 * (n * k * d * steps) as f64;
        println!(
            "| k-means fit, points resident ({steps} steps) | {n} points × {k} centroids × {d} | {:.1} | {:.1} | {:.2} | {:.2} | {same}/{n} labels, inertia rel. diff {rel:.1e} |",
            tc * 1e3, tg * 1e3, tg / tc, flop / tg / 1e9
        );
        println!(
            "| k-means fit, points uploaded every step ({steps} steps) | {n} points × {k} centroids × {d} | {:.1} | {:.1} | {:.2} | {:.2} | {} |",
            tc * 1e3, tu * 1e3, tu / tc, flop / tu / 1e9,
            if mu == mg { "= resident" } else { "NO" }
        );
    }
    println!(
        "\nGPU buffer pool after the run: {:.1} MiB",
        gpu.pooled_bytes() as f64 / 1048576.0
    );
}
