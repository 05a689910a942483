import * as v from 'valibot';
import {
  BatonError,
  fieldProblems,
  CreateConversationRequest,
  OfflineSubmission,
  SessionRequest,
  SetupRequest,
  IdentifyRequest,
  type IdentitySettings,
  type VisitorKeys,
  capturedContact,
  decodeValue,
  detailsFromCapture,
  liveChatCardOf,
  liveChatTemplate,
  botTexts,
  offlineCreates,
  teamOfChat,
  TIME_MAX,
  TIME_MIN,
  type AgentRef,
  type ChatRouting,
  type ConversationSeed,
  type HoursAnswer,
  type TranscriptLine,
  ConversationSummary,
  type Playbook,
} from '../../protocol';
import { randomId, safeEqual, signToken, verifyToken } from '../auth';
import { decideIdentity } from './identity';
import { addressHash } from './blocks';
import { RateLimiter, json, readJson } from '../http';
import type { RoomLink } from '../link';
import { toPublic, type Agents } from './agents';
import type { WorkspaceCrm } from './crm';
import { publicPlaybook, type Playbooks } from './playbooks';
import type { Fact } from './insights';

export type PublicConfig = {
  setupKey: string | undefined;
  sessionTtlMs: number;
  conversationsPerMinute: number;
  /** Tests shorten the playbook's wait time. */
  waitSecondsOverride: number | undefined;
  /**
   * Tests only (BATON_TEST_CLOCK): the business hours of a widget config or a new chat are read at the time the
   * request's `x-baton-test-now` header gives (ms, 2000–2100), a new chat starts then (its room's clock runs from
   * it: party/test-clock.ts), and so do the insights facts of an offline form or a blocked attempt. Unset, the
   * header is ignored.
   */
  testClock?: boolean;
};

/** What the public endpoints need from the workspace room. */
export type PublicHost = {
  workspaceId: string;
  secret: string;
  link: RoomLink;
  agents: Agents;
  playbooks: Playbooks;
  crm: WorkspaceCrm;
  /**
   * Someone who can take a chat of `team` (null: any) now: an agent Online with a socket open — who may see it
   * (a member, or an admin), or for a chat routing deals (`dealt`), a member routing may give it to.
   */
  anyoneOnline(team: string | null, dealt: boolean): boolean;
  /** The business hours at `now`. */
  hours(now: number): HoursAnswer;
  /** A team that exists, else null. */
  liveTeam(team: string | null | undefined): string | null;
  /** A new automatic chat, before its room exists: the agent routing gives it now (counted at once), or null. */
  arrive(chat: { id: string; createdAt: number; team: string | null; mode: 'round-robin' | 'least-busy' }): AgentRef | null;
  /** Its room was created (ok) or not: after the first summary is indexed. */
  arrived(id: string, ok: boolean): void;
  connected(agentId: string): boolean;
  /** The workspace was just set up. */
  created(): Promise<void>;
  /** A new conversation's first summary for the index (and the agents' inboxes), and who its visitor is. */
  indexed(summary: ConversationSummary, keys: VisitorKeys): Promise<void>;
  /** A visitor (anonymous id) or address (salted hash) an agent blocked. */
  blocked(visitorId: string | undefined, address: string | undefined): boolean;
  /** The workspace's `Typing preview` setting now. */
  typingPreview(): boolean;
  /** The identity verification settings (the secret is made on first use). */
  identity(): Promise<IdentitySettings>;
  /** Insights: a one-shot fact the workspace saw itself (an offline form, a blocked visitor's attempt). */
  fact(id: string, fact: Fact): Promise<void>;
  /** A page on a site not in the playbook's Allowed sites asked for its widget (listed for admins, health.ts). */
  refusedSite?(playbookId: string, origin: string): Promise<void>;
};

/** Identify calls one address may make per minute (per workspace): each page of a site may call it once. */
export const IDENTIFY_PER_MINUTE = 60;

/** Blocked visitors' attempts insights count per minute (per workspace); more are refused all the same, uncounted. */
export const BLOCKED_FACTS_PER_MINUTE = 60;

