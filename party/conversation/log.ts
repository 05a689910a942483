import { BatonError, type Entry, type EventEntry } from '../../protocol';
import type { ListOptions, Storage } from '../ports';
import { entryKey, type Meta } from './state';

export type RecordKind = 'lead' | 'deal';
/** The timeline event of a created lead or deal. */
export const CREATED: Record<RecordKind, EventEntry['event']> = { lead: 'lead-created', deal: 'deal-created' };

/** How many of the newest entries the room keeps in memory; older ones are read from storage when replayed. */
export const LOG_WINDOW = 500;
/** Storage lists at most this many entries per read when replaying older entries. */
const READ_PAGE = 256;

/** Which client-made id an entry answers for dedup: a message by its sender, an event by its own id. */
const keyOf = (e: Entry) => (e.kind === 'message' ? (e.from === 'bot' ? null : `${e.from}:${e.id}`) : `event:${e.id}`);

/**
 * The conversation's log: sequence numbers, dedup by client id, atomic appends with the room's meta, replay
 * after a sequence. In memory it keeps only a window of the newest entries plus what the rules need about
 * the whole log (ids for dedup, the visitor's message sequences for unread counts, the total size for the
 * caps, the latest CRM event per kind), so a long chat costs the room a bounded amount of memory.
 */
export class Log {
  /** The newest entries, in sequence order. */
  private window: Entry[] = [];
  /** `${side}:${clientId}` (and `event:${id}`) → seq. */
  private ids = new Map<string, number>();
  /** Writes in flight by dedup key: a resend waits for the first copy (an ack always means stored). */
  private writing = new Map<string, Promise<unknown>>();
  /** Every write in flight: a recovery waits for them before it reads storage again. */
  private inflight = new Set<Promise<unknown>>();
  /** Sequences of the visitor's messages, ascending: unread counts for any `seen`. */
  private visitorSeqs: number[] = [];
  private records: Partial<Record<RecordKind, EventEntry>> = {};
  /** Entries and message characters in the whole log: the conversation's caps. */
  count = 0;
  chars = 0;

  /**
   * Set while the room reloads after a failed write (nothing of that batch is stored): appends wait, and
   * `settled` answers only from the reloaded state. Set in the same turn the failure is seen, before any
   * other waiter on that write runs.
   */
  recovering: Promise<void> | null = null;

  constructor(
    private storage: Pick<Storage, 'list' | 'put'>,
    private windowSize = LOG_WINDOW,
    /** Reloads the whole room (meta, this log, details) from storage. */
    private reload: () => Promise<void> = () => this.load(),
  ) {}

  /** Rebuilds from storage: at start, and after a failed write (memory can't be trusted then). */
  async load(): Promise<void> {
    this.window = [];
    this.ids = new Map();
    this.visitorSeqs = [];
    this.records = {};
    this.count = 0;
    this.chars = 0;
    let after: string | undefined;
    for (;;) {
      const page = await this.storage.list<Entry>({ prefix: 'e:', limit: READ_PAGE, ...(after ? { startAfter: after } : {}) });
      for (const [key, e] of page) {
        this.track(e);
        after = key;
      }
      if (page.size < READ_PAGE) break;
    }
  }

  private track(e: Entry) {
    this.window.push(e);
    if (this.window.length > this.windowSize * 1.25) this.window.splice(0, this.window.length - this.windowSize);
    this.count++;
    const key = keyOf(e);
    if (key) this.ids.set(key, e.seq);
    if (e.kind === 'message') {
      this.chars += e.text.length;
      if (e.from === 'visitor') this.visitorSeqs.push(e.seq);
    } else {
      for (const kind of ['lead', 'deal'] as const) {
        if (e.event === CREATED[kind] || ((e.event === 'record-pending' || e.event === 'record-failed') && e.item === kind)) this.records[kind] = e;
      }
    }
  }

  /** The newest entries (at most the window). */
  get tail(): readonly Entry[] {
    return this.window;
  }

