import type * as Party from 'partykit/server';
import * as v from 'valibot';
import {
  AGENT_ONLY_TYPES,
  AgentConversationClientMessage,
  AgentPublic,
  BatonError,
  CloseCode,
  ConversationInternal,
  InitConversation,
  Limits,
  PROTOCOL_VERSION,
  acceptsMessages,
  applyDetailsPatch,
  canSee,
  decodeValue,
  pages,
  emptyDetails,
  detailsFromCapture,
  type CapturedContact,
  transition,
  type Action,
  type AgentClaims,
  type AgentConversationClientMessage as ClientMsg,
  type AgentRef,
  type ConversationServerMessage,
  type Details,
  type Entry,
  type EventEntry,
} from '../protocol';
import { secretOf, signedPost, verifyBody, verifyToken } from './auth';
import { RateLimiter, errorResponse, fail, json, readJson, runFrame } from './http';
import { applyOutcome, createRecord } from './crm/conversation-records';
import { agentView, entryKey, firstAfter, forVisitor, generatedVisitorName, summaryOf, visitorView, waitMsOf, type Meta } from './conversation-state';

/** Statuses in which nobody has the chat and its wait-time alarm runs. */
const isWaiting = (s: Meta['status']) => s === 'waiting' || s === 'unassigned';

type ConnState = { role: 'visitor' } | { role: 'agent'; agent: AgentRef; claims: AgentClaims };

/** One room per conversation: the authority for its log, status, assignee, details and wait-time alarm. */
export default class ConversationRoom implements Party.Server {
  meta: Meta | null = null;
  entries: Entry[] = [];
  /** `${side}:${clientId}` → seq: a resent message is acked, never stored twice. */
  ids = new Map<string, number>();
  details: Details = emptyDetails();
  authed = new Map<string, ConnState>();
  /** Agents who just lost this chat (someone else claimed it): told so for a moment, then closed. */
  lost = new Map<string, AgentRef | null>();
  /** Messages being written, by `${side}:${clientId}`. */
  writing = new Map<string, Promise<Entry[]>>();
  limiter = new RateLimiter(Limits.rateBurst, Limits.ratePerSecond);
  creating: { lead?: Promise<unknown>; deal?: Promise<unknown> } = {};

  constructor(readonly room: Party.Room) {}

  get secret() {
    return secretOf(this.room.env);
  }

  async onStart() {
    await this.load();
    if (!this.meta) return;
    // Cloudflare keeps alarms across restarts; `partykit dev` does not. Re-arming is harmless in
    // production and makes a restarted dev server expire waiting chats too (past deadlines fire at once).
    if (isWaiting(this.meta.status) && this.meta.waitUntil) await this.room.storage.setAlarm(Math.max(Date.now(), this.meta.waitUntil));
  }

  /** Reads the room's state from storage: at start, and after a failed write (memory can't be trusted then). */
  async load() {
    this.meta = (await this.room.storage.get<Meta>('meta')) ?? null;
    this.entries = [];
    this.ids = new Map();
    if (!this.meta) return;
    const stored = await this.room.storage.list<Entry>({ prefix: 'e:' });
    this.entries = [...stored.values()];
    for (const e of this.entries) if (e.kind === 'message' && e.from !== 'bot') this.ids.set(`${e.from}:${e.id}`, e.seq);
    this.details = (await this.room.storage.get<Details>('details')) ?? emptyDetails();
  }

  // ---- HTTP: init from the workspace room (signed) -------------------------------------------
  async onRequest(req: Party.Request): Promise<Response> {
    try {
      if (req.method !== 'POST') return fail('not-found', 'Not found');
      const { raw, value } = await readJson(req as unknown as Request);
      if (!(await verifyBody(this.secret, raw, req.headers, { party: 'conversation', id: this.room.id }))) return fail('unauthorized', 'Bad signature');
      const msg = decodeValue(ConversationInternal, value);
      if (!msg.ok) throw msg.error;
      if (msg.value.type === 'wake') return this.meta ? json({ conversation: summaryOf(this.meta, this.entries), rev: this.meta.rev ?? 0 }) : fail('not-found', 'No such conversation');
      if (msg.value.type === 'offline-contact') {
        if (!this.meta) return fail('not-found', 'No such conversation');
        await this.offlineContact(msg.value.submissionId, msg.value.contact);
        return json({ ok: true });
      }
      if (msg.value.type === 'record-result') {
        if (!this.meta) return fail('not-found', 'No such conversation');
        await applyOutcome(this, msg.value.kind, msg.value.outcome);
        return json({ ok: true });
      }
      return json(await this.init(msg.value));
    } catch (err) {
      if (err instanceof BatonError) return errorResponse(err);
      console.error('conversation request failed', err instanceof Error ? err.message : 'unknown');
      return fail('internal', 'Internal error');
    }
  }

