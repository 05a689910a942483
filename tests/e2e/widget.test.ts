import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync } from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { launchBrowser } from '../helpers/browser';
import { startWidgetEnv, type FrameSocket, type WidgetEnv } from '../helpers/widget-env';
import { WidgetPage } from '../helpers/widget-page';

const SHOTS = 'tests/e2e/screenshots';
let env: WidgetEnv;
let browser: Browser;

beforeAll(async () => {
  mkdirSync(SHOTS, { recursive: true });
  // A server of its own: one test restarts it.
  [env, browser] = await Promise.all([startWidgetEnv('northwind', 'Alice Martin', {}), launchBrowser()]);
});

afterAll(async () => {
  await browser?.close();
  await env?.stop();
});

async function visit(path = '/', colorScheme: 'light' | 'dark' = 'light', init?: () => void): Promise<{ page: Page; widget: WidgetPage; errors: string[] }> {
  const context = await browser.newContext({ colorScheme, locale: 'en-US', viewport: { width: 1100, height: 760 } });
  const page = await context.newPage();
  if (init) await page.addInitScript(init);
  const errors: string[] = [];
  page.on('pageerror', (e) => errors.push(String(e)));
  page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
  await page.goto(env.site.url + path);
  return { page, widget: new WidgetPage(page), errors };
}

/** The accessible name of what has the focus inside the widget's shadow root, or null when the focus is outside it. */
const focusedInWidget = (page: Page) =>
  page.evaluate(() => {
    const host = document.activeElement?.closest('[data-baton]');
    return host ? (host.shadowRoot?.activeElement?.getAttribute('aria-label') ?? '') : null;
  });

