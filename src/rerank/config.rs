//! The re-ranking options as a page writes them: one definition per option
//! ([`option_set!`](crate::option_set)) with its JS (camelCase) name, TypeScript type and doc
//! line, and a `check()` that returns the engine's validated options ([`RankOptions`],
//! [`ProfileParams`], [`Event`]). Errors name the option by its JS path
//! (`options.rules.pins[0].slot`); what needs the store (lengths, categories, stock) is checked
//! by the ranking itself, whose names [`js_name`] turns into the same paths.

use super::options::{Blend, Candidate, Diversity, Metric, RankOptions};
use super::profile::{Event, EventKind, ProfileParams};
use super::propensity::{self, Propensity, PropensityFeatures};
use super::rules::{Boost, BoostTarget, Pin, Rules};
use super::store::ItemId;
use super::supply::{Supply, SupplySignal};
use crate::error::{Error, Result};
use crate::limits::{MAX_FEATURES, MAX_ITEMS, MAX_TOP_K};
use crate::options::{opt_finite, present, Key, OptionSet, TextOr};

/// What an item id looks like, for messages.
const ITEM_ID: &str = "an item id (a whole number in [0, 4294967295] or a string)";

impl From<Key> for ItemId {
    fn from(k: Key) -> Self {
        match k {
            Key::Num(n) => ItemId::Num(n),
            Key::Str(s) => ItemId::Str(s),
        }
    }
}

/// Item ids from the page's keys.
pub(super) fn ids(keys: Vec<Key>) -> Vec<ItemId> {
    keys.into_iter().map(ItemId::from).collect()
}

crate::option_set! {
    /// Options of `rank` and `rankProfile`.
    pub struct RankConfig as "RankOptions" {
        /// Number of items to return (1..100000, default 10; more than available returns all).
        k: count(1, MAX_TOP_K) = "k", "number";
        /// "dot" (default) or "cosine".
        metric: text = "metric", "\"dot\" | \"cosine\"";
        /// Re-rank these server candidates instead of the whole catalog.
        candidates: sets(CandidateConfig) = "candidates", "RankCandidate[]";
        /// Weights of the local similarity and the server score (default 1 and 1).
        blend: set(BlendConfig) = "blend", "RankBlend";
        /// MMR diversification (maximal marginal relevance).
        diversity: set(DiversityConfig) = "diversity", "RankDiversity";
        /// At most this many items per category (needs `setCategories`).
        category_cap: count(1, MAX_ITEMS) = "categoryCap", "number";
        /// Business rules.
        rules: set(RulesConfig) = "rules", "RankRules";
        /// Supply-aware demotion.
        supply: set(SupplyConfig) = "supply", "RankSupply";
        /// A learned click-propensity term.
        propensity: set(PropensityConfig) = "propensity", "RankPropensity";
    }
}

crate::option_set! {
    /// Options of `rankProfile`: those of `rank` plus the time the profile is read at.
    pub struct RankProfileConfig as "RankProfileOptions" extends "RankOptions" {
        /// Time in ms the profile decays to (default: its latest event).
        now_ms: number = "nowMs", "number";
    }
}

crate::option_set! {
    /// A server-proposed candidate with the server's own score.
    pub struct CandidateConfig as "RankCandidate" {
        /// The item.
        id: key = "id", "ItemId", required;
        /// The server's score (finite).
        server_score: number = "serverScore", "number", required;
    }
}

crate::option_set! {
    /// Weights of the local similarity and the server score.
    pub struct BlendConfig as "RankBlend" {
        /// Weight of the local similarity (finite, default 1).
        local: number = "local", "number";
        /// Weight of the server score (finite, default 1; unused when ranking the whole catalog).
        server: number = "server", "number";
    }
}

crate::option_set! {
    /// Maximal marginal relevance: cost O(k · pool · dim), k × pool at most 5·10^7.
    pub struct DiversityConfig as "RankDiversity" {
        /// Relevance/diversity trade-off in (0, 1] (default 0.7; 1 = no diversity).
        lambda: number = "lambda", "number";
        /// Items considered, the best by relevance (default 0 = automatic, max(5k, 50)).
        pool: count(0, MAX_ITEMS) = "pool", "number";
    }
}