  async init(body: v.InferOutput<typeof InitConversation>) {
    if (body.conversationId !== this.room.id) throw new BatonError('forbidden', 'This init is for another conversation');
    if (this.meta) return summaryOf(this.meta, this.entries); // idempotent
    const meta: Meta = {
      conversationId: body.conversationId,
      workspaceId: body.workspaceId,
      workspaceUrl: body.workspaceUrl,
      playbookId: body.playbookId,
      botName: body.botName,
      status: 'waiting',
      assignee: null,
      createdAt: body.createdAt,
      closedAt: null,
      waitUntil: body.createdAt + body.waitSeconds * 1000,
      waitSeconds: body.waitSeconds,
      offlineMessage: body.offlineMessage,
      context: body.context,
      answers: body.answers,
      lastSeq: 0,
      seen: { visitor: 0, agent: 0 },
      visitorName: body.answers.name?.trim() || body.details?.person.name || generatedVisitorName(body.conversationId),
      records: {},
    };
    const entries: Entry[] = body.transcript.map((line, i) => ({
      kind: 'message',
      seq: i + 1,
      id: `t${i + 1}`,
      from: line.from,
      ...(line.from === 'bot' ? { authorName: body.botName } : {}),
      text: line.text,
      at: line.at,
    }));
    entries.push({ kind: 'event', seq: entries.length + 1, id: 'created', event: 'created', at: body.createdAt });
    meta.lastSeq = entries.length;
    const batch: Record<string, unknown> = { meta };
    for (const e of entries) batch[entryKey(e.seq)] = e;
    if (body.details) batch.details = body.details;
    await this.room.storage.put(batch);
    if (body.details) this.details = body.details;
    await this.room.storage.setAlarm(meta.waitUntil!);
    this.meta = meta;
    this.entries = entries;
    return summaryOf(meta, entries);
  }

  // ---- sockets -------------------------------------------------------------------------------
  onConnect(conn: Party.Connection) {
    setTimeout(() => {
      if (!this.authed.has(conn.id)) conn.close(CloseCode.helloTimeout, 'No hello');
    }, Limits.helloGraceMs);
  }

  onClose(conn: Party.Connection) {
    const state = this.authed.get(conn.id);
    this.authed.delete(conn.id);
    this.lost.delete(conn.id);
    this.limiter.forget(conn.id);
    if (state) this.broadcastTyping(state, false, conn.id);
    if (state?.role === 'visitor') this.visitorPresenceChanged();
  }

  send(conn: Party.Connection, frame: ConversationServerMessage) {
    conn.send(JSON.stringify(frame));
  }

  onMessage(raw: string | ArrayBuffer | ArrayBufferView, conn: Party.Connection) {
    return runFrame('conversation', conn, this.limiter, AgentConversationClientMessage, raw, undefined, (msg) => this.handle(msg, conn));
  }

