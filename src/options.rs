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
                $field:ident : $kind:ident = $js:literal, $ts:literal $(, $req:ident)?;
            )*
        }
    ) => {
        #[doc = $sdoc]
        #[derive(Debug, Clone, Default, PartialEq)]
        pub struct $name {
            $(
                #[doc = $doc]
                pub $field: $crate::__option_type!($kind),
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
                vec![$($crate::__option_slot!($kind, &mut self.$field)),*]
            }
        }
    };
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
}
