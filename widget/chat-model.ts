import { batch, computed, signal } from '@preact/signals';
import type { ConversationServerMessage } from '../protocol/conversation';
import type { Entry, Status, VisitorView } from '../protocol/model';
import type { PageView } from '../protocol/trail';
import { PROTOCOL_VERSION } from '../protocol/version';
import type { Outbox, Pending } from './outbox';
import type { Connect, Transport } from './socket';

export type Link = 'connecting' | 'online' | 'reconnecting' | 'refused';
/** A message the room refused, with why (`code`: `conversation-full`, `rate-limited`, `conversation-closed`…). */
export type Failed = Pending & { reason: string; code: string };

/**
 * The visitor's live chat: one conversation socket, the outbox, and the signals the UI renders.
 * Frames come from our own server, so they are checked by `type` only: the full valibot decoder
 * would cost a third of the widget's size budget for no safety the room does not already give.
 */
export class ChatModel {
  readonly link = signal<Link>('connecting');
  readonly entries = signal<readonly Entry[]>([]);
  readonly pending = signal<readonly Pending[]>([]);
  /** Messages the room refused for good (the chat was closed meanwhile), with why. */
  readonly failed = signal<readonly Failed[]>([]);
  readonly status = signal<Status>('waiting');
  readonly agentName = signal<string | null>(null);
  /**
   * Who the visitor talks to: the agent the room names; once the chat is closed (the room then names
   * nobody), the last agent in the log, so the window keeps the name of who answered.
   */
  readonly agent = computed(() =>
    this.status.value === 'closed' ? this.entries.value.reduce<string | null>((n, e) => (e.kind === 'event' ? e.agent?.name : e.from === 'agent' ? e.authorName : 0) || n, null) : this.agentName.value,
  );
  readonly agentTyping = signal(false);
  /** The visitor's place in line while every agent who could take the chat is full (null: not in line). */
  readonly position = signal<number | null>(null);
  readonly seenByAgent = signal(0);
  /** Whether the chat window is open and visible: what arrives is seen at once. */
  readonly visible = signal(false);
  private readonly seen = signal(0);
  readonly unread = computed(() => this.entries.value.filter((e) => e.kind === 'message' && e.from === 'agent' && e.seq > this.seen.value).length);
  /** Called with the entries that just arrived live (not the catch-up of a page load). */
  onArrive: ((fresh: readonly Entry[]) => void) | null = null;
  private transport: Transport | null = null;
  private typingSent = false;
  private draftAt = 0;
  private draftTimer: ReturnType<typeof setTimeout> | undefined;
  /** Typing preview is on in this chat: the team may see the draft (the window says so). */
  readonly preview = signal(false);
  private welcomed = false;
  /** The room's last view of the chat: the on-demand chunk reads `rated` and `emailKnown` there. */
  readonly conv = signal<VisitorView | null>(null);
  /** Sees every frame the room sends, after the model: the on-demand chunk's commands wait for their answer (ui/ask.ts). */
  onFrame: ((frame: ConversationServerMessage) => void) | null = null;

  constructor(
    readonly outbox: Outbox,
    private readonly connect: Connect,
    private readonly newId: () => string,
    private readonly now: () => number = Date.now,
  ) {
    this.sync();
    this.seen.value = outbox.data.seen;
  }

  start(): void {
    if (this.transport) return;
    this.transport = this.connect();
    this.transport.subscribe({
      open: () => this.raw({ type: 'hello', v: PROTOCOL_VERSION, token: this.outbox.data.token, lastSeq: this.outbox.data.lastSeq }),
      message: (data) => this.receive(data),
      close: (_code, willRetry) => {
        this.agentTyping.value = false;
        this.link.value = willRetry ? 'reconnecting' : 'refused';
      },
    });
  }

  stop(): void {
    this.transport?.close();
    this.transport = null;
  }

  /** Queues and sends a message; it stays in the outbox (and on screen as sending) until acked. */
  send(text: string): void {
    const trimmed = text.trim();
    if (!trimmed) return;
    const item = this.outbox.queue(this.newId(), trimmed, this.now());
    this.sync();
    this.setTyping(false);
    if (this.link.value === 'online') this.raw({ type: 'send', id: item.id, text: item.text });
  }

  /** Sends a refused message again, as a new one (the room stored nothing under the old id). */
  resend(id: string): void {
    const f = this.failed.value.find((x) => x.id === id);
    if (!f) return;
    this.failed.value = this.failed.value.filter((x) => x !== f);
    this.send(f.text);
  }

