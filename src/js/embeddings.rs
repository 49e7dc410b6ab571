//! JS bindings for item embeddings trained on the device: implicit-feedback ALS
//! ([`crate::learn::als`]) from (user, item, weight) lists or order lines, one sweep at a time
//! (`AlsTrainer`, so a worker can post progress) or all at once (`trainEmbeddings`). The result
//! is an `ItemStore` the rerank functions use as it is, with the user factors as queries.
//!
//! A child of `js::rerank` (it builds its `ItemStore` and reads ids with its readers).

use super::read::{id_value, ids_value, item_ids};
use super::ItemStore;
use crate::compute::CpuBackend;
use crate::error::{Error, Result};
use crate::js::args::{self, get};
use crate::js::obj::Obj;
use crate::learn::als::{Als, AlsParams, Interactions, Side, MAX_CG_STEPS};
use crate::limits;
use crate::rerank::ItemId;
use js_sys::{Float32Array, Float64Array, Uint8Array};
use std::collections::HashMap;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TS_EMBEDDINGS: &str = r#"
/** User or item ids: strings and whole numbers, or a Uint32Array. */
export type InteractionIds = Uint32Array | (string | number)[];
/** Interaction weights (> 0; 0 = ignored), one per entry; null or omitted: 1 each. */
export type InteractionWeights = Float64Array | Float32Array | Int32Array | Uint32Array | number[] | null;
/** Options of `AlsTrainer` and `trainEmbeddings` (implicit-feedback ALS, Hu, Koren & Volinsky 2008). */
export interface EmbeddingOptions {
  /** Latent factors = the embedding dimension, 1..1024 (default 32). */
  factors?: number;
  /** L2 regularization λ, in [1e-6, 1e6] (default 1). */
  regularization?: number;
  /** Confidence scale α: an interaction of weight w has confidence 1 + α·w; in [0, 1e6] (default 1). */
  alpha?: number;
  /** Sweeps `trainEmbeddings` runs, 1..1000 (default 15; `AlsTrainer` ignores it: call `step()`). */
  iterations?: number;
  /** Per-user/item solver: 0 = exact Cholesky (default); 1..64 = that many conjugate-gradient steps from the current factors (faster; implicit's default is 3). */
  cgSteps?: number;
  /** Seed of the initial factors, a whole number in [0, 2^53 − 1] (default 0: same data, same embeddings). */
  seed?: number;
}
/** An order log's lines: one purchase per entry (quantities optional, default 1 each). */
export interface OrderLines {
  customers: InteractionIds;
  items: InteractionIds;
  quantities?: Float64Array | Float32Array | Int32Array | Uint32Array | number[];
}
/** The result of `trainEmbeddings`. */
export interface TrainedEmbeddings {
  /** The item factors, ids set to the item ids, the training counts as popularity. */
  store: ItemStore;
  /** `userIds.length × factors` row-major: a user's row is their query for `rank`. */
  userFactors: Float32Array;
  /** `itemIds.length × factors` row-major. */
  itemFactors: Float32Array;
  factors: number;
  /** Distinct user ids, in order of first appearance (row order of userFactors). */
  userIds: (string | number)[];
  /** Distinct item ids, in order of first appearance (row order of itemFactors and the store). */
  itemIds: (string | number)[];
  /** Training loss after each sweep (falls every sweep). */
  losses: Float64Array;
  /** The item factors as a `.npy` file (`<f4`, shape (items, factors)); `ItemStore.fromNpy` reads it. */
  itemNpy: Uint8Array;
  /** The user factors as a `.npy` file. */
  userNpy: Uint8Array;
}
"#;

const TRAINER: &str = "AlsTrainer";
const OPTION_KEYS: [&str; 6] = [
    "factors",
    "regularization",
    "alpha",
    "iterations",
    "seed",
    "cgSteps",
];
const DEFAULT_ITERATIONS: usize = 15;

