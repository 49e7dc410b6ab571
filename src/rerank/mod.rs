//! Re-ranking on the shopper's device.

pub mod load;
