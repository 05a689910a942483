import type { ConversationSummary, RoutingMode } from '../../protocol';
import type { Storage } from '../ports';
import { enqueue, moves, position, remove, type Place, type Waiting } from './queue';
import { Dealer, isEligible, poolOf, type RoutingAgent } from './routing';

/*
 * The workspace's routing state and its decisions, on top of the pure rules (routing.ts, queue.ts): who holds
 * which chat (from the index), the chats offered to an agent whose conversation room has not answered yet (they
 * count against the agent at once, so no await can let two deals pass Max chats), the queue of chats waiting for
 * a full team, and round robin's cursors. Every decision is synchronous; the room (core.ts) sends what it
 * answers: a deal becomes a signed `route-assign` (or, for a chat just arriving, the `init` itself), a moved
 * place a `queue-position`. The conversation room decides each deal (claims stay atomic); one it refuses
 * comes back through `settle` and the chat, if it still waits, is dealt again.
 */

export type AutoMode = Exclude<RoutingMode, 'manual'>;
/** A chat in the queue: `ready` once its conversation room exists (a deal needs the room to answer). */
export type Queued = Waiting & { mode: AutoMode; exclude?: string[]; ready: boolean };
/** A chat routing gave to an agent, waiting for its room's answer. */
export type Deal = { chat: Queued; agentId: string };
/** What routing needs of each agent besides the counts kept here (revoked agents: left out, or offline). */
export type AgentView = Pick<RoutingAgent, 'id' | 'status' | 'teams' | 'max'>;
/** What a change answers: the deals to send to rooms, and the places to tell visitors. */
export type Outcome = { deals: Deal[]; moved: Place[] };

/** Waiting for a person: nobody holds it and it may still be taken (waiting, or back in Unassigned). */
export const waitsForAgent = (s: Pick<ConversationSummary, 'status' | 'assignee'>) => (s.status === 'waiting' || s.status === 'unassigned') && s.assignee === null;
const holderOf = (s: Pick<ConversationSummary, 'status' | 'assignee'> | undefined) => (s?.status === 'active' && s.assignee ? s.assignee.id : null);
export const autoModeOf = (s: Pick<ConversationSummary, 'routing'>): AutoMode | null => (s.routing && s.routing !== 'manual' ? s.routing : null);

const QUEUE_KEY = 'route:queue';
const CURSORS_KEY = 'route:cursors';

export class Dispatcher {
  private queue: Queued[] = [];
  private cursors: Record<string, string> = {};
  private offers = new Map<string, Deal>();
  private holding = new Map<string, Set<string>>();
  private lastAssigned = new Map<string, number>();
  private lastSince = 0;

  constructor(
    private storage: Pick<Storage, 'get' | 'put'>,
    /** The workspace's Max chats for agents with none of their own. */
    private defaultMax: () => number,
    /** A team that still exists, else null (a deleted team's chats go to anyone). */
    private liveTeam: (team: string | null | undefined) => string | null,
  ) {}

  /**
   * From storage and the index: who holds what; the queue as stored, less chats no longer waiting, plus any
   * automatic chat that waits but is in no queue (its deal was in flight when the room restarted).
   */
  async load(index: Iterable<ConversationSummary>) {
    const [queue, cursors] = await Promise.all([this.storage.get<Queued[]>(QUEUE_KEY), this.storage.get<Record<string, string>>(CURSORS_KEY)]);
    this.cursors = cursors ?? {};
    const waiting = new Map<string, ConversationSummary>();
    for (const s of index) {
      const holder = holderOf(s);
      if (holder) this.hold(holder, s.id);
      if (waitsForAgent(s) && autoModeOf(s)) waiting.set(s.id, s);
    }
    let q = (queue ?? []).filter((w) => waiting.has(w.id)).map((w) => ({ ...w, ready: true }));
    for (const s of waiting.values()) if (!q.some((w) => w.id === s.id)) q = enqueue(q, this.entry(s)).queue as Queued[];
    this.queue = q;
    this.lastSince = Math.max(0, ...q.map((w) => w.since));
    if (queue?.length !== q.length) await this.save();
  }

