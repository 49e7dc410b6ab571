//! Saved states are checked for meaning after their checksum (issue #12, item 3), and the
//! bandit/LDP engines refuse what would trap, hang or return NaN: each reproducer of the issue,
//! and the bandit-state fuzzer's finding, as a native test.

use edgewise::bandit::ope::{EvalPolicy, Logs};
use edgewise::bandit::privacy::{
    estimate_mean, LaplaceMechanism, PrivacyBudget, RandomizedResponse, UnaryEncoding,
};
use edgewise::bandit::saved::{crc32, SavedState};
use edgewise::bandit::{
    LinearBandit, LinearOptions, LinearPolicy, MabOptions, MabPolicy, MultiArmed,
};

/// Body offset of a document (magic, version, kind, length).
const BODY: usize = 11;

/// `doc` with `bytes` written at body offset `at` and the checksum recomputed, as a hand-edited
/// document would be.
fn patched(doc: &[u8], at: usize, bytes: &[u8]) -> Vec<u8> {
    let mut d = doc.to_vec();
    d[BODY + at..BODY + at + bytes.len()].copy_from_slice(bytes);
    let n = d.len() - 4;
    let crc = crc32(&d[..n]);
    d[n..].copy_from_slice(&crc.to_le_bytes());
    d
}

/// Body offset of the first occurrence of `needle`.
fn find(doc: &[u8], needle: &[u8]) -> usize {
    doc[BODY..]
        .windows(needle.len())
        .position(|w| w == needle)
        .expect("value present in the document")
}

fn thompson() -> MultiArmed {
    let mut o = MabOptions::new(MabPolicy::BetaThompson {
        alpha: 1.0,
        beta: 1.0,
    });
    o.seed = 5;
    let mut b = MultiArmed::new(&[0, 1, 2], o).unwrap();
    b.update(1, 0.625).unwrap();
    b
}

fn refused<S: SavedState + std::fmt::Debug>(doc: &[u8], reason: &str) {
    let e = S::import_state(doc).unwrap_err().to_string();
    assert!(e.starts_with("corrupt bandit state: "), "{e}");
    assert!(e.contains(reason), "{e} should say {reason:?}");
}

#[test]
fn a_thompson_state_with_a_negative_reward_sum_is_refused_and_the_live_bandit_kept() {
    let mut live = thompson();
    let doc = live.export_state();
    let at = find(&doc, &0.625f64.to_le_bytes());
    let bad = patched(&doc, at, &(-0.625f64).to_le_bytes());
    refused::<MultiArmed>(&bad, "arm 1 has impossible statistics");
    let before = live.clone();
    assert!(live.load_state(&bad).is_err());
    assert_eq!(live, before);
    // A reward sum above the weight is as impossible for click rewards.
    let bad = patched(&doc, at, &5.0f64.to_le_bytes());
    refused::<MultiArmed>(&bad, "rewards in [0, 1]");
    // The untouched document still loads, and the bandit still chooses.
    live.load_state(&doc).unwrap();
    live.choose().unwrap();
}

#[test]
fn a_next_decision_id_at_or_above_2_pow_53_is_refused() {
    let b = thompson();
    let doc = b.export_state();
    // The body ends with next_id (u64) and the number of open decisions (u64, here 0).
    let at = doc.len() - 4 - 16 - BODY;
    let bad = patched(&doc, at, &(1u64 << 53).to_le_bytes());
    refused::<MultiArmed>(&bad, "the next decision id is 9007199254740992");
    let ok = patched(&doc, at, &((1u64 << 53) - 1).to_le_bytes());
    // The last id below 2^53 − 1 is never handed out: choose refuses instead of overflowing.
    let mut at_limit = MultiArmed::import_state(&ok).unwrap();
    let e = at_limit.choose().unwrap_err().to_string();
    assert!(e.contains("decision ids left below 2^53"), "{e}");
}

