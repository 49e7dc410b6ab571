//! wasm-bindgen tests of the forecast JS face (Node and headless Chromium): results of every
//! export, and bad arguments as thrown `Error`s with exact messages.
#![cfg(target_arch = "wasm32")]

mod wasm_support;
use wasm_support::{get, json, thrown};

use edgewise::js::forecast::{
    accuracy, cross_validation_js, detect_seasonality, forecast, forecast_batch_js,
};
use js_sys::{Array, Float64Array, Function, Uint32Array, JSON};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::wasm_bindgen_test;

fn f64s(obj: &JsValue, key: &str) -> Vec<f64> {
    get(obj, key).dyn_into::<Float64Array>().unwrap().to_vec()
}

/// An optional trailing argument (options, interval) given as JSON.
fn opt(s: &str) -> JsValue {
    json(s)
}

/// A JS number.
fn n(x: f64) -> JsValue {
    JsValue::from_f64(x)
}

/// A quarterly-like series with trend and season 4, strictly positive. The noise is
/// quasi-periodic (a sine of an irrational frequency): a noise of period 5, as this once had,
/// makes the series exactly periodic with period 20, which season detection rightly finds.
fn seasonal(n: usize) -> Vec<f64> {
    (0..n)
        .map(|t| {
            let noise = 2.0 * (t as f64 * 1.618_033_988_75).sin();
            100.0 + 0.8 * t as f64 + [6.0, -3.0, 9.0, -12.0][t % 4] + noise
        })
        .collect()
}

fn arr(v: &[f64]) -> JsValue {
    Float64Array::from(v).into()
}

