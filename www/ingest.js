// Reading the analyst's own files: sales (long `sku,date,units` or wide `date,sku_a,sku_b`) and
// order logs. No DOM and no module state: the worker runs it (tasks/ingest.js), Node tests import it
// directly (tests/js/ingest.test.mjs). The CSV itself is split by Papa Parse (passed in as `Papa`:
// the worker loads the vendored copy, Node the npm package); everything here works on its cells.
//
// Nothing is guessed silently: every choice (delimiter, header, layout, columns, date order,
// decimal separator, frequency) is returned in `mapping` for the page to show and let the analyst
// change, and every dropped row comes back with its line number and the reason.

/** Delimiters tried, in order of preference on a tie. */
const DELIMITERS = [',', ';', '\t', '|'];

/** Season length used for each inferred frequency when the data cannot tell. */
export const SEASON_LENGTH = { daily: 7, weekly: 52, monthly: 12, quarterly: 4, yearly: 1 };

/** Frequencies the importer knows, for the page's select. */
export const FREQUENCIES = Object.keys(SEASON_LENGTH);

const MONTHS = ['jan', 'feb', 'mar', 'apr', 'may', 'jun', 'jul', 'aug', 'sep', 'oct', 'nov', 'dec'];
const DAY_MS = 86_400_000;

/** Most dropped rows listed one by one (the count is always complete). */
export const MAX_LISTED = 200;

const norm = (h) => String(h).toLowerCase().replace(/[^a-z0-9]/g, '');

/** Picks the delimiter that splits the first lines into the most rows of one, >1 field count. */
function guessDelimiter(text, Papa) {
  let best = { delimiter: ',', score: 0 };
  for (const delimiter of DELIMITERS) {
    const rows = Papa.parse(text, { delimiter, preview: 50, skipEmptyLines: 'greedy' }).data;
    const width = rows[0]?.length ?? 0;
    if (width < 2) continue;
    const score = rows.filter((r) => r.length === width).length;
    if (score > best.score) best = { delimiter, score };
  }
  return best.delimiter;
}

/**
 * Splits CSV text into rows of cells with their 1-based line numbers (a quoted field may span
 * lines: a row's number is the line it starts on). Blank lines are skipped.
 */
export function readCsv(text, Papa, delimiter = null) {
  const body = text.replace(/^\uFEFF/, '');
  const delim = delimiter || guessDelimiter(body, Papa);
  const rows = [];
  let start = 0;
  let line = 1;
  let counted = 0; // text[0 .. counted) has been scanned for newlines
  Papa.parse(body, {
    delimiter: delim,
    step: (r) => {
      for (; counted < start; counted++) if (body.charCodeAt(counted) === 10) line++;
      const cells = r.data.map((c) => c.trim());
      if (cells.some((c) => c !== '')) rows.push({ line, cells });
      start = r.meta.cursor;
    },
  });
  return { delimiter: delim, rows };
}

/**
 * Parses a number as people write it: `1234.5`, `"1,234.5"` (thousands commas) with decimal
 * `"."`; `12,5`, `1.234,5`, `1 234,5` with decimal `","`. NaN for anything else.
 */
export function parseNumber(cell, decimal = '.') {
  const s = String(cell).trim().replace(/\u00a0/g, ' ');
  if (s === '') return NaN;
  let t;
  if (decimal === ',') {
    if (/^[-+]?\d{1,3}([. ]\d{3})+(,\d+)?$/.test(s)) t = s.replace(/[. ]/g, '').replace(',', '.');
    else if (/^[-+]?\d+(,\d+)?$/.test(s)) t = s.replace(',', '.');
    else return NaN;
  } else if (/^[-+]?\d{1,3}(,\d{3})+(\.\d+)?$/.test(s)) t = s.replace(/,/g, '');
  else if (/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(s)) t = s;
  else return NaN;
  return Number(t);
}

const daysIn = (y, m) => new Date(Date.UTC(y, m, 0)).getUTCDate();
const ymd = (y, m, d, grain) => (m >= 1 && m <= 12 && d >= 1 && d <= daysIn(y, m) ? { y, m, d, grain } : null);

/**
 * Parses a date cell to `{y, m, d, grain}` (grain: day, week, month, quarter, year) or null.
 * `order` settles `03/04/2024`: "dmy" or "mdy". Years alone (`2024`) only with `years`.
 */
