import {
  INSIGHTS_AGENTS_MAX,
  type AgentRef,
  type ChatFacts,
  type Insights,
  type InsightsAgent,
  type InsightsDay,
  type RatingCounts,
} from '../../protocol';
import type { Storage } from '../ports';
import { offsetAt } from './hours';

/*
 * Insights as daily aggregates, kept up to date as facts arrive: a constant amount of work per fact, stored per
 * day (`ins:d:<day>`) and per day and agent (`ins:a:<day>:<agent id>`), in the workspace's time zone. No answer
 * ever reads a conversation.
 *
 * A fact is what one chat amounts to so far, whole (ChatFacts, sent with every report of its room), or one
 * visitor's offline form or blocked attempt. Every figure of a chat counts on the day (and hour) it started, in
 * the zone in force when the fact was folded: a rating given three days later, or a lead made after the close,
 * changes that day's figures.
 *
 * Idempotent: each folded fact leaves a contribution record (`ins:c:<UTC start day>:<id>`: what it added, and
 * where). A fact that arrives again replaces its contribution (the old one is taken off its buckets, the new one
 * added), so a doubled, late or out-of-order report gives the same figures; an older revision than the one folded
 * is ignored. Records are bounded: a fact about a chat that started more than CONTRIBUTION_DAYS ago is ignored
 * (its day's figures are final), and `prune` deletes the records of those days (a range read of their keys,
 * never a scan of the rest). Blocked attempts are one-shot: folded once, no record.
 *
 * Percentiles (median, p90 of time to claim and first response) come from a fixed log-scale histogram per day:
 * bin 0 holds [0, 1 s); bin i ≥ 1 holds [1 s·2^((i-1)/8), 1 s·2^(i/8)) — 8 bins per doubling, each ~9% wide —
 * up to bin 161 (2^20 s ≈ 12 days; longer times count there). A percentile is the bin holding the nearest-rank
 * sample, reported at the bin's geometric middle: within ±4.5% of the true sample (500 ms for anything under
 * 1 s). Histograms add, so a period's percentile is exact over its merged bins.
 */

const DAY_MS = 86_400_000;
/** Facts about chats older than this are ignored, and their contribution records pruned. */
export const CONTRIBUTION_DAYS = 400;
/** Histogram shape: bins per doubling, the first bin's upper bound, the last bin. */
export const BINS_PER_DOUBLING = 8;
export const BIN_BASE_MS = 1_000;
export const LAST_BIN = 1 + 20 * BINS_PER_DOUBLING;

export type Outcome = 'answered' | 'missed' | 'offline' | 'blocked';
/** A sparse histogram: bin → count. */
export type Histogram = Record<string, number>;

/** One fact, as the rules fold it (from a conversation's ChatFacts, or the workspace's own offline/blocked). */
export type Fact = {
  startedAt: number;
  outcome: Outcome | null;
  /**
   * Counts as a chat started (totals.chats and the heat map): live chats and offline forms; not a blocked
   * attempt (nothing started), nor an offline form that follows a missed chat (that chat already counts).
   */
  chat: boolean;
  claimMs?: number;
  firstResponseMs?: number;
  agent?: AgentRef;
  lead: boolean;
  deal: boolean;
  offlineLead: boolean;
  rating?: number;
};

/** What one fact added, and where: kept to take it off again when the fact comes back. Stored with `v: 1`. */
export type Contribution = {
  v: 1;
  rev: number;
  day: string;
  hour: number;
  chat: 0 | 1;
  outcome?: Outcome;
  leads: 0 | 1;
  deals: 0 | 1;
  offlineLeads: 0 | 1;
  rating?: number;
  claimBin?: number;
  frBin?: number;
  agent?: AgentRef;
};

export type DayAgg = {
  v: 1;
  chats: number;
  answered: number;
  missed: number;
  offline: number;
  blocked: number;
  leads: number;
  deals: number;
  offlineLeads: number;
  ratings: number[];
  /** Chats started in each hour of the day (wall clock; on a fall-back day the repeated hour counts both times). */
  hours: number[];
  claim: Histogram;
  fr: Histogram;
};

export type AgentDayAgg = { v: 1; name: string; chats: number; fr: Histogram; ratings: number[]; leads: number; deals: number };

