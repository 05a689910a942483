import { texts } from '../i18n';
import { refusalText } from '../protocol-text';
import { RequestError } from '../room-connection';
import { Scope } from '../scope';
import type { WorkspaceClient } from '../workspace-client';
import { serverFieldErrors, type FieldErrors } from './validation';

/** A refused request in words, plus field errors when the server named fields. */
export type Refusal = { message: string; fields: FieldErrors };

/** Turns a failed request into what the user reads, in the browser's UI language. */
export function explain(error: unknown, fieldPrefix = 'playbook.'): Refusal {
  const t = texts().options;
  if (error instanceof RequestError) {
    // Our own "connect first" (no room involved) is already in the page's language: say just that.
    if (!error.frame && error.message === t.errors.notConnected) return { message: t.errors.notConnected, fields: {} };
    const fields = error.frame?.fields ? serverFieldErrors(error.frame, fieldPrefix) : {};
    if (error.code === 'forbidden') return { message: t.errors.forbidden, fields };
    if (error.code === 'conflict') return { message: t.errors.conflict, fields };
    return { message: t.errors.refused(refusalText(error)), fields };
  }
  return { message: t.errors.refused(refusalText(error)), fields: {} };
}

/**
 * Resolves when `test` holds for the client's signals (the room's list frame may trail its `ok`);
 * rejects if the connection drops first, so a caller never waits forever.
 */
export function until(test: () => boolean, client: WorkspaceClient): Promise<void> {
  return new Promise((resolve, reject) => {
    // Watches until settled. Disposing during the effect's first run is fine: the scope undoes a late effect at once.
    const scope = new Scope();
    scope.effect(() => {
      void client.playbooks.value;
      const status = client.status.value;
      if (test()) resolve();
      else if (status !== 'connected') reject(new RequestError('unavailable', 'The connection dropped'));
      else return;
      scope.dispose();
    });
  });
}
