//! Candidate ensemble members on the M3 hold-outs, one CSV row per (series, model) with its
//! forecast, 80% / 95% bounds and time, for studying combinations offline
//! (`benches/ensemble_lab.py` scores them).
//!
//! ```text
//! cargo run --release --example ensemble_lab -- OUT.csv [subset|all|classic] [every]
//! ```
//! `subset` is one M3 subset (`all`: the four; `classic`: the classic series instead, each its
//! own subset); `every` keeps every n-th series of each subset (default 1). Data directory: `$EDGEWISE_DATA`,
//! or `<crate>/../shared/data`.

use edgewise::forecast::{
    AutoArima, AutoEts, Baseline, Ets, EtsSpec, Fit, Forecast, Predict, Theta, ThetaVariant,
};
use std::fmt::Write as _;
use std::io::Write as _;
use std::time::Instant;

#[path = "../tests/common/mod.rs"]
mod common;
use common::{data_dir, forecast_series, load_reference};

const LEVELS: [f64; 2] = [0.8, 0.95];
const SUBSETS: [&str; 4] = ["m3_yearly", "m3_quarterly", "m3_monthly", "m3_other"];

fn run<F: Fit>(m: &F, y: &[f64], h: usize) -> Option<Forecast>
where
    F::Fitted: Predict,
{
    m.fit(y).and_then(|f| f.predict(h, &LEVELS)).ok()
}

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let out = args.first().expect("output CSV path");
    let only = args.get(1).filter(|s| s.as_str() != "all");
    let every: usize = args.get(2).and_then(|s| s.parse().ok()).unwrap_or(1);
    let dir = data_dir();
    let series = forecast_series(&dir);
    let reference = load_reference(&dir);
    let mut f = std::io::BufWriter::new(std::fs::File::create(out).expect("create output"));
    writeln!(f, "subset,series,idx,model,ms,m,values").unwrap();
    let mut idx_of = std::collections::HashMap::new();
    for r in reference.iter().filter(|r| r.model == "AutoETS") {
        let subset = r.dataset.split(' ').next().unwrap_or("");
        let m3 = SUBSETS.contains(&subset);
        if (m3 && only.is_some_and(|o| o != subset))
            || (!m3 && only != Some(&"classic".to_string()))
        {
            continue;
        }
        let idx: &mut usize = idx_of.entry(subset.to_string()).or_default();
        *idx += 1;
        let i = *idx - 1;
        if i % every != 0 {
            continue;
        }
        let Some(y) = series.get(&r.series) else {
            continue;
        };
        let (m, h) = (r.m, r.h);
        let train = &y[..r.n_train];
        let test = &y[r.n_train..r.n_train + h];
        let mut row = |name: &str, ms: f64, vals: &[f64]| {
            let mut s = String::new();
            for v in vals {
                let _ = write!(s, "{v} ");
            }
            writeln!(
                f,
                "{subset},{},{i},{name},{ms},{m},{}",
                r.series,
                s.trim_end()
            )
            .unwrap();
        };
        row("actual", 0.0, test);
        row("train", 0.0, train);
        let mut time = |name: &str, fc: &dyn Fn() -> Option<Forecast>| {
            let t0 = Instant::now();
            let out = fc();
            let ms = 1e3 * t0.elapsed().as_secs_f64();
            if let Some(fc) = out {
                let mut v = fc.point.clone();
                for iv in &fc.intervals {
                    v.extend(&iv.lower);
                    v.extend(&iv.upper);
                }
                row(name, ms, &v);
            }
        };
        time("ets", &|| run(&AutoEts::new(m), train, h));
        time("etsw", &|| {
            AutoEts::new(m)
                .fit_weighted(train)
                .and_then(|f| f.predict(h, &LEVELS))
                .ok()
        });
        for (name, v) in [
            ("stm", ThetaVariant::Standard),
            ("otm", ThetaVariant::Optimized),
            ("dstm", ThetaVariant::DynamicStandard),
            ("dotm", ThetaVariant::DynamicOptimized),
            ("autotheta", ThetaVariant::Auto),
        ] {
            time(name, &|| run(&Theta::new(v, m), train, h));
        }
        time("etsw_pt", &|| {
            AutoEts::new(m)
                .fit_weighted(train)
                .and_then(|f| f.predict(h, &[]))
                .ok()
        });
        time("ets_pt", &|| {
            AutoEts::new(m)
                .fit(train)
                .and_then(|f| f.predict(h, &[]))
                .ok()
        });
        time("otm_pt", &|| {
            Theta::new(ThetaVariant::Optimized, m)
                .fit(train)
                .and_then(|f| f.predict(h, &[]))
                .ok()
        });
        time("naive", &|| run(&Baseline::Naive, train, h));
        time("drift", &|| run(&Baseline::Drift, train, h));
        if m == 1 {
            for code in ["AAdN", "MAdN", "ANN", "AAN"] {
                let spec = EtsSpec::parse(code).expect("valid");
                time(code, &|| run(&Ets::new(spec, 1), train, h));
            }
        }
        if !SUBSETS.contains(&subset) || m < 12 || i % 4 == 0 {
            time("arima", &|| {
                run(
                    &AutoArima {
                        season_length: Some(m),
                        ..AutoArima::default()
                    },
                    train,
                    h,
                )
            });
        }
    }
}
