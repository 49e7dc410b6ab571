//! Ensembles and interval coverage on the shared M3 hold-outs: mean MASE of every registry
//! model and ensemble next to statsforecast's AutoETS (`reference_forecasts.csv`), 80% / 95%
//! coverage with the models' own and with conformal intervals, time per series.
//!
//! ```text
//! cargo run --release --example ensemble_accuracy                 # every M3 series, all rows
//! cargo run --release --example ensemble_accuracy -- m3_yearly 100  # first 100 series of one subset
//! cargo run --release --example ensemble_accuracy -- m3_yearly 9999 conformal  # only the rows labelled so
//! ENSEMBLE_PARITY=odd cargo run --release --example ensemble_accuracy  # odd-indexed series of each subset
//! ```
//! Prints markdown tables (paste them into a dated section of `benches/results/ensemble.md`).
//! Data directory: `$EDGEWISE_DATA`, or `<crate>/../shared/data`.

use edgewise::forecast::{BatchModel, Fit, IntervalMethod, ModelOptions, Predict, SeededModel};
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::time::Instant;

#[path = "../tests/common/mod.rs"]
mod common;
use common::accuracy::{cli, jobs, reference_means, Acc};
use common::{data_dir, forecast_series, load_reference, RefRow};

const LEVELS: [f64; 2] = [0.8, 0.95];
const SUBSETS: [&str; 4] = ["m3_yearly", "m3_quarterly", "m3_monthly", "m3_other"];

/// A row of the table: label, model name, members, combine, intervals.
struct Spec {
    label: &'static str,
    model: &'static str,
    members: Option<&'static [&'static str]>,
    combine: Option<&'static str>,
    conformal: bool,
}

const fn spec(label: &'static str, model: &'static str, conformal: bool) -> Spec {
    Spec {
        label,
        model,
        members: None,
        combine: None,
        conformal,
    }
}

fn specs() -> Vec<Spec> {
    vec![
        spec("AutoETS", "autoETS", false),
        spec(
            "AutoETS, Akaike-weighted (autoETSWeighted)",
            "autoETSWeighted",
            false,
        ),
        spec("Theta", "theta", false),
        spec("OptimizedTheta", "optimizedTheta", false),
        spec("DynamicOptimizedTheta", "dynamicOptimizedTheta", false),
        spec("AutoTheta", "autoTheta", false),
        spec(
            "ensemble (default: ETS-weighted+OTM, mean)",
            "ensemble",
            false,
        ),
        Spec {
            members: Some(&["autoETS", "autoTheta"]),
            ..spec(
                "ensemble ETS+AutoTheta mean (old default)",
                "ensemble",
                false,
            )
        },
        Spec {
            members: Some(&["autoETSWeighted", "autoTheta"]),
            ..spec("ensemble ETS-weighted+AutoTheta mean", "ensemble", false)
        },
        Spec {
            members: Some(&["autoETSWeighted", "dynamicOptimizedTheta"]),
            ..spec("ensemble ETS-weighted+DOTM mean", "ensemble", false)
        },
        Spec {
            members: Some(&["autoETSWeighted", "optimizedTheta", "dynamicOptimizedTheta"]),
            combine: Some("median"),
            ..spec("ensemble ETS-weighted+OTM+DOTM median", "ensemble", false)
        },
        spec("ensemble (default) conformal", "ensemble", true),
    ]
}

fn model(s: &Spec, m: usize) -> SeededModel {
    let members: Option<Vec<String>> = s.members.map(|v| v.iter().map(|n| n.to_string()).collect());
    let o = ModelOptions {
        model: Some(s.model),
        season_length: Some(m),
        members: members.as_deref(),
        combine: s.combine,
        ..ModelOptions::default()
    };
    let (model, _) = BatchModel::from_options(&o, None).expect("a valid model");
    SeededModel {
        model,
        seed: 1,
        non_negative: false,
        intervals: if s.conformal {
            IntervalMethod::parse(Some("conformal"), None).expect("valid")
        } else {
            IntervalMethod::Model
        },
    }
}

