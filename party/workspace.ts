import type * as Party from 'partykit/server';
import {
  BatonError,
  CloseCode,
  CreateConversationRequest,
  Limits,
  PROTOCOL_VERSION,
  PlaybookInput,
  ReplyMessages,
  SAVED_REPLIES_MAX,
  SessionRequest,
  SetupRequest,
  WorkspaceClientMessage,
  WorkspaceInternal,
  blankPlaybook,
  canSee,
  decodeValue,
  pages,
  defaultNotificationSettings,
  liveChatCardOf,
  capturedContact,
  detailsFromCapture,
  liveChatTemplate,
  sortReplies,
  type AgentClaims,
  type ConversationSummary,
  type NotificationSettings,
  type Playbook,
  type SavedReply,
  type SavedReplyInput,
  type WorkspaceClientMessage as ClientMsg,
  type WorkspaceServerMessage,
} from '../protocol';
import { hexId, randomId, safeEqual, secretOf, sha256, signedPost, signToken, verifyBody, verifyToken } from './auth';
import { RateLimiter, cors, errorResponse, fail, json, readJson, runFrame } from './http';
import { canManagePlaybooks, parseCredential, publicPlaybook, toPublic, type AgentRecord } from './workspace-records';
import { WorkspaceCrm } from './workspace-crm';
import { CRM_FRAME_TYPES, handleCrmFrame, type CrmFrame } from './crm/socket';

type Conn = { agentId: string };

/** One room per workspace: agents, presence, the conversation index, playbooks, settings, CRM. */
export default class WorkspaceRoom implements Party.Server {
  agents = new Map<string, AgentRecord>();
  index = new Map<string, ConversationSummary>();
  /** The revision of each indexed summary: an older report never overwrites a newer one. */
  revs = new Map<string, number>();
  playbooks = new Map<string, Playbook>();
  replies = new Map<string, SavedReply>();
  settings = new Map<string, NotificationSettings>();
  conns = new Map<string, Conn>();
  limiter = new RateLimiter(Limits.rateBurst, Limits.ratePerSecond);
  creations: RateLimiter;
  crm: WorkspaceCrm;

  constructor(readonly room: Party.Room) {
    const perMinute = Number(room.env.BATON_CONVERSATIONS_PER_MINUTE ?? Limits.conversationsPerIpPerMinute);
    this.creations = new RateLimiter(perMinute, perMinute / 60);
    this.crm = new WorkspaceCrm(this);
  }

  get secret() {
    return secretOf(this.room.env);
  }

  async onStart() {
    // Only what the room keeps in memory: CRM records and intents have their own loaders.
    const load = <T>(prefix: string, into: Map<string, T>) =>
      this.room.storage.list<T>({ prefix }).then((m) => m.forEach((value, key) => into.set(key.slice(prefix.length), value)));
    await Promise.all([
      load('agent:', this.agents),
      load('conv:', this.index),
      load('rev:', this.revs),
      load('pb:', this.playbooks),
      load('reply:', this.replies),
      load('notif:', this.settings),
    ]);
    await this.crm.queue.load();
    // Wake waiting conversations so their wait-time alarms are armed after a restart (see conversation
    // onStart); their answers also heal any report that was lost. Not awaited: onStart must not block on them.
    for (const s of this.index.values()) if (s.status === 'waiting' || s.status === 'unassigned') void this.wake(s.id);
  }

  async toConversation(conversationId: string, body: unknown) {
    return this.room.context.parties.conversation!.get(conversationId).fetch(await signedPost(this.secret, { party: 'conversation', id: conversationId }, body));
  }

  async wake(conversationId: string) {
    try {
      const res = await this.toConversation(conversationId, { type: 'wake' });
      if (res.ok) {
        const { conversation, rev } = (await res.json()) as { conversation: ConversationSummary; rev: number };
        await this.conversationChanged(conversation, undefined, undefined, rev);
      }
    } catch (err) {
      console.error('wake failed', err instanceof Error ? err.message : 'unknown');
    }
  }

