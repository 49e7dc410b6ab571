// Page side of the dashboard: tabs, the worker client, and the panels. A panel is a
// <section data-module="./panels/NAME.js"> in index.html whose module exports
// `mount(root, { call, callSharded, workerCount, series })`; it sets data-ready on its section
// once it has drawn. Sharded calls run on their own pool of workers, so cancelling one (which
// terminates those workers) never touches the worker that holds the panels' state.

/** Most workers a sharded call uses (each holds its own wasm instance, ~20–40 MB). */
const MAX_WORKERS = 8;

/** One Web Worker running worker.js, with its pending calls. */
class Client {
  constructor() {
    this.worker = new Worker(new URL('./worker.js', import.meta.url), { type: 'module' });
    this.pending = new Map();
    this.nextId = 0;
    this.worker.onmessage = ({ data: { id, ok, result, error, progress, ms } }) => {
      const p = this.pending.get(id);
      if (progress) {
        p.onProgress?.(progress.done, progress.total);
        return;
      }
      this.pending.delete(id);
      if (ok) p.resolve(p.timing ? { result, ms } : result);
      else p.reject(new Error(error));
    };
  }

  call(method, args, onProgress, timing = false) {
    const id = this.nextId++;
    return new Promise((resolve, reject) => {
      this.pending.set(id, { resolve, reject, onProgress, timing });
      this.worker.postMessage({ id, method, args });
    });
  }

  /** Stops the worker at once (whatever it is computing); its pending calls reject as cancelled. */
  terminate() {
    this.worker.terminate();
    for (const p of this.pending.values()) p.reject(Object.assign(new Error('cancelled'), { cancelled: true }));
    this.pending.clear();
  }
}

// One worker serves every panel; sharded calls get a pool of their own, started on first use.
const panelWorker = new Client();
let pool = [];

/**
 * Calls a worker method; resolves with its result or rejects with the module's error message.
 * `onProgress(done, total)` receives progress reports of long tasks. With `timing`, resolves with
 * `{ result, ms }`: `ms` is the time the method itself ran in the worker (not the queue before it).
 */
export function call(method, args = {}, { onProgress, timing = false } = {}) {
  return panelWorker.call(method, args, onProgress, timing);
}

/** How many workers `callSharded` spreads work over: one per core, at most MAX_WORKERS. */
export function workerCount() {
  return Math.max(1, Math.min(navigator.hardwareConcurrency || 1, MAX_WORKERS));
}

/**
 * Runs `method` once per entry of `shards` (argument objects), in parallel on up to
 * `workerCount()` workers, each with its own wasm instance; resolves with the results in shard
 * order. `onProgress(done, total)` sums the shards' progress reports (`total` only over the shards
 * heard from so far: a caller that knows the whole total should count against it). With `timing`,
 * each result is `{ result, ms }` (the shard's own run time in its worker). Aborting `signal`
 * terminates the workers doing the work and rejects with a `cancelled` Error.
 */
export function callSharded(method, shards, { onProgress, signal, timing = false } = {}) {
  if (signal?.aborted) return Promise.reject(Object.assign(new Error('cancelled'), { cancelled: true }));
  while (pool.length < Math.min(shards.length, workerCount())) pool.push(new Client());
  const used = pool.slice(0, Math.min(shards.length, pool.length));
  const done = shards.map(() => 0);
  const total = shards.map(() => 0);
  const sum = (xs) => xs.reduce((a, b) => a + b, 0);
  const all = Promise.all(shards.map((args, i) => used[i % used.length].call(method, args, (d, t) => {
    done[i] = d;
    total[i] = t;
    onProgress?.(sum(done), sum(total));
  }, timing)));
  // Cancel: terminate the workers doing this work (the only way to stop a running wasm call);
  // the next sharded call starts fresh ones.
  const abort = () => {
    for (const c of used) c.terminate();
    pool = pool.filter((c) => !used.includes(c));
  };
  signal?.addEventListener('abort', abort, { once: true });
  return all.finally(() => signal?.removeEventListener('abort', abort));
}

/** Buttons with data-png="ID" download the chart drawn in element ID as a PNG image. */
function setupPngButtons() {
  document.addEventListener('click', async (ev) => {
    const button = ev.target.closest('button[data-png]');
    const chart = button && document.getElementById(button.dataset.png)?.uplot;
    if (!chart?.root.isConnected) return; // none drawn, or destroyed after a failed run
    const { downloadChart } = await import('./export.js');
    downloadChart(`${button.dataset.png.replace(/-chart$/, '')}.png`, chart);
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
  setupPngButtons();
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
      await mount(section, { call, callSharded, workerCount, series });
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
