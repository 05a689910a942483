import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { sharedServer, type TestServer } from '../helpers/server';
import { addAgent, Client, DEMO_ORIGIN, onlineWorkspace, post, visitorContext } from '../helpers/clients';

// `Previous conversations` against a real `partykit dev`: two visitors, two workspaces, one verified account.
let server: TestServer;
beforeAll(async () => {
  server = await sharedServer();
});
afterAll(async () => {
  await server?.stop();
});

const browser = (n: number) => `browser-${String(n).padStart(8, '0')}-${process.pid}`;

async function chat(ws: string, playbookId: string, visitorId: string) {
  const res = await post(server, `/parties/workspace/${ws}/conversations`, { playbookId, transcript: [], answers: { topic: 'sales' }, context: visitorContext, visitorId }, { origin: DEMO_ORIGIN });
  expect(res.status).toBe(201);
  return { id: res.body.conversationId as string, token: res.body.visitorToken as string };
}

async function history(admin: Client, conversationId: string) {
  const from = admin.frames.length;
  expect((await admin.request({ type: 'history-get', conversationId })).type).toBe('ok');
  const frame = await admin.next((f) => f.type === 'history' && f.conversationId === conversationId, 10_000, from);
  return frame.conversations.map((h: { conversation: { id: string }; outcome: string }) => h.conversation.id);
}

test("previous conversations: the same browser's or the same verified account's, newest first; never another visitor's or another workspace's", async () => {
  const a = await onlineWorkspace(server);
  const b = await onlineWorkspace(server);
  const first = await chat(a.ws, a.playbookId, browser(1));
  const second = await chat(a.ws, a.playbookId, browser(1));
  const third = await chat(a.ws, a.playbookId, browser(1));
  const someoneElse = await chat(a.ws, a.playbookId, browser(2));
  // The same browser id in another workspace is another workspace's visitor.
  const elsewhere = await chat(b.ws, b.playbookId, browser(1));

  expect(await history(a.admin, third.id)).toEqual([second.id, first.id]);
  expect(await history(a.admin, someoneElse.id)).toEqual([]);
  expect(await history(b.admin, elsewhere.id)).toEqual([]);
  // Another workspace's conversation id is not found here.
  expect(await b.admin.request({ type: 'history-get', conversationId: first.id })).toMatchObject({ type: 'error', code: 'not-found' });

  // A verified account keys the visitor across browsers: its chats, and only its chats.
  await a.admin.request({ type: 'identity-get' });
  const { secret } = (await a.admin.next((f) => f.type === 'identity')).identity;
  const userHash = createHmac('sha256', secret).update('u_7').digest('hex');
  const onPhone = await chat(a.ws, a.playbookId, browser(3));
  for (const c of [first, onPhone]) {
    const res = await post(server, `/parties/workspace/${a.ws}/identify`, { conversationId: c.id, visitorToken: c.token, identity: { id: 'u_7', userHash } }, { origin: DEMO_ORIGIN });
    expect(res.body).toEqual({ ok: true, verified: true });
  }
  await a.admin.next((f) => f.type === 'conversation' && f.conversation.id === onPhone.id && f.conversation.verified === true);
  expect(await history(a.admin, onPhone.id)).toEqual([first.id]);
  // The anonymous chats of browser 1 no longer see the verified one.
  expect(await history(a.admin, third.id)).toEqual([second.id]);
  for (const c of [a.admin, b.admin]) c.close();
});

test('an agent gets only the previous conversations they may see, and only for a chat they may see', async () => {
  const w = await onlineWorkspace(server);
  const seller = await addAgent(server, w.ws, w.admin, 'Sam Seller');
  const sam = new Client(server, 'workspace', w.ws);
  await sam.open(seller.token);
  const older = await chat(w.ws, w.playbookId, browser(9));
  const newer = await chat(w.ws, w.playbookId, browser(9));
  // The admin takes the older chat: while it is theirs, Sam does not see it, nor in the history.
  const adminOnOlder = new Client(server, 'conversation', older.id);
  await adminOnOlder.open(w.adminToken);
  expect((await adminOnOlder.request({ type: 'claim' })).type).toBe('ok');
  await sam.next((f) => f.type === 'conversation-removed' && f.id === older.id);
  expect(await history(sam, newer.id)).toEqual([]);
  expect(await sam.request({ type: 'history-get', conversationId: older.id })).toMatchObject({ type: 'error', code: 'not-found' });
  expect(await history(w.admin, newer.id)).toEqual([older.id]);
  for (const c of [sam, adminOnOlder, w.admin]) c.close();
});
