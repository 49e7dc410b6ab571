//! Behaviour tests of ARIMA (fixtures against statsforecast are in `tests/forecast_arima.rs`).

use super::testdata::noise;
use super::*;
use crate::forecast::{Fit, Predict};

fn ar1(n: usize, phi: f64, seed: u64) -> Vec<f64> {
    let e = noise(n.saturating_sub(1), seed);
    let mut y = vec![0.0; n];
    for t in 1..n {
        y[t] = phi * y[t - 1] + e[t - 1];
    }
    y.iter().map(|v| v + 10.0).collect()
}

#[test]
fn ar1_is_recovered_and_forecasts_revert_to_the_mean() {
    let y = ar1(400, 0.7, 1);
    let f = Arima::new(1, 0, 0).fit(&y).unwrap();
    let c = f.coefficients();
    assert!((c[0] - 0.7).abs() < 0.08, "{c:?}");
    assert!((c[1] - 10.0).abs() < 0.5, "{c:?}");
    let fc = f.predict(50, &[0.95]).unwrap();
    assert!((fc.point[49] - c[1]).abs() < 1e-3);
    // Interval width grows to the stationary sd: sqrt(σ² / (1 - φ²)).
    let w = (fc.intervals[0].upper[49] - fc.intervals[0].lower[49]) / (2.0 * 1.959964);
    let want = (f.sigma2() / (1.0 - c[0] * c[0])).sqrt();
    assert!((w - want).abs() / want < 1e-3, "{w} vs {want}");
}

#[test]
fn regression_with_arima_errors_recovers_the_effect() {
    let n = 200;
    let noise = ar1(n, 0.5, 7);
    let promo: Vec<f64> = (0..n).map(|t| if t % 10 < 2 { 1.0 } else { 0.0 }).collect();
    let y: Vec<f64> = (0..n).map(|t| noise[t] + 5.0 * promo[t]).collect();
    let x = Xreg::new("xreg", n, 1, promo).unwrap();
    let f = Arima::new(1, 0, 0).fit_xreg(&y, Some(&x)).unwrap();
    let c = f.coefficients();
    assert!((c[2] - 5.0).abs() < 0.5, "{c:?}");
    // Forecasts need the future regressors, with the right shape.
    assert!(f
        .predict(3, &[])
        .unwrap_err()
        .to_string()
        .contains("future_xreg"));
    let fut = Xreg::new("future_xreg", 3, 1, vec![1.0, 0.0, 0.0]).unwrap();
    let fc = f.predict_xreg(3, &[0.8], Some(&fut)).unwrap();
    assert!(fc.point[0] - fc.point[1] > 3.0, "{:?}", fc.point);
    let short = Xreg::new("future_xreg", 2, 1, vec![1.0, 0.0]).unwrap();
    assert!(f.predict_xreg(3, &[], Some(&short)).is_err());
    // Wrong number of rows for the history.
    let bad = Xreg::new("xreg", n - 1, 1, vec![0.0; n - 1]).unwrap();
    let e = Arima::new(1, 0, 0).fit_xreg(&y, Some(&bad)).unwrap_err();
    assert!(
        e.to_string().contains("`xreg`") && e.to_string().contains("rows"),
        "{e}"
    );
}

#[test]
fn hostile_orders_and_inputs_are_refused() {
    let y = ar1(60, 0.3, 2);
    for (spec, arg) in [
        (Arima::new(usize::MAX, 0, 0), "order[0]"),
        (Arima::new(0, 3, 0), "order[1]"),
        (Arima::new(0, 0, 1_000_000), "order[2]"),
        (
            Arima {
                seasonal: (1, 0, 0),
                ..Arima::new(0, 0, 0)
            },
            "season_length",
        ),
        (
            Arima {
                seasonal: (4, 0, 0),
                season_length: 52,
                ..Arima::new(0, 0, 0)
            },
            "order",
        ),
        (
            Arima {
                include_drift: true,
                ..Arima::new(0, 2, 0)
            },
            "include_drift",
        ),
    ] {
        let e = spec.fit(&y).unwrap_err().to_string();
        assert!(e.contains(&format!("`{arg}`")), "{arg}: {e}");
    }
    let mut bad = y.clone();
    bad[3] = f64::NAN;
    assert!(Arima::new(1, 0, 0)
        .fit(&bad)
        .unwrap_err()
        .to_string()
        .contains("NaN"));
    assert!(AutoArima::new(1).fit(&bad).is_err());
    // Too short for the model.
    let e = Arima::new(3, 1, 3).fit(&y[..5]).unwrap_err().to_string();
    assert!(e.contains("at least"), "{e}");
    assert!(Xreg::new("xreg", 2, 1, vec![1.0, f64::INFINITY]).is_err());
    assert!(Xreg::new("xreg", 3, 1, vec![1.0, 2.0]).is_err());
    assert!(Xreg::new("xreg", 1, 1000, vec![0.0; 1000]).is_err());
}

#[test]
fn auto_arima_handles_constant_and_trending_series() {
    let c = vec![5.0; 30];
    for search in [ArimaSearch::Fast, ArimaSearch::Statsforecast] {
        let a = AutoArima {
            search,
            ..AutoArima::new(1)
        };
        let f = a.fit(&c).unwrap();
        let fc = f.predict(4, &[0.9]).unwrap();
        assert!(
            fc.point.iter().all(|v| (v - 5.0).abs() < 1e-9),
            "{:?}",
            fc.point
        );
        let line: Vec<f64> = (0..30).map(|t| 2.0 + 3.0 * t as f64).collect();
        let fc = a.fit(&line).unwrap().predict(2, &[]).unwrap();
        assert!((fc.point[0] - 92.0).abs() < 1e-6, "{:?}", fc.point);
        let y = ar1(120, 0.6, 3);
        let f = a.fit(&y).unwrap();
        assert!(
            f.aicc().is_finite()
                && f.predict(6, &[0.95])
                    .unwrap()
                    .point
                    .iter()
                    .all(|v| v.is_finite())
        );
    }
}

