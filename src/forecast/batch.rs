//! Batch forecasting: many series from one flat value array plus offsets (the layout of a
//! `Float64Array` + `Uint32Array` pair from JS), results as flat arrays.
//!
//! Series `i` is `values[offsets[i] .. offsets[i + 1]]`. A series that cannot be forecast does not
//! abort the batch: its slots hold NaN and `errors[i]` says why; the request itself (offsets,
//! horizon, levels) is validated up front.

use super::ensemble::{
    combine_forecasts, conformal_forecast, select_best, Combine, IntervalMethod, MemberSet,
};
use super::ets::SeasonType;
use super::mstl::{FittedMstl, Mstl, SeasonLengths, TrendModel};
use super::seasonality::{detect_season_length, Frequency, MAX_DETECTED_SEASON};
use super::{
    check_request, check_series, Arima, ArimaSearch, AutoArima, AutoEts, Baseline, Ets, EtsSearch,
    EtsSpec, Fit, FittedArima, FittedBaseline, FittedEts, FittedIntermittent, FittedTheta,
    Forecast, Intermittent, IntermittentMethod, Predict, Theta, ThetaVariant, WeightedEts, Xreg,
};
use crate::error::{quoted, Error, Result};
use crate::limits;

/// The model applied to every series of a batch.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum BatchModel {
    /// `"auto"`: intermittent series (see [`super::intermittent::route`]) by SBA, TSB or ADIDA, the
    /// others by AutoETS (`season_length: None` detects it per series).
    Auto {
        /// Season length shared by the batch, or `None` to detect per series.
        season_length: Option<usize>,
        /// AutoETS search.
        search: EtsSearch,
    },
    /// AutoETS; `season_length: None` detects it per series.
    AutoEts {
        /// Season length shared by the batch, or `None` to detect per series.
        season_length: Option<usize>,
        /// Search strategy.
        search: EtsSearch,
    },
    /// Every AutoETS candidate form combined by Akaike weights ([`WeightedEts`]).
    AutoEtsWeighted {
        /// Season length shared by the batch, or `None` to detect per series.
        season_length: Option<usize>,
    },
    /// One fixed ETS form.
    Ets {
        /// The form.
        spec: EtsSpec,
        /// Season length.
        season_length: usize,
    },
    /// Theta.
    Theta {
        /// Which Theta model.
        variant: ThetaVariant,
        /// Season length for the deseasonalisation test; `None` detects it per series (a batch
        /// without `season_length` used to deseasonalise nothing).
        season_length: Option<usize>,
    },
    /// Croston / SBA / TSB / ADIDA.
    Intermittent(Intermittent),
    /// A baseline.
    Baseline(Baseline),
    /// MSTL: several seasons, the adjusted series by a non-seasonal trend model.
    Mstl {
        /// Season lengths.
        seasons: SeasonLengths,
        /// Model of the seasonally adjusted series.
        trend: TrendModel,
    },
    /// A combination of registry models fitted on the same series.
    Ensemble {
        /// The members, by registry name.
        members: MemberSet,
        /// How their forecasts are combined.
        combine: Combine,
        /// Season length given to every member, or `None` to detect it once per series.
        season_length: Option<usize>,
    },
    /// ARIMA with fixed orders.
    Arima(Arima),
    /// AutoARIMA; `season_length: None` detects it per series.
    AutoArima {
        /// Season length shared by the batch, or `None` to detect per series.
        season_length: Option<usize>,
        /// Search strategy.
        search: ArimaSearch,
    },
}

/// What to forecast for every series.
#[derive(Debug, Clone, PartialEq)]
pub struct BatchRequest {
    /// The model.
    pub model: BatchModel,
    /// Steps ahead (>= 1).
    pub horizon: usize,
    /// Interval levels in (0, 1), possibly none.
    pub levels: Vec<f64>,
    /// Seed for simulated intervals (same seed, same result).
    pub seed: u64,
    /// Clamp point forecasts and interval bounds at 0 (demand cannot be negative).
    pub non_negative: bool,
    /// Where the intervals come from (the model's own, or conformal from its backtest).
    pub intervals: IntervalMethod,
}

/// Flat results of a batch. With `H = horizon`, `L = levels.len()`:
/// `point[i*H + h]`, `lower[(i*L + l)*H + h]`, `upper[(i*L + l)*H + h]`.
#[derive(Debug, Clone, PartialEq)]
pub struct BatchForecast {
    /// Number of series.
    pub n_series: usize,
    /// Steps per series.
    pub horizon: usize,
    /// Interval levels, in the order of the `lower`/`upper` blocks.
    pub levels: Vec<f64>,
    /// Point forecasts, series-major.
    pub point: Vec<f64>,
    /// Lower interval bounds, series-major then level-major.
    pub lower: Vec<f64>,
    /// Upper interval bounds, same layout as `lower`.
    pub upper: Vec<f64>,
    /// Model chosen per series (empty string for a failed series).
    pub model: Vec<String>,
    /// AICc per series for ETS models, NaN otherwise or on failure.
    pub aicc: Vec<f64>,
    /// `None` for a forecast series, the error message for a failed one.
    pub errors: Vec<Option<String>>,
}

fn validate_offsets(values: &[f64], offsets: &[u32]) -> Result<()> {
    if offsets.is_empty() {
        return Err(Error::invalid(
            "offsets",
            "n_series + 1 offsets starting at 0 (e.g. [0] for no series)",
            "an empty array",
        ));
    }
    if offsets[0] != 0 {
        return Err(Error::invalid(
            "offsets",
            "offsets[0] = 0",
            format!("offsets[0] = {}", offsets[0]),
        ));
    }
    for (i, w) in offsets.windows(2).enumerate() {
        if w[1] < w[0] {
            return Err(Error::invalid(
                "offsets",
                "non-decreasing offsets",
                format!(
                    "offsets[{}] = {} after offsets[{i}] = {}",
                    i + 1,
                    w[1],
                    w[0]
                ),
            ));
        }
    }
    let last = offsets[offsets.len() - 1] as usize;
    if last != values.len() {
        return Err(Error::invalid(
            "offsets",
            format!("a last offset equal to values.length ({})", values.len()),
            last,
        ));
    }
    Ok(())
}

/// The model names [`BatchModel::from_options`] knows, as an error message lists them.
pub const MODEL_NAMES: &str = "one of \"auto\", \"autoETS\", \"autoETSWeighted\", \"ets\", \"theta\", \
                               \"optimizedTheta\", \"dynamicOptimizedTheta\", \"autoTheta\", \"croston\", \"sba\", \"tsb\", \"adida\", \"naive\", \"seasonalNaive\", \"drift\", \
                               \"windowAverage\", \"mstl\", \"ensemble\", \"arima\", \"autoARIMA\"";

/// The models only the full forecasting build has (cargo feature `forecast`, npm entry
/// `edgewise/forecast`); `forecast-lite` (npm `edgewise/forecast-lite`) refuses them by name.
pub const FULL_ONLY: [&str; 5] = ["mstl", "ensemble", "arima", "autoARIMA", "autoETSWeighted"];

