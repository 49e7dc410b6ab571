//! ARIMA against statsforecast 2.1.1 (fixtures written by `tests/fixtures/arima/make_fixtures.py`
//! on the shared M3 and classic series): the exact likelihood of fixed orders, and the orders and
//! forecasts AutoARIMA chooses with `search: statsforecast`.

mod common;
use common::{classic_series, data_dir, forecast_series, load_reference};
use edgewise::forecast::{Arima, ArimaSearch, AutoArima, Fit, Predict};
use std::collections::HashMap;

const FIXTURES: &str = concat!(env!("CARGO_MANIFEST_DIR"), "/tests/fixtures/arima");

struct Row {
    source: String,
    id: String,
    m: usize,
    h: usize,
    order: [usize; 6],
    constant: bool,
    forecast: Vec<f64>,
}

fn rows() -> Vec<Row> {
    let text = std::fs::read_to_string(format!("{FIXTURES}/autoarima.csv")).unwrap();
    text.lines()
        .skip(1)
        .map(|l| {
            let f: Vec<&str> = l.split(',').collect();
            let u = |i: usize| f[i].parse::<usize>().unwrap();
            Row {
                source: f[0].into(),
                id: f[1].into(),
                m: u(2),
                h: u(3),
                order: [u(4), u(5), u(6), u(7), u(8), u(9)],
                constant: f[10] == "1",
                forecast: f[15].split(' ').map(|v| v.parse().unwrap()).collect(),
            }
        })
        .collect()
}

/// The training part of a fixture's series.
fn train(row: &Row, all: &HashMap<String, Vec<f64>>, n_train: &HashMap<String, usize>) -> Vec<f64> {
    let y = &all[&row.id];
    let n = if row.source == "classic" {
        n_train[&row.id]
    } else {
        y.len() - row.h
    };
    y[..n].to_vec()
}

fn n_train() -> HashMap<String, usize> {
    load_reference(&data_dir())
        .into_iter()
        .map(|r| (r.series, r.n_train))
        .collect()
}

#[test]
fn fixed_order_likelihood_matches_statsforecast() {
    let dir = data_dir();
    let all = classic_series(&dir);
    let nt = n_train();
    let text = std::fs::read_to_string(format!("{FIXTURES}/fixed.csv")).unwrap();
    let mut checked = 0;
    for l in text.lines().skip(1) {
        let f: Vec<&str> = l.split(',').collect();
        let u = |i: usize| f[i].parse::<usize>().unwrap();
        let y = &all[f[0]][..nt[f[0]]];
        if y.len() > 120 {
            continue; // keeps the test to seconds
        }
        let spec = Arima {
            order: (u(2), u(3), u(4)),
            seasonal: (u(5), u(6), u(7)),
            season_length: u(1),
            ..Arima::default()
        };
        let want: f64 = f[8].parse().unwrap();
        let coef: Vec<f64> = f[10].split(' ').map(|v| v.parse().unwrap()).collect();
        // The exact likelihood at statsforecast's coefficients is statsforecast's.
        let want_at: f64 = f[11].parse().unwrap();
        let at = spec.with_coefficients(y, None, &coef).unwrap().log_lik();
        assert!(
            (at - want_at).abs() < 1e-6 * want_at.abs().max(1.0),
            "{} {}: loglik {at} at statsforecast's coefficients vs {want_at}",
            f[0],
            spec.name()
        );
        // Our own fit reaches the same optimum, or a higher one, up to the optimisers'
        // tolerance.
        let got = spec.fit_statsforecast(y, None).unwrap().log_lik();
        assert!(
            (got - want).abs() < 0.05,
            "{} {}: fitted loglik {got} vs statsforecast {want}",
            f[0],
            spec.name()
        );
        checked += 1;
    }
    assert!(checked >= 20, "{checked}");
}

/// Fits every fixture series `keep` accepts with `search: statsforecast`; returns how many got
/// statsforecast's orders and constant, how many of those have forecasts within 1% of its, the
/// number compared and the differing ones.
fn agreement(keep: impl Fn(&Row, usize) -> bool) -> (usize, usize, usize, Vec<String>) {
    let dir = data_dir();
    let all = forecast_series(&dir);
    let nt = n_train();
    let (mut same, mut total, mut close) = (0, 0, 0);
    let mut differ = Vec::new();
    for row in rows() {
        let y = train(&row, &all, &nt);
        if !keep(&row, y.len()) {
            continue;
        }
        total += 1;
        let a = AutoArima {
            search: ArimaSearch::Statsforecast,
            ..AutoArima::new(row.m)
        };
        let fit = a.fit(&y).unwrap();
        let s = fit.spec();
        let got = [
            s.order.0,
            s.order.1,
            s.order.2,
            s.seasonal.0,
            s.seasonal.1,
            s.seasonal.2,
        ];
        let constant = s.include_drift || (s.include_mean && s.order.1 + s.seasonal.1 == 0);
        if got == row.order && constant == row.constant {
            same += 1;
            let fc = fit.predict(row.h, &[]).unwrap();
            let scale = row.forecast.iter().map(|v| v.abs()).fold(1.0, f64::max);
            let err = fc
                .point
                .iter()
                .zip(&row.forecast)
                .map(|(a, b)| (a - b).abs() / scale)
                .fold(0.0, f64::max);
            if err < 1e-2 {
                close += 1;
            }
        } else {
            differ.push(format!(
                "{}: {got:?} {constant} vs {:?} {}",
                row.id, row.order, row.constant
            ));
        }
    }
    eprintln!("same order {same}/{total}, forecasts within 1%: {close}; differ: {differ:?}");
    (same, close, total, differ)
}

/// The non-seasonal fixture series (M3 yearly and other): seconds in a debug build.
#[test]
fn statsforecast_search_picks_statsforecast_orders() {
    let (same, close, total, differ) = agreement(|r, _| r.m == 1);
    assert!(total >= 50, "{total}");
    assert!(
        same as f64 >= 0.9 * total as f64,
        "{same}/{total}: {differ:?}"
    );
    assert!(close as f64 >= 0.9 * same as f64, "{close}/{same}");
}

/// Every fixture series (minutes in a debug build: `cargo test --release --test forecast_arima
/// -- --ignored`); its figures are in `benches/results/arima.md`.
#[test]
#[ignore]
fn statsforecast_search_on_every_fixture_series() {
    let (same, close, total, differ) = agreement(|_, _| true);
    assert!(
        same as f64 >= 0.95 * total as f64,
        "{same}/{total}: {differ:?}"
    );
    assert!(close as f64 >= 0.9 * same as f64, "{close}/{same}");
}
