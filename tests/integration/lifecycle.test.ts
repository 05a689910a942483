import { readFileSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startServer, type TestServer } from '../helpers/server';
import { Client, DEMO_ORIGIN, clientId, onlineWorkspace, post, sessionToken, visitorContext } from '../helpers/clients';
import { ask, until } from '../fakes/crm-helpers';
import { loadRoomStorage, roomStorage, setWorkspaceClock } from '../helpers/room-storage';

let server: TestServer;
beforeAll(async () => {
  server = await startServer({ vars: { BATON_TEST_STORAGE: '1', BATON_TEST_CLOCK: '1', BATON_CONVERSATIONS_PER_MINUTE: '1000' } });
});
afterAll(async () => {
  if (process.env.SHOW_LOGS) console.log(server.logs());
  await server?.stop();
});

const DAY = 24 * 3600_000;

/** A chat from a visitor's browser (`visitorId`), claimed by the admin; its visitor and agent sockets. */
async function chatOf(w: Awaited<ReturnType<typeof onlineWorkspace>>, visitorId: string, name: string) {
  const created = await post(server, `/parties/workspace/${w.ws}/conversations`, { playbookId: w.playbookId, visitorId, transcript: [{ from: 'visitor', text: 'Talk to sales', at: Date.now() - 1000 }], answers: { topic: 'sales', name }, context: visitorContext }, { origin: DEMO_ORIGIN });
  expect(created.status).toBe(201);
  const id = created.body.conversationId as string;
  const agent = new Client(server, 'conversation', id);
  await agent.open(w.adminToken);
  expect((await agent.request({ type: 'claim' })).type).toBe('ok');
  const visitor = new Client(server, 'conversation', id);
  await visitor.open(created.body.visitorToken);
  return { id, agent, visitor };
}

async function say(from: Client, to: Client, text: string) {
  from.send({ type: 'send', id: clientId(), text });
  await to.next((f) => f.type === 'entries' && f.entries.some((e: any) => e.text === text));
}

/** Everything the agent's socket was shown: entries by seq, the latest details and trail. */
function agentSaw(agent: Client) {
  const entries = new Map<number, unknown>();
  let details: unknown = null;
  let trail: unknown = [];
  for (const f of agent.frames) {
    if (f.type === 'welcome' || f.type === 'entries') for (const e of f.entries) entries.set(e.seq, e);
    if (f.type === 'welcome') details = f.details;
    if (f.type === 'details') details = f.details;
    if (f.type === 'trail') trail = f.pages;
  }
  return { entries: [...entries.keys()].sort((a, b) => a - b).map((s) => entries.get(s)), details, trail };
}

test('export of a chat equals what its agents saw; an export of all goes oldest first and ends', async () => {
  const w = await onlineWorkspace(server);
  const { id, agent, visitor } = await chatOf(w, 'vera-browser-00000001', 'Vera Visitor');
  await say(visitor, agent, 'Do you ship to Lyon?');
  await say(agent, visitor, 'We do, next day.');
  visitor.send({ type: 'pages', pages: [{ url: `${DEMO_ORIGIN}/pricing`, title: 'Pricing', at: Date.now() }] });
  await agent.next((f) => f.type === 'trail');
  expect((await agent.request({ type: 'update-details', patch: { person: { email: 'vera@example.com' }, notes: 'Wants =1+1 next-day' } })).type).toBe('ok');
  await agent.next((f) => f.type === 'details');
  expect((await agent.request({ type: 'close' })).type).toBe('ok');
  const closed = await agent.next((f) => f.type === 'state' && f.conversation.status === 'closed');
  await agent.roundTrip();

  const page = await ask(w.admin, { type: 'conversations-export', conversationId: id });
  expect(page).toMatchObject({ type: 'conversations-export', cursor: null, total: 1 });
  const [exported] = page.conversations;
  const saw = agentSaw(agent);
  expect(exported.entries).toEqual(saw.entries);
  expect(exported.details).toEqual(saw.details);
  expect(exported.trail).toEqual(saw.trail);
  expect(exported.conversation).toEqual(closed.conversation);

  const other = await chatOf(w, 'anna-browser-00000001', 'Anna');
  const all = await ask(w.admin, { type: 'conversations-export' });
  expect(all.cursor).toBeNull();
  expect(all.total).toBe(2);
  expect(all.conversations.map((c: any) => c.conversation.id)).toEqual([id, other.id]);

  // The same export over HTTP for scripted backups: an admin token, page after page with the cursor.
  const http = (query: string, token = w.adminToken) => fetch(`${server.url}/parties/workspace/${w.ws}/export${query}`, { headers: { authorization: `Bearer ${token}` } });
  const overHttp = await (await http('')).json();
  expect(overHttp).toMatchObject({ cursor: null, total: 2 });
  expect(overHttp.conversations).toEqual(all.conversations);
  expect((await (await http(`?conversation=${encodeURIComponent(id)}`)).json()).conversations[0].entries).toEqual(saw.entries);
  expect((await fetch(`${server.url}/parties/workspace/${w.ws}/export`)).status).toBe(401);

  // Admins only.
  const bobToken = await sessionToken(server, w.ws, (await w.admin.request({ type: 'agent-create', name: 'Bob', email: 'bob@example.com', role: 'agent', manageLiveChat: true })).credential);
  const bob = new Client(server, 'workspace', w.ws);
  await bob.open(bobToken);
  expect((await ask(bob, { type: 'conversations-export' })).code).toBe('forbidden');
  expect((await http('', bobToken)).status).toBe(403);
  for (const c of [agent, visitor, other.agent, other.visitor, bob]) c.close();
});

