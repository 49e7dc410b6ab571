//! The ALS-on-MovieLens evaluation shared by tests/als_real.rs and benches/als.rs, written to
//! match tests/fixtures/als/implicit_ml100k.py line for line.

use edgewise::learn::Als;
use edgewise::rerank::{rank, ItemId, RankOptions, Rules};

/// One row of the implicit fixture.
pub struct Reference {
    /// `fast`, `full32`, `full64`.
    pub setting: String,
    /// Latent factors.
    pub factors: usize,
    /// λ.
    pub regularization: f64,
    /// α.
    pub alpha: f64,
    /// Sweeps.
    pub iterations: usize,
    /// `cholesky` or `cg`.
    pub solver: String,
    /// Mean recall@10.
    pub recall10: f64,
    /// Mean NDCG@10.
    pub ndcg10: f64,
    /// implicit's training time, one thread.
    pub seconds: f64,
}

/// The fixture's header line and rows.
pub fn implicit_reference() -> (String, Vec<Reference>) {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/als/implicit_ml100k.csv"
    );
    let text = std::fs::read_to_string(path).expect("implicit fixture");
    let mut lines = text.lines();
    let header = lines.next().unwrap_or_default().to_string();
    let rows = lines
        .skip(1)
        .map(|l| {
            let v: Vec<&str> = l.split(',').collect();
            Reference {
                setting: v[0].into(),
                factors: v[1].parse().unwrap(),
                regularization: v[2].parse().unwrap(),
                alpha: v[3].parse().unwrap(),
                iterations: v[4].parse().unwrap(),
                solver: v[5].into(),
                recall10: v[6].parse().unwrap(),
                ndcg10: v[7].parse().unwrap(),
                seconds: v[8].parse().unwrap(),
            }
        })
        .collect();
    (header, rows)
}

/// The split's identity as the fixture's header states it.
pub fn split_checksum(sets: &[(Vec<usize>, Vec<usize>)]) -> String {
    let n_train: usize = sets.iter().map(|s| s.0.len()).sum();
    let n_test: usize = sets.iter().map(|s| s.1.len()).sum();
    let sum = sets
        .iter()
        .enumerate()
        .flat_map(|(u, s)| s.1.iter().map(move |&i| ((u + 1) * (i + 1)) as u64))
        .sum::<u64>()
        % 1_000_000_007;
    format!("{n_train} training and {n_test} held-out ratings, checksum {sum}")
}

/// Every training rating as a (user, item, weight 1) triple.
pub fn train_pairs(sets: &[(Vec<usize>, Vec<usize>)]) -> (Vec<u32>, Vec<u32>, Vec<f64>) {
    let mut out = (Vec::new(), Vec::new(), Vec::new());
    for (u, (tr, _)) in sets.iter().enumerate() {
        for &i in tr {
            out.0.push(u as u32);
            out.1.push(i as u32);
            out.2.push(1.0);
        }
    }
    out
}

/// Mean ranking quality over users.
#[derive(Debug, Clone, Copy, Default)]
pub struct Quality {
    /// Mean recall@10.
    pub recall10: f64,
    /// Mean NDCG@10 (binary gains).
    pub ndcg10: f64,
}

/// Ranks the catalog for every user with the rerank engine (`rank` on the model's item store,
/// the user's factors as the query, training items excluded) and scores the top 10 against the
/// held-out items.
pub fn evaluate(model: &Als, sets: &[(Vec<usize>, Vec<usize>)]) -> Quality {
    let store = model.item_store().unwrap();
    let ids: Vec<ItemId> = (0..store.len() as u32).map(ItemId::Num).collect();
    let store = store.with_ids(ids.clone()).unwrap();
    let mut q = Quality::default();
    for (u, (tr, te)) in sets.iter().enumerate() {
        let opts = RankOptions {
            k: 10,
            rules: Rules {
                exclude: tr.iter().map(|&i| ids[i].clone()).collect(),
                ..Default::default()
            },
            ..Default::default()
        };
        let ranked: Vec<usize> = rank(&store, model.user(u), &opts)
            .unwrap()
            .items
            .iter()
            .map(|it| it.index as usize)
            .collect();
        let hits: Vec<bool> = ranked.iter().map(|i| te.contains(i)).collect();
        let found = hits.iter().filter(|&&h| h).count();
        q.recall10 += found as f64 / te.len() as f64;
        let disc = |r: usize| 1.0 / ((r + 2) as f64).log2();
        let dcg: f64 = hits
            .iter()
            .enumerate()
            .filter(|(_, &h)| h)
            .map(|(r, _)| disc(r))
            .sum();
        let idcg: f64 = (0..te.len().min(10)).map(disc).sum();
        q.ndcg10 += dcg / idcg;
    }
    let n = sets.len() as f64;
    Quality {
        recall10: q.recall10 / n,
        ndcg10: q.ndcg10 / n,
    }
}
