import { afterAll, beforeAll, expect, test } from 'vitest';
import { startServer, type TestServer } from '../helpers/server';
import { Client, claimedChat } from '../helpers/clients';

// A burst of messages in one chat: the conversation merges the reports it sends the workspace room while one
// is on its way. Whatever was merged, the inbox must end exact and the assignee notified of the last message.
let server: TestServer;
beforeAll(async () => {
  server = await startServer({ vars: { BATON_VISITOR_MESSAGES_PER_MINUTE: '10000' } });
});
afterAll(async () => {
  await server?.stop();
});

test('a burst of 60 visitor messages from 4 tabs: every one stored once, the inbox ends on the last one with all of them unread', async () => {
  const { w, id, agent, visitorToken } = await claimedChat(server);
  // Four tabs of the visitor (each socket has its own rate limit of 30 frames in a burst), 15 messages each, all at once.
  const tabs = await Promise.all(
    [0, 1, 2, 3].map(async () => {
      const tab = new Client(server, 'conversation', id);
      await tab.open(visitorToken);
      return tab;
    }),
  );
  const from = w.admin.frames.length;
  const sent = tabs.flatMap((tab, t) => Array.from({ length: 15 }, (_, i) => ({ tab, id: `burst-${t}-${String(i).padStart(2, '0')}`, text: `burst ${t}.${i}` })));
  for (const m of sent) m.tab.send({ type: 'send', id: m.id, text: m.text });
  for (const m of sent) await m.tab.next((f) => f.type === 'ack' && f.id === m.id);

  // Stored once each, as a fresh agent socket sees them.
  const again = new Client(server, 'conversation', id);
  const welcome = await again.open(w.adminToken);
  const stored = welcome.entries.filter((e: any) => e.kind === 'message' && e.from === 'visitor' && e.text.startsWith('burst')).map((e: any) => e.text as string);
  expect([...stored].sort()).toEqual(sent.map((m) => m.text).sort());
  const lastText = stored[stored.length - 1];
  // Every visitor message is unread: the 60 and the one typed to the bot before the hand-off.
  const unread = welcome.entries.filter((e: any) => e.kind === 'message' && e.from === 'visitor').length;
  expect(unread).toBe(61);

  const last = await w.admin.next((f) => f.type === 'conversation' && f.conversation.id === id && f.conversation.lastMessage?.text === lastText, 10_000, from);
  expect(last.conversation.unread).toBe(unread);
  const notified = await w.admin.next((f) => f.type === 'notify' && f.event === 'new-message' && f.text === lastText, 10_000, from);
  expect(notified.conversation.unread).toBe(unread);
  // Upserts only move forward: the unread count never goes back down during the burst.
  const counts = w.admin.frames.slice(from).filter((f) => f.type === 'conversation' && f.conversation.id === id).map((f) => f.conversation.unread);
  expect(counts).toEqual([...counts].sort((a, b) => a - b));
  expect(counts[counts.length - 1]).toBe(unread);
  console.log(`burst: ${counts.length} inbox updates and ${w.admin.frames.slice(from).filter((f) => f.type === 'notify').length} notifications for 60 messages`);
  for (const c of [agent, ...tabs, again, w.admin]) c.close();
});
