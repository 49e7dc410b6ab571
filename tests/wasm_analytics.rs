//! wasm-bindgen tests of the analytics JS face (segmentation, A/B tests, inventory), run in Node
//! and in headless Chromium: results, and bad arguments thrown as JS `Error`s with exact messages.
#![cfg(target_arch = "wasm32")]

mod common;
mod wasm_support;
use wasm_support::{get, json, thrown};

use edgewise::js::analytics as a;
use js_sys::{Array, Float32Array, Float64Array, Uint32Array, Uint8Array, JSON};
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_test::wasm_bindgen_test;

fn num(obj: &JsValue, path: &str) -> f64 {
    let mut v = obj.clone();
    for key in path.split('.') {
        v = get(&v, key);
    }
    v.as_f64()
        .unwrap_or_else(|| panic!("{path} is not a number"))
}

/// A JS number.
fn n(x: f64) -> JsValue {
    JsValue::from_f64(x)
}

fn f64s(v: &[f64]) -> JsValue {
    Float64Array::from(v).into()
}

/// Checks that every call failed with exactly its message; lists every mismatch at once.
fn check_messages<'a>(
    cases: impl IntoIterator<Item = (Result<(), wasm_bindgen::JsError>, &'a str)>,
) {
    let mut wrong = Vec::new();
    for (result, want) in cases {
        let msg = thrown(result.expect_err(want));
        if msg != want {
            wrong.push(format!("got  {msg}\nwant {want}"));
        }
    }
    assert!(wrong.is_empty(), "{}", wrong.join("\n"));
}

fn close(got: f64, want: f64, tol: f64) {
    assert!(
        (got - want).abs() <= tol * want.abs().max(1.0),
        "{got} vs {want}"
    );
}

/// The sklearn fixture's order log (tests/fixtures/analytics/orders.csv).
fn orders() -> (JsValue, JsValue, JsValue) {
    let (c, t, m) = common::order_columns(include_str!("fixtures/analytics/orders.csv"));
    (Uint32Array::from(c.as_slice()).into(), f64s(&t), f64s(&m))
}

