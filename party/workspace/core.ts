import {
  BatonError,
  CloseCode,
  Limits,
  PROTOCOL_VERSION,
  WorkspaceClientMessage,
  WorkspaceInternal,
  decodeValue,
  defaultNotificationSettings,
  pages,
  canSee,
  ConversationSummary,
  RouteAnswer,
  type AgentRef,
  type ManagedThing,
  type NotificationSettings,
  type WorkspaceClientMessage as ClientMsg,
  type WorkspaceServerMessage,
  type VisitorKeys,
  type VisitorSettings,
  type ChatFacts,
  INSIGHTS_RANGE_PROBLEM,
  insightsRangeOk,
} from '../../protocol';
import { verifyBody, verifyToken } from '../auth';
import type { CrmEnv } from '../crm/settings';
import { RateLimiter, cors, errorResponse, fail, json, readJson, runFrame } from '../http';
import { deliver, type RoomLink } from '../link';
import type { Clock, Socket, Storage } from '../ports';
import { Agents, canManageLiveChat, genOf, statusOf, toPublic, type AgentRecord } from './agents';
import { Invites } from './invites';
import { Onboarding } from './onboarding';
import { Dispatcher, autoModeOf, waitsForAgent, type AgentView, type Deal, type Outcome } from './dispatch';
import { hoursAnswer } from './hours';
import type { Place } from './queue';
import { isEligible } from './routing';
import { RoutingConfig } from './routing-settings';
import { WorkspaceCrm, requireExportFormat } from './crm';
import { crmFrame } from './crm-frames';
import { Inbox, fanOut, type Reach } from './inbox';
import { Playbooks } from './playbooks';
import { PublicApi, type PublicConfig } from './public-api';
import { SavedReplies } from './replies';
import { Door } from '../door';
import { migrate } from '../migrate';
import { WORKSPACE_MIGRATIONS } from './migrations';
import { Alarms, withAlarm } from './alarms';
import { Retention } from './retention';
import { lifecycleFrame } from './lifecycle-frames';
import { exportPage } from './data-export';
import { routeOf } from './routes';
import { AgentSockets } from './sockets';
import { IdentityConfig } from './identity';
import { previousConversations, VisitorKeysIndex } from './history';
import { Blocks } from './blocks';
import { InsightsStore } from './insights';
import { ErrorCounts } from '../log';
import { healthOf, RefusedSites } from './health';
import type { Health } from '../../protocol';
import { WorkspaceEmail, emailEnv, type EmailEnv } from './email';
import type { EmailTransport } from '../email/transport';
import type { EmailSettings } from '../email/settings';

/** Largest body of a public call (widget, session, setup) and of a room-to-room call, in bytes. */
const PUBLIC_BODY_MAX = 64_000;
const INTERNAL_BODY_MAX = 256_000;
/** A deal whose room could not be reached is tried again this long after (not at once: the room may be down). */
const DEAL_RETRY_MS = 1_000;

export type WorkspacePorts = {
  id: string;
  storage: Storage;
  clock: Clock;
  secret: string;
  link: RoomLink;
  crmEnv: CrmEnv;
  config: PublicConfig & { helloGraceMs: number };
  /** Keeps the room's id in storage once the workspace exists (a room woken by an alarm can't read it). */
  remember(): Promise<void>;
  /** Email knobs (BATON_EMAIL_*) and the transport (the shell's SMTP; absent: nothing can be sent). */
  emailEnv?: EmailEnv;
  emailTransport?: (s: EmailSettings, env: EmailEnv) => EmailTransport;
};

const NO_TRANSPORT: EmailTransport = { send: async () => ({ outcome: 'retry', message: 'No email transport in this host' }) };

/**
 * One workspace: agents, presence, the conversation index, playbooks, saved replies, settings, CRM. No I/O
 * of its own (ports), each rule in its module: agents.ts, sockets.ts, inbox.ts, playbooks.ts, replies.ts,
 * public-api.ts, routes.ts, crm.ts, crm-frames.ts. This class decodes, checks who asks, and dispatches.
 */
export class Workspace {
  readonly agents: Agents;
  readonly sockets = new AgentSockets();
  readonly inbox: Inbox;
  readonly playbooks: Playbooks;
  readonly replies: SavedReplies;
  readonly crm: WorkspaceCrm;
  readonly api: PublicApi;
  readonly routing: RoutingConfig;
  readonly dispatcher: Dispatcher;
  readonly identity: IdentityConfig;
  readonly visitorKeys: VisitorKeysIndex;
  readonly blocks: Blocks;
  /** Daily aggregates for Insights (insights.ts), in the business hours' zone (else UTC). */
  readonly insights: InsightsStore;
  readonly invites: Invites;
  readonly onboarding: Onboarding;
  readonly email: WorkspaceEmail;
  /** `Typing preview` (stored under `visitor-settings`): off by default. */
  private visitorSettings: VisitorSettings = { typingPreview: false };
  /** The last `queue-position` revision sent: time-based and growing, so a room keeps the newest place. */
  private placeRev = 0;
  private settings = new Map<string, NotificationSettings>();
  /**
   * Conversations each agent joined (their rooms asked who the agent is, at hello), with when that socket's
   * session ends: revoking or changing the agent reaches every one of them. Kept in storage (`joined:<agent>`),
   * since conversation sockets live on when this room restarts; entries older than a session are pruned.
   */
  private joined = new Map<string, Map<string, number>>();
  private door: Door;
  /** Error events since this room started, and the conversation rooms' reports (the Health block). */
  readonly errors: ErrorCounts;
  readonly refusedSites: RefusedSites;
  private reports = 0;
  private lastReportAt: number | null = null;
  private limiter = new RateLimiter(Limits.rateBurst, Limits.ratePerSecond);
  /** The room's one alarm, shared by the CRM queue and the retention sweep. */
  private alarms: Alarms<'crm' | 'retention' | 'email'>;
  readonly retention: Retention;
  /** Conversations deleted while this room runs: a report still on its way must not bring their row back. */
  private erased = new Set<string>();

