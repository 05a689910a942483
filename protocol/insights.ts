import * as v from 'valibot';
import { list, name, str, Timestamp, whole } from './bounds';
import { CalendarDate } from './hours';
import { AgentRef, NAME_MAX } from './model';
import { Id } from './playbook';

/*
 * Insights: what the team's chats came to, per day of the workspace's time zone (the business-hours zone, else
 * UTC). The workspace room keeps daily aggregates as facts arrive (party/workspace/insights.ts); an answer is
 * built from those days, never from the conversations. Every figure of a chat counts on the day it started.
 */

/** Longest period one `insights-get` may ask for, in days (inclusive of both ends). */
export const INSIGHTS_DAYS_MAX = 400;
/** Agents one answer lists. */
export const INSIGHTS_AGENTS_MAX = 1_000;

const Ref = v.optional(v.pipe(v.string(), v.maxLength(64)));
const Count = whole();
/** A duration in ms, or null when the period holds no sample. */
const Ms = v.nullable(whole());
/** Ratings by score: [how many 1s, 2s, 3s, 4s, 5s]. */
export const RatingCounts = v.tuple([Count, Count, Count, Count, Count]);
export type RatingCounts = v.InferOutput<typeof RatingCounts>;
const Avg = v.nullable(v.pipe(v.number(), v.finite(), v.minValue(1), v.maxValue(5)));

/** One day of the period (the workspace's zone): every day of the period has one, with zeros when nothing happened. */
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

/** One agent's figures over the period (the chats they handled: the first to reply, else the last assignee). */
export const InsightsAgent = v.strictObject({
  id: Id,
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
/** Conversations started, [weekday Mon=0..Sun=6][hour 0..23], in the workspace's zone. */
export const Heat = v.pipe(v.array(HourRow), v.length(7));

export const InsightsTotals = v.strictObject({
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
});
export type InsightsTotals = v.InferOutput<typeof InsightsTotals>;

export const Insights = v.strictObject({
  timeZone: str(64),
  from: CalendarDate,
  to: CalendarDate,
  days: list(InsightsDay, INSIGHTS_DAYS_MAX),
  agents: list(InsightsAgent, INSIGHTS_AGENTS_MAX),
  heat: Heat,
  totals: InsightsTotals,
});
export type Insights = v.InferOutput<typeof Insights>;

/** Days from `from` to `to`, both counted ('2026-01-01'..'2026-01-01' is 1); negative when `to` is before `from`. */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / 86_400_000) + 1;
}

/**
 * admins and agents with manage live chat → workspace: the figures of `from`..`to` (inclusive, the workspace's
 * zone, at most INSIGHTS_DAYS_MAX days). Answered with `insights`.
 */
export const InsightsGet = v.strictObject({ type: v.literal('insights-get'), ref: Ref, from: CalendarDate, to: CalendarDate });
export type InsightsGet = v.InferOutput<typeof InsightsGet>;
/** The period's length is right (1..INSIGHTS_DAYS_MAX days); else the room refuses with problem `insights-range`. */
export const insightsRangeOk = (from: string, to: string) => {
  const n = daysBetween(from, to);
  return n >= 1 && n <= INSIGHTS_DAYS_MAX;
};
export const INSIGHTS_RANGE_PROBLEM = { code: 'insights-range', params: { max: INSIGHTS_DAYS_MAX } } as const;
export const InsightsFrame = v.strictObject({ type: v.literal('insights'), ref: Ref, insights: Insights });

// ---- conversation → workspace: one chat's facts (rides on every `conversation-changed` report) ----------------

/** Scores a visitor gives. */
export const RatingScore = whole(1, 5);

/**
 * What a chat amounts to so far, whole (not a change): a report sent twice, late, or out of order gives the
 * same figures, because the workspace replaces the chat's previous contribution with this one.
 */
export const ChatFacts = v.strictObject({
  v: v.literal(1),
  startedAt: Timestamp,
  /** First time an agent had the chat (a claim, or routing dealing it). */
  claimedAt: v.optional(Timestamp),
  /** First message of a person on the team. */
  firstReplyAt: v.optional(Timestamp),
  /** The wait ran out with nobody having replied. */
  missedAt: v.optional(Timestamp),
  /** Who handled it: the first agent to reply, else the agent it is (or was last) assigned to. */
  agent: v.optional(AgentRef),
  lead: v.optional(v.literal(true)),
  deal: v.optional(v.literal(true)),
  rating: v.optional(RatingScore),
});
export type ChatFacts = v.InferOutput<typeof ChatFacts>;
