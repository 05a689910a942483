import { computed, signal } from '@preact/signals-core';
import * as v from 'valibot';
import {
  acceptsMessages,
  ConversationServerMessage,
  decode,
  decodeValue,
  Entry,
  MessageText,
  type ConversationView,
  type Details,
  type PageView,
  type DetailsPatch,
  type ErrorFrame,
} from '../protocol';
import { browser } from 'wxt/browser';
import { protocolText, refusalText } from './protocol-text';
import { RequestError, RoomConnection, type RoomConnectionOptions } from './room-connection';
import { Scope } from './scope';
import type { Transport } from './transport';

/**
 * A message not yet acked by the room. Its `id` is made here and never changes, so a resend is deduplicated.
 * A refused one keeps the room's reason (`error`, in words) and its `code`, and is not resent by itself.
 */
export type OutboxItem = { id: string; text: string; at: number; error?: string; code?: string };

/** Refusals about the message itself: sending it again would be refused again. */
const FINAL_REFUSALS = new Set(['invalid-field', 'invalid-frame', 'frame-too-large', 'bad-json', 'conversation-full']);
type Frame = ConversationServerMessage;
type AgentWelcome = Extract<Frame, { type: 'welcome'; role: 'agent' }>;

export type ConversationClientOptions = Pick<RoomConnectionOptions, 'token' | 'invalidateToken'> & {
  transport: Transport;
  /** Set, the outbox is kept in storage.local under `outbox:<id>` (see `outboxKey`) until the room acks each message. */
  conversationId?: string;
};

/** Where a conversation's unacked agent messages wait, across chat switches and panel restarts. */
export const OUTBOX_PREFIX = 'outbox:';
export const outboxKey = (conversationId: string) => `${OUTBOX_PREFIX}${conversationId}`;

const isOutboxItem = (x: unknown): x is OutboxItem => {
  const m = x as Partial<OutboxItem> | null;
  return typeof m?.id === 'string' && typeof m.text === 'string' && typeof m.at === 'number' && (m.error === undefined || typeof m.error === 'string') && (m.code === undefined || typeof m.code === 'string');
};

/**
 * Limits.frameChars bounds what a client may send a room. The room's `welcome` carries the whole log
 * (a 1,000-message chat is ~150,000 chars, one message up to 4,000), so frames *from* the room are not
 * held to it: capped, a long chat would never open.
 */
const ROOM_FRAME_CHARS = Number.POSITIVE_INFINITY;

/**
 * A `welcome` or `entries` frame refused only because of some of its entries (stored before the schemas were
 * bounded: a timestamp of 1e300, a control character in a name): the frame without them, so one bad entry never
 * keeps a chat from opening. Anything else refused stays refused (null).
 */
function withoutBadEntries(raw: unknown): ConversationServerMessage | null {
  if (typeof raw !== 'string' || raw.length > 50_000_000) return null;
  let frame: { entries?: unknown };
  try {
    frame = JSON.parse(raw) as { entries?: unknown };
  } catch {
    return null;
  }
  if (!frame || !Array.isArray(frame.entries)) return null;
  const entries = frame.entries.filter((e) => v.is(Entry, e));
  if (entries.length === frame.entries.length) return null;
  const d = decodeValue(ConversationServerMessage, { ...frame, entries });
  if (!d.ok) return null;
  console.warn(`Baton: ${frame.entries.length - entries.length} entries could not be read and are not shown`);
  return d.value;
}

export const newMessageId = () => `m${Date.now().toString(36)}${Math.random().toString(36).slice(2, 10)}`;

/** One conversation room, as an agent sees it: log, state, details, typing, seen, and an outbox. */
export class ConversationClient {
  readonly connection: RoomConnection;
  readonly view = signal<ConversationView | null>(null);
  readonly entries = signal<Entry[]>([]);
  readonly details = signal<Details | null>(null);
  /** The visitor's page trail, oldest first (issue 14: the side panel's `Pages visited`). */
  readonly trail = signal<readonly PageView[]>([]);
  /** What the visitor is typing (Typing preview; '' when none). */
  readonly visitorDraft = signal('');
  readonly visitorTyping = signal(false);
  /** Whether the visitor has the site open, and since when (null until the room says). */
  readonly visitorPresence = signal<{ visitor: 'here' | 'away'; since: number | null } | null>(null);
  readonly outbox = signal<OutboxItem[]>([]);
  /**
   * The entries of the last `entries` frame that arrived live, while the chat was open: newer than the
   * room's log at its last `welcome`. What a welcome carries, and the pages of its replay, are history.
   */
  readonly arrived = signal<Entry[]>([]);
  readonly status;
  readonly canSend = computed(() => !!this.view.value && acceptsMessages(this.view.value.status));
  /** The last entry the visitor has seen (for "Seen" under my messages). */
  readonly seenByVisitor = computed(() => this.view.value?.seen.visitor ?? 0);
  private lastSeq = 0;
  /** The room's last seq at its last `welcome`: entries up to it are a replay, not news. */
  private replayedTo = 0;
  /** Discarded before the stored outbox was read: not brought back by it. */
  private readonly discarded = new Set<string>();
  private readonly storageKey: string | null;
  /** Until the stored outbox is read, nothing is written (a write then would erase what is stored). */
  private loaded = false;
  /** Resolves once the stored outbox (if any) is merged in and, when connected, resent. */
  readonly restored: Promise<void>;
  private readonly scope = new Scope();

