import type { EmailKind } from '../../protocol';
import type { Storage } from '../ports';
import { IntentStore, type IntentKeys, type Retention } from '../crm/intent-store';
import { RetryPolicy, backoffMs } from '../crm/retry';
import { redact } from '../crm/settings';
import { headerSafe, isStrictAddress, type EmailLine, type Lang } from './compose';
import type { EmailTransport, OutgoingEmail, SendResult } from './transport';
import { logEvent } from '../log';

/*
 * The email outbox of one workspace: the CRM's intent machinery for mail. Each email is an intent stored
 * before anything is sent (crm/intent-store.ts, under `email:`), sent by the workspace room, retried with the
 * CRM's jittered backoff (crm/retry.ts), and never sent twice: it is marked `sending` before the SMTP session
 * starts, so a crash or a connection lost once the message may have gone out leaves it `uncertain`, never
 * retried. A 4xx or no connection: retried; a 5xx: failed for good. The outcome is told to the conversation
 * (its timeline: email-sent / email-failed / email-uncertain) until it has heard it.
 */

export type EmailStatus = 'pending' | 'sending' | 'sent' | 'failed' | 'uncertain';
export type EmailIntent = {
  v: 1;
  /** The request's key: `<conversation>:<kind>:<n>`. A repeated request finds it and sends nothing more. */
  id: string;
  conversationId: string;
  kind: EmailKind;
  to: string;
  lang: Lang;
  timeZone?: string;
  lines: EmailLine[];
  omitted?: true;
  status: EmailStatus;
  attempts: number;
  nextAt: number | null;
  lastError: string | null;
  createdAt: number;
  updatedAt: number;
  /** The conversation has not yet been told the outcome. */
  tellConversation: boolean;
};

const KEYS: IntentKeys<EmailIntent> = { key: 'email:intent:', done: 'email:done:', finished: (i) => i.status === 'sent' || i.status === 'failed' || i.status === 'uncertain' };
export const OUTBOX_RETENTION: Retention = { maxCreated: 2_000, maxAgeMs: 30 * 24 * 60 * 60 * 1000 };
const TELL_RETRY_MS = 5_000;

/** The next state of an intent after a send ended (pure: the state machine the unit tests walk). */
export function afterSend(i: Pick<EmailIntent, 'attempts'>, result: SendResult, now: number, retryBaseMs: number, secrets: readonly string[], random = Math.random): Pick<EmailIntent, 'status' | 'nextAt' | 'lastError'> {
  if (result.outcome === 'sent') return { status: 'sent', nextAt: null, lastError: null };
  const reason = redact(headerSafe(result.message, 300), secrets);
  if (result.outcome === 'unknown') return { status: 'uncertain', nextAt: null, lastError: reason };
  if (result.outcome === 'refused') return { status: 'failed', nextAt: null, lastError: reason };
  if (i.attempts >= RetryPolicy.maxAttempts) return { status: 'failed', nextAt: null, lastError: `${reason} (gave up after ${i.attempts} attempts)` };
  return { status: 'pending', nextAt: now + backoffMs(i.attempts, retryBaseMs, 0, random), lastError: reason };
}

/** Every header value and address checked once more, whatever built them: no CR/LF reaches the transport. */
export function checkedEmail(e: OutgoingEmail): OutgoingEmail | null {
  if (!isStrictAddress(e.to) || !isStrictAddress(e.from.address) || (e.replyTo !== undefined && !isStrictAddress(e.replyTo))) return null;
  const headers: Record<string, string> = {};
  for (const [k, v] of Object.entries(e.headers)) if (/^[A-Za-z][A-Za-z0-9-]{0,60}$/.test(k)) headers[k] = headerSafe(v, 900);
  return { ...e, from: { address: e.from.address, name: headerSafe(e.from.name, 100) }, subject: headerSafe(e.subject), headers };
}

export interface OutboxHost {
  storage: Storage;
  now(): number;
  retryBaseMs: number;
  /** What to send with (null: email is off now: the intent waits, as for a connection failure). */
  transport(): Promise<{ transport: EmailTransport; secrets: string[] } | null>;
  /** The mail of an intent (null: it can't be sent, e.g. a bad address: failed for good). */
  build(i: EmailIntent): Promise<OutgoingEmail | null>;
  /** Tells the conversation the outcome; false when it could not be told (tried again later). */
  tell(i: EmailIntent): Promise<boolean>;
  /** Arms the room's alarm no later than `at` (the backstop for the in-room timer). */
  wakeBy(at: number): Promise<void>;
}

export class EmailOutbox {
  readonly open = new Map<string, EmailIntent>();
  private store: IntentStore<EmailIntent>;
  private running = new Set<string>();
  /** Conversations of erased visitors (this room's life: after a restart their stored mails are gone). */
  private erased = new Set<string>();
  private timer: ReturnType<typeof setTimeout> | null = null;
  private draining = false;

  constructor(
    private host: OutboxHost,
    retention: Retention = OUTBOX_RETENTION,
  ) {
    this.store = new IntentStore<EmailIntent>(host.storage, retention, KEYS);
  }

  /** Open intents back in memory; one found `sending` was cut off mid-send: uncertain, never sent again. */
  async load() {
    for (const i of await this.store.loadOpen(this.host.now())) {
      if (i.status === 'sending') Object.assign(i, { status: 'uncertain', nextAt: null, lastError: 'Interrupted while sending', tellConversation: true });
      this.open.set(i.id, i);
      await this.store.put(i);
    }
    await this.schedule();
  }