test('an export of many conversations comes in pages, each conversation once, oldest first', async () => {
  const w = await onlineWorkspace(server);
  const ids: string[] = [];
  for (let i = 0; i < 27; i++) {
    const created = await post(server, `/parties/workspace/${w.ws}/conversations`, { playbookId: w.playbookId, transcript: [{ from: 'visitor', text: `question ${i}`, at: Date.now() - 1000 }], answers: { name: `Visitor ${i}` }, context: visitorContext }, { origin: DEMO_ORIGIN });
    expect(created.status).toBe(201);
    ids.push(created.body.conversationId);
  }
  const got: string[] = [];
  const created: number[] = [];
  const pages: number[] = [];
  let cursor: string | undefined;
  for (let n = 0; n < 5; n++) {
    const page = await ask(w.admin, { type: 'conversations-export', ...(cursor ? { cursor } : {}) });
    expect(page.total).toBe(27);
    pages.push(page.conversations.length);
    got.push(...page.conversations.map((c: any) => c.conversation.id));
    created.push(...page.conversations.map((c: any) => c.conversation.createdAt));
    if (page.cursor === null) break;
    cursor = page.cursor;
  }
  expect(pages).toEqual([25, 2]);
  expect([...got].sort()).toEqual([...ids].sort());
  expect(created).toEqual([...created].sort((a, b) => a - b));
  w.admin.close();
});

test('deleting a visitor leaves no trace of them in any room’s storage, keeps a record, and another visitor’s data stays', async () => {
  const w = await onlineWorkspace(server);
  const VERA = 'vera-browser-00000002';
  const one = await chatOf(w, VERA, 'Vera Visitor');
  await say(one.visitor, one.agent, 'I am Vera, call me on +33 6 12 34 56 78');
  one.visitor.send({ type: 'pages', pages: [{ url: `${DEMO_ORIGIN}/vera-pricing`, at: Date.now() }] });
  await one.agent.next((f) => f.type === 'trail');
  expect((await one.agent.request({ type: 'update-details', patch: { person: { name: 'Vera Visitor', email: 'vera@example.com' }, organization: { name: 'Acme' } } })).type).toBe('ok');
  expect((await one.agent.request({ type: 'create-record', kind: 'lead' })).type).toBe('ok');
  await one.agent.next((f) => f.type === 'entries' && f.entries.some((e: any) => e.event === 'lead-created'));
  expect((await one.agent.request({ type: 'close' })).type).toBe('ok');
  const two = await chatOf(w, VERA, 'Vera again'); // her second chat, still open
  await say(two.visitor, two.agent, 'Vera here again');
  expect((await ask(w.admin, { type: 'block', conversationId: two.id, reason: 'Testing' })).type).toBe('ok');

  const anna = await chatOf(w, 'anna-browser-00000002', 'Anna Other');
  await say(anna.visitor, anna.agent, 'Anna asks about Acme');
  expect((await anna.agent.request({ type: 'update-details', patch: { person: { name: 'Anna Other', email: 'anna@example.com' }, organization: { name: 'Acme' } } })).type).toBe('ok');
  expect((await anna.agent.request({ type: 'create-record', kind: 'lead' })).type).toBe('ok');
  await anna.agent.next((f) => f.type === 'entries' && f.entries.some((e: any) => e.event === 'lead-created'));
  const annaRoomBefore = await roomStorage(server, 'conversation', anna.id);

  const found = await ask(w.admin, { type: 'visitor-find', query: VERA });
  expect(found.conversations.map((c: any) => c.id).sort()).toEqual([one.id, two.id].sort());
  const erased = await ask(w.admin, { type: 'visitor-erase', query: VERA });
  expect(erased.erasure).toMatchObject({ conversations: 2, failed: 0, blocks: 1, by: { name: 'Ada Admin' } });
  expect(erased.erasure.records).toBeGreaterThanOrEqual(3); // her person, lead and note at least
  expect(erased.erasure.intents).toBe(1);
  // Her sockets are closed, and her rooms refuse her.
  await two.visitor.whenClosed();
  const again = new Client(server, 'conversation', two.id);
  expect((await again.open(w.adminToken)).code).toBe('not-found');

  // Nothing of her anywhere: her rooms are empty, the workspace names none of her.
  for (const id of [one.id, two.id]) expect(await roomStorage(server, 'conversation', id)).toEqual({ storage: {}, alarm: null });
  const workspace = JSON.stringify((await roomStorage(server, 'workspace', w.ws)).storage);
  for (const trace of [VERA, 'vera@example.com', 'Vera Visitor', 'Vera again', one.id, two.id, '+33 6 12 34 56 78', 'vera-pricing', 'I am Vera']) expect(workspace, trace).not.toContain(trace);
  // The record says who did it and when, with a hash of the request only.
  const erasures = await ask(w.admin, { type: 'erasures-get' });
  expect(erasures.type).toBe('erasures');
  expect(erasures.erasures[0]).toEqual(erased.erasure);
  expect(erasures.erasures[0].subject).toMatch(/^[A-Za-z0-9_-]{43}$/);

  // Anna's chat, her CRM items and the organization both used are all there.
  expect(await roomStorage(server, 'conversation', anna.id)).toEqual(annaRoomBefore);
  expect(workspace).toContain(anna.id);
  expect(workspace).toContain('anna@example.com');
  const records = await ask(w.admin, { type: 'records-list' });
  expect(records.records.map((r: any) => r.kind).sort()).toEqual(['lead', 'organization', 'person']);
  expect(records.records.find((r: any) => r.kind === 'organization').title).toBe('Acme');
  for (const c of [one.agent, one.visitor, two.agent, two.visitor, anna.agent, anna.visitor, again]) c.close();
});

