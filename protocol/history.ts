import * as v from 'valibot';
import { list, ServerId, str } from './bounds';
import { ConversationSummary } from './model';
import { USER_ID_MAX, VisitorId } from './identity';

/*
 * `Previous conversations`: the chats of the same visitor in the same workspace. Who is "the same visitor" is
 * decided by the workspace room from each chat's keys (party/workspace/history.ts): the same verified user id;
 * else, for a visitor the site did not vouch for, the same browser (the widget's anonymous visitor id) or the
 * same email. Keys stay between the rooms: agents get only the matching chats.
 */

/** Previous conversations one answer carries, newest first. */
export const HISTORY_MAX = 20;

/** conversation → workspace (with each report): what identifies the chat's visitor. */
export const VisitorKeys = v.strictObject({
  /** The site's user id, only when verified. */
  userId: v.optional(str(USER_ID_MAX)),
  visitorId: v.optional(VisitorId),
  /** Lower-cased. */
  email: v.optional(str(254)),
  /** The salted hash of the address the chat was created from (blocks; party/workspace/blocks.ts). */
  address: v.optional(str(100)),
  /** CRM items created from the chat (its outcome). */
  records: v.optional(list(v.picklist(['lead', 'deal']), 2)),
});
export type VisitorKeys = v.InferOutput<typeof VisitorKeys>;

/** How a previous chat ended (or stands): a deal or lead made from it, else its status. */
export const HistoryOutcome = v.picklist(['deal', 'lead', 'closed', 'missed', 'open']);
export type HistoryOutcome = v.InferOutput<typeof HistoryOutcome>;
export const HistoryItem = v.strictObject({ conversation: ConversationSummary, outcome: HistoryOutcome });
export type HistoryItem = v.InferOutput<typeof HistoryItem>;

/** agent → workspace: the previous conversations of this chat's visitor (answered with `history`, then `ok`). */
export const HistoryGet = v.strictObject({ type: v.literal('history-get'), ref: v.optional(v.pipe(v.string(), v.maxLength(64))), conversationId: ServerId });
/** workspace → that agent: newest first, at most HISTORY_MAX, only chats the agent may see. */
export const HistoryFrame = v.strictObject({ type: v.literal('history'), conversationId: ServerId, conversations: list(HistoryItem, HISTORY_MAX) });
