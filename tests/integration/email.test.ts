import { afterAll, beforeAll, expect, test } from 'vitest';
import { startServer, type TestServer } from '../helpers/server';
import { Client, claimedChat, clientId, post, type Frame } from '../helpers/clients';
import { rawHeaders, sharedMaildev, startMaildev, type Mail, type Maildev } from '../helpers/maildev';

// Email continuity (issue 15) against a real partykit dev and a real SMTP server (maildev): what arrives is read
// from maildev's REST API. The unseen-reply delay is shortened (BATON_EMAIL_DELAY_MS), nothing else.
let server: TestServer;
let md: Awaited<ReturnType<typeof sharedMaildev>>;
beforeAll(async () => {
  server = await startServer({ vars: { BATON_EMAIL_DELAY_MS: '1500', BATON_EMAIL_RETRY_BASE_MS: '300' } });
  md = await sharedMaildev();
});
afterAll(async () => {
  await server?.stop();
});

let n = 0;
const address = () => `vera.${Date.now().toString(36)}.${process.pid}.${n++}@example.com`;

/** Points the workspace at an SMTP server; answers the inbound webhook's URL. */
async function configure(admin: Client, smtpPort: number): Promise<string> {
  const saved = await admin.request({
    type: 'email-settings-save',
    settings: {
      host: '127.0.0.1', port: smtpPort, tls: 'none', user: '', fromAddress: 'chat@baton.test', fromName: 'Acme', replyDomain: 'reply.baton.test',
      delayMinutes: 5, unseenReplies: true, transcriptOnRequest: true, transcriptAtClose: false, missedNotice: true,
    },
  });
  expect(saved.type).toBe('ok');
  const view = await admin.next((f) => f.type === 'email-settings');
  expect(view.settings.passwordSet).toBe(false);
  expect(view.settings.inboundUrl).toMatch(/\/email\/inbound\?key=/);
  return view.settings.inboundUrl;
}

/** A claimed chat in an email-configured workspace whose visitor gave `email` ("Email me this chat"). */
async function chatWithEmail(smtpPort = md.smtpPort) {
  const c = await claimedChat(server);
  const inboundUrl = await configure(c.w.admin, smtpPort);
  const email = address();
  const visitor = new Client(server, 'conversation', c.id);
  const welcome = await visitor.open(c.visitorToken);
  expect(welcome.conversation.emailKnown).toBeUndefined();
  const asked = await visitor.request({ type: 'transcript-request', email });
  expect(asked.type).toBe('ok');
  await visitor.next((f) => f.type === 'state' && f.conversation.emailKnown === true);
  return { ...c, email, visitor, inboundUrl: new URL(inboundUrl, server.url) };
}

async function agentSays(agent: Client, text: string) {
  const id = clientId();
  agent.send({ type: 'send', id, text });
  await agent.next((f) => f.type === 'ack' && f.id === id);
}

const unseenMails = (mails: Mail[]) => mails.filter((m) => m.subject.startsWith('New reply from'));
const replyToken = async (mail: Mail) => /reply\+([a-z0-9-]+)@/.exec((await rawHeaders(md.url, mail.id))['reply-to'] ?? '')![1]!;

function postmark(to: string, from: string, text: string, extra: Record<string, unknown> = {}) {
  return { From: from, FromFull: { Email: from, Name: 'Vera' }, To: to, ToFull: [{ Email: to, Name: '', MailboxHash: '' }], OriginalRecipient: to, MailboxHash: '', Subject: 'Re: New reply from Acme', MessageID: `m-${clientId()}`, TextBody: text, HtmlBody: '', StrippedTextReply: '', Headers: [], ...extra };
}
const inboundPath = (u: URL) => `${u.pathname}${u.search}`;

test('agent messages the visitor has not seen, once they left, go in one email after the delay; its reply threads back into the chat', async () => {
  const c = await chatWithEmail();
  await c.visitor.roundTrip();
  c.visitor.send({ type: 'seen', seq: c.visitor.frames.filter((f) => f.type === 'welcome')[0]!.conversation.lastSeq });
  await c.visitor.roundTrip();
  c.visitor.close();
  await c.agent.next((f) => f.type === 'presence' && f.visitor === 'away', 15_000);
  for (const text of ['First answer', 'Second answer', 'Third answer']) await agentSays(c.agent, text);
  const mails = await md.waitFor(c.email, (m) => unseenMails(m).length >= 1);
  const [mail] = unseenMails(mails);
  expect(mail!.text).toContain('First answer');
  expect(mail!.text).toContain('Third answer');
  expect(mail!.text).toContain('--- Reply above this line ---');
  const headers = await rawHeaders(md.url, mail!.id);
  expect(headers['list-unsubscribe-post']).toBe('List-Unsubscribe=One-Click');
  expect(headers['list-unsubscribe']).toMatch(/^<http:\/\/127\.0\.0\.1:\d+\/parties\/workspace\/.+\/email\/stop\?t=[a-z0-9-]+>$/);
  expect(headers['auto-submitted']).toBe('auto-generated');
  await c.agent.next((f) => f.type === 'entries' && f.entries.some((e: any) => e.event === 'email-sent' && e.email.kind === 'unseen' && e.email.to.includes('***@example.com')));
  expect(unseenMails(await md.list(c.email))).toHaveLength(1);

  // The visitor answers the email (Postmark's inbound JSON): their message, marked as by email.
  const token = await replyToken(mail!);
  const res = await post(server, inboundPath(c.inboundUrl), postmark(`reply+${token}@reply.baton.test`, c.email, 'Thanks, sounds good!\n\nOn Mon, Acme <chat@baton.test> wrote:\n> First answer'));
  expect(res.status).toBe(200);
  const got = await c.agent.next((f) => f.type === 'entries' && f.entries.some((e: any) => e.kind === 'message' && e.via === 'email'));
  expect(got.entries.find((e: any) => e.via === 'email').text).toBe('Thanks, sounds good!');
  for (const s of [c.agent, c.w.admin]) s.close();
});

