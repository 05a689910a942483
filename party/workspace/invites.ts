import {
  BatonError,
  INVITE_CODE,
  INVITE_TTL_MS,
  INVITES_MAX,
  ONBOARDING_EVENTS_MAX,
  type InvitePublic,
  type OnboardingEvent,
  type OnboardingEventKind,
  type Role,
} from '../../protocol';
import { hexId, randomId, safeEqual, sha256 } from '../auth';
import type { Storage } from '../ports';
import { SHARED_CLIENT_KEY } from './blocks';

/**
 * An invite as stored: what admins see, plus the SHA-256 of its code (the code itself is never stored), and
 * when it was used. Used and expired invites stay a while (USED_KEPT_MS) so a second try can be told so.
 */
export type InviteRecord = InvitePublic & { v: 1; codeHash: string; usedAt?: number };
export type StoredEvent = OnboardingEvent & { v: 1 };
export type NewInvite = { name: string; email: string; role: Role; manageLiveChat: boolean; agentId?: string };

/** Used or expired invites are kept this long past their expiry (a late second try still hears "used"/"expired"). */
export const USED_KEPT_MS = 30 * 24 * 60 * 60 * 1000;

/** Failed redemptions one client may make per GUESS_WINDOW_MS before it is refused (codes carry 144 random bits: this is for the logs' sake). */
export const GUESSES_MAX = 10;
export const GUESS_WINDOW_MS = 10 * 60 * 1000;

export type Verdict = { ok: true; invite: InviteRecord } | { ok: false; problem: 'invite-invalid' | 'invite-used' | 'invite-expired' };

/**
 * Whether `code` (whose SHA-256 is `hash`) redeems `invite` at `now`. Only a code whose hash matches learns
 * that its invite was used or expired: a forged or guessed code is always just "not valid".
 */
export function judge(invite: InviteRecord | undefined, code: string, hash: string, now: number): Verdict {
  const m = INVITE_CODE.exec(code);
  if (!m || !invite || invite.id !== m[1] || !safeEqual(invite.codeHash, hash)) return { ok: false, problem: 'invite-invalid' };
  if (invite.usedAt !== undefined) return { ok: false, problem: 'invite-used' };
  if (now >= invite.expiresAt) return { ok: false, problem: 'invite-expired' };
  return { ok: true, invite };
}

/** The refusal a verdict gives: a typed problem, `unauthorized` for a bad code, `conflict` for a spent one. */
export function refusal(problem: Exclude<Verdict, { ok: true }>['problem']): BatonError {
  return BatonError.of(problem === 'invite-invalid' ? 'unauthorized' : 'conflict', { code: problem });
}

/** The id part of a code, or null. */
export const inviteIdOf = (code: string) => INVITE_CODE.exec(code)?.[1] ?? null;

/**
 * Failed guesses per client, in fixed windows: at most GUESSES_MAX per GUESS_WINDOW_MS. Memory only. Clients the
 * deployment can't tell apart (no BATON_CLIENT_ADDRESS_HEADER: `shared`) are not limited: one stranger's ten
 * wrong codes would otherwise lock every invitee, and the setup key's recovery, out of the workspace — while a
 * code (144 random bits) or a setup key (16+ characters) can't be guessed anyway.
 */
export class GuessLimiter {
  private by = new Map<string, { start: number; count: number }>();
  constructor(
    private max = GUESSES_MAX,
    private windowMs = GUESS_WINDOW_MS,
    private unlimited: ReadonlySet<string> = new Set([SHARED_CLIENT_KEY]),
  ) {}
  allowed(key: string, now: number): boolean {
    if (this.unlimited.has(key)) return true;
    const b = this.by.get(key);
    return !b || now - b.start >= this.windowMs || b.count < this.max;
  }
  failed(key: string, now: number) {
    if (this.by.size >= 10_000) for (const [k, b] of this.by) if (now - b.start >= this.windowMs) this.by.delete(k);
    const b = this.by.get(key);
    if (!b || now - b.start >= this.windowMs) this.by.set(key, { start: now, count: 1 });
    else b.count++;
  }
}

const toPublic = ({ v: _v, codeHash: _h, usedAt: _u, ...pub }: InviteRecord): InvitePublic => pub;

/**
 * The workspace's invites (`invite:<id>`) and onboarding events (`onboarding-event:<at>:<id>`): storage and
 * the rules above. Checks that must not race run after the last await before the change (see `redeem`).
 */