crate::option_set! {
    /// Business rules: filters remove items, boosts shift scores, pins fix positions.
    pub struct RulesConfig as "RankRules" {
        /// Drop items with stock <= 0 (needs `setStock`).
        drop_out_of_stock: flag = "dropOutOfStock", "boolean";
        /// Keep only items priced at least this (needs `setPrices`).
        price_min: number = "priceMin", "number";
        /// Keep only items priced at most this (needs `setPrices`).
        price_max: number = "priceMax", "number";
        /// Items never to return.
        exclude: keys = "exclude", "ItemId[]";
        /// Exclude the profile's purchased items (`rankProfile` only).
        suppress_purchased: flag = "suppressPurchased", "boolean";
        /// Score boosts (negative amounts bury), by id or by category.
        boosts: sets(BoostConfig) = "boosts", "RankBoost[]";
        /// Fixed slots (0-based, below k).
        pins: sets(PinConfig) = "pins", "RankPin[]";
    }
}

crate::option_set! {
    /// A score boost (a negative amount buries).
    pub struct BoostConfig as "RankBoost" {
        /// The items it applies to: one id, or every item of a category.
        target: set(BoostTargetConfig) = "target", "{ id: ItemId } | { category: string }", required;
        /// Score units added (finite; negative buries).
        amount: number = "amount", "number", required;
    }
}

crate::option_set! {
    /// What a boost applies to: exactly one of `id` and `category`.
    pub struct BoostTargetConfig as "RankBoostTarget" {
        /// One item.
        id: key = "id", "ItemId";
        /// Every item of a category.
        category: text = "category", "string";
    }
}

crate::option_set! {
    /// An item placed at a fixed slot whatever its score.
    pub struct PinConfig as "RankPin" {
        /// The pinned item.
        id: key = "id", "ItemId", required;
        /// Its slot, 0-based, below k.
        slot: count(0, MAX_TOP_K - 1) = "slot", "number", required;
    }
}

crate::option_set! {
    /// Supply-aware demotion: exactly one of `risk` / `demand`, one value per catalog item.
    pub struct SupplyConfig as "RankSupply" {
        /// Stock-out risk per item, each in [0, 1].
        risk: numbers = "risk", "Float64Array | number[]";
        /// Expected demand per item until replenishment, compared with the store's stock.
        demand: numbers = "demand", "Float64Array | number[]";
        /// Score units removed at risk 1 (finite, >= 0).
        strength: number = "strength", "number", required;
    }
}

crate::option_set! {
    /// A learned click propensity added to the relevance as `weight * p(click)`, with p = 1 / (1 + exp(-(coef · x + intercept))) on the item's features x (`propensityFeatures` gives x, to train on what is ranked).
    pub struct PropensityConfig as "RankPropensity" {
        /// The logistic model: `OnlineLogistic.model()` or `logisticRegression(...)`; the extra keys of those results are accepted.
        model: set(LogisticModelConfig) = "model", "RankPropensityModel", required;
        /// Weight of p(click) in the relevance (finite, default 1; 0 shows p without ranking by it).
        weight: number = "weight", "number";
        /// The features the model was trained on (default "embedding").
        features: text_or(ItemFeaturesConfig) = "features", "RankPropensityFeatures";
    }
}

crate::option_set! {
    /// A logistic click model, as `OnlineLogistic.model()` and `logisticRegression` return it.
    pub struct LogisticModelConfig as "RankPropensityModel" {
        /// One coefficient per feature.
        coef: numbers = "coef", "Float64Array | number[]", required;
        /// The intercept (finite).
        intercept: number = "intercept", "number", required;
        /// Accepted and ignored (a `logisticRegression` result's iteration count).
        n_iter: number = "nIter", "number";
        /// Accepted and ignored (whether the fit converged).
        converged: flag = "converged", "boolean";
        /// Accepted and ignored (the fit's optimality gap).
        kkt_violation: number = "kktViolation", "number";
    }
}

crate::option_set! {
    /// Page-supplied item features (price, discount, rating, …) for a propensity model.
    pub struct ItemFeaturesConfig as "RankItemFeatures" {
        /// Row-major items × dim finite values, in store order.
        values: numbers = "values", "Float64Array | number[]";
        /// Features per item, 1..2048.
        dim: count(1, MAX_FEATURES) = "dim", "number";
    }
}

