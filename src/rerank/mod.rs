//! Re-ranking on the shopper's device.

pub mod load;
mod profile;
mod store;

pub use profile::{Event, EventKind, ObserveReport, Profile, ProfileParams};
pub use store::{ItemId, ItemStore};
