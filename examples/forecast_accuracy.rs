//! Accuracy table on the shared real data: every series of `reference_forecasts.csv` with the
//! `split=rule` hold-out, forecast by edgewise's AutoETS, Theta, SeasonalNaive (and Croston, SBA,
//! TSB, ADIDA on intermittent series), mean MASE per dataset next to statsforecast's figures.
//!
//! ```text
//! cargo run --release --example forecast_accuracy                  # writes benches/results/forecast_accuracy.md
//! cargo run --release --example forecast_accuracy -- m3_monthly 200  # first 200 series of one dataset, no file
//! ```
//! Data directory: `$EDGEWISE_DATA`, or `<crate>/../shared/data`.

use edgewise::forecast::{
    AutoEts, Baseline, EtsSearch, Fit, Forecast, Intermittent, IntermittentMethod, Predict, Theta,
    ThetaVariant,
};
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::path::PathBuf;
use std::time::Instant;

#[path = "../tests/common/mod.rs"]
mod common;
use common::accuracy::{cli, jobs, reference_means, Acc};
use common::{data_dir, forecast_series, load_reference};

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
        ("ADIDA", im(IntermittentMethod::Adida)),
    ]
}

fn main() {
    let (only, limit) = cli();
    let dir = data_dir();
    let series = forecast_series(&dir);
    let reference = load_reference(&dir);
    // Jobs: one per (dataset, series), in file order; reference mean MASE per dataset and model.
    let jobs = jobs(&reference, only.as_deref(), limit, |_| true);
    let refs = reference_means(&reference, &jobs);
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
            let secs = t0.elapsed().as_secs_f64();
            acc.entry((r.dataset.clone(), name))
                .or_default()
                .record(train, test, r.m, fc, secs);
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
            let _ = write!(md, " {:.3}{fail} |", a.mean());
        }
        let get = |m: &str| {
            refs.get(&(ds.clone(), m.to_string()))
                .copied()
                .unwrap_or(f64::NAN)
        };
        let mean = |name: &str| acc[&(ds.clone(), name)].mean();
        let ets = &acc[&(ds.clone(), "AutoETS")];
        let cov = |i: usize| ets.coverage_pct(i);
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
        "| dataset | series | CrostonClassic | CrostonSBA | TSB | ADIDA | AutoETS | SeasonalNaive |"
    );
    let _ = writeln!(md, "|---|---:|---:|---:|---:|---:|---:|---:|");
    for ds in n_series.keys() {
        let Some(c) = acc.get(&(ds.clone(), "CrostonClassic")) else {
            continue;
        };
        let _ = write!(md, "| {ds} | {} |", c.n + c.failed);
        for n in [
            "CrostonClassic",
            "CrostonSBA",
            "TSB",
            "ADIDA",
            "AutoETS",
            "SeasonalNaive",
        ] {
            let _ = write!(md, " {:.3} |", acc[&(ds.clone(), n)].mean());
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
