//! Known-answer tests of the analytics engine (segment, experiment, inventory) against fixtures
//! made by scipy / statsmodels / scikit-learn; the generator scripts sit beside the fixtures in
//! `tests/fixtures/analytics/`.

use edgewise::experiment::{self, Alternative, Counts, SampleSummary};

fn fixture(name: &str) -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/analytics")
        .join(name);
    std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read fixture {}: {e}", path.display()))
}

fn rows(name: &str, kind: &str) -> Vec<Vec<String>> {
    let rows: Vec<Vec<String>> = fixture(name)
        .lines()
        .filter(|l| !l.starts_with('#'))
        .map(|l| l.split(',').map(str::to_string).collect::<Vec<_>>())
        .filter(|r| r[0] == kind)
        .collect();
    assert!(!rows.is_empty(), "no `{kind}` rows in {name}");
    rows
}

fn f(s: &str) -> f64 {
    s.parse().unwrap_or_else(|_| panic!("not a number: {s}"))
}

fn u(s: &str) -> u64 {
    s.parse().unwrap_or_else(|_| panic!("not an integer: {s}"))
}

fn alt(s: &str) -> Alternative {
    match s {
        "two-sided" => Alternative::TwoSided,
        "greater" => Alternative::Greater,
        "less" => Alternative::Less,
        other => panic!("unknown alternative {other}"),
    }
}

#[track_caller]
fn assert_close(what: &str, got: f64, want: f64, rel: f64, abs: f64) {
    if want.is_infinite() {
        assert_eq!(got, want, "{what}");
        return;
    }
    assert!(
        (got - want).abs() <= abs + rel * want.abs(),
        "{what}: got {got}, want {want}"
    );
}

#[test]
fn ztest_matches_statsmodels() {
    for r in rows("experiment_cases.csv", "ztest") {
        let a = Counts::new(u(&r[1]), u(&r[2]));
        let b = Counts::new(u(&r[3]), u(&r[4]));
        let t = experiment::two_proportion_ztest(a, b, f(&r[5]), alt(&r[6])).unwrap();
        let w = format!("{r:?}");
        assert_close(&w, t.z, f(&r[7]), 1e-12, 0.0);
        assert_close(&w, t.p_value, f(&r[8]), 1e-9, 1e-15);
        assert_close(&w, t.ci.0, f(&r[9]), 1e-10, 1e-15);
        assert_close(&w, t.ci.1, f(&r[10]), 1e-10, 1e-15);
    }
}

#[test]
fn welch_matches_scipy() {
    let samples = fixture("welch_samples.csv");
    let data = |ds: &str, arm: &str| -> Vec<f64> {
        samples
            .lines()
            .skip(1)
            .map(|l| l.split(',').collect::<Vec<_>>())
            .filter(|c| c[0] == ds && c[1] == arm)
            .map(|c| f(c[2]))
            .collect()
    };
    for r in rows("experiment_cases.csv", "welch") {
        let (a, b) = (data(&r[1], "a"), data(&r[1], "b"));
        let t = experiment::welch_ttest(&a, &b, f(&r[2]), alt(&r[3])).unwrap();
        let w = format!("{r:?}");
        assert_close(&w, t.t, f(&r[4]), 1e-11, 0.0);
        assert_close(&w, t.df, f(&r[5]), 1e-11, 0.0);
        assert_close(&w, t.p_value, f(&r[6]), 1e-9, 1e-15);
        assert_close(&w, t.ci.0, f(&r[7]), 1e-9, 1e-12);
        assert_close(&w, t.ci.1, f(&r[8]), 1e-9, 1e-12);
        // The summary form gives the same answer.
        let s = |v: &[f64]| SampleSummary::from_values("x", v).unwrap();
        let t2 = experiment::welch_ttest_summary(s(&a), s(&b), f(&r[2]), alt(&r[3])).unwrap();
        assert_eq!(t, t2);
    }
}

#[test]
fn beta_binomial_matches_closed_form() {
    for r in rows("experiment_cases.csv", "bayes") {
        let a = Counts::new(u(&r[1]), u(&r[2]));
        let b = Counts::new(u(&r[3]), u(&r[4]));
        let prior = experiment::BetaPrior {
            alpha: f(&r[5]),
            beta: f(&r[6]),
        };
        let res = experiment::beta_binomial(a, b, prior, 0.95).unwrap();
        let w = format!("{r:?}");
        assert_close(&w, res.prob_b_better, f(&r[7]), 0.0, 1e-9);
        assert_close(&w, res.expected_loss_a, f(&r[8]), 1e-7, 1e-12);
        assert_close(&w, res.expected_loss_b, f(&r[9]), 1e-6, 1e-12);
    }
}

#[test]
fn power_and_sample_size_match_statsmodels() {
    for r in rows("experiment_cases.csv", "power_prop") {
        let s = experiment::sample_size_proportions(
            f(&r[1]),
            f(&r[2]),
            f(&r[3]),
            f(&r[4]),
            f(&r[5]),
            alt(&r[6]),
        )
        .unwrap();
        assert_close(&format!("{r:?}"), s.n_a_exact, f(&r[7]), 1e-6, 0.0);
        assert_eq!(s.n_a, f(&r[7]).ceil() as u64);
    }
    for r in rows("experiment_cases.csv", "power_at") {
        let p = experiment::power_proportions(
            f(&r[1]),
            f(&r[2]),
            f(&r[3]),
            f(&r[4]),
            f(&r[5]),
            alt(&r[6]),
        )
        .unwrap();
        assert_close(&format!("{r:?}"), p, f(&r[7]), 1e-12, 1e-15);
    }
    for r in rows("experiment_cases.csv", "power_mean") {
        let s = experiment::sample_size_means(
            f(&r[1]),
            f(&r[2]),
            f(&r[3]),
            f(&r[4]),
            f(&r[5]),
            alt(&r[6]),
        )
        .unwrap();
        assert_close(&format!("{r:?}"), s.n_a_exact, f(&r[7]), 1e-6, 0.0);
    }
}

#[test]
fn srm_matches_scipy_chisquare() {
    for r in rows("experiment_cases.csv", "srm") {
        let counts: Vec<u64> = r[1].split(';').map(u).collect();
        let weights: Vec<f64> = r[2].split(';').map(f).collect();
        let c = experiment::sample_ratio_mismatch(&counts, &weights, 0.001).unwrap();
        assert_close(&format!("{r:?}"), c.chi2, f(&r[3]), 1e-12, 0.0);
        assert_close(&format!("{r:?}"), c.p_value, f(&r[4]), 1e-9, 1e-300);
        assert_eq!(c.mismatch, f(&r[4]) < 0.001);
    }
}
