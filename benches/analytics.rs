//! Native speed of the analytics engine. Run: `cargo bench --bench analytics`.
//!
//! - segment, 1,200 shoppers (the synthetic order log of `tests/fixtures/analytics/`): RFM,
//!   the whole `segment_rfm` call (k = 4, 10 starts), silhouette full vs sampled.
//! - segment, 50,000 × 3 seeded points: one assignment step (k = 8) vs one k-means start, so
//!   the ratio says how many assignment steps a fit costs (what a GPU backend would speed up).
//! - experiment: the per-click dashboard calls, including P(B > A) at 1,000 and 1,000,000
//!   visitors per arm.
//! - inventory: the planning table and rerank risks for 10,000 SKUs.
//!
//! Ratios to quote are in `benches/results/analytics_speed.md`.

use criterion::{black_box, criterion_group, criterion_main, Criterion};
use edgewise::experiment::{self, Alternative, BetaPrior, Counts, SampleSummary};
use edgewise::inventory::{self, LeadTimeDemand, Sku};
use edgewise::segment::{self, KMeansParams, Rfm};
use rand::Rng as _;
use std::time::Duration;

fn order_log() -> (Vec<u32>, Vec<f64>, Vec<f64>) {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/analytics/orders.csv");
    let text = std::fs::read_to_string(&path).expect("orders.csv fixture");
    let (mut c, mut t, mut a) = (Vec::new(), Vec::new(), Vec::new());
    for line in text.lines().skip(1) {
        let v: Vec<&str> = line.split(',').collect();
        c.push(v[0].parse().expect("id"));
        t.push(v[1].parse().expect("day"));
        a.push(v[2].parse().expect("amount"));
    }
    (c, t, a)
}

fn segment_small(c: &mut Criterion) {
    let (ids, days, amounts) = order_log();
    let rfm = Rfm::from_orders(&ids, &days, &amounts, None).expect("rfm");
    let seg = segment::segment_rfm(&rfm, &KMeansParams::new(4), 0).expect("segment");
    let logged = rfm.features(true);
    let z: Vec<f32> = segment::Standardizer::fit(&logged, 3)
        .and_then(|s| s.transform(&logged))
        .expect("scale")
        .iter()
        .map(|&v| v as f32)
        .collect();
    let mut g = c.benchmark_group("segment 1200 shoppers");
    g.sample_size(10).measurement_time(Duration::from_secs(2));
    g.bench_function("rfm from 5558 orders", |b| {
        b.iter(|| Rfm::from_orders(black_box(&ids), &days, &amounts, None).expect("rfm"))
    });
    g.bench_function("segment_rfm k=4 (10 starts, no silhouette)", |b| {
        b.iter(|| segment::segment_rfm(black_box(&rfm), &KMeansParams::new(4), 0))
    });
    g.bench_function("silhouette full", |b| {
        b.iter(|| segment::silhouette(black_box(&z), 3, &seg.labels, None, 0).expect("sil"))
    });
    g.bench_function("silhouette sample 400", |b| {
        b.iter(|| segment::silhouette(black_box(&z), 3, &seg.labels, Some(400), 0).expect("sil"))
    });
    g.finish();
}

fn segment_large(c: &mut Criterion) {
    let mut rng = edgewise::rng::seeded(11);
    let pts: Vec<f32> = (0..50_000 * 3)
        .map(|i| (i % 7) as f32 + rng.random_range(-1.0f32..1.0))
        .collect();
    let cent: Vec<f32> = pts[..8 * 3].to_vec();
    let mut g = c.benchmark_group("segment 50k x 3, k=8");
    g.sample_size(10).measurement_time(Duration::from_secs(3));
    g.bench_function("one assignment step", |b| {
        b.iter(|| segment::assign(black_box(&pts), 3, &cent).expect("assign"))
    });
    g.bench_function("one k-means start (k-means++ + Lloyd)", |b| {
        b.iter(|| {
            KMeansParams::new(8)
                .n_init(1)
                .fit(black_box(&pts), 3)
                .expect("fit")
        })
    });
    g.finish();
}

fn experiments(c: &mut Criterion) {
    let mut g = c.benchmark_group("experiment");
    g.sample_size(20).measurement_time(Duration::from_secs(2));
    let (a, b) = (Counts::new(100, 1000), Counts::new(120, 1000));
    g.bench_function("two_proportion_ztest", |bn| {
        bn.iter(|| experiment::two_proportion_ztest(black_box(a), b, 0.95, Alternative::TwoSided))
    });
    let s = |n, mean, var| SampleSummary { n, mean, var };
    g.bench_function("welch_ttest_summary", |bn| {
        bn.iter(|| {
            experiment::welch_ttest_summary(
                black_box(s(2000, 10.0, 25.0)),
                s(2100, 10.4, 30.0),
                0.95,
                Alternative::TwoSided,
            )
        })
    });
    g.bench_function("beta_binomial 1k visitors", |bn| {
        bn.iter(|| experiment::beta_binomial(black_box(a), b, BetaPrior::default(), 0.95))
    });
    let (ab, bb) = (
        Counts::new(50_000, 1_000_000),
        Counts::new(50_600, 1_000_000),
    );
    g.bench_function("beta_binomial 1M visitors", |bn| {
        bn.iter(|| experiment::beta_binomial(black_box(ab), bb, BetaPrior::default(), 0.95))
    });
    g.bench_function("sample_size_proportions", |bn| {
        bn.iter(|| {
            experiment::sample_size_proportions(
                black_box(0.1),
                0.11,
                0.05,
                0.8,
                1.0,
                Alternative::TwoSided,
            )
        })
    });
    g.finish();
}

fn inventory_table(c: &mut Criterion) {
    let skus: Vec<Sku> = (0..10_000)
        .map(|i| Sku {
            stock: (i % 97) as f64,
            on_order: (i % 5) as f64,
            demand: LeadTimeDemand::new(20.0 + (i % 31) as f64, 3.0 + (i % 7) as f64)
                .expect("demand"),
        })
        .collect();
    let stock: Vec<f64> = skus.iter().map(|s| s.stock).collect();
    let demand: Vec<LeadTimeDemand> = skus.iter().map(|s| s.demand).collect();
    let mut g = c.benchmark_group("inventory 10k SKUs");
    g.sample_size(20).measurement_time(Duration::from_secs(2));
    g.bench_function("plan", |b| {
        b.iter(|| inventory::plan(black_box(&skus), 0.95).expect("plan"))
    });
    g.bench_function("supply_risks", |b| {
        b.iter(|| inventory::supply_risks(black_box(&stock), &demand).expect("risks"))
    });
    g.finish();
}

criterion_group!(
    benches,
    segment_small,
    segment_large,
    experiments,
    inventory_table
);
criterion_main!(benches);
