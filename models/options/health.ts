import { signal } from '@preact/signals-core';
import { Scope } from '../scope';
import type { WorkspaceClient } from '../workspace-client';
import type { Health, RefusedSite } from '../../protocol';

/** A chat waiting longer than this, or any failed CRM intent, makes the Health block say "needs attention". */
export const LONG_WAIT_MS = 5 * 60_000;

export type HealthFinding = { kind: 'intents-failed'; count: number } | { kind: 'long-wait'; ms: number } | { kind: 'sites-refused'; count: number } | { kind: 'errors'; count: number };

/** What in a health answer an admin should look at (empty: all is well). Pure: the Health block shows it. */
export function findings(h: Health, now: number): HealthFinding[] {
  const out: HealthFinding[] = [];
  if (h.intents.failed > 0) out.push({ kind: 'intents-failed', count: h.intents.failed });
  if (h.oldestWaitingSince !== null && now - h.oldestWaitingSince >= LONG_WAIT_MS) out.push({ kind: 'long-wait', ms: now - h.oldestWaitingSince });
  if (h.refusedSites.length > 0) out.push({ kind: 'sites-refused', count: h.refusedSites.length });
  const errors = Object.entries(h.errors)
    .filter(([k]) => k !== 'site-not-allowed')
    .reduce((n, [, c]) => n + c, 0);
  if (errors > 0) out.push({ kind: 'errors', count: errors });
  return out;
}

/** The refused sites of one playbook (the Installation card offers to allow them). */
export const refusedFor = (h: Health | null, playbookId: string): RefusedSite[] => (h ? h.refusedSites.filter((s) => s.playbookId === playbookId) : []);

/**
 * The workspace's health for an admin (issue 17), read from the room when asked (`health-get`, answered `ok` then
 * `health`); in memory only, dropped with the connection.
 */
export class HealthAdmin {
  readonly health = signal<Health | null>(null);
  private readonly scope = new Scope();

  constructor(readonly client: WorkspaceClient) {
    this.scope.add(
      client.onFrame((f) => {
        if (f.type === 'health') this.health.value = f.health;
      }),
    );
    this.scope.add(() => (this.health.value = null));
  }

  dispose(): void {
    this.scope.dispose();
  }

  /** Asks the room; the `health` frame that follows the `ok` fills `health`. Rejects with the refusal. */
  async load(): Promise<void> {
    await this.client.request({ type: 'health-get' });
  }
}
