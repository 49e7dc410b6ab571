//! Item embeddings trained from a page's interactions, keyed by the page's ids: implicit-feedback
//! ALS ([`crate::learn::als`]) over dense rows numbered in order of first appearance, whose item
//! factors become an [`ItemStore`] and whose user factors are queries. Its options
//! ([`EmbeddingConfig`]) and order lines ([`OrderLinesConfig`]) are declared once here, with
//! their JS names and TypeScript.

use super::config::ids;
use super::store::{ItemId, ItemStore};
use crate::compute::CpuBackend;
use crate::error::{Error, Result};
use crate::learn::als::{Als, AlsParams, Interactions, MAX_CG_STEPS};
use crate::limits::{self, MAX_ALS_ITERATIONS, MAX_FACTORS};
use crate::num::Num;
use crate::options::{opt_finite, present};
use std::collections::HashMap;

/// Sweeps `trainEmbeddings` runs by default.
pub const DEFAULT_ITERATIONS: usize = 15;

crate::option_set! {
    /// Options of `AlsTrainer` and `trainEmbeddings` (implicit-feedback ALS, Hu, Koren & Volinsky 2008).
    pub struct EmbeddingConfig as "EmbeddingOptions" {
        /// Latent factors = the embedding dimension, 1..1024 (default 32).
        factors: count(1, MAX_FACTORS) = "factors", "number";
        /// L2 regularization λ, in [1e-6, 1e6] (default 1).
        regularization: number = "regularization", "number";
        /// Confidence scale α: an interaction of weight w has confidence 1 + α·w; in [0, 1e6] (default 1).
        alpha: number = "alpha", "number";
        /// Sweeps `trainEmbeddings` runs, 1..1000 (default 15; `AlsTrainer` ignores it: call `step()`).
        iterations: count(1, MAX_ALS_ITERATIONS) = "iterations", "number";
        /// Seed of the initial factors, a whole number in [0, 2^53 − 1] (default 0: same data, same embeddings).
        seed: number = "seed", "number";
        /// Per-user/item solver: 0 = exact Cholesky (default); 1..64 = that many conjugate-gradient steps from the current factors (faster; implicit's default is 3).
        cg_steps: count(0, MAX_CG_STEPS) = "cgSteps", "number";
    }
}

crate::option_set! {
    /// An order log's lines: one purchase per entry (quantities optional, default 1 each).
    pub struct OrderLinesConfig as "OrderLines" {
        /// The customer of each line.
        customers: keys = "customers", "InteractionIds", required;
        /// The item of each line.
        items: keys = "items", "InteractionIds", required;
        /// The quantity of each line (> 0; 0 = ignored; default 1 each).
        quantities: numbers = "quantities", "Float64Array | Float32Array | Int32Array | Uint32Array | number[]";
    }
}

/// Checked order lines: (customer of each line, item of each line, quantities if given).
pub type OrderLines = (Vec<ItemId>, Vec<ItemId>, Option<Vec<f64>>);

/// What a list of ids looks like, for messages.
const IDS: &str = "an array of item ids (strings or whole numbers) or a Uint32Array";

impl EmbeddingConfig {
    /// The validated ALS parameters and the number of sweeps (errors name `options.…`).
    pub fn check(self) -> Result<(AlsParams, usize)> {
        let d = AlsParams::default();
        let seed = match self.seed {
            None => d.seed,
            Some(v)
                if v.is_finite()
                    && v.fract() == 0.0
                    && (0.0..=limits::MAX_SAFE_INTEGER as f64).contains(&v) =>
            {
                v as u64
            }
            Some(v) => {
                return Err(Error::invalid(
                    "options.seed",
                    "a whole number in [0, 2^53 - 1]",
                    Num(v),
                ))
            }
        };
        let p = AlsParams {
            factors: self.factors.unwrap_or(d.factors),
            regularization: opt_finite("options.regularization", self.regularization)?
                .unwrap_or(d.regularization),
            alpha: opt_finite("options.alpha", self.alpha)?.unwrap_or(d.alpha),
            seed,
            cg_steps: self.cg_steps.unwrap_or(d.cg_steps),
        }
        .check()
        .map_err(in_options)?;
        Ok((p, self.iterations.unwrap_or(DEFAULT_ITERATIONS)))
    }
}

/// `options.` before the engine's names of the options (`factors`, `regularization`, …).
fn in_options(e: Error) -> Error {
    e.within_for("options.", EmbeddingConfig::KEYS_FOR_ENGINE)
}

impl EmbeddingConfig {
    /// The option names the ALS engine uses in its errors.
    const KEYS_FOR_ENGINE: &'static [&'static str] =
        &["factors", "regularization", "alpha", "cgSteps", "seed"];
}

impl OrderLinesConfig {
    /// (customers, items, quantities) of the lines (errors name `orders.…`).
    pub fn check(self) -> Result<OrderLines> {
        let customers = present("orders.customers", self.customers, IDS)?;
        let items = present("orders.items", self.items, IDS)?;
        Ok((ids(customers), ids(items), self.quantities))
    }
}

