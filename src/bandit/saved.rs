//! The saved-state document: a small versioned, checksummed binary format.
//!
//! Layout: magic `EWBS` · format version (u16 LE) · kind tag (u8) · body length (u32 LE) · body ·
//! CRC-32 (IEEE) of everything before it (u32 LE). Numbers are little-endian; `f64` is stored
//! bit-exactly, so an export/import round trip reproduces a policy exactly.

use crate::error::{Error, Result};
use crate::num::Num;

/// The four bytes every saved bandit state starts with.
pub const MAGIC: &[u8; 4] = b"EWBS";
/// The current format version; older or newer documents are refused.
pub const VERSION: u16 = 1;
const WHAT: &str = "bandit state";

/// Slicing-by-8 lookup tables of the reflected CRC-32 polynomial 0xEDB88320: `CRC_TABLES[0]` is
/// the classic byte table, `CRC_TABLES[k]` advances a byte through k further zero bytes.
const CRC_TABLES: [[u32; 256]; 8] = {
    let mut t = [[0u32; 256]; 8];
    let mut i = 0;
    while i < 256 {
        let mut crc = i as u32;
        let mut k = 0;
        while k < 8 {
            crc = if crc & 1 == 1 {
                (crc >> 1) ^ 0xEDB8_8320
            } else {
                crc >> 1
            };
            k += 1;
        }
        t[0][i] = crc;
        i += 1;
    }
    let mut k = 1;
    while k < 8 {
        let mut i = 0;
        while i < 256 {
            let prev = t[k - 1][i];
            t[k][i] = (prev >> 8) ^ t[0][(prev & 0xFF) as usize];
            i += 1;
        }
        k += 1;
    }
    t
};

/// CRC-32 (IEEE 802.3, as in zlib/PNG) of `bytes`, eight bytes per step.
pub fn crc32(bytes: &[u8]) -> u32 {
    let t = &CRC_TABLES;
    let mut crc = 0xFFFF_FFFFu32;
    let mut chunks = bytes.chunks_exact(8);
    for c in &mut chunks {
        let one = u32::from_le_bytes([c[0], c[1], c[2], c[3]]) ^ crc;
        let two = u32::from_le_bytes([c[4], c[5], c[6], c[7]]);
        crc = t[7][(one & 0xFF) as usize]
            ^ t[6][((one >> 8) & 0xFF) as usize]
            ^ t[5][((one >> 16) & 0xFF) as usize]
            ^ t[4][(one >> 24) as usize]
            ^ t[3][(two & 0xFF) as usize]
            ^ t[2][((two >> 8) & 0xFF) as usize]
            ^ t[1][((two >> 16) & 0xFF) as usize]
            ^ t[0][(two >> 24) as usize];
    }
    for &b in chunks.remainder() {
        crc = (crc >> 8) ^ t[0][((crc ^ u32::from(b)) & 0xFF) as usize];
    }
    !crc
}

/// Appends values to a body.
#[derive(Default)]
pub struct Writer {
    buf: Vec<u8>,
}

impl Writer {
    /// Appends one byte.
    pub fn u8(&mut self, v: u8) {
        self.buf.push(v);
    }
    /// Appends a u32.
    pub fn u32(&mut self, v: u32) {
        self.buf.extend_from_slice(&v.to_le_bytes());
    }
    /// Appends a u64.
    pub fn u64(&mut self, v: u64) {
        self.buf.extend_from_slice(&v.to_le_bytes());
    }
    /// Appends an f64, bit-exactly.
    pub fn f64(&mut self, v: f64) {
        self.buf.extend_from_slice(&v.to_le_bytes());
    }
    /// Appends a length-prefixed run of f64.
    pub fn f64s(&mut self, v: &[f64]) {
        self.u64(v.len() as u64);
        for &x in v {
            self.f64(x);
        }
    }
    /// Appends a length-prefixed UTF-8 string.
    pub fn str(&mut self, v: &str) {
        self.u64(v.len() as u64);
        self.buf.extend_from_slice(v.as_bytes());
    }
    /// Wraps the body into a complete document of the given kind.
    pub fn finish(self, kind: u8) -> Vec<u8> {
        let mut out = Vec::with_capacity(self.buf.len() + 15);
        out.extend_from_slice(MAGIC);
        out.extend_from_slice(&VERSION.to_le_bytes());
        out.push(kind);
        out.extend_from_slice(&(self.buf.len() as u32).to_le_bytes());
        out.extend_from_slice(&self.buf);
        let crc = crc32(&out);
        out.extend_from_slice(&crc.to_le_bytes());
        out
    }
}

