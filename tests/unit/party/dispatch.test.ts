import { describe, expect, test } from 'vitest';
import { Dispatcher, type AgentView } from '../../../party/workspace/dispatch';
import type { AgentRef, ConversationSummary, Status } from '../../../protocol';
import { MemoryStorage } from '../../helpers/memory-storage';

const T0 = Date.UTC(2026, 10, 30, 9);
const online = (id: string, over: Partial<AgentView> = {}): AgentView => ({ id, status: 'online', teams: [], ...over });
const ref = (id: string): AgentRef => ({ id, name: id.toUpperCase() });

function row(id: string, status: Status, assignee: string | null, over: Partial<ConversationSummary> = {}): ConversationSummary {
  return { id, playbookId: 'pb', status, assignee: assignee ? ref(assignee) : null, visitorName: 'V', lastMessage: null, unread: 0, createdAt: T0, lastActivityAt: T0, closedAt: null, routing: 'round-robin', ...over };
}

/** A dispatcher with `max` as the workspace's Max chats and `teams` the teams that exist. */
function harness(o: { max?: number; teams?: string[]; storage?: MemoryStorage } = {}) {
  const storage = o.storage ?? new MemoryStorage();
  const teams = new Set(o.teams ?? []);
  const d = new Dispatcher(storage.asStorage(), () => o.max ?? 3, (t) => (t != null && teams.has(t) ? t : null));
  let n = 0;
  /** A chat arriving now (each a millisecond after the last), dealt or in line. */
  const arrive = (agents: AgentView[], over: { team?: string | null; mode?: 'round-robin' | 'least-busy' } = {}) => {
    const id = `ws.c${++n}`;
    const out = d.arrive({ id, createdAt: T0 + n, team: over.team ?? null, mode: over.mode ?? 'round-robin' }, agents, T0 + n);
    return { id, ...out };
  };
  return { d, storage, teams, arrive };
}

describe('Dispatcher: arrival', () => {
  test('a chat is dealt as it arrives, counted against the agent before its room answers; past Max chats it waits', () => {
    const h = harness({ max: 2 });
    const agents = [online('a'), online('b')];
    const got = Array.from({ length: 5 }, () => h.arrive(agents));
    expect(got.map((g) => g.agentId)).toEqual(['a', 'b', 'a', 'b', null]);
    // Nothing was answered yet: the offers alone count.
    expect(h.d.activeOf('a')).toBe(2);
    expect(h.d.positionOf(got[4]!.id)).toBe(1);
    expect(got.every((g) => g.deals.length === 0)).toBe(true);
  });

  test('a new chat never jumps the line: a team chat still being created blocks later ones of its team', () => {
    const h = harness({ max: 1, teams: ['sales'] });
    const agents = [online('a', { teams: ['sales'] })];
    h.arrive(agents, { team: 'sales' }); // a is full
    const waiting = h.arrive(agents, { team: 'sales' });
    expect(waiting.agentId).toBeNull();
    // a's seat frees while the second chat's room is still being made: the third, arriving now, must not take it.
    h.d.observe(undefined, row('ws.c1', 'active', 'a', { team: 'sales' }), agents, T0);
    h.d.settle('ws.c1');
    const out = h.d.observe(row('ws.c1', 'active', 'a', { team: 'sales' }), row('ws.c1', 'closed', 'a', { team: 'sales' }), agents, T0);
    expect(out.deals).toEqual([]);
    const third = h.arrive(agents, { team: 'sales' });
    expect(third.agentId).toBeNull();
    // Its room exists: it is dealt first, before the third.
    const ready = h.d.created(waiting.id, agents, T0);
    expect(ready.deals.map((x) => [x.chat.id, x.agentId])).toEqual([[waiting.id, 'a']]);
    expect(h.d.positionOf(third.id)).toBe(1);
  });

  test('a chat whose room could not be made leaves the line and its seat', () => {
    const h = harness({ max: 1 });
    const agents = [online('a')];
    const first = h.arrive(agents);
    const second = h.arrive(agents);
    const third = h.arrive(agents);
    expect(h.d.failed(first.id)).toEqual([]);
    expect(h.d.activeOf('a')).toBe(0);
    expect(h.d.failed(second.id)).toEqual([{ id: third.id, position: 1 }]);
  });
});

