//! MSTL, events, season detection and Theta on the shared real data; writes
//! `benches/results/mstl.md`.
//!
//! ```text
//! /work/venvs/mstl/bin/python benches/mstl/statsforecast_mstl.py   # statsforecast's figures (CSV)
//! cargo run --release --example mstl_bench
//! ```
//! Data directory: `$EDGEWISE_DATA`, `<crate>/../shared/data` or `/work/shared/data`.

use edgewise::forecast::events::{event_regressors, parse_date, Event};
use edgewise::forecast::metrics::{coverage, mase};
use edgewise::forecast::seasonality::{
    detect_season_length, detect_season_length_acf, is_seasonal, seasonal_strength,
    MAX_DETECTED_SEASON,
};
use edgewise::forecast::{
    AutoEts, BatchModel, EtsSearch, Fit, Forecast, Mstl, Predict, SeasonLengths, SeededModel,
    Theta, ThetaVariant, TrendModel, WithRegressors,
};
use std::collections::HashMap;
use std::fmt::Write as _;
use std::time::Instant;

#[path = "../tests/common/mod.rs"]
mod common;
use common::{data_dir, forecast_series, load_reference};

const LEVELS: [f64; 2] = [0.8, 0.95];

fn cover(test: &[f64], f: &Forecast) -> (f64, f64) {
    let c = |i: usize| coverage(test, &f.intervals[i].lower, &f.intervals[i].upper).unwrap();
    (c(0), c(1))
}

/// Victoria (Australia) public holidays of 2014, the state of `elecdaily_demand`.
const VIC_2014: [&str; 11] = [
    "2014-01-01",
    "2014-01-27",
    "2014-03-10",
    "2014-04-18",
    "2014-04-19",
    "2014-04-21",
    "2014-04-25",
    "2014-06-09",
    "2014-11-04",
    "2014-12-25",
    "2014-12-26",
];