test('no unseen-reply email while the visitor is on the page; once they leave, what they did not see goes', async () => {
  const here = await chatWithEmail();
  const control = await chatWithEmail();
  control.visitor.close();
  await control.agent.next((f) => f.type === 'presence' && f.visitor === 'away', 15_000);
  // Here: the visitor keeps the page open and does not mark it seen. The control chat's message is said after it,
  // so once the control's email went out, one for the open page would have been due (and queued) before it.
  await agentSays(here.agent, 'Said while you are here');
  await agentSays(control.agent, 'Said to the control chat');
  await md.waitFor(control.email, (m) => unseenMails(m).length >= 1);
  await control.agent.next((f) => f.type === 'entries' && f.entries.some((e: any) => e.event === 'email-sent' && e.email.kind === 'unseen'));
  await here.agent.roundTrip();
  expect(here.agent.frames.some((f) => f.type === 'entries' && f.entries.some((e: any) => e.event === 'email-queued' && e.email.kind === 'unseen'))).toBe(false);
  expect(unseenMails(await md.list(here.email))).toHaveLength(0);
  // They leave without having seen it: now it goes.
  here.visitor.close();
  const mails = await md.waitFor(here.email, (m) => unseenMails(m).length >= 1);
  expect(unseenMails(mails)[0]!.text).toContain('Said while you are here');
  for (const s of [here.agent, here.w.admin, control.agent, control.w.admin]) s.close();
});

test('"Email me this chat": the transcript arrives; asking again at once is refused; without an address the widget is told to give one', async () => {
  const c = await chatWithEmail();
  const mails = await md.waitFor(c.email, (m) => m.some((x) => x.subject === 'Your conversation with Acme'));
  const transcript = mails.find((x) => x.subject === 'Your conversation with Acme')!;
  expect(transcript.text).toContain('Talk to sales');
  expect((await c.visitor.request({ type: 'transcript-request' })).problem).toEqual({ code: 'transcript-limit' });
  // Agents may not ask.
  expect((await c.agent.request({ type: 'transcript-request' })).code).toBe('forbidden');
  // Another chat, no address yet.
  const other = await claimedChat(server);
  await configure(other.w.admin, md.smtpPort);
  const v = new Client(server, 'conversation', other.id);
  await v.open(other.visitorToken);
  expect((await v.request({ type: 'transcript-request' })).problem).toEqual({ code: 'email-needed' });
  for (const s of [c.agent, c.visitor, c.w.admin, other.agent, other.w.admin, v]) s.close();
});

test('SMTP down, then back: the email is sent once', async () => {
  const own: Maildev = await startMaildev();
  try {
    const c = await claimedChat(server);
    await configure(c.w.admin, own.smtpPort);
    await own.stop();
    const email = address();
    const visitor = new Client(server, 'conversation', c.id);
    await visitor.open(c.visitorToken);
    expect((await visitor.request({ type: 'transcript-request', email })).type).toBe('ok');
    await c.agent.next((f) => f.type === 'entries' && f.entries.some((e: any) => e.event === 'email-queued'));
    // At least one attempt failed while it was down (the server's own log line), then it comes back.
    const deadline = Date.now() + 20_000;
    while (!/"ev":"email-attempt","at":"[^"]+","kind":"transcript","status":"pending"/.test(server.logs()) && Date.now() < deadline) await new Promise((r) => setTimeout(r, 100));
    expect(server.logs()).toMatch(/"ev":"email-attempt","at":"[^"]+","kind":"transcript","status":"pending"/);
    await own.start();
    await own.waitFor(email, (m) => m.length >= 1, 30_000);
    await c.agent.next((f) => f.type === 'entries' && f.entries.some((e: any) => e.event === 'email-sent'), 30_000);
    expect(await own.list(email)).toHaveLength(1);
    for (const s of [c.agent, visitor, c.w.admin]) s.close();
  } finally {
    await own.stop();
  }
});

