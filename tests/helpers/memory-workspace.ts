import { signToken } from '../../party/auth';
import { crmEnv } from '../../party/crm/settings';
import { Workspace, type WorkspacePorts } from '../../party/workspace/core';
import { PROTOCOL_VERSION, type AgentRef, type ConversationSummary } from '../../protocol';
import { signedRequest } from './memory-conversation';
import { ManualClock, MemorySocket, MemoryStorage, fakeLink, settle, type FakeRoom } from './memory-room';

export const WS_SECRET = 'workspace-test-secret-0123456789abcdef';
export const WS_ID = 'ws1';
export const ORIGIN = 'https://shop.example';
export const SETUP_KEY = 'the-setup-key-0123456789';

/**
 * Conversation rooms faked in memory, enough for routing: `init` makes a summary (active and the assignee's when
 * routing dealt it as it arrived), `route-assign` takes a chat only while nobody has it, `queue-position` is
 * kept per room. `refuse` makes every route-assign answer "not assigned" (a claim won meanwhile).
 */
export class FakeRooms {
  readonly rooms = new Map<string, { summary: ConversationSummary; rev: number; position?: number | null; positionRev: number }>();
  refuse = false;

  handler: FakeRoom = (to, body) => {
    const room = this.rooms.get(to.id);
    switch (body.type) {
      case 'init': {
        const routing = body.routing as { mode: string; team?: string } | undefined;
        const assignee = (body.assignee as AgentRef | undefined) ?? null;
        const summary: ConversationSummary = {
          id: String(body.conversationId),
          playbookId: String(body.playbookId),
          status: assignee ? 'active' : 'waiting',
          assignee,
          visitorName: 'Vera',
          lastMessage: null,
          unread: 0,
          createdAt: Number(body.createdAt),
          lastActivityAt: Number(body.createdAt),
          closedAt: null,
          ...(routing?.team ? { team: routing.team } : {}),
          ...(routing && routing.mode !== 'manual' ? { routing: routing.mode as 'round-robin' } : {}),
        };
        this.rooms.set(to.id, { summary, rev: 0, positionRev: 0 });
        return { status: 200, body: summary };
      }
      case 'route-assign': {
        if (!room) return { status: 404 };
        const s = room.summary;
        if (this.refuse || s.assignee || (s.status !== 'waiting' && s.status !== 'unassigned')) return { status: 200, body: { assigned: false, conversation: s, rev: room.rev } };
        room.rev++;
        room.summary = { ...s, status: 'active', assignee: body.agent as AgentRef };
        return { status: 200, body: { assigned: true, conversation: room.summary, rev: room.rev } };
      }
      case 'queue-position': {
        if (!room) return { status: 404 };
        if (Number(body.rev) > room.positionRev) {
          room.positionRev = Number(body.rev);
          room.position = body.position as number | null;
        }
        return { status: 200, body: { ok: true } };
      }
      case 'wake':
        return room ? { status: 200, body: { conversation: room.summary, rev: room.rev } } : { status: 404 };
      default:
        return { status: 200, body: { ok: true } };
    }
  };

  /** The room changes on its own (a close, a claim): what its report to the workspace carries. */
  change(id: string, patch: Partial<ConversationSummary>) {
    const room = this.rooms.get(id)!;
    room.rev++;
    room.summary = { ...room.summary, ...patch };
    return { type: 'conversation-changed', conversation: room.summary, rev: room.rev };
  }
}

export type WorkspaceHarnessOptions = { storage?: MemoryStorage; conversationsPerMinute?: number; testClock?: boolean; rooms?: FakeRooms; emailTransport?: WorkspacePorts['emailTransport'] };

