import { afterAll, beforeAll, expect, it } from 'vitest';
import { resolve } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { launchAgent, SidePanel, type Agent } from '../helpers/extension-panel';
import { OptionsPage } from '../helpers/options-page';
import { startWidgetEnv, type WidgetEnv } from '../helpers/widget-env';
import { WidgetPage } from '../helpers/widget-page';

/*
 * Issue 16 end to end, in one Chromium with the real extension, against a real `partykit dev`: a visitor chats in
 * the real widget on the demo site, Ben claims, answers and closes the chat in the side panel; the visitor gives
 * 4 stars and a comment in the widget's "Rate this chat"; the side panel's closed chat shows the rating, and the
 * options page's Insights (Last 7 days) goes from no rating to one rating of 4 in its tiles, distribution,
 * per-day figures and per-agent table. Everything is read by role and accessible name.
 */

const COMMENT = 'Ben was quick and clear';
let env: WidgetEnv;
let ben: Agent;

beforeAll(async () => {
  env = await startWidgetEnv(`rate-e2e-${process.pid.toString(36)}`);
  // Ben, an admin of the workspace (insights need admin or manage live chat), answers in the side panel.
  env.workspace.send({ type: 'agent-create', ref: 'ben', name: 'Ben', email: 'ben@northwind.example', role: 'admin', manageLiveChat: true });
  const created = await env.workspace.next((f) => f.ref === 'ben', 'agent-create answer');
  if (created.type !== 'agent-created') throw new Error(`agent-create refused: ${JSON.stringify(created)}`);
  ben = await launchAgent(env.server.url, env.workspaceId, created.credential, resolve('.output/chrome-mv3'));
});

afterAll(async () => {
  await ben?.context.close();
  await env?.stop();
});

/** The Insights section as the options page draws it, and its figures read as a user (or a screen reader) would. */
function insightsOf(page: Page) {
  const section = page.getByRole('region', { name: 'Insights', exact: true });
  const ratings = section.getByRole('figure', { name: 'Ratings', exact: true });
  const tile = (name: string) => section.getByRole('term').filter({ hasText: new RegExp(`^${name}$`) }).locator('xpath=following-sibling::*[1]');
  const cells = (row: Locator) => row.getByRole('cell').allTextContents();
  return {
    section,
    ratings,
    tile,
    /** "How visitors rated": stars → how many, 5 stars first. */
    async distribution(): Promise<Record<string, number>> {
      const items = await ratings.getByRole('list').first().getByRole('listitem').allInnerTexts();
      return Object.fromEntries(items.map((t) => t.match(/^(\d) stars?\s*(\d+)$/)!.slice(1, 3).map(Number) as [number, number]));
    },
    /** The per-agent table's row for `name`: chats, first response, average rating, ratings, leads, deals. */
    agentRow: (name: string) => cells(section.getByRole('table', { name: 'Per agent' }).getByRole('row').filter({ has: page.getByRole('rowheader', { name, exact: true }) })),
    /** Each day's (average rating, ratings) from the ratings chart's figures table, oldest first. */
    async perDay(): Promise<string[][]> {
      const table = ratings.getByRole('table', { name: 'Average rating per day' });
      const rows = await table.getByRole('row').all();
      return Promise.all(rows.slice(1).map(cells));
    },
  };
}

/** Chooses Last 7 days and waits until the section shows that week's figures (seven days in the volume table, folded or not). */
async function lastSevenDays(page: Page) {
  const { section } = insightsOf(page);
  await section.getByRole('radio', { name: 'Last 7 days' }).check();
  const volume = section.getByRole('table', { name: 'Conversations per day', includeHidden: true });
  await expect.poll(() => volume.getByRole('row', { includeHidden: true }).count()).toBe(8);
  await expect.poll(() => section.getAttribute('aria-busy')).toBeNull();
}

