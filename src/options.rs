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
                $field:ident : $kind:ident $(($($karg:tt)*))? = $js:literal, $ts:literal $(, $req:ident)?;
            )*
        }
    ) => {
        #[doc = $sdoc]
        #[derive(Debug, Clone, Default, PartialEq)]
        pub struct $name {
            $(
                #[doc = $doc]
                pub $field: $crate::__option_type!($kind $(($($karg)*))?),
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
                vec![$($crate::__option_slot!($kind $(($($karg)*))?, &mut self.$field)),*]
            }
        }
    };
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

impl core::fmt::Debug for dyn NestedTextOr + '_ {
    fn fmt(&self, f: &mut core::fmt::Formatter<'_>) -> core::fmt::Result {
        f.write_str("NestedTextOr")
    }
}

/// A required option: its value, or an error naming `arg` (`expected`, got `undefined`).
pub fn required<T>(arg: &str, v: Option<T>, expected: &str) -> crate::error::Result<T> {
    v.ok_or_else(|| crate::error::Error::invalid(arg, expected, "undefined"))
}

/// A number option that must be finite when given (`None` when left out).
pub fn finite(arg: &str, v: Option<f64>) -> crate::error::Result<Option<f64>> {
    match v {
        Some(x) if !x.is_finite() => Err(crate::error::Error::invalid(
            arg,
            "a finite number",
            crate::num::Num(x),
        )),
        _ => Ok(v),
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
                _ => unreachable!("Demo has no other kinds"),
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
            required("a.b", None::<u8>, "x").unwrap_err().to_string(),
            "invalid argument `a.b`: expected x, got undefined"
        );
        assert!(finite("a", Some(f64::NAN)).is_err() && finite("a", None).unwrap().is_none());
    }
}
