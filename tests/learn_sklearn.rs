//! The learn engine against scikit-learn 1.9.1 (`tests/fixtures/learn/make_fixtures.py`):
//! logistic regression coefficients, ROC AUC, ROC / PR / calibration curves, log loss, Brier
//! score, DBSCAN labels and k-distances, on the churn features of the order log, the Open Bandit
//! Dataset's real clicks (from shared/data) and synthetic sets.

mod common;

use edgewise::learn::metrics::{
    brier_score, calibration_curve, log_loss, pr_curve, roc_auc, roc_curve,
};
use edgewise::learn::{dbscan, k_distance, ClassWeight, DbscanParams, Ftrl, FtrlParams};
use edgewise::learn::{FittedLogistic, LogisticParams};
use std::collections::{BTreeSet, HashMap};
use std::path::PathBuf;

fn fixture(name: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/learn")
        .join(name)
}

/// Rows of a simple CSV (no quoted commas) as header → field maps.
fn read_csv(path: &std::path::Path) -> Vec<HashMap<String, String>> {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{path:?}: {e}"));
    let mut lines = text.lines();
    let header: Vec<String> = lines.next().unwrap().split(',').map(String::from).collect();
    lines
        .filter(|l| !l.is_empty())
        .map(|l| {
            header
                .iter()
                .cloned()
                .zip(l.split(',').map(String::from))
                .collect()
        })
        .collect()
}

fn num(row: &HashMap<String, String>, key: &str) -> f64 {
    let v = &row[key];
    match v.as_str() {
        "inf" => f64::INFINITY,
        "nan" => f64::NAN,
        _ => v.parse().unwrap_or_else(|_| panic!("{key}: {v}")),
    }
}

/// The churn set: 6 standardised features per customer and the churn label.
fn churn() -> (Vec<f64>, Vec<f64>) {
    let rows = read_csv(&fixture("churn.csv"));
    let names = [
        "log_recency",
        "log_frequency",
        "log_monetary",
        "log_tenure",
        "log_basket",
        "log_recent_orders",
    ];
    let x = rows.iter().flat_map(|r| names.map(|k| num(r, k))).collect();
    let y = rows.iter().map(|r| num(r, "churned")).collect();
    (x, y)
}

/// The OBD random/all clicks with the fixture script's one-hot design (35 features).
fn obd() -> (Vec<f64>, Vec<f64>, usize) {
    let dir = common::data_dir().join("bandit/obd/random/all");
    let items: HashMap<String, HashMap<String, String>> = read_csv(&dir.join("item_context.csv"))
        .into_iter()
        .map(|r| (r["item_id"].clone(), r))
        .collect();
    let log = read_csv(&dir.join("all.csv"));
    let cats = [
        ("position", false),
        ("user_feature_0", false),
        ("user_feature_1", false),
        ("user_feature_2", false),
        ("user_feature_3", false),
        ("item_feature_3", true),
    ];
    let value = |r: &HashMap<String, String>, name: &str, item: bool| -> String {
        if item {
            items[&r["item_id"]][name].clone()
        } else {
            r[name].clone()
        }
    };
    let mut columns = Vec::new();
    for (name, item) in cats {
        let values: BTreeSet<String> = log.iter().map(|r| value(r, name, item)).collect();
        columns.extend(values.into_iter().map(|v| (name, item, v)));
    }
    let d = columns.len() + 1;
    let mut x = Vec::with_capacity(log.len() * d);
    for r in &log {
        for (name, item, v) in &columns {
            x.push(f64::from(u8::from(value(r, name, *item) == *v)));
        }
        x.push(num(&items[&r["item_id"]], "item_feature_0"));
    }
    let y = log.iter().map(|r| num(r, "click")).collect();
    (x, y, d)
}

/// One fixture case: name, our fit, scikit-learn's coefficients and intercept, the data.
type Case = (String, FittedLogistic, Vec<f64>, f64, Vec<f64>, Vec<f64>);