/// The error of a lite build asked for one of [`FULL_ONLY`]: which module has it.
#[cfg_attr(feature = "forecast", allow(dead_code))]
fn not_in_lite(name: &str) -> Error {
    Error::invalid(
        "model",
        format!(
            "a model of edgewise/forecast-lite (model \"{name}\" is not in edgewise/forecast-lite; \
             import edgewise/forecast for ARIMA, AutoARIMA, MSTL, ensembles and weighted ETS)"
        ),
        format!("\"{name}\""),
    )
}

/// A model chosen by name, the registry behind the JS `forecast`, `forecastBatch` and
/// `crossValidation` options. Errors name the field (`model`, `season_length`, `spec`,
/// `search`, `window`).
#[derive(Debug, Clone, Copy, Default, PartialEq)]
pub struct ModelOptions<'a> {
    /// Model name (see [`MODEL_NAMES`]); `None` is `"autoETS"`.
    pub model: Option<&'a str>,
    /// Steps per seasonal cycle; detected from the series when `None` and one is at hand.
    pub season_length: Option<usize>,
    /// ETS form of model `"ets"` (default `"ANN"`).
    pub spec: Option<&'a str>,
    /// AutoETS search, `"fast"` (default) or `"statsforecast"`.
    pub search: Option<&'a str>,
    /// Trailing values averaged by `"windowAverage"` (required there, refused elsewhere).
    pub window: Option<usize>,
    /// Season lengths of `"mstl"`; the models with one season take the shortest unless
    /// `season_length` is given (as they do with a frequency's seasons).
    pub season_lengths: Option<&'a [f64]>,
    /// Sampling frequency: when no season length is given, the calendar's seasons are the
    /// candidates (`"mstl"` takes all of them, the other models the shortest one).
    pub frequency: Option<Frequency>,
    /// Members of `"ensemble"` by registry name (default
    /// [`DEFAULT_MEMBERS`](super::ensemble::DEFAULT_MEMBERS)), refused elsewhere.
    pub members: Option<&'a [String]>,
    /// Combination of `"ensemble"`, `"mean"` (default) or `"median"`, refused elsewhere.
    pub combine: Option<&'a str>,
    /// `[p, d, q]` of model `"arima"` (default `[0, 0, 0]`).
    pub order: Option<[usize; 3]>,
    /// `[P, D, Q]` of model `"arima"` (default `[0, 0, 0]`; needs a season length when not zero).
    pub seasonal_order: Option<[usize; 3]>,
    /// Whether model `"arima"` estimates a mean when undifferenced (default true).
    pub include_mean: Option<bool>,
    /// Whether model `"arima"` estimates a linear drift (default false; needs `d + D <= 1`).
    pub include_drift: Option<bool>,
}

/// The error of regressors given to a model without them.
fn no_xreg() -> Error {
    Error::invalid(
        "xreg",
        "no regressors unless model is \"arima\" or \"autoARIMA\"",
        "regressors",
    )
}

impl BatchModel {
    /// Fails unless the model takes external regressors (`"arima"`, `"autoARIMA"`).
    pub fn takes_xreg(&self) -> Result<()> {
        match self {
            BatchModel::Arima(_) | BatchModel::AutoArima { .. } => Ok(()),
            _ => Err(no_xreg()),
        }
    }

