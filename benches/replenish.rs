//! Solve time of the replenishment plan (an exact MILP) for 100 and 1,000 SKUs. Run:
//! `cargo bench --bench replenish`.
//!
//! The instances are `tests/fixtures/milp/bench_instances.json` (made by
//! `tests/fixtures/milp/make_fixtures.py --bench`: random SKUs with case packs and minimum orders,
//! the budget and capacity binding), which also records HiGHS's optimum and the time of scipy's
//! `milp` call. Before timing, each instance is solved once and compared with HiGHS. Results:
//! `benches/results/milp.md`.

#[path = "../tests/common/milp_fixture.rs"]
mod milp_fixture;

use criterion::{black_box, criterion_group, criterion_main, Criterion};
use edgewise::inventory::{replenish, ReplenishOptions};
use std::time::{Duration, Instant};

fn plans(c: &mut Criterion) {
    let mut g = c.benchmark_group("replenish");
    g.sample_size(10).measurement_time(Duration::from_secs(10));
    for inst in milp_fixture::instances("bench_instances.json") {
        let (name, skus, highs, highs_s) = (&inst.name, &inst.skus, inst.highs, inst.highs_seconds);
        for gap in [1e-9, 1e-6] {
            let o = ReplenishOptions {
                gap,
                ..inst.options
            };
            let t = Instant::now();
            let p = replenish(skus, &o).expect("plan");
            println!(
                "{name} gap {gap:e}: {} SKUs, {:?}, {} nodes, {} simplex iterations, gap {:.1e}, \
                 {:.3} s once; objective {} vs HiGHS {highs} (rel {:.1e}; scipy milp {highs_s:.2} s)",
                skus.len(),
                p.status,
                p.nodes,
                p.iterations,
                p.gap,
                t.elapsed().as_secs_f64(),
                p.expected_cost,
                (p.expected_cost - highs).abs() / highs
            );
            g.bench_function(format!("{name}/gap {gap:e}"), |b| {
                b.iter(|| replenish(black_box(skus), black_box(&o)).unwrap())
            });
        }
    }
    g.finish();
}

criterion_group!(benches, plans);
criterion_main!(benches);
