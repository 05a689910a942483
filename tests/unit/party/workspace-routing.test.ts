import { afterEach, beforeEach, describe, expect, test, vi } from 'vitest';
import { newBusinessHours } from '../../../protocol';
import { workspaceHarness, type WorkspaceHarness } from '../../helpers/memory-workspace';

beforeEach(() => {
  vi.spyOn(console, 'error').mockImplementation(() => {});
});
afterEach(() => {
  vi.restoreAllMocks();
});

/** Paris, weekdays 09:00–18:00. */
const PARIS = newBusinessHours('Europe/Paris');
const FRIDAY_EVENING = Date.parse('2026-03-27T17:30:00Z');
const MONDAY_NINE = Date.parse('2026-03-30T07:00:00Z');

async function ready(o: Parameters<typeof workspaceHarness>[0] = {}) {
  const h = workspaceHarness(o);
  const { agent } = await h.setup();
  const admin = await h.connect(agent.id);
  return { h, adminId: agent.id, admin };
}
const calls = (h: WorkspaceHarness, type: string) => h.calls.filter((c) => c.body.type === type);
/** Room-to-room calls the workspace sends without waiting (deals, places) sign with WebCrypto: wait for them by their effect. */
async function until(what: () => boolean) {
  for (let i = 0; i < 500 && !what(); i++) await new Promise((r) => setTimeout(r, 0));
  expect(what()).toBe(true);
}

describe('status', () => {
  test('Online or Away as chosen, offline when the last socket closes; the choice outlives a reconnect', async () => {
    const { h, admin } = await ready();
    const ann = await h.online('Ann');
    const statusOf = () => (admin.of<{ agents: { name: string; status: string; online: boolean }[] }>('agents').at(-1)!.agents.find((a) => a.name === 'Ann'))!;
    expect(statusOf()).toMatchObject({ status: 'online', online: true });
    await h.frame(ann.socket, { type: 'set-status', status: 'away' });
    expect(statusOf()).toMatchObject({ status: 'away', online: false });
    await h.frame(ann.socket, { type: 'set-online', online: true });
    expect(statusOf().status).toBe('online');
    h.ws.disconnect(ann.socket);
    expect(statusOf()).toMatchObject({ status: 'offline', online: false });
    await h.connect(ann.id);
    expect(statusOf().status).toBe('online');
  });
});

describe('admin-only settings', () => {
  test('business hours, Max chats, teams: admins only (manage live chat is not enough); every agent hears the change', async () => {
    const { h, admin } = await ready();
    const lead = await h.addAgent('Lea', 'agent', true);
    const lea = await h.connect(lead);
    const frames = [
      { type: 'hours-save', hours: PARIS },
      { type: 'routing-save', defaultMaxChats: 5 },
      { type: 'team-create', name: 'Sales' },
      { type: 'agent-update', id: lead, maxChats: 2 },
    ];
    for (const f of frames) {
      await h.frame(lea, { ...f, ref: 'r' });
      expect(lea.last()).toMatchObject({ type: 'error', code: 'forbidden', ref: 'r' });
    }
    expect(h.ws.routing.view()).toEqual({ hours: null, defaultMaxChats: 3, teams: [] });
    for (const f of frames) {
      await h.frame(admin, { ...f, ref: 'r' });
      expect(admin.of('ok').at(-1)).toMatchObject({ ref: 'r' });
    }
    const teamId = String(admin.of<{ id?: string }>('ok').find((o) => o.id)!.id);
    expect(lea.of<{ routing: unknown }>('routing').at(-1)!.routing).toEqual({ hours: PARIS, defaultMaxChats: 5, teams: [{ id: teamId, name: 'Sales' }] });
    await h.frame(lea, { type: 'team-update', id: teamId, members: [lead], ref: 'r' });
    expect(lea.last()).toMatchObject({ type: 'error', code: 'forbidden' });
    await h.frame(admin, { type: 'team-update', id: teamId, name: 'Sales EU', members: [lead] });
    expect(h.ws.agents.get(lead)).toMatchObject({ teams: [teamId], maxChats: 2 });
    await h.frame(admin, { type: 'team-update', id: 'nope', name: 'X', ref: 'x' });
    expect(admin.last()).toMatchObject({ type: 'error', code: 'not-found' });
    await h.frame(admin, { type: 'team-delete', id: teamId });
    expect(h.ws.agents.get(lead)!.teams).toBeUndefined();
    expect(h.ws.routing.view().teams).toEqual([]);
    // The welcome carries them too.
    const again = await h.connect(lead);
    expect(again.of<{ routing: { defaultMaxChats: number } }>('welcome')[0]!.routing.defaultMaxChats).toBe(5);
  });
});

