import { expect } from 'vitest';
import PartySocket from 'partysocket';
import WS from 'ws';
import { request as httpRequest } from 'node:http';
import { PROTOCOL_VERSION } from '../../protocol';
import { TEST_SETUP_KEY, type TestServer } from './server';

export type Frame = { type: string; [k: string]: any };

/** A protocol client over a real partysocket: records every frame, waits for the ones a test expects. */
export class Client {
  frames: Frame[] = [];
  closed: { code: number; reason: string } | null = null;
  private waiters: { pred: (f: Frame) => boolean; resolve: (f: Frame) => void }[] = [];
  readonly socket: PartySocket;

  constructor(server: TestServer, party: 'conversation' | 'workspace', room: string, opts: { reconnect?: boolean } = {}) {
    this.socket = new PartySocket({
      host: server.host,
      party,
      room,
      WebSocket: WS as any,
      maxRetries: opts.reconnect ? Infinity : 0,
      minReconnectionDelay: 100,
      maxReconnectionDelay: 500,
      startClosed: true,
    });
    this.socket.addEventListener('message', (e) => {
      const frame = JSON.parse(String(e.data)) as Frame;
      this.frames.push(frame);
      this.waiters = this.waiters.filter((w) => (w.pred(frame) ? (w.resolve(frame), false) : true));
    });
    this.socket.addEventListener('close', (e) => (this.closed = { code: e.code, reason: e.reason }));
  }

  /** Opens the socket and says hello; resolves with the welcome (or the error that refused it). */
  async open(token: string, lastSeq = 0): Promise<Frame> {
    const opened = new Promise((r) => this.socket.addEventListener('open', r, { once: true }));
    this.socket.reconnect();
    await opened;
    const answer = this.next((f) => f.type === 'welcome' || f.type === 'error');
    this.send({ type: 'hello', v: PROTOCOL_VERSION, token, lastSeq });
    return answer;
  }

  send(frame: unknown) {
    this.socket.send(typeof frame === 'string' ? frame : JSON.stringify(frame));
  }

  /** Resolves with the first frame matching `pred`, among those received since index `from` (default: all) or future ones. */
  next(pred: (f: Frame) => boolean, timeoutMs = 10_000, from = 0): Promise<Frame> {
    const seen = this.frames.slice(from).find(pred);
    if (seen) return Promise.resolve(seen);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`timed out waiting for ${pred.toString().slice(0, 120)}; last frames: ${JSON.stringify(this.frames.slice(-5))}`)), timeoutMs);
      this.waiters.push({ pred, resolve: (f) => (clearTimeout(timer), resolve(f)) });
    });
  }

  /** Sends a command with a ref and waits for its ok/error. */
  async request(frame: Frame): Promise<Frame> {
    const ref = frame.ref ?? `r${Math.random().toString(36).slice(2)}`;
    const answer = this.next((f) => (f.type === 'ok' || f.type === 'error' || f.type === 'agent-created' || f.type === 'invite-created') && f.ref === ref);
    this.send({ ...frame, ref });
    return answer;
  }

  /** Resolves with how the server closed the socket (at once if it already has). */
  whenClosed(timeoutMs = 10_000): Promise<{ code: number; reason: string }> {
    if (this.closed) return Promise.resolve(this.closed);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`the socket was not closed within ${timeoutMs} ms; last frames: ${JSON.stringify(this.frames.slice(-3))}`)), timeoutMs);
      this.socket.addEventListener('close', (e) => (clearTimeout(timer), resolve({ code: e.code, reason: e.reason })), { once: true });
    });
  }

  /**
   * A ping and its pong: the room handles a socket's frames in order, so once the pong is back every frame it
   * sent before it has arrived — "nothing else came" without waiting a fixed time.
   */
  async roundTrip(): Promise<void> {
    const from = this.frames.length;
    this.send({ type: 'ping' });
    await this.next((f) => f.type === 'pong', 10_000, from);
  }

  close() {
    this.socket.close();
  }
}

/**
 * POSTs JSON with a fresh connection per request (node:http, no keep-alive): a reused idle connection can be
 * reset by the dev server just as a request goes out, and a POST must not be silently retried.
 */