    /// Builds the named model. `y` is the series when there is one (its season length is then
    /// detected when none is given, and returned); `None` for a batch, where AutoETS detects
    /// per series and the other seasonal models need `season_length`. Returns the model and
    /// the season length it uses (1 = none, or still to be detected per series).
    pub fn from_options(o: &ModelOptions, y: Option<&[f64]>) -> Result<(BatchModel, usize)> {
        let given = o
            .season_length
            .map(|m| limits::check_count("season_length", m, 1, limits::MAX_SEASON_LENGTH))
            .transpose()?;
        let calendar = o.frequency.map(Frequency::seasons);
        // Without a season length, the calendar's shortest season (1 for yearly data).
        let given = given.or(calendar.map(|c| c.first().map_or(1, |m| m.round() as usize)));
        // The given season, else the one detected on the series at hand; `None` in a batch
        // without one (each series then detects its own).
        let known_season =
            || given.or_else(|| y.map(|y| detect_season_length(y, MAX_DETECTED_SEASON)));
        let season = || -> usize { known_season().unwrap_or(1) };
        let name = o.model.unwrap_or("autoETS");
        let refused = |arg: &str, what: &str| {
            Error::invalid(
                arg,
                format!("no {what} unless model is {}", allowed(arg)),
                format!("a {what} with model \"{name}\""),
            )
        };
        fn allowed(arg: &str) -> &'static str {
            match arg {
                "spec" => "\"ets\"",
                "search" => "\"autoETS\", \"mstl\" or \"autoARIMA\"",
                "members" | "combine" => "\"ensemble\"",
                "order" | "seasonal_order" | "include_mean" | "include_drift" => "\"arima\"",
                _ => "\"windowAverage\"",
            }
        }
        if o.spec.is_some() && name != "ets" {
            return Err(refused("spec", "spec"));
        }
        if o.window.is_some() && name != "windowAverage" {
            return Err(refused("window", "window"));
        }
        // One season for the models with one: the shortest of `season_lengths`, which are
        // validated for every model.
        let lengths = o.season_lengths.map(SeasonLengths::new).transpose()?;
        let given = given.or(lengths.map(|l| l.as_slice()[0].round() as usize));
        if name != "ensemble" {
            if o.members.is_some() {
                return Err(refused("members", "members"));
            }
            if o.combine.is_some() {
                return Err(refused("combine", "combine"));
            }
        }
        if name != "arima" {
            for (set, arg) in [
                (o.order.is_some(), "order"),
                (o.seasonal_order.is_some(), "seasonal_order"),
                (o.include_mean.is_some(), "include_mean"),
                (o.include_drift.is_some(), "include_drift"),
            ] {
                if set {
                    return Err(refused(arg, arg));
                }
            }
        }
        #[cfg(not(feature = "forecast"))]
        if FULL_ONLY.contains(&name) {
            return Err(not_in_lite(name));
        }
        let search = match o.search {
            None => EtsSearch::Fast,
            Some(_) if !matches!(name, "auto" | "autoETS" | "mstl" | "autoARIMA") => {
                return Err(refused("search", "search"))
            }
            Some(_) if name == "autoARIMA" => EtsSearch::Fast,
            Some(s) => EtsSearch::parse(s)?,
        };
        Ok(match name {
            "auto" | "autoETS" => {
                // With a series at hand the season length is detected here (exactly as AutoEts
                // would) so that the caller learns it; in a batch each series detects its own.
                let m = known_season();
                let model = if name == "auto" {
                    BatchModel::Auto {
                        season_length: m,
                        search,
                    }
                } else {
                    BatchModel::AutoEts {
                        season_length: m,
                        search,
                    }
                };
                (model, m.unwrap_or(1))
            }
            #[cfg(feature = "forecast")]
            "autoETSWeighted" => {
                let m = known_season();
                (
                    BatchModel::AutoEtsWeighted { season_length: m },
                    m.unwrap_or(1),
                )
            }
            "ets" => {
                let spec = EtsSpec::parse(o.spec.unwrap_or("ANN")).map_err(|e| match e {
                    Error::InvalidArgument { expected, got, .. } => Error::InvalidArgument {
                        arg: "spec".into(),
                        expected,
                        got,
                    },
                    other => other,
                })?;
                let m = if spec.season == SeasonType::None {
                    1
                } else {
                    let m = season();
                    if m < 2 {
                        let got = match given {
                            Some(m) => m.to_string(),
                            None if y.is_some() => "none given and none detected".to_string(),
                            None => "none".to_string(),
                        };
                        return Err(Error::invalid(
                            "season_length",
                            format!("a season length >= 2 for the seasonal form {}", spec.name()),
                            got,
                        ));
                    }
                    m
                };
                let model = BatchModel::Ets {
                    spec,
                    season_length: m,
                };
                (model, m)
            }
            "theta" | "optimizedTheta" | "dynamicOptimizedTheta" | "autoTheta" => {
                let variant = match name {
                    "theta" => ThetaVariant::Standard,
                    "optimizedTheta" => ThetaVariant::Optimized,
                    "dynamicOptimizedTheta" => ThetaVariant::DynamicOptimized,
                    _ => ThetaVariant::Auto,
                };
                let m = known_season();
                let model = BatchModel::Theta {
                    variant,
                    season_length: m,
                };
                (model, m.unwrap_or(1))
            }
            "croston" | "sba" | "tsb" | "adida" => {
                let method = match name {
                    "croston" => IntermittentMethod::Croston,
                    "sba" => IntermittentMethod::Sba,
                    "tsb" => IntermittentMethod::Tsb,
                    _ => IntermittentMethod::Adida,
                };
                (BatchModel::Intermittent(Intermittent::new(method)), 1)
            }
            #[cfg(feature = "forecast")]
            "mstl" => {
                let lengths = o.season_lengths.or(calendar.filter(|c| !c.is_empty()));
                let seasons = match (lengths, given) {
                    (Some(m), _) => SeasonLengths::new(m)?,
                    (None, Some(m)) if m >= 2 => SeasonLengths::new(&[m as f64])?,
                    (None, _) => {
                        let m = season();
                        if m < 2 {
                            return Err(Error::invalid(
                                "season_lengths",
                                "season lengths for \"mstl\" (none given and none detected)",
                                "none",
                            ));
                        }
                        SeasonLengths::new(&[m as f64])?
                    }
                };
                let trend = match search {
                    EtsSearch::Fast => TrendModel::AutoEts,
                    EtsSearch::Statsforecast => TrendModel::AutoEtsStatsforecast,
                };
                let m = seasons.as_slice()[0].round() as usize;
                (BatchModel::Mstl { seasons, trend }, m)
            }
            "naive" => (BatchModel::Baseline(Baseline::Naive), 1),
            "drift" => (BatchModel::Baseline(Baseline::Drift), 1),
            "seasonalNaive" => {
                let m = match (given, y) {
                    (Some(m), _) => m,
                    (None, Some(_)) => season(),
                    (None, None) => {
                        return Err(Error::invalid(
                            "season_length",
                            "a whole number >= 1 for \"seasonalNaive\" in a batch",
                            "none",
                        ))
                    }
                };
                let model = BatchModel::Baseline(Baseline::SeasonalNaive { season_length: m });
                (model, m)
            }
            #[cfg(feature = "forecast")]
            "arima" => {
                let [p, d, q] = o.order.unwrap_or([0, 0, 0]);
                let [sp, sd, sq] = o.seasonal_order.unwrap_or([0, 0, 0]);
                let seasonal = sp + sd + sq > 0;
                let m = if seasonal { season() } else { 1 };
                let spec = Arima {
                    order: (p, d, q),
                    seasonal: (sp, sd, sq),
                    season_length: m,
                    include_mean: o.include_mean.unwrap_or(true),
                    include_drift: o.include_drift.unwrap_or(false),
                };
                super::arima::check_spec(&spec)?;
                (BatchModel::Arima(spec), m)
            }
            #[cfg(feature = "forecast")]
            "autoARIMA" => {
                let search = o
                    .search
                    .map(ArimaSearch::parse)
                    .transpose()?
                    .unwrap_or_default();
                let m = known_season();
                let model = BatchModel::AutoArima {
                    season_length: m,
                    search,
                };
                (model, m.unwrap_or(1))
            }
            "windowAverage" => {
                let window = o.window.ok_or_else(|| {
                    Error::invalid(
                        "window",
                        format!(
                            "a whole number in [1, {}] for \"windowAverage\"",
                            limits::MAX_ELEMENTS
                        ),
                        "none",
                    )
                })?;
                let window = limits::check_count("window", window, 1, limits::MAX_ELEMENTS)?;
                (BatchModel::Baseline(Baseline::WindowAverage { window }), 1)
            }
            #[cfg(feature = "forecast")]
            "ensemble" => {
                let members = match o.members {
                    Some(names) => MemberSet::parse(names)?,
                    None => MemberSet::default_members(),
                };
                let combine = o
                    .combine
                    .map(Combine::parse)
                    .transpose()?
                    .unwrap_or_default();
                let m = known_season();
                let model = BatchModel::Ensemble {
                    members,
                    combine,
                    season_length: m,
                };
                (model, m.unwrap_or(1))
            }
            other => {
                return Err(Error::invalid("model", MODEL_NAMES, quoted(other, 40)));
            }
        })
    }
}

/// A [`BatchModel`] with what every fit of it shares: the seed of simulated intervals and
/// whether forecasts are clamped at zero. Fits any series like any other model.
#[derive(Debug, Clone, PartialEq)]
pub struct SeededModel {
    /// The model.
    pub model: BatchModel,
    /// Seed of simulated intervals (same seed, same result).
    pub seed: u64,
    /// Clamp point forecasts and interval bounds at 0 (demand cannot be negative).
    pub non_negative: bool,
    /// Where the intervals come from.
    pub intervals: IntervalMethod,
}

/// A fitted conformal model: the plain fit plus what its backtest needs at predict time.
#[derive(Debug, Clone)]
pub struct FittedConformal {
    /// The model fitted on the whole series.
    pub fitted: FittedModel,
    /// The model (with its own intervals), refitted on each backtest window.
    pub model: SeededModel,
    /// The series.
    pub y: Vec<f64>,
    /// Backtest windows asked for.
    pub windows: usize,
}

/// A fitted `combine: "best"` ensemble: the members, their fits and the series, so that the
/// backtest at predict time uses the requested horizon.
#[derive(Debug, Clone)]
pub struct FittedSelect {
    /// The members (unclamped, own intervals).
    pub members: Vec<SeededModel>,
    /// Each member fitted on the whole series.
    pub fits: Vec<FittedModel>,
    /// The series.
    pub y: Vec<f64>,
    /// Clamp the result at zero.
    pub non_negative: bool,
    /// Index of the member picked by the last `predict` (its horizon's backtest).
    pub chosen: std::cell::Cell<Option<usize>>,
}

/// A fitted [`SeededModel`].
#[derive(Debug, Clone)]
pub enum FittedModel {
    /// An ETS form (AutoETS or a fixed one).
    Ets(FittedEts, bool),
    /// ETS forms combined by Akaike weights.
    WeightedEts(Box<WeightedEts>, bool),
    /// Theta.
    Theta(FittedTheta, bool),
    /// Croston / SBA / TSB / ADIDA.
    Intermittent(FittedIntermittent, bool),
    /// A baseline.
    Baseline(FittedBaseline, bool),
    /// MSTL.
    Mstl(FittedMstl, bool),
    /// A combination of fitted members (fitted without clamping; the flag clamps the result).
    Ensemble(Vec<FittedModel>, Combine, bool),
    /// Members of which the best by backtest is picked at predict time.
    Select(Box<FittedSelect>),
    /// A model with conformal intervals (clamped as its inner model says).
    Conformal(Box<FittedConformal>),
    /// ARIMA (fixed orders or AutoARIMA).
    Arima(Box<FittedArima>, bool),
}

