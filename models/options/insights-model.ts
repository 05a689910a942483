import { computed, signal } from '@preact/signals-core';
import { Scope } from '../scope';
import type { WorkspaceClient } from '../workspace-client';
import type { Insights } from '../../protocol';
import { ask } from './crm-requests';
import { periodRange, type Period, type PeriodProblem } from './insights';

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
    return ask(this.client, { type: 'insights-get', from, to }, this.scope).then((f) => f.insights);
  }

}
