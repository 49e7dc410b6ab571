// Worker-side rerank methods: the demo catalog is generated here once (seeded, nothing downloaded)
// and stays in wasm memory; each session request builds the shopper profile from the page's
// click events and re-ranks the whole catalog.

/** The bundled demo catalog: `synthCatalog(n, dim, clusters, seed)`. */
export const CATALOG = { n: 2000, dim: 32, clusters: 8, seed: 42 };

/**
 * Expected demand per item until the next replenishment, for supply-aware ranking: the item's
 * popularity share of 10,000 units sold catalog-wide (popular items run out first).
 */
export const demandOf = (popularity) => Float64Array.from(popularity, (p) => p * 10_000);

let catalog = null;

export const tasks = (edgewise) => {
  const get = () => {
    catalog ??= edgewise.synthCatalog(CATALOG.n, CATALOG.dim, CATALOG.clusters, CATALOG.seed);
    return catalog;
  };
  return {
    /** Catalog metadata for the page (the embeddings stay in the worker). */
    rerankCatalog: () => {
      const c = get();
      return {
        ...CATALOG,
        categories: c.categories,
        prices: c.prices,
        stock: c.stock,
        popularity: c.popularity,
        demand: demandOf(c.popularity),
      };
    },
    /**
     * Re-ranks for a session: `events` ({item, kind, timestampMs}) build a fresh profile, then
     * `rankProfile(store, profile, options)`; `options.supply = {strength}` uses the demand above.
     */
    rerankSession: ({ events, options }) => {
      const c = get();
      const profile = new edgewise.ShopperProfile(CATALOG.dim);
      try {
        const report = profile.observe(c.store, events);
        const opts = { ...options };
        if (opts.supply) opts.supply = { demand: demandOf(c.popularity), strength: opts.supply.strength };
        const t0 = performance.now();
        const ranking = edgewise.rankProfile(c.store, profile, opts);
        const ms = performance.now() - t0;
        return { ...ranking, ms, applied: report.applied, profileBytes: JSON.stringify(profile).length };
      } finally {
        profile.free();
      }
    },
  };
};
