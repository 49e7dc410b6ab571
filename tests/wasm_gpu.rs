//! The GPU path in a browser: headless Chromium with WebGPU on SwiftShader
//! (`WASM_BINDGEN_USE_BROWSER=1 cargo test --target wasm32-unknown-unknown --features gpu --test wasm_gpu`,
//! webdriver.json passes `--enable-unsafe-webgpu`). Without a WebGPU adapter the tests FAIL with a
//! loud message, unless the build had `EDGEWISE_ALLOW_NO_GPU=1` in its environment.
#![cfg(all(target_arch = "wasm32", feature = "gpu"))]

use edgewise::compute::{
    topk_agree, Backend, CpuBackend, GpuBackend, Items, Matrix, QuantMatrix, SCORE_REL_TOL,
};
#[cfg(feature = "analytics")]
use edgewise::js::analytics as a;
use edgewise::js::gpu::{create_cpu_context, create_gpu_context};
use js_sys::{Float32Array, Promise, Reflect, Uint32Array};
use rand::Rng as _;
use wasm_bindgen::{JsCast, JsValue};
use wasm_bindgen_futures::JsFuture;
use wasm_bindgen_test::{console_log, wasm_bindgen_test, wasm_bindgen_test_configure};

wasm_bindgen_test_configure!(run_in_browser);

mod common;
mod wasm_support;
#[cfg(feature = "analytics")]
use common::{blobs, order_columns};
use wasm_support::get;
#[cfg(feature = "analytics")]
use wasm_support::{json, thrown};

fn no_gpu(why: &str) -> bool {
    if option_env!("EDGEWISE_ALLOW_NO_GPU") == Some("1") {
        console_log!(
            "!!!!!!!! WEBGPU TEST SKIPPED: {why}; EDGEWISE_ALLOW_NO_GPU=1, NOT RUN !!!!!!!!"
        );
        true
    } else {
        panic!(
            "!!!!!!!! NO WEBGPU ADAPTER: {why}. Run Chromium with --enable-unsafe-webgpu, or build \
             with EDGEWISE_ALLOW_NO_GPU=1 to skip (loudly) !!!!!!!!"
        )
    }
}

async fn gpu() -> Option<GpuBackend> {
    match GpuBackend::request().await {
        Ok(g) => {
            console_log!("WebGPU adapter: {:?}", g.info());
            Some(g)
        }
        Err(e) => {
            no_gpu(&e.to_string());
            None
        }
    }
}

/// `await createGpuContext(options)`, for options that must be accepted.
async fn context(options: JsValue) -> edgewise::js::gpu::GpuContext {
    match create_gpu_context(options).await {
        Ok(ctx) => ctx,
        Err(e) => panic!("createGpuContext rejected: {:?}", JsValue::from(e)),
    }
}

/// A JS `Float32Array` of `v` (what a page passes to the context).
fn f(v: &[f32]) -> JsValue {
    Float32Array::from(v).into()
}

/// A JS number.
fn n(x: f64) -> JsValue {
    JsValue::from_f64(x)
}

fn random(rng: &mut edgewise::rng::Rng, n: usize) -> Vec<f32> {
    (0..n).map(|_| rng.random_range(-1.0f32..1.0)).collect()
}

