//! Named RFM segments: the customary recency × frequency grid on 1–5 scores (champions,
//! loyal, at risk, …), the labels marketers expect next to data-driven k-means segments.

use super::RfmScores;
use crate::error::{Error, Result};
use serde::Serialize;

/// A named segment of the recency × frequency grid.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(rename_all = "camelCase")]
pub enum RfmSegment {
    /// Bought recently, buy often (R 5, F 4–5).
    Champions,
    /// Buy often, fairly recently (R 3–4, F 4–5).
    Loyal,
    /// Recent, average frequency (R 4–5, F 2–3).
    PotentialLoyalists,
    /// Bought very recently, once (R 5, F 1).
    New,
    /// Recent, rare (R 4, F 1).
    Promising,
    /// Average on both (R 3, F 3).
    NeedAttention,
    /// Slipping away, rare (R 3, F 1–2).
    AboutToSleep,
    /// Used to buy often, not lately (R 1–2, F 3–4).
    AtRisk,
    /// Were the best, gone quiet (R 1–2, F 5).
    CantLoseThem,
    /// Long gone, rare (R 1–2, F 1–2).
    Hibernating,
}

impl RfmSegment {
    /// Segment of a shopper with recency and frequency scores in 1..=5.
    pub fn from_scores(r: u8, f: u8) -> Result<Self> {
        for (name, v) in [("recency score", r), ("frequency score", f)] {
            if !(1..=5).contains(&v) {
                return Err(Error::invalid(name, "a score from 1 to 5", v));
            }
        }
        Ok(match (r, f) {
            (1..=2, 1..=2) => RfmSegment::Hibernating,
            (1..=2, 3..=4) => RfmSegment::AtRisk,
            (1..=2, _) => RfmSegment::CantLoseThem,
            (3, 1..=2) => RfmSegment::AboutToSleep,
            (3, 3) => RfmSegment::NeedAttention,
            (3..=4, 4..=5) => RfmSegment::Loyal,
            (4, 1) => RfmSegment::Promising,
            (5, 1) => RfmSegment::New,
            (4..=5, 2..=3) => RfmSegment::PotentialLoyalists,
            _ => RfmSegment::Champions,
        })
    }

    /// Display name, e.g. `"Can't lose them"`.
    pub fn name(&self) -> &'static str {
        match self {
            RfmSegment::Champions => "Champions",
            RfmSegment::Loyal => "Loyal",
            RfmSegment::PotentialLoyalists => "Potential loyalists",
            RfmSegment::New => "New",
            RfmSegment::Promising => "Promising",
            RfmSegment::NeedAttention => "Need attention",
            RfmSegment::AboutToSleep => "About to sleep",
            RfmSegment::AtRisk => "At risk",
            RfmSegment::CantLoseThem => "Can't lose them",
            RfmSegment::Hibernating => "Hibernating",
        }
    }
}

impl RfmScores {
    /// Named segment per shopper. Needs 5-bin scores ([`super::Rfm::scores`] with `bins = 5`).
    pub fn named_segments(&self) -> Result<Vec<RfmSegment>> {
        if self.bins != 5 {
            return Err(Error::invalid(
                "bins",
                "scores made with 5 bins for the named segments",
                self.bins,
            ));
        }
        self.recency
            .iter()
            .zip(&self.frequency)
            .map(|(&r, &f)| RfmSegment::from_scores(r, f))
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn grid_is_the_customary_one() {
        use RfmSegment::*;
        // Rows: recency 5 (top) to 1; columns: frequency 1 to 5.
        let grid = [
            [
                New,
                PotentialLoyalists,
                PotentialLoyalists,
                Champions,
                Champions,
            ],
            [
                Promising,
                PotentialLoyalists,
                PotentialLoyalists,
                Loyal,
                Loyal,
            ],
            [AboutToSleep, AboutToSleep, NeedAttention, Loyal, Loyal],
            [Hibernating, Hibernating, AtRisk, AtRisk, CantLoseThem],
            [Hibernating, Hibernating, AtRisk, AtRisk, CantLoseThem],
        ];
        for (row, r) in grid.iter().zip((1..=5u8).rev()) {
            for (want, f) in row.iter().zip(1..=5u8) {
                assert_eq!(RfmSegment::from_scores(r, f).unwrap(), *want, "r={r} f={f}");
            }
        }
        assert!(RfmSegment::from_scores(0, 3).is_err());
        assert!(RfmSegment::from_scores(3, 6).is_err());
        assert_eq!(CantLoseThem.name(), "Can't lose them");
    }

    #[test]
    fn needs_five_bins() {
        // Shopper i places i orders, the last at time i.
        let (mut ids, mut times) = (Vec::new(), Vec::new());
        for i in 1..=5u32 {
            for j in 0..i {
                ids.push(i);
                times.push(f64::from(i) - f64::from(j) * 0.1);
            }
        }
        let rfm =
            super::super::Rfm::from_orders(&ids, &times, &vec![1.0; ids.len()], None).unwrap();
        assert!(rfm.scores(4).unwrap().named_segments().is_err());
        let names = rfm.scores(5).unwrap().named_segments().unwrap();
        assert_eq!(names.len(), 5);
        // Shopper 5 ordered last and most often; shopper 1 first and once.
        assert_eq!(names[4], RfmSegment::Champions);
        assert_eq!(names[0], RfmSegment::Hibernating);
    }
}
