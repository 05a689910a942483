import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { mkdirSync } from 'node:fs';
import { Client, post } from '../helpers/clients';
import { openPanelEnv, SidePanel, type PanelEnv } from '../helpers/extension-panel';
import { launchFrenchAgent } from '../helpers/extension-fr';
import { rawHeaders, sharedMaildev } from '../helpers/maildev';

// Issue 15 from the agent's side, in Chromium with the real extension, partykit dev and maildev: the email events
// of a chat (queued, sent, unsubscribed) in its timeline, and the visitor's reply by email marked as such.
describe('side panel: email in the timeline (issue 15)', () => {
  let env: PanelEnv;
  let panel: SidePanel;
  let admin: Client;
  let visitor: Client;
  let fr: Awaited<ReturnType<typeof launchFrenchAgent>> | undefined;
  const email = `vera.${Date.now().toString(36)}.${process.pid}@example.com`;
  const masked = `v***@example.com`;

  beforeAll(async () => {
    mkdirSync('tests/e2e/screenshots', { recursive: true });
    env = await openPanelEnv();
    panel = env.panel;
    await panel.page.setViewportSize({ width: 1000, height: 760 });
    const md = await sharedMaildev();
    admin = new Client(env.server, 'workspace', env.setup.ws);
    await admin.open(env.setup.adminToken);
    const saved = await admin.request({
      type: 'email-settings-save',
      settings: {
        host: '127.0.0.1', port: md.smtpPort, tls: 'none', user: '', fromAddress: 'chat@baton.test', fromName: 'Acme', replyDomain: 'reply.baton.test',
        delayMinutes: 5, unseenReplies: true, transcriptOnRequest: true, transcriptAtClose: false, missedNotice: true,
      },
    });
    if (saved.type !== 'ok') throw new Error(`email-settings-save: ${JSON.stringify(saved)}`);
    const { settings } = await admin.next((f) => f.type === 'email-settings');
    await panel.onlineSwitch.and(panel.page.locator(':enabled')).waitFor();
    await panel.goOnline();
    visitor = await env.chat({ transcript: [{ from: 'visitor', text: 'Talk to sales', at: Date.now() }], answers: { name: 'Vera Visitor' } });

    // "Email me this chat": queued, then sent to maildev.
    expect((await visitor.request({ type: 'transcript-request', email })).type).toBe('ok');
    const [mail] = await md.waitFor(email, (m) => m.length >= 1);
    // The visitor answers the email (Postmark's inbound JSON, as the provider would post it).
    const token = /reply\+([a-z0-9-]+)@/.exec((await rawHeaders(md.url, mail!.id))['reply-to'] ?? '')![1]!;
    const to = `reply+${token}@reply.baton.test`;
    const inbound = new URL(settings.inboundUrl, env.server.url);
    const res = await post(env.server, `${inbound.pathname}${inbound.search}`, {
      From: email, FromFull: { Email: email, Name: 'Vera', MailboxHash: token }, To: to, ToFull: [{ Email: to, Name: '', MailboxHash: token }], OriginalRecipient: to, MailboxHash: token,
      Subject: 'Re: Your chat with Acme', MessageID: `m-${Date.now()}`, TextBody: 'Could you send the price list too?', HtmlBody: '', StrippedTextReply: '', Headers: [],
    });
    expect(res.status).toBe(200);
    // The unsubscribe link's one-click POST (RFC 8058).
    const stop = /<([^>]+)>/.exec((await rawHeaders(md.url, mail!.id))['list-unsubscribe'] ?? '')![1]!;
    const stopped = await fetch(stop, { method: 'POST', body: 'List-Unsubscribe=One-Click', headers: { 'content-type': 'application/x-www-form-urlencoded' } });
    expect(stopped.status).toBeLessThan(400);
  });
  afterAll(async () => {
    admin?.close();
    await fr?.context.close();
    await env?.stop();
  });

  it('shows queued, sent (kind and masked address) and unsubscribed like the CRM events, and the reply marked "by email"', async () => {
    await panel.openChat('Unassigned', 'Vera Visitor');
    const log = panel.transcript;
    await log.getByText(`Email queued: transcript to ${masked}`).waitFor();
    await log.getByText(`Email sent: transcript to ${masked}`).waitFor();
    await log.getByText('The visitor unsubscribed from this chat’s emails').waitFor();
    const reply = log.getByRole('listitem').filter({ hasText: 'Could you send the price list too?' });
    await reply.waitFor();
    expect(await reply.getAttribute('class')).toContain('visitor');
    expect(await reply.locator('.via-email').textContent()).toBe(' · ✉ by email');
    for (const line of [`Email sent: transcript to ${masked}`, 'The visitor unsubscribed from this chat’s emails']) {
      expect(await log.getByRole('listitem').filter({ hasText: line }).getAttribute('class')).toBe('event');
    }
    // Never the full address in the timeline.
    expect(await log.textContent()).not.toContain(email);
    await panel.page.emulateMedia({ colorScheme: 'light' });
    await panel.screenshot('sidepanel-email-light');
    await panel.page.emulateMedia({ colorScheme: 'dark' });
    await panel.screenshot('sidepanel-email-dark');
    await panel.page.emulateMedia({ colorScheme: 'light' });
  });

  it('in French', async () => {
    fr = await launchFrenchAgent(env.server.url, env.setup.ws, env.setup.adminCredential);
    const p = await SidePanel.open(fr, { width: 1000, height: 760 });
    await p.page.getByRole('tab', { name: /^Non assignées \d+$/ }).click();
    await p.list.getByRole('option').filter({ hasText: 'Vera Visitor' }).click();
    const log = p.page.getByRole('list', { name: 'Conversation' });
    await log.getByText(`E-mail envoyé : transcription à ${masked}`).waitFor();
    await log.getByText('Le visiteur s’est désabonné des e-mails de cette conversation').waitFor();
    expect(await log.locator('.via-email').textContent()).toBe(' · ✉ par e-mail');
    await p.screenshot('sidepanel-email-fr');
  });
});