#[wasm_bindgen_test]
async fn webgpu_scores_topk_and_kmeans_agree_with_cpu() {
    let Some(g) = gpu().await else { return };
    let c = CpuBackend;
    let mut rng = edgewise::rng::seeded(31);
    for &(nu, ni, d) in &[(1usize, 1usize, 1usize), (65, 130, 17), (3, 4500, 32)] {
        let u = random(&mut rng, nu * d);
        let it = random(&mut rng, ni * d);
        let um = Matrix::new("users", &u, nu, d).unwrap();
        let items = Items::F32(Matrix::new("items", &it, ni, d).unwrap());
        let cs = c.scores(&um, &items).unwrap();
        let gs = g.scores_async(&um, &items).await.unwrap();
        let tol = SCORE_REL_TOL * d as f32;
        for (a, b) in cs.iter().zip(&gs) {
            assert!((a - b).abs() <= tol, "{nu}×{ni}×{d}: {a} vs {b}");
        }
        for k in [1usize, 10, ni + 2] {
            let ck = c.scores_top_k(&um, &items, k).unwrap();
            let gk = g.scores_top_k_async(&um, &items, k).await.unwrap();
            for (r, (a, b)) in ck.iter().zip(&gk).enumerate() {
                assert!(
                    topk_agree(a, b, tol, |i| cs[r * ni + i as usize]),
                    "{nu}×{ni}×{d} k={k} row {r}"
                );
            }
        }
        let (q, sc) = edgewise::compute::quant::quantize_rows(&it, d);
        let qi = Items::I8(QuantMatrix::new("items", &q, &sc, ni, d).unwrap());
        assert_eq!(
            c.scores(&um, &qi).unwrap(),
            g.scores_async(&um, &qi).await.unwrap()
        );
    }
    // Small integers: exact scores with many ties, which go to the lower index on both sides.
    let (nu, ni, d) = (9, 4500, 6);
    let u: Vec<f32> = (0..nu * d)
        .map(|_| rng.random_range(-2i32..3) as f32)
        .collect();
    let it: Vec<f32> = (0..ni * d)
        .map(|_| rng.random_range(-2i32..3) as f32)
        .collect();
    let um = Matrix::new("users", &u, nu, d).unwrap();
    let items = Items::F32(Matrix::new("items", &it, ni, d).unwrap());
    for k in [1usize, 63, 64, 65, 128] {
        assert_eq!(
            c.scores_top_k(&um, &items, k).unwrap(),
            g.scores_top_k_async(&um, &items, k).await.unwrap(),
            "ties k={k}"
        );
    }
    let p = random(&mut rng, 2000 * 6);
    let cc = random(&mut rng, 5 * 6);
    let pm = Matrix::new("points", &p, 2000, 6).unwrap();
    let cm = Matrix::new("centroids", &cc, 5, 6).unwrap();
    let a = c.kmeans_assign(&pm, &cm).unwrap();
    let b = g.kmeans_assign_async(&pm, &cm).await.unwrap();
    let same = a
        .labels
        .iter()
        .zip(&b.labels)
        .filter(|(x, y)| x == y)
        .count();
    assert!(same >= 1990, "{same} of 2000 labels agree");
    assert_eq!(b.counts.iter().sum::<u64>(), 2000);
    // The browser cannot block: the synchronous trait methods say so instead of hanging.
    let e = g.scores(&pm, &Items::F32(cm)).unwrap_err().to_string();
    assert!(e.contains("async"), "{e}");
}

