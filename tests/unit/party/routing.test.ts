import * as v from 'valibot';
import { describe, expect, test } from 'vitest';
import { Dealer, capacityOf, isEligible, pick, poolOf, type RoutingAgent } from '../../../party/workspace/routing';
import { AgentStatus, MAX_CHATS, MaxChats, ROUTING_MODES, ReassignAfterSec, RenotifyEverySec, RoutingMode } from '../../../protocol/routing';

const agent = (id: string, change: Partial<RoutingAgent> = {}): RoutingAgent => ({ id, status: 'online', teams: [], active: 0, ...change });
const five = () => ['a', 'b', 'c', 'd', 'e'].map((id) => agent(id));

describe('who is eligible', () => {
  test('only Online agents, never Away or offline, whatever the mode', () => {
    for (const status of ['away', 'offline'] as const) {
      for (const mode of ROUTING_MODES) expect(pick({ agents: [agent('a', { status })], mode, defaultMax: 3 }).agentId).toBeNull();
    }
    expect(pick({ agents: [agent('a', { status: 'away' }), agent('b')], mode: 'round-robin', defaultMax: 3 }).agentId).toBe('b');
    expect(pick({ agents: [agent('a', { status: 'offline' }), agent('b', { active: 2 })], mode: 'least-busy', defaultMax: 3 }).agentId).toBe('b');
  });

  test('only members of the chat’s team; no team: everyone', () => {
    const agents = [agent('a', { teams: ['sales'] }), agent('b', { teams: ['support'] }), agent('c', { teams: ['sales', 'support'] })];
    const ids = (team?: string | null) => agents.filter((a) => isEligible(a, { defaultMax: 3, team })).map((a) => a.id);
    expect(ids('sales')).toEqual(['a', 'c']);
    expect(ids('support')).toEqual(['b', 'c']);
    expect(ids('billing')).toEqual([]);
    expect(ids(null)).toEqual(['a', 'b', 'c']);
    expect(ids(undefined)).toEqual(['a', 'b', 'c']);
    expect(pick({ agents, mode: 'round-robin', defaultMax: 3, team: 'billing' })).toEqual({ agentId: null, cursor: null });
  });

  test('never at or over Max chats: their own value, else the workspace default', () => {
    expect(isEligible(agent('a', { active: 2 }), { defaultMax: 3 })).toBe(true);
    expect(isEligible(agent('a', { active: 3 }), { defaultMax: 3 })).toBe(false);
    expect(isEligible(agent('a', { active: 4 }), { defaultMax: 3 })).toBe(false); // the max was lowered under them
    expect(isEligible(agent('a', { active: 3, max: 5 }), { defaultMax: 3 })).toBe(true);
    expect(isEligible(agent('a', { active: 1, max: 1 }), { defaultMax: 3 })).toBe(false);
  });

  test('Max chats is bounded: absurd stored values fall back or clamp, never unlimited or zero', () => {
    expect(capacityOf({}, 3)).toBe(3);
    expect(capacityOf({ max: 7 }, 3)).toBe(7);
    expect(capacityOf({ max: 10_000 }, 3)).toBe(MAX_CHATS.max);
    expect(capacityOf({}, Infinity)).toBe(MAX_CHATS.default);
    expect(capacityOf({}, Number.NaN)).toBe(MAX_CHATS.default);
    expect(capacityOf({ max: 0 }, 2)).toBe(2);
    expect(capacityOf({ max: -1 }, 0)).toBe(MAX_CHATS.default);
    expect(capacityOf({ max: 2.6 }, 3)).toBe(3);
  });

  test('an excluded agent (the one who did not reply) is skipped', () => {
    expect(pick({ agents: five(), mode: 'round-robin', defaultMax: 3, cursor: 'a', exclude: ['b'] }).agentId).toBe('c');
    expect(pick({ agents: five(), mode: 'least-busy', defaultMax: 3, exclude: ['a', 'b'] }).agentId).toBe('c');
    expect(pick({ agents: [agent('a')], mode: 'round-robin', defaultMax: 3, exclude: ['a'] }).agentId).toBeNull();
  });
});

