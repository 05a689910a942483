import { describe, expect, it } from 'vitest';
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
