// End-to-end compute panel: with Chromium's WebGPU (SwiftShader, `--enable-unsafe-webgpu`) the panel
// runs on a GPU adapter, and its GPU top-k agrees with the CPU; without WebGPU it says why it fell back.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { openDashboard } from './browser.mjs';
import { loadEdgewise } from './load.mjs';
import { randomMatrix } from '../../www/tasks/compute.js';

const edgewise = await loadEdgewise();

async function openCompute(args) {
  const dash = await openDashboard({ args });
  await dash.page.click('#tabs button[data-panel="compute"]');
  await dash.page.waitForSelector('#panel-compute[data-compared="true"]', { timeout: 120_000 });
  return dash;
}

test('on WebGPU the panel reports the adapter and GPU top-k agrees with the CPU', async () => {
  const dash = await openCompute(['--enable-unsafe-webgpu']);
  try {
    const { page } = dash;
    const backend = await page.textContent('#gpu-backend');
    assert.equal(backend, 'gpu', `expected a WebGPU adapter, fallback: ${await page.textContent('#gpu-fallback')}`);
    assert.equal(await page.textContent('#cmp-backend'), 'gpu');
    assert.ok(Number(await page.textContent('#cmp-maxdiff')) <= 1e-3, 'GPU scores within tolerance of the CPU');
    // The CPU top-k shown for user 0 equals a direct call of the module in Node on the same seeded data.
    const read = async (sel) => Number(await page.inputValue(sel));
    const shape = { users: await read('#cmp-users'), items: await read('#cmp-items'), dim: await read('#cmp-dim'), k: await read('#cmp-k') };
    const cpu = edgewise.createCpuContext();
    const want = await cpu.scoresTopK(randomMatrix(7, shape.users * shape.dim), randomMatrix(8, shape.items * shape.dim), shape.dim, shape.k);
    const shown = (await page.textContent('#cmp-top')).split(' ').map(Number);
    assert.deepEqual(shown, Array.from(want.scores.subarray(0, shape.k), (s) => Number(s.toFixed(4))));
    // SwiftShader is a software adapter: the panel says why the CPU wins, and empty adapter fields
    // are labelled rather than left blank.
    assert.match(await page.textContent('#gpu-adapter'), /deviceType\s*Cpu/);
    assert.match(await page.textContent('#cmp-software'), /software renderer/);
    assert.doesNotMatch(await page.innerHTML('#gpu-adapter'), /<td><\/td>/);
    assert.deepEqual(dash.problems, []);
  } finally {
    await dash.close();
  }
});

test('without WebGPU the panel falls back to the CPU and says why', async () => {
  const dash = await openCompute([]);
  try {
    assert.equal(await dash.page.textContent('#gpu-backend'), 'cpu');
    assert.notEqual(await dash.page.textContent('#gpu-fallback'), '–');
    assert.equal(await dash.page.textContent('#cmp-same'), '100.0%');
    assert.equal(await dash.page.$('#cmp-software'), null, 'no software-adapter note without an adapter');
    // A comparison that would run for minutes is refused before it starts, in the form's words.
    const { page } = dash;
    await page.fill('#cmp-users', '256');
    await page.fill('#cmp-items', '100000');
    await page.fill('#cmp-dim', '128');
    await page.click('#cmp-run');
    await page.waitForSelector('#cmp-error:not([hidden])');
    assert.equal(await page.textContent('#cmp-error'), 'Users: users × items × dim is at most 500,000,000 multiply-adds per run (got 3,276,800,000); use fewer users, items or dimensions');
    assert.equal(await page.textContent('#cmp-result'), '');
    await page.fill('#cmp-k', '');
    await page.fill('#cmp-users', '4');
    await page.click('#cmp-run');
    await page.waitForFunction(() => document.querySelector('#cmp-error').textContent === 'k: required');
  } finally {
    await dash.close();
  }
});
