//! Supply-aware demotion: items likely to sell out before replenishment lose score.
//!
//! The risk of item `i` is either given directly (a stock-out probability in `[0, 1]`, e.g. from
//! the inventory engine) or derived from the store's stock and an expected demand until the next
//! replenishment: `risk = clamp(1 − stock / demand, 0, 1)` — the share of expected demand that the
//! stock cannot serve (0 when demand is 0; 1 when nothing is in stock but demand is expected).
//! The penalty subtracted from the score is `strength · risk`.

use super::store::ItemStore;
use crate::error::{Error, Result};
use crate::num::Num;
use serde::{Deserialize, Serialize};

/// Where the stock-out risk comes from, one value per catalog item (store order).
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum SupplySignal {
    /// Stock-out risk per item, each in `[0, 1]`.
    Risk(Vec<f64>),
    /// Expected demand per item until replenishment (finite, ≥ 0), compared with the store's stock.
    Demand(Vec<f64>),
}

/// Supply-aware demotion settings.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Supply {
    /// The per-item signal.
    pub signal: SupplySignal,
    /// Score units removed at risk 1 (finite, ≥ 0).
    pub strength: f64,
}

/// Risk implied by stock and expected demand (see the module docs).
pub fn risk_from_demand(stock: f64, demand: f64) -> f64 {
    if demand <= 0.0 {
        0.0
    } else {
        (1.0 - stock / demand).clamp(0.0, 1.0)
    }
}

impl Supply {
    /// Validates against the store and returns the risk per item.
    pub(crate) fn risks(&self, store: &ItemStore) -> Result<Vec<f64>> {
        if !(self.strength.is_finite() && self.strength >= 0.0) {
            return Err(Error::invalid(
                "supply.strength",
                "a finite number >= 0",
                self.strength,
            ));
        }
        let (arg, v) = match &self.signal {
            SupplySignal::Risk(v) => ("supply.risk", v),
            SupplySignal::Demand(v) => ("supply.demand", v),
        };
        if v.len() != store.len() {
            return Err(Error::invalid(
                arg,
                format!("one value per catalog item ({})", store.len()),
                format!("{} values", v.len()),
            ));
        }
        match &self.signal {
            SupplySignal::Risk(r) => {
                if let Some(i) = r.iter().position(|x| !(0.0..=1.0).contains(x)) {
                    return Err(Error::invalid(
                        arg,
                        "probabilities in [0, 1]",
                        format!("{} at index {i}", Num::from(r[i])),
                    ));
                }
                Ok(r.clone())
            }
            SupplySignal::Demand(d) => {
                if let Some(i) = d.iter().position(|x| !(x.is_finite() && *x >= 0.0)) {
                    return Err(Error::invalid(
                        arg,
                        "finite demands >= 0",
                        format!("{} at index {i}", Num::from(d[i])),
                    ));
                }
                if !store.has_stock() {
                    return Err(Error::invalid(
                        arg,
                        "a store with stock levels (ItemStore::with_stock) to compare demand with",
                        "a store without stock",
                    ));
                }
                Ok(d.iter()
                    .enumerate()
                    .map(|(i, &dm)| risk_from_demand(store.stock(i).unwrap_or(0.0), dm))
                    .collect())
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn risk_definition() {
        assert_eq!(risk_from_demand(10.0, 0.0), 0.0);
        assert_eq!(risk_from_demand(10.0, 5.0), 0.0);
        assert_eq!(risk_from_demand(5.0, 10.0), 0.5);
        assert_eq!(risk_from_demand(0.0, 10.0), 1.0);
        assert_eq!(risk_from_demand(-3.0, 10.0), 1.0);
    }

    #[test]
    fn validation() {
        let s = ItemStore::from_f32(vec![1.0, 2.0], 1).unwrap();
        let sup = |signal, strength| Supply { signal, strength };
        assert!(sup(SupplySignal::Risk(vec![0.0, 1.0]), 1.0)
            .risks(&s)
            .is_ok());
        let e = sup(SupplySignal::Risk(vec![0.0, 1.5]), 1.0)
            .risks(&s)
            .unwrap_err();
        assert!(e.to_string().contains("1.5 at index 1"), "{e}");
        assert!(sup(SupplySignal::Risk(vec![0.0, f64::NAN]), 1.0)
            .risks(&s)
            .is_err());
        assert!(sup(SupplySignal::Risk(vec![0.0]), 1.0).risks(&s).is_err());
        assert!(sup(SupplySignal::Risk(vec![0.0, 0.0]), -1.0)
            .risks(&s)
            .is_err());
        let e = sup(SupplySignal::Demand(vec![1.0, 1.0]), 1.0)
            .risks(&s)
            .unwrap_err();
        assert!(e.to_string().contains("without stock"), "{e}");
        let s = s.with_stock(vec![2.0, 1.0]).unwrap();
        assert_eq!(
            sup(SupplySignal::Demand(vec![1.0, 4.0]), 1.0)
                .risks(&s)
                .unwrap(),
            vec![0.0, 0.75]
        );
        assert!(sup(SupplySignal::Demand(vec![1.0, -4.0]), 1.0)
            .risks(&s)
            .is_err());
    }
}
