//! On every single-series dataset of the shared real data, `EtsSearch::Statsforecast` gives the
//! statsforecast 2.1.1 AutoETS hold-out MASE recorded in `reference_forecasts.csv` (the
//! `split=rule` rows), i.e. it selects and fits the same models.

use edgewise::forecast::metrics::mase;
use edgewise::forecast::{AutoEts, EtsSearch, Fit, Predict};

mod common;

#[test]
fn statsforecast_search_matches_reference_mase_on_real_series() {
    let dir = common::data_dir();
    let series = common::classic_series(&dir);
    let mut checked = Vec::new();
    for r in common::load_reference(&dir) {
        // Rule rows only (other splits carry `[split]` in the dataset name); M3 series are
        // covered by the accuracy example.
        if r.model != "AutoETS" || r.dataset.contains('[') {
            continue;
        }
        let Some(y) = series.get(&r.series) else {
            continue;
        };
        let (m, n, h) = (r.m, r.n_train, r.h);
        let model = AutoEts {
            search: EtsSearch::Statsforecast,
            ..AutoEts::new(m)
        };
        let fit = model.fit(&y[..n]).unwrap();
        let point = fit.predict(h, &[]).unwrap().point;
        let ours = mase(&y[..n], &y[n..n + h], &point, m).unwrap();
        assert!(
            (ours - r.mase).abs() <= 1e-4 * r.mase.max(1e-3),
            "{}: {} MASE {ours} vs statsforecast {}",
            r.series,
            fit.spec().name(),
            r.mase
        );
        checked.push(r.series);
    }
    assert!(checked.len() >= 20, "only {checked:?}");
}