describe('Dispatcher: the index', () => {
  test('holdings follow reports: a claim by hand counts, a close frees a seat and deals the head of the line', () => {
    const h = harness({ max: 1 });
    const agents = [online('a'), online('b')];
    const [c1, c2, c3, c4] = [h.arrive(agents), h.arrive(agents), h.arrive(agents), h.arrive(agents)];
    for (const c of [c1, c2]) {
      h.d.observe(undefined, row(c.id, 'active', c.agentId), agents, T0);
      h.d.settle(c.id);
    }
    h.d.created(c3.id, agents, T0);
    h.d.created(c4.id, agents, T0);
    expect([h.d.activeOf('a'), h.d.activeOf('b')]).toEqual([1, 1]);
    const out = h.d.observe(row(c1.id, 'active', 'a'), row(c1.id, 'closed', 'a'), agents, T0);
    expect(out.deals.map((x) => [x.chat.id, x.agentId])).toEqual([[c3.id, 'a']]);
    expect(out.moved).toEqual([{ id: c4.id, position: 1 }]);
  });

  test('a chat claimed by hand while in line leaves it; those behind move up', () => {
    const h = harness({ max: 1 });
    const agents = [online('a')];
    h.arrive(agents);
    const [w1, w2] = [h.arrive(agents), h.arrive(agents)];
    h.d.created(w1.id, agents, T0);
    h.d.created(w2.id, agents, T0);
    const out = h.d.observe(row(w1.id, 'waiting', null), row(w1.id, 'active', 'b'), agents, T0);
    expect(out.moved).toEqual([{ id: w2.id, position: 1 }]);
    expect(h.d.positionOf(w1.id)).toBeNull();
  });

  test('no reply: the chat goes back in line at its first arrival, dealt to anyone but the silent agent', () => {
    const h = harness({ max: 3 });
    const agents = [online('a'), online('b')];
    const c = h.arrive(agents);
    expect(c.agentId).toBe('a');
    h.d.observe(undefined, row(c.id, 'active', 'a', { createdAt: T0 + 1 }), agents, T0);
    h.d.settle(c.id);
    const out = h.d.observe(row(c.id, 'active', 'a', { createdAt: T0 + 1 }), row(c.id, 'unassigned', null, { createdAt: T0 + 1 }), agents, T0 + 20_000, 'a');
    expect(out.deals.map((x) => x.agentId)).toEqual(['b']);
    // Only the silent agent is free: it waits, and does not stop a later chat the silent agent may take.
    const h2 = harness({ max: 1 });
    const solo = [online('a'), online('b')];
    const x = h2.arrive(solo);
    const y = h2.arrive(solo);
    for (const c2 of [x, y]) {
      h2.d.observe(undefined, row(c2.id, 'active', c2.agentId), solo, T0);
      h2.d.settle(c2.id);
    }
    // b did not reply to y: y waits (a is full, b excluded), then a third chat may still go to b.
    h2.d.observe(row(y.id, 'active', 'b'), row(y.id, 'unassigned', null), solo, T0, 'b');
    expect(h2.d.positionOf(y.id)).toBe(1);
    const z = h2.arrive(solo);
    expect(z.agentId).toBe('b');
  });

  test('a deal refused by its room frees the seat; one that never reached the room goes back in line', () => {
    const h = harness({ max: 1 });
    const agents = [online('a')];
    const first = h.arrive(agents);
    h.d.observe(undefined, row(first.id, 'active', 'a'), agents, T0);
    h.d.settle(first.id);
    const second = h.arrive(agents);
    h.d.created(second.id, agents, T0);
    const freed = h.d.observe(row(first.id, 'active', 'a'), row(first.id, 'closed', 'a'), agents, T0);
    expect(freed.deals.map((x) => x.chat.id)).toEqual([second.id]);
    expect(h.d.isOffered(second.id)).toBe(true);
    expect(h.d.settle(second.id, true)).toEqual([{ id: second.id, position: 1 }]);
    expect(h.d.activeOf('a')).toBe(0);
    expect(h.d.drain(agents, T0).deals.map((x) => x.chat.id)).toEqual([second.id]);
  });

  test('manual chats count against Max chats but never wait in line', () => {
    const h = harness({ max: 1 });
    const agents = [online('a')];
    const out = h.d.observe(undefined, row('ws.m', 'waiting', null, { routing: undefined }), agents, T0);
    expect(out).toEqual({ deals: [], moved: [] });
    h.d.observe(row('ws.m', 'waiting', null, { routing: undefined }), row('ws.m', 'active', 'a', { routing: undefined }), agents, T0);
    expect(h.arrive(agents).agentId).toBeNull();
  });

  test('teams: a team chat goes only to its members; a deleted team\'s waiting chats go to anyone', () => {
    const h = harness({ max: 2, teams: ['sales'] });
    const agents = [online('a', { teams: ['sales'] }), online('b')];
    expect([h.arrive(agents, { team: 'sales' }), h.arrive(agents, { team: 'sales' })].map((x) => x.agentId)).toEqual(['a', 'a']);
    const w = h.arrive(agents, { team: 'sales' });
    expect(w.agentId).toBeNull();
    h.d.created(w.id, agents, T0);
    // A chat for anyone is not blocked by the full team ahead of it.
    expect(h.arrive(agents).agentId).toBe('b');
    h.teams.delete('sales');
    h.d.forgetTeam('sales');
    expect(h.d.drain(agents, T0).deals.map((x) => [x.chat.id, x.agentId])).toEqual([[w.id, 'b']]);
  });

  test('Away and offline agents are dealt nothing; coming Online deals the line', () => {
    const h = harness({ max: 3 });
    const away = [online('a', { status: 'away' }), online('b', { status: 'offline' })];
    const w = h.arrive(away);
    expect(w.agentId).toBeNull();
    h.d.created(w.id, away, T0);
    expect(h.d.drain([online('a'), online('b', { status: 'offline' })], T0).deals.map((x) => x.agentId)).toEqual(['a']);
  });

  test('least busy and round robin share the agents\' counts; round robin\'s cursor is kept per team', () => {
    const h = harness({ max: 5, teams: ['t'] });
    const agents = [online('a', { teams: ['t'] }), online('b', { teams: ['t'] }), online('c')];
    expect(h.arrive(agents, { mode: 'least-busy' }).agentId).toBe('a');
    expect(h.arrive(agents, { mode: 'least-busy' }).agentId).toBe('b');
    expect(h.arrive(agents, { mode: 'least-busy' }).agentId).toBe('c');
    expect(h.arrive(agents, { team: 't' }).agentId).toBe('a');
    expect(h.arrive(agents, { team: 't' }).agentId).toBe('b');
    expect(h.arrive(agents).agentId).toBe('a');
  });
});

describe('Dispatcher: storage', () => {
  test('the line and the cursors survive a restart; a waiting chat in no line (its deal was in flight) joins it; one no longer waiting leaves', async () => {
    const storage = new MemoryStorage();
    const h = harness({ max: 1, storage });
    const agents = [online('a')];
    const held = h.arrive(agents);
    const [w1, w2] = [h.arrive(agents), h.arrive(agents)];
    h.d.created(w1.id, agents, T0);
    h.d.created(w2.id, agents, T0);
    await h.d.save();
    const d = new Dispatcher(storage.asStorage(), () => 1, () => null);
    const lost = row('ws.lost', 'unassigned', null, { createdAt: T0 - 5 });
    await d.load([row(held.id, 'active', 'a'), row(w1.id, 'closed', null), row(w2.id, 'waiting', null, { createdAt: T0 + 3 }), lost]);
    expect(d.waiting.map((w) => w.id)).toEqual(['ws.lost', w2.id]);
    expect(d.activeOf('a')).toBe(1);
    expect(d.drain(agents, T0).deals).toEqual([]);
  });
});
