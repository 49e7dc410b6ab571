//! Choosing the returned items from the eligible ones: the best by relevance under category
//! caps, or maximal marginal relevance over a pool of the best.

use super::diversity::mmr_select;
use super::options::Diversity;
use super::score::Scored;
use super::store::ItemStore;
use crate::limits::MAX_MMR_PAIRS;
use std::cmp::Ordering;
use std::collections::HashMap;

/// Picks `want` items of `pool` (MMR when `diversity` has λ < 1, else the best by relevance),
/// at most `cap` per category; `expand` rebuilds an item's parts.
pub(super) fn select(
    store: &ItemStore,
    mut pool: Vec<Cand>,
    want: usize,
    diversity: Option<&Diversity>,
    cap: Option<usize>,
    expand: impl Fn(&Cand) -> Scored,
) -> Vec<Scored> {
    match diversity {
        Some(d) if d.lambda < 1.0 => {
            // At most MAX_MMR_PAIRS comparisons per chosen item and pool item (k is at most
            // MAX_TOP_K, so the bound leaves a pool of at least k).
            let most = (MAX_MMR_PAIRS / want.max(1)).max(want);
            let size = if d.pool == 0 {
                want.saturating_mul(5).max(50).min(most)
            } else {
                d.pool.max(want)
            };
            let mut p = pool.clone();
            top_sorted(&mut p, size);
            let scored: Vec<Scored> = p.iter().map(&expand).collect();
            let out = mmr_select(store, &scored, want, d.lambda, cap);
            if out.len() < want && p.len() < pool.len() {
                // Category caps emptied the pool: diversify over every eligible item instead
                // (up to the MAX_MMR_PAIRS budget).
                top_sorted(&mut pool, most);
                let scored: Vec<Scored> = pool.iter().map(&expand).collect();
                mmr_select(store, &scored, want, d.lambda, cap)
            } else {
                out
            }
        }
        _ => greedy_with_cap(store, pool, want, cap)
            .iter()
            .map(expand)
            .collect(),
    }
}

/// An eligible item during selection: relevance, catalog index, position in the scored list.
#[derive(Debug, Clone, Copy)]
pub(super) struct Cand {
    /// Relevance.
    pub rel: f64,
    /// Catalog index.
    pub index: u32,
    /// Position in the scored list.
    pub pos: u32,
}

/// Ranking order on relevance: higher first, ties to the lower index.
fn by_cand(a: &Cand, b: &Cand) -> Ordering {
    b.rel.total_cmp(&a.rel).then(a.index.cmp(&b.index))
}

/// Keeps the best `m` of `pool` by relevance, sorted.
fn top_sorted(pool: &mut Vec<Cand>, m: usize) {
    if m < pool.len() {
        if m == 0 {
            pool.clear();
            return;
        }
        pool.select_nth_unstable_by(m - 1, by_cand);
        pool.truncate(m);
    }
    pool.sort_unstable_by(by_cand);
}

/// Best `want` by relevance, at most `cap` per category.
fn greedy_with_cap(
    store: &ItemStore,
    mut pool: Vec<Cand>,
    want: usize,
    cap: Option<usize>,
) -> Vec<Cand> {
    let Some(cap) = cap else {
        top_sorted(&mut pool, want);
        return pool;
    };
    // Try a pool a few times larger than needed first; fall back to a full sort if caps bite.
    let mut m = want.saturating_mul(4).max(64);
    loop {
        let mut p = pool.clone();
        top_sorted(&mut p, m);
        let mut per_cat: HashMap<u32, usize> = HashMap::new();
        let mut out = Vec::with_capacity(want.min(p.len()));
        for s in &p {
            if out.len() == want {
                break;
            }
            if let Some(c) = store.category_code(s.index as usize) {
                let n = per_cat.entry(c).or_default();
                if *n >= cap {
                    continue;
                }
                *n += 1;
            }
            out.push(*s);
        }
        if out.len() == want || m >= pool.len() {
            return out;
        }
        m = m.saturating_mul(4);
    }
}
