//! Demand over the lead time as a normal distribution, built from forecast outputs.

use super::{non_negative, positive};
use crate::error::{check, Error, Result};
use crate::forecast::Forecast;
use crate::num::Num;
use crate::stats::{norm_cdf, norm_ppf};
use serde::{Deserialize, Serialize};

/// How forecast errors of successive periods combine over the lead time.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub enum ErrorCorrelation {
    /// Independent errors: variances add (σ² = Σ σ_h²). The usual textbook assumption.
    #[default]
    Independent,
    /// Perfectly correlated errors: standard deviations add (σ = Σ σ_h). Conservative; closer
    /// to the truth for random-walk-like series where one bad period predicts the next.
    Perfect,
}

/// Demand over the replenishment lead time, modelled as Normal(mean, sd²).
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase")]
pub struct LeadTimeDemand {
    /// Expected demand over the lead time (units, >= 0).
    pub mean: f64,
    /// Standard deviation of demand over the lead time (units, >= 0).
    pub sd: f64,
}

impl LeadTimeDemand {
    /// From a mean and standard deviation; both finite and >= 0.
    pub fn new(mean: f64, sd: f64) -> Result<Self> {
        non_negative("mean", mean)?;
        non_negative("sd", sd)?;
        Ok(LeadTimeDemand { mean, sd })
    }

    /// From a mean and a central prediction interval `[lower, upper]` at `level` (e.g. 0.95):
    /// sd = (upper − lower) / (2·z), z the normal quantile of (1 + level)/2.
    pub fn from_interval(mean: f64, lower: f64, upper: f64, level: f64) -> Result<Self> {
        check::finite("lower", &[lower])?;
        check::finite("upper", &[upper])?;
        check::open_interval("level", level, 0.0, 1.0)?;
        if upper < lower {
            return Err(Error::invalid(
                "upper",
                format!("a bound >= lower ({})", Num(lower)),
                upper,
            ));
        }
        let z = norm_ppf(0.5 + level / 2.0);
        Self::new(mean, (upper - lower) / (2.0 * z))
    }

    /// One demand per item from columns of means and standard deviations (errors name `mean`
    /// or `sd` and the first bad index).
    pub fn from_columns(mean: &[f64], sd: &[f64]) -> Result<Vec<Self>> {
        check::non_empty("mean", mean)?;
        super::check_quantities("mean", mean, None)?;
        super::check_quantities("sd", sd, Some((mean.len(), "item")))?;
        Ok(mean
            .iter()
            .zip(sd)
            .map(|(&mean, &sd)| LeadTimeDemand { mean, sd })
            .collect())
    }

    /// One demand per item from columns of means and central interval bounds at `level`
    /// (see [`LeadTimeDemand::from_interval`]); errors name `mean[i]`, `lower[i]`, `upper[i]`
    /// or `level`.
    pub fn from_interval_columns(
        mean: &[f64],
        lower: &[f64],
        upper: &[f64],
        level: f64,
    ) -> Result<Vec<Self>> {
        check::non_empty("mean", mean)?;
        super::check_quantities("mean", mean, None)?;
        for (arg, col) in [("lower", lower), ("upper", upper)] {
            if col.len() != mean.len() {
                return Err(Error::invalid(
                    arg,
                    format!("one value per item ({})", mean.len()),
                    format!("{} values", col.len()),
                ));
            }
        }
        (0..mean.len())
            .map(|i| {
                Self::from_interval(mean[i], lower[i], upper[i], level).map_err(|e| match e {
                    Error::InvalidArgument { arg, expected, got } => {
                        let arg = match arg.as_str() {
                            "level" => arg,
                            // The sd is derived from the interval's width.
                            "sd" => format!("upper[{i}]"),
                            _ => format!("{arg}[{i}]"),
                        };
                        Error::InvalidArgument { arg, expected, got }
                    }
                    other => other,
                })
            })
            .collect()
    }

    /// Fits a normal to forecast quantiles: `values[i]` is the `probs[i]` quantile of lead-time
    /// demand. Least squares of value on z(prob) gives mean (intercept) and sd (slope). Needs
    /// at least two distinct probabilities in (0, 1) and non-decreasing values.
    pub fn from_quantiles(probs: &[f64], values: &[f64]) -> Result<Self> {
        check::non_empty("probs", probs)?;
        if values.len() != probs.len() {
            return Err(Error::invalid(
                "values",
                format!("one value per probability ({})", probs.len()),
                format!("{} values", values.len()),
            ));
        }
        check::finite("values", values)?;
        for (i, &p) in probs.iter().enumerate() {
            check::open_interval(&format!("probs[{i}]"), p, 0.0, 1.0)?;
        }
        let z: Vec<f64> = probs.iter().map(|&p| norm_ppf(p)).collect();
        let n = z.len() as f64;
        let zm = z.iter().sum::<f64>() / n;
        let vm = values.iter().sum::<f64>() / n;
        let szz: f64 = z.iter().map(|zi| (zi - zm).powi(2)).sum();
        if szz <= 0.0 {
            return Err(Error::invalid(
                "probs",
                "at least two distinct probabilities",
                crate::num::Nums(probs).to_string(),
            ));
        }
        let szv: f64 = z
            .iter()
            .zip(values)
            .map(|(zi, v)| (zi - zm) * (v - vm))
            .sum();
        let sd = szv / szz;
        if sd < 0.0 {
            return Err(Error::invalid(
                "values",
                "quantiles that increase with probability",
                crate::num::Nums(values).to_string(),
            ));
        }
        Self::new(vm - sd * zm, sd)
    }

