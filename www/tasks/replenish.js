// Worker-side replenishment plan: the inventory table's lead-time demand and stock → integer
// orders under a budget and a capacity (replenishmentPlan, an exact MILP in the module).

/**
 * A case pack near 2% of lead-time demand on a 1-2-5 scale (1 for small demand), so that a SKU
 * selling thousands per period is ordered in cases rather than in single units.
 */
export function autoPack(mean) {
  const raw = mean / 50;
  if (!(raw >= 1)) return 1;
  const mag = 10 ** Math.floor(Math.log10(raw));
  return [1, 2, 5, 10].map((m) => m * mag).find((p) => p >= raw);
}

/** The plan's input from the inventory table (one SKU per series) and the panel's settings. */
export function replenishInput({ mean, sd, stock, unitCost, holdingCost, stockoutCost, minPacks }) {
  const pack = Float64Array.from(mean, autoPack);
  return {
    skus: {
      mean: Float64Array.from(mean), sd: Float64Array.from(sd), stock: Float64Array.from(stock),
      unitCost, holdingCost, stockoutCost, volume: 1, pack, minOrder: pack.map((p) => p * minPacks),
    },
    pack,
  };
}

export const tasks = (edgewise) => ({
  replenish: ({ budget, capacity, minServiceLevel, ...inv }) => {
    const { skus, pack } = replenishInput(inv);
    const options = {};
    if (budget !== null) options.budget = budget;
    if (capacity !== null) options.capacity = capacity;
    if (minServiceLevel !== null) options.minServiceLevel = minServiceLevel;
    const t0 = performance.now();
    const plan = edgewise.replenishmentPlan(skus, options);
    return { plan, pack, minOrder: skus.minOrder, ms: performance.now() - t0 };
  },
});
