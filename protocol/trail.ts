import * as v from 'valibot';
import { list, str, Timestamp } from './bounds';

/*
 * The visitor's page trail: while a chat is open the widget reports the pages they view (a load, and in a
 * single-page app each History API change), in small batches; the conversation room keeps a bounded trail and
 * sends it to agents. The visit's start (landing page, referrer, UTM parameters) rides in the chat's context.
 */

/** Longest page URL and title kept. */
export const PAGE_URL_MAX = 2_000;
export const PAGE_TITLE_MAX = 300;
/** Page views in one `pages` frame, and in one chat's trail (the newest are kept). */
export const PAGES_PER_FRAME_MAX = 20;
export const TRAIL_MAX = 100;

export const PageView = v.strictObject({
  url: str(PAGE_URL_MAX),
  title: v.optional(str(PAGE_TITLE_MAX)),
  /** The visitor's clock: the room clamps it (never before the previous view, never after its own now). */
  at: Timestamp,
});
export type PageView = v.InferOutput<typeof PageView>;

/** visitor → conversation: page views since the last batch. */
export const PagesFrame = v.strictObject({ type: v.literal('pages'), pages: list(PageView, PAGES_PER_FRAME_MAX) });

/** conversation → agents: the chat's whole trail, oldest first (after the welcome and on each change). */
export const TrailFrame = v.strictObject({ type: v.literal('trail'), pages: list(PageView, TRAIL_MAX) });

const UTM = str(200);
/** Where the visit began, as the widget captured it on the visit's first page (kept for 30 minutes of quiet). */
export const VisitStart = v.strictObject({
  landingPage: str(PAGE_URL_MAX),
  referrer: str(PAGE_URL_MAX),
  at: Timestamp,
  utm: v.optional(
    v.strictObject({
      source: v.optional(UTM),
      medium: v.optional(UTM),
      campaign: v.optional(UTM),
      term: v.optional(UTM),
      content: v.optional(UTM),
    }),
  ),
});
export type VisitStart = v.InferOutput<typeof VisitStart>;
