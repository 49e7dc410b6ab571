//! Validated logged feedback and evaluation-policy probabilities.

use crate::error::{check, Error, Result};
use crate::limits;
use crate::num::Num;

/// Logged bandit feedback: for each round the action shown, its slot, the reward and the logging
/// policy's propensity of that action.
#[derive(Debug, Clone, PartialEq)]
pub struct Logs {
    actions: Vec<u32>,
    positions: Vec<u32>,
    rewards: Vec<f64>,
    pscores: Vec<f64>,
    n_actions: usize,
    len_list: usize,
}

impl Logs {
    /// Validates the columns: equal non-zero lengths, actions below `n_actions`, positions below
    /// `len_list` (`None`: every round at position 0, `len_list` must be 1), finite rewards and
    /// propensities in (0, 1].
    pub fn new(
        actions: Vec<u32>,
        positions: Option<Vec<u32>>,
        rewards: Vec<f64>,
        pscores: Vec<f64>,
        n_actions: usize,
        len_list: usize,
    ) -> Result<Self> {
        check::non_empty("actions", &actions)?;
        check_shape(n_actions, len_list)?;
        let n = actions.len();
        let positions = positions.unwrap_or_else(|| vec![0; n]);
        for (name, len) in [
            ("positions", positions.len()),
            ("rewards", rewards.len()),
            ("pscores", pscores.len()),
        ] {
            if len != n {
                return Err(Error::invalid(
                    name,
                    format!("{n} values (one per logged round)"),
                    format!("{len} values"),
                ));
            }
        }
        if let Some(i) = actions.iter().position(|&a| a as usize >= n_actions) {
            return Err(Error::invalid(
                "actions",
                format!("action ids below n_actions = {n_actions}"),
                format!("{} at index {i}", actions[i]),
            ));
        }
        if let Some(i) = positions.iter().position(|&p| p as usize >= len_list) {
            return Err(Error::invalid(
                "positions",
                format!("positions below len_list = {len_list}"),
                format!("{} at index {i}", positions[i]),
            ));
        }
        check::finite("rewards", &rewards)?;
        if let Some(i) = pscores.iter().position(|&p| !(p > 0.0 && p <= 1.0)) {
            return Err(Error::invalid(
                "pscores",
                "logging propensities in (0, 1] (a zero propensity makes importance weights infinite)",
                format!("{} at index {i}", Num(pscores[i])),
            ));
        }
        Ok(Logs {
            actions,
            positions,
            rewards,
            pscores,
            n_actions,
            len_list,
        })
    }

    /// Number of logged rounds.
    pub fn len(&self) -> usize {
        self.actions.len()
    }
    /// Always false (empty logs are refused); present for API symmetry.
    pub fn is_empty(&self) -> bool {
        self.actions.is_empty()
    }
    /// Number of actions.
    pub fn n_actions(&self) -> usize {
        self.n_actions
    }
    /// Number of slots.
    pub fn len_list(&self) -> usize {
        self.len_list
    }
    /// Logged actions.
    pub fn actions(&self) -> &[u32] {
        &self.actions
    }
    /// Logged positions.
    pub fn positions(&self) -> &[u32] {
        &self.positions
    }
    /// Logged rewards.
    pub fn rewards(&self) -> &[f64] {
        &self.rewards
    }
    /// Logged propensities.
    pub fn pscores(&self) -> &[f64] {
        &self.pscores
    }
}

/// The evaluation policy's action probabilities π(a | round, position): either one table shared
/// by every round or one per round (obp's `action_dist`, shape rounds × actions × positions).
#[derive(Debug, Clone, PartialEq)]
pub struct EvalPolicy {
    probs: Vec<f64>,
    n_actions: usize,
    len_list: usize,
    per_round: bool,
}

