import { browser } from 'wxt/browser';
import type { AgentStatus } from '../protocol';
import type { ChosenStatus, WorkspaceClient } from './workspace-client';

/** After how many idle minutes the browser sets the agent Away (storage.local; 0: never). */
export const IDLE_MINUTES_KEY = 'idleAwayMinutes';
/** True while the agent is Away because idle detection set it (storage.local: the worker may restart meanwhile). */
export const AUTO_AWAY_KEY = 'autoAway';
/** The choices the panel offers; 0 is "never". */
export const IDLE_MINUTE_CHOICES = [0, 5, 10, 15, 30, 60] as const;
export const DEFAULT_IDLE_MINUTES = 10;
/** Chrome's shortest detection interval. */
const MIN_INTERVAL_SEC = 15;

/** The browser's idle state (`idle.onStateChanged`); Firefox never says `locked`. */
export type IdleState = 'active' | 'idle' | 'locked';
export type IdleApi = {
  setDetectionInterval(seconds: number): void;
  queryState(seconds: number): Promise<IdleState>;
};

/** What the rule does: the status to set (null: none) and whether the agent is then Away by idleness. */
export type IdleDecision = { set: ChosenStatus | null; autoAway: boolean };

/**
 * Idle or locked: an Online agent goes Away, and we remember we did it. Active again: back to Online only if we
 * did it and they are still Away — a manual Away (chosen before, or after we set it) is never overridden, and a
 * status changed by hand meanwhile ends our claim. Nothing is decided for an agent we cannot see (offline).
 */
export function idleDecision(state: IdleState, status: AgentStatus, autoAway: boolean, minutes: number): IdleDecision {
  if (status === 'offline') return { set: null, autoAway };
  if (state === 'active') return autoAway && status === 'away' ? { set: 'online', autoAway: false } : { set: null, autoAway: false };
  if (minutes > 0 && status === 'online') return { set: 'away', autoAway: true };
  return { set: null, autoAway };
}

/** The stored number of minutes, within the choices (anything else: the default). */
export function idleMinutesOf(stored: unknown): number {
  return typeof stored === 'number' && (IDLE_MINUTE_CHOICES as readonly number[]).includes(stored) ? stored : DEFAULT_IDLE_MINUTES;
}

export const detectionSeconds = (minutes: number) => Math.max(MIN_INTERVAL_SEC, Math.round(minutes * 60));

type StatusClient = Pick<WorkspaceClient, 'agentStatus' | 'setStatus'>;

/**
 * The background's idle detection: the entrypoint forwards `idle.onStateChanged` here, and each (re)connection
 * asks the browser's state again (`reconcile`), since the worker may have slept through a change. Decisions run
 * one at a time, in the order the events came.
 */
export class IdleAway {
  private queue: Promise<void> = Promise.resolve();

  constructor(
    private readonly idle: IdleApi | undefined,
    private readonly client: () => StatusClient | null,
  ) {}

  /** Applies the stored number of minutes to the browser's detection (at start and when the panel changes it). */
  async configure(): Promise<void> {
    const minutes = await this.minutes();
    if (minutes > 0) this.idle?.setDetectionInterval(detectionSeconds(minutes));
  }

  /** An `idle.onStateChanged` event. */
  changed(state: IdleState): Promise<void> {
    return this.enqueue(async () => state);
  }

  /** The socket (re)connected: decide on the browser's state now. */
  reconcile(): Promise<void> {
    return this.enqueue(async (minutes) => this.idle?.queryState(detectionSeconds(minutes || DEFAULT_IDLE_MINUTES)) ?? 'active');
  }

  private enqueue(stateOf: (minutes: number) => Promise<IdleState>): Promise<void> {
    const run = async () => {
      const client = this.client();
      if (!client || client.agentStatus.peek() === 'offline') return; // the next welcome reconciles
      const minutes = await this.minutes();
      const state = await stateOf(minutes);
      const stored = await browser.storage.local.get(AUTO_AWAY_KEY);
      const autoAway = stored[AUTO_AWAY_KEY] === true;
      const decision = idleDecision(state, client.agentStatus.peek(), autoAway, minutes);
      if (decision.autoAway !== autoAway) await browser.storage.local.set({ [AUTO_AWAY_KEY]: decision.autoAway });
      if (decision.set) await client.setStatus(decision.set);
    };
    const next = this.queue.then(run).catch((e: unknown) => console.error('Baton: idle detection could not change the status', e));
    this.queue = next;
    return next;
  }

  private async minutes(): Promise<number> {
    const got = await browser.storage.local.get(IDLE_MINUTES_KEY);
    return idleMinutesOf(got[IDLE_MINUTES_KEY]);
  }
}
