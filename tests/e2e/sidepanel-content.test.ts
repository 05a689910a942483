import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync } from 'node:fs';
import { visitorContext } from '../helpers/clients';
import { openPanelEnv, type PanelEnv, type SidePanel } from '../helpers/extension-panel';

// What the agent reads in a chat: the bot's Markdown rendered, links clickable and safe, the visitor's
// answers to the bot, and how many messages wait in each row. Screenshots go to BATON_SHOTS (or the usual folder).
const SHOTS = process.env.BATON_SHOTS ?? 'tests/e2e/screenshots';

describe('side panel: message content, answers and unread counts', () => {
  let env: PanelEnv;
  let panel: SidePanel;

  const shot = (name: string) => panel.page.screenshot({ path: `${SHOTS}/content-${name}.png` });

  const start = (name: string, answers: Record<string, string>, bot: string) =>
    env.chat({
      transcript: [
        { from: 'bot', text: bot, at: Date.now() - 3000 },
        { from: 'visitor', text: 'Talk to sales', at: Date.now() - 2000 },
      ],
      answers: { ...answers, name },
      context: { ...visitorContext, timezone: 'Europe/Paris' },
    });

  beforeAll(async () => {
    mkdirSync(SHOTS, { recursive: true });
    env = await openPanelEnv();
    panel = env.panel;
  });

  afterAll(async () => {
    await env?.stop();
  });

  // The playbook refuses a javascript: link, so the bot can't say one; raw HTML still only ever shows as text.
  const veraBot = "We're **online** — an agent will answer in a minute.\n\n- See [pricing](https://example.com/pricing)\n- Or <img src=x onerror=alert(1)>";
  const bobBot = 'Hello! **How can we help?**';

  it('rows show how many messages are unread', async () => {
    await env.botSays([veraBot, bobBot]);
    await expect.poll(() => panel.onlineSwitch.isEnabled()).toBe(true);
    await panel.goOnline();

    const vera = await start(
      'Vera Visitor',
      { topic: 'sales', company_size: '11-50', email: 'vera@lyon-bikes.example' },
      veraBot,
    );
    vera.send({ type: 'send', id: 'visitor-msg-0001', text: 'Our shop is https://lyon-bikes.example/shop). Mail me at vera@lyon-bikes.example, not javascript:alert(1)' });
    vera.send({ type: 'send', id: 'visitor-msg-0002', text: 'Do you ship to Lyon?' });
    const bob = await start('Bob Buyer', { topic: 'support' }, bobBot);
    for (let i = 0; i < 12; i++) bob.send({ type: 'send', id: `bob-msg-${String(i).padStart(4, '0')}`, text: `Question ${i + 1}` });
    await panel.folder('Unassigned').click();
    const veraBadge = panel.row('Vera Visitor').getByRole('img', { name: /unread message/ });
    await expect.poll(() => veraBadge.getAttribute('aria-label')).toBe('3 unread messages');
    expect(await veraBadge.textContent()).toBe('3');
    const bobBadge = panel.row('Bob Buyer').getByRole('img', { name: /unread message/ });
    await expect.poll(() => bobBadge.textContent()).toBe('13');
    expect(await panel.folder('Unassigned').locator('.count').textContent()).toBe('2');
    await shot('01-list');
    await panel.page.emulateMedia({ colorScheme: 'dark' });
    await shot('01-list-dark');
    await panel.page.emulateMedia({ colorScheme: 'light' });
  });

  it('bot Markdown is rendered, unsafe parts stay text; visitor links are clickable', async () => {
    await panel.row('Vera Visitor').click();
    const bot = panel.transcript.locator('.msg.bot').first();
    await bot.locator('strong', { hasText: 'online' }).waitFor();
    expect(await bot.textContent()).not.toContain('**');
    expect(await bot.getByRole('link', { name: 'pricing' }).getAttribute('href')).toBe('https://example.com/pricing');
    expect(await bot.getByRole('link').count()).toBe(1);
    expect(await bot.locator('img').count()).toBe(0);
    await expect.poll(() => bot.textContent()).toContain('<img src=x onerror=alert(1)>');

    const visitorLine = panel.transcript.locator('.msg.visitor', { hasText: 'Our shop is' });
    await visitorLine.waitFor();
    const links = visitorLine.getByRole('link');
    expect(await links.evaluateAll((as) => as.map((a) => [a.getAttribute('href'), a.getAttribute('target'), a.getAttribute('rel')]))).toEqual([
      ['https://lyon-bikes.example/shop', '_blank', 'noopener noreferrer'],
      ['mailto:vera@lyon-bikes.example', '_blank', 'noopener noreferrer'],
    ]);
    await panel.transcript.getByText('Do you ship to Lyon?').waitFor();
    await shot('02-chat');
  });

  it('the visitor block lists the answers to the bot', async () => {
    await panel.pane('Details').click();
    const answers = panel.page.getByRole('definition').filter({ hasText: '11-50' });
    await answers.waitFor();
    const labels = await panel.page.locator('.answers dt').allTextContents();
    expect(labels).toEqual(['Topic', 'Company size', 'Email', 'Name']);
    await panel.page.getByRole('region', { name: 'Visitor', exact: true }).scrollIntoViewIfNeeded();
    await shot('03-details');
  });

  it('looks right wide and dark', async () => {
    await panel.page.emulateMedia({ colorScheme: 'dark' });
    await panel.page.setViewportSize({ width: 1100, height: 760 });
    await panel.transcript.getByText('Do you ship to Lyon?').waitFor();
    await shot('04-wide-dark');
    await panel.page.emulateMedia({ colorScheme: 'light' });
    await shot('05-wide-light');
  });
});