describe('widget on the demo site', () => {
  it('bot flow → agent claims → messages both ways → reload keeps everything once', async () => {
    await env.setOnline(true);
    const { page, widget, errors } = await visit('/');
    await widget.open();
    await widget.waitForText('Thanks for visiting');
    await widget.choose('Talk to sales');
    await widget.waitForText('An agent will be with you in a moment.');
    // Opened by the visitor: the message box takes the focus.
    await expect.poll(() => focusedInWidget(page)).toBe('Message');

    // The agent sees the new chat in Unassigned and claims it.
    const notify = await env.workspace.next((f) => f.type === 'notify' && f.event === 'new-unassigned', 'new-unassigned notification');
    const agent: FrameSocket = await env.conversation(notify.conversation.id);
    agent.send({ type: 'claim', ref: 'claim-1' });
    expect((await agent.next((f) => f.ref === 'claim-1', 'claim answer')).type).toBe('ok');

    await widget.waitForText(`${env.agentName} joined the chat`);
    await page.getByRole('dialog', { name: env.agentName }).waitFor();

    agent.send({ type: 'typing', typing: true });
    await widget.waitForText(`${env.agentName} is typing…`);
    agent.send({ type: 'send', id: 'agent-msg-0001', text: 'Hello! How many bikes do you need?' });
    await widget.waitForText('How many bikes do you need?');
    await widget.message.fill('About twenty');
    expect(await agent.next((f) => f.type === 'typing' && f.from === 'visitor', 'visitor typing')).toMatchObject({ typing: true });
    await widget.say('About twenty, for a bakery chain.');
    const received = await agent.next((f) => f.type === 'entries' && f.entries.some((e: any) => e.from === 'visitor'), 'visitor message');
    expect(received.entries.find((e: any) => e.from === 'visitor').text).toBe('About twenty, for a bakery chain.');
    const seq = received.entries.find((e: any) => e.from === 'visitor').seq;
    agent.send({ type: 'seen', seq });
    await widget.log.getByText('Seen', { exact: false }).waitFor();
    await page.screenshot({ path: `${SHOTS}/widget-light-live.png` });

    // Reload mid-chat: same conversation, every message exactly once, still able to chat.
    await page.reload();
    await widget.log.waitFor();
    await widget.waitForText('How many bikes do you need?');
    await widget.waitForText('About twenty, for a bakery chain.');
    expect(await widget.count('Hello! How many bikes do you need?')).toBe(1);
    expect(await widget.count('About twenty, for a bakery chain.')).toBe(1);
    expect(await widget.count('Talk to sales')).toBe(1);
    await page.getByRole('dialog', { name: env.agentName }).waitFor();
    // Restored open, not opened: the focus stays with the page (keyboard and screen-reader users).
    await page.waitForTimeout(300);
    expect(await focusedInWidget(page)).toBeNull();

    // Navigate to another page of the site: the chat follows.
    await page.getByRole('link', { name: 'Pricing' }).click();
    await widget.waitForText('About twenty, for a bakery chain.');
    await page.waitForTimeout(300);
    expect(await focusedInWidget(page)).toBeNull();
    await widget.say('Is the City plan negotiable?');
    await agent.next((f) => f.type === 'entries' && f.entries.some((e: any) => e.text === 'Is the City plan negotiable?'), 'second visitor message');
    expect(await widget.count('Is the City plan negotiable?')).toBe(1);

    // The agent closes: the visitor can start a new chat.
    agent.send({ type: 'close', ref: 'close-1' });
    await widget.waitForText('The agent closed the chat');
    await page.getByRole('button', { name: 'Start a new chat' }).click();
    await page.getByRole('button', { name: 'Talk to sales' }).waitFor();
    expect(await widget.bubbles()).toEqual(['Hi there! 👋 Thanks for visiting.', 'What can we help you with?']);

    // A second conversation: a new id, its own room; the first one's messages are not shown.
    const firstId: string = notify.conversation.id;
    const created = page.waitForResponse((r) => r.url().endsWith('/conversations') && r.request().method() === 'POST');
    await widget.choose('Talk to sales');
    const second = await created;
    expect(second.status()).toBe(201);
    const secondId: string = (await second.json()).conversationId;
    expect(secondId).not.toBe(firstId);
    await widget.waitForText('An agent will be with you in a moment.');
    const notify2 = await env.workspace.next((f) => f.type === 'notify' && f.event === 'new-unassigned' && f.conversation.id !== firstId, 'second new-unassigned');
    expect(notify2.conversation.id).toBe(secondId);
    const agent2 = await env.conversation(secondId);
    expect(agent2.welcome.entries.filter((e: any) => e.kind === 'message').map((e: any) => `${e.from}: ${e.text}`)).toEqual([
      'bot: Hi there! 👋 Thanks for visiting.',
      'bot: What can we help you with?',
      'visitor: Talk to sales',
    ]);
    await widget.say('A second question');
    await agent2.next((f) => f.type === 'entries' && f.entries.some((e: any) => e.text === 'A second question'), 'message in the second chat');
    for (const old of ['Hello! How many bikes do you need?', 'About twenty, for a bakery chain.', 'Is the City plan negotiable?']) expect(await widget.count(old)).toBe(0);
    expect(await widget.log.textContent()).not.toContain('The agent closed the chat');
    expect(await widget.count('Talk to sales')).toBe(1);
    // A reload resumes the second chat, not the first.
    await page.reload();
    await widget.waitForText('A second question');
    expect(await widget.count('About twenty, for a bakery chain.')).toBe(0);
    expect(await page.evaluate(() => Object.keys(localStorage).map((k) => localStorage.getItem(k)).join(' '))).not.toContain(firstId);
    agent.close();
    agent2.close();
    expect(errors).toEqual([]);
  });

  it('nobody online: the offline message, then the offline capture creates a lead', async () => {
    await env.setOnline(false);
    const { page, widget } = await visit('/');
    await widget.open();
    await widget.choose('Talk to sales');
    await widget.waitForText("Our team isn't available right now.");
    await widget.waitForText('What is your name?');
    await widget.say('Ada Lovelace');
    await widget.waitForText('What is your email address?');
    await widget.say('ada at example');
    await page.getByRole('alert').getByText('Enter a valid email address').waitFor();
    const offline = page.waitForResponse((r) => r.url().endsWith('/offline') && r.request().method() === 'POST');
    await widget.say('ada@example.com');
    const res = await offline;
    expect(res.status()).toBe(200);
    expect(await res.json()).toMatchObject({ ok: true });
    await widget.waitForText('Thanks! We will be in touch.');
    await page.screenshot({ path: `${SHOTS}/widget-light-offline.png` });
  });

  it('dark theme with the playbook colour', async () => {
    const { page, widget } = await visit('/', 'dark');
    await widget.open();
    await widget.waitForText('What can we help you with?');
    const bg = await page.locator('[data-baton]').evaluate((host) => getComputedStyle(host.shadowRoot!.querySelector('.panel')!).backgroundColor);
    expect(bg).toBe('rgb(22, 25, 29)');
    const header = await page.locator('[data-baton]').evaluate((host) => getComputedStyle(host.shadowRoot!.querySelector('.head')!).backgroundColor);
    expect(header).toBe('rgb(31, 111, 235)'); // the demo playbook's #1f6feb
    await page.screenshot({ path: `${SHOTS}/widget-dark.png` });
  });

  it('runs under a strict CSP with no violation', async () => {
    const { page, widget, errors } = await visit('/strict.html');
    const violations: string[] = [];
    await page.exposeFunction('reportViolation', (v: string) => violations.push(v));
    await page.evaluate(() => document.addEventListener('securitypolicyviolation', (e) => (window as any).reportViolation(`${e.violatedDirective} ${e.blockedURI}`)));
    await widget.open();
    await widget.waitForText('What can we help you with?');
    const radius = await widget.launcher.evaluate((b) => getComputedStyle(b).borderRadius);
    expect(radius).toBe('50%');
    expect(violations).toEqual([]);
    expect(errors.filter((e) => /Content Security Policy/i.test(e))).toEqual([]);
  });

  it('does not move the host page; the chat bundle arrives when the browser is idle', async () => {
    const without = await visit('/pricing.html?no-widget');
    await without.page.route('**/widget.js', (route) => route.abort());
    await without.page.reload();
    const baseline = await without.page.locator('main').boundingBox();

    const { page } = await visit('/pricing.html');
    const host = page.locator('[data-baton][data-mounted]'); // set by the chat bundle, loaded without a click
    await host.waitFor({ state: 'attached' });
    expect(await host.evaluate((h) => getComputedStyle(h).position)).toBe('fixed');
    expect(await page.locator('main').boundingBox()).toEqual(baseline);
    expect(await page.evaluate(() => document.documentElement.scrollHeight)).toBe(await without.page.evaluate(() => document.documentElement.scrollHeight));
  });

  it('chimes (real WebAudio) for agent messages while minimized, can be muted, and counts unread in the hidden page title', async () => {
    await env.setOnline(true);
    // Counts the notes the page starts on the real AudioContext, and lets the test hide the page as a tab switch does.
    const { page, widget, errors } = await visit('/', 'light', () => {
      const w = window as any;
      w.notes = 0;
      const create = AudioContext.prototype.createOscillator;
      AudioContext.prototype.createOscillator = function (this: AudioContext) {
        const osc = create.call(this);
        const start = osc.start.bind(osc);
        osc.start = (when?: number) => (w.notes++, start(when));
        return osc;
      };
      let hidden = false;
      Object.defineProperty(Document.prototype, 'hidden', { configurable: true, get: () => hidden });
      Object.defineProperty(Document.prototype, 'visibilityState', { configurable: true, get: () => (hidden ? 'hidden' : 'visible') });
      w.setHidden = (h: boolean) => ((hidden = h), document.dispatchEvent(new Event('visibilitychange')));
    });
    const hostTitle = await page.title();
    const notes = () => page.evaluate(() => (window as any).notes as number);
    const badge = (n: number) => page.locator('[data-baton] .badge').filter({ hasText: `${n} unread` }).waitFor();
    await widget.open(); // a real click: the page may now play sound
    await widget.choose('Talk to sales');
    const notify = await env.workspace.next((f) => f.type === 'notify' && f.event === 'new-unassigned', 'new-unassigned notification');
    const agent = await env.conversation(notify.conversation.id);
    agent.send({ type: 'claim', ref: 'claim-sound' });
    await widget.waitForText(`${env.agentName} joined the chat`);
    agent.send({ type: 'send', id: 'agent-sound-0001', text: 'Window open: no sound' });
    await widget.waitForText('Window open: no sound');
    await widget.say('My own message');
    await widget.log.getByText('My own message').waitFor();
    expect(await notes()).toBe(0);

    await widget.minimize.click();
    agent.send({ type: 'send', id: 'agent-sound-0002', text: 'Still there?' });
    await badge(1);
    expect(await notes()).toBe(2); // one chime: two notes

    await widget.open();
    await page.getByRole('button', { name: 'Mute sounds', exact: true }).click();
    await page.getByRole('button', { name: 'Unmute sounds', exact: true }).waitFor();
    await page.screenshot({ path: `${SHOTS}/widget-muted.png` });
    await widget.minimize.click();
    agent.send({ type: 'send', id: 'agent-sound-0003', text: 'Muted now' });
    await badge(1);
    expect(await notes()).toBe(2);
    expect(await page.evaluate(() => localStorage.getItem('baton:muted'))).toBe('1');

    await page.evaluate(() => (window as any).setHidden(true));
    agent.send({ type: 'send', id: 'agent-sound-0004', text: 'Hidden one' });
    agent.send({ type: 'send', id: 'agent-sound-0005', text: 'Hidden two' });
    await page.waitForFunction((t) => document.title === `(2) ${t}`, hostTitle);
    await page.evaluate(() => (window as any).setHidden(false));
    expect(await page.title()).toBe(hostTitle);
    expect(errors).toEqual([]);
    agent.close();
  });

  it('an agent who comes online after the page loaded gets the chat; one who went offline leaves the offline flow, no error', async () => {
    // Offline at page load: the config says so, yet the live chat card reaches the agent now online.
    await env.setOnline(false);
    const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1100, height: 760 } });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()));
    const config = page.waitForResponse((r) => r.url().includes('/widget/') && r.request().method() === 'GET');
    await page.goto(env.site.url + '/');
    expect(await (await config).json()).toMatchObject({ available: false, reason: 'nobody-online' });
    const widget = new WidgetPage(page);
    await widget.open();
    await widget.waitForText('What can we help you with?');
    await env.setOnline(true);
    const created = page.waitForResponse((r) => r.url().endsWith('/conversations') && r.request().method() === 'POST');
    await widget.choose('Talk to sales');
    expect((await created).status()).toBe(201);
    await widget.waitForText('An agent will be with you in a moment.');
    const notify = await env.workspace.next((f) => f.type === 'notify' && f.event === 'new-unassigned', 'new-unassigned notification');
    const agent = await env.conversation(notify.conversation.id);
    const texts = agent.welcome.entries.filter((e: any) => e.kind === 'message').map((e: any) => `${e.from}: ${e.text}`);
    expect(texts).toEqual(['bot: Hi there! 👋 Thanks for visiting.', 'bot: What can we help you with?', 'visitor: Talk to sales']);
    expect(await widget.log.textContent()).not.toContain("Our team isn't available");
    await widget.say('Glad someone is here');
    await agent.next((f) => f.type === 'entries' && f.entries.some((e: any) => e.text === 'Glad someone is here'), 'visitor message');
    await page.screenshot({ path: `${SHOTS}/widget-came-online.png` });
    expect(errors).toEqual([]);
    agent.close();
    await context.close();

    // Online at page load, offline by the live chat card: the offline flow at once, never "an agent will be with you".
    const second = await visit('/');
    await second.widget.open();
    await second.widget.waitForText('What can we help you with?');
    await env.setOnline(false);
    const refused = second.page.waitForResponse((r) => r.url().endsWith('/conversations') && r.request().method() === 'POST');
    await second.widget.choose('Talk to sales');
    expect((await refused).status()).toBe(503);
    await second.widget.waitForText("Our team isn't available right now.");
    await second.widget.waitForText('What is your name?');
    expect(await second.widget.log.textContent()).not.toContain('An agent will be with you');
    expect(await second.page.getByRole('alert').count()).toBe(0);
    await second.page.screenshot({ path: `${SHOTS}/widget-went-offline.png` });
    // The only console error is the browser's own line for the refused request.
    expect(second.errors.filter((e) => !/status of 503/.test(e))).toEqual([]);
  });

  // Last: restarting the server also drops the env's workspace socket.
  it('shows "Reconnecting…" while the server is down and delivers what was typed meanwhile, once', async () => {
    await env.setOnline(true);
    const { page, widget } = await visit('/');
    await widget.open();
    await widget.choose('Talk to sales');
    await widget.waitForText('An agent will be with you in a moment.');
    const notify = await env.workspace.next((f) => f.type === 'notify' && f.event === 'new-unassigned', 'new-unassigned notification');
    const conversationId: string = notify.conversation.id;

    const restarted = env.server.restart();
    await page.getByRole('status').getByText('Reconnecting…').waitFor();
    await widget.say('Typed while the server was down');
    await widget.log.getByText('Sending…').waitFor();
    await restarted;
    await page.getByRole('status').getByText('Reconnecting…').waitFor({ state: 'detached', timeout: 60_000 });
    await widget.log.getByText('Sending…').waitFor({ state: 'detached' });

    const agent = await env.conversation(conversationId);
    const typed = agent.welcome.entries.filter((e: any) => e.text === 'Typed while the server was down');
    expect(typed).toHaveLength(1);
    expect(await widget.count('Typed while the server was down')).toBe(1);
    agent.close();
  });
});
