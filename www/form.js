// Form validation in the analyst's words: every message starts with the label shown on the page,
// an empty field is "required" (never read as 0), and limits are enforced before any work starts.

/** The text of the label an input sits in (its own text, without the nested controls). */
export function labelOf(input) {
  const label = input.closest('label');
  if (!label) return input.getAttribute('aria-label') ?? input.id;
  let text = '';
  for (const n of label.childNodes) if (n.nodeType === 3) text += n.textContent;
  return text.replace(/\s+/g, ' ').trim() || input.getAttribute('aria-label') || input.id;
}

/**
 * Reads a number from an input, checking it against `min`/`max` (defaults: the input's own min and
 * max attributes) and `integer`. Empty → "required" unless `optional` (then null). Throws an Error
 * naming the label: `Horizon: enter a whole number from 1 to 500 (got 100000)`.
 */
export function readNumber(input, { min, max, integer, optional = false, label = labelOf(input) } = {}) {
  const lo = min ?? (input.min === '' ? -Infinity : Number(input.min));
  const hi = max ?? (input.max === '' ? Infinity : Number(input.max));
  const whole = integer ?? (input.step === '' || input.step === undefined ? true : Number.isInteger(Number(input.step)));
  const raw = String(input.value).trim();
  if (raw === '') {
    if (optional) return null;
    throw new Error(`${label}: required`);
  }
  const v = Number(raw);
  const range = Number.isFinite(lo) && Number.isFinite(hi) ? ` from ${lo} to ${hi}` : Number.isFinite(lo) ? ` of at least ${lo}` : Number.isFinite(hi) ? ` of at most ${hi}` : '';
  const what = `${whole ? 'a whole number' : 'a number'}${range}`;
  if (!Number.isFinite(v) || (whole && !Number.isInteger(v)) || v < lo || v > hi) throw new Error(`${label}: enter ${what} (got ${raw})`);
  return v;
}

/** Runs `read` (which may throw a labelled Error) and marks the offending input invalid. */
export function validate(inputs, read) {
  for (const i of inputs) i.removeAttribute('aria-invalid');
  try {
    return read();
  } catch (err) {
    const bad = inputs.find((i) => err.message.startsWith(`${labelOf(i)}:`));
    bad?.setAttribute('aria-invalid', 'true');
    throw err;
  }
}

/**
 * Rewrites a module error about an argument (`invalid argument \`options.seasonLength\`: …`) in the
 * words of the form: `Season length: …`, given `labels` from argument names to labels shown.
 */
export function humanize(err, labels) {
  const m = /^invalid argument `([^`]+)`: (.*)$/s.exec(err.message);
  return m && labels[m[1]] ? new Error(`${labels[m[1]]}: ${m[2]}`) : err;
}
