import { createHmac } from 'node:crypto';
import { afterAll, beforeAll, expect, test } from 'vitest';
import { sharedServer, type TestServer } from '../helpers/server';
import { addAgent, Client, DEMO_ORIGIN, onlineWorkspace, post, startConversation } from '../helpers/clients';

// Identity verification against a real `partykit dev`: the site signs its user id with the workspace's secret.
let server: TestServer;
beforeAll(async () => {
  server = await sharedServer();
});
afterAll(async () => {
  await server?.stop();
});

const sign = (secret: string, id: string) => createHmac('sha256', secret).update(id).digest('hex');

async function chatWithIdentity() {
  const w = await onlineWorkspace(server);
  const got = await w.admin.request({ type: 'identity-get' });
  expect(got.type).toBe('ok');
  const { secret, requireVerification } = (await w.admin.next((f) => f.type === 'identity')).identity;
  expect(secret).toMatch(/^[0-9a-f]{64}$/);
  expect(requireVerification).toBe(false);
  const created = await startConversation(server, w.ws, w.playbookId);
  const conversationId = created.body.conversationId as string;
  const agent = new Client(server, 'conversation', conversationId);
  const welcome = await agent.open(w.adminToken);
  const identify = (identity: object, token = created.body.visitorToken as string, conv = conversationId) =>
    post(server, `/parties/workspace/${w.ws}/identify`, { conversationId: conv, visitorToken: token, identity }, { origin: DEMO_ORIGIN });
  return { w, secret, conversationId, agent, welcome, identify };
}

test('a forged or mismatched userHash is refused with a typed error and changes nothing', async () => {
  const { w, secret, conversationId, agent, welcome, identify } = await chatWithIdentity();
  const before = { conversation: welcome.conversation, details: welcome.details };
  const forged = await identify({ id: 'u_42', name: 'Mallory', email: 'mallory@example.com', userHash: 'f'.repeat(64) });
  expect(forged.status).toBe(403);
  expect(forged.body).toMatchObject({ code: 'forbidden', problem: { code: 'identity-mismatch' } });
  // Signed for another id, or with another secret: the same.
  expect((await identify({ id: 'u_42', userHash: sign(secret, 'u_43') })).body.problem).toEqual({ code: 'identity-mismatch' });
  expect((await identify({ id: 'u_42', userHash: sign('b'.repeat(64), 'u_42') })).body.problem).toEqual({ code: 'identity-mismatch' });
  // A hash of the wrong form is refused by the schema, by its own problem.
  const malformed = await identify({ id: 'u_42', userHash: 'not-hex' });
  expect(malformed.status).toBe(400);
  expect(malformed.body.problems.userHash ?? malformed.body.problems['identity.userHash']).toEqual({ code: 'user-hash' });
  // Nothing stored: a fresh agent socket sees the conversation and details exactly as before.
  const again = new Client(server, 'conversation', conversationId);
  const after = await again.open(w.adminToken);
  expect({ conversation: { ...after.conversation, lastActivityAt: 0 }, details: after.details }).toEqual({ conversation: { ...before.conversation, lastActivityAt: 0 }, details: before.details });
  expect(after.conversation.identity).toBeUndefined();
  await agent.roundTrip();
  expect(agent.frames.filter((f) => f.type === 'state' || f.type === 'details')).toEqual([]);
  for (const c of [agent, again, w.admin]) c.close();
});

test('a verified identify marks the visitor verified and fills the details; a claim stays beside them', async () => {
  const { w, secret, conversationId, agent, identify } = await chatWithIdentity();
  const claim = await identify({ id: 'u_42', name: 'Ada Claimed', email: 'claimed@example.com' });
  expect(claim).toMatchObject({ status: 200, body: { ok: true, verified: false } });
  const claimed = await agent.next((f) => f.type === 'state' && f.conversation.identity);
  expect(claimed.conversation.identity).toEqual({ verified: false, id: 'u_42', name: 'Ada Claimed', email: 'claimed@example.com' });
  expect(claimed.conversation.verified).toBeUndefined();
  expect(agent.frames.some((f) => f.type === 'details')).toBe(false); // a claim is not the agent's details

  const verified = await identify({ id: 'u_42', name: 'Ada Lovelace', email: 'ada@example.com', phone: '+44 20 7946 0000', company: 'Analytical Engines', userHash: sign(secret, 'u_42') });
  expect(verified).toMatchObject({ status: 200, body: { ok: true, verified: true } });
  const state = await agent.next((f) => f.type === 'state' && f.conversation.verified === true);
  expect(state.conversation.identity).toMatchObject({ verified: true, id: 'u_42', name: 'Ada Lovelace' });
  const details = await agent.next((f) => f.type === 'details');
  expect(details.details.person).toEqual({ name: 'Ada Lovelace', email: 'ada@example.com', phone: '+44 20 7946 0000' });
  expect(details.details.organization.name).toBe('Analytical Engines');
  // The inbox row says verified too.
  const row = await w.admin.next((f) => f.type === 'conversation' && f.conversation.id === conversationId && f.conversation.verified === true);
  expect(row.conversation.verified).toBe(true);
  // A later claim without the hash can't undo it.
  expect((await identify({ id: 'u_99', name: 'Impostor' })).status).toBe(200);
  const fresh = new Client(server, 'conversation', conversationId);
  const view = await fresh.open(w.adminToken);
  expect(view.conversation.identity).toMatchObject({ verified: true, id: 'u_42' });
  for (const c of [agent, fresh, w.admin]) c.close();
});

test('only the chat’s visitor may identify it; Require verification refuses claims; admins alone read and rotate the secret', async () => {
  const { w, secret, conversationId, agent, identify } = await chatWithIdentity();
  const other = await startConversation(server, w.ws, w.playbookId);
  // Another chat's token is no proof for this one.
  expect((await identify({ id: 'u_1' }, other.body.visitorToken)).status).toBe(401);

  const seller = await addAgent(server, w.ws, w.admin, 'Sam Seller');
  const samSocket = new Client(server, 'workspace', w.ws);
  await samSocket.open(seller.token);
  for (const frame of [{ type: 'identity-get' }, { type: 'identity-rotate' }, { type: 'identity-save', requireVerification: true }, { type: 'visitor-settings-get' }, { type: 'visitor-settings-save', settings: { typingPreview: true } }]) {
    expect(await samSocket.request(frame)).toMatchObject({ type: 'error', code: 'forbidden' });
  }
  expect(samSocket.frames.some((f) => f.type === 'identity')).toBe(false);

  expect((await w.admin.request({ type: 'identity-save', requireVerification: true })).type).toBe('ok');
  const required = await identify({ id: 'u_1', name: 'No hash' });
  expect(required.body).toMatchObject({ code: 'forbidden', problem: { code: 'identity-required' } });

  const from = w.admin.frames.length;
  expect((await w.admin.request({ type: 'identity-rotate' })).type).toBe('ok');
  const rotated = (await w.admin.next((f) => f.type === 'identity', 10_000, from)).identity;
  expect(rotated.secret).not.toBe(secret);
  expect(rotated.requireVerification).toBe(true);
  // The old secret's hashes stop verifying at once; the new one's verify.
  expect((await identify({ id: 'u_1', userHash: sign(secret, 'u_1') })).body.problem).toEqual({ code: 'identity-mismatch' });
  expect((await identify({ id: 'u_1', userHash: sign(rotated.secret, 'u_1') })).body).toEqual({ ok: true, verified: true });
  expect(conversationId).toBeTruthy();
  for (const c of [agent, samSocket, w.admin]) c.close();
});
