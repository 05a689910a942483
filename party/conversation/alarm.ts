import { isWaiting, type Meta } from './state';

/** A failed report to the workspace room is tried again this long after. */
export const REPORT_RETRY_MS = 5_000;
/** An alarm this close to the deadline counts as the deadline (timers are not exact). */
const SLACK_MS = 50;

/**
 * The room's one alarm: the sooner of the wait-time deadline (while nobody has the chat) and a pending report
 * retry. Null: no alarm. The single place that decides when the room must wake up.
 */
export function nextAlarm(meta: Pick<Meta, 'status' | 'waitUntil' | 'reportDue'>, now: number): number | null {
  const deadline = isWaiting(meta.status) && meta.waitUntil !== null ? Math.max(now, meta.waitUntil) : null;
  const retry = meta.reportDue ? now + REPORT_RETRY_MS : null;
  if (deadline === null) return retry;
  return retry === null ? deadline : Math.min(deadline, retry);
}

/** The wait time is over: nobody took the chat, it becomes missed. */
export function waitExpired(meta: Pick<Meta, 'status' | 'waitUntil'>, now: number): boolean {
  return isWaiting(meta.status) && meta.waitUntil !== null && now >= meta.waitUntil - SLACK_MS;
}
