import * as v from 'valibot';
import {
  AGENT_ONLY_TYPES,
  AgentConversationClientMessage,
  AgentPublic,
  BatonError,
  CloseCode,
  ConversationInternal,
  Limits,
  NAME_MAX,
  MIN_VISITOR_VERSION,
  PROTOCOL_VERSION,
  acceptsMessages,
  applyDetailsPatch,
  decodeValue,
  emptyDetails,
  pages,
  transition,
  type AgentConversationClientMessage as ClientMsg,
  type AgentRef,
  type CapturedContact,
  isEmail,
  type Details,
  type Entry,
  type InitConversation,
  type VisitorIdentity,
  type PageView,
  type VisitorKeys,
  type ExportedConversation,
} from '../../protocol';
import { addPages } from './trail';
import { verifyBody, verifyToken } from '../auth';
import { RateLimiter, errorResponse, fail, json, readJson, runFrame } from '../http';
import type { RoomLink } from '../link';
import type { Clock, Socket, Storage } from '../ports';
import { Door } from '../door';
import { SCHEMA_KEY, latestOf, migrate, type SchemaMark } from '../migrate';
import { clearStorage } from '../storage-scan';
import { CONVERSATION_MIGRATIONS } from './migrations';
import { admit, mayStay } from './access';
import { decide, noReply, release, route, type Actor, type Assignment } from './assignment';
import { emailDueNow, escalationDue, nextWake, waitExpired } from './alarm';
import { withAddress } from './email-due';
import { ConversationEmail, initialEmail } from './email';
import { mergeContact, nextIdentity } from './contact';
import { Log, StorageFailed } from './log';
import { Peers, type Agent, type Member } from './peers';
import { VisitorPresence } from './presence';
import { ConversationRecords } from './records';
import { Reporter, type Change } from './reporter';
import { agentView, cutTo, factsOf, forVisitor, generatedVisitorName, placeOf, summaryOf, visitorView, type Meta } from './state';
import { decideRating } from './rating';
import { logEvent } from '../log';

export type ConversationConfig = {
  /** How long after the visitor's last socket closed they are shown as away. */
  visitorAwayMs: number;
  helloGraceMs: number;
  /** Sockets one visitor token may hold open at once. */
  socketsPerVisitor: number;
  /** Messages the visitor may send per minute. */
  visitorMessagesPerMinute: number;
  /** Entries and message characters the conversation may hold: then `conversation-full`. */
  maxEntries: number;
  maxChars: number;
  /** A visitor token is refused this long after its chat was closed. */
  visitorTokenAfterCloseMs: number;
  /** Tests only (BATON_ESCALATION_SPEEDUP, 1–1000): re-notify and reassign times run this many times faster. */
  escalationSpeedup?: number;
};

export const defaultConversationConfig = (): ConversationConfig => ({
  visitorAwayMs: Limits.visitorAwayGraceMs,
  helloGraceMs: Limits.helloGraceMs,
  socketsPerVisitor: Limits.socketsPerVisitor,
  visitorMessagesPerMinute: Limits.visitorMessagesPerMinute,
  maxEntries: Limits.conversationEntries,
  maxChars: Limits.conversationChars,
  visitorTokenAfterCloseMs: 30 * 24 * 60 * 60 * 1000,
});


/** What a conversation room is given by its shell: its id and the platform's handles, as narrow ports. */
export type ConversationPorts = {
  id: string;
  storage: Storage;
  clock: Clock;
  secret: string;
  /** The link to other rooms (the workspace room). */
  link: RoomLink;
  config: ConversationConfig;
  /** Tests only (BATON_TEST_CLOCK): run this room's clock from the chat's creation time (party/test-clock.ts). */
  startClockAt?: (at: number) => Promise<void>;
};

/**
 * One conversation: the authority for its log, status, assignee, details and wait-time alarm. It holds no
 * I/O of its own (storage, sockets, timers and other rooms come through its ports) and delegates each rule
 * to its module: log.ts, assignment.ts, alarm.ts, reporter.ts, presence.ts, peers.ts, records.ts, email.ts.
 */
export class Conversation {
  meta: Meta | null = null;
  details: Details = emptyDetails();
  /** The visitor's page trail (trail.ts), stored under `trail`. */
  private trail: PageView[] = [];
  readonly log: Log;
  readonly peers = new Peers();
  /** Agents who just lost this chat (someone else took it): told so for a moment, then closed. */
  private lost = new Map<string, AgentRef | null>();
  private door: Door;
  /** Agents this room was told are revoked: a hello or a claim that was waiting when it heard must not land. */
  private revokedAgents = new Set<string>();
  private limiter = new RateLimiter(Limits.rateBurst, Limits.ratePerSecond);
  /** The visitor's messages per minute, for the whole room (every socket of the token shares it). */
  private visitorMessages: RateLimiter;
  private presence: VisitorPresence;
  private reporter: Reporter;
  private records: ConversationRecords;
  private email: ConversationEmail;

