import PartySocket from 'partysocket';
import { backoffDelay, isFatalClose, Limits, SOCKET_BASE_MS, SOCKET_CAP_MS, type Transport, type TransportListener } from '../protocol';
import { Scope } from './scope';
import { socketTarget } from './session';

export type { Transport, TransportListener };
export type RoomAddress = { server: string; party: 'workspace' | 'conversation'; room: string };

/** A connection not open after this long is given up and retried (partysocket's `connectionTimeout`). */
export const CONNECT_TIMEOUT_MS = 10_000;
/**
 * A connection that stayed open this long was a good one: the backoff starts again from its first step
 * (partysocket's `minUptime`). Longer than the room's hello grace, so a socket the room closes because
 * no `hello` came (the token could not be had) still counts as a failed attempt and the waits grow.
 */
export const MIN_UPTIME_MS = Limits.helloGraceMs + 5_000;

/**
 * A PartySocket whose waits between attempts come from protocol/backoff (equal jitter, 0.5–1 s first,
 * up to 30 s), and whose wait can be cut short. partysocket 1.3 waits in its TS-private `_wait()` (a
 * timer of `_getNextDelay()`: 3 s × 1.3ⁿ, no jitter, up to 10 s) that nothing can wake: its `reconnect()`
 * during a wait only resets the count. This is the one place that reaches into it: `_wait` is replaced on
 * this class's prototype. tests/unit/extension/transport.test.ts checks, on a real PartySocket, that the
 * waits are ours and that `now()` wakes one, so an upgrade that renames or reshapes `_wait` fails there.
 */
export class BackoffPartySocket extends PartySocket {
  /** The jitter's source (a test fixes it). */
  random: () => number = Math.random;
  /** Ends the current wait early; null when not waiting. */
  private wake: (() => void) | null = null;

  /** Connect now: ends a backoff wait, or (when not waiting) reconnects, dropping a live connection. */
  now(): void {
    if (this.wake) this.wake();
    else this.reconnect();
  }

  /** Whether a backoff wait is running (between a lost connection and the next attempt). */
  get waiting(): boolean {
    return this.wake !== null;
  }

  /** Closes for good; a wait still running ends now (and, the socket being closed, connects nothing). */
  override close(code?: number, reason?: string): void {
    super.close(code, reason);
    this.wake?.();
  }
}

/**
 * partysocket counts connection attempts in `retryCount`: 0 for the first one (and after `reconnect()`),
 * n for the n-th retry since the last connection that lasted `minUptime`. The first goes at once.
 */
function backoffWait(this: BackoffPartySocket): Promise<void> {
  const socket = this as unknown as { wake: (() => void) | null; retryCount: number; random: () => number };
  const retries = socket.retryCount;
  const delay = retries === 0 ? 0 : backoffDelay(retries - 1, SOCKET_BASE_MS, SOCKET_CAP_MS, socket.random);
  return new Promise<void>((resolve) => {
    const done = () => {
      clearTimeout(timer);
      if (socket.wake === done) socket.wake = null;
      resolve();
    };
    const timer = setTimeout(done, delay);
    socket.wake = done;
  });
}
Object.defineProperty(BackoffPartySocket.prototype, '_wait', { value: backoffWait, configurable: true, writable: true });

export type PartyTransportOptions = { WebSocket?: typeof WebSocket; random?: () => number };

/**
 * The extension's Transport: a PartySocket that owns reconnecting (its connection timeout, minUptime,
 * our backoff, no retry after a fatal close), and reconnects at once when the network comes back.
 *
 * Its send buffer stays off (`maxEnqueuedMessages: 0`): partysocket flushes the buffer on open *before*
 * the open event, so buffered frames would reach the room before our `hello`, which it refuses. The hello
 * cannot be buffered first either: it carries a token fetched at open time and the last seq held then.
 * The models keep what must not be lost themselves (the outbox in storage.local, resent after `welcome`
 * under its client ids), which also survives the worker or panel being stopped, where a buffer would not.
 */
export function partyTransport(address: RoomAddress, { WebSocket: WebSocketImpl, random }: PartyTransportOptions = {}): Transport {
  const { host, protocol } = socketTarget(address.server);
  const socket = new BackoffPartySocket({
    host,
    protocol,
    party: address.party,
    room: address.room,
    // The first attempt starts with `reconnect()` below, once this class's fields exist (see `_wait`).
    startClosed: true,
    connectionTimeout: CONNECT_TIMEOUT_MS,
    minUptime: MIN_UPTIME_MS,
    maxEnqueuedMessages: 0,
    shouldReconnectOnClose: (e) => !isFatalClose(e.code),
    ...(WebSocketImpl ? { WebSocket: WebSocketImpl } : {}),
  });
  if (random) socket.random = random;
  const listeners = new Set<TransportListener>();
  const scope = new Scope();
  socket.addEventListener('open', () => listeners.forEach((l) => l.open?.()));
  socket.addEventListener('message', (e: MessageEvent) => {
    if (typeof e.data === 'string') listeners.forEach((l) => l.message?.(e.data));
  });
  // partysocket has decided by now (shouldReconnectOnClose, close()) and is already waiting if it retries.
  socket.addEventListener('close', (e: CloseEvent) => listeners.forEach((l) => l.close?.(e.code, !scope.disposed && socket.shouldReconnect)));
  // Back online: connect now rather than at the end of the wait.
  const online = () => {
    if (socket.waiting) socket.now();
  };
  if (typeof globalThis.addEventListener === 'function') {
    const target = globalThis;
    target.addEventListener('online', online);
    scope.add(() => target.removeEventListener('online', online));
  }
  scope.add(() => socket.close());
  socket.reconnect();
  return {
    send: (data) => socket.readyState === 1 && socket.send(data),
    subscribe(listener) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    reconnect: () => {
      if (!scope.disposed) socket.now();
    },
    close: () => scope.dispose(),
  };
}
