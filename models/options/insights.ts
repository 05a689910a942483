import type { Insights, InsightsDay } from '../../protocol';

/*
 * Insights (issue 16), the options page's side: pure rules from the room's aggregates to what the section draws —
 * the period as dates in the workspace's zone, chart series, the funnel's rates, durations in words, the heat
 * map's scale. No DOM, no signals: each is a function of its arguments (the unit tests call them directly).
 */

/** The periods the picker offers, in days ending today (the workspace's today). */
export const PRESET_DAYS = [7, 30, 90] as const;
export type PresetDays = (typeof PRESET_DAYS)[number];
export type Period = { kind: 'preset'; days: PresetDays } | { kind: 'custom'; from: string; to: string };
/** What one request may span (the room's limit: INSIGHTS_DAYS_MAX). */
export const PERIOD_DAYS_MAX = 400;

const DAY_MS = 86_400_000;
const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;

/** 'YYYY-MM-DD' → ms at that day's UTC midnight, or NaN when it is not a real date. */
export function dayToUtc(day: string): number {
  const m = ISO_DAY.exec(day);
  if (!m) return Number.NaN;
  const [y, mo, d] = [Number(m[1]), Number(m[2]), Number(m[3])];
  const t = Date.UTC(y, mo - 1, d);
  const back = new Date(t);
  return back.getUTCFullYear() === y && back.getUTCMonth() === mo - 1 && back.getUTCDate() === d ? t : Number.NaN;
}

const utcToDay = (t: number) => new Date(t).toISOString().slice(0, 10);

/** The day `n` days after `day` (calendar days: DST never shifts them). */
export function addDays(day: string, n: number): string {
  return utcToDay(dayToUtc(day) + n * DAY_MS);
}

/** Days from `from` to `to`, both counted (1 for the same day; 0 or less when `to` is before `from`). */
export function daysBetween(from: string, to: string): number {
  return Math.round((dayToUtc(to) - dayToUtc(from)) / DAY_MS) + 1;
}

const dayFormats = new Map<string, Intl.DateTimeFormat>();
/** The calendar day it is at `now` in `timeZone` ('YYYY-MM-DD'); an unknown zone counts as UTC. */
export function todayIn(timeZone: string, now: number): string {
  let f = dayFormats.get(timeZone);
  if (!f) {
    try {
      f = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    } catch {
      f = new Intl.DateTimeFormat('en-US', { timeZone: 'UTC', year: 'numeric', month: '2-digit', day: '2-digit' });
    }
    dayFormats.set(timeZone, f);
  }
  const parts = Object.fromEntries(f.formatToParts(now).map((p) => [p.type, p.value]));
  return `${parts.year}-${parts.month}-${parts.day}`;
}

export type PeriodProblem = 'invalid-date' | 'reversed' | 'too-long';

/**
 * The period as the `insights-get` dates (inclusive, in the workspace's zone): a preset ends today there and
 * spans its days; a custom period is checked (real dates, `from` ≤ `to`, at most PERIOD_DAYS_MAX days).
 */
export function periodRange(period: Period, timeZone: string, now: number): { ok: true; from: string; to: string } | { ok: false; problem: PeriodProblem } {
  if (period.kind === 'preset') {
    const to = todayIn(timeZone, now);
    return { ok: true, from: addDays(to, -(period.days - 1)), to };
  }
  const { from, to } = period;
  if (Number.isNaN(dayToUtc(from)) || Number.isNaN(dayToUtc(to))) return { ok: false, problem: 'invalid-date' };
  const span = daysBetween(from, to);
  if (span < 1) return { ok: false, problem: 'reversed' };
  if (span > PERIOD_DAYS_MAX) return { ok: false, problem: 'too-long' };
  return { ok: true, from, to };
}

/**
 * A duration as people read it, shortest unit that keeps it exact enough: "45 s", "3 min 05 s", "5 min", "12 min",
 * "1 h 05 min", "26 h"; null (no figure that day) is "—". The abbreviations read the same in English and French.
 */
export function formatDuration(ms: number | null | undefined): string {
  if (ms === null || ms === undefined || !Number.isFinite(ms) || ms < 0) return '—';
  const s = Math.round(ms / 1000);
  if (s < 60) return `${s} s`;
  if (s < 600) return s % 60 ? `${Math.floor(s / 60)} min ${String(s % 60).padStart(2, '0')} s` : `${s / 60} min`;
  const m = Math.round(s / 60);
  if (m < 60) return `${m} min`;
  const h = Math.floor(m / 60);
  if (h >= 24) return `${Math.round(m / 60)} h`;
  return `${h} h ${String(m % 60).padStart(2, '0')} min`;
}

