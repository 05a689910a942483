import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { BrowserContext } from 'playwright-core';
import { launchWithExtension } from '../helpers/browser';
import { launchWithExtensionIn } from '../helpers/options-browser';
import { freePort, startServer, type TestServer } from '../helpers/server';
import { Client, setupWorkspace } from '../helpers/clients';
import { OptionsPage } from '../helpers/options-page';
import { EmailOptionsPage } from '../helpers/options-email-page';
import { auditSchemes } from '../helpers/axe';
import { sharedMaildev } from '../helpers/maildev';

const EXT = resolve('.output/chrome-mv3');
/** Unique enough that finding it anywhere (a frame, the page, the server's log) can only mean it leaked. */
const PASSWORD = 'smtp-Pa55word-' + Math.random().toString(36).slice(2, 10);
let server: TestServer;
let context: BrowserContext;
let page: EmailOptionsPage;
let w: Awaited<ReturnType<typeof setupWorkspace>>;
/** Every frame the options page received over its sockets. */
const received: string[] = [];

beforeAll(async () => {
  if (!existsSync(`${EXT}/manifest.json`)) throw new Error('Build the extension first: npm run build');
  server = await startServer();
  w = await setupWorkspace(server);
  const launched = await launchWithExtension(EXT);
  context = launched.context;
  const tab = await context.newPage();
  tab.on('websocket', (ws) => ws.on('framereceived', (f) => void received.push(String(f.payload))));
  await tab.goto(`chrome-extension://${launched.extensionId}/options.html`);
  const options = new OptionsPage(tab, launched.extensionId);
  page = new EmailOptionsPage(options);
  await options.connect(server.url, w.ws, w.adminCredential);
  await options.connectStatus.getByText(`Connected to ${w.ws} as Ada Admin (Admin).`).waitFor();
});

afterAll(async () => {
  await context?.close();
  await server?.stop();
});