    /// Sums per-period forecasts over a lead time of `lead_time` periods (> 0, may be
    /// fractional: the last period counts pro rata). `point[h]` and `sd[h]` are the forecast
    /// mean and standard deviation of period h + 1; negative point forecasts count as 0 demand.
    /// Errors when the lead time is longer than the forecast horizon.
    pub fn from_forecast(
        point: &[f64],
        sd: &[f64],
        lead_time: f64,
        correlation: ErrorCorrelation,
    ) -> Result<Self> {
        check::non_empty("point", point)?;
        check::finite("point", point)?;
        if sd.len() != point.len() {
            return Err(Error::invalid(
                "sd",
                format!("one standard deviation per forecast step ({})", point.len()),
                format!("{} values", sd.len()),
            ));
        }
        check::finite("sd", sd)?;
        if let Some(i) = sd.iter().position(|&s| s < 0.0) {
            return Err(Error::invalid(
                "sd",
                "standard deviations >= 0",
                format!("{} at index {i}", Num(sd[i])),
            ));
        }
        positive("lead_time", lead_time)?;
        if lead_time > point.len() as f64 {
            return Err(Error::invalid(
                "lead_time",
                format!("at most the forecast horizon ({} periods)", point.len()),
                lead_time,
            ));
        }
        let (mut mean, mut var, mut sd_sum) = (0.0, 0.0, 0.0);
        for (h, (&p, &s)) in point.iter().zip(sd).enumerate() {
            let w = (lead_time - h as f64).clamp(0.0, 1.0);
            if w == 0.0 {
                break;
            }
            mean += w * p.max(0.0);
            // A fraction w of a period: variance scales with w (as for a Poisson-like process).
            var += w * s * s;
            sd_sum += w.sqrt() * s;
        }
        let sd = match correlation {
            ErrorCorrelation::Independent => var.sqrt(),
            ErrorCorrelation::Perfect => sd_sum,
        };
        Self::new(mean, sd)
    }

    /// From a multi-step [`Forecast`] and the prediction interval at `level` that it carries
    /// (per-step sd = interval width / 2z); see [`LeadTimeDemand::from_forecast`].
    pub fn from_forecast_interval(
        forecast: &Forecast,
        level: f64,
        lead_time: f64,
        correlation: ErrorCorrelation,
    ) -> Result<Self> {
        let Some(iv) = forecast
            .intervals
            .iter()
            .find(|iv| (iv.level - level).abs() < 1e-12)
        else {
            let have: Vec<f64> = forecast.intervals.iter().map(|iv| iv.level).collect();
            return Err(Error::invalid(
                "level",
                format!(
                    "one of the forecast's interval levels {}",
                    crate::num::Nums(&have)
                ),
                level,
            ));
        };
        let z = norm_ppf(0.5 + level / 2.0);
        if iv.lower.len() != forecast.point.len() || iv.upper.len() != forecast.point.len() {
            return Err(Error::invalid(
                "forecast.intervals",
                "bounds as long as the point forecast",
                format!("{} / {} bounds", iv.lower.len(), iv.upper.len()),
            ));
        }
        let sd: Vec<f64> = iv
            .upper
            .iter()
            .zip(&iv.lower)
            .map(|(u, l)| (u - l) / (2.0 * z))
            .collect();
        Self::from_forecast(&forecast.point, &sd, lead_time, correlation)
    }

    /// Re-checks a value that may have been built field by field or deserialized.
    pub(crate) fn check(&self) -> Result<()> {
        non_negative("demand.mean", self.mean)?;
        non_negative("demand.sd", self.sd)
    }

    /// The `p` quantile of lead-time demand (never below 0).
    pub fn quantile(&self, p: f64) -> f64 {
        (self.mean + self.sd * norm_ppf(p)).max(0.0)
    }