export function parseDate(cell, order = 'dmy', years = false) {
  const s = String(cell).trim();
  let g;
  if ((g = /^(\d{4})[-/.](\d{1,2})[-/.](\d{1,2})(?:[T ]\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?(?:Z|[+-]\d{2}:?\d{2})?)?$/.exec(s))) {
    return ymd(+g[1], +g[2], +g[3], 'day');
  }
  if ((g = /^(\d{1,2})[-/.](\d{1,2})[-/.](\d{4})$/.exec(s))) {
    const [a, b] = [+g[1], +g[2]];
    return order === 'mdy' ? ymd(+g[3], a, b, 'day') : ymd(+g[3], b, a, 'day');
  }
  if ((g = /^(\d{4})[-/.](\d{1,2})$/.exec(s))) return ymd(+g[1], +g[2], 1, 'month');
  if ((g = /^(\d{4})\s*-?\s*Q([1-4])$/i.exec(s)) || (g = /^Q([1-4])\s*[-/ ]?\s*(\d{4})$/i.exec(s))) {
    const [y, q] = /^Q/i.test(s) ? [+g[2], +g[1]] : [+g[1], +g[2]];
    return ymd(y, 3 * q - 2, 1, 'quarter');
  }
  if ((g = /^(\d{4})-?W(\d{1,2})$/i.exec(s))) {
    // ISO week: the Monday of week 1 is the Monday on or before 4 January.
    const jan4 = Date.UTC(+g[1], 0, 4);
    const monday = jan4 - (((new Date(jan4).getUTCDay() + 6) % 7) * DAY_MS) + (+g[2] - 1) * 7 * DAY_MS;
    if (+g[2] < 1 || +g[2] > 53) return null;
    const dt = new Date(monday);
    return { y: dt.getUTCFullYear(), m: dt.getUTCMonth() + 1, d: dt.getUTCDate(), grain: 'week' };
  }
  if ((g = /^([A-Za-z]{3,9})\.?[\s\-/]*(\d{4})$/.exec(s)) || (g = /^(\d{4})[\s\-/]*([A-Za-z]{3,9})$/.exec(s))) {
    const [name, y] = /^\d/.test(s) ? [g[2], +g[1]] : [g[1], +g[2]];
    const m = MONTHS.indexOf(name.slice(0, 3).toLowerCase());
    if (m < 0 || !MONTHS[m] || (name.length > 3 && !/^(january|february|march|april|may|june|july|august|september|october|november|december|sept)$/i.test(name))) return null;
    return ymd(y, m + 1, 1, 'month');
  }
  if (years && (g = /^(\d{4})$/.exec(s)) && +g[1] >= 1000 && +g[1] <= 2999) return ymd(+g[1], 1, 1, 'year');
  return null;
}

const dayNumber = ({ y, m, d }) => Date.UTC(y, m - 1, d) / DAY_MS;

/** The period index of a date at a frequency (consecutive periods differ by 1). */
export function periodOf(date, frequency, origin = 0) {
  switch (frequency) {
    case 'yearly': return date.y;
    case 'quarterly': return date.y * 4 + Math.floor((date.m - 1) / 3);
    case 'monthly': return date.y * 12 + date.m - 1;
    case 'weekly': return Math.floor((dayNumber(date) - origin) / 7);
    default: return dayNumber(date);
  }
}

/** The first day of period `p` as an ISO date (YYYY-MM-DD). */
export function periodStart(p, frequency, origin = 0) {
  let ms;
  switch (frequency) {
    case 'yearly': ms = Date.UTC(p, 0, 1); break;
    case 'quarterly': ms = Date.UTC(Math.floor(p / 4), (p % 4) * 3, 1); break;
    case 'monthly': ms = Date.UTC(Math.floor(p / 12), p % 12, 1); break;
    case 'weekly': ms = (origin + p * 7) * DAY_MS; break;
    default: ms = p * DAY_MS;
  }
  return new Date(ms).toISOString().slice(0, 10);
}

/** How a period is written in tables and exports (2024-03, 2024-Q1, 2024, or the ISO day). */
export function periodLabel(p, frequency, origin = 0) {
  const iso = periodStart(p, frequency, origin);
  if (frequency === 'monthly') return iso.slice(0, 7);
  if (frequency === 'quarterly') return `${iso.slice(0, 4)}-Q${(p % 4) + 1}`;
  if (frequency === 'yearly') return iso.slice(0, 4);
  return iso;
}

const GAP_CLASSES = [['daily', 1, 1], ['weekly', 7, 7], ['monthly', 28, 31], ['quarterly', 89, 92], ['yearly', 365, 366]];

/**
 * Infers the frequency from distinct dates: the class of the smallest gap in days (1 daily, 7
 * weekly, 28–31 monthly, 89–92 quarterly, 365–366 yearly), provided at least a third of the gaps
 * are of that class (the others are missing periods); null otherwise.
 */
export function inferFrequency(dates) {
  const days = [...new Set(dates.map(dayNumber))].sort((a, b) => a - b);
  if (days.length < 2) {
    const grain = dates[0]?.grain;
    return { month: 'monthly', quarter: 'quarterly', year: 'yearly', week: 'weekly' }[grain] ?? null;
  }
  const gaps = days.slice(1).map((d, i) => d - days[i]);
  const cls = GAP_CLASSES.find(([, lo, hi]) => Math.min(...gaps) >= lo && Math.min(...gaps) <= hi);
  if (!cls) return null;
  const fit = gaps.filter((g) => g >= cls[1] && g <= cls[2]).length;
  return fit * 3 >= gaps.length ? cls[0] : null;
}

/** `03/04/2024`: day first unless a first number above 12 says otherwise (`ambiguous` if none does). */
function inferDateOrder(cells) {
  let dmy = false;
  let mdy = false;
  for (const c of cells) {
    const g = /^(\d{1,2})[-/.](\d{1,2})[-/.]\d{4}$/.exec(String(c).trim());
    if (!g) continue;
    if (+g[1] > 12) dmy = true;
    if (+g[2] > 12) mdy = true;
  }
  if (dmy && !mdy) return { order: 'dmy', ambiguous: false };
  if (mdy && !dmy) return { order: 'mdy', ambiguous: false };
  const slashes = cells.some((c) => /^\d{1,2}\/\d{1,2}\/\d{4}$/.test(String(c).trim()));
  return { order: slashes ? 'mdy' : 'dmy', ambiguous: cells.some((c) => /^\d{1,2}[-/.]\d{1,2}[-/.]\d{4}$/.test(String(c).trim())) };
}

