import * as v from 'valibot';
import { describe, expect, test } from 'vitest';
import { decodeValue } from '../../../protocol/decode';
import {
  BusinessHours,
  HOURS_EXCEPTIONS_MAX,
  HOURS_RANGES_MAX,
  HoursMessages,
  TIME_ZONE_MAX,
  WEEKDAYS,
  newBusinessHours,
  toMinutes,
} from '../../../protocol/hours';

const week = (change: Record<string, unknown> = {}) => ({ ...Object.fromEntries(WEEKDAYS.map((d) => [d, []])), ...change });
const valid = () => ({ timeZone: 'Europe/Paris', week: week({ mon: [{ from: '09:00', to: '18:00' }] }), exceptions: [] as unknown[] });

/** Every message for a schedule, keyed by dotted path, as the options page would show them. */
function problems(hours: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  for (const issue of v.safeParse(BusinessHours, hours).issues ?? []) {
    const key = issue.path?.map((p) => String(p.key)).join('.') ?? '';
    out[key] ??= issue.message;
  }
  return out;
}

describe('schedules that validate', () => {
  test('a plain week, several ranges a day, closed days, exceptions', () => {
    const h = {
      timeZone: 'America/New_York',
      week: week({ mon: [{ from: '09:00', to: '12:00' }, { from: '13:00', to: '17:30' }], sat: [{ from: '00:00', to: '24:00' }] }),
      exceptions: [{ date: '2026-12-25', closed: true }, { date: '2026-12-24', closed: false, ranges: [{ from: '09:00', to: '12:00' }] }],
    };
    expect(problems(h)).toEqual({});
  });
  test('the starting schedule validates and is Monday to Friday 09:00–18:00', () => {
    const h = newBusinessHours('Europe/Paris');
    expect(v.parse(BusinessHours, h)).toEqual(h);
    expect(h.week.sat).toEqual([]);
    h.week.mon.push({ from: '19:00', to: '20:00' });
    expect(h.week.tue).toHaveLength(1); // days do not share one array
  });
  test('ranges and exceptions come out sorted; touching ranges are fine', () => {
    const out = v.parse(BusinessHours, {
      ...valid(),
      week: week({ tue: [{ from: '14:00', to: '18:00' }, { from: '12:00', to: '14:00' }, { from: '08:00', to: '12:00' }] }),
      exceptions: [{ date: '2027-01-01', closed: true }, { date: '2026-05-01', closed: true }],
    });
    expect(out.week.tue.map((r) => r.from)).toEqual(['08:00', '12:00', '14:00']);
    expect(out.exceptions.map((e) => e.date)).toEqual(['2026-05-01', '2027-01-01']);
    expect(problems({ ...valid(), week: week({ wed: [{ from: '09:00', to: '12:00' }, { from: '12:00', to: '14:00' }] }) })).toEqual({});
  });
  test('midnight: 24:00 ends a day; a range typed as ending at 00:00 is kept as ending at 24:00; 00:00–00:00 is the whole day', () => {
    const out = v.parse(BusinessHours, { ...valid(), week: week({ fri: [{ from: '22:00', to: '00:00' }], sat: [{ from: '00:00', to: '00:00' }], sun: [{ from: '20:00', to: '24:00' }] }) });
    expect(out.week.fri).toEqual([{ from: '22:00', to: '24:00' }]);
    expect(out.week.sat).toEqual([{ from: '00:00', to: '24:00' }]);
    expect(out.week.sun).toEqual([{ from: '20:00', to: '24:00' }]);
  });
  test('time zones are kept in Intl’s spelling', () => {
    expect(v.parse(BusinessHours, { ...valid(), timeZone: 'europe/paris' }).timeZone).toBe('Europe/Paris');
    expect(v.parse(BusinessHours, { ...valid(), timeZone: 'UTC' }).timeZone).toBe('UTC');
    for (const tz of ['Asia/Kolkata', 'Australia/Lord_Howe', 'America/Argentina/Buenos_Aires', 'Etc/GMT+5', 'America/Port-au-Prince']) {
      expect(problems({ ...valid(), timeZone: tz }), tz).toEqual({});
    }
  });
  test('toMinutes', () => {
    expect(toMinutes('00:00')).toBe(0);
    expect(toMinutes('09:30')).toBe(570);
    expect(toMinutes('24:00')).toBe(1440);
  });
});

