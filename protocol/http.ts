import * as v from 'valibot';
import { AgentRef, Answers, ConversationSummary, EmailKind, NAME_MAX, QueuePosition, RecordRef, TranscriptLine, VisitorContext } from './model';
import { list, name, ServerId, str, Timestamp, whole } from './bounds';
import { RICH_TEXT_MAX } from './richtext';
import { Limits } from './version';
import { Card, CrmItem, Id } from './playbook';
import { AgentPublic } from './workspace';
import { Details } from './details';
import { CrmTarget, RecordOutcome } from './crm';
import { HoursAnswer, ReassignAfterSec, RenotifyEverySec, RoutingMode } from './routing';
import { VisitorId, VisitorIdentity } from './identity';
import { VisitorKeys } from './history';
import { VisitStart } from './trail';

// ---- public endpoints the widget calls (CORS, no auth) -----------------------------------------
// GET  /parties/workspace/<ws>/widget/<playbookId>     → WidgetConfig
// POST /parties/workspace/<ws>/conversations            CreateConversationRequest → CreateConversationResponse
// POST /parties/workspace/<ws>/offline                  OfflineSubmission → OfflineResult
// POST /parties/workspace/<ws>/identify                 IdentifyRequest → IdentifyResult (protocol/identity.ts)

/** The playbook as the widget runs it: no allow list, no revision. */
export const PublicPlaybook = v.strictObject({
  id: Id,
  name: str(200),
  botName: name(NAME_MAX),
  botAvatar: v.optional(str(2_000)),
  color: str(7),
  cards: list(Card, 100),
});
export type PublicPlaybook = v.InferOutput<typeof PublicPlaybook>;

export const WidgetConfig = v.strictObject({
  playbook: PublicPlaybook,
  /** An agent is online and this playbook may run live chat on the requesting origin. */
  available: v.boolean(),
  /** Why live chat is not offered, when it is not (`closed`: outside business hours). */
  reason: v.optional(v.picklist(['nobody-online', 'origin-not-allowed', 'not-installed', 'closed'])),
  /** The workspace's business hours now. Outside them the widget goes straight to the offline flow. */
  hours: HoursAnswer,
});
export type WidgetConfig = v.InferOutput<typeof WidgetConfig>;

export const CreateConversationRequest = v.strictObject({
  playbookId: Id,
  transcript: v.pipe(v.array(TranscriptLine), v.maxLength(100)),
  answers: Answers,
  context: VisitorContext,
  /** The widget's anonymous id for this browser (kept per workspace): previous conversations, blocks. */
  visitorId: v.optional(VisitorId),
});
export type CreateConversationRequest = v.InferOutput<typeof CreateConversationRequest>;
export const CreateConversationResponse = v.strictObject({
  conversationId: ServerId,
  visitorToken: str(2_000),
  waitUntil: Timestamp,
});
export type CreateConversationResponse = v.InferOutput<typeof CreateConversationResponse>;

/** What the offline flow collected. Names (person, company) refuse control and text-direction characters. */
const OfflineContactFields = v.strictObject({
  name: v.optional(name(200)),
  email: v.optional(str(254)),
  phone: v.optional(str(40)),
  company: v.optional(name(200)),
});

export const OfflineSubmission = v.strictObject({
  playbookId: Id,
  /** Idempotency key made by the widget: a resubmission creates nothing twice. */
  submissionId: v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{8,64}$/)),
  /** The missed conversation this follows, with its visitor token as proof: the contact then reaches that chat. */
  conversationId: v.optional(ServerId),
  visitorToken: v.optional(str(2_000)),
  contact: OfflineContactFields,
  qualified: v.optional(v.boolean()),
  create: list(CrmItem, 3),
  transcript: v.pipe(v.array(TranscriptLine), v.maxLength(200)),
  answers: Answers,
  context: VisitorContext,
});
export type OfflineSubmission = v.InferOutput<typeof OfflineSubmission>;
export const OfflineResult = v.strictObject({ ok: v.literal(true), accepted: whole(0, 100) });