const DATE_NAMES = /^(date|ds|day|week|month|period|quarter|year|time|timestamp|orderdate|invoicedate|saledate|weekstart|weekending|monthstart)$/;
/** Header names of a sales file's SKU column (compared without case, spaces or punctuation). */
const SKU_HEADERS = ['sku', 'skuid', 'item', 'itemid', 'product', 'productid', 'productcode', 'series', 'seriesid', 'uniqueid', 'article', 'code', 'id', 'store', 'name', 'itemcode'];
const SKU_NAMES = new RegExp(`^(${SKU_HEADERS.join('|')})$`);
const VALUE_NAMES = /^(units|unitssold|qty|quantity|sales|demand|value|y|amount|volume|count|orders|sold)$/;

/** Share of non-empty cells of column `i` for which `ok` holds. */
function share(rows, i, ok) {
  let n = 0;
  let yes = 0;
  for (const { cells } of rows) {
    const c = cells[i] ?? '';
    if (c === '') continue;
    n++;
    if (ok(c)) yes++;
  }
  return n === 0 ? 0 : yes / n;
}

/**
 * Infers how to read a sales table: `{hasHeader, names, layout, date, sku, value, values,
 * dateOrder, dateOrderAmbiguous, decimal}` (column indices; -1 for none).
 */
export function inferSalesMapping(table) {
  const { rows, delimiter } = table;
  if (rows.length === 0) throw new Error('the file is empty');
  const first = rows[0].cells;
  const typed = (c) => !Number.isNaN(parseNumber(c)) || !Number.isNaN(parseNumber(c, ',')) || parseDate(c) !== null;
  // A header: the first row has no number or date at all, or names a column whose other cells
  // are numbers or dates (`month,101,102`: SKU names that look like numbers).
  const rest = rows.slice(1, 201);
  const hasHeader = first.every((c) => c === '' || !typed(c))
    || (rest.length > 0 && first.some((c, i) => c !== '' && !typed(c) && share(rest, i, typed) >= 0.8));
  const counts = new Map();
  for (const r of rows.slice(0, 50)) counts.set(r.cells.length, (counts.get(r.cells.length) ?? 0) + 1);
  const width = hasHeader ? first.length : [...counts].sort((a, b) => b[1] - a[1])[0][0];
  const names = Array.from({ length: width }, (_, i) => (hasHeader && first[i] ? first[i] : `column ${i + 1}`));
  const data = hasHeader ? rows.slice(1) : rows;
  const sample = data.slice(0, 500);
  const allCells = sample.flatMap((r) => r.cells);
  const { order, ambiguous } = inferDateOrder(allCells);
  // Decimal comma only where the comma is not the delimiter and some number has one.
  const decimal = delimiter !== ',' && allCells.some((c) => /^[-+]?[\d. ]*\d,\d+$/.test(c)) ? ',' : '.';
  const dateShare = names.map((n, i) => share(sample, i, (c) => parseDate(c, order, DATE_NAMES.test(norm(n))) !== null));
  const numShare = names.map((_, i) => share(sample, i, (c) => !Number.isNaN(parseNumber(c, decimal))));
  let date = names.findIndex((n, i) => DATE_NAMES.test(norm(n)) && dateShare[i] >= 0.5);
  if (date < 0) date = dateShare.findIndex((s, i) => s >= 0.8 && share(sample, i, (c) => parseDate(c, order) !== null) >= 0.8);
  const numeric = names.map((_, i) => i !== date && numShare[i] >= 0.5);
  const distinct = (i) => new Set(sample.map((r) => r.cells[i] ?? '')).size;
  let sku = names.findIndex((n, i) => i !== date && SKU_NAMES.test(norm(n)));
  if (sku < 0) sku = names.findIndex((_, i) => i !== date && !numeric[i] && distinct(i) < sample.length);
  const dayMonth = date >= 0 && sample.some((r) => /^\d{1,2}[-/.]\d{1,2}[-/.]\d{4}$/.test(r.cells[date] ?? ''));
  const mapping = { hasHeader, names, delimiter, dateOrder: order, dateOrderAmbiguous: ambiguous && dayMonth, dayMonth, decimal, date, sku, layout: sku >= 0 ? 'long' : 'wide' };
  // Both layouts' columns are filled in, so that switching the layout in the preview just works.
  const candidates = names.map((_, i) => i).filter((i) => numeric[i] && i !== sku);
  // A value column that holds no numbers is still the value column (its rows are reported).
  const others = names.map((_, i) => i).filter((i) => i !== date && i !== sku);
  mapping.value = candidates.find((i) => VALUE_NAMES.test(norm(names[i]))) ?? candidates[candidates.length - 1]
    ?? others.find((i) => VALUE_NAMES.test(norm(names[i]))) ?? others[others.length - 1] ?? -1;
  mapping.values = candidates;
  return mapping;
}