/// A model under training, with the id ↔ row maps of its users and items.
struct Trainer {
    model: Als,
    users: Vec<ItemId>,
    items: Vec<ItemId>,
    user_rows: HashMap<ItemId, u32>,
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

/// Reads a half-step side: `"users"` or `"items"`.
fn side_arg(v: &JsValue) -> Result<Side> {
    match v.as_string().as_deref() {
        Some("users") => Ok(Side::Users),
        Some("items") => Ok(Side::Items),
        _ => Err(Error::invalid(
            "side",
            "\"users\" or \"items\"",
            args::describe(v),
        )),
    }
}

/// Reads the options object; returns the parameters and the iteration count.
fn read_options(options: &JsValue) -> Result<(AlsParams, usize)> {
    let o: JsValue = args::plain_object("options", options, &OPTION_KEYS)?
        .map(JsValue::from)
        .unwrap_or(JsValue::UNDEFINED);
    let mut p = AlsParams::default();
    let f = get(&o, "factors");
    if !f.is_undefined() {
        p.factors = args::count_js("options.factors", &f, 1, limits::MAX_FACTORS)?;
    }
    let num = |k: &str| args::opt_number(&format!("options.{k}"), &get(&o, k));
    p.regularization = num("regularization")?.unwrap_or(p.regularization);
    p.alpha = num("alpha")?.unwrap_or(p.alpha);
    let s = get(&o, "seed");
    if !s.is_undefined() {
        p.seed = args::safe_u64_js("options.seed", &s)?;
    }
    let cg = get(&o, "cgSteps");
    if !cg.is_undefined() {
        p.cg_steps = args::count_js("options.cgSteps", &cg, 0, MAX_CG_STEPS)?;
    }
    let it = get(&o, "iterations");
    let iterations = if it.is_undefined() {
        DEFAULT_ITERATIONS
    } else {
        args::count_js("options.iterations", &it, 1, limits::MAX_ALS_ITERATIONS)?
    };
    let p = p.check().map_err(|e| match &e {
        Error::InvalidArgument { arg, .. } if OPTION_KEYS.contains(&arg.as_str()) => {
            e.within("options.")
        }
        _ => e,
    })?;
    Ok((p, iterations))
}

impl Trainer {
    /// Reads (users, items, weights?) and the options; builds the model.
    fn new(
        users: &JsValue,
        items: &JsValue,
        weights: &JsValue,
        options: &JsValue,
        names: [&str; 3],
    ) -> Result<(Self, usize)> {
        let (params, iterations) = read_options(options)?;
        let u = item_ids(names[0], users)?;
        if u.is_empty() {
            return Err(Error::invalid(
                format!("{}.length", names[0]),
                "at least one entry",
                0,
            ));
        }
        let i = item_ids(names[1], items)?;
        if i.len() != u.len() {
            return Err(Error::invalid(
                names[1],
                format!("{} ids (one per entry of {})", u.len(), names[0]),
                format!("{} ids", i.len()),
            ));
        }
        let w = if weights.is_undefined() || weights.is_null() {
            vec![1.0; u.len()]
        } else {
            args::f64_vec(names[2], weights)?
        };
        let (u_rows, users, user_rows) = dense(u);
        let (i_rows, items, _) = dense(i);
        let data = Interactions::new(&u_rows, &i_rows, &w, users.len().max(1), items.len().max(1))
            .map_err(|e| {
                e.renamed(&[
                    ("users", names[0]),
                    ("items", names[1]),
                    ("weights", names[2]),
                ])
            })?;
        let model = Als::new(data, params).map_err(|e| match &e {
            Error::InvalidArgument { arg, .. } if arg == "factors" => e.within("options."),
            _ => e,
        })?;
        Ok((
            Trainer {
                model,
                users,
                items,
                user_rows,
            },
            iterations,
        ))
    }

    /// [`Trainer::new`] with the argument names of `trainEmbeddings` and the constructor.
    fn from_lists(
        users: &JsValue,
        items: &JsValue,
        weights: &JsValue,
        options: &JsValue,
    ) -> Result<(Self, usize)> {
        Self::new(
            users,
            items,
            weights,
            options,
            ["users", "items", "weights"],
        )
    }

    fn store(&self) -> Result<ItemStore> {
        let s = self.model.item_store()?.with_ids(self.items.clone())?;
        Ok(ItemStore::new(s))
    }

    fn result(&self, losses: &[f64]) -> Result<JsValue> {
        let m = &self.model;
        Ok(args::object(&[
            ("store", self.store()?.into()),
            ("userFactors", Float32Array::from(m.user_factors()).into()),
            ("itemFactors", Float32Array::from(m.item_factors()).into()),
            ("factors", JsValue::from_f64(m.factors() as f64)),
            ("userIds", ids_value(&self.users)),
            ("itemIds", ids_value(&self.items)),
            ("losses", Float64Array::from(losses).into()),
            ("itemNpy", Uint8Array::from(&m.item_npy()[..]).into()),
            ("userNpy", Uint8Array::from(&m.user_npy()[..]).into()),
        ]))
    }

