import type { Insights } from '../../protocol';
import { chatsOf, funnel } from './insights';

/*
 * `Export CSV` of the Insights section: ONE file in sections (Summary, Days, Agents, Busiest hours), each a title
 * row, a header row and its rows, a blank line between. One file because the figures belong together (one
 * period, one zone, said once at the top), one click gives one download (Chromium asks before letting a page
 * save several files), and a spreadsheet opens it as one sheet; each section keeps its own header row, so a
 * script can still split it at the blank lines.
 *
 * Headers are stable English keys whatever the page's language (like the Records export), numbers are plain
 * (dot decimals, no grouping), durations whole seconds, rates fractions: the file is for spreadsheets and
 * scripts. RFC 4180: CRLF line ends, cells quoted when they hold a comma, quote or line break; a cell starting
 * with = + - @ (or tab / CR) gets a leading quote so a spreadsheet never runs it as a formula (agent names are
 * typed by people). A UTF-8 byte-order mark first, so Excel reads accented names right.
 */

/** One cell, escaped (RFC 4180) and defused (OWASP "CSV injection"). */
export function csvCell(value: string | number | null | undefined): string {
  let s = value === null || value === undefined ? '' : typeof value === 'number' ? (Number.isFinite(value) ? String(value) : '') : value;
  if (typeof value === 'string' && /^[=+\-@\t\r]/.test(s)) s = `'${s}`;
  return /[",\r\n]/.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

const row = (cells: (string | number | null | undefined)[]) => cells.map(csvCell).join(',');
const seconds = (ms: number | null) => (ms === null ? null : Math.round(ms / 1000));
const fixed = (x: number | null, digits: number) => (x === null ? null : Number(x.toFixed(digits)));
const STARS = ['ratings1', 'ratings2', 'ratings3', 'ratings4', 'ratings5'];
const WEEKDAYS = ['mon', 'tue', 'wed', 'thu', 'fri', 'sat', 'sun'];

export const CSV_BOM = '\uFEFF';

/** The whole export as text (see above). */
export function insightsCsv(ins: Insights): string {
  const f = funnel(ins.totals);
  const t = ins.totals;
  const lines: string[] = [
    row(['baton-insights', 'from', ins.from, 'to', ins.to, 'timeZone', ins.timeZone]),
    '',
    row(['summary']),
    row(['chats', 'answered', 'missed', 'offline', 'blocked', 'leads', 'deals', 'offlineLeads', 'leadRate', 'dealRate', 'chatToDealRate', 'ratingAvg', ...STARS]),
    row([t.chats, t.answered, t.missed, t.offline, t.blocked, t.leads, t.deals, t.offlineLeads, fixed(f.leadRate, 4), fixed(f.dealRate, 4), fixed(f.chatToDeal, 4), fixed(t.ratingAvg, 2), ...t.ratings]),
    '',
    row(['days']),
    row(['day', 'chats', 'answered', 'missed', 'offline', 'blocked', 'claimMedianS', 'claimP90S', 'firstResponseMedianS', 'firstResponseP90S', 'leads', 'deals', 'offlineLeads', 'ratingAvg', ...STARS]),
    ...ins.days.map((d) =>
      row([d.day, chatsOf(d), d.answered, d.missed, d.offline, d.blocked, seconds(d.claimMedianMs), seconds(d.claimP90Ms), seconds(d.firstResponseMedianMs), seconds(d.firstResponseP90Ms), d.leads, d.deals, d.offlineLeads, fixed(d.ratingAvg, 2), ...d.ratings]),
    ),
    '',
    row(['agents']),
    row(['agent', 'chats', 'firstResponseMedianS', 'leads', 'deals', 'ratingAvg', ...STARS]),
    ...ins.agents.map((a) => row([a.name, a.chats, seconds(a.firstResponseMedianMs), a.leads, a.deals, fixed(a.ratingAvg, 2), ...a.ratings])),
    '',
    row([`busiestHours (${ins.timeZone})`]),
    row(['weekday', ...Array.from({ length: 24 }, (_, h) => `${String(h).padStart(2, '0')}:00`)]),
    ...ins.heat.map((hours, i) => row([WEEKDAYS[i], ...hours])),
  ];
  return CSV_BOM + lines.join('\r\n') + '\r\n';
}

/** `baton-insights-2026-09-01-2026-11-29.csv` */
export const insightsFilename = (ins: Pick<Insights, 'from' | 'to'>) => `baton-insights-${ins.from}-${ins.to}.csv`;
