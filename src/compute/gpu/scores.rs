//! Batched scores on the GPU: the work plan (user batches × item chunks under the buffer cap),
//! staging of items and users, the matmul dispatches and the full-matrix read-back.

// The pool guard is held across the read-back await on purpose: it makes one operation own the
// buffers until its results are copied out. It is only ever taken with `try_lock`
// (`GpuBackend::pool`), so a held guard makes a concurrent call fail fast, never block.
#![allow(clippy::await_holding_lock)]

use super::backend::GpuBackend;
use super::params::{u32_of, MatmulParams, ParamWriter, PARAMS_STRIDE};
use super::plan::{Packed, Plan, BLOCK, MAX_GROUPS};
use super::pool::{self, Role};
use super::resident::ItemSrc;
use crate::compute::quant::quantize_row;
use crate::compute::{check_dims, Backend, CpuBackend, Items, Matrix};
use crate::error::{Error, Result};

/// Output tile edge of `matmul.wgsl` (and workgroup width of `matmul_i8.wgsl`).
const TILE: usize = 64;

impl GpuBackend {
    /// Cuts `users × n` items of `row_bytes` per row into user batches and item chunks under the
    /// buffer cap; with `kk` > 0 the candidates (`kk` pairs per `block` scores) must fit too.
    pub(super) fn plan(
        &self,
        users: usize,
        n: usize,
        row_bytes: usize,
        kk: usize,
        block: usize,
        fixed_per_buf: Option<usize>,
    ) -> Result<Plan> {
        let max = usize::try_from(self.max_bytes).unwrap_or(usize::MAX);
        let rows_fit = max / row_bytes.max(1);
        if rows_fit == 0 {
            return Err(Error::Unsupported(format!(
                "an embedding row of {row_bytes} bytes exceeds this GPU's buffer limit of {max} bytes"
            )));
        }
        let batch_max = users.clamp(1, MAX_GROUPS).min(rows_fit).min(max / 4);
        // Prefer batches of up to 1024 users; halve the batch (so chunks grow and there are fewer
        // candidate blocks per user) until the candidates of one user fit too.
        let mut b0 = batch_max.min(1024);
        loop {
            let mut chunk = fixed_per_buf
                .unwrap_or(rows_fit)
                .min(rows_fit)
                .min(MAX_GROUPS * TILE)
                .min(n.max(1))
                .min(max / (4 * b0))
                .max(1);
            if chunk >= BLOCK && chunk < n {
                chunk -= chunk % BLOCK;
            }
            let per_buf = fixed_per_buf.unwrap_or(rows_fit / chunk * chunk);
            let mut plan = Plan {
                batch: batch_max.min(max / (4 * chunk)).max(1),
                chunk,
                per_buf,
            };
            let mut per_user = 0;
            if kk > 0 {
                let blocks: usize = plan.chunks(n).map(|(_, l)| l.div_ceil(block)).sum();
                per_user = blocks * kk * 8;
                plan.batch = plan.batch.min(max / per_user.max(1));
            }
            if plan.batch > 0 {
                return Ok(plan);
            }
            if b0 == 1 {
                return Err(Error::Unsupported(format!(
                    "top-{kk} candidates of {n} items ({per_user} bytes per user) exceed this \
                     GPU's buffer limit of {max} bytes"
                )));
            }
            b0 /= 2;
        }
    }

    /// Uploads the items into pooled buffers of `plan.per_buf` rows; returns `dim4`.
    pub(super) fn stage_items(
        &self,
        pool: &mut pool::Pool,
        items: &Packed<'_>,
        plan: &Plan,
    ) -> usize {
        let n = items.rows();
        for (j, start) in (0..n).step_by(plan.per_buf).enumerate() {
            let end = (start + plan.per_buf).min(n);
            let (bytes, scales) = items.pack(start, end, self.f16_items);
            let buf = pool.get(
                &self.device,
                Role::Items(j),
                bytes.len() as u64,
                self.max_bytes,
            );
            self.queue.write_buffer(&buf, 0, &bytes);
            if let Some(b) = scales {
                let sbuf = pool.get(
                    &self.device,
                    Role::ItemScales(j),
                    b.len() as u64,
                    self.max_bytes,
                );
                self.queue.write_buffer(&sbuf, 0, &b);
            }
        }
        items.cols().div_ceil(4)
    }

