import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Client, setupWorkspace, startConversation, type Frame } from '../helpers/clients';
import { launchAgent, SidePanel, type Agent } from '../helpers/extension-panel';
import { freePort, startServer, type TestServer } from '../helpers/server';

type Msg = { kind: string; from?: string; text?: string; id?: string };

// The agent's outbox survives a dead server and a closed panel: the message reaches the visitor once.
describe('the side panel outbox against a real partykit dev', () => {
  const persistDir = mkdtempSync(join(tmpdir(), 'baton-pk-outbox-'));
  let port: number;
  let server: TestServer;
  let ada: Agent;
  let conversationId: string;
  let visitorToken: string;
  let visitor: Client;

  beforeAll(async () => {
    port = await freePort();
    // Our own storage folder: stop() keeps it, so the server comes back with every room as it was.
    server = await startServer({ persistDir, port });
    const setup = await setupWorkspace(server);
    ada = await launchAgent(server.url, setup.ws, setup.adminCredential);
    (globalThis as Record<string, unknown>).__outboxSetup = setup;
  });

  afterAll(async () => {
    visitor?.close();
    await ada?.context.close();
    await server?.stop();
    rmSync(persistDir, { recursive: true, force: true });
  });

  it('a message sent while the server is down, with the panel closed before it comes back, arrives exactly once', async () => {
    let panel = await SidePanel.open(ada);
    panel.page.on('pageerror', (e) => console.log('PANEL ERROR', e.message));
    await expect.poll(() => panel.onlineSwitch.isEnabled()).toBe(true);
    await panel.goOnline();
    // A chat is taken only while an agent is online.
    const setup = (globalThis as Record<string, unknown>).__outboxSetup as { ws: string; playbookId: string };
    const created = await startConversation(server, setup.ws, setup.playbookId);
    expect(created.status).toBe(201);
    conversationId = created.body.conversationId;
    visitorToken = created.body.visitorToken;
    visitor = new Client(server, 'conversation', conversationId);
    expect((await visitor.open(visitorToken)).type).toBe('welcome');
    await panel.openChat('Unassigned', 'Vera Visitor');
    await panel.button('Assign to me').click();
    await panel.page.getByText('Assigned to Ada Admin').waitFor();
    await panel.composer.waitFor();

    await server.stop();
    await panel.page.getByText('Reconnecting…').first().waitFor();
    await panel.send('Our offer is in your inbox');
    const pending = panel.transcript.locator('li.pending').filter({ hasText: 'Our offer is in your inbox' });
    await pending.getByText('Sending…').waitFor();
    // Written to storage as Send is pressed; the panel then closes with the message unsent.
    await expect
      .poll(() => panel.page.evaluate((key) => (globalThis as any).chrome.storage.local.get(key).then((got: Record<string, unknown[]>) => got[key]?.length ?? 0), `outbox:${conversationId}`))
      .toBe(1);
    await panel.page.close();

    server = await startServer({ persistDir, port });
    visitor = new Client(server, 'conversation', conversationId);
    await visitor.open(visitorToken);

    panel = await SidePanel.open(ada);
    await expect.poll(() => panel.onlineSwitch.isEnabled(), { timeout: 30_000 }).toBe(true);
    await panel.openChat('Mine', 'Vera Visitor');
    const arrived = await visitor.next((f) => f.type === 'entries' && f.entries.some((e: Msg) => e.from === 'agent' && e.text === 'Our offer is in your inbox'), 30_000);
    const sentId = arrived.entries.find((e: Msg) => e.text === 'Our offer is in your inbox').id;

    // Shown once in the panel, no longer pending, and gone from storage.
    await expect.poll(() => panel.transcript.getByText('Our offer is in your inbox').count()).toBe(1);
    await expect.poll(() => panel.transcript.locator('li.pending').count()).toBe(0);
    await expect
      .poll(() => panel.page.evaluate((key) => (globalThis as any).chrome.storage.local.get(key).then((got: Record<string, unknown>) => key in got), `outbox:${conversationId}`))
      .toBe(false);

    // The room holds it once: a fresh visitor socket gets the whole log.
    await new Promise((r) => setTimeout(r, 500));
    const fresh = new Client(server, 'conversation', conversationId);
    const welcome: Frame = await fresh.open(visitorToken);
    fresh.close();
    const copies = (welcome.entries as Msg[]).filter((e) => e.kind === 'message' && e.text === 'Our offer is in your inbox');
    expect(copies.map((e) => e.id)).toEqual([sentId]);
    expect(visitor.frames.filter((f) => f.type === 'entries').flatMap((f) => f.entries as Msg[]).filter((e) => e.text === 'Our offer is in your inbox')).toHaveLength(1);
  });
});
