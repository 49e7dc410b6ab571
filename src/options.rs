//! One definition of every option a page passes: the [`option_set!`](crate::option_set) macro declares an options
//! struct once — each field's JS (camelCase) name, TypeScript type and doc line — and produces
//! the Rust struct (every field an `Option`, `None` when the page left it out), its table of
//! [`Field`]s, its JS keys and its TypeScript interface as a `const` string (which
//! `#[wasm_bindgen(typescript_custom_section)]` takes as is). Defaults and validation stay in the
//! struct's own `check()`, which returns the engine's validated options (as linfa's `ParamGuard`).
//!
//! The JS side reads any option set with one table-driven reader (`src/js/args.rs`,
//! `args::option_set`): key by key through `Reflect`, unknown keys refused with the closest valid
//! key suggested, each value read by its [`Slot`] kind. No per-struct deserializer is generated.
//!
//! Adding an option: one line in the struct's `option_set!` block (doc, name, kind, JS name,
//! TypeScript type), then its default and check in `check()`. The reader, the key list and the
//! `.d.ts` follow.

use crate::error::{Error, Result};
use crate::num::Num;

/// One option of an [`OptionSet`]: how the page writes it and how TypeScript types it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Field {
    /// The JS (camelCase) key.
    pub js: &'static str,
    /// The TypeScript type of the value (`number`, `"a" | "b"`, …).
    pub ts: &'static str,
    /// The doc line shown in the `.d.ts`.
    pub doc: &'static str,
    /// Whether the page must give it (`check()` reports its absence).
    pub required: bool,
}

