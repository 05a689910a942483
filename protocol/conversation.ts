import * as v from 'valibot';
import { ErrorFrame } from './errors';
import { DetailsPatch, Details, Email } from './details';
import { ClientId, MessageText, Seq, Entry, ConversationView, VisitorView, NAME_MAX, QueuePosition } from './model';
import { list, name, ServerId, Timestamp, whole } from './bounds';
import { Id } from './playbook';
import { RetryRecord } from './crm';
import { Limits } from './version';
import { PagesFrame, TrailFrame } from './trail';

const Ref = v.optional(v.pipe(v.string(), v.maxLength(64)));
/** A protocol version number. */
export const ProtocolV = whole(0, 1_000);
/**
 * Entries in one frame: rooms page a long log by size (Limits.roomPageChars), and a conversation holds at most
 * Limits.conversationEntries messages, plus its events.
 */
export const ENTRIES_PER_FRAME_MAX = 10_000;
const Entries_ = list(Entry, ENTRIES_PER_FRAME_MAX);

// ---- sent by visitors and agents -------------------------------------------------------------

/** First frame on every socket: protocol version, token, and the last sequence the client holds. */
export const Hello = v.strictObject({ type: v.literal('hello'), v: ProtocolV, token: v.pipe(v.string(), v.maxLength(2_000)), lastSeq: Seq });
/** A chat message. `id` is made by the client and kept until acked; resending it is safe. */
export const Send = v.strictObject({ type: v.literal('send'), id: ClientId, text: MessageText });
/** Typing started/stopped. Never stored. */
export const Typing = v.strictObject({ type: v.literal('typing'), typing: v.boolean() });
/**
 * visitor → room: what the visitor is typing (throttled by the widget; '' when cleared). Only in a chat whose
 * workspace turned `Typing preview` on; forwarded to the chat's agents, never stored, never sent to a visitor.
 */
export const Draft = v.strictObject({ type: v.literal('draft'), text: v.pipe(v.string(), v.maxLength(Limits.messageChars)) });
/** The sender has seen everything up to `seq`. Stored per side. */
export const Seen = v.strictObject({ type: v.literal('seen'), seq: Seq });
/** Keep-alive; answered with `pong`. */
export const Ping = v.strictObject({ type: v.literal('ping') });

/**
 * visitor → room: "Email me this chat". `email` (same checks as the contact form's) becomes the chat's email when
 * it has none. Answered `ok {ref}`, or an error with problem `email-needed`, `email-off` or `transcript-limit`.
 */
export const TranscriptRequest = v.strictObject({ type: v.literal('transcript-request'), ref: Ref, email: v.optional(Email) });

export const VisitorClientMessage = v.variant('type', [Hello, Send, Typing, Seen, Ping, PagesFrame, Draft, TranscriptRequest]);
export type VisitorClientMessage = v.InferOutput<typeof VisitorClientMessage>;

// ---- sent by agents only ---------------------------------------------------------------------

/** Assign to me. The first claim wins; a late one gets `already-claimed` naming the winner. */
export const Claim = v.strictObject({ type: v.literal('claim'), ref: Ref });
/** Reassign to another agent (`to` = agent id) or to Unassigned (`to` = null). */
export const Reassign = v.strictObject({ type: v.literal('reassign'), ref: Ref, to: v.nullable(Id) });
/** Close: stamped and final. */
export const Close = v.strictObject({ type: v.literal('close'), ref: Ref });
/** Save some details; validated field by field, saved as a whole or not at all. */
export const UpdateDetails = v.strictObject({ type: v.literal('update-details'), ref: Ref, patch: DetailsPatch });
/** Create a lead or deal from the details. Idempotent per conversation and kind. */
export const CreateRecord = v.strictObject({ type: v.literal('create-record'), ref: Ref, kind: v.picklist(['lead', 'deal']) });

export const AgentOnlyMessage = v.variant('type', [Claim, Reassign, Close, UpdateDetails, CreateRecord]);
export const AGENT_ONLY_TYPES: ReadonlySet<string> = new Set(AgentOnlyMessage.options.map((o) => o.entries.type.literal));

