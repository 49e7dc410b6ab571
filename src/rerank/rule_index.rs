//! The business rules of one request resolved against the store: pinned slots, excluded items
//! and boosts by catalog index, and the ids and categories the store does not know.

use super::hash::{Map as HashMap, Set as HashSet};
use super::rules::{BoostTarget, Rules};
use super::store::{ItemId, ItemStore};

/// Ids the store does not know, in first-seen order.
#[derive(Default)]
pub(super) struct Unknown {
    /// The ids.
    pub ids: Vec<ItemId>,
}

impl Unknown {
    /// Records `id` once.
    pub fn note(&mut self, id: &ItemId) {
        if !self.ids.contains(id) {
            self.ids.push(id.clone());
        }
    }
}

/// The rules by catalog index.
pub(super) struct RuleIndex {
    /// `(slot, index)` of each pinned item (first pin of an item wins).
    pub pinned: Vec<(usize, u32)>,
    /// The pinned indices.
    pub pinned_set: HashSet<u32>,
    /// Excluded indices (explicit exclusions and, when asked, the profile's purchases).
    pub excluded: HashSet<u32>,
    /// Boost per item index.
    pub id_boost: HashMap<u32, f64>,
    /// Boost per category code.
    pub cat_boost: HashMap<u32, f64>,
    /// Boosted categories no item has.
    pub unknown_categories: Vec<String>,
}

impl RuleIndex {
    /// Resolves `rules` against `store`, noting unknown ids in `unknown`.
    pub fn new(
        store: &ItemStore,
        rules: &Rules,
        purchased: Option<&[ItemId]>,
        unknown: &mut Unknown,
    ) -> Self {
        let mut pinned: Vec<(usize, u32)> = Vec::new();
        let mut pinned_set = HashSet::default();
        for p in &rules.pins {
            match store.index_of(&p.id) {
                Some(ix) if pinned_set.insert(ix as u32) => pinned.push((p.slot, ix as u32)),
                Some(_) => {}
                None => unknown.note(&p.id),
            }
        }
        let mut excluded = HashSet::default();
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
        let mut id_boost: HashMap<u32, f64> = HashMap::default();
        let mut cat_boost: HashMap<u32, f64> = HashMap::default();
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
        RuleIndex {
            pinned,
            pinned_set,
            excluded,
            id_boost,
            cat_boost,
            unknown_categories,
        }
    }

    /// The rule boost of item `i` (`ix` as u32): its own plus its category's.
    pub fn boost(&self, store: &ItemStore, i: usize) -> f64 {
        self.id_boost.get(&(i as u32)).copied().unwrap_or(0.0)
            + store
                .category_code(i)
                .and_then(|c| self.cat_boost.get(&c))
                .copied()
                .unwrap_or(0.0)
    }

    /// True when no rule changes any item's score or eligibility.
    pub fn is_empty(&self) -> bool {
        self.excluded.is_empty()
            && self.id_boost.is_empty()
            && self.cat_boost.is_empty()
            && self.pinned.is_empty()
    }
}
