// Shared set-up of the end-to-end tests: serve www/ on 127.0.0.1 and open the dashboard in Debian's
// headless Chromium through playwright-core (never a browser download).
import { chromium } from 'playwright-core';
import { serve } from '../../scripts/serve.mjs';

export const CHROMIUM_ARGS = [
  '--no-sandbox', '--disable-dev-shm-usage', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

/**
 * Serves the dashboard, opens it and waits until every panel has mounted; with `panel`, also opens
 * that tab. Records each request, and every console error, failed page script and HTTP error
 * status in `problems`.
 */
export async function openDashboard({ args = [], panel } = {}) {
  const server = await serve(0);
  const base = `http://127.0.0.1:${server.address().port}/`;
  const browser = await chromium.launch({ executablePath: '/usr/bin/chromium', args: [...CHROMIUM_ARGS, ...args] });
  const page = await browser.newPage({ viewport: { width: 1200, height: 900 } });
  const requests = [];
  const problems = [];
  page.on('request', (r) => requests.push(r.url()));
  page.on('response', (r) => r.status() >= 400 && problems.push(`HTTP ${r.status()} ${r.url()}`));
  page.on('console', (m) => m.type() === 'error' && problems.push(m.text()));
  page.on('pageerror', (e) => problems.push(String(e)));
  await page.goto(base);
  await page.waitForSelector('body[data-ready="true"]', { timeout: 60_000 });
  if (panel) {
    await page.click(`#tabs button[data-panel="${panel}"]`);
    await page.waitForSelector(`#panel-${panel}[data-ready="true"]`);
  }
  const close = async () => {
    await browser.close();
    server.close();
  };
  return { server, base, browser, page, requests, problems, close };
}
