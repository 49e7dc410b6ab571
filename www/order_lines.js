// Reading order lines (customer, item, optional quantity) for the Embeddings panel; Papa Parse
// is passed in, so the worker (vendored copy) and the Node tests (npm package) share this code.
import { readCsv, parseNumber, ORDER_COLUMNS } from './ingest.js';

/** Accepted header names (compared without case, spaces or punctuation). */
export const LINE_COLUMNS = {
  customer: ORDER_COLUMNS.customer,
  item: ['item', 'itemid', 'sku', 'skuid', 'product', 'productid', 'productcode', 'article', 'articleid', 'stockcode', 'itemcode'],
  quantity: ['quantity', 'qty', 'units', 'count', 'pieces'],
};
const norm = (s) => s.toLowerCase().replace(/[^a-z0-9]/g, '');

/**
 * Reads order lines: a customer column and an item column (required), a quantity column
 * (optional: each line weighs 1 without it). Ids stay strings. Rows with an empty id or a
 * quantity that is not a number > 0 are dropped and reported.
 */
export function importOrderLines(text, Papa) {
  const table = readCsv(text, Papa);
  if (table.rows.length < 2) throw new Error('the order lines need a header line and at least one line');
  const names = table.rows[0].cells;
  const normed = names.map(norm);
  const find = (role) => normed.findIndex((h) => LINE_COLUMNS[role].includes(h));
  const ci = find('customer');
  const ii = find('item');
  if (ci < 0 || ii < 0) {
    throw new Error(`the order lines need a customer column and an item column; the header has ${names.map((n) => `"${n}"`).join(', ')} (accepted: ${LINE_COLUMNS.customer.slice(0, 4).join(', ')}, …; ${LINE_COLUMNS.item.slice(0, 5).join(', ')}, …)`);
  }
  const qi = find('quantity');
  const customers = [];
  const items = [];
  const quantities = [];
  const dropped = [];
  let droppedCount = 0;
  const drop = (line, reason) => { droppedCount++; if (dropped.length < 50) dropped.push({ line, reason }); };
  for (const { line, cells } of table.rows.slice(1)) {
    const c = cells[ci] ?? '';
    const it = cells[ii] ?? '';
    if (c === '' || it === '') { drop(line, `empty ${c === '' ? names[ci] : names[ii]}`); continue; }
    const q = qi >= 0 ? parseNumber(cells[qi] ?? '') : 1;
    if (!(q > 0) || !(q <= 1e6)) { drop(line, `"${cells[qi] ?? ''}" in ${names[qi]} is not a quantity in (0, 1e6]`); continue; }
    customers.push(c);
    items.push(it);
    quantities.push(q);
  }
  if (customers.length === 0) throw new Error(`no usable order lines: ${droppedCount} rows dropped`);
  return {
    customers, items, quantities: Float64Array.from(quantities),
    columns: { customer: names[ci], item: names[ii], quantity: qi >= 0 ? names[qi] : null },
    issues: { dropped, droppedCount },
  };
}
