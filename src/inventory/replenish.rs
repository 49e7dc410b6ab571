//! A replenishment plan under constraints: integer order quantities per SKU that minimise the
//! expected holding plus stock-out cost, within a purchase budget and a storage capacity, in
//! minimum order quantities and case packs.
//!
//! SKU `i` with inventory position `p` (stock + on order) and demand `D ~ Normal(μ, σ²)` over the
//! period the order must cover (censored at 0: no negative sales) ordering `q` ends the period
//! with `y = p + q` and expects
//! `cost(q) = h·E[(y − D⁺)⁺] + s·E[(D⁺ − y)⁺]` (`h` holding cost per unit left over, `s` stock-out
//! cost per unit short), convex in `q`. Allowed orders are 0 or a multiple of the case pack of at
//! least the minimum order quantity (and at most `max_order`); a minimum service level removes the
//! orders with `P(D <= y)` below it. Orders above the first allowed one at or past the
//! unconstrained optimum (the critical-ratio quantile `s / (s + h)`) cost more and use more of
//! every resource, so the candidates stop there. The choice among candidates under
//! `Σ unit_cost·q <= budget` and `Σ volume·q <= capacity` is an exact MILP, solved by
//! [`super::milp`]'s branch and bound.

use super::milp::{self, Item};
use super::{non_negative, LeadTimeDemand};
use crate::error::{check, show, Error, Result};
use crate::limits::{self, MAX_QUANTITY};
use crate::stats::norm_cdf;
use serde::{Deserialize, Serialize};

/// One SKU of a replenishment plan.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct ReplenishSku {
    /// Inventory position: units on hand plus on order (>= 0).
    pub position: f64,
    /// Demand over the period the order must cover (lead time plus review period).
    pub demand: LeadTimeDemand,
    /// Purchase cost per unit (>= 0): what counts against the budget.
    pub unit_cost: f64,
    /// Cost per unit left over at the end of the period (> 0).
    pub holding_cost: f64,
    /// Cost per unit of demand not met (>= 0), e.g. the lost margin.
    pub stockout_cost: f64,
    /// Storage space per unit (>= 0): what counts against the capacity.
    pub volume: f64,
    /// Minimum order quantity: an order is 0 or at least this many units.
    pub min_order: f64,
    /// Case pack: orders are whole multiples of it (a whole number >= 1).
    pub pack: f64,
    /// Most units that may be ordered (`None`: no limit).
    pub max_order: Option<f64>,
}

/// Constraints and search budget of [`replenish`].
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct ReplenishOptions {
    /// Most money the orders may cost, `Σ unit_cost·q` (`None`: no budget).
    pub budget: Option<f64>,
    /// Most storage the ordered units may take, `Σ volume·q` (`None`: no limit).
    pub capacity: Option<f64>,
    /// Each SKU's `P(demand <= position + order)` must reach this (in (0, 1); `None`: no floor).
    pub min_service_level: Option<f64>,
    /// Most candidate order quantities per SKU (1 ..= [`limits::MAX_ORDER_LEVELS`]).
    pub max_levels: usize,
    /// Most branch-and-bound nodes (1 ..= [`limits::MAX_PLAN_NODES`]).
    pub max_nodes: usize,
    /// Relative optimality gap at which the search stops (in [0, 1)).
    pub gap: f64,
}

impl Default for ReplenishOptions {
    fn default() -> Self {
        ReplenishOptions {
            budget: None,
            capacity: None,
            min_service_level: None,
            max_levels: 1_000,
            max_nodes: 20_000,
            gap: 1e-9,
        }
    }
}

/// How the search ended.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum PlanStatus {
    /// Proven optimal (within [`ReplenishOptions::gap`]).
    Optimal,
    /// The node budget ran out: the best plan found, with its gap.
    NodeLimit,
}