/// Where the reader puts one option's value, by the kind of value it holds.
#[derive(Debug)]
pub enum Slot<'a> {
    /// A finite number.
    Number(&'a mut Option<f64>),
    /// A string.
    Text(&'a mut Option<String>),
    /// A boolean.
    Flag(&'a mut Option<bool>),
    /// A typed array or array of numbers.
    Numbers(&'a mut Option<Vec<f64>>),
    /// A value of any type, kept as a [`Value`]: for options whose `check()` names the type it got
    /// in its own words (`options.k`: "a whole number in [1, 1024], got a string") or that take
    /// one of several types (`"balanced" | [number, number]`).
    Value(&'a mut Option<Value>),
    /// A nested options object (`options.prior`), read field by field as its own set.
    Set(&'a mut dyn NestedSet),
}

/// An options struct declared with [`option_set!`](crate::option_set).
pub trait OptionSet: Default {
    /// Its fields, in declaration order.
    const FIELDS: &'static [Field];
    /// Its JS keys, in declaration order.
    const KEYS: &'static [&'static str];
    /// Its TypeScript interface.
    const TS: &'static str;
    /// A slot per field, in the order of [`Self::FIELDS`].
    fn slots(&mut self) -> Vec<Slot<'_>>;
}

/// The Rust type of an option of kind `number`, `text`, `flag` or `numbers`.
#[doc(hidden)]
#[macro_export]
macro_rules! __option_type {
    (number) => { Option<f64> };
    (text) => { Option<String> };
    (flag) => { Option<bool> };
    (numbers) => { Option<Vec<f64>> };
    (value) => { Option<$crate::options::Value> };
    (set <$t:ty>) => { Option<$t> };
}

/// The [`Slot`] variant of an option kind.
#[doc(hidden)]
#[macro_export]
macro_rules! __option_slot {
    (number, $e:expr) => {
        $crate::options::Slot::Number($e)
    };
    (text, $e:expr) => {
        $crate::options::Slot::Text($e)
    };
    (flag, $e:expr) => {
        $crate::options::Slot::Flag($e)
    };
    (numbers, $e:expr) => {
        $crate::options::Slot::Numbers($e)
    };
    (value, $e:expr) => {
        $crate::options::Slot::Value($e)
    };
    (set <$t:ty>, $e:expr) => {
        $crate::options::Slot::Set($e)
    };
}

/// `?` for an optional TypeScript property, nothing for a required one.
#[doc(hidden)]
#[macro_export]
macro_rules! __option_mark {
    () => {
        "?"
    };
    (required) => {
        ""
    };
}

/// ` extends Base` for an interface that extends another, nothing otherwise.
#[doc(hidden)]
#[macro_export]
macro_rules! __option_extends {
    () => {
        ""
    };
    ($base:literal) => {
        concat!(" extends ", $base)
    };
}

/// Declares an options struct (see the [module](crate::options) docs):
///
/// ```ignore
/// option_set! {
///     /// Options of `LinearBandit`.
///     pub struct LinearConfig as "LinearBanditOptions" {
///         /// Context length d, 1..1024 (required).
///         dim: number = "dim", "number", required;
///         /// "linUcb" (default) or "linThompson".
///         policy: text = "policy", "\"linUcb\" | \"linThompson\"";
///     }
/// }
/// ```
#[macro_export]
macro_rules! option_set {
    (
        #[doc = $sdoc:literal]
        pub struct $name:ident as $ts_name:literal $(extends $base:literal)? {
            $(
                #[doc = $doc:literal]
                $field:ident : $kind:ident $(<$inner:ty>)? = $js:literal, $ts:literal $(, $req:ident)?;
            )*
        }
    ) => {
        #[doc = $sdoc]
        #[derive(Debug, Clone, Default, PartialEq)]
        pub struct $name {
            $(
                #[doc = $doc]
                pub $field: $crate::__option_type!($kind $(<$inner>)?),
            )*
        }

        impl $crate::options::OptionSet for $name {
            const FIELDS: &'static [$crate::options::Field] = &[$(
                $crate::options::Field {
                    js: $js,
                    ts: $ts,
                    doc: $doc,
                    required: $crate::__option_mark!($($req)?).is_empty(),
                },
            )*];
            const KEYS: &'static [&'static str] = &[$($js),*];
            const TS: &'static str = concat!(
                "/**", $sdoc, " */\nexport interface ", $ts_name,
                $crate::__option_extends!($($base)?), " {\n",
                $("  /**", $doc, " */\n  ", $js, $crate::__option_mark!($($req)?), ": ", $ts, ";\n",)*
                "}\n"
            );
            fn slots(&mut self) -> Vec<$crate::options::Slot<'_>> {
                vec![$($crate::__option_slot!($kind $(<$inner>)?, &mut self.$field)),*]
            }
        }
    };
}

/// A JS value of any type, as read into a [`Slot::Value`].
#[derive(Debug, Clone, PartialEq)]
pub enum Value {
    /// A number (any, NaN included: the set's `check()` gives the range).
    Number(f64),
    /// A string.
    Text(String),
    /// An array of numbers (a typed array or a plain array).
    Numbers(Vec<f64>),
    /// Anything else, as the JS layer describes it (`a BigInt`, `an object`, `the boolean true`).
    Other(String),
}

impl Value {
    /// The value for an error message's "got …": a number as it is, otherwise what it is.
    pub fn shown(&self) -> String {
        match self {
            Value::Number(x) => Num(*x).to_string(),
            Value::Text(_) => "a string".into(),
            Value::Numbers(v) => format!("an array of length {}", v.len()),
            Value::Other(d) => d.clone(),
        }
    }

    /// The value for a "got …" where a number is one choice among others: `the number 3`.
    pub fn described(&self) -> String {
        match self {
            Value::Number(x) => format!("the number {}", Num(*x)),
            other => other.shown(),
        }
    }
}

/// An optional nested option set ([`Slot::Set`]): the reader fills it field by field.
pub trait NestedSet: core::fmt::Debug {
    /// The nested set's fields.
    fn fields(&self) -> &'static [Field];
    /// Makes the set present (its defaults) and returns a slot per field.
    fn slots(&mut self) -> Vec<Slot<'_>>;
}

