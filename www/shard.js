// Splitting a forecast batch over several workers and joining the results (no DOM: the forecast
// panel uses it, tests/js/shard.test.mjs checks it in Node against one forecastBatch call).

/**
 * Splits `values` (arrays) into at most `parts` contiguous groups of about equal total length
 * (fitting time grows with length), none empty.
 */
export function shard(values, parts) {
  const total = values.reduce((a, v) => a + v.length, 0);
  const n = Math.max(1, Math.min(parts, values.length));
  const out = [];
  let current = [];
  let seen = 0;
  values.forEach((v, i) => {
    current.push(v);
    seen += v.length;
    const left = values.length - i - 1;
    if (out.length < n - 1 && left > 0 && (seen >= (total * (out.length + 1)) / n || left === n - 1 - out.length)) {
      out.push(current);
      current = [];
    }
  });
  out.push(current);
  return out;
}

/** Concatenates forecastBatch results of consecutive shards into one. */
export function mergeBatches(outs) {
  const cat = (key) => {
    const all = new Float64Array(outs.reduce((a, o) => a + o[key].length, 0));
    let at = 0;
    for (const o of outs) {
      all.set(o[key], at);
      at += o[key].length;
    }
    return all;
  };
  return {
    nSeries: outs.reduce((a, o) => a + o.nSeries, 0),
    horizon: outs[0].horizon,
    levels: outs[0].levels,
    point: cat('point'),
    lower: cat('lower'),
    upper: cat('upper'),
    model: outs.flatMap((o) => o.model),
    aicc: cat('aicc'),
    errors: outs.flatMap((o) => o.errors),
  };
}