  async handle(msg: ClientMsg, conn: Party.Connection) {
    const state = this.authed.get(conn.id);
    if (this.lost.has(conn.id)) {
      const winner = this.lost.get(conn.id);
      if (msg.type === 'claim' && winner) throw new BatonError('already-claimed', `${winner.name} already took this conversation`, { winner });
      throw new BatonError('forbidden', 'This conversation is assigned to another agent');
    }
    if (msg.type === 'hello') return this.hello(msg, conn);
    if (!state) throw new BatonError('unauthorized', 'Send hello with a token first');
    const agent = state.role === 'agent' ? state : null;
    const asAgent = () => {
      if (!agent) throw new BatonError('forbidden', `Visitors may not ${msg.type}`);
      return agent;
    };
    if (!agent && AGENT_ONLY_TYPES.has(msg.type)) asAgent();
    const meta = this.meta!;
    switch (msg.type) {
      case 'ping':
        return this.send(conn, { type: 'pong' });
      case 'send':
        return this.addMessage(state, msg.id, msg.text, conn);
      case 'typing':
        return this.broadcastTyping(state, msg.typing, conn.id);
      case 'seen':
        return this.markSeen(state.role, Math.min(msg.seq, meta.lastSeq));
      case 'claim':
        return this.assign(asAgent(), 'claim', null, msg.ref, conn);
      case 'reassign':
        return this.assign(asAgent(), msg.to === null ? 'unassign' : 'reassign', msg.to, msg.ref, conn);
      case 'close':
        return this.close(asAgent(), msg.ref, conn);
      case 'update-details':
        asAgent();
        return this.updateDetails(msg.patch, msg.ref, conn);
      case 'create-record':
        return createRecord(this, asAgent().agent, msg.kind, false, msg.ref, conn);
      case 'retry-record':
        return createRecord(this, asAgent().agent, msg.kind, true, msg.ref, conn);
      default:
        return msg satisfies never;
    }
  }

  async hello(msg: Extract<ClientMsg, { type: 'hello' }>, conn: Party.Connection) {
    if (msg.v !== PROTOCOL_VERSION) {
      this.send(conn, new BatonError('version-mismatch', `Server speaks protocol ${PROTOCOL_VERSION}`).toFrame());
      return conn.close(CloseCode.versionMismatch, 'Protocol version mismatch');
    }
    if (!this.meta) {
      this.send(conn, new BatonError('not-found', 'No such conversation').toFrame());
      return conn.close(CloseCode.notFound, 'No such conversation');
    }
    const claims = await verifyToken(this.secret, msg.token);
    const meta = this.meta;
    let state: ConnState | null = null;
    if (claims?.kind === 'visitor' && claims.conv === meta.conversationId && claims.ws === meta.workspaceId) state = { role: 'visitor' };
    if (claims?.kind === 'agent' && claims.ws === meta.workspaceId) {
      // A token is valid for an hour: ask the workspace whether the agent is still there, and in which role.
      const current = await this.agentRecord(claims.sub);
      if (!current || current.revoked) {
        this.send(conn, new BatonError('unauthorized', 'This agent was revoked').toFrame());
        return conn.close(CloseCode.unauthorized, 'Revoked');
      }
      claims.role = current.role;
      claims.manageLiveChat = current.manageLiveChat;
      setTimeout(() => {
        if (this.authed.has(conn.id)) conn.close(CloseCode.unauthorized, 'Session expired');
      }, Math.max(0, claims.exp - Date.now()));
      if (!canSee(claims.sub, meta)) {
        this.send(conn, new BatonError('forbidden', 'This conversation is assigned to another agent').toFrame());
        return conn.close(CloseCode.revoked, 'Not yours');
      }
      state = { role: 'agent', agent: { id: claims.sub, name: claims.name }, claims };
    }
    if (!state) {
      this.send(conn, new BatonError('unauthorized', 'Missing, forged, expired or foreign token').toFrame());
      return conn.close(CloseCode.unauthorized, 'Unauthorized');
    }
    this.authed.set(conn.id, state);
    const after = this.entries.slice(firstAfter(this.entries, msg.lastSeq));
    // A long replay goes out in pages: the welcome carries the first, `entries` frames the rest, in order.
    const [first = [], ...rest] = pages(state.role === 'visitor' ? forVisitor(after) : after);
    if (state.role === 'visitor') {
      this.send(conn, { type: 'welcome', role: 'visitor', v: PROTOCOL_VERSION, conversation: visitorView(meta), entries: first });
    } else {
      this.send(conn, { type: 'welcome', role: 'agent', v: PROTOCOL_VERSION, conversation: agentView(meta, this.entries), entries: first, details: this.details });
    }
    for (const page of rest) this.send(conn, { type: 'entries', entries: page });
    if (state.role === 'visitor') this.visitorPresenceChanged();
    else this.send(conn, this.presenceFrame());
  }

