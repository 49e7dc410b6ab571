//! Recency, frequency, monetary (RFM) features from an order log, with quantile scores.

use crate::error::{check, Error, Result};
use crate::num::Num;
use serde::Serialize;

/// RFM features, one row per shopper, sorted by shopper id.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct Rfm {
    /// Shopper ids, ascending.
    pub customers: Vec<u32>,
    /// Time since the shopper's last order at `as_of`, in the timestamps' unit (e.g. days).
    pub recency: Vec<f64>,
    /// Number of orders.
    pub frequency: Vec<f64>,
    /// Total amount spent.
    pub monetary: Vec<f64>,
    /// Reference time recency is measured from.
    pub as_of: f64,
}

/// Quantile scores 1..=bins per shopper; higher is better on each axis (recent, frequent,
/// big spender).
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
#[serde(rename_all = "camelCase")]
pub struct RfmScores {
    /// Number of score levels.
    pub bins: u8,
    /// Recency score (bins = most recent).
    pub recency: Vec<u8>,
    /// Frequency score.
    pub frequency: Vec<u8>,
    /// Monetary score.
    pub monetary: Vec<u8>,
}

impl Rfm {
    /// Aggregates an order log given as parallel arrays: shopper id, timestamp (any unit, e.g.
    /// days) and amount (>= 0) per order, in any order. `as_of` defaults to the latest
    /// timestamp and must not precede any order. Errors on empty or different-length arrays,
    /// non-finite timestamps, negative or non-finite amounts, naming the first bad index.
    pub fn from_orders(
        customers: &[u32],
        timestamps: &[f64],
        amounts: &[f64],
        as_of: Option<f64>,
    ) -> Result<Self> {
        check::order_log(customers, timestamps, amounts)?;
        if let Some(i) = amounts.iter().position(|&a| a < 0.0) {
            return Err(Error::invalid(
                "amounts",
                "amounts >= 0 (leave refunds out of the log)",
                format!("{} at index {i}", Num(amounts[i])),
            ));
        }
        let latest = timestamps.iter().copied().fold(f64::NEG_INFINITY, f64::max);
        let as_of = match as_of {
            None => latest,
            Some(t) if t.is_finite() && t >= latest => t,
            Some(t) => {
                return Err(Error::invalid(
                    "as_of",
                    format!("a finite time at or after the last order ({})", Num(latest)),
                    t,
                ))
            }
        };
        let mut order: Vec<usize> = (0..customers.len()).collect();
        order.sort_by_key(|&i| customers[i]);
        let mut rfm = Rfm {
            customers: Vec::new(),
            recency: Vec::new(),
            frequency: Vec::new(),
            monetary: Vec::new(),
            as_of,
        };
        for i in order {
            let c = customers[i];
            if rfm.customers.last() != Some(&c) {
                rfm.customers.push(c);
                rfm.recency.push(f64::INFINITY);
                rfm.frequency.push(0.0);
                rfm.monetary.push(0.0);
            }
            if let (Some(r), Some(f), Some(m)) = (
                rfm.recency.last_mut(),
                rfm.frequency.last_mut(),
                rfm.monetary.last_mut(),
            ) {
                *r = r.min(as_of - timestamps[i]);
                *f += 1.0;
                *m += amounts[i];
            }
        }
        Ok(rfm)
    }

    /// Number of shoppers.
    pub fn len(&self) -> usize {
        self.customers.len()
    }

    /// `true` when there are no shoppers (never, for a value built by [`Rfm::from_orders`]).
    pub fn is_empty(&self) -> bool {
        self.customers.is_empty()
    }

    /// Row-major `n × 3` matrix [recency, frequency, monetary]; with `log1p` each value x
    /// becomes ln(1 + x), which tames the long tails of counts and spend before clustering.
    pub fn features(&self, log1p: bool) -> Vec<f64> {
        let t = |x: f64| if log1p { x.ln_1p() } else { x };
        (0..self.len())
            .flat_map(|i| {
                [
                    t(self.recency[i]),
                    t(self.frequency[i]),
                    t(self.monetary[i]),
                ]
            })
            .collect()
    }

