//! The ranking pipeline: score, filter, adjust, diversify, pin — and explain every result.
//!
//! For each eligible item `i` with local similarity `sim_i` and (candidate mode) server score
//! `srv_i`, the relevance is
//!
//! `rel_i = w_local · sim_i + w_server · srv_i + boost_i − strength · risk_i`
//!
//! where `sim_i = q̂ · e_i` (metric [`Metric::Dot`]) or `cos(q, e_i)` ([`Metric::Cosine`]), with
//! `q̂` the query scaled to unit length (so blending weights do not drift as a session grows).
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
//! `score = local + server + boost − supply_penalty − diversity_penalty`.
//!
//! Errors name options by their JSON / JS spelling (camelCase, e.g. `rules.dropOutOfStock`),
//! since that is what the page passes.

use super::diversity::mmr_select;
use super::profile::Profile;
use super::rules::{BoostTarget, Rules};
use super::store::{ItemId, ItemStore};
use super::supply::Supply;
use crate::compute::{Backend, CpuBackend, Matrix};
use crate::error::{Error, Result};
use crate::limits::MAX_MMR_PAIRS;
use serde::{Deserialize, Serialize};
use std::cmp::Ordering;
use std::collections::{HashMap, HashSet};

/// Largest magnitude accepted in embeddings and queries: `65536 · (1e15)² < f32::MAX`, so no dot
/// product can overflow.
pub const MAX_ABS_VALUE: f32 = 1e15;

/// How the query is compared with item embeddings.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum Metric {
    /// Dot product with the unit query (item length counts: popular items often have longer vectors).
    #[default]
    Dot,
    /// Cosine similarity.
    Cosine,
}

/// A server-proposed candidate with the server's own score.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Candidate {
    /// The item.
    pub id: ItemId,
    /// The server's score (finite).
    pub server_score: f64,
}

/// Weights of the local similarity and the server score.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Blend {
    /// Weight of the local similarity (default 1).
    pub local: f64,
    /// Weight of the server score (default 1; unused when ranking the whole catalog).
    pub server: f64,
}

impl Default for Blend {
    fn default() -> Self {
        Blend {
            local: 1.0,
            server: 1.0,
        }
    }
}

/// Maximal marginal relevance settings. Cost: `O(k · pool · dim)` — keep the pool in the
/// hundreds or low thousands on a page (when category caps leave the pool short of `k` items,
/// the selection is redone over every eligible item).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct Diversity {
    /// Relevance/diversity trade-off in (0, 1]; 1 = no diversity.
    pub lambda: f64,
    /// Items considered (the best by relevance); 0 = automatic, `max(5k, 50)`.
    pub pool: usize,
}

impl Default for Diversity {
    fn default() -> Self {
        Diversity {
            lambda: 0.7,
            pool: 0,
        }
    }
}

/// Everything a ranking request can ask for. `Default` ranks the whole catalog, top 10, by dot.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct RankOptions {
    /// Number of items to return (≥ 1; more than available returns all available).
    pub k: usize,
    /// Similarity metric.
    pub metric: Metric,
    /// Re-rank these server candidates instead of the whole catalog.
    pub candidates: Option<Vec<Candidate>>,
    /// Local/server blend.
    pub blend: Blend,
    /// MMR diversification.
    pub diversity: Option<Diversity>,
    /// At most this many items per category (needs store categories).
    pub category_cap: Option<usize>,
    /// Business rules.
    pub rules: Rules,
    /// Supply-aware demotion.
    pub supply: Option<Supply>,
}

impl Default for RankOptions {
    fn default() -> Self {
        RankOptions {
            k: 10,
            metric: Metric::Dot,
            candidates: None,
            blend: Blend::default(),
            diversity: None,
            category_cap: None,
            rules: Rules::default(),
            supply: None,
        }
    }
}

