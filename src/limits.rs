//! The documented bounds on every size, count and iteration budget a caller can ask for.
//!
//! Each engine checks its parameters against these before it allocates or loops, so no call, from
//! Rust or from JS, can ask for unbounded memory or time. A value above its bound is refused with
//! an [`Error::InvalidArgument`] that names the bound. The bounds
//! are generous for real work (a year of hourly forecasts, a million-item catalog) and small
//! enough that the work they allow finishes in seconds to minutes in a browser tab.

use crate::error::{Error, Result};

/// The largest integer a JS number (an `f64`) holds exactly, 2^53 − 1: the bound on seeds, ids
/// and every saved counter, so numbers handed to a page stay exact.
pub const MAX_SAFE_INTEGER: u64 = (1 << 53) - 1;
/// Most elements an array argument may hold (2^27: 512 MiB of `f32`).
pub const MAX_ELEMENTS: usize = 1 << 27;
/// Most steps a forecast may look ahead.
pub const MAX_HORIZON: usize = 10_000;
/// Longest season a model may be given (e.g. 8,784 hours in a leap year).
pub const MAX_SEASON_LENGTH: usize = 8_784;
/// Most rolling-origin windows in one cross-validation.
pub const MAX_WINDOWS: usize = 1_000;
/// Most dimensions of an embedding, a point or a bandit context.
pub const MAX_DIM: usize = 65_536;
/// Most dimensions of a linear bandit's context (it keeps a `dim × dim` matrix per arm).
pub const MAX_CONTEXT_DIM: usize = 1_024;
/// Most arms of one bandit.
pub const MAX_ARMS: usize = 100_000;
/// Most actions in an off-policy evaluation log.
pub const MAX_ACTIONS: usize = 100_000;
/// Most categories of a local-differential-privacy report (unary encoding, randomized response).
pub const MAX_CATEGORIES: usize = 65_536;
/// Most clusters of one k-means fit.
pub const MAX_CLUSTERS: usize = 1_024;
/// Most k-means restarts (`nInit`).
pub const MAX_RESTARTS: usize = 1_000;
/// Most iterations of an iterative fit (Lloyd steps, optimiser steps).
pub const MAX_ITERATIONS: usize = 100_000;
/// Most items of one catalog (item store, synthetic catalog).
pub const MAX_ITEMS: usize = 10_000_000;
/// Most `f32` values of one catalog's embeddings (2^28: 1 GiB).
pub const MAX_CATALOG_VALUES: usize = 1 << 28;
/// Most results one ranking or top-k call may return.
pub const MAX_TOP_K: usize = 100_000;
/// Most simulation rounds (`simulateRegret`, `simulateLdpFleet`) times their repetitions.
pub const MAX_SIMULATION_STEPS: usize = 50_000_000;
/// Most prediction-interval levels of one forecast.
pub const MAX_LEVELS: usize = 100;
/// Most points a silhouette is computed on (O(n²) distances; larger inputs are sampled).
pub const MAX_SILHOUETTE_POINTS: usize = 20_000;
/// Largest quantity (units of stock or on order, lead-time demand and its standard deviation)
/// an inventory calculation accepts: sums and safety stocks of such values stay finite.
pub const MAX_QUANTITY: f64 = 1e15;
/// Most values a batch forecast returns: series × horizon × (1 + 2 × levels), 2^25 (256 MiB of
/// `f64`), so that its point and bound arrays always fit in WebAssembly memory.
pub const MAX_FORECAST_VALUES: usize = 1 << 25;
/// Most features of a logistic regression (its Newton solver keeps a `features²` Hessian) or of
/// an online learner.
pub const MAX_FEATURES: usize = 2_048;
/// Most bins of a calibration curve.
pub const MAX_BINS: usize = 10_000;
/// Most items of one generated demo catalog (`synthCatalog`).
pub const MAX_SYNTH_ITEMS: usize = 1_000_000;
/// Most embedding values (`n × dim`) of one generated demo catalog (2^26: 256 MiB of `f32`).
pub const MAX_SYNTH_VALUES: usize = 1 << 26;
/// Most (result, pool item) pairs one diversified ranking compares: `k × diversity.pool` is
/// bounded by it, so MMR's `O(k · pool · dim)` cost stays bounded.
pub const MAX_MMR_PAIRS: usize = 50_000_000;
/// Most multiply-adds (`rows × items × dim`) of one batched scoring or k-means assignment call
/// (2^34: seconds to a minute on a CPU).
pub const MAX_MULTIPLY_ADDS: u64 = 1 << 34;
/// Most items of one list whose pairwise diversity is measured (`intraListDiversity` compares
/// every pair: 10,000 items are 5 × 10^7 pairs).
pub const MAX_DIVERSITY_LIST: usize = 10_000;
/// Most decisions a bandit remembers while they await their reward (`maxPending`).
pub const MAX_PENDING: usize = 10_000_000;
/// Most entries (actions × slots) of one off-policy evaluation's probability table (2^24).
pub const MAX_POLICY_ENTRIES: usize = 1 << 24;
/// Most (point, neighbour) pairs one DBSCAN or k-distance call visits (2^28, about a second):
/// an ε that puts most points in every neighbourhood costs O(n²), and is refused past this.
pub const MAX_NEIGHBOUR_PAIRS: usize = 1 << 28;
/// Most latent factors (embedding dimension) of an ALS model (`learn::als`).
pub const MAX_FACTORS: usize = 1_024;
/// Most ALS sweeps one training call runs (each sweep is bounded by `MAX_MULTIPLY_ADDS`).
pub const MAX_ALS_ITERATIONS: usize = 1_000;
/// Most SKUs of one replenishment plan (`replenishmentPlan`).
pub const MAX_PLAN_SKUS: usize = 100_000;
/// Most candidate order quantities of one SKU in a replenishment plan (`options.maxLevels`).
pub const MAX_ORDER_LEVELS: usize = 100_000;
/// Most candidate order quantities over all SKUs of one replenishment plan (2^21: each branch and
/// bound node's LP scans them).
pub const MAX_PLAN_CANDIDATES: usize = 1 << 21;
/// Most branch-and-bound nodes of one replenishment plan (`options.maxNodes`).
pub const MAX_PLAN_NODES: usize = 1_000_000;
/// Most season lengths of one multi-seasonal model (MSTL: e.g. 24, 168 and 8,766 hours).
pub const MAX_SEASONALITIES: usize = 4;
/// Most external regressors (event columns, `xreg`) of one forecast.
pub const MAX_REGRESSORS: usize = 64;
/// Most dated events turned into regressors in one call.
pub const MAX_EVENTS: usize = 10_000;
/// Most days an event's window may reach before or after its date.
pub const MAX_EVENT_WINDOW: usize = 366;
/// Most event days (each event's `before + after + 1`) of one call.
pub const MAX_EVENT_DAYS: usize = 1 << 20;
/// Most backtest windows of conformal forecast intervals (each refits the model once).
pub const MAX_CONFORMAL_WINDOWS: usize = 100;

