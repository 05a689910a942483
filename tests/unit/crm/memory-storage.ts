import type * as Party from 'partykit/server';

type ListOptions = { start?: string; startAfter?: string; end?: string; prefix?: string; reverse?: boolean; limit?: number };

/**
 * The part of a room's storage (Durable Object storage) the CRM uses, in memory, with the same list
 * semantics: keys in order, `start` inclusive, `startAfter` and `end` exclusive, `reverse` walks the same
 * range from its end, `limit` counts what is returned. Values are cloned in and out like the real thing.
 * `read` counts the values handed out by `list`, so a test can tell a page read from a full scan.
 */
export class MemoryStorage {
  readonly data = new Map<string, unknown>();
  read = 0;
  alarm: number | null = null;

  async get<T>(key: string | string[]): Promise<T | undefined | Map<string, T>> {
    if (Array.isArray(key)) {
      if (key.length > 128) throw new Error('get: at most 128 keys');
      const out = new Map<string, T>();
      for (const k of key) if (this.data.has(k)) out.set(k, structuredClone(this.data.get(k)) as T);
      return out;
    }
    return this.data.has(key) ? (structuredClone(this.data.get(key)) as T) : undefined;
  }

  async put(key: string | Record<string, unknown>, value?: unknown): Promise<void> {
    if (typeof key === 'string') this.data.set(key, structuredClone(value));
    else for (const [k, v] of Object.entries(key)) this.data.set(k, structuredClone(v));
  }

  async delete(key: string | string[]): Promise<boolean | number> {
    if (!Array.isArray(key)) return this.data.delete(key);
    if (key.length > 128) throw new Error('delete: at most 128 keys');
    return key.filter((k) => this.data.delete(k)).length;
  }

  async list<T>(o: ListOptions = {}): Promise<Map<string, T>> {
    let keys = [...this.data.keys()].sort().filter((k) => {
      if (o.prefix !== undefined && !k.startsWith(o.prefix)) return false;
      if (o.start !== undefined && k < o.start) return false;
      if (o.startAfter !== undefined && k <= o.startAfter) return false;
      return o.end === undefined || k < o.end;
    });
    if (o.reverse) keys.reverse();
    if (o.limit !== undefined) keys = keys.slice(0, o.limit);
    this.read += keys.length;
    return new Map(keys.map((k) => [k, structuredClone(this.data.get(k)) as T]));
  }

  async setAlarm(at: number): Promise<void> {
    this.alarm = at;
  }
  async getAlarm(): Promise<number | null> {
    return this.alarm;
  }
  async deleteAlarm(): Promise<void> {
    this.alarm = null;
  }

  keys(prefix: string): string[] {
    return [...this.data.keys()].filter((k) => k.startsWith(prefix)).sort();
  }

  /** As the room's storage type: the CRM code only calls the methods above. */
  asStorage(): Party.Storage {
    return this as unknown as Party.Storage;
  }
}
