import { afterAll, beforeAll, expect, test } from 'vitest';
import { SIGNED_AT_HEADER, signedPost } from '../../party/auth';
import { sharedServer, TEST_SECRET, type TestServer } from '../helpers/server';
import { Client, onlineWorkspace, setupWorkspace, startConversation } from '../helpers/clients';

// Room-to-room calls are signed for one room and one moment: a captured call can't be replayed elsewhere or later.
let server: TestServer;
beforeAll(async () => {
  server = await sharedServer();
});
afterAll(async () => {
  await server?.stop();
});

const send = async (path: string, init: { method: string; body: string; headers: Record<string, string> }) => {
  const res = await fetch(`${server.url}${path}`, init);
  return { status: res.status, body: (await res.json()) as any };
};
const conversationPath = (id: string) => `/parties/conversation/${id}`;

test('a conversation answers a call signed for it, and refuses one signed for another room, too old, altered or unsigned', async () => {
  const w = await onlineWorkspace(server);
  const a = (await startConversation(server, w.ws, w.playbookId)).body.conversationId as string;
  const b = (await startConversation(server, w.ws, w.playbookId)).body.conversationId as string;

  const forA = await signedPost(TEST_SECRET, { party: 'conversation', id: a }, { type: 'wake' });
  const ok = await send(conversationPath(a), forA);
  expect(ok.status).toBe(200);
  expect(ok.body.conversation.id).toBe(a);

  // The same call replayed to another conversation.
  expect(await send(conversationPath(b), forA)).toMatchObject({ status: 401, body: { type: 'error', code: 'unauthorized' } });
  // Signed for the workspace party with the same id.
  expect((await send(conversationPath(a), await signedPost(TEST_SECRET, { party: 'workspace', id: a }, { type: 'wake' }))).status).toBe(401);
  // Ten minutes old, or ten minutes ahead.
  for (const skew of [-600_000, 600_000]) {
    expect((await send(conversationPath(a), await signedPost(TEST_SECRET, { party: 'conversation', id: a }, { type: 'wake' }, Date.now() + skew))).status).toBe(401);
  }
  // The signed-at header changed after signing, the body changed, the signature missing, another secret.
  expect((await send(conversationPath(a), { ...forA, headers: { ...forA.headers, [SIGNED_AT_HEADER]: String(Date.now() + 1) } })).status).toBe(401);
  expect((await send(conversationPath(a), { ...forA, body: forA.body.replace('wake', 'wake ') })).status).toBe(401);
  expect((await send(conversationPath(a), { ...forA, headers: { 'content-type': 'application/json' } })).status).toBe(401);
  expect((await send(conversationPath(a), await signedPost('another-secret-of-at-least-32-chars!!', { party: 'conversation', id: a }, { type: 'wake' }))).status).toBe(401);
  w.admin.close();
});

test('a CRM result signed for one conversation changes nothing in another', async () => {
  const w = await onlineWorkspace(server);
  const a = (await startConversation(server, w.ws, w.playbookId)).body.conversationId as string;
  const b = (await startConversation(server, w.ws, w.playbookId)).body.conversationId as string;
  const result = { type: 'record-result', kind: 'lead', outcome: { status: 'created', record: { kind: 'lead', id: 'lea_forged', title: 'Forged lead' } } };
  const forA = await signedPost(TEST_SECRET, { party: 'conversation', id: a }, result);
  expect((await send(conversationPath(b), forA)).status).toBe(401);
  const conv = new Client(server, 'conversation', b);
  const welcome = await conv.open(w.adminToken);
  expect(JSON.stringify(welcome)).not.toContain('lea_forged');
  // Signed for the right conversation it is taken: the test above is not refusing everything.
  expect((await send(conversationPath(a), forA)).status).toBe(200);
  const convA = new Client(server, 'conversation', a);
  expect(JSON.stringify(await convA.open(w.adminToken))).toContain('lea_forged');
  for (const c of [conv, convA, w.admin]) c.close();
});

test('the workspace room refuses a call signed for another workspace', async () => {
  const w1 = await setupWorkspace(server);
  const w2 = await setupWorkspace(server);
  const lookup = { type: 'agent-lookup', agentId: w1.admin.id };
  const forW1 = await signedPost(TEST_SECRET, { party: 'workspace', id: w1.ws }, lookup);
  const ok = await send(`/parties/workspace/${w1.ws}/internal`, forW1);
  expect(ok).toMatchObject({ status: 200, body: { id: w1.admin.id } });
  expect((await send(`/parties/workspace/${w2.ws}/internal`, forW1)).status).toBe(401);
  expect((await send(`/parties/workspace/${w1.ws}/internal`, await signedPost(TEST_SECRET, { party: 'workspace', id: w1.ws }, lookup, Date.now() - 600_000))).status).toBe(401);
});
