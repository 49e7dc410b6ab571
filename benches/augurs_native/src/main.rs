//! Same series, same process, native: edgewise AutoETS vs augurs AutoETS (non-seasonal series)
//! and vs augurs MSTL + AutoETS trend (seasonal series; augurs' ETS has no seasonal forms).
//! Prints and writes mean MASE and total fit+predict time per dataset and their ratio.

use augurs_core::{Fit as AFit, Predict as APredict};
use edgewise::forecast::metrics::mase;
use edgewise::forecast::{AutoEts, Fit, Predict};
use std::collections::HashMap;
use std::fmt::Write as _;
use std::path::PathBuf;
use std::time::Instant;

fn data_dir() -> PathBuf {
    if let Ok(d) = std::env::var("EDGEWISE_DATA") {
        return PathBuf::from(d);
    }
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../../shared/data")
}

struct Job {
    train: Vec<f64>,
    test: Vec<f64>,
    m: usize,
}

/// M3 series of one reference dataset with its rule hold-out.
fn jobs(dataset: &str) -> Vec<Job> {
    let dir = data_dir().join("forecast");
    let text = std::fs::read_to_string(dir.join("m3_series.csv")).expect("m3_series.csv");
    let mut by_id: HashMap<&str, Vec<f64>> = HashMap::new();
    for l in text.lines().skip(1) {
        let f: Vec<&str> = l.split(',').collect();
        by_id.entry(f[0]).or_default().push(f[2].parse().unwrap());
    }
    let refs = std::fs::read_to_string(dir.join("reference_forecasts.csv")).expect("reference");
    refs.lines()
        .skip(1)
        .map(|l| l.split(',').collect::<Vec<_>>())
        .filter(|f| f[1] == dataset && f[5].split('+').any(|s| s == "rule") && f[8] == "AutoETS")
        .map(|f| {
            let y = &by_id[f[2]];
            let (m, n, h): (usize, usize, usize) =
                (f[4].parse().unwrap(), f[6].parse().unwrap(), f[7].parse().unwrap());
            Job {
                train: y[..n].to_vec(),
                test: y[n..n + h].to_vec(),
                m,
            }
        })
        .collect()
}

struct Score {
    mase: f64,
    n: usize,
    failed: usize,
    secs: f64,
}

fn score(jobs: &[Job], f: &dyn Fn(&Job) -> Option<Vec<f64>>) -> Score {
    let mut s = Score { mase: 0.0, n: 0, failed: 0, secs: 0.0 };
    for j in jobs {
        let t0 = Instant::now();
        let p = f(j);
        s.secs += t0.elapsed().as_secs_f64();
        match p.and_then(|p| mase(&j.train, &j.test, &p, j.m).ok()) {
            Some(v) if v.is_finite() => {
                s.mase += v;
                s.n += 1;
            }
            _ => s.failed += 1,
        }
    }
    s.mase /= s.n.max(1) as f64;
    s
}

fn main() {
    let ours = |j: &Job| -> Option<Vec<f64>> {
        let fit = AutoEts::new(j.m).fit(&j.train).ok()?;
        Some(fit.predict(j.test.len(), &[]).ok()?.point)
    };
    let augurs_ets = |j: &Job| -> Option<Vec<f64>> {
        let model = augurs_ets::AutoETS::non_seasonal();
        let fit = model.fit(&j.train).ok()?;
        Some(fit.predict(j.test.len(), None).ok()?.point)
    };
    let augurs_mstl = |j: &Job| -> Option<Vec<f64>> {
        let trend = augurs_ets::AutoETS::non_seasonal().into_trend_model();
        let model = augurs_mstl::MSTLModel::new(vec![j.m], trend);
        let fit = model.fit(&j.train).ok()?;
        Some(fit.predict(j.test.len(), None).ok()?.point)
    };
    let mut md = String::new();
    let _ = writeln!(
        md,
        "# edgewise AutoETS vs augurs (native, same process)\n\n\
         augurs-ets/augurs-mstl 0.10 (the Rust crates behind npm `@bsull/augurs`) vs edgewise, \
         release builds, one thread, on the M3 rule hold-outs of `reference_forecasts.csv`. \
         Non-seasonal data: AutoETS vs augurs AutoETS; seasonal data: edgewise seasonal AutoETS \
         vs augurs MSTL + AutoETS trend (augurs' ETS has no seasonal forms). Time = total fit + \
         predict seconds; speed-up = augurs time / edgewise time. Made by \
         `benches/augurs_native` (`cargo run --release`).\n\n\
         | dataset | series | edgewise MASE | augurs model | augurs MASE | edgewise s | augurs s | speed-up |\n\
         |---|---:|---:|---|---:|---:|---:|---:|"
    );
    for (dataset, seasonal) in [("m3_yearly", false), ("m3_other", false), ("m3_quarterly", true), ("m3_monthly", true)] {
        let js = jobs(dataset);
        let a = score(&js, &ours);
        let (name, b) = if seasonal {
            ("MSTL + AutoETS", score(&js, &augurs_mstl))
        } else {
            ("AutoETS", score(&js, &augurs_ets))
        };
        let fail = |s: &Score| if s.failed > 0 { format!(" ({} fail)", s.failed) } else { String::new() };
        let _ = writeln!(
            md,
            "| {dataset} | {} | {:.3}{} | {name} | {:.3}{} | {:.2} | {:.2} | {:.2}× |",
            js.len(),
            a.mase,
            fail(&a),
            b.mase,
            fail(&b),
            a.secs,
            b.secs,
            b.secs / a.secs
        );
    }
    print!("{md}");
    let out = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../results/augurs_native.md");
    std::fs::write(&out, md).expect("write results");
    eprintln!("wrote {}", out.display());
}