    /// Quantile scores in `1..=bins` (2 to 9; 5 is customary). A value's score is
    /// ⌊bins · p⌋ + 1 capped at `bins`, where p is its mid-rank percentile
    /// ((#below + #below-or-equal) / 2n), so tied values share a score. Recency is reversed:
    /// the most recent shoppers score `bins`.
    pub fn scores(&self, bins: usize) -> Result<RfmScores> {
        if !(2..=9).contains(&bins) {
            return Err(Error::invalid("bins", "an integer from 2 to 9", bins));
        }
        let r = quantile_scores(&self.recency, bins);
        Ok(RfmScores {
            bins: bins as u8,
            recency: r.iter().map(|&s| bins as u8 + 1 - s).collect(),
            frequency: quantile_scores(&self.frequency, bins),
            monetary: quantile_scores(&self.monetary, bins),
        })
    }
}

fn quantile_scores(values: &[f64], bins: usize) -> Vec<u8> {
    let mut sorted = values.to_vec();
    sorted.sort_by(f64::total_cmp);
    let n = values.len() as f64;
    values
        .iter()
        .map(|&v| {
            let below = sorted.partition_point(|&x| x < v) as f64;
            let below_eq = sorted.partition_point(|&x| x <= v) as f64;
            let p = (below + below_eq) / (2.0 * n);
            ((bins as f64 * p).floor() as usize + 1).min(bins) as u8
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn aggregates_orders() {
        let rfm = Rfm::from_orders(
            &[7, 3, 7, 3, 9],
            &[1.0, 2.0, 5.0, 3.0, 10.0],
            &[10.0, 5.0, 20.0, 5.0, 1.0],
            None,
        )
        .unwrap();
        assert_eq!(rfm.customers, vec![3, 7, 9]);
        assert_eq!(rfm.recency, vec![7.0, 5.0, 0.0]);
        assert_eq!(rfm.frequency, vec![2.0, 2.0, 1.0]);
        assert_eq!(rfm.monetary, vec![10.0, 30.0, 1.0]);
        let f = rfm.features(true);
        assert_eq!(f.len(), 9);
        assert!((f[0] - 8.0f64.ln()).abs() < 1e-15);
        let s = rfm.scores(3).unwrap();
        assert_eq!(s.recency, vec![1, 2, 3]);
        // Frequencies 2, 2, 1: the tie shares a score above the single-order shopper.
        assert_eq!(s.frequency[0], s.frequency[1]);
        assert!(s.frequency[0] > s.frequency[2]);
        assert_eq!(s.monetary, vec![2, 3, 1]);
    }

    #[test]
    fn scores_are_balanced_on_distinct_values() {
        let n = 100;
        let ids: Vec<u32> = (0..n).collect();
        let t: Vec<f64> = (0..n).map(f64::from).collect();
        let rfm = Rfm::from_orders(&ids, &t, &t, None).unwrap();
        let s = rfm.scores(5).unwrap();
        for b in 1..=5u8 {
            assert_eq!(s.monetary.iter().filter(|&&x| x == b).count(), 20);
        }
    }

    #[test]
    fn bad_input_is_an_error() {
        assert!(Rfm::from_orders(&[], &[], &[], None).is_err());
        let e = Rfm::from_orders(&[1, 2], &[1.0], &[1.0, 2.0], None).unwrap_err();
        assert!(e.to_string().contains("`timestamps`"), "{e}");
        assert!(Rfm::from_orders(&[1], &[f64::NAN], &[1.0], None).is_err());
        let e = Rfm::from_orders(&[1, 2], &[1.0, 2.0], &[1.0, -2.0], None).unwrap_err();
        assert!(e.to_string().contains("index 1"), "{e}");
        assert!(Rfm::from_orders(&[1], &[5.0], &[1.0], Some(4.0)).is_err());
        assert!(Rfm::from_orders(&[1], &[5.0], &[1.0], Some(f64::NAN)).is_err());
        let ok = Rfm::from_orders(&[1], &[5.0], &[1.0], None).unwrap();
        assert!(ok.scores(1).is_err() && ok.scores(10).is_err());
    }
}
