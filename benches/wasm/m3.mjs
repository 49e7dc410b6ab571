// The M3 series of the shared data with their rule hold-outs, for the wasm benches.
import { readFileSync, existsSync } from 'node:fs';
import { root } from '../../tests/js/load.mjs';

/**
 * M3 jobs by dataset (`m3_yearly`, ...): `[{id, train: Float64Array, test, m, sfMase}]` with the
 * season length, training length and horizon of the `split=rule` AutoETS rows of
 * reference_forecasts.csv, and statsforecast AutoETS's MASE there.
 */
export function loadM3Jobs() {
  const dataDir = [process.env.EDGEWISE_DATA, `${root}../shared/data`]
    .filter(Boolean).map((d) => `${d}/forecast`).find((d) => existsSync(`${d}/m3_series.csv`));
  if (!dataDir) throw new Error('m3_series.csv not found: set EDGEWISE_DATA to the shared data folder');
  const byId = new Map();
  for (const line of readFileSync(`${dataDir}/m3_series.csv`, 'utf8').split('\n').slice(1)) {
    if (!line) continue;
    const [id, , y] = line.split(',');
    if (!byId.has(id)) byId.set(id, []);
    byId.get(id).push(Number(y));
  }
  const jobs = new Map();
  for (const line of readFileSync(`${dataDir}/reference_forecasts.csv`, 'utf8').split('\n').slice(1)) {
    const f = line.split(',');
    if (!f[1]?.startsWith('m3_') || !f[5].split('+').includes('rule') || f[8] !== 'AutoETS') continue;
    const y = byId.get(f[2]);
    const [m, n, h] = [Number(f[4]), Number(f[6]), Number(f[7])];
    if (!jobs.has(f[1])) jobs.set(f[1], []);
    jobs.get(f[1]).push({ id: f[2], train: new Float64Array(y.slice(0, n)), test: y.slice(n, n + h), m, sfMase: Number(f[12]) });
  }
  return jobs;
}
