//! JS bindings for inventory decisions from demand forecasts.

use super::super::args::{self, get, number, object, plain, record};
use super::f64s;
use crate::error::{Error, Result};
use crate::forecast::{Forecast, Interval};
use crate::inventory::{
    self as inv, check_quantities, InventoryPlanConfig, LeadTimeConfig, LeadTimeDemand,
};
use crate::limits;
use crate::num::Num;
use crate::options::OptionSet;
use js_sys::Float64Array;
use wasm_bindgen::prelude::*;

// The option interfaces come from their one definition (crate::options::option_set!).
#[wasm_bindgen(typescript_custom_section)]
const TS_LEAD_TIME_OPTIONS: &str = LeadTimeConfig::TS;
#[wasm_bindgen(typescript_custom_section)]
const TS_PLAN_OPTIONS: &str = InventoryPlanConfig::TS;

fn demand(arg: &str, v: &JsValue) -> Result<LeadTimeDemand> {
    let obj = record(arg, v, &["mean", "sd"])?;
    let (mean_arg, sd_arg) = (format!("{arg}.mean"), format!("{arg}.sd"));
    let mean = number(&mean_arg, &get(obj, "mean"))?;
    let sd = number(&sd_arg, &get(obj, "sd"))?;
    LeadTimeDemand::new(mean, sd).map_err(|e| e.renamed(&[("mean", &mean_arg), ("sd", &sd_arg)]))
}

fn demand_out(d: LeadTimeDemand) -> JsValue {
    object(&[
        ("mean", JsValue::from_f64(d.mean)),
        ("sd", JsValue::from_f64(d.sd)),
    ])
}

/// Demand over a lead time of `leadTime` periods (> 0, may be fractional) from a per-period
/// forecast: the output of `forecast` (spread read from its interval at `options.level`,
/// default its first level) or `{ point, sd }`. The forecast must reach the lead time.
#[wasm_bindgen(js_name = leadTimeDemand, unchecked_return_type = "LeadTimeDemand")]
pub fn lead_time_demand(
    #[wasm_bindgen(unchecked_param_type = "ForecastLike")] forecast: &JsValue,
    #[wasm_bindgen(js_name = leadTime, unchecked_param_type = "number")] lead_time: &JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "LeadTimeOptions")] options: &JsValue,
) -> Result<JsValue, JsError> {
    let lead_time = number("leadTime", lead_time)?;
    let obj = record(
        "forecast",
        forecast,
        // Everything `forecast` returns is accepted as it is.
        &[
            "model",
            "point",
            "levels",
            "lower",
            "upper",
            "aicc",
            "seasonLength",
            "sd",
        ],
    )?;
    let (given_level, corr) =
        args::option_set::<LeadTimeConfig>("options", options, &[])?.check()?;
    let point = args::f64_vec("forecast.point", &get(obj, "point"))?;
    let names = [
        ("point", "forecast.point"),
        ("sd", "forecast.sd"),
        ("lead_time", "leadTime"),
        ("level", "options.level"),
        ("forecast.intervals", "forecast.lower"),
    ];
    let sd = args::prop("forecast", obj, "sd")?;
    let d = if !sd.is_undefined() {
        let sd = args::f64_vec("forecast.sd", &sd)?;
        LeadTimeDemand::from_forecast(&point, &sd, lead_time, corr)
    } else {
        if ["levels", "lower", "upper"]
            .iter()
            .all(|k| get(obj, k).is_undefined())
        {
            return Err(Error::invalid(
                "forecast.sd",
                "a Float64Array of standard deviations per step (or the interval form: levels, lower, upper)",
                "undefined",
            )
            .into());
        }
        let levels = args::f64_vec("forecast.levels", &get(obj, "levels"))?;
        let bounds = |key: &str| -> Result<Vec<Vec<f64>>> {
            let v = get(obj, key);
            if !args::is_array(&v) {
                return Err(Error::invalid(
                    format!("forecast.{key}"),
                    "an array of bounds per level",
                    args::describe(&v),
                ));
            }
            let n = get(&v, "length").as_f64().unwrap_or(0.0);
            if n > limits::MAX_LEVELS as f64 {
                return Err(Error::invalid(
                    format!("forecast.{key}"),
                    format!(
                        "at most {} bounds arrays (one per level)",
                        limits::MAX_LEVELS
                    ),
                    format!("{} arrays", Num(n)),
                ));
            }
            args::elements(&format!("forecast.{key}"), &v)?
                .iter()
                .enumerate()
                .map(|(i, b)| args::f64_vec(&format!("forecast.{key}[{i}]"), b))
                .collect()
        };
        let (lower, upper) = (bounds("lower")?, bounds("upper")?);
        if levels.is_empty() || lower.len() != levels.len() || upper.len() != levels.len() {
            return Err(Error::invalid(
                "forecast",
                "intervals (levels with lower and upper bounds per level), or sd",
                format!(
                    "{} levels, {} lower, {} upper",
                    levels.len(),
                    lower.len(),
                    upper.len()
                ),
            )
            .into());
        }
        let level = given_level.unwrap_or(levels[0]);
        for (i, b) in lower.iter().chain(&upper).enumerate() {
            crate::error::check::finite(
                &format!(
                    "forecast.{}[{}]",
                    if i < lower.len() { "lower" } else { "upper" },
                    i % lower.len()
                ),
                b,
            )?;
        }
        let fc = Forecast {
            point,
            intervals: levels
                .iter()
                .zip(lower.into_iter().zip(upper))
                .map(|(&level, (lower, upper))| Interval {
                    level,
                    lower,
                    upper,
                })
                .collect(),
        };
        LeadTimeDemand::from_forecast_interval(&fc, level, lead_time, corr)
    }
    .map_err(|e| e.renamed(&names))?;
    Ok(demand_out(d))
}

