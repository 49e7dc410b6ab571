// Worker-side import and per-SKU methods: the analyst's files are parsed here (Papa Parse, vendored
// from npm and served as an ES module by scripts/serve.mjs), so a large file never blocks the page.
import Papa from '../vendor/papaparse.mjs';
import { importSales, importOrders, importStock, importEvents, placeEvents, futurePeriods } from '../ingest.js';
import { forecastSku } from '../demand.js';

export const tasks = (edgewise) => ({
  importSales: ({ text, overrides }) => importSales(text, Papa, overrides),
  importOrders: ({ text }) => importOrders(text, Papa),
  importEvents: ({ text, dateOrder, skus }) => importEvents(text, Papa, { dateOrder, skus }),
  // Which events act on which series (counts per series, and every event that acts on none).
  placeEvents: ({ events, series, frequency, horizon }) => placeEvents(events, series, frequency, horizon),
  importStock: ({ text }) => {
    const out = importStock(text, Papa);
    return { ...out, rows: [...out.rows] };
  },
  // One shard of the "every SKU" batch: forecast + backtest per SKU, progress after each. With
  // `events`, every series with dates takes those for every SKU and its own, placed by its
  // periods' start dates (a series that none acts on is forecast without a calendar).
  forecastSkus: ({ series, horizon, settings, frequency, events }, progress) => series.map((s, i) => {
    let row;
    try {
      const calendar = events && s.times ? { timestamps: s.times.map((t) => t * 1000), events, sku: s.name } : null;
      const r = forecastSku(edgewise, s.values, horizon, settings, calendar);
      row = {
        name: s.name,
        model: r.fc.model,
        seasonLength: r.fc.seasonLength,
        seasonSource: r.seasonSource,
        demand: r.cls.kind,
        adi: r.cls.adi,
        point: r.fc.point,
        lower: r.fc.lower[0],
        upper: r.fc.upper[0],
        level: r.fc.levels[0],
        clamped: r.clamped,
        mase: r.cv ? r.cv.mean.mase : NaN,
        mae: r.cv ? r.cv.mean.mae : NaN,
        rmse: r.cv ? r.cv.mean.rmse : NaN,
        smape: r.cv ? r.cv.mean.smape : NaN,
        cvWindows: r.cv ? r.cv.cutoffs.length : 0,
        cvHorizon: r.cv ? r.cv.point.length / r.cv.cutoffs.length : 0,
        withEvents: Boolean(r.options.events),
        note: r.cvError ? `no backtest: ${r.cvError}` : '',
        error: null,
        future: futurePeriods(s.next, frequency, horizon),
      };
    } catch (err) {
      row = { name: s.name, error: err.message };
    }
    progress(i + 1, series.length);
    return row;
  }),
  // Inventory plan from the batch's forecasts and the analyst's stock (one entry per SKU).
  inventoryFromForecasts: ({ items, serviceLevel }) => {
    const mean = [];
    const sd = [];
    for (const it of items) {
      const fc = { point: Float64Array.from(it.point), levels: [it.level], lower: [Float64Array.from(it.lower)], upper: [Float64Array.from(it.upper)] };
      const d = edgewise.leadTimeDemand(fc, it.leadTime);
      mean.push(d.mean);
      sd.push(d.sd);
    }
    const plan = edgewise.inventoryPlan({ stock: Float64Array.from(items.map((it) => it.stock)), mean: Float64Array.from(mean), sd: Float64Array.from(sd) }, { serviceLevel });
    return plan;
  },
});
