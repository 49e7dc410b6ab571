//! Replenishment plans against scipy 1.17.1's `milp` (HiGHS) on the instances of
//! `tests/fixtures/milp/make_fixtures.py`: generated SKUs and SKUs derived from the dashboard's
//! bundled sales series. The script builds the MILP on its own (one binary per allowed order,
//! up to far past each SKU's optimum) and records HiGHS's proven optimum; edgewise must reach the
//! same expected cost within 1e-6 relative, with a plan that meets every constraint.
#![cfg(all(feature = "analytics", feature = "rerank"))]

use edgewise::inventory::{
    expected_cost, replenish, LeadTimeDemand, PlanStatus, ReplenishOptions, ReplenishSku,
};
use serde_json::Value;

fn instances() -> Vec<Value> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/tests/fixtures/milp/instances.json"
    );
    let v: Value = serde_json::from_str(&std::fs::read_to_string(path).unwrap()).unwrap();
    v["instances"].as_array().unwrap().clone()
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

#[test]
fn optima_equal_highs() {
    let all = instances();
    assert!(all.len() >= 8);
    for inst in all {
        let name = inst["name"].as_str().unwrap();
        let skus: Vec<ReplenishSku> = inst["skus"].as_array().unwrap().iter().map(sku).collect();
        let o = &inst["options"];
        let options = ReplenishOptions {
            budget: o["budget"].as_f64(),
            capacity: o["capacity"].as_f64(),
            min_service_level: o["minServiceLevel"].as_f64(),
            max_nodes: 200_000,
            gap: 1e-9,
            ..Default::default()
        };
        let plan = replenish(&skus, &options).unwrap_or_else(|e| panic!("{name}: {e}"));
        let highs = inst["highs"]["objective"].as_f64().unwrap();
        let rel = (plan.expected_cost - highs).abs() / highs;
        eprintln!(
            "{name}: {} SKUs, edgewise {} ({:?}, {} nodes, gap {:.1e}), HiGHS {highs}, rel diff {rel:.1e}",
            skus.len(),
            plan.expected_cost,
            plan.status,
            plan.nodes,
            plan.gap
        );
        assert!(
            rel <= 1e-6,
            "{name}: {} vs HiGHS {highs}",
            plan.expected_cost
        );
        assert_eq!(plan.status, PlanStatus::Optimal, "{name}");
        assert!(
            plan.bound <= highs * (1.0 + 1e-9),
            "{name}: bound above the optimum"
        );
        // Feasibility, re-checked from the quantities.
        let (mut spend, mut space, mut cost) = (0.0, 0.0, 0.0);
        for (s, l) in skus.iter().zip(&plan.lines) {
            let q = l.quantity;
            assert!(
                q == 0.0 || (q >= s.min_order && (q / s.pack).fract() == 0.0),
                "{name}: {q}"
            );
            if let Some(level) = options.min_service_level {
                assert!(
                    1.0 - l.stockout_risk >= level - 1e-12,
                    "{name}: service level"
                );
            }
            spend += s.unit_cost * q;
            space += s.volume * q;
            cost += expected_cost(s, q);
        }
        if let Some(b) = options.budget {
            assert!(spend <= b * (1.0 + 1e-9), "{name}: spend {spend} > {b}");
        }
        if let Some(c) = options.capacity {
            assert!(space <= c * (1.0 + 1e-9), "{name}: space {space} > {c}");
        }
        assert!((cost - plan.expected_cost).abs() <= 1e-9 * cost);
    }
}
