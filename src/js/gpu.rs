//! WebGPU for JS (feature `gpu`): `await createGpuContext()` gives a context that runs the
//! compute kernels on the GPU when `navigator.gpu` yields an adapter, and on the CPU otherwise —
//! with the reason reported. If the device is lost mid-session the context switches to the CPU,
//! records why, and the call that noticed is answered by the CPU. A call the GPU cannot run
//! (an operand over the buffer limit, a validation error) is answered by the CPU too, the
//! context staying on the GPU. Every result says which backend produced it and, on the CPU, why.
//!
//! Kernels: `scoresTopK`, `setItems` + `topK`, `scores`, `kmeansAssign` (one step). Whole
//! algorithms: `kmeans` and `segmentRfm`, the analytics calls of the same names with every Lloyd
//! assignment step awaited on the GPU (the core's `AsyncAssignStep`), points uploaded once per fit.

use std::cell::RefCell;
use std::rc::Rc;

use js_sys::{Float32Array, Float64Array, Promise, Reflect, Uint32Array};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::future_to_promise;

use super::obj::Obj;

#[cfg(feature = "analytics")]
use super::analytics::{
    kmeans_error, kmeans_input, kmeans_output, segment_input, segmentation_output,
};
use super::args::{self, object};
use crate::compute::{
    run_with_fallback, Backend, CpuBackend, GpuBackend, GpuItems, Hit, Items, Matrix, Ran, Session,
};
use crate::error::{Error, Result};
use crate::limits::{MAX_DIM, MAX_TOP_K};
#[cfg(feature = "analytics")]
use crate::segment::{segment_rfm_on_gpu_async, KMeansParams};

#[cfg(feature = "analytics")]
#[wasm_bindgen(typescript_custom_section)]
const TS_GPU: &str = r#"
/** Where a `GpuContext` k-means ran: added to the results of `GpuContext.kmeans` / `segmentRfm`. */
export interface ComputeRun {
  /** "gpu" when every Lloyd assignment step ran on the GPU, "cpu" otherwise. */
  backend: "gpu" | "cpu";
  /** The GPU adapter's readable name (`adapter().label`, e.g. "google swiftshader"), or null on the CPU. */
  adapter: string | null;
  /** Why the CPU ran it (no WebGPU, device lost, a CPU context, a call over the GPU's limits), or null on the GPU. */
  fallbackReason: string | null;
}
/** Options of `createGpuContext`. */
export interface GpuContextOptions {
  /** Cap on every GPU buffer, in bytes (at least 1024; the adapter's own limits still apply): bounds the page's GPU memory. Calls that cannot fit run on the CPU. */
  maxBufferBytes?: number;
}
"#;

const CONTEXT: &str = "GpuContext";

/// The state of one context, shared with the calls it has queued.
struct State {
    /// Where calls run (the GPU→CPU fallback policy lives in `compute::Session`).
    session: RefCell<Session>,
    /// A readable adapter name: wgpu's, else the browser's `GPUAdapterInfo` (see `adapter_label`).
    label: String,
    /// The catalog set by `setItems`, kept on the GPU (and on the host for the CPU fallback).
    items: RefCell<Option<Rc<Stored>>>,
    /// The promise of the latest call: each call starts after the previous one settles, so
    /// `Promise.all([...])` over one context works (the backend runs one call at a time).
    last: RefCell<Option<Promise>>,
}

/// Items set once with `setItems`.
struct Stored {
    host: Operand,
    gpu: Option<GpuItems>,
}

/// A row-major f32 operand of `dim` columns, read from JS and validated once (shape and
/// finiteness) so a queued call can own it; later uses skip the checks.
struct Operand {
    data: Vec<f32>,
    rows: usize,
    dim: usize,
}

impl Operand {
    /// Reads argument `arg` (a `Float32Array` or an array of numbers) as rows of `dim` values.
    fn read(arg: &str, v: &JsValue, dim: usize) -> Result<Self> {
        let data = args::f32_vec(arg, v)?;
        if data.len() % dim != 0 {
            return Err(Error::invalid(
                arg,
                format!("a multiple of dim = {dim} values (row-major rows)"),
                format!("{} values", data.len()),
            ));
        }
        let rows = data.len() / dim;
        Matrix::new(arg, &data, rows, dim)?;
        Ok(Operand { data, rows, dim })
    }

