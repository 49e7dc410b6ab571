//! Book-keeping shared by every policy: the live arm catalog and decisions awaiting a reward.

use std::collections::BTreeMap;

use crate::error::{Error, Result};

/// The live arms, in the order they were added, each with its statistics `T`.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Arms<T> {
    pub ids: Vec<u32>,
    pub stats: Vec<T>,
}

impl<T> Arms<T> {
    /// Refuses a saved state that holds more arms than [`limits::MAX_ARMS`](crate::limits::MAX_ARMS).
    pub(crate) fn check_saved_count(&self) -> crate::Result<()> {
        if self.ids.len() > crate::limits::MAX_ARMS {
            return Err(crate::bandit::saved::invalid(format!(
                "{} arms, more than the {} allowed",
                self.ids.len(),
                crate::limits::MAX_ARMS
            )));
        }
        Ok(())
    }

    /// Position of arm `id`, or a clear error naming the unknown arm.
    pub fn index(&self, arg: &str, id: u32) -> Result<usize> {
        self.ids.iter().position(|&a| a == id).ok_or_else(|| {
            let shown: Vec<u32> = self.ids.iter().take(10).copied().collect();
            let more = if self.ids.len() > 10 {
                format!(" … ({} live arms)", self.ids.len())
            } else {
                String::new()
            };
            Error::invalid(arg, format!("one of the live arm ids {shown:?}{more}"), id)
        })
    }

    pub fn add(&mut self, id: u32, stat: T) -> Result<()> {
        if self.ids.contains(&id) {
            return Err(Error::invalid("arm", "an arm id not already in use", id));
        }
        if self.ids.len() >= crate::limits::MAX_ARMS {
            return Err(Error::invalid(
                "arm",
                format!("room for another arm (at most {})", crate::limits::MAX_ARMS),
                format!("{id} with {} live arms", self.ids.len()),
            ));
        }
        self.ids.push(id);
        self.stats.push(stat);
        Ok(())
    }

    pub fn retire(&mut self, id: u32) -> Result<()> {
        let i = self.index("arm", id)?;
        self.ids.remove(i);
        self.stats.remove(i);
        Ok(())
    }

    pub fn require_some(&self) -> Result<()> {
        if self.ids.is_empty() {
            Err(Error::invalid(
                "arms",
                "at least one live arm to choose from",
                "none",
            ))
        } else {
            Ok(())
        }
    }
}

/// Builds the initial catalog, refusing duplicates.
pub(crate) fn catalog<T>(ids: &[u32], mut make: impl FnMut() -> T) -> Result<Arms<T>> {
    let stats = ids.iter().map(|_| make()).collect();
    Arms::from_parts(ids.to_vec(), stats)
}

impl<T> Arms<T> {
    /// A catalog of `ids` (distinct, at most [`crate::limits::MAX_ARMS`]) with their `stats`,
    /// checked in one pass.
    pub fn from_parts(ids: Vec<u32>, stats: Vec<T>) -> Result<Self> {
        crate::limits::check_count("arms.length", ids.len(), 0, crate::limits::MAX_ARMS)?;
        let mut seen = std::collections::HashSet::with_capacity(ids.len());
        for (i, &id) in ids.iter().enumerate() {
            if !seen.insert(id) {
                return Err(Error::invalid(
                    "arms",
                    "distinct arm ids",
                    format!("{id} repeated at index {i}"),
                ));
            }
        }
        Ok(Arms { ids, stats })
    }
}

/// Decisions handed out and not yet rewarded, keyed by decision id. Bounded: when more than
/// `capacity` are open the oldest is forgotten (its reward, if it ever comes, is refused).
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Pending<P> {
    pub next_id: u64,
    pub capacity: usize,
    pub open: BTreeMap<u64, P>,
}

impl<P> Pending<P> {
    pub fn new(capacity: usize) -> Self {
        Pending {
            next_id: 0,
            capacity,
            open: BTreeMap::new(),
        }
    }

    /// Records a decision and returns its id.
    pub fn record(&mut self, p: P) -> u64 {
        let id = self.next_id;
        self.next_id += 1;
        if self.capacity > 0 {
            self.open.insert(id, p);
            while self.open.len() > self.capacity {
                self.open.pop_first();
            }
        }
        id
    }

    /// Removes and returns decision `id`.
    pub fn take(&mut self, id: u64) -> Result<P> {
        self.open.remove(&id).ok_or_else(|| self.unknown(id))
    }

    /// Decision `id`, left open.
    pub fn peek(&self, id: u64) -> Result<&P> {
        self.open.get(&id).ok_or_else(|| self.unknown(id))
    }

    fn unknown(&self, id: u64) -> Error {
        let why = if id >= self.next_id {
            "was never issued"
        } else {
            "was already rewarded or expired"
        };
        Error::invalid(
            "decisionId",
            "the id of an open decision",
            format!("{id}, which {why}"),
        )
    }

    /// Fails once every decision id below 2^53 − 1 has been issued, or the step count `steps`
    /// would pass it, so that every saved counter stays an exact JS integer.
    pub fn check_room(&self, steps: u64) -> Result<()> {
        check_counter("decision ids", self.next_id)?;
        check_counter("steps", steps)
    }
}

/// Checks a reward: finite, and within [0, 1] when the policy models Bernoulli/bounded rewards.
pub(crate) fn check_reward(reward: f64, bounded01: bool) -> Result<()> {
    if !reward.is_finite() {
        return Err(Error::invalid("reward", "a finite number", reward));
    }
    if bounded01 && !(0.0..=1.0).contains(&reward) {
        return Err(Error::invalid(
            "reward",
            "a number in [0, 1] (this policy models click/conversion rewards)",
            reward,
        ));
    }
    Ok(())
}

/// Checks the options every bandit class has: the discount factor in (0, 1] and the number of
/// unrewarded decisions kept, at most [`MAX_PENDING`](crate::limits::MAX_PENDING).
pub(crate) fn check_discount_and_pending(discount: f64, max_pending: usize) -> Result<()> {
    if !(discount > 0.0 && discount <= 1.0) {
        return Err(Error::invalid(
            "options.discount",
            "a number in (0, 1]",
            discount,
        ));
    }
    crate::limits::check_count(
        "options.max_pending",
        max_pending,
        0,
        crate::limits::MAX_PENDING,
    )?;
    Ok(())
}

/// The generator for draw number `step` of a policy seeded with `seed`: re-deriving it per step
/// keeps the saved state down to two integers and makes resumed runs continue the same stream.
pub(crate) fn step_rng(seed: u64, step: u64) -> crate::rng::Rng {
    crate::rng::seeded(seed ^ step.wrapping_add(1).wrapping_mul(0x9E37_79B9_7F4A_7C15))
}

/// Fails when incrementing the saved counter `value` would pass 2^53 − 1 (the largest exact JS
/// integer), which a saved state may not hold.
pub(crate) fn check_counter(what: &str, value: u64) -> Result<()> {
    if value >= crate::bandit::saved::MAX_SAFE_INTEGER {
        return Err(Error::invalid(
            "this",
            format!("a bandit with {what} left below 2^53 - 1"),
            "one that has used them all",
        ));
    }
    Ok(())
}
