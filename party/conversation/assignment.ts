import { BatonError, transition, type Action, type AgentRef, type EventEntry, type Status } from '../../protocol';
import { waitMsOf, type Meta } from './state';

/** Who asks: the agent, and whether they are an admin (admins may reassign any chat). */
export type Actor = { agent: AgentRef; admin: boolean };

/** The outcome of an assignment decision: the fields of meta that change and the timeline event to append. */
export type Assignment = {
  status: Status;
  assignee: AgentRef | null;
  waitUntil: number | null;
  closedAt: number | null;
  event: Omit<EventEntry, 'seq' | 'id' | 'kind'>;
};

/**
 * Claim, reassign (to an agent, or to nobody: unassign) and close, as a pure decision on the room's state.
 * Throws the typed refusal; the room appends the event and applies the fields in one write. `target` is the
 * agent a reassign names, already looked up (and not revoked). The room calls this after every await, so
 * the state it sees is the state it writes: the first claim wins, a late one learns the winner.
 */
export function decide(meta: Pick<Meta, 'status' | 'assignee' | 'waitUntil' | 'closedAt' | 'waitSeconds' | 'createdAt'>, action: 'claim' | 'reassign' | 'unassign' | 'close', actor: Actor, target: AgentRef | null, now: number): Assignment {
  if (action === 'claim' && meta.status === 'active' && meta.assignee) {
    throw new BatonError('already-claimed', `${meta.assignee.name} already took this conversation`, { winner: meta.assignee });
  }
  if ((action === 'reassign' || action === 'unassign') && meta.status === 'active' && meta.assignee?.id !== actor.agent.id && !actor.admin) {
    throw new BatonError('forbidden', 'Only the assignee or an admin may reassign');
  }
  const t = transition(meta.status, action satisfies Action);
  if (!t.ok) throw new BatonError(meta.status === 'closed' ? 'conversation-closed' : 'invalid-transition', t.reason);
  if (action === 'close') {
    return { status: t.to, assignee: meta.assignee, waitUntil: meta.waitUntil, closedAt: now, event: { event: 'closed', at: now, by: actor.agent } };
  }
  const assignee = action === 'claim' ? actor.agent : action === 'reassign' ? target : null;
  const event: EventEntry['event'] = action === 'claim' || (action === 'reassign' && !meta.assignee) ? 'joined' : action === 'reassign' ? 'reassigned' : 'unassigned';
  // Back in Unassigned: the wait time starts again; nobody taking it by then sends the visitor the offline flow.
  const waitUntil = t.to === 'unassigned' ? now + waitMsOf(meta) : meta.waitUntil;
  return { status: t.to, assignee, waitUntil, closedAt: meta.closedAt, event: { event, at: now, by: actor.agent, ...(assignee ? { agent: assignee } : {}) } };
}

/**
 * The agent lost their seat (revoked): their chat goes back to Unassigned, by `by` (the admin, or the system),
 * with a fresh wait time. Null when the chat is not theirs or not active.
 */
export function release(meta: Pick<Meta, 'status' | 'assignee' | 'waitSeconds' | 'waitUntil' | 'createdAt' | 'closedAt'>, agentId: string, by: AgentRef | null, now: number): Assignment | null {
  if (meta.status !== 'active' || meta.assignee?.id !== agentId) return null;
  return { status: 'unassigned', assignee: null, waitUntil: now + waitMsOf(meta), closedAt: meta.closedAt, event: { event: 'unassigned', at: now, ...(by ? { by } : {}) } };
}

/**
 * Routing gives the chat to `agent`: taken only while nobody has it (waiting, or back in Unassigned), else null
 * (a claim won, or it was closed or missed). A system action: the event names the agent, no `by`.
 */
export function route(meta: Pick<Meta, 'status' | 'assignee' | 'waitUntil' | 'closedAt'>, agent: AgentRef, now: number): Assignment | null {
  if (meta.assignee !== null || (meta.status !== 'waiting' && meta.status !== 'unassigned')) return null;
  return { status: 'active', assignee: agent, waitUntil: meta.waitUntil, closedAt: meta.closedAt, event: { event: 'joined', at: now, agent, cause: 'routed' } };
}

/**
 * Routing's pick did not reply in time (`Reassign if no reply within`): the chat goes back to Unassigned with a
 * fresh wait time, and the workspace deals it to the next agent. Null when it is no longer theirs.
 */
export function noReply(meta: Pick<Meta, 'status' | 'assignee' | 'waitSeconds' | 'waitUntil' | 'createdAt' | 'closedAt'>, agentId: string, now: number): Assignment | null {
  if (meta.status !== 'active' || meta.assignee?.id !== agentId) return null;
  return { status: 'unassigned', assignee: null, waitUntil: now + waitMsOf(meta), closedAt: meta.closedAt, event: { event: 'unassigned', at: now, cause: 'no-reply' } };
}
