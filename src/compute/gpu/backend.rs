//! The wgpu device behind [`GpuBackend`]: adapter and device setup, the compute pipelines (one
//! per WGSL file), fault tracking, the buffer pool guard, read-back, bind groups, and the
//! blocking [`Backend`] methods that drive the async forms (in `scores.rs`, `topk.rs`,
//! `resident.rs`, `kmeans_step.rs`).

use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};

use super::params::PARAMS_BYTES;
use super::pool::Pool;
use super::readback;
use crate::compute::{Assignment, Backend, Hit, Items, Matrix, QuantMatrix};
use crate::error::{Error, Result};

/// Source of backend ids, so resident items are only used with the device that holds them.
static NEXT_ID: AtomicU64 = AtomicU64::new(1);

/// What the adapter is and what it allows (exposed to JS as a plain object).
#[derive(Debug, Clone, PartialEq, serde::Serialize)]
#[serde(rename_all = "camelCase")]
pub struct GpuInfo {
    /// Adapter name (e.g. `llvmpipe (LLVM 19.1.7, 256 bits)`, `NVIDIA H100`).
    pub name: String,
    /// Graphics API: `Vulkan`, `Metal`, `Dx12`, `Gl` or `BrowserWebGpu`.
    pub backend: String,
    /// `DiscreteGpu`, `IntegratedGpu`, `VirtualGpu`, `Cpu` or `Other`.
    pub device_type: String,
    /// Driver name (may be empty on the web).
    pub driver: String,
    /// Driver version details (may be empty on the web).
    pub driver_info: String,
    /// Largest storage-buffer binding, bytes.
    pub max_storage_buffer_binding_size: u64,
    /// Largest buffer, bytes.
    pub max_buffer_size: u64,
    /// Workgroup shared memory, bytes.
    pub max_compute_workgroup_storage_size: u32,
    /// Largest dispatch along one dimension.
    pub max_compute_workgroups_per_dimension: u32,
    /// Whether the adapter supports `shader-f16` (used for f16 item storage, see [`GpuBackend::set_f16_items`]).
    pub shader_f16: bool,
}

/// The compute pipelines, created once.
pub(super) struct Pipelines {
    pub(super) matmul: wgpu::ComputePipeline,
    /// `matmul.wgsl` with f16 item storage, when the device has `shader-f16`.
    pub(super) matmul_f16: Option<wgpu::ComputePipeline>,
    pub(super) matmul_i8: wgpu::ComputePipeline,
    pub(super) topk: wgpu::ComputePipeline,
    pub(super) assign: wgpu::ComputePipeline,
    pub(super) sums: wgpu::ComputePipeline,
}

/// Errors the device reports outside a call (validation, out of memory, device lost).
#[derive(Default)]
struct Faults {
    lost: Option<String>,
    error: Option<String>,
}

/// The wgpu [`Backend`] (see the module docs).
pub struct GpuBackend {
    pub(super) device: wgpu::Device,
    pub(super) queue: wgpu::Queue,
    pub(super) info: GpuInfo,
    pub(super) pipes: Pipelines,
    pool: Mutex<Pool>,
    /// Serializes blocking (native) calls from several threads; the browser never blocks.
    #[cfg(not(target_arch = "wasm32"))]
    calls: Mutex<()>,
    faults: Arc<Mutex<Faults>>,
    /// Largest buffer / binding the planner uses, bytes.
    pub(super) max_bytes: u64,
    /// Whether f32 items are stored as f16 on the GPU (opt-in).
    pub(super) f16_items: bool,
    /// Identifies this backend's device for [`GpuItems`].
    pub(super) id: u64,
}

impl std::fmt::Debug for GpuBackend {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("GpuBackend")
            .field("info", &self.info)
            .field("max_bytes", &self.max_bytes)
            .finish_non_exhaustive()
    }
}

fn pipeline(device: &wgpu::Device, label: &str, src: &str) -> wgpu::ComputePipeline {
    let module = device.create_shader_module(wgpu::ShaderModuleDescriptor {
        label: Some(label),
        source: wgpu::ShaderSource::Wgsl(src.into()),
    });
    device.create_compute_pipeline(&wgpu::ComputePipelineDescriptor {
        label: Some(label),
        layout: None,
        module: &module,
        entry_point: Some("main"),
        compilation_options: Default::default(),
        cache: None,
    })
}

