import { afterAll, beforeAll, expect, test } from 'vitest';
import { randomBytes } from 'node:crypto';
import { sharedServer, startServer, type TestServer } from '../helpers/server';
import { Client, addAgent, onlineWorkspace, post, type Frame } from '../helpers/clients';
import { CloseCode } from '../../protocol';
import { GUESSES_MAX } from '../../party/workspace/invites';

// Issue 17: invite codes can't be forged or guessed (and guessing is cut short), only admins invite, and an
// invite of one workspace opens no other.
let server: TestServer;
beforeAll(async () => {
  server = await sharedServer();
});
afterAll(async () => {
  await server?.stop();
});

const redeem = (ws: string, code: unknown) => post(server, `/parties/workspace/${ws}/invite`, { code });
const hex = (n: number) => randomBytes(n).toString('hex');
const secret = () => randomBytes(24).toString('base64url');
async function invite(admin: Client, name = 'Bob') {
  const made = await admin.request({ type: 'invite-create', name, email: `${name.toLowerCase()}@example.com`, role: 'admin', manageLiveChat: true });
  expect(made.type).toBe('invite-created');
  return made as Frame & { code: string; invite: { id: string } };
}
const agentCount = (admin: Client) => admin.frames.findLast((f) => f.type === 'agents' || f.type === 'welcome')!.agents.length as number;

test('forged and guessed codes get "not valid", create nothing, and leave the real invite working', async () => {
  const w = await onlineWorkspace(server);
  const made = await invite(w.admin);
  const before = agentCount(w.admin);
  const forged = [
    `inv_${hex(8)}_${secret()}`, // a well-formed code nobody made
    `inv_${made.invite.id}_${secret()}`, // the real invite's id, a guessed secret
    made.code.slice(0, -1) + (made.code.endsWith('A') ? 'B' : 'A'), // one character off
    `bat_${made.invite.id}_${secret()}`, // shaped like a credential
    '',
  ];
  for (const code of forged) expect(await redeem(w.ws, code), code).toMatchObject({ status: 401, body: { code: 'unauthorized', problem: { code: 'invite-invalid' } } });
  for (const bad of ['x'.repeat(201), 42, null]) expect((await redeem(w.ws, bad)).status, String(bad)).toBe(400);
  await w.admin.roundTrip();
  expect(agentCount(w.admin)).toBe(before);
  expect((await redeem(w.ws, made.code)).status).toBe(200);
  w.admin.close();
});

test("an invite of one workspace opens no other (the same code at another workspace is just not valid)", async () => {
  const a = await onlineWorkspace(server);
  const b = await onlineWorkspace(server);
  const made = await invite(a.admin);
  expect(await redeem(b.ws, made.code)).toMatchObject({ status: 401, body: { problem: { code: 'invite-invalid' } } });
  expect((await redeem(a.ws, made.code)).body.workspace).toBe(a.ws);
  a.admin.close();
  b.admin.close();
});

test(`after ${GUESSES_MAX} wrong codes from one address, that address is refused (even the right code); another one is not, and nothing was spent`, async () => {
  // Addresses are told apart only where the deployment names its edge's header (README "client address").
  const own = await startServer({ vars: { BATON_CLIENT_ADDRESS_HEADER: 'cf-connecting-ip' } });
  try {
    const w = await onlineWorkspace(own);
    const made = await invite(w.admin);
    const from = (ip: string) => ({ 'cf-connecting-ip': ip });
    for (let i = 0; i < GUESSES_MAX; i++) expect((await post(own, `/parties/workspace/${w.ws}/invite`, { code: `inv_${made.invite.id}_${secret()}` }, from('203.0.113.7'))).status).toBe(401);
    expect(await post(own, `/parties/workspace/${w.ws}/invite`, { code: made.code }, from('203.0.113.7'))).toMatchObject({ status: 429, body: { code: 'rate-limited' } });
    // The setup key's recovery shares the allowance: no more key guesses from there either.
    expect((await post(own, `/parties/workspace/${w.ws}/recover`, { email: 'ada@example.com' }, { ...from('203.0.113.7'), 'x-baton-setup-key': 'x'.repeat(20) })).status).toBe(429);
    const ids = async () => {
      const at = w.admin.frames.length;
      await w.admin.request({ type: 'onboarding-get' });
      return (await w.admin.next((f) => f.type === 'onboarding', 10_000, at)).invites.map((i: Frame) => i.id);
    };
    expect(await ids()).toEqual([made.invite.id]);
    expect((await post(own, `/parties/workspace/${w.ws}/invite`, { code: made.code }, from('203.0.113.8'))).status).toBe(200);
    w.admin.close();
  } finally {
    await own.stop();
  }
});

test("where clients can't be told apart, wrong codes lock nobody out (one stranger can't block every invitee)", async () => {
  const w = await onlineWorkspace(server);
  const made = await invite(w.admin);
  for (let i = 0; i <= GUESSES_MAX; i++) expect((await redeem(w.ws, `inv_${made.invite.id}_${secret()}`)).status).toBe(401);
  expect((await redeem(w.ws, made.code)).status).toBe(200);
  w.admin.close();
});

test('a non-admin (even with "manage live chat") cannot invite, revoke an invite, re-issue a credential or list invites', async () => {
  const w = await onlineWorkspace(server);
  const made = await invite(w.admin, 'Pending');
  const bob = await addAgent(server, w.ws, w.admin, 'Bob', { manageLiveChat: true });
  const socket = new Client(server, 'workspace', w.ws);
  expect((await socket.open(bob.token)).type).toBe('welcome');
  const adminId = w.admin.frames.find((f) => f.type === 'welcome')!.me.id as string;
  for (const frame of [
    { type: 'invite-create', name: 'Eve', email: 'eve@example.com', role: 'admin', manageLiveChat: true },
    { type: 'invite-revoke', id: made.invite.id },
    { type: 'agent-reissue', id: adminId },
    { type: 'onboarding-get' },
  ])
    expect(await socket.request(frame), frame.type).toMatchObject({ type: 'error', code: 'forbidden' });
  expect(socket.frames.some((f) => f.type === 'onboarding' || f.type === 'invite-created')).toBe(false);
  // The admin's credential and the pending invite are untouched.
  expect((await post(server, `/parties/workspace/${w.ws}/session`, { credential: w.adminCredential })).status).toBe(200);
  expect((await redeem(w.ws, made.code)).status).toBe(200);
  socket.close();
  w.admin.close();
});

test("revoking an agent whose only open socket is the workspace one: the admin's answer is ok (no frame goes to the closed socket)", async () => {
  const w = await onlineWorkspace(server);
  const bob = await addAgent(server, w.ws, w.admin, 'Bob');
  const socket = new Client(server, 'workspace', w.ws);
  expect((await socket.open(bob.token)).type).toBe('welcome');
  const from = w.admin.frames.length;
  expect(await w.admin.request({ type: 'agent-revoke', id: bob.id })).toMatchObject({ type: 'ok' });
  expect((await socket.whenClosed()).code).toBe(CloseCode.unauthorized);
  await w.admin.roundTrip();
  expect(w.admin.frames.slice(from).filter((f) => f.type === 'error')).toEqual([]);
  // The admin's list says Bob is revoked (the broadcast reached every open socket).
  expect(w.admin.frames.slice(from).findLast((f) => f.type === 'agents')!.agents.find((a: Frame) => a.id === bob.id)).toMatchObject({ revoked: true });
  w.admin.close();
});
