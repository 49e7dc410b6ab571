//! Local differential privacy: unbiased decoders (within their stated variances over seeded
//! runs), an empirical ε audit of every mechanism, and budget accounting.

use edgewise::bandit::privacy::{
    estimate_mean, GaussianMechanism, LaplaceMechanism, PrivacyBudget, RandomizedResponse,
    UnaryEncoding,
};
use edgewise::bandit::saved::SavedState;
use edgewise::rng::{seeded, Rng};
use rand::Rng as _;

fn fresh() -> PrivacyBudget {
    PrivacyBudget::new(10.0, 1e-3).unwrap()
}

fn draw_category(rng: &mut Rng, dist: &[f64]) -> u32 {
    let mut u = rng.random::<f64>();
    for (i, p) in dist.iter().enumerate() {
        if u < *p {
            return i as u32;
        }
        u -= p;
    }
    dist.len() as u32 - 1
}

/// Runs `estimate` over `seeds` seeded fleets and checks, per category, that the average
/// estimate is within 4 standard errors of the truth and that the spread across seeds matches
/// the decoder's stated variance.
fn check_unbiased(
    truth: &[f64],
    seeds: u64,
    mut estimate: impl FnMut(u64) -> (Vec<f64>, Vec<f64>),
) {
    let runs: Vec<(Vec<f64>, Vec<f64>)> = (0..seeds).map(&mut estimate).collect();
    let s = seeds as f64;
    for (c, &t) in truth.iter().enumerate() {
        let mean = runs.iter().map(|r| r.0[c]).sum::<f64>() / s;
        let stated = runs.iter().map(|r| r.1[c]).sum::<f64>() / s;
        let spread = runs.iter().map(|r| (r.0[c] - mean).powi(2)).sum::<f64>() / (s - 1.0);
        assert!(
            (mean - t).abs() < 4.0 * (stated / s).sqrt(),
            "category {c}: mean {mean} vs {t} (sd {})",
            stated.sqrt()
        );
        assert!(
            spread / stated > 0.4 && spread / stated < 2.0,
            "category {c}: empirical var {spread} vs stated {stated}"
        );
    }
}

#[test]
fn frequency_decoders_are_unbiased_with_stated_variance() {
    let truth = [0.4, 0.3, 0.15, 0.1, 0.05];
    let users = 5_000;
    for eps in [0.5, 2.0] {
        let rr = RandomizedResponse::new(5, eps).unwrap();
        check_unbiased(&truth, 30, |seed| {
            let mut rng = seeded(seed);
            let reports: Vec<u32> = (0..users)
                .map(|_| {
                    let v = draw_category(&mut rng, &truth);
                    rr.release(v, &mut fresh(), &mut rng).unwrap()
                })
                .collect();
            let e = rr.estimate(&reports).unwrap();
            (e.freq, e.variance)
        });
        let oue = UnaryEncoding::new(5, eps).unwrap();
        check_unbiased(&truth, 30, |seed| {
            let mut rng = seeded(100 + seed);
            let reports: Vec<Vec<u8>> = (0..users)
                .map(|_| {
                    let v = draw_category(&mut rng, &truth);
                    oue.release(v, &mut fresh(), &mut rng).unwrap()
                })
                .collect();
            let e = oue.estimate(&reports).unwrap();
            (e.freq, e.variance)
        });
    }
    // Binary randomized response: k = 2.
    let rr = RandomizedResponse::new(2, 1.0).unwrap();
    check_unbiased(&[0.2, 0.8], 30, |seed| {
        let mut rng = seeded(200 + seed);
        let reports: Vec<u32> = (0..users)
            .map(|_| {
                let v = u32::from(rng.random::<f64>() >= 0.2);
                rr.release(v, &mut fresh(), &mut rng).unwrap()
            })
            .collect();
        let e = rr.estimate(&reports).unwrap();
        (e.freq, e.variance)
    });
}

#[test]
fn mean_decoders_are_unbiased_for_the_clipped_mean() {
    // Values uniform on [0, 12], clipped to [0, 10]: clipped mean = (50 + 2·10)/12 = 70/12.
    let truth = [70.0 / 12.0];
    let lap = LaplaceMechanism::new(0.0, 10.0, 1.0).unwrap();
    check_unbiased(&truth, 30, |seed| {
        let mut rng = seeded(300 + seed);
        let r: Vec<f64> = (0..4000)
            .map(|_| {
                lap.release(rng.random::<f64>() * 12.0, &mut fresh(), &mut rng)
                    .unwrap()
            })
            .collect();
        let e = estimate_mean(&r).unwrap();
        (vec![e.mean], vec![e.variance])
    });
    let gauss = GaussianMechanism::new(0.0, 10.0, 0.5, 1e-5).unwrap();
    check_unbiased(&truth, 30, |seed| {
        let mut rng = seeded(400 + seed);
        let r: Vec<f64> = (0..4000)
            .map(|_| {
                gauss
                    .release(rng.random::<f64>() * 12.0, &mut fresh(), &mut rng)
                    .unwrap()
            })
            .collect();
        let e = estimate_mean(&r).unwrap();
        (vec![e.mean], vec![e.variance])
    });
    assert!((gauss.sigma() - 10.0 * (2.0 * (1.25e5f64).ln()).sqrt() / 0.5).abs() < 1e-12);
    assert!((lap.scale() - 10.0).abs() < 1e-15);
}