describe('options page: Email, as an admin', () => {
  it('starts off, with every email on by default, and passes axe in light and dark', async () => {
    await page.email.getByText('Email is off').waitFor();
    expect(await page.field('Port').inputValue()).toBe('465');
    expect(await page.email.getByRole('radio', { name: /^Implicit TLS/ }).isChecked()).toBe(true);
    for (const name of [/^Replies the visitor has not seen/, /^The transcript, when the visitor asks/, /^The transcript, when the chat closes/, /^A notice when nobody answered/]) {
      expect(await page.email.getByRole('switch', { name }).isChecked()).toBe(true);
    }
    await page.email.getByText('The URL appears here once email is saved with a server.').waitFor();
    expect(await auditSchemes(page.page, 'options Email')).toEqual([]);
  });

  it('marks wrong fields, sends nothing; then saves; after a reload the password shows as stored and was never sent to the page', async () => {
    // SMTP pointed at a loopback port where nothing listens: a server without SMTP.
    const nothing = await freePort();
    await page.fill({ host: '127.0.0.1', port: '99999', tls: /^None/, user: 'baton', password: PASSWORD, fromAddress: 'support@acme', fromName: 'Acme support', replyDomain: 'reply.acme.test', delayMinutes: '7' });
    await page.save();
    await page.email.getByRole('alert').getByText('Fix the fields marked above. Nothing was sent.').waitFor();
    const port = page.field('Port');
    expect(await port.getAttribute('aria-invalid')).toBe('true');
    expect(await port.evaluate((el) => el.getAttribute('aria-describedby')!.split(' ').map((id) => document.getElementById(id)?.textContent))).toContain('Enter a port from 1 to 65535');
    await page.options.screenshot(page.email, 'email-invalid');

    await port.fill(String(nothing));
    await page.field('From address').fill('support@acme.test');
    await page.email.getByRole('switch', { name: /^The transcript, when the chat closes/ }).uncheck();
    await page.save();
    await page.saved.getByText('Email settings saved.').waitFor();
    await page.email.getByText('A password is stored.').waitFor();
    const url = page.field('Inbound webhook URL');
    expect(await url.inputValue()).toMatch(/^http:\/\/127\.0\.0\.1:\d+\/.+/);

    await page.page.reload();
    await page.options.connectStatus.getByText(`Connected to ${w.ws} as Ada Admin (Admin).`).waitFor();
    await page.email.getByText('A password is stored.').waitFor();
    expect(await page.field('Host').inputValue()).toBe('127.0.0.1');
    expect(await page.field('Port').inputValue()).toBe(String(nothing));
    expect(await page.email.getByRole('radio', { name: /^None/ }).isChecked()).toBe(true);
    expect(await page.field('Wait before emailing unseen replies (minutes)').inputValue()).toBe('7');
    expect(await page.email.getByRole('switch', { name: /^The transcript, when the chat closes/ }).isChecked()).toBe(false);
    expect(await page.email.getByRole('switch', { name: /^A notice when nobody answered/ }).isChecked()).toBe(true);
    expect(await page.email.locator('input[type="password"]').count()).toBe(0);
    expect(await page.email.getByRole('button', { name: 'Replace' }).isVisible()).toBe(true);
    expect(await page.email.getByRole('button', { name: 'Remove' }).isVisible()).toBe(true);

    expect(received.some((f) => f.includes('"email-settings"'))).toBe(true);
    expect(received.filter((f) => f.includes(PASSWORD))).toEqual([]);
    expect(await page.page.content()).not.toContain(PASSWORD);
    expect(server.logs()).not.toContain(PASSWORD);
    await page.page.emulateMedia({ colorScheme: 'light' });
    await page.options.screenshot(page.email, 'email-saved-light');
    await page.page.emulateMedia({ colorScheme: 'dark' });
    await page.options.screenshot(page.email, 'email-saved-dark');
    await page.page.emulateMedia({ colorScheme: 'light' });
  });

  it('Send test email against a server without SMTP: the clear error, announced', async () => {
    await page.email.getByRole('button', { name: 'Send test email' }).click();
    const result = page.testResult;
    await result.and(page.email.locator('[data-state="failed"]')).waitFor({ timeout: 30_000 });
    expect(await result.getAttribute('role')).toBe('status');
    expect(await result.textContent()).toMatch(/^Test email failed: .+/);
    await page.options.screenshot(page.email, 'email-test-failed');
  });

  it('Send test email with a real SMTP server (maildev): ok, announced, and the mail is in the inbox', async () => {
    const md = await sharedMaildev();
    // A from name of this workspace's own: the test email's subject carries it (other files mail ada@example.com too).
    const fromName = `Acme ${w.ws}`;
    await page.field('Port').fill(String(md.smtpPort));
    await page.field('From name').fill(fromName);
    // Unsaved changes: the test would use the old settings, so it asks to save first and sends nothing.
    await page.email.getByRole('button', { name: 'Send test email' }).click();
    await page.email.getByRole('alert').getByText('Save your changes first: the test uses the saved settings.').waitFor();
    await page.save();
    await page.saved.getByText('Email settings saved.').waitFor();
    await page.email.getByRole('button', { name: 'Send test email' }).click();
    await page.testResult.and(page.email.locator('[data-state="ok"]')).waitFor({ timeout: 30_000 });
    expect(await page.testResult.textContent()).toMatch(/^Test email sent: .+/);
    const mails = await md.waitFor('ada@example.com', (all) => all.some((m) => m.subject === `Baton test email (${fromName})`));
    const mail = mails.find((m) => m.subject === `Baton test email (${fromName})`)!;
    expect(mail.from[0]).toMatchObject({ address: 'support@acme.test', name: fromName });
    expect(JSON.stringify(mail)).not.toContain(PASSWORD);
    await page.options.screenshot(page.email, 'email-test-ok');
  });

  it('Remove forgets the stored password', async () => {
    await page.email.getByRole('button', { name: 'Remove' }).click();
    await page.email.getByText('The stored password will be removed when you save.').waitFor();
    await page.save();
    await page.saved.getByText('Email settings saved.').waitFor();
    await page.field('Password').waitFor();
    expect(await page.email.getByText('A password is stored.').count()).toBe(0);
    const admin = new Client(server, 'workspace', w.ws);
    await admin.open(w.adminToken);
    admin.send({ type: 'email-settings-get', ref: 'check' });
    const answer = await admin.next((f) => f.type === 'email-settings' && f.ref === 'check');
    admin.close();
    expect(answer).toMatchObject({ type: 'email-settings', settings: { passwordSet: false, host: '127.0.0.1' } });
  });
});

describe('options page: Email in French', () => {
  let fr: BrowserContext | undefined;
  afterAll(async () => fr?.close());

  it('labels, the stored state and the hints in French', async () => {
    const launched = await launchWithExtensionIn('fr');
    fr = launched.context;
    const options = await OptionsPage.open(fr, launched.extensionId);
    const s = options.section('connect');
    await s.getByLabel('Serveur', { exact: true }).fill(server.url);
    await s.getByLabel('Espace de travail', { exact: true }).fill(w.ws);
    await s.getByLabel('Identifiant secret', { exact: true }).fill(w.adminCredential);
    await s.getByRole('button', { name: 'Se connecter', exact: true }).click();
    const email = options.page.locator('section#email');
    await email.getByRole('heading', { name: 'E-mail' }).waitFor();
    // The inbound URL is shown once the room's settings have arrived.
    await email.getByLabel('URL du webhook entrant', { exact: true }).waitFor();
    expect(await email.getByLabel('Hôte', { exact: true }).inputValue()).toBe('127.0.0.1');
    await email.getByRole('button', { name: 'Envoyer un e-mail de test' }).waitFor();
    await email.getByText(/Collez-la dans le webhook entrant/).waitFor();
    await options.screenshot(email, 'email-fr');
  });
});