/// The fitted models of the fixture cases, with scikit-learn's coefficients.
fn logistic_cases() -> Vec<Case> {
    let refs = read_csv(&fixture("logistic_ref.csv"));
    let (xc, yc) = churn();
    let (xo, yo, d_obd) = obd();
    let cases = [
        ("churn_l2", 1.0, 0.0, ClassWeight::Equal),
        ("churn_l2_c0.05_balanced", 0.05, 0.0, ClassWeight::Balanced),
        (
            "churn_l2_weights_1_3",
            0.5,
            0.0,
            ClassWeight::Weights {
                negative: 1.0,
                positive: 3.0,
            },
        ),
        ("churn_enet_c0.05_r0.5", 0.05, 0.5, ClassWeight::Equal),
        ("churn_l2_sw", 1.0, 0.0, ClassWeight::Equal),
        ("churn_l2_nointercept", 1.0, 0.0, ClassWeight::Equal),
        (
            "churn_enet_c0.02_r0.9_balanced",
            0.02,
            0.9,
            ClassWeight::Balanced,
        ),
        ("obd_l2_balanced", 1.0, 0.0, ClassWeight::Balanced),
        ("obd_l2_c100", 100.0, 0.0, ClassWeight::Equal),
        ("obd_enet_c2_r0.5", 2.0, 0.5, ClassWeight::Equal),
    ];
    cases
        .into_iter()
        .map(|(name, c, l1_ratio, class_weight)| {
            let (x, y, d) = if name.starts_with("churn") {
                (&xc, &yc, 6)
            } else {
                (&xo, &yo, d_obd)
            };
            let params = LogisticParams {
                c,
                l1_ratio,
                class_weight,
                fit_intercept: !name.ends_with("_nointercept"),
                ..Default::default()
            };
            // The `_sw` cases weigh the rows 0.5, 1, 2 in turn, as the fixture script does.
            let sw: Vec<f64> = (0..y.len()).map(|i| [0.5, 1.0, 2.0][i % 3]).collect();
            let sw = name.ends_with("_sw").then_some(sw.as_slice());
            let fit = params.check().unwrap().fit(x, d, y, sw).unwrap();
            let mine: Vec<_> = refs.iter().filter(|r| r["case"] == name).collect();
            let coef: Vec<f64> = mine
                .iter()
                .filter(|r| r["kind"] == "coef")
                .map(|r| num(r, "value"))
                .collect();
            let intercept = mine
                .iter()
                .find(|r| r["kind"] == "intercept")
                .map(|r| num(r, "value"));
            assert_eq!(coef.len(), d, "{name}");
            (
                name.to_string(),
                fit,
                coef,
                intercept.unwrap(),
                x.clone(),
                y.clone(),
            )
        })
        .collect()
}

#[test]
fn logistic_regression_matches_scikit_learn_within_1e_6() {
    let mut worst: f64 = 0.0;
    for (name, fit, coef, intercept, _, _) in logistic_cases() {
        assert!(fit.converged, "{name}: {fit:?}");
        let diff = fit
            .coef
            .iter()
            .zip(&coef)
            .map(|(a, b)| (a - b).abs())
            .fold((fit.intercept - intercept).abs(), f64::max);
        println!(
            "{name}: {} Newton steps, max |Δ| vs scikit-learn {diff:.2e}",
            fit.n_iter
        );
        assert!(diff < 1e-6, "{name}: max difference {diff}");
        // Zero coefficients of the elastic-net cases are exactly zero in both.
        for (a, b) in fit.coef.iter().zip(&coef) {
            assert_eq!(*a == 0.0, *b == 0.0, "{name}: sparsity pattern differs");
        }
        worst = worst.max(diff);
    }
    println!("largest coefficient difference over all cases: {worst:.2e}");
}

