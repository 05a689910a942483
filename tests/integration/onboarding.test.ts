import { afterAll, beforeAll, expect, test, vi } from 'vitest';
import { startServer, TEST_SETUP_KEY, type TestServer } from '../helpers/server';
import { Client, addAgent, onlineWorkspace, post, sessionToken, startConversation, type Frame } from '../helpers/clients';
import { CloseCode, INVITE_TTL_MS, PROTOCOL_VERSION, parseInviteLink, inviteLink } from '../../protocol';

// Issue 17, onboarding, against a real `partykit dev` (own server: BATON_TEST_CLOCK lets a request say its time,
// and the logs are read): an invite link works once and expires; re-issuing a credential ends the old one and
// its sessions at once; the setup key recovers an admin, logged and recorded.
let server: TestServer;
beforeAll(async () => {
  server = await startServer({ vars: { BATON_TEST_CLOCK: '1' } });
});
afterAll(async () => {
  await server?.stop();
});

type W = Awaited<ReturnType<typeof onlineWorkspace>>;

async function invite(w: W, name = 'Bob', role: 'admin' | 'agent' = 'agent') {
  const made = await w.admin.request({ type: 'invite-create', name, email: `${name.toLowerCase()}@example.com`, role, manageLiveChat: false });
  expect(made.type, JSON.stringify(made)).toBe('invite-created');
  return { code: made.code as string, invite: made.invite, link: inviteLink(server.url, w.ws, made.code) };
}
const redeem = (ws: string, code: string, headers: Record<string, string> = {}) => post(server, `/parties/workspace/${ws}/invite`, { code }, headers);
const onboardingOf = async (w: W) => {
  const from = w.admin.frames.length;
  await w.admin.request({ type: 'onboarding-get' });
  return w.admin.next((f) => f.type === 'onboarding', 10_000, from);
};

test('the invite page is served, and the link it shows reads back to this server, workspace and code', async () => {
  const w = await onlineWorkspace(server);
  const { link, code } = await invite(w);
  expect(parseInviteLink(link)).toEqual({ server: server.url, workspace: w.ws, code });
  const page = await fetch(new URL(link).toString().split('#')[0]!);
  expect(page.status).toBe(200);
  expect(await page.text()).toContain('<title>Baton invite</title>');
  w.admin.close();
});

test('an invite link works once: the agent gets a working credential, a second try is invite-used and changes nothing', async () => {
  const w = await onlineWorkspace(server);
  const { code, invite: inv } = await invite(w);
  // Every admin's socket hears of it (after the answer to the one who asked).
  await w.admin.next((f) => f.type === 'onboarding' && f.invites.some((i: Frame) => i.id === inv.id));

  const first = await redeem(w.ws, code);
  expect(first.status).toBe(200);
  expect(first.body).toMatchObject({ workspace: w.ws, agent: { name: 'Bob', email: 'bob@example.com', role: 'agent' } });
  const token = await sessionToken(server, w.ws, first.body.credential);
  const bob = new Client(server, 'workspace', w.ws);
  expect((await bob.open(token)).type).toBe('welcome');

  const second = await redeem(w.ws, code);
  expect(second).toMatchObject({ status: 409, body: { code: 'conflict', problem: { code: 'invite-used' } } });
  const after = await onboardingOf(w);
  expect(after.invites).toEqual([]);
  expect(after.events.map((e: Frame) => e.kind)).toEqual(['invite-redeemed', 'invite-created']);
  // Still one Bob: the second try made nothing.
  expect(w.admin.frames.findLast((f) => f.type === 'agents')!.agents.filter((a: Frame) => a.email === 'bob@example.com')).toHaveLength(1);
  bob.close();
  w.admin.close();
});

test('an invite link expires after 7 days (BATON_TEST_CLOCK): invite-expired, and nothing changes', async () => {
  const w = await onlineWorkspace(server);
  const { code } = await invite(w);
  const late = await redeem(w.ws, code, { 'x-baton-test-now': String(Date.now() + INVITE_TTL_MS + 60_000) });
  expect(late).toMatchObject({ status: 409, body: { code: 'conflict', problem: { code: 'invite-expired' } } });
  expect((await onboardingOf(w)).invites).toHaveLength(1);
  // Nothing was spent: in time, the same link still works.
  expect((await redeem(w.ws, code)).status).toBe(200);
  w.admin.close();
});

test('a revoked invite no longer works', async () => {
  const w = await onlineWorkspace(server);
  const { code, invite: inv } = await invite(w);
  expect((await w.admin.request({ type: 'invite-revoke', id: inv.id })).type).toBe('ok');
  expect(await redeem(w.ws, code)).toMatchObject({ status: 401, body: { code: 'unauthorized', problem: { code: 'invite-invalid' } } });
  w.admin.close();
});