  constructor(private p: ConversationPorts) {
    this.log = new Log(p.storage, undefined, () => this.load());
    this.door = new Door(p.clock, p.config.helloGraceMs, (id) => this.peers.has(id));
    this.visitorMessages = new RateLimiter(p.config.visitorMessagesPerMinute, p.config.visitorMessagesPerMinute / 60);
    this.presence = new VisitorPresence(p.clock, p.config.visitorAwayMs, (state) => this.peers.toAgents({ type: 'presence', ...state }));
    this.reporter = new Reporter((change) => this.sendReport(change));
    this.email = new ConversationEmail({
      meta: () => this.meta!,
      details: () => this.details,
      setDetails: (d) => void (this.details = d),
      log: this.log,
      clock: p.clock,
      storage: p.storage,
      config: p.config,
      visitorHere: () => this.peers.visitorCount() > 0,
      askWorkspace: (body) => this.p.link.json(this.workspace(), body),
      append: (build, extra, dedupKey) => this.append(build, extra, dedupKey),
      syncAlarm: () => this.syncAlarm(),
      report: (change) => this.reporter.report(change),
      broadcastState: () => this.broadcastState(),
      toAgents: (frame) => this.peers.toAgents(frame),
    });
    this.records = new ConversationRecords({
      meta: () => this.meta!,
      details: () => this.details,
      log: this.log,
      append: (build) => this.append(build),
      askWorkspace: (body) => this.p.link.json(this.workspace(), body),
    });
  }

  private workspace() {
    return { party: 'workspace' as const, id: this.meta!.workspaceId };
  }

  // ---- lifecycle -----------------------------------------------------------------------------
  async start() {
    // Stored rooms of an older version are brought up to date before anything reads them (migrations.ts).
    await migrate(this.p.storage, CONVERSATION_MIGRATIONS, this.p.clock.now());
    await this.load();
    // Cloudflare keeps alarms across restarts; `partykit dev` does not. Re-arming is harmless in
    // production and makes a restarted dev server expire waiting chats too (past deadlines fire at once).
    if (this.meta) await this.syncAlarm();
  }

  /** Reads the room's state from storage: at start, and after a failed write (memory can't be trusted then). */
  private async load() {
    this.meta = (await this.p.storage.get<Meta>('meta')) ?? null;
    if (!this.meta) return;
    await this.log.load();
    this.details = (await this.p.storage.get<Details>('details')) ?? emptyDetails();
    this.trail = (await this.p.storage.get<PageView[]>('trail')) ?? [];
  }

  private async syncAlarm() {
    const at = nextWake(this.meta!, this.p.clock.now(), this.p.config.escalationSpeedup);
    if (at === null) await this.p.storage.deleteAlarm();
    else await this.p.storage.setAlarm(at);
  }

  /** Appends to the log and stores meta with it, then sends the new entries to each audience. */
  private async append(build: (seq: number) => Entry[], extra: Record<string, unknown> = {}, dedupKey?: string): Promise<Entry[]> {
    if (this.log.recovering) throw new BatonError('unavailable', 'Could not save; please retry');
    let made: Entry[];
    try {
      made = await this.log.append(this.meta!, build, extra, dedupKey);
    } catch (err) {
      if (!(err instanceof StorageFailed)) throw err;
      // Nothing of this batch is stored: the log reloads the room from storage (what Cloudflare does by
      // restarting the object) once the writes still in flight have ended, so no seq is given twice.
      console.error('storage write failed', err.cause instanceof Error ? err.cause.message : 'unknown');
      await this.log.recovering;
      throw err;
    }
    this.peers.toAgents({ type: 'entries', entries: made });
    const visible = forVisitor(made);
    if (visible.length) this.peers.toVisitors({ type: 'entries', entries: visible });
    return made;
  }

  private summary() {
    return summaryOf(this.meta!, this.log.tail, this.log.unreadAfter(this.meta!.seen.agent));
  }

  // ---- room-to-room requests (signed) ----------------------------------------------------------
  async request(req: Request): Promise<Response> {
    try {
      if (req.method !== 'POST') return fail('not-found', 'Not found');
      const { raw, value } = await readJson(req, 256_000); // room-to-room: an init carries the visitor's transcript
      if (!(await verifyBody(this.p.secret, raw, req.headers, { party: 'conversation', id: this.meta?.conversationId ?? this.p.id }))) return fail('unauthorized', 'Bad signature');
      const msg = decodeValue(ConversationInternal, value);
      if (!msg.ok) throw msg.error;
      const body = msg.value;
      if (body.type === 'init') return json(await this.init(body));
      if (!this.meta) return fail('not-found', 'No such conversation');
      switch (body.type) {
        case 'wake':
          return json({ conversation: this.summary(), rev: this.meta.rev ?? 0 });
        case 'offline-contact':
          await this.offlineContact(body.submissionId, body.contact);
          return json({ ok: true });
        case 'record-result':
          await this.records.apply(body.kind, body.outcome);
          // A lead made after the close still counts in insights: the workspace hears of it.
          await this.reporter.report();
          return json({ ok: true });
        case 'agent-changed':
          await this.agentChanged(body.agent, body.by);
          return json({ ok: true });
        case 'route-assign':
          return json(await this.routed(body.agent));
        case 'queue-position':
          await this.place(body.position, body.rev);
          return json({ ok: true });
        case 'identify':
          await this.identified(body.identity);
          return json({ ok: true });
        case 'export':
          return json(await this.exported());
        case 'erase':
          return json(await this.erase(body.closedBefore));
        case 'email-result':
          await this.email.emailResult(body.key, body.kind, body.to, body.status, body.reason);
          return json({ ok: true });
        case 'email-reply':
          return json(await this.email.emailReply(body.from, body.text, body.messageId));
        case 'email-stop':
          await this.email.emailStop();
          return json({ ok: true });
        default:
          return body satisfies never;
      }
    } catch (err) {
      if (err instanceof BatonError) return errorResponse(err);
      console.error('conversation request failed', err instanceof Error ? err.message : 'unknown');
      return fail('internal', 'Internal error');
    }
  }

