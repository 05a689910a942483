import { describe, expect, test } from 'vitest';
import { RENOTIFY_WINDOW_MS, dueEscalation, isAnswered, nextEscalation, type EscalationState } from '../../../party/conversation/escalation';
import { REASSIGN_AFTER_SEC, RENOTIFY_EVERY_SEC } from '../../../protocol/routing';

const T0 = 1_800_000_000_000;
const S = 1_000;
/** A chat created at T0 with a 120 s wait time, re-notifying every 30 s. */
const waiting = (change: Partial<EscalationState> = {}): EscalationState => ({ createdAt: T0, renotifyEverySec: 30, waitDeadline: T0 + 120 * S, ...change });

describe('an unclaimed chat', () => {
  test('re-notifies every N seconds from the last notification, then is missed at the deadline', () => {
    expect(nextEscalation(waiting(), T0)).toEqual({ at: T0 + 30 * S, action: 'renotify' });
    expect(nextEscalation(waiting({ lastNotifiedAt: T0 + 30 * S }), T0 + 30 * S)).toEqual({ at: T0 + 60 * S, action: 'renotify' });
    expect(nextEscalation(waiting({ lastNotifiedAt: T0 + 60 * S }), T0 + 60 * S)).toEqual({ at: T0 + 90 * S, action: 'renotify' });
    // The next reminder would fall on the deadline: the deadline wins.
    expect(nextEscalation(waiting({ lastNotifiedAt: T0 + 90 * S }), T0 + 90 * S)).toEqual({ at: T0 + 120 * S, action: 'missed' });
    expect(nextEscalation(waiting({ lastNotifiedAt: T0 + 100 * S }), T0 + 100 * S)).toEqual({ at: T0 + 120 * S, action: 'missed' });
  });

  test('walking the alarm from creation: three reminders, then missed (the room stops asking: the chat is missed)', () => {
    let s = waiting();
    let now = T0;
    const log: string[] = [];
    for (let i = 0; i < 10; i++) {
      const next = nextEscalation(s, now);
      if (!next) break;
      now = next.at + 20; // alarms fire a little late
      const action = dueEscalation(s, now);
      log.push(`${Math.floor((now - T0) / S)}:${action}`);
      if (action === 'renotify') s = { ...s, lastNotifiedAt: now };
      if (action === 'missed') break;
    }
    expect(log).toEqual(['30:renotify', '60:renotify', '90:renotify', '120:missed']);
  });

  test('past the deadline, missed is all there is, however late the alarm', () => {
    expect(nextEscalation(waiting({ lastNotifiedAt: T0 + 119 * S }), T0 + 121 * S)).toEqual({ at: T0 + 121 * S, action: 'missed' });
    expect(dueEscalation(waiting(), T0 + 3_600 * S)).toBe('missed');
  });

  test('re-notify off (absent or 0): only the deadline; no deadline either: nothing', () => {
    expect(nextEscalation(waiting({ renotifyEverySec: undefined }), T0)).toEqual({ at: T0 + 120 * S, action: 'missed' });
    expect(nextEscalation(waiting({ renotifyEverySec: 0 }), T0)).toEqual({ at: T0 + 120 * S, action: 'missed' });
    expect(nextEscalation(waiting({ renotifyEverySec: undefined, waitDeadline: null }), T0)).toBeNull();
  });

  test('without a deadline, reminders stop an hour after the chat started waiting', () => {
    const s = waiting({ waitDeadline: null, renotifyEverySec: 600 });
    expect(nextEscalation({ ...s, lastNotifiedAt: T0 + RENOTIFY_WINDOW_MS - 600 * S - 1 }, T0)?.action).toBe('renotify');
    expect(nextEscalation({ ...s, lastNotifiedAt: T0 + RENOTIFY_WINDOW_MS - 600 * S }, T0)).toBeNull();
  });
});

