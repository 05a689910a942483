import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import type { BrowserContext } from 'playwright-core';
import { launchWithExtension } from '../helpers/browser';
import { freePort, sharedServer, type TestServer } from '../helpers/server';
import { Client, sessionToken, setupWorkspace } from '../helpers/clients';
import { OptionsPage } from '../helpers/options-page';
import { serveDemoSite } from '../../scripts/demo-site.mjs';

const EXT = resolve('.output/chrome-mv3');
let server: TestServer;
let context: BrowserContext;
let extensionId: string;
let ws: string;
let adminCredential: string;
let options: OptionsPage;
let demo: { url: string; close: () => Promise<void> };
let playbookId = '';
let agentCredential = '';

/** The playbook as the widget gets it from the server: what a visitor would run. */
async function served(id: string) {
  const res = await fetch(`${server.url}/parties/workspace/${ws}/widget/${id}`);
  expect(res.status).toBe(200);
  return (await res.json()) as { playbook: { name: string; cards: Array<Record<string, any>> } };
}
const liveChat = (p: { cards: Array<Record<string, any>> }) => p.cards.find((c) => c.type === 'live-chat')!;

beforeAll(async () => {
  if (!existsSync(`${EXT}/manifest.json`)) throw new Error('Build the extension first: npx wxt build (npm test does it)');
  server = await sharedServer();
  ({ ws, adminCredential } = await setupWorkspace(server, []));
  ({ context, extensionId } = await launchWithExtension(EXT));
  await context.grantPermissions(['clipboard-read', 'clipboard-write']);
  options = await OptionsPage.open(context, extensionId);
});

afterAll(async () => {
  await context?.close();
  await demo?.close();
  await server?.stop();
});