export class Invites {
  private byId = new Map<string, InviteRecord>();
  private events: StoredEvent[] = [];

  constructor(private storage: Pick<Storage, 'put' | 'list' | 'delete'>) {}

  async load() {
    for (const [key, inv] of await this.storage.list<InviteRecord>({ prefix: 'invite:' })) this.byId.set(key.slice('invite:'.length), inv);
    this.events = [...(await this.storage.list<StoredEvent>({ prefix: 'onboarding-event:' })).values()].sort((a, b) => b.at - a.at);
  }

  get(id: string) {
    return this.byId.get(id);
  }

  /** Invites that can still be redeemed at `now`, newest first. */
  pending(now: number): InvitePublic[] {
    return [...this.byId.values()]
      .filter((i) => i.usedAt === undefined && now < i.expiresAt)
      .sort((a, b) => b.createdAt - a.createdAt)
      .map(toPublic);
  }

  /** The latest events, newest first (without their version field). */
  recent(): OnboardingEvent[] {
    return this.events.map(({ v: _v, ...e }) => e);
  }

  /**
   * A new invite and its code (answered once, to the admin). A pending invite for the same email (or the same
   * agent, for a re-issue) is replaced: one link per person works at a time. Spent invites past USED_KEPT_MS go.
   */
  async create(input: NewInvite, by: { id: string; name: string }, now: number): Promise<{ invite: InvitePublic; code: string }> {
    const id = hexId(8);
    const code = `inv_${id}_${randomId(24)}`;
    const codeHash = await sha256(code);
    const gone: string[] = [];
    for (const i of this.byId.values()) {
      const spent = i.usedAt !== undefined || now >= i.expiresAt;
      const same = input.agentId ? i.agentId === input.agentId : !i.agentId && i.email.toLowerCase() === input.email.toLowerCase();
      if ((!spent && same) || (spent && now > i.expiresAt + USED_KEPT_MS)) gone.push(i.id);
    }
    if (this.pending(now).filter((i) => !gone.includes(i.id)).length >= INVITES_MAX) throw new BatonError('conflict', `At most ${INVITES_MAX} pending invites: revoke some first`);
    const invite: InviteRecord = {
      v: 1,
      id,
      name: input.name,
      email: input.email,
      role: input.role,
      manageLiveChat: input.manageLiveChat,
      createdAt: now,
      expiresAt: now + INVITE_TTL_MS,
      by,
      ...(input.agentId ? { agentId: input.agentId } : {}),
      codeHash,
    };
    for (const g of gone) this.byId.delete(g);
    this.byId.set(id, invite);
    if (gone.length) await this.storage.delete(gone.map((g) => `invite:${g}`));
    await this.storage.put(`invite:${id}`, invite);
    return { invite: toPublic(invite), code };
  }

  /** An admin takes back a pending invite: it is forgotten (a later try is "not valid"). */
  async revoke(id: string): Promise<InviteRecord> {
    const i = this.byId.get(id);
    if (!i || i.usedAt !== undefined) throw new BatonError('not-found', 'No such pending invite');
    this.byId.delete(id);
    await this.storage.delete(`invite:${id}`);
    return i;
  }

  /** The verdict for a code now (sync: call it again after any await, right before acting on it). */
  check(code: string, hash: string, now: number): Verdict {
    const id = inviteIdOf(code);
    return judge(id ? this.byId.get(id) : undefined, code, hash, now);
  }

  /** Marks an invite used, in memory at once (so a second redemption racing this one is refused), then stored. */
  use(invite: InviteRecord, now: number) {
    invite.usedAt = now;
    return this.storage.put(`invite:${invite.id}`, invite);
  }

  /** Records an onboarding event (kept: the latest ONBOARDING_EVENTS_MAX). */
  async record(kind: OnboardingEventKind, agent: { id: string; name: string }, by: { id: string; name: string } | undefined, now: number): Promise<OnboardingEvent> {
    const e: StoredEvent = { v: 1, id: hexId(6), kind, at: now, agent: { id: agent.id, name: agent.name }, ...(by ? { by: { id: by.id, name: by.name } } : {}) };
    this.events.unshift(e);
    const dropped = this.events.splice(ONBOARDING_EVENTS_MAX);
    await this.storage.put(eventKey(e), e);
    if (dropped.length) await this.storage.delete(dropped.map(eventKey));
    const { v: _v, ...pub } = e;
    return pub;
  }
}

const eventKey = (e: StoredEvent) => `onboarding-event:${String(e.at).padStart(15, '0')}:${e.id}`;