  // ---- visitor presence (agents see whether the visitor still has the site open) --------------
  private presence: { visitor: 'here' | 'away'; since: number | null } = { visitor: 'away', since: null };
  private awayTimer: ReturnType<typeof setTimeout> | null = null;

  private presenceFrame() {
    return { type: 'presence' as const, ...this.presence };
  }

  private visitorPresenceChanged() {
    const here = [...this.authed.values()].some((s) => s.role === 'visitor');
    if (here) {
      if (this.awayTimer) clearTimeout(this.awayTimer);
      this.awayTimer = null;
      if (this.presence.visitor !== 'here') this.setPresence({ visitor: 'here', since: Date.now() });
      return;
    }
    if (this.presence.visitor === 'away' || this.awayTimer) return;
    const leftAt = Date.now();
    this.awayTimer = setTimeout(() => {
      this.awayTimer = null;
      if (![...this.authed.values()].some((s) => s.role === 'visitor')) this.setPresence({ visitor: 'away', since: leftAt });
    }, Number(this.room.env.BATON_VISITOR_AWAY_MS ?? Limits.visitorAwayGraceMs));
  }

  private setPresence(p: { visitor: 'here' | 'away'; since: number | null }) {
    this.presence = p;
    const frame = JSON.stringify(this.presenceFrame());
    for (const conn of this.room.getConnections()) if (this.authed.get(conn.id)?.role === 'agent') conn.send(frame);
  }

  // ---- the log -------------------------------------------------------------------------------
  /** Appends entries with the next sequence numbers, persists them with meta, then broadcasts. */
  async append(build: (seq: number) => Entry[], extraWrites: Record<string, unknown> = {}): Promise<Entry[]> {
    const meta = this.meta!;
    const made = build(meta.lastSeq + 1);
    meta.lastSeq += made.length;
    this.entries.push(...made);
    const batch: Record<string, unknown> = { ...extraWrites, meta };
    for (const e of made) batch[entryKey(e.seq)] = e;
    try {
      await this.room.storage.put(batch);
    } catch (err) {
      // Nothing of this batch is stored: go back to what storage holds (Cloudflare would restart the room).
      console.error('storage write failed', err instanceof Error ? err.message : 'unknown');
      await this.load();
      throw new BatonError('unavailable', 'Could not save; please retry');
    }
    this.broadcastEntries(made);
    return made;
  }

  broadcastEntries(entries: Entry[]) {
    const agentFrame = JSON.stringify({ type: 'entries', entries });
    const visible = forVisitor(entries);
    const visitorFrame = visible.length ? JSON.stringify({ type: 'entries', entries: visible }) : null;
    for (const conn of this.room.getConnections()) {
      const state = this.authed.get(conn.id);
      if (state?.role === 'agent') conn.send(agentFrame);
      else if (state?.role === 'visitor' && visitorFrame) conn.send(visitorFrame);
    }
  }

  broadcastState() {
    const meta = this.meta!;
    const agentFrame = JSON.stringify({ type: 'state', role: 'agent', conversation: agentView(meta, this.entries) });
    const visitorFrame = JSON.stringify({ type: 'state', role: 'visitor', conversation: visitorView(meta) });
    for (const conn of this.room.getConnections()) {
      const state = this.authed.get(conn.id);
      if (state?.role === 'visitor') conn.send(visitorFrame);
      else if (state?.role === 'agent') {
        if (canSee(state.agent.id, meta)) conn.send(agentFrame);
        else {
          // Assigned to someone else: this agent loses the chat at once. Frames already in flight
          // (a late claim) are still answered for a moment, with who won, then the socket closes.
          this.authed.delete(conn.id);
          this.lost.set(conn.id, meta.assignee);
          conn.send(JSON.stringify(new BatonError('forbidden', `This conversation is now assigned to ${meta.assignee?.name ?? 'another agent'}`).toFrame()));
          setTimeout(() => {
            this.lost.delete(conn.id);
            conn.close(CloseCode.revoked, 'Assigned to another agent');
          }, 1_000);
        }
      }
    }
  }

