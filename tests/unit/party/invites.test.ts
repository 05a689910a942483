import { afterEach, describe, expect, test, vi } from 'vitest';
import { readFileSync } from 'node:fs';
import { createHash } from 'node:crypto';
import { sha256, verifyToken } from '../../../party/auth';
import { Agents, type AgentRecord } from '../../../party/workspace/agents';
import { GUESSES_MAX, GuessLimiter, Invites, judge, USED_KEPT_MS, type InviteRecord } from '../../../party/workspace/invites';
import { Onboarding, logLine, type OnboardingHost } from '../../../party/workspace/onboarding';
import { SHARED_CLIENT_KEY } from '../../../party/workspace/blocks';
import { INVITE_TTL_MS, inviteLink, parseInviteLink, type WorkspaceServerMessage } from '../../../protocol';
import { MemoryStorage } from '../../helpers/memory-storage';

const SECRET = 'invites-test-secret-0123456789abcdef';
const SETUP_KEY = 'setup-key-for-invite-tests-0123';
const T0 = Date.UTC(2026, 0, 5, 9);

async function world(setupKey: string | null = SETUP_KEY) {
  const storage = new MemoryStorage();
  const agents = new Agents(storage.asStorage());
  const invites = new Invites(storage.asStorage());
  const { agent: admin, credential: adminCredential } = await agents.create({ name: 'Ada', email: 'ada@example.com', role: 'admin', manageLiveChat: true }, undefined, T0);
  const toAdmins: WorkspaceServerMessage[] = [];
  const retired: string[] = [];
  let now = T0;
  const host: OnboardingHost = {
    workspaceId: 'ws1',
    agents,
    invites,
    setupKey: setupKey ?? undefined,
    testClock: true,
    now: () => now,
    toAdmins: (f) => void toAdmins.push(f),
    agentsChanged: () => {},
    retired: async (a) => void retired.push(a.id),
    created: async () => {},
  };
  const onboarding = new Onboarding(host);
  const replies: WorkspaceServerMessage[] = [];
  const reply = (f: WorkspaceServerMessage) => void replies.push(f);
  const invite = async (email = 'bob@example.com', role: 'admin' | 'agent' = 'agent') => {
    await onboarding.handle({ type: 'invite-create', ref: 'r1', name: email.split('@')[0]!, email, role, manageLiveChat: false }, admin, reply);
    const made = replies.findLast((f) => f.type === 'invite-created');
    if (made?.type !== 'invite-created') throw new Error('no invite-created');
    return made;
  };
  const redeemReq = (code: string, at?: number) =>
    new Request('http://x/parties/workspace/ws1/invite', { method: 'POST', headers: { 'content-type': 'application/json', ...(at ? { 'x-baton-test-now': String(at) } : {}) }, body: JSON.stringify({ code }) });
  const redeem = (code: string, at?: number, client = 'c1') => onboarding.redeem(redeemReq(code, at), client);
  const recoverReq = (body: unknown, key = SETUP_KEY) => new Request('http://x/parties/workspace/ws1/recover', { method: 'POST', headers: { 'content-type': 'application/json', 'x-baton-setup-key': key }, body: JSON.stringify(body) });
  return { storage, agents, invites, admin, adminCredential, onboarding, replies, reply, toAdmins, retired, invite, redeem, recoverReq, setNow: (t: number) => (now = t) };
}

afterEach(() => vi.restoreAllMocks());

