import * as v from 'valibot';
import { BatonError, EmailReplyAnswer, type EmailPolicy, type EmailRequest, type EmailSettingsView, type ConversationSeed } from '../../protocol';
import { safeEqual } from '../auth';
import { RateLimiter, fail, json, readJson } from '../http';
import type { RoomLink } from '../link';
import type { Storage } from '../ports';
import { compose, headerSafe, isStrictAddress, maskAddress } from '../email/compose';
import { INBOUND_BODY_MAX, parseInbound } from '../email/inbound';
import { EmailOutbox, type EmailIntent } from '../email/outbox';
import { EMAIL_SETTINGS_KEY, defaultEmailSettings, emailOn, emailSecretsOf, emailView, mergeEmailSettings, parseEmailSettings, type EmailSettings } from '../email/settings';
import { base32, signEmailToken, verifyEmailToken } from '../email/token';
import type { EmailTransport } from '../email/transport';
import { logEvent } from '../log';

/** Server-side knobs (vars). */
export type EmailEnv = {
  publicUrl: string | null;
  /** Tests only (BATON_EMAIL_DELAY_MS): the unseen-reply delay in ms, whatever the settings say. */
  delayMsOverride?: number;
  retryBaseMs: number;
  socketTimeoutMs: number;
  responseTimeoutMs: number;
};

export function emailEnv(env: Record<string, unknown>, publicUrl: string | null): EmailEnv {
  const n = (k: string) => (env[k] !== undefined && env[k] !== '' && Number.isFinite(Number(env[k])) ? Number(env[k]) : undefined);
  return {
    publicUrl,
    ...(n('BATON_EMAIL_DELAY_MS') !== undefined ? { delayMsOverride: n('BATON_EMAIL_DELAY_MS') } : {}),
    retryBaseMs: n('BATON_EMAIL_RETRY_BASE_MS') ?? 5_000,
    socketTimeoutMs: n('BATON_EMAIL_SOCKET_TIMEOUT_MS') ?? 15_000,
    responseTimeoutMs: n('BATON_EMAIL_RESPONSE_TIMEOUT_MS') ?? 10_000,
  };
}

export type WorkspaceEmailHost = {
  workspaceId: string;
  storage: Storage;
  secret: string;
  link: RoomLink;
  env: EmailEnv;
  now(): number;
  /** The transport for these settings (smtp.ts in the room; a fake in unit tests). */
  transportFor(s: EmailSettings, env: EmailEnv): EmailTransport;
  /** A closed chat's visitor answered: start the chat that continues it (public-api.ts). */
  continueConversation(seed: ConversationSeed, linkedFrom: string): Promise<string>;
  /** Every admin gets the new settings. */
  toAdmins(view: EmailSettingsView): void;
};

/** Inbound mails one conversation takes per hour (a loop or a flood stops there). */
const INBOUND_PER_HOUR = 20;
/** Emails one conversation sends per day at most (an address typed by someone else gets little). */
export const EMAILS_PER_CHAT_PER_DAY = 10;

/**
 * The workspace's email: its settings (admins), the outbox (email/outbox.ts), the inbound webhook and the
 * unsubscribe link. Compose, tokens, parsing and the queue's rules live in party/email/; this wires them.
 */
export class WorkspaceEmail {
  settings: EmailSettings = defaultEmailSettings();
  readonly outbox: EmailOutbox;
  private inboundLimiter = new RateLimiter(INBOUND_PER_HOUR, INBOUND_PER_HOUR / 3600);
  private sendLimiter = new RateLimiter(EMAILS_PER_CHAT_PER_DAY, EMAILS_PER_CHAT_PER_DAY / 86_400);

  constructor(private h: WorkspaceEmailHost) {
    this.outbox = new EmailOutbox({
      storage: h.storage,
      now: h.now,
      retryBaseMs: h.env.retryBaseMs,
      transport: async () => (emailOn(this.settings) ? { transport: h.transportFor(this.settings, h.env), secrets: emailSecretsOf(this.settings) } : null),
      build: (i) => this.build(i),
      tell: (i) => this.tell(i),
      // The outbox's own wake-up: the workspace room shares its one alarm among its owners (alarms.ts).
      wakeBy: (at) => h.storage.setAlarm(at),
    });
  }

