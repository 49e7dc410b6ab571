// Page side of the dashboard: tabs, the worker client, and the panels.
import { mountForecast } from './panels/forecast.js';

const worker = new Worker(new URL('./worker.js', import.meta.url), { type: 'module' });
const pending = new Map();
let nextId = 0;

worker.onmessage = ({ data: { id, ok, result, error } }) => {
  const p = pending.get(id);
  pending.delete(id);
  if (ok) p.resolve(result);
  else p.reject(new Error(error));
};

/** Calls a worker method; resolves with its result or rejects with the module's error message. */
export function call(method, args = {}) {
  const id = nextId++;
  return new Promise((resolve, reject) => {
    pending.set(id, { resolve, reject });
    worker.postMessage({ id, method, args });
  });
}

function setupTabs() {
  const tabs = document.querySelectorAll('#tabs button');
  for (const tab of tabs) {
    tab.addEventListener('click', () => {
      for (const t of tabs) {
        const selected = t === tab;
        t.setAttribute('aria-selected', String(selected));
        document.getElementById(`panel-${t.dataset.panel}`).hidden = !selected;
      }
    });
  }
}

async function main() {
  setupTabs();
  const status = document.getElementById('module-status');
  try {
    const info = await call('info');
    document.getElementById('version').textContent = info.version;
    document.getElementById('simd').textContent = info.simd ? 'on' : 'off';
    status.textContent = 'ready (in a Web Worker)';
  } catch (err) {
    status.textContent = `failed to load: ${err.message}`;
    return;
  }
  const series = (await (await fetch('./data/series.json')).json()).series;
  await mountForecast(document.getElementById('panel-forecast'), { call, series });
  document.body.dataset.ready = 'true';
}

main();