  /**
   * The seq a message or event id was stored as, once its write is done (waits for a write in flight, and for
   * the reload after a failed one): never the seq of a write that failed.
   */
  async settled(key: string): Promise<number | undefined> {
    for (;;) {
      if (this.recovering) await this.recovering;
      const write = this.writing.get(key);
      if (!write) return this.ids.get(key);
      await write.catch(() => undefined);
    }
  }

  has(key: string) {
    return this.ids.has(key);
  }

  /** Resolves once every write in flight has ended (stored or failed). */
  async drain(): Promise<void> {
    while (this.inflight.size) await Promise.allSettled([...this.inflight]);
  }

  /** Visitor messages after `seq` (the agent's last seen). */
  unreadAfter(seq: number): number {
    let lo = 0;
    let hi = this.visitorSeqs.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (this.visitorSeqs[mid]! <= seq) lo = mid + 1;
      else hi = mid;
    }
    return this.visitorSeqs.length - lo;
  }

  /** The latest CRM event of this kind: what the agent currently sees for it. */
  lastRecordEvent(kind: RecordKind): EventEntry | undefined {
    return this.records[kind];
  }

  /**
   * Appends entries with the next sequence numbers and stores them with `meta` (and `extra`) in one atomic
   * write. Memory is updated before the write, so the room's single thread sees them at once; if the write
   * fails the caller must `load()` again (nothing of the batch is stored) — `StorageFailed` says so.
   */
  async append(meta: Meta, build: (seq: number) => Entry[], extra: Record<string, unknown> = {}, dedupKey?: string): Promise<Entry[]> {
    const made = build(meta.lastSeq + 1);
    meta.lastSeq += made.length;
    for (const e of made) this.track(e);
    const batch: Record<string, unknown> = { ...extra, meta };
    for (const e of made) batch[entryKey(e.seq)] = e;
    const write = this.storage.put(batch);
    if (dedupKey) this.writing.set(dedupKey, write);
    this.inflight.add(write);
    try {
      await write;
    } catch (err) {
      this.recover(); // in this turn, before any other waiter on this write runs
      throw new StorageFailed(err);
    } finally {
      if (dedupKey) this.writing.delete(dedupKey);
      this.inflight.delete(write);
    }
    return made;
  }

  /** After a failed write: once the writes still in flight have ended (one may be stored and acked), reload. */
  private recover() {
    this.recovering ??= (async () => {
      try {
        await this.drain();
        await this.reload();
      } finally {
        this.recovering = null;
      }
    })();
  }

  /**
   * Every entry with seq > `afterSeq`, in order: from memory when the window holds them, else from storage.
   * The window may move while storage is read (appends trim its front): whatever it no longer holds is read
   * from storage too, so a replay never skips an entry.
   */
  async after(afterSeq: number): Promise<Entry[]> {
    const out: Entry[] = [];
    let from = afterSeq;
    for (;;) {
      const first = this.window[0];
      if (!first || first.seq <= from + 1) return out.concat(this.window.slice(firstAfter(this.window, from)));
      const end = first.seq;
      const opts: ListOptions = { prefix: 'e:', start: entryKey(from + 1), end: entryKey(end), limit: READ_PAGE };
      for (;;) {
        const page = await this.storage.list<Entry>(opts);
        let last: string | undefined;
        for (const [key, e] of page) {
          out.push(e);
          last = key;
          from = e.seq;
        }
        if (page.size < READ_PAGE || !last) break;
        delete opts.start;
        opts.startAfter = last;
      }
      // Everything before `end` is read; if the window still starts there, the loop returns the rest from it.
      from = Math.max(from, end - 1);
    }
  }
}

/** A write failed: nothing of its batch is stored, and the room must reload its state from storage. */
export class StorageFailed extends BatonError {
  constructor(readonly cause: unknown) {
    super('unavailable', 'Could not save; please retry');
  }
}

/** Index of the first entry with seq > lastSeq (entries are sorted by seq). */
export function firstAfter(entries: readonly Entry[], lastSeq: number): number {
  let lo = 0;
  let hi = entries.length;
  while (lo < hi) {
    const mid = (lo + hi) >>> 1;
    if (entries[mid]!.seq <= lastSeq) lo = mid + 1;
    else hi = mid;
  }
  return lo;
}
