import { canSee, type ConversationSummary, type WorkspaceServerMessage } from '../../protocol';

/** Whether an agent reaches a team's chats (its members and admins; a team that no longer exists: everyone). */
export type Reach = (agentId: string, team: string) => boolean;
import type { Storage } from '../ports';

const queued = (s: ConversationSummary | undefined) => s?.status === 'waiting' || s?.status === 'unassigned';

/** One frame for one agent: what a change of the index sends. */
export type Delivery = { agentId: string; frame: WorkspaceServerMessage };

/**
 * What agents hear of a conversation's change: an upsert to those who may see it, a removal to those who no
 * longer may (an agent never receives another agent's chat; a team's chat nobody has reaches only that team),
 * and notifications — a new chat in Unassigned to online agents who may see it (not for a chat routing deals:
 * its agent hears "assigned to you"), "assigned to you", and a visitor's message to the assignee — never for
 * the actor's own action. Pure: the room sends what this answers.
 */
export function fanOut(prev: ConversationSummary | undefined, next: ConversationSummary, connected: Iterable<string>, isOnline: (agentId: string) => boolean, reach: Reach, visitorMessage?: string, actorId?: string): Delivery[] {
  const out: Delivery[] = [];
  const upsert: WorkspaceServerMessage = { type: 'conversation', conversation: next };
  const removed: WorkspaceServerMessage = { type: 'conversation-removed', id: next.id };
  const dealt = next.routing !== undefined && next.routing !== 'manual';
  for (const agentId of connected) {
    const sees = canSee(agentId, next, (team) => reach(agentId, team));
    if (sees) out.push({ agentId, frame: upsert });
    else if (prev && canSee(agentId, prev, (team) => reach(agentId, team))) out.push({ agentId, frame: removed });
    if (!isOnline(agentId) || agentId === actorId) continue;
    if (queued(next) && !queued(prev)) {
      if (sees && !dealt) out.push({ agentId, frame: { type: 'notify', event: 'new-unassigned', conversation: next } });
    } else if (next.status === 'active' && next.assignee?.id === agentId && prev?.assignee?.id !== agentId) {
      out.push({ agentId, frame: { type: 'notify', event: 'assigned-to-you', conversation: next } });
    } else if (visitorMessage !== undefined && next.status === 'active' && next.assignee?.id === agentId) {
      out.push({ agentId, frame: { type: 'notify', event: 'new-message', conversation: next, text: visitorMessage.slice(0, 200) } });
    }
  }
  return out;
}

/**
 * The workspace's conversation index: one summary per chat with the revision it came with. Reports travel
 * separately (stub, public URL from alarms, wake-ups) and may arrive out of order: an older revision never
 * overwrites a newer one, and an unrevisioned summary (the creation's) never overwrites a revisioned one.
 */
export class Inbox {
  private index = new Map<string, ConversationSummary>();
  private revs = new Map<string, number>();

  constructor(private storage: Pick<Storage, 'put' | 'list' | 'delete'>) {}

  async load() {
    const [index, revs] = await Promise.all([this.storage.list<ConversationSummary>({ prefix: 'conv:' }), this.storage.list<number>({ prefix: 'rev:' })]);
    for (const [k, s] of index) this.index.set(k.slice(5), s);
    for (const [k, r] of revs) this.revs.set(k.slice(4), r);
  }

  get(id: string) {
    return this.index.get(id);
  }
  all() {
    return this.index.values();
  }

  /** The chats an agent may see, newest activity first. */
  visibleTo(agentId: string, reach: Reach): ConversationSummary[] {
    return [...this.index.values()].filter((s) => canSee(agentId, s, (team) => reach(agentId, team))).sort((a, b) => b.lastActivityAt - a.lastActivityAt);
  }

  /** Chats nobody has yet: after a restart their rooms are woken so their wait-time alarms are armed again. */
  waiting(): string[] {
    return [...this.index.values()].filter((s) => queued(s)).map((s) => s.id);
  }

  /** Whether a report with this revision is newer than what the index holds. */
  isNewer(id: string, rev: number): boolean {
    if (!this.index.has(id)) return true;
    if (rev === 0) return !this.revs.has(id);
    return (this.revs.get(id) ?? 0) < rev;
  }

  /** The conversation was deleted (a visitor's erasure, retention): its row and revision go. */
  async forget(id: string) {
    this.index.delete(id);
    this.revs.delete(id);
    await this.storage.delete([`conv:${id}`, `rev:${id}`]);
  }

  /** Stores the summary if newer; answers the previous one, or `stale` when it was not newer. */
  async apply(next: ConversationSummary, rev: number): Promise<{ prev: ConversationSummary | undefined } | 'stale'> {
    if (!this.isNewer(next.id, rev)) return 'stale';
    const prev = this.index.get(next.id);
    this.index.set(next.id, next);
    this.revs.set(next.id, rev);
    await this.storage.put({ [`conv:${next.id}`]: next, [`rev:${next.id}`]: rev });
    return { prev };
  }
}