fn main() {
    let dir = data_dir();
    let series = forecast_series(&dir);
    let reference = load_reference(&dir);
    let mut md = String::new();
    writeln!(md, "# MSTL, events, season detection and Theta\n").unwrap();
    writeln!(
        md,
        "Made by `cargo run --release --example mstl_bench` (examples/mstl_bench.rs) on a shared \
         2-core machine; statsforecast 2.1.1 figures by `benches/mstl/statsforecast_mstl.py` \
         (`benches/results/mstl_statsforecast.csv`). MASE: hold-out MAE over the in-sample \
         seasonal-naive MAE at the reference season length; `split=rule` hold-outs of \
         `reference_forecasts.csv`.\n"
    )
    .unwrap();

    // 1. MSTL vs statsforecast MSTL.
    let sf: HashMap<String, Vec<String>> =
        std::fs::read_to_string("benches/results/mstl_statsforecast.csv")
            .map(|t| {
                t.lines()
                    .skip(1)
                    .map(|l| {
                        let f: Vec<String> = l.split(',').map(String::from).collect();
                        (f[0].clone(), f)
                    })
                    .collect()
            })
            .unwrap_or_default();
    writeln!(md, "## MSTL vs statsforecast MSTL (trend: AutoETS ZZN)\n").unwrap();
    writeln!(
        md,
        "| series | seasons | n / h | edgewise MSTL MASE | statsforecast MSTL MASE | ratio | \
         edgewise s | statsforecast s | speed-up | edgewise 80% / 95% coverage | statsforecast \
         80% / 95% | edgewise AutoETS MASE (m of the reference) | statsforecast AutoETS MASE |"
    )
    .unwrap();
    writeln!(
        md,
        "|---|---|---|---:|---:|---:|---:|---:|---:|---|---|---:|---:|"
    )
    .unwrap();
    let cases: [(&str, &[f64]); 5] = [
        ("elecdaily_demand", &[7.0]),
        ("elecdaily_demand", &[7.0, 365.25]),
        ("hyndsight_daily", &[7.0]),
        ("gasoline_weekly", &[52.0]),
        ("taylor_halfhourly", &[48.0, 336.0]),
    ];
    for (name, seasons) in cases {
        let r = reference
            .iter()
            .find(|r| r.series == name && r.model == "AutoETS")
            .unwrap();
        let y = &series[name];
        let (train, test) = (&y[..r.n_train], &y[r.n_train..r.n_train + r.h]);
        let model = Mstl::new(SeasonLengths::new(seasons).unwrap());
        let t0 = Instant::now();
        let fit = model.fit(train).unwrap();
        let f = fit.predict(r.h, &LEVELS).unwrap();
        let secs = t0.elapsed().as_secs_f64();
        let m_e = mase(train, test, &f.point, r.m).unwrap();
        let (c80, c95) = cover(test, &f);
        let ets = AutoEts::new(r.m)
            .fit(train)
            .unwrap()
            .predict(r.h, &[])
            .unwrap();
        let m_ets = mase(train, test, &ets.point, r.m).unwrap();
        let s: Vec<String> = seasons.iter().map(|v| v.to_string()).collect();
        let row = sf
            .get(name)
            .filter(|_| seasons.len() == 1 || name != "elecdaily_demand");
        let (sf_mase, sf_s, sf_cov) = match row {
            Some(f) => (
                f[5].parse::<f64>().unwrap(),
                f[6].parse::<f64>().unwrap(),
                format!(
                    "{:.0}% / {:.0}%",
                    100.0 * f[7].parse::<f64>().unwrap(),
                    100.0 * f[8].parse::<f64>().unwrap()
                ),
            ),
            None => (f64::NAN, f64::NAN, "—".into()),
        };
        writeln!(
            md,
            "| {name} | {} → `{}` | {} / {} | {m_e:.3} | {sf_mase:.3} | {:.3} | {secs:.3} | \
             {sf_s:.3} | {:.1}× | {:.0}% / {:.0}% | {sf_cov} | {m_ets:.3} | {:.3} |",
            s.join(", "),
            fit.name(),
            r.n_train,
            r.h,
            m_e / sf_mase,
            sf_s / secs,
            100.0 * c80,
            100.0 * c95,
            r.mase,
        )
        .unwrap();
    }

    // 2. Events on elecdaily_demand (Victoria, 2014).
    writeln!(
        md,
        "\n## Events: Victorian public holidays on `elecdaily_demand`\n\n\
         Daily electricity demand of Victoria, Australia, 2014-01-01 to 2014-12-31 (365 days). \
         The 11 public holidays of 2014 in Victoria (New Year, Australia Day, Labour Day, Good \
         Friday, Easter Saturday and Monday, ANZAC Day, Queen's Birthday, Melbourne Cup, \
         Christmas, Boxing Day) as one event name `holiday` (one shared effect) with no window, \
         through `event_regressors` and `WithRegressors` into MSTL([7]) (AutoETS trend) and into \
         AutoETS with m = 7; the same models without them alongside. Rule hold-out (last 14 days: 18–31 December, with Christmas and Boxing \
         Day) and a rolling origin: 24 windows of 14 days, 7 days apart, the last ending on \
         31 December.\n"
    )
    .unwrap();
    let y = &series["elecdaily_demand"];
    let start = parse_date("d", "2014-01-01").unwrap();
    let ts: Vec<f64> = (0..y.len())
        .map(|t| start + t as f64 * 86_400_000.0)
        .collect();
    let events: Vec<Event> = VIC_2014
        .iter()
        .map(|d| Event {
            name: "holiday".into(),
            date_ms: parse_date("d", d).unwrap(),
            before: 0,
            after: 0,
        })
        .collect();
    let seeded = |model| SeededModel {
        model,
        seed: 0,
        non_negative: false,
        intervals: Default::default(),
    };
    let models = [
        (
            "MSTL([7])",
            seeded(BatchModel::Mstl {
                seasons: SeasonLengths::new(&[7.0]).unwrap(),
                trend: TrendModel::AutoEts,
            }),
        ),
        (
            "AutoETS (m = 7)",
            seeded(BatchModel::AutoEts {
                season_length: Some(7),
                search: EtsSearch::Fast,
            }),
        ),
    ];
    let run = |cut: usize, model: &SeededModel, with: bool| -> f64 {
        let (h, train) = (14, &y[..cut]);
        let test = &y[cut..cut + h];
        let point = if with {
            let x = event_regressors(&ts[..cut], h, &events).unwrap();
            let columns = x
                .history
                .into_iter()
                .zip(x.future)
                .map(|(a, b)| [a, b].concat())
                .collect();
            let w = WithRegressors::new(model.clone(), 7, columns);
            w.fit(train).unwrap().predict(h, &[]).unwrap().point
        } else {
            model.fit(train).unwrap().predict(h, &[]).unwrap().point
        };
        mase(train, test, &point, 7).unwrap()
    };
    let cuts: Vec<usize> = (0..24).map(|k| 351 - 7 * k).collect();
    let holiday_windows: Vec<usize> = cuts
        .iter()
        .copied()
        .filter(|&c| {
            VIC_2014.iter().any(|d| {
                let day = ((parse_date("d", d).unwrap() - start) / 86_400_000.0) as usize;
                (c..c + 14).contains(&day)
            })
        })
        .collect();
    writeln!(
        md,
        "| model | evaluation | MASE without events | MASE with the holidays | change |\n\
         |---|---|---:|---:|---:|"
    )
    .unwrap();
    for (label, model) in &models {
        let mean = |cs: &[usize], with: bool| {
            cs.iter().map(|&c| run(c, model, with)).sum::<f64>() / cs.len() as f64
        };
        for (what, cs) in [
            ("rule hold-out (18–31 Dec)", vec![351]),
            ("rolling origin, 24 windows", cuts.clone()),
            (
                "rolling origin, the windows with a holiday",
                holiday_windows.clone(),
            ),
        ] {
            let (a, b) = (mean(&cs, false), mean(&cs, true));
            writeln!(
                md,
                "| {label} | {what} ({} windows) | {a:.3} | {b:.3} | {:+.1}% |",
                cs.len(),
                100.0 * (b / a - 1.0)
            )
            .unwrap();
        }
    }
    let x = event_regressors(&ts[..351], 14, &events).unwrap();
    let beta = Mstl::new(SeasonLengths::new(&[7.0]).unwrap())
        .fit_xreg(&y[..351], Some(&x.history))
        .unwrap();
    writeln!(
        md,
        "\nEstimated holiday effect (MSTL, fit on the first 351 days): {:.1} (demand units; mean \
         demand {:.1}).\n",
        beta.coefficients()[0],
        y.iter().sum::<f64>() / y.len() as f64,
    )
    .unwrap();

    // 3. Season detection on M3 monthly and quarterly, and what it does to AutoETS and Theta.
    writeln!(
        md,
        "## Season detection on M3\n\n\
         Two definitions of a seasonal series (training part, known season m): STL seasonal \
         strength >= 0.64 at m (the heuristic of R's `forecast::nsdiffs`), and the \
         M4/statsforecast Theta test (ACF at m, 90%; it also passes on many trended, \
         non-seasonal series). `found` = share of seasonal series where the detector \
         (candidates 2..=24) returns m; `others called seasonal` = share of the series with \
         strength < 0.64 where it returns a season. `ACF` is edgewise's former detector \
         (`detect_season_length_acf`), `F-test` the new default (`detect_season_length`). MASE: \
         mean over all series of the subset, each model given the season its detector found \
         (or the known one).\n"
    )
    .unwrap();
    writeln!(
        md,
        "| dataset | series | strength >= 0.64 | found ACF | found F-test | ACF test passes | found \
         ACF | found F-test | others called seasonal ACF / F-test | AutoETS MASE, known m | AutoETS, ACF m | AutoETS, F-test m | AutoTheta, \
         known m | AutoTheta, ACF m | AutoTheta, F-test m | Theta 80% / 95% coverage (F-test m) |\n\
         |---|---:|---:|---:|---:|---:|---:|---:|---|---:|---:|---:|---:|---:|---:|---|"
    )
    .unwrap();
    for ds in ["m3_monthly", "m3_quarterly"] {
        let rows: Vec<_> = reference
            .iter()
            .filter(|r| r.dataset == ds && r.model == "AutoETS")
            .collect();
        let (mut seasonal, mut found_old, mut found_new, mut fp_old, mut fp_new) = (0, 0, 0, 0, 0);
        let (mut acf_seasonal, mut acf_old, mut acf_new) = (0, 0, 0);
        let mut sums = [0.0f64; 6];
        let (mut c80, mut c95) = (0.0, 0.0);
        for r in &rows {
            let y = &series[&r.series];
            let (train, test) = (&y[..r.n_train], &y[r.n_train..r.n_train + r.h]);
            let old = detect_season_length_acf(train, MAX_DETECTED_SEASON);
            let new = detect_season_length(train, MAX_DETECTED_SEASON);
            if is_seasonal(train, r.m) {
                acf_seasonal += 1;
                acf_old += (old == r.m) as usize;
                acf_new += (new == r.m) as usize;
            }
            if seasonal_strength(train, r.m) >= 0.64 {
                seasonal += 1;
                found_old += (old == r.m) as usize;
                found_new += (new == r.m) as usize;
            } else {
                fp_old += (old > 1) as usize;
                fp_new += (new > 1) as usize;
            }
            let score = |f: Forecast| mase(train, test, &f.point, r.m).unwrap();
            let ets = |m: usize| {
                score(
                    AutoEts::new(m)
                        .fit(train)
                        .unwrap()
                        .predict(r.h, &[])
                        .unwrap(),
                )
            };
            let theta = |m: usize| {
                let f = Theta::new(ThetaVariant::Auto, m).fit(train).unwrap();
                f.predict(r.h, &LEVELS).unwrap()
            };
            sums[0] += ets(r.m);
            sums[1] += ets(old);
            sums[2] += ets(new);
            sums[3] += score(theta(r.m));
            sums[4] += score(theta(old));
            let tf = theta(new);
            let (a, b) = cover(test, &tf);
            c80 += a;
            c95 += b;
            sums[5] += score(tf);
        }
        let n = rows.len() as f64;
        let pct = |a: usize, b: usize| 100.0 * a as f64 / b.max(1) as f64;
        let non = rows.len() - seasonal;
        writeln!(
            md,
            "| {ds} | {} | {seasonal} | {:.1}% | {:.1}% | {acf_seasonal} | {:.1}% | {:.1}% | \
             {:.1}% / {:.1}% | {:.4} | {:.4} | {:.4} | \
             {:.4} | {:.4} | {:.4} | {:.0}% / {:.0}% |",
            rows.len(),
            pct(found_old, seasonal),
            pct(found_new, seasonal),
            pct(acf_old, acf_seasonal),
            pct(acf_new, acf_seasonal),
            pct(fp_old, non),
            pct(fp_new, non),
            sums[0] / n,
            sums[1] / n,
            sums[2] / n,
            sums[3] / n,
            sums[4] / n,
            sums[5] / n,
            100.0 * c80 / n,
            100.0 * c95 / n,
        )
        .unwrap();
    }
    std::fs::write("benches/results/mstl.md", &md).unwrap();
    print!("{md}");
}
