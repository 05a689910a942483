import PartySocket from 'partysocket';
import { socketTarget } from './session';

export type TransportListener = {
  open?(): void;
  message?(data: string): void;
  close?(code: number, reason: string): void;
};

/**
 * The smallest socket the models need. PartySocket in production, an in-memory pair in tests.
 * `send` returns false when the socket is not open: callers keep the frame themselves, because a
 * frame buffered by the socket would be flushed before our `hello` on reconnect.
 */
export interface Transport {
  send(data: string): boolean;
  subscribe(listener: TransportListener): () => void;
  /** Open again now; the caller owns the backoff. */
  reconnect(): void;
  /** Close for good. */
  close(): void;
}

export type RoomAddress = { server: string; party: 'workspace' | 'conversation'; room: string };

/** A PartySocket that never retries or buffers by itself: the models decide when and what. */
export function partyTransport(address: RoomAddress, WebSocketImpl?: typeof WebSocket): Transport {
  const { host, protocol } = socketTarget(address.server);
  const socket = new PartySocket({
    host,
    protocol,
    party: address.party,
    room: address.room,
    maxRetries: 0,
    maxEnqueuedMessages: 0,
    ...(WebSocketImpl ? { WebSocket: WebSocketImpl } : {}),
  });
  const listeners = new Set<TransportListener>();
  socket.addEventListener('open', () => listeners.forEach((l) => l.open?.()));
  socket.addEventListener('message', (e: MessageEvent) => {
    if (typeof e.data === 'string') listeners.forEach((l) => l.message?.(e.data));
  });
  socket.addEventListener('close', (e: CloseEvent) => listeners.forEach((l) => l.close?.(e.code, e.reason)));
  return {
    send: (data) => socket.readyState === 1 && socket.send(data),
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    reconnect: () => socket.reconnect(),
    close: () => socket.close(),
  };
}

/** Exponential backoff with "equal jitter": half fixed, half random, so agents don't reconnect in lockstep. */
export function backoffDelay(attempt: number, random: () => number = Math.random, baseMs = 500, maxMs = 30_000): number {
  const ceiling = Math.min(maxMs, baseMs * 2 ** Math.max(0, attempt));
  return Math.round(ceiling / 2 + (ceiling / 2) * random());
}

/**
 * Reopens a transport after each unexpected close, waiting backoffDelay(attempt).
 * `succeeded()` (after a welcome) resets the attempt count; `stop()` ends it.
 */
export class Reconnector {
  private attempt = 0;
  private timer: ReturnType<typeof setTimeout> | null = null;
  private stopped = false;

  constructor(
    private readonly transport: Transport,
    private readonly random: () => number = Math.random,
  ) {}

  /** Schedules one reconnect; returns the delay chosen (or null when stopped). */
  schedule(): number | null {
    if (this.stopped || this.timer) return null;
    const delay = backoffDelay(this.attempt++, this.random);
    this.timer = setTimeout(() => {
      this.timer = null;
      if (!this.stopped) this.transport.reconnect();
    }, delay);
    return delay;
  }

  /** Reconnect at once (an alarm found the socket down, or the network came back). */
  now(): void {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    this.transport.reconnect();
  }

  succeeded(): void {
    this.attempt = 0;
  }

  stop(): void {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  get stoppedForGood(): boolean {
    return this.stopped;
  }
}
