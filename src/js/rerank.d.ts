/** An item id as the page knows it: a number (u32) or a string (e.g. a SKU). */
export type ItemId = number | string;
/** A session event. */
export interface ShopperEvent {
  /** The item concerned. */
  item: ItemId;
  /** What the shopper did. */
  kind: "view" | "cart" | "purchase" | "dismiss";
  /** When, in milliseconds (e.g. `Date.now()`). */
  timestampMs: number;
}
/** Weights per event kind and the decay half-life; missing fields take their defaults. */
export interface ProfileParams {
  /** Weight of a view (default 1). */
  view?: number;
  /** Weight of an add-to-cart (default 3). */
  cart?: number;
  /** Weight of a purchase (default 5). */
  purchase?: number;
  /** Weight of a dismissal (default -1). */
  dismiss?: number;
  /** Half-life of an event's influence in ms (default 30 minutes). */
  halfLifeMs?: number;
  /** Scale item embeddings to unit length before adding them (default true). */
  normalizeItems?: boolean;
}
/** What `ShopperProfile.observe` did. */
export interface ObserveReport {
  /** Events applied. */
  applied: number;
  /** Ids the store does not know (their events were skipped), first-seen order. */
  unknownIds: ItemId[];
}
/** Business rules. */
export interface RankRules {
  /** Drop items with stock <= 0 (needs `setStock`). */
  dropOutOfStock?: boolean;
  /** Keep only items priced at least this (needs `setPrices`). */
  priceMin?: number;
  /** Keep only items priced at most this (needs `setPrices`). */
  priceMax?: number;
  /** Items never to return. */
  exclude?: ItemId[];
  /** Exclude the profile's purchased items (`rankProfile` only). */
  suppressPurchased?: boolean;
  /** Score boosts (negative amounts bury), by id or by category. */
  boosts?: { target: { id: ItemId } | { category: string }; amount: number }[];
  /** Fixed slots (0-based, below k). */
  pins?: { id: ItemId; slot: number }[];
}
/** Supply-aware demotion: exactly one of `risk` / `demand`, one value per catalog item. */
export interface RankSupply {
  /** Stock-out risk per item, each in [0, 1]. */
  risk?: Float64Array | number[];
  /** Expected demand per item until replenishment, compared with the store's stock. */
  demand?: Float64Array | number[];
  /** Score units removed at risk 1 (>= 0). */
  strength: number;
}
/**
 * What a propensity model sees for an item: "embedding" (the item's embedding, the store's
 * dimension), "interaction" (the shopper's unit query times the embedding, element by element —
 * a personal model; zero in a cold start), or page-supplied item features (price, discount,
 * rating, …) as row-major items × dim values in store order.
 */
export type RankPropensityFeatures = "embedding" | "interaction" | { values: Float64Array | number[]; dim: number };
/**
 * A learned click propensity added to the relevance as `weight * p(click)`, with
 * p = 1 / (1 + exp(-(coef · x + intercept))) on the item's features x (see `propensityFeatures`
 * for the exact x, to train on what is ranked).
 */
export interface RankPropensity {
  /** The logistic model: `OnlineLogistic.model()` or `logisticRegression(...)`; the extra keys of those results are accepted. */
  model: { coef: Float64Array | number[]; intercept: number; nIter?: number; converged?: boolean; kktViolation?: number };
  /** Weight of p(click) in the relevance (finite, default 1; 0 shows p without ranking by it). */
  weight?: number;
  /** The features the model was trained on (default "embedding"). */
  features?: RankPropensityFeatures;
}
/** Options of `rank` and `rankProfile`. */
export interface RankOptions {
  /** Number of items to return (>= 1, default 10; more than available returns all). */
  k?: number;
  /** "dot" (default) or "cosine". */
  metric?: "dot" | "cosine";
  /** Re-rank these server candidates instead of the whole catalog. */
  candidates?: { id: ItemId; serverScore: number }[];
  /** Weights of the local similarity and the server score (default 1 and 1). */
  blend?: { local?: number; server?: number };
  /** MMR: lambda in (0, 1] (1 = no diversity); pool 0 = automatic. */
  diversity?: { lambda?: number; pool?: number };
  /** At most this many items per category (needs `setCategories`). */
  categoryCap?: number;
  /** Business rules. */
  rules?: RankRules;
  /** Supply-aware demotion. */
  supply?: RankSupply;
  /** A learned click-propensity term. */
  propensity?: RankPropensity;
}
/** Options of `rankProfile`: those of `rank` plus the time the profile is read at. */
export interface RankProfileOptions extends RankOptions {
  /** Time in ms the profile decays to (default: its latest event). */
  nowMs?: number;
}
/** The explanation of each result's score: one value per returned item. */
export interface ScoreParts {
  /** Raw local similarity (in a cold start: the popularity prior, see `RankResult.coldStart`). */
  similarity: Float64Array;
  /** blend.local * similarity. */
  local: Float64Array;
  /** Raw server score (0 in catalog mode). */
  serverScore: Float64Array;
  /** blend.server * serverScore. */
  server: Float64Array;
  /** The propensity model's p(click) in [0, 1] (0 without `options.propensity`). */
  clickProbability: Float64Array;
  /** propensity.weight * clickProbability, added. */
  propensity: Float64Array;
  /** Sum of the boosts and burials that applied. */
  ruleBoost: Float64Array;
  /** Stock-out risk in [0, 1]. */
  supplyRisk: Float64Array;
  /** strength * risk, subtracted. */
  supplyPenalty: Float64Array;
  /** MMR penalty, subtracted. */
  diversityPenalty: Float64Array;
  /** 1 where the item sits at a pinned slot. */
  pinned: Uint8Array;
}
/** Result of `rank` / `rankProfile`: best first; score = local + server + propensity + ruleBoost - supplyPenalty - diversityPenalty. */
export interface RankResult {
  /** Positions in the store. */
  indices: Uint32Array;
  /** Item ids. */
  ids: ItemId[];
  /** Final scores. */
  scores: Float64Array;
  /** The parts of each score. */
  parts: ScoreParts;
  /** Ids in candidates, pins, boosts or exclusions the store does not know. */
  unknownIds: ItemId[];
  /** Boosted categories no item has. */
  unknownCategories: string[];
  /** Items removed by filters (stock, price, exclusions). */
  filtered: number;
  /**
   * True when the query was zero (e.g. an empty session): `parts.similarity` is then the store's
   * popularity prior (`setPopularity`, scaled so the most popular item has 1), or 0 without one,
   * leaving the server's order (candidates) or the catalog order.
   */
  coldStart: boolean;
}
/** Result of `synthCatalog`: item i at index i everywhere. */
export interface SynthCatalog {
  /** The catalog as a store with ids 0..n, categories, prices, stock and popularity (`setPopularity`). */
  store: ItemStore;
  /** n x dim embeddings, row-major. */
  embeddings: Float32Array;
  /** Cluster of each item. */
  cluster: Uint32Array;
  /** Category name of each item ("c<cluster>"). */
  categories: string[];
  /** Popularity share of each item (sums to 1). */
  popularity: Float64Array;
  /** Price of each item. */
  prices: Float64Array;
  /** Units in stock (about 10% zero). */
  stock: Float64Array;
}
