//! Seeded simulations for the dashboard and for tests: cumulative regret of a policy on
//! Bernoulli arms, and what a fleet of pages reporting through an LDP mechanism would reveal.

use crate::num::Num;
use rand::Rng as _;

use super::mab::{MabOptions, MultiArmed};
use super::privacy::{FrequencyEstimate, PrivacyBudget, RandomizedResponse, UnaryEncoding};
use super::Bandit;
use crate::error::{check, Error, Result};
use crate::limits;
use crate::rng::seeded;

/// Cumulative pseudo-regret after each of `rounds` rounds of `options`' policy on Bernoulli arms
/// with success rates `rates` (arm ids `0..rates.len()`); clicks are drawn from `env_seed`.
/// Pseudo-regret adds best rate − chosen arm's rate each round, so it does not depend on luck
/// in the clicks, only on the choices.
pub fn bernoulli_regret(
    options: MabOptions,
    rates: &[f64],
    rounds: usize,
    env_seed: u64,
) -> Result<Vec<f64>> {
    check::non_empty("rates", rates)?;
    if let Some(i) = rates.iter().position(|r| !(0.0..=1.0).contains(r)) {
        return Err(Error::invalid(
            "rates",
            "success rates in [0, 1]",
            format!("{} at index {i}", Num(rates[i])),
        ));
    }
    if rounds > 10_000_000 {
        return Err(Error::invalid("rounds", "at most 10,000,000", rounds));
    }
    limits::check_count("rates.length", rates.len(), 1, limits::MAX_ARMS)?;
    work("rounds", rounds, rates.len())?;
    let ids: Vec<u32> = (0..rates.len() as u32).collect();
    let mut bandit = MultiArmed::new(&ids, options)?;
    regret_run(&mut bandit, &(), rates, rounds, env_seed)
}

/// The simulation loop of [`bernoulli_regret`] for any [`Bandit`] whose arm ids are `0..rates.len()`:
/// each round it chooses in `context`, draws a click with the chosen arm's rate and rewards it.
/// Callers check `rates` and bound `rounds`.
pub(crate) fn regret_run<B: Bandit + ?Sized>(
    bandit: &mut B,
    context: &B::Context,
    rates: &[f64],
    rounds: usize,
    env_seed: u64,
) -> Result<Vec<f64>> {
    let mut env = seeded(env_seed);
    let best = rates.iter().cloned().fold(0.0, f64::max);
    let mut regret = 0.0;
    let mut out = Vec::with_capacity(rounds);
    for _ in 0..rounds {
        let d = bandit.choose(context)?;
        let p = *rates
            .get(d.arm as usize)
            .ok_or_else(|| Error::invalid("rates", "one rate per arm id", d.arm))?;
        let click = if env.random::<f64>() < p { 1.0 } else { 0.0 };
        bandit.reward(d.id, click)?;
        regret += best - p;
        out.push(regret);
    }
    Ok(out)
}

crate::option_set! {
    /// Options of `simulateLdpFleet`.
    pub struct LdpFleetConfig as "LdpFleetOptions" {
        /// "randomizedResponse" (default) or "unaryEncoding".
        oracle: text = "oracle", "\"randomizedResponse\" | \"unaryEncoding\"";
        /// Seed of the simulation (default 0).
        seed: number = "seed", "number";
    }
}

impl LdpFleetConfig {
    /// The oracle and the seed, checked; an error names the option by its JS name.
    pub fn check(&self) -> Result<(FrequencyOracle, u64)> {
        let oracle = match self.oracle.as_deref().unwrap_or("randomizedResponse") {
            "randomizedResponse" => FrequencyOracle::RandomizedResponse,
            "unaryEncoding" => FrequencyOracle::UnaryEncoding,
            other => {
                return Err(Error::invalid(
                    "options.oracle",
                    "\"randomizedResponse\" or \"unaryEncoding\"",
                    format!("\"{other}\""),
                ))
            }
        };
        let seed = match self.seed {
            None => 0,
            Some(s) => super::config::whole("options.seed", s, 0, limits::MAX_SAFE_INTEGER)?,
        };
        Ok((oracle, seed))
    }
}

/// Which LDP frequency oracle a simulated fleet uses.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum FrequencyOracle {
    /// k-ary randomized response ([`RandomizedResponse`]).
    RandomizedResponse,
    /// Optimized unary encoding ([`UnaryEncoding`]).
    UnaryEncoding,
}

