import * as v from 'valibot';
import { Limits } from './version';
import { Id } from './playbook';
import { hasVisible, name, ServerId, str, Timestamp, whole } from './bounds';
import { says } from './problems';
import { RoutingMode } from './routing';
import { VisitorIdentity } from './identity';
import { VisitStart } from './trail';

export const Status = v.picklist(['bot', 'waiting', 'active', 'unassigned', 'missed', 'closed']);
export type Status = v.InferOutput<typeof Status>;

/** A client-made message id: unique per sender, used to store each message once. */
export const ClientId = v.pipe(v.string(), v.regex(/^[A-Za-z0-9_-]{8,64}$/, says({ code: 'message-id' })));

export const MessageText = v.pipe(
  v.string(),
  v.check((s) => s.trim().length > 0, says({ code: 'message-empty' })),
  v.check((s) => s.trim().length === 0 || hasVisible(s), says({ code: 'message-invisible' })),
  v.maxLength(Limits.messageChars, says({ code: 'message-too-long', params: { max: Limits.messageChars } })),
);

/** Longest name (agent, visitor, contact, bot) a room sends. */
export const NAME_MAX = 200;

export const AgentRef = v.strictObject({ id: Id, name: name(NAME_MAX) });
export type AgentRef = v.InferOutput<typeof AgentRef>;

export const Seq = whole();
/** A place in a workspace's queue, 1-based. */
export const QueuePosition = whole(1, 1_000_000);

/** One chat message in the room's log. */
export const MessageEntry = v.strictObject({
  kind: v.literal('message'),
  seq: Seq,
  id: ServerId,
  from: v.picklist(['visitor', 'agent', 'bot']),
  /** The agent's display name or the bot's name. */
  authorName: v.optional(name(NAME_MAX)),
  agentId: v.optional(ServerId),
  text: str(Limits.messageChars),
  at: Timestamp,
  /** A visitor message that came as a reply to one of the chat's emails (agents see a small "by email" mark). */
  via: v.optional(v.literal('email')),
});
export type MessageEntry = v.InferOutput<typeof MessageEntry>;

export const EventKind = v.picklist([
  'created',
  'joined',
  'reassigned',
  'unassigned',
  'missed',
  'closed',
  'lead-created',
  'deal-created',
  'record-failed',
  'record-pending',
  'contact-left',
  'email-queued',
  'email-sent',
  'email-failed',
  'email-uncertain',
  'email-unsubscribed',
]);
export type EventKind = v.InferOutput<typeof EventKind>;

export const RecordRef = v.strictObject({
  kind: v.picklist(['person', 'organization', 'lead', 'deal', 'note', 'activity']),
  id: ServerId,
  title: str(500),
  url: v.optional(str(2_000)),
});
export type RecordRef = v.InferOutput<typeof RecordRef>;

/** Which email an email-* event is about. */
export const EmailKind = v.picklist(['unseen', 'transcript', 'missed']);
export type EmailKind = v.InferOutput<typeof EmailKind>;
/** An email-* event's email: its kind, the masked address (`a***@example.com`), and why it failed. */
export const EmailEventInfo = v.strictObject({ kind: EmailKind, to: str(254), reason: v.optional(str(2_000)) });
export type EmailEventInfo = v.InferOutput<typeof EmailEventInfo>;

/** A timeline event in the room's log (agent joined, reassigned, lead created, closed...). */
export const EventEntry = v.strictObject({
  kind: v.literal('event'),
  seq: Seq,
  id: ServerId,
  event: EventKind,
  at: Timestamp,
  /** Who did it (absent for the system: wait-time expiry). */
  by: v.optional(AgentRef),
  /** The new assignee for joined/reassigned. */
  agent: v.optional(AgentRef),
  record: v.optional(RecordRef),
  /** For lead-created / deal-created: the CRM person it hangs on (one per visitor; reused by later creates). */
  person: v.optional(RecordRef),
  reason: v.optional(str(2_000)),
  /** For record-pending / record-failed: which item (the Retry button sends `retry-record` with it). */
  item: v.optional(v.picklist(['lead', 'deal'])),
  /**
   * Why, when the system did it: `routed` (joined: routing gave the chat to `agent`), `no-reply` (unassigned:
   * the agent routing gave it to did not reply within `Reassign if no reply within`; the next one is dealt).
   */
  cause: v.optional(v.picklist(['routed', 'no-reply'])),
  /** For email-queued / email-sent / email-failed / email-uncertain. */
  email: v.optional(EmailEventInfo),
});
export type EventEntry = v.InferOutput<typeof EventEntry>;

