// Page side of the dashboard: tabs, the worker client, and the panels. A panel is a
// <section data-module="./panels/NAME.js"> in index.html whose module exports
// `mount(root, { call, series })`; it sets data-ready on its section once it has drawn.

const worker = new Worker(new URL('./worker.js', import.meta.url), { type: 'module' });
const pending = new Map();
let nextId = 0;

worker.onmessage = ({ data: { id, ok, result, error, progress } }) => {
  const p = pending.get(id);
  if (progress) {
    p.onProgress?.(progress.done, progress.total);
    return;
  }
  pending.delete(id);
  if (ok) p.resolve(result);
  else p.reject(new Error(error));
};

/**
 * Calls a worker method; resolves with its result or rejects with the module's error message.
 * `onProgress(done, total)` receives progress reports of long tasks.
 */
export function call(method, args = {}, { onProgress } = {}) {
  const id = nextId++;
  return new Promise((resolve, reject) => {
    pending.set(id, { resolve, reject, onProgress });
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
  const panels = [...document.querySelectorAll('section[data-module]')];
  await Promise.all(panels.map(async (section) => {
    try {
      const { mount } = await import(section.dataset.module);
      await mount(section, { call, series });
      section.dataset.ready = 'true';
    } catch (err) {
      section.insertAdjacentHTML('afterbegin', '<p class="error"></p>');
      section.querySelector('.error').textContent = `panel failed: ${err.message}`;
      console.error(err);
    }
  }));
  document.body.dataset.ready = 'true';
}

main();
