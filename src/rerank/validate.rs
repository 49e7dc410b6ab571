//! Checking a ranking request before any work: every option against the store and the query,
//! with errors that name the option by its JS spelling.

use super::hash::Set as HashSet;
use super::options::RankOptions;
use super::score::check_magnitude;
use super::store::{ItemId, ItemStore};
use crate::error::{Error, Result};
use crate::limits::MAX_MMR_PAIRS;
use crate::num::Num;

/// What the checks computed that the ranking reuses.
pub(super) struct Checked {
    /// Stock-out risk per item, with supply settings.
    pub risks: Option<Vec<f64>>,
    /// Supply demotion strength (0 without supply settings).
    pub strength: f64,
}

/// Checks `opts` for `store` and `query` (`purchased`: the profile's purchases, when ranking for
/// a profile).
pub(super) fn check(
    store: &ItemStore,
    query: &[f32],
    purchased: Option<&[ItemId]>,
    opts: &RankOptions,
) -> Result<Checked> {
    crate::limits::check_count("k", opts.k, 1, crate::limits::MAX_TOP_K)?;
    if query.len() != store.dim() {
        return Err(Error::invalid(
            "query",
            format!("{} values (the item embedding dimension)", store.dim()),
            format!("{} values", query.len()),
        ));
    }
    crate::compute::Matrix::new("query", query, 1, query.len())?;
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
                format!("a price >= price_min ({})", Num(lo)),
                hi,
            ));
        }
    }
    for (i, b) in rules.boosts.iter().enumerate() {
        finite(&format!("rules.boosts[{i}].amount"), b.amount)?;
    }
    let mut slots = HashSet::default();
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
    if let Some(p) = &opts.propensity {
        if !super::propensity::IN_BUILD {
            return Err(super::propensity::not_in_build());
        }
        p.check(store)?;
    }
    Ok(Checked { risks, strength })
}

/// Fails unless `v` is finite.
pub(super) fn finite(arg: &str, v: f64) -> Result<()> {
    if v.is_finite() {
        Ok(())
    } else {
        Err(Error::invalid(arg, "a finite number", v))
    }
}