  constructor(private p: WorkspacePorts) {
    this.alarms = new Alarms(p.storage);
    this.retention = new Retention({
      storage: p.storage,
      link: p.link,
      now: () => p.clock.now(),
      index: () => this.inbox.all(),
      forget: (ids) => this.forgetConversations(ids),
      // The alarm is set in real time; the sweep's own times may run on the test clock (BATON_TEST_CLOCK).
      wake: (ms) => this.alarms.want('retention', ms === null ? null : Date.now() + ms),
      changed: (retention) => this.sockets.toSome((id) => this.agents.get(id)?.role === 'admin', { type: 'retention', retention }),
    });
    this.agents = new Agents(p.storage);
    this.identity = new IdentityConfig(p.storage);
    this.visitorKeys = new VisitorKeysIndex(p.storage);
    this.blocks = new Blocks(p.storage);
    this.insights = new InsightsStore(p.storage, () => this.routing.hours?.timeZone ?? 'UTC', () => p.clock.now());
    this.errors = new ErrorCounts(p.clock.now());
    this.refusedSites = new RefusedSites(p.storage);
    this.invites = new Invites(p.storage);
    this.onboarding = new Onboarding({
      workspaceId: p.id,
      agents: this.agents,
      invites: this.invites,
      setupKey: p.config.setupKey,
      testClock: p.config.testClock === true,
      now: () => p.clock.now(),
      toAdmins: (frame) => this.sockets.toSome((id) => this.agents.get(id)?.role === 'admin', frame),
      agentsChanged: () => this.broadcastAgents(),
      retired: (a, by) => this.agentChanged(a, by, true),
      created: () => p.remember(),
    });
    this.door = new Door(p.clock, p.config.helloGraceMs, (id) => !!this.sockets.seat(id));
    this.inbox = new Inbox(p.storage);
    this.routing = new RoutingConfig(p.storage, () => this.sockets.toAll({ type: 'routing', routing: this.routing.view() }));
    this.dispatcher = new Dispatcher(p.storage, () => this.routing.defaultMaxChats, (team) => this.routing.liveTeam(team));
    this.playbooks = new Playbooks(p.storage, () => {
      this.sockets.toAll({ type: 'playbooks', playbooks: this.playbooks.list() });
      // A site the admin just allowed is no longer shown as refused.
      for (const pb of this.playbooks.list()) void this.refusedSites.allowed(pb.id, pb.allowedOrigins).catch(() => undefined);
    });
    this.replies = new SavedReplies(p.storage, () => {
      for (const frame of this.replies.frames()) this.sockets.toAll(frame);
    });
    this.crm = new WorkspaceCrm({
      workspaceId: p.id,
      storage: withAlarm(p.storage, (at) => this.alarms.want('crm', at)),
      env: p.crmEnv,
      secret: p.secret,
      link: p.link,
      clock: p.clock,
      toAdmins: (frame) => this.sockets.toSome((id) => this.agents.get(id)?.role === 'admin', frame),
    });
    this.email = new WorkspaceEmail({
      workspaceId: p.id,
      // The outbox's retries share the room's one alarm with the CRM queue and the retention sweep (alarms.ts).
      storage: withAlarm(p.storage, (at) => this.alarms.want('email', at)),
      secret: p.secret,
      link: p.link,
      env: p.emailEnv ?? emailEnv({}, null),
      now: () => p.clock.now(),
      transportFor: p.emailTransport ?? (() => NO_TRANSPORT),
      continueConversation: (seed, linkedFrom) => this.api.continueConversation(seed, linkedFrom),
      toAdmins: (settings) => this.sockets.toSome((id) => this.agents.get(id)?.role === 'admin', { type: 'email-settings', settings }),
    });
    this.api = new PublicApi(
      {
        workspaceId: p.id,
        secret: p.secret,
        link: p.link,
        agents: this.agents,
        playbooks: this.playbooks,
        crm: this.crm,
        // Manual: anyone who may see the chat (a team's members, admins); dealt: only who routing may give it to.
        anyoneOnline: (team, dealt) => [...this.sockets.agentIds()].some((id) => this.isOnline(id) && (team === null || (dealt ? (this.agents.get(id)?.teams?.includes(team) ?? false) : this.reach(id, team)))),
        connected: (id) => this.sockets.connected(id),
        indexed: (summary, keys) => this.conversationChanged(summary, undefined, undefined, 0, undefined, keys),
        created: () => p.remember(),
        hours: (now) => hoursAnswer(this.routing.hours, now),
        liveTeam: (team) => this.routing.liveTeam(team),
        arrive: (chat) => this.arrive(chat),
        arrived: (id, ok) => this.arrived(id, ok),
        identity: () => this.identity.get(),
        typingPreview: () => this.visitorSettings.typingPreview,
        blocked: (visitorId, address) => this.blocks.blocked(visitorId, address),
        // Best effort: the visitor's answer does not wait on insights (a lost one-shot fact is logged, not retried).
        fact: (id, fact) =>
          this.insights.fold(id, fact, 0, false).catch((err: unknown) => this.errors.event('insights-fact-lost', { ws: this.p.id, kind: fact.outcome ?? 'follow-up', error: err instanceof Error ? err.name : 'unknown' })),
        refusedSite: (playbookId, origin) => this.refusedSite(playbookId, origin),
      },
      p.config,
    );
  }