/** A dropped row (or, with `what` "value", one cell of a wide row): its line, and why. */
const drop = (issues, line, reason, what = 'row') => {
  issues.droppedCount++;
  if (issues.dropped.length < MAX_LISTED) issues.dropped.push(what === 'row' ? { line, reason } : { line, reason, what });
};

/**
 * Reads sales into one series per SKU. `overrides` (any of the mapping's fields, plus `frequency`)
 * replace what was inferred. Returns `{mapping, frequency, seasonLength, series, issues, preview}`:
 * series are `{name, values, periods (labels), dates (ISO), times (unix s)}` over consecutive
 * periods; issues list dropped rows (line + reason), duplicates (summed) and gaps (filled with 0).
 */
export function importSales(text, Papa, overrides = {}) {
  const table = readCsv(text, Papa, overrides.delimiter);
  const mapping = { ...inferSalesMapping(table), ...overrides };
  const { names, hasHeader, layout, decimal, dateOrder } = mapping;
  const col = (i, what) => {
    if (!Number.isInteger(i) || i < 0 || i >= names.length) throw new Error(`choose the ${what} column`);
    return i;
  };
  const data = hasHeader ? table.rows.slice(1) : table.rows;
  if (data.length === 0) throw new Error('the file has a header but no data rows');
  const issues = { dropped: [], droppedCount: 0, duplicates: [], duplicateCount: 0, gaps: [] };
  const width = names.length;
  const valueCols = layout === 'long' ? [col(mapping.value, 'units')] : mapping.values.map((i) => col(i, 'SKU'));
  if (valueCols.length === 0) throw new Error('no column of numbers found: choose the value columns');
  const skuCol = layout === 'long' ? col(mapping.sku, 'SKU') : -1;
  const dateCol = mapping.date;
  const years = dateCol >= 0 && DATE_NAMES.test(norm(names[dateCol]));
  // Each observation: sku name, date (or the row's position when there is no date column), value.
  const obs = [];
  data.forEach(({ line, cells }, index) => {
    if (cells.length !== width) {
      const hint = cells.length > width && mapping.delimiter === ',' ? ' (a number with a thousands comma must be quoted: "1,234")' : '';
      drop(issues, line, `${cells.length} fields where the header has ${width}${hint}`);
      return;
    }
    let date = null;
    if (dateCol >= 0) {
      date = parseDate(cells[dateCol], dateOrder, years);
      if (!date) {
        drop(issues, line, `"${cells[dateCol]}" in ${names[dateCol]} is not a date`);
        return;
      }
    }
    if (layout === 'long') {
      const name = cells[skuCol];
      if (name === '') return drop(issues, line, `empty ${names[skuCol]}`);
      const v = parseNumber(cells[valueCols[0]], decimal);
      if (Number.isNaN(v)) return drop(issues, line, `"${cells[valueCols[0]]}" in ${names[valueCols[0]]} is not a number`);
      obs.push({ name, date, index, value: v, line });
    } else {
      for (const i of valueCols) {
        if (cells[i] === '') continue; // no observation: a gap, reported below
        const v = parseNumber(cells[i], decimal);
        if (Number.isNaN(v)) drop(issues, line, `"${cells[i]}" in ${names[i]} is not a number`, 'value');
        else obs.push({ name: names[i], date, index, value: v, line });
      }
    }
  });
  if (obs.length === 0) throw new Error(`no usable rows: ${issues.droppedCount} dropped${issues.dropped[0] ? ` (line ${issues.dropped[0].line}: ${issues.dropped[0].reason})` : ''}`);
  const dates = obs.map((o) => o.date).filter(Boolean);
  let frequency = dateCol >= 0 ? (overrides.frequency || inferFrequency(dates)) : null;
  if (dateCol >= 0 && !frequency) throw new Error('cannot tell the frequency from the dates: choose it');
  const origin = frequency === 'weekly' ? Math.min(...dates.map(dayNumber)) : 0;
  // One map per SKU, period → {value, line}; duplicates are summed and reported.
  const bySku = new Map();
  for (const o of obs) {
    const p = o.date ? periodOf(o.date, frequency, origin) : o.index;
    if (!bySku.has(o.name)) bySku.set(o.name, new Map());
    const m = bySku.get(o.name);
    const seen = m.get(p);
    if (seen) {
      issues.duplicateCount++;
      if (issues.duplicates.length < MAX_LISTED) {
        issues.duplicates.push({ sku: o.name, period: frequency ? periodLabel(p, frequency, origin) : String(p + 1), lines: [seen.line, o.line] });
      }
      seen.value += o.value;
    } else m.set(p, { value: o.value, line: o.line });
  }
  const series = [];
  for (const [name, m] of bySku) {
    const ps = [...m.keys()].sort((a, b) => a - b);
    const lo = ps[0];
    const hi = ps[ps.length - 1];
    const values = [];
    const periods = [];
    let missing = 0;
    let firstMissing = null;
    for (let p = lo; p <= hi; p++) {
      const o = m.get(p);
      if (!o) {
        missing++;
        firstMissing ??= p;
      }
      values.push(o ? o.value : 0);
      periods.push(p);
    }
    if (missing) issues.gaps.push({ sku: name, count: missing, first: frequency ? periodLabel(firstMissing, frequency, origin) : String(firstMissing + 1) });
    const label = (p) => (frequency ? periodLabel(p, frequency, origin) : String(p + 1));
    series.push({
      name,
      values,
      periods: periods.map(label),
      dates: frequency ? periods.map((p) => periodStart(p, frequency, origin)) : null,
      times: frequency ? periods.map((p) => Date.parse(periodStart(p, frequency, origin)) / 1000) : null,
      next: frequency ? [hi + 1, origin] : null,
    });
  }
  return {
    mapping,
    frequency,
    origin,
    seasonLength: frequency ? SEASON_LENGTH[frequency] : null,
    series,
    issues,
    preview: data.slice(0, 8).map((r) => ({ line: r.line, cells: r.cells })),
    rows: data.length,
  };
}