/// Reads values back from a verified body; every read fails cleanly on truncation.
pub struct Reader<'a> {
    buf: &'a [u8],
    pos: usize,
}

fn truncated(need: usize) -> Error {
    Error::corrupt(WHAT, format!("body ends early (needed {need} more bytes)"))
}

impl<'a> Reader<'a> {
    /// Checks magic, version, kind, length and checksum of `doc`; returns a reader over its body.
    pub fn open(doc: &'a [u8], kind: u8) -> Result<Self> {
        if doc.len() < 15 {
            return Err(Error::corrupt(
                WHAT,
                format!(
                    "{} bytes is too short to be a saved state (truncated?)",
                    doc.len()
                ),
            ));
        }
        if &doc[..4] != MAGIC {
            return Err(Error::corrupt(
                WHAT,
                "missing `EWBS` header: not a saved bandit state",
            ));
        }
        let version = u16::from_le_bytes([doc[4], doc[5]]);
        if version != VERSION {
            return Err(Error::corrupt(
                WHAT,
                format!("format version {version} is not supported (this build reads version {VERSION})"),
            ));
        }
        // u64 arithmetic: a hostile length field must not overflow a 32-bit usize.
        let announced = u64::from(u32::from_le_bytes([doc[7], doc[8], doc[9], doc[10]])) + 15;
        if doc.len() as u64 != announced {
            return Err(Error::corrupt(
                WHAT,
                format!(
                    "length mismatch: header announces {announced} bytes, got {} (truncated?)",
                    doc.len()
                ),
            ));
        }
        let len = doc.len() - 15;
        let (head, tail) = doc.split_at(len + 11);
        let stored = u32::from_le_bytes([tail[0], tail[1], tail[2], tail[3]]);
        if crc32(head) != stored {
            return Err(Error::corrupt(
                WHAT,
                "checksum mismatch: the bytes were altered",
            ));
        }
        if doc[6] != kind {
            return Err(Error::corrupt(
                WHAT,
                format!(
                    "holds a {} state, not a {} state",
                    kind_name(doc[6]),
                    kind_name(kind)
                ),
            ));
        }
        Ok(Reader {
            buf: &head[11..],
            pos: 0,
        })
    }

