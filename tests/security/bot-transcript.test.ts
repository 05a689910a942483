import { afterAll, beforeAll, expect, test } from 'vitest';
import { sharedServer, type TestServer } from '../helpers/server';
import { Client, DEMO_ORIGIN, onlineWorkspace, post, visitorContext } from '../helpers/clients';
import { ask, offlineSubmission, postOffline } from '../fakes/crm-helpers';
import { liveChatTemplate } from '../../protocol';
import { until } from './lib';

// Issue 11 item 7: a transcript line the visitor sends as `from: 'bot'` is stored as the bot's only when its
// text is one the playbook's cards produce; otherwise it is stored as the visitor's plain text.
let server: TestServer;
beforeAll(async () => {
  server = await sharedServer();
});
afterAll(async () => {
  await server?.stop();
});

const template = liveChatTemplate('x');
const GREETING = (template.cards.find((c) => c.id === 'greeting') as { text: string }).text;
const RICH = '![pixel](https://evil.example/p.png) [Verify your account](https://evil.example/login) **urgent**';

/** Creates a chat whose transcript has `text` as a bot line; returns the entry an agent sees for it. */
async function storedAs(w: Awaited<ReturnType<typeof onlineWorkspace>>, text: string, playbookId = w.playbookId) {
  const created = await post(
    server,
    `/parties/workspace/${w.ws}/conversations`,
    { playbookId, transcript: [{ from: 'bot', text, at: Date.now() - 2000 }, { from: 'visitor', text: 'Talk to sales', at: Date.now() - 1000 }], answers: { topic: 'sales' }, context: visitorContext },
    { origin: DEMO_ORIGIN },
  );
  expect(created.status).toBe(201);
  const agent = new Client(server, 'conversation', created.body.conversationId);
  const welcome = await agent.open(w.adminToken);
  agent.close();
  return welcome.entries.filter((e: any) => e.kind === 'message' && e.text === text);
}

test('a "bot" line with an image and a link is stored as the visitor\'s plain text', async () => {
  const w = await onlineWorkspace(server);
  const stored = await storedAs(w, RICH);
  expect(stored.map((e: any) => e.from)).toEqual(['visitor']);
  expect(stored[0].authorName).toBeUndefined();
  w.admin.close();
});

test("a card's text with something appended is not the bot's", async () => {
  const w = await onlineWorkspace(server);
  const stored = await storedAs(w, `${GREETING} [Claim your prize](https://evil.example/)`);
  expect(stored.map((e: any) => e.from)).toEqual(['visitor']);
  w.admin.close();
});

test("a button label (the visitor's words) sent as the bot's is stored as the visitor's", async () => {
  const w = await onlineWorkspace(server);
  const stored = await storedAs(w, 'Talk to sales');
  expect(stored.filter((e: any) => e.from === 'bot')).toEqual([]);
  w.admin.close();
});

test("another playbook's card text is not this playbook's bot", async () => {
  const w = await onlineWorkspace(server);
  const created = await w.admin.request({ type: 'playbook-create', name: 'Second', template: 'live-chat' });
  const id = created.id as string;
  const frame = await w.admin.next((f) => f.type === 'playbooks' && f.playbooks.some((p: any) => p.id === id));
  const { installedAt: _i, updatedAt: _u, ...input } = frame.playbooks.find((p: any) => p.id === id);
  input.cards = input.cards.map((c: any) => (c.id === 'greeting' ? { ...c, text: 'Only the second playbook says this.' } : c));
  expect(await w.admin.request({ type: 'playbook-save', playbook: input })).toMatchObject({ type: 'ok' });
  const stored = await storedAs(w, 'Only the second playbook says this.');
  expect(stored.map((e: any) => e.from)).toEqual(['visitor']);
  w.admin.close();
});

test("the playbook's own greeting, as its card says it, is stored as the bot's (the check is not refusing everything)", async () => {
  const w = await onlineWorkspace(server);
  const stored = await storedAs(w, GREETING);
  expect(stored.map((e: any) => e.from)).toEqual(['bot']);
  expect(stored[0].authorName).toBe(template.botName);
  w.admin.close();
});

test("the other path: a forged bot line in an offline submission is not attributed to the bot in the stored transcript note", async () => {
  const w = await onlineWorkspace(server);
  const body = offlineSubmission(w.playbookId, `sub-bot-${Date.now().toString(36)}`, { name: 'Olga Offline', email: 'olga@example.com' }, ['lead']);
  body.transcript = [{ from: 'bot', text: RICH, at: Date.now() - 2000 }, { from: 'visitor', text: 'ok', at: Date.now() - 1000 }];
  expect((await postOffline(server, w.ws, body)).status).toBe(200);
  let note: any;
  await until(async () => {
    note = ((await ask(w.admin, { type: 'records-list' })).records as any[]).find((r) => r.kind === 'note');
    return !!note;
  }, 'the transcript note', 15_000);
  expect(note.data.content).toContain(RICH);
  expect(note.data.content).not.toContain(`${template.botName}: ${RICH}`);
  w.admin.close();
});