    fn matrix(&self) -> Matrix<'_> {
        Matrix::trusted(&self.data, self.rows, self.dim)
    }
}

/// Compute context: GPU (WebGPU) when available, else the CPU; see [`create_gpu_context`].
#[wasm_bindgen]
pub struct GpuContext {
    obj: Obj,
}

fn navigator_gpu() -> bool {
    let global = js_sys::global();
    Reflect::get(&global, &"navigator".into())
        .ok()
        .filter(|n| n.is_object())
        .and_then(|n| Reflect::get(&n, &"gpu".into()).ok())
        .is_some_and(|g| !g.is_undefined() && !g.is_null())
}

/// A string property of a JS object, or "" when it is missing.
fn js_string(obj: &JsValue, key: &str) -> String {
    Reflect::get(obj, &key.into())
        .ok()
        .and_then(|v| v.as_string())
        .unwrap_or_default()
}

/// A readable name for the adapter: wgpu's name where it has one (native, or a browser that
/// fills `GPUAdapterInfo.description`); otherwise the browser's `vendor architecture` of the
/// default high-performance adapter (e.g. `google swiftshader`); otherwise a generic name.
async fn adapter_label(info: &crate::compute::GpuInfo) -> String {
    if !info.name.is_empty() {
        return info.name.clone();
    }
    let from_browser = async {
        let gpu = Reflect::get(
            &Reflect::get(&js_sys::global(), &"navigator".into()).ok()?,
            &"gpu".into(),
        )
        .ok()?;
        let request: js_sys::Function = Reflect::get(&gpu, &"requestAdapter".into())
            .ok()?
            .dyn_into()
            .ok()?;
        let opts = object(&[("powerPreference", "high-performance".into())]);
        let promise: Promise = request.call1(&gpu, &opts).ok()?.dyn_into().ok()?;
        let adapter = wasm_bindgen_futures::JsFuture::from(promise).await.ok()?;
        let ai = Reflect::get(&adapter, &"info".into()).ok()?;
        let description = js_string(&ai, "description");
        if !description.is_empty() {
            return Some(description);
        }
        let parts = [js_string(&ai, "vendor"), js_string(&ai, "architecture")];
        let joined = parts
            .iter()
            .filter(|p| !p.is_empty())
            .cloned()
            .collect::<Vec<_>>()
            .join(" ");
        (!joined.is_empty()).then_some(joined)
    };
    match from_browser.await {
        Some(l) => l,
        None if info.device_type == "Cpu" => "WebGPU software adapter".into(),
        None => "WebGPU adapter".into(),
    }
}

/// Reads `options.maxBufferBytes` of [`create_gpu_context`].
fn max_buffer_bytes(options: &JsValue) -> Result<Option<usize>> {
    if options.is_undefined() || options.is_null() {
        return Ok(None);
    }
    args::record("options", options, &["maxBufferBytes"])?;
    let v = Reflect::get(options, &"maxBufferBytes".into()).map_err(|_| {
        Error::invalid(
            "options.maxBufferBytes",
            "a readable value",
            "a getter that threw",
        )
    })?;
    if v.is_undefined() {
        return Ok(None);
    }
    args::count_js("options.maxBufferBytes", &v, 1024, u32::MAX as usize).map(Some)
}

/// Resolves to a [`GpuContext`]: on the GPU when `navigator.gpu` gives an adapter and device,
/// otherwise on the CPU with `fallbackReason` saying why. Rejects only for bad `options`
/// (`{maxBufferBytes}`, see `GpuContextOptions`), never for a missing or failing GPU.
#[wasm_bindgen(js_name = createGpuContext)]
pub async fn create_gpu_context(
    #[wasm_bindgen(unchecked_optional_param_type = "GpuContextOptions")] options: JsValue,
) -> std::result::Result<GpuContext, JsError> {
    let cap = max_buffer_bytes(&options)?;
    let session = if !navigator_gpu() {
        Session::on_cpu("navigator.gpu is missing: this browser or context has no WebGPU")
    } else {
        match GpuBackend::request().await {
            Ok(mut g) => {
                if let Some(cap) = cap {
                    g.set_max_chunk_bytes(cap as u64);
                }
                Session::on_gpu(g)
            }
            Err(e) => Session::on_cpu(e.to_string()),
        }
    };
    let mut session = session;
    let label = match session.gpu() {
        Some(g) => adapter_label(g.info()).await,
        None => String::new(),
    };
    Ok(GpuContext::new(session, label))
}

