import type { Entry } from '../protocol';

/**
 * Who lost the chat at each `unassigned` event with `cause: no-reply` (routing's pick did not reply in time), by
 * the event's seq. The event names nobody (the room took the chat from its assignee), so the name comes from the
 * log itself: the agent the last `joined` or `reassigned` before it gave the chat to. Absent when the log does
 * not say (the event that assigned them is not in it).
 */
export function silentAgents(entries: readonly Entry[]): ReadonlyMap<number, string> {
  const out = new Map<number, string>();
  let holder: string | null = null;
  for (const e of entries) {
    if (e.kind !== 'event') continue;
    switch (e.event) {
      case 'joined':
      case 'reassigned':
        holder = e.agent?.name ?? null;
        break;
      case 'unassigned':
        if (e.cause === 'no-reply' && holder) out.set(e.seq, holder);
        holder = null;
        break;
      case 'missed':
      case 'closed':
        holder = null;
        break;
      default:
        break;
    }
  }
  return out;
}

/** A rating's stars as drawn beside its words: `score` filled, the rest empty (screen readers get the words). */
export function ratingStars(score: number): string {
  const n = Math.max(0, Math.min(5, Math.round(score)));
  return '★'.repeat(n) + '☆'.repeat(5 - n);
}
