import { computed, signal } from '@preact/signals-core';
import { RequestError } from '../room-connection';
import { Scope } from '../scope';
import type { WorkspaceClient } from '../workspace-client';
import type { ErrorFrame, Insights } from '../../protocol';
import { periodRange, type Period, type PeriodProblem } from './insights';

let counter = 0;

/**
 * The Insights section's state for one workspace connection: the chosen period, the room's figures for it, and
 * whether they are on the way. `load` sends `insights-get` with a ref of its own and takes the `insights` frame
 * carrying it (`client.request` settles on `ok` only); a newer load wins over an older answer still on the way.
 */
export class InsightsModel {
  readonly period = signal<Period>({ kind: 'preset', days: 30 });
  readonly insights = signal<Insights | null>(null);
  readonly loading = signal(false);
  /** The workspace's zone: the business-hours zone, else UTC (the room counts days in it). */
  readonly timeZone = computed(() => this.client.routing.value?.hours?.timeZone ?? 'UTC');
  private latest = 0;
  private readonly scope = new Scope();

  constructor(
    readonly client: WorkspaceClient,
    private readonly now: () => number = Date.now,
  ) {}

  dispose(): void {
    this.scope.dispose();
  }

  /**
   * Asks for `period` (the current one by default) and keeps it. Resolves with a period problem (nothing sent)
   * or null once the figures are in; rejects with the room's refusal or a dropped connection.
   */
  async load(period: Period = this.period.peek()): Promise<PeriodProblem | null> {
    const range = periodRange(period, this.timeZone.peek(), this.now());
    if (!range.ok) return range.problem;
    this.period.value = period;
    const mine = ++this.latest;
    this.loading.value = true;
    try {
      const insights = await this.ask(range.from, range.to);
      if (mine === this.latest) this.insights.value = insights;
      return null;
    } finally {
      if (mine === this.latest) this.loading.value = false;
    }
  }

  private ask(from: string, to: string): Promise<Insights> {
    const client = this.client;
    const ref = `ins${++counter}-${Math.random().toString(36).slice(2, 8)}`;
    return new Promise((resolve, reject) => {
      if (client.status.peek() !== 'connected') return reject(new RequestError('unavailable', 'Not connected'));
      const scope = this.scope.child();
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
          else if (frame.type === 'insights') settle(() => resolve(frame.insights));
        }),
      );
      scope.add(
        client.status.subscribe((status) => {
          if (status !== 'connected') settle(() => reject(new RequestError('unavailable', 'The connection dropped before the room answered')));
        }),
      );
      // Disposed with the model (the connection closed): say so rather than leave the caller waiting.
      scope.add(() => settle(() => reject(new RequestError('unavailable', 'Closed'))));
      if (!client.connection.sendNow({ type: 'insights-get', ref, from, to })) settle(() => reject(new RequestError('unavailable', 'Not connected')));
    });
  }
}