  // ---- presence ------------------------------------------------------------------------------
  connected(agentId: string) {
    for (const c of this.conns.values()) if (c.agentId === agentId) return true;
    return false;
  }
  isOnline(agentId: string) {
    const a = this.agents.get(agentId);
    return !!a && a.online && !a.revoked && this.connected(agentId);
  }
  agentList() {
    return [...this.agents.values()].map((a) => toPublic(a, this.connected(a.id)));
  }
  sendTo(agentId: string, frame: WorkspaceServerMessage) {
    const raw = JSON.stringify(frame);
    for (const [id, c] of this.conns) if (c.agentId === agentId) this.room.getConnection(id)?.send(raw);
  }
  broadcast(frame: WorkspaceServerMessage) {
    const raw = JSON.stringify(frame);
    for (const id of this.conns.keys()) this.room.getConnection(id)?.send(raw);
  }
  sendToAdmins(frame: WorkspaceServerMessage) {
    const raw = JSON.stringify(frame);
    for (const [id, c] of this.conns) if (this.agents.get(c.agentId)?.role === 'admin') this.room.getConnection(id)?.send(raw);
  }
  /** CRM retries: the storage alarm is the backstop for the in-room timer (see crm/intents.ts). */
  onAlarm() {
    return this.crm.queue.drain();
  }
  broadcastAgents() {
    this.broadcast({ type: 'agents', agents: this.agentList() });
  }
  broadcastPlaybooks() {
    this.broadcast({ type: 'playbooks', playbooks: [...this.playbooks.values()] });
  }
  replyList() {
    return sortReplies(this.replies.values());
  }
  /** The list in `replies` frames of at most a page each (200 replies of 4,000 characters would be ~800 KB). */
  replyFrames(list = pages(this.replyList())): WorkspaceServerMessage[] {
    return list.map((page, i) => ({ type: 'replies', replies: page, ...(i < list.length - 1 ? { more: true as const } : {}) }));
  }
  broadcastReplies() {
    for (const frame of this.replyFrames()) this.broadcast(frame);
  }

  /** Create (no id) or update a saved reply. Checks and the in-memory change happen before the only await. */
  async saveReply(input: SavedReplyInput): Promise<SavedReply> {
    const existing = input.id === undefined ? undefined : this.replies.get(input.id);
    if (input.id !== undefined && !existing) throw new BatonError('not-found', 'No such saved reply');
    if ([...this.replies.values()].some((r) => r.id !== input.id && r.shortcut === input.shortcut)) {
      throw new BatonError('invalid-field', ReplyMessages.duplicate, { fields: { 'reply.shortcut': ReplyMessages.duplicate } });
    }
    if (!existing && this.replies.size >= SAVED_REPLIES_MAX) throw new BatonError('conflict', ReplyMessages.full);
    let id = existing?.id ?? hexId(6);
    while (!existing && this.replies.has(id)) id = hexId(6);
    const reply: SavedReply = { id, shortcut: input.shortcut, text: input.text, updatedAt: Date.now() };
    this.replies.set(id, reply);
    await this.room.storage.put(`reply:${id}`, reply);
    this.broadcastReplies();
    return reply;
  }

  // ---- HTTP ----------------------------------------------------------------------------------
  async onRequest(req: Party.Request): Promise<Response> {
    const origin = req.headers.get('origin');
    // Public calls arrive as /parties/workspace/<id>/<route>; room-to-room calls as /<route>.
    const parts = new URL(req.url).pathname.split('/').filter(Boolean);
    const path = parts[0] === 'parties' ? parts.slice(3) : parts;
    const route = `${req.method} ${path[0] ?? ''}`;
    const headers = route === 'POST internal' ? {} : cors(origin);
    if (req.method === 'OPTIONS') return new Response(null, { status: 204, headers: { ...headers, 'access-control-allow-headers': 'content-type, authorization' } });
    try {
      let res: Response;
      switch (route) {
        case 'GET widget':
          res = await this.widgetConfig(path[1] ?? '', origin);
          break;
        case 'POST conversations':
          res = await this.createConversation(req, origin);
          break;
        case 'POST offline':
          res = await this.crm.offline(req, origin);
          break;
        case 'GET records':
          res = await this.crm.exportHttp(req);
          break;
        case 'POST session':
          res = await this.session(req);
          break;
        case 'POST setup':
          res = await this.setup(req);
          break;
        case 'POST internal':
          return await this.internal(req);
        default:
          res = fail('not-found', 'Not found');
      }
      for (const [k, v] of Object.entries(headers)) res.headers.set(k, v);
      return res;
    } catch (err) {
      if (err instanceof BatonError) return errorResponse(err, headers);
      console.error('workspace request failed', err instanceof Error ? err.message : 'unknown');
      return json({ type: 'error', code: 'internal', message: 'Internal error' }, 500, headers);
    }
  }