describe('judge (the one rule of a code)', () => {
  const invite = (over: Partial<InviteRecord> = {}): InviteRecord => ({
    v: 1,
    id: '0123456789abcdef',
    name: 'Bob',
    email: 'bob@example.com',
    role: 'agent',
    manageLiveChat: false,
    createdAt: T0,
    expiresAt: T0 + INVITE_TTL_MS,
    by: { id: 'a', name: 'Ada' },
    codeHash: 'h',
    ...over,
  });
  const code = `inv_0123456789abcdef_${'x'.repeat(32)}`;
  test('right code, in time, unused: ok', () => expect(judge(invite(), code, 'h', T0).ok).toBe(true));
  test('a wrong secret, another id, a malformed code or no invite: just "not valid" (used/expired stay secret)', () => {
    for (const [inv, c, h] of [
      [invite({ usedAt: T0 }), code, 'other'],
      [invite({ expiresAt: T0 - 1 }), code, 'other'],
      [invite(), `inv_fedcba9876543210_${'x'.repeat(32)}`, 'h'],
      [invite(), 'inv_short', 'h'],
      [undefined, code, 'h'],
    ] as const)
      expect(judge(inv, c, h, T0)).toEqual({ ok: false, problem: 'invite-invalid' });
  });
  test('the right code of a used invite: used; of an expired one: expired (at the very millisecond)', () => {
    expect(judge(invite({ usedAt: T0 }), code, 'h', T0)).toEqual({ ok: false, problem: 'invite-used' });
    expect(judge(invite(), code, 'h', T0 + INVITE_TTL_MS)).toEqual({ ok: false, problem: 'invite-expired' });
    expect(judge(invite(), code, 'h', T0 + INVITE_TTL_MS - 1).ok).toBe(true);
  });
});

describe('invites', () => {
  test('stored with v: 1 and only the hash of the code; the code and its hash never reach admins', async () => {
    const w = await world();
    const made = await w.invite();
    expect(made.code).toMatch(/^inv_[a-f0-9]{16}_[A-Za-z0-9_-]{24,}$/);
    const stored = w.storage.data.get(`invite:${made.invite.id}`) as InviteRecord;
    expect(stored).toMatchObject({ v: 1, codeHash: await sha256(made.code), expiresAt: T0 + INVITE_TTL_MS, email: 'bob@example.com' });
    expect(JSON.stringify([...w.storage.data.values()])).not.toContain(made.code.slice(21));
    const frame = JSON.stringify(w.toAdmins);
    expect(frame).not.toContain(stored.codeHash);
    expect(frame).not.toContain(made.code);
    expect(w.invites.pending(T0)).toEqual([made.invite]);
  });

  test('a new invite for the same email replaces the pending one (its link stops working)', async () => {
    const w = await world();
    const first = await w.invite();
    const second = await w.invite('BOB@example.com');
    expect(w.invites.pending(T0).map((i) => i.id)).toEqual([second.invite.id]);
    await expect(w.redeem(first.code)).rejects.toMatchObject({ code: 'unauthorized', extra: { problem: { code: 'invite-invalid' } } });
  });

  test('an email a live agent has cannot be invited', async () => {
    const w = await world();
    await expect(w.invite('ada@example.com')).rejects.toMatchObject({ code: 'conflict', extra: { problems: { email: { code: 'email-taken' } } } });
  });

  test('only admins invite, revoke, re-issue or read the list', async () => {
    const w = await world();
    const { agent: bob } = await w.agents.add({ name: 'Bob', email: 'bob@example.com', role: 'agent', manageLiveChat: true });
    for (const msg of [
      { type: 'invite-create', name: 'Eve', email: 'eve@example.com', role: 'admin', manageLiveChat: true },
      { type: 'invite-revoke', id: 'x' },
      { type: 'agent-reissue', id: w.admin.id },
      { type: 'onboarding-get' },
    ] as const)
      await expect(w.onboarding.handle(msg, bob, w.reply)).rejects.toMatchObject({ code: 'forbidden' });
    expect(w.invites.pending(T0)).toEqual([]);
  });
});