#[test]
fn counters_and_options_out_of_range_are_refused() {
    let b = thompson();
    let doc = b.export_state();
    // pulls of arm 1: the u64 right after its three f64 statistics.
    let at = find(&doc, &0.625f64.to_le_bytes()) + 16;
    refused::<MultiArmed>(
        &patched(&doc, at, &(1u64 << 60).to_le_bytes()),
        "arm 1's pull count",
    );
    // max_pending (u64 after tag, 3 parameters, discount and seed).
    refused::<MultiArmed>(
        &patched(&doc, 1 + 8 * 5, &u64::MAX.to_le_bytes()),
        "options.max_pending",
    );
    // alpha of the Beta prior.
    refused::<MultiArmed>(&patched(&doc, 1, &(-1.0f64).to_le_bytes()), "policy.alpha");
}

fn linear(policy: LinearPolicy, discount: f64) -> LinearBandit {
    let mut o = LinearOptions::new(policy, 2);
    o.discount = discount;
    o.seed = 3;
    let mut b = LinearBandit::new(&[0, 1], o).unwrap();
    for t in 0..20 {
        let x = [1.0, (t % 3) as f64];
        let d = b.choose(&x).unwrap();
        b.reward(d.id, (t % 2) as f64).unwrap();
    }
    b
}

/// Body offsets of the linear options: tag, parameter, dim, then ridge and discount.
const RIDGE: usize = 1 + 8 + 8;
const DISCOUNT: usize = RIDGE + 8;

#[test]
fn a_linear_state_with_an_overwritten_ridge_or_discount_is_refused_or_keeps_working() {
    for policy in [
        LinearPolicy::LinUcb { alpha: 1.0 },
        LinearPolicy::LinThompson { v: 1.0 },
    ] {
        let mut live = linear(policy, 0.9);
        let doc = live.export_state();
        let before = live.clone();
        // A ridge larger than the data allows: A ⪰ ridge·I fails.
        let bad = patched(&doc, RIDGE, &1e5f64.to_le_bytes());
        refused::<LinearBandit>(&bad, "A ⪰ ridge·I");
        assert!(live.load_state(&bad).is_err());
        assert_eq!(live, before);
        // The bandit-state fuzzer's finding: a subnormal ridge and discount loaded, and the
        // next scores were NaN.
        let bad = patched(&doc, RIDGE, &4.172013484701003e-309f64.to_le_bytes());
        let bad = patched(&bad, DISCOUNT, &1.390671161567e-309f64.to_le_bytes());
        refused::<LinearBandit>(&bad, "options.ridge");
        // A smaller ridge or another discount is consistent: it loads and keeps working.
        for (at, v) in [(RIDGE, 0.5f64), (DISCOUNT, 1e-300), (DISCOUNT, 1.0)] {
            let mut b = LinearBandit::import_state(&patched(&doc, at, &v.to_le_bytes())).unwrap();
            for t in 0..50 {
                let d = b.choose(&[1.0, t as f64]).unwrap();
                b.reward(d.id, 1.0).unwrap();
            }
            assert!(b.scores(&[1.0, 2.0]).unwrap().iter().all(|s| s.is_finite()));
        }
    }
}

#[test]
fn a_linear_state_whose_inverse_or_counters_are_off_is_refused() {
    let b = linear(LinearPolicy::LinUcb { alpha: 1.0 }, 1.0);
    let doc = b.export_state();
    // The first arm's A⁻¹ follows its A: find A's first entry, skip A (4 values + length).
    let a00 = find(&doc, &2u64.pow(2).to_le_bytes()) + 8;
    let inv00 = a00 + 4 * 8 + 8;
    refused::<LinearBandit>(&patched(&doc, inv00, &7.0f64.to_le_bytes()), "inverse of A");
    refused::<LinearBandit>(&patched(&doc, a00, &(-3.0f64).to_le_bytes()), "A ⪰ ridge·I");
    // since_refactor (u64 before A's length) at or above refactor_every.
    refused::<LinearBandit>(
        &patched(&doc, a00 - 16, &5000u64.to_le_bytes()),
        "updates since the last re-factorization",
    );
    // dim above MAX_CONTEXT_DIM.
    refused::<LinearBandit>(&patched(&doc, 9, &5000u64.to_le_bytes()), "options.dim");
}

