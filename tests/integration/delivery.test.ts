import { afterAll, beforeAll, expect, test } from 'vitest';
import { sharedServer, type TestServer } from '../helpers/server';
import { Client, clientId, startConversation, onlineWorkspace } from '../helpers/clients';

let server: TestServer;
beforeAll(async () => {
  server = await sharedServer();
});
afterAll(async () => {
  await server?.stop();
});

async function claimedChat() {
  const { ws, adminToken, playbookId, admin } = await onlineWorkspace(server);
  const created = await startConversation(server, ws, playbookId);
  const id: string = created.body.conversationId;
  const agent = new Client(server, 'conversation', id);
  await agent.open(adminToken);
  await agent.request({ type: 'claim' });
  return { id, adminToken, visitorToken: created.body.visitorToken as string, agent, admin };
}

test('reconnecting with a last sequence replays exactly the missing entries', async () => {
  const { id, visitorToken, agent, admin } = await claimedChat();
  const visitor = new Client(server, 'conversation', id);
  const welcome = await visitor.open(visitorToken);
  const held = welcome.conversation.lastSeq as number;
  visitor.close();

  const sent: string[] = [];
  for (let i = 0; i < 5; i++) {
    const mid = clientId('a');
    sent.push(mid);
    agent.send({ type: 'send', id: mid, text: `while you were away ${i}` });
    await agent.next((f) => f.type === 'ack' && f.id === mid);
  }
  const back = new Client(server, 'conversation', id);
  const w = await back.open(visitorToken, held);
  expect(w.entries.map((e: any) => e.id)).toEqual(sent);
  expect(w.entries.map((e: any) => e.seq)).toEqual([held + 1, held + 2, held + 3, held + 4, held + 5]);
  // Holding everything: nothing is replayed.
  const full = new Client(server, 'conversation', id);
  const wFull = await full.open(visitorToken, w.conversation.lastSeq);
  expect(wFull.entries).toEqual([]);
  for (const c of [agent, admin, back, full]) c.close();
});

test('a resent message is stored once and acked with the same sequence', async () => {
  const { id, visitorToken, adminToken, agent, admin } = await claimedChat();
  const visitor = new Client(server, 'conversation', id);
  await visitor.open(visitorToken);
  const mid = clientId('v');
  visitor.send({ type: 'send', id: mid, text: 'only once please' });
  const first = await visitor.next((f) => f.type === 'ack' && f.id === mid);
  // Resend on the same socket and from a new socket (as after a reconnect whose ack was lost).
  const mark = visitor.frames.length;
  visitor.send({ type: 'send', id: mid, text: 'only once please' });
  const second = await visitor.next((f) => f.type === 'ack' && f.id === mid, 10_000, mark);
  const other = new Client(server, 'conversation', id);
  await other.open(visitorToken);
  other.send({ type: 'send', id: mid, text: 'only once please' });
  const third = await other.next((f) => f.type === 'ack' && f.id === mid);
  expect([second.seq, third.seq]).toEqual([first.seq, first.seq]);
  // Two sends racing with the same id on two sockets.
  const racing = clientId('v');
  visitor.send({ type: 'send', id: racing, text: 'race' });
  other.send({ type: 'send', id: racing, text: 'race' });
  const [r1, r2] = await Promise.all([visitor.next((f) => f.type === 'ack' && f.id === racing), other.next((f) => f.type === 'ack' && f.id === racing)]);
  expect(r1.seq).toBe(r2.seq);

  const check = new Client(server, 'conversation', id);
  const w = await check.open(adminToken);
  expect(w.entries.filter((e: any) => e.id === mid)).toHaveLength(1);
  expect(w.entries.filter((e: any) => e.id === racing)).toHaveLength(1);
  const seqs = w.entries.map((e: any) => e.seq);
  expect(seqs).toEqual([...seqs].sort((a, b) => a - b));
  expect(new Set(seqs).size).toBe(seqs.length);
  for (const c of [agent, admin, visitor, other, check]) c.close();
});

test('typing is relayed and never stored; seen receipts are stored per side', async () => {
  const { id, visitorToken, adminToken, agent, admin } = await claimedChat();
  const visitor = new Client(server, 'conversation', id);
  const vw = await visitor.open(visitorToken);
  visitor.send({ type: 'typing', typing: true });
  const typing = await agent.next((f) => f.type === 'typing' && f.from === 'visitor');
  expect(typing.typing).toBe(true);
  agent.send({ type: 'typing', typing: true });
  expect((await visitor.next((f) => f.type === 'typing' && f.from === 'agent')).name).toBe('Ada Admin');
  agent.send({ type: 'seen', seq: vw.conversation.lastSeq });
  const seen = await visitor.next((f) => f.type === 'seen' && f.side === 'agent');
  expect(seen.seq).toBe(vw.conversation.lastSeq);
  const again = new Client(server, 'conversation', id);
  const w = await again.open(adminToken);
  expect(w.conversation.seen.agent).toBe(vw.conversation.lastSeq);
  expect(w.conversation.unread).toBe(0);
  expect(w.entries.some((e: any) => e.kind === 'typing')).toBe(false);
  expect(w.conversation.lastSeq).toBe(vw.conversation.lastSeq);
  const vAgain = new Client(server, 'conversation', id);
  expect((await vAgain.open(visitorToken)).conversation.seenByAgent).toBe(vw.conversation.lastSeq);
  for (const c of [agent, admin, visitor, again, vAgain]) c.close();
});