  async start() {
    // Stored rooms of an older version are brought up to date before anything reads them (migrations.ts).
    await migrate(this.p.storage, WORKSPACE_MIGRATIONS, this.p.clock.now());
    // Only what the room keeps in memory: CRM records and intents have their own loaders.
    await Promise.all([
      this.agents.load(),
      this.inbox.load(),
      this.visitorKeys.load(),
      this.blocks.load(),
      this.refusedSites.load(),
      this.invites.load(),
      this.p.storage.get<VisitorSettings>('visitor-settings').then((s) => void (s && (this.visitorSettings = s))),
      this.routing.load(),
      this.playbooks.load(),
      this.replies.load(),
      this.p.storage.list<NotificationSettings>({ prefix: 'notif:' }).then((m) => m.forEach((s, k) => this.settings.set(k.slice(6), s))),
      this.p.storage.list<Record<string, number>>({ prefix: 'joined:' }).then((m) => m.forEach((j, k) => this.joined.set(k.slice(7), new Map(Object.entries(j))))),
    ]);
    await this.crm.queue.load();
    await this.retention.load();
    await this.email.load();
    await this.dispatcher.load(this.inbox.all());
    if (this.agents.size > 0) await this.p.remember();
    if (this.p.id) this.errors.event('room-started', { room: 'workspace', ws: this.p.id, conversations: [...this.inbox.all()].length, agents: this.agents.size });
    // Wake waiting conversations so their wait-time alarms are armed after a restart (see conversation
    // start); their answers also heal any report that was lost. Not awaited: start must not block on them.
    for (const id of this.inbox.waiting()) void this.wake(id);
  }

  /** CRM retries (the storage alarm is the backstop for the in-room timer, see crm/intents.ts) and the retention sweep. */
  async alarm() {
    // A room an alarm woke before its id was ever stored can't sign or route anything: the next request wakes it properly.
    if (!this.p.id) return;
    this.alarms.fired(Date.now());
    await Promise.all([this.crm.queue.drain(), this.retention.tick(), this.email.outbox.drain()]);
    await this.alarms.rearm();
  }

  /**
   * Conversations deleted (a visitor's erasure, retention): out of the index, history keys, routing, the lists of
   * chats each agent joined; agents' inboxes drop them.
   */
  async forgetConversations(ids: readonly string[]) {
    if (!ids.length) return;
    const now = this.p.clock.now();
    for (const id of ids) {
      this.erased.add(id);
      const prev = this.inbox.get(id);
      await this.inbox.forget(id);
      await this.visitorKeys.forget(id);
      // Seen by routing as closed: it leaves the queue and stops counting towards its agent's Max chats.
      if (prev) this.dispatch(this.dispatcher.observe(prev, { ...prev, status: 'closed', closedAt: now }, this.agentViews(), now));
      this.sockets.toAll({ type: 'conversation-removed', id });
    }
    const gone = new Set(ids);
    for (const [agentId, mine] of this.joined) {
      if (![...mine.keys()].some((id) => gone.has(id))) continue;
      for (const id of gone) mine.delete(id);
      if (mine.size) await this.p.storage.put(`joined:${agentId}`, Object.fromEntries(mine));
      else {
        this.joined.delete(agentId);
        await this.p.storage.delete(`joined:${agentId}`);
      }
    }
  }

  private async wake(conversationId: string) {
    try {
      const res = await this.p.link.call({ party: 'conversation', id: conversationId }, { type: 'wake' });
      if (res.ok) {
        const body = (await res.json()) as { conversation: unknown; rev: number };
        const summary = decodeValue(ConversationSummary, body.conversation);
        if (summary.ok && Number.isSafeInteger(body.rev)) await this.conversationChanged(summary.value, undefined, undefined, body.rev);
      }
    } catch (err) {
      console.error('wake failed', err instanceof Error ? err.message : 'unknown');
    }
  }

  isOnline(agentId: string) {
    const a = this.agents.get(agentId);
    return !!a && a.online && !a.revoked && this.sockets.connected(agentId);
  }
  /** Whether an agent reaches a team's chats: its members and admins; a team that no longer exists is everyone's. */
  reach: Reach = (agentId, team) => {
    const a = this.agents.get(agentId);
    return !!a && (a.role === 'admin' || !this.routing.hasTeam(team) || (a.teams?.includes(team) ?? false));
  };
  /** What routing knows of each agent who may act (revoked agents are left out). */
  private agentViews(): AgentView[] {
    const out: AgentView[] = [];
    for (const a of this.agents.all()) if (!a.revoked) out.push({ id: a.id, status: statusOf(a, this.sockets.connected(a.id)), teams: a.teams ?? [], ...(a.maxChats !== undefined ? { max: a.maxChats } : {}) });
    return out;
  }
  private agentList() {
    return [...this.agents.all()].map((a) => toPublic(a, this.sockets.connected(a.id)));
  }
  private broadcastAgents() {
    this.sockets.toAll({ type: 'agents', agents: this.agentList() });
  }

  /** Index update + fan-out (inbox.ts decides who gets what), then routing follows (dispatch.ts). */
  async conversationChanged(next: ConversationSummary, visitorMessage?: string, actorId?: string, rev = 0, noReply?: string, keys?: VisitorKeys, facts?: ChatFacts) {
    if (!next.id.startsWith(`${this.p.id}.`)) throw new BatonError('forbidden', 'Not a conversation of this workspace');
    if (this.erased.has(next.id)) return;
    const applied = await this.inbox.apply(next, rev);
    if (applied === 'stale') return;
    this.reports++;
    this.lastReportAt = this.p.clock.now();
    if (next.status === 'closed' && applied.prev?.status !== 'closed') this.errors.event('conversation-closed', { room: 'workspace', ws: this.p.id, conv: next.id });
    if (keys) await this.visitorKeys.set(next.id, keys);
    // Stored before the report is answered: a report the room must send again (at least once) folds again, replacing.
    if (facts) await this.insights.foldChat(next.id, facts, rev);
    for (const d of fanOut(applied.prev, next, this.sockets.agentIds(), (id) => this.isOnline(id), this.reach, visitorMessage, actorId)) this.sockets.toAgent(d.agentId, d.frame);
    this.dispatch(this.dispatcher.observe(applied.prev, next, this.agentViews(), this.p.clock.now(), noReply));
  }

  // ---- routing -------------------------------------------------------------------------------

  /** A new automatic chat (public-api.ts, before its room exists): the agent it goes to now, or null (it waits in line). */
  private arrive(chat: { id: string; createdAt: number; team: string | null; mode: 'round-robin' | 'least-busy' }): AgentRef | null {
    const out = this.dispatcher.arrive(chat, this.agentViews(), this.p.clock.now());
    this.dispatch(out);
    const a = out.agentId ? this.agents.get(out.agentId) : undefined;
    return a ? { id: a.id, name: a.name } : null;
  }