/** A Workspace on in-memory ports with FakeRooms for its conversations; helpers to connect agents and call it. */
export function workspaceHarness(o: WorkspaceHarnessOptions = {}) {
  const storage = o.storage ?? new MemoryStorage();
  const clock = new ManualClock();
  const rooms = o.rooms ?? new FakeRooms();
  const { link, calls } = fakeLink(WS_SECRET, (to, body, init) => rooms.handler(to, body, init));
  const ws = new Workspace({
    id: WS_ID,
    storage: storage.asStorage(),
    clock,
    secret: WS_SECRET,
    link,
    crmEnv: crmEnv({}),
    remember: async () => {},
    ...(o.emailTransport ? { emailTransport: o.emailTransport } : {}),
    config: { setupKey: SETUP_KEY, sessionTtlMs: 3_600_000, conversationsPerMinute: o.conversationsPerMinute ?? 1_000, waitSecondsOverride: undefined, helloGraceMs: 10_000, testClock: o.testClock ?? false },
  });
  const http = (path: string, init: RequestInit = {}) => ws.request(new Request(`https://baton.example/parties/workspace/${WS_ID}/${path}`, init), 'ip-1');
  const post = (path: string, body: unknown, headers: Record<string, string> = {}) => http(path, { method: 'POST', body: JSON.stringify(body), headers: { 'content-type': 'application/json', origin: ORIGIN, ...headers } });
  const h = {
    ws,
    storage,
    clock,
    calls,
    rooms,
    http,
    post,
    async internal(body: unknown) {
      const res = await ws.request(await signedRequest({ party: 'workspace', id: WS_ID }, body, WS_SECRET), 'room');
      await settle();
      return { status: res.status, body: (await res.json()) as Record<string, unknown> };
    },
    /** The first admin and the demo playbook (allowed on ORIGIN). */
    async setup() {
      const res = await post('setup', { name: 'Root', email: 'root@example.com', demoPlaybook: true, allowedOrigins: [ORIGIN] }, { 'x-baton-setup-key': SETUP_KEY });
      return (await res.json()) as { agent: { id: string }; credential: string; playbookId: string };
    },
    async token(agentId: string) {
      const a = ws.agents.get(agentId)!;
      return signToken(WS_SECRET, { kind: 'agent', ws: WS_ID, sub: a.id, name: a.name, role: a.role, manageLiveChat: a.manageLiveChat, exp: Math.max(Date.now(), clock.now()) + 3_600_000 });
    },
    async connect(agentId: string) {
      const s = new MemorySocket();
      ws.connect(s);
      await h.frame(s, { type: 'hello', v: PROTOCOL_VERSION, token: await h.token(agentId), lastSeq: 0 });
      return s;
    },
    async frame(s: MemorySocket, frame: unknown) {
      await ws.message(s, JSON.stringify(frame));
      await settle();
    },
    async addAgent(name: string, role: 'admin' | 'agent' = 'agent', manageLiveChat = false) {
      const { agent } = await ws.agents.add({ name, email: `${name.toLowerCase()}@example.com`, role, manageLiveChat });
      return agent.id;
    },
    /** An agent connected and Online. */
    async online(name: string) {
      const id = await h.addAgent(name);
      const socket = await h.connect(id);
      await h.frame(socket, { type: 'set-status', status: 'online' });
      return { id, socket };
    },
    /** Sets the demo playbook's live chat card. */
    async card(patch: Record<string, unknown>) {
      const p = ws.playbooks.get('demo')!;
      await ws.playbooks.save({ ...p, cards: p.cards.map((c) => (c.type === 'live-chat' ? { ...c, ...patch } : c)) } as never);
    },
    /** A new chat from the widget; answers the status and body. */
    async chat(answers: Record<string, string> = {}, headers: Record<string, string> = {}) {
      const res = await post('conversations', { playbookId: 'demo', transcript: [], answers, context: { pageUrl: 'https://shop.example/', referrer: '', language: 'en', userAgent: 't' } }, headers);
      await settle();
      return { status: res.status, body: (await res.json()) as Record<string, unknown> & { conversationId: string } };
    },
  };
  return h;
}
export type WorkspaceHarness = ReturnType<typeof workspaceHarness>;
