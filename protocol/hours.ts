import * as v from 'valibot';
import { problemText, says } from './problems';

/*
 * A workspace's business hours: its time zone, a weekly schedule (a few ranges a day) and dated exceptions
 * (holidays, a late opening). Times are wall-clock times in the workspace's zone: open while the clock on the
 * workspace's wall shows a time inside a range (so across a daylight-saving change a range keeps its wall-clock
 * times; party/workspace/hours.ts does the math). Ranges end at '24:00' for midnight; to stay open past
 * midnight, end one day at 24:00 and start the next at 00:00.
 *
 * The options page checks its form with these schemas; the workspace room decodes what it stores with them.
 * The widget never imports this module: it only gets the answer (open, or when the team is back).
 */

/** Ranges one day may have. */
export const HOURS_RANGES_MAX = 6;
/** Dated exceptions a workspace may keep (about two years of holidays). */
export const HOURS_EXCEPTIONS_MAX = 100;
/** Longest IANA zone name accepted ('America/Argentina/ComodRivadavia' is 32). */
export const TIME_ZONE_MAX = 64;

/** The keys of the weekly schedule, Monday first. */
export const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'] as const;
export type Weekday = (typeof WEEKDAYS)[number];
/** `Date.prototype.getUTCDay()` (0 = Sunday) → the schedule's key. */
export const WEEKDAY_OF_UTC_DAY: readonly Weekday[] = ['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'];

/**
 * The business-hours schemas' problems in English (kept for API consumers and tests). The schemas name each
 * one as a problem (protocol/problems.ts), which clients translate by code.
 */
export const HoursMessages = {
  timeZone: problemText({ code: 'time-zone' }),
  time: problemText({ code: 'clock-time' }),
  order: problemText({ code: 'range-order' }),
  overlap: problemText({ code: 'range-overlap' }),
  date: problemText({ code: 'hours-date' }),
  duplicateDate: problemText({ code: 'duplicate-date' }),
  exceptionHours: problemText({ code: 'exception-hours' }),
  tooManyRanges: problemText({ code: 'too-many-ranges', params: { max: HOURS_RANGES_MAX } }),
  tooManyExceptions: problemText({ code: 'too-many-exceptions', params: { max: HOURS_EXCEPTIONS_MAX } }),
} as const;

/** 'HH:MM' → minutes since midnight. Only for strings the schema accepted. */
export const toMinutes = (hhmm: string): number => Number(hhmm.slice(0, 2)) * 60 + Number(hhmm.slice(3, 5));

const CLOCK = /^(?:[01]\d|2[0-3]):[0-5]\d$|^24:00$/;
/** A wall-clock time 'HH:MM' from 00:00 to 24:00. */
export const ClockTime = v.pipe(v.string(), v.maxLength(5, says({ code: 'clock-time' })), v.regex(CLOCK, says({ code: 'clock-time' })));

/**
 * One opening range, `from` inclusive, `to` exclusive. A range ending at '00:00' ends at midnight: it is kept
 * as '24:00' (so '00:00'–'00:00' is the whole day).
 */
export const HoursRange = v.pipe(
  v.strictObject({ from: ClockTime, to: ClockTime }),
  v.transform((r) => (r.to === '00:00' ? { from: r.from, to: '24:00' } : r)),
  v.forward(
    v.check((r) => toMinutes(r.from) < toMinutes(r.to), says({ code: 'range-order' })),
    ['to'],
  ),
);
export type HoursRange = v.InferOutput<typeof HoursRange>;

const overlaps = (a: HoursRange, b: HoursRange) => toMinutes(a.from) < toMinutes(b.to) && toMinutes(b.from) < toMinutes(a.to);
const byStart = (a: HoursRange, b: HoursRange) => toMinutes(a.from) - toMinutes(b.from);

/**
 * A day's ranges: at most HOURS_RANGES_MAX, none overlapping another (touching is fine: 09:00–12:00 and
 * 12:00–14:00). The refusal names the later range in the order given; the output is sorted by start.
 */
