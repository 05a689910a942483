import * as v from 'valibot';
import { describe, expect, test } from 'vitest';
import { OPENING_HORIZON_MS, hoursAnswer, isOpen, nextOpening, offsetAt } from '../../../party/workspace/hours';
import { BusinessHours, WEEKDAYS, type Weekday } from '../../../protocol/hours';

const Z = (iso: string) => Date.parse(iso);
const HOUR = 3_600_000;
const MIN = 60_000;
type R = [string, string];

/** Business hours through the schema, as the room will hold them: `days` maps weekdays to ranges. */
function hours(timeZone: string, days: Partial<Record<Weekday | 'weekdays' | 'every', R[]>>, exceptions: unknown[] = []): BusinessHours {
  const week = Object.fromEntries(
    WEEKDAYS.map((d) => [d, (days[d] ?? (d !== 'sat' && d !== 'sun' ? days.weekdays : undefined) ?? days.every ?? []).map(([from, to]) => ({ from, to }))]),
  );
  return v.parse(BusinessHours, { timeZone, week, exceptions });
}
const office = (tz: string, exceptions: unknown[] = []) => hours(tz, { weekdays: [['09:00', '12:00'], ['14:00', '18:00']] }, exceptions);

describe('offsetAt (the zone through Intl)', () => {
  test('Paris: +1 h in winter, +2 h in summer, changing at the exact instants of 2026', () => {
    expect(offsetAt('Europe/Paris', Z('2026-03-29T00:59:59.999Z'))).toBe(HOUR);
    expect(offsetAt('Europe/Paris', Z('2026-03-29T01:00:00Z'))).toBe(2 * HOUR);
    expect(offsetAt('Europe/Paris', Z('2026-10-25T00:59:59.999Z'))).toBe(2 * HOUR);
    expect(offsetAt('Europe/Paris', Z('2026-10-25T01:00:00Z'))).toBe(HOUR);
  });
  test('New York, Kolkata (+5:30), UTC', () => {
    expect(offsetAt('America/New_York', Z('2026-01-15T12:00:00Z'))).toBe(-5 * HOUR);
    expect(offsetAt('America/New_York', Z('2026-07-15T12:00:00Z'))).toBe(-4 * HOUR);
    expect(offsetAt('Asia/Kolkata', Z('2026-07-15T12:34:56.789Z'))).toBe(5.5 * HOUR);
    expect(offsetAt('UTC', Z('2026-07-15T12:34:56.789Z'))).toBe(0);
  });
});

describe('isOpen: a plain week', () => {
  const paris = office('Europe/Paris');
  test('open from the start of a range, closed from its end (winter, UTC+1)', () => {
    // Monday 2026-01-12.
    expect(isOpen(paris, Z('2026-01-12T07:59:59.999Z'))).toBe(false);
    expect(isOpen(paris, Z('2026-01-12T08:00:00Z'))).toBe(true);
    expect(isOpen(paris, Z('2026-01-12T10:59:59.999Z'))).toBe(true);
    expect(isOpen(paris, Z('2026-01-12T11:00:00Z'))).toBe(false); // 12:00: lunch
    expect(isOpen(paris, Z('2026-01-12T13:00:00Z'))).toBe(true); // 14:00
    expect(isOpen(paris, Z('2026-01-12T16:59:59Z'))).toBe(true);
    expect(isOpen(paris, Z('2026-01-12T17:00:00Z'))).toBe(false); // 18:00
  });
  test('the same wall-clock hours in summer (UTC+2)', () => {
    expect(isOpen(paris, Z('2026-07-13T06:59:59Z'))).toBe(false);
    expect(isOpen(paris, Z('2026-07-13T07:00:00Z'))).toBe(true);
    expect(isOpen(paris, Z('2026-07-13T15:59:59Z'))).toBe(true);
    expect(isOpen(paris, Z('2026-07-13T16:00:00Z'))).toBe(false);
  });
  test('the weekend is closed; the day is the workspace’s, not UTC’s', () => {
    expect(isOpen(paris, Z('2026-01-17T10:00:00Z'))).toBe(false); // Saturday
    // Kolkata, Monday 09:00 IST is 03:30 UTC; Sunday 23:00 UTC is already Monday 04:30 IST (closed, before 09:00).
    const kolkata = office('Asia/Kolkata');
    expect(isOpen(kolkata, Z('2026-01-12T03:29:59Z'))).toBe(false);
    expect(isOpen(kolkata, Z('2026-01-12T03:30:00Z'))).toBe(true);
    // Tokyo, Friday 17:30 JST = 08:30 UTC; Saturday 00:30 JST is Friday 15:30 UTC: closed though UTC says Friday.
    const tokyo = office('Asia/Tokyo');
    expect(isOpen(tokyo, Z('2026-01-16T08:30:00Z'))).toBe(true);
    expect(isOpen(tokyo, Z('2026-01-16T15:30:00Z'))).toBe(false);
  });
});

