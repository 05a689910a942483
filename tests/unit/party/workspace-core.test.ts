import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { signToken } from '../../../party/auth';
import { setLogSink } from '../../../party/log';
import { crmEnv } from '../../../party/crm/settings';
import { Workspace } from '../../../party/workspace/core';
import { CloseCode, PROTOCOL_VERSION, emptyDetails, liveChatTemplate, type ConversationSummary } from '../../../protocol';
import { signedRequest } from '../../helpers/memory-conversation';
import { ManualClock, MemorySocket, MemoryStorage, fakeLink, settle, type FakeRoom } from '../../helpers/memory-room';

const SECRET = 'workspace-test-secret-0123456789abcdef';
const WS = 'ws1';
const ORIGIN = 'https://shop.example';
const SETUP_KEY = 'the-setup-key-0123456789';

beforeEach(() => {
  vi.spyOn(console, 'error').mockImplementation(() => {});
});
afterEach(() => {
  vi.restoreAllMocks();
});

function summary(id: string, over: Partial<ConversationSummary> = {}): ConversationSummary {
  return { id, playbookId: 'demo', status: 'waiting', assignee: null, visitorName: 'Vera', lastMessage: null, unread: 0, createdAt: 1_796_000_000_000, lastActivityAt: 1_796_000_000_000, closedAt: null, ...over };
}

