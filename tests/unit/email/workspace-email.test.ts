import { expect, test } from 'vitest';
import { workspaceHarness } from '../../helpers/memory-workspace';
import type { OutgoingEmail, SendResult } from '../../../party/email/transport';

const settings = { host: 'smtp.postmarkapp.com', port: 465, tls: 'tls', user: 'apikey', password: 'pw-hunter2-secret', fromAddress: 'chat@acme.example', fromName: 'Acme', replyDomain: 'reply.acme.example', delayMinutes: 5, unseenReplies: true, transcriptOnRequest: true, transcriptAtClose: true, missedNotice: true };

function harness(answer: SendResult = { outcome: 'sent' }) {
  const sent: OutgoingEmail[] = [];
  const h = workspaceHarness({ emailTransport: () => ({ send: async (e) => (sent.push(e), answer) }) });
  return { h, sent };
}

test('email frames are for admins; the password never leaves the server, in any frame to anyone', async () => {
  const { h } = harness();
  const { agent } = await h.setup();
  const admin = await h.connect(agent.id);
  const plain = await h.connect(await h.addAgent('Pat'));
  for (const frame of [{ type: 'email-settings-get', ref: 'g' }, { type: 'email-settings-save', ref: 's', settings }, { type: 'email-test', ref: 't' }]) {
    await h.frame(plain, frame);
    expect(plain.last()).toMatchObject({ type: 'error', code: 'forbidden', ref: frame.ref });
  }
  await h.frame(admin, { type: 'email-settings-save', ref: 's', settings });
  const [ok, view] = admin.frames.slice(-2);
  expect(ok).toEqual({ type: 'ok', ref: 's' });
  expect(view).toMatchObject({ type: 'email-settings', settings: { host: 'smtp.postmarkapp.com', passwordSet: true } });
  await h.frame(admin, { type: 'email-settings-get', ref: 'g' });
  expect(admin.last()).toMatchObject({ type: 'email-settings', ref: 'g', settings: { passwordSet: true } });
  for (const s of [admin, plain]) expect(s.sent.join('\n')).not.toContain('pw-hunter2-secret');
  // Saved again without a password: the stored one is kept.
  const { password: _p, ...noPassword } = settings;
  await h.frame(admin, { type: 'email-settings-save', ref: 's2', settings: noPassword });
  expect(admin.last()).toMatchObject({ type: 'email-settings', settings: { passwordSet: true } });
  // A bad field is named.
  await h.frame(admin, { type: 'email-settings-save', ref: 's3', settings: { ...settings, fromAddress: 'nope' } });
  expect(admin.last()).toMatchObject({ type: 'error', code: 'invalid-field', ref: 's3', problems: { fromAddress: { code: 'invalid-email' } } });
});

test('Send test email goes to the asking admin, and a refusal is told without the password', async () => {
  const ok = harness();
  const { agent } = await ok.h.setup();
  const admin = await ok.h.connect(agent.id);
  await ok.h.frame(admin, { type: 'email-test', ref: 't0' });
  expect(admin.last()).toMatchObject({ type: 'email-test-result', ref: 't0', ok: false });
  await ok.h.frame(admin, { type: 'email-settings-save', ref: 's', settings });
  await ok.h.frame(admin, { type: 'email-test', ref: 't' });
  expect(admin.last()).toEqual({ type: 'email-test-result', ref: 't', ok: true, message: 'Sent to r***@example.com' });
  expect(ok.sent.map((e) => e.to)).toEqual(['root@example.com']);

  const bad = harness({ outcome: 'refused', message: '535 5.7.8 Authentication failed for pw-hunter2-secret' });
  const b = await bad.h.setup();
  const admin2 = await bad.h.connect(b.agent.id);
  await bad.h.frame(admin2, { type: 'email-settings-save', ref: 's', settings });
  await bad.h.frame(admin2, { type: 'email-test', ref: 't' });
  expect(admin2.last()).toEqual({ type: 'email-test-result', ref: 't', ok: false, message: '535 5.7.8 Authentication failed for [redacted]' });
});

test('the inbound webhook: 403 without email configured or with a wrong secret; 413 over the cap', async () => {
  const { h } = harness();
  const { agent } = await h.setup();
  const mail = { From: 'v@example.com', To: 'reply+abc-def-ghijklmnopqrstuvwxyzabcd@reply.acme.example', TextBody: 'hi' };
  expect((await h.post('email/inbound?key=whatever', mail)).status).toBe(403);
  const admin = await h.connect(agent.id);
  await h.frame(admin, { type: 'email-settings-save', ref: 's', settings });
  const url = new URL((admin.last() as unknown as { settings: { inboundUrl: string } }).settings.inboundUrl, 'https://baton.example');
  const key = url.searchParams.get('key')!;
  expect((await h.post(`email/inbound?key=${key.slice(0, -1)}x`, mail)).status).toBe(403);
  // Basic auth works too (Postmark's other way): an out-of-office gets past it and is dropped with a 200.
  const ooo = { ...mail, Headers: [{ Name: 'Auto-Submitted', Value: 'auto-replied' }] };
  expect((await h.post('email/inbound', ooo, { authorization: `Basic ${btoa(`postmark:${key}`)}` })).status).toBe(200);
  expect((await h.post('email/inbound', ooo, { authorization: `Basic ${btoa('postmark:wrong')}` })).status).toBe(403);
  // The right secret, a forged token: refused.
  expect((await h.post(`email/inbound?key=${key}`, mail)).status).toBe(403);
  const big = { ...mail, TextBody: 'x'.repeat(300_000) };
  expect((await h.post(`email/inbound?key=${key}`, big)).status).toBe(413);
});

test('an email request for another workspace\'s conversation is refused', async () => {
  const { h } = harness();
  const { agent } = await h.setup();
  const admin = await h.connect(agent.id);
  await h.frame(admin, { type: 'email-settings-save', ref: 's', settings });
  const res = await h.internal({ type: 'email-request', conversationId: 'other-ws.abc', key: 'other-ws.abc:transcript:1', kind: 'transcript', to: 'v@example.com', lang: 'en', lines: [] });
  expect(res.status).toBe(403);
});