    fn take(&mut self, n: usize) -> Result<&'a [u8]> {
        let end = self.pos.checked_add(n).ok_or_else(|| truncated(n))?;
        let s = self
            .buf
            .get(self.pos..end)
            .ok_or_else(|| truncated(end - self.buf.len()))?;
        self.pos = end;
        Ok(s)
    }
    /// Reads one byte.
    pub fn u8(&mut self) -> Result<u8> {
        Ok(self.take(1)?[0])
    }
    /// Reads a u32.
    pub fn u32(&mut self) -> Result<u32> {
        let s = self.take(4)?;
        Ok(u32::from_le_bytes([s[0], s[1], s[2], s[3]]))
    }
    /// Reads a u64.
    pub fn u64(&mut self) -> Result<u64> {
        let mut b = [0u8; 8];
        b.copy_from_slice(self.take(8)?);
        Ok(u64::from_le_bytes(b))
    }
    /// Reads an f64.
    pub fn f64(&mut self) -> Result<f64> {
        Ok(f64::from_bits(self.u64()?))
    }
    /// Reads a finite f64 (a saved statistic can never be NaN or infinite).
    pub fn finite(&mut self, what: &str) -> Result<f64> {
        let v = self.f64()?;
        if v.is_finite() {
            Ok(v)
        } else {
            Err(Error::corrupt(WHAT, format!("{what} is {}", Num(v))))
        }
    }
    /// Reads a length-prefixed UTF-8 string.
    pub fn str(&mut self, what: &str) -> Result<String> {
        let n = self.count(1, what)?;
        let bytes = self.take(n)?;
        String::from_utf8(bytes.to_vec()).map_err(|_| invalid(format!("{what} is not UTF-8")))
    }
    /// Reads a length-prefixed run of f64, refusing lengths the body cannot hold.
    pub fn f64s(&mut self, what: &str) -> Result<Vec<f64>> {
        let n = self.count(8, what)?;
        (0..n).map(|_| self.finite(what)).collect()
    }
    /// Reads an element count and checks that `elem_size * count` bytes remain.
    pub fn count(&mut self, elem_size: usize, what: &str) -> Result<usize> {
        let n = self.u64()?;
        let left = (self.buf.len() - self.pos) as u64;
        if n.saturating_mul(elem_size as u64) > left {
            return Err(Error::corrupt(
                WHAT,
                format!("{what}: count {n} exceeds the data present"),
            ));
        }
        Ok(n as usize)
    }
    /// Fails unless the whole body was consumed.
    pub fn end(self) -> Result<()> {
        if self.pos == self.buf.len() {
            Ok(())
        } else {
            Err(Error::corrupt(
                WHAT,
                format!("{} unexpected trailing bytes", self.buf.len() - self.pos),
            ))
        }
    }
}

/// The bound on every saved counter (steps, pulls, decision ids), so ids handed to a page stay exact.
pub use crate::limits::MAX_SAFE_INTEGER;

/// A state that saves to and loads from a versioned, checksummed document (see the module
/// docs), shared by [`crate::bandit::MultiArmed`], [`crate::bandit::LinearBandit`] and
/// [`crate::bandit::privacy::PrivacyBudget`].
///
/// Loading is three steps: [`Reader::open`] checks the frame (magic, version, kind, length,
/// checksum), [`SavedState::decode`] reads the body, and [`SavedState::validate`] checks what it
/// means (finite, in-range statistics, ids below 2^53, positive definite matrices, parameters
/// within their documented ranges), because a checksum only proves that the bytes are the ones
/// written, not that whoever wrote them wrote something sensible.
pub trait SavedState: Sized {
    /// The kind tag written in the document's header.
    const KIND: u8;

    /// Appends the state's body.
    fn encode(&self, w: &mut Writer);

    /// Reads a body written by [`SavedState::encode`]; the reader has checked the frame.
    fn decode(r: &mut Reader) -> Result<Self>;

    /// Checks what a decoded state means, naming the first impossible value.
    fn validate(&self) -> Result<()>;

    /// Checks that `saved` may replace `self` in [`SavedState::load_state`] (e.g. the same
    /// context dimension). Any state by default.
    fn check_replacement(&self, saved: &Self) -> Result<()> {
        let _ = saved;
        Ok(())
    }

    /// The whole state as a versioned, checksummed document.
    fn export_state(&self) -> Vec<u8> {
        let mut w = Writer::default();
        self.encode(&mut w);
        w.finish(Self::KIND)
    }

    /// Rebuilds a state from [`SavedState::export_state`] output, refusing anything damaged or
    /// meaningless.
    fn import_state(doc: &[u8]) -> Result<Self> {
        let mut r = Reader::open(doc, Self::KIND)?;
        let state = Self::decode(&mut r)?;
        r.end()?;
        state.validate().map_err(|e| match e {
            e @ Error::Corrupt { .. } => e,
            other => invalid(other.to_string()),
        })?;
        Ok(state)
    }

    /// Replaces `self` with the state saved in `doc`; on any error `self` is left untouched.
    fn load_state(&mut self, doc: &[u8]) -> Result<()> {
        let saved = Self::import_state(doc)?;
        self.check_replacement(&saved)?;
        *self = saved;
        Ok(())
    }
}