// ---- agent session (credential → short-lived token) --------------------------------------------
// POST /parties/workspace/<ws>/session   SessionRequest → SessionResponse

export const SessionRequest = v.strictObject({ credential: v.pipe(v.string(), v.maxLength(200)) });
export const SessionResponse = v.strictObject({ token: str(2_000), expiresAt: Timestamp, agent: AgentPublic });
export type SessionResponse = v.InferOutput<typeof SessionResponse>;

/** POST /parties/workspace/<ws>/setup with header `x-baton-setup-key`: the first admin of an empty workspace. */
export const SetupRequest = v.strictObject({
  name: v.pipe(name(100), v.minLength(1)),
  email: v.pipe(str(254), v.email()),
  demoPlaybook: v.optional(v.boolean()),
  /** Origins the demo playbook may run on. */
  allowedOrigins: v.optional(v.pipe(v.array(v.pipe(v.string(), v.regex(/^https?:\/\/[a-z0-9.-]+(:\d{1,5})?$/i))), v.maxLength(20))),
});
export const SetupResponse = v.strictObject({ agent: AgentPublic, credential: str(200), playbookId: v.optional(Id) });
export type SetupResponse = v.InferOutput<typeof SetupResponse>;

// ---- room ↔ room (signed with the server secret, header `x-baton-signature`) -------------------

/** How one chat is dealt and escalated (copied from its live chat card when it is created). */
export const ChatRouting = v.strictObject({
  mode: RoutingMode,
  team: v.optional(Id),
  renotifyEverySec: v.optional(RenotifyEverySec),
  reassignAfterSec: v.optional(ReassignAfterSec),
});
export type ChatRouting = v.InferOutput<typeof ChatRouting>;

/** workspace → conversation: create the room's state. */
export const InitConversation = v.strictObject({
  type: v.literal('init'),
  conversationId: ServerId,
  workspaceId: ServerId,
  playbookId: Id,
  botName: name(NAME_MAX),
  transcript: list(TranscriptLine, 200),
  answers: Answers,
  context: VisitorContext,
  waitSeconds: whole(0, 24 * 3600),
  offlineMessage: str(RICH_TEXT_MAX),
  createdAt: Timestamp,
  /** The details panel to start with: what the bot's capture cards collected (name, email, phone, company). */
  details: v.optional(Details),
  /** The live chat card's routing and escalation settings, and the chat's team. Absent: manual, no reminders. */
  routing: v.optional(ChatRouting),
  /** Routing gave the chat to this agent as it arrived: the room starts it active, theirs. */
  assignee: v.optional(AgentRef),
  /** The allowed site (origin) the widget created it from: the page trail keeps that site's pages only. */
  origin: v.optional(str(300)),
  /** The widget's anonymous visitor id (CreateConversationRequest.visitorId). */
  visitorId: v.optional(VisitorId),
  /** The salted hash of the visitor's address (blocks): kept with the chat's visitor keys. */
  address: v.optional(str(100)),
  /** The workspace's `Typing preview` when the chat began: the visitor's drafts reach its agents. */
  typingPreview: v.optional(v.literal(true)),
  /** The chat this one continues: the visitor answered an email of that (closed) chat. */
  linkedFrom: v.optional(ServerId),
  /** The visitor's email, carried from the chat it continues. */
  email: v.optional(str(254)),
});
export type InitConversation = v.InferOutput<typeof InitConversation>;
/** workspace → conversation: wake up (re-arms the wait-time alarm) and return your summary. */
export const WakeConversation = v.strictObject({ type: v.literal('wake') });
/** workspace → conversation: a lead or deal kept pending was created, or failed for good. */
export const RecordResult = v.strictObject({
  type: v.literal('record-result'),
  kind: v.picklist(['lead', 'deal']),
  outcome: RecordOutcome,
});
/** workspace → conversation: the visitor of this (missed) chat left contact details in the offline flow. */
export const OfflineContact = v.strictObject({
  type: v.literal('offline-contact'),
  submissionId: str(64),
  contact: OfflineContactFields,
});
/**
 * workspace → conversation: an agent was revoked or changed role. The room closes a revoked agent's sockets
 * (their chat goes back to Unassigned, `by` the admin) and applies a new role to the agent's open sockets.
 */
