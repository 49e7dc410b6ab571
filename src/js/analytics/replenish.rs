//! JS binding for the replenishment plan under a budget and a storage capacity.

use super::super::args::{self, get, object, record};
use super::f64s;
use crate::error::{Error, Result};
use crate::inventory::{
    self as inv, check_quantities, LeadTimeDemand, PlanStatus, ReplenishConfig, ReplenishSku,
};
use crate::limits;
use crate::options::OptionSet;
use js_sys::Object;
use wasm_bindgen::prelude::*;

/// The TypeScript declarations of `replenishmentPlan`.
#[wasm_bindgen(typescript_custom_section)]
const TS_REPLENISH: &str = include_str!("replenish.d.ts");
/// `ReplenishmentOptions`, from its one definition (crate::options::option_set!).
#[wasm_bindgen(typescript_custom_section)]
const TS_REPLENISH_OPTIONS: &str = ReplenishConfig::TS;

/// The JS keys of `skus`, each a column with one value per SKU.
const KEYS: [&str; 11] = [
    "mean",
    "sd",
    "stock",
    "onOrder",
    "unitCost",
    "holdingCost",
    "stockoutCost",
    "volume",
    "minOrder",
    "pack",
    "maxOrder",
];

/// Core field name → JS column name.
const FIELDS: [(&str, &str); 10] = [
    ("position", "stock"),
    ("demand.mean", "mean"),
    ("demand.sd", "sd"),
    ("unit_cost", "unitCost"),
    ("holding_cost", "holdingCost"),
    ("stockout_cost", "stockoutCost"),
    ("volume", "volume"),
    ("min_order", "minOrder"),
    ("pack", "pack"),
    ("max_order", "maxOrder"),
];

/// One column of `skus`: an array of one value per SKU, or one number for all of them; `default`
/// when omitted (`None`: required).
fn column(obj: &Object, key: &str, n: usize, default: Option<f64>) -> Result<Vec<f64>> {
    let v = get(obj, key);
    let arg = format!("skus.{key}");
    if v.is_undefined() {
        return match default {
            Some(d) => Ok(vec![d; n]),
            None => Err(Error::invalid(
                arg,
                "an array of numbers, one per SKU (or one number for all)",
                "undefined",
            )),
        };
    }
    if v.as_f64().is_some() {
        return Ok(vec![args::number(&arg, &v)?; n]);
    }
    let col = args::f64_vec(&arg, &v)?;
    if col.len() != n {
        return Err(Error::invalid(
            arg,
            format!("one value per SKU ({n}, as skus.mean)"),
            format!("{} values", col.len()),
        ));
    }
    Ok(col)
}

/// Renames a core error to the JS argument: `skus[3].pack` → `skus.pack[3]`, `budget` →
/// `options.budget`.
fn js_error(e: Error) -> Error {
    let Error::InvalidArgument { arg, expected, got } = e else {
        return e;
    };
    let arg = if let Some(rest) = arg.strip_prefix("skus[") {
        match rest.split_once("].") {
            Some((i, field)) => {
                let key = FIELDS
                    .iter()
                    .find(|(core, _)| *core == field)
                    .map_or(field, |(_, js)| js);
                format!("skus.{key}[{i}]")
            }
            None => format!("skus[{rest}"),
        }
    } else {
        match arg.as_str() {
            "budget" => "options.budget".into(),
            "capacity" => "options.capacity".into(),
            "min_service_level" => "options.minServiceLevel".into(),
            "max_levels" => "options.maxLevels".into(),
            "max_nodes" => "options.maxNodes".into(),
            "gap" => "options.gap".into(),
            "skus.length" => "skus.mean".into(),
            _ => arg,
        }
    };
    Error::InvalidArgument { arg, expected, got }
}

