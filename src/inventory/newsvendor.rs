//! Single-period (newsvendor) order quantity from the critical ratio.

use super::{positive, LeadTimeDemand};
use crate::error::{show, Error, Result};
use crate::stats::norm_cdf;
use serde::Serialize;

/// Result of [`newsvendor`].
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Newsvendor {
    /// Critical ratio c_u / (c_u + c_o): the optimal probability of not running out.
    pub critical_ratio: f64,
    /// Optimal order quantity, the critical-ratio quantile of demand (>= 0).
    pub quantity: f64,
    /// Expected unsold units E[(Q − D)⁺].
    pub expected_leftover: f64,
    /// Expected unmet demand E[(D − Q)⁺].
    pub expected_shortage: f64,
    /// Expected cost c_o·E[(Q − D)⁺] + c_u·E[(D − Q)⁺] at the optimum.
    pub expected_cost: f64,
}

/// Critical ratio c_u / (c_u + c_o): `underage_cost` is the margin lost per unit short
/// (price − cost), `overage_cost` the loss per unit left over (cost − salvage); both > 0.
pub fn critical_ratio(underage_cost: f64, overage_cost: f64) -> Result<f64> {
    positive("underage_cost", underage_cost)?;
    positive("overage_cost", overage_cost)?;
    // Scaled by the larger cost so that the sum cannot overflow.
    let m = underage_cost.max(overage_cost);
    let (u, o) = (underage_cost / m, overage_cost / m);
    let cr = u / (u + o);
    if !(cr > 0.0 && cr < 1.0) {
        return Err(Error::invalid(
            if cr >= 1.0 { "overage_cost" } else { "underage_cost" },
            "costs within a factor of about 1e16 of each other (a critical ratio strictly between 0 and 1)",
            format!(
                "underage_cost {}, overage_cost {}",
                show(underage_cost),
                show(overage_cost)
            ),
        ));
    }
    Ok(cr)
}

/// Newsvendor order quantity for normally distributed demand.
pub fn newsvendor(
    demand: &LeadTimeDemand,
    underage_cost: f64,
    overage_cost: f64,
) -> Result<Newsvendor> {
    demand.check()?;
    let cr = critical_ratio(underage_cost, overage_cost)?;
    let quantity = demand.quantile(cr);
    let (shortage, leftover) = if demand.sd == 0.0 {
        (
            (demand.mean - quantity).max(0.0),
            (quantity - demand.mean).max(0.0),
        )
    } else {
        // Standard normal loss function: E[(D − Q)⁺] = σ·(φ(z) − z·(1 − Φ(z))).
        let z = (quantity - demand.mean) / demand.sd;
        let phi = (-0.5 * z * z).exp() / (2.0 * std::f64::consts::PI).sqrt();
        let short = demand.sd * (phi - z * norm_cdf(-z));
        // E[(Q − D)⁺] = Q − μ + E[(D − Q)⁺].
        (short, quantity - demand.mean + short)
    };
    let expected_cost = overage_cost * leftover + underage_cost * shortage;
    if !expected_cost.is_finite() {
        return Err(Error::Numerical(format!(
            "the newsvendor cost overflows for underage_cost {}, overage_cost {}",
            show(underage_cost),
            show(overage_cost)
        )));
    }
    Ok(Newsvendor {
        critical_ratio: cr,
        quantity,
        expected_leftover: leftover,
        expected_shortage: shortage,
        expected_cost,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn optimum_and_loss_function() {
        let d = LeadTimeDemand::new(100.0, 20.0).unwrap();
        // Price 10, cost 4, salvage 1: c_u = 6, c_o = 3, CR = 2/3.
        let n = newsvendor(&d, 6.0, 3.0).unwrap();
        assert!((n.critical_ratio - 2.0 / 3.0).abs() < 1e-15);
        // scipy.stats.norm.ppf(2/3) = 0.4307272992954575
        assert!((n.quantity - (100.0 + 20.0 * 0.430_727_299_295_457_5)).abs() < 1e-9);
        // The optimum beats nearby quantities under the same cost function.
        let cost = |q: f64| {
            let z = (q - 100.0) / 20.0;
            let phi = (-0.5 * z * z).exp() / (2.0 * std::f64::consts::PI).sqrt();
            let short = 20.0 * (phi - z * norm_cdf(-z));
            3.0 * (q - 100.0 + short) + 6.0 * short
        };
        assert!((cost(n.quantity) - n.expected_cost).abs() < 1e-9);
        assert!(cost(n.quantity - 1.0) > n.expected_cost);
        assert!(cost(n.quantity + 1.0) > n.expected_cost);
    }

    #[test]
    fn bad_input_is_an_error() {
        let d = LeadTimeDemand::new(100.0, 20.0).unwrap();
        assert!(newsvendor(&d, 0.0, 1.0).is_err());
        assert!(newsvendor(&d, 1.0, -1.0)
            .unwrap_err()
            .to_string()
            .contains("overage_cost"));
        assert!(critical_ratio(f64::NAN, 1.0).is_err());
    }
}