  broadcastTyping(state: ConnState, typing: boolean, except: string) {
    const frame = JSON.stringify(
      state.role === 'agent' ? { type: 'typing', from: 'agent', name: state.agent.name, typing } : { type: 'typing', from: 'visitor', typing },
    );
    for (const conn of this.room.getConnections()) {
      if (conn.id !== except && this.authed.has(conn.id)) conn.send(frame);
    }
  }

  async addMessage(state: ConnState, id: string, text: string, conn: Party.Connection) {
    const key = `${state.role}:${id}`;
    // A resend while the first copy is still being written waits for that write: an ack always means stored.
    while (this.writing.has(key)) await this.writing.get(key)!.catch(() => undefined);
    const known = this.ids.get(key);
    if (known !== undefined) return this.send(conn, { type: 'ack', id, seq: known });
    const meta = this.meta!;
    if (!acceptsMessages(meta.status)) {
      throw new BatonError('conversation-closed', meta.status === 'closed' ? 'This conversation is closed' : `This conversation is ${meta.status}`);
    }
    // One voice per chat: an agent answers once the chat is theirs (Assign to me), not while it waits.
    if (state.role === 'agent' && meta.assignee?.id !== state.agent.id) {
      throw new BatonError('forbidden', 'Assign this conversation to yourself before answering');
    }
    this.ids.set(key, meta.lastSeq + 1); // reserved with the write below, before any await
    const write = this.append((seq) => [
      {
        kind: 'message',
        seq,
        id,
        from: state.role,
        ...(state.role === 'agent' ? { agentId: state.agent.id, authorName: state.agent.name } : {}),
        text,
        at: Date.now(),
      },
    ]);
    this.writing.set(key, write);
    let entry: Entry | undefined;
    try {
      [entry] = await write;
    } finally {
      this.writing.delete(key);
    }
    this.send(conn, { type: 'ack', id, seq: entry!.seq });
    await this.report(state.role === 'visitor' ? text : undefined, state.role === 'agent' ? state.agent.id : undefined);
  }

  async markSeen(side: 'visitor' | 'agent', seq: number) {
    const meta = this.meta!;
    if (seq <= meta.seen[side]) return;
    meta.seen = { ...meta.seen, [side]: seq };
    await this.room.storage.put('meta', meta);
    const frame = JSON.stringify({ type: 'seen', side, seq });
    for (const conn of this.room.getConnections()) if (this.authed.has(conn.id)) conn.send(frame);
    if (side === 'agent') await this.report();
  }

  // ---- assignment ------------------------------------------------------------------------------
  async assign(state: ConnState & { role: 'agent' }, action: Action, to: string | null, ref: string | undefined, conn: Party.Connection) {
    const meta = this.meta!;
    let target: AgentRef | null = null;
    if (action === 'claim') target = state.agent;
    if (action === 'reassign') {
      if (to === meta.assignee?.id) return this.send(conn, { type: 'ok', ref });
      target = await this.lookupAgent(to!);
    }
    // Checked after any await: the room is single-threaded from here to the write.
    if (action === 'claim' && meta.status === 'active' && meta.assignee) {
      throw new BatonError('already-claimed', `${meta.assignee.name} already took this conversation`, { winner: meta.assignee });
    }
    if (action === 'reassign' && meta.status === 'active' && meta.assignee?.id !== state.agent.id && state.claims.role !== 'admin') {
      throw new BatonError('forbidden', 'Only the assignee or an admin may reassign');
    }
    const t = transition(meta.status, action);
    if (!t.ok) throw new BatonError(meta.status === 'closed' ? 'conversation-closed' : 'invalid-transition', t.reason);
    const wasAssigned = meta.assignee;
    meta.status = t.to;
    meta.assignee = target;
    const at = Date.now();
    // Back in Unassigned: the wait time starts again; nobody taking it by then sends the visitor the offline flow.
    if (meta.status === 'unassigned') meta.waitUntil = at + waitMsOf(meta);
    const event: EventEntry['event'] = action === 'claim' || (action === 'reassign' && !wasAssigned) ? 'joined' : action === 'reassign' ? 'reassigned' : 'unassigned';
    await this.append((seq) => [{ kind: 'event', seq, id: `ev${seq}`, event, at, by: state.agent, ...(target ? { agent: target } : {}) }]);
    if (meta.status === 'active') await this.room.storage.deleteAlarm();
    if (meta.status === 'unassigned' && meta.waitUntil) await this.room.storage.setAlarm(meta.reportDue ? Math.min(meta.waitUntil, Date.now() + 5_000) : meta.waitUntil);
    this.send(conn, { type: 'ok', ref });
    this.broadcastState();
    await this.report(undefined, state.agent.id);
  }

