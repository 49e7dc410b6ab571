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
fn beta_binomial_matches_high_precision_closed_form() {
    for r in rows("experiment_cases.csv", "bayes") {
        let a = Counts::new(u(&r[1]), u(&r[2]));
        let b = Counts::new(u(&r[3]), u(&r[4]));
        let prior = experiment::BetaPrior {
            alpha: f(&r[5]),
            beta: f(&r[6]),
        };
        let res = experiment::beta_binomial(a, b, prior, 0.95).unwrap();
        let w = format!("{r:?}");
        assert_close(&w, res.prob_b_better, f(&r[7]), 0.0, 1e-10);
        assert_close(&w, res.expected_loss_a, f(&r[8]), 1e-9, 1e-13);
        assert_close(&w, res.expected_loss_b, f(&r[9]), 1e-9, 1e-13);
    }
}

#[test]
fn prob_greater_matches_high_precision_values() {
    for r in rows("experiment_cases.csv", "prob_greater") {
        let p = experiment::prob_greater((f(&r[1]), f(&r[2])), (f(&r[3]), f(&r[4]))).unwrap();
        println!(
            "prob_greater {:?}: |err| = {:.1e}",
            &r[1..5],
            (p - f(&r[5])).abs()
        );
        assert_close(&format!("{r:?}"), p, f(&r[5]), 0.0, 1e-9);
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

// ---------------------------------------------------------------- segment vs scikit-learn

use edgewise::segment::{self, KMeansParams, Rfm, Standardizer};

fn order_log() -> (Vec<u32>, Vec<f64>, Vec<f64>) {
    let text = fixture("orders.csv");
    let (mut c, mut t, mut a) = (Vec::new(), Vec::new(), Vec::new());
    for line in text.lines().skip(1) {
        let v: Vec<&str> = line.split(',').collect();
        c.push(u(v[0]) as u32);
        t.push(f(v[1]));
        a.push(f(v[2]));
    }
    (c, t, a)
}

/// Standardized log1p RFM features (as the sklearn script builds them), as f32.
fn rfm_points(rfm: &Rfm) -> Vec<f32> {
    let logged = rfm.features(true);
    let s = Standardizer::fit(&logged, 3).unwrap();
    s.transform(&logged)
        .unwrap()
        .iter()
        .map(|&v| v as f32)
        .collect()
}

fn sklearn_ref() -> Vec<(usize, f64, f64)> {
    fixture("kmeans_ref.csv")
        .lines()
        .filter(|l| !l.starts_with('#') && !l.starts_with('k'))
        .map(|l| {
            let v: Vec<&str> = l.split(',').collect();
            (u(v[0]) as usize, f(v[1]), f(v[2]))
        })
        .collect()
}

#[test]
fn rfm_matches_pandas_style_reference() {
    let (c, t, a) = order_log();
    let rfm = Rfm::from_orders(&c, &t, &a, None).unwrap();
    let want: Vec<Vec<String>> = fixture("rfm_features.csv")
        .lines()
        .skip(1)
        .map(|l| l.split(',').map(str::to_string).collect())
        .collect();
    assert_eq!(rfm.len(), want.len());
    for (i, w) in want.iter().enumerate() {
        assert_eq!(rfm.customers[i] as u64, u(&w[0]));
        assert_close("recency", rfm.recency[i], f(&w[1]), 1e-12, 1e-9);
        assert_eq!(rfm.frequency[i], f(&w[2]));
        assert_close("monetary", rfm.monetary[i], f(&w[3]), 1e-12, 1e-9);
    }
    let s = rfm.scores(5).unwrap();
    // Higher recency score = more recent: mean recency falls as the score rises.
    let mean_rec = |b: u8| {
        let v: Vec<f64> = (0..rfm.len())
            .filter(|&i| s.recency[i] == b)
            .map(|i| rfm.recency[i])
            .collect();
        v.iter().sum::<f64>() / v.len() as f64
    };
    assert!((1..5).all(|b| mean_rec(b) > mean_rec(b + 1)));
    // Named grid: champions are recent and frequent, hibernating shoppers neither.
    let names = s.named_segments().unwrap();
    let avg = |seg: segment::RfmSegment, v: &[f64]| {
        let x: Vec<f64> = (0..rfm.len())
            .filter(|&i| names[i] == seg)
            .map(|i| v[i])
            .collect();
        assert!(!x.is_empty(), "no {seg:?}");
        x.iter().sum::<f64>() / x.len() as f64
    };
    use segment::RfmSegment::{Champions, Hibernating};
    assert!(avg(Champions, &rfm.recency) < avg(Hibernating, &rfm.recency));
    assert!(avg(Champions, &rfm.frequency) > avg(Hibernating, &rfm.frequency));
}

#[test]
fn kmeans_inertia_within_one_percent_of_sklearn() {
    let (c, t, a) = order_log();
    let rfm = Rfm::from_orders(&c, &t, &a, None).unwrap();
    let pts = rfm_points(&rfm);
    for (k, sk_inertia, _) in sklearn_ref() {
        let m = KMeansParams::new(k).seed(1).fit(&pts, 3).unwrap();
        let ratio = m.inertia / sk_inertia;
        println!(
            "k={k}: edgewise {:.4} sklearn {:.4} ratio {ratio:.5}",
            m.inertia, sk_inertia
        );
        assert!(
            ratio <= 1.01,
            "k={k}: inertia {} vs sklearn {sk_inertia}",
            m.inertia
        );
        // Far below sklearn's best would mean a wrong inertia, not a better optimum.
        assert!(
            ratio >= 0.995,
            "k={k}: inertia {} vs sklearn {sk_inertia}",
            m.inertia
        );
    }
}

#[test]
fn silhouette_matches_sklearn_and_sampling_is_close() {
    let (c, t, a) = order_log();
    let rfm = Rfm::from_orders(&c, &t, &a, None).unwrap();
    let pts = rfm_points(&rfm);
    let labels: Vec<u32> = fixture("rfm_features.csv")
        .lines()
        .skip(1)
        .map(|l| u(l.rsplit(',').next().unwrap()) as u32)
        .collect();
    let (_, _, sk_sil) = sklearn_ref().into_iter().find(|r| r.0 == 4).unwrap();
    let full = segment::silhouette(&pts, 3, &labels, None, 0).unwrap();
    assert_close("silhouette", full, sk_sil, 1e-5, 0.0);
    let sampled = segment::silhouette(&pts, 3, &labels, Some(400), 9).unwrap();
    assert!((sampled - full).abs() < 0.03, "{sampled} vs {full}");
    assert_eq!(
        sampled,
        segment::silhouette(&pts, 3, &labels, Some(400), 9).unwrap()
    );
}

#[test]
fn elbow_and_pipeline_on_the_order_log() {
    let (c, t, a) = order_log();
    let rfm = Rfm::from_orders(&c, &t, &a, None).unwrap();
    let pts = rfm_points(&rfm);
    let e = segment::elbow(&pts, 3, 2, 8, &KMeansParams::new(2).n_init(4), Some(500)).unwrap();
    assert_eq!(e.suggested_k, 4, "{e:?}");
    let seg = segment::segment_rfm(&rfm, &KMeansParams::new(4).seed(5), 500).unwrap();
    assert_eq!(
        seg.profiles.iter().map(|p| p.size).sum::<usize>(),
        rfm.len()
    );
    // Segments are distinct in behaviour: the most recent segment is not the least recent one,
    // and the biggest spenders buy more often than the smallest spenders.
    let by = |f: &dyn Fn(&segment::SegmentProfile) -> f64| {
        let mut v: Vec<f64> = seg.profiles.iter().map(f).collect();
        v.sort_by(f64::total_cmp);
        v
    };
    let rec = by(&|p| p.mean[0]);
    assert!(rec[3] > 3.0 * rec[0], "{rec:?}");
    let top = seg
        .profiles
        .iter()
        .max_by(|x, y| x.mean[2].total_cmp(&y.mean[2]))
        .unwrap();
    let low = seg
        .profiles
        .iter()
        .min_by(|x, y| x.mean[2].total_cmp(&y.mean[2]))
        .unwrap();
    assert!(top.mean[1] > low.mean[1]);
    assert!(seg.silhouette.unwrap() > 0.4);
    // Re-assigning the same shoppers reproduces the labels.
    assert_eq!(seg.predict(&rfm).unwrap(), seg.labels);
}

/// A step that is pending once before answering (as a GPU read-back is), counting its calls.
struct WaitingStep(std::cell::Cell<usize>);

impl segment::AsyncAssignStep for WaitingStep {
    fn assign<'a>(&'a self, p: &'a [f32], d: usize, c: &'a [f32]) -> segment::AssignFuture<'a> {
        self.0.set(self.0.get() + 1);
        let mut waited = false;
        Box::pin(std::future::poll_fn(move |cx| {
            if waited {
                std::task::Poll::Ready(segment::assign(p, d, c))
            } else {
                waited = true;
                cx.waker().wake_by_ref();
                std::task::Poll::Pending
            }
        }))
    }
}