describe('options page, as an admin', () => {
  it('says when the server is unreachable or the credential wrong, then connects', async () => {
    const deadPort = await freePort();
    await options.connect(`http://127.0.0.1:${deadPort}`, ws, adminCredential);
    await expect.poll(() => options.connectStatus.getAttribute('data-state')).toBe('unreachable');
    expect(await options.connectStatus.textContent()).toContain('Server unreachable');

    await options.connect(server.url, ws, 'not-the-credential');
    await expect.poll(() => options.connectStatus.getAttribute('data-state')).toBe('wrong-credential');
    expect(await options.connectStatus.textContent()).toContain('Wrong credential');
    await options.screenshot(options.section('connect'), 'connect-wrong-credential');

    await options.connect(server.url, ws, adminCredential);
    await options.connectStatus.getByText(`Connected to ${ws} as Ada Admin (Admin).`).waitFor();
    await options.screenshot(options.section('connect'), 'connect');
  });

  it('creates a playbook from the live chat template', async () => {
    const s = options.section('playbooks');
    await s.getByRole('button', { name: 'New playbook' }).click();
    await s.getByLabel('Playbook name').fill('Pricing page');
    await s.getByRole('button', { name: 'Use live chat template' }).click();
    await options.editor.getByRole('heading', { name: 'Playbook: Pricing page' }).waitFor();
    expect(await options.editor.locator('li.card-item').evaluateAll((els) => els.map((e) => e.getAttribute('data-card-type')))).toEqual([
      'message',
      'question',
      'live-chat',
      'end',
    ]);
    // The card list shows the live chat card with its pencil and trash, and "offline only" until installed.
    const card = options.card('live-chat');
    await card.getByRole('button', { name: 'Edit card' }).waitFor();
    await card.getByRole('button', { name: 'Delete card' }).waitFor();
    await card.getByText('Offline only').waitFor();
    playbookId = await findPlaybookId('Pricing page');
    expect((await served(playbookId)).playbook.name).toBe('Pricing page');
  });

  it('edits the wait time and the offline message with bold text and a link, previews and saves it', async () => {
    const card = options.card('live-chat');
    await card.getByRole('button', { name: 'Edit card' }).click();
    await card.getByLabel('Wait time').selectOption({ label: '5 min' });

    const offline = options.richText(card, 'Offline message');
    await offline.fill('Nobody is here right now. Leave your email and we call back within a day. See our prices.');
    await options.select(offline, 'we call back');
    await card.getByRole('button', { name: 'Bold', exact: true }).last().click();
    await options.select(offline, 'our prices');
    await card.getByRole('button', { name: 'Link', exact: true }).last().click();
    await card.getByLabel('Link address').fill('https://example.com/pricing');
    await card.getByRole('button', { name: 'Insert' }).click();
    expect(await offline.inputValue()).toBe(
      'Nobody is here right now. Leave your email and **we call back** within a day. See [our prices](https://example.com/pricing).',
    );
    const preview = options.preview(card, 'Offline message');
    await preview.locator('strong', { hasText: 'we call back' }).waitFor();
    expect(await preview.locator('a').getAttribute('href')).toBe('https://example.com/pricing');
    await options.screenshot(options.editor, 'playbook-editor');

    await options.editor.getByRole('button', { name: 'Save', exact: true }).click();
    await options.editor.getByRole('status').getByText('Saved.').waitFor();
    const chat = liveChat((await served(playbookId)).playbook);
    expect(chat.waitSeconds).toBe(300);
    expect(chat.offlineMessage).toContain('**we call back**');
    expect(chat.offlineMessage).toContain('[our prices](https://example.com/pricing)');
  });

  it('shows an unsafe link next to its field and sends nothing', async () => {
    const card = options.card('live-chat');
    const online = options.richText(card, 'Online message');
    await online.fill('Click [here](javascript:alert(1))');
    await card.getByText('Links must be http(s), mailto or tel').waitFor();
    expect(await online.getAttribute('aria-invalid')).toBe('true');
    await options.editor.getByRole('button', { name: 'Save', exact: true }).click();
    await options.editor.getByRole('alert').getByText('Nothing was sent').waitFor();
    expect(liveChat((await served(playbookId)).playbook).onlineMessage).toBe('An agent will be with you in a moment.');
    await options.screenshot(card, 'validation-error');
    await options.editor.getByRole('button', { name: 'Discard changes' }).click();
    expect(await online.inputValue()).toBe('An agent will be with you in a moment.');
  });

  it('deletes a card only after confirmation', async () => {
    const end = options.card('end');
    await end.getByRole('button', { name: 'Delete card' }).click();
    const dialog = end.getByRole('alertdialog');
    await dialog.getByRole('button', { name: 'Cancel' }).click();
    expect(await options.card('end').count()).toBe(1);
    await end.getByRole('button', { name: 'Delete card' }).click();
    await options.screenshot(options.editor, 'delete-confirmation');
    await dialog.getByRole('button', { name: 'Delete', exact: true }).click();
    expect(await options.card('end').count()).toBe(0);
    await options.editor.getByRole('button', { name: 'Save', exact: true }).click();
    await options.editor.getByRole('status').getByText('Saved.').waitFor();
    expect((await served(playbookId)).playbook.cards.map((c) => c.type)).toEqual(['message', 'question', 'live-chat']);
  });

  it('sets the allowed sites, copies the snippet, and the demo page runs the edited playbook', async () => {
    demo = await serveDemoSite({ serverUrl: server.url, workspace: ws, playbook: playbookId });
    const install = options.installCard('Pricing page');
    await install.getByText('Not installed yet').waitFor();
    await install.getByLabel('Allowed sites').fill('ftp://nope');
    await install.getByRole('button', { name: 'Save allowed sites' }).click();
    await install.getByText('Line 1: An origin is scheme://host').waitFor();
    await install.getByLabel('Allowed sites').fill(`${demo.url}/`);
    await install.getByRole('button', { name: 'Save allowed sites' }).click();
    await install.getByRole('status').getByText('Saved.').waitFor();

    await install.getByRole('button', { name: 'Copy snippet' }).click();
    await install.getByRole('status').getByText('Snippet copied.').waitFor();
    const copied = await options.page.evaluate(() => navigator.clipboard.readText());
    expect(copied).toBe(`<script>window.Baton=window.Baton||function(){(Baton.q=Baton.q||[]).push(arguments)}</script>\n<script async src="${server.url}/widget.js" data-workspace="${ws}" data-playbook="${playbookId}"></script>`);
    await options.screenshot(options.section('installation'), 'installation');

    const site = await context.newPage();
    await site.goto(`${demo.url}/`);
    await site.getByRole('button', { name: 'Open chat' }).click();
    await site.getByRole('button', { name: 'Talk to sales' }).click();
    // Nobody is online: the widget goes to the offline message, rendered with its bold text and link.
    await site.locator('strong', { hasText: 'we call back' }).waitFor();
    expect(await site.getByRole('link', { name: 'our prices' }).getAttribute('href')).toBe('https://example.com/pricing');
    mkdirScreens();
    await site.screenshot({ path: 'tests/e2e/screenshots/options-demo-site.png' });
    await site.close();
    // The snippet loaded on an allowed site: the room now counts the playbook as installed.
    await install.getByText('Installed: the snippet has loaded').waitFor();
  });

  it('adds a live chat card to a blank playbook and saves it', async () => {
    const s = options.section('playbooks');
    await s.getByRole('button', { name: 'New playbook' }).click();
    await s.getByLabel('Playbook name').fill('Support');
    await s.getByRole('button', { name: 'Create blank playbook' }).click();
    await options.editor.getByRole('heading', { name: 'Playbook: Support' }).waitFor();
    await options.editor.getByText('No cards yet').waitFor();
    await options.editor.getByRole('button', { name: 'Add live chat card' }).click();
    const card = options.card('live-chat');
    await card.getByRole('button', { name: 'Edit card' }).waitFor();
    await card.getByRole('button', { name: 'Delete card' }).waitFor();
    expect(await options.editor.getByRole('button', { name: 'Add live chat card' }).isDisabled()).toBe(true);
    await card.getByLabel('Wait time').selectOption({ label: '30 s' });
    await options.editor.getByRole('button', { name: 'Save', exact: true }).click();
    await options.editor.getByRole('status').getByText('Saved.').waitFor();
    const cards = (await served(await findPlaybookId('Support'))).playbook.cards;
    expect(cards).toEqual([expect.objectContaining({ type: 'live-chat', waitSeconds: 30 })]);
  });

  it('adds an agent without the permission and shows the credential once', async () => {
    const s = options.section('agents');
    await s.getByRole('button', { name: 'Add agent' }).click();
    await s.getByText('Name is required').waitFor();
    await s.getByLabel('Name', { exact: true }).fill('Sam Seller');
    await s.getByLabel('Email', { exact: true }).fill('sam@example.com');
    await s.getByRole('button', { name: 'Add agent' }).click();
    const shown = s.getByRole('alert').getByRole('textbox', { name: 'Copy credential' });
    agentCredential = await shown.inputValue();
    expect(agentCredential.length).toBeGreaterThan(10);
    await s.getByRole('row', { name: /Sam Seller/ }).waitFor();
    expect(await s.getByRole('checkbox', { name: 'Can manage live chat: Sam Seller' }).isChecked()).toBe(false);
    await options.screenshot(s, 'agents');
    await s.getByRole('button', { name: 'Done' }).click();
    expect(await s.getByText(agentCredential).count()).toBe(0);
    expect(await s.getByRole('textbox', { name: 'Copy credential' }).count()).toBe(0);
  });

  it('changes an agent\'s role and permission, and revokes after confirmation', async () => {
    const s = options.section('agents');
    await s.getByLabel('Name', { exact: true }).fill('Rita Temp');
    await s.getByLabel('Email', { exact: true }).fill('rita@example.com');
    await s.getByRole('button', { name: 'Add agent' }).click();
    const ritaCredential = await s.getByRole('alert').getByRole('textbox', { name: 'Copy credential' }).inputValue();
    await s.getByRole('button', { name: 'Done' }).click();
    const permission = s.getByRole('checkbox', { name: 'Can manage live chat: Rita Temp' });
    await permission.check();
    await s.getByRole('combobox', { name: 'Role: Rita Temp' }).selectOption('admin');
    // The room answered with the new team list: admins always manage live chat, so the box locks.
    await expect.poll(() => permission.isDisabled()).toBe(true);
    const rita = new Client(server, 'workspace', ws);
    const seen = await rita.open(await sessionToken(server, ws, ritaCredential));
    rita.close();
    expect(seen.me).toMatchObject({ role: 'admin', manageLiveChat: true });

    const row = s.getByRole('row', { name: /Rita Temp/ });
    await row.getByRole('button', { name: 'Revoke' }).click();
    await row.getByRole('alertdialog').getByRole('button', { name: 'Revoke' }).click();
    await row.getByText('revoked').waitFor();
    const refused = await fetch(`${server.url}/parties/workspace/${ws}/session`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ credential: ritaCredential }),
    });
    expect(refused.status).toBe(401);
  });

  it('saves notification switches with settings-save', async () => {
    const s = options.section('notifications');
    const assigned = s.getByRole('switch', { name: 'Conversation assigned to me' });
    expect(await assigned.isChecked()).toBe(true);
    await assigned.click();
    await s.getByRole('status').getByText('Notification settings saved.').waitFor();
    await s.getByRole('button', { name: 'Turn all off' }).click();
    // What the room stored for this agent (it answers every hello with the settings).
    await expect.poll(async () => (await adminWelcome()).settings, { timeout: 15_000 }).toEqual({
      enabled: false,
      newUnassigned: true,
      assignedToMe: false,
      newMessage: true,
      sound: false,
    });
    expect(await s.getByRole('switch', { name: 'All notifications' }).isChecked()).toBe(false);
    expect(await s.getByRole('switch', { name: 'New unassigned conversation' }).isDisabled()).toBe(true);
    await options.screenshot(s, 'notifications');
    // The room kept them: a fresh page shows the same switches.
    await options.page.reload();
    await s.getByRole('switch', { name: 'New message in my conversation' }).waitFor();
    expect(await s.getByRole('switch', { name: 'All notifications' }).isChecked()).toBe(false);
    expect(await s.getByRole('switch', { name: 'Conversation assigned to me' }).isChecked()).toBe(false);
    expect(await s.getByRole('switch', { name: 'New unassigned conversation' }).isChecked()).toBe(true);
    await options.screenshot(options.page, 'full-page');
  });
});

