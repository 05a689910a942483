import * as v from 'valibot';
import {
  BatonError,
  EMAIL_BYTES_MAX,
  EMAIL_LINES_MAX,
  EmailPolicy as EmailPolicySchema,
  isEmail,
  type ConversationSeed,
  type Details,
  type EmailKind,
  type EmailPolicy,
  type EmailReplyAnswer,
  type Entry,
  type MessageEntry,
  NAME_MAX,
} from '../../protocol';
import type { Clock, Storage } from '../ports';
import { langOf, maskAddress } from '../email/compose';
import { base32 } from '../email/token';
import type { Log } from './log';
import type { Change } from './reporter';
import { cutTo, type Meta } from './state';
import { newEmailState, onceAllowed, transcriptAllowed, unseenAgentMessages, unseenDue, withAddress, type EmailState } from './email-due';

/** How long the workspace's email policy is trusted before it is asked again. */
const EMAIL_POLICY_TTL_MS = 30_000;
/** A failed email request (the workspace room unreachable) is tried again this long after. */
const EMAIL_RETRY_MS = 5_000;
const utf8 = new TextEncoder();

/** What the email rules need from the conversation room. */
export interface EmailHost {
  meta(): Meta;
  details(): Details;
  setDetails(d: Details): void;
  log: Pick<Log, 'tail' | 'after' | 'has' | 'settled' | 'count' | 'chars'>;
  clock: Clock;
  storage: Storage;
  config: { maxEntries: number; maxChars: number };
  /** A visitor socket is open. */
  visitorHere(): boolean;
  /** A signed call to the workspace room: its status and JSON body. */
  askWorkspace(body: unknown): Promise<{ status: number; body: unknown }>;
  append(build: (seq: number) => Entry[], extra?: Record<string, unknown>, dedupKey?: string): Promise<Entry[]>;
  syncAlarm(): Promise<void>;
  report(change?: Change): Promise<void>;
  broadcastState(): void;
  toAgents(frame: { type: 'details'; details: Details }): void;
}

/**
 * A conversation's email (rules in email-due.ts; the workspace room's outbox stores and sends): when the
 * unseen-reply email is due and what it gathers, "Email me this chat", the missed notice and the transcript at
 * close, outcomes in the timeline, replies by email, the unsubscribe.
 */
export class ConversationEmail {
  /** When the visitor's last socket closed (null: here, or unknown since a restart). */
  private leftAt: number | null = null;
  private policyCache: { policy: EmailPolicy; at: number } | null = null;

  constructor(private h: EmailHost) {}

  /** The visitor's last socket closed, or one opened. */
  visitorLeft(at: number) {
    this.leftAt = at;
  }
  visitorBack() {
    this.leftAt = null;
  }

  emailState(): EmailState {
    return (this.h.meta().email ??= newEmailState());
  }

  /** The workspace's email policy (cached a little: asked on each agent message while the visitor is away). */
  private async emailPolicy(): Promise<EmailPolicy | null> {
    const now = this.h.clock.now();
    if (this.policyCache && now - this.policyCache.at < EMAIL_POLICY_TTL_MS) return this.policyCache.policy;
    try {
      const res = await this.h.askWorkspace({ type: 'email-policy' });
      if (res.status !== 200) return null;
      const parsed = v.safeParse(EmailPolicySchema, res.body);
      if (!parsed.success) return null;
      const policy = parsed.output;
      this.policyCache = { policy, at: now };
      return policy;
    } catch {
      return null;
    }
  }

  /** Re-decides when the unseen-reply email is due (after an agent message, the visitor leaving, coming back, seeing). */
  async refreshEmailDue() {
    const meta = this.h.meta();
    if (!meta.email?.address || meta.email.stopped) return;
    const st = meta.email;
    const here = this.h.visitorHere();
    const unseen = here ? [] : unseenAgentMessages(this.h.log.tail, meta.seen.visitor, st.emailedSeq);
    const policy = unseen.length ? await this.emailPolicy() : null;
    const due = policy ? unseenDue(st, policy, unseen, here, this.leftAt ?? this.h.clock.now()) : null;
    if (due === st.due) return;
    st.due = due;
    await this.h.storage.put('meta', meta);
    await this.h.syncAlarm();
  }