/// A context that always runs on the CPU (`fallbackReason` says it was asked for), e.g. to
/// time and check the GPU context against the CPU on the same inputs.
#[wasm_bindgen(js_name = createCpuContext)]
pub fn create_cpu_context() -> GpuContext {
    GpuContext::new(
        Session::on_cpu("a CPU context was requested (createCpuContext)"),
        String::new(),
    )
}

fn js_err(e: Error) -> JsValue {
    JsError::new(&e.to_string()).into()
}

fn hits_output(rows: &[Vec<Hit>], ran: &Ran) -> JsValue {
    let k = rows.first().map_or(0, Vec::len);
    let idx: Vec<u32> = rows.iter().flatten().map(|h| h.index).collect();
    let sc: Vec<f32> = rows.iter().flatten().map(|h| h.score).collect();
    object(&[
        ("backend", ran.backend().into()),
        ("fallbackReason", reason_value(ran)),
        ("k", JsValue::from_f64(k as f64)),
        ("indices", Uint32Array::from(idx.as_slice()).into()),
        ("scores", Float32Array::from(sc.as_slice()).into()),
    ])
}

/// A call's `fallbackReason`: a string on the CPU, `null` on the GPU.
fn reason_value(ran: &Ran) -> JsValue {
    ran.reason
        .as_deref()
        .map_or(JsValue::NULL, JsValue::from_str)
}

/// Adds `backend`, `adapter` and `fallbackReason` (see `ComputeRun`) to a result object.
#[cfg(feature = "analytics")]
fn with_run(out: JsValue, ran: &Ran, state: &State) -> JsValue {
    let adapter = if ran.on_gpu {
        JsValue::from_str(&state.label)
    } else {
        JsValue::NULL
    };
    for (k, v) in [
        ("backend", JsValue::from_str(ran.backend())),
        ("adapter", adapter),
        ("fallbackReason", reason_value(ran)),
    ] {
        // Setting a property on the fresh result object cannot fail.
        let _ = Reflect::set(&out, &k.into(), &v);
    }
    out
}

/// Reads a `dim` argument.
fn dim_arg(v: &JsValue) -> Result<usize> {
    args::count_js("dim", v, 1, MAX_DIM)
}

/// Reads a `k` argument.
fn k_arg(v: &JsValue) -> Result<usize> {
    args::count_js("k", v, 1, MAX_TOP_K)
}

impl GpuContext {
    fn new(session: Session, label: String) -> Self {
        let state = State {
            session: RefCell::new(session),
            label,
            items: RefCell::new(None),
            last: RefCell::new(None),
        };
        GpuContext {
            obj: Obj::new(CONTEXT, Rc::new(state)),
        }
    }

    /// The shared state (an error when this object is not a live `GpuContext`).
    fn state(&self) -> Result<Rc<State>> {
        self.obj.with(CONTEXT, |s: &Rc<State>| Ok(Rc::clone(s)))
    }

    /// Runs `fut` after every earlier call of this context has settled; returns its promise.
    fn queue(
        state: &State,
        fut: impl std::future::Future<Output = std::result::Result<JsValue, JsValue>> + 'static,
    ) -> Promise {
        let prev = state.last.borrow_mut().take();
        let p = future_to_promise(async move {
            if let Some(prev) = prev {
                // Only the order matters here; the earlier call reports its own outcome.
                let _ = wasm_bindgen_futures::JsFuture::from(prev).await;
            }
            fut.await
        });
        *state.last.borrow_mut() = Some(p.clone());
        p
    }
}

/// The result type of the kernel calls.
type Queued = std::result::Result<Promise, JsError>;

#[wasm_bindgen]
impl GpuContext {
    /// `"gpu"` or `"cpu"`: where the next call runs.
    #[wasm_bindgen(getter)]
    pub fn backend(&self) -> Result<String, JsError> {
        let on_gpu = self.state()?.session.borrow_mut().gpu().is_some();
        Ok(if on_gpu { "gpu" } else { "cpu" }.into())
    }

