//! NumPy `.npy` files (format versions 1.0, 2.0 and 3.0): 2-D, C order, dtype `<f4` or `<f2`.

use super::{decode, Dtype, LoadedMatrix};
use crate::error::{Error, Result};

const WHAT: &str = "npy file";
const MAGIC: &[u8] = b"\x93NUMPY";
/// Headers larger than this are refused (numpy itself caps them near 10 KB).
const MAX_HEADER: usize = 1 << 20;

fn corrupt(reason: impl Into<String>) -> Error {
    Error::corrupt(WHAT, reason)
}

/// Parses a `.npy` file holding a 2-D C-order `float32` or `float16` array (little-endian).
pub fn load_npy(bytes: &[u8]) -> Result<LoadedMatrix> {
    if !bytes.starts_with(MAGIC) {
        return Err(corrupt(
            "missing the \\x93NUMPY magic bytes (is this really a .npy file?)",
        ));
    }
    if bytes.len() < 10 {
        return Err(corrupt(format!(
            "truncated after {} bytes, inside the preamble",
            bytes.len()
        )));
    }
    let major = bytes[6];
    let (hlen, start) = match major {
        1 => (usize::from(u16::from_le_bytes([bytes[8], bytes[9]])), 10),
        2 | 3 => {
            let Some(b) = bytes.get(8..12) else {
                return Err(corrupt("truncated before the header length"));
            };
            (u32::from_le_bytes([b[0], b[1], b[2], b[3]]) as usize, 12)
        }
        v => {
            return Err(corrupt(format!(
                "format version {v}.{} is not supported (1, 2 or 3)",
                bytes[7]
            )))
        }
    };
    if hlen > MAX_HEADER {
        return Err(corrupt(format!(
            "header length {hlen} is implausibly large"
        )));
    }
    let Some(header) = bytes.get(start..start + hlen) else {
        return Err(corrupt(format!(
            "header of {hlen} bytes is truncated (file has {} bytes)",
            bytes.len()
        )));
    };
    let header = std::str::from_utf8(header).map_err(|_| corrupt("header is not valid text"))?;
    let h = parse_header(header)?;
    let dtype = match h.descr.as_str() {
        "<f4" | "=f4" => Dtype::F32,
        "<f2" | "=f2" => Dtype::F16,
        "|i1" | "<i1" | "i1" => Dtype::I8,
        ">f4" | ">f2" => {
            return Err(corrupt(format!(
                "dtype '{}' is big-endian; save little-endian (arr.astype('<f4'))",
                h.descr
            )))
        }
        d => {
            return Err(corrupt(format!(
                "dtype '{d}' is not supported; expected '<f4' (float32) or '<f2' (float16)"
            )))
        }
    };
    if dtype == Dtype::I8 {
        return Err(corrupt(
            "int8 .npy has no per-row scales; use safetensors with a scales tensor, or f32/f16",
        ));
    }
    if h.fortran_order {
        return Err(corrupt(
            "array is in Fortran order; save a C-order array (np.ascontiguousarray)",
        ));
    }
    let [rows, cols] = h.shape[..] else {
        return Err(corrupt(format!(
            "shape {:?} is not 2-D; expected (items, dim)",
            h.shape
        )));
    };
    decode(WHAT, &bytes[start + hlen..], dtype, rows, cols)
}

#[derive(Debug)]
struct Header {
    descr: String,
    fortran_order: bool,
    shape: Vec<usize>,
}

/// A cursor over the Python dict literal of a `.npy` header.
struct Cursor<'a> {
    s: &'a [u8],
    i: usize,
}

