// Worker-side forecast methods: called by name from the page through worker.js.
export const tasks = (edgewise) => ({
  forecast: ({ values, horizon, options }) => edgewise.forecast(Float64Array.from(values), horizon, options),
});
