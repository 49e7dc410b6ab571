//! Off-policy evaluation on generated logs against obp 0.5.7 (`tests/fixtures/ope/`, made by
//! `gen_ope_fixtures.py` there): obp's feature engineering of numeric-coded and text features
//! (the contexts and action contexts themselves), every estimator — IPW, SNIPW, DM, DR, SNDR,
//! Switch-DR and DR-os at several λ — with obp's ridge reward model and with a reward model's
//! estimates given from outside, and both bootstrap interval methods.

use std::collections::HashMap;
use std::path::PathBuf;

use edgewise::bandit::ope::{
    bootstrap_interval, direct_method, doubly_robust, dr_os, eval_policy_from_csv, ips,
    q_hat_at_logged_positions, report, self_normalized_dr, snips, switch_dr, BootstrapMethod,
    Estimator, EvalPolicy, Logs, ObdLogs, OpeSettings, RewardFeatures, RewardModel,
    RidgeRewardModel,
};

fn dir() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/ope")
}

fn read(p: PathBuf) -> String {
    std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
}

/// (dataset, policy, estimator) → obp's value.
fn expected() -> HashMap<(String, String, String), f64> {
    read(dir().join("obp_expected.csv"))
        .lines()
        .skip(1)
        .map(|l| {
            let f: Vec<&str> = l.split(',').collect();
            let v = match f[3] {
                "nan" => f64::NAN,
                x => x.parse().unwrap(),
            };
            ((f[0].into(), f[1].into(), f[2].into()), v)
        })
        .collect()
}

struct Case {
    d: ObdLogs,
    /// obp's `estimated_rewards_by_reg_model` layout, rounds × actions × positions.
    q_external: Vec<f64>,
    action_dist: EvalPolicy,
}

fn load(name: &str) -> Case {
    let base = dir().join(name);
    let d = ObdLogs::parse(
        &read(base.join(format!("{name}.csv"))),
        &read(base.join("item_context.csv")),
    )
    .unwrap();
    let (n, k, l) = (d.logs.len(), d.logs.n_actions(), d.logs.len_list());
    let mut params: HashMap<String, Vec<f64>> = HashMap::new();
    for line in read(base.join("q_params.csv")).lines().skip(1) {
        let f: Vec<&str> = line.split(',').collect();
        params
            .entry(f[0].into())
            .or_default()
            .push(f[2].parse().unwrap());
    }
    let (u, it, ps) = (&params["user"], &params["item"], &params["position"]);
    assert_eq!((u.len(), it.len(), ps.len()), (n, k, l));
    let mut q_external = Vec::with_capacity(n * k * l);
    for ui in u {
        for ia in it {
            for pp in ps {
                q_external.push(1.0 / (1.0 + (-(ui + ia + pp)).exp()));
            }
        }
    }
    let action_dist =
        eval_policy_from_csv(&read(base.join("action_dist.csv")), name, k, l).unwrap();
    Case {
        d,
        q_external,
        action_dist,
    }
}

fn close(what: &str, got: f64, want: f64, tol: f64) {
    assert!(
        (got - want).abs() <= tol * want.abs().max(1e-3),
        "{what}: edgewise {got} vs obp {want} (relative {:.2e})",
        (got - want).abs() / want.abs()
    );
}

