import { poolOf } from './routing';

/*
 * Chats waiting for an agent when every eligible one is full: first in, first out, by arrival time. Pure
 * functions over the queue as an array (the workspace room stores it and says each visitor their place).
 * Every change answers the places that changed, to announce ("You are number 2 in line"), and nothing else.
 */

/** One waiting chat: its conversation id, when it arrived, and the team it is for (none: any agent). */
export type Waiting = { id: string; since: number; team?: string | null };
/** A chat's new place in line, 1-based. */
export type Place = { id: string; position: number };
/** A chat given to an agent by a drain. */
export type Dealt = { id: string; agentId: string };

/** The chat's place in line, 1-based; null when it is not waiting. */
export function position(queue: readonly Waiting[], id: string): number | null {
  const i = queue.findIndex((w) => w.id === id);
  return i < 0 ? null : i + 1;
}

/** The places in `after` that differ from `before` (a chat new to the queue included), in queue order. */
export function moves(before: readonly Waiting[], after: readonly Waiting[]): Place[] {
  const was = new Map(before.map((w, i) => [w.id, i + 1]));
  const out: Place[] = [];
  after.forEach((w, i) => {
    if (was.get(w.id) !== i + 1) out.push({ id: w.id, position: i + 1 });
  });
  return out;
}

/**
 * Adds a chat in arrival order: after every chat that arrived at the same time or earlier (a report that
 * comes late still takes its rightful place). A chat already waiting is left where it is.
 */
export function enqueue(queue: readonly Waiting[], entry: Waiting): { queue: Waiting[]; moved: Place[] } {
  if (queue.some((w) => w.id === entry.id)) return { queue: [...queue], moved: [] };
  let at = queue.length;
  while (at > 0 && queue[at - 1]!.since > entry.since) at--;
  const next = [...queue.slice(0, at), entry, ...queue.slice(at)];
  return { queue: next, moved: moves(queue, next) };
}

/** Takes a chat out (claimed by hand, closed, missed, the visitor left); those behind it move up. */
export function remove(queue: readonly Waiting[], id: string): { queue: Waiting[]; moved: Place[] } {
  const next = queue.filter((w) => w.id !== id);
  return { queue: next, moved: moves(queue, next) };
}

/**
 * Deals waiting chats to agents, from the head: each chat in turn goes to `next(chat)`'s agent, or stays.
 * A chat that finds nobody does not block those behind it that are for another team, but once nobody is
 * found for a team, no later chat of that team is tried (so within a team, first in is first served).
 * `next` must count each agent it answers against their capacity at once (see Dealer in routing.ts), and
 * may depend on the chat only through its team.
 */
export function drain(queue: readonly Waiting[], next: (chat: Waiting) => string | null): { queue: Waiting[]; assigned: Dealt[]; moved: Place[] } {
  const full = new Set<string>();
  const assigned: Dealt[] = [];
  const left: Waiting[] = [];
  for (const chat of queue) {
    const pool = poolOf(chat.team);
    const agentId = full.has(pool) ? null : next(chat);
    if (agentId === null) {
      full.add(pool);
      left.push(chat);
    } else assigned.push({ id: chat.id, agentId });
  }
  return { queue: left, assigned, moved: moves(queue, left) };
}