describe('never re-notifying after a claim', () => {
  test('a claim ends escalation, whatever else is due or overdue', () => {
    const claimed = waiting({ claimedAt: T0 + 10 * S, lastNotifiedAt: T0 });
    for (const now of [T0 + 10 * S, T0 + 31 * S, T0 + 500 * S]) {
      expect(nextEscalation(claimed, now)).toBeNull();
      expect(dueEscalation(claimed, now)).toBeNull();
    }
    expect(nextEscalation({ ...claimed, assignedAt: T0, reassignAfterSec: 60 }, T0 + 100 * S)).toBeNull();
    expect(isAnswered(claimed)).toBe(true);
  });
  test('the alarm that fires just after the claim does nothing', () => {
    // Armed for T0+30s as a reminder; the agent claims at T0+29.99s; the alarm fires at T0+30s.
    expect(dueEscalation(waiting({ claimedAt: T0 + 29_990 }), T0 + 30 * S)).toBeNull();
  });
});

describe('a chat routing gave to an agent', () => {
  const assigned = (change: Partial<EscalationState> = {}) =>
    waiting({ assignedAt: T0 + 5 * S, lastNotifiedAt: T0 + 5 * S, reassignAfterSec: 60, waitDeadline: null, ...change });

  test('reminds the assignee, and reassigns when they have not replied in time', () => {
    expect(nextEscalation(assigned(), T0 + 5 * S)).toEqual({ at: T0 + 35 * S, action: 'renotify' });
    expect(nextEscalation(assigned({ lastNotifiedAt: T0 + 35 * S }), T0 + 35 * S)).toEqual({ at: T0 + 65 * S, action: 'reassign' });
    expect(nextEscalation(assigned({ renotifyEverySec: undefined }), T0 + 5 * S)).toEqual({ at: T0 + 65 * S, action: 'reassign' });
  });

  test('a reply from the assignee stops it; a reply from before the assignment (someone else’s) does not', () => {
    expect(nextEscalation(assigned({ lastAgentReplyAt: T0 + 20 * S }), T0 + 20 * S)).toBeNull();
    expect(nextEscalation(assigned({ lastAgentReplyAt: T0 + 5 * S }), T0 + 20 * S)).toBeNull(); // the same millisecond
    expect(nextEscalation(assigned({ lastAgentReplyAt: T0 + 4 * S, renotifyEverySec: undefined }), T0 + 20 * S)).toEqual({ at: T0 + 65 * S, action: 'reassign' });
  });

  test('no reassignment set: reminders only, for an hour; a deadline still makes it missed', () => {
    expect(nextEscalation(assigned({ reassignAfterSec: undefined, lastNotifiedAt: T0 + 3000 * S }), T0 + 3000 * S)).toEqual({ at: T0 + 3030 * S, action: 'renotify' });
    expect(nextEscalation(assigned({ reassignAfterSec: undefined, lastNotifiedAt: T0 + 3600 * S }), T0 + 3600 * S)).toBeNull();
    expect(nextEscalation(assigned({ reassignAfterSec: undefined, renotifyEverySec: undefined, waitDeadline: T0 + 50 * S }), T0 + 6 * S)).toEqual({ at: T0 + 50 * S, action: 'missed' });
  });

  test('reassigned again: the new assignment starts the clocks again', () => {
    const again = assigned({ assignedAt: T0 + 65 * S, lastNotifiedAt: T0 + 65 * S });
    expect(nextEscalation(again, T0 + 65 * S)).toEqual({ at: T0 + 95 * S, action: 'renotify' });
    expect(nextEscalation({ ...again, renotifyEverySec: undefined }, T0 + 65 * S)).toEqual({ at: T0 + 125 * S, action: 'reassign' });
  });
});

