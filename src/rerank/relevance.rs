//! The relevance of one eligible item and the parts that explain it:
//! `local + server + propensity + rule boost − supply penalty` (see `rank.rs`).

use super::options::{Metric, RankOptions};
use super::propensity::unit;
use super::rule_index::RuleIndex;
use super::score::{ScoreParts, Scored};
use super::store::ItemStore;

/// Scores items for one request.
pub(super) struct Scorer<'a> {
    store: &'a ItemStore,
    opts: &'a RankOptions,
    rules: &'a RuleIndex,
    risks: Option<&'a [f64]>,
    strength: f64,
    /// Euclidean norm of the query (0: a cold start).
    qn: f64,
    /// The query scaled to unit length, for the propensity model (empty without one).
    unit_query: Vec<f64>,
}

impl<'a> Scorer<'a> {
    /// A scorer for `query` (already checked).
    pub fn new(
        store: &'a ItemStore,
        query: &[f32],
        opts: &'a RankOptions,
        rules: &'a RuleIndex,
        risks: Option<&'a [f64]>,
        strength: f64,
    ) -> Self {
        // In f64: cannot overflow for values within `MAX_ABS_VALUE`.
        let qn = query
            .iter()
            .map(|x| f64::from(*x) * f64::from(*x))
            .sum::<f64>()
            .sqrt();
        let unit_query = match opts.propensity_term() {
            Some(_) => unit(query),
            None => Vec::new(),
        };
        Scorer {
            store,
            opts,
            rules,
            risks,
            strength,
            qn,
            unit_query,
        }
    }

    /// Norm of the query; 0 means a cold start.
    pub fn query_norm(&self) -> f64 {
        self.qn
    }

    /// Relevance and parts of item `ix` with raw dot product `dot` and server score `server_score`.
    pub fn score(&self, dot: f32, server_score: f64, ix: u32) -> Scored {
        let (store, opts) = (self.store, self.opts);
        let i = ix as usize;
        let dot = f64::from(dot);
        let similarity = if self.qn > 0.0 {
            match opts.metric {
                Metric::Dot => dot / self.qn,
                Metric::Cosine => {
                    let n = f64::from(store.norm(i));
                    if n > 0.0 {
                        dot / (self.qn * n)
                    } else {
                        0.0
                    }
                }
            }
        } else {
            // Cold start: the popularity prior (already scaled to [0, 1]), else nothing.
            store.popularity(i).unwrap_or(0.0)
        };
        let supply_risk = self.risks.and_then(|r| r.get(i)).copied().unwrap_or(0.0);
        let (click_probability, propensity) = match opts.propensity_term() {
            Some(p) => {
                let pr = p.probability(store, &self.unit_query, i);
                (pr, p.weight * pr)
            }
            None => (0.0, 0.0),
        };
        let parts = ScoreParts {
            similarity,
            local: opts.blend.local * similarity,
            server_score,
            server: opts.blend.server * server_score,
            click_probability,
            propensity,
            rule_boost: self.rules.boost(store, i),
            supply_risk,
            supply_penalty: self.strength * supply_risk,
            diversity_penalty: 0.0,
            pinned: false,
        };
        Scored {
            index: ix,
            rel: parts.local + parts.server + parts.propensity + parts.rule_boost
                - parts.supply_penalty,
            parts,
        }
    }
}
