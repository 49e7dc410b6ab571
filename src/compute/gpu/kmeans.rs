//! The k-means assignment step on the GPU: nearest centroid and distance per point
//! (`kmeans_assign.wgsl`), per-cluster sums per chunk of 1024 points (`kmeans_sums.wgsl`) added
//! on the CPU in f64; counts and inertia from the read-back labels and distances.

// The pool guard is held across the read-back await on purpose: it makes one operation own the
// buffers until its results are copied out. It is only ever taken with `try_lock`
// (`GpuBackend::pool`), so a held guard makes a concurrent call fail fast, never block.
#![allow(clippy::await_holding_lock)]

use super::pool::{self, Role};
use super::{u32_of, GpuBackend, ParamWriter, PARAMS_STRIDE};
use crate::compute::{check_dims, Assignment, Backend, CpuBackend, Matrix};
use crate::error::{Error, Result};

/// Points per partial-sum chunk (`kmeans_sums.wgsl`).
const SUM_CHUNK: usize = 1024;
/// Threads per workgroup of `kmeans_assign.wgsl`.
const ASSIGN_WG: usize = 64;
/// Largest dispatch along one dimension that every WebGPU adapter allows.
const MAX_GROUPS: usize = 65_535;

impl GpuBackend {
    /// Async [`Backend::kmeans_assign`].
    pub async fn kmeans_assign_async(
        &self,
        points: &Matrix<'_>,
        centroids: &Matrix<'_>,
    ) -> Result<Assignment> {
        if centroids.rows() == 0 {
            return Err(Error::invalid(
                "centroids",
                "at least one centroid",
                "0 rows",
            ));
        }
        check_dims("points", points.cols(), centroids.cols())?;
        let (n, k, d) = (points.rows(), centroids.rows(), points.cols());
        if n == 0 || d == 0 {
            return CpuBackend.kmeans_assign(points, centroids);
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
        let pbuf = pool.get(
            &self.device,
            Role::Params,
            2 * PARAMS_STRIDE,
            self.max_bytes,
        );
        let mut out = Assignment {
            labels: Vec::with_capacity(n),
            distances: Vec::with_capacity(n),
            sums: vec![0f64; k * d],
            counts: vec![0u64; k],
            inertia: 0.0,
        };
        for p0 in (0..n).step_by(batch) {
            let bl = batch.min(n - p0);
            let chunks = bl.div_ceil(SUM_CHUNK);
            let xb = pool::pack_f32(
                points.data().get(p0 * d..(p0 + bl) * d).unwrap_or(&[]),
                d,
                dim4,
            );
            let xbuf = pool.get(&self.device, Role::Points, xb.len() as u64, self.max_bytes);
            self.queue.write_buffer(&xbuf, 0, &xb);
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
            let a_off = params.push([
                u32_of("points", bl)?,
                u32_of("centroids", k)?,
                u32_of("dim", dim4)?,
                u32_of("points", gx * ASSIGN_WG)?,
                0,
                0,
                0,
                0,
            ]);
            let s_off = params.push([
                u32_of("points", bl)?,
                u32_of("centroids", k)?,
                u32_of("dim", dim4)?,
                0,
                0,
                0,
                0,
                0,
            ]);
            self.queue.write_buffer(&pbuf, 0, &params.data);
            let mut enc = self.device.create_command_encoder(&Default::default());
            {
                let mut pass = enc.begin_compute_pass(&Default::default());
                let bg = self.bind(
                    &self.pipes.assign,
                    (&pbuf, a_off),
                    &[&xbuf, &cbuf, &lbuf, &dbuf],
                );
                pass.set_pipeline(&self.pipes.assign);
                pass.set_bind_group(0, &bg, &[]);
                pass.dispatch_workgroups(gx as u32, gy as u32, 1);
                let bg = self.bind(&self.pipes.sums, (&pbuf, s_off), &[&xbuf, &lbuf, &sbuf]);
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
        }
        if out.labels.len() != n || out.labels.iter().any(|&l| l as usize >= k) {
            return Err(Error::Unsupported(
                "the GPU returned an incomplete or invalid k-means assignment".into(),
            ));
        }
        Ok(out)
    }
}
