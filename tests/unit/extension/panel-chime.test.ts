import { describe, expect, it, vi } from 'vitest';
import { defaultNotificationSettings } from '../../../protocol';
import { PanelChime, type ChimeState } from '../../../ui/sidepanel/panel-chime';
import type { NotifyFrame, WorkspaceFrame } from '../../../models/workspace-client';
import { FakeAudioContext } from '../../helpers/widget-audio';
import { settle, summary, welcome } from '../../helpers/extension-fixtures';

const me = { id: 'a1', name: 'Ada' };
const message: NotifyFrame = { type: 'notify', event: 'new-message', conversation: summary({ id: 'c3', status: 'active', assignee: me }), text: 'Hi' };
const state = (sound = true): ChimeState => ({ meId: 'a1', online: true, settings: { ...defaultNotificationSettings(), sound } });

function setup() {
  const target = new EventTarget();
  let now = 50_000;
  const made: FakeAudioContext[] = [];
  const chime = new PanelChime({
    target,
    now: () => now,
    makeAudio: () => {
      const ctx = new FakeAudioContext();
      ctx.state = 'suspended'; // as Chrome makes it before the page is allowed sound
      made.push(ctx);
      return ctx as unknown as AudioContext;
    },
  });
  const notes = () => made.reduce((n, c) => n + c.started.length, 0);
  return { chime, target, made, notes, tick: (ms: number) => (now += ms) };
}

describe('the side panel chime', () => {
  it('plays nothing before the first click or key press, then resumes the AudioContext on it', async () => {
    const { chime, target, made, notes } = setup();
    expect(chime.frame(message, state())).toBe(false);
    expect(made).toHaveLength(0);
    expect(chime.ready.value).toBe(false);

    target.dispatchEvent(new Event('keydown'));
    await settle();
    expect(made).toHaveLength(1);
    expect(made[0]!.state).toBe('running');
    expect(chime.ready.value).toBe(true);
    expect(chime.frame(message, state())).toBe(true);
    expect(notes()).toBe(2); // two soft notes
    expect(made[0]!.started.map((s) => s.freq)).toEqual([880, 660]);
  });

  it('chimes once per 2 s, never for a welcome, and not with sound off', async () => {
    const { chime, target, notes, tick } = setup();
    target.dispatchEvent(new Event('pointerdown'));
    await settle();
    expect(chime.frame(welcome() as WorkspaceFrame, state())).toBe(false);
    expect(chime.frame(message, state(false))).toBe(false);
    expect(chime.frame(message, state())).toBe(true);
    tick(500);
    expect(chime.frame(message, state())).toBe(false);
    tick(1_500);
    expect(chime.frame(message, state())).toBe(true);
    expect(notes()).toBe(4);
  });

  it('dispose stops listening and is no longer ready', async () => {
    const { chime, target, made } = setup();
    chime.dispose();
    target.dispatchEvent(new Event('keydown'));
    await settle();
    expect(made).toHaveLength(0);
    expect(chime.ready.value).toBe(false);
  });
});

describe('the side panel chime: Test notifications', () => {
  it('plays now, inside the click, whatever the Sound setting (and readies the panel for real chimes)', async () => {
    const { chime, made, notes } = setup();
    expect(await chime.test()).toBe('played');
    expect(made).toHaveLength(1);
    expect(notes()).toBe(2);
    expect(chime.ready.value).toBe(true);
  });

  it('says blocked when the browser keeps the AudioContext suspended (refused, or never answering)', async () => {
    const refused = new PanelChime({
      target: new EventTarget(),
      makeAudio: () => Object.assign(new FakeAudioContext(), { state: 'suspended', resume: () => Promise.reject(new Error('not allowed')) }) as unknown as AudioContext,
    });
    expect(await refused.test()).toBe('blocked');

    vi.useFakeTimers();
    try {
      const silent = new PanelChime({
        target: new EventTarget(),
        makeAudio: () => Object.assign(new FakeAudioContext(), { state: 'suspended', resume: () => new Promise(() => {}) }) as unknown as AudioContext,
      });
      const result = silent.test();
      await vi.advanceTimersByTimeAsync(1_000);
      expect(await result).toBe('blocked');
      expect(silent.ready.value).toBe(false);
    } finally {
      vi.useRealTimers();
    }
  });

  it('says unavailable when there is no WebAudio at all', async () => {
    const none = new PanelChime({
      target: new EventTarget(),
      makeAudio: () => {
        throw new Error('AudioContext is not defined');
      },
    });
    expect(await none.test()).toBe('unavailable');
  });
});