/** Labels and ISO start dates of the `horizon` periods after a series (`next` from importSales). */
export function futurePeriods(next, frequency, horizon) {
  if (!next) return Array.from({ length: horizon }, (_, h) => ({ label: `+${h + 1}`, date: null, time: null }));
  const [p0, origin] = next;
  return Array.from({ length: horizon }, (_, h) => {
    const date = periodStart(p0 + h, frequency, origin);
    return { label: periodLabel(p0 + h, frequency, origin), date, time: Date.parse(date) / 1000 };
  });
}

// ------------------------------------------------------------------------------------ order logs

/** Accepted header names of order logs (compared without case, spaces or punctuation). */
export const ORDER_COLUMNS = {
  customer: ['customer', 'customerid', 'customerno', 'customernumber', 'client', 'clientid', 'shopper', 'shopperid', 'user', 'userid', 'buyer', 'buyerid'],
  date: ['date', 'orderdate', 'day', 'days', 'timestamp', 'time', 'purchasedate', 'invoicedate', 'orderday', 'ordertime'],
  amount: ['amount', 'ordertotal', 'total', 'value', 'revenue', 'price', 'sales', 'spend', 'ordervalue', 'totalamount', 'orderamount'],
};

/**
 * Reads an order log: one row per order with a customer id, an order date (a date, or a number of
 * days) and an amount. Customer ids stay strings (`"1"` and `"A"` are different customers) and get
 * dense integer ids in their natural order (numbers by value, then text): `customers[i]` indexes `ids`.
 */
export function importOrders(text, Papa) {
  const table = readCsv(text, Papa);
  if (table.rows.length < 2) throw new Error('the order log needs a header line and at least one order');
  const names = table.rows[0].cells;
  const normed = names.map(norm);
  const find = (role, label) => {
    const i = normed.findIndex((h) => ORDER_COLUMNS[role].includes(h));
    if (i < 0) throw new Error(`no ${label} column: the header has ${names.map((n) => `"${n}"`).join(', ')}; accepted: ${ORDER_COLUMNS[role].join(', ')}`);
    return i;
  };
  const ci = find('customer', 'customer id');
  const ti = find('date', 'order date');
  const ai = find('amount', 'order amount');
  const data = table.rows.slice(1);
  const decimal = table.delimiter !== ',' && data.slice(0, 500).some(({ cells }) => /^[-+]?[\d. ]*\d,\d+$/.test(cells[ai] ?? '')) ? ',' : '.';
  const numericDays = data.every(({ cells }) => (cells[ti] ?? '') === '' || !Number.isNaN(parseNumber(cells[ti], decimal)));
  const { order } = inferDateOrder(data.slice(0, 500).map((r) => r.cells[ti] ?? ''));
  const issues = { dropped: [], droppedCount: 0 };
  const index = new Map();
  const ids = [];
  const customers = [];
  const timestamps = [];
  const amounts = [];
  for (const { line, cells } of data) {
    const id = cells[ci] ?? '';
    if (id === '') { drop(issues, line, `empty ${names[ci]}`); continue; }
    const raw = cells[ti] ?? '';
    let t;
    if (numericDays) t = parseNumber(raw, decimal);
    else {
      const d = parseDate(raw, order);
      t = d ? dayNumber(d) * DAY_MS + timeOfDay(raw) : NaN;
    }
    if (!Number.isFinite(t)) { drop(issues, line, `"${raw}" in ${names[ti]} is not a ${numericDays ? 'number of days' : 'date'}`); continue; }
    const amount = parseNumber(cells[ai] ?? '', decimal);
    if (Number.isNaN(amount)) { drop(issues, line, `"${cells[ai] ?? ''}" in ${names[ai]} is not a number`); continue; }
    if (!index.has(id)) index.set(id, -1);
    customers.push(id);
    timestamps.push(t);
    amounts.push(amount);
  }
  // Dense ids in the ids' natural order (numbers by value, then text), so that a log with numeric
  // ids is segmented exactly as with the numbers themselves.
  const num = (x) => (/^\d+$/.test(x) ? Number(x) : NaN);
  ids.push(...[...index.keys()].sort((a, b) => {
    const [x, y] = [num(a), num(b)];
    if (!Number.isNaN(x) && !Number.isNaN(y) && x !== y) return x - y;
    if (Number.isNaN(x) !== Number.isNaN(y)) return Number.isNaN(x) ? 1 : -1;
    return a < b ? -1 : a > b ? 1 : 0;
  }));
  ids.forEach((id, i) => index.set(id, i));
  customers.forEach((id, i) => { customers[i] = index.get(id); });
  if (customers.length === 0) throw new Error(`no usable orders: ${issues.droppedCount} rows dropped${issues.dropped[0] ? ` (line ${issues.dropped[0].line}: ${issues.dropped[0].reason})` : ''}`);
  return { ids, customers, timestamps, amounts, unit: numericDays ? 'days' : 'ms', columns: { customer: names[ci], date: names[ti], amount: names[ai] }, issues };
}

