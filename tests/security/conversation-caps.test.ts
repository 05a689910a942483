import { afterAll, beforeAll, expect, test } from 'vitest';
import { startServer, type TestServer } from '../helpers/server';
import { Client, DEMO_ORIGIN, clientId, onlineWorkspace, post, startConversation, visitorContext } from '../helpers/clients';
import { Raw } from './lib';

// Issue 11 item 4 (second half): a conversation stores at most BATON_MAX_ENTRIES entries and
// BATON_MAX_CONVERSATION_CHARS characters of message text; a message past either is refused
// `conversation-full` (ref = message id) and nothing is stored; an agent opening the chat gets every entry.
const MAX_ENTRIES = 12;
const MAX_CHARS = 6_000;
let server: TestServer;
beforeAll(async () => {
  server = await startServer({ vars: { BATON_MAX_ENTRIES: String(MAX_ENTRIES), BATON_MAX_CONVERSATION_CHARS: String(MAX_CHARS) } });
});
afterAll(async () => {
  await server?.stop();
});

async function chat() {
  const w = await onlineWorkspace(server);
  const created = await startConversation(server, w.ws, w.playbookId);
  expect(created.status).toBe(201);
  return { w, id: created.body.conversationId as string, token: created.body.visitorToken as string };
}

/** Every entry an agent receives on opening the chat: the welcome's and the `entries` pages up to lastSeq. */
async function everything(id: string, token: string) {
  const agent = new Client(server, 'conversation', id);
  const welcome = await agent.open(token);
  expect(welcome.type).toBe('welcome');
  const entries = [...welcome.entries];
  const lastSeq = welcome.conversation.lastSeq as number;
  while ((entries.at(-1)?.seq ?? 0) < lastSeq) {
    const page = await agent.next((f) => f.type === 'entries' && f.entries[0]?.seq === (entries.at(-1)?.seq ?? 0) + 1);
    entries.push(...page.entries);
  }
  agent.close();
  return { entries, lastSeq };
}

const textChars = (entries: any[]) => entries.filter((e) => e.kind === 'message').reduce((n, e) => n + e.text.length, 0);

test(`a visitor fills the chat to ${MAX_ENTRIES} entries: the next message is refused conversation-full with its id, nothing stored`, async () => {
  const c = await chat();
  const v = await Raw.hello(server, 'conversation', c.id, c.token);
  const answers: any[] = [];
  for (let i = 0; i < MAX_ENTRIES + 3; i++) answers.push(await v.raw.request({ type: 'send', id: clientId('cap'), text: `short ${i}` }));
  const firstRefusal = answers.findIndex((a) => a.type === 'error');
  expect(firstRefusal, 'no message was refused').toBeGreaterThan(-1);
  const refused = answers.slice(firstRefusal);
  expect(refused.map((a) => a.code)).toEqual(refused.map(() => 'conversation-full'));
  for (const a of refused) expect(a.ref).toMatch(/^cap/);
  const { entries, lastSeq } = await everything(c.id, c.w.adminToken);
  expect(lastSeq).toBeLessThanOrEqual(MAX_ENTRIES);
  expect(entries).toHaveLength(lastSeq);
  expect(entries.filter((e: any) => e.from === 'visitor' && /^short /.test(e.text))).toHaveLength(firstRefusal);
  v.raw.close();
  c.w.admin.close();
});

test(`messages of 3,900 characters: the chat never stores more than ${MAX_CHARS} characters of text`, async () => {
  const c = await chat();
  const v = await Raw.hello(server, 'conversation', c.id, c.token);
  const answers: any[] = [];
  for (let i = 0; i < 4; i++) answers.push(await v.raw.request({ type: 'send', id: clientId('big'), text: `${i}`.padEnd(3_900, 'x') }));
  expect(answers.filter((a) => a.type === 'error').map((a) => a.code)).toContain('conversation-full');
  const { entries } = await everything(c.id, c.w.adminToken);
  expect(textChars(entries)).toBeLessThanOrEqual(MAX_CHARS);
  v.raw.close();
  c.w.admin.close();
});

test('a full chat stays full for a new socket of the same visitor (no reset on reconnect)', async () => {
  const c = await chat();
  const v = await Raw.hello(server, 'conversation', c.id, c.token);
  for (let i = 0; i < MAX_ENTRIES; i++) await v.raw.request({ type: 'send', id: clientId('fill'), text: `fill ${i}` });
  v.raw.close();
  const again = await Raw.hello(server, 'conversation', c.id, c.token);
  expect(again.answer.type).toBe('welcome');
  expect(await again.raw.request({ type: 'send', id: clientId('late'), text: 'one more' })).toMatchObject({ type: 'error', code: 'conversation-full' });
  const { lastSeq } = await everything(c.id, c.w.adminToken);
  expect(lastSeq).toBeLessThanOrEqual(MAX_ENTRIES);
  again.raw.close();
  c.w.admin.close();
});

test('the other field: a creation transcript larger than the caps never makes a chat that holds more than them', async () => {
  const w = await onlineWorkspace(server);
  const now = Date.now();
  const transcript = Array.from({ length: 40 }, (_, i) => ({ from: i % 2 ? 'visitor' : 'bot', text: `line ${i} `.padEnd(1_000, 'z'), at: now - 60_000 + i }));
  const created = await post(
    server,
    `/parties/workspace/${w.ws}/conversations`,
    { playbookId: w.playbookId, transcript, answers: { topic: 'sales' }, context: visitorContext },
    { origin: DEMO_ORIGIN },
  );
  if (created.status === 201) {
    const { entries, lastSeq } = await everything(created.body.conversationId, w.adminToken);
    expect(lastSeq).toBeLessThanOrEqual(MAX_ENTRIES);
    expect(textChars(entries)).toBeLessThanOrEqual(MAX_CHARS);
  } else {
    expect(created.status).toBeGreaterThanOrEqual(400);
    expect(created.status).toBeLessThan(500);
  }
  w.admin.close();
});