describe('midnight', () => {
  const late = hours('Europe/Paris', { fri: [['22:00', '24:00']], sat: [['00:00', '02:00']] });
  test('a range ending at 24:00 runs to midnight, and the next day’s 00:00 range carries on without a gap', () => {
    expect(isOpen(late, Z('2026-01-16T20:59:59Z'))).toBe(false); // Fri 21:59:59
    expect(isOpen(late, Z('2026-01-16T21:00:00Z'))).toBe(true); // Fri 22:00
    expect(isOpen(late, Z('2026-01-16T22:59:59.999Z'))).toBe(true); // Fri 23:59:59.999
    expect(isOpen(late, Z('2026-01-16T23:00:00Z'))).toBe(true); // Sat 00:00
    expect(isOpen(late, Z('2026-01-17T00:59:59Z'))).toBe(true); // Sat 01:59:59
    expect(isOpen(late, Z('2026-01-17T01:00:00Z'))).toBe(false); // Sat 02:00
    expect(nextOpening(late, Z('2026-01-16T12:00:00Z'))).toBe(Z('2026-01-16T21:00:00Z'));
    expect(nextOpening(late, Z('2026-01-17T01:00:00Z'))).toBe(Z('2026-01-23T21:00:00Z'));
  });
  test('a range typed as ending at 00:00 ends at midnight', () => {
    const typed = hours('Europe/Paris', { fri: [['22:00', '00:00']] });
    expect(typed.week.fri).toEqual([{ from: '22:00', to: '24:00' }]);
    expect(isOpen(typed, Z('2026-01-16T22:59:59Z'))).toBe(true);
    expect(isOpen(typed, Z('2026-01-16T23:00:00Z'))).toBe(false);
  });
  test('open all day every day: always open, and the next opening is now', () => {
    const always = hours('America/New_York', { every: [['00:00', '24:00']] });
    for (const iso of ['2026-03-08T06:59:59Z', '2026-03-08T07:00:00Z', '2026-11-01T05:30:00Z', '2026-11-01T06:30:00Z', '2026-12-31T23:59:59Z']) {
      expect(isOpen(always, Z(iso)), iso).toBe(true);
      expect(nextOpening(always, Z(iso)), iso).toBe(Z(iso));
    }
  });
});