/** Milliseconds into the day of an ISO date-time cell (0 for a bare date). */
function timeOfDay(cell) {
  const g = /[T ](\d{1,2}):(\d{2})(?::(\d{2}))?/.exec(cell);
  return g ? ((+g[1] * 60 + +g[2]) * 60 + +(g[3] ?? 0)) * 1000 : 0;
}

// ------------------------------------------------------------------------------------ stock files

/**
 * Reads a stock file joined to SKUs by name: a header with a SKU column and a stock column, and
 * optionally lead time (periods) and unit cost. Returns `{rows: Map(sku → {stock, leadTime, cost}), issues, columns}`.
 */
export function importStock(text, Papa) {
  const table = readCsv(text, Papa);
  if (table.rows.length < 2) throw new Error('the stock file needs a header line and at least one SKU');
  const names = table.rows[0].cells;
  const normed = names.map(norm);
  const pick = (re) => normed.findIndex((h) => re.test(h));
  const si = pick(SKU_NAMES);
  const qi = pick(/^(stock|onhand|stockonhand|inventory|qty|quantity|units|available)$/);
  if (si < 0 || qi < 0) throw new Error(`the stock file needs a SKU column and a stock column; its header has ${names.map((n) => `"${n}"`).join(', ')} (accepted: sku/item/product, stock/on hand/inventory, optional lead time, cost)`);
  const li = pick(/^(leadtime|leadtimeperiods|lead)$/);
  const ki = pick(/^(cost|unitcost|price)$/);
  const decimal = table.delimiter !== ',' && table.rows.some((r) => r.cells.some((c) => /^[-+]?[\d. ]*\d,\d+$/.test(c))) ? ',' : '.';
  const issues = { dropped: [], droppedCount: 0 };
  const rows = new Map();
  for (const { line, cells } of table.rows.slice(1)) {
    const sku = cells[si] ?? '';
    const stock = parseNumber(cells[qi] ?? '', decimal);
    const leadTime = li >= 0 ? parseNumber(cells[li] ?? '', decimal) : NaN;
    const cost = ki >= 0 ? parseNumber(cells[ki] ?? '', decimal) : NaN;
    if (sku === '') drop(issues, line, `empty ${names[si]}`);
    else if (!(stock >= 0)) drop(issues, line, `"${cells[qi] ?? ''}" in ${names[qi]} is not a stock level (a number >= 0)`);
    else if (li >= 0 && cells[li] !== '' && !(leadTime > 0)) drop(issues, line, `"${cells[li]}" in ${names[li]} is not a lead time (a number > 0)`);
    else if (rows.has(sku)) drop(issues, line, `${sku} already has a stock row (line ${rows.get(sku).line})`);
    else rows.set(sku, { stock, leadTime: Number.isNaN(leadTime) ? null : leadTime, cost: Number.isNaN(cost) ? null : cost, line });
  }
  return { rows, issues, columns: { sku: names[si], stock: names[qi], leadTime: li >= 0 ? names[li] : null, cost: ki >= 0 ? names[ki] : null } };
}

// ------------------------------------------------------------------------------------ events files

/** Accepted header names of an events file (compared without case, spaces or punctuation). */
export const EVENT_COLUMNS = {
  name: ['name', 'event', 'eventname', 'holiday', 'promotion', 'promo', 'title', 'label'],
  date: ['date', 'day', 'ds', 'eventdate', 'startdate'],
  before: ['before', 'daysbefore'],
  after: ['after', 'daysafter'],
  // Prophet's holiday table: lower_window (<= 0, days before as a negative number) and upper_window.
  lowerWindow: ['lowerwindow'],
  upperWindow: ['upperwindow'],
  // The SKU an event is for (a promotion of one product): the sales file's SKU header names, less
  // `name` (the event's own name) and the generic `id` / `code` (an event's id).
  sku: SKU_HEADERS.filter((h) => !['name', 'id', 'code'].includes(h)),
};

/** Bounds of the module's `ForecastEvent` (src/limits.rs): events, days of a window, names. */
export const EVENT_LIMITS = { events: 10_000, window: 366, nameChars: 64, days: 1 << 20 };

