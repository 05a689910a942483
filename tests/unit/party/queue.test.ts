import { describe, expect, test } from 'vitest';
import { drain, enqueue, moves, position, remove, type Place, type Waiting } from '../../../party/workspace/queue';
import { Dealer, capacityOf, isEligible, type RoutingAgent } from '../../../party/workspace/routing';
import type { AgentStatus, RoutingMode } from '../../../protocol/routing';

const w = (id: string, since: number, team?: string): Waiting => ({ id, since, ...(team ? { team } : {}) });
const ids = (q: readonly Waiting[]) => q.map((x) => x.id);

describe('enqueue, remove, position', () => {
  test('first in, first out, 1-based places; a new chat is told its place', () => {
    let q: Waiting[] = [];
    const told: Place[][] = [];
    for (const [id, since] of [['c1', 10], ['c2', 20], ['c3', 30]] as const) {
      const r = enqueue(q, w(id, since));
      q = r.queue;
      told.push(r.moved);
    }
    expect(ids(q)).toEqual(['c1', 'c2', 'c3']);
    expect(told).toEqual([[{ id: 'c1', position: 1 }], [{ id: 'c2', position: 2 }], [{ id: 'c3', position: 3 }]]);
    expect([position(q, 'c1'), position(q, 'c3'), position(q, 'nope')]).toEqual([1, 3, null]);
  });

  test('a chat that arrived earlier but is reported late takes its place by arrival; those behind it move back', () => {
    const q = [w('c1', 10), w('c3', 30), w('c4', 40)];
    const r = enqueue(q, w('c2', 20));
    expect(ids(r.queue)).toEqual(['c1', 'c2', 'c3', 'c4']);
    expect(r.moved).toEqual([
      { id: 'c2', position: 2 },
      { id: 'c3', position: 3 },
      { id: 'c4', position: 4 },
    ]);
    // Same arrival time: after those already there.
    expect(ids(enqueue(q, w('x', 30)).queue)).toEqual(['c1', 'c3', 'x', 'c4']);
    expect(ids(enqueue(q, w('y', 0)).queue)).toEqual(['y', 'c1', 'c3', 'c4']);
  });

  test('a chat already waiting is not added twice, and keeps its place', () => {
    const q = [w('c1', 10), w('c2', 20)];
    const r = enqueue(q, w('c1', 99));
    expect(r.queue).toEqual(q);
    expect(r.moved).toEqual([]);
    expect(r.queue).not.toBe(q); // a copy: the caller may change it
  });

  test('removing a chat moves up only those behind it', () => {
    const q = [w('c1', 1), w('c2', 2), w('c3', 3), w('c4', 4)];
    expect(remove(q, 'c2')).toEqual({ queue: [w('c1', 1), w('c3', 3), w('c4', 4)], moved: [{ id: 'c3', position: 2 }, { id: 'c4', position: 3 }] });
    expect(remove(q, 'c4').moved).toEqual([]);
    expect(remove(q, 'nope')).toEqual({ queue: q, moved: [] });
    expect(q).toHaveLength(4); // the input is left as it was
  });

  test('moves: only the places that changed', () => {
    expect(moves([w('a', 1), w('b', 2)], [w('a', 1), w('b', 2)])).toEqual([]);
    expect(moves([w('a', 1), w('b', 2)], [w('b', 2)])).toEqual([{ id: 'b', position: 1 }]);
    expect(moves([], [w('a', 1)])).toEqual([{ id: 'a', position: 1 }]);
  });
});

describe('drain', () => {
  test('assigns from the head while someone is eligible, then stops; those left move up', () => {
    const q = [w('c1', 1), w('c2', 2), w('c3', 3), w('c4', 4)];
    const agents = ['a', 'b'];
    const r = drain(q, () => agents.shift() ?? null);
    expect(r.assigned).toEqual([{ id: 'c1', agentId: 'a' }, { id: 'c2', agentId: 'b' }]);
    expect(ids(r.queue)).toEqual(['c3', 'c4']);
    expect(r.moved).toEqual([{ id: 'c3', position: 1 }, { id: 'c4', position: 2 }]);
  });

  test('nobody eligible: nothing assigned, nothing announced, and no later chat of that pool is even tried', () => {
    const tried: string[] = [];
    const r = drain([w('c1', 1), w('c2', 2)], (c) => (tried.push(c.id), null));
    expect(r).toEqual({ queue: [w('c1', 1), w('c2', 2)], assigned: [], moved: [] });
    expect(tried).toEqual(['c1']);
  });

  test('a chat for a full team does not block a later chat another team can take; within a team, first come first served', () => {
    const agents = [
      { id: 's', status: 'online', teams: ['sales'], active: 3 },
      { id: 'h', status: 'online', teams: ['support'], active: 0 },
    ] satisfies RoutingAgent[];
    const d = new Dealer(agents, { mode: 'round-robin', defaultMax: 3, now: 0 });
    const q = [w('s1', 1, 'sales'), w('h1', 2, 'support'), w('s2', 3, 'sales'), w('h2', 4, 'support')];
    const r = drain(q, (c) => d.next(c.team));
    expect(r.assigned).toEqual([{ id: 'h1', agentId: 'h' }, { id: 'h2', agentId: 'h' }]);
    expect(ids(r.queue)).toEqual(['s1', 's2']);
    expect(r.moved).toEqual([{ id: 's2', position: 2 }]);
  });
});