impl EvalPolicy {
    fn checked(
        probs: Vec<f64>,
        n_actions: usize,
        len_list: usize,
        per_round: bool,
    ) -> Result<Self> {
        check::finite("probs", &probs)?;
        if let Some(i) = probs.iter().position(|p| !(0.0..=1.0).contains(p)) {
            return Err(Error::invalid(
                "probs",
                "probabilities in [0, 1]",
                format!("{} at index {i}", Num(probs[i])),
            ));
        }
        let e = EvalPolicy {
            probs,
            n_actions,
            len_list,
            per_round,
        };
        let rounds = if per_round {
            e.probs.len() / (n_actions * len_list)
        } else {
            1
        };
        for r in 0..rounds {
            for p in 0..len_list {
                let s: f64 = (0..n_actions).map(|a| e.prob(r, a, p)).sum();
                if (s - 1.0).abs() > 1e-6 {
                    return Err(Error::invalid(
                        "probs",
                        "probabilities summing to 1 over the actions at each round and position",
                        format!("a sum of {} at round {r}, position {p}", Num(s)),
                    ));
                }
            }
        }
        Ok(e)
    }

    /// One table for all rounds: `probs[a * len_list + p]` = π(a | p).
    pub fn shared(probs: Vec<f64>, n_actions: usize, len_list: usize) -> Result<Self> {
        check_shape(n_actions, len_list)?;
        if probs.len() != n_actions * len_list {
            return Err(Error::invalid(
                "probs",
                format!("n_actions × len_list = {} values", n_actions * len_list),
                format!("{} values", probs.len()),
            ));
        }
        Self::checked(probs, n_actions, len_list, false)
    }

    /// One table per round: `probs[(i * n_actions + a) * len_list + p]` (obp's layout).
    pub fn per_round(
        probs: Vec<f64>,
        n_rounds: usize,
        n_actions: usize,
        len_list: usize,
    ) -> Result<Self> {
        check::at_least("n_rounds", n_rounds, 1)?;
        check_shape(n_actions, len_list)?;
        let want = n_rounds
            .checked_mul(n_actions)
            .and_then(|x| x.checked_mul(len_list));
        if want != Some(probs.len()) {
            return Err(Error::invalid(
                "probs",
                format!(
                    "n_rounds × n_actions × len_list = {n_rounds}×{n_actions}×{len_list} values"
                ),
                format!("{} values", probs.len()),
            ));
        }
        Self::checked(probs, n_actions, len_list, true)
    }

    /// The uniform random policy.
    pub fn uniform(n_actions: usize, len_list: usize) -> Result<Self> {
        check_shape(n_actions, len_list)?;
        Self::shared(
            vec![1.0 / n_actions as f64; n_actions * len_list.max(1)],
            n_actions,
            len_list,
        )
    }

    /// π(a | round, position); indices are checked by [`EvalPolicy::matches`] beforehand.
    pub(crate) fn prob(&self, round: usize, action: usize, position: usize) -> f64 {
        let r = if self.per_round { round } else { 0 };
        self.probs[(r * self.n_actions + action) * self.len_list + position]
    }

    /// Fails unless this policy covers the logs' rounds, actions and positions.
    pub(crate) fn matches(&self, logs: &Logs) -> Result<()> {
        if self.n_actions != logs.n_actions() || self.len_list != logs.len_list() {
            return Err(Error::invalid(
                "policy",
                format!(
                    "probabilities for {} actions × {} positions (as in the logs)",
                    logs.n_actions(),
                    logs.len_list()
                ),
                format!("{} actions × {} positions", self.n_actions, self.len_list),
            ));
        }
        if self.per_round {
            let rounds = self.probs.len() / (self.n_actions * self.len_list);
            if rounds != logs.len() {
                return Err(Error::invalid(
                    "policy",
                    format!("{} rounds (as in the logs)", logs.len()),
                    format!("{rounds} rounds"),
                ));
            }
        }
        Ok(())
    }
}

/// Checks `n_actions` in 1..=[`limits::MAX_ACTIONS`] and `len_list` ≥ 1 with an
/// `n_actions × len_list` table of at most [`limits::MAX_POLICY_ENTRIES`] values.
pub(crate) fn check_shape(n_actions: usize, len_list: usize) -> Result<()> {
    limits::check_count("n_actions", n_actions, 1, limits::MAX_ACTIONS)?;
    limits::check_count(
        "len_list",
        len_list,
        1,
        limits::MAX_POLICY_ENTRIES / n_actions,
    )?;
    Ok(())
}