/** Shortest setup key accepted: anyone who has it can create the first admin of any empty workspace. */
export const SETUP_KEY_MIN = 16;

/**
 * The bot lines of a transcript sent by the widget are the visitor's word: a line is kept as the bot's only
 * if the playbook's bot can say exactly that text, else it is kept as the visitor's plain text. Times are the
 * visitor's clock: kept in order, within the day before `now` (the server's).
 */
export function trustedTranscript(lines: readonly TranscriptLine[], p: Pick<Playbook, 'cards'>, now: number, offline = false): TranscriptLine[] {
  if (lines.some((l) => l.at > now + DAY_MS)) throw new BatonError('invalid-field', 'A transcript time is in the future', fieldProblems({ transcript: { code: 'future-time' } }));
  const texts = botTexts(p, offline);
  let last = now - DAY_MS;
  return lines.map((l) => {
    last = Math.min(now, Math.max(last, Number.isFinite(l.at) ? l.at : now));
    return { from: l.from === 'bot' && !texts.has(l.text) ? 'visitor' : l.from, text: l.text, at: last };
  });
}
const DAY_MS = 24 * 60 * 60 * 1000;
const NO_FIGURES = { lead: false, deal: false, offlineLead: false } as const;

/** Reads a JSON body with the route's size cap, then the one decode. */
export async function body<S extends v.GenericSchema>(req: Request, schema: S, max?: number): Promise<v.InferOutput<S>> {
  const { value } = await readJson(req, max);
  const decoded = decodeValue(schema, value);
  if (!decoded.ok) throw decoded.error;
  return decoded.value as v.InferOutput<S>;
}

/**
 * The workspace's public HTTP endpoints: the widget's config, new conversations and offline submissions
 * (from any web page: every field hostile), and the agents' session and first setup.
 */
export class PublicApi {
  private creations: RateLimiter;
  private identifies = new RateLimiter(IDENTIFY_PER_MINUTE, IDENTIFY_PER_MINUTE / 60);
  /** Blocked attempts counted in insights, for the whole workspace: a flood of them writes no more than this. */
  private blockedFacts = new RateLimiter(BLOCKED_FACTS_PER_MINUTE, BLOCKED_FACTS_PER_MINUTE / 60);

  constructor(
    private host: PublicHost,
    private config: PublicConfig,
  ) {
    const perMinute = config.conversationsPerMinute;
    this.creations = new RateLimiter(perMinute, perMinute / 60);
  }

  /**
   * Live chat is offered when the playbook runs on an allowed origin, within business hours, and an agent who
   * could take a chat of `team` is Online. `hours` is always said (the widget tells a closed team's return).
   */
  availability(p: Playbook, origin: string | null, now: number, team: string | null = this.host.liveTeam(liveChatCardOf(p)?.team)) {
    const hours = this.host.hours(now);
    if (!origin || !p.allowedOrigins.includes(origin)) return { available: false, reason: 'origin-not-allowed' as const, hours };
    if (!hours.open) return { available: false, reason: 'closed' as const, hours };
    const dealt = (liveChatCardOf(p)?.routing ?? 'manual') !== 'manual';
    if (!this.host.anyoneOnline(team, dealt)) return { available: false, reason: 'nobody-online' as const, hours };
    return { available: true, hours };
  }

  /** The time business hours are read at: now, or in tests (BATON_TEST_CLOCK) the request's `x-baton-test-now`. */
  private hoursNow(req: Request | null): number {
    const now = Date.now();
    if (!this.config.testClock || !req) return now;
    const given = Number(req.headers.get('x-baton-test-now') ?? NaN);
    return Number.isSafeInteger(given) && given >= TIME_MIN && given <= TIME_MAX ? given : now;
  }

