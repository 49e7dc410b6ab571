//! Stock-out risk per SKU, the per-SKU planning table, and the hand-off to supply-aware ranking.

use super::{non_negative, reorder_point, safety_stock, LeadTimeDemand};
use crate::error::{check, Error, Result};
use serde::{Deserialize, Serialize};

/// P(demand over the lead time > `stock`): the chance of running out before replenishment
/// arrives if nothing more is ordered. `stock` must be finite and >= 0.
pub fn stockout_risk(demand: &LeadTimeDemand, stock: f64) -> Result<f64> {
    demand.check()?;
    non_negative("stock", stock)?;
    Ok(demand.exceed_prob(stock))
}

/// Stock-out risk in [0, 1] per item, in the order given — **the input of the rerank
/// engine's supply-aware ranking** (items likely to sell out are demoted there): pass it, in
/// the item store's order, as `rerank::Supply { signal: SupplySignal::Risk(risks), strength }`.
///
/// `stock[i]` is item i's available units (>= 0) and `demand[i]` its demand over the horizon
/// that matters for the page (typically the replenishment lead time). Errors on empty input,
/// different lengths, or a negative / non-finite stock, naming the index.
pub fn supply_risks(stock: &[f64], demand: &[LeadTimeDemand]) -> Result<Vec<f64>> {
    check::non_empty("demand", demand)?;
    if stock.len() != demand.len() {
        return Err(Error::invalid(
            "stock",
            format!("one stock level per item ({})", demand.len()),
            format!("{} values", stock.len()),
        ));
    }
    stock
        .iter()
        .zip(demand)
        .enumerate()
        .map(|(i, (&s, d))| stockout_risk(d, s).map_err(|e| e.within(&format!("items[{i}]."))))
        .collect()
}

/// One SKU's situation.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct Sku {
    /// Units on hand (>= 0).
    pub stock: f64,
    /// Units already ordered and not yet received (>= 0).
    pub on_order: f64,
    /// Demand over the replenishment lead time.
    pub demand: LeadTimeDemand,
}

/// One row of the inventory table returned by [`plan`].
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct SkuPlan {
    /// Expected lead-time demand.
    pub mean_demand: f64,
    /// Standard deviation of lead-time demand.
    pub sd_demand: f64,
    /// Safety stock at the requested service level.
    pub safety_stock: f64,
    /// Reorder point.
    pub reorder_point: f64,
    /// Inventory position: stock + on order.
    pub position: f64,
    /// P(lead-time demand > inventory position).
    pub stockout_risk: f64,
    /// `true` when the position is at or below the reorder point.
    pub reorder_now: bool,
    /// Units to order to bring the position back up to the reorder point (0 if none).
    pub shortfall: f64,
}

/// The inventory table: reorder point and stock-out risk for each SKU at one cycle service
/// level. Errors on empty input, a negative stock or on-order quantity (naming the SKU index),
/// or `service_level` outside (0, 1).
pub fn plan(skus: &[Sku], service_level: f64) -> Result<Vec<SkuPlan>> {
    check::non_empty("skus", skus)?;
    check::open_interval("service_level", service_level, 0.0, 1.0)?;
    skus.iter()
        .enumerate()
        .map(|(i, s)| {
            let at = |e: Error| e.within(&format!("skus[{i}]."));
            s.demand.check().map_err(at)?;
            non_negative("stock", s.stock).map_err(at)?;
            non_negative("on_order", s.on_order).map_err(at)?;
            let position = s.stock + s.on_order;
            let rop = reorder_point(&s.demand, service_level)?;
            Ok(SkuPlan {
                mean_demand: s.demand.mean,
                sd_demand: s.demand.sd,
                safety_stock: safety_stock(&s.demand, service_level)?,
                reorder_point: rop,
                position,
                stockout_risk: s.demand.exceed_prob(position),
                reorder_now: position <= rop,
                shortfall: (rop - position).max(0.0),
            })
        })
        .collect()
}

