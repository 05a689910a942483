import type { Clock } from '../ports';

export type Presence = { visitor: 'here' | 'away'; since: number | null };

/**
 * Whether the visitor has the site open (a widget socket), for agents. `away` only after a grace period,
 * so moving between pages of the site (the widget reconnects) does not flicker. `changed` is told each change.
 */
export class VisitorPresence {
  state: Presence = { visitor: 'away', since: null };
  private timer: unknown = null;

  constructor(
    private clock: Clock,
    private graceMs: number,
    private changed: (p: Presence) => void,
  ) {}

  /** Called whenever a visitor socket joins or leaves, with whether any is left. */
  update(visitorConnected: boolean) {
    if (visitorConnected) {
      if (this.timer !== null) this.clock.clearTimeout(this.timer);
      this.timer = null;
      if (this.state.visitor !== 'here') this.set({ visitor: 'here', since: this.clock.now() });
      return;
    }
    if (this.state.visitor === 'away' || this.timer !== null) return;
    const leftAt = this.clock.now();
    this.timer = this.clock.setTimeout(() => {
      this.timer = null;
      this.set({ visitor: 'away', since: leftAt });
    }, this.graceMs);
  }

  private set(p: Presence) {
    this.state = p;
    this.changed(p);
  }
}
