import WebSocket from 'ws';
import { PROTOCOL_VERSION } from '../../protocol/version';
import { serveDemoSite, type DemoSite } from '../../scripts/demo-site.mjs';
import { sharedServer, startServer, TEST_SETUP_KEY, type TestServer } from './server';

type Frame = Record<string, any>;


/** A protocol client in Node: JSON frames in, a queue of frames out, `next(pred)` to wait for one. */
export class FrameSocket {
  private frames: Frame[] = [];
  private waiters: { pred: (f: Frame) => boolean; resolve: (f: Frame) => void }[] = [];
  private constructor(private ws: WebSocket) {
    ws.on('message', (data) => {
      const frame = JSON.parse(String(data)) as Frame;
      const i = this.waiters.findIndex((w) => w.pred(frame));
      if (i >= 0) this.waiters.splice(i, 1)[0]!.resolve(frame);
      else this.frames.push(frame);
    });
  }

  static open(url: string): Promise<FrameSocket> {
    const ws = new WebSocket(url);
    return new Promise((resolve, reject) => {
      ws.once('open', () => resolve(new FrameSocket(ws)));
      ws.once('error', reject);
    });
  }

  send(frame: Frame) {
    this.ws.send(JSON.stringify(frame));
  }

  /** The first frame (already received or still to come) matching `pred`. */
  next(pred: (f: Frame) => boolean, what = 'a frame', timeoutMs = 20_000): Promise<Frame> {
    const i = this.frames.findIndex(pred);
    if (i >= 0) return Promise.resolve(this.frames.splice(i, 1)[0]!);
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error(`Timed out waiting for ${what}`)), timeoutMs);
      this.waiters.push({ pred, resolve: (f) => (clearTimeout(timer), resolve(f)) });
    });
  }

  close() {
    this.ws.close();
  }
}

export type WidgetEnv = {
  server: TestServer;
  site: DemoSite;
  workspaceId: string;
  playbookId: string;
  agentName: string;
  agentToken: string;
  /** The admin agent's workspace socket, after `welcome`. */
  workspace: FrameSocket;
  setOnline(online: boolean): Promise<void>;
  /** Opens the conversation socket as the agent and says hello; `welcome` is the room's answer. */
  conversation(id: string): Promise<FrameSocket & { welcome: Frame }>;
  stop(): Promise<void>;
};

/**
 * A real `partykit dev`, a workspace with the demo playbook, the demo site on a free port, and the
 * demo site's origin added to the playbook's allowed origins through the workspace socket, as an
 * admin does it in the options page.
 */
export async function startWidgetEnv(workspaceId = 'northwind', agentName = 'Alice Martin', vars?: Record<string, string>): Promise<WidgetEnv> {
  // No vars: the e2e project's shared partykit dev (each file has its own workspace id). Vars (even `{}`, for a
  // file that restarts the server): a partykit dev of its own.
  const server = vars ? await startServer({ vars }) : await sharedServer();
  const post = async (path: string, body: unknown, headers: Record<string, string> = {}) => {
    const res = await fetch(`${server.url}/parties/workspace/${workspaceId}${path}`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...headers },
      body: JSON.stringify(body),
    });
    if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
    return res.json();
  };
  const setup = await post('/setup', { name: agentName, email: 'alice@northwind.example', demoPlaybook: true }, { 'x-baton-setup-key': TEST_SETUP_KEY });
  const session = await post('/session', { credential: setup.credential });
  const playbookId: string = setup.playbookId;
  // The demo site's server signs account.html's user with the workspace's identity secret, read by the admin.
  let workspace!: FrameSocket;
  const identitySecret = async () => {
    workspace.send({ type: 'identity-get', ref: 'demo-identity' });
    return (await workspace.next((f) => f.type === 'identity', 'identity frame')).identity.secret as string;
  };
  const site = await serveDemoSite({ port: 0, serverUrl: server.url, workspace: workspaceId, playbook: playbookId, identitySecret });

  workspace = await FrameSocket.open(`${server.wsUrl}/parties/workspace/${workspaceId}`);
  workspace.send({ type: 'hello', v: PROTOCOL_VERSION, token: session.token, lastSeq: 0 });
  const welcome = await workspace.next((f) => f.type === 'welcome' || f.type === 'error', 'workspace welcome');
  if (welcome.type !== 'welcome') throw new Error(`workspace refused hello: ${JSON.stringify(welcome)}`);
  const stored = welcome.playbooks.find((p: Frame) => p.id === playbookId);
  const { installedAt: _i, updatedAt: _u, ...input } = stored;
  workspace.send({ type: 'playbook-save', ref: 'origin', playbook: { ...input, allowedOrigins: [...input.allowedOrigins, site.url] } });
  const saved = await workspace.next((f) => f.ref === 'origin', 'playbook-save answer');
  if (saved.type !== 'ok') throw new Error(`playbook-save refused: ${JSON.stringify(saved)}`);

  return {
    server,
    site,
    workspaceId,
    playbookId,
    agentName,
    agentToken: session.token,
    workspace,
    async setOnline(online) {
      workspace.send({ type: 'set-online', online });
      await workspace.next((f) => f.type === 'agents' && f.agents.some((a: Frame) => a.name === agentName && a.online === online), `online=${online}`);
    },
    async conversation(id) {
      const sock = await FrameSocket.open(`${server.wsUrl}/parties/conversation/${id}`);
      sock.send({ type: 'hello', v: PROTOCOL_VERSION, token: session.token, lastSeq: 0 });
      const hello = await sock.next((f) => f.type === 'welcome' || f.type === 'error', 'conversation welcome');
      if (hello.type !== 'welcome') throw new Error(`conversation refused hello: ${JSON.stringify(hello)}`);
      return Object.assign(sock, { welcome: hello });
    },
    async stop() {
      workspace.close();
      await site.close();
      await server.stop();
    },
  };
}
