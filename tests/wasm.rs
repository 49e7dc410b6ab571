//! wasm-bindgen tests of the JS face, run in Node and in headless Chromium
//! (`cargo test --target wasm32-unknown-unknown`, with `WASM_BINDGEN_USE_BROWSER=1` for Chromium).
#![cfg(target_arch = "wasm32")]

mod wasm_support;
use wasm_support::{get, thrown};

use edgewise::js;
use js_sys::{Array, Float64Array};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::wasm_bindgen_test;

#[wasm_bindgen_test]
fn version_and_simd() {
    assert_eq!(js::version(), env!("CARGO_PKG_VERSION"));
    assert!(js::simd_enabled(), "the wasm build must enable SIMD128");
}

#[wasm_bindgen_test]
fn forecast_returns_typed_arrays() {
    let values = Float64Array::from(&[1.0, 3.0, 2.0, 4.0, 3.0, 5.0][..]);
    let opts = js_sys::JSON::parse(r#"{"model":"seasonalNaive","seasonLength":2,"levels":[0.9]}"#)
        .unwrap();
    let out = js::forecast::forecast(&values, &JsValue::from_f64(3.0), &opts).unwrap();
    assert_eq!(get(&out, "model").as_string().unwrap(), "SeasonalNaive(2)");
    let point: Float64Array = get(&out, "point").dyn_into().unwrap();
    assert_eq!(point.to_vec(), vec![3.0, 5.0, 3.0]);
    let lower: Array = get(&out, "lower").dyn_into().unwrap();
    let first: Float64Array = lower.get(0).dyn_into().unwrap();
    assert_eq!(first.length(), 3);
    assert!(first.get_index(0) < 3.0);
    // A plain array of numbers is accepted too.
    let plain: JsValue = js_sys::JSON::parse("[1, 2, 3]").unwrap();
    let naive = js_sys::JSON::parse(r#"{"model":"naive"}"#).unwrap();
    let out = js::forecast::forecast(&plain, &JsValue::from_f64(2.0), &naive).unwrap();
    let point: Float64Array = get(&out, "point").dyn_into().unwrap();
    assert_eq!(point.to_vec(), vec![3.0, 3.0]);
}

#[wasm_bindgen_test]
fn bad_arguments_throw_js_errors_that_name_the_argument() {
    let ok = Float64Array::from(&[1.0, 2.0, 3.0][..]);
    let cases: Vec<(JsValue, f64, JsValue, &str)> = vec![
        (JsValue::from_str("abc"), 3.0, JsValue::UNDEFINED, "invalid argument `values`: expected a Float64Array or an array of numbers, got a string"),
        (JsValue::UNDEFINED, 3.0, JsValue::UNDEFINED, "invalid argument `values`: expected a Float64Array or an array of numbers, got undefined"),
        (Float64Array::new_with_length(0).into(), 3.0, JsValue::UNDEFINED, "invalid argument `values`: expected at least one value, got an empty array"),
        (Float64Array::from(&[1.0, f64::NAN][..]).into(), 3.0, JsValue::UNDEFINED, "invalid argument `values`: expected finite numbers, got NaN at index 1"),
        (js_sys::JSON::parse(r#"[1, "2"]"#).unwrap(), 3.0, JsValue::UNDEFINED, "invalid argument `values[1]`: expected a number, got a string"),
        (ok.clone().into(), 0.0, JsValue::UNDEFINED, "invalid argument `horizon`: expected a whole number in [1, 10000], got 0"),
        (ok.clone().into(), 2.5, JsValue::UNDEFINED, "invalid argument `horizon`: expected a whole number in [1, 10000], got 2.5"),
        (ok.clone().into(), 2.0, JsValue::from_str("x"), "invalid argument `options`: expected an options object, got a string"),
        (ok.clone().into(), 2.0, js_sys::JSON::parse(r#"{"model":"prophet"}"#).unwrap(), "invalid argument `options.model`"),
        (ok.clone().into(), 2.0, js_sys::JSON::parse(r#"{"horizn":3}"#).unwrap(), "invalid argument `options`: expected only the keys model, seasonLength, spec, search, window, order, seasonalOrder, includeMean, includeDrift, levels, seed, nonNegative, seasonLengths, frequency, timestamps, events, members, combine, intervals, conformalWindows, xreg, futureXreg, got unknown key `horizn`"),
        (ok.clone().into(), 2.0, js_sys::JSON::parse(r#"{"model":"ets","spec":"AAA"}"#).unwrap(), "invalid argument `options.seasonLength`"),
        (ok.into(), 2.0, js_sys::JSON::parse(r#"{"levels":[95]}"#).unwrap(), "invalid argument `options.levels[0]`: expected a number strictly between 0 and 1, got 95"),
    ];
    for (values, horizon, options, want) in cases {
        let msg = thrown(
            js::forecast::forecast(&values, &JsValue::from_f64(horizon), &options).unwrap_err(),
        );
        assert!(
            msg.contains(want),
            "message {msg:?} should contain {want:?}"
        );
    }
}
