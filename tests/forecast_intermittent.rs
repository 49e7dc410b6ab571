//! ADIDA against statsforecast 2.1.1 (`tests/fixtures/intermittent/adida.csv`, made by
//! `make_adida.py` there): the same one-step forecast on simulated smooth, lumpy and erratic
//! demand, edge cases and the shared data's intermittent series.

use edgewise::forecast::{Fit, Intermittent, IntermittentMethod, Predict};

#[test]
fn adida_matches_statsforecast() {
    let text = include_str!("fixtures/intermittent/adida.csv");
    let mut n = 0;
    for line in text.lines().skip(1) {
        let f: Vec<&str> = line.split(',').collect();
        let y: Vec<f64> = f[1].split(' ').map(|v| v.parse().unwrap()).collect();
        let want: f64 = f[2].parse().unwrap();
        let fit = Intermittent::new(IntermittentMethod::Adida)
            .fit(&y)
            .unwrap();
        let fc = fit.predict(3, &[]).unwrap();
        let tol = 1e-9 * want.abs().max(1.0);
        assert!(
            fc.point.iter().all(|p| (p - want).abs() <= tol),
            "{}: {:?} vs statsforecast {want}",
            f[0],
            fc.point
        );
        n += 1;
    }
    assert_eq!(n, 30);
}
