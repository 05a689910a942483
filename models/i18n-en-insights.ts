import { formatsFor } from './i18n-format';

const { num, plural } = formatsFor('en');
/** models/options/insights.ts `Outcome` and `PeriodProblem` (models/ may not import models/options/; the section indexes these tables with those types, so a missing key does not compile). */
type Outcome = 'answered' | 'missed' | 'offline' | 'blocked';
type PeriodProblem = 'invalid-date' | 'reversed' | 'too-long';
const pct = (x: number | null) => (x === null ? '—' : `${(x * 100).toFixed(x < 0.1 && x > 0 ? 1 : 0)}%`);

/** The options page's Insights section (issue 16). French is typed against it key for key. */
export const insightsEn = {
  notAllowed: 'Only admins and agents with the "manage live chat" permission see insights.',
  intro: 'How many chats came in, how fast the team answered, and what the chats turned into.',
  period: 'Period',
  lastDays: (n: number) => `Last ${n} days`,
  custom: 'Custom',
  from: 'From',
  to: 'To',
  show: 'Show',
  zone: (zone: string) => `Days and hours in the workspace's time zone: ${zone}.`,
  showing: (from: string, to: string) => `${from} to ${to}`,
  problems: {
    'invalid-date': 'Enter both dates.',
    reversed: 'The start date must be on or before the end date.',
    'too-long': 'Choose at most 400 days.',
  } satisfies Record<PeriodProblem, string>,
  loading: 'Loading…',
  empty: 'No conversations in this period. The charts fill in as chats come in.',
  exportCsv: 'Export CSV',
  exported: (file: string) => `Saved ${file}.`,
  figures: 'Show the figures',
  outcomes: { answered: 'Answered', missed: 'Missed', offline: 'Offline form', blocked: 'Blocked' } satisfies Record<Outcome, string>,
  tiles: { chats: 'Chats', answeredRate: 'Answered live', missed: 'Missed', leads: 'Leads', deals: 'Deals', rating: 'Average rating' },
  of: (part: string) => `${part} of chats`,
  volume: 'Conversations per day',
  volumeSummary: (chats: number, days: number, parts: string) =>
    `${plural(chats, { one: '# conversation', other: '# conversations' })} over ${plural(days, { one: '# day', other: '# days' })}: ${parts}.`,
  speed: 'Time to claim and first response',
  speedHelp: 'Claim: from the chat reaching the team to an agent taking it. First response: to the first agent message. Median and 90th percentile of each day’s chats.',
  claimMedian: 'Claim, median',
  claimP90: 'Claim, 90th percentile',
  firstResponseMedian: 'First response, median',
  firstResponseP90: 'First response, 90th percentile',
  speedSummary: (claim: string, response: string) => `On the latest day with figures, half the chats were claimed within ${claim} and answered within ${response}.`,
  speedNone: 'No chat was claimed in this period.',
  funnel: 'From chats to deals',
  funnelSteps: { chats: 'Chats', leads: 'Leads', deals: 'Deals', offlineLeads: 'Leads from the offline form' },
  leadRate: (x: number | null) => `${pct(x)} of chats`,
  dealRate: (x: number | null) => `${pct(x)} of leads`,
  offlineLeadRate: (x: number | null) => `${pct(x)} of offline chats`,
  offlineLeads: (n: string, rate: string) => `Leads from the offline form: ${n} (${rate})`,
  funnelSummary: (chats: number, leads: number, deals: number, offlineLeads: number) =>
    `${plural(chats, { one: '# chat', other: '# chats' })}, ${plural(leads, { one: '# lead', other: '# leads' })}, ${plural(deals, { one: '# deal', other: '# deals' })}; ${plural(offlineLeads, { one: '# lead', other: '# leads' })} from the offline form.`,
  ratings: 'Ratings',
  ratingAvgPerDay: 'Average rating per day',
  distribution: 'How visitors rated',
  stars: (n: number) => plural(n, { one: '# star', other: '# stars' }),
  ratingSummary: (count: number, avg: string) => (count ? `${plural(count, { one: '# rating', other: '# ratings' })}, ${avg} out of 5 on average.` : 'No ratings in this period.'),
  noRatings: 'No ratings in this period.',
  agents: 'Per agent',
  agent: 'Agent',
  chats: 'Chats',
  firstResponse: 'First response (median)',
  avgRating: 'Average rating',
  ratingCount: 'Ratings',
  leads: 'Leads',
  deals: 'Deals',
  noAgents: 'No agent handled a chat in this period.',
  heat: 'Busiest hours',
  heatHelp: 'Conversations started, by day of the week and hour: plan business hours and who is online.',
  /** Between the busiest hours in heatSummary. */
  separator: '; ',
  heatSummary: (top: string) => (top ? `Busiest: ${top}.` : 'No conversations in this period.'),
  heatCell: (day: string, hour: string, n: number) => `${day} ${hour}: ${plural(n, { one: '# conversation', other: '# conversations' })}`,
  hour: 'Hour',
  weekday: 'Day',
  weekdays: ['Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday', 'Sunday'],
  weekdaysShort: ['Mon', 'Tue', 'Wed', 'Thu', 'Fri', 'Sat', 'Sun'],
  day: 'Day',
  total: 'Total',
  count: (n: number) => num(n),
  avg: (x: number | null) => (x === null ? '—' : x.toFixed(1)),
  percent: pct,
};

export type InsightsTexts = typeof insightsEn;
