import { afterAll, beforeAll, expect, it } from 'vitest';
import { existsSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { launchWithExtension } from '../helpers/browser';
import { launchWithExtensionIn } from '../helpers/options-browser';
import { startServer, type TestServer } from '../helpers/server';
import { Client, DEMO_ORIGIN, post, visitorContext, type Frame } from '../helpers/clients';
import { routedWorkspace, type RoutedAgent } from '../helpers/routing';
import { OptionsPage } from '../helpers/options-page';
import { assertNoViolations, auditSchemes } from '../helpers/axe';
import { addDays, todayIn } from '../../models/options/insights';

/*
 * Issue 16, the options page's Insights section in real Chromium against a real `partykit dev`: 90 days of chats
 * made through the real rooms (BATON_TEST_CLOCK: each chat starts at the time the test says and its room runs
 * from there), the section drawn for `Last 90 days`, its figures table equal to what the script did, and
 * `Export CSV` downloading the same figures. Screenshots: light, dark, French.
 */

const EXT = resolve('.output/chrome-mv3');
const ZONE = 'Europe/Paris';
let server: TestServer;
let contexts: BrowserContext[] = [];
let w: Awaited<ReturnType<typeof routedWorkspace>>;
let ann: RoutedAgent;
let visitors = 0;

/** The instant it is `hhmm` in Paris on `day` (CET or CEST, whichever that day has). */
function paris(day: string, hhmm: string): string {
  for (const offset of [1, 2]) {
    const t = Date.parse(`${day}T${hhmm}:00Z`) - offset * 3_600_000;
    const shown = new Intl.DateTimeFormat('en-GB', { timeZone: ZONE, hour: '2-digit', minute: '2-digit', hourCycle: 'h23' }).format(t);
    if (shown === hhmm) return new Date(t).toISOString();
  }
  throw new Error(`no ${hhmm} in Paris on ${day}`);
}
const at = (iso: string) => ({ origin: DEMO_ORIGIN, 'x-baton-test-now': String(Date.parse(iso)) });

async function chatAt(iso: string, vid = `ins-ui-${process.pid}-${String(visitors++).padStart(6, '0')}`) {
  const res = await post(server, `/parties/workspace/${w.ws}/conversations`, { playbookId: w.playbookId, transcript: [], answers: { topic: 'sales' }, context: visitorContext, visitorId: vid }, at(iso));
  return { status: res.status, id: res.body?.conversationId as string, visitorToken: res.body?.visitorToken as string, vid };
}

/** Ann answers the chat routing gave her (a reply, CRM items), then closes it. */
async function answer(id: string, opts: { lead?: boolean; deal?: boolean } = {}) {
  const c = new Client(server, 'conversation', id);
  await c.open(ann.token);
  c.send({ type: 'send', id: `reply${id.slice(-12).replace(/[^A-Za-z0-9]/g, '')}`, text: 'Hello, how can I help?' });
  await c.next((f) => f.type === 'ack');
  if (opts.lead) expect((await c.request({ type: 'create-record', kind: 'lead' })).type).toBe('ok');
  if (opts.deal) expect((await c.request({ type: 'create-record', kind: 'deal' })).type).toBe('ok');
  const from = w.admin.frames.length;
  expect((await c.request({ type: 'close' })).type).toBe('ok');
  await w.admin.next((f) => f.type === 'conversation' && f.conversation.id === id && f.conversation.status === 'closed', 10_000, from);
  c.close();
}

async function rate(id: string, visitorToken: string, score: number, comment?: string) {
  const v = new Client(server, 'conversation', id);
  await v.open(visitorToken);
  expect((await v.request({ type: 'rate', score, ...(comment ? { comment } : {}) })).type).toBe('ok');
  v.close();
}

type Day = { answered: number; missed: number; offline: number; blocked: number };
const expected = new Map<string, Day>();
const count = (day: string, k: keyof Day) => {
  const d = expected.get(day) ?? { answered: 0, missed: 0, offline: 0, blocked: 0 };
  d[k]++;
  expected.set(day, d);
};
let today: string;
let totals = { chats: 0, leads: 0, deals: 0, ratings: 0 };

beforeAll(async () => {
  if (!existsSync(`${EXT}/manifest.json`)) throw new Error('Build the extension first: npm run build');
  server = await startServer({ vars: { BATON_CONVERSATIONS_PER_MINUTE: '10000', BATON_TEST_CLOCK: '1', BATON_WAIT_SECONDS_OVERRIDE: '2' } });
  w = await routedWorkspace(server, ['Ann'], { routing: 'round-robin' }, { defaultMaxChats: 1 });
  ann = w.agents[0]!;
  const allDay = [{ from: '00:00', to: '24:00' }];
  const hours = { timeZone: ZONE, week: { mon: allDay, tue: allDay, wed: allDay, thu: allDay, fri: allDay, sat: allDay, sun: allDay }, exceptions: [] };
  expect((await w.admin.request({ type: 'hours-save', hours })).type).toBe('ok');

  // 90 days ending yesterday in Paris: a chat answered every 6 days (a lead every other one, a deal every fourth,
  // a rating every third), the oldest day too; one missed, one offline form, one blocked visitor.
  today = todayIn(ZONE, Date.now());
  for (let ago = 89; ago >= 1; ago -= 6) {
    const day = addDays(today, -ago);
    const n = (89 - ago) / 6;
    const chat = await chatAt(paris(day, n % 2 ? '14:05' : '09:15'));
    expect(chat.status).toBe(201);
    const lead = n % 2 === 0;
    const deal = n % 4 === 0;
    await answer(chat.id, { lead, deal });
    count(day, 'answered');
    totals.chats++;
    if (lead) totals.leads++;
    if (deal) totals.deals++;
    if (n % 3 === 0) {
      await rate(chat.id, chat.visitorToken, 5 - (n % 5 === 0 ? 2 : 0), n === 0 ? 'Quick and clear' : undefined);
      totals.ratings++;
    }
  }
  // Missed: Ann is at her Max chats (1) when the second chat arrives; its wait runs out.
  const busyDay = addDays(today, -10);
  const first = await chatAt(paris(busyDay, '10:00'));
  const second = await chatAt(paris(busyDay, '10:05'));
  await w.admin.next((f) => f.type === 'conversation' && f.conversation.id === second.id && f.conversation.status === 'missed', 15_000);
  await answer(first.id);
  count(busyDay, 'answered');
  count(busyDay, 'missed');
  totals.chats += 2;
  // The offline form, then a blocked visitor trying again.
  const formDay = addDays(today, -20);
  const offline = await post(
    server,
    `/parties/workspace/${w.ws}/offline`,
    { playbookId: w.playbookId, submissionId: `sub${process.pid}insui01`, contact: { name: 'Olga', email: 'olga@example.com' }, create: ['lead'], transcript: [], answers: {}, context: visitorContext },
    at(paris(formDay, '20:30')),
  );
  expect(offline.status).toBe(200);
  count(formDay, 'offline');
  totals.chats++;
  const blockDay = addDays(today, -30);
  const spam = await chatAt(paris(blockDay, '11:00'));
  await answer(spam.id);
  count(blockDay, 'answered');
  expect((await w.admin.request({ type: 'block', conversationId: spam.id, reason: 'Spam' })).type).toBe('ok');
  expect((await chatAt(paris(blockDay, '11:30'), spam.vid)).status).toBe(503);
  count(blockDay, 'blocked');
  // The blocked attempt started no conversation: the room counts it apart.
  totals.chats += 1;

  // The workspace folds each chat's report just after the command's ok: wait until the figures are all in.
  const answered = [...expected.values()].reduce((a, d) => a + d.answered, 0);
  const deadline = Date.now() + 30_000;
  for (;;) {
    const ref = `i${Math.random().toString(36).slice(2)}`;
    const got = w.admin.next((f) => (f.type === 'insights' || f.type === 'error') && f.ref === ref);
    w.admin.send({ type: 'insights-get', ref, from: addDays(today, -89), to: today });
    const f: Frame = await got;
    expect(f.type).toBe('insights');
    const t = f.insights.totals;
    const done = t.chats === totals.chats && t.answered === answered && t.blocked === 1 && sumOf(t.ratings) === totals.ratings && t.deals === totals.deals;
    if (done || Date.now() > deadline) break;
    await w.admin.roundTrip();
  }
}, 240_000);

const sumOf = (xs: number[]) => xs.reduce((a, b) => a + b, 0);

afterAll(async () => {
  for (const c of contexts) await c.close();
  w?.admin.close();
  ann?.ws.close();
  await server?.stop();
});

async function openInsights(context: BrowserContext, extensionId: string, labels: { server: string; workspace: string; credential: string; connect: string; days90: string }): Promise<{ options: OptionsPage; page: Page }> {
  const options = await OptionsPage.open(context, extensionId);
  const page = options.page;
  await page.setViewportSize({ width: 1100, height: 900 });
  await page.getByLabel(labels.server, { exact: true }).fill(server.url);
  await page.getByLabel(labels.workspace, { exact: true }).fill(w.ws);
  await page.getByLabel(labels.credential, { exact: true }).fill(w.adminCredential);
  await page.getByRole('button', { name: labels.connect, exact: true }).click();
  const section = page.locator('section#insights');
  await section.waitFor();
  await section.getByRole('radio', { name: labels.days90 }).check();
  await section.locator(`#insights-volume-figures tr[data-day="${addDays(today, -89)}"]`).waitFor({ state: 'attached' });
  await section.locator('.chart[data-drawn="light"]').nth(2).waitFor({ state: 'attached' });
  return { options, page };
}

it('renders 90 days of real chats: the figures table matches the script, the charts are drawn, Export CSV downloads them', async () => {
  const launched = await launchWithExtension(EXT);
  contexts.push(launched.context);
  const { options, page } = await openInsights(launched.context, launched.extensionId, { server: 'Server', workspace: 'Workspace', credential: 'Credential', connect: 'Connect', days90: 'Last 90 days' });
  const section = page.locator('section#insights');
  expect(await section.locator('.zone').textContent()).toContain(ZONE);

  // Every day of the period has a row; the scripted days hold exactly what the script did, the others zeros.
  const rows = await section.locator('#insights-volume-figures tbody tr').evaluateAll((trs) =>
    trs.map((tr) => ({ day: tr.getAttribute('data-day')!, cells: [...tr.querySelectorAll('td')].map((td) => Number(td.textContent!.replace(/[^\d]/g, ''))) })),
  );
  expect(rows).toHaveLength(90);
  expect(rows[0]!.day).toBe(addDays(today, -89));
  expect(rows.at(-1)!.day).toBe(today);
  for (const r of rows) {
    const d = expected.get(r.day) ?? { answered: 0, missed: 0, offline: 0, blocked: 0 };
    expect(r.cells, r.day).toEqual([d.answered, d.missed, d.offline, d.blocked, d.answered + d.missed + d.offline]);
  }
  const tiles = await section.locator('.tiles > div').evaluateAll((ds) => Object.fromEntries(ds.map((d) => [d.querySelector('dt')!.textContent, d.querySelector('dd')!.textContent])));
  expect(tiles).toMatchObject({ Chats: String(totals.chats), Missed: '1', Leads: String(totals.leads + 1), Deals: String(totals.deals) });
  expect(await section.locator('table.per-agent tbody th').allTextContents()).toEqual(['Ann']);
  // Three canvases drawn, each named for screen readers.
  expect(await section.locator('.chart[data-drawn] canvas').count()).toBe(3);
  expect(await section.locator('.chart').first().getAttribute('aria-label')).toBe(
    `${totals.chats} conversations over 90 days: Answered ${totals.chats - 2}, Missed 1, Offline form 1, Blocked 1.`,
  );

  const [download] = await Promise.all([page.waitForEvent('download'), section.getByRole('button', { name: 'Export CSV' }).click()]);
  expect(download.suggestedFilename()).toBe(`baton-insights-${addDays(today, -89)}-${today}.csv`);
  const csv = readFileSync((await download.path())!, 'utf8');
  expect(csv.startsWith('\uFEFFbaton-insights,from,')).toBe(true);
  const dayLines = csv.split('\r\n').filter((l) => /^\d{4}-\d\d-\d\d,/.test(l));
  expect(dayLines).toHaveLength(90);
  for (const line of dayLines) {
    const [day, chats, answered, missed, offline, blocked] = line.split(',');
    const d = expected.get(day!) ?? { answered: 0, missed: 0, offline: 0, blocked: 0 };
    expect([chats, answered, missed, offline, blocked].map(Number), day).toEqual([d.answered + d.missed + d.offline, d.answered, d.missed, d.offline, d.blocked]);
  }
  expect(csv).toContain('\r\nagents\r\n');
  expect(csv).toMatch(/\r\nAnn,\d+,/);
  await section.getByText(`Saved baton-insights-${addDays(today, -89)}-${today}.csv.`).waitFor();

  await options.screenshot(section, 'insights-90-days');
  // Dark: the page's colours change, the charts redraw with them.
  await page.emulateMedia({ colorScheme: 'dark' });
  await page.waitForFunction(() => document.querySelectorAll('#insights .chart[data-drawn="dark"]').length === 3);
  // Drawn again with the dark page's colours: the axis labels are light now.
  expect(await section.locator('.chart[data-drawn="light"]').count()).toBe(0);
  await options.screenshot(section, 'insights-dark');

  // axe over the page with the section's figures tables open, light and dark.
  await section.locator('details.figures').evaluateAll((ds) => ds.forEach((d) => d.setAttribute('open', '')));
  assertNoViolations(await auditSchemes(page, 'options, Insights with its figures open'));
});

it('speaks French, dates and numbers included', async () => {
  const launched = await launchWithExtensionIn('fr-FR');
  contexts.push(launched.context);
  const { options, page } = await openInsights(launched.context, launched.extensionId, {
    server: 'Serveur',
    workspace: 'Espace de travail',
    credential: 'Identifiant secret',
    connect: 'Se connecter',
    days90: '90 derniers jours',
  });
  const section = page.locator('section#insights');
  expect(await section.locator('h2').textContent()).toBe('Statistiques');
  expect(await section.locator('.zone').textContent()).toContain(`fuseau de l’espace de travail : ${ZONE}`);
  expect(await section.getByRole('button', { name: 'Exporter en CSV' }).isEnabled()).toBe(true);
  expect(await section.locator('.chart').first().getAttribute('aria-label')).toContain('conversations sur 90 jours');
  await options.screenshot(section, 'insights-fr');
});
