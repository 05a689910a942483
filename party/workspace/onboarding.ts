import {
  BatonError,
  RecoverRequest,
  RedeemRequest,
  TIME_MAX,
  TIME_MIN,
  type OnboardingEventKind,
  type WorkspaceClientMessage,
  type WorkspaceServerMessage,
} from '../../protocol';
import { safeEqual, sha256 } from '../auth';
import { json } from '../http';
import { toPublic, type AgentRecord, type Agents } from './agents';
import { GuessLimiter, refusal, type Invites } from './invites';
import { body, SETUP_KEY_MIN } from './public-api';

export type OnboardingHost = {
  workspaceId: string;
  agents: Agents;
  invites: Invites;
  setupKey: string | undefined;
  /** Tests only (BATON_TEST_CLOCK): a redemption is judged at the request's `x-baton-test-now`. */
  testClock: boolean;
  now(): number;
  toAdmins(frame: WorkspaceServerMessage): void;
  /** The agents list changed (a new agent, a new role). */
  agentsChanged(): void;
  /** An agent's credential was retired: their open sockets close, their conversations hear. */
  retired(a: AgentRecord, by: AgentRecord | null): Promise<unknown>;
  /** The workspace got its first agent by the setup key's recovery (keeps its id, as setup does). */
  created(): Promise<void>;
};

type Frame = Extract<WorkspaceClientMessage, { type: 'invite-create' | 'invite-revoke' | 'onboarding-get' | 'agent-reissue' }>;
const who = (a: { id: string; name: string }) => ({ id: a.id, name: a.name });

/** One JSON line per onboarding event: ids and kinds only (no names, emails, codes or credentials). */
export function logLine(ws: string, kind: OnboardingEventKind, fields: Record<string, string | boolean>): string {
  return JSON.stringify({ ev: kind, ws, ...fields });
}

/**
 * Invites, re-issue and the setup key's recovery (issue 17): the admin frames and the two public routes. The
 * rules are in invites.ts and agents.ts; this decides who may ask, and tells admins and the log.
 */
export class Onboarding {
  private guesses = new GuessLimiter();

  constructor(private h: OnboardingHost) {}

  private frame() {
    return { type: 'onboarding', invites: this.h.invites.pending(this.h.now()), events: this.h.invites.recent() } as const;
  }
  private async event(kind: OnboardingEventKind, agent: { id: string; name: string }, by: AgentRecord | undefined, fields: Record<string, string | boolean>) {
    await this.h.invites.record(kind, agent, by && who(by), this.h.now());
    console.log(logLine(this.h.workspaceId, kind, { agent: agent.id, ...(by ? { by: by.id } : {}), ...fields }));
    this.h.toAdmins(this.frame());
  }

  /** Admin frames; `reply` answers the asking socket. */
  async handle(msg: Frame, me: AgentRecord, reply: (f: WorkspaceServerMessage) => void): Promise<void> {
    if (me.role !== 'admin') throw new BatonError('forbidden', 'Only admins may invite agents or re-issue credentials');
    const now = this.h.now();
    switch (msg.type) {
      case 'onboarding-get':
        reply(this.frame());
        return reply({ type: 'ok', ...(msg.ref ? { ref: msg.ref } : {}) });
      case 'invite-create': {
        this.h.agents.requireFreeEmail(msg.email);
        const { invite, code } = await this.h.invites.create({ name: msg.name, email: msg.email, role: msg.role, manageLiveChat: msg.manageLiveChat || msg.role === 'admin' }, who(me), now);
        reply({ type: 'invite-created', ...(msg.ref ? { ref: msg.ref } : {}), invite, code });
        return this.event('invite-created', { id: invite.id, name: invite.name }, me, { invite: invite.id, role: invite.role });
      }
      case 'invite-revoke': {
        const invite = await this.h.invites.revoke(msg.id);
        reply({ type: 'ok', ...(msg.ref ? { ref: msg.ref } : {}) });
        return this.event('invite-revoked', { id: invite.agentId ?? invite.id, name: invite.name }, me, { invite: invite.id });
      }
      case 'agent-reissue': {
        const a = await this.h.agents.reissue(me, msg.id);
        await this.h.retired(a, me);
        const { invite, code } = await this.h.invites.create({ name: a.name, email: a.email, role: a.role, manageLiveChat: a.manageLiveChat, agentId: a.id }, who(me), now);
        reply({ type: 'invite-created', ...(msg.ref ? { ref: msg.ref } : {}), invite, code });
        this.h.agentsChanged();
        return this.event('credential-reissued', who(a), me, { invite: invite.id });
      }
      default:
        return msg satisfies never;
    }
  }

