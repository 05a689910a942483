import { describe, expect, it } from 'vitest';
import * as v from 'valibot';
import { addDays, busiest, chatsOf, daysBetween, formatDuration, funnel, hasData, heatLevels, periodRange, ratingSeries, ratingShares, speedSeries, stackedVolume, todayIn } from '../../../models/options/insights';
import { CSV_BOM, csvCell, insightsCsv, insightsFilename } from '../../../models/options/insights-csv';
import { Insights } from '../../../protocol';
import { emptyInsights, makeInsights } from '../../helpers/insights-fixtures';

// Issue 16, the options page's pure rules: period → dates in the workspace's zone, chart series, funnel rates,
// durations in words, and the CSV export.

describe('period → from/to in the workspace’s zone', () => {
  // 2026-03-29 00:30 UTC: already the 29th in Paris (01:30, just before the DST jump), still the 28th in New York.
  const now = Date.UTC(2026, 2, 29, 0, 30);

  it('a preset ends on today in that zone and counts today in its days', () => {
    expect(periodRange({ kind: 'preset', days: 7 }, 'Europe/Paris', now)).toEqual({ ok: true, from: '2026-03-23', to: '2026-03-29' });
    expect(periodRange({ kind: 'preset', days: 7 }, 'America/New_York', now)).toEqual({ ok: true, from: '2026-03-22', to: '2026-03-28' });
    expect(periodRange({ kind: 'preset', days: 90 }, 'UTC', now)).toEqual({ ok: true, from: '2025-12-30', to: '2026-03-29' });
    // UTC+14: 10:00 UTC on 1 January is already midnight on the 2nd there.
    expect(periodRange({ kind: 'preset', days: 30 }, 'Pacific/Kiritimati', Date.UTC(2026, 0, 1, 10, 0))).toEqual({ ok: true, from: '2025-12-04', to: '2026-01-02' });
  });

  it('today in a zone, across midnight and a DST change', () => {
    expect(todayIn('Europe/Paris', Date.UTC(2026, 9, 24, 22, 30))).toBe('2026-10-25'); // 00:30 CEST
    expect(todayIn('Europe/Paris', Date.UTC(2026, 9, 25, 22, 30))).toBe('2026-10-25'); // 23:30 CET, the 25-hour day
    expect(todayIn('Australia/Sydney', Date.UTC(2026, 11, 31, 13, 0))).toBe('2027-01-01');
    expect(todayIn('Not/AZone', Date.UTC(2026, 0, 1, 23, 0))).toBe('2026-01-01');
  });

  it('calendar days never shift with DST, month ends and leap days', () => {
    expect(addDays('2026-03-28', 1)).toBe('2026-03-29');
    expect(addDays('2026-03-29', 1)).toBe('2026-03-30');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2026-01-01', -1)).toBe('2025-12-31');
    expect(daysBetween('2026-03-01', '2026-03-31')).toBe(31);
    expect(daysBetween('2026-10-25', '2026-10-25')).toBe(1);
  });

  it('a custom period is checked: real dates, in order, at most 400 days', () => {
    expect(periodRange({ kind: 'custom', from: '2026-01-01', to: '2026-01-31' }, 'UTC', now)).toEqual({ ok: true, from: '2026-01-01', to: '2026-01-31' });
    expect(periodRange({ kind: 'custom', from: '2026-02-30', to: '2026-03-01' }, 'UTC', now)).toEqual({ ok: false, problem: 'invalid-date' });
    expect(periodRange({ kind: 'custom', from: '', to: '2026-03-01' }, 'UTC', now)).toEqual({ ok: false, problem: 'invalid-date' });
    expect(periodRange({ kind: 'custom', from: '2026-03-02', to: '2026-03-01' }, 'UTC', now)).toEqual({ ok: false, problem: 'reversed' });
    expect(periodRange({ kind: 'custom', from: '2025-01-01', to: '2026-02-05' }, 'UTC', now)).toEqual({ ok: false, problem: 'too-long' });
    expect(periodRange({ kind: 'custom', from: '2025-01-01', to: addDays('2025-01-01', 399) }, 'UTC', now).ok).toBe(true);
    expect(periodRange({ kind: 'custom', from: '2025-01-01', to: addDays('2025-01-01', 400) }, 'UTC', now)).toEqual({ ok: false, problem: 'too-long' });
  });
});

