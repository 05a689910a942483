import { afterAll, beforeAll, expect, test } from 'vitest';
import { sharedServer, type TestServer } from '../helpers/server';
import { Client, addAgent, clientId, onlineWorkspace, startConversation } from '../helpers/clients';
import { CloseCode } from '../../protocol';
import { Raw, rawRequest, until } from './lib';

// Issue 11 item 2: revoking an agent ends their power everywhere at once: the workspace socket and every
// conversation socket close (4001), and the chats they held go back to Unassigned with an `unassigned`
// event by the admin who revoked them.
let server: TestServer;
beforeAll(async () => {
  server = await sharedServer();
});
afterAll(async () => {
  await server?.stop();
});

async function team(role: 'agent' | 'admin' = 'agent') {
  const w = await onlineWorkspace(server);
  const bob = await addAgent(server, w.ws, w.admin, role === 'admin' ? 'Bea Admin' : 'Bob Agent', { role });
  return { w, bob };
}

/** A new chat `who` has claimed on a socket of their own (left open). */
async function claimedBy(w: Awaited<ReturnType<typeof onlineWorkspace>>, token: string) {
  const created = await startConversation(server, w.ws, w.playbookId);
  const id = created.body.conversationId as string;
  const { raw, answer } = await Raw.hello(server, 'conversation', id, token);
  expect(answer.type).toBe('welcome');
  expect(await raw.request({ type: 'claim' })).toMatchObject({ type: 'ok' });
  return { id, raw, visitorToken: created.body.visitorToken as string };
}

/** The first admin's id (onlineWorkspace's `admin` is their socket). */
const adminId = (w: Awaited<ReturnType<typeof onlineWorkspace>>) => w.admin.frames.find((f) => f.type === 'welcome')!.me.id as string;

const revoke = async (w: Awaited<ReturnType<typeof onlineWorkspace>>, id: string) => expect((await w.admin.request({ type: 'agent-revoke', id })).type).toBe('ok');

test('revoking an agent closes their workspace socket and every conversation socket with 4001', async () => {
  const { w, bob } = await team();
  const bobWs = await Raw.hello(server, 'workspace', w.ws, bob.token);
  expect(bobWs.answer.type).toBe('welcome');
  const held = await claimedBy(w, bob.token);
  // Another chat, still waiting: Bob only has it open.
  const waiting = (await startConversation(server, w.ws, w.playbookId)).body.conversationId as string;
  const watching = await Raw.hello(server, 'conversation', waiting, bob.token);
  expect(watching.answer.type).toBe('welcome');

  await revoke(w, bob.id);
  const closes = await Promise.allSettled([
    bobWs.raw.closedWithin(10_000, "Bob's workspace socket to close"),
    held.raw.closedWithin(10_000, "Bob's socket on the chat he holds to close"),
    watching.raw.closedWithin(10_000, "Bob's socket on a waiting chat to close"),
  ]);
  const codes = closes.map((c) => (c.status === 'fulfilled' ? c.value.code : 'still open'));
  expect(codes, 'close codes of [workspace, held chat, waiting chat]').toEqual([CloseCode.unauthorized, CloseCode.unauthorized, CloseCode.unauthorized]);
  w.admin.close();
});

