import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import WS from 'ws';
import { startServer, TEST_SECRET, type TestServer } from '../helpers/server';
import { Client, addAgent, clientId, post, setupWorkspace, startConversation, visitorContext, DEMO_ORIGIN } from '../helpers/clients';
import { signToken } from '../../party/auth';
import * as v from 'valibot';
import { ErrorFrame, PROTOCOL_VERSION, problemText, type Problem } from '../../protocol';

let server: TestServer;
let ws: string;
let adminToken: string;
let playbookId: string;
let convId: string;
let visitorToken: string;
let admin: Client;
let agentConv: Client;
let visitor: Client;

beforeAll(async () => {
  // As deployed on Cloudflare: the edge sets cf-connecting-ip, so per-address limits apply (README "Limits").
  server = await startServer({ vars: { BATON_CLIENT_ADDRESS_HEADER: 'cf-connecting-ip' } });
  ({ ws, adminToken, playbookId } = await setupWorkspace(server));
  admin = new Client(server, 'workspace', ws);
  await admin.open(adminToken);
  admin.send({ type: 'set-online', online: true });
  await admin.next((f) => f.type === 'agents' && f.agents.some((a: any) => a.online));
  const created = await startConversation(server, ws, playbookId);
  convId = created.body.conversationId;
  visitorToken = created.body.visitorToken;
  agentConv = new Client(server, 'conversation', convId);
  await agentConv.open(adminToken);
  await agentConv.request({ type: 'claim' });
  visitor = new Client(server, 'conversation', convId);
  await visitor.open(visitorToken);
});
afterAll(async () => {
  for (const c of [admin, agentConv, visitor]) c?.close();
  await server?.stop();
});

/** The room's state as an agent sees it on a fresh socket: what "changes nothing" is checked against. */
async function snapshot() {
  const c = new Client(server, 'conversation', convId);
  const w = await c.open(adminToken);
  c.close();
  return { lastSeq: w.conversation.lastSeq, status: w.conversation.status, details: w.details, entries: w.entries.length };
}

async function refusedOn(client: Client, raw: string | Buffer): Promise<any> {
  const mark = client.frames.length;
  client.socket.send(typeof raw === 'string' ? raw : new Uint8Array(raw));
  return client.next((f) => f.type === 'error', 10_000, mark);
}