  /** The arrived chat's room exists (ok) or could not be made: it may be dealt now, and its visitor told their place. */
  private arrived(id: string, ok: boolean) {
    if (!ok) return this.dispatch({ deals: [], moved: this.dispatcher.failed(id) });
    this.dispatcher.settle(id);
    const out = this.dispatcher.created(id, this.agentViews(), this.p.clock.now());
    const place = this.dispatcher.positionOf(id);
    const mine = place !== null && !out.moved.some((m) => m.id === id) ? [{ id, position: place }] : [];
    this.dispatch({ deals: out.deals, moved: [...mine, ...out.moved] });
  }

  /** Sends what routing decided: each deal to its room, each new place to its visitor. Nothing here waits. */
  private dispatch(out: Outcome) {
    if (out.deals.length === 0 && out.moved.length === 0) return;
    this.dispatcher.save().catch((err: unknown) => console.error('queue not saved', err instanceof Error ? err.message : 'unknown'));
    this.tellPlaces(out.moved);
    for (const deal of out.deals) void this.offer(deal);
  }

  private tellPlaces(moved: readonly Place[]) {
    for (const { id, position } of moved) {
      this.placeRev = Math.max(this.placeRev + 1, this.p.clock.now() * 1000);
      const body = { type: 'queue-position', position, rev: this.placeRev };
      this.p.link.call({ party: 'conversation', id }, body).catch(() => {
        // The visitor keeps their last place until the next move: a place is a courtesy, never a decision.
      });
    }
  }

  /**
   * Tells a conversation room routing gave it to an agent. The room decides (a claim may have won); its answer
   * is indexed like a report, then the offer stops counting. Refused: the agent's seat is dealt again; not
   * reached: the chat goes back in line and the queue is dealt again a little later.
   */
  private async offer(deal: Deal) {
    const a = this.agents.get(deal.agentId);
    try {
      if (!a) throw new Error('agent gone');
      const res = await this.p.link.call({ party: 'conversation', id: deal.chat.id }, { type: 'route-assign', agent: { id: a.id, name: a.name } });
      if (!res.ok) throw new Error(`route-assign answered ${res.status}`);
      const answer = decodeValue(RouteAnswer, await res.json());
      if (!answer.ok) throw new Error('bad route-assign answer');
      // Indexed first, then the offer stops counting: the chat is counted once or twice meanwhile, never zero times.
      await this.conversationChanged(answer.value.conversation, undefined, undefined, answer.value.rev);
      if (answer.value.assigned) return void this.dispatcher.settle(deal.chat.id);
      // Refused: a claim won or it closed, and the seat is dealt again now. A chat the room refused although it
      // still waits goes back in line, dealt again a little later (never a loop of refusals).
      const now = this.inbox.get(deal.chat.id);
      const stillWaits = !!now && waitsForAgent(now) && autoModeOf(now) !== null;
      this.tellPlaces(this.dispatcher.settle(deal.chat.id, stillWaits));
      if (stillWaits) this.p.clock.setTimeout(() => this.seatsChanged(), DEAL_RETRY_MS);
      else this.seatsChanged();
    } catch (err) {
      console.error('deal not delivered', err instanceof Error ? err.message : 'unknown');
      this.tellPlaces(this.dispatcher.settle(deal.chat.id, true));
      this.p.clock.setTimeout(() => this.seatsChanged(), DEAL_RETRY_MS);
    }
  }

  /** Agents who could take a chat now changed (status, team, Max chats): the queue is dealt. */
  private seatsChanged() {
    this.dispatch(this.dispatcher.drain(this.agentViews(), this.p.clock.now()));
  }

  /**
   * `Re-notify every`: the chat's assignee (routing's pick who has not replied), else the Online agents who
   * could take it (who may see it; for a dealt chat, only those routing could give it to now), with sound.
   */
  private renotify(id: string) {
    const s = this.inbox.get(id);
    if (!s) return;
    if (s.status === 'active' && s.assignee) {
      if (this.isOnline(s.assignee.id)) this.sockets.toAgent(s.assignee.id, { type: 'notify', event: 'assigned-to-you', conversation: s, repeat: true, sound: true });
      return;
    }
    if (!waitsForAgent(s)) return;
    const dealt = s.routing !== undefined && s.routing !== 'manual';
    const team = this.routing.liveTeam(s.team);
    const views = new Map(this.agentViews().map((v) => [v.id, v]));
    for (const agentId of this.sockets.agentIds()) {
      if (!this.isOnline(agentId) || (team !== null && !this.reach(agentId, team))) continue;
      const v = views.get(agentId);
      if (dealt && (!v || !isEligible({ ...v, active: this.dispatcher.activeOf(agentId) }, { defaultMax: this.routing.defaultMaxChats, team }))) continue;
      this.sockets.toAgent(agentId, { type: 'notify', event: 'new-unassigned', conversation: s, repeat: true, sound: true });
    }
  }