describe('durations in words', () => {
  it.each([
    [null, '—'],
    [0, '0 s'],
    [45_400, '45 s'],
    [59_600, '1 min'],
    [185_000, '3 min 05 s'],
    [599_000, '9 min 59 s'],
    [300_000, '5 min'],
    [720_000, '12 min'],
    [3_540_000, '59 min'],
    [3_900_000, '1 h 05 min'],
    [26 * 3_600_000, '26 h'],
    [-5, '—'],
    [Number.NaN, '—'],
  ])('%s ms → %s', (ms, words) => {
    expect(formatDuration(ms)).toBe(words);
  });
});

describe('chart series', () => {
  const ins = makeInsights({ days: 5, conversations: 500 });

  it('conversations per day stack by outcome: each layer the running total, the top one the day’s chats', () => {
    const s = stackedVolume(ins.days);
    expect(s.layers.map((l) => l.outcome)).toEqual(['answered', 'missed', 'offline', 'blocked']);
    ins.days.forEach((d, i) => {
      expect(s.layers[0]!.top[i]).toBe(d.answered);
      expect(s.layers[1]!.top[i]).toBe(d.answered + d.missed);
      expect(s.layers[2]!.top[i]).toBe(d.answered + d.missed + d.offline);
      expect(s.layers[3]!.top[i]).toBe(chatsOf(d) + d.blocked);
    });
    expect(s.x[1]! - s.x[0]!).toBe(86_400);
    expect(new Date(s.x[0]! * 1000).toISOString()).toBe(`${ins.days[0]!.day}T00:00:00.000Z`);
  });

  it('speeds in seconds with gaps kept as null; ratings per day', () => {
    const days = [{ ...ins.days[0]!, claimMedianMs: 1_500, claimP90Ms: null, ratingAvg: 4.5, ratings: [0, 0, 0, 1, 1] as [number, number, number, number, number] }, { ...ins.days[1]!, claimMedianMs: null, ratingAvg: null, ratings: [0, 0, 0, 0, 0] as [number, number, number, number, number] }];
    const s = speedSeries(days);
    expect(s.claimMedian).toEqual([1.5, null]);
    expect(s.claimP90).toEqual([null, days[1]!.claimP90Ms! / 1000]);
    expect(ratingSeries(days)).toMatchObject({ avg: [4.5, null], count: [2, 0] });
  });

  it('the funnel: counts and rates, none when there is nothing to divide by', () => {
    expect(funnel({ chats: 200, answered: 150, missed: 10, offline: 40, blocked: 0, leads: 50, deals: 10, offlineLeads: 8, ratingAvg: null, ratings: [0, 0, 0, 0, 0] })).toEqual({
      chats: 200,
      leads: 50,
      deals: 10,
      offlineLeads: 8,
      leadRate: 0.25,
      dealRate: 0.2,
      chatToDeal: 0.05,
      offlineLeadRate: 0.2,
    });
    expect(funnel(emptyInsights().totals)).toMatchObject({ leadRate: null, dealRate: null, chatToDeal: null, offlineLeadRate: null });
  });

  it('rating shares, heat levels and the busiest hours', () => {
    expect(ratingShares([1, 0, 0, 1, 2])).toEqual([0.25, 0, 0, 0.25, 0.5]);
    expect(ratingShares([0, 0, 0, 0, 0])).toEqual([0, 0, 0, 0, 0]);
    const heat = Array.from({ length: 7 }, () => Array.from({ length: 24 }, () => 0));
    heat[0]![9] = 100;
    heat[0]![10] = 26;
    heat[4]![14] = 100;
    heat[6]![3] = 1;
    const h = heatLevels(heat);
    expect(h.max).toBe(100);
    expect([h.levels[0]![9], h.levels[0]![10], h.levels[6]![3], h.levels[1]![1]]).toEqual([4, 2, 1, 0]);
    expect(busiest(heat, 2)).toEqual([
      { weekday: 0, hour: 9, count: 100 },
      { weekday: 4, hour: 14, count: 100 },
    ]);
    expect(heatLevels(emptyInsights().heat).levels.flat().every((l) => l === 0)).toBe(true);
  });

  it('empty: a period with no conversation and no rating has no data', () => {
    expect(hasData(emptyInsights())).toBe(false);
    expect(hasData(ins)).toBe(true);
  });

  it('the fixtures are what the room may send (the protocol schema accepts them) and add up', () => {
    const big = makeInsights();
    expect(v.safeParse(Insights, big).success).toBe(true);
    expect(big.days).toHaveLength(90);
    // Blocked attempts are not conversations (the room counts them apart, and not in the heat map).
    const chats = big.days.reduce((a, d) => a + chatsOf(d), 0);
    expect(chats + big.totals.blocked).toBe(100_000);
    expect(big.totals.chats).toBe(chats);
    expect(big.heat.flat().reduce((a, b) => a + b, 0)).toBe(chats);
  });
});

