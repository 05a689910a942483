import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { assertNoViolations, auditSchemes } from '../helpers/axe';
import { launchBrowser } from '../helpers/browser';
import { invisibleRingsBothSchemes } from '../helpers/focus';
import { openPanelEnv, type PanelEnv } from '../helpers/extension-panel';
import { visitorChats } from '../helpers/visitor-chats';
import { auditPanel as auditPanelAt } from '../helpers/panel-audit';
import { OptionsPage } from '../helpers/options-page';
import { startWidgetEnv, type WidgetEnv } from '../helpers/widget-env';
import { WidgetPage } from '../helpers/widget-page';

// axe-core over every screen a visitor, an agent or an admin meets, in the light and the dark colour scheme:
// any serious or critical violation (and the landmark/heading/role rules of helpers/axe.ts) fails, each printed
// as "screen, scheme: rule (impact) at target — what is wrong". On the widget's and the panel's screens, Tab
// also goes round every control: a focus ring a keyboard user cannot see (under 3:1) fails the same way.

const WIDE = { width: 1200, height: 800 };

describe('axe: the side panel and the options page', () => {
  let env: PanelEnv;

  beforeAll(async () => {
    mkdirSync('tests/e2e/screenshots', { recursive: true });
    env = await openPanelEnv();
  });
  afterAll(async () => {
    await env?.stop();
  });

  /** Audits the panel at 400 and 1200 px wide, light and dark; `ready` waits for what must show at that width. */
  const auditPanel = (where: string, ready: (page: Page) => Promise<unknown>) => auditPanelAt(env.panel, where, ready);

  it('side panel: empty inbox, inbox with chats, an open chat, the confirm dialog, a claimed chat with its message box', async () => {
    const { panel } = env;
    const lines: string[] = [];
    await panel.onlineSwitch.and(panel.page.locator(':enabled')).waitFor();
    await panel.goOnline();
    await panel.folder('Unassigned').click();
    lines.push(...(await auditPanel('inbox, empty', (p) => p.getByText('No conversations here.').waitFor())));

    await env.chat({ transcript: [{ from: 'visitor', text: 'Talk to sales', at: Date.now() }], answers: { name: 'Vera Visitor' } });
    lines.push(...(await auditPanel('inbox with a chat', () => panel.row('Vera Visitor').waitFor())));

    await panel.row('Vera Visitor').click();
    lines.push(...(await auditPanel('open chat', () => panel.button('Assign to me').waitFor())));

    await panel.button('Close conversation').click();
    lines.push(...(await auditPanel('confirm dialog', (p) => p.getByRole('alertdialog').waitFor())));
    await panel.button('Cancel').click();

    await panel.button('Assign to me').click();
    lines.push(...(await auditPanel('claimed chat', (p) => p.locator('.composer textarea').waitFor())));
    assertNoViolations(lines);
  });

  it('side panel: a verified visitor with the page trail, visit start, previous conversations and typing preview; the Block visitor dialog and its notice (issue 14)', async () => {
    const { panel } = env;
    const lines: string[] = [];
    const v = await visitorChats(env);
    try {
      await v.typingPreview(true);
      const who = { id: 'u_77', name: 'Pia Pages', verify: true };
      await v.close((await v.chat('pia-browser-0000000001', 'Pia Pages', who)).id);
      const { visitor } = await v.chat('pia-browser-0000000001', 'Pia Pages', who, {
        pageUrl: 'http://site.test/pricing',
        referrer: '',
        language: 'en',
        userAgent: 'Mozilla/5.0 Test',
        visit: { landingPage: 'http://site.test/?utm_source=ads', referrer: 'https://search.example/', at: Date.now() - 60_000, utm: { source: 'ads' } },
      });
      visitor.send({ type: 'pages', pages: [{ url: 'http://site.test/pricing', title: 'Pricing', at: Date.now() - 30_000 }, { url: 'http://site.test/contact', title: 'Contact', at: Date.now() }] });
      await panel.openChat('Unassigned', 'Pia Pages');
      await panel.button('Assign to me').click();
      visitor.send({ type: 'draft', text: 'Can you call me back' });
      // Narrow, the Details pane holds the visitor block: audited with the chat's log and the draft at 1200 px.
      lines.push(
        ...(await auditPanel('visitor info, trail, previous conversations, typing preview', async (p) => {
          if ((p.viewportSize()?.width ?? 0) < 760) await panel.pane('Details').click();
          const closed = p.locator('details.pages-visited:not([open]) summary');
          if (await closed.count()) await closed.click();
          await p.getByRole('list', { name: 'Pages visited (2)' }).waitFor();
          await p.getByRole('button', { name: /^Open the conversation of/ }).waitFor();
        })),
      );
      await panel.page.setViewportSize(WIDE);
      await panel.page.locator('.visitor-draft').waitFor();
      await panel.button('Visitor actions').click();
      await panel.page.getByRole('menuitem', { name: 'Block visitor' }).click();
      lines.push(...(await auditPanel('Block visitor dialog', (p) => p.getByRole('alertdialog', { name: 'Block this visitor?' }).waitFor())));
      await panel.page.getByRole('alertdialog').getByRole('textbox', { name: 'Reason' }).fill('Abusive');
      await panel.page.getByRole('alertdialog').getByRole('button', { name: 'Block', exact: true }).click();
      lines.push(...(await auditPanel('visitor blocked notice', (p) => p.getByRole('alert').filter({ hasText: 'is blocked' }).waitFor())));
    } finally {
      v.stop();
    }
    assertNoViolations(lines);
  });

  it('side panel: the status drawer with a test report (issue 13; the Missed folder and a missed chat are audited in sidepanel-status.test.ts, where chats are missed in 3 s)', async () => {
    const { panel } = env;
    const lines: string[] = [];
    await panel.button('Status and alerts').click();
    await panel.button('Test notifications').click();
    lines.push(...(await auditPanel('status drawer with a test report', (p) => p.locator('.test-report li').first().waitFor())));
    await panel.button('Status and alerts').click();
    assertNoViolations(lines);
  });

  it('options page: every section, connected, with a playbook open', async () => {
    const options = await OptionsPage.open(env.ada.context, env.ada.extensionId);
    await options.page.setViewportSize({ width: 1200, height: 900 });
    await options.connectStatus.getByText(/^Connected to /).waitFor();
    for (const s of ['playbooks', 'installation', 'agents', 'teams', 'hours', 'identity', 'visitors', 'notifications'] as const) await options.section(s).waitFor();
    // Teams with a team (its name, members and delete), Business hours switched on with an exception open at its own hours.
    const teams = options.section('teams');
    await teams.getByLabel('Team name', { exact: true }).fill('Sales');
    await teams.getByRole('button', { name: 'Add team', exact: true }).click();
    await teams.getByRole('group', { name: 'Members of Sales' }).waitFor();
    const hours = options.section('hours');
    await hours.getByRole('switch', { name: 'Open only during business hours', exact: true }).check();
    await hours.getByRole('button', { name: 'Add exception', exact: true }).click();
    await hours.getByLabel('That day', { exact: true }).selectOption('open');
    // Identity verification with the secret shown and the rotation's warning open; Visitors read from the room.
    const identity = options.section('identity');
    await identity.getByRole('button', { name: 'Show', exact: true }).click();
    await identity.getByRole('button', { name: 'Rotate secret', exact: true }).click();
    await identity.getByRole('alertdialog', { name: 'Rotate secret' }).waitFor();
    await options.section('visitors').getByRole('switch', { name: 'Typing preview', exact: true }).and(options.page.locator(':enabled')).waitFor();
    const lines = await auditSchemes(options.page, 'options, all sections');

    await options.section('playbooks').getByRole('listitem').first().getByRole('button').click();
    await options.editor.waitFor();
    await options.card('live-chat').getByRole('button', { name: 'Edit card' }).click();
    await options.card('live-chat').getByRole('button', { name: 'Done' }).waitFor();
    lines.push(...(await auditSchemes(options.page, 'options, playbook editor with a card open')));
    await options.page.close();
    assertNoViolations(lines);
  });
});