/// `users` simulated pages each hold one category drawn from `truth` (shares summing to 1) and
/// report it once at privacy `epsilon`; returns the aggregator's estimate. Seeded.
pub fn ldp_fleet(
    truth: &[f64],
    users: usize,
    epsilon: f64,
    oracle: FrequencyOracle,
    seed: u64,
) -> Result<FrequencyEstimate> {
    check::finite("truth", truth)?;
    if truth.len() < 2
        || truth.iter().any(|&p| p < 0.0)
        || (truth.iter().sum::<f64>() - 1.0).abs() > 1e-6
    {
        return Err(Error::invalid(
            "truth",
            "at least 2 non-negative shares summing to 1",
            crate::num::Nums(truth).to_string(),
        ));
    }
    check::at_least("users", users, 1)?;
    if users > 10_000_000 {
        return Err(Error::invalid("users", "at most 10,000,000", users));
    }
    limits::check_count("truth.length", truth.len(), 2, limits::MAX_CATEGORIES)?;
    work("users", users, truth.len())?;
    let k = truth.len() as u32;
    let mut rng = seeded(seed);
    let draw = |rng: &mut crate::rng::Rng| {
        let mut u = rng.random::<f64>();
        for (i, p) in truth.iter().enumerate() {
            if u < *p {
                return i as u32;
            }
            u -= p;
        }
        k - 1
    };
    match oracle {
        FrequencyOracle::RandomizedResponse => {
            let m = RandomizedResponse::new(k, epsilon)?;
            let mut reports = Vec::with_capacity(users);
            for _ in 0..users {
                let v = draw(&mut rng);
                reports.push(m.release(v, &mut PrivacyBudget::new(epsilon, 0.0)?, &mut rng)?);
            }
            m.estimate(&reports)
        }
        FrequencyOracle::UnaryEncoding => {
            let m = UnaryEncoding::new(k, epsilon)?;
            let mut ones = vec![0u64; k as usize];
            for _ in 0..users {
                let v = draw(&mut rng);
                let bits = m.release(v, &mut PrivacyBudget::new(epsilon, 0.0)?, &mut rng)?;
                for (o, b) in ones.iter_mut().zip(bits) {
                    *o += u64::from(b);
                }
            }
            m.estimate_from_counts(&ones, users)
        }
    }
}

/// Fails when `count` steps of `width` work each exceed [`limits::MAX_SIMULATION_STEPS`].
fn work(arg: &str, count: usize, width: usize) -> Result<()> {
    let max = limits::MAX_SIMULATION_STEPS / width.max(1);
    if count > max {
        return Err(Error::invalid(
            arg,
            format!(
                "at most {max} with {width} arms or categories (at most {} steps in all)",
                limits::MAX_SIMULATION_STEPS
            ),
            count,
        ));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::bandit::{LinearBandit, LinearOptions, LinearPolicy, MabPolicy};

    /// One loop over the `Bandit` trait drives both classes: with a constant (intercept-only)
    /// context, LinUCB is a UCB on the arm means and, like UCB1, its regret flattens once the
    /// best arm is found; the multi-armed run through the trait equals `bernoulli_regret`.
    #[test]
    fn the_bandit_trait_drives_both_classes() {
        let rates = [0.1, 0.6, 0.3];
        let mut lin = LinearBandit::new(
            &[0, 1, 2],
            LinearOptions::new(LinearPolicy::LinUcb { alpha: 0.5 }, 1),
        )
        .unwrap();
        let r = regret_run(&mut lin, &[1.0][..], &rates, 2_000, 7).unwrap();
        assert_eq!(r.len(), 2_000);
        assert!(r.windows(2).all(|w| w[1] >= w[0]));
        let (early, late) = (r[999], r[1999] - r[999]);
        assert!(
            late < early / 4.0,
            "regret did not flatten: {early} then +{late}"
        );

        let opts = MabOptions::new(MabPolicy::Ucb1 { c: 2.0 });
        let mut mab = MultiArmed::new(&[0, 1, 2], opts).unwrap();
        let via_trait = regret_run(&mut mab, &(), &rates, 500, 3).unwrap();
        assert_eq!(via_trait, bernoulli_regret(opts, &rates, 500, 3).unwrap());
    }
}
