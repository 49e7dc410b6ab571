//! Item embeddings uploaded once and kept on the GPU, so that repeated top-k calls (a storefront
//! scoring shopper after shopper against one catalog) upload only the users.

// See scores.rs: the pool guard is held across the read-back await on purpose (`try_lock` only).
#![allow(clippy::await_holding_lock)]

use super::backend::GpuBackend;
use super::plan::{block_for, Packed, BLOCK, GPU_TOPK_MAX};
use crate::compute::{check_top_k, Backend, CpuBackend, Hit, Items, Matrix};
use crate::error::{Error, Result};

/// Where the items of a call live and how they are stored.
pub(super) struct ItemSrc<'a> {
    pub(super) int8: bool,
    pub(super) f16: bool,
    /// Uploaded once by [`GpuBackend::upload_items`]; `None`: the pooled per-call buffers.
    pub(super) resident: Option<&'a GpuItems>,
}

/// Items resident on one [`GpuBackend`]'s device (see [`GpuBackend::upload_items`]).
pub struct GpuItems {
    owner: u64,
    rows: usize,
    cols: usize,
    int8: bool,
    f16: bool,
    per_buf: usize,
    pub(super) bufs: Vec<wgpu::Buffer>,
    pub(super) scales: Vec<wgpu::Buffer>,
    /// A CPU copy for the paths that select on the CPU (k above the GPU limit, empty inputs).
    host: HostItems,
}

enum HostItems {
    F32(Vec<f32>),
    I8(Vec<i8>, Vec<f32>),
}

impl std::fmt::Debug for GpuItems {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("GpuItems")
            .field("rows", &self.rows)
            .field("cols", &self.cols)
            .field("int8", &self.int8)
            .field("f16", &self.f16)
            .field("buffers", &self.bufs.len())
            .finish_non_exhaustive()
    }
}

impl GpuItems {
    /// Number of items.
    pub fn rows(&self) -> usize {
        self.rows
    }

    /// Embedding dimension.
    pub fn cols(&self) -> usize {
        self.cols
    }

    /// GPU bytes held.
    pub fn bytes(&self) -> u64 {
        self.bufs.iter().chain(&self.scales).map(|b| b.size()).sum()
    }

    fn host(&self) -> Result<Items<'_>> {
        Ok(match &self.host {
            HostItems::F32(v) => Items::F32(Matrix::trusted(v, self.rows, self.cols)),
            HostItems::I8(q, s) => Items::I8(crate::compute::QuantMatrix::new(
                "items", q, s, self.rows, self.cols,
            )?),
        })
    }
}

impl GpuBackend {
    /// Uploads `items` once (f16 if [`GpuBackend::set_f16_items`] is on, for f32 items); score
    /// them repeatedly with [`GpuBackend::resident_top_k_async`] (or the blocking
    /// [`GpuBackend::resident_top_k`]). Large catalogs are split into buffers under the cap.
    pub fn upload_items(&self, items: &Items<'_>) -> Result<GpuItems> {
        let (n, d) = (items.rows(), items.cols());
        if n > u32::MAX as usize - 1 {
            return Err(Error::invalid(
                "items",
                "at most 2^32 - 2 items on the GPU",
                n,
            ));
        }
        let (packed, int8, host) = match items {
            Items::F32(m) => (Packed::F32(m), false, HostItems::F32(m.data().to_vec())),
            Items::I8(m) => {
                let q: Vec<i8> = (0..m.rows()).flat_map(|r| m.row(r).0.to_vec()).collect();
                let s: Vec<f32> = (0..m.rows()).map(|r| m.row(r).1).collect();
                (Packed::I8(m), true, HostItems::I8(q, s))
            }
        };
        let f16 = !int8 && self.f16_items;
        let row_bytes = (d.div_ceil(4) * 16).max(1);
        let max = usize::try_from(self.max_bytes).unwrap_or(usize::MAX);
        let mut per_buf = (max / row_bytes).max(1);
        if per_buf >= BLOCK {
            per_buf -= per_buf % BLOCK;
        }
        self.check_faults()?;
        let mut bufs = Vec::new();
        let mut scales = Vec::new();
        if d > 0 {
            for start in (0..n).step_by(per_buf) {
                let end = (start + per_buf).min(n);
                let (bytes, sc) = packed.pack(start, end, f16);
                bufs.push(self.buffer_with(&bytes));
                if let Some(sc) = sc {
                    scales.push(self.buffer_with(&sc));
                }
            }
        }
        self.check_faults()?;
        Ok(GpuItems {
            owner: self.id,
            rows: n,
            cols: d,
            int8,
            f16,
            per_buf,
            bufs,
            scales,
            host,
        })
    }

    pub(super) fn buffer_with(&self, bytes: &[u8]) -> wgpu::Buffer {
        let buf = self.device.create_buffer(&wgpu::BufferDescriptor {
            label: Some("edgewise resident items"),
            size: (bytes.len() as u64).max(256).next_multiple_of(256),
            usage: wgpu::BufferUsages::STORAGE | wgpu::BufferUsages::COPY_DST,
            mapped_at_creation: false,
        });
        self.queue.write_buffer(&buf, 0, bytes);
        buf
    }

    /// Async top-`k` items per user against resident items: same results as
    /// [`GpuBackend::scores_top_k_async`] on the same items, without uploading them again.
    pub async fn resident_top_k_async(
        &self,
        users: &Matrix<'_>,
        items: &GpuItems,
        k: usize,
    ) -> Result<Vec<Vec<Hit>>> {
        if items.owner != self.id {
            return Err(Error::invalid(
                "items",
                "items uploaded by this GpuBackend",
                "items uploaded by another GpuBackend",
            ));
        }
        let (u, n, d) = (users.rows(), items.rows, items.cols);
        let kk = check_top_k(users, n, d, k)?;
        if u == 0 || n == 0 || d == 0 {
            return CpuBackend.scores_top_k(users, &items.host()?, k);
        }
        if kk > GPU_TOPK_MAX {
            let s = self.scores_async(users, &items.host()?).await?;
            return CpuBackend.top_k_rows(&Matrix::trusted(&s, u, n), k);
        }
        let block = block_for(kk);
        let row_bytes = d.div_ceil(4) * 16;
        let mut pool = self.pool()?;
        let plan = self.plan(u, n, row_bytes, kk, block, Some(items.per_buf))?;
        let src = ItemSrc {
            int8: items.int8,
            f16: items.f16,
            resident: Some(items),
        };
        self.top_k_batches(&mut pool, users, &src, &plan, (d.div_ceil(4), kk, block), n)
            .await
    }

    /// Blocking [`GpuBackend::resident_top_k_async`] (native; on the web use the async form).
    pub fn resident_top_k(
        &self,
        users: &Matrix<'_>,
        items: &GpuItems,
        k: usize,
    ) -> Result<Vec<Vec<Hit>>> {
        self.block(self.resident_top_k_async(users, items, k))
    }
}