describe('daylight saving: wall-clock times hold', () => {
  test('Paris spring forward (2026-03-29): 02:30–03:30 opens when the clock jumps to 03:00, for half an hour', () => {
    const h = hours('Europe/Paris', { sun: [['02:30', '03:30']] });
    expect(isOpen(h, Z('2026-03-29T00:59:59.999Z'))).toBe(false); // 01:59:59 CET
    expect(isOpen(h, Z('2026-03-29T01:00:00Z'))).toBe(true); // 03:00 CEST
    expect(isOpen(h, Z('2026-03-29T01:29:59Z'))).toBe(true);
    expect(isOpen(h, Z('2026-03-29T01:30:00Z'))).toBe(false); // 03:30 CEST
    expect(nextOpening(h, Z('2026-03-28T12:00:00Z'))).toBe(Z('2026-03-29T01:00:00Z'));
    expect(nextOpening(h, Z('2026-03-29T00:30:00Z'))).toBe(Z('2026-03-29T01:00:00Z'));
    // The Sunday before (no change) it opens at 02:30 CET, for an hour; the Sunday after at 02:30 CEST.
    expect(nextOpening(h, Z('2026-03-21T12:00:00Z'))).toBe(Z('2026-03-22T01:30:00Z'));
    expect(nextOpening(h, Z('2026-03-29T01:30:00Z'))).toBe(Z('2026-04-05T00:30:00Z'));
  });

  test('Paris spring forward: a range inside the skipped hour is never shown by the clock, so it never opens that day', () => {
    const h = hours('Europe/Paris', { sun: [['02:00', '02:45']] });
    for (let t = Z('2026-03-29T00:00:00Z'); t < Z('2026-03-29T02:00:00Z'); t += MIN) expect(isOpen(h, t)).toBe(false);
    expect(nextOpening(h, Z('2026-03-28T12:00:00Z'))).toBe(Z('2026-04-05T00:00:00Z')); // 02:00 CEST a week later
  });

  test('Paris fall back (2026-10-25): the repeated hour is open both times the clock shows it', () => {
    const h = hours('Europe/Paris', { sun: [['02:30', '03:30']] });
    expect(isOpen(h, Z('2026-10-25T00:29:59Z'))).toBe(false); // 02:29:59 CEST
    expect(isOpen(h, Z('2026-10-25T00:30:00Z'))).toBe(true); // 02:30 CEST
    expect(isOpen(h, Z('2026-10-25T00:59:59Z'))).toBe(true);
    expect(isOpen(h, Z('2026-10-25T01:00:00Z'))).toBe(false); // 02:00 CET (again)
    expect(isOpen(h, Z('2026-10-25T01:29:59Z'))).toBe(false);
    expect(isOpen(h, Z('2026-10-25T01:30:00Z'))).toBe(true); // 02:30 CET
    expect(isOpen(h, Z('2026-10-25T02:29:59Z'))).toBe(true); // 03:29:59 CET
    expect(isOpen(h, Z('2026-10-25T02:30:00Z'))).toBe(false);
    expect(nextOpening(h, Z('2026-10-25T01:00:00Z'))).toBe(Z('2026-10-25T01:30:00Z'));
  });

  test('Paris fall back: when the clock jumps back into a range, it opens at the jump', () => {
    const early = hours('Europe/Paris', { sun: [['02:00', '02:30']] });
    expect(nextOpening(early, Z('2026-10-25T00:45:00Z'))).toBe(Z('2026-10-25T01:00:00Z')); // 02:45 CEST → 02:00 CET
    // A range that started before the repeated hour and ends inside it: the jump lands in its middle.
    const mid = hours('Europe/Paris', { sun: [['01:30', '02:30']] });
    expect(isOpen(mid, Z('2026-10-25T00:40:00Z'))).toBe(false); // 02:40 CEST
    expect(nextOpening(mid, Z('2026-10-25T00:40:00Z'))).toBe(Z('2026-10-25T01:00:00Z'));
    expect(isOpen(mid, Z('2026-10-25T01:29:59Z'))).toBe(true); // 02:29:59 CET
    expect(isOpen(mid, Z('2026-10-25T01:30:00Z'))).toBe(false);
  });

  test('New York: the next opening across the spring and fall weekends keeps 09:00 local', () => {
    const ny = hours('America/New_York', { weekdays: [['09:00', '17:00']] });
    // Friday 2026-03-06 17:00 EST → Monday 2026-03-09 09:00 EDT (13:00 UTC, an hour earlier in UTC than the Friday).
    expect(nextOpening(ny, Z('2026-03-06T22:00:00Z'))).toBe(Z('2026-03-09T13:00:00Z'));
    expect(isOpen(ny, Z('2026-03-06T14:00:00Z'))).toBe(true); // Fri 09:00 EST
    expect(isOpen(ny, Z('2026-03-09T12:59:59Z'))).toBe(false);
    expect(isOpen(ny, Z('2026-03-09T13:00:00Z'))).toBe(true);
    // Friday 2026-10-30 17:00 EDT → Monday 2026-11-02 09:00 EST (14:00 UTC).
    expect(nextOpening(ny, Z('2026-10-30T21:00:00Z'))).toBe(Z('2026-11-02T14:00:00Z'));
    expect(isOpen(ny, Z('2026-11-02T13:59:59Z'))).toBe(false);
  });

  test('New York: 01:00–02:00 on the fall-back day is open twice; 02:00–03:00 on the spring day never', () => {
    const h = hours('America/New_York', { sun: [['01:00', '02:00']] });
    expect(isOpen(h, Z('2026-11-01T05:00:00Z'))).toBe(true); // 01:00 EDT
    expect(isOpen(h, Z('2026-11-01T05:59:59Z'))).toBe(true);
    expect(isOpen(h, Z('2026-11-01T06:00:00Z'))).toBe(true); // 01:00 EST
    expect(isOpen(h, Z('2026-11-01T06:59:59Z'))).toBe(true);
    expect(isOpen(h, Z('2026-11-01T07:00:00Z'))).toBe(false); // 02:00 EST
    const gap = hours('America/New_York', { sun: [['02:00', '03:00']] });
    expect(nextOpening(gap, Z('2026-03-07T12:00:00Z'))).toBe(Z('2026-03-15T06:00:00Z')); // next Sunday 02:00 EDT
  });

  test('Lord Howe: a half-hour shift (02:00 +11 → 01:30 +10:30 on 2026-04-05)', () => {
    const h = hours('Australia/Lord_Howe', { sun: [['01:45', '02:15']] });
    expect(isOpen(h, Z('2026-04-04T14:45:00Z'))).toBe(true); // 01:45 +11
    expect(isOpen(h, Z('2026-04-04T15:00:00Z'))).toBe(false); // 01:30 +10:30
    expect(nextOpening(h, Z('2026-04-04T15:00:00Z'))).toBe(Z('2026-04-04T15:15:00Z')); // 01:45 +10:30
    expect(isOpen(h, Z('2026-04-04T15:44:59Z'))).toBe(true); // 02:14:59 +10:30
    expect(isOpen(h, Z('2026-04-04T15:45:00Z'))).toBe(false);
  });
});

