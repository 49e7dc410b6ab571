//! The shopper profile: a time-decayed, weighted sum of the embeddings of items the shopper
//! interacted with in this session, kept on the device and exportable as JSON.
//!
//! After events `(item_i, kind_i, t_i)` the profile at time `T` (the latest event time) is
//!
//! `p(T) = Σ_i w(kind_i) · 0.5^((T − t_i) / half_life) · e(item_i)`
//!
//! where `e` is the item embedding (scaled to unit length when `normalize_items`, so long vectors
//! do not dominate). Events may arrive in any order and in several batches: the result is the same.
//! Dismissals usually carry a negative weight, pushing the profile away from the item.

use super::score::MAX_ABS_VALUE;
use super::store::{ItemId, ItemStore};
use crate::error::{Error, Result};
use crate::num::Num;
use crate::rerank::json::{self, Json};
use serde::{Deserialize, Serialize};

/// What the shopper did with an item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum EventKind {
    /// Viewed the product page.
    View,
    /// Added to cart.
    Cart,
    /// Purchased.
    Purchase,
    /// Dismissed ("not interested").
    Dismiss,
}

/// One session event (JSON / JS: `{item, kind, timestampMs}`).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Event {
    /// The item concerned.
    pub item: ItemId,
    /// What happened.
    pub kind: EventKind,
    /// When, in milliseconds (e.g. `Date.now()`).
    pub timestamp_ms: f64,
}

/// Weights per event kind and the decay half-life (JSON / JS: camelCase, missing fields take
/// their defaults).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", default)]
pub struct ProfileParams {
    /// Weight of a view (default 1).
    pub view: f64,
    /// Weight of an add-to-cart (default 3).
    pub cart: f64,
    /// Weight of a purchase (default 5).
    pub purchase: f64,
    /// Weight of a dismissal (default −1).
    pub dismiss: f64,
    /// Half-life of an event's influence in milliseconds (default 30 minutes).
    pub half_life_ms: f64,
    /// Scale item embeddings to unit length before adding them (default true).
    pub normalize_items: bool,
}

impl Default for ProfileParams {
    fn default() -> Self {
        ProfileParams {
            view: 1.0,
            cart: 3.0,
            purchase: 5.0,
            dismiss: -1.0,
            half_life_ms: 30.0 * 60.0 * 1000.0,
            normalize_items: true,
        }
    }
}

impl ProfileParams {
    /// Checks every weight is finite and the half-life is a positive finite number.
    pub fn validate(&self) -> Result<()> {
        for (arg, v) in [
            ("params.view", self.view),
            ("params.cart", self.cart),
            ("params.purchase", self.purchase),
            ("params.dismiss", self.dismiss),
        ] {
            if !v.is_finite() {
                return Err(Error::invalid(arg, "a finite weight", v));
            }
        }
        if !(self.half_life_ms.is_finite() && self.half_life_ms > 0.0) {
            return Err(Error::invalid(
                "params.halfLifeMs",
                "a positive number of milliseconds",
                self.half_life_ms,
            ));
        }
        Ok(())
    }

    /// The weight of one event kind.
    pub fn weight(&self, kind: EventKind) -> f64 {
        match kind {
            EventKind::View => self.view,
            EventKind::Cart => self.cart,
            EventKind::Purchase => self.purchase,
            EventKind::Dismiss => self.dismiss,
        }
    }
}

/// What [`Profile::observe`] did with a batch.
#[derive(Debug, Clone, PartialEq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ObserveReport {
    /// Events applied.
    pub applied: usize,
    /// Ids not found in the store (their events were skipped), in first-seen order.
    pub unknown_ids: Vec<ItemId>,
}

/// A shopper profile (see the module docs).
#[derive(Debug, Clone, PartialEq)]
pub struct Profile {
    params: ProfileParams,
    vector: Vec<f64>,
    as_of: Option<f64>,
    purchased: Vec<ItemId>,
    dismissed: Vec<ItemId>,
    events: u64,
}

