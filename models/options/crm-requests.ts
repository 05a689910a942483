import { RequestError } from '../room-connection';
import { Scope } from '../scope';
import type { WorkspaceClient, WorkspaceCommand, WorkspaceFrame } from '../workspace-client';
import type { ErrorFrame } from '../../protocol';

/** The CRM (and Email) frames answered by a frame of their own (not `ok`), and the type of that answer. */
export const CRM_ANSWERS = {
  'crm-get': 'crm-settings',
  'crm-test': 'crm-test-result',
  'records-list': 'records',
  'records-export': 'records-export',
  'crm-intents-get': 'crm-intents',
  'email-settings-get': 'email-settings',
  'email-test': 'email-test-result',
} as const;
type Asked = keyof typeof CRM_ANSWERS;
export type CrmQuestion = Extract<WorkspaceCommand, { type: Asked }>;
export type CrmAnswer<Q extends CrmQuestion> = Extract<WorkspaceFrame, { type: (typeof CRM_ANSWERS)[Q['type']] }>;

let counter = 0;

/**
 * Sends a CRM question with a ref of our own and resolves with the frame carrying that ref.
 * `client.request` only settles on `ok`/`error`, and these questions are answered by richer frames;
 * frames whose ref it does not hold reach `onFrame`, so we wait there. Rejects with a RequestError
 * on a refusal, and when the socket is not connected or drops first (never waits forever).
 */
export function ask<Q extends CrmQuestion>(client: WorkspaceClient, question: Q): Promise<CrmAnswer<Q>> {
  const ref = `crm${++counter}-${Math.random().toString(36).slice(2, 8)}`;
  const answerType = CRM_ANSWERS[question.type as Asked];
  return new Promise((resolve, reject) => {
    if (client.status.peek() !== 'connected') return reject(new RequestError('unavailable', 'Not connected'));
    // The listeners live until the first answer; one added after that (a synchronous first call) is undone at once.
    const scope = new Scope();
    const settle = (fn: () => void) => {
      if (scope.disposed) return;
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
    if (!client.connection.sendNow({ ...question, ref })) settle(() => reject(new RequestError('unavailable', 'Not connected')));
  });
}
