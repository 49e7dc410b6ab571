//! The k-means assignment step on the GPU: nearest centroid and distance per point
//! (`kmeans_assign.wgsl`), per-cluster sums per chunk of 1024 points (`kmeans_sums.wgsl`) added
//! on the CPU in f64; counts and inertia from the read-back labels and distances.
//!
//! Points either come from the host for one step (uploaded batch by batch into pooled buffers)
//! or stay on the device across the steps of a whole fit ([`GpuPoints`], uploaded once): a Lloyd
//! iteration then sends only the centroids and reads back labels, distances and partial sums.

// The pool guard is held across the read-back await on purpose: it makes one operation own the
// buffers until its results are copied out. It is only ever taken with `try_lock`
// (`GpuBackend::pool`), so a held guard makes a concurrent call fail fast, never block.
#![allow(clippy::await_holding_lock)]

use super::backend::GpuBackend;
use super::params::{u32_of, AssignParams, ParamWriter, SumsParams, PARAMS_STRIDE};
use super::plan::MAX_GROUPS;
use super::pool::{self, Pool, Role};
use crate::compute::{check_assign, Assignment, Backend, CpuBackend, Matrix};
use crate::error::{Error, Result};

/// Points per partial-sum chunk (`kmeans_sums.wgsl`).
const SUM_CHUNK: usize = 1024;
/// Threads per workgroup of `kmeans_assign.wgsl`.
const ASSIGN_WG: usize = 64;

/// Points kept on one [`GpuBackend`]'s device for many assignment steps (the Lloyd iterations
/// of a fit), see [`GpuBackend::upload_points`]. Large sets span several buffers under the cap.
pub struct GpuPoints {
    owner: u64,
    rows: usize,
    cols: usize,
    per_buf: usize,
    bufs: Vec<wgpu::Buffer>,
}

impl std::fmt::Debug for GpuPoints {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("GpuPoints")
            .field("rows", &self.rows)
            .field("cols", &self.cols)
            .field("buffers", &self.bufs.len())
            .finish_non_exhaustive()
    }
}

impl GpuPoints {
    /// Number of points.
    pub fn rows(&self) -> usize {
        self.rows
    }

    /// Number of features.
    pub fn cols(&self) -> usize {
        self.cols
    }

    /// GPU bytes held.
    pub fn bytes(&self) -> u64 {
        self.bufs.iter().map(|b| b.size()).sum()
    }
}

/// Where one assignment's points are.
enum PointSrc<'a> {
    /// On the host: each batch is uploaded into the pooled points buffer.
    Host(&'a Matrix<'a>),
    /// On the device already.
    Resident(&'a GpuPoints),
}

impl PointSrc<'_> {
    fn rows(&self) -> usize {
        match self {
            PointSrc::Host(m) => m.rows(),
            PointSrc::Resident(p) => p.rows,
        }
    }

    fn cols(&self) -> usize {
        match self {
            PointSrc::Host(m) => m.cols(),
            PointSrc::Resident(p) => p.cols,
        }
    }
}

impl GpuBackend {
    /// Async [`Backend::kmeans_assign`].
    pub async fn kmeans_assign_async(
        &self,
        points: &Matrix<'_>,
        centroids: &Matrix<'_>,
    ) -> Result<Assignment> {
        crate::compute::check_work(
            "points",
            points.rows(),
            centroids.rows(),
            centroids.cols(),
            1,
        )?;
        self.assign(PointSrc::Host(points), centroids).await
    }

    /// Uploads `points` once for [`GpuBackend::kmeans_assign_resident_async`]: the assignment
    /// steps of a whole k-means fit then send only the centroids.
    pub fn upload_points(&self, points: &Matrix<'_>) -> Result<GpuPoints> {
        let (n, d) = (points.rows(), points.cols());
        let dim4 = d.div_ceil(4);
        let row_bytes = (dim4 * 16).max(16);
        let max = usize::try_from(self.max_bytes).unwrap_or(usize::MAX);
        let mut per_buf = (max / row_bytes).max(1);
        if per_buf >= SUM_CHUNK {
            per_buf -= per_buf % SUM_CHUNK;
        }
        self.check_faults()?;
        let mut bufs = Vec::new();
        if d > 0 {
            for start in (0..n).step_by(per_buf) {
                let end = (start + per_buf).min(n);
                let data = points.data().get(start * d..end * d).unwrap_or(&[]);
                bufs.push(self.buffer_with(&pool::pack_f32(data, d, dim4)));
            }
        }
        self.check_faults()?;
        Ok(GpuPoints {
            owner: self.id,
            rows: n,
            cols: d,
            per_buf,
            bufs,
        })
    }