/// The JSON export format, versioned: `{version, params: {view, cart, purchase, dismiss,
/// halfLifeMs, normalizeItems}, vector, asOf, purchased, dismissed, events}` (written and read by
/// [`crate::rerank::json`]; unknown members are ignored, missing `params` members and `asOf`
/// take their defaults).
impl Profile {
    /// The document of this profile, at the current [`VERSION`].
    fn write_state(&self) -> String {
        let mut out = String::from("{\"version\":");
        out.push_str(&VERSION.to_string());
        out.push_str(",\"params\":{");
        let p = &self.params;
        for (i, (key, v)) in [
            ("view", p.view),
            ("cart", p.cart),
            ("purchase", p.purchase),
            ("dismiss", p.dismiss),
            ("halfLifeMs", p.half_life_ms),
        ]
        .into_iter()
        .enumerate()
        {
            if i > 0 {
                out.push(',');
            }
            json::write_str(&mut out, key);
            out.push(':');
            json::write_f64(&mut out, v);
        }
        out.push_str(",\"normalizeItems\":");
        out.push_str(if p.normalize_items { "true" } else { "false" });
        out.push_str("},\"vector\":[");
        for (i, v) in self.vector.iter().enumerate() {
            if i > 0 {
                out.push(',');
            }
            json::write_f64(&mut out, *v);
        }
        out.push_str("],\"asOf\":");
        match self.as_of {
            Some(t) => json::write_f64(&mut out, t),
            None => out.push_str("null"),
        }
        for (key, ids) in [
            ("purchased", &self.purchased),
            ("dismissed", &self.dismissed),
        ] {
            out.push(',');
            json::write_str(&mut out, key);
            out.push_str(":[");
            for (i, id) in ids.iter().enumerate() {
                if i > 0 {
                    out.push(',');
                }
                match id {
                    ItemId::Num(n) => out.push_str(&n.to_string()),
                    ItemId::Str(s) => json::write_str(&mut out, s),
                }
            }
            out.push(']');
        }
        out.push_str(",\"events\":");
        out.push_str(&self.events.to_string());
        out.push('}');
        out
    }

    /// Reads the document's shape: its version and the profile as written, whose values the
    /// caller checks.
    fn read_state(text: &str) -> std::result::Result<(u32, Self), String> {
        let doc = json::parse(text.as_bytes())?;
        if !matches!(doc, Json::Obj(_)) {
            return Err("expected an object".into());
        }
        let field = |key: &str| doc.get(key).ok_or_else(|| format!("missing field `{key}`"));
        let whole = |key: &str, v: &Json| {
            v.as_u64()
                .ok_or_else(|| format!("`{key}` is not a non-negative whole number"))
        };
        let number =
            |key: &str, v: &Json| v.as_f64().ok_or_else(|| format!("`{key}` is not a number"));
        let version = whole("version", field("version")?)?;
        let version =
            u32::try_from(version).map_err(|_| format!("version {version} is out of range"))?;
        let params_doc = field("params")?;
        if !matches!(params_doc, Json::Obj(_)) {
            return Err("`params` is not an object".into());
        }
        let mut params = ProfileParams::default();
        for (key, slot) in [
            ("view", &mut params.view),
            ("cart", &mut params.cart),
            ("purchase", &mut params.purchase),
            ("dismiss", &mut params.dismiss),
            ("halfLifeMs", &mut params.half_life_ms),
        ] {
            if let Some(v) = params_doc.get(key) {
                *slot = number(key, v)?;
            }
        }
        match params_doc.get("normalizeItems") {
            None => {}
            Some(Json::Bool(b)) => params.normalize_items = *b,
            Some(_) => return Err("`normalizeItems` is not a boolean".into()),
        }
        let vector = field("vector")?
            .as_array()
            .ok_or("`vector` is not an array")?
            .iter()
            .map(|v| number("vector", v))
            .collect::<std::result::Result<Vec<f64>, String>>()?;
        let as_of = match doc.get("asOf") {
            None | Some(Json::Null) => None,
            Some(v) => Some(number("asOf", v)?),
        };
        let ids = |key: &str| -> std::result::Result<Vec<ItemId>, String> {
            field(key)?
                .as_array()
                .ok_or_else(|| format!("`{key}` is not an array"))?
                .iter()
                .map(|v| match v {
                    Json::Str(s) => Ok(ItemId::Str(s.clone())),
                    _ => v
                        .as_u64()
                        .and_then(|n| u32::try_from(n).ok())
                        .map(ItemId::Num)
                        .ok_or_else(|| {
                            format!("`{key}` holds an id that is neither a string nor a whole number in [0, 2^32 - 1]")
                        }),
                })
                .collect()
        };
        let profile = Profile {
            params,
            vector,
            as_of,
            purchased: ids("purchased")?,
            dismissed: ids("dismissed")?,
            events: whole("events", field("events")?)?,
        };
        Ok((version, profile))
    }
}