#[test]
fn features_are_engineered_as_obp_does_for_numeric_and_text_columns() {
    let want = expected();
    for name in ["numeric", "mixed"] {
        let c = load(name);
        let get = |k: &str| want[&(name.to_string(), "-".to_string(), k.to_string())];
        assert_eq!(c.d.dim_context as f64, get("dim_context"), "{name}");
        assert_eq!(c.d.dim_action as f64, get("dim_action"), "{name}");
        for i in 0..3 {
            for j in 0..c.d.dim_context {
                let got = c.d.contexts[i * c.d.dim_context + j];
                assert_eq!(
                    got,
                    get(&format!("context_{i}_{j}")),
                    "{name} context {i},{j}"
                );
            }
        }
        for a in 0..c.d.logs.n_actions() {
            for j in 0..c.d.dim_action {
                let got = c.d.action_context[a * c.d.dim_action + j];
                assert_eq!(
                    got,
                    get(&format!("action_context_{a}_{j}")),
                    "{name} action context {a},{j}"
                );
            }
        }
    }
    // The numeric log: four numeric user columns stay four numbers (one-hot would give 4 + 4 +
    // 1995-odd + 1 columns); item codes 3, 12, 25, 100 get labels 0..3 in numeric order.
    let c = load("numeric");
    assert_eq!(c.d.dim_context, 4);
    let labels: Vec<f64> = (0..4).map(|a| c.d.action_context[a * 4]).collect();
    assert_eq!(labels, [0.0, 1.0, 2.0, 3.0]);
}

#[test]
fn every_estimator_matches_obp_with_ridge_and_external_reward_models() {
    let want = expected();
    let mut checked = 0;
    for name in ["numeric", "mixed"] {
        let c = load(name);
        let logs = &c.d.logs;
        let ridge = RidgeRewardModel::fit(
            logs,
            &c.d.contexts,
            c.d.dim_context,
            Some((&c.d.action_context, c.d.dim_action)),
            1.0,
        )
        .unwrap()
        .q_hat(logs, &c.d.contexts)
        .unwrap();
        let external = q_hat_at_logged_positions(logs, &c.q_external).unwrap();
        let uniform = EvalPolicy::uniform(logs.n_actions(), logs.len_list()).unwrap();
        for (policy, pi) in [("action_dist", &c.action_dist), ("uniform", &uniform)] {
            let get = |k: &str| want[&(name.to_string(), policy.to_string(), k.to_string())];
            let what = |e: &str| format!("{name}/{policy}/{e}");
            close(
                &what("ipw"),
                ips(logs, pi, 0.95).unwrap().value,
                get("ipw"),
                1e-12,
            );
            close(
                &what("snipw"),
                snips(logs, pi, 0.95).unwrap().value,
                get("snipw"),
                1e-12,
            );
            checked += 2;
            // The ridge model is solved independently of scikit-learn: 1e-9.
            for (q_name, q, tol) in [("ridge", &ridge, 1e-9), ("external", &external, 1e-12)] {
                let e = |s: &str| format!("{s}_{q_name}");
                let dm = direct_method(logs, pi, q, 0.95).unwrap().value;
                close(&what(&e("dm")), dm, get(&e("dm")), tol);
                let dr = doubly_robust(logs, pi, q, 0.95).unwrap().value;
                close(&what(&e("dr")), dr, get(&e("dr")), tol);
                let sndr = self_normalized_dr(logs, pi, q, 0.95).unwrap().value;
                close(&what(&e("sndr")), sndr, get(&e("sndr")), tol);
                for lam in [0.0, 1.0, 3.0, f64::INFINITY] {
                    let key = e("switch_dr") + &format!("_{}", py_float(lam));
                    let v = switch_dr(logs, pi, q, lam, 0.95).unwrap().value;
                    close(&what(&key), v, get(&key), tol);
                }
                for lam in [0.0, 1.0, 10.0, f64::INFINITY] {
                    let key = e("dr_os") + &format!("_{}", py_float(lam));
                    let v = dr_os(logs, pi, q, lam, 0.95).unwrap().value;
                    close(&what(&key), v, get(&key), tol);
                }
                checked += 11;
            }
            // λ = ∞ is DR, λ = 0 is DM (every weight here is positive).
            let inf = switch_dr(logs, pi, &external, f64::INFINITY, 0.95).unwrap();
            assert_eq!(inf, doubly_robust(logs, pi, &external, 0.95).unwrap());
            let zero = dr_os(logs, pi, &external, 0.0, 0.95).unwrap();
            assert_eq!(zero, direct_method(logs, pi, &external, 0.95).unwrap());
        }
        let get = |k: &str| want[&(name.to_string(), "action_dist".into(), k.to_string())];
        close(
            &format!("{name} ridge q̂ at round 0, action 0"),
            ridge[0],
            get("q_ridge_round0_action0"),
            1e-9,
        );
    }
    assert_eq!(checked, 2 * 2 * (2 + 2 * 11));
}

