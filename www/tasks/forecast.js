// Worker-side forecast methods, called by name from the page through worker.js. Values arrive as
// plain arrays (structured clone) and go to the module as typed arrays.
export const tasks = (edgewise) => ({
  forecast: ({ values, horizon, options }) => edgewise.forecast(Float64Array.from(values), horizon, options),
  crossValidation: ({ values, options }) => edgewise.crossValidation(Float64Array.from(values), options),
  detectSeasonality: ({ values }) => edgewise.detectSeasonality(Float64Array.from(values)),
  // Many series in one call: flat values + offsets; progress(done, total) after each series.
  forecastBatch: ({ series, horizon, options }, progress) => {
    const offsets = new Uint32Array(series.length + 1);
    series.forEach((s, i) => { offsets[i + 1] = offsets[i] + s.length; });
    const values = new Float64Array(offsets[series.length]);
    series.forEach((s, i) => values.set(s, offsets[i]));
    return edgewise.forecastBatch(values, offsets, horizon, options, progress);
  },
});