  constructor(options: ConversationClientOptions) {
    this.storageKey = options.conversationId ? outboxKey(options.conversationId) : null;
    this.connection = new RoomConnection({
      ...options,
      lastSeq: () => this.lastSeq,
      decode: (raw) => {
        const d = decode(ConversationServerMessage, raw, ROOM_FRAME_CHARS);
        return d.ok ? d.value : withoutBadEntries(raw);
      },
      onFrame: (frame) => this.apply(frame as Frame),
      onReady: () => this.outbox.value.filter((m) => !m.error).forEach((m) => this.transmit(m)),
    });
    this.status = this.connection.status;
    this.scope.add(() => this.connection.close());
    this.restored = this.restore();
  }

  /** Queues a message; it is resent on reconnect until acked. Returns the problem, if any. */
  send(text: string): string | null {
    const checked = v.safeParse(MessageText, text);
    if (!checked.success) return protocolText(checked.issues[0]);
    // What the room would refuse with, said as its refusal is (the room's words in English, the code's meaning in French).
    if (this.view.value && !acceptsMessages(this.view.value.status)) return refusalText(new RequestError('conversation-closed', 'This conversation is closed'));
    const item: OutboxItem = { id: newMessageId(), text, at: Date.now() };
    this.setOutbox([...this.outbox.value, item]);
    this.transmit(item);
    return null;
  }

  /**
   * Whether sending a refused message again can help: the chat takes messages now (a closed one never
   * will) and the refusal was not about the message itself. "Not assigned to you" can pass after Assign to me.
   */
  canRetry(item: OutboxItem): boolean {
    const view = this.view.value;
    if (!item.error || (item.code !== undefined && FINAL_REFUSALS.has(item.code))) return false;
    return !view || acceptsMessages(view.status);
  }

  /** Sends a refused message again under its own id (now, or after the next welcome). */
  retry(id: string): void {
    const item = this.outbox.value.find((m) => m.id === id);
    if (!item?.error) return;
    const again: OutboxItem = { id: item.id, text: item.text, at: item.at };
    this.setOutbox(this.outbox.value.map((m) => (m.id === id ? again : m)));
    this.transmit(again);
  }

  /** Drops a refused message for good: from the view and from storage. */
  discard(id: string): void {
    if (!this.outbox.value.some((m) => m.id === id && m.error)) return;
    this.discarded.add(id);
    this.setOutbox(this.outbox.value.filter((m) => m.id !== id));
  }

  typing(typing: boolean): void {
    this.connection.sendNow({ type: 'typing', typing });
  }

  /** Tell the room I have seen everything I hold (only when it moves forward). */
  markSeen(): void {
    const view = this.view.value;
    if (view && this.lastSeq > view.seen.agent && this.connection.sendNow({ type: 'seen', seq: this.lastSeq })) {
      this.view.value = { ...view, seen: { ...view.seen, agent: this.lastSeq } };
    }
  }

  claim() {
    return this.connection.request({ type: 'claim' });
  }
  reassign(to: string | null) {
    return this.connection.request({ type: 'reassign', to });
  }
  closeConversation() {
    return this.connection.request({ type: 'close' });
  }
  updateDetails(patch: DetailsPatch) {
    return this.connection.request({ type: 'update-details', patch });
  }
  createRecord(kind: 'lead' | 'deal') {
    return this.connection.request({ type: 'create-record', kind });
  }
  retryRecord(kind: 'lead' | 'deal') {
    return this.connection.request({ type: 'retry-record', kind });
  }

  close(): void {
    this.scope.dispose();
  }

