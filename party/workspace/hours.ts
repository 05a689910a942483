import { toMinutes, WEEKDAY_OF_UTC_DAY, type BusinessHours, type HoursRange } from '../../protocol/hours';

/*
 * Business hours as answers: open now or not, and when next. Wall-clock semantics (protocol/hours.ts): the
 * workspace is open while its zone's clock shows a time inside one of the day's ranges, the day's ranges
 * being its dated exception's if it has one, else its weekday's. Only `Intl` (Workers have the full time-zone
 * data), no date library.
 *
 * Across a daylight-saving change this gives what a person reading the wall clock expects: on a
 * spring-forward day a range 02:30–03:30 opens when the clock jumps to 03:00 and closes at 03:30 (half an
 * hour); on a fall-back day the hour that repeats is open both times it is shown.
 */

const MINUTE = 60_000;
const DAY = 86_400_000;
/** How far nextOpening looks: a schedule with no opening in two weeks answers "not within the horizon". */
export const OPENING_HORIZON_MS = 14 * DAY;
/**
 * Offsets are probed this often to find a zone's transitions, each then pinned to the millisecond. Two
 * transitions closer than this would cancel out unseen; no zone has had any since 2000.
 */
const PROBE_MS = 3 * 60 * MINUTE;

const formatters = new Map<string, Intl.DateTimeFormat>();
function formatter(timeZone: string): Intl.DateTimeFormat {
  let f = formatters.get(timeZone);
  if (!f) {
    if (formatters.size >= 64) formatters.clear();
    f = new Intl.DateTimeFormat('en-US', { timeZone, hourCycle: 'h23', year: 'numeric', month: 'numeric', day: 'numeric', hour: 'numeric', minute: 'numeric', second: 'numeric' });
    formatters.set(timeZone, f);
  }
  return f;
}

/** The zone's offset at `at` in ms: its wall clock minus UTC. Throws a RangeError for a zone Intl does not know. */
export function offsetAt(timeZone: string, at: number): number {
  const fields: Record<string, number> = {};
  for (const p of formatter(timeZone).formatToParts(new Date(at))) if (p.type !== 'literal') fields[p.type] = Number(p.value);
  const wall = Date.UTC(fields.year!, fields.month! - 1, fields.day!, fields.hour!, fields.minute!, fields.second!);
  return wall - Math.floor(at / 1000) * 1000;
}

/** The first instant after `from` (up to `limit`) at which the zone's offset is no longer `offset`; null: none. */
function nextTransition(timeZone: string, from: number, offset: number, limit: number): number | null {
  let lo = from;
  for (;;) {
    const probe = Math.min(lo + PROBE_MS, limit);
    if (offsetAt(timeZone, probe) !== offset) {
      let hi = probe;
      while (hi - lo > 1) {
        const mid = Math.floor((lo + hi) / 2);
        if (offsetAt(timeZone, mid) === offset) lo = mid;
        else hi = mid;
      }
      return hi;
    }
    if (probe >= limit) return null;
    lo = probe;
  }
}

/** Each day's ranges: a wall-clock day number (days since 1970-01-01 on the workspace's calendar) → ranges. */
function schedule(hours: BusinessHours): (day: number) => readonly HoursRange[] {
  const exceptions = new Map(hours.exceptions.map((e) => [e.date, e.closed ? [] : e.ranges]));
  return (day) => {
    const date = new Date(day * DAY);
    return exceptions.get(date.toISOString().slice(0, 10)) ?? hours.week[WEEKDAY_OF_UTC_DAY[date.getUTCDay()]!];
  };
}

/**
 * The first wall-clock time in [from, until) inside a range, or null. Wall-clock times are ms numbers whose
 * UTC fields read as the workspace's clock.
 */
function firstOpenWall(rangesOn: (day: number) => readonly HoursRange[], from: number, until: number): number | null {
  for (let day = Math.floor(from / DAY); day * DAY < until; day++) {
    let best: number | null = null;
    for (const r of rangesOn(day)) {
      const start = day * DAY + toMinutes(r.from) * MINUTE;
      const end = day * DAY + toMinutes(r.to) * MINUTE;
      if (end > from) best = Math.min(best ?? Infinity, Math.max(start, from));
    }
    if (best !== null) return best < until ? best : null;
  }
  return null;
}

/** Whether the workspace is open at `at` (ms since 1970). */
export function isOpen(hours: BusinessHours, at: number): boolean {
  const wall = at + offsetAt(hours.timeZone, at);
  return firstOpenWall(schedule(hours), wall, wall + 1) === wall;
}

const everClosed = (hours: BusinessHours) =>
  Object.values(hours.week).every((ranges) => ranges.length === 0) && hours.exceptions.every((e) => e.closed);

/**
 * The first instant from `at` on at which the workspace is open: `at` itself when open, null when it does not
 * open within OPENING_HORIZON_MS. Walks the zone's spans of constant offset: within one, wall clock and time
 * move together, so the opening is a range's start (or the span's first instant, when the clock jumps into a
 * range).
 */
export function nextOpening(hours: BusinessHours, at: number): number | null {
  if (everClosed(hours)) return null;
  const rangesOn = schedule(hours);
  const limit = at + OPENING_HORIZON_MS;
  for (let from = at; from < limit; ) {
    const offset = offsetAt(hours.timeZone, from);
    const until = nextTransition(hours.timeZone, from, offset, limit) ?? limit;
    const wall = firstOpenWall(rangesOn, from + offset, until + offset);
    if (wall !== null) return wall - offset;
    from = until;
  }
  return null;
}

/** What the widget needs: open now, or closed and (when known) when the team is back, for it to show in the visitor's zone. */
export type HoursAnswer = { open: true } | { open: false; back?: number };

/**
 * The widget's answer. No business hours set: always open (the seed's behaviour). A zone this runtime does
 * not know (stored by a newer one) also counts as open: hours the server can't read never lock visitors out.
 */
export function hoursAnswer(hours: BusinessHours | null | undefined, now: number): HoursAnswer {
  if (!hours) return { open: true };
  try {
    if (isOpen(hours, now)) return { open: true };
    const back = nextOpening(hours, now);
    return back === null ? { open: false } : { open: false, back };
  } catch (err) {
    if (err instanceof RangeError) return { open: true };
    throw err;
  }
}
