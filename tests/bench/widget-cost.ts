import type { Page } from 'playwright-core';
import { serveDemoSite } from '../../scripts/demo-site.mjs';
import { launchBrowser } from '../helpers/browser';
import { setupWorkspace } from '../helpers/clients';
import type { TestServer } from '../helpers/server';
import { percentiles } from './lib';

async function metrics(page: Page) {
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Performance.enable');
  return async () => {
    const { metrics } = await cdp.send('Performance.getMetrics');
    const get = (name: string) => (metrics.find((m: { name: string }) => m.name === name)?.value ?? 0) * 1000;
    return { script: get('ScriptDuration'), task: get('TaskDuration') };
  };
}

/**
 * Main-thread time the widget costs a host page: Chromium's JavaScript time (CDP ScriptDuration) for the demo page
 * loaded with the real widget.js, minus the same page whose widget.js is answered empty (task time, which adds
 * style and layout, is too noisy on a shared 2-core VM to subtract). "loader" is at the load event; "idle" adds the chat bundle that the
 * loader fetches when the browser is idle.
 */
export async function widgetCost(server: TestServer, runs = 10) {
  const ws = await setupWorkspace(server);
  const site = await serveDemoSite({ serverUrl: server.url, workspace: ws.ws, playbook: ws.playbookId });
  const browser = await launchBrowser();
  const sample = async (withWidget: boolean) => {
    const context = await browser.newContext();
    const page = await context.newPage();
    if (!withWidget) await page.route('**/widget.js', (route) => route.fulfill({ status: 200, contentType: 'text/javascript', body: '' }));
    const read = await metrics(page);
    await page.goto(`${site.url}/`, { waitUntil: 'load' });
    const atLoad = await read();
    await page.waitForTimeout(2_500);
    const idle = await read();
    await context.close();
    return { atLoad, idle };
  };
  const loader: number[] = [];
  const total: number[] = [];
  for (let i = 0; i < runs; i++) {
    const base = await sample(false);
    const real = await sample(true);
    if (process.env.BENCH_DEBUG) console.log(JSON.stringify({ base, real }));
    loader.push(real.atLoad.script - base.atLoad.script);
    total.push(real.idle.script - base.idle.script);
  }
  await browser.close();
  await site.close();
  return { loader: percentiles(loader), withChatBundle: percentiles(total) };
}
