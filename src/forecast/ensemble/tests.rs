//! Tests of the combinations and conformal intervals through the registry's models (its
//! `"ensemble"` model and `intervals: "conformal"`).

use super::*;
use crate::bandit::sample::std_normal;
use crate::forecast::batch::{BatchModel, ModelOptions, SeededModel};
use crate::forecast::Baseline;

fn seeded(model: BatchModel, intervals: IntervalMethod) -> SeededModel {
    SeededModel {
        model,
        seed: 7,
        non_negative: false,
        intervals,
    }
}

fn named(name: &str, m: usize) -> BatchModel {
    let o = ModelOptions {
        model: Some(name),
        season_length: Some(m),
        ..ModelOptions::default()
    };
    BatchModel::from_options(&o, None).unwrap().0
}

#[test]
#[cfg(feature = "forecast")]
fn ensemble_of_fixed_models_is_their_mean_or_median() {
    let y: Vec<f64> = (0..30)
        .map(|t| 20.0 + 0.7 * t as f64 + [3.0, -1.0, -4.0, 2.0][t % 4])
        .collect();
    let levels = [0.8, 0.95];
    let one = |name: &str| {
        seeded(named(name, 4), IntervalMethod::Model)
            .fit(&y)
            .unwrap()
            .predict(5, &levels)
            .unwrap()
    };
    let (a, b, c) = (one("naive"), one("drift"), one("seasonalNaive"));
    let ens = |members: &[&str], combine: &str| {
        let members: Vec<String> = members.iter().map(|s| s.to_string()).collect();
        let o = ModelOptions {
            model: Some("ensemble"),
            season_length: Some(4),
            members: Some(&members),
            combine: Some(combine),
            ..ModelOptions::default()
        };
        let model = BatchModel::from_options(&o, None).unwrap().0;
        let f = seeded(model, IntervalMethod::Model).fit(&y).unwrap();
        (f.predict(5, &levels).unwrap(), f.name())
    };
    let (mean, name) = ens(&["naive", "drift"], "mean");
    assert_eq!(name, "Ensemble[mean](Naive, Drift)");
    for t in 0..5 {
        assert_eq!(mean.point[t], (a.point[t] + b.point[t]) / 2.0);
        for j in 0..2 {
            let (l, u) = (&mean.intervals[j].lower, &mean.intervals[j].upper);
            assert_eq!(
                l[t],
                (a.intervals[j].lower[t] + b.intervals[j].lower[t]) / 2.0
            );
            assert_eq!(
                u[t],
                (a.intervals[j].upper[t] + b.intervals[j].upper[t]) / 2.0
            );
        }
    }
    let (median, _) = ens(&["seasonalNaive", "drift", "naive"], "median");
    for t in 0..5 {
        let mut v = [a.point[t], b.point[t], c.point[t]];
        v.sort_by(f64::total_cmp);
        assert_eq!(median.point[t], v[1]);
        assert!(median.point[t] != mean.point[t] || v[1] == (v[0] + v[2]) / 2.0);
    }
    // Two members: the median is their mean.
    assert_eq!(ens(&["naive", "drift"], "median").0, mean);
    // The same ensemble through the batch registry, with the default members.
    let o = ModelOptions {
        model: Some("ensemble"),
        ..ModelOptions::default()
    };
    let (model, m) = BatchModel::from_options(&o, Some(&y)).unwrap();
    assert_eq!(m, 4);
    let f = seeded(model, IntervalMethod::Model).fit(&y).unwrap();
    assert!(
        f.name()
            .starts_with("Ensemble[mean](ETS[AICc-weighted](ETS("),
        "{}",
        f.name()
    );
    assert!(f.name().contains("Theta"), "{}", f.name());
}