impl<T: OptionSet + core::fmt::Debug> NestedSet for Option<T> {
    fn fields(&self) -> &'static [Field] {
        T::FIELDS
    }
    fn slots(&mut self) -> Vec<Slot<'_>> {
        self.get_or_insert_with(T::default).slots()
    }
}

// Checks for `check()`: each takes an option as read and returns its validated value, or an error
// in the words the JS readers use (`options.k`: "expected a whole number in [1, 1024], got 0").

/// A finite number, `default` when left out.
pub fn finite(arg: &str, v: Option<f64>, default: f64) -> Result<f64> {
    match v {
        None => Ok(default),
        Some(x) if x.is_finite() => Ok(x),
        Some(x) => Err(Error::invalid(arg, "a finite number", Num(x))),
    }
}

/// A finite number that the page must give.
pub fn required(arg: &str, v: Option<f64>) -> Result<f64> {
    match v {
        None => Err(Error::invalid(arg, "a number", "undefined")),
        Some(x) => finite(arg, Some(x), 0.0),
    }
}

/// An optional finite number.
pub fn opt_finite(arg: &str, v: Option<f64>) -> Result<Option<f64>> {
    v.map(|x| finite(arg, Some(x), 0.0)).transpose()
}

/// A whole number in `min..=max` (a size, a count, an iteration budget), `None` when left out.
pub fn opt_count(arg: &str, v: &Option<Value>, min: usize, max: usize) -> Result<Option<usize>> {
    match v {
        None => Ok(None),
        Some(Value::Number(x))
            if x.is_finite() && x.fract() == 0.0 && *x >= min as f64 && *x <= max as f64 =>
        {
            Ok(Some(*x as usize))
        }
        Some(other) => Err(Error::invalid(
            arg,
            format!("a whole number in [{min}, {max}]"),
            other.shown(),
        )),
    }
}

/// [`opt_count`] with the default for a left-out option.
pub fn count(
    arg: &str,
    v: &Option<Value>,
    default: usize,
    min: usize,
    max: usize,
) -> Result<usize> {
    Ok(opt_count(arg, v, min, max)?.unwrap_or(default))
}

/// A seed: a whole number in `[0, 2^53 − 1]`, `default()` when left out.
pub fn seed(arg: &str, v: Option<f64>, default: impl FnOnce() -> u64) -> Result<u64> {
    match v {
        None => Ok(default()),
        Some(x) if !x.is_finite() => Err(Error::invalid(arg, "a finite number", Num(x))),
        Some(x)
            if x.fract() == 0.0 && (0.0..=crate::limits::MAX_SAFE_INTEGER as f64).contains(&x) =>
        {
            Ok(x as u64)
        }
        Some(x) => Err(Error::invalid(
            arg,
            "a whole number in [0, 2^53 - 1]",
            Num(x),
        )),
    }
}

