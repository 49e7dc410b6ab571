/** A list of numbers: a typed array or a plain array. */
export type Numbers = Float64Array | Float32Array | Uint32Array | Int32Array | number[];
/** Result of `rfm`: one row per shopper, sorted by shopper id. Also the input of `segmentRfm`. */
export interface RfmTable {
  /** Shopper ids, ascending. */
  customers: Uint32Array;
  /** Days (or the timestamps' unit) since the shopper's last order at `asOf`. */
  recency: Float64Array;
  /** Number of orders. */
  frequency: Float64Array;
  /** Total amount spent. */
  monetary: Float64Array;
  /** Reference time, in days when `unit` was "ms". */
  asOf: number;
  /** Score levels used. */
  bins: number;
  /** Quantile scores 1..bins; higher is better (recent, frequent, big spender). */
  scores: { recency: Uint8Array; frequency: Uint8Array; monetary: Uint8Array };
  /** Named segment per shopper, an index into `segmentNames` (null unless bins = 5). */
  named: Uint8Array | null;
  /** The named segments: "Champions", "Loyal", …, "Hibernating". */
  segmentNames: string[];
}
/** Your own RFM columns (any extra keys of `RfmTable` are accepted too). */
export interface RfmColumns {
  recency: Numbers;
  frequency: Numbers;
  monetary: Numbers;
  customers?: Uint32Array | number[];
}
/** One segment of `segmentRfm`: size and mean raw RFM values of its members. */
export interface SegmentProfile {
  segment: number;
  size: number;
  share: number;
  recency: number;
  frequency: number;
  monetary: number;
}
/** Result of `segmentRfm`. */
export interface RfmSegmentation {
  k: number;
  /** Segment of each shopper, in the order of the table's `customers`. */
  labels: Uint32Array;
  /** Per segment, in segment order. */
  profiles: SegmentProfile[];
  /** Centroids (k × 3) in the standardized log1p(R, F, M) space of `rfmPoints`. */
  centroids: Float32Array;
  /** The scaler of `rfmPoints`: mean and scale of log1p(R, F, M). */
  scaler: { mean: Float64Array; scale: Float64Array };
  inertia: number;
  nIter: number;
  /** Mean silhouette in [-1, 1]; null when skipped or undefined (one segment). */
  silhouette: number | null;
}
/** Result of `kmeans`. */
export interface KMeansResult {
  k: number;
  dim: number;
  /** Row-major k × dim. */
  centroids: Float32Array;
  labels: Uint32Array;
  counts: Float64Array;
  inertia: number;
  nIter: number;
}
/** Result of `elbow`: one entry per k. */
export interface ElbowResult {
  k: Uint32Array;
  inertia: Float64Array;
  /** NaN where undefined (k = 1). */
  silhouette: Float64Array;
  /** The knee of the inertia curve. */
  suggestedK: number;
}
/** Conversions out of visitors for one arm. */
export interface ArmCounts {
  conversions: number;
  visitors: number;
}
/** Direction of the alternative hypothesis about B − A. */
export type Alternative = "twoSided" | "greater" | "less";
/** Two-proportion z-test; differences are B − A. */
export interface ProportionTest {
  rateA: number;
  rateB: number;
  diff: number;
  /** Relative lift (B − A) / A; null when A has no conversions (the lift is undefined). */
  lift: number | null;
  z: number;
  pValue: number;
  /** Wald interval for B − A at `level`. */
  ci: [number, number];
  level: number;
}
/** Beta-Binomial view of an A/B test. */
export interface BayesResult {
  posteriorA: [number, number];
  posteriorB: [number, number];
  meanA: number;
  meanB: number;
  ciA: [number, number];
  ciB: [number, number];
  level: number;
  /** P(rate B > rate A). */
  probBBetter: number;
  /** Expected conversion-rate loss of shipping A. */
  expectedLossA: number;
  /** Expected conversion-rate loss of shipping B. */
  expectedLossB: number;
}
/** Sample ratio mismatch (chi-square) check. */
export interface SrmCheck {
  chi2: number;
  df: number;
  pValue: number;
  expected: number[];
  observedShare: number[];
  /** true when pValue < alpha: the split is not as designed. */
  mismatch: boolean;
}
/** Result of `abTest`. */
export interface AbTestResult {
  verdict: "bBetter" | "aBetter" | "inconclusive" | "sampleRatioMismatch";
  ztest: ProportionTest;
  bayes: BayesResult;
  srm: SrmCheck;
}
/** Result of `welchTest`; differences are B − A. */
export interface WelchTest {
  meanA: number;
  meanB: number;
  diff: number;
  t: number;
  df: number;
  pValue: number;
  /** Interval for B − A (one-sided alternatives have an infinite end). */
  ci: [number, number];
  level: number;
}
/** The effect to plan for: conversion rates, or a difference of means with its standard deviation. */
export type Effect = { rateA: number; rateB: number } | { delta: number; sd: number };
/** Result of `sampleSize`: visitors per arm. */
export interface SampleSize {
  nA: number;
  nB: number;
  total: number;
  nAExact: number;
  effectSize: number;
}
/** Demand over the replenishment lead time, Normal(mean, sd²). */
export interface LeadTimeDemand {
  mean: number;
  sd: number;
}
/** A forecast over the lead time: the output of `forecast` (point + intervals), or point + sd per step. */
export type ForecastLike =
  | { point: Numbers; levels: number[]; lower: Numbers[]; upper: Numbers[]; model?: string; aicc?: number; seasonLength?: number }
  | { point: Numbers; sd: Numbers };
/** Input of `inventoryPlan`: one entry per SKU; lead-time demand from `sd`, or from an interval. */
export interface InventoryInput {
  /** Units on hand (>= 0). */
  stock: Numbers;
  /** Units ordered, not yet received (>= 0; default 0). */
  onOrder?: Numbers;
  /** Expected lead-time demand. */
  mean: Numbers;
  /** Standard deviation of lead-time demand. */
  sd?: Numbers;
  /** Lower bound of a central interval of lead-time demand (with `upper` and `level`). */
  lower?: Numbers;
  upper?: Numbers;
  /** Level of the interval, in (0, 1). */
  level?: number;
}
/** Result of `inventoryPlan`: one entry per SKU in each array. */
export interface InventoryPlan {
  meanDemand: Float64Array;
  sdDemand: Float64Array;
  safetyStock: Float64Array;
  reorderPoint: Float64Array;
  /** stock + onOrder. */
  position: Float64Array;
  /** P(lead-time demand > position). */
  stockoutRisk: Float64Array;
  /** 1 where the position is at or below the reorder point. */
  reorderNow: Uint8Array;
  /** Units to order to reach the reorder point. */
  shortfall: Float64Array;
}
/** Result of `newsvendor`. */
export interface Newsvendor {
  criticalRatio: number;
  quantity: number;
  expectedLeftover: number;
  expectedShortage: number;
  expectedCost: number;
}