/// Fails unless the saved counter `value` is at most [`MAX_SAFE_INTEGER`].
pub(crate) fn safe_count(what: &str, value: u64) -> Result<()> {
    if value > MAX_SAFE_INTEGER {
        return Err(invalid(format!(
            "{what} is {value}, above 2^53 - 1 (the largest exact JS integer)"
        )));
    }
    Ok(())
}

/// Kind tag of a [`crate::bandit::MultiArmed`] state.
pub const KIND_MAB: u8 = 1;
/// Kind tag of a [`crate::bandit::LinearBandit`] state.
pub const KIND_LINEAR: u8 = 2;
/// Kind tag of a [`crate::bandit::privacy::PrivacyBudget`] state.
pub const KIND_BUDGET: u8 = 3;

fn kind_name(k: u8) -> String {
    match k {
        KIND_MAB => "multi-armed".into(),
        KIND_LINEAR => "linear contextual".into(),
        KIND_BUDGET => "privacy budget".into(),
        other => format!("unknown (tag {other})"),
    }
}

/// The error for a body that decodes but holds impossible values.
pub(crate) fn invalid(reason: impl Into<String>) -> Error {
    Error::corrupt(WHAT, reason)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn crc32_known_answer() {
        assert_eq!(crc32(b"123456789"), 0xCBF4_3926);
        assert_eq!(crc32(b""), 0);
        assert_eq!(
            crc32(b"The quick brown fox jumps over the lazy dog"),
            0x414F_A339
        );
        // Slicing-by-8 agrees with the bit-at-a-time definition at every length and alignment.
        let bitwise = |bytes: &[u8]| {
            let mut crc = 0xFFFF_FFFFu32;
            for &b in bytes {
                crc ^= u32::from(b);
                for _ in 0..8 {
                    crc = (crc >> 1) ^ (0xEDB8_8320 & (crc & 1).wrapping_neg());
                }
            }
            !crc
        };
        let data: Vec<u8> = (0..300u32)
            .map(|i| (i.wrapping_mul(2_654_435_761) >> 13) as u8)
            .collect();
        for start in 0..8 {
            for len in 0..100 {
                let s = &data[start..start + len];
                assert_eq!(crc32(s), bitwise(s), "start {start} len {len}");
            }
        }
    }

    #[test]
    fn round_trip_and_refusals() {
        let mut w = Writer::default();
        w.u8(7);
        w.f64s(&[1.5, -0.25]);
        let doc = w.finish(KIND_MAB);
        let mut r = Reader::open(&doc, KIND_MAB).unwrap();
        assert_eq!(r.u8().unwrap(), 7);
        assert_eq!(r.f64s("x").unwrap(), vec![1.5, -0.25]);
        r.end().unwrap();
        // Wrong kind, truncation, altered byte, version bump: all refused with a reason.
        let msg = |d: &[u8], k| Reader::open(d, k).err().unwrap().to_string();
        assert!(msg(&doc, KIND_LINEAR).contains("multi-armed"));
        assert!(msg(&doc[..doc.len() - 1], KIND_MAB).contains("truncated"));
        assert!(msg(&doc[..5], KIND_MAB).contains("too short"));
        let mut bad = doc.clone();
        bad[13] ^= 1;
        assert!(msg(&bad, KIND_MAB).contains("checksum"));
        let mut huge = doc.clone();
        huge[7..11].copy_from_slice(&u32::MAX.to_le_bytes());
        assert!(msg(&huge, KIND_MAB).contains("4294967310 bytes"));
        let mut v2 = doc.clone();
        v2[4] = 2;
        assert!(msg(&v2, KIND_MAB).contains("version 2"));
        let mut r = Reader::open(&doc, KIND_MAB).unwrap();
        r.u8().unwrap();
        assert!(r.count(8, "huge").is_ok());
        // 25 body bytes: three u64 reads fit, the fourth runs off the end.
        let mut r = Reader::open(&doc, KIND_MAB).unwrap();
        for _ in 0..3 {
            r.u64().unwrap();
        }
        assert!(r.u64().unwrap_err().to_string().contains("ends early"));
    }
}
