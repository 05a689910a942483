import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync } from 'node:fs';
import { Client, setupWorkspace, startConversation, type Frame } from '../helpers/clients';
import { launchAgent, SidePanel, type Agent } from '../helpers/extension-panel';
import { OptionsPage } from '../helpers/options-page';
import { sharedServer, type TestServer } from '../helpers/server';

const SHOTS = process.env.BATON_SHOTS_DIR ?? 'tests/e2e/screenshots';
const PRICE = 'Our plans start at 49 €/month, billed yearly. Want a quote?';

// One story: the admin saves /price in the options page, then uses it in a claimed chat from the side panel.
describe('saved replies against a real partykit dev', () => {
  let server: TestServer;
  let ws: string;
  let playbookId: string;
  let ada: Agent;
  let panel: SidePanel;
  let visitor: Client;

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    server = await sharedServer();
    const setup = await setupWorkspace(server);
    ({ ws, playbookId } = setup);
    ada = await launchAgent(server.url, ws, setup.adminCredential);
  });

  afterAll(async () => {
    visitor?.close();
    await ada?.context.close();
    await server?.stop();
  });

  it('the admin adds /price in the options page', async () => {
    const options = await OptionsPage.open(ada.context, ada.extensionId);
    const section = options.page.locator('section#replies');
    await section.getByText('No saved replies yet.').waitFor();
    await section.getByRole('button', { name: 'Add reply', exact: true }).click();
    // The protocol's rule shows next to the field, and nothing is saved.
    await section.getByLabel('Shortcut', { exact: true }).fill('price list');
    await section.getByLabel('Text', { exact: true }).fill(PRICE);
    await section.getByRole('button', { name: 'Save reply', exact: true }).click();
    await section.getByText('Use 1-32 lower-case letters, digits, - or _').waitFor();
    expect(await section.getByLabel('Shortcut', { exact: true }).getAttribute('aria-invalid')).toBe('true');
    await section.getByLabel('Shortcut', { exact: true }).fill('Price');
    await section.getByRole('button', { name: 'Save reply', exact: true }).click();
    await section.getByRole('status').getByText('/price added.').waitFor();
    await section.locator('[data-reply="price"]').getByText(PRICE).waitFor();
    await section.screenshot({ path: `${SHOTS}/saved-replies-options.png` });
    await options.page.close();
  });

  it('in a claimed chat, /pri + Enter puts the text in the box; Enter sends it once', async () => {
    panel = await SidePanel.open(ada);
    await expect.poll(() => panel.onlineSwitch.isEnabled()).toBe(true);
    await panel.goOnline();
    const created = await startConversation(server, ws, playbookId);
    expect(created.status).toBe(201);
    visitor = new Client(server, 'conversation', created.body.conversationId);
    await visitor.open(created.body.visitorToken);
    await panel.folder('Unassigned').click();
    await panel.row('Vera Visitor').click();
    await panel.button('Assign to me').click();
    await panel.page.getByText('Assigned to Ada Admin').waitFor();

    const box = panel.composer;
    await box.click();
    await box.pressSequentially('/pri');
    const list = panel.page.getByRole('listbox', { name: 'Saved replies', exact: true });
    await list.getByRole('option', { name: /\/price/ }).waitFor();
    expect(await box.getAttribute('aria-controls')).toBe(await list.getAttribute('id'));
    const active = await box.getAttribute('aria-activedescendant');
    expect(await list.getByRole('option', { selected: true }).getAttribute('id')).toBe(active);
    await panel.page.screenshot({ path: `${SHOTS}/saved-replies-list.png` });

    const mark = visitor.frames.length;
    await box.press('Enter');
    await expect.poll(() => box.inputValue()).toBe(PRICE);
    expect(await box.getAttribute('aria-controls')).toBeNull();
    await list.waitFor({ state: 'detached' });
    // Choosing did not send anything.
    await new Promise((r) => setTimeout(r, 500));
    const agentTexts = (from: number) =>
      visitor.frames
        .slice(from)
        .filter((f: Frame) => f.type === 'entries')
        .flatMap((f: Frame) => f.entries)
        .filter((e: { from?: string }) => e.from === 'agent')
        .map((e: { text: string }) => e.text);
    expect(agentTexts(mark)).toEqual([]);

    await box.press('Enter');
    await visitor.next((f) => f.type === 'entries' && f.entries.some((e: { from?: string }) => e.from === 'agent'), 10_000, mark);
    await expect.poll(() => box.inputValue()).toBe('');
    await new Promise((r) => setTimeout(r, 500));
    expect(agentTexts(mark)).toEqual([PRICE]);

    // The Saved replies button opens the same list.
    await panel.button('Saved replies').click();
    await list.getByRole('option', { name: /\/price/ }).waitFor();
    await box.press('Escape');
    await list.waitFor({ state: 'detached' });
    await panel.transcript.getByText(PRICE).waitFor(); // Escape closed the list, not the chat
  });
});