describe('frames refused with a typed error and no change', () => {
  const cases: [string, () => string | Buffer, string][] = [
    ['bad JSON', () => '{"type":"send",', 'bad-json'],
    ['binary frame', () => Buffer.from(JSON.stringify({ type: 'ping' })), 'binary-frame'],
    ['unknown type', () => JSON.stringify({ type: 'explode' }), 'unknown-type'],
    ['extra keys', () => JSON.stringify({ type: 'send', id: clientId(), text: 'hi', admin: true }), 'invalid-frame'],
    ['__proto__ key', () => `{"type":"send","id":"${clientId()}","text":"hi","__proto__":{"polluted":1}}`, 'invalid-frame'],
    ['nested __proto__ key', () => `{"type":"update-details","patch":{"person":{"__proto__":{"name":"x"}}}}`, 'invalid-frame'],
    ['oversize frame', () => JSON.stringify({ type: 'send', id: clientId(), text: 'x'.repeat(40_000) }), 'frame-too-large'],
    ['empty text', () => JSON.stringify({ type: 'send', id: clientId(), text: '   ' }), 'invalid-field'],
    ['4,001-character text', () => JSON.stringify({ type: 'send', id: clientId(), text: 'x'.repeat(4_001) }), 'invalid-frame'],
    ['bad message id', () => JSON.stringify({ type: 'send', id: 'a b', text: 'hi' }), 'invalid-frame'],
  ];
  for (const [name, frame, code] of cases) {
    test(name, async () => {
      const before = await snapshot();
      const err = await refusedOn(visitor, frame());
      expect(err.code).toBe(code);
      expect(err.message.length).toBeGreaterThan(0);
      expect(await snapshot()).toEqual(before);
    });
  }

  test('4,000 characters is accepted (the boundary)', async () => {
    const id = clientId();
    visitor.send({ type: 'send', id, text: 'y'.repeat(4_000) });
    expect((await visitor.next((f) => f.type === 'ack' && f.id === id)).seq).toBeGreaterThan(0);
  });

  // Each case: the field refused, and the problem the room names for it (what clients translate, by code).
  const detailCases: [string, unknown, string, Problem][] = [
    ['negative amount', { value: { amount: -5 } }, 'value.amount', { code: 'amount-negative' }],
    ['infinite amount (1e400)', '{"value":{"amount":1e400}}', 'value.amount', { code: 'amount-not-finite' }],
    ['amount as a string', { value: { amount: 'NaN' } }, 'value.amount', { code: 'amount-not-number' }],
    ['unknown currency', { value: { currency: 'XYZ' } }, 'value.currency', { code: 'currency' }],
    ['impossible date', { expectedCloseDate: '2026-02-30' }, 'expectedCloseDate', { code: 'date' }],
    ['malformed date', { expectedCloseDate: '30/01/2026' }, 'expectedCloseDate', { code: 'date' }],
    ['bad email', { person: { email: 'vera@' } }, 'person.email', { code: 'invalid-email' }],
    ['bad phone', { person: { phone: 'call me' } }, 'person.phone', { code: 'invalid-phone' }],
    ['over-long name', { person: { name: 'n'.repeat(201) } }, 'person.name', { code: 'too-long', params: { field: 'Name', max: 200 } }],
  ];
  for (const [name, patch, field, problem] of detailCases) {
    test(`details: ${name}`, async () => {
      const before = await snapshot();
      const raw = typeof patch === 'string' ? `{"type":"update-details","ref":"r1","patch":${patch}}` : JSON.stringify({ type: 'update-details', ref: 'r1', patch });
      const err = await refusedOn(agentConv, raw);
      expect(err.code).toBe('invalid-field');
      expect(Object.keys(err.fields)).toContain(`patch.${field}`);
      expect(err.problems[`patch.${field}`]).toEqual(problem);
      expect(err.fields[`patch.${field}`]).toBe(problemText(problem));
      // As the extension decodes it: a valid error frame.
      expect(v.is(ErrorFrame, err)).toBe(true);
      expect(err.ref).toBe('r1');
      expect(await snapshot()).toEqual(before);
    });
  }

  test('an agent action sent by a visitor is forbidden', async () => {
    const before = await snapshot();
    for (const frame of [{ type: 'claim' }, { type: 'close' }, { type: 'reassign', to: null }, { type: 'update-details', patch: { notes: 'x' } }, { type: 'create-record', kind: 'lead' }]) {
      expect((await refusedOn(visitor, JSON.stringify(frame))).code).toBe('forbidden');
    }
    expect(await snapshot()).toEqual(before);
  });

  test('frames before hello are refused', async () => {
    const raw = new WS(`${server.wsUrl}/parties/conversation/${encodeURIComponent(convId)}`);
    await new Promise((r) => raw.once('open', r));
    const answer = new Promise<any>((r) => raw.once('message', (d) => r(JSON.parse(String(d)))));
    raw.send(JSON.stringify({ type: 'send', id: clientId(), text: 'sneaky' }));
    expect((await answer).code).toBe('unauthorized');
    raw.close();
  });

  test('a per-connection flood is rate limited', async () => {
    const flood = new Client(server, 'conversation', convId);
    await flood.open(visitorToken);
    for (let i = 0; i < 80; i++) flood.send({ type: 'ping' });
    const err = await flood.next((f) => f.type === 'error');
    expect(err.code).toBe('rate-limited');
    expect(flood.frames.filter((f) => f.type === 'pong').length).toBeLessThan(80);
    flood.close();
  });
});