/// The SKUs of a [`plan`] from columns, one value per SKU: `stock`, `on_order` (zeros when
/// `None`) and the lead-time demand. Errors name the column (`stock`, `on_order`) and the
/// first bad index.
pub fn skus_from_columns(
    stock: &[f64],
    on_order: Option<&[f64]>,
    demand: &[LeadTimeDemand],
) -> Result<Vec<Sku>> {
    check::non_empty("demand", demand)?;
    let n = Some((demand.len(), "SKU"));
    super::check_quantities("stock", stock, n)?;
    if let Some(o) = on_order {
        super::check_quantities("on_order", o, n)?;
    }
    Ok((0..demand.len())
        .map(|i| Sku {
            stock: stock[i],
            on_order: on_order.map_or(0.0, |o| o[i]),
            demand: demand[i],
        })
        .collect())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn risk_values() {
        let d = LeadTimeDemand::new(100.0, 20.0).unwrap();
        assert!((stockout_risk(&d, 100.0).unwrap() - 0.5).abs() < 1e-15);
        // scipy.stats.norm.sf(1.5) = 0.0668072012688581
        assert!((stockout_risk(&d, 130.0).unwrap() - 0.066_807_201_268_858_1).abs() < 1e-14);
        let point = LeadTimeDemand::new(10.0, 0.0).unwrap();
        assert_eq!(stockout_risk(&point, 9.0).unwrap(), 1.0);
        assert_eq!(stockout_risk(&point, 10.0).unwrap(), 0.0);
        let r = supply_risks(&[100.0, 130.0, 9.0], &[d, d, point]).unwrap();
        assert_eq!(r.len(), 3);
        assert!(r.iter().all(|p| (0.0..=1.0).contains(p)));
        assert!(r[0] > r[1] && r[2] == 1.0);
    }

    #[test]
    fn plan_table() {
        let d = LeadTimeDemand::new(100.0, 20.0).unwrap();
        let skus = [
            Sku {
                stock: 50.0,
                on_order: 20.0,
                demand: d,
            },
            Sku {
                stock: 300.0,
                on_order: 0.0,
                demand: d,
            },
        ];
        let t = plan(&skus, 0.95).unwrap();
        assert!(t[0].reorder_now && !t[1].reorder_now);
        assert!((t[0].shortfall - (t[0].reorder_point - 70.0)).abs() < 1e-12);
        assert_eq!(t[1].shortfall, 0.0);
        // At the reorder point the risk equals 1 − service level.
        let at_rop = d.exceed_prob(t[0].reorder_point);
        assert!((at_rop - 0.05).abs() < 1e-12);
    }

    #[test]
    fn bad_input_is_an_error() {
        let d = LeadTimeDemand::new(100.0, 20.0).unwrap();
        assert!(stockout_risk(&d, -1.0).is_err());
        assert!(supply_risks(&[], &[]).is_err());
        assert!(supply_risks(&[1.0], &[d, d]).is_err());
        let e = supply_risks(&[1.0, f64::NAN], &[d, d]).unwrap_err();
        assert!(e.to_string().contains("items[1].stock"), "{e}");
        let forged = LeadTimeDemand {
            mean: f64::NAN,
            sd: 1.0,
        };
        let e = supply_risks(&[1.0, 1.0], &[d, forged]).unwrap_err();
        assert!(e.to_string().contains("items[1].demand.mean"), "{e}");
        assert!(plan(&[], 0.9).is_err());
        let bad = Sku {
            stock: -5.0,
            on_order: 0.0,
            demand: d,
        };
        let e = plan(&[bad], 0.9).unwrap_err();
        assert!(e.to_string().contains("skus[0].stock"), "{e}");
        let ok = Sku {
            stock: 5.0,
            on_order: 0.0,
            demand: d,
        };
        assert!(plan(&[ok], 1.0).is_err());
    }
}