describe('manual', () => {
  test('always nobody (the seed: Unassigned + Assign to me), the cursor untouched', () => {
    expect(pick({ agents: five(), mode: 'manual', defaultMax: 3, cursor: 'c' })).toEqual({ agentId: null, cursor: 'c' });
    expect(pick({ agents: five(), mode: 'manual', defaultMax: 3 })).toEqual({ agentId: null, cursor: null });
  });
});

describe('round robin', () => {
  test('deals in id order after the cursor, and wraps', () => {
    const agents = [agent('c'), agent('a'), agent('b')]; // given in any order
    expect(pick({ agents, mode: 'round-robin', defaultMax: 3 })).toEqual({ agentId: 'a', cursor: 'a' });
    expect(pick({ agents, mode: 'round-robin', defaultMax: 3, cursor: 'a' })).toEqual({ agentId: 'b', cursor: 'b' });
    expect(pick({ agents, mode: 'round-robin', defaultMax: 3, cursor: 'b' })).toEqual({ agentId: 'c', cursor: 'c' });
    expect(pick({ agents, mode: 'round-robin', defaultMax: 3, cursor: 'c' })).toEqual({ agentId: 'a', cursor: 'a' });
  });

  test('skips the ineligible, wrapping past the end', () => {
    const agents = [agent('a'), agent('b', { status: 'away' }), agent('c', { active: 3 }), agent('d', { teams: ['x'] })];
    expect(pick({ agents, mode: 'round-robin', defaultMax: 3, cursor: 'a' })).toEqual({ agentId: 'd', cursor: 'd' });
    expect(pick({ agents, mode: 'round-robin', defaultMax: 3, cursor: 'd' })).toEqual({ agentId: 'a', cursor: 'a' });
    expect(pick({ agents, mode: 'round-robin', defaultMax: 3, cursor: 'a', team: 'x' })).toEqual({ agentId: 'd', cursor: 'd' });
    expect(pick({ agents, mode: 'round-robin', defaultMax: 3, cursor: 'd', team: 'x' })).toEqual({ agentId: 'd', cursor: 'd' }); // alone: again
  });

  test('a cursor naming an agent who has left still places the next one', () => {
    expect(pick({ agents: [agent('a'), agent('c')], mode: 'round-robin', defaultMax: 3, cursor: 'b' }).agentId).toBe('c');
    expect(pick({ agents: [agent('a'), agent('c')], mode: 'round-robin', defaultMax: 3, cursor: 'zzz' }).agentId).toBe('a');
  });

  test('the order is by code unit, the same in every locale (upper case before lower case)', () => {
    expect(pick({ agents: [agent('b'), agent('B'), agent('a')], mode: 'round-robin', defaultMax: 3 }).agentId).toBe('B');
    expect(pick({ agents: [agent('b'), agent('B'), agent('a')], mode: 'round-robin', defaultMax: 3, cursor: 'B' }).agentId).toBe('a');
  });

  test('everyone full: nobody, and the cursor stays', () => {
    const agents = five().map((a) => ({ ...a, active: 3 }));
    expect(pick({ agents, mode: 'round-robin', defaultMax: 3, cursor: 'c' })).toEqual({ agentId: null, cursor: 'c' });
    expect(pick({ agents: [], mode: 'round-robin', defaultMax: 3, cursor: 'c' })).toEqual({ agentId: null, cursor: 'c' });
  });
});