  async widgetConfig(playbookId: string, origin: string | null, req: Request | null = null) {
    const p = this.host.playbooks.get(playbookId);
    if (!p) throw new BatonError('not-found', 'No such playbook');
    if (origin && p.allowedOrigins.includes(origin)) await this.host.playbooks.markInstalled(p);
    else if (origin) await this.host.refusedSite?.(p.id, origin);
    return json({ playbook: publicPlaybook(p), ...this.availability(p, origin, this.hoursNow(req)) });
  }

  async createConversation(req: Request, origin: string | null, clientKey: string) {
    const b = await body(req, CreateConversationRequest);
    const p = this.host.playbooks.get(b.playbookId);
    const card = p && liveChatCardOf(p);
    if (!p || !card) throw new BatonError('not-found', 'No such playbook or it has no live chat card');
    const team = this.host.liveTeam(teamOfChat(p, b.answers));
    const avail = this.availability(p, origin, this.hoursNow(req), team);
    if (avail.reason === 'origin-not-allowed') throw new BatonError('forbidden', 'Baton does not run on this site (not in the playbook\'s Allowed sites)');
    // Outside business hours the answer says when the team is back (the widget says it in the visitor's zone).
    if (avail.reason === 'closed') throw new BatonError('unavailable', 'Outside business hours', { hours: avail.hours });
    if (!avail.available) throw new BatonError('unavailable', 'No agent is online');
    // A blocked visitor is told nothing more than that a chat can't start now, as when nobody is online (the
    // widget offers its offline form): neither the code nor the words say "blocked".
    const address = await addressHash(this.host.secret, clientKey);
    if (this.host.blocked(b.visitorId, address)) {
      if (this.blockedFacts.take('all')) await this.host.fact(`blocked:${randomId(12)}`, { ...NO_FIGURES, startedAt: this.hoursNow(req), outcome: 'blocked', chat: false });
      throw BatonError.of('unavailable', { code: 'chat-unavailable' });
    }
    // Taken only for a conversation that will be created: a visitor refused for "nobody online" (the widget
    // asks at the live chat card) still has the whole allowance for the offline form that follows.
    if (!this.creations.take(clientKey)) throw new BatonError('rate-limited', 'Too many new conversations from this address; try again in a minute');
    const ws = this.host.workspaceId;
    const conversationId = `${ws}.${randomId(12)}`;
    // Now (in tests with BATON_TEST_CLOCK, the request's `x-baton-test-now`: the chat's room runs from then).
    const createdAt = this.hoursNow(req);
    const waitSeconds = this.config.waitSecondsOverride ?? card.waitSeconds;
    const mode = card.routing ?? 'manual';
    const routing: ChatRouting | undefined =
      mode !== 'manual' || team !== null || card.renotifyEverySec !== undefined
        ? {
            mode,
            ...(team !== null ? { team } : {}),
            ...(card.renotifyEverySec !== undefined ? { renotifyEverySec: card.renotifyEverySec } : {}),
            ...(card.reassignAfterSec !== undefined && mode !== 'manual' ? { reassignAfterSec: card.reassignAfterSec } : {}),
          }
        : undefined;
    // Dealt as it arrives (counted against the agent before any await), or in line until someone has a seat.
    const assignee = mode === 'manual' ? null : this.host.arrive({ id: conversationId, createdAt, team, mode });
    const init = {
      type: 'init',
      conversationId,
      workspaceId: ws,
      playbookId: p.id,
      botName: p.botName,
      transcript: trustedTranscript(b.transcript, p, createdAt),
      answers: b.answers,
      context: b.context,
      waitSeconds,
      offlineMessage: card.offlineMessage,
      createdAt,
      details: detailsFromCapture(capturedContact(p.cards, b.answers)),
      ...(routing ? { routing } : {}),
      ...(assignee ? { assignee } : {}),
      // Checked above: one of the playbook's Allowed sites.
      ...(origin ? { origin } : {}),
      ...(b.visitorId ? { visitorId: b.visitorId } : {}),
      ...(this.host.typingPreview() ? { typingPreview: true } : {}),
      ...(address ? { address } : {}),
    };
    const email = init.details.person.email.toLowerCase();
    await this.openRoom(conversationId, init, mode, { ...(b.visitorId ? { visitorId: b.visitorId } : {}), ...(address ? { address } : {}), ...(email ? { email } : {}) });
    const visitorToken = await signToken(this.host.secret, { kind: 'visitor', ws, conv: conversationId });
    return json({ conversationId, visitorToken, waitUntil: createdAt + waitSeconds * 1000 }, 201);
  }