  async agentRecord(id: string): Promise<v.InferOutput<typeof AgentPublic> | null> {
    const res = await this.toWorkspace({ type: 'agent-lookup', agentId: id });
    if (res.status === 404) return null;
    const parsed = v.safeParse(AgentPublic, await res.json());
    if (!parsed.success) throw new BatonError('internal', 'Bad agent lookup answer');
    return parsed.output;
  }

  async lookupAgent(id: string): Promise<AgentRef> {
    const res = await this.toWorkspace({ type: 'agent-lookup', agentId: id });
    if (res.status === 404) throw new BatonError('not-found', 'No such agent');
    const parsed = v.safeParse(AgentPublic, await res.json());
    if (!parsed.success) throw new BatonError('internal', 'Bad agent lookup answer');
    if (parsed.output.revoked) throw new BatonError('invalid-field', 'That agent was revoked');
    return { id: parsed.output.id, name: parsed.output.name };
  }

  async close(state: ConnState & { role: 'agent' }, ref: string | undefined, conn: Party.Connection) {
    const meta = this.meta!;
    const t = transition(meta.status, 'close');
    if (!t.ok) throw new BatonError('conversation-closed', t.reason);
    const at = Date.now();
    meta.status = 'closed';
    meta.closedAt = at;
    await this.append((seq) => [{ kind: 'event', seq, id: `ev${seq}`, event: 'closed', at, by: state.agent }]);
    await this.room.storage.deleteAlarm();
    this.send(conn, { type: 'ok', ref });
    this.broadcastState();
    await this.report(undefined, state.agent.id);
  }

  async onAlarm() {
    const meta = this.meta;
    if (meta?.reportDue) await this.report();
    if (!meta || !isWaiting(meta.status)) return;
    if (meta.waitUntil && Date.now() < meta.waitUntil - 50) {
      // One alarm per room: keep the sooner of the wait-time deadline and a pending report retry.
      await this.room.storage.setAlarm(meta.reportDue ? Math.min(meta.waitUntil, Date.now() + 5_000) : meta.waitUntil);
      return;
    }
    const at = Date.now();
    const t = transition(meta.status, 'expire');
    if (!t.ok) return;
    meta.status = t.to;
    await this.append((seq) => [
      { kind: 'event', seq, id: `ev${seq}`, event: 'missed', at },
      { kind: 'message', seq: seq + 1, id: `offline${seq + 1}`, from: 'bot', authorName: meta.botName, text: meta.offlineMessage, at },
    ]);
    this.broadcastState();
    await this.report();
  }

  // ---- details and CRM -----------------------------------------------------------------------
  async updateDetails(patch: Parameters<typeof applyDetailsPatch>[1], ref: string | undefined, conn: Party.Connection) {
    this.details = applyDetailsPatch(this.details, patch);
    await this.room.storage.put('details', this.details);
    this.send(conn, { type: 'ok', ref });
    const frame = JSON.stringify({ type: 'details', details: this.details });
    for (const c of this.room.getConnections()) if (this.authed.get(c.id)?.role === 'agent') c.send(frame);
  }