impl FittedModel {
    /// AICc of an ETS or ARIMA model (of the best form for Akaike-weighted ETS), NaN for the
    /// others (which have no likelihood).
    pub fn aicc(&self) -> f64 {
        match self {
            FittedModel::Ets(f, _) => f.aicc(),
            #[cfg(feature = "forecast")]
            FittedModel::WeightedEts(f, _) => f.best().aicc(),
            #[cfg(feature = "forecast")]
            FittedModel::Arima(f, _) => f.aicc(),
            _ => f64::NAN,
        }
    }
}

impl Fit for SeededModel {
    type Fitted = FittedModel;

    fn fit(&self, y: &[f64]) -> Result<FittedModel> {
        let (seed, nn) = (self.seed, self.non_negative);
        if let IntervalMethod::Conformal { windows } = self.intervals {
            let model = SeededModel {
                intervals: IntervalMethod::Model,
                ..self.clone()
            };
            let fitted = model.fit(y)?;
            return Ok(FittedModel::Conformal(Box::new(FittedConformal {
                fitted,
                model,
                y: y.to_vec(),
                windows,
            })));
        }
        let auto_ets = |season_length, search| -> Result<FittedModel> {
            let m = AutoEts {
                season_length,
                search,
                seed,
                ..AutoEts::default()
            };
            Ok(FittedModel::Ets(m.fit(y)?, nn))
        };
        Ok(match self.model {
            BatchModel::Auto {
                season_length,
                search,
            } => match super::intermittent::route(y) {
                Some(method) => FittedModel::Intermittent(Intermittent::new(method).fit(y)?, nn),
                None => auto_ets(season_length, search)?,
            },
            BatchModel::AutoEts {
                season_length,
                search,
            } => auto_ets(season_length, search)?,
            #[cfg(not(feature = "forecast"))]
            BatchModel::AutoEtsWeighted { .. } => return Err(not_in_lite("autoETSWeighted")),
            #[cfg(feature = "forecast")]
            BatchModel::AutoEtsWeighted { season_length } => {
                let m = AutoEts {
                    season_length,
                    seed,
                    ..AutoEts::default()
                };
                FittedModel::WeightedEts(Box::new(m.fit_weighted(y)?), nn)
            }
            BatchModel::Ets {
                spec,
                season_length,
            } => FittedModel::Ets(
                Ets {
                    spec,
                    season_length,
                    seed,
                }
                .fit(y)?,
                nn,
            ),
            BatchModel::Theta {
                variant,
                season_length,
            } => FittedModel::Theta(
                Theta {
                    variant,
                    season_length: season_length
                        .unwrap_or_else(|| detect_season_length(y, MAX_DETECTED_SEASON)),
                    seed,
                }
                .fit(y)?,
                nn,
            ),
            BatchModel::Intermittent(m) => FittedModel::Intermittent(m.fit(y)?, nn),
            BatchModel::Baseline(b) => FittedModel::Baseline(b.fit(y)?, nn),
            #[cfg(not(feature = "forecast"))]
            BatchModel::Mstl { .. } => return Err(not_in_lite("mstl")),
            #[cfg(not(feature = "forecast"))]
            BatchModel::Ensemble { .. } => return Err(not_in_lite("ensemble")),
            #[cfg(not(feature = "forecast"))]
            BatchModel::Arima(_) => return Err(not_in_lite("arima")),
            #[cfg(not(feature = "forecast"))]
            BatchModel::AutoArima { .. } => return Err(not_in_lite("autoARIMA")),
            #[cfg(feature = "forecast")]
            BatchModel::Mstl { seasons, trend } => FittedModel::Mstl(
                Mstl {
                    seasons,
                    trend,
                    seed,
                }
                .fit(y)?,
                nn,
            ),
            #[cfg(feature = "forecast")]
            BatchModel::Ensemble {
                members,
                combine,
                season_length,
            } => {
                check_series(y)?;
                let m =
                    season_length.unwrap_or_else(|| detect_season_length(y, MAX_DETECTED_SEASON));
                let mut fits = Vec::new();
                let mut models = Vec::new();
                let mut first_err = None;
                for name in members.names() {
                    let o = ModelOptions {
                        model: Some(name),
                        season_length: Some(m),
                        ..ModelOptions::default()
                    };
                    let (model, _) = BatchModel::from_options(&o, Some(y))?;
                    let member = SeededModel {
                        model,
                        seed,
                        non_negative: false,
                        intervals: IntervalMethod::Model,
                    };
                    // A member that cannot fit this series (too short, say) is left out.
                    match member.fit(y) {
                        Ok(f) => {
                            fits.push(f);
                            models.push(member);
                        }
                        Err(e) => {
                            first_err.get_or_insert(e);
                        }
                    }
                }
                if fits.is_empty() {
                    return Err(first_err.unwrap_or_else(|| {
                        Error::Numerical("no ensemble member fitted this series".into())
                    }));
                }
                if combine == Combine::Best {
                    return Ok(FittedModel::Select(Box::new(FittedSelect {
                        members: models,
                        fits,
                        y: y.to_vec(),
                        non_negative: nn,
                        chosen: std::cell::Cell::new(None),
                    })));
                }
                FittedModel::Ensemble(fits, combine, nn)
            }
            #[cfg(feature = "forecast")]
            BatchModel::Arima(a) => FittedModel::Arima(Box::new(a.fit(y)?), nn),
            #[cfg(feature = "forecast")]
            BatchModel::AutoArima {
                season_length,
                search,
            } => {
                let m = AutoArima {
                    season_length,
                    search,
                    ..AutoArima::default()
                };
                FittedModel::Arima(Box::new(m.fit(y)?), nn)
            }
        })
    }
}

impl SeededModel {
    /// Fits with external regressors (`xreg`, one row per value of `y`) and stores those of the
    /// horizon (`future_xreg`, one row per step ahead) for the forecast: regression with ARIMA
    /// errors. Only the ARIMA models take regressors: none in `forecast-lite`.
    #[cfg(not(feature = "forecast"))]
    pub fn fit_xreg(&self, _: &[f64], _: &Xreg, _: Xreg) -> Result<FittedModel> {
        Err(not_in_lite("autoARIMA"))
    }

    /// Fits with external regressors (`xreg`, one row per value of `y`) and stores those of the
    /// horizon (`future_xreg`, one row per step ahead) for the forecast: regression with ARIMA
    /// errors. Only the ARIMA models take regressors.
    #[cfg(feature = "forecast")]
    pub fn fit_xreg(&self, y: &[f64], xreg: &Xreg, future_xreg: Xreg) -> Result<FittedModel> {
        let nn = self.non_negative;
        let fitted = match self.model {
            BatchModel::Arima(a) => a.fit_xreg(y, Some(xreg))?,
            BatchModel::AutoArima {
                season_length,
                search,
            } => AutoArima {
                season_length,
                search,
                ..AutoArima::default()
            }
            .fit_xreg(y, Some(xreg))?,
            _ => return Err(no_xreg()),
        };
        Ok(FittedModel::Arima(
            Box::new(fitted.with_future_xreg(future_xreg)?),
            nn,
        ))
    }
}

