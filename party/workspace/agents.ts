import { BatonError, fieldProblems, type AgentClaims, type AgentPublic, type AgentStatus, type Role } from '../../protocol';
import { hexId, randomId, safeEqual, sha256, signToken } from '../auth';
import type { Storage } from '../ports';

/**
 * An agent as stored: the public part plus the credential's hash (the hash never leaves the room). `online` is
 * the status they chose (Online, else Away), kept across reconnects; records from before statuses have only it.
 */
export type AgentRecord = Omit<AgentPublic, 'online' | 'status'> & { credentialHash: string; createdAt: number; online: boolean };
/** The credential generation of an agent or a token (absent: 0, never re-issued). */
export const genOf = (x: { gen?: number | undefined }) => x.gen ?? 0;
export type NewAgent = Pick<AgentRecord, 'name' | 'email' | 'role' | 'manageLiveChat'>;
export type AgentChange = { name?: string; role?: Role; manageLiveChat?: boolean; maxChats?: number | null };

/** The status others see: offline while no extension socket of theirs is open (or revoked), else the one they chose. */
export const statusOf = (a: Pick<AgentRecord, 'online' | 'revoked'>, connected: boolean): AgentStatus => (a.revoked || !connected ? 'offline' : a.online ? 'online' : 'away');

export const toPublic = (a: AgentRecord, connected: boolean): AgentPublic => {
  const status = statusOf(a, connected);
  return {
    id: a.id,
    name: a.name,
    email: a.email,
    role: a.role,
    manageLiveChat: a.manageLiveChat,
    online: status === 'online',
    status,
    ...(a.maxChats !== undefined ? { maxChats: a.maxChats } : {}),
    ...(a.teams?.length ? { teams: [...a.teams] } : {}),
    revoked: a.revoked,
    ...(a.gen ? { gen: a.gen } : {}),
  };
};

/** Playbooks, saved replies and other live chat settings: admins, and agents given "manage live chat". */
export const canManageLiveChat = (a: { role: Role; manageLiveChat: boolean }) => a.role === 'admin' || a.manageLiveChat;

/** Credentials look like `bat_<agentId>_<secret>`: the id finds the record, the secret is checked by hash. */
export function parseCredential(credential: string): { agentId: string } | null {
  const m = /^bat_([a-f0-9]{16})_([A-Za-z0-9_-]{20,})$/.exec(credential);
  return m ? { agentId: m[1]! } : null;
}

/**
 * The workspace's agents: credentials (stored as SHA-256 only), roles, revocation, sessions. Every check that
 * must not race runs after the last await before the change (see `create`'s guard).
 */
export class Agents {
  private byId = new Map<string, AgentRecord>();

  constructor(private storage: Pick<Storage, 'put' | 'list'>) {}

  async load() {
    for (const [key, a] of await this.storage.list<AgentRecord>({ prefix: 'agent:' })) this.byId.set(key.slice('agent:'.length), a);
  }

  get(id: string) {
    return this.byId.get(id);
  }
  all() {
    return this.byId.values();
  }
  get size() {
    return this.byId.size;
  }
  /** An agent who may act now: known and not revoked. */
  active(id: string): AgentRecord | undefined {
    const a = this.byId.get(id);
    return a && !a.revoked ? a : undefined;
  }

  /** `guard` runs after the only await, right before the agent is registered: checks there can't race. */
  async create(input: NewAgent, guard: () => void = () => {}, now = Date.now()) {
    const id = hexId(8);
    const credential = `bat_${id}_${randomId(24)}`;
    const credentialHash = await sha256(credential);
    guard();
    const agent: AgentRecord = { id, ...input, revoked: false, online: false, credentialHash, createdAt: now };
    this.byId.set(id, agent);
    await this.storage.put(`agent:${id}`, agent);
    return { agent, credential };
  }

  /** An admin adds an agent: one live agent per email. */
  async add(input: NewAgent) {
    const unique = () => this.requireFreeEmail(input.email);
    unique();
    return this.create(input, unique);
  }

  /** Refuses an email a live agent has (one live agent per email). */
  requireFreeEmail(email: string) {
    if (this.byEmail(email)) throw new BatonError('conflict', 'An agent with this email exists', fieldProblems({ email: { code: 'email-taken' } }));
  }

