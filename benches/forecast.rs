//! Native speed of the forecast engine on real series (`cargo bench --bench forecast`).
//! Throughput is reported in series per second; compare models by the ratio of their times.
//! Data: `$EDGEWISE_DATA`, or `<crate>/../shared/data`.

use criterion::{criterion_group, criterion_main, BenchmarkId, Criterion, Throughput};
use edgewise::forecast::{
    forecast_batch, AutoEts, BatchModel, BatchRequest, EtsSearch, Fit, Predict, Theta, ThetaVariant,
};
use std::collections::BTreeMap;
use std::hint::black_box;

#[path = "../tests/common/mod.rs"]
mod common;
use common::data_dir;

/// The first `count` M3 series of `period` (training part of the official split).
fn m3(period: &str, count: usize) -> Vec<Vec<f64>> {
    let dir = data_dir().join("forecast");
    let meta = std::fs::read_to_string(dir.join("m3_meta.csv")).expect("m3_meta.csv");
    let ids: Vec<String> = meta
        .lines()
        .skip(1)
        .filter(|l| l.split(',').nth(1) == Some(period))
        .take(count)
        .map(|l| l.split(',').next().unwrap_or_default().to_string())
        .collect();
    let text = std::fs::read_to_string(dir.join("m3_series.csv")).expect("m3_series.csv");
    let mut by_id: BTreeMap<&str, Vec<f64>> = BTreeMap::new();
    for line in text.lines().skip(1) {
        let f: Vec<&str> = line.split(',').collect();
        if f[3] == "0" {
            by_id
                .entry(f[0])
                .or_default()
                .push(f[2].parse().expect("value"));
        }
    }
    ids.iter()
        .filter_map(|id| by_id.get(id.as_str()).cloned())
        .collect()
}

fn bench(c: &mut Criterion) {
    let monthly = m3("MONTHLY", 50);
    let yearly = m3("YEARLY", 50);
    let mut g = c.benchmark_group("fit_predict_50_series");
    g.sample_size(10);
    g.throughput(Throughput::Elements(50));
    let cases: [(&str, &Vec<Vec<f64>>, usize); 2] =
        [("m3_monthly", &monthly, 12), ("m3_yearly", &yearly, 1)];
    for (name, set, m) in cases {
        g.bench_with_input(BenchmarkId::new("AutoETS", name), set, |b, set| {
            b.iter(|| {
                for y in set {
                    let f = AutoEts::new(m).fit(y).and_then(|f| f.predict(12, &[0.95]));
                    black_box(f.ok());
                }
            })
        });
        g.bench_with_input(BenchmarkId::new("AutoTheta", name), set, |b, set| {
            b.iter(|| {
                for y in set {
                    let f = Theta::new(ThetaVariant::Auto, m)
                        .fit(y)
                        .and_then(|f| f.predict(12, &[]));
                    black_box(f.ok());
                }
            })
        });
    }
    // The batch API on the same monthly series, flattened.
    let mut values = Vec::new();
    let mut offsets = vec![0u32];
    for y in &monthly {
        values.extend_from_slice(y);
        offsets.push(values.len() as u32);
    }
    let req = BatchRequest {
        model: BatchModel::AutoEts {
            season_length: Some(12),
            search: EtsSearch::Fast,
        },
        horizon: 12,
        levels: vec![0.95],
        seed: 0,
        non_negative: false,
        intervals: Default::default(),
    };
    g.bench_function("batch_AutoETS/m3_monthly", |b| {
        b.iter(|| black_box(forecast_batch(&values, &offsets, &req, &mut |_, _| {}).ok()))
    });
    g.finish();
}

criterion_group!(benches, bench);
criterion_main!(benches);