#[wasm_bindgen_test]
async fn gpu_context_reports_the_adapter_and_falls_back_to_the_cpu() {
    let ctx = context(JsValue::UNDEFINED).await;
    if ctx.backend().unwrap() != "gpu" {
        no_gpu(&ctx.fallback_reason().unwrap().unwrap_or_default());
        return;
    }
    let info = ctx.adapter().unwrap();
    console_log!(
        "GpuContext adapter: {:?}",
        js_sys::JSON::stringify(&info).unwrap()
    );
    assert!(get(&info, "maxStorageBufferBindingSize").as_f64().unwrap() >= 1.0);
    assert!(ctx.fallback_reason().unwrap().is_none());
    let users = [1.0f32, 0.0, 0.0, 1.0];
    let items = [3.0f32, 1.0, 1.0, 3.0, 2.0, 2.0];
    let run = |p: Promise| async move { JsFuture::from(p).await.unwrap() };
    let out = run(ctx
        .scores_top_k(&f(&users), &f(&items), &n(2.0), &n(2.0))
        .unwrap())
    .await;
    assert_eq!(get(&out, "backend").as_string().unwrap(), "gpu");
    let idx: Uint32Array = get(&out, "indices").dyn_into().unwrap();
    assert_eq!(idx.to_vec(), vec![0, 2, 1, 2]);
    let sc: Float32Array = get(&out, "scores").dyn_into().unwrap();
    assert_eq!(sc.to_vec(), vec![3.0, 2.0, 3.0, 2.0]);
    // Concurrent calls on one context are queued, not refused.
    let all = js_sys::Array::new();
    for _ in 0..3 {
        all.push(
            &ctx.scores_top_k(&f(&users), &f(&items), &n(2.0), &n(1.0))
                .unwrap(),
        );
    }
    let outs: js_sys::Array = run(Promise::all(&all)).await.dyn_into().unwrap();
    for o in outs.iter() {
        let idx: Uint32Array = get(&o, "indices").dyn_into().unwrap();
        assert_eq!(idx.to_vec(), vec![0, 1]);
    }
    // A catalog set once, then scored for several user batches.
    assert!(
        ctx.top_k(&f(&users), &n(2.0)).is_err(),
        "topK before setItems must throw"
    );
    ctx.set_items(&f(&items), &n(2.0)).unwrap();
    let out = run(ctx.top_k(&f(&users), &n(2.0)).unwrap()).await;
    assert_eq!(get(&out, "backend").as_string().unwrap(), "gpu");
    let idx: Uint32Array = get(&out, "indices").dyn_into().unwrap();
    assert_eq!(idx.to_vec(), vec![0, 2, 1, 2]);
    // A CPU context answers the same call identically (what the dashboard compares).
    let cpu = create_cpu_context();
    assert_eq!(cpu.backend().unwrap(), "cpu");
    assert!(cpu
        .fallback_reason()
        .unwrap()
        .unwrap()
        .contains("createCpuContext"));
    let out = run(cpu
        .scores_top_k(&f(&users), &f(&items), &n(2.0), &n(2.0))
        .unwrap())
    .await;
    let cidx: Uint32Array = get(&out, "indices").dyn_into().unwrap();
    assert_eq!(cidx.to_vec(), vec![0, 2, 1, 2]);
    // Bad input is a thrown Error naming the argument.
    let e = ctx
        .scores_top_k(&f(&users), &f(&items[..5]), &n(2.0), &n(2.0))
        .err()
        .unwrap();
    let msg: String = JsValue::from(e)
        .dyn_into::<js_sys::Error>()
        .unwrap()
        .message()
        .into();
    assert!(msg.contains("`items`") && msg.contains("5 values"), "{msg}");
    // After the device goes away the same call is answered by the CPU, with the reason.
    ctx.destroy().unwrap();
    let out = run(ctx
        .scores_top_k(&f(&users), &f(&items), &n(2.0), &n(2.0))
        .unwrap())
    .await;
    assert_eq!(get(&out, "backend").as_string().unwrap(), "cpu");
    assert_eq!(ctx.backend().unwrap(), "cpu");
    let why = ctx.fallback_reason().unwrap().unwrap();
    assert!(why.contains("device lost"), "{why}");
    // The stored catalog keeps working on the CPU.
    let out = run(ctx.top_k(&f(&users), &n(2.0)).unwrap()).await;
    assert_eq!(get(&out, "backend").as_string().unwrap(), "cpu");
    let idx: Uint32Array = get(&out, "indices").dyn_into().unwrap();
    assert_eq!(idx.to_vec(), vec![0, 2, 1, 2]);
    let idx: Uint32Array = get(&out, "indices").dyn_into().unwrap();
    assert_eq!(idx.to_vec(), vec![0, 2, 1, 2]);
}

#[wasm_bindgen_test]
async fn without_navigator_gpu_the_context_runs_on_the_cpu_and_says_why() {
    // Hide `navigator.gpu` behind an own property for the length of this test.
    let nav = get(&js_sys::global(), "navigator");
    let desc = js_sys::Object::new();
    Reflect::set(&desc, &"value".into(), &JsValue::UNDEFINED).unwrap();
    Reflect::set(&desc, &"configurable".into(), &JsValue::TRUE).unwrap();
    Reflect::define_property(nav.unchecked_ref::<js_sys::Object>(), &"gpu".into(), &desc).unwrap();
    let ctx = context(JsValue::UNDEFINED).await;
    Reflect::delete_property(nav.unchecked_ref::<js_sys::Object>(), &"gpu".into()).unwrap();
    assert!(
        !get(&nav, "gpu").is_undefined(),
        "navigator.gpu must be back"
    );
    assert_eq!(ctx.backend().unwrap(), "cpu");
    let why = ctx.fallback_reason().unwrap().unwrap();
    assert!(why.contains("navigator.gpu is missing"), "{why}");
    assert!(ctx.adapter().unwrap().is_null());
    let users = [1.0f32, 0.0];
    let items = [3.0f32, 1.0, 1.0, 3.0];
    let out = JsFuture::from(
        ctx.scores_top_k(&f(&users), &f(&items), &n(2.0), &n(5.0))
            .unwrap(),
    )
    .await
    .unwrap();
    assert_eq!(get(&out, "backend").as_string().unwrap(), "cpu");
    assert_eq!(get(&out, "k").as_f64(), Some(2.0));
    let idx: Uint32Array = get(&out, "indices").dyn_into().unwrap();
    assert_eq!(idx.to_vec(), vec![0, 1]);
    let out = JsFuture::from(ctx.kmeans_assign(&f(&items), &f(&users), &n(2.0)).unwrap())
        .await
        .unwrap();
    let labels: Uint32Array = get(&out, "labels").dyn_into().unwrap();
    assert_eq!(labels.to_vec(), vec![0, 0]);
}