/// A replenishment plan: integer order quantities per SKU minimising the expected holding plus
/// stock-out cost of demand over the period the orders must cover, within `options.budget`
/// (Σ unitCost·quantity) and `options.capacity` (Σ volume·quantity), in case packs of at least
/// the minimum order, solved exactly (a MILP: branch and bound on an LP relaxation). When no
/// plan can meet the constraints the error names the one that fails and what it would take.
#[wasm_bindgen(js_name = replenishmentPlan, unchecked_return_type = "ReplenishmentPlan")]
pub fn replenishment_plan(
    #[wasm_bindgen(unchecked_param_type = "ReplenishmentSkus")] skus: &JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "ReplenishmentOptions")] options: &JsValue,
) -> Result<JsValue, JsError> {
    let obj = record("skus", skus, &KEYS)?;
    let opts = args::option_set::<ReplenishConfig>("options", options, &[])?.check()?;
    let mean = args::f64_vec("skus.mean", &get(obj, "mean"))?;
    let n =
        limits::check_count("skus.mean", mean.len(), 1, limits::MAX_PLAN_SKUS).map_err(|_| {
            Error::invalid(
                "skus.mean",
                format!("one value per SKU, 1 to {} SKUs", limits::MAX_PLAN_SKUS),
                format!("{} values", mean.len()),
            )
        })?;
    let sd = column(obj, "sd", n, None)?;
    let demand = LeadTimeDemand::from_columns(&mean, &sd)
        .map_err(|e| e.renamed(&[("mean", "skus.mean"), ("sd", "skus.sd")]))?;
    let stock = column(obj, "stock", n, None)?;
    check_quantities("skus.stock", &stock, None)?;
    let on_order = column(obj, "onOrder", n, Some(0.0))?;
    check_quantities("skus.onOrder", &on_order, None)?;
    let unit_cost = column(obj, "unitCost", n, None)?;
    let holding = column(obj, "holdingCost", n, None)?;
    let stockout = column(obj, "stockoutCost", n, None)?;
    let volume = column(obj, "volume", n, Some(1.0))?;
    let min_order = column(obj, "minOrder", n, Some(0.0))?;
    let pack = column(obj, "pack", n, Some(1.0))?;
    let max_order = if get(obj, "maxOrder").is_undefined() {
        None
    } else {
        Some(column(obj, "maxOrder", n, None)?)
    };
    let items: Vec<ReplenishSku> = (0..n)
        .map(|i| ReplenishSku {
            position: stock[i] + on_order[i],
            demand: demand[i],
            unit_cost: unit_cost[i],
            holding_cost: holding[i],
            stockout_cost: stockout[i],
            volume: volume[i],
            min_order: min_order[i],
            pack: pack[i],
            max_order: max_order.as_ref().map(|m| m[i]),
        })
        .collect();
    let plan = inv::replenish(&items, &opts).map_err(js_error)?;
    let col = |f: fn(&inv::PlanLine) -> f64| f64s(&plan.lines.iter().map(f).collect::<Vec<_>>());
    Ok(object(&[
        ("quantity", col(|l| l.quantity)),
        ("packs", col(|l| l.packs)),
        ("expectedCost", col(|l| l.expected_cost)),
        ("expectedLeftover", col(|l| l.expected_leftover)),
        ("expectedShortage", col(|l| l.expected_shortage)),
        ("stockoutRisk", col(|l| l.stockout_risk)),
        ("spend", col(|l| l.spend)),
        ("space", col(|l| l.space)),
        ("unconstrained", col(|l| l.unconstrained)),
        ("objective", JsValue::from_f64(plan.expected_cost)),
        ("bound", JsValue::from_f64(plan.bound)),
        ("gap", JsValue::from_f64(plan.gap)),
        (
            "status",
            JsValue::from_str(match plan.status {
                PlanStatus::Optimal => "optimal",
                PlanStatus::NodeLimit => "nodeLimit",
            }),
        ),
        (
            "costWithoutOrders",
            JsValue::from_f64(plan.cost_without_orders),
        ),
        (
            "costUnconstrained",
            JsValue::from_f64(plan.cost_unconstrained),
        ),
        ("totalSpend", JsValue::from_f64(plan.spend)),
        ("totalSpace", JsValue::from_f64(plan.space)),
        ("nodes", JsValue::from_f64(plan.nodes as f64)),
        ("iterations", JsValue::from_f64(plan.iterations as f64)),
    ]))
}
