import { dueEscalation, nextEscalation, type Escalation, type EscalationAction, type EscalationState } from './escalation';
import { isWaiting, type Meta } from './state';

/** A failed report to the workspace room is tried again this long after. */
export const REPORT_RETRY_MS = 5_000;
/** An alarm this close to the deadline counts as the deadline (timers are not exact). */
const SLACK_MS = 50;

/**
 * The room's one alarm: the sooner of the wait-time deadline (while nobody has the chat), a pending report
 * retry and a due email (email-due.ts). Null: no alarm. The single place that decides when the room must wake up.
 */
export function nextAlarm(meta: Pick<Meta, 'status' | 'waitUntil' | 'reportDue' | 'email'>, now: number): number | null {
  const deadline = isWaiting(meta.status) && meta.waitUntil !== null ? Math.max(now, meta.waitUntil) : null;
  const retry = meta.reportDue ? now + REPORT_RETRY_MS : null;
  const email = meta.email?.due != null ? Math.max(now, meta.email.due) : null;
  const times = [deadline, retry, email].filter((t): t is number => t !== null);
  return times.length ? Math.min(...times) : null;
}

/** The unseen-reply email is due. */
export function emailDueNow(meta: Pick<Meta, 'email'>, now: number): boolean {
  return meta.email?.due != null && now >= meta.email.due - SLACK_MS;
}

/** The wait time is over: nobody took the chat, it becomes missed. */
export function waitExpired(meta: Pick<Meta, 'status' | 'waitUntil'>, now: number): boolean {
  return isWaiting(meta.status) && meta.waitUntil !== null && now >= meta.waitUntil - SLACK_MS;
}

/**
 * What escalation.ts needs of the room, or null when nothing escalates: the chat waits for a person (nobody has
 * it, or routing's pick has not replied) and its card set reminders or a reassignment. A missed or closed chat,
 * or one a person took, answers null.
 */
export function escalationOf(meta: Meta): EscalationState | null {
  const r = meta.routing;
  const reassignAfterSec = r && r.mode !== 'manual' ? r.reassignAfterSec : undefined;
  if (!r || (r.renotifyEverySec === undefined && reassignAfterSec === undefined)) return null;
  const waiting = isWaiting(meta.status) && meta.assignee === null;
  const routed = meta.status === 'active' && meta.assignee !== null && meta.assignedAt !== undefined;
  if (!waiting && !routed) return null;
  return {
    createdAt: meta.waitingSince ?? meta.createdAt,
    ...(meta.claimedAt !== undefined && !waiting ? { claimedAt: meta.claimedAt } : {}),
    ...(routed ? { assignedAt: meta.assignedAt } : {}),
    ...(meta.lastAgentReplyAt !== undefined ? { lastAgentReplyAt: meta.lastAgentReplyAt } : {}),
    ...(meta.lastNotifiedAt !== undefined ? { lastNotifiedAt: meta.lastNotifiedAt } : {}),
    ...(r.renotifyEverySec !== undefined ? { renotifyEverySec: r.renotifyEverySec } : {}),
    ...(reassignAfterSec !== undefined ? { reassignAfterSec } : {}),
    waitDeadline: waiting ? meta.waitUntil : null,
  };
}

/**
 * Escalation's times run `speedup` times faster (a test knob, BATON_ESCALATION_SPEEDUP; 1 in production): the
 * state's instants are stretched around its start, so its seconds settings pass sooner in real time, while the
 * wait-time deadline, stretched and shrunk back, stays where it is. Answers the stretched state and the way back.
 */
function stretch(s: EscalationState, speedup: number): { state: EscalationState; f: (t: number) => number; g: (t: number) => number } {
  const o = s.createdAt;
  const f = (t: number) => o + (t - o) * speedup;
  const g = (t: number) => o + (t - o) / speedup;
  if (speedup === 1) return { state: s, f, g };
  const state: EscalationState = { ...s, waitDeadline: s.waitDeadline === null ? null : f(s.waitDeadline) };
  for (const k of ['claimedAt', 'assignedAt', 'lastAgentReplyAt', 'lastNotifiedAt'] as const) if (s[k] !== undefined) state[k] = f(s[k]);
  return { state, f, g };
}

/** The next escalation (null: none), in real time. */
export function nextEscalationAt(meta: Meta, now: number, speedup = 1): Escalation | null {
  const s = escalationOf(meta);
  if (!s) return null;
  const { state, f, g } = stretch(s, speedup);
  const e = nextEscalation(state, f(now));
  return e && { at: Math.max(now, Math.ceil(g(e.at))), action: e.action };
}

/** What escalation asks for now, when the alarm fires (null: nothing yet). */
export function escalationDue(meta: Meta, now: number, speedup = 1): EscalationAction | null {
  const s = escalationOf(meta);
  if (!s) return null;
  const { state, f } = stretch(s, speedup);
  return dueEscalation(state, f(now));
}

/** The room's one alarm: the sooner of nextAlarm and the next escalation. */
export function nextWake(meta: Meta, now: number, speedup = 1): number | null {
  const a = nextAlarm(meta, now);
  const e = nextEscalationAt(meta, now, speedup)?.at ?? null;
  return a === null ? e : e === null ? a : Math.min(a, e);
}
