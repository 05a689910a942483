import { signal } from '@preact/signals';
import { playChime } from './chime';
import type { KeyValue } from './outbox';

/** Site-wide (localStorage is per origin): a visitor who muted the chat on one page expects silence on all. */
export const MUTE_KEY = 'baton:muted';

/**
 * What a live chat does to catch a visitor's attention when an agent writes and the visitor is not
 * looking: a soft chime (synthesized, no audio file) and an unread count in front of the host page's
 * title while the page is hidden. Both stay off otherwise: the host page's title is its own.
 */
export class Attention {
  readonly muted = signal(false);
  /** The page is in a background tab or minimized window: nothing arriving is seen. */
  readonly hidden = signal(false);
  private gesture = false;
  private audio: AudioContext | null = null;
  private unseen = 0;
  /** The host's title before we prefixed it, and what we set, to restore it exactly. */
  private original: string | null = null;
  private shown = '';
  private readonly off: (() => void)[] = [];

  constructor(
    private readonly storage: KeyValue,
    private readonly doc: Document = document,
  ) {
    try {
      this.muted.value = storage.getItem(MUTE_KEY) === '1';
    } catch {
      // Storage blocked: sounds on, for this page view.
    }
    this.hidden.value = doc.hidden;
    const listen = (target: EventTarget, type: string, fn: () => void) => {
      target.addEventListener(type, fn, true);
      this.off.push(() => target.removeEventListener(type, fn, true));
    };
    listen(doc, 'visibilitychange', () => this.visibility());
    // Browsers refuse audio before a user gesture; we do not even try, so nothing is logged on the host's console.
    const gestured = () => (this.gesture = true);
    for (const type of ['pointerdown', 'keydown']) listen(doc, type, gestured);
  }

  toggleMute(): void {
    const muted = !this.muted.value;
    this.muted.value = muted;
    try {
      if (muted) this.storage.setItem(MUTE_KEY, '1');
      else this.storage.removeItem(MUTE_KEY);
    } catch {
      // Storage blocked: the choice lasts for this page view.
    }
  }

  /** `count` agent messages just arrived live (never a replay); `minimized` when the window is closed. */
  arrive(count: number, minimized: boolean): void {
    if (count < 1) return;
    const hidden = this.doc.hidden;
    if (hidden) this.prefixTitle(count);
    if ((minimized || hidden) && !this.muted.value && this.activated()) this.chime();
  }

  dispose(): void {
    for (const off of this.off.splice(0)) off();
    this.restoreTitle();
  }

  private activated(): boolean {
    // The click on the launcher happened in the loader, before this bundle listened: the browser remembers it.
    return this.gesture || (navigator as Navigator & { userActivation?: { hasBeenActive: boolean } }).userActivation?.hasBeenActive === true;
  }

  private visibility(): void {
    this.hidden.value = this.doc.hidden;
    if (!this.doc.hidden) this.restoreTitle();
  }

  private prefixTitle(count: number): void {
    const doc = this.doc;
    // The host changed its title meanwhile (a single-page app navigating): that is the new base.
    if (this.original === null || doc.title !== this.shown) {
      this.original = doc.title;
      this.unseen = 0;
    }
    this.unseen += count;
    doc.title = this.shown = `(${this.unseen}) ${this.original}`;
  }

  private restoreTitle(): void {
    // Only if the title is still ours: a title the host set meanwhile is left alone.
    if (this.original !== null && this.doc.title === this.shown) this.doc.title = this.original;
    this.original = null;
    this.unseen = 0;
  }

  /** Two soft sine notes, each with a quick attack and an exponential fade: a gentle "ding-dong". */
  private chime(): void {
    try {
      const ctx = (this.audio ??= new AudioContext());
      // A context made or left idle in the background may be suspended; a past gesture lets it resume.
      if (ctx.state === 'suspended') ctx.resume().catch(() => {});
      playChime(ctx);
    } catch {
      // No WebAudio (old browser, blocked by policy): the visitor still has the badge and the title.
    }
  }
}
