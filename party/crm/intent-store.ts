import type { Storage } from '../ports';
import type { Intent } from './intent';

const KEY = 'intent:';
/** `intent-done:<createdAt>:<id>` → id: the created intents still kept, oldest first, for pruning and the queue's view. */
const DONE = 'intent-done:';
const doneKey = (i: Pick<Intent, 'createdAt' | 'id'>) => `${DONE}${String(i.createdAt).padStart(15, '0')}:${i.id}`;
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
export class IntentStore {
  private doneCount = 0;
  private pruning: Promise<void> = Promise.resolve();
  constructor(
    private storage: Storage,
    private retention: Retention = RETENTION,
  ) {}

  put(i: Intent) {
    return this.storage.put(`${KEY}${i.id}`, i);
  }
  get(id: string) {
    return this.storage.get<Intent>(`${KEY}${id}`);
  }

  /** Every open intent; created ones found unindexed (stored before pruning existed) are indexed, then old ones pruned. */
  async loadOpen(now = Date.now()): Promise<Intent[]> {
    const indexed = new Set<string>();
    for await (const keys of this.pages(DONE)) for (const k of keys.keys()) indexed.add(k);
    const open: Intent[] = [];
    const unindexed: Record<string, string> = {};
    for await (const page of this.pages<Intent>(KEY)) {
      for (const i of page.values()) {
        if (i.status !== 'created' || i.tellConversation) open.push(i);
        else if (!indexed.has(doneKey(i))) unindexed[doneKey(i)] = i.id;
      }
    }
    this.doneCount = indexed.size + Object.keys(unindexed).length;
    const entries = Object.entries(unindexed);
    for (let n = 0; n < entries.length; n += BATCH) await this.storage.put(Object.fromEntries(entries.slice(n, n + BATCH)));
    await this.prune(now);
    return open;
  }

  /** A created intent that was reported: kept for a while (see Retention), then deleted. */
  async markCreated(i: Intent, now = Date.now()) {
    await this.storage.put(doneKey(i), i.id);
    this.doneCount++;
    await this.prune(now);
  }

  /** The newest created intents still kept, newest first. */
  async recentCreated(limit: number): Promise<Intent[]> {
    const ids = [...(await this.storage.list<string>({ prefix: DONE, reverse: true, limit })).values()];
    const out: Intent[] = [];
    for (let n = 0; n < ids.length; n += BATCH) {
      const got = await this.storage.get<Intent>(ids.slice(n, n + BATCH).map((id) => `${KEY}${id}`));
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
    const tooOld = doneKey({ createdAt: Math.max(0, now - this.retention.maxAgeMs), id: '' });
    for (;;) {
      const excess = Math.max(0, this.doneCount - this.retention.maxCreated);
      const old = await this.storage.list<string>({ prefix: DONE, end: tooOld, limit: BATCH });
      const batch = old.size ? old : excess ? await this.storage.list<string>({ prefix: DONE, limit: Math.min(excess, BATCH) }) : old;
      if (!batch.size) return;
      await this.storage.delete([...batch.keys()]);
      await this.storage.delete([...batch.values()].map((id) => `${KEY}${id}`));
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
