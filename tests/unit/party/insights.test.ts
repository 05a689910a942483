import { describe, expect, test } from 'vitest';
import * as v from 'valibot';
import {
  BINS_PER_DOUBLING,
  CONTRIBUTION_DAYS,
  InsightsStore,
  LAST_BIN,
  binOf,
  binValue,
  dayHourOf,
  factOfChat,
  percentile,
  type Fact,
  type Histogram,
} from '../../../party/workspace/insights';
import { Insights, type ChatFacts } from '../../../protocol';
import { MemoryStorage } from '../../helpers/memory-storage';

const MIN = 60_000;
const HOUR = 60 * MIN;
const DAY = 24 * HOUR;
const T = (iso: string) => Date.parse(iso);
const alice = { id: 'alice', name: 'Alice' };
const bob = { id: 'bob', name: 'Bob' };

/** A store on in-memory storage, in `zone`, whose clock reads `now`. */
function store(zone = 'UTC', now = T('2026-06-30T12:00:00Z')) {
  const storage = new MemoryStorage();
  const clock = { now };
  let tz = zone;
  const s = new InsightsStore(storage.asStorage(), () => tz, () => clock.now);
  return { s, storage, clock, setZone: (z: string) => (tz = z) };
}

const chat = (startedAt: number, over: Partial<ChatFacts> = {}): ChatFacts => ({ v: 1, startedAt, ...over });
const answered = (startedAt: number, claimMs: number, replyMs: number, agent = alice, over: Partial<ChatFacts> = {}) =>
  chat(startedAt, { claimedAt: startedAt + claimMs, firstReplyAt: startedAt + replyMs, agent, ...over });

describe('histogram precision and percentiles', () => {
  test('a value is reported within ±4.5% (500 ms below 1 s), each bin ~9% wide', () => {
    expect(binOf(0)).toBe(0);
    expect(binOf(999)).toBe(0);
    expect(binValue(0)).toBe(500);
    expect(binOf(1_000)).toBe(1);
    expect(binOf(2_000)).toBe(1 + BINS_PER_DOUBLING);
    for (let ms = 1_000; ms < 10 * DAY; ms = Math.ceil(ms * 1.013)) {
      const got = binValue(binOf(ms));
      expect(Math.abs(got - ms) / ms).toBeLessThanOrEqual(0.045);
    }
    // Longer than the last bin: counted there.
    expect(binOf(400 * DAY)).toBe(LAST_BIN);
  });

  test('median and p90 are the nearest-rank samples', () => {
    const h: Histogram = {};
    // 10 samples: 1 s ×5, 10 s ×4, 100 s ×1 → median 1 s, p90 10 s, p100 100 s.
    const add = (ms: number, n: number) => (h[binOf(ms)] = (h[binOf(ms)] ?? 0) + n);
    add(1_000, 5);
    add(10_000, 4);
    add(100_000, 1);
    expect(percentile(h, 0.5)).toBe(binValue(binOf(1_000)));
    expect(percentile(h, 0.9)).toBe(binValue(binOf(10_000)));
    expect(percentile(h, 1)).toBe(binValue(binOf(100_000)));
    add(10_000, 1); // 11 samples: rank of the median is 6 → 10 s.
    expect(percentile(h, 0.5)).toBe(binValue(binOf(10_000)));
    expect(percentile({}, 0.5)).toBeNull();
  });
});

