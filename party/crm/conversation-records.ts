import type * as Party from 'partykit/server';
import * as v from 'valibot';
import { BatonError, RecordOutcome, type AgentRef, type Entry, type EventEntry } from '../../protocol';
import type ConversationRoom from '../conversation';

type Kind = 'lead' | 'deal';
const CREATED: Record<Kind, EventEntry['event']> = { lead: 'lead-created', deal: 'deal-created' };

/** The latest CRM event of the timeline for this kind: what the agent currently sees. */
export function lastRecordEvent(entries: readonly Entry[], kind: Kind): EventEntry | undefined {
  for (let i = entries.length - 1; i >= 0; i--) {
    const e = entries[i]!;
    if (e.kind !== 'event') continue;
    if (e.event === CREATED[kind]) return e;
    if ((e.event === 'record-pending' || e.event === 'record-failed') && e.item === kind) return e;
  }
  return undefined;
}

/** The conversation room's public URL, from the workspace's (results found inside an alarm come over HTTP). */
export const conversationUrlOf = (workspaceUrl: string, conversationId: string) =>
  workspaceUrl.replace(/\/parties\/workspace\/[^/]+$/, `/parties/conversation/${encodeURIComponent(conversationId)}`);

/**
 * Create lead / Create deal / Retry: asks the workspace room, which stores the intent first. The timeline
 * then shows created (time + link), pending (kept and retried) or failed (reason; Retry sends `retry-record`).
 */
export async function createRecord(room: ConversationRoom, agent: AgentRef, kind: Kind, retry: boolean, ref: string | undefined, conn: Party.Connection) {
  const meta = room.meta!;
  const ok = () => room.send(conn, { type: 'ok', ref });
  if (meta.records[kind]) return ok();
  const last = lastRecordEvent(room.entries, kind);
  if (retry && !last) throw new BatonError('not-found', `There is no ${kind} to retry; create it first`);
  if (!retry && last?.event === 'record-pending') return ok(); // already on its way
  if (room.creating[kind]) throw new BatonError('conflict', `A ${kind} is already being created`);
  const work = (async () => {
    const res = await room.toWorkspace({
      type: 'record-create',
      conversationId: meta.conversationId,
      kind,
      details: room.details,
      visitorName: meta.visitorName,
      retry: retry || last?.event === 'record-failed',
      conversationUrl: conversationUrlOf(meta.workspaceUrl, meta.conversationId),
    });
    const body = await res.json();
    if (!res.ok) throw new BatonError('unavailable', (body as { message?: string }).message ?? `Could not create the ${kind}`);
    const parsed = v.safeParse(RecordOutcome, body);
    if (!parsed.success) throw new BatonError('internal', 'Bad record answer');
    return parsed.output;
  })();
  room.creating[kind] = work;
  try {
    await applyOutcome(room, kind, await work, agent);
    ok();
  } finally {
    delete room.creating[kind];
  }
}

/** Adds the timeline event for an outcome unless the timeline already says so (results may arrive twice). */
export async function applyOutcome(room: ConversationRoom, kind: Kind, outcome: RecordOutcome, by?: AgentRef) {
  const meta = room.meta!;
  if (meta.records[kind]) return;
  const last = lastRecordEvent(room.entries, kind);
  const at = Date.now();
  const base = (seq: number) => ({ kind: 'event' as const, seq, id: `ev${seq}`, at, ...(by ? { by } : {}) });
  if (outcome.status === 'created') {
    meta.records = { ...meta.records, [kind]: outcome.record };
    await room.append((seq) => [{ ...base(seq), event: CREATED[kind], record: outcome.record }]);
  } else if (outcome.status === 'pending') {
    if (last?.event === 'record-pending') return;
    await room.append((seq) => [{ ...base(seq), event: 'record-pending', item: kind, ...(outcome.reason ? { reason: outcome.reason } : {}) }]);
  } else {
    if (last?.event === 'record-failed' && last.reason === outcome.reason) return;
    await room.append((seq) => [{ ...base(seq), event: 'record-failed', item: kind, reason: outcome.reason }]);
  }
}