  setTyping(typing: boolean, text?: string): void {
    if (text !== undefined && this.preview.value) this.draft(text);
    if (typing === this.typingSent || this.link.value !== 'online') return;
    this.typingSent = typing;
    this.raw({ type: 'typing', typing });
  }

  /** The window is open: everything shown is seen, the agent is told, the unread count drops. */
  markSeen(): void {
    const last = this.outbox.data.lastSeq;
    if (!this.visible.value || !this.outbox.markSeen(last)) return;
    this.seen.value = last;
    if (this.link.value === 'online') this.raw({ type: 'seen', seq: last });
  }

  receive(data: string): void {
    let frame: ConversationServerMessage;
    try {
      frame = JSON.parse(data) as ConversationServerMessage;
    } catch {
      return;
    }
    batch(() => this.handle(frame));
    this.onFrame?.(frame);
  }

  private handle(frame: ConversationServerMessage): void {
    switch (frame.type) {
      case 'welcome':
        if (frame.role !== 'visitor') return;
        this.link.value = 'online';
        this.typingSent = false;
        this.view(frame.conversation);
        // The first welcome of a page view replays what was held before the reload or navigation;
        // a later one (after a drop) brings messages that arrived meanwhile, which are news.
        this.add(frame.entries, this.welcomed);
        this.welcomed = true;
        // Resend whatever was not acked before the drop or the reload; the room dedups by id.
        for (const p of this.outbox.pending) this.raw({ type: 'send', id: p.id, text: p.text });
        return;
      case 'entries':
        return this.add(frame.entries, true);
      case 'ack':
        this.outbox.ack(frame.id);
        return this.sync();
      case 'state':
        if (frame.role === 'visitor') this.view(frame.conversation);
        return;
      case 'typing':
        if (frame.from === 'agent') this.agentTyping.value = frame.typing;
        return;
      case 'queue':
        this.position.value = frame.position;
        return;
      case 'seen':
        if (frame.side === 'agent') this.seenByAgent.value = Math.max(this.seenByAgent.value, frame.seq);
        return;
      case 'error': {
        // Refused for good (closed, full) or for now (too many messages this minute): nothing was stored, so it
        // leaves the outbox and stays on screen as not sent, saying why.
        const lost = frame.ref && this.outbox.pending.find((p) => p.id === frame.ref);
        if (lost) {
          this.outbox.ack(lost.id);
          this.failed.value = [...this.failed.value, { ...lost, reason: frame.message, code: frame.code }];
          this.sync();
        }
        return;
      }
      case 'ok':
      case 'pong':
      case 'details':
      case 'trail':
      case 'draft':
      case 'presence': // agents only
        return;
      default:
        return frame satisfies never;
    }
  }

  private view(c: VisitorView): void {
    this.conv.value = c;
    this.status.value = c.status;
    this.preview.value = !!c.typingPreview;
    this.agentName.value = c.agentName;
    this.position.value = c.position ?? null;
    this.seenByAgent.value = Math.max(this.seenByAgent.value, c.seenByAgent);
  }

  private add(entries: readonly Entry[], live: boolean): void {
    const fresh = this.outbox.receive(entries);
    if (fresh.some((e) => e.kind === 'message' && e.from === 'agent')) this.agentTyping.value = false;
    this.sync();
    this.markSeen();
    if (live && fresh.length) this.onArrive?.(fresh);
  }

  private sync(): void {
    this.entries.value = this.outbox.entries;
    this.pending.value = this.outbox.pending;
  }

  /** Page views for the agent's trail; false while not welcomed (the caller keeps them for later). */
  pages(pages: readonly PageView[]): boolean {
    if (this.link.value !== 'online') return false;
    this.raw({ type: 'pages', pages });
    return true;
  }

  /** Typing preview: the draft at most every half second (the last one always goes). */
  private draft(text: string): void {
    clearTimeout(this.draftTimer);
    const wait = this.draftAt + 500 - Date.now();
    if (wait > 0) this.draftTimer = setTimeout(() => this.draft(text), wait);
    else if (this.link.value === 'online') {
      this.draftAt = Date.now();
      this.raw({ type: 'draft', text: text.slice(0, 4_000) });
    }
  }

  /** Sends a frame as it is (no queue: dropped while the link is down). */
  raw(frame: object): void {
    this.transport?.send(JSON.stringify(frame));
  }
}