/// Lead-time demand from forecast quantiles: `values[i]` is the `probs[i]` quantile (a normal
/// fitted by least squares).
#[wasm_bindgen(js_name = demandFromQuantiles, unchecked_return_type = "LeadTimeDemand")]
pub fn demand_from_quantiles(
    #[wasm_bindgen(unchecked_param_type = "Numbers")] probs: &JsValue,
    #[wasm_bindgen(unchecked_param_type = "Numbers")] values: &JsValue,
) -> Result<JsValue, JsError> {
    let p = args::f64_vec("probs", probs)?;
    let v = args::f64_vec("values", values)?;
    Ok(demand_out(LeadTimeDemand::from_quantiles(&p, &v)?))
}

/// The inventory table over many SKUs: safety stock, reorder point, inventory position,
/// stock-out risk and whether to reorder now, at `options.serviceLevel` (default 0.95).
/// Lead-time demand per SKU comes from `mean` and `sd`, or `mean` and a central interval
/// `lower`/`upper` at `level`.
#[wasm_bindgen(js_name = inventoryPlan, unchecked_return_type = "InventoryPlan")]
pub fn inventory_plan(
    #[wasm_bindgen(unchecked_param_type = "InventoryInput")] input: &JsValue,
    #[wasm_bindgen(unchecked_optional_param_type = "InventoryPlanOptions")] options: &JsValue,
) -> Result<JsValue, JsError> {
    let obj = record(
        "input",
        input,
        &["stock", "onOrder", "mean", "sd", "lower", "upper", "level"],
    )?;
    let service_level =
        args::option_set::<InventoryPlanConfig>("options", options, &[])?.check()?;
    let has = |key: &str| !get(obj, key).is_undefined();
    let col = |key: &str| args::f64_vec(&format!("input.{key}"), &get(obj, key));
    let names = [
        ("mean", "input.mean"),
        ("sd", "input.sd"),
        ("lower", "input.lower"),
        ("upper", "input.upper"),
        ("level", "input.level"),
        ("stock", "input.stock"),
        ("on_order", "input.onOrder"),
        ("demand", "input.mean"),
        ("service_level", "options.serviceLevel"),
    ];
    let mean = col("mean")?;
    let demands = if has("sd") {
        LeadTimeDemand::from_columns(&mean, &col("sd")?)
    } else if has("lower") || has("upper") {
        let level = number("input.level", &get(obj, "level"))?;
        LeadTimeDemand::from_interval_columns(&mean, &col("lower")?, &col("upper")?, level)
    } else {
        return Err(Error::invalid(
            "input",
            "the demand spread: `sd`, or `lower`, `upper` and `level`",
            "neither",
        )
        .into());
    }
    .map_err(|e| e.renamed(&names))?;
    let on_order = if has("onOrder") {
        Some(col("onOrder")?)
    } else {
        None
    };
    let skus = inv::skus_from_columns(&col("stock")?, on_order.as_deref(), &demands)
        .map_err(|e| e.renamed(&names))?;
    let plan = inv::plan(&skus, service_level).map_err(|e| e.renamed(&names))?;
    let column = |f: fn(&inv::SkuPlan) -> f64| -> JsValue {
        let v: Vec<f64> = plan.iter().map(f).collect();
        f64s(&v)
    };
    Ok(object(&[
        ("meanDemand", column(|p| p.mean_demand)),
        ("sdDemand", column(|p| p.sd_demand)),
        ("safetyStock", column(|p| p.safety_stock)),
        ("reorderPoint", column(|p| p.reorder_point)),
        ("position", column(|p| p.position)),
        ("stockoutRisk", column(|p| p.stockout_risk)),
        (
            "reorderNow",
            args::flags(plan.iter().map(|p| p.reorder_now)),
        ),
        ("shortfall", column(|p| p.shortfall)),
    ]))
}

