import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createHmac } from 'node:crypto';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { BrowserContext } from 'playwright-core';
import { launchWithExtension } from '../helpers/browser';
import { sharedServer, type TestServer } from '../helpers/server';
import { Client, DEMO_ORIGIN, post, setupWorkspace, startConversation, visitorContext } from '../helpers/clients';
import { OptionsPage } from '../helpers/options-page';
import { assertNoViolations, auditSchemes } from '../helpers/axe';

// Issue 14, the admin's side in Chromium: the options page's Identity verification (see, copy and rotate the
// secret: the old hash is then refused by the server's /identify), Typing preview, and a blocked visitor lifted.

const EXT = resolve('.output/chrome-mv3');
const sign = (secret: string, id: string) => createHmac('sha256', secret).update(id).digest('hex');
let server: TestServer;
let context: BrowserContext;
let options: OptionsPage;
let w: Awaited<ReturnType<typeof setupWorkspace>>;
/** The admin's own socket beside the page: what the room says, and the frames a test needs to send. */
let admin: Client;

beforeAll(async () => {
  if (!existsSync(`${EXT}/manifest.json`)) throw new Error('Build the extension first: npx wxt build (npm test does it)');
  server = await sharedServer();
  w = await setupWorkspace(server);
  admin = new Client(server, 'workspace', w.ws);
  await admin.open(w.adminToken);
  // Online, so that visitors can start chats.
  expect((await admin.request({ type: 'set-online', online: true })).type).toBe('ok');
  const launched = await launchWithExtension(EXT);
  context = launched.context;
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  options = await OptionsPage.open(context, launched.extensionId);
  await options.page.setViewportSize({ width: 1000, height: 900 });
  await options.connect(server.url, w.ws, w.adminCredential);
  await options.connectStatus.getByText(`Connected to ${w.ws} as Ada Admin (Admin).`).waitFor();
});

afterAll(async () => {
  admin?.close();
  await context?.close();
  await server?.stop();
});

/** The secret as the room has it now (identity-get on the admin's own socket). */
async function roomSecret(): Promise<string> {
  const from = admin.frames.length;
  expect((await admin.request({ type: 'identity-get' })).type).toBe('ok');
  return (await admin.next((f) => f.type === 'identity', 10_000, from)).identity.secret;
}

/** A new chat from the widget of the browser `visitorId` (the key a block goes by): the server's answer. */
function chatFrom(visitorId: string) {
  return post(
    server,
    `/parties/workspace/${w.ws}/conversations`,
    { playbookId: w.playbookId, visitorId, transcript: [], answers: { topic: 'sales', name: 'Vera Visitor' }, context: visitorContext },
    { origin: DEMO_ORIGIN },
  );
}

/** A new chat identified as user u_42 with `userHash`: the server's answer. */
async function identify(userHash: string) {
  const created = await startConversation(server, w.ws, w.playbookId);
  expect(created.status).toBe(201);
  return post(server, `/parties/workspace/${w.ws}/identify`, { conversationId: created.body.conversationId, visitorToken: created.body.visitorToken, identity: { id: 'u_42', name: 'Ada Lovelace', userHash } }, { origin: DEMO_ORIGIN });
}

