//! Exponential smoothing state-space models, ETS(error, trend, season) after Hyndman, Koehler,
//! Ord & Snyder, *Forecasting with Exponential Smoothing* (2008).
//!
//! - [`Ets`] fits one model form by maximum likelihood (initial states included);
//! - [`AutoEts`] fits every admissible form and keeps the one with the smallest AICc, by
//!   edgewise's fast two-round search or, with [`EtsSearch::Statsforecast`], exactly as
//!   statsforecast's `AutoETS` does;
//! - [`FittedEts`] forecasts with analytic intervals (classes 1 and 2 of Hyndman et al. ch. 6)
//!   or, for multiplicative-seasonal forms, intervals from seeded simulated sample paths.
//!
//! Trends are none, additive or damped additive (multiplicative trends are left out, as in
//! statsforecast's default AutoETS). Parameter bounds are the "usual" ones of R's `ets`:
//! `1e-4 <= alpha, beta, gamma <= 0.9999`, `beta <= alpha`, `gamma <= 1 - alpha`,
//! `0.8 <= phi <= 0.98`, plus the simple admissibility inequalities; the search also keeps beta
//! below the starting alpha, `0.2 / m` on data with season `m` (0.2 for a damped non-seasonal
//! trend), as statsforecast's does.

mod auto;
#[cfg(test)]
mod behaviour_tests;
pub(crate) mod fit;
pub(crate) mod init;
pub(crate) mod intervals;
mod model;
mod statsforecast_search;
mod weighted;

pub use auto::{AutoEts, EtsSearch};
pub use fit::{Ets, EtsParams, FittedEts};
pub use weighted::{akaike_weights, WeightedEts, MIN_AKAIKE_WEIGHT};

use crate::error::{quoted, Error, Result};

/// Error component.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum ErrorType {
    /// Additive errors `y_t = ŷ_t + ε_t`.
    Additive,
    /// Multiplicative errors `y_t = ŷ_t (1 + ε_t)`; needs strictly positive data.
    Multiplicative,
}

/// Trend component.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum TrendType {
    /// No trend.
    None,
    /// Additive (linear) trend.
    Additive,
    /// Additive trend damped by `phi`.
    DampedAdditive,
}

/// Seasonal component.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum SeasonType {
    /// No seasonality.
    None,
    /// Additive seasonal terms.
    Additive,
    /// Multiplicative seasonal factors; needs strictly positive data.
    Multiplicative,
}

/// One ETS model form, e.g. ETS(M,Ad,M).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub struct EtsSpec {
    /// Error component.
    pub error: ErrorType,
    /// Trend component.
    pub trend: TrendType,
    /// Seasonal component.
    pub season: SeasonType,
}

impl EtsSpec {
    /// Parses the short code used by R and statsforecast: three letters error/trend/season from
    /// `A`, `M`, `N`, with `Ad` (or `D`) for a damped trend, e.g. `"ANN"`, `"AAdA"`, `"MAdM"`.
    pub fn parse(code: &str) -> Result<Self> {
        let bad = || {
            Error::invalid(
                "model",
                "an ETS code: error A|M, trend N|A|Ad, season N|A|M (e.g. \"ANN\", \"AAdM\")",
                quoted(code, usize::MAX),
            )
        };
        let c: Vec<char> = code.chars().filter(|c| !matches!(c, ',' | ' ')).collect();
        let (e, t, s) = match c.as_slice() {
            [e, t, s] => (*e, t.to_string(), *s),
            [e, t, 'd', s] => (*e, format!("{t}d"), *s),
            _ => return Err(bad()),
        };
        let error = match e {
            'A' => ErrorType::Additive,
            'M' => ErrorType::Multiplicative,
            _ => return Err(bad()),
        };
        let trend = match t.as_str() {
            "N" => TrendType::None,
            "A" => TrendType::Additive,
            "Ad" | "D" => TrendType::DampedAdditive,
            _ => return Err(bad()),
        };
        let season = match s {
            'N' => SeasonType::None,
            'A' => SeasonType::Additive,
            'M' => SeasonType::Multiplicative,
            _ => return Err(bad()),
        };
        Ok(EtsSpec {
            error,
            trend,
            season,
        })
    }

    /// Name in the usual notation, e.g. `ETS(M,Ad,M)`.
    pub fn name(&self) -> String {
        let e = match self.error {
            ErrorType::Additive => "A",
            ErrorType::Multiplicative => "M",
        };
        let t = match self.trend {
            TrendType::None => "N",
            TrendType::Additive => "A",
            TrendType::DampedAdditive => "Ad",
        };
        let s = match self.season {
            SeasonType::None => "N",
            SeasonType::Additive => "A",
            SeasonType::Multiplicative => "M",
        };
        format!("ETS({e},{t},{s})")
    }

    /// True when any component is multiplicative (the data must then be strictly positive).
    pub fn is_multiplicative(&self) -> bool {
        self.error == ErrorType::Multiplicative || self.season == SeasonType::Multiplicative
    }

    /// Number of initial states estimated (level, trend, `m - 1` free seasonal terms).
    pub(crate) fn n_states(&self, m: usize) -> usize {
        1 + (self.trend != TrendType::None) as usize
            + if self.season == SeasonType::None {
                0
            } else {
                m - 1
            }
    }

    /// Number of smoothing parameters (alpha, beta, gamma, phi as present).
    pub(crate) fn n_smoothing(&self) -> usize {
        1 + (self.trend != TrendType::None) as usize
            + (self.season != SeasonType::None) as usize
            + (self.trend == TrendType::DampedAdditive) as usize
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn parse_and_name_round_trip() {
        for code in [
            "ANN", "AAN", "AAdN", "ANA", "AAA", "AAdA", "MNN", "MAdM", "MNM", "MAA",
        ] {
            let spec = EtsSpec::parse(code).unwrap();
            let name = spec.name();
            let inner = &name[4..name.len() - 1];
            assert_eq!(EtsSpec::parse(inner).unwrap(), spec, "{code} -> {name}");
        }
        assert_eq!(EtsSpec::parse("AAdM").unwrap().name(), "ETS(A,Ad,M)");
        for bad in ["", "AA", "XNN", "AMN", "ANX", "AAdMM"] {
            let msg = EtsSpec::parse(bad).unwrap_err().to_string();
            assert!(msg.contains("`model`") && msg.contains("ETS code"), "{msg}");
        }
    }
}
