import type { Storage } from '../ports';
import type { RecordOutcome } from '../../protocol';
import { CrmError, type KnownPerson } from './adapter';
import { outcomeOf, type Intent } from './intent';
import { IntentStore, type Retention } from './intent-store';
import { runPlan, titleOf, type IntentPayload } from './plans';
import { RetryPolicy, backoffMs } from './retry';
import { adapterFor, loadSettings, redact, secretsOf, type CrmEnv } from './settings';
import { logEvent } from '../log';

export { newIntent, outcomeOf, viewOf, type Intent } from './intent';

export interface IntentHost {
  storage: Storage;
  env: CrmEnv;
  /** Admins' live view, and the conversation's timeline for conversation intents. Answers false when it could not tell. */
  changed(intent: Intent): void;
  tellConversation(intent: Intent, outcome: RecordOutcome): Promise<boolean>;
}

const NOTIFY_RETRY_MS = 5_000;

/**
 * The CRM queue of one workspace: every create is an intent stored first, then sent; retried with
 * jittered backoff on network errors, 5xx and 429 (never sooner than the CRM asked); failed for good
 * on other refusals, until someone retries it. One attempt at a time per intent.
 * Only open intents (pending, failed, created but not yet reported) are held in memory, so the timer's
 * work grows with those, not with every create ever; created ones stay in storage for a while (intent-store.ts).
 */
export class IntentQueue {
  /** The open intents. */
  intents = new Map<string, Intent>();
  private running = new Set<string>();
  /** Per conversation, the attempt that runs last (see attempt). */
  private lanes = new Map<string, Promise<void>>();
  private timer: ReturnType<typeof setTimeout> | null = null;
  private draining = false;
  private store: IntentStore;

  constructor(
    private host: IntentHost,
    retention?: Retention,
  ) {
    this.store = new IntentStore(host.storage, retention);
  }

  async load() {
    for (const i of await this.store.loadOpen()) this.intents.set(i.id, i);
    await this.schedule();
  }

  /** An open intent (memory only): what can still be retried or is running. */
  get(id: string) {
    return this.intents.get(id);
  }
  /** Any intent still kept, open or created: a repeated create or offline submission must find it to not create twice. */
  async find(id: string): Promise<Intent | undefined> {
    return this.intents.get(id) ?? (await this.store.get(id));
  }
  isRunning(id: string) {
    return this.running.has(id);
  }
  /** The open intents, newest first. */
  list(): Intent[] {
    return [...this.intents.values()].sort((a, b) => b.createdAt - a.createdAt);
  }
  /** The queue as admins see it: open intents and the newest created ones kept, newest first. */
  async recent(limit: number): Promise<Intent[]> {
    const open = this.list();
    const created = (await this.store.recentCreated(limit)).filter((i) => !this.intents.has(i.id));
    return [...open, ...created].sort((a, b) => b.createdAt - a.createdAt).slice(0, limit);
  }

  async save(i: Intent) {
    i.updatedAt = Date.now();
    this.intents.set(i.id, i);
    await this.store.put(i);
  }

  /** A created intent whose outcome has been reported leaves memory (the Records queue reads it from storage). */
  private async settle(i: Intent) {
    if (i.status !== 'created' || i.tellConversation || !this.intents.has(i.id)) return;
    this.intents.delete(i.id);
    await this.store.markCreated(i);
  }

  /** Back to pending, due now, with a fresh attempt budget; steps already done are kept. */
  async reset(i: Intent, payload?: IntentPayload) {
    if (i.status === 'created') return;
    Object.assign(i, { status: 'pending', attempts: 0, nextAt: Date.now(), lastError: null, ...(payload ? { payload, title: titleOf(payload) } : {}) });
    await this.save(i);
  }