describe('least busy', () => {
  test('the fewest active chats', () => {
    const agents = [agent('a', { active: 2 }), agent('b', { active: 0 }), agent('c', { active: 1 })];
    expect(pick({ agents, mode: 'least-busy', defaultMax: 3 }).agentId).toBe('b');
  });
  test('ties: who was given a chat least recently (never first), then the id', () => {
    const agents = [agent('a', { active: 1, lastAssignedAt: 500 }), agent('b', { active: 1, lastAssignedAt: 100 }), agent('c', { active: 1, lastAssignedAt: 300 })];
    expect(pick({ agents, mode: 'least-busy', defaultMax: 3 }).agentId).toBe('b');
    expect(pick({ agents: [...agents, agent('d', { active: 1 })], mode: 'least-busy', defaultMax: 3 }).agentId).toBe('d');
    expect(pick({ agents: [agent('y', { active: 1 }), agent('x', { active: 1 })], mode: 'least-busy', defaultMax: 3 }).agentId).toBe('x');
    expect(pick({ agents: [agent('y', { active: 1, lastAssignedAt: 7 }), agent('x', { active: 1, lastAssignedAt: 7 })], mode: 'least-busy', defaultMax: 3 }).agentId).toBe('x');
  });
  test('the same answer whatever order the agents come in', () => {
    const agents = [agent('a', { active: 1, lastAssignedAt: 9 }), agent('b', { active: 1 }), agent('c', { active: 0, status: 'away' }), agent('d', { active: 1, lastAssignedAt: 2 })];
    const orders = [agents, [...agents].reverse(), [agents[2]!, agents[0]!, agents[3]!, agents[1]!]];
    for (const o of orders) expect(pick({ agents: o, mode: 'least-busy', defaultMax: 3 }).agentId).toBe('b');
  });
  test('a busy agent with a higher Max chats is still busier: by count, not by ratio', () => {
    expect(pick({ agents: [agent('a', { active: 2, max: 10 }), agent('b', { active: 1, max: 2 })], mode: 'least-busy', defaultMax: 3 }).agentId).toBe('b');
  });
  test('leaves the round-robin cursor as it was', () => {
    expect(pick({ agents: five(), mode: 'least-busy', defaultMax: 3, cursor: 'd' }).cursor).toBe('d');
  });
});

describe('Dealer: picks in a row', () => {
  test('round robin deals alternately and counts each chat at once, until everyone is full', () => {
    const d = new Dealer([agent('b'), agent('a')], { mode: 'round-robin', defaultMax: 2, now: 1000 });
    const got = Array.from({ length: 5 }, () => d.next());
    expect(got).toEqual(['a', 'b', 'a', 'b', null]);
    expect(d.agentsNow().map((a) => [a.id, a.active, a.lastAssignedAt])).toEqual([
      ['b', 2, 1000],
      ['a', 2, 1000],
    ]);
    expect(d.cursorsNow()).toEqual({ '': 'b' });
  });
  test('one cursor per team, so dealing one team does not skip members of another', () => {
    const agents = [agent('a1', { teams: ['A'] }), agent('b1', { teams: ['B'] }), agent('a2', { teams: ['A'] }), agent('b2', { teams: ['B'] })];
    const d = new Dealer(agents, { mode: 'round-robin', defaultMax: 9, now: 0 }, { A: 'a2' });
    expect([d.next('A'), d.next('B'), d.next('B'), d.next('A'), d.next(), d.next()]).toEqual(['a1', 'b1', 'b2', 'a2', 'a1', 'a2']);
    expect(d.cursorsNow()).toEqual({ A: 'a2', B: 'b2', '': 'a2' });
    expect(poolOf(null)).toBe('');
    expect(poolOf('A')).toBe('A');
  });
  test('least busy evens the load', () => {
    const d = new Dealer([agent('a', { active: 2 }), agent('b'), agent('c', { active: 1 })], { mode: 'least-busy', defaultMax: 3, now: 5 });
    expect(Array.from({ length: 7 }, () => d.next())).toEqual(['b', 'c', 'b', 'a', 'b', 'c', null]);
  });
  test('leaves what it was given untouched', () => {
    const agents = [agent('a')];
    new Dealer(agents, { mode: 'round-robin', defaultMax: 3, now: 5 }).next();
    expect(agents[0]).toEqual(agent('a'));
  });
  test('manual deals nobody', () => {
    expect(new Dealer(five(), { mode: 'manual', defaultMax: 3, now: 0 }).next()).toBeNull();
  });
});

describe('the settings’ schemas (protocol/routing.ts)', () => {
  test('modes, statuses and Max chats are bounded', () => {
    expect(ROUTING_MODES.map((m) => v.safeParse(RoutingMode, m).success)).toEqual([true, true, true]);
    expect(v.safeParse(RoutingMode, 'random').success).toBe(false);
    expect(v.safeParse(AgentStatus, 'busy').success).toBe(false);
    expect([0, 1, 50, 51, 2.5].map((n) => v.safeParse(MaxChats, n).success)).toEqual([false, true, true, false, false]);
    expect([9, 10, 600, 601].map((n) => v.safeParse(RenotifyEverySec, n).success)).toEqual([false, true, true, false]);
    expect([14, 15, 3600, 3601].map((n) => v.safeParse(ReassignAfterSec, n).success)).toEqual([false, true, true, false]);
  });
});
