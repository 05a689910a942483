import { signal } from '@preact/signals-core';
import { CloseCode, PROTOCOL_VERSION, type ErrorCode, type ErrorFrame, type Transport } from '../protocol';
import { Scope } from './scope';
import { SessionError } from './session';

export type RoomStatus =
  | 'connecting'
  | 'connected'
  | 'reconnecting'
  | 'unauthorized'
  | 'not-configured'
  | 'version-mismatch'
  | 'revoked'
  | 'not-found'
  | 'closed';

/** A command the room refused (or could not answer because the socket dropped). */
export class RequestError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly frame?: ErrorFrame,
  ) {
    super(message);
    this.name = 'RequestError';
  }
}

type Frame = { type: string; ref?: string };
type Pending = { frame: Frame; sent: boolean; resolve: (f: Frame) => void; reject: (e: Error) => void };

export type RoomConnectionOptions = {
  transport: Transport;
  /** A token valid for a while; throws SessionError when none can be had. */
  token: () => Promise<string>;
  /** The server refused our token: drop the cached one so the next hello mints another. */
  invalidateToken?: () => Promise<void>;
  lastSeq?: () => number;
  /** Every decoded frame after `welcome` handling; return the frame or null when it is not valid. */
  decode: (raw: string) => Frame | null;
  onFrame: (frame: Frame) => void;
  /** Called after each welcome, once the queue is flushed. */
  onReady?: () => void;
};

/** What a close the transport will not retry (isFatalClose) means for the room's status. */
const STOP_CODES: Partial<Record<number, RoomStatus>> = {
  [CloseCode.versionMismatch]: 'version-mismatch',
  [CloseCode.unauthorized]: 'unauthorized',
  [CloseCode.revoked]: 'revoked',
  [CloseCode.notFound]: 'not-found',
};

/**
 * The socket life shared by the workspace and conversation clients: `hello` with a fresh token on
 * every open, commands carrying a `ref` answered by `ok`/`error`, and a heartbeat that notices a dead
 * socket. The transport reconnects by itself (with protocol/backoff) and stops on a fatal close; this
 * only asks it to connect *now* (alarm, heartbeat, a renewed token).
 */
export class RoomConnection {
  readonly status = signal<RoomStatus>('connecting');
  /** Last problem worth showing (unreachable server, refused frame without ref). */
  readonly problem = signal<string | null>(null);
  private readonly pending = new Map<string, Pending>();
  private readonly scope = new Scope();
  /** Closed, or refused for good: nothing reconnects any more. */
  private stopped = false;
  private refusals = 0;
  private awaitingPong = false;
  private seq = 0;

  constructor(private readonly o: RoomConnectionOptions) {
    this.scope.add(
      o.transport.subscribe({
        open: () => void this.hello(),
        message: (raw) => this.receive(raw),
        close: (code, willRetry) => this.closed(code, willRetry),
      }),
    );
    // Disposed newest first: the transport closes (its close is still heard), then we stop listening.
    this.scope.add(() => o.transport.close());
  }

  get connected(): boolean {
    return this.status.value === 'connected';
  }

  /** Sends a command with a fresh `ref`; resolves with the `ok` (or richer) answer. */
  request<T extends Frame = Frame>(frame: Omit<Frame, 'ref'> & Record<string, unknown>): Promise<T> {
    if (this.stopped) return Promise.reject(new RequestError('unavailable', 'Not connected'));
    const ref = `r${++this.seq}-${Math.random().toString(36).slice(2, 8)}`;
    return new Promise<T>((resolve, reject) => {
      const entry: Pending = { frame: { ...frame, ref }, sent: false, resolve: resolve as (f: Frame) => void, reject };
      this.pending.set(ref, entry);
      if (this.connected) entry.sent = this.o.transport.send(JSON.stringify(entry.frame));
    });
  }