describe('business hours at the widget', () => {
  test('config and new chats follow the hours; the test clock header counts only with the knob on', async () => {
    const { h, admin } = await ready({ testClock: true });
    await h.online('Ann');
    const config = async (now?: number) => (await h.http('widget/demo', { headers: { origin: 'https://shop.example', ...(now ? { 'x-baton-test-now': String(now) } : {}) } })).json();
    expect(await config()).toMatchObject({ available: true, hours: { open: true } });
    await h.frame(admin, { type: 'hours-save', hours: PARIS });
    expect(await config(FRIDAY_EVENING)).toMatchObject({ available: false, reason: 'closed', hours: { open: false, back: MONDAY_NINE } });
    const refused = await h.chat({}, { 'x-baton-test-now': String(FRIDAY_EVENING) });
    expect(refused).toMatchObject({ status: 503, body: { code: 'unavailable', hours: { open: false, back: MONDAY_NINE } } });
    expect(calls(h, 'init')).toHaveLength(0);
    expect((await h.chat({}, { 'x-baton-test-now': String(MONDAY_NINE) })).status).toBe(201);
    // Without the knob the header is ignored: the real clock decides (here, a time the same schedule says open or closed).
    const plain = workspaceHarness();
    const { agent } = await plain.setup();
    const root = await plain.connect(agent.id);
    await plain.frame(root, { type: 'hours-save', hours: { ...PARIS, week: { mon: [], tue: [], wed: [], thu: [], fri: [], sat: [], sun: [] } } });
    const res = await (await plain.http('widget/demo', { headers: { origin: 'https://shop.example', 'x-baton-test-now': String(MONDAY_NINE) } })).json();
    expect(res.hours).toEqual({ open: false });
  });
});