  private async init(body: InitConversation) {
    if (body.conversationId !== this.p.id) throw new BatonError('forbidden', 'This init is for another conversation');
    if (this.meta) return this.summary(); // idempotent
    await this.p.startClockAt?.(body.createdAt);
    const meta: Meta = {
      conversationId: body.conversationId,
      workspaceId: body.workspaceId,
      playbookId: body.playbookId,
      botName: body.botName,
      status: 'waiting',
      assignee: null,
      createdAt: body.createdAt,
      closedAt: null,
      waitUntil: body.createdAt + body.waitSeconds * 1000,
      waitSeconds: body.waitSeconds,
      ...(body.origin ? { origin: body.origin } : {}),
      ...(body.visitorId ? { visitorId: body.visitorId } : {}),
      ...(body.typingPreview ? { typingPreview: true } : {}),
      ...(body.address ? { address: body.address } : {}),
      offlineMessage: body.offlineMessage,
      context: body.context,
      answers: body.answers,
      lastSeq: 0,
      seen: { visitor: 0, agent: 0 },
      visitorName: cutTo(body.answers.name?.trim() || body.details?.person.name || generatedVisitorName(body.conversationId), NAME_MAX),
      records: {},
      waitingSince: body.createdAt,
      lastNotifiedAt: body.createdAt,
      ...(body.routing ? { routing: body.routing } : {}),
      ...(body.routing?.team !== undefined ? { team: body.routing.team } : {}),
      // The address the visitor gave in this chat (a capture card), or carried from the chat this one continues.
      email: initialEmail(body.email || body.details?.person.email || '', body.linkedFrom),
      // Routing gave it to an agent as it arrived: theirs from the start.
      ...(body.assignee ? { status: 'active' as const, assignee: body.assignee, assignedAt: body.createdAt, facts: { claimedAt: body.createdAt, lastAssignee: body.assignee } } : {}),
    };
    this.meta = meta;
    if (body.details) this.details = body.details;
    // The bot part counts towards the caps: keep its newest lines, within half of each, so the chat itself has room.
    const transcript = [...body.transcript];
    let chars = transcript.reduce((n, l) => n + l.text.length, 0);
    while (transcript.length && (transcript.length + 1 > this.p.config.maxEntries / 2 || chars > this.p.config.maxChars / 2)) chars -= transcript.shift()!.text.length;
    await this.append(
      () => [
        ...transcript.map((line, i): Entry => ({ kind: 'message', seq: i + 1, id: `t${i + 1}`, from: line.from, ...(line.from === 'bot' ? { authorName: body.botName } : {}), text: line.text, at: line.at })),
        { kind: 'event', seq: transcript.length + 1, id: 'created', event: 'created', at: body.createdAt },
        ...(body.assignee ? [{ kind: 'event' as const, seq: transcript.length + 2, id: 'routed', event: 'joined' as const, at: body.createdAt, agent: body.assignee, cause: 'routed' as const }] : []),
      ],
      // A new room is born at the newest version: its first start after an upgrade has nothing to migrate.
      { ...(body.details ? { details: body.details } : {}), [SCHEMA_KEY]: { v: latestOf(CONVERSATION_MIGRATIONS), at: this.p.clock.now() } satisfies SchemaMark },
    );
    await this.syncAlarm();
    return this.summary();
  }

  // ---- data lifecycle (workspace/data-export.ts, workspace/erasure.ts, workspace/retention.ts) ----
  /** Everything the chat's agents see, for an export: the state, the details, every entry (read in pages), the trail. */
  private async exported(): Promise<ExportedConversation> {
    await this.log.drain();
    return { conversation: agentView(this.summary(), this.meta!), details: this.details, entries: await this.log.after(0), trail: this.trail };
  }

  /**
   * Deletes everything this room stores and closes its sockets: the room holds nothing afterwards (a later
   * hello or call finds no conversation). With `closedBefore` (retention) only a chat closed before then.
   * Answers the CRM items the chat made, so the workspace can delete those that were the visitor's only.
   */
  private async erase(closedBefore?: number): Promise<{ erased: boolean; records: Meta['records'] }> {
    const meta = this.meta!;
    if (closedBefore !== undefined && !(meta.status === 'closed' && meta.closedAt !== null && meta.closedAt < closedBefore)) return { erased: false, records: {} };
    await this.log.drain();
    if (this.log.recovering) await this.log.recovering;
    const records = meta.records;
    this.meta = null;
    this.details = emptyDetails();
    this.trail = [];
    for (const s of [...this.peers.visitorSockets(), ...this.peers.agentSockets()]) {
      this.peers.leave(s.id);
      s.close(CloseCode.notFound, 'Deleted');
    }
    await clearStorage(this.p.storage);
    await this.log.load();
    logEvent('conversation-erased', { retention: closedBefore !== undefined });
    return { erased: true, records };
  }

  // ---- sockets -------------------------------------------------------------------------------
  connect(socket: Socket) {
    this.door.open(socket);
  }

  disconnect(socket: Socket) {
    const member = this.peers.leave(socket.id);
    this.lost.delete(socket.id);
    this.door.closed(socket.id);
    this.limiter.forget(socket.id);
    if (member) this.peers.toOthers(typingFrame(member, false), socket.id);
    if (member?.role === 'visitor') {
      this.presence.update(this.peers.visitorCount() > 0);
      if (this.peers.visitorCount() === 0) {
        this.email.visitorLeft(this.p.clock.now());
        void this.email.refreshEmailDue().catch((err: unknown) => console.error('email due failed', err instanceof Error ? err.message : 'unknown'));
      }
    }
  }

