import WS from 'ws';
import { createServer, request as httpRequest, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';
import { PROTOCOL_VERSION } from '../../protocol';
import type { TestServer } from '../helpers/server';

// What the security files share: a raw WebSocket client that can be watched closing, waits with a deadline,
// and small local HTTP listeners that stand in for a foreign host or a flaky path to the server.

export type Frame = { type: string; [k: string]: any };
export type Closed = { code: number; reason: string };

/** A bare `ws` socket on a room: every frame kept, the close awaitable, no reconnect, no buffering. */
export class Raw {
  frames: Frame[] = [];
  closeInfo: Closed | null = null;
  readonly closed: Promise<Closed>;
  private waiters: { pred: (f: Frame) => boolean; resolve: (f: Frame) => void }[] = [];

  private constructor(readonly ws: WS) {
    this.closed = new Promise((resolve) =>
      ws.on('close', (code, reason) => {
        this.closeInfo = { code, reason: String(reason) };
        resolve(this.closeInfo);
      }),
    );
    ws.on('error', () => undefined); // a refused upgrade or a reset shows as a close
    ws.on('message', (data) => {
      let frame: Frame;
      try {
        frame = JSON.parse(String(data));
      } catch {
        frame = { type: '<not json>', raw: String(data) };
      }
      this.frames.push(frame);
      this.waiters = this.waiters.filter((w) => (w.pred(frame) ? (w.resolve(frame), false) : true));
    });
  }

  /** Opens a socket on /parties/<party>/<room>; resolves once it is open (or closed, if the room refuses the upgrade). */
  static async open(server: TestServer, party: 'conversation' | 'workspace', room: string): Promise<Raw> {
    const raw = new Raw(new WS(`${server.wsUrl}/parties/${party}/${encodeURIComponent(room)}?_pk=sec${Math.random().toString(36).slice(2)}`));
    await Promise.race([new Promise((r) => raw.ws.once('open', r)), raw.closed]);
    return raw;
  }

  /** Opens and says hello; resolves with the socket and the room's answer (welcome or error). */
  static async hello(server: TestServer, party: 'conversation' | 'workspace', room: string, token: string, lastSeq = 0) {
    const raw = await Raw.open(server, party, room);
    const answer = raw.next((f) => f.type === 'welcome' || f.type === 'error');
    raw.send({ type: 'hello', v: PROTOCOL_VERSION, token, lastSeq });
    return { raw, answer: await answer };
  }

  get isOpen() {
    return this.ws.readyState === WS.OPEN;
  }

  send(frame: unknown) {
    if (this.ws.readyState === WS.OPEN) this.ws.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
  }

  /** The first frame matching `pred` since index `from` (default: all), or a future one; rejects after `timeoutMs`. */
  next(pred: (f: Frame) => boolean, timeoutMs = 10_000, from = 0): Promise<Frame> {
    const seen = this.frames.slice(from).find(pred);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`timed out waiting for ${pred.toString().slice(0, 120)}; last frames: ${JSON.stringify(this.frames.slice(-4)).slice(0, 600)}`)), timeoutMs);
      this.waiters.push({ pred, resolve: (f) => (clearTimeout(timer), resolve(f)) });
    });
  }

  /** Sends a command with a ref; resolves with the frame answering that ref, or `closed` if the socket closes first. */
  async request(frame: Frame, timeoutMs = 10_000): Promise<Frame | { type: 'closed'; code: number }> {
    // A `send` is answered by an ack (or an error) naming its message id; other commands by their ref.
    const isSend = frame.type === 'send';
    const ref = isSend ? frame.id : (frame.ref ?? `s${Math.random().toString(36).slice(2, 10)}`);
    const mark = this.frames.length;
    if (!this.isOpen) return { type: 'closed', code: this.closeInfo?.code ?? 0 };
    const answer = this.next((f) => (isSend && f.type === 'ack' && f.id === ref) || (f.type !== 'ack' && f.ref === ref), timeoutMs, mark);
    this.send(isSend ? frame : { ...frame, ref });
    return Promise.race([answer, this.closed.then((c) => ({ type: 'closed' as const, code: c.code }))]);
  }

  /** A ping/pong round trip: everything the room sent before the pong has arrived. `closed` if the socket closes instead. */
  async roundTrip(timeoutMs = 10_000): Promise<'pong' | 'closed'> {
    if (!this.isOpen) return 'closed';
    const mark = this.frames.length;
    const pong = this.next((f) => f.type === 'pong', timeoutMs, mark).then(() => 'pong' as const);
    this.send({ type: 'ping' });
    return Promise.race([pong, this.closed.then(() => 'closed' as const)]);
  }

  /** Resolves with the close, or rejects with `what` after `timeoutMs` (a deadline, not a timing claim). */
  closedWithin(timeoutMs: number, what = 'the socket to close'): Promise<Closed> {
    let timer: ReturnType<typeof setTimeout>;
    return Promise.race([
      this.closed.finally(() => clearTimeout(timer)),
      new Promise<never>((_, reject) => {
        timer = setTimeout(() => reject(new Error(`timed out waiting for ${what}; still open, last frames: ${JSON.stringify(this.frames.slice(-3)).slice(0, 400)}`)), timeoutMs);
      }),
    ]);
  }

  /** Closes; if the room does not complete the close handshake within a second, drops the connection. */
  close() {
    if (this.ws.readyState === WS.OPEN || this.ws.readyState === WS.CONNECTING) {
      this.ws.close();
      setTimeout(() => this.ws.terminate(), 1_000).unref();
    }
  }
}

