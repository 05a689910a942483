import { afterAll, beforeAll, expect, onTestFailed, test } from 'vitest';
import { startServer, type TestServer } from '../helpers/server';
import { Client, onlineWorkspace, startConversation } from '../helpers/clients';
import { sharedMaildev } from '../helpers/maildev';

// The one-off emails (issue 15): the missed-chat notice when the wait runs out, the transcript when the chat closes.
let server: TestServer;
let md: Awaited<ReturnType<typeof sharedMaildev>>;
beforeAll(async () => {
  server = await startServer({ vars: { BATON_WAIT_SECONDS_OVERRIDE: '4' } });
  md = await sharedMaildev();
});
afterAll(async () => {
  await server?.stop();
});

let n = 0;
const address = () => `mia.${Date.now().toString(36)}.${process.pid}.${n++}@example.com`;

async function emailWorkspace() {
  const w = await onlineWorkspace(server);
  const saved = await w.admin.request({
    type: 'email-settings-save',
    settings: { host: '127.0.0.1', port: md.smtpPort, tls: 'none', user: '', fromAddress: 'chat@baton.test', fromName: 'Acme', replyDomain: '', delayMinutes: 5, unseenReplies: true, transcriptOnRequest: true, transcriptAtClose: true, missedNotice: true },
  });
  expect(saved.type).toBe('ok');
  return w;
}

async function visitorWithEmail(w: Awaited<ReturnType<typeof emailWorkspace>>) {
  const created = await startConversation(server, w.ws, w.playbookId);
  const id = created.body.conversationId as string;
  const email = address();
  const visitor = new Client(server, 'conversation', id);
  await visitor.open(created.body.visitorToken);
  expect((await visitor.request({ type: 'transcript-request', email })).type).toBe('ok');
  return { id, email, visitor };
}

test('a missed chat whose visitor gave an email gets the notice', async () => {
  // Seen once timing out under the full suite's load (never alone): the server's last words say why.
  onTestFailed(() => console.log('SERVER LOGS\n' + server.logs().slice(-6000)));
  const w = await emailWorkspace();
  const v = await visitorWithEmail(w);
  await w.admin.next((f) => f.type === 'conversation' && f.conversation.id === v.id && f.conversation.status === 'missed', 45_000);
  const mails = await md.waitFor(v.email, (m) => m.some((x) => x.subject === 'Acme got your message'));
  const notice = mails.filter((x) => x.subject === 'Acme got your message');
  expect(notice).toHaveLength(1);
  expect(notice[0]!.text).toContain('we will answer you by email');
  // No reply domain: nothing invites a reply.
  expect(notice[0]!.text).not.toContain('Reply above this line');
  for (const s of [v.visitor, w.admin]) s.close();
});

test('closing a chat sends its transcript when the setting is on', async () => {
  const w = await emailWorkspace();
  const v = await visitorWithEmail(w);
  const agent = new Client(server, 'conversation', v.id);
  await agent.open(w.adminToken);
  expect((await agent.request({ type: 'claim' })).type).toBe('ok');
  await md.waitFor(v.email, (m) => m.length >= 1);
  expect((await agent.request({ type: 'close' })).type).toBe('ok');
  const mails = await md.waitFor(v.email, (m) => m.filter((x) => x.subject === 'Your conversation with Acme').length >= 2);
  expect(mails.filter((x) => x.subject === 'Your conversation with Acme')).toHaveLength(2);
  await agent.next((f) => f.type === 'entries' && f.entries.some((e: any) => e.event === 'email-sent' && e.id.endsWith(':close')));
  for (const s of [agent, v.visitor, w.admin]) s.close();
});