  // ---- HTTP ----------------------------------------------------------------------------------
  async request(req: Request, clientKey: string): Promise<Response> {
    const origin = req.headers.get('origin');
    const { route, arg } = routeOf(req.method, req.url);
    const headers = route === 'POST internal' ? {} : cors(origin);
    if (req.method === 'OPTIONS') return new Response(null, { status: 204, headers: { ...headers, 'access-control-allow-headers': 'content-type, authorization' } });
    try {
      // Too big by its own account: refused before anything else is looked at (readJson also stops at the cap).
      // Inbound mail has its own cap (email/inbound.ts) and its own answers (413, 403: the provider's retry rules).
      if (route === 'POST email' && arg === 'inbound') return await this.email.inbound(req);
      if ((route === 'POST email' || route === 'GET email') && arg === 'stop') return await this.email.stop(req);
      const cap = route === 'POST internal' ? INTERNAL_BODY_MAX : PUBLIC_BODY_MAX;
      const declared = req.headers.get('content-length');
      if (declared !== null && !(Number(declared) <= cap)) throw BatonError.of('frame-too-large', { code: 'body-too-large', params: { max: cap } });
      let res: Response;
      switch (route) {
        case 'GET widget':
          res = await this.api.widgetConfig(arg, origin, req);
          break;
        case 'POST conversations':
          res = await this.api.createConversation(req, origin, clientKey);
          if (res.status === 201) this.errors.event('conversation-created', { room: 'workspace', ws: this.p.id });
          break;
        case 'POST offline':
          res = await this.api.offline(req, origin, clientKey);
          break;
        case 'POST identify':
          res = await this.api.identify(req, clientKey);
          break;
        case 'GET records':
          res = await this.exportHttp(req);
          break;
        case 'GET health':
          await this.adminOf(req, 'see the health');
          res = json(this.health());
          res.headers.set('cache-control', 'no-store');
          break;
        case 'GET export':
          res = await this.conversationsHttp(req);
          break;
        case 'POST session':
          res = await this.api.session(req);
          break;
        case 'POST setup':
          res = await this.api.setup(req);
          break;
        case 'POST invite':
          res = await this.onboarding.redeem(req, clientKey);
          break;
        case 'POST recover':
          res = await this.onboarding.recover(req, clientKey);
          break;
        case 'POST internal':
          return await this.internal(req);
        default:
          res = fail('not-found', 'Not found');
      }
      for (const [k, v] of Object.entries(headers)) res.headers.set(k, v);
      return res;
    } catch (err) {
      if (err instanceof BatonError) {
        if (err.code === 'unauthorized' || err.code === 'forbidden') this.errors.event('auth-refused', { room: 'workspace', ws: this.p.id, route: route?.replace(' ', ':') ?? 'unknown', code: err.code });
        return errorResponse(err, headers);
      }
      this.errors.event('request-failed', { room: 'workspace', ws: this.p.id, route: route?.replace(' ', ':') ?? 'unknown' });
      console.error('workspace request failed', err instanceof Error ? err.message : 'unknown');
      return json({ type: 'error', code: 'internal', message: 'Internal error' }, 500, headers);
    }
  }

  /**
   * GET /parties/workspace/<ws>/export[?cursor=…][&conversation=<id>] with an admin token: one page of the
   * conversation export (the options page's, for scripted backups): `{ conversations, cursor, total }`; ask again
   * with `cursor` until it is null.
   */
  private async conversationsHttp(req: Request): Promise<Response> {
    await this.adminOf(req, 'export conversations');
    const q = new URL(req.url).searchParams;
    const cursor = q.get('cursor');
    const conversationId = q.get('conversation');
    if ((cursor && cursor.length > 300) || (conversationId && conversationId.length > 200)) throw new BatonError('invalid-field', 'cursor or conversation too long');
    const page = await exportPage(this.p.link, this.inbox.all(), { ...(cursor ? { cursor } : {}), ...(conversationId ? { conversationId } : {}) });
    return json(page, 200, { 'cache-control': 'no-store' });
  }

  /** GET /parties/workspace/<ws>/records?format=csv|json with `Authorization: Bearer <admin agent token>`. */
  private async exportHttp(req: Request): Promise<Response> {
    await this.adminOf(req, 'export records');
    const file = await this.crm.exportFile(requireExportFormat(new URL(req.url).searchParams.get('format') ?? 'csv'));
    return new Response(file.content, {
      headers: {
        'content-type': file.contentType,
        'content-disposition': `attachment; filename="${file.filename}"`,
        'cache-control': 'no-store',
        'access-control-expose-headers': 'content-disposition',
      },
    });
  }

  /** The admin whose token the request's `Authorization: Bearer` header carries; else refused. */
  private async adminOf(req: Request, what: string) {
    const token = /^Bearer (.+)$/i.exec(req.headers.get('authorization') ?? '')?.[1]?.trim();
    const claims = token ? await verifyToken(this.p.secret, token) : null;
    const agent = claims?.kind === 'agent' && claims.ws === this.p.id ? this.agents.active(claims.sub) : undefined;
    // A token made from a credential since re-issued is refused like a forged one.
    if (!agent || claims?.kind !== 'agent' || genOf(claims) !== genOf(agent)) throw new BatonError('unauthorized', 'Send an admin token in the Authorization header');
    if (agent.role !== 'admin') throw new BatonError('forbidden', `Only admins may ${what}`);
    return agent;
  }

  /** The Health block's answer (health.ts): counts only. */
  health(): Health {
    return healthOf({
      now: this.p.clock.now(),
      since: this.errors.since,
      conversations: this.inbox.all(),
      reports: this.reports,
      lastReportAt: this.lastReportAt,
      intents: this.crm.queue.list(),
      agentsOnline: [...this.sockets.agentIds()].filter((id) => this.isOnline(id)).length,
      errors: this.errors.snapshot(),
      refusedSites: this.refusedSites.list(),
    });
  }

  /** A page not in a playbook's Allowed sites asked for its widget: listed for the admin, logged once in a while. */
  private async refusedSite(playbookId: string, origin: string) {
    if (!/^https?:\/\/[a-z0-9.-]{1,253}(:\d{1,5})?$/i.test(origin)) return;
    if (await this.refusedSites.seen(playbookId, origin.toLowerCase(), this.p.clock.now())) this.errors.event('site-not-allowed', { room: 'workspace', ws: this.p.id, playbook: playbookId, origin: origin.toLowerCase() });
  }

