// Charts that reflow: each uPlot follows the width of the element it is drawn in.
const observed = new Map(); // element → {chart, height, share}

const observer = typeof ResizeObserver === 'undefined' ? null : new ResizeObserver((entries) => {
  for (const e of entries) {
    const o = observed.get(e.target);
    if (!o || !o.chart.root.isConnected) continue;
    const width = Math.max(240, Math.floor(e.contentRect.width * o.share));
    if (width !== o.chart.width) o.chart.setSize({ width, height: o.height });
  }
});

/**
 * Keeps `chart` as wide as `share` of `container`'s width (setSize on every resize of it, so a
 * narrowed window never cuts the chart off). Replaces any chart tracked there before.
 */
export function responsive(chart, container, { height = chart.height, share = 1 } = {}) {
  observed.set(container, { chart, height, share });
  container.uplot = chart; // for the PNG buttons (data-png) and the e2e tests
  observer?.observe(container);
  return chart;
}

/** The width a new chart in `container` should have (`share` of it, at least 240 px). */
export function widthOf(container, share = 1) {
  return Math.max(240, Math.floor(container.clientWidth * share));
}
