import { describe, expect, it } from 'vitest';
import { acceptsMessages, ALL_ACTIONS, ALL_STATUSES, Status, transition, type Action } from '../../../protocol';

/** The documented life of a conversation; every pair not listed here must be refused. */
const ALLOWED: Record<Status, Partial<Record<Action, Status>>> = {
  bot: { handoff: 'waiting' },
  waiting: { claim: 'active', reassign: 'active', expire: 'missed', close: 'closed' },
  unassigned: { claim: 'active', reassign: 'active', expire: 'missed', close: 'closed' },
  active: { reassign: 'active', unassign: 'unassigned', close: 'closed' },
  missed: { claim: 'active', close: 'closed' },
  closed: {},
};

const pairs = ALL_STATUSES.flatMap((from) => ALL_ACTIONS.map((action) => [from, action] as const));

describe('conversation state machine', () => {
  it('covers every status and every action', () => {
    expect([...ALL_STATUSES].sort()).toEqual([...Status.options].sort());
    expect([...ALL_ACTIONS].sort()).toEqual(['claim', 'close', 'expire', 'handoff', 'reassign', 'unassign']);
    expect(pairs).toHaveLength(36);
  });

  it.each(pairs)('%s + %s', (from, action) => {
    const to = ALLOWED[from][action];
    const result = transition(from, action);
    if (to) {
      expect(result).toEqual({ ok: true, to });
    } else {
      expect(result.ok).toBe(false);
      if (!result.ok) expect(result.reason.length).toBeGreaterThan(0);
    }
  });

  it('allows exactly 14 transitions', () => {
    expect(pairs.filter(([from, action]) => transition(from, action).ok)).toHaveLength(14);
  });

  it('closed is final: every action is refused as "closed"', () => {
    for (const action of ALL_ACTIONS) {
      expect(transition('closed', action)).toEqual({ ok: false, reason: 'This conversation is closed' });
    }
  });

  it('names the action and the status when it refuses', () => {
    expect(transition('active', 'claim')).toEqual({ ok: false, reason: 'Cannot claim a conversation that is active' });
    expect(transition('missed', 'reassign')).toEqual({ ok: false, reason: 'Cannot reassign a conversation that is missed' });
    expect(transition('active', 'expire')).toEqual({ ok: false, reason: 'Cannot expire a conversation that is active' });
  });

  it('a second claim loses: active cannot be claimed again', () => {
    const first = transition('waiting', 'claim');
    expect(first).toEqual({ ok: true, to: 'active' });
    if (first.ok) expect(transition(first.to, 'claim').ok).toBe(false);
  });

  it('walks the seed story: bot → waiting → active → unassigned → active → closed', () => {
    const story: Action[] = ['handoff', 'claim', 'unassign', 'claim', 'reassign', 'close'];
    let status: Status = 'bot';
    const seen: Status[] = [status];
    for (const action of story) {
      const next = transition(status, action);
      if (!next.ok) throw new Error(next.reason);
      status = next.to;
      seen.push(status);
    }
    expect(seen).toEqual(['bot', 'waiting', 'active', 'unassigned', 'active', 'active', 'closed']);
  });

  it('only a chat nobody has (waiting, or back in Unassigned) expires into missed, and missed is taken for follow-up or closed', () => {
    const expiring = ALL_STATUSES.filter((s) => transition(s, 'expire').ok);
    expect(expiring.sort()).toEqual(['unassigned', 'waiting']);
    expect(ALL_ACTIONS.filter((a) => transition('missed', a).ok)).toEqual(['claim', 'close']);
  });

  it('nothing leads back to bot and nothing leaves closed', () => {
    for (const [from, action] of pairs) {
      const r = transition(from, action);
      if (r.ok) expect(r.to).not.toBe('bot');
      if (from === 'closed') expect(r.ok).toBe(false);
    }
  });
});

describe('acceptsMessages', () => {
  it.each([
    ['bot', false],
    ['waiting', true],
    ['active', true],
    ['unassigned', true],
    ['missed', false],
    ['closed', false],
  ] as const)('%s → %s', (status, expected) => {
    expect(acceptsMessages(status)).toBe(expected);
  });
});
