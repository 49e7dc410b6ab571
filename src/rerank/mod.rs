//! Re-ranking on the shopper's device.

pub mod load;
mod store;

pub use store::{ItemId, ItemStore};
