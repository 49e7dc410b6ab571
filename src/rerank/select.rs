//! Choosing the returned items from the eligible ones: the best by relevance under category
//! caps, or maximal marginal relevance over a pool of the best.

use super::diversity::mmr_select;
use super::hash::Map as HashMap;
use super::options::Diversity;
use super::score::Scored;
use super::store::ItemStore;
use crate::compute::topk::{Ranked, Worst};
use crate::limits::MAX_MMR_PAIRS;
use std::cmp::Ordering;
use std::collections::BinaryHeap;

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

impl Ranked for Cand {
    fn rank(&self, other: &Self) -> Ordering {
        by_cand(self, other)
    }
}

/// Keeps the best `m` of `pool` by relevance, sorted. The order is total (ties to the lower
/// index), so the result is what a full sort gives. Written out rather than through
/// `select_nth_unstable_by` + `sort_unstable_by`, whose instances for `Cand` weigh ~9 KB of
/// wasm (benches/results/size.md): a quickselect with median-of-three pivots brings the best
/// `m` to the front in O(n) on average, and a bounded heap (O(n log m) at worst) finishes
/// when the partitions stop shrinking; the `m` kept are then sorted by the heap's heapsort.
fn top_sorted(pool: &mut Vec<Cand>, m: usize) {
    if m == 0 {
        pool.clear();
        return;
    }
    if m < pool.len() {
        select_best(pool, m);
        pool.truncate(m);
    }
    let heap: BinaryHeap<Worst<Cand>> = pool.drain(..).map(Worst).collect();
    pool.extend(heap.into_sorted_vec().into_iter().map(|k| k.0));
}

/// Brings the best `m` of `v` (by [`by_cand`], `m < v.len()`) to `v[..m]`, in any order;
/// `v[m..]` is left unspecified (the caller truncates).
fn select_best(v: &mut [Cand], m: usize) {
    let (mut lo, mut hi) = (0, v.len());
    // About twice the depth of balanced partitions, then the heap (guards against inputs that
    // defeat median-of-three).
    let mut rounds = 2 * (usize::BITS - v.len().leading_zeros()) + 4;
    // Invariant: v[..lo] are all better than v[lo..], which are all better than v[hi..];
    // the boundary m lies in lo..hi.
    while hi - lo > 1 {
        if rounds == 0 {
            heap_best(&mut v[lo..hi], m - lo);
            return;
        }
        rounds -= 1;
        let mid = lo + (hi - lo) / 2;
        let (a, b, c) = (v[lo], v[mid], v[hi - 1]);
        let less = |x: &Cand, y: &Cand| by_cand(x, y) == Ordering::Less;
        let pivot = if less(&a, &b) == less(&b, &c) {
            mid
        } else if less(&a, &b) == less(&a, &c) {
            hi - 1
        } else {
            lo
        };
        // Lomuto partition of v[lo..hi] around the pivot, parked at hi - 1.
        v.swap(pivot, hi - 1);
        let p = v[hi - 1];
        let mut store = lo;
        for i in lo..hi - 1 {
            if less(&v[i], &p) {
                v.swap(i, store);
                store += 1;
            }
        }
        v.swap(store, hi - 1);
        // v[lo..store] better than the pivot at `store`, v[store + 1..hi] worse.
        match store.cmp(&m) {
            Ordering::Equal => return,
            Ordering::Greater => hi = store,
            Ordering::Less => lo = store + 1,
        }
    }
}

/// Writes the best `m` of `v` to `v[..m]` with a bounded heap (the fallback of
/// [`select_best`]); `v[m..]` is left unspecified.
fn heap_best(v: &mut [Cand], m: usize) {
    let mut heap = BinaryHeap::with_capacity(m);
    for &c in v.iter() {
        if heap.len() < m {
            heap.push(Worst(c));
        } else if let Some(mut worst) = heap.peek_mut() {
            if by_cand(&c, &worst.0) == Ordering::Less {
                *worst = Worst(c);
            }
        }
    }
    for (slot, k) in v.iter_mut().zip(heap.into_vec()) {
        *slot = k.0;
    }
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
        let mut per_cat: HashMap<u32, usize> = HashMap::default();
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

#[cfg(test)]
mod tests {
    use super::*;

    /// `top_sorted` against a full sort, on pools in random, ascending, descending, equal and
    /// median-of-three-hostile orders (the last ones reach the heap fallback).
    #[test]
    fn top_sorted_keeps_what_a_full_sort_keeps() {
        let mut state = 99u64;
        let mut next = move || {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            (state >> 33) as u32
        };
        let cand = |rel: f64, index: u32| Cand {
            rel,
            index,
            pos: index,
        };
        let mut pools: Vec<Vec<Cand>> = Vec::new();
        for n in [1usize, 2, 3, 7, 64, 1000, 5000] {
            let random: Vec<Cand> = (0..n as u32)
                .map(|i| cand(f64::from(next() % 100), i))
                .collect();
            let asc: Vec<Cand> = (0..n as u32).map(|i| cand(f64::from(i), i)).collect();
            let desc: Vec<Cand> = (0..n as u32).rev().map(|i| cand(f64::from(i), i)).collect();
            let equal: Vec<Cand> = (0..n as u32).rev().map(|i| cand(1.0, i)).collect();
            // Organ pipe: up then down, which makes median-of-three pick poor pivots.
            let pipe: Vec<Cand> = (0..n as u32)
                .map(|i| cand(f64::from(i.min(n as u32 - i)), i))
                .collect();
            pools.extend([random, asc, desc, equal, pipe]);
        }
        pools.push(vec![
            cand(f64::NAN, 0),
            cand(-0.0, 1),
            cand(0.0, 2),
            cand(1.0, 3),
        ]);
        for pool in pools {
            let mut want = pool.clone();
            want.sort_by(by_cand);
            for m in [0, 1, 2, 5, 50, pool.len() / 2, pool.len(), pool.len() + 3] {
                let mut got = pool.clone();
                top_sorted(&mut got, m);
                let key = |v: &[Cand]| {
                    v.iter()
                        .map(|c| (c.rel.to_bits(), c.index))
                        .collect::<Vec<_>>()
                };
                assert_eq!(
                    key(&got),
                    key(&want[..m.min(pool.len())]),
                    "m = {m} of {}",
                    pool.len()
                );
            }
        }
    }

    /// The heap fallback alone gives the best `m` too.
    #[test]
    fn heap_best_keeps_the_best() {
        let mut v: Vec<Cand> = (0..100u32)
            .map(|i| Cand {
                rel: f64::from((i * 37) % 100),
                index: i,
                pos: i,
            })
            .collect();
        heap_best(&mut v, 10);
        let mut best: Vec<u32> = v[..10].iter().map(|c| (c.index * 37) % 100).collect();
        best.sort_unstable();
        assert_eq!(best, (90..100).collect::<Vec<_>>());
    }
}