  /** The time a redemption is judged at: now, or in tests (BATON_TEST_CLOCK) the request's `x-baton-test-now`. */
  private nowOf(req: Request): number {
    if (!this.h.testClock) return this.h.now();
    const given = Number(req.headers.get('x-baton-test-now') ?? NaN);
    return Number.isSafeInteger(given) && given >= TIME_MIN && given <= TIME_MAX ? given : this.h.now();
  }

  /**
   * POST invite {code}: once, before it expires, the invitee gets a credential (made now, answered only here).
   * A wrong code counts against the client's guesses; nothing changes on any refusal.
   */
  async redeem(req: Request, clientKey: string): Promise<Response> {
    const now = this.nowOf(req);
    if (!this.guesses.allowed(clientKey, now)) throw new BatonError('rate-limited', 'Too many wrong invite codes from this address; try again in 10 minutes');
    const { code } = await body(req, RedeemRequest);
    const hash = await sha256(code);
    const first = this.h.invites.check(code, hash, now);
    if (!first.ok) {
      if (first.problem === 'invite-invalid') this.guesses.failed(clientKey, now);
      throw refusal(first.problem);
    }
    const inv = first.invite;
    // Right before the change, after the last await: a redemption that raced this one finds the invite used.
    const guard = () => {
      const again = this.h.invites.check(code, hash, now);
      if (!again.ok) throw refusal(again.problem);
      if (!inv.agentId) this.h.agents.requireFreeEmail(inv.email);
      inv.usedAt = now;
    };
    let agent: AgentRecord;
    let credential: string;
    if (inv.agentId) {
      const existing = this.h.agents.active(inv.agentId);
      if (!existing) throw refusal('invite-invalid');
      credential = await this.h.agents.setCredential(existing, guard);
      agent = existing;
    } else {
      ({ agent, credential } = await this.h.agents.create({ name: inv.name, email: inv.email, role: inv.role, manageLiveChat: inv.manageLiveChat }, guard, now));
    }
    await this.h.invites.use(inv, now);
    this.h.agentsChanged();
    await this.event('invite-redeemed', who(agent), undefined, { invite: inv.id, reissue: !!inv.agentId });
    return json({ workspace: this.h.workspaceId, agent: toPublic(agent, false), credential });
  }

  /**
   * POST recover {email, name?} with `x-baton-setup-key`: a new credential for an admin — the live agent with
   * this email (made admin; their old credential and sessions stop), else a new admin. Logged and recorded.
   */
  async recover(req: Request, clientKey: string): Promise<Response> {
    const key = this.h.setupKey;
    const now = this.h.now();
    if (typeof key !== 'string' || key.length < SETUP_KEY_MIN) throw BatonError.of('unavailable', { code: 'setup-key-short', params: { min: SETUP_KEY_MIN } });
    if (!this.guesses.allowed(clientKey, now)) throw new BatonError('rate-limited', 'Too many wrong setup keys from this address; try again in 10 minutes');
    if (!safeEqual(key, req.headers.get('x-baton-setup-key') ?? '')) {
      this.guesses.failed(clientKey, now);
      throw new BatonError('unauthorized', 'Wrong setup key');
    }
    const b = await body(req, RecoverRequest);
    const existing = this.h.agents.byEmail(b.email);
    let agent: AgentRecord;
    let credential: string;
    if (existing) {
      await this.h.agents.retire(existing);
      await this.h.retired(existing, null);
      credential = await this.h.agents.setCredential(existing, () => {}, { role: 'admin', manageLiveChat: true });
      agent = existing;
    } else {
      if (!b.name) throw new BatonError('invalid-field', 'No agent has this email: give a name for the new admin', { fields: { name: 'Required' }, problems: { name: { code: 'required' } } });
      const first = this.h.agents.size === 0;
      ({ agent, credential } = await this.h.agents.create({ name: b.name, email: b.email, role: 'admin', manageLiveChat: true }, () => this.h.agents.requireFreeEmail(b.email), now));
      if (first) await this.h.created();
    }
    this.h.agentsChanged();
    await this.event('admin-recovered', who(agent), undefined, { created: !existing });
    return json({ agent: toPublic(agent, false), credential, created: !existing }, existing ? 200 : 201);
  }
}
