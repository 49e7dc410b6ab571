// Per-SKU forecasting rules of the dashboard's "every SKU" batch (no DOM, no module state: the
// worker runs them, Node tests import them to compute the same numbers with direct API calls).
import { eventsFor } from './ingest.js';

/** Average demand interval at or above which a SKU is intermittent (Syntetos–Boylan). */
export const ADI_INTERMITTENT = 1.32;
/** Squared coefficient of variation of non-zero demand sizes above which demand is lumpy. */
export const CV2_LUMPY = 0.49;

/**
 * Classifies demand (Syntetos–Boylan): ADI = periods per non-zero demand, CV² of the non-zero
 * sizes. ADI ≥ 1.32 routes to the Croston family: Croston for intermittent (CV² < 0.49), SBA for
 * lumpy (CV² ≥ 0.49), and TSB when no demand was seen for more than twice the ADI at the end
 * (demand may be dying out; TSB lets the forecast decay). Smooth/erratic SKUs get `null` (AutoETS).
 */
export function demandClass(values) {
  const nz = values.filter((v) => v > 0);
  const adi = nz.length ? values.length / nz.length : Infinity;
  const mean = nz.reduce((a, b) => a + b, 0) / (nz.length || 1);
  const cv2 = nz.length > 1 ? nz.reduce((a, b) => a + (b - mean) ** 2, 0) / (nz.length - 1) / mean ** 2 : 0;
  if (!(adi >= ADI_INTERMITTENT)) return { adi, cv2, kind: cv2 < CV2_LUMPY ? 'smooth' : 'erratic', model: null };
  let sinceLast = 0;
  for (let i = values.length - 1; i >= 0 && !(values[i] > 0); i--) sinceLast++;
  if (sinceLast > 2 * adi) return { adi, cv2, kind: 'dying', model: 'tsb' };
  return cv2 < CV2_LUMPY ? { adi, cv2, kind: 'intermittent', model: 'croston' } : { adi, cv2, kind: 'lumpy', model: 'sba' };
}

/**
 * The forecast options for one SKU. `model` "auto" routes intermittent SKUs to Croston/SBA/TSB
 * and the rest to AutoETS. Season length: the analyst's when given; else the detected one when
 * detection finds one (`detected` > 1); else the frequency's (12 monthly, 4 quarterly, 7 daily,
 * 52 weekly) when the series holds at least two full seasons — detection needs ~3 cycles, so a
 * 3-year monthly series would otherwise never be seasonal; AICc still drops the season when the
 * data has none.
 */
export function skuOptions(values, { model = 'auto', seasonLength = null, frequencySeason = null, detected = 1, level = 0.95, seed = 1 } = {}) {
  const cls = demandClass(values);
  const chosen = model === 'auto' ? (cls.model ?? 'autoETS') : model;
  const options = { model: chosen, levels: [level], seed };
  if (['croston', 'sba', 'tsb', 'adida'].includes(chosen)) {
    return { options, cls, seasonSource: 'none (intermittent)' };
  }
  let seasonSource = 'detected';
  if (seasonLength) {
    options.seasonLength = seasonLength;
    seasonSource = 'chosen';
  } else if (detected > 1) {
    options.seasonLength = detected;
  } else if (frequencySeason > 1 && values.length >= 2 * frequencySeason) {
    options.seasonLength = frequencySeason;
    seasonSource = 'from the date frequency';
  } else {
    options.seasonLength = 1;
    seasonSource = 'none';
  }
  return { options, cls, seasonSource };
}

/**
 * Non-negative demand: where every observed value is >= 0 (unit sales), the module's
 * `nonNegative: true` option clamps forecasts and interval bounds at 0.
 */
export function nonNegative(values) {
  return values.every((v) => v >= 0);
}

/**
 * Backtest plan: `horizon` capped at a sixth of the series (so short series still get a rolling
 * origin), 3 windows, fewer when the series is too short for 3.
 */
export function backtestPlans(n, horizon) {
  const h = Math.max(1, Math.min(horizon, Math.floor(n / 6)));
  return [3, 2, 1].map((windows) => ({ horizon: h, windows }));
}

/**
 * Forecast + backtest of one SKU, exactly as the dashboard computes it (worker and tests). With
 * `calendar` (`{timestamps, events, sku}`: the periods' start dates in ms, the analyst's events
 * (importEvents) and the SKU's name), both the forecast and the backtest take as regressors the
 * events for every SKU and those for `sku` (all of them when `sku` is not given); with none of
 * them, the SKU is forecast without a calendar (`options.events` absent).
 */
export function forecastSku(edgewise, values, horizon, settings, calendar = null) {
  const xs = Float64Array.from(values);
  const detected = settings.seasonLength ? 1 : edgewise.detectSeasonality(xs);
  const { options: chosen, cls, seasonSource } = skuOptions(values, { ...settings, detected });
  const clamped = nonNegative(values);
  const options = { ...chosen, nonNegative: clamped };
  const events = calendar ? (calendar.sku === undefined ? calendar.events : eventsFor(calendar.events, calendar.sku)) : [];
  if (events.length > 0) {
    options.timestamps = Float64Array.from(calendar.timestamps);
    options.events = events.map(({ name, date, before, after }) => ({ name, date, before, after }));
  }
  const fc = edgewise.forecast(xs, horizon, options);
  let cv = null;
  let cvError = null;
  for (const plan of backtestPlans(values.length, horizon)) {
    try {
      cv = edgewise.crossValidation(xs, { ...options, ...plan });
      cvError = null;
      break;
    } catch (err) {
      cvError = err.message;
    }
  }
  return { fc, options, cls, seasonSource, clamped, cv, cvError };
}

/**
 * Non-negative demand for a forecastBatch result, whose options hold for every series: series i (history `series[i]`) is clipped at 0
 * when its history is non-negative. Returns how many series were clipped.
 */
export function clampBatchNonNegative(out, series) {
  const H = out.horizon;
  const L = out.levels.length;
  let clipped = 0;
  series.forEach((values, i) => {
    if (!values.every((v) => v >= 0)) return;
    clipped++;
    const clip = (arr, from) => { for (let j = from; j < from + H; j++) if (arr[j] < 0) arr[j] = 0; };
    clip(out.point, i * H);
    for (let l = 0; l < L; l++) {
      clip(out.lower, (i * L + l) * H);
      clip(out.upper, (i * L + l) * H);
    }
  });
  return clipped;
}