#[test]
#[cfg(feature = "forecast")]
fn default_members_are_weighted_ets_and_optimised_theta() {
    use crate::forecast::{AutoEts, Fit, Predict, Theta, ThetaVariant};
    let y: Vec<f64> = (0..48)
        .map(|t| {
            let t = t as f64;
            60.0 + 0.8 * t + 9.0 * (t * std::f64::consts::PI / 6.0).sin() + 4.0 * (t * 2.3).cos()
        })
        .collect();
    let (h, levels) = (8, [0.8, 0.95]);
    let fc = |name: &str| {
        let f = seeded(named(name, 12), IntervalMethod::Model)
            .fit(&y)
            .unwrap();
        (f.predict(h, &levels).unwrap(), f.name())
    };
    // The registry's names build the models they say.
    let (w, w_name) = fc("autoETSWeighted");
    let direct = AutoEts {
        seed: 7,
        ..AutoEts::new(12)
    }
    .fit_weighted(&y)
    .unwrap();
    assert_eq!(w, direct.predict(h, &levels).unwrap());
    assert!(w_name.starts_with("ETS[AICc-weighted](ETS("), "{w_name}");
    for (name, variant, label) in [
        ("optimizedTheta", ThetaVariant::Optimized, "Theta(OTM)"),
        (
            "dynamicOptimizedTheta",
            ThetaVariant::DynamicOptimized,
            "Theta(DOTM)",
        ),
    ] {
        let (f, n) = fc(name);
        assert_eq!(n, label);
        let t = Theta {
            seed: 7,
            ..Theta::new(variant, 12)
        };
        assert_eq!(f, t.fit(&y).unwrap().predict(h, &levels).unwrap());
    }
    // The default ensemble is the plain mean of those two, points and bounds.
    let (ens, name) = fc("ensemble");
    let (otm, _) = fc("optimizedTheta");
    assert_eq!(
        MemberSet::default_members().names().collect::<Vec<_>>(),
        ["autoETSWeighted", "optimizedTheta"]
    );
    assert!(
        name.contains("ETS[AICc-weighted]") && name.ends_with("Theta(OTM))"),
        "{name}"
    );
    for t in 0..h {
        assert_eq!(ens.point[t], (w.point[t] + otm.point[t]) / 2.0);
        for j in 0..2 {
            let lo = (w.intervals[j].lower[t] + otm.intervals[j].lower[t]) / 2.0;
            assert_eq!(ens.intervals[j].lower[t], lo);
        }
    }
}

#[test]
#[cfg(feature = "forecast")]
fn ensemble_options_are_checked() {
    let msg = |o: ModelOptions| BatchModel::from_options(&o, None).unwrap_err().to_string();
    let names = |v: &[&str]| v.iter().map(|s| s.to_string()).collect::<Vec<_>>();
    let ens = ModelOptions {
        model: Some("ensemble"),
        ..ModelOptions::default()
    };
    let bad = names(&["naive", "prophet"]);
    let e = msg(ModelOptions {
        members: Some(&bad),
        ..ens
    });
    assert!(
        e.contains("`members[1]`") && e.contains("\"prophet\""),
        "{e}"
    );
    let twice = names(&["naive", "naive"]);
    assert!(msg(ModelOptions {
        members: Some(&twice),
        ..ens
    })
    .contains("each member named once"));
    let none = names(&[]);
    assert!(msg(ModelOptions {
        members: Some(&none),
        ..ens
    })
    .contains("`members`"));
    let e = msg(ModelOptions {
        combine: Some("max"),
        ..ens
    });
    assert!(
        e.contains("`combine`") && e.contains("\"mean\", \"median\" or \"best\""),
        "{e}"
    );
    let e = msg(ModelOptions {
        model: Some("naive"),
        combine: Some("mean"),
        ..ModelOptions::default()
    });
    assert!(e.contains("unless model is \"ensemble\""), "{e}");
    let e = IntervalMethod::parse(Some("bootstrap"), None).unwrap_err();
    assert!(e.to_string().contains("`intervals`"), "{e}");
    let e = IntervalMethod::parse(Some("conformal"), Some(1 << 31)).unwrap_err();
    assert!(e.to_string().contains("`conformal_windows`"), "{e}");
    let e = IntervalMethod::parse(None, Some(3)).unwrap_err();
    assert!(e.to_string().contains("`conformal_windows`"), "{e}");
    assert_eq!(
        IntervalMethod::parse(Some("conformal"), None).unwrap(),
        IntervalMethod::Conformal {
            windows: DEFAULT_CONFORMAL_WINDOWS
        }
    );
}