  /** An admin changes or revokes another agent (never themselves: a workspace always keeps an admin). */
  async change(by: AgentRecord, id: string, change: AgentChange | 'revoke'): Promise<AgentRecord> {
    if (by.role !== 'admin') throw new BatonError('forbidden', 'Only admins may manage agents');
    const a = this.byId.get(id);
    if (!a) throw new BatonError('not-found', 'No such agent');
    if (a.id === by.id) throw new BatonError('forbidden', 'You cannot change or revoke yourself');
    if (change === 'revoke') a.revoked = true;
    else {
      Object.assign(a, { ...(change.name ? { name: change.name } : {}), ...(change.role ? { role: change.role } : {}), ...(change.manageLiveChat !== undefined ? { manageLiveChat: change.manageLiveChat } : {}) });
      if (change.maxChats === null) delete a.maxChats;
      else if (change.maxChats !== undefined) a.maxChats = change.maxChats;
    }
    await this.storage.put(`agent:${a.id}`, a);
    return a;
  }

  /**
   * Re-issue, first half: the agent's credential and every session token made from it stop working now (the
   * generation goes up; the stored hash becomes one no credential has). `setCredential` gives the new one.
   */
  async reissue(by: AgentRecord, id: string): Promise<AgentRecord> {
    if (by.role !== 'admin') throw new BatonError('forbidden', 'Only admins may manage agents');
    const a = this.byId.get(id);
    if (!a || a.revoked) throw new BatonError('not-found', 'No such agent');
    if (a.id === by.id) throw new BatonError('forbidden', 'You cannot re-issue your own credential: ask another admin, or use the setup key (README "Onboard your team")');
    return this.retire(a);
  }

  /** The agent's credential and sessions stop now (see reissue). */
  async retire(a: AgentRecord): Promise<AgentRecord> {
    a.gen = genOf(a) + 1;
    a.credentialHash = await sha256(`retired:${randomId(24)}`);
    await this.storage.put(`agent:${a.id}`, a);
    return a;
  }

  /**
   * Re-issue, second half: a new credential for `a` (answered once; only its hash is kept). `guard` runs after
   * the only await, right before the change. `changes` apply with it (the setup key's recovery makes an admin).
   */
  async setCredential(a: AgentRecord, guard: () => void = () => {}, changes: Partial<Pick<AgentRecord, 'role' | 'manageLiveChat'>> = {}) {
    const credential = `bat_${a.id}_${randomId(24)}`;
    const credentialHash = await sha256(credential);
    guard();
    Object.assign(a, changes, { credentialHash });
    await this.storage.put(`agent:${a.id}`, a);
    return credential;
  }

  /** The live agent with this email, if any. */
  byEmail(email: string): AgentRecord | undefined {
    const e = email.toLowerCase();
    for (const a of this.byId.values()) if (!a.revoked && a.email.toLowerCase() === e) return a;
    return undefined;
  }

  /** The agent's own choice: Online (true) or Away. */
  async setOnline(a: AgentRecord, online: boolean) {
    a.online = online;
    await this.storage.put(`agent:${a.id}`, a);
  }

  /**
   * Who is in a team: each agent in `members` gets it, every other agent loses it (unknown or revoked ids are
   * refused before anything changes). Answers the agents whose teams changed.
   */
  async setMembers(team: string, members: readonly string[]): Promise<AgentRecord[]> {
    const wanted = new Set(members);
    for (const id of wanted) if (!this.active(id)) throw new BatonError('not-found', `No such agent: ${id}`);
    const changed: AgentRecord[] = [];
    for (const a of this.byId.values()) {
      const has = a.teams?.includes(team) ?? false;
      if (has === wanted.has(a.id)) continue;
      a.teams = has ? a.teams!.filter((t) => t !== team) : [...(a.teams ?? []), team];
      if (a.teams.length === 0) delete a.teams;
      changed.push(a);
    }
    if (changed.length) await this.storage.put(Object.fromEntries(changed.map((a) => [`agent:${a.id}`, a])));
    return changed;
  }

  /** Credential → a signed session token of `ttlMs`; refused for a wrong or revoked credential. */
  async session(credential: string, workspaceId: string, secret: string, ttlMs: number, now = Date.now()) {
    const parsed = parseCredential(credential);
    const agent = parsed && this.byId.get(parsed.agentId);
    if (!agent || agent.revoked || !safeEqual(agent.credentialHash, await sha256(credential))) {
      throw new BatonError('unauthorized', 'Wrong or revoked credential');
    }
    const expiresAt = now + ttlMs;
    const claims: AgentClaims = { kind: 'agent', ws: workspaceId, sub: agent.id, name: agent.name, role: agent.role, manageLiveChat: agent.manageLiveChat, exp: expiresAt, ...(agent.gen ? { gen: agent.gen } : {}) };
    return { agent, token: await signToken(secret, claims), expiresAt };
  }
}
