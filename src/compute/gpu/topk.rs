//! Top-k on the GPU: `topk.wgsl` selects the best entries of each block of a row's scores, only
//! those candidates are read back, and the CPU merges the blocks of each row.

// The pool guard is held across the read-back await on purpose: it makes one operation own the
// buffers until its results are copied out. It is only ever taken with `try_lock`
// (`GpuBackend::pool`), so a held guard makes a concurrent call fail fast, never block.
#![allow(clippy::await_holding_lock)]

use super::backend::GpuBackend;
use super::params::{u32_of, ParamWriter, TopkParams, PARAMS_STRIDE};
use super::plan::{block_for, Packed, Plan, GPU_TOPK_MAX, MAX_GROUPS};
use super::pool::{self, Role};
use super::resident::ItemSrc;
use crate::compute::topk::TopK;
use crate::compute::{check_k, check_top_k, Backend, CpuBackend, Hit, Items, Matrix};
use crate::error::{Error, Result};

/// Slot of a block that had fewer entries than `k`.
const NONE: u32 = u32::MAX;
/// Inverse of `key_of` in `topk.wgsl`.
fn score_of_key(key: u32) -> f32 {
    if key == 0 {
        f32::NAN
    } else if key & 0x8000_0000 != 0 {
        f32::from_bits(key & 0x7fff_ffff)
    } else {
        f32::from_bits(!key)
    }
}

/// Merges per-block candidates (`rows × blocks × kk` pairs of (key, index)) into each row's top-`k`.
fn merge(cands: &[u32], rows: usize, blocks: usize, kk: usize, k: usize) -> Vec<Vec<Hit>> {
    let per_row = blocks * kk * 2;
    (0..rows)
        .map(|r| {
            let mut t = TopK::new(k);
            let row = cands.get(r * per_row..(r + 1) * per_row).unwrap_or(&[]);
            for pair in row.chunks_exact(2) {
                if pair[1] != NONE {
                    t.push(pair[1], score_of_key(pair[0]));
                }
            }
            t.into_sorted()
        })
        .collect()
}

impl GpuBackend {
    /// Encodes the partial top-k of the pooled score buffer (`rows × cols`, stride `stride`) in
    /// blocks of `block` scores into the candidate buffer at output block `block0` of `blocks`
    /// per row.
    #[allow(clippy::too_many_arguments)]
    fn encode_topk(
        &self,
        pool: &mut pool::Pool,
        pass: &mut wgpu::ComputePass<'_>,
        params: &mut ParamWriter,
        rows: usize,
        (index0, cols): (usize, usize),
        stride: usize,
        (kk, block): (usize, usize),
        (blocks, block0): (usize, usize),
    ) -> Result<()> {
        let off = params.push(TopkParams {
            rows: u32_of("rows", rows)?,
            cols: u32_of("items", cols)?,
            stride: u32_of("items", stride)?,
            k: u32_of("k", kk)?,
            index_offset: u32_of("items", index0)?,
            out_blocks: u32_of("items", blocks)?,
            out_block0: u32_of("items", block0)?,
            block: u32_of("items", block)?,
        });
        let scores = pool.get(&self.device, Role::Scores, 0, self.max_bytes);
        let cands = pool.get(
            &self.device,
            Role::Candidates,
            (rows * blocks * kk * 8) as u64,
            self.max_bytes,
        );
        let pbuf = pool.get(&self.device, Role::Params, 0, self.max_bytes);
        let bg = self.bind(&self.pipes.topk, (&pbuf, off), &[&scores, &cands]);
        pass.set_pipeline(&self.pipes.topk);
        pass.set_bind_group(0, &bg, &[]);
        // One thread per (row, block), 64 per workgroup, folded into 2-D past 65535 groups.
        let groups = (rows * cols.div_ceil(block)).div_ceil(64);
        let gx = groups.clamp(1, MAX_GROUPS);
        pass.dispatch_workgroups(gx as u32, groups.div_ceil(gx) as u32, 1);
        Ok(())
    }