/** A small workspace: agents, who holds which chat, the queue, and what each visitor was last told. */
class World {
  queue: Waiting[] = [];
  holder = new Map<string, string>();
  closed = new Set<string>();
  told = new Map<string, number>();
  cursors: Record<string, string> = {};
  dealtInOrder: string[] = [];
  maxSeen = new Map<string, number>();
  constructor(
    public agents: RoutingAgent[],
    public mode: RoutingMode = 'round-robin',
    public defaultMax = 3,
  ) {}
  private announce(moved: Place[]) {
    for (const m of moved) this.told.set(m.id, m.position);
  }
  private route(now: number) {
    const d = new Dealer(this.agents, { mode: this.mode, defaultMax: this.defaultMax, now }, this.cursors);
    const r = drain(this.queue, (c) => d.next(c.team));
    this.agents = d.agentsNow().map((a) => ({ ...a }));
    this.cursors = d.cursorsNow();
    this.queue = r.queue;
    this.announce(r.moved);
    for (const { id, agentId } of r.assigned) {
      this.holder.set(id, agentId);
      this.told.delete(id);
      this.dealtInOrder.push(id);
    }
    for (const a of this.agents) this.maxSeen.set(a.id, Math.max(this.maxSeen.get(a.id) ?? 0, a.active));
    return r;
  }
  arrive(id: string, since: number, team?: string) {
    const r = enqueue(this.queue, w(id, since, team));
    this.queue = r.queue;
    this.announce(r.moved);
    return this.route(since);
  }
  close(id: string, now: number) {
    const agentId = this.holder.get(id)!;
    this.holder.delete(id);
    this.closed.add(id);
    this.agents = this.agents.map((a) => (a.id === agentId ? { ...a, active: a.active - 1 } : a));
    return this.route(now);
  }
  setStatus(agentId: string, status: AgentStatus, now: number) {
    this.agents = this.agents.map((a) => (a.id === agentId ? { ...a, status } : a));
    return this.route(now);
  }
  active(agentId: string) {
    return [...this.holder.values()].filter((h) => h === agentId).length;
  }
  /** Every visitor in line was told exactly their place. */
  placesExact() {
    return this.queue.every((q, i) => this.told.get(q.id) === i + 1) && this.told.size === this.queue.length;
  }
}

