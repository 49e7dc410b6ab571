//! AutoARIMA accuracy and speed on the shared M3 series, side by side with AutoETS and with
//! statsforecast 2.1.1's AutoARIMA and AutoETS (their MASE and fit+predict seconds per series
//! from `reference_forecasts.csv`, the `rule` split); edgewise's times are CPU seconds of this
//! process, robust to other load on the machine. `cargo bench --bench arima`; set
//! `ARIMA_BENCH_EVERY=k` to take every k-th series of each period (default 10, 1 for all) and
//! `ARIMA_BENCH_SEARCHES=fast` to skip the slower statsforecast search.
//! Results: `benches/results/arima.md`.

use edgewise::forecast::metrics::mase;
use edgewise::forecast::{ArimaSearch, AutoArima, AutoEts, Fit, Predict};

/// CPU seconds this process has used (user + system, from `/proc/self/stat`): unlike wall time,
/// unaffected by other processes sharing the cores. Falls back to 0 where there is no procfs.
fn cpu_seconds() -> f64 {
    let stat = std::fs::read_to_string("/proc/self/stat").unwrap_or_default();
    let after = stat.rsplit_once(')').map_or("", |p| p.1);
    let f: Vec<f64> = after
        .split_whitespace()
        .map(|v| v.parse().unwrap_or(0.0))
        .collect();
    // Fields 14 and 15 of the line (utime, stime) are the 12th and 13th after the name.
    (f.get(11).copied().unwrap_or(0.0) + f.get(12).copied().unwrap_or(0.0)) / 100.0
}

#[path = "../tests/common/mod.rs"]
mod common;
use common::{data_dir, forecast_series, load_reference};

/// Fits a training series with season length `m` and forecasts `h` steps (`None` on failure).
type Forecaster<'a> = dyn Fn(&[f64], usize, usize) -> Option<Vec<f64>> + 'a;

fn main() {
    let every: usize = std::env::var("ARIMA_BENCH_EVERY")
        .ok()
        .and_then(|v| v.parse().ok())
        .unwrap_or(10);
    let searches =
        std::env::var("ARIMA_BENCH_SEARCHES").unwrap_or_else(|_| "fast,statsforecast".into());
    let dir = data_dir();
    let all = forecast_series(&dir);
    let refs = load_reference(&dir);
    println!("| set | series | model | mean MASE | ratio to sf AutoARIMA | s/series | speed-up vs sf AutoARIMA |");
    println!("|---|---:|---|---:|---:|---:|---:|");
    for set in ["m3_yearly", "m3_quarterly", "m3_monthly", "m3_other"] {
        let rows: Vec<_> = refs
            .iter()
            .filter(|r| r.dataset == set && r.model == "AutoARIMA")
            .step_by(every)
            .collect();
        let sf_ets: std::collections::HashMap<&str, f64> = refs
            .iter()
            .filter(|r| r.dataset == set && r.model == "AutoETS")
            .map(|r| (r.series.as_str(), r.mase))
            .collect();
        let text = std::fs::read_to_string(dir.join("forecast/reference_forecasts.csv")).unwrap();
        let secs: std::collections::HashMap<(String, String), f64> = text
            .lines()
            .skip(1)
            .filter_map(|l| {
                let f: Vec<&str> = l.split(',').collect();
                (f[1] == set && f[5].split('+').any(|s| s == "rule")).then(|| {
                    (
                        (f[2].to_string(), f[8].to_string()),
                        f[14].parse().unwrap_or(f64::NAN),
                    )
                })
            })
            .collect();
        let n = rows.len() as f64;
        let sf_arima_mase = rows.iter().map(|r| r.mase).sum::<f64>() / n;
        let sf_arima_s = rows
            .iter()
            .map(|r| secs[&(r.series.clone(), "AutoARIMA".to_string())])
            .sum::<f64>()
            / n;
        let sf_ets_mase = rows.iter().map(|r| sf_ets[r.series.as_str()]).sum::<f64>() / n;
        let sf_ets_s = rows
            .iter()
            .map(|r| secs[&(r.series.clone(), "AutoETS".to_string())])
            .sum::<f64>()
            / n;
        let line = |name: &str, mase: f64, s: f64| {
            println!(
                "| {set} | {} | {name} | {mase:.4} | {:.4} | {s:.4} | {:.1}× |",
                rows.len(),
                mase / sf_arima_mase,
                sf_arima_s / s
            )
        };
        line(
            "statsforecast AutoARIMA (reference)",
            sf_arima_mase,
            sf_arima_s,
        );
        line("statsforecast AutoETS (reference)", sf_ets_mase, sf_ets_s);
        let run = |name: &str, fit: &Forecaster<'_>| {
            let (mut total, mut t, mut failed) = (0.0, 0.0, 0);
            for r in &rows {
                let y = &all[&r.series];
                let (train, test) = y.split_at(r.n_train);
                let test = &test[..r.h];
                let t0 = cpu_seconds();
                let fc = fit(train, r.m, r.h);
                t += cpu_seconds() - t0;
                match fc {
                    Some(p) => total += mase(train, test, &p, r.m).unwrap(),
                    None => {
                        failed += 1;
                        let naive = vec![train[train.len() - 1]; r.h];
                        total += mase(train, test, &naive, r.m).unwrap();
                    }
                }
            }
            if failed > 0 {
                eprintln!("{set} {name}: {failed} failed (naive used)");
            }
            line(name, total / n, t / n);
        };
        for search in searches.split(',') {
            let s = ArimaSearch::parse(search).unwrap();
            run(&format!("edgewise AutoARIMA ({search})"), &|y, m, h| {
                let f = AutoArima {
                    search: s,
                    ..AutoArima::new(m)
                }
                .fit(y)
                .ok()?;
                Some(f.predict(h, &[]).ok()?.point)
            });
        }
        run("edgewise AutoETS (fast)", &|y, m, h| {
            let f = AutoEts::new(m).fit(y).ok()?;
            Some(f.predict(h, &[]).ok()?.point)
        });
    }
}