#[test]
fn conformal_intervals_cover_at_their_level_where_the_model_over_covers() {
    // White noise around a constant: the naive model's intervals widen with sqrt(h) though
    // its errors do not grow, so they over-cover; conformal intervals from its backtest
    // come back to the nominal level.
    let mut rng = crate::rng::seeded(11);
    let (h, levels) = (4, [0.8, 0.95]);
    let mut inside = [[0usize; 2]; 2];
    let mut total = 0;
    for _ in 0..300 {
        let y: Vec<f64> = (0..54).map(|_| 10.0 + std_normal(&mut rng)).collect();
        let (train, test) = y.split_at(50);
        for (k, method) in [
            IntervalMethod::Model,
            IntervalMethod::Conformal { windows: 10 },
        ]
        .into_iter()
        .enumerate()
        {
            let fc = seeded(BatchModel::Baseline(Baseline::Naive), method)
                .fit(train)
                .unwrap()
                .predict(h, &levels)
                .unwrap();
            for (j, iv) in fc.intervals.iter().enumerate() {
                inside[k][j] += (0..h)
                    .filter(|&t| iv.lower[t] <= test[t] && test[t] <= iv.upper[t])
                    .count();
            }
        }
        total += h;
    }
    let cov = |k: usize, j: usize| inside[k][j] as f64 / total as f64;
    assert!(cov(0, 0) > 0.9 && cov(0, 1) > 0.985, "{inside:?}");
    assert!((cov(1, 0) - 0.8).abs() < 0.04, "{inside:?}");
    assert!((cov(1, 1) - 0.95).abs() < 0.025, "{inside:?}");
    // Same seed and series, same intervals; the name says where they come from.
    let y: Vec<f64> = (0..30).map(|t| (t % 5) as f64).collect();
    let m = seeded(named("theta", 1), IntervalMethod::Conformal { windows: 3 });
    let f = m.fit(&y).unwrap();
    assert_eq!(
        f.predict(3, &levels).unwrap(),
        m.fit(&y).unwrap().predict(3, &levels).unwrap()
    );
    assert!(f.name().ends_with(" conformal"), "{}", f.name());
    // Too short for any window: the model's own intervals.
    let short = seeded(
        BatchModel::Baseline(Baseline::Naive),
        IntervalMethod::Conformal { windows: 3 },
    );
    let plain = seeded(BatchModel::Baseline(Baseline::Naive), IntervalMethod::Model);
    let y = [1.0, 2.0, 3.0, 4.0, 5.0];
    assert_eq!(
        short.fit(&y).unwrap().predict(3, &levels).unwrap(),
        plain.fit(&y).unwrap().predict(3, &levels).unwrap()
    );
}

#[test]
#[cfg(feature = "forecast")]
fn best_picks_the_member_with_the_lowest_backtest_error() {
    let pick = |y: &[f64], members: &[&str]| {
        let members: Vec<String> = members.iter().map(|s| s.to_string()).collect();
        let o = ModelOptions {
            model: Some("ensemble"),
            season_length: Some(4),
            members: Some(&members),
            combine: Some("best"),
            ..ModelOptions::default()
        };
        let model = BatchModel::from_options(&o, None).unwrap().0;
        let f = seeded(model, IntervalMethod::Model).fit(y).unwrap();
        let fc = f.predict(4, &[0.9]).unwrap();
        (fc, f.name())
    };
    let single = |y: &[f64], model: BatchModel| {
        seeded(model, IntervalMethod::Model)
            .fit(y)
            .unwrap()
            .predict(4, &[0.9])
            .unwrap()
    };
    // A straight line: drift is exact, naive lags.
    let line: Vec<f64> = (0..30).map(|t| 5.0 + 2.0 * t as f64).collect();
    let (fc, name) = pick(&line, &["naive", "drift"]);
    assert_eq!(name, "Best(Drift)");
    assert_eq!(fc, single(&line, BatchModel::Baseline(Baseline::Drift)));
    // A pure season of 4: seasonal naive is exact, drift and naive are not.
    let season: Vec<f64> = (0..30).map(|t| [1.0, 5.0, 2.0, 8.0][t % 4]).collect();
    let (fc, name) = pick(&season, &["naive", "drift", "seasonalNaive"]);
    assert_eq!(name, "Best(SeasonalNaive(4))");
    let sn = BatchModel::Baseline(Baseline::SeasonalNaive { season_length: 4 });
    assert_eq!(fc, single(&season, sn));
    // The choice follows the backtest errors computed by hand.
    let members: Vec<SeededModel> = [Baseline::Naive, Baseline::Drift]
        .into_iter()
        .map(|b| seeded(BatchModel::Baseline(b), IntervalMethod::Model))
        .collect();
    let y: Vec<f64> = (0..20)
        .map(|t| ((t * 7) % 5) as f64 + 0.1 * t as f64)
        .collect();
    let errs: Vec<f64> = members
        .iter()
        .map(|m| {
            (1..=SELECT_WINDOWS)
                .map(|w| {
                    let cut = y.len() - 4 * w;
                    let p = m.fit(&y[..cut]).unwrap().predict(4, &[]).unwrap().point;
                    (0..4).map(|t| (y[cut + t] - p[t]).abs()).sum::<f64>() / 4.0
                })
                .sum()
        })
        .collect();
    let want = usize::from(errs[1] < errs[0]);
    assert_eq!(select_best(&members, &y, 4), want, "{errs:?}");
}