  async body<S extends Parameters<typeof decodeValue>[0]>(req: Party.Request, schema: S) {
    const { value } = await readJson(req as unknown as Request);
    const decoded = decodeValue(schema, value);
    if (!decoded.ok) throw decoded.error;
    return decoded.value as import('valibot').InferOutput<S>;
  }

  /** Live chat is offered when the playbook runs on an allowed origin and an agent is online. */
  availability(p: Playbook, origin: string | null) {
    if (!origin || !p.allowedOrigins.includes(origin)) return { available: false, reason: 'origin-not-allowed' as const };
    if (![...this.agents.keys()].some((id) => this.isOnline(id))) return { available: false, reason: 'nobody-online' as const };
    return { available: true };
  }

  async widgetConfig(playbookId: string, origin: string | null) {
    const p = this.playbooks.get(playbookId);
    if (!p) throw new BatonError('not-found', 'No such playbook');
    if (origin && p.allowedOrigins.includes(origin) && p.installedAt === null) {
      p.installedAt = Date.now();
      await this.room.storage.put(`pb:${p.id}`, p);
      this.broadcastPlaybooks();
    }
    return json({ playbook: publicPlaybook(p), ...this.availability(p, origin) });
  }

  async createConversation(req: Party.Request, origin: string | null) {
    const ip = req.headers.get('cf-connecting-ip') ?? 'unknown';
    const body = await this.body(req, CreateConversationRequest);
    const p = this.playbooks.get(body.playbookId);
    const card = p && liveChatCardOf(p);
    if (!p || !card) throw new BatonError('not-found', 'No such playbook or it has no live chat card');
    const avail = this.availability(p, origin);
    if (!avail.available) throw new BatonError('unavailable', avail.reason === 'nobody-online' ? 'No agent is online' : 'Live chat is not enabled on this site');
    // Taken only for a conversation that will be created: a visitor refused for "nobody online" (the widget
    // asks at the live chat card) still has the whole allowance for the offline form that follows.
    if (!this.creations.take(ip)) throw new BatonError('rate-limited', 'Too many new conversations from this address; try again in a minute');
    const conversationId = `${this.room.id}.${randomId(12)}`;
    const createdAt = Date.now();
    const init = {
      type: 'init',
      conversationId,
      workspaceId: this.room.id,
      playbookId: p.id,
      botName: p.botName,
      transcript: body.transcript,
      answers: body.answers,
      context: body.context,
      waitSeconds: Number(this.room.env.BATON_WAIT_SECONDS_OVERRIDE ?? card.waitSeconds),
      offlineMessage: card.offlineMessage,
      createdAt,
      details: detailsFromCapture(capturedContact(p.cards, body.answers)),
      workspaceUrl: `${new URL(req.url).origin}/parties/workspace/${encodeURIComponent(this.room.id)}`,
    };
    const res = await this.toConversation(conversationId, init);
    if (!res.ok) throw new BatonError('internal', 'Could not create the conversation');
    const summary = (await res.json()) as ConversationSummary;
    await this.conversationChanged(summary);
    const visitorToken = await signToken(this.secret, { kind: 'visitor', ws: this.room.id, conv: conversationId });
    return json({ conversationId, visitorToken, waitUntil: createdAt + init.waitSeconds * 1000 }, 201);
  }

  async session(req: Party.Request) {
    const { credential } = await this.body(req, SessionRequest);
    const parsed = parseCredential(credential);
    const agent = parsed && this.agents.get(parsed.agentId);
    if (!agent || agent.revoked || !safeEqual(agent.credentialHash, await sha256(credential))) {
      throw new BatonError('unauthorized', 'Wrong or revoked credential');
    }
    const expiresAt = Date.now() + Number(this.room.env.BATON_SESSION_TTL_MS ?? Limits.sessionTtlMs);
    const claims: AgentClaims = { kind: 'agent', ws: this.room.id, sub: agent.id, name: agent.name, role: agent.role, manageLiveChat: agent.manageLiveChat, exp: expiresAt };
    return json({ token: await signToken(this.secret, claims), expiresAt, agent: toPublic(agent, this.connected(agent.id)) });
  }