  /**
   * A closed chat's visitor answered one of its emails: a new chat continues it (the closed one is never
   * reopened), with its playbook, context, details and routing, linked to it. Dealt like any new chat. Answers its id.
   */
  async continueConversation(seed: ConversationSeed, linkedFrom: string): Promise<string> {
    // A blocked visitor starts nothing by email either.
    if (this.host.blocked(seed.visitorId, seed.address)) throw BatonError.of('forbidden', { code: 'chat-unavailable' });
    const ws = this.host.workspaceId;
    const conversationId = `${ws}.${randomId(12)}`;
    const createdAt = Date.now();
    const mode = seed.routing?.mode ?? 'manual';
    const team = this.host.liveTeam(seed.routing?.team) ?? null;
    const assignee = mode === 'manual' ? null : this.host.arrive({ id: conversationId, createdAt, team, mode });
    const init = {
      type: 'init',
      conversationId,
      workspaceId: ws,
      playbookId: seed.playbookId,
      botName: seed.botName,
      transcript: [],
      answers: {},
      context: seed.context,
      waitSeconds: this.config.waitSecondsOverride ?? seed.waitSeconds,
      offlineMessage: seed.offlineMessage,
      createdAt,
      details: seed.details,
      ...(seed.routing ? { routing: seed.routing } : {}),
      ...(assignee ? { assignee } : {}),
      ...(seed.origin ? { origin: seed.origin } : {}),
      ...(seed.visitorId ? { visitorId: seed.visitorId } : {}),
      ...(seed.address ? { address: seed.address } : {}),
      linkedFrom,
      email: seed.email,
    };
    await this.openRoom(conversationId, init, mode, { ...(seed.visitorId ? { visitorId: seed.visitorId } : {}), ...(seed.address ? { address: seed.address } : {}), email: seed.email });
    return conversationId;
  }

  /**
   * Creates the conversation room with `init`, puts its summary in the index with the visitor's keys, and tells
   * routing whether the chat it dealt did arrive (a failed creation gives its seat back).
   */
  private async openRoom(conversationId: string, init: Record<string, unknown>, mode: string, keys: VisitorKeys) {
    let summary;
    try {
      const res = await this.host.link.call({ party: 'conversation', id: conversationId }, init);
      if (!res.ok) throw new BatonError('internal', 'Could not create the conversation');
      // Checked like any report: a summary the agents' clients would refuse must not reach the index.
      summary = decodeValue(ConversationSummary, await res.json());
      if (!summary.ok) throw new BatonError('internal', 'The new conversation answered an invalid summary');
    } catch (err) {
      if (mode !== 'manual') this.host.arrived(conversationId, false);
      throw err;
    }
    await this.host.indexed(summary.value, keys);
    if (mode !== 'manual') this.host.arrived(conversationId, true);
  }