export function post(server: TestServer, path: string, body: unknown, headers: Record<string, string> = {}): Promise<{ status: number; body: any }> {
  const payload = typeof body === 'string' ? body : JSON.stringify(body);
  return new Promise((resolve, reject) => {
    const req = httpRequest(
      `${server.url}${path}`,
      { method: 'POST', agent: false, headers: { 'content-type': 'application/json', 'content-length': Buffer.byteLength(payload), ...headers } },
      (res) => {
        let text = '';
        res.setEncoding('utf8');
        res.on('data', (d) => (text += d));
        res.on('end', () => {
          let parsed: any = null;
          try {
            parsed = JSON.parse(text);
          } catch {
            /* not JSON */
          }
          resolve({ status: res.statusCode ?? 0, body: parsed });
        });
      },
    );
    req.on('error', reject);
    req.end(payload);
  });
}

export const DEMO_ORIGIN = 'http://site.test';

let wsCounter = 0;
/** A fresh workspace with an admin and the demo playbook allowed on DEMO_ORIGIN. */
export async function setupWorkspace(server: TestServer, origins = [DEMO_ORIGIN]) {
  // Unique across processes too: test files in parallel workers share one server.
  const ws = `ws-${Date.now().toString(36)}-${process.pid.toString(36)}-${wsCounter++}`;
  const setup = await post(server, `/parties/workspace/${ws}/setup`, { name: 'Ada Admin', email: 'ada@example.com', demoPlaybook: true, allowedOrigins: origins }, { 'x-baton-setup-key': TEST_SETUP_KEY });
  if (setup.status !== 201) throw new Error(`setup failed: ${JSON.stringify(setup)}`);
  const token = await sessionToken(server, ws, setup.body.credential);
  return { ws, adminCredential: setup.body.credential as string, admin: setup.body.agent, playbookId: setup.body.playbookId as string, adminToken: token };
}

export async function sessionToken(server: TestServer, ws: string, credential: string): Promise<string> {
  const res = await post(server, `/parties/workspace/${ws}/session`, { credential });
  if (res.status !== 200) throw new Error(`session failed: ${JSON.stringify(res)}`);
  return res.body.token;
}

/** Adds an agent through the admin's workspace socket; returns its id, credential and token. */
export async function addAgent(server: TestServer, ws: string, admin: Client, name: string, extra: { role?: 'admin' | 'agent'; manageLiveChat?: boolean } = {}) {
  const created = await admin.request({ type: 'agent-create', name, email: `${name.toLowerCase().replace(/\W/g, '')}@example.com`, role: extra.role ?? 'agent', manageLiveChat: extra.manageLiveChat ?? false });
  if (created.type !== 'agent-created') throw new Error(`agent-create failed: ${JSON.stringify(created)}`);
  return { id: created.agent.id as string, credential: created.credential as string, token: await sessionToken(server, ws, created.credential) };
}

export const visitorContext = { pageUrl: 'http://site.test/pricing', referrer: 'https://search.example/', language: 'en-GB', userAgent: 'Mozilla/5.0 Test' };

export async function startConversation(server: TestServer, ws: string, playbookId: string, origin = DEMO_ORIGIN, ip?: string) {
  return post(
    server,
    `/parties/workspace/${ws}/conversations`,
    {
      playbookId,
      transcript: [
        // The demo playbook's greeting: a bot line the playbook does not say would be kept as the visitor's (issue 11).
        { from: 'bot', text: 'Hi there! 👋 Thanks for visiting.', at: Date.now() - 2000 },
        { from: 'visitor', text: 'Talk to sales', at: Date.now() - 1000 },
      ],
      answers: { topic: 'sales', name: 'Vera Visitor' },
      context: visitorContext,
    },
    { origin, ...(ip ? { 'cf-connecting-ip': ip } : {}) },
  );
}

let idCounter = 0;
export const clientId = (prefix = 'm') => `${prefix}${Date.now().toString(36)}${(idCounter++).toString(36).padStart(4, '0')}`;

/** A fresh workspace whose admin has a workspace socket open and is Online (the usual start of a test). */
export async function onlineWorkspace(server: TestServer) {
  const setup = await setupWorkspace(server);
  const admin = new Client(server, 'workspace', setup.ws);
  await admin.open(setup.adminToken);
  expect((await admin.request({ type: 'set-online', online: true })).type).toBe('ok');
  return { ...setup, admin };
}

/** An online workspace with one conversation its admin has claimed (the admin's socket on it returned too). */
export async function claimedChat(server: TestServer) {
  const w = await onlineWorkspace(server);
  const created = await startConversation(server, w.ws, w.playbookId);
  const id = created.body.conversationId as string;
  const agent = new Client(server, 'conversation', id);
  await agent.open(w.adminToken);
  expect((await agent.request({ type: 'claim' })).type).toBe('ok');
  return { w, id, agent, visitorToken: created.body.visitorToken as string };
}
