//! wasm-bindgen tests of the bandit JS face (`src/js/bandit.rs`), run in Node and in headless
//! Chromium: results, saved state, and bad arguments thrown as JS `Error`s with exact messages.
#![cfg(target_arch = "wasm32")]

mod wasm_support;
use wasm_support::{get, json, thrown};

use edgewise::js::bandit::{
    self, JsLinearBandit as LinearBandit, JsPrivacyBudget as PrivacyBudget, MultiArmedBandit,
};
use js_sys::{Float64Array, Uint32Array, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::wasm_bindgen_test;

fn arms(ids: &[u32]) -> JsValue {
    Uint32Array::from(ids).into()
}

fn f64s(v: &[f64]) -> JsValue {
    Float64Array::from(v).into()
}

fn n(x: f64) -> JsValue {
    JsValue::from_f64(x)
}

const NONE: &JsValue = &JsValue::UNDEFINED;

/// Plays `n` rounds where arm 2 always clicks; returns the arms chosen.
fn play(b: &MultiArmedBandit, rounds: usize) -> Vec<u32> {
    (0..rounds)
        .map(|_| {
            let d = b.choose().unwrap();
            let arm = get(&d, "arm").as_f64().unwrap() as u32;
            let id = get(&d, "decisionId").as_f64().unwrap();
            b.reward(&n(id), &n(if arm == 2 { 1.0 } else { 0.0 }))
                .unwrap();
            arm
        })
        .collect()
}

#[wasm_bindgen_test]
fn same_seed_same_choices_and_state_round_trip() {
    let opts = json(r#"{"policy":"thompson","seed":7}"#);
    let a = MultiArmedBandit::new(&arms(&[0, 1, 2, 3]), &opts).unwrap();
    let b = MultiArmedBandit::new(&arms(&[0, 1, 2, 3]), &opts).unwrap();
    let (ca, cb) = (play(&a, 200), play(&b, 200));
    assert_eq!(ca, cb);
    assert_eq!(a.policy().unwrap(), "thompson");
    // The best arm dominates the last rounds.
    assert!(ca[150..].iter().filter(|&&x| x == 2).count() > 40);
    // Round trip through bytes: the restored bandit continues exactly like the original.
    let saved = a.export_state().unwrap();
    let c = MultiArmedBandit::import_state(&saved.clone().into()).unwrap();
    assert_eq!(play(&a, 50), play(&c, 50));
    let summary = c.arms().unwrap();
    let ids: Uint32Array = get(&summary, "arm").dyn_into().unwrap();
    assert_eq!(ids.to_vec(), vec![0, 1, 2, 3]);
    let pulls: Float64Array = get(&summary, "pulls").dyn_into().unwrap();
    assert_eq!(pulls.to_vec().iter().sum::<f64>(), 250.0);
}

#[wasm_bindgen_test]
fn corrupt_state_is_refused_and_the_live_bandit_is_untouched() {
    let b = MultiArmedBandit::new(&arms(&[1, 2, 3]), &json(r#"{"seed":1}"#)).unwrap();
    play(&b, 20);
    let before = b.export_state().unwrap().to_vec();
    let mut flipped = before.clone();
    flipped[20] ^= 0x40;
    let cases: Vec<(JsValue, &str)> = vec![
        (
            Uint8Array::from(&flipped[..]).into(),
            "corrupt bandit state: ",
        ),
        (
            Uint8Array::from(&before[..10]).into(),
            "corrupt bandit state: ",
        ),
        (
            Uint8Array::from(&b"hello world, not a state"[..]).into(),
            "corrupt bandit state: ",
        ),
        (
            JsValue::from_str("abc"),
            "invalid argument `bytes`: expected a Uint8Array or an ArrayBuffer, got a string",
        ),
    ];
    for (bytes, message) in cases {
        let err = thrown(b.load_state(&bytes).unwrap_err());
        assert!(err.starts_with(message), "{err}");
    }
    assert_eq!(b.export_state().unwrap().to_vec(), before);
    // A linear bandit's state is refused by the multi-armed one, and a wrong dimension too.
    let lin = LinearBandit::new(&arms(&[1, 2]), &json(r#"{"dim":3,"seed":1}"#)).unwrap();
    let err = thrown(
        b.load_state(&lin.export_state().unwrap().into())
            .unwrap_err(),
    );
    assert!(err.starts_with("corrupt bandit state: "), "{err}");
    let lin4 = LinearBandit::new(&arms(&[1, 2]), &json(r#"{"dim":4,"seed":1}"#)).unwrap();
    assert_eq!(
        thrown(lin4.load_state(&lin.export_state().unwrap().into()).unwrap_err()),
        "invalid argument `state`: expected a saved state with context dimension 4, got dimension 3"
    );
    assert_eq!(lin4.dim().unwrap(), 4);
}

#[wasm_bindgen_test]
fn bad_bandit_arguments_throw_clear_errors() {
    let new = |ids: JsValue, opts: &str| {
        thrown(
            MultiArmedBandit::new(&ids, &json(opts))
                .err()
                .expect("must fail"),
        )
    };
    assert_eq!(
        new(JsValue::from_str("x"), "{}"),
        "invalid argument `arms`: expected a Uint32Array or an array of whole numbers, got a string"
    );
    assert_eq!(
        new(json("[0, 1.5]"), "{}"),
        "invalid argument `arms[1]`: expected a whole number in [0, 4294967295], got 1.5"
    );
    assert_eq!(
        new(arms(&[0, 1]), r#"{"policy":"greedy"}"#),
        "invalid argument `options.policy`: expected one of \"thompson\", \"ucb1\", \"epsilonGreedy\", \"softmax\", \"gaussianThompson\", got \"greedy\""
    );
    assert_eq!(
        new(arms(&[0, 1]), r#"{"policy":"ucb1","alpha":2}"#),
        "invalid argument `options.alpha`: expected no `alpha` with policy \"ucb1\" (its parameters: c), got 2"
    );
    assert_eq!(
        new(
            arms(&[0, 1]),
            r#"{"policy":"gaussianThompson","priorSd":-1}"#
        ),
        "invalid argument `options.priorSd`: expected a finite number > 0, got -1"
    );
    assert_eq!(
        new(arms(&[0, 1]), r#"{"seed":-3}"#),
        "invalid argument `options.seed`: expected a whole number in [0, 2^53 - 1], got -3"
    );
    assert!(new(arms(&[0, 1]), r#"{"sed":3}"#).contains("unknown key `sed`"));

    let b = MultiArmedBandit::new(&arms(&[0, 1]), &json(r#"{"seed":3}"#)).unwrap();
    let d = b.choose().unwrap();
    let id = get(&d, "decisionId").as_f64().unwrap();
    assert_eq!(
        thrown(b.reward(&n(id), &n(f64::NAN)).unwrap_err()),
        "invalid argument `reward`: expected a finite number, got NaN"
    );
    assert_eq!(
        thrown(b.reward(&n(id), &n(2.0)).unwrap_err()),
        "invalid argument `reward`: expected a number in [0, 1] (this policy models click/conversion rewards), got 2"
    );
    assert_eq!(
        thrown(b.reward(&n(-1.0), &n(1.0)).unwrap_err()),
        "invalid argument `decisionId`: expected a whole number in [0, 2^53 - 1], got -1"
    );
    b.reward(&n(id), &n(1.0)).unwrap();
    assert!(
        thrown(b.reward(&n(id), &n(1.0)).unwrap_err()).starts_with("invalid argument `decisionId`")
    );
    assert!(thrown(b.update(&n(9.0), &n(1.0)).unwrap_err()).starts_with("invalid argument `arm`"));
    assert!(thrown(b.add_arm(&n(1.0)).unwrap_err()).starts_with("invalid argument `arm`"));
    b.retire_arm(&n(0.0)).unwrap();
    b.retire_arm(&n(1.0)).unwrap();
    assert!(b.choose().is_err());
    b.add_arm(&n(5.0)).unwrap();
    assert_eq!(get(&b.choose().unwrap(), "arm").as_f64(), Some(5.0));
}

#[wasm_bindgen_test]
fn linear_bandit_learns_and_validates_contexts() {
    let opts = r#"{"policy":"linUcb","dim":2,"alpha":0.5,"seed":5}"#;
    let b = LinearBandit::new(&arms(&[10, 20]), &json(opts)).unwrap();
    assert_eq!(b.policy().unwrap(), "linUcb");
    assert_eq!(b.arm_ids().unwrap().to_vec(), vec![10, 20]);
    // Arm 10 pays in context [1, 0], arm 20 in [0, 1].
    for t in 0..200 {
        let x = if t % 2 == 0 { [1.0, 0.0] } else { [0.0, 1.0] };
        let d = b.choose(&f64s(&x)).unwrap();
        let arm = get(&d, "arm").as_f64().unwrap() as u32;
        let good = (arm == 10) == (t % 2 == 0);
        b.reward(&get(&d, "decisionId"), &n(if good { 1.0 } else { 0.0 }))
            .unwrap();
    }
    let s = b.scores(&f64s(&[1.0, 0.0])).unwrap().to_vec();
    assert!(s[0] > s[1]);
    assert!(b.theta(&n(10.0)).unwrap().get_index(0) > 0.8);
    assert!(b.pulls(&n(10.0)).unwrap() > 50.0);
    let copy = LinearBandit::import_state(&b.export_state().unwrap().into()).unwrap();
    assert_eq!(
        copy.export_state().unwrap().to_vec(),
        b.export_state().unwrap().to_vec()
    );

    assert_eq!(
        thrown(b.choose(&f64s(&[1.0])).unwrap_err()),
        "invalid argument `context`: expected 2 numbers (the bandit's dim), got 1 numbers"
    );
    assert_eq!(
        thrown(b.choose_per_arm(&f64s(&[1.0, 0.0])).unwrap_err()),
        "invalid argument `contexts`: expected 2 live arms × 2 features = 4 numbers, got 2 numbers"
    );
    assert_eq!(
        thrown(
            b.update(&n(10.0), &f64s(&[1.0, f64::INFINITY]), &n(1.0))
                .unwrap_err()
        ),
        "invalid argument `context`: expected finite numbers, got Infinity at index 1"
    );
    let err = |o: &str| thrown(LinearBandit::new(&arms(&[1]), &json(o)).err().unwrap());
    assert_eq!(
        err("{}"),
        "invalid argument `options.dim`: expected the context length (a whole number in [1, 1024]), got undefined"
    );
    assert_eq!(
        err(r#"{"dim":2,"refactorEvery":0}"#),
        "invalid argument `options.refactorEvery`: expected a whole number in [1, 4294967295], got 0"
    );
    assert_eq!(
        err(r#"{"dim":2,"ridge":0}"#),
        "invalid argument `options.ridge`: expected a number in [1e-6, 1000000], got 0"
    );
    assert_eq!(
        err(r#"{"dim":2,"policy":"linThompson","v":-1}"#),
        "invalid argument `options.v`: expected a finite number >= 0, got -1"
    );
}

#[wasm_bindgen_test]
fn privacy_budget_charges_and_refuses_overspending() {
    let b = PrivacyBudget::new(&n(1.0), &json(r#"{"seed":3,"delta":1e-6}"#)).unwrap();
    let r = b.randomized_response(&n(2.0), &n(4.0), &n(0.5)).unwrap();
    assert!(r < 4);
    let bits = b.unary_encoding(&n(1.0), &n(5.0), &n(0.25)).unwrap();
    assert_eq!(bits.length(), 5);
    assert!((b.spent_epsilon().unwrap() - 0.75).abs() < 1e-12);
    assert!(
        thrown(b.laplace(&n(3.0), &n(0.0), &n(10.0), &n(0.5)).unwrap_err()).starts_with(
            "invalid argument `epsilon`: expected at most the remaining privacy budget"
        )
    );
    assert!((b.remaining_epsilon().unwrap() - 0.25).abs() < 1e-12);
    b.laplace(&n(3.0), &n(0.0), &n(10.0), &n(0.25)).unwrap();
    assert_eq!(b.releases().unwrap().length(), 3);
    let copy = PrivacyBudget::import_state(&b.export_state().unwrap().into(), NONE).unwrap();
    assert_eq!(
        copy.remaining_epsilon().unwrap(),
        b.remaining_epsilon().unwrap()
    );
    assert_eq!(
        thrown(PrivacyBudget::new(&n(0.0), NONE).err().unwrap()),
        "invalid argument `epsilon`: expected a finite privacy parameter > 0, got 0"
    );
    assert_eq!(
        thrown(
            PrivacyBudget::new(&n(1.0), &json(r#"{"delta":1}"#))
                .err()
                .unwrap()
        ),
        "invalid argument `options.delta`: expected a number in [0, 1), got 1"
    );
    assert!(thrown(
        b.randomized_response(&n(4.0), &n(4.0), &n(0.0))
            .unwrap_err()
    )
    .contains("`epsilon`"));
    // Decoders.
    let est = bandit::decode_randomized_response(&arms(&[0, 1, 1, 2]), &n(3.0), &n(2.0)).unwrap();
    let freq: Float64Array = get(&est, "freq").dyn_into().unwrap();
    assert!((freq.to_vec().iter().sum::<f64>() - 1.0).abs() < 1e-9);
    assert_eq!(get(&est, "n").as_f64(), Some(4.0));
    assert_eq!(
        thrown(bandit::decode_unary_encoding(&f64s(&[3.0]), &n(10.0), &n(1.0)).unwrap_err()),
        "invalid argument `ones`: expected a count per category (2 to 65536 categories), got 1 counts"
    );
    let mean = bandit::estimate_mean(&f64s(&[1.0, 2.0, 3.0])).unwrap();
    assert_eq!(get(&mean, "mean").as_f64(), Some(2.0));
}

#[wasm_bindgen_test]
fn simulations_are_seeded() {
    let rates = f64s(&[0.1, 0.5, 0.3]);
    let opts = json(r#"{"policy":"ucb1","seed":1,"envSeed":2}"#);
    let a = bandit::simulate_regret(&rates, &n(500.0), &opts)
        .unwrap()
        .to_vec();
    let b = bandit::simulate_regret(&rates, &n(500.0), &opts)
        .unwrap()
        .to_vec();
    assert_eq!(a.len(), 500);
    assert_eq!(a, b);
    assert!(a[499] < 0.4 * 500.0 / 2.0);
    assert_eq!(
        thrown(bandit::simulate_regret(&f64s(&[0.1, 1.5]), &n(10.0), &opts).unwrap_err()),
        "invalid argument `rates`: expected success rates in [0, 1], got 1.5 at index 1"
    );
    let fleet = bandit::simulate_ldp_fleet(
        &f64s(&[0.5, 0.3, 0.2]),
        &n(20_000.0),
        &n(2.0),
        &json(r#"{"oracle":"unaryEncoding","seed":4}"#),
    )
    .unwrap();
    let freq: Float64Array = get(&fleet, "freq").dyn_into().unwrap();
    assert!((freq.get_index(0) - 0.5).abs() < 0.05);
    assert_eq!(
        thrown(
            bandit::simulate_ldp_fleet(&f64s(&[0.5, 0.5]), &n(10.0), &n(1.0), &json(r#"{"oracle":"x"}"#))
                .unwrap_err()
        ),
        "invalid argument `options.oracle`: expected \"randomizedResponse\" or \"unaryEncoding\", got \"x\""
    );
}

#[wasm_bindgen_test]
fn off_policy_evaluation_on_a_small_log() {
    let log = "item_id,position,click,propensity_score,user_feature_0\n\
               0,1,1,0.5,a\n1,1,0,0.5,b\n0,1,0,0.5,b\n1,1,1,0.5,a\n0,1,1,0.5,a\n1,1,0,0.5,b\n";
    let items = "item_id,item_feature_0,item_feature_1\n0,0.5,x\n1,-0.5,y\n";
    let out =
        bandit::evaluate_off_policy(&log.into(), &items.into(), &"uniform".into(), NONE).unwrap();
    // Uniform evaluation of uniform logs: IPS is the logged click rate.
    let ips = get(&out, "ips");
    assert!((get(&ips, "value").as_f64().unwrap() - 0.5).abs() < 1e-12);
    assert_eq!(get(&get(&out, "onPolicy"), "value").as_f64(), Some(0.5));
    assert_eq!(get(&out, "nActions").as_f64(), Some(2.0));
    let always0 = json(r#"{"probs":[1, 0]}"#);
    let out = bandit::evaluate_off_policy(&log.into(), &items.into(), &always0, NONE).unwrap();
    assert!((get(&get(&out, "ips"), "value").as_f64().unwrap() - 2.0 / 3.0).abs() < 1e-12);

    let bad = log.replace("0.5,b\n1,1,1", "0,b\n1,1,1");
    let err = thrown(
        bandit::evaluate_off_policy(&bad.into(), &items.into(), &"uniform".into(), NONE)
            .unwrap_err(),
    );
    assert!(err.contains("pscores"), "{err}");
    assert_eq!(
        thrown(
            bandit::evaluate_off_policy(
                &"item_id\n".into(),
                &items.into(),
                &"uniform".into(),
                NONE
            )
            .unwrap_err()
        ),
        "corrupt OBD log csv: no data rows"
    );
    assert_eq!(
        thrown(
            bandit::evaluate_off_policy(&log.into(), &items.into(), &"greedy".into(), NONE)
                .unwrap_err()
        ),
        "invalid argument `evalPolicy`: expected \"uniform\", {actionDistCsv, campaign} or {probs}, got \"greedy\""
    );
    assert_eq!(
        thrown(
            bandit::evaluate_off_policy(&log.into(), &items.into(), &"uniform".into(), &json(r#"{"bootstrap":5}"#))
                .unwrap_err()
        ),
        "invalid argument `options.bootstrap`: expected 0 (no bootstrap) or between 100 and 100,000 resamples, got 5"
    );
    assert_eq!(
        thrown(
            bandit::evaluate_off_policy(&JsValue::NULL, &items.into(), &"uniform".into(), NONE)
                .unwrap_err()
        ),
        "invalid argument `logCsv`: expected a string, got null"
    );
}

#[wasm_bindgen_test]
fn off_policy_evaluation_from_typed_arrays() {
    let logs = json(
        r#"{"actions":[0,1,0,1],"rewards":[1,0,1,1],"pscores":[0.5,0.5,0.5,0.5],"nActions":2}"#,
    );
    let out = bandit::evaluate_logged_feedback(&logs, &"uniform".into(), NONE).unwrap();
    assert!((get(&get(&out, "ips"), "value").as_f64().unwrap() - 0.75).abs() < 1e-12);
    assert!(get(&out, "dm").is_null());
    let bad = json(
        r#"{"actions":[0,1,0,1],"rewards":[1,0,1,1],"pscores":[0.5,-0.5,0.5,0.5],"nActions":2}"#,
    );
    assert_eq!(
        thrown(bandit::evaluate_logged_feedback(&bad, &"uniform".into(), NONE).unwrap_err()),
        "invalid argument `logs.pscores`: expected logging propensities in (0, 1] (a zero propensity makes importance weights infinite), got -0.5 at index 1"
    );
}

#[wasm_bindgen_test]
fn hostile_sizes_and_large_epsilon_from_issue_12() {
    let b = PrivacyBudget::new(&n(10.0), &json(r#"{"seed":1}"#)).unwrap();
    for k in [4_294_967_295.0, 1e9, -1.0, f64::NAN] {
        assert_eq!(
            thrown(b.unary_encoding(&n(1.0), &n(k), &n(0.5)).unwrap_err()),
            format!("invalid argument `k`: expected a whole number in [2, 65536], got {k}")
        );
    }
    assert_eq!(
        thrown(b.unary_encoding(&n(1.0), &"4".into(), &n(0.5)).unwrap_err()),
        "invalid argument `k`: expected a whole number in [2, 65536], got a string"
    );
    // Nothing was charged by the refused calls.
    assert_eq!(b.spent_epsilon().unwrap(), 0.0);
    let logs =
        json(r#"{"actions":[0,1],"rewards":[1,0],"pscores":[0.5,0.5],"nActions":4294967295}"#);
    assert_eq!(
        thrown(bandit::evaluate_logged_feedback(&logs, &"uniform".into(), NONE).unwrap_err()),
        "invalid argument `logs.nActions`: expected a whole number in [1, 100000], got 4294967295"
    );
    let est =
        bandit::decode_randomized_response(&arms(&[0, 1, 1, 2]), &n(3.0), &n(1000.0)).unwrap();
    let freq: Float64Array = get(&est, "freq").dyn_into().unwrap();
    assert_eq!(freq.to_vec(), vec![0.25, 0.5, 0.25]);
    let var: Float64Array = get(&est, "variance").dyn_into().unwrap();
    assert!(var.to_vec().iter().all(|v| v.is_finite()));
}