#[wasm_bindgen_test]
fn autoets_is_the_default_and_reports_model_aicc_and_season() {
    let y = seasonal(48);
    let out = forecast(&arr(&y), &n(8.0), &opt(r#"{"levels":[0.8,0.95],"seed":5}"#)).unwrap();
    let model = get(&out, "model").as_string().unwrap();
    assert!(model.starts_with("ETS("), "{model}");
    assert!(get(&out, "aicc").as_f64().unwrap().is_finite());
    assert_eq!(get(&out, "seasonLength").as_f64(), Some(4.0));
    let point = f64s(&out, "point");
    assert_eq!(point.len(), 8);
    assert!(point.iter().all(|v| v.is_finite()));
    let lower: Array = get(&out, "lower").dyn_into().unwrap();
    let upper: Array = get(&out, "upper").dyn_into().unwrap();
    assert_eq!(lower.length(), 2);
    for h in 0..8 {
        let l95 = lower.get(1).unchecked_into::<Float64Array>().get_index(h);
        let u95 = upper.get(1).unchecked_into::<Float64Array>().get_index(h);
        assert!(l95 <= point[h as usize] && point[h as usize] <= u95);
    }
    // Same seed, same result; "auto" is "autoETS".
    let again = forecast(
        &arr(&y),
        &n(8.0),
        &opt(r#"{"model":"auto","levels":[0.8,0.95],"seed":5}"#),
    )
    .unwrap();
    assert_eq!(f64s(&again, "point"), point);
}

#[wasm_bindgen_test]
fn every_model_forecasts() {
    let y = seasonal(40);
    let cases = [
        (
            r#"{"model":"ets","spec":"AAdA","seasonLength":4}"#,
            "ETS(A,Ad,A)",
        ),
        (r#"{"model":"ets"}"#, "ETS(A,N,N)"),
        (r#"{"model":"theta","seasonLength":4}"#, "Theta"),
        (r#"{"model":"autoTheta"}"#, "Theta"),
        (r#"{"model":"croston"}"#, "Croston"),
        (r#"{"model":"sba"}"#, "SBA"),
        (r#"{"model":"tsb"}"#, "TSB"),
        (r#"{"model":"naive"}"#, "Naive"),
        (r#"{"model":"seasonalNaive"}"#, "SeasonalNaive(4)"),
        (r#"{"model":"drift"}"#, "Drift"),
        (r#"{"model":"windowAverage","window":4}"#, "WindowAverage"),
    ];
    for (opts, want) in cases {
        let out = forecast(&arr(&y), &n(3.0), &opt(opts)).unwrap();
        let model = get(&out, "model").as_string().unwrap();
        assert!(model.contains(want), "{opts}: {model}");
        assert!(f64s(&out, "point").iter().all(|v| v.is_finite()), "{opts}");
    }
    // A constant series: AutoETS's documented fallback, a flat forecast.
    let out = forecast(&arr(&[5.0; 10]), &n(3.0), &JsValue::UNDEFINED).unwrap();
    assert_eq!(f64s(&out, "point"), vec![5.0; 3]);
}

#[wasm_bindgen_test]
fn bad_forecast_arguments_throw_exact_messages() {
    let y = arr(&seasonal(40));
    let cases: Vec<(JsValue, f64, &str, &str)> = vec![
        (arr(&[]), 3.0, "{}", "invalid argument `values`: expected at least one value, got an empty array"),
        (arr(&[1.0, f64::INFINITY, 2.0]), 3.0, "{}", "invalid argument `values`: expected finite numbers, got Infinity at index 1"),
        (arr(&[1.0, f64::NEG_INFINITY]), 3.0, "{}", "invalid argument `values`: expected finite numbers, got -Infinity at index 1"),
        (y.clone(), 0.0, "{}", "invalid argument `horizon`: expected a whole number in [1, 10000], got 0"),
        (y.clone(), 3.0, r#"{"seasonLength":0}"#, "invalid argument `options.seasonLength`: expected a whole number in [1, 8784], got 0"),
        (y.clone(), 3.0, r#"{"seasonLength":41}"#, "invalid argument `options.seasonLength`: expected at most the series length (40), got 41"),
        (y.clone(), 3.0, r#"{"model":"prophet"}"#, "invalid argument `options.model`: expected one of \"auto\", \"autoETS\", \"autoETSWeighted\", \"ets\", \"theta\", \"optimizedTheta\", \"dynamicOptimizedTheta\", \"autoTheta\", \"croston\", \"sba\", \"tsb\", \"adida\", \"naive\", \"seasonalNaive\", \"drift\", \"windowAverage\", \"mstl\", \"ensemble\", \"arima\", \"autoARIMA\", got \"prophet\""),
        (y.clone(), 3.0, r#"{"model":"ets","spec":"AXN"}"#, "invalid argument `options.spec`: expected an ETS code: error A|M, trend N|A|Ad, season N|A|M (e.g. \"ANN\", \"AAdM\"), got \"AXN\""),
        (y.clone(), 3.0, r#"{"search":"slow"}"#, "invalid argument `options.search`: expected \"fast\" or \"statsforecast\", got \"slow\""),
        (y.clone(), 3.0, r#"{"spec":"ANN"}"#, "invalid argument `options.spec`: expected no spec unless options.model is \"ets\", got a spec with model \"autoETS\""),
        (arr(&[1.0, 2.0, 3.0, 4.0, 5.0, 6.0]), 3.0, r#"{"model":"ets","spec":"AAA"}"#, "invalid argument `options.seasonLength`: expected a season length >= 2 for the seasonal form ETS(A,A,A), got none given and none detected"),
        (arr(&seasonal(14)), 3.0, r#"{"model":"ets","spec":"AAA","seasonLength":12}"#, "invalid argument `values`: expected at least 19 points for ETS(A,A,A), got 14 points"),
        (arr(&[3.0, 1.0, -2.0, 4.0, 5.0, 6.0, 2.0]), 3.0, r#"{"model":"ets","spec":"MNN"}"#, "invalid argument `values`: expected strictly positive values for the multiplicative model ETS(M,N,N), got -2 at index 2"),
        (arr(&[2.0; 8]), 3.0, r#"{"model":"ets","spec":"ANN"}"#, "invalid argument `values`: expected a series that is not constant for ETS(A,N,N) (AutoEts falls back to a constant forecast), got 2 repeated 8 times"),
        (arr(&[1.0, 2.0, 3.0]), 3.0, "{}", "invalid argument `values`: expected at least 4 points for AutoEts (ETS(A,N,N) has 3 parameters), got 3 points"),
        (y.clone(), 3.0, r#"{"model":"windowAverage"}"#, "invalid argument `options.window`: expected a whole number in [1, 134217728] for \"windowAverage\", got none"),
        (y.clone(), 3.0, r#"{"window":3}"#, "invalid argument `options.window`: expected no window unless options.model is \"windowAverage\", got a window with model \"autoETS\""),
        (y.clone(), 3.0, r#"{"seed":1.5}"#, "invalid argument `options.seed`: expected a whole number in [0, 2^53 - 1], got 1.5"),
        (y.clone(), 3.0, r#"{"levels":[0]}"#, "invalid argument `options.levels[0]`: expected a number strictly between 0 and 1, got 0"),
        (y, 3.0, r#"{"seasonlength":4}"#, "invalid argument `options`: expected only the keys model, seasonLength, spec, search, window, order, seasonalOrder, includeMean, includeDrift, levels, seed, nonNegative, seasonLengths, frequency, timestamps, events, members, combine, intervals, conformalWindows, xreg, futureXreg, got unknown key `seasonlength` (did you mean `seasonLength`?)"),
    ];
    for (values, h, opts, want) in cases {
        let msg = thrown(forecast(&values, &n(h), &opt(opts)).unwrap_err());
        assert_eq!(msg, want, "options {opts}");
    }
}

#[wasm_bindgen_test]
fn batch_keeps_going_past_a_bad_series_and_reports_progress() {
    let a = seasonal(40);
    let b = seasonal(36);
    let mut values = a.clone();
    values.extend([1.0, f64::NAN, 3.0]);
    values.extend(&b);
    let offsets = Uint32Array::from(&[0u32, 40, 43, 79][..]);
    let calls = Array::new();
    let cb = Function::new_with_args("d, t", "this.push([d, t])").bind0(&calls);
    let out = forecast_batch_js(
        &arr(&values),
        &offsets,
        &n(5.0),
        &opt(r#"{"levels":[0.9],"seed":2}"#),
        &cb.into(),
    )
    .unwrap();
    assert_eq!(JSON::stringify(&calls).unwrap(), "[[1,3],[2,3],[3,3]]");
    assert_eq!(get(&out, "nSeries").as_f64(), Some(3.0));
    let point = f64s(&out, "point");
    assert_eq!(point.len(), 15);
    assert_eq!(f64s(&out, "lower").len(), 15);
    // Series 0 equals a single call with the same options.
    let single = forecast(&arr(&a), &n(5.0), &opt(r#"{"levels":[0.9],"seed":2}"#)).unwrap();
    assert_eq!(&point[..5], &f64s(&single, "point")[..]);
    assert_eq!(
        f64s(&out, "aicc")[0],
        get(&single, "aicc").as_f64().unwrap()
    );
    assert!(point[5..10].iter().all(|v| v.is_nan()));
    assert!(point[10..].iter().all(|v| v.is_finite()));
    let errors: Array = get(&out, "errors").dyn_into().unwrap();
    assert!(errors.get(0).is_null() && errors.get(2).is_null());
    assert_eq!(
        errors.get(1).as_string().unwrap(),
        "invalid argument `series[1].values`: expected finite numbers, got NaN at index 1"
    );
    let models: Array = get(&out, "model").dyn_into().unwrap();
    assert_eq!(models.get(1).as_string().unwrap(), "");
}

#[wasm_bindgen_test]
fn bad_batch_arguments_throw() {
    let v = arr(&[1.0, 2.0, 3.0, 4.0]);
    let cases: Vec<(JsValue, JsValue, &str, JsValue, &str)> = vec![
        (v.clone(), json("[0, 3]"), r#"{"model":"naive"}"#, JsValue::UNDEFINED, "invalid argument `offsets`: expected a last offset equal to values.length (4), got 3"),
        (v.clone(), json("[0, 3, 2, 4]"), r#"{"model":"naive"}"#, JsValue::UNDEFINED, "invalid argument `offsets`: expected non-decreasing offsets, got offsets[2] = 2 after offsets[1] = 3"),
        (v.clone(), json("[0, -1, 4]"), r#"{"model":"naive"}"#, JsValue::UNDEFINED, "invalid argument `offsets[1]`: expected a whole number in [0, 4294967295], got -1"),
        (v.clone(), JsValue::from_str("0,4"), r#"{"model":"naive"}"#, JsValue::UNDEFINED, "invalid argument `offsets`: expected a Uint32Array or an array of whole numbers, got a string"),
        (v.clone(), json("[0, 4]"), r#"{"model":"seasonalNaive"}"#, JsValue::UNDEFINED, "invalid argument `options.seasonLength`: expected a whole number >= 1 for \"seasonalNaive\" in a batch, got none"),
        (v, json("[0, 4]"), r#"{"model":"naive"}"#, JsValue::from_f64(3.0), "invalid argument `onProgress`: expected a function or undefined, got the number 3"),
    ];
    for (values, offsets, opts, cb, want) in cases {
        let msg =
            thrown(forecast_batch_js(&values, &offsets, &n(2.0), &opt(opts), &cb).unwrap_err());
        assert_eq!(msg, want);
    }
}

#[wasm_bindgen_test]
fn seasonality_accuracy_and_cross_validation() {
    let y = seasonal(48);
    assert_eq!(
        detect_seasonality(&arr(&y), &JsValue::UNDEFINED).unwrap(),
        4.0
    );
    assert_eq!(
        thrown(detect_seasonality(&arr(&[1.0, f64::NAN]), &JsValue::UNDEFINED).unwrap_err()),
        "invalid argument `values`: expected finite numbers, got NaN at index 1"
    );
    let acc = accuracy(
        &arr(&[1.0, 2.0, 3.0]),
        &arr(&[1.0, 2.0, 4.0]),
        &arr(&[1.0, 2.0, 3.0, 4.0]),
        &n(1.0),
        &opt(r#"{"lower":[0,0,0],"upper":[2,2,2]}"#),
    )
    .unwrap();
    assert!((get(&acc, "mae").as_f64().unwrap() - 1.0 / 3.0).abs() < 1e-12);
    assert!((get(&acc, "mase").as_f64().unwrap() - 1.0 / 3.0).abs() < 1e-12);
    assert!((get(&acc, "coverage").as_f64().unwrap() - 2.0 / 3.0).abs() < 1e-12);
    let acc = accuracy(
        &arr(&[1.0]),
        &arr(&[1.0]),
        &arr(&[1.0, 2.0]),
        &n(1.0),
        &JsValue::UNDEFINED,
    )
    .unwrap();
    assert!(get(&acc, "coverage").as_f64().unwrap().is_nan());
    assert_eq!(
        thrown(
            accuracy(
                &arr(&[1.0, 2.0]),
                &arr(&[1.0]),
                &arr(&[1.0, 2.0]),
                &n(1.0),
                &JsValue::UNDEFINED
            )
            .unwrap_err()
        ),
        "invalid argument `predicted`: expected as many values as `actual` (2), got 1 values"
    );
    assert_eq!(
        thrown(accuracy(&arr(&[1.0]), &arr(&[1.0]), &arr(&[3.0, 3.0, 3.0]), &n(1.0), &JsValue::UNDEFINED).unwrap_err()),
        "invalid argument `insample`: expected a series whose seasonal differences are not all zero (MASE divides by their mean), got a zero scale"
    );

    let cv = cross_validation_js(
        &arr(&y),
        &json(r#"{"model":"theta","horizon":4,"windows":3,"step":2,"levels":[0.9]}"#),
    )
    .unwrap();
    let cutoffs = get(&cv, "cutoffs")
        .dyn_into::<Uint32Array>()
        .unwrap()
        .to_vec();
    assert_eq!(cutoffs, vec![40, 42, 44]);
    assert_eq!(f64s(&cv, "point").len(), 12);
    assert_eq!(
        f64s(&cv, "actual"),
        [&y[40..44], &y[42..46], &y[44..48]].concat()
    );
    // The last window's forecast is a plain forecast from the first 44 points.
    let last = forecast(
        &arr(&y[..44]),
        &n(4.0),
        &opt(r#"{"model":"theta","seasonLength":4}"#),
    )
    .unwrap();
    assert_eq!(&f64s(&cv, "point")[8..], &f64s(&last, "point")[..]);
    assert_eq!(
        thrown(cross_validation_js(&arr(&y), &json(r#"{"horizon":30,"windows":10}"#)).unwrap_err()),
        "invalid argument `values`: expected at least 301 points for 10 windows of horizon 30 every 30 steps, got 48 points"
    );
    assert_eq!(
        thrown(cross_validation_js(&arr(&y), &json("{}")).unwrap_err()),
        "invalid argument `options.horizon`: expected a whole number in [1, 10000], got undefined"
    );
}

/// Issue #12: hostile sizes and values are refused with a named argument, never a trap.
#[wasm_bindgen_test]
fn hostile_sizes_and_values_are_refused_by_name() {
    let y = arr(&seasonal(40));
    let naive = || opt(r#"{"model":"naive"}"#);
    let horizon_cases: Vec<(JsValue, &str)> = vec![
        (n(4_294_967_295.0), "got 4294967295"),
        (n(1e9), "got 1000000000"),
        (n(-1.0), "got -1"),
        (n(f64::NAN), "got NaN"),
        (n(2.5), "got 2.5"),
        (JsValue::from_str("3"), "got a string"),
        (js_sys::BigInt::from(3u32).into(), "got a BigInt"),
        (JsValue::UNDEFINED, "got undefined"),
    ];
    for (h, got) in horizon_cases {
        let msg = thrown(forecast(&y, &h, &naive()).unwrap_err());
        assert_eq!(
            msg,
            format!("invalid argument `horizon`: expected a whole number in [1, 10000], {got}")
        );
        let msg = thrown(
            forecast_batch_js(&y, &json("[0, 40]"), &h, &naive(), &JsValue::UNDEFINED).unwrap_err(),
        );
        assert!(msg.starts_with("invalid argument `horizon`"), "{msg}");
    }
    let cases: Vec<(&str, &str)> = vec![
        (r#"{"horizon":4294967295,"windows":2,"step":3,"model":"naive"}"#, "invalid argument `options.horizon`: expected a whole number in [1, 10000], got 4294967295"),
        (r#"{"horizon":3,"windows":2,"step":4294967295,"model":"naive"}"#, "invalid argument `options.step`: expected a whole number in [1, 134217728], got 4294967295"),
        (r#"{"horizon":3,"windows":2,"step":41,"model":"naive"}"#, "invalid argument `options.step`: expected a whole number in [1, 40], got 41"),
        (r#"{"horizon":3,"windows":1000000000,"model":"naive"}"#, "invalid argument `options.windows`: expected a whole number in [1, 1000], got 1000000000"),
        (r#"{"horizon":3,"windows":1000,"step":1,"model":"naive"}"#, "invalid argument `values`: expected at least 1003 points for 1000 windows of horizon 3 every 1 steps, got 40 points"),
        (r#"{"horizon":3,"nonNegative":1}"#, "invalid argument `options.nonNegative`: expected a boolean, got the number 1"),
    ];
    for (opts, want) in cases {
        assert_eq!(
            thrown(cross_validation_js(&y, &json(opts)).unwrap_err()),
            want,
            "{opts}"
        );
    }
    let option_cases: Vec<(JsValue, &str)> = vec![
        (json(r#"{"seasonLength":4294967295}"#), "invalid argument `options.seasonLength`: expected a whole number in [1, 8784], got 4294967295"),
        (json(r#"{"model":"windowAverage","window":1e9}"#), "invalid argument `options.window`: expected a whole number in [1, 134217728], got 1000000000"),
        (json(r#"{"seed":-1}"#), "invalid argument `options.seed`: expected a whole number in [0, 2^53 - 1], got -1"),
        (json(r#"{"model":5}"#), "invalid argument `options.model`: expected a string, got the number 5"),
        (json(r#"{"levels":{"length":1e9}}"#), "invalid argument `options.levels`: expected an array of at most 100 levels, got 1000000000 levels"),
        (json(r#"{"levels":{"length":-1}}"#), "invalid argument `options.levels`: expected a Float64Array or an array of numbers, got an object"),
        (json(r#"{"levels":"0.9"}"#), "invalid argument `options.levels`: expected an array of at most 100 levels, got a string"),
        (JsValue::from_str("naive"), "invalid argument `options`: expected an options object, got a string"),
    ];
    for (opts, want) in option_cases {
        assert_eq!(thrown(forecast(&y, &n(3.0), &opts).unwrap_err()), want);
    }
    let big: Vec<f64> = vec![0.5; 101];
    let o = js_sys::Object::new();
    js_sys::Reflect::set(&o, &"levels".into(), &arr(&big)).unwrap();
    assert_eq!(
        thrown(forecast(&y, &n(3.0), &o.into()).unwrap_err()),
        "invalid argument `options.levels`: expected an array of at most 100 levels, got 101 levels"
    );
    assert_eq!(
        thrown(detect_seasonality(&y, &n(4_294_967_295.0)).unwrap_err()),
        "invalid argument `maxPeriod`: expected a whole number in [2, 8784], got 4294967295"
    );
    assert_eq!(
        thrown(accuracy(&y, &y, &y, &n(1e9), &JsValue::UNDEFINED).unwrap_err()),
        "invalid argument `seasonLength`: expected a whole number in [1, 8784], got 1000000000"
    );
    assert_eq!(
        thrown(accuracy(&y, &y, &y, &n(1.0), &n(3.0)).unwrap_err()),
        "invalid argument `interval`: expected an options object, got the number 3"
    );
    // A batch whose flat outputs would not fit is refused before anything is allocated.
    let offsets = Uint32Array::new_with_length(1 << 17);
    let msg = thrown(
        forecast_batch_js(
            &arr(&[]),
            &offsets,
            &n(10_000.0),
            &naive(),
            &JsValue::UNDEFINED,
        )
        .unwrap_err(),
    );
    assert!(
        msg.starts_with("invalid argument `horizon`: expected a batch of at most 33554432"),
        "{msg}"
    );
    // The module still works after all of that.
    assert!(forecast(&y, &n(3.0), &naive()).is_ok());
}

/// Issue #14: `nonNegative` clamps point forecasts and bounds at 0 in all three exports.
#[wasm_bindgen_test]
fn non_negative_clamps_forecasts_at_zero() {
    let falling: Vec<f64> = (0..12).map(|t| 22.0 - 2.0 * t as f64).collect();
    let y = arr(&falling);
    let raw = forecast(
        &y,
        &n(5.0),
        &opt(r#"{"model":"drift","levels":[0.9],"nonNegative":false}"#),
    )
    .unwrap();
    // Issue #15: the default clamps a non-negative history's forecasts.
    let default = forecast(&y, &n(5.0), &opt(r#"{"model":"drift","levels":[0.9]}"#)).unwrap();
    let out = forecast(
        &y,
        &n(5.0),
        &opt(r#"{"model":"drift","levels":[0.9],"nonNegative":true}"#),
    )
    .unwrap();
    let (rp, p) = (f64s(&raw, "point"), f64s(&out, "point"));
    assert!(rp.iter().any(|&v| v < 0.0));
    assert_eq!(p, rp.iter().map(|v| v.max(0.0)).collect::<Vec<_>>());
    assert_eq!(f64s(&default, "point"), p);
    let lower: Array = get(&out, "lower").dyn_into().unwrap();
    let lower = lower.get(0).unchecked_into::<Float64Array>().to_vec();
    assert!(lower.iter().all(|&v| v >= 0.0) && lower.contains(&0.0));
    let off = forecast(
        &y,
        &n(5.0),
        &opt(r#"{"model":"drift","levels":[0.9],"nonNegative":false}"#),
    )
    .unwrap();
    assert_eq!(f64s(&off, "point"), rp);
    let batch = forecast_batch_js(
        &y,
        &json("[0, 12]"),
        &n(5.0),
        &opt(r#"{"model":"drift","levels":[0.9],"nonNegative":true}"#),
        &JsValue::UNDEFINED,
    )
    .unwrap();
    assert_eq!(f64s(&batch, "point"), p);
    assert_eq!(f64s(&batch, "lower"), lower);
    let cv = cross_validation_js(
        &y,
        &json(r#"{"model":"drift","horizon":3,"windows":2,"step":1,"nonNegative":true}"#),
    )
    .unwrap();
    assert!(f64s(&cv, "point").iter().all(|&v| v >= 0.0));
}
