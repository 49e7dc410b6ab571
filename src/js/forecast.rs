//! JS bindings for forecasting.

use super::args::{self, object};
use crate::error::{Error, Result};
use crate::forecast::{Baseline, Fit, Forecast, Predict};
use js_sys::{Array, Float64Array};
use serde::Deserialize;
use wasm_bindgen::prelude::*;

#[wasm_bindgen(typescript_custom_section)]
const TS_FORECAST: &str = r#"
/** Options of `forecast`. */
export interface ForecastOptions {
  /** Which model: "naive" (default), "seasonalNaive", "drift" or "windowAverage". */
  model?: "naive" | "seasonalNaive" | "drift" | "windowAverage";
  /** Steps per seasonal cycle, for "seasonalNaive" (e.g. 12 for monthly data). */
  seasonLength?: number;
  /** How many trailing values "windowAverage" averages. */
  window?: number;
  /** Prediction interval levels, each in (0, 1), e.g. [0.8, 0.95]. */
  levels?: number[];
}
/** Result of `forecast`. */
export interface ForecastOutput {
  /** Model name, e.g. "SeasonalNaive(12)". */
  model: string;
  /** Point forecast per step ahead. */
  point: Float64Array;
  /** The interval levels, in the order requested. */
  levels: number[];
  /** lower[i][h]: lower bound at levels[i], step h. */
  lower: Float64Array[];
  /** upper[i][h]: upper bound at levels[i], step h. */
  upper: Float64Array[];
}
"#;

#[derive(Deserialize, Default)]
#[serde(rename_all = "camelCase")]
struct Options {
    model: Option<String>,
    season_length: Option<f64>,
    window: Option<f64>,
    levels: Option<Vec<f64>>,
}

impl Options {
    fn baseline(&self) -> Result<Baseline> {
        let int = |arg: &str, v: Option<f64>| -> Result<usize> {
            let v = v.ok_or_else(|| {
                Error::invalid(arg, "a whole number >= 1 for this model", "undefined")
            })?;
            args::whole(arg, v, 1)
        };
        match self.model.as_deref().unwrap_or("naive") {
            "naive" => Ok(Baseline::Naive),
            "drift" => Ok(Baseline::Drift),
            "seasonalNaive" => Ok(Baseline::SeasonalNaive {
                season_length: int("options.seasonLength", self.season_length)?,
            }),
            "windowAverage" => Ok(Baseline::WindowAverage {
                window: int("options.window", self.window)?,
            }),
            other => Err(Error::invalid(
                "options.model",
                "one of \"naive\", \"seasonalNaive\", \"drift\", \"windowAverage\"",
                format!("\"{other}\""),
            )),
        }
    }
}

/// Forecasts one series `horizon` steps ahead with a baseline model and prediction intervals.
#[wasm_bindgen(unchecked_return_type = "ForecastOutput")]
pub fn forecast(
    #[wasm_bindgen(unchecked_param_type = "Float64Array | number[]")] values: &JsValue,
    horizon: f64,
    #[wasm_bindgen(unchecked_param_type = "ForecastOptions | undefined")] options: JsValue,
) -> Result<JsValue, JsError> {
    let y = args::f64_vec("values", values)?;
    let horizon = args::whole("horizon", horizon, 1)?;
    let opts: Options = args::options(
        "options",
        &options,
        &["model", "seasonLength", "window", "levels"],
    )?;
    let levels = opts.levels.clone().unwrap_or_default();
    let fitted = opts.baseline()?.fit(&y)?;
    let fc = fitted.predict(horizon, &levels)?;
    Ok(output(&fitted.name(), &fc))
}

fn output(model: &str, fc: &Forecast) -> JsValue {
    let arrays = |pick: fn(&crate::forecast::Interval) -> &Vec<f64>| -> JsValue {
        fc.intervals
            .iter()
            .map(|i| JsValue::from(Float64Array::from(pick(i).as_slice())))
            .collect::<Array>()
            .into()
    };
    object(&[
        ("model", JsValue::from_str(model)),
        ("point", Float64Array::from(fc.point.as_slice()).into()),
        (
            "levels",
            fc.intervals
                .iter()
                .map(|i| JsValue::from_f64(i.level))
                .collect::<Array>()
                .into(),
        ),
        ("lower", arrays(|i| &i.lower)),
        ("upper", arrays(|i| &i.upper)),
    ])
}