#[test]
fn contexts_too_large_for_finite_scores_are_an_error_not_nan() {
    let mut b = linear(LinearPolicy::LinUcb { alpha: 1.0 }, 1.0);
    let before = b.clone();
    let e = b.choose(&[1e300, 1e300]).unwrap_err().to_string();
    assert!(e.contains("score"), "{e}");
    assert!(b.scores(&[1e300, -1e300]).is_err());
    assert_eq!(b, before);
}

#[test]
fn a_reward_that_fails_leaves_its_decision_open() {
    let mut b = MultiArmed::new(
        &[0, 1],
        MabOptions::new(MabPolicy::Softmax { temperature: 0.1 }),
    )
    .unwrap();
    let d = b.choose().unwrap();
    let before = b.clone();
    assert!(b.reward(d.id, 1e200).is_err()); // its square overflows
    assert_eq!(b, before);
    b.reward(d.id, 1.0).unwrap();
    let mut l = linear(LinearPolicy::LinUcb { alpha: 1.0 }, 1.0);
    let d = l.choose(&[1e150, 1.0]).unwrap();
    let before = l.clone();
    assert!(l.reward(d.id, 1e200).is_err());
    assert_eq!(l, before);
}

#[test]
fn budget_states_are_replayed_and_checked() {
    let mut b = PrivacyBudget::new(2.0, 1e-6).unwrap();
    b.charge("a", 0.75, 0.0).unwrap();
    let doc = b.export_state();
    let at = find(&doc, &0.75f64.to_le_bytes());
    refused::<PrivacyBudget>(
        &patched(&doc, at, &(-0.75f64).to_le_bytes()),
        "negative cost",
    );
    refused::<PrivacyBudget>(&patched(&doc, at, &3.0f64.to_le_bytes()), "overspend");
    refused::<PrivacyBudget>(&patched(&doc, 0, &f64::NAN.to_le_bytes()), "stored totals");
    // A charge that fails changes nothing.
    let before = b.clone();
    assert!(b.charge("x", f64::NAN, 0.0).is_err());
    assert!(b.charge("x", 0.5, -1.0).is_err());
    assert!(b.charge("x", 5.0, 0.0).is_err());
    assert_eq!(b, before);
}

#[test]
fn ldp_sizes_are_bounded_and_large_epsilon_decodes_without_nan() {
    // budget.unaryEncoding(1, 4294967295, 0.5) and unaryEncoding(1, 1e9, …).
    for k in [u32::MAX, 1_000_000_000, 65_537] {
        let e = UnaryEncoding::new(k, 0.5).unwrap_err().to_string();
        assert!(e.contains("expected a whole number in [2, 65536]"), "{e}");
        assert!(RandomizedResponse::new(k, 0.5).is_err());
    }
    // decodeRandomizedResponse with ε ≥ 1000 returned NaN.
    for eps in [1000.0, 1e300] {
        let m = RandomizedResponse::new(4, eps).unwrap();
        assert_eq!(m.probabilities(), (1.0, 0.0));
        let est = m.estimate(&[0, 1, 1, 3]).unwrap();
        assert_eq!(est.freq, vec![0.25, 0.5, 0.0, 0.25]);
        assert!(est.variance.iter().all(|v| v.is_finite()));
        let ue = UnaryEncoding::new(4, eps).unwrap();
        assert!(ue.estimate_from_counts(&[1, 2, 0, 1], 4).is_ok());
    }
    // An ε so small that p − q underflows is an error, not ±∞.
    let m = RandomizedResponse::new(2, 1e-300).unwrap();
    assert!(m
        .estimate(&[0, 1])
        .unwrap_err()
        .to_string()
        .contains("epsilon"));
    // Noise scales and means that would overflow.
    assert!(LaplaceMechanism::new(-1e308, 1e308, 1.0).is_err());
    assert!(LaplaceMechanism::new(0.0, 1.0, 1e-320).is_err());
    assert!(estimate_mean(&[1e308, -1e308, 1e308]).is_err());
    assert_eq!(estimate_mean(&[1e308, 1e308]).unwrap().mean, 1e308);
}

