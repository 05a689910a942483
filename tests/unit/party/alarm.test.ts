import { describe, expect, test } from 'vitest';
import { REPORT_RETRY_MS, nextAlarm, waitExpired } from '../../../party/conversation/alarm';
import type { Status } from '../../../protocol';

const NOW = 10_000_000;

describe('nextAlarm', () => {
  test('the wait-time deadline while nobody has the chat', () => {
    expect(nextAlarm({ status: 'waiting', waitUntil: NOW + 60_000 }, NOW)).toBe(NOW + 60_000);
    expect(nextAlarm({ status: 'unassigned', waitUntil: NOW + 1 }, NOW)).toBe(NOW + 1);
  });

  test('a deadline already past (a restart) fires now, not in the past', () => {
    expect(nextAlarm({ status: 'waiting', waitUntil: NOW - 3_600_000 }, NOW)).toBe(NOW);
  });

  test('no alarm once someone has it, it is missed or closed, or has no deadline', () => {
    for (const status of ['bot', 'active', 'missed', 'closed'] as Status[]) expect(nextAlarm({ status, waitUntil: NOW + 60_000 }, NOW)).toBeNull();
    expect(nextAlarm({ status: 'waiting', waitUntil: null }, NOW)).toBeNull();
  });

  test('a report due is retried soon, or at the deadline if that is sooner', () => {
    expect(nextAlarm({ status: 'closed', waitUntil: null, reportDue: true }, NOW)).toBe(NOW + REPORT_RETRY_MS);
    expect(nextAlarm({ status: 'waiting', waitUntil: NOW + 60_000, reportDue: true }, NOW)).toBe(NOW + REPORT_RETRY_MS);
    expect(nextAlarm({ status: 'waiting', waitUntil: NOW + 1_000, reportDue: true }, NOW)).toBe(NOW + 1_000);
    expect(nextAlarm({ status: 'active', waitUntil: NOW + 1_000, reportDue: false }, NOW)).toBeNull();
  });
});

describe('waitExpired', () => {
  test('true from the deadline on (within 50 ms of slack), only while waiting or unassigned', () => {
    const m = { status: 'waiting' as Status, waitUntil: NOW };
    expect(waitExpired(m, NOW - 51)).toBe(false);
    expect(waitExpired(m, NOW - 50)).toBe(true);
    expect(waitExpired(m, NOW + 3_600_000)).toBe(true);
    expect(waitExpired({ status: 'unassigned', waitUntil: NOW }, NOW)).toBe(true);
    for (const status of ['bot', 'active', 'missed', 'closed'] as Status[]) expect(waitExpired({ status, waitUntil: NOW }, NOW + 1)).toBe(false);
    expect(waitExpired({ status: 'waiting', waitUntil: null }, NOW)).toBe(false);
  });
});
