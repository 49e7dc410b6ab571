//! Helpers shared by the integration tests (and the forecast example and bench).
#![allow(dead_code)]

pub mod accuracy;
pub mod als_eval;
pub mod ml100k;

use rand::Rng as _;
use std::collections::HashMap;
use std::path::{Path, PathBuf};

/// The shared real-data directory: `$EDGEWISE_DATA`, else `<CARGO_MANIFEST_DIR>/../shared/data`;
/// panics with a clear message if neither exists.
pub fn data_dir() -> PathBuf {
    let candidates = [
        std::env::var_os("EDGEWISE_DATA").map(PathBuf::from),
        Some(PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../shared/data")),
    ];
    for dir in candidates.into_iter().flatten() {
        if dir.is_dir() {
            return dir;
        }
    }
    panic!(
        "shared data directory not found: set EDGEWISE_DATA, or place it at \
         <repo>/../shared/data"
    )
}

/// One row of `reference_forecasts.csv` (statsforecast 2.1.1's hold-out scores).
pub struct RefRow {
    pub dataset: String,
    pub series: String,
    pub m: usize,
    pub n_train: usize,
    pub h: usize,
    pub model: String,
    pub mase: f64,
}

fn read(path: &Path) -> String {
    std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()))
}

/// The series of one CSV of the shared forecast data, values in `t` order, keyed by the id in
/// column `id`; column `t` orders each series, column `y` (the last one if `None`) holds the
/// values.
pub fn read_series(
    path: &Path,
    id: usize,
    t: usize,
    y: Option<usize>,
) -> HashMap<String, Vec<f64>> {
    let mut out: HashMap<String, Vec<(usize, f64)>> = HashMap::new();
    for line in read(path).lines().skip(1) {
        let f: Vec<&str> = line.split(',').collect();
        let y = f[y.unwrap_or(f.len() - 1)].parse().unwrap();
        out.entry(f[id].to_string())
            .or_default()
            .push((f[t].parse().unwrap(), y));
    }
    out.into_iter()
        .map(|(k, mut v)| {
            v.sort_by_key(|p| p.0);
            (k, v.into_iter().map(|p| p.1).collect())
        })
        .collect()
}

/// The classic single series (`classic_series.csv`: dataset, series_id, t, timestamp, y).
pub fn classic_series(dir: &Path) -> HashMap<String, Vec<f64>> {
    read_series(&dir.join("forecast/classic_series.csv"), 1, 2, None)
}

/// Every forecast series of the shared data: M3 (`m3_series.csv`: series_id, t, y,
/// is_official_test) and classic.
pub fn forecast_series(dir: &Path) -> HashMap<String, Vec<f64>> {
    let mut out = read_series(&dir.join("forecast/m3_series.csv"), 0, 1, Some(2));
    out.extend(classic_series(dir));
    out
}

/// The `split=rule` rows (or, for a dataset without one, its other split, marked in the dataset
/// name as `name [split]`).
pub fn load_reference(dir: &Path) -> Vec<RefRow> {
    let text = read(&dir.join("forecast/reference_forecasts.csv"));
    let mut lines = text.lines();
    let header: Vec<&str> = lines.next().unwrap().split(',').collect();
    let col = |name: &str| header.iter().position(|h| *h == name).unwrap();
    let (cd, cs, cm, cn, ch, cmod, cmase, csplit) = (
        col("dataset"),
        col("series_id"),
        col("season_length"),
        col("n_train"),
        col("h"),
        col("model"),
        col("mase"),
        col("split"),
    );
    let rows: Vec<Vec<&str>> = lines.map(|l| l.split(',').collect()).collect();
    // The rule split (`rule`, or `rule+official` where both hold-outs coincide); a dataset
    // without one would use its official split, marked in its name.
    let is_rule = |s: &str| s.split('+').any(|p| p == "rule");
    let with_rule: std::collections::HashSet<&str> = rows
        .iter()
        .filter(|f| is_rule(f[csplit]))
        .map(|f| f[cd])
        .collect();
    rows.iter()
        .filter(|f| is_rule(f[csplit]) || !with_rule.contains(f[cd]))
        .map(|f| RefRow {
            dataset: if is_rule(f[csplit]) {
                f[cd].to_string()
            } else {
                format!("{} [{}]", f[cd], f[csplit])
            },
            series: f[cs].into(),
            m: f[cm].parse().unwrap(),
            n_train: f[cn].parse().unwrap(),
            h: f[ch].parse().unwrap(),
            model: f[cmod].into(),
            mase: f[cmase].parse().unwrap_or(f64::NAN),
        })
        .collect()
}

/// Columns customer, timestamp, amount of an order-log CSV (`www/data/orders.csv`,
/// `tests/fixtures/analytics/orders.csv`).
pub fn order_columns(text: &str) -> (Vec<u32>, Vec<f64>, Vec<f64>) {
    let (mut c, mut t, mut a) = (Vec::new(), Vec::new(), Vec::new());
    for line in text.lines().skip(1) {
        let v: Vec<&str> = line.split(',').collect();
        c.push(v[0].parse::<u32>().unwrap());
        t.push(v[1].parse::<f64>().unwrap());
        a.push(v[2].parse::<f64>().unwrap());
    }
    (c, t, a)
}

/// Three well-separated blobs of `per` points in `d` dimensions (centres 10 apart, noise ±1).
pub fn blobs(rng: &mut edgewise::rng::Rng, per: usize, d: usize) -> Vec<f32> {
    let mut p = Vec::with_capacity(3 * per * d);
    for i in 0..3 * per {
        for f in 0..d {
            let centre = if f == i % 3 { 10.0 } else { 0.0 };
            p.push(centre + rng.random_range(-1.0f32..1.0));
        }
    }
    p
}