  async load() {
    this.settings = { ...defaultEmailSettings(), ...((await this.h.storage.get<EmailSettings>(EMAIL_SETTINGS_KEY)) ?? {}) };
    await this.outbox.load();
  }

  view(): EmailSettingsView {
    return emailView(this.settings, this.h.env.publicUrl, this.h.workspaceId);
  }

  async save(raw: unknown) {
    const next = mergeEmailSettings(parseEmailSettings(raw), this.settings);
    await this.h.storage.put(EMAIL_SETTINGS_KEY, next);
    this.settings = next;
    // Mails waiting for a configuration go now.
    if (emailOn(next)) void this.outbox.drain();
  }

  /** Every admin gets the settings (after a save). */
  announce() {
    this.h.toAdmins(this.view());
  }

  /** `Send test email`: to the asking admin's own address, now; the server's answer (redacted) is the result. */
  async test(adminEmail: string): Promise<{ ok: boolean; message: string }> {
    if (!adminEmail || !isStrictAddress(adminEmail)) throw BatonError.of('invalid-field', { code: 'email-needed' });
    if (!emailOn(this.settings)) return { ok: false, message: 'Email is off: set the SMTP host and the from address first' };
    const ws = this.workspaceName();
    const result = await this.h.transportFor(this.settings, this.h.env).send({
      from: { address: this.settings.fromAddress, name: headerSafe(this.settings.fromName || ws, 100) },
      to: adminEmail,
      subject: headerSafe(`Baton test email (${ws})`),
      text: 'This is a test email from Baton: your email settings work.',
      html: '<p>This is a test email from Baton: your email settings work.</p>',
      headers: { 'Auto-Submitted': 'auto-generated' },
    });
    if (result.outcome === 'sent') return { ok: true, message: `Sent to ${maskAddress(adminEmail)}` };
    let message = headerSafe(result.message, 500);
    for (const s of emailSecretsOf(this.settings)) message = message.split(s).join('[redacted]');
    return { ok: false, message };
  }

  policy(): EmailPolicy {
    const s = this.settings;
    return {
      on: emailOn(s),
      delayMs: this.h.env.delayMsOverride ?? s.delayMinutes * 60_000,
      unseenReplies: s.unseenReplies,
      transcriptOnRequest: s.transcriptOnRequest,
      transcriptAtClose: s.transcriptAtClose,
      missedNotice: s.missedNotice,
    };
  }

  /** A conversation asks for an email: stored in the outbox (once per key), sent soon. */
  async request(msg: EmailRequest): Promise<{ queued: boolean }> {
    if (!msg.conversationId.startsWith(`${this.h.workspaceId}.`)) throw new BatonError('forbidden', 'Not a conversation of this workspace');
    if (!emailOn(this.settings)) throw BatonError.of('unavailable', { code: 'email-off' });
    if (!isStrictAddress(msg.to)) throw BatonError.of('invalid-field', { code: 'invalid-email' });
    if (await this.outbox.find(msg.key)) return { queued: false };
    // Over the day's cap: not queued (the conversation does not ask again for these messages).
    if (!this.sendLimiter.take(msg.conversationId, this.h.now())) {
      logEvent('email-capped', { kind: msg.kind });
      return { queued: false };
    }
    const { created } = await this.outbox.enqueue({
      id: msg.key,
      conversationId: msg.conversationId,
      kind: msg.kind,
      to: msg.to,
      lang: msg.lang,
      ...(msg.timeZone ? { timeZone: msg.timeZone } : {}),
      lines: msg.lines,
      ...(msg.omitted ? { omitted: true as const } : {}),
    });
    return { queued: created };
  }

  private workspaceName(): string {
    return headerSafe(this.settings.fromName, 100) || this.settings.fromAddress.split('@')[1] || 'Baton';
  }