  /** The unseen-reply email's time came: checked again, then every unseen agent message goes in one email. */
  async unseenEmail() {
    const meta = this.h.meta();
    const st = this.emailState();
    const now = this.h.clock.now();
    st.due = null;
    const here = this.h.visitorHere();
    const policy = await this.emailPolicy();
    const unseen = here ? [] : unseenAgentMessages(await this.h.log.after(Math.max(meta.seen.visitor, st.emailedSeq)), meta.seen.visitor, st.emailedSeq);
    const due = policy ? unseenDue(st, policy, unseen, here, this.leftAt ?? now - policy.delayMs) : null;
    if (due !== null && due > now + 50) st.due = due;
    else if (due !== null) {
      const lastSeq = unseen[unseen.length - 1]!.seq;
      const sent = await this.requestEmail('unseen', `${meta.conversationId}:unseen:${lastSeq}`, unseen);
      if (sent === 'retry') st.due = now + EMAIL_RETRY_MS;
      else st.emailedSeq = lastSeq;
    }
    await this.h.storage.put('meta', meta);
    await this.h.syncAlarm();
  }

  /** "Email me this chat": checked against the caps, then the whole chat goes to the chat's address. */
  async transcriptRequested(given: string | undefined) {
    const meta = this.h.meta();
    const policy = await this.emailPolicy();
    const now = this.h.clock.now();
    const refusal = policy ? transcriptAllowed(this.emailState(), policy, given, now) : 'email-off';
    if (refusal === 'email-needed') throw BatonError.of('invalid-field', { code: 'email-needed' });
    if (refusal === 'transcript-limit') throw BatonError.of('rate-limited', { code: 'transcript-limit' });
    if (refusal) throw BatonError.of('unavailable', { code: 'email-off' });
    const hadAddress = !!meta.email?.address;
    if (given) meta.email = withAddress(this.emailState(), given, 'chat');
    const n = this.emailState().transcripts.length + 1;
    const sent = await this.requestEmail('transcript', `${meta.conversationId}:transcript:${n}`, await this.messages());
    if (sent === 'retry') throw new BatonError('unavailable', 'Could not send the transcript now; please retry');
    if (sent === 'off') throw BatonError.of('unavailable', { code: 'email-off' });
    this.emailState().transcripts.push(now);
    // The address the visitor gave fills the details panel's empty email, as the offline form's does.
    const fill = !hadAddress && given && !this.h.details().person.email;
    if (fill) this.h.setDetails({ ...this.h.details(), person: { ...this.h.details().person, email: meta.email!.address! } });
    await this.h.storage.put({ meta, ...(fill ? { details: this.h.details() } : {}) });
    if (fill) this.h.toAgents({ type: 'details', details: this.h.details() });
    if (!hadAddress) this.h.broadcastState();
  }

  /** The missed-chat notice, or the transcript at close: once per chat, when the setting and an address allow. */
  async onceEmail(which: 'missed' | 'close') {
    try {
      const meta = this.h.meta();
      const policy = await this.emailPolicy();
      if (!policy || !onceAllowed(this.emailState(), policy, which)) return;
      const kind: EmailKind = which === 'close' ? 'transcript' : 'missed';
      const sent = await this.requestEmail(kind, `${meta.conversationId}:${which}`, await this.messages());
      if (sent !== 'queued') return;
      const st = this.emailState();
      st.sent = [...(st.sent ?? []), which];
      await this.h.storage.put('meta', meta);
    } catch (err) {
      console.error('email request failed', err instanceof Error ? err.message : 'unknown');
    }
  }

  /** The chat's messages as an email carries them (no events, no internal data). */
  private async messages(): Promise<MessageEntry[]> {
    return (await this.h.log.after(0)).filter((e): e is MessageEntry => e.kind === 'message');
  }