describe('schedules refused, each with a clear message where the form shows it', () => {
  test('an unknown, offset or over-long time zone', () => {
    for (const tz of ['Mars/Olympus_Mons', '+01:00', 'GMT+1', '', 'Europe/', '../etc/passwd', `Europe/${'A'.repeat(TIME_ZONE_MAX)}`, 'Europe/Paris\u0000']) {
      expect(problems({ ...valid(), timeZone: tz }), JSON.stringify(tz)).toEqual({ timeZone: HoursMessages.timeZone });
    }
    expect(problems({ ...valid(), timeZone: 7 })).toHaveProperty('timeZone');
  });
  test('times that are not HH:MM from 00:00 to 24:00', () => {
    for (const t of ['9:00', '09:60', '24:01', '25:00', '0900', '09:00:00', ' 09:00', '', '９:００']) {
      expect(problems({ ...valid(), week: week({ wed: [{ from: t, to: '23:00' }] }) }), t).toEqual({ 'week.wed.0.from': HoursMessages.time });
    }
  });
  test('a range that ends before it starts, or where it starts (a range may not cross midnight)', () => {
    expect(problems({ ...valid(), week: week({ thu: [{ from: '18:00', to: '09:00' }] }) })).toEqual({ 'week.thu.0.to': HoursMessages.order });
    expect(problems({ ...valid(), week: week({ thu: [{ from: '09:00', to: '09:00' }] }) })).toEqual({ 'week.thu.0.to': HoursMessages.order });
    expect(problems({ ...valid(), week: week({ thu: [{ from: '22:00', to: '02:00' }] }) })).toEqual({ 'week.thu.0.to': HoursMessages.order });
    expect(problems({ ...valid(), week: week({ thu: [{ from: '24:00', to: '24:00' }] }) })).toEqual({ 'week.thu.0.to': HoursMessages.order });
  });
  test('overlapping ranges name the later one as given', () => {
    expect(problems({ ...valid(), week: week({ tue: [{ from: '09:00', to: '12:00' }, { from: '11:59', to: '13:00' }] }) })).toEqual({ 'week.tue.1': HoursMessages.overlap });
    expect(problems({ ...valid(), week: week({ tue: [{ from: '14:00', to: '18:00' }, { from: '08:00', to: '10:00' }, { from: '15:00', to: '16:00' }] }) })).toEqual({
      'week.tue.2': HoursMessages.overlap,
    });
    expect(problems({ ...valid(), week: week({ tue: [{ from: '09:00', to: '12:00' }, { from: '09:00', to: '12:00' }] }) })).toEqual({ 'week.tue.1': HoursMessages.overlap });
  });
  test(`more than ${HOURS_RANGES_MAX} ranges a day`, () => {
    const ranges = Array.from({ length: HOURS_RANGES_MAX + 1 }, (_, i) => ({ from: `0${i}:00`, to: `0${i}:30` }));
    expect(problems({ ...valid(), week: week({ mon: ranges }) })).toEqual({ 'week.mon': HoursMessages.tooManyRanges });
    expect(problems({ ...valid(), week: week({ mon: ranges.slice(1) }) })).toEqual({});
  });
  test('a missing or unknown day, an unknown key anywhere', () => {
    const { sun: _, ...noSunday } = week();
    expect(problems({ ...valid(), week: noSunday })).toHaveProperty('week.sun');
    expect(problems({ ...valid(), week: { ...week(), holiday: [] } })).toHaveProperty('week.holiday');
    expect(problems({ ...valid(), week: week({ mon: [{ from: '09:00', to: '10:00', note: 'x' }] }) })).toHaveProperty('week.mon.0.note');
    expect(problems({ ...valid(), extra: 1 })).toHaveProperty('extra');
  });
  test('exception dates that do not exist, or outside 2000–2099', () => {
    for (const date of ['2026-02-29', '2026-02-30', '2026-13-01', '2026-00-10', '2026-4-01', '1999-12-31', '2100-01-01', '2026-12-25T00:00', '']) {
      expect(problems({ ...valid(), exceptions: [{ date, closed: true }] }), date).toEqual({ 'exceptions.0.date': HoursMessages.date });
    }
    expect(problems({ ...valid(), exceptions: [{ date: '2028-02-29', closed: true }] })).toEqual({}); // a leap day
  });
  test('an exception neither closed nor with hours; one date twice', () => {
    expect(problems({ ...valid(), exceptions: [{ date: '2026-12-24', closed: false, ranges: [] }] })).toEqual({ 'exceptions.0.ranges': HoursMessages.exceptionHours });
    expect(problems({ ...valid(), exceptions: [{ date: '2026-12-24' }] })).toEqual({ 'exceptions.0.closed': HoursMessages.exceptionHours });
    expect(problems({ ...valid(), exceptions: [{ date: '2026-12-24', closed: true, ranges: [{ from: '09:00', to: '10:00' }] }] })).toHaveProperty('exceptions.0.ranges');
    expect(problems({ ...valid(), exceptions: [{ date: '2026-12-24', closed: false, ranges: [{ from: '10:00', to: '09:00' }] }] })).toEqual({ 'exceptions.0.ranges.0.to': HoursMessages.order });
    expect(problems({ ...valid(), exceptions: [{ date: '2026-12-25', closed: true }, { date: '2026-12-24', closed: true }, { date: '2026-12-25', closed: false, ranges: [{ from: '09:00', to: '10:00' }] }] })).toEqual({
      'exceptions.2': HoursMessages.duplicateDate,
    });
  });
  test(`more than ${HOURS_EXCEPTIONS_MAX} exceptions`, () => {
    const day = (i: number) => new Date(Date.UTC(2026, 0, 1 + i)).toISOString().slice(0, 10);
    const many = Array.from({ length: HOURS_EXCEPTIONS_MAX + 1 }, (_, i) => ({ date: day(i), closed: true }));
    expect(problems({ ...valid(), exceptions: many })).toEqual({ exceptions: HoursMessages.tooManyExceptions });
    expect(problems({ ...valid(), exceptions: many.slice(1) })).toEqual({});
  });
  test('through decodeValue the refusal is invalid-field with the same per-field messages', () => {
    const r = decodeValue(BusinessHours, { ...valid(), timeZone: 'Nowhere/Land', week: week({ fri: [{ from: '10:00', to: '09:00' }] }) });
    expect(r.ok).toBe(false);
    if (r.ok) return;
    expect(r.error.code).toBe('invalid-field');
    expect(r.error.extra.fields).toEqual({ timeZone: HoursMessages.timeZone, 'week.fri.0.to': HoursMessages.order });
  });
});
