import { afterAll, beforeAll, expect, test } from 'vitest';
import { startServer, type TestServer } from '../helpers/server';
import { Client, clientId, onlineWorkspace, startConversation } from '../helpers/clients';
import { Raw } from './lib';

// Issue 11 item 4 (first half): one visitor token holds at most N sockets at once (the N+1th gets
// `rate-limited` then close 4005) and stores at most M messages a minute (`rate-limited`, ref = message id,
// nothing stored). Small caps through BATON_SOCKETS_PER_VISITOR and BATON_VISITOR_MESSAGES_PER_MINUTE.
const SOCKETS = 2;
const PER_MINUTE = 5;
const TOO_MANY_SOCKETS = 4005; // CloseCode.tooManySockets in the contract
let server: TestServer;
beforeAll(async () => {
  server = await startServer({ vars: { BATON_SOCKETS_PER_VISITOR: String(SOCKETS), BATON_VISITOR_MESSAGES_PER_MINUTE: String(PER_MINUTE) } });
});
afterAll(async () => {
  await server?.stop();
});

async function chat() {
  const w = await onlineWorkspace(server);
  const created = await startConversation(server, w.ws, w.playbookId);
  expect(created.status).toBe(201);
  return { w, id: created.body.conversationId as string, token: created.body.visitorToken as string };
}

test(`socket number ${SOCKETS + 1} (simultaneous) of one visitor token gets rate-limited and close 4005; the first ones stay`, async () => {
  const c = await chat();
  const open: Raw[] = [];
  for (let i = 0; i < SOCKETS; i++) {
    const s = await Raw.hello(server, 'conversation', c.id, c.token);
    expect(s.answer.type).toBe('welcome');
    open.push(s.raw);
  }
  const extra = await Raw.hello(server, 'conversation', c.id, c.token);
  expect(extra.answer, 'the extra socket was welcomed').toMatchObject({ type: 'error', code: 'rate-limited' });
  expect((await extra.raw.closedWithin(10_000, 'the extra socket to close')).code).toBe(TOO_MANY_SOCKETS);
  for (const s of open) expect(await s.roundTrip()).toBe('pong');
  for (const s of open) s.close();
  c.w.admin.close();
});

test('fifty sockets of one visitor token: no more than the cap are ever welcomed', async () => {
  const c = await chat();
  const all = await Promise.all(Array.from({ length: 50 }, () => Raw.hello(server, 'conversation', c.id, c.token).catch(() => null)));
  const welcomed = all.filter((s) => s?.answer.type === 'welcome');
  expect(welcomed.length).toBeLessThanOrEqual(SOCKETS);
  for (const s of all) s?.raw.close();
  c.w.admin.close();
});

test('a closed socket frees its place: the token can open a new one', async () => {
  const c = await chat();
  const first = await Promise.all(Array.from({ length: SOCKETS }, () => Raw.hello(server, 'conversation', c.id, c.token)));
  first[0]!.raw.close();
  // The room sees the close a moment later: retry within a deadline, each attempt a real socket.
  let again: Awaited<ReturnType<typeof Raw.hello>> | null = null;
  const deadline = Date.now() + 10_000;
  while (Date.now() < deadline) {
    again = await Raw.hello(server, 'conversation', c.id, c.token);
    if (again.answer.type === 'welcome') break;
    again.raw.close();
  }
  expect(again?.answer.type).toBe('welcome');
  for (const s of [...first.slice(1).map((x) => x.raw), again!.raw]) s.close();
  c.w.admin.close();
});

test("the cap is per visitor token: another chat's visitor and the agents are not counted", async () => {
  const c = await chat();
  const other = await startConversation(server, c.w.ws, c.w.playbookId);
  const mine = await Promise.all(Array.from({ length: SOCKETS }, () => Raw.hello(server, 'conversation', c.id, c.token)));
  const theirs = await Raw.hello(server, 'conversation', other.body.conversationId, other.body.visitorToken);
  expect(theirs.answer.type).toBe('welcome');
  const agent = await Raw.hello(server, 'conversation', c.id, c.w.adminToken);
  expect(agent.answer.type).toBe('welcome');
  for (const s of [...mine.map((x) => x.raw), theirs.raw, agent.raw]) s.close();
  c.w.admin.close();
});

/** Sends `n` distinct messages; returns the answers (ack or error) in order. */
async function burst(raw: Raw, n: number, prefix: string) {
  const out: any[] = [];
  for (let i = 0; i < n; i++) out.push(await raw.request({ type: 'send', id: clientId(prefix), text: `${prefix} ${i}` }));
  return out;
}

test(`a visitor stores at most ${PER_MINUTE} messages a minute; the rest are refused rate-limited with their id, nothing stored`, async () => {
  const c = await chat();
  const v = await Raw.hello(server, 'conversation', c.id, c.token);
  const answers = await burst(v.raw, PER_MINUTE + 3, 'rl');
  expect(answers.filter((a) => a.type === 'ack')).toHaveLength(PER_MINUTE);
  const refused = answers.filter((a) => a.type === 'error');
  expect(refused.map((a) => a.code)).toEqual(Array(3).fill('rate-limited'));
  for (const a of refused) expect(a.ref).toMatch(/^rl/);
  const agent = new Client(server, 'conversation', c.id);
  const welcome = await agent.open(c.w.adminToken);
  expect(welcome.entries.filter((e: any) => e.from === 'visitor' && /^rl /.test(e.text))).toHaveLength(PER_MINUTE);
  agent.close();
  v.raw.close();
  c.w.admin.close();
});

test('the message cap is per conversation, not per socket: two sockets of one token share it', async () => {
  const c = await chat();
  const a = await Raw.hello(server, 'conversation', c.id, c.token);
  const b = await Raw.hello(server, 'conversation', c.id, c.token);
  const answers = [...(await burst(a.raw, PER_MINUTE, 'sa')), ...(await burst(b.raw, PER_MINUTE, 'sb'))];
  expect(answers.filter((x) => x.type === 'ack').length).toBeLessThanOrEqual(PER_MINUTE);
  for (const s of [a.raw, b.raw]) s.close();
  c.w.admin.close();
});

test('the cap is per chat: another visitor of the same workspace can still write', async () => {
  const c = await chat();
  const v = await Raw.hello(server, 'conversation', c.id, c.token);
  await burst(v.raw, PER_MINUTE + 1, 'full');
  const other = await startConversation(server, c.w.ws, c.w.playbookId);
  const o = await Raw.hello(server, 'conversation', other.body.conversationId, other.body.visitorToken);
  expect(await o.raw.request({ type: 'send', id: clientId(), text: 'hello from another chat' })).toMatchObject({ type: 'ack' });
  for (const s of [v.raw, o.raw]) s.close();
  c.w.admin.close();
});
