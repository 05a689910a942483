import { vi } from 'vitest';

/**
 * A stand-in for WebAudio's AudioContext that records what the widget plays: every oscillator
 * started, with its frequency and its gain envelope. Install it with `stubAudio()`.
 */
export class FakeAudioContext {
  static made: FakeAudioContext[] = [];
  state: AudioContextState = 'running';
  currentTime = 10;
  readonly destination = { node: 'destination' };
  readonly started: { freq: number; at: number; stop: number; envelope: [string, number, number][] }[] = [];

  constructor() {
    FakeAudioContext.made.push(this);
  }

  createGain() {
    const envelope: [string, number, number][] = [];
    const node = {
      envelope,
      gain: {
        setValueAtTime: (v: number, t: number) => void envelope.push(['set', v, t]),
        exponentialRampToValueAtTime: (v: number, t: number) => void envelope.push(['ramp', v, t]),
      },
      connect: (to: unknown) => to,
    };
    return node;
  }

  createOscillator() {
    const osc = {
      type: 'sine',
      frequency: { value: 440 },
      gain: null as null | { envelope: [string, number, number][] },
      connect: (to: { envelope: [string, number, number][] }) => ((osc.gain = to), to),
      start: (at: number) => void this.started.push({ freq: osc.frequency.value, at, stop: NaN, envelope: osc.gain?.envelope ?? [] }),
      stop: (at: number) => void (this.started.at(-1)!.stop = at),
    };
    return osc;
  }

  async resume() {
    this.state = 'running';
  }
}

/** Installs the fake AudioContext globally; returns how many chimes (first notes) were played so far. */
export function stubAudio(): () => number {
  FakeAudioContext.made = [];
  vi.stubGlobal('AudioContext', FakeAudioContext);
  // The clock stands still, so every chime's first note starts at `currentTime`.
  return () => FakeAudioContext.made.reduce((n, c) => n + c.started.filter((s) => s.at === c.currentTime).length, 0);
}

/** Makes the page hidden (background tab) or visible again, firing visibilitychange as browsers do. */
export function setPageHidden(hidden: boolean) {
  Object.defineProperty(document, 'hidden', { configurable: true, get: () => hidden });
  Object.defineProperty(document, 'visibilityState', { configurable: true, get: () => (hidden ? 'hidden' : 'visible') });
  document.dispatchEvent(new Event('visibilitychange'));
}

/** A user gesture: the browser would now let the page start audio. */
export function gesture() {
  document.dispatchEvent(new Event('pointerdown', { bubbles: true }));
}