  /** Room-to-room calls, signed for this room (auth.ts). */
  private async internal(req: Request) {
    const { raw, value } = await readJson(req, INTERNAL_BODY_MAX);
    if (!(await verifyBody(this.p.secret, raw, req.headers, { party: 'workspace', id: this.p.id }))) return fail('unauthorized', 'Bad signature');
    const decoded = decodeValue(WorkspaceInternal, value);
    if (!decoded.ok) throw decoded.error;
    const msg = decoded.value;
    switch (msg.type) {
      case 'conversation-changed':
        await this.conversationChanged(msg.conversation, msg.visitorMessage, msg.actorId, msg.rev, msg.noReply, msg.keys, msg.facts);
        return json({ ok: true });
      case 'agent-lookup': {
        const a = this.agents.get(msg.agentId);
        if (a && !a.revoked && msg.conversationId?.startsWith(`${this.p.id}.`)) await this.remember(a.id, msg.conversationId);
        if (!a) return fail('not-found', 'No such agent');
        const agent = toPublic(a, this.sockets.connected(a.id));
        // The asking chat's team, when it no longer exists, is everyone's: the room checks teams by membership.
        const team = msg.conversationId ? this.inbox.get(msg.conversationId)?.team : undefined;
        if (team !== undefined && !this.routing.hasTeam(team) && !agent.teams?.includes(team)) agent.teams = [...(agent.teams ?? []), team];
        return json(agent);
      }
      case 'renotify':
        if (!msg.conversationId.startsWith(`${this.p.id}.`)) throw new BatonError('forbidden', 'Not a conversation of this workspace');
        this.renotify(msg.conversationId);
        return json({ ok: true });
      case 'record-create':
        return json(await this.crm.createFromDetails(msg));
      case 'email-policy':
        return json(this.email.policy());
      case 'email-request':
        return json(await this.email.request(msg));
      default:
        return msg satisfies never;
    }
  }

  private async remember(agentId: string, conversationId: string) {
    const now = this.p.clock.now();
    const mine = this.joined.get(agentId) ?? new Map<string, number>();
    for (const [id, until] of mine) if (until < now) mine.delete(id);
    mine.set(conversationId, now + this.p.config.sessionTtlMs);
    this.joined.set(agentId, mine);
    // Kept in storage too: a restart of this room must not let a revocation miss a conversation socket.
    await this.p.storage.put(`joined:${agentId}`, Object.fromEntries(mine));
  }

  /**
   * An agent was revoked or changed: their workspace sockets close (revoked), and every conversation they
   * joined or hold is told, so no socket of theirs keeps its power and their chats go back to Unassigned.
   */
  private async agentChanged(a: AgentRecord, by: AgentRecord | null, reissued = false) {
    // Closed and forgotten at once: a frame sent to a closed socket before its onClose would throw.
    if (a.revoked || reissued)
      for (const s of [...this.sockets.socketsOf(a.id)]) {
        this.sockets.remove(s.id);
        s.close(CloseCode.unauthorized, a.revoked ? 'Revoked' : 'Credential re-issued');
      }
    const ids = new Set(this.joined.get(a.id)?.keys() ?? []);
    for (const c of this.inbox.all()) if (c.assignee?.id === a.id && c.status === 'active') ids.add(c.id);
    if (a.revoked) {
      this.joined.delete(a.id);
      await this.p.storage.delete(`joined:${a.id}`);
    }
    const body = { type: 'agent-changed', agent: toPublic(a, false), by: by ? { id: by.id, name: by.name } : null };
    return Promise.all([...ids].map((id) => deliver(this.p.link, this.p.clock, { party: 'conversation', id }, body, 'agent change')));
  }

  // ---- agent sockets -------------------------------------------------------------------------
  connect(socket: Socket) {
    this.door.open(socket);
  }

  disconnect(socket: Socket) {
    const agentId = this.sockets.remove(socket.id);
    this.limiter.forget(socket.id);
    this.door.closed(socket.id);
    // Their last socket closed: offline, so routing gives them nothing more (their chats stay theirs).
    if (agentId && !this.sockets.connected(agentId)) this.broadcastAgents();
  }

  message(socket: Socket, raw: string | ArrayBuffer | ArrayBufferView) {
    if (!this.door.lets(socket, raw)) return;
    return runFrame('workspace', socket, this.limiter, WorkspaceClientMessage, raw, 256_000, (msg) => this.handle(msg, socket));
  }

