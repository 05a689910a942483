import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { BrowserContext } from 'playwright-core';
import { launchWithExtension } from '../helpers/browser';
import { startServer, type TestServer } from '../helpers/server';
import { Client, DEMO_ORIGIN, post, setupWorkspace } from '../helpers/clients';
import { OptionsPage } from '../helpers/options-page';
import { CrmOptionsPage } from '../helpers/options-crm-page';
import { FakePipedrive } from '../fakes/pipedrive';
import { ask, claimedConversation, offlineSubmission, until } from '../fakes/crm-helpers';
import { verifyWebhook, WebhookReceiver } from '../fakes/webhook-receiver';

const EXT = resolve('.output/chrome-mv3');
const TOKEN = 'pd0123456789abcdef0123456789abcdef0123tok';
let pd: FakePipedrive;
let hook: WebhookReceiver;
let server: TestServer;
let context: BrowserContext;
let page: CrmOptionsPage;
let w: Awaited<ReturnType<typeof setupWorkspace>>;
let conv: Client;
/** The admin's own socket, online so that visitors can start live conversations. */
let admin: Client;

const details = {
  person: { name: 'Vera Visitor', email: 'vera@example.com', phone: '+33 1 23 45 67 89' },
  organization: { name: '=Lyon Bikes', address: '1 rue de la République, Lyon' },
  value: { amount: 1200, currency: 'EUR' },
  expectedCloseDate: '2030-06-30',
};

beforeAll(async () => {
  if (!existsSync(`${EXT}/manifest.json`)) throw new Error('Build the extension first: npx wxt build (npm test does it)');
  pd = await new FakePipedrive(TOKEN, 'acme').start();
  hook = await new WebhookReceiver().start();
  // Per-client limits as on Cloudflare (the edge's cf-connecting-ip): the 13 offline forms below come from 13 addresses.
  server = await startServer({ vars: { BATON_PIPEDRIVE_API_BASE: pd.url, BATON_CRM_ALLOW_HTTP_WEBHOOKS: '1', BATON_CLIENT_ADDRESS_HEADER: 'cf-connecting-ip' } });
  w = await setupWorkspace(server);
  admin = new Client(server, 'workspace', w.ws);
  await admin.open(w.adminToken);
  admin.send({ type: 'set-online', online: true });
  await admin.next((f) => f.type === 'agents' && f.agents.some((a: any) => a.online));
  const launched = await launchWithExtension(EXT);
  context = launched.context;
  const options = await OptionsPage.open(context, launched.extensionId);
  page = new CrmOptionsPage(options);
  await options.connect(server.url, w.ws, w.adminCredential);
  await options.connectStatus.getByText(`Connected to ${w.ws} as Ada Admin (Admin).`).waitFor();
});

afterAll(async () => {
  conv?.close();
  admin?.close();
  await context?.close();
  await server?.stop();
  await pd?.stop();
  await hook?.stop();
});

