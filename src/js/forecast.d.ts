/** Forecasting models of `forecast`, `forecastBatch` and `crossValidation`. */
export type ForecastModel =
  | "auto" | "autoETS" | "ets" | "theta" | "autoTheta" | "croston" | "sba" | "tsb" | "adida"
  | "naive" | "seasonalNaive" | "drift" | "windowAverage" | "mstl" | "ensemble" | "arima" | "autoARIMA";
/** Sampling frequency of a series: the source of calendar season candidates. */
export type ForecastFrequency =
  | "halfHourly" | "hourly" | "daily" | "weekly" | "monthly" | "quarterly" | "yearly";
/** A dated event (holiday, promotion) for `options.events`. */
export interface ForecastEvent {
  /** Name; events with the same name (Christmas of several years) share one effect. */
  name: string;
  /** The day: milliseconds since 1970 (`Date.getTime()`) or "YYYY-MM-DD". */
  date: number | `${number}-${number}-${number}`;
  /** Days before the date with their own effect (default 0, at most 366). */
  before?: number;
  /** Days after the date with their own effect (default 0, at most 366). */
  after?: number;
}
/** Options of `forecast`. */
export interface ForecastOptions {
  /**
   * Which model; default "autoETS". "auto" is AutoETS, except for intermittent series (average
   * interval between demands above 1.32), which get SBA, or TSB when demand has gone quiet.
   * "mstl": MSTL decomposition with several seasons (`seasonLengths`), the seasonally adjusted
   * series by non-seasonal AutoETS, each season by seasonal naive (as statsforecast's MSTL).
   */
  model?: ForecastModel;
  /**
   * Steps per seasonal cycle (12 for monthly data); when omitted, the calendar's (from
   * `frequency` or `timestamps`), else detected from the data (an F-test; two cycles suffice).
   */
  seasonLength?: number;
  /**
   * Season lengths of "mstl" (at most 4, each in [2, 8784], e.g. [24, 168] for hourly data;
   * 365.25 is rounded). Default: the calendar's (daily 7 and 365.25, hourly 24 and 168,
   * half-hourly 48 and 336, weekly 52, monthly 12, quarterly 4), else `seasonLength`, else
   * detected. Seasons with fewer than two cycles in the series are left out. The models with
   * one season take the shortest (unless `seasonLength` is given).
   */
  seasonLengths?: number[];
  /** Sampling frequency, for calendar season candidates when no season length is given. */
  frequency?: ForecastFrequency;
  /**
   * One timestamp per value (milliseconds since 1970, ascending): the frequency is read from
   * them, and `events` are placed by them. Not in `forecastBatch`.
   */
  timestamps?: Float64Array | number[];
  /**
   * Holidays and promotions (with `timestamps`; at most 10,000): each event name and window day
   * seen in the history becomes a regressor, its effect estimated against the series' seasons,
   * removed before the model is fitted and added back over the horizon. Any model; "mstl" is
   * the natural one for daily data. Not in `forecastBatch`.
   */
  events?: ForecastEvent[];
  /** ETS form for model "ets", e.g. "ANN", "AAdA", "MAdM" (default "ANN"). */
  spec?: string;
  /**
   * AutoETS search: "fast" (default; edgewise's two-round search) or "statsforecast" (every form
   * fitted as statsforecast's AutoETS does: the same model, AICc and point forecasts as
   * statsforecast, several times slower on seasonal data). AutoARIMA search: "fast" (default;
   * candidates compared by conditional sum of squares, the best refitted by exact likelihood)
   * or "statsforecast" (every candidate fitted by exact likelihood as statsforecast does).
   */
  search?: "fast" | "statsforecast";
  /** ARIMA orders [p, d, q] of model "arima" (default [0, 0, 0]; p, q <= 20, d <= 2). */
  order?: [number, number, number];
  /** Seasonal orders [P, D, Q] of model "arima" (default [0, 0, 0]; P, Q <= 4, D <= 2). */
  seasonalOrder?: [number, number, number];
  /** Model "arima": estimate a mean when not differenced (default true). */
  includeMean?: boolean;
  /** Model "arima": estimate a linear drift (default false; needs d + D <= 1). */
  includeDrift?: boolean;
  /** How many trailing values "windowAverage" averages. */
  window?: number;
  /**
   * Members of model "ensemble", by model name (default ["autoETS", "autoTheta"]); any of
   * "autoETS", "theta", "autoTheta", "naive", "seasonalNaive", "drift", "autoARIMA". A member that cannot
   * fit a series (too short) is left out of that series' combination.
   */
  members?: string[];
  /**
   * How model "ensemble" combines its members at each step: "mean" (default) or "median"; or
   * "best": per series, the member with the lowest mean absolute error over a rolling-origin
   * backtest (2 windows of the requested horizon) forecasts alone (`model` says which).
   */
  combine?: "mean" | "median" | "best";
  /**
   * Where intervals come from: "model" (default; for "ensemble" the members' bounds combined
   * like the points) or "conformal" (calibrated on the model's own rolling-origin backtest:
   * `conformalWindows` refits on the series less its last 1, 2, … horizons; the scores
   * |error| / model scale are pooled over steps and windows).
   */
  intervals?: "model" | "conformal";
  /** Backtest windows of `intervals: "conformal"` (default 3, at most 100). */
  conformalWindows?: number;
  /** Prediction interval levels, each in (0, 1), e.g. [0.8, 0.95]. */
  levels?: number[];
  /** Seed of simulated intervals (same seed, same result); random when omitted. */
  seed?: number;
  /**
   * Clamp point forecasts and interval bounds at 0, for demand and sales, which cannot be
   * negative. Default: on when the history (in `forecastBatch`, every value) is non-negative.
   * Coverage of non-negative outcomes is unchanged; bounds stay ordered (lower <= point <= upper).
   */
  nonNegative?: boolean;
  /**
   * `forecast` only, models "arima" and "autoARIMA": external regressors (holidays, promotions,
   * prices), one row per value of the series, each row the same number (<= 64) of values;
   * regression with ARIMA errors. Needs `futureXreg`.
   */
  xreg?: number[][];
  /** The regressors of the horizon: one row per step ahead, the columns of `xreg`. */
  futureXreg?: number[][];
}
/** Result of `forecast`. */
export interface ForecastOutput {
  /** Model name, e.g. "ETS(M,Ad,M)" or "SeasonalNaive(12)". */
  model: string;
  /** Point forecast per step ahead. */
  point: Float64Array;
  /** The interval levels, in the order requested. */
  levels: number[];
  /** lower[i][h]: lower bound at levels[i], step h. */
  lower: Float64Array[];
  /** upper[i][h]: upper bound at levels[i], step h. */
  upper: Float64Array[];
  /** AICc of ETS and ARIMA models; NaN for the others. */
  aicc: number;
  /** Season length used (given or detected; 1 = none). */
  seasonLength: number;
}
/** Result of `forecastBatch`; with H = horizon and L = levels.length. */
export interface BatchOutput {
  /** Number of series. */
  nSeries: number;
  /** Steps per series. */
  horizon: number;
  /** Interval levels. */
  levels: number[];
  /** point[i*H + h]; NaN for a failed series. */
  point: Float64Array;
  /** lower[(i*L + l)*H + h]. */
  lower: Float64Array;
  /** upper[(i*L + l)*H + h]. */
  upper: Float64Array;
  /** Model chosen per series ("" for a failed one). */
  model: string[];
  /** AICc per series (NaN unless ETS or ARIMA, or on failure). */
  aicc: Float64Array;
  /** null for a forecast series, else why it failed. */
  errors: (string | null)[];
}
/** Result of `accuracy`. */
export interface AccuracyOutput {
  mae: number;
  rmse: number;
  /** Symmetric MAPE in percent. */
  smape: number;
  /** MAE scaled by the in-sample seasonal-naive MAE. */
  mase: number;
  /** Share of actual values inside [lower, upper]; NaN without an interval. */
  coverage: number;
}
/** An interval for `accuracy`. */
export interface AccuracyInterval {
  lower: Float64Array | number[];
  upper: Float64Array | number[];
}
/** Options of `crossValidation`: the model options plus the backtest design. */
export interface CrossValidationOptions extends ForecastOptions {
  /** Number of forecast origins (default 3). */
  windows?: number;
  /** Steps between origins (default: the horizon). */
  step?: number;
  /** Steps forecast from each origin (required). */
  horizon: number;
}
/** Result of `crossValidation`; with W windows and H = horizon. */
export interface CrossValidationOutput {
  /** Model name (fitted on the first window). */
  model: string;
  /** Season length used, also the MASE scale's. */
  seasonLength: number;
  /** Training points before each window's first forecast. */
  cutoffs: Uint32Array;
  /** point[w*H + h]. */
  point: Float64Array;
  /** actual[w*H + h]. */
  actual: Float64Array;
  /** Per-window metrics. */
  mae: Float64Array;
  rmse: Float64Array;
  smape: Float64Array;
  /** NaN where the training scale is zero. */
  mase: Float64Array;
  /** coverage[w*L + l]. */
  coverage: Float64Array;
  /** Means over the windows; mase over the windows where it is defined (null in none). */
  mean: { mae: number; rmse: number; smape: number; mase: number | null };
}
/**
 * Forecasts one series `horizon` steps ahead with prediction intervals (default model AutoETS,
 * season length detected when omitted). Throws an `Error` naming the argument on bad input.
 */
export function forecast(values: Float64Array | number[], horizon: number, options?: ForecastOptions): ForecastOutput;
/**
 * Forecasts many series: series i is `values[offsets[i] .. offsets[i + 1]]`. A bad series gets NaN
 * slots and a message in `errors[i]`; `onProgress(done, total)` is called after each series.
 */
export function forecastBatch(values: Float64Array | number[], offsets: Uint32Array | number[], horizon: number, options?: ForecastOptions, onProgress?: (done: number, total: number) => void): BatchOutput;
/**
 * MAE, RMSE, sMAPE, MASE (scaled by the seasonal-naive MAE of `insample`) and, given an interval,
 * its coverage of `actual`.
 */
export function accuracy(actual: Float64Array | number[], predicted: Float64Array | number[], insample: Float64Array | number[], seasonLength: number, interval?: AccuracyInterval): AccuracyOutput;