  message(socket: Socket, raw: string | ArrayBuffer | ArrayBufferView) {
    if (!this.door.lets(socket, raw)) return;
    return runFrame('conversation', socket, this.limiter, AgentConversationClientMessage, raw, undefined, (msg) => this.handle(msg, socket));
  }

  private async handle(msg: ClientMsg, socket: Socket) {
    if (this.lost.has(socket.id)) {
      const winner = this.lost.get(socket.id);
      if (msg.type === 'claim' && winner) throw new BatonError('already-claimed', `${winner.name} already took this conversation`, { winner });
      throw new BatonError('forbidden', 'This conversation is assigned to another agent');
    }
    if (msg.type === 'hello') {
      // One hello per socket: another would cost a full replay (and, for an agent, a lookup and a timer).
      if (this.peers.has(socket.id)) throw new BatonError('forbidden', 'This socket already said hello');
      this.door.greet(socket.id);
      return this.hello(msg, socket);
    }
    const member = this.peers.get(socket.id);
    if (!member) throw new BatonError('unauthorized', 'Send hello with a token first');
    const agent = member.role === 'agent' ? member : null;
    const asAgent = (): Agent => {
      if (!agent) throw new BatonError('forbidden', `Visitors may not ${msg.type}`);
      return agent;
    };
    if (!agent && AGENT_ONLY_TYPES.has(msg.type)) asAgent();
    const meta = this.meta!;
    const ok = (ref: string | undefined) => this.peers.reply(socket, { type: 'ok', ref });
    switch (msg.type) {
      case 'ping':
        return this.peers.reply(socket, { type: 'pong' });
      case 'send':
        await this.send(member, msg.id, msg.text, socket);
        // Sent: the preview of it is over.
        if (!agent && meta.typingPreview) this.peers.toAgents({ type: 'draft', text: '', at: this.p.clock.now() });
        return;
      case 'typing':
        return this.peers.toOthers(typingFrame(member, msg.typing), socket.id);
      case 'seen':
        return this.markSeen(member.role, Math.min(msg.seq, meta.lastSeq));
      case 'claim':
        await this.assign(asAgent(), 'claim', null);
        return ok(msg.ref);
      case 'reassign':
        if (msg.to !== null && msg.to === meta.assignee?.id) return ok(msg.ref);
        await this.assign(asAgent(), msg.to === null ? 'unassign' : 'reassign', msg.to);
        return ok(msg.ref);
      case 'close':
        await this.assign(asAgent(), 'close', null);
        return ok(msg.ref);
      case 'update-details':
        asAgent();
        await this.updateDetails(msg.patch);
        return ok(msg.ref);
      case 'create-record':
        await this.records.create(asAgent().agent, msg.kind, false);
        ok(msg.ref);
        return this.reporter.report({ actorId: asAgent().agent.id });
      case 'retry-record':
        await this.records.create(asAgent().agent, msg.kind, true);
        ok(msg.ref);
        return this.reporter.report({ actorId: asAgent().agent.id });
      case 'pages':
        if (agent) throw new BatonError('forbidden', 'Only the visitor reports pages');
        return this.pagesViewed(msg.pages);
      case 'draft':
        // Typing preview: straight to this chat's agents, never stored; ignored where it is off (or from an agent).
        if (!agent && meta.typingPreview && acceptsMessages(meta.status)) this.peers.toAgents({ type: 'draft', text: msg.text, at: this.p.clock.now() });
        return;
      case 'rate':
        if (agent) throw new BatonError('forbidden', 'Only the visitor rates a chat');
        await this.rate(msg.score, msg.comment);
        return ok(msg.ref);
      case 'transcript-request':
        if (agent) throw new BatonError('forbidden', 'Only the visitor asks for the transcript');
        await this.email.transcriptRequested(msg.email || undefined);
        return ok(msg.ref);
      default:
        return msg satisfies never;
    }
  }

  private refuse(socket: Socket, err: BatonError, code: number, reason: string) {
    this.peers.reply(socket, err.toFrame());
    socket.close(code, reason);
  }

