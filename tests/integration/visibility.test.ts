import { afterAll, beforeAll, expect, test } from 'vitest';
import { sharedServer, type TestServer } from '../helpers/server';
import { Client, addAgent, clientId, setupWorkspace, startConversation } from '../helpers/clients';

let server: TestServer;
beforeAll(async () => {
  server = await sharedServer();
});
afterAll(async () => {
  await server?.stop();
});

test("an agent never sees another agent's chat: not in lists, by id, by replay, nor in events", async () => {
  const { ws, adminToken, playbookId } = await setupWorkspace(server);
  const ada = new Client(server, 'workspace', ws);
  await ada.open(adminToken);
  ada.send({ type: 'set-online', online: true });
  const carl = await addAgent(server, ws, ada, 'Carl Agent');
  const carlWs = new Client(server, 'workspace', ws);
  await carlWs.open(carl.token);
  carlWs.send({ type: 'set-online', online: true });
  await ada.next((f) => f.type === 'agents' && f.agents.filter((a: any) => a.online).length === 2);

  const created = await startConversation(server, ws, playbookId);
  const id = created.body.conversationId;
  const adaConv = new Client(server, 'conversation', id);
  await adaConv.open(adminToken);
  expect((await adaConv.request({ type: 'claim' })).type).toBe('ok');
  await carlWs.next((f) => f.type === 'conversation-removed' && f.id === id);
  const mark = carlWs.frames.length;

  // Events: a visitor message in Ada's chat reaches Carl by no path.
  const visitor = new Client(server, 'conversation', id);
  await visitor.open(created.body.visitorToken);
  visitor.send({ type: 'send', id: clientId('v'), text: 'secret pricing question' });
  await ada.next((f) => f.type === 'notify' && f.event === 'new-message');

  // By id: Carl's socket to the room is refused.
  const carlConv = new Client(server, 'conversation', id);
  const refused = await carlConv.open(carl.token);
  expect(refused.type).toBe('error');
  expect(refused.code).toBe('forbidden');
  expect((await carlConv.whenClosed()).code).toBe(4003);
  // Replay with lastSeq 0: nothing either.
  const carlConv2 = new Client(server, 'conversation', id);
  expect((await carlConv2.open(carl.token, 0)).type).toBe('error');
  expect(carlConv2.frames.some((f) => f.type === 'entries' || f.type === 'welcome')).toBe(false);

  // Lists: a fresh workspace connection doesn't list it.
  const carlWs2 = new Client(server, 'workspace', ws);
  const welcome = await carlWs2.open(carl.token);
  expect(welcome.conversations.map((c: any) => c.id)).not.toContain(id);
  expect(carlWs.frames.slice(mark).some((f) => JSON.stringify(f).includes(id))).toBe(false);

  // Closed: visible to everyone again.
  const beforeClose = carlWs.frames.length;
  expect((await adaConv.request({ type: 'close' })).type).toBe('ok');
  const back = await carlWs.next((f) => f.type === 'conversation' && f.conversation.id === id, 10_000, beforeClose);
  expect(back.conversation.status).toBe('closed');
  const carlConv3 = new Client(server, 'conversation', id);
  expect((await carlConv3.open(carl.token)).type).toBe('welcome');
  for (const c of [ada, carlWs, carlWs2, adaConv, visitor, carlConv, carlConv2, carlConv3]) c.close();
});