/** Conversations a day counts, as the room's `totals.chats` does: answered, missed, offline. A blocked visitor's attempt started none. */
export const chatsOf = (d: Pick<InsightsDay, 'answered' | 'missed' | 'offline'>) => d.answered + d.missed + d.offline;

/** The outcomes, bottom of the stack first. */
export const OUTCOMES = ['answered', 'missed', 'offline', 'blocked'] as const;
export type Outcome = (typeof OUTCOMES)[number];

/** Chart x values: each day's UTC midnight in seconds (the charts draw them as UTC dates, so the label is the day itself). */
export const dayAxis = (days: readonly Pick<InsightsDay, 'day'>[]): number[] => days.map((d) => dayToUtc(d.day) / 1000);

/**
 * Conversations per day stacked by outcome: for each outcome, the running total up to it (answered; answered +
 * missed; …; the last is the day's chats plus its blocked attempts). Bars drawn from the top layer down show the stack.
 */
export function stackedVolume(days: readonly InsightsDay[]): { x: number[]; layers: { outcome: Outcome; top: number[] }[] } {
  const running = days.map(() => 0);
  const layers = OUTCOMES.map((outcome) => ({
    outcome,
    top: days.map((d, i) => (running[i]! += d[outcome])),
  }));
  return { x: dayAxis(days), layers };
}

/** Time to claim and first response per day, in seconds (null: no chat that day had one). */
export function speedSeries(days: readonly InsightsDay[]) {
  const sec = (ms: number | null) => (ms === null ? null : ms / 1000);
  return {
    x: dayAxis(days),
    claimMedian: days.map((d) => sec(d.claimMedianMs)),
    claimP90: days.map((d) => sec(d.claimP90Ms)),
    firstResponseMedian: days.map((d) => sec(d.firstResponseMedianMs)),
    firstResponseP90: days.map((d) => sec(d.firstResponseP90Ms)),
  };
}

/** The average rating per day (null: nobody rated that day) and how many rated. */
export function ratingSeries(days: readonly InsightsDay[]) {
  return { x: dayAxis(days), avg: days.map((d) => d.ratingAvg), count: days.map((d) => sumOf(d.ratings)) };
}

export const sumOf = (xs: readonly number[]) => xs.reduce((a, b) => a + b, 0);

/** A share, or null when there is nothing to divide by. */
export const rate = (part: number, whole: number): number | null => (whole > 0 ? part / whole : null);

/** The funnel chats → leads → deals, and the offline form's leads beside it, with the rates between steps. */
export function funnel(totals: Insights['totals']) {
  return {
    chats: totals.chats,
    leads: totals.leads,
    deals: totals.deals,
    offlineLeads: totals.offlineLeads,
    /** Leads per chat. */
    leadRate: rate(totals.leads, totals.chats),
    /** Deals per lead. */
    dealRate: rate(totals.deals, totals.leads),
    /** Deals per chat. */
    chatToDeal: rate(totals.deals, totals.chats),
    /** Offline-form leads per offline chat. */
    offlineLeadRate: rate(totals.offlineLeads, totals.offline),
  };
}
export type Funnel = ReturnType<typeof funnel>;

/** How each star count shares the ratings (fractions, 1 star first; all 0 with no rating). */
export function ratingShares(ratings: readonly number[]): number[] {
  const total = sumOf(ratings);
  return ratings.map((n) => (total ? n / total : 0));
}

/** The heat map's busiest cell (0 for none) and each cell's level 0..4 (0: none; 4: the busiest quarter). */
export function heatLevels(heat: readonly (readonly number[])[]): { max: number; levels: number[][] } {
  let max = 0;
  for (const row of heat) for (const n of row) if (n > max) max = n;
  return { max, levels: heat.map((row) => row.map((n) => (n <= 0 || max === 0 ? 0 : Math.max(1, Math.ceil((n / max) * 4))))) };
}

/** The busiest hours: the `n` cells with the most conversations (weekday Mon=0, hour), most first, none empty. */
export function busiest(heat: readonly (readonly number[])[], n = 3): { weekday: number; hour: number; count: number }[] {
  const cells: { weekday: number; hour: number; count: number }[] = [];
  heat.forEach((row, weekday) => row.forEach((count, hour) => count > 0 && cells.push({ weekday, hour, count })));
  return cells.sort((a, b) => b.count - a.count || a.weekday - b.weekday || a.hour - b.hour).slice(0, n);
}

/** Whether the period holds anything to draw (a conversation, a blocked attempt or a rating). */
export const hasData = (ins: Insights) => ins.totals.chats > 0 || ins.totals.blocked > 0 || sumOf(ins.totals.ratings) > 0 || ins.days.some((d) => chatsOf(d) + d.blocked > 0);