crate::option_set! {
    /// Weights per event kind and the decay half-life; missing fields take their defaults.
    pub struct ProfileConfig as "ProfileParams" {
        /// Weight of a view (finite, default 1).
        view: number = "view", "number";
        /// Weight of an add-to-cart (finite, default 3).
        cart: number = "cart", "number";
        /// Weight of a purchase (finite, default 5).
        purchase: number = "purchase", "number";
        /// Weight of a dismissal (finite, default -1).
        dismiss: number = "dismiss", "number";
        /// Half-life of an event's influence in ms, > 0 (default 30 minutes).
        half_life_ms: number = "halfLifeMs", "number";
        /// Scale item embeddings to unit length before adding them (default true).
        normalize_items: flag = "normalizeItems", "boolean";
    }
}

crate::option_set! {
    /// A session event.
    pub struct EventConfig as "ShopperEvent" {
        /// The item concerned.
        item: key = "item", "ItemId", required;
        /// What the shopper did.
        kind: text = "kind", "\"view\" | \"cart\" | \"purchase\" | \"dismiss\"", required;
        /// When, in milliseconds (e.g. `Date.now()`; finite).
        timestamp_ms: number = "timestampMs", "number", required;
    }
}

/// The JS path of field `key` of the option at `arg`: `options.rules` + `pins`.
fn at(arg: &str, key: &str) -> String {
    let mut s = String::with_capacity(arg.len() + 1 + key.len());
    s.push_str(arg);
    s.push('.');
    s.push_str(key);
    s
}

/// The JS path of element `i` of list `key` of the option at `arg`: `options.rules.pins[0]`.
fn item(arg: &str, key: &str, i: usize) -> String {
    format!("{arg}.{key}[{i}]")
}

/// `"a"` for a string the page gave, in messages.
fn quoted(s: &str) -> String {
    format!("\"{s}\"")
}

/// "exactly one of `a` and `b`" for two optional values: `Ok` when exactly one is given.
fn one_of<A, B>(arg: &str, names: [&str; 2], a: &Option<A>, b: &Option<B>) -> Result<()> {
    match (a.is_some(), b.is_some()) {
        (true, false) | (false, true) => Ok(()),
        (given, _) => Err(Error::invalid(
            arg,
            format!("exactly one of `{}` and `{}`", names[0], names[1]),
            if given { "both" } else { "neither" },
        )),
    }
}

impl RankConfig {
    /// The validated engine options, or an error naming the first bad option by its JS path.
    /// What depends on the store and the query is checked when ranking.
    pub fn check(self) -> Result<RankOptions> {
        let d = RankOptions::default();
        let metric = match self.metric.as_deref() {
            None | Some("dot") => Metric::Dot,
            Some("cosine") => Metric::Cosine,
            Some(other) => {
                return Err(Error::invalid(
                    "options.metric",
                    "\"dot\" or \"cosine\"",
                    quoted(other),
                ))
            }
        };
        let candidates = match self.candidates {
            None => None,
            Some(list) => Some(
                list.into_iter()
                    .enumerate()
                    .map(|(i, c)| c.check(&item("options", "candidates", i)))
                    .collect::<Result<Vec<_>>>()?,
            ),
        };
        let blend = match self.blend {
            None => d.blend,
            Some(b) => Blend {
                local: opt_finite("options.blend.local", b.local)?.unwrap_or(d.blend.local),
                server: opt_finite("options.blend.server", b.server)?.unwrap_or(d.blend.server),
            },
        };
        let diversity = match self.diversity {
            None => None,
            Some(m) => {
                let def = Diversity::default();
                Some(Diversity {
                    lambda: opt_finite("options.diversity.lambda", m.lambda)?.unwrap_or(def.lambda),
                    pool: m.pool.unwrap_or(def.pool),
                })
            }
        };
        Ok(RankOptions {
            k: self.k.unwrap_or(d.k),
            metric,
            candidates,
            blend,
            diversity,
            category_cap: self.category_cap,
            rules: match self.rules {
                Some(r) => r.check("options.rules")?,
                None => Rules::default(),
            },
            supply: self.supply.map(|s| s.check("options.supply")).transpose()?,
            propensity: match self.propensity {
                Some(_) if !propensity::IN_BUILD => return Err(propensity::not_in_build()),
                p => p.map(|p| p.check("options.propensity")).transpose()?,
            },
        })
    }
}