/// The parts of one result's score.
#[derive(Debug, Clone, Copy, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ScoreParts {
    /// Raw local similarity (`q̂ · e` or cosine; in a cold start the popularity prior in [0, 1],
    /// or 0 without one).
    pub similarity: f64,
    /// `blend.local · similarity`.
    pub local: f64,
    /// Raw server score (0 in catalog mode).
    pub server_score: f64,
    /// `blend.server · server_score`.
    pub server: f64,
    /// Sum of the boosts and burials that applied.
    pub rule_boost: f64,
    /// Stock-out risk in [0, 1] (0 without supply settings).
    pub supply_risk: f64,
    /// `strength · risk`, subtracted.
    pub supply_penalty: f64,
    /// MMR penalty, subtracted (0 without diversity).
    pub diversity_penalty: f64,
    /// True when the item sits at a pinned slot.
    pub pinned: bool,
}

/// One returned item.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct RankedItem {
    /// Position in the store.
    pub index: u32,
    /// The item's id.
    pub id: ItemId,
    /// Final score: `local + server + rule_boost − supply_penalty − diversity_penalty`.
    pub score: f64,
    /// Its parts.
    pub parts: ScoreParts,
}

/// A ranking plus what could not be used.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Ranking {
    /// The items, best first (pins at their slots).
    pub items: Vec<RankedItem>,
    /// Ids in candidates, pins, boosts or exclusions that the store does not know (first-seen order).
    pub unknown_ids: Vec<ItemId>,
    /// Boosted categories no item has.
    pub unknown_categories: Vec<String>,
    /// Items removed by filters (stock, price, exclusions).
    pub filtered: usize,
    /// True when the query was zero (an empty session): similarities are the store's popularity
    /// prior, or 0 without one (see the module documentation).
    pub cold_start: bool,
}

/// Relevance of one eligible item, kept with its parts.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Scored {
    pub index: u32,
    pub rel: f64,
    pub parts: ScoreParts,
}

/// Fails when a value exceeds [`MAX_ABS_VALUE`] in magnitude.
pub(crate) fn check_magnitude(arg: &str, v: &[f32]) -> Result<()> {
    match v.iter().position(|x| x.abs() > MAX_ABS_VALUE) {
        None => Ok(()),
        Some(i) => Err(Error::invalid(
            arg,
            format!("values within ±{MAX_ABS_VALUE:e} (so dot products stay finite in f32)"),
            format!("{} at index {i}", v[i]),
        )),
    }
}

fn finite(arg: &str, v: f64) -> Result<()> {
    if v.is_finite() {
        Ok(())
    } else {
        Err(Error::invalid(arg, "a finite number", v))
    }
}

struct Unknown {
    ids: Vec<ItemId>,
}

impl Unknown {
    fn note(&mut self, id: &ItemId) {
        if !self.ids.contains(id) {
            self.ids.push(id.clone());
        }
    }
}

/// Ranks with the CPU backend; see [`rank_with`].
pub fn rank(store: &ItemStore, query: &[f32], opts: &RankOptions) -> Result<Ranking> {
    rank_with(&CpuBackend, store, query, opts)
}

/// Ranks the catalog (or `opts.candidates`) for the shopper `query` (any vector of the store's
/// dimension). `rules.suppress_purchased` needs a profile: use [`rank_profile`].
pub fn rank_with(
    backend: &dyn Backend,
    store: &ItemStore,
    query: &[f32],
    opts: &RankOptions,
) -> Result<Ranking> {
    rank_inner(backend, store, query, None, opts)
}