  /** Fire-and-forget frame (typing, seen, ping); dropped when not connected. */
  sendNow(frame: Frame & Record<string, unknown>): boolean {
    return this.connected && this.o.transport.send(JSON.stringify(frame));
  }

  /** Call well under 30 s apart: pings, and reconnects when the last ping got no pong. */
  heartbeat(): void {
    if (this.stopped) return;
    if (!this.connected) {
      if (this.status.value === 'reconnecting') this.o.transport.reconnect();
      return;
    }
    if (this.awaitingPong) {
      this.awaitingPong = false;
      this.o.transport.reconnect();
      return;
    }
    this.awaitingPong = this.sendNow({ type: 'ping' });
  }

  /** Reconnect at once if down (alarm revive, network back). */
  revive(): void {
    if (!this.connected && !this.stopped) this.o.transport.reconnect();
  }

  close(): void {
    this.stop('closed');
    this.scope.dispose();
  }

  private stop(status: RoomStatus): void {
    this.stopped = true;
    this.status.value = status;
    this.failPending('unavailable', 'The connection was closed', true);
  }

  private async hello(): Promise<void> {
    this.awaitingPong = false;
    let token: string;
    try {
      token = await this.o.token();
    } catch (e) {
      const code = e instanceof SessionError ? e.code : 'unreachable';
      this.problem.value = (e as Error).message;
      if (code === 'wrong-credential') return this.stop('unauthorized');
      if (code === 'not-configured' || code === 'invalid-settings') return this.stop('not-configured');
      // No hello: the room closes this socket at its hello deadline and the transport retries, backing off.
      this.status.value = 'reconnecting';
      return;
    }
    this.o.transport.send(JSON.stringify({ type: 'hello', v: PROTOCOL_VERSION, token, lastSeq: this.o.lastSeq?.() ?? 0 }));
  }

  private receive(raw: string): void {
    const frame = this.o.decode(raw);
    if (!frame) return;
    if (frame.type === 'welcome') {
      this.refusals = 0;
      this.status.value = 'connected';
      this.problem.value = null;
      this.o.onFrame(frame);
      for (const p of this.pending.values()) if (!p.sent) p.sent = this.o.transport.send(JSON.stringify(p.frame));
      this.o.onReady?.();
      return;
    }
    if (frame.type === 'pong') {
      this.awaitingPong = false;
      return;
    }
    const entry = frame.ref !== undefined ? this.pending.get(frame.ref) : undefined;
    if (entry && (frame.type === 'ok' || frame.type === 'error' || frame.type === 'agent-created' || frame.type === 'invite-created')) {
      this.pending.delete(frame.ref!);
      if (frame.type === 'error') {
        const err = frame as ErrorFrame;
        entry.reject(new RequestError(err.code, err.message, err));
      } else entry.resolve(frame);
      return;
    }
    if (frame.type === 'error') this.problem.value = (frame as ErrorFrame).message;
    this.o.onFrame(frame);
  }

  private closed(code: number, willRetry: boolean): void {
    this.failPending('unavailable', 'The connection dropped before the room answered', false);
    if (this.stopped) return;
    if (code === CloseCode.unauthorized && ++this.refusals < 2) {
      // One refusal: the token expired or the secret rotated. Try once more with a new one (two in a row: this agent is out).
      this.status.value = 'reconnecting';
      void Promise.resolve(this.o.invalidateToken?.())
        .catch(() => {})
        .then(() => {
          if (!this.stopped) this.o.transport.reconnect();
        });
      return;
    }
    if (!willRetry) return this.stop(STOP_CODES[code] ?? 'closed');
    this.status.value = 'reconnecting';
  }

  /** Commands already on the wire may or may not have run: the caller decides (not resent). */
  private failPending(code: ErrorCode, message: string, all: boolean): void {
    for (const [ref, p] of this.pending) {
      if (!all && !p.sent) continue;
      this.pending.delete(ref);
      p.reject(new RequestError(code, message));
    }
  }
}
