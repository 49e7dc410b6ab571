//! Grow-only GPU buffers reused across calls, and little-endian packing of host data.

use std::collections::HashMap;

/// What a pooled buffer is for; each role has its own buffer (items may span several chunks).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub(crate) enum Role {
    Params,
    Users,
    UserScales,
    Items(usize),
    ItemScales(usize),
    Scores,
    Candidates,
    Readback,
    Points,
    Centroids,
    Labels,
    Distances,
    Partials,
}

impl Role {
    fn usage(self) -> wgpu::BufferUsages {
        use wgpu::BufferUsages as U;
        match self {
            Role::Params => U::UNIFORM | U::COPY_DST,
            Role::Readback => U::MAP_READ | U::COPY_DST,
            _ => U::STORAGE | U::COPY_DST | U::COPY_SRC,
        }
    }
}

/// Buffers by role; a request larger than the current buffer replaces it with one of the next
/// power-of-two size (capped at the device limit), so repeated calls allocate nothing.
#[derive(Default)]
pub(crate) struct Pool {
    bufs: HashMap<Role, wgpu::Buffer>,
}

impl Pool {
    /// A buffer of at least `size` bytes for `role` (`cap` = the largest buffer allowed).
    pub(crate) fn get(
        &mut self,
        device: &wgpu::Device,
        role: Role,
        size: u64,
        cap: u64,
    ) -> wgpu::Buffer {
        let size = size.max(256).next_multiple_of(256);
        if let Some(b) = self.bufs.get(&role) {
            if b.size() >= size {
                return b.clone();
            }
        }
        let alloc = size.next_power_of_two().min(cap.max(size));
        let buf = device.create_buffer(&wgpu::BufferDescriptor {
            label: Some("edgewise pooled buffer"),
            size: alloc,
            usage: role.usage(),
            mapped_at_creation: false,
        });
        self.bufs.insert(role, buf.clone());
        buf
    }

    /// Total bytes held (for reports).
    pub(crate) fn bytes(&self) -> u64 {
        self.bufs.values().map(|b| b.size()).sum()
    }
}

/// `rows × cols` f32 values as little-endian bytes, each row padded with zeros to `cols4 · 4`.
pub(crate) fn pack_f32(data: &[f32], cols: usize, cols4: usize) -> Vec<u8> {
    let rows = data.len().checked_div(cols).unwrap_or(0);
    let mut out = Vec::with_capacity(rows * cols4 * 16);
    for r in data.chunks_exact(cols.max(1)).take(rows) {
        for v in r {
            out.extend_from_slice(&v.to_le_bytes());
        }
        out.resize(out.len() + (cols4 * 4 - cols) * 4, 0);
    }
    out
}

/// `rows × cols` int8 values packed 4 per u32 (little-endian), rows padded to `cols4` words.
pub(crate) fn pack_i8(data: &[i8], cols: usize, cols4: usize) -> Vec<u8> {
    let rows = data.len().checked_div(cols).unwrap_or(0);
    let mut out = Vec::with_capacity(rows * cols4 * 4);
    for r in data.chunks_exact(cols.max(1)).take(rows) {
        out.extend(r.iter().map(|&v| v as u8));
        out.resize(out.len() + (cols4 * 4 - cols), 0);
    }
    out
}

/// f32 values as little-endian bytes.
pub(crate) fn f32_bytes(v: &[f32]) -> Vec<u8> {
    v.iter().flat_map(|x| x.to_le_bytes()).collect()
}

/// u32 values as little-endian bytes.
#[cfg(test)]
pub(crate) fn u32_bytes(v: &[u32]) -> Vec<u8> {
    v.iter().flat_map(|x| x.to_le_bytes()).collect()
}

/// Little-endian bytes back to u32 values (a trailing partial word is ignored).
pub(crate) fn read_u32(bytes: &[u8]) -> Vec<u32> {
    bytes
        .chunks_exact(4)
        .map(|c| u32::from_le_bytes([c[0], c[1], c[2], c[3]]))
        .collect()
}

/// Little-endian bytes back to f32 values.
pub(crate) fn read_f32(bytes: &[u8]) -> Vec<f32> {
    read_u32(bytes).into_iter().map(f32::from_bits).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn packing_pads_rows_and_round_trips() {
        let b = pack_f32(&[1.0, 2.0, 3.0, 4.0, 5.0, 6.0], 3, 1);
        assert_eq!(read_f32(&b), vec![1.0, 2.0, 3.0, 0.0, 4.0, 5.0, 6.0, 0.0]);
        let q = pack_i8(&[1, -1, 2, 3, -4, 5], 3, 1);
        assert_eq!(q, vec![1, 255, 2, 0, 3, 252, 5, 0]);
        assert_eq!(read_u32(&u32_bytes(&[7, u32::MAX])), vec![7, u32::MAX]);
        assert!(pack_f32(&[], 0, 0).is_empty());
        assert_eq!(f32_bytes(&[1.5]), 1.5f32.to_le_bytes().to_vec());
    }
}
