//! Reading the rerank API's JS arguments (item ids, session events, profile parameters, rank
//! options) into core types, and building its results. Every property is read through `Reflect`
//! (a throwing getter or Proxy trap becomes an error naming the property, never an exception
//! through Rust), every list length is bounded before it is walked, and every number is checked
//! for its type and range.

use super::args::{self, object};
use crate::error::{Error, Result};
use crate::limits::{MAX_ITEMS, MAX_TOP_K};
use crate::rerank::{
    Blend, Boost, BoostTarget, Candidate, Diversity, Event, EventKind, ItemId, Metric, Pin,
    ProfileParams, RankOptions, RankedItem, Ranking, Rules, Supply, SupplySignal,
};
use js_sys::{Array, Float64Array, Uint32Array, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};

/// What an item id looks like, for messages.
const ITEM_ID: &str = "an item id (a whole number in [0, 4294967295] or a string)";

/// Checks that `v` is a plain object with only `known` keys; `false` for `undefined`/`null`.
pub(super) fn opt_record(arg: &str, v: &JsValue, known: &[&str]) -> Result<bool> {
    if v.is_undefined() || v.is_null() {
        return Ok(false);
    }
    let got = args::describe(v);
    if got != "an object" {
        return Err(Error::invalid(arg, "an options object", got));
    }
    args::check_keys(arg, v, known)?;
    Ok(true)
}

/// Reads each element of a JS array with `f(index, element)`, stopping at the first error (see
/// `args::each`). Only a real array: an array-like's `length` is not trusted.
pub(super) fn each<T>(
    arg: &str,
    v: &JsValue,
    what: &str,
    mut f: impl FnMut(usize, &JsValue) -> Result<T>,
) -> Result<Vec<T>> {
    if !args::is_array(v) {
        return Err(Error::invalid(arg, what, args::describe(v)));
    }
    args::each(arg, v, |i, x| f(i, &x))
}

/// An item id from a JS value: a whole number in `0..2^32` or a string.
pub(super) fn item_id(v: &JsValue) -> Option<ItemId> {
    if let Some(s) = v.as_string() {
        return Some(ItemId::Str(s));
    }
    match v.as_f64() {
        Some(x) if x.fract() == 0.0 && (0.0..=u32::MAX as f64).contains(&x) => {
            Some(ItemId::Num(x as u32))
        }
        _ => None,
    }
}

/// [`item_id`], or an error naming `arg`.
fn item_id_arg(arg: &str, v: &JsValue) -> Result<ItemId> {
    item_id(v).ok_or_else(|| Error::invalid(arg, ITEM_ID, args::describe(v)))
}

/// Item ids: a `Uint32Array`, or an array of strings and whole numbers.
pub(super) fn item_ids(arg: &str, v: &JsValue) -> Result<Vec<ItemId>> {
    if v.dyn_ref::<Uint32Array>().is_some() {
        return Ok(args::u32_vec(arg, v)?
            .into_iter()
            .map(ItemId::Num)
            .collect());
    }
    each(
        arg,
        v,
        "an array of item ids (strings or whole numbers) or a Uint32Array",
        |i, x| item_id_arg(&format!("{arg}[{i}]"), x),
    )
}

/// A JS value for an item id.
pub(super) fn id_value(id: &ItemId) -> JsValue {
    match id {
        ItemId::Num(n) => JsValue::from_f64(f64::from(*n)),
        ItemId::Str(s) => JsValue::from_str(s),
    }
}

/// A JS array of item ids.
pub(super) fn ids_value(ids: &[ItemId]) -> JsValue {
    ids.iter().map(id_value).collect::<Array>().into()
}

/// An optional boolean (`undefined` is `false`).
fn flag(arg: &str, v: &JsValue) -> Result<bool> {
    if v.is_undefined() {
        Ok(false)
    } else {
        args::boolean(arg, v)
    }
}

