//! MovieLens 100K (the copy in the `recbole` wheel; never committed): loading, the shared
//! chronological split and the skip rule of the real-data tests (tests/rerank_real.rs,
//! tests/als_real.rs).

use std::collections::{BTreeSet, HashMap};
use std::io::Write as _;
use std::path::PathBuf;

/// One rating: dense user and item indices, timestamp.
pub struct Rating {
    pub user: usize,
    pub item: usize,
    pub ts: u64,
}

pub struct Data {
    /// MovieLens item id of each dense item index.
    pub item_ids: Vec<u32>,
    pub n_users: usize,
    pub ratings: Vec<Rating>,
}

pub fn data_path() -> PathBuf {
    match std::env::var_os("EDGEWISE_ML100K") {
        Some(p) => PathBuf::from(p),
        None => PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("target/ml-100k/ml-100k.inter"),
    }
}

/// Parses recbole's atomic `.inter` file: a typed header, then `user \t item \t rating \t time`.
pub fn parse(text: &str) -> Data {
    let mut lines = text.lines();
    let header = lines.next().expect("empty file");
    assert!(
        header.starts_with("user_id:token\titem_id:token\trating:float\ttimestamp:float"),
        "unexpected header {header:?}"
    );
    let mut raw = Vec::new();
    for (n, line) in lines.enumerate() {
        if line.is_empty() {
            continue;
        }
        let f: Vec<&str> = line.split('\t').collect();
        assert_eq!(f.len(), 4, "line {}: {line:?}", n + 2);
        let user: u32 = f[0].parse().unwrap();
        let item: u32 = f[1].parse().unwrap();
        let ts: u64 = f[3].parse().unwrap();
        raw.push((user, item, ts));
    }
    let users: BTreeSet<u32> = raw.iter().map(|r| r.0).collect();
    let items: BTreeSet<u32> = raw.iter().map(|r| r.1).collect();
    let uix: HashMap<u32, usize> = users.iter().enumerate().map(|(i, &u)| (u, i)).collect();
    let iix: HashMap<u32, usize> = items.iter().enumerate().map(|(i, &v)| (v, i)).collect();
    Data {
        item_ids: items.into_iter().collect(),
        n_users: users.len(),
        ratings: raw
            .into_iter()
            .map(|(u, i, ts)| Rating {
                user: uix[&u],
                item: iix[&i],
                ts,
            })
            .collect(),
    }
}

/// Per user: (training items, held-out items) — the latest 20 % (at least one) held out, ties in
/// time broken by item index.
pub fn split(d: &Data) -> Vec<(Vec<usize>, Vec<usize>)> {
    let mut per: Vec<Vec<(u64, usize)>> = vec![Vec::new(); d.n_users];
    for r in &d.ratings {
        per[r.user].push((r.ts, r.item));
    }
    per.into_iter()
        .map(|mut v| {
            v.sort_unstable();
            let test = (v.len() / 5).max(1);
            let cut = v.len() - test;
            (
                v[..cut].iter().map(|x| x.1).collect(),
                v[cut..].iter().map(|x| x.1).collect(),
            )
        })
        .collect()
}

/// The file's text, or `None` after a loud SKIP message naming `test` (a failure instead when
/// `EDGEWISE_REQUIRE_ML100K` is set).
pub fn read_or_skip(test: &str) -> Option<String> {
    let path = data_path();
    match std::fs::read_to_string(&path) {
        Ok(text) => Some(text),
        Err(_) => {
            let msg = format!(
                "\n{bar}\n!! SKIPPED {test}: MovieLens 100K not found at {}\n!! run `bash scripts/setup.sh --test` (fetches it from the recbole wheel on PyPI)\n!! or set EDGEWISE_ML100K=/path/to/ml-100k.inter. Nothing was checked.\n{bar}\n",
                path.display(),
                bar = "!".repeat(78)
            );
            // Straight to the process's stderr: the test harness captures `eprintln!` of passing
            // tests, and this must be seen.
            let _ = std::io::stderr().write_all(msg.as_bytes());
            assert!(
                std::env::var_os("EDGEWISE_REQUIRE_ML100K").is_none(),
                "EDGEWISE_REQUIRE_ML100K is set but {} is missing",
                path.display()
            );
            None
        }
    }
}
