import { createHmac } from 'node:crypto';
import { mkdirSync } from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser } from '../helpers/browser';
import { startWidgetEnv, type WidgetEnv } from '../helpers/widget-env';
import { WidgetPage } from '../helpers/widget-page';

// The site owner's JavaScript API in Chromium, through the real loader and chat bundle: the snippet's queue,
// identify with a hash computed on "the site's server" (here), events, and the page trail of an SPA navigation.
let env: WidgetEnv;
let browser: Browser;
/** Chats an earlier test made (the workspace socket keeps every frame it did not wait for). */
const earlier = new Set<string>();

beforeAll(async () => {
  [env, browser] = await Promise.all([startWidgetEnv('api-ws', 'Alice Martin'), launchBrowser()]);
});

afterAll(async () => {
  await browser?.close();
  await env?.stop();
});

describe('Baton(…) on a host page', () => {
  it('queued calls replay (identify verified, on, open); events fire; the agent sees the identity and the trail', async () => {
    await env.setOnline(true);
    env.workspace.send({ type: 'identity-get', ref: 'id' });
    const { secret } = (await env.workspace.next((f) => f.type === 'identity', 'identity frame')).identity;
    const userHash = createHmac('sha256', secret).update('u_42').digest('hex');

    const context = await browser.newContext({ locale: 'en-US' });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    // The snippet's line and the site's calls, before widget.js arrives (an init script runs before the page's own).
    await page.addInitScript(
      ({ hash }) => {
        const w = window as unknown as { Baton: any; events: string[]; messages: string[] };
        w.events = [];
        w.messages = [];
        w.Baton = w.Baton || function (...args: unknown[]) { (w.Baton.q = w.Baton.q || []).push(args); };
        w.Baton('identify', { id: 'u_42', name: 'Ada Lovelace', email: 'ada@example.com', company: 'Analytical Engines', userHash: hash });
        for (const e of ['ready', 'opened', 'closed', 'chat-started', 'message-received', 'chat-ended']) w.Baton('on', e, (d: { text?: string }) => (w.events.push(e), d?.text && w.messages.push(d.text)));
        w.Baton('open');
      },
      { hash: userHash },
    );
    await page.goto(env.site.url + '/');
    const widget = new WidgetPage(page);
    const events = () => page.evaluate(() => (window as unknown as { events: string[] }).events);
    await expect.poll(events).toEqual(['opened', 'ready']);
    await widget.waitForText('Thanks for visiting');
    await widget.choose('Talk to sales');
    await expect.poll(events).toContain('chat-started');

    // The agent: the chat is verified, with the site's details; then the visitor's SPA navigation arrives as the trail.
    const verified = await env.workspace.next((f) => f.type === 'conversation' && f.conversation.verified === true, 'verified summary');
    earlier.add(verified.conversation.id);
    const agent = await env.conversation(verified.conversation.id);
    expect(agent.welcome.conversation.identity).toEqual({ verified: true, id: 'u_42', name: 'Ada Lovelace', email: 'ada@example.com', company: 'Analytical Engines' });
    expect(agent.welcome.details.person.email).toBe('ada@example.com');
    expect(agent.welcome.conversation.context.visit.landingPage).toBe(`${env.site.url}/`);
    await agent.next((f) => f.type === 'trail' && f.pages.length === 1, 'trail of the first page');
    await page.evaluate(() => history.pushState({}, '', '/pricing-spa'));
    const trail = await agent.next((f) => f.type === 'trail' && f.pages.length === 2, 'trail after pushState');
    expect(trail.pages.map((p: { url: string }) => p.url)).toEqual([`${env.site.url}/`, `${env.site.url}/pricing-spa`]);

    agent.send({ type: 'claim', ref: 'claim-1' });
    await agent.next((f) => f.ref === 'claim-1', 'claim answer');
    agent.send({ type: 'send', id: 'agent-msg-0001', text: 'Hello Ada!' });
    await expect.poll(() => page.evaluate(() => (window as unknown as { messages: string[] }).messages)).toEqual(['Hello Ada!']);
    agent.send({ type: 'close', ref: 'close-1' });
    await expect.poll(events).toContain('chat-ended');
    await page.evaluate(() => (window as unknown as { Baton: (c: string) => void }).Baton('close'));
    await expect.poll(events).toContain('closed');
    // One global only: the site's own.
    expect(await page.evaluate(() => Object.keys(window).filter((k) => /baton/i.test(k)))).toEqual(['Baton']);
    expect(errors).toEqual([]);
    agent.close();
    await context.close();
  });

  it("the demo site's account page: a signed-in user, signed by the demo site's server, is verified for the agent", async () => {
    await env.setOnline(true);
    const context = await browser.newContext({ locale: 'en-US' });
    const page = await context.newPage();
    const errors: string[] = [];
    page.on('pageerror', (e) => errors.push(String(e)));
    await page.goto(env.site.url + '/account.html');
    await page.locator('[data-baton][data-mounted]').waitFor({ state: 'attached' });
    await page.getByRole('button', { name: 'Talk to your account manager' }).click();
    const widget = new WidgetPage(page);
    await widget.waitForText('Thanks for visiting');
    await widget.choose('Talk to sales');
    const verified = await env.workspace.next((f) => f.type === 'conversation' && f.conversation.verified === true && !earlier.has(f.conversation.id), 'verified summary');
    earlier.add(verified.conversation.id);
    const agent = await env.conversation(verified.conversation.id);
    expect(agent.welcome.conversation.identity).toMatchObject({ verified: true, id: 'demo-ada', name: 'Ada Lovelace', company: 'Analytical Engines' });
    await expect.poll(() => page.locator('#last-event').textContent()).toBe('Last chat event: chat-started');
    expect(errors).toEqual([]);
    agent.close();
    await context.close();
  });

  it('typing preview: the window says so, and the agent sees the draft as it is typed', async () => {
    env.workspace.send({ type: 'visitor-settings-save', ref: 'preview-on', settings: { typingPreview: true } });
    await env.workspace.next((f) => f.ref === 'preview-on' && f.type === 'ok', 'visitor-settings-save answer');
    const context = await browser.newContext({ locale: 'en-US', viewport: { width: 1100, height: 760 } });
    const page = await context.newPage();
    await page.goto(env.site.url + '/pricing.html');
    const widget = new WidgetPage(page);
    await widget.open();
    await widget.choose('Talk to sales');
    await page.getByText('The team may see what you type before you send it.').waitFor();
    const created = await env.workspace.next((f) => f.type === 'conversation' && !earlier.has(f.conversation.id) && f.conversation.status === 'waiting', 'new chat');
    earlier.add(created.conversation.id);
    const agent = await env.conversation(created.conversation.id);
    await widget.message.pressSequentially('How much for 30 bikes', { delay: 20 });
    await agent.next((f) => f.type === 'draft' && f.text === 'How much for 30 bikes', 'the whole draft');
    mkdirSync('tests/e2e/screenshots', { recursive: true });
    await page.screenshot({ path: 'tests/e2e/screenshots/widget-typing-preview.png' });
    await widget.message.press('Enter');
    await agent.next((f) => f.type === 'draft' && f.text === '', 'the draft cleared on send');
    agent.close();
    await context.close();
    env.workspace.send({ type: 'visitor-settings-save', ref: 'preview-off', settings: { typingPreview: false } });
    await env.workspace.next((f) => f.ref === 'preview-off', 'visitor-settings-save answer');
  });
});
