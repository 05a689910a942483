import type * as Party from 'partykit/server';
import * as v from 'valibot';
import { BatonError, OfflineSubmission, RecordCreate, type RecordOutcome } from '../protocol';
import { signedPost, verifyToken } from './auth';
import { json } from './http';
import { BuiltinCrm } from './crm/builtin';
import { exportFile } from './crm/export';
import { IntentQueue, newIntent, outcomeOf, viewOf, type Intent } from './crm/intents';
import { crmEnv, loadSettings } from './crm/settings';
import type WorkspaceRoom from './workspace';

/** The workspace room's CRM: the intent queue, the built-in store, and the calls that feed them. */
export class WorkspaceCrm {
  readonly builtin: BuiltinCrm;
  readonly queue: IntentQueue;
  readonly env;

  constructor(private ws: WorkspaceRoom) {
    this.env = crmEnv(ws.room.env);
    this.builtin = new BuiltinCrm(ws.room.storage);
    this.queue = new IntentQueue({
      storage: ws.room.storage,
      env: this.env,
      changed: (i) => ws.sendToAdmins({ type: 'crm-intent', intent: viewOf(i) }),
      tellConversation: (i, outcome) => this.tellConversation(i, outcome),
    });
  }

  async target() {
    return (await loadSettings(this.ws.room.storage)).kind;
  }

  /** Lead or deal from a conversation (the agent's Create lead / Create deal, or Retry). One intent per conversation and kind. */
  async createFromDetails(msg: v.InferOutput<typeof RecordCreate>): Promise<RecordOutcome> {
    const id = `conv:${msg.conversationId}:${msg.kind}`;
    const payload = { type: 'details' as const, kind: msg.kind, details: msg.details, visitorName: msg.visitorName };
    let intent = await this.queue.find(id);
    if (!intent) {
      const source = { source: 'conversation' as const, conversationId: msg.conversationId, workspaceId: this.ws.room.id, target: await this.target(), ...(msg.conversationUrl ? { conversationUrl: msg.conversationUrl } : {}) };
      intent = newIntent(id, source, payload);
      await this.queue.save(intent);
    } else if (msg.retry && (intent.status === 'failed' || (intent.status === 'pending' && !this.queue.isRunning(id)))) {
      // The agent may have fixed the details that were refused: the retry sends the current ones.
      await this.queue.reset(intent, payload);
    }
    if (intent.status === 'pending' && (intent.nextAt ?? 0) <= Date.now()) await this.queue.attempt(intent, false);
    else await this.queue.schedule();
    return outcomeOf(intent);
  }

  /** The widget's offline flow: stored as one intent per submission, answered at once, sent in the background. */
  async offline(req: Party.Request, origin: string | null): Promise<Response> {
    // Each submission may create CRM items: the same per-address cap as new conversations.
    if (!this.ws.creations.take(req.headers.get('cf-connecting-ip') ?? 'unknown')) {
      throw new BatonError('rate-limited', 'Too many submissions from this address; try again in a minute');
    }
    const body = await this.ws.body(req, OfflineSubmission);
    const p = this.ws.playbooks.get(body.playbookId);
    if (!p) throw new BatonError('not-found', 'No such playbook');
    if (!origin || !p.allowedOrigins.includes(origin)) throw new BatonError('forbidden', 'This site may not submit to this playbook');
    const id = `off:${body.submissionId}`;
    const c = body.contact;
    const hasContact = !!(c.name || c.email || c.phone || c.company);
    // The missed chat this follows hears of the contact (idempotent there), so its agents see who to call back.
    if (hasContact) await this.tellMissedChat(body);
    const known = await this.queue.find(id);
    if (known) return json({ ok: true, accepted: known.payload.type === 'offline' ? known.payload.create.length : 0 });
    if (!body.create.length && !hasContact) return json({ ok: true, accepted: 0 });
    const transcript = body.transcript.map((l) => `${l.from === 'bot' ? p.botName : 'Visitor'}: ${l.text}`).join('\n');
    const payload = { type: 'offline' as const, contact: c, ...(body.qualified !== undefined ? { qualified: body.qualified } : {}), create: [...new Set(body.create)], transcript };
    const intent = newIntent(id, { source: 'offline', workspaceId: this.ws.room.id, target: await this.target(), ...(body.conversationId ? { conversationId: body.conversationId } : {}) }, payload);
    await this.queue.save(intent);
    this.ws.sendToAdmins({ type: 'crm-intent', intent: viewOf(intent) });
    void this.queue.attempt(intent, false); // the visitor does not wait for the CRM
    return json({ ok: true, accepted: payload.create.length });
  }