#[test]
fn logged_feedback_sizes_are_bounded() {
    // evaluateLoggedFeedback({…, nActions: 4294967295}, 'uniform').
    let e = Logs::new(vec![0], None, vec![1.0], vec![0.5], 4_294_967_295, 1)
        .unwrap_err()
        .to_string();
    assert!(e.contains("n_actions") && e.contains("100000"), "{e}");
    assert!(EvalPolicy::uniform(4_294_967_295, 1).is_err());
    assert!(EvalPolicy::uniform(100_000, 100_000).is_err());
    // lenList = 2^27 with one action asked for a 1 GiB table.
    let e = EvalPolicy::uniform(1, 1 << 27).unwrap_err().to_string();
    assert!(e.contains("len_list") && e.contains("16777216"), "{e}");
    assert!(EvalPolicy::uniform(3, 2).is_ok());
}

#[test]
fn a_gamma_shape_that_is_not_positive_draws_zero_instead_of_spinning() {
    let mut rng = edgewise::rng::seeded(1);
    for shape in [f64::NAN, -1.0, 0.0] {
        assert_eq!(edgewise::bandit::sample::gamma(&mut rng, shape), 0.0);
    }
}

#[test]
fn bootstrap_work_is_bounded() {
    use edgewise::bandit::ope::{report, OpeSettings};
    let n = 1_000;
    let logs = Logs::new(
        (0..n).map(|i| (i % 2) as u32).collect(),
        None,
        (0..n).map(|i| (i % 3 == 0) as u8 as f64).collect(),
        vec![0.5; n],
        2,
        1,
    )
    .unwrap();
    let pi = EvalPolicy::uniform(2, 1).unwrap();
    let settings = |bootstrap| OpeSettings {
        bootstrap,
        ..OpeSettings::default()
    };
    // 100,000 resamples of 1,000 rounds is 10^8 resampled rounds: refused, naming the option.
    let e = report(&logs, &pi, None, &settings(100_000))
        .unwrap_err()
        .to_string();
    assert!(
        e.starts_with("invalid argument `options.bootstrap`: expected at most 50000 resamples"),
        "{e}"
    );
    let r = report(&logs, &pi, None, &settings(200)).unwrap();
    let (lo, hi) = r.ips.boot.unwrap();
    assert!(lo <= r.ips.estimate.value && r.ips.estimate.value <= hi);
}

#[test]
fn counters_at_2_pow_53_minus_1_load_but_are_never_pushed_past_it() {
    // bandit_state fuzzer finding: a state with steps = 2^53 − 1 loaded, choose() made it 2^53,
    // and the exported state was then refused.
    let max = (1u64 << 53) - 1;
    let b = thompson();
    let doc = b.export_state();
    // steps: the u64 after tag, 3 parameters, discount, seed and max_pending.
    let steps_at = 1 + 8 * 6;
    let mut live = MultiArmed::import_state(&patched(&doc, steps_at, &max.to_le_bytes())).unwrap();
    let before = live.clone();
    let e = live.choose().unwrap_err().to_string();
    assert!(e.contains("steps left below 2^53 - 1"), "{e}");
    assert_eq!(live, before);
    // pulls of arm 1 at the limit: a further reward is refused, nothing changes.
    let pulls_at = find(&doc, &0.625f64.to_le_bytes()) + 16;
    let mut full = MultiArmed::import_state(&patched(&doc, pulls_at, &max.to_le_bytes())).unwrap();
    let before = full.clone();
    assert!(full
        .update(1, 1.0)
        .unwrap_err()
        .to_string()
        .contains("pulls left"));
    assert_eq!(full, before);
    MultiArmed::import_state(&full.export_state()).unwrap();
}