/// Session events `[{item, kind, timestampMs}]`.
pub(super) fn events(v: &JsValue) -> Result<Vec<Event>> {
    each(
        "events",
        v,
        "an array of {item, kind, timestampMs}",
        |i, e| {
            let arg = format!("events[{i}]");
            if !e.is_object() || args::is_array(e) {
                return Err(Error::invalid(
                    arg,
                    "an event {item, kind, timestampMs}",
                    args::describe(e),
                ));
            }
            args::check_keys(&arg, e, &["item", "kind", "timestampMs"])?;
            let item = item_id_arg(&format!("{arg}.item"), &args::prop(&arg, e, "item")?)?;
            let k = args::prop(&arg, e, "kind")?;
            let kind = match k.as_string().as_deref() {
                Some("view") => EventKind::View,
                Some("cart") => EventKind::Cart,
                Some("purchase") => EventKind::Purchase,
                Some("dismiss") => EventKind::Dismiss,
                other => {
                    return Err(Error::invalid(
                        format!("{arg}.kind"),
                        "\"view\", \"cart\", \"purchase\" or \"dismiss\"",
                        other.map_or_else(|| args::describe(&k), |s| format!("\"{s}\"")),
                    ))
                }
            };
            let t = args::prop(&arg, e, "timestampMs")?;
            let timestamp_ms = t.as_f64().ok_or_else(|| {
                Error::invalid(
                    format!("{arg}.timestampMs"),
                    "a time in milliseconds",
                    args::describe(&t),
                )
            })?;
            Ok(Event {
                item,
                kind,
                timestamp_ms,
            })
        },
    )
}

/// `ShopperProfile` parameters; missing fields take their defaults.
pub(super) fn profile_params(v: &JsValue) -> Result<ProfileParams> {
    let mut p = ProfileParams::default();
    let keys = [
        "view",
        "cart",
        "purchase",
        "dismiss",
        "halfLifeMs",
        "normalizeItems",
    ];
    if !opt_record("params", v, &keys)? {
        return Ok(p);
    }
    for (key, slot) in [
        ("view", &mut p.view),
        ("cart", &mut p.cart),
        ("purchase", &mut p.purchase),
        ("dismiss", &mut p.dismiss),
        ("halfLifeMs", &mut p.half_life_ms),
    ] {
        if let Some(x) = args::opt_number(&format!("params.{key}"), &args::prop("params", v, key)?)?
        {
            *slot = x;
        }
    }
    let n = args::prop("params", v, "normalizeItems")?;
    if !n.is_undefined() {
        p.normalize_items = args::boolean("params.normalizeItems", &n)?;
    }
    Ok(p)
}

const RANK_KEYS: &[&str] = &[
    "k",
    "metric",
    "candidates",
    "blend",
    "diversity",
    "categoryCap",
    "rules",
    "supply",
    "propensity",
];

const RULE_KEYS: &[&str] = &[
    "dropOutOfStock",
    "priceMin",
    "priceMax",
    "exclude",
    "suppressPurchased",
    "boosts",
    "pins",
];

/// Names an error about a rank option (`k`, `rules.pins[0].slot`: the core's names) by its JS
/// path, `options.k`, `options.rules.pins[0].slot`; other errors pass through.
pub(super) fn in_options(e: Error) -> Error {
    match &e {
        Error::InvalidArgument { arg, .. } => {
            let head = arg.split(['.', '[']).next().unwrap_or_default();
            if RANK_KEYS.contains(&head) || head == "nowMs" {
                e.within("options.")
            } else {
                e
            }
        }
        _ => e,
    }
}

/// Rank options; with `profile`, also the `nowMs` of `rankProfile`. Errors name the options by
/// their JS path (`options.k`).
pub(super) fn rank_options(v: &JsValue, profile: bool) -> Result<(RankOptions, Option<f64>)> {
    read_rank_options(v, profile).map_err(in_options)
}

