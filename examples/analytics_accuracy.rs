//! Accuracy of the analytics engine against its reference fixtures (scikit-learn, scipy,
//! statsmodels, mpmath), printed as the markdown of `benches/results/analytics_accuracy.md`.
//!
//! Run: `cargo run --release --example analytics_accuracy > benches/results/analytics_accuracy.md`
//! The fixtures and the scripts that made them are in `tests/fixtures/analytics/`.

use edgewise::experiment::{self, Alternative, BetaPrior, Counts};
use edgewise::segment::{self, KMeansParams, Rfm, Standardizer};
use std::time::Instant;

fn fixture(name: &str) -> String {
    let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures/analytics")
        .join(name);
    std::fs::read_to_string(&path)
        .unwrap_or_else(|e| panic!("cannot read fixture {}: {e}", path.display()))
}

fn num(s: &str) -> f64 {
    s.parse().unwrap_or_else(|_| panic!("not a number: {s}"))
}

fn alt(s: &str) -> Alternative {
    match s {
        "greater" => Alternative::Greater,
        "less" => Alternative::Less,
        _ => Alternative::TwoSided,
    }
}

fn rows(kind: &str) -> Vec<Vec<String>> {
    fixture("experiment_cases.csv")
        .lines()
        .filter(|l| !l.starts_with('#'))
        .map(|l| l.split(',').map(str::to_string).collect::<Vec<_>>())
        .filter(|r| r[0] == kind)
        .collect()
}

/// Max absolute and relative error over pairs (got, want).
fn errs(pairs: &[(f64, f64)]) -> (f64, f64) {
    pairs.iter().fold((0.0f64, 0.0f64), |(a, r), &(g, w)| {
        let d = (g - w).abs();
        (a.max(d), r.max(if w != 0.0 { d / w.abs() } else { 0.0 }))
    })
}