impl Predict for FittedModel {
    /// Predicts; never returns a NaN or infinite point forecast or bound (an error instead),
    /// and clamps at zero when the model was built with `non_negative`.
    fn predict(&self, horizon: usize, levels: &[f64]) -> Result<Forecast> {
        let (mut fc, nn) = match self {
            FittedModel::Ets(f, nn) => (f.predict(horizon, levels)?, *nn),
            #[cfg(feature = "forecast")]
            FittedModel::WeightedEts(f, nn) => (f.predict(horizon, levels)?, *nn),
            FittedModel::Theta(f, nn) => (f.predict(horizon, levels)?, *nn),
            FittedModel::Intermittent(f, nn) => (f.predict(horizon, levels)?, *nn),
            FittedModel::Baseline(f, nn) => (f.predict(horizon, levels)?, *nn),
            #[cfg(not(feature = "forecast"))]
            FittedModel::Mstl(..)
            | FittedModel::WeightedEts(..)
            | FittedModel::Ensemble(..)
            | FittedModel::Select(_)
            | FittedModel::Arima(..) => return Err(not_in_lite("mstl")),
            #[cfg(feature = "forecast")]
            FittedModel::Mstl(f, nn) => (f.predict(horizon, levels)?, *nn),
            #[cfg(feature = "forecast")]
            FittedModel::Ensemble(fits, combine, nn) => {
                let fcs = fits
                    .iter()
                    .map(|f| f.predict(horizon, levels))
                    .collect::<Result<Vec<_>>>()?;
                (combine_forecasts(&fcs, *combine), *nn)
            }
            #[cfg(feature = "forecast")]
            FittedModel::Select(s) => {
                check_request(horizon, levels)?;
                let i = select_best(&s.members, &s.y, horizon);
                s.chosen.set(Some(i));
                (s.fits[i].predict(horizon, levels)?, s.non_negative)
            }
            FittedModel::Conformal(c) => {
                check_request(horizon, levels)?;
                let (fc, _) =
                    conformal_forecast(&c.model, &c.fitted, &c.y, c.windows, horizon, levels)?;
                (fc, c.model.non_negative)
            }
            #[cfg(feature = "forecast")]
            FittedModel::Arima(f, nn) => (f.predict(horizon, levels)?, *nn),
        };
        fc.check_finite(|| self.name())?;
        if nn {
            fc.clamp_non_negative();
        }
        Ok(fc)
    }

    fn name(&self) -> String {
        match self {
            FittedModel::Ets(f, _) => f.name(),
            #[cfg(feature = "forecast")]
            FittedModel::WeightedEts(f, _) => f.name(),
            FittedModel::Theta(f, _) => f.name(),
            FittedModel::Intermittent(f, _) => f.name(),
            FittedModel::Baseline(f, _) => f.name(),
            #[cfg(not(feature = "forecast"))]
            FittedModel::Mstl(..)
            | FittedModel::WeightedEts(..)
            | FittedModel::Ensemble(..)
            | FittedModel::Select(_)
            | FittedModel::Arima(..) => "a model of edgewise/forecast".into(),
            #[cfg(feature = "forecast")]
            FittedModel::Mstl(f, _) => f.name(),
            #[cfg(feature = "forecast")]
            FittedModel::Ensemble(fits, combine, _) => {
                let names: Vec<String> = fits.iter().map(|f| f.name()).collect();
                let how = match combine {
                    Combine::Mean => "mean",
                    Combine::Median => "median",
                    Combine::Best => "best",
                };
                format!("Ensemble[{how}]({})", names.join(", "))
            }
            FittedModel::Conformal(c) => format!("{} conformal", c.fitted.name()),
            #[cfg(feature = "forecast")]
            FittedModel::Select(s) => match s.chosen.get() {
                Some(i) => format!("Best({})", s.fits[i].name()),
                None => {
                    let names: Vec<String> = s.fits.iter().map(|f| f.name()).collect();
                    format!("Best of ({})", names.join(", "))
                }
            },
            #[cfg(feature = "forecast")]
            FittedModel::Arima(f, _) => f.name(),
        }
    }
}

/// Checks that a batch's flat outputs (`n_series · horizon · (1 + 2 · levels)` values in all)
/// stay within [`MAX_FORECAST_VALUES`](limits::MAX_FORECAST_VALUES).
fn check_output_size(n_series: usize, horizon: usize, levels: usize) -> Result<()> {
    let total = n_series
        .checked_mul(horizon)
        .and_then(|v| v.checked_mul(1 + 2 * levels))
        .filter(|&v| v <= limits::MAX_FORECAST_VALUES);
    if total.is_none() {
        return Err(Error::invalid(
            "horizon",
            format!(
                "a batch of at most {} forecast values (series × horizon × (1 + 2 × levels))",
                limits::MAX_FORECAST_VALUES
            ),
            format!("{n_series} series × horizon {horizon} × {levels} levels"),
        ));
    }
    Ok(())
}