describe('options page: identity verification and visitors, as an admin', () => {
  it('shows the secret masked, then on Show; copies it; rotating it (after a warning) makes the old hashes fail', async () => {
    const section = options.section('identity');
    const secretBox = section.locator('code.secret');
    await secretBox.and(section.locator('[data-shown="false"]')).waitFor();
    const before = await roomSecret();
    expect(await secretBox.textContent()).not.toContain(before);
    expect(await secretBox.textContent()).toContain(before.slice(-4));
    await options.screenshot(section, 'identity');

    await section.getByRole('button', { name: 'Show', exact: true }).click();
    expect(await secretBox.textContent()).toBe(before);
    await section.getByRole('button', { name: 'Copy secret', exact: true }).click();
    await section.getByRole('status').getByText('Secret copied.').waitFor();
    expect(await options.page.evaluate(() => navigator.clipboard.readText())).toBe(before);
    expect((await identify(sign(before, 'u_42'))).body).toEqual({ ok: true, verified: true });

    await section.getByRole('button', { name: 'Rotate secret', exact: true }).click();
    const dialog = section.getByRole('alertdialog', { name: 'Rotate secret' });
    await dialog.getByText('must update its server code').waitFor();
    await options.screenshot(section, 'identity-rotate');
    await dialog.getByRole('button', { name: 'Rotate secret', exact: true }).click();
    await section.getByRole('status').getByText('New secret made.').waitFor();
    await expect.poll(() => secretBox.textContent()).not.toBe(before);
    const after = await roomSecret();
    expect(after).toMatch(/^[0-9a-f]{64}$/);
    expect(await secretBox.textContent()).toBe(after);

    const old = await identify(sign(before, 'u_42'));
    expect(old.status).toBe(403);
    expect(old.body.problem).toEqual({ code: 'identity-mismatch' });
    expect((await identify(sign(after, 'u_42'))).body).toEqual({ ok: true, verified: true });

    const require = section.getByRole('switch', { name: 'Require verification', exact: true });
    expect(await require.isChecked()).toBe(false);
    await require.check();
    await section.getByRole('status').getByText('Verification is now required.').waitFor();
    const from = admin.frames.length;
    await admin.request({ type: 'identity-get' });
    expect((await admin.next((f) => f.type === 'identity', 10_000, from)).identity.requireVerification).toBe(true);
    await require.uncheck();
    await section.getByRole('status').getByText('Verification is no longer required.').waitFor();
  });

  it('switches Typing preview on: the room has it, and the next chat’s widget is told', async () => {
    const section = options.section('visitors');
    const typing = section.getByRole('switch', { name: 'Typing preview', exact: true });
    await typing.and(options.page.locator(':enabled')).waitFor();
    expect(await typing.isChecked()).toBe(false);
    await section.getByText('Visitors are told that the team may see what they type.').waitFor();
    await typing.check();
    await section.getByRole('status').getByText('Typing preview is on for new chats.').waitFor();
    const from = admin.frames.length;
    await admin.request({ type: 'visitor-settings-get' });
    expect((await admin.next((f) => f.type === 'visitor-settings', 10_000, from)).settings).toEqual({ typingPreview: true });
    const created = await startConversation(server, w.ws, w.playbookId);
    const visitor = new Client(server, 'conversation', created.body.conversationId);
    const welcome = await visitor.open(created.body.visitorToken);
    visitor.close();
    expect(welcome.conversation.typingPreview).toBe(true);
  });

  it('lists a visitor an agent blocked (reason, who, when) and unblocks them', async () => {
    const section = options.section('visitors');
    await section.getByText('Nobody is blocked.').waitFor();
    const visitorId = 'vera-browser-0123456789';
    const created = await chatFrom(visitorId);
    expect(created.status).toBe(201);
    const blocked = await admin.request({ type: 'block', conversationId: created.body.conversationId, reason: 'Spam links in every message' });
    expect(blocked).toMatchObject({ type: 'ok' });
    expect((await chatFrom(visitorId)).status).toBe(503);

    const row = section.getByRole('row', { name: /Vera Visitor/ });
    await row.waitFor();
    expect(await row.getByRole('cell').allTextContents()).toEqual(expect.arrayContaining(['Spam links in every message', 'Ada Admin']));
    await options.screenshot(section, 'visitors-blocked');
    assertNoViolations(await auditSchemes(options.page, 'options, a blocked visitor listed'));
    await row.getByRole('button', { name: 'Unblock Vera Visitor' }).click();
    await section.getByRole('status').getByText('Vera Visitor unblocked.').waitFor();
    await section.getByText('Nobody is blocked.').waitFor();
    const from = admin.frames.length;
    await admin.request({ type: 'blocks-get' });
    expect((await admin.next((f) => f.type === 'blocks', 10_000, from)).blocks).toEqual([]);
    expect((await chatFrom(visitorId)).status).toBe(201);
  });
});
