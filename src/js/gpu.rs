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

use js_sys::{Promise, Reflect};
use wasm_bindgen::prelude::*;
use wasm_bindgen::JsCast;
use wasm_bindgen_futures::future_to_promise;

use super::obj::Obj;

#[path = "gpu_kernels.rs"]
mod kernels;

use super::args::{self, object};
use crate::compute::{
    run_with_fallback, GpuBackend, GpuConfig, GpuItems, Items, Matrix, Ran, Session,
};
use crate::error::{Error, Result};
use crate::options::OptionSet;

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
"#;

/// `GpuContextOptions`, from its one definition (crate::options::option_set!).
#[wasm_bindgen(typescript_custom_section)]
const TS_GPU_OPTIONS: &str = GpuConfig::TS;

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

    /// Two operands of `dim` columns (`(name, value)` each), shared by a call's GPU and CPU paths.
    fn pair(a: (&str, &JsValue), b: (&str, &JsValue), dim: usize) -> Result<Rc<(Self, Self)>> {
        Ok(Rc::new((
            Self::read(a.0, a.1, dim)?,
            Self::read(b.0, b.1, dim)?,
        )))
    }

    fn matrix(&self) -> Matrix<'_> {
        Matrix::trusted(&self.data, self.rows, self.dim)
    }

    fn items(&self) -> Items<'_> {
        Items::F32(self.matrix())
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

/// Resolves to a [`GpuContext`]: on the GPU when `navigator.gpu` gives an adapter and device,
/// otherwise on the CPU with `fallbackReason` saying why. Rejects only for bad `options`
/// (`{maxBufferBytes}`, see `GpuContextOptions`), never for a missing or failing GPU.
#[wasm_bindgen(js_name = createGpuContext)]
pub async fn create_gpu_context(
    #[wasm_bindgen(unchecked_optional_param_type = "GpuContextOptions")] options: JsValue,
) -> std::result::Result<GpuContext, JsError> {
    let cap = args::option_set::<GpuConfig>("options", &options, &[])?.check()?;
    let mut session = Session::start(navigator_gpu(), cap).await;
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

/// A call's `fallbackReason`: a string on the CPU, `null` on the GPU.
fn reason_value(ran: &Ran) -> JsValue {
    ran.reason
        .as_deref()
        .map_or(JsValue::NULL, JsValue::from_str)
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

    /// Queues a call after every earlier call of this context has settled: `on_gpu` on the
    /// context's GPU or `on_cpu` (the fallback policy of [`compute::Session`](Session)), the
    /// result turned into JS by `out`. Returns the call's promise.
    fn call<T, G, F>(
        &self,
        on_gpu: G,
        on_cpu: impl FnOnce() -> Result<T> + 'static,
        out: impl FnOnce(T, &Ran, &State) -> JsValue + 'static,
    ) -> Queued
    where
        T: 'static,
        G: FnOnce(Rc<GpuBackend>) -> F + 'static,
        F: std::future::Future<Output = Result<T>> + 'static,
    {
        let state = self.state()?;
        let prev = state.last.borrow_mut().take();
        let st = Rc::clone(&state);
        let p = future_to_promise(async move {
            if let Some(prev) = prev {
                // Only the order matters here; the earlier call reports its own outcome.
                let _ = wasm_bindgen_futures::JsFuture::from(prev).await;
            }
            let (v, ran) = run_with_fallback(&st.session, on_gpu, on_cpu)
                .await
                .map_err(js_err)?;
            Ok(out(v, &ran, &st))
        });
        *state.last.borrow_mut() = Some(p.clone());
        Ok(p)
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
}