#[wasm_bindgen_test]
fn rfm_table_matches_the_fixture() {
    let (c, t, m) = orders();
    let table = a::rfm(&c, &t, &m, &JsValue::UNDEFINED).unwrap();
    let customers: Uint32Array = get(&table, "customers").dyn_into().unwrap();
    let recency: Float64Array = get(&table, "recency").dyn_into().unwrap();
    let frequency: Float64Array = get(&table, "frequency").dyn_into().unwrap();
    let monetary: Float64Array = get(&table, "monetary").dyn_into().unwrap();
    let want = include_str!("fixtures/analytics/rfm_features.csv");
    let rows: Vec<Vec<f64>> = want
        .lines()
        .skip(1)
        .map(|l| l.split(',').map(|x| x.parse().unwrap()).collect())
        .collect();
    assert_eq!(customers.length() as usize, rows.len());
    for (i, r) in rows.iter().enumerate() {
        assert_eq!(customers.get_index(i as u32) as f64, r[0]);
        close(recency.get_index(i as u32), r[1], 1e-9);
        assert_eq!(frequency.get_index(i as u32), r[2]);
        close(monetary.get_index(i as u32), r[3], 1e-9);
    }
    let named: Uint8Array = get(&table, "named").dyn_into().unwrap();
    let names: Array = get(&table, "segmentNames").dyn_into().unwrap();
    assert_eq!(names.length(), 10);
    assert_eq!(names.get(0).as_string().unwrap(), "Champions");
    assert!(named.to_vec().iter().all(|&x| x < 10));
    let scores = get(&table, "scores");
    let r: Uint8Array = get(&scores, "recency").dyn_into().unwrap();
    assert!(r.to_vec().iter().all(|&s| (1..=5).contains(&s)));

    // Milliseconds give recency in days; 4 bins give no named segments.
    let ms = Float64Array::from(&[0.0, 86_400_000.0, 3.0 * 86_400_000.0][..]);
    let ids = json("[1, 2, 1]");
    let out = a::rfm(
        &ids,
        &ms,
        &f64s(&[5.0, 6.0, 7.0]),
        &json(r#"{"unit":"ms","bins":4}"#),
    )
    .unwrap();
    let rec: Float64Array = get(&out, "recency").dyn_into().unwrap();
    assert_eq!(rec.to_vec(), vec![0.0, 2.0]);
    assert_eq!(num(&out, "asOf"), 3.0);
    assert!(get(&out, "named").is_null());
}

#[wasm_bindgen_test]
fn segmentation_is_seeded_and_close_to_sklearn() {
    let (c, t, m) = orders();
    let table = a::rfm(&c, &t, &m, &JsValue::UNDEFINED).unwrap();
    let opts = || json(r#"{"k":4,"seed":1,"nInit":10}"#);
    let s = a::segment_rfm(&table, &opts()).unwrap();
    // sklearn's best inertia for k = 4 (tests/fixtures/analytics/kmeans_ref.csv).
    let ratio = num(&s, "inertia") / 616.4876677735153;
    assert!((0.995..=1.01).contains(&ratio), "inertia ratio {ratio}");
    let labels: Uint32Array = get(&s, "labels").dyn_into().unwrap();
    assert_eq!(labels.length(), 1200);
    let profiles: Array = get(&s, "profiles").dyn_into().unwrap();
    assert_eq!(profiles.length(), 4);
    let sizes: f64 = profiles.iter().map(|p| num(&p, "size")).sum();
    assert_eq!(sizes, 1200.0);
    let sil = num(&s, "silhouette");
    assert!(sil > 0.4 && sil < 0.7, "silhouette {sil}");
    // Same seed, same labels.
    let again: Uint32Array = get(&a::segment_rfm(&table, &opts()).unwrap(), "labels")
        .dyn_into()
        .unwrap();
    assert_eq!(labels.to_vec(), again.to_vec());

    // The points and the lower-level calls agree with the pipeline.
    let pts = a::rfm_points(&table).unwrap();
    assert_eq!(pts.length(), 3600);
    let km = a::kmeans(&pts.clone().into(), &n(3.0), &opts()).unwrap();
    let km_labels: Uint32Array = get(&km, "labels").dyn_into().unwrap();
    assert_eq!(km_labels.to_vec(), labels.to_vec());
    assert_eq!(num(&km, "inertia"), num(&s, "inertia"));
    let exact = a::silhouette(
        &pts.clone().into(),
        &n(3.0),
        &labels.clone().into(),
        &JsValue::UNDEFINED,
    )
    .unwrap();
    close(exact, sil, 1e-12);
    let e = a::elbow(
        &pts.into(),
        &n(3.0),
        &json(r#"{"kMin":2,"kMax":8,"nInit":4,"seed":0,"silhouetteSample":500}"#),
    )
    .unwrap();
    assert_eq!(num(&e, "suggestedK"), 4.0);
    let ks: Uint32Array = get(&e, "k").dyn_into().unwrap();
    assert_eq!(ks.to_vec(), vec![2, 3, 4, 5, 6, 7, 8]);
}

#[wasm_bindgen_test]
fn ab_test_known_answers() {
    // Fixture row: ztest,100,1000,130,1000,0.95,two-sided → z, p, ci (statsmodels).
    let test = json(
        r#"{"a":{"conversions":100,"visitors":1000},"b":{"conversions":130,"visitors":1000}}"#,
    );
    let r = a::ab_test(&test, &JsValue::UNDEFINED).unwrap();
    assert_eq!(get(&r, "verdict").as_string().unwrap(), "bBetter");
    close(num(&r, "ztest.z"), 2.102740605622114, 1e-10);
    close(num(&r, "ztest.pValue"), 0.03548845046647471, 1e-9);
    let ci: Array = get(&get(&r, "ztest"), "ci").dyn_into().unwrap();
    close(ci.get(0).as_f64().unwrap(), 0.0020679344393763656, 1e-9);
    close(ci.get(1).as_f64().unwrap(), 0.057932065560623636, 1e-9);
    let p = num(&r, "bayes.probBBetter");
    assert!(p > 0.97 && p < 0.99, "P(B>A) {p}");
    assert_eq!(get(&get(&r, "srm"), "mismatch").as_bool(), Some(false));
    // A lopsided split is flagged before any verdict on conversions.
    let skewed = json(
        r#"{"a":{"conversions":100,"visitors":1000},"b":{"conversions":130,"visitors":1200}}"#,
    );
    let r = a::ab_test(&skewed, &JsValue::UNDEFINED).unwrap();
    assert_eq!(
        get(&r, "verdict").as_string().unwrap(),
        "sampleRatioMismatch"
    );
    // ... unless that split was the design.
    let r = a::ab_test(&skewed, &json(r#"{"split":[5,6]}"#)).unwrap();
    assert_ne!(
        get(&r, "verdict").as_string().unwrap(),
        "sampleRatioMismatch"
    );

    let one_sided = a::proportion_test(&test, &json(r#"{"alternative":"greater"}"#)).unwrap();
    close(num(&one_sided, "pValue"), 0.017744225233237355, 1e-9);

    let w = a::welch_test(
        &f64s(&[1.0, 2.0, 3.0, 4.0]),
        &f64s(&[2.0, 4.0, 6.0, 8.0, 10.0]),
        &JsValue::UNDEFINED,
    )
    .unwrap();
    assert_eq!(num(&w, "diff"), 3.5);
    let n = a::sample_size(&json(r#"{"rateA":0.1,"rateB":0.12}"#), &JsValue::UNDEFINED).unwrap();
    assert!(num(&n, "nA") > 3000.0 && num(&n, "nA") < 4500.0);
    let pw = a::power(
        &json(r#"{"rateA":0.1,"rateB":0.12}"#),
        &JsValue::from_f64(num(&n, "nAExact")),
        &JsValue::UNDEFINED,
    )
    .unwrap();
    close(pw, 0.8, 1e-6);
    let srm = a::srm_check(&json("[5000, 5400]"), &json("[1, 1]"), &JsValue::UNDEFINED).unwrap();
    assert_eq!(get(&srm, "mismatch").as_bool(), Some(true));
}

#[wasm_bindgen_test]
fn inventory_from_forecasts() {
    let fc = edgewise::js::forecast::forecast(
        &f64s(&[10.0, 12.0, 11.0, 13.0, 12.0, 14.0]),
        &JsValue::from_f64(3.0),
        &json(r#"{"model":"naive","levels":[0.95]}"#),
    )
    .unwrap();
    let d = a::lead_time_demand(&fc, &n(2.0), &JsValue::UNDEFINED).unwrap();
    // Naive forecast 14 per period over 2 periods.
    close(num(&d, "mean"), 28.0, 1e-12);
    let sd = num(&d, "sd");
    assert!(sd > 0.0);
    let plan = a::inventory_plan(
        &JSON::parse(&format!(
            r#"{{"stock":[20, 40], "onOrder":[0, 5], "mean":[28, 28], "sd":[{sd}, {sd}]}}"#
        ))
        .unwrap(),
        &json(r#"{"serviceLevel":0.9}"#),
    )
    .unwrap();
    let rop: Float64Array = get(&plan, "reorderPoint").dyn_into().unwrap();
    close(rop.get_index(0), 28.0 + 1.2815515655446004 * sd, 1e-9);
    let risk: Float64Array = get(&plan, "stockoutRisk").dyn_into().unwrap();
    let stockout =
        a::stockout_risk(&json(&format!(r#"{{"mean":28,"sd":{sd}}}"#)), &n(20.0)).unwrap();
    assert_eq!(risk.get_index(0), stockout);
    let now: Uint8Array = get(&plan, "reorderNow").dyn_into().unwrap();
    assert_eq!(now.get_index(0), 1);
    // Interval input gives the same sd back.
    let by_interval = a::inventory_plan(
        &json(r#"{"stock":[100], "mean":[100], "lower":[60.800720309423], "upper":[139.199279690577], "level":0.95}"#),
        &JsValue::UNDEFINED,
    )
    .unwrap();
    let sd_col: Float64Array = get(&by_interval, "sdDemand").dyn_into().unwrap();
    close(sd_col.get_index(0), 20.0, 1e-9);

    let risks = a::supply_risks(
        &json("[100, 130]"),
        &json(r#"{"mean":[100, 100], "sd":[20, 20]}"#),
    )
    .unwrap();
    close(risks.get_index(0), 0.5, 1e-15);
    close(risks.get_index(1), 0.0668072012688581, 1e-12);
    let nv = a::newsvendor(&json(r#"{"mean":100,"sd":20}"#), &n(3.0), &n(1.0)).unwrap();
    close(num(&nv, "criticalRatio"), 0.75, 1e-15);
    close(
        num(&nv, "quantity"),
        100.0 + 20.0 * 0.6744897501960817,
        1e-9,
    );
    close(
        a::eoq(&n(1000.0), &n(50.0), &n(2.0)).unwrap(),
        223.60679774997897,
        1e-12,
    );
    let q = a::demand_from_quantiles(&json("[0.1, 0.5, 0.9]"), &json("[74.368, 100, 125.632]"))
        .unwrap();
    close(num(&q, "mean"), 100.0, 1e-9);
}

#[wasm_bindgen_test]
fn bad_arguments_throw_errors_that_name_the_argument() {
    let ids = || json("[1, 2]");
    let two = || f64s(&[1.0, 2.0]);
    let cases: Vec<(Result<JsValue, wasm_bindgen::JsError>, &str)> = vec![
        (a::rfm(&JsValue::from_str("x"), &two(), &two(), &JsValue::UNDEFINED),
         "invalid argument `customers`: expected a Uint32Array or an array of whole numbers, got a string"),
        (a::rfm(&json("[1, -2]"), &two(), &two(), &JsValue::UNDEFINED),
         "invalid argument `customers[1]`: expected a whole number in [0, 4294967295], got -2"),
        (a::rfm(&ids(), &f64s(&[1.0]), &two(), &JsValue::UNDEFINED),
         "invalid argument `timestamps`: expected one value per order (2), got 1 values"),
        (a::rfm(&ids(), &f64s(&[1.0, f64::NAN]), &two(), &JsValue::UNDEFINED),
         "invalid argument `timestamps`: expected finite numbers, got NaN at index 1"),
        (a::rfm(&ids(), &two(), &f64s(&[1.0, -5.0]), &JsValue::UNDEFINED),
         "invalid argument `amounts`: expected amounts >= 0 (leave refunds out of the log), got -5 at index 1"),
        (a::rfm(&json("[]"), &json("[]"), &json("[]"), &JsValue::UNDEFINED),
         "invalid argument `customers`: expected at least one value, got an empty array"),
        (a::rfm(&ids(), &two(), &two(), &json(r#"{"asOf":1}"#)),
         "invalid argument `options.asOf`: expected a time at or after the last order (2), got 1"),
        (a::rfm(&ids(), &two(), &two(), &json(r#"{"unit":"s"}"#)),
         r#"invalid argument `options.unit`: expected one of "days", "ms", got "s""#),
        (a::rfm(&ids(), &two(), &two(), &json(r#"{"bins":12}"#)),
         "invalid argument `options.bins`: expected a whole number in [2, 9], got 12"),
        (a::segment_rfm(&json(r#"{"recency":[1,2],"frequency":[1,2],"monetary":[1,2]}"#), &json(r#"{"k":3,"seed":1}"#)),
         "invalid argument `options.k`: expected a number of clusters between 1 and the number of points (2), got 3"),
        (a::segment_rfm(&json(r#"{"recency":[1,2],"frequency":[1],"monetary":[1,2]}"#), &JsValue::UNDEFINED),
         "invalid argument `table.frequency`: expected one value per shopper (2), got 1 values"),
        (a::segment_rfm(&json(r#"{"recency":[1,-2],"frequency":[1,1],"monetary":[1,2]}"#), &JsValue::UNDEFINED),
         "invalid argument `table.recency`: expected finite numbers >= 0, got -2 at index 1"),
        (a::segment_rfm(&json(r#"{"recency":[1,2],"frequency":[1,1],"monetary":[1,2]}"#), &json(r#"{"seed":-1}"#)),
         "invalid argument `options.seed`: expected a whole number in [0, 2^53 - 1], got -1"),
        (a::kmeans(&f64s(&[1.0, 2.0, 3.0]), &n(2.0), &json(r#"{"k":1,"seed":0}"#)),
         "invalid argument `points`: expected a length that is a multiple of dim (2), got 3 values"),
        (a::kmeans(&f64s(&[1.0, 2.0]), &n(1.0), &json(r#"{"k":1,"nInit":0}"#)),
         "invalid argument `options.nInit`: expected a whole number in [1, 1000], got 0"),
        (a::kmeans(&f64s(&[1.0, 2.0]), &n(1.0), &json(r#"{"kk":1}"#)),
         "invalid argument `options`: expected only the keys k, seed, nInit, maxIter, tol, got unknown key `kk` (did you mean `k`?)"),
        (a::elbow(&f64s(&[1.0, 2.0, 3.0, 4.0]), &n(1.0), &json(r#"{"kMin":2,"kMax":3}"#)),
         "invalid argument `options.kMax`: expected at least k_min + 2 (4) so the curve has a bend, got 3"),
        (a::ab_test(&json(r#"{"a":{"conversions":10,"visitors":0},"b":{"conversions":1,"visitors":10}}"#), &JsValue::UNDEFINED),
         "invalid argument `test.a.visitors`: expected at least 1 visitor, got 0"),
        (a::ab_test(&json(r#"{"a":{"conversions":10,"visitors":100},"b":{"conversions":11,"visitors":10}}"#), &JsValue::UNDEFINED),
         "invalid argument `test.b.conversions`: expected at most visitors (10), got 11"),
        (a::ab_test(&json(r#"{"a":{"conversions":1.5,"visitors":100},"b":{"conversions":1,"visitors":10}}"#), &JsValue::UNDEFINED),
         "invalid argument `test.a.conversions`: expected a whole number in [0, 2^53 - 1], got 1.5"),
        (a::ab_test(&json(r#"{"a":{"conversions":1,"visitors":100}}"#), &JsValue::UNDEFINED),
         "invalid argument `test.b`: expected an object, got undefined"),
        (a::ab_test(&json(r#"{"a":{"conversions":1,"visitors":100},"b":{"conversions":1,"visitors":10}}"#), &json(r#"{"level":95}"#)),
         "invalid argument `options.level`: expected a number strictly between 0 and 1, got 95"),
        (a::ab_test(&json(r#"{"a":{"conversions":1,"visitors":100},"b":{"conversions":1,"visitors":10}}"#), &json(r#"{"split":[1,0]}"#)),
         "invalid argument `options.split`: expected positive weights, got 0 at index 1"),
        (a::sample_size(&json(r#"{"rateA":0.1,"rateB":0.1}"#), &JsValue::UNDEFINED),
         "invalid argument `effect.rateB`: expected a rate different from rateA, got 0.1"),
        (a::sample_size(&json(r#"{"rateA":0.1,"rateB":0.2}"#), &json(r#"{"power":1}"#)),
         "invalid argument `options.power`: expected a number strictly between 0 and 1, got 1"),
        (a::welch_test(&f64s(&[1.0]), &two(), &JsValue::UNDEFINED),
         "invalid argument `a`: expected at least 2 observations, got 1 observations"),
        (a::srm_check(&json("[10, 10]"), &json("[1]"), &JsValue::UNDEFINED),
         "invalid argument `weights`: expected one weight per arm (2), got 1 weights"),
        (a::lead_time_demand(&json(r#"{"point":[],"sd":[]}"#), &n(1.0), &JsValue::UNDEFINED),
         "invalid argument `forecast.point`: expected at least one value, got an empty array"),
        (a::lead_time_demand(&json(r#"{"point":[1,2],"sd":[1,1]}"#), &n(-1.0), &JsValue::UNDEFINED),
         "invalid argument `leadTime`: expected a finite number > 0, got -1"),
        (a::lead_time_demand(&json(r#"{"point":[1,2],"sd":[1,1]}"#), &n(3.0), &JsValue::UNDEFINED),
         "invalid argument `leadTime`: expected at most the forecast horizon (2 periods), got 3"),
        (a::lead_time_demand(&json(r#"{"point":[1,2],"levels":[0.9],"lower":[[0,1]],"upper":[[2,3]]}"#), &n(1.0), &json(r#"{"level":0.8}"#)),
         "invalid argument `options.level`: expected one of the forecast's interval levels [0.9], got 0.8"),
        (a::inventory_plan(&json(r#"{"stock":[-1],"mean":[10],"sd":[2]}"#), &JsValue::UNDEFINED),
         "invalid argument `input.stock`: expected numbers in [0, 1e15], got -1 at index 0"),
        (a::inventory_plan(&json(r#"{"stock":[1, 2],"mean":[10],"sd":[2]}"#), &JsValue::UNDEFINED),
         "invalid argument `input.stock`: expected one value per SKU (1), got 2 values"),
        (a::inventory_plan(&json(r#"{"stock":[],"mean":[],"sd":[]}"#), &JsValue::UNDEFINED),
         "invalid argument `input.mean`: expected at least one value, got an empty array"),
        (a::inventory_plan(&json(r#"{"stock":[1],"mean":[10],"sd":[2]}"#), &json(r#"{"serviceLevel":1}"#)),
         "invalid argument `options.serviceLevel`: expected a number strictly between 0 and 1, got 1"),
        (a::inventory_plan(&json(r#"{"stock":[1],"mean":[10]}"#), &JsValue::UNDEFINED),
         "invalid argument `input`: expected the demand spread: `sd`, or `lower`, `upper` and `level`, got neither"),
        (a::inventory_plan(&json(r#"{"stock":[1],"mean":[10],"lower":[12],"upper":[8],"level":0.9}"#), &JsValue::UNDEFINED),
         "invalid argument `input.upper[0]`: expected a bound >= lower (12), got 8"),
        (a::newsvendor(&json(r#"{"mean":10,"sd":2}"#), &n(0.0), &n(1.0)),
         "invalid argument `underageCost`: expected a finite number > 0, got 0"),
        (a::newsvendor(&json(r#"{"mean":10}"#), &n(1.0), &n(1.0)),
         "invalid argument `demand.sd`: expected a number, got undefined"),
        (a::newsvendor(&json(r#"{"mean":-10,"sd":1}"#), &n(1.0), &n(1.0)),
         "invalid argument `demand.mean`: expected a number in [0, 1e15], got -10"),
        (a::supply_risks(&json("[1]"), &json(r#"{"mean":[1,2],"sd":[1,1]}"#)).map(Into::into),
         "invalid argument `stock`: expected one value per item (2), got 1 values"),
    ];
    let scalar_cases: Vec<(Result<f64, wasm_bindgen::JsError>, &str)> = vec![
        (
            a::stockout_risk(&json(r#"{"mean":10,"sd":2}"#), &n(-1.0)),
            "invalid argument `stock`: expected a number in [0, 1e15], got -1",
        ),
        (
            a::stockout_risk(&JsValue::from_f64(3.0), &n(1.0)),
            "invalid argument `demand`: expected an object, got the number 3",
        ),
        (
            a::eoq(&n(100.0), &n(10.0), &n(f64::NAN)),
            "invalid argument `holdingCost`: expected a finite number, got NaN",
        ),
        (
            a::power(&json(r#"{"delta":1,"sd":2}"#), &n(0.0), &JsValue::UNDEFINED),
            "invalid argument `nA`: expected a finite number of visitors > 0, got 0",
        ),
        (
            a::silhouette(
                &f64s(&[1.0, 2.0, 3.0]),
                &n(1.0),
                &json("[0, 1]"),
                &JsValue::UNDEFINED,
            ),
            "invalid argument `labels`: expected one label per point (3), got 2 labels",
        ),
    ];
    let all = cases
        .into_iter()
        .map(|(r, want)| (r.map(|_| ()), want))
        .chain(
            scalar_cases
                .into_iter()
                .map(|(r, want)| (r.map(|_| ()), want)),
        );
    check_messages(all);
    // Float32Array is accepted by kmeans as is.
    let pts = Float32Array::from(&[0.0f32, 0.0, 10.0, 10.0][..]);
    let km = a::kmeans(&pts.into(), &n(1.0), &json(r#"{"k":2,"seed":3}"#)).unwrap();
    assert_eq!(num(&km, "inertia"), 0.0);
}

/// Issue #12: hostile sizes are refused by name before any work, NaN is never returned, and the
/// module keeps working after every error.
#[wasm_bindgen_test]
fn hostile_sizes_and_extreme_values_are_refused_or_finite() {
    let pts = f64s(&[0.0, 0.0, 1.0, 1.0, 5.0, 5.0, 6.0, 6.0, 9.0, 9.0]);
    let table = || json(r#"{"recency":[1,2,3,4],"frequency":[1,2,3,4],"monetary":[1,2,3,4]}"#);
    let undef = &JsValue::UNDEFINED;
    let cases: Vec<(Result<JsValue, wasm_bindgen::JsError>, &str)> = vec![
        (a::elbow(&pts, &n(2.0), &json(r#"{"kMax":4294967295}"#)),
         "invalid argument `options.kMax`: expected a whole number in [1, 1024], got 4294967295"),
        (a::elbow(&pts, &n(2.0), &json(r#"{"kMin":4294967295,"kMax":3}"#)),
         "invalid argument `options.kMin`: expected a whole number in [1, 1024], got 4294967295"),
        (a::elbow(&pts, &n(2.0), &json(r#"{"kMin":1023,"kMax":1024}"#)),
         "invalid argument `options.kMin`: expected a whole number in [1, 1022], got 1023"),
        (a::elbow(&pts, &n(2.0), &json(r#"{"nInit":1e9}"#)),
         "invalid argument `options.nInit`: expected a whole number in [1, 1000], got 1000000000"),
        (a::kmeans(&pts, &n(2.0), &json(r#"{"nInit":1e9}"#)),
         "invalid argument `options.nInit`: expected a whole number in [1, 1000], got 1000000000"),
        (a::kmeans(&pts, &n(2.0), &json(r#"{"maxIter":1e9}"#)),
         "invalid argument `options.maxIter`: expected a whole number in [1, 100000], got 1000000000"),
        (a::kmeans(&pts, &n(2.0), &json(r#"{"k":4294967295}"#)),
         "invalid argument `options.k`: expected a whole number in [1, 1024], got 4294967295"),
        (a::segment_rfm(&table(), &json(r#"{"nInit":1e9}"#)),
         "invalid argument `options.nInit`: expected a whole number in [1, 1000], got 1000000000"),
        (a::segment_rfm(&table(), &json(r#"{"silhouetteSample":1e9}"#)),
         "invalid argument `options.silhouetteSample`: expected a whole number in [0, 20000], got 1000000000"),
        (a::segment_rfm(&table(), &json(r#"{"k":"2"}"#)),
         "invalid argument `options.k`: expected a whole number in [1, 1024], got a string"),
        (a::kmeans(&pts, &n(4_294_967_295.0), undef),
         "invalid argument `dim`: expected a whole number in [1, 65536], got 4294967295"),
        (a::kmeans(&pts, &JsValue::from_str("2"), undef),
         "invalid argument `dim`: expected a whole number in [1, 65536], got a string"),
        (a::kmeans(&pts, &js_sys::BigInt::from(2u32).into(), undef),
         "invalid argument `dim`: expected a whole number in [1, 65536], got a BigInt"),
        (a::kmeans(&pts, &n(f64::NAN), undef),
         "invalid argument `dim`: expected a whole number in [1, 65536], got NaN"),
        (a::kmeans(&json(r#"{"length":1e9}"#), &n(2.0), undef),
         "invalid argument `points`: expected a Float32Array or an array of numbers, got an object"),
        (a::kmeans(&pts, &n(2.0), &JsValue::from_str("k=2")),
         "invalid argument `options`: expected an options object, got a string"),
        (a::srm_check(&json("[500, 500]"), &json("[1e308, 1e-308]"), undef),
         "invalid argument `weights`: expected weights not so far below the largest that the expected count underflows to 0, got 1e-308 at index 1"),
        (a::inventory_plan(&json(r#"{"stock":[1e308],"mean":[10],"sd":[2]}"#), undef),
         "invalid argument `input.stock`: expected numbers in [0, 1e15], got 1e308 at index 0"),
        (a::inventory_plan(&json(r#"{"stock":[1],"mean":[1e308],"sd":[2]}"#), undef),
         "invalid argument `input.mean`: expected numbers in [0, 1e15], got 1e308 at index 0"),
        (a::supply_risks(&json("[1e308]"), &json(r#"{"mean":[1],"sd":[1]}"#)).map(Into::into),
         "invalid argument `stock`: expected numbers in [0, 1e15], got 1e308 at index 0"),
        (a::newsvendor(&json(r#"{"mean":10,"sd":2}"#), &n(1e308), &n(1e-308)),
         "invalid argument `overageCost`: expected costs within a factor of about 1e16 of each other (a critical ratio strictly between 0 and 1), got underage_cost 1e308, overage_cost 1e-308"),
        (a::ab_test(&json(r#"{"a":{"conversions":1,"visitors":10},"b":{"conversions":1,"visitors":10}}"#), &json(r#"{"split":{"length":1e9}}"#)),
         "invalid argument `options.split`: expected two weights [a, b], got an object"),
        (a::ab_test(&json(r#"{"a":{"conversions":1,"visitors":10},"b":{"conversions":1,"visitors":10}}"#), &json(r#"{"prior":{"alpha":1}}"#)),
         "invalid argument `options.prior.beta`: expected a number, got undefined"),
    ];
    check_messages(cases.into_iter().map(|(r, want)| (r.map(|_| ()), want)));
    // Zero conversions in A: the lift is null, everything else finite.
    let r = a::ab_test(
        &json(r#"{"a":{"conversions":0,"visitors":1000},"b":{"conversions":10,"visitors":1000}}"#),
        undef,
    )
    .unwrap();
    assert!(get(&get(&r, "ztest"), "lift").is_null());
    assert!(num(&r, "ztest.z").is_finite() && num(&r, "bayes.probBBetter").is_finite());
    // Weights of 1e308 are a valid design: scaled before they are summed.
    let srm = a::srm_check(&json("[500, 500]"), &json("[1e308, 1e308]"), undef).unwrap();
    assert_eq!(num(&srm, "chi2"), 0.0);
    assert_eq!(num(&srm, "pValue"), 1.0);
    // A tiny spread gives a risk of exactly 0 or 1, never NaN.
    let risks = a::supply_risks(
        &json("[1, 0]"),
        &json(r#"{"mean":[0, 1],"sd":[1e-308, 1e-308]}"#),
    )
    .unwrap();
    assert_eq!(risks.to_vec(), vec![0.0, 1.0]);
    // The module still works.
    assert!(a::kmeans(&pts, &n(2.0), &json(r#"{"k":2,"seed":1}"#)).is_ok());
}
