import { describe, expect, test } from 'vitest';
import { sha256, verifyToken } from '../../../party/auth';
import { Agents, canManageLiveChat, parseCredential, toPublic, type AgentRecord } from '../../../party/workspace/agents';
import { BatonError } from '../../../protocol';
import { MemoryStorage } from '../../helpers/memory-storage';

const SECRET = 'agents-test-secret-0123456789abcdef';
const input = (email: string, role: 'admin' | 'agent' = 'agent') => ({ name: email.split('@')[0]!, email, role, manageLiveChat: false });

async function withAdmin() {
  const storage = new MemoryStorage();
  const agents = new Agents(storage.asStorage());
  const { agent: admin, credential } = await agents.create(input('root@example.com', 'admin'), undefined, 1_000);
  return { storage, agents, admin, credential };
}

describe('credentials', () => {
  test('only the SHA-256 of the credential is stored, and nothing public carries it', async () => {
    const { storage, admin, credential } = await withAdmin();
    expect(credential).toMatch(new RegExp(`^bat_${admin.id}_[A-Za-z0-9_-]{20,}$`));
    const stored = storage.data.get(`agent:${admin.id}`) as AgentRecord;
    expect(stored.credentialHash).toBe(await sha256(credential));
    expect(JSON.stringify(stored)).not.toContain(credential.slice(21));
    const pub = toPublic(stored, true);
    expect(Object.keys(pub).sort()).toEqual(['email', 'id', 'manageLiveChat', 'name', 'online', 'revoked', 'role', 'status']);
    expect(JSON.stringify(pub)).not.toContain(stored.credentialHash);
  });

  test('session: the right credential gets a signed token; a wrong, malformed or revoked one is unauthorized', async () => {
    const { agents, admin, credential } = await withAdmin();
    const now = Date.now();
    const s = await agents.session(credential, 'ws1', SECRET, 60_000, now);
    expect(s.expiresAt).toBe(now + 60_000);
    expect(await verifyToken(SECRET, s.token, now)).toEqual({ kind: 'agent', ws: 'ws1', sub: admin.id, name: 'root', role: 'admin', manageLiveChat: false, exp: now + 60_000 });
    const wrong = credential.slice(0, -4) + (credential.endsWith('AAAA') ? 'BBBB' : 'AAAA');
    for (const c of [wrong, 'nonsense', `bat_${'0'.repeat(16)}_${'a'.repeat(24)}`]) await expect(agents.session(c, 'ws1', SECRET, 60_000)).rejects.toMatchObject({ code: 'unauthorized' });
    const { agent: other, credential: otherCred } = await agents.add(input('a@example.com'));
    await agents.change(admin, other.id, 'revoke');
    await expect(agents.session(otherCred, 'ws1', SECRET, 60_000)).rejects.toMatchObject({ code: 'unauthorized' });
  });

  test('parseCredential reads the agent id', () => {
    expect(parseCredential(`bat_0123456789abcdef_${'x'.repeat(32)}`)).toEqual({ agentId: '0123456789abcdef' });
    expect(parseCredential('bat_short_xxx')).toBeNull();
  });
});

describe('unique email', () => {
  test('a second live agent with the same email (any case) is a conflict on the email field', async () => {
    const { agents } = await withAdmin();
    await agents.add(input('a@example.com'));
    const err = await agents.add(input('A@Example.COM')).catch((e: BatonError) => e);
    expect(err).toBeInstanceOf(BatonError);
    expect((err as BatonError).toFrame()).toEqual({
      type: 'error',
      code: 'conflict',
      message: 'An agent with this email exists',
      fields: { email: 'Already used by another agent' },
      problems: { email: { code: 'email-taken' } },
    });
  });

  test('two adds racing with one email: the guard after the await lets exactly one through', async () => {
    const { storage, agents } = await withAdmin();
    const results = await Promise.allSettled([agents.add(input('race@example.com')), agents.add(input('RACE@example.com'))]);
    expect(results.map((r) => r.status).sort()).toEqual(['fulfilled', 'rejected']);
    expect((results.find((r) => r.status === 'rejected') as PromiseRejectedResult).reason).toMatchObject({ code: 'conflict' });
    expect(storage.keys('agent:')).toHaveLength(2); // the admin and one new agent
    expect(agents.size).toBe(2);
  });

  test('a revoked agent\'s email may be used again', async () => {
    const { agents, admin } = await withAdmin();
    const { agent } = await agents.add(input('b@example.com'));
    await agents.change(admin, agent.id, 'revoke');
    await expect(agents.add(input('b@example.com'))).resolves.toMatchObject({ agent: { email: 'b@example.com', revoked: false } });
  });
});

describe('change and revoke', () => {
  test('an admin changes another agent; fields not given are kept; stored', async () => {
    const { storage, agents, admin } = await withAdmin();
    const { agent } = await agents.add(input('c@example.com'));
    await agents.change(admin, agent.id, { role: 'admin' });
    await agents.change(admin, agent.id, { manageLiveChat: true, name: 'Cee' });
    expect(storage.data.get(`agent:${agent.id}`)).toMatchObject({ name: 'Cee', role: 'admin', manageLiveChat: true, email: 'c@example.com' });
  });

  test('nobody changes or revokes themselves; only admins manage agents; unknown ids are not-found', async () => {
    const { agents, admin } = await withAdmin();
    await expect(agents.change(admin, admin.id, 'revoke')).rejects.toMatchObject({ code: 'forbidden', message: 'You cannot change or revoke yourself' });
    await expect(agents.change(admin, admin.id, { role: 'agent' })).rejects.toMatchObject({ code: 'forbidden' });
    expect(agents.get(admin.id)).toMatchObject({ revoked: false, role: 'admin' });
    const { agent } = await agents.add(input('d@example.com'));
    await expect(agents.change(agent, admin.id, 'revoke')).rejects.toMatchObject({ code: 'forbidden', message: 'Only admins may manage agents' });
    await expect(agents.change(admin, 'ffffffffffffffff', 'revoke')).rejects.toMatchObject({ code: 'not-found' });
  });

  test('revoked agents are not active; load reads them back', async () => {
    const { storage, agents, admin } = await withAdmin();
    const { agent } = await agents.add(input('e@example.com'));
    await agents.change(admin, agent.id, 'revoke');
    expect(agents.active(agent.id)).toBeUndefined();
    expect(agents.active(admin.id)).toBe(admin);
    const again = new Agents(storage.asStorage());
    await again.load();
    expect(again.get(agent.id)).toMatchObject({ revoked: true });
    expect(again.size).toBe(2);
  });

  test('online is shown only while connected and not revoked; manage live chat is admins or the flag', async () => {
    const { agents, admin } = await withAdmin();
    await agents.setOnline(admin, true);
    expect(toPublic(admin, true).online).toBe(true);
    expect(toPublic(admin, false).online).toBe(false);
    expect(toPublic({ ...admin, revoked: true }, true).online).toBe(false);
    expect([canManageLiveChat({ role: 'admin', manageLiveChat: false }), canManageLiveChat({ role: 'agent', manageLiveChat: true }), canManageLiveChat({ role: 'agent', manageLiveChat: false })]).toEqual([true, true, false]);
  });
});