describe('tokens', () => {
  const hello = async (room: 'conversation' | 'workspace', id: string, token: string) => {
    const c = new Client(server, room, id);
    const answer = await c.open(token);
    // Refused: wait for the close; welcomed: a ping round trip shows the socket is still open.
    const closed = answer.type === 'error' ? await c.whenClosed() : (await c.roundTrip(), c.closed);
    c.close();
    return { answer, closed };
  };
  const agentClaims = (over: Record<string, unknown> = {}) => ({ kind: 'agent' as const, ws, sub: 'nobody', name: 'Mallory', role: 'admin' as const, manageLiveChat: true, exp: Date.now() + 60_000, ...over });

  test('missing token', async () => {
    const c = new Client(server, 'conversation', convId);
    const opened = new Promise((r) => c.socket.addEventListener('open', r, { once: true }));
    c.socket.reconnect();
    await opened;
    c.send({ type: 'hello', v: PROTOCOL_VERSION, lastSeq: 0 });
    expect((await c.next((f) => f.type === 'error')).code).toBe('invalid-frame');
    c.send({ type: 'hello', v: PROTOCOL_VERSION, token: '', lastSeq: 0 });
    expect((await c.next((f) => f.type === 'error' && f.code === 'unauthorized')).code).toBe('unauthorized');
    c.close();
  });

  test('forged token (wrong secret) on both rooms', async () => {
    const forged = await signToken('another-secret-of-at-least-32-chars!!', agentClaims());
    for (const [room, id] of [['conversation', convId], ['workspace', ws]] as const) {
      const { answer, closed } = await hello(room, id, forged);
      expect(answer.code).toBe('unauthorized');
      expect(closed?.code).toBe(4001);
    }
    // A tampered payload with the real signature of another token.
    const [, sig] = adminToken.split('.');
    const tampered = `${Buffer.from(JSON.stringify(agentClaims())).toString('base64url')}.${sig}`;
    expect((await hello('conversation', convId, tampered)).answer.code).toBe('unauthorized');
  });

  test('expired token', async () => {
    const expired = await signToken(TEST_SECRET, agentClaims({ sub: JSON.parse(Buffer.from(adminToken.split('.')[0]!, 'base64url').toString()).sub, exp: Date.now() - 1 }));
    expect((await hello('conversation', convId, expired)).answer.code).toBe('unauthorized');
    expect((await hello('workspace', ws, expired)).answer.code).toBe('unauthorized');
  });

  test("foreign token: another workspace's agent", async () => {
    const other = await setupWorkspace(server);
    expect((await hello('conversation', convId, other.adminToken)).answer.code).toBe('unauthorized');
    expect((await hello('workspace', ws, other.adminToken)).answer.code).toBe('unauthorized');
  });

  test('a visitor token used on another conversation', async () => {
    const second = await startConversation(server, ws, playbookId);
    const { answer, closed } = await hello('conversation', second.body.conversationId, visitorToken);
    expect(answer.code).toBe('unauthorized');
    expect(closed?.code).toBe(4001);
  });

  test("a revoked agent's unexpired token is refused by conversation rooms too, and open sockets can't be reused", async () => {
    const rita = await addAgent(server, ws, admin, 'Rita Revoked');
    const waiting = await startConversation(server, ws, playbookId);
    const before = await hello('conversation', waiting.body.conversationId, rita.token);
    expect(before.answer.type).toBe('welcome');
    expect((await admin.request({ type: 'agent-revoke', id: rita.id })).type).toBe('ok');
    const after = await hello('conversation', waiting.body.conversationId, rita.token);
    expect(after.answer.code).toBe('unauthorized');
    expect(after.closed?.code).toBe(4001);
  });

  test('an agent answers only a chat assigned to them', async () => {
    const waiting = await startConversation(server, ws, playbookId);
    const c = new Client(server, 'conversation', waiting.body.conversationId);
    await c.open(adminToken);
    const id = clientId('a');
    c.send({ type: 'send', id, text: 'hello before claiming' });
    expect((await c.next((f) => f.type === 'error' && f.ref === id)).code).toBe('forbidden');
    await c.request({ type: 'claim' });
    const id2 = clientId('a');
    c.send({ type: 'send', id: id2, text: 'hello after claiming' });
    expect((await c.next((f) => f.type === 'ack' && f.id === id2)).seq).toBeGreaterThan(0);
    const w = await new Client(server, 'conversation', waiting.body.conversationId).open(adminToken);
    expect(w.entries.some((e: any) => e.id === id)).toBe(false);
    c.close();
  });

  test('a protocol version mismatch closes with 4000', async () => {
    const c = new Client(server, 'conversation', convId);
    const opened = new Promise((r) => c.socket.addEventListener('open', r, { once: true }));
    c.socket.reconnect();
    await opened;
    c.send({ type: 'hello', v: PROTOCOL_VERSION + 1, token: visitorToken, lastSeq: 0 });
    expect((await c.next((f) => f.type === 'error')).code).toBe('version-mismatch');
    expect((await c.whenClosed()).code).toBe(4000);
  });
});