    /// Uploads users `u0..u0 + bl` (quantized per row for int8 items).
    pub(super) fn upload_users(
        &self,
        pool: &mut pool::Pool,
        users: &Matrix<'_>,
        int8: bool,
        u0: usize,
        bl: usize,
    ) {
        let d = users.cols();
        let dim4 = d.div_ceil(4);
        let rows = users.data().get(u0 * d..(u0 + bl) * d).unwrap_or(&[]);
        let bytes = if int8 {
            let mut q = vec![0i8; rows.len()];
            let scales: Vec<f32> = rows
                .chunks_exact(d.max(1))
                .zip(q.chunks_exact_mut(d.max(1)))
                .map(|(r, o)| quantize_row(r, o))
                .collect();
            let sb = pool::f32_bytes(&scales);
            let sbuf = pool.get(
                &self.device,
                Role::UserScales,
                sb.len() as u64,
                self.max_bytes,
            );
            self.queue.write_buffer(&sbuf, 0, &sb);
            pool::pack_i8(&q, d, dim4)
        } else {
            pool::pack_f32(rows, d, dim4)
        };
        let buf = pool.get(
            &self.device,
            Role::Users,
            bytes.len() as u64,
            self.max_bytes,
        );
        self.queue.write_buffer(&buf, 0, &bytes);
    }

    /// Encodes the matmul of the uploaded user batch (`bl` rows) against items `start..+len`
    /// into the pooled score buffer (row stride `len`).
    #[allow(clippy::too_many_arguments)]
    pub(super) fn encode_matmul(
        &self,
        pool: &mut pool::Pool,
        pass: &mut wgpu::ComputePass<'_>,
        params: &mut ParamWriter,
        plan: &Plan,
        src: &ItemSrc<'_>,
        dim4: usize,
        bl: usize,
        (start, len): (usize, usize),
    ) -> Result<()> {
        let j = start / plan.per_buf;
        let (int8, f16) = (src.int8, src.f16);
        let off = params.push(MatmulParams {
            users: u32_of("users", bl)?,
            items: u32_of("items", len)?,
            dim4: u32_of("dim", dim4)?,
            item_offset: u32_of("items", start - j * plan.per_buf)?,
            out_stride: u32_of("items", len)?,
            out_offset: 0,
            _pad: [0; 2],
        });
        let scores = pool.get(
            &self.device,
            Role::Scores,
            (bl * len * 4) as u64,
            self.max_bytes,
        );
        let users = pool.get(&self.device, Role::Users, 0, self.max_bytes);
        let (items, item_scales) = match src.resident {
            Some(r) => (
                r.bufs
                    .get(j)
                    .cloned()
                    .ok_or_else(|| Error::Unsupported("resident items: missing buffer".into()))?,
                r.scales.get(j).cloned(),
            ),
            None => (
                pool.get(&self.device, Role::Items(j), 0, self.max_bytes),
                int8.then(|| pool.get(&self.device, Role::ItemScales(j), 0, self.max_bytes)),
            ),
        };
        let pbuf = pool.get(&self.device, Role::Params, 0, self.max_bytes);
        if int8 {
            let us = pool.get(&self.device, Role::UserScales, 0, self.max_bytes);
            let is = item_scales
                .ok_or_else(|| Error::Unsupported("int8 items without their scales".into()))?;
            let bg = self.bind(
                &self.pipes.matmul_i8,
                (&pbuf, off),
                &[&users, &items, &scores, &us, &is],
            );
            pass.set_pipeline(&self.pipes.matmul_i8);
            pass.set_bind_group(0, &bg, &[]);
            pass.dispatch_workgroups(len.div_ceil(TILE) as u32, bl as u32, 1);
        } else {
            let pipe = match (&self.pipes.matmul_f16, f16) {
                (Some(p), true) => p,
                _ => &self.pipes.matmul,
            };
            let bg = self.bind(pipe, (&pbuf, off), &[&users, &items, &scores]);
            pass.set_pipeline(pipe);
            pass.set_bind_group(0, &bg, &[]);
            pass.dispatch_workgroups(len.div_ceil(TILE) as u32, bl.div_ceil(TILE) as u32, 1);
        }
        Ok(())
    }