/// The scores each metrics set was computed on: the fixture's tied scores, and the probabilities
/// of scikit-learn's churn_l2 and obd_l2_balanced models (ours agree with them within 1e-6).
fn metric_sets() -> Vec<(&'static str, Vec<f64>, Vec<f64>)> {
    let ties = read_csv(&fixture("ties.csv"));
    let mut sets = vec![(
        "ties",
        ties.iter().map(|r| num(r, "label")).collect(),
        ties.iter().map(|r| num(r, "score")).collect(),
    )];
    for (name, fit, coef, intercept, x, y) in logistic_cases() {
        let set = match name.as_str() {
            "churn_l2" => "churn",
            "obd_l2_balanced" => "obd",
            _ => continue,
        };
        // scikit-learn's own model, so the scores are the ones its metrics saw (to rounding).
        let sk = FittedLogistic {
            coef,
            intercept,
            ..fit
        };
        sets.push((set, y, sk.predict_proba(&x).unwrap()));
    }
    sets
}

fn close(a: f64, b: f64, tol: f64) -> bool {
    (a.is_nan() && b.is_nan()) || a == b || (a - b).abs() <= tol * (1.0 + b.abs())
}

#[test]
fn metrics_and_curves_match_scikit_learn() {
    let metrics = read_csv(&fixture("metrics_ref.csv"));
    let curves = read_csv(&fixture("curves_ref.csv"));
    for (set, y, s) in metric_sets() {
        let reference = |m: &str| {
            num(
                metrics
                    .iter()
                    .find(|r| r["set"] == set && r["metric"] == m)
                    .unwrap(),
                "value",
            )
        };
        let auc = roc_auc(&y, &s).unwrap();
        let sk_auc = reference("roc_auc");
        println!(
            "{set}: AUC {auc:.6}, scikit-learn {sk_auc:.6}, |Δ| {:.1e}",
            (auc - sk_auc).abs()
        );
        assert!(close(auc, reference("roc_auc"), 1e-12), "{set} auc {auc}");
        assert!(
            close(log_loss(&y, &s).unwrap(), reference("log_loss"), 1e-12),
            "{set} log loss"
        );
        assert!(
            close(brier_score(&y, &s).unwrap(), reference("brier"), 1e-12),
            "{set} brier"
        );
        let curve = |name: &str| -> Vec<(f64, f64, f64)> {
            curves
                .iter()
                .filter(|r| r["set"] == set && r["curve"] == name)
                .map(|r| (num(r, "x"), num(r, "y"), num(r, "threshold")))
                .collect()
        };
        let expect_points = |name: &str, got: Vec<(f64, f64, f64)>| {
            let want = curve(name);
            assert_eq!(got.len(), want.len(), "{set} {name}: point count");
            for (i, (g, w)) in got.iter().zip(&want).enumerate() {
                // Thresholds are model scores: equal up to the rounding of two evaluations.
                let ok = close(g.0, w.0, 1e-12) && close(g.1, w.1, 1e-12) && close(g.2, w.2, 1e-9);
                assert!(ok, "{set} {name}[{i}]: {g:?} vs scikit-learn {w:?}");
            }
        };
        let roc = roc_curve(&y, &s).unwrap();
        let got = (0..roc.fpr.len()).map(|i| (roc.fpr[i], roc.tpr[i], roc.thresholds[i]));
        expect_points("roc", got.collect());
        if set != "obd" {
            let pr = pr_curve(&y, &s).unwrap();
            let got = (0..pr.precision.len()).map(|i| {
                (
                    pr.precision[i],
                    pr.recall[i],
                    *pr.thresholds.get(i).unwrap_or(&f64::NAN),
                )
            });
            expect_points("pr", got.collect());
        }
        for bins in [5, 10] {
            let cal = calibration_curve(&y, &s, bins).unwrap();
            let got =
                (0..cal.prob_true.len()).map(|i| (cal.prob_true[i], cal.prob_pred[i], f64::NAN));
            expect_points(&format!("calibration{bins}"), got.collect());
        }
    }
}