/// Largest non-seasonal AR or MA order `p`, `q` of an ARIMA model.
pub const MAX_ARIMA_ORDER: usize = 20;
/// Largest seasonal AR or MA order `P`, `Q` of an ARIMA model.
pub const MAX_ARIMA_SEASONAL_ORDER: usize = 4;
/// Most differences `d` (and seasonal differences `D`) of an ARIMA model.
pub const MAX_ARIMA_DIFF: usize = 2;
/// Largest ARIMA state, `max(p + m·P, q + m·Q + 1) + d + m·D`: the Kalman filter costs
/// O(n · state²) per likelihood evaluation.
pub const MAX_ARIMA_STATE: usize = 160;
/// Most external regressors (columns of `xreg`) of an ARIMA model.
pub const MAX_ARIMA_XREG: usize = 64;

/// Checks that a whole-number `value` of argument `arg` lies in `min..=max`.
pub fn check_count(arg: &str, value: usize, min: usize, max: usize) -> Result<usize> {
    if value < min || value > max {
        return Err(Error::invalid(
            arg,
            format!("a whole number in [{min}, {max}]"),
            value,
        ));
    }
    Ok(value)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn counts_outside_their_bounds_name_the_bound() {
        assert_eq!(check_count("horizon", 12, 1, MAX_HORIZON).unwrap(), 12);
        let e = check_count("horizon", 4_294_967_295, 1, MAX_HORIZON).unwrap_err();
        assert_eq!(
            e.to_string(),
            "invalid argument `horizon`: expected a whole number in [1, 10000], got 4294967295"
        );
        assert!(check_count("k", 0, 1, MAX_CLUSTERS).is_err());
    }
}