/// One of `allowed` (listed in the error), `None` when left out.
pub fn choice<'a>(arg: &str, v: &Option<String>, allowed: &[&'a str]) -> Result<Option<&'a str>> {
    let Some(s) = v else { return Ok(None) };
    match allowed.iter().find(|a| **a == s.as_str()) {
        Some(a) => Ok(Some(a)),
        None => {
            let list: Vec<String> = allowed.iter().map(|x| format!("\"{x}\"")).collect();
            let shown: String = s.chars().take(40).collect();
            Err(Error::invalid(
                arg,
                format!("one of {}", list.join(", ")),
                format!("{shown:?}"),
            ))
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    crate::option_set! {
        /// Options of a test.
        pub struct Demo as "DemoOptions" {
            /// A size (required).
            size: number = "size", "number", required;
            /// "a" (default) or "b".
            mode: text = "mode", "\"a\" | \"b\"";
            /// Levels in (0, 1).
            levels: numbers = "levelsOfX", "number[]";
            /// Whether to do it.
            on: flag = "on", "boolean";
        }
    }

    #[test]
    fn one_declaration_gives_struct_keys_slots_and_typescript() {
        assert_eq!(Demo::KEYS, ["size", "mode", "levelsOfX", "on"]);
        assert!(Demo::FIELDS[0].required && !Demo::FIELDS[1].required);
        assert_eq!(
            Demo::TS,
            "/** Options of a test. */\nexport interface DemoOptions {\n  /** A size (required). */\n  size: number;\n  /** \"a\" (default) or \"b\". */\n  mode?: \"a\" | \"b\";\n  /** Levels in (0, 1). */\n  levelsOfX?: number[];\n  /** Whether to do it. */\n  on?: boolean;\n}\n"
        );
        let mut d = Demo::default();
        for slot in d.slots() {
            match slot {
                Slot::Number(s) => *s = Some(3.0),
                Slot::Text(s) => *s = Some("b".into()),
                Slot::Numbers(s) => *s = Some(vec![0.5]),
                Slot::Flag(s) => *s = Some(true),
                Slot::Value(_) | Slot::Set(_) => unreachable!("Demo has no such field"),
            }
        }
        assert_eq!(
            d,
            Demo {
                size: Some(3.0),
                mode: Some("b".into()),
                levels: Some(vec![0.5]),
                on: Some(true)
            }
        );
    }

    crate::option_set! {
        /// A nested set.
        pub struct Inner as "InnerOptions" {
            /// A required number.
            a: number = "a", "number", required;
        }
    }

    crate::option_set! {
        /// Options with a value and a nested set.
        pub struct Outer as "OuterOptions" {
            /// Any value.
            any: value = "any", "number";
            /// A nested set.
            inner: set<Inner> = "inner", "InnerOptions";
        }
    }

    #[test]
    fn values_and_nested_sets_fill_and_check_in_js_words() {
        let mut o = Outer::default();
        for slot in o.slots() {
            match slot {
                Slot::Value(s) => *s = Some(Value::Text("x".into())),
                Slot::Set(s) => {
                    assert_eq!(s.fields()[0].js, "a");
                    for inner in s.slots() {
                        if let Slot::Number(n) = inner {
                            *n = Some(2.5);
                        }
                    }
                }
                _ => unreachable!("Outer has no such field"),
            }
        }
        assert_eq!(o.inner, Some(Inner { a: Some(2.5) }));
        assert!(Outer::TS.contains("  inner?: InnerOptions;\n"));
        let e = |r: Result<usize>| r.unwrap_err().to_string();
        assert_eq!(
            e(count("options.k", &o.any, 4, 1, 1024)),
            "invalid argument `options.k`: expected a whole number in [1, 1024], got a string"
        );
        assert_eq!(
            e(count("options.k", &Some(Value::Number(0.5)), 4, 1, 1024)),
            "invalid argument `options.k`: expected a whole number in [1, 1024], got 0.5"
        );
        assert_eq!(count("options.k", &None, 4, 1, 1024).unwrap(), 4);
        assert_eq!(Value::Numbers(vec![1.0; 3]).shown(), "an array of length 3");
        assert_eq!(Value::Number(0.25).described(), "the number 0.25");
        assert_eq!(
            seed("options.seed", Some(f64::INFINITY), || 0)
                .unwrap_err()
                .to_string(),
            "invalid argument `options.seed`: expected a finite number, got Infinity"
        );
        assert_eq!(seed("options.seed", None, || 7).unwrap(), 7);
        assert_eq!(
            required("options.eps", None).unwrap_err().to_string(),
            "invalid argument `options.eps`: expected a number, got undefined"
        );
        let long = Some("y".repeat(100));
        assert!(choice("options.unit", &long, &["a"])
            .unwrap_err()
            .to_string()
            .ends_with(&format!("got \"{}\"", "y".repeat(40))));
    }
}
