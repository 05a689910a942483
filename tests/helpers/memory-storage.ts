import type { Storage } from '../../party/ports';

type ListOptions = { start?: string; startAfter?: string; end?: string; prefix?: string; reverse?: boolean; limit?: number };

/**
 * A room's storage (Durable Object storage) in memory, with the same semantics: keys in order, `start`
 * inclusive, `startAfter` and `end` exclusive, `reverse` walks the same range from its end, `limit` counts
 * what is returned; a batched put is atomic (all or nothing); values are cloned in and out; one alarm.
 * `read` counts the values handed out by `list`, so a test can tell a page read from a full scan.
 * For the hard cases: `failNextPut()` makes the next put fail with nothing written, and `holdPuts()` keeps
 * puts pending until `release()` (a write in flight while other frames arrive). `puts` counts writes.
 */
export class MemoryStorage {
  readonly data = new Map<string, unknown>();
  read = 0;
  puts = 0;
  alarm: number | null = null;
  private failures = 0;
  private held: (() => void)[] | null = null;

  failNextPut(times = 1) {
    this.failures += times;
  }
  holdPuts() {
    this.held ??= [];
  }
  /** Lets every held put complete (in order) and stops holding. */
  release() {
    const held = this.held ?? [];
    this.held = null;
    for (const go of held) go();
  }
  get pendingPuts() {
    return this.held?.length ?? 0;
  }

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
    // Cloned when called, like the real storage: later changes to the objects are not written.
    const batch = typeof key === 'string' ? [[key, structuredClone(value)] as const] : Object.entries(key).map(([k, v]) => [k, structuredClone(v)] as const);
    if (this.failures > 0) {
      this.failures--;
      throw new Error('storage write failed (injected)');
    }
    if (this.held) await new Promise<void>((go) => this.held!.push(go));
    this.puts++;
    for (const [k, v] of batch) this.data.set(k, v);
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

  /** As the rooms' storage port (party/ports.ts). */
  asStorage(): Storage {
    return this as unknown as Storage;
  }
}