export const emptyDay = (): DayAgg => ({ v: 1, chats: 0, answered: 0, missed: 0, offline: 0, blocked: 0, leads: 0, deals: 0, offlineLeads: 0, ratings: [0, 0, 0, 0, 0], hours: Array(24).fill(0), claim: {}, fr: {} });
export const emptyAgentDay = (name: string): AgentDayAgg => ({ v: 1, name, chats: 0, fr: {}, ratings: [0, 0, 0, 0, 0], leads: 0, deals: 0 });

// ---- rules -----------------------------------------------------------------------------------

/** The histogram bin of a duration. */
export function binOf(ms: number): number {
  if (!(ms >= BIN_BASE_MS)) return 0;
  // The small epsilon keeps exact powers of two in their own bin despite floating-point log2.
  return Math.min(LAST_BIN, 1 + Math.floor(Math.log2(ms / BIN_BASE_MS) * BINS_PER_DOUBLING + 1e-9));
}

/** The value a bin stands for: its geometric middle (500 ms for bin 0). */
export function binValue(bin: number): number {
  if (bin <= 0) return BIN_BASE_MS / 2;
  return Math.round(BIN_BASE_MS * 2 ** ((bin - 0.5) / BINS_PER_DOUBLING));
}

/** The nearest-rank `p` percentile (0 < p ≤ 1) of a histogram, as its bin's value; null when it is empty. */
export function percentile(h: Histogram, p: number): number | null {
  const bins = Object.keys(h)
    .map(Number)
    .filter((b) => (h[b] ?? 0) > 0)
    .sort((a, b) => a - b);
  const n = bins.reduce((s, b) => s + h[b]!, 0);
  if (n === 0) return null;
  const rank = Math.max(1, Math.ceil(p * n));
  let seen = 0;
  for (const b of bins) {
    seen += h[b]!;
    if (seen >= rank) return binValue(b);
  }
  return binValue(bins[bins.length - 1]!);
}

function addHist(into: Histogram, from: Histogram) {
  for (const [b, n] of Object.entries(from)) into[b] = (into[b] ?? 0) + n;
}
function bump(h: Histogram, bin: number, by: number) {
  const n = (h[bin] ?? 0) + by;
  if (n) h[bin] = n;
  else delete h[bin];
}

/**
 * Offsets by zone and quarter hour: every zone's changes happen on a quarter hour (offsets are whole quarters),
 * so one Intl call serves the whole quarter. Bounded: cleared when full.
 */
const QUARTER = 15 * 60_000;
const offsets = new Map<string, number>();
function cachedOffset(timeZone: string, at: number): number {
  const key = `${timeZone}|${Math.floor(at / QUARTER)}`;
  let offset = offsets.get(key);
  if (offset === undefined) {
    try {
      offset = offsetAt(timeZone, Math.floor(at / QUARTER) * QUARTER);
    } catch (err) {
      if (!(err instanceof RangeError)) throw err;
      offset = 0;
    }
    if (offsets.size >= 10_000) offsets.clear();
    offsets.set(key, offset);
  }
  return offset;
}

/** The workspace's calendar day and hour of an instant, in `timeZone` (an unknown zone: UTC). */
export function dayHourOf(at: number, timeZone: string): { day: string; hour: number } {
  const offset = cachedOffset(timeZone, at);
  const wall = new Date(at + offset);
  return { day: wall.toISOString().slice(0, 10), hour: wall.getUTCHours() };
}

/** Monday = 0 … Sunday = 6 of a calendar day. */
export const weekdayOf = (day: string) => (new Date(`${day}T00:00:00Z`).getUTCDay() + 6) % 7;

/** The days from `from` to `to`, both included (calendar arithmetic: no zone involved). */
export function daysOf(from: string, to: string): string[] {
  const out: string[] = [];
  for (let t = Date.parse(`${from}T00:00:00Z`), end = Date.parse(`${to}T00:00:00Z`); t <= end; t += DAY_MS) out.push(new Date(t).toISOString().slice(0, 10));
  return out;
}

/**
 * A conversation's facts as the rules count them. Answered: a person on the team replied before the wait ran
 * out; missed: the wait ran out first (a follow-up reply later does not make it answered); neither while it
 * waits, or when it closed with no reply. Time to claim: to the first time an agent had it (routing dealing it
 * on arrival counts, at 0); first response: to the first message of a person.
 */
