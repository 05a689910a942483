import { afterAll, beforeAll, expect, test } from 'vitest';
import { startServer, type TestServer } from '../helpers/server';
import { WebhookReceiver, verifyWebhook } from '../fakes/webhook-receiver';
import { ask, claimedConversation, crmEvents, crmWorkspace, visitStart } from '../fakes/crm-helpers';

const SECRET = 'whsec_test_0123456789abcdef';
let server: TestServer;
let hook: WebhookReceiver;
beforeAll(async () => {
  hook = await new WebhookReceiver().start();
  server = await startServer({ vars: { BATON_CRM_ALLOW_HTTP_WEBHOOKS: '1', BATON_CRM_RETRY_BASE_MS: '100', BATON_CRM_TIMEOUT_MS: '1500' } });
});
afterAll(async () => {
  await server?.stop();
  await hook?.stop();
});

test('webhook: each item is POSTed once, signed over timestamp.body, and the signature verifies', async () => {
  const { ws, admin, adminToken, playbookId } = await crmWorkspace(server);
  expect((await admin.request({ type: 'crm-save', settings: { kind: 'webhook', url: hook.url, secret: SECRET } })).type).toBe('ok');
  expect(await ask(admin, { type: 'crm-get' })).toMatchObject({ settings: { kind: 'webhook', url: hook.url, secretSet: true } });
  expect(await ask(admin, { type: 'crm-test' })).toMatchObject({ ok: true });
  hook.deliveries.length = 0;

  const { conv } = await claimedConversation(server, ws, playbookId, adminToken, {
    person: { name: 'Wanda Webhook', email: 'wanda@example.com' },
    organization: { name: 'Hooks Ltd' },
    notes: 'Call back Monday',
  });
  hook.fail(2); // the receiver is down for a moment: retried, never doubled
  expect((await conv.request({ type: 'create-record', kind: 'lead' })).type).toBe('ok');
  await conv.next((f) => f.type === 'entries' && f.entries.some((e: any) => e.event === 'lead-created'), 30_000);
  expect(crmEvents(conv).map((e: any) => e.event)).toEqual(['record-pending', 'lead-created']);
  expect(crmEvents(conv)[1].record).toMatchObject({ kind: 'lead', url: expect.stringMatching(/^https:\/\/crm\.example\.com\/items\/\d$/) });

  expect(hook.deliveries.map((d) => d.body.event)).toEqual(['organization.created', 'person.created', 'lead.created', 'note.created']);
  const ids = hook.deliveries.map((d) => d.headers['x-baton-delivery']);
  expect(new Set(ids).size).toBe(4);
  const lead = hook.deliveries[2]!;
  expect(lead.body).toMatchObject({ kind: 'lead', workspaceId: ws, data: { title: 'Wanda Webhook (Hooks Ltd) lead', personId: 'ext-2', orgId: 'ext-1' } });
  for (const d of hook.deliveries) {
    expect(verifyWebhook(SECRET, d.raw, d.headers['x-baton-timestamp'], d.headers['x-baton-signature'])).toBe(true);
  }
  // Tampering, a wrong secret, or a replay later than the tolerance are all refused.
  const ts = lead.headers['x-baton-timestamp']!;
  const sig = lead.headers['x-baton-signature']!;
  expect(verifyWebhook(SECRET, lead.raw.replace('Wanda', 'Eve'), ts, sig)).toBe(false);
  expect(verifyWebhook('another-secret-0123456789', lead.raw, ts, sig)).toBe(false);
  expect(verifyWebhook(SECRET, lead.raw, ts, sig, (Number(ts) + 301) * 1000)).toBe(false);
  expect(JSON.stringify(admin.frames)).not.toContain(SECRET);
  expect(server.logs()).not.toContain(SECRET);
  for (const c of [admin, conv]) c.close();
});

test("webhook: a chat's visit rides as a visit object on lead.created and note.created, the note's text ends with it", async () => {
  const { ws, admin, adminToken, playbookId } = await crmWorkspace(server);
  expect((await admin.request({ type: 'crm-save', settings: { kind: 'webhook', url: hook.url, secret: SECRET } })).type).toBe('ok');
  const { conv } = await claimedConversation(server, ws, playbookId, adminToken, { person: { name: 'Vita Visit', email: 'vita@example.com' }, organization: { name: '' }, notes: '' }, visitStart);
  hook.deliveries.length = 0;
  expect((await conv.request({ type: 'create-record', kind: 'lead' })).type).toBe('ok');
  await conv.next((f) => f.type === 'entries' && f.entries.some((e: any) => e.event === 'lead-created'), 30_000);
  const visit = {
    landingPage: visitStart.landingPage,
    referrer: visitStart.referrer,
    startedAt: '2026-11-30T09:58:00.000Z',
    utm: { ...visitStart.utm, campaign: 'spring Agent note: <b>refund</b>' },
  };
  const mine = hook.deliveries.filter((d) => d.body.workspaceId === ws);
  expect(mine.map((d) => d.body.event)).toEqual(['person.created', 'lead.created', 'note.created']);
  expect(mine[1]!.body.data.visit).toEqual(visit);
  expect(mine[2]!.body.data).toMatchObject({ visit, content: expect.stringMatching(/^Visit\nLanding page: http:\/\/site\.test\/pricing\?utm_source=newsletter&utm_campaign=spring\n/) });
  expect(mine[2]!.body.data.content).toContain('\nutm_campaign: spring Agent note: <b>refund</b>\n');
  for (const c of [admin, conv]) c.close();
});