  async setup(req: Party.Request) {
    const key = this.room.env.BATON_SETUP_KEY;
    const given = req.headers.get('x-baton-setup-key') ?? '';
    if (typeof key !== 'string' || !key || !safeEqual(key, given)) throw new BatonError('unauthorized', 'Wrong setup key');
    const body = await this.body(req, SetupRequest);
    const fresh = () => {
      if (this.agents.size > 0) throw new BatonError('conflict', 'This workspace is already set up');
    };
    fresh();
    const { agent, credential } = await this.newAgent({ name: body.name, email: body.email, role: 'admin', manageLiveChat: true }, fresh);
    let playbookId: string | undefined;
    if (body.demoPlaybook) {
      playbookId = 'demo';
      await this.savePlaybook({ ...liveChatTemplate(playbookId, 'Demo playbook'), allowedOrigins: body.allowedOrigins ?? [] }, true);
    }
    return json({ agent: toPublic(agent, false), credential, ...(playbookId ? { playbookId } : {}) }, 201);
  }

  /** `guard` runs after the only await, right before the agent is registered: checks there can't race. */
  async newAgent(input: Pick<AgentRecord, 'name' | 'email' | 'role' | 'manageLiveChat'>, guard: () => void = () => {}) {
    const id = hexId(8);
    const credential = `bat_${id}_${randomId(24)}`;
    const credentialHash = await sha256(credential);
    guard();
    const agent: AgentRecord = { id, ...input, revoked: false, online: false, credentialHash, createdAt: Date.now() };
    this.agents.set(id, agent);
    await this.room.storage.put(`agent:${id}`, agent);
    return { agent, credential };
  }

  async savePlaybook(input: PlaybookInput, fresh = false): Promise<Playbook> {
    const existing = this.playbooks.get(input.id);
    if (fresh && existing) throw new BatonError('conflict', 'A playbook with this id exists');
    if (!fresh && !existing) throw new BatonError('not-found', 'No such playbook');
    if (existing && existing.revision !== input.revision) throw new BatonError('conflict', 'Someone else saved this playbook; reload it');
    const p: Playbook = { ...input, revision: fresh ? 1 : input.revision + 1, installedAt: existing?.installedAt ?? null, updatedAt: Date.now() };
    this.playbooks.set(p.id, p);
    await this.room.storage.put(`pb:${p.id}`, p);
    this.broadcastPlaybooks();
    return p;
  }

  // ---- room ↔ room ---------------------------------------------------------------------------
  async internal(req: Party.Request) {
    const { raw, value } = await readJson(req as unknown as Request, 256_000);
    if (!(await verifyBody(this.secret, raw, req.headers, { party: 'workspace', id: this.room.id }))) return fail('unauthorized', 'Bad signature');
    const decoded = decodeValue(WorkspaceInternal, value);
    if (!decoded.ok) throw decoded.error;
    const msg = decoded.value;
    switch (msg.type) {
      case 'conversation-changed':
        await this.conversationChanged(msg.conversation, msg.visitorMessage, msg.actorId, msg.rev);
        return json({ ok: true });
      case 'agent-lookup': {
        const a = this.agents.get(msg.agentId);
        return a ? json(toPublic(a, this.connected(a.id))) : fail('not-found', 'No such agent');
      }
      case 'record-create':
        return json(await this.crm.createFromDetails(msg));
      default:
        return msg satisfies never;
    }
  }

