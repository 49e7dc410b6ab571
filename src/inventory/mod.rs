//! Inventory decisions from demand forecasts.
//!
//! A forecast becomes a [`LeadTimeDemand`] (normal distribution of demand over the
//! replenishment lead time) from its mean and standard deviation, an interval, quantiles, or a
//! multi-step [`crate::forecast::Forecast`]. From it: [`safety_stock`], [`reorder_point`],
//! [`newsvendor`] order quantity from the critical ratio, [`stockout_risk`]; [`eoq`] needs only
//! demand rate and costs. [`plan`] builds a per-SKU table for the dashboard and
//! [`supply_risks`] is the one call that feeds supply-aware re-ranking.

mod demand;
mod newsvendor;
mod policy;
mod risk;

pub use demand::{ErrorCorrelation, LeadTimeDemand};
pub use newsvendor::{critical_ratio, newsvendor, Newsvendor};
pub use policy::{eoq, reorder_point, safety_stock};
pub use risk::{plan, stockout_risk, supply_risks, Sku, SkuPlan};

use crate::error::{Error, Result};

/// Fails unless `value` is finite and `>= 0` (stock, costs, lead times).
pub(crate) fn non_negative(arg: &str, value: f64) -> Result<()> {
    if value.is_finite() && value >= 0.0 {
        Ok(())
    } else {
        Err(Error::invalid(arg, "a finite number >= 0", value))
    }
}

/// Fails unless `value` is finite and `> 0`.
pub(crate) fn positive(arg: &str, value: f64) -> Result<()> {
    if value.is_finite() && value > 0.0 {
        Ok(())
    } else {
        Err(Error::invalid(arg, "a finite number > 0", value))
    }
}