describe('CSV export', () => {
  it('escapes quotes, commas and line breaks, and defuses formulas', () => {
    expect(csvCell('plain')).toBe('plain');
    expect(csvCell('Iris "Sales", Moreau')).toBe('"Iris ""Sales"", Moreau"');
    expect(csvCell('two\nlines')).toBe('"two\nlines"');
    expect(csvCell('=HYPERLINK("http://x")')).toBe('"\'=HYPERLINK(""http://x"")"');
    expect(csvCell('+33 1 23')).toBe("'+33 1 23");
    expect(csvCell('@SUM(A1)')).toBe("'@SUM(A1)");
    expect(csvCell(-3)).toBe('-3');
    expect(csvCell(null)).toBe('');
    expect(csvCell(Number.NaN)).toBe('');
  });

  it('one file in sections: summary, days, agents, busiest hours; CRLF, a BOM first', () => {
    const ins = makeInsights({ days: 3, conversations: 90, agents: 2 });
    ins.agents[0]!.name = '=cmd|"/c calc"!A1, Chloé';
    const csv = insightsCsv(ins);
    expect(csv.startsWith(CSV_BOM)).toBe(true);
    expect(csv.endsWith('\r\n')).toBe(true);
    expect(csv.replace(/\r\n/g, '')).not.toContain('\r');
    const lines = csv.slice(1).split('\r\n');
    expect(lines[0]).toBe(`baton-insights,from,${ins.from},to,${ins.to},timeZone,Europe/Paris`);
    const section = (name: string) => {
      const at = lines.indexOf(name);
      expect(at, name).toBeGreaterThan(0);
      const end = lines.indexOf('', at);
      return lines.slice(at + 1, end).map((l) => l.split(','));
    };
    const summary = section('summary');
    expect(summary[0]!.slice(0, 3)).toEqual(['chats', 'answered', 'missed']);
    expect(Number(summary[1]![0])).toBe(ins.totals.chats);
    const days = section('days');
    expect(days).toHaveLength(4);
    expect(days[1]![0]).toBe(ins.days[0]!.day);
    expect(Number(days[1]![1])).toBe(chatsOf(ins.days[0]!));
    expect(Number(days[1]![6])).toBe(Math.round(ins.days[0]!.claimMedianMs! / 1000));
    expect(csv).toContain(`"'=cmd|""/c calc""!A1, Chloé",`);
    const heat = section('busiestHours (Europe/Paris)');
    expect(heat[0]).toHaveLength(25);
    expect(heat.map((r) => r[0])).toEqual(['weekday', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun']);
    expect(insightsFilename(ins)).toBe(`baton-insights-${ins.from}-${ins.to}.csv`);
  });

  it('an empty period still exports its (zero) days and no agent', () => {
    const csv = insightsCsv(emptyInsights(2));
    expect(csv).toContain('\r\n2026-11-28,0,0,0,0,0,,,,,0,0,0,,0,0,0,0,0\r\n');
    expect(csv).toContain('\r\nagents\r\nagent,chats,firstResponseMedianS,leads,deals,ratingAvg,ratings1,ratings2,ratings3,ratings4,ratings5\r\n\r\n');
  });
});