fn main() {
    let (only, limit) = cli();
    let dir = data_dir();
    let series = forecast_series(&dir);
    let reference = load_reference(&dir);
    let subset_of = |r: &RefRow| r.dataset.split(' ').next().unwrap_or("").to_string();
    let jobs = jobs(&reference, only.as_deref(), limit, |r| {
        SUBSETS.contains(&subset_of(r).as_str())
    });
    // ENSEMBLE_PARITY=even|odd keeps the even- or odd-indexed series (0-based, per subset): a
    // choice made on one half can be reported on the other.
    let parity = std::env::var("ENSEMBLE_PARITY")
        .ok()
        .map(|p| match p.as_str() {
            "even" => 0,
            "odd" => 1,
            other => panic!("ENSEMBLE_PARITY: expected even or odd, got {other:?}"),
        });
    let mut index: BTreeMap<String, usize> = BTreeMap::new();
    let jobs: Vec<_> = jobs
        .into_iter()
        .filter(|r| {
            let i = index.entry(subset_of(r)).or_default();
            *i += 1;
            parity.is_none_or(|p| (*i - 1) % 2 == p)
        })
        .collect();
    let sf = reference_means(&reference, &jobs);
    // A third argument keeps only the rows whose label contains it (e.g. "conformal").
    let rows = std::env::args().nth(3);
    let specs: Vec<Spec> = specs()
        .into_iter()
        .filter(|s| rows.as_ref().is_none_or(|r| s.label.contains(r.as_str())))
        .collect();
    let mut acc: BTreeMap<(String, usize), Acc> = BTreeMap::new();
    let mut n_series: BTreeMap<String, usize> = BTreeMap::new();
    for r in &jobs {
        let subset = subset_of(r);
        let Some(y) = series.get(&r.series) else {
            eprintln!("missing series {}", r.series);
            continue;
        };
        let train = &y[..r.n_train];
        let test = &y[r.n_train..r.n_train + r.h];
        *n_series.entry(subset.clone()).or_default() += 1;
        for (k, s) in specs.iter().enumerate() {
            let t0 = Instant::now();
            let fc = model(s, r.m)
                .fit(train)
                .and_then(|f| f.predict(r.h, &LEVELS))
                .ok();
            let secs = t0.elapsed().as_secs_f64();
            acc.entry((subset.clone(), k))
                .or_default()
                .record(train, test, r.m, fc, secs);
        }
    }
    let mut md = String::new();
    let _ = writeln!(
        md,
        "# Ensembles and interval coverage on M3\n\n\
         Made by `cargo run --release --example ensemble_accuracy` (examples/ensemble_accuracy.rs) \
         on every M3 series of `shared/data/forecast/reference_forecasts.csv` (official hold-out, \
         the file's season length). `MASE` is the mean MASE; `/ sf` divides it by statsforecast \
         2.1.1 AutoETS's mean MASE on the same series (the file's figures); coverage is the share \
         of hold-out values inside the 80% / 95% intervals; `ms/series` is fit + point + interval \
         time per series (one thread of a shared 2-core machine) and `time / AutoETS` its ratio \
         to the AutoETS row of the same run. Conformal rows use `intervals: \"conformal\"` with \
         the default 3 backtest windows.\n"
    );
    for subset in SUBSETS {
        let Some(n) = n_series.get(subset) else {
            continue;
        };
        let sf_mase = sf
            .iter()
            .find(|((d, m), _)| d.split(' ').next() == Some(subset) && m == "AutoETS")
            .map_or(f64::NAN, |(_, v)| *v);
        let _ = writeln!(
            md,
            "## {subset} ({n} series; statsforecast AutoETS mean MASE {sf_mase:.3})\n\n\
             | model | MASE | / sf AutoETS | 80% coverage | 95% coverage | ms/series | time / AutoETS | failed |\n\
             |---|---:|---:|---:|---:|---:|---:|---:|"
        );
        // Time relative to the first row (AutoETS) of the same run.
        let base = acc[&(subset.to_string(), 0)].seconds;
        for (k, s) in specs.iter().enumerate() {
            let a = &acc[&(subset.to_string(), k)];
            let m = a.mean();
            let _ = writeln!(
                md,
                "| {} | {m:.3} | {:.3} | {:.1}% | {:.1}% | {:.2} | {:.2} | {} |",
                s.label,
                m / sf_mase,
                a.coverage_pct(0),
                a.coverage_pct(1),
                1e3 * a.seconds / *n as f64,
                a.seconds / base,
                a.failed
            );
        }
        let _ = writeln!(md);
    }
    print!("{md}");
}