    /// Async [`Backend::scores_top_k`]: each user's top-`k` items, selected on the GPU per block
    /// of 4096 items and merged on the CPU (`k` above [`GPU_TOPK_MAX`]: selected on the CPU).
    pub async fn scores_top_k_async(
        &self,
        users: &Matrix<'_>,
        items: &Items<'_>,
        k: usize,
    ) -> Result<Vec<Vec<Hit>>> {
        let (u, n, d) = (users.rows(), items.rows(), items.cols());
        check_top_k(users, n, d, k)?;
        if n > u32::MAX as usize - 1 {
            return Err(Error::invalid(
                "items",
                "at most 2^32 - 2 items on the GPU",
                n,
            ));
        }
        if u == 0 || n == 0 || d == 0 {
            return CpuBackend.scores_top_k(users, items, k);
        }
        let kk = k.min(n);
        if kk > GPU_TOPK_MAX {
            let s = self.scores_async(users, items).await?;
            return CpuBackend.top_k_rows(&Matrix::trusted(&s, u, n), k);
        }
        let packed = Packed::of(items);
        let (int8, row_bytes) = (packed.is_int8(), packed.row_bytes());
        let kb = kk;
        let block = block_for(kb);
        let mut pool = self.pool()?;
        let plan = self.plan(u, n, row_bytes, kb, block, None)?;
        let dim4 = self.stage_items(&mut pool, &packed, &plan);
        let src = ItemSrc {
            int8,
            f16: !int8 && self.f16_items,
            resident: None,
        };
        self.top_k_batches(&mut pool, users, &src, &plan, (dim4, kb, block), n)
            .await
    }

    /// Scores and selects per user batch: matmul then partial top-k per chunk, one submission
    /// and one candidate read-back per batch, merged on the CPU.
    pub(super) async fn top_k_batches(
        &self,
        pool: &mut pool::Pool,
        users: &Matrix<'_>,
        src: &ItemSrc<'_>,
        plan: &Plan,
        (dim4, kb, block): (usize, usize, usize),
        n: usize,
    ) -> Result<Vec<Vec<Hit>>> {
        let (u, int8, kk) = (users.rows(), src.int8, kb);
        let blocks: usize = plan.chunks(n).map(|(_, l)| l.div_ceil(block)).sum();
        pool.get(
            &self.device,
            Role::Scores,
            (plan.batch * plan.chunk * 4) as u64,
            self.max_bytes,
        );
        pool.get(
            &self.device,
            Role::Candidates,
            (plan.batch * blocks * kb * 8) as u64,
            self.max_bytes,
        );
        let dispatches = 2 * plan.chunks(n).count() as u64;
        pool.get(
            &self.device,
            Role::Params,
            dispatches * PARAMS_STRIDE,
            self.max_bytes,
        );
        let mut out = Vec::with_capacity(u);
        for u0 in (0..u).step_by(plan.batch) {
            let bl = plan.batch.min(u - u0);
            self.upload_users(pool, users, int8, u0, bl);
            let mut params = ParamWriter::new();
            let mut enc = self.device.create_command_encoder(&Default::default());
            {
                let mut pass = enc.begin_compute_pass(&Default::default());
                let mut block0 = 0;
                for (start, len) in plan.chunks(n) {
                    self.encode_matmul(
                        pool,
                        &mut pass,
                        &mut params,
                        plan,
                        src,
                        dim4,
                        bl,
                        (start, len),
                    )?;
                    self.encode_topk(
                        pool,
                        &mut pass,
                        &mut params,
                        bl,
                        (start, len),
                        len,
                        (kb, block),
                        (blocks, block0),
                    )?;
                    block0 += len.div_ceil(block);
                }
            }
            let bytes = self
                .finish(pool, enc, params, Role::Candidates, bl * blocks * kb * 8)
                .await?;
            out.extend(merge(&pool::read_u32(&bytes), bl, blocks, kb, kk));
        }
        Ok(out)
    }