/** Polls `check` until true; throws `what` after `timeoutMs`. A wait with a deadline, never a timing assertion. */
export async function until(check: () => boolean | Promise<boolean>, what: string, timeoutMs = 30_000, everyMs = 100) {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, everyMs));
  }
}

export const sleepUntil = (at: number) => new Promise((r) => setTimeout(r, Math.max(0, at - Date.now())));

export type Seen = { method: string; url: string; headers: IncomingMessage['headers']; body: string };

/** A local HTTP listener standing in for a host the attacker controls: answers 200 `{}` to everything and counts. */
export async function foreignHost() {
  const requests: Seen[] = [];
  const sockets = new Set<Socket>();
  const srv = createServer((req, res) => {
    let body = '';
    req.on('data', (d) => (body += d));
    req.on('end', () => {
      requests.push({ method: req.method ?? '', url: req.url ?? '', headers: req.headers, body });
      // What the room would like to hear: "ok", and, for an agent check, an agent who was revoked.
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ ok: true, id: 'forged', name: 'Forged', email: 'f@example.com', role: 'agent', manageLiveChat: false, online: false, status: 'offline', revoked: true }));
    });
  });
  srv.on('connection', (s) => (sockets.add(s), s.on('close', () => sockets.delete(s))));
  const port = await listen(srv);
  return {
    port,
    host: `127.0.0.1:${port}`,
    url: `http://127.0.0.1:${port}`,
    requests,
    close: () => close(srv, sockets),
  };
}

export type ProxyMode = 'pass' | 'refuse-first' | 'hang-first';

/**
 * A pass-through proxy to the test server, used as BATON_PUBLIC_URL: each room-to-room call (`/internal`)
 * is counted per workspace id, and for a workspace set to `refuse-first` or `hang-first` the first such call
 * is answered 500 or never answered.
 */