export function factOfChat(f: ChatFacts): Fact {
  const answered = f.firstReplyAt !== undefined && (f.missedAt === undefined || f.firstReplyAt <= f.missedAt);
  const outcome: Outcome | null = answered ? 'answered' : f.missedAt !== undefined ? 'missed' : null;
  const since = (at: number | undefined) => (at === undefined ? undefined : Math.max(0, at - f.startedAt));
  const claimMs = since(f.claimedAt);
  const firstResponseMs = since(f.firstReplyAt);
  return {
    startedAt: f.startedAt,
    outcome,
    chat: true,
    ...(claimMs !== undefined ? { claimMs } : {}),
    ...(firstResponseMs !== undefined ? { firstResponseMs } : {}),
    ...(f.agent ? { agent: f.agent } : {}),
    lead: !!f.lead,
    deal: !!f.deal,
    offlineLead: false,
    ...(f.rating !== undefined ? { rating: f.rating } : {}),
  };
}

/** What a fact adds, and where, in `timeZone`. */
export function contributionOf(fact: Fact, rev: number, timeZone: string): Contribution {
  const { day, hour } = dayHourOf(fact.startedAt, timeZone);
  const rating = fact.rating !== undefined && Number.isInteger(fact.rating) && fact.rating >= 1 && fact.rating <= 5 ? fact.rating : undefined;
  return {
    v: 1,
    rev,
    day,
    hour,
    chat: fact.chat ? 1 : 0,
    ...(fact.outcome ? { outcome: fact.outcome } : {}),
    leads: fact.lead ? 1 : 0,
    deals: fact.deal ? 1 : 0,
    offlineLeads: fact.offlineLead ? 1 : 0,
    ...(rating !== undefined ? { rating } : {}),
    ...(fact.claimMs !== undefined ? { claimBin: binOf(fact.claimMs) } : {}),
    ...(fact.firstResponseMs !== undefined ? { frBin: binOf(fact.firstResponseMs) } : {}),
    ...(fact.agent ? { agent: fact.agent } : {}),
  };
}

/** Adds (`sign` 1) or takes off (-1) a contribution to its day. */
export function applyToDay(d: DayAgg, c: Contribution, sign: 1 | -1) {
  d.chats += sign * c.chat;
  if (c.outcome) d[c.outcome] += sign;
  d.leads += sign * c.leads;
  d.deals += sign * c.deals;
  d.offlineLeads += sign * c.offlineLeads;
  if (c.rating) d.ratings[c.rating - 1]! += sign;
  if (c.chat) d.hours[c.hour]! += sign;
  if (c.claimBin !== undefined) bump(d.claim, c.claimBin, sign);
  if (c.frBin !== undefined) bump(d.fr, c.frBin, sign);
}

/** Adds or takes off a contribution to its agent's day (only chats with an agent reach one). */
export function applyToAgentDay(a: AgentDayAgg, c: Contribution, sign: 1 | -1) {
  a.chats += sign * c.chat;
  a.leads += sign * c.leads;
  a.deals += sign * c.deals;
  if (c.rating) a.ratings[c.rating - 1]! += sign;
  if (c.frBin !== undefined) bump(a.fr, c.frBin, sign);
  if (c.agent) a.name = c.agent.name;
}

const ratingAvg = (r: readonly number[]) => {
  const n = r.reduce((s, x) => s + x, 0);
  return n === 0 ? null : Math.round((r.reduce((s, x, i) => s + x * (i + 1), 0) / n) * 100) / 100;
};
const five = (r: readonly number[]) => [r[0] ?? 0, r[1] ?? 0, r[2] ?? 0, r[3] ?? 0, r[4] ?? 0] as RatingCounts;

/**
 * The answer for `from`..`to` from the stored days and agent days (absent days: zeros). `names`: agents' current
 * names (an agent no longer known keeps the name stored with their figures).
 */