  private async hello(msg: Extract<ClientMsg, { type: 'hello' }>, socket: Socket) {
    // Agents speak this version; a widget may be older (it skips frames it does not know): see MIN_VISITOR_VERSION.
    const olderWidget = msg.v >= MIN_VISITOR_VERSION && msg.v < PROTOCOL_VERSION && (await verifyToken(this.p.secret, msg.token))?.kind === 'visitor';
    if (msg.v !== PROTOCOL_VERSION && !olderWidget) return this.refuse(socket, BatonError.of('version-mismatch', { code: 'protocol-version', params: { version: PROTOCOL_VERSION } }), CloseCode.versionMismatch, 'Protocol version mismatch');
    if (!this.meta) return this.refuse(socket, new BatonError('not-found', 'No such conversation'), CloseCode.notFound, 'No such conversation');
    const claims = await verifyToken(this.p.secret, msg.token);
    // A token is valid for an hour: ask the workspace whether the agent is still there, and in which role.
    const agent = claims?.kind === 'agent' && claims.ws === this.meta.workspaceId ? await this.agentRecord(claims.sub) : undefined;
    const meta = this.meta;
    // Revoked while the lookup was on its way: the answer may predate it.
    const revokedMeanwhile = claims?.kind === 'agent' && this.revokedAgents.has(claims.sub);
    const admission = admit(claims, meta, revokedMeanwhile ? { ...agent!, revoked: true } : agent, this.peers.visitorCount(), this.p.clock.now(), this.p.config);
    if ('refusal' in admission) {
      const { error, code, reason } = admission.refusal;
      if (error.code === 'unauthorized' || error.code === 'forbidden') logEvent('auth-refused', { room: 'conversation', conv: meta.conversationId, route: 'hello', code: error.code });
      return this.refuse(socket, error, code, reason);
    }
    const { member } = admission;
    if (member.role === 'agent') {
      this.p.clock.setTimeout(() => {
        if (this.peers.has(socket.id)) socket.close(CloseCode.unauthorized, 'Session expired');
      }, Math.max(0, member.claims.exp - this.p.clock.now()));
    }
    this.peers.join(socket, member);
    const after = await this.log.after(msg.lastSeq);
    // A long replay goes out in pages: the welcome carries the first, `entries` frames the rest, in order.
    if (member.role === 'visitor') {
      const [first = [], ...rest] = pages(forVisitor(after));
      this.peers.toVisitor(socket, { type: 'welcome', role: 'visitor', v: PROTOCOL_VERSION, conversation: visitorView(meta), entries: first });
      for (const page of rest) this.peers.toVisitor(socket, { type: 'entries', entries: page });
      this.presence.update(true);
      this.email.visitorBack();
      if (meta.email?.due != null) await this.email.refreshEmailDue();
    } else {
      const [first = [], ...rest] = pages(after);
      this.peers.toAgent(socket, { type: 'welcome', role: 'agent', v: PROTOCOL_VERSION, conversation: agentView(this.summary(), meta), entries: first, details: this.details });
      for (const page of rest) this.peers.toAgent(socket, { type: 'entries', entries: page });
      if (this.trail.length) this.peers.toAgent(socket, { type: 'trail', pages: this.trail });
      this.peers.toAgent(socket, { type: 'presence', ...this.presence.state });
    }
  }

  /** Sends the new state to everyone; an agent who may no longer see the chat loses it (told who has it, then closed). */
  private broadcastState() {
    const meta = this.meta!;
    this.peers.toVisitors({ type: 'state', role: 'visitor', conversation: visitorView(meta) });
    const view = agentView(this.summary(), meta);
    for (const { socket, member } of [...this.peers.agents()]) {
      if (mayStay(member, meta)) {
        this.peers.toAgent(socket, { type: 'state', role: 'agent', conversation: view });
        continue;
      }
      // Frames already in flight (a late claim) are still answered for a moment, with who won, then the socket closes.
      this.peers.leave(socket.id);
      this.lost.set(socket.id, meta.assignee);
      this.peers.toAgent(socket, BatonError.of('forbidden', { code: 'assigned-to', params: meta.assignee ? { name: meta.assignee.name } : {} }).toFrame());
      this.p.clock.setTimeout(() => {
        this.lost.delete(socket.id);
        socket.close(CloseCode.revoked, 'Assigned to another agent');
      }, 1_000);
    }
  }

  // ---- messages ------------------------------------------------------------------------------
  private async send(member: Member, id: string, text: string, socket: Socket): Promise<void> {
    const key = `${member.role}:${id}`;
    // A resend while the first copy is still being written waits for that write: an ack always means stored.
    // The last check and the append below run in one turn, so two copies can't both pass it.
    const known = await this.log.settled(key);
    if (known !== undefined) return this.peers.reply(socket, { type: 'ack', id, seq: known });
    // A twin of this message was appended while we waited: start over (and wait for its write).
    if (this.log.has(key) || this.log.recovering) return this.send(member, id, text, socket);
    const meta = this.meta!;
    if (!acceptsMessages(meta.status)) {
      throw new BatonError('conversation-closed', meta.status === 'closed' ? 'This conversation is closed' : `This conversation is ${meta.status}`);
    }
    // One voice per chat: an agent answers once the chat is theirs (Assign to me), not while it waits.
    if (member.role === 'agent' && meta.assignee?.id !== member.agent.id) {
      throw new BatonError('forbidden', 'Assign this conversation to yourself before answering');
    }
    const { maxEntries, maxChars } = this.p.config;
    if (this.log.count >= maxEntries || this.log.chars + text.length > maxChars) {
      throw new BatonError('conversation-full', 'This conversation is full: start a new one, or email the team');
    }
    if (member.role === 'visitor' && !this.visitorMessages.take('visitor', this.p.clock.now())) {
      throw new BatonError('rate-limited', 'Too many messages; wait a moment and send again');
    }
    const at = this.p.clock.now();
    // The assignee's reply ends the reminders and the reassignment (stored with the message).
    const replies = member.role === 'agent' && meta.assignee?.id === member.agent.id;
    if (replies) meta.lastAgentReplyAt = at;
    if (member.role === 'agent' && meta.facts?.firstReplyAt === undefined) meta.facts = { ...meta.facts, firstReplyAt: at, replier: member.agent };
    const [entry] = await this.append(
      (seq) => [{ kind: 'message', seq, id, from: member.role, ...(member.role === 'agent' ? { agentId: member.agent.id, authorName: member.agent.name } : {}), text, at }],
      {},
      key,
    );
    this.peers.reply(socket, { type: 'ack', id, seq: entry!.seq });
    if (replies) await this.syncAlarm();
    await this.reporter.report(member.role === 'visitor' ? { visitorMessage: text } : { actorId: member.agent.id });
    if (member.role === 'agent') await this.email.refreshEmailDue();
  }