describe('folding facts', () => {
  test('a day gets its outcomes, times, funnel and ratings; every day of the range is present', async () => {
    const { s } = store();
    const d = T('2026-06-10T09:00:00Z');
    await s.foldChat('c1', answered(d, 10_000, 30_000, alice, { lead: true, rating: 5 }), 1);
    await s.foldChat('c2', answered(d + HOUR, 20_000, 60_000, bob, { lead: true, deal: true, rating: 3 }), 1);
    await s.foldChat('c3', chat(d + 2 * HOUR, { missedAt: d + 2 * HOUR + 60_000 }), 1);
    await s.fold('off1', { startedAt: d + 3 * HOUR, outcome: 'offline', chat: true, lead: true, deal: false, offlineLead: true }, 0, false);
    await s.fold('blk1', { startedAt: d + 4 * HOUR, outcome: 'blocked', chat: false, lead: false, deal: false, offlineLead: false }, 0, false);
    const ins = await s.insights('2026-06-09', '2026-06-11', (id) => (id === 'alice' ? 'Alice Renamed' : undefined));
    expect(v.safeParse(Insights, ins).success).toBe(true);
    expect(ins.days.map((x) => x.day)).toEqual(['2026-06-09', '2026-06-10', '2026-06-11']);
    expect(ins.days[0]).toMatchObject({ answered: 0, missed: 0, claimMedianMs: null, ratingAvg: null, ratings: [0, 0, 0, 0, 0] });
    expect(ins.days[1]).toMatchObject({
      answered: 2,
      missed: 1,
      offline: 1,
      blocked: 1,
      leads: 3,
      deals: 1,
      offlineLeads: 1,
      ratings: [0, 0, 1, 0, 1],
      ratingAvg: 4,
      claimMedianMs: binValue(binOf(10_000)),
      claimP90Ms: binValue(binOf(20_000)),
      firstResponseMedianMs: binValue(binOf(30_000)),
      firstResponseP90Ms: binValue(binOf(60_000)),
    });
    expect(ins.totals).toMatchObject({ chats: 4, answered: 2, missed: 1, offline: 1, blocked: 1, leads: 3, deals: 1, offlineLeads: 1, ratingAvg: 4 });
    // 2026-06-10 is a Wednesday (row 2): chats at 09, 10, 11, 12 UTC; the blocked attempt is not a chat started.
    expect(ins.heat[2]!.slice(8, 14)).toEqual([0, 1, 1, 1, 1, 0]);
    expect(ins.heat.flat().reduce((a, b) => a + b, 0)).toBe(4);
    expect(ins.agents).toEqual([
      { id: 'alice', name: 'Alice Renamed', chats: 1, firstResponseMedianMs: binValue(binOf(30_000)), ratings: [0, 0, 0, 0, 1], ratingAvg: 5, leads: 1, deals: 0 },
      { id: 'bob', name: 'Bob', chats: 1, firstResponseMedianMs: binValue(binOf(60_000)), ratings: [0, 0, 1, 0, 0], ratingAvg: 3, leads: 1, deals: 1 },
    ]);
  });

  test('a doubled report changes nothing and writes nothing', async () => {
    const { s, storage } = store();
    const f = answered(T('2026-06-10T09:00:00Z'), 5_000, 9_000, alice, { lead: true });
    await s.foldChat('c1', f, 1);
    const once = await s.insights('2026-06-10', '2026-06-10');
    const puts = storage.puts;
    await s.foldChat('c1', f, 1);
    await s.foldChat('c1', f, 2);
    expect(storage.puts).toBe(puts);
    expect(await s.insights('2026-06-10', '2026-06-10')).toEqual(once);
  });

  test('late facts (a rating days later, a lead after the close) replace the chat\'s contribution on its start day', async () => {
    const { s } = store();
    const start = T('2026-06-10T09:00:00Z');
    await s.foldChat('c1', answered(start, 5_000, 9_000), 1);
    await s.foldChat('c1', answered(start, 5_000, 9_000, alice, { lead: true }), 2);
    await s.foldChat('c1', answered(start, 5_000, 9_000, alice, { lead: true, rating: 2 }), 3);
    const ins = await s.insights('2026-06-10', '2026-06-13');
    expect(ins.days[0]).toMatchObject({ answered: 1, leads: 1, ratings: [0, 1, 0, 0, 0], ratingAvg: 2 });
    expect(ins.days.slice(1).every((d) => d.answered === 0 && d.leads === 0 && d.ratingAvg === null)).toBe(true);
    expect(ins.totals).toMatchObject({ chats: 1, answered: 1, leads: 1 });
    expect(ins.agents).toEqual([expect.objectContaining({ id: 'alice', chats: 1, leads: 1, ratings: [0, 1, 0, 0, 0] })]);
  });

  test('an older revision arriving after a newer one is ignored; the same facts in any order give the same figures', async () => {
    const start = T('2026-06-10T09:00:00Z');
    const reports: [ChatFacts, number][] = [
      [chat(start), 1],
      [chat(start, { claimedAt: start + 4_000, agent: bob }), 2],
      [answered(start, 4_000, 8_000, alice), 3],
      [answered(start, 4_000, 8_000, alice, { deal: true, rating: 4 }), 4],
    ];
    const inOrder = store();
    for (const [f, rev] of reports) await inOrder.s.foldChat('c1', f, rev);
    const shuffled = store();
    for (const i of [3, 0, 2, 1, 3, 0]) await shuffled.s.foldChat('c1', reports[i]![0], reports[i]![1]);
    const a = await inOrder.s.insights('2026-06-10', '2026-06-10');
    expect(await shuffled.s.insights('2026-06-10', '2026-06-10')).toEqual(a);
    // The chat moved from Bob (assignee) to Alice (who replied): counted once, for Alice.
    expect(a.agents.map((x) => [x.id, x.chats, x.deals])).toEqual([['alice', 1, 1]]);
  });

  test('missed before any reply stays missed after a follow-up reply; a reply before the wait ran out is answered', async () => {
    const start = T('2026-06-10T09:00:00Z');
    expect(factOfChat(chat(start, { missedAt: start + 60_000, firstReplyAt: start + HOUR })).outcome).toBe('missed');
    expect(factOfChat(chat(start, { missedAt: start + 60_000, firstReplyAt: start + 30_000 })).outcome).toBe('answered');
    expect(factOfChat(chat(start, { claimedAt: start + 1_000 })).outcome).toBeNull();
  });

  test('concurrent folds of several chats on one day lose no update', async () => {
    const { s } = store();
    const start = T('2026-06-10T09:00:00Z');
    await Promise.all(Array.from({ length: 50 }, (_, i) => s.foldChat(`c${i}`, answered(start + i * MIN, 1_000, 2_000, i % 2 ? alice : bob), 1)));
    const ins = await s.insights('2026-06-10', '2026-06-10');
    expect(ins.days[0]!.answered).toBe(50);
    expect(ins.agents.map((a) => a.chats).sort()).toEqual([25, 25]);
  });

  test('a failed write counts nothing (the buckets kept in memory are dropped), and the report sent again counts once', async () => {
    const { s, storage } = store();
    const at = T('2026-06-10T09:00:00Z');
    await s.foldChat('c1', answered(at, 1_000, 2_000), 1);
    storage.failNextPut();
    await expect(s.foldChat('c2', answered(at + HOUR, 1_000, 2_000, alice, { rating: 2 }), 1)).rejects.toThrow();
    expect((await s.insights('2026-06-10', '2026-06-10')).days[0]).toMatchObject({ answered: 1, ratings: [0, 0, 0, 0, 0] });
    await s.foldChat('c2', answered(at + HOUR, 1_000, 2_000, alice, { rating: 2 }), 1);
    expect((await s.insights('2026-06-10', '2026-06-10')).days[0]).toMatchObject({ answered: 2, ratings: [0, 1, 0, 0, 0] });
  });

  test('aggregates survive a restart (a new store on the same storage)', async () => {
    const { s, storage, clock } = store();
    await s.foldChat('c1', answered(T('2026-06-10T09:00:00Z'), 1_000, 2_000, alice, { rating: 4 }), 1);
    const before = await s.insights('2026-06-01', '2026-06-30');
    const again = new InsightsStore(storage.asStorage(), () => 'UTC', () => clock.now);
    expect(await again.insights('2026-06-01', '2026-06-30')).toEqual(before);
    // And a re-report after the restart still replaces rather than adds.
    await again.foldChat('c1', answered(T('2026-06-10T09:00:00Z'), 1_000, 2_000, alice, { rating: 5 }), 2);
    expect((await again.insights('2026-06-10', '2026-06-10')).days[0]).toMatchObject({ answered: 1, ratings: [0, 0, 0, 0, 1] });
  });

  test('contribution records are bounded: old ones are pruned, facts about chats older than the window are ignored', async () => {
    const { s, storage, clock } = store();
    const old = clock.now - (CONTRIBUTION_DAYS - 1) * DAY;
    await s.foldChat('old', answered(old, 1_000, 2_000), 1);
    expect(storage.keys('ins:c:')).toHaveLength(1);
    clock.now += 3 * DAY;
    await s.foldChat('new', answered(clock.now - HOUR, 1_000, 2_000), 1);
    expect(storage.keys('ins:c:').map((k) => k.slice(-3))).toEqual(['new']);
    const day = new Date(old).toISOString().slice(0, 10);
    const frozen = await s.insights(day, day);
    await s.foldChat('old', answered(old, 1_000, 2_000, alice, { rating: 1 }), 2);
    expect(await s.insights(day, day)).toEqual(frozen);
    expect(frozen.days[0]!.answered).toBe(1);
  });
});

