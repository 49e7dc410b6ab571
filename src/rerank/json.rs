//! A small JSON reader and writer for the two documents the re-ranking engine handles: the header
//! of a `.safetensors` file and the shopper profile's saved state. It replaces `serde_json`, whose
//! generic parser, value type and float printer made up ~40 KB of the `edgewise/rerank` wasm
//! (issue #13, `benches/results/size.md`).
//!
//! The reader accepts RFC 8259 JSON (any value at the top, whitespace around it), nests at most
//! [`MAX_DEPTH`] levels and keeps each number's text, so integers are read exactly (`as_u64`) and
//! floats through the standard library's correctly rounded parser (`as_f64`). Object members keep
//! their order; for a repeated key, [`Json::get`] finds the last value, as `serde_json` kept it.
//! Reading is linear in the input (no per-key search while parsing: a hostile header with a
//! million keys parses in one pass).

use std::fmt::Write;

/// How deep arrays and objects may nest (`serde_json`'s default recursion limit).
pub const MAX_DEPTH: usize = 128;

/// A parsed JSON value.
#[derive(Debug, Clone, PartialEq)]
pub enum Json {
    /// `null`.
    Null,
    /// `true` or `false`.
    Bool(bool),
    /// A number, as written (it matched the JSON number grammar).
    Num(String),
    /// A string, unescaped.
    Str(String),
    /// An array.
    Arr(Vec<Json>),
    /// An object: its members in the order written (repeated keys included).
    Obj(Vec<(String, Json)>),
}

impl Json {
    /// The member `key` of an object, its last one if repeated (`None` for other values or a
    /// missing key).
    pub fn get(&self, key: &str) -> Option<&Json> {
        match self {
            Json::Obj(members) => members.iter().rev().find(|(k, _)| k == key).map(|(_, v)| v),
            _ => None,
        }
    }

    /// The value of a number (`None` for other values).
    pub fn as_f64(&self) -> Option<f64> {
        match self {
            Json::Num(text) => text.parse().ok(),
            _ => None,
        }
    }

    /// The value of a number written as a non-negative integer below 2^64 (no fraction, no
    /// exponent), exactly; `None` otherwise.
    pub fn as_u64(&self) -> Option<u64> {
        match self {
            Json::Num(text) if text.bytes().all(|b| b.is_ascii_digit()) => text.parse().ok(),
            _ => None,
        }
    }

    /// The text of a string (`None` for other values).
    pub fn as_str(&self) -> Option<&str> {
        match self {
            Json::Str(s) => Some(s),
            _ => None,
        }
    }

    /// The elements of an array (`None` for other values).
    pub fn as_array(&self) -> Option<&[Json]> {
        match self {
            Json::Arr(v) => Some(v),
            _ => None,
        }
    }
}

/// Parses one JSON document; the error says what was wrong and at which byte.
pub fn parse(text: &[u8]) -> Result<Json, String> {
    let mut p = Parser { s: text, i: 0 };
    let v = p.value(0)?;
    p.ws();
    if p.i < p.s.len() {
        return Err(p.err("trailing characters"));
    }
    Ok(v)
}

struct Parser<'a> {
    s: &'a [u8],
    i: usize,
}