  private async markSeen(side: 'visitor' | 'agent', seq: number) {
    const meta = this.meta!;
    if (seq <= meta.seen[side]) return;
    meta.seen = { ...meta.seen, [side]: seq };
    await this.p.storage.put('meta', meta);
    this.peers.toAll({ type: 'seen', side, seq });
    if (side === 'agent') await this.reporter.report();
    else if (meta.email?.due != null) await this.email.refreshEmailDue();
  }

  // ---- assignment ------------------------------------------------------------------------------
  private async assign(member: Agent, action: 'claim' | 'reassign' | 'unassign' | 'close', to: string | null) {
    const target = action === 'reassign' ? await this.lookupAgent(to!) : null;
    // Decided once no write is in flight (a claim whose write fails must not have refused a later claim),
    // and after the last await: the room is single-threaded from here to the write.
    await this.log.drain();
    if (this.log.recovering) await this.log.recovering;
    // Revoked while this waited: nothing of theirs lands.
    if (this.revokedAgents.has(member.agent.id)) throw new BatonError('unauthorized', 'This agent was revoked');
    const actor: Actor = { agent: member.agent, admin: member.claims.role === 'admin' };
    const next = decide(this.meta!, action, actor, target, this.p.clock.now());
    await this.applyAssignment(next);
    await this.reporter.report({ actorId: member.agent.id });
  }

  /**
   * Applies an assignment and what escalation keeps of it: a person giving the chat to someone ends it
   * (`claimedAt`); routing's pick starts the reply clock (`assignedAt`); back in Unassigned it waits again
   * from now. Any change ends the visitor's place in line (the workspace tells the new one, if any).
   */
  private async applyAssignment(next: Assignment) {
    const meta = this.meta!;
    const at = next.event.at;
    const hadPlace = placeOf(meta) !== undefined;
    Object.assign(meta, { status: next.status, assignee: next.assignee, waitUntil: next.waitUntil, closedAt: next.closedAt });
    if (next.assignee && next.event.cause === 'routed') Object.assign(meta, { assignedAt: at, claimedAt: undefined, lastNotifiedAt: at });
    else if (next.assignee) Object.assign(meta, { claimedAt: at, assignedAt: undefined });
    else if (next.status === 'unassigned') Object.assign(meta, { waitingSince: at, claimedAt: undefined, assignedAt: undefined, lastNotifiedAt: at });
    if (next.assignee) meta.facts = { ...meta.facts, claimedAt: meta.facts?.claimedAt ?? at, lastAssignee: next.assignee };
    delete meta.position;
    await this.append((seq) => [{ kind: 'event', seq, id: `ev${seq}`, ...next.event }]);
    await this.syncAlarm();
    this.broadcastState();
    if (hadPlace) this.peers.toAll({ type: 'queue', position: null });
    if (next.status === 'closed') await this.email.onceEmail('close');
  }

  /**
   * Routing dealt this chat to `agent` (workspace `route-assign`). Decided here, after every await, like a
   * claim: taken only while nobody has it. Answers the summary either way, with a new revision when it changed.
   */
  private async routed(agent: AgentRef): Promise<{ assigned: boolean; conversation: ReturnType<Conversation['summary']>; rev: number }> {
    await this.log.drain();
    if (this.log.recovering) await this.log.recovering;
    const meta = this.meta!;
    const next = this.revokedAgents.has(agent.id) ? null : route(meta, agent, this.p.clock.now());
    if (!next) return { assigned: false, conversation: this.summary(), rev: meta.rev ?? 0 };
    // The answer is this change's report: the revision is taken with it and stored with the event.
    meta.rev = Math.max((meta.rev ?? 0) + 1, this.p.clock.now() * 1000);
    await this.applyAssignment(next);
    return { assigned: true, conversation: this.summary(), rev: meta.rev };
  }

  /** The workspace says the visitor's place in line; an older word than the last one heard is ignored. */
  private async place(position: number | null, rev: number) {
    const meta = this.meta!;
    if (rev <= (meta.positionRev ?? 0)) return;
    const before = placeOf(meta);
    meta.positionRev = rev;
    if (position === null) delete meta.position;
    else meta.position = position;
    await this.p.storage.put('meta', meta);
    const now = placeOf(meta);
    if (now !== before) this.peers.toAll({ type: 'queue', position: now ?? null });
  }

  private async agentRecord(id: string): Promise<AgentPublic | null> {
    const res = await this.p.link.json(this.workspace(), { type: 'agent-lookup', agentId: id, conversationId: this.meta!.conversationId });
    if (res.status === 404) return null;
    const parsed = v.safeParse(AgentPublic, res.body);
    if (!parsed.success) throw new BatonError('internal', 'Bad agent lookup answer');
    return parsed.output;
  }

  private async lookupAgent(id: string): Promise<AgentRef> {
    const agent = await this.agentRecord(id);
    if (!agent) throw new BatonError('not-found', 'No such agent');
    if (agent.revoked) throw new BatonError('invalid-field', 'That agent was revoked');
    return { id: agent.id, name: agent.name };
  }