const iso = ({ y, m, d }) => `${String(y).padStart(4, '0')}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;

/**
 * Reads a calendar of holidays and promotions: one row per event with a name and a day, and
 * optionally `before` / `after` (days around the day with their own effect; Prophet's
 * `lower_window` / `upper_window` also read): the fields of the module's `ForecastEvent`; and
 * optionally `sku` (also `item`, `product`, ...: the sales file's SKU header names): empty or no
 * such column, the event acts on every SKU (a holiday); a SKU's name, on that SKU only (a
 * promotion). With `skus` (the sales file's SKU names) a row naming no SKU of them is dropped and
 * listed; without, SKU names are not checked.
 * Dates are read as the sales file's are (ISO, `31/12/2024` with the day/month order inferred
 * from the file, else `dateOrder`). Events sharing a name (Christmas of several years) share one
 * effect. Bad rows are dropped and listed with their line and reason; an empty file, or one
 * without a name and a date column, throws one message. Returns
 * `{events: [{name, date (YYYY-MM-DD), before, after, sku (null: every SKU), line}], issues, columns,
 * dateOrder, dayMonth, ambiguous}`.
 */
export function importEvents(text, Papa, { dateOrder, skus = null } = {}) {
  const table = readCsv(String(text ?? ''), Papa);
  if (table.rows.length === 0) throw new Error('the events file is empty: expected a header line (name,date[,before,after,sku]) and one row per event');
  let names = table.rows[0].cells;
  let normed = names.map(norm);
  let data = table.rows.slice(1);
  const find = (role) => normed.findIndex((h) => EVENT_COLUMNS[role].includes(h));
  let ni = find('name');
  let di = find('date');
  if ((ni < 0 || di < 0) && names.length >= 2 && parseDate(names[1], 'dmy') && !parseDate(names[0], 'dmy')) {
    // No header: name,date[,before,after,sku] from the first line on.
    names = ['name', 'date', 'before', 'after', 'sku'].slice(0, Math.max(2, Math.min(5, names.length)));
    normed = names;
    data = table.rows;
    [ni, di] = [0, 1];
  }
  if (ni < 0 || di < 0) {
    throw new Error(`not an events file: expected a header with a name column (${EVENT_COLUMNS.name.join(', ')}) and a date column (${EVENT_COLUMNS.date.join(', ')}), optionally before and after (days) and sku (the one SKU it acts on); its first line has ${names.slice(0, 8).map((n) => `"${n}"`).join(', ')}`);
  }
  if (data.length === 0) throw new Error('the events file has a header but no events');
  const bi = find('before');
  const ai = find('after');
  const li = bi < 0 ? find('lowerWindow') : -1;
  const ui = ai < 0 ? find('upperWindow') : -1;
  const si = find('sku');
  const known = skus ? new Set(skus) : null;
  const inferred = inferDateOrder(data.slice(0, 500).map((r) => r.cells[di] ?? ''));
  const dayMonth = data.some((r) => /^\d{1,2}[-/.]\d{1,2}[-/.]\d{4}$/.test(r.cells[di] ?? ''));
  const order = inferred.ambiguous && dateOrder ? dateOrder : inferred.order;
  const issues = { dropped: [], droppedCount: 0 };
  const events = [];
  const seen = new Map(); // name and day → [{sku, line}] of the events kept
  let days = 0;
  const width = names.length;
  // A window field: empty → 0; else a whole number of days in [0, 366] (negated for lower_window).
  const windowDays = (cells, i, sign) => {
    const raw = i >= 0 ? (cells[i] ?? '') : '';
    if (raw === '') return 0;
    const v = parseNumber(raw) * sign;
    return Number.isInteger(v) && v >= 0 && v <= EVENT_LIMITS.window ? v : { raw, column: names[i] };
  };
  for (const { line, cells } of data) {
    if (cells.length > width) { drop(issues, line, `${cells.length} fields where the header has ${width}`); continue; }
    const name = cells[ni] ?? '';
    if (name === '') { drop(issues, line, `empty ${names[ni]}`); continue; }
    if ([...name].length > EVENT_LIMITS.nameChars) { drop(issues, line, `the name is ${[...name].length} characters long (at most ${EVENT_LIMITS.nameChars})`); continue; }
    const raw = cells[di] ?? '';
    const date = parseDate(raw, order);
    if (!date) { drop(issues, line, `"${raw}" in ${names[di]} is not a date`); continue; }
    if (date.grain !== 'day') { drop(issues, line, `"${raw}" in ${names[di]} is a ${date.grain}, not a day`); continue; }
    const before = windowDays(cells, bi >= 0 ? bi : li, bi >= 0 ? 1 : -1);
    const after = windowDays(cells, ai >= 0 ? ai : ui, 1);
    const bad = [before, after].find((w) => typeof w === 'object');
    if (bad) {
      const what = bad.column === names[li] ? `a number of days in [-${EVENT_LIMITS.window}, 0]` : `a whole number of days in [0, ${EVENT_LIMITS.window}]`;
      drop(issues, line, `"${bad.raw}" in ${bad.column} is not ${what}`);
      continue;
    }
    const sku = si >= 0 && cells[si] ? cells[si] : null;
    if (sku !== null && known && !known.has(sku)) { drop(issues, line, `no SKU named "${sku}" in the sales file`); continue; }
    const day = iso(date);
    const key = `${name}\u0000${day}`;
    // The same name and day twice for one SKU (an every-SKU row overlaps every SKU's).
    const twin = (seen.get(key) ?? []).find((o) => o.sku === null || sku === null || o.sku === sku);
    if (twin) { drop(issues, line, `${name} on ${day}${sku !== null && twin.sku !== null ? ` for ${sku}` : ''} is already on line ${twin.line}`); continue; }
    if (events.length === EVENT_LIMITS.events) { drop(issues, line, `more than ${EVENT_LIMITS.events.toLocaleString('en')} events`); continue; }
    if (days + before + after + 1 > EVENT_LIMITS.days) { drop(issues, line, `more than ${EVENT_LIMITS.days.toLocaleString('en')} event days in all`); continue; }
    days += before + after + 1;
    if (!seen.has(key)) seen.set(key, []);
    seen.get(key).push({ sku, line });
    events.push({ name, date: day, before, after, sku, line });
  }
  if (events.length === 0) throw new Error(`no usable events: ${issues.droppedCount} rows dropped${issues.dropped[0] ? ` (line ${issues.dropped[0].line}: ${issues.dropped[0].reason})` : ''}`);
  const col = (i) => (i >= 0 ? names[i] : null);
  return {
    events,
    issues,
    columns: { name: names[ni], date: names[di], before: col(bi >= 0 ? bi : li), after: col(ai >= 0 ? ai : ui), sku: col(si) },
    dateOrder: order,
    dayMonth,
    ambiguous: inferred.ambiguous && dayMonth,
  };
}

/** The events that act on SKU `sku`: those for every SKU (`sku` null or absent) and its own. */
export function eventsFor(events, sku) {
  return events.filter((e) => e.sku == null || e.sku === sku);
}

/**
 * Which events can move the forecasts of `series` (importSales' series, with `name`, `times` and
 * `next`) `horizon` periods ahead, as the module places them (src/forecast/events.rs): each series
 * takes the events for every SKU and its own (`eventsFor`); a period covers the days from its
 * start to the next period's; each event name and window day is a regressor when it marks some
 * period of the series' history, and then also acts on the horizon. An event acts on a series
 * when one of its window days is such a regressor and falls in the history or the horizon.
 * Returns `{used: per-series count of events, placed, ignored: [{name, date, line, reason}]}`.
 */
export function placeEvents(events, series, frequency, horizon) {
  const DAY = 86_400;
  const spans = series.map((s) => {
    if (!s.times || !s.next) return null;
    const future = futurePeriods(s.next, frequency, horizon).map((f) => f.time);
    const last = s.times[s.times.length - 1];
    // Days [start, histEnd) are the history, [histEnd, end) the horizon (the last step as long
    // as the first one, like the module's).
    return {
      start: Math.floor(s.times[0] / DAY),
      histEnd: Math.ceil(future[0] / DAY),
      end: Math.ceil((future[future.length - 1] + (future[0] - last)) / DAY),
    };
  });
  // Every window day of every event, sorted by day, apart for every SKU's events ('' key) and
  // each SKU's own: a series looks only at the days of its span in its two lists.
  const lists = new Map();
  events.forEach((e, i) => {
    const owner = e.sku ?? '';
    if (!lists.has(owner)) lists.set(owner, []);
    const d0 = Date.parse(e.date) / (DAY * 1000);
    for (let o = -e.before; o <= e.after; o++) lists.get(owner).push({ i, key: `${e.name}\u0000${o}`, day: d0 + o });
  });
  for (const marks of lists.values()) marks.sort((a, b) => a.day - b.day);
  const from = (marks, day) => {
    let lo = 0;
    let hi = marks.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (marks[mid].day < day) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  const usedBy = events.map(() => false);
  const inSomeSpan = events.map(() => false);
  const bySpan = new Map(); // series of the same span and no events of their own place the same events
  const used = spans.map((sp, j) => {
    if (!sp) return 0;
    const own = series[j].name != null && series[j].name !== '' ? lists.get(series[j].name) : undefined;
    const id = `${sp.start},${sp.histEnd},${sp.end}`;
    if (!own && bySpan.has(id)) return bySpan.get(id);
    const ranges = [lists.get(''), own].filter(Boolean).map((marks) => [marks, from(marks, sp.start), from(marks, sp.end)]);
    // Regressor keys (name, offset) seen in this series' history, then the events they carry.
    const keys = new Set();
    for (const [marks, a, b] of ranges) for (let k = a; k < b && marks[k].day < sp.histEnd; k++) keys.add(marks[k].key);
    const acting = new Set();
    for (const [marks, a, b] of ranges) {
      for (let k = a; k < b; k++) {
        inSomeSpan[marks[k].i] = true;
        if (keys.has(marks[k].key)) acting.add(marks[k].i);
      }
    }
    for (const i of acting) usedBy[i] = true;
    if (!own) bySpan.set(id, acting.size);
    return acting.size;
  });
  const names = new Set(series.map((s) => s.name));
  const ignored = [];
  events.forEach((e, i) => {
    if (usedBy[i]) return;
    const mine = e.sku != null;
    let reason;
    if (mine && !names.has(e.sku)) reason = `no SKU named "${e.sku}" in the sales file`;
    else if (inSomeSpan[i]) reason = `only in ${mine ? `the forecast horizon of ${e.sku}` : 'a forecast horizon'}: no event of that name in ${mine ? 'its' : 'any'} history to learn its effect from`;
    else reason = mine ? `outside the dates and horizon of ${e.sku}` : "outside every series' dates and horizon";
    ignored.push({ name: e.name, date: e.date, line: e.line, reason });
  });
  return { used, placed: usedBy.filter(Boolean).length, ignored };
}