/// P(lead-time demand > `stock`): the chance of running out before replenishment arrives.
#[wasm_bindgen(js_name = stockoutRisk)]
pub fn stockout_risk(
    #[wasm_bindgen(unchecked_param_type = "LeadTimeDemand")] demand: &JsValue,
    #[wasm_bindgen(unchecked_param_type = "number")] stock: &JsValue,
) -> Result<f64, JsError> {
    let d = self::demand("demand", demand)?;
    let stock = number("stock", stock)?;
    Ok(inv::stockout_risk(&d, stock)?)
}

/// Newsvendor order quantity for one selling period: the critical-ratio quantile of demand,
/// with expected leftover, shortage and cost. `underageCost` is the margin lost per unit
/// short, `overageCost` the loss per unit left over (both > 0).
#[wasm_bindgen(unchecked_return_type = "Newsvendor")]
pub fn newsvendor(
    #[wasm_bindgen(unchecked_param_type = "LeadTimeDemand")] demand: &JsValue,
    #[wasm_bindgen(js_name = underageCost, unchecked_param_type = "number")]
    underage_cost: &JsValue,
    #[wasm_bindgen(js_name = overageCost, unchecked_param_type = "number")] overage_cost: &JsValue,
) -> Result<JsValue, JsError> {
    let d = self::demand("demand", demand)?;
    let underage_cost = number("underageCost", underage_cost)?;
    let overage_cost = number("overageCost", overage_cost)?;
    let r = inv::newsvendor(&d, underage_cost, overage_cost).map_err(|e| {
        e.renamed(&[
            ("underage_cost", "underageCost"),
            ("overage_cost", "overageCost"),
        ])
    })?;
    Ok(plain(&r)?)
}

/// Economic order quantity √(2·D·S / H): `demandRate` units per period (>= 0), `orderCost`
/// per order (> 0), `holdingCost` per unit per period (> 0).
#[wasm_bindgen]
pub fn eoq(
    #[wasm_bindgen(js_name = demandRate, unchecked_param_type = "number")] demand_rate: &JsValue,
    #[wasm_bindgen(js_name = orderCost, unchecked_param_type = "number")] order_cost: &JsValue,
    #[wasm_bindgen(js_name = holdingCost, unchecked_param_type = "number")] holding_cost: &JsValue,
) -> Result<f64, JsError> {
    let demand_rate = number("demandRate", demand_rate)?;
    let order_cost = number("orderCost", order_cost)?;
    let holding_cost = number("holdingCost", holding_cost)?;
    Ok(
        inv::eoq(demand_rate, order_cost, holding_cost).map_err(|e| {
            e.renamed(&[
                ("demand_rate", "demandRate"),
                ("order_cost", "orderCost"),
                ("holding_cost", "holdingCost"),
            ])
        })?,
    )
}

/// Stock-out risk in [0, 1] per item, in the order given: **the input of the rerank engine's
/// supply-aware ranking** (items likely to sell out are demoted). `stock[i]` is item i's
/// units (>= 0); `demand.mean[i]` / `demand.sd[i]` its demand over the horizon that matters.
#[wasm_bindgen(js_name = supplyRisks)]
pub fn supply_risks(
    #[wasm_bindgen(unchecked_param_type = "Numbers")] stock: &JsValue,
    #[wasm_bindgen(unchecked_param_type = "{ mean: Numbers; sd: Numbers }")] demand: &JsValue,
) -> Result<Float64Array, JsError> {
    let obj = record("demand", demand, &["mean", "sd"])?;
    let mean = args::f64_vec("demand.mean", &get(obj, "mean"))?;
    let sd = args::f64_vec("demand.sd", &get(obj, "sd"))?;
    let names = [
        ("mean", "demand.mean"),
        ("sd", "demand.sd"),
        ("stock", "stock"),
    ];
    let d = LeadTimeDemand::from_columns(&mean, &sd).map_err(|e| e.renamed(&names))?;
    let stock = args::f64_vec("stock", stock)?;
    check_quantities("stock", &stock, Some((d.len(), "item")))?;
    Ok(Float64Array::from(
        inv::supply_risks(&stock, &d)?.as_slice(),
    ))
}
