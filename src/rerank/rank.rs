//! The ranking pipeline: score, filter, adjust, diversify, pin — and explain every result.
//!
//! For each eligible item `i` with local similarity `sim_i` and (candidate mode) server score
//! `srv_i`, the relevance is
//!
//! `rel_i = w_local · sim_i + w_server · srv_i + w_prop · p_i + boost_i − strength · risk_i`
//!
//! where `sim_i = q̂ · e_i` (metric [`Metric::Dot`]) or `cos(q, e_i)` ([`Metric::Cosine`]), with
//! `q̂` the query scaled to unit length (so blending weights do not drift as a session grows), and
//! `p_i` a learned click probability ([`Propensity`](super::Propensity), optional: a logistic model on the item's
//! embedding, on `q̂ ⊙ e_i`, or on page-supplied item features).
//!
//! **Cold start.** A zero query (an empty session, a profile with no events yet) says nothing
//! about the shopper. Then `sim_i` is the store's popularity prior
//! ([`ItemStore::with_popularity`], scaled so the most popular item has 1), so the list follows
//! popularity; without a prior `sim_i = 0`, and the order is the server's in candidate mode
//! (through `w_server · srv_i`) or the catalog order otherwise. Rules, supply, caps and MMR apply
//! as usual, and [`Ranking::cold_start`] tells the page which case it got.
//!
//! Without diversity the result is the top-`k` of
//! `rel` (ties to the lower catalog index), skipping items over their category cap. With MMR
//! (λ ∈ (0, 1]) items are chosen greedily from a pool of the best by relevance, maximizing
//! `rel_i − ((1 − λ) / λ) · max(0, max_{j chosen} cos(e_i, e_j))` — the same choice as the classic
//! `λ · rel − (1 − λ) · maxsim`, written so the explanation parts add up to the final score:
//!
//! `score = local + server + propensity + boost − supply_penalty − diversity_penalty`.
//!
//! Errors name options by their JSON / JS spelling (camelCase, e.g. `rules.dropOutOfStock`),
//! since that is what the page passes.

use super::hash::Set as HashSet;
use super::options::{Metric, RankOptions, RankedItem, Ranking};
use super::profile::Profile;
use super::relevance::Scorer;
use super::rule_index::{RuleIndex, Unknown};
use super::score::Scored;
use super::select::{select, Cand};
use super::store::{ItemId, ItemStore};
use super::validate::{check, finite};
use crate::compute::{Backend, CpuBackend, Matrix};
use crate::error::{Error, Result};

/// Ranks with the CPU backend; see [`rank_with`].
pub fn rank(store: &ItemStore, query: &[f32], opts: &RankOptions) -> Result<Ranking> {
    rank_with(&CpuBackend, store, query, opts)
}

/// Ranks the catalog (or `opts.candidates`) for the shopper `query` (any vector of the store's
/// dimension). `rules.suppress_purchased` needs a profile: use [`rank_profile`].
///
/// Generic over the backend (a `&dyn Backend` works too): a module that ranks only with
/// [`CpuBackend`] then holds none of the backend methods it never calls.
pub fn rank_with<B: Backend + ?Sized>(
    backend: &B,
    store: &ItemStore,
    query: &[f32],
    opts: &RankOptions,
) -> Result<Ranking> {
    rank_inner(backend, store, query, None, opts)
}

/// Ranks for a shopper [`Profile`] as of `now_ms`: the query is the decayed profile vector, and
/// `rules.suppress_purchased` excludes the items bought in the session.
pub fn rank_profile<B: Backend + ?Sized>(
    backend: &B,
    store: &ItemStore,
    profile: &Profile,
    now_ms: f64,
    opts: &RankOptions,
) -> Result<Ranking> {
    if profile.dim() != store.dim() {
        return Err(Error::invalid(
            "profile",
            format!("a profile of dimension {} (the store's)", store.dim()),
            format!("dimension {}", profile.dim()),
        ));
    }
    let q = profile.vector_at(now_ms)?;
    rank_inner(backend, store, &q, Some(profile.purchased()), opts)
}