test('after the revoke, nothing the agent sends on a conversation socket is stored, shown or acted on', async () => {
  const { w, bob } = await team();
  const carol = await addAgent(server, w.ws, w.admin, 'Carol Agent');
  const held = await claimedBy(w, bob.token);
  const visitor = await Raw.hello(server, 'conversation', held.id, held.visitorToken);
  expect(visitor.answer.type).toBe('welcome');

  await revoke(w, bob.id);
  // Whatever still reaches the room on Bob's socket (if it is still open) must change nothing.
  const text = `revoked-${clientId()}`;
  const answers = [
    await held.raw.request({ type: 'send', id: clientId(), text }),
    await held.raw.request({ type: 'update-details', patch: { person: { name: 'Revoked Rita' } } }),
    await held.raw.request({ type: 'create-record', kind: 'lead' }),
    await held.raw.request({ type: 'reassign', to: carol.id }),
  ].map((a) => a.type);
  expect(await visitor.raw.roundTrip()).toBe('pong');

  expect(answers.filter((t) => t === 'ack' || t === 'ok'), 'commands the revoked agent got accepted').toEqual([]);
  const shown = visitor.raw.frames.flatMap((f) => (f.type === 'entries' ? f.entries : [])).filter((e: any) => e.text === text);
  expect(shown, 'messages of the revoked agent shown to the visitor').toEqual([]);
  const fresh = new Client(server, 'conversation', held.id);
  const welcome = await fresh.open(w.adminToken);
  expect(welcome.type).toBe('welcome');
  expect(welcome.entries.filter((e: any) => e.text === text)).toEqual([]);
  expect(welcome.details.person.name).not.toBe('Revoked Rita');
  expect(welcome.entries.filter((e: any) => e.event === 'lead-created' || e.event === 'record-pending')).toEqual([]);
  expect(welcome.conversation.assignee?.id ?? null).not.toBe(carol.id);
  for (const c of [fresh, w.admin]) c.close();
  visitor.raw.close();
});

test("the revoked agent's chats, open on a socket or not, go back to Unassigned with an `unassigned` event by the admin", async () => {
  const { w, bob } = await team();
  const open = await claimedBy(w, bob.token);
  const notOpen = await claimedBy(w, bob.token);
  notOpen.raw.close();
  await notOpen.raw.closed;

  await revoke(w, bob.id);
  const unassigned = (id: string) => (f: any) => f.type === 'conversation' && f.conversation.id === id && f.conversation.status === 'unassigned' && f.conversation.assignee === null;
  await until(() => [open.id, notOpen.id].every((id) => w.admin.frames.some(unassigned(id))), "both of Bob's chats back in the admin's Unassigned", 15_000);
  for (const id of [open.id, notOpen.id]) {
    const c = new Client(server, 'conversation', id);
    const welcome = await c.open(w.adminToken);
    expect(welcome.conversation).toMatchObject({ status: 'unassigned', assignee: null });
    const last = welcome.entries.filter((e: any) => e.kind === 'event').at(-1);
    expect(last).toMatchObject({ event: 'unassigned', by: { id: adminId(w) } });
    c.close();
  }
  open.raw.close();
  w.admin.close();
});

test('a revoked admin can neither close nor reassign a chat from a conversation socket opened before the revoke', async () => {
  const { w, bob: bea } = await team('admin');
  const held = await claimedBy(w, w.adminToken); // held by the first admin; Bea (admin) only watches
  const beaConv = await Raw.hello(server, 'conversation', held.id, bea.token);
  await revoke(w, bea.id);
  const answers = [await beaConv.raw.request({ type: 'reassign', to: null }), await beaConv.raw.request({ type: 'close' })].map((a) => a.type);
  expect(answers.filter((t) => t === 'ok'), 'commands the revoked admin got accepted').toEqual([]);
  const c = new Client(server, 'conversation', held.id);
  const welcome = await c.open(w.adminToken);
  expect(welcome.conversation).toMatchObject({ status: 'active', assignee: { id: adminId(w) } });
  for (const x of [c, w.admin]) x.close();
  held.raw.close();
});

test('a revoked agent is refused everywhere afterwards: new sockets on both rooms, and the records export', async () => {
  const { w, bob: bea } = await team('admin');
  const held = await claimedBy(w, bea.token);
  await revoke(w, bea.id);
  const ws = await Raw.hello(server, 'workspace', w.ws, bea.token);
  expect(ws.answer).toMatchObject({ type: 'error', code: 'unauthorized' });
  expect((await ws.raw.closed).code).toBe(CloseCode.unauthorized);
  const conv = await Raw.hello(server, 'conversation', held.id, bea.token);
  expect(conv.answer).toMatchObject({ type: 'error', code: 'unauthorized' });
  expect((await conv.raw.closed).code).toBe(CloseCode.unauthorized);
  const exported = await rawRequest(server, `/parties/workspace/${w.ws}/records?format=json`, { method: 'GET', headers: { authorization: `Bearer ${bea.token}` } });
  expect(exported.status).toBe(401);
  held.raw.close();
  w.admin.close();
});
