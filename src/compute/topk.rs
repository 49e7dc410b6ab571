//! Exact top-k selection with a total order: higher score first, ties broken by the lower index,
//! NaN ranked below every number (so a NaN can never displace a real score).

use std::cmp::Ordering;
use std::collections::BinaryHeap;

/// One selected entry: a row/column index and its score.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct Hit {
    /// Index of the item (column of the score matrix).
    pub index: u32,
    /// Its score.
    pub score: f32,
}

/// `Ordering::Less` when `a` ranks before `b`: the ranking order used by every top-k in the crate.
#[inline]
pub fn rank_order(a: &Hit, b: &Hit) -> Ordering {
    match (a.score.is_nan(), b.score.is_nan()) {
        (false, false) => b
            .score
            .partial_cmp(&a.score)
            .unwrap_or(Ordering::Equal)
            .then(a.index.cmp(&b.index)),
        (true, false) => Ordering::Greater,
        (false, true) => Ordering::Less,
        (true, true) => a.index.cmp(&b.index),
    }
}

/// A total ranking order, as [`rank_order`] is for hits: `Ordering::Less` when `self` ranks
/// before `other`.
pub(crate) trait Ranked {
    /// How `self` ranks against `other`.
    fn rank(&self, other: &Self) -> Ordering;
}

impl Ranked for Hit {
    #[inline]
    fn rank(&self, other: &Self) -> Ordering {
        rank_order(self, other)
    }
}

/// Heap entry ordered by its [`Ranked`] order, so that a max-heap's maximum is the *worst* kept
/// entry: the bounded heap of every exact top-k (this file's and rerank's candidate selection).
#[derive(Clone, Copy)]
pub(crate) struct Worst<T>(pub T);

impl<T: Ranked> PartialEq for Worst<T> {
    fn eq(&self, other: &Self) -> bool {
        self.0.rank(&other.0) == Ordering::Equal
    }
}
impl<T: Ranked> Eq for Worst<T> {}
impl<T: Ranked> PartialOrd for Worst<T> {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl<T: Ranked> Ord for Worst<T> {
    fn cmp(&self, other: &Self) -> Ordering {
        self.0.rank(&other.0)
    }
}

/// A streaming exact top-k: push `(index, score)` pairs in any order, read the best `k` sorted.
pub struct TopK {
    k: usize,
    heap: BinaryHeap<Worst<Hit>>,
    /// Score of the worst kept entry once `k` are held (−∞ before): anything strictly below is
    /// rejected with one comparison. NaN never passes `<`, so it takes the exact path.
    floor: f32,
}

impl TopK {
    /// An empty selector keeping the best `k` entries (`k = 0` keeps nothing).
    pub fn new(k: usize) -> Self {
        TopK {
            k,
            heap: BinaryHeap::with_capacity(k.saturating_add(1).min(1 << 16)),
            floor: f32::NEG_INFINITY,
        }
    }

    /// Offers one entry.
    #[inline]
    pub fn push(&mut self, index: u32, score: f32) {
        if score < self.floor || self.k == 0 {
            return;
        }
        let hit = Hit { index, score };
        if self.heap.len() < self.k {
            self.heap.push(Worst(hit));
        } else if let Some(mut top) = self.heap.peek_mut() {
            if rank_order(&hit, &top.0) == Ordering::Less {
                *top = Worst(hit);
            } else {
                return;
            }
        }
        if self.heap.len() == self.k {
            self.floor = self.heap.peek().map_or(f32::NEG_INFINITY, |w| w.0.score);
        }
    }

    /// Offers `scores[j]` as entry `first + j` for every `j`: the same as one [`TopK::push`]
    /// each, but four at a time are rejected with one SIMD compare against the current floor
    /// (the common case once `k` good entries are held).
    #[inline]
    pub fn push_slice(&mut self, first: u32, scores: &[f32]) {
        let mut chunks = scores.chunks_exact(4);
        let mut i = first;
        for c in &mut chunks {
            if !super::kernels::all_below4(c, self.floor) {
                for (j, &s) in (0u32..).zip(c) {
                    self.push(i.wrapping_add(j), s);
                }
            }
            i = i.wrapping_add(4);
        }
        for (j, &s) in (0u32..).zip(chunks.remainder()) {
            self.push(i.wrapping_add(j), s);
        }
    }