export const DayRanges = v.pipe(
  v.array(HoursRange),
  v.maxLength(HOURS_RANGES_MAX, says({ code: 'too-many-ranges', params: { max: HOURS_RANGES_MAX } })),
  v.rawCheck(({ dataset, addIssue }) => {
    if (!dataset.typed) return;
    const ranges = dataset.value;
    for (let i = 1; i < ranges.length; i++) {
      if (ranges.slice(0, i).some((r) => overlaps(r, ranges[i]!))) {
        addIssue({ message: says({ code: 'range-overlap' }), path: [{ type: 'array', origin: 'value', input: ranges, key: i, value: ranges[i] }] });
      }
    }
  }),
  v.transform((ranges) => [...ranges].sort(byStart)),
);

/** 'YYYY-MM-DD', a date that exists (no 2026-02-30), years 2000–2099. */
export const CalendarDate = v.pipe(
  v.string(),
  v.maxLength(10, says({ code: 'hours-date' })),
  v.regex(/^20\d\d-\d\d-\d\d$/, says({ code: 'hours-date' })),
  v.check((s) => {
    const [y, m, d] = s.split('-').map(Number) as [number, number, number];
    const t = new Date(Date.UTC(y, m - 1, d));
    return t.getUTCFullYear() === y && t.getUTCMonth() === m - 1 && t.getUTCDate() === d;
  }, says({ code: 'hours-date' })),
);

/** A dated exception: closed all day, or open in its own ranges instead of the weekday's. */
export const HoursException = v.variant(
  'closed',
  [
    v.strictObject({ date: CalendarDate, closed: v.literal(true) }),
    v.strictObject({ date: CalendarDate, closed: v.literal(false), ranges: v.pipe(DayRanges, v.minLength(1, says({ code: 'exception-hours' }))) }),
  ],
  says({ code: 'exception-hours' }),
);
export type HoursException = v.InferOutput<typeof HoursException>;

/** Whether `Intl` knows the zone (every Workers runtime, browser and Node with full ICU knows the IANA names). */
function knownZone(name: string): boolean {
  try {
    new Intl.DateTimeFormat('en-US', { timeZone: name });
    return true;
  } catch {
    return false;
  }
}

/**
 * An IANA zone name ('Europe/Paris', 'America/New_York', 'UTC'), kept in the spelling `Intl` gives it
 * ('europe/paris' → 'Europe/Paris'). Offsets ('+01:00') are refused: they know no daylight saving.
 */
export const TimeZone = v.pipe(
  v.string(),
  v.maxLength(TIME_ZONE_MAX, says({ code: 'time-zone' })),
  v.regex(/^[A-Za-z][A-Za-z0-9_+-]*(?:\/[A-Za-z0-9_+-]+)*$/, says({ code: 'time-zone' })),
  v.check(knownZone, says({ code: 'time-zone' })),
  v.transform((name) => new Intl.DateTimeFormat('en-US', { timeZone: name }).resolvedOptions().timeZone),
);

const Week = v.strictObject(Object.fromEntries(WEEKDAYS.map((d) => [d, DayRanges])) as Record<Weekday, typeof DayRanges>);

/** A workspace's business hours, as the options page sends them and the workspace room stores them. */
export const BusinessHours = v.strictObject({
  timeZone: TimeZone,
  week: Week,
  exceptions: v.pipe(
    v.array(HoursException),
    v.maxLength(HOURS_EXCEPTIONS_MAX, says({ code: 'too-many-exceptions', params: { max: HOURS_EXCEPTIONS_MAX } })),
    v.rawCheck(({ dataset, addIssue }) => {
      if (!dataset.typed) return;
      const list = dataset.value;
      const seen = new Set<string>();
      list.forEach((e, i) => {
        if (seen.has(e.date)) addIssue({ message: says({ code: 'duplicate-date' }), path: [{ type: 'array', origin: 'value', input: list, key: i, value: e }] });
        seen.add(e.date);
      });
    }),
    v.transform((list) => [...list].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0))),
  ),
});
export type BusinessHours = v.InferOutput<typeof BusinessHours>;

/** What a new workspace's form starts from: Monday to Friday, 09:00–18:00, in the admin's zone. */
export function newBusinessHours(timeZone: string): BusinessHours {
  const workday = () => [{ from: '09:00', to: '18:00' }];
  return { timeZone, week: { mon: workday(), tue: workday(), wed: workday(), thu: workday(), fri: workday(), sat: [], sun: [] }, exceptions: [] };
}