  /**
   * The workspace says an agent changed: a revoked agent's sockets are closed at once and their chat goes back
   * to Unassigned (by the admin who revoked them); a new role applies to the agent's open sockets now.
   */
  private async agentChanged(agent: AgentPublic, by: AgentRef | null) {
    if (agent.revoked) this.revokedAgents.add(agent.id);
    for (const { socket, member } of [...this.peers.agents()]) {
      if (member.agent.id !== agent.id) continue;
      if (agent.revoked) {
        this.peers.leave(socket.id);
        this.peers.toAgent(socket, new BatonError('unauthorized', 'This agent was revoked').toFrame());
        socket.close(CloseCode.unauthorized, 'Revoked');
      } else if ((member.claims.gen ?? 0) !== (agent.gen ?? 0)) {
        // Their credential was re-issued: sockets opened with a session of the old one close (the chat stays theirs).
        this.peers.leave(socket.id);
        this.peers.toAgent(socket, new BatonError('unauthorized', 'This credential was re-issued').toFrame());
        socket.close(CloseCode.unauthorized, 'Credential re-issued');
      } else Object.assign(member.claims, { role: agent.role, manageLiveChat: agent.manageLiveChat });
    }
    // A new role applies now: an admin demoted while overseeing someone else's chat loses it.
    if (!agent.revoked) return this.broadcastState();
    const next = release(this.meta!, agent.id, by, this.p.clock.now());
    if (!next) return;
    await this.applyAssignment(next);
    await this.reporter.report(by ? { actorId: by.id } : {});
  }

  // ---- the alarm -------------------------------------------------------------------------------
  async alarm() {
    const meta = this.meta;
    if (!meta) return;
    if (meta.reportDue) await this.reporter.report();
    const now = this.p.clock.now();
    if (emailDueNow(meta, now)) await this.email.unseenEmail();
    if (waitExpired(meta, now)) return this.missed();
    switch (escalationDue(meta, now, this.p.config.escalationSpeedup)) {
      case 'missed':
        return this.missed();
      case 'reassign':
        return this.reassignNoReply();
      case 'renotify':
        return this.renotify();
      case null:
        return this.syncAlarm();
    }
  }

  /** `Re-notify every`: the workspace reminds the agents (with sound); a lost reminder is not retried, the next one comes. */
  private async renotify() {
    const meta = this.meta!;
    meta.lastNotifiedAt = this.p.clock.now();
    await this.p.storage.put('meta', meta);
    await this.syncAlarm();
    try {
      await this.p.link.call(this.workspace(), { type: 'renotify', conversationId: meta.conversationId });
    } catch (err) {
      console.error('reminder not sent', err instanceof Error ? err.message : 'unknown');
    }
  }

  /** Routing's pick did not reply in time: back to Unassigned (said to both sides), and the workspace deals it to someone else. */
  private async reassignNoReply() {
    const meta = this.meta!;
    const agentId = meta.assignee?.id;
    await this.log.drain();
    if (this.log.recovering) await this.log.recovering;
    // Re-checked after the awaits: they may have replied, or someone took it, meanwhile.
    const next = agentId && escalationDue(meta, this.p.clock.now(), this.p.config.escalationSpeedup) === 'reassign' ? noReply(meta, agentId, this.p.clock.now()) : null;
    if (!next) return this.syncAlarm();
    await this.applyAssignment(next);
    await this.reporter.report({ noReply: agentId });
  }

  /** The wait time is over and nobody took it: missed, the visitor gets the offline flow. */
  private async missed() {
    const meta = this.meta!;
    const t = transition(meta.status, 'expire');
    if (!t.ok) return this.syncAlarm();
    const at = this.p.clock.now();
    meta.status = t.to;
    meta.missedAt = at;
    meta.facts = { ...meta.facts, missedAt: meta.facts?.missedAt ?? at };
    const hadPlace = meta.position !== undefined;
    delete meta.position;
    await this.append((seq) => [
      { kind: 'event', seq, id: `ev${seq}`, event: 'missed', at },
      { kind: 'message', seq: seq + 1, id: `offline${seq + 1}`, from: 'bot', authorName: meta.botName, text: meta.offlineMessage, at },
    ]);
    await this.syncAlarm();
    this.broadcastState();
    if (hadPlace) this.peers.toAll({ type: 'queue', position: null });
    await this.reporter.report();
    await this.email.onceEmail('missed');
  }

  // ---- rating --------------------------------------------------------------------------------------
  /**
   * The visitor rates the chat: once, after it closed (rating.ts decides). Stored with its `rated` event (agents
   * only) in one write; the visitor's view says `rated`; the workspace hears of it with the next report.
   */
  private async rate(score: number, comment: string | undefined) {
    await this.log.drain();
    if (this.log.recovering) await this.log.recovering;
    const meta = this.meta!;
    const rating = decideRating(meta, score, comment, this.p.clock.now());
    // Stored with its event in one write; a failed write reloads the room from storage (the log's recovery), rating gone.
    meta.rating = rating;
    await this.append((seq) => [{ kind: 'event', seq, id: `ev${seq}`, event: 'rated', at: rating.at, rating: { score: rating.score, ...(rating.comment !== undefined ? { comment: rating.comment } : {}) } }]);
    this.broadcastState();
    await this.reporter.report();
  }

  // ---- details ---------------------------------------------------------------------------------
  private async updateDetails(patch: Parameters<typeof applyDetailsPatch>[1]) {
    const next = applyDetailsPatch(this.details, patch);
    await this.p.storage.put('details', next);
    this.details = next;
    this.peers.toAgents({ type: 'details', details: next });
  }

