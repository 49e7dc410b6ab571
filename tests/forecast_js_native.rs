//! Native reference for the JS face: fits AutoETS (and a batch) on bundled dashboard series and
//! writes the results to `target/js-fixtures/forecast_native.json`, which
//! `tests/js/forecast.test.mjs` compares with the wasm build (same inputs, same seed). The file is
//! regenerated on every `cargo test`, so it always matches the current core.

use edgewise::forecast::{AutoEts, Fit, Predict};
use serde_json::{json, Value};
use std::path::PathBuf;

const SEED: u64 = 7;
const HORIZON: usize = 12;
const LEVELS: [f64; 2] = [0.8, 0.95];

fn series() -> Vec<(String, Vec<f64>)> {
    let text =
        std::fs::read_to_string(concat!(env!("CARGO_MANIFEST_DIR"), "/www/data/series.json"))
            .expect("www/data/series.json");
    let v: Value = serde_json::from_str(&text).unwrap();
    v["series"]
        .as_array()
        .unwrap()
        .iter()
        .map(|s| {
            let name = s["name"].as_str().unwrap().to_string();
            let values = s["values"]
                .as_array()
                .unwrap()
                .iter()
                .map(|x| x.as_f64().unwrap())
                .collect();
            (name, values)
        })
        .collect()
}

#[test]
fn write_native_autoets_reference() {
    let wanted = ["airline", "nile", "ukgas", "lynx"];
    let mut cases = Vec::new();
    for (name, y) in series()
        .into_iter()
        .filter(|(n, _)| wanted.contains(&n.as_str()))
    {
        // Exactly what `forecast(values, 12, {levels, seed})` does: AutoETS, season detected.
        let fit = AutoEts {
            seed: SEED,
            ..AutoEts::default()
        }
        .fit(&y)
        .unwrap();
        let mut fc = fit.predict(HORIZON, &LEVELS).unwrap();
        // ... and `nonNegative` is on by default for a non-negative history (issue #15).
        if y.iter().all(|&v| v >= 0.0) {
            fc.clamp_non_negative();
        }
        assert!(fc.point.iter().all(|v| v.is_finite()), "{name}");
        cases.push(json!({
            "name": name,
            "model": fit.name(),
            "aicc": fit.aicc(),
            "seasonLength": fit.season_length(),
            "point": fc.point,
            "lower": fc.intervals.iter().map(|i| i.lower.clone()).collect::<Vec<_>>(),
            "upper": fc.intervals.iter().map(|i| i.upper.clone()).collect::<Vec<_>>(),
        }));
    }
    assert_eq!(cases.len(), wanted.len());
    let out = json!({ "seed": SEED, "horizon": HORIZON, "levels": LEVELS, "cases": cases });
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/js-fixtures");
    std::fs::create_dir_all(&dir).unwrap();
    std::fs::write(
        dir.join("forecast_native.json"),
        serde_json::to_string(&out).unwrap(),
    )
    .unwrap();
}
