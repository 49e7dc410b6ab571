//! Off-policy estimators on the Open Bandit Dataset sample against obp 0.5.7:
//! IPW/SNIPW against `shared/data/bandit/reference_ope.csv`, and DM/DR/SNDR with a ridge reward
//! model against `tests/fixtures/bandit/obp_ope.csv` (made by `gen_obp_ope.py` in that folder).
//! The OBD files are read with the library's own `ObdLogs` (obp's feature engineering).

mod common;

use std::collections::HashMap;
use std::path::Path;

use edgewise::bandit::ope::{
    direct_method, doubly_robust, eval_policy_from_csv, ips, replay, self_normalized_dr, snips,
    EvalPolicy, Logs, ObdLogs, RidgeRewardModel,
};

fn read_csv(path: &Path) -> (Vec<String>, Vec<Vec<String>>) {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    let mut lines = text.lines();
    let header = lines
        .next()
        .unwrap()
        .split(',')
        .map(str::to_string)
        .collect();
    let rows = lines
        .filter(|l| !l.is_empty())
        .map(|l| l.split(',').map(str::to_string).collect())
        .collect();
    (header, rows)
}

fn col(header: &[String], name: &str) -> usize {
    header
        .iter()
        .position(|h| h == name)
        .unwrap_or_else(|| panic!("no column {name}"))
}

fn load_obd(policy: &str, campaign: &str) -> ObdLogs {
    let dir = common::data_dir()
        .join("bandit/obd")
        .join(policy)
        .join(campaign);
    let read = |p: std::path::PathBuf| {
        std::fs::read_to_string(&p).unwrap_or_else(|e| panic!("{}: {e}", p.display()))
    };
    ObdLogs::parse(
        &read(dir.join(format!("{campaign}.csv"))),
        &read(dir.join("item_context.csv")),
    )
    .unwrap()
}

fn eval_policy(name: &str, campaign: &str, n_actions: usize) -> EvalPolicy {
    if name == "random" {
        return EvalPolicy::uniform(n_actions, 3).unwrap();
    }
    let csv = std::fs::read_to_string(common::data_dir().join("bandit/bts_eval_action_dist.csv"))
        .unwrap();
    eval_policy_from_csv(&csv, campaign, n_actions, 3).unwrap()
}

/// (campaign, behavior) → estimator → value, from a CSV with those columns.
fn table(path: &Path) -> HashMap<(String, String), HashMap<String, f64>> {
    let (h, rows) = read_csv(path);
    let (cc, cb, ce, cv) = (
        col(&h, "campaign"),
        col(&h, "behavior_policy"),
        col(&h, "estimator"),
        col(&h, "estimate"),
    );
    let mut out: HashMap<(String, String), HashMap<String, f64>> = HashMap::new();
    for r in rows {
        out.entry((r[cc].clone(), r[cb].clone()))
            .or_default()
            .insert(r[ce].clone(), r[cv].parse().unwrap());
    }
    out
}

fn close(name: &str, got: f64, want: f64, rel: f64) {
    eprintln!(
        "{name}: relative error {:e}",
        (got - want).abs() / want.abs()
    );
    assert!(
        (got - want).abs() <= rel * want.abs(),
        "{name}: got {got:e}, obp {want:e} (relative error {:e})",
        (got - want).abs() / want.abs()
    );
}