  private async handle(msg: ClientMsg, socket: Socket) {
    if (msg.type === 'hello') {
      if (this.sockets.seat(socket.id)) throw new BatonError('forbidden', 'This socket already said hello');
      this.door.greet(socket.id);
      return this.hello(msg.v, msg.token, socket);
    }
    const seat = this.sockets.seat(socket.id);
    const me = seat ? this.agents.active(seat.agentId) : undefined;
    if (!seat || !me) throw new BatonError('unauthorized', 'Send hello with a valid token first');
    if (seat.expiresAt <= this.p.clock.now()) {
      // The session ended (its timer may not have fired yet): nothing more from this socket.
      this.sockets.send(socket, new BatonError('unauthorized', 'Session expired').toFrame());
      return socket.close(CloseCode.unauthorized, 'Session expired');
    }
    const reply = (frame: WorkspaceServerMessage) => this.sockets.send(socket, frame);
    const ok = (id?: string) => reply({ type: 'ok', ref: 'ref' in msg ? msg.ref : undefined, ...(id ? { id } : {}) });
    const manageLiveChat = (what: ManagedThing) => {
      if (!canManageLiveChat(me)) throw BatonError.of('forbidden', { code: 'may-not-change', params: { what } });
    };
    const admin = () => {
      if (me.role !== 'admin') throw new BatonError('forbidden', 'Only admins may change business hours, teams and Max chats');
    };
    switch (msg.type) {
      case 'ping':
        return reply({ type: 'pong' });
      case 'set-online':
      case 'set-status':
        await this.agents.setOnline(me, msg.type === 'set-online' ? msg.online : msg.status === 'online');
        this.broadcastAgents();
        ok();
        return this.seatsChanged();
      case 'block': {
        // Any agent who may see the chat may block its visitor; admins see and lift blocks.
        const target = this.inbox.get(msg.conversationId);
        if (!target || !canSee(me.id, target, (team) => this.reach(me.id, team))) throw new BatonError('not-found', 'No such conversation');
        const keys = this.visitorKeys.keys.get(msg.conversationId) ?? {};
        const block = await this.blocks.add({
          conversationId: target.id,
          visitorName: target.visitorName,
          reason: msg.reason,
          by: { id: me.id, name: me.name },
          at: this.p.clock.now(),
          ...(keys.visitorId ? { visitorId: keys.visitorId } : {}),
          ...(keys.address ? { address: keys.address } : {}),
        });
        ok(block.id);
        return this.sockets.toSome((id) => this.agents.get(id)?.role === 'admin', { type: 'blocks', blocks: this.blocks.list() });
      }
      case 'blocks-get':
      case 'unblock':
        if (me.role !== 'admin') throw new BatonError('forbidden', 'Only admins may see or lift blocks');
        if (msg.type === 'blocks-get') {
          ok();
          return reply({ type: 'blocks', blocks: this.blocks.list() });
        }
        await this.blocks.lift(msg.id);
        ok();
        return this.sockets.toSome((id) => this.agents.get(id)?.role === 'admin', { type: 'blocks', blocks: this.blocks.list() });
      case 'history-get': {
        // Only a chat the agent may see, and of it only the chats they may see: the same rule as the inbox.
        const may = (s: ConversationSummary) => canSee(me.id, s, (team) => this.reach(me.id, team));
        const target = this.inbox.get(msg.conversationId);
        if (!target || !may(target)) throw new BatonError('not-found', 'No such conversation');
        const conversations = previousConversations(msg.conversationId, this.visitorKeys.keys, (id) => this.inbox.get(id), may);
        reply({ type: 'history', conversationId: msg.conversationId, conversations });
        return ok();
      }
      case 'visitor-settings-get':
      case 'visitor-settings-save': {
        if (me.role !== 'admin') throw new BatonError('forbidden', 'Only admins may see or change the visitor settings');
        if (msg.type === 'visitor-settings-save') {
          await this.p.storage.put('visitor-settings', msg.settings);
          this.visitorSettings = msg.settings;
        }
        ok();
        const frame = { type: 'visitor-settings', settings: this.visitorSettings } as const;
        if (msg.type === 'visitor-settings-get') return reply(frame);
        return this.sockets.toSome((id) => this.agents.get(id)?.role === 'admin', frame);
      }
      case 'health-get':
        if (me.role !== 'admin') throw new BatonError('forbidden', 'Only admins may see the health');
        ok();
        return reply({ type: 'health', ref: msg.ref, health: this.health() });
      case 'identity-get':
      case 'identity-rotate':
      case 'identity-save': {
        if (me.role !== 'admin') throw new BatonError('forbidden', 'Only admins may see or change identity verification');
        const identity = msg.type === 'identity-get' ? await this.identity.get() : msg.type === 'identity-rotate' ? await this.identity.rotate() : await this.identity.setRequire(msg.requireVerification);
        ok();
        // The secret goes to admins only: the one who asked, or every admin when it changed.
        if (msg.type === 'identity-get') return reply({ type: 'identity', identity });
        return this.sockets.toSome((id) => this.agents.get(id)?.role === 'admin', { type: 'identity', identity });
      }
      case 'hours-save':
        admin();
        await this.routing.saveHours(msg.hours);
        return ok();
      case 'routing-save':
        admin();
        await this.routing.saveDefaultMax(msg.defaultMaxChats);
        ok();
        return this.seatsChanged();
      case 'team-create': {
        admin();
        for (const id of msg.members ?? []) if (!this.agents.active(id)) throw new BatonError('not-found', `No such agent: ${id}`);
        const team = await this.routing.createTeam(msg.name);
        if (msg.members?.length) await this.agents.setMembers(team.id, msg.members);
        ok(team.id);
        this.broadcastAgents();
        return this.seatsChanged();
      }
      case 'team-update': {
        admin();
        this.routing.requireTeam(msg.id);
        if (msg.members) await this.agents.setMembers(msg.id, msg.members);
        if (msg.name !== undefined) await this.routing.renameTeam(msg.id, msg.name);
        ok();
        if (msg.members) {
          this.broadcastAgents();
          this.teamsChanged();
        }
        return;
      }
      case 'team-delete': {
        admin();
        this.routing.requireTeam(msg.id);
        await this.agents.setMembers(msg.id, []);
        await this.routing.deleteTeam(msg.id);
        this.dispatcher.forgetTeam(msg.id);
        ok();
        this.broadcastAgents();
        return this.teamsChanged();
      }
      case 'playbook-create':
        manageLiveChat('playbooks');
        return ok((await this.playbooks.create(msg.name, msg.template)).id);
      case 'playbook-save':
        manageLiveChat('playbooks');
        await this.playbooks.save(msg.playbook);
        return ok(msg.playbook.id);
      case 'playbook-delete':
        manageLiveChat('playbooks');
        await this.playbooks.delete(msg.id);
        return ok();
      case 'reply-save':
        manageLiveChat('saved replies');
        return ok((await this.replies.save(msg.reply)).id);
      case 'reply-delete':
        manageLiveChat('saved replies');
        await this.replies.delete(msg.id);
        return ok();
      case 'agent-create': {
        if (me.role !== 'admin') throw new BatonError('forbidden', 'Only admins may manage agents');
        const { agent, credential } = await this.agents.add({ name: msg.name, email: msg.email, role: msg.role, manageLiveChat: msg.manageLiveChat });
        reply({ type: 'agent-created', ref: msg.ref, agent: toPublic(agent, false), credential });
        return this.broadcastAgents();
      }
      case 'agent-update':
      case 'agent-revoke': {
        const a = await this.agents.change(me, msg.id, msg.type === 'agent-revoke' ? 'revoke' : { name: msg.name, role: msg.role, manageLiveChat: msg.manageLiveChat, maxChats: msg.maxChats });
        await this.agentChanged(a, me);
        ok();
        this.broadcastAgents();
        // A new role changes which team chats they reach; a new Max chats, the seats routing has.
        return this.teamsChanged();
      }
      case 'invite-create':
      case 'invite-revoke':
      case 'onboarding-get':
      case 'agent-reissue':
        return this.onboarding.handle(msg, me, reply);
      case 'settings-save':
        this.settings.set(me.id, msg.notifications);
        await this.p.storage.put(`notif:${me.id}`, msg.notifications);
        this.sockets.toAgent(me.id, { type: 'settings', settings: msg.notifications });
        return ok();
      case 'crm-get':
      case 'crm-save':
      case 'crm-test':
      case 'records-list':
      case 'records-export':
      case 'crm-intents-get':
      case 'crm-retry':
        return crmFrame(
          {
            workspaceId: this.p.id,
            storage: this.p.storage,
            crm: this.crm,
            reply,
            settingsChanged: (view) => {
              for (const id of this.sockets.agentIds()) this.sockets.toAgent(id, view(this.agents.get(id)?.role === 'admin'));
            },
          },
          msg,
          me,
        );
      case 'insights-get': {
        if (!canManageLiveChat(me)) throw new BatonError('forbidden', 'Only admins and agents who manage live chat may see insights');
        if (!insightsRangeOk(msg.from, msg.to)) throw BatonError.of('invalid-field', INSIGHTS_RANGE_PROBLEM);
        const insights = await this.insights.insights(msg.from, msg.to, (id) => this.agents.get(id)?.name);
        return reply({ type: 'insights', ref: msg.ref, insights });
      }
      case 'conversations-export':
      case 'visitor-find':
      case 'visitor-erase':
      case 'erasures-get':
      case 'retention-get':
      case 'retention-save':
        return lifecycleFrame(
          {
            storage: this.p.storage,
            link: this.p.link,
            index: () => this.inbox.all(),
            summary: (id) => this.inbox.get(id),
            retention: this.retention,
            erasure: {
              secret: this.p.secret,
              now: () => this.p.clock.now(),
              keys: this.visitorKeys.keys,
              forgetConversations: (ids) => this.forgetConversations(ids),
              dropIntents: (ids) => ids.forEach((id) => this.crm.queue.intents.delete(id)),
              dropEmails: (ids) => void this.email.outbox.forget(ids),
              dropBlocks: async (match) => {
                const n = await this.blocks.drop(match);
                if (n) this.sockets.toSome((id) => this.agents.get(id)?.role === 'admin', { type: 'blocks', blocks: this.blocks.list() });
                return n;
              },
            },
            reply,
            toAdmins: (frame) => this.sockets.toSome((id) => this.agents.get(id)?.role === 'admin', frame),
          },
          msg,
          me,
        );
      case 'email-settings-get':
        if (me.role !== 'admin') throw new BatonError('forbidden', 'Only admins may see the email settings');
        return reply({ type: 'email-settings', ref: msg.ref, settings: this.email.view() });
      case 'email-settings-save':
        if (me.role !== 'admin') throw new BatonError('forbidden', 'Only admins may change the email settings');
        await this.email.save(msg.settings);
        ok();
        return this.email.announce();
      case 'email-test': {
        if (me.role !== 'admin') throw new BatonError('forbidden', 'Only admins may send a test email');
        const result = await this.email.test(me.email);
        return reply({ type: 'email-test-result', ref: msg.ref, ...result });
      }
      default:
        return msg satisfies never;
    }
  }