/// Python's `repr(float)` of the λ values used in the fixture keys.
fn py_float(x: f64) -> String {
    if x.is_infinite() {
        "inf".into()
    } else {
        format!("{x:.1}")
    }
}

#[test]
fn report_takes_external_estimates_in_either_layout_and_the_hyperparameters() {
    let want = expected();
    let c = load("numeric");
    let logs = &c.d.logs;
    let settings = OpeSettings {
        switch_lambda: 3.0,
        dros_lambda: 10.0,
        ..OpeSettings::default()
    };
    let full = report(
        logs,
        &c.action_dist,
        Some(RewardModel::External(&c.q_external)),
        &settings,
    )
    .unwrap();
    let at_logged = q_hat_at_logged_positions(logs, &c.q_external).unwrap();
    let short = report(
        logs,
        &c.action_dist,
        Some(RewardModel::External(&at_logged)),
        &settings,
    )
    .unwrap();
    assert_eq!(full, short);
    assert_eq!(full.reward_model, "external");
    assert_eq!(full.dim_context, 0);
    let m = full.model_based.unwrap();
    let get = |k: &str| want[&("numeric".into(), "action_dist".into(), k.to_string())];
    close("report DM", m.dm.estimate.value, get("dm_external"), 1e-12);
    close(
        "report SNDR",
        m.sndr.estimate.value,
        get("sndr_external"),
        1e-12,
    );
    close(
        "report Switch-DR",
        m.switch_dr.estimate.value,
        get("switch_dr_external_3.0"),
        1e-12,
    );
    close(
        "report DR-os",
        m.dr_os.estimate.value,
        get("dr_os_external_10.0"),
        1e-12,
    );
    // The ridge model through the report, and the defaults: Switch-DR = DR, DR-os = DM (obp's).
    let features = RewardFeatures {
        contexts: &c.d.contexts,
        dim_context: c.d.dim_context,
        action_context: Some((&c.d.action_context, c.d.dim_action)),
    };
    let r = report(
        logs,
        &c.action_dist,
        Some(RewardModel::Ridge(features)),
        &OpeSettings::default(),
    )
    .unwrap();
    let m = r.model_based.unwrap();
    assert_eq!((r.reward_model, r.dim_context), ("ridge", 4));
    close(
        "report ridge DM",
        m.dm.estimate.value,
        get("dm_ridge"),
        1e-9,
    );
    assert_eq!(m.switch_dr.estimate, m.dr.estimate);
    assert_eq!(m.dr_os.estimate, m.dm.estimate);

    // Wrong sizes and values are named errors.
    let bad = |q: &[f64], s: &OpeSettings| {
        report(logs, &c.action_dist, Some(RewardModel::External(q)), s)
            .unwrap_err()
            .to_string()
    };
    let e = bad(&c.q_external[1..], &settings);
    assert!(e.contains("`q_hat`") && e.contains("2000×8×3"), "{e}");
    let mut nan = c.q_external.clone();
    nan[5] = f64::NAN;
    assert!(bad(&nan, &settings).contains("`q_hat`"));
    for (s, arg) in [
        (
            OpeSettings {
                switch_lambda: -1.0,
                ..settings
            },
            "options.switch_lambda",
        ),
        (
            OpeSettings {
                dros_lambda: f64::NAN,
                ..settings
            },
            "options.dros_lambda",
        ),
    ] {
        let e = bad(&c.q_external, &s);
        assert!(e.contains(arg), "{e}");
    }
    assert!(switch_dr(logs, &c.action_dist, &at_logged, -0.5, 0.95).is_err());
}