#[cfg(feature = "analytics")]
/// The dashboard's bundled order log as an RFM table (through the JS `rfm`).
fn bundled_table() -> JsValue {
    let (c, t, m) = order_columns(include_str!("../www/data/orders.csv"));
    a::rfm(
        &Uint32Array::from(c.as_slice()).into(),
        &js_sys::Float64Array::from(t.as_slice()).into(),
        &js_sys::Float64Array::from(m.as_slice()).into(),
        &JsValue::UNDEFINED,
    )
    .unwrap()
}

#[cfg(feature = "analytics")]
fn labels_of(o: &JsValue) -> Vec<u32> {
    get(o, "labels").dyn_into::<Uint32Array>().unwrap().to_vec()
}

#[cfg(feature = "analytics")]
fn rel_diff(x: &JsValue, y: &JsValue, key: &str) -> f64 {
    let (x, y) = (get(x, key).as_f64().unwrap(), get(y, key).as_f64().unwrap());
    (x - y).abs() / y.abs().max(1e-300)
}

#[cfg(feature = "analytics")]
#[wasm_bindgen_test]
async fn kmeans_and_segmentation_on_webgpu_agree_with_the_cpu_fit() {
    let ctx = context(JsValue::UNDEFINED).await;
    if ctx.backend().unwrap() != "gpu" {
        no_gpu(&ctx.fallback_reason().unwrap().unwrap_or_default());
        return;
    }
    let run = |p: Promise| async move { JsFuture::from(p).await.unwrap() };
    let mut rng = edgewise::rng::seeded(51);
    let pts: JsValue = Float32Array::from(blobs(&mut rng, 300, 4).as_slice()).into();
    let opts = || json(r#"{"k":3,"seed":2,"nInit":3}"#);
    let on_gpu = run(ctx.kmeans(&pts, &n(4.0), opts()).unwrap()).await;
    let cpu = a::kmeans(&pts, &n(4.0), &opts()).unwrap();
    assert_eq!(get(&on_gpu, "backend").as_string().unwrap(), "gpu");
    let adapter = get(&on_gpu, "adapter").as_string().unwrap();
    console_log!("GpuContext.kmeans ran on {adapter:?}");
    assert!(!adapter.is_empty());
    assert_eq!(
        adapter,
        get(&ctx.adapter().unwrap(), "label")
            .as_string()
            .unwrap_or_default()
    );
    assert!(get(&on_gpu, "fallbackReason").is_null());
    assert_eq!(labels_of(&on_gpu), labels_of(&cpu));
    assert!(rel_diff(&on_gpu, &cpu, "inertia") <= 1e-4);
    // The bundled order log, segmented on the GPU as the dashboard does it.
    let table = bundled_table();
    let sopts = || json(r#"{"k":4,"seed":1,"nInit":4,"silhouetteSample":500}"#);
    let seg_gpu = run(ctx.segment_rfm(&table, sopts()).unwrap()).await;
    let seg_cpu = a::segment_rfm(&table, &sopts()).unwrap();
    assert_eq!(get(&seg_gpu, "backend").as_string().unwrap(), "gpu");
    let (lg, lc) = (labels_of(&seg_gpu), labels_of(&seg_cpu));
    let same = lg.iter().zip(&lc).filter(|(x, y)| x == y).count();
    console_log!(
        "segmentRfm on the GPU: {same} of {} labels as on the CPU, inertia rel. diff {:e}",
        lc.len(),
        rel_diff(&seg_gpu, &seg_cpu, "inertia")
    );
    assert!(same >= lc.len() - lc.len() / 200, "{same} of {}", lc.len());
    assert!(rel_diff(&seg_gpu, &seg_cpu, "inertia") <= 1e-4);
    let profiles: js_sys::Array = get(&seg_gpu, "profiles").dyn_into().unwrap();
    assert_eq!(profiles.length(), 4);
    // Bad input throws synchronously, naming the argument.
    let ragged: JsValue = Float32Array::from(&[1.0f32, 2.0, 3.0][..]).into();
    let e = thrown(
        ctx.kmeans(&ragged, &n(2.0), JsValue::UNDEFINED)
            .unwrap_err(),
    );
    assert!(
        e.contains("`points`") && e.contains("multiple of dim"),
        "{e}"
    );
    let e = thrown(ctx.kmeans(&pts, &n(4.0), json(r#"{"k":901}"#)).unwrap_err());
    assert!(e.contains("`options.k`"), "{e}");
    let e = thrown(ctx.kmeans(&pts, &n(0.0), JsValue::UNDEFINED).unwrap_err());
    assert!(e.contains("`dim`"), "{e}");
    let bad = json(r#"{"recency":[1,2],"frequency":[1],"monetary":[1,2]}"#);
    let e = thrown(ctx.segment_rfm(&bad, JsValue::UNDEFINED).unwrap_err());
    assert!(e.contains("`table.frequency`"), "{e}");
    let e = thrown(ctx.segment_rfm(&table, json(r#"{"k":0}"#)).unwrap_err());
    assert!(e.contains("`options.k`"), "{e}");
    // After a device loss the same call runs on the CPU and says why.
    ctx.destroy().unwrap();
    let after = run(ctx.kmeans(&pts, &n(4.0), opts()).unwrap()).await;
    assert_eq!(get(&after, "backend").as_string().unwrap(), "cpu");
    assert!(get(&after, "adapter").is_null());
    let why = get(&after, "fallbackReason").as_string().unwrap();
    assert!(why.contains("device lost"), "{why}");
    assert_eq!(labels_of(&after), labels_of(&cpu));
}

#[cfg(feature = "analytics")]
#[wasm_bindgen_test]
async fn a_cpu_context_runs_kmeans_exactly_like_the_module_and_says_why() {
    let ctx = create_cpu_context();
    let mut rng = edgewise::rng::seeded(52);
    let pts: JsValue = Float32Array::from(blobs(&mut rng, 50, 2).as_slice()).into();
    let opts = || json(r#"{"k":3,"seed":4}"#);
    let out = JsFuture::from(ctx.kmeans(&pts, &n(2.0), opts()).unwrap())
        .await
        .unwrap();
    assert_eq!(get(&out, "backend").as_string().unwrap(), "cpu");
    assert!(get(&out, "adapter").is_null());
    let why = get(&out, "fallbackReason").as_string().unwrap();
    assert!(why.contains("createCpuContext"), "{why}");
    let cpu = a::kmeans(&pts, &n(2.0), &opts()).unwrap();
    assert_eq!(labels_of(&out), labels_of(&cpu));
    assert_eq!(get(&out, "inertia").as_f64(), get(&cpu, "inertia").as_f64());
    let table = bundled_table();
    let seg = JsFuture::from(ctx.segment_rfm(&table, json(r#"{"seed":3}"#)).unwrap())
        .await
        .unwrap();
    let want = a::segment_rfm(&table, &json(r#"{"seed":3}"#)).unwrap();
    assert_eq!(labels_of(&seg), labels_of(&want));
    assert_eq!(get(&seg, "backend").as_string().unwrap(), "cpu");
}

#[cfg(feature = "analytics")]
#[wasm_bindgen_test]
async fn a_call_over_the_buffer_cap_runs_on_the_cpu_and_the_context_stays_on_the_gpu() {
    let ctx = context(json(r#"{"maxBufferBytes":1024}"#)).await;
    if ctx.backend().unwrap() != "gpu" {
        no_gpu(&ctx.fallback_reason().unwrap().unwrap_or_default());
        return;
    }
    let run = |p: Promise| async move { JsFuture::from(p).await.unwrap() };
    let mut rng = edgewise::rng::seeded(53);
    // 3 centroids × 128 dimensions of partial sums (1536 bytes) exceed the 1024-byte cap.
    let pts: JsValue = Float32Array::from(blobs(&mut rng, 40, 128).as_slice()).into();
    let opts = || json(r#"{"k":3,"seed":2}"#);
    let out = run(ctx.kmeans(&pts, &n(128.0), opts()).unwrap()).await;
    assert_eq!(get(&out, "backend").as_string().unwrap(), "cpu");
    assert!(get(&out, "adapter").is_null());
    let why = get(&out, "fallbackReason").as_string().unwrap();
    assert!(
        why.contains("GPU could not run this call") && why.contains("buffer limit"),
        "{why}"
    );
    let cpu = a::kmeans(&pts, &n(128.0), &opts()).unwrap();
    assert_eq!(labels_of(&out), labels_of(&cpu));
    assert_eq!(get(&out, "inertia").as_f64(), get(&cpu, "inertia").as_f64());
    // The context stays on the GPU: a fit that fits runs there.
    assert_eq!(ctx.backend().unwrap(), "gpu");
    assert!(ctx.fallback_reason().unwrap().is_none());
    let small: JsValue = Float32Array::from(blobs(&mut rng, 50, 4).as_slice()).into();
    let out = run(ctx.kmeans(&small, &n(4.0), opts()).unwrap()).await;
    assert_eq!(get(&out, "backend").as_string().unwrap(), "gpu");
    assert!(get(&out, "fallbackReason").is_null());
    // Kernels too: a 512-float row (2048 bytes) is over the cap; the CPU answers, saying why.
    let (users, items) = (random(&mut rng, 2 * 512), random(&mut rng, 5 * 512));
    let out = run(ctx
        .scores_top_k(&f(&users), &f(&items), &n(512.0), &n(3.0))
        .unwrap())
    .await;
    assert_eq!(get(&out, "backend").as_string().unwrap(), "cpu");
    let why = get(&out, "fallbackReason").as_string().unwrap();
    assert!(why.contains("buffer limit"), "{why}");
    let want = CpuBackend
        .scores_top_k(
            &Matrix::new("users", &users, 2, 512).unwrap(),
            &Items::F32(Matrix::new("items", &items, 5, 512).unwrap()),
            3,
        )
        .unwrap();
    let idx: Uint32Array = get(&out, "indices").dyn_into().unwrap();
    let want_idx: Vec<u32> = want.iter().flatten().map(|h| h.index).collect();
    assert_eq!(idx.to_vec(), want_idx);
    // A catalog over the cap stays on the host; topK still answers.
    ctx.set_items(&f(&items), &n(512.0)).unwrap();
    let out = run(ctx.top_k(&f(&users), &n(3.0)).unwrap()).await;
    assert_eq!(get(&out, "backend").as_string().unwrap(), "cpu");
    let idx: Uint32Array = get(&out, "indices").dyn_into().unwrap();
    assert_eq!(idx.to_vec(), want_idx);
    // A small call on the GPU reports no reason.
    let out = run(ctx
        .scores_top_k(&f(&[1.0, 0.0]), &f(&[3.0, 1.0, 1.0, 3.0]), &n(2.0), &n(1.0))
        .unwrap())
    .await;
    assert_eq!(get(&out, "backend").as_string().unwrap(), "gpu");
    assert!(get(&out, "fallbackReason").is_null());
    // Bad options reject, naming the option.
    for (opts, want) in [
        (
            r#"{"maxBufferBytes":10}"#,
            "`options.maxBufferBytes`: expected a whole number in [1024, 4294967295], got 10",
        ),
        (r#"{"maxBuferBytes":2048}"#, "unknown key `maxBuferBytes`"),
    ] {
        match create_gpu_context(json(opts)).await {
            Ok(_) => panic!("{opts} must reject"),
            Err(e) => {
                let msg = thrown(e);
                assert!(msg.contains(want), "{msg}");
            }
        }
    }
}