  private async hello(version: number, token: string, socket: Socket) {
    const refuse = (err: BatonError, code: number, reason: string) => {
      this.sockets.send(socket, err.toFrame());
      socket.close(code, reason);
    };
    if (version !== PROTOCOL_VERSION) return refuse(BatonError.of('version-mismatch', { code: 'protocol-version', params: { version: PROTOCOL_VERSION } }), CloseCode.versionMismatch, 'Protocol version mismatch');
    const claims = await verifyToken(this.p.secret, token);
    const agent: AgentRecord | undefined = claims?.kind === 'agent' && claims.ws === this.p.id ? this.agents.active(claims.sub) : undefined;
    // A token made from a credential since re-issued is refused like a forged one.
    const refused = !agent || claims?.kind !== 'agent' || genOf(claims) !== genOf(agent);
    if (refused) this.errors.event('auth-refused', { room: 'workspace', ws: this.p.id, route: 'hello' });
    if (refused) return refuse(new BatonError('unauthorized', 'Missing, forged, expired or foreign token'), CloseCode.unauthorized, 'Unauthorized');
    const wasConnected = this.sockets.connected(agent.id);
    this.sockets.add(socket, agent.id, claims.exp);
    // The session ends at its token's expiry: the socket closes then (the extension reconnects with a new one).
    this.p.clock.setTimeout(() => {
      if (this.sockets.seat(socket.id)) socket.close(CloseCode.unauthorized, 'Session expired');
    }, Math.max(0, claims.exp - this.p.clock.now()));
    // Newest first, in pages: a 10,000-chat inbox is ~3 MB, more than one WebSocket message may carry.
    const [conversations = [], ...rest] = pages(this.inbox.visibleTo(agent.id, this.reach));
    const [replies = [], ...moreReplies] = pages(this.replies.list());
    this.sockets.send(socket, {
      type: 'welcome',
      v: PROTOCOL_VERSION,
      workspaceId: this.p.id,
      me: toPublic(agent, true),
      agents: this.agentList(),
      conversations,
      playbooks: this.playbooks.list(),
      settings: this.settings.get(agent.id) ?? defaultNotificationSettings(),
      replies,
      ...(moreReplies.length ? { repliesMore: true as const } : {}),
      routing: this.routing.view(),
    });
    for (const page of rest) this.sockets.send(socket, { type: 'conversations', conversations: page });
    for (const frame of this.replies.frames(moreReplies)) this.sockets.send(socket, frame);
    if (!wasConnected) {
      this.broadcastAgents();
      // Back with the status they chose: Online again takes chats waiting in line.
      this.seatsChanged();
    }
  }

  /**
   * Who is in a team changed (or a team went): the team chats nobody has reach other agents now — each
   * connected agent gets those they may see and loses the others — and the queue is dealt.
   */
  private teamsChanged() {
    const teamChats = [...this.inbox.all()].filter((s) => s.team !== undefined && waitsForAgent(s));
    for (const agentId of this.sockets.agentIds()) {
      const seen = teamChats.filter((s) => canSee(agentId, s, (team) => this.reach(agentId, team)));
      for (const page of pages(seen)) this.sockets.toAgent(agentId, { type: 'conversations', conversations: page });
      for (const s of teamChats) if (!seen.includes(s)) this.sockets.toAgent(agentId, { type: 'conversation-removed', id: s.id });
    }
    this.seatsChanged();
  }
}