/** A Workspace on in-memory ports; conversation rooms are faked (init answers a summary, wake answers one with a rev). */
function workspaceHarness(o: { storage?: MemoryStorage; conversationsPerMinute?: number; conversation?: FakeRoom; setupKey?: string } = {}) {
  const storage = o.storage ?? new MemoryStorage();
  const clock = new ManualClock();
  const inits: Record<string, unknown>[] = [];
  const handler: FakeRoom =
    o.conversation ??
    ((to, body) => {
      if (body.type === 'init') {
        inits.push(body);
        return { status: 200, body: summary(String(body.conversationId), { createdAt: Number(body.createdAt) }) };
      }
      if (body.type === 'wake') return { status: 200, body: { conversation: summary(to.id, { status: 'unassigned' }), rev: 5 } };
      return { status: 404 };
    });
  const { link, calls } = fakeLink(SECRET, handler);
  let remembered = 0;
  const ws = new Workspace({
    id: WS,
    storage: storage.asStorage(),
    clock,
    secret: SECRET,
    link,
    crmEnv: crmEnv({}),
    remember: async () => void remembered++,
    config: { setupKey: o.setupKey ?? SETUP_KEY, sessionTtlMs: 3_600_000, conversationsPerMinute: o.conversationsPerMinute ?? 10, waitSecondsOverride: undefined, helloGraceMs: 10_000 },
  });
  const http = (path: string, init: RequestInit = {}) => ws.request(new Request(`https://baton.example/parties/workspace/${WS}/${path}`, init), 'ip-1');
  const post = (path: string, body: unknown, headers: Record<string, string> = {}) => http(path, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json', ...headers } });
  const h = {
    ws,
    get remembered() {
      return remembered;
    },
    storage,
    clock,
    calls,
    inits,
    http,
    post,
    async internal(body: unknown) {
      const res = await ws.request(await signedRequest({ party: 'workspace', id: WS }, body, SECRET), 'room');
      return { status: res.status, body: (await res.json()) as Record<string, unknown> };
    },
    async setup() {
      const res = await post('setup', { name: 'Root', email: 'root@example.com', demoPlaybook: true, allowedOrigins: [ORIGIN] }, { 'x-baton-setup-key': SETUP_KEY });
      expect(res.status).toBe(201);
      return (await res.json()) as { agent: { id: string }; credential: string; playbookId: string };
    },
    async token(agentId: string) {
      const a = ws.agents.get(agentId)!;
      return signToken(SECRET, { kind: 'agent', ws: WS, sub: a.id, name: a.name, role: a.role, manageLiveChat: a.manageLiveChat, exp: Math.max(Date.now(), clock.now()) + 3_600_000 });
    },
    async connect(agentId: string) {
      const s = new MemorySocket();
      ws.connect(s);
      await h.frame(s, { type: 'hello', v: PROTOCOL_VERSION, token: await h.token(agentId), lastSeq: 0 });
      return s;
    },
    async frame(s: MemorySocket, frame: unknown) {
      await ws.message(s, JSON.stringify(frame));
      await settle();
    },
    async addAgent(email: string, role: 'admin' | 'agent' = 'agent') {
      const { agent } = await ws.agents.add({ name: email.split('@')[0]!, email, role, manageLiveChat: false });
      return agent.id;
    },
  };
  return h;
}

describe('setup and session', () => {
  test('setup needs the key, creates the first admin (and the demo playbook) once', async () => {
    const h = workspaceHarness();
    const wrong = await h.post('setup', { name: 'X', email: 'x@example.com' }, { 'x-baton-setup-key': 'nope' });
    expect(wrong.status).toBe(401);
    const { agent, credential, playbookId } = await h.setup();
    expect(h.ws.agents.get(agent.id)).toMatchObject({ role: 'admin', manageLiveChat: true });
    expect(credential.startsWith(`bat_${agent.id}_`)).toBe(true);
    expect(playbookId).toBe('demo');
    expect(h.ws.playbooks.get('demo')!.allowedOrigins).toEqual([ORIGIN]);
    const again = await h.post('setup', { name: 'Y', email: 'y@example.com' }, { 'x-baton-setup-key': SETUP_KEY });
    expect(again.status).toBe(409);
    expect(h.ws.agents.size).toBe(1);
  });

  test('two setups at once create one admin', async () => {
    const h = workspaceHarness();
    const body = (n: string) => h.post('setup', { name: n, email: `${n}@example.com` }, { 'x-baton-setup-key': SETUP_KEY });
    const statuses = (await Promise.all([body('a'), body('b')])).map((r) => r.status).sort();
    expect(statuses).toEqual([201, 409]);
    expect(h.ws.agents.size).toBe(1);
  });

  test('session: a credential becomes a token with the configured lifetime; a wrong one is 401', async () => {
    const h = workspaceHarness();
    const { agent, credential } = await h.setup();
    const res = await h.post('session', { credential });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { token: string; expiresAt: number; agent: Record<string, unknown> };
    expect(body.agent).toEqual({ id: agent.id, name: 'Root', email: 'root@example.com', role: 'admin', manageLiveChat: true, online: false, status: 'offline', revoked: false });
    expect(body.expiresAt - Date.now()).toBeGreaterThan(3_500_000);
    expect((await h.post('session', { credential: credential + 'x' })).status).toBe(401);
  });

  test('a refused request is logged with its route (method:name, a safe identifier), never with what was sent', async () => {
    const h = workspaceHarness();
    const { credential } = await h.setup();
    const lines: string[] = [];
    const restore = setLogSink((l) => lines.push(l));
    try {
      expect((await h.post('session', { credential: credential + 'x' })).status).toBe(401);
    } finally {
      restore();
    }
    const refused = lines.map((l) => JSON.parse(l) as Record<string, unknown>).filter((l) => l.ev === 'auth-refused');
    expect(refused).toEqual([expect.objectContaining({ route: 'POST:session', code: 'unauthorized' })]);
    expect(lines.join('\n')).not.toContain(credential);
  });
});

describe('HTTP plumbing', () => {
  test('CORS on public routes, none on internal; OPTIONS is 204; unknown routes 404', async () => {
    const h = workspaceHarness();
    const pre = await h.http('conversations', { method: 'OPTIONS', headers: { origin: ORIGIN } });
    expect(pre.status).toBe(204);
    expect(pre.headers.get('access-control-allow-origin')).toBe(ORIGIN);
    const missing = await h.http('nothing-here', { headers: { origin: ORIGIN } });
    expect(missing.status).toBe(404);
    expect(missing.headers.get('access-control-allow-origin')).toBe(ORIGIN);
    const internal = await h.ws.request(await signedRequest({ party: 'workspace', id: WS }, { type: 'agent-lookup', agentId: 'x' }, SECRET), 'room');
    expect(internal.headers.get('access-control-allow-origin')).toBeNull();
  });

  test('internal calls need a signature for this very workspace', async () => {
    const h = workspaceHarness();
    const forOther = await signedRequest({ party: 'workspace', id: 'ws2' }, { type: 'agent-lookup', agentId: 'x' }, SECRET);
    expect((await h.ws.request(forOther, 'room')).status).toBe(401);
    const unsigned = new Request(`https://baton.example/parties/workspace/${WS}/internal`, { method: 'POST', body: '{"type":"agent-lookup","agentId":"x"}' });
    expect((await h.ws.request(unsigned, 'room')).status).toBe(401);
  });

  test('agent-lookup answers the public agent (never the hash) or 404', async () => {
    const h = workspaceHarness();
    const { agent } = await h.setup();
    const found = await h.internal({ type: 'agent-lookup', agentId: agent.id });
    expect(found).toEqual({ status: 200, body: { id: agent.id, name: 'Root', email: 'root@example.com', role: 'admin', manageLiveChat: true, online: false, status: 'offline', revoked: false } });
    expect((await h.internal({ type: 'agent-lookup', agentId: 'nobody' })).status).toBe(404);
  });

  test('export over HTTP: admins only, with a bearer token', async () => {
    const h = workspaceHarness();
    const { agent } = await h.setup();
    const plain = await h.addAgent('p@example.com');
    expect((await h.http('records?format=csv')).status).toBe(401);
    expect((await h.http('records?format=csv', { headers: { authorization: `Bearer ${await h.token(plain)}` } })).status).toBe(403);
    const ok = await h.http('records?format=json', { headers: { authorization: `Bearer ${await h.token(agent.id)}` } });
    expect(ok.status).toBe(200);
    expect(ok.headers.get('content-disposition')).toMatch(/^attachment; filename=".+\.json"$/);
    expect((await h.http('records?format=xml', { headers: { authorization: `Bearer ${await h.token(agent.id)}` } })).status).toBe(400);
  });
});

describe('conversation reports and fan-out', () => {
  test('a report reaches who may see it; an older revision is ignored; another workspace\'s chat is refused', async () => {
    const h = workspaceHarness();
    const { agent: root } = await h.setup();
    const bob = await h.addAgent('bob@example.com');
    const sRoot = await h.connect(root.id);
    const sBob = await h.connect(bob);
    sRoot.clear();
    sBob.clear();
    const id = `${WS}.c1`;
    expect((await h.internal({ type: 'conversation-changed', conversation: summary(id), rev: 10 })).status).toBe(200);
    expect(sBob.of('conversation')).toHaveLength(1);
    await h.internal({ type: 'conversation-changed', conversation: summary(id, { status: 'active', assignee: { id: root.id, name: 'Root' } }), rev: 12, actorId: root.id });
    expect(sBob.last()).toEqual({ type: 'conversation-removed', id });
    expect(sRoot.last()).toMatchObject({ type: 'conversation', conversation: { status: 'active' } });
    const before = [sRoot.sent.length, sBob.sent.length];
    await h.internal({ type: 'conversation-changed', conversation: summary(id, { status: 'waiting' }), rev: 11 });
    expect([sRoot.sent.length, sBob.sent.length]).toEqual(before);
    expect(h.ws.inbox.get(id)!.status).toBe('active');
    const foreign = await h.internal({ type: 'conversation-changed', conversation: summary('ws2.c1'), rev: 1 });
    expect(foreign.status).toBe(403);
    expect(h.ws.inbox.get('ws2.c1')).toBeUndefined();
  });

  test('notifications go only to agents Online with a socket open', async () => {
    const h = workspaceHarness();
    const { agent: root } = await h.setup();
    const bob = await h.addAgent('bob@example.com');
    const sRoot = await h.connect(root.id);
    const sBob = await h.connect(bob);
    await h.frame(sBob, { type: 'set-online', online: true });
    sRoot.clear();
    sBob.clear();
    await h.internal({ type: 'conversation-changed', conversation: summary(`${WS}.c2`), rev: 1 });
    expect(sBob.of('notify')).toHaveLength(1);
    expect(sRoot.of('notify')).toHaveLength(0); // connected but not Online
  });

  test('start wakes the waiting chats and takes their answers', async () => {
    const storage = new MemoryStorage();
    const first = workspaceHarness({ storage });
    await first.ws.conversationChanged(summary(`${WS}.w1`), undefined, undefined, 1);
    await first.ws.conversationChanged(summary(`${WS}.a1`, { status: 'closed' }), undefined, undefined, 1);
    const h = workspaceHarness({ storage });
    await h.ws.start();
    await vi.waitFor(() => expect(h.ws.inbox.get(`${WS}.w1`)!.status).toBe('unassigned'));
    expect(h.calls.map((c) => [c.to.id, c.body.type])).toEqual([[`${WS}.w1`, 'wake']]);
  });
});

describe('public endpoints', () => {
  const create = (h: ReturnType<typeof workspaceHarness>, origin = ORIGIN) =>
    h.http('conversations', {
      method: 'POST',
      headers: { origin, 'content-type': 'application/json' },
      body: JSON.stringify({ playbookId: 'demo', transcript: [], answers: {}, context: { pageUrl: `${ORIGIN}/`, referrer: '', language: 'en', userAgent: 'ua' } }),
    });

  async function online(h: ReturnType<typeof workspaceHarness>) {
    const { agent } = await h.setup();
    const s = await h.connect(agent.id);
    await h.frame(s, { type: 'set-online', online: true });
    return { agent, s };
  }

  test('widget config: available only on an allowed origin with someone online; the first allowed load marks it installed', async () => {
    const h = workspaceHarness();
    await h.setup();
    const offline = await (await h.http('widget/demo', { headers: { origin: ORIGIN } })).json();
    expect(offline).toMatchObject({ available: false, reason: 'nobody-online', playbook: { id: 'demo' } });
    expect(offline.playbook.allowedOrigins).toBeUndefined();
    expect(h.ws.playbooks.get('demo')!.installedAt).not.toBeNull();
    expect(await (await h.http('widget/demo', { headers: { origin: 'https://evil.example' } })).json()).toMatchObject({ available: false, reason: 'origin-not-allowed' });
    expect((await h.http('widget/ghost')).status).toBe(404);
  });

  test('a new conversation: init sent to its room, indexed, a visitor token answered', async () => {
    const h = workspaceHarness();
    const { s } = await online(h);
    s.clear();
    const res = await create(h);
    expect(res.status).toBe(201);
    const body = (await res.json()) as { conversationId: string; visitorToken: string; waitUntil: number };
    expect(body.conversationId.startsWith(`${WS}.`)).toBe(true);
    expect(h.inits).toHaveLength(1);
    expect(h.inits[0]).toMatchObject({ type: 'init', conversationId: body.conversationId, workspaceId: WS, playbookId: 'demo', waitSeconds: 120, details: emptyDetails() });
    expect(body.waitUntil).toBe(Number(h.inits[0]!.createdAt) + 120_000);
    expect(h.ws.inbox.get(body.conversationId)).toMatchObject({ status: 'waiting' });
    expect(s.of('conversation')).toHaveLength(1);
    expect(s.of('notify')).toEqual([{ type: 'notify', event: 'new-unassigned', conversation: expect.objectContaining({ id: body.conversationId }) }]);
  });

  test('nobody online: unavailable; a foreign origin: forbidden; nothing created; too many from one address: rate-limited', async () => {
    const h = workspaceHarness({ conversationsPerMinute: 2 });
    await h.setup();
    expect((await create(h)).status).toBe(503);
    const { agent } = { agent: h.ws.agents.all().next().value! };
    const s = await h.connect(agent.id);
    await h.frame(s, { type: 'set-online', online: true });
    expect((await create(h, 'https://evil.example')).status).toBe(403);
    expect(h.inits).toHaveLength(0);
    expect((await create(h)).status).toBe(201);
    expect((await create(h)).status).toBe(201);
    const third = await create(h);
    expect(third.status).toBe(429);
    expect(h.inits).toHaveLength(2);
  });
});

describe('agent sockets', () => {
  test('hello: welcome with me, agents, visible conversations, playbooks, default settings, replies', async () => {
    const h = workspaceHarness();
    const { agent } = await h.setup();
    await h.ws.conversationChanged(summary(`${WS}.c1`), undefined, undefined, 1);
    const s = await h.connect(agent.id);
    const w = s.of<Record<string, unknown>>('welcome')[0]!;
    expect(w).toMatchObject({ v: PROTOCOL_VERSION, workspaceId: WS, me: { id: agent.id, online: false }, settings: { enabled: true, newUnassigned: true, assignedToMe: true, newMessage: true, sound: false }, replies: [] });
    expect((w.conversations as ConversationSummary[]).map((c) => c.id)).toEqual([`${WS}.c1`]);
    expect((w.playbooks as { id: string }[]).map((p) => p.id)).toEqual(['demo']);
    expect(JSON.stringify(w)).not.toContain('credentialHash');
  });

  test('bad tokens are refused and closed; a silent socket is closed after the grace period', async () => {
    const h = workspaceHarness();
    await h.setup();
    const bad = new MemorySocket();
    await h.frame(bad, { type: 'hello', v: PROTOCOL_VERSION, token: await signToken(SECRET, { kind: 'visitor', ws: WS, conv: 'x' }), lastSeq: 0 });
    expect(bad.closed?.code).toBe(CloseCode.unauthorized);
    const silent = new MemorySocket();
    h.ws.connect(silent);
    h.clock.advance(10_000);
    expect(silent.closed?.code).toBe(CloseCode.helloTimeout);
    const early = new MemorySocket();
    await h.frame(early, { type: 'ping' });
    expect(early.last()).toMatchObject({ type: 'error', code: 'unauthorized' });
  });

  test('agent-create (admins only) answers the credential once; revoke closes the agent\'s sockets; nobody revokes themselves', async () => {
    const h = workspaceHarness();
    const { agent } = await h.setup();
    const admin = await h.connect(agent.id);
    admin.clear();
    await h.frame(admin, { type: 'agent-create', ref: 'c1', name: 'Bob', email: 'bob@example.com', role: 'agent', manageLiveChat: false });
    const created = admin.of<{ agent: { id: string }; credential: string; ref: string }>('agent-created')[0]!;
    expect(created.ref).toBe('c1');
    expect(created.credential).toMatch(/^bat_/);
    expect(admin.of('agents')).toHaveLength(1);
    const bob = await h.connect(created.agent.id);
    await h.frame(bob, { type: 'agent-create', ref: 'c2', name: 'Eve', email: 'eve@example.com', role: 'admin', manageLiveChat: true });
    expect(bob.last()).toMatchObject({ type: 'error', code: 'forbidden', ref: 'c2' });
    await h.frame(admin, { type: 'agent-revoke', ref: 'self', id: agent.id });
    expect(admin.last()).toMatchObject({ type: 'error', code: 'forbidden', ref: 'self' });
    await h.frame(admin, { type: 'agent-revoke', ref: 'r', id: created.agent.id });
    expect(bob.closed).toEqual({ code: CloseCode.unauthorized, reason: 'Revoked' });
    expect(admin.of('ok').at(-1)).toEqual({ type: 'ok', ref: 'r' });
  });

  test('playbooks and saved replies need manage live chat; a stale playbook save is a conflict', async () => {
    const h = workspaceHarness();
    const { agent } = await h.setup();
    const plain = await h.addAgent('p@example.com');
    const admin = await h.connect(agent.id);
    const other = await h.connect(plain);
    await h.frame(other, { type: 'reply-save', ref: 'r', reply: { shortcut: 'hi', text: 'Hello!' } });
    expect(other.last()).toMatchObject({ type: 'error', code: 'forbidden', ref: 'r' });
    other.clear();
    await h.frame(admin, { type: 'reply-save', ref: 'r2', reply: { shortcut: 'hi', text: 'Hello!' } });
    expect(admin.of('ok').at(-1)).toMatchObject({ ref: 'r2', id: expect.any(String) });
    expect(other.of('replies')).toEqual([{ type: 'replies', replies: [expect.objectContaining({ shortcut: 'hi' })] }]);
    const pb = h.ws.playbooks.get('demo')!;
    const { installedAt: _i, updatedAt: _u, ...input } = pb;
    await h.frame(admin, { type: 'playbook-save', ref: 'p1', playbook: { ...input, name: 'Renamed' } });
    expect(admin.of('ok').at(-1)).toEqual({ type: 'ok', ref: 'p1', id: 'demo' });
    expect(other.of('playbooks').at(-1)).toMatchObject({ playbooks: [{ name: 'Renamed', revision: 2 }] });
    await h.frame(admin, { type: 'playbook-save', ref: 'p2', playbook: { ...input, name: 'Stale' } });
    expect(admin.last()).toMatchObject({ type: 'error', code: 'conflict', ref: 'p2' });
  });

  test('settings are stored per agent and sent back to that agent', async () => {
    const h = workspaceHarness();
    const { agent } = await h.setup();
    const s = await h.connect(agent.id);
    const notifications = { enabled: true, newUnassigned: false, assignedToMe: true, newMessage: false, sound: true };
    await h.frame(s, { type: 'settings-save', ref: 's', notifications });
    expect(h.storage.data.get(`notif:${agent.id}`)).toEqual(notifications);
    expect(s.of('settings')).toEqual([{ type: 'settings', settings: notifications }]);
    const again = workspaceHarness({ storage: h.storage });
    await again.ws.start();
    const s2 = await again.connect(agent.id);
    expect(s2.of('welcome')[0]).toMatchObject({ settings: notifications });
  });

  test('CRM frames: anyone reads the settings (no secrets); only admins change them', async () => {
    const h = workspaceHarness();
    const { agent } = await h.setup();
    const plain = await h.addAgent('p@example.com');
    const admin = await h.connect(agent.id);
    const other = await h.connect(plain);
    await h.frame(other, { type: 'crm-get', ref: 'g' });
    expect(other.last()).toEqual({ type: 'crm-settings', ref: 'g', settings: { kind: 'builtin' } });
    await h.frame(other, { type: 'crm-save', ref: 's', settings: { kind: 'builtin' } });
    expect(other.last()).toMatchObject({ type: 'error', code: 'forbidden', ref: 's' });
    await h.frame(admin, { type: 'crm-intents-get', ref: 'i' });
    expect(admin.last()).toEqual({ type: 'crm-intents', ref: 'i', intents: [] });
    await h.frame(admin, { type: 'crm-retry', ref: 'x', id: 'off:nothing' });
    expect(admin.last()).toMatchObject({ type: 'error', code: 'not-found', ref: 'x' });
  });

  test('record-create from a conversation makes one built-in lead, however often it is asked', async () => {
    const h = workspaceHarness();
    await h.setup();
    const ask = { type: 'record-create', conversationId: `${WS}.c1`, kind: 'lead', details: { ...emptyDetails(), person: { name: 'Vera', email: 'vera@example.com', phone: '' } }, visitorName: 'Vera' };
    const first = await h.internal(ask);
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ status: 'created', record: { kind: 'lead' } });
    const second = await h.internal(ask);
    expect(second.body).toEqual(first.body);
    const records = (await h.ws.crm.builtin.all()).filter((r) => r.kind === 'lead');
    expect(records).toHaveLength(1);
  });
});