describe('workspace and HTTP refusals', () => {
  test('a forbidden playbook edit is refused and changes nothing', async () => {
    const dana = await addAgent(server, ws, admin, 'Dana Agent', { manageLiveChat: false });
    const danaWs = new Client(server, 'workspace', ws);
    const welcome = await danaWs.open(dana.token);
    const playbook = welcome.playbooks.find((p: any) => p.id === playbookId);
    const { installedAt: _i, updatedAt: _u, ...input } = playbook;
    const edit = { ...input, cards: input.cards.map((c: any) => (c.type === 'live-chat' ? { ...c, waitSeconds: 30 } : c)) };
    const err = await danaWs.request({ type: 'playbook-save', playbook: edit });
    expect(err.code).toBe('forbidden');
    expect((await danaWs.request({ type: 'playbook-create', name: 'Mine', template: 'blank' })).code).toBe('forbidden');
    expect((await danaWs.request({ type: 'agent-create', name: 'Eve', email: 'eve@example.com', role: 'admin', manageLiveChat: true })).code).toBe('forbidden');
    const fresh = new Client(server, 'workspace', ws);
    const after = await fresh.open(adminToken);
    expect(after.playbooks.find((p: any) => p.id === playbookId)).toEqual(playbook);
    expect(after.agents.some((a: any) => a.name === 'Eve')).toBe(false);
    for (const c of [danaWs, fresh]) c.close();
  });

  test('an invalid playbook is refused with field messages', async () => {
    const pb = admin.frames.find((f) => f.type === 'welcome')!.playbooks[0];
    const { installedAt: _i, updatedAt: _u, ...input } = pb;
    const bad = { ...input, cards: input.cards.map((c: any) => (c.type === 'live-chat' ? { ...c, offlineMessage: '[x](javascript:alert(1))' } : c)) };
    const err = await admin.request({ type: 'playbook-save', playbook: bad });
    expect(err.code).toBe('invalid-field');
    expect(JSON.stringify(err.fields)).toContain('offlineMessage');
  });

  test('wrong credential, wrong setup key, bad bodies', async () => {
    const wrong = await post(server, `/parties/workspace/${ws}/session`, { credential: 'bat_0123456789abcdef_notTheRightSecretAtAll' });
    expect(wrong.status).toBe(401);
    expect(wrong.body.code).toBe('unauthorized');
    expect((await post(server, `/parties/workspace/${ws}/setup`, { name: 'X', email: 'x@example.com' }, { 'x-baton-setup-key': 'nope' })).status).toBe(401);
    const badJson = await post(server, `/parties/workspace/${ws}/conversations`, '{nope', { origin: DEMO_ORIGIN });
    expect(badJson.body.code).toBe('bad-json');
    const extra = await post(server, `/parties/workspace/${ws}/session`, { credential: 'x', extra: 1 });
    expect(extra.body.code).toBe('invalid-frame');
  });

  test('live chat from an origin outside the allow list is refused: Baton does not run there', async () => {
    const res = await startConversation(server, ws, playbookId, 'https://evil.example');
    expect(res.status).toBe(403);
    expect(res.body.code).toBe('forbidden');
  });

  test('conversations created per IP per minute are capped', async () => {
    const fresh = await setupWorkspace(server);
    const adminWs = new Client(server, 'workspace', fresh.ws);
    await adminWs.open(fresh.adminToken);
    adminWs.send({ type: 'set-online', online: true });
    await adminWs.next((f) => f.type === 'agents' && f.agents.some((a: any) => a.online));
    const statuses: number[] = [];
    for (let i = 0; i < 11; i++) statuses.push((await startConversation(server, fresh.ws, fresh.playbookId, DEMO_ORIGIN, '203.0.113.7')).status);
    expect(statuses.slice(0, 10).every((s) => s === 201)).toBe(true);
    expect(statuses[10]).toBe(429);
    // Another address is not affected.
    expect((await startConversation(server, fresh.ws, fresh.playbookId, DEMO_ORIGIN, '203.0.113.8')).status).toBe(201);
    adminWs.close();
  });

  test('a refusal for "nobody online" costs the address nothing: its offline form still goes through', async () => {
    const fresh = await setupWorkspace(server); // nobody online
    for (let i = 0; i < 12; i++) expect((await startConversation(server, fresh.ws, fresh.playbookId, DEMO_ORIGIN, '203.0.113.9')).status).toBe(503);
    const offline = await post(
      server,
      `/parties/workspace/${fresh.ws}/offline`,
      { playbookId: fresh.playbookId, submissionId: 'after-503-0001', contact: { email: 'late@example.com' }, create: ['lead'], transcript: [], answers: {}, context: visitorContext },
      { origin: DEMO_ORIGIN, 'cf-connecting-ip': '203.0.113.9' },
    );
    expect(offline).toMatchObject({ status: 200, body: { ok: true, accepted: 1 } });
  });
});