describe('options page, as an agent without the manage-live-chat permission', () => {
  it('shows playbooks read-only, and the server refuses a save anyway', async () => {
    await options.section('connect').getByRole('button', { name: 'Disconnect' }).click();
    await options.connect(server.url, ws, agentCredential);
    await options.connectStatus.getByText(`Connected to ${ws} as Sam Seller (Agent).`).waitFor();
    const s = options.section('playbooks');
    await s.getByText('You can view playbooks but not change them').first().waitFor();
    expect(await s.getByRole('button', { name: 'New playbook' }).count()).toBe(0);
    await s.getByRole('button', { name: 'Pricing page' }).click();
    const card = options.card('live-chat');
    await card.getByRole('button', { name: 'Edit card' }).click();
    expect(await options.richText(card, 'Offline message').getAttribute('readonly')).not.toBeNull();
    expect(await card.getByLabel('Wait time').isDisabled()).toBe(true);
    expect(await options.editor.getByRole('button', { name: 'Save', exact: true }).count()).toBe(0);
    expect(await options.editor.getByRole('button', { name: 'Delete card' }).count()).toBe(0);
    expect(await options.section('agents').getByText('Only admins manage agents.').count()).toBe(1);
    await options.screenshot(options.section('playbooks'), 'agent-read-only');

    // Straight to the room with the agent's own token: refused, and nothing changes.
    const before = (await served(playbookId)).playbook;
    const client = new Client(server, 'workspace', ws);
    const welcome = await client.open(await sessionToken(server, ws, agentCredential));
    const stored = welcome.playbooks.find((p: { id: string }) => p.id === playbookId);
    const { installedAt: _i, updatedAt: _u, ...input } = stored;
    const answer = await client.request({ type: 'playbook-save', playbook: { ...input, name: 'Hijacked' } });
    client.close();
    expect(answer).toMatchObject({ type: 'error', code: 'forbidden' });
    expect((await served(playbookId)).playbook).toEqual(before);
  });
});

async function adminWelcome() {
  const admin = new Client(server, 'workspace', ws);
  const welcome = await admin.open(await sessionToken(server, ws, adminCredential));
  admin.close();
  return welcome;
}

async function findPlaybookId(name: string): Promise<string> {
  const welcome = await adminWelcome();
  const found = welcome.playbooks.find((p: { name: string }) => p.name === name);
  if (!found) throw new Error(`No playbook named ${name}`);
  return found.id;
}

function mkdirScreens() {
  // OptionsPage.screenshot makes the folder; the demo page shot may come first in a filtered run.
  mkdirSync('tests/e2e/screenshots', { recursive: true });
}
