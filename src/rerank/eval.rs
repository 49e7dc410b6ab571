//! Offline evaluation of rankings: NDCG@k, recall@k, reciprocal rank, catalog coverage and
//! intra-list diversity. Rankings are lists of catalog indices, best first.
//!
//! Conventions (those of scikit-learn's `ndcg_score` with linear gains): `DCG@k = Σ_{r<k} g_r /
//! log2(r + 2)`, `NDCG@k = DCG@k / IDCG@k`, defined as 0 when no item has a positive gain.

use super::store::ItemStore;
use crate::compute::kernels::dot_f32;
use crate::error::{Error, Result};
use crate::num::Num;
use std::collections::{HashMap, HashSet};

fn check_k(k: usize) -> Result<()> {
    if k == 0 {
        Err(Error::invalid("k", "an integer >= 1", 0))
    } else {
        Ok(())
    }
}

/// NDCG@k of `ranked` given graded relevance `gains` (item → gain ≥ 0; missing items gain 0).
pub fn ndcg_at_k(ranked: &[u32], gains: &HashMap<u32, f64>, k: usize) -> Result<f64> {
    check_k(k)?;
    if let Some((i, g)) = gains.iter().find(|(_, g)| !(g.is_finite() && **g >= 0.0)) {
        return Err(Error::invalid(
            "gains",
            "finite gains >= 0",
            format!("{} for item {i}", Num(*g)),
        ));
    }
    let disc = |r: usize| 1.0 / ((r + 2) as f64).log2();
    let mut seen = HashSet::new();
    let dcg: f64 = ranked
        .iter()
        .take(k)
        .enumerate()
        // A repeated item earns nothing the second time.
        .map(|(r, i)| {
            if seen.insert(*i) {
                gains.get(i).copied().unwrap_or(0.0) * disc(r)
            } else {
                0.0
            }
        })
        .sum();
    let mut ideal: Vec<f64> = gains.values().copied().collect();
    // Descending: ascending by `total_cmp` then reversed (equal keys are equal bits, so this is
    // the descending order), which shares the engines' one `f64` sort instance (issue #13).
    ideal.sort_by(f64::total_cmp);
    ideal.reverse();
    let idcg: f64 = ideal
        .iter()
        .take(k)
        .enumerate()
        .map(|(r, g)| g * disc(r))
        .sum();
    Ok(if idcg > 0.0 { dcg / idcg } else { 0.0 })
}

/// Share of the relevant items found in the first `k` (0 when nothing is relevant).
pub fn recall_at_k(ranked: &[u32], relevant: &[u32], k: usize) -> Result<f64> {
    check_k(k)?;
    let rel: HashSet<u32> = relevant.iter().copied().collect();
    if rel.is_empty() {
        return Ok(0.0);
    }
    let found: HashSet<u32> = ranked
        .iter()
        .take(k)
        .filter(|i| rel.contains(i))
        .copied()
        .collect();
    Ok(found.len() as f64 / rel.len() as f64)
}

/// `1 / rank` of the first relevant item (ranks from 1), 0 when none is in the list.
pub fn reciprocal_rank(ranked: &[u32], relevant: &[u32]) -> f64 {
    let rel: HashSet<u32> = relevant.iter().copied().collect();
    ranked
        .iter()
        .position(|i| rel.contains(i))
        .map_or(0.0, |p| 1.0 / (p + 1) as f64)
}

/// Mean reciprocal rank over queries: pairs of (ranking, relevant items).
pub fn mean_reciprocal_rank(queries: &[(Vec<u32>, Vec<u32>)]) -> Result<f64> {
    crate::error::check::non_empty("queries", queries)?;
    Ok(queries
        .iter()
        .map(|(r, rel)| reciprocal_rank(r, rel))
        .sum::<f64>()
        / queries.len() as f64)
}

/// Share of the catalog (`catalog_size` items) that appears in at least one of `lists`.
pub fn catalog_coverage(lists: &[Vec<u32>], catalog_size: usize) -> Result<f64> {
    if catalog_size == 0 {
        return Err(Error::invalid("catalog_size", "an integer >= 1", 0));
    }
    let mut seen = HashSet::new();
    for (l, list) in lists.iter().enumerate() {
        for (p, &i) in list.iter().enumerate() {
            if i as usize >= catalog_size {
                return Err(Error::invalid(
                    format!("lists[{l}][{p}]"),
                    format!("an item index below {catalog_size}"),
                    i,
                ));
            }
            seen.insert(i);
        }
    }
    Ok(seen.len() as f64 / catalog_size as f64)
}

/// Mean pairwise cosine distance `1 − cos(e_i, e_j)` over the list (0 for fewer than 2 items).
pub fn intra_list_diversity(store: &ItemStore, list: &[u32]) -> Result<f64> {
    if list.len() > crate::limits::MAX_DIVERSITY_LIST {
        return Err(Error::invalid(
            "list",
            format!(
                "at most {} items (every pair is compared)",
                crate::limits::MAX_DIVERSITY_LIST
            ),
            format!("{} items", list.len()),
        ));
    }
    if let Some(p) = list.iter().position(|&i| i as usize >= store.len()) {
        return Err(Error::invalid(
            format!("list[{p}]"),
            format!("an item index below {}", store.len()),
            list[p],
        ));
    }
    if list.len() < 2 {
        return Ok(0.0);
    }
    let units: Vec<Vec<f32>> = list
        .iter()
        .map(|&i| {
            let n = store.norm(i as usize);
            let e = store.embedding(i as usize);
            if n > 0.0 {
                e.iter().map(|x| x / n).collect()
            } else {
                e
            }
        })
        .collect();
    let mut sum = 0.0;
    let mut pairs = 0usize;
    for a in 0..units.len() {
        for b in a + 1..units.len() {
            sum += 1.0 - f64::from(dot_f32(&units[a], &units[b]));
            pairs += 1;
        }
    }
    Ok(sum / pairs as f64)
}

