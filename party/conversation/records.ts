import * as v from 'valibot';
import { BatonError, RecordOutcome, type AgentRef, type CrmTarget, type Details, type Entry, type RecordRef } from '../../protocol';
import { CREATED, type Log, type RecordKind as Kind } from './log';
import type { Meta } from './state';


/** The person (and organization) this chat's earlier creates hang on, sent with the next create so it reuses them. */
export function knownOf(r: Meta['records']): { known?: { crm: CrmTarget; person: RecordRef; organization?: RecordRef } } {
  return r.person && r.crm ? { known: { crm: r.crm, person: r.person, ...(r.organization ? { organization: r.organization } : {}) } } : {};
}

/** What a created outcome says about the chat's person: kept, replacing what an earlier outcome said. */
function linkOf(o: Extract<RecordOutcome, { status: 'created' }>): Partial<Meta['records']> {
  if (!o.person || !o.crm) return {};
  return { person: o.person, crm: o.crm, organization: o.organization };
}

/** What the CRM rules need from the conversation room. */
export interface RecordsHost {
  meta(): Meta;
  details(): Details;
  log: Pick<Log, 'lastRecordEvent'>;
  append(build: (seq: number) => Entry[]): Promise<Entry[]>;
  /** Asks the workspace room (which stores the intent first) to create the item; its answer, status and body. */
  askWorkspace(body: unknown): Promise<{ status: number; body: unknown }>;
}

/**
 * Create lead / Create deal / Retry from a conversation. The workspace room stores an intent per
 * conversation and kind, then creates; the timeline shows created (time + link), pending (kept and retried)
 * or failed (the reason; Retry sends `retry-record`). One request per kind at a time.
 */
export class ConversationRecords {
  private creating: Partial<Record<Kind, Promise<unknown>>> = {};

  constructor(private host: RecordsHost) {}

  async create(agent: AgentRef, kind: Kind, retry: boolean): Promise<void> {
    const meta = this.host.meta();
    if (meta.records[kind]) return;
    const last = this.host.log.lastRecordEvent(kind);
    if (retry && !last) throw new BatonError('not-found', `There is no ${kind} to retry; create it first`);
    if (!retry && last?.event === 'record-pending') return; // already on its way
    if (this.creating[kind]) throw new BatonError('conflict', `A ${kind} is already being created`);
    const work = (async () => {
      const res = await this.host.askWorkspace({
        type: 'record-create',
        conversationId: meta.conversationId,
        kind,
        details: this.host.details(),
        visitorName: meta.visitorName,
        retry: retry || last?.event === 'record-failed',
        ...knownOf(meta.records),
        ...(meta.context?.visit ? { visit: meta.context.visit } : {}),
      });
      if (res.status < 200 || res.status > 299) throw new BatonError('unavailable', (res.body as { message?: string } | null)?.message ?? `Could not create the ${kind}`);
      const parsed = v.safeParse(RecordOutcome, res.body);
      if (!parsed.success) throw new BatonError('internal', 'Bad record answer');
      return parsed.output;
    })();
    this.creating[kind] = work;
    try {
      await this.apply(kind, await work, agent);
    } finally {
      delete this.creating[kind];
    }
  }

  /** Adds the timeline event for an outcome unless the timeline already says so (results may arrive twice). */
  async apply(kind: Kind, outcome: RecordOutcome, by?: AgentRef): Promise<void> {
    const meta = this.host.meta();
    if (meta.records[kind]) return;
    const last = this.host.log.lastRecordEvent(kind);
    const at = Date.now();
    const base = (seq: number) => ({ kind: 'event' as const, seq, id: `ev${seq}`, at, ...(by ? { by } : {}) });
    if (outcome.status === 'created') {
      meta.records = { ...meta.records, [kind]: outcome.record, ...linkOf(outcome) };
      await this.host.append((seq) => [{ ...base(seq), event: CREATED[kind], record: outcome.record, ...(outcome.person ? { person: outcome.person } : {}) }]);
    } else if (outcome.status === 'pending') {
      if (last?.event === 'record-pending') return;
      await this.host.append((seq) => [{ ...base(seq), event: 'record-pending', item: kind, ...(outcome.reason ? { reason: outcome.reason } : {}) }]);
    } else {
      if (last?.event === 'record-failed' && last.reason === outcome.reason) return;
      await this.host.append((seq) => [{ ...base(seq), event: 'record-failed', item: kind, reason: outcome.reason }]);
    }
  }
}