impl Parser<'_> {
    fn err(&self, what: &str) -> String {
        format!("{what} at byte {}", self.i)
    }

    fn ws(&mut self) {
        while let Some(b' ' | b'\t' | b'\n' | b'\r') = self.s.get(self.i) {
            self.i += 1;
        }
    }

    fn peek(&self) -> Option<u8> {
        self.s.get(self.i).copied()
    }

    fn literal(&mut self, word: &str, v: Json) -> Result<Json, String> {
        if self.s[self.i..].starts_with(word.as_bytes()) {
            self.i += word.len();
            Ok(v)
        } else {
            Err(self.err("expected a value"))
        }
    }

    fn value(&mut self, depth: usize) -> Result<Json, String> {
        self.ws();
        match self.peek() {
            None => Err(self.err("EOF while parsing a value")),
            Some(b'n') => self.literal("null", Json::Null),
            Some(b't') => self.literal("true", Json::Bool(true)),
            Some(b'f') => self.literal("false", Json::Bool(false)),
            Some(b'"') => self.string().map(Json::Str),
            Some(b'-' | b'0'..=b'9') => self.number(),
            Some(open @ (b'[' | b'{')) => {
                if depth >= MAX_DEPTH {
                    return Err(self.err("nested too deeply"));
                }
                self.i += 1;
                let close = if open == b'[' { b']' } else { b'}' };
                let mut items = Vec::new();
                let mut members: Vec<(String, Json)> = Vec::new();
                self.ws();
                if self.peek() == Some(close) {
                    self.i += 1;
                } else {
                    loop {
                        if open == b'[' {
                            items.push(self.value(depth + 1)?);
                        } else {
                            self.ws();
                            if self.peek() != Some(b'"') {
                                return Err(self.err("expected a string key"));
                            }
                            let key = self.string()?;
                            self.ws();
                            if self.peek() != Some(b':') {
                                return Err(self.err("expected `:`"));
                            }
                            self.i += 1;
                            let v = self.value(depth + 1)?;
                            members.push((key, v));
                        }
                        self.ws();
                        match self.peek() {
                            Some(b',') => self.i += 1,
                            Some(c) if c == close => {
                                self.i += 1;
                                break;
                            }
                            _ => return Err(self.err("expected `,` or a closing bracket")),
                        }
                    }
                }
                Ok(if open == b'[' {
                    Json::Arr(items)
                } else {
                    Json::Obj(members)
                })
            }
            Some(_) => Err(self.err("expected a value")),
        }
    }

    fn digits(&mut self) -> usize {
        let start = self.i;
        while self.peek().is_some_and(|b| b.is_ascii_digit()) {
            self.i += 1;
        }
        self.i - start
    }

    fn number(&mut self) -> Result<Json, String> {
        let start = self.i;
        if self.peek() == Some(b'-') {
            self.i += 1;
        }
        let int_start = self.i;
        let n = self.digits();
        if n == 0 || (n > 1 && self.s[int_start] == b'0') {
            return Err(self.err("invalid number"));
        }
        if self.peek() == Some(b'.') {
            self.i += 1;
            if self.digits() == 0 {
                return Err(self.err("invalid number"));
            }
        }
        if let Some(b'e' | b'E') = self.peek() {
            self.i += 1;
            if let Some(b'+' | b'-') = self.peek() {
                self.i += 1;
            }
            if self.digits() == 0 {
                return Err(self.err("invalid number"));
            }
        }
        // The grammar above only admits ASCII.
        let text = String::from_utf8_lossy(&self.s[start..self.i]).into_owned();
        Ok(Json::Num(text))
    }

    fn hex4(&mut self) -> Result<u32, String> {
        let mut v = 0;
        for _ in 0..4 {
            let d = self
                .peek()
                .and_then(|b| char::from(b).to_digit(16))
                .ok_or_else(|| self.err("invalid \\u escape"))?;
            v = v * 16 + d;
            self.i += 1;
        }
        Ok(v)
    }

    fn string(&mut self) -> Result<String, String> {
        self.i += 1; // the opening quote
        let mut out: Vec<u8> = Vec::new();
        loop {
            let Some(b) = self.peek() else {
                return Err(self.err("EOF while parsing a string"));
            };
            self.i += 1;
            match b {
                b'"' => break,
                b'\\' => {
                    let Some(e) = self.peek() else {
                        return Err(self.err("EOF while parsing a string"));
                    };
                    self.i += 1;
                    let c = match e {
                        b'"' => '"',
                        b'\\' => '\\',
                        b'/' => '/',
                        b'b' => '\u{8}',
                        b'f' => '\u{c}',
                        b'n' => '\n',
                        b'r' => '\r',
                        b't' => '\t',
                        b'u' => {
                            let hi = self.hex4()?;
                            let code = if (0xD800..0xDC00).contains(&hi) {
                                if !self.s[self.i..].starts_with(b"\\u") {
                                    return Err(self.err("unpaired surrogate"));
                                }
                                self.i += 2;
                                let lo = self.hex4()?;
                                if !(0xDC00..0xE000).contains(&lo) {
                                    return Err(self.err("unpaired surrogate"));
                                }
                                0x10000 + ((hi - 0xD800) << 10) + (lo - 0xDC00)
                            } else {
                                hi
                            };
                            char::from_u32(code).ok_or_else(|| self.err("unpaired surrogate"))?
                        }
                        _ => return Err(self.err("invalid escape")),
                    };
                    let mut buf = [0; 4];
                    out.extend_from_slice(c.encode_utf8(&mut buf).as_bytes());
                }
                0..=0x1f => return Err(self.err("control character in a string")),
                _ => out.push(b),
            }
        }
        String::from_utf8(out).map_err(|_| self.err("invalid UTF-8 in a string"))
    }
}

