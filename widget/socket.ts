import { CloseCode } from '../protocol/version';

/** What the chat model needs from a connection: PartyKit's socket in the page, an in-memory pair in tests. */
export interface Transport {
  send(data: string): void;
  close(): void;
}
export type TransportHandlers = {
  /** Connected (again): the model sends `hello` each time. */
  open(): void;
  message(data: string): void;
  /** Disconnected; `willRetry` is false for refusals that retrying cannot fix. */
  close(code: number, willRetry: boolean): void;
};
export type Connect = (handlers: TransportHandlers) => Transport;

/** Refusals where reconnecting would only be refused again. */
const FATAL: ReadonlySet<number> = new Set([CloseCode.versionMismatch, CloseCode.unauthorized, CloseCode.revoked, CloseCode.notFound]);

/**
 * Full jitter on an exponential step, capped at 30 s. Attempt 0 waits 250-1000 ms, so the first
 * retry always comes within a second; a crowd of visitors reconnecting after a deploy spreads out.
 */
export function backoffDelay(attempt: number, random: () => number = Math.random): number {
  return Math.round(Math.min(30_000, 1000 * 2 ** attempt) * (0.25 + 0.75 * random()));
}

const PING_EVERY = 20_000;
const DEAD_AFTER = 45_000;

/**
 * A small reconnecting WebSocket (partysocket costs 4 KB gzipped; this is a few hundred bytes).
 * A silent connection is pinged, and dropped and retried when even pings go unanswered.
 */
export function reconnectingSocket(url: string, h: TransportHandlers, WS: typeof WebSocket = WebSocket): Transport {
  let ws: WebSocket | null = null;
  let attempt = 0;
  let stopped = false;
  let retryTimer: ReturnType<typeof setTimeout> | undefined;
  let lastHeard = 0;

  const connect = () => {
    clearTimeout(retryTimer);
    if (stopped) return;
    const sock = new WS(url);
    ws = sock;
    sock.onopen = () => {
      attempt = 0;
      lastHeard = Date.now();
      h.open();
    };
    sock.onmessage = (e) => {
      lastHeard = Date.now();
      if (typeof e.data === 'string') h.message(e.data);
    };
    sock.onclose = (e) => lost(sock, e.code);
  };
  const lost = (sock: WebSocket, code: number) => {
    if (ws !== sock) return;
    ws = null;
    const retry = !stopped && !FATAL.has(code);
    h.close(code, retry);
    if (retry) retryTimer = setTimeout(connect, backoffDelay(attempt++));
  };

  const heartbeat = setInterval(() => {
    if (ws?.readyState !== 1) return;
    const silent = Date.now() - lastHeard;
    // A dead link may take minutes to report its close: give up on it now.
    if (silent > DEAD_AFTER) {
      const dead = ws;
      dead.close();
      lost(dead, 1006);
    }
    else if (silent > PING_EVERY) ws.send('{"type":"ping"}');
  }, PING_EVERY / 2);
  // Coming back online: retry now rather than waiting out the backoff.
  const online = () => ws === null && connect();
  addEventListener('online', online);

  connect();
  return {
    send: (data) => {
      if (ws?.readyState === 1) ws.send(data);
    },
    close: () => {
      stopped = true;
      clearTimeout(retryTimer);
      clearInterval(heartbeat);
      removeEventListener('online', online);
      ws?.close();
    },
  };
}
