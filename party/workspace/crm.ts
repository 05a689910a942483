import * as v from 'valibot';
import { BatonError, fieldProblems, type OfflineSubmission, type Playbook, type RecordCreate, type RecordOutcome, type WorkspaceServerMessage } from '../../protocol';
import { verifyToken } from '../auth';
import { BuiltinCrm } from '../crm/builtin';
import { exportFile } from '../crm/export';
import { IntentQueue, newIntent, outcomeOf, viewOf, type Intent } from '../crm/intents';
import { loadSettings, type CrmEnv } from '../crm/settings';
import { deliver, type RoomLink } from '../link';
import type { Clock, Storage } from '../ports';

/** How long Create lead / Create deal waits for the CRM before answering `pending` (the room-to-room call times out at 10 s). */
const ANSWER_WITHIN_MS = 5_000;

/** What the workspace's CRM needs from its room. */
export type CrmHost = {
  workspaceId: string;
  storage: Storage;
  env: CrmEnv;
  secret: string;
  link: RoomLink;
  clock: Clock;
  toAdmins(frame: WorkspaceServerMessage): void;
};

/** The workspace room's CRM: the intent queue, the built-in store, and the calls that feed them. */
export class WorkspaceCrm {
  readonly builtin: BuiltinCrm;
  readonly queue: IntentQueue;

  constructor(private host: CrmHost) {
    this.builtin = new BuiltinCrm(host.storage);
    this.queue = new IntentQueue({
      storage: host.storage,
      env: host.env,
      changed: (i) => host.toAdmins({ type: 'crm-intent', intent: viewOf(i) }),
      tellConversation: (i, outcome) => this.tellConversation(i, outcome),
    });
  }

  get env() {
    return this.host.env;
  }

  async target() {
    return (await loadSettings(this.host.storage)).kind;
  }

  /** Lead or deal from a conversation (the agent's Create lead / Create deal, or Retry). One intent per conversation and kind. */
  async createFromDetails(msg: v.InferOutput<typeof RecordCreate>): Promise<RecordOutcome> {
    const id = `conv:${msg.conversationId}:${msg.kind}`;
    const payload = { type: 'details' as const, kind: msg.kind, details: msg.details, visitorName: msg.visitorName, ...(msg.known ? { known: msg.known } : {}), ...(msg.visit ? { visit: msg.visit } : {}) };
    let intent = await this.queue.find(id);
    if (!intent) {
      intent = newIntent(id, { source: 'conversation' as const, conversationId: msg.conversationId, workspaceId: this.host.workspaceId, target: await this.target() }, payload);
      await this.queue.save(intent);
    } else if (msg.retry && (intent.status === 'failed' || (intent.status === 'pending' && !this.queue.isRunning(id)))) {
      // The agent may have fixed the details that were refused: the retry sends the current ones.
      await this.queue.reset(intent, payload);
    }
    if (intent.status === 'pending' && (intent.nextAt ?? 0) <= Date.now()) {
      // A CRM plan is several calls of up to a timeout each: answer within the room-to-room call's time (pending
      // if need be); the conversation is told the outcome when it comes (a result arriving twice is ignored there).
      let answered = false;
      const running = intent;
      const attempt = this.queue.attempt(running, false).then(() => (answered ? this.queue.tellWhenKnown(running) : undefined));
      let timer: ReturnType<typeof setTimeout> | undefined;
      await Promise.race([attempt, new Promise<void>((r) => (timer = setTimeout(r, ANSWER_WITHIN_MS)))]);
      if (timer !== undefined) clearTimeout(timer);
      answered = true;
    } else await this.queue.schedule();
    return outcomeOf(intent);
  }

  /**
   * The widget's offline flow, already checked by the caller (origin, playbook, rate limit): stored as one
   * intent per submission, answered at once, sent in the background.
   */
  async offline(body: OfflineSubmission, playbook: Playbook): Promise<{ ok: true; accepted: number }> {
    const id = `off:${body.submissionId}`;
    const c = body.contact;
    const hasContact = !!(c.name || c.email || c.phone || c.company);
    // The missed chat this follows hears of the contact (idempotent there), so its agents see who to call back.
    if (hasContact) await this.tellMissedChat(body);
    const known = await this.queue.find(id);
    if (known) return { ok: true, accepted: known.payload.type === 'offline' ? known.payload.create.length : 0 };
    if (!body.create.length && !hasContact) return { ok: true, accepted: 0 };
    const transcript = body.transcript.map((l) => `${l.from === 'bot' ? playbook.botName : 'Visitor'}: ${l.text}`).join('\n');
    const payload = { type: 'offline' as const, contact: c, ...(body.qualified !== undefined ? { qualified: body.qualified } : {}), create: [...new Set(body.create)], transcript, ...(body.context.visit ? { visit: body.context.visit } : {}) };
    const intent = newIntent(id, { source: 'offline', workspaceId: this.host.workspaceId, target: await this.target(), ...(body.conversationId ? { conversationId: body.conversationId } : {}) }, payload);
    await this.queue.save(intent);
    this.host.toAdmins({ type: 'crm-intent', intent: viewOf(intent) });
    void this.queue.attempt(intent, false); // the visitor does not wait for the CRM
    return { ok: true, accepted: payload.create.length };
  }

  /**
   * Forwards an offline submission's contact to the conversation it follows, if the widget proved it is
   * that chat's visitor (its visitor token, bound to this workspace and that conversation). Without proof
   * nothing is forwarded: nobody can write into another visitor's chat. A failure is logged, not fatal.
   */
  private async tellMissedChat(body: OfflineSubmission) {
    if (!body.conversationId || !body.visitorToken) return;
    const claims = await verifyToken(this.host.secret, body.visitorToken);
    if (claims?.kind !== 'visitor' || claims.conv !== body.conversationId || claims.ws !== this.host.workspaceId) return;
    const contact = Object.fromEntries(Object.entries(body.contact).filter(([, v]) => typeof v === 'string' && v.trim()));
    // Idempotent in the conversation (once per submission), so a retry can't add it twice.
    await deliver(this.host.link, this.host.clock, { party: 'conversation', id: body.conversationId }, { type: 'offline-contact', submissionId: body.submissionId, contact }, 'offline contact');
  }

  /** Reports a result found later (timer or alarm) to the conversation's timeline. */
  async tellConversation(i: Intent, outcome: RecordOutcome): Promise<boolean> {
    if (!i.conversationId || i.payload.type !== 'details') return true;
    try {
      const res = await this.host.link.call({ party: 'conversation', id: i.conversationId }, { type: 'record-result', kind: i.payload.kind, outcome });
      return res.ok || res.status === 404; // a conversation that is gone has nobody to tell
    } catch (err) {
      console.error('record result not delivered', err instanceof Error ? err.message.slice(0, 120) : 'unknown');
      return false;
    }
  }

  /** The built-in records as a file (CSV or JSON). */
  async exportFile(format: 'csv' | 'json') {
    return exportFile(await this.builtin.all(), format, this.host.workspaceId);
  }
}

export function requireExportFormat(format: string): 'csv' | 'json' {
  if (format !== 'csv' && format !== 'json') throw new BatonError('invalid-field', 'format is csv or json', fieldProblems({ format: { code: 'export-format' } }));
  return format;
}
