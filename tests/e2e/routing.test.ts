import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { existsSync, mkdirSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { launchBrowser, launchWithExtension } from '../helpers/browser';
import { Client, addAgent, setupWorkspace, type Frame } from '../helpers/clients';
import { launchAgent, SidePanel, type Agent } from '../helpers/extension-panel';
import { OptionsPage } from '../helpers/options-page';
import { storedPlaybook } from '../helpers/routing';
import { sharedServer, type TestServer } from '../helpers/server';
import { WidgetPage } from '../helpers/widget-page';
import { serveDemoSite } from '../../scripts/demo-site.mjs';
import { backText } from '../../widget/hours';
import { strings } from '../../widget/i18n';

// Issue 13's story, in order (each step relies on the one before): an admin sets a team, Max chats, business
// hours and Round robin in the options page; two agents of the team go Online in their side panels; two visitors'
// chats are dealt one to each; a third waits in line with its place shown, and is dealt when a seat frees up;
// then outside business hours (a holiday set in the options page) the widget says when the team is back, in the
// visitor's own time zone.

const EXT = resolve('.output/chrome-mv3');
const SHOTS = 'tests/e2e/screenshots';
const DAY = 86_400_000;
/** The visitors' own zone: the "back at" time is said in it, not in the workspace's (UTC). */
const VISITOR_ZONE = 'America/New_York';
const WEEKDAY_NAMES = ['Sunday', 'Monday', 'Tuesday', 'Wednesday', 'Thursday', 'Friday', 'Saturday'];
const utcDate = (t: number) => new Date(t).toISOString().slice(0, 10);

let server: TestServer;
let setup: Awaited<ReturnType<typeof setupWorkspace>>;
let admin: Client;
let site: { url: string; close: () => Promise<void> };
let adminBrowser: { context: BrowserContext; extensionId: string };
let options: OptionsPage;
let browser: Browser;
const agents: Record<'Bob' | 'Cleo', { credential: string; ext?: Agent; panel?: SidePanel }> = { Bob: { credential: '' }, Cleo: { credential: '' } };
const visitors: BrowserContext[] = [];

beforeAll(async () => {
  if (!existsSync(`${EXT}/manifest.json`)) throw new Error('Build the extension first: npm run build');
  mkdirSync(SHOTS, { recursive: true });
  server = await sharedServer();
  setup = await setupWorkspace(server, []);
  admin = new Client(server, 'workspace', setup.ws);
  await admin.open(setup.adminToken);
  for (const name of ['Bob', 'Cleo'] as const) agents[name].credential = (await addAgent(server, setup.ws, admin, name)).credential;
  site = await serveDemoSite({ port: 0, serverUrl: server.url, workspace: setup.ws, playbook: setup.playbookId });
  // The demo site is the playbook's allowed site (the options page's Installation section does this; tested there).
  const saved = await admin.request({ type: 'playbook-save', playbook: { ...storedPlaybook(admin, setup.playbookId), allowedOrigins: [site.url] } });
  expect(saved.type, JSON.stringify(saved)).toBe('ok');
  [adminBrowser, browser] = await Promise.all([launchWithExtension(EXT), launchBrowser()]);
  options = await OptionsPage.open(adminBrowser.context, adminBrowser.extensionId);
  options.page.on('pageerror', (e) => console.log('OPTIONS ERROR', e.message));
});

afterAll(async () => {
  for (const v of visitors) await v.close();
  for (const a of Object.values(agents)) await a.ext?.context.close();
  await adminBrowser?.context.close();
  await browser?.close();
  admin?.close();
  await site?.close();
  await server?.stop();
});

/** A visitor on the demo site, in their own zone, who opens the widget and asks for sales (the live chat card). */
async function visit(): Promise<{ page: Page; widget: WidgetPage }> {
  const context = await browser.newContext({ locale: 'en-US', timezoneId: VISITOR_ZONE, viewport: { width: 1000, height: 720 } });
  visitors.push(context);
  const page = await context.newPage();
  page.on('pageerror', (e) => console.log('WIDGET ERROR', e.message));
  await page.goto(site.url + '/');
  const widget = new WidgetPage(page);
  await widget.open();
  await widget.choose('Talk to sales');
  return { page, widget };
}

/** Who the widget says joined the chat (the event line reads "Bob joined the chat · 09:41"). */
async function joined(widget: WidgetPage): Promise<string> {
  const line = widget.log.getByText(/ joined the chat/).first();
  await line.waitFor();
  return /^(.+?) joined the chat/.exec((await line.textContent())!.trim())![1]!;
}

describe('routing, from the options page to the widget', () => {
  it('an admin adds the team Sales with Bob and Cleo, Max chats 1, business hours in UTC and Round robin on the live chat card', async () => {
    await options.connect(server.url, setup.ws, setup.adminCredential);
    await options.connectStatus.getByText(/^Connected to /).waitFor();

    const teams = options.section('teams');
    await teams.getByText('No teams yet.').waitFor();
    await teams.getByLabel('Team name', { exact: true }).fill('Sales');
    await teams.getByRole('button', { name: 'Add team', exact: true }).click();
    const sales = teams.locator('[data-team="Sales"]');
    await sales.getByRole('checkbox', { name: 'Bob', exact: true }).check();
    await sales.getByRole('checkbox', { name: 'Cleo', exact: true }).check();
    const routing = await admin.next((f) => f.type === 'routing' && f.routing.teams.some((t: Frame) => t.name === 'Sales'));
    const teamId: string = routing.routing.teams.find((t: Frame) => t.name === 'Sales').id;
    await admin.next((f) => f.type === 'agents' && ['Bob', 'Cleo'].every((n) => f.agents.find((a: Frame) => a.name === n)?.teams?.includes(teamId)));

    const agentsSection = options.section('agents');
    await agentsSection.getByLabel('Max chats per agent', { exact: true }).fill('1');
    await agentsSection.getByRole('button', { name: 'Save Max chats', exact: true }).click();
    await agentsSection.getByText('Max chats saved.').waitFor();
    await admin.next((f) => f.type === 'routing' && f.routing.defaultMaxChats === 1);
    expect(await agentsSection.getByLabel('Max chats: Bob', { exact: true }).getAttribute('placeholder')).toBe('1 (default)');
    await options.screenshot(agentsSection, 'agents-max-chats');

    // Business hours in UTC: Monday to Friday 09:00–18:00 as proposed, and today and tomorrow (UTC) open all day
    // in two ranges (00:00–12:00, 12:00–midnight), so the chats below come in hours whatever the time of the run.
    const hours = options.section('hours');
    await hours.getByRole('switch', { name: 'Open only during business hours', exact: true }).check();
    await hours.getByLabel('Time zone', { exact: true }).fill('UTC');
    const now = Date.now();
    for (const day of [now, now + DAY].map((t) => WEEKDAY_NAMES[new Date(t).getUTCDay()]!)) {
      const opens = (n: number) => hours.getByLabel(`${day}, range ${n}: opens`, { exact: true });
      const closes = (n: number) => hours.getByLabel(`${day}, range ${n}: closes`, { exact: true });
      if (!(await opens(1).count())) await hours.getByRole('button', { name: `Add range: ${day}`, exact: true }).click();
      await opens(1).fill('00:00');
      await closes(1).fill('12:00');
      await hours.getByRole('button', { name: `Add range: ${day}`, exact: true }).click();
      expect(await opens(2).inputValue()).toBe('12:00');
      await closes(2).fill('00:00');
    }
    await hours.getByRole('button', { name: 'Save business hours', exact: true }).click();
    await hours.getByText('Business hours saved.').waitFor();
    const stored = await admin.next((f) => f.type === 'routing' && f.routing.hours?.timeZone === 'UTC');
    expect(stored.routing.hours.week[['sun', 'mon', 'tue', 'wed', 'thu', 'fri', 'sat'][new Date(now).getUTCDay()]!]).toEqual([
      { from: '00:00', to: '12:00' },
      { from: '12:00', to: '24:00' },
    ]);
    // The widget's config follows at once.
    const config = await (await fetch(`${server.url}/parties/workspace/${setup.ws}/widget/${setup.playbookId}`, { headers: { origin: site.url } })).json();
    expect(config.hours).toEqual({ open: true });
    await options.screenshot(hours, 'business-hours');
    await options.screenshot(teams, 'teams');

    await options.section('playbooks').getByRole('listitem').first().getByRole('button').first().click();
    await options.editor.waitFor();
    const card = options.card('live-chat');
    await card.getByRole('button', { name: 'Edit card' }).click();
    await card.getByLabel('Routing', { exact: true }).selectOption({ label: 'Round robin' });
    await card.getByLabel('Team', { exact: true }).selectOption({ label: 'Sales' });
    await card.getByLabel('Re-notify every', { exact: true }).fill('30');
    await options.editor.getByRole('button', { name: 'Save', exact: true }).click();
    await options.editor.getByRole('status').getByText('Saved.').waitFor();
    await options.screenshot(card.locator('fieldset.routing'), 'live-chat-routing');
    const playbooks = await admin.next((f) => f.type === 'playbooks' && f.playbooks.some((p: Frame) => p.cards.some((c: Frame) => c.routing === 'round-robin')));
    const liveChat = playbooks.playbooks.find((p: Frame) => p.id === setup.playbookId).cards.find((c: Frame) => c.type === 'live-chat');
    expect(liveChat).toMatchObject({ routing: 'round-robin', team: teamId, renotifyEverySec: 30 });
  });

  it('Bob and Cleo go Online in their side panels', async () => {
    for (const name of ['Bob', 'Cleo'] as const) {
      const a = agents[name];
      a.ext = await launchAgent(server.url, setup.ws, a.credential);
      a.panel = await SidePanel.open(a.ext);
      a.panel.page.on('pageerror', (e) => console.log(`${name} PANEL ERROR`, e.message));
      await expect.poll(() => a.panel!.onlineSwitch.isEnabled()).toBe(true);
      await a.panel.goOnline();
    }
    await admin.next((f) => f.type === 'agents' && ['Bob', 'Cleo'].every((n) => f.agents.find((a: Frame) => a.name === n)?.status === 'online'));
  });

  it('two chats are dealt one to each: each lands in a different agent’s Mine', async () => {
    const first = await visit();
    const firstAgent = await joined(first.widget);
    const second = await visit();
    const secondAgent = await joined(second.widget);
    expect(new Set([firstAgent, secondAgent])).toEqual(new Set(['Bob', 'Cleo']));
    for (const name of ['Bob', 'Cleo'] as const) {
      const panel = agents[name].panel!;
      await panel.page.getByRole('tab', { name: 'Mine 1', exact: true }).click();
      await expect.poll(() => panel.list.getByRole('option').count()).toBe(1);
    }
  });

  it('a third chat waits in line with its place shown, and is dealt as soon as a seat frees up', async () => {
    const third = await visit();
    const place = third.page.getByRole('status').getByText('You are number 1 in line', { exact: true });
    await place.waitFor();
    await third.page.screenshot({ path: `${SHOTS}/routing-widget-queue-place.png` });
    expect(await third.widget.log.getByText(/ joined the chat/).count()).toBe(0);

    // Bob closes his chat: his seat goes to the chat first in line.
    const bob = agents.Bob.panel!;
    await bob.list.getByRole('option').first().click();
    await bob.button('Close conversation').click();
    await bob.button('Close it').click();
    await bob.page.getByText('This conversation is closed. Its details can still be edited.').waitFor();
    expect(await joined(third.widget)).toBe('Bob');
    await place.waitFor({ state: 'detached' });
  });

  it('outside business hours (today and tomorrow made holidays) the widget says when the team is back, in the visitor’s zone', async () => {
    const hours = options.section('hours');
    const now = Date.now();
    for (const [i, date] of [utcDate(now), utcDate(now + DAY)].entries()) {
      await hours.getByRole('button', { name: 'Add exception', exact: true }).click();
      const exception = hours.locator('fieldset.exception').nth(i);
      await exception.getByLabel('Date', { exact: true }).fill(date);
      expect(await exception.getByLabel('That day', { exact: true }).inputValue()).toBe('closed');
    }
    await hours.getByRole('button', { name: 'Save business hours', exact: true }).click();
    await hours.getByText('Business hours saved.').waitFor();
    await admin.next((f) => f.type === 'routing' && f.routing.hours?.exceptions.length === 2);
    await options.screenshot(hours, 'business-hours-holidays');

    // Back: the first weekday after tomorrow (UTC), at 09:00 UTC (the week's hours, as proposed).
    const from = Date.parse(`${utcDate(now + 2 * DAY)}T00:00:00Z`);
    const back = [0, 1, 2, 3].map((d) => from + d * DAY).find((t) => ![0, 6].includes(new Date(t).getUTCDay()))! + 9 * 3_600_000;
    const { page, widget } = await visit();
    const expected = backText(back, Date.now(), 'en-US', strings('en'), VISITOR_ZONE);
    expect(expected).toMatch(/^We're back .+ at \d\d:\d\d\.$/);
    await widget.waitForText(expected);
    // Straight to the offline flow: nobody is notified, the visitor is asked for their details.
    await widget.waitForText('What is your name?');
    await page.screenshot({ path: `${SHOTS}/routing-widget-back-at.png` });
  });
});
