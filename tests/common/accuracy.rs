//! The scoring loop shared by the accuracy examples: mean MASE, interval coverage and time of
//! one model over the hold-outs of `reference_forecasts.csv`.

use edgewise::forecast::metrics::{coverage, mase};
use edgewise::forecast::Forecast;
use std::collections::{BTreeMap, HashMap, HashSet};

use super::RefRow;

/// One model's running score over a set of series.
#[derive(Default)]
pub struct Acc {
    /// Summed MASE over the scored series.
    pub sum: f64,
    /// Series scored.
    pub n: usize,
    /// Series where the model failed or gave a non-finite MASE.
    pub failed: usize,
    /// Fit + predict seconds.
    pub seconds: f64,
    /// Summed coverage per interval level (models that return intervals).
    pub coverage: [f64; 2],
}

impl Acc {
    /// Scores one forecast (`None`: the model failed) of `test` after `train`, season `m`.
    pub fn record(
        &mut self,
        train: &[f64],
        test: &[f64],
        m: usize,
        fc: Option<Forecast>,
        secs: f64,
    ) {
        self.seconds += secs;
        let score = fc
            .as_ref()
            .and_then(|f| mase(train, test, &f.point, m).ok());
        match (score, fc) {
            (Some(v), Some(f)) if v.is_finite() => {
                self.sum += v;
                self.n += 1;
                for (c, iv) in self.coverage.iter_mut().zip(&f.intervals) {
                    *c += coverage(test, &iv.lower, &iv.upper).unwrap_or(f64::NAN);
                }
            }
            _ => self.failed += 1,
        }
    }

    /// Mean MASE over the scored series.
    pub fn mean(&self) -> f64 {
        self.sum / self.n.max(1) as f64
    }

    /// Mean coverage (percent) of interval level `i`.
    pub fn coverage_pct(&self, i: usize) -> f64 {
        100.0 * self.coverage[i] / self.n.max(1) as f64
    }
}

/// The series to score: the `AutoETS` rows of `reference` (one per series) whose dataset's first
/// word is `only` (every dataset when `None`) and that `keep` accepts, at most `limit` per dataset.
pub fn jobs<'a>(
    reference: &'a [RefRow],
    only: Option<&str>,
    limit: usize,
    keep: impl Fn(&RefRow) -> bool,
) -> Vec<&'a RefRow> {
    let mut count: HashMap<&str, usize> = HashMap::new();
    reference
        .iter()
        .filter(|r| r.model == "AutoETS" && keep(r))
        .filter(|r| only.is_none_or(|o| r.dataset.split(' ').next() == Some(o)))
        .filter(|r| {
            let c = count.entry(r.dataset.as_str()).or_default();
            *c += 1;
            *c <= limit
        })
        .collect()
}

/// statsforecast's mean MASE per (dataset, model) over the series of `jobs` (the file's figures).
pub fn reference_means(reference: &[RefRow], jobs: &[&RefRow]) -> BTreeMap<(String, String), f64> {
    let chosen: HashSet<(&str, &str)> = jobs
        .iter()
        .map(|r| (r.dataset.as_str(), r.series.as_str()))
        .collect();
    let mut sums: BTreeMap<(String, String), (f64, usize)> = BTreeMap::new();
    for r in reference {
        if chosen.contains(&(r.dataset.as_str(), r.series.as_str())) && r.mase.is_finite() {
            let e = sums
                .entry((r.dataset.clone(), r.model.clone()))
                .or_default();
            e.0 += r.mase;
            e.1 += 1;
        }
    }
    sums.into_iter()
        .map(|(k, (s, n))| (k, s / n as f64))
        .collect()
}

/// The examples' command line: an optional dataset name and at most how many series of each.
pub fn cli() -> (Option<String>, usize) {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let limit = args
        .get(1)
        .and_then(|s| s.parse().ok())
        .unwrap_or(usize::MAX);
    (args.first().cloned(), limit)
}
