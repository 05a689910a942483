import type { Entry } from '../protocol/model';

/** A visitor message not yet acked by the room. Its `id` never changes, so resending it is safe. */
export type Pending = { id: string; text: string; at: number };

/** The part of localStorage the widget uses (injected so tests use a Map). */
export type KeyValue = Pick<Storage, 'getItem' | 'setItem' | 'removeItem'>;

export type OutboxData = {
  conversationId: string;
  token: string;
  /** Highest seq held: sent as `hello.lastSeq` so the room only sends what is missing. */
  lastSeq: number;
  /** Visible entries, in seq order, one per seq. */
  entries: Entry[];
  pending: Pending[];
  /** Highest seq the visitor has seen (panel open): the launcher's unread count is what lies above. */
  seen: number;
};

/** Keep at most this many entries in storage; older ones are still on the server. */
const KEEP = 300;

/**
 * The visitor's side of one conversation, persisted after every change so a reload or a navigation
 * to another page resumes with nothing lost (pending messages are resent) and nothing doubled
 * (entries are keyed by seq; an acked message leaves the outbox before its entry can be shown twice).
 */
export class Outbox {
  private constructor(
    readonly storage: KeyValue,
    readonly key: string,
    public data: OutboxData,
  ) {}

  static create(storage: KeyValue, key: string, conversationId: string, token: string): Outbox {
    const box = new Outbox(storage, key, { conversationId, token, lastSeq: 0, entries: [], pending: [], seen: 0 });
    box.save();
    return box;
  }

  /** The saved conversation, or null when there is none (or it is unreadable). */
  static load(storage: KeyValue, key: string): Outbox | null {
    try {
      const data = JSON.parse(storage.getItem(key) ?? 'null') as Partial<OutboxData> | null;
      if (typeof data?.conversationId !== 'string' || typeof data.token !== 'string') return null;
      const { conversationId, token, lastSeq = 0, entries = [], pending = [], seen = 0 } = data;
      return new Outbox(storage, key, { conversationId, token, lastSeq, entries, pending, seen });
    } catch {
      return null;
    }
  }

  get pending(): readonly Pending[] {
    return this.data.pending;
  }

  get entries(): readonly Entry[] {
    return this.data.entries;
  }

  /** Queues a message under a fresh client id; the caller sends it if connected. */
  queue(id: string, text: string, at: number): Pending {
    const item = { id, text, at };
    this.data.pending = [...this.data.pending, item];
    this.save();
    return item;
  }

  /** The room stored message `id` as `seq`: it leaves the outbox. */
  ack(id: string): void {
    if (!this.data.pending.some((p) => p.id === id)) return;
    this.data.pending = this.data.pending.filter((p) => p.id !== id);
    this.save();
  }

  /** Adds entries not held yet (dedup by seq). Returns the ones that were new. */
  receive(incoming: readonly Entry[]): Entry[] {
    const have = new Set(this.data.entries.map((e) => e.seq));
    const fresh = incoming.filter((e) => !have.has(e.seq) && (have.add(e.seq), true));
    const maxSeq = incoming.reduce((m, e) => Math.max(m, e.seq), this.data.lastSeq);
    if (!fresh.length && maxSeq === this.data.lastSeq) return [];
    // Our own message echoed back is as good as an ack (the ack may have been lost with the socket).
    const echoed = new Set(fresh.filter((e) => e.kind === 'message' && e.from === 'visitor').map((e) => e.id));
    this.data.pending = this.data.pending.filter((p) => !echoed.has(p.id));
    this.data.entries = [...this.data.entries, ...fresh].sort((a, b) => a.seq - b.seq).slice(-KEEP);
    this.data.lastSeq = maxSeq;
    this.save();
    return fresh;
  }

  /** The visitor has seen everything up to `seq`. Returns false when that was already known. */
  markSeen(seq: number): boolean {
    if (seq <= this.data.seen) return false;
    this.data.seen = seq;
    this.save();
    return true;
  }

  clear(): void {
    this.storage.removeItem(this.key);
  }

  private save(): void {
    try {
      this.storage.setItem(this.key, JSON.stringify(this.data));
    } catch {
      // Storage full or blocked (private mode): the chat still works for this page view.
    }
  }
}
