import { signal } from '@preact/signals-core';
import { browser } from 'wxt/browser';
import { AUTO_AWAY_KEY, DEFAULT_IDLE_MINUTES, IDLE_MINUTES_KEY, idleMinutesOf } from './idle-away';
import { Scope } from './scope';
import type { ChosenStatus, WorkspaceClient } from './workspace-client';

/**
 * The side panel's view of idle detection (which runs in the background, models/idle-away.ts): after how many
 * idle minutes the agent goes Away, and whether they are Away because of it. Both live in storage.local, which
 * the background reads and the panel follows.
 */
export class StatusPrefs {
  readonly idleMinutes = signal(DEFAULT_IDLE_MINUTES);
  /** Away because the browser was idle (back to Online by itself when the agent returns). */
  readonly autoAway = signal(false);
  private readonly scope = new Scope();

  constructor() {
    const changed = (changes: Record<string, { newValue?: unknown }>, area: string) => {
      if (area !== 'local') return;
      if (IDLE_MINUTES_KEY in changes) this.idleMinutes.value = idleMinutesOf(changes[IDLE_MINUTES_KEY]!.newValue);
      if (AUTO_AWAY_KEY in changes) this.autoAway.value = changes[AUTO_AWAY_KEY]!.newValue === true;
    };
    browser.storage.onChanged.addListener(changed);
    this.scope.add(() => browser.storage.onChanged.removeListener(changed));
  }

  /** Reads what is stored (once, at start). */
  async load(): Promise<void> {
    const got = await browser.storage.local.get([IDLE_MINUTES_KEY, AUTO_AWAY_KEY]);
    if (this.scope.disposed) return;
    this.idleMinutes.value = idleMinutesOf(got[IDLE_MINUTES_KEY]);
    this.autoAway.value = got[AUTO_AWAY_KEY] === true;
  }

  async setIdleMinutes(minutes: number): Promise<void> {
    this.idleMinutes.value = idleMinutesOf(minutes);
    await browser.storage.local.set({ [IDLE_MINUTES_KEY]: this.idleMinutes.value });
  }

  /**
   * The agent chose a status by hand: idle detection no longer owns it (a manual Away stays Away when they come
   * back). The flag is dropped before the room is asked, so the background cannot undo the choice in between.
   */
  async choose(ws: Pick<WorkspaceClient, 'setStatus'>, status: ChosenStatus): Promise<void> {
    this.autoAway.value = false;
    await browser.storage.local.set({ [AUTO_AWAY_KEY]: false });
    await ws.setStatus(status);
  }

  dispose(): void {
    this.scope.dispose();
  }
}
