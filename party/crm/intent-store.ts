import type { Storage } from '../ports';
import type { Intent } from './intent';

/** What a stored intent needs for the store: the CRM's creates and the email outbox's mails both are. */
export type StoredIntent = { id: string; createdAt: number; status: string; tellConversation: boolean };

/**
 * Where a kind of intent lives: `<key><id>` → the intent; `<done><createdAt>:<id>` → id, the finished ones still
 * kept, oldest first, for pruning and the queue's view. `finished`: the intent will never be sent again.
 */
export type IntentKeys<T> = { key: string; done: string; finished: (i: T) => boolean };
const CRM_KEYS: IntentKeys<Intent> = { key: 'intent:', done: 'intent-done:', finished: (i) => i.status === 'created' };
/** Storage reads and deletes take at most 128 keys at a time. */
const BATCH = 128;

/**
 * How long a created intent stays in storage after it was reported: enough for the Records queue and for
 * a resubmitted offline form or a repeated create to find it (and not create twice). See docs/crm.md.
 */
export type Retention = { maxCreated: number; maxAgeMs: number };
export const RETENTION: Retention = { maxCreated: 500, maxAgeMs: 7 * 24 * 60 * 60 * 1000 };

/**
 * The intents in the workspace room's storage. Open ones (pending, failed, or created but not yet reported)
 * live in the queue's memory too; created ones only here, indexed by creation time and pruned.
 */
export class IntentStore<T extends StoredIntent = Intent> {
  private doneCount = 0;
  private pruning: Promise<void> = Promise.resolve();
  private KEY: string;
  private DONE: string;
  constructor(
    private storage: Storage,
    private retention: Retention = RETENTION,
    private keys: IntentKeys<T> = CRM_KEYS as unknown as IntentKeys<T>,
  ) {
    this.KEY = keys.key;
    this.DONE = keys.done;
  }
  private doneKey(i: Pick<T, 'createdAt' | 'id'>) {
    return `${this.DONE}${String(i.createdAt).padStart(15, '0')}:${i.id}`;
  }

  put(i: T) {
    return this.storage.put(`${this.KEY}${i.id}`, i);
  }
  get(id: string) {
    return this.storage.get<T>(`${this.KEY}${id}`);
  }

  /** Every open intent; created ones found unindexed (stored before pruning existed) are indexed, then old ones pruned. */
  async loadOpen(now = Date.now()): Promise<T[]> {
    const indexed = new Set<string>();
    for await (const keys of this.pages(this.DONE)) for (const k of keys.keys()) indexed.add(k);
    const open: T[] = [];
    const unindexed: Record<string, string> = {};
    for await (const page of this.pages<T>(this.KEY)) {
      for (const i of page.values()) {
        if (!this.keys.finished(i) || i.tellConversation) open.push(i);
        else if (!indexed.has(this.doneKey(i))) unindexed[this.doneKey(i)] = i.id;
      }
    }
    this.doneCount = indexed.size + Object.keys(unindexed).length;
    const entries = Object.entries(unindexed);
    for (let n = 0; n < entries.length; n += BATCH) await this.storage.put(Object.fromEntries(entries.slice(n, n + BATCH)));
    await this.prune(now);
    return open;
  }

  /** A created intent that was reported: kept for a while (see Retention), then deleted. */
  async markCreated(i: T, now = Date.now()) {
    await this.storage.put(this.doneKey(i), i.id);
    this.doneCount++;
    await this.prune(now);
  }

  /** The newest created intents still kept, newest first. */
  async recentCreated(limit: number): Promise<T[]> {
    const ids = [...(await this.storage.list<string>({ prefix: this.DONE, reverse: true, limit })).values()];
    const out: T[] = [];
    for (let n = 0; n < ids.length; n += BATCH) {
      const got = await this.storage.get<T>(ids.slice(n, n + BATCH).map((id) => `${this.KEY}${id}`));
      out.push(...got.values());
    }
    return out;
  }

  /** One prune at a time: two creates finishing together must not delete (and count) the same keys twice. */
  private prune(now: number): Promise<void> {
    this.pruning = this.pruning.then(() => this.pruneNow(now)).catch((err) => console.error('intent prune failed', err instanceof Error ? err.message.slice(0, 120) : 'unknown'));
    return this.pruning;
  }

  /** Deletes created intents older than maxAgeMs, then the oldest beyond maxCreated. Each call reads only what it deletes (+1 page). */
  private async pruneNow(now: number) {
    const tooOld = this.doneKey({ createdAt: Math.max(0, now - this.retention.maxAgeMs), id: '' });
    for (;;) {
      const excess = Math.max(0, this.doneCount - this.retention.maxCreated);
      const old = await this.storage.list<string>({ prefix: this.DONE, end: tooOld, limit: BATCH });
      const batch = old.size ? old : excess ? await this.storage.list<string>({ prefix: this.DONE, limit: Math.min(excess, BATCH) }) : old;
      if (!batch.size) return;
      await this.storage.delete([...batch.keys()]);
      await this.storage.delete([...batch.values()].map((id) => `${this.KEY}${id}`));
      this.doneCount -= batch.size;
    }
  }

  /** A prefix listed in pages, so a large store is never read in one go. */
  private async *pages<T>(prefix: string): AsyncGenerator<Map<string, T>> {
    let after: string | undefined;
    for (;;) {
      const page = await this.storage.list<T>({ prefix, limit: 500, ...(after !== undefined ? { startAfter: after } : {}) });
      if (page.size) yield page;
      if (page.size < 500) return;
      after = [...page.keys()].at(-1);
    }
  }
}