/// Names an engine error about a rank option (`k`, `rules.pins[0].slot`: the ranking's names)
/// by its JS path, `options.k`, `options.rules.pins[0].slot`; other errors pass through.
pub fn js_name(e: Error) -> Error {
    match &e {
        Error::InvalidArgument { arg, .. } => {
            let head = arg.split(['.', '[']).next().unwrap_or_default();
            if RankConfig::KEYS.contains(&head) || RankProfileConfig::KEYS.contains(&head) {
                e.within("options.")
            } else {
                e
            }
        }
        _ => e,
    }
}

impl CandidateConfig {
    /// The candidate (`arg`: its JS path).
    pub fn check(self, arg: &str) -> Result<Candidate> {
        let score = opt_finite(&at(arg, "serverScore"), self.server_score)?;
        Ok(Candidate {
            id: present(&at(arg, "id"), self.id, ITEM_ID)?.into(),
            server_score: present(&at(arg, "serverScore"), score, "a finite number")?,
        })
    }
}

impl RulesConfig {
    /// The rules (`arg`: their JS path).
    pub fn check(self, arg: &str) -> Result<Rules> {
        let boosts = self.boosts.unwrap_or_default();
        let pins = self.pins.unwrap_or_default();
        Ok(Rules {
            drop_out_of_stock: self.drop_out_of_stock.unwrap_or(false),
            price_min: opt_finite(&at(arg, "priceMin"), self.price_min)?,
            price_max: opt_finite(&at(arg, "priceMax"), self.price_max)?,
            exclude: ids(self.exclude.unwrap_or_default()),
            suppress_purchased: self.suppress_purchased.unwrap_or(false),
            boosts: boosts
                .into_iter()
                .enumerate()
                .map(|(i, b)| b.check(&item(arg, "boosts", i)))
                .collect::<Result<_>>()?,
            pins: pins
                .into_iter()
                .enumerate()
                .map(|(i, p)| p.check(&item(arg, "pins", i)))
                .collect::<Result<_>>()?,
        })
    }
}

impl BoostConfig {
    /// The boost (`arg`: its JS path).
    pub fn check(self, arg: &str) -> Result<Boost> {
        let amount = opt_finite(&at(arg, "amount"), self.amount)?;
        let target = match self.target {
            Some(t) => Some(t.check(&at(arg, "target"))?),
            None => None,
        };
        let amount = present(&at(arg, "amount"), amount, "a finite number")?;
        Ok(Boost {
            target: present(&at(arg, "target"), target, "{id} or {category}")?,
            amount,
        })
    }
}

impl BoostTargetConfig {
    /// The target (`arg`: its JS path).
    pub fn check(self, arg: &str) -> Result<BoostTarget> {
        one_of(arg, ["id", "category"], &self.id, &self.category)?;
        Ok(match (self.id, self.category) {
            (Some(id), _) => BoostTarget::Id(id.into()),
            (None, c) => BoostTarget::Category(c.unwrap_or_default()),
        })
    }
}

impl PinConfig {
    /// The pin (`arg`: its JS path).
    pub fn check(self, arg: &str) -> Result<Pin> {
        let slot = present(
            &at(arg, "slot"),
            self.slot,
            "a slot (a whole number below k)",
        )?;
        Ok(Pin {
            id: present(&at(arg, "id"), self.id, ITEM_ID)?.into(),
            slot,
        })
    }
}

impl SupplyConfig {
    /// The supply settings (`arg`: their JS path).
    pub fn check(self, arg: &str) -> Result<Supply> {
        let strength = opt_finite(&at(arg, "strength"), self.strength)?;
        one_of(arg, ["risk", "demand"], &self.risk, &self.demand)?;
        let signal = match (self.risk, self.demand) {
            (Some(r), _) => SupplySignal::Risk(r),
            (None, d) => SupplySignal::Demand(d.unwrap_or_default()),
        };
        let strength = present(&at(arg, "strength"), strength, "a finite number >= 0")?;
        Ok(Supply { signal, strength })
    }
}

