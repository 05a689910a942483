import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync } from 'node:fs';
import { Client, addAgent, setupWorkspace, startConversation } from '../helpers/clients';
import { launchAgent, SidePanel, type Agent } from '../helpers/extension-panel';
import { sharedServer, type TestServer } from '../helpers/server';

// Issue 11, item 2, as the people involved see it: Bob answers a chat in his side panel; an admin revokes him.
// His panel loses its power at once (no reconnecting as if nothing happened), the visitor is told the chat is
// waiting again, and the chat is back in Unassigned for the rest of the team.
describe('revoking an agent who is in a chat', () => {
  let server: TestServer;
  let bob: Agent;
  let panel: SidePanel;
  let admin: Client;
  let visitor: Client;
  let bobId: string;
  let conversationId: string;

  beforeAll(async () => {
    mkdirSync('tests/e2e/screenshots', { recursive: true });
    server = await sharedServer();
    const setup = await setupWorkspace(server);
    admin = new Client(server, 'workspace', setup.ws);
    await admin.open(setup.adminToken);
    const b = await addAgent(server, setup.ws, admin, 'Bob Agent');
    bobId = b.id;
    bob = await launchAgent(server.url, setup.ws, b.credential);
    panel = await SidePanel.open(bob);
    (globalThis as Record<string, unknown>).__setup = setup;
  });

  afterAll(async () => {
    visitor?.close();
    admin?.close();
    await bob?.context.close();
    await server?.stop();
  });

  it('Bob takes the chat and answers from his panel', async () => {
    await expect.poll(() => panel.onlineSwitch.isEnabled()).toBe(true);
    await panel.goOnline();
    const setup = (globalThis as Record<string, unknown>).__setup as Awaited<ReturnType<typeof setupWorkspace>>;
    const created = await startConversation(server, setup.ws, setup.playbookId);
    expect(created.status).toBe(201);
    conversationId = created.body.conversationId;
    visitor = new Client(server, 'conversation', conversationId);
    await visitor.open(created.body.visitorToken);
    await panel.openChat('Unassigned', 'Vera Visitor');
    await panel.button('Assign to me').click();
    await panel.composer.waitFor();
    await panel.send('Hello Vera, Bob here.');
    await visitor.next((f) => f.type === 'entries' && f.entries.some((e: any) => e.text === 'Hello Vera, Bob here.'));
  });

  it('revoked: his panel says his credential was refused, the visitor is told the chat waits, it is back in Unassigned', async () => {
    const from = visitor.frames.length;
    expect((await admin.request({ type: 'agent-revoke', id: bobId })).type).toBe('ok');
    await panel.page.getByRole('heading', { name: 'Access refused' }).waitFor();
    expect(await panel.transcript.count()).toBe(0); // the chat is no longer on screen
    expect(await panel.composer.count()).toBe(0);
    const waiting = await visitor.next((f) => f.type === 'state' && f.conversation.status === 'unassigned', 10_000, from);
    expect(waiting.conversation.agentName).toBeNull();
    await visitor.next((f) => f.type === 'entries' && f.entries.some((e: any) => e.event === 'unassigned'), 10_000, from);
    const back = await admin.next((f) => f.type === 'conversation' && f.conversation.id === conversationId && f.conversation.status === 'unassigned');
    expect(back.conversation.assignee).toBeNull();
    await panel.screenshot('revoked-01-panel');
    // Nothing Bob's panel still holds reaches the visitor: his composer is gone or refused.
    const sentAfter = visitor.frames.length;
    if (await panel.composer.isVisible()) await panel.send('Still here?').catch(() => undefined);
    await visitor.roundTrip();
    expect(visitor.frames.slice(sentAfter).some((f) => f.type === 'entries' && f.entries.some((e: any) => e.text === 'Still here?'))).toBe(false);
  });
});