    /// Writes the collected parameter blocks, submits `encoder` after copying `copy_bytes` of
    /// `src` to the read-back buffer, and awaits the bytes.
    pub(super) async fn finish(
        &self,
        pool: &mut pool::Pool,
        encoder: wgpu::CommandEncoder,
        params: ParamWriter,
        src: Role,
        copy_bytes: usize,
    ) -> Result<Vec<u8>> {
        let mut encoder = encoder;
        let pbuf = pool.get(
            &self.device,
            Role::Params,
            params.data.len() as u64,
            self.max_bytes,
        );
        self.queue.write_buffer(&pbuf, 0, &params.data);
        let size = (copy_bytes.max(4) as u64).next_multiple_of(4);
        let src = pool.get(&self.device, src, size, self.max_bytes);
        let rb = pool.get(&self.device, Role::Readback, size, self.max_bytes);
        encoder.copy_buffer_to_buffer(&src, 0, &rb, 0, size);
        self.queue.submit([encoder.finish()]);
        self.read_back(&rb, size).await
    }

    /// Async [`Backend::scores`]: the full `users × items` score matrix, row-major.
    pub async fn scores_async(&self, users: &Matrix<'_>, items: &Items<'_>) -> Result<Vec<f32>> {
        check_dims("users", users.cols(), items.cols())?;
        crate::compute::check_work(
            "users",
            users.rows(),
            items.rows(),
            items.cols(),
            items.rows(),
        )?;
        let (u, n, d) = (users.rows(), items.rows(), items.cols());
        let total = u.checked_mul(n).ok_or_else(|| {
            Error::invalid(
                "users",
                "a users × items score matrix that fits in memory",
                format!("{u} × {n}"),
            )
        })?;
        if total == 0 || d == 0 {
            return CpuBackend.scores(users, items);
        }
        let packed = Packed::of(items);
        let (int8, row_bytes) = (packed.is_int8(), packed.row_bytes());
        let mut pool = self.pool()?;
        let plan = self.plan(u, n, row_bytes, 0, BLOCK, None)?;
        let dim4 = self.stage_items(&mut pool, &packed, &plan);
        let src = ItemSrc {
            int8,
            f16: !int8 && self.f16_items,
            resident: None,
        };
        // Pre-size the pooled buffers so later `get(.., 0, ..)` calls see their final buffers.
        pool.get(
            &self.device,
            Role::Scores,
            (plan.batch * plan.chunk * 4) as u64,
            self.max_bytes,
        );
        pool.get(&self.device, Role::Params, PARAMS_STRIDE, self.max_bytes);
        let mut out = vec![0f32; total];
        for u0 in (0..u).step_by(plan.batch) {
            let bl = plan.batch.min(u - u0);
            self.upload_users(&mut pool, users, int8, u0, bl);
            for (start, len) in plan.chunks(n) {
                let mut params = ParamWriter::new();
                let mut enc = self.device.create_command_encoder(&Default::default());
                {
                    let mut pass = enc.begin_compute_pass(&Default::default());
                    self.encode_matmul(
                        &mut pool,
                        &mut pass,
                        &mut params,
                        &plan,
                        &src,
                        dim4,
                        bl,
                        (start, len),
                    )?;
                }
                let bytes = self
                    .finish(&mut pool, enc, params, Role::Scores, bl * len * 4)
                    .await?;
                let vals = pool::read_f32(&bytes);
                for r in 0..bl {
                    let dst = out.get_mut((u0 + r) * n + start..(u0 + r) * n + start + len);
                    let src = vals.get(r * len..(r + 1) * len);
                    if let (Some(dst), Some(src)) = (dst, src) {
                        dst.copy_from_slice(src);
                    }
                }
            }
        }
        Ok(out)
    }
}
