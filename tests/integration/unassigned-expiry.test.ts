import { afterAll, beforeAll, expect, test } from 'vitest';
import { startServer, type TestServer } from '../helpers/server';
import { Client, claimedChat, clientId } from '../helpers/clients';

// A chat put back in Unassigned gets the wait time again: nobody taking it means the visitor gets the
// offline flow instead of waiting forever; someone taking it in time cancels that.
let server: TestServer;
beforeAll(async () => {
  server = await startServer({ vars: { BATON_WAIT_SECONDS_OVERRIDE: '2' } });
});
afterAll(async () => {
  await server?.stop();
});

async function activeChat() {
  const chat = await claimedChat(server);
  const visitor = new Client(server, 'conversation', chat.id);
  await visitor.open(chat.visitorToken);
  return { ...chat, visitor };
}

test('unassigned and not taken within the wait time: missed, and the visitor gets the offline message', async () => {
  const { w, id, agent, visitor } = await activeChat();
  // Well past the first deadline (2 s after creation) before unassigning: the clock starts again at the unassign.
  await new Promise((r) => setTimeout(r, 2_500));
  expect((await agent.request({ type: 'reassign', to: null })).type).toBe('ok');
  const unassignedAt = Date.now();
  const state = await visitor.next((f) => f.type === 'state' && f.conversation.status === 'unassigned');
  expect(state.conversation.agentName).toBeNull();
  const missed = await visitor.next((f) => f.type === 'state' && f.conversation.status === 'missed', 10_000);
  expect(Date.now() - unassignedAt).toBeGreaterThanOrEqual(1_500);
  expect(missed.conversation.status).toBe('missed');
  const offline = await visitor.next((f) => f.type === 'entries' && f.entries.some((e: any) => e.kind === 'message' && e.from === 'bot'));
  expect(offline.entries.find((e: any) => e.from === 'bot').text).toMatch(/\S/);
  await w.admin.next((f) => f.type === 'conversation' && f.conversation.id === id && f.conversation.status === 'missed');
  // Missed: in the Missed view for follow-up (the summary says when), nobody may unassign it, an agent may take it.
  const row = await w.admin.next((f) => f.type === 'conversation' && f.conversation.id === id && f.conversation.status === 'missed');
  expect(row.conversation.missedAt).toBeGreaterThanOrEqual(unassignedAt);
  expect((await agent.request({ type: 'reassign', to: null })).code).toBe('invalid-transition');
  expect((await agent.request({ type: 'claim' })).type).toBe('ok');
  await w.admin.next((f) => f.type === 'conversation' && f.conversation.id === id && f.conversation.status === 'active');
  for (const c of [agent, visitor, w.admin]) c.close();
});

test('unassigned, then taken again in time: stays with the agent, no offline message later', async () => {
  const { w, id, agent, visitor } = await activeChat();
  expect((await agent.request({ type: 'reassign', to: null })).type).toBe('ok');
  expect((await agent.request({ type: 'claim' })).type).toBe('ok');
  await new Promise((r) => setTimeout(r, 3_500));
  const fresh = new Client(server, 'conversation', id);
  const welcome = await fresh.open(w.adminToken);
  expect(welcome.conversation.status).toBe('active');
  expect(welcome.entries.some((e: any) => e.event === 'missed')).toBe(false);
  const v = clientId('v');
  visitor.send({ type: 'send', id: v, text: 'still there?' });
  await visitor.next((f) => f.type === 'ack' && f.id === v);
  for (const c of [agent, visitor, fresh, w.admin]) c.close();
});