impl GpuBackend {
    /// Finds an adapter (high-performance preferred, Vulkan / Metal / DX12 natively, WebGPU in the
    /// browser; the `WGPU_BACKEND` and `WGPU_ADAPTER_NAME` environment variables override), opens a device with the adapter's limits and builds the pipelines.
    /// [`Error::Unsupported`] says why when there is no usable adapter.
    pub async fn request() -> Result<GpuBackend> {
        // Vulkan / Metal / DX12 / WebGPU (GL's compute is a poor fit); `WGPU_BACKEND` overrides.
        let mut desc = wgpu::InstanceDescriptor::new_without_display_handle();
        desc.backends = wgpu::Backends::PRIMARY;
        let instance = wgpu::Instance::new(desc.with_env());
        let adapter = instance
            .request_adapter(&wgpu::RequestAdapterOptions {
                power_preference: wgpu::PowerPreference::HighPerformance,
                ..Default::default()
            })
            .await
            .map_err(|e| Error::Unsupported(format!("no GPU adapter: {e}")))?;
        let a = adapter.get_info();
        let limits = adapter.limits();
        let f16 = adapter.features().contains(wgpu::Features::SHADER_F16);
        let (device, queue) = adapter
            .request_device(&wgpu::DeviceDescriptor {
                label: Some("edgewise"),
                required_features: if f16 {
                    wgpu::Features::SHADER_F16
                } else {
                    wgpu::Features::empty()
                },
                required_limits: limits.clone(),
                ..Default::default()
            })
            .await
            .map_err(|e| Error::Unsupported(format!("GPU device request failed: {e}")))?;
        let faults = Arc::new(Mutex::new(Faults::default()));
        let f = Arc::clone(&faults);
        device.on_uncaptured_error(Arc::new(move |e: wgpu::Error| {
            if let Ok(mut f) = f.lock() {
                f.error.get_or_insert_with(|| e.to_string());
            }
        }));
        let f = Arc::clone(&faults);
        device.set_device_lost_callback(move |reason, msg| {
            if let Ok(mut f) = f.lock() {
                f.lost = Some(format!("{reason:?}: {msg}"));
            }
        });
        let pipes = Pipelines {
            matmul: pipeline(&device, "matmul", MATMUL),
            matmul_f16: f16.then(|| pipeline(&device, "matmul_f16", &matmul_f16_source())),
            matmul_i8: pipeline(&device, "matmul_i8", include_str!("matmul_i8.wgsl")),
            topk: pipeline(&device, "topk", include_str!("topk.wgsl")),
            assign: pipeline(&device, "kmeans_assign", include_str!("kmeans_assign.wgsl")),
            sums: pipeline(&device, "kmeans_sums", include_str!("kmeans_sums.wgsl")),
        };
        let info = GpuInfo {
            name: a.name,
            backend: format!("{:?}", a.backend),
            device_type: format!("{:?}", a.device_type),
            driver: a.driver,
            driver_info: a.driver_info,
            max_storage_buffer_binding_size: limits.max_storage_buffer_binding_size,
            max_buffer_size: limits.max_buffer_size,
            max_compute_workgroup_storage_size: limits.max_compute_workgroup_storage_size,
            max_compute_workgroups_per_dimension: limits.max_compute_workgroups_per_dimension,
            shader_f16: f16,
        };
        let max_bytes = limits
            .max_storage_buffer_binding_size
            .min(limits.max_buffer_size)
            // Keep every buffer a whole number of 256-byte blocks (copy / map alignment).
            / 256
            * 256;
        let backend = GpuBackend {
            device,
            queue,
            info,
            pipes,
            pool: Mutex::new(Pool::default()),
            #[cfg(not(target_arch = "wasm32"))]
            calls: Mutex::new(()),
            faults,
            max_bytes,
            f16_items: false,
            id: NEXT_ID.fetch_add(1, Ordering::Relaxed),
        };
        backend.check_faults()?;
        Ok(backend)
    }

    /// Blocking [`GpuBackend::request`] (native only; on the web, await `request`).
    #[cfg(not(target_arch = "wasm32"))]
    pub fn new() -> Result<GpuBackend> {
        readback::block_on(Self::request(), || Ok(()))?
    }

    /// The adapter and its limits.
    pub fn info(&self) -> &GpuInfo {
        &self.info
    }

    /// Caps every buffer the planner uses at `bytes` (at least 1024; never above the adapter's
    /// limits), to bound GPU memory or to exercise chunking with small inputs.
    pub fn set_max_chunk_bytes(&mut self, bytes: u64) {
        let limit = self
            .info
            .max_storage_buffer_binding_size
            .min(self.info.max_buffer_size);
        self.max_bytes = bytes.clamp(1024, limit.max(1024)) / 256 * 256;
    }