  private mailDomain(): string {
    return this.settings.replyDomain || this.settings.fromAddress.split('@')[1] || 'baton.invalid';
  }

  stopUrl(token: string) {
    return `${this.h.env.publicUrl ?? ''}/parties/workspace/${encodeURIComponent(this.h.workspaceId)}/email/stop?t=${token}`;
  }

  /** The mail of an intent: composed, with its reply address, stable Message-ID, thread and unsubscribe headers. */
  private async build(i: EmailIntent) {
    const s = this.settings;
    const now = this.h.now();
    const replyToken = s.replyDomain ? await signEmailToken(this.h.secret, 'email-reply', this.h.workspaceId, i.conversationId, now) : null;
    const stopToken = await signEmailToken(this.h.secret, 'email-stop', this.h.workspaceId, i.conversationId, now);
    const stopUrl = stopToken ? this.stopUrl(stopToken) : '';
    const body = compose({ kind: i.kind, lang: i.lang, workspaceName: this.workspaceName(), lines: i.lines, stopUrl, replies: !!replyToken, omitted: !!i.omitted, ...(i.timeZone ? { timeZone: i.timeZone } : {}) });
    const domain = this.mailDomain();
    const thread = `<${await hashId(i.conversationId)}@${domain}>`;
    return {
      from: { address: s.fromAddress, name: this.workspaceName() },
      to: i.to,
      ...(replyToken ? { replyTo: `reply+${replyToken}@${s.replyDomain}` } : {}),
      ...body,
      headers: {
        'Message-ID': `<${await hashId(i.id)}@${domain}>`,
        'In-Reply-To': thread,
        References: thread,
        'Auto-Submitted': 'auto-generated',
        ...(stopUrl ? { 'List-Unsubscribe': `<${stopUrl}>`, 'List-Unsubscribe-Post': 'List-Unsubscribe=One-Click' } : {}),
      },
    };
  }

  private async tell(i: EmailIntent): Promise<boolean> {
    if (i.status !== 'sent' && i.status !== 'failed' && i.status !== 'uncertain') return true;
    try {
      const res = await this.h.link.call(
        { party: 'conversation', id: i.conversationId },
        { type: 'email-result', key: i.id, kind: i.kind, to: maskAddress(i.to), status: i.status, ...(i.lastError ? { reason: i.lastError.slice(0, 2_000) } : {}) },
      );
      return res.ok || res.status === 404;
    } catch {
      return false;
    }
  }

  // ---- public endpoints --------------------------------------------------------------------------

  /**
   * POST …/email/inbound (Postmark's inbound JSON), authenticated by the webhook secret (`?key=` or basic auth,
   * compared in constant time). 403 for a wrong secret, a forged or foreign token, or a sender who is not the
   * chat's (Postmark stops retrying on 403); 413 over the size cap; 200 when accepted or deliberately dropped.
   */
  async inbound(req: Request): Promise<Response> {
    const declared = req.headers.get('content-length');
    if (declared !== null && !(Number(declared) <= INBOUND_BODY_MAX)) return fail('frame-too-large', 'Inbound mail too large');
    const key = new URL(req.url).searchParams.get('key') ?? basicPassword(req.headers.get('authorization')) ?? '';
    const secret = this.settings.inboundSecret;
    if (!secret || !emailOn(this.settings) || !safeEqual(key, secret)) return fail('forbidden', 'Bad inbound secret');
    const { value } = await readJson(req, INBOUND_BODY_MAX);
    const mail = parseInbound(value);
    if ('refused' in mail) {
      logEvent('email-inbound-dropped', { why: mail.refused });
      if (mail.refused === 'malformed') return fail('invalid-frame', 'Not an inbound mail');
      if (mail.refused === 'no-token') return fail('forbidden', 'No reply token');
      return json({ ok: true, ignored: mail.refused });
    }
    const cid = await verifyEmailToken(this.h.secret, 'email-reply', this.h.workspaceId, mail.token, this.h.now());
    if (!cid) return fail('forbidden', 'Bad reply token');
    if (!this.inboundLimiter.take(cid, this.h.now())) return fail('rate-limited', 'Too many replies to this conversation');
    // A closed chat that a reply already continued: later replies go to the newest chat of that line, so
    // replying again (or Postmark retrying) does not start one chat per mail.
    let target = cid;
    for (let hop = 0; hop < 20; hop++) {
      const next = await this.h.storage.get<{ v: 1; conversationId: string }>(`email:next:${target}`);
      if (!next) break;
      target = next.conversationId;
    }
    const reply = { type: 'email-reply', from: mail.from, text: mail.text, messageId: mail.messageId || (await hashId(mail.text)) };
    const answer = await this.replyTo(target, reply);
    if (answer.status === 'mismatch') return fail('forbidden', 'Not from this conversation\'s address');
    if (answer.status === 'closed') {
      const next = await this.h.continueConversation(answer.seed, target);
      await this.h.storage.put(`email:next:${target}`, { v: 1, conversationId: next });
      const again = await this.replyTo(next, reply);
      if (again.status !== 'posted') return fail('internal', 'Could not post the reply');
      logEvent('email-inbound', { linked: true });
      return json({ ok: true });
    }
    logEvent('email-inbound', { linked: false });
    return json({ ok: true });
  }

