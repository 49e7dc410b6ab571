// Logged feedback for `evaluateLoggedFeedback` from an Open-Bandit-Dataset-style log CSV (the
// bundled OBD sample, the generated logs of tests/fixtures/ope): item_id, 1-based position,
// click and propensity_score columns.

/** The typed-array logs of an OBD-style CSV text, with `nActions` and `lenList` as given. */
export function feedbackFromCsv(csv, nActions, lenList) {
  const [header, ...lines] = csv.trim().split('\n');
  const col = Object.fromEntries(header.split(',').map((h, i) => [h, i]));
  const rows = lines.map((l) => l.split(','));
  return {
    actions: Uint32Array.from(rows, (r) => Number(r[col.item_id])),
    positions: Uint32Array.from(rows, (r) => Number(r[col.position]) - 1),
    rewards: Float64Array.from(rows, (r) => Number(r[col.click])),
    pscores: Float64Array.from(rows, (r) => Number(r[col.propensity_score])),
    nActions,
    lenList,
  };
}