test('retention deletes closed chats past the limit only, alarm-driven, and survives a restart', async () => {
  const w = await onlineWorkspace(server);
  const old = await chatOf(w, 'old-browser-000000001', 'Old Closed');
  expect((await old.agent.request({ type: 'close' })).type).toBe('ok');
  const open = await chatOf(w, 'open-browser-00000001', 'Still Open');
  await say(open.visitor, open.agent, 'still talking');
  await w.admin.roundTrip();

  // On: a sweep runs at once, and nothing is old enough yet.
  const from = w.admin.frames.length;
  expect((await w.admin.request({ type: 'retention-save', days: 1 })).type).toBe('ok');
  const swept = await w.admin.next((f) => f.type === 'retention' && f.retention.lastRunAt !== null, 20_000, from);
  expect(swept.retention).toMatchObject({ days: 1, lastDeleted: 0, running: false });
  expect((await roomStorage(server, 'conversation', old.id)).storage.meta).toBeDefined();

  // Two days pass (the workspace's test clock), while the server is down: the next sweep was due a day after
  // the first. partykit dev forgets alarms over a restart: the room arms it again when it starts.
  await setWorkspaceClock(server, w.ws, 2 * DAY);
  for (const c of [old.agent, old.visitor, open.agent, open.visitor, w.admin]) c.close();
  await server.restart();
  // Whatever wakes the room first (here a visitor's widget loading its config) starts it.
  expect((await fetch(`${server.url}/parties/workspace/${w.ws}/widget/${w.playbookId}`, { headers: { origin: DEMO_ORIGIN } })).status).toBe(200);
  await until(async () => Object.keys((await roomStorage(server, 'conversation', old.id)).storage).length === 0, 'the old closed chat to be deleted');

  const ws = (await roomStorage(server, 'workspace', w.ws)).storage;
  expect(ws[`conv:${old.id}`]).toBeUndefined();
  expect(ws[`conv:${open.id}`]).toMatchObject({ status: 'active' });
  expect(ws.retention).toMatchObject({ v: 1, days: 1, lastDeleted: 1 });
  expect(ws['retention-run']).toBeUndefined();
  const openRoom = (await roomStorage(server, 'conversation', open.id)).storage;
  expect(openRoom.meta).toMatchObject({ status: 'active' });
  expect(JSON.stringify(openRoom)).toContain('still talking');
});