fn main() {
    // ---------------------------------------------------------------- segmentation
    let orders = fixture("orders.csv");
    let (mut c, mut t, mut a) = (Vec::new(), Vec::new(), Vec::new());
    for line in orders.lines().skip(1) {
        let v: Vec<&str> = line.split(',').collect();
        c.push(num(v[0]) as u32);
        t.push(num(v[1]));
        a.push(num(v[2]));
    }
    let rfm = Rfm::from_orders(&c, &t, &a, None).expect("rfm");
    let logged = rfm.features(true);
    let scaler = Standardizer::fit(&logged, 3).expect("scaler");
    let pts: Vec<f32> = scaler
        .transform(&logged)
        .expect("transform")
        .iter()
        .map(|&v| v as f32)
        .collect();
    println!("# Analytics accuracy\n");
    println!(
        "Made by `cargo run --release --example analytics_accuracy` (examples/analytics_accuracy.rs) \
         from the fixtures in `tests/fixtures/analytics/` (generators: `gen_segment.py`, \
         `gen_experiment.py`). Timings are one native run on the shared 2-core build machine, \
         indicative only.\n"
    );
    println!("## k-means on RFM features vs scikit-learn\n");
    println!(
        "Synthetic order log: {} orders, {} shoppers (`orders.csv`). Features: standardized \
         log1p(recency, frequency, monetary). scikit-learn {}: best inertia of KMeans(n_init=10) \
         over random_state 0..4 (50 k-means++ starts). edgewise: `KMeansParams::new(k)` \
         (10 starts, greedy k-means++), seeds 1..5.\n",
        c.len(),
        rfm.len(),
        fixture("kmeans_ref.csv")
            .lines()
            .next()
            .and_then(|l| l.split_whitespace().nth(2))
            .unwrap_or("?")
            .trim_end_matches(';')
    );
    println!("| k | sklearn inertia | edgewise best (5 seeds) | worst seed | best / sklearn | worst / sklearn | ms per fit |");
    println!("|---:|---:|---:|---:|---:|---:|---:|");
    let reference: Vec<(usize, f64, f64)> = fixture("kmeans_ref.csv")
        .lines()
        .filter(|l| !l.starts_with('#') && !l.starts_with('k'))
        .map(|l| {
            let v: Vec<&str> = l.split(',').collect();
            (num(v[0]) as usize, num(v[1]), num(v[2]))
        })
        .collect();
    for &(k, sk, _) in &reference {
        let mut inertias = Vec::new();
        let start = Instant::now();
        for seed in 1..=5 {
            let m = KMeansParams::new(k).seed(seed).fit(&pts, 3).expect("fit");
            inertias.push(m.inertia);
        }
        let ms = start.elapsed().as_secs_f64() * 1000.0 / 5.0;
        let best = inertias.iter().copied().fold(f64::INFINITY, f64::min);
        let worst = inertias.iter().copied().fold(0.0, f64::max);
        println!(
            "| {k} | {sk:.3} | {best:.3} | {worst:.3} | {:.5} | {:.5} | {ms:.1} |",
            best / sk,
            worst / sk
        );
    }
    let labels: Vec<u32> = fixture("rfm_features.csv")
        .lines()
        .skip(1)
        .map(|l| num(l.rsplit(',').next().unwrap_or("0")) as u32)
        .collect();
    let sk_sil = reference
        .iter()
        .find(|r| r.0 == 4)
        .map_or(f64::NAN, |r| r.2);
    let start = Instant::now();
    let full = segment::silhouette(&pts, 3, &labels, None, 0).expect("silhouette");
    let full_ms = start.elapsed().as_secs_f64() * 1000.0;
    println!("\n## Silhouette (k = 4, scikit-learn's labels)\n");
    println!("| method | value | abs. diff vs sklearn `silhouette_score` | ms |");
    println!("|---|---:|---:|---:|");
    println!("| sklearn, full | {sk_sil:.6} | 0 | |");
    println!(
        "| edgewise, full | {full:.6} | {:.1e} | {full_ms:.1} |",
        (full - sk_sil).abs()
    );
    for s in [200usize, 400, 800] {
        let vals: Vec<f64> = (0..10)
            .map(|seed| segment::silhouette(&pts, 3, &labels, Some(s), seed).expect("sil"))
            .collect();
        let start = Instant::now();
        let _ = segment::silhouette(&pts, 3, &labels, Some(s), 0).expect("sil");
        let ms = start.elapsed().as_secs_f64() * 1000.0;
        let worst = vals.iter().map(|v| (v - sk_sil).abs()).fold(0.0, f64::max);
        println!(
            "| edgewise, sample {s} (worst of 10 seeds) | {:.6} | {worst:.1e} | {ms:.1} |",
            vals.iter().sum::<f64>() / 10.0
        );
    }
    let e = segment::elbow(&pts, 3, 2, 8, &KMeansParams::new(2), Some(800)).expect("elbow");
    println!(
        "\nElbow over k = 2..8 suggests k = {} (the generator draws shoppers from 5 latent \
         behaviours; sklearn's highest silhouette in `kmeans_ref.csv` is also at k = 4).\n",
        e.suggested_k
    );

    // ---------------------------------------------------------------- experiments
    println!("## A/B statistics vs scipy / statsmodels / mpmath\n");
    println!("| quantity | cases | max abs. error | max rel. error | reference |");
    println!("|---|---:|---:|---:|---|");
    let mut zp = Vec::new();
    let mut zci = Vec::new();
    for r in rows("ztest") {
        let res = experiment::two_proportion_ztest(
            Counts::new(num(&r[1]) as u64, num(&r[2]) as u64),
            Counts::new(num(&r[3]) as u64, num(&r[4]) as u64),
            num(&r[5]),
            alt(&r[6]),
        )
        .expect("ztest");
        zp.push((res.p_value, num(&r[8])));
        zci.push((res.ci.0, num(&r[9])));
        zci.push((res.ci.1, num(&r[10])));
    }
    let line = |q: &str, p: &[(f64, f64)], src: &str| {
        let (ae, re) = errs(p);
        println!("| {q} | {} | {ae:.1e} | {re:.1e} | {src} |", p.len());
    };
    line("z-test p-value", &zp, "statsmodels `proportions_ztest`");
    line(
        "z-test Wald CI bounds",
        &zci,
        "statsmodels `confint_proportions_2indep`",
    );
    let samples = fixture("welch_samples.csv");
    let data = |ds: &str, arm: &str| -> Vec<f64> {
        samples
            .lines()
            .skip(1)
            .map(|l| l.split(',').collect::<Vec<_>>())
            .filter(|c| c[0] == ds && c[1] == arm)
            .map(|c| num(c[2]))
            .collect()
    };
    let (mut wp, mut wci) = (Vec::new(), Vec::new());
    for r in rows("welch") {
        let res =
            experiment::welch_ttest(&data(&r[1], "a"), &data(&r[1], "b"), num(&r[2]), alt(&r[3]))
                .expect("welch");
        wp.push((res.p_value, num(&r[6])));
        for (g, w) in [(res.ci.0, num(&r[7])), (res.ci.1, num(&r[8]))] {
            if w.is_finite() {
                wci.push((g, w));
            }
        }
    }
    line("Welch p-value", &wp, "scipy `ttest_ind(equal_var=False)`");
    line(
        "Welch CI bounds",
        &wci,
        "scipy `TtestResult.confidence_interval`",
    );
    let (mut bp, mut bl) = (Vec::new(), Vec::new());
    for r in rows("bayes") {
        let res = experiment::beta_binomial(
            Counts::new(num(&r[1]) as u64, num(&r[2]) as u64),
            Counts::new(num(&r[3]) as u64, num(&r[4]) as u64),
            BetaPrior {
                alpha: num(&r[5]),
                beta: num(&r[6]),
            },
            0.95,
        )
        .expect("bayes");
        bp.push((res.prob_b_better, num(&r[7])));
        bl.push((res.expected_loss_a, num(&r[8])));
        bl.push((res.expected_loss_b, num(&r[9])));
    }
    line(
        "P(B > A)",
        &bp,
        "closed form (Evan Miller) in mpmath, 40 digits",
    );
    line("expected loss", &bl, "closed form in mpmath, 40 digits");
    let pg: Vec<(f64, f64)> = rows("prob_greater")
        .iter()
        .map(|r| {
            (
                experiment::prob_greater((num(&r[1]), num(&r[2])), (num(&r[3]), num(&r[4])))
                    .expect("pg"),
                num(&r[5]),
            )
        })
        .collect();
    line(
        "P(X > Y), incl. 1e6 visitors and Beta(<1) params",
        &pg,
        "mpmath, 40 digits",
    );
    let pn: Vec<(f64, f64)> = rows("power_prop")
        .iter()
        .map(|r| {
            let s = experiment::sample_size_proportions(
                num(&r[1]),
                num(&r[2]),
                num(&r[3]),
                num(&r[4]),
                num(&r[5]),
                alt(&r[6]),
            )
            .expect("n");
            (s.n_a_exact, num(&r[7]))
        })
        .collect();
    line(
        "sample size (proportions)",
        &pn,
        "statsmodels `NormalIndPower.solve_power`",
    );
    let srm: Vec<(f64, f64)> = rows("srm")
        .iter()
        .map(|r| {
            let counts: Vec<u64> = r[1].split(';').map(|x| num(x) as u64).collect();
            let w: Vec<f64> = r[2].split(';').map(num).collect();
            (
                experiment::sample_ratio_mismatch(&counts, &w, 0.001)
                    .expect("srm")
                    .p_value,
                num(&r[4]),
            )
        })
        .collect();
    line("SRM chi-square p-value", &srm, "scipy `chisquare`");
    let start = Instant::now();
    let big = experiment::beta_binomial(
        Counts::new(50_000, 1_000_000),
        Counts::new(50_600, 1_000_000),
        BetaPrior::default(),
        0.95,
    )
    .expect("big");
    println!(
        "\nBeta-Binomial with 1,000,000 visitors per arm (P(B > A) = {:.10}): {:.1} ms for \
         P(B > A), both expected losses and both credible intervals.",
        big.prob_b_better,
        start.elapsed().as_secs_f64() * 1000.0
    );
}