#[test]
fn obp_bootstrap_method_matches_obp_and_the_renormalized_one_the_python_reference() {
    let want = expected();
    let c = load("numeric");
    let logs = &c.d.logs;
    let pi = &c.action_dist;
    let q = q_hat_at_logged_positions(logs, &c.q_external).unwrap();
    let get = |k: &str| want[&("numeric".into(), "action_dist".into(), k.to_string())];
    // Different random streams (obp: numpy's RandomState): equal within Monte-Carlo error, 8 %
    // of the interval's width at each end with 1,000 resamples here and 10,000 in obp (about 4
    // Monte-Carlo standard deviations).
    let near = |what: &str, got: (f64, f64), key: &str| {
        let (lo, hi) = (get(&format!("{key}_low")), get(&format!("{key}_high")));
        let tol = 0.08 * (hi - lo);
        assert!(
            (got.0 - lo).abs() < tol && (got.1 - hi).abs() < tol,
            "{what}: [{}, {}] vs [{lo}, {hi}]",
            got.0,
            got.1
        );
    };
    let boot = |est, method| bootstrap_interval(est, method, logs, pi, Some(&q), 0.95, 1000, 7);
    for (est, key) in [
        (Estimator::Ips, "ipw"),
        (Estimator::Snips, "snipw"),
        (Estimator::SelfNormalizedDr, "sndr"),
    ] {
        let got = boot(est, BootstrapMethod::Obp).unwrap();
        near(&format!("{est:?} obp"), got, &format!("boot_obp_{key}"));
        if est != Estimator::Ips {
            let got = boot(est, BootstrapMethod::Renormalized).unwrap();
            near(
                &format!("{est:?} renormalized"),
                got,
                &format!("boot_renormalized_{key}"),
            );
        }
    }
    // Same stream, same draws: IPS (no normaliser) is the same under both methods.
    assert_eq!(
        boot(Estimator::Ips, BootstrapMethod::Obp).unwrap(),
        boot(Estimator::Ips, BootstrapMethod::Renormalized).unwrap()
    );
    let dr = boot(Estimator::SwitchDr(f64::INFINITY), BootstrapMethod::Obp).unwrap();
    assert_eq!(
        dr,
        boot(Estimator::DoublyRobust, BootstrapMethod::Obp).unwrap()
    );
    assert!(boot(Estimator::DrOs(-1.0), BootstrapMethod::Obp).is_err());
}

#[test]
fn renormalized_bootstrap_follows_the_delta_method_where_obps_is_wider() {
    // Rewards only where the weight is large: Σwr and Σw move together, so SNIPS varies less
    // than its numerator. Two actions, logging 0.9 / 0.1, target 0.5 / 0.5.
    let n = 2000;
    let actions: Vec<u32> = (0..n).map(|i| u32::from(i % 10 == 0)).collect();
    let pscores: Vec<f64> = actions
        .iter()
        .map(|&a| if a == 1 { 0.1 } else { 0.9 })
        .collect();
    let rewards: Vec<f64> = (0..n)
        .map(|i| f64::from(i % 10 == 0 && i % 50 != 0) + f64::from(i % 7 == 0) * 0.1)
        .collect();
    let logs = Logs::new(actions, None, rewards, pscores, 2, 1).unwrap();
    let pi = EvalPolicy::uniform(2, 1).unwrap();
    let normal = snips(&logs, &pi, 0.95).unwrap();
    let width = |(lo, hi): (f64, f64)| hi - lo;
    let renorm = bootstrap_interval(
        Estimator::Snips,
        BootstrapMethod::Renormalized,
        &logs,
        &pi,
        None,
        0.95,
        1000,
        3,
    )
    .unwrap();
    let fixed = bootstrap_interval(
        Estimator::Snips,
        BootstrapMethod::Obp,
        &logs,
        &pi,
        None,
        0.95,
        1000,
        3,
    )
    .unwrap();
    let delta = normal.ci_high - normal.ci_low;
    let r = width(renorm) / delta;
    assert!(
        (0.9..1.1).contains(&r),
        "renormalized/delta-method width {r}"
    );
    let f = width(fixed) / delta;
    assert!(
        f > 1.3,
        "obp's fixed-normaliser width / delta-method width {f}"
    );
}