  /** Chats the agent holds (active) plus those offered to them and not answered yet. */
  activeOf(agentId: string): number {
    let n = this.holding.get(agentId)?.size ?? 0;
    for (const d of this.offers.values()) if (d.agentId === agentId) n++;
    return n;
  }

  /** The chat's place in line (1 = next), null when it is not waiting in line. */
  positionOf(id: string): number | null {
    return position(this.queue, id);
  }
  get waiting(): readonly Queued[] {
    return this.queue;
  }
  isOffered(id: string): boolean {
    return this.offers.has(id);
  }

  /**
   * A new automatic chat, before its room exists: it joins the queue in arrival order and the queue is dealt at
   * once. `agentId`: it was dealt now (the caller creates the room with that assignee); null: it waits, not
   * ready until `created`. Chats of its team waiting ahead of it go first (a chat still being created blocks
   * its team, so first in stays first served). Deals for other chats may come with it.
   */
  arrive(chat: { id: string; createdAt: number; team?: string | null; mode: AutoMode }, agents: readonly AgentView[], now: number): Outcome & { agentId: string | null } {
    this.lastSince = Math.max(chat.createdAt * 1000, this.lastSince + 1);
    const entry: Queued = { id: chat.id, since: this.lastSince, team: this.liveTeam(chat.team), mode: chat.mode, ready: false };
    const before = this.queue;
    this.queue = enqueue(this.queue, entry).queue as Queued[];
    const out = this.dealNow(agents, now, chat.id);
    const mine = out.deals.find((d) => d.chat.id === chat.id);
    // Its place is told once its room exists (created): nothing to send it now.
    return { agentId: mine?.agentId ?? null, deals: out.deals.filter((d) => d !== mine), moved: moves(before, this.queue).filter((p) => p.id !== chat.id) };
  }

  /** The room of an arrived chat exists: it may be dealt from now on (and the team it blocked, too). */
  created(id: string, agents: readonly AgentView[], now: number): Outcome {
    const w = this.queue.find((q) => q.id === id);
    if (w) w.ready = true;
    return this.dealNow(agents, now);
  }

  /** The room of an arrived chat could not be created: it leaves the queue, and its offer if it had one. */
  failed(id: string): Place[] {
    this.offers.delete(id);
    return this.take(id);
  }

  /**
   * The index changed (a report, an answer): holdings follow it; a chat that no longer waits leaves the queue;
   * an automatic chat that waits again (unassigned by hand, released, `noReply`) and is in no queue and no
   * offer joins it at its first arrival time — skipping `noReply`, the agent who did not answer it — and the
   * queue is dealt when anything moved or a seat freed.
   */
  observe(prev: ConversationSummary | undefined, next: ConversationSummary, agents: readonly AgentView[], now: number, noReply?: string): Outcome {
    const was = holderOf(prev);
    const is = holderOf(next);
    let changed = false;
    if (was !== is) {
      if (was) this.unhold(was, next.id);
      if (is) {
        this.hold(is, next.id);
        this.lastAssigned.set(is, now);
      }
      changed = was !== null;
    }
    const queued = this.queue.some((w) => w.id === next.id);
    const waits = waitsForAgent(next) && autoModeOf(next) !== null;
    let moved: Place[] = [];
    if (queued && !waits) {
      moved = this.take(next.id);
      changed = true;
    } else if (!queued && waits && !this.offers.has(next.id)) {
      const before = this.queue;
      this.queue = enqueue(this.queue, { ...this.entry(next), ...(noReply ? { exclude: [noReply] } : {}) }).queue as Queued[];
      moved = moves(before, this.queue);
      changed = true;
    }
    if (!changed || this.queue.length === 0) return { deals: [], moved };
    const out = this.dealNow(agents, now);
    return { deals: out.deals, moved: this.merge(moved, out.moved) };
  }

