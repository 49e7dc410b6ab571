//! JS bindings for the shopper profile kept on the device (`ShopperProfile`): argument
//! reading over [`crate::rerank::Profile`], whose parameters are declared in
//! [`crate::rerank::config::ProfileConfig`].

use super::read::{self, ids_value};
use super::ItemStore;
use crate::error::Result;
use crate::js::args::{self, object};
use crate::js::obj::Obj;
use crate::rerank::config::ProfileConfig;
use crate::rerank::{load, Profile};
use js_sys::Float32Array;
use wasm_bindgen::prelude::*;

const PROFILE: &str = "ShopperProfile";

/// The object `JSON.parse(profile.to_json())` gives (the same members in the same order, the
/// same numbers: the document's shortest digits read back to the very same doubles), built
/// directly so that the module needs no float-to-text writer (smaller `edgewise/rerank`).
fn saved_object(p: &Profile) -> JsValue {
    let q = p.params();
    let params = object(&[
        ("view", q.view.into()),
        ("cart", q.cart.into()),
        ("purchase", q.purchase.into()),
        ("dismiss", q.dismiss.into()),
        ("halfLifeMs", q.half_life_ms.into()),
        ("normalizeItems", q.normalize_items.into()),
    ]);
    let vector: js_sys::Array = p.saved_vector().iter().map(|&v| JsValue::from(v)).collect();
    object(&[
        ("version", Profile::SAVED_VERSION.into()),
        ("params", params),
        ("vector", vector.into()),
        ("asOf", p.as_of().map_or(JsValue::NULL, JsValue::from)),
        ("purchased", ids_value(p.purchased())),
        ("dismissed", ids_value(p.dismissed())),
        // As the `eventCount` getter gives it (a whole number below 2^53: exact).
        ("events", JsValue::from(p.event_count() as f64)),
    ])
}

/// A shopper profile: a time-decayed, weighted sum of the embeddings of items the shopper
/// interacted with, kept on the device. Save it with `JSON.stringify(profile)` (or `toJSON()`)
/// and restore it with `ShopperProfile.fromJSON`.
#[wasm_bindgen]
pub struct ShopperProfile {
    obj: Obj,
}

impl ShopperProfile {
    fn new_with(p: Profile) -> Self {
        ShopperProfile {
            obj: Obj::new(PROFILE, p),
        }
    }

    /// Runs `f` on the core profile (an error when this object is not a live `ShopperProfile`).
    pub fn with<R>(&self, f: impl FnOnce(&Profile) -> Result<R>) -> Result<R> {
        self.obj.with(PROFILE, f)
    }
}

#[wasm_bindgen]
impl ShopperProfile {
    /// An empty profile for embeddings of dimension `dim`.
    #[wasm_bindgen(constructor)]
    pub fn new(
        #[wasm_bindgen(unchecked_param_type = "number")] dim: &JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "ProfileParams")] params: &JsValue,
    ) -> Result<ShopperProfile, JsError> {
        let dim = args::count_js("dim", dim, 1, load::MAX_DIM)?;
        let p = args::option_set::<ProfileConfig>("params", params, &[])?.check()?;
        Ok(ShopperProfile::new_with(Profile::new(dim, p)?))
    }

    /// Adds a batch of events (applied whole or not at all). Events for ids the store does not
    /// know are skipped and reported in `unknownIds`.
    #[wasm_bindgen(unchecked_return_type = "ObserveReport")]
    pub fn observe(
        &self,
        store: &ItemStore,
        #[wasm_bindgen(unchecked_param_type = "ShopperEvent[]")] events: &JsValue,
    ) -> Result<JsValue, JsError> {
        let events = read::events(events)?;
        let r = store.with(|s| {
            self.obj
                .with_mut(PROFILE, |p: &mut Profile| p.observe(s, &events))
        })?;
        Ok(object(&[
            ("applied", JsValue::from_f64(r.applied as f64)),
            ("unknownIds", ids_value(&r.unknown_ids)),
        ]))
    }

    /// The profile vector decayed to `nowMs` (default: the latest event).
    #[wasm_bindgen(js_name = vectorAt)]
    pub fn vector_at(
        &self,
        #[wasm_bindgen(js_name = nowMs, unchecked_optional_param_type = "number")] now_ms: &JsValue,
    ) -> Result<Float32Array, JsError> {
        let now = args::opt_number("nowMs", now_ms)?;
        let v = self.with(|p| p.vector_at(now.unwrap_or(p.as_of().unwrap_or(0.0))))?;
        Ok(Float32Array::from(v.as_slice()))
    }

    /// Embedding dimension.
    #[wasm_bindgen(getter)]
    pub fn dim(&self) -> Result<u32, JsError> {
        Ok(self.with(|p| Ok(p.dim() as u32))?)
    }

    /// Number of events applied.
    #[wasm_bindgen(getter, js_name = eventCount)]
    pub fn event_count(&self) -> Result<f64, JsError> {
        Ok(self.with(|p| Ok(p.event_count() as f64))?)
    }

    /// Time of the latest event (`undefined` before any).
    #[wasm_bindgen(getter, js_name = asOf)]
    pub fn as_of(&self) -> Result<Option<f64>, JsError> {
        Ok(self.with(|p| Ok(p.as_of()))?)
    }

    /// Items purchased in the session.
    #[wasm_bindgen(getter, unchecked_return_type = "ItemId[]")]
    pub fn purchased(&self) -> Result<JsValue, JsError> {
        let ids = self.with(|p| Ok(p.purchased().to_vec()))?;
        Ok(ids_value(&ids))
    }

    /// The saved state as a plain JSON-ready object (so `JSON.stringify(profile)` works).
    #[wasm_bindgen(js_name = toJSON, unchecked_return_type = "object")]
    pub fn to_json(&self) -> Result<JsValue, JsError> {
        Ok(self.with(|p| Ok(saved_object(p)))?)
    }

    /// Restores a profile saved with `toJSON` / `JSON.stringify`, as a string or an object;
    /// corrupt state throws.
    #[wasm_bindgen(js_name = fromJSON)]
    pub fn from_json(
        #[wasm_bindgen(unchecked_param_type = "string | object")] state: &JsValue,
    ) -> Result<ShopperProfile, JsError> {
        let text = args::json_text("state", state)?;
        Ok(ShopperProfile::new_with(Profile::from_json(&text)?))
    }
}