/// [`ndcg_at_k`] with the gains as the page lists them: `relevant[i]` gains `gains[i]` (default
/// 1 each; a repeated item keeps its last gain).
pub fn ndcg_at_k_lists(
    ranked: &[u32],
    relevant: &[u32],
    gains: Option<Vec<f64>>,
    k: usize,
) -> Result<f64> {
    let g = gains.unwrap_or_else(|| vec![1.0; relevant.len()]);
    if g.len() != relevant.len() {
        return Err(Error::invalid(
            "gains",
            format!("one gain per relevant item ({})", relevant.len()),
            format!("{} values", g.len()),
        ));
    }
    let map: HashMap<u32, f64> = relevant.iter().copied().zip(g).collect();
    ndcg_at_k(ranked, &map, k)
}

/// [`mean_reciprocal_rank`] of `rankings[q]` with its `relevant[q]` items (one list each).
pub fn mean_reciprocal_rank_lists(rankings: Vec<Vec<u32>>, relevant: Vec<Vec<u32>>) -> Result<f64> {
    if rankings.len() != relevant.len() {
        return Err(Error::invalid(
            "relevant",
            format!("one list per ranking ({})", rankings.len()),
            format!("{} lists", relevant.len()),
        ));
    }
    let q: Vec<(Vec<u32>, Vec<u32>)> = rankings.into_iter().zip(relevant).collect();
    mean_reciprocal_rank(&q)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn by_hand() {
        let gains: HashMap<u32, f64> = [(1, 3.0), (2, 2.0), (3, 0.0), (4, 1.0)].into();
        // DCG@3 of [4, 1, 9] = 1/1 + 3/log2(3); IDCG@3 = 3 + 2/log2(3) + 1/2.
        let want = (1.0 + 3.0 / 3f64.log2()) / (3.0 + 2.0 / 3f64.log2() + 0.5);
        assert!((ndcg_at_k(&[4, 1, 9], &gains, 3).unwrap() - want).abs() < 1e-15);
        assert_eq!(ndcg_at_k(&[1, 2, 4], &gains, 3).unwrap(), 1.0);
        assert_eq!(
            ndcg_at_k(&[1, 1, 1], &gains, 3).unwrap(),
            3.0 / (3.0 + 2.0 / 3f64.log2() + 0.5)
        );
        assert_eq!(ndcg_at_k(&[1], &HashMap::new(), 3).unwrap(), 0.0);
        assert!(ndcg_at_k(&[1], &gains, 0).is_err());
        assert!(ndcg_at_k(&[1], &[(1, f64::NAN)].into(), 1).is_err());
        assert_eq!(
            recall_at_k(&[5, 1, 2, 7], &[1, 7, 8, 8], 3).unwrap(),
            1.0 / 3.0
        );
        assert_eq!(recall_at_k(&[5], &[], 3).unwrap(), 0.0);
        assert_eq!(reciprocal_rank(&[5, 1, 2], &[2, 9]), 1.0 / 3.0);
        assert_eq!(
            mean_reciprocal_rank(&[(vec![1, 2], vec![1]), (vec![1, 2], vec![3])]).unwrap(),
            0.5
        );
        assert!(mean_reciprocal_rank(&[]).is_err());
        assert_eq!(
            catalog_coverage(&[vec![0, 1], vec![1, 3]], 8).unwrap(),
            3.0 / 8.0
        );
        assert!(catalog_coverage(&[vec![8]], 8)
            .unwrap_err()
            .to_string()
            .contains("lists[0][0]"));
        assert!(catalog_coverage(&[], 0).is_err());
        let s = ItemStore::from_f32(vec![1.0, 0.0, 0.0, 2.0, 1.0, 1.0], 2).unwrap();
        let ild = intra_list_diversity(&s, &[0, 1, 2]).unwrap();
        let c = std::f64::consts::FRAC_1_SQRT_2;
        assert!((ild - (1.0 + (1.0 - c) + (1.0 - c)) / 3.0).abs() < 1e-6);
        assert_eq!(intra_list_diversity(&s, &[1]).unwrap(), 0.0);
        assert!(intra_list_diversity(&s, &[3]).is_err());
        let e = intra_list_diversity(&s, &vec![0; crate::limits::MAX_DIVERSITY_LIST + 1])
            .unwrap_err()
            .to_string();
        assert!(e.contains("at most 10000 items"), "{e}");
    }

    #[test]
    fn list_forms_check_their_lengths() {
        assert_eq!(ndcg_at_k_lists(&[1, 2], &[1], None, 2).unwrap(), 1.0);
        let e = ndcg_at_k_lists(&[1], &[1, 2], Some(vec![1.0]), 1).unwrap_err();
        assert!(
            e.to_string()
                .contains("`gains`: expected one gain per relevant item (2)"),
            "{e}"
        );
        let e = ndcg_at_k_lists(&[1], &[1], Some(vec![f64::NAN]), 1).unwrap_err();
        assert!(e.to_string().contains("NaN for item 1"), "{e}");
        assert_eq!(
            mean_reciprocal_rank_lists(vec![vec![3, 1]], vec![vec![1]]).unwrap(),
            0.5
        );
        let e = mean_reciprocal_rank_lists(vec![vec![1]], vec![]).unwrap_err();
        assert!(
            e.to_string()
                .contains("`relevant`: expected one list per ranking (1)"),
            "{e}"
        );
    }
}