export async function flakyProxy(targetPort: () => number) {
  const modes = new Map<string, ProxyMode>();
  const internal = new Map<string, number>();
  const sockets = new Set<Socket>();
  const handle = (req: IncomingMessage, res: ServerResponse) => {
    const m = /^\/parties\/workspace\/([^/?]+)\/internal/.exec(req.url ?? '');
    const ws = m ? decodeURIComponent(m[1]!) : null;
    if (ws !== null) {
      const n = (internal.get(ws) ?? 0) + 1;
      internal.set(ws, n);
      const mode = modes.get(ws) ?? 'pass';
      if (n === 1 && mode === 'refuse-first') {
        req.resume();
        res.writeHead(500, { 'content-type': 'application/json' });
        res.end('{"type":"error","code":"internal","message":"proxy refused"}');
        return;
      }
      if (n === 1 && mode === 'hang-first') {
        req.resume(); // read the body, answer never
        return;
      }
    }
    const up = httpRequest({ host: '127.0.0.1', port: targetPort(), method: req.method, path: req.url, headers: req.headers, agent: false }, (upRes) => {
      res.writeHead(upRes.statusCode ?? 502, upRes.headers);
      upRes.pipe(res);
    });
    up.on('error', () => {
      if (!res.headersSent) res.writeHead(502);
      res.end();
    });
    req.pipe(up);
  };
  const srv = createServer(handle);
  srv.on('connection', (s) => (sockets.add(s), s.on('close', () => sockets.delete(s))));
  const port = await listen(srv);
  return {
    port,
    url: `http://127.0.0.1:${port}`,
    setMode: (ws: string, mode: ProxyMode) => modes.set(ws, mode),
    internalCalls: (ws: string) => internal.get(ws) ?? 0,
    close: () => close(srv, sockets),
  };
}

function listen(srv: Server): Promise<number> {
  return new Promise((resolve, reject) => {
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const a = srv.address();
      resolve(typeof a === 'object' && a ? a.port : 0);
    });
  });
}

function close(srv: Server, sockets: Set<Socket>): Promise<void> {
  for (const s of sockets) s.destroy();
  return new Promise((r) => srv.close(() => r()));
}

/**
 * A raw HTTP request with full control of headers and body (node:http, no keep-alive). `body` may be a list of
 * chunks (sent with chunked transfer encoding when no content-length is given). Resolves with the answer, or
 * `{ status: 0 }` when the server resets the connection.
 */
export function rawRequest(
  server: TestServer,
  path: string,
  opts: { method?: string; headers?: Record<string, string | number>; body?: string | string[]; timeoutMs?: number },
): Promise<{ status: number; body: any; text: string }> {
  return new Promise((resolve, reject) => {
    const req = httpRequest(`${server.url}${path}`, { method: opts.method ?? 'POST', agent: false, headers: opts.headers ?? {} }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (d) => (text += d));
      res.on('end', () => {
        let body: any = null;
        try {
          body = JSON.parse(text);
        } catch {
          /* not JSON */
        }
        resolve({ status: res.statusCode ?? 0, body, text });
      });
      res.on('error', () => resolve({ status: res.statusCode ?? 0, body: null, text }));
    });
    const timer = setTimeout(() => {
      req.destroy();
      reject(new Error(`no answer to ${opts.method ?? 'POST'} ${path} within ${opts.timeoutMs ?? 20_000} ms`));
    }, opts.timeoutMs ?? 20_000);
    req.on('close', () => clearTimeout(timer));
    req.on('error', (err) => {
      clearTimeout(timer);
      if ((err as NodeJS.ErrnoException).code === 'ECONNRESET' || (err as NodeJS.ErrnoException).code === 'EPIPE') resolve({ status: 0, body: null, text: '' });
      else reject(err);
    });
    const chunks = opts.body === undefined ? [] : Array.isArray(opts.body) ? opts.body : [opts.body];
    const writeAll = async () => {
      for (const c of chunks) {
        if (req.destroyed) return;
        if (!req.write(c)) {
          await new Promise<void>((r) => {
            const done = () => (req.off('drain', done), req.off('close', done), r());
            req.on('drain', done).on('close', done);
          });
        }
      }
      req.end();
    };
    void writeAll();
  });
}
