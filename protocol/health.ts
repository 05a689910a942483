import * as v from 'valibot';
import { list, ServerId, str, Timestamp, whole } from './bounds';
import { Id } from './playbook';

/*
 * The workspace's health, for its admins (the options page's Health block, or
 * `GET /parties/workspace/<ws>/health` with an admin's token): what the workspace room knows now. Counts only —
 * no visitor, no message, no agent name — so it can be pasted into a ticket or polled by a monitor.
 */

/** Sites that loaded the widget but are not in the playbook's Allowed sites, newest first (kept per workspace). */
export const REFUSED_SITES_MAX = 10;
export const RefusedSite = v.strictObject({ playbookId: Id, origin: str(300), at: Timestamp, count: whole(1) });
export type RefusedSite = v.InferOutput<typeof RefusedSite>;

export const Health = v.strictObject({
  /** When this answer was made, and when the workspace room (re)started: counts below are since then. */
  at: Timestamp,
  since: Timestamp,
  /** Conversation rooms: open chats in the index, reports received since `since` and the last one's time. */
  conversations: v.strictObject({ open: whole(), waiting: whole(), reports: whole(), lastReportAt: v.nullable(Timestamp) }),
  /** When the chat that has waited longest for an agent started (null: nobody waits). */
  oldestWaitingSince: v.nullable(Timestamp),
  /** The oldest waiting chat's id, for an admin to find it. */
  oldestWaitingId: v.nullable(ServerId),
  /** CRM outbox: intents still to be sent (or retried) and those that gave up. */
  intents: v.strictObject({ pending: whole(), failed: whole() }),
  /** Agents Online with a socket open now. */
  agentsOnline: whole(),
  /** Error events logged since `since`, by event name (party/log.ts). */
  errors: v.pipe(v.record(v.pipe(v.string(), v.maxLength(40)), whole()), v.maxEntries(20)),
  refusedSites: list(RefusedSite, REFUSED_SITES_MAX),
});
export type Health = v.InferOutput<typeof Health>;

/** Admins only: the health now (answered with a `health` frame). */
export const HealthGet = v.strictObject({ type: v.literal('health-get'), ref: v.optional(v.pipe(v.string(), v.maxLength(64))) });
export const HealthFrame = v.strictObject({ type: v.literal('health'), ref: v.optional(str(200)), health: Health });
