import type * as Party from 'partykit/server';
import type { IntentView, RecordOutcome, RecordRef } from '../../protocol';
import { CrmError } from './adapter';
import { runPlan, titleOf, type IntentPayload } from './plans';
import { RetryPolicy, backoffMs } from './retry';
import { adapterFor, loadSettings, redact, secretsOf, type CrmEnv } from './settings';

/** A create as stored (key `intent:<id>`) before anything is sent: the view plus what to create. */
export type Intent = Omit<IntentView, 'done'> & {
  workspaceId: string;
  conversationUrl?: string;
  payload: IntentPayload;
  /** Steps done so far by name: a retry reuses these ids instead of creating twice. */
  steps: Record<string, RecordRef>;
  /** The conversation has not yet been told the final outcome. */
  tellConversation: boolean;
};

export interface IntentHost {
  storage: Party.Storage;
  env: CrmEnv;
  /** Admins' live view, and the conversation's timeline for conversation intents. Answers false when it could not tell. */
  changed(intent: Intent): void;
  tellConversation(intent: Intent, outcome: RecordOutcome): Promise<boolean>;
}

const KEY = 'intent:';
const NOTIFY_RETRY_MS = 5_000;

export const viewOf = (i: Intent): IntentView => {
  const { workspaceId: _w, conversationUrl: _u, payload: _p, steps, tellConversation: _t, ...rest } = i;
  return { ...rest, done: Object.values(steps) };
};

export function outcomeOf(i: Intent): RecordOutcome {
  if (i.status === 'created' && i.result) return { status: 'created', record: i.result };
  if (i.status === 'failed') return { status: 'failed', reason: i.lastError ?? 'Failed' };
  return { status: 'pending', ...(i.lastError ? { reason: i.lastError } : {}), ...(i.nextAt ? { nextAt: i.nextAt } : {}) };
}

export function newIntent(id: string, source: Pick<Intent, 'source' | 'conversationId' | 'conversationUrl' | 'workspaceId' | 'target'>, payload: IntentPayload): Intent {
  const now = Date.now();
  const item = payload.type === 'details' ? payload.kind : (payload.create[0] ?? 'person');
  return { id, ...source, item: item as Intent['item'], title: titleOf(payload), status: 'pending', attempts: 0, nextAt: now, lastError: null, steps: {}, result: null, createdAt: now, updatedAt: now, payload, tellConversation: false };
}

/**
 * The CRM queue of one workspace: every create is an intent stored first, then sent; retried with
 * jittered backoff on network errors, 5xx and 429 (never sooner than the CRM asked); failed for good
 * on other refusals, until someone retries it. One attempt at a time per intent.
 */
export class IntentQueue {
  intents = new Map<string, Intent>();
  private running = new Set<string>();
  private timer: ReturnType<typeof setTimeout> | null = null;
  private draining = false;

  constructor(private host: IntentHost) {}

  async load() {
    for (const [k, i] of await this.host.storage.list<Intent>({ prefix: KEY })) this.intents.set(k.slice(KEY.length), i);
    await this.schedule();
  }

  get(id: string) {
    return this.intents.get(id);
  }
  isRunning(id: string) {
    return this.running.has(id);
  }
  list(): Intent[] {
    return [...this.intents.values()].sort((a, b) => b.createdAt - a.createdAt);
  }

  async save(i: Intent) {
    i.updatedAt = Date.now();
    this.intents.set(i.id, i);
    await this.host.storage.put(`${KEY}${i.id}`, i);
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
    let secrets: string[] = [];
    try {
      const settings = await loadSettings(this.host.storage);
      secrets = secretsOf(settings);
      if (settings.kind !== i.target) {
        // The admin switched CRMs: ids from the old one mean nothing to the new one.
        i.target = settings.kind;
        i.steps = {};
      }
      const crm = adapterFor(settings, this.host.storage, this.host.env, i.workspaceId);
      i.attempts++;
      i.result = await runPlan(i.payload, crm, async (name, create) => {
        const done = i.steps[name];
        if (done) return done;
        const ref = await create(`${i.id}:${name}`);
        i.steps[name] = ref;
        await this.save(i); // before the next call: a crash from here on never redoes this step
        return ref;
      });
      Object.assign(i, { status: 'created', nextAt: null, lastError: null });
    } catch (err) {
      const e = err instanceof CrmError ? err : new CrmError('Internal error while creating', false);
      if (!(err instanceof CrmError)) console.error('crm intent failed', err instanceof Error ? err.message.slice(0, 200) : 'unknown');
      const reason = redact(e.message, secrets);
      if (e.retryable && i.attempts < RetryPolicy.maxAttempts) {
        Object.assign(i, { status: 'pending', lastError: reason, nextAt: Date.now() + backoffMs(i.attempts, this.host.env.retryBaseMs, e.retryAfterMs) });
      } else {
        Object.assign(i, { status: 'failed', nextAt: null, lastError: e.retryable ? `${reason} (gave up after ${i.attempts} attempts)` : reason });
      }
    } finally {
      this.running.delete(i.id);
    }
    i.tellConversation = tell && !!i.conversationId;
    await this.save(i);
    this.host.changed(i);
    if (i.tellConversation) await this.tell(i);
    await this.schedule();
  }

  private async tell(i: Intent) {
    if (await this.host.tellConversation(i, outcomeOf(i))) {
      i.tellConversation = false;
      await this.save(i);
    }
  }

  /** Runs every due intent (timer or alarm), then arms the next wake-up. */
  async drain() {
    if (this.draining) return;
    this.draining = true;
    try {
      for (const i of this.list().reverse()) {
        if (i.status === 'pending' && (i.nextAt ?? 0) <= Date.now()) await this.attempt(i, true);
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
    await this.host.storage.setAlarm(Date.now() + Math.max(delay, 1_000));
  }
}
