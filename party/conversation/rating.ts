import { BatonError, type Status } from '../../protocol';

/** A visitor's rating as the room keeps it (in `meta.rating`). */
export type Rating = { score: number; comment?: string; at: number };

/**
 * `Rate this chat`: the rules. Only once the chat is closed (problem `not-closed`), only once (`already-rated`).
 * The frame's schema already checked the score (1–5) and the comment (something visible, ≤ 1,000 characters);
 * the comment is kept trimmed.
 */
export function decideRating(meta: { status: Status; rating?: Rating }, score: number, comment: string | undefined, now: number): Rating {
  if (meta.rating) throw BatonError.of('conflict', { code: 'already-rated' });
  if (meta.status !== 'closed') throw BatonError.of('invalid-transition', { code: 'not-closed' });
  const text = comment?.trim();
  return { score, ...(text ? { comment: text } : {}), at: now };
}
