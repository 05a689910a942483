import { afterAll, beforeAll, expect, it } from 'vitest';
import { Client } from '../helpers/clients';
import { openPanelEnv, type PanelEnv } from '../helpers/extension-panel';

// Issue 16, the side panel's side of a rating: the visitor rates the closed chat through the real conversation
// room; the agent opening it sees the stars, the score in words and the comment, as plain text.

let env: PanelEnv;
beforeAll(async () => {
  env = await openPanelEnv();
});
afterAll(async () => {
  await env?.stop();
});

it('a rating given after the close shows in the chat’s timeline: stars, words and the comment', async () => {
  const { panel } = env;
  await expect.poll(() => panel.onlineSwitch.isEnabled()).toBe(true);
  await panel.goOnline();
  const visitor = await env.chat({ transcript: [], answers: { name: 'Rita Rater', topic: 'sales' } });
  const conversationId = visitor.socket.room!;
  // Ada takes the chat and closes it from another socket of hers (the panel only reads).
  const agent = new Client(env.server, 'conversation', conversationId);
  await agent.open(env.setup.adminToken);
  expect((await agent.request({ type: 'claim' })).type).toBe('ok');
  agent.send({ type: 'send', id: 'ada-reply-0001', text: 'Hello Rita' });
  await agent.next((f) => f.type === 'ack');
  expect((await agent.request({ type: 'close' })).type).toBe('ok');
  agent.close();
  const comment = 'Quick and <b>kind</b>, see https://example.com';
  expect((await visitor.request({ type: 'rate', score: 4, comment })).type).toBe('ok');

  await panel.openChat('Closed', 'Rita Rater');
  const line = panel.transcript.locator('li.event.rated');
  await line.waitFor();
  expect(await line.locator('.stars').textContent()).toBe('★★★★☆');
  expect(await line.locator('.stars').getAttribute('aria-hidden')).toBe('true');
  expect(await line.textContent()).toContain('The visitor rated the chat 4 out of 5');
  expect(await line.locator('.rating-comment').textContent()).toBe(comment);
  expect(await line.locator('a, b').count()).toBe(0);
  await panel.screenshot('sidepanel-rated');
  await panel.page.emulateMedia({ colorScheme: 'dark' });
  await panel.screenshot('sidepanel-rated-dark');
  await panel.page.emulateMedia({ colorScheme: 'light' });
});