describe('axe: the widget on a host page', () => {
  let env: WidgetEnv;
  let browser: Browser;

  beforeAll(async () => {
    [env, browser] = await Promise.all([startWidgetEnv('a11y-ws'), launchBrowser()]);
  });
  afterAll(async () => {
    await browser?.close();
    await env?.stop();
  });

  const visit = async () => {
    const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1100, height: 760 } });
    const page = await context.newPage();
    await page.goto(env.site.url + '/');
    return { page, widget: new WidgetPage(page) };
  };

  it('open with the bot choices, a wrong email, the offline chat ended', async () => {
    await env.setOnline(false);
    const { page, widget } = await visit();
    await widget.open();
    await page.getByRole('button', { name: 'Talk to sales', exact: true }).waitFor();
    const lines = await auditSchemes(page, 'widget, bot choices');
    lines.push(...(await invisibleRingsBothSchemes(page, 'widget, bot choices')));

    await widget.choose('Talk to sales');
    await widget.waitForText('What is your name?');
    await widget.say('Ada Lovelace');
    await widget.waitForText('What is your email address?');
    await widget.say('ada at example');
    await page.getByRole('alert').getByText('Enter a valid email address').waitFor();
    lines.push(...(await auditSchemes(page, 'widget, wrong email')));
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.screenshot({ path: 'tests/e2e/screenshots/a11y-widget-wrong-email-dark.png' });
    await page.emulateMedia({ colorScheme: 'light' });

    await widget.say('ada@example.com');
    await page.getByRole('button', { name: 'Start a new chat', exact: true }).waitFor();
    lines.push(...(await auditSchemes(page, 'widget, offline chat ended')));
    await page.emulateMedia({ colorScheme: 'dark' });
    await page.screenshot({ path: 'tests/e2e/screenshots/a11y-widget-ended-dark.png' });
    await page.context().close();
    assertNoViolations(lines);
  });

  it('a live chat, then closed by the agent', async () => {
    await env.setOnline(true);
    const { page, widget } = await visit();
    await widget.open();
    await widget.choose('Talk to sales');
    const notify = await env.workspace.next((f) => f.type === 'notify' && f.event === 'new-unassigned', 'new-unassigned notification');
    const agent = await env.conversation(notify.conversation.id);
    agent.send({ type: 'claim', ref: 'claim-a11y' });
    await widget.waitForText(`${env.agentName} joined the chat`);
    agent.send({ type: 'send', id: 'agent-a11y-0001', text: 'Hello! How can I help?' });
    await widget.waitForText('How can I help?');
    const lines = await auditSchemes(page, 'widget, live chat');
    lines.push(...(await invisibleRingsBothSchemes(page, 'widget, live chat')));

    agent.send({ type: 'close', ref: 'close-a11y' });
    await page.getByRole('button', { name: 'Start a new chat', exact: true }).waitFor();
    lines.push(...(await auditSchemes(page, 'widget, chat closed by the agent')));
    agent.close();
    await page.context().close();
    assertNoViolations(lines);
  });
});