/// One SKU's line of a [`ReplenishPlan`].
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct PlanLine {
    /// Units to order (0, or a multiple of the pack of at least the minimum order).
    pub quantity: f64,
    /// Cases to order: `quantity / pack`.
    pub packs: f64,
    /// Expected holding plus stock-out cost with the order.
    pub expected_cost: f64,
    /// Expected units left over at the end of the period.
    pub expected_leftover: f64,
    /// Expected units of demand not met.
    pub expected_shortage: f64,
    /// P(demand > position + quantity).
    pub stockout_risk: f64,
    /// `unit_cost · quantity`.
    pub spend: f64,
    /// `volume · quantity`.
    pub space: f64,
    /// The order with neither budget nor capacity (the best allowed quantity of this SKU alone).
    pub unconstrained: f64,
}

/// The plan returned by [`replenish`].
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct ReplenishPlan {
    /// One line per SKU, in the order given.
    pub lines: Vec<PlanLine>,
    /// Expected holding plus stock-out cost of the plan (the objective).
    pub expected_cost: f64,
    /// A proven lower bound on the optimal expected cost.
    pub bound: f64,
    /// Relative gap `(expected_cost − bound) / expected_cost` (0 when optimal).
    pub gap: f64,
    /// Whether the plan is proven optimal.
    pub status: PlanStatus,
    /// Expected cost without any order.
    pub cost_without_orders: f64,
    /// Expected cost of every SKU's unconstrained order (a lower bound on any plan's cost).
    pub cost_unconstrained: f64,
    /// Total spend `Σ unit_cost·q`.
    pub spend: f64,
    /// Total space `Σ volume·q`.
    pub space: f64,
    /// Branch-and-bound nodes solved.
    pub nodes: usize,
    /// Simplex iterations over all nodes.
    pub iterations: usize,
}

/// E[(D⁺ − y)⁺] for `y >= 0`: expected shortage.
fn shortage(d: &LeadTimeDemand, y: f64) -> f64 {
    if d.sd == 0.0 {
        return (d.mean - y).max(0.0);
    }
    let z = (y - d.mean) / d.sd;
    let phi = (-0.5 * z * z).exp() / (2.0 * std::f64::consts::PI).sqrt();
    (d.sd * (phi - z * norm_cdf(-z))).max(0.0)
}

/// (expected cost, leftover, shortage) of ending the period with `y >= 0` units.
fn outcome(s: &ReplenishSku, y: f64) -> (f64, f64, f64) {
    let short = shortage(&s.demand, y);
    // (y − D⁺)⁺ − (D⁺ − y)⁺ = y − D⁺, and E[D⁺] = shortage at 0.
    let left = (y - shortage(&s.demand, 0.0) + short).max(0.0);
    (s.holding_cost * left + s.stockout_cost * short, left, short)
}

/// The expected holding plus stock-out cost of SKU `s` ordering `quantity` units.
pub fn expected_cost(s: &ReplenishSku, quantity: f64) -> f64 {
    outcome(s, s.position + quantity).0
}

fn whole(arg: &str, v: f64, min: f64) -> Result<()> {
    if v.fract() == 0.0 && (min..=MAX_QUANTITY).contains(&v) {
        Ok(())
    } else {
        Err(Error::invalid(
            arg,
            format!("a whole number in [{}, 1e15]", show(min)),
            show(v),
        ))
    }
}

impl ReplenishSku {
    /// Checks every field (errors name it).
    fn check(&self) -> Result<()> {
        non_negative("position", self.position)?;
        self.demand.check()?;
        non_negative("unit_cost", self.unit_cost)?;
        non_negative("holding_cost", self.holding_cost)?;
        if self.holding_cost == 0.0 {
            return Err(Error::invalid(
                "holding_cost",
                "a number in (0, 1e15] (with no cost of leftovers every order would be unbounded)",
                0,
            ));
        }
        non_negative("stockout_cost", self.stockout_cost)?;
        non_negative("volume", self.volume)?;
        whole("pack", self.pack, 1.0)?;
        whole("min_order", self.min_order, 0.0)?;
        if let Some(m) = self.max_order {
            whole("max_order", m, 0.0)?;
        }
        Ok(())
    }

