import { afterAll, beforeAll, expect, test } from 'vitest';
import { startServer, type TestServer } from '../helpers/server';
import { Client, clientId, startConversation, onlineWorkspace } from '../helpers/clients';

let server: TestServer;
beforeAll(async () => {
  server = await startServer({ vars: { BATON_VISITOR_MESSAGES_PER_MINUTE: '10000', BATON_SOCKETS_PER_VISITOR: '100' } });
});
afterAll(async () => {
  await server?.stop();
});

test('a replay larger than one frame comes in pages: welcome then entries, complete and in order', async () => {
  const { ws, adminToken, playbookId, admin } = await onlineWorkspace(server);
  const created = await startConversation(server, ws, playbookId);
  const id = created.body.conversationId;
  // 160 messages of 3,900 characters: ~630,000 characters of log, several pages.
  const senders = await Promise.all(
    Array.from({ length: 8 }, async () => {
      const c = new Client(server, 'conversation', id);
      await c.open(created.body.visitorToken);
      return c;
    }),
  );
  const ids: string[] = [];
  await Promise.all(
    senders.map(async (c, k) => {
      for (let i = 0; i < 20; i++) {
        const mid = clientId(`p${k}`);
        ids.push(mid);
        c.send({ type: 'send', id: mid, text: `${k}:${i} ${'z'.repeat(3_900)}` });
        await c.next((f) => f.type === 'ack' && f.id === mid);
      }
    }),
  );
  const reader = new Client(server, 'conversation', id);
  const welcome = await reader.open(adminToken, 0);
  const total = welcome.conversation.lastSeq;
  // Wait until the pages have all arrived.
  await reader.next((f) => f.type === 'entries' && f.entries.some((e: any) => e.seq === total), 20_000);
  const got = [welcome, ...reader.frames.filter((f) => f.type === 'entries')].flatMap((f) => f.entries);
  expect(reader.frames.filter((f) => f.type === 'entries').length).toBeGreaterThan(1);
  expect(got.map((e: any) => e.seq)).toEqual(Array.from({ length: total }, (_, i) => i + 1));
  expect(ids.every((mid) => got.filter((e: any) => e.id === mid).length === 1)).toBe(true);
  for (const c of [...senders, reader, admin]) c.close();
});
