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
//!
//! Kinds ([`Slot`]): `number`, `text`, `flag`, `numbers`; `short(max, "what")` (numbers, at most
//! `max`), `texts(max, "what")` (strings), `rows` (a matrix), `tables` (a list of matrices),
//! `scalar` (a number or a string) and `list(Set, max, "what")` (nested option objects, each
//! read as the option set `Set`). Engines report a bad option under its Rust field name;
//! [`js_names`] renames it by the [`Field`] table (`season_length` → `options.seasonLength`).

use crate::error::{replace_all, Error, Result};
use crate::num::Num;

/// One option of an [`OptionSet`]: how the page writes it and how TypeScript types it.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Field {
    /// The JS (camelCase) key.
    pub js: &'static str,
    /// The TypeScript type of the value (`number`, `"a" | "b"`, …).
    pub ts: &'static str,
    /// Whether the page must give it (`check()` reports its absence).
    pub required: bool,
    /// The Rust field name, the engine's name of the option (`season_length`): what
    /// [`js_names`] renames to `options.{js}`.
    pub rust: &'static str,
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
    /// A whole number in `min..=max` (kind `count(min, max)`): the reader refuses anything else,
    /// naming the range, before any size reaches the engine.
    Count(&'a mut Option<usize>, usize, usize),
    /// An id (kind `key`): a whole number in `[0, 2^32 − 1]` or a string.
    Key(&'a mut Option<Key>),
    /// Ids (kind `keys`): a `Uint32Array`, or an array of strings and whole numbers.
    Keys(&'a mut Option<Vec<Key>>),
    /// A nested options object (kind `set(T)`), read by the same table as its parent: unknown
    /// keys refused, each value named by its path (`options.rules.priceMin`).
    Set(&'a mut dyn NestedSet),
    /// An array of options objects (kind `sets(T)`), each read by the same table and named by
    /// its index (`options.rules.pins[0].slot`).
    Sets(&'a mut dyn NestedSets),
    /// A string or a nested options object (kind `text_or(T)`): `"embedding"` or `{values, dim}`.
    TextOrSet(&'a mut dyn NestedTextOr),
    /// A value of any type, kept as a [`Value`]: for options whose `check()` names the type it got
    /// in its own words (`options.k`: "a whole number in [1, 1024], got a string") or that take
    /// one of several types (`"balanced" | [number, number]`).
    Value(&'a mut Option<Value>),
    /// A typed array or array of at most `max` numbers, bounded before any is read.
    Short {
        /// Where the numbers go.
        out: &'a mut Option<Vec<f64>>,
        /// Most numbers.
        max: usize,
        /// What they are, plural (`levels`), for the message.
        what: &'static str,
    },
    /// An array of at most `max` strings, bounded before any is read.
    Texts {
        /// Where the strings go.
        out: &'a mut Option<Vec<String>>,
        /// Most strings.
        max: usize,
        /// What they are, plural (`model names`), for the message.
        what: &'static str,
    },
    /// A matrix given as an array of rows, each an array of numbers (rows may differ in
    /// length here: the set's `check()` says how many columns it needs), at most
    /// [`MAX_ELEMENTS`](crate::limits::MAX_ELEMENTS) values in all.
    Rows(&'a mut Option<Vec<Vec<f64>>>),
    /// An array of matrices as [`Slot::Rows`] reads them (one per series of a batch), at most
    /// [`MAX_ELEMENTS`](crate::limits::MAX_ELEMENTS) values in all.
    Tables(&'a mut Option<Vec<Vec<Vec<f64>>>>),
    /// A number or a string (a date as milliseconds or `"YYYY-MM-DD"`).
    Scalar(&'a mut Option<Scalar>),
    /// An array of at most `max` nested option objects, each read as its own option set.
    List {
        /// Where the objects go.
        out: &'a mut dyn OptionList,
        /// Most objects.
        max: usize,
        /// What they are, plural (`events`), for the message.
        what: &'static str,
    },
}

/// A value of a [`Slot::Scalar`]: the page gave a number or a string.
#[derive(Debug, Clone, PartialEq)]
pub enum Scalar {
    /// A number (not checked for finiteness: the set's `check()` does).
    Number(f64),
    /// A string.
    Text(String),
}

/// The destination of a [`Slot::List`]: a list of option sets of one kind.
pub trait OptionList {
    /// The fields of one element.
    fn fields(&self) -> &'static [Field];
    /// Appends a default element and returns its slots.
    fn push(&mut self) -> Vec<Slot<'_>>;
}

impl<T: OptionSet> OptionList for Option<Vec<T>> {
    fn fields(&self) -> &'static [Field] {
        T::FIELDS
    }
    fn push(&mut self) -> Vec<Slot<'_>> {
        let list = self.get_or_insert_with(Vec::new);
        list.push(T::default());
        match list.last_mut() {
            Some(last) => last.slots(),
            None => Vec::new(),
        }
    }
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

/// The Rust type of an option of kind `number`, `text`, `flag`, `numbers`, `count(min, max)`,
/// `key`, `keys`, `set(T)`, `sets(T)` or `text_or(T)`.
#[doc(hidden)]
#[macro_export]
macro_rules! __option_type {
    (number) => { Option<f64> };
    (text) => { Option<String> };
    (flag) => { Option<bool> };
    (numbers) => { Option<Vec<f64>> };
    (short($max:expr, $what:literal)) => { Option<Vec<f64>> };
    (texts($max:expr, $what:literal)) => { Option<Vec<String>> };
    (rows) => { Option<Vec<Vec<f64>>> };
    (tables) => { Option<Vec<Vec<Vec<f64>>>> };
    (scalar) => { Option<$crate::options::Scalar> };
    (list($t:ty, $max:expr, $what:literal)) => { Option<Vec<$t>> };
    (value) => { Option<$crate::options::Value> };
    (count($min:expr, $max:expr)) => { Option<usize> };
    (key) => { Option<$crate::options::Key> };
    (keys) => { Option<Vec<$crate::options::Key>> };
    (set($t:ty)) => { Option<$t> };
    (sets($t:ty)) => { Option<Vec<$t>> };
    (text_or($t:ty)) => { Option<$crate::options::TextOr<$t>> };
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
    (short($max:expr, $what:literal), $e:expr) => {
        $crate::options::Slot::Short {
            out: $e,
            max: $max,
            what: $what,
        }
    };
    (texts($max:expr, $what:literal), $e:expr) => {
        $crate::options::Slot::Texts {
            out: $e,
            max: $max,
            what: $what,
        }
    };
    (rows, $e:expr) => {
        $crate::options::Slot::Rows($e)
    };
    (tables, $e:expr) => {
        $crate::options::Slot::Tables($e)
    };
    (scalar, $e:expr) => {
        $crate::options::Slot::Scalar($e)
    };
    (list($t:ty, $max:expr, $what:literal), $e:expr) => {
        $crate::options::Slot::List {
            out: $e,
            max: $max,
            what: $what,
        }
    };
    (value, $e:expr) => {
        $crate::options::Slot::Value($e)
    };
    (count($min:expr, $max:expr), $e:expr) => {
        $crate::options::Slot::Count($e, $min, $max)
    };
    (key, $e:expr) => {
        $crate::options::Slot::Key($e)
    };
    (keys, $e:expr) => {
        $crate::options::Slot::Keys($e)
    };
    (set($t:ty), $e:expr) => {
        $crate::options::Slot::Set($e)
    };
    (sets($t:ty), $e:expr) => {
        $crate::options::Slot::Sets($e)
    };
    (text_or($t:ty), $e:expr) => {
        $crate::options::Slot::TextOrSet($e)
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
                $field:ident : $kind:ident $(($($arg:tt)*))? = $js:literal, $ts:literal $(, $req:ident)?;
            )*
        }
    ) => {
        #[doc = $sdoc]
        #[derive(Debug, Clone, Default, PartialEq)]
        pub struct $name {
            $(
                #[doc = $doc]
                pub $field: $crate::__option_type!($kind $(($($arg)*))?),
            )*
        }

        impl $crate::options::OptionSet for $name {
            const FIELDS: &'static [$crate::options::Field] = &[$(
                $crate::options::Field {
                    js: $js,
                    ts: $ts,
                    required: $crate::__option_mark!($($req)?).is_empty(),
                    rust: stringify!($field),
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
                vec![$($crate::__option_slot!($kind $(($($arg)*))?, &mut self.$field)),*]
            }
        }
    };
}

/// A whole number in `min..=max` given as a JS number (an option's count, size or seed).
pub fn whole(arg: &str, v: f64, min: u64, max: u64) -> Result<u64> {
    if v.is_finite() && v.fract() == 0.0 && v >= min as f64 && v <= max as f64 {
        Ok(v as u64)
    } else {
        Err(Error::invalid(
            arg,
            format!("a whole number in [{min}, {max}]"),
            Num(v),
        ))
    }
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

/// An id as a page writes it (kinds `key` and `keys`): a whole number in `[0, 2^32 − 1]` or a
/// string (a SKU). Engines map it to their own id type.
#[derive(Debug, Clone, PartialEq, Eq, Hash)]
pub enum Key {
    /// A numeric id.
    Num(u32),
    /// A string id.
    Str(String),
}

/// The value of a `text_or(T)` option: a string, or the options object `T`.
#[derive(Debug, Clone, PartialEq)]
pub enum TextOr<T> {
    /// The page gave a string.
    Text(String),
    /// The page gave an object, read as `T`.
    Set(T),
}

/// A nested option set as the reader fills it (a `set(T)` field: `Option<T>`), object-safe so
/// that [`Slot`] can hold any set.
pub trait NestedSet {
    /// Marks the option as given (every field left out) and returns its fields and slots.
    fn open(&mut self) -> (&'static [Field], Vec<Slot<'_>>);
}

impl<T: OptionSet> NestedSet for Option<T> {
    fn open(&mut self) -> (&'static [Field], Vec<Slot<'_>>) {
        (T::FIELDS, self.insert(T::default()).slots())
    }
}

/// A list of option sets as the reader fills it (a `sets(T)` field: `Option<Vec<T>>`).
pub trait NestedSets {
    /// Marks the option as given, an empty list.
    fn start(&mut self);
    /// Appends an element (every field left out) and returns its fields and slots.
    fn push(&mut self) -> (&'static [Field], Vec<Slot<'_>>);
}

impl<T: OptionSet> NestedSets for Option<Vec<T>> {
    fn start(&mut self) {
        *self = Some(Vec::new());
    }
    fn push(&mut self) -> (&'static [Field], Vec<Slot<'_>>) {
        let list = self.get_or_insert_with(Vec::new);
        list.push(T::default());
        let last = list.len() - 1;
        (T::FIELDS, list[last].slots())
    }
}

/// A `text_or(T)` option as the reader fills it (`Option<TextOr<T>>`).
pub trait NestedTextOr {
    /// The page gave the string `s`.
    fn text(&mut self, s: String);
    /// The page gave an object: returns the fields and slots of the `T` it is read into.
    fn open(&mut self) -> (&'static [Field], Vec<Slot<'_>>);
}

impl<T: OptionSet> NestedTextOr for Option<TextOr<T>> {
    fn text(&mut self, s: String) {
        *self = Some(TextOr::Text(s));
    }
    fn open(&mut self) -> (&'static [Field], Vec<Slot<'_>>) {
        *self = Some(TextOr::Set(T::default()));
        match self {
            Some(TextOr::Set(t)) => (T::FIELDS, t.slots()),
            // Not reached (just set to an object); no slots rather than a panic.
            _ => (T::FIELDS, Vec::new()),
        }
    }
}

// `Slot` is `Debug`; the nested kinds print their kind only, so that no option set's `Debug`
// lands in the trait objects' vtables (and in every wasm module that reads options).
impl core::fmt::Debug for dyn NestedSet + '_ {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("NestedSet")
    }
}

impl core::fmt::Debug for dyn NestedSets + '_ {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("NestedSets")
    }
}

impl core::fmt::Debug for dyn OptionList + '_ {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("OptionList")
    }
}

impl core::fmt::Debug for dyn NestedTextOr + '_ {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("NestedTextOr")
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

/// A required option of any kind: its value, or an error naming `arg` (`expected`, got `undefined`).
pub fn present<T>(arg: &str, v: Option<T>, expected: &str) -> Result<T> {
    v.ok_or_else(|| Error::invalid(arg, expected, "undefined"))
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

/// The one renamer of engine argument names to JS option names, driven by the [`Field`]s of the
/// option sets a call read (`sets`). An engine names an option by its field's Rust name (or its
/// JS name), after an optional `options.` or `policy.`, followed by an optional index, path or
/// word (`season_lengths[1]`, `policy.prior_sd`, `options.max_pending`, `xreg columns`): it
/// becomes `options.{jsName}` and the same tail. In `expected`, "no {name} unless {other} is"
/// becomes "no {jsName} unless options.{otherJsName} is". Other names and errors pass through.
pub fn js_names(e: Error, sets: &[&[Field]]) -> Error {
    let Error::InvalidArgument { arg, expected, got } = e else {
        return e;
    };
    let field = |name: &str| {
        sets.iter()
            .flat_map(|s| s.iter())
            .find(|f| f.rust == name || f.js == name)
    };
    let bare = arg
        .strip_prefix("options.")
        .or_else(|| arg.strip_prefix("policy."))
        .unwrap_or(&arg);
    let cut = bare.find(['[', '.', ' ']).unwrap_or(bare.len());
    let arg = match field(&bare[..cut]) {
        Some(f) => format!("options.{}{}", f.js, &bare[cut..]),
        None => arg,
    };
    let mut expected = expected;
    for f in sets.iter().flat_map(|s| s.iter()) {
        let (no, unless) = (
            format!("no {} unless", f.rust),
            format!("unless {} is", f.rust),
        );
        expected = replace_all(&expected, &no, &format!("no {} unless", f.js));
        expected = replace_all(&expected, &unless, &format!("unless options.{} is", f.js));
    }
    Error::InvalidArgument { arg, expected, got }
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
            Err(Error::invalid(
                arg,
                format!("one of {}", list.join(", ")),
                crate::error::quoted(s, 40),
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
                _ => {}
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

    #[test]
    fn engine_names_become_js_names_by_the_fields_table() {
        let rename = |arg: &str, expected: &str| match js_names(
            Error::invalid(arg, expected, "x"),
            &[Demo::FIELDS],
        ) {
            Error::InvalidArgument { arg, expected, .. } => (arg, expected),
            other => panic!("{other}"),
        };
        assert_eq!(rename("levels[2]", "e").0, "options.levelsOfX[2]");
        assert_eq!(rename("options.levels", "e").0, "options.levelsOfX");
        assert_eq!(rename("policy.size columns", "e").0, "options.size columns");
        assert_eq!(rename("options.levelsOfX", "e").0, "options.levelsOfX");
        assert_eq!(rename("values", "e").0, "values");
        assert_eq!(
            rename("levels", "no levels unless mode is \"a\"").1,
            "no levelsOfX unless options.mode is \"a\""
        );
        assert_eq!(whole("n", 3.0, 1, 5).unwrap(), 3);
        assert_eq!(
            whole("n", 0.5, 1, 5).unwrap_err().to_string(),
            "invalid argument `n`: expected a whole number in [1, 5], got 0.5"
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
            inner: set(Inner) = "inner", "InnerOptions";
        }
    }

    #[test]
    fn values_and_nested_sets_fill_and_check_in_js_words() {
        let mut o = Outer::default();
        for slot in o.slots() {
            match slot {
                Slot::Value(s) => *s = Some(Value::Text("x".into())),
                Slot::Set(s) => {
                    let (fields, slots) = s.open();
                    assert_eq!(fields[0].js, "a");
                    for inner in slots {
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

    /// The nested kinds of the re-ranking options (key, keys, count, set, sets, text_or).
    mod nested {
        use super::*;

        crate::option_set! {
            /// An inner set.
            pub struct Inner as "Inner" {
                /// An id (required).
                id: key = "id", "ItemId", required;
                /// A slot, 0..9.
                slot: count(0, 9) = "slot", "number";
            }
        }

        crate::option_set! {
            /// An outer set.
            pub struct Outer as "Outer" {
                /// One inner set.
                one: set(Inner) = "one", "Inner";
                /// Inner sets.
                many: sets(Inner) = "many", "Inner[]";
                /// A name or an inner set.
                either: text_or(Inner) = "either", "string | Inner";
                /// Ids.
                ids: keys = "ids", "ItemId[]";
            }
        }

        /// Fills the slots of a set the way the JS reader does, from a fixed script.
        fn fill(fields: &[Field], slots: Vec<Slot<'_>>) {
            for (f, slot) in fields.iter().zip(slots) {
                match slot {
                    Slot::Key(s) => *s = Some(Key::Str(f.js.into())),
                    Slot::Count(s, _, max) => *s = Some(max),
                    Slot::Keys(s) => *s = Some(vec![Key::Num(1)]),
                    Slot::Set(s) => {
                        let (fields, slots) = s.open();
                        fill(fields, slots);
                    }
                    Slot::Sets(s) => {
                        s.start();
                        for _ in 0..2 {
                            let (fields, slots) = s.push();
                            fill(fields, slots);
                        }
                    }
                    Slot::TextOrSet(s) => s.text("name".into()),
                    _ => unreachable!("Outer has no other kinds"),
                }
            }
        }

        #[test]
        fn nested_kinds_fill_through_object_safe_slots() {
            let mut o = Outer::default();
            fill(Outer::FIELDS, o.slots());
            let inner = Inner {
                id: Some(Key::Str("id".into())),
                slot: Some(9),
            };
            assert_eq!(o.one, Some(inner.clone()));
            assert_eq!(o.many, Some(vec![inner.clone(), inner]));
            assert_eq!(o.either, Some(TextOr::Text("name".into())));
            assert_eq!(o.ids, Some(vec![Key::Num(1)]));
            let mut either: Option<TextOr<Inner>> = None;
            let (fields, slots) = NestedTextOr::open(&mut either);
            assert_eq!(fields, Inner::FIELDS);
            fill(fields, slots);
            assert!(matches!(
                either,
                Some(TextOr::Set(Inner { slot: Some(9), .. }))
            ));
            assert!(Outer::TS.contains("  many?: Inner[];\n"));
            assert_eq!(
                present("a.b", None::<u8>, "x").unwrap_err().to_string(),
                "invalid argument `a.b`: expected x, got undefined"
            );
            assert!(
                opt_finite("a", Some(f64::NAN)).is_err()
                    && opt_finite("a", None).unwrap().is_none()
            );
        }
    }
}
