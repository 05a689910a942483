import type { Storage } from '../ports';

/**
 * A room has one storage alarm; the workspace room has several reasons to wake (the CRM queue's retries, the
 * retention sweep). Each says when it wants to wake; the alarm is set to the earliest. Kept in memory only:
 * each owner says again at start (partykit dev forgets alarms over a restart, so the room re-arms them).
 */
export class Alarms<Name extends string> {
  private wanted = new Map<Name, number>();

  constructor(private storage: Pick<Storage, 'setAlarm' | 'deleteAlarm'>) {}

  async want(name: Name, at: number | null): Promise<void> {
    if (at === null) this.wanted.delete(name);
    else this.wanted.set(name, at);
    const next = this.next();
    if (next === null) await this.storage.deleteAlarm();
    else await this.storage.setAlarm(next);
  }

  next(): number | null {
    let at = Infinity;
    for (const t of this.wanted.values()) at = Math.min(at, t);
    return at === Infinity ? null : at;
  }

  /** The alarm fired: what was due is forgotten (each owner says again if it still wants to wake). */
  fired(now: number) {
    for (const [name, at] of this.wanted) if (at <= now) this.wanted.delete(name);
  }

  /** Sets the alarm to what is still wanted (after the owners had their turn). */
  async rearm() {
    const next = this.next();
    if (next !== null) await this.storage.setAlarm(next);
  }

  /** Whether `name` wanted to wake by `now` (an alarm fires for the earliest; the others may not be due). */
  due(name: Name, now: number): boolean {
    const at = this.wanted.get(name);
    return at !== undefined && at <= now;
  }
}

/** The storage as one alarm owner sees it: its alarm calls go through `want` (the other owners keep theirs). */
export function withAlarm(storage: Storage, want: (at: number | null) => Promise<void>): Storage {
  return {
    get: storage.get.bind(storage),
    put: storage.put.bind(storage),
    delete: storage.delete.bind(storage),
    list: storage.list.bind(storage),
    getAlarm: storage.getAlarm.bind(storage),
    setAlarm: (at: number) => want(at),
    deleteAlarm: () => want(null),
  } as Storage;
}
