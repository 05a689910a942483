import * as v from 'valibot';
import { list, ServerId, str, Timestamp, whole } from './bounds';
import { Details } from './details';
import { AgentRef, ConversationSummary, ConversationView, Entry } from './model';
import { PageView, TRAIL_MAX } from './trail';
import { Limits } from './version';

/*
 * Data lifecycle (issue 17): admins export conversations (one, or all in pages), delete everything about one
 * visitor (a GDPR request) with a record that it happened, and set how long closed conversations are kept.
 * The workspace room knows the conversations; each conversation room hands over (or deletes) its own log.
 */

const Ref = v.optional(v.pipe(v.string(), v.maxLength(64)));

/** One conversation as exported: what its agents see (state, details, every entry, the page trail). */
export const ExportedConversation = v.strictObject({
  conversation: ConversationView,
  details: Details,
  entries: list(Entry, Limits.conversationEntries * 4),
  trail: list(PageView, TRAIL_MAX),
});
export type ExportedConversation = v.InferOutput<typeof ExportedConversation>;

/** Conversations one export page carries at most (a page is also cut by size: see party/workspace/data-export.ts). */
export const EXPORT_PAGE_MAX = 25;

/**
 * Admins: one page of the export, oldest conversation first; `conversationId` for that one only, `cursor` from
 * the previous page. Answered `ok`, then `conversations-export`.
 */
export const ConversationsExport = v.strictObject({ type: v.literal('conversations-export'), ref: Ref, conversationId: v.optional(ServerId), cursor: v.optional(str(300)) });
/** workspace → the asking admin: a page; `cursor` null when it was the last. `total`: conversations in the whole export. */
export const ConversationsExportFrame = v.strictObject({
  type: v.literal('conversations-export'),
  ref: v.optional(str(200)),
  conversations: list(ExportedConversation, EXPORT_PAGE_MAX),
  cursor: v.nullable(str(300)),
  total: whole(),
});

/** A visitor as an admin names them in a deletion request: their anonymous visitor id, verified user id, or email. */
export const VisitorQuery = v.pipe(v.string(), v.trim(), v.minLength(1), v.maxLength(254));

/** Admins: what a deletion for this visitor would delete. Answered `ok`, then `visitor-found`. */
export const VisitorFind = v.strictObject({ type: v.literal('visitor-find'), ref: Ref, query: VisitorQuery });
export const VisitorFound = v.strictObject({
  type: v.literal('visitor-found'),
  ref: v.optional(str(200)),
  query: str(254),
  conversations: list(ConversationSummary, 10_000),
  /** Offline-form submissions (CRM creates with no conversation) of this email. */
  offline: whole(),
});

/**
 * Admins: delete everything about this visitor in every room (their conversations, details, trail, the index and
 * history keys, CRM queue entries, built-in CRM items linked only to them, blocks of them). Answered `ok`, then
 * `visitor-erased` (and every admin gets `erasures`).
 */
export const VisitorErase = v.strictObject({ type: v.literal('visitor-erase'), ref: Ref, query: VisitorQuery });

/** The record that a deletion happened: who, when, what was deleted, and a hash that identifies nobody. */
export const ErasureView = v.strictObject({
  id: ServerId,
  at: Timestamp,
  by: AgentRef,
  /** HMAC-SHA256 of the request (server secret as key): the same request gives the same hash, the hash gives no one away. */
  subject: str(64),
  conversations: whole(),
  records: whole(),
  intents: whole(),
  blocks: whole(),
  /** Conversation rooms that could not be reached (run the deletion again: it resumes). */
  failed: whole(),
});
export type ErasureView = v.InferOutput<typeof ErasureView>;
export const ERASURES_MAX = 1_000;
export const VisitorErased = v.strictObject({ type: v.literal('visitor-erased'), ref: v.optional(str(200)), erasure: ErasureView });
/** Admins: the deletion log, newest first (answered `erasures` with the ref). */
export const ErasuresGet = v.strictObject({ type: v.literal('erasures-get'), ref: Ref });
export const ErasuresFrame = v.strictObject({ type: v.literal('erasures'), ref: v.optional(str(200)), erasures: list(ErasureView, ERASURES_MAX) });

/** Closed conversations are deleted this many days after they closed; null: kept (the default). */
export const RetentionDays = v.nullable(whole(1, 3650));
export const RetentionView = v.strictObject({
  days: RetentionDays,
  /** The last sweep that finished, and what it deleted. */
  lastRunAt: v.nullable(Timestamp),
  lastDeleted: whole(),
  /** A sweep is under way (it goes on in batches, and after a restart). */
  running: v.boolean(),
});
export type RetentionView = v.InferOutput<typeof RetentionView>;
export const RetentionGet = v.strictObject({ type: v.literal('retention-get'), ref: Ref });
/** Admins: every admin gets the new `retention` frame. */
export const RetentionSave = v.strictObject({ type: v.literal('retention-save'), ref: Ref, days: RetentionDays });
/** To the asking admin (with its ref), and to every admin after a change or a sweep. */
export const RetentionFrame = v.strictObject({ type: v.literal('retention'), ref: v.optional(str(200)), retention: RetentionView });

/** workspace → conversation: everything this room holds, for an export. */
export const ExportConversation = v.strictObject({ type: v.literal('export') });
/**
 * workspace → conversation: delete everything this room stores (and close its sockets). With `closedBefore`
 * (retention), only a chat closed before that time: any other is left as it is and answers `erased: false`.
 */
export const EraseConversation = v.strictObject({ type: v.literal('erase'), closedBefore: v.optional(Timestamp) });
