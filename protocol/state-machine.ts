import type { Status } from './model';

/**
 * The conversation's life: bot → waiting → active ⇄ unassigned → closed; waiting or unassigned →
 * missed on wait-time expiry (nobody took it in time: the visitor gets the offline flow), and a missed chat is
 * claimed for follow-up (→ active) or closed; closed is final. `reassign` moves an active chat to another agent (or assigns
 * a waiting/unassigned one directly); `unassign` puts it back in Unassigned.
 */
export type Action = 'handoff' | 'claim' | 'reassign' | 'unassign' | 'expire' | 'close';

const TABLE: Record<Status, Partial<Record<Action, Status>>> = {
  bot: { handoff: 'waiting' },
  waiting: { claim: 'active', reassign: 'active', expire: 'missed', close: 'closed' },
  unassigned: { claim: 'active', reassign: 'active', expire: 'missed', close: 'closed' },
  active: { reassign: 'active', unassign: 'unassigned', close: 'closed' },
  // A missed chat waits in the Missed view for follow-up until an agent takes it (issue 13).
  missed: { claim: 'active', close: 'closed' },
  closed: {},
};

export type Transition = { ok: true; to: Status } | { ok: false; reason: string };

export function transition(from: Status, action: Action): Transition {
  const to = TABLE[from][action];
  if (to) return { ok: true, to };
  if (from === 'closed') return { ok: false, reason: 'This conversation is closed' };
  return { ok: false, reason: `Cannot ${action} a conversation that is ${from}` };
}

export const ALL_STATUSES = Object.keys(TABLE) as Status[];
export const ALL_ACTIONS: Action[] = ['handoff', 'claim', 'reassign', 'unassign', 'expire', 'close'];

/** Messages may be sent while a human may still answer. */
export const acceptsMessages = (s: Status) => s === 'waiting' || s === 'active' || s === 'unassigned';
