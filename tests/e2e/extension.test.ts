import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync } from 'node:fs';
import { Client, addAgent, setupWorkspace, startConversation } from '../helpers/clients';
import { badge, launchAgent, notifications, SidePanel, type Agent } from '../helpers/extension-panel';
import { sharedServer, type TestServer } from '../helpers/server';

// One story, in order, as the issue tells it: each step relies on the previous one.
describe('the agent extension against a real partykit dev', () => {
  let server: TestServer;
  let ws: string;
  let ada: Agent;
  let bob: Agent;
  let panel: SidePanel;
  let bobPanel: SidePanel;
  let visitor: Client;
  let conversationId: string;
  let adminSocket: Client;

  beforeAll(async () => {
    mkdirSync('tests/e2e/screenshots', { recursive: true });
    server = await sharedServer();
    const setup = await setupWorkspace(server);
    ws = setup.ws;
    adminSocket = new Client(server, 'workspace', ws);
    await adminSocket.open(setup.adminToken);
    const bobAgent = await addAgent(server, ws, adminSocket, 'Bob');
    ada = await launchAgent(server.url, ws, setup.adminCredential);
    bob = await launchAgent(server.url, ws, bobAgent.credential);
    (globalThis as Record<string, unknown>).__playbookId = setup.playbookId;
  });

  afterAll(async () => {
    visitor?.close();
    adminSocket?.close();
    await ada?.context.close();
    await bob?.context.close();
    await server?.stop();
  });

  it('goes online from the bottom-left toggle', async () => {
    panel = await SidePanel.open(ada);
    panel.page.on('pageerror', (e) => console.log('PANEL ERROR', e.message));
    await expect.poll(() => panel.onlineSwitch.isEnabled()).toBe(true);
    await panel.goOnline();
    await panel.screenshot('01-online');
  });

  it('a visitor starts a chat: it lands in Unassigned, with a notification and the badge', async () => {
    const created = await startConversation(server, ws, (globalThis as Record<string, unknown>).__playbookId as string);
    expect(created.status).toBe(201);
    conversationId = created.body.conversationId;
    visitor = new Client(server, 'conversation', conversationId);
    const welcome = await visitor.open(created.body.visitorToken);
    expect(welcome.type).toBe('welcome');
    await panel.folder('Unassigned').click();
    await panel.row('Vera Visitor').waitFor();
    const [shown] = await expect.poll(() => notifications(ada.worker)).toHaveLength(1).then(() => notifications(ada.worker));
    expect(shown).toMatchObject({ title: 'New conversation', message: 'Vera Visitor is waiting in Unassigned' });
    expect(shown!.id).toContain(conversationId);
    await expect.poll(() => badge(ada.worker)).toBe('1');
    await panel.screenshot('02-unassigned');
  });

  it('Assign to me moves it to Mine; messages go both ways with typing and seen', async () => {
    await panel.row('Vera Visitor').click();
    await panel.transcript.getByText('Talk to sales').waitFor();
    await panel.button('Assign to me').click();
    await panel.page.getByText('Assigned to Ada Admin').waitFor();
    await panel.back();
    await expect.poll(() => panel.folder('Mine').getAttribute('aria-selected')).toBe('true');
    expect(await panel.folder('Unassigned').locator('.count').textContent()).toBe('0');
    await panel.row('Vera Visitor').click();
    await visitor.next((f) => f.type === 'entries' && f.entries.some((e: { event?: string }) => e.event === 'joined'));
    // The reopened chat has its welcome (typing is never stored, so the agent must be there first).
    await panel.transcript.getByText('Ada Admin joined').waitFor();

    visitor.send({ type: 'typing', typing: true });
    await panel.page.getByText('Vera Visitor is typing…').waitFor();
    visitor.send({ type: 'send', id: 'visitor-msg-0001', text: 'Do you ship to Lyon?' });
    await panel.transcript.getByText('Do you ship to Lyon?').waitFor();
    // Labelled with the name the visitor gave the bot, not "Visitor" (issue 12).
    expect(await panel.transcript.locator('.msg.visitor', { hasText: 'Do you ship to Lyon?' }).locator('.who').textContent()).toBe('Vera Visitor');

    await panel.composer.pressSequentially('Yes, ');
    await visitor.next((f) => f.type === 'typing' && f.typing === true);
    await panel.composer.press('Shift+Enter');
    await panel.composer.pressSequentially('in two days.');
    await panel.composer.press('Enter');
    const reply = await visitor.next((f) => f.type === 'entries' && f.entries.some((e: { from?: string }) => e.from === 'agent'));
    expect(reply.entries.find((e: { from?: string }) => e.from === 'agent').text).toBe('Yes, \nin two days.');
    await expect.poll(() => panel.composer.inputValue()).toBe('');
    // The agent saw the visitor's message (the panel has focus), and the visitor sees the reply.
    await visitor.next((f) => f.type === 'seen' && f.side === 'agent');
    visitor.send({ type: 'seen', seq: reply.entries.at(-1).seq });
    await panel.transcript.getByText('Seen').waitFor();
    await panel.screenshot('03-chat');
  });

  it('details are validated inline, saved as typed, and still there after reopening the panel', async () => {
    await panel.pane('Details').click();
    await panel.field('Email').fill('not-an-email');
    await panel.page.getByText('Enter a valid email address').waitFor();
    await panel.field('Email').fill('vera@example.com');
    await panel.field('Name').fill('Vera Martin');
    await panel.field('Amount').fill('1200');
    await panel.field('Organization name').fill('Lyon Bikes');
    await panel.field('Notes').fill('Needs delivery in May');
    await panel.page.getByRole('status').filter({ hasText: 'Saved' }).waitFor();
    await panel.screenshot('04-details');

    await panel.page.close();
    panel = await SidePanel.open(ada);
    await panel.openChat('Mine', 'Vera Visitor');
    await panel.pane('Details').click();
    await expect.poll(() => panel.field('Notes').inputValue()).toBe('Needs delivery in May');
    expect(await panel.field('Email').inputValue()).toBe('vera@example.com');
    expect(await panel.field('Amount').inputValue()).toBe('1200');
    expect(await panel.field('Organization name').inputValue()).toBe('Lyon Bikes');
  });

  it('Create lead and More actions → Create deal keep the chat open and show in the timeline', async () => {
    await panel.button('Create lead').click();
    await panel.details.getByText(/^Lead created/).waitFor();
    await panel.button('More actions').click();
    await panel.page.getByRole('menuitem', { name: 'Create deal', exact: true }).click();
    await panel.details.getByText(/^Deal created/).waitFor();
    await panel.pane('Chat').click();
    await panel.transcript.getByText(/^Lead created: /).waitFor();
    await panel.transcript.getByText(/^Deal created: /).waitFor();
    // Each record is named once, its title being the link to it (issue 12).
    for (const word of ['Lead', 'Deal']) {
      const event = panel.transcript.locator('.event', { hasText: `${word} created: ` });
      const links = await event.getByRole('link').allTextContents();
      expect(links).toHaveLength(1);
      const said = (await event.textContent())!.replace((await event.locator('time').textContent())!, '').trim();
      expect(said).toBe(`${word} created: ${links[0]}`);
    }
    expect(await panel.composer.isEditable()).toBe(true);
    await panel.screenshot('05-records');
  });

  it('Reassign to Bob: Bob sees it, Ada no longer does', async () => {
    bobPanel = await SidePanel.open(bob);
    await expect.poll(() => bobPanel.onlineSwitch.isEnabled()).toBe(true);
    await bobPanel.goOnline();
    await panel.button('Reassign').click();
    await panel.page.getByRole('menuitem', { name: 'Bob', exact: true }).click();
    await panel.transcript.waitFor({ state: 'detached' });
    // Not a blank panel: the list, saying where the chat went, with the focus on that line (issue 12).
    const notice = panel.page.getByRole('status').filter({ hasText: 'Chat with Vera Visitor reassigned to Bob.' });
    await notice.waitFor();
    expect(await panel.list.isVisible()).toBe(true);
    await expect.poll(() => panel.page.evaluate(() => document.activeElement?.textContent)).toContain('reassigned to Bob');
    await panel.screenshot('06-reassigned');
    await expect.poll(() => panel.folder('Mine').getAttribute('aria-selected')).toBe('true');
    await expect.poll(() => panel.row('Vera Visitor').count()).toBe(0);
    await panel.folder('Unassigned').click();
    expect(await panel.row('Vera Visitor').count()).toBe(0);
    await bobPanel.openChat('Mine', 'Vera Visitor');
    await bobPanel.transcript.getByText('Do you ship to Lyon?').waitFor();
    await expect.poll(async () => (await notifications(bob.worker)).some((n) => n.title === 'Conversation assigned to you')).toBe(true);
    await bobPanel.screenshot('06-bob');
  });

  it('Close conversation asks first; the chat sits in Closed with its time and refuses messages', async () => {
    await bobPanel.button('Close conversation').click();
    await bobPanel.page.getByRole('alertdialog').waitFor();
    await bobPanel.button('Close it').click();
    await bobPanel.page.getByText('This conversation is closed. Its details can still be edited.').waitFor();
    expect(await bobPanel.composer.count()).toBe(0);
    await bobPanel.back();
    await bobPanel.folder('Closed').click();
    await bobPanel.row('Vera Visitor').filter({ hasText: /^Vera Visitor.*Closed /s }).waitFor();
    visitor.send({ type: 'send', id: 'visitor-msg-0002', text: 'One more thing' });
    const refused = await visitor.next((f) => f.type === 'error' && f.ref === 'visitor-msg-0002');
    expect(refused.code).toBe('conversation-closed');
    // Details still editable after closing.
    await bobPanel.row('Vera Visitor').click();
    await bobPanel.pane('Details').click();
    await bobPanel.field('Phone').fill('+33 4 72 00 00 00');
    await bobPanel.page.getByRole('status').filter({ hasText: 'Saved' }).waitFor();
    await bobPanel.screenshot('07-closed');
    await panel.folder('Closed').click();
    await panel.row('Vera Visitor').waitFor();
    await panel.screenshot('08-ada-closed');
  });

  it('a wide, dark panel shows list, chat and details side by side', async () => {
    await panel.page.emulateMedia({ colorScheme: 'dark' });
    await panel.page.setViewportSize({ width: 1100, height: 760 });
    await panel.row('Vera Visitor').click();
    await panel.transcript.getByText('Do you ship to Lyon?').waitFor();
    // No pane switch when wide: the details and the transcript are both visible.
    expect(await panel.details.isVisible()).toBe(true);
    expect(await panel.folder('Closed').isVisible()).toBe(true);
    const background = await panel.page.evaluate(() => getComputedStyle(document.body).backgroundColor);
    expect(background).toBe('rgb(22, 24, 29)');
    await panel.screenshot('09-wide-dark');
  });
});