describe('upgrades: today’s stored rooms (tests/fixtures/storage-v1) load and lose nothing', () => {
  const dir = new URL('../fixtures/storage-v1/', import.meta.url);
  const read = (name: string) => JSON.parse(readFileSync(new URL(`${name}.json`, dir), 'utf8'));
  const about = read('about');
  const rooms = [read('workspace'), read('conversation-vera'), read('conversation-walt')] as { party: 'workspace' | 'conversation'; id: string; storage: Record<string, unknown>; alarm: number | null }[];
  /** What nothing at start may change (the walt chat's wait runs out at start and reports: its meta, index row and queue move on). */
  const untouched = (key: string) => !/^(meta|conv:|rev:|route:|joined:|schema)/.test(key);

  test('loaded into real rooms, migrated at start (idempotently), and everything is still there and usable', async () => {
    for (const room of rooms) await loadRoomStorage(server, room.party, room.id, { storage: room.storage, alarm: null });
    // And what older rooms still hold that version 2 drops: loaded beside the fixtures, gone after the start.
    const legacyIntent = { ...(Object.entries(rooms[0]!.storage).find(([k]) => k.startsWith('intent:'))![1] as object), id: 'legacy-intent', conversationUrl: 'http://old.example/parties/conversation/x' };
    const legacyRoom = `${about.workspaceId}.legacy-room-000001`;
    const { waitSeconds: _w, ...oldMeta } = rooms[2]!.storage.meta as Record<string, unknown>;
    await loadRoomStorage(server, 'workspace', about.workspaceId, { storage: { ...rooms[0]!.storage, 'intent:legacy-intent': legacyIntent } });
    await loadRoomStorage(server, 'conversation', legacyRoom, { storage: { meta: { ...oldMeta, conversationId: legacyRoom, workspaceUrl: 'http://old.example', waitUntil: (oldMeta.createdAt as number) + 90_000 } } });
    await server.restart();
    const token = await sessionToken(server, about.workspaceId, about.adminCredential);
    const admin = new Client(server, 'workspace', about.workspaceId);
    const welcome = await admin.open(token);
    expect(welcome.type).toBe('welcome');
    expect(welcome.agents.map((a: any) => a.name).sort()).toEqual(['Ada Admin', 'Bob Agent']);
    expect(welcome.conversations.map((c: any) => c.id).sort()).toEqual([about.conversations.vera, about.conversations.walt].sort());
    expect(welcome.routing.teams.map((t: any) => t.name)).toEqual(['Sales']);
    expect(welcome.replies.map((r: any) => r.shortcut)).toEqual(['price']);
    const records = await ask(admin, { type: 'records-list' });
    expect(records.records.map((r: any) => r.kind).sort()).toEqual(['deal', 'lead', 'lead', 'note', 'note', 'note', 'organization', 'person', 'person']);
    expect((await ask(admin, { type: 'blocks-get' })).type).toBe('ok');
    expect((await admin.next((f) => f.type === 'blocks')).blocks.map((b: any) => b.reason)).toEqual(['Spam']);
    // The closed chat replays exactly what it stored, with its details.
    const conv = new Client(server, 'conversation', about.conversations.vera);
    const vera = await conv.open(token);
    const stored = rooms[1]!.storage;
    expect(vera.entries).toEqual(Object.keys(stored).filter((k) => k.startsWith('e:')).sort().map((k) => stored[k]));
    expect(vera.details).toEqual(stored.details);
    expect(vera.conversation.status).toBe('closed');
    // And the export of the old chat works too.
    const exported = await ask(admin, { type: 'conversations-export', conversationId: about.conversations.vera });
    expect(exported.conversations[0].entries).toEqual(vera.entries);
    admin.close();
    conv.close();

    const after = new Map<string, Record<string, unknown>>();
    for (const room of rooms) {
      const now = (await roomStorage(server, room.party, room.id)).storage;
      after.set(room.id, now);
      expect(now.schema, `${room.party} ${room.id}`).toMatchObject({ v: 2 });
      for (const [key, value] of Object.entries(room.storage)) {
        expect(now, `${room.id}: ${key} lost`).toHaveProperty([key]);
        if (untouched(key)) expect(now[key], `${room.id}: ${key} changed`).toEqual(value);
      }
    }
    const legacy = (await roomStorage(server, 'workspace', about.workspaceId)).storage['intent:legacy-intent'] as Record<string, unknown>;
    expect(legacy).toEqual((({ conversationUrl: _u, ...rest }) => rest)(legacyIntent));
    // A conversation room migrates when it starts (here: asked for its storage).
    const legacyMeta = (await roomStorage(server, 'conversation', legacyRoom)).storage.meta as Record<string, unknown>;
    expect(legacyMeta.workspaceUrl).toBeUndefined();
    expect(legacyMeta.waitSeconds).toBe(90);

    // Started again: nothing more changes (the schema mark keeps its first time).
    await server.restart();
    for (const room of rooms) {
      const now = (await roomStorage(server, room.party, room.id)).storage;
      expect(now.schema).toEqual(after.get(room.id)!.schema);
      for (const key of Object.keys(room.storage)) if (untouched(key)) expect(now[key]).toEqual(after.get(room.id)![key]);
    }
  });
});
