import { afterAll, beforeAll, expect, test } from 'vitest';
import { startServer, type TestServer } from '../helpers/server';
import { Client, clientId, startConversation, onlineWorkspace } from '../helpers/clients';

// Wait time shortened for tests only (the product offers 30 s to 10 min); see README "Test knobs".
let server: TestServer;
beforeAll(async () => {
  server = await startServer({ vars: { BATON_WAIT_SECONDS_OVERRIDE: '3' } });
});
afterAll(async () => {
  await server?.stop();
});

test('wait-time expiry: the chat becomes missed and the visitor gets the offline message', async () => {
  const { ws, adminToken, playbookId, admin } = await onlineWorkspace(server);
  const created = await startConversation(server, ws, playbookId);
  const visitor = new Client(server, 'conversation', created.body.conversationId);
  await visitor.open(created.body.visitorToken);
  const missed = await visitor.next((f) => f.type === 'state' && f.conversation.status === 'missed', 45_000);
  expect(missed.conversation.agentName).toBeNull();
  const offline = await visitor.next((f) => f.type === 'entries' && f.entries.some((e: any) => e.from === 'bot'));
  expect(offline.entries.find((e: any) => e.from === 'bot').text).toContain("we'll get back to you");
  const moved = await admin.next((f) => f.type === 'conversation' && f.conversation.status === 'missed');
  expect(moved.conversation.id).toBe(created.body.conversationId);
  // A missed chat waits in the Missed view: it can no longer be unassigned or reassigned, only taken (or closed).
  const agent = new Client(server, 'conversation', created.body.conversationId);
  await agent.open(adminToken);
  expect((await agent.request({ type: 'reassign', to: null })).code).toBe('invalid-transition');
  expect((await agent.request({ type: 'claim' })).type).toBe('ok');
  for (const c of [admin, visitor, agent]) c.close();
});

test('a server restart loses nothing, and the wait-time alarm still fires', async () => {
  const { ws, adminToken, playbookId, admin } = await onlineWorkspace(server);
  const chatA = await startConversation(server, ws, playbookId); // will be claimed and talked in
  const agent = new Client(server, 'conversation', chatA.body.conversationId);
  await agent.open(adminToken);
  await agent.request({ type: 'claim' });
  const visitor = new Client(server, 'conversation', chatA.body.conversationId);
  await visitor.open(chatA.body.visitorToken);
  const ids: string[] = [];
  for (let i = 0; i < 3; i++) {
    const mid = clientId('v');
    ids.push(mid);
    visitor.send({ type: 'send', id: mid, text: `before restart ${i}` });
    await visitor.next((f) => f.type === 'ack' && f.id === mid);
  }
  await agent.request({ type: 'update-details', patch: { person: { name: 'Vera V.' } } });
  // Chat B is left waiting, created just before the server goes down: its 3 s alarm must fire after the restart.
  const chatB = await startConversation(server, ws, playbookId);
  for (const c of [admin, agent, visitor]) c.close();
  await server.restart();

  const after = new Client(server, 'conversation', chatA.body.conversationId);
  const w = await after.open(adminToken);
  expect(w.entries.filter((e: any) => ids.includes(e.id)).map((e: any) => e.text)).toEqual(['before restart 0', 'before restart 1', 'before restart 2']);
  expect(w.details.person.name).toBe('Vera V.');
  expect(w.conversation.status).toBe('active');
  // Resending a message acked before the restart is still deduplicated.
  const v2 = new Client(server, 'conversation', chatA.body.conversationId);
  await v2.open(chatA.body.visitorToken);
  v2.send({ type: 'send', id: ids[0], text: 'before restart 0' });
  expect((await v2.next((f) => f.type === 'ack' && f.id === ids[0])).seq).toBe(w.entries.find((e: any) => e.id === ids[0]).seq);

  const adminAgain = new Client(server, 'workspace', ws);
  const ww = await adminAgain.open(adminToken);
  expect(ww.conversations.map((c: any) => c.id).sort()).toEqual([chatA.body.conversationId, chatB.body.conversationId].sort());
  // Chat B's alarm fires after the restart (in the welcome already if the room woke before this agent connected).
  const missedB = (f: any) =>
    (f.type === 'conversation' && f.conversation.id === chatB.body.conversationId && f.conversation.status === 'missed') ||
    (f.type === 'welcome' && f.conversations.some((c: any) => c.id === chatB.body.conversationId && c.status === 'missed'));
  await adminAgain.next(missedB, 15_000);
  for (const c of [after, v2, adminAgain]) c.close();
});
