import { afterAll, beforeAll, expect, it } from 'vitest';
import { Client, post, setupWorkspace, startConversation } from '../helpers/clients';
import { launchAgent, SidePanel, type Agent } from '../helpers/extension-panel';
import { rawHeaders, sharedMaildev } from '../helpers/maildev';
import { startServer, type TestServer } from '../helpers/server';

// Issue 15 end to end: the agent answers in the side panel after the visitor left; the email lands in the local
// inbox (maildev, as `npm start` runs it); the visitor's reply, posted to the inbound endpoint in Postmark's
// format, appears in the side panel.
let server: TestServer;
let ada: Agent;
beforeAll(async () => {
  server = await startServer({ vars: { BATON_EMAIL_DELAY_MS: '1000' } });
});
afterAll(async () => {
  await ada?.context.close();
  await server?.stop();
});

it('an answer the visitor missed reaches them by email, and their reply reaches the side panel', async () => {
  const md = await sharedMaildev();
  const setup = await setupWorkspace(server);
  const admin = new Client(server, 'workspace', setup.ws);
  await admin.open(setup.adminToken);
  expect((await admin.request({ type: 'email-settings-save', settings: { host: '127.0.0.1', port: md.smtpPort, tls: 'none', user: '', fromAddress: 'chat@baton.test', fromName: 'Acme', replyDomain: 'reply.baton.test', delayMinutes: 1, unseenReplies: true, transcriptOnRequest: true, transcriptAtClose: false, missedNotice: false } })).type).toBe('ok');
  const inbound = new URL((await admin.next((f) => f.type === 'email-settings')).settings.inboundUrl, server.url);

  ada = await launchAgent(server.url, setup.ws, setup.adminCredential);
  const panel = await SidePanel.open(ada);
  await expect.poll(() => panel.onlineSwitch.isEnabled()).toBe(true);
  await panel.goOnline();
  const created = await startConversation(server, setup.ws, setup.playbookId);
  expect(created.status).toBe(201);
  // The visitor gives their address ("Email me this chat"), then closes the page.
  const email = `vera.e2e.${Date.now().toString(36)}@example.com`;
  const visitor = new Client(server, 'conversation', created.body.conversationId);
  await visitor.open(created.body.visitorToken);
  expect((await visitor.request({ type: 'transcript-request', email })).type).toBe('ok');
  visitor.close();

  await panel.openChat('Unassigned', 'Vera Visitor');
  await panel.button('Assign to me').click();
  await panel.composer.waitFor();
  await panel.send('Our offer is on its way');

  const mails = await md.waitFor(email, (m) => m.some((x) => x.subject === 'New reply from Acme'), 30_000);
  const mail = mails.find((x) => x.subject === 'New reply from Acme')!;
  expect(mail.text).toContain('Our offer is on its way');
  const token = /reply\+([a-z0-9-]+)@/.exec((await rawHeaders(md.url, mail.id))['reply-to'] ?? '')![1]!;

  const reply = {
    FromFull: { Email: email, Name: 'Vera' }, From: email, To: `reply+${token}@reply.baton.test`, MailboxHash: token, MessageID: `e2e-${Date.now()}`,
    TextBody: 'Great, thanks!\n\nOn Mon, Acme <chat@baton.test> wrote:\n> Our offer is on its way', HtmlBody: '', StrippedTextReply: '', Headers: [],
  };
  expect((await post(server, `${inbound.pathname}${inbound.search}`, reply)).status).toBe(200);
  await panel.transcript.getByText('Great, thanks!').waitFor();
  admin.close();
});