impl PropensityConfig {
    /// The propensity term (`arg`: its JS path).
    pub fn check(self, arg: &str) -> Result<Propensity> {
        let weight = opt_finite(&at(arg, "weight"), self.weight)?;
        let features = match self.features {
            None => PropensityFeatures::Embedding,
            Some(f) => features(&at(arg, "features"), f)?,
        };
        let model = present(
            &at(arg, "model"),
            self.model,
            "a logistic model {coef, intercept} (OnlineLogistic.model() or logisticRegression)",
        )?;
        let m = at(arg, "model");
        let intercept = opt_finite(&at(&m, "intercept"), model.intercept)?;
        Ok(Propensity {
            coef: present(&at(&m, "coef"), model.coef, "an array of numbers")?,
            intercept: present(&at(&m, "intercept"), intercept, "a finite number")?,
            weight: weight.unwrap_or(1.0),
            features,
        })
    }
}

/// The features of a propensity model, `"embedding"`, `"interaction"` or `{values, dim}`
/// (`arg`: their JS path).
pub fn features(arg: &str, f: TextOr<ItemFeaturesConfig>) -> Result<PropensityFeatures> {
    let expected = "\"embedding\", \"interaction\" or {values, dim}";
    match f {
        TextOr::Text(s) => match s.as_str() {
            "embedding" => Ok(PropensityFeatures::Embedding),
            "interaction" => Ok(PropensityFeatures::Interaction),
            _ => Err(Error::invalid(arg, expected, quoted(&s))),
        },
        TextOr::Set(ItemFeaturesConfig { values, dim }) => {
            if values.is_none() && dim.is_none() {
                return Err(Error::invalid(
                    arg,
                    expected,
                    "an object with neither values nor dim",
                ));
            }
            let dim = present(&at(arg, "dim"), dim, "a whole number")?;
            Ok(PropensityFeatures::Items {
                values: present(&at(arg, "values"), values, "an array of numbers")?,
                dim,
            })
        }
    }
}

impl ProfileConfig {
    /// The validated profile parameters (errors name `params.…`).
    pub fn check(self) -> Result<ProfileParams> {
        let d = ProfileParams::default();
        let num = |arg: &str, v: Option<f64>, def: f64| -> Result<f64> {
            Ok(opt_finite(&at("params", arg), v)?.unwrap_or(def))
        };
        let p = ProfileParams {
            view: num("view", self.view, d.view)?,
            cart: num("cart", self.cart, d.cart)?,
            purchase: num("purchase", self.purchase, d.purchase)?,
            dismiss: num("dismiss", self.dismiss, d.dismiss)?,
            half_life_ms: num("halfLifeMs", self.half_life_ms, d.half_life_ms)?,
            normalize_items: self.normalize_items.unwrap_or(d.normalize_items),
        };
        p.validate()?;
        Ok(p)
    }
}

impl EventConfig {
    /// The event (`arg`: its JS path, `events[3]`); the timestamp's finiteness is checked with
    /// the batch ([`super::Profile::observe`]).
    pub fn check(self, arg: &str) -> Result<Event> {
        let item = present(&at(arg, "item"), self.item, ITEM_ID)?.into();
        let kind = match self.kind.as_deref() {
            Some("view") => EventKind::View,
            Some("cart") => EventKind::Cart,
            Some("purchase") => EventKind::Purchase,
            Some("dismiss") => EventKind::Dismiss,
            other => {
                return Err(Error::invalid(
                    at(arg, "kind"),
                    "\"view\", \"cart\", \"purchase\" or \"dismiss\"",
                    other.map_or_else(|| "undefined".to_string(), quoted),
                ))
            }
        };
        let timestamp_ms = present(
            &at(arg, "timestampMs"),
            self.timestamp_ms,
            "a time in milliseconds",
        )?;
        Ok(Event {
            item,
            kind,
            timestamp_ms,
        })
    }
}