    /// P(demand > `stock`).
    pub fn exceed_prob(&self, stock: f64) -> f64 {
        if self.sd == 0.0 {
            return if self.mean > stock { 1.0 } else { 0.0 };
        }
        // A tiny sd makes the ratio infinite; ±40 is already 0 or 1 in f64.
        norm_cdf(((self.mean - stock) / self.sd).clamp(-40.0, 40.0))
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::forecast::{Baseline, Fit, Predict};

    #[test]
    fn constructors_agree() {
        let z = norm_ppf(0.975);
        let d =
            LeadTimeDemand::from_interval(100.0, 100.0 - 20.0 * z, 100.0 + 20.0 * z, 0.95).unwrap();
        assert!((d.sd - 20.0).abs() < 1e-12);
        let probs = [0.1, 0.5, 0.9];
        let vals: Vec<f64> = probs.iter().map(|&p| 50.0 + 7.0 * norm_ppf(p)).collect();
        let q = LeadTimeDemand::from_quantiles(&probs, &vals).unwrap();
        assert!((q.mean - 50.0).abs() < 1e-12 && (q.sd - 7.0).abs() < 1e-12);
        // 2.5 periods of mean 10, sd 2: independent var = 4 + 4 + 0.5·4.
        let f = LeadTimeDemand::from_forecast(
            &[10.0, 10.0, 10.0],
            &[2.0, 2.0, 2.0],
            2.5,
            ErrorCorrelation::Independent,
        )
        .unwrap();
        assert!((f.mean - 25.0).abs() < 1e-12 && (f.sd - 10.0f64.sqrt()).abs() < 1e-12);
        let p =
            LeadTimeDemand::from_forecast(&[10.0; 2], &[2.0; 2], 2.0, ErrorCorrelation::Perfect)
                .unwrap();
        assert!((p.sd - 4.0).abs() < 1e-12);
    }

    #[test]
    fn from_a_real_forecast() {
        let y: Vec<f64> = (0..48)
            .map(|t| 20.0 + (t % 12) as f64 + (t % 5) as f64)
            .collect();
        let fc = Baseline::SeasonalNaive { season_length: 12 }
            .fit(&y)
            .unwrap()
            .predict(6, &[0.8, 0.95])
            .unwrap();
        let d =
            LeadTimeDemand::from_forecast_interval(&fc, 0.95, 3.0, ErrorCorrelation::Independent)
                .unwrap();
        assert!((d.mean - fc.point[..3].iter().sum::<f64>()).abs() < 1e-9);
        let d80 =
            LeadTimeDemand::from_forecast_interval(&fc, 0.8, 3.0, ErrorCorrelation::Independent)
                .unwrap();
        assert!((d.sd - d80.sd).abs() < 1e-9 * d.sd.max(1.0));
        assert!(LeadTimeDemand::from_forecast_interval(
            &fc,
            0.9,
            3.0,
            ErrorCorrelation::Independent
        )
        .is_err());
        assert!(LeadTimeDemand::from_forecast_interval(
            &fc,
            0.95,
            7.0,
            ErrorCorrelation::Independent
        )
        .is_err());
    }

    #[test]
    fn bad_input_is_an_error() {
        let ind = ErrorCorrelation::Independent;
        assert!(LeadTimeDemand::new(-1.0, 1.0).is_err());
        assert!(LeadTimeDemand::new(1.0, f64::NAN).is_err());
        assert!(LeadTimeDemand::from_interval(10.0, 12.0, 8.0, 0.9).is_err());
        assert!(LeadTimeDemand::from_interval(10.0, 8.0, 12.0, 1.0).is_err());
        assert!(LeadTimeDemand::from_quantiles(&[0.5, 0.5], &[1.0, 1.0]).is_err());
        assert!(LeadTimeDemand::from_quantiles(&[0.1, 0.9], &[5.0, 1.0]).is_err());
        assert!(LeadTimeDemand::from_quantiles(&[0.1, 0.9], &[5.0]).is_err());
        assert!(LeadTimeDemand::from_quantiles(&[], &[]).is_err());
        let e = LeadTimeDemand::from_forecast(&[], &[], 1.0, ind).unwrap_err();
        assert!(e.to_string().contains("`point`"));
        let e = LeadTimeDemand::from_forecast(&[1.0], &[1.0], -2.0, ind).unwrap_err();
        assert!(e.to_string().contains("`lead_time`"));
        assert!(LeadTimeDemand::from_forecast(&[1.0], &[1.0], f64::NAN, ind).is_err());
        assert!(LeadTimeDemand::from_forecast(&[1.0], &[-1.0], 1.0, ind).is_err());
        assert!(LeadTimeDemand::from_forecast(&[1.0, 2.0], &[1.0], 1.0, ind).is_err());
        assert!(LeadTimeDemand::from_forecast(&[f64::NAN], &[1.0], 1.0, ind).is_err());
    }
}