    /// Why the CPU is used (no `navigator.gpu`, no adapter, device lost), or `undefined`.
    #[wasm_bindgen(getter, js_name = fallbackReason)]
    pub fn fallback_reason(&self) -> Result<Option<String>, JsError> {
        Ok(self.state()?.session.borrow_mut().reason())
    }

    /// The adapter and its limits (`{name, label, backend, deviceType, driver, driverInfo,
    /// maxStorageBufferBindingSize, maxBufferSize, maxComputeWorkgroupStorageSize,
    /// maxComputeWorkgroupsPerDimension, shaderF16}`), or `null` on the CPU. `name` is wgpu's
    /// (empty in browsers that hide it); `label` is always readable (e.g. `google swiftshader`).
    pub fn adapter(&self) -> Result<JsValue, JsError> {
        let s = self.state()?;
        let Some(g) = s.session.borrow_mut().gpu() else {
            return Ok(JsValue::NULL);
        };
        let i = g.info();
        Ok(object(&[
            ("name", i.name.as_str().into()),
            ("label", s.label.as_str().into()),
            ("backend", i.backend.as_str().into()),
            ("deviceType", i.device_type.as_str().into()),
            ("driver", i.driver.as_str().into()),
            ("driverInfo", i.driver_info.as_str().into()),
            (
                "maxStorageBufferBindingSize",
                JsValue::from_f64(i.max_storage_buffer_binding_size as f64),
            ),
            ("maxBufferSize", JsValue::from_f64(i.max_buffer_size as f64)),
            (
                "maxComputeWorkgroupStorageSize",
                JsValue::from_f64(f64::from(i.max_compute_workgroup_storage_size)),
            ),
            (
                "maxComputeWorkgroupsPerDimension",
                JsValue::from_f64(f64::from(i.max_compute_workgroups_per_dimension)),
            ),
            ("shaderF16", i.shader_f16.into()),
        ]))
    }

    /// Releases the GPU device now, exactly as if it were lost: later calls run on the CPU and
    /// `fallbackReason` says why.
    pub fn destroy(&self) -> Result<(), JsError> {
        if let Some(g) = self.state()?.session.borrow_mut().gpu() {
            g.destroy();
        }
        Ok(())
    }

    /// Top-`k` items per user of `users · itemsᵀ` (both row-major with `dim` columns). Resolves to
    /// `{backend, fallbackReason, k, indices: Uint32Array, scores: Float32Array}`, `k` entries per user (fewer
    /// when there are fewer items), best first.
    #[wasm_bindgen(js_name = scoresTopK, unchecked_return_type = "Promise<{backend: string, fallbackReason: string | null, k: number, indices: Uint32Array, scores: Float32Array}>")]
    pub fn scores_top_k(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Float32Array | number[]")] users: &JsValue,
        #[wasm_bindgen(unchecked_param_type = "Float32Array | number[]")] items: &JsValue,
        #[wasm_bindgen(unchecked_param_type = "number")] dim: &JsValue,
        #[wasm_bindgen(unchecked_param_type = "number")] k: &JsValue,
    ) -> Queued {
        let (dim, k) = (dim_arg(dim)?, k_arg(k)?);
        let (u, it) = (
            Operand::read("users", users, dim)?,
            Operand::read("items", items, dim)?,
        );
        let state = self.state()?;
        let st = Rc::clone(&state);
        Ok(Self::queue(&state, async move {
            let um = u.matrix();
            let items = Items::F32(it.matrix());
            let (rows, ran) = run_with_fallback(
                &st.session,
                |g| async move { g.scores_top_k_async(&um, &items, k).await },
                || CpuBackend.scores_top_k(&um, &items, k),
            )
            .await
            .map_err(js_err)?;
            Ok(hits_output(&rows, &ran))
        }))
    }