export function buildInsights(
  from: string,
  to: string,
  timeZone: string,
  days: ReadonlyMap<string, DayAgg>,
  agentDays: Iterable<{ day: string; agentId: string; agg: AgentDayAgg }>,
  names: (id: string) => string | undefined = () => undefined,
): Insights {
  const heat = Array.from({ length: 7 }, () => Array<number>(24).fill(0));
  const totals = { chats: 0, answered: 0, missed: 0, offline: 0, blocked: 0, leads: 0, deals: 0, offlineLeads: 0, ratings: [0, 0, 0, 0, 0] };
  const out: InsightsDay[] = [];
  for (const day of daysOf(from, to)) {
    const d = days.get(day) ?? emptyDay();
    const row = heat[weekdayOf(day)]!;
    for (let h = 0; h < 24; h++) row[h]! += d.hours[h] ?? 0;
    for (const k of ['chats', 'answered', 'missed', 'offline', 'blocked', 'leads', 'deals', 'offlineLeads'] as const) totals[k] += d[k];
    d.ratings.forEach((n, i) => (totals.ratings[i]! += n));
    out.push({
      day,
      answered: d.answered,
      missed: d.missed,
      offline: d.offline,
      blocked: d.blocked,
      claimMedianMs: percentile(d.claim, 0.5),
      claimP90Ms: percentile(d.claim, 0.9),
      firstResponseMedianMs: percentile(d.fr, 0.5),
      firstResponseP90Ms: percentile(d.fr, 0.9),
      leads: d.leads,
      deals: d.deals,
      offlineLeads: d.offlineLeads,
      ratings: five(d.ratings),
      ratingAvg: ratingAvg(d.ratings),
    });
  }
  const byAgent = new Map<string, AgentDayAgg>();
  for (const { day, agentId, agg } of agentDays) {
    if (day < from || day > to) continue;
    let a = byAgent.get(agentId);
    if (!a) byAgent.set(agentId, (a = emptyAgentDay(agg.name)));
    a.chats += agg.chats;
    a.leads += agg.leads;
    a.deals += agg.deals;
    agg.ratings.forEach((n, i) => (a.ratings[i]! += n));
    addHist(a.fr, agg.fr);
    // Agent days come in day order: the latest day's name wins.
    a.name = agg.name;
  }
  const agents: InsightsAgent[] = [...byAgent]
    .filter(([, a]) => a.chats > 0 || a.leads > 0 || a.deals > 0 || a.ratings.some((n) => n > 0))
    .map(([id, a]) => ({
      id,
      name: names(id) ?? a.name,
      chats: a.chats,
      firstResponseMedianMs: percentile(a.fr, 0.5),
      ratings: five(a.ratings),
      ratingAvg: ratingAvg(a.ratings),
      leads: a.leads,
      deals: a.deals,
    }))
    .sort((x, y) => y.chats - x.chats || (x.name < y.name ? -1 : x.name > y.name ? 1 : 0))
    .slice(0, INSIGHTS_AGENTS_MAX);
  return { timeZone, from, to, days: out, agents, heat, totals: { ...totals, ratings: five(totals.ratings), ratingAvg: ratingAvg(totals.ratings) } };
}

// ---- the store -------------------------------------------------------------------------------

export const dayKey = (day: string) => `ins:d:${day}`;
export const agentDayKey = (day: string, agentId: string) => `ins:a:${day}:${agentId}`;
/** Contribution records are keyed by the UTC day the chat started (the zone may change; pruning reads by key range). */
export const contributionKey = (id: string, startedAt: number) => `ins:c:${new Date(startedAt).toISOString().slice(0, 10)}:${id}`;

/** Day buckets kept in memory (the recent days take nearly every fact). */
const CACHE_MAX = 2_000;

/**
 * The stored aggregates. Folds run one at a time (a fold reads, then writes its buckets in one batched put), so
 * two facts arriving together can't lose an update. `zone()` is the workspace's zone now.
 */
export class InsightsStore {
  private cache = new Map<string, DayAgg | AgentDayAgg>();
  private chain: Promise<unknown> = Promise.resolve();
  private prunedBefore = '';

  constructor(
    private storage: Storage,
    private zone: () => string,
    private now: () => number,
  ) {}

  /** Folds a conversation's facts (reported with revision `rev`). */
  foldChat(id: string, facts: ChatFacts, rev: number): Promise<void> {
    return this.fold(id, factOfChat(facts), rev, true);
  }

  /**
   * Folds one fact: `keep` records its contribution so that the same id folded again replaces it; without
   * `keep` (a blocked attempt, never told twice) it is only added.
   */
  fold(id: string, fact: Fact, rev: number, keep: boolean): Promise<void> {
    const run = this.chain.then(() => this.foldNow(id, fact, rev, keep));
    this.chain = run.catch(() => undefined);
    return run;
  }