describe('time zones and daylight saving', () => {
  test('the day and hour are the workspace zone\'s', () => {
    expect(dayHourOf(T('2026-06-10T23:30:00Z'), 'Europe/Paris')).toEqual({ day: '2026-06-11', hour: 1 });
    expect(dayHourOf(T('2026-06-10T03:30:00Z'), 'America/New_York')).toEqual({ day: '2026-06-09', hour: 23 });
    expect(dayHourOf(T('2026-06-10T23:30:00Z'), 'UTC')).toEqual({ day: '2026-06-10', hour: 23 });
    // A zone this runtime does not know: UTC.
    expect(dayHourOf(T('2026-06-10T23:30:00Z'), 'Mars/Olympus')).toEqual({ day: '2026-06-10', hour: 23 });
  });

  test('spring forward (Paris, 2026-03-29, 23 hours): the day ends at 22:00 UTC, no chat is in hour 2', async () => {
    const { s } = store('Europe/Paris', T('2026-04-15T00:00:00Z'));
    await s.foldChat('a', answered(T('2026-03-28T23:00:00Z'), 1_000, 2_000), 1); // 00:00 CET, the 29th
    await s.foldChat('b', answered(T('2026-03-29T00:59:00Z'), 1_000, 2_000), 1); // 01:59 CET
    await s.foldChat('c', answered(T('2026-03-29T01:00:00Z'), 1_000, 2_000), 1); // 03:00 CEST
    await s.foldChat('d', answered(T('2026-03-29T21:59:00Z'), 1_000, 2_000), 1); // 23:59 CEST, the 29th
    await s.foldChat('e', answered(T('2026-03-29T22:00:00Z'), 1_000, 2_000), 1); // 00:00 CEST, the 30th
    const ins = await s.insights('2026-03-29', '2026-03-30');
    expect(ins.timeZone).toBe('Europe/Paris');
    expect(ins.days.map((d) => d.answered)).toEqual([4, 1]);
    // The 29th is a Sunday (row 6): hours 0, 1, 3, 23; the 30th a Monday (row 0): hour 0.
    expect(ins.heat[6]!.flatMap((n, h) => (n ? [h] : []))).toEqual([0, 1, 3, 23]);
    expect(ins.heat[0]![0]).toBe(1);
  });

  test('fall back (Paris, 2026-10-25, 25 hours): the repeated hour 2 counts both times, the day ends at 23:00 UTC', async () => {
    const { s } = store('Europe/Paris', T('2026-11-15T00:00:00Z'));
    await s.foldChat('a', answered(T('2026-10-25T00:30:00Z'), 1_000, 2_000), 1); // 02:30 CEST
    await s.foldChat('b', answered(T('2026-10-25T01:30:00Z'), 1_000, 2_000), 1); // 02:30 CET
    await s.foldChat('c', answered(T('2026-10-25T22:59:00Z'), 1_000, 2_000), 1); // 23:59 CET, the 25th
    await s.foldChat('d', answered(T('2026-10-25T23:00:00Z'), 1_000, 2_000), 1); // 00:00 CET, the 26th
    const ins = await s.insights('2026-10-25', '2026-10-26');
    expect(ins.days.map((d) => d.answered)).toEqual([3, 1]);
    expect(ins.heat[6]![2]).toBe(2);
    expect(ins.heat[6]![23]).toBe(1);
  });

  test('a chat re-reported after the zone changed moves to its day in the new zone, and leaves the old one', async () => {
    const { s, setZone } = store('UTC');
    const at = T('2026-06-10T23:30:00Z');
    await s.foldChat('c1', answered(at, 1_000, 2_000), 1);
    setZone('Europe/Paris');
    await s.foldChat('c1', answered(at, 1_000, 2_000, alice, { rating: 5 }), 2);
    const ins = await s.insights('2026-06-10', '2026-06-11');
    expect(ins.days.map((d) => d.answered)).toEqual([0, 1]);
    expect(ins.totals.chats).toBe(1);
  });
});

describe('what a fact counts', () => {
  test('an offline form after a missed chat is a lead, not a second chat', async () => {
    const { s } = store();
    const at = T('2026-06-10T09:00:00Z');
    await s.foldChat('c1', chat(at, { missedAt: at + MIN }), 1);
    const followUp: Fact = { startedAt: at + 2 * MIN, outcome: null, chat: false, lead: true, deal: false, offlineLead: true };
    await s.fold('off:x', followUp, 0, false);
    const ins = await s.insights('2026-06-10', '2026-06-10');
    expect(ins.totals).toMatchObject({ chats: 1, missed: 1, offline: 0, leads: 1, offlineLeads: 1 });
  });
});