  /**
   * Forwards an offline submission's contact to the conversation it follows, if the widget proved it is
   * that chat's visitor (its visitor token, bound to this workspace and that conversation). Without proof
   * nothing is forwarded: nobody can write into another visitor's chat. A failure is logged, not fatal.
   */
  private async tellMissedChat(body: { conversationId?: string; visitorToken?: string; submissionId: string; contact: Record<string, string | undefined> }) {
    if (!body.conversationId || !body.visitorToken) return;
    const claims = await verifyToken(this.ws.secret, body.visitorToken);
    if (claims?.kind !== 'visitor' || claims.conv !== body.conversationId || claims.ws !== this.ws.room.id) return;
    const contact = Object.fromEntries(Object.entries(body.contact).filter(([, v]) => typeof v === 'string' && v.trim()));
    try {
      const res = await this.ws.toConversation(body.conversationId, { type: 'offline-contact', submissionId: body.submissionId, contact });
      if (!res.ok) console.error('offline contact refused by the conversation', res.status);
    } catch (err) {
      console.error('offline contact not delivered', err instanceof Error ? err.message.slice(0, 120) : 'unknown');
    }
  }

  /** Reports a result found later (timer or alarm) to the conversation's timeline. Inside an alarm there are no stubs: HTTP. */
  async tellConversation(i: Intent, outcome: RecordOutcome): Promise<boolean> {
    if (!i.conversationId || i.payload.type !== 'details') return true;
    const init = await signedPost(this.ws.secret, { party: 'conversation', id: i.conversationId }, { type: 'record-result', kind: i.payload.kind, outcome });
    try {
      let res: Response;
      try {
        res = (await this.ws.room.context.parties.conversation!.get(i.conversationId).fetch(init)) as unknown as Response;
      } catch (err) {
        if (!i.conversationUrl) throw err;
        res = await fetch(i.conversationUrl, init);
      }
      return res.ok || res.status === 404; // a conversation that is gone has nobody to tell
    } catch (err) {
      console.error('record result not delivered', err instanceof Error ? err.message.slice(0, 120) : 'unknown');
      return false;
    }
  }

  /** GET /parties/workspace/<ws>/records?format=csv|json with `Authorization: Bearer <admin agent token>`. */
  async exportHttp(req: Party.Request): Promise<Response> {
    const auth = req.headers.get('authorization') ?? '';
    const token = /^Bearer (.+)$/i.exec(auth)?.[1]?.trim();
    const claims = token ? await verifyToken(this.ws.secret, token) : null;
    const agent = claims?.kind === 'agent' && claims.ws === this.ws.room.id ? this.ws.agents.get(claims.sub) : undefined;
    if (!agent || agent.revoked) throw new BatonError('unauthorized', 'Send an admin token in the Authorization header');
    if (agent.role !== 'admin') throw new BatonError('forbidden', 'Only admins may export records');
    const format = new URL(req.url).searchParams.get('format') ?? 'csv';
    if (format !== 'csv' && format !== 'json') throw new BatonError('invalid-field', 'format is csv or json', { fields: { format: 'Use csv or json' } });
    const file = exportFile(await this.builtin.all(), format, this.ws.room.id);
    return new Response(file.content, {
      headers: {
        'content-type': file.contentType,
        'content-disposition': `attachment; filename="${file.filename}"`,
        'cache-control': 'no-store',
        'access-control-expose-headers': 'content-disposition',
      },
    });
  }
}