    /// The smallest allowed order of at least `q` units (a pack multiple >= the minimum order),
    /// or `None` above `max_order`.
    fn allowed_at_least(&self, q: f64) -> Option<f64> {
        let q = if q <= 0.0 {
            return Some(0.0);
        } else {
            q.max(self.min_order)
        };
        let r = (q / self.pack).ceil() * self.pack;
        match self.max_order {
            Some(m) if r > m => None,
            _ => Some(r),
        }
    }
}

/// Candidate orders of one SKU, ascending: from the smallest allowed (0, or the least that meets
/// the service floor) to the first at or past the unconstrained optimum.
fn candidates(
    s: &ReplenishSku,
    index: usize,
    floor: Option<f64>,
    max_levels: usize,
) -> Result<Vec<f64>> {
    let need = match floor {
        Some(level) => (s.demand.quantile(level) - s.position).max(0.0),
        None => 0.0,
    };
    let Some(first) = s.allowed_at_least(need) else {
        return Err(Error::invalid(
            "max_order",
            format!(
                "at least {} units (the order that reaches the minimum service level in packs of {})",
                show(s.allowed_at_least_unbounded(need)),
                show(s.pack)
            ),
            show(s.max_order.unwrap_or(f64::INFINITY)),
        ));
    };
    // Unconstrained optimum y* = critical-ratio quantile of D⁺.
    let target = if s.stockout_cost == 0.0 {
        0.0
    } else {
        let m = s.holding_cost.max(s.stockout_cost);
        let cr = (s.stockout_cost / m) / (s.stockout_cost / m + s.holding_cost / m);
        (s.demand.quantile(cr) - s.position).max(0.0)
    };
    let last = if target <= first {
        first
    } else {
        let top = s.allowed_at_least_unbounded(target.max(s.min_order));
        match s.max_order {
            Some(m) => top.min((m / s.pack).floor() * s.pack),
            None => top,
        }
        .max(first)
    };
    // The positive candidates are first' (the least positive allowed) .. last in packs.
    let low = if first > 0.0 {
        first
    } else {
        s.allowed_at_least_unbounded(s.min_order.max(1.0))
    };
    let steps = if last >= low {
        ((last - low) / s.pack).round() + 1.0
    } else {
        0.0
    };
    let count = steps + if first == 0.0 { 1.0 } else { 0.0 };
    if count > max_levels as f64 {
        return Err(Error::invalid(
            "max_levels",
            format!(
                "at least {} (SKU {index}'s allowed orders run from {} to {} in packs of {}); or a larger pack",
                show(count),
                show(first),
                show(last),
                show(s.pack)
            ),
            max_levels,
        ));
    }
    let mut q = Vec::with_capacity(count as usize);
    if first == 0.0 {
        q.push(0.0);
    }
    for k in 0..steps as usize {
        q.push(low + k as f64 * s.pack);
    }
    Ok(q)
}

impl ReplenishSku {
    fn allowed_at_least_unbounded(&self, q: f64) -> f64 {
        (q.max(self.min_order) / self.pack).ceil() * self.pack
    }
}