/// The pipeline: check the options, resolve the rules, score (through the backend's fused top-k
/// when nothing but the similarity counts), filter, select, pin.
fn rank_inner<B: Backend + ?Sized>(
    backend: &B,
    store: &ItemStore,
    query: &[f32],
    purchased: Option<&[ItemId]>,
    opts: &RankOptions,
) -> Result<Ranking> {
    let checked = check(store, query, purchased, opts)?;
    let qm = Matrix::new("query", query, 1, query.len())?;
    let mut unknown = Unknown::default();
    let (indices, server) = candidates(store, opts, &mut unknown)?;
    let index = RuleIndex::new(store, &opts.rules, purchased, &mut unknown);
    let scorer = Scorer::new(
        store,
        query,
        opts,
        &index,
        checked.risks.as_deref(),
        checked.strength,
    );
    let items = store.items();
    let rules = &opts.rules;

    // Fast path: with nothing but a positive weight on the dot similarity, relevance is a
    // strictly increasing function of the raw dot product (a positive factor in f64 keeps
    // distinct f32 values distinct), so the backend's fused top-k gives the same list, ties
    // included, without materializing the scores.
    let plain = opts.candidates.is_none()
        && opts.metric == Metric::Dot
        && (1e-100..=1e100).contains(&opts.blend.local)
        && scorer.query_norm() > 0.0
        && !rules.drop_out_of_stock
        && rules.price_min.is_none()
        && rules.price_max.is_none()
        && index.is_empty()
        && checked.strength == 0.0
        && opts.propensity_term().is_none()
        && opts.diversity.is_none_or(|d| d.lambda >= 1.0)
        && opts.category_cap.is_none();
    if plain {
        let hits = backend.scores_top_k(&qm, &items, opts.k)?;
        let chosen = hits
            .first()
            .map(|row| {
                row.iter()
                    .map(|h| scorer.score(h.score, 0.0, h.index))
                    .collect()
            })
            .unwrap_or_default();
        return Ok(finish(
            store,
            chosen,
            unknown.ids,
            index.unknown_categories,
            0,
            false,
        ));
    }
    let indices: Vec<u32> = if opts.candidates.is_none() {
        (0..store.len() as u32).collect()
    } else {
        indices
    };
    let raw = if opts.candidates.is_none() {
        backend.scores(&qm, &items)?
    } else {
        backend.scores_for(&qm, &items, &indices)?
    };
    let score_at = |pos: usize, ix: u32| {
        scorer.score(
            raw.get(pos).copied().unwrap_or(0.0),
            server.get(pos).copied().unwrap_or(0.0),
            ix,
        )
    };

    // Only the relevance is kept for every eligible item; the parts are rebuilt for the few
    // that are returned (or enter the MMR pool).
    let mut filtered = 0usize;
    let mut pool: Vec<Cand> = Vec::with_capacity(indices.len());
    for (pos, &ix) in indices.iter().enumerate() {
        let i = ix as usize;
        if index.pinned_set.contains(&ix) {
            continue;
        }
        let out_of_stock = rules.drop_out_of_stock && store.stock(i).is_some_and(|s| s <= 0.0);
        let price = store.price(i).unwrap_or(0.0);
        let outside = rules.price_min.is_some_and(|lo| price < lo)
            || rules.price_max.is_some_and(|hi| price > hi);
        if out_of_stock || outside || index.excluded.contains(&ix) {
            filtered += 1;
            continue;
        }
        pool.push(Cand {
            rel: score_at(pos, ix).rel,
            index: ix,
            pos: pos as u32,
        });
    }
    let want = opts.k.saturating_sub(index.pinned.len());
    let mut chosen = select(
        store,
        pool,
        want,
        opts.diversity.as_ref(),
        opts.category_cap,
        |c: &Cand| score_at(c.pos as usize, c.index),
    );

    // Pins go to their slots.
    // In slot order. Slots are distinct and below k (`validate`): each pin goes to its slot of a
    // table rather than through a sort (a sort instance costs ~9 KB of wasm, issue #13).
    let mut by_slot: Vec<Option<u32>> = Vec::new();
    for &(slot, ix) in &index.pinned {
        if by_slot.len() <= slot {
            by_slot.resize(slot + 1, None);
        }
        if let Some(cell) = by_slot.get_mut(slot) {
            *cell = Some(ix);
        }
    }
    let pinned = by_slot
        .into_iter()
        .enumerate()
        .filter_map(|(slot, ix)| Some((slot, ix?)));
    for (slot, ix) in pinned {
        // A pinned item outside the candidate list has no server score; its similarity is
        // computed on its own.
        let mut s = match indices.iter().position(|&c| c == ix) {
            Some(pos) => score_at(pos, ix),
            None => {
                let dot = backend
                    .scores_for(&qm, &items, &[ix])?
                    .first()
                    .copied()
                    .unwrap_or(0.0);
                scorer.score(dot, 0.0, ix)
            }
        };
        s.parts.pinned = true;
        let at = slot.min(chosen.len());
        chosen.insert(at, s);
    }
    let cold = scorer.query_norm() == 0.0;
    Ok(finish(
        store,
        chosen,
        unknown.ids,
        index.unknown_categories,
        filtered,
        cold,
    ))
}

/// The candidate indices and server scores (candidate mode; empty in catalog mode), noting
/// unknown ids. A repeated candidate keeps its first occurrence.
fn candidates(
    store: &ItemStore,
    opts: &RankOptions,
    unknown: &mut Unknown,
) -> Result<(Vec<u32>, Vec<f64>)> {
    Ok(match &opts.candidates {
        // Catalog mode: filled in by the caller, after the fast path that needs no index list.
        None => (Vec::new(), Vec::new()),
        Some(cands) => {
            let mut seen = HashSet::with_capacity_and_hasher(cands.len(), Default::default());
            let mut idx = Vec::with_capacity(cands.len());
            let mut srv = Vec::with_capacity(cands.len());
            for (i, c) in cands.iter().enumerate() {
                finite(&format!("candidates[{i}].serverScore"), c.server_score)?;
                match store.index_of(&c.id) {
                    // A repeated candidate keeps its first occurrence.
                    Some(ix) if seen.insert(ix) => {
                        idx.push(ix as u32);
                        srv.push(c.server_score);
                    }
                    Some(_) => {}
                    None => unknown.note(&c.id),
                }
            }
            (idx, srv)
        }
    })
}

fn finish(
    store: &ItemStore,
    chosen: Vec<Scored>,
    unknown_ids: Vec<ItemId>,
    unknown_categories: Vec<String>,
    filtered: usize,
    cold_start: bool,
) -> Ranking {
    let items = chosen
        .into_iter()
        .map(|s| RankedItem {
            index: s.index,
            id: store
                .id(s.index as usize)
                .cloned()
                .unwrap_or(ItemId::Num(s.index)),
            score: s.rel - s.parts.diversity_penalty,
            parts: s.parts,
        })
        .collect();
    Ranking {
        items,
        unknown_ids,
        unknown_categories,
        filtered,
        cold_start,
    }
}
