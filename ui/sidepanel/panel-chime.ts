import { signal } from '@preact/signals';
import type { NotificationSettings } from '../../protocol';
import { decideChime } from '../../models/chime-rules';
import { playChime } from '../../widget/chime';
import type { WorkspaceFrame } from '../../models/workspace-client';
import type { SoundResult } from '../../models/notification-test';

/** How long `Test notifications` waits for a held-back AudioContext to start before saying sound is blocked. */
const RESUME_WAIT_MS = 1_000;

export type ChimeDeps = {
  /** Where the agent's first click or key press is heard (the panel's document). */
  target: EventTarget;
  makeAudio?: () => AudioContext;
  now?: () => number;
};

/** The agent and settings a frame is judged against (read when it arrives). */
export type ChimeState = { meId: string | null; online: boolean; settings: NotificationSettings };

/**
 * The side panel's sound on new messages: a short soft chime made with WebAudio (no audio file),
 * for the events `decideChime` allows. Chrome lets a page start audio only after a user gesture, so
 * the AudioContext is made and resumed on the agent's first click or key press in the panel; until
 * then `ready` is false, nothing plays, and the background keeps the desktop notification's own sound.
 */
export class PanelChime {
  /** The AudioContext runs: a chime would be heard. The panel reports it to the background. */
  readonly ready = signal(false);
  private audio: AudioContext | null = null;
  private lastChimeAt: number | null = null;
  private readonly unlisten: () => void;

  constructor(private readonly deps: ChimeDeps) {
    const listening = new AbortController();
    for (const type of ['pointerdown', 'keydown']) deps.target.addEventListener(type, () => this.unlock(), { capture: true, signal: listening.signal });
    this.unlisten = () => listening.abort();
  }

  /** Called within a user gesture: makes (or wakes) the AudioContext, which the browser now allows. */
  unlock(): void {
    try {
      const ctx = (this.audio ??= this.makeAudio());
      ctx.onstatechange = () => (this.ready.value = ctx.state === 'running');
      if (ctx.state === 'running') this.ready.value = true;
      else ctx.resume().then(() => (this.ready.value = ctx.state === 'running'), () => {});
    } catch {
      // No WebAudio (blocked by policy): no chime, and the desktop notification keeps its sound.
      this.unlisten();
    }
  }

  /** A frame from the panel's workspace socket; returns whether it chimed. */
  frame(frame: WorkspaceFrame, state: ChimeState): boolean {
    if (frame.type !== 'notify') return false;
    const now = (this.deps.now ?? Date.now)();
    if (!decideChime(frame, { ...state, now, lastChimeAt: this.lastChimeAt }).chime) return false;
    if (!this.audio || !this.ready.peek()) return false; // no gesture yet: the browser would refuse
    this.lastChimeAt = now;
    playPanelChime(this.audio);
    return true;
  }

  /**
   * `Test notifications`: plays the chime now, whatever the settings say. Called inside the button's click, which
   * (like the first click anywhere in the panel) lets the AudioContext start; one that stays suspended is blocked.
   */
  async test(): Promise<SoundResult> {
    this.unlock();
    const ctx = this.audio;
    if (!ctx) return 'unavailable';
    if (ctx.state !== 'running') {
      // A context the browser holds back may neither start nor refuse: don't wait for it forever.
      await Promise.race([ctx.resume().catch(() => {}), new Promise((r) => setTimeout(r, RESUME_WAIT_MS))]);
    }
    if ((ctx.state as string) !== 'running') return 'blocked';
    this.ready.value = true;
    playPanelChime(ctx);
    return 'played';
  }

  dispose(): void {
    this.unlisten();
    this.audio?.close().catch(() => {});
    this.audio = null;
    this.ready.value = false;
  }

  private makeAudio(): AudioContext {
    return this.deps.makeAudio ? this.deps.makeAudio() : new AudioContext();
  }
}

/** The shared two-note chime (widget/chime.ts); a closed or broken context is silence, never an error in the panel. */
export function playPanelChime(ctx: AudioContext): void {
  try {
    playChime(ctx);
  } catch {
    /* silence */
  }
}