test('a forged token, another chat\'s token, a stranger\'s address, a wrong secret or an oversize mail change nothing', async () => {
  const a = await chatWithEmail();
  const b = await chatWithEmail();
  const mailOf = async (c: typeof a) => {
    const t = (await md.waitFor(c.email, (m) => m.length >= 1))[0]!;
    return await replyToken(t);
  };
  const tokenA = await mailOf(a);
  const tokenB = await mailOf(b);
  const before = (await new Client(server, 'conversation', a.id).open(a.w.adminToken)).conversation.lastSeq;
  const to = (t: string) => `reply+${t}@reply.baton.test`;
  const forged = tokenA.replace(/.$/, (ch) => (ch === 'a' ? 'b' : 'a'));
  expect((await post(server, inboundPath(a.inboundUrl), postmark(to(forged), a.email, 'forged'))).status).toBe(403);
  // b's token at a's workspace endpoint: another workspace's chat.
  expect((await post(server, inboundPath(a.inboundUrl), postmark(to(tokenB), b.email, 'foreign'))).status).toBe(403);
  // Right token, someone else's address.
  expect((await post(server, inboundPath(a.inboundUrl), postmark(to(tokenA), 'mallory@example.com', 'not me'))).status).toBe(403);
  const wrongKey = new URL(a.inboundUrl);
  wrongKey.searchParams.set('key', 'x'.repeat(32));
  expect((await post(server, inboundPath(wrongKey), postmark(to(tokenA), a.email, 'wrong key'))).status).toBe(403);
  expect((await post(server, inboundPath(a.inboundUrl), postmark(to(tokenA), a.email, 'x'.repeat(300_000)))).status).toBe(413);
  const after = await new Client(server, 'conversation', a.id).open(a.w.adminToken);
  expect(after.conversation.lastSeq).toBe(before);
  expect(after.entries.some((e: any) => e.via === 'email')).toBe(false);
  for (const s of [a.agent, a.visitor, a.w.admin, b.agent, b.visitor, b.w.admin]) s.close();
});

test('a reply to a closed chat starts a new conversation linked to it (the closed one stays closed)', async () => {
  const c = await chatWithEmail();
  const token = await replyToken((await md.waitFor(c.email, (m) => m.length >= 1))[0]!);
  expect((await c.agent.request({ type: 'close' })).type).toBe('ok');
  const from = c.w.admin.frames.length;
  const res = await post(server, inboundPath(c.inboundUrl), postmark(`reply+${token}@reply.baton.test`, c.email, 'One more question'));
  expect(res.status).toBe(200);
  const upsert: Frame = await c.w.admin.next((f) => f.type === 'conversation' && f.conversation.id !== c.id && f.conversation.lastMessage?.text === 'One more question', 15_000, from);
  const next = await new Client(server, 'conversation', upsert.conversation.id).open(c.w.adminToken);
  expect(next.entries.find((e: any) => e.kind === 'message' && e.via === 'email')?.text).toBe('One more question');
  // Replying again to the old email: the new chat gets it, no third chat starts.
  expect((await post(server, inboundPath(c.inboundUrl), postmark(`reply+${token}@reply.baton.test`, c.email, 'And another'))).status).toBe(200);
  const watcher = new Client(server, 'conversation', upsert.conversation.id);
  await watcher.open(c.w.adminToken);
  await watcher.next((f) => (f.type === 'welcome' || f.type === 'entries') && f.entries.some((e: any) => e.text === 'And another'));
  await c.w.admin.roundTrip();
  const chats = new Set(c.w.admin.frames.slice(from).filter((f) => f.type === 'conversation').map((f) => f.conversation.id));
  expect([...chats].filter((id) => id !== c.id)).toEqual([upsert.conversation.id]);
  watcher.close();
  const old = await new Client(server, 'conversation', c.id).open(c.w.adminToken);
  expect(old.conversation.status).toBe('closed');
  expect(old.entries.some((e: any) => e.via === 'email')).toBe(false);
  for (const s of [c.agent, c.visitor, c.w.admin]) s.close();
});

test('the unsubscribe link: GET only asks, POST (one-click) stops every email of the chat, and the timeline says so', async () => {
  const c = await chatWithEmail();
  const first = (await md.waitFor(c.email, (m) => m.length >= 1))[0]!;
  const link = /^<(.+)>$/.exec((await rawHeaders(md.url, first.id))['list-unsubscribe']!)![1]!;
  const page = await fetch(link);
  expect(page.status).toBe(200);
  expect(await page.text()).toContain('<form method="post">');
  const forged = await fetch(link.replace(/t=([a-z0-9-]+)/, (_, t: string) => `t=${t.slice(0, -1)}${t.endsWith('a') ? 'b' : 'a'}`), { method: 'POST' });
  expect(forged.status).toBe(403);
  const stop = await fetch(link, { method: 'POST', headers: { 'content-type': 'application/x-www-form-urlencoded' }, body: 'List-Unsubscribe=One-Click' });
  expect(stop.status).toBe(200);
  await c.agent.next((f) => f.type === 'entries' && f.entries.some((e: any) => e.event === 'email-unsubscribed'));
  expect((await c.visitor.request({ type: 'transcript-request' })).problem).toEqual({ code: 'email-off' });
  for (const s of [c.agent, c.visitor, c.w.admin]) s.close();
});
