import { afterAll, beforeAll, expect, test } from 'vitest';
import { sharedServer, type TestServer } from '../helpers/server';
import { addAgent, Client, DEMO_ORIGIN, onlineWorkspace, post, visitorContext } from '../helpers/clients';

// Blocking a visitor against a real `partykit dev` (which knows no client address: blocks go by visitor id).
let server: TestServer;
beforeAll(async () => {
  server = await sharedServer();
});
afterAll(async () => {
  await server?.stop();
});

const start = (ws: string, playbookId: string, visitorId: string) =>
  post(server, `/parties/workspace/${ws}/conversations`, { playbookId, transcript: [], answers: { topic: 'sales' }, context: visitorContext, visitorId }, { origin: DEMO_ORIGIN });

test("a blocked visitor can't start a chat (a neutral refusal); others can; admins list and lift blocks", async () => {
  const w = await onlineWorkspace(server);
  const troll = `troll-${process.pid}-0000000000`;
  const first = await start(w.ws, w.playbookId, troll);
  expect(first.status).toBe(201);

  const seller = await addAgent(server, w.ws, w.admin, 'Sam Seller');
  const sam = new Client(server, 'workspace', w.ws);
  await sam.open(seller.token);
  await sam.next((f) => f.type === 'welcome');
  const blocked = await sam.request({ type: 'block', conversationId: first.body.conversationId, reason: 'Abusive messages' });
  expect(blocked.type).toBe('ok');

  const refused = await start(w.ws, w.playbookId, troll);
  expect(refused.status).toBe(503);
  expect(refused.body).toMatchObject({ code: 'unavailable', problem: { code: 'chat-unavailable' }, message: 'A chat cannot be started right now' });
  expect(JSON.stringify(refused.body)).not.toMatch(/block|abusive/i);
  expect((await start(w.ws, w.playbookId, `someone-${process.pid}-00000000000`)).status).toBe(201);

  // Only admins see and lift blocks.
  expect(await sam.request({ type: 'blocks-get' })).toMatchObject({ type: 'error', code: 'forbidden' });
  const from = w.admin.frames.length;
  expect((await w.admin.request({ type: 'blocks-get' })).type).toBe('ok');
  const list = (await w.admin.next((f) => f.type === 'blocks', 10_000, from)).blocks;
  expect(list).toEqual([{ id: blocked.id, conversationId: first.body.conversationId, visitorName: expect.any(String), reason: 'Abusive messages', by: { id: seller.id, name: 'Sam Seller' }, at: expect.any(Number) }]);
  expect(JSON.stringify(list)).not.toContain(troll);
  expect(await sam.request({ type: 'unblock', id: blocked.id })).toMatchObject({ type: 'error', code: 'forbidden' });
  expect((await w.admin.request({ type: 'unblock', id: blocked.id })).type).toBe('ok');
  expect((await start(w.ws, w.playbookId, troll)).status).toBe(201);
  for (const c of [sam, w.admin]) c.close();
});

test("an agent can't block the visitor of a chat they may not see, nor of another workspace", async () => {
  const a = await onlineWorkspace(server);
  const b = await onlineWorkspace(server);
  const chat = await start(a.ws, a.playbookId, `visitor-${process.pid}-000000000`);
  expect(await b.admin.request({ type: 'block', conversationId: chat.body.conversationId, reason: 'x' })).toMatchObject({ type: 'error', code: 'not-found' });
  expect((await start(a.ws, a.playbookId, `visitor-${process.pid}-000000000`)).status).toBe(201);
  for (const c of [a.admin, b.admin]) c.close();
});