    /// Async [`Backend::top_k_rows`]: top-`k` of each row of a host score matrix (rows wider than
    /// the buffer cap, or `k` above [`GPU_TOPK_MAX`], are selected on the CPU).
    pub async fn top_k_rows_async(&self, scores: &Matrix<'_>, k: usize) -> Result<Vec<Vec<Hit>>> {
        check_k(k)?;
        let (rows, n) = (scores.rows(), scores.cols());
        let max = usize::try_from(self.max_bytes).unwrap_or(usize::MAX);
        let kk = k.min(n);
        if rows == 0 || n == 0 || kk > GPU_TOPK_MAX || n > max / 4 || n > u32::MAX as usize - 1 {
            return CpuBackend.top_k_rows(scores, k);
        }
        let block = block_for(kk);
        let blocks = n.div_ceil(block);
        let batch = rows
            .min(MAX_GROUPS)
            .min(max / (n * 4))
            .min(max / (blocks * kk * 8))
            .max(1);
        let mut pool = self.pool()?;
        pool.get(&self.device, Role::Params, PARAMS_STRIDE, self.max_bytes);
        let mut out = Vec::with_capacity(rows);
        for r0 in (0..rows).step_by(batch) {
            let bl = batch.min(rows - r0);
            let bytes = pool::f32_bytes(scores.data().get(r0 * n..(r0 + bl) * n).unwrap_or(&[]));
            let sbuf = pool.get(
                &self.device,
                Role::Scores,
                bytes.len() as u64,
                self.max_bytes,
            );
            self.queue.write_buffer(&sbuf, 0, &bytes);
            pool.get(
                &self.device,
                Role::Candidates,
                (bl * blocks * kk * 8) as u64,
                self.max_bytes,
            );
            let mut params = ParamWriter::new();
            let mut enc = self.device.create_command_encoder(&Default::default());
            {
                let mut pass = enc.begin_compute_pass(&Default::default());
                self.encode_topk(
                    &mut pool,
                    &mut pass,
                    &mut params,
                    bl,
                    (0, n),
                    n,
                    (kk, block),
                    (blocks, 0),
                )?;
            }
            let bytes = self
                .finish(
                    &mut pool,
                    enc,
                    params,
                    Role::Candidates,
                    bl * blocks * kk * 8,
                )
                .await?;
            out.extend(merge(&pool::read_u32(&bytes), bl, blocks, kk, kk));
        }
        Ok(out)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn keys_round_trip() {
        // The inverse of topk.wgsl's key_of, checked on the host encoding.
        fn key_of(x: f32) -> u32 {
            let mut b = x.to_bits();
            if b & 0x7fff_ffff > 0x7f80_0000 {
                return 0;
            }
            if b == 0x8000_0000 {
                b = 0;
            }
            if b & 0x8000_0000 != 0 {
                !b
            } else {
                b | 0x8000_0000
            }
        }
        let xs = [
            f32::NEG_INFINITY,
            -3.5,
            -1e-30,
            0.0,
            1e-30,
            2.0,
            f32::INFINITY,
        ];
        for w in xs.windows(2) {
            assert!(key_of(w[0]) < key_of(w[1]), "{w:?}");
        }
        for &x in &xs {
            assert_eq!(score_of_key(key_of(x)).to_bits(), x.to_bits());
        }
        assert_eq!(key_of(-0.0), key_of(0.0));
        assert_eq!(key_of(f32::NAN), 0);
        assert!(score_of_key(0).is_nan());
        assert!(key_of(f32::NEG_INFINITY) > 0);
    }

    #[test]
    fn merge_skips_empty_slots_and_keeps_rank_order() {
        let k1 = 2.0f32.to_bits() | 0x8000_0000;
        let k2 = 1.0f32.to_bits() | 0x8000_0000;
        // One row, two blocks of two slots: block 0 = (2.0 @5, empty), block 1 = (1.0 @1, 2.0 @3).
        let c = [k1, 5, 0, NONE, k2, 1, k1, 3];
        let got = merge(&c, 1, 2, 2, 3);
        let idx: Vec<u32> = got[0].iter().map(|h| h.index).collect();
        assert_eq!(idx, vec![3, 5, 1]);
    }
}
