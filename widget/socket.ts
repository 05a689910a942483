import { backoffDelay, SOCKET_BASE_MS, SOCKET_CAP_MS } from '../protocol/backoff';
import { isFatalClose, type Transport, type TransportListener } from '../protocol/transport';

export type { Transport, TransportListener };
/** Opens the chat's connection (a reconnecting socket in the page, a fake room in tests). */
export type Connect = () => Transport;

const PING_EVERY = 20_000;
const DEAD_AFTER = 45_000;

/**
 * The widget's own small reconnecting WebSocket: partysocket would add 2.3 KB (its ReconnectingWebSocket)
 * to 3.5 KB (PartySocket) gzipped to the chat bundle's 25 KB budget; this is a few hundred bytes. It keeps
 * the Transport contract (protocol/transport.ts): retries after `backoffDelay(attempt, SOCKET_BASE_MS,
 * SOCKET_CAP_MS)` until a fatal close, and reconnects at once when the browser comes back online. A silent connection is pinged, and dropped and retried when even
 * pings go unanswered. Nothing is buffered: the chat model keeps its own outbox.
 */
export function reconnectingSocket(url: string, WS: typeof WebSocket = WebSocket): Transport {
  const listeners = new Set<TransportListener>();
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
      listeners.forEach((l) => l.open?.());
    };
    sock.onmessage = (e) => {
      lastHeard = Date.now();
      if (typeof e.data === 'string') listeners.forEach((l) => l.message?.(e.data));
    };
    sock.onclose = (e) => lost(sock, e.code);
  };
  const lost = (sock: WebSocket, code: number) => {
    if (ws !== sock) return;
    ws = null;
    const retry = !stopped && !isFatalClose(code);
    listeners.forEach((l) => l.close?.(code, retry));
    if (retry) retryTimer = setTimeout(connect, backoffDelay(attempt++, SOCKET_BASE_MS, SOCKET_CAP_MS));
  };
  /** Drops a live connection (reported as 1006, retried) without waiting for the browser to notice. */
  const drop = () => {
    const dead = ws;
    if (!dead) return;
    dead.close();
    lost(dead, 1006);
  };

  const heartbeat = setInterval(() => {
    if (ws?.readyState !== 1) return;
    const silent = Date.now() - lastHeard;
    // A dead link may take minutes to report its close: give up on it now.
    if (silent > DEAD_AFTER) drop();
    else if (silent > PING_EVERY) ws.send('{"type":"ping"}');
  }, PING_EVERY / 2);
  const reconnect = () => {
    drop();
    connect();
  };
  // Coming back online: retry now rather than waiting out the backoff.
  const online = () => ws === null && connect();
  addEventListener('online', online);

  connect();
  return {
    send: (data) => ws?.readyState === 1 && (ws.send(data), true),
    subscribe(l) {
      listeners.add(l);
      return () => listeners.delete(l);
    },
    reconnect,
    close: () => {
      stopped = true;
      clearTimeout(retryTimer);
      clearInterval(heartbeat);
      removeEventListener('online', online);
      ws?.close();
    },
  };
}
