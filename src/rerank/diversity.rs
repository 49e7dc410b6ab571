//! Maximal marginal relevance (Carbonell & Goldstein, 1998) with optional category caps.

use super::hash::Map as HashMap;
use super::score::Scored;
use super::store::ItemStore;
use crate::compute::kernels::dot_f32;

/// Greedy MMR over `pool` (sorted best first): picks up to `want` items maximizing
/// `rel − ((1 − λ)/λ) · max(0, max cos to the chosen)`, ties to the lower catalog index, never
/// exceeding `cap` items per category. Sets each chosen item's `diversity_penalty`.
pub(crate) fn mmr_select(
    store: &ItemStore,
    pool: &[Scored],
    want: usize,
    lambda: f64,
    cap: Option<usize>,
) -> Vec<Scored> {
    let beta = (1.0 - lambda) / lambda;
    // Unit vectors of the pool (dequantized for int8 stores).
    let units: Vec<Vec<f32>> = pool
        .iter()
        .map(|s| {
            let e = store.embedding(s.index as usize);
            let n = store.norm(s.index as usize);
            if n > 0.0 {
                e.iter().map(|x| x / n).collect()
            } else {
                e
            }
        })
        .collect();
    let mut max_sim = vec![0f64; pool.len()];
    let mut taken = vec![false; pool.len()];
    let mut per_cat: HashMap<u32, usize> = HashMap::default();
    let mut out = Vec::with_capacity(want.min(pool.len()));
    while out.len() < want {
        let mut best: Option<(usize, f64)> = None;
        for (j, s) in pool.iter().enumerate() {
            if taken[j] {
                continue;
            }
            if let (Some(c), Some(cap)) = (store.category_code(s.index as usize), cap) {
                if per_cat.get(&c).copied().unwrap_or(0) >= cap {
                    continue;
                }
            }
            let v = s.rel - beta * max_sim[j];
            let better = match best {
                None => true,
                Some((b, bv)) => v > bv || (v == bv && s.index < pool[b].index),
            };
            if better {
                best = Some((j, v));
            }
        }
        let Some((j, _)) = best else { break };
        taken[j] = true;
        let mut s = pool[j];
        s.parts.diversity_penalty = beta * max_sim[j];
        if let Some(c) = store.category_code(s.index as usize) {
            *per_cat.entry(c).or_default() += 1;
        }
        out.push(s);
        for (m, u) in max_sim.iter_mut().zip(&units) {
            let c = f64::from(dot_f32(u, &units[j])).max(0.0);
            if c > *m {
                *m = c;
            }
        }
    }
    out
}