  /**
   * Asks the workspace room to queue an email (stored there before it is sent); the timeline says it is queued.
   * `retry`: the workspace could not be reached; `off`: email is off there.
   */
  private async requestEmail(kind: EmailKind, key: string, entries: readonly MessageEntry[]): Promise<'queued' | 'retry' | 'off'> {
    const meta = this.h.meta();
    const to = meta.email?.address;
    if (!to) return 'off';
    // The newest messages that fit one stored value (the workspace stores the email whole before sending it).
    const lines: { from: MessageEntry['from']; name: string; text: string; at: number }[] = [];
    let bytes = 0;
    for (let i = entries.length - 1; i >= 0 && lines.length < EMAIL_LINES_MAX; i--) {
      const e = entries[i]!;
      bytes += utf8.encode(e.text).length;
      if (bytes > EMAIL_BYTES_MAX) break;
      lines.unshift({ from: e.from, name: e.from === 'visitor' ? '' : cutTo(e.authorName ?? (e.from === 'bot' ? meta.botName : 'Agent'), NAME_MAX), text: e.text, at: e.at });
    }
    const omitted = lines.length < entries.length;
    let res;
    try {
      res = await this.h.askWorkspace({
        type: 'email-request',
        conversationId: meta.conversationId,
        key,
        kind,
        to,
        lang: langOf(meta.context.language),
        ...(meta.context.timezone ? { timeZone: meta.context.timezone } : {}),
        lines,
        ...(omitted ? { omitted: true } : {}),
      });
    } catch {
      return 'retry';
    }
    if (res.status !== 200) return res.status >= 500 || res.status === 408 || res.status === 429 ? 'retry' : 'off';
    const id = `email-queued:${key}`;
    if ((res.body as { queued?: boolean } | null)?.queued && !this.h.log.has(`event:${id}`)) {
      await this.h.append((seq) => [{ kind: 'event', seq, id, event: 'email-queued', at: this.h.clock.now(), email: { kind, to: maskAddress(to) } }]);
    }
    return 'queued';
  }

  /** The workspace's outbox says how an email ended: the timeline says so, once. */
  async emailResult(key: string, kind: EmailKind, to: string, status: 'sent' | 'failed' | 'uncertain', reason?: string) {
    const id = `email-${status}:${key}`;
    if (this.h.log.has(`event:${id}`)) return;
    await this.h.append((seq) => [{ kind: 'event', seq, id, event: `email-${status}`, at: this.h.clock.now(), email: { kind, to, ...(reason ? { reason } : {}) } }]);
  }

  /**
   * The visitor answered an email (the workspace checked the token): from the chat's own address only, it
   * becomes their message (by email); a closed chat is not reopened: the workspace starts one that continues it.
   */
  async emailReply(from: string, text: string, messageId: string): Promise<EmailReplyAnswer> {
    const meta = this.h.meta();
    const address = meta.email?.address;
    if (!address || address !== from.trim().toLowerCase()) return { status: 'mismatch' };
    // One entry per mail, whatever retries bring: its id comes from the mail's Message-ID (the log dedups by it).
    const id = `mail-${base32(new Uint8Array(await crypto.subtle.digest('SHA-256', utf8.encode(messageId)))).slice(0, 26)}`;
    const key = `visitor:${id}`;
    if ((await this.h.log.settled(key)) !== undefined || this.h.log.has(key)) return { status: 'posted' };
    const full = this.h.log.count >= this.h.config.maxEntries || this.h.log.chars + text.length > this.h.config.maxChars;
    if (meta.status === 'closed' || full) return { status: 'closed', seed: this.seed(address) };
    const at = this.h.clock.now();
    await this.h.append((seq) => [{ kind: 'message', seq, id, from: 'visitor', text, at, via: 'email' }], {}, key);
    await this.h.report({ visitorMessage: text });
    return { status: 'posted' };
  }

  private seed(email: string): ConversationSeed {
    const meta = this.h.meta();
    return {
      playbookId: meta.playbookId,
      botName: meta.botName,
      context: meta.context,
      waitSeconds: meta.waitSeconds ?? 120,
      offlineMessage: meta.offlineMessage,
      details: this.h.details(),
      ...(meta.routing ? { routing: meta.routing } : {}),
      ...(meta.visitorId ? { visitorId: meta.visitorId } : {}),
      ...(meta.address ? { address: meta.address } : {}),
      ...(meta.origin ? { origin: meta.origin } : {}),
      email,
    };
  }

  /** The visitor unsubscribed: nothing more is emailed from this chat; the timeline says so once. */
  async emailStop() {
    const meta = this.h.meta();
    const st = this.emailState();
    if (st.stopped) return;
    st.stopped = true;
    st.due = null;
    await this.h.append((seq) => [{ kind: 'event', seq, id: 'email-unsubscribed', event: 'email-unsubscribed', at: this.h.clock.now() }]);
    await this.h.syncAlarm();
  }
}

/** A new chat's email state: the address the visitor gave in it (checked), and the chat it continues. */
export function initialEmail(address: string, linkedFrom: string | undefined): EmailState {
  const st = withAddress(newEmailState(), isEmail(address.trim()) ? address : '', 'chat');
  return linkedFrom ? { ...st, linkedFrom } : st;
}