    /// The score an entry must beat to enter (the current worst kept), once `k` are held.
    #[inline]
    pub fn threshold(&self) -> Option<Hit> {
        if self.heap.len() < self.k {
            None
        } else {
            self.heap.peek().map(|w| w.0)
        }
    }

    /// The kept entries, best first: the heap's own heapsort (ascending by the heap's order is best
    /// first; the order is total), which needs no sort instance of its own (smaller module).
    pub fn into_sorted(self) -> Vec<Hit> {
        self.heap
            .into_sorted_vec()
            .into_iter()
            .map(|w| w.0)
            .collect()
    }
}

/// Best `min(k, scores.len())` entries of `scores` (index = position), best first.
pub fn top_k(scores: &[f32], k: usize) -> Vec<Hit> {
    let mut t = TopK::new(k.min(scores.len()));
    for (i, &s) in scores.iter().enumerate() {
        t.push(i as u32, s);
    }
    t.into_sorted()
}

/// Reference top-k for tests: sort every entry by [`rank_order`], keep `k`.
#[cfg(test)]
pub(crate) fn brute(scores: &[f32], k: usize) -> Vec<Hit> {
    let mut all: Vec<Hit> = scores
        .iter()
        .enumerate()
        .map(|(i, &s)| Hit {
            index: i as u32,
            score: s,
        })
        .collect();
    all.sort_by(rank_order);
    all.truncate(k);
    all
}

#[cfg(test)]
mod tests {
    use super::*;
    use rand::Rng as _;

    fn bits(v: &[Hit]) -> Vec<(u32, u32)> {
        v.iter().map(|h| (h.index, h.score.to_bits())).collect()
    }

    #[test]
    fn equals_brute_force_with_many_ties() {
        let mut rng = crate::rng::seeded(3);
        for trial in 0..200 {
            let n = rng.random_range(0..300);
            // Few distinct values: lots of ties, which must go to the lower index.
            let levels = rng.random_range(1..6);
            let scores: Vec<f32> = (0..n)
                .map(|_| rng.random_range(0..levels) as f32 * 0.5)
                .collect();
            let k = rng.random_range(0..n + 5);
            assert_eq!(
                bits(&top_k(&scores, k)),
                bits(&brute(&scores, k)),
                "trial {trial}"
            );
        }
    }

    #[test]
    fn push_slice_equals_one_push_each() {
        let mut rng = crate::rng::seeded(4);
        for trial in 0..200 {
            let n = rng.random_range(0..300);
            let levels = rng.random_range(1..6);
            let mut scores: Vec<f32> = (0..n)
                .map(|_| rng.random_range(0..levels) as f32 * 0.5)
                .collect();
            if n > 0 && trial % 3 == 0 {
                scores[rng.random_range(0..n)] = f32::NAN;
            }
            let k = rng.random_range(0..n + 5);
            let first = rng.random_range(0..1000u32);
            // Pushed in uneven slices, as the blocked scan does.
            let mut a = TopK::new(k);
            let mut at = 0;
            while at < n {
                let len = rng.random_range(1..=n - at);
                a.push_slice(first + at as u32, &scores[at..at + len]);
                at += len;
            }
            let mut b = TopK::new(k);
            for (i, &s) in scores.iter().enumerate() {
                b.push(first + i as u32, s);
            }
            assert_eq!(
                bits(&a.into_sorted()),
                bits(&b.into_sorted()),
                "trial {trial}"
            );
        }
    }

    #[test]
    fn nan_ranks_last_and_infinities_order() {
        let s = [
            f32::NAN,
            1.0,
            f32::INFINITY,
            f32::NEG_INFINITY,
            f32::NAN,
            1.0,
        ];
        let got: Vec<u32> = top_k(&s, 6).iter().map(|h| h.index).collect();
        assert_eq!(got, vec![2, 1, 5, 3, 0, 4]);
        let got: Vec<u32> = top_k(&s, 2).iter().map(|h| h.index).collect();
        assert_eq!(got, vec![2, 1]);
    }

    #[test]
    fn k_zero_and_k_beyond_length() {
        assert!(top_k(&[1.0, 2.0], 0).is_empty());
        assert_eq!(top_k(&[1.0, 2.0], 10).len(), 2);
        assert!(top_k(&[], 3).is_empty());
        let mut t = TopK::new(1);
        assert!(t.threshold().is_none());
        t.push(4, 1.0);
        assert_eq!(t.threshold().map(|h| h.index), Some(4));
    }
}
