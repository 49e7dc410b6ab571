//! Churn-model data from an order log: per-customer features as of a cutoff time (RFM and more)
//! and a churn label from an inactivity window after it.
//!
//! A customer with at least one order at or before `cutoff` is a row. Its label is 1 (churned)
//! when it has no order in `(cutoff, cutoff + window]`, else 0. A time-based split uses two
//! cutoffs: train at `end − 2·window` (labels from the window after it), test at `end − window`
//! (labels up to `end`), and score today's risk at `end` (no label: the window is in the future).

use crate::error::{check, Error, Result};
use crate::limits;

/// The feature columns of [`churn_data`], in order.
pub const CHURN_FEATURES: [&str; 8] = [
    "recency",
    "log_orders",
    "log_spend",
    "log_avg_order",
    "tenure",
    "orders_last_window",
    "spend_last_window",
    "mean_gap",
];

/// Rows of [`churn_data`].
#[derive(Debug, Clone, PartialEq)]
pub struct ChurnData {
    /// Customer ids (as given), ascending, one per row.
    pub customers: Vec<u32>,
    /// Row-major rows × [`CHURN_FEATURES`]`.len()`: days (the log's unit) since the last order,
    /// ln(1 + orders), ln(1 + spend), ln(1 + spend / orders) (a negative spend counts as 0 in
    /// these two), time since the first order,
    /// orders and spend in `(cutoff − window, cutoff]`, and the mean time between orders
    /// (tenure / orders).
    pub features: Vec<f64>,
    /// 1 = no order in `(cutoff, cutoff + window]`; `None` when the log ends before
    /// `cutoff + window` (the label would be unknown).
    pub labels: Option<Vec<u8>>,
}

/// Builds the churn rows as of `cutoff` with an inactivity `window` (> 0, the log's time unit)
/// from an order log (`customers[i]` ordered `amounts[i]` at `timestamps[i]`). Fails on unequal
/// lengths, non-finite values, or no customer with an order at or before `cutoff`.
pub fn churn_data(
    customers: &[u32],
    timestamps: &[f64],
    amounts: &[f64],
    cutoff: f64,
    window: f64,
) -> Result<ChurnData> {
    check::order_log(customers, timestamps, amounts)?;
    if !cutoff.is_finite() {
        return Err(Error::invalid("cutoff", "a finite time", cutoff));
    }
    if !(window.is_finite() && window > 0.0) {
        return Err(Error::invalid("window", "a finite time span > 0", window));
    }
    limits::check_count("customers", customers.len(), 1, limits::MAX_ELEMENTS)?;
    // Per customer: first, last, orders, spend, orders and spend in the last window, churned.
    #[derive(Clone, Copy)]
    struct Acc {
        first: f64,
        last: f64,
        n: f64,
        spend: f64,
        n_recent: f64,
        spend_recent: f64,
        active_after: bool,
    }
    let mut acc: std::collections::BTreeMap<u32, Acc> = std::collections::BTreeMap::new();
    let end = timestamps.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    for ((&c, &t), &a) in customers.iter().zip(timestamps).zip(amounts) {
        if t <= cutoff {
            let e = acc.entry(c).or_insert(Acc {
                first: t,
                last: t,
                n: 0.0,
                spend: 0.0,
                n_recent: 0.0,
                spend_recent: 0.0,
                active_after: false,
            });
            e.first = e.first.min(t);
            e.last = e.last.max(t);
            e.n += 1.0;
            e.spend += a;
            if t > cutoff - window {
                e.n_recent += 1.0;
                e.spend_recent += a;
            }
        }
    }
    for (&c, &t) in customers.iter().zip(timestamps) {
        if t > cutoff && t <= cutoff + window {
            if let Some(e) = acc.get_mut(&c) {
                e.active_after = true;
            }
        }
    }
    if acc.is_empty() {
        return Err(Error::invalid(
            "cutoff",
            "a time at or after the first order",
            cutoff,
        ));
    }
    let d = CHURN_FEATURES.len();
    let mut features = Vec::with_capacity(acc.len() * d);
    let mut labels = Vec::with_capacity(acc.len());
    for e in acc.values() {
        let tenure = cutoff - e.first;
        features.extend([
            cutoff - e.last,
            e.n.ln_1p(),
            e.spend.max(0.0).ln_1p(),
            (e.spend.max(0.0) / e.n).ln_1p(),
            tenure,
            e.n_recent,
            e.spend_recent,
            tenure / e.n,
        ]);
        labels.push(u8::from(!e.active_after));
    }
    if let Some(i) = features.iter().position(|x| !x.is_finite()) {
        return Err(Error::invalid(
            "amounts",
            "amounts whose sums stay finite",
            format!("an overflowing total for row {}", i / d),
        ));
    }
    Ok(ChurnData {
        customers: acc.keys().copied().collect(),
        features,
        labels: (end >= cutoff + window).then_some(labels),
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn features_and_labels_by_hand() {
        // Cutoff 100, window 30. Customer 7: orders at 10 and 80, and 130 in the window; customer
        // 3: one order at 50, none after; customer 9 orders only after the cutoff (not a row).
        let customers = [7, 3, 7, 9, 7];
        let t = [10.0, 50.0, 80.0, 120.0, 130.0];
        let a = [20.0, 5.0, 40.0, 9.0, 1.0];
        let d = churn_data(&customers, &t, &a, 100.0, 30.0).unwrap();
        assert_eq!(d.customers, [3, 7]);
        assert_eq!(d.labels, Some(vec![1, 0]));
        let row = |i: usize| &d.features[i * 8..(i + 1) * 8];
        let want3 = [50.0, 2f64.ln(), 6f64.ln(), 6f64.ln(), 50.0, 0.0, 0.0, 50.0];
        let want7 = [
            20.0,
            3f64.ln(),
            61f64.ln(),
            31f64.ln(),
            90.0,
            1.0,
            40.0,
            45.0,
        ];
        for (got, want) in [(row(0), want3), (row(1), want7)] {
            for (g, w) in got.iter().zip(want) {
                assert!((g - w).abs() < 1e-12, "{got:?} vs {want:?}");
            }
        }
        // The log ends at 130 < 100 + 40: today's rows have no label.
        assert!(churn_data(&customers, &t, &a, 100.0, 40.0)
            .unwrap()
            .labels
            .is_none());
    }

    #[test]
    fn bad_input_is_named() {
        let e = churn_data(&[1], &[1.0, 2.0], &[1.0], 5.0, 1.0).unwrap_err();
        assert!(e.to_string().contains("`timestamps`"), "{e}");
        let e = churn_data(&[1], &[10.0], &[1.0], 5.0, 1.0).unwrap_err();
        assert!(e.to_string().contains("`cutoff`"), "{e}");
        let e = churn_data(&[1], &[1.0], &[1.0], 5.0, 0.0).unwrap_err();
        assert!(e.to_string().contains("`window`"), "{e}");
        let e = churn_data(&[1], &[f64::NAN], &[1.0], 5.0, 1.0).unwrap_err();
        assert!(e.to_string().contains("`timestamps`"), "{e}");
        assert!(churn_data(&[], &[], &[], 5.0, 1.0).is_err());
        let e = churn_data(&[1, 1], &[1.0, 2.0], &[f64::MAX, f64::MAX], 5.0, 1.0).unwrap_err();
        assert!(e.to_string().contains("`amounts`"), "{e}");
    }
}