  /**
   * The visitor of this chat (missed, usually) left contact details in the offline flow: they fill the
   * details panel's empty fields (each only if valid), name the visitor if the name was generated, and the
   * timeline says so. Once per submission, however often it is told.
   */
  async offlineContact(submissionId: string, contact: CapturedContact) {
    const meta = this.meta!;
    const id = `contact-${submissionId}`;
    if (this.entries.some((e) => e.id === id)) return;
    const given = detailsFromCapture(contact, this.details.value.currency);
    const d = this.details;
    this.details = {
      ...d,
      person: { name: d.person.name || given.person.name, email: d.person.email || given.person.email, phone: d.person.phone || given.person.phone },
      organization: { ...d.organization, name: d.organization.name || given.organization.name },
    };
    if (given.person.name && meta.visitorName === generatedVisitorName(meta.conversationId)) meta.visitorName = given.person.name;
    await this.append((seq) => [{ kind: 'event', seq, id, event: 'contact-left', at: Date.now() }], { details: this.details });
    const frame = JSON.stringify({ type: 'details', details: this.details });
    for (const c of this.room.getConnections()) if (this.authed.get(c.id)?.role === 'agent') c.send(frame);
    this.broadcastState();
    await this.report();
  }

  // ---- talking to the workspace room ---------------------------------------------------------
  async toWorkspace(body: unknown): Promise<Response> {
    const init = await signedPost(this.secret, { party: 'workspace', id: this.meta!.workspaceId }, body);
    let stub: Party.Stub | undefined;
    try {
      stub = this.room.context.parties.workspace!.get(this.meta!.workspaceId);
    } catch {
      // Inside onAlarm PartyKit offers no stubs: go through the public URL instead (same signature).
      return fetch(`${this.meta!.workspaceUrl}/internal`, init);
    }
    return stub.fetch('/internal', init);
  }

  /**
   * Tells the workspace room the new summary, one report at a time: changes made while one is on its way
   * are merged into the next (same actor: the latest visitor message is the one notified), so a busy chat
   * costs the workspace room — the busiest room — one report per round trip, not one per message. The
   * summary and revision are taken when the report leaves, so the merged one carries everything.
   * Resolves when the report that carries this change has been answered (or failed and was scheduled again).
   */
  report(visitorMessage?: string, actorId?: string): Promise<void> {
    return new Promise((resolve) => {
      const last = this.reportQueue[this.reportQueue.length - 1];
      if (last && last.actorId === actorId) {
        if (visitorMessage !== undefined) last.visitorMessage = visitorMessage;
        last.done.push(resolve);
      } else this.reportQueue.push({ visitorMessage, actorId, done: [resolve] });
      if (!this.reporting) void this.drainReports();
    });
  }

  private reportQueue: { visitorMessage?: string; actorId?: string; done: (() => void)[] }[] = [];
  private reporting = false;

  private async drainReports() {
    this.reporting = true;
    try {
      for (let next = this.reportQueue.shift(); next; next = this.reportQueue.shift()) {
        try {
          await this.reportNow(next.visitorMessage, next.actorId);
        } catch (err) {
          console.error('workspace report not scheduled', err instanceof Error ? err.message : 'unknown');
        }
        for (const resolve of next.done) resolve();
      }
    } finally {
      this.reporting = false;
    }
  }

  /** One report now; a failure is retried with the next change or from the alarm. */
  private async reportNow(visitorMessage?: string, actorId?: string) {
    const meta = this.meta!;
    // The revision and the summary are taken together, before any await: the workspace keeps the highest.
    // Time-based, so it keeps growing across a restart even if the last value was never written.
    meta.rev = Math.max((meta.rev ?? 0) + 1, Date.now() * 1000);
    const body = {
      type: 'conversation-changed',
      conversation: summaryOf(meta, this.entries),
      rev: meta.rev,
      ...(visitorMessage !== undefined ? { visitorMessage } : {}),
      ...(actorId ? { actorId } : {}),
    };
    let ok = false;
    try {
      const res = await this.toWorkspace(body);
      ok = res.ok;
      if (!res.ok) console.error('workspace report refused', res.status);
    } catch (err) {
      console.error('workspace report failed', err instanceof Error ? err.message : 'unknown');
    }
    if (ok && !meta.reportDue) return;
    // A lost report would leave the inbox wrong for good (a closed chat never changes again): retry from the alarm.
    meta.reportDue = !ok;
    await this.room.storage.put('meta', meta);
    if (!ok) await this.room.storage.setAlarm(Math.min(Date.now() + 5_000, isWaiting(meta.status) && meta.waitUntil ? meta.waitUntil : Infinity));
  }
}