#[test]
fn estimators_reproduce_obp_on_open_bandit_dataset() {
    let reference = table(&common::data_dir().join("bandit/reference_ope.csv"));
    let fixture =
        table(&Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/bandit/obp_ope.csv"));
    let mut checked = 0;
    for campaign in ["all", "men", "women"] {
        for (behavior, evaluation) in [("random", "bts"), ("bts", "random")] {
            let key = (campaign.to_string(), behavior.to_string());
            let (r, f) = (&reference[&key], &fixture[&key]);
            let d = load_obd(behavior, campaign);
            let pi = eval_policy(evaluation, campaign, d.logs.n_actions());
            let tag = format!("{campaign}/{behavior}->{evaluation}");
            close(
                &format!("{tag} ipw"),
                ips(&d.logs, &pi, 0.95).unwrap().value,
                r["ipw"],
                1e-6,
            );
            close(
                &format!("{tag} snipw"),
                snips(&d.logs, &pi, 0.95).unwrap().value,
                r["snipw"],
                1e-6,
            );
            let model = RidgeRewardModel::fit(
                &d.logs,
                &d.contexts,
                d.dim_context,
                Some((&d.action_context, d.dim_action)),
                1.0,
            )
            .unwrap();
            for (p, b) in model.intercepts().iter().enumerate() {
                close(
                    &format!("{tag} intercept {p}"),
                    *b,
                    f[&format!("ridge_intercept_pos{p}")],
                    1e-6,
                );
            }
            let q = model.q_hat(&d.logs, &d.contexts).unwrap();
            close(
                &format!("{tag} q_hat"),
                q[0],
                f["q_hat_round0_action0"],
                1e-6,
            );
            close(
                &format!("{tag} dm"),
                direct_method(&d.logs, &pi, &q, 0.95).unwrap().value,
                f["dm_ridge"],
                1e-6,
            );
            close(
                &format!("{tag} dr"),
                doubly_robust(&d.logs, &pi, &q, 0.95).unwrap().value,
                f["dr_ridge"],
                1e-6,
            );
            close(
                &format!("{tag} sndr"),
                self_normalized_dr(&d.logs, &pi, &q, 0.95).unwrap().value,
                f["sndr_ridge"],
                1e-6,
            );
            checked += 1;
        }
    }
    assert_eq!(checked, 6);
}

#[test]
fn intervals_cover_the_on_policy_rate_and_are_consistent() {
    // random logs -> uniform evaluation: IPS is exactly the logged click rate, SNIPS too.
    let d = load_obd("random", "men");
    let pi = EvalPolicy::uniform(d.logs.n_actions(), 3).unwrap();
    let e = ips(&d.logs, &pi, 0.95).unwrap();
    let ctr = d.logs.rewards().iter().sum::<f64>() / d.logs.len() as f64;
    close("uniform ips", e.value, ctr, 1e-12);
    close(
        "uniform snips",
        snips(&d.logs, &pi, 0.95).unwrap().value,
        ctr,
        1e-12,
    );
    // Binomial standard error of the click rate (n - 1 denominator).
    let n = d.logs.len() as f64;
    close(
        "se",
        e.std_err,
        (ctr * (1.0 - ctr) * n / (n - 1.0) / n).sqrt(),
        1e-9,
    );
    assert!(e.ci_low < e.value && e.value < e.ci_high);
    let wide = ips(&d.logs, &pi, 0.99).unwrap();
    assert!(wide.ci_low < e.ci_low && wide.ci_high > e.ci_high);
    // Replay of "always the logged action" is the click rate; of a never-matching policy, an error.
    let same: Vec<u32> = d.logs.actions().to_vec();
    close(
        "replay",
        replay(&d.logs, &same, 0.95).unwrap().value,
        ctr,
        1e-12,
    );
    let k = d.logs.n_actions() as u32;
    let shifted: Vec<u32> = same.iter().map(|a| (a + 1) % k).collect();
    assert!(replay(&d.logs, &shifted, 0.95).is_err());
    let never: Vec<u32> = vec![k; same.len()];
    assert!(replay(&d.logs, &never, 0.95)
        .unwrap_err()
        .to_string()
        .contains("no match"));
}

#[test]
fn bad_logs_and_policies_are_clear_errors() {
    let ok = || {
        Logs::new(
            vec![0, 1, 1],
            None,
            vec![1.0, 0.0, 1.0],
            vec![0.5, 0.5, 0.5],
            2,
            1,
        )
    };
    assert!(ok().is_ok());
    let msg = |r: Result<Logs, edgewise::Error>| r.unwrap_err().to_string();
    assert!(msg(Logs::new(vec![], None, vec![], vec![], 2, 1)).contains("empty"));
    assert!(msg(Logs::new(
        vec![0, 1],
        None,
        vec![1.0, 0.0],
        vec![0.5, 0.0],
        2,
        1
    ))
    .contains("pscores"));
    assert!(msg(Logs::new(
        vec![0, 1],
        None,
        vec![1.0, 0.0],
        vec![0.5, -0.2],
        2,
        1
    ))
    .contains("(0, 1]"));
    assert!(msg(Logs::new(
        vec![0, 1],
        None,
        vec![1.0, f64::NAN],
        vec![0.5, 0.5],
        2,
        1
    ))
    .contains("rewards"));
    assert!(msg(Logs::new(
        vec![0, 2],
        None,
        vec![1.0, 0.0],
        vec![0.5, 0.5],
        2,
        1
    ))
    .contains("n_actions"));
    assert!(msg(Logs::new(
        vec![0, 1],
        Some(vec![0, 3]),
        vec![1.0, 0.0],
        vec![0.5, 0.5],
        2,
        2
    ))
    .contains("len_list"));
    assert!(
        msg(Logs::new(vec![0, 1], None, vec![1.0], vec![0.5, 0.5], 2, 1)).contains("`rewards`")
    );
    let logs = ok().unwrap();
    assert!(EvalPolicy::shared(vec![0.5, 0.6], 2, 1)
        .unwrap_err()
        .to_string()
        .contains("summing to 1"));
    assert!(EvalPolicy::shared(vec![0.5], 2, 1).is_err());
    assert!(EvalPolicy::shared(vec![1.5, -0.5], 2, 1).is_err());
    let three = EvalPolicy::uniform(3, 1).unwrap();
    assert!(ips(&logs, &three, 0.95)
        .unwrap_err()
        .to_string()
        .contains("3 actions"));
    let per = EvalPolicy::per_round(vec![0.5; 4], 2, 2, 1).unwrap();
    assert!(ips(&logs, &per, 0.95)
        .unwrap_err()
        .to_string()
        .contains("3 rounds"));
    let pi = EvalPolicy::shared(vec![1.0, 0.0], 2, 1).unwrap();
    assert!(ips(&logs, &pi, 1.0)
        .unwrap_err()
        .to_string()
        .contains("level"));
    assert!(direct_method(&logs, &pi, &[0.0; 5], 0.95)
        .unwrap_err()
        .to_string()
        .contains("q_hat"));
    assert!(doubly_robust(&logs, &pi, &[f64::NAN; 6], 0.95).is_err());
    let never = EvalPolicy::shared(vec![0.0, 0.0, 1.0], 3, 1).unwrap();
    let logs3 = Logs::new(vec![0, 1], None, vec![1.0, 0.0], vec![0.5, 0.5], 3, 1).unwrap();
    assert!(snips(&logs3, &never, 0.95)
        .unwrap_err()
        .to_string()
        .contains("zero probability"));
    assert!(RidgeRewardModel::fit(&logs, &[0.0; 5], 2, None, 1.0)
        .unwrap_err()
        .to_string()
        .contains("contexts"));
    assert!(RidgeRewardModel::fit(&logs, &[0.0; 6], 2, None, 0.0).is_err());
    assert!(RidgeRewardModel::fit(&logs, &[0.0; 6], 2, Some((&[1.0; 3], 2)), 1.0).is_err());
    // Exact arithmetic on a tiny log: w = (2, 0, 0) → IPS = 2·1/3, SNIPS = 1.
    let e = ips(&logs, &pi, 0.95).unwrap();
    assert!((e.value - 2.0 / 3.0).abs() < 1e-15);
    assert!((snips(&logs, &pi, 0.95).unwrap().value - 1.0).abs() < 1e-15);
}

#[test]
fn obd_reader_matches_obp_shapes_and_refuses_malformed_files() {
    // obp's context widths per file (reference_ope.csv, dim_context) and 4 action features.
    for (policy, campaign, dim) in [
        ("random", "all", 20),
        ("bts", "all", 22),
        ("random", "men", 21),
        ("random", "women", 19),
    ] {
        let d = load_obd(policy, campaign);
        assert_eq!(
            (d.dim_context, d.dim_action, d.logs.len(), d.logs.len_list()),
            (dim, 4, 10_000, 3)
        );
        assert_eq!(d.contexts.len(), 10_000 * dim);
    }
    let items = ",item_id,item_feature_0,item_feature_1\n0,0,0.5,a\n1,1,-0.5,b\n";
    let log =
        ",item_id,position,click,propensity_score,user_feature_0\n0,1,1,0,0.5,x\n1,0,2,1,0.5,y\n";
    let ok = ObdLogs::parse(log, items).unwrap();
    assert_eq!(ok.contexts, vec![0.0, 1.0]);
    assert_eq!(ok.action_context, vec![0.0, 0.5, 1.0, -0.5]);
    assert_eq!(ok.logs.positions(), &[0, 1]);
    let err = |l: &str, i: &str| ObdLogs::parse(l, i).unwrap_err().to_string();
    assert!(err("", items).contains("empty file"));
    assert!(err(",item_id,position,click\n0,1,1,0\n", items).contains("propensity_score"));
    assert!(err(&log.replace("0,0.5,x", "0,0.5"), items).contains("fields"));
    assert!(err(&log.replace("1,0.5,y", "1,zero,y"), items).contains("cannot read \"zero\""));
    assert!(err(&log.replace("1,0.5,y", "1,0,y"), items).contains("pscores"));
    assert!(err(log, &items.replace("1,1,-0.5", "1,7,-0.5")).contains("item_id 1"));
    assert!(err(&log.replace("0,1,1,0", "0,5,1,0"), items).contains("n_actions"));
    let dist = "campaign,item_id,position,prob\nall,0,1,1.0\nall,1,2,1.0\n";
    assert!(eval_policy_from_csv(dist, "all", 2, 2).is_ok());
    assert!(eval_policy_from_csv(dist, "men", 2, 2)
        .unwrap_err()
        .to_string()
        .contains("campaign"));
    assert!(eval_policy_from_csv(dist, "all", 1, 2)
        .unwrap_err()
        .to_string()
        .contains("out of range"));
}

#[test]
fn bootstrap_intervals_are_seeded_and_agree_with_the_normal_ones() {
    use edgewise::bandit::ope::{bootstrap_interval, point_estimate, BootstrapMethod, Estimator};
    let m = BootstrapMethod::Renormalized;
    let d = load_obd("random", "men");
    let pi = eval_policy("bts", "men", d.logs.n_actions());
    let model = RidgeRewardModel::fit(
        &d.logs,
        &d.contexts,
        d.dim_context,
        Some((&d.action_context, d.dim_action)),
        1.0,
    )
    .unwrap();
    let q = model.q_hat(&d.logs, &d.contexts).unwrap();
    let cases = [
        (Estimator::Ips, ips(&d.logs, &pi, 0.95).unwrap()),
        (Estimator::Snips, snips(&d.logs, &pi, 0.95).unwrap()),
        (
            Estimator::DirectMethod,
            direct_method(&d.logs, &pi, &q, 0.95).unwrap(),
        ),
        (
            Estimator::DoublyRobust,
            doubly_robust(&d.logs, &pi, &q, 0.95).unwrap(),
        ),
        (
            Estimator::SelfNormalizedDr,
            self_normalized_dr(&d.logs, &pi, &q, 0.95).unwrap(),
        ),
    ];
    for (est, normal) in cases {
        let v = point_estimate(est, &d.logs, &pi, Some(&q)).unwrap();
        close(&format!("{est:?} decomposition"), v, normal.value, 1e-12);
        let (lo, hi) = bootstrap_interval(est, m, &d.logs, &pi, Some(&q), 0.95, 300, 11).unwrap();
        assert!(
            lo < normal.value && normal.value < hi,
            "{est:?}: {lo} {hi} vs {}",
            normal.value
        );
        let ratio = (hi - lo) / (normal.ci_high - normal.ci_low);
        eprintln!(
            "{est:?}: bootstrap [{lo:.6}, {hi:.6}] normal [{:.6}, {:.6}]",
            normal.ci_low, normal.ci_high
        );
        assert!(
            ratio > 0.7 && ratio < 1.4,
            "{est:?}: bootstrap/normal width {ratio}"
        );
        if est == Estimator::Ips {
            let again = bootstrap_interval(est, m, &d.logs, &pi, Some(&q), 0.95, 300, 11).unwrap();
            assert_eq!(again, (lo, hi));
            let other = bootstrap_interval(est, m, &d.logs, &pi, Some(&q), 0.95, 300, 12).unwrap();
            assert_ne!(other, (lo, hi));
        }
    }
    let e = bootstrap_interval(
        Estimator::DoublyRobust,
        m,
        &d.logs,
        &pi,
        None,
        0.95,
        1000,
        1,
    )
    .unwrap_err();
    assert!(e.to_string().contains("q_hat"));
    assert!(bootstrap_interval(Estimator::Ips, m, &d.logs, &pi, None, 0.95, 10, 1).is_err());
    assert!(bootstrap_interval(Estimator::Ips, m, &d.logs, &pi, None, 1.5, 1000, 1).is_err());
}
