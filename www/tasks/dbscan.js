// Worker-side DBSCAN on shopper RFM points (the standardized log1p recency / frequency / monetary
// that k-means clusters, `rfmPoints`): the sorted k-distance curve with a suggested ε at its knee
// (`kDistanceKnee`), and the core / border / noise labels of `dbscan` with a profile of each cluster.

/** RFM table and its points for an order log. */
function points(edgewise, { customers, timestamps, amounts, unit }) {
  const table = edgewise.rfm(Uint32Array.from(customers), Float64Array.from(timestamps), Float64Array.from(amounts), { unit });
  return { table, points: edgewise.rfmPoints(table) };
}

/** Per-cluster sizes, core counts and mean RFM (noise, label -1, first). */
export function clusterProfiles(table, labels, core) {
  const groups = new Map();
  labels.forEach((l, i) => {
    const g = groups.get(l) ?? { label: l, size: 0, core: 0, recency: 0, frequency: 0, monetary: 0 };
    g.size += 1;
    g.core += core[i];
    g.recency += table.recency[i];
    g.frequency += table.frequency[i];
    g.monetary += table.monetary[i];
    groups.set(l, g);
  });
  return [...groups.values()]
    .sort((a, b) => a.label - b.label)
    .map((g) => ({ ...g, recency: g.recency / g.size, frequency: g.frequency / g.size, monetary: g.monetary / g.size }));
}

export const tasks = (edgewise) => ({
  /** The sorted k-distance curve of the RFM points and the ε at its knee. */
  rfmKDistance: (args) => {
    const { points: p } = points(edgewise, args);
    const { sorted, knee, eps } = edgewise.kDistanceKnee(edgewise.kDistance(p, 3, args.k));
    return { distances: sorted, knee, eps };
  },
  /** DBSCAN of the RFM points: labels (-1 noise), core flags and cluster profiles. */
  rfmDbscan: (args) => {
    const { table, points: p } = points(edgewise, args);
    const r = edgewise.dbscan(p, 3, { eps: args.eps, minSamples: args.minSamples });
    return { table, ...r, profiles: clusterProfiles(table, r.labels, r.core) };
  },
});
