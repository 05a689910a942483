/**
 * What the server's rules need from the platform, and nothing more. Modules under party/ depend on these
 * narrow shapes, never on `partykit/server`: only the two room shells (`conversation/room.ts`, `workspace/room.ts`) know PartyKit, so the
 * same rules could be hosted by `partyserver` (or a plain Durable Object) behind a new thin shell, and unit
 * tests run them against in-memory storage and sockets (tests/helpers/memory-room.ts).
 */

export type ListOptions = { prefix?: string; start?: string; startAfter?: string; end?: string; reverse?: boolean; limit?: number };

/** A Durable Object's transactional storage: keys in order, batched puts are atomic, one alarm per room. */
export interface Storage {
  get<T = unknown>(key: string): Promise<T | undefined>;
  get<T = unknown>(keys: string[]): Promise<Map<string, T>>;
  put<T>(key: string, value: T): Promise<void>;
  put<T>(entries: Record<string, T>): Promise<void>;
  delete(key: string): Promise<boolean>;
  delete(keys: string[]): Promise<number>;
  list<T = unknown>(options?: ListOptions): Promise<Map<string, T>>;
  getAlarm(): Promise<number | null>;
  setAlarm(scheduledTime: number): Promise<void>;
  deleteAlarm(): Promise<void>;
}

/** One client socket of a room. */
export interface Socket {
  readonly id: string;
  send(data: string): void;
  close(code?: number, reason?: string): void;
}

/** Timers and the clock, injectable so unit tests can drive time. */
export interface Clock {
  now(): number;
  setTimeout(fn: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  // Runtimes fire a delay beyond 2^31-1 ms at once: clamp it (a timer that long is re-armed by its owner).
  setTimeout: (fn, ms) => setTimeout(fn, Math.min(Math.max(0, ms), 2 ** 31 - 1)),
  clearTimeout: (h) => clearTimeout(h as ReturnType<typeof setTimeout>),
};

/** Encodes a frame once and sends it to each socket: the compiler checks `F` is the audience's frame type. */
export function sendTo<F>(sockets: Iterable<Socket>, frame: F): void {
  let raw: string | undefined;
  for (const s of sockets) s.send((raw ??= JSON.stringify(frame)));
}

/** Server vars (`--var` in dev, secrets and vars in production), read once by the shells. */
export type Env = Record<string, unknown>;

/** A numeric var, or its default when it is absent or not a finite number. */
export function numberVar(env: Env, key: string, fallback: number): number {
  const raw = env[key];
  const n = typeof raw === 'string' && raw.trim() !== '' ? Number(raw) : typeof raw === 'number' ? raw : NaN;
  return Number.isFinite(n) ? n : fallback;
}
