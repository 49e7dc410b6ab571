//! The one error type of the crate.
//!
//! Every fallible public function returns [`Result`]. Messages are written for the web developer
//! who called the JS API: they name the argument, say what was expected and what was given.

use std::fmt;

use crate::num::Num;

/// Convenient alias used across the crate.
pub type Result<T, E = Error> = std::result::Result<T, E>;

/// Everything that can go wrong in edgewise.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum Error {
    /// An argument failed validation: `arg` names it, `expected` says what would have been
    /// accepted, `got` describes what was passed.
    InvalidArgument {
        /// Name of the argument as the caller knows it (e.g. `values`, `options.horizon`).
        arg: String,
        /// What a valid value looks like.
        expected: String,
        /// What was actually given.
        got: String,
    },
    /// Bytes that should hold a file or a saved state could not be decoded.
    Corrupt {
        /// What was being read (e.g. `npy file`, `bandit state`).
        what: String,
        /// Why it was refused.
        reason: String,
    },
    /// A numerical procedure could not produce a result (singular matrix, no admissible model).
    Numerical(String),
    /// The request is valid but not supported here (e.g. no GPU adapter).
    Unsupported(String),
}

impl Error {
    /// Builds an [`Error::InvalidArgument`].
    pub fn invalid(arg: impl Into<String>, expected: impl Into<String>, got: impl Got) -> Self {
        Error::InvalidArgument {
            arg: arg.into(),
            expected: expected.into(),
            got: got.shown(),
        }
    }

    /// Builds an [`Error::Corrupt`].
    pub fn corrupt(what: impl Into<String>, reason: impl Into<String>) -> Self {
        Error::Corrupt {
            what: what.into(),
            reason: reason.into(),
        }
    }

    /// Renames the argument of an [`Error::InvalidArgument`] from an engine's name to the one its
    /// caller used: each `(from, to)` pair matches the whole name, or a prefix followed by `[` or
    /// `.` (`skus[2]` → `input[2]`). Other variants, and names no pair matches, pass through.
    pub fn renamed(self, names: &[(&str, &str)]) -> Self {
        match self {
            Error::InvalidArgument { arg, expected, got } => {
                let arg = names
                    .iter()
                    .find_map(|(from, to)| under(&arg, from).map(|rest| format!("{to}{rest}")))
                    .unwrap_or(arg);
                Error::InvalidArgument { arg, expected, got }
            }
            other => other,
        }
    }

    /// Prefixes the argument name of an [`Error::InvalidArgument`] (e.g. `series[3].` + `values`),
    /// so errors from nested inputs say where they came from. Other variants pass through.
    pub fn within(self, prefix: &str) -> Self {
        self.within_for(prefix, &[""])
    }

    /// [`Error::within`] for an error about one of `names` only (matched as in
    /// [`Error::renamed`]): `options.` before the option keys of an engine's parameters.
    pub fn within_for(self, prefix: &str, names: &[&str]) -> Self {
        match self {
            Error::InvalidArgument { arg, expected, got }
                if names
                    .iter()
                    .any(|n| n.is_empty() || under(&arg, n).is_some()) =>
            {
                Error::InvalidArgument {
                    arg: format!("{prefix}{arg}"),
                    expected,
                    got,
                }
            }
            other => other,
        }
    }
}

/// What follows `name` in the argument name `arg` when `arg` is `name` itself (`""`) or an element
/// or field of it (`"[2]"`, `".dim"`).
fn under<'a>(arg: &'a str, name: &str) -> Option<&'a str> {
    arg.strip_prefix(name)
        .filter(|rest| rest.is_empty() || rest.starts_with('[') || rest.starts_with('.'))
}

impl fmt::Display for Error {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Error::InvalidArgument { arg, expected, got } => {
                write!(
                    f,
                    "invalid argument `{arg}`: expected {expected}, got {got}"
                )
            }
            Error::Corrupt { what, reason } => write!(f, "corrupt {what}: {reason}"),
            Error::Numerical(msg) => write!(f, "numerical failure: {msg}"),
            Error::Unsupported(msg) => write!(f, "unsupported: {msg}"),
        }
    }
}

impl std::error::Error for Error {}

/// A number as an error message shows it ([`Num`]: six significant digits, in scientific notation
/// (`1e308`, `1e-308`) where plain digits would run to hundreds of characters).
pub fn show(x: f64) -> String {
    Num(x).to_string()
}

/// What an [`Error::InvalidArgument`] says was given: text as is, integers in full, and floats
/// through [`Num`] (never `{}` of an `f64`, which would link core's float formatting).
pub trait Got {
    /// The value as the message shows it.
    fn shown(self) -> String;
}

impl Got for f64 {
    fn shown(self) -> String {
        Num(self).to_string()
    }
}

impl Got for f32 {
    fn shown(self) -> String {
        Num::from(self).to_string()
    }
}

impl Got for &str {
    fn shown(self) -> String {
        self.to_owned()
    }
}

impl<T: Got + Clone> Got for &T {
    fn shown(self) -> String {
        self.clone().shown()
    }
}

/// [`Got`] through the type's own `Display` (text, integers, [`Num`]).
macro_rules! got_by_display {
    ($($t:ty),*) => {$(
        impl Got for $t {
            fn shown(self) -> String {
                self.to_string()
            }
        }
    )*};
}
got_by_display!(
    String,
    std::borrow::Cow<'_, str>,
    char,
    bool,
    u8,
    u16,
    u32,
    u64,
    u128,
    usize,
    i8,
    i16,
    i32,
    i64,
    i128,
    isize,
    Num
);

