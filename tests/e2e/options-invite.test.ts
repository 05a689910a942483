import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import type { BrowserContext } from 'playwright-core';
import { launchWithExtension } from '../helpers/browser';
import { sharedServer, type TestServer } from '../helpers/server';
import { Client, setupWorkspace, type Frame } from '../helpers/clients';
import { OptionsPage } from '../helpers/options-page';
import { SidePanel } from '../helpers/extension-panel';
import { parseInviteLink } from '../../protocol';

// Issue 17, onboarding in Chromium: an admin invites an agent from the options page; the agent, in their own
// browser with the extension, opens the link (the server's invite page), pastes it in their options page, and
// Server, Workspace and Credential fill themselves; the agent goes Online. Then the admin re-issues the
// agent's credential: the agent's extension is disconnected at once.

const EXT = resolve('.output/chrome-mv3');
let server: TestServer;
let adminBrowser: BrowserContext;
let agentBrowser: BrowserContext;
let adminPage: OptionsPage;
let agentPage: OptionsPage;
let agentExtensionId: string;
let w: Awaited<ReturnType<typeof setupWorkspace>>;
/** The admin's own socket beside the pages: what the room says to admins. */
let watcher: Client;

beforeAll(async () => {
  if (!existsSync(`${EXT}/manifest.json`)) throw new Error('Build the extension first: npm run build');
  server = await sharedServer();
  w = await setupWorkspace(server);
  watcher = new Client(server, 'workspace', w.ws);
  await watcher.open(w.adminToken);
  const admin = await launchWithExtension(EXT);
  adminBrowser = admin.context;
  adminPage = await OptionsPage.open(adminBrowser, admin.extensionId);
  await adminPage.page.setViewportSize({ width: 1000, height: 900 });
  await adminPage.connect(server.url, w.ws, w.adminCredential);
  await adminPage.connectStatus.getByText(`Connected to ${w.ws} as Ada Admin (Admin).`).waitFor();
  const agent = await launchWithExtension(EXT);
  agentBrowser = agent.context;
  agentExtensionId = agent.extensionId;
});

afterAll(async () => {
  watcher?.close();
  await adminBrowser?.close();
  await agentBrowser?.close();
  await server?.stop();
});

const statusOf = (name: string) => watcher.frames.findLast((f) => f.type === 'agents')?.agents.find((a: Frame) => a.name === name)?.status;

describe('onboarding in the browser', () => {
  let link = '';

  it('the admin invites an agent and gets a one-time link; the invite is listed as pending', async () => {
    const s = adminPage.section('agents');
    const form = s.getByRole('form', { name: 'Add agent' });
    await form.getByLabel('Name', { exact: true }).fill('Bea Agent');
    await form.getByLabel('Email', { exact: true }).fill('bea@example.com');
    await form.getByRole('button', { name: 'Create invite link' }).click();
    const box = s.getByRole('textbox', { name: 'Invite link', exact: true });
    await box.waitFor();
    link = await box.inputValue();
    expect(parseInviteLink(link)).toMatchObject({ server: server.url, workspace: w.ws });
    await s.locator('tr[data-invite="bea@example.com"]').waitFor();
    await s.getByText('Ada Admin invited Bea Agent.').waitFor();
    await adminPage.screenshot(s, 'invite-created');
  });

  it("the link opens the server's invite page, which shows what to do and the link to paste", async () => {
    const page = await agentBrowser.newPage();
    await page.setViewportSize({ width: 800, height: 600 });
    await page.goto(link);
    await page.getByRole('heading', { name: 'You are invited to Baton' }).waitFor();
    expect(await page.getByLabel('Your invite link').inputValue()).toBe(link);
    await page.screenshot({ path: 'tests/e2e/screenshots/invite-page.png' });
    await page.close();
  });

  it("pasted in the agent's options page, it fills Server, Workspace and Credential by itself, connects, and the agent goes Online", async () => {
    agentPage = await OptionsPage.open(agentBrowser, agentExtensionId);
    await agentPage.page.setViewportSize({ width: 1000, height: 900 });
    const s = agentPage.section('connect');
    expect(await s.getByLabel('Credential', { exact: true }).inputValue()).toBe('');
    await s.getByLabel('Invite link', { exact: true }).fill(link);
    await agentPage.screenshot(s, 'invite-join');
    await s.getByRole('button', { name: 'Join', exact: true }).click();
    await agentPage.connectStatus.getByText(`Connected to ${w.ws} as Bea Agent (Agent).`).waitFor();
    expect(await s.getByLabel('Server', { exact: true }).inputValue()).toBe(server.url);
    expect(await s.getByLabel('Workspace', { exact: true }).inputValue()).toBe(w.ws);
    expect(await s.getByLabel('Credential', { exact: true }).inputValue()).toMatch(/^bat_[a-f0-9]{16}_/);
    await agentPage.screenshot(s, 'invite-joined');

    const worker = agentBrowser.serviceWorkers()[0]!;
    const panel = await SidePanel.open({ context: agentBrowser, extensionId: agentExtensionId, worker });
    await panel.goOnline();
    await watcher.next(() => statusOf('Bea Agent') === 'online');
    // The admin's page: no pending invite any more, and the access log says Bea joined.
    const agents = adminPage.section('agents');
    await agents.getByText('Bea Agent joined with their invite link.').waitFor();
    await agents.getByText('No pending invites.').waitFor();
    await panel.page.close();
  });

  it('the same link a second time says it was used, and changes nothing', async () => {
    const s = agentPage.section('connect');
    await s.getByLabel('Invite link', { exact: true }).fill(link);
    await s.getByRole('button', { name: 'Join', exact: true }).click();
    await s.getByText('This invite link was already used. Ask your admin for a new one.').waitFor();
    await agentPage.connectStatus.getByText(`Connected to ${w.ws} as Bea Agent (Agent).`).waitFor();
  });

  it("re-issuing Bea's credential disconnects her extension at once and gives the admin a new link", async () => {
    const s = adminPage.section('agents');
    const row = s.locator('tr[data-agent="bea@example.com"]');
    await row.getByRole('button', { name: 'Re-issue credential of Bea Agent' }).click();
    await row.getByRole('alertdialog').getByRole('button', { name: 'Re-issue credential' }).click();
    await s.getByText(/^New link for Bea Agent: their old credential no longer works/).waitFor();
    const again = await s.getByRole('textbox', { name: 'Invite link', exact: true }).inputValue();
    expect(again).not.toBe(link);
    await adminPage.screenshot(s, 'invite-reissued');
    await agentPage.connectStatus.getByText('Wrong credential: the workspace did not accept it (changed or revoked). Ask an admin for a new invite link and paste it below.').waitFor();
    await watcher.next(() => statusOf('Bea Agent') === 'offline');
    // Bea pastes the new link: she is connected again, as the same agent.
    const s2 = agentPage.section('connect');
    await s2.getByLabel('Invite link', { exact: true }).fill(again);
    await s2.getByRole('button', { name: 'Join', exact: true }).click();
    await agentPage.connectStatus.getByText(`Connected to ${w.ws} as Bea Agent (Agent).`).waitFor();
    await watcher.next(() => statusOf('Bea Agent') !== 'offline');
    expect(watcher.frames.findLast((f) => f.type === 'agents')!.agents.filter((a: Frame) => a.name === 'Bea Agent')).toHaveLength(1);
  });
});