  /** Index update + fan-out: upserts to those who may see it, removals to those who no longer may, notifications. */
  async conversationChanged(next: ConversationSummary, visitorMessage?: string, actorId?: string, rev = 0) {
    if (!next.id.startsWith(`${this.room.id}.`)) throw new BatonError('forbidden', 'Not a conversation of this workspace');
    const prev = this.index.get(next.id);
    // Reports travel separately (stub, public URL from alarms, wake-ups) and may arrive out of order.
    if (prev && (this.revs.get(next.id) ?? 0) >= rev && rev !== 0) return;
    if (prev && rev === 0 && this.revs.has(next.id)) return; // an unrevisioned summary (creation) never overwrites
    this.index.set(next.id, next);
    this.revs.set(next.id, rev);
    await this.room.storage.put({ [`conv:${next.id}`]: next, [`rev:${next.id}`]: rev });
    const queued = (s: ConversationSummary | undefined) => s?.status === 'waiting' || s?.status === 'unassigned';
    const seenBy = new Set<string>();
    for (const [connId, c] of this.conns) {
      const conn = this.room.getConnection(connId);
      if (!conn) continue;
      if (canSee(c.agentId, next)) conn.send(JSON.stringify({ type: 'conversation', conversation: next }));
      else if (prev && canSee(c.agentId, prev)) conn.send(JSON.stringify({ type: 'conversation-removed', id: next.id }));
      seenBy.add(c.agentId);
    }
    for (const agentId of seenBy) {
      if (!this.isOnline(agentId) || agentId === actorId) continue;
      if (queued(next) && !queued(prev)) this.sendTo(agentId, { type: 'notify', event: 'new-unassigned', conversation: next });
      else if (next.status === 'active' && next.assignee?.id === agentId && prev?.assignee?.id !== agentId) {
        this.sendTo(agentId, { type: 'notify', event: 'assigned-to-you', conversation: next });
      } else if (visitorMessage !== undefined && next.status === 'active' && next.assignee?.id === agentId) {
        this.sendTo(agentId, { type: 'notify', event: 'new-message', conversation: next, text: visitorMessage.slice(0, 200) });
      }
    }
  }

  // ---- agent sockets -------------------------------------------------------------------------
  onConnect(conn: Party.Connection) {
    setTimeout(() => {
      if (!this.conns.has(conn.id)) conn.close(CloseCode.helloTimeout, 'No hello');
    }, Limits.helloGraceMs);
  }

  onClose(conn: Party.Connection) {
    const c = this.conns.get(conn.id);
    this.conns.delete(conn.id);
    this.limiter.forget(conn.id);
    if (c && !this.connected(c.agentId)) this.broadcastAgents();
  }

  send(conn: Party.Connection, frame: WorkspaceServerMessage) {
    conn.send(JSON.stringify(frame));
  }

  onMessage(raw: string | ArrayBuffer | ArrayBufferView, conn: Party.Connection) {
    return runFrame('workspace', conn, this.limiter, WorkspaceClientMessage, raw, 256_000, (msg) => this.handle(msg, conn));
  }