  /** Deals the queue now (an agent came Online, settings changed, a deal was refused). */
  drain(agents: readonly AgentView[], now: number): Outcome {
    return this.queue.length ? this.dealNow(agents, now) : { deals: [], moved: [] };
  }

  /**
   * A deal's room answered (or could not be reached): the offer stops counting. Call it after the answer's
   * summary is in the index, so the chat is counted once or twice, never zero times. `requeue`: the room was
   * not reached, the chat goes back in line at its place.
   */
  settle(id: string, requeue = false): Place[] {
    const deal = this.offers.get(id);
    this.offers.delete(id);
    if (!requeue || !deal || this.queue.some((w) => w.id === id)) return [];
    const before = this.queue;
    this.queue = enqueue(this.queue, deal.chat).queue as Queued[];
    return moves(before, this.queue);
  }

  /** A team was deleted: its waiting chats go to anyone. */
  forgetTeam(team: string) {
    for (const w of this.queue) if (w.team === team) w.team = null;
  }

  save() {
    return this.storage.put({ [QUEUE_KEY]: this.queue, [CURSORS_KEY]: this.cursors });
  }

  // ---- inside ------------------------------------------------------------------------------------

  private entry(s: ConversationSummary): Queued {
    return { id: s.id, since: s.createdAt * 1000, team: this.liveTeam(s.team), mode: autoModeOf(s)!, ready: true };
  }

  /** Places from two steps in a row: the later one's for a chat in both, none for a chat no longer in line. */
  private merge(a: Place[], b: Place[]): Place[] {
    const later = new Set(b.map((p) => p.id));
    return [...a.filter((p) => !later.has(p.id) && this.positionOf(p.id) === p.position), ...b];
  }

  private take(id: string): Place[] {
    const { queue, moved } = remove(this.queue, id);
    this.queue = queue as Queued[];
    return moved;
  }

  private hold(agentId: string, id: string) {
    const set = this.holding.get(agentId) ?? new Set<string>();
    set.add(id);
    this.holding.set(agentId, set);
  }
  private unhold(agentId: string, id: string) {
    this.holding.get(agentId)?.delete(id);
  }

  /**
   * First in, first out per team: each chat in arrival order goes to routing's pick, or stays. Once a team's
   * chat finds nobody (or is still being created), no later chat of that team is tried; a chat that found
   * nobody only because of its `exclude` does not stop the others. `arriving` may be dealt before its room exists.
   */
  private dealNow(agents: readonly AgentView[], now: number, arriving?: string): Outcome {
    const defaultMax = this.defaultMax();
    const dealer = new Dealer(
      agents.map((a) => ({ ...a, active: this.activeOf(a.id), lastAssignedAt: this.lastAssigned.get(a.id) })),
      { mode: 'round-robin', defaultMax, now },
      this.cursors,
    );
    const blocked = new Set<string>();
    const left: Queued[] = [];
    const deals: Deal[] = [];
    for (const chat of this.queue) {
      const pool = poolOf(chat.team);
      if (blocked.has(pool)) {
        left.push(chat);
        continue;
      }
      if (!chat.ready && chat.id !== arriving) {
        blocked.add(pool);
        left.push(chat);
        continue;
      }
      const agentId = dealer.next(chat.team, chat.exclude, chat.mode);
      if (agentId === null) {
        const onlyExcluded = chat.exclude?.length && dealer.agentsNow().some((a) => isEligible(a, { defaultMax, team: chat.team }));
        if (!onlyExcluded) blocked.add(pool);
        left.push(chat);
        continue;
      }
      deals.push({ chat, agentId });
    }
    if (deals.length === 0) return { deals, moved: [] };
    this.cursors = dealer.cursorsNow();
    for (const d of deals) {
      this.offers.set(d.chat.id, d);
      this.lastAssigned.set(d.agentId, now);
    }
    const moved = moves(this.queue, left);
    this.queue = left;
    return { deals, moved };
  }
}

