// @vitest-environment happy-dom
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { Attention, MUTE_KEY } from '../../../widget/attention';
import { FakeAudioContext, gesture, setPageHidden, stubAudio } from '../../helpers/widget-audio';
import { MemoryStorage } from '../../helpers/widget-fake-room';

let chimes: () => number;
const made: Attention[] = [];
const attention = (storage = new MemoryStorage()) => {
  const a = new Attention(storage);
  made.push(a);
  return a;
};

beforeEach(() => {
  chimes = stubAudio();
  setPageHidden(false);
  document.title = 'Bikes for bakeries — Pedal & Co';
});

afterEach(() => {
  for (const a of made.splice(0)) a.dispose();
  setPageHidden(false);
  vi.unstubAllGlobals();
});

describe('Attention: the chime', () => {
  it('stays silent before any user gesture, then chimes once per arrival while minimized', () => {
    const a = attention();
    a.arrive(1, true);
    expect(chimes()).toBe(0);
    expect(FakeAudioContext.made).toEqual([]); // not even a context: the browser would warn on the host's console
    gesture();
    a.arrive(2, true);
    expect(chimes()).toBe(1);
    a.arrive(1, true);
    expect(chimes()).toBe(2);
    expect(FakeAudioContext.made).toHaveLength(1); // one context, reused
  });

  it('is short and soft: sine notes with a quiet peak that fade out within half a second', () => {
    const a = attention();
    gesture();
    a.arrive(1, true);
    const notes = FakeAudioContext.made[0]!.started;
    expect(notes.length).toBeGreaterThan(0);
    for (const note of notes) {
      const peak = Math.max(...note.envelope.map(([, v]) => v));
      expect(peak).toBeLessThanOrEqual(0.2);
      expect(note.envelope.at(-1)![1]).toBeLessThan(0.001);
      expect(note.stop - note.at).toBeLessThanOrEqual(0.5);
      expect(note.envelope[0]![2]).toBe(note.at); // the envelope starts with the note, silent
      expect(note.envelope[0]![1]).toBeLessThan(0.001);
    }
    expect(Math.max(...notes.map((n) => n.stop)) - 10).toBeLessThan(1);
  });

  it('does not chime while the window is open on a visible page, but does when the page is hidden', () => {
    const a = attention();
    gesture();
    a.arrive(1, false);
    expect(chimes()).toBe(0);
    setPageHidden(true);
    a.arrive(1, false);
    expect(chimes()).toBe(1);
  });

  it('resumes a suspended context and survives a browser without WebAudio', () => {
    const a = attention();
    gesture();
    a.arrive(1, true);
    const ctx = FakeAudioContext.made[0]!;
    ctx.state = 'suspended';
    a.arrive(1, true);
    expect(ctx.state).toBe('running');
    vi.stubGlobal('AudioContext', undefined);
    const b = attention();
    expect(() => b.arrive(1, true)).not.toThrow();
  });
});

describe('Attention: mute', () => {
  it('is remembered in localStorage and silences the chime', () => {
    const storage = new MemoryStorage();
    const a = attention(storage);
    gesture();
    expect(a.muted.value).toBe(false);
    a.toggleMute();
    expect(storage.getItem(MUTE_KEY)).toBe('1');
    a.arrive(1, true);
    expect(chimes()).toBe(0);
    const reloaded = attention(storage);
    expect(reloaded.muted.value).toBe(true);
    gesture(); // a new page view needs its own gesture
    reloaded.toggleMute();
    expect(storage.getItem(MUTE_KEY)).toBeNull();
    reloaded.arrive(1, true);
    expect(chimes()).toBe(1);
  });

  it('works with storage blocked', () => {
    const blocked = { getItem: () => { throw new Error('SecurityError'); }, setItem: () => { throw new Error('SecurityError'); }, removeItem: () => {} };
    const a = attention(blocked as never);
    expect(a.muted.value).toBe(false);
    a.toggleMute();
    expect(a.muted.value).toBe(true);
  });
});

describe('Attention: the page title', () => {
  const host = 'Bikes for bakeries — Pedal & Co';

  it('prefixes the unread count while hidden and restores the exact title on return', () => {
    const a = attention();
    setPageHidden(true);
    a.arrive(1, false);
    expect(document.title).toBe(`(1) ${host}`);
    a.arrive(1, true);
    expect(document.title).toBe(`(2) ${host}`);
    setPageHidden(false);
    expect(document.title).toBe(host);
    // A new absence counts from one again.
    setPageHidden(true);
    a.arrive(3, true);
    expect(document.title).toBe(`(3) ${host}`);
    setPageHidden(false);
    expect(document.title).toBe(host);
  });

  it('leaves the title alone while the page is visible', () => {
    const a = attention();
    a.arrive(2, true);
    expect(document.title).toBe(host);
  });

  it('keeps a title the host set meanwhile', () => {
    const a = attention();
    setPageHidden(true);
    a.arrive(1, true);
    document.title = 'Checkout — Pedal & Co'; // a single-page app navigated in the background
    a.arrive(1, true);
    expect(document.title).toBe('(1) Checkout — Pedal & Co');
    document.title = 'Order placed';
    setPageHidden(false);
    expect(document.title).toBe('Order placed');
  });

  it('restores the title when disposed', () => {
    const a = attention();
    setPageHidden(true);
    a.arrive(1, true);
    a.dispose();
    expect(document.title).toBe(host);
  });
});
