import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync } from 'node:fs';
import { Client, DEMO_ORIGIN, post, setupWorkspace, visitorContext } from '../helpers/clients';
import { launchAgent, SidePanel, type Agent } from '../helpers/extension-panel';
import { startServer, type TestServer } from '../helpers/server';

// The inbox search, driven as an agent would, against a real partykit dev. Screenshots go to BATON_SHOTS.
const SHOTS = process.env.BATON_SHOTS ?? 'tests/e2e/screenshots';

describe('side panel: search in the inbox', () => {
  let server: TestServer;
  let ada: Agent;
  let panel: SidePanel;
  const visitors: Client[] = [];
  let setup: Awaited<ReturnType<typeof setupWorkspace>>;

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    server = await startServer();
    const loaded = await setupWorkspace(server);
    ada = await launchAgent(server.url, loaded.ws, loaded.adminCredential);
    panel = await SidePanel.open(ada);
    panel.page.on('pageerror', (e) => console.log('PANEL ERROR', e.message));
    setup = loaded;
  });

  afterAll(async () => {
    for (const v of visitors) v.close();
    await ada?.context.close();
    await server?.stop();
  });

  it('typing part of a name, other accents and case, leaves that row; Escape brings all back', async () => {
    // A chat starts only while an agent is online.
    await expect.poll(() => panel.onlineSwitch.isEnabled()).toBe(true);
    await panel.goOnline();
    for (const [name, text] of [
      ['Élodie Dupré', 'Bonjour, un devis ?'],
      ['Zoë Martin', 'Do you ship to Lyon?'],
      ['Bob Buyer', 'Talk to sales'],
    ] as const) {
      const created = await post(
        server,
        `/parties/workspace/${setup.ws}/conversations`,
        { playbookId: setup.playbookId, transcript: [{ from: 'visitor', text, at: Date.now() }], answers: { name }, context: visitorContext },
        { origin: DEMO_ORIGIN },
      );
      expect(created.status).toBe(201);
      const visitor = new Client(server, 'conversation', created.body.conversationId);
      await visitor.open(created.body.visitorToken);
      visitors.push(visitor);
    }
    await panel.folder('Unassigned').click();
    const rows = panel.list.getByRole('option');
    await expect.poll(() => rows.count()).toBe(3);
    const search = panel.page.getByRole('searchbox', { name: 'Search conversations', exact: true });

    // `/` from the list goes to the field.
    await panel.list.focus();
    await panel.page.keyboard.press('/');
    await expect.poll(() => search.evaluate((el) => el === document.activeElement)).toBe(true);

    await search.pressSequentially('eLODIÉ');
    await expect.poll(() => rows.allTextContents()).toEqual([expect.stringContaining('Élodie Dupré')]);
    expect(await panel.page.getByRole('status').filter({ hasText: 'match' }).textContent()).toBe('1 match');
    expect(await panel.folder('Unassigned').locator('.count').textContent()).toBe('3');
    await panel.page.screenshot({ path: `${SHOTS}/search-01-match.png` });

    await search.press('Escape');
    expect(await search.inputValue()).toBe('');
    await expect.poll(() => rows.count()).toBe(3);

    await search.fill('nobody here');
    await panel.page.getByText('No conversation matches “nobody here”').waitFor();
    await panel.page.screenshot({ path: `${SHOTS}/search-02-none.png` });
    await search.press('Escape');
    await expect.poll(() => rows.count()).toBe(3);
  });
});