/// Audits max over outcomes of P(o | a) / P(o | b) from `trials` draws per input: it must not
/// exceed e^ε beyond 4 standard errors (on the log scale), and — these mechanisms being tight —
/// must reach e^ε within them.
fn audit(
    epsilon: f64,
    outcomes: usize,
    trials: usize,
    mut draw: impl FnMut(bool, &mut Rng) -> usize,
) {
    let mut rng = seeded(77);
    let mut counts = [vec![0usize; outcomes], vec![0usize; outcomes]];
    for (side, c) in counts.iter_mut().enumerate() {
        for _ in 0..trials {
            c[draw(side == 1, &mut rng)] += 1;
        }
    }
    let mut worst: f64 = f64::NEG_INFINITY;
    let mut worst_se = 0.0;
    for (o, (&a, &b)) in counts[0].iter().zip(&counts[1]).enumerate() {
        let (a, b) = (a as f64, b as f64);
        if a < 500.0 || b < 500.0 {
            continue; // too rare to estimate a ratio
        }
        let se = (1.0 / a + 1.0 / b).sqrt();
        for log_ratio in [(a / b).ln(), (b / a).ln()] {
            assert!(
                log_ratio <= epsilon + 4.0 * se,
                "outcome {o}: log ratio {log_ratio} > ε = {epsilon}"
            );
            if log_ratio > worst {
                worst = log_ratio;
                worst_se = se;
            }
        }
    }
    assert!(
        worst >= epsilon - 4.0 * worst_se,
        "worst log ratio {worst} well below ε = {epsilon}: mechanism looser than claimed"
    );
}

#[test]
fn empirical_epsilon_audit() {
    let n = 100_000;
    for eps in [0.5, 1.5] {
        let rr = RandomizedResponse::new(4, eps).unwrap();
        audit(eps, 4, n, |b, rng| {
            rr.release(u32::from(b), &mut fresh(), rng).unwrap() as usize
        });
        let binary = RandomizedResponse::new(2, eps).unwrap();
        audit(eps, 2, n, |b, rng| {
            binary.release(u32::from(b), &mut fresh(), rng).unwrap() as usize
        });
        // OUE: the two bits that differ between inputs 0 and 1 carry the whole ratio.
        let oue = UnaryEncoding::new(6, eps).unwrap();
        audit(eps, 4, n, |b, rng| {
            let r = oue.release(u32::from(b), &mut fresh(), rng).unwrap();
            (r[0] * 2 + r[1]) as usize
        });
        // Laplace on the extreme inputs lo and hi, outputs binned by b/4 over [lo − 3b, hi + 3b].
        let lap = LaplaceMechanism::new(0.0, 1.0, eps).unwrap();
        let b = lap.scale();
        let bins = 24 + (4.0 * eps).ceil() as usize;
        audit(eps, bins + 2, n, |hi, rng| {
            let y = lap
                .release(if hi { 1.0 } else { 0.0 }, &mut fresh(), rng)
                .unwrap();
            let k = ((y + 3.0 * b) / (b / 4.0)).floor();
            if k < 0.0 {
                bins
            } else if k as usize >= bins {
                bins + 1
            } else {
                k as usize
            }
        });
    }
}

#[test]
fn budget_records_releases_and_refuses_overspend() {
    let mut rng = seeded(1);
    let mut budget = PrivacyBudget::new(1.0, 1e-6).unwrap();
    let rr = RandomizedResponse::new(2, 0.4).unwrap();
    rr.release(1, &mut budget, &mut rng).unwrap();
    rr.release(0, &mut budget, &mut rng).unwrap();
    let e = rr
        .release(1, &mut budget, &mut rng)
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("remaining privacy budget") && e.contains("randomized response"),
        "{e}"
    );
    assert_eq!(budget.releases().len(), 2);
    assert!((budget.remaining().0 - 0.2).abs() < 1e-12);
    // δ is accounted separately.
    let g = GaussianMechanism::new(0.0, 1.0, 0.1, 1e-6).unwrap();
    g.release(0.5, &mut budget, &mut rng).unwrap();
    let e = g
        .release(0.5, &mut budget, &mut rng)
        .unwrap_err()
        .to_string();
    assert!(e.contains("δ"), "{e}");
    assert_eq!(budget.releases().len(), 3);
    assert_eq!(budget.releases()[2].label, "gaussian");
    // Spending exactly the budget is allowed (up to rounding), one more release is not.
    let mut b = PrivacyBudget::new(1.0, 0.0).unwrap();
    let tenth = LaplaceMechanism::new(0.0, 1.0, 0.1).unwrap();
    for _ in 0..10 {
        tenth.release(0.3, &mut b, &mut rng).unwrap();
    }
    assert!(tenth.release(0.3, &mut b, &mut rng).is_err());
    // A pure-ε budget refuses any δ.
    assert!(g
        .release(0.1, &mut PrivacyBudget::new(5.0, 0.0).unwrap(), &mut rng)
        .is_err());
}