    fn train(mut self, iterations: usize) -> Result<JsValue> {
        let losses = (0..iterations)
            .map(|_| self.model.step(&CpuBackend))
            .collect::<Result<Vec<f64>>>()?;
        self.result(&losses)
    }
}

/// Trains item (and user) embeddings from interactions: entry `j` says user `users[j]` interacted
/// with item `items[j]` with weight `weights[j]` (> 0; 0 entries are ignored; repeats add up;
/// `weights` omitted or null: 1 each). Runs `options.iterations` ALS sweeps on the CPU.
#[wasm_bindgen(js_name = trainEmbeddings, unchecked_return_type = "TrainedEmbeddings")]
pub fn train_embeddings(
    #[wasm_bindgen(unchecked_param_type = "InteractionIds")] users: &JsValue,
    #[wasm_bindgen(unchecked_param_type = "InteractionIds")] items: &JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "InteractionWeights")] weights: &JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "EmbeddingOptions")] options: &JsValue,
) -> Result<JsValue, JsError> {
    let (t, iterations) = Trainer::from_lists(users, items, weights, options)?;
    Ok(t.train(iterations)?)
}

/// Reads `{customers, items, quantities?}` (the names the errors use: `orders.customers`, ...).
fn order_lines(orders: &JsValue) -> Result<[JsValue; 3]> {
    args::record("orders", orders, &["customers", "items", "quantities"])?;
    Ok([
        get(orders, "customers"),
        get(orders, "items"),
        get(orders, "quantities"),
    ])
}

const ORDER_NAMES: [&str; 3] = ["orders.customers", "orders.items", "orders.quantities"];

/// Trains embeddings from an order log's lines: each line is a purchase of `items[j]` by
/// `customers[j]`, weighing `quantities[j]` (default 1: the weight of a pair is then its number
/// of orders).
#[wasm_bindgen(js_name = trainEmbeddingsFromOrders, unchecked_return_type = "TrainedEmbeddings")]
pub fn train_embeddings_from_orders(
    #[wasm_bindgen(unchecked_param_type = "OrderLines")] orders: &JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "EmbeddingOptions")] options: &JsValue,
) -> Result<JsValue, JsError> {
    let [c, i, q] = order_lines(orders)?;
    let (t, iterations) = Trainer::new(&c, &i, &q, options, ORDER_NAMES)?;
    Ok(t.train(iterations)?)
}

/// ALS one sweep at a time, for progress reporting: `step()` returns the training loss; read the
/// result whenever you like (`itemStore()`, `userVector(id)`, ...).
#[wasm_bindgen]
pub struct AlsTrainer {
    obj: Obj,
}

#[wasm_bindgen]
impl AlsTrainer {
    /// A trainer over interactions (as `trainEmbeddings` reads them; `options.iterations` is
    /// accepted and ignored). The factors start seeded; nothing is trained until `step()`.
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_param_type = "InteractionIds")] users: &JsValue,
        #[wasm_bindgen(unchecked_param_type = "InteractionIds")] items: &JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "InteractionWeights")] weights: &JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "EmbeddingOptions")] options: &JsValue,
    ) -> Result<AlsTrainer, JsError> {
        let (t, _) = Trainer::from_lists(users, items, weights, options)?;
        Ok(AlsTrainer {
            obj: Obj::new(TRAINER, t),
        })
    }

    /// A trainer over an order log's lines (as `trainEmbeddingsFromOrders` reads them).
    #[wasm_bindgen(js_name = fromOrders)]
    pub fn from_orders(
        #[wasm_bindgen(unchecked_param_type = "OrderLines")] orders: &JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "EmbeddingOptions")] options: &JsValue,
    ) -> Result<AlsTrainer, JsError> {
        let [c, i, q] = order_lines(orders)?;
        let (t, _) = Trainer::new(&c, &i, &q, options, ORDER_NAMES)?;
        Ok(AlsTrainer {
            obj: Obj::new(TRAINER, t),
        })
    }

    fn with<R>(&self, f: impl FnOnce(&Trainer) -> Result<R>) -> Result<R> {
        self.obj.with(TRAINER, f)
    }

    /// One ALS sweep (users, then items); returns the training loss after it. On error the
    /// model is unchanged.
    pub fn step(&self) -> Result<f64, JsError> {
        Ok(self
            .obj
            .with_mut(TRAINER, |t: &mut Trainer| t.model.step(&CpuBackend))?)
    }

    /// The operand of a half-step's Gram matrix, for computing it elsewhere (on the GPU:
    /// `(await ctx.scores(operand, operand, dim)).scores` of a `GpuContext`): `side` is the side
    /// about to be solved, `"users"` or `"items"`; `operand` holds the other side's factors
    /// transposed, `factors × dim` row-major.
    #[wasm_bindgen(js_name = gramOperand, unchecked_return_type = "{operand: Float32Array, dim: number}")]
    pub fn gram_operand(
        &self,
        #[wasm_bindgen(unchecked_param_type = "\"users\" | \"items\"")] side: &JsValue,
    ) -> Result<JsValue, JsError> {
        let side = side_arg(side)?;
        Ok(self.with(|t| {
            let (op, n) = t.model.gram_operand(side);
            Ok(args::object(&[
                ("operand", Float32Array::from(&op[..]).into()),
                ("dim", JsValue::from_f64(n as f64)),
            ]))
        })?)
    }

    /// Solves `side` (`"users"` or `"items"`) given the Gram matrix of the other side
    /// (`factors × factors` values, e.g. from `GpuContext.scores` of `gramOperand(side)`);
    /// solving the items completes a sweep. `step()` is `solveHalf("users", …)` then
    /// `solveHalf("items", …)` with the Grams on the CPU. Returns the training loss after it.
    #[wasm_bindgen(js_name = solveHalf)]
    pub fn solve_half(
        &self,
        #[wasm_bindgen(unchecked_param_type = "\"users\" | \"items\"")] side: &JsValue,
        #[wasm_bindgen(unchecked_param_type = "Float32Array | number[]")] gram: &JsValue,
    ) -> Result<f64, JsError> {
        let side = side_arg(side)?;
        let g = args::f32_vec("gram", gram)?;
        Ok(self.obj.with_mut(TRAINER, |t: &mut Trainer| {
            t.model.solve(side, &g)?;
            Ok(t.model.loss())
        })?)
    }

    /// Sweeps done so far.
    pub fn steps(&self) -> Result<u32, JsError> {
        Ok(self.with(|t| Ok(t.model.steps() as u32))?)
    }

    /// The current training loss.
    pub fn loss(&self) -> Result<f64, JsError> {
        Ok(self.with(|t| Ok(t.model.loss()))?)
    }

    /// The embedding dimension.
    pub fn factors(&self) -> Result<u32, JsError> {
        Ok(self.with(|t| Ok(t.model.factors() as u32))?)
    }

    /// Distinct user ids (rows of `userFactors`).
    #[wasm_bindgen(js_name = userIds, unchecked_return_type = "(string | number)[]")]
    pub fn user_ids(&self) -> Result<JsValue, JsError> {
        Ok(self.with(|t| Ok(ids_value(&t.users)))?)
    }

    /// Distinct item ids (rows of `itemFactors` and of the store).
    #[wasm_bindgen(js_name = itemIds, unchecked_return_type = "(string | number)[]")]
    pub fn item_ids(&self) -> Result<JsValue, JsError> {
        Ok(self.with(|t| Ok(ids_value(&t.items)))?)
    }

    /// The current item factors as a new `ItemStore` (ids = item ids, popularity = counts).
    #[wasm_bindgen(js_name = itemStore)]
    pub fn item_store(&self) -> Result<ItemStore, JsError> {
        Ok(self.with(|t| t.store())?)
    }

    /// User factors, `userIds().length × factors` row-major.
    #[wasm_bindgen(js_name = userFactors)]
    pub fn user_factors(&self) -> Result<Float32Array, JsError> {
        Ok(self.with(|t| Ok(Float32Array::from(t.model.user_factors())))?)
    }

    /// Item factors, `itemIds().length × factors` row-major.
    #[wasm_bindgen(js_name = itemFactors)]
    pub fn item_factors(&self) -> Result<Float32Array, JsError> {
        Ok(self.with(|t| Ok(Float32Array::from(t.model.item_factors())))?)
    }

    /// The factors of user `id` (their query for `rank`), or `undefined` for an unknown id.
    #[wasm_bindgen(js_name = userVector, unchecked_return_type = "Float32Array | undefined")]
    pub fn user_vector(
        &self,
        #[wasm_bindgen(unchecked_param_type = "string | number")] id: &JsValue,
    ) -> Result<JsValue, JsError> {
        let key = super::read::item_id(id).ok_or_else(|| {
            Error::invalid("id", "a string or a whole number", args::describe(id))
        })?;
        Ok(self.with(|t| {
            Ok(match t.user_rows.get(&key) {
                Some(&r) => Float32Array::from(t.model.user(r as usize)).into(),
                None => JsValue::UNDEFINED,
            })
        })?)
    }

    /// The item factors as a `.npy` file (`<f4`, shape (items, factors)).
    #[wasm_bindgen(js_name = itemNpy)]
    pub fn item_npy(&self) -> Result<Uint8Array, JsError> {
        Ok(self.with(|t| Ok(Uint8Array::from(&t.model.item_npy()[..])))?)
    }

    /// The user factors as a `.npy` file.
    #[wasm_bindgen(js_name = userNpy)]
    pub fn user_npy(&self) -> Result<Uint8Array, JsError> {
        Ok(self.with(|t| Ok(Uint8Array::from(&t.model.user_npy()[..])))?)
    }

    /// The id of user row `index`.
    #[wasm_bindgen(js_name = userId, unchecked_return_type = "string | number")]
    pub fn user_id(
        &self,
        #[wasm_bindgen(unchecked_param_type = "number")] index: &JsValue,
    ) -> Result<JsValue, JsError> {
        let i = args::count_js("index", index, 0, limits::MAX_ITEMS)?;
        Ok(self.with(|t| {
            t.users.get(i).map(id_value).ok_or_else(|| {
                Error::invalid("index", format!("a user row below {}", t.users.len()), i)
            })
        })?)
    }
}