  async handle(msg: ClientMsg, conn: Party.Connection) {
    if (msg.type === 'hello') return this.hello(msg.v, msg.token, conn);
    const c = this.conns.get(conn.id);
    const me = c && this.agents.get(c.agentId);
    if (!c || !me || me.revoked) throw new BatonError('unauthorized', 'Send hello with a valid token first');
    const ok = (id?: string) => this.send(conn, { type: 'ok', ref: 'ref' in msg ? msg.ref : undefined, ...(id ? { id } : {}) });
    const needPlaybooks = () => {
      if (!canManagePlaybooks(me)) throw new BatonError('forbidden', 'You are not allowed to change playbooks (ask an admin for "manage live chat")');
    };
    const needReplies = () => {
      if (!canManagePlaybooks(me)) throw new BatonError('forbidden', 'You are not allowed to change saved replies (ask an admin for "manage live chat")');
    };
    const needAdmin = () => {
      if (me.role !== 'admin') throw new BatonError('forbidden', 'Only admins may manage agents');
    };
    if (CRM_FRAME_TYPES.has(msg.type)) return handleCrmFrame(this, this.crm, msg as CrmFrame, me, conn);
    switch (msg.type) {
      case 'ping':
        return this.send(conn, { type: 'pong' });
      case 'set-online':
        me.online = msg.online;
        await this.room.storage.put(`agent:${me.id}`, me);
        this.broadcastAgents();
        return ok();
      case 'playbook-create': {
        needPlaybooks();
        const id = hexId(6);
        await this.savePlaybook(msg.template === 'live-chat' ? liveChatTemplate(id, msg.name) : blankPlaybook(id, msg.name), true);
        return ok(id);
      }
      case 'playbook-save':
        needPlaybooks();
        await this.savePlaybook(msg.playbook);
        return ok(msg.playbook.id);
      case 'playbook-delete':
        needPlaybooks();
        if (!this.playbooks.delete(msg.id)) throw new BatonError('not-found', 'No such playbook');
        await this.room.storage.delete(`pb:${msg.id}`);
        this.broadcastPlaybooks();
        return ok();
      case 'reply-save': {
        needReplies();
        const saved = await this.saveReply(msg.reply);
        return ok(saved.id);
      }
      case 'reply-delete':
        needReplies();
        if (!this.replies.delete(msg.id)) throw new BatonError('not-found', 'No such saved reply');
        await this.room.storage.delete(`reply:${msg.id}`);
        this.broadcastReplies();
        return ok();
      case 'agent-create': {
        needAdmin();
        const unique = () => {
          if ([...this.agents.values()].some((a) => !a.revoked && a.email.toLowerCase() === msg.email.toLowerCase())) {
            throw new BatonError('conflict', 'An agent with this email exists', { fields: { email: 'Already used by another agent' } });
          }
        };
        unique();
        const { agent, credential } = await this.newAgent({ name: msg.name, email: msg.email, role: msg.role, manageLiveChat: msg.manageLiveChat }, unique);
        this.send(conn, { type: 'agent-created', ref: msg.ref, agent: toPublic(agent, false), credential });
        return this.broadcastAgents();
      }
      case 'agent-update':
      case 'agent-revoke': {
        needAdmin();
        const a = this.agents.get(msg.id);
        if (!a) throw new BatonError('not-found', 'No such agent');
        if (a.id === me.id) throw new BatonError('forbidden', 'You cannot change or revoke yourself');
        if (msg.type === 'agent-revoke') a.revoked = true;
        else Object.assign(a, { ...(msg.name ? { name: msg.name } : {}), ...(msg.role ? { role: msg.role } : {}), ...(msg.manageLiveChat !== undefined ? { manageLiveChat: msg.manageLiveChat } : {}) });
        await this.room.storage.put(`agent:${a.id}`, a);
        if (a.revoked) for (const [id, cc] of this.conns) if (cc.agentId === a.id) this.room.getConnection(id)?.close(CloseCode.unauthorized, 'Revoked');
        ok();
        return this.broadcastAgents();
      }
      case 'settings-save':
        this.settings.set(me.id, msg.notifications);
        await this.room.storage.put(`notif:${me.id}`, msg.notifications);
        this.sendTo(me.id, { type: 'settings', settings: msg.notifications });
        return ok();
      case 'crm-get':
      case 'crm-save':
      case 'crm-test':
      case 'records-list':
      case 'records-export':
      case 'crm-intents-get':
      case 'crm-retry':
        return; // handled above by crm/socket.ts
      default:
        return msg satisfies never;
    }
  }

  async hello(version: number, token: string, conn: Party.Connection) {
    if (version !== PROTOCOL_VERSION) {
      this.send(conn, new BatonError('version-mismatch', `Server speaks protocol ${PROTOCOL_VERSION}`).toFrame());
      return conn.close(CloseCode.versionMismatch, 'Protocol version mismatch');
    }
    const claims = await verifyToken(this.secret, token);
    const agent = claims?.kind === 'agent' && claims.ws === this.room.id ? this.agents.get(claims.sub) : undefined;
    if (!agent || agent.revoked) {
      this.send(conn, new BatonError('unauthorized', 'Missing, forged, expired or foreign token').toFrame());
      return conn.close(CloseCode.unauthorized, 'Unauthorized');
    }
    const wasConnected = this.connected(agent.id);
    this.conns.set(conn.id, { agentId: agent.id });
    const visible = [...this.index.values()].filter((s) => canSee(agent.id, s)).sort((a, b) => b.lastActivityAt - a.lastActivityAt);
    // Newest first, in pages: a 10,000-chat inbox is ~3 MB, more than one WebSocket message may carry.
    const [conversations = [], ...rest] = pages(visible);
    const [replies = [], ...moreReplies] = pages(this.replyList());
    this.send(conn, {
      type: 'welcome',
      v: PROTOCOL_VERSION,
      workspaceId: this.room.id,
      me: toPublic(agent, true),
      agents: this.agentList(),
      conversations,
      playbooks: [...this.playbooks.values()],
      settings: this.settings.get(agent.id) ?? defaultNotificationSettings(),
      replies,
      ...(moreReplies.length ? { repliesMore: true as const } : {}),
    });
    for (const page of rest) this.send(conn, { type: 'conversations', conversations: page });
    for (const frame of this.replyFrames(moreReplies)) this.send(conn, frame);
    if (!wasConnected) this.broadcastAgents();
  }
}
