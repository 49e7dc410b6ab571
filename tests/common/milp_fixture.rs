//! Reads the replenishment instances of `tests/fixtures/milp/` (made by `make_fixtures.py`), for
//! `tests/milp_highs.rs` and `benches/replenish.rs`.

use edgewise::inventory::{LeadTimeDemand, ReplenishOptions, ReplenishSku};
use serde_json::Value;

/// One instance with HiGHS's answer.
pub struct Instance {
    /// Its name in the fixture.
    pub name: String,
    /// The SKUs.
    pub skus: Vec<ReplenishSku>,
    /// Budget, capacity and service floor (other options at their defaults).
    pub options: ReplenishOptions,
    /// HiGHS's optimal expected cost.
    pub highs: f64,
    /// Seconds of scipy's `milp` call.
    pub highs_seconds: f64,
}

/// The instances of `tests/fixtures/milp/<file>`.
pub fn instances(file: &str) -> Vec<Instance> {
    let path = format!("{}/tests/fixtures/milp/{file}", env!("CARGO_MANIFEST_DIR"));
    let v: Value = serde_json::from_str(&std::fs::read_to_string(&path).expect("fixture")).unwrap();
    v["instances"]
        .as_array()
        .unwrap()
        .iter()
        .map(|inst| {
            let skus = inst["skus"].as_array().unwrap().iter().map(sku).collect();
            let o = &inst["options"];
            Instance {
                name: inst["name"].as_str().unwrap().to_string(),
                skus,
                options: ReplenishOptions {
                    budget: o["budget"].as_f64(),
                    capacity: o["capacity"].as_f64(),
                    min_service_level: o["minServiceLevel"].as_f64(),
                    ..Default::default()
                },
                highs: inst["highs"]["objective"].as_f64().unwrap(),
                highs_seconds: inst["highs"]["seconds"].as_f64().unwrap_or(f64::NAN),
            }
        })
        .collect()
}

fn sku(s: &Value) -> ReplenishSku {
    let f = |k: &str| s[k].as_f64().unwrap();
    ReplenishSku {
        position: f("position"),
        demand: LeadTimeDemand::new(f("mean"), f("sd")).unwrap(),
        unit_cost: f("unitCost"),
        holding_cost: f("holdingCost"),
        stockout_cost: f("stockoutCost"),
        volume: f("volume"),
        min_order: f("minOrder"),
        pack: f("pack"),
        max_order: s["maxOrder"].as_f64(),
    }
}
