import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import { addAgent, Client, DEMO_ORIGIN, post, setupWorkspace, visitorContext, type Frame } from '../helpers/clients';
import { launchAgent, notifications, SidePanel, type Agent } from '../helpers/extension-panel';
import { saveCard } from '../helpers/routing';
import { assertNoViolations } from '../helpers/axe';
import { auditPanel } from '../helpers/panel-audit';
import { startServer, type TestServer } from '../helpers/server';

// Issue 13, the side panel's part, against a real partykit dev and two agents in Chromium: Ada (notifications
// granted at install) and Bob (the build as shipped: the optional permission not granted). The wait time is cut to
// 3 s so that a chat nobody takes becomes missed while the test watches.
const SHOTS = process.env.BATON_SHOTS ?? 'tests/e2e/screenshots';

describe('side panel: status, routing, Missed, Test notifications', () => {
  let server: TestServer;
  let setup: Awaited<ReturnType<typeof setupWorkspace>>;
  let admin: Client;
  let bobId: string;
  let ada: Agent;
  let bob: Agent;
  let adaPanel: SidePanel;
  let bobPanel: SidePanel;

  /** A visitor's chat, as the widget starts it, with the name they gave the bot. */
  const chat = async (name: string) => {
    const transcript = [{ from: 'visitor', text: `Hello, I am ${name}`, at: Date.now() }];
    const created = await post(server, `/parties/workspace/${setup.ws}/conversations`, { playbookId: setup.playbookId, transcript, answers: { name }, context: visitorContext }, { origin: DEMO_ORIGIN });
    expect(created.status, JSON.stringify(created.body)).toBe(201);
    return created.body.conversationId as string;
  };
  /** Waits until the workspace room, in a frame since `from`, has each agent in this status (the control's own tick is optimistic). */
  const roomSays = (statuses: Record<string, string>, from: number) =>
    admin.next((f: Frame) => f.type === 'agents' && Object.entries(statuses).every(([id, s]) => f.agents.some((a: Frame) => a.id === id && a.status === s)), 10_000, from);

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    server = await startServer({ vars: { BATON_WAIT_SECONDS_OVERRIDE: '3' } });
    setup = await setupWorkspace(server);
    admin = new Client(server, 'workspace', setup.ws);
    await admin.open(setup.adminToken);
    const b = await addAgent(server, setup.ws, admin, 'Bob');
    bobId = b.id;
    [ada, bob] = await Promise.all([launchAgent(server.url, setup.ws, setup.adminCredential), launchAgent(server.url, setup.ws, b.credential, resolve('.output/chrome-mv3'))]);
    [adaPanel, bobPanel] = await Promise.all([SidePanel.open(ada), SidePanel.open(bob)]);
    for (const p of [adaPanel, bobPanel]) {
      p.page.on('pageerror', (e) => console.log('PANEL ERROR', e.message));
      await p.onlineSwitch.and(p.page.locator(':enabled')).waitFor();
    }
    // The live chat card deals chats: Round robin among the Online agents.
    await saveCard(admin, setup.playbookId, { routing: 'round-robin' });
  });

  afterAll(async () => {
    admin?.close();
    await ada?.context.close();
    await bob?.context.close();
    await server?.stop();
  });

  it('an agent who sets Away is not routed to; back Online, she gets the next chat', async () => {
    let from = admin.frames.length;
    await bobPanel.goOnline();
    await adaPanel.goOnline();
    await roomSays({ [setup.admin.id]: 'online', [bobId]: 'online' }, from);
    from = admin.frames.length;
    await adaPanel.setStatus('Away');
    await roomSays({ [setup.admin.id]: 'away', [bobId]: 'online' }, from);
    await adaPanel.page.getByRole('status').filter({ hasText: 'Away: no chats are routed to you, no notifications.' }).waitFor();
    await adaPanel.page.locator('.footer').screenshot({ path: `${SHOTS}/status-away-footer.png` });

    // Two chats: with Ada eligible, Round robin would give her one of them, whatever the order of the ids.
    await chat('Vera Visitor');
    await chat('Xena Visitor');
    // Bob has both, dealt to him; Ada, Away, was passed over and sees nothing of them.
    await bobPanel.folder('Mine').click();
    await bobPanel.row('Xena Visitor').waitFor();
    await bobPanel.openChat('Mine', 'Vera Visitor');
    await bobPanel.transcript.getByText('Assigned to Bob by routing').waitFor();
    await bobPanel.back();
    await adaPanel.folder('Unassigned').click();
    expect(await adaPanel.folder('Mine').textContent()).toBe('Mine 0');
    expect(await adaPanel.list.getByRole('option').count()).toBe(0);

    from = admin.frames.length;
    await adaPanel.setStatus('Online');
    await roomSays({ [setup.admin.id]: 'online', [bobId]: 'online' }, from);
    await adaPanel.page.locator('.footer').screenshot({ path: `${SHOTS}/status-online-footer.png` });
    await chat('Walt Visitor');
    await adaPanel.openChat('Mine', 'Walt Visitor');
    await adaPanel.transcript.getByText('Assigned to Ada Admin by routing').waitFor();
    await expect.poll(async () => (await notifications(ada.worker)).some((n) => n.title === 'Conversation assigned to you' && n.message === 'Walt Visitor is now yours')).toBe(true);
    await adaPanel.back();
  });

  it('a missed chat waits in Missed, counted, until an agent takes it with Assign to me', async () => {
    await saveCard(admin, setup.playbookId, { routing: 'manual' });
    await chat('Mona Missed');
    // Nobody takes it within the (shortened) wait time: it is missed, and both agents see it in Missed.
    await expect.poll(() => adaPanel.folder('Missed').textContent(), { timeout: 30_000 }).toBe('Missed 1');
    await expect.poll(() => bobPanel.folder('Missed').textContent()).toBe('Missed 1');
    await adaPanel.folder('Missed').click();
    await adaPanel.row('Mona Missed').filter({ hasText: /Missed \d/ }).waitFor();
    await adaPanel.folder('Closed').click();
    expect(await adaPanel.row('Mona Missed').count()).toBe(0);
    await adaPanel.folder('Missed').click();
    await adaPanel.screenshot('status-missed-view');
    // axe and the focus rings over the Missed folder and a missed chat, 400 and 1200 px, light and dark.
    const narrow = adaPanel.page.viewportSize()!;
    const lines = await auditPanel(adaPanel, 'Missed folder', () => adaPanel.row('Mona Missed').waitFor());

    await adaPanel.row('Mona Missed').click();
    await adaPanel.transcript.getByText('Nobody answered in time').waitFor();
    await adaPanel.page.locator('.chat-title').getByText(/^Missed /).waitFor();
    await adaPanel.screenshot('status-missed-chat');
    lines.push(...(await auditPanel(adaPanel, 'missed chat', () => adaPanel.button('Assign to me').waitFor())));
    assertNoViolations(lines);
    await adaPanel.page.setViewportSize(narrow);
    await adaPanel.button('Assign to me').click();
    await adaPanel.page.getByText('Assigned to Ada Admin').waitFor();
    await adaPanel.composer.waitFor();
    await adaPanel.transcript.getByText('Ada Admin joined').waitFor();
    await adaPanel.back();
    // The list followed the chat to Mine.
    await expect.poll(() => adaPanel.folder('Mine').getAttribute('aria-selected')).toBe('true');
    await adaPanel.row('Mona Missed').waitFor();
    expect(await adaPanel.folder('Missed').textContent()).toBe('Missed 0');
    // Taken: it is Ada's, so it leaves Bob's Missed folder (and his view).
    await expect.poll(() => bobPanel.folder('Missed').textContent()).toBe('Missed 0');
  });

  it('Test notifications says plainly what is missing: Bob has not allowed notifications', async () => {
    await bobPanel.button('Status and alerts').click();
    await bobPanel.button('Test notifications').click();
    const report = bobPanel.page.locator('.test-report');
    await report.getByText('Desktop notifications are not allowed for Baton.').waitFor();
    await report.getByRole('button', { name: 'Allow notifications', exact: true }).waitFor();
    // A click in the panel lets it play sound (headless Chromium allows it too).
    await report.getByText('Sound played.').waitFor();
    await bobPanel.screenshot('status-test-missing');
    await bobPanel.page.locator('.footer').screenshot({ path: `${SHOTS}/status-test-missing-footer.png` });
  });

  it('Test notifications shows a real notification where it is allowed', async () => {
    await adaPanel.button('Status and alerts').click();
    await adaPanel.button('Test notifications').click();
    const report = adaPanel.page.locator('.test-report');
    await report.getByText('Desktop notification shown.').waitFor();
    await report.getByText('Sound played.').waitFor();
    expect(await report.getByRole('button', { name: 'Allow notifications' }).count()).toBe(0);
    // Shown by the panel itself: the worker lists it among the extension's notifications.
    await expect.poll(async () => (await notifications(ada.worker)).filter((n) => n.id.startsWith('baton-test:'))).toHaveLength(1);
    await adaPanel.page.locator('.footer').screenshot({ path: `${SHOTS}/status-test-ok-footer.png` });
  });
});
