//! wasm-bindgen tests of the rerank JS face, run in Node and in headless Chromium.
#![cfg(target_arch = "wasm32")]

mod wasm_support;
use wasm_support::{get, json, thrown};

use edgewise::js::rerank::{self, ItemStore, ShopperProfile};
use js_sys::{Array, Float32Array, Float64Array, Uint32Array, Uint8Array};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::wasm_bindgen_test;

/// Four 2-D items: e0 = (1, 0), e1 = (0, 1), e2 = (0.8, 0.6), e3 = (-1, 0).
fn small() -> ItemStore {
    let v = Float32Array::from(&[1.0f32, 0.0, 0.0, 1.0, 0.8, 0.6, -1.0, 0.0][..]);
    ItemStore::from_float32(&v, &2.into()).unwrap()
}

#[wasm_bindgen_test]
fn rank_returns_ids_scores_and_parts() {
    let s = small();
    s.set_categories(&json(r#"["a","b","a","b"]"#)).unwrap();
    s.set_stock(&json("[1, 1, 0, 1]")).unwrap();
    let q = Float32Array::from(&[1.0f32, 0.0][..]);
    let out = rerank::rank(&s, &q, &json(r#"{"k": 3}"#)).unwrap();
    let idx: Uint32Array = get(&out, "indices").dyn_into().unwrap();
    assert_eq!(idx.to_vec(), vec![0, 2, 1]);
    let scores: Float64Array = get(&out, "scores").dyn_into().unwrap();
    assert!((scores.get_index(1) - 0.8).abs() < 1e-6);
    let ids: Array = get(&out, "ids").dyn_into().unwrap();
    assert_eq!(ids.get(0).as_f64(), Some(0.0));
    // Out of stock dropped, with an explanation per item.
    let out = rerank::rank(
        &s,
        &q,
        &json(r#"{"k": 4, "rules": {"dropOutOfStock": true, "boosts": [{"target": {"category": "b"}, "amount": 2.5}]}}"#),
    )
    .unwrap();
    let idx: Uint32Array = get(&out, "indices").dyn_into().unwrap();
    assert_eq!(idx.to_vec(), vec![1, 3, 0]);
    let boost: Float64Array = get(&get(&out, "parts"), "ruleBoost").dyn_into().unwrap();
    assert_eq!(boost.to_vec(), vec![2.5, 2.5, 0.0]);
    assert_eq!(get(&out, "filtered").as_f64(), Some(1.0));
    let pinned: Uint8Array = get(&get(&out, "parts"), "pinned").dyn_into().unwrap();
    assert_eq!(pinned.to_vec(), vec![0, 0, 0]);
}

#[wasm_bindgen_test]
fn profile_observe_rank_and_restore() {
    let s = small();
    let p = ShopperProfile::new(&2.into(), &JsValue::UNDEFINED).unwrap();
    let rep = p
        .observe(
            &s,
            &json(r#"[{"item": 1, "kind": "purchase", "timestampMs": 0}, {"item": 9, "kind": "view", "timestampMs": 1}]"#),
        )
        .unwrap();
    assert_eq!(get(&rep, "applied").as_f64(), Some(1.0));
    let unknown: Array = get(&rep, "unknownIds").dyn_into().unwrap();
    assert_eq!(unknown.get(0).as_f64(), Some(9.0));
    let out = rerank::rank_profile(
        &s,
        &p,
        &json(r#"{"k": 2, "rules": {"suppressPurchased": true}}"#),
    )
    .unwrap();
    let idx: Uint32Array = get(&out, "indices").dyn_into().unwrap();
    assert_eq!(idx.to_vec(), vec![2, 0]);
    let saved = p.to_json().unwrap();
    let back = ShopperProfile::from_json(&saved).unwrap();
    assert_eq!(
        back.vector_at(&JsValue::UNDEFINED).unwrap().to_vec(),
        p.vector_at(&JsValue::UNDEFINED).unwrap().to_vec()
    );
    let msg = thrown(
        ShopperProfile::from_json(&JsValue::from_str("{]"))
            .err()
            .unwrap(),
    );
    assert!(
        msg.starts_with("corrupt shopper profile: not a saved profile"),
        "{msg}"
    );
}

#[wasm_bindgen_test]
fn bad_arguments_throw_exact_messages() {
    let s = small();
    let q = Float32Array::from(&[1.0f32, 0.0][..]);
    let m = |r: Result<JsValue, wasm_bindgen::JsError>| thrown(r.err().unwrap());
    assert_eq!(
        m(rerank::rank(
            &s,
            &Float32Array::new_with_length(3),
            &JsValue::UNDEFINED
        )),
        "invalid argument `query`: expected 2 values (the item embedding dimension), got 3 values"
    );
    assert_eq!(
        m(rerank::rank(&s, &q, &json(r#"{"k": 0}"#))),
        "invalid argument `options.k`: expected a whole number in [1, 100000], got 0"
    );
    assert_eq!(
        m(rerank::rank(&s, &q, &json(r#"{"rules": {"dropOutOfStock": true}}"#))),
        "invalid argument `options.rules.dropOutOfStock`: expected a store with stock levels (ItemStore::with_stock), got a store without stock"
    );
    assert_eq!(
        m(rerank::rank(&s, &q, &JsValue::from_str("x"))),
        "invalid argument `options`: expected an options object, got a string"
    );
    assert_eq!(
        m(rerank::rank(
            &s,
            &JsValue::from_str("q"),
            &JsValue::UNDEFINED
        )),
        "invalid argument `query`: expected a Float32Array or an array of numbers, got a string"
    );
    let nan = Float32Array::from(&[1.0f32, f32::NAN][..]);
    assert_eq!(
        thrown(ItemStore::from_float32(&nan, &2.into()).err().unwrap()),
        "invalid argument `values`: expected finite numbers, got NaN at row 0, column 1"
    );
    let truncated = Uint8Array::from(&[0x93u8, b'N', b'U', b'M'][..]);
    let msg = thrown(ItemStore::from_npy(&truncated).err().unwrap());
    assert!(msg.starts_with("corrupt npy"), "{msg}");
    let msg = thrown(
        ItemStore::from_safetensors(&truncated, &"e".into(), &JsValue::UNDEFINED)
            .err()
            .unwrap(),
    );
    assert!(msg.starts_with("corrupt safetensors"), "{msg}");
    let p = ShopperProfile::new(&2.into(), &JsValue::UNDEFINED).unwrap();
    assert_eq!(
        m(p.observe(&s, &json(r#"[{"item": -1, "kind": "view", "timestampMs": 0}]"#))),
        "invalid argument `events[0].item`: expected an item id (a whole number in [0, 4294967295] or a string), got the number -1"
    );
    // Still works after every error.
    assert!(rerank::rank(&s, &q, &JsValue::UNDEFINED).is_ok());
}
