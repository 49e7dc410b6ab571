//! The GPU [`Backend`]: WGSL compute shaders through wgpu, on WebGPU in the browser and on
//! Vulkan / Metal / DX12 natively (feature `gpu`).
//!
//! One shader per kernel: `matmul.wgsl` (tiled f32 scores, 64×64 tiles, 4×4 outputs per thread,
//! vec4 loads), `matmul_i8.wgsl` (int8 items, exact integer dot products), `topk.wgsl`
//! (partial top-k, one thread per block of 1024–4096 scores of a row; the CPU merges the blocks,
//! so the score matrix is never read back), `kmeans_assign.wgsl` and `kmeans_sums.wgsl`.
//!
//! Pipelines are created once per backend; buffers are pooled by role and grow only, so repeated
//! calls allocate nothing. Work is cut into user batches × item chunks that fit the adapter's
//! `max_storage_buffer_binding_size` / `max_buffer_size` (or a smaller cap, see
//! [`GpuBackend::set_max_chunk_bytes`]). A catalog scored again and again can stay on the device
//! ([`GpuBackend::upload_items`] → [`GpuItems`]); f32 items may be stored as f16 where the adapter
//! has `shader-f16` ([`GpuBackend::set_f16_items`], opt-in: it loosens the tolerance). Likewise
//! k-means points stay on the device for a whole fit ([`GpuBackend::upload_points`] →
//! [`GpuPoints`], used by `crate::segment::GpuAssignStep`): each Lloyd step sends only centroids.
//!
//! **One async path.** Every operation has an `async` form (`scores_async`, ...) that waits for
//! read-back with `map_async` + a future. The browser awaits it; natively the [`Backend`]
//! methods drive the same future with `device.poll`. On wasm32 the blocking [`Backend`] methods
//! return [`Error::Unsupported`] (the browser cannot block): use the async forms there.
//!
//! Agreement with [`CpuBackend`](super::CpuBackend) follows the crate's contract
//! ([`SCORE_REL_TOL`](super::SCORE_REL_TOL)); int8 scores are bit-identical.

mod backend;
mod kmeans_step;
mod params;
mod plan;
mod pool;
mod readback;
mod resident;
mod scores;
mod session;
mod topk;

pub use backend::{GpuBackend, GpuInfo};
pub use kmeans_step::GpuPoints;
pub use plan::GPU_TOPK_MAX;
pub use resident::GpuItems;
pub use session::{run_with_fallback, GpuConfig, Ran, Session};
