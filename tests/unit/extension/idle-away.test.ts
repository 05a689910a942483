import { beforeEach, describe, expect, it } from 'vitest';
import { signal } from '@preact/signals';
import { fakeBrowser } from 'wxt/testing/fake-browser';
import type { AgentStatus } from '../../../protocol';
import { AUTO_AWAY_KEY, IDLE_MINUTES_KEY, IdleAway, idleDecision, type IdleApi, type IdleState } from '../../../models/idle-away';
import { StatusPrefs } from '../../../models/status-prefs';
import type { ChosenStatus } from '../../../models/workspace-client';

/** The browser's idle API, driven by the test: `state` is what queryState answers; intervals are recorded. */
function fakeIdle(state: IdleState = 'active') {
  const api = {
    state,
    intervals: [] as number[],
    setDetectionInterval: (s: number) => void api.intervals.push(s),
    queryState: async () => api.state,
  };
  return api satisfies IdleApi;
}

/** The agent as the room has them, and every status the model asked for (the room says ok at once). */
function fakeAgent(status: AgentStatus) {
  const agentStatus = signal<AgentStatus>(status);
  const asked: ChosenStatus[] = [];
  return {
    agentStatus,
    asked,
    setStatus: async (s: ChosenStatus) => {
      asked.push(s);
      agentStatus.value = s;
    },
  };
}

const autoAway = async () => (await fakeBrowser.storage.local.get(AUTO_AWAY_KEY))[AUTO_AWAY_KEY];

beforeEach(() => fakeBrowser.reset());

describe('idleDecision', () => {
  it('idle or locked: Online goes Away (ours); Away by hand stays as it is', () => {
    expect(idleDecision('idle', 'online', false, 10)).toEqual({ set: 'away', autoAway: true });
    expect(idleDecision('locked', 'online', false, 10)).toEqual({ set: 'away', autoAway: true });
    expect(idleDecision('idle', 'away', false, 10)).toEqual({ set: null, autoAway: false });
    expect(idleDecision('idle', 'away', true, 10)).toEqual({ set: null, autoAway: true });
  });

  it('active again: back Online only if idleness set the Away, which ends there', () => {
    expect(idleDecision('active', 'away', true, 10)).toEqual({ set: 'online', autoAway: false });
    expect(idleDecision('active', 'away', false, 10)).toEqual({ set: null, autoAway: false });
    // Changed by hand meanwhile (Online from another device): nothing to undo, the claim ends.
    expect(idleDecision('active', 'online', true, 10)).toEqual({ set: null, autoAway: false });
  });

  it('"Never" sets nobody Away, but still brings back one it had set; offline decides nothing', () => {
    expect(idleDecision('idle', 'online', false, 0)).toEqual({ set: null, autoAway: false });
    expect(idleDecision('active', 'away', true, 0)).toEqual({ set: 'online', autoAway: false });
    expect(idleDecision('idle', 'offline', false, 10)).toEqual({ set: null, autoAway: false });
    expect(idleDecision('active', 'offline', true, 10)).toEqual({ set: null, autoAway: true });
  });
});

describe('IdleAway (fake idle events)', () => {
  it('Online → idle → Away → active → Online again', async () => {
    const agent = fakeAgent('online');
    const idle = new IdleAway(fakeIdle(), () => agent);
    await idle.changed('idle');
    expect(agent.asked).toEqual(['away']);
    expect(await autoAway()).toBe(true);
    await idle.changed('active');
    expect(agent.asked).toEqual(['away', 'online']);
    expect(await autoAway()).toBe(false);
  });

  it('a screen locked counts as idle', async () => {
    const agent = fakeAgent('online');
    await new IdleAway(fakeIdle(), () => agent).changed('locked');
    expect(agent.agentStatus.value).toBe('away');
  });

  it('never overrides a manual Away: chosen before going idle', async () => {
    const agent = fakeAgent('away');
    const idle = new IdleAway(fakeIdle(), () => agent);
    await idle.changed('idle');
    await idle.changed('active');
    expect(agent.asked).toEqual([]);
    expect(agent.agentStatus.value).toBe('away');
  });

  it('never overrides a manual Away: chosen in the panel while idleness had set it', async () => {
    const agent = fakeAgent('online');
    const idle = new IdleAway(fakeIdle(), () => agent);
    await idle.changed('idle');
    // The agent comes back and picks Away in the panel before the browser's "active" reaches the worker.
    await new StatusPrefs().choose(agent, 'away');
    await idle.changed('active');
    expect(agent.asked).toEqual(['away', 'away']);
    expect(agent.agentStatus.value).toBe('away');
  });

  it('"Never" (0 minutes) leaves an idle agent Online and sets no detection interval', async () => {
    await fakeBrowser.storage.local.set({ [IDLE_MINUTES_KEY]: 0 });
    const agent = fakeAgent('online');
    const api = fakeIdle();
    const idle = new IdleAway(api, () => agent);
    await idle.configure();
    await idle.changed('idle');
    expect(agent.asked).toEqual([]);
    expect(api.intervals).toEqual([]);
  });

  it('the detection interval follows the stored minutes (10 by default; Chrome’s 15 s at least)', async () => {
    const api = fakeIdle();
    const idle = new IdleAway(api, () => null);
    await idle.configure();
    await fakeBrowser.storage.local.set({ [IDLE_MINUTES_KEY]: 5 });
    await idle.configure();
    // Something else stored there (an older build, a hand edit): the default.
    await fakeBrowser.storage.local.set({ [IDLE_MINUTES_KEY]: 7 });
    await idle.configure();
    expect(api.intervals).toEqual([600, 300, 600]);
  });

  it('an agent the worker cannot see yet (offline) is left alone; the next welcome asks the browser’s state', async () => {
    const agent = fakeAgent('offline');
    const api = fakeIdle('idle');
    const idle = new IdleAway(api, () => agent);
    await idle.changed('idle');
    expect(agent.asked).toEqual([]);
    agent.agentStatus.value = 'online'; // the welcome came
    await idle.reconcile();
    expect(agent.asked).toEqual(['away']);
    // Back at the keyboard while the worker slept: the next welcome brings them back.
    api.state = 'active';
    await idle.reconcile();
    expect(agent.asked).toEqual(['away', 'online']);
  });

  it('decisions run one at a time, in the order the events came', async () => {
    const agent = fakeAgent('online');
    const idle = new IdleAway(fakeIdle(), () => agent);
    await Promise.all([idle.changed('idle'), idle.changed('active'), idle.changed('idle')]);
    expect(agent.asked).toEqual(['away', 'online', 'away']);
  });
});
