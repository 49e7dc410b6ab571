//! Accuracy table on the shared real data: every series of `reference_forecasts.csv` with the
//! `split=rule` hold-out, forecast by edgewise's AutoETS, Theta, SeasonalNaive (and Croston, SBA,
//! TSB on intermittent series), mean MASE per dataset next to statsforecast's figures.
//!
//! ```text
//! cargo run --release --example forecast_accuracy                  # writes benches/results/forecast_accuracy.md
//! cargo run --release --example forecast_accuracy -- m3_monthly 200  # first 200 series of one dataset, no file
//! ```
//! Data directory: `$EDGEWISE_DATA`, or `<crate>/../shared/data`.

use edgewise::forecast::metrics::{coverage, mase};
use edgewise::forecast::{
    AutoEts, Baseline, EtsSearch, Fit, Forecast, Intermittent, IntermittentMethod, Predict, Theta,
    ThetaVariant,
};
use std::collections::{BTreeMap, HashMap};
use std::fmt::Write as _;
use std::path::PathBuf;
use std::time::Instant;

#[path = "../tests/common/mod.rs"]
mod common;
use common::{data_dir, forecast_series, load_reference, RefRow};

type Model = (
    &'static str,
    Box<dyn Fn(&[f64], usize, usize) -> Option<Forecast>>,
);

fn run<F: Fit>(model: F, train: &[f64], h: usize) -> Option<Forecast> {
    model.fit(train).ok()?.predict(h, &[]).ok()
}

/// Interval levels whose coverage is reported for AutoETS.
const LEVELS: [f64; 2] = [0.8, 0.95];

fn models() -> Vec<Model> {
    vec![
        (
            "AutoETS",
            Box::new(|y: &[f64], m: usize, h: usize| {
                AutoEts::new(m).fit(y).ok()?.predict(h, &LEVELS).ok()
            }),
        ),
        (
            "AutoETS sf-search",
            Box::new(|y: &[f64], m: usize, h: usize| {
                let model = AutoEts {
                    search: EtsSearch::Statsforecast,
                    ..AutoEts::new(m)
                };
                model.fit(y).ok()?.predict(h, &LEVELS).ok()
            }),
        ),
        (
            "Theta",
            Box::new(|y: &[f64], m: usize, h: usize| {
                run(Theta::new(ThetaVariant::Standard, m), y, h)
            }),
        ),
        (
            "AutoTheta",
            Box::new(|y: &[f64], m: usize, h: usize| run(Theta::new(ThetaVariant::Auto, m), y, h)),
        ),
        (
            "SeasonalNaive",
            Box::new(|y: &[f64], m: usize, h: usize| {
                run(Baseline::SeasonalNaive { season_length: m }, y, h)
            }),
        ),
    ]
}

/// Intermittent models, run only on series with at least 30% zeros in the training part.
fn intermittent_models() -> Vec<Model> {
    let im = |method| {
        Box::new(move |y: &[f64], _m: usize, h: usize| run(Intermittent::new(method), y, h))
            as Box<dyn Fn(&[f64], usize, usize) -> Option<Forecast>>
    };
    vec![
        ("CrostonClassic", im(IntermittentMethod::Croston)),
        ("CrostonSBA", im(IntermittentMethod::Sba)),
        ("TSB", im(IntermittentMethod::Tsb)),
    ]
}

