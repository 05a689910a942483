import { signal } from '@preact/signals-core';
import { RequestError } from '../room-connection';
import { Scope } from '../scope';
import type { WorkspaceClient, WorkspaceFrame } from '../workspace-client';
import type { BlockEntry, IdentitySettings, VisitorSettings } from '../../protocol';

type Answer = Extract<WorkspaceFrame, { type: 'identity' | 'visitor-settings' | 'blocks' }>;

/**
 * The admin's visitor settings for one workspace connection (issue 14): identity verification (the secret and
 * `Require verification`), `Typing preview` and the blocked visitors. Only in memory: the secret is read from the
 * room when the section opens and dropped with the connection, never stored and never logged.
 *
 * The room answers each of these with `ok` and then the frame (to the asker for a get, to every admin after a
 * change); the frames, whoever caused them, keep the signals in step.
 */
export class VisitorAdmin {
  readonly identity = signal<IdentitySettings | null>(null);
  readonly visitorSettings = signal<VisitorSettings | null>(null);
  /** Newest first; null until the room has listed them. */
  readonly blocks = signal<BlockEntry[] | null>(null);
  private readonly scope = new Scope();

  constructor(readonly client: WorkspaceClient) {
    this.scope.add(
      client.onFrame((frame) => {
        if (frame.type === 'identity') this.identity.value = frame.identity;
        else if (frame.type === 'visitor-settings') this.visitorSettings.value = frame.settings;
        else if (frame.type === 'blocks') this.blocks.value = [...frame.blocks].sort((a, b) => b.at - a.at);
      }),
    );
    // The secret leaves memory with the connection.
    this.scope.add(() => {
      this.identity.value = null;
      this.blocks.value = null;
    });
  }

  dispose(): void {
    this.scope.dispose();
  }

  /** Reads the secret and `Require verification` (when the section opens; rejects with the refusal, e.g. `forbidden`). */
  async loadIdentity(): Promise<void> {
    await this.ask({ type: 'identity-get' }, 'identity');
  }

  /** Reads `Typing preview` and the blocked visitors. */
  async loadVisitors(): Promise<void> {
    await Promise.all([this.ask({ type: 'visitor-settings-get' }, 'visitor-settings'), this.ask({ type: 'blocks-get' }, 'blocks')]);
  }

  /** A new secret: hashes made with the old one stop verifying at once. Resolves once the new one is shown. */
  rotate(): Promise<IdentitySettings> {
    return this.ask({ type: 'identity-rotate' }, 'identity').then((f) => f.identity);
  }

  setRequireVerification(on: boolean): Promise<void> {
    return this.ask({ type: 'identity-save', requireVerification: on }, 'identity').then(() => undefined);
  }

  setTypingPreview(on: boolean): Promise<void> {
    return this.ask({ type: 'visitor-settings-save', settings: { typingPreview: on } }, 'visitor-settings').then(() => undefined);
  }

  unblock(id: string): Promise<void> {
    return this.ask({ type: 'unblock', id }, 'blocks').then(() => undefined);
  }

  /**
   * Sends `frame` and resolves with the first `answer` frame after its `ok` (the room sends that frame right after);
   * rejects with the refusal, or when the connection drops before it.
   */
  private ask<T extends Answer['type']>(frame: Parameters<WorkspaceClient['request']>[0], answer: T): Promise<Extract<Answer, { type: T }>> {
    const client = this.client;
    return new Promise((resolve, reject) => {
      const scope = this.scope.child();
      let acknowledged = false;
      const settle = (fn: () => void) => {
        if (scope.disposed) return;
        scope.dispose();
        fn();
      };
      scope.add(
        client.onFrame((f) => {
          if (acknowledged && f.type === answer) settle(() => resolve(f as Extract<Answer, { type: T }>));
        }),
      );
      scope.add(
        client.status.subscribe((status) => {
          if (status !== 'connected') settle(() => reject(new RequestError('unavailable', 'The connection dropped before the room answered')));
        }),
      );
      client.request(frame).then(
        () => (acknowledged = true),
        (e: unknown) => settle(() => reject(e)),
      );
    });
  }
}

/** The secret as shown until `Show`: only its last four digits, so an admin can tell which one a site has. */
export function maskSecret(secret: string): string {
  return `${'•'.repeat(12)}${secret.slice(-4)}`;
}

/** The server-side code that signs a user id with the workspace's identity secret (README "Identity verification"). */
export const SIGNING_SNIPPETS = [
  { language: 'Node.js', code: "require('node:crypto').createHmac('sha256', secret).update(id).digest('hex')" },
  { language: 'PHP', code: "hash_hmac('sha256', $id, $secret)" },
  { language: 'Python', code: 'hmac.new(secret.encode(), id.encode(), hashlib.sha256).hexdigest()' },
] as const;