fn dbscan_case(case: &str) -> (Vec<f64>, usize) {
    let rows = read_csv(&fixture(&format!("dbscan_points_{case}.csv")));
    let dim = rows[0].len();
    let x = rows
        .iter()
        .flat_map(|r| (0..dim).map(move |j| num(r, &format!("x{j}"))))
        .collect();
    (x, dim)
}

#[test]
fn dbscan_labels_equal_scikit_learn() {
    let refs = read_csv(&fixture("dbscan_ref.csv"));
    let kdist = read_csv(&fixture("kdist_ref.csv"));
    for case in ["blobs2d", "bridge", "churn3d", "blobs8d"] {
        let (x, dim) = dbscan_case(case);
        let mine: Vec<_> = refs.iter().filter(|r| r["case"] == case).collect();
        let params = DbscanParams {
            eps: num(mine[0], "eps"),
            min_samples: num(mine[0], "min_samples") as usize,
        };
        let r = dbscan(&x, dim, params).unwrap();
        let labels: Vec<i32> = mine.iter().map(|r| num(r, "label") as i32).collect();
        let core: Vec<bool> = mine.iter().map(|r| num(r, "core") == 1.0).collect();
        assert_eq!(r.labels, labels, "{case}: labels");
        assert_eq!(r.core, core, "{case}: core flags");
        let noise = labels.iter().filter(|&&l| l == -1).count();
        println!(
            "{case}: {} clusters, {noise} noise points: labels equal",
            r.n_clusters
        );
        let want: Vec<_> = kdist.iter().filter(|r| r["case"] == case).collect();
        let k = num(want[0], "k") as usize;
        let got = k_distance(&x, dim, k).unwrap();
        for (i, w) in want.iter().enumerate() {
            assert!(
                close(got[i], num(w, "distance"), 1e-12),
                "{case} k-distance[{i}]"
            );
        }
    }
}

#[test]
fn bridge_point_joins_the_cluster_numbered_first() {
    let (x, dim) = dbscan_case("bridge");
    let r = dbscan(
        &x,
        dim,
        DbscanParams {
            eps: 0.87,
            min_samples: 6,
        },
    )
    .unwrap();
    let bridge = (0..x.len() / dim).find(|&i| x[i * dim] == 1.15).unwrap();
    assert!(!r.core[bridge]);
    assert_eq!(
        r.labels[bridge], 0,
        "a border point of two clusters joins cluster 0"
    );
}

#[test]
fn ftrl_online_learner_approaches_the_batch_model_on_churn() {
    let (x, y) = churn();
    let batch = LogisticParams::default()
        .check()
        .unwrap()
        .fit(&x, 6, &y, None)
        .unwrap();
    let batch_auc = roc_auc(&y, &batch.predict_proba(&x).unwrap()).unwrap();
    let mut online = Ftrl::new(
        6,
        FtrlParams {
            alpha: 0.2,
            ..Default::default()
        },
    )
    .unwrap();
    for _epoch in 0..3 {
        for (row, &label) in x.chunks_exact(6).zip(&y) {
            online.update(row, label).unwrap();
        }
    }
    let scores: Vec<f64> = x
        .chunks_exact(6)
        .map(|r| online.predict(r).unwrap())
        .collect();
    let online_auc = roc_auc(&y, &scores).unwrap();
    println!("churn AUC: batch {batch_auc:.4}, FTRL after 3 passes {online_auc:.4}");
    assert!(online_auc > batch_auc - 0.01, "{online_auc} vs {batch_auc}");
    let restored = Ftrl::from_bytes(&online.to_bytes()).unwrap();
    assert_eq!(
        restored.predict(&x[..6]).unwrap(),
        online.predict(&x[..6]).unwrap()
    );
}