    /// Opt-in: store f32 item embeddings as f16 on the GPU (half the memory and bandwidth; sums
    /// stay f32). Scores then differ from the CPU's by the f16 rounding of the items (relative
    /// 2⁻¹¹ per coordinate), beyond [`SCORE_REL_TOL`](crate::compute::SCORE_REL_TOL). Needs `shader-f16`.
    pub fn set_f16_items(&mut self, on: bool) -> Result<()> {
        if on && self.pipes.matmul_f16.is_none() {
            return Err(Error::Unsupported(format!(
                "f16 item storage needs the shader-f16 feature, which adapter `{}` lacks",
                self.info.name
            )));
        }
        self.f16_items = on;
        Ok(())
    }

    /// Whether f32 items are stored as f16 (see [`GpuBackend::set_f16_items`]).
    pub fn f16_items(&self) -> bool {
        self.f16_items
    }

    /// The current buffer cap in bytes.
    pub fn max_chunk_bytes(&self) -> u64 {
        self.max_bytes
    }

    /// Bytes currently held by the buffer pool.
    pub fn pooled_bytes(&self) -> u64 {
        self.pool.lock().map(|p| p.bytes()).unwrap_or(0)
    }

    /// Releases the device now (its memory is freed at once); every later call fails with
    /// [`Error::Unsupported`] naming the loss, which is how callers learn to fall back to the CPU.
    pub fn destroy(&self) {
        self.device.destroy();
        if let Ok(mut f) = self.faults.lock() {
            f.lost
                .get_or_insert_with(|| "Destroyed: the device was released".into());
        }
    }

    /// Why the GPU cannot be used any more (device lost), if so.
    pub fn lost_reason(&self) -> Option<String> {
        self.faults.lock().ok().and_then(|f| f.lost.clone())
    }

    /// Fails if the device was lost or reported an error since the last check (then cleared).
    pub(super) fn check_faults(&self) -> Result<()> {
        let Ok(mut f) = self.faults.lock() else {
            return Err(Error::Unsupported(
                "GPU fault state lock was poisoned".into(),
            ));
        };
        if let Some(l) = &f.lost {
            return Err(Error::Unsupported(format!("GPU device lost ({l})")));
        }
        match f.error.take() {
            Some(e) => Err(Error::Unsupported(format!("GPU error: {e}"))),
            None => Ok(()),
        }
    }

    /// Takes the buffer pool for one operation (one at a time: a concurrent async call is refused
    /// rather than interleaved).
    pub(super) fn pool(&self) -> Result<std::sync::MutexGuard<'_, Pool>> {
        self.check_faults()?;
        match self.pool.try_lock() {
            Ok(p) => Ok(p),
            Err(std::sync::TryLockError::WouldBlock) => Err(Error::Unsupported(
                "the GPU backend is busy with another call: await it before starting the next"
                    .into(),
            )),
            Err(std::sync::TryLockError::Poisoned(_)) => Err(Error::Unsupported(
                "the GPU backend's buffer pool lock was poisoned".into(),
            )),
        }
    }

    /// Maps `buffer`'s first `size` bytes, awaits the mapping, copies them out and unmaps.
    pub(super) async fn read_back(&self, buffer: &wgpu::Buffer, size: u64) -> Result<Vec<u8>> {
        let size = size.max(4).next_multiple_of(4);
        readback::map_read(buffer, size).await?;
        let bytes = buffer
            .get_mapped_range(0..size)
            .map_err(|e| Error::Unsupported(format!("GPU read-back failed: {e}")))?
            .to_vec();
        buffer.unmap();
        self.check_faults()?;
        Ok(bytes)
    }

    /// Drives an async operation on this backend (e.g. a k-means fit whose steps run here) to
    /// completion, polling the device while it waits: natively only; on wasm32 it returns
    /// [`Error::Unsupported`] (await the future instead).
    pub fn block_on<T>(&self, fut: impl std::future::Future<Output = Result<T>>) -> Result<T> {
        self.block(fut)
    }

    /// Runs `fut` to completion natively, polling the device while it waits.
    #[cfg(not(target_arch = "wasm32"))]
    pub(crate) fn block<T>(&self, fut: impl std::future::Future<Output = Result<T>>) -> Result<T> {
        let _one_at_a_time = self
            .calls
            .lock()
            .map_err(|_| Error::Unsupported("the GPU backend's call lock was poisoned".into()))?;
        readback::block_on(fut, || {
            self.device
                .poll(wgpu::PollType::wait_indefinitely())
                .map(|_| ())
                .map_err(|e| Error::Unsupported(format!("GPU poll failed: {e}")))
        })?
    }

    #[cfg(target_arch = "wasm32")]
    pub(crate) fn block<T>(&self, _fut: impl std::future::Future<Output = Result<T>>) -> Result<T> {
        Err(Error::Unsupported(
            "the browser cannot block on the GPU: use the async methods (scores_async, \
             scores_top_k_async, top_k_rows_async, kmeans_assign_async)"
                .into(),
        ))
    }

    /// A bind group for `pipeline`: binding 0 is the 32-byte parameter block at `params.1` in the
    /// params buffer, binding `i + 1` the whole of `buffers[i]`.
    pub(super) fn bind(
        &self,
        pipeline: &wgpu::ComputePipeline,
        params: (&wgpu::Buffer, u64),
        buffers: &[&wgpu::Buffer],
    ) -> wgpu::BindGroup {
        let mut entries = vec![wgpu::BindGroupEntry {
            binding: 0,
            resource: wgpu::BindingResource::Buffer(wgpu::BufferBinding {
                buffer: params.0,
                offset: params.1,
                size: wgpu::BufferSize::new(PARAMS_BYTES),
            }),
        }];
        for (i, b) in buffers.iter().enumerate() {
            entries.push(wgpu::BindGroupEntry {
                binding: i as u32 + 1,
                resource: b.as_entire_binding(),
            });
        }
        self.device.create_bind_group(&wgpu::BindGroupDescriptor {
            label: None,
            layout: &pipeline.get_bind_group_layout(0),
            entries: &entries,
        })
    }
}