  async offline(req: Request, origin: string | null, clientKey: string) {
    // Each submission may create CRM items: the same per-address cap as new conversations.
    if (!this.creations.take(clientKey)) throw new BatonError('rate-limited', 'Too many submissions from this address; try again in a minute');
    const b = await body(req, OfflineSubmission);
    const p = this.host.playbooks.get(b.playbookId);
    if (!p) throw new BatonError('not-found', 'No such playbook');
    if (!origin || !p.allowedOrigins.includes(origin)) throw new BatonError('forbidden', 'Baton does not run on this site (not in the playbook\'s Allowed sites)');
    // The playbook decides what is created, never the visitor: only items one of its cards creates are kept
    // (the contact itself is never refused, so it is never lost), and whether it is qualified is that card's word.
    // One card's items at most (the card that creates the most of those asked for), qualified as that card says.
    const asked = new Set(b.create);
    const overlap = (c: { create: string[] }) => c.create.filter((item) => asked.has(item as never)).length;
    const card = offlineCreates(p)
      .filter((c) => overlap(c) > 0)
      .reduce<ReturnType<typeof offlineCreates>[number] | undefined>((best, c) => (!best || overlap(c) > overlap(best) ? c : best), undefined);
    const create = card ? card.create.filter((item) => asked.has(item)) : [];
    const { qualified: _visitorSays, ...rest } = b;
    const trusted = { ...rest, create, ...(card ? { qualified: card.qualified } : {}), transcript: trustedTranscript(b.transcript, p, Date.now(), true) };
    const intentId = `off:${b.submissionId}`;
    const before = await this.host.crm.queue.find(intentId);
    const answer = await this.host.crm.offline(trusted, p);
    // Insights count a submission once: when its intent was stored now (a resubmission finds it).
    if (!before && (await this.host.crm.queue.find(intentId))) {
      const follows = b.conversationId !== undefined;
      const lead = create.includes('lead');
      await this.host.fact(intentId, { ...NO_FIGURES, startedAt: this.hoursNow(req), outcome: follows ? null : 'offline', chat: !follows, lead, deal: create.includes('deal'), offlineLead: lead });
    }
    return json(answer);
  }

  /**
   * `Baton('identify', …)` for a chat, proved by its visitor token: checked (identity.ts), then told to the chat's
   * room. A refused one (a hash that does not match, no hash where verification is required) reaches no room.
   */
  async identify(req: Request, clientKey: string) {
    if (!this.identifies.take(clientKey)) throw new BatonError('rate-limited', 'Too many identify calls from this address; try again in a minute');
    const b = await body(req, IdentifyRequest);
    const claims = await verifyToken(this.host.secret, b.visitorToken);
    if (claims?.kind !== 'visitor' || claims.conv !== b.conversationId || claims.ws !== this.host.workspaceId) throw new BatonError('unauthorized', 'Not the visitor of this conversation');
    const identity = await decideIdentity(b.identity, await this.host.identity());
    const res = await this.host.link.call({ party: 'conversation', id: b.conversationId }, { type: 'identify', identity });
    if (!res.ok) throw new BatonError(res.status === 404 ? 'not-found' : 'internal', 'The conversation could not take the identity');
    return json({ ok: true, verified: identity.verified });
  }

  async session(req: Request) {
    const { credential } = await body(req, SessionRequest);
    const s = await this.host.agents.session(credential, this.host.workspaceId, this.host.secret, this.config.sessionTtlMs);
    return json({ token: s.token, expiresAt: s.expiresAt, agent: toPublic(s.agent, this.host.connected(s.agent.id)) });
  }

  async setup(req: Request) {
    const key = this.config.setupKey;
    const given = req.headers.get('x-baton-setup-key') ?? '';
    // A short key could be guessed: refuse to set up at all rather than accept it (README "Deploy").
    if (typeof key !== 'string' || key.length < SETUP_KEY_MIN) throw BatonError.of('unavailable', { code: 'setup-key-short', params: { min: SETUP_KEY_MIN } });
    if (!safeEqual(key, given)) throw new BatonError('unauthorized', 'Wrong setup key');
    const b = await body(req, SetupRequest);
    const agents = this.host.agents;
    const fresh = () => {
      if (agents.size > 0) throw new BatonError('conflict', 'This workspace is already set up');
    };
    fresh();
    const { agent, credential } = await agents.create({ name: b.name, email: b.email, role: 'admin', manageLiveChat: true }, fresh);
    await this.host.created();
    let playbookId: string | undefined;
    if (b.demoPlaybook) {
      playbookId = 'demo';
      await this.host.playbooks.save({ ...liveChatTemplate(playbookId, 'Demo playbook'), allowedOrigins: b.allowedOrigins ?? [] }, true);
    }
    return json({ agent: toPublic(agent, false), credential, ...(playbookId ? { playbookId } : {}) }, 201);
  }
}