export const Entry = v.variant('kind', [MessageEntry, EventEntry]);
export type Entry = v.InferOutput<typeof Entry>;

/** Events a visitor is shown; the rest (CRM items, who reassigned whom) stay with the agents. */
export const VISITOR_EVENTS: ReadonlySet<EventKind> = new Set(['joined', 'reassigned', 'unassigned', 'missed', 'closed']);
export const visibleToVisitor = (e: Entry) => e.kind === 'message' || VISITOR_EVENTS.has(e.event);

const short = str;

/** What the widget knows about the visitor. */
export const VisitorContext = v.strictObject({
  pageUrl: short(2_000),
  referrer: short(2_000),
  language: short(35),
  userAgent: short(500),
  timezone: v.optional(short(64)),
  title: v.optional(short(300)),
  /** Where the visit began: landing page, referrer and UTM parameters (widgets of protocol 3 on). */
  visit: v.optional(VisitStart),
});
export type VisitorContext = v.InferOutput<typeof VisitorContext>;

/** The bot part of the chat, as the widget ran it. */
export const TranscriptLine = v.strictObject({
  from: v.picklist(['bot', 'visitor']),
  text: short(Limits.messageChars),
  at: Timestamp,
});
export type TranscriptLine = v.InferOutput<typeof TranscriptLine>;
/** The bot's answers, keyed by each card's `saveAs`. Some are names (name and company captures): none may hold control or direction characters. */
export const Answers = v.pipe(v.record(v.pipe(v.string(), v.regex(/^[a-z][a-z0-9_]{0,39}$/)), name(500)), v.maxEntries(50, says({ code: 'too-many-answers' })));
export type Answers = v.InferOutput<typeof Answers>;

/** One row of the inbox, as the workspace room indexes it. */
export const ConversationSummary = v.strictObject({
  id: ServerId,
  playbookId: Id,
  status: Status,
  assignee: v.nullable(AgentRef),
  visitorName: name(NAME_MAX),
  lastMessage: v.nullable(v.strictObject({ from: v.picklist(['visitor', 'agent', 'bot']), text: str(Limits.messageChars), at: Timestamp })),
  /** Visitor messages the agents have not marked seen. */
  unread: whole(),
  createdAt: Timestamp,
  lastActivityAt: Timestamp,
  closedAt: v.nullable(Timestamp),
  /** The team the chat is for (a question's button or the live chat card chose it): while nobody has it, only that team (and admins) see it. */
  team: v.optional(Id),
  /** How the chat is dealt when not `manual` (absent): routing gives it to an agent, or it waits in the queue. */
  routing: v.optional(RoutingMode),
  /** When it was missed (the Missed view: waiting for follow-up until an agent takes it or closes it). */
  missedAt: v.optional(Timestamp),
  /** The site vouched for who the visitor is (identity verification: their `userHash` matched). */
  verified: v.optional(v.literal(true)),
});
export type ConversationSummary = v.InferOutput<typeof ConversationSummary>;

/** The conversation's state as an agent sees it. */
export const ConversationView = v.strictObject({
  ...ConversationSummary.entries,
  workspaceId: ServerId,
  context: VisitorContext,
  answers: Answers,
  waitUntil: v.nullable(Timestamp),
  lastSeq: Seq,
  seen: v.strictObject({ visitor: Seq, agent: Seq }),
  /** What the site said of the visitor (`Baton('identify', …)`): verified, or the visitor's own claim. */
  identity: v.optional(VisitorIdentity),
});
export type ConversationView = v.InferOutput<typeof ConversationView>;

/** The conversation's state as the visitor sees it: no agent ids, no CRM. */
export const VisitorView = v.strictObject({
  id: ServerId,
  status: Status,
  agentName: v.nullable(name(NAME_MAX)),
  closedAt: v.nullable(Timestamp),
  lastSeq: Seq,
  seenByAgent: Seq,
  /** The visitor's place in line while every agent who could take the chat is full ("You are number 2 in line"). */
  position: v.optional(QueuePosition),
  /** Typing preview is on: the team may see what the visitor types before they send it (the widget says so). */
  typingPreview: v.optional(v.literal(true)),
  /** The visitor rated the chat (once, after it closed). */
  rated: v.optional(v.literal(true)),
  /** The chat has an email: "Email me this chat" needs no address. */
  emailKnown: v.optional(v.literal(true)),
});
export type VisitorView = v.InferOutput<typeof VisitorView>;
