//! `.safetensors` files: an 8-byte little-endian header length, a JSON header naming each tensor's
//! dtype, shape and byte range, then the data. Tensors are chosen by name.

use super::{decode, Dtype, LoadedMatrix, Values};
use crate::error::{Error, Result};
use crate::rerank::json::{self, Json};
use std::collections::BinaryHeap;

const WHAT: &str = "safetensors file";
/// The safetensors reference implementation refuses headers above 100 MB.
const MAX_HEADER: u64 = 100_000_000;

fn corrupt(reason: impl Into<String>) -> Error {
    Error::corrupt(WHAT, reason)
}

/// The members of a parsed header object, in the order written.
type Members = Vec<(String, Json)>;

/// Splits the file into its parsed header (an object's members) and data buffer.
fn split(bytes: &[u8]) -> Result<(Members, &[u8])> {
    let Some(len) = bytes.get(..8) else {
        return Err(corrupt(format!(
            "truncated: {} bytes, less than the 8-byte header length",
            bytes.len()
        )));
    };
    let n = u64::from_le_bytes([
        len[0], len[1], len[2], len[3], len[4], len[5], len[6], len[7],
    ]);
    if n > MAX_HEADER {
        return Err(corrupt(format!("header length {n} is implausibly large")));
    }
    let n = n as usize;
    let Some(header) = bytes.get(8..8 + n) else {
        return Err(corrupt(format!(
            "header of {n} bytes is truncated (file has {} bytes)",
            bytes.len()
        )));
    };
    let parsed =
        json::parse(header).map_err(|e| corrupt(format!("header is not valid JSON: {e}")))?;
    let Json::Obj(members) = parsed else {
        return Err(corrupt("header is not a JSON object"));
    };
    Ok((members, &bytes[8 + n..]))
}

/// The tensor names of a header, sorted, each once (`__metadata__` left out). Sorted by a
/// binary heap's heapsort: a cold path, and smaller in wasm than a slice sort instance.
fn names(members: &[(String, Json)]) -> Vec<&str> {
    let heap: BinaryHeap<&str> = members
        .iter()
        .map(|(k, _)| k.as_str())
        .filter(|k| *k != "__metadata__")
        .collect();
    let mut names = heap.into_sorted_vec();
    names.dedup();
    names
}

/// Names of the tensors in a safetensors file (sorted, each once), for error messages and pickers.
pub fn safetensors_names(bytes: &[u8]) -> Result<Vec<String>> {
    let (members, _) = split(bytes)?;
    Ok(names(&members).into_iter().map(String::from).collect())
}

fn as_usize_list(v: Option<&Json>, field: &str, name: &str) -> Result<Vec<usize>> {
    let arr = v.and_then(Json::as_array).ok_or_else(|| {
        corrupt(format!(
            "tensor '{name}': '{field}' is missing or not a list"
        ))
    })?;
    arr.iter()
        .map(|x| {
            x.as_u64()
                .and_then(|u| usize::try_from(u).ok())
                .ok_or_else(|| {
                    let x = match x {
                        Json::Num(text) => text.as_str(),
                        Json::Str(_) => "a string",
                        Json::Arr(_) => "an array",
                        Json::Obj(_) => "an object",
                        Json::Bool(_) => "a boolean",
                        Json::Null => "null",
                    };
                    corrupt(format!(
                        "tensor '{name}': '{field}' holds {x}, expected non-negative integers"
                    ))
                })
        })
        .collect()
}

