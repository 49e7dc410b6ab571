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

/// `x` rounded to the nearest IEEE binary16 (ties to even; overflow to ±inf, NaN kept NaN).
pub(crate) fn f16_bits(x: f32) -> u16 {
    let b = x.to_bits();
    let sign = ((b >> 16) & 0x8000) as u16;
    let exp = ((b >> 23) & 0xff) as i32;
    let man = b & 0x7f_ffff;
    if exp == 0xff {
        return sign | 0x7c00 | if man != 0 { 0x200 } else { 0 };
    }
    // Rounds `m >> shift` to nearest, ties to even.
    let round = |m: u32, shift: u32| -> u32 {
        if shift > 31 {
            return 0;
        }
        let q = m >> shift;
        let rem = m & ((1u32 << shift) - 1);
        let half = 1u32 << (shift - 1);
        if rem > half || (rem == half && q & 1 == 1) {
            q + 1
        } else {
            q
        }
    };
    let e = exp - 127 + 15;
    if e >= 0x1f {
        return sign | 0x7c00;
    }
    if e <= 0 {
        // Subnormal half: units of 2^-24; the f32 significand with its implicit bit is m · 2^(exp-150).
        let m = if exp == 0 { man } else { man | 0x80_0000 };
        return sign | round(m, (126 - exp.max(1)) as u32) as u16;
    }
    // A carry out of the mantissa moves into the exponent, which is the right result (up to inf).
    sign | round(((e as u32) << 23) | man, 13) as u16
}

/// `rows × cols` f32 values as little-endian binary16, each row padded with zeros to `cols4 · 4`.
pub(crate) fn pack_f16(data: &[f32], cols: usize, cols4: usize) -> Vec<u8> {
    let rows = data.len().checked_div(cols).unwrap_or(0);
    let mut out = Vec::with_capacity(rows * cols4 * 8);
    for r in data.chunks_exact(cols.max(1)).take(rows) {
        for v in r {
            out.extend_from_slice(&f16_bits(*v).to_le_bytes());
        }
        out.resize(out.len() + (cols4 * 4 - cols) * 2, 0);
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
    fn f16_rounding_matches_numpy() {
        // np.float32(x).astype(np.float16).view(np.uint16)
        let cases = [
            (1.0f32, 0x3c00u16),
            (65504.0, 0x7bff),
            (65520.0, 0x7c00),
            (2f32.powi(-24), 0x0001),
            (2f32.powi(-25), 0x0000),
            (1.5 * 2f32.powi(-24), 0x0002),
            (0.1, 0x2e66),
            (-2.5, 0xc100),
            (1e-5, 0x00a8),
            (6.1e-5, 0x03ff),
            (3e38, 0x7c00),
            (f32::NEG_INFINITY, 0xfc00),
            (-0.0, 0x8000),
        ];
        for (x, h) in cases {
            assert_eq!(f16_bits(x), h, "{x}");
        }
        assert_eq!(f16_bits(f32::NAN) & 0x7c00, 0x7c00);
        assert_ne!(f16_bits(f32::NAN) & 0x3ff, 0);
        assert_eq!(
            pack_f16(&[1.0, -2.5], 2, 1),
            vec![0, 0x3c, 0, 0xc1, 0, 0, 0, 0]
        );
    }

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
