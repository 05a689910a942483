import { signToken, signedPost, type RoomAddress } from '../../party/auth';
import { Conversation, defaultConversationConfig, type ConversationConfig } from '../../party/conversation/core';
import { PROTOCOL_VERSION, emptyDetails, type AgentPublic, type ConversationSummary, type InitConversation, type Role } from '../../protocol';
import { ManualClock, MemorySocket, MemoryStorage, fakeLink, settle, type FakeRoom } from './memory-room';

export const SECRET = 'unit-test-secret-0123456789-abcdefghijklmnop';
export const WS = 'ws1';
export const CONV = `${WS}.conv1`;

/** An agent as the workspace room would answer an `agent-lookup`. */
export function agentPublic(id: string, name: string, role: Role = 'agent', extra: Partial<AgentPublic> = {}): AgentPublic {
  return { id, name, email: `${id}@example.com`, role, manageLiveChat: role === 'admin', online: true, status: 'online', revoked: false, ...extra };
}

/** A `Request` signed for `to` (the real signing code), as another room would send it. */
export async function signedRequest(to: RoomAddress, body: unknown, secret = SECRET, now = Date.now()): Promise<Request> {
  const init = await signedPost(secret, to, body, now);
  return new Request(`https://baton.test/parties/${to.party}/${to.id}/internal`, init);
}

export function initBody(conversationId: string, createdAt: number, over: Partial<InitConversation> = {}): InitConversation {
  return {
    type: 'init',
    conversationId,
    workspaceId: WS,
    playbookId: 'pb1',
    botName: 'Botty',
    transcript: [
      { from: 'bot', text: 'Hi! How can we help?', at: createdAt - 2_000 },
      { from: 'visitor', text: 'Pricing please', at: createdAt - 1_000 },
    ],
    answers: { topic: 'sales' },
    context: { pageUrl: 'https://shop.example/pricing', referrer: '', language: 'en', userAgent: 'test' },
    waitSeconds: 60,
    offlineMessage: 'Nobody is here; leave your details.',
    createdAt,
    ...over,
  };
}

/** A `conversation-changed` report the fake workspace received. */
export type Report = { conversation: ConversationSummary; rev: number; visitorMessage?: string; actorId?: string };

export type ConversationHarnessOptions = {
  id?: string;
  storage?: MemoryStorage;
  clock?: ManualClock;
  agents?: AgentPublic[];
  config?: Partial<ConversationConfig>;
  /** Answer for a `conversation-changed` report (default 200). */
  reportStatus?: () => number;
  /** Handles anything else sent to the workspace (record-create...). */
  other?: FakeRoom;
};

/**
 * A `Conversation` on in-memory ports, with a fake workspace room that answers `agent-lookup` from `agents`
 * and records each `conversation-changed` report. `init()` creates the chat through a signed request;
 * `visitor()` / `agent()` connect sockets that said hello with real signed tokens.
 */
export function conversationHarness(o: ConversationHarnessOptions = {}) {
  const id = o.id ?? CONV;
  const storage = o.storage ?? new MemoryStorage();
  const clock = o.clock ?? new ManualClock();
  const agents = new Map((o.agents ?? [agentPublic('alice', 'Alice'), agentPublic('bob', 'Bob'), agentPublic('root', 'Root', 'admin')]).map((a) => [a.id, a]));
  const reports: Report[] = [];
  const handler: FakeRoom = async (to, body, init) => {
    if (body.type === 'agent-lookup') {
      const a = agents.get(String(body.agentId));
      return a ? { status: 200, body: a } : { status: 404, body: { type: 'error', code: 'not-found', message: 'No such agent' } };
    }
    if (body.type === 'conversation-changed') {
      const status = o.reportStatus?.() ?? 200;
      if (status >= 200 && status < 300) reports.push(body as unknown as Report);
      return { status, body: { ok: status < 300 } };
    }
    if (o.other) return o.other(to, body, init);
    return { status: 404 };
  };
  const { link, calls } = fakeLink(SECRET, handler);
  const config: ConversationConfig = { ...defaultConversationConfig(), visitorAwayMs: 10_000, helloGraceMs: 10_000, ...o.config };
  const make = () => new Conversation({ id, storage: storage.asStorage(), clock, secret: SECRET, link, config });
  const h = {
    id,
    storage,
    clock,
    agents,
    reports,
    calls,
    conv: make(),
    /** Creates the chat (signed `init`); answers the response's status and body. */
    async init(over: Partial<InitConversation> = {}) {
      const res = await h.conv.request(await signedRequest({ party: 'conversation', id }, initBody(id, clock.now(), over)));
      return { status: res.status, body: (await res.json()) as ConversationSummary };
    },
    /** A signed room-to-room request to this conversation. */
    async internal(body: unknown) {
      const res = await h.conv.request(await signedRequest({ party: 'conversation', id }, body));
      return { status: res.status, body: (await res.json()) as Record<string, unknown> };
    },
    /** A new Conversation on the same storage, clock and link (the room restarted), started. */
    async restart() {
      h.conv = make();
      await h.conv.start();
      return h.conv;
    },
    async visitorToken(conv = id) {
      return signToken(SECRET, { kind: 'visitor', ws: WS, conv });
    },
    async agentToken(agentId: string, name?: string, role: Role = 'agent') {
      // exp is checked against the real clock (verifyToken) and the room's clock (session timer): past both.
      return signToken(SECRET, { kind: 'agent', ws: WS, sub: agentId, name: name ?? agents.get(agentId)?.name ?? agentId, role, manageLiveChat: false, exp: Math.max(Date.now(), clock.now()) + 24 * 3_600_000 });
    },
    /** Connects a socket and says hello with `token`. */
    async hello(token: string, lastSeq = 0, socket = new MemorySocket()) {
      h.conv.connect(socket);
      await h.send(socket, { type: 'hello', v: PROTOCOL_VERSION, token, lastSeq });
      return socket;
    },
    async visitor(lastSeq = 0) {
      return h.hello(await h.visitorToken(), lastSeq);
    },
    async agent(agentId: string, lastSeq = 0) {
      return h.hello(await h.agentToken(agentId), lastSeq);
    },
    /** Sends a frame (JSON-encoded) and waits until the room handled it. */
    async send(socket: MemorySocket, frame: unknown) {
      await h.conv.message(socket, JSON.stringify(frame));
      await settle();
    },
    /** Entries stored under `e:`, in order. */
    stored() {
      return storage.keys('e:').map((k) => storage.data.get(k) as { seq: number; kind: string; id: string; event?: string; text?: string });
    },
  };
  return h;
}

export type ConversationHarness = ReturnType<typeof conversationHarness>;

export { emptyDetails };
