import { RequestError } from '../room-connection';
import { Scope } from '../scope';
import type { WorkspaceClient, WorkspaceCommand, WorkspaceFrame } from '../workspace-client';
import type { ErrorFrame } from '../../protocol';

/**
 * The workspace frames answered by a frame of their own (not `ok`), and the type of that answer: CRM, Email, Data
 * (export, a visitor's deletion, retention) and Insights.
 */
export const CRM_ANSWERS = {
  'crm-get': 'crm-settings',
  'crm-test': 'crm-test-result',
  'records-list': 'records',
  'records-export': 'records-export',
  'crm-intents-get': 'crm-intents',
  'email-settings-get': 'email-settings',
  'email-test': 'email-test-result',
  'conversations-export': 'conversations-export',
  'visitor-find': 'visitor-found',
  'visitor-erase': 'visitor-erased',
  'erasures-get': 'erasures',
  'retention-get': 'retention',
  'insights-get': 'insights',
} as const;
type Asked = keyof typeof CRM_ANSWERS;
export type CrmQuestion = Extract<WorkspaceCommand, { type: Asked }>;
export type CrmAnswer<Q extends CrmQuestion> = Extract<WorkspaceFrame, { type: (typeof CRM_ANSWERS)[Q['type']] }>;

let counter = 0;

/**
 * Sends a question with a ref of our own and resolves with the frame carrying that ref.
 * `client.request` only settles on `ok`/`error`, and these questions are answered by richer frames;
 * frames whose ref it does not hold reach `onFrame`, so we wait there. Rejects with a RequestError
 * on a refusal, and when the socket is not connected or drops first (never waits forever). With `owner` (a
 * model's scope) the listeners are the owner's too: disposing it rejects the question (`Closed`).
 */
export function ask<Q extends CrmQuestion>(client: WorkspaceClient, question: Q, owner?: Scope): Promise<CrmAnswer<Q>> {
  const ref = `ask${++counter}-${Math.random().toString(36).slice(2, 8)}`;
  const answerType = CRM_ANSWERS[question.type as Asked];
  return new Promise((resolve, reject) => {
    if (client.status.peek() !== 'connected') return reject(new RequestError('unavailable', 'Not connected'));
    // The listeners live until the first answer; one added after that (a synchronous first call) is undone at once.
    const scope = owner ? owner.child() : new Scope();
    let settled = false;
    const settle = (fn: () => void) => {
      if (settled) return;
      settled = true;
      scope.dispose();
      fn();
    };
    scope.add(
      client.onFrame((frame) => {
        if (!('ref' in frame) || frame.ref !== ref) return;
        if (frame.type === 'error') settle(() => reject(new RequestError(frame.code, frame.message, frame as ErrorFrame)));
        else if (frame.type === answerType) settle(() => resolve(frame as CrmAnswer<Q>));
      }),
    );
    scope.add(
      client.status.subscribe((status) => {
        if (status !== 'connected') settle(() => reject(new RequestError('unavailable', 'The connection dropped before the room answered')));
      }),
    );
    // Disposed with its owner (the connection closed): say so rather than leave the caller waiting.
    if (owner) scope.add(() => settle(() => reject(new RequestError('unavailable', 'Closed'))));
    if (!client.connection.sendNow({ ...question, ref })) settle(() => reject(new RequestError('unavailable', 'Not connected')));
  });
}
