import * as v from 'valibot';
import { list, name, ServerId, str, whole } from './bounds';
import { CalendarDate, TIME_ZONE_MAX } from './hours';
import { NAME_MAX } from './model';

/*
 * Insights (issue 16): daily aggregates the workspace room keeps as events happen, asked for a period in the
 * workspace's time zone (the business-hours zone, else UTC). Client copy of the contract
 * (/work/notes/contract-wave2.md); the insights-server branch owns this file and the lead keeps its version.
 */

/** Days one `insights-get` may span (inclusive). */
export const INSIGHTS_DAYS_MAX = 400;
/** Agents listed (the workspace's limit). */
const INSIGHTS_AGENTS_MAX = 1_000;

const Ref = v.optional(v.pipe(v.string(), v.maxLength(64)));
const Count = whole();
const Ms = v.nullable(whole());
const Avg = v.nullable(v.pipe(v.number(), v.minValue(1), v.maxValue(5)));
/** How many ratings of 1, 2, 3, 4 and 5 stars. */
export const RatingCounts = v.tuple([Count, Count, Count, Count, Count]);

export const InsightsDay = v.strictObject({
  day: CalendarDate,
  answered: Count,
  missed: Count,
  offline: Count,
  blocked: Count,
  claimMedianMs: Ms,
  claimP90Ms: Ms,
  firstResponseMedianMs: Ms,
  firstResponseP90Ms: Ms,
  leads: Count,
  deals: Count,
  offlineLeads: Count,
  ratings: RatingCounts,
  ratingAvg: Avg,
});
export type InsightsDay = v.InferOutput<typeof InsightsDay>;

export const InsightsAgent = v.strictObject({
  id: ServerId,
  name: name(NAME_MAX),
  chats: Count,
  firstResponseMedianMs: Ms,
  ratings: RatingCounts,
  ratingAvg: Avg,
  leads: Count,
  deals: Count,
});
export type InsightsAgent = v.InferOutput<typeof InsightsAgent>;

const HourRow = v.pipe(v.array(Count), v.length(24));

export const Insights = v.strictObject({
  timeZone: str(TIME_ZONE_MAX),
  from: CalendarDate,
  to: CalendarDate,
  /** One per day from `from` to `to`, no gaps. */
  days: list(InsightsDay, INSIGHTS_DAYS_MAX),
  agents: list(InsightsAgent, INSIGHTS_AGENTS_MAX),
  /** Conversations started, [weekday Mon=0..Sun=6][hour 0..23], in the workspace's zone. */
  heat: v.pipe(v.array(HourRow), v.length(7)),
  totals: v.strictObject({
    chats: Count,
    answered: Count,
    missed: Count,
    offline: Count,
    blocked: Count,
    leads: Count,
    deals: Count,
    offlineLeads: Count,
    ratingAvg: Avg,
    ratings: RatingCounts,
  }),
});
export type Insights = v.InferOutput<typeof Insights>;

/** Admins and agents with manageLiveChat: the figures from `from` to `to` (inclusive, workspace zone, ≤ 400 days). */
export const InsightsGet = v.strictObject({ type: v.literal('insights-get'), ref: Ref, from: CalendarDate, to: CalendarDate });
export const InsightsFrame = v.strictObject({ type: v.literal('insights'), ref: Ref, insights: Insights });
