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
use crate::js::args;
use crate::js::obj::Obj;
use crate::learn::als::Side;
use crate::limits;
use crate::options::OptionSet;
use crate::rerank::embeddings::{EmbeddingConfig, IdTrainer, OrderLinesConfig};
use js_sys::{Float32Array, Float64Array, Uint8Array};
use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TS_EMBEDDINGS: &str = r#"
/** User or item ids: strings and whole numbers, or a Uint32Array. */
export type InteractionIds = Uint32Array | (string | number)[];
/** Interaction weights (> 0; 0 = ignored), one per entry; null or omitted: 1 each. */
export type InteractionWeights = Float64Array | Float32Array | Int32Array | Uint32Array | number[] | null;
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

// The option interfaces come from their one definition (crate::rerank::embeddings).
#[wasm_bindgen(typescript_custom_section)]
const TS_EMBEDDING_OPTIONS: &str = EmbeddingConfig::TS;
#[wasm_bindgen(typescript_custom_section)]
const TS_ORDER_LINES: &str = OrderLinesConfig::TS;

const TRAINER: &str = "AlsTrainer";

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

/// Reads (users, items, weights?) and the options of `trainEmbeddings` and the constructor;
/// builds the model. Returns it with the number of sweeps asked for.
fn from_lists(
    users: &JsValue,
    items: &JsValue,
    weights: &JsValue,
    options: &JsValue,
) -> Result<(IdTrainer, usize)> {
    let (params, iterations) =
        args::option_set::<EmbeddingConfig>("options", options, &[])?.check()?;
    let u = item_ids("users", users)?;
    let i = item_ids("items", items)?;
    let w = if weights.is_undefined() || weights.is_null() {
        None
    } else {
        Some(args::f64_vec("weights", weights)?)
    };
    let t = IdTrainer::new(u, i, w, params, ["users", "items", "weights"])?;
    Ok((t, iterations))
}

/// Reads `{customers, items, quantities?}` and the options; builds the model.
fn from_orders(orders: &JsValue, options: &JsValue) -> Result<(IdTrainer, usize)> {
    let (params, iterations) =
        args::option_set::<EmbeddingConfig>("options", options, &[])?.check()?;
    if !orders.is_object() || args::is_array(orders) {
        return Err(Error::invalid(
            "orders",
            "an object {customers, items, quantities?}",
            args::describe(orders),
        ));
    }
    let (c, i, q) = args::option_set::<OrderLinesConfig>("orders", orders, &[])?.check()?;
    let t = IdTrainer::new(c, i, q, params, ORDER_NAMES)?;
    Ok((t, iterations))
}

/// The JS object of a trained model (`TrainedEmbeddings`).
fn result(t: &IdTrainer, losses: &[f64]) -> Result<JsValue> {
    let m = &t.model;
    Ok(args::object(&[
        ("store", ItemStore::new(t.store()?).into()),
        ("userFactors", Float32Array::from(m.user_factors()).into()),
        ("itemFactors", Float32Array::from(m.item_factors()).into()),
        ("factors", JsValue::from_f64(m.factors() as f64)),
        ("userIds", ids_value(t.users())),
        ("itemIds", ids_value(t.items())),
        ("losses", Float64Array::from(losses).into()),
        ("itemNpy", Uint8Array::from(&m.item_npy()[..]).into()),
        ("userNpy", Uint8Array::from(&m.user_npy()[..]).into()),
    ]))
}

/// Trains for `iterations` sweeps and builds the result.
fn train((mut t, iterations): (IdTrainer, usize)) -> Result<JsValue> {
    let losses = t.train(iterations)?;
    result(&t, &losses)
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
    Ok(train(from_lists(users, items, weights, options)?)?)
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
    Ok(train(from_orders(orders, options)?)?)
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
        let (t, _) = from_lists(users, items, weights, options)?;
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
        let (t, _) = from_orders(orders, options)?;
        Ok(AlsTrainer {
            obj: Obj::new(TRAINER, t),
        })
    }

    fn with<R>(&self, f: impl FnOnce(&IdTrainer) -> Result<R>) -> Result<R> {
        self.obj.with(TRAINER, f)
    }

    /// One ALS sweep (users, then items); returns the training loss after it. On error the
    /// model is unchanged.
    pub fn step(&self) -> Result<f64, JsError> {
        Ok(self
            .obj
            .with_mut(TRAINER, |t: &mut IdTrainer| t.model.step(&CpuBackend))?)
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
        Ok(self.obj.with_mut(TRAINER, |t: &mut IdTrainer| {
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
        Ok(self.with(|t| Ok(ids_value(t.users())))?)
    }

    /// Distinct item ids (rows of `itemFactors` and of the store).
    #[wasm_bindgen(js_name = itemIds, unchecked_return_type = "(string | number)[]")]
    pub fn item_ids(&self) -> Result<JsValue, JsError> {
        Ok(self.with(|t| Ok(ids_value(t.items())))?)
    }

    /// The current item factors as a new `ItemStore` (ids = item ids, popularity = counts).
    #[wasm_bindgen(js_name = itemStore)]
    pub fn item_store(&self) -> Result<ItemStore, JsError> {
        Ok(self.with(|t| t.store().map(ItemStore::new))?)
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
            Ok(t.user_vector(&key)
                .map_or(JsValue::UNDEFINED, |v| Float32Array::from(v).into()))
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
        Ok(self.with(|t| t.user_id(i).map(id_value))?)
    }
}