#[test]
fn the_async_pipeline_with_a_waiting_step_equals_the_sync_one() {
    let (c, t, a) = order_log();
    let rfm = Rfm::from_orders(&c, &t, &a, None).unwrap();
    let params = KMeansParams::new(4).seed(5).n_init(3);
    let step = WaitingStep(std::cell::Cell::new(0));
    use std::future::Future as _;
    let fut = segment::segment_rfm_with_async(&rfm, &params, 500, &step);
    let mut fut = std::pin::pin!(fut);
    let mut cx = std::task::Context::from_waker(std::task::Waker::noop());
    let seg = loop {
        if let std::task::Poll::Ready(v) = fut.as_mut().poll(&mut cx) {
            break v.unwrap();
        }
    };
    assert_eq!(seg, segment::segment_rfm(&rfm, &params, 500).unwrap());
    assert!(step.0.get() >= 2 * 3, "{} steps", step.0.get());
}

// ---------------------------------------------------------------- hostile input

/// Every public entry point, fed every pair of awkward numbers, returns an error or an answer
/// that respects its contract (probabilities in [0, 1], finite sizes) — and never panics.
#[test]
fn hostile_numbers_give_errors_or_sane_answers() {
    use edgewise::inventory::{self, ErrorCorrelation, LeadTimeDemand};
    let vals = [
        f64::NAN,
        f64::INFINITY,
        f64::NEG_INFINITY,
        -1.0,
        0.0,
        1e-300,
        0.5,
        1.0,
        7.0,
        1e300,
    ];
    let prob = |p: f64| (0.0..=1.0).contains(&p);
    let two = Alternative::TwoSided;
    for &v in &vals {
        for &w in &vals {
            if let Ok(s) = experiment::sample_size_proportions(v, w, 0.05, 0.8, 1.0, two) {
                assert!(s.n_a >= 1 && s.n_a_exact.is_finite(), "{v} {w}");
            }
            if let Ok(s) = experiment::sample_size_means(v, w, 0.05, 0.8, 1.0, two) {
                assert!(s.n_a >= 1 && s.n_a_exact.is_finite(), "{v} {w}");
            }
            if let Ok(p) = experiment::power_proportions(0.1, 0.12, v, w, 1.0, two) {
                assert!(prob(p), "{v} {w}");
            }
            if let Ok(p) = experiment::power_means(v, w, 100.0, 0.05, 1.0, two) {
                assert!(prob(p), "{v} {w}");
            }
            let arm = SampleSummary {
                n: 10,
                mean: v,
                var: w,
            };
            let other = SampleSummary {
                n: 12,
                mean: 0.0,
                var: 1.0,
            };
            if let Ok(t) = experiment::welch_ttest_summary(arm, other, 0.95, two) {
                assert!(prob(t.p_value), "{v} {w}: {t:?}");
            }
            let big = SampleSummary {
                n: u64::MAX,
                mean: v,
                var: w,
            };
            if let Ok(t) = experiment::welch_ttest_summary(big, big, 0.95, two) {
                assert!(prob(t.p_value), "{v} {w}: {t:?}");
            }
            if let Ok(p) = experiment::prob_greater((v, w), (1.0, 1.0)) {
                assert!(prob(p), "{v} {w}");
            }
            let prior = experiment::BetaPrior { alpha: v, beta: w };
            if let Ok(r) =
                experiment::beta_binomial(Counts::new(3, 10), Counts::new(4, 10), prior, 0.95)
            {
                assert!(prob(r.prob_b_better) && r.expected_loss_a >= 0.0, "{v} {w}");
            }
            if let Ok(c) = experiment::sample_ratio_mismatch(&[10, 12], &[v, w], 0.001) {
                assert!(prob(c.p_value), "{v} {w}");
            }
            if let Ok(d) = LeadTimeDemand::new(v, w) {
                let n = inventory::newsvendor(&d, 1.0, 2.0).unwrap();
                assert!(n.quantity >= 0.0 && n.expected_cost >= 0.0, "{v} {w}");
                assert!(prob(inventory::stockout_risk(&d, 5.0).unwrap()));
            }
            let _ = LeadTimeDemand::from_interval(10.0, v, w, 0.9);
            if let Ok(q) = inventory::eoq(v, w, 1.0) {
                assert!(q.is_finite() && q >= 0.0, "{v} {w}");
            }
            let _ = LeadTimeDemand::from_quantiles(&[0.1, 0.9], &[v, w]);
            let _ = LeadTimeDemand::from_forecast(
                &[v, 1.0],
                &[w, 1.0],
                1.5,
                ErrorCorrelation::Independent,
            );
            let _ = LeadTimeDemand::from_forecast(
                &[1.0, 1.0],
                &[1.0, 1.0],
                v,
                ErrorCorrelation::Perfect,
            );
            let _ = segment::assign(&[v as f32, w as f32], 2, &[0.0, 0.0]);
            let _ = KMeansParams::new(1).fit(&[v as f32, w as f32, 0.0, 0.0], 2);
            let _ = KMeansParams::new(2)
                .tol(v)
                .fit(&[w as f32, 0.0, 1.0, 0.0], 2);
            if let Ok(r) = Rfm::from_orders(&[1, 2], &[v, w], &[w, v], None) {
                assert!(r.scores(5).is_ok());
            }
            let _ = segment::silhouette(&[v as f32, w as f32, 1.0], 1, &[0, 1, 1], None, 0);
            let _ = segment::profiles(&[v, w], 1, &[0, 1], 2);
        }
    }
}
