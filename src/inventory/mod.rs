//! Inventory decisions from demand forecasts.
//!
//! A forecast becomes a [`LeadTimeDemand`] (normal distribution of demand over the
//! replenishment lead time) from its mean and standard deviation, an interval, quantiles, or a
//! multi-step [`crate::forecast::Forecast`]. From it: [`safety_stock`], [`reorder_point`],
//! [`newsvendor()`] order quantity from the critical ratio, [`stockout_risk`]; [`eoq`] needs only
//! demand rate and costs. [`plan`] builds a per-SKU table for the dashboard and
//! [`supply_risks`] is the one call that feeds supply-aware re-ranking. [`replenish`] plans
//! integer orders for many SKUs under a budget and a storage capacity (an exact MILP).

mod demand;
mod milp;
mod newsvendor;
pub mod options;
mod policy;
mod replenish;
mod risk;

pub use demand::{ErrorCorrelation, LeadTimeDemand};
pub use newsvendor::{critical_ratio, newsvendor, Newsvendor};
pub use options::{InventoryPlanConfig, LeadTimeConfig, ReplenishConfig};
pub use policy::{eoq, reorder_point, safety_stock};
pub use replenish::{
    expected_cost, replenish, PlanLine, PlanStatus, ReplenishOptions, ReplenishPlan, ReplenishSku,
};
pub use risk::{plan, skus_from_columns, stockout_risk, supply_risks, Sku, SkuPlan};

use crate::error::{show, Error, Result};
use crate::limits::MAX_QUANTITY;

/// Fails unless `value` is a quantity in `[0, MAX_QUANTITY]` (stock, demand, its spread),
/// so that the sums and safety stocks built from it stay finite.
pub(crate) fn non_negative(arg: &str, value: f64) -> Result<()> {
    if (0.0..=MAX_QUANTITY).contains(&value) {
        Ok(())
    } else {
        Err(Error::invalid(arg, QUANTITY, show(value)))
    }
}

/// What a quantity must be, for error messages.
const QUANTITY: &str = "a number in [0, 1e15]";

/// Checks a column of quantities (one per SKU or item): every value in
/// `[0, `[`MAX_QUANTITY`]`]`, and `len` values when a length is required; names the first bad
/// index.
pub fn check_quantities(arg: &str, values: &[f64], len: Option<(usize, &str)>) -> Result<()> {
    if let Some((n, what)) = len {
        if values.len() != n {
            return Err(Error::invalid(
                arg,
                format!("one value per {what} ({n})"),
                format!("{} values", values.len()),
            ));
        }
    }
    match values
        .iter()
        .position(|v| !(0.0..=MAX_QUANTITY).contains(v))
    {
        None => Ok(()),
        Some(i) => Err(Error::invalid(
            arg,
            "numbers in [0, 1e15]",
            format!("{} at index {i}", show(values[i])),
        )),
    }
}

/// Fails unless `value` is finite and `> 0`.
pub(crate) fn positive(arg: &str, value: f64) -> Result<()> {
    if value.is_finite() && value > 0.0 {
        Ok(())
    } else {
        Err(Error::invalid(arg, "a finite number > 0", show(value)))
    }
}