describe('exceptions override the weekday', () => {
  const paris = office('Europe/Paris', [
    { date: '2026-12-25', closed: true },
    { date: '2026-12-24', closed: false, ranges: [{ from: '09:00', to: '12:00' }] },
    { date: '2026-12-20', closed: false, ranges: [{ from: '10:00', to: '12:00' }] },
  ]);
  test('a holiday is closed; a short day closes early; a Sunday opening opens', () => {
    expect(isOpen(paris, Z('2026-12-25T09:00:00Z'))).toBe(false); // Friday, Christmas
    expect(isOpen(paris, Z('2026-12-24T10:00:00Z'))).toBe(true); // Thu 11:00
    expect(isOpen(paris, Z('2026-12-24T13:00:00Z'))).toBe(false); // Thu 14:00: only the morning
    expect(isOpen(paris, Z('2026-12-20T09:30:00Z'))).toBe(true); // Sunday 10:30
    expect(isOpen(paris, Z('2026-12-20T11:00:00Z'))).toBe(false); // Sunday 12:00
  });
  test('the next opening skips the holiday and the weekend', () => {
    expect(nextOpening(paris, Z('2026-12-24T11:00:00Z'))).toBe(Z('2026-12-28T08:00:00Z')); // Thu 12:00 → Mon 09:00
    expect(nextOpening(paris, Z('2026-12-19T12:00:00Z'))).toBe(Z('2026-12-20T09:00:00Z')); // Sat → Sunday's exception
  });
  test('an exception’s date is the workspace’s calendar day (Tokyo’s new year starts at 15:00 UTC)', () => {
    const tokyo = hours('Asia/Tokyo', { every: [['00:00', '24:00']] }, [{ date: '2026-01-01', closed: true }]);
    expect(isOpen(tokyo, Z('2025-12-31T14:59:59Z'))).toBe(true);
    expect(isOpen(tokyo, Z('2025-12-31T15:00:00Z'))).toBe(false);
    expect(nextOpening(tokyo, Z('2025-12-31T15:00:00Z'))).toBe(Z('2026-01-01T15:00:00Z'));
  });
});

describe('nextOpening: now, later, or not within the horizon', () => {
  test('open now: the answer is now', () => {
    const paris = office('Europe/Paris');
    expect(nextOpening(paris, Z('2026-01-12T10:00:00.123Z'))).toBe(Z('2026-01-12T10:00:00.123Z'));
  });
  test('never open: null at once; open only past two weeks: null; just within: found', () => {
    expect(nextOpening(hours('Europe/Paris', {}), Z('2026-01-12T10:00:00Z'))).toBeNull();
    expect(nextOpening(hours('Europe/Paris', {}, [{ date: '2026-01-01', closed: true }]), Z('2026-01-12T10:00:00Z'))).toBeNull();
    const once = hours('UTC', {}, [{ date: '2026-02-01', closed: false, ranges: [{ from: '10:00', to: '11:00' }] }]);
    expect(nextOpening(once, Z('2026-01-12T10:00:00Z'))).toBeNull(); // 20 days away
    expect(nextOpening(once, Z('2026-02-01T10:00:00Z') - OPENING_HORIZON_MS + 1)).toBe(Z('2026-02-01T10:00:00Z'));
    expect(nextOpening(once, Z('2026-02-01T10:00:00Z') - OPENING_HORIZON_MS)).toBeNull(); // the horizon is exclusive
    expect(nextOpening(once, Z('2026-02-01T11:00:00Z'))).toBeNull(); // past it
  });
});

