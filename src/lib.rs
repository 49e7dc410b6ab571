//! # edgewise
//!
//! In-browser analytics and personalization for e-commerce: demand forecasting, re-ranking and
//! bandit exploration. The algorithms are plain Rust and run natively; `js` (wasm32 only) is the
//! thin wasm-bindgen face that the browser sees.

#![warn(missing_docs)]

#[cfg(feature = "bandit")]
pub mod bandit;
pub mod compute;
pub mod error;
#[cfg(feature = "analytics")]
pub mod experiment;
#[cfg(feature = "forecast-lite")]
pub mod forecast;
#[cfg(feature = "analytics")]
pub mod inventory;
#[cfg(feature = "learn")]
pub mod learn;
pub mod limits;
pub mod num;
pub mod options;
#[cfg(feature = "rerank")]
pub mod rerank;
pub mod rng;
#[cfg(feature = "analytics")]
pub mod segment;
pub mod stats;

#[cfg(target_arch = "wasm32")]
pub mod js;

pub use error::{Error, Result};

/// The crate version, as exposed to JS by `version()`.
pub const VERSION: &str = env!("CARGO_PKG_VERSION");