describe('redeeming', () => {
  test('once: the agent exists with the invite role, the credential works, the invite is spent and logged', async () => {
    const w = await world();
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    const made = await w.invite('bob@example.com', 'admin');
    const res = await w.redeem(made.code);
    expect(res.status).toBe(200);
    const body = (await res.json()) as { workspace: string; agent: { id: string; role: string }; credential: string };
    expect(body).toMatchObject({ workspace: 'ws1', agent: { role: 'admin', email: 'bob@example.com' } });
    const s = await w.agents.session(body.credential, 'ws1', SECRET, 60_000);
    expect(s.agent.id).toBe(body.agent.id);
    expect(w.invites.pending(T0)).toEqual([]);
    expect((w.storage.data.get(`invite:${made.invite.id}`) as InviteRecord).usedAt).toBe(T0);
    expect(w.invites.recent().map((e) => e.kind)).toEqual(['invite-redeemed', 'invite-created']);
    const lines = log.mock.calls.map((c) => String(c[0]));
    expect(lines.map((l) => JSON.parse(l).ev)).toEqual(['invite-created', 'invite-redeemed']);
    for (const l of lines) {
      expect(l).not.toContain(made.code.slice(21));
      expect(l).not.toContain(body.credential.slice(21));
      expect(l).not.toContain('bob@example.com');
      expect(l).not.toContain('"bob"');
    }
  });

  test('twice: invite-used, and nothing changes (storage, agents)', async () => {
    const w = await world();
    const made = await w.invite();
    await w.redeem(made.code);
    const before = JSON.stringify([...w.storage.data]);
    await expect(w.redeem(made.code)).rejects.toMatchObject({ code: 'conflict', extra: { problem: { code: 'invite-used' } } });
    expect(JSON.stringify([...w.storage.data])).toBe(before);
    expect(w.agents.size).toBe(2);
  });

  test('after 7 days: invite-expired, and nothing changes', async () => {
    const w = await world();
    const made = await w.invite();
    const before = JSON.stringify([...w.storage.data]);
    await expect(w.redeem(made.code, T0 + INVITE_TTL_MS)).rejects.toMatchObject({ code: 'conflict', extra: { problem: { code: 'invite-expired' } } });
    expect(JSON.stringify([...w.storage.data])).toBe(before);
    expect(w.agents.size).toBe(1);
    expect((await w.redeem(made.code, T0 + INVITE_TTL_MS - 1)).status).toBe(200);
  });

  test('two redemptions at once: one agent, the other is told the invite was used', async () => {
    const w = await world();
    const made = await w.invite();
    const results = await Promise.allSettled([w.redeem(made.code), w.redeem(made.code)]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect(results.find((r) => r.status === 'rejected')).toMatchObject({ reason: { extra: { problem: { code: 'invite-used' } } } });
    expect(w.agents.size).toBe(2);
  });

  test('a revoked invite is "not valid"; revoking it is logged for admins', async () => {
    const w = await world();
    const made = await w.invite();
    await w.onboarding.handle({ type: 'invite-revoke', id: made.invite.id }, w.admin, w.reply);
    await expect(w.redeem(made.code)).rejects.toMatchObject({ extra: { problem: { code: 'invite-invalid' } } });
    expect(w.toAdmins.findLast((f) => f.type === 'onboarding')).toMatchObject({ invites: [], events: [{ kind: 'invite-revoked', by: { name: 'Ada' } }, { kind: 'invite-created' }] });
  });

  test('guessed codes: after GUESSES_MAX wrong ones a client is refused even a right one, for the window', async () => {
    const w = await world();
    const made = await w.invite();
    for (let i = 0; i < GUESSES_MAX; i++) await expect(w.redeem(`inv_${made.invite.id}_${'g'.repeat(24)}${i}`)).rejects.toMatchObject({ code: 'unauthorized' });
    await expect(w.redeem(made.code)).rejects.toMatchObject({ code: 'rate-limited' });
    expect((await w.redeem(made.code, undefined, 'another-client')).status).toBe(200);
  });
});

describe('re-issue', () => {
  test('the old credential and its session tokens stop; the link gives the same agent a new one', async () => {
    const w = await world();
    const { agent: bob, credential: old } = await w.agents.add({ name: 'Bob', email: 'bob@example.com', role: 'agent', manageLiveChat: false });
    const oldSession = await w.agents.session(old, 'ws1', SECRET, 60_000);
    await w.onboarding.handle({ type: 'agent-reissue', ref: 'r', id: bob.id }, w.admin, w.reply);
    expect(w.retired).toEqual([bob.id]);
    await expect(w.agents.session(old, 'ws1', SECRET, 60_000)).rejects.toMatchObject({ code: 'unauthorized' });
    expect(w.agents.get(bob.id)!.gen).toBe(1);
    expect((await verifyToken(SECRET, oldSession.token))?.kind === 'agent' && (await verifyToken(SECRET, oldSession.token))).not.toHaveProperty('gen');
    const made = w.replies.findLast((f) => f.type === 'invite-created');
    if (made?.type !== 'invite-created') throw new Error('no link');
    expect(made.invite.agentId).toBe(bob.id);
    const body = (await (await w.redeem(made.code)).json()) as { agent: { id: string }; credential: string };
    expect(body.agent.id).toBe(bob.id);
    expect(w.agents.size).toBe(2);
    const fresh = await w.agents.session(body.credential, 'ws1', SECRET, 60_000);
    expect(await verifyToken(SECRET, fresh.token)).toMatchObject({ sub: bob.id, gen: 1 });
    expect(w.invites.recent().map((e) => e.kind)).toEqual(['invite-redeemed', 'credential-reissued']);
  });

  test('not one\'s own, not a revoked agent', async () => {
    const w = await world();
    await expect(w.onboarding.handle({ type: 'agent-reissue', id: w.admin.id }, w.admin, w.reply)).rejects.toMatchObject({ code: 'forbidden' });
    const { agent: bob } = await w.agents.add({ name: 'Bob', email: 'bob@example.com', role: 'agent', manageLiveChat: false });
    await w.agents.change(w.admin, bob.id, 'revoke');
    await expect(w.onboarding.handle({ type: 'agent-reissue', id: bob.id }, w.admin, w.reply)).rejects.toMatchObject({ code: 'not-found' });
  });
});

describe('recovering an admin with the setup key', () => {
  test('the agent with that email: made admin, a new credential, the old one stops; logged without secrets, recorded for admins', async () => {
    const w = await world();
    const log = vi.spyOn(console, 'log').mockImplementation(() => {});
    const res = await w.onboarding.recover(w.recoverReq({ email: 'ADA@example.com' }), 'c1');
    expect(res.status).toBe(200);
    const body = (await res.json()) as { agent: { id: string; role: string }; credential: string; created: boolean };
    expect(body).toMatchObject({ agent: { id: w.admin.id, role: 'admin' }, created: false });
    await expect(w.agents.session(w.adminCredential, 'ws1', SECRET, 60_000)).rejects.toMatchObject({ code: 'unauthorized' });
    expect((await w.agents.session(body.credential, 'ws1', SECRET, 60_000)).agent.id).toBe(w.admin.id);
    expect(w.retired).toEqual([w.admin.id]);
    const line = String(log.mock.calls[0]![0]);
    expect(JSON.parse(line)).toEqual({ ev: 'admin-recovered', ws: 'ws1', agent: w.admin.id, created: false });
    expect(line).not.toContain(SETUP_KEY);
    expect(w.invites.recent()).toMatchObject([{ kind: 'admin-recovered', agent: { id: w.admin.id, name: 'Ada' } }]);
    expect(w.invites.recent()[0]).not.toHaveProperty('by');
    const stored = [...w.storage.data].filter(([k]) => k.startsWith('onboarding-event:'));
    expect(stored).toHaveLength(1);
    expect(stored[0]![1]).toMatchObject({ v: 1, kind: 'admin-recovered' });
  });

  test('an agent demoted to agent is made admin again', async () => {
    const w = await world();
    const { agent: bob } = await w.agents.add({ name: 'Bob', email: 'bob@example.com', role: 'agent', manageLiveChat: false });
    const body = (await (await w.onboarding.recover(w.recoverReq({ email: 'bob@example.com' }), 'c1')).json()) as { agent: { role: string } };
    expect(body.agent.role).toBe('admin');
    expect(w.agents.get(bob.id)).toMatchObject({ role: 'admin', manageLiveChat: true });
  });

  test('an unknown email makes a new admin when named, and is refused without a name', async () => {
    const w = await world();
    await expect(w.onboarding.recover(w.recoverReq({ email: 'new@example.com' }), 'c1')).rejects.toMatchObject({ code: 'invalid-field' });
    const res = await w.onboarding.recover(w.recoverReq({ email: 'new@example.com', name: 'Nora' }), 'c1');
    expect(res.status).toBe(201);
    expect(await res.json()).toMatchObject({ agent: { role: 'admin', name: 'Nora' }, created: true });
  });

  test('a wrong key is unauthorized and changes nothing; guessing is rate-limited; no key or a short one: unavailable', async () => {
    const w = await world();
    const before = JSON.stringify([...w.storage.data]);
    for (let i = 0; i < GUESSES_MAX; i++) await expect(w.onboarding.recover(w.recoverReq({ email: 'ada@example.com' }, `wrong-${i}`), 'c1')).rejects.toMatchObject({ code: 'unauthorized' });
    expect(JSON.stringify([...w.storage.data])).toBe(before);
    await expect(w.onboarding.recover(w.recoverReq({ email: 'ada@example.com' }), 'c1')).rejects.toMatchObject({ code: 'rate-limited' });
    for (const key of [null, 'short']) {
      const weak = await world(key);
      await expect(weak.onboarding.recover(weak.recoverReq({ email: 'ada@example.com' }, key ?? ''), 'c1')).rejects.toMatchObject({ code: 'unavailable', extra: { problem: { code: 'setup-key-short' } } });
    }
  });
});

describe('small rules', () => {
  test('GuessLimiter: GUESSES_MAX failures per window, then allowed again', () => {
    const g = new GuessLimiter(3, 1_000);
    for (let i = 0; i < 3; i++) {
      expect(g.allowed('k', i)).toBe(true);
      g.failed('k', i);
    }
    expect(g.allowed('k', 10)).toBe(false);
    expect(g.allowed('other', 10)).toBe(true);
    expect(g.allowed('k', 1_000)).toBe(true);
  });

  test("GuessLimiter: clients the deployment can't tell apart (`shared`) are never locked out by one another", () => {
    const g = new GuessLimiter(3, 1_000);
    for (let i = 0; i < 10; i++) g.failed(SHARED_CLIENT_KEY, i);
    expect(g.allowed(SHARED_CLIENT_KEY, 10)).toBe(true);
  });

  test('spent invites are dropped USED_KEPT_MS after their expiry, when the next invite is made', async () => {
    const w = await world();
    const made = await w.invite();
    w.setNow(T0 + INVITE_TTL_MS + USED_KEPT_MS + 1);
    await w.invite('carol@example.com');
    expect(w.storage.data.has(`invite:${made.invite.id}`)).toBe(false);
  });

  test('the invite link: made from server, workspace and code, read back; anything else is not one', () => {
    const code = `inv_0123456789abcdef_${'A'.repeat(32)}`;
    const link = inviteLink('https://baton.example.com/', 'acme', code);
    expect(link).toBe(`https://baton.example.com/invite.html#w=acme&c=${code}`);
    expect(parseInviteLink(`  <${link}>  `)).toEqual({ server: 'https://baton.example.com', workspace: 'acme', code });
    expect(parseInviteLink(inviteLink('http://127.0.0.1:1999', 'ws-1', code))).toEqual({ server: 'http://127.0.0.1:1999', workspace: 'ws-1', code });
    for (const bad of ['', 'hello', `https://x.test/other.html#w=acme&c=${code}`, `https://x.test/invite.html#w=acme&c=inv_short`, `https://x.test/invite.html#w=a%20b&c=${code}`, `javascript:alert(1)//invite.html#w=a&c=${code}`])
      expect(parseInviteLink(bad), bad).toBeNull();
  });

  test('logLine is one JSON line of what it is given', () => expect(logLine('ws', 'invite-created', { invite: 'i' })).toBe('{"ev":"invite-created","ws":"ws","invite":"i"}'));

  test("public/invite.html: its CSP allows exactly its own script (a change to the script must update the hash)", () => {
    const html = readFileSync('public/invite.html', 'utf8');
    const script = /<script>([\s\S]*?)<\/script>/.exec(html)![1]!;
    const hash = createHash('sha256').update(script).digest('base64');
    expect(html).toContain(`script-src 'sha256-${hash}'`);
    expect(html).not.toMatch(/<script src|<link |<img /);
  });
});

export type { AgentRecord };
