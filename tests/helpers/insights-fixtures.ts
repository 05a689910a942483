import type { Insights, InsightsAgent, InsightsDay } from '../../protocol';
import { addDays } from '../../models/options/insights';

/** A small deterministic random source (mulberry32), so the same arguments give the same figures. */
function random(seed: number) {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const NAMES = ['Ada Admin', 'Bob Agent', 'Chloé Dupont', 'Dmitri Ivanov', 'Eve O’Neil', 'Farah Haddad', 'Gustav Berg', 'Hana Sato', 'Iris “Sales” Moreau', 'João Silva', 'Kemal Aydın', 'Lena Vogel'];

/**
 * Insights as the room would send them: `conversations` chats (blocked attempts included) spread over `days` days
 * ending `to` (weekdays busier, office hours busiest), outcomes, speeds, leads, deals and ratings that add up
 * (totals = sum of days; chats and the heat map without the blocked attempts, as the room counts them).
 */
export function makeInsights({ days = 90, conversations = 100_000, agents = 12, to = '2026-11-29', timeZone = 'Europe/Paris', seed = 16 } = {}): Insights {
  const rnd = random(seed);
  const from = addDays(to, -(days - 1));
  const weights = Array.from({ length: days }, (_, i) => {
    const weekday = (new Date(`${addDays(from, i)}T00:00:00Z`).getUTCDay() + 6) % 7;
    return (weekday >= 5 ? 0.35 : 1) * (0.8 + 0.4 * rnd());
  });
  const wsum = weights.reduce((a, b) => a + b, 0);
  let left = conversations;
  const perDay = weights.map((w, i) => {
    const n = i === days - 1 ? left : Math.min(left, Math.round((w / wsum) * conversations));
    left -= n;
    return n;
  });
  const heat = Array.from({ length: 7 }, () => Array.from({ length: 24 }, () => 0));
  const dayRows: InsightsDay[] = perDay.map((chats, i) => {
    const day = addDays(from, i);
    const weekday = (new Date(`${day}T00:00:00Z`).getUTCDay() + 6) % 7;
    const blocked = Math.round(chats * 0.01);
    const offline = Math.round(chats * (0.12 + 0.05 * rnd()));
    const missed = Math.round(chats * (0.04 + 0.04 * rnd()));
    const answered = chats - blocked - offline - missed;
    // Hours: mostly 8–19, a few at night; what rounding leaves goes to 10:00.
    const started = chats - blocked;
    let spread = started;
    for (let h = 0; h < 24; h++) {
      const n = Math.min(spread, Math.floor(started * (h >= 8 && h < 19 ? 0.085 : 0.0055)));
      heat[weekday]![h]! += n;
      spread -= n;
    }
    heat[weekday]![10]! += spread;
    const leads = Math.round(answered * 0.18);
    const deals = Math.round(leads * 0.3);
    const offlineLeads = Math.round(offline * 0.4);
    const ratedN = Math.round(answered * 0.2);
    const ratings = [0.03, 0.05, 0.12, 0.3].map((p) => Math.round(ratedN * p));
    ratings.push(ratedN - ratings.reduce((a, b) => a + b, 0));
    const rsum = ratings.reduce((a, b) => a + b, 0);
    const ratingAvg = rsum ? Number((ratings.reduce((a, n, k) => a + n * (k + 1), 0) / rsum).toFixed(2)) : null;
    const claim = chats ? Math.round(20_000 + 40_000 * rnd()) : null;
    const first = chats ? Math.round(35_000 + 60_000 * rnd()) : null;
    return {
      day,
      answered,
      missed,
      offline,
      blocked,
      claimMedianMs: claim,
      claimP90Ms: claim === null ? null : Math.round(claim * (2.5 + rnd())),
      firstResponseMedianMs: first,
      firstResponseP90Ms: first === null ? null : Math.round(first * (2.2 + rnd())),
      leads,
      deals,
      offlineLeads,
      ratings: ratings as InsightsDay['ratings'],
      ratingAvg,
    };
  });
  const sum = (k: 'answered' | 'missed' | 'offline' | 'blocked' | 'leads' | 'deals' | 'offlineLeads') => dayRows.reduce((a, d) => a + d[k], 0);
  const ratings = [0, 1, 2, 3, 4].map((k) => dayRows.reduce((a, d) => a + d.ratings[k]!, 0)) as InsightsDay['ratings'];
  const rcount = ratings.reduce((a, b) => a + b, 0);
  const answered = sum('answered');
  // The agents share the answered chats (the first takes what does not divide), leads, deals and ratings.
  const agentRows: InsightsAgent[] = Array.from({ length: agents }, (_, k) => {
    const chats = Math.floor(answered / agents) + (k === 0 ? answered % agents : 0);
    return { id: `a${k + 1}`, name: NAMES[k % NAMES.length]!, chats, firstResponseMedianMs: 30_000 + k * 7_000, ratings: [0, 0, 0, 0, 0], ratingAvg: null, leads: 0, deals: 0 };
  });
  const leads = sum('leads');
  const deals = sum('deals');
  agentRows.forEach((r) => {
    r.leads = Math.round((leads * r.chats) / Math.max(1, answered));
    r.deals = Math.round((deals * r.chats) / Math.max(1, answered));
    r.ratings = ratings.map((n) => Math.round((n * r.chats) / Math.max(1, answered))) as InsightsAgent['ratings'];
    const c = r.ratings.reduce((a, b) => a + b, 0);
    r.ratingAvg = c ? Number((r.ratings.reduce((a, n, k) => a + n * (k + 1), 0) / c).toFixed(2)) : null;
  });
  return {
    timeZone,
    from,
    to,
    days: dayRows,
    agents: agentRows,
    heat,
    totals: {
      chats: answered + sum('missed') + sum('offline'),
      answered,
      missed: sum('missed'),
      offline: sum('offline'),
      blocked: sum('blocked'),
      leads,
      deals,
      offlineLeads: sum('offlineLeads'),
      ratingAvg: rcount ? Number((ratings.reduce((a, n, k) => a + n * (k + 1), 0) / rcount).toFixed(2)) : null,
      ratings,
    },
  };
}

/** A period with no conversation at all (the empty state). */
export const emptyInsights = (days = 7, to = '2026-11-29', timeZone = 'UTC'): Insights => {
  const from = addDays(to, -(days - 1));
  return {
    timeZone,
    from,
    to,
    days: Array.from({ length: days }, (_, i) => ({
      day: addDays(from, i),
      answered: 0,
      missed: 0,
      offline: 0,
      blocked: 0,
      claimMedianMs: null,
      claimP90Ms: null,
      firstResponseMedianMs: null,
      firstResponseP90Ms: null,
      leads: 0,
      deals: 0,
      offlineLeads: 0,
      ratings: [0, 0, 0, 0, 0],
      ratingAvg: null,
    })),
    agents: [],
    heat: Array.from({ length: 7 }, () => Array.from({ length: 24 }, () => 0)),
    totals: { chats: 0, answered: 0, missed: 0, offline: 0, blocked: 0, leads: 0, deals: 0, offlineLeads: 0, ratingAvg: null, ratings: [0, 0, 0, 0, 0] },
  };
};