/// Reads the tensor `name` of a safetensors file: `F32`, `F16` or `I8`, 2-D (items × dim); a 1-D
/// tensor is read as one column (useful for per-row int8 scales).
pub fn load_safetensors(bytes: &[u8], name: &str) -> Result<LoadedMatrix> {
    let (members, data) = split(bytes)?;
    // A repeated key counts with its last value (as `Json::get`).
    let found = members.iter().rev().find(|(k, _)| k == name);
    let Some((_, info)) = found.filter(|_| name != "__metadata__") else {
        return Err(Error::invalid(
            "tensor",
            format!("one of the file's tensors [{}]", names(&members).join(", ")),
            format!("'{name}'"),
        ));
    };
    let dtype = match info.get("dtype").and_then(Json::as_str) {
        Some("F32") => Dtype::F32,
        Some("F16") => Dtype::F16,
        Some("I8") => Dtype::I8,
        Some(d) => {
            return Err(Error::invalid(
                "tensor",
                "a tensor of dtype F32, F16 or I8",
                format!("'{name}' of dtype {d}"),
            ))
        }
        None => return Err(corrupt(format!("tensor '{name}': 'dtype' is missing"))),
    };
    let shape = as_usize_list(info.get("shape"), "shape", name)?;
    let (rows, cols) = match shape[..] {
        [r, c] => (r, c),
        [r] => (r, 1),
        _ => {
            return Err(Error::invalid(
                "tensor",
                "a 2-D tensor (items, dim) or a 1-D one",
                format!("'{name}' of shape {shape:?}"),
            ))
        }
    };
    let offs = as_usize_list(info.get("data_offsets"), "data_offsets", name)?;
    let [begin, end] = offs[..] else {
        return Err(corrupt(format!(
            "tensor '{name}': data_offsets should be [begin, end], got {offs:?}"
        )));
    };
    if begin > end || end > data.len() {
        return Err(corrupt(format!(
            "tensor '{name}': byte range [{begin}, {end}) lies outside the {}-byte data buffer",
            data.len()
        )));
    }
    decode(WHAT, &data[begin..end], dtype, rows, cols).map_err(|e| match e {
        Error::Corrupt { what, reason } => Error::Corrupt {
            what,
            reason: format!("tensor '{name}': {reason}"),
        },
        other => other,
    })
}

/// Reads a per-row scale vector (`F32`/`F16`, shape `(rows,)` or `(rows, 1)`) from a safetensors file.
pub(crate) fn load_scales(bytes: &[u8], name: &str, rows: usize) -> Result<Vec<f32>> {
    let m = load_safetensors(bytes, name)?;
    match m.values {
        Values::F32(v) if m.cols == 1 && m.rows == rows => Ok(v),
        _ => Err(Error::invalid(
            "scales",
            format!("an F32/F16 tensor of {rows} values (one scale per item)"),
            format!("'{name}' of shape ({}, {})", m.rows, m.cols),
        )),
    }
}

#[cfg(test)]
pub(crate) mod tests {
    use super::*;
    use serde_json::Value;

    /// Builds a safetensors file from (name, dtype, shape, bytes) the way the reference writer does.
    pub(crate) fn build(tensors: &[(&str, &str, Vec<usize>, Vec<u8>)]) -> Vec<u8> {
        let mut header = serde_json::Map::new();
        header.insert("__metadata__".into(), serde_json::json!({"format": "pt"}));
        let mut data: Vec<u8> = Vec::new();
        for (name, dtype, shape, bytes) in tensors {
            let begin = data.len();
            data.extend(bytes);
            header.insert(
                (*name).into(),
                serde_json::json!({"dtype": dtype, "shape": shape, "data_offsets": [begin, data.len()]}),
            );
        }
        let h = serde_json::to_vec(&Value::Object(header)).unwrap();
        let mut out = (h.len() as u64).to_le_bytes().to_vec();
        out.extend(h);
        out.extend(data);
        out
    }

    fn f32s(v: &[f32]) -> Vec<u8> {
        v.iter().flat_map(|x| x.to_le_bytes()).collect()
    }

    #[test]
    fn reads_tensors_by_name() {
        let f = build(&[
            (
                "emb",
                "F32",
                vec![2, 3],
                f32s(&[1.0, 2.0, 3.0, 4.0, 5.0, 6.0]),
            ),
            ("q", "I8", vec![1, 3], vec![1, 0xff, 127]),
            ("s", "F32", vec![1], f32s(&[0.5])),
            ("h", "F16", vec![1, 2], vec![0x00, 0x3c, 0x00, 0xc0]),
        ]);
        assert_eq!(safetensors_names(&f).unwrap(), vec!["emb", "h", "q", "s"]);
        let m = load_safetensors(&f, "emb").unwrap();
        assert_eq!((m.rows, m.cols), (2, 3));
        assert_eq!(m.values, Values::F32(vec![1.0, 2.0, 3.0, 4.0, 5.0, 6.0]));
        assert_eq!(
            load_safetensors(&f, "q").unwrap().values,
            Values::I8(vec![1, -1, 127])
        );
        assert_eq!(
            load_safetensors(&f, "h").unwrap().values,
            Values::F32(vec![1.0, -2.0])
        );
        assert_eq!(load_scales(&f, "s", 1).unwrap(), vec![0.5]);
        assert!(load_scales(&f, "s", 2).is_err());
        let e = load_safetensors(&f, "nope").unwrap_err().to_string();
        assert!(e.contains("[emb, h, q, s]") && e.contains("'nope'"), "{e}");
        assert!(load_safetensors(&f, "__metadata__").is_err());
    }

