import { afterAll, beforeAll, expect, test } from 'vitest';
import { familyOf, type StoredFamily } from '../../party/migrate';
import { CONVERSATION_STORED } from '../../party/conversation/migrations';
import { WORKSPACE_STORED } from '../../party/workspace/migrations';
import { startServer, type TestServer } from '../helpers/server';
import { Client, DEMO_ORIGIN, addAgent, clientId, onlineWorkspace, post, visitorContext } from '../helpers/clients';
import { ask, offlineSubmission, postOffline, until } from '../fakes/crm-helpers';
import { rawHeaders, sharedMaildev } from '../helpers/maildev';
import { roomStorage, setWorkspaceClock } from '../helpers/room-storage';

/*
 * Every key a room stores belongs to a line of its catalogue (workspace/migrations.ts WORKSPACE_STORED,
 * conversation/migrations.ts CONVERSATION_STORED: the shapes upgrades know of, with their versions). A workspace
 * is driven through as many features as practical against a real partykit dev, then every key of the workspace
 * room and of its conversation rooms is looked up (BATON_TEST_STORAGE's `__test-storage` dump). A feature that
 * stores a new key family without a catalogue line fails here.
 */
let server: TestServer;
let md: Awaited<ReturnType<typeof sharedMaildev>>;
beforeAll(async () => {
  server = await startServer({ vars: { BATON_TEST_STORAGE: '1', BATON_TEST_CLOCK: '1', BATON_CONVERSATIONS_PER_MINUTE: '1000', BATON_EMAIL_DELAY_MS: '1500', BATON_EMAIL_RETRY_BASE_MS: '300' } });
  md = await sharedMaildev();
});
afterAll(async () => {
  if (process.env.SHOW_LOGS) console.log(server.logs());
  await server?.stop();
});

const uncatalogued = (catalogue: readonly StoredFamily[], storage: Record<string, unknown>) => Object.keys(storage).filter((k) => !familyOf(catalogue, k));

async function chat(ws: string, playbookId: string, visitorId: string, headers: Record<string, string> = {}) {
  const res = await post(server, `/parties/workspace/${ws}/conversations`, { playbookId, visitorId, transcript: [{ from: 'visitor', text: 'Talk to sales', at: Date.now() - 1000 }], answers: { topic: 'sales', name: 'Vera Visitor' }, context: visitorContext }, { origin: DEMO_ORIGIN, ...headers });
  expect(res.status, JSON.stringify(res.body)).toBe(201);
  return { id: res.body.conversationId as string, visitorToken: res.body.visitorToken as string };
}

async function say(from: Client, to: Client, text: string) {
  from.send({ type: 'send', id: clientId(), text });
  await to.next((f) => f.type === 'entries' && f.entries.some((e: any) => e.text === text));
}

