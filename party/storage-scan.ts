import type { ListOptions, Storage } from './ports';

/** Storage calls take at most 128 keys at a time (Durable Object storage's batch limit). */
export const STORAGE_BATCH = 128;

/** Every key (under `prefix`) in pages, so a large room is never read in one go. */
export async function* scanStorage<T = unknown>(storage: Pick<Storage, 'list'>, prefix?: string): AsyncGenerator<Map<string, T>> {
  let after: string | undefined;
  for (;;) {
    const opts: ListOptions = { limit: STORAGE_BATCH, ...(prefix !== undefined ? { prefix } : {}), ...(after !== undefined ? { startAfter: after } : {}) };
    const page = await storage.list<T>(opts);
    if (page.size) yield page;
    if (page.size < STORAGE_BATCH) return;
    after = [...page.keys()].at(-1);
  }
}

/** Deletes keys in batches. */
export async function deleteKeys(storage: Pick<Storage, 'delete'>, keys: readonly string[]): Promise<number> {
  let n = 0;
  for (let i = 0; i < keys.length; i += STORAGE_BATCH) n += await storage.delete(keys.slice(i, i + STORAGE_BATCH));
  return n;
}

/** Deletes every key the room stores, and its alarm: the room then holds nothing. */
export async function clearStorage(storage: Storage): Promise<void> {
  for (;;) {
    const keys = [...(await storage.list({ limit: STORAGE_BATCH })).keys()];
    if (!keys.length) break;
    await storage.delete(keys);
  }
  await storage.deleteAlarm();
}
