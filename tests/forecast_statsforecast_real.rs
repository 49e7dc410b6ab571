//! On every single-series dataset of the shared real data, `EtsSearch::Statsforecast` gives the
//! statsforecast 2.1.1 AutoETS hold-out MASE recorded in `reference_forecasts.csv` (the
//! `split=rule` rows), i.e. it selects and fits the same models.

use edgewise::forecast::metrics::mase;
use edgewise::forecast::{AutoEts, EtsSearch, Fit, Predict};
use std::collections::HashMap;

mod common;

#[test]
fn statsforecast_search_matches_reference_mase_on_real_series() {
    let dir = common::data_dir().join("forecast");
    let text = std::fs::read_to_string(dir.join("classic_series.csv")).unwrap();
    let mut series: HashMap<String, Vec<(usize, f64)>> = HashMap::new();
    for line in text.lines().skip(1) {
        let f: Vec<&str> = line.split(',').collect();
        let y = f[f.len() - 1].parse().unwrap();
        series
            .entry(f[1].to_string())
            .or_default()
            .push((f[2].parse().unwrap(), y));
    }
    let text = std::fs::read_to_string(dir.join("reference_forecasts.csv")).unwrap();
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let col = |name: &str| header.iter().position(|h| *h == name).unwrap();
    let (cs, cm, csplit, cn, ch, cmodel, cmase) = (
        col("series_id"),
        col("season_length"),
        col("split"),
        col("n_train"),
        col("h"),
        col("model"),
        col("mase"),
    );
    let mut checked = Vec::new();
    for line in lines {
        let f: Vec<&str> = line.split(',').collect();
        if f[cmodel] != "AutoETS" || !f[csplit].split('+').any(|s| s == "rule") {
            continue;
        }
        let Some(points) = series.get(f[cs]) else {
            continue; // an M3 series: covered by the accuracy example
        };
        let mut points = points.clone();
        points.sort_by_key(|p| p.0);
        let y: Vec<f64> = points.into_iter().map(|p| p.1).collect();
        let (m, n, h): (usize, usize, usize) = (
            f[cm].parse().unwrap(),
            f[cn].parse().unwrap(),
            f[ch].parse().unwrap(),
        );
        let theirs: f64 = f[cmase].parse().unwrap();
        let model = AutoEts {
            search: EtsSearch::Statsforecast,
            ..AutoEts::new(m)
        };
        let fit = model.fit(&y[..n]).unwrap();
        let point = fit.predict(h, &[]).unwrap().point;
        let ours = mase(&y[..n], &y[n..n + h], &point, m).unwrap();
        assert!(
            (ours - theirs).abs() <= 1e-4 * theirs.max(1e-3),
            "{}: {} MASE {ours} vs statsforecast {theirs}",
            f[cs],
            fit.spec().name()
        );
        checked.push(f[cs].to_string());
    }
    assert!(checked.len() >= 20, "only {checked:?}");
}