    /// Async assignment of resident `points` to `centroids`: the same result as
    /// [`GpuBackend::kmeans_assign_async`] on the same points, without uploading them again.
    pub async fn kmeans_assign_resident_async(
        &self,
        points: &GpuPoints,
        centroids: &Matrix<'_>,
    ) -> Result<Assignment> {
        if points.owner != self.id {
            return Err(Error::invalid(
                "points",
                "points uploaded by this GpuBackend",
                "points uploaded by another GpuBackend",
            ));
        }
        self.assign(PointSrc::Resident(points), centroids).await
    }

    /// Blocking [`GpuBackend::kmeans_assign_resident_async`] (native; on the web use the async
    /// form).
    pub fn kmeans_assign_resident(
        &self,
        points: &GpuPoints,
        centroids: &Matrix<'_>,
    ) -> Result<Assignment> {
        self.block(self.kmeans_assign_resident_async(points, centroids))
    }

    async fn assign(&self, points: PointSrc<'_>, centroids: &Matrix<'_>) -> Result<Assignment> {
        check_assign(points.cols(), centroids)?;
        let (n, k, d) = (points.rows(), centroids.rows(), points.cols());
        if n == 0 || d == 0 {
            let empty = Matrix::trusted(&[], 0, d);
            let host = match &points {
                PointSrc::Host(m) => *m,
                PointSrc::Resident(_) => &empty,
            };
            return CpuBackend.kmeans_assign(host, centroids);
        }
        let dim4 = d.div_ceil(4);
        let row_bytes = dim4 * 16;
        let max = usize::try_from(self.max_bytes).unwrap_or(usize::MAX);
        let part_bytes = k * row_bytes; // one chunk's partial sums
        if part_bytes > max {
            return Err(Error::Unsupported(format!(
                "{k} centroids × {d} dimensions exceed this GPU's buffer limit of {max} bytes"
            )));
        }
        // Points per batch: a multiple of the sum chunk when possible, under every buffer's cap.
        let mut batch = (max / row_bytes)
            .min(max / 4)
            .min(MAX_GROUPS * SUM_CHUNK)
            .min((max / part_bytes).saturating_mul(SUM_CHUNK))
            .min(n);
        if batch >= SUM_CHUNK {
            batch -= batch % SUM_CHUNK;
        }
        // Read-back holds labels, distances and partial sums of one batch.
        while batch > 1
            && (8 * batch).saturating_add(batch.div_ceil(SUM_CHUNK).saturating_mul(part_bytes))
                > max
        {
            batch /= 2;
        }
        let batch = batch.max(1);
        let mut pool = self.pool()?;
        let cb = pool::pack_f32(centroids.data(), d, dim4);
        let cbuf = pool.get(
            &self.device,
            Role::Centroids,
            cb.len() as u64,
            self.max_bytes,
        );
        self.queue.write_buffer(&cbuf, 0, &cb);
        let mut out = Assignment {
            labels: Vec::with_capacity(n),
            distances: Vec::with_capacity(n),
            sums: vec![0f64; k * d],
            counts: vec![0u64; k],
            inertia: 0.0,
        };
        let shape = Shape {
            k,
            d,
            dim4,
            part_bytes,
        };
        match points {
            PointSrc::Host(m) => {
                for p0 in (0..n).step_by(batch) {
                    let bl = batch.min(n - p0);
                    let xb =
                        pool::pack_f32(m.data().get(p0 * d..(p0 + bl) * d).unwrap_or(&[]), d, dim4);
                    let xbuf =
                        pool.get(&self.device, Role::Points, xb.len() as u64, self.max_bytes);
                    self.queue.write_buffer(&xbuf, 0, &xb);
                    self.assign_batch(&mut pool, &xbuf, 0, bl, &cbuf, &shape, &mut out)
                        .await?;
                }
            }
            PointSrc::Resident(gp) => {
                for (b, xbuf) in gp.bufs.iter().enumerate() {
                    let rows = gp.per_buf.min(n - b * gp.per_buf);
                    for first in (0..rows).step_by(batch) {
                        let bl = batch.min(rows - first);
                        self.assign_batch(&mut pool, xbuf, first, bl, &cbuf, &shape, &mut out)
                            .await?;
                    }
                }
            }
        }
        if out.labels.len() != n || out.labels.iter().any(|&l| l as usize >= k) {
            return Err(Error::Unsupported(
                "the GPU returned an incomplete or invalid k-means assignment".into(),
            ));
        }
        Ok(out)
    }