/// 96 monthly values: a random-walk trend with drift 0.5, a sine season of amplitude 8, noise.
fn trend_and_season() -> Vec<f64> {
    let e = noise(150, 5);
    let mut level = 100.0;
    (0..96)
        .map(|t| {
            level += 0.5 + e[t];
            level + 8.0 * (t as f64 * std::f64::consts::TAU / 12.0).sin() + 0.5 * e[t + 6]
        })
        .collect()
}

/// ARIMA(p,d,q)(sp,sd,sq)[12].
fn seasonal12(p: usize, d: usize, q: usize, sp: usize, sd: usize, sq: usize) -> Arima {
    Arima {
        order: (p, d, q),
        seasonal: (sp, sd, sq),
        season_length: 12,
        ..Arima::default()
    }
}

#[test]
fn quick_refit_reaches_the_exact_fit() {
    // The fast search's refits (the differenced likelihood by the Chandrasekhar recursions,
    // looser stopping) against the full Kalman-filter fit: the filter's log-likelihood at the
    // quick coefficients within 0.01 of its optimum, forecasts within 0.5% of the series'
    // scale, on seasonal and non-seasonal models with and without a drift.
    use super::fit::{fit_with, Method};
    let y = trend_and_season();
    for spec in [
        seasonal12(0, 1, 1, 0, 1, 1),
        seasonal12(1, 0, 1, 1, 1, 0),
        seasonal12(2, 1, 0, 0, 1, 1),
        Arima {
            include_drift: true,
            ..Arima::new(1, 1, 1)
        },
        Arima::new(2, 0, 0),
    ] {
        let exact = fit_with(&y, &spec, None, false, Method::CssMl, None).unwrap();
        let quick = fit_with(&y, &spec, None, false, Method::CssMlQuick, None).unwrap();
        let (a, b) = (exact.log_lik(), quick.log_lik());
        assert!(
            a.is_finite() && (a - b).abs() < 0.01,
            "{}: {a} vs {b}",
            spec.name()
        );
        let fa = exact.predict(12, &[]).unwrap().point;
        let fb = quick.predict(12, &[]).unwrap().point;
        for (u, v) in fa.iter().zip(&fb) {
            assert!(
                (u - v).abs() < 5e-3 * u.abs(),
                "{}: {fa:?} vs {fb:?}",
                spec.name()
            );
        }
    }
    // With a regressor (a promotion every 10th step): the differenced likelihood carries the
    // differenced regressor, and the effect comes out the same.
    let promo: Vec<f64> = (0..y.len()).map(|t| f64::from(t % 10 == 3)).collect();
    let yx: Vec<f64> = y.iter().zip(&promo).map(|(v, p)| v + 20.0 * p).collect();
    let x = Xreg::new("xreg", yx.len(), 1, promo).unwrap();
    let spec = Arima::new(1, 1, 1);
    let exact = fit_with(&yx, &spec, Some(&x), false, Method::CssMl, None).unwrap();
    let quick = fit_with(&yx, &spec, Some(&x), false, Method::CssMlQuick, None).unwrap();
    let (ce, cq) = (exact.coefficients(), quick.coefficients());
    assert!(
        (ce[2] - 20.0).abs() < 2.0 && (ce[2] - cq[2]).abs() < 1e-3,
        "{ce:?} {cq:?}"
    );
    assert!((exact.log_lik() - quick.log_lik()).abs() < 0.01);
}

#[test]
fn quick_refit_is_pinned() {
    // The fast search's refits to the last bit (coefficients and the filter's log-likelihood,
    // as this x86-64 build computed them): without regressors (k = 0, the objective reads the
    // differenced series in place) and with a drift column. A deliberate change of the quick
    // refit's arithmetic updates these numbers; anything else must leave them.
    use super::fit::{fit_with, Method};
    let y = trend_and_season();
    let pinned: [(Arima, &[f64], f64); 4] = [
        (
            seasonal12(0, 1, 1, 0, 1, 1),
            &[0.012200856111030783, -0.9999920412652901],
            -135.72440180677927,
        ),
        (
            seasonal12(2, 1, 0, 0, 1, 1),
            &[
                0.012878374434463054,
                0.05363977083353298,
                -0.9999876139262112,
            ],
            -135.6029436564427,
        ),
        (
            Arima::new(1, 1, 1),
            &[0.6963024059412324, 0.20709118597465845],
            -195.8588459503469,
        ),
        (
            Arima {
                include_drift: true,
                ..Arima::new(1, 1, 1)
            },
            &[0.6886910840884259, 0.2082659495155869, 0.585506267042389],
            -195.54547213075796,
        ),
    ];
    for (spec, coef, log_lik) in pinned {
        let quick = fit_with(&y, &spec, None, false, Method::CssMlQuick, None).unwrap();
        assert_eq!(quick.coefficients(), coef, "{}", spec.name());
        assert_eq!(
            quick.log_lik().to_bits(),
            log_lik.to_bits(),
            "{}",
            spec.name()
        );
    }
}
