// Test files built from the shared real data (M3 monthly series and the classic series), written
// as an analyst would upload them: long (`sku,month,units`) and wide (`month,sku_a,…`) CSV with
// dates. Shared data: $EDGEWISE_DATA, else <repo>/../shared/data, else /work/shared/data.
import { existsSync, readFileSync } from 'node:fs';
import { root } from './load.mjs';

export const dataDir = [process.env.EDGEWISE_DATA, `${root}../shared/data`, '/work/shared/data'].find((d) => d && existsSync(`${d}/forecast/m3_series.csv`));
if (!dataDir) throw new Error('shared data not found: set EDGEWISE_DATA or place it at <repo>/../shared/data');

/** The first `count` M3 monthly series with at least `minLength` points, cut to `length` points. */
export function m3Monthly(count, length = 48, minLength = 48) {
  const meta = readFileSync(`${dataDir}/forecast/m3_meta.csv`, 'utf8').trim().split('\n').slice(1).map((l) => l.split(','));
  const ids = meta.filter((m) => m[1] === 'MONTHLY' && Number(m[6]) >= minLength).slice(0, count).map((m) => m[0]);
  const want = new Set(ids);
  const values = new Map(ids.map((id) => [id, []]));
  for (const line of readFileSync(`${dataDir}/forecast/m3_series.csv`, 'utf8').split('\n').slice(1)) {
    const [id, , y] = line.split(',');
    if (want.has(id) && values.get(id).length < length) values.get(id).push(Number(y));
  }
  return ids.map((id) => ({ name: id, values: values.get(id) }));
}

/** One classic series by dataset name (e.g. "airline"), optionally its first `length` points. */
export function classic(name, length = Infinity) {
  const out = [];
  for (const line of readFileSync(`${dataDir}/forecast/classic_series.csv`, 'utf8').split('\n').slice(1)) {
    const cells = line.split(',');
    if (cells[0] === name && out.length < length) out.push(Number(cells[4]));
  }
  return out;
}

/** `YYYY-MM` of month `i` after `start` (`[year, month]`). */
export const month = (i, [y, m] = [2015, 1]) => {
  const k = y * 12 + m - 1 + i;
  return `${Math.floor(k / 12)}-${String((k % 12) + 1).padStart(2, '0')}`;
};

/** Long CSV: `sku,month,units`, one row per SKU and month. */
export function longCsv(series, { header = 'sku,month,units', start } = {}) {
  const rows = series.flatMap((s) => s.values.map((v, i) => `${s.name},${month(i, start)},${v}`));
  return `${header}\n${rows.join('\n')}\n`;
}

/** Wide CSV: `month,A,B,…`, one row per month (all series the same length). */
export function wideCsv(series, { start } = {}) {
  const n = Math.max(...series.map((s) => s.values.length));
  const rows = Array.from({ length: n }, (_, i) => [month(i, start), ...series.map((s) => s.values[i] ?? '')].join(','));
  return `month,${series.map((s) => s.name).join(',')}\n${rows.join('\n')}\n`;
}

/**
 * Daily sales with a promotion (a made-up series, for the events tests): a weekly pattern, noise
 * from a fixed seed, and +60 units on each promotion day and the day after. `n` days from
 * 2023-01-02; promotions every 35 days from day 3, `promos` of them (the later ones may fall
 * after the history). Returns `{start, values, promoDays (ms), iso}` with `iso(ms)` → YYYY-MM-DD.
 */
export function promoDaily(n = 560, promos = 17, seed = 7) {
  const day = 86_400_000;
  const start = Date.UTC(2023, 0, 2);
  const iso = (t) => new Date(t).toISOString().slice(0, 10);
  const promoDays = Array.from({ length: promos }, (_, k) => start + (3 + 35 * k) * day);
  const promo = new Set(promoDays.flatMap((t) => [t, t + day]));
  let s = seed;
  const noise = () => ((s = (s * 48271) % 2147483647) / 2147483647 - 0.5) * 6;
  const values = Array.from({ length: n }, (_, i) => 50 + 8 * [0, 1, 2, 3, 4, 6, -2][i % 7] + noise() + (promo.has(start + i * day) ? 60 : 0));
  return { start, values, promoDays, iso, day };
}
