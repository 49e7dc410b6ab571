//! `GpuContext`'s calls: the kernels (`scoresTopK`, `setItems` + `topK`, `scores`,
//! `kmeansAssign`) and, with the analytics engine, `kmeans` and `segmentRfm`. Each reads and
//! checks its arguments, queues the work with [`GpuContext::call`] (GPU or CPU under the policy of
//! `compute::Session`) and builds the result object.

use std::rc::Rc;

use js_sys::{Float32Array, Float64Array, Reflect, Uint32Array};
use wasm_bindgen::prelude::*;

use super::{reason_value, GpuContext, Operand, Queued, State, Stored};
use crate::compute::{Backend, CpuBackend, Hit, Ran};
use crate::error::{Error, Result};
#[cfg(feature = "analytics")]
use crate::js::analytics::{
    kmeans_error, kmeans_input, kmeans_output, segment_input, segmentation_output,
};
use crate::js::args::{self, object};
use crate::limits::{MAX_DIM, MAX_TOP_K};
#[cfg(feature = "analytics")]
use crate::segment::segment_rfm_on_gpu_async;

/// A kernel call's result: `backend`, `fallbackReason`, then `fields`.
fn ran_object(ran: &Ran, fields: Vec<(&str, JsValue)>) -> JsValue {
    let mut all = vec![
        ("backend", JsValue::from_str(ran.backend())),
        ("fallbackReason", reason_value(ran)),
    ];
    all.extend(fields);
    object(&all)
}

fn hits_output(rows: &[Vec<Hit>], ran: &Ran) -> JsValue {
    let k = rows.first().map_or(0, Vec::len);
    let idx: Vec<u32> = rows.iter().flatten().map(|h| h.index).collect();
    let sc: Vec<f32> = rows.iter().flatten().map(|h| h.score).collect();
    ran_object(
        ran,
        vec![
            ("k", JsValue::from_f64(k as f64)),
            ("indices", Uint32Array::from(idx.as_slice()).into()),
            ("scores", Float32Array::from(sc.as_slice()).into()),
        ],
    )
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

#[wasm_bindgen]
impl GpuContext {
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
        let ops = Operand::pair(("users", users), ("items", items), dim)?;
        let cpu = Rc::clone(&ops);
        self.call(
            move |g| async move {
                g.scores_top_k_async(&ops.0.matrix(), &ops.1.items(), k)
                    .await
            },
            move || CpuBackend.scores_top_k(&cpu.0.matrix(), &cpu.1.items(), k),
            |rows, ran, _| hits_output(&rows, ran),
        )
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
        let gpu = state
            .session
            .borrow_mut()
            .try_gpu(|g| g.upload_items(&host.items()))?;
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
        let stored = self.state()?.items.borrow().clone().ok_or_else(|| {
            Error::invalid(
                "items",
                "a catalog set with setItems(items, dim) first",
                "none",
            )
        })?;
        let u = Rc::new(Operand::read("users", users, stored.host.dim)?);
        let (cu, cs) = (Rc::clone(&u), Rc::clone(&stored));
        self.call(
            move |g| async move {
                match &stored.gpu {
                    Some(gi) => g.resident_top_k_async(&u.matrix(), gi, k).await,
                    None => {
                        g.scores_top_k_async(&u.matrix(), &stored.host.items(), k)
                            .await
                    }
                }
            },
            move || CpuBackend.scores_top_k(&cu.matrix(), &cs.host.items(), k),
            |rows, ran, _| hits_output(&rows, ran),
        )
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
        let ops = Operand::pair(("users", users), ("items", items), dim)?;
        let cpu = Rc::clone(&ops);
        self.call(
            move |g| async move { g.scores_async(&ops.0.matrix(), &ops.1.items()).await },
            move || CpuBackend.scores(&cpu.0.matrix(), &cpu.1.items()),
            |s, ran, _| {
                let scores = Float32Array::from(s.as_slice()).into();
                ran_object(ran, vec![("scores", scores)])
            },
        )
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
        let ops = Operand::pair(("points", points), ("centroids", centroids), dim)?;
        let cpu = Rc::clone(&ops);
        self.call(
            move |g| async move {
                g.kmeans_assign_async(&ops.0.matrix(), &ops.1.matrix())
                    .await
            },
            move || CpuBackend.kmeans_assign(&cpu.0.matrix(), &cpu.1.matrix()),
            |a, ran, _| {
                let counts: Vec<f64> = a.counts.iter().map(|&c| c as f64).collect();
                ran_object(
                    ran,
                    vec![
                        ("labels", Uint32Array::from(a.labels.as_slice()).into()),
                        (
                            "distances",
                            Float32Array::from(a.distances.as_slice()).into(),
                        ),
                        ("sums", Float64Array::from(a.sums.as_slice()).into()),
                        ("counts", Float64Array::from(counts.as_slice()).into()),
                        ("inertia", JsValue::from_f64(a.inertia)),
                    ],
                )
            },
        )
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
        let (pts, dim, params) = kmeans_input(points, dim, &options)?;
        let data = Rc::new((pts, params));
        let cpu = Rc::clone(&data);
        self.call(
            move |g| async move {
                let (p, par) = &*data;
                par.fit_on_gpu_async(&g, p, dim).await.map_err(kmeans_error)
            },
            move || cpu.1.fit(&cpu.0, dim).map_err(kmeans_error),
            |m, ran, st| with_run(kmeans_output(&m), ran, st),
        )
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
        let data = Rc::new((t, params));
        let cpu = Rc::clone(&data);
        self.call(
            move |g| async move {
                segment_rfm_on_gpu_async(&g, &data.0, &data.1, sample)
                    .await
                    .map_err(kmeans_error)
            },
            move || crate::segment::segment_rfm(&cpu.0, &cpu.1, sample).map_err(kmeans_error),
            |s, ran, st| with_run(segmentation_output(&s), ran, st),
        )
    }
}
