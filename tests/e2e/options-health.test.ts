import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { BrowserContext } from 'playwright-core';
import { launchWithExtension } from '../helpers/browser';
import { sharedServer, type TestServer } from '../helpers/server';
import { setupWorkspace } from '../helpers/clients';
import { OptionsPage } from '../helpers/options-page';

// The options page's Health block (issue 17), and a site that loaded the snippet without being allowed: the
// admin sees it in Health and on the playbook's Installation card, and allows it from there.
const EXT = resolve('.output/chrome-mv3');
const REFUSED = 'https://www.shop-typo.example';
let server: TestServer;
let context: BrowserContext;
let options: OptionsPage;
let ws: string;
let adminCredential: string;
let playbookId: string;

beforeAll(async () => {
  if (!existsSync(`${EXT}/manifest.json`)) throw new Error('Build the extension first: npx wxt build (npm test does it)');
  server = await sharedServer();
  ({ ws, adminCredential, playbookId } = await setupWorkspace(server, ['https://shop.example']));
  // A page on a site the playbook does not allow asks for its widget.
  const res = await fetch(`${server.url}/parties/workspace/${ws}/widget/${playbookId}`, { headers: { origin: REFUSED } });
  expect(((await res.json()) as { reason: string }).reason).toBe('origin-not-allowed');
  const launched = await launchWithExtension(EXT);
  context = launched.context;
  options = await OptionsPage.open(context, launched.extensionId);
});

afterAll(async () => {
  await context?.close();
});

describe('options page: Health', () => {
  it('shows the workspace’s health and the refused site, which the admin allows from Installation', async () => {
    await options.connect(server.url, ws, adminCredential);
    const health = options.section('health');
    await health.locator('[data-health="attention"]').waitFor();
    expect(await health.textContent()).toContain('1 site(s) loaded the widget without being allowed.');
    expect(await health.locator('.refused-sites').textContent()).toContain(REFUSED);
    expect(await health.textContent()).toContain('0 open, 0 waiting for an agent');
    await options.screenshot(health, 'health-attention');

    const card = options.installCard('Demo playbook');
    const notice = card.locator(`[data-refused-site="${REFUSED}"]`);
    expect(await notice.textContent()).toContain('is not an allowed site');
    await options.screenshot(card, 'install-refused-site');
    await notice.getByRole('button', { name: `Allow ${REFUSED}` }).click();
    await card.getByRole('status').getByText('Saved.').waitFor();
    expect(await card.getByLabel('Allowed sites').inputValue()).toBe(`https://shop.example\n${REFUSED}`);
    await notice.waitFor({ state: 'detached' });
    await health.locator('[data-health="ok"]').waitFor();
    expect(await health.textContent()).toContain('All is well.');
    await options.screenshot(health, 'health-ok');
    // And the server now serves that site.
    const res = await fetch(`${server.url}/parties/workspace/${ws}/widget/${playbookId}`, { headers: { origin: REFUSED } });
    expect(((await res.json()) as { reason?: string }).reason).not.toBe('origin-not-allowed');
  });
});
