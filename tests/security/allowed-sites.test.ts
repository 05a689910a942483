import { afterAll, beforeAll, describe, expect, test } from 'vitest';
import { startServer, type TestServer } from '../helpers/server';
import { DEMO_ORIGIN, onlineWorkspace, post, visitorContext } from '../helpers/clients';
import { offlineSubmission } from '../fakes/crm-helpers';
import { rawRequest } from './lib';

// Issue 11 item 10: a site outside Allowed sites gets no widget at all: the widget config answers
// `available: false, reason: 'origin-not-allowed'`, and offline submissions and conversation creation from
// such an origin get 403 `forbidden`. (What the widget renders, the options page and README say: UI tests.)
let server: TestServer;
let w: Awaited<ReturnType<typeof onlineWorkspace>>;
beforeAll(async () => {
  server = await startServer({ vars: { BATON_CONVERSATIONS_PER_MINUTE: '100000' } });
  w = await onlineWorkspace(server);
});
afterAll(async () => {
  w?.admin.close();
  await server?.stop();
});

const outsiders: [string, Record<string, string>][] = [
  ['another site', { origin: 'https://evil.example' }],
  ['a look-alike whose name starts with the allowed one', { origin: 'http://site.test.evil.example' }],
  ['the allowed host over another scheme', { origin: 'https://site.test' }],
  ['the allowed host on another port', { origin: 'http://site.test:8080' }],
  ['origin "null" (sandboxed frame, file://)', { origin: 'null' }],
  ['no Origin header', {}],
];

const creation = () => ({ playbookId: w.playbookId, transcript: [{ from: 'visitor', text: 'Talk to sales', at: Date.now() - 1000 }], answers: { topic: 'sales' }, context: visitorContext });

describe.each(outsiders)('%s', (_name, headers) => {
  test("the widget config says available: false, origin-not-allowed", async () => {
    const res = await rawRequest(server, `/parties/workspace/${w.ws}/widget/${w.playbookId}`, { method: 'GET', headers });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ available: false, reason: 'origin-not-allowed' });
  });
  test('creating a conversation is refused 403 forbidden', async () => {
    const res = await post(server, `/parties/workspace/${w.ws}/conversations`, creation(), headers);
    expect(`${res.status} ${res.body?.code}`).toBe('403 forbidden');
  });
  test('an offline submission is refused 403 forbidden', async () => {
    const res = await post(server, `/parties/workspace/${w.ws}/offline`, offlineSubmission(w.playbookId, `sub-site-${Date.now().toString(36)}${Math.random().toString(36).slice(2, 6)}`, { name: 'Olga', email: 'olga@example.com' }, ['lead']), headers);
    expect(`${res.status} ${res.body?.code}`).toBe('403 forbidden');
  });
});

test('the allowed site still gets the widget, a conversation and the offline flow (the check is not refusing everything)', async () => {
  const config = await rawRequest(server, `/parties/workspace/${w.ws}/widget/${w.playbookId}`, { method: 'GET', headers: { origin: DEMO_ORIGIN } });
  expect(config.body).toMatchObject({ available: true });
  expect((await post(server, `/parties/workspace/${w.ws}/conversations`, creation(), { origin: DEMO_ORIGIN })).status).toBe(201);
  const offline = await post(server, `/parties/workspace/${w.ws}/offline`, offlineSubmission(w.playbookId, `sub-ok-${Date.now().toString(36)}`, { name: 'Olga', email: 'olga@example.com' }, ['lead']), { origin: DEMO_ORIGIN });
  expect(offline.status).toBe(200);
});