const MATMUL: &str = include_str!("matmul.wgsl");
const ITEM_VEC_F32: &str = "alias ItemVec = vec4<f32>;";

/// `matmul.wgsl` with items read as `vec4<f16>`.
fn matmul_f16_source() -> String {
    format!(
        "enable f16;\n{}",
        MATMUL.replace(ITEM_VEC_F32, "alias ItemVec = vec4<f16>;")
    )
}

impl Backend for GpuBackend {
    fn name(&self) -> String {
        format!("gpu ({}, {})", self.info.name, self.info.backend)
    }

    fn scores(&self, users: &Matrix<'_>, items: &Items<'_>) -> Result<Vec<f32>> {
        self.block(self.scores_async(users, items))
    }

    fn scores_for(
        &self,
        users: &Matrix<'_>,
        items: &Items<'_>,
        indices: &[u32],
    ) -> Result<Vec<f32>> {
        // Gathers the chosen rows and scores them like a catalog of their own.
        crate::compute::check_dims("users", users.cols(), items.cols())?;
        crate::compute::check_indices(indices, items.rows())?;
        let cols = items.cols();
        match items {
            Items::F32(it) => {
                let data: Vec<f32> = indices
                    .iter()
                    .flat_map(|&i| it.row(i as usize))
                    .copied()
                    .collect();
                self.scores(
                    users,
                    &Items::F32(Matrix::trusted(&data, indices.len(), cols)),
                )
            }
            Items::I8(it) => {
                let rows: Vec<(&[i8], f32)> = indices.iter().map(|&i| it.row(i as usize)).collect();
                let data: Vec<i8> = rows.iter().flat_map(|(r, _)| r.iter().copied()).collect();
                let scales: Vec<f32> = rows.iter().map(|&(_, s)| s).collect();
                let sub = QuantMatrix::new("items", &data, &scales, indices.len(), cols)?;
                self.scores(users, &Items::I8(sub))
            }
        }
    }

    fn top_k_rows(&self, scores: &Matrix<'_>, k: usize) -> Result<Vec<Vec<Hit>>> {
        self.block(self.top_k_rows_async(scores, k))
    }

    fn scores_top_k(
        &self,
        users: &Matrix<'_>,
        items: &Items<'_>,
        k: usize,
    ) -> Result<Vec<Vec<Hit>>> {
        self.block(self.scores_top_k_async(users, items, k))
    }

    fn kmeans_assign(&self, points: &Matrix<'_>, centroids: &Matrix<'_>) -> Result<Assignment> {
        self.block(self.kmeans_assign_async(points, centroids))
    }

    fn as_gpu(&self) -> Option<&GpuBackend> {
        Some(self)
    }
}

#[cfg(test)]
mod tests {
    #[test]
    fn the_f16_variant_rewrites_the_item_type() {
        assert!(super::MATMUL.contains(super::ITEM_VEC_F32));
        let f16 = super::matmul_f16_source();
        assert!(f16.starts_with("enable f16;") && f16.contains("alias ItemVec = vec4<f16>;"));
    }
}
