import { afterAll, beforeAll, expect, test } from 'vitest';
import { startServer, type TestServer } from '../helpers/server';
import { post, setupWorkspace, startConversation } from '../helpers/clients';
import { CloseCode } from '../../protocol';
import { Raw, rawRequest, sleepUntil } from './lib';

// Issue 11 item 2, second half: a workspace socket is closed (4001) when its session token expires, and
// frames after that are refused. Session tokens live 4 s here (BATON_SESSION_TTL_MS); each test mints its own.
const TTL_MS = 4_000;
let server: TestServer;
beforeAll(async () => {
  server = await startServer({ vars: { BATON_SESSION_TTL_MS: String(TTL_MS) } });
});
afterAll(async () => {
  await server?.stop();
});

/** A fresh workspace, and an admin session minted now: its token and when it expires. */
async function freshSession() {
  const w = await setupWorkspace(server);
  const res = await post(server, `/parties/workspace/${w.ws}/session`, { credential: w.adminCredential });
  expect(res.status).toBe(200);
  return { ...w, token: res.body.token as string, expiresAt: res.body.expiresAt as number };
}

test('the workspace socket is closed with 4001 when its session token expires', async () => {
  const s = await freshSession();
  const { raw, answer } = await Raw.hello(server, 'workspace', s.ws, s.token);
  expect(answer.type).toBe('welcome');
  const closed = await raw.closedWithin(s.expiresAt - Date.now() + 10_000, 'the workspace socket to close at expiry');
  expect(closed.code).toBe(CloseCode.unauthorized);
});

test('after the token expired, admin commands on the still-open workspace socket are refused', async () => {
  const s = await freshSession();
  const { raw, answer } = await Raw.hello(server, 'workspace', s.ws, s.token);
  expect(answer.type).toBe('welcome');
  await sleepUntil(s.expiresAt + 250); // the contract is about time: wait for the expiry itself
  const answers = [
    await raw.request({ type: 'agent-create', name: 'Late Larry', email: 'larry@example.com', role: 'admin', manageLiveChat: true }),
    await raw.request({ type: 'records-export', format: 'json' }),
    await raw.request({ type: 'set-online', online: true }),
    await raw.request({ type: 'playbook-create', name: 'Late playbook', template: 'blank' }),
  ];
  const accepted = answers.filter((a) => a.type !== 'error' && a.type !== 'closed').map((a) => a.type);
  expect(accepted, 'commands answered as done after the session expired').toEqual([]);
  for (const a of answers) if (a.type === 'error') expect(a.code).toBe('unauthorized');
  raw.close();
});

test("the other room: the agent's conversation socket is closed with 4001 at expiry too", async () => {
  const s = await freshSession();
  const adminWs = await Raw.hello(server, 'workspace', s.ws, s.token);
  expect(await adminWs.raw.request({ type: 'set-online', online: true })).toMatchObject({ type: 'ok' });
  const created = await startConversation(server, s.ws, s.playbookId);
  expect(created.status).toBe(201);
  const conv = await Raw.hello(server, 'conversation', created.body.conversationId, s.token);
  expect(conv.answer.type).toBe('welcome');
  const closed = await conv.raw.closedWithin(s.expiresAt - Date.now() + 10_000, 'the conversation socket to close at expiry');
  expect(closed.code).toBe(CloseCode.unauthorized);
  adminWs.raw.close();
});

test('an expired token is refused by a new socket on both rooms and by the records export', async () => {
  const s = await freshSession();
  const adminWs = await Raw.hello(server, 'workspace', s.ws, s.token);
  await adminWs.raw.request({ type: 'set-online', online: true });
  const created = await startConversation(server, s.ws, s.playbookId);
  adminWs.raw.close();
  await sleepUntil(s.expiresAt + 250);
  const ws = await Raw.hello(server, 'workspace', s.ws, s.token);
  expect(ws.answer).toMatchObject({ type: 'error', code: 'unauthorized' });
  const conv = await Raw.hello(server, 'conversation', created.body.conversationId, s.token);
  expect(conv.answer).toMatchObject({ type: 'error', code: 'unauthorized' });
  const exported = await rawRequest(server, `/parties/workspace/${s.ws}/records?format=csv`, { method: 'GET', headers: { authorization: `Bearer ${s.token}` } });
  expect(exported.status).toBe(401);
});