  /** One attempt now (if not already running). `tell` = report the outcome to the conversation. */
  async attempt(i: Intent, tell: boolean): Promise<void> {
    if (this.running.has(i.id) || i.status !== 'pending') return;
    this.running.add(i.id);
    // One attempt at a time per conversation: a deal asked for while the chat's lead is still being created
    // waits for it, then reuses its person instead of racing it to create a second one.
    const lane = i.conversationId ?? i.id;
    const before = this.lanes.get(lane) ?? Promise.resolve();
    let release!: () => void;
    const done = new Promise<void>((r) => (release = r));
    const mine = before.then(() => done);
    this.lanes.set(lane, mine);
    await before;
    let secrets: string[] = [];
    try {
      const settings = await loadSettings(this.host.storage);
      secrets = secretsOf(settings);
      if (settings.kind !== i.target) {
        // The admin switched CRMs: ids from the old one mean nothing to the new one.
        i.target = settings.kind;
        i.steps = {};
        i.sent = {};
      }
      const crm = adapterFor(settings, this.host.storage, this.host.env, i.workspaceId);
      i.attempts++;
      i.result = await runPlan(i.payload, crm, async (name, create) => {
        const done = i.steps[name];
        if (done) return done;
        const sent = (i.sent ??= {});
        // Sent before and no id came back: the CRM may have made it, so the adapter looks first.
        const sentAt = sent[name];
        if (sentAt === undefined) {
          sent[name] = Date.now();
          await this.save(i); // before the call: a crash mid-call still knows it may have gone out
        }
        const ref = await create(`${i.id}:${name}`, sentAt);
        i.steps[name] = ref;
        delete sent[name];
        await this.save(i); // before the next call: a crash from here on never redoes this step
        return ref;
      }, await this.earlier(i));
      Object.assign(i, { status: 'created', nextAt: null, lastError: null });
    } catch (err) {
      const e = err instanceof CrmError ? err : new CrmError('Internal error while creating', false);
      if (!(err instanceof CrmError)) console.error('crm intent failed', err instanceof Error ? err.message.slice(0, 200) : 'unknown');
      const reason = redact(e.message, secrets);
      if (e.retryable && i.attempts < RetryPolicy.maxAttempts) {
        Object.assign(i, { status: 'pending', lastError: reason, nextAt: Date.now() + backoffMs(i.attempts, this.host.env.retryBaseMs, e.retryAfterMs) });
      } else {
        Object.assign(i, { status: 'failed', nextAt: null, lastError: e.retryable ? `${reason} (gave up after ${i.attempts} attempts)` : reason });
        logEvent('intent-failed', { room: 'workspace', ws: i.workspaceId, intent: i.id, crm: i.target, attempts: i.attempts, retryable: e.retryable });
      }
    } finally {
      this.running.delete(i.id);
      release();
      if (this.lanes.get(lane) === mine) this.lanes.delete(lane);
    }
    i.tellConversation = tell && !!i.conversationId;
    await this.save(i);
    this.host.changed(i);
    if (i.tellConversation) await this.tell(i);
    await this.settle(i);
    await this.schedule();
  }

  /**
   * The person (and organization) this intent's chat already has in the CRM it is about to use: the one the
   * chat remembers (sent with its create), else the one its other create made (that intent may not have been
   * reported to the chat yet). Ids from another CRM are never used.
   */
  private async earlier(i: Intent): Promise<KnownPerson | undefined> {
    if (i.payload.type === 'details' && i.payload.known?.crm === i.target) {
      const { person, organization } = i.payload.known;
      return { person, ...(organization ? { organization } : {}) };
    }
    if (!i.conversationId) return undefined;
    for (const kind of ['lead', 'deal']) {
      const other = await this.find(`conv:${i.conversationId}:${kind}`);
      if (!other || other.id === i.id || other.target !== i.target || !other.steps.person) continue;
      const { person, organization } = other.steps;
      return { person, ...(organization ? { organization } : {}) };
    }
    return undefined;
  }

  /** The conversation was answered before this intent's outcome was known: tell it when the outcome is final. */
  async tellWhenKnown(i: Intent) {
    if (!i.conversationId) return;
    i.tellConversation = true;
    await this.save(i);
    if (i.status !== 'pending') await this.tell(i);
  }

  private async tell(i: Intent) {
    if (await this.host.tellConversation(i, outcomeOf(i))) {
      i.tellConversation = false;
      await this.save(i);
      await this.settle(i);
    }
  }

  /** Runs every due intent (timer or alarm), oldest first, then arms the next wake-up. */
  async drain() {
    if (this.draining) return;
    this.draining = true;
    try {
      const now = Date.now();
      const isDue = (i: Intent) => i.status === 'pending' && (i.nextAt ?? 0) <= now;
      const due = [...this.intents.values()].filter((i) => isDue(i) || i.tellConversation);
      for (const i of due.sort((a, b) => a.createdAt - b.createdAt)) {
        if (isDue(i)) await this.attempt(i, true);
        else if (i.tellConversation) await this.tell(i);
      }
    } finally {
      this.draining = false;
    }
    await this.schedule();
  }

  /** An in-room timer while the room lives, and a storage alarm in case it is evicted meanwhile. */
  async schedule() {
    let next = Infinity;
    for (const i of this.intents.values()) {
      if (i.status === 'pending' && !this.running.has(i.id)) next = Math.min(next, i.nextAt ?? 0);
      if (i.tellConversation) next = Math.min(next, i.updatedAt + NOTIFY_RETRY_MS);
    }
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
    if (next === Infinity) return;
    const delay = Math.max(0, next - Date.now());
    this.timer = setTimeout(() => void this.drain(), delay);
    // The queue's own wake-up: the workspace room shares its one alarm among its owners (workspace/alarms.ts).
    await this.host.storage.setAlarm(Date.now() + Math.max(delay, 1_000));
  }
}