const VERSION: u32 = 1;

impl Profile {
    /// An empty profile for embeddings of dimension `dim`.
    pub fn new(dim: usize, params: ProfileParams) -> Result<Self> {
        params.validate()?;
        crate::limits::check_count("dim", dim, 1, super::load::MAX_DIM)?;
        Ok(Profile {
            params,
            vector: vec![0.0; dim],
            as_of: None,
            purchased: Vec::new(),
            dismissed: Vec::new(),
            events: 0,
        })
    }

    /// Adds a batch of events. The batch is validated first (finite timestamps, matching
    /// dimension) and applied whole or not at all; events naming ids the store lacks are skipped
    /// and reported back in [`ObserveReport::unknown_ids`].
    pub fn observe(&mut self, store: &ItemStore, events: &[Event]) -> Result<ObserveReport> {
        // Applied to a copy and committed only when the whole batch is valid and the vector
        // stays within the range a query may hold (huge weights could push it past it).
        let mut next = self.clone();
        let report = next.apply(store, events)?;
        if let Some(i) = next
            .vector
            .iter()
            .position(|v| !(v.is_finite() && v.abs() <= f64::from(MAX_ABS_VALUE)))
        {
            return Err(Error::invalid(
                "events",
                format!(
                    "events whose weighted sum stays within ±{} (lower the weights in params)",
                    Num::from(MAX_ABS_VALUE)
                ),
                format!("a profile value of {} at index {i}", Num(next.vector[i])),
            ));
        }
        *self = next;
        Ok(report)
    }

    fn apply(&mut self, store: &ItemStore, events: &[Event]) -> Result<ObserveReport> {
        if store.dim() != self.vector.len() {
            return Err(Error::invalid(
                "store",
                format!("items of dimension {} (the profile's)", self.vector.len()),
                format!("dimension {}", store.dim()),
            ));
        }
        if let Some(i) = events.iter().position(|e| !e.timestamp_ms.is_finite()) {
            return Err(Error::invalid(
                format!("events[{i}].timestampMs"),
                "a finite time in milliseconds",
                events[i].timestamp_ms,
            ));
        }
        let mut report = ObserveReport::default();
        let h = self.params.half_life_ms;
        for e in events {
            let Some(idx) = store.index_of(&e.item) else {
                if !report.unknown_ids.contains(&e.item) {
                    report.unknown_ids.push(e.item.clone());
                }
                continue;
            };
            let t = e.timestamp_ms;
            let as_of = *self.as_of.get_or_insert(t);
            if t > as_of {
                let f = 0.5f64.powf((t - as_of) / h);
                self.vector.iter_mut().for_each(|v| *v *= f);
                self.as_of = Some(t);
            }
            let now = self.as_of.unwrap_or(t);
            let mut w = self.params.weight(e.kind) * 0.5f64.powf((now - t) / h);
            let emb = store.embedding(idx);
            if self.params.normalize_items {
                let n = f64::from(store.norm(idx));
                w = if n > 0.0 { w / n } else { 0.0 };
            }
            for (v, x) in self.vector.iter_mut().zip(&emb) {
                *v += w * f64::from(*x);
            }
            let list = match e.kind {
                EventKind::Purchase => Some(&mut self.purchased),
                EventKind::Dismiss => Some(&mut self.dismissed),
                _ => None,
            };
            if let Some(list) = list {
                if !list.contains(&e.item) {
                    list.push(e.item.clone());
                }
            }
            self.events += 1;
            report.applied += 1;
        }
        Ok(report)
    }

    /// The profile vector decayed to `now_ms` (no growth when `now_ms` is before the last event).
    pub fn vector_at(&self, now_ms: f64) -> Result<Vec<f32>> {
        if !now_ms.is_finite() {
            return Err(Error::invalid(
                "nowMs",
                "a finite time in milliseconds",
                now_ms,
            ));
        }
        let f = match self.as_of {
            Some(t) if now_ms > t => 0.5f64.powf((now_ms - t) / self.params.half_life_ms),
            _ => 1.0,
        };
        Ok(self.vector.iter().map(|v| (v * f) as f32).collect())
    }