/// Appends `s` as a JSON string (quoted, escaped).
pub fn write_str(out: &mut String, s: &str) {
    out.push('"');
    for c in s.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            c if u32::from(c) < 0x20 => {
                let _ = write!(out, "\\u{:04x}", u32::from(c));
            }
            c => out.push(c),
        }
    }
    out.push('"');
}

/// Appends a finite `x` as a JSON number that reads back to the same bits: the shortest digits,
/// plain (`1800000.0`, `0.25`) for ordinary magnitudes and in exponent form (`1e300`) beyond,
/// as `serde_json` wrote them. A non-finite `x` (never in the documents written here) is `null`.
///
/// The digits come from the `ryu` crate (what `serde_json` used, built with its small tables):
/// `core::fmt`'s float formatting (Grisu and Dragon with their tables) would cost the re-ranking
/// module ~20 KB raw (benches/results/size.md).
pub fn write_f64(out: &mut String, x: f64) {
    if x.is_finite() {
        out.push_str(ryu::Buffer::new().format_finite(x));
    } else {
        out.push_str("null");
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reads_every_kind_of_value() {
        let v = parse(br#" {"a": [1, -2.5e3, 0, true, false, null], "b": "x\"\\\/\b\f\n\r\t\u00e9\ud83d\ude00", "c": {}, "d": []} "#).unwrap();
        let a = v.get("a").unwrap().as_array().unwrap();
        assert_eq!(a[0].as_u64(), Some(1));
        assert_eq!(a[1].as_f64(), Some(-2500.0));
        assert_eq!(a[1].as_u64(), None);
        assert_eq!(&a[3..], &[Json::Bool(true), Json::Bool(false), Json::Null]);
        assert_eq!(
            v.get("b").unwrap().as_str(),
            Some("x\"\\/\u{8}\u{c}\n\r\té😀")
        );
        assert_eq!(v.get("c"), Some(&Json::Obj(vec![])));
        assert_eq!(v.get("d"), Some(&Json::Arr(vec![])));
        assert_eq!(v.get("e"), None);
        assert_eq!(
            parse(b"18446744073709551615").unwrap().as_u64(),
            Some(u64::MAX)
        );
        assert_eq!(parse(b"18446744073709551616").unwrap().as_u64(), None);
        // A repeated key: its last value is the one read.
        let o = parse(br#"{"k": 1, "j": 2, "k": 3}"#).unwrap();
        assert_eq!(o.get("k").unwrap().as_u64(), Some(3));
        assert_eq!(o.get("j").unwrap().as_u64(), Some(2));
    }

    #[test]
    fn refuses_what_is_not_json_with_a_position() {
        for bad in [
            &b""[..],
            b" ",
            b"{",
            b"[1,]",
            b"{\"a\" 1}",
            b"{\"a\":1,}",
            b"{1:2}",
            b"01",
            b"1.",
            b"-",
            b"1e",
            b".5",
            b"+1",
            b"\"abc",
            b"\"\\x\"",
            b"\"\\ud800\"",
            b"\"\\udc00\"",
            b"\"\\u12g4\"",
            b"\"a\nb\"",
            b"\"\xff\"",
            b"nul",
            b"true false",
            b"NaN",
            b"Infinity",
            b"[1] x",
        ] {
            let e = parse(bad).unwrap_err();
            assert!(e.contains(" at byte "), "{e}");
        }
        let deep = "[".repeat(MAX_DEPTH + 1) + &"]".repeat(MAX_DEPTH + 1);
        assert!(parse(deep.as_bytes())
            .unwrap_err()
            .contains("nested too deeply"));
        let ok = "[".repeat(MAX_DEPTH) + &"]".repeat(MAX_DEPTH);
        assert!(parse(ok.as_bytes()).is_ok());
    }

    #[test]
    fn corrupt_bytes_never_panic() {
        // Every prefix and every one-byte corruption of a realistic document.
        let doc = br#"{"version":1,"v":[1.5,-2e-300,3],"s":"\u00e9\ud83d\ude00","n":null,"o":{"t":true}}"#;
        for end in 0..=doc.len() {
            let _ = parse(&doc[..end]);
        }
        for i in 0..doc.len() {
            for b in [0u8, b'"', b'\\', b'{', b']', b'-', b'e', b'9', 0xff] {
                let mut d = doc.to_vec();
                d[i] = b;
                let _ = parse(&d);
            }
        }
        assert!(parse(doc).is_ok());
    }

    #[test]
    fn writes_strings_and_floats_that_read_back_exactly() {
        let mut out = String::new();
        write_str(&mut out, "a\"b\\c\nd\u{1}é");
        assert_eq!(out, r#""a\"b\\c\nd\u0001é""#);
        assert_eq!(
            parse(out.as_bytes()).unwrap().as_str(),
            Some("a\"b\\c\nd\u{1}é")
        );
        for (x, text) in [
            (1_800_000.0, "1800000.0"),
            (0.25, "0.25"),
            (-1.0, "-1.0"),
            (0.0, "0.0"),
            (1e300, "1e300"),
            (-2.5e-7, "-2.5e-7"),
            (0.1 + 0.2, "0.30000000000000004"),
            // A tie (…753.2 and …753.3 are equally close): the even digit, as ryu writes it.
            (-1_291_947_254_216_753.2, "-1291947254216753.2"),
        ] {
            let mut s = String::new();
            write_f64(&mut s, x);
            assert_eq!(s, text);
        }
        let mut state = 12345u64;
        for _ in 0..2000 {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            let x = f64::from_bits(state >> 1);
            if x.is_finite() {
                let mut s = String::new();
                write_f64(&mut s, x);
                assert_eq!(
                    parse(s.as_bytes()).unwrap().as_f64().map(f64::to_bits),
                    Some(x.to_bits()),
                    "{s}"
                );
            }
        }
        let mut s = String::new();
        write_f64(&mut s, f64::NAN);
        assert_eq!(s, "null");
    }

    /// The writer before `ryu`, through `core::fmt` (shortest digits, `{:e}` outside
    /// [1e-5, 1e16)): the reference the ryu writer must match byte for byte.
    fn write_f64_with_core_fmt(x: f64) -> String {
        if x != 0.0 && !(1e-5..1e16).contains(&x.abs()) {
            format!("{x:e}")
        } else {
            let s = format!("{x}");
            if s.contains('.') {
                s
            } else {
                s + ".0"
            }
        }
    }

    #[test]
    fn floats_are_written_as_core_fmt_wrote_them() {
        // (Not compared with today's serde_json: since it moved from ryu to zmij it writes
        // `1e+16` where the profiles of earlier versions hold `1e16`.)
        let mut xs = vec![
            1e-5,
            9.999999999999999e-6,
            1e16,
            9_999_999_999_999_998.0,
            -0.0,
            5e-324,
            f64::MIN_POSITIVE,
            f64::MAX,
            f64::MIN,
            f64::EPSILON,
            123_456_789.0,
            0.1,
            1.0 / 3.0,
            2f64.powi(53),
            2f64.powi(-1074),
        ];
        let mut state = 987_654_321u64;
        for i in 0..20_000 {
            state = state
                .wrapping_mul(6364136223846793005)
                .wrapping_add(1442695040888963407);
            // Every bit pattern, and numbers of ordinary magnitude (what profiles hold).
            let x = if i % 2 == 0 {
                f64::from_bits(state)
            } else {
                ((state >> 11) as f64 / (1u64 << 53) as f64 - 0.5) * 10f64.powi((i % 41) - 20)
            };
            if x.is_finite() {
                xs.push(x);
            }
        }
        let mut ties = 0;
        let n = xs.len();
        for x in xs {
            let mut s = String::new();
            write_f64(&mut s, x);
            let old = write_f64_with_core_fmt(x);
            if s != old {
                // A tie: the shortest digits have two candidates equally close to `x` (e.g.
                // 1291947254216753.25 → …753.2 or …753.3). ryu keeps the even last digit, as
                // serde_json wrote them before it moved to zmij; core::fmt rounds half up. Both
                // read back to `x`.
                ties += 1;
                let at: Vec<usize> = (0..s.len())
                    .filter(|&i| s.as_bytes().get(i) != old.as_bytes().get(i))
                    .collect();
                assert_eq!((s.len(), at.len()), (old.len(), 1), "{s} {old}");
                let (a, b) = (s.as_bytes()[at[0]], old.as_bytes()[at[0]]);
                assert!(a % 2 == 0 && b == a + 1, "{s} {old}");
                assert_eq!(old.parse::<f64>().map(f64::to_bits), Ok(x.to_bits()));
            }
            assert_eq!(s.parse::<f64>().map(f64::to_bits), Ok(x.to_bits()), "{s}");
        }
        assert!(ties * 100 < n, "{ties} ties in {n}");
    }
}
