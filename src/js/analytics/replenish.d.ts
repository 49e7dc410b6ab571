/**
 * Input of `replenishmentPlan`: one value per SKU in each column (a number applies to every SKU).
 * `mean`/`sd`: demand over the period the order must cover (e.g. lead time + review period, from
 * `leadTimeDemand`), normal, censored at 0.
 */
export interface ReplenishmentSkus {
  mean: Numbers;
  sd: Numbers | number;
  /** Units on hand (>= 0). */
  stock: Numbers | number;
  /** Units ordered, not yet received (>= 0; default 0). */
  onOrder?: Numbers | number;
  /** Purchase cost per unit (>= 0): counts against `options.budget`. */
  unitCost: Numbers | number;
  /** Cost per unit left over at the end of the period (> 0). */
  holdingCost: Numbers | number;
  /** Cost per unit of demand not met (>= 0), e.g. the lost margin. */
  stockoutCost: Numbers | number;
  /** Storage per unit (>= 0; default 1): counts against `options.capacity`. */
  volume?: Numbers | number;
  /** Minimum order quantity: an order is 0 or at least this (a whole number; default 0). */
  minOrder?: Numbers | number;
  /** Case pack: orders are multiples of it (a whole number >= 1; default 1). */
  pack?: Numbers | number;
  /** Most units that may be ordered (a whole number; default: no limit). */
  maxOrder?: Numbers | number;
}
/** Result of `replenishmentPlan`: one entry per SKU in each array, then totals. */
export interface ReplenishmentPlan {
  /** Units to order. */
  quantity: Float64Array;
  /** quantity / pack. */
  packs: Float64Array;
  /** Expected holding + stock-out cost with the order. */
  expectedCost: Float64Array;
  expectedLeftover: Float64Array;
  expectedShortage: Float64Array;
  /** P(demand > stock + onOrder + quantity). */
  stockoutRisk: Float64Array;
  /** unitCost · quantity. */
  spend: Float64Array;
  /** volume · quantity. */
  space: Float64Array;
  /** The SKU's best order with neither budget nor capacity. */
  unconstrained: Float64Array;
  /** Expected holding + stock-out cost of the plan. */
  objective: number;
  /** Proven lower bound on the optimal cost. */
  bound: number;
  /** (objective − bound) / objective. */
  gap: number;
  /** "optimal", or "nodeLimit" when `options.maxNodes` ran out first (the best plan found). */
  status: "optimal" | "nodeLimit";
  costWithoutOrders: number;
  costUnconstrained: number;
  totalSpend: number;
  totalSpace: number;
  nodes: number;
  iterations: number;
}