#[test]
fn bad_parameters_and_reports_are_clear_errors() {
    let mut rng = seeded(2);
    let m = |e: edgewise::Error| e.to_string();
    assert!(m(PrivacyBudget::new(0.0, 0.0).unwrap_err()).contains("epsilon"));
    assert!(m(PrivacyBudget::new(1.0, 1.0).unwrap_err()).contains("delta"));
    assert!(m(RandomizedResponse::new(1, 1.0).unwrap_err()).contains("`k`"));
    assert!(m(RandomizedResponse::new(3, f64::NAN).unwrap_err()).contains("epsilon"));
    assert!(UnaryEncoding::new(3, -1.0).is_err());
    assert!(m(LaplaceMechanism::new(1.0, 1.0, 1.0).unwrap_err()).contains("`hi`"));
    assert!(GaussianMechanism::new(0.0, 1.0, 2.0, 1e-5).is_err());
    assert!(GaussianMechanism::new(0.0, 1.0, 0.5, 0.0).is_err());
    let rr = RandomizedResponse::new(3, 1.0).unwrap();
    let mut b = fresh();
    assert!(m(rr.release(3, &mut b, &mut rng).unwrap_err()).contains("0..3"));
    assert!(
        b.releases().is_empty(),
        "a refused release must not be charged"
    );
    assert!(m(rr.estimate(&[0, 1, 7]).unwrap_err()).contains("7 at index 2"));
    assert!(m(rr.estimate(&[]).unwrap_err()).contains("at least one report"));
    let oue = UnaryEncoding::new(3, 1.0).unwrap();
    assert!(oue.estimate(&[vec![0, 1]]).is_err());
    assert!(oue.estimate(&[vec![0, 2, 0]]).is_err());
    assert!(oue.estimate_from_counts(&[5, 0, 0], 4).is_err());
    let lap = LaplaceMechanism::new(0.0, 1.0, 1.0).unwrap();
    assert!(lap.release(f64::NAN, &mut b, &mut rng).is_err());
    assert!(b.releases().is_empty());
    assert!(estimate_mean(&[1.0]).is_err());
    assert!(estimate_mean(&[1.0, f64::NAN]).is_err());
    // Infinite inputs are clipped, not rejected: clipping is the mechanism's job.
    assert!(lap
        .release(f64::INFINITY, &mut b, &mut rng)
        .unwrap()
        .is_finite());
}

#[test]
fn budget_survives_a_page_reload_and_damaged_documents_are_refused() {
    let mut rng = seeded(3);
    let mut budget = PrivacyBudget::new(1.0, 1e-6).unwrap();
    RandomizedResponse::new(2, 0.25)
        .unwrap()
        .release(1, &mut budget, &mut rng)
        .unwrap();
    GaussianMechanism::new(0.0, 1.0, 0.5, 5e-7)
        .unwrap()
        .release(0.2, &mut budget, &mut rng)
        .unwrap();
    let doc = budget.export_state();
    let restored = PrivacyBudget::import_state(&doc).unwrap();
    assert_eq!(restored, budget);
    // The restored budget keeps refusing what the original would refuse.
    let mut restored = restored;
    assert!(LaplaceMechanism::new(0.0, 1.0, 0.3)
        .unwrap()
        .release(0.1, &mut restored, &mut rng)
        .is_err());
    for i in 0..doc.len() {
        let mut bad = doc.clone();
        bad[i] ^= 0x08;
        assert!(
            PrivacyBudget::import_state(&bad).is_err(),
            "flip at {i} accepted"
        );
    }
    assert!(PrivacyBudget::import_state(&doc[..doc.len() - 3]).is_err());
    let bandit = edgewise::bandit::MultiArmed::new(
        &[1],
        edgewise::bandit::MabOptions::new(edgewise::bandit::MabPolicy::Ucb1 { c: 1.0 }),
    )
    .unwrap();
    let e = PrivacyBudget::import_state(&bandit.export_state())
        .unwrap_err()
        .to_string();
    assert!(
        e.contains("multi-armed state, not a privacy budget state"),
        "{e}"
    );
}