fn read_rank_options(v: &JsValue, profile: bool) -> Result<(RankOptions, Option<f64>)> {
    let mut o = RankOptions::default();
    let mut keys = RANK_KEYS.to_vec();
    if profile {
        keys.push("nowMs");
    }
    if !opt_record("options", v, &keys)? {
        return Ok((o, None));
    }
    let get = |key: &str| args::prop("options", v, key);
    let k = get("k")?;
    if !k.is_undefined() {
        o.k = args::count_js("k", &k, 1, MAX_TOP_K)?;
    }
    let m = get("metric")?;
    o.metric = match m.as_string().as_deref() {
        _ if m.is_undefined() => Metric::Dot,
        Some("dot") => Metric::Dot,
        Some("cosine") => Metric::Cosine,
        other => {
            return Err(Error::invalid(
                "metric",
                "\"dot\" or \"cosine\"",
                other.map_or_else(|| args::describe(&m), |s| format!("\"{s}\"")),
            ))
        }
    };
    let c = get("candidates")?;
    if !c.is_undefined() {
        o.candidates = Some(candidates(&c)?);
    }
    let b = get("blend")?;
    if opt_record("blend", &b, &["local", "server"])? {
        let d = Blend::default();
        o.blend = Blend {
            local: args::opt_number("blend.local", &args::prop("blend", &b, "local")?)?
                .unwrap_or(d.local),
            server: args::opt_number("blend.server", &args::prop("blend", &b, "server")?)?
                .unwrap_or(d.server),
        };
    }
    let d = get("diversity")?;
    if opt_record("diversity", &d, &["lambda", "pool"])? {
        let def = Diversity::default();
        let pool = args::prop("diversity", &d, "pool")?;
        o.diversity = Some(Diversity {
            lambda: args::opt_number("diversity.lambda", &args::prop("diversity", &d, "lambda")?)?
                .unwrap_or(def.lambda),
            pool: if pool.is_undefined() {
                def.pool
            } else {
                args::count_js("diversity.pool", &pool, 0, MAX_ITEMS)?
            },
        });
    }
    let cap = get("categoryCap")?;
    if !cap.is_undefined() {
        o.category_cap = Some(args::count_js("categoryCap", &cap, 1, MAX_ITEMS)?);
    }
    o.rules = rules(&get("rules")?)?;
    o.supply = supply(&get("supply")?)?;
    o.propensity = super::propensity::read(&get("propensity")?)?;
    let now = if profile {
        let t = get("nowMs")?;
        if t.is_undefined() {
            None
        } else {
            Some(t.as_f64().ok_or_else(|| {
                Error::invalid("nowMs", "a time in milliseconds", args::describe(&t))
            })?)
        }
    } else {
        None
    };
    Ok((o, now))
}

/// Reads the field `key` of the object `obj` (named `arg`) with `read` when it is present; `None`
/// when it is `undefined`. Records check the fields that are there first and the missing
/// required ones last, so a message names the field that holds the bad value.
pub(super) fn present<T>(
    arg: &str,
    obj: &JsValue,
    key: &str,
    read: impl FnOnce(&str, &JsValue) -> Result<T>,
) -> Result<Option<T>> {
    let v = args::prop(arg, obj, key)?;
    if v.is_undefined() {
        Ok(None)
    } else {
        read(&format!("{arg}.{key}"), &v).map(Some)
    }
}

/// A required field read by [`present`]: an error naming `arg.key` when it was missing.
pub(super) fn required<T>(arg: &str, key: &str, v: Option<T>, expected: &str) -> Result<T> {
    v.ok_or_else(|| Error::invalid(format!("{arg}.{key}"), expected, "undefined"))
}

fn candidates(v: &JsValue) -> Result<Vec<Candidate>> {
    each("candidates", v, "an array of {id, serverScore}", |i, c| {
        let arg = format!("candidates[{i}]");
        args::record(&arg, c, &["id", "serverScore"])?;
        let id = present(&arg, c, "id", item_id_arg)?;
        let score = present(&arg, c, "serverScore", args::number)?;
        Ok(Candidate {
            id: required(&arg, "id", id, ITEM_ID)?,
            server_score: required(&arg, "serverScore", score, "a finite number")?,
        })
    })
}

fn rules(v: &JsValue) -> Result<Rules> {
    let mut r = Rules::default();
    if !opt_record("rules", v, RULE_KEYS)? {
        return Ok(r);
    }
    let get = |key: &str| args::prop("rules", v, key);
    r.drop_out_of_stock = flag("rules.dropOutOfStock", &get("dropOutOfStock")?)?;
    r.suppress_purchased = flag("rules.suppressPurchased", &get("suppressPurchased")?)?;
    r.price_min = args::opt_number("rules.priceMin", &get("priceMin")?)?;
    r.price_max = args::opt_number("rules.priceMax", &get("priceMax")?)?;
    let ex = get("exclude")?;
    if !ex.is_undefined() {
        r.exclude = item_ids("rules.exclude", &ex)?;
    }
    let boosts = get("boosts")?;
    if !boosts.is_undefined() {
        r.boosts = each(
            "rules.boosts",
            &boosts,
            "an array of {target, amount}",
            |i, b| boost(&format!("rules.boosts[{i}]"), b),
        )?;
    }
    let pins = get("pins")?;
    if !pins.is_undefined() {
        r.pins = each("rules.pins", &pins, "an array of {id, slot}", |i, p| {
            let arg = format!("rules.pins[{i}]");
            args::record(&arg, p, &["id", "slot"])?;
            let id = present(&arg, p, "id", item_id_arg)?;
            let slot = present(&arg, p, "slot", |a, x| {
                args::count_js(a, x, 0, MAX_TOP_K - 1)
            })?;
            let slot = required(&arg, "slot", slot, "a slot (a whole number below k)")?;
            Ok(Pin {
                id: required(&arg, "id", id, ITEM_ID)?,
                slot,
            })
        })?;
    }
    Ok(r)
}

