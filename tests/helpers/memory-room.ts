import type { RoomAddress } from '../../party/auth';
import { RoomLink } from '../../party/link';
import type { Clock, Socket } from '../../party/ports';
import { MemoryStorage } from './memory-storage';

export { MemoryStorage };

/**
 * Time under the test's control: `setTimeout` callbacks run when `advance` passes their time, in order.
 * `now()` starts at a fixed date so results don't depend on the machine's clock.
 */
export class ManualClock implements Clock {
  private t: number;
  private timers: { at: number; fn: () => void; id: number }[] = [];
  private nextId = 1;
  constructor(start = Date.UTC(2026, 10, 30, 9, 0, 0)) {
    this.t = start;
  }
  now() {
    return this.t;
  }
  setTimeout(fn: () => void, ms: number) {
    const id = this.nextId++;
    this.timers.push({ at: this.t + Math.max(0, ms), fn, id });
    return id;
  }
  clearTimeout(handle: unknown) {
    this.timers = this.timers.filter((t) => t.id !== handle);
  }
  /** Moves time on, running each timer that falls due on the way. */
  advance(ms: number) {
    const end = this.t + ms;
    for (;;) {
      const due = this.timers.filter((t) => t.at <= end).sort((a, b) => a.at - b.at || a.id - b.id)[0];
      if (!due) break;
      this.timers = this.timers.filter((t) => t !== due);
      this.t = Math.max(this.t, due.at);
      due.fn();
    }
    this.t = end;
  }
  get pending() {
    return this.timers.length;
  }
}

let socketIds = 0;

/** One client socket in memory: what the room sent it (parsed), and how it was closed. */
export class MemorySocket implements Socket {
  readonly id: string;
  readonly sent: string[] = [];
  closed: { code?: number; reason?: string } | null = null;
  constructor(id?: string) {
    this.id = id ?? `s${++socketIds}`;
  }
  send(data: string) {
    if (this.closed) return;
    this.sent.push(data);
  }
  close(code?: number, reason?: string) {
    this.closed ??= { code, reason };
  }
  /** Every frame received, parsed. */
  get frames(): { type: string; [k: string]: unknown }[] {
    return this.sent.map((s) => JSON.parse(s));
  }
  /** Frames of one type. */
  of<T = Record<string, unknown>>(type: string): T[] {
    return this.frames.filter((f) => f.type === type) as T[];
  }
  last() {
    return this.frames[this.frames.length - 1];
  }
  clear() {
    this.sent.length = 0;
  }
}

/** A handler standing in for another room: gets the decoded body, answers status + JSON. */
export type FakeRoom = (to: RoomAddress, body: Record<string, unknown>, init: RequestInit) => Promise<{ status: number; body?: unknown }> | { status: number; body?: unknown };

/**
 * A RoomLink whose stub is `handler` (the signed request goes through the real signing code; the handler
 * sees the parsed body). `calls` records what was sent.
 */
export function fakeLink(secret: string, handler: FakeRoom, timeoutMs = 1_000) {
  const calls: { to: RoomAddress; body: Record<string, unknown> }[] = [];
  const link = new RoomLink({
    secret,
    publicUrl: null,
    timeoutMs,
    stub: (to) => ({
      async fetch(_path: string, init: RequestInit) {
        const body = JSON.parse(String(init.body)) as Record<string, unknown>;
        calls.push({ to, body });
        const res = await handler(to, body, init);
        return new Response(JSON.stringify(res.body ?? null), { status: res.status, headers: { 'content-type': 'application/json' } });
      },
    }),
  });
  return { link, calls };
}

/** Lets pending promise callbacks run (the rooms' awaits on in-memory storage resolve in microtasks). */
export async function settle(rounds = 20) {
  for (let i = 0; i < rounds; i++) await Promise.resolve();
}
