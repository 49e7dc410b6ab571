//! Safety stock, reorder point (continuous review) and economic order quantity.

use super::{non_negative, positive, LeadTimeDemand};
use crate::error::{check, Error, Result};
use crate::num::Num;
use crate::stats::norm_ppf;

/// Safety stock z·σ_L for a cycle service level (probability of no stock-out during one
/// replenishment cycle), `service_level` strictly between 0 and 1. Negative below 50%.
pub fn safety_stock(demand: &LeadTimeDemand, service_level: f64) -> Result<f64> {
    demand.check()?;
    check::open_interval("service_level", service_level, 0.0, 1.0)?;
    Ok(norm_ppf(service_level) * demand.sd)
}

/// Reorder point μ_L + z·σ_L: reorder when the inventory position falls to this level.
pub fn reorder_point(demand: &LeadTimeDemand, service_level: f64) -> Result<f64> {
    Ok((demand.mean + safety_stock(demand, service_level)?).max(0.0))
}

/// Economic order quantity √(2·D·S / H): `demand_rate` units per period (>= 0),
/// `order_cost` per order (> 0), `holding_cost` per unit per period (> 0).
pub fn eoq(demand_rate: f64, order_cost: f64, holding_cost: f64) -> Result<f64> {
    non_negative("demand_rate", demand_rate)?;
    positive("order_cost", order_cost)?;
    positive("holding_cost", holding_cost)?;
    let q = (2.0 * demand_rate).sqrt() * (order_cost / holding_cost).sqrt();
    if q.is_finite() {
        Ok(q)
    } else {
        Err(Error::Numerical(format!(
            "EOQ overflows for demand_rate {}, order_cost {}, holding_cost {}",
            Num(demand_rate),
            Num(order_cost),
            Num(holding_cost)
        )))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn textbook_values() {
        let d = LeadTimeDemand::new(200.0, 30.0).unwrap();
        // z(0.95) = 1.6448536269514722 (scipy.stats.norm.ppf).
        let ss = safety_stock(&d, 0.95).unwrap();
        assert!((ss - 30.0 * 1.644_853_626_951_472_2).abs() < 1e-10);
        assert!((reorder_point(&d, 0.95).unwrap() - 200.0 - ss).abs() < 1e-12);
        assert!(safety_stock(&d, 0.5).unwrap().abs() < 1e-12);
        // D = 1000/yr, S = 10, H = 0.5 → EOQ = 200.
        assert!((eoq(1000.0, 10.0, 0.5).unwrap() - 200.0).abs() < 1e-12);
        assert_eq!(eoq(0.0, 10.0, 0.5).unwrap(), 0.0);
    }

    #[test]
    fn bad_input_is_an_error() {
        let d = LeadTimeDemand::new(200.0, 30.0).unwrap();
        for sl in [0.0, 1.0, -0.5, 1.5, f64::NAN] {
            let e = safety_stock(&d, sl).unwrap_err();
            assert!(e.to_string().contains("service_level"), "{e}");
            assert!(reorder_point(&d, sl).is_err());
        }
        assert!(eoq(-1.0, 10.0, 0.5).is_err());
        let forged = LeadTimeDemand {
            mean: 10.0,
            sd: -1.0,
        };
        let e = safety_stock(&forged, 0.9).unwrap_err();
        assert!(e.to_string().contains("demand.sd"), "{e}");
        assert!(eoq(100.0, 0.0, 0.5).is_err());
        assert!(eoq(100.0, 10.0, f64::INFINITY).is_err());
        assert!(matches!(eoq(1e15, 1e300, 1e-300), Err(Error::Numerical(_))));
    }
}