/// Dense rows for ids in order of first appearance: (row of each entry, distinct ids, id → row).
fn dense(ids: Vec<ItemId>) -> (Vec<u32>, Vec<ItemId>, HashMap<ItemId, u32>) {
    let mut rows = HashMap::new();
    let mut distinct = Vec::new();
    let index = ids
        .into_iter()
        .map(|id| {
            *rows.entry(id).or_insert_with_key(|id| {
                distinct.push(id.clone());
                (distinct.len() - 1) as u32
            })
        })
        .collect();
    (index, distinct, rows)
}

/// An ALS model under training with the id ↔ row maps of its users and items.
#[derive(Debug, Clone)]
pub struct IdTrainer {
    /// The model.
    pub model: Als,
    users: Vec<ItemId>,
    items: Vec<ItemId>,
    user_rows: HashMap<ItemId, u32>,
}

impl IdTrainer {
    /// A model over entries `j`: user `users[j]` interacted with item `items[j]` with weight
    /// `weights[j]` (default 1 each). `names` are the JS names of the three lists, for messages.
    pub fn new(
        users: Vec<ItemId>,
        items: Vec<ItemId>,
        weights: Option<Vec<f64>>,
        params: AlsParams,
        names: [&str; 3],
    ) -> Result<Self> {
        if users.is_empty() {
            return Err(Error::invalid(
                format!("{}.length", names[0]),
                "at least one entry",
                0,
            ));
        }
        if items.len() != users.len() {
            return Err(Error::invalid(
                names[1],
                format!("{} ids (one per entry of {})", users.len(), names[0]),
                format!("{} ids", items.len()),
            ));
        }
        let w = weights.unwrap_or_else(|| vec![1.0; users.len()]);
        let (u_rows, users, user_rows) = dense(users);
        let (i_rows, items, _) = dense(items);
        let data = Interactions::new(&u_rows, &i_rows, &w, users.len().max(1), items.len().max(1))
            .map_err(|e| {
                e.renamed(&[
                    ("users", names[0]),
                    ("items", names[1]),
                    ("weights", names[2]),
                ])
            })?;
        let model = Als::new(data, params).map_err(in_options)?;
        Ok(IdTrainer {
            model,
            users,
            items,
            user_rows,
        })
    }

    /// `iterations` sweeps on the CPU; the training loss after each.
    pub fn train(&mut self, iterations: usize) -> Result<Vec<f64>> {
        (0..iterations)
            .map(|_| self.model.step(&CpuBackend))
            .collect()
    }

    /// The item factors as a store, ids set to the item ids, popularity to the training counts.
    pub fn store(&self) -> Result<ItemStore> {
        self.model.item_store()?.with_ids(self.items.clone())
    }

    /// Distinct user ids, in order of first appearance (rows of the user factors).
    pub fn users(&self) -> &[ItemId] {
        &self.users
    }

    /// Distinct item ids, in order of first appearance (rows of the item factors and the store).
    pub fn items(&self) -> &[ItemId] {
        &self.items
    }

    /// The factors of user `id`, `None` for an id the data does not have.
    pub fn user_vector(&self, id: &ItemId) -> Option<&[f32]> {
        self.user_rows.get(id).map(|&r| self.model.user(r as usize))
    }

    /// The id of user row `index` (an error naming `index` past the last row).
    pub fn user_id(&self, index: usize) -> Result<&ItemId> {
        self.users.get(index).ok_or_else(|| {
            Error::invalid(
                "index",
                format!("a user row below {}", self.users.len()),
                index,
            )
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn options_check_with_js_names_and_ids_map_to_rows() {
        let (p, it) = EmbeddingConfig::default().check().unwrap();
        assert_eq!((p, it), (AlsParams::default(), DEFAULT_ITERATIONS));
        let bad = |c: EmbeddingConfig| c.check().unwrap_err().to_string();
        assert!(bad(EmbeddingConfig {
            regularization: Some(0.0),
            ..Default::default()
        })
        .contains("`options.regularization`"));
        assert!(bad(EmbeddingConfig {
            seed: Some(-1.0),
            ..Default::default()
        })
        .contains("`options.seed`: expected a whole number in [0, 2^53 - 1], got -1"));
        assert!(bad(EmbeddingConfig {
            alpha: Some(f64::INFINITY),
            ..Default::default()
        })
        .contains("`options.alpha`"));
        let e = OrderLinesConfig::default().check().unwrap_err().to_string();
        assert!(e.contains("`orders.customers`"), "{e}");

        let id = |s: &str| ItemId::Str(s.into());
        let names = ["users", "items", "weights"];
        let params = AlsParams {
            factors: 2,
            ..Default::default()
        };
        let mut t = IdTrainer::new(
            vec![id("u"), id("v"), id("u")],
            vec![id("a"), id("b"), id("b")],
            None,
            params,
            names,
        )
        .unwrap();
        assert_eq!(t.users(), [id("u"), id("v")]);
        assert_eq!(t.items(), [id("a"), id("b")]);
        let losses = t.train(2).unwrap();
        assert_eq!(losses.len(), 2);
        assert_eq!(t.user_vector(&id("v")).unwrap().len(), 2);
        assert!(t.user_vector(&id("w")).is_none());
        assert!(t.user_id(2).is_err());
        assert_eq!(t.store().unwrap().index_of(&id("b")), Some(1));
        let e = IdTrainer::new(vec![id("u")], vec![], None, params, names).unwrap_err();
        assert!(e.to_string().contains("`items`"), "{e}");
    }
}
