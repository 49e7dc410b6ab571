//! Replenishment plans against scipy 1.17.1's `milp` (HiGHS) on the instances of
//! `tests/fixtures/milp/make_fixtures.py`: generated SKUs and SKUs derived from the dashboard's
//! bundled sales series. The script builds the MILP on its own (one binary per allowed order,
//! up to far past each SKU's optimum) and records HiGHS's proven optimum; edgewise must reach the
//! same expected cost within 1e-6 relative, with a plan that meets every constraint.
#![cfg(all(feature = "analytics", feature = "rerank"))]

#[path = "common/milp_fixture.rs"]
mod milp_fixture;

use edgewise::inventory::{expected_cost, replenish, PlanStatus, ReplenishOptions};

#[test]
fn optima_equal_highs() {
    let all = milp_fixture::instances("instances.json");
    assert!(all.len() >= 8);
    for inst in all {
        let (name, skus) = (&inst.name, &inst.skus);
        let options = ReplenishOptions {
            max_nodes: 200_000,
            gap: 1e-9,
            ..inst.options
        };
        let plan = replenish(skus, &options).unwrap_or_else(|e| panic!("{name}: {e}"));
        let highs = inst.highs;
        let rel = (plan.expected_cost - highs).abs() / highs;
        eprintln!(
            "{name}: {} SKUs, edgewise {} ({:?}, {} nodes, gap {:.1e}), HiGHS {highs} ({:.3} s), rel diff {rel:.1e}",
            skus.len(),
            plan.expected_cost,
            plan.status,
            plan.nodes,
            plan.gap,
            inst.highs_seconds
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