  /**
   * Picks up the messages a previous panel (or this chat before a switch) left unacked: shown as
   * pending and resent under their own ids, so the room stores each once. Those already in the log
   * are dropped, never shown twice.
   */
  private async restore(): Promise<void> {
    const key = this.storageKey;
    if (!key) return;
    let stored: OutboxItem[] = [];
    try {
      const got = (await browser.storage.local.get(key))[key];
      if (Array.isArray(got)) stored = got.filter(isOutboxItem);
    } catch (e) {
      console.error('Baton: could not read the unsent messages', e);
    }
    this.loaded = true;
    const inLog = new Set(this.entries.value.map((e) => e.id));
    const have = new Set(this.outbox.value.map((m) => m.id));
    const fresh = stored.filter((m) => !have.has(m.id) && !inLog.has(m.id) && !this.discarded.has(m.id));
    // Older than anything typed since this client started.
    if (fresh.length) this.outbox.value = [...fresh, ...this.outbox.value].sort((a, b) => a.at - b.at);
    this.persist();
    // Not connected yet: `onReady` sends the whole outbox after the welcome.
    if (this.connection.connected) fresh.filter((m) => !m.error).forEach((m) => this.transmit(m));
  }

  private setOutbox(items: OutboxItem[]): void {
    this.outbox.value = items;
    this.persist();
  }

  /** Issued at once (not after an await), so a panel closing right after Send still has it stored. */
  private persist(): void {
    const key = this.storageKey;
    if (!key || !this.loaded) return;
    const items = this.outbox.value;
    const done = items.length ? browser.storage.local.set({ [key]: items }) : browser.storage.local.remove(key);
    done.catch((e: unknown) => console.error('Baton: could not store the unsent messages', e));
  }

  private transmit(item: OutboxItem): void {
    this.connection.sendNow({ type: 'send', id: item.id, text: item.text });
  }

  private addEntries(list: Entry[]): void {
    if (list.length === 0) return;
    const bySeq = new Map(this.entries.value.map((e) => [e.seq, e]));
    for (const e of list) bySeq.set(e.seq, e);
    const merged = [...bySeq.values()].sort((a, b) => a.seq - b.seq);
    this.entries.value = merged;
    this.lastSeq = Math.max(this.lastSeq, merged[merged.length - 1]!.seq);
    const ids = new Set(list.map((e) => e.id));
    // My own message in the log is as good as an ack (the ack may have been lost with the socket).
    if (this.outbox.value.some((m) => ids.has(m.id))) this.setOutbox(this.outbox.value.filter((m) => !ids.has(m.id)));
    if (list.some((e) => e.kind === 'message' && e.from === 'visitor')) this.visitorTyping.value = false;
  }

  private apply(frame: Frame): void {
    switch (frame.type) {
      case 'welcome':
        if (frame.role !== 'agent') return;
        this.view.value = (frame as AgentWelcome).conversation;
        this.details.value = (frame as AgentWelcome).details;
        this.replayedTo = Math.max(this.replayedTo, (frame as AgentWelcome).conversation.lastSeq);
        this.addEntries(frame.entries);
        break;
      case 'entries': {
        const held = this.lastSeq;
        this.addEntries(frame.entries);
        const news = frame.entries.filter((e) => e.seq > this.replayedTo && e.seq > held);
        if (news.length) this.arrived.value = news;
        break;
      }
      case 'ack':
        if (this.outbox.value.some((m) => m.id === frame.id)) this.setOutbox(this.outbox.value.filter((m) => m.id !== frame.id));
        break;
      case 'state':
        if (frame.role === 'agent') this.view.value = frame.conversation;
        break;
      case 'typing':
        if (frame.from === 'visitor') this.visitorTyping.value = frame.typing;
        break;
      case 'seen': {
        const view = this.view.value;
        if (view) this.view.value = { ...view, seen: { ...view.seen, [frame.side]: Math.max(view.seen[frame.side], frame.seq) } };
        break;
      }
      case 'details':
        this.details.value = frame.details;
        break;
      case 'trail':
        this.trail.value = frame.pages;
        break;
      case 'draft':
        this.visitorDraft.value = frame.text;
        break;
      case 'presence':
        this.visitorPresence.value = { visitor: frame.visitor, since: frame.since };
        if (frame.visitor === 'away') this.visitorTyping.value = false;
        break;
      case 'error':
        this.refused(frame);
        break;
      case 'ok':
      case 'pong':
      case 'queue': // the visitor's place in line: shown by the widget
        break;
      default:
        frame satisfies never;
    }
  }

  /** A refused `send` comes back with the message id as ref: keep the text, show why. */
  private refused(frame: ErrorFrame): void {
    if (!frame.ref || !this.outbox.value.some((m) => m.id === frame.ref)) return;
    this.setOutbox(this.outbox.value.map((m) => (m.id === frame.ref ? { ...m, error: refusalText(frame), code: frame.code } : m)));
  }
}
