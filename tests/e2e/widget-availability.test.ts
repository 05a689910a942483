import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser } from '../helpers/browser';
import { startWidgetEnv, type WidgetEnv } from '../helpers/widget-env';
import { serveDemoSite, type DemoSite } from '../../scripts/demo-site.mjs';

// The snippet tells whoever installs it which case a page is in (issue 17): a site that is not in the playbook's
// Allowed sites (no button, the chat bundle not even loaded) apart from one where live chat is off for now
// (nobody online: the offline form). The workspace lists the refused site for its admins (Health, Installation).
let env: WidgetEnv;
let browser: Browser;
let stranger: DemoSite;

beforeAll(async () => {
  [env, browser] = await Promise.all([startWidgetEnv('availability-ws', 'Demo Admin'), launchBrowser()]);
  // The same demo page on another port: another origin, not in the playbook's Allowed sites.
  stranger = await serveDemoSite({ serverUrl: env.server.url, workspace: env.workspaceId, playbook: env.playbookId });
});

afterAll(async () => {
  await browser?.close();
  await stranger?.close();
  await env?.stop();
});

async function open(url: string) {
  const page = await (await browser.newContext({ locale: 'en-US' })).newPage();
  const messages: { type: string; text: string }[] = [];
  const requests: string[] = [];
  page.on('console', (m) => messages.push({ type: m.type(), text: m.text() }));
  page.on('request', (r) => requests.push(r.url()));
  const said = (pred: (m: { type: string; text: string }) => boolean) =>
    new Promise<{ type: string; text: string }>((resolve) => {
      const found = messages.find(pred);
      if (found) return resolve(found);
      page.on('console', (m) => {
        const msg = { type: m.type(), text: m.text() };
        if (pred(msg)) resolve(msg);
      });
    });
  await page.goto(url);
  return { page, messages, requests, said };
}

describe('the snippet says why live chat is off', () => {
  it('on a site that is not allowed: a console warning, no button, no chat bundle; the admin sees the site', async () => {
    const { page, requests, said } = await open(`${stranger.url}/`);
    const warning = await said((m) => m.text.startsWith('Baton: site not in Allowed sites'));
    expect(warning.type).toBe('warning');
    expect(await page.locator('[data-baton]').count()).toBe(0);
    expect(requests.some((u) => u.includes('widget-chat.js'))).toBe(false);
    await page.context().close();

    env.workspace.send({ type: 'health-get', ref: 'h' });
    const health = (await env.workspace.next((f) => f.type === 'health', 'the health')).health;
    expect(health.refusedSites).toEqual([expect.objectContaining({ origin: stranger.url, playbookId: env.playbookId })]);
  });

  it('on an allowed site with nobody online: says so on the console, and the chat (offline form) still loads', async () => {
    await env.setOnline(false);
    const { page, said, messages } = await open(`${env.site.url}/`);
    const info = await said((m) => m.text.startsWith('Baton: offline form only:'));
    expect(info).toEqual({ type: 'info', text: 'Baton: offline form only: nobody-online' });
    await page.locator('[data-baton][data-mounted]').waitFor({ state: 'attached' });
    expect(messages.some((m) => m.text.includes('Allowed sites'))).toBe(false);
    await page.context().close();
  });

  it('on an allowed site with an agent online: nothing on the console', async () => {
    await env.setOnline(true);
    const { page, messages } = await open(`${env.site.url}/`);
    await page.locator('[data-baton][data-mounted]').waitFor({ state: 'attached' });
    expect(messages.filter((m) => m.text.startsWith('Baton:'))).toEqual([]);
    await page.context().close();
  });
});