test('a workspace driven through its features stores only key families its catalogues name', async () => {
  const w = await onlineWorkspace(server);
  const { admin } = w;
  const tag = `${process.pid}-${Date.now().toString(36)}`;

  // Team and settings: an agent, an invite, a playbook, a saved reply, a team, notification, visitor, identity,
  // routing, retention and email settings; the test clock.
  const sam = await addAgent(server, w.ws, admin, 'Sam Seller');
  expect((await admin.request({ type: 'invite-create', name: 'Ivy', email: 'ivy@example.com', role: 'agent', manageLiveChat: false })).type).toBe('invite-created');
  expect((await admin.request({ type: 'playbook-create', name: 'Second', template: 'live-chat' })).type).toBe('ok');
  expect((await admin.request({ type: 'reply-save', reply: { shortcut: 'Price', text: 'Our plans start at 49 €/month.' } })).type).toBe('ok');
  expect((await admin.request({ type: 'team-create', name: 'Sales', members: [sam.id] })).type).toBe('ok');
  expect((await admin.request({ type: 'settings-save', notifications: { enabled: true, newUnassigned: true, assignedToMe: true, newMessage: false, sound: false } })).type).toBe('ok');
  expect((await admin.request({ type: 'visitor-settings-save', settings: { typingPreview: true } })).type).toBe('ok');
  expect((await admin.request({ type: 'identity-rotate' })).type).toBe('ok');
  expect((await admin.request({ type: 'routing-save', defaultMaxChats: 3 })).type).toBe('ok');
  expect((await admin.request({ type: 'retention-save', days: 30 })).type).toBe('ok');
  const emailSaved = await admin.request({
    type: 'email-settings-save',
    settings: {
      host: '127.0.0.1', port: md.smtpPort, tls: 'none', user: '', fromAddress: 'chat@baton.test', fromName: 'Acme', replyDomain: 'reply.baton.test',
      delayMinutes: 5, unseenReplies: true, transcriptOnRequest: true, transcriptAtClose: false, missedNotice: true,
    },
  });
  expect(emailSaved.type).toBe('ok');
  const inbound = new URL((await admin.next((f) => f.type === 'email-settings')).settings.inboundUrl, server.url);
  await setWorkspaceClock(server, w.ws, 0);

  // A chat (on the test clock: its room keeps an offset): claimed, messages both ways, pages, details, a lead in
  // the built-in CRM, "Email me this chat", closed and rated.
  const vera = await chat(w.ws, w.playbookId, `vera-${tag}`.padEnd(21, '0'), { 'x-baton-test-now': String(Date.now()) });
  const agent = new Client(server, 'conversation', vera.id);
  await agent.open(w.adminToken);
  expect((await agent.request({ type: 'claim' })).type).toBe('ok');
  const visitor = new Client(server, 'conversation', vera.id);
  await visitor.open(vera.visitorToken);
  await say(visitor, agent, 'Do you ship to Lyon?');
  await say(agent, visitor, 'We do, next day.');
  visitor.send({ type: 'pages', pages: [{ url: `${DEMO_ORIGIN}/pricing`, title: 'Pricing', at: Date.now() }] });
  await agent.next((f) => f.type === 'trail');
  expect((await agent.request({ type: 'update-details', patch: { person: { email: `vera.${tag}@example.com` }, notes: 'Wants next-day' } })).type).toBe('ok');
  expect((await agent.request({ type: 'create-record', kind: 'lead' })).type).toBe('ok');
  await agent.next((f) => f.type === 'entries' && f.entries.some((e: any) => e.event === 'lead-created'));
  const email = `vera.${tag}@example.com`;
  expect((await visitor.request({ type: 'transcript-request', email })).type).toBe('ok');
  const transcript = (await md.waitFor(email, (m) => m.some((x) => x.subject === 'Your conversation with Acme'))).find((x) => x.subject === 'Your conversation with Acme')!;
  await agent.next((f) => f.type === 'entries' && f.entries.some((e: any) => e.event === 'email-sent'));
  expect((await agent.request({ type: 'close' })).type).toBe('ok');
  expect((await visitor.request({ type: 'rate', score: 4, comment: 'Quick' })).type).toBe('ok');

  // Vera answers the transcript once the chat is closed: a new chat, linked to it (email:next:).
  const token = /reply\+([a-z0-9-]+)@/.exec((await rawHeaders(md.url, transcript.id))['reply-to'] ?? '')![1]!;
  const from = admin.frames.length;
  const replied = await post(server, `${inbound.pathname}${inbound.search}`, {
    From: email, FromFull: { Email: email, Name: 'Vera' }, To: `reply+${token}@reply.baton.test`, ToFull: [{ Email: `reply+${token}@reply.baton.test`, Name: '', MailboxHash: '' }],
    OriginalRecipient: `reply+${token}@reply.baton.test`, MailboxHash: '', Subject: 'Re: Your conversation with Acme', MessageID: `m-${tag}`, TextBody: 'One more question', HtmlBody: '', StrippedTextReply: '', Headers: [],
  });
  expect(replied.status).toBe(200);
  const again = (await admin.next((f) => f.type === 'conversation' && f.conversation.id !== vera.id && f.conversation.lastMessage?.text === 'One more question', 15_000, from)).conversation.id as string;

  // A second chat, whose visitor an agent blocks; an offline form; a site not allowed asking for the widget.
  const troll = await chat(w.ws, w.playbookId, `troll-${tag}`.padEnd(21, '0'));
  expect((await admin.request({ type: 'block', conversationId: troll.id, reason: 'Abusive' })).type).toBe('ok');
  expect((await postOffline(server, w.ws, offlineSubmission(w.playbookId, `sub-${tag}`, { name: 'Olga Offline', email: `olga.${tag}@example.com` }, ['lead']))).status).toBe(200);
  await fetch(`${server.url}/parties/workspace/${w.ws}/widget/${w.playbookId}`, { headers: { origin: 'http://elsewhere.test' } });
  expect((await admin.request({ type: 'health-get' })).type).toBe('ok');

  // A third chat whose visitor is erased (the deletion log).
  const gone = await chat(w.ws, w.playbookId, `gone-${tag}`.padEnd(21, '0'));
  expect((await ask(admin, { type: 'visitor-erase', query: `gone-${tag}`.padEnd(21, '0') })).erasure).toMatchObject({ conversations: 1, failed: 0 });

  // What the closed chat told the workspace (insights, the index) has arrived.
  await until(async () => Object.keys((await roomStorage(server, 'workspace', w.ws)).storage).some((k) => k.startsWith('ins:c:') && k.includes(vera.id)), 'the closed chat folded into insights');

  const ws = (await roomStorage(server, 'workspace', w.ws)).storage;
  expect(uncatalogued(WORKSPACE_STORED, ws), 'workspace keys without a line in WORKSPACE_STORED').toEqual([]);
  for (const id of [vera.id, again, troll.id, gone.id]) {
    const conv = (await roomStorage(server, 'conversation', id)).storage;
    expect(uncatalogued(CONVERSATION_STORED, conv), `conversation ${id}: keys without a line in CONVERSATION_STORED`).toEqual([]);
  }
  // The drive reached the families it meant to (a feature quietly skipped would make this test weaker).
  const families = new Set(Object.keys(ws).map((k) => familyOf(WORKSPACE_STORED, k)!.key));
  for (const k of ['agent:', 'invite:', 'onboarding-event:', 'pb:', 'reply:', 'team:', 'block:', 'rec:', 'intent:', 'retention', 'erasure:', 'test-clock', 'routing', 'identity', 'visitor-settings', 'notif:', 'email:settings', 'email:intent:', 'email:done:', 'email:next:', 'ins:d:', 'ins:a:', 'ins:c:', 'refused-sites']) expect(families, k).toContain(k);

  // Erasing Vera leaves nothing in the workspace that names her chats: their mails (outbox, done index), the
  // reply's link, their insights contributions, index rows and history keys, her lead.
  for (const c of [agent, visitor]) c.close();
  expect((await ask(admin, { type: 'visitor-erase', query: email })).erasure).toMatchObject({ conversations: 2, failed: 0 });
  const after = (await roomStorage(server, 'workspace', w.ws)).storage;
  const named = ([k, v]: [string, unknown]) => [vera.id, again, email].some((x) => `${k} ${JSON.stringify(v)}`.includes(x));
  expect(Object.entries(after).filter(named).map(([k]) => k)).toEqual([]);
  for (const id of [vera.id, again]) expect((await roomStorage(server, 'conversation', id)).storage).toEqual({});
  admin.close();
});
