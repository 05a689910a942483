import { REASSIGN_AFTER_SEC, RENOTIFY_EVERY_SEC, clampSetting } from '../../protocol/routing';

/*
 * When an unanswered chat must wake its room, and for what: re-notify (the eligible Online agents while nobody
 * has it, the assignee while routing's pick has not replied), reassign (routing's pick did not reply in
 * time), or missed (the wait time is over). Pure, like alarm.ts: the room's one alarm becomes the sooner of
 * nextAlarm and this, and the room does what `dueEscalation` answers when it fires.
 *
 * The room asks only while the chat waits for a person: waiting or unassigned, or active with routing's pick
 * not yet replying. Missed is the last answer (from the deadline on it is all there is); once the chat is
 * missed or closed the room stops asking, as nextAlarm stops on the status.
 */

/** Re-notifications stop this long after the chat started waiting for its current agent, whatever else is set. */
export const RENOTIFY_WINDOW_MS = 60 * 60_000;
/** An alarm this close to its time counts as on time (timers are not exact), as in alarm.ts. */
const SLACK_MS = 50;

export type EscalationState = {
  /** When the chat started waiting for a person. */
  createdAt: number;
  /** An agent took it by hand (Assign to me): the chat is answered, escalation is over. */
  claimedAt?: number;
  /** Routing gave it to an agent at this time (automatic modes); absent while nobody has it. */
  assignedAt?: number;
  /** The assignee's last reply; one from before `assignedAt` was someone else's. */
  lastAgentReplyAt?: number;
  /** When agents were last told of it (new, assigned to you, re-notified). */
  lastNotifiedAt?: number;
  /** `Re-notify every`: absent or 0 = off; clamped to RENOTIFY_EVERY_SEC. */
  renotifyEverySec?: number;
  /** `Reassign if no reply within`: only for a chat routing gave; absent or 0 = off; clamped to REASSIGN_AFTER_SEC. */
  reassignAfterSec?: number;
  /** When it becomes missed if still unanswered (the wait time); null: never. */
  waitDeadline: number | null;
};

export type EscalationAction = 'renotify' | 'reassign' | 'missed';
export type Escalation = { at: number; action: EscalationAction };

/** Which of two due at the same time wins: the visitor's deadline, then the reassignment, then a reminder. */
const RANK: Record<EscalationAction, number> = { missed: 0, reassign: 1, renotify: 2 };

/** Whether a person has answered: a claim by hand, or the assignee's reply since routing gave it. */
export const isAnswered = (s: EscalationState) =>
  s.claimedAt !== undefined || (s.assignedAt !== undefined && s.lastAgentReplyAt !== undefined && s.lastAgentReplyAt >= s.assignedAt);

/**
 * The next escalation, never before `now` (overdue ones, after a room slept, give one action now, not a burst);
 * null when the chat is answered or nothing is set. A re-notification is never planned at or after the
 * missed deadline or the reassignment (those tell the agents anyway).
 */
export function nextEscalation(s: EscalationState, now: number): Escalation | null {
  if (isAnswered(s)) return null;
  const due: Escalation[] = [];
  if (s.waitDeadline !== null) due.push({ at: s.waitDeadline, action: 'missed' });
  const reassignAfter = clampSetting(s.reassignAfterSec, REASSIGN_AFTER_SEC);
  if (s.assignedAt !== undefined && reassignAfter !== undefined) due.push({ at: s.assignedAt + reassignAfter * 1000, action: 'reassign' });
  const every = clampSetting(s.renotifyEverySec, RENOTIFY_EVERY_SEC);
  if (every !== undefined) {
    const start = s.assignedAt ?? s.createdAt;
    const at = Math.max(start, s.lastNotifiedAt ?? start) + every * 1000;
    const before = Math.min(start + RENOTIFY_WINDOW_MS, ...due.map((d) => d.at));
    if (at < before) due.push({ at, action: 'renotify' });
  }
  if (due.length === 0) return null;
  // Overdue ones are all due now: then the deadline beats the reassignment, which beats a reminder.
  return due.map((d) => ({ at: Math.max(d.at, now), action: d.action })).reduce((a, b) => (b.at < a.at || (b.at === a.at && RANK[b.action] < RANK[a.action]) ? b : a));
}

/** What to do now, when the alarm fires (within 50 ms of slack); null: nothing yet. */
export function dueEscalation(s: EscalationState, now: number): EscalationAction | null {
  const next = nextEscalation(s, now);
  return next !== null && next.at <= now + SLACK_MS ? next.action : null;
}
