import * as v from 'valibot';
import { AgentRef, Answers, ConversationSummary, RecordRef, TranscriptLine, VisitorContext } from './model';
import { Card, CrmItem, Id } from './playbook';
import { AgentPublic } from './workspace';
import { Details } from './details';
import { RecordOutcome } from './crm';

// ---- public endpoints the widget calls (CORS, no auth) -----------------------------------------
// GET  /parties/workspace/<ws>/widget/<playbookId>     → WidgetConfig
// POST /parties/workspace/<ws>/conversations            CreateConversationRequest → CreateConversationResponse
// POST /parties/workspace/<ws>/offline                  OfflineSubmission → OfflineResult

/** The playbook as the widget runs it: no allow list, no revision. */
export const PublicPlaybook = v.strictObject({
  id: v.string(),
  name: v.string(),
  botName: v.string(),
  botAvatar: v.optional(v.string()),
  color: v.string(),
  cards: v.array(Card),
});
export type PublicPlaybook = v.InferOutput<typeof PublicPlaybook>;

export const WidgetConfig = v.strictObject({
  playbook: PublicPlaybook,
  /** An agent is online and this playbook may run live chat on the requesting origin. */
  available: v.boolean(),
  /** Why live chat is not offered, when it is not. */
  reason: v.optional(v.picklist(['nobody-online', 'origin-not-allowed', 'not-installed'])),
});
export type WidgetConfig = v.InferOutput<typeof WidgetConfig>;

export const CreateConversationRequest = v.strictObject({
  playbookId: Id,
  transcript: v.pipe(v.array(TranscriptLine), v.maxLength(100)),
  answers: Answers,
  context: VisitorContext,
});
export type CreateConversationRequest = v.InferOutput<typeof CreateConversationRequest>;
export const CreateConversationResponse = v.strictObject({
  conversationId: v.string(),
  visitorToken: v.string(),
  waitUntil: v.number(),
});
export type CreateConversationResponse = v.InferOutput<typeof CreateConversationResponse>;

export const OfflineSubmission = v.strictObject({
  playbookId: Id,
  /** Idempotency key made by the widget: a resubmission creates nothing twice. */
  submissionId: v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{8,64}$/)),
  /** The missed conversation this follows, with its visitor token as proof: the contact then reaches that chat. */
  conversationId: v.optional(v.string()),
  visitorToken: v.optional(v.pipe(v.string(), v.maxLength(2_000))),
  contact: v.strictObject({
    name: v.optional(v.pipe(v.string(), v.maxLength(200))),
    email: v.optional(v.pipe(v.string(), v.maxLength(254))),
    phone: v.optional(v.pipe(v.string(), v.maxLength(40))),
    company: v.optional(v.pipe(v.string(), v.maxLength(200))),
  }),
  qualified: v.optional(v.boolean()),
  create: v.array(CrmItem),
  transcript: v.pipe(v.array(TranscriptLine), v.maxLength(200)),
  answers: Answers,
  context: VisitorContext,
});
export type OfflineSubmission = v.InferOutput<typeof OfflineSubmission>;
export const OfflineResult = v.strictObject({ ok: v.literal(true), accepted: v.number() });

// ---- agent session (credential → short-lived token) --------------------------------------------
// POST /parties/workspace/<ws>/session   SessionRequest → SessionResponse

export const SessionRequest = v.strictObject({ credential: v.pipe(v.string(), v.maxLength(200)) });
export const SessionResponse = v.strictObject({ token: v.string(), expiresAt: v.number(), agent: AgentPublic });
export type SessionResponse = v.InferOutput<typeof SessionResponse>;

/** POST /parties/workspace/<ws>/setup with header `x-baton-setup-key`: the first admin of an empty workspace. */
export const SetupRequest = v.strictObject({
  name: v.pipe(v.string(), v.minLength(1), v.maxLength(100)),
  email: v.pipe(v.string(), v.email()),
  demoPlaybook: v.optional(v.boolean()),
  /** Origins the demo playbook may run on. */
  allowedOrigins: v.optional(v.pipe(v.array(v.pipe(v.string(), v.regex(/^https?:\/\/[a-z0-9.-]+(:\d{1,5})?$/i))), v.maxLength(20))),
});
export const SetupResponse = v.strictObject({ agent: AgentPublic, credential: v.string(), playbookId: v.optional(v.string()) });
export type SetupResponse = v.InferOutput<typeof SetupResponse>;

// ---- room ↔ room (signed with the server secret, header `x-baton-signature`) -------------------

/** workspace → conversation: create the room's state. */
export const InitConversation = v.strictObject({
  type: v.literal('init'),
  conversationId: v.string(),
  workspaceId: v.string(),
  playbookId: v.string(),
  botName: v.string(),
  transcript: v.array(TranscriptLine),
  answers: Answers,
  context: VisitorContext,
  waitSeconds: v.number(),
  offlineMessage: v.string(),
  createdAt: v.number(),
  /** The details panel to start with: what the bot's capture cards collected (name, email, phone, company). */
  details: v.optional(Details),
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
  submissionId: v.string(),
  contact: v.strictObject({ name: v.optional(v.string()), email: v.optional(v.string()), phone: v.optional(v.string()), company: v.optional(v.string()) }),
});
/**
 * workspace → conversation: an agent was revoked or changed role. The room closes a revoked agent's sockets
 * (their chat goes back to Unassigned, `by` the admin) and applies a new role to the agent's open sockets.
 */
export const AgentChanged = v.strictObject({ type: v.literal('agent-changed'), agent: AgentPublic, by: v.nullable(AgentRef) });
export const ConversationInternal = v.variant('type', [InitConversation, WakeConversation, RecordResult, OfflineContact, AgentChanged]);

/** conversation → workspace: status, assignee, last message or unread changed. */
export const ConversationChanged = v.strictObject({
  type: v.literal('conversation-changed'),
  conversation: ConversationSummary,
  /** Set when the change is a new visitor message (for the new-message notification). */
  visitorMessage: v.optional(v.string()),
  /** The agent whose action caused the change (not notified about it). */
  actorId: v.optional(v.string()),
  /** Bumped by the room on every report: the workspace ignores a report older than what it holds. */
  rev: v.optional(v.pipe(v.number(), v.integer(), v.minValue(0))),
});
/** conversation → workspace: who is this agent (for reassign). */
export const AgentLookup = v.strictObject({
  type: v.literal('agent-lookup'),
  agentId: v.string(),
  /** The conversation asking (an agent is joining it): told if that agent is revoked while the socket lives. */
  conversationId: v.optional(v.string()),
});
/** conversation → workspace: create a lead or deal from the details (built-in store or CRM). */
export const RecordCreate = v.strictObject({
  type: v.literal('record-create'),
  conversationId: v.string(),
  kind: v.picklist(['lead', 'deal']),
  details: Details,
  visitorName: v.string(),
  /** Retry a failed create instead of answering its stored outcome. */
  retry: v.optional(v.boolean()),
});
export const RecordCreated = v.strictObject({ record: RecordRef });

export const WorkspaceInternal = v.variant('type', [ConversationChanged, AgentLookup, RecordCreate]);
export type WorkspaceInternal = v.InferOutput<typeof WorkspaceInternal>;