describe('routing in the workspace room', () => {
  test('a chat is dealt as it arrives (the room is created with its assignee, who hears "assigned to you"); past Max chats it waits, its visitor told their place', async () => {
    const { h, admin } = await ready();
    await h.frame(admin, { type: 'routing-save', defaultMaxChats: 1 });
    await h.card({ routing: 'round-robin' });
    const ann = await h.online('Ann');
    const first = await h.chat();
    expect(first.status).toBe(201);
    expect(calls(h, 'init')[0]!.body.assignee).toEqual({ id: ann.id, name: 'Ann' });
    expect(ann.socket.of<{ event: string }>('notify').map((n) => n.event)).toEqual(['assigned-to-you']);
    const second = await h.chat();
    const third = await h.chat();
    expect(calls(h, 'init').slice(1).map((c) => c.body.assignee)).toEqual([undefined, undefined]);
    await until(() => h.rooms.rooms.get(second.body.conversationId)!.position === 1 && h.rooms.rooms.get(third.body.conversationId)!.position === 2);
    // Nobody hears "new in Unassigned" for a chat routing deals.
    expect(ann.socket.of<{ event: string }>('notify').map((n) => n.event)).toEqual(['assigned-to-you']);
    // Ann closes hers: the head of the line is hers, the next moves up.
    await h.internal(h.rooms.change(first.body.conversationId, { status: 'closed', closedAt: h.clock.now() }));
    await until(() => h.rooms.rooms.get(second.body.conversationId)!.summary.assignee?.id === ann.id);
    await until(() => h.rooms.rooms.get(third.body.conversationId)!.position === 1);
    await until(() => ann.socket.of('notify').length === 2);
    expect(ann.socket.of<{ event: string; conversation: { id: string } }>('notify').at(-1)).toMatchObject({ event: 'assigned-to-you', conversation: { id: second.body.conversationId } });
  });

  test('nobody Online for a dealt chat, or only an admin outside its team: the widget goes offline (503)', async () => {
    const { h, admin } = await ready();
    await h.card({ routing: 'round-robin' });
    await h.frame(admin, { type: 'set-status', status: 'online' });
    await h.frame(admin, { type: 'team-create', name: 'Sales' });
    const sales = String(admin.of<{ id?: string }>('ok').find((o) => o.id)!.id);
    await h.card({ routing: 'round-robin', team: sales });
    expect((await h.chat()).status).toBe(503);
    await h.card({ routing: 'manual', team: sales });
    expect((await h.chat()).status).toBe(201);
  });

  test('a chat claimed by hand leaves the line; a deal its room refuses although the chat waits is dealt again a moment later, never in a loop', async () => {
    const { h, admin } = await ready();
    await h.frame(admin, { type: 'routing-save', defaultMaxChats: 1 });
    await h.card({ routing: 'round-robin' });
    const ann = await h.online('Ann');
    const first = await h.chat();
    const second = await h.chat();
    const third = await h.chat();
    // Someone claims the second by hand while it waits: it leaves the line.
    await h.internal(h.rooms.change(second.body.conversationId, { status: 'active', assignee: { id: 'other', name: 'Other' } }));
    await until(() => h.rooms.rooms.get(third.body.conversationId)!.position === 1);
    // The first closes; the deal to the third is refused once (its room says a claim won), then it is dealt.
    h.rooms.refuse = true;
    await h.internal(h.rooms.change(first.body.conversationId, { status: 'closed', closedAt: h.clock.now() }));
    await until(() => calls(h, 'route-assign').length > 0 && h.ws.dispatcher.positionOf(third.body.conversationId) === 1);
    expect(calls(h, 'route-assign').map((c) => c.to.id)).toEqual([third.body.conversationId]);
    // Refused although it still waits: back in line, dealt again a second later, not in a loop.
    h.rooms.refuse = false;
    h.clock.advance(1_000);
    await until(() => h.rooms.rooms.get(third.body.conversationId)!.summary.assignee?.id === ann.id);
    expect(calls(h, 'route-assign')).toHaveLength(2);
    expect(h.ws.dispatcher.activeOf(ann.id)).toBe(1);
  });

  test('a deal that loses the race to a claim by hand: the room says so, and the seat goes to the next in line at once', async () => {
    const { h, admin } = await ready();
    await h.frame(admin, { type: 'routing-save', defaultMaxChats: 1 });
    await h.card({ routing: 'round-robin' });
    const ann = await h.online('Ann');
    const first = await h.chat();
    const second = await h.chat();
    const third = await h.chat();
    // Someone claims the second by hand; its report has not reached the workspace when Ann's seat frees.
    const room = h.rooms.rooms.get(second.body.conversationId)!;
    room.summary = { ...room.summary, status: 'active', assignee: { id: 'other', name: 'Other' } };
    room.rev++;
    await h.internal(h.rooms.change(first.body.conversationId, { status: 'closed', closedAt: h.clock.now() }));
    await until(() => h.rooms.rooms.get(third.body.conversationId)!.summary.assignee?.id === ann.id);
    expect(calls(h, 'route-assign').map((c) => c.to.id)).toEqual([second.body.conversationId, third.body.conversationId]);
    expect(h.ws.inbox.get(second.body.conversationId)).toMatchObject({ status: 'active', assignee: { id: 'other' } });
    expect(h.ws.dispatcher.activeOf(ann.id)).toBe(1);
  });

  test('renotify: the assignee when routing gave it, else who could take it, with sound; a dealt chat in line: only an agent with a seat', async () => {
    const { h, admin } = await ready();
    await h.card({ routing: 'manual' });
    const ann = await h.online('Ann');
    const ben = await h.online('Ben');
    const waiting = await h.chat();
    await h.internal({ type: 'renotify', conversationId: waiting.body.conversationId });
    for (const s of [ann.socket, ben.socket]) expect(s.of('notify').at(-1)).toMatchObject({ event: 'new-unassigned', repeat: true, sound: true });
    expect(admin.of('notify')).toHaveLength(0); // the admin is not Online
    await h.internal(h.rooms.change(waiting.body.conversationId, { status: 'active', assignee: { id: ben.id, name: 'Ben' } }));
    const before = ann.socket.of('notify').length;
    await h.internal({ type: 'renotify', conversationId: waiting.body.conversationId });
    expect(ann.socket.of('notify')).toHaveLength(before);
    expect(ben.socket.of('notify').at(-1)).toMatchObject({ event: 'assigned-to-you', repeat: true, sound: true });
  });

  test("agent-lookup: the agent's teams, and a deleted team's chat counts as theirs", async () => {
    const { h, admin } = await ready();
    const ann = await h.online('Ann');
    await h.frame(admin, { type: 'team-create', name: 'Sales', members: [ann.id] });
    const sales = String(admin.of<{ id?: string }>('ok').find((o) => o.id)!.id);
    await h.card({ routing: 'manual', team: sales });
    const chat = await h.chat();
    expect((await h.internal({ type: 'agent-lookup', agentId: ann.id, conversationId: chat.body.conversationId })).body.teams).toEqual([sales]);
    const ben = await h.online('Ben');
    expect((await h.internal({ type: 'agent-lookup', agentId: ben.id, conversationId: chat.body.conversationId })).body.teams).toBeUndefined();
    expect(ben.socket.of<{ conversation: { id: string } }>('conversation').some((f) => f.conversation.id === chat.body.conversationId)).toBe(false);
    await h.frame(admin, { type: 'team-delete', id: sales });
    expect((await h.internal({ type: 'agent-lookup', agentId: ben.id, conversationId: chat.body.conversationId })).body.teams).toEqual([sales]);
    // And it reached Ben's list when the team went.
    expect(ben.socket.of<{ conversations: { id: string }[] }>('conversations').at(-1)!.conversations.map((c) => c.id)).toEqual([chat.body.conversationId]);
  });
});