describe('options page: CRM and records, as an admin', () => {
  it('lists a lead created from a conversation in the built-in store and exports it as CSV', async () => {
    await page.crm.getByRole('radio', { name: /^Built-in/ }).isChecked().then((on) => expect(on).toBe(true));
    ({ conv } = await claimedConversation(server, w.ws, w.playbookId, w.adminToken, details));
    expect((await conv.request({ type: 'create-record', kind: 'lead' })).type).toBe('ok');

    // Pushed by the room (crm-intent), no reload needed.
    await page.intent('Vera Visitor (=Lyon Bikes) lead').and(page.records.locator('[data-status="created"]')).waitFor();
    const row = page.recordRow('Vera Visitor (=Lyon Bikes) lead');
    await row.waitFor();
    expect(await row.locator('td').first().textContent()).toBe('Lead');
    expect(await row.locator('td.details').textContent()).toBe('1200 EUR · → 2030-06-30');
    await page.recordRow('vera@example.com').waitFor(); // the person, with the email as detail
    await page.options.screenshot(page.records, 'records');

    const csv = await page.download('Export CSV');
    expect(csv.filename).toMatch(/^baton-records-.*\.csv$/);
    const lines = csv.content.trim().split(/\r?\n/);
    expect(lines[0]).toMatch(/^kind,id,title,createdAt/);
    expect(lines.find((l) => l.startsWith('lead,'))).toContain(',Vera Visitor (=Lyon Bikes) lead,');
    expect(lines.find((l) => l.startsWith('organization,'))).toContain(`,'=Lyon Bikes,`); // formula injection escaped
    expect(lines.filter((l) => /^(person|organization|lead|note),/.test(l)).map((l) => l.split(',')[0]).sort()).toEqual(['lead', 'organization', 'person']);
    await page.records.getByRole('status').getByText(`Downloaded ${csv.filename}.`).waitFor();
  });

  it('tests Pipedrive (a wrong token fails, the right one passes), saves without ever showing the token', async () => {
    await page.configurePipedrive('acme', 'pdWRONG0123456789abcdef0123456789');
    await page.crm.getByRole('button', { name: 'Test connection' }).click();
    await page.testResult.getByText(/^Connection failed: /).waitFor();

    await page.configurePipedrive('https://acme.pipedrive.com', TOKEN);
    await page.crm.getByRole('button', { name: 'Test connection' }).click();
    await page.testResult.getByText(/^Connection OK: .*acme\.pipedrive\.com/).waitFor();
    await page.options.screenshot(page.crm, 'crm-pipedrive-tested');

    await page.crm.getByRole('button', { name: 'Save', exact: true }).click();
    await page.crm.getByRole('status').getByText('CRM settings saved.').waitFor();
    await page.crm.getByText('A token is saved. Leave the field empty to keep it.').waitFor();
    const token = page.crm.getByLabel('API token', { exact: true });
    expect(await token.inputValue()).toBe('');
    expect(await token.getAttribute('type')).toBe('password');
    expect(await page.options.page.content()).not.toContain(TOKEN);
    await page.crm.getByText('Items go to Pipedrive (acme.pipedrive.com).').waitFor();
    await page.options.screenshot(page.crm, 'crm-pipedrive-saved');

    // The server has it: an admin socket reads the redacted settings, and the next deal goes to the fake.
    expect(await ask(admin, { type: 'crm-get' })).toMatchObject({ settings: { kind: 'pipedrive', domain: 'acme', tokenSet: true } });
    expect((await conv.request({ type: 'create-record', kind: 'deal' })).type).toBe('ok');
    const deal = page.intent('Vera Visitor (=Lyon Bikes) deal');
    await deal.and(page.records.locator('[data-status="created"]')).waitFor();
    expect(await deal.getByRole('link', { name: 'Open' }).getAttribute('href')).toMatch(/^https:\/\/acme\.pipedrive\.com\/deal\/\d+$/);
    expect(pd.store.deals).toHaveLength(1);
    await page.options.screenshot(page.options.page, 'crm-full-page');
  });

  it('marks a bad webhook URL and sends nothing; tests a webhook with a generated secret that the receiver verifies', async () => {
    await page.crm.getByRole('radio', { name: /^Webhook/ }).check();
    await page.crm.getByText('x-baton-signature').waitFor();
    const url = page.crm.getByLabel('Webhook URL', { exact: true });
    await url.fill('ftp://crm.example.com/in');
    await page.crm.getByLabel('Signing secret', { exact: true }).fill('0123456789abcdef0123');
    await page.crm.getByRole('button', { name: 'Save', exact: true }).click();
    await page.crm.getByRole('alert').getByText('Nothing was sent').waitFor();
    expect(await url.getAttribute('aria-invalid')).toBe('true');
    await page.crm.getByText('Use an http(s) URL').waitFor();
    await page.options.screenshot(page.crm, 'crm-webhook-invalid');

    await url.fill(hook.url);
    await page.crm.getByRole('button', { name: 'Generate a secret' }).click();
    const secret = await page.crm.getByLabel('Signing secret', { exact: true }).inputValue();
    expect(secret).toMatch(/^[0-9a-f]{64}$/);
    await page.crm.getByRole('button', { name: 'Test connection' }).click();
    await page.testResult.getByText(/^Connection OK: /).waitFor();
    const [ping] = hook.deliveries;
    expect(verifyWebhook(secret, ping!.raw, ping!.headers['x-baton-timestamp'], ping!.headers['x-baton-signature'])).toBe(true);
    await page.options.screenshot(page.crm, 'crm-webhook-tested');

    // Only tested, never saved: the stored CRM is still Pipedrive.
    expect(await ask(admin, { type: 'crm-get' })).toMatchObject({ settings: { kind: 'pipedrive', tokenSet: true } });
  });

  it('pages through more records than fit a page with Load more, each shown once', async () => {
    expect((await admin.request({ type: 'crm-save', settings: { kind: 'builtin' } })).type).toBe('ok');
    // 13 offline forms, each an organization, a person, a lead and its note, created together in the background.
    for (let n = 0; n < 13; n++) {
      const body = offlineSubmission(w.playbookId, `e2e-page-${n}`, { name: `Paula ${n}`, email: `paula${n}@example.com`, company: `Paging ${n} SA` }, ['lead']);
      const res = await post(server, `/parties/workspace/${w.ws}/offline`, body, { origin: DEMO_ORIGIN, 'cf-connecting-ip': `10.9.0.${n}` });
      expect(res.status).toBe(200);
    }
    let total = 0;
    await until(async () => {
      const all = await ask(admin, { type: 'records-list', limit: 500 });
      total = all.records.length;
      return all.records.filter((r: any) => r.kind === 'lead' && r.title.startsWith('Paula')).length === 13;
    }, 'the 13 offline leads');
    expect(total).toBeGreaterThan(52);

    await page.records.getByRole('button', { name: 'Refresh', exact: true }).click();
    const rows = page.records.locator('table.records tbody tr');
    await until(async () => (await rows.count()) === 50, 'the first page of 50 records');
    await page.records.getByRole('button', { name: 'Load more', exact: true }).click();
    await until(async () => (await rows.count()) === total, `all ${total} records`);
    const ids = await rows.evaluateAll((trs) => trs.map((tr) => tr.getAttribute('data-id')));
    expect(new Set(ids).size).toBe(total);
    expect(await page.records.getByRole('button', { name: 'Load more', exact: true }).count()).toBe(0);
    await page.options.screenshot(page.records, 'records-paged');

    // A side panel link to a built-in lead beyond the first page: said so, Load more, then that row marked.
    const deep = ids.slice(50).find((id) => id?.startsWith('lea_'));
    expect(deep).toBeTruthy();
    const linked = await context.newPage();
    try {
      await linked.goto(`chrome-extension://${page.options.extensionId}/options.html#records/${deep}`);
      const section = linked.locator('section#records');
      const notice = section.getByRole('status').filter({ hasText: 'The linked record is not among the records loaded yet.' });
      await notice.waitFor();
      await notice.getByRole('button', { name: 'Load more', exact: true }).click();
      const marked = section.locator('tr[aria-current="true"]');
      await marked.waitFor();
      expect(await marked.getAttribute('data-id')).toBe(deep);
      expect(await linked.evaluate(() => document.activeElement?.getAttribute('data-id'))).toBe(deep);
      expect(await section.getByRole('status').filter({ hasText: 'linked record' }).count()).toBe(0);
    } finally {
      await linked.close();
    }
  });
});