impl Cursor<'_> {
    fn ws(&mut self) {
        while self.s.get(self.i).is_some_and(|c| c.is_ascii_whitespace()) {
            self.i += 1;
        }
    }
    fn peek(&mut self) -> Option<u8> {
        self.ws();
        self.s.get(self.i).copied()
    }
    fn eat(&mut self, c: u8) -> bool {
        if self.peek() == Some(c) {
            self.i += 1;
            true
        } else {
            false
        }
    }
    fn expect(&mut self, c: u8) -> Result<()> {
        if self.eat(c) {
            Ok(())
        } else {
            Err(corrupt(format!(
                "header is not a Python dict literal: expected '{}' at byte {}",
                c as char, self.i
            )))
        }
    }
    fn string(&mut self) -> Result<String> {
        let q = match self.peek() {
            Some(q @ (b'\'' | b'"')) => q,
            _ => {
                return Err(corrupt(format!(
                    "header: expected a quoted string at byte {}",
                    self.i
                )))
            }
        };
        self.i += 1;
        let start = self.i;
        while let Some(&c) = self.s.get(self.i) {
            if c == q {
                let out = String::from_utf8_lossy(&self.s[start..self.i]).into_owned();
                self.i += 1;
                return Ok(out);
            }
            self.i += 1;
        }
        Err(corrupt("header: unterminated string"))
    }
    fn word(&mut self) -> &[u8] {
        self.ws();
        let start = self.i;
        while self
            .s
            .get(self.i)
            .is_some_and(|c| c.is_ascii_alphanumeric())
        {
            self.i += 1;
        }
        &self.s[start..self.i]
    }
    fn shape(&mut self) -> Result<Vec<usize>> {
        self.expect(b'(')?;
        let mut dims = Vec::new();
        loop {
            if self.eat(b')') {
                return Ok(dims);
            }
            let w = self.word();
            let d = std::str::from_utf8(w)
                .ok()
                .and_then(|w| w.parse::<usize>().ok())
                .ok_or_else(|| corrupt("header: shape holds something other than integers"))?;
            if dims.len() >= 32 {
                return Err(corrupt("header: shape has too many dimensions"));
            }
            dims.push(d);
            if !self.eat(b',') {
                self.expect(b')')?;
                return Ok(dims);
            }
        }
    }
}

fn parse_header(text: &str) -> Result<Header> {
    let mut c = Cursor {
        s: text.as_bytes(),
        i: 0,
    };
    c.expect(b'{')?;
    let (mut descr, mut fortran, mut shape) = (None, None, None);
    loop {
        if c.eat(b'}') {
            break;
        }
        let key = c.string()?;
        c.expect(b':')?;
        match key.as_str() {
            "descr" => descr = Some(c.string()?),
            "fortran_order" => {
                fortran = Some(match c.word() {
                    b"True" => true,
                    b"False" => false,
                    _ => return Err(corrupt("header: fortran_order is neither True nor False")),
                })
            }
            "shape" => shape = Some(c.shape()?),
            k => return Err(corrupt(format!("header: unexpected key '{k}'"))),
        }
        if !c.eat(b',') {
            c.expect(b'}')?;
            break;
        }
    }
    match (descr, fortran, shape) {
        (Some(descr), Some(fortran_order), Some(shape)) => Ok(Header {
            descr,
            fortran_order,
            shape,
        }),
        _ => Err(corrupt(
            "header lacks one of 'descr', 'fortran_order', 'shape'",
        )),
    }
}

#[cfg(test)]
mod tests {
    use super::super::Values;
    use super::*;

    /// Builds a version-1 .npy the way numpy does (header padded to a multiple of 64 with '\n').
    pub(crate) fn npy(header: &str, data: &[u8]) -> Vec<u8> {
        let mut h = header.to_string();
        while (10 + h.len() + 1) % 64 != 0 {
            h.push(' ');
        }
        h.push('\n');
        let mut out = MAGIC.to_vec();
        out.extend([1, 0]);
        out.extend((h.len() as u16).to_le_bytes());
        out.extend(h.as_bytes());
        out.extend(data);
        out
    }

    fn f32s(v: &[f32]) -> Vec<u8> {
        v.iter().flat_map(|x| x.to_le_bytes()).collect()
    }

    #[test]
    fn reads_f32_and_f16() {
        let b = npy(
            "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 2), }",
            &f32s(&[1.0, 2.0, 3.0, 4.0]),
        );
        let m = load_npy(&b).unwrap();
        assert_eq!((m.rows, m.cols), (2, 2));
        assert_eq!(m.values, Values::F32(vec![1.0, 2.0, 3.0, 4.0]));
        let h: Vec<u8> = [0x3c00u16, 0xc000, 0x3800]
            .iter()
            .flat_map(|x| x.to_le_bytes())
            .collect();
        let b = npy(
            "{'descr': '<f2', 'fortran_order': False, 'shape': (1, 3)}",
            &h,
        );
        assert_eq!(
            load_npy(&b).unwrap().values,
            Values::F32(vec![1.0, -2.0, 0.5])
        );
    }

