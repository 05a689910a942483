import { afterAll, beforeAll, expect, test } from 'vitest';
import { startServer, type TestServer } from '../helpers/server';
import { DEMO_ORIGIN, onlineWorkspace, post, visitorContext } from '../helpers/clients';
import { offlineSubmission } from '../fakes/crm-helpers';

// Issue 11 item 5: the conversations-per-minute limit is not raised by sending client-address headers.
// (Which key `partykit dev` uses is the README's to say; only forged headers are attacked here.)
const PER_MINUTE = 3;
const TRIES = 8;
let server: TestServer;
beforeAll(async () => {
  server = await startServer({ vars: { BATON_CONVERSATIONS_PER_MINUTE: String(PER_MINUTE) } });
});
afterAll(async () => {
  await server?.stop();
});

const create = (ws: string, playbookId: string, headers: Record<string, string>) =>
  post(
    server,
    `/parties/workspace/${ws}/conversations`,
    { playbookId, transcript: [{ from: 'visitor', text: 'Talk to sales', at: Date.now() - 1000 }], answers: { topic: 'sales' }, context: visitorContext },
    { origin: DEMO_ORIGIN, ...headers },
  );

const ip = (i: number) => `198.51.100.${i + 1}`;
const forgeries: [string, (i: number) => Record<string, string>][] = [
  ['cf-connecting-ip', (i) => ({ 'cf-connecting-ip': ip(i) })],
  ['x-forwarded-for', (i) => ({ 'x-forwarded-for': ip(i) })],
  ['x-forwarded-for with a chain', (i) => ({ 'x-forwarded-for': `${ip(i)}, 203.0.113.7` })],
  ['x-real-ip', (i) => ({ 'x-real-ip': ip(i) })],
  ['true-client-ip', (i) => ({ 'true-client-ip': ip(i) })],
  ['Forwarded for=', (i) => ({ forwarded: `for=${ip(i)};proto=https` })],
  ['all of them, each different', (i) => ({ 'cf-connecting-ip': ip(i), 'x-forwarded-for': ip(i + 50), 'x-real-ip': ip(i + 100), 'true-client-ip': ip(i + 150) })],
];

for (const [name, headers] of forgeries) {
  test(`varying ${name} does not raise the conversations-per-minute limit (${TRIES} tries, ${PER_MINUTE} allowed)`, async () => {
    const w = await onlineWorkspace(server); // each workspace counts its own creations
    const statuses: number[] = [];
    for (let i = 0; i < TRIES; i++) statuses.push((await create(w.ws, w.playbookId, headers(i))).status);
    expect(statuses.filter((s) => s === 201).length, `statuses: ${statuses.join(',')}`).toBeLessThanOrEqual(PER_MINUTE);
    expect(statuses.filter((s) => s !== 201).every((s) => s === 429), `statuses: ${statuses.join(',')}`).toBe(true);
    w.admin.close();
  });
}

test('the other endpoint: varying cf-connecting-ip does not raise the limit on offline submissions either', async () => {
  const w = await onlineWorkspace(server);
  const statuses: number[] = [];
  for (let i = 0; i < TRIES; i++) {
    const body = offlineSubmission(w.playbookId, `sub-hdr-${i}-${Date.now().toString(36)}`, { name: 'Olga Offline', email: 'olga@example.com' }, ['lead']);
    statuses.push((await post(server, `/parties/workspace/${w.ws}/offline`, body, { origin: DEMO_ORIGIN, 'cf-connecting-ip': ip(i), 'x-forwarded-for': ip(i) })).status);
  }
  expect(statuses.filter((s) => s === 200).length, `statuses: ${statuses.join(',')}`).toBeLessThanOrEqual(PER_MINUTE);
  w.admin.close();
});