test('re-issuing a credential: the old one and its open sockets stop at once; the new link gives a working one', async () => {
  const w = await onlineWorkspace(server);
  const bob = await addAgent(server, w.ws, w.admin, 'Bob');
  const bobWs = new Client(server, 'workspace', w.ws);
  expect((await bobWs.open(bob.token)).type).toBe('welcome');
  const chat = (await startConversation(server, w.ws, w.playbookId)).body.conversationId as string;
  const bobChat = new Client(server, 'conversation', chat);
  expect((await bobChat.open(bob.token)).type).toBe('welcome');
  expect((await bobChat.request({ type: 'claim' })).type).toBe('ok');

  const made = await w.admin.request({ type: 'agent-reissue', id: bob.id });
  expect(made).toMatchObject({ type: 'invite-created', invite: { agentId: bob.id } });
  const closes = await Promise.all([bobWs.whenClosed(), bobChat.whenClosed()]);
  expect(closes.map((c) => c.code)).toEqual([CloseCode.unauthorized, CloseCode.unauthorized]);
  // The old credential: no session. The old (still unexpired) token: no socket anywhere.
  expect((await post(server, `/parties/workspace/${w.ws}/session`, { credential: bob.credential })).status).toBe(401);
  for (const [party, room] of [['workspace', w.ws], ['conversation', chat]] as const) {
    const again = new Client(server, party, room);
    expect(await again.open(bob.token), party).toMatchObject({ type: 'error', code: 'unauthorized' });
    again.close();
  }
  // The link gives Bob (the same agent, still holding his chat) a new credential.
  const redeemed = await redeem(w.ws, made.code);
  expect(redeemed.body.agent.id).toBe(bob.id);
  const fresh = new Client(server, 'conversation', chat);
  expect(await fresh.open(await sessionToken(server, w.ws, redeemed.body.credential))).toMatchObject({ type: 'welcome' });
  fresh.close();
  w.admin.close();
});

test('the setup key recovers a lost admin: a new credential, the old one refused, a JSON log line without secrets, an event admins see', async () => {
  const w = await onlineWorkspace(server);
  const recovered = await post(server, `/parties/workspace/${w.ws}/recover`, { email: 'ada@example.com' }, { 'x-baton-setup-key': TEST_SETUP_KEY });
  expect(recovered).toMatchObject({ status: 200, body: { created: false, agent: { email: 'ada@example.com', role: 'admin' } } });
  await w.admin.whenClosed();
  expect((await post(server, `/parties/workspace/${w.ws}/session`, { credential: w.adminCredential })).status).toBe(401);
  const admin = new Client(server, 'workspace', w.ws);
  expect((await admin.open(await sessionToken(server, w.ws, recovered.body.credential))).type).toBe('welcome');
  const from = admin.frames.length;
  await admin.request({ type: 'onboarding-get' });
  const seen = await admin.next((f) => f.type === 'onboarding', 10_000, from);
  expect(seen.events[0]).toMatchObject({ kind: 'admin-recovered', agent: { name: 'Ada Admin' } });

  // The server's output reaches us a little after its answer: wait for the line itself.
  const line = await vi.waitFor(
    () => {
      const found = server
        .logs()
        .split('\n')
        .find((l) => l.includes('"ev":"admin-recovered"') && l.includes(w.ws));
      if (!found) throw new Error('no recovery log line yet');
      return found;
    },
    { timeout: 10_000, interval: 50 },
  );
  expect(JSON.parse(line.slice(line.indexOf('{')))).toEqual({ ev: 'admin-recovered', ws: w.ws, agent: recovered.body.agent.id, created: false });
  const logs = server.logs();
  expect(logs).not.toContain(TEST_SETUP_KEY);
  expect(logs).not.toContain(recovered.body.credential.slice(21));

  const wrong = await post(server, `/parties/workspace/${w.ws}/recover`, { email: 'ada@example.com' }, { 'x-baton-setup-key': 'x'.repeat(30) });
  expect(wrong.status).toBe(401);
  admin.close();
});

test('a hello with the protocol version is all a redeemed agent needs (the credential is the extension\'s usual one)', async () => {
  const w = await onlineWorkspace(server);
  const { code } = await invite(w, 'Cleo');
  const r = await redeem(w.ws, code);
  expect(r.body.credential).toMatch(/^bat_[a-f0-9]{16}_/);
  const s = await post(server, `/parties/workspace/${w.ws}/session`, { credential: r.body.credential });
  expect(s.body.agent.name).toBe('Cleo');
  expect(PROTOCOL_VERSION).toBeGreaterThan(0);
  w.admin.close();
});

test('invites and the access log live in storage: after a restart a pending link still works once, a used one is still used', async () => {
  const w = await onlineWorkspace(server);
  const pending = await invite(w, 'Dan');
  const used = await invite(w, 'Eve');
  expect((await redeem(w.ws, used.code)).status).toBe(200);
  w.admin.close();
  await server.restart();
  expect(await redeem(w.ws, used.code)).toMatchObject({ status: 409, body: { problem: { code: 'invite-used' } } });
  expect((await redeem(w.ws, pending.code)).status).toBe(200);
  const admin = new Client(server, 'workspace', w.ws);
  await admin.open(await sessionToken(server, w.ws, w.adminCredential));
  const from = admin.frames.length;
  await admin.request({ type: 'onboarding-get' });
  const seen = await admin.next((f) => f.type === 'onboarding', 10_000, from);
  expect(seen.events.map((e: Frame) => e.kind)).toEqual(['invite-redeemed', 'invite-redeemed', 'invite-created', 'invite-created']);
  admin.close();
});