fn boost(arg: &str, b: &JsValue) -> Result<Boost> {
    args::record(arg, b, &["target", "amount"])?;
    let amount = present(arg, b, "amount", args::number)?;
    let target = present(arg, b, "target", boost_target)?;
    let amount = required(arg, "amount", amount, "a finite number")?;
    Ok(Boost {
        target: required(arg, "target", target, "{id} or {category}")?,
        amount,
    })
}

fn boost_target(targ: &str, t: &JsValue) -> Result<BoostTarget> {
    args::record(targ, t, &["id", "category"])?;
    let id = present(targ, t, "id", item_id_arg)?;
    let cat = present(targ, t, "category", args::string)?;
    match (id, cat) {
        (Some(id), None) => Ok(BoostTarget::Id(id)),
        (None, Some(c)) => Ok(BoostTarget::Category(c)),
        (id, _) => Err(Error::invalid(
            targ,
            "exactly one of `id` and `category`",
            if id.is_none() { "neither" } else { "both" },
        )),
    }
}

fn supply(v: &JsValue) -> Result<Option<Supply>> {
    if !opt_record("supply", v, &["risk", "demand", "strength"])? {
        return Ok(None);
    }
    let risk = present("supply", v, "risk", args::f64_vec)?;
    let demand = present("supply", v, "demand", args::f64_vec)?;
    let strength = present("supply", v, "strength", args::number)?;
    let signal = match (risk, demand) {
        (Some(r), None) => SupplySignal::Risk(r),
        (None, Some(d)) => SupplySignal::Demand(d),
        (r, _) => {
            return Err(Error::invalid(
                "supply",
                "exactly one of `risk` and `demand`",
                if r.is_none() { "neither" } else { "both" },
            ))
        }
    };
    let strength = required("supply", "strength", strength, "a finite number >= 0")?;
    Ok(Some(Supply { signal, strength }))
}

/// Lists of store indices (`rankings`, `relevant`, `lists` of the evaluation metrics).
pub(super) fn index_lists(arg: &str, v: &JsValue) -> Result<Vec<Vec<u32>>> {
    each(arg, v, "an array of index lists", |i, l| {
        args::u32_vec(&format!("{arg}[{i}]"), l)
    })
}

/// The JS object of a ranking (`RankResult`).
pub(super) fn ranking_value(r: &Ranking) -> JsValue {
    let col = |f: fn(&RankedItem) -> f64| -> JsValue {
        Float64Array::from(r.items.iter().map(f).collect::<Vec<_>>().as_slice()).into()
    };
    let pinned: Vec<u8> = r.items.iter().map(|i| u8::from(i.parts.pinned)).collect();
    let parts = object(&[
        ("similarity", col(|i| i.parts.similarity)),
        ("local", col(|i| i.parts.local)),
        ("serverScore", col(|i| i.parts.server_score)),
        ("server", col(|i| i.parts.server)),
        ("clickProbability", col(|i| i.parts.click_probability)),
        ("propensity", col(|i| i.parts.propensity)),
        ("ruleBoost", col(|i| i.parts.rule_boost)),
        ("supplyRisk", col(|i| i.parts.supply_risk)),
        ("supplyPenalty", col(|i| i.parts.supply_penalty)),
        ("diversityPenalty", col(|i| i.parts.diversity_penalty)),
        ("pinned", Uint8Array::from(pinned.as_slice()).into()),
    ]);
    let ids: Vec<ItemId> = r.items.iter().map(|i| i.id.clone()).collect();
    let indices: Vec<u32> = r.items.iter().map(|i| i.index).collect();
    let categories: Array = r
        .unknown_categories
        .iter()
        .map(|c| JsValue::from_str(c))
        .collect();
    object(&[
        ("indices", Uint32Array::from(indices.as_slice()).into()),
        ("ids", ids_value(&ids)),
        ("scores", col(|i| i.score)),
        ("parts", parts),
        ("unknownIds", ids_value(&r.unknown_ids)),
        ("unknownCategories", categories.into()),
        ("filtered", JsValue::from_f64(r.filtered as f64)),
        ("coldStart", JsValue::from_bool(r.cold_start)),
    ])
}