/// Session events from the page (`events[i]` in messages).
pub fn events(list: Vec<EventConfig>) -> Result<Vec<Event>> {
    list.into_iter()
        .enumerate()
        .map(|(i, e)| e.check(&format!("events[{i}]")))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn nested_options_check_into_engine_options_with_js_paths() {
        let cfg = RankConfig {
            k: Some(3),
            metric: Some("cosine".into()),
            rules: Some(RulesConfig {
                exclude: Some(vec![Key::Str("a".into()), Key::Num(7)]),
                pins: Some(vec![PinConfig {
                    id: Some(Key::Num(2)),
                    slot: Some(1),
                }]),
                ..Default::default()
            }),
            ..Default::default()
        };
        let o = cfg.check().unwrap();
        assert_eq!((o.k, o.metric), (3, Metric::Cosine));
        assert_eq!(
            o.rules.exclude,
            vec![ItemId::Str("a".into()), ItemId::Num(7)]
        );
        assert_eq!(
            o.rules.pins[0],
            Pin {
                id: ItemId::Num(2),
                slot: 1
            }
        );
        assert_eq!(
            RankConfig::default().check().unwrap(),
            RankOptions::default()
        );

        let err = |c: RankConfig| c.check().unwrap_err().to_string();
        let boost = |target, amount| RankConfig {
            rules: Some(RulesConfig {
                boosts: Some(vec![BoostConfig { target, amount }]),
                ..Default::default()
            }),
            ..Default::default()
        };
        let both = BoostTargetConfig {
            id: Some(Key::Num(1)),
            category: Some("x".into()),
        };
        assert!(err(boost(Some(both), Some(1.0)))
            .contains("`options.rules.boosts[0].target`: expected exactly one of `id` and `category`, got both"));
        assert!(err(boost(None, Some(f64::NAN)))
            .contains("`options.rules.boosts[0].amount`: expected a finite number, got NaN"));
        let supply = RankConfig {
            supply: Some(SupplyConfig {
                risk: Some(vec![0.5]),
                ..Default::default()
            }),
            ..Default::default()
        };
        assert!(err(supply)
            .contains("`options.supply.strength`: expected a finite number >= 0, got undefined"));
        let metric = RankConfig {
            metric: Some("l2".into()),
            ..Default::default()
        };
        assert!(
            err(metric).contains("`options.metric`: expected \"dot\" or \"cosine\", got \"l2\"")
        );
        let features = RankConfig {
            propensity: Some(PropensityConfig {
                model: Some(LogisticModelConfig {
                    coef: Some(vec![1.0]),
                    intercept: Some(0.0),
                    ..Default::default()
                }),
                features: Some(TextOr::Set(ItemFeaturesConfig::default())),
                ..Default::default()
            }),
            ..Default::default()
        };
        assert!(err(features).contains("got an object with neither values nor dim"));
        assert_eq!(
            js_name(Error::invalid("rules.pins[0].slot", "x", 1)).to_string(),
            "invalid argument `options.rules.pins[0].slot`: expected x, got 1"
        );
        assert_eq!(
            js_name(Error::invalid("query", "x", 1)).to_string(),
            "invalid argument `query`: expected x, got 1"
        );
    }

    #[test]
    fn profile_params_and_events() {
        let p = ProfileConfig {
            half_life_ms: Some(1000.0),
            ..Default::default()
        };
        assert_eq!(p.check().unwrap().half_life_ms, 1000.0);
        let bad = ProfileConfig {
            view: Some(f64::INFINITY),
            ..Default::default()
        };
        assert!(bad
            .check()
            .unwrap_err()
            .to_string()
            .contains("`params.view`"));
        let e = EventConfig {
            item: Some(Key::Num(1)),
            kind: Some("click".into()),
            timestamp_ms: Some(0.0),
        };
        assert!(events(vec![e]).unwrap_err().to_string().contains(
            "`events[0].kind`: expected \"view\", \"cart\", \"purchase\" or \"dismiss\", got \"click\""
        ));
        assert!(EventConfig::default()
            .check("events[0]")
            .unwrap_err()
            .to_string()
            .contains("`events[0].item`"));
        assert!(RankConfig::TS.contains("export interface RankOptions {\n  /** Number of items"));
    }
}