describe('never before now', () => {
  test('overdue after the room slept: one action now, not a burst', () => {
    expect(nextEscalation(waiting({ waitDeadline: null }), T0 + 1000 * S)).toEqual({ at: T0 + 1000 * S, action: 'renotify' });
    expect(nextEscalation(waiting({ waitDeadline: null, lastNotifiedAt: T0 + 1000 * S }), T0 + 1000 * S)).toEqual({ at: T0 + 1030 * S, action: 'renotify' });
  });
  test('several overdue: the deadline beats the reassignment, which beats a reminder', () => {
    expect(nextEscalation(waiting(), T0 + 500 * S)).toEqual({ at: T0 + 500 * S, action: 'missed' });
    expect(nextEscalation(waiting({ assignedAt: T0, reassignAfterSec: 60, waitDeadline: null }), T0 + 500 * S)).toEqual({ at: T0 + 500 * S, action: 'reassign' });
    expect(nextEscalation(waiting({ assignedAt: T0, reassignAfterSec: 60, waitDeadline: T0 + 400 * S }), T0 + 500 * S)).toEqual({ at: T0 + 500 * S, action: 'missed' });
  });
  test('a reassignment and the deadline at the same instant: missed', () => {
    expect(nextEscalation(waiting({ assignedAt: T0, reassignAfterSec: 120, renotifyEverySec: undefined }), T0)).toEqual({ at: T0 + 120 * S, action: 'missed' });
  });
});

describe('bounded settings', () => {
  test(`re-notify is clamped to ${RENOTIFY_EVERY_SEC.min}–${RENOTIFY_EVERY_SEC.max} s; not finite or negative: off`, () => {
    const free = { waitDeadline: null };
    expect(nextEscalation(waiting({ ...free, renotifyEverySec: 1 }), T0)).toEqual({ at: T0 + RENOTIFY_EVERY_SEC.min * S, action: 'renotify' });
    expect(nextEscalation(waiting({ ...free, renotifyEverySec: 0.001 }), T0)).toEqual({ at: T0 + RENOTIFY_EVERY_SEC.min * S, action: 'renotify' });
    expect(nextEscalation(waiting({ ...free, renotifyEverySec: 86_400 }), T0)).toEqual({ at: T0 + RENOTIFY_EVERY_SEC.max * S, action: 'renotify' });
    for (const bad of [Number.NaN, Infinity, -30]) expect(nextEscalation(waiting({ ...free, renotifyEverySec: bad }), T0)).toBeNull();
  });
  test(`reassign after is clamped to ${REASSIGN_AFTER_SEC.min}–${REASSIGN_AFTER_SEC.max} s`, () => {
    const s = { assignedAt: T0, renotifyEverySec: undefined, waitDeadline: null };
    expect(nextEscalation(waiting({ ...s, reassignAfterSec: 1 }), T0)).toEqual({ at: T0 + REASSIGN_AFTER_SEC.min * S, action: 'reassign' });
    expect(nextEscalation(waiting({ ...s, reassignAfterSec: 1e9 }), T0)).toEqual({ at: T0 + REASSIGN_AFTER_SEC.max * S, action: 'reassign' });
    expect(nextEscalation(waiting({ ...s, reassignAfterSec: Number.NaN }), T0)).toBeNull();
  });
  test('reassign after applies only to a chat routing gave (a chat nobody has is never "reassigned")', () => {
    expect(nextEscalation(waiting({ reassignAfterSec: 15, renotifyEverySec: undefined }), T0)).toEqual({ at: T0 + 120 * S, action: 'missed' });
  });
});

describe('dueEscalation (when the alarm fires)', () => {
  test('due within 50 ms of slack, not before', () => {
    expect(dueEscalation(waiting(), T0 + 30 * S - 51)).toBeNull();
    expect(dueEscalation(waiting(), T0 + 30 * S - 50)).toBe('renotify');
    expect(dueEscalation(waiting(), T0 + 30 * S + 5_000)).toBe('renotify');
    expect(dueEscalation(waiting({ lastNotifiedAt: T0 + 90 * S }), T0 + 120 * S)).toBe('missed');
  });
});
