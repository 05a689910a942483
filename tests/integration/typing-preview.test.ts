import { afterAll, beforeAll, expect, test } from 'vitest';
import { sharedServer, type TestServer } from '../helpers/server';
import { Client, onlineWorkspace, startConversation } from '../helpers/clients';

// Typing preview against a real `partykit dev`: off by default; on, drafts reach only this chat's agents, unstored.
let server: TestServer;
beforeAll(async () => {
  server = await sharedServer();
});
afterAll(async () => {
  await server?.stop();
});

const DRAFT = 'draft-4242-not-sent-yet';

async function chatPair(w: Awaited<ReturnType<typeof onlineWorkspace>>) {
  const created = await startConversation(server, w.ws, w.playbookId);
  const id = created.body.conversationId as string;
  const agent = new Client(server, 'conversation', id);
  await agent.open(w.adminToken);
  const visitor = new Client(server, 'conversation', id);
  const welcome = await visitor.open(created.body.visitorToken);
  return { id, agent, visitor, welcome };
}

test('off by default: a draft goes nowhere', async () => {
  const w = await onlineWorkspace(server);
  expect((await w.admin.request({ type: 'visitor-settings-get' })).type).toBe('ok');
  expect((await w.admin.next((f) => f.type === 'visitor-settings')).settings).toEqual({ typingPreview: false });
  const c = await chatPair(w);
  expect(c.welcome.conversation.typingPreview).toBeUndefined();
  c.visitor.send({ type: 'draft', text: DRAFT });
  await c.visitor.roundTrip();
  await c.agent.roundTrip();
  expect(c.agent.frames.some((f) => f.type === 'draft')).toBe(false);
  for (const x of [c.agent, c.visitor, w.admin]) x.close();
});

test("on: the draft reaches this chat's agents only — not another conversation, not the visitor, not storage", async () => {
  const w = await onlineWorkspace(server);
  expect((await w.admin.request({ type: 'visitor-settings-save', settings: { typingPreview: true } })).type).toBe('ok');
  const one = await chatPair(w);
  const two = await chatPair(w);
  expect(one.welcome.conversation.typingPreview).toBe(true);
  one.visitor.send({ type: 'draft', text: DRAFT });
  expect((await one.agent.next((f) => f.type === 'draft')).text).toBe(DRAFT);
  for (const c of [one.visitor, two.agent, two.visitor, w.admin]) await c.roundTrip();
  for (const c of [one.visitor, two.agent, two.visitor, w.admin]) expect(JSON.stringify(c.frames)).not.toContain(DRAFT);
  // Nothing kept: an agent opening the chat now gets its log, details and view without the draft.
  const late = new Client(server, 'conversation', one.id);
  const welcome = await late.open(w.adminToken);
  await late.roundTrip();
  expect(JSON.stringify(late.frames)).not.toContain(DRAFT);
  expect(welcome.type).toBe('welcome');
  for (const c of [one.agent, one.visitor, two.agent, two.visitor, late, w.admin]) c.close();
});