export const AgentConversationClientMessage = v.variant('type', [Hello, Send, Typing, Seen, Ping, Claim, Reassign, Close, UpdateDetails, CreateRecord, RetryRecord, PagesFrame, Draft, TranscriptRequest]);
export type AgentConversationClientMessage = v.InferOutput<typeof AgentConversationClientMessage>;

// ---- sent by the conversation room ----------------------------------------------------------

/** Answer to `hello`: who you are, the state, and every entry after your `lastSeq`. */
export const Welcome = v.variant('role', [
  v.strictObject({ type: v.literal('welcome'), role: v.literal('visitor'), v: ProtocolV, conversation: VisitorView, entries: Entries_ }),
  v.strictObject({
    type: v.literal('welcome'),
    role: v.literal('agent'),
    v: ProtocolV,
    conversation: ConversationView,
    entries: Entries_,
    details: Details,
  }),
]);
/** New entries in the log, in sequence order. */
export const Entries = v.strictObject({ type: v.literal('entries'), entries: Entries_ });
/** Your message `id` is stored as `seq` (also sent again for a duplicate). */
export const Ack = v.strictObject({ type: v.literal('ack'), id: ServerId, seq: Seq });
/** Your command `ref` succeeded. */
export const Ok = v.strictObject({ type: v.literal('ok'), ref: v.optional(ServerId) });
/** Status or assignee changed. */
export const StateFrame = v.variant('role', [
  v.strictObject({ type: v.literal('state'), role: v.literal('visitor'), conversation: VisitorView }),
  v.strictObject({ type: v.literal('state'), role: v.literal('agent'), conversation: ConversationView }),
]);
export const TypingFrame = v.strictObject({ type: v.literal('typing'), from: v.picklist(['visitor', 'agent']), name: v.optional(name(NAME_MAX)), typing: v.boolean() });
export const SeenFrame = v.strictObject({ type: v.literal('seen'), side: v.picklist(['visitor', 'agent']), seq: Seq });
export const DetailsFrame = v.strictObject({ type: v.literal('details'), details: Details });
export const Pong = v.strictObject({ type: v.literal('pong') });
/** Agents only (Typing preview): the visitor's draft as they type it ('' when cleared or sent). Never stored. */
export const DraftFrame = v.strictObject({ type: v.literal('draft'), text: v.pipe(v.string(), v.maxLength(Limits.messageChars)), at: Timestamp });

/**
 * Agents only: whether the visitor has the site open (a widget socket), and since when. Sent after the
 * agent's welcome and on each change; `away` only after a grace period, so moving between pages of the
 * site (the widget reconnects) does not flicker.
 */
export const PresenceFrame = v.strictObject({ type: v.literal('presence'), visitor: v.picklist(['here', 'away']), since: v.nullable(Timestamp) });
/**
 * The chat's place in the workspace's queue changed (every agent who could take it is at their Max chats):
 * `position` 1 is next; null: no longer waiting in line (dealt, claimed, missed, closed). Sent to every socket.
 */
export const QueueFrame = v.strictObject({ type: v.literal('queue'), position: v.nullable(QueuePosition) });
export const ConversationServerMessage = v.variant('type', [Welcome, Entries, Ack, Ok, StateFrame, TypingFrame, SeenFrame, DetailsFrame, PresenceFrame, QueueFrame, TrailFrame, DraftFrame, Pong, ErrorFrame]);
export type ConversationServerMessage = v.InferOutput<typeof ConversationServerMessage>;

/** What a visitor's socket may be sent: no details, no presence, no agent view. Rooms send only this type to visitors. */
export type VisitorServerMessage = Exclude<ConversationServerMessage, { type: 'details' } | { type: 'presence' } | { type: 'trail' } | { type: 'draft' } | { role: 'agent' }>;
/** What an agent's conversation socket may be sent. */
export type AgentServerMessage = Exclude<ConversationServerMessage, { role: 'visitor' }>;
/** Frames both audiences may receive (acks, oks, typing, seen, entries already filtered, pong, errors). */
export type CommonServerMessage = Extract<VisitorServerMessage, AgentServerMessage>;