  private async foldNow(id: string, fact: Fact, rev: number, keep: boolean) {
    const now = this.now();
    if (fact.startedAt < now - CONTRIBUTION_DAYS * DAY_MS) return;
    const next = contributionOf(fact, rev, this.zone());
    const cKey = contributionKey(id, fact.startedAt);
    const prev = keep ? await this.storage.get<Contribution>(cKey) : undefined;
    if (prev && prev.rev > rev) return;
    // The same figures again (most reports: a message, a seen mark): nothing is written. Reports of one room
    // are sent one at a time, so a newer one never overtakes an older one that changed the figures.
    if (prev && sameFigures(prev, next)) return;
    const writes: Record<string, unknown> = {};
    const touch = async <T extends DayAgg | AgentDayAgg>(key: string, make: () => T): Promise<T> => {
      const got = (writes[key] as T | undefined) ?? ((await this.read<T>(key)) ?? make());
      writes[key] = got;
      return got;
    };
    if (prev) {
      applyToDay(await touch(dayKey(prev.day), emptyDay), prev, -1);
      if (prev.agent) applyToAgentDay(await touch(agentDayKey(prev.day, prev.agent.id), () => emptyAgentDay(prev.agent!.name)), prev, -1);
    }
    applyToDay(await touch(dayKey(next.day), emptyDay), next, 1);
    if (next.agent) applyToAgentDay(await touch(agentDayKey(next.day, next.agent.id), () => emptyAgentDay(next.agent!.name)), next, 1);
    if (keep) writes[cKey] = next;
    try {
      await this.storage.put(writes);
    } catch (err) {
      // The buckets were changed in place (the cache holds them): forget them, storage has the truth.
      for (const k of Object.keys(writes)) this.cache.delete(k);
      throw err;
    }
    for (const [k, v] of Object.entries(writes)) if (!k.startsWith('ins:c:')) this.remember(k, v as DayAgg);
    await this.prune(now);
  }

  /** A bucket to change: the cached object itself (changed in place, written at once), else read from storage. */
  private async read<T>(key: string): Promise<T | undefined> {
    return (this.cache.get(key) as T | undefined) ?? (await this.storage.get<T>(key));
  }

  private remember(key: string, value: DayAgg | AgentDayAgg) {
    if (this.cache.size >= CACHE_MAX && !this.cache.has(key)) this.cache.delete(this.cache.keys().next().value!);
    this.cache.set(key, value);
  }

  /**
   * Deletes the contribution records of chats that started before the kept window, once a day: a key-range read
   * of those days only (the facts of such chats are ignored from then on).
   */
  async prune(now = this.now()) {
    const cutoff = new Date(now - CONTRIBUTION_DAYS * DAY_MS).toISOString().slice(0, 10);
    if (cutoff <= this.prunedBefore) return;
    for (;;) {
      const old = await this.storage.list({ start: 'ins:c:', end: `ins:c:${cutoff}`, limit: 128 });
      if (old.size === 0) break;
      await this.storage.delete([...old.keys()]);
    }
    this.prunedBefore = cutoff;
  }

  /** The figures of `from`..`to` (inclusive days of the workspace's zone). Reads only those days' buckets. */
  async insights(from: string, to: string, names: (id: string) => string | undefined = () => undefined): Promise<Insights> {
    await this.chain;
    const days = new Map<string, DayAgg>();
    const wanted = daysOf(from, to);
    const missing: string[] = [];
    for (const day of wanted) {
      const hit = this.cache.get(dayKey(day)) as DayAgg | undefined;
      if (hit) days.set(day, hit);
      else missing.push(dayKey(day));
    }
    for (let i = 0; i < missing.length; i += 128) {
      for (const [k, d] of await this.storage.get<DayAgg>(missing.slice(i, i + 128))) days.set(k.slice(6), d);
    }
    const agentDays: { day: string; agentId: string; agg: AgentDayAgg }[] = [];
    for (let after: string | undefined; ; ) {
      const page = await this.storage.list<AgentDayAgg>({ ...(after ? { startAfter: after } : { start: `ins:a:${from}` }), end: `ins:a:${to};`, limit: 1_000 });
      for (const [k, agg] of page) {
        const day = k.slice(6, 16);
        agentDays.push({ day, agentId: k.slice(17), agg });
        after = k;
      }
      if (page.size < 1_000) break;
    }
    return buildInsights(from, to, this.zone(), days, agentDays, names);
  }
}

const sameFigures = (a: Contribution, b: Contribution) => JSON.stringify({ ...a, rev: 0 }) === JSON.stringify({ ...b, rev: 0 });