/// A string the page gave, quoted for a message as `{:?}` quotes it (`"a\"b"`, control
/// characters as `\n`, `\t` or `\u{1b}`), at most `max_chars` of its characters. Written out so
/// that no message links `str`'s `Debug` and its Unicode printability tables; unlike `Debug` it
/// leaves printable-looking non-control characters (e.g. U+200B) unescaped.
pub fn quoted(s: &str, max_chars: usize) -> String {
    let mut out = String::with_capacity(s.len() + 2);
    out.push('"');
    for c in s.chars().take(max_chars) {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\r' => out.push_str("\\r"),
            '\t' => out.push_str("\\t"),
            '\0' => out.push_str("\\0"),
            c if c.is_control() => {
                out.push_str("\\u{");
                let mut digits = [0u8; 6];
                let (mut v, mut n) = (c as u32, 0);
                loop {
                    digits[n] = b"0123456789abcdef"[(v & 15) as usize];
                    n += 1;
                    v >>= 4;
                    if v == 0 {
                        break;
                    }
                }
                out.extend(digits[..n].iter().rev().map(|&d| d as char));
                out.push('}');
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// `s` with every `from` replaced by `to` (`str::replace` for messages, without linking the
/// two-way substring searcher: a plain left-to-right scan, short messages). An empty `from`
/// leaves `s` as it is.
pub fn replace_all(s: &str, from: &str, to: &str) -> String {
    if from.is_empty() {
        return s.to_owned();
    }
    let mut out = String::with_capacity(s.len());
    let mut rest = s;
    while let Some(c) = rest.chars().next() {
        if rest.as_bytes().starts_with(from.as_bytes()) {
            out.push_str(to);
            rest = &rest[from.len()..];
        } else {
            out.push(c);
            rest = &rest[c.len_utf8()..];
        }
    }
    out
}

/// Argument checks shared by every module, each returning a ready-made [`Error`].
pub mod check {
    use super::{Error, Result};
    use crate::num::Num;

    /// Fails unless every value is finite (no NaN, no ±inf); names the first bad index.
    pub fn finite(arg: &str, values: &[f64]) -> Result<()> {
        finite_from(arg, values, 0)
    }

    /// [`finite`] for `values` that start at index `base` of the caller's array (one series of
    /// a batch's flat values): the bad index is counted from there.
    pub fn finite_from(arg: &str, values: &[f64], base: usize) -> Result<()> {
        match values.iter().position(|v| !v.is_finite()) {
            None => Ok(()),
            Some(i) => Err(Error::invalid(
                arg,
                "finite numbers",
                format!("{} at index {}", Num(values[i]), base + i),
            )),
        }
    }

    /// Checks an order log given as parallel arrays (`customers`, `timestamps`, `amounts`): not
    /// empty, one timestamp and one amount per order, all finite.
    pub fn order_log(customers: &[u32], timestamps: &[f64], amounts: &[f64]) -> Result<()> {
        non_empty("customers", customers)?;
        for (name, len) in [("timestamps", timestamps.len()), ("amounts", amounts.len())] {
            if len != customers.len() {
                return Err(Error::invalid(
                    name,
                    format!("one value per order ({})", customers.len()),
                    format!("{len} values"),
                ));
            }
        }
        finite("timestamps", timestamps)?;
        finite("amounts", amounts)
    }

    /// Fails when `values` is empty.
    pub fn non_empty<T>(arg: &str, values: &[T]) -> Result<()> {
        if values.is_empty() {
            Err(Error::invalid(arg, "at least one value", "an empty array"))
        } else {
            Ok(())
        }
    }

    /// Fails unless `value >= min`.
    pub fn at_least(arg: &str, value: usize, min: usize) -> Result<()> {
        if value < min {
            Err(Error::invalid(arg, format!("an integer >= {min}"), value))
        } else {
            Ok(())
        }
    }

    /// Fails unless `lo < value < hi` (open interval), e.g. probabilities and service levels.
    pub fn open_interval(arg: &str, value: f64, lo: f64, hi: f64) -> Result<()> {
        if value > lo && value < hi {
            Ok(())
        } else {
            Err(Error::invalid(
                arg,
                format!("a number strictly between {} and {}", Num(lo), Num(hi)),
                value,
            ))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn messages_name_argument_expectation_and_value() {
        let e = check::finite("values", &[1.0, f64::NAN]).unwrap_err();
        assert_eq!(
            e.to_string(),
            "invalid argument `values`: expected finite numbers, got NaN at index 1"
        );
        let e = check::non_empty::<f64>("values", &[])
            .unwrap_err()
            .within("series[2].");
        assert_eq!(
            e.to_string(),
            "invalid argument `series[2].values`: expected at least one value, got an empty array"
        );
        // `quoted` writes what `{:?}` writes, for printable and control characters alike.
        for s in [
            "ANN",
            "a\"b\\c",
            "tab\there\nnew\r\0",
            "\u{1b}[31m\u{7f}\u{85}",
            "é日本",
            "",
        ] {
            assert_eq!(quoted(s, 40), format!("{s:?}"), "{s}");
        }
        assert_eq!(quoted("abcdef", 3), "\"abc\"");
        for (s, from, to) in [
            ("a `x` b `x`", "`x`", "`y`"),
            ("éé", "é", "e"),
            ("abc", "", "z"),
            ("aaa", "aa", "b"),
        ] {
            let want = if from.is_empty() {
                s.to_owned()
            } else {
                s.replace(from, to)
            };
            assert_eq!(replace_all(s, from, to), want);
        }
        assert!(check::open_interval("level", 1.0, 0.0, 1.0).is_err());
        assert!(check::open_interval("level", 0.95, 0.0, 1.0).is_ok());
        assert!(check::at_least("horizon", 0, 1).is_err());
        assert_eq!(
            Error::corrupt("npy file", "bad magic").to_string(),
            "corrupt npy file: bad magic"
        );
    }
}
