import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync } from 'node:fs';
import { DEMO_ORIGIN, post, setupWorkspace, startConversation, visitorContext } from '../helpers/clients';
import { launchFrenchAgent, message } from '../helpers/extension-fr';
import { SidePanel, type Agent } from '../helpers/extension-panel';
import { sharedServer, type TestServer } from '../helpers/server';
import type { Page } from 'playwright-core';

/** A folder tab, named as it shows: the folder, then its count ("Non assignées 1"). */
const folderTab = (page: Page, name: string) => page.getByRole('tab', { name: new RegExp(`^${name} \\d+$`) });

// The side panel in a French browser, found only through its French accessible names.
describe('the side panel in French', () => {
  let server: TestServer;
  let agent: Agent;
  let panel: SidePanel;
  let ws: string;
  let playbookId: string;

  beforeAll(async () => {
    mkdirSync('tests/e2e/screenshots', { recursive: true });
    server = await sharedServer();
  });
  afterAll(async () => {
    await agent?.context.close();
    await server?.stop();
  });

  it('names its folders, the toggle and Assign to me in French, and a chat can be claimed', async () => {
    const setup = await setupWorkspace(server);
    ({ ws, playbookId } = setup);
    const adminCredential = setup.adminCredential;
    agent = await launchFrenchAgent(server.url, ws, adminCredential);
    expect(await message(agent, 'extDescription')).toMatch(/^Chat en direct/);

    panel = await SidePanel.open(agent);
    const page = panel.page;
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(e.message));
    expect(await page.locator('html').getAttribute('lang')).toBe('fr');

    const online = page.getByRole('radiogroup', { name: 'Statut', exact: true }).getByRole('radio', { name: 'En ligne', exact: true });
    await expect.poll(() => online.isEnabled()).toBe(true);
    await online.click();
    await online.and(page.locator('[aria-checked=true]')).waitFor();
    for (const name of ['Non assignées', 'Les miennes', 'Manquées', 'Fermées']) await folderTab(page, name).waitFor();
    await page.getByRole('navigation', { name: 'Conversations' }).waitFor();

    const created = await startConversation(server, ws, playbookId);
    expect(created.status).toBe(201);
    await folderTab(page, 'Non assignées').click();
    await page.getByRole('listbox').getByRole('option').filter({ hasText: 'Vera Visitor' }).click();
    await page.getByRole('list', { name: 'Conversation' }).getByText('Talk to sales').waitFor();
    await panel.screenshot('fr-01-unassigned-chat');

    await page.getByRole('button', { name: "M'assigner", exact: true }).click();
    await page.getByText('Assignée à Ada Admin').waitFor();
    await page.getByRole('list', { name: 'Conversation' }).getByText('Ada Admin a rejoint').waitFor();
    await page.getByRole('button', { name: 'Réassigner', exact: true }).waitFor();
    // Validation messages come from the protocol in English and are shown in French.
    await page.locator('.panes').getByRole('tab', { name: 'Détails', exact: true }).click();
    await page.getByLabel('E-mail', { exact: true }).fill('pas-un-email');
    await page.getByText('Saisissez une adresse e-mail valide', { exact: true }).waitFor();
    await panel.screenshot('fr-01b-details-problem');
    expect(await page.getByText('Enter a valid email address').count()).toBe(0);
    await page.getByRole('button', { name: 'Retour aux conversations', exact: true }).click();
    const mine = folderTab(page, 'Les miennes');
    await expect.poll(() => mine.getAttribute('aria-selected')).toBe('true');
    await page.getByRole('listbox').getByRole('option').filter({ hasText: 'Vera Visitor' }).waitFor();
    await panel.screenshot('fr-02-mine');
    expect(errors).toEqual([]);
  });

  it('a long chat shows "Afficher les messages précédents", which adds the older lines without moving the view', async () => {
    const page = panel.page;
    const transcript = Array.from({ length: 60 }, (_, i) => ({ from: 'visitor' as const, text: `Ligne ${i + 1}`, at: Date.now() - 60_000 + i }));
    const created = await post(server, `/parties/workspace/${ws}/conversations`, { playbookId, transcript, answers: { name: 'Léa Longue' }, context: visitorContext }, { origin: DEMO_ORIGIN });
    expect(created.status).toBe(201);
    await folderTab(page, 'Non assignées').click();
    await page.getByRole('listbox').getByRole('option').filter({ hasText: 'Léa Longue' }).click();
    const chat = page.getByRole('list', { name: 'Conversation' });
    await chat.getByText('Ligne 60', { exact: true }).waitFor();
    // 61 entries (60 lines and the "started" event, which comes last): only the newest 40 are in the DOM.
    const lines = chat.getByText(/^Ligne \d+$/);
    expect(await lines.count()).toBe(39);
    expect(await chat.getByText('Ligne 1', { exact: true }).count()).toBe(0);
    const more = page.getByRole('button', { name: 'Afficher les messages précédents', exact: true });
    await panel.screenshot('fr-03-long-chat');

    // A line the agent is reading: inside the transcript's visible area.
    const reading = chat.getByText('Ligne 58', { exact: true });
    const before = (await reading.boundingBox())!.y;
    expect(before).toBeGreaterThan((await chat.boundingBox())!.y);
    await more.focus();
    await page.keyboard.press('Enter');
    await chat.getByText('Ligne 1', { exact: true }).waitFor({ state: 'attached' });
    expect(await lines.count()).toBe(60);
    expect(await more.count()).toBe(0);
    // Within half a pixel: scrollTop snaps to device pixels. Without the button's height put back it was 11 px off.
    expect((await reading.boundingBox())!.y).toBeCloseTo(before, 0);
    expect(await page.evaluate(() => document.activeElement?.getAttribute('aria-label'))).toBe('Conversation');
    await panel.screenshot('fr-04-long-chat-all');
  });
});