/// The replenishment plan: integer orders per SKU minimising the expected holding plus stock-out
/// cost within the budget and capacity of `options`. Errors name the SKU (`skus[i].pack`), the
/// option, or — when no plan can meet the constraints — the constraint that cannot be met and by
/// how much (`budget`: below what the smallest allowed orders cost).
pub fn replenish(skus: &[ReplenishSku], options: &ReplenishOptions) -> Result<ReplenishPlan> {
    check::non_empty("skus", skus)?;
    limits::check_count("skus.length", skus.len(), 1, limits::MAX_PLAN_SKUS)?;
    let o = options;
    limits::check_count("max_levels", o.max_levels, 1, limits::MAX_ORDER_LEVELS)?;
    limits::check_count("max_nodes", o.max_nodes, 1, limits::MAX_PLAN_NODES)?;
    if !(0.0..1.0).contains(&o.gap) {
        return Err(Error::invalid("gap", "a number in [0, 1)", show(o.gap)));
    }
    if let Some(b) = o.budget {
        non_negative("budget", b)?;
    }
    if let Some(c) = o.capacity {
        non_negative("capacity", c)?;
    }
    if let Some(l) = o.min_service_level {
        check::open_interval("min_service_level", l, 0.0, 1.0)?;
    }
    let mut items = Vec::with_capacity(skus.len());
    let mut total = 0usize;
    for (i, s) in skus.iter().enumerate() {
        let at = |e: Error| e.within(&format!("skus[{i}]."));
        s.check().map_err(at)?;
        let q = candidates(s, i, o.min_service_level, o.max_levels).map_err(|e| match e {
            Error::InvalidArgument { ref arg, .. } if arg == "max_levels" => e,
            e => at(e),
        })?;
        total += q.len();
        if total > limits::MAX_PLAN_CANDIDATES {
            return Err(Error::invalid(
                "skus",
                format!(
                    "at most {} candidate orders over all SKUs (set larger packs or a smaller max_levels)",
                    limits::MAX_PLAN_CANDIDATES
                ),
                format!("more by SKU {i}"),
            ));
        }
        let f = q.iter().map(|&x| expected_cost(s, x)).collect();
        items.push(Item {
            q,
            f,
            a: s.unit_cost,
            b: s.volume,
        });
    }
    // The smallest allowed orders use the least of both rows: they fit, or nothing does.
    for (arg, limit, per) in [
        (
            "budget",
            o.budget,
            (|s: &ReplenishSku| s.unit_cost) as fn(&_) -> f64,
        ),
        ("capacity", o.capacity, |s: &ReplenishSku| s.volume),
    ] {
        let Some(limit) = limit else { continue };
        let need: f64 = skus
            .iter()
            .zip(&items)
            .map(|(s, it)| per(s) * it.q[0])
            .sum();
        if need > limit * (1.0 + 1e-12) {
            let why = match o.min_service_level {
                Some(l) => format!("the minimum service level {}", show(l)),
                None => "the required orders".into(),
            };
            return Err(Error::invalid(
                arg,
                format!(
                    "at least {}: what the smallest orders that reach {why} take (in minimum order quantities and packs); no plan fits in {}",
                    show(need),
                    show(limit)
                ),
                show(limit),
            ));
        }
    }
    let found = milp::solve(&items, o.budget, o.capacity, o.max_nodes, o.gap)?;
    let mut lines = Vec::with_capacity(skus.len());
    let (mut spend, mut space, mut none, mut free) = (0.0, 0.0, 0.0, 0.0);
    for (i, (s, it)) in skus.iter().zip(&items).enumerate() {
        let q = it.q[found.choice[i]];
        let (cost, left, short) = outcome(s, s.position + q);
        let best = (0..it.q.len())
            .min_by(|&a, &b| it.f[a].total_cmp(&it.f[b]))
            .unwrap_or(0);
        none += expected_cost(s, 0.0);
        free += it.f[best];
        spend += s.unit_cost * q;
        space += s.volume * q;
        lines.push(PlanLine {
            quantity: q,
            packs: q / s.pack,
            expected_cost: cost,
            expected_leftover: left,
            expected_shortage: short,
            stockout_risk: s.demand.exceed_prob(s.position + q),
            spend: s.unit_cost * q,
            space: s.volume * q,
            unconstrained: it.q[best],
        });
    }
    let gap = if found.objective > 0.0 {
        ((found.objective - found.bound) / found.objective).max(0.0)
    } else {
        0.0
    };
    Ok(ReplenishPlan {
        lines,
        expected_cost: found.objective,
        bound: found.bound,
        gap,
        status: if found.finished {
            PlanStatus::Optimal
        } else {
            PlanStatus::NodeLimit
        },
        cost_without_orders: none,
        cost_unconstrained: free,
        spend,
        space,
        nodes: found.nodes,
        iterations: found.iterations,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sku(mean: f64, sd: f64, position: f64) -> ReplenishSku {
        ReplenishSku {
            position,
            demand: LeadTimeDemand::new(mean, sd).unwrap(),
            unit_cost: 4.0,
            holding_cost: 1.0,
            stockout_cost: 9.0,
            volume: 1.0,
            min_order: 0.0,
            pack: 1.0,
            max_order: None,
        }
    }

    #[test]
    fn without_constraints_each_sku_orders_its_newsvendor_quantity() {
        let s = sku(100.0, 20.0, 30.0);
        let plan = replenish(&[s], &ReplenishOptions::default()).unwrap();
        // Critical ratio 0.9: y* = 100 + 20·z(0.9) = 125.63; the integer optimum is 95 or 96.
        let q = plan.lines[0].quantity;
        let nv = super::super::newsvendor(&s.demand, 9.0, 1.0)
            .unwrap()
            .quantity
            - 30.0;
        assert!(q == nv.floor() || q == nv.ceil(), "{q} vs {nv}");
        for d in [-1.0, 1.0] {
            assert!(expected_cost(&s, q + d) >= expected_cost(&s, q));
        }
        assert_eq!(plan.status, PlanStatus::Optimal);
        assert!((plan.expected_cost - plan.cost_unconstrained).abs() < 1e-9);
        // The censored-demand cost matches the newsvendor's at the same quantity when P(D<0)≈0.
        let c = super::super::newsvendor(&s.demand, 9.0, 1.0).unwrap();
        let at = expected_cost(&s, c.quantity - 30.0);
        assert!((at - c.expected_cost).abs() < 1e-6 * c.expected_cost);
    }

    #[test]
    fn packs_minimum_orders_budget_and_capacity_hold() {
        let mut a = sku(100.0, 20.0, 0.0);
        a.pack = 12.0;
        a.min_order = 48.0;
        let mut b = sku(40.0, 10.0, 35.0);
        b.min_order = 30.0; // its best small top-up is below the minimum order
        let c = sku(60.0, 5.0, 0.0);
        let o = ReplenishOptions {
            budget: Some(500.0),
            capacity: Some(110.0),
            ..Default::default()
        };
        let plan = replenish(&[a, b, c], &o).unwrap();
        assert_eq!(plan.status, PlanStatus::Optimal);
        assert!(plan.spend <= 500.0 + 1e-9 && plan.space <= 110.0 + 1e-9);
        let q: Vec<f64> = plan.lines.iter().map(|l| l.quantity).collect();
        assert!(q[0] == 0.0 || (q[0] >= 48.0 && q[0] % 12.0 == 0.0), "{q:?}");
        assert!(q[1] == 0.0 || q[1] >= 30.0, "{q:?}");
        // Exhaustive check of the optimum.
        let mut best = f64::INFINITY;
        for qa in (0..=20).map(|k| if k == 0 { 0.0 } else { 36.0 + 12.0 * k as f64 }) {
            for qb in (0..=100).map(|k| if k == 0 { 0.0 } else { 29.0 + k as f64 }) {
                for qc in 0..=120 {
                    let qc = qc as f64;
                    if 4.0 * (qa + qb + qc) <= 500.0 && qa + qb + qc <= 110.0 {
                        let f =
                            expected_cost(&a, qa) + expected_cost(&b, qb) + expected_cost(&c, qc);
                        best = best.min(f);
                    }
                }
            }
        }
        assert!(
            (plan.expected_cost - best).abs() <= 1e-9 * best,
            "{} vs {best}",
            plan.expected_cost
        );
    }

    #[test]
    fn infeasible_constraints_are_named() {
        let mut s = sku(100.0, 20.0, 0.0);
        s.pack = 10.0;
        let o = ReplenishOptions {
            budget: Some(100.0),
            min_service_level: Some(0.95),
            ..Default::default()
        };
        // z(0.95)·20 + 100 = 132.9 → 140 units at 4 = 560.
        let e = replenish(&[s], &o).unwrap_err().to_string();
        assert!(e.contains("`budget`") && e.contains("at least 560"), "{e}");
        let o = ReplenishOptions {
            capacity: Some(10.0),
            min_service_level: Some(0.95),
            ..Default::default()
        };
        let e = replenish(&[s], &o).unwrap_err().to_string();
        assert!(
            e.contains("`capacity`") && e.contains("at least 140"),
            "{e}"
        );
        s.max_order = Some(100.0);
        let o = ReplenishOptions {
            min_service_level: Some(0.95),
            ..Default::default()
        };
        let e = replenish(&[s], &o).unwrap_err().to_string();
        assert!(
            e.contains("`skus[0].max_order`") && e.contains("at least 140"),
            "{e}"
        );
    }

    #[test]
    fn bad_input_is_an_error() {
        let s = sku(100.0, 20.0, 0.0);
        let d = ReplenishOptions::default();
        assert!(replenish(&[], &d).is_err());
        for (f, name) in [
            (
                (|s: &mut ReplenishSku| s.pack = 0.0) as fn(&mut ReplenishSku),
                "skus[0].pack",
            ),
            (|s| s.pack = 2.5, "skus[0].pack"),
            (|s| s.min_order = -1.0, "skus[0].min_order"),
            (|s| s.holding_cost = 0.0, "skus[0].holding_cost"),
            (|s| s.stockout_cost = f64::NAN, "skus[0].stockout_cost"),
            (|s| s.unit_cost = f64::INFINITY, "skus[0].unit_cost"),
            (|s| s.position = -1.0, "skus[0].position"),
        ] {
            let mut bad = s;
            f(&mut bad);
            let e = replenish(&[s, bad], &d).unwrap_err().to_string();
            assert!(e.contains(&name.replace("[0]", "[1]")), "{e}");
        }
        let mut huge = s;
        huge.demand = LeadTimeDemand::new(1e9, 1.0).unwrap();
        let e = replenish(&[huge], &d).unwrap_err().to_string();
        assert!(e.contains("`max_levels`") && e.contains("SKU 0"), "{e}");
        for o in [
            ReplenishOptions { gap: 1.0, ..d },
            ReplenishOptions { max_nodes: 0, ..d },
            ReplenishOptions {
                max_levels: limits::MAX_ORDER_LEVELS + 1,
                ..d
            },
            ReplenishOptions {
                budget: Some(f64::NAN),
                ..d
            },
            ReplenishOptions {
                min_service_level: Some(1.0),
                ..d
            },
        ] {
            assert!(replenish(&[s], &o).is_err());
        }
    }

    #[test]
    fn a_node_budget_returns_the_best_plan_with_its_gap() {
        let skus: Vec<ReplenishSku> = (0..60)
            .map(|i| {
                let mut s = sku(50.0 + 7.0 * (i % 11) as f64, 5.0 + (i % 7) as f64, 0.0);
                s.unit_cost = 1.0 + (i % 5) as f64 * 0.37;
                s.volume = 0.5 + (i % 3) as f64 * 0.21;
                s.pack = [1.0, 6.0, 12.0][i % 3];
                s
            })
            .collect();
        let o = ReplenishOptions {
            budget: Some(3000.0),
            capacity: Some(2000.0),
            max_nodes: 1,
            gap: 0.0,
            ..Default::default()
        };
        let p = replenish(&skus, &o).unwrap();
        assert!(p.bound <= p.expected_cost && p.gap >= 0.0 && p.nodes == 1);
        // Many identical SKUs: a hard proof. More nodes never give a worse plan or a bound
        // above a plan found.
        let more = replenish(
            &skus,
            &ReplenishOptions {
                max_nodes: 300,
                ..o
            },
        )
        .unwrap();
        assert!(more.expected_cost <= p.expected_cost + 1e-9);
        assert!(p.bound <= more.expected_cost && more.bound <= p.expected_cost);
        assert!(more.bound >= p.bound - 1e-9 * p.bound);
        assert_eq!(p.status, PlanStatus::NodeLimit);
        assert!(p.gap > 0.0 && p.gap < 1e-3, "{}", p.gap);
    }
}