it('a rating given in the widget shows in the side panel’s closed chat and in the Insights figures', async () => {
  const { context, extensionId } = ben;
  // Ben goes online in the side panel: the widget offers a live chat.
  const panel = await SidePanel.open(ben);
  const errors: string[] = [];
  panel.page.on('pageerror', (e) => errors.push(`panel: ${e.message}`));
  await expect.poll(() => panel.onlineSwitch.isEnabled()).toBe(true);
  await panel.goOnline();

  // The visitor, on the demo site, opens the widget and asks for sales.
  const site = await context.newPage();
  site.on('pageerror', (e) => errors.push(`site: ${e.message}`));
  await site.goto(env.site.url);
  const widget = new WidgetPage(site);
  await widget.open();
  await widget.choose('Talk to sales');
  await widget.say('Do you ship to Lyon?');

  // Ben assigns it to himself, answers and closes it.
  await panel.folder('Unassigned').click();
  const row = panel.list.getByRole('option').filter({ hasText: 'Do you ship to Lyon?' });
  // The visitor's name, as the list shows it first (made up by the room: the visitor gave none).
  const visitorName = (await row.innerText()).split('\n')[0]!.trim();
  await row.click();
  await panel.transcript.getByText('Do you ship to Lyon?').waitFor();
  await panel.button('Assign to me').click();
  await panel.transcript.getByText('Ben joined').waitFor();
  await panel.send('Yes, in two days.');
  await widget.waitForText('Yes, in two days.');
  await panel.button('Close conversation').click();
  await panel.page.getByRole('alertdialog').waitFor();
  await panel.button('Close it').click();
  await panel.page.getByText('This conversation is closed. Its details can still be edited.').waitFor();

  // Before the rating: Insights count the chat, and no rating.
  const options = await OptionsPage.open(context, extensionId);
  options.page.on('pageerror', (e) => errors.push(`options: ${e.message}`));
  await options.page.setViewportSize({ width: 1100, height: 900 });
  await lastSevenDays(options.page);
  const before = insightsOf(options.page);
  expect(await before.tile('Chats').textContent()).toBe('1');
  expect(await before.tile('Average rating').textContent()).toBe('—');
  expect(await before.distribution()).toEqual({ 5: 0, 4: 0, 3: 0, 2: 0, 1: 0 });
  expect(await before.ratings.getByText('No ratings in this period.').count()).toBeGreaterThan(0);
  expect(await before.ratings.getByRole('table').count()).toBe(0);
  // Chats, first response, average rating, ratings, leads, deals.
  const benBefore = await before.agentRow('Ben');
  expect([benBefore[0], benBefore[2], benBefore[3]]).toEqual(['1', '—', '0']);

  // The widget asks "Rate this chat": 4 stars, a comment, Send.
  const rate = site.getByRole('group', { name: 'Rate this chat' });
  await rate.getByRole('radio', { name: 'Good, 4 of 5' }).check();
  await site.getByRole('textbox', { name: 'Comment (optional)' }).fill(COMMENT);
  await site.getByRole('button', { name: 'Send', exact: true }).click();
  await site.getByRole('status').filter({ hasText: 'Thank you for your rating!' }).waitFor();

  // The side panel: the closed chat, opened from Closed, shows 4 out of 5 and the comment.
  await panel.back();
  await panel.openChat('Closed', visitorName);
  const rated = panel.transcript.getByRole('listitem').filter({ hasText: 'The visitor rated the chat 4 out of 5' });
  await rated.waitFor();
  expect(await rated.getByText(COMMENT, { exact: true }).count()).toBe(1);

  // Insights, shown again: one rating, of 4, in every figure.
  await options.page.reload();
  await lastSevenDays(options.page);
  const after = insightsOf(options.page);
  await expect.poll(() => after.tile('Average rating').textContent()).toBe('4.0 ★');
  expect(await after.tile('Chats').textContent()).toBe('1');
  expect(await after.distribution()).toEqual({ 5: 0, 4: 1, 3: 0, 2: 0, 1: 0 });
  expect(await after.ratings.getByText('1 rating, 4.0 out of 5 on average.').count()).toBeGreaterThan(0);
  await after.ratings.getByText('Show the figures', { exact: true }).click();
  const days = await after.perDay();
  // Today (the workspace's zone: UTC) is the last day; the six before it have no rating.
  expect(days).toEqual([...Array(6).fill(['—', '0']), ['4.0', '1']]);
  const benAfter = await after.agentRow('Ben');
  expect([benAfter[0], benAfter[2], benAfter[3]]).toEqual(['1', '4.0', '1']);
  await options.screenshot(after.ratings, 'insights-rated');
  expect(errors).toEqual([]);
});
