import { afterAll, beforeAll, expect, it } from 'vitest';
import type { Browser } from 'playwright-core';
import { launchBrowser } from '../helpers/browser';
import { startWidgetEnv, type WidgetEnv } from '../helpers/widget-env';
import { WidgetPage } from '../helpers/widget-page';

// An agent is online but nobody claims in time: the chat is missed, the visitor goes on with the offline
// flow, and what they leave reaches that chat's details panel and timeline.
let env: WidgetEnv;
let browser: Browser;
beforeAll(async () => {
  [env, browser] = await Promise.all([startWidgetEnv('missedco', 'Marc Agent', { BATON_WAIT_SECONDS_OVERRIDE: '2' }), launchBrowser()]);
});
afterAll(async () => {
  await browser?.close();
  await env?.stop();
});

it('missed chat → offline capture in the widget → the agent sees who to call back', async () => {
  await env.setOnline(true);
  const context = await browser.newContext({ locale: 'en-US' });
  const page = await context.newPage();
  await page.goto(env.site.url + '/');
  const widget = new WidgetPage(page);
  await widget.open();
  await widget.choose('Talk to sales');
  await widget.waitForText('An agent will be with you in a moment.');
  const notify = await env.workspace.next((f) => f.type === 'notify' && f.event === 'new-unassigned', 'new-unassigned notification');
  const id: string = notify.conversation.id;

  // Nobody claims: after the wait time the visitor gets the offline message and the capture cards.
  await widget.waitForText("Our team isn't available right now.");
  await widget.waitForText('What is your name?');
  await widget.say('Grace Hopper');
  await widget.waitForText('What is your email address?');
  const offline = page.waitForResponse((r) => r.url().endsWith('/offline') && r.request().method() === 'POST');
  await widget.say('grace@example.com');
  const posted = await offline;
  expect(posted.status()).toBe(200);
  expect(JSON.parse(posted.request().postData()!)).toMatchObject({ conversationId: id, visitorToken: expect.any(String) });

  const agent = await env.conversation(id);
  expect(agent.welcome.conversation.status).toBe('missed');
  expect(agent.welcome.details.person).toMatchObject({ name: 'Grace Hopper', email: 'grace@example.com' });
  expect(agent.welcome.entries.filter((e: any) => e.event === 'contact-left')).toHaveLength(1);
  agent.close();
  await context.close();
});