/// Ranks for a shopper [`Profile`] as of `now_ms`: the query is the decayed profile vector, and
/// `rules.suppress_purchased` excludes the items bought in the session.
pub fn rank_profile(
    backend: &dyn Backend,
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

fn rank_inner(
    backend: &dyn Backend,
    store: &ItemStore,
    query: &[f32],
    purchased: Option<&[ItemId]>,
    opts: &RankOptions,
) -> Result<Ranking> {
    // --- validation -------------------------------------------------------------------------
    crate::limits::check_count("k", opts.k, 1, crate::limits::MAX_TOP_K)?;
    if query.len() != store.dim() {
        return Err(Error::invalid(
            "query",
            format!("{} values (the item embedding dimension)", store.dim()),
            format!("{} values", query.len()),
        ));
    }
    let qm = Matrix::new("query", query, 1, query.len())?;
    check_magnitude("query", query)?;
    finite("blend.local", opts.blend.local)?;
    finite("blend.server", opts.blend.server)?;
    let rules = &opts.rules;
    if let Some(cap) = opts.category_cap {
        if cap == 0 {
            return Err(Error::invalid("categoryCap", "an integer >= 1", 0));
        }
        if !store.has_categories() {
            return Err(Error::invalid(
                "categoryCap",
                "a store with categories (ItemStore::with_categories)",
                "a store without categories",
            ));
        }
    }
    if let Some(d) = &opts.diversity {
        if !(d.lambda > 0.0 && d.lambda <= 1.0) {
            return Err(Error::invalid(
                "diversity.lambda",
                "a number in (0, 1]",
                d.lambda,
            ));
        }
        if d.pool > MAX_MMR_PAIRS / opts.k {
            return Err(Error::invalid(
                "diversity.pool",
                format!(
                    "at most {} items for k = {} (k × pool <= {MAX_MMR_PAIRS})",
                    MAX_MMR_PAIRS / opts.k,
                    opts.k
                ),
                d.pool,
            ));
        }
    }
    if rules.suppress_purchased && purchased.is_none() {
        return Err(Error::invalid(
            "rules.suppressPurchased",
            "a profile to read purchases from (use rank_profile)",
            "a plain query vector",
        ));
    }
    if rules.drop_out_of_stock && !store.has_stock() {
        return Err(Error::invalid(
            "rules.dropOutOfStock",
            "a store with stock levels (ItemStore::with_stock)",
            "a store without stock",
        ));
    }
    for (arg, p) in [
        ("rules.priceMin", rules.price_min),
        ("rules.priceMax", rules.price_max),
    ] {
        if let Some(p) = p {
            finite(arg, p)?;
            if !store.has_prices() {
                return Err(Error::invalid(
                    arg,
                    "a store with prices (ItemStore::with_prices)",
                    "a store without prices",
                ));
            }
        }
    }
    if let (Some(lo), Some(hi)) = (rules.price_min, rules.price_max) {
        if lo > hi {
            return Err(Error::invalid(
                "rules.priceMax",
                format!("a price >= price_min ({lo})"),
                hi,
            ));
        }
    }
    for (i, b) in rules.boosts.iter().enumerate() {
        finite(&format!("rules.boosts[{i}].amount"), b.amount)?;
    }
    let mut slots = HashSet::new();
    for (i, p) in rules.pins.iter().enumerate() {
        if p.slot >= opts.k {
            return Err(Error::invalid(
                format!("rules.pins[{i}].slot"),
                format!("a slot below k = {}", opts.k),
                p.slot,
            ));
        }
        if !slots.insert(p.slot) {
            return Err(Error::invalid(
                format!("rules.pins[{i}].slot"),
                "a slot no other pin uses",
                p.slot,
            ));
        }
    }
    let risks = match &opts.supply {
        Some(s) => Some(s.risks(store)?),
        None => None,
    };
    let strength = opts.supply.as_ref().map_or(0.0, |s| s.strength);

    // --- candidate set ------------------------------------------------------------------------
    let mut unknown = Unknown { ids: Vec::new() };
    let (indices, server): (Vec<u32>, Vec<f64>) = match &opts.candidates {
        // Catalog mode: filled in below, after the fast path that needs no index list.
        None => (Vec::new(), Vec::new()),
        Some(cands) => {
            let mut seen = HashSet::with_capacity(cands.len());
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
    };

    // --- rules lookups ------------------------------------------------------------------------
    let mut pinned: Vec<(usize, u32)> = Vec::new();
    let mut pinned_set = HashSet::new();
    for p in &rules.pins {
        match store.index_of(&p.id) {
            Some(ix) if pinned_set.insert(ix as u32) => pinned.push((p.slot, ix as u32)),
            Some(_) => {}
            None => unknown.note(&p.id),
        }
    }
    let mut excluded = HashSet::new();
    let from_profile = if rules.suppress_purchased {
        purchased.unwrap_or(&[])
    } else {
        &[]
    };
    for id in rules.exclude.iter().chain(from_profile) {
        match store.index_of(id) {
            Some(ix) => {
                excluded.insert(ix as u32);
            }
            None => unknown.note(id),
        }
    }
    let mut id_boost: HashMap<u32, f64> = HashMap::new();
    let mut cat_boost: HashMap<u32, f64> = HashMap::new();
    let mut unknown_categories = Vec::new();
    for b in &rules.boosts {
        match &b.target {
            BoostTarget::Id(id) => match store.index_of(id) {
                Some(ix) => *id_boost.entry(ix as u32).or_default() += b.amount,
                None => unknown.note(id),
            },
            BoostTarget::Category(c) => match store.category_code_of(c) {
                Some(code) => *cat_boost.entry(code).or_default() += b.amount,
                None => {
                    if !unknown_categories.contains(c) {
                        unknown_categories.push(c.clone());
                    }
                }
            },
        }
    }

    // --- similarity ---------------------------------------------------------------------------
    // In f64: cannot overflow for values within `MAX_ABS_VALUE`.
    let qn = query
        .iter()
        .map(|x| f64::from(*x) * f64::from(*x))
        .sum::<f64>()
        .sqrt();
    let items = store.items();
    // --- relevance of every eligible item -------------------------------------------------------
    let mut filtered = 0usize;
    let scored_item = |dot: f32, server_score: f64, ix: u32| -> Scored {
        let i = ix as usize;
        let dot = f64::from(dot);
        let similarity = if qn > 0.0 {
            match opts.metric {
                Metric::Dot => dot / qn,
                Metric::Cosine => {
                    let n = f64::from(store.norm(i));
                    if n > 0.0 {
                        dot / (qn * n)
                    } else {
                        0.0
                    }
                }
            }
        } else {
            // Cold start: the popularity prior (already scaled to [0, 1]), else nothing.
            store.popularity(i).unwrap_or(0.0)
        };
        let rule_boost = id_boost.get(&ix).copied().unwrap_or(0.0)
            + store
                .category_code(i)
                .and_then(|c| cat_boost.get(&c))
                .copied()
                .unwrap_or(0.0);
        let supply_risk = risks
            .as_ref()
            .and_then(|r| r.get(i))
            .copied()
            .unwrap_or(0.0);
        let parts = ScoreParts {
            similarity,
            local: opts.blend.local * similarity,
            server_score,
            server: opts.blend.server * server_score,
            rule_boost,
            supply_risk,
            supply_penalty: strength * supply_risk,
            diversity_penalty: 0.0,
            pinned: false,
        };
        Scored {
            index: ix,
            rel: parts.local + parts.server + parts.rule_boost - parts.supply_penalty,
            parts,
        }
    };
    // Fast path: with nothing but a positive weight on the dot similarity, relevance is a
    // strictly increasing function of the raw dot product (a positive factor in f64 keeps
    // distinct f32 values distinct), so the backend's fused top-k gives the same list, ties
    // included, without materializing the scores.
    let plain = opts.candidates.is_none()
        && opts.metric == Metric::Dot
        && (1e-100..=1e100).contains(&opts.blend.local)
        && qn > 0.0
        && !rules.drop_out_of_stock
        && rules.price_min.is_none()
        && rules.price_max.is_none()
        && excluded.is_empty()
        && id_boost.is_empty()
        && cat_boost.is_empty()
        && pinned.is_empty()
        && strength == 0.0
        && opts.diversity.is_none_or(|d| d.lambda >= 1.0)
        && opts.category_cap.is_none();
    if plain {
        let hits = backend.scores_top_k(&qm, &items, opts.k)?;
        let chosen = hits
            .first()
            .map(|row| {
                row.iter()
                    .map(|h| scored_item(h.score, 0.0, h.index))
                    .collect()
            })
            .unwrap_or_default();
        return Ok(finish(
            store,
            chosen,
            unknown.ids,
            unknown_categories,
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

    // Only the relevance is kept for every eligible item; the parts are rebuilt for the few
    // that are returned (or enter the MMR pool).
    let mut pool: Vec<Cand> = Vec::with_capacity(indices.len());
    for (pos, &ix) in indices.iter().enumerate() {
        let i = ix as usize;
        if pinned_set.contains(&ix) {
            continue;
        }
        let out_of_stock = rules.drop_out_of_stock && store.stock(i).is_some_and(|s| s <= 0.0);
        let price = store.price(i).unwrap_or(0.0);
        let outside = rules.price_min.is_some_and(|lo| price < lo)
            || rules.price_max.is_some_and(|hi| price > hi);
        if out_of_stock || outside || excluded.contains(&ix) {
            filtered += 1;
            continue;
        }
        let s = scored_item(
            raw.get(pos).copied().unwrap_or(0.0),
            server.get(pos).copied().unwrap_or(0.0),
            ix,
        );
        pool.push(Cand {
            rel: s.rel,
            index: ix,
            pos: pos as u32,
        });
    }
    let expand = |c: &Cand| {
        let pos = c.pos as usize;
        scored_item(
            raw.get(pos).copied().unwrap_or(0.0),
            server.get(pos).copied().unwrap_or(0.0),
            c.index,
        )
    };

    // --- selection ------------------------------------------------------------------------------
    let want = opts.k.saturating_sub(pinned.len());
    let cap = opts.category_cap;
    let mut chosen: Vec<Scored> = match &opts.diversity {
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
            let scored: Vec<Scored> = p.iter().map(expand).collect();
            let out = mmr_select(store, &scored, want, d.lambda, cap);
            if out.len() < want && p.len() < pool.len() {
                // Category caps emptied the pool: diversify over every eligible item instead
                // (up to the MAX_MMR_PAIRS budget).
                top_sorted(&mut pool, most);
                let scored: Vec<Scored> = pool.iter().map(expand).collect();
                mmr_select(store, &scored, want, d.lambda, cap)
            } else {
                out
            }
        }
        _ => greedy_with_cap(store, pool, want, cap)
            .iter()
            .map(expand)
            .collect(),
    };

    // --- pins -------------------------------------------------------------------------------------
    // In slot order. Slots are distinct and below k (`validate`): each pin goes to its slot of a
    // table rather than through a sort (a sort instance costs ~9 KB of wasm, issue #13).
    let mut by_slot: Vec<Option<u32>> = Vec::new();
    for (slot, ix) in pinned {
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
        let (dot, srv) = match indices.iter().position(|&c| c == ix) {
            Some(pos) => (
                raw.get(pos).copied().unwrap_or(0.0),
                server.get(pos).copied().unwrap_or(0.0),
            ),
            None => (
                backend
                    .scores_for(&qm, &items, &[ix])?
                    .first()
                    .copied()
                    .unwrap_or(0.0),
                0.0,
            ),
        };
        let mut s = scored_item(dot, srv, ix);
        s.parts.pinned = true;
        let at = slot.min(chosen.len());
        chosen.insert(at, s);
    }

    Ok(finish(
        store,
        chosen,
        unknown.ids,
        unknown_categories,
        filtered,
        qn == 0.0,
    ))
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

/// An eligible item during selection: relevance, catalog index, position in the scored list.
#[derive(Debug, Clone, Copy)]
struct Cand {
    rel: f64,
    index: u32,
    pos: u32,
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