    #[test]
    fn refuses_every_kind_of_bad_file() {
        let ok_h = "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 2), }";
        let data = f32s(&[1.0, 2.0, 3.0, 4.0]);
        let good = npy(ok_h, &data);
        let cases: Vec<(Vec<u8>, &str)> = vec![
            (b"hello world".to_vec(), "magic"),
            (good[..8].to_vec(), "truncated after 8 bytes"),
            (good[..40].to_vec(), "truncated"),
            (
                good[..good.len() - 1].to_vec(),
                "needs 16 data bytes, the file has 15",
            ),
            ([good.clone(), vec![0]].concat(), "the file has 17"),
            (
                npy(
                    "{'descr': '>f4', 'fortran_order': False, 'shape': (2, 2)}",
                    &data,
                ),
                "big-endian",
            ),
            (
                npy(
                    "{'descr': '<f8', 'fortran_order': False, 'shape': (2, 1)}",
                    &data,
                ),
                "'<f8' is not supported",
            ),
            (
                npy(
                    "{'descr': '<f4', 'fortran_order': True, 'shape': (2, 2)}",
                    &data,
                ),
                "Fortran",
            ),
            (
                npy(
                    "{'descr': '<f4', 'fortran_order': False, 'shape': (4,)}",
                    &data,
                ),
                "not 2-D",
            ),
            (
                npy(
                    "{'descr': '<f4', 'fortran_order': False, 'shape': (2, 2, 1)}",
                    &data,
                ),
                "not 2-D",
            ),
            (
                npy(
                    "{'descr': '<f4', 'fortran_order': False, 'shape': (0, 4)}",
                    &[],
                ),
                "no values",
            ),
            (
                npy("{'descr': '<f4', 'fortran_order': False}", &data),
                "lacks",
            ),
            (
                npy(
                    "{'descr': '<f4', 'fortran_order': Maybe, 'shape': (2, 2)}",
                    &data,
                ),
                "fortran_order",
            ),
            (
                npy(
                    "{'descr': '<f4', 'fortran_order': False, 'shape': (2, x)}",
                    &data,
                ),
                "integers",
            ),
            (
                npy(
                    "{'descr': '<f4, 'fortran_order': False, 'shape': (2, 2)}",
                    &data,
                ),
                "header",
            ),
            (npy("['descr']", &data), "dict"),
            (
                npy(
                    "{'descr': '<f4', 'fortran_order': False, 'shape': (99999999999999999, 4000)}",
                    &data,
                ),
                "too large",
            ),
            (
                npy(
                    "{'descr': '<f4', 'fortran_order': False, 'shape': (1, 70000)}",
                    &data,
                ),
                "dimension 70000 is above the supported maximum 65536",
            ),
            (
                npy(ok_h, &f32s(&[1.0, f32::NAN, 3.0, 4.0])),
                "row 0, column 1 is not finite",
            ),
            (
                npy(ok_h, &f32s(&[1.0, 2.0, f32::INFINITY, 4.0])),
                "row 1, column 0",
            ),
        ];
        for (bytes, want) in cases {
            let e = load_npy(&bytes).unwrap_err();
            assert!(matches!(e, Error::Corrupt { .. }), "{e}");
            let e = e.to_string();
            assert!(
                e.starts_with("corrupt npy file: ") && e.contains(want),
                "{want}: {e}"
            );
        }
        let mut v9 = good.clone();
        v9[6] = 9;
        assert!(load_npy(&v9).unwrap_err().to_string().contains("version 9"));
        let mut huge = good;
        huge[8] = 0xff;
        huge[9] = 0xff;
        assert!(load_npy(&huge)
            .unwrap_err()
            .to_string()
            .contains("truncated"));
    }
}
