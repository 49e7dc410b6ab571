//! The inventory functions' options as a page writes them: one definition per option (JS name,
//! TypeScript type, doc line, see [`crate::options`]), defaults and a `check()` that returns the
//! engine's settings. Ranges that depend on the data are the engine's to check; its errors are
//! renamed to the JS names by the caller.

use super::{ErrorCorrelation, ReplenishOptions};
use crate::error::Result;
use crate::limits::{MAX_ORDER_LEVELS, MAX_PLAN_NODES};
use crate::options as opt;

crate::option_set! {
    /// Options of `leadTimeDemand`.
    pub struct LeadTimeConfig as "LeadTimeOptions" {
        /// Which of the forecast's interval levels to read the spread from (default: its first).
        level: number = "level", "number";
        /// How errors of successive periods combine: "independent" (default) or "perfect".
        correlation: text = "correlation", "\"independent\" | \"perfect\"";
    }
}

impl LeadTimeConfig {
    /// The interval level to read (`None`: the forecast's first) and the error correlation.
    pub fn check(&self) -> Result<(Option<f64>, ErrorCorrelation)> {
        let correlation = match opt::choice(
            "options.correlation",
            &self.correlation,
            &["independent", "perfect"],
        )? {
            Some("perfect") => ErrorCorrelation::Perfect,
            _ => ErrorCorrelation::Independent,
        };
        Ok((opt::opt_finite("options.level", self.level)?, correlation))
    }
}

crate::option_set! {
    /// Options of `inventoryPlan`.
    pub struct InventoryPlanConfig as "InventoryPlanOptions" {
        /// Probability of no stock-out over the lead time, in (0, 1) (default 0.95).
        service_level: number = "serviceLevel", "number";
    }
}

impl InventoryPlanConfig {
    /// The service level (its range is checked by the plan).
    pub fn check(&self) -> Result<f64> {
        opt::finite("options.serviceLevel", self.service_level, 0.95)
    }
}

crate::option_set! {
    /// Options of `replenishmentPlan`.
    pub struct ReplenishConfig as "ReplenishmentOptions" {
        /// Most the orders may cost, Σ unitCost·quantity (default: no budget).
        budget: number = "budget", "number";
        /// Most storage the ordered units may take, Σ volume·quantity (default: no limit).
        capacity: number = "capacity", "number";
        /// Each SKU's P(demand <= stock + onOrder + quantity) must reach this, in (0, 1).
        min_service_level: number = "minServiceLevel", "number";
        /// Most candidate order quantities per SKU (default 1000, at most 100000).
        max_levels: value = "maxLevels", "number";
        /// Most branch-and-bound nodes (default 20000, at most 1000000): past it the best plan comes back with its gap.
        max_nodes: value = "maxNodes", "number";
        /// Relative optimality gap at which the search stops, in [0, 1) (default 1e-9).
        gap: number = "gap", "number";
    }
}

impl ReplenishConfig {
    /// The plan's settings (budget, capacity, service floor and gap are checked by the plan).
    pub fn check(&self) -> Result<ReplenishOptions> {
        let d = ReplenishOptions::default();
        Ok(ReplenishOptions {
            budget: opt::opt_finite("options.budget", self.budget)?,
            capacity: opt::opt_finite("options.capacity", self.capacity)?,
            min_service_level: opt::opt_finite("options.minServiceLevel", self.min_service_level)?,
            max_levels: opt::count(
                "options.maxLevels",
                &self.max_levels,
                d.max_levels,
                1,
                MAX_ORDER_LEVELS,
            )?,
            max_nodes: opt::count(
                "options.maxNodes",
                &self.max_nodes,
                d.max_nodes,
                1,
                MAX_PLAN_NODES,
            )?,
            gap: opt::finite("options.gap", self.gap, d.gap)?,
        })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::options::Value;

    #[test]
    fn inventory_options_check_with_js_names() {
        assert_eq!(
            LeadTimeConfig::default().check().unwrap(),
            (None, ErrorCorrelation::Independent)
        );
        assert_eq!(InventoryPlanConfig::default().check().unwrap(), 0.95);
        assert_eq!(
            ReplenishConfig::default().check().unwrap(),
            ReplenishOptions::default()
        );
        let bad = ReplenishConfig {
            max_nodes: Some(Value::Number(1e9)),
            ..ReplenishConfig::default()
        };
        assert_eq!(
            bad.check().unwrap_err().to_string(),
            "invalid argument `options.maxNodes`: expected a whole number in [1, 1000000], got 1000000000"
        );
        let nan = InventoryPlanConfig {
            service_level: Some(f64::NAN),
        };
        assert_eq!(
            nan.check().unwrap_err().to_string(),
            "invalid argument `options.serviceLevel`: expected a finite number, got NaN"
        );
    }
}