describe('hoursAnswer: what the widget is told', () => {
  const paris = office('Europe/Paris');
  test('open; closed with when the team is back; closed for good; no hours set', () => {
    expect(hoursAnswer(paris, Z('2026-01-12T10:00:00Z'))).toEqual({ open: true });
    expect(hoursAnswer(paris, Z('2026-01-16T18:00:00Z'))).toEqual({ open: false, back: Z('2026-01-19T08:00:00Z') }); // Fri 19:00 → Mon 09:00
    expect(hoursAnswer(hours('Europe/Paris', {}), Z('2026-01-12T10:00:00Z'))).toEqual({ open: false });
    expect(hoursAnswer(null, Z('2026-01-12T10:00:00Z'))).toEqual({ open: true });
    expect(hoursAnswer(undefined, Z('2026-01-12T10:00:00Z'))).toEqual({ open: true });
  });
  test('a zone this runtime does not know counts as open (never locks visitors out); other errors are not hidden', () => {
    expect(hoursAnswer({ ...paris, timeZone: 'Mars/Olympus_Mons' }, Z('2026-01-17T10:00:00Z'))).toEqual({ open: true });
    expect(() => isOpen({ ...paris, timeZone: 'Mars/Olympus_Mons' }, Z('2026-01-17T10:00:00Z'))).toThrow(RangeError);
    expect(() => hoursAnswer({ ...paris, week: null } as unknown as BusinessHours, Z('2026-01-17T10:00:00Z'))).toThrow(TypeError);
  });
});

/**
 * A second, independent reading of the rule: the wall clock as Intl prints it ('2026-03-29 03:00'), compared as
 * strings to the day's ranges, walked minute by minute. Around every DST change of the zones below, with a
 * schedule dense in the small hours, isOpen and nextOpening must agree with it everywhere.
 */
describe('agrees with a minute-by-minute walk of the wall clock', () => {
  const printers = new Map<string, Intl.DateTimeFormat>();
  const wallOf = (tz: string, t: number) => {
    if (!printers.has(tz)) printers.set(tz, new Intl.DateTimeFormat('sv-SE', { timeZone: tz, year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }));
    const [date, time] = printers.get(tz)!.format(t).split(' ') as [string, string];
    return { date, time };
  };
  const dayOf = (date: string) => WEEKDAYS[(new Date(`${date}T00:00:00Z`).getUTCDay() + 6) % 7]!;
  const refOpen = (h: BusinessHours, t: number) => {
    const { date, time } = wallOf(h.timeZone, t);
    const ex = h.exceptions.find((e) => e.date === date);
    const ranges = ex ? (ex.closed ? [] : ex.ranges) : h.week[dayOf(date)];
    return ranges.some((r) => r.from <= time && time < r.to);
  };
  let seed = 12345;
  const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);

  const cases: [string, string[]][] = [
    ['Europe/Paris', ['2026-03-29T01:00:00Z', '2026-10-25T01:00:00Z']],
    ['America/New_York', ['2026-03-08T07:00:00Z', '2026-11-01T06:00:00Z']],
    ['Australia/Lord_Howe', ['2026-04-04T15:00:00Z', '2026-10-03T15:30:00Z']],
    ['Asia/Kolkata', ['2026-06-01T00:00:00Z']],
  ];
  const schedules: [string, R[]][] = [
    ['dense small hours', [['00:00', '00:30'], ['01:15', '02:15'], ['02:30', '03:30'], ['22:00', '24:00']]],
    ['one range a day, in the hour that is skipped or repeated', [['02:10', '02:50']]],
  ];
  for (const [tz, changes] of cases) {
    for (const [name, every] of schedules) {
      test(`${tz}, ${name}`, () => {
        const h = hours(tz, { every }, [{ date: changes[0]!.slice(0, 10), closed: false, ranges: [{ from: '01:45', to: '02:45' }] }]);
        let checked = 0;
        for (const change of changes) {
          for (let i = 0; i < 6; i++) {
            const at = Z(change) + Math.round((random() - 0.5) * 48 * 60) * MIN;
            let t = at;
            while (!refOpen(h, t)) {
              expect(isOpen(h, t), new Date(t).toISOString()).toBe(false);
              t += MIN;
              checked++;
            }
            expect(isOpen(h, t), new Date(t).toISOString()).toBe(true);
            expect(nextOpening(h, at), `from ${new Date(at).toISOString()}`).toBe(t);
            for (let u = t; u < t + 30 * MIN; u += MIN) expect(isOpen(h, u), new Date(u).toISOString()).toBe(refOpen(h, u));
          }
        }
        expect(checked).toBeGreaterThan(100);
      });
    }
  }
});