    /// Assigns points `first..first + bl` of `xbuf` and adds them to `out`.
    #[allow(clippy::too_many_arguments)]
    async fn assign_batch(
        &self,
        pool: &mut Pool,
        xbuf: &wgpu::Buffer,
        first: usize,
        bl: usize,
        cbuf: &wgpu::Buffer,
        shape: &Shape,
        out: &mut Assignment,
    ) -> Result<()> {
        let Shape {
            k,
            d,
            dim4,
            part_bytes,
        } = *shape;
        let chunks = bl.div_ceil(SUM_CHUNK);
        let pbuf = pool.get(
            &self.device,
            Role::Params,
            2 * PARAMS_STRIDE,
            self.max_bytes,
        );
        let lbuf = pool.get(&self.device, Role::Labels, (bl * 4) as u64, self.max_bytes);
        let dbuf = pool.get(
            &self.device,
            Role::Distances,
            (bl * 4) as u64,
            self.max_bytes,
        );
        let sbuf = pool.get(
            &self.device,
            Role::Partials,
            (chunks * part_bytes) as u64,
            self.max_bytes,
        );
        let rb_bytes = 8 * bl + chunks * part_bytes;
        let rb = pool.get(
            &self.device,
            Role::Readback,
            rb_bytes as u64,
            self.max_bytes,
        );
        let groups = bl.div_ceil(ASSIGN_WG);
        let gx = groups.min(MAX_GROUPS);
        let gy = groups.div_ceil(gx);
        let mut params = ParamWriter::new();
        let a_off = params.push(AssignParams {
            points: u32_of("points", bl)?,
            centroids: u32_of("centroids", k)?,
            dim4: u32_of("dim", dim4)?,
            row_width: u32_of("points", gx * ASSIGN_WG)?,
            first: u32_of("points", first)?,
            _pad: [0; 3],
        });
        let s_off = params.push(SumsParams {
            points: u32_of("points", bl)?,
            centroids: u32_of("centroids", k)?,
            dim4: u32_of("dim", dim4)?,
            offset: u32_of("points", first)?,
        });
        self.queue.write_buffer(&pbuf, 0, &params.data);
        let mut enc = self.device.create_command_encoder(&Default::default());
        {
            let mut pass = enc.begin_compute_pass(&Default::default());
            let bg = self.bind(
                &self.pipes.assign,
                (&pbuf, a_off),
                &[xbuf, cbuf, &lbuf, &dbuf],
            );
            pass.set_pipeline(&self.pipes.assign);
            pass.set_bind_group(0, &bg, &[]);
            pass.dispatch_workgroups(gx as u32, gy as u32, 1);
            let bg = self.bind(&self.pipes.sums, (&pbuf, s_off), &[xbuf, &lbuf, &sbuf]);
            pass.set_pipeline(&self.pipes.sums);
            pass.set_bind_group(0, &bg, &[]);
            pass.dispatch_workgroups(chunks as u32, 1, 1);
        }
        let (lb, db) = ((bl * 4) as u64, (bl * 4) as u64);
        enc.copy_buffer_to_buffer(&lbuf, 0, &rb, 0, lb);
        enc.copy_buffer_to_buffer(&dbuf, 0, &rb, lb, db);
        enc.copy_buffer_to_buffer(&sbuf, 0, &rb, lb + db, (chunks * part_bytes) as u64);
        self.queue.submit([enc.finish()]);
        let bytes = self.read_back(&rb, rb_bytes as u64).await?;
        let words = pool::read_u32(&bytes);
        let labels = words.get(..bl).unwrap_or(&[]);
        let dists = words.get(bl..2 * bl).unwrap_or(&[]);
        let parts = words.get(2 * bl..).unwrap_or(&[]);
        for (&l, &dw) in labels.iter().zip(dists) {
            let dist = f32::from_bits(dw);
            out.labels.push(l);
            out.distances.push(dist);
            out.inertia += f64::from(dist);
            if let Some(c) = out.counts.get_mut(l as usize) {
                *c += 1;
            }
        }
        for chunk in parts.chunks_exact(k * dim4 * 4).take(chunks) {
            for (c, row) in chunk.chunks_exact(dim4 * 4).enumerate() {
                if let Some(dst) = out.sums.get_mut(c * d..(c + 1) * d) {
                    for (acc, &w) in dst.iter_mut().zip(row) {
                        *acc += f64::from(f32::from_bits(w));
                    }
                }
            }
        }
        Ok(())
    }
}

/// The shape of one assignment: centroids, features, vec4s per row, partial-sum bytes per chunk.
struct Shape {
    k: usize,
    d: usize,
    dim4: usize,
    part_bytes: usize,
}
