import { describe, expect, test } from 'vitest';
import { decide, release, type Actor } from '../../../party/conversation/assignment';
import { BatonError, type AgentRef, type Status } from '../../../protocol';

const alice: AgentRef = { id: 'alice', name: 'Alice' };
const bob: AgentRef = { id: 'bob', name: 'Bob' };
const carol: AgentRef = { id: 'carol', name: 'Carol' };
const NOW = 1_000_000;
const CREATED = 100_000;

const asAssignee: Actor = { agent: alice, admin: false };
const asOther: Actor = { agent: bob, admin: false };
const asAdmin: Actor = { agent: { id: 'root', name: 'Root' }, admin: true };

function state(status: Status, assignee: AgentRef | null = status === 'active' ? alice : null) {
  return { status, assignee, waitUntil: CREATED + 60_000, closedAt: status === 'closed' ? 500_000 : null, waitSeconds: 60, createdAt: CREATED };
}

type Action = 'claim' | 'reassign' | 'unassign' | 'close';
function code(fn: () => unknown): string {
  try {
    fn();
    return 'ok';
  } catch (err) {
    if (err instanceof BatonError) return err.code;
    throw err;
  }
}

describe('decide: every action in every status', () => {
  const statuses: Status[] = ['bot', 'waiting', 'active', 'unassigned', 'missed', 'closed'];
  const actions: Action[] = ['claim', 'reassign', 'unassign', 'close'];
  // Asked by the assignee (active) or any agent (others), reassigning to Carol.
  const expected: Record<Status, Record<Action, string>> = {
    bot: { claim: 'invalid-transition', reassign: 'invalid-transition', unassign: 'invalid-transition', close: 'invalid-transition' },
    waiting: { claim: 'ok', reassign: 'ok', unassign: 'invalid-transition', close: 'ok' },
    active: { claim: 'already-claimed', reassign: 'ok', unassign: 'ok', close: 'ok' },
    unassigned: { claim: 'ok', reassign: 'ok', unassign: 'invalid-transition', close: 'ok' },
    missed: { claim: 'ok', reassign: 'invalid-transition', unassign: 'invalid-transition', close: 'ok' },
    closed: { claim: 'conversation-closed', reassign: 'conversation-closed', unassign: 'conversation-closed', close: 'conversation-closed' },
  };
  for (const status of statuses) {
    test(`${status}`, () => {
      const got = Object.fromEntries(actions.map((a) => [a, code(() => decide(state(status), a, asAssignee, a === 'reassign' ? carol : null, NOW))]));
      expect(got).toEqual(expected[status]);
    });
  }
});

describe('decide: who may', () => {
  test('a late claim names the winner', () => {
    let err: unknown;
    try {
      decide(state('active'), 'claim', asOther, null, NOW);
    } catch (e) {
      err = e;
    }
    expect(err).toBeInstanceOf(BatonError);
    expect((err as BatonError).toFrame('r')).toEqual({ type: 'error', code: 'already-claimed', message: 'Alice already took this conversation', ref: 'r', winner: alice });
  });

  test('an active chat is reassigned or unassigned by its assignee or an admin, never by another agent', () => {
    for (const action of ['reassign', 'unassign'] as const) {
      const target = action === 'reassign' ? carol : null;
      expect(code(() => decide(state('active'), action, asAssignee, target, NOW))).toBe('ok');
      expect(code(() => decide(state('active'), action, asAdmin, target, NOW))).toBe('ok');
      expect(code(() => decide(state('active'), action, asOther, target, NOW))).toBe('forbidden');
    }
  });

  test('any agent may assign a waiting or unassigned chat to someone', () => {
    expect(decide(state('waiting'), 'reassign', asOther, carol, NOW)).toMatchObject({ status: 'active', assignee: carol, event: { event: 'joined', by: bob, agent: carol } });
    expect(decide(state('unassigned'), 'reassign', asOther, carol, NOW).status).toBe('active');
  });
});

describe('decide: outcomes', () => {
  test('claim: active, the claimer, a joined event, the deadline kept', () => {
    expect(decide(state('waiting'), 'claim', asOther, null, NOW)).toEqual({
      status: 'active',
      assignee: bob,
      waitUntil: CREATED + 60_000,
      closedAt: null,
      event: { event: 'joined', at: NOW, by: bob, agent: bob },
    });
  });

  test('reassign an active chat: a reassigned event naming the new assignee', () => {
    expect(decide(state('active'), 'reassign', asAssignee, carol, NOW)).toEqual({
      status: 'active',
      assignee: carol,
      waitUntil: CREATED + 60_000,
      closedAt: null,
      event: { event: 'reassigned', at: NOW, by: alice, agent: carol },
    });
  });

  test('unassign: back to Unassigned, nobody, a fresh wait time from now', () => {
    expect(decide(state('active'), 'unassign', asAdmin, null, NOW)).toEqual({
      status: 'unassigned',
      assignee: null,
      waitUntil: NOW + 60_000,
      closedAt: null,
      event: { event: 'unassigned', at: NOW, by: asAdmin.agent },
    });
  });

  test('an older room without waitSeconds waits as long as its first deadline did (at least 30 s)', () => {
    const old = { ...state('active'), waitSeconds: undefined, waitUntil: CREATED + 120_000 };
    expect(decide(old, 'unassign', asAssignee, null, NOW).waitUntil).toBe(NOW + 120_000);
    const short = { ...state('active'), waitSeconds: undefined, waitUntil: CREATED + 5_000 };
    expect(decide(short, 'unassign', asAssignee, null, NOW).waitUntil).toBe(NOW + 30_000);
  });

  test('close: closed, stamped now, assignee kept, a closed event by the actor', () => {
    expect(decide(state('active'), 'close', asAssignee, null, NOW)).toEqual({
      status: 'closed',
      assignee: alice,
      waitUntil: CREATED + 60_000,
      closedAt: NOW,
      event: { event: 'closed', at: NOW, by: alice },
    });
    expect(decide(state('missed'), 'close', asOther, null, NOW)).toMatchObject({ status: 'closed', closedAt: NOW });
  });
});

describe('release (a revoked agent loses their chat)', () => {
  test('their active chat goes back to Unassigned with a fresh wait time', () => {
    expect(release(state('active'), 'alice', asAdmin.agent, NOW)).toEqual({
      status: 'unassigned',
      assignee: null,
      waitUntil: NOW + 60_000,
      closedAt: null,
      event: { event: 'unassigned', at: NOW, by: asAdmin.agent },
    });
    expect(release(state('active'), 'alice', null, NOW)!.event).toEqual({ event: 'unassigned', at: NOW });
  });

  test('nothing for someone else\'s chat or a chat that is not active', () => {
    expect(release(state('active'), 'bob', null, NOW)).toBeNull();
    expect(release(state('waiting'), 'alice', null, NOW)).toBeNull();
    expect(release(state('closed', alice), 'alice', null, NOW)).toBeNull();
  });
});
