import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import WS from 'ws';
import { Client, addAgent, clientId, onlineWorkspace, post, startConversation } from '../helpers/clients';
import { startServer, TEST_SECRET, TEST_SETUP_KEY, type TestServer } from '../helpers/server';

// Watching a deployment (issue 17): the rooms' structured logs and the admins' health answer, against a real
// `partykit dev` whose whole output is captured. A chat with a known name, email and text runs end to end;
// the log must say what happened and none of them.
const NAME = 'Zelda Quixote';
const EMAIL = 'zelda.quixote@example.org';
const TEXT = 'my order number is 8675309';

let server: TestServer;
let output = '';
beforeAll(async () => {
  server = await startServer({ onOutput: (chunk) => (output += chunk) });
});
afterAll(async () => {
  await server?.stop();
});

const events = () =>
  output
    .split('\n')
    .map((l) => l.slice(l.indexOf('{"ev"')))
    .filter((l) => l.startsWith('{"ev"'))
    .map((l) => JSON.parse(l) as { ev: string; [k: string]: unknown });

describe('structured logs and health', () => {
  it('a whole chat is logged as events without personal data, and the health counts it', async () => {
    const w = await onlineWorkspace(server);
    const created = await post(
      server,
      `/parties/workspace/${w.ws}/conversations`,
      {
        playbookId: w.playbookId,
        transcript: [{ from: 'visitor', text: TEXT, at: Date.now() - 1000 }],
        answers: { topic: 'sales', name: NAME, email: EMAIL },
        context: { pageUrl: `http://site.test/?email=${EMAIL}`, referrer: '', language: 'en', userAgent: 'Mozilla/5.0 Test' },
      },
      { origin: 'http://site.test' },
    );
    expect(created.status).toBe(201);
    const id = created.body.conversationId as string;
    const visitor = new Client(server, 'conversation', id);
    expect((await visitor.open(created.body.visitorToken)).type).toBe('welcome');
    visitor.send({ type: 'send', id: clientId(), text: `${TEXT}, write to ${EMAIL}` });
    await visitor.next((f) => f.type === 'ack');
    const agent = new Client(server, 'conversation', id);
    await agent.open(w.adminToken);
    expect((await agent.request({ type: 'claim' })).type).toBe('ok');
    expect((await agent.request({ type: 'close' })).type).toBe('ok');

    // A refused hello and a page on a site the playbook does not allow.
    const stranger = new Client(server, 'workspace', w.ws);
    expect((await stranger.open('forged.token')).type).toBe('error');
    const intruder = new Client(server, 'conversation', id);
    expect((await intruder.open('forged.token')).type).toBe('error');
    const refused = await fetch(`${server.url}/parties/workspace/${w.ws}/widget/${w.playbookId}`, { headers: { origin: 'https://not-allowed.example' } });
    expect(((await refused.json()) as { reason: string }).reason).toBe('origin-not-allowed');

    // Health over the admin's socket: the closed chat was reported, the refusals counted, the site listed.
    let health: any;
    await expect
      .poll(async () => {
        const from = admin(w).frames.length;
        expect((await admin(w).request({ type: 'health-get' })).type).toBe('ok');
        health = (await admin(w).next((f) => f.type === 'health', 10_000, from)).health;
        return health.conversations.reports;
      })
      .toBeGreaterThan(0);
    expect(health.conversations.open).toBe(0);
    expect(health.errors['auth-refused']).toBeGreaterThanOrEqual(1);
    expect(health.refusedSites).toEqual([expect.objectContaining({ playbookId: w.playbookId, origin: 'https://not-allowed.example', count: 1 })]);
    expect(health.agentsOnline).toBe(1);

    // The same over HTTP with an admin token; refused without one, and to an agent who is not an admin.
    const http = await fetch(`${server.url}/parties/workspace/${w.ws}/health`, { headers: { authorization: `Bearer ${w.adminToken}` } });
    expect(http.status).toBe(200);
    expect(((await http.json()) as any).refusedSites).toHaveLength(1);
    expect((await fetch(`${server.url}/parties/workspace/${w.ws}/health`)).status).toBe(401);
    const bob = await addAgent(server, w.ws, w.admin, 'Bob');
    expect((await fetch(`${server.url}/parties/workspace/${w.ws}/health`, { headers: { authorization: `Bearer ${bob.token}` } })).status).toBe(403);
    const bobSocket = new Client(server, 'workspace', w.ws);
    await bobSocket.open(bob.token);
    expect((await bobSocket.request({ type: 'health-get' })).code).toBe('forbidden');

    await expect.poll(() => events().filter((e) => e.ws === w.ws).map((e) => e.ev)).toEqual(expect.arrayContaining(['conversation-created', 'conversation-closed', 'auth-refused', 'site-not-allowed']));
    await expect.poll(() => events().some((e) => e.ev === 'auth-refused' && e.room === 'conversation' && e.conv === id)).toBe(true);
    for (const c of [visitor, agent, stranger, intruder, bobSocket]) c.close();

    // Nothing personal and no secret anywhere in what the server printed (the events and everything else).
    for (const needle of [NAME, 'Zelda', 'Quixote', EMAIL, 'zelda.quixote', '8675309', 'Ada Admin', 'ada@example.com', TEST_SECRET, TEST_SETUP_KEY, w.adminCredential, w.adminToken, created.body.visitorToken, bob.credential]) {
      expect(output, `the server output contains ${needle.slice(0, 12)}…`).not.toContain(needle);
    }
    for (const e of events()) expect(Object.keys(e)).toEqual(expect.arrayContaining(['ev', 'at']));
  });
});

const admin = (w: Awaited<ReturnType<typeof onlineWorkspace>>) => w.admin;

describe('a deployment without BATON_SECRET fails closed', () => {
  let bare: TestServer;
  let bareOutput = '';
  beforeAll(async () => {
    bare = await startServer({ vars: { BATON_SECRET: '' }, onOutput: (c) => (bareOutput += c) });
  });
  afterAll(async () => {
    await bare?.stop();
  });

  it('answers every request 503 with what to set, closes sockets, and logs config-missing', async () => {
    const setup = await post(bare, '/parties/workspace/acme/setup', { name: 'A', email: 'a@example.com' }, { 'x-baton-setup-key': TEST_SETUP_KEY });
    expect(setup.status).toBe(503);
    expect(setup.body.message).toMatch(/BATON_SECRET is missing or shorter than 32 characters/);
    const again = await fetch(`${bare.url}/parties/conversation/acme.x/`);
    expect(again.status).toBe(503);
    const ws = new WS(`${bare.wsUrl}/parties/workspace/acme`);
    const closed = await new Promise<{ code: number; reason: string }>((resolve) => ws.on('close', (code, reason) => resolve({ code, reason: String(reason) })));
    expect(closed.code).toBe(1011);
    expect(closed.reason).toMatch(/BATON_SECRET/);
    expect(bareOutput).toMatch(/\{"ev":"config-missing"[^\n]*"missing":"BATON_SECRET"/);
  });
});