  async find(id: string): Promise<EmailIntent | undefined> {
    return this.open.get(id) ?? (await this.store.get(id));
  }

  /** Stores a new email (before anything is sent) and has it sent soon. A known id answers the stored one. */
  async enqueue(fields: Omit<EmailIntent, 'v' | 'status' | 'attempts' | 'nextAt' | 'lastError' | 'createdAt' | 'updatedAt' | 'tellConversation'>): Promise<{ intent: EmailIntent; created: boolean }> {
    const known = await this.find(fields.id);
    if (known) return { intent: known, created: false };
    const now = this.host.now();
    const i: EmailIntent = { v: 1, ...fields, status: 'pending', attempts: 0, nextAt: now, lastError: null, createdAt: now, updatedAt: now, tellConversation: false };
    await this.save(i);
    await this.schedule();
    return { intent: i, created: true };
  }

  /** Pending mails of a conversation whose visitor unsubscribed: not sent (failed, said so). */
  async cancelFor(conversationId: string, reason: string) {
    for (const i of [...this.open.values()]) {
      if (i.conversationId !== conversationId || i.status !== 'pending' || this.running.has(i.id)) continue;
      Object.assign(i, { status: 'failed', nextAt: null, lastError: reason, tellConversation: true });
      await this.save(i);
      await this.tell(i);
    }
  }

  /**
   * A visitor erased (workspace/erasure.ts, which deletes the stored keys): the mails of their conversations are
   * dropped from memory, never sent, told or stored again — one being sent right now included. Answers how many.
   */
  forget(conversationIds: readonly string[]): number {
    for (const id of conversationIds) this.erased.add(id);
    let n = 0;
    for (const [id, i] of this.open) if (this.erased.has(i.conversationId)) n += Number(this.open.delete(id));
    return n;
  }

  private async save(i: EmailIntent) {
    if (this.erased.has(i.conversationId)) return;
    i.updatedAt = this.host.now();
    this.open.set(i.id, i);
    await this.store.put(i);
  }

  /** One attempt now. Marked `sending` (stored) before the transport is called: see the file's comment. */
  async attempt(i: EmailIntent): Promise<void> {
    if (this.running.has(i.id) || i.status !== 'pending' || this.erased.has(i.conversationId)) return;
    this.running.add(i.id);
    try {
      const via = await this.host.transport();
      if (!via) {
        Object.assign(i, { nextAt: this.host.now() + backoffMs(Math.max(1, i.attempts), this.host.retryBaseMs), lastError: 'Email is not configured' });
        await this.save(i);
        return;
      }
      const built = await this.host.build(i);
      const email = built && checkedEmail(built);
      if (!email) {
        Object.assign(i, { status: 'failed', nextAt: null, lastError: 'Invalid address', tellConversation: true });
        await this.save(i);
      } else {
        i.attempts++;
        i.status = 'sending';
        await this.save(i);
        let result: SendResult;
        try {
          result = await via.transport.send(email);
        } catch (err) {
          result = { outcome: 'unknown', message: err instanceof Error ? err.message : 'unknown error' };
        }
        Object.assign(i, afterSend(i, result, this.host.now(), this.host.retryBaseMs, via.secrets));
        if ((i.status as EmailStatus) !== 'pending') i.tellConversation = true;
        await this.save(i);
        logEvent('email-attempt', { kind: i.kind, status: i.status, attempt: i.attempts });
      }
      if (i.tellConversation) await this.tell(i);
    } finally {
      this.running.delete(i.id);
    }
  }

  private async tell(i: EmailIntent) {
    if (this.erased.has(i.conversationId)) return;
    let told = false;
    try {
      told = await this.host.tell(i);
    } catch {
      told = false;
    }
    if (!told) return;
    i.tellConversation = false;
    await this.save(i);
    if (KEYS.finished(i)) {
      this.open.delete(i.id);
      await this.store.markCreated(i, this.host.now());
    }
  }

  /** Sends every due mail, oldest first, and re-tells outcomes not yet heard; then arms the next wake-up. */
  async drain() {
    if (this.draining) return;
    this.draining = true;
    try {
      const now = this.host.now();
      const due = [...this.open.values()].filter((i) => (i.status === 'pending' && (i.nextAt ?? 0) <= now) || i.tellConversation);
      for (const i of due.sort((a, b) => a.createdAt - b.createdAt)) {
        if (i.status === 'pending') await this.attempt(i);
        else if (i.tellConversation) await this.tell(i);
      }
    } finally {
      this.draining = false;
    }
    await this.schedule();
  }

  /** When the next thing is due (null: nothing). */
  nextAt(): number | null {
    let next = Infinity;
    for (const i of this.open.values()) {
      if (i.status === 'pending' && !this.running.has(i.id)) next = Math.min(next, i.nextAt ?? 0);
      if (i.tellConversation) next = Math.min(next, i.updatedAt + TELL_RETRY_MS);
    }
    return next === Infinity ? null : next;
  }

  async schedule() {
    const next = this.nextAt();
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (next === null) return;
    const delay = Math.max(0, next - this.host.now());
    this.timer = setTimeout(() => void this.drain(), delay);
    await this.host.wakeBy(this.host.now() + Math.max(delay, 1_000));
  }

  /** Stops the in-room timer (tests). */
  stop() {
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }
}