    /// Keeps a catalog (`items`, row-major with `dim` columns) for [`GpuContext::top_k`]: uploaded
    /// to the GPU once, so each later call sends only the users. Replaces any earlier catalog.
    #[wasm_bindgen(js_name = setItems)]
    pub fn set_items(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Float32Array | number[]")] items: &JsValue,
        #[wasm_bindgen(unchecked_param_type = "number")] dim: &JsValue,
    ) -> std::result::Result<(), JsError> {
        let dim = dim_arg(dim)?;
        let host = Operand::read("items", items, dim)?;
        let state = self.state()?;
        // A catalog the GPU cannot hold stays on the host: `topK` then scores it in chunks, or
        // on the CPU, and says so.
        let gpu = match state.session.borrow_mut().gpu() {
            Some(g) => match g.upload_items(&Items::F32(host.matrix())) {
                Ok(gi) => Some(gi),
                Err(Error::Unsupported(_)) => None,
                Err(e) => return Err(e.into()),
            },
            None => None,
        };
        *state.items.borrow_mut() = Some(Rc::new(Stored { host, gpu }));
        Ok(())
    }

    /// Top-`k` items of the `setItems` catalog per user. Resolves like
    /// [`GpuContext::scores_top_k`].
    #[wasm_bindgen(
        js_name = topK,
        unchecked_return_type = "Promise<{backend: string, fallbackReason: string | null, k: number, indices: Uint32Array, scores: Float32Array}>"
    )]
    pub fn top_k(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Float32Array | number[]")] users: &JsValue,
        #[wasm_bindgen(unchecked_param_type = "number")] k: &JsValue,
    ) -> Queued {
        let k = k_arg(k)?;
        let state = self.state()?;
        let stored = state.items.borrow().clone().ok_or_else(|| {
            Error::invalid(
                "items",
                "a catalog set with setItems(items, dim) first",
                "none",
            )
        })?;
        let u = Operand::read("users", users, stored.host.dim)?;
        let st = Rc::clone(&state);
        Ok(Self::queue(&state, async move {
            let um = u.matrix();
            let items = Items::F32(stored.host.matrix());
            let on_gpu = Rc::clone(&stored);
            let (rows, ran) = run_with_fallback(
                &st.session,
                |g| async move {
                    match &on_gpu.gpu {
                        Some(gi) => g.resident_top_k_async(&um, gi, k).await,
                        None => g.scores_top_k_async(&um, &items, k).await,
                    }
                },
                || CpuBackend.scores_top_k(&um, &items, k),
            )
            .await
            .map_err(js_err)?;
            Ok(hits_output(&rows, &ran))
        }))
    }

    /// The full `users × items` score matrix (row-major). Resolves to
    /// `{backend, fallbackReason, scores: Float32Array}`.
    #[wasm_bindgen(
        unchecked_return_type = "Promise<{backend: string, fallbackReason: string | null, scores: Float32Array}>"
    )]
    pub fn scores(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Float32Array | number[]")] users: &JsValue,
        #[wasm_bindgen(unchecked_param_type = "Float32Array | number[]")] items: &JsValue,
        #[wasm_bindgen(unchecked_param_type = "number")] dim: &JsValue,
    ) -> Queued {
        let dim = dim_arg(dim)?;
        let (u, it) = (
            Operand::read("users", users, dim)?,
            Operand::read("items", items, dim)?,
        );
        let state = self.state()?;
        let st = Rc::clone(&state);
        Ok(Self::queue(&state, async move {
            let um = u.matrix();
            let items = Items::F32(it.matrix());
            let (s, ran) = run_with_fallback(
                &st.session,
                |g| async move { g.scores_async(&um, &items).await },
                || CpuBackend.scores(&um, &items),
            )
            .await
            .map_err(js_err)?;
            Ok(object(&[
                ("backend", ran.backend().into()),
                ("fallbackReason", reason_value(&ran)),
                ("scores", Float32Array::from(s.as_slice()).into()),
            ]))
        }))
    }

    /// One k-means assignment step. Resolves to `{backend, fallbackReason, labels: Uint32Array, distances:
    /// Float32Array, sums: Float64Array (k × dim), counts: Float64Array, inertia}`.
    #[wasm_bindgen(js_name = kmeansAssign, unchecked_return_type = "Promise<{backend: string, fallbackReason: string | null, labels: Uint32Array, distances: Float32Array, sums: Float64Array, counts: Float64Array, inertia: number}>")]
    pub fn kmeans_assign(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Float32Array | number[]")] points: &JsValue,
        #[wasm_bindgen(unchecked_param_type = "Float32Array | number[]")] centroids: &JsValue,
        #[wasm_bindgen(unchecked_param_type = "number")] dim: &JsValue,
    ) -> Queued {
        let dim = dim_arg(dim)?;
        let p = Operand::read("points", points, dim)?;
        let c = Operand::read("centroids", centroids, dim)?;
        let state = self.state()?;
        let st = Rc::clone(&state);
        Ok(Self::queue(&state, async move {
            let (pm, cm) = (p.matrix(), c.matrix());
            let (a, ran) = run_with_fallback(
                &st.session,
                |g| async move { g.kmeans_assign_async(&pm, &cm).await },
                || CpuBackend.kmeans_assign(&pm, &cm),
            )
            .await
            .map_err(js_err)?;
            let counts: Vec<f64> = a.counts.iter().map(|&c| c as f64).collect();
            Ok(object(&[
                ("backend", ran.backend().into()),
                ("fallbackReason", reason_value(&ran)),
                ("labels", Uint32Array::from(a.labels.as_slice()).into()),
                (
                    "distances",
                    Float32Array::from(a.distances.as_slice()).into(),
                ),
                ("sums", Float64Array::from(a.sums.as_slice()).into()),
                ("counts", Float64Array::from(counts.as_slice()).into()),
                ("inertia", JsValue::from_f64(a.inertia)),
            ]))
        }))
    }
}

