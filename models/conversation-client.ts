import { computed, signal } from '@preact/signals';
import * as v from 'valibot';
import {
  acceptsMessages,
  ConversationServerMessage,
  decode,
  MessageText,
  type ConversationView,
  type Details,
  type DetailsPatch,
  type Entry,
  type ErrorFrame,
} from '../protocol';
import { RoomConnection, type RoomConnectionOptions } from './room-connection';
import type { Transport } from './transport';

export type OutboxItem = { id: string; text: string; at: number; error?: string };
type Frame = ConversationServerMessage;
type AgentWelcome = Extract<Frame, { type: 'welcome'; role: 'agent' }>;

export type ConversationClientOptions = Pick<RoomConnectionOptions, 'token' | 'invalidateToken' | 'random'> & { transport: Transport };

/**
 * Limits.frameChars bounds what a client may send a room. The room's `welcome` carries the whole log
 * (a 1,000-message chat is ~150,000 chars, one message up to 4,000), so frames *from* the room are not
 * held to it: capped, a long chat would never open.
 */
const ROOM_FRAME_CHARS = Number.POSITIVE_INFINITY;

export const newMessageId = () => `m${Date.now().toString(36)}${Math.random().toString(36).slice(2, 10)}`;

/** One conversation room, as an agent sees it: log, state, details, typing, seen, and an outbox. */
export class ConversationClient {
  readonly connection: RoomConnection;
  readonly view = signal<ConversationView | null>(null);
  readonly entries = signal<Entry[]>([]);
  readonly details = signal<Details | null>(null);
  readonly visitorTyping = signal(false);
  readonly outbox = signal<OutboxItem[]>([]);
  readonly status;
  readonly canSend = computed(() => !!this.view.value && acceptsMessages(this.view.value.status));
  /** The last entry the visitor has seen (for "Seen" under my messages). */
  readonly seenByVisitor = computed(() => this.view.value?.seen.visitor ?? 0);
  private lastSeq = 0;

  constructor(options: ConversationClientOptions) {
    this.connection = new RoomConnection({
      ...options,
      lastSeq: () => this.lastSeq,
      decode: (raw) => {
        const d = decode(ConversationServerMessage, raw, ROOM_FRAME_CHARS);
        return d.ok ? d.value : null;
      },
      onFrame: (frame) => this.apply(frame as Frame),
      onReady: () => this.outbox.value.filter((m) => !m.error).forEach((m) => this.transmit(m)),
    });
    this.status = this.connection.status;
  }

  /** Queues a message; it is resent on reconnect until acked. Returns the problem, if any. */
  send(text: string): string | null {
    const checked = v.safeParse(MessageText, text);
    if (!checked.success) return checked.issues[0].message;
    if (this.view.value && !acceptsMessages(this.view.value.status)) return 'This conversation is closed';
    const item: OutboxItem = { id: newMessageId(), text, at: Date.now() };
    this.outbox.value = [...this.outbox.value, item];
    this.transmit(item);
    return null;
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
    this.connection.close();
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
    if (this.outbox.value.some((m) => ids.has(m.id))) this.outbox.value = this.outbox.value.filter((m) => !ids.has(m.id));
    if (list.some((e) => e.kind === 'message' && e.from === 'visitor')) this.visitorTyping.value = false;
  }

  private apply(frame: Frame): void {
    switch (frame.type) {
      case 'welcome':
        if (frame.role !== 'agent') return;
        this.view.value = (frame as AgentWelcome).conversation;
        this.details.value = (frame as AgentWelcome).details;
        this.addEntries(frame.entries);
        break;
      case 'entries':
        this.addEntries(frame.entries);
        break;
      case 'ack':
        this.outbox.value = this.outbox.value.filter((m) => m.id !== frame.id);
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
      case 'error':
        this.refused(frame);
        break;
      case 'ok':
      case 'pong':
        break;
      default:
        frame satisfies never;
    }
  }

  /** A refused `send` comes back with the message id as ref: keep the text, show why. */
  private refused(frame: ErrorFrame): void {
    if (!frame.ref || !this.outbox.value.some((m) => m.id === frame.ref)) return;
    this.outbox.value = this.outbox.value.map((m) => (m.id === frame.ref ? { ...m, error: frame.message } : m));
  }
}