/// Forecasts every series of a flat batch, calling `progress(done, total)` after each series.
/// Fails only for a malformed request; per-series failures are reported in `errors`.
pub fn forecast_batch(
    values: &[f64],
    offsets: &[u32],
    request: &BatchRequest,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<BatchForecast> {
    forecast_batch_xreg(values, offsets, request, &[], progress)
}

/// Checks per-series regressors against a batch: one `(xreg, future_xreg)` pair per series,
/// `xreg[i]` with one row per value of series `i`, `future_xreg[i]` with at least `horizon` rows
/// of the same columns. Errors name `xreg[i]` / `future_xreg[i]`. Whether the model takes
/// regressors is the caller's check; `forecast-lite` refuses any.
pub fn check_batch_xreg(offsets: &[u32], horizon: usize, xreg: &[(Xreg, Xreg)]) -> Result<()> {
    if xreg.is_empty() {
        return Ok(());
    }
    super::events::refuse_regressors_in_lite(true, "xreg")?;
    let n_series = offsets.len() - 1;
    if xreg.len() != n_series {
        return Err(Error::invalid(
            "xreg",
            format!("one regressor matrix per series ({n_series})"),
            format!("{} matrices", xreg.len()),
        ));
    }
    for (i, (x, f)) in xreg.iter().enumerate() {
        let n = (offsets[i + 1] - offsets[i]) as usize;
        if x.rows != n {
            return Err(Error::invalid(
                format!("xreg[{i}]"),
                format!("one row per value of series {i} ({n})"),
                format!("{} rows", x.rows),
            ));
        }
        if f.rows < horizon || f.cols != x.cols {
            return Err(Error::invalid(
                format!("future_xreg[{i}]"),
                format!(
                    "{horizon} rows (one per step ahead of series {i}) of {} columns",
                    x.cols
                ),
                format!("{} rows of {} columns", f.rows, f.cols),
            ));
        }
    }
    Ok(())
}

/// Checks the shape of a batch request: `offsets` against `values`, the horizon and levels, and
/// the size of the flat outputs. Every batch call runs it before anything is fitted.
pub fn check_batch(values: &[f64], offsets: &[u32], horizon: usize, levels: &[f64]) -> Result<()> {
    validate_offsets(values, offsets)?;
    check_request(horizon, levels)?;
    check_output_size(offsets.len() - 1, horizon, levels.len())
}

/// What one series of a batch gives: its forecast, the model's name and its AICc (NaN when it has
/// none).
pub type SeriesForecast = (Forecast, String, f64);

/// The loop of every batch, on a request [`check_batch`] accepted: series `i` is forecast by
/// `one(i, y)`, its error (named by `one`) kept in `errors[i]` with NaN slots, and
/// `progress(done, total)` called after each series.
pub fn run_batch(
    values: &[f64],
    offsets: &[u32],
    horizon: usize,
    levels: &[f64],
    progress: &mut dyn FnMut(usize, usize),
    one: &mut dyn FnMut(usize, &[f64]) -> Result<SeriesForecast>,
) -> BatchForecast {
    let n_series = offsets.len() - 1;
    let (h, l) = (horizon, levels.len());
    let mut out = BatchForecast {
        n_series,
        horizon: h,
        levels: levels.to_vec(),
        point: vec![f64::NAN; n_series * h],
        lower: vec![f64::NAN; n_series * l * h],
        upper: vec![f64::NAN; n_series * l * h],
        model: vec![String::new(); n_series],
        aicc: vec![f64::NAN; n_series],
        errors: vec![None; n_series],
    };
    for i in 0..n_series {
        let y = &values[offsets[i] as usize..offsets[i + 1] as usize];
        match one(i, y) {
            Ok((f, name, aicc)) => {
                out.point[i * h..(i + 1) * h].copy_from_slice(&f.point);
                for (j, iv) in f.intervals.iter().enumerate() {
                    let at = (i * l + j) * h;
                    out.lower[at..at + h].copy_from_slice(&iv.lower);
                    out.upper[at..at + h].copy_from_slice(&iv.upper);
                }
                out.model[i] = name;
                out.aicc[i] = aicc;
            }
            Err(e) => out.errors[i] = Some(e.to_string()),
        }
        progress(i + 1, n_series);
    }
    out
}

/// [`forecast_batch`] with regressors per series (`xreg[i]`: the history's and the horizon's of
/// series `i`, checked as a whole before any series is fitted; empty for none): regression with
/// ARIMA errors for every series.
pub fn forecast_batch_xreg(
    values: &[f64],
    offsets: &[u32],
    request: &BatchRequest,
    xreg: &[(Xreg, Xreg)],
    progress: &mut dyn FnMut(usize, usize),
) -> Result<BatchForecast> {
    super::events::refuse_regressors_in_lite(!xreg.is_empty(), "xreg")?;
    let (h, levels) = (request.horizon, &request.levels);
    check_batch(values, offsets, h, levels)?;
    if !xreg.is_empty() {
        request.model.takes_xreg()?;
    }
    check_batch_xreg(offsets, h, xreg)?;
    let model = SeededModel {
        model: request.model,
        seed: request.seed,
        non_negative: request.non_negative,
        intervals: request.intervals,
    };
    let mut one = |i: usize, y: &[f64]| {
        match xreg.get(i) {
            Some((x, f)) => model.fit_xreg(y, x, f.clone()),
            None => model.fit(y),
        }
        .and_then(|f| Ok((f.predict(h, levels)?, f.name(), f.aicc())))
        .map_err(|e| e.within(&format!("series[{i}].")))
    };
    Ok(run_batch(values, offsets, h, levels, progress, &mut one))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn seasonal(n: usize, phase: f64) -> Vec<f64> {
        (0..n)
            .map(|t| {
                50.0 + 0.5 * t as f64
                    + 8.0 * ((t as f64 + phase) * std::f64::consts::PI / 2.0).sin()
            })
            .collect()
    }

    #[test]
    fn batch_matches_single_calls_and_reports_progress() {
        let a = seasonal(40, 0.0);
        let b = seasonal(32, 1.0);
        let mut values = a.clone();
        values.extend(&b);
        values.extend([1.0, f64::NAN, 3.0]); // a bad series in the middle
        let c = seasonal(36, 2.0);
        values.extend(&c);
        let offsets = [0, 40, 72, 75, 111];
        let req = BatchRequest {
            model: BatchModel::AutoEts {
                season_length: Some(4),
                search: EtsSearch::Fast,
            },
            horizon: 6,
            levels: vec![0.8, 0.95],
            seed: 3,
            non_negative: false,
            intervals: IntervalMethod::Model,
        };
        let mut calls = Vec::new();
        let out = forecast_batch(&values, &offsets, &req, &mut |d, t| calls.push((d, t))).unwrap();
        assert_eq!(calls, vec![(1, 4), (2, 4), (3, 4), (4, 4)]);
        assert_eq!(out.n_series, 4);
        assert_eq!(out.point.len(), 24);
        assert_eq!(out.lower.len(), 48);
        for (i, y) in [(0usize, &a), (1, &b), (3, &c)] {
            let fit = AutoEts {
                seed: 3,
                ..AutoEts::new(4)
            }
            .fit(y)
            .unwrap();
            let f = fit.predict(6, &[0.8, 0.95]).unwrap();
            assert_eq!(&out.point[i * 6..i * 6 + 6], &f.point[..]);
            assert_eq!(
                &out.lower[(i * 2 + 1) * 6..(i * 2 + 2) * 6],
                &f.intervals[1].lower[..]
            );
            assert_eq!(
                &out.upper[(i * 2) * 6..(i * 2 + 1) * 6],
                &f.intervals[0].upper[..]
            );
            assert_eq!(out.model[i], fit.name());
            assert_eq!(out.aicc[i], fit.aicc());
            assert!(out.errors[i].is_none());
        }
        let err = out.errors[2].as_deref().unwrap();
        assert!(
            err.contains("`series[2].values`") && err.contains("NaN at index 1"),
            "{err}"
        );
        assert!(out.point[12..18].iter().all(|v| v.is_nan()));
        assert_eq!(out.model[2], "");
    }

    /// `cargo test --lib --no-default-features --features forecast-lite,bandit lite_` (the ensemble
    /// tests sample with `bandit`): the lean build refuses
    /// the models it lacks by name, and still fits the others.
    #[test]
    #[cfg(not(feature = "forecast"))]
    fn lite_refuses_the_full_models_by_name() {
        let y = seasonal(48, 0.0);
        for name in FULL_ONLY {
            let o = ModelOptions {
                model: Some(name),
                season_length: Some(12),
                ..ModelOptions::default()
            };
            let e = BatchModel::from_options(&o, Some(&y))
                .unwrap_err()
                .to_string();
            assert!(
                e.contains(&format!(
                    "model \"{name}\" is not in edgewise/forecast-lite"
                )) && e.contains("import edgewise/forecast"),
                "{e}"
            );
        }
        for name in [
            "auto",
            "autoETS",
            "theta",
            "autoTheta",
            "sba",
            "seasonalNaive",
        ] {
            let o = ModelOptions {
                model: Some(name),
                season_length: Some(12),
                ..ModelOptions::default()
            };
            assert!(BatchModel::from_options(&o, Some(&y)).is_ok(), "{name}");
        }
        // Regressors are refused before any matrix is read (the option checks and requests:
        // request.rs's `lite_refuses_regressors_and_events_before_reading_them`).
        let request = BatchRequest {
            model: BatchModel::Baseline(Baseline::Naive),
            horizon: 3,
            levels: vec![],
            seed: 1,
            non_negative: false,
            intervals: IntervalMethod::Model,
        };
        let x = Xreg::new("x", 48, 1, vec![0.0; 48]).unwrap();
        let e = forecast_batch_xreg(&y, &[0, 48], &request, &[(x.clone(), x)], &mut |_, _| {});
        assert_eq!(
            e.unwrap_err().to_string(),
            "invalid argument `xreg`: expected no regressors in edgewise/forecast-lite (import \
             edgewise/forecast for regression with ARIMA errors), got regressors"
        );
    }

    #[test]
    fn malformed_requests_are_refused() {
        let v = [1.0, 2.0, 3.0, 4.0];
        let req = BatchRequest {
            model: BatchModel::Baseline(Baseline::Naive),
            horizon: 2,
            levels: vec![],
            seed: 0,
            non_negative: false,
            intervals: IntervalMethod::Model,
        };
        let msg = |o: &[u32], r: &BatchRequest| {
            forecast_batch(&v, o, r, &mut |_, _| {})
                .unwrap_err()
                .to_string()
        };
        assert!(msg(&[], &req).contains("`offsets`"));
        assert!(msg(&[1, 4], &req).contains("offsets[0] = 0"));
        assert!(msg(&[0, 3, 2, 4], &req).contains("non-decreasing"));
        assert!(msg(&[0, 3], &req).contains("values.length (4)"));
        assert!(msg(
            &[0, 4],
            &BatchRequest {
                horizon: 0,
                ..req.clone()
            }
        )
        .contains("`horizon`"));
        assert!(msg(
            &[0, 4],
            &BatchRequest {
                levels: vec![1.5],
                ..req.clone()
            }
        )
        .contains("`levels[0]`"));
        // No series at all is a valid, empty batch; an empty series is a per-series error.
        let out = forecast_batch(&[], &[0], &req, &mut |_, _| {}).unwrap();
        assert_eq!(out.n_series, 0);
        let out = forecast_batch(&v, &[0, 0, 4], &req, &mut |_, _| {}).unwrap();
        assert!(out.errors[0].as_deref().unwrap().contains("empty array"));
        assert_eq!(&out.point[2..], &[4.0, 4.0]);
        assert_eq!(out.model[1], "Naive");
        // Sizes from the caller are bounded (issue #12).
        let huge = BatchRequest {
            horizon: 4_294_967_295,
            ..req.clone()
        };
        assert!(msg(&[0, 4], &huge).contains("`horizon`: expected a whole number in [1, 10000]"));
        let many = BatchRequest {
            levels: vec![0.5; limits::MAX_LEVELS + 1],
            horizon: 2,
            ..req.clone()
        };
        assert!(msg(&[0, 4], &many).contains("at most 100 interval levels"));
        // 2^17 empty series × 10,000 steps × 201 arrays would need 2^38 slots.
        let offsets = vec![0u32; 1 << 17];
        let big = BatchRequest {
            horizon: limits::MAX_HORIZON,
            levels: vec![0.5; limits::MAX_LEVELS],
            ..req.clone()
        };
        let e = forecast_batch(&[], &offsets, &big, &mut |_, _| {}).unwrap_err();
        assert!(e.to_string().contains("forecast values"), "{e}");
        // The named models refuse oversized season lengths and windows.
        let o = |season_length, window, model| ModelOptions {
            model: Some(model),
            season_length,
            window,
            ..ModelOptions::default()
        };
        for (opts, arg) in [
            (
                o(Some(usize::MAX), None, "seasonalNaive"),
                "`season_length`",
            ),
            (o(None, Some(1 << 30), "windowAverage"), "`window`"),
            (o(None, None, "windowAverage"), "`window`"),
            (o(None, Some(3), "naive"), "`window`"),
            (o(None, None, "nope"), "`model`"),
        ] {
            let e = BatchModel::from_options(&opts, Some(&v)).unwrap_err();
            assert!(e.to_string().contains(arg), "{e}");
        }
        let e = SeededModel {
            model: BatchModel::Baseline(Baseline::SeasonalNaive {
                season_length: usize::MAX,
            }),
            seed: 0,
            non_negative: false,
            intervals: IntervalMethod::Model,
        }
        .fit(&v)
        .unwrap_err();
        assert!(e.to_string().contains("`season_length`"), "{e}");
    }

    #[test]
    fn non_negative_clamps_points_and_bounds_at_zero() {
        // A falling series: drift forecasts go below zero.
        let y: Vec<f64> = (0..12).map(|t| 22.0 - 2.0 * t as f64).collect();
        let plain = SeededModel {
            model: BatchModel::Baseline(Baseline::Drift),
            seed: 1,
            non_negative: false,
            intervals: IntervalMethod::Model,
        };
        let clamped = SeededModel {
            non_negative: true,
            ..plain.clone()
        };
        let raw = plain.fit(&y).unwrap().predict(5, &[0.9]).unwrap();
        let fc = clamped.fit(&y).unwrap().predict(5, &[0.9]).unwrap();
        assert!(raw.point.iter().any(|&p| p < 0.0));
        for (r, c) in raw.point.iter().zip(&fc.point) {
            assert_eq!(*c, r.max(0.0));
        }
        for (r, c) in raw.intervals[0].lower.iter().zip(&fc.intervals[0].lower) {
            assert_eq!(*c, r.max(0.0));
        }
        assert!(fc.intervals[0].upper.iter().all(|&u| u >= 0.0));
        // The batch and the cross-validation honour the option the same way.
        let req = BatchRequest {
            model: plain.model,
            horizon: 5,
            levels: vec![0.9],
            seed: 1,
            non_negative: true,
            intervals: IntervalMethod::Model,
        };
        let out = forecast_batch(&y, &[0, 12], &req, &mut |_, _| {}).unwrap();
        assert_eq!(out.point, fc.point);
        assert_eq!(out.lower, fc.intervals[0].lower);
        let cv = crate::forecast::CrossValidation {
            n_windows: 2,
            step: 1,
            horizon: 3,
            levels: vec![],
            season_length: 1,
            non_negative: true,
        };
        let runs = crate::forecast::cross_validation(&plain, &y, &cv).unwrap();
        assert!(runs
            .iter()
            .all(|r| r.forecast.point.iter().all(|&p| p >= 0.0)));
        assert!(runs[1].forecast.point.contains(&0.0));
    }

    #[test]
    #[cfg(feature = "forecast")]
    fn theta_detects_per_series_in_a_batch_and_mstl_is_registered() {
        let y: Vec<f64> = (0..48)
            .map(|t| 100.0 + t as f64 + 10.0 * [3.0, -1.0, 2.0, -4.0][t % 4])
            .collect();
        let req = |model| BatchRequest {
            model,
            horizon: 4,
            levels: vec![],
            seed: 0,
            non_negative: false,
            intervals: Default::default(),
        };
        let single = |o: &ModelOptions| {
            let (model, m) = BatchModel::from_options(o, Some(&y)).unwrap();
            let fit = SeededModel {
                model,
                seed: 0,
                non_negative: false,
                intervals: Default::default(),
            }
            .fit(&y)
            .unwrap();
            (fit.predict(4, &[]).unwrap().point, fit.name(), m)
        };
        let theta = ModelOptions {
            model: Some("autoTheta"),
            ..ModelOptions::default()
        };
        let (batch, _) = BatchModel::from_options(&theta, None).unwrap();
        let out = forecast_batch(&y, &[0, 48], &req(batch), &mut |_, _| {}).unwrap();
        let (point, _, m) = single(&theta);
        assert_eq!(m, 4);
        assert_eq!(out.point, point);
        let mstl = ModelOptions {
            model: Some("mstl"),
            season_lengths: Some(&[4.0]),
            ..ModelOptions::default()
        };
        let (point, name, m) = single(&mstl);
        assert!(name.starts_with("MSTL([4], ETS("), "{name}");
        assert_eq!(m, 4);
        let (batch, _) = BatchModel::from_options(&mstl, None).unwrap();
        let out = forecast_batch(&y, &[0, 48], &req(batch), &mut |_, _| {}).unwrap();
        assert_eq!(out.point, point);
        // One season length alone, or the detected one, also serve.
        let one = ModelOptions {
            model: Some("mstl"),
            ..ModelOptions::default()
        };
        assert_eq!(single(&one).0, point);
        let e = |o: &ModelOptions| BatchModel::from_options(o, None).unwrap_err().to_string();
        assert!(e(&one).contains("`season_lengths`"));
        let ets = ModelOptions {
            model: Some("seasonalNaive"),
            ..mstl
        };
        assert_eq!(BatchModel::from_options(&ets, None).unwrap().1, 4);
        assert!(e(&ModelOptions {
            season_lengths: Some(&[1.0]),
            ..mstl
        })
        .contains("`season_lengths[0]`"));
    }

    #[test]
    fn auto_routes_intermittent_series() {
        let sparse = [0.0, 3.0, 0.0, 0.0, 2.0, 0.0, 0.0, 0.0, 5.0, 0.0, 1.0, 0.0];
        let auto = ModelOptions {
            model: Some("auto"),
            season_length: Some(1),
            ..ModelOptions::default()
        };
        let fit = |o: &ModelOptions, y: &[f64]| {
            let (model, _) = BatchModel::from_options(o, Some(y)).unwrap();
            let seeded = SeededModel {
                model,
                seed: 0,
                non_negative: true,
                intervals: Default::default(),
            };
            seeded.fit(y).unwrap()
        };
        let f = fit(&auto, &sparse);
        assert_eq!(f.name(), "CrostonSBA");
        let fc = f.predict(3, &[0.9]).unwrap();
        assert!(fc.intervals[0].lower.iter().all(|&v| v >= 0.0));
        let sparser = [0.0, 3.0, 0.0, 0.0, 0.0, 0.0, 2.0, 0.0, 0.0, 0.0, 5.0, 0.0];
        assert_eq!(fit(&auto, &sparser).name(), "ADIDA");
        let adida = ModelOptions {
            model: Some("adida"),
            ..auto
        };
        assert_eq!(fit(&adida, &sparse).name(), "ADIDA");
        let dense: Vec<f64> = (0..20).map(|t| 10.0 + (t % 3) as f64).collect();
        assert!(fit(&auto, &dense).name().starts_with("ETS("));
        let ets = ModelOptions {
            model: Some("autoETS"),
            ..auto
        };
        assert!(fit(&ets, &sparse).name().starts_with("ETS("));
    }

    #[test]
    fn huge_values_give_an_error_not_an_infinite_forecast() {
        let y = [1e308, -1e308, 1e308, -1e308, 1e308];
        let m = SeededModel {
            model: BatchModel::Baseline(Baseline::Drift),
            seed: 0,
            non_negative: false,
            intervals: IntervalMethod::Model,
        };
        let fitted = m.fit(&y).unwrap();
        let e = fitted.predict(3, &[0.9]).unwrap_err();
        assert!(e.to_string().contains("non-finite forecast"), "{e}");
    }

    #[test]
    #[cfg(feature = "forecast")]
    fn arima_models_from_options() {
        let y: Vec<f64> = (0..60)
            .map(|t| 20.0 + 0.3 * t as f64 + 4.0 * ((t % 4) as f64 - 1.5))
            .collect();
        let o = ModelOptions {
            model: Some("arima"),
            order: Some([1, 1, 1]),
            seasonal_order: Some([0, 1, 1]),
            season_length: Some(4),
            ..ModelOptions::default()
        };
        let (model, m) = BatchModel::from_options(&o, Some(&y)).unwrap();
        assert_eq!(m, 4);
        let seeded = SeededModel {
            model,
            seed: 0,
            non_negative: false,
            intervals: Default::default(),
        };
        let f = seeded.fit(&y).unwrap();
        assert_eq!(f.name(), "ARIMA(1,1,1)(0,1,1)[4]");
        assert!(f.aicc().is_finite());
        let fc = f.predict(8, &[0.9]).unwrap();
        assert!(fc.point.iter().all(|v| v.is_finite()));
        let auto = ModelOptions {
            model: Some("autoARIMA"),
            search: Some("statsforecast"),
            season_length: Some(4),
            ..ModelOptions::default()
        };
        let (model, _) = BatchModel::from_options(&auto, None).unwrap();
        assert!(matches!(
            model,
            BatchModel::AutoArima {
                search: ArimaSearch::Statsforecast,
                season_length: Some(4)
            }
        ));
        // The batch runs it like any other model.
        let req = BatchRequest {
            model,
            horizon: 4,
            levels: vec![0.8],
            seed: 0,
            non_negative: false,
            intervals: Default::default(),
        };
        let out = forecast_batch(&y, &[0, 60], &req, &mut |_, _| {}).unwrap();
        assert!(out.errors[0].is_none() && out.model[0].starts_with("ARIMA("));
        // Regressors reach the ARIMA models only.
        let x = Xreg::new("xreg", 60, 1, (0..60).map(|t| (t % 7) as f64).collect()).unwrap();
        let fut = Xreg::new("future_xreg", 4, 1, vec![1.0, 2.0, 3.0, 4.0]).unwrap();
        let fx = seeded.fit_xreg(&y, &x, fut.clone()).unwrap();
        assert_eq!(fx.predict(4, &[]).unwrap().point.len(), 4);
        let ets = SeededModel {
            model: BatchModel::Baseline(Baseline::Naive),
            ..seeded.clone()
        };
        let e = ets.fit_xreg(&y, &x, fut).unwrap_err().to_string();
        assert!(e.contains("`xreg`"), "{e}");
        // Hostile or misplaced options name the field.
        for (opts, arg) in [
            (
                ModelOptions {
                    order: Some([1_000_000, 0, 0]),
                    ..o
                },
                "`order[0]`",
            ),
            (
                ModelOptions {
                    order: Some([0, 9, 0]),
                    ..o
                },
                "`order[1]`",
            ),
            (
                ModelOptions {
                    model: Some("autoETS"),
                    order: Some([1, 0, 0]),
                    ..ModelOptions::default()
                },
                "`order`",
            ),
            (
                ModelOptions {
                    search: Some("nope"),
                    ..auto
                },
                "`search`",
            ),
            (
                ModelOptions {
                    include_drift: Some(true),
                    order: Some([0, 2, 0]),
                    seasonal_order: None,
                    ..o
                },
                "`include_drift`",
            ),
        ] {
            let e = BatchModel::from_options(&opts, Some(&y)).unwrap_err();
            assert!(e.to_string().contains(arg), "{arg}: {e}");
        }
    }
}