export const AgentChanged = v.strictObject({ type: v.literal('agent-changed'), agent: AgentPublic, by: v.nullable(AgentRef) });
/**
 * workspace → conversation: routing deals this chat to `agent`. The room decides (claims stay atomic): it takes
 * the chat only while nobody has it; either way it answers `RouteAnswer`.
 */
export const RouteAssign = v.strictObject({ type: v.literal('route-assign'), agent: AgentRef });
export const RouteAnswer = v.strictObject({ assigned: v.boolean(), conversation: ConversationSummary, rev: whole() });
/** workspace → conversation: the chat's place in the queue (null: out of it). `rev` grows: an older one is ignored. */
export const QueuePlace = v.strictObject({ type: v.literal('queue-position'), position: v.nullable(QueuePosition), rev: whole() });
/** workspace → conversation: the visitor identified themselves (checked: verified, or their own claim). */
export const IdentifyVisitor = v.strictObject({ type: v.literal('identify'), identity: VisitorIdentity });
/** workspace → conversation: how an email of this chat ended (its timeline says so). `to` is masked. */
export const EmailResult = v.strictObject({
  type: v.literal('email-result'),
  key: str(300),
  kind: EmailKind,
  to: str(254),
  status: v.picklist(['sent', 'failed', 'uncertain']),
  reason: v.optional(str(2_000)),
});
/** workspace → conversation: the visitor answered one of this chat's emails (token checked). Answered `EmailReplyAnswer`. */
export const EmailReply = v.strictObject({ type: v.literal('email-reply'), from: str(254), text: str(Limits.messageChars), messageId: str(200) });
/** What a closed chat gives the chat that continues it. */
export const ConversationSeed = v.strictObject({
  playbookId: Id,
  botName: name(NAME_MAX),
  context: VisitorContext,
  waitSeconds: whole(0, 24 * 3600),
  offlineMessage: str(RICH_TEXT_MAX),
  details: Details,
  routing: v.optional(ChatRouting),
  visitorId: v.optional(VisitorId),
  address: v.optional(str(100)),
  origin: v.optional(str(300)),
  email: str(254),
});
export type ConversationSeed = v.InferOutput<typeof ConversationSeed>;
/** `posted`: it is the visitor's message now; `mismatch`: not from the chat's address (nothing changed); `closed`: start a linked chat from `seed`. */
export const EmailReplyAnswer = v.variant('status', [
  v.strictObject({ status: v.literal('posted') }),
  v.strictObject({ status: v.literal('mismatch') }),
  v.strictObject({ status: v.literal('closed'), seed: ConversationSeed }),
]);
export type EmailReplyAnswer = v.InferOutput<typeof EmailReplyAnswer>;
/** workspace → conversation: the visitor unsubscribed (the link of one of its emails). */
export const EmailStop = v.strictObject({ type: v.literal('email-stop') });
export const ConversationInternal = v.variant('type', [InitConversation, WakeConversation, RecordResult, OfflineContact, AgentChanged, RouteAssign, QueuePlace, IdentifyVisitor, EmailResult, EmailReply, EmailStop]);