    /// Embedding dimension.
    pub fn dim(&self) -> usize {
        self.vector.len()
    }

    /// The parameters.
    pub fn params(&self) -> &ProfileParams {
        &self.params
    }

    /// Time of the latest event (`None` before any).
    pub fn as_of(&self) -> Option<f64> {
        self.as_of
    }

    /// Items purchased in the session (for already-purchased suppression).
    pub fn purchased(&self) -> &[ItemId] {
        &self.purchased
    }

    /// Items dismissed in the session.
    pub fn dismissed(&self) -> &[ItemId] {
        &self.dismissed
    }

    /// Number of events applied.
    pub fn event_count(&self) -> u64 {
        self.events
    }

    /// The stored vector as saved by [`Profile::to_json`] (its decay is applied up to
    /// [`Profile::as_of`]; [`Profile::vector_at`] decays it further).
    pub fn saved_vector(&self) -> &[f64] {
        &self.vector
    }

    /// The `version` member of the documents [`Profile::to_json`] writes.
    pub const SAVED_VERSION: u32 = VERSION;

    /// Serializes the profile to JSON for the page's own storage.
    pub fn to_json(&self) -> String {
        self.write_state()
    }

    /// Restores a profile saved by [`Profile::to_json`], validating everything.
    pub fn from_json(json: &str) -> Result<Self> {
        let what = "shopper profile";
        let (version, s) = Profile::read_state(json)
            .map_err(|e| Error::corrupt(what, format!("not a saved profile: {e}")))?;
        if version != VERSION {
            return Err(Error::corrupt(
                what,
                format!("version {version} is not supported (expected {VERSION})"),
            ));
        }
        s.params
            .validate()
            .map_err(|e| Error::corrupt(what, format!("bad parameters: {e}")))?;
        if s.vector.is_empty() || s.vector.len() > super::load::MAX_DIM {
            return Err(Error::corrupt(
                what,
                format!(
                    "the vector has {} values (expected 1 to {})",
                    s.vector.len(),
                    super::load::MAX_DIM
                ),
            ));
        }
        if let Some(i) = s
            .vector
            .iter()
            .position(|v| !(v.is_finite() && v.abs() <= f64::from(MAX_ABS_VALUE)))
        {
            return Err(Error::corrupt(
                what,
                format!(
                    "vector value {i} is not finite or beyond ±{}",
                    Num::from(MAX_ABS_VALUE)
                ),
            ));
        }
        if s.events > crate::limits::MAX_SAFE_INTEGER {
            return Err(Error::corrupt(
                what,
                format!("the event count {} is above 2^53 - 1", s.events),
            ));
        }
        if s.as_of.is_some_and(|t| !t.is_finite()) {
            return Err(Error::corrupt(what, "as_of is not a finite time"));
        }
        Ok(s)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn store() -> ItemStore {
        ItemStore::from_f32(vec![2.0, 0.0, 0.0, 1.0, 1.0, 1.0], 2)
            .unwrap()
            .with_ids(vec!["a".into(), "b".into(), "c".into()])
            .unwrap()
    }

    fn ev(item: &str, kind: EventKind, t: f64) -> Event {
        Event {
            item: item.into(),
            kind,
            timestamp_ms: t,
        }
    }

    #[test]
    fn weighted_decayed_sum_by_hand() {
        let s = store();
        let params = ProfileParams {
            half_life_ms: 1000.0,
            ..Default::default()
        };
        let mut p = Profile::new(2, params).unwrap();
        let r = p
            .observe(
                &s,
                &[
                    ev("a", EventKind::View, 0.0),
                    ev("zz", EventKind::View, 0.0),
                    ev("b", EventKind::Cart, 1000.0),
                ],
            )
            .unwrap();
        assert_eq!(r.applied, 2);
        assert_eq!(r.unknown_ids, vec![ItemId::from("zz")]);
        // a (unit [1,0]) viewed one half-life ago: 0.5; b ([0,1]) carted now: 3.
        assert_eq!(p.vector_at(1000.0).unwrap(), vec![0.5, 3.0]);
        assert_eq!(p.vector_at(2000.0).unwrap(), vec![0.25, 1.5]);
        assert_eq!(p.vector_at(0.0).unwrap(), vec![0.5, 3.0]);
        // Out-of-order arrival in another batch gives the same vector.
        let mut q = Profile::new(2, params).unwrap();
        q.observe(&s, &[ev("b", EventKind::Cart, 1000.0)]).unwrap();
        q.observe(&s, &[ev("a", EventKind::View, 0.0)]).unwrap();
        assert_eq!(q.vector_at(1000.0).unwrap(), vec![0.5, 3.0]);
        // Dismissals push away; purchases are remembered.
        p.observe(
            &s,
            &[
                ev("c", EventKind::Dismiss, 1000.0),
                ev("a", EventKind::Purchase, 1000.0),
            ],
        )
        .unwrap();
        let v = p.vector_at(1000.0).unwrap();
        let c = std::f32::consts::FRAC_1_SQRT_2;
        assert!((v[0] - (0.5 - c + 5.0)).abs() < 1e-6 && (v[1] - (3.0 - c)).abs() < 1e-6);
        assert_eq!(p.purchased(), &[ItemId::from("a")]);
        assert_eq!(p.dismissed(), &[ItemId::from("c")]);
        assert_eq!(p.event_count(), 4);
    }

    #[test]
    fn export_import_round_trip_and_corruption() {
        let s = store();
        let mut p = Profile::new(2, ProfileParams::default()).unwrap();
        p.observe(&s, &[ev("a", EventKind::Purchase, 5.0)]).unwrap();
        let j = p.to_json();
        assert_eq!(Profile::from_json(&j).unwrap(), p);
        for (bad, want) in [
            ("", "not a saved profile"),
            ("{}", "not a saved profile"),
            (
                &j.replace("\"version\":1", "\"version\":7")[..],
                "version 7",
            ),
            (
                &j.replace("\"halfLifeMs\":1800000.0", "\"halfLifeMs\":-1.0")[..],
                "halfLifeMs",
            ),
            (
                &j.replace("\"vector\":[5.0,0.0]", "\"vector\":[]")[..],
                "has 0 values",
            ),
            (
                &j.replace("\"vector\":[5.0,0.0]", "\"vector\":[1e300,0.0]")[..],
                "beyond",
            ),
            (
                &j.replace("\"events\":1", "\"events\":9007199254740992")[..],
                "above 2^53",
            ),
        ] {
            let e = Profile::from_json(bad).unwrap_err();
            assert!(
                matches!(e, Error::Corrupt { .. }) && e.to_string().contains(want),
                "{want}: {e} in {bad}"
            );
        }
    }

    #[test]
    fn reads_profiles_saved_by_serde_json_and_refuses_wrong_shapes() {
        // Written by the serde_json-based export of earlier versions (shortest floats, `.0` on
        // whole ones, exponents below 1e-5): still read, and written back the same way.
        let old = r#"{"version":1,"params":{"view":1.0,"cart":3.0,"purchase":5.0,"dismiss":-1.0,"halfLifeMs":1800000.0,"normalizeItems":true},"vector":[0.30000000000000004,-2.5e-7,1e-300],"asOf":5.0,"purchased":["a",7],"dismissed":[],"events":3}"#;
        let p = Profile::from_json(old).unwrap();
        assert_eq!(p.vector, vec![0.1 + 0.2, -2.5e-7, 1e-300]);
        assert_eq!(p.purchased(), &[ItemId::from("a"), ItemId::Num(7)]);
        assert_eq!((p.as_of, p.event_count()), (Some(5.0), 3));
        assert_eq!(p.to_json(), old);
        // Missing params members and asOf take defaults; unknown members are ignored.
        let short = r#"{"version":1,"params":{"cart":2},"vector":[1],"purchased":[],"dismissed":[],"events":0,"extra":{"x":[1]}}"#;
        let q = Profile::from_json(short).unwrap();
        assert_eq!(q.params.cart, 2.0);
        assert_eq!(q.params.view, ProfileParams::default().view);
        assert_eq!(q.as_of, None);
        // Strings, ids and numbers round-trip through escapes.
        let mut r = q.clone();
        r.purchased = vec![ItemId::from("q\"u\\o\nte\u{1}é"), ItemId::Num(u32::MAX)];
        assert_eq!(Profile::from_json(&r.to_json()).unwrap(), r);
        let refused = |bad: &str, want: &str| {
            let e = Profile::from_json(bad).unwrap_err();
            assert!(
                matches!(e, Error::Corrupt { .. }) && e.to_string().contains(want),
                "{want}: {e} in {bad}"
            );
        };
        refused("[]", "expected an object");
        refused(r#"{"version":1}"#, "missing field `params`");
        // Each (text, replacement, expected words) breaks one member of `short`.
        for (from, to, want) in [
            (r#""version":1"#, r#""version":1.0"#, "`version`"),
            (r#""version":1"#, r#""version":4294967296"#, "out of range"),
            (r#"{"cart":2}"#, "[]", "`params` is not an object"),
            (r#""cart":2"#, r#""cart":"2""#, "`cart` is not a number"),
            (r#""cart":2"#, r#""normalizeItems":1"#, "`normalizeItems`"),
            (
                r#""vector":[1]"#,
                r#""vector":{}"#,
                "`vector` is not an array",
            ),
            (
                r#""vector":[1]"#,
                r#""vector":[null]"#,
                "`vector` is not a number",
            ),
            (r#""vector":[1]"#, r#""vector":[1e400]"#, "beyond"),
            (
                r#""purchased":[]"#,
                r#""purchased":[-1]"#,
                "`purchased` holds an id",
            ),
            (
                r#""purchased":[]"#,
                r#""purchased":[4294967296]"#,
                "holds an id",
            ),
            (
                r#""dismissed":[]"#,
                r#""dismissed":[1.5]"#,
                "`dismissed` holds an id",
            ),
            (r#""events":0"#, r#""events":-1"#, "`events`"),
            (r#","events":0"#, "", "missing field `events`"),
            (r#""events":0"#, "", "at byte"),
        ] {
            refused(&short.replace(from, to), want);
        }
    }

    #[test]
    fn events_and_params_read_from_js_style_json() {
        let events: Vec<Event> = serde_json::from_str(
            r#"[{"item": "a", "kind": "cart", "timestampMs": 5},
                {"item": 7, "kind": "dismiss", "timestampMs": 6.5}]"#,
        )
        .unwrap();
        assert_eq!(events[0], ev("a", EventKind::Cart, 5.0));
        assert_eq!(events[1].item, ItemId::Num(7));
        let p: ProfileParams = serde_json::from_str(r#"{"halfLifeMs": 1000, "cart": 2}"#).unwrap();
        assert_eq!(p.half_life_ms, 1000.0);
        assert_eq!(p.cart, 2.0);
        assert_eq!(p.view, ProfileParams::default().view);
        assert!(serde_json::from_str::<Vec<Event>>(
            r#"[{"item": "a", "kind": "like", "timestampMs": 1}]"#
        )
        .is_err());
    }

    #[test]
    fn bad_input_is_an_error() {
        let s = store();
        let mut p = Profile::new(3, ProfileParams::default()).unwrap();
        assert!(p
            .observe(&s, &[])
            .unwrap_err()
            .to_string()
            .contains("dimension 2"));
        let mut p = Profile::new(2, ProfileParams::default()).unwrap();
        let e = p
            .observe(
                &s,
                &[
                    ev("a", EventKind::View, 1.0),
                    ev("b", EventKind::View, f64::NAN),
                ],
            )
            .unwrap_err()
            .to_string();
        assert!(e.contains("events[1].timestampMs"), "{e}");
        assert_eq!(p.event_count(), 0, "a failed batch applies nothing");
        assert!(p.vector_at(f64::INFINITY).is_err());
        let bad = ProfileParams {
            half_life_ms: 0.0,
            ..Default::default()
        };
        assert!(Profile::new(2, bad).is_err());
        let bad = ProfileParams {
            cart: f64::NAN,
            ..Default::default()
        };
        assert!(Profile::new(2, bad)
            .unwrap_err()
            .to_string()
            .contains("params.cart"));
        assert!(Profile::new(0, ProfileParams::default()).is_err());
    }
}