  /**
   * The visitor of this chat (missed, usually) left contact details in the offline flow: they fill the details
   * panel's empty fields, name the visitor if the name was generated, and the timeline says so. Once per
   * submission, however often it is told.
   */
  private async offlineContact(submissionId: string, contact: CapturedContact) {
    const meta = this.meta!;
    const id = `contact-${submissionId}`;
    if (this.log.has(`event:${id}`)) return;
    const merged = mergeContact(this.details, contact);
    // Nothing new, or the chat is full: no event (a visitor can't grow the chat by resubmitting the form).
    if (JSON.stringify(merged) === JSON.stringify(this.details) || this.log.count >= this.p.config.maxEntries) return;
    this.details = merged;
    if (contact.email && isEmail(contact.email.trim())) meta.email = withAddress(this.email.emailState(), contact.email, 'chat');
    if (this.details.person.name && meta.visitorName === generatedVisitorName(meta.conversationId)) meta.visitorName = this.details.person.name;
    await this.append((seq) => [{ kind: 'event', seq, id, event: 'contact-left', at: this.p.clock.now() }], { details: this.details });
    this.peers.toAgents({ type: 'details', details: this.details });
    this.broadcastState();
    await this.reporter.report();
  }

  /**
   * The site told who the visitor is (checked by the workspace: verified, or the visitor's own claim; see
   * contact.ts `nextIdentity`). Verified, their details fill the panel's empty fields (what an agent typed is
   * kept); a claim stays beside the details, as the visitor's word. Either names a visitor whose name was made up.
   */
  private async identified(incoming: VisitorIdentity) {
    const meta = this.meta!;
    const identity = nextIdentity(meta.identity, incoming);
    if (!identity) return;
    meta.identity = identity;
    const { name, email, phone, company } = identity;
    const details = identity.verified ? mergeContact(this.details, { name, email, phone, company }) : this.details;
    const detailsChanged = details !== this.details && JSON.stringify(details) !== JSON.stringify(this.details);
    this.details = details;
    if (name && meta.visitorName === generatedVisitorName(meta.conversationId)) meta.visitorName = cutTo(name, NAME_MAX);
    if (identity.verified && email && isEmail(email)) meta.email = withAddress(this.email.emailState(), email, 'identity');
    await this.p.storage.put({ meta, ...(detailsChanged ? { details } : {}) });
    if (detailsChanged) this.peers.toAgents({ type: 'details', details });
    this.broadcastState();
    await this.reporter.report();
  }

  /** Who the visitor is, for the workspace's `Previous conversations` (workspace/history.ts). */
  private visitorKeys(): VisitorKeys {
    const meta = this.meta!;
    const email = (this.details.person.email || meta.identity?.email || meta.email?.address || '').toLowerCase();
    const records = (['lead', 'deal'] as const).filter((k) => meta.records[k]);
    return {
      ...(meta.identity?.verified && meta.identity.id !== undefined ? { userId: meta.identity.id } : {}),
      ...(meta.visitorId ? { visitorId: meta.visitorId } : {}),
      ...(meta.address ? { address: meta.address } : {}),
      ...(email ? { email } : {}),
      ...(records.length ? { records } : {}),
    };
  }

  /** The visitor viewed pages (the widget's batch): kept in the bounded trail, which agents get whole. */
  private async pagesViewed(pages: readonly PageView[]) {
    const meta = this.meta!;
    // The trail is of an open chat: a closed one keeps what it had (a missed one still grows, for the follow-up).
    if (meta.status === 'closed') return;
    const next = addPages(this.trail, pages, { origin: meta.origin, since: meta.createdAt, now: this.p.clock.now() });
    if (!next) return;
    await this.p.storage.put('trail', next);
    this.trail = next;
    this.peers.toAgents({ type: 'trail', pages: next });
  }

  // ---- reports to the workspace room -------------------------------------------------------------
  /** One report now; a failure is retried with the next change or from the alarm. */
  private async sendReport(change: Change) {
    const meta = this.meta!;
    // The revision and the summary are taken together, before any await: the workspace keeps the highest.
    // Time-based, so it keeps growing across a restart even if the last value was never written.
    meta.rev = Math.max((meta.rev ?? 0) + 1, this.p.clock.now() * 1000);
    const body = { type: 'conversation-changed', conversation: this.summary(), rev: meta.rev, ...change, keys: this.visitorKeys(), facts: factsOf(meta) };
    let ok = false;
    try {
      const res = await this.p.link.call(this.workspace(), body);
      // Refused as invalid (400, 403…): sending the same again can't help, so it is not retried forever.
      ok = res.ok || (res.status >= 400 && res.status < 500 && ![401, 408, 429].includes(res.status));
      if (!res.ok) console.error('workspace report refused', res.status);
    } catch (err) {
      console.error('workspace report failed', err instanceof Error ? err.message : 'unknown');
    }
    // Erased while the report was on its way: nothing may be written back into the emptied room.
    if (this.meta !== meta) return;
    if (ok && !meta.reportDue) return;
    // A lost report would leave the inbox wrong for good (a closed chat never changes again): retry from the alarm.
    meta.reportDue = !ok;
    await this.p.storage.put('meta', meta);
    await this.syncAlarm();
  }
}

function typingFrame(member: Member, typing: boolean) {
  return member.role === 'agent' ? ({ type: 'typing', from: 'agent', name: member.agent.name, typing } as const) : ({ type: 'typing', from: 'visitor', typing } as const);
}