/// The analytics engine's k-means on the context (feature `analytics`).
#[cfg(feature = "analytics")]
#[wasm_bindgen]
impl GpuContext {
    /// k-means like the module's `kmeans(points, dim, options)` (same options, same result
    /// fields), with every Lloyd assignment step on the GPU: the points are uploaded once per
    /// fit, each iteration sends the centroids and reads back labels, distances and per-cluster
    /// sums. On the CPU context (or after a device loss) it runs the CPU fit and says why.
    /// Labels agree with the CPU fit on well-separated data; the inertia within a relative 1e-4
    /// (GPU distances are summed in f32). Bad input throws, naming the argument.
    #[wasm_bindgen(unchecked_return_type = "Promise<KMeansResult & ComputeRun>")]
    pub fn kmeans(
        &self,
        #[wasm_bindgen(unchecked_param_type = "Float32Array | Numbers")] points: &JsValue,
        #[wasm_bindgen(unchecked_param_type = "number")] dim: &JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "KMeansOptions")] options: JsValue,
    ) -> Queued {
        let dim = dim_arg(dim)? as f64;
        let (pts, dim, params) = kmeans_input(points, dim, &options)?;
        let state = self.state()?;
        let st = Rc::clone(&state);
        Ok(Self::queue(&state, async move {
            let (p, par): (&[f32], &KMeansParams) = (&pts, &params);
            let (m, ran) = run_with_fallback(
                &st.session,
                |g| async move { par.fit_on_gpu_async(&g, p, dim).await },
                || par.fit(p, dim),
            )
            .await
            .map_err(|e| js_err(kmeans_error(e)))?;
            Ok(with_run(kmeans_output(&m), &ran, &st))
        }))
    }

    /// Shopper segmentation like the module's `segmentRfm(table, options)` (same options, same
    /// result fields), with the k-means assignment steps on the GPU (see
    /// [`GpuContext::kmeans`]); scaling, profiles and silhouette are computed on the CPU.
    #[wasm_bindgen(
        js_name = segmentRfm,
        unchecked_return_type = "Promise<RfmSegmentation & ComputeRun>"
    )]
    pub fn segment_rfm(
        &self,
        #[wasm_bindgen(unchecked_param_type = "RfmTable | RfmColumns")] table: &JsValue,
        #[wasm_bindgen(unchecked_optional_param_type = "SegmentOptions")] options: JsValue,
    ) -> Queued {
        let (t, params, sample) = segment_input(table, &options)?;
        let state = self.state()?;
        let st = Rc::clone(&state);
        Ok(Self::queue(&state, async move {
            let (tr, par) = (&t, &params);
            let (s, ran) = run_with_fallback(
                &st.session,
                |g| async move { segment_rfm_on_gpu_async(&g, tr, par, sample).await },
                || crate::segment::segment_rfm(tr, par, sample),
            )
            .await
            .map_err(|e| js_err(kmeans_error(e)))?;
            Ok(with_run(segmentation_output(&s), &ran, &st))
        }))
    }
}