/** conversation → workspace: status, assignee, last message or unread changed. */
export const ConversationChanged = v.strictObject({
  type: v.literal('conversation-changed'),
  conversation: ConversationSummary,
  /** Set when the change is a new visitor message (for the new-message notification). */
  visitorMessage: v.optional(str(Limits.messageChars)),
  /** The agent whose action caused the change (not notified about it). */
  actorId: v.optional(ServerId),
  /** Bumped by the room on every report: the workspace ignores a report older than what it holds. */
  rev: v.optional(whole()),
  /** The agent routing gave the chat to did not reply in time: the next deal skips them. */
  noReply: v.optional(ServerId),
  /** Who the visitor is, for `Previous conversations` (never sent to agents). */
  keys: v.optional(VisitorKeys),
});
/** conversation → workspace: remind the agents of this chat (`Re-notify every`): its assignee, or who could take it. */
export const Renotify = v.strictObject({ type: v.literal('renotify'), conversationId: ServerId });
/** conversation → workspace: who is this agent (for reassign). */
export const AgentLookup = v.strictObject({
  type: v.literal('agent-lookup'),
  agentId: ServerId,
  /** The conversation asking (an agent is joining it): told if that agent is revoked while the socket lives. */
  conversationId: v.optional(ServerId),
});
/** conversation → workspace: create a lead or deal from the details (built-in store or CRM). */
export const RecordCreate = v.strictObject({
  type: v.literal('record-create'),
  conversationId: ServerId,
  kind: v.picklist(['lead', 'deal']),
  details: Details,
  visitorName: name(NAME_MAX),
  /** Retry a failed create instead of answering its stored outcome. */
  retry: v.optional(v.boolean()),
  /** The person (and organization) an earlier create of this chat made or found, in that CRM: reused first. */
  known: v.optional(v.strictObject({ crm: CrmTarget, person: RecordRef, organization: v.optional(RecordRef) })),
  /** Where the visit began (the chat's `context.visit`): carried into the note and, where the CRM has room, the item. */
  visit: v.optional(VisitStart),
});
export const RecordCreated = v.strictObject({ record: RecordRef });

/** conversation → workspace: what the email settings allow now. Answered `EmailPolicy`. */
export const EmailPolicyGet = v.strictObject({ type: v.literal('email-policy') });
export const EmailPolicy = v.strictObject({
  on: v.boolean(),
  delayMs: whole(0, 24 * 3600_000),
  unseenReplies: v.boolean(),
  transcriptOnRequest: v.boolean(),
  transcriptAtClose: v.boolean(),
  missedNotice: v.boolean(),
});
export type EmailPolicy = v.InferOutput<typeof EmailPolicy>;
export const EmailLine = v.strictObject({ from: v.picklist(['visitor', 'agent', 'bot']), name: str(NAME_MAX), text: str(Limits.messageChars), at: Timestamp });
/** Lines one email carries at most. */
export const EMAIL_LINES_MAX = 500;
/**
 * conversation → workspace: queue an email (stored before it is sent; `key` makes a repeat harmless). Answered
 * `{ queued: true }`, or refused `unavailable` with problem `email-off`.
 */
export const EmailRequest = v.strictObject({
  type: v.literal('email-request'),
  conversationId: ServerId,
  key: str(300),
  kind: EmailKind,
  to: str(254),
  lang: v.picklist(['en', 'fr']),
  timeZone: v.optional(str(64)),
  lines: list(EmailLine, EMAIL_LINES_MAX),
  /** Older messages were left out (the lines are the newest that fit EMAIL_BYTES_MAX). */
  omitted: v.optional(v.literal(true)),
});
/** UTF-8 bytes of message text one email carries at most (it is stored whole in one storage value before sending). */
export const EMAIL_BYTES_MAX = 90_000;
export type EmailRequest = v.InferOutput<typeof EmailRequest>;
export const WorkspaceInternal = v.variant('type', [ConversationChanged, AgentLookup, RecordCreate, Renotify, EmailPolicyGet, EmailRequest]);
export type WorkspaceInternal = v.InferOutput<typeof WorkspaceInternal>;