    #[test]
    fn names_come_sorted_from_a_header_written_out_of_order() {
        let header = br#"{"z":{"dtype":"F32","shape":[1],"data_offsets":[0,4]},"__metadata__":{},"a":{"dtype":"F32","shape":[1],"data_offsets":[4,8]},"m":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}"#;
        let mut f = (header.len() as u64).to_le_bytes().to_vec();
        f.extend_from_slice(header);
        f.extend_from_slice(&[0; 8]);
        assert_eq!(safetensors_names(&f).unwrap(), vec!["a", "m", "z"]);
        let e = load_safetensors(&f, "b").unwrap_err().to_string();
        assert!(e.contains("[a, m, z]"), "{e}");
    }

    #[test]
    fn refuses_every_kind_of_bad_file() {
        let good = build(&[("emb", "F32", vec![2, 2], f32s(&[1.0, 2.0, 3.0, 4.0]))]);
        let hl = u64::from_le_bytes(good[..8].try_into().unwrap()) as usize;
        let mut bad_json = good.clone();
        bad_json[8] = b'[';
        let mut long = good.clone();
        long[..8].copy_from_slice(&(u64::MAX).to_le_bytes());
        let cases: Vec<(Vec<u8>, &str)> = vec![
            (vec![1, 2, 3], "less than the 8-byte header length"),
            (good[..8 + hl - 3].to_vec(), "truncated"),
            (
                good[..good.len() - 4].to_vec(),
                "outside the 12-byte data buffer",
            ),
            (bad_json, "JSON"),
            (long, "implausibly large"),
            (
                build(&[("emb", "F64", vec![1, 2], f32s(&[1.0, 2.0, 3.0, 4.0]))]),
                "dtype F64",
            ),
            (
                build(&[("emb", "F32", vec![1, 2, 2], f32s(&[1.0, 2.0, 3.0, 4.0]))]),
                "2-D",
            ),
            (
                build(&[("emb", "F32", vec![3, 2], f32s(&[1.0, 2.0, 3.0, 4.0]))]),
                "needs 24 data bytes",
            ),
            (
                build(&[("emb", "F32", vec![2, 2], f32s(&[1.0, f32::NAN, 3.0, 4.0]))]),
                "tensor 'emb': value NaN at row 0, column 1",
            ),
        ];
        for (bytes, want) in cases {
            let e = load_safetensors(&bytes, "emb").unwrap_err().to_string();
            assert!(e.contains(want), "{want}: {e}");
        }
        // Hand-written headers with broken fields.
        for (h, want) in [
            (
                r#"{"emb":{"shape":[1,1],"data_offsets":[0,4]}}"#,
                "'dtype' is missing",
            ),
            (
                r#"{"emb":{"dtype":"F32","shape":[1,-1],"data_offsets":[0,4]}}"#,
                "non-negative",
            ),
            (
                r#"{"emb":{"dtype":"F32","shape":[1,1],"data_offsets":[4,0]}}"#,
                "outside",
            ),
            (
                r#"{"emb":{"dtype":"F32","shape":[1,1],"data_offsets":[0]}}"#,
                "[begin, end]",
            ),
            (
                r#"{"emb":{"dtype":"F32","shape":"x","data_offsets":[0,4]}}"#,
                "not a list",
            ),
            (r#"[1]"#, "not a JSON object"),
        ] {
            let mut f = (h.len() as u64).to_le_bytes().to_vec();
            f.extend(h.as_bytes());
            f.extend([0, 0, 128, 63]);
            let e = load_safetensors(&f, "emb").unwrap_err().to_string();
            assert!(e.contains(want), "{want}: {e}");
        }
    }
}
