// Worker-side churn model on an order log: features and labels from `churnData` at two cutoffs (a
// time-based split), a logistic regression fitted on the earlier one and judged by ROC AUC on the
// later one, then each customer's churn risk today.

const DAY_MS = 86_400_000;

/** Standardizes row-major `x` (n × d) in place with the column means and sds of `ref`. */
export function standardize(x, ref, d) {
  const n = ref.length / d;
  const mean = new Float64Array(d);
  const sd = new Float64Array(d);
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) mean[j] += ref[i * d + j] / n;
  for (let i = 0; i < n; i++) for (let j = 0; j < d; j++) sd[j] += (ref[i * d + j] - mean[j]) ** 2 / n;
  for (let j = 0; j < d; j++) sd[j] = Math.sqrt(sd[j]) || 1;
  return Float64Array.from(x, (v, k) => (v - mean[k % d]) / sd[k % d]);
}

/**
 * The churn model of an order log with an inactivity window of `windowDays`: train rows as of
 * end − 2·window (labels from the window after), test rows as of end − window (labels up to the
 * end), today's rows as of the end. Features are standardized with the train rows' statistics.
 */
export function churnModel(edgewise, { customers, timestamps, amounts, unit }, { windowDays, C }) {
  const window = unit === 'ms' ? windowDays * DAY_MS : windowDays;
  const c = Uint32Array.from(customers);
  const t = Float64Array.from(timestamps);
  const a = Float64Array.from(amounts);
  const end = t.reduce((m, x) => Math.max(m, x), -Infinity);
  const at = (cutoff) => edgewise.churnData(c, t, a, { cutoff, window });
  const train = at(end - 2 * window);
  const test = at(end - window);
  const now = at(end);
  const d = train.featureNames.length;
  for (const [rows, what] of [[train, 'training'], [test, 'test']]) {
    const churned = rows.labels.reduce((s, y) => s + y, 0);
    if (churned === 0 || churned === rows.labels.length) {
      throw new Error(`Inactivity window (days): the ${what} rows are all one class (${churned} of ${rows.labels.length} churned); choose another window`);
    }
  }
  const xTrain = standardize(train.features, train.features, d);
  const model = edgewise.logisticRegression(xTrain, d, train.labels, { C, classWeight: 'balanced' });
  const pTest = edgewise.logisticPredict(model, standardize(test.features, train.features, d));
  const pNow = edgewise.logisticPredict(model, standardize(now.features, train.features, d));
  const rate = (l) => l.reduce((s, y) => s + y, 0) / l.length;
  return {
    featureNames: train.featureNames,
    coef: model.coef,
    intercept: model.intercept,
    cutoffs: { train: end - 2 * window, test: end - window, end },
    train: { rows: train.labels.length, churnRate: rate(train.labels) },
    test: { rows: test.labels.length, churnRate: rate(test.labels), auc: edgewise.rocAuc(test.labels, pTest), roc: edgewise.rocCurve(test.labels, pTest) },
    now: { customers: now.customers, risk: pNow, recencyDays: Float64Array.from({ length: now.customers.length }, (_, i) => now.features[i * d] / (window / windowDays)) },
  };
}

export const tasks = (edgewise) => ({
  churn: ({ orders, windowDays, C }) => churnModel(edgewise, orders, { windowDays, C }),
});