#[derive(Default)]
struct Acc {
    sum: f64,
    n: usize,
    failed: usize,
    seconds: f64,
    /// Summed coverage per level in `LEVELS` (models that return intervals).
    coverage: [f64; 2],
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let only = args.first().cloned();
    let limit: usize = args
        .get(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(usize::MAX);
    let dir = data_dir();
    let series = forecast_series(&dir);
    let reference = load_reference(&dir);
    // Reference mean MASE per dataset and model.
    let mut refs: BTreeMap<(String, String), (f64, usize)> = BTreeMap::new();
    // Jobs: one per (dataset, series), in file order.
    let mut jobs: Vec<&RefRow> = Vec::new();
    let mut per_dataset_count: HashMap<String, usize> = HashMap::new();
    for r in &reference {
        if only
            .as_ref()
            .is_some_and(|o| r.dataset.split(' ').next() != Some(o.as_str()))
        {
            continue;
        }
        let c = per_dataset_count.entry(r.dataset.clone()).or_default();
        if r.model == "AutoETS" {
            if *c >= limit {
                continue;
            }
            *c += 1;
            jobs.push(r);
        }
    }
    let chosen: std::collections::HashSet<(String, String)> = jobs
        .iter()
        .map(|r| (r.dataset.clone(), r.series.clone()))
        .collect();
    for r in &reference {
        if chosen.contains(&(r.dataset.clone(), r.series.clone())) && r.mase.is_finite() {
            let e = refs
                .entry((r.dataset.clone(), r.model.clone()))
                .or_default();
            e.0 += r.mase;
            e.1 += 1;
        }
    }
    let models = models();
    let intermittent = intermittent_models();
    let mut acc: BTreeMap<(String, &'static str), Acc> = BTreeMap::new();
    let mut n_series: BTreeMap<String, usize> = BTreeMap::new();
    for r in &jobs {
        let Some(y) = series.get(&r.series) else {
            eprintln!("missing series {}", r.series);
            continue;
        };
        let train = &y[..r.n_train];
        let test = &y[r.n_train..r.n_train + r.h];
        *n_series.entry(r.dataset.clone()).or_default() += 1;
        let zeros = train.iter().filter(|v| **v == 0.0).count() as f64 / train.len() as f64;
        let extra = if zeros >= 0.3 {
            &intermittent[..]
        } else {
            &[][..]
        };
        for (name, f) in models.iter().chain(extra) {
            let t0 = Instant::now();
            let fc = f(train, r.m, r.h);
            let a = acc.entry((r.dataset.clone(), name)).or_default();
            a.seconds += t0.elapsed().as_secs_f64();
            let score = fc
                .as_ref()
                .and_then(|f| mase(train, test, &f.point, r.m).ok());
            match (score, fc) {
                (Some(v), Some(f)) if v.is_finite() => {
                    a.sum += v;
                    a.n += 1;
                    for (c, iv) in a.coverage.iter_mut().zip(&f.intervals) {
                        *c += coverage(test, &iv.lower, &iv.upper).unwrap_or(f64::NAN);
                    }
                }
                _ => a.failed += 1,
            }
        }
    }
    let mut md = String::new();
    let _ = writeln!(
        md,
        "# Forecast accuracy: edgewise vs statsforecast 2.1.1\n\n\
         Mean MASE (seasonal-naive in-sample scale) on the `split=rule` hold-out of every dataset \
         in `shared/data/forecast/reference_forecasts.csv` (for M3 quarterly, yearly and other the \
         rule and official hold-outs coincide); statsforecast columns are that file's figures for \
         the same series. Made by `cargo run --release --example forecast_accuracy` \
         (examples/forecast_accuracy.rs). `AutoETS` is edgewise's default (fast two-round) search, \
         `AutoETS sf-search` the same model with `search: EtsSearch::Statsforecast`, which \
         reproduces statsforecast's search. `fail` counts series where a model returned an error. \
         Coverage: share of hold-out values inside AutoETS's 80% / 95% intervals; `s` columns are \
         fit + point + interval time over the dataset on a shared 2-core machine.\n"
    );
    let names: Vec<&str> = models.iter().map(|m| m.0).collect();
    let _ = write!(md, "| dataset | series |");
    for n in &names {
        let _ = write!(md, " {n} |");
    }
    let _ = writeln!(
        md,
        " sf AutoETS | sf AutoARIMA | sf SeasonalNaive | AutoETS / sf AutoETS | sf-search / sf AutoETS | AutoETS 80% / 95% coverage | AutoETS s | sf-search s |"
    );
    let _ = write!(md, "|---|---:|");
    for _ in &names {
        let _ = write!(md, "---:|");
    }
    let _ = writeln!(md, "---:|---:|---:|---:|---:|---:|---:|---:|");
    for (ds, count) in &n_series {
        let _ = write!(md, "| {ds} | {count} |");
        for n in &names {
            let a = &acc[&(ds.clone(), *n)];
            let fail = if a.failed > 0 {
                format!(" ({} fail)", a.failed)
            } else {
                String::new()
            };
            let _ = write!(md, " {:.3}{fail} |", a.sum / a.n.max(1) as f64);
        }
        let get = |m: &str| {
            refs.get(&(ds.clone(), m.to_string()))
                .map(|(s, n)| s / *n as f64)
                .unwrap_or(f64::NAN)
        };
        let mean = |name: &str| {
            let a = &acc[&(ds.clone(), name)];
            a.sum / a.n.max(1) as f64
        };
        let ets = &acc[&(ds.clone(), "AutoETS")];
        let cov = |i: usize| 100.0 * ets.coverage[i] / ets.n.max(1) as f64;
        let _ = writeln!(
            md,
            " {:.3} | {:.3} | {:.3} | {:.3} | {:.3} | {:.0}% / {:.0}% | {:.2} | {:.2} |",
            get("AutoETS"),
            get("AutoARIMA"),
            get("SeasonalNaive"),
            mean("AutoETS") / get("AutoETS"),
            mean("AutoETS sf-search") / get("AutoETS"),
            cov(0),
            cov(1),
            ets.seconds,
            acc[&(ds.clone(), "AutoETS sf-search")].seconds
        );
    }
    let _ = writeln!(
        md,
        "\nIntermittent series (>= 30% zeros in the training part), mean MASE:\n"
    );
    let _ = writeln!(
        md,
        "| dataset | series | CrostonClassic | CrostonSBA | TSB | AutoETS | SeasonalNaive |"
    );
    let _ = writeln!(md, "|---|---:|---:|---:|---:|---:|---:|");
    for ds in n_series.keys() {
        let Some(c) = acc.get(&(ds.clone(), "CrostonClassic")) else {
            continue;
        };
        let _ = write!(md, "| {ds} | {} |", c.n + c.failed);
        for n in [
            "CrostonClassic",
            "CrostonSBA",
            "TSB",
            "AutoETS",
            "SeasonalNaive",
        ] {
            let a = &acc[&(ds.clone(), n)];
            let _ = write!(md, " {:.3} |", a.sum / a.n.max(1) as f64);
        }
        let _ = writeln!(md);
    }
    print!("{md}");
    if only.is_none() {
        let out =
            PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("benches/results/forecast_accuracy.md");
        std::fs::write(&out, md).unwrap_or_else(|e| panic!("{}: {e}", out.display()));
        eprintln!("wrote {}", out.display());
    }
}