  private async replyTo(conversationId: string, body: unknown) {
    const res = await this.h.link.json({ party: 'conversation', id: conversationId }, body);
    if (res.status === 404) throw new BatonError('forbidden', 'No such conversation');
    if (res.status >= 300) throw new BatonError('unavailable', 'The conversation did not take the reply');
    const parsed = v.safeParse(EmailReplyAnswer, res.body);
    if (!parsed.success) throw new BatonError('internal', 'Bad reply answer');
    return parsed.output;
  }

  /**
   * GET …/email/stop?t=<token>: a page with a confirm button (link scanners fetch GETs: a GET changes nothing);
   * POST (the button, or a mail client's RFC 8058 one-click): the conversation stops emailing.
   */
  async stop(req: Request): Promise<Response> {
    const token = new URL(req.url).searchParams.get('t') ?? '';
    const cid = await verifyEmailToken(this.h.secret, 'email-stop', this.h.workspaceId, token, this.h.now());
    if (!cid) return page(403, 'This link is not valid (or has expired).');
    if (req.method !== 'POST') {
      return page(200, 'Stop emails about this conversation?', `<form method="post"><button type="submit" name="List-Unsubscribe" value="One-Click">Unsubscribe</button></form>`);
    }
    const res = await this.h.link.call({ party: 'conversation', id: cid }, { type: 'email-stop' });
    if (!res.ok) return page(503, 'Please try again in a moment.');
    await this.outbox.cancelFor(cid, 'Unsubscribed');
    return page(200, 'You will get no more emails about this conversation.');
  }
}

function page(status: number, message: string, extra = '') {
  const esc = message.replace(/[&<>"]/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;' })[c]!);
  return new Response(`<!doctype html><html><head><meta charset="utf-8"><meta name="viewport" content="width=device-width"><title>Baton</title></head><body style="font-family:sans-serif;max-width:30em;margin:3em auto"><p>${esc}</p>${extra}</body></html>`, {
    status,
    headers: { 'content-type': 'text/html; charset=utf-8', 'cache-control': 'no-store', 'content-security-policy': "default-src 'none'; style-src 'unsafe-inline'; form-action 'self'" },
  });
}

function basicPassword(header: string | null): string | null {
  const m = /^Basic\s+([A-Za-z0-9+/=]+)$/i.exec(header ?? '');
  if (!m) return null;
  try {
    const decoded = atob(m[1]!);
    const colon = decoded.indexOf(':');
    return colon >= 0 ? decoded.slice(colon + 1) : null;
  } catch {
    return null;
  }
}

/** A short stable id for headers and keys: base32 of SHA-256, 26 characters. */
async function hashId(s: string): Promise<string> {
  const bytes = new Uint8Array(await crypto.subtle.digest('SHA-256', new TextEncoder().encode(s)));
  return base32(bytes).slice(0, 26);
}