test('liveChatTemplate gives the demo a live chat card (used by setup and createConversation)', () => {
  expect(liveChatTemplate('demo').cards.some((c) => c.type === 'live-chat')).toBe(true);
});

describe('changes in flight (setup key, agent changes)', () => {
  test('a setup key shorter than 16 characters disables setup', async () => {
    const h = workspaceHarness({ setupKey: 'short-key' });
    const res = await h.post('setup', { name: 'X', email: 'x@example.com' }, { 'x-baton-setup-key': 'short-key' });
    expect(res.status).toBe(503);
    expect(h.ws.agents.size).toBe(0);
  });

  test('setup keeps the room id (remember); revoking an agent tells every conversation they joined or hold', async () => {
    const told: { id: string; body: Record<string, unknown> }[] = [];
    const h = workspaceHarness({ conversation: (to, body) => (told.push({ id: to.id, body }), { status: 200, body: { ok: true } }) });
    const { agent } = await h.setup();
    expect(h.remembered).toBe(1);
    const bob = await h.addAgent('bob@example.com');
    await h.internal({ type: 'agent-lookup', agentId: bob, conversationId: `${WS}.joined` });
    await h.internal({ type: 'agent-lookup', agentId: bob, conversationId: 'ws2.foreign' });
    await h.ws.conversationChanged(summary(`${WS}.held`, { status: 'active', assignee: { id: bob, name: 'bob' } }), undefined, undefined, 1);
    const admin = await h.connect(agent.id);
    await h.frame(admin, { type: 'agent-revoke', ref: 'r', id: bob });
    expect(told.map((t) => t.id).sort()).toEqual([`${WS}.held`, `${WS}.joined`]);
    expect(told[0]!.body).toMatchObject({ type: 'agent-changed', agent: { id: bob, revoked: true }, by: { id: agent.id, name: 'Root' } });
  });

  test('a conversation that could not be told of a revocation is told again (1 s, 5 s, 30 s), then given up on', async () => {
    let answers = [500, 503, 200];
    const told: number[] = [];
    const h = workspaceHarness({ conversation: () => (told.push(Date.now()), { status: answers.shift() ?? 500, body: {} }) });
    const { agent } = await h.setup();
    const bob = await h.addAgent('bob@example.com');
    await h.internal({ type: 'agent-lookup', agentId: bob, conversationId: `${WS}.joined` });
    const admin = await h.connect(agent.id);
    h.clock.advance(10_000); // past the admin socket's hello deadline: its session timer is left
    const timers = h.clock.pending;
    await h.frame(admin, { type: 'agent-revoke', ref: 'r', id: bob });
    expect(told).toHaveLength(1);
    // Each try signs its request (WebCrypto, truly async): wait for it, not for a number of microtasks.
    h.clock.advance(1_000);
    await expect.poll(() => told.length).toBe(2);
    h.clock.advance(5_000);
    await expect.poll(() => told.length).toBe(3); // answered 200: no more
    await expect.poll(() => h.clock.pending).toBe(timers); // no retry left waiting
    answers = [];
    const carol = await h.addAgent('carol@example.com');
    await h.internal({ type: 'agent-lookup', agentId: carol, conversationId: `${WS}.other` });
    await h.frame(admin, { type: 'agent-revoke', ref: 'r2', id: carol });
    for (const [ms, n] of [[1_000, 5], [5_000, 6], [30_000, 7]] as const) {
      h.clock.advance(ms);
      await expect.poll(() => told.length).toBe(n);
    }
    await expect.poll(() => h.clock.pending).toBe(timers); // the first try and three more, then it stops
    expect(told).toHaveLength(7);
  });
});