describe('50 chats at once for 5 agents with Max chats 3', () => {
  const fiveAgents = () => ['a', 'b', 'c', 'd', 'e'].map((id): RoutingAgent => ({ id, status: 'online', teams: [], active: 0 }));
  const chat = (i: number) => `chat-${String(i).padStart(2, '0')}`;

  test('15 assigned in arrival order, 3 each, 35 queued in arrival order with exact places; none lost', () => {
    const world = new World(fiveAgents());
    for (let i = 0; i < 50; i++) world.arrive(chat(i), 1_000 + i);
    expect(world.dealtInOrder).toEqual(Array.from({ length: 15 }, (_, i) => chat(i)));
    for (const id of ['a', 'b', 'c', 'd', 'e']) {
      expect(world.active(id)).toBe(3);
      expect(world.maxSeen.get(id)).toBe(3);
    }
    expect(ids(world.queue)).toEqual(Array.from({ length: 35 }, (_, i) => chat(15 + i)));
    expect(world.placesExact()).toBe(true);
    expect(world.told.get(chat(15))).toBe(1);
    expect(world.told.get(chat(49))).toBe(35);
    expect(world.holder.size + world.queue.length).toBe(50);
    // Dealt alternately: each agent's chats are every fifth one.
    expect([...world.holder].filter(([, a]) => a === 'a').map(([c]) => c)).toEqual([chat(0), chat(5), chat(10)]);
  });

  test('the same all at once: one drain of a queue of 50', () => {
    let q: Waiting[] = [];
    for (let i = 0; i < 50; i++) q = enqueue(q, w(chat(i), 1_000 + i)).queue;
    const d = new Dealer(fiveAgents(), { mode: 'least-busy', defaultMax: 3, now: 2_000 });
    const r = drain(q, (c) => d.next(c.team));
    expect(r.assigned.map((x) => x.id)).toEqual(Array.from({ length: 15 }, (_, i) => chat(i)));
    expect(d.agentsNow().map((a) => a.active)).toEqual([3, 3, 3, 3, 3]);
    expect(r.moved).toEqual(Array.from({ length: 35 }, (_, i) => ({ id: chat(15 + i), position: i + 1 })));
  });

  test('capacity freed: the head is assigned first, everyone behind moves up by one', () => {
    const world = new World(fiveAgents());
    for (let i = 0; i < 50; i++) world.arrive(chat(i), 1_000 + i);
    const r = world.close(chat(7), 5_000); // chat-07 was dealt to c
    expect(r.assigned).toEqual([{ id: chat(15), agentId: 'c' }]);
    expect(r.moved).toHaveLength(34);
    expect(r.moved[0]).toEqual({ id: chat(16), position: 1 });
    expect(world.placesExact()).toBe(true);
    expect(world.active('c')).toBe(3);
  });

  test('an agent going Away mid-queue keeps their chats but gets no new one; back Online, they get the head', () => {
    const world = new World(fiveAgents());
    for (let i = 0; i < 50; i++) world.arrive(chat(i), 1_000 + i);
    expect(world.setStatus('b', 'away', 2_000).assigned).toEqual([]);
    expect(world.active('b')).toBe(3);
    // b closes a chat while Away: nothing is dealt to them, nobody moves.
    const whileAway = world.close(chat(1), 3_000);
    expect(whileAway).toEqual({ queue: world.queue, assigned: [], moved: [] });
    expect(world.told.get(chat(15))).toBe(1);
    // d frees a seat: the head goes to d, not to b.
    expect(world.close(chat(3), 3_500).assigned).toEqual([{ id: chat(15), agentId: 'd' }]);
    // b back Online with a free seat: the new head is theirs.
    expect(world.setStatus('b', 'online', 4_000).assigned).toEqual([{ id: chat(16), agentId: 'b' }]);
    expect(world.placesExact()).toBe(true);
    expect(Math.max(...world.maxSeen.values())).toBe(3);
    expect(world.holder.size + world.queue.length).toBe(48); // two closed, none lost
  });

  test('everyone going Away: the queue only grows, places stay exact', () => {
    const world = new World(fiveAgents());
    for (const id of ['a', 'b', 'c', 'd', 'e']) world.setStatus(id, 'away', 0);
    for (let i = 0; i < 10; i++) expect(world.arrive(chat(i), 1_000 + i).assigned).toEqual([]);
    expect(world.placesExact()).toBe(true);
    expect(world.setStatus('e', 'online', 2_000).assigned.map((x) => x.id)).toEqual([chat(0), chat(1), chat(2)]);
  });
});

describe('property: random arrivals, closings, statuses and teams', () => {
  test('never above Max chats, nobody idle while a chat waits for them, FIFO within each team, places exact, none lost', () => {
    let seed = 42;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    const teams = [undefined, 'sales', 'support'];
    for (const mode of ['round-robin', 'least-busy'] as const) {
      const agents: RoutingAgent[] = ['a', 'b', 'c', 'd'].map((id, i) => ({ id, status: 'online', teams: i % 2 ? ['sales'] : ['support', 'sales'], active: 0, ...(i === 3 ? { max: 1 } : {}) }));
      const world = new World(agents, mode, 2);
      const team = new Map<string, string | undefined>();
      const since = new Map<string, number>();
      let n = 0;
      for (let step = 0; step < 400; step++) {
        const now = 10_000 + step;
        const roll = random();
        let r;
        if (roll < 0.5) {
          const id = `c${n++}`;
          const t = teams[Math.floor(random() * teams.length)];
          team.set(id, t);
          since.set(id, now);
          r = world.arrive(id, now, t);
        } else if (roll < 0.85 && world.holder.size > 0) {
          const held = [...world.holder.keys()];
          r = world.close(held[Math.floor(random() * held.length)]!, now);
        } else {
          const a = world.agents[Math.floor(random() * world.agents.length)]!;
          r = world.setStatus(a.id, a.status === 'online' ? (random() < 0.5 ? 'away' : 'offline') : 'online', now);
        }
        // FIFO within a team: nothing dealt while an earlier chat of its team still waits.
        expect(r.assigned.filter((d) => world.queue.some((q) => q.team === team.get(d.id) && q.since < since.get(d.id)!))).toEqual([]);
        for (const a of world.agents) {
          expect(world.active(a.id)).toBe(a.active);
          expect(a.active).toBeLessThanOrEqual(capacityOf(a, 2));
          // Nobody eligible is left idle while a chat they could take waits.
          expect(world.queue.find((q) => isEligible(a, { defaultMax: 2, team: q.team }))).toBeUndefined();
        }
        expect(world.queue.every((q, i) => i === 0 || world.queue[i - 1]!.since <= q.since)).toBe(true);
        expect(world.placesExact()).toBe(true);
        expect(new Set([...world.holder.keys(), ...ids(world.queue), ...world.closed]).size).toBe(n); // each chat once, none lost
      }
      expect(n).toBeGreaterThan(150);
      expect(world.dealtInOrder.length).toBeGreaterThan(100);
      expect(world.queue.length).toBeGreaterThan(10);
    }
  });
});
