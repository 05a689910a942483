import WS from 'ws';
import { PROTOCOL_VERSION } from '../../protocol';
import { post, setupWorkspace, startConversation, visitorContext } from '../helpers/clients';
import type { TestServer } from '../helpers/server';

/** A lean protocol socket for benchmarks: raw `ws`, a frame handler, promise helpers. */
export class RawClient {
  ws!: WS;
  onFrame: (f: any) => void = () => {};
  private waiting: { pred: (f: any) => boolean; resolve: (f: any) => void }[] = [];
  constructor(
    readonly url: string,
    readonly token: string,
  ) {}

  async open(lastSeq = 0): Promise<any> {
    this.ws = new WS(this.url, { perMessageDeflate: false });
    this.ws.on('message', (data) => {
      const f = JSON.parse(String(data));
      this.onFrame(f);
      this.waiting = this.waiting.filter((w) => (w.pred(f) ? (w.resolve(f), false) : true));
    });
    await new Promise<void>((resolve, reject) => {
      this.ws.once('open', () => resolve());
      this.ws.once('error', reject);
    });
    const welcome = this.wait((f) => f.type === 'welcome' || f.type === 'error');
    this.send({ type: 'hello', v: PROTOCOL_VERSION, token: this.token, lastSeq });
    return welcome;
  }
  send(frame: unknown) {
    this.ws.send(JSON.stringify(frame));
  }
  wait(pred: (f: any) => boolean, timeoutMs = 30_000): Promise<any> {
    return new Promise((resolve, reject) => {
      const t = setTimeout(() => reject(new Error('bench wait timed out')), timeoutMs);
      this.waiting.push({ pred, resolve: (f) => (clearTimeout(t), resolve(f)) });
    });
  }
  close() {
    this.ws?.terminate();
  }
}

export const roomUrl = (server: TestServer, party: string, id: string) => `${server.wsUrl}/parties/${party}/${encodeURIComponent(id)}`;

/** A workspace with its admin online and `n` claimed conversations, each with a visitor and an agent socket. */
export async function claimedChats(server: TestServer, n: number, onProgress?: (done: number) => void) {
  const ws = await setupWorkspace(server);
  const admin = new RawClient(roomUrl(server, 'workspace', ws.ws), ws.adminToken);
  await admin.open();
  admin.send({ type: 'set-online', online: true });
  await admin.wait((f) => f.type === 'agents' && f.agents.some((a: any) => a.online));
  const chats: { id: string; visitor: RawClient; agent: RawClient; visitorToken: string }[] = [];
  const batch = 20;
  for (let i = 0; i < n; i += batch) {
    const made = await Promise.all(
      Array.from({ length: Math.min(batch, n - i) }, async () => {
        const created = await startConversation(server, ws.ws, ws.playbookId, undefined, `198.51.100.${i % 250}`);
        if (created.status !== 201) throw new Error(`create failed: ${JSON.stringify(created.body)}`);
        const id = created.body.conversationId as string;
        const agent = new RawClient(roomUrl(server, 'conversation', id), ws.adminToken);
        await agent.open();
        agent.send({ type: 'claim', ref: 'c' });
        await agent.wait((f) => f.type === 'ok' && f.ref === 'c');
        const visitor = new RawClient(roomUrl(server, 'conversation', id), created.body.visitorToken);
        await visitor.open();
        return { id, visitor, agent, visitorToken: created.body.visitorToken as string };
      }),
    );
    chats.push(...made);
    onProgress?.(chats.length);
  }
  return { ...ws, admin, chats };
}

export function percentiles(samples: number[]) {
  const s = [...samples].sort((a, b) => a - b);
  const at = (p: number) => s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))] ?? NaN;
  return { n: s.length, p50: at(50), p95: at(95), p99: at(99), max: s[s.length - 1] ?? NaN };
}

export const fmt = (ms: number) => `${ms.toFixed(2)} ms`;
export const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
export { post, visitorContext };
