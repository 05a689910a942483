import type { IntentView, RecordOutcome, RecordRef } from '../../protocol';
import { titleOf, type IntentPayload } from './plans';

/** A create as stored (key `intent:<id>`) before anything is sent: the view plus what to create. */
export type Intent = Omit<IntentView, 'done'> & {
  workspaceId: string;
  /** Kept by intents stored before BATON_PUBLIC_URL: never used (where rooms call is configuration). */
  conversationUrl?: string;
  payload: IntentPayload;
  /** Steps done so far by name: a retry reuses these ids instead of creating twice. */
  steps: Record<string, RecordRef>;
  /**
   * Steps whose create went out without an id coming back (timeout, lost connection, 5xx), by name, with
   * when it was first sent. The CRM may have made the item: the next attempt looks for it before creating.
   * Absent in intents stored before this existed.
   */
  sent?: Record<string, number>;
  /** The conversation has not yet been told the final outcome. */
  tellConversation: boolean;
};

export const viewOf = (i: Intent): IntentView => {
  const { workspaceId: _w, conversationUrl: _u, payload: _p, steps, sent: _s, tellConversation: _t, ...rest } = i;
  return { ...rest, done: Object.values(steps) };
};

export function outcomeOf(i: Intent): RecordOutcome {
  if (i.status === 'created' && i.result) {
    const { person, organization } = i.steps;
    return { status: 'created', record: i.result, ...(person ? { person, crm: i.target, ...(organization ? { organization } : {}) } : {}) };
  }
  if (i.status === 'failed') return { status: 'failed', reason: i.lastError ?? 'Failed' };
  return { status: 'pending', ...(i.lastError ? { reason: i.lastError } : {}), ...(i.nextAt ? { nextAt: i.nextAt } : {}) };
}

export function newIntent(id: string, source: Pick<Intent, 'source' | 'conversationId' | 'workspaceId' | 'target'>, payload: IntentPayload): Intent {
  const now = Date.now();
  const item = payload.type === 'details' ? payload.kind : (payload.create[0] ?? 'person');
  return { id, ...source, item: item as Intent['item'], title: titleOf(payload), status: 'pending', attempts: 0, nextAt: now, lastError: null, steps: {}, result: null, createdAt: now, updatedAt: now, payload, tellConversation: false };
}
