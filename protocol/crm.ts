import * as v from 'valibot';
import { RecordRef } from './model';
import { list, ServerId, str, Timestamp, whole } from './bounds';
import { says } from './problems';

const Ref = v.optional(v.pipe(v.string(), v.maxLength(64)));

// ---- settings -------------------------------------------------------------------------------

/** Pipedrive company domain: `acme` for acme.pipedrive.com (a pasted URL is reduced to it). */
export const PipedriveDomain = v.pipe(
  v.string(),
  v.trim(),
  v.toLowerCase(),
  v.transform((s) => s.replace(/^https?:\/\//, '').replace(/\.pipedrive\.com\/?.*$/, '')),
  v.regex(/^[a-z0-9][a-z0-9-]{0,62}$/, says({ code: 'pipedrive-domain' })),
);
/** Pipedrive personal API token (Settings › Personal preferences › API). */
export const PipedriveToken = v.pipe(v.string(), v.trim(), v.regex(/^[A-Za-z0-9_-]{16,128}$/, says({ code: 'pipedrive-token' })));
export const WebhookUrl = v.pipe(v.string(), v.trim(), v.url(says({ code: 'url-full' })), v.regex(/^https?:\/\//, says({ code: 'url-http' })), v.maxLength(2_000));
export const WebhookSecret = v.pipe(v.string(), v.minLength(16, says({ code: 'too-short', params: { min: 16 } })), v.maxLength(200));

/**
 * Sent by an admin to choose the CRM. A secret left out keeps the stored one, so the options page
 * never needs to hold it after saving.
 */
export const CrmSettingsInput = v.variant('kind', [
  v.strictObject({ kind: v.literal('builtin') }),
  v.strictObject({ kind: v.literal('pipedrive'), domain: PipedriveDomain, apiToken: v.optional(PipedriveToken) }),
  v.strictObject({ kind: v.literal('webhook'), url: WebhookUrl, secret: v.optional(WebhookSecret) }),
]);
export type CrmSettingsInput = v.InferOutput<typeof CrmSettingsInput>;

/** The settings as any agent sees them: secrets are never sent back, only whether one is stored. */
export const CrmSettingsView = v.variant('kind', [
  v.strictObject({ kind: v.literal('builtin') }),
  v.strictObject({ kind: v.literal('pipedrive'), domain: str(100), tokenSet: v.boolean() }),
  v.strictObject({ kind: v.literal('webhook'), url: str(2_000), secretSet: v.boolean() }),
]);
export type CrmSettingsView = v.InferOutput<typeof CrmSettingsView>;

/**
 * `settings` as a frame carries it: only "an object" is checked when the frame is decoded. The room checks it
 * with `CrmSettingsInput` itself (party/crm/settings.ts `parseSettings`), so that every `crm-save` / `crm-test`
 * refusal names the form's own fields (`domain`, `apiToken`, `url`, `secret`), as the room's other checks do,
 * rather than the decoder's `settings.domain`. The output is `unknown` so the room cannot skip that check.
 */
const SettingsOnWire = v.pipe(
  v.custom<v.InferInput<typeof CrmSettingsInput>>((x) => typeof x === 'object' && x !== null && !Array.isArray(x), says({ code: 'settings-object' })),
  v.transform((x): unknown => x),
);

// ---- records and intents --------------------------------------------------------------------

export const RecordKind = v.picklist(['person', 'organization', 'lead', 'deal', 'note', 'activity']);
export type RecordKind = v.InferOutput<typeof RecordKind>;

/** A record of the built-in store. */
export const StoredRecord = v.strictObject({
  kind: RecordKind,
  id: ServerId,
  title: str(500),
  url: v.optional(str(2_000)),
  createdAt: Timestamp,
  data: v.pipe(v.record(str(100), v.unknown()), v.maxEntries(200)),
});
export type StoredRecord = v.InferOutput<typeof StoredRecord>;

export const IntentStatus = v.picklist(['pending', 'created', 'failed']);
export type IntentStatus = v.InferOutput<typeof IntentStatus>;

/** One create as the server keeps it until it is done: stored first, then sent, retried. */
/** Which CRM an id belongs to: ids from one mean nothing to another. */
export const CrmTarget = v.picklist(['builtin', 'pipedrive', 'webhook']);
export type CrmTarget = v.InferOutput<typeof CrmTarget>;
export const IntentView = v.strictObject({
  id: ServerId,
  source: v.picklist(['conversation', 'offline']),
  conversationId: v.optional(ServerId),
  /** What it creates in the end (lead, deal, or for the offline flow the first item). */
  item: v.picklist(['lead', 'deal', 'activity']),
  title: str(500),
  target: v.picklist(['builtin', 'pipedrive', 'webhook']),
  status: IntentStatus,
  attempts: whole(),
  /** When the next attempt runs (pending only). */
  nextAt: v.nullable(Timestamp),
  /** Why the last attempt failed. Never carries a token. */
  lastError: v.nullable(str(2_000)),
  /** Steps done so far (person, organization, lead...): a retry reuses them. */
  done: list(RecordRef, 20),
  result: v.nullable(RecordRef),
  createdAt: Timestamp,
  updatedAt: Timestamp,
});
export type IntentView = v.InferOutput<typeof IntentView>;

/** Answer of the workspace room to `record-create`: created now, kept and retried, or refused for good. */
export const RecordOutcome = v.variant('status', [
  v.strictObject({
    status: v.literal('created'),
    record: RecordRef,
    /** The CRM person (and organization) the item hangs on, and which CRM: the chat links to that person and reuses it. */
    person: v.optional(RecordRef),
    organization: v.optional(RecordRef),
    crm: v.optional(CrmTarget),
  }),
  v.strictObject({ status: v.literal('pending'), reason: v.optional(str(2_000)), nextAt: v.optional(Timestamp) }),
  v.strictObject({ status: v.literal('failed'), reason: str(2_000) }),
]);
export type RecordOutcome = v.InferOutput<typeof RecordOutcome>;

// ---- agent → conversation room ---------------------------------------------------------------

/** Retry a lead or deal whose creation failed (the timeline's Retry button). Steps already done are kept. */
export const RetryRecord = v.strictObject({ type: v.literal('retry-record'), ref: Ref, kind: v.picklist(['lead', 'deal']) });

// ---- agent → workspace room ------------------------------------------------------------------

/** Ask for the CRM settings (any agent; secrets redacted). Answered `crm-settings`. */
export const CrmGet = v.strictObject({ type: v.literal('crm-get'), ref: Ref });
/** Admins: choose and configure the CRM. Answered `ok`; every agent gets the new `crm-settings`. */
export const CrmSave = v.strictObject({ type: v.literal('crm-save'), ref: Ref, settings: SettingsOnWire });
/** Admins: check settings (the given ones, or the stored ones) without saving. Answered `crm-test-result`. */
export const CrmTest = v.strictObject({ type: v.literal('crm-test'), ref: Ref, settings: v.optional(SettingsOnWire) });
/** The storage key a `records` page ended on; passed back as is to get the next page. */
export const RecordsCursor = v.pipe(v.string(), v.maxLength(200), v.regex(/^rec:/, says({ code: 'records-cursor' })));
/**
 * Admins: a page of built-in records, newest first. `cursor` is the one the last `records` frame gave (exact,
 * even when many records share a millisecond). `before` (a `createdAt`, exclusive) is the older way, kept
 * for compatibility: it skips records of that millisecond that did not fit the page. Answered `records`.
 */
export const RecordsList = v.strictObject({
  type: v.literal('records-list'),
  ref: Ref,
  kind: v.optional(RecordKind),
  cursor: v.optional(RecordsCursor),
  before: v.optional(Timestamp),
  limit: v.optional(whole(1, 500)),
});
/** Admins: every built-in record as a file. Answered `records-export`. Also over HTTP, see docs/crm.md. */
export const RecordsExport = v.strictObject({ type: v.literal('records-export'), ref: Ref, format: v.picklist(['csv', 'json']) });
/** Admins: the CRM queue (pending and failed creates, newest first). Answered `crm-intents`. */
export const CrmIntentsGet = v.strictObject({ type: v.literal('crm-intents-get'), ref: Ref });
/** Admins: retry a failed (or hurry a pending) create now. Answered `ok`. */
export const CrmRetry = v.strictObject({ type: v.literal('crm-retry'), ref: Ref, id: v.pipe(v.string(), v.maxLength(200)) });

/** Longest records file the room sends over a socket (a Cloudflare WebSocket message is at most 1 MiB; larger exports go over HTTP). */
export const RECORDS_EXPORT_CHARS = 50_000_000;

// ---- workspace room → agents -----------------------------------------------------------------

export const CrmSettingsFrame = v.strictObject({ type: v.literal('crm-settings'), ref: v.optional(str(200)), settings: CrmSettingsView });
export const CrmTestResult = v.strictObject({
  type: v.literal('crm-test-result'),
  ref: v.optional(str(200)),
  ok: v.boolean(),
  message: str(2_000),
});
/** A page of records; when `more`, `cursor` is what to send for the next one. */
export const RecordsFrame = v.strictObject({
  type: v.literal('records'),
  ref: v.optional(str(200)),
  records: list(StoredRecord, 500),
  more: v.boolean(),
  cursor: v.optional(str(200)),
});
export const RecordsExportFrame = v.strictObject({
  type: v.literal('records-export'),
  ref: v.optional(str(200)),
  format: v.picklist(['csv', 'json']),
  filename: str(200),
  content: str(RECORDS_EXPORT_CHARS),
});
export const CrmIntentsFrame = v.strictObject({ type: v.literal('crm-intents'), ref: v.optional(str(200)), intents: list(IntentView, 1_000) });
/** Sent to admins whenever a create changes state. */
export const CrmIntentFrame = v.strictObject({ type: v.literal('crm-intent'), intent: IntentView });
