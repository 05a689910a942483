import type { Strings } from './i18n';

/*
 * When a closed team is back, in the visitor's own words: their language and their time zone (the browser's,
 * unless `timeZone` is given, as tests do). Intl only: "today at 14:00", "tomorrow at 09:00", "Monday at
 * 09:00", past a week the date too ("Monday, April 13 at 09:00").
 */

const DAY = 86_400_000;

/** Days since 1970 of the visitor's calendar date at `at`. */
function dayOf(at: number, timeZone?: string): number {
  const parts: Record<string, number> = {};
  for (const p of new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: 'numeric', day: 'numeric' }).formatToParts(at)) parts[p.type] = Number(p.value);
  return Date.UTC(parts.year!, parts.month! - 1, parts.day!) / DAY;
}

/** "We're back Monday at 09:00." (or "We're closed right now." when the team does not open within two weeks). */
export function backText(back: number | null, now: number, lang: string, t: Strings, timeZone?: string): string {
  if (back === null) return t.closedNow;
  const days = dayOf(back, timeZone) - dayOf(now, timeZone);
  const f = (o: Intl.DateTimeFormatOptions) => new Intl.DateTimeFormat(lang, { timeZone, ...o }).format(back);
  const day = days <= 0 ? t.today : days === 1 ? t.tomorrow : f(days < 7 ? { weekday: 'long' } : { weekday: 'long', day: 'numeric', month: 'long' });
  return t.back(day, f({ hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }));
}
